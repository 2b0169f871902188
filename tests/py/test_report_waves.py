"""`sdtscore report` with pulse waves and breakdowns, read back with openpyxl.

Trend: the change of a leaf team equals `sdtscore stats --previous`'s, a
roll-up's equals the change computed here (mean of per-person differences
when the membership is identical, difference of means when not), with the
right sign and test; a group hidden in either wave shows no change; renamed
teams are matched with --rename and listed as appeared / disappeared
without it. Breakdown: visible cells equal means computed here from
`sdtscore score` joined with work_mode; hidden cells read "fewer than N";
a crafted organisation where a naive rule would leak a cell hides it, and
no hidden figure is anywhere in the package XML."""
import csv
import io
import json
import math
import os
import re
import shutil
import tempfile

from sdtcheck import check_no_leak, close, finish, read_csv, report, run, write_csv

try:
    import openpyxl
except ImportError:
    openpyxl = None

INSTRUMENT = "learning-leadership-pulse"
SCALE = "autonomy_satisfaction"
HIDDEN = "fewer than 5"
PROTECT = "protected"
LABELS = (HIDDEN, PROTECT)
MODES = "work_mode=onsite,hybrid,remote"
tmp = tempfile.mkdtemp(prefix="sdt-report-waves-")


def scores(path):
    out = run("score", "-i", INSTRUMENT, path).stdout
    return {r["id"]: r for r in csv.DictReader(io.StringIO(out))}


def scale_ids(path):
    """Scale ids in instrument order, as the sheets list them."""
    out = run("stats", "-i", INSTRUMENT, "--format", "json", path).stdout
    return [s["id"] for s in json.loads(out)["scales"]]


def in_group(team, path):
    """The organisation (None) holds everyone; a path its team and below."""
    return path is None or (team and (team == path or team.startswith(path + "/")))


# The leak check of tests/py/test_report.py (that file runs on import, so
# its helpers are repeated here rather than imported).
def all_numbers(path):
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
            for c in row if isinstance(c, float)]


def trend_rows(path):
    """{group path: [row per scale]} from the Trend table, and its header."""
    ws = openpyxl.load_workbook(path)["Trend"]
    header = [c.value for c in ws[1]]
    rows = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None:
            break
        rows.setdefault(row[0], []).append(row)
    return header, rows, [r[0] for r in ws.iter_rows(values_only=True)]


def breakdown_rows(path, sheet="Breakdown work_mode"):
    ws = openpyxl.load_workbook(path)[sheet]
    values = [c.value for c in ws[1]][4::2]
    rows = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            break
        rows.setdefault(row[0], []).append(row)
    return values, rows


def change_cols(header):
    return header.index("Change")


def make_waves():
    w1 = os.path.join(tmp, "w1.csv")
    w2 = os.path.join(tmp, "w2.csv")
    run("simulate", "-i", INSTRUMENT, "--respondents", "400", "--teams", "12",
        "--missing", "0", "--careless", "0", "--seed", "5", "--attribute", MODES, "-o", w1)
    rows = read_csv(w1)
    header = list(rows[0].keys())
    teams = sorted({r["team"] for r in rows if r["team"]})
    sizes = {t: sum(1 for r in rows if r["team"] == t) for t in teams}
    # Teams the report shows in the first wave: differencing protection
    # hides some big teams too, and a hidden team shows no change.
    first = os.path.join(tmp, "w1.xlsx")
    run("report", "-i", INSTRUMENT, "-o", first, w1)
    shown = {r[0] for r in openpyxl.load_workbook(first)["Heatmap"].iter_rows(values_only=True)
             if r[0] and isinstance(r[2], float)}
    big = [t for t in teams if sizes[t] >= 12 and t in shown]
    small = [t for t in teams if sizes[t] < 5]
    plan = {"planted": big[0], "joined": big[1], "renamed": big[2],
            "grown": small[0] if small else None, "teams": teams}
    rows2 = []
    for r in rows:
        r2 = dict(r)
        if r["team"] == plan["planted"]:
            for q in ("q1", "q2", "q3"):
                if r2[q] and int(r2[q]) < 5:
                    r2[q] = str(int(r2[q]) + 1)
        if r["team"] == plan["renamed"]:
            r2["team"] = plan["renamed"] + " (renamed)"
        rows2.append(r2)
    rows2.append(dict(rows[0], id="new-1", team=plan["joined"]))
    # a team under the threshold before grows past it: hidden in the
    # previous wave only
    for k in range(6 if plan["grown"] else 0):
        rows2.append(dict(rows[k + 1], id="grow-%d" % k, team=plan["grown"]))
    write_csv(w2, header, rows2)
    ren = os.path.join(tmp, "rename.csv")
    with open(ren, "w") as f:
        f.write("old,new\n\"%s\",\"%s\"\n" % (plan["renamed"], plan["renamed"] + " (renamed)"))
    return w1, w2, ren, plan


