"""The board-ready benchmark workbook (`sdtscore batch`), read back with
openpyxl and checked against figures computed here from the raw answers.

A portfolio of 10 crafted organisations (answers drawn here, written as
CSV) is scored here without sdtscore: each respondent's scale score is the
mean of the scale's answered items when at least min_answered are
answered; per organisation and team, n, mean and SD (n - 1) with numpy,
the 95 % CI from scipy's t quantile, quartile cut points with
numpy.percentile (type 7), percentiles with scipy's percentileofscore
(kind='mean'). From those alone the test derives each band and whether it
is uncertain (a cut point strictly inside the CI), and checks:
- percentile, quartile band and certainty in separate, labelled columns
  (numbers as numbers, the band as text);
- no band at all with fewer than 8 organisations (6 of them), a note
  saying why, the Portfolio naming the scales without quartiles;
- print setup from the xlsx XML: landscape A4, fit to one page wide,
  the header row repeated, and columns narrow enough that a fit-to-width
  print keeps the 11 pt font at 9 pt or more;
- the Method sheet names no software library, no command line or path;
- a chart per scale reading the Organisations sheet's cells, with literal
  title and series name, the client's bar coloured in its own copy, and
  no figure in a chart that the cells do not hold as shown;
- en, fi and sv workbooks alike."""
import math
import os
import re
import shutil
import tempfile
import zipfile

from sdtcheck import bench_blocks, finish, report, run

try:
    import numpy
    import openpyxl
    from scipy import stats as sps
except ImportError:
    openpyxl = None

HERE = os.path.dirname(os.path.abspath(__file__))
INSTRUMENT = "learning-leadership-pulse"
INSTRUMENT_FILE = os.path.join(HERE, "..", "..", "instruments", INSTRUMENT + ".json")
tmp = tempfile.mkdtemp(prefix="sdt-bench-")
ORGS = ["Alder Care", "Birch Mills", "Cedar Bank", "Dogwood Schools", "Elm Transit",
        "Fir Studios", "Ginkgo Labs", "Hazel Foods", "Ilex Energy", "Juniper Water"]
FOCUS = "Dogwood Schools"
BANDS = {"en": ["top quartile", "second quartile", "third quartile", "bottom quartile"],
         "fi": ["ylin neljännes", "toinen neljännes", "kolmas neljännes", "alin neljännes"],
         "sv": ["översta kvartilen", "andra kvartilen", "tredje kvartilen",
                "nedersta kvartilen"]}
CERTAIN = {"en": ("clear", "uncertain"), "fi": ("varma", "epävarma"),
           "sv": ("säker", "osäker")}
SHEETS = {"en": ("Organisations", "Teams", "Portfolio", "Method", "Charts"),
          "fi": ("Organisaatiot", "Tiimit", "Vertailuaineisto", "Menetelmä", "Kaaviot"),
          "sv": ("Organisationer", "Team", "Jämförelsedata", "Metod", "Diagram")}
HEADERS = {"en": ("Mean", "Percentile", "Quartile", "Certainty"),
           "fi": ("Keskiarvo", "Persentiili", "Kvartiili", "Varmuus"),
           "sv": ("Medelvärde", "Percentil", "Kvartil", "Säkerhet")}
HEAD_ROW = 4   # 1-based: title, intro, note on bands, header


def instrument():
    import json
    with open(INSTRUMENT_FILE) as f:
        d = json.load(f)
    lo, hi = d["response_scale"]["min"], d["response_scale"]["max"]
    rev = {i["id"]: bool(i.get("reverse")) for i in d["items"]}
    scales = [(s["id"], s["label"]["en"] if isinstance(s.get("label"), dict) else s["id"],
               s["items"], s.get("min_answered", len(s["items"]))) for s in d["scales"]]
    # the rating items the scales hold (outcome and comment items are
    # left unanswered: the benchmark ranks scales)
    return lo, hi, rev, scales, [i["id"] for i in d["items"]
                                 if i.get("type", "likert") == "likert"]


