"""Acceptance on dataset kinds the project had not seen (issue 19): answers
on -3..3 and 1..100, one- and two-item scales, teams of 2 and 3 people, a
zero-variance item, 40 % missing answers, answers near 10^6, and 5 000
small teams. Each dataset is made here; every figure checked is worked
out here from the raw answers with numpy, following the definitions in
../shared/reference/README.md:

- a scale score is the mean of the answered items after reverse keying
  (x' = min + max - x) when at least min_answered are answered; the scale's
  n, mean and sd (n - 1) are over the scored respondents;
- alpha = k/(k-1) (1 - tr C / sum C), C the pairwise-complete covariance
  (each covariance over the rows both items answered, as R's
  cov(use = "pairwise"));
- ICC(1) = (MSB - MSW) / (MSB + (kbar - 1) MSW), kbar = n / G, and
  ICC(2) = (MSB - MSW) / MSB, from the one-way ANOVA of scale scores on
  team (null with fewer than two teams, n = G, or MSB = 0);
- per team and scale, over the rows that answered every item: rwg(j)
  with s2 the mean item variance (n - 1), capped at sigma2 = (A^2 - 1)/12,
  rwg = J(1 - s2/sigma2) / (J(1 - s2/sigma2) + s2/sigma2), null below 2
  rows; AD_M(J) the mean over items of the mean absolute deviation from the
  item mean.
Runs use --no-protection with --min-group 2 (teams of 2 and 3 must show
their figures to be checked); the protection itself is tested elsewhere.
"""
import json
import math
import os
import random
import tempfile

import numpy as np

from sdtcheck import close, finish, report, run

tmp = tempfile.mkdtemp(prefix="sdt-edge-")


def instrument(name, lo, hi, scales, reverse=()):
    """scales: {scale id: [item ids]}; min_answered 1 for one item, else 2
    (or 1 for a two-item scale)."""
    items, sc = [], []
    for sid, ids in scales.items():
        items += [{"id": i, "reverse": i in reverse} for i in ids]
        sc.append({"id": sid, "items": ids, "min_answered": 1 if len(ids) <= 2 else 2})
    path = os.path.join(tmp, name + ".json")
    with open(path, "w") as f:
        json.dump({"format": "sdtscore-instrument/1", "id": name, "version": "1",
                   "response_scale": {"min": lo, "max": hi}, "items": items,
                   "scales": sc}, f)
    return path


def write(name, rows):
    path = os.path.join(tmp, name + ".ndjson")
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    return path


def keyed(rows, ids, lo, hi, reverse):
    """Rows x items, NaN for a missing answer, reverse items flipped, as
    x - lo: every figure but a mean is the same for any origin, and answers
    near 10^6 lose digits in floating point otherwise (checked against
    exact fractions when this test was written: the program's ICC(2) was
    right to 1e-16 where numpy on the raw values was off by 1e-9)."""
    x = np.array([[np.nan if r["answers"].get(i) is None else float(r["answers"][i] - lo)
                   for i in ids] for r in rows])
    for k, i in enumerate(ids):
        if i in reverse:
            x[:, k] = (hi - lo) - x[:, k]
    return x