def expected_change(s1, s2, path, j):
    """Paired mean of differences when the members are the same people,
    else the difference of the two wave means."""
    a = {i: float(r[j]) for i, r in s1.items() if in_group(r["team"], path) and r[j] != ""}
    b = {i: float(r[j]) for i, r in s2.items() if in_group(r["team"], path) and r[j] != ""}
    if set(a) == set(b):
        d = [b[i] - a[i] for i in a]
        return "paired t", math.fsum(d) / len(d)
    return "Welch t", math.fsum(b.values()) / len(b) - math.fsum(a.values()) / len(a)


def hedges_g(a, b):
    """Hedges' g of b against a with the pooled SD (J = 1 - 3 / (4 (n1 + n2) - 9))."""
    n1, n2 = len(a), len(b)
    m1, m2 = math.fsum(a) / n1, math.fsum(b) / n2
    v1 = math.fsum((x - m1) ** 2 for x in a) / (n1 - 1)
    v2 = math.fsum((x - m2) ** 2 for x in b) / (n2 - 1)
    sp = math.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
    return (1 - 3 / (4 * (n1 + n2) - 9)) * (m2 - m1) / sp


def check_leaf(header, rows, stats_json, s1, s2, sid, team, j, want_test, name):
    """The Trend row of a team: change and CI as stats gives them; Effect
    size is Hedges' g of the two waves for every test, recomputed from the
    scores; d_z (the paired effect) only beside a paired test."""
    cc = change_cols(header)
    row = rows[team][j]
    ch = next(t for t in stats_json["teams"] if t["team"] == team)["scales"][j]["change"]
    a = [float(r[sid]) for r in s1.values() if r["team"] == team and r[sid] != ""]
    b = [float(r[sid]) for r in s2.values() if r["team"] == team and r[sid] != ""]
    problems = []
    if row[cc + 5] != want_test:
        problems.append("test %r, expected %r" % (row[cc + 5], want_test))
    if header[cc + 4] != "Effect size" or header[cc + 6] != "d_z (paired)":
        problems.append("effect headers %r" % header[cc + 4:cc + 7])
    dz = ch["effect_size"] if want_test == "paired t" else None
    for got, want, what in ((row[cc], ch["difference"], "difference"),
                            (row[cc + 1], ch["ci"][0], "CI low"),
                            (row[cc + 2], ch["ci"][1], "CI high"),
                            (row[cc + 4], hedges_g(a, b), "Hedges' g"),
                            (row[cc + 6], dz, "d_z")):
        if (want is None) != (got is None) or \
                (want is not None and not close(got, want, rel=1e-9, abs_=1e-12)):
            problems.append("%s %r != %r" % (what, got, want))
    report(name, problems)
    return row[cc]


def check_rollups(header, rows, s1, s2, planted, sid, j):
    cc = change_cols(header)
    unit = planted.rsplit("/", 1)[0]
    problems = []
    for path, key in ((unit, unit), (None, next(iter(rows)))):
        test, diff = expected_change(s1, s2, path, sid)
        row = rows[key][j]
        if row[cc + 5] != test or not close(row[cc], diff, rel=1e-9, abs_=1e-12):
            problems.append("%s: %r %r, expected %s %r" % (key, row[cc + 5], row[cc], test, diff))
    if not rows[unit][j][cc] > 0:
        problems.append("the planted rise does not show in %s" % unit)
    report("report-waves/rollup", problems)


