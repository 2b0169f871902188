# Attack 3: items against scales. The lone respondent answered one item of
# scale a (below min_answered): sum of item n*mean - k * scale n*mean is
# their answer, when the item means are published.
import json, sys
st = json.load(open(sys.argv[1]))
sc = next(s for s in st["scales"] if s["id"] == "a")
if any(i["mean"] is None for i in sc["items"]) or sc["mean"] is None:
    print("blocked")
else:
    k = len(sc["items"])
    print("leaked: %.4f" % (sum(i["n"] * i["mean"] for i in sc["items"]) - k * sc["n"] * sc["mean"]))
