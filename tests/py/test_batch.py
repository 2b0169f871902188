"""`sdtscore batch`: a portfolio of simulated organisations, read back with
openpyxl and checked against figures computed here.

Organisation means come from `sdtscore score` (mean of the scored
respondents' scale scores); percentile ranks from
scipy.stats.percentileofscore(kind='mean') and quartile bands from
numpy.percentile (type 7) over the portfolio's means, both computed here
from those independent means. The benchmark's ranking sheets list a block
per scale, highest mean first, with the mean, percentile, quartile and its
certainty in columns of their own (test_benchmark_report.py checks the
certainty, the print setup and the charts). The anonymised benchmarks must
not contain another organisation's name or team name anywhere in the
package; a failing organisation is listed with its reason and makes the
exit code 5; with fewer than 5 organisations nothing is ranked; JSON and
CSV manifests and a directory give the same benchmark."""
import csv
import io
import json
import math
import os
import re
import shutil
import tempfile
import zipfile

from sdtcheck import bench_blocks, finish, report, run

try:
    import openpyxl
    import numpy
    from scipy import stats as sps
except ImportError:
    openpyxl = None

INSTRUMENT = "learning-leadership-pulse"
INSTRUMENT_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                               "instruments", INSTRUMENT + ".json")
tmp = tempfile.mkdtemp(prefix="sdt-batch-")
ORGS = ["Acme Oy", "Borealis Ab", "Cobalt Care", "Delta Works", "Ember Health",
        "Fjord Tech", "Granite Ltd", "Harbour Group", "Iris Bank"]  # 9: enough to band
SECRET_TEAM = "Zyxwv Lab"   # a team name only Cobalt Care has
BAND = {"top quartile": 1, "second quartile": 2, "third quartile": 3,
        "bottom quartile": 4}


def make_portfolio():
    root = os.path.join(tmp, "clients")
    for k, name in enumerate(ORGS):
        d = os.path.join(root, name)
        os.makedirs(d)
        path = os.path.join(d, "responses.csv")
        run("simulate", "-i", INSTRUMENT, "--respondents", str(80 + 25 * k),
            "--teams", "6", "--icc", "0.2", "--seed", str(100 + k), "-o", path)
        if name == "Cobalt Care":
            with open(path) as f:
                text = f.read().replace("/Engineering/", "/%s/" % SECRET_TEAM)
            with open(path, "w") as f:
                f.write(text)
    # Acme brings its own copy of the instrument, as a client folder may.
    shutil.copy(INSTRUMENT_FILE, os.path.join(root, "Acme Oy", "instrument.json"))
    bad = os.path.join(root, "Gamma Broken")
    os.makedirs(bad)
    with open(os.path.join(bad, "r.csv"), "w") as f:
        items = ",".join("q%d" % k for k in range(1, 19))
        f.write("id,team,%s\nx1,Org/T,9%s\n" % (items, ",3" * 17))
    return root


def score_rows(path):
    out = run("score", "-i", INSTRUMENT, path).stdout
    return list(csv.DictReader(io.StringIO(out)))


def scale_ids():
    with open(INSTRUMENT_FILE) as f:
        return [s["id"] for s in json.load(f)["scales"]]


def mean(xs):
    return math.fsum(xs) / len(xs) if xs else None


def expected(root, sids):
    """Per organisation: {scale: mean}, and {team below root: (n, {scale: mean})}."""
    orgs = {}
    for name in ORGS:
        rows = score_rows(os.path.join(root, name, "responses.csv"))
        org = {s: mean([float(r[s]) for r in rows if r[s] != ""]) for s in sids}
        teams = {}
        for t in sorted({r["team"] for r in rows}):
            tr = [r for r in rows if r["team"] == t]
            teams[t.split("/", 1)[1]] = (len(tr), {s: mean([float(r[s]) for r in tr
                                                            if r[s] != ""]) for s in sids})
        orgs[name] = (org, teams)
    return orgs


