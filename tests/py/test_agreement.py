"""Team agreement beyond rwg(j), against independent computations:

- r*wg(j) (Lindell, Brandt & Whitney 1999) of each team, recomputed here
  from the raw answers: 1 - mean item variance over the team's complete
  rows / ((A^2 - 1) / 12);
- the null-simulated rwg(j) cutoff (Cohen, Doveh & Eick 2001, multilevel's
  rwg.j.sim): here numpy simulates 20 000 groups of the team's size
  answering the scale's items uniformly at random and takes the 95th
  percentile; the engine's seeded simulation must agree within 0.03 (the
  Monte Carlo error of both is about 0.01)."""
import csv
import json
import os
import random
import tempfile

from sdtcheck import finish, report, run

try:
    import numpy as np
except ImportError:
    np = None

INSTRUMENT = {
    "format": "sdtscore-instrument/1", "id": "agree", "version": "1",
    "response_scale": {"min": 1, "max": 5},
    "items": [{"id": "q%d" % i, "reverse": False} for i in range(1, 4)],
    "scales": [{"id": "s", "items": ["q1", "q2", "q3"], "min_answered": 3}],
}
A, J = 5, 3


def rwg_j(v):
    """multilevel's rwg.j with the capped mean item variance."""
    s2 = min(np.mean(np.var(v, axis=1, ddof=1)), (A * A - 1) / 12)
    r = s2 / ((A * A - 1) / 12)
    return J * (1 - r) / (J * (1 - r) + r)


def null_cutoff(n, rng, reps=20000):
    sims = rng.integers(1, A + 1, size=(reps, J, n)).astype(float)
    s2 = np.minimum(np.var(sims, axis=2, ddof=1).mean(axis=1), (A * A - 1) / 12)
    r = s2 / ((A * A - 1) / 12)
    return float(np.quantile(J * (1 - r) / (J * (1 - r) + r), 0.95))


def main():
    if np is None:
        report("agreement/numpy", ["python3-numpy is not installed"])
        return
    rnd = random.Random(5)
    sizes = {"Org/T3": 3, "Org/T5": 5, "Org/T8": 8, "Org/T20": 20}
    rows, answers = [], {}
    for team, n in sizes.items():
        centre = rnd.randint(2, 4)
        for k in range(n):
            vals = [min(5, max(1, centre + rnd.choice([-1, 0, 0, 1]))) for _ in range(J)]
            rows.append(dict(id="%s-%d" % (team, k), team=team,
                             **{"q%d" % (i + 1): v for i, v in enumerate(vals)}))
            answers.setdefault(team, []).append(vals)
    with tempfile.TemporaryDirectory() as tmp:
        inst, data = os.path.join(tmp, "i.json"), os.path.join(tmp, "d.csv")
        with open(inst, "w") as f:
            json.dump(INSTRUMENT, f)
        with open(data, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["id", "team", "q1", "q2", "q3"])
            w.writeheader()
            w.writerows(rows)
        st = json.loads(run("stats", "-i", inst, "--format", "json", "--min-group", "1",
                            "--no-protection", data).stdout)
    rng = np.random.default_rng(7)
    problems, checked = [], 0
    for t in st["teams"]:
        x = t["scales"][0]
        v = np.array(answers[t["team"]], dtype=float).T  # items x people
        star = 1 - np.mean(np.var(v, axis=1, ddof=1)) / ((A * A - 1) / 12)
        if abs(x["rwg_star_j"] - star) > 1e-12:
            problems.append("%s r*wg(j) %r != %r" % (t["team"], x["rwg_star_j"], star))
        if abs(x["rwg_j"] - rwg_j(v)) > 1e-12:
            problems.append("%s rwg(j) %r != %r" % (t["team"], x["rwg_j"], rwg_j(v)))
        want = null_cutoff(v.shape[1], rng)
        if abs(x["rwg_j_cutoff"] - want) > 0.03:
            problems.append("%s cutoff %r, simulated here %r" % (t["team"], x["rwg_j_cutoff"], want))
        checked += 1
    if checked != len(sizes):
        problems.append("%d teams checked of %d" % (checked, len(sizes)))
    report("agreement/rwg-star-and-null-cutoff (%d teams)" % checked, problems)


main()
finish()
