"""Shared helpers for the Python tests: run the binary, compare numbers,
print PASS/FAIL lines that tests/run_all.sh counts."""
import csv
import math
import os
import re
import subprocess
import sys
import zipfile

SDT = os.environ.get("SDT", "build/sdtscore")
SHARED = os.environ.get("SHARED", "../shared")
REF = os.path.join(SHARED, "reference")
DATASETS = ["pulse12", "bpnsfs24", "needs18rev"]

failures = 0


def inputs(ds):
    """Every response file of a reference dataset."""
    d = os.path.join(REF, ds)
    return [os.path.join(d, f) for f in sorted(os.listdir(d))
            if f.startswith("responses")]


def run(*args, check=True, stdin=None):
    p = subprocess.run([SDT, *args], capture_output=True, text=True,
                       input=stdin)
    if check and p.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(args), p.returncode,
                                                 p.stderr.strip()))
    return p


def close(got, want, rel=1e-9, abs_=1e-12):
    """The reference README's tolerance: 1e-9 relative or 1e-12 absolute."""
    if want is None or got is None:
        return want is None and got is None
    return abs(got - want) <= max(rel * abs(want), abs_)


def report(name, problems):
    global failures
    if problems:
        failures += 1
        print("FAIL %s: %s" % (name, "; ".join(problems[:5])))
    else:
        print("PASS %s" % name)


def mean_sd(xs):
    """Mean and sample SD (n-1), computed here independently of sdtscore."""
    n = len(xs)
    if n == 0:
        return None, None
    m = math.fsum(xs) / n
    if n < 2:
        return m, None
    return m, math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (n - 1))


def finish():
    sys.exit(1 if failures else 0)


def bh(ps):
    """Benjamini-Hochberg adjusted p values, written here (step-up over
    p * m / rank, the running minimum from the largest rank down), so tests
    never take the program's adjustment for granted."""
    m = len(ps)
    order = sorted(range(m), key=lambda k: ps[k])
    adj, run_min = [0.0] * m, 1.0
    for rank in range(m, 0, -1):
        k = order[rank - 1]
        run_min = min(run_min, ps[k] * m / rank)
        adj[k] = run_min
    return adj


def bench_blocks(ws, lead, first_row):
    """The scale blocks of a benchmark ranking sheet from `first_row` (1-based)
    on: [(heading, [row values])], each row its `lead` label columns, then
    size, mean, percentile, quartile and certainty."""
    out = []
    for row in ws.iter_rows(min_row=first_row, values_only=True):
        if all(v is None for v in row):
            continue
        if row[0] is not None and all(v is None for v in row[1:]):
            out.append((row[0], []))
        elif out:
            out[-1][1].append(list(row[:lead + 4]))
    return out


def read_csv(path):
    """The rows of a CSV file with a header, as dicts."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write_csv(path, header, rows):
    """Dict rows under `header`, as a CSV file."""
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)


def package_text(path):
    """Every part of a workbook (a zip package) as one text."""
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def number_forms(x):
    """How a double can appear in the XML: libxlsxwriter writes %.16G;
    other forms cover rounding elsewhere."""
    return {"%.16G" % x, "%.15G" % x, "%.17G" % x, repr(x)}


def check_no_leak(name, path, hidden_values, visible_values):
    """No hidden value appears in the workbook's package."""
    text = package_text(path)
    seen = set()
    for v in visible_values:
        seen |= number_forms(v)
    problems = []
    for v in hidden_values:
        # Only values with enough digits to be unmistakable, and never one
        # that is also a visible figure.
        for form in number_forms(v):
            if len(form.replace(".", "").lstrip("0")) < 6 or form in seen:
                continue
            if re.search(r"(?<![0-9.])%s(?![0-9])" % re.escape(form), text):
                problems.append("hidden value %s found in the package" % form)
    report(name, problems)
