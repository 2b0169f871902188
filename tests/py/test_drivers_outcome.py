"""Drivers of an outcome ITEM (`--outcome enps`, the learning-leadership
pulse's eNPS item, 0..10): Johnson's relative weights recomputed here with
numpy, independently of the engine, from the scale scores (`sdtscore
score`) and the eNPS answers read from the data file itself: the rows
scored on every scale that answered eNPS, their correlation matrix, the
predictors' symmetric square root Lambda from numpy's eigh, beta =
Lambda^-1 r_xy, raw_j = sum_k Lambda_jk^2 beta_k^2 (every scale a
predictor).

Also: the groups (team paths and prefixes with --min-driver-n such rows
inside and outside), the bootstrap CIs replayed with GSL's MT19937 as in
test_drivers.py (a replicate keeps the drawn rows scored on every scale and
answering eNPS), `merge --outcome enps` of two shards' partials giving the
run's figures, the report's drivers block naming the item, and a partial
without the outcome co-moments (as an older sdtscore wrote it) refused for
item drivers but still merged for everything else."""
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
OUTCOME = "enps"


def johnson(rxx, rxy):
    ev, vec = np.linalg.eigh(rxx)
    lam = vec @ np.diag(np.sqrt(ev)) @ vec.T
    beta = np.linalg.solve(lam, rxy)
    return (lam ** 2) @ (beta ** 2), float(rxy @ np.linalg.solve(rxx, rxy))


def make_data(tmp, n=500, teams=12, seed=31):
    """Simulated pulse answers, with every 9th eNPS answer blanked so the
    outcome's rows differ from the rows scored on every scale."""
    data = os.path.join(tmp, "d.csv")
    run("simulate", "-i", INSTRUMENT, "--respondents", str(n), "--teams", str(teams), "--seed",
        str(seed), "--missing", "0.04", "-o", data)
    with open(data, newline="") as f:
        rows = list(csv.reader(f))
    k = rows[0].index(OUTCOME)
    for i, r in enumerate(rows[1:]):
        if i % 9 == 4:
            r[k] = ""
    with open(data, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return data


def table(data):
    """Per row in input order: team, the scale scores (NaN when not scored)
    and the eNPS answer (NaN when blank); the scale ids."""
    with open(data, newline="") as f:
        raw = list(csv.DictReader(f))
    scores = list(csv.DictReader(io.StringIO(run("score", "-i", INSTRUMENT, data).stdout)))
    st = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", data).stdout)
    sids = [s["id"] for s in st["scales"]]
    by_id = {r["id"]: r for r in scores}
    x, teams = [], []
    for r in raw:
        s = by_id[r["id"]]
        x.append([float(s[k]) if s[k] != "" else np.nan for k in sids] +
                 [float(r[OUTCOME]) if r[OUTCOME] != "" else np.nan])
        teams.append(r["team"])
    return np.array(x), teams, sids


def weights_of(x):
    """Raw weights and R^2 of the last column on the others."""
    r = np.corrcoef(x, rowvar=False)
    p = x.shape[1] - 1
    return johnson(r[:p, :p], r[:p, p])


def compare(problems, what, d, raw, r2, n, sids):
    if d.get("n") != n or d.get("r2") is None or abs(d["r2"] - r2) > 1e-9:
        problems.append("%s: n %r r2 %r, want n %d r2 %r" % (what, d.get("n"), d.get("r2"), n, r2))
        return
    ws = d.get("weights", [])
    if [w["scale"] for w in ws] != sids:
        problems.append("%s: predictors %r, want %r" % (what, [w["scale"] for w in ws], sids))
        return
    for k, w in enumerate(ws):
        if abs(w["raw"] - raw[k]) > 1e-9 or abs(w["rescaled"] - raw[k] / r2) > 1e-9:
            problems.append("%s %s: raw %r rescaled %r, want %r %r"
                            % (what, w["scale"], w["raw"], w["rescaled"], raw[k], raw[k] / r2))


def prefixes(team):
    parts = team.split("/")
    return ["/".join(parts[:k]) for k in range(1, len(parts) + 1)]


def check_point_and_groups(tmp):
    data = make_data(tmp)
    x, teams, sids = table(data)
    keep = ~np.isnan(x).any(axis=1)
    st = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--outcome", OUTCOME,
                        data).stdout)
    d = st.get("drivers") or {}
    problems = []
    if d.get("outcome") != OUTCOME:
        problems.append("outcome %r" % d.get("outcome"))
    raw, r2 = weights_of(x[keep])
    compare(problems, "organisation", d, raw, r2, int(keep.sum()), sids)
    if abs(sum(w["rescaled"] for w in d.get("weights", [])) - 1) > 1e-9:
        problems.append("rescaled weights do not sum to 1")
    # the outcome's rows are not the scale drivers' rows
    sc = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--outcome",
                        "autonomy_satisfaction", data).stdout)["drivers"]
    if sc["n"] == d.get("n"):
        problems.append("eNPS drivers over as many rows (%d) as the scale drivers" % sc["n"])
    report("drivers-outcome/relative-weights (enps, %d predictors, n %d)"
           % (len(sids), int(keep.sum())), problems)

    problems = []
    members = {}
    for i in np.flatnonzero(keep):
        for g in prefixes(teams[i]) if teams[i] else []:
            members.setdefault(g, []).append(i)
    want = {g: rows for g, rows in members.items()
            if len(rows) >= 30 and int(keep.sum()) - len(rows) >= 30}
    got = {g["team"]: g for g in d.get("groups", [])}
    if sorted(got) != sorted(want) or len(want) < 3:
        problems.append("groups %r, want %r" % (sorted(got), sorted(want)))
    org = x[keep].mean(axis=0)
    for g in set(got) & set(want):
        xs = x[want[g]]
        graw, gr2 = weights_of(xs)
        compare(problems, g, got[g], graw, gr2, len(xs), sids)
        for k, w in enumerate(got[g]["weights"]):
            worse = xs[:, k].mean() < org[k]  # the pulse has no frustration scale
            if w["priority"] is not bool(graw[k] / gr2 > 1 / len(sids) and worse):
                problems.append("%s %s: priority %r" % (g, w["scale"], w["priority"]))
    report("drivers-outcome/groups (%d teams and departments)" % len(want), problems)
    return data, st