def make_portfolio(items):
    """Organisations far apart and close together, so that some bands are
    clear and some are not; a few answers missing."""
    rng = numpy.random.default_rng(20260601)
    root = os.path.join(tmp, "clients")
    for k, name in enumerate(ORGS):
        d = os.path.join(root, name)
        os.makedirs(d)
        base = 2.3 + 0.2 * k + (0.05 if k % 3 == 0 else 0)
        lines = ["id,team," + ",".join(items)]
        rid = 0
        for t in range(3):
            team_eff = rng.normal(0, 0.25)
            for _ in range(int(rng.integers(10, 30))):
                rid += 1
                person = base + team_eff + rng.normal(0, 0.6)
                vals = []
                for q in items:
                    x = int(min(5, max(1, round(person + rng.normal(0, 0.8)))))
                    vals.append("" if rng.random() < 0.05 else str(x))
                lines.append("r%04d,Org/Team %d,%s" % (rid, t + 1, ",".join(vals)))
        with open(os.path.join(d, "responses.csv"), "w") as f:
            f.write("\n".join(lines) + "\n")
    return root


def read_answers(path):
    import csv
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def score(row, scale, lo, hi, rev):
    """A respondent's scale score, or None (fewer than min_answered)."""
    _, _, items, min_ans = scale
    xs = [(lo + hi - int(row[q])) if rev[q] else int(row[q]) for q in items if row[q] != ""]
    return sum(xs) / len(xs) if len(xs) >= min_ans else None


def summary(xs):
    """n, mean, SD, CI from numpy and scipy alone."""
    a = numpy.array(xs, dtype=float)
    n = len(a)
    m = float(a.mean())
    sd = float(a.std(ddof=1))
    h = float(sps.t.ppf(0.975, n - 1)) * sd / math.sqrt(n)
    return {"n": n, "mean": m, "lo": m - h, "hi": m + h}


def expected(root, names, inst):
    """{org: {scale: summary}} and {(org, team): {scale: summary}}."""
    lo, hi, rev, scales, _ = inst
    orgs, teams = {}, {}
    for name in names:
        rows = read_answers(os.path.join(root, name, "responses.csv"))
        orgs[name] = {}
        for sc in scales:
            orgs[name][sc[0]] = summary([s for s in (score(r, sc, lo, hi, rev) for r in rows)
                                         if s is not None])
        for t in sorted({r["team"] for r in rows}):
            tr = [r for r in rows if r["team"] == t]
            teams[(name, t.split("/", 1)[1])] = {
                sc[0]: summary([s for s in (score(r, sc, lo, hi, rev) for r in tr)
                                if s is not None]) for sc in scales}
    return orgs, teams


def bands_of(values, cells):
    """Band (1..4) and uncertainty of each of cells' (mean, lo, hi) against
    the portfolio `values`; uncertainty None where a cut point sits within
    1e-9 of the CI's end (too close to call between two t quantiles)."""
    cuts = numpy.percentile(values, [25, 50, 75])
    out = []
    for m, lo, hi in cells:
        band = 1 if m >= cuts[2] else 2 if m >= cuts[1] else 3 if m >= cuts[0] else 4
        if any(abs(c - lo) < 1e-9 or abs(c - hi) < 1e-9 for c in cuts):
            out.append((band, None))
        else:
            out.append((band, any(lo < c < hi for c in cuts)))
    return out


def check_columns(ws, lang, lead, problems):
    head = [c.value for c in ws[HEAD_ROW]][lead:lead + 4]
    if tuple(head) != HEADERS[lang]:
        problems.append("%s header %r" % (ws.title, head))


