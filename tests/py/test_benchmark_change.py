"""`sdtscore batch` with earlier waves: the benchmark's Organisations sheet
gains a "Change since previous wave" column.

Expected figures are computed here, not taken from the program: each
organisation's mean on a scale is the mean of its scored respondents' scale
scores from `sdtscore score` (as test_batch.py checks the Mean column), and
the change is this wave's mean minus the previous wave's. The earlier waves
carry other ids than today's, so every change is a Welch comparison of the
two waves' scores (scipy.stats.ttest_ind, equal_var=False); the cell is bold
(significant) only where that p is under 0.05 (Benjamini-Hochberg can only
raise it), and must be bold where p times the largest number of changes the
report adjusts over is under 0.05. An organisation without an earlier wave,
and one whose earlier wave is below the anonymity threshold (its report
hides that wave), show a dash. The anonymised copies store the change to 2
decimals, as they store means. Without earlier waves the column is absent.
"""
import csv
import io
import json
import math
import os
import tempfile

from sdtcheck import bench_blocks, finish, report, run

try:
    import openpyxl
    from scipy import stats as sps
except ImportError:
    openpyxl = None

INSTRUMENT = "learning-leadership-pulse"
ORGS = ["Acme Oy", "Borealis Ab", "Cobalt Care", "Delta Works", "Ember Health", "Fjord Tech"]
NO_PREVIOUS = "Fjord Tech"
TINY_PREVIOUS = "Ember Health"     # 3 respondents in the earlier wave
SHIFTED = "Acme Oy"                # every answer one point higher today
tmp = tempfile.mkdtemp(prefix="sdt-bchange-")


def simulate(path, n, seed, id_prefix="", shift=0):
    out = run("simulate", "-i", INSTRUMENT, "--respondents", str(n), "--teams", str(min(4, n)),
              "--seed", str(seed), "-o", "-").stdout
    with open(path, "w") as f:
        for line in out.splitlines():
            r = json.loads(line)
            r["id"] = id_prefix + r["id"]
            if shift:
                r["answers"] = {k: (min(v + shift, 5) if isinstance(v, int) else v)
                                for k, v in r["answers"].items()}
            f.write(json.dumps(r) + "\n")


def scores(path):
    out = run("score", "-i", INSTRUMENT, path).stdout
    return list(csv.DictReader(io.StringIO(out)))


def scale_ids():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "instruments", INSTRUMENT + ".json")) as f:
        return [s["id"] for s in json.load(f)["scales"]]


def column(rows, s):
    return [float(r[s]) for r in rows if r[s] != ""]


def make():
    orgs = []
    for k, name in enumerate(ORGS):
        d = os.path.join(tmp, name)
        os.makedirs(d)
        cur = os.path.join(d, "now.ndjson")
        simulate(cur, 60 + 10 * k, 200 + k, shift=1 if name == SHIFTED else 0)
        o = {"name": name, "files": [cur]}
        if name != NO_PREVIOUS:
            prev = os.path.join(d, "before.ndjson")
            simulate(prev, 3 if name == TINY_PREVIOUS else 55 + 10 * k, 300 + k, id_prefix="p")
            o["previous"] = [prev]
        orgs.append(o)
    manifest = os.path.join(tmp, "clients.json")
    with open(manifest, "w") as f:
        json.dump({"organisations": orgs}, f)
    return orgs, manifest


