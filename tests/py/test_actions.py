"""The Actions sheet against the focus rule of sdt_focus.h, applied here to
figures computed here: for crafted teams, each scale's difference from
the rest of the organisation, Welch's p (scipy), the Benjamini-Hochberg
adjustment over every team x scale (written here) and Hedges' g, from
`sdtscore score` output; the weakest items from the raw answers.

The rule: a scale is low for a team when its adjusted p < 0.05 and it is
below the rest, or g <= -0.5; high the other way round; a frustration
scale counts the other way (a high mean is the problem). Per need: the
low one of satisfaction and frustration (the more negative effect when
both are), else low support, is a focus area: coaching (practices of the
need's catalogue) unless the need's support is measured and not low
(then "beyond the supervisor", no practice); the remote-work practice
only where the team's remote members are below the rest of the team.
Otherwise the high one is a strength. Focus areas come first, most
negative effect first, then strengths, most positive first; a focus area
names its two items with the lowest share of favourable answers.

Read back per team: the order, lever and scale of each area, its mean and
difference, the supervisor's support score, the number of practices, the
remote practice, and the weakest items with their shares. The crafted
data must exercise each part of the rule (checked too): a frustration
that is significant with |g| < 0.5 and one with g >= 0.5 that is not, a
raw p under 0.05 that BH lifts over it, both levers, low support alone,
remote members below and above their team, several areas in one team."""
import csv
import io
import json
import math
import os
import random
import shutil
import tempfile

from sdtcheck import bh, finish, report, run

try:
    import openpyxl
    from scipy import stats as sps
except ImportError:
    openpyxl = None

HERE = os.path.dirname(os.path.abspath(__file__))
INSTRUMENTS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "instruments")
LEVERS = {"To work on: coaching": "supervisor", "To work on: beyond the supervisor": "beyond",
          "Strength": "strength"}
NEEDS = ["autonomy", "competence", "relatedness"]
ALPHA, G_LOW = 0.05, 0.5
PRACTICES = 3  # per need in the catalogue; relatedness's third is the remote one
tmp = tempfile.mkdtemp(prefix="sdt-actions-")


def hedges(xs, ys):
    n1, n2 = len(xs), len(ys)
    m1, m2 = math.fsum(xs) / n1, math.fsum(ys) / n2
    sp = math.sqrt((math.fsum((x - m1) ** 2 for x in xs) + math.fsum((y - m2) ** 2 for y in ys))
                   / (n1 + n2 - 2))
    return (1 - 3 / (4 * (n1 + n2) - 9)) * (m1 - m2) / sp


# ---- the expected focus ---------------------------------------------------

