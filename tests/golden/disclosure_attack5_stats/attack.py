# Attack 5: stats publishes the organisation and the visible teams; the
# organisation minus team A is team B's 3 people.
import json, sys
st = json.load(open(sys.argv[1]))
teams = {t["team"]: t for t in st["teams"]}
for sc in st["scales"]:
    a = [x for x in teams["Org/A"]["scales"] if x["id"] == sc["id"]]
    if not a or a[0]["mean"] is None or sc["mean"] is None:
        print("scale %s blocked (Org/A %s)" % (sc["id"], teams["Org/A"].get("suppressed_reason")))
    else:
        print("scale %s leaked: %.4f" % (sc["id"], (sc["n"] * sc["mean"] - a[0]["n"] * a[0]["mean"]) / 3))
