"""The report's Scores sheet against figures computed here independently
from `sdtscore score` output and the raw answers: mean, SD, t-based CI,
favourable shares, Welch vs the rest of the organisation (scipy),
Benjamini-Hochberg over the visible cells, Hedges' g, response rates."""
import csv
import io
import json
import math
import os
import tempfile

import openpyxl
from scipy import stats as sps

from sdtcheck import SDT, close, finish, mean_sd, report, run

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(TOP, "examples", "learning-leadership-pulse.csv")
INST = json.load(open(os.path.join(TOP, "instruments", "learning-leadership-pulse.json")))
LO, HI = INST["response_scale"]["min"], INST["response_scale"]["max"]
FAV = INST.get("favourable_min", HI - 1)
REV = {i["id"] for i in INST["items"] if i["reverse"]}


def in_group(team, path, root):
    if path == root:
        return True
    return bool(team) and (team == path or team.startswith(path + "/"))


def bh(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda k: ps[k])
    adj, run_min = [0.0] * m, 1.0
    for rank in range(m, 0, -1):
        k = order[rank - 1]
        run_min = min(run_min, ps[k] * m / rank)
        adj[k] = run_min
    return adj


with tempfile.TemporaryDirectory() as tmp:
    raw = list(csv.DictReader(open(DATA, newline="")))
    teams = sorted({r["team"] for r in raw if r["team"]})
    head = os.path.join(tmp, "headcount.csv")
    with open(head, "w") as f:
        f.write("team,headcount\n")
        for t in teams:
            f.write('"%s",%d\n' % (t, 40))
    out = os.path.join(tmp, "r.xlsx")
    run("report", "-i", "learning-leadership-pulse", "--headcount", head, "-o", out, DATA)
    scores = {r["id"]: r for r in csv.DictReader(io.StringIO(
        run("score", "-i", "learning-leadership-pulse", DATA).stdout))}
    ws = openpyxl.load_workbook(out)["Scores"]
    rows = list(ws.iter_rows(values_only=True))
    hdr = rows[0]
    col = {h: k for k, h in enumerate(hdr)}
    labels = {s["id"]: s.get("label", {}).get("en", s["id"]) for s in INST["scales"]}
    by_label = {v: k for k, v in labels.items()}
    root = rows[1][0]
    cells, problems = [], []
    for r in rows[1:]:
        if r[0] is None or r[col["Scale"]] not in by_label:
            continue
        path, sid = r[0], by_label[r[col["Scale"]]]
        scale = next(s for s in INST["scales"] if s["id"] == sid)
        members = [x for x in raw if in_group(x["team"], path, root)]
        if r[1] != len(members):
            problems.append("%s n %r != %d" % (path, r[1], len(members)))
        if path != root:
            n_teams = sum(1 for t in teams if in_group(t, path, root))
            if not close(r[col["Response rate"]], len(members) / (40 * n_teams)):
                problems.append("%s response rate %r" % (path, r[col["Response rate"]]))
        if isinstance(r[col["Mean"]], str):
            if not (r[col["Mean"]].startswith("fewer than") or r[col["Mean"]] == "protected"):
                problems.append("%s hidden cell reads %r" % (path, r[col["Mean"]]))
            continue
        xs = [float(scores[x["id"]][sid]) for x in members if scores[x["id"]][sid] != ""]
        m, sd = mean_sd(xs)
        # a group of headcount N (40 a team) is a finite population: the t
        # interval times sqrt((N - n) / (N - 1)), n its scored respondents
        big_n = 40 * sum(1 for t in teams if in_group(t, path, root))
        q = sps.t.ppf(0.975, len(xs) - 1) * sd / math.sqrt(len(xs)) * \
            math.sqrt((big_n - len(xs)) / (big_n - 1))
        for name, want in (("Mean", m), ("SD", sd), ("95% CI low", m - q), ("95% CI high", m + q)):
            if not close(r[col[name]], want, rel=1e-9):
                problems.append("%s %s %s %r != %r" % (path, sid, name, r[col[name]], want))
        # Shares count the respondents who answered every item of the scale
        # (so that items, shares and means never isolate a partial answerer).
        answers = []
        for x in members:
            if scores[x["id"]][sid] == "" or any(x[it] == "" for it in scale["items"]):
                continue
            for it in scale["items"]:
                v = int(x[it])
                answers.append(LO + HI - v if it in REV else v)
        if isinstance(r[col["% favourable"]], str):
            if not answers or len(answers) // len(scale["items"]) >= 5 and \
                    r[col["% favourable"]] != "protected":
                problems.append("%s %s favourable hidden as %r" % (path, sid, r[col["% favourable"]]))
        else:
            fav = sum(1 for v in answers if v >= FAV) / len(answers)
            unfav = sum(1 for v in answers if v <= LO + HI - FAV) / len(answers)
            if scale.get("valence") == "frustration":  # favourable: not frustrated
                fav, unfav = unfav, fav
            if not close(r[col["% favourable"]], fav) or not close(r[col["% unfavourable"]], unfav):
                problems.append("%s %s favourable" % (path, sid))
        if path == root:
            continue
        rest = [float(s[sid]) for i, s in scores.items() if s[sid] != "" and
                not in_group(s["team"], path, root)]
        t = sps.ttest_ind(xs, rest, equal_var=False)
        n1, n2 = len(xs), len(rest)
        m2 = sum(rest) / n2
        sp = math.sqrt((sum((x - m) ** 2 for x in xs) + sum((x - m2) ** 2 for x in rest)) / (n1 + n2 - 2))
        g = (1 - 3 / (4 * (n1 + n2) - 9)) * (m - m2) / sp
        if not close(r[col["Difference from the rest"]], m - m2) or \
                not close(r[col["Hedges' g"]], g, rel=1e-9):
            problems.append("%s %s diff/g" % (path, sid))
        cells.append((float(t.pvalue), r[col["p (adjusted)"]], path, sid))
    adj = bh([c[0] for c in cells])
    for a, c in zip(adj, cells):
        if not close(c[1], a, rel=1e-6, abs_=1e-12):
            problems.append("%s %s p_adj %r != %r" % (c[2], c[3], c[1], a))
            break
    report("report-scores/figures (%d visible cells)" % len(cells), problems)
finish()