class Oracle:
    def __init__(self, inst, rows):
        self.inst, self.rows = inst, rows
        self.scales = {s["id"]: s for s in inst["scales"]}
        self.fav_min = inst.get("favourable_min", inst["response_scale"]["max"] - 1)

    def compute(self, scores):
        """Per (team, scale): mean, diff, raw p, adjusted p, g."""
        self.cell = {}
        teams = sorted({r["team"] for r in self.rows})
        keys, ps = [], []
        for t in teams:
            for sid in self.scales:
                xs = [float(scores[r["id"]][sid]) for r in self.rows if r["team"] == t]
                rest = [float(scores[r["id"]][sid]) for r in self.rows if r["team"] != t]
                p = float(sps.ttest_ind(xs, rest, equal_var=False).pvalue)
                m = math.fsum(xs) / len(xs)
                self.cell[t, sid] = {"mean": m, "diff": m - math.fsum(rest) / len(rest),
                                     "p": p, "g": hedges(xs, rest)}
                keys.append((t, sid))
                ps.append(p)
        for k, a in zip(keys, bh(ps)):
            self.cell[k]["adj"] = a
        self.teams = teams

    def reading(self, team, need, valence):
        """(scale id, standing -1/0/+1, effect) or None when not measured."""
        for sid, s in self.scales.items():
            if s.get("need") != need or s.get("valence") != valence:
                continue
            c = self.cell[team, sid]
            sign = -1.0 if valence == "frustration" else 1.0
            d, eff, sig = sign * c["diff"], sign * c["g"], c["adj"] < ALPHA
            st = -1 if (sig and d < 0) or eff <= -G_LOW else \
                1 if (sig and d > 0) or eff >= G_LOW else 0
            return (sid, st, eff)
        return None

    def remote_lower(self, team, sid, scores):
        mine = [r for r in self.rows if r["team"] == team]
        rem = [float(scores[r["id"]][sid]) for r in mine if r.get("work_mode") == "remote"]
        rest = [float(scores[r["id"]][sid]) for r in mine if r.get("work_mode") != "remote"]
        if len(rem) < 5 or len(rest) < 5:
            return False
        return math.fsum(rem) / len(rem) < math.fsum(rest) / len(rest)

    def weakest(self, team, sid):
        """The two items of the scale with the lowest share favourable."""
        lo, hi = self.inst["response_scale"]["min"], self.inst["response_scale"]["max"]
        rev = {i["id"] for i in self.inst["items"] if i["reverse"]}
        lab = {i["id"]: i.get("label", {}).get("en", i["id"]) for i in self.inst["items"]}
        fru = self.scales[sid].get("valence") == "frustration"
        out = []
        for k, it in enumerate(self.scales[sid]["items"]):
            vals = [int(r[it]) for r in self.rows if r["team"] == team]
            vals = [lo + hi - v if it in rev else v for v in vals]
            good = [v <= lo + hi - self.fav_min if fru else v >= self.fav_min for v in vals]
            out.append((sum(good) / len(good), k, lab[it]))
        return [(name, share) for share, _, name in sorted(out)[:2]]

    def team(self, team, scores):
        """[(lever, scale id, effect, practices, remote, weakest)] in order."""
        areas = []
        for need in NEEDS:
            sat = self.reading(team, need, "satisfaction")
            fru = self.reading(team, need, "frustration")
            sup = self.reading(team, need, "support")
            low = high = None
            if (sat and sat[1] < 0) or (fru and fru[1] < 0):
                low = fru if fru and fru[1] < 0 and (not sat or sat[1] >= 0 or fru[2] < sat[2]) \
                    else sat
            elif sup and sup[1] < 0:
                low = sup
            if low:
                beyond = low is not sup and sup is not None and sup[1] >= 0
                lever = "beyond" if beyond else "supervisor"
                remote = lever == "supervisor" and need == "relatedness" and sat is not None \
                    and self.remote_lower(team, sat[0], scores)
                n_pr = 0 if beyond else PRACTICES - (need == "relatedness" and not remote)
                areas.append((lever, low[0], low[2], n_pr, remote, self.weakest(team, low[0])))
                continue
            if (sat and sat[1] > 0) or (fru and fru[1] > 0):
                high = fru if fru and fru[1] > 0 and (not sat or sat[1] <= 0 or fru[2] > sat[2]) \
                    else sat
            elif sup and sup[1] > 0:
                high = sup
            if high:
                areas.append(("strength", high[0], high[2], 0, False, []))
        focus = sorted([a for a in areas if a[0] != "strength"], key=lambda a: a[2])
        strong = sorted([a for a in areas if a[0] == "strength"], key=lambda a: -a[2])
        return focus + strong


# ---- the sheet --------------------------------------------------------------

