"""The disclosure auditor: an attacker's view of everything one run publishes.

Independent of the engine: for random organisations (hierarchies of 2-4
levels, respondents directly in departments and without a team, 1-3
attributes of 2-4 values, skipped items, partial and unscored respondents),
run `report --by ...` and `stats --format json`, read every figure back
(openpyxl, JSON), and write each as a linear combination of respondent-level
unknowns, from this file's own record of who answered what:

  Y space, the answers y[r,i]: a scale mean of a cell is
    sum over its scored respondents of (1/a_r) sum of their answered items,
    an item mean (Reliability, stats JSON) the sum of the answers given;
  F space, the favourable indicators f[r,i]: a scale's share sums its items'
    indicators over the respondents complete on the scale, an item's share
    the item's over the same respondents.

A reader can add and subtract published sums, so what they learn is the
row space of the published vectors (numpy SVD). A leak is a hidden
figure's vector, an individual's score or answer, a team x attribute
cell of 1..4 respondents, or a group's teams of fewer than 5 taken
together, lying in that space. (A hidden figure over exactly the people
of a published one is a redundant suppression, not a leak: stats hides a
team as a whole when one of its scales must be hidden.) Also: every visible cell has
n >= 5, and no hidden cell's true mean appears anywhere in the workbook.

Agreement (rwg(j), awg, r*wg(j), AD_M(J), the simulated rwg(j) cutoff) is
not linear in the answers, so it is not attacked as a sum: instead every
published agreement figure must be over exactly the people of a group
whose means the same publication shows. In the stats JSON a team's figures
need its mean shown; in the workbook (Heatmap's rwg(j) columns, the
Reliability sheet's agreement block, and the team page of every workbook
of `report --split-by team`) the group's mean must be shown on its Scores
sheet and the group must hold no subteam (so that the team's respondents
are all of the group's). r*wg(j), rwg(j) and AD_M(J) are recomputed here
over the group's respondents complete on the scale, so a figure over any
other set of people is told apart from the group's.

Waves: wave 1's own report and a later report whose Trend moves one of
its teams to another branch and merges two (--rename) are one
publication of wave 1's answers, audited together.

AUDIT_CASES (default 200) sets how many organisations; `make audit` runs
thousands. AUDIT_SEED picks the first seed."""
import csv
import json
import math
import os
import random
import shutil
import tempfile
import zipfile

from sdtcheck import finish, report, run

try:
    import numpy as np
    import openpyxl
except ImportError:
    np = openpyxl = None

MIN = 5
ITEMS = ["a1", "a2", "a3", "b1", "b2", "b3"]
SCALES = {"sa": ["a1", "a2", "a3"], "sb": ["b1", "b2", "b3"]}
REVERSE = {"a2"}
INSTRUMENT = {
    "format": "sdtscore-instrument/1", "id": "audit", "version": "1",
    "response_scale": {"min": 1, "max": 5}, "favourable_min": 4,
    "items": [{"id": i, "reverse": i in REVERSE} for i in ITEMS] + [
        {"id": "o1", "type": "outcome", "reverse": False,
         "response_scale": {"min": 0, "max": 10, "favourable_min": 9}}],
    "scales": [{"id": s, "items": its, "min_answered": 2} for s, its in SCALES.items()],
    "composites": [{"id": "cab", "scales": ["sa", "sb"]}],
}
COMPOSITE = "cab"  # the mean of sa and sb, for respondents scored on both
# An eNPS outcome (0..10). Its mean, SD, shares and eNPS of a group are all
# figures over the same people, those who answered it: one system whose
# vectors are those people (space O).
OUTCOME = "o1"
LABELS = ("fewer than 5", "protected")


# ---- a random organisation ----------------------------------------------

def make_tree(rng):
    depth = rng.randint(2, 4)
    nodes, frontier = [], ["Org"]
    for level in range(1, depth):
        nxt = []
        for p in frontier:
            for k in range(rng.randint(1, 3)):
                nxt.append("%s/%s%d" % (p, "DTUV"[level - 1], len(nodes) + k))
        nodes += nxt
        frontier = nxt
    return nodes, frontier


