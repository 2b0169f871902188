"""How each need's scales go together (stats JSON "needs"), against a
computation here from the raw answers:

- satisfaction with frustration and support with satisfaction: Pearson r
  of the scale scores of the respondents scored on every scale, with the
  95 % interval from Fisher's z (tanh(atanh(r) +- 1.959964 / sqrt(n - 3)),
  as R's cor.test);
- "bipolar" and a warning on standard error exactly where r <= -0.70;
- the same figures from two shards' partials merged;
- null figures below --min-driver-n respondents;
- the report's Reliability sheet shows the same r and CI per need, in the
  table "How each need's scales go together", with the bipolar note;
- per need, "groups": each team and department with 30 respondents scored
  on every scale and 30 outside it, with its own r and CI."""
import csv
import json
import math
import os
import random
import tempfile

from sdtcheck import finish, report, run

NEEDS = ["autonomy", "competence", "relatedness"]
SCALES = []  # (id, need, valence)
for need in NEEDS:
    for val in ("satisfaction", "frustration", "support"):
        SCALES.append(("%s_%s" % (need, val), need, val))
ITEMS = {s[0]: ["%s%d" % (s[0][:3] + s[0].split("_")[1][:2], k) for k in range(3)]
         for s in SCALES}
INSTRUMENT = {
    "format": "sdtscore-instrument/1", "id": "needs", "version": "1",
    "response_scale": {"min": 1, "max": 5},
    "items": [{"id": i, "reverse": False} for s in SCALES for i in ITEMS[s[0]]],
    "scales": [{"id": s, "need": n, "valence": v, "items": ITEMS[s], "min_answered": 3}
               for s, n, v in SCALES],
}
# How strongly frustration mirrors satisfaction per need: autonomy as one
# bipolar scale, the others as distinct but related needs.
MIRROR = {"autonomy": 0.95, "competence": 0.4, "relatedness": 0.0}


def clamp(x):
    return min(5, max(1, int(round(x))))


def dataset(n, rnd):
    rows = []
    for k in range(n):
        r = {"id": "r%d" % k, "team": "Org/T%d" % (k % 6)}
        for need in NEEDS:
            sup = rnd.gauss(3, 1)
            sat = 0.5 * sup + 0.5 * rnd.gauss(3, 1)
            mirror = MIRROR[need]
            fru = mirror * (6 - sat) + (1 - mirror) * rnd.gauss(3, 1)
            for val, lat in (("satisfaction", sat), ("frustration", fru), ("support", sup)):
                for i in ITEMS["%s_%s" % (need, val)]:
                    r[i] = clamp(lat + rnd.gauss(0, 0.4))
        rows.append(r)
    return rows


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def expected(rows):
    score = {s: [sum(r[i] for i in ITEMS[s]) / 3 for r in rows] for s, _, _ in SCALES}
    out = {}
    n = len(rows)
    if n < 4:
        return out
    for need in NEEDS:
        sat = score[need + "_satisfaction"]
        for key, other in (("r_satisfaction_frustration", need + "_frustration"),
                           ("r_support_satisfaction", need + "_support")):
            r = pearson(sat, score[other]) if key.endswith("frustration") else \
                pearson(score[other], sat)
            se = 1 / math.sqrt(n - 3)
            out[(need, key)] = (r, math.tanh(math.atanh(r) - 1.959963984540054 * se),
                                math.tanh(math.atanh(r) + 1.959963984540054 * se))
    return out


def write(tmp, name, rows):
    path = os.path.join(tmp, name)
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def group_rows(rows):
    """team and department paths -> their rows, where both the group and
    the rest hold at least 30 (every row here is scored on every scale)."""
    groups = {}
    for r in rows:
        parts = r["team"].split("/")
        for k in range(1, len(parts) + 1):
            groups.setdefault("/".join(parts[:k]), []).append(r)
    return {g: v for g, v in groups.items() if len(v) >= 30 and len(rows) - len(v) >= 30}


def compare_groups(label, got, rows, problems):
    want = group_rows(rows)
    for x in got:
        names = [g["team"] for g in x.get("groups", [])]
        if names != sorted(want, key=lambda t: t.encode()) or len(want) < 2:
            problems.append("%s %s: groups %r, want %r" % (label, x["need"], names, sorted(want)))
            continue
        for g in x["groups"]:
            exp = expected(want[g["team"]])
            for key in ("r_satisfaction_frustration", "r_support_satisfaction"):
                r, lo, hi = exp[(x["need"], key)]
                got_v = [g[key]["r"]] + g[key]["ci"]
                if g["n"] != len(want[g["team"]]) or any(
                        abs(a - b) > 1e-12 for a, b in zip(got_v, (r, lo, hi))):
                    problems.append("%s %s %s %s: %r, want %r" % (label, x["need"], g["team"],
                                                                 key, got_v, (r, lo, hi)))


