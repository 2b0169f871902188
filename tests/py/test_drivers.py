"""Drivers (`stats --outcome`): Johnson's relative weights recomputed here
from the scale scores (`sdtscore score`) with numpy, independently of the
engine: the listwise correlation matrix of the respondents scored on every
scale, its symmetric square root Lambda from numpy's eigh, beta = Lambda^-1
r_xy, raw_j = sum_k Lambda_jk^2 beta_k^2, R^2 = r_xy' R_xx^-1 r_xy.

The bootstrap CIs (`--bootstrap N --seed S`) are replayed here: GSL's
MT19937 set to S is numpy's MT19937 with legacy seeding (the same
init_genrand), gsl_rng_uniform_int(n) is written out below, each replicate
draws n rows of the score output (input order), keeps those scored on every
scale, and the type-7 2.5 % / 97.5 % quantiles (numpy's default) of the
replicates' raw weights are the CI.

Groups: every team path and each of its '/' prefixes whose respondents
scored on every scale number at least --min-driver-n, with at least as many
outside it, get their own weights, recomputed here the same way."""
import csv
import io
import json
import os
import tempfile

from sdtcheck import finish, report, run

try:
    import numpy as np
except ImportError:
    np = None

INSTRUMENT = "learning-leadership-pulse"
OUTCOME = "autonomy_satisfaction"


def johnson(rxx, rxy):
    ev, vec = np.linalg.eigh(rxx)
    lam = vec @ np.diag(np.sqrt(ev)) @ vec.T
    beta = np.linalg.solve(lam, rxy)
    return (lam ** 2) @ (beta ** 2), float(rxy @ np.linalg.solve(rxx, rxy))


def main():
    if np is None:
        report("drivers/numpy", ["python3-numpy is not installed"])
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", INSTRUMENT, "--respondents", "400", "--teams", "12", "--seed", "9",
            "--missing", "0.05", "-o", data)
        st = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--outcome", OUTCOME,
                            data).stdout)
        scores = list(csv.DictReader(io.StringIO(run("score", "-i", INSTRUMENT, data).stdout)))
        few = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--outcome", OUTCOME,
                             "--min-driver-n", "100000", data).stdout)
        bad = run("stats", "-i", INSTRUMENT, "--outcome", "nope", data, check=False)
        # the default minimum: 30 respondents scored on every scale
        default = {}
        for n in (29, 30):
            small = os.path.join(tmp, "s%d.csv" % n)
            run("simulate", "-i", INSTRUMENT, "--respondents", str(n), "--teams", "2",
                "--seed", "4", "--missing", "0", "--careless", "0", "-o", small)
            default[n] = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json",
                                        "--min-group", "1", "--no-protection", "--outcome",
                                        OUTCOME, small).stdout).get("drivers") or {}
    sids = [s["id"] for s in st["scales"]]
    rows = np.array([[float(r[s]) for s in sids] for r in scores if all(r[s] != "" for s in sids)])
    r = np.corrcoef(rows, rowvar=False)
    y = sids.index(OUTCOME)
    pred = [k for k in range(len(sids)) if k != y]
    raw, r2 = johnson(r[np.ix_(pred, pred)], r[pred, y])
    d = st.get("drivers") or {}
    problems = []
    if d.get("outcome") != OUTCOME or d.get("n") != len(rows):
        problems.append("outcome %r, n %r (want %d)" % (d.get("outcome"), d.get("n"), len(rows)))
    if d.get("r2") is None or abs(d["r2"] - r2) > 1e-9:
        problems.append("r2 %r != %r" % (d.get("r2"), r2))
    got = {w["scale"]: w for w in d.get("weights", [])}
    for k, j in enumerate(pred):
        w = got.get(sids[j])
        if not w or abs(w["raw"] - raw[k]) > 1e-9 or abs(w["rescaled"] - raw[k] / r2) > 1e-9:
            problems.append("%s: %r, want raw %r" % (sids[j], w, raw[k]))
    if abs(sum(w["rescaled"] for w in got.values()) - 1) > 1e-9:
        problems.append("rescaled weights sum to %r" % sum(w["rescaled"] for w in got.values()))
    report("drivers/relative-weights (%d predictors, n %d)" % (len(pred), len(rows)), problems)
    fd = few.get("drivers") or {}
    report("drivers/min-n", [] if fd.get("r2") is None and all(
        w["raw"] is None for w in fd.get("weights", [])) and fd.get("weights") else [repr(fd)])
    report("drivers/default-min-n (30 complete respondents)", [] if default[29].get("n") == 29
           and default[29].get("r2") is None and default[30].get("n") == 30 and
           default[30].get("r2") is not None else [repr(default)])
    report("drivers/unknown-outcome", [] if bad.returncode == 2 and "'nope' is neither a scale"
           in bad.stderr else ["exit %d: %s" % (bad.returncode, bad.stderr)])