def make_population(rng):
    nodes, leaves = make_tree(rng)
    attrs = {"at%d" % k: ["v%d" % v for v in range(rng.randint(2, 4))]
             for k in range(rng.randint(1, 3))}
    skip = rng.choice([0.0, 0.05, 0.15, 0.3])
    people = []
    places = leaves * 3 + nodes + [""]
    for t in places:
        size = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 11])
        for _ in range(size if t in leaves or rng.random() < 0.3 else 0):
            p = {"id": "r%d" % len(people), "team": t}
            for a, vals in attrs.items():
                p[a] = rng.choice(vals + [""]) if rng.random() < 0.9 else ""
            for i in ITEMS:
                p[i] = "" if rng.random() < skip else str(rng.randint(1, 5))
            p[OUTCOME] = "" if rng.random() < skip + 0.1 else str(rng.randint(0, 10))
            people.append(p)
    return people, sorted(attrs)


def keyed(p, i):
    v = int(p[i])
    return 6 - v if i in REVERSE else v


def answered(p, s):
    return [i for i in SCALES[s] if p[i] != ""]


def scored(p, s):
    return len(answered(p, s)) >= 2


def complete(p, s):
    return len(answered(p, s)) == len(SCALES[s])


def within(p, path):
    if path == "Org":
        return True
    return p["team"] == path or p["team"].startswith(path + "/")


# ---- agreement ---------------------------------------------------------------

AGREE = ("rwg_j", "awg", "rwg_j_star", "ad_m", "rwg_j_cutoff")
POINTS = 5  # answers 1..5


def agreement_of(people, members, s):
    """rwg(j) (capped at the uniform null, as multilevel::rwg.j), r*wg(j)
    (Lindell: 1 - mean item variance / (A^2 - 1)/12, uncapped) and AD_M(J)
    (mean absolute deviation from each item's mean, averaged over items)
    over the members complete on scale s; None below two such rows."""
    rows = [[keyed(people[x], i) for i in SCALES[s]] for x in members
            if complete(people[x], s)]
    if len(rows) < 2:
        return None
    x = np.array(rows, dtype=float)
    sigma2 = (POINTS ** 2 - 1) / 12.0
    mv = x.var(axis=0, ddof=1).mean()
    c, j = min(mv, sigma2) / sigma2, x.shape[1]
    return {"rwg_j": j * (1 - c) / (j * (1 - c) + c), "rwg_j_star": 1 - mv / sigma2,
            "ad_m": float(np.abs(x - x.mean(axis=0)).mean(axis=0).mean())}