def actions(path):
    """{team: [{lever, scale, mean, diff, support, texts}]} from the Actions sheet."""
    ws = openpyxl.load_workbook(path)["Actions"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[2]
    col = {h: k for k, h in enumerate(head) if h}
    tcol = col["Coaching practices to try"]
    out, team, cur = {}, None, None
    for r in rows[3:]:
        if r[0] and " (n = " in str(r[0]):
            team = r[0].split(" (n = ")[0]
            out[team], cur = [], None
            continue
        if team is None:
            continue
        if r[0] in LEVERS:
            cur = {"lever": LEVERS[r[0]], "scale": r[1], "mean": r[col["Mean"]],
                   "diff": r[col["Difference from the rest"]],
                   "support": r[col["Supervisor practices (score)"]]
                   if "Supervisor practices (score)" in col else None, "texts": []}
            out[team].append(cur)
        elif r[0] is not None or all(x is None for x in r):
            cur = None
        if cur is not None and r[tcol]:
            cur["texts"].append(r[tcol])
    return out


def check(name, inst, rows, attrs, by):
    data = os.path.join(tmp, name + ".csv")
    with open(data, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "team"] + attrs +
                           [i["id"] for i in inst["items"]])
        w.writeheader()
        w.writerows(rows)
    xlsx = os.path.join(tmp, name + ".xlsx")
    run("report", "-i", inst["id"], *by, "-o", xlsx, data)
    scores = {r["id"]: r for r in csv.DictReader(io.StringIO(
        run("score", "-i", inst["id"], data).stdout))}
    o = Oracle(inst, rows)
    o.compute(scores)
    label = {s["id"]: s.get("label", {}).get("en", s["id"]) for s in inst["scales"]}
    got, problems, n_areas = actions(xlsx), [], 0
    want_all = {t: o.team(t, scores) for t in o.teams}
    for t, want in want_all.items():
        have = got.get(t)
        if have is None:
            problems.append("%s: no block on the Actions sheet" % t)
            continue
        if [(a["lever"], a["scale"]) for a in have] != [(w[0], label[w[1]]) for w in want]:
            problems.append("%s: areas %r, expected %r" % (
                t, [(a["lever"], a["scale"]) for a in have],
                [(w[0], label[w[1]], round(w[2], 3)) for w in want]))
            continue
        for a, (lever, sid, _, n_pr, remote, weak) in zip(have, want):
            n_areas += 1
            c = o.cell[t, sid]
            if abs(a["mean"] - c["mean"]) > 1e-9 or abs(a["diff"] - c["diff"]) > 1e-9:
                problems.append("%s %s: mean %r diff %r, expected %r %r"
                                % (t, sid, a["mean"], a["diff"], c["mean"], c["diff"]))
            need = o.scales[sid].get("need")
            sup = [s for s in o.scales.values()
                   if s.get("need") == need and s.get("valence") == "support"]
            if sup and abs((a["support"] or 0) - o.cell[t, sup[0]["id"]]["mean"]) > 1e-9:
                problems.append("%s %s: support %r" % (t, sid, a["support"]))
            texts = [x for x in a["texts"] if not x.startswith("Weakest items: ")]
            items = [x for x in a["texts"] if x.startswith("Weakest items: ")]
            practices = [x for x in texts if not x.startswith(("A strength", "The supervisor's"))]
            if len(practices) != n_pr:
                problems.append("%s %s: %d practices, expected %d: %r"
                                % (t, sid, len(practices), n_pr, practices))
            if any("remote" in x for x in practices) != remote:
                problems.append("%s %s: the remote practice %s" % (
                    t, sid, "missing" if remote else "given"))
            want_items = "Weakest items: " + "; ".join(
                "%s (%.0f%%)" % (n, 100 * s) for n, s in weak) if weak else None
            if (items[0] if items else None) != want_items:
                problems.append("%s %s: %r, expected %r" % (t, sid, items, want_items))
    report("actions/%s (%d areas of %d teams against the rule)" % (name, n_areas, len(want_all)),
           problems)
    return o, want_all


def coverage(name, o, want_all, needed):
    """The data exercise what they are meant to: each named situation
    occurs (else the test above proves less than it says)."""
    problems = [what for what, ok in needed(o, want_all).items() if not ok]
    report("actions/%s/coverage" % name, ["no " + p for p in problems])


# ---- crafted organisations -------------------------------------------------

def load(inst_id):
    with open(os.path.join(INSTRUMENTS, inst_id + ".json")) as f:
        return json.load(f)


def people(rng, inst, team, n, shifts, modes=None):
    """n respondents of `team` answering 2-4 at random, except scales in
    `shifts`: {scale: (low, high)} draws, or a function of the person's
    index and work mode giving (low, high)."""
    scales = {s["id"]: s["items"] for s in inst["scales"]}
    out = []
    for k in range(n):
        mode = modes[k % len(modes)] if modes else None
        r = {"id": "%s-%d" % (team.split("/")[-1], k), "team": team}
        if modes:
            r["work_mode"] = mode
        for sid, items in scales.items():
            lo, hi = 2, 4
            if sid in shifts:
                sh = shifts[sid]
                lo, hi = sh(k, mode) if callable(sh) else sh
            for it in items:
                r[it] = rng.randint(lo, hi)
        out.append(r)
    return out


def frustration_org():
    inst = load("bpnsfs-work")
    rng = random.Random(20)
    rows = []
    for t in range(5):
        rows += people(rng, inst, "Org/Base%d" % t, 40, {})
    # a large team, a little more frustrated in relatedness: significant, small g
    rows += people(rng, inst, "Org/Big", 110,
                   {"relatedness_frustration": lambda k, m: (2, 4) if k % 4 else (3, 4)})
    # a small team, far more frustrated in autonomy but too few to be significant
    rows += people(rng, inst, "Org/Small", 6,
                   {"autonomy_frustration": lambda k, m: (5, 5) if k < 4 else (1, 1)})
    # clear cases: competence frustration high and satisfaction low together,
    # relatedness satisfaction a little low
    rows += people(rng, inst, "Org/Strained", 20,
                   {"competence_frustration": (3, 5), "competence_satisfaction": (1, 3),
                    "relatedness_satisfaction": (1, 4), "autonomy_satisfaction": (3, 5)})
    # not frustrated at all in competence, and satisfied in autonomy
    rows += people(rng, inst, "Org/Calm", 20,
                   {"competence_frustration": (1, 2), "autonomy_satisfaction": (3, 5)})
    return inst, rows