def prefixes(team):
    parts = team.split("/")
    return ["/".join(parts[:k]) for k in range(1, len(parts) + 1)]


def frustration_scales(instrument):
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(top, "instruments", instrument + ".json")) as f:
        return {s["id"] for s in json.load(f)["scales"] if s.get("valence") == "frustration"}


def check_groups(instrument, outcome):
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", instrument, "--respondents", "700", "--teams", "14", "--seed", "21",
            "--missing", "0.05", "-o", data)
        st = json.loads(run("stats", "-i", instrument, "--format", "json", "--outcome", outcome,
                            data).stdout)
        scores = list(csv.DictReader(io.StringIO(run("score", "-i", instrument, data).stdout)))
    frus = frustration_scales(instrument)
    sids = [s["id"] for s in st["scales"]]
    y = sids.index(outcome)
    pred = [k for k in range(len(sids)) if k != y]
    done = [r for r in scores if all(r[s] != "" for s in sids)]
    members = {}
    for r in done:
        for g in prefixes(r["team"]) if r["team"] else []:
            members.setdefault(g, []).append([float(r[s]) for s in sids])
    want = {g: rows for g, rows in members.items()
            if len(rows) >= 30 and len(done) - len(rows) >= 30}
    got = {g["team"]: g for g in st["drivers"]["groups"]}
    problems = []
    if sorted(got) != sorted(want) or len(want) < 3:
        problems.append("groups %r, want %r" % (sorted(got), sorted(want)))
    if [g["team"].encode() for g in st["drivers"]["groups"]] != \
            sorted(g["team"].encode() for g in st["drivers"]["groups"]):
        problems.append("groups not sorted by path")
    priorities = []
    for g in set(got) & set(want):
        x = np.array(want[g])
        r = np.corrcoef(x, rowvar=False)
        raw, r2 = johnson(r[np.ix_(pred, pred)], r[pred, y])
        if got[g]["n"] != len(x) or abs(got[g]["r2"] - r2) > 1e-9 or any(
                abs(w["raw"] - raw[k]) > 1e-9 or abs(w["rescaled"] - raw[k] / r2) > 1e-9
                for k, w in enumerate(got[g]["weights"])):
            problems.append("%s: n %r r2 %r, want n %d r2 %r" % (g, got[g]["n"], got[g]["r2"],
                                                              len(x), r2))
        # Peakon's priority: more than an equal share of R^2 and worse than
        # the organisation (over rows scored on every scale): a mean below
        # it, or above it for a frustration scale
        org = np.array([[float(r[s]) for s in sids] for r in done]).mean(axis=0)
        for k, w in enumerate(got[g]["weights"]):
            own, whole = x[:, pred[k]].mean(), org[pred[k]]
            worse = own > whole if sids[pred[k]] in frus else own < whole
            want_p = bool(raw[k] / r2 > 1 / len(pred) and worse)
            if w["priority"] is not want_p:
                problems.append("%s %s: priority %r, want %r" % (g, w["scale"], w["priority"],
                                                                 want_p))
        priorities.extend(w["priority"] for w in got[g]["weights"])
    if True not in priorities or False not in priorities:
        problems.append("the data set shows only one kind of priority: %r" % set(priorities))
    if instrument == INSTRUMENT:
        check_merged(st, problems)
    report("drivers/groups/%s (%d teams and departments of 30+ with 30+ outside, %d priorities)"
           % (instrument, len(want), sum(priorities)), problems)


