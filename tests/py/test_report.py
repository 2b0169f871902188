"""`sdtscore report`: workbooks read back with openpyxl and as raw XML.

Heatmap means equal `sdtscore stats` team means and, for every group, the
means computed here from `sdtscore score` output; hidden cells read
"fewer than N"; no hidden figure is anywhere in the package; sheet names in
en/fi/sv; split workbooks hold only their own branch, under safe names."""
import csv
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

from sdtcheck import REF, check_no_leak, close, finish, report, run

try:
    import openpyxl
except ImportError:  # the test needs it; say so rather than crash
    openpyxl = None

SHEETS = {
    "en": ["Summary", "Heatmap", "Scores", "Items", "Actions", "Charts", "Reliability",
           "Data quality", "Method"],
    "fi": ["Yhteenveto", "Lämpökartta", "Tulokset", "Väittämät", "Toimenpiteet", "Kaaviot",
           "Luotettavuus", "Aineiston laatu", "Menetelmä"],
    "sv": ["Sammanfattning", "Värmekarta", "Resultat", "Påståenden", "Åtgärder", "Diagram",
           "Reliabilitet", "Datakvalitet", "Metod"],
}
HIDDEN = {"en": "fewer than %d", "fi": "alle %d", "sv": "färre än %d"}
# a group of N or more whose figures would let a smaller group be worked out
PROTECT = {"en": "protected", "fi": "suojattu", "sv": "skyddad"}
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1795824000")
tmp = tempfile.mkdtemp(prefix="sdt-report-")


def sdt(*args):
    p = subprocess.run([os.environ.get("SDT", "build/sdtscore"), *args],
                       capture_output=True, text=True, env=ENV)
    if p.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(args), p.returncode,
                                                 p.stderr.strip()))
    return p


def scores(inst, files):
    """Per respondent: team and scale scores, from `sdtscore score`."""
    out = run("score", "-i", inst, *files).stdout
    return list(csv.DictReader(io.StringIO(out)))


def group_means(rows, scale_ids):
    """Mean per (group path, scale) over every respondent at or below it;
    the root ("" key) holds everyone, with or without a team."""
    acc = {}
    for r in rows:
        team = r["team"]
        parts = team.split("/") if team else []
        paths = [""] + ["/".join(parts[:k]) for k in range(1, len(parts) + 1)]
        for p in paths:
            for s in scale_ids:
                if r[s] != "":
                    acc.setdefault((p, s), []).append(float(r[s]))
    return {k: math.fsum(v) / len(v) for k, v in acc.items()}


def heatmap(path, sheet="Heatmap"):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    rows = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None:
            break
        rows.append(row)
    return wb, header, rows


def check_reference(ds, lang):
    inst = os.path.join(REF, ds, "instrument.json")
    data = os.path.join(REF, ds, "responses.csv")
    out = os.path.join(tmp, "%s-%s.xlsx" % (ds, lang))
    sdt("report", "-i", inst, "--lang", lang, "-o", out, data)
    stats = __import__("json").loads(run("stats", "-i", inst, "--format", "json",
                                         data).stdout)
    ids = [s["id"] for s in stats["scales"]]
    rows = scores(inst, [data])
    means = group_means(rows, ids)
    wb, header, hm = heatmap(out, SHEETS[lang][1])
    problems = []
    if wb.sheetnames != SHEETS[lang]:
        problems.append("sheets %r" % wb.sheetnames)
    teams = {t["team"]: t for t in stats["teams"]}
    hidden_text = HIDDEN[lang] % stats["min_group"]
    hidden_vals, visible_vals = [], []
    root = hm[0][0]
    for row in hm:
        path, n, cells = row[0], row[1], row[2:2 + len(ids)]
        key = "" if path == root else path
        for s, cell in zip(ids, cells):
            want = means.get((key, s))
            if isinstance(cell, str):
                if cell == PROTECT[lang]:
                    if n < stats["min_group"]:
                        problems.append("%s (n=%d) %s: protection label" % (path, n, s))
                elif cell != hidden_text:
                    problems.append("%s %s: text %r" % (path, s, cell))
                if want is not None:
                    hidden_vals.append(want)
                continue
            visible_vals.append(cell)
            if n < stats["min_group"]:
                problems.append("%s (n=%d) shows a figure" % (path, n))
            if want is None or not close(cell, want, rel=1e-9, abs_=1e-9):
                problems.append("%s %s: %r != score mean %r" % (path, s, cell, want))
            t = teams.get(path)
            if t and t["scales"]:
                m = t["scales"][ids.index(s)]["mean"]
                if not close(cell, m, rel=1e-9, abs_=1e-9):
                    problems.append("%s %s: %r != stats %r" % (path, s, cell, m))
    if not hidden_vals:
        problems.append("no hidden cell to check (dataset changed?)")
    # skipping hidden cells must leave enough compared to mean something
    if len(visible_vals) < 4 * len(ids):
        problems.append("only %d visible cells compared" % len(visible_vals))
    report("report/heatmap/%s/%s (%d visible cells, %d hidden)"
           % (ds, lang, len(visible_vals), len(hidden_vals)), problems)
    check_no_leak("report/no-leak/%s/%s" % (ds, lang), out, hidden_vals, visible_vals)