def gsl_uniform_int(gen, n):
    """gsl_rng_uniform_int for MT19937 (min 0, max 2^32 - 1)."""
    scale = 0xFFFFFFFF // n
    while True:
        k = int(gen.random_raw()) // scale
        if k < n:
            return k


def check_bootstrap(tmp):
    reps, seed = 120, 7
    data = make_data(tmp, n=150, teams=5, seed=8)
    x, _, sids = table(data)
    st = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--outcome", OUTCOME,
                        "--bootstrap", str(reps), "--seed", str(seed), data).stdout)
    gen = np.random.MT19937()
    gen._legacy_seeding(seed)
    out = []
    for _ in range(reps):
        rows = x[[gsl_uniform_int(gen, len(x)) for _ in range(len(x))]]
        rows = rows[~np.isnan(rows).any(axis=1)]
        out.append(weights_of(rows)[0])
    out = np.array(out)
    problems = []
    for k, w in enumerate(st["drivers"]["weights"]):
        want = [float(np.quantile(out[:, k], 0.025)), float(np.quantile(out[:, k], 0.975))]
        if None in w["ci"] or any(abs(a - b) > 1e-9 for a, b in zip(w["ci"], want)):
            problems.append("%s: ci %r, replayed %r" % (w["scale"], w["ci"], want))
    report("drivers-outcome/bootstrap-ci (%d replicates replayed)" % reps, problems)


def flat(d):
    out = [d.get("outcome"), d.get("n"), d.get("r2")]
    out += [v for w in d.get("weights", []) for v in (w["raw"], w["rescaled"])]
    for g in d.get("groups", []):
        out += [g["team"], g["n"], g["r2"]]
        out += [v for w in g["weights"] for v in (w["raw"], w["priority"])]
    return out


