"""Two waves with a planted change: `sdtscore stats --previous` finds it
with the right sign and size, paired where membership is identical and
Welch where it is not; p-values agree with scipy; renames, appeared and
disappeared groups; a group under the threshold in either wave shows no
change."""
import csv
import io
import json
import math
import os
import tempfile

from scipy import stats as sps

from sdtcheck import SDT, close, finish, read_csv, report, run, write_csv

INSTRUMENT = "learning-leadership-pulse"
SCALE = "autonomy_satisfaction"


def scores(path):
    out = run("score", "-i", INSTRUMENT, path).stdout
    return {r["id"]: r for r in csv.DictReader(io.StringIO(out))}


def team_of(change_json, team):
    for t in change_json["teams"]:
        if t["team"] == team:
            return t
    return None


with tempfile.TemporaryDirectory() as tmp:
    w1 = os.path.join(tmp, "w1.csv")
    w2 = os.path.join(tmp, "w2.csv")
    run("simulate", "-i", INSTRUMENT, "--respondents", "400", "--teams", "12",
        "--missing", "0", "--careless", "0", "--seed", "5", "-o", w1)
    rows = read_csv(w1)
    header = list(rows[0].keys())
    # Autonomy-satisfaction items of the pulse are q1..q3 (see the bundled
    # definition); plant +1 on every answer below the top in one team.
    teams = sorted({r["team"] for r in rows if r["team"]})
    sizes = {t: sum(1 for r in rows if r["team"] == t) for t in teams}
    big = [t for t in teams if sizes[t] >= 12]
    planted, joined = big[0], big[1]
    rows2 = []
    for r in rows:
        r2 = dict(r)
        if r["team"] == planted:
            for q in ("q1", "q2", "q3"):
                if r2[q] and int(r2[q]) < 5:
                    r2[q] = str(int(r2[q]) + 1)
        rows2.append(r2)
    newcomer = dict(rows[0], id="new-1", team=joined)
    rows2.append(newcomer)
    # one team renamed in wave 2
    renamed_old = big[2]
    renamed_new = renamed_old + " (renamed)"
    for r2 in rows2:
        if r2["team"] == renamed_old:
            r2["team"] = renamed_new
    write_csv(w2, header, rows2)
    ren = os.path.join(tmp, "rename.csv")
    with open(ren, "w") as f:
        f.write("old,new\n\"%s\",\"%s\"\n" % (renamed_old, renamed_new))

    out = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json",
                         "--previous", w1, "--rename", ren, w2).stdout)
    s1, s2 = scores(w1), scores(w2)
    j = [s["id"] for s in out["scales"]].index(SCALE)

    # planted team: paired, difference = mean of per-person differences
    t = team_of(out, planted)
    c = t["scales"][j]["change"]
    ids = [i for i, r in s2.items() if r["team"] == planted]
    d = [float(s2[i][SCALE]) - float(s1[i][SCALE]) for i in ids]
    problems = []
    if c["test"] != "paired":
        problems.append("test %s, expected paired" % c["test"])
    if not close(c["difference"], math.fsum(d) / len(d)):
        problems.append("difference %r != %r" % (c["difference"], math.fsum(d) / len(d)))
    if not c["difference"] > 0.3:
        problems.append("planted change not found: %r" % c["difference"])
    ref = sps.ttest_rel([float(s2[i][SCALE]) for i in ids], [float(s1[i][SCALE]) for i in ids])
    if not close(c["p"], float(ref.pvalue), rel=1e-6, abs_=1e-12):
        problems.append("p %r != scipy %r" % (c["p"], ref.pvalue))
    dz = (math.fsum(d) / len(d)) / (sum((x - math.fsum(d) / len(d)) ** 2 for x in d) / (len(d) - 1)) ** 0.5
    if not close(c["effect_size"], dz, rel=1e-9):
        problems.append("d_z %r != %r" % (c["effect_size"], dz))
    report("waves/planted-paired", problems)

    # team with a joiner: Welch on the two wave means
    t = team_of(out, joined)
    c = t["scales"][j]["change"]
    a = [float(r[SCALE]) for r in s1.values() if r["team"] == joined]
    b = [float(r[SCALE]) for r in s2.values() if r["team"] == joined]
    ref = sps.ttest_ind(b, a, equal_var=False)
    problems = []
    if c["test"] != "welch" or c["joined"] != 1:
        problems.append("test %s joined %s" % (c["test"], c["joined"]))
    if not close(c["difference"], sum(b) / len(b) - sum(a) / len(a)):
        problems.append("difference %r" % c["difference"])
    if not close(c["p"], float(ref.pvalue), rel=1e-6, abs_=1e-12):
        problems.append("p %r != scipy %r" % (c["p"], ref.pvalue))
    report("waves/joiner-welch", problems)

    # the renamed team is matched, paired, with no change planted
    t = team_of(out, renamed_new)
    c = t["scales"][j]["change"] if t else None
    report("waves/rename", [] if c and c["test"] == "paired" and abs(c["difference"]) < 1e-12
           else ["renamed team not matched: %r" % c])
    report("waves/summary", [] if out["waves"]["appeared"] == [] and
           out["waves"]["disappeared"] == [] and out["waves"]["renamed"] == sizes[renamed_old]
           else ["summary %r" % out["waves"]])

    # without the rename the team disappears and a new one appears
    out2 = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json",
                          "--previous", w1, w2).stdout)
    report("waves/appear-disappear",
           [] if out2["waves"]["appeared"] == [renamed_new] and
           out2["waves"]["disappeared"] == [renamed_old] and
           team_of(out2, renamed_new)["scales"][j]["change"] is None
           else ["summary %r" % out2["waves"]])

    # BH over all shown changes: p_adjusted >= p and never above 1
    ps = [(s["change"]["p"], s["change"]["p_adjusted"]) for s in out["scales"]]
    for t in out["teams"]:
        for s in t["scales"]:
            if s["change"] and s["change"]["p"] is not None:
                ps.append((s["change"]["p"], s["change"]["p_adjusted"]))
    raw = [p for p, _ in ps]
    m = len(raw)
    order = sorted(range(m), key=lambda k: raw[k])
    adj = [0.0] * m
    run_min = 1.0
    for rank in range(m, 0, -1):
        k = order[rank - 1]
        run_min = min(run_min, raw[k] * m / rank)
        adj[k] = run_min
    report("waves/bh", [] if all(close(a_, b_[1], rel=1e-12, abs_=1e-15) for a_, b_ in zip(adj, ps))
           else ["BH differs"])

    # a team under the threshold in the previous wave shows no change
    small = [t for t in teams if 0 < sizes[t] < 5]
    if small:
        t = team_of(out, small[0])
        report("waves/small-hidden", [] if t["suppressed"] and t["scales"] == [] else ["shown"])
    # --wave NAME=FILE gives the same change and the names
    out3 = json.loads(run("stats", "-i", INSTRUMENT, "--format", "json",
                          "--wave", "spring=" + w1, "--wave", "autumn=" + w2).stdout)
    report("waves/named", [] if out3["waves"]["names"] == ["spring", "autumn"] and
           close(team_of(out3, planted)["scales"][j]["change"]["difference"],
                 team_of(out, planted)["scales"][j]["change"]["difference"])
           else ["names %r" % out3["waves"]["names"]])
    p = run("stats", "-i", INSTRUMENT, "--wave", "a=" + w1, w2, check=False)
    report("waves/usage", [] if p.returncode == 2 and "--wave" in p.stderr
           else ["exit %d %s" % (p.returncode, p.stderr)])
finish()