def compare(label, got, want, n, problems):
    if [x["need"] for x in got] != NEEDS:
        problems.append("%s: needs %r" % (label, [x["need"] for x in got]))
        return
    for x in got:
        if x["n"] != n:
            problems.append("%s %s: n %r, want %d" % (label, x["need"], x["n"], n))
        for key in ("r_satisfaction_frustration", "r_support_satisfaction"):
            r, lo, hi = want[(x["need"], key)]
            g = x[key]
            if any(abs(a - b) > 1e-12 for a, b in zip([g["r"]] + g["ci"], (r, lo, hi))):
                problems.append("%s %s %s: %r, worked here %r" % (label, x["need"], key, g,
                                                                  (r, lo, hi)))
        if x["bipolar"] != (want[(x["need"], "r_satisfaction_frustration")][0] <= -0.70):
            problems.append("%s %s: bipolar %r" % (label, x["need"], x["bipolar"]))


def main():
    rnd, problems = random.Random(42), []
    rows = dataset(300, rnd)
    want = expected(rows)
    with tempfile.TemporaryDirectory() as tmp:
        inst = os.path.join(tmp, "needs.json")
        with open(inst, "w") as f:
            json.dump(INSTRUMENT, f)
        data = write(tmp, "all.csv", rows)
        p = run("stats", "-i", inst, "--format", "json", data)
        compare("run", json.loads(p.stdout)["needs"], want, 300, problems)
        compare_groups("run", json.loads(p.stdout)["needs"], rows, problems)
        warned = [n for n in NEEDS if "%s_satisfaction and %s_frustration correlate" % (n, n)
                  in p.stderr]
        should = [n for n in NEEDS if want[(n, "r_satisfaction_frustration")][0] <= -0.70]
        if warned != should or not should:
            problems.append("bipolar warnings for %r, want %r" % (warned, should))
        parts = []
        for k, half in enumerate((rows[:140], rows[140:])):
            parts.append(os.path.join(tmp, "p%d.json" % k))
            run("stats", "-i", inst, "--partial", "-o", parts[-1], write(tmp, "h%d.csv" % k, half))
        merged = json.loads(run("merge", "-i", inst, "--format", "json", *parts).stdout)
        compare("merged", merged["needs"], want, 300, problems)
        compare_groups("merged", merged["needs"], rows, problems)
        few = write(tmp, "few.csv", rows[:29])
        got = json.loads(run("stats", "-i", inst, "--format", "json", few).stdout)["needs"]
        if any(x[k]["r"] is not None for x in got
               for k in ("r_satisfaction_frustration", "r_support_satisfaction")):
            problems.append("29 respondents (below --min-driver-n 30) still gave correlations")
        xlsx = os.path.join(tmp, "r.xlsx")
        run("report", "-i", inst, "-o", xlsx, data)
        check_sheet(xlsx, want, problems)
    report("needs/satisfaction-frustration-and-support (300 respondents, merged, n < 30, "
           "Reliability sheet)", problems)


def check_sheet(xlsx, want, problems):
    import openpyxl
    rows = list(openpyxl.load_workbook(xlsx)["Reliability"].iter_rows(values_only=True))
    start = [i for i, r in enumerate(rows) if r[0] == "How each need's scales go together"]
    if not start:
        problems.append("Reliability: no needs table")
        return
    body = rows[start[0] + 2:start[0] + 2 + len(NEEDS)]
    for need, r in zip(NEEDS, body):
        if r[0] != need.capitalize() or r[1] != 300:
            problems.append("Reliability row %r, want %s" % (r[:2], need))
            continue
        got = list(r[2:8])
        exp = list(want[(need, "r_satisfaction_frustration")]) + \
            list(want[(need, "r_support_satisfaction")])
        if any(abs(a - b) > 1e-12 for a, b in zip(got, exp)):
            problems.append("Reliability %s: %r, want %r" % (need, got, exp))
        bip = want[(need, "r_satisfaction_frustration")][0] <= -0.70
        if bip != (r[13] is not None and "one bipolar scale" in str(r[13])):
            problems.append("Reliability %s: bipolar note %r" % (need, r[13]))


main()
finish()