def frustration_needed(o, want):
    fru = [(t, s) for (t, s), c in o.cell.items()
           if o.scales[s].get("valence") == "frustration"]
    areas = {(t, a[1]): a for t, v in want.items() for a in v}
    return {
        "frustration significant with 0 < g < 0.5 as a focus area":
            any(o.cell[k]["adj"] < ALPHA and 0 < o.cell[k]["g"] < G_LOW and
                k in areas and areas[k][0] != "strength" for k in fru),
        "frustration with g >= 0.5, not significant, as a focus area":
            any(o.cell[k]["adj"] >= ALPHA and o.cell[k]["g"] >= G_LOW and
                k in areas and areas[k][0] != "strength" for k in fru),
        "low frustration as a strength":
            any(k in areas and areas[k][0] == "strength" for k in fru),
        "a raw p under 0.05 that BH lifts over it, with |g| < 0.5":
            any(c["p"] < ALPHA <= c["adj"] and abs(c["g"]) < G_LOW for c in o.cell.values()),
        "a team with two focus areas": any(
            sum(a[0] != "strength" for a in v) >= 2 for v in want.values()),
        "a team with two strengths": any(
            sum(a[0] == "strength" for a in v) >= 2 for v in want.values()),
    }


def support_org():
    inst = load("learning-leadership-pulse")
    rng = random.Random(7)
    modes = ["remote", "onsite"]
    rows = []
    for t in range(4):
        rows += people(rng, inst, "Org/Base%d" % t, 24, {}, modes)
    # low autonomy satisfaction, supervisor's support fine: beyond the supervisor
    rows += people(rng, inst, "Org/Beyond", 24, {"autonomy_satisfaction": (1, 2)}, modes)
    # relatedness low with its support; remote members lower: the remote practice
    rows += people(rng, inst, "Org/RemoteLow", 24, {
        "relatedness_satisfaction": lambda k, m: (1, 1) if m == "remote" else (1, 3),
        "relatedness_support": (1, 2)}, modes)
    # the same, remote members higher: no remote practice
    rows += people(rng, inst, "Org/RemoteHigh", 24, {
        "relatedness_satisfaction": lambda k, m: (1, 3) if m == "remote" else (1, 1),
        "relatedness_support": (1, 2)}, modes)
    # the supervisor's support for competence low, the need itself fine
    rows += people(rng, inst, "Org/SupportLow", 24, {"competence_support": (1, 2)}, modes)
    # strong in two needs
    rows += people(rng, inst, "Org/Strong", 24, {"autonomy_satisfaction": (4, 5),
                                                 "competence_satisfaction": (3, 5)}, modes)
    return inst, rows


def support_needed(o, want):
    flat = [a for v in want.values() for a in v]
    return {
        "a beyond-the-supervisor area": any(a[0] == "beyond" for a in flat),
        "a coaching area on a need": any(a[0] == "supervisor" and
                                         o.scales[a[1]]["valence"] != "support" for a in flat),
        "low support alone as a coaching area": any(
            a[0] == "supervisor" and o.scales[a[1]]["valence"] == "support" for a in flat),
        "the remote practice": any(a[4] for a in flat),
        "a relatedness coaching area without the remote practice": any(
            a[0] == "supervisor" and o.scales[a[1]]["need"] == "relatedness" and not a[4]
            for a in flat),
        "a team with two strengths": any(
            sum(a[0] == "strength" for a in v) >= 2 for v in want.values()),
    }


def main():
    if openpyxl is None:
        report("actions/python-modules", ["python3-openpyxl or scipy is missing"])
        return
    for name, make, by, needed in (
            ("frustration", frustration_org, [], frustration_needed),
            ("support", support_org, ["--by", "work_mode"], support_needed)):
        try:
            inst, rows = make()
            attrs = ["work_mode"] if by else []
            o, want = check(name, inst, rows, attrs, by)
            coverage(name, o, want, needed)
        except Exception as exc:  # a crash is a failure, not an abort
            report("actions/%s" % name, ["%s: %s" % (type(exc).__name__, exc)])


main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