def check_ranking(ws, lang, lead, want, keys, problems, banded=True):
    """Each block against the figures computed here: `want[key][scale]`,
    keys(row) the key of a sheet row."""
    inst = INST
    check_columns(ws, lang, lead, problems)
    bl = bench_blocks(ws, lead, HEAD_ROW + 1)
    if len(bl) != len(inst[3]):
        problems.append("%s: %d blocks for %d scales" % (ws.title, len(bl), len(inst[3])))
        return 0
    uncertain_seen = set()
    for (heading, rows), sc in zip(bl, inst[3]):
        sid = sc[0]
        listed = [keys(r) for r in rows]
        values = [want[k][sid]["mean"] for k in listed]
        got_means = [r[lead] for r in rows]
        if got_means != sorted(got_means, reverse=True):
            problems.append("%s %s: not highest first" % (ws.title, sid))
        exp = bands_of(values, [(want[k][sid]["mean"], want[k][sid]["lo"], want[k][sid]["hi"])
                                for k in listed])
        for r, k, (band, unc) in zip(rows, listed, exp):
            m, pct, bnd, cert = r[lead:lead + 4]
            w = want[k][sid]
            if not isinstance(m, (int, float)) or abs(m - w["mean"]) > 1e-9:
                problems.append("%s %s %s: mean %r, computed %r" % (ws.title, sid, k, m, w["mean"]))
            pw = sps.percentileofscore(values, w["mean"], kind="mean")
            if not isinstance(pct, (int, float)) or abs(pct - pw) > 1e-9:
                problems.append("%s %s %s: percentile %r, scipy %r" % (ws.title, sid, k, pct, pw))
            if not banded:
                if bnd != "\u2013" or cert is not None:
                    problems.append("%s %s %s: band %r %r with too few" % (ws.title, sid, k, bnd, cert))
                continue
            if bnd not in BANDS[lang] or BANDS[lang].index(bnd) + 1 != band:
                problems.append("%s %s %s: band %r, expected %d" % (ws.title, sid, k, bnd, band))
            if unc is not None and cert != CERTAIN[lang][1 if unc else 0]:
                problems.append("%s %s %s: certainty %r, CI [%.4f, %.4f] against %s" % (
                    ws.title, sid, k, cert, w["lo"], w["hi"], list(numpy.percentile(values, [25, 50, 75]))))
            if unc is not None:
                uncertain_seen.add(unc)
    return uncertain_seen


# --- print setup ------------------------------------------------------------

A4_LANDSCAPE_PX = (841.89 - 2 * 0.5 * 72) / 0.75   # printable width, margins 0.5 in


def col_px(width):
    """Excel's pixels for a column width in characters (Calibri 11)."""
    return math.floor(width * 7 + 5)


def print_problems(wb, name, n_cols):
    problems = []
    ws = wb[name]
    ps = ws.page_setup
    if ps.orientation != "landscape" or str(ps.paperSize) != "9":
        problems.append("%s: %s, paper %s" % (name, ps.orientation, ps.paperSize))
    fit = ws.sheet_properties.pageSetUpPr
    if not (fit is not None and fit.fitToPage) or ps.fitToWidth not in (1, None) or \
            ps.fitToHeight != 0:
        problems.append("%s: fit to page %s, %s wide x %s tall" % (
            name, fit and fit.fitToPage, ps.fitToWidth, ps.fitToHeight))
    if n_cols:
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(c + 1)].width
                  for c in range(n_cols)]
        px = sum(col_px(w or 8.43) for w in widths)
        scale = min(1.0, A4_LANDSCAPE_PX / px)
        if 11 * scale < 9:
            problems.append("%s: %d px of columns print at %.1f pt" % (name, px, 11 * scale))
    return problems


def check_print(wb, lang, problems):
    orgs, teams, portfolio, method, charts = SHEETS[lang]
    for name, n_cols in [(orgs, 6), (teams, 7), (portfolio, 8), (method, 2), (charts, 0)]:
        problems += print_problems(wb, name, n_cols)
    for name in (orgs, teams):
        if (wb[name].print_title_rows or "").replace("$", "") != "%d:%d" % (HEAD_ROW, HEAD_ROW):
            problems.append("%s repeats rows %r" % (name, wb[name].print_title_rows))