def is_number(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


# ---- vectors over the unknowns --------------------------------------------

class Space:
    """Coordinates (respondent, item) for the answers that were given."""

    def __init__(self, people, items=ITEMS):
        self.people = people
        self.index = {}
        for r, p in enumerate(people):
            for i in items:
                if p[i] != "":
                    self.index[r, i] = len(self.index)
        self.published, self.hidden, self.private = [], [], []

    def vec(self, terms):
        v = np.zeros(len(self.index))
        for key, w in terms:
            v[self.index[key]] += w
        return v


def mean_terms(people, members, s):
    """Y: a scale mean's sum over its scored members."""
    out = []
    for r in members:
        got = answered(people[r], s)
        if len(got) >= 2:
            out += [((r, i), 1.0 / len(got)) for i in got]
    return out


def composite_terms(people, members):
    """Y: a composite's sum over the members scored on both its scales:
    each one's (sa score + sb score) / 2."""
    both = [r for r in members if all(scored(people[r], s) for s in SCALES)]
    return [(k, w / 2) for s in SCALES for k, w in mean_terms(people, both, s)]


def fav_terms(people, members, s, items=None):
    """F: favourable indicators of the members complete on scale s."""
    return [((r, i), 1.0) for r in members if complete(people[r], s)
            for i in (items or SCALES[s])]


def true_mean(people, members, s):
    xs = [sum(keyed(people[r], i) for i in answered(people[r], s)) / len(answered(people[r], s))
          for r in members if scored(people[r], s)]
    return math.fsum(xs) / len(xs) if xs else None


# ---- reading what was published --------------------------------------------

def is_label(x):
    return isinstance(x, str) and x in LABELS


class Audit:
    def __init__(self, people, attrs):
        self.people, self.attrs = people, attrs
        self.Y, self.F = Space(people), Space(people)
        self.O = Space(people, [OUTCOME])
        self.problems, self.hidden_means, self.shown = [], [], []
        self.n_agree = 0

    def members(self, path, attr=None, value=None):
        return [r for r, p in enumerate(self.people)
                if within(p, path) and (attr is None or p[attr] == value)]

    def cell(self, space, terms, fig, what, n=None):
        """One published figure: its vector is published or hidden."""
        if not terms:
            return
        v = space.vec(terms)
        if is_label(fig):
            space.hidden.append((v, what))
        elif isinstance(fig, (int, float)):
            if n is not None and n < MIN:
                self.problems.append("%s shown with n = %d" % (what, n))
            space.published.append(v)
            self.shown.append(fig)
        elif fig is not None:
            self.problems.append("%s reads %r" % (what, fig))

    def scores(self, ws):
        rows = list(ws.iter_rows(values_only=True))
        col = {h: k for k, h in enumerate(rows[0])}
        for r in rows[1:]:
            if r[0] and r[col["Scale"]] == COMPOSITE:
                m = self.members(r[0])
                self.cell(self.Y, composite_terms(self.people, m), r[col["Mean"]],
                          "Scores %s composite" % r[0], r[col["n scored"]])
                if r[col["n scored"]] != sum(all(scored(self.people[x], s) for s in SCALES)
                                             for x in m):
                    self.problems.append("Scores %s composite n %r" % (r[0], r[col["n scored"]]))
                continue
            if not r[0] or r[col["Scale"]] not in SCALES:
                continue
            path, s = r[0], r[col["Scale"]]
            m = self.members(path)
            what = "Scores %s %s" % (path, s)
            self.cell(self.Y, mean_terms(self.people, m, s), r[col["Mean"]], what + " mean",
                      r[col["n scored"]])
            if is_label(r[col["Mean"]]):
                self.hidden_means.append(true_mean(self.people, m, s))
            self.cell(self.F, fav_terms(self.people, m, s), r[col["% favourable"]], what + " fav",
                      sum(complete(self.people[x], s) for x in m))

    def items(self, ws):
        rows = list(ws.iter_rows(values_only=True))
        hdr = rows[0]
        for r in rows[1:]:
            if not r[0]:
                continue
            m = self.members(r[0])
            for k, i in enumerate(hdr):
                if i in ITEMS:
                    s = next(x for x, its in SCALES.items() if i in its)
                    self.cell(self.F, fav_terms(self.people, m, s, [i]), r[k],
                              "Items %s %s" % (r[0], i),
                              sum(complete(self.people[x], s) for x in m))

    def breakdown(self, ws, attr):
        rows = list(ws.iter_rows(values_only=True))
        values = [v for v in rows[0][4::2] if v]
        for r in rows[2:]:
            if not r[0] or r[1] not in SCALES:
                continue
            for k, v in enumerate(values):
                m = self.members(r[0], attr, v)
                fig, n = r[5 + 2 * k], r[4 + 2 * k]
                if n != sum(scored(self.people[x], r[1]) for x in m):
                    self.problems.append("Breakdown %s %s %s n %r" % (r[0], r[1], v, n))
                self.cell(self.Y, mean_terms(self.people, m, r[1]), fig,
                          "Breakdown %s=%s %s %s" % (attr, v, r[0], r[1]), n)
                if is_label(fig):
                    self.hidden_means.append(true_mean(self.people, m, r[1]))

    def reliability(self, ws):
        everyone = list(range(len(self.people)))
        for r in ws.iter_rows(values_only=True):
            if r[0] in ITEMS and r[2] is not None:
                terms = [((x, r[0]), 1.0) for x in everyone if self.people[x][r[0]] != ""]
                self.cell(self.Y, terms, r[2], "Reliability item %s" % r[0])

    def workbook(self, path):
        """Every sheet of a report that publishes figures of answers."""
        wb = openpyxl.load_workbook(path, read_only=True)
        self.scores(wb["Scores"])
        self.items(wb["Items"])
        self.reliability(wb["Reliability"])
        for name in wb.sheetnames:
            if name.startswith("Breakdown "):
                self.breakdown(wb[name], name[len("Breakdown "):])
        wb.close()

    def agreement(self, what, group, s, figs, mean_shown, subtree=True):
        """One group's published agreement figures on scale s (name ->
        value; labels and None are not figures). A workbook's group is a
        subtree (its figures must then be a team's without subteams); a
        stats JSON team (subtree False) is its exact path's respondents,
        over whom its mean is taken too."""
        nums = {k: v for k, v in figs.items() if is_number(v)}
        if not nums:
            return
        self.n_agree += len(nums)
        if not mean_shown:
            self.problems.append("%s: agreement %s shown where the group's mean is not"
                                 % (what, sorted(nums)))
        team = [r for r, p in enumerate(self.people) if p["team"] == group]
        if group == "Org" or (subtree and set(self.members(group)) != set(team)):
            self.problems.append("%s: agreement of %s, which is not a team without subteams"
                                 % (what, group))
            return
        want = agreement_of(self.people, team, s)
        for k, v in nums.items():
            if k in ("rwg_j", "rwg_j_star", "ad_m") and (want is None or
                                                         abs(v - want[k]) > 1e-9):
                self.problems.append("%s: %s %r is not the team's own (%r)"
                                     % (what, k, v, want and want[k]))

    def scores_means(self, wb):
        """(group, scale) -> the Scores sheet's mean cell."""
        rows = list(wb["Scores"].iter_rows(values_only=True))
        col = {h: k for k, h in enumerate(rows[0])}
        return {(r[0], r[col["Scale"]]): r[col["Mean"]] for r in rows[1:] if r[0]}

    def agreement_workbook(self, path):
        """The agreement a workbook shows: the Heatmap's rwg(j) columns,
        the Reliability sheet's block and a team page's."""
        wb = openpyxl.load_workbook(path, read_only=True)
        means = self.scores_means(wb)
        shown = lambda g, s: is_number(means.get((g, s)))
        rows = list(wb["Heatmap"].iter_rows(values_only=True))
        hdr = rows[0]
        for k, h in enumerate(hdr):
            if isinstance(h, str) and h.startswith("rwg(j): ") and h[8:] in SCALES:
                for r in rows[1:]:
                    if r[0] and str(r[0]).startswith("Org"):
                        self.agreement("Heatmap %s %s" % (r[0], h[8:]), r[0], h[8:],
                                       {"rwg_j": r[k]}, shown(r[0], h[8:]))
        names = ("rwg_j", "rwg_j_cutoff", "rwg_j_star", "ad_m")
        rows = list(wb["Reliability"].iter_rows(values_only=True))
        at = [k for k, r in enumerate(rows) if r[0] == "Agreement within teams"]
        group = None
        for r in rows[at[0] + 2:] if at else []:
            if r[0] in SCALES and group:
                self.agreement("Reliability %s %s" % (group, r[0]), group, r[0],
                               dict(zip(names, r[1:5])), shown(group, r[0]))
            elif isinstance(r[0], str) and r[0].startswith("Org") and r[1] is None:
                group = r[0]
            else:
                break
        if "Team" in wb.sheetnames:
            rows = list(wb["Team"].iter_rows(values_only=True))
            group = rows[0][0]
            own = {}
            for r in rows:
                if r[0] in SCALES and r[1] is not None and r[0] not in own:
                    own[r[0]] = r[1]  # the team table's "This team" comes first
            at = [k for k, r in enumerate(rows) if r[0] == "Agreement within the team"]
            for r in rows[at[0] + 2:] if at else []:
                if r[0] not in SCALES:
                    break
                self.agreement("Team page %s %s" % (group, r[0]), group, r[0],
                               dict(zip(names, r[1:5])),
                               shown(group, r[0]) and is_number(own.get(r[0])))
        wb.close()

    def outcome_terms(self, members):
        return [((r, OUTCOME), 1.0) for r in members if self.people[r][OUTCOME] != ""]

    def outcomes(self, figs, members, what):
        """A group's outcome figures (stats JSON): shown, or hidden (every
        figure but n null, or the team suppressed with no outcomes)."""
        terms = self.outcome_terms(members)
        o = [x for x in figs or [] if x.get("id") == OUTCOME]
        fig = o[0]["mean"] if o else None
        if o and fig is not None:
            self.cell(self.O, terms, fig, what, o[0]["n"])
        elif terms:
            self.O.hidden.append((self.O.vec(terms), what))

    def stats_json(self, st):
        everyone = list(range(len(self.people)))
        self.outcomes(st.get("outcomes"), everyone, "stats outcome")
        for t in st["teams"]:
            m = [r for r, p in enumerate(self.people) if p["team"] == t["team"]]
            self.outcomes(t.get("outcomes"), m, "stats team %s outcome" % t["team"])
            for sc in t["scales"]:
                self.cell(self.Y, mean_terms(self.people, m, sc["id"]), sc["mean"],
                          "stats team %s %s" % (t["team"], sc["id"]), sc["n"])
                self.agreement("stats team %s %s" % (t["team"], sc["id"]), t["team"], sc["id"],
                               {k: sc.get(k) for k in AGREE},
                               is_number(sc["mean"]) and not t["suppressed"], subtree=False)
            if t["suppressed"]:
                for s in SCALES:
                    self.Y.hidden.append((self.Y.vec(mean_terms(self.people, m, s)),
                                          "stats team %s %s" % (t["team"], s)))
        everyone = list(range(len(self.people)))
        for c in st.get("composites", []):
            terms = composite_terms(self.people, everyone)
            if c["mean"] is None:
                self.Y.hidden.append((self.Y.vec(terms), "stats composite"))
            else:
                self.cell(self.Y, terms, c["mean"], "stats composite", c["n"])
        for sc in st["scales"]:
            self.cell(self.Y, mean_terms(self.people, everyone, sc["id"]), sc["mean"],
                      "stats %s" % sc["id"])
            for it in sc["items"]:
                if it["mean"] is not None:
                    terms = [((x, it["id"]), 1.0) for x in everyone
                             if self.people[x][it["id"]] != ""]
                    self.cell(self.Y, terms, it["mean"], "stats item %s" % it["id"])

    def private_vectors(self):
        """Individuals' scores and answers; team x attribute cells of 1..4."""
        for space in (self.Y, self.F, self.O):
            for (r, i), k in space.index.items():
                v = np.zeros(len(space.index))
                v[k] = 1.0
                space.private.append((v, "r%d's answer to %s" % (r, i)))
        for r, p in enumerate(self.people):
            for s in SCALES:
                if scored(p, s):
                    self.Y.private.append((self.Y.vec(mean_terms(self.people, [r], s)),
                                           "r%d's %s score" % (r, s)))
        # within each group, its teams (exact paths) of fewer than 5 taken
        # together: a parent minus its published sub-groups is such a set
        teams = {}
        for r, p in enumerate(self.people):
            teams.setdefault(p["team"], []).append(r)
        groups = {"Org"} | {"/".join(t.split("/")[:k]) for t in teams if t
                            for k in range(2, t.count("/") + 2)}
        for g in groups:
            for s in SCALES:
                small = [m for t, m in teams.items() if (g == "Org" or t == g or t.startswith(g + "/"))
                         and 0 < sum(scored(self.people[x], s) for x in m) < MIN]
                members = [x for m in small for x in m]
                if len(small) >= 2 and 0 < sum(scored(self.people[x], s) for x in members) < MIN:
                    self.Y.private.append((self.Y.vec(mean_terms(self.people, members, s)),
                                           "%s's small teams together on %s" % (g, s)))
        for a in self.attrs:
            cells = {}
            for r, p in enumerate(self.people):
                cells.setdefault((p["team"], p[a]), []).append(r)
            for (t, v), m in cells.items():
                for s in SCALES:
                    terms = mean_terms(self.people, m, s)
                    if 0 < len({x for (x, _), _ in terms}) < MIN:
                        self.Y.private.append((self.Y.vec(terms), "%s %s=%s on %s" % (t or "(none)", a, v, s)))

    def leaks(self):
        out = []
        for name, space in (("Y", self.Y), ("F", self.F), ("O", self.O)):
            if not space.index:
                continue
            tests = space.hidden + space.private
            if not tests:
                continue
            if space.published:
                P = np.array(space.published)
                try:
                    _, sv, vt = np.linalg.svd(P, full_matrices=False)
                except np.linalg.LinAlgError:  # gesdd gave up: the slower, sturdier driver
                    import scipy.linalg
                    _, sv, vt = scipy.linalg.svd(P, full_matrices=False, lapack_driver="gesvd")
                basis = vt[: int((sv > 1e-9 * max(sv[0], 1.0)).sum())]
            else:
                basis = np.zeros((0, len(space.index)))
            V = np.array([v for v, _ in tests])
            R = V - (V @ basis.T) @ basis
            norm = np.linalg.norm(V, axis=1)
            P = np.array(space.published) if space.published else np.zeros((0, len(space.index)))
            for k in np.nonzero(np.linalg.norm(R, axis=1) < 1e-7 * np.maximum(norm, 1.0))[0]:
                # A hidden figure over exactly the people of a published one
                # (a team that is all of the organisation's scored respondents
                # on a scale, hidden as a whole for another scale) gives
                # nothing away: a redundant suppression, not a leak.
                if k < len(space.hidden) and any(np.allclose(V[k], q) for q in P):
                    continue
                if norm[k] > 0:
                    out.append("%s: %s can be worked out" % (name, tests[k][1]))
        return out


def all_numbers(path):
    """Every number in the package's XML (cached values, shared strings)."""
    nums = []
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.endswith(".xml"):
                text = z.read(n).decode("utf-8", "replace")
                for tok in text.replace("<", " ").replace(">", " ").replace('"', " ").split():
                    try:
                        nums.append(float(tok))
                    except ValueError:
                        pass
    return nums


AGREEMENT = [0, 0]  # agreement figures checked: workbooks, stats JSON


def one_case(seed, tmp):
    rng = random.Random(seed)
    people, attrs = make_population(rng)
    if not people:
        return []
    data = os.path.join(tmp, "d%d.csv" % seed)
    with open(data, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id", "team"] + attrs + ITEMS + [OUTCOME])
        w.writeheader()
        w.writerows(people)
    inst = os.path.join(tmp, "inst.json")
    out = os.path.join(tmp, "r%d.xlsx" % seed)
    by = sum([["--by", a] for a in attrs], [])
    run("report", "-i", inst, *by, "-o", out, data)
    st = json.loads(run("stats", "-i", inst, "--format", "json", "--rwg-sim", "200",
                        data).stdout)
    split = os.path.join(tmp, "split%d" % seed)
    run("report", "-i", inst, "--split-by", "team", "-o", split, data, check=False)
    # One run, one publication: the workbook (every sheet) is audited as a
    # whole, and so is the stats JSON of its own run.
    a = Audit(people, attrs)
    a.workbook(out)
    a.private_vectors()
    a.agreement_workbook(out)
    for name in sorted(os.listdir(split)) if os.path.isdir(split) else []:
        if name.endswith(".xlsx"):
            a.agreement_workbook(os.path.join(split, name))
    shutil.rmtree(split, ignore_errors=True)
    AGREEMENT[0] += a.n_agree
    problems = ["report: " + p for p in a.problems + a.leaks()]
    nums = all_numbers(out)
    for h in a.hidden_means:
        # a visible cell may have the same mean by chance (scores are
        # fractions with small denominators): only other numbers count;
        # nor do round fractions, which counts and other figures take too
        if h is None or abs(h * 12 - round(h * 12)) < 1e-9 or \
                any(abs(x - h) < 1e-9 for x in a.shown):
            continue
        if any(abs(x - h) < 1e-9 for x in nums):
            problems.append("report: a hidden mean %r is in the package" % h)
    b = Audit(people, attrs)
    b.stats_json(st)
    b.private_vectors()
    problems += ["stats: " + p for p in b.problems + b.leaks()]
    AGREEMENT[1] += b.n_agree
    os.remove(out)
    os.remove(data)
    return ["seed %d: %s" % (seed, p) for p in problems]


def renamed(team, ren):
    """A team path after the renames, in order; a path moves its subtree."""
    for old, new in ren:
        if team == old or team.startswith(old + "/"):
            team = new + team[len(old):]
    return team


def trend(self, ws, ren):
    """The Trend sheet's earlier-wave column: wave-1 means of today's groups."""
    rows = list(ws.iter_rows(values_only=True))
    for r in rows[1:]:
        if r[0] is None:
            break
        if r[1] not in SCALES:
            continue
        m = [x for x, p in enumerate(self.people)
             if r[0] == "Org" or renamed(p["team"], ren) == r[0] or
             renamed(p["team"], ren).startswith(r[0] + "/")]
        self.cell(self.Y, mean_terms(self.people, m, r[1]), r[2], "Trend wave 1 %s %s" % (r[0], r[1]))


Audit.trend = trend


def wave_case(seed, tmp, inst):
    """Wave 1's own report and a trend that moves and merges its teams:
    together they must give no wave-1 group or person away."""
    rng = random.Random(seed * 7919)
    people, attrs = make_population(rng)
    leaves = sorted({p["team"] for p in people if p["team"].count("/") >= 2})
    if len(leaves) < 3:
        return []
    a, b, c = rng.sample(leaves, 3)
    ren = [(a, "Org/Moved%d/%s" % (seed, a.rsplit("/", 1)[1])), (b, c)]  # move, merge
    people2 = []
    for p in people:
        if rng.random() < 0.9:
            q = dict(p, team=renamed(p["team"], ren))
            for i in ITEMS:
                q[i] = "" if p[i] == "" else str(rng.randint(1, 5))
            people2.append(q)
    w1, w2, rf = (os.path.join(tmp, "%s%d.csv" % (x, seed)) for x in ("w1-", "w2-", "ren-"))
    for path, rows in ((w1, people), (w2, people2)):
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["id", "team"] + attrs + ITEMS + [OUTCOME])
            w.writeheader()
            w.writerows(rows)
    with open(rf, "w") as f:
        f.write("old,new\n" + "".join('"%s","%s"\n' % x for x in ren))
    by = sum([["--by", x] for x in attrs], [])
    own, both = os.path.join(tmp, "own%d.xlsx" % seed), os.path.join(tmp, "both%d.xlsx" % seed)
    run("report", "-i", inst, *by, "-o", own, w1)
    run("report", "-i", inst, *by, "--previous", w1, "--rename", rf, "-o", both, w2)
    au = Audit(people, attrs)
    au.workbook(own)
    wb = openpyxl.load_workbook(both, read_only=True)
    au.trend(wb["Trend"], ren)
    wb.close()
    au.private_vectors()
    for f in (w1, w2, rf, own, both):
        os.remove(f)
    return ["seed %d waves: %s" % (seed, p) for p in au.problems + au.leaks()]


def main():
    if np is None:
        report("disclosure/auditor", ["python3-numpy and python3-openpyxl are needed"])
        return
    cases = int(os.environ.get("AUDIT_CASES", "200"))
    first = int(os.environ.get("AUDIT_SEED", "1"))
    tmp = tempfile.mkdtemp(prefix="sdt-audit-")
    with open(os.path.join(tmp, "inst.json"), "w") as f:
        json.dump(INSTRUMENT, f)
    problems, hidden = [], 0
    try:
        for seed in range(first, first + cases):
            try:
                problems += one_case(seed, tmp)
                problems += wave_case(seed, tmp, os.path.join(tmp, "inst.json"))
            except Exception as exc:  # a failed run is a finding, not an abort
                problems.append("seed %d: %s: %s" % (seed, type(exc).__name__, exc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report("disclosure/auditor (%d random organisations: every figure of report and stats, "
           "and of an earlier wave's report with a trend that moves and merges its teams)"
           % cases, problems)
    report("disclosure/agreement (%d agreement figures in workbooks and team pages, %d in "
           "stats JSON: each over exactly a shown team without subteams)" % tuple(AGREEMENT),
           # A single small organisation (make mutate reruns one seed, 146: 5
           # respondents) may show no team at all; over 20 or more, a check
           # that saw no agreement figure would be a check of nothing.
           [] if (AGREEMENT[0] and AGREEMENT[1]) or cases < 20
           else ["no agreement figure was checked"])


main()
finish()
