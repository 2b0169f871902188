"""`sdtscore progress`: each group's responses, headcount, response rate
and "needed" against counts worked here from the raw response file and the
headcount file.

Worked here: a group is every path prefix of a team in the responses or the
headcount file ("Org", "Org/D1", "Org/D1/T1"); its responses are the rows
whose team is the path or below it; its headcount the file's count for the
path, else the sum of its children's; rate = responses / headcount; needed
= max(0, min_group - responses). "protected" may be true only for a group
that has reached the threshold. A group with more responses than its
headcount is warned about on standard error.

No score: the JSON holds only the documented keys, and the table no decimal
number and no team's mean (worked here) in any form."""
import json
import os
import random
import re
import tempfile

from sdtcheck import finish, report, run

rng = random.Random(1805)
ITEMS = ["q%d" % i for i in range(1, 19)]
SIZES = {"Org/D1/T1": 7, "Org/D1/T2": 3, "Org/D1/T3": 12, "Org/D2/T4": 5, "Org/D2/T5": 1,
         "Org/D2/Sub/T6": 9, "Org/D3": 4}
HEADCOUNT = {"Org/D1/T1": 8, "Org/D1/T2": 6, "Org/D1/T3": 10, "Org/D2/T4": 9, "Org/D2/T5": 4,
             "Org/D2/Sub/T6": 11, "Org/D3": 6, "Org/D4/T7": 5}

tmp = tempfile.mkdtemp()
rows = []
for team, n in SIZES.items():
    for k in range(n):
        rows.append((team, [rng.randint(1, 5) if rng.random() > 0.1 else None for _ in ITEMS]))
rng.shuffle(rows)
data = os.path.join(tmp, "wave.csv")
with open(data, "w") as f:
    f.write("id,team," + ",".join(ITEMS) + "\n")
    for k, (team, ans) in enumerate(rows):
        f.write("p%03d,%s,%s\n" % (k, team, ",".join("" if a is None else str(a) for a in ans)))
hc = os.path.join(tmp, "headcount.csv")
with open(hc, "w") as f:
    f.write("team,headcount\n" + "".join("%s,%d\n" % kv for kv in HEADCOUNT.items()))

paths = set()
for team in list(SIZES) + list(HEADCOUNT):
    parts = team.split("/")
    for k in range(1, len(parts) + 1):
        paths.add("/".join(parts[:k]))


def responses(path):
    return sum(1 for team, _ in rows if team == path or team.startswith(path + "/"))


def headcount(path):
    if path in HEADCOUNT:
        return HEADCOUNT[path]
    kids = [p for p in paths if p.startswith(path + "/") and p.count("/") == path.count("/") + 1]
    return sum(headcount(k) for k in kids)


KEYS = {"group", "depth", "responses", "headcount", "rate", "needed", "protected",
        "over_headcount"}
for min_group in (5, 3, 10):
    p = run("progress", "-q", "-i", "learning-leadership-pulse", "--headcount", hc,
            "--min-group", str(min_group), "--format", "json", data)
    doc = json.loads(p.stdout)
    probs = []
    got = {g["group"]: g for g in doc["groups"]}
    if set(got) != paths:
        probs.append("groups %s, expected %s" % (sorted(got), sorted(paths)))
    if set(doc) != {"min_group", "groups"} or doc["min_group"] != min_group:
        probs.append("top level %s" % sorted(doc))
    for path in sorted(paths & set(got)):
        g = got[path]
        r, h = responses(path), headcount(path)
        want = {"responses": r, "headcount": h or None, "needed": max(0, min_group - r),
                "depth": path.count("/")}
        for k, v in want.items():
            if g[k] != v:
                probs.append("%s %s %r, expected %r" % (path, k, g[k], v))
        if h and abs(g["rate"] - r / h) > 1e-12:
            probs.append("%s rate %r, expected %r" % (path, g["rate"], r / h))
        if g["over_headcount"] != (h > 0 and r > h):
            probs.append("%s over_headcount %r" % (path, g["over_headcount"]))
        if g["protected"] and r < min_group:
            probs.append("%s protected under the threshold" % path)
        if set(g) != KEYS:
            probs.append("%s keys %s" % (path, sorted(g)))
    over = sorted(path for path in paths if headcount(path) and responses(path) > headcount(path))
    for path in over:
        if "%s: %d responses, more than its headcount %d" % (
                path, responses(path), headcount(path)) not in p.stderr:
            probs.append("no warning for %s" % path)
    if not over:
        probs.append("the data must have a group over its headcount")
    report("progress/json/min_group=%d" % min_group, probs)

# the data exercise the rule: a team at 0 responses, teams short of the
# threshold and over it, a department of its own members
probs = []
if responses("Org/D4/T7") != 0 or not any(0 < responses(t) < 5 for t in SIZES):
    probs.append("crafted data lost a case")
report("progress/data-cover-the-rule", probs)

# the table: the same figures, and no score of any kind
p = run("progress", "-q", "-i", "learning-leadership-pulse", "--headcount", hc, data)
probs = []
lines = {}
for line in p.stdout.splitlines()[1:]:
    m = re.match(r"\s*(\S+)\s+(\d+)\s+(\d+|-)\s+(\d+%|-)\s+(\d+)", line)
    if m:
        lines[m.group(1)] = m.groups()
if set(lines) != paths:
    probs.append("table groups %s" % sorted(lines))
for path, (_, r, h, rate, need) in lines.items():
    want = (responses(path), headcount(path), max(0, 5 - responses(path)))
    if (int(r), int(h), int(need)) != want:
        probs.append("%s %s %s %s, expected %s" % (path, r, h, need, want))
    if rate != "%.0f%%" % (100.0 * want[0] / want[1]):
        probs.append("%s rate %s" % (path, rate))
if re.search(r"\d[.,]\d", p.stdout):
    probs.append("a decimal number in the table: %s" % re.search(r".*\d[.,]\d.*", p.stdout).group(0))
# every team's mean on every scale, worked here: none may appear
inst = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "instruments",
                                   "learning-leadership-pulse.json")))
idx = {q: k for k, q in enumerate(ITEMS)}
for team in SIZES:
    for sc in inst["scales"]:
        scores = []
        for t, ans in rows:
            if t != team:
                continue
            xs = [ans[idx[q]] for q in sc["items"] if ans[idx[q]] is not None]
            if len(xs) >= sc["min_answered"]:
                scores.append(sum(xs) / len(xs))
        if scores:
            m = sum(scores) / len(scores)
            for text in ("%.2f" % m, "%.1f" % m, repr(m)):
                if "." in text and text in p.stdout:
                    probs.append("%s %s mean %s printed" % (team, sc["id"], text))
report("progress/table", probs)

# without --headcount: a usage error (the rate and unanswered teams come from it)
p = run("progress", "-i", "learning-leadership-pulse", data, check=False)
report("progress/needs-headcount", [] if p.returncode == 2 and "--headcount" in p.stderr
       else ["exit %d: %s" % (p.returncode, p.stderr)])
finish()
