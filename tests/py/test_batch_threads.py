"""`batch --threads` and `report --split-by --threads`: the same files and
messages at 1 and 2 threads.

batch: a portfolio whose first organisation is the largest (so that with two
threads a later one finishes first), every organisation with an earlier wave
(each prints a "wave" line of its own) and one with a bad value. At 1 and 2
threads the exit code (5), standard output (the summary table) and standard
error must be identical, the wave lines in manifest order, the same files
written, summary.csv byte for byte the same, every workbook's cell values
the same read with openpyxl (the Method sheet's command line but for its
--threads N; SOURCE_DATE_EPOCH fixes the date), and the failing
organisation must leave no folder and no temporary behind.

split: `report --split-by team` at 1 and 2 threads gives the same file names
and the same cell values in every workbook; a split that fails part-way (a
folder standing where one workbook should go) fails with the same message
at both, naming that workbook, and leaves none of the split's workbooks."""
import os
import re
import shutil
import subprocess
import tempfile

from sdtcheck import SDT, finish, report, run

try:
    import openpyxl
except ImportError:
    openpyxl = None

INSTRUMENT = "learning-leadership-pulse"
tmp = tempfile.mkdtemp(prefix="sdt-batch-threads-")
ORGS = ["Aalto Big", "Birch Mid", "Cedar Bad", "Dune Small", "Elm Tiny"]


def run_in(cwd, *args):
    env = dict(os.environ, SOURCE_DATE_EPOCH="86400")
    return subprocess.run([SDT, *args], capture_output=True, text=True, cwd=cwd, env=env)


def make_portfolio():
    root = os.path.join(tmp, "clients")
    for k, name in enumerate(ORGS):
        d = os.path.join(root, name)
        os.makedirs(os.path.join(d, "previous"))
        n = 600 - 120 * k
        run("simulate", "-i", INSTRUMENT, "--respondents", str(n), "--teams", "5",
            "--seed", str(40 + k), "-o", os.path.join(d, "responses.csv"))
        run("simulate", "-i", INSTRUMENT, "--respondents", str(n), "--teams", "5",
            "--seed", str(70 + k), "-o", os.path.join(d, "previous", "wave1.csv"))
        if name == "Cedar Bad":
            path = os.path.join(d, "responses.csv")
            with open(path) as f:
                lines = f.read().split("\n")
            cells = lines[5].split(",")
            cells[2] = "9"  # outside the 1..5 scale
            lines[5] = ",".join(cells)
            with open(path, "w") as f:
                f.write("\n".join(lines))
    return root


def files_under(root):
    out = []
    for base, dirs, names in os.walk(root):
        for n in names:
            out.append(os.path.relpath(os.path.join(base, n), root))
    return sorted(out)


def values(path):
    """Every sheet's cell values; the command line on the Method sheet is
    the one thing that may differ (its --threads N), so N is blanked."""
    def cell(v):
        return re.sub(r"--threads [12]\b", "--threads N", v) if isinstance(v, str) else v
    wb = openpyxl.load_workbook(path)
    return [(ws.title, [tuple(cell(v) for v in r) for r in ws.iter_rows(values_only=True)])
            for ws in wb]


def same_workbooks(a, b, names, problems, label):
    for n in names:
        if not n.endswith(".xlsx"):
            continue
        if values(os.path.join(a, n)) != values(os.path.join(b, n)):
            problems.append("%s: %s: cell values differ" % (label, n))