def check_merge(tmp, data, st):
    with open(data) as f:
        lines = f.read().splitlines(True)
    parts = []
    for k in range(2):
        shard = os.path.join(tmp, "s%d.csv" % k)
        with open(shard, "w") as f:
            f.write(lines[0] + "".join(lines[1 + k::2]))
        parts.append(shard + ".json")
        run("stats", "-i", INSTRUMENT, "--partial", "-o", parts[-1], shard)
    merged = json.loads(run("merge", "--format", "json", "--outcome", OUTCOME,
                            *parts).stdout).get("drivers") or {}
    fa, fb = flat(st["drivers"]), flat(merged)
    bad = len(fa) != len(fb) or any(
        (abs(a - b) > 1e-12 if isinstance(a, float) and isinstance(b, float) else a != b)
        for a, b in zip(fa, fb))
    report("drivers-outcome/merge of 2 partials (%d numbers)" % len(fa),
           ["merged %r vs run %r" % (fb[:8], fa[:8])] if bad else [])

    # a partial as an older sdtscore wrote it: no outcome co-moments
    with open(parts[1]) as f:
        doc = json.load(f)
    doc.pop("outcome_scale_scores")
    for t in doc["teams"]:
        t.pop("outcome_scale_scores", None)
    old = os.path.join(tmp, "old.json")
    with open(old, "w") as f:
        json.dump(doc, f)
    refused = run("merge", "--format", "json", "--outcome", OUTCOME, parts[0], old, check=False)
    plain = run("merge", "--format", "json", "--outcome", "autonomy_satisfaction", parts[0], old,
                check=False)
    problems = []
    if refused.returncode == 0 or "no co-moments of the outcome items" not in refused.stderr:
        problems.append("exit %d: %s" % (refused.returncode, refused.stderr))
    if plain.returncode != 0 or json.loads(plain.stdout)["drivers"]["n"] != \
            json.loads(run("stats", "-i", INSTRUMENT, "--format", "json", "--outcome",
                           "autonomy_satisfaction", data).stdout)["drivers"]["n"]:
        problems.append("scale drivers from an old partial: exit %d %s"
                        % (plain.returncode, plain.stderr))
    report("drivers-outcome/old-partial (item drivers refused, scale drivers merged)", problems)


def check_report(tmp, data):
    """The report's drivers block names the item (its label) on the
    Reliability sheet; the team pages carry the block too."""
    try:
        import openpyxl
    except ImportError:
        report("drivers-outcome/report", ["openpyxl is not installed"])
        return
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(top, "instruments", INSTRUMENT + ".json")) as f:
        label = [i for i in json.load(f)["items"] if i["id"] == OUTCOME][0]["label"]["en"]
    out = os.path.join(tmp, "r.xlsx")
    run("report", "-i", INSTRUMENT, "--outcome", OUTCOME, "-o", out, data)
    wb = openpyxl.load_workbook(out, read_only=True)
    text = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
            for c in row if isinstance(c, str)]
    problems = []
    hits = [t for t in text if label in t]
    if len(hits) < 2:
        problems.append("no drivers line naming %r among %d texts" % (label, len(text)))
    report("drivers-outcome/report (%d drivers lines name the eNPS item)" % len(hits), problems)


def main():
    if np is None:
        report("drivers-outcome/numpy", ["python3-numpy is not installed"])
        return
    with tempfile.TemporaryDirectory() as tmp:
        data, st = check_point_and_groups(tmp)
        check_merge(tmp, data, st)
        check_report(tmp, data)
        check_bootstrap(tmp)
        bad = run("stats", "-i", INSTRUMENT, "--outcome", "comment", data, check=False)
        report("drivers-outcome/text-item-refused", [] if bad.returncode == 2 else
               ["exit %d: %s" % (bad.returncode, bad.stderr)])


main()
finish()