def portfolio_tables(ws):
    """The Portfolio sheet's two tables (organisations, then teams): the rows
    under each header row whose first cell is "Scale", and the note below."""
    tables, cur = [], None
    for row in ws.iter_rows(values_only=True):
        if row[0] == "Scale":
            cur = []
            tables.append((cur, []))
        elif cur is not None and row[0] is not None and row[1] is not None:
            cur.append(list(row))
        elif cur is not None and cur and row[0] is not None:
            tables[-1][1].append(row[0])
            cur = None
    return tables


def check_ranks(name, values, cells, problems):
    """cells: [(mean, percentile, band, certainty)] against the population
    `values`."""
    q1, q2, q3 = numpy.percentile(values, [25, 50, 75])
    for m, pct, band, cert in cells:
        want = sps.percentileofscore(values, m, kind="mean")
        if pct is None or abs(pct - want) > 1e-9:
            problems.append("%s: percentile %s, scipy %s" % (name, pct, want))
        wb = 1 if m >= q3 else 2 if m >= q2 else 3 if m >= q1 else 4
        if BAND.get(band) != wb:
            problems.append("%s: band %r, expected %d" % (name, band, wb))
        if cert not in ("clear", "uncertain"):
            problems.append("%s: certainty %r" % (name, cert))


def check_orgs(out, want, sids):
    wb = openpyxl.load_workbook(os.path.join(out, "benchmark.xlsx"))
    bl = bench_blocks(wb["Organisations"], 2, 5)
    problems = []
    if len(bl) != len(sids):
        problems.append("%d blocks for %d scales" % (len(bl), len(sids)))
    for (heading, rows), s in zip(bl, sids):
        names = [r[0] for r in rows]
        if sorted(names) != sorted(ORGS):
            problems.append("%s: organisations %s" % (s, names))
            continue
        if [r[2] for r in rows] != sorted((r[2] for r in rows), reverse=True):
            problems.append("%s: not highest first" % s)
        values = [want[n][0][s] for n in names]
        for r in rows:
            w = want[r[0]][0][s]
            if r[2] is None or abs(r[2] - w) > 1e-9:
                problems.append("%s %s: mean %s, expected %s" % (r[0], s, r[2], w))
        check_ranks("org " + s, values, [(want[r[0]][0][s], r[3], r[4], r[5]) for r in rows],
                    problems)
    # Bands are coloured: top green, bottom red (no frustration scale here).
    ws = wb["Organisations"]
    for row in ws.iter_rows(min_row=5):
        for c in row:
            want_fill = {"top quartile": "D9EAD3", "bottom quartile": "F4CCCC"}.get(c.value)
            got = (c.fill.fgColor.rgb or "")[-6:] if c.fill and c.fill.fill_type else ""
            if c.value in BAND and got != (want_fill or ""):
                problems.append("%s: fill %r" % (c.value, got))
                break
    # Portfolio: the distribution of the organisations' means.
    prow, note = portfolio_tables(wb["Portfolio"])[0]
    for j, s in enumerate(sids):
        values = [want[n][0][s] for n in ORGS]
        q = numpy.percentile(values, [0, 25, 50, 75, 100])
        got = prow[j][2:7]
        if prow[j][1] != len(values) or any(abs(g - e) > 1e-9 for g, e in zip(got, q)):
            problems.append("portfolio %s: %s, numpy %s" % (s, prow[j][1:7], list(q)))
    if note != ["Every scale has percentiles and quartiles."]:
        problems.append("portfolio note %r" % note)
    report("batch/organisations", problems)
    return wb


