"""The supervisor's focus areas on crafted teams, read back from the Actions
sheet: needs are read together with the supervisor's support for them.

Case 1 (learning-leadership-pulse, 1..5): eight teams of 12 answer 2-4 at
random; team Focus answers autonomy satisfaction 1-2 but autonomy support 5,
and relatedness satisfaction and support 1-2. Expected: relatedness is a
coaching focus (with relatedness practices, not the remote one, as no
breakdown shows remote members lower); autonomy is low but its support is
not, so it is "beyond the supervisor" with no practice; no autonomy
practice anywhere. Team Strong answers competence 5 and gets competence as
a strength, with no practice.

Case 2 (bpnsfs-work, frustration scales): team Frustrated answers the
relatedness-frustration items 5 (and everything else like the others): a
high frustration is the problem, so relatedness is a focus, never a
strength."""
import csv
import json
import os
import random
import re
import shutil
import tempfile
import zipfile

from sdtcheck import finish, report, run

try:
    import openpyxl
except ImportError:
    openpyxl = None

tmp = tempfile.mkdtemp(prefix="sdt-focus-")
LEVERS = {"To work on: coaching": "supervisor", "To work on: beyond the supervisor": "beyond",
          "Strength": "strength"}


def write(path, rows, items):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "team"] + items)
        w.writeheader()
        w.writerows(rows)


def actions(path):
    """{team path: [(lever, scale label, [texts])]} from the Actions sheet."""
    ws = openpyxl.load_workbook(path)["Actions"]
    out, team, cur = {}, None, None
    for r in list(ws.iter_rows(values_only=True))[3:]:
        if r[0] and " (n = " in str(r[0]):
            team = r[0].split(" (n = ")[0]
            out[team] = []
            continue
        if team is None:
            continue
        if r[0] in LEVERS:
            cur = (LEVERS[r[0]], r[1], [])
            out[team].append(cur)
        if cur and r[-1]:
            cur[2].append(r[-1])
        if r[0] is None and r[1] is None and r[-1] is None:
            cur = None
    return out


def crafted(rng, items, n_teams, size, special):
    """n_teams teams of `size` answering 2-4 at random, then for each
    (team, size, answers) in `special` a team answering 2-4 except for
    the fixed or drawn answers given ({item: value or (lo, hi)})."""
    rows = []
    for t in range(n_teams):
        for _ in range(size):
            rows.append(dict({"id": "r%d" % len(rows), "team": "Org/T%d" % t},
                             **{i: rng.randint(2, 4) for i in items}))
    for team, n, answers in special:
        for _ in range(n):
            r = {"id": "r%d" % len(rows), "team": team}
            r.update({i: rng.randint(2, 4) for i in items})
            r.update({i: v if isinstance(v, int) else rng.randint(*v) for i, v in answers.items()})
            rows.append(r)
    return rows


def case_pulse():
    rng = random.Random(7)
    items = ["q%d" % k for k in range(1, 19)]
    aut_sat, rel_sat, aut_sup, rel_sup = ["q1", "q2", "q3"], ["q7", "q8", "q9"], \
        ["q10", "q11", "q12"], ["q16", "q17", "q18"]
    com = ["q4", "q5", "q6", "q13", "q14", "q15"]
    focus = dict({i: (1, 2) for i in aut_sat + rel_sat + rel_sup}, **{i: 5 for i in aut_sup})
    rows = crafted(rng, items, 8, 12, [("Org/Focus", 12, focus),
                                       ("Org/Strong", 12, {i: 5 for i in com})])
    data, out = os.path.join(tmp, "pulse.csv"), os.path.join(tmp, "pulse.xlsx")
    write(data, rows, items)
    run("report", "-i", "learning-leadership-pulse", "-o", out, data)
    got = actions(out)
    problems = []
    focus = got.get("Org/Focus", [])
    rel = [a for a in focus if a[1] == "Relatedness satisfaction"]
    aut = [a for a in focus if a[1] == "Autonomy satisfaction"]
    if not rel or rel[0][0] != "supervisor" or not any(t.startswith("Create time and space") for t in rel[0][2]):
        problems.append("Focus: relatedness not a coaching focus: %r" % focus)
    if rel and any("remote" in t for t in rel[0][2]):
        problems.append("Focus: the remote practice without a breakdown showing remote members lower")
    if not aut or aut[0][0] != "beyond":
        problems.append("Focus: autonomy (support 5) not 'beyond the supervisor': %r" % focus)
    autonomy_practices = ("Explain the reasons", "Agree on goals", "Ask for the team's views")
    if any(t.startswith(autonomy_practices) for a in focus for t in a[2]):
        problems.append("Focus: an autonomy practice is offered though its support is the best")
    if focus and focus[0][0] == "strength":
        problems.append("Focus: a strength listed before the focus areas")
    strong = got.get("Org/Strong", [])
    comp = [a for a in strong if a[1] == "Competence satisfaction"]
    if not comp or comp[0][0] != "strength":
        problems.append("Strong: competence not a strength: %r" % strong)
    elif any(not t.startswith("A strength") for t in comp[0][2]):
        problems.append("Strong: a strength is given practices: %r" % comp[0][2])
    practices = [t for team in got.values() for a in team for t in a[2]]
    for team, areas in got.items():
        texts = [t for a in areas for t in a[2] if not t.startswith(("Weakest", "A strength", "The supervisor"))]
        if len(texts) != len(set(texts)):
            problems.append("%s: a practice listed twice" % team)
    if not practices:
        problems.append("no practices at all")
    report("focus/support-and-need", problems)
    # The same as data: stats --format json, each published team's "focus".
    st = json.loads(run("stats", "-i", "learning-leadership-pulse", "--format", "json", data).stdout)
    teams = {t["team"]: t for t in st["teams"]}
    f = teams["Org/Focus"].get("focus", [])
    problems = []
    by_scale = {a["scale"]: a for a in f}
    rel, aut = by_scale.get("relatedness_satisfaction"), by_scale.get("autonomy_satisfaction")
    if not rel or rel["lever"] != "supervisor" or "relatedness.interaction" not in rel["practices"] \
            or "relatedness.remote" in rel["practices"] or not set(rel["items"]) <= {"q7", "q8", "q9"}:
        problems.append("Org/Focus relatedness: %r" % rel)
    if not aut or aut["lever"] != "beyond" or aut["practices"]:
        problems.append("Org/Focus autonomy: %r" % aut)
    if any(p.startswith("autonomy.") for a in f for p in a["practices"]):
        problems.append("Org/Focus gets an autonomy practice")
    s = teams["Org/Strong"].get("focus", [])
    if not any(a["scale"] == "competence_satisfaction" and a["lever"] == "strength" and not a["practices"]
               for a in s):
        problems.append("Org/Strong: %r" % s)
    if [sorted(a) for a in f] and any(sorted(a) != ["items", "lever", "practices", "scale"] for a in f + s):
        problems.append("focus objects' keys: %r" % [sorted(a) for a in f + s])
    report("focus/stats-json", problems)
    check_team_page(data, out)


