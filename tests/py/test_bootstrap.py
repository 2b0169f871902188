"""`stats --bootstrap N --seed S`: reproducible for a seed, different for
another, the point estimate inside its percentile CI on the reference data
(1000 resamples), the keys where the contract puts them, null where a
figure cannot be had, and the JSON contract unchanged without --bootstrap.
The numbers themselves are replayed independently in
tests/unit/stats/test_bootstrap.c (same GSL draws, hand-written alpha)."""
import json
import os
import tempfile

from sdtcheck import DATASETS, REF, close, finish, report, run


def stats(instrument, data, *extra):
    return json.loads(run("stats", "-i", instrument, "--format", "json", *extra,
                          data).stdout)


def ref(ds):
    d = os.path.join(REF, ds)
    return os.path.join(d, "instrument.json"), os.path.join(d, "responses.ndjson")


def cis(doc, key):
    return [s[key] for s in doc["scales"]]


def inside(s, key, ci_key):
    """The point estimate within its bootstrap CI (both present)."""
    lo, hi = s[ci_key]
    if s[key] is None or lo is None or hi is None:
        return "%s %s or its CI is null" % (s["id"], key)
    if not lo <= s[key] <= hi:
        return "%s %s %r outside [%r, %r]" % (s["id"], key, s[key], lo, hi)
    return None


def same(x, y, key=None):
    """Equal documents, numbers within the reference README's tolerance
    (the plain run may read with threads, summing in another order)."""
    if isinstance(x, dict):
        return isinstance(y, dict) and list(x) == list(y) and \
            all(same(x[k], y[k], k) for k in x)
    if isinstance(x, list):
        return isinstance(y, list) and len(x) == len(y) and \
            all(same(u, v, key) for u, v in zip(x, y))
    if isinstance(x, float) or isinstance(y, float):
        return close(x, y, rel=0, abs_=1e-4) if key == "omega_total" else close(x, y)
    return x == y


def key_order(s):
    keys = list(s.keys())
    if keys.index("alpha_ci_boot") != keys.index("alpha_ci") + 1 or \
            keys.index("omega_ci_boot") != keys.index("omega_total") + 1:
        return "key order %r" % keys
    return None


for ds in DATASETS:
    ins, data = ref(ds)
    a = stats(ins, data, "--bootstrap", "1000", "--seed", "7")
    b = stats(ins, data, "--bootstrap", "1000", "--seed", "7")
    c = stats(ins, data, "--bootstrap", "1000", "--seed", "8")
    lw = stats(ins, data, "--bootstrap", "200", "--missing", "listwise")
    # One pass, as --bootstrap reads (threads merge to rounding only).
    plain = stats(ins, data, "--threads", "1")
    problems = []
    if a != b:
        problems.append("same seed, different output")
    for key in ("alpha_ci_boot", "omega_ci_boot"):
        if any(x == y for x, y in zip(cis(a, key), cis(c, key))):
            problems.append("another seed gave the same %s" % key)
    for s in a["scales"] + lw["scales"]:
        problems += filter(None, [inside(s, "alpha", "alpha_ci_boot"),
                                  inside(s, "omega_total", "omega_ci_boot"),
                                  key_order(s)])
        if any("bootstrap" in w for w in s["warnings"]):
            problems.append("%s: %r" % (s["id"], s["warnings"]))
    # Without --bootstrap the document is the plain contract, figure for figure.
    strip = {"alpha_ci_boot", "omega_ci_boot"}
    for s, p in zip(a["scales"], plain["scales"]):
        if strip & set(p):
            problems.append("bootstrap keys without --bootstrap")
        if not same({k: v for k, v in s.items() if k not in strip}, p):
            problems.append("%s: --bootstrap changed another figure" % s["id"])
    report("bootstrap/%s" % ds, problems)

# Table output: one bootstrap line a scale, only with --bootstrap.
ins, data = ref("pulse12")
with_boot = run("stats", "-i", ins, "--bootstrap", "50", data).stdout
without = run("stats", "-i", ins, data).stdout
n_scales = len(json.load(open(ins))["scales"])
report("bootstrap/table", [] if with_boot.count("bootstrap 95% CI: alpha [") == n_scales
       and "bootstrap" not in without else ["bootstrap lines: %d with, %d without" % (
           with_boot.count("bootstrap 95% CI"), without.count("bootstrap"))])

# Seeds that would repeat another seed's draws, and zero resamples, are
# usage errors (exit 2).
problems = []
for extra in (["--bootstrap", "0"], ["--bootstrap", "10", "--seed", "0"],
              ["--bootstrap", "10", "--seed", "4294967296"],
              ["--bootstrap", "-3"], ["--bootstrap", "10", "--seed", "x"],
              ["--bootstrap", "10", "--partial"]):
    p = run("stats", "-i", ins, *extra, data, check=False)
    if p.returncode != 2:
        problems.append("%s: exit %d" % (" ".join(extra), p.returncode))
report("bootstrap/usage", problems)

# The bootstrap reads respondents in order whatever --threads says, so the
# draws pick the same rows.
one = run("stats", "-i", ins, "--format", "json", "--bootstrap", "200", "--threads", "1",
          data).stdout
four = run("stats", "-i", ins, "--format", "json", "--bootstrap", "200", "--threads", "4",
           data).stdout
report("bootstrap/threads", [] if one == four else ["--threads 4 changed the output"])

# A two-item scale has no omega: its omega CI is [null, null], without a
# bootstrap warning of its own (the scale already says why).
doc = json.load(open(ins))
doc["scales"].append({"id": "pair", "items": ["as1", "as2"], "min_answered": 1})
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "pair.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    s = stats(path, data, "--bootstrap", "100")["scales"][-1]
problems = []
if s["omega_ci_boot"] != [None, None] or s["omega_total"] is not None:
    problems.append("omega %r, CI %r" % (s["omega_total"], s["omega_ci_boot"]))
if inside(s, "alpha", "alpha_ci_boot"):
    problems.append(inside(s, "alpha", "alpha_ci_boot"))
if any("bootstrap" in w for w in s["warnings"]):
    problems.append("warnings %r" % s["warnings"])
report("bootstrap/two-items", problems)
finish()