def check_teams(wb, want, sids):
    bl = bench_blocks(wb["Teams"], 3, 5)
    problems = []
    listed = set()
    for (heading, rows), s in zip(bl, sids):
        for r in rows:
            org, team, n = r[0], r[1], r[2]
            listed.add((org, team))
            wn, wm = want[org][1].get(team, (None, None))
            if wn is None or wn != n or n < 5:
                problems.append("%s %s: n %s, expected %s (>= 5)" % (org, team, n, wn))
                continue
            if r[3] is None or abs(r[3] - wm[s]) > 1e-9:
                problems.append("%s %s %s: %s, expected %s" % (org, team, s, r[3], wm[s]))
        values = [r[3] for r in rows]
        check_ranks("team " + s, values, [(r[3], r[4], r[5], r[6]) for r in rows], problems)
    for org in ORGS:
        for team, (n, _) in want[org][1].items():
            if n < 5 and (org, team) in listed:
                problems.append("%s %s has %d respondents but is listed" % (org, team, n))
    # Portfolio, teams' table: n, the distribution of the listed team means
    # (numpy), then the organisations they come from.
    prow = portfolio_tables(wb["Portfolio"])[1][0]
    for (heading, rows), j, s in zip(bl, range(len(sids)), sids):
        values = [r[3] for r in rows]
        q = numpy.percentile(values, [0, 25, 50, 75, 100])
        got = prow[j][2:7]
        if prow[j][1] != len(values) or prow[j][7] != len({r[0] for r in rows}) or \
                any(abs(g - e) > 1e-9 for g, e in zip(got, q)):
            problems.append("portfolio teams %s: %s, numpy %s" % (s, prow[j][1:8], list(q)))
    if not bl or not bl[0][1]:
        problems.append("no team listed")
    report("batch/teams", problems)


def package_text(path):
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


BANDS = ["<50", "50\u201399", "100\u2013249", "250\u2013499", "500\u2013999", "1000+"]


def band_of(n):
    """The size band an anonymised benchmark shows instead of n."""
    for limit, text in zip([50, 100, 250, 500, 1000], BANDS):
        if n < limit:
            return text
    return BANDS[-1]


def check_anonymised(out, want, sids):
    problems = []
    for name in ORGS:
        d = [e for e in os.listdir(out) if os.path.isdir(os.path.join(out, e))
             and name.replace(" ", "_") == e]
        if not d:
            problems.append("%s: no folder" % name)
            continue
        path = os.path.join(out, d[0], "benchmark.xlsx")
        text = package_text(path)
        own = package_text(os.path.join(out, d[0], "report.xlsx"))
        for other in ORGS:
            if other != name and other in own:
                problems.append("%s's report names %s" % (name, other))
        for other in ORGS:
            if other != name and other in text:
                problems.append("%s's benchmark names %s" % (name, other))
        if name != "Cobalt Care" and SECRET_TEAM in text:
            problems.append("%s's benchmark shows Cobalt Care's team name" % name)
        if name not in text:
            problems.append("%s's benchmark does not name it" % name)
        wb = openpyxl.load_workbook(path)
        fwb = openpyxl.load_workbook(os.path.join(out, "benchmark.xlsx"))
        rows = bench_blocks(wb["Organisations"], 2, 5)[0][1]
        full_rows = bench_blocks(fwb["Organisations"], 2, 5)[0][1]
        # Others are lettered by rank on the first scale, which orders its
        # block too, without their n.
        others = [r for r in rows if r[0] != name]
        letters = [r[0] for r in others]
        want_letters = ["Organisation %s" % chr(65 + i) for i in range(len(others))]
        if letters != want_letters or len(others) != len(rows) - 1:
            problems.append("%s: others %s" % (name, letters))
        # Their size only as a band, the band of their true n (the full
        # benchmark's rows, in the same rank order).
        truth = [r for r in full_rows if r[0] != name]
        for r, t in zip(others, truth):
            if r[1] != band_of(t[1]):
                problems.append("%s: %s size %r, want the band of %r" % (name, r[0], r[1], t[1]))
        # Every figure stored as shown: means to 2 decimals, ranks whole.
        for sheet in ("Organisations", "Teams", "Portfolio"):
            for r in wb[sheet].iter_rows(values_only=True):
                for x in r:
                    if isinstance(x, float) and abs(x * 100 - round(x * 100)) > 1e-6:
                        problems.append("%s: %s holds %r" % (name, sheet, x))
                        break
        # Their teams: "Organisation X team k", numbered 1.. within X by rank
        # on the first scale (so in its block's order), no n.
        seen = {}
        for r in bench_blocks(wb["Teams"], 3, 5)[0][1]:
            if r[0] == name:
                continue
            seen[r[0]] = seen.get(r[0], 0) + 1
            if r[1] != "%s team %d" % (r[0], seen[r[0]]) or r[2] not in BANDS:
                problems.append("%s: team row %s" % (name, r[:3]))
                break
        if not seen:
            problems.append("%s: no other organisation's team listed" % name)
        # Same figures as the full benchmark on every scale: anonymising
        # relabels and rounds only.
        for (h, mine), (fh, theirs) in zip(bench_blocks(wb["Organisations"], 2, 5),
                                           bench_blocks(fwb["Organisations"], 2, 5)):
            a = next(r for r in mine if r[0] == name)
            b = next(r for r in theirs if r[0] == name)
            if abs(a[2] - math.floor(b[2] * 100 + 0.5) / 100) > 1e-9 or \
                    a[3] != math.floor(b[3] + 0.5) or a[4:] != b[4:] or a[1] != b[1]:
                problems.append("%s %s: its own %r is not the full benchmark's %r as shown" % (
                    name, h, a, b))
    report("batch/anonymised", problems)