def check_hidden_change(header, rows, plan, s2):
    cc = change_cols(header)
    problems = []
    for team, trs in rows.items():
        for r in trs:
            if (r[2] in LABELS or r[3] in LABELS) and \
                    (r[cc] not in LABELS or any(x is not None for x in r[cc + 1:])):
                problems.append("%s shows a change while hidden in a wave: %r" % (team, r))
    g = plan["grown"]
    if not g:
        problems.append("no small team to grow; test data changed")
    if g and g in rows and rows[g][0][3] != HIDDEN:
        if rows[g][0][2] != HIDDEN or rows[g][0][cc] != HIDDEN:
            problems.append("grown team %r: %r" % (g, rows[g][0]))
    elif g:
        problems.append("grown team %r not visible now; test data too small" % g)
    report("report-waves/hidden-no-change", problems)


def check_wave_means(header, rows, s1, s2, sids, out):
    """Each wave's visible means equal the means computed here; its hidden
    ones are nowhere in the package."""
    problems, hidden, shown = [], [], 0
    root = next(iter(rows))
    for path, trs in rows.items():
        p = None if path == root else path
        for j, sid in enumerate(sids):
            for col, sc in ((2, s1), (3, s2)):
                v = trs[j][col]
                xs = [float(r[sid]) for r in sc.values() if in_group(r["team"], p) and r[sid]]
                if v in LABELS and xs:
                    hidden.append(math.fsum(xs) / len(xs))
                elif isinstance(v, (int, float)):
                    shown += 1
                    if not close(v, math.fsum(xs) / len(xs)):
                        problems.append("%s %s col %d: %r" % (path, sid, col, v))
    if not hidden:
        problems.append("nothing hidden")
    if shown < 4 * len(sids):
        problems.append("only %d visible means compared" % shown)
    report("report-waves/wave-means (%d visible, %d hidden)" % (shown, len(hidden)), problems)
    check_no_leak("report-waves/trend-no-leak", out, hidden, all_numbers(out))


def check_trend(w1, w2, ren, plan):
    out = os.path.join(tmp, "waves.xlsx")
    run("report", "-i", INSTRUMENT, "--previous", w1, "--rename", ren, "--by", "work_mode",
        "-o", out, w2)
    st = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--previous", w1,
                        "--rename", ren, w2).stdout)
    sids = [s["id"] for s in st["scales"]]
    j = sids.index(SCALE)
    header, rows, col_a = trend_rows(out)
    report("report-waves/header", [] if header[2:4] == ["Previous", "Current"]
           else ["header %r" % header])
    s1, s2 = scores(w1), scores(w2)
    d = check_leaf(header, rows, st, s1, s2, SCALE, plan["planted"], j, "paired t",
                   "report-waves/leaf-paired")
    report("report-waves/sign", [] if d and d > 0.3 else ["planted change %r" % d])
    check_leaf(header, rows, st, s1, s2, SCALE, plan["joined"], j, "Welch t",
               "report-waves/leaf-welch")
    renamed = rows.get(plan["renamed"] + " (renamed)")
    cc = change_cols(header)
    report("report-waves/rename", [] if renamed and renamed[j][cc + 5] == "paired t"
           and abs(renamed[j][cc]) < 1e-12 else ["renamed: %r" % (renamed and renamed[j])])
    for r in s1.values():  # the earlier wave under today's team names
        if r["team"] == plan["renamed"]:
            r["team"] = plan["renamed"] + " (renamed)"
    check_rollups(header, rows, s1, s2, plan["planted"], SCALE, j)
    check_hidden_change(header, rows, plan, s2)
    check_wave_means(header, rows, s1, s2, sids, out)
    check_breakdown(out, w2, s2, sids)


