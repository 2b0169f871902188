"""Feldt's alpha CI where GSL's F-quantile inversion fails (listwise, about
18 500 complete rows): defined, and within 1e-4 of scipy's exact F
quantiles (the fallback may approximate log F by a normal there)."""
import json
import os
import tempfile

from scipy.stats import f

from sdtcheck import finish, report, run

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "l.csv")
    run("simulate", "-i", "bpnsfs-work", "--respondents", "20000", "--teams", "100",
        "--missing", "0.02", "--seed", "3", "-o", path)
    out = json.loads(run("stats", "-i", "bpnsfs-work", "--missing", "listwise",
                         "--format", "json", "--threads", "1", path).stdout)
    problems = []
    for s in out["scales"]:
        n, k, a = s["listwise"]["n"], len(s["items"]), s["alpha"]
        lo = 1 - (1 - a) * f.ppf(0.975, n - 1, (n - 1) * (k - 1))
        hi = 1 - (1 - a) * f.ppf(0.025, n - 1, (n - 1) * (k - 1))
        got = s["alpha_ci"]
        if got[0] is None or abs(got[0] - lo) > 1e-4 or abs(got[1] - hi) > 1e-4:
            problems.append("%s %r vs [%r, %r]" % (s["id"], got, lo, hi))
    report("feldt/large-df", problems)
finish()