def check_summary(p, out):
    problems = []
    if p.returncode != 5:
        problems.append("exit %d, expected 5" % p.returncode)
    lines = p.stdout.splitlines()
    bad = [l for l in lines if l.startswith("Gamma Broken")]
    if not bad or "failed" not in bad[0] or "r.csv" not in bad[0] or "outside 1..5" not in bad[0]:
        problems.append("summary row for the failing organisation: %r" % bad)
    with open(os.path.join(out, "summary.csv"), newline="") as f:
        rows = {r["organisation"]: r for r in csv.DictReader(f)}
    if rows.get("Gamma Broken", {}).get("status") != "failed":
        problems.append("summary.csv: %s" % rows.get("Gamma Broken"))
    for name in ORGS:
        r = rows.get(name, {})
        if r.get("status") != "ok" or not os.path.exists(os.path.join(out, r.get("report", "-"))):
            problems.append("summary.csv %s: %s" % (name, r))
    if os.path.exists(os.path.join(out, "Gamma_Broken")):
        problems.append("an empty folder is left for the failing organisation")
    report("batch/summary-exit-5", problems)


def manifests(root, sids, full):
    """JSON and CSV manifests (paths relative to the manifest) give the
    same benchmark as the directory."""
    problems = []
    mj = {"organisations": [{"name": n, "files": ["clients/%s/responses.csv" % n],
                             "instrument": INSTRUMENT} for n in ORGS]}
    with open(os.path.join(tmp, "m.json"), "w") as f:
        json.dump(mj, f)
    with open(os.path.join(tmp, "m.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "file", "instrument", "headcount"])
        for n in ORGS:
            w.writerow([n, "clients/%s/responses.csv" % n, INSTRUMENT, ""])
    want = bench_blocks(openpyxl.load_workbook(os.path.join(full, "benchmark.xlsx"))
                        ["Organisations"], 2, 5)
    for m in ["m.json", "m.csv"]:
        out = os.path.join(tmp, "out-" + m)
        p = run("batch", "-o", out, os.path.join(tmp, m), check=False)
        if p.returncode != 0:
            problems.append("%s: exit %d: %s" % (m, p.returncode, p.stderr.strip()))
            continue
        got = bench_blocks(openpyxl.load_workbook(os.path.join(out, "benchmark.xlsx"))
                           ["Organisations"], 2, 5)
        if got != want:
            problems.append("%s: benchmark differs from the directory's" % m)
    report("batch/manifests", problems)


def too_few(root):
    """Three organisations: means shown, nothing ranked."""
    problems = []
    mj = {"organisations": [{"name": n, "files": ["clients/%s/responses.csv" % n]}
                            for n in ORGS[:3]]}
    with open(os.path.join(tmp, "few.json"), "w") as f:
        json.dump(mj, f)
    out = os.path.join(tmp, "out-few")
    p = run("batch", "-i", INSTRUMENT, "-o", out, os.path.join(tmp, "few.json"), check=False)
    if p.returncode != 0:
        problems.append("exit %d: %s" % (p.returncode, p.stderr.strip()))
    else:
        wb = openpyxl.load_workbook(os.path.join(out, "benchmark.xlsx"))
        for sheet, first in [("Organisations", 2), ("Teams", 3)]:
            for head, rows in bench_blocks(wb[sheet], first, 5):
                if "not ranked" not in head:
                    problems.append("%s heading: %r" % (sheet, head))
                for r in rows:
                    if r[first] is None or r[first + 1:first + 4] != [None] * 3:
                        problems.append("%s row %s: %s" % (sheet, r[0], r[first:first + 4]))
                        break
        if "need at least 5" not in p.stderr:
            problems.append("no warning: %s" % p.stderr.strip())
    report("batch/fewer-than-5", problems)


def org_problems(root):
    """An organisation without an instrument, one whose headcount file is
    missing and one with a good headcount: the first two fail with their
    reasons, the third gets response rates; --progress draws on stderr
    and nothing is drawn by default when stderr is not a terminal."""
    problems = []
    hc = os.path.join(tmp, "hc.csv")
    rows = score_rows(os.path.join(root, ORGS[0], "responses.csv"))
    with open(hc, "w") as f:
        f.write("team,headcount\n")
        for t in sorted({r["team"] for r in rows}):
            f.write('"%s",%d\n' % (t, 40))
    mj = {"organisations": [
        {"name": "No Instrument", "files": ["clients/%s/responses.csv" % ORGS[1]]},
        {"name": "Lost Headcount", "files": ["clients/%s/responses.csv" % ORGS[2]],
         "instrument": INSTRUMENT, "headcount": "missing.csv"},
        {"name": "Counted", "files": ["clients/%s/responses.csv" % ORGS[0]],
         "instrument": INSTRUMENT, "headcount": "hc.csv"}]}
    with open(os.path.join(tmp, "orgs.json"), "w") as f:
        json.dump(mj, f)
    out = os.path.join(tmp, "out-orgs")
    for flag in ["--progress", None]:
        args = ["batch", "-o", out, os.path.join(tmp, "orgs.json")]
        p = run(*(args + [flag] if flag else args), check=False)
        # (text mode reads the bar's carriage returns as newlines)
        drawn = re.search(r"\[[#.]{30}\] \d/3 ", p.stderr) is not None
        if drawn != (flag == "--progress"):
            problems.append("progress bar %s with %s" % ("drawn" if drawn else "not drawn", flag))
    if p.returncode != 5:
        problems.append("exit %d, expected 5" % p.returncode)
    table = {l.split("  ")[0]: l for l in p.stdout.splitlines()[1:]}
    if "no instrument" not in table.get("No Instrument", ""):
        problems.append("no-instrument row: %r" % table.get("No Instrument"))
    if "missing.csv" not in table.get("Lost Headcount", "") or \
            "failed" not in table.get("Lost Headcount", ""):
        problems.append("lost-headcount row: %r" % table.get("Lost Headcount"))
    if " ok" not in table.get("Counted", ""):
        problems.append("counted row: %r" % table.get("Counted"))
    else:
        wb = openpyxl.load_workbook(os.path.join(out, "Counted", "report.xlsx"))
        text = package_text(os.path.join(out, "Counted", "report.xlsx"))
        if "Response rate" not in text:
            problems.append("the headcount gave no response rate column")
    report("batch/organisation-problems", problems)


def frustration_colours():
    """A portfolio of nine on an instrument with frustration scales
    (bpnsfs-work): there lower is better, so the bottom quartile is the
    green one and the top the red, the other way round from the
    satisfaction scales beside them. Bands from numpy over means from
    `sdtscore score`; the Organisations sheet's quartile cell of each
    organisation in each scale's block."""
    inst = "bpnsfs-work"
    with open(os.path.join(os.path.dirname(INSTRUMENT_FILE), inst + ".json")) as f:
        scales = json.load(f)["scales"]
    root = os.path.join(tmp, "frustration")
    means = {}
    for k, name in enumerate(ORGS):
        os.makedirs(os.path.join(root, name))
        path = os.path.join(root, name, "responses.csv")
        run("simulate", "-i", inst, "--respondents", str(60 + 10 * k), "--teams", "4",
            "--icc", "0.3", "--seed", str(700 + k), "-o", path)
        rows = list(csv.DictReader(io.StringIO(run("score", "-i", inst, path).stdout)))
        means[name] = {s["id"]: mean([float(r[s["id"]]) for r in rows if r[s["id"]] != ""])
                       for s in scales}
    out = os.path.join(tmp, "frustration-out")
    run("batch", "-i", inst, "-o", out, root)
    ws = openpyxl.load_workbook(os.path.join(out, "benchmark.xlsx"))["Organisations"]
    green, red = "D9EAD3", "F4CCCC"
    problems, coloured = [], {"satisfaction": 0, "frustration": 0}
    heading = None
    for row in ws.iter_rows(min_row=5):
        if row[0].value is not None and all(c.value is None for c in row[1:]):
            heading = row[0].value
            continue
        if row[0].value not in means:
            continue
        sc = scales[[b for b, _ in bench_blocks(ws, 2, 5)].index(heading)]
        values = [means[n][sc["id"]] for n in means]
        q1, q2, q3 = numpy.percentile(values, [25, 50, 75])
        m = means[row[0].value][sc["id"]]
        band = 1 if m >= q3 else 2 if m >= q2 else 3 if m >= q1 else 4
        lower = sc["valence"] == "frustration"
        want = {1: red if lower else green, 4: green if lower else red}.get(band, "")
        cell = row[4]
        got = (cell.fill.fgColor.rgb or "")[-6:] if cell.fill and cell.fill.fill_type else ""
        if BAND.get(cell.value) != band or got != want:
            problems.append("%s %s: %r filled %r, expected band %d filled %r"
                            % (row[0].value, sc["id"], cell.value, got, band, want))
        coloured[sc["valence"]] += bool(want)
    if min(coloured.values()) < 9:
        problems.append("coloured cells per valence: %r" % coloured)
    report("batch/frustration-colours (%d satisfaction and %d frustration cells coloured)"
           % (coloured["satisfaction"], coloured["frustration"]), problems)


def main():
    if openpyxl is None:
        report("batch/python-modules", ["python3-openpyxl, numpy or scipy is missing"])
        return
    root = make_portfolio()
    sids = scale_ids()
    want = expected(root, sids)
    out = os.path.join(tmp, "out")
    p = run("batch", "-i", INSTRUMENT, "--anonymise-orgs", "-o", out, root, check=False)
    for name, fn in [("summary", lambda: check_summary(p, out)),
                     ("organisations", lambda: check_teams(check_orgs(out, want, sids),
                                                           want, sids)),
                     ("anonymised", lambda: check_anonymised(out, want, sids)),
                     ("manifests", lambda: manifests(root, sids, out)),
                     ("few", lambda: too_few(root)),
                     ("frustration", frustration_colours),
                     ("problems", lambda: org_problems(root))]:
        try:
            fn()
        except Exception as exc:  # a crash is a failure, not an abort
            report("batch/%s" % name, ["%s: %s" % (type(exc).__name__, exc)])


main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