def check_split(w1, w2, ren, plan):
    """A team's workbook holds Trend and Breakdown rows for the team, its
    ancestors and the organisation only."""
    d = os.path.join(tmp, "split")
    os.makedirs(d, exist_ok=True)
    run("report", "-i", INSTRUMENT, "--previous", w1, "--rename", ren, "--by", "work_mode",
        "--split-by", "team", "-o", d, w2)
    team = plan["planted"]
    name = re.sub(r"[^A-Za-z0-9-]+", "_", team).strip("_") + ".xlsx"
    path = os.path.join(d, name)
    allowed = {"/".join(team.split("/")[:k]) for k in range(1, team.count("/") + 2)}
    _, trows, _ = trend_rows(path)
    _, brows = breakdown_rows(path)
    extra = (set(trows) | set(brows)) - allowed
    report("report-waves/split", [] if not extra and team in trows and team in brows
           else ["rows for %r" % sorted(extra or (set(trows) | set(brows)))])


def check_appeared(w1, w2, plan):
    out = os.path.join(tmp, "norename.xlsx")
    run("report", "-i", INSTRUMENT, "--previous", w1, "-o", out, w2)
    header, rows, col_a = trend_rows(out)
    new, old = plan["renamed"] + " (renamed)", plan["renamed"]
    i_new = next(k for k, v in enumerate(col_a) if v and v.startswith("New groups"))
    i_gone = next(k for k, v in enumerate(col_a) if v and v.startswith("Groups in"))
    problems = []
    if new not in col_a[i_new:i_gone] or old not in col_a[i_gone:i_gone + 4]:
        problems.append("lists %r / %r" % (col_a[i_new:i_gone], col_a[i_gone:i_gone + 4]))
    if rows[new][0][change_cols(header)] is not None:
        problems.append("appeared team shows a change")
    report("report-waves/appeared-disappeared", problems)


def check_breakdown(out, w2, s2, sids):
    modes = {r["id"]: r["work_mode"] for r in read_csv(w2)}
    values, rows = breakdown_rows(out)
    root = next(iter(rows))
    problems, n_hidden, n_visible = [], 0, 0
    for path, brs in rows.items():
        p = None if path == root else path
        for j, sid in enumerate(sids):
            for k, v in enumerate(values):
                n_cell, mean = brs[j][4 + 2 * k], brs[j][5 + 2 * k]
                xs = [float(r[sid]) for i, r in s2.items()
                      if in_group(r["team"], p) and modes[i] == v and r[sid] != ""]
                if isinstance(mean, str):  # counts stay public, the mean says why
                    n_hidden += 1
                    if mean not in LABELS or n_cell != len(xs) or \
                            (mean == HIDDEN) != (0 < len(xs) < 5):
                        problems.append("%s %s %s: hidden as %r/%r" % (path, sid, v, n_cell, mean))
                    continue
                if not xs:  # no respondent: known empty, n 0 and no mean
                    if n_cell != 0 or mean is not None:
                        problems.append("%s %s %s: empty cell reads %r/%r" % (path, sid, v, n_cell, mean))
                    continue
                n_visible += 1
                if n_cell != len(xs) or not close(mean, math.fsum(xs) / len(xs)):
                    problems.append("%s %s %s: %r/%r != %d/%r" % (path, sid, v, n_cell, mean,
                                                                 len(xs), math.fsum(xs) / len(xs)))
    if values != ["hybrid", "onsite", "remote"] or not n_hidden or not n_visible:
        problems.append("values %r, %d hidden, %d visible" % (values, n_hidden, n_visible))
    report("report-waves/breakdown-means", problems)


CRAFTED = [  # team, onsite, remote
    ("Org/A/T1", 10, 3),   # 3 remote hidden, so 10 onsite would give them away
    ("Org/B/T2", 8, 6),    # 6 remote: Org/B's 8 remote less these 6 leaves T3's 2
    ("Org/B/T3", 9, 2),
    ("Org/C/T4", 12, 12),
]