def change_cells(path, n_scales):
    """{(org, scale block index): (value, bold)} from the Organisations sheet,
    and the header row."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Organisations"]
    head = [c.value for c in ws[4]]
    got = {}
    col = head.index("Change since previous wave") if "Change since previous wave" in head \
        else None
    blocks = bench_blocks(ws, 2, 5)
    rows = [r for r in ws.iter_rows(min_row=5) if any(c.value is not None for c in r)]
    b = -1
    for r in rows:
        if r[0].value is not None and all(c.value is None for c in r[1:]):
            b += 1
            continue
        if col is not None:
            c = r[col]
            got[(r[0].value, b)] = (c.value, bool(c.font and c.font.b))
    return head, got, len(blocks), wb


def expected(orgs, sids):
    want = {}
    for o in orgs:
        now = scores(o["files"][0])
        before = scores(o["previous"][0]) if "previous" in o else None
        for j, s in enumerate(sids):
            a = column(now, s)
            if before is None or len(before) < 5:
                want[(o["name"], s)] = None
                continue
            b = column(before, s)
            diff = math.fsum(a) / len(a) - math.fsum(b) / len(b)
            p = sps.ttest_ind(a, b, equal_var=False).pvalue
            want[(o["name"], s)] = (diff, p)
    return want


def check(path, want, sids, rounded, problems, blocks_order):
    head, got, n_blocks, wb = change_cells(path, len(sids))
    if "Change since previous wave" not in head:
        problems.append("%s: no Change column in %s" % (os.path.basename(path), head))
        return
    method = " ".join(str(c.value) for row in wb["Method"].iter_rows() for c in row if c.value)
    if "Change since previous wave:" not in method:
        problems.append("Method does not explain the change")
    bolds = seen = 0
    for (org, b), (value, bold) in got.items():
        s = blocks_order[b]
        w = want.get((org, s), "?")
        if w == "?":
            continue  # an anonymised organisation's label: checked by value below
        if w is None:
            if value != "\u2013":
                problems.append("%s %s: %r where no change is shown" % (org, s, value))
            continue
        diff, p = w
        seen += 1
        exp = round(diff, 2) if rounded else diff
        if not isinstance(value, (int, float)) or abs(value - exp) > 1e-9:
            problems.append("%s %s: change %r, expected %r" % (org, s, value, exp))
        if bold and p >= 0.05:
            problems.append("%s %s: bold with Welch p %.3g" % (org, s, p))
        # at most every group x scale of that report is adjusted together
        if not bold and p * 200 < 0.05:
            problems.append("%s %s: not bold with Welch p %.3g" % (org, s, p))
        bolds += bold
    if seen != sum(1 for v in want.values() if v is not None):
        problems.append("%d changes read, %d expected" % (seen, sum(1 for v in want.values()
                                                               if v is not None)))
    if not rounded and bolds == 0:
        problems.append("no significant change anywhere (the shifted organisation has some)")


def main():
    if openpyxl is None:
        print("SKIP benchmark change: openpyxl/scipy missing")
        return
    sids = scale_ids()
    orgs, manifest = make()
    out = os.path.join(tmp, "out")
    run("batch", "-q", "-i", INSTRUMENT, "--anonymise-orgs", "-o", out, manifest)
    want = expected(orgs, sids)
    problems = []
    # blocks follow the instrument's scale order
    check(os.path.join(out, "benchmark.xlsx"), want, sids, False, problems, sids)
    report("benchmark change: values, significance, dashes", problems)

    # a client's anonymised copy: its own organisation named, figures rounded
    problems = []
    own = os.path.join(out, SHIFTED.replace(" ", "_"), "benchmark.xlsx")
    check(own, {k: v for k, v in want.items() if k[0] == SHIFTED}, sids, True, problems, sids)
    head, got, _, _ = change_cells(own, len(sids))
    for (org, b), (value, bold) in got.items():
        if isinstance(value, float) and abs(value * 100 - round(value * 100)) > 1e-6:
            problems.append("anonymised %s: change %r not stored to 2 decimals" % (org, value))
    report("benchmark change: anonymised copy rounds every change", problems)

    # no earlier wave anywhere: the sheet keeps its four figure columns
    problems = []
    plain = {"organisations": [{"name": o["name"], "files": o["files"]} for o in orgs]}
    m2 = os.path.join(tmp, "plain.json")
    with open(m2, "w") as f:
        json.dump(plain, f)
    out2 = os.path.join(tmp, "out2")
    run("batch", "-q", "-i", INSTRUMENT, "-o", out2, m2)
    head, _, _, wb = change_cells(os.path.join(out2, "benchmark.xlsx"), len(sids))
    if [h for h in head if h] != ["Organisation", "Respondents", "Mean", "Percentile",
                                  "Quartile", "Certainty"]:
        problems.append("header without waves: %s" % head)
    method = " ".join(str(c.value) for row in wb["Method"].iter_rows() for c in row if c.value)
    if "Change since previous wave:" in method:
        problems.append("Method explains a change that is not there")
    report("benchmark change: no column without earlier waves", problems)


main()
finish()
