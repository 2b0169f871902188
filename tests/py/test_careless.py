"""Careless responding (`--exclude-careless`), against the definitions of
R's careless package worked here from the raw answers:

- longstring: the longest run of identical answers over the answered
  items in instrument order; the rule: at least half the items (6 or more);
- irv: careless::irv (SD, n - 1) of each scale's reverse-keyed answers,
  averaged over the scales with two answers or more; the rule: at least the
  SD of uniformly random answers, sqrt((A^2 - 1) / 12);
- evenodd: careless::evenodd with the instrument's scales as the factors:
  Pearson r of the scales' even-position and odd-position item means,
  Spearman-Brown corrected (2r / (1 + r)), at least -1, from three scales
  with both halves; the rule: below 0.30 (Johnson 2005), on instruments
  of at least 10 scales of two items or more (over fewer scales it flags
  honest respondents: "all" leaves it out with a warning, naming it is an
  error).

- mahalanobis ("all" takes it too): careless::mahad, psych::outlier's D2
  against the pairwise covariance of the whole sample above the chi-square
  quantile at 0.99 with df = items (worked in numpy here; the rule's own
  tests are in test_careless_mahad.py).

Each excluded response is in --rejects with the first rule it breaks, the
summary counts them, and the statistics are those of the others."""
import csv
import json
import math
import os
import statistics
import tempfile

from sdtcheck import finish, report, run

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))



def rating(ins):
    """The rating items: the careless rules leave out an outcome item on its
    own range (eNPS 0-10) and an open comment."""
    return [i for i in ins["items"] if i.get("type", "likert") == "likert"]

def load(instrument):
    path = instrument if instrument.endswith(".json") else \
        os.path.join(TOP, "instruments", instrument + ".json")
    with open(path) as f:
        return json.load(f)


def evenodd_applies(ins):
    return sum(len(s["items"]) >= 2 for s in ins["scales"]) >= 10


def pearson(x, y):
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx <= 0 or syy <= 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def indices(ins, row):
    lo, hi = ins["response_scale"]["min"], ins["response_scale"]["max"]
    rev = {i["id"]: i.get("reverse", False) for i in rating(ins)}
    ans = {i["id"]: int(row[i["id"]]) for i in rating(ins) if row.get(i["id"], "") != ""}
    key = {i: (lo + hi - v if rev[i] else v) for i, v in ans.items()}
    longest = run_len = 0
    prev = None
    for i in rating(ins):
        if i["id"] not in ans:
            continue
        run_len = run_len + 1 if ans[i["id"]] == prev else 1
        prev = ans[i["id"]]
        longest = max(longest, run_len)
    sds = [statistics.stdev(v) for v in
           ([key[i] for i in s["items"] if i in key] for s in ins["scales"]) if len(v) >= 2]
    irv = sum(sds) / len(sds) if sds else None
    even, odd = [], []
    for s in ins["scales"]:
        e = [key[i] for k, i in enumerate(s["items"]) if k % 2 == 1 and i in key]
        o = [key[i] for k, i in enumerate(s["items"]) if k % 2 == 0 and i in key]
        if e and o:
            even.append(sum(e) / len(e))
            odd.append(sum(o) / len(o))
    eo = None
    if len(even) >= 3:
        r = pearson(even, odd)
        if r is not None:
            eo = -1.0 if r == -1 else max(-1.0, 2 * r / (1 + r))
    return longest, irv, eo


def psych_d2(ins, rows):
    """psych::outlier's D2 (NaN = missing: adds nothing) and the cutoff."""
    import numpy as np
    from scipy.stats import chi2
    items = [i["id"] for i in rating(ins)]
    x = np.array([[float(r[i]) if r.get(i, "") != "" else np.nan for i in items]
                  for r in rows])
    ok = ~np.isnan(x)
    k = len(items)
    cov = np.empty((k, k))
    for i in range(k):
        for j in range(k):
            both = ok[:, i] & ok[:, j]
            a, b = x[both, i], x[both, j]
            cov[i, j] = np.sum((a - a.mean()) * (b - b.mean())) / (both.sum() - 1)
    c = np.where(ok, x - np.nanmean(x, axis=0), 0.0)
    d2 = np.einsum("ri,ij,rj->r", c, np.linalg.inv(cov), c)
    return {r["id"]: d2[n] > chi2.ppf(0.99, k) for n, r in enumerate(rows)}


