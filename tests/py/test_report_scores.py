"""The report's Scores sheet against figures computed here independently
from `sdtscore score` output and the raw answers: mean, SD, t-based CI,
favourable shares, Welch vs the rest of the organisation (scipy),
Benjamini-Hochberg over the visible cells, Hedges' g, response rates.

The marks too, on Scores and Heatmap: a cell is significant when the BH
adjustment (written here) of scipy's Welch p is under 0.05, and then its
mean and difference are bold with a medium border; a significant mean
with Hedges' g of 0.2 or more in the better direction (lower on a
frustration scale) is filled green, -0.2 or less red, any other none."""
import csv
import io
import json
import math
import os
import tempfile

import openpyxl
from scipy import stats as sps

from sdtcheck import SDT, bh, close, finish, mean_sd, report, run

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
    wb = openpyxl.load_workbook(out)
    ws = wb["Scores"]
    rows = list(ws.iter_rows(values_only=True))
    hdr = rows[0]
    col = {h: k for k, h in enumerate(hdr)}
    labels = {s["id"]: s.get("label", {}).get("en", s["id"]) for s in INST["scales"]}
    by_label = {v: k for k, v in labels.items()}
    root = rows[1][0]
    cells, problems = [], []
    for rk, r in enumerate(rows[1:], start=2):
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
        cells.append((float(t.pvalue), r[col["p (adjusted)"]], path, sid, rk,
                      -g if scale.get("valence") == "frustration" else g))
    adj = bh([c[0] for c in cells])
    for a, c in zip(adj, cells):
        if not close(c[1], a, rel=1e-6, abs_=1e-12):
            problems.append("%s %s p_adj %r != %r" % (c[2], c[3], c[1], a))
            break
    # Fewer would mean the example or the suppression changed: then the
    # checks above prove little.
    if len(cells) < 60:
        problems.append("only %d visible cells compared" % len(cells))
    report("report-scores/figures (%d visible cells)" % len(cells), problems)

    def marks(cell):
        """(bold with a medium border, fill: 'better' / 'worse' / None)."""
        framed = bool(cell.font.b) and cell.border.left.style == "medium" and \
            cell.border.top.style == "medium"
        rgb = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type == "solid" else None
        fill = {"FFC6EFCE": "better", "FFFFC7CE": "worse"}.get(rgb, rgb)
        return framed, fill

    hm = wb["Heatmap"]
    hm_row = {hm.cell(row=k, column=1).value: k for k in range(2, hm.max_row + 1)}
    hm_col = {hm.cell(row=1, column=k).value: k for k in range(3, hm.max_column + 1)}
    problems, n_sig = [], 0
    for a, (p, _, path, sid, rk, g) in zip(adj, cells):
        sig = a < 0.05
        n_sig += sig
        fill = None if not sig else "better" if g >= 0.2 else "worse" if g <= -0.2 else None
        where = [("Scores mean", ws.cell(row=rk, column=col["Mean"] + 1), fill),
                 ("Scores difference", ws.cell(row=rk, column=col["Difference from the rest"] + 1),
                  None),
                 ("Heatmap", hm.cell(row=hm_row[path], column=hm_col[labels[sid]]), fill)]
        for name, cell, want_fill in where:
            if marks(cell) != (sig, want_fill):
                problems.append("%s %s %s: marks %r, want %r (BH p %.4g, g %.3f)"
                                % (name, path, sid, marks(cell), (sig, want_fill), a, g))
    if n_sig < 3 or n_sig > len(cells) - 3:
        problems.append("%d of %d cells significant: too few either way to test the marks"
                        % (n_sig, len(cells)))
    report("report-scores/significance marks (%d of %d cells significant after BH)"
           % (n_sig, len(cells)), problems)
finish()
