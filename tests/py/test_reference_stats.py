#!/usr/bin/python3
"""Compare `sdtscore stats --format json` with what R computed.

For every reference dataset in $SHARED/reference and every response file
of it, run the CLI and compare every number of expected.json with the
output, within the tolerances of $SHARED/reference/README.md:
1e-9 relative (or 1e-12 absolute near zero), omega_total 1e-4 absolute,
counts exactly, expected null <-> output null. Expected numbers are only
ever read from the files.

Env: SDT (the binary), SHARED (the shared folder). VERBOSE=1 also prints
the largest deviation per statistic. Prints `PASS name` / `FAIL name: why`
per check group; exits non-zero on any failure.
"""
import json
import math
import os
import subprocess
import sys

SDT = os.environ.get("SDT", "build/sdtscore")
SHARED = os.environ.get("SHARED", "../shared")
REF = os.path.join(SHARED, "reference")
VERBOSE = os.environ.get("VERBOSE") == "1"

REL_TOL = 1e-9
ABS_TOL = 1e-12
OMEGA_TOL = 1e-4
# README: expected.json name -> contract name
RENAME = {"n_rows": "rows", "n_scored": "n", "alpha_ase": "alpha_se",
          "alpha_ci_feldt": "alpha_ci"}
# Dataset metadata, not statistics: the contract has no place for them.
METADATA = {"dataset", "response_scale"}
SCALE_KEYS = ["id", "n", "mean", "sd", "alpha", "alpha_std", "alpha_ci",
              "alpha_se", "lambda2", "lambda6", "average_r", "median_r",
              "omega_total", "sem", "spearman_brown", "listwise", "icc1",
              "icc2", "warnings", "items"]
ITEM_KEYS = ["id", "n", "mean", "sd", "r_drop", "alpha_if_deleted"]
TEAM_KEYS = ["team", "n", "suppressed", "scales"]
TEAM_SCALE_KEYS = ["id", "n", "mean", "sd", "rwg_j", "awg", "rwg_star_j", "rwg_j_star", "ad_m",
                   "rwg_j_cutoff"]
TOP_KEYS = ["instrument", "rows", "missing", "min_group", "protected", "scales",
            "composites", "teams"]

failures = 0
maxdev = {}  # statistic -> (deviation, where)


def report(ok, name, why=""):
    global failures
    if ok:
        print("PASS %s" % name)
    else:
        failures += 1
        print("FAIL %s: %s" % (name, why))


class Cmp:
    """Walks expected and actual together, collecting problems."""

    def __init__(self):
        self.count = 0
        self.problems = []

    def number(self, exp, got, where, stat):
        self.count += 1
        if exp is None or got is None:
            if exp is not got:
                self.problems.append("%s: expected %r, got %r" % (where, exp, got))
            return
        if isinstance(got, bool) or not isinstance(got, (int, float)):
            self.problems.append("%s: not a number: %r" % (where, got))
            return
        if isinstance(exp, int) and stat in ("n", "rows", "listwise.n"):
            if got != exp:
                self.problems.append("%s: expected %d, got %r" % (where, exp, got))
            return
        dev = abs(got - exp)
        if stat == "omega_total":
            ok = dev <= OMEGA_TOL
        else:
            ok = dev <= ABS_TOL or dev <= REL_TOL * abs(exp)
            dev = dev / abs(exp) if exp != 0 and dev > ABS_TOL else dev
        if dev > maxdev.get(stat, (-1.0, ""))[0]:
            maxdev[stat] = (dev, where)
        if not ok or not math.isfinite(got):
            self.problems.append("%s: expected %.15g, got %.17g" % (where, exp, got))

    def value(self, exp, got, where, stat):
        if isinstance(exp, list):
            if not isinstance(got, list) or len(got) != len(exp):
                self.problems.append("%s: expected a list of %d, got %r" % (where, len(exp), got))
                return
            for i, (e, g) in enumerate(zip(exp, got)):
                self.number(e, g, "%s[%d]" % (where, i), stat)
        else:
            self.number(exp, got, where, stat)


def by_id(lst, key, where, cmp):
    out = {}
    for x in lst:
        out[x[key]] = x
    if len(out) != len(lst):
        cmp.problems.append("%s: duplicate %s" % (where, key))
    return out


def compare_obj(exp, got, where, cmp, nested):
    """Compare every number of dict `exp` with dict `got` (renamed keys);
    `nested` maps a key to a function for keyed sub-objects."""
    for k, e in exp.items():
        name = RENAME.get(k, k)
        if k in nested:
            nested[k](e, got.get(name), where + "." + name, cmp)
        elif name not in got:
            cmp.problems.append("%s: missing %s" % (where, name))
        elif isinstance(e, dict):
            for k2, e2 in e.items():
                cmp.value(e2, got[name].get(k2), "%s.%s.%s" % (where, name, k2),
                          "%s.%s" % (name, k2))
        else:
            cmp.value(e, got[name], where + "." + name, name)