def check_merged(st, problems):
    """merge --outcome of three shards' partials gives the run's drivers
    (weights and groups) to 1e-12, from the partials' co-moments."""
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", INSTRUMENT, "--respondents", "700", "--teams", "14", "--seed", "21",
            "--missing", "0.05", "-o", data)
        with open(data) as f:
            lines = f.read().splitlines(True)
        parts = []
        for k in range(3):
            shard = os.path.join(tmp, "s%d.csv" % k)
            with open(shard, "w") as f:
                f.write(lines[0] + "".join(lines[1 + k::3]))
            parts.append(shard + ".json")
            run("stats", "-i", INSTRUMENT, "--partial", "-o", parts[-1], shard)
        merged = json.loads(run("merge", "--format", "json", "--outcome", OUTCOME, *parts).stdout)
    a, b = st["drivers"], merged.get("drivers") or {}
    def flat(d):
        out = [d.get("n"), d.get("r2")] + [x for w in d.get("weights", [])
                                            for x in (w["raw"], w["rescaled"])]
        for g in d.get("groups", []):
            out += [g["team"], g["n"], g["r2"]] + [x for w in g["weights"]
                                                 for x in (w["raw"], w["priority"])]
        return out
    fa, fb = flat(a), flat(b)
    if len(fa) != len(fb) or any(
            (abs(x - y) > 1e-12 if isinstance(x, float) and isinstance(y, float) else x != y)
            for x, y in zip(fa, fb)):
        problems.append("merge --outcome of 3 partials differs from the run: %r vs %r"
                        % (fb[:6], fa[:6]))


def gsl_uniform_int(gen, n):
    """gsl_rng_uniform_int for MT19937 (min 0, max 2^32 - 1)."""
    scale = 0xFFFFFFFF // n
    while True:
        k = int(gen.random_raw()) // scale
        if k < n:
            return k


def check_bootstrap():
    reps, seed = 150, 11
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", INSTRUMENT, "--respondents", "120", "--teams", "6", "--seed", "5",
            "--missing", "0.05", "-o", data)
        st = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--outcome", OUTCOME,
                            "--bootstrap", str(reps), "--seed", str(seed), data).stdout)
        scores = list(csv.DictReader(io.StringIO(run("score", "-i", INSTRUMENT, data).stdout)))
    sids = [s["id"] for s in st["scales"]]
    x = np.array([[float(r[s]) if r[s] != "" else np.nan for s in sids] for r in scores])
    y = sids.index(OUTCOME)
    pred = [k for k in range(len(sids)) if k != y]
    gen = np.random.MT19937()
    gen._legacy_seeding(seed)
    out = []
    for _ in range(reps):
        rows = x[[gsl_uniform_int(gen, len(x)) for _ in range(len(x))]]
        rows = rows[~np.isnan(rows).any(axis=1)]
        r = np.corrcoef(rows, rowvar=False)
        out.append(johnson(r[np.ix_(pred, pred)], r[pred, y])[0])
    out = np.array(out)
    got = {w["scale"]: w for w in st["drivers"]["weights"]}
    problems = []
    for k, j in enumerate(pred):
        want = [float(np.quantile(out[:, k], 0.025)), float(np.quantile(out[:, k], 0.975))]
        ci = got[sids[j]]["ci"]
        if None in ci or any(abs(a - b) > 1e-9 for a, b in zip(ci, want)):
            problems.append("%s: ci %r, replayed %r" % (sids[j], ci, want))
    report("drivers/bootstrap-ci (%d replicates replayed, %d predictors)" % (reps, len(pred)),
           problems)


main()
if np is not None:
    check_bootstrap()
    check_groups(INSTRUMENT, OUTCOME)
    check_groups("bpnsfs-work", "autonomy_satisfaction")
finish()
