"""`sdtscore stats`: the organisation's item means on crafted data, against
the rule of engine/stats/stats_protect.c worked out here from the counts.

One scale of three items (1..5, min_answered 1) answered by 10 people
without a team. Item means and the scale mean are over different people:
an item's sum minus the scale's isolates the people who answered some but
not all items. With E = (sum of the items' n) - 3 * (n answering all
three), those are at least ceil(E / 2) people (each skips one or two).
  - an item answered by 1..4 people: the scale is hidden as a whole
    ("min_group"), its mean and every item mean null;
  - 0 < ceil(E / 2) < 5: item means hidden ("protection"), the scale shown;
  - ceil(E / 2) >= 5: everything shown.
Shown means are checked against the means computed here."""
import csv
import json
import math
import os
import tempfile

from sdtcheck import close, finish, report, run

INST = {"format": "sdtscore-instrument/1", "id": "sp", "version": "1",
        "response_scale": {"min": 1, "max": 5},
        "items": [{"id": i, "reverse": False} for i in ("i1", "i2", "i3")],
        "scales": [{"id": "s", "items": ["i1", "i2", "i3"], "min_answered": 1}]}
ANSWERS = [[1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 1], [5, 1, 2],
           [1, 3, 5], [2, 4, 1], [3, 5, 2], [4, 1, 3], [5, 2, 4]]


def case(tmp, name, skip):
    """skip: {respondent index: [item indexes left unanswered]}."""
    rows = [[None if j in skip.get(k, ()) else v for j, v in enumerate(a)]
            for k, a in enumerate(ANSWERS)]
    path = os.path.join(tmp, name + ".csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "i1", "i2", "i3"])
        for k, r in enumerate(rows):
            w.writerow(["p%d" % k] + ["" if v is None else v for v in r])
    s = json.loads(run("stats", "-i", os.path.join(tmp, "inst.json"), "--format", "json",
                       path).stdout)["scales"][0]
    n_item = [sum(r[j] is not None for r in rows) for j in range(3)]
    complete = sum(all(v is not None for v in r) for r in rows)
    bound = math.ceil((sum(n_item) - 3 * complete) / 2)
    problems = []
    if any(0 < n < 5 for n in n_item):
        want_scale, want_items = "min_group", "min_group"
    elif 0 < bound < 5:
        want_scale, want_items = None, "protection"
    else:
        want_scale, want_items = None, None
    got_scale = s.get("suppressed_reason") if s.get("suppressed") else None
    got_items = s.get("items_suppressed_reason") if s.get("items_suppressed") else None
    if (got_scale, got_items) != (want_scale, want_items):
        problems.append("scale hidden %r, items hidden %r; expected %r, %r (item n %r, "
                        "%d complete, at least %d partial)" % (got_scale, got_items, want_scale,
                                                               want_items, n_item, complete, bound))
    scores = [math.fsum(v for v in r if v is not None) / sum(v is not None for v in r)
              for r in rows if any(v is not None for v in r)]
    want_mean = None if want_scale else math.fsum(scores) / len(scores)
    if not close(s["mean"], want_mean):
        problems.append("scale mean %r, expected %r" % (s["mean"], want_mean))
    for j, it in enumerate(s["items"]):
        vals = [r[j] for r in rows if r[j] is not None]
        want = None if want_items else math.fsum(vals) / len(vals)
        if it["n"] != n_item[j] or not close(it["mean"], want):
            problems.append("%s: n %r mean %r, expected %r %r" % (it["id"], it["n"], it["mean"],
                                                                 n_item[j], want))
    report("stats-protect/%s" % name, problems)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "inst.json"), "w") as f:
            json.dump(INST, f)
        case(tmp, "an item answered by 3 hides the scale", {k: [2] for k in range(3, 10)})
        # 4 answer i1 and i2 only: E = 10 + 10 + 6 - 18 = 8, at least 4 people
        case(tmp, "4 partial respondents hide the item means", {k: [2] for k in range(6, 10)})
        # 5 answer i1 and i2 only: E = 10, at least 5 people: shown
        case(tmp, "5 partial respondents show the item means", {k: [2] for k in range(5, 10)})
        # 2 skip two items, 2 one: E = 10 + 8 + 6 - 18 = 6, at least 3 people
        case(tmp, "partial respondents skipping one or two items",
             {6: [1, 2], 7: [1, 2], 8: [2], 9: [2]})
        case(tmp, "everyone complete", {})


main()
finish()