def rule_broken(ins, row, d2=None):
    longest, irv, eo = indices(ins, row)
    a = ins["response_scale"]["max"] - ins["response_scale"]["min"] + 1
    if longest >= max(6, len(rating(ins)) // 2):
        return "longstring"
    if irv is not None and irv >= math.sqrt((a * a - 1) / 12):
        return "irv"
    if eo is not None and eo < 0.30 and evenodd_applies(ins):
        return "evenodd"
    if d2 and d2[row["id"]]:
        return "mahalanobis"
    return None


def wide_instrument(tmp):
    """12 scales of 4 items (every other one reversed), 1..7: evenodd applies."""
    items, scales = [], []
    for s in range(12):
        ids = ["s%di%d" % (s, k) for k in range(4)]
        items += [{"id": i, "reverse": k % 2 == 1} for k, i in enumerate(ids)]
        scales.append({"id": "s%d" % s, "items": ids, "min_answered": 2})
    ins = {"format": "sdtscore-instrument/1", "id": "wide", "version": "1",
           "response_scale": {"min": 1, "max": 7}, "items": items, "scales": scales}
    path = os.path.join(tmp, "wide.json")
    with open(path, "w") as f:
        json.dump(ins, f)
    return path


def check(instrument, seed):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        if instrument == "wide":
            instrument = wide_instrument(tmp)
        ins = load(instrument)
        data, rej = os.path.join(tmp, "d.csv"), os.path.join(tmp, "rej.csv")
        run("simulate", "-i", instrument, "--respondents", "400", "--teams", "8", "--seed",
            str(seed), "--careless", "0.15", "--missing", "0.05", "-o", data)
        with open(data) as f:
            rows = list(csv.DictReader(f))
        p = run("stats", "-i", instrument, "--format", "json", "--exclude-careless", "all",
                "--rejects", rej, data)
        with open(rej) as f:
            got = {r["id"]: r["reason"] for r in csv.DictReader(f)}
        only_irv = json.loads(run("stats", "-i", instrument, "--format", "json",
                                  "--exclude-careless", "irv", data).stdout)
    d2 = psych_d2(ins, rows)
    want = {r["id"]: rule_broken(ins, r, d2) for r in rows}
    want = {k: v for k, v in want.items() if v}
    if set(got) != set(want):
        problems.append("excluded %d, worked here %d; differ on %r" % (
            len(got), len(want), sorted(set(got) ^ set(want))[:5]))
    for k in set(got) & set(want):
        if not got[k].startswith("careless responding, %s: " % want[k]):
            problems.append("%s: reason %r, want rule %s" % (k, got[k], want[k]))
    st = json.loads(p.stdout)
    if st["rows"] != len(rows) - len(want):
        problems.append("rows %d, want %d" % (st["rows"], len(rows) - len(want)))
    if "(%d by --exclude-careless: " % len(want) not in p.stderr:
        problems.append("summary does not count them: %r" % p.stderr.strip())
    n_irv = sum(1 for r in rows if indices(ins, r)[1] is not None and indices(ins, r)[1] >=
                math.sqrt(((ins["response_scale"]["max"] - ins["response_scale"]["min"] + 1)
                           ** 2 - 1) / 12))
    if only_irv["rows"] != len(rows) - n_irv:
        problems.append("--exclude-careless irv: rows %d, want %d" % (only_irv["rows"],
                                                                     len(rows) - n_irv))
    kinds = set(want.values())
    if len(kinds) < 2:
        problems.append("the data exercise only %r" % kinds)
    if ("evenodd left out" in p.stderr) == evenodd_applies(ins):
        problems.append("warning about evenodd: %r" % p.stderr.strip())
    report("careless/%s (%d of %d excluded: %s)" % (
        ins["id"], len(want), len(rows),
        ", ".join("%s %d" % (k, list(want.values()).count(k)) for k in sorted(kinds))), problems)


def dq_counts(path):
    """Data quality sheet: label (column A, or B when indented) -> count (C)."""
    import openpyxl
    ws = openpyxl.load_workbook(path)["Data quality"]
    return {str(r[0] if r[0] is not None else r[1]).strip(): r[2]
            for r in ws.iter_rows(min_col=1, max_col=3, values_only=True)
            if isinstance(r[2], (int, float)) and (r[0] or r[1])}


def check_report():
    """The Data quality sheet counts exclusions per rule, and without
    --exclude-careless the IRV flags, against the definitions above."""
    ins, problems = load("bpnsfs-work"), []
    a = ins["response_scale"]["max"] - ins["response_scale"]["min"] + 1
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", "bpnsfs-work", "--respondents", "300", "--teams", "6", "--seed",
            "8", "--careless", "0.1", "--missing", "0.05", "-o", data)
        with open(data) as f:
            rows = list(csv.DictReader(f))
        out, plain = os.path.join(tmp, "x.xlsx"), os.path.join(tmp, "p.xlsx")
        run("report", "-i", "bpnsfs-work", "--exclude-careless", "longstring,irv", "-o", out,
            data)
        run("report", "-i", "bpnsfs-work", "-o", plain, data)
        got, got_plain = dq_counts(out), dq_counts(plain)
    rules = [rule_broken(ins, r) for r in rows]
    want = {"Careless responding: a long string of identical answers": rules.count("longstring"),
            "Careless responding: answers as varied as random ones": rules.count("irv")}
    for label, n in want.items():
        if got.get(label, 0) != n:
            problems.append("%s: %r, want %d" % (label, got.get(label), n))
    if got.get("Left out") != sum(want.values()):
        problems.append("Left out %r, want %d" % (got.get("Left out"), sum(want.values())))
    irv = sum(1 for r in rows if indices(ins, r)[1] is not None
              and indices(ins, r)[1] >= math.sqrt((a * a - 1) / 12))
    label = "Answers within scales as varied as random ones (IRV 1.41 or more)"
    if got_plain.get(label) != irv or irv == 0:
        problems.append("%s: %r, want %d" % (label, got_plain.get(label), irv))
    report("careless/data-quality-sheet (%d longstring, %d irv left out; %d irv flags)"
           % (want[list(want)[0]], want[list(want)[1]], irv), problems)


def check_usage():
    p = run("stats", "-i", "bpnsfs-work", "--exclude-careless", "longstring,bogus", "-",
            check=False, stdin="")
    report("careless/unknown-rule", [] if p.returncode == 2 and
           "unknown careless-responding rule 'bogus'" in p.stderr else
           ["exit %d: %s" % (p.returncode, p.stderr)])
    p = run("stats", "-i", "bpnsfs-work", "--exclude-careless", "evenodd", "-",
            check=False, stdin="")
    report("careless/evenodd-on-few-scales", [] if p.returncode == 2 and
           "bpnsfs-work has fewer than 10 scales" in p.stderr else
           ["exit %d: %s" % (p.returncode, p.stderr)])


check("bpnsfs-work", 4)
check("learning-leadership-pulse", 9)
check("wide", 3)
check_report()
check_usage()
finish()