def check_team_page(data, full):
    """A --split-by team workbook opens on its Team sheet: the team's means
    beside its parent's and the organisation's (equal to the full report's
    Scores), and what to look at in plain words."""
    d = os.path.join(tmp, "split")
    os.mkdir(d)
    run("report", "-i", "learning-leadership-pulse", "--split-by", "team", "-o", d, data)
    problems = []
    wb = openpyxl.load_workbook(os.path.join(d, "Org_Focus.xlsx"))
    if wb.sheetnames[0] != "Team":
        problems.append("first sheet %r" % wb.sheetnames[0])
    rows = list(wb["Team"].iter_rows(values_only=True))
    scores = list(openpyxl.load_workbook(full)["Scores"].iter_rows(values_only=True))
    col = {h: k for k, h in enumerate(scores[0])}
    mean = {(r[0], r[col["Scale"]]): r[col["Mean"]] for r in scores[1:]}
    if rows[0][0] != "Org/Focus" or not str(rows[1][0]).startswith("12 respondents"):
        problems.append("title %r / %r" % (rows[0][0], rows[1][0]))
    # the scale table ends where "What to look at" (and after it the
    # agreement and drivers blocks, with scale labels of their own) begins
    stop = next((k for k, r in enumerate(rows) if r[0] == "What to look at"), len(rows))
    table = [r for r in rows[4:stop] if r[0] is not None and r[0] in {k[1] for k in mean}]
    # six scales, then the instrument's two composites (need_satisfaction,
    # learning_leadership), each equal to the full report's Scores row
    if len(table) != 6 + 2:
        problems.append("%d scale and composite rows" % len(table))
    for r in table:
        for k, group in ((1, "Org/Focus"), (3, "Org"), (4, "Org")):
            if r[k] != mean[group, r[0]]:
                problems.append("%s %s: %r != Scores %r" % (group, r[0], r[k], mean[group, r[0]]))
    texts = [r[0] for r in rows if isinstance(r[0], str)]
    if "To work on: coaching: Relatedness satisfaction" not in texts or \
            "To work on: beyond the supervisor: Autonomy satisfaction" not in texts:
        problems.append("what to look at: %r" % [t for t in texts if t.startswith(("To work", "Strength"))])
    # every column given one width: overlapping <col> ranges are invalid,
    # and LibreOffice then keeps the first width (headers ran together)
    with zipfile.ZipFile(os.path.join(d, "Org_Focus.xlsx")) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                seen = set()
                for a, b in re.findall(r'<col min="(\d+)" max="(\d+)"', z.read(name).decode()):
                    cols = set(range(int(a), int(b) + 1))
                    if cols & seen:
                        problems.append("%s: columns %s given two widths" % (name, sorted(cols & seen)))
                    seen |= cols
    report("focus/team-page", problems)