def scores(x, min_answered):
    got = np.sum(~np.isnan(x), axis=1)
    total = np.nansum(x, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(got >= min_answered, total / got, np.nan)


def pairwise_cov(x):
    k = x.shape[1]
    c = np.full((k, k), np.nan)
    for i in range(k):
        for j in range(k):
            m = ~np.isnan(x[:, i]) & ~np.isnan(x[:, j])
            if m.sum() >= 2:
                a, b = x[m, i], x[m, j]
                c[i, j] = np.sum((a - a.mean()) * (b - b.mean())) / (m.sum() - 1)
    return c


def icc(s, teams):
    m = ~np.isnan(s) & np.array([t is not None for t in teams])
    s = s[m]
    t = [teams[i] for i in np.nonzero(m)[0]]
    groups = sorted(set(t))
    n, g = len(s), len(groups)
    if g < 2 or n == g:
        return None, None
    grand = s.mean()
    ssb = sum(len(v) * (v.mean() - grand) ** 2
              for v in (s[[k for k, x in enumerate(t) if x == gg]] for gg in groups))
    ssw = sum(np.sum((v - v.mean()) ** 2)
              for v in (s[[k for k, x in enumerate(t) if x == gg]] for gg in groups))
    msb, msw = ssb / (g - 1), ssw / (n - g)
    if msb == 0:
        return None, None
    kbar = n / g
    return (msb - msw) / (msb + (kbar - 1) * msw), (msb - msw) / msb


def rwg_ad(x, lo, hi):
    """x: one team's rows x the scale's items; complete rows only."""
    x = x[~np.isnan(x).any(axis=1)]
    if len(x) < 2:
        return None, None
    j = x.shape[1]
    sig = ((hi - lo + 1) ** 2 - 1) / 12.0
    s2 = min(np.mean(np.var(x, axis=0, ddof=1)), sig)
    q = j * (1 - s2 / sig)
    rwg = q / (q + s2 / sig)
    ad = np.mean(np.mean(np.abs(x - x.mean(axis=0)), axis=0))
    return rwg, ad


def check(name, ins_path, rows, lo, hi, scales, reverse, problems, teams_checked=None):
    data = write(name, rows)
    st = json.loads(run("stats", "-q", "-i", ins_path, "--format", "json", "--min-group", "2",
                        "--no-protection", data).stdout)
    teams = [r.get("team") for r in rows]
    by_id = {s["id"]: s for s in st["scales"]}
    tstats = {t["team"]: t for t in st["teams"]}
    checked = 0
    for sid, ids in scales.items():
        x = keyed(rows, ids, lo, hi, reverse)
        s = scores(x, 1 if len(ids) <= 2 else 2)
        got = by_id[sid]
        v = s[~np.isnan(s)]
        want = {"n": len(v), "mean": v.mean() + lo, "sd": v.std(ddof=1) if len(v) > 1 else None}
        if len(ids) >= 2:
            c = pairwise_cov(x)
            k = len(ids)
            want["alpha"] = k / (k - 1) * (1 - np.trace(c) / c.sum())
        want["icc1"], want["icc2"] = icc(s, teams)
        for key, w in want.items():
            g = got.get(key)
            if w is None or (isinstance(w, float) and math.isnan(w)):
                if g is not None:
                    problems.append("%s %s %s: %r, expected null" % (name, sid, key, g))
            elif g is None or not close(g, float(w), 1e-9, 1e-9):
                problems.append("%s %s %s: %r, numpy %r" % (name, sid, key, g, w))
            checked += 1
        for team in (teams_checked or sorted(set(t for t in teams if t)))[:200]:
            ts = tstats.get(team)
            if ts is None or ts.get("suppressed"):
                problems.append("%s: team %s missing or hidden" % (name, team))
                continue
            tsc = {q["id"]: q for q in ts["scales"]}[sid]
            rows_t = np.array([k for k, t in enumerate(teams) if t == team])
            rwg, ad = rwg_ad(x[rows_t], lo, hi)
            tv = s[rows_t]
            tv = tv[~np.isnan(tv)]
            for key, w in (("rwg_j", rwg), ("ad_m", ad),
                           ("mean", tv.mean() + lo if len(tv) else None)):
                g = tsc.get(key)
                if w is None:
                    if g is not None:
                        problems.append("%s %s %s %s: %r, expected null" % (name, team, sid,
                                                                          key, g))
                elif g is None or not close(g, float(w), 1e-9, 1e-9):
                    problems.append("%s %s %s %s: %r, numpy %r" % (name, team, sid, key, g, w))
                checked += 1
    return st, checked


def answers(rnd, ids, lo, hi, missing=0.0, team_shift=0):
    return {i: (None if rnd.random() < missing else
                max(lo, min(hi, rnd.randint(lo, hi) + team_shift))) for i in ids}


def main():
    rnd = random.Random(19)
    # 1. -3..3, a one-item and a two-item scale (one item reversed), teams of
    # 2 and 3 people, 40 % missing answers
    sc = {"one": ["a1"], "two": ["b1", "b2"], "four": ["c1", "c2", "c3", "c4"]}
    rev = {"b2", "c3"}
    ins = instrument("neg", -3, 3, sc, rev)
    rows = []
    for t in range(12):
        for p in range(2 + t % 2):
            a = {}
            for ids in sc.values():
                a.update(answers(rnd, ids, -3, 3, 0.4, t % 3 - 1))
            rows.append({"id": "n%d_%d" % (t, p), "team": "Org/T%02d" % t, "answers": a})
    problems = []
    _, n1 = check("neg", ins, rows, -3, 3, sc, rev, problems)
    report("edge: -3..3 answers, 1-, 2- and 4-item scales, teams of 2 and 3, 40 %% missing "
           "(%d figures)" % n1, problems)

    # 2. 1..100 answers, and an item nobody varies on (zero variance):
    # alpha from C stays defined; the figures that need R are null with a
    # warning naming the cause
    sc = {"wide": ["w1", "w2", "w3"], "flat": ["f1", "f2"]}
    ins = instrument("hundred", 1, 100, sc)
    rows = []
    for k in range(90):
        a = answers(rnd, sc["wide"], 1, 100)
        a.update({"f1": 50, "f2": rnd.randint(1, 100)})
        rows.append({"id": "h%d" % k, "team": "Org/U%d" % (k % 9), "answers": a})
    problems = []
    st, n2 = check("hundred", ins, rows, 1, 100, sc, set(), problems)
    flat = [s for s in st["scales"] if s["id"] == "flat"][0]
    if flat.get("average_r") is not None or not any("variance" in w for w in
                                                    flat.get("warnings", [])):
        problems.append("zero-variance item: average_r %r, warnings %r"
                        % (flat.get("average_r"), flat.get("warnings")))
    report("edge: 1..100 answers and a zero-variance item (%d figures)" % n2, problems)

    # 3. answers near 10^6 on a three-item scale
    sc = {"big": ["g1", "g2", "g3"]}
    ins = instrument("million", 999996, 1000000, sc, {"g2"})
    rows = [{"id": "m%d" % k, "team": "Org/V%d" % (k % 4),
             "answers": answers(rnd, sc["big"], 999996, 1000000, 0.1)} for k in range(60)]
    problems = []
    _, n3 = check("million", ins, rows, 999996, 1000000, sc, {"g2"}, problems)
    report("edge: answers near 10^6 (%d figures)" % n3, problems)

    # 4. 5 000 small teams (1 to 3 people) and an organisation of 2
    sc = {"s": ["x1", "x2", "x3"]}
    ins = instrument("many", 1, 5, sc)
    rows = []
    for t in range(5000):
        for p in range(1 + t % 3):
            rows.append({"id": "t%d_%d" % (t, p), "team": "Org/D%d/T%d" % (t % 7, t),
                         "answers": answers(rnd, sc["s"], 1, 5, 0.05)})
    problems = []
    sample = ["Org/D%d/T%d" % (t % 7, t) for t in range(1, 5000, 97)]
    st, n4 = check("many", ins, rows, 1, 5, sc, set(), problems, sample)
    if len(st["teams"]) != 5000:
        problems.append("%d teams, expected 5000" % len(st["teams"]))
    tiny = [{"id": "o%d" % k, "team": "Org/Only", "answers": answers(rnd, sc["s"], 1, 5)}
            for k in range(2)]
    _, n5 = check("two", ins, tiny, 1, 5, sc, set(), problems)
    report("edge: 5 000 teams of 1 to 3 people, and an organisation of 2 (%d figures)"
           % (n4 + n5), problems)


main()
finish()
