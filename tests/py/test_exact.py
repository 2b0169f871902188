"""Issues 17 and 19, exact accumulation.

1. The same 20 000 responses (40 % of answers missing, 150 teams) as
   NDJSON with and without attributes (keys in random order), a JSON
   document, CSV and .xlsx give byte-identical `score` output, and
   byte-identical `stats --format json` output at 1 and 2 threads, as one
   shard or three shards merged, and through a chained `merge --partial`.
2. Answers near 10^6: an instrument on 999996..1000000 gives the figures of
   the same answers on 1..5 - means shifted by the offset, everything else
   (sd, alpha, ICC, rwg, awg, AD, item figures) identical - and both match
   values worked here with exact fractions from the raw answers.
3. A partial of the old format (sdtscore-partial/1) is refused, saying why.
"""
import json
import os
import random
import tempfile
from fractions import Fraction as F

from scipy.stats import f as f_dist

from sdtcheck import SDT, finish, report, run
from test_pipeline import ITEMS24, MODES, write, write_shapes

N_ROWS = 20000
MISSING = 0.4


def responses(rng, n, teams):
    rows = []
    for k in range(n):
        ans = {i: (None if rng.random() < MISSING else rng.randrange(1, 6)) for i in ITEMS24}
        rows.append({"id": "r%05d" % k, "team": "Org/Unit %d/Team %d" % (k % 3, k % teams),
                     "mode": rng.choice(MODES), "answers": ans})
    return rows


def stats(*args):
    return run("stats", "-q", "-i", "bpnsfs-work", "--format", "json", "--outcome",
               "autonomy_satisfaction", *args).stdout