LONG = "Org/Ops/" + "Ä" * 30 + "L" * 120
HYPER = 'Org/Sales/=HYPERLINK("http://example.com","click")'
CRAFTED = [("Org/Sales/Team 07", 8), (HYPER, 6), ("Org/Ops/../x", 7), (LONG, 6),
           ("Org/Ops/Tiny", 2), ("Org/Care/Team 1", 12), ("Org/Care/Team 2", 12),
           ("Org/Care/Team 3", 3)]


def crafted_data():
    """pulse12 answers under a hierarchy with awkward team names."""
    src = list(csv.reader(open(os.path.join(REF, "pulse12", "responses.csv"),
                               encoding="utf-8")))
    out = os.path.join(tmp, "crafted.csv")
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(src[0])
        k = 1
        for team, n in CRAFTED:
            for _ in range(n):
                row = list(src[k])
                row[1] = team
                w.writerow(row)
                k += 1
    return out


def all_strings(path):
    wb = openpyxl.load_workbook(path)
    vals = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    vals.append(c.value)
    return wb, vals


def check_split_team(inst, data, full):
    d = os.path.join(tmp, "teams")
    os.mkdir(d)
    sdt("report", "-i", inst, "--split-by", "team", "-o", d, data)
    names = sorted(os.listdir(d))
    _, _, hm = heatmap(full)
    shown = {r[0]: r for r in hm}
    # a team gets a workbook when any of its scales is shown
    visible = [t for t, _ in CRAFTED if t in shown and
               any(not isinstance(c, str) and c is not None for c in shown[t][2:])]
    problems = []
    if len(names) != len(visible):
        problems.append("%d workbooks for %d visible teams: %r" % (len(names), len(visible), names))
    for nm in names:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*\.xlsx", nm) or len(nm.encode()) > 100:
            problems.append("unsafe file name %r" % nm)
    if len({n.lower() for n in names}) != len(names):
        problems.append("file names not unique: %r" % names)
    for nm in names:
        wb, strings = all_strings(os.path.join(d, nm))
        _, _, rows = heatmap(os.path.join(d, nm))
        paths = [r[0] for r in rows]
        teams = [p for p in paths if p in dict(CRAFTED)]
        if len(teams) != 1:
            problems.append("%s: teams %r" % (nm, teams))
            continue
        team = teams[0]
        want = ["Org"] + ["/".join(team.split("/")[:k]) for k in range(2, team.count("/") + 2)]
        if paths != want:
            problems.append("%s: groups %r, want %r" % (nm, paths, want))
        for other, _ in CRAFTED:
            if other != team and any(other in s for s in strings):
                problems.append("%s: sibling %r appears" % (nm, other))
    report("report/split/team", problems)


def check_split_level(inst, data):
    d = os.path.join(tmp, "units")
    os.mkdir(d)
    sdt("report", "-i", inst, "--split-by", "level:1", "-o", d, data)
    names = sorted(os.listdir(d))
    problems = []
    if names != ["Org_Care.xlsx", "Org_Ops.xlsx", "Org_Sales.xlsx"]:
        problems.append("files %r" % names)
    for nm in names:
        unit = "Org/" + nm[4:-5]
        _, _, rows = heatmap(os.path.join(d, nm))
        for r in rows[1:]:
            if not r[0].startswith(unit):
                problems.append("%s: foreign group %r" % (nm, r[0]))
        if len(rows) < 2:
            problems.append("%s: no groups" % nm)
    report("report/split/level", problems)


