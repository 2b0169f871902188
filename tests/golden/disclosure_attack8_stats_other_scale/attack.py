# Team A is hidden (3 of its 10 scored on scale b). On scale a every
# scored respondent is in A, B or C, so if B and C were shown there,
# Org - B - C would give A's mean on a.
import json
import sys
d = json.load(sys.stdin)
teams = {t["team"]: t for t in d["teams"]}
org = {s["id"]: (s["n"], s["mean"]) for s in d["scales"]}
shown = [t for t in ("Org/B", "Org/C") if not teams[t]["suppressed"]]
print("Org/A %s" % ("hidden" if teams["Org/A"]["suppressed"] else "shown"))
if len(shown) == 2 and teams["Org/A"]["suppressed"]:
    n, m = org["a"]
    rest = sum(teams[t]["scales"][0]["n"] * teams[t]["scales"][0]["mean"] for t in shown)
    print("scale a leaked: A's mean %.4f" % ((n * m - rest) / (n - 20)))
else:
    print("scale a blocked")