def crafted():
    src = os.path.join(tmp, "src.csv")
    run("simulate", "-i", INSTRUMENT, "--respondents", "200", "--teams", "3", "--missing", "0",
        "--careless", "0", "--seed", "9", "--attribute", MODES, "-o", src)
    rows = read_csv(src)
    out, k = [], 0
    for team, onsite, remote in CRAFTED:
        for mode, n in (("onsite", onsite), ("remote", remote)):
            for _ in range(n):
                out.append(dict(rows[k], team=team, work_mode=mode))
                k += 1
    path = os.path.join(tmp, "crafted.csv")
    write_csv(path, list(rows[0].keys()), out)
    return path


def residual_problems(rows, values, modes, sc):
    """What a visible cell leaves over, within its group and below its
    parent, is 0 or at least 5 (no answer is missing, so every scale's n
    is the respondents')."""
    n = {}
    for i, r in sc.items():
        parts = r["team"].split("/")
        for k in range(1, len(parts) + 1):
            g = "/".join(parts[:k])
            n[g, None] = n.get((g, None), 0) + 1
            n[g, modes[i]] = n.get((g, modes[i]), 0) + 1
    vis = {(g, v) for g in rows for v in values
           if not isinstance(rows[g][0][5 + 2 * values.index(v)], str)}
    bad = lambda x: 0 < x < 5
    problems = []
    for g in rows:
        left = n[g, None] - sum(n.get((g, v), 0) for v in values if (g, v) in vis)
        if bad(left):
            problems.append("%s: %d left over beside its visible cells" % (g, left))
        for v in values:
            kids = [c for c in rows if c.rsplit("/", 1)[0] == g and c != g]
            if (g, v) in vis and kids:
                left = n.get((g, v), 0) - sum(n.get((c, v), 0) for c in kids if (c, v) in vis)
                if bad(left):
                    problems.append("%s %s: %d left over below it" % (g, v, left))
    return problems


def why_problems(out):
    """Data quality lists exactly the groups with a hidden figure on Scores or
    Items, with the reason the whole group's cells give."""
    wb = openpyxl.load_workbook(out)
    want = {}
    for r in list(wb["Scores"].iter_rows(values_only=True))[1:]:
        if r[0] and any(isinstance(x, str) and x in LABELS for x in r[5:]):
            want.setdefault(r[0], set()).update(x for x in r[5:] if x in LABELS)
    for r in list(wb["Items"].iter_rows(values_only=True))[1:]:
        if r[0] and any(isinstance(x, str) and x in LABELS for x in r[2:]):
            want.setdefault(r[0], set()).add("items")
    got, listing = {}, False
    for r in wb["Data quality"].iter_rows(values_only=True):
        if r[0] == "Groups with hidden figures, and why":
            listing = True
        elif listing and isinstance(r[1], str):
            path, why = r[1].split(": ", 1)
            got[path] = why
    problems = []
    if set(got) != set(want):
        problems.append("Data quality lists %r, hidden figures in %r" % (sorted(got), sorted(want)))
    for path, why in got.items():
        if why not in ("fewer than 5 respondents", "hidden to protect a smaller group",
                       "some scales or items hidden"):
            problems.append("Data quality: %s: %r" % (path, why))
    return problems


def check_crafted():
    data = crafted()
    out = os.path.join(tmp, "crafted.xlsx")
    run("report", "-i", INSTRUMENT, "--by", "work_mode", "-o", out, data)
    values, rows = breakdown_rows(out)
    sc = scores(data)
    modes = {r["id"]: r["work_mode"] for r in read_csv(data)}
    sids = scale_ids(data)
    problems = []
    shown = lambda g, v: not isinstance(rows[g][0][5 + 2 * values.index(v)], str)
    for team, v in [("Org/A/T1", "onsite"), ("Org/A/T1", "remote"), ("Org/B/T3", "remote")]:
        if shown(team, v):
            problems.append("%s %s shown" % (team, v))
    # Org/B's 8 remote less T2's 6 would give T3's 2 away: one must go.
    if shown("Org/B/T2", "remote") and shown("Org/B", "remote"):
        problems.append("Org/B remote and Org/B/T2 remote both shown")
    problems += residual_problems(rows, values, modes, sc)
    problems += why_problems(out)
    report("report-waves/crafted-hidden", problems)
    want_hidden = [(g, v) for g in rows for v in values if not shown(g, v)]
    hidden = []
    for team, v in want_hidden:
        for sid in sids:
            xs = [float(r[sid]) for i, r in sc.items() if in_group(r["team"], team)
                  and modes[i] == v and r[sid] != ""]
            if xs:
                hidden.append(math.fsum(xs) / len(xs))
    if not hidden:
        report("report-waves/crafted-no-leak", ["nothing hidden to look for"])
    else:
        check_no_leak("report-waves/crafted-no-leak", out, hidden, all_numbers(out))