def check_crafted():
    inst = os.path.join(REF, "pulse12", "instrument.json")
    data = crafted_data()
    full = os.path.join(tmp, "crafted.xlsx")
    sdt("report", "-i", inst, "-o", full, data)
    problems = []
    wb, header, hm = heatmap(full)
    by = {r[0]: r for r in hm}
    for t, n in CRAFTED:
        if n < 5 and (t not in by or by[t][2] != "fewer than 5"):
            problems.append("%s not hidden" % t)
    # Differencing: Care's hidden Team 3 (3 people) must not be derivable
    # from Care minus its visible teams.
    care = [t for t, _ in CRAFTED if t.startswith("Org/Care/")]
    if all(not isinstance(by[t][2], str) for t in care if t != "Org/Care/Team 3") \
            and not isinstance(by["Org/Care"][2], str):
        problems.append("Org/Care and all but one of its teams visible")
    with zipfile.ZipFile(full) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/") and "<f>" in z.read(part).decode():
                problems.append("%s has a formula" % part)
    cell = next((c for c in wb["Heatmap"]["A"] if c.value == HYPER), None)
    if cell is None or cell.data_type != "s":
        problems.append("formula-like team name not stored as text")
    report("report/crafted/hierarchy", problems)
    ids = [c for c in header[2:] if c]
    rows = scores(inst, [data])
    scale_ids = [s for s in rows[0].keys() if s not in ("id", "team") and not s.endswith("_answered")]
    means = group_means(rows, scale_ids[:3])
    hidden = [means[(t, s)] for t, n in CRAFTED if n < 5 for s in scale_ids[:3]
              if (t, s) in means]
    visible = [v for r in hm for v in r[2:] if isinstance(v, float)]
    check_no_leak("report/crafted/no-leak", full, hidden, visible)
    check_split_team(inst, data, full)
    check_split_level(inst, data)


def check_errors():
    inst = os.path.join(REF, "pulse12", "instrument.json")
    data = os.path.join(REF, "pulse12", "responses.csv")
    problems = []
    hc = os.path.join(tmp, "headcount.csv")
    with open(hc, "w") as f:
        f.write("team,headcount\nOrg/Sales/Team 07,12\nOrg/Care/Team 02,lots\n")
    out = os.path.join(tmp, "hc.xlsx")
    p = run("report", "-i", inst, "--headcount", hc, "-o", out, data, check=False)
    if p.returncode != 1 or ":3:" not in p.stderr or os.path.exists(out):
        problems.append("bad headcount row: exit %d, %r" % (p.returncode, p.stderr.strip()))
    with open(hc, "w") as f:
        f.write("team,headcount\nOrg/Sales/Team 07,12\n")
    p = run("report", "-i", inst, "--headcount", hc, "-o", out, data, check=False)
    if p.returncode != 0 or not os.path.exists(out):
        problems.append("good headcount: exit %d, %r" % (p.returncode, p.stderr.strip()))
    p = run("report", "-i", inst, "--lang", "de", "-o", out, data, check=False)
    if p.returncode != 2:
        problems.append("--lang de: exit %d" % p.returncode)
    bad = os.path.join(tmp, "no", "such", "dir.xlsx")
    p = run("report", "-i", inst, "-o", bad, data, check=False)
    if p.returncode != 3 or os.path.exists(os.path.dirname(bad)):
        problems.append("unwritable output: exit %d" % p.returncode)
    report("report/errors", problems)


def check_reason_language():
    """Left-out reasons are in the report's language: three repeated rows
    left out with --duplicates first show as such on the Data quality
    sheet in Finnish and Swedish, with the count 3."""
    problems = []
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "examples", "learning-leadership-pulse.csv")
    with open(src) as f:
        lines = f.read().splitlines()
    path = os.path.join(tmp, "dups.csv")
    with open(path, "w") as f:
        f.write("\n".join(lines[:21] + lines[1:4]) + "\n")
    want = {"fi": ("Aineiston laatu", "toistuva vastaajatunnus"),
            "sv": ("Datakvalitet", "upprepat svarande-id")}
    for lang, (sheet, text) in want.items():
        out = os.path.join(tmp, "dups-%s.xlsx" % lang)
        sdt("report", "-i", "learning-leadership-pulse", "--duplicates", "first",
            "--lang", lang, "-o", out, path)
        rows = [r for r in openpyxl.load_workbook(out)[sheet].iter_rows(values_only=True)]
        if not any(text in r and 3 in r for r in rows):
            problems.append("%s: no row (%r, 3)" % (lang, text))
        if any("duplicate id" in r for r in rows):
            problems.append("%s: the English reason is shown" % lang)
    report("report/reason-language", problems)


def main():
    if openpyxl is None:
        report("report/openpyxl", ["python3-openpyxl is not installed"])
        return
    for name, fn in [("reference", lambda: [check_reference(ds, lang)
                                            for ds in ("pulse12", "needs18rev")
                                            for lang in ("en", "fi", "sv")]),
                     ("crafted", check_crafted), ("errors", check_errors),
                     ("reasons", check_reason_language)]:
        try:
            fn()
        except Exception as exc:  # a crash is a failure, not an abort
            report("report/%s" % name, ["%s: %s" % (type(exc).__name__, exc)])


main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