def case_frustration():
    rng = random.Random(8)
    out = run("instruments", "show", "bpnsfs-work").stdout
    items, rel_fru, scale = [], [], None
    for line in out.splitlines():
        s = line.strip()
        if line.startswith("  ") and not line.startswith("    ") and s and " " in s:
            scale = s.split()[0]
        elif line.startswith("    ") and s[:1].isalnum() and scale and not s.startswith(("need", "scored")):
            item = s.split()[0]
            items.append(item)
            if scale == "relatedness_frustration":
                rel_fru.append(item)
    rows = crafted(rng, items, 6, 10, [("Org/Frustrated", 10, {i: 5 for i in rel_fru})])
    data, xlsx = os.path.join(tmp, "bpn.csv"), os.path.join(tmp, "bpn.xlsx")
    write(data, rows, items)
    run("report", "-i", "bpnsfs-work", "-o", xlsx, data)
    got = actions(xlsx).get("Org/Frustrated", [])
    problems = []
    if not rel_fru:
        problems.append("no relatedness_frustration items found in the instrument")
    fru = [a for a in got if a[1] and "frustration" in a[1].lower()]
    if not fru or fru[0][0] == "strength":
        problems.append("high relatedness frustration not a focus: %r" % got)
    # "% favourable" on a frustration scale is the share not frustrated:
    # every answer 5 (agree: frustrated) gives 0 %, and the weakest items
    # are the frustration items themselves.
    ws = openpyxl.load_workbook(xlsx)["Scores"]
    rows = list(ws.iter_rows(values_only=True))
    col = {h: k for k, h in enumerate(rows[0])}
    fav = [r[col["% favourable"]] for r in rows[1:]
           if r[0] == "Org/Frustrated" and r[col["Scale"]] == "Relatedness frustration"]
    if fav != [0]:
        problems.append("% favourable of a fully frustrated team: %r" % fav)
    report("focus/frustration-counts-the-other-way", problems)


GREEN, RED = "FFC6EFCE", "FFFFC7CE"


def heatmap_fills(path):
    """{(group, scale header): fill colour or None} of the Heatmap means."""
    ws = openpyxl.load_workbook(path)["Heatmap"]
    rows = list(ws.iter_rows())
    hdr = [c.value for c in rows[0]]
    out = {}
    for r in rows[1:]:
        if r[0].value is None:
            break
        for k, h in enumerate(hdr[2:], start=2):
            if h is None:
                break
            fill = r[k].fill.fgColor.rgb if r[k].fill and r[k].fill.fill_type == "solid" else None
            out[r[0].value, h] = fill
    return out


def case_colours():
    """Colours say better or worse only for a clear difference: the crafted
    teams' low and high needs are red and green; a three-row workbook of
    two near-identical teams has no colour at all."""
    problems = []
    fills = heatmap_fills(os.path.join(tmp, "pulse.xlsx"))
    if fills.get(("Org/Focus", "Autonomy satisfaction")) != RED:
        problems.append("Focus autonomy satisfaction not red: %r" % fills.get(("Org/Focus", "Autonomy satisfaction")))
    if fills.get(("Org/Strong", "Competence satisfaction")) != GREEN:
        problems.append("Strong competence not green")
    if any(v is not None for (g, _), v in fills.items() if g == "Org"):
        problems.append("the organisation itself is coloured")
    rng = random.Random(9)
    items = ["q%d" % k for k in range(1, 19)]
    rows = []
    for team in ("Org/A", "Org/B"):
        for _ in range(10):
            rows.append(dict({"id": "r%d" % len(rows), "team": team},
                             **{i: rng.choice([3, 4]) for i in items}))
    data, out = os.path.join(tmp, "tiny.csv"), os.path.join(tmp, "tiny.xlsx")
    write(data, rows, items)
    run("report", "-i", "learning-leadership-pulse", "-o", out, data)
    coloured = [k for k, v in heatmap_fills(out).items() if v is not None]
    if coloured:
        problems.append("tiny differences coloured: %r" % coloured[:3])
    # --colour favourable: by the share favourable (all 5s: 100 %; 1-2: 0 %)
    out = os.path.join(tmp, "fav.xlsx")
    run("report", "-i", "learning-leadership-pulse", "--colour", "favourable", "-o", out,
        os.path.join(tmp, "pulse.csv"))
    fills = heatmap_fills(out)
    if fills.get(("Org/Strong", "Competence satisfaction")) != GREEN or \
            fills.get(("Org/Focus", "Autonomy satisfaction")) != RED:
        problems.append("--colour favourable: %r %r" % (fills.get(("Org/Strong", "Competence satisfaction")),
                                                         fills.get(("Org/Focus", "Autonomy satisfaction"))))
    report("focus/colours-by-comparator", problems)


def main():
    if openpyxl is None:
        report("focus/openpyxl", ["python3-openpyxl is not installed"])
        return
    for name, fn in (("support-and-need", case_pulse), ("colours", case_colours),
                     ("frustration", case_frustration)):
        try:
            fn()
        except Exception as exc:  # a crash is a failure, not an abort
            report("focus/%s" % name, ["%s: %s" % (type(exc).__name__, exc)])


main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