def check_summary(w1, w2, ren):
    """The Summary is the organisation's page: the response rate from
    --headcount, the change of every scale since the previous wave (recomputed
    here from the two waves' scores), and the composites (recomputed here as
    the mean over respondents scored on all their scales of their scales'
    mean)."""
    rows2 = read_csv(w2)
    teams = sorted({r["team"] for r in rows2})
    heads = {t: 2 * sum(r["team"] == t for r in rows2) + 1 for t in teams}
    hc = os.path.join(tmp, "headcount.csv")
    with open(hc, "w") as f:
        f.write("team,headcount\n" + "".join('"%s",%d\n' % kv for kv in heads.items()))
    out = os.path.join(tmp, "summary.xlsx")
    run("report", "-i", INSTRUMENT, "--previous", w1, "--rename", ren, "--headcount", hc,
        "-o", out, w2)
    rows = list(openpyxl.load_workbook(out)["Summary"].iter_rows(values_only=True))
    by_label = {r[0]: r for r in rows if isinstance(r[0], str)}
    problems = []
    rate = by_label.get("Response rate")
    if not rate or not close(rate[1], len(rows2) / sum(heads.values()), rel=1e-12):
        problems.append("response rate %r, expected %r" % (rate and rate[1],
                                                           len(rows2) / sum(heads.values())))
    s1, s2 = scores(w1), scores(w2)
    start = next((k for k, r in enumerate(rows) if r[0] == "Change since Previous"), None)
    if start is None:
        problems.append("no change table")
    else:
        changes = [r for r in rows[start + 1:start + 7]]
        for r, sid in zip(changes, scale_ids(w2)):
            _, diff = expected_change(s1, s2, None, sid)
            if not close(r[3], diff, rel=1e-9, abs_=1e-12):
                problems.append("%s: change %r, expected %r" % (r[0], r[3], diff))
    comp = by_label.get("Need satisfaction")
    sids = ["autonomy_satisfaction", "competence_satisfaction", "relatedness_satisfaction"]
    xs = [sum(float(p[s]) for s in sids) / 3 for p in s2.values() if all(p[s] != "" for s in sids)]
    all_same = all(sum(p[s] != "" for p in s2.values()) == len(xs) for s in sids)
    if comp is None:
        problems.append("no composite row")
    elif all_same and not close(comp[1], math.fsum(xs) / len(xs), rel=1e-9):
        problems.append("need satisfaction %r, expected %r" % (comp[1], math.fsum(xs) / len(xs)))
    elif not all_same and comp[1] != PROTECT:
        problems.append("need satisfaction %r though some are scored on only some scales"
                        % (comp[1],))
    report("report-waves/summary", problems)


def main():
    if openpyxl is None:
        report("report-waves/openpyxl", ["python3-openpyxl is not installed"])
        return
    w1, w2, ren, plan = make_waves()
    for name, fn in [("trend", lambda: check_trend(w1, w2, ren, plan)),
                     ("appeared", lambda: check_appeared(w1, w2, plan)),
                     ("split", lambda: check_split(w1, w2, ren, plan)),
                     ("crafted", check_crafted),
                     ("summary", lambda: check_summary(w1, w2, ren))]:
        try:
            fn()
        except Exception as exc:  # a crash is a failure, not an abort
            report("report-waves/%s" % name, ["%s: %s" % (type(exc).__name__, exc)])


main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