def method_problems(wb, lang, out):
    text = " ".join(str(c.value) for row in wb[SHEETS[lang][3]].iter_rows() for c in row
                    if c.value is not None)
    problems = []
    for bad in ["scipy", "numpy", "R's", "R:s", "R:n", "percentileofscore", "sdtscore batch",
                out, tmp]:
        if bad.lower() in text.lower():
            problems.append("Method names %r" % bad)
    if "/" in text:
        problems.append("Method holds a '/': %r" % text[max(0, text.index("/") - 40):][:80])
    return problems


def check_charts(path, wb, lang, focus, problems):
    """A chart per scale over the Organisations sheet's cells."""
    orgs_sheet = SHEETS[lang][0]
    ws = wb[orgs_sheet]
    with zipfile.ZipFile(path) as z:
        charts = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        xml = {n: z.read(n).decode("utf-8") for n in charts}
    if len(charts) != len(INST[3]):
        problems.append("%d charts for %d scales" % (len(charts), len(INST[3])))
    for n, x in xml.items():
        refs = re.findall(r"<c:f>(.*?)</c:f>", x)
        title = re.findall(r"<a:t>(.*?)</a:t>", x)
        series = re.findall(r"<c:tx><c:v>(.*?)</c:v></c:tx>", x)
        if not title or not series:
            problems.append("%s: title %r, series %r not literal" % (n, title, series))
        if len(refs) != 2 or any(not r.startswith("%s!" % orgs_sheet) and
                                 not r.startswith("'%s'!" % orgs_sheet) for r in refs):
            problems.append("%s: reads %r" % (n, refs))
            continue
        cats, vals = [re.search(r"\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", r).groups() for r in refs]
        r0, r1 = int(vals[1]), int(vals[3])
        if cats[0] != "A" or vals[0] != "C" or (cats[1], cats[3]) != (vals[1], vals[3]):
            problems.append("%s: categories %s, values %s" % (n, refs[0], refs[1]))
        labels = [ws.cell(row=r, column=1).value for r in range(r0, r1 + 1)]
        means = [ws.cell(row=r, column=3).value for r in range(r0, r1 + 1)]
        if any(not isinstance(v, (int, float)) for v in means) or \
                ws.cell(row=r0 - 1, column=2).value is not None:
            problems.append("%s: rows %d-%d are not one block's means" % (n, r0, r1))
        for cache in re.findall(r"<c:v>([-0-9.eE]+)</c:v>", x):
            if abs(float(cache) * 100 - round(float(cache) * 100)) > 1e-6 and focus:
                problems.append("%s caches %s" % (n, cache))
        if focus:
            pts = re.findall(r"<c:dPt><c:idx val=\"(\d+)\"/>(.*?)</c:dPt>", x)
            dark = [labels[int(i)] for i, body in pts if "1F4E79" in body]
            if dark != [focus]:
                problems.append("%s: dark bars %r, expected %r" % (n, dark, focus))


def run_batch(root, names, lang, out):
    import json
    mj = {"organisations": [{"name": n, "files": [os.path.join(root, n, "responses.csv")]}
                            for n in names]}
    man = os.path.join(tmp, "%s-%d.json" % (lang, len(names)))
    with open(man, "w") as f:
        json.dump(mj, f)
    p = run("batch", "-i", INSTRUMENT, "--lang", lang, "--anonymise-orgs", "--quiet",
            "-o", out, man, check=False)
    if p.returncode != 0:
        raise RuntimeError("batch exited %d: %s" % (p.returncode, p.stderr.strip()))
    return p


def focus_path(out):
    return os.path.join(out, FOCUS.replace(" ", "_"), "benchmark.xlsx")


