"""omega_total where the one-factor fit has saddle points (issue 19): three
items whose correlations are exactly equal and negative (every order of
1, 3, 5 twice, plus the rows 2,2,2 and 4,4,4: r = -7/17 for every pair).
Fitted from factanal's start alone, the fit stopped on a saddle for some
row orders (omega 1e-31) and on the minimum for others (0.018).

The expected value is worked here: the maximum-likelihood one-factor fit
minimises F(psi) = sum over all but the largest eigenvalue e of
psi^-1/2 R psi^-1/2 of (e - log e), minus (k - 1), with 0.005 <= psi <= 1
(factanal's objective and bounds), found by scipy's L-BFGS-B from 64
starts; omega = (sum of loadings)^2 / ((sum of loadings)^2 + sum of psi).
Every one of 24 row orders must give that omega to 1e-6."""
import itertools
import json
import os
import random
import tempfile

from sdtcheck import finish, report, run

try:
    import numpy as np
    from scipy.optimize import minimize
except ImportError:
    np = None

INSTRUMENT = {
    "format": "sdtscore-instrument/1", "id": "om", "version": "1",
    "response_scale": {"min": 1, "max": 5},
    "items": [{"id": i, "reverse": False} for i in "abc"],
    "scales": [{"id": "s", "items": ["a", "b", "c"], "min_answered": 3}],
}
ROWS = list(itertools.permutations([1, 3, 5])) * 2 + [(2, 2, 2), (4, 4, 4)]


def ml_omega(r):
    k = r.shape[0]

    def parts(psi):
        e, v = np.linalg.eigh(r / np.sqrt(np.outer(psi, psi)))
        return e[::-1], v[:, ::-1]

    def f(psi):
        e = parts(psi)[0]
        if np.any(e[1:] <= 0):
            return 1e10
        return float(np.sum(e[1:] - np.log(e[1:])) - (k - 1))

    best = None
    for start in itertools.product([0.1, 0.4, 0.7, 0.95], repeat=k):
        res = minimize(f, np.array(start), method="L-BFGS-B", bounds=[(0.005, 1)] * k,
                       options={"ftol": 1e-15, "gtol": 1e-12})
        if best is None or res.fun < best.fun:
            best = res
    e, v = parts(best.x)
    lam = np.sqrt(best.x) * v[:, 0] * np.sqrt(max(e[0] - 1, 0))
    return float(lam.sum() ** 2 / (lam.sum() ** 2 + best.x.sum()))


def main():
    if np is None:
        report("omega/saddle", ["python3-numpy and python3-scipy are needed"])
        return
    x = np.array(ROWS, dtype=float)
    want = ml_omega(np.corrcoef(x, rowvar=False))
    got = []
    with tempfile.TemporaryDirectory() as tmp:
        inst, data = os.path.join(tmp, "om.json"), os.path.join(tmp, "d.csv")
        with open(inst, "w") as f:
            json.dump(INSTRUMENT, f)
        for seed in range(24):
            rows = ROWS[:]
            random.Random(seed).shuffle(rows)
            with open(data, "w") as f:
                f.write("id,team,a,b,c\n")
                for i, v in enumerate(rows):
                    f.write("p%d,,%d,%d,%d\n" % ((i,) + v))
            st = json.loads(run("stats", "-i", inst, "--format", "json", data).stdout)
            got.append(st["scales"][0]["omega_total"])
    bad = [(i, g) for i, g in enumerate(got) if g is None or abs(g - want) > 1e-6]
    report("omega/saddle (24 row orders, ML omega %.6f worked with scipy)" % want,
           ["order %d: omega %r" % b for b in bad[:5]] + ([] if want > 0.01 else
                                                         ["the worked optimum %r" % want]))


main()
finish()