def batch_threads():
    root = make_portfolio()
    runs = {}
    for t in ("1", "2"):
        work = os.path.join(tmp, "b" + t)
        os.makedirs(work)
        p = run_in(work, "batch", "-i", INSTRUMENT, "--threads", t, "-o", "out", root)
        runs[t] = (work, p)
    problems = []
    (w1, p1), (w2, p2) = runs["1"], runs["2"]
    for t, (w, p) in runs.items():
        if p.returncode != 5:
            problems.append("--threads %s exited %d, expected 5: %s" % (t, p.returncode, p.stderr))
    if p1.stdout != p2.stdout:
        problems.append("standard output differs: %r / %r" % (p1.stdout, p2.stdout))
    if p1.stderr != p2.stderr:
        problems.append("standard error differs: %r / %r" % (p1.stderr, p2.stderr))
    # every organisation's wave line, in manifest order
    waves = [l for l in p2.stderr.split("\n") if l.startswith("sdtscore: wave ")]
    if len(waves) != len(ORGS):
        problems.append("%d wave lines, expected %d: %r" % (len(waves), len(ORGS), p2.stderr))
    o1, o2 = os.path.join(w1, "out"), os.path.join(w2, "out")
    f1, f2 = files_under(o1), files_under(o2)
    if f1 != f2:
        problems.append("files differ: %r / %r" % (f1, f2))
    if any("Cedar" in f for f in f2) or any(".tmp" in f for f in f1 + f2):
        problems.append("the failing organisation left files: %r" % f2)
    if "Cedar Bad" not in p2.stdout or "outside 1..5" not in p2.stdout:
        problems.append("the bad organisation's reason is missing: %r" % p2.stdout)
    for n in ("summary.csv",):
        if n in f1 and n in f2:
            with open(os.path.join(o1, n), "rb") as a, open(os.path.join(o2, n), "rb") as b:
                if a.read() != b.read():
                    problems.append("%s differs byte for byte" % n)
    same_workbooks(o1, o2, [n for n in f1 if n in f2], problems, "batch")
    if len([n for n in f1 if n.endswith("report.xlsx")]) != len(ORGS) - 1:
        problems.append("expected %d reports: %r" % (len(ORGS) - 1, f1))
    report("batch-threads/identical", problems)


def split_threads():
    data = os.path.join(tmp, "split.csv")
    run("simulate", "-i", INSTRUMENT, "--respondents", "900", "--teams", "30", "--seed", "9",
        "--attribute", "work_mode=onsite,remote", "-o", data)
    problems, names = [], {}
    for t in ("1", "2"):
        out = os.path.join(tmp, "split" + t)
        p = run_in(tmp, "report", "-i", INSTRUMENT, "--by", "work_mode", "--split-by", "team",
                   "--threads", t, "-o", out, data)
        if p.returncode != 0:
            problems.append("--threads %s exited %d: %s" % (t, p.returncode, p.stderr))
        names[t] = sorted(os.listdir(out)) if os.path.isdir(out) else []
    if names["1"] != names["2"] or len(names["1"]) < 10:
        problems.append("workbooks differ: %r / %r" % (names["1"], names["2"]))
    same_workbooks(os.path.join(tmp, "split1"), os.path.join(tmp, "split2"),
                   [n for n in names["1"] if n in names["2"]], problems, "split")
    report("split-threads/identical (%d workbooks)" % len(names["1"]), problems)

    # a folder where the middle workbook goes: that one cannot be written
    problems, errs = [], {}
    block = names["1"][len(names["1"]) // 2]
    for t in ("1", "2"):
        out = os.path.join(tmp, "fail" + t)
        os.makedirs(os.path.join(out, block))
        p = run_in(tmp, "report", "-i", INSTRUMENT, "--split-by", "team", "--threads", t,
                   "-o", out, data)
        errs[t] = (p.returncode, p.stderr.replace(out, "OUT"))
        left = sorted(os.listdir(out))
        if left != [block]:
            problems.append("--threads %s left %d entries: %r" % (t, len(left), left[:5]))
        if p.returncode == 0 or block not in p.stderr:
            problems.append("--threads %s: exit %d, message %r does not name %s"
                            % (t, p.returncode, p.stderr, block))
    if errs["1"] != errs["2"]:
        problems.append("the failures differ: %r / %r" % (errs["1"], errs["2"]))
    report("split-threads/failure-same-and-nothing-left", problems)


def main():
    if openpyxl is None:
        report("batch-threads/python-modules", ["python3-openpyxl is missing"])
        return
    for fn in (batch_threads, split_threads):
        try:
            fn()
        except Exception as exc:  # a crash is a failure, not an abort
            report("batch-threads/%s" % fn.__name__, ["%s: %s" % (type(exc).__name__, exc)])


main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