def shards(d, path, n):
    """n partials of contiguous thirds of the NDJSON file `path`."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    parts = []
    for s in range(n):
        p = os.path.join(d, "shard%d.ndjson" % s)
        write(p, "".join(lines[s * len(lines) // n:(s + 1) * len(lines) // n]))
        part = p + ".part"
        run("stats", "-q", "-i", "bpnsfs-work", "--partial", "-o", part, p)
        parts.append(part)
    return parts


def merged(*parts):
    return run("merge", "-q", "--format", "json", "--outcome", "autonomy_satisfaction",
               *parts).stdout


def test_differential(d):
    rows = responses(random.Random(17), N_ROWS, 150)
    paths = write_shapes(d, rows)
    problems = []
    ref_score = run("score", "-i", "bpnsfs-work", paths["ndjson"]).stdout
    ref = stats("--threads", "1", paths["ndjson"])
    doc = json.loads(ref)
    if doc["rows"] != N_ROWS or doc["drivers"] is None:
        problems.append("reference run: rows %r, drivers %r" % (doc["rows"], doc.get("drivers")))
    runs = 0
    for shape, path in paths.items():
        if run("score", "-i", "bpnsfs-work", path).stdout != ref_score:
            problems.append("score of %s differs" % shape)
        for threads in ("1", "2"):
            runs += 1
            if stats("--threads", threads, path) != ref:
                problems.append("stats of %s at %s thread(s) differs" % (shape, threads))
    # Shards: one partial of everything merged alone, three merged, and a
    # chain (1 + 0 merged into a partial, then with 2) give the same bytes;
    # and the same numbers as the single run (a merge has no "focus": the
    # partials do not carry the favourable counts behind it).
    one = merged(shards(d, paths["ndjson+attributes"], 1)[0])
    parts = shards(d, paths["ndjson+attributes"], 3)
    if merged(*parts) != one:
        problems.append("three merged shards differ from one merged shard")
    if merged(parts[0]) == one:
        problems.append("one shard alone gives the figures of all (the test sees nothing)")
    p01 = os.path.join(d, "p01.part")
    run("merge", "-q", "--partial", "-o", p01, parts[1], parts[0])
    if merged(parts[2], p01) != one:
        problems.append("a chained merge (shards 1+0, then 2) differs from one merged shard")
    for t in doc["teams"]:
        t.pop("focus", None)
    if json.loads(one) != doc:
        problems.append("the merged figures are not the single run's, bit for bit")
    report("exact: %d respondents (%.0f %% answers missing) as %s at 1 and 2 threads, 3 "
           "merged shards and a chained merge: byte-identical score and stats JSON (%d "
           "bytes)" % (N_ROWS, 100 * MISSING, ", ".join(paths), len(ref)), problems)


# ---- answers near 10^6 -------------------------------------------------------

def instrument(lo):
    items = ["i%d" % k for k in range(1, 11)]
    return {
        "format": "sdtscore-instrument/1", "id": "big", "version": "1",
        "response_scale": {"min": lo, "max": lo + 4},
        "items": [{"id": i, "reverse": i in ("i2", "i7")} for i in items],
        "scales": [{"id": "a", "items": items[:4], "min_answered": 2},
                   {"id": "b", "items": items[4:], "min_answered": 1}],
        "composites": [{"id": "c", "scales": ["a", "b"]}],
    }


def big_rows(rng):
    """Answers 0..4 (added to the minimum), per team a leaning, 25 % missing."""
    rows = []
    for k in range(903):
        team = k % 9
        ans = {}
        for i in range(1, 11):
            if rng.random() < 0.25:
                continue
            ans["i%d" % i] = min(4, max(0, team % 5 + rng.choice([-2, -1, 0, 0, 1])))
        rows.append(("p%d" % k, "T%d" % team, ans))
    return rows


def write_big(d, lo, rows):
    ins = os.path.join(d, "big%d.json" % lo)
    write(ins, json.dumps(instrument(lo)))
    data = os.path.join(d, "big%d.ndjson" % lo)
    write(data, "".join(json.dumps({"id": i, "team": t, "answers": {k: lo + v for k, v in
                                                                   a.items()}}) + "\n"
                        for i, t, a in rows))
    return ins, data


def var(xs):
    m = sum(xs, F(0)) / len(xs)
    return sum(((x - m) ** 2 for x in xs), F(0)) / (len(xs) - 1)


def cov(xs, ys):
    mx, my = sum(xs, F(0)) / len(xs), sum(ys, F(0)) / len(ys)
    return sum(((x - mx) * (y - my) for x, y in zip(xs, ys)), F(0)) / (len(xs) - 1)


def expected(rows, lo):
    """Scale means/sd, pairwise alpha, ICC(1), ICC(2) and per team rwg(j),
    awg and AD_M(J), worked with exact fractions (answers keyed 0..4)."""
    ins = instrument(0)
    keyed = []
    for _, t, a in rows:
        keyed.append((t, {k: (4 - v if k in ("i2", "i7") else v) for k, v in a.items()}))
    out = {}
    for sc in ins["scales"]:
        its, need = sc["items"], sc["min_answered"]
        scores = {}
        for n, (t, a) in enumerate(keyed):
            got = [a[i] for i in its if i in a]
            if len(got) >= need:
                scores[n] = (t, F(sum(got), len(got)))
        xs = [s for _, s in scores.values()]
        e = {"mean": lo + sum(xs, F(0)) / len(xs), "sd2": var(xs)}
        k = len(its)
        c = [[None] * k for _ in range(k)]
        for p in range(k):
            for q in range(k):
                both = [(a[its[p]], a[its[q]]) for _, a in keyed if its[p] in a and its[q] in a]
                c[p][q] = cov([x for x, _ in both], [y for _, y in both]) if p != q else \
                    var([a[its[p]] for _, a in keyed if its[p] in a])
        tot = sum((c[p][q] for p in range(k) for q in range(k)), F(0))
        e["alpha"] = F(k, k - 1) * (1 - sum((c[p][p] for p in range(k)), F(0)) / tot)
        teams = {}
        for t, s in scores.values():
            teams.setdefault(t, []).append(s)
        grand = sum(xs, F(0)) / len(xs)
        ssb = sum((len(v) * (sum(v, F(0)) / len(v) - grand) ** 2 for v in teams.values()), F(0))
        ssw = sum((var(v) * (len(v) - 1) for v in teams.values()), F(0))
        g, n = len(teams), len(xs)
        msb, msw = ssb / (g - 1), ssw / (n - g)
        e["icc1"] = (msb - msw) / (msb + (F(n, g) - 1) * msw)
        e["icc2"] = (msb - msw) / msb
        e["teams"] = team_agreement(keyed, its)
        out[sc["id"]] = e
    return out


def team_agreement(keyed, its):
    out = {}
    by = {}
    for t, a in keyed:
        if all(i in a for i in its):
            by.setdefault(t, []).append([a[i] for i in its])
    sigma2 = F(5 * 5 - 1, 12)
    for t, rs in by.items():
        j, n = len(its), len(rs)
        cols = [[r[p] for r in rs] for p in range(j)]
        s2 = min(sum((var(c) for c in cols), F(0)) / j, sigma2)
        ratio = s2 / sigma2
        rwg = j * (1 - ratio) / (j * (1 - ratio) + ratio)
        awgs = []
        for c in cols:
            m = sum(c, F(0)) / n
            if m in (0, 4):
                awgs.append(F(1))
                continue
            if m < F(4, n) or m > 4 - F(4, n):
                continue  # out of the range where awg is defined
            awgs.append(1 - 2 * var(c) / (m * (4 - m) * F(n, n - 1)))
        ad = sum((sum((abs(x - sum(c, F(0)) / n) for x in c), F(0)) / n for c in cols),
                 F(0)) / j
        out[t] = {"rwg_j": rwg, "awg": sum(awgs, F(0)) / len(awgs) if awgs else None,
                  "ad_m": ad}
    return out


def test_near_million(d):
    rows = big_rows(random.Random(19))
    problems = []
    docs = {}
    for lo in (1, 999996):
        ins, data = write_big(d, lo, rows)
        docs[lo] = json.loads(run("stats", "-q", "-i", ins, "--format", "json",
                                  "--no-protection", "--threads", "2", data).stdout)
        exp = expected(rows, lo)
        for sc in docs[lo]["scales"]:
            e = exp[sc["id"]]
            # a mean is correctly rounded from the exact fraction, give or
            # take one rounding of adding the minimum (1 ulp)
            ulp = 2.0 ** -52 * max(1.0, abs(float(e["mean"])))
            if abs(sc["mean"] - float(e["mean"])) > ulp:
                problems.append("lo %d %s mean %r, exact %r" % (lo, sc["id"], sc["mean"],
                                                               float(e["mean"])))
            # Feldt's CI over the 903 rows: GSL's F inversion fails at df 902,
            # 4510 (scale b), where the quantile is found by bisection
            k = len(instrument(0)["scales"][0 if sc["id"] == "a" else 1]["items"])
            fq = [f_dist.ppf(p, len(rows) - 1, (len(rows) - 1) * (k - 1)) for p in (0.975, 0.025)]
            ci = [1 - (1 - float(e["alpha"])) * q for q in fq]
            if sc["alpha_ci"] is None or any(abs(g - w) > 1e-9 for g, w in zip(sc["alpha_ci"], ci)):
                problems.append("lo %d %s alpha_ci %r, scipy %r" % (lo, sc["id"], sc["alpha_ci"], ci))
            for key, want in (("sd", float(e["sd2"]) ** 0.5), ("alpha", float(e["alpha"])),
                              ("icc1", float(e["icc1"])), ("icc2", float(e["icc2"]))):
                if abs(sc[key] - want) > 1e-13 * max(1.0, abs(want)):
                    problems.append("lo %d %s %s %r, exact %r" % (lo, sc["id"], key,
                                                                 sc[key], want))
        for t in docs[lo]["teams"]:
            for ts in t["scales"]:
                e = exp[ts["id"]]["teams"].get(t["team"])
                if e is None:
                    continue
                for key in ("rwg_j", "awg", "ad_m"):
                    want = None if e[key] is None else float(e[key])
                    got = ts.get(key)
                    if (want is None) != (got is None) or (
                            want is not None and abs(got - want) > 1e-13):
                        problems.append("lo %d team %s %s %s %r, exact %r"
                                        % (lo, t["team"], ts["id"], key, got, want))
    # the shifted run equals the unshifted one, means apart
    a, b = docs[1], docs[999996]
    n_means = n_same = 0

    def cmp(x, y, key, where):
        nonlocal n_means, n_same
        if isinstance(x, dict):
            for k in x:
                cmp(x[k], y.get(k), k, where + "." + k)
        elif isinstance(x, list):
            for i, (p, q) in enumerate(zip(x, y)):
                cmp(p, q, key, "%s[%d]" % (where, i))
        elif key == "mean" and isinstance(x, float):
            n_means += 1
            if abs((y - 999995) - x) > 2.0 ** -52 * 1e6:
                problems.append("%s: %r vs %r shifted" % (where, x, y))
        elif key not in ("instrument", "lo", "hi", "min", "max") and x != y:
            problems.append("%s: %r at 1..5, %r near 10^6" % (where, x, y))
        else:
            n_same += 1
    cmp(a, b, None, "")
    report("exact: answers near 10^6 (999996..1000000, 25 %% missing, 9 teams): %d means "
           "shifted by the offset, %d other numbers identical to 1..5; scale means, sd, alpha "
           "(and Feldt's CI against scipy at df 902, 4510), ICC(1), ICC(2), and per team "
           "rwg(j), awg and AD_M(J) equal exact fractions"
           % (n_means, n_same), problems[:8])


def test_old_partial(d):
    part = os.path.join(d, "old.part")
    write(part, json.dumps({"format": "sdtscore-partial/1", "instrument": {
        "id": "bpnsfs-work", "version": "1.0.0"}}) + "\n")
    p = run("merge", part, check=False)
    problems = []
    if p.returncode == 0 or "sdtscore-partial/1" not in p.stderr or \
            "write it again" not in p.stderr:
        problems.append("exit %d: %s" % (p.returncode, p.stderr.strip()))
    report("exact: a partial of the old format is refused (%s)" % p.stderr.strip()[:90],
           problems)


def main():
    with tempfile.TemporaryDirectory() as d:
        test_near_million(d)
        test_old_partial(d)
        test_differential(d)
    finish()


if __name__ == "__main__":
    main()