def full_portfolio(root, orgs, teams, lang):
    out = os.path.join(tmp, "out-" + lang)
    run_batch(root, ORGS, lang, out)
    path = os.path.join(out, "benchmark.xlsx")
    wb = openpyxl.load_workbook(path)
    o, t = SHEETS[lang][0], SHEETS[lang][1]
    problems = []
    seen = check_ranking(wb[o], lang, 2, orgs, lambda r: r[0], problems)
    if seen != {True, False}:
        problems.append("the crafted portfolio gave certainties %s only: not a test" % seen)
    check_ranking(wb[t], lang, 3, teams, lambda r: (r[0], r[1]), problems)
    report("benchmark_report/%s/ranks-bands-certainty" % lang, problems)

    problems = []
    check_print(wb, lang, problems)
    report("benchmark_report/%s/print-setup" % lang, problems)
    report("benchmark_report/%s/method-wording" % lang, method_problems(wb, lang, out))

    problems = []
    check_charts(path, wb, lang, None, problems)
    anon = focus_path(out)
    awb = openpyxl.load_workbook(anon)
    check_charts(anon, awb, lang, FOCUS, problems)
    report("benchmark_report/%s/charts" % lang, problems)

    problems = []
    check_print(awb, lang, problems)
    problems += method_problems(awb, lang, out)
    check_anonymised(awb, wb, lang, problems)
    report("benchmark_report/%s/anonymised" % lang, problems)


def check_anonymised(awb, wb, lang, problems):
    """The client's copy: its rows as the full benchmark's, rounded; every
    other figure stored as shown; the same bands and certainties."""
    o = SHEETS[lang][0]
    full = {(h, r[0]): r for h, rows in bench_blocks(wb[o], 2, HEAD_ROW + 1) for r in rows}
    for h, rows in bench_blocks(awb[o], 2, HEAD_ROW + 1):
        for r in rows:
            for x in r[2:4]:
                if isinstance(x, float) and abs(x * 100 - round(x * 100)) > 1e-6:
                    problems.append("%s holds %r" % (o, x))
            if r[0] == FOCUS:
                f = full[(h, FOCUS)]
                if abs(r[2] - round(f[2], 2)) > 1e-9 or r[3] != round(f[3]) or r[4:] != f[4:]:
                    problems.append("%s %s: %r, full %r" % (o, h, r, f))
            elif not r[0].startswith(("Organisation ", "Organisaatio ")):
                problems.append("%s names %r" % (o, r[0]))


def too_few(root, orgs):
    """Six organisations: percentiles, no quartile bands, and a note."""
    names = ORGS[:6]
    out = os.path.join(tmp, "out-six")
    p = run_batch(root, names, "en", out)
    wb = openpyxl.load_workbook(os.path.join(out, "benchmark.xlsx"))
    problems = []
    sub = {n: orgs[n] for n in names}
    check_ranking(wb["Organisations"], "en", 2, sub, lambda r: r[0], problems, banded=False)
    note = wb["Organisations"].cell(row=3, column=1).value or ""
    if "fewer than 8 organisations" not in note:
        problems.append("note: %r" % note)
    notes = [r[0] for r in wb["Portfolio"].iter_rows(values_only=True)
             if isinstance(r[0], str) and r[0].startswith("No quartiles")]
    labels = [sc[1] for sc in INST[3]]
    if len(notes) != 1 or not notes[0].startswith(
            "No quartiles (fewer than 8 organisations ranked): ") or \
            any(l not in notes[0] for l in labels):
        problems.append("Portfolio's note on quartiles: %r" % notes)
    if "quartile bands need at least 8" not in p.stderr:
        problems.append("no warning: %r" % p.stderr)
    report("benchmark_report/fewer-than-8-not-banded", problems)


def main():
    global INST
    if openpyxl is None:
        report("benchmark_report/python-modules", ["python3-openpyxl, numpy or scipy is missing"])
        return
    INST = instrument()
    root = make_portfolio(INST[4])
    orgs, teams = expected(root, ORGS, INST)
    for name, fn in [("en", lambda: full_portfolio(root, orgs, teams, "en")),
                     ("fi", lambda: full_portfolio(root, orgs, teams, "fi")),
                     ("sv", lambda: full_portfolio(root, orgs, teams, "sv")),
                     ("few", lambda: too_few(root, orgs))]:
        try:
            fn()
        except Exception as exc:  # a crash is a failure, not an abort
            report("benchmark_report/%s" % name, ["%s: %s" % (type(exc).__name__, exc)])


INST = None
main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
