"""Team agreement beyond rwg(j), against independent computations:

- r*wg(j) (Lindell, Brandt & Whitney 1999) of each team, recomputed here
  from the raw answers: 1 - mean item variance over the team's complete
  rows / ((A^2 - 1) / 12);
- the null-simulated rwg(j) cutoff (Cohen, Doveh & Eick 2001, multilevel's
  rwg.j.sim): here numpy simulates 20 000 groups of the team's size
  answering the scale's items uniformly at random and takes the 95th
  percentile; the engine's seeded simulation must agree within 0.03 (the
  Monte Carlo error of both is about 0.01);
- AD_M(J) (Burke & Dunlap 2002; multilevel's ad.m, type "mean"): per item
  the mean absolute deviation of the team's complete rows from the item
  mean, averaged over the items, recomputed here with 40 % of answers
  missing and on a scale of 999996..1000000 (answers near 10^6 must lose
  no digits); the same from two shards' partials merged, and unknown
  (null) when a partial carries no answer counts."""
import csv
from fractions import Fraction
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
                            "--no-protection", "--rwg-sim", "10000", data).stdout)
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


def ad_m(rows, items):
    """AD_M(J) of a team, from its raw rows (dicts), worked here."""
    done = [[Fraction(r[i]) for i in items] for r in rows if all(r[i] != "" for i in items)]
    # one complete row agrees with itself: no measure (null, as rwg_j)
    if len(done) < 2:
        return None
    # exact rationals: near 10^6 floating point here would lose the digits
    # the test is about
    ads = []
    for col in zip(*done):
        m = sum(col) / len(col)
        ads.append(sum(abs(x - m) for x in col) / len(col))
    return float(sum(ads) / len(ads))


def ad_dataset(lo, rnd):
    inst = dict(INSTRUMENT, response_scale={"min": lo, "max": lo + 4})
    inst["scales"] = [dict(INSTRUMENT["scales"][0], min_answered=1)]
    rows = []
    for team, n in {"Org/A": 6, "Org/B": 11, "Org/C": 25}.items():
        for k in range(n):
            r = dict(id="%s-%d" % (team, k), team=team)
            for i in range(1, 4):
                r["q%d" % i] = "" if rnd.random() < 0.4 else str(lo + rnd.randint(0, 4))
            rows.append(r)
    return inst, rows


def write(tmp, name, inst, rows):
    ip, dp = os.path.join(tmp, name + ".json"), os.path.join(tmp, name + ".csv")
    with open(ip, "w") as f:
        json.dump(inst, f)
    with open(dp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "team", "q1", "q2", "q3"])
        w.writeheader()
        w.writerows(rows)
    return ip, dp


def by_team(st):
    return {t["team"]: t["scales"][0] for t in st["teams"] if not t["suppressed"]}


def check_ad_m():
    rnd, problems, checked = random.Random(11), [], 0
    open_flags = ["--format", "json", "--min-group", "1", "--no-protection"]
    with tempfile.TemporaryDirectory() as tmp:
        for lo in (1, 999996):
            inst, rows = ad_dataset(lo, rnd)
            ip, dp = write(tmp, "all%d" % lo, inst, rows)
            st = by_team(json.loads(run("stats", "-i", ip, *open_flags, dp).stdout))
            _, d1 = write(tmp, "a%d" % lo, inst, rows[0::2])
            _, d2 = write(tmp, "b%d" % lo, inst, rows[1::2])
            parts = []
            for d in (d1, d2):
                parts.append(d + ".partial.json")
                run("stats", "-i", ip, "--partial", "-o", parts[-1], d)
            merged = by_team(json.loads(run("merge", "-i", ip, *open_flags[:-3], "--min-group",
                                            "1", "--no-protection", *parts).stdout))
            for team in ("Org/A", "Org/B", "Org/C"):
                want = ad_m([r for r in rows if r["team"] == team], ["q1", "q2", "q3"])
                for where, got in (("run", st[team]), ("merged", merged[team])):
                    checked += 1
                    if (want is None) != (got["ad_m"] is None) or (
                            want is not None and abs(got["ad_m"] - want) > 1e-12):
                        problems.append("%s %s lo=%d: ad_m %r, worked here %r"
                                        % (where, team, lo, got["ad_m"], want))
                    if got["rwg_j_star"] != got["rwg_star_j"]:
                        problems.append("%s %s: rwg_j_star and its old name differ" % (where, team))
            # a partial without answer counts (an older writer's): AD unknown, not partial
            with open(parts[1]) as f:
                old = json.load(f)
            for t in old["teams"]:
                t.pop("answer_counts", None)
            with open(parts[1], "w") as f:
                json.dump(old, f)
            merged = by_team(json.loads(run("merge", "-i", ip, "--format", "json", "--min-group",
                                            "1", "--no-protection", *parts).stdout))
            if any(x["ad_m"] is not None for x in merged.values()):
                problems.append("lo=%d: a partial without answer counts still gave ad_m" % lo)
    report("agreement/ad-m (%d team figures, 40%% missing, answers near 10^6, merged)"
           % checked, problems)


main()
if np is not None:
    check_ad_m()
finish()