def items_cmp(exp, got, where, cmp):
    got = by_id(got or [], "id", where, cmp)
    for iid, e in exp.items():
        if iid not in got:
            cmp.problems.append("%s: no item %s" % (where, iid))
            continue
        for k, v in e.items():
            cmp.value(v, got[iid].get(k), "%s[%s].%s" % (where, iid, k), "item." + k)


def team_scales_cmp(exp, got, where, cmp):
    got = by_id(got or [], "id", where, cmp)
    for sid, e in exp.items():
        if sid not in got:
            cmp.problems.append("%s: no scale %s" % (where, sid))
            continue
        for k, v in e.items():
            cmp.value(v, got[sid].get(k), "%s[%s].%s" % (where, sid, k), "team." + k)


def scales_cmp(exp, got, where, cmp):
    got = by_id(got or [], "id", where, cmp)
    for sid, e in exp.items():
        if sid not in got:
            cmp.problems.append("%s: no scale %s" % (where, sid))
            continue
        compare_obj(e, got[sid], "%s[%s]" % (where, sid), cmp, {"items": items_cmp})


def teams_cmp(exp, got, where, cmp):
    got = by_id(got or [], "team", where, cmp)
    if set(got) != set(exp):
        cmp.problems.append("%s: teams differ: %s" % (where, sorted(set(got) ^ set(exp))))
    for tid, e in exp.items():
        if tid not in got:
            continue
        if got[tid].get("suppressed") is not False:
            cmp.problems.append("%s[%s]: suppressed with --min-group 1" % (where, tid))
        compare_obj(e, got[tid], "%s[%s]" % (where, tid), cmp,
                    {"scales": team_scales_cmp})


def check_shape(out, instrument, cmp):
    """The contract's keys and orders: instrument order, teams by bytes."""
    # "needs" (how each need's scales go together) follows where scales name needs
    if [k for k in out if k != "needs"] != TOP_KEYS or list(out)[-1] not in ("teams", "needs"):
        cmp.problems.append("top-level keys %s" % list(out))
        return
    want = [s["id"] for s in instrument["scales"]]
    if [s["id"] for s in out["scales"]] != want:
        cmp.problems.append("scales not in instrument order")
    for s in out["scales"]:
        if list(s) != SCALE_KEYS or list(s["listwise"]) != ["n", "alpha"]:
            cmp.problems.append("scale %s keys %s" % (s.get("id"), list(s)))
        if any(list(i) != ITEM_KEYS for i in s["items"]):
            cmp.problems.append("scale %s: item keys" % s.get("id"))
    names = [t["team"].encode("utf-8") for t in out["teams"]]
    if names != sorted(names):
        cmp.problems.append("teams not sorted by path (byte order)")
    for t in out["teams"]:
        # "focus" (a published team's focus areas) may follow the contract's keys
        if [k for k in t if k != "focus"] != TEAM_KEYS or \
                any(list(x) != TEAM_SCALE_KEYS for x in t["scales"]):
            cmp.problems.append("team %s keys" % t.get("team"))


def run_one(ds, path, instrument, expected):
    name = "reference-stats/%s/%s" % (ds, os.path.basename(path))
    inst = os.path.join(REF, ds, "instrument.json")
    cmd = [SDT, "stats", "-i", inst, "--format", "json", "--min-group", "1", "--no-protection", path]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        report(False, name, "exit %d: %s" % (p.returncode, p.stderr.strip()[:300]))
        return
    try:
        out = json.loads(p.stdout)
    except ValueError as e:
        report(False, name, "output is not JSON: %s" % e)
        return
    cmp = Cmp()
    check_shape(out, instrument, cmp)
    for k, e in expected.items():
        if k in METADATA:
            continue
        name_k = RENAME.get(k, k)
        if k == "scales":
            scales_cmp(e, out.get("scales"), "scales", cmp)
        elif k == "teams":
            teams_cmp(e, out.get("teams"), "teams", cmp)
        else:
            cmp.value(e, out.get(name_k), name_k, name_k)
    why = "; ".join(cmp.problems[:5])
    if len(cmp.problems) > 5:
        why += "; ... %d problems in all" % len(cmp.problems)
    report(not cmp.problems and cmp.count > 0, "%s (%d numbers)" % (name, cmp.count), why)


def main():
    datasets = sorted(d for d in os.listdir(REF)
                      if os.path.isfile(os.path.join(REF, d, "expected.json")))
    if not datasets:
        report(False, "reference-stats", "no datasets under %s" % REF)
    for ds in datasets:
        folder = os.path.join(REF, ds)
        with open(os.path.join(folder, "expected.json")) as f:
            expected = json.load(f)
        with open(os.path.join(folder, "instrument.json")) as f:
            instrument = json.load(f)
        files = sorted(f for f in os.listdir(folder) if f.startswith("responses"))
        for fn in files:
            run_one(ds, os.path.join(folder, fn), instrument, expected)
    if VERBOSE:
        for stat in sorted(maxdev):
            dev, where = maxdev[stat]
            print("  max deviation %-22s %.3g  (%s)" % (stat, dev, where))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
