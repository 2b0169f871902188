"""`stats --bootstrap N --seed S`: reproducible for a seed, different for
another, the point estimate inside its percentile CI on the reference
data, and the JSON contract unchanged without --bootstrap."""
import json
import os

from sdtcheck import DATASETS, REF, finish, report, run


def stats(ds, *extra):
    d = os.path.join(REF, ds)
    return json.loads(run("stats", "-i", os.path.join(d, "instrument.json"), "--format", "json",
                          *extra, os.path.join(d, "responses.ndjson")).stdout)


for ds in DATASETS:
    a = stats(ds, "--bootstrap", "500", "--seed", "7")
    b = stats(ds, "--bootstrap", "500", "--seed", "7")
    c = stats(ds, "--bootstrap", "500", "--seed", "8")
    plain = stats(ds)
    problems = []
    if a != b:
        problems.append("same seed, different output")
    if [s["alpha_ci_boot"] for s in a["scales"]] == [s["alpha_ci_boot"] for s in c["scales"]]:
        problems.append("another seed gave the same CIs")
    for s in a["scales"]:
        lo, hi = s["alpha_ci_boot"]
        if not lo <= s["alpha"] <= hi:
            problems.append("%s alpha %r outside [%r, %r]" % (s["id"], s["alpha"], lo, hi))
        if s["omega_total"] is not None:
            lo, hi = s["omega_ci_boot"]
            if not lo <= s["omega_total"] <= hi:
                problems.append("%s omega outside its CI" % s["id"])
        keys = list(s.keys())
        if keys.index("alpha_ci_boot") != keys.index("alpha_ci") + 1 or \
                keys.index("omega_ci_boot") != keys.index("omega_total") + 1:
            problems.append("key order %r" % keys)
    for s in plain["scales"]:
        if "alpha_ci_boot" in s or "omega_ci_boot" in s:
            problems.append("bootstrap keys without --bootstrap")
    report("bootstrap/%s" % ds, problems)
finish()
