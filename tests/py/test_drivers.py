"""Drivers (`stats --outcome`): Johnson's relative weights recomputed here
from the scale scores (`sdtscore score`) with numpy, independently of the
engine: the listwise correlation matrix of the respondents scored on every
scale, its symmetric square root Lambda from numpy's eigh, beta = Lambda^-1
r_xy, raw_j = sum_k Lambda_jk^2 beta_k^2, R^2 = r_xy' R_xx^-1 r_xy."""
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
    report("drivers/unknown-outcome", [] if bad.returncode == 2 and "'nope' is not a scale"
           in bad.stderr else ["exit %d: %s" % (bad.returncode, bad.stderr)])


main()
finish()
