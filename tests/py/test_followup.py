"""Actions followed up between waves (`report --actions-out`, `--actions`).

1. The proposal: `report --actions-out` lists, per published team, the
   same focus areas (lever supervisor or beyond, in the same order) as
   `stats --format json` gives for the same data, on the bundled example
   and on crafted data. Independently of both: every listed scale is low
   for its team, worked here from the raw answers (scores = mean of the
   answered items when min_answered are): below the rest of the
   organisation (above, for a frustration scale) with Welch's raw p < 0.05
   or Hedges' g <= -0.5 against the rest (BH only raises p, so this is
   necessary for the engine's rule); `mean` is the team's mean worked here.
   The header is exactly team,scale,wave,mean,chosen; `chosen` is empty;
   the wave is the report's name for the current wave (--wave NAME=);
   team cells that begin with = are written '= (CSV injection) and read
   back.
2. The round trip: every proposed row marked yes (plus a need HR chose for
   a team hidden in the previous wave); `report --wave ... --actions` is
   read back with openpyxl. On the Trend sheet, the rows of the chosen
   needs carry the result, every other row none; their change and CI equal
   the wave comparison worked here: paired t on the personal changes when
   the group's members are the same people, scored in both waves, else
   Welch's t on the two waves' scores (CI = diff +- t(0.975, df) * se). The
   result: improved/worsened when significant (crafted so that raw p times
   the number of changes shown is < 0.05, so BH cannot lift it over), no
   clear change when raw p >= 0.05 (BH cannot lower it), change not shown
   for the hidden team; on a frustration scale a fall is an improvement.
   The team page of each split workbook says the same with the change and
   CI rounded to two decimals."""
import csv
import io
import json
import math
import os
import random
import re
import shutil
import tempfile

from sdtcheck import finish, report, run

try:
    import openpyxl
    from scipy import stats as sps
except ImportError:
    print("SKIP test_followup: needs openpyxl and scipy")
    raise SystemExit(0)

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
tmp = tempfile.mkdtemp()
ALPHA = 0.05


def instrument(iid):
    return json.load(open(os.path.join(TOP, "instruments", iid + ".json")))


def read_csv(path):
    """{id: (team, {item: value or None})} of a response CSV."""
    out = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            ans = {k: (int(v) if v.strip() else None) for k, v in row.items()
                   if re.fullmatch(r"q\d+", k)}
            out[row["id"]] = (row["team"], ans)
    return out


def scores(resp, ins):
    """{id: {scale: score or None}} worked from the raw answers."""
    lo, hi = ins["response_scale"]["min"], ins["response_scale"]["max"]
    rev = {i["id"] for i in ins["items"] if i.get("reverse")}
    out = {}
    for rid, (_, ans) in resp.items():
        out[rid] = {}
        for sc in ins["scales"]:
            xs = [(lo + hi - ans[q]) if q in rev else ans[q] for q in sc["items"]
                  if ans.get(q) is not None]
            out[rid][sc["id"]] = sum(xs) / len(xs) if len(xs) >= sc["min_answered"] else None
    return out


def in_group(team, path):
    return team == path or team.startswith(path + "/")


def moments(xs):
    n = len(xs)
    m = sum(xs) / n
    v = sum((x - m) ** 2 for x in xs) / (n - 1) if n > 1 else float("nan")
    return n, m, v


def welch(a, b):
    """a - b: (diff, ci, p, df)."""
    n1, m1, v1 = moments(a)
    n2, m2, v2 = moments(b)
    se2 = v1 / n1 + v2 / n2
    df = se2 ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
    se = math.sqrt(se2)
    t = (m1 - m2) / se
    q = sps.t.ppf(0.975, df)
    return m1 - m2, (m1 - m2 - q * se, m1 - m2 + q * se), 2 * sps.t.sf(abs(t), df), df


def hedges(a, b):
    n1, m1, v1 = moments(a)
    n2, m2, v2 = moments(b)
    sp = math.sqrt(((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2))
    return (m1 - m2) / sp * (1 - 3 / (4 * (n1 + n2 - 2) - 1))


def check_proposal(name, ins_id, data, extra=()):
    """actions-out against stats' focus, and each row low by the raw data."""
    ins = instrument(ins_id)
    valence = {s["id"]: s.get("valence") for s in ins["scales"]}
    out = os.path.join(tmp, name + "-actions.csv")
    run("report", "-q", "-i", ins_id, *extra, "--actions-out", out,
        "-o", os.path.join(tmp, name + ".xlsx"), data)
    text = open(out, encoding="utf-8").read()
    probs = []
    if not text.startswith("team,scale,wave,mean,chosen\n"):
        probs.append("header %r" % text.splitlines()[0])
    rows = list(csv.reader(io.StringIO(text)))[1:]
    st = json.loads(run("stats", "-q", "-i", ins_id, "--format", "json", data).stdout)
    want = [(t["team"], f["scale"]) for t in st["teams"] for f in t.get("focus", [])
            if f["lever"] != "strength"]
    got = [(r[0][1:] if r[0].startswith("'=") else r[0], r[1]) for r in rows]
    if sorted(got) != sorted(want):
        probs.append("actions %s, stats focus %s" % (got, want))
    if [g for g in got if g in want] != [w for w in want if w in got]:
        probs.append("order differs from stats")
    resp = read_csv(data)
    sc = scores(resp, ins)
    for r in rows:
        team = r[0][1:] if r[0].startswith("'=") else r[0]
        if r[0][:1] in "=+-@" or r[4] != "":
            probs.append("row %s: unguarded or chosen set" % r)
        inside = [sc[i][r[1]] for i, (t, _) in resp.items() if in_group(t, team)
                  and sc[i][r[1]] is not None]
        rest = [sc[i][r[1]] for i, (t, _) in resp.items() if not in_group(t, team)
                and sc[i][r[1]] is not None]
        d = -1 if valence[r[1]] == "frustration" else 1
        diff, _, p, _ = welch(inside, rest)
        g = hedges(inside, rest)
        if not (d * diff < 0 and (p < ALPHA or d * g <= -0.5 + 1e-9)):
            probs.append("%s %s not low: diff %.3f p %.3g g %.3f" % (team, r[1], diff, p, g))
        if abs(float(r[3]) - sum(inside) / len(inside)) > 1e-12:
            probs.append("%s %s mean %s, worked here %r" % (team, r[1], r[3],
                                                           sum(inside) / len(inside)))
    if not rows:
        probs.append("no focus area proposed")
    report("followup/proposal/%s (%d rows)" % (name, len(rows)), probs)
    return rows


# ---- 1. the bundled example ----
EX = os.path.join(TOP, "examples")
check_proposal("example", "learning-leadership-pulse",
               os.path.join(EX, "learning-leadership-pulse.csv"))

# ---- crafted waves: bpnsfs-work, with frustration scales ----
rng = random.Random(1818)
BP = instrument("bpnsfs-work")
ITEMS = ["q%d" % k for k in range(1, 25)]
SCALE_OF = {q: s["id"] for s in BP["scales"] for q in s["items"]}
ORG = "=Org"  # a team path a spreadsheet would take for a formula
BASE = {"autonomy_satisfaction": 3.6, "autonomy_frustration": 2.4,
        "relatedness_satisfaction": 3.7, "relatedness_frustration": 2.2,
        "competence_satisfaction": 3.7, "competence_frustration": 2.3}


def person(shift):
    ans = {}
    for q in ITEMS:
        s = SCALE_OF[q]
        x = round(BASE[s] + shift.get(s, 0) + rng.gauss(0, 0.8))
        ans[q] = None if rng.random() < 0.04 else min(5, max(1, x))
    return ans


# team: (n in wave 1, shift in wave 1, ids kept in wave 2, joiners, shift in wave 2)
TEAMS = {
    ORG + "/D1/T1": (20, {"autonomy_frustration": 1.6}, 20, 0, {"autonomy_frustration": -0.6}),
    ORG + "/D1/T2": (20, {"competence_satisfaction": -1.2}, 15, 5,
                     {"competence_satisfaction": -1.1}),
    ORG + "/D2/T3": (18, {"relatedness_satisfaction": -1.0}, 17, 0,
                     {"relatedness_satisfaction": -2.4}),
    ORG + "/D2/T4": (3, {}, 3, 5, {}),
    ORG + "/D2/T5": (16, {}, 16, 0, {}),
    ORG + "/D3/T6": (16, {}, 14, 2, {}),
    ORG + "/D3/T7": (15, {}, 15, 0, {}),
    ORG + "/D3/T8": (15, {}, 15, 0, {}),
}
w1, w2 = {}, {}
k = 0
for team, (n1, s1, keep, join, s2) in TEAMS.items():
    ids = []
    for _ in range(n1):
        rid = "p%03d" % k
        k += 1
        w1[rid] = (team, person(s1))
        ids.append(rid)
    for rid in ids[:keep]:
        w2[rid] = (team, person(s2))
    for _ in range(join):
        rid = "p%03d" % k
        k += 1
        w2[rid] = (team, person(s2))
# T1's members must all be scored on autonomy_frustration in both waves
# (a paired test): give any with too few answers their answers back
for w in (w1, w2):
    for rid, (team, ans) in w.items():
        if team.endswith("/T1"):
            for q in ("q2", "q8", "q14", "q20"):
                ans[q] = ans[q] if ans[q] is not None else 3


def write(path, w):
    with open(path, "w", newline="") as f:
        f.write("id,team," + ",".join(ITEMS) + "\n")
        for rid in sorted(w):
            team, ans = w[rid]
            f.write("%s,%s,%s\n" % (rid, team, ",".join(
                "" if ans[q] is None else str(ans[q]) for q in ITEMS)))


W1, W2 = os.path.join(tmp, "w1.csv"), os.path.join(tmp, "w2.csv")
write(W1, w1)
write(W2, w2)
rows = check_proposal("crafted", "bpnsfs-work", W1)
proposed = {(r[0][1:], r[1]) for r in rows}
need = {(ORG + "/D1/T1", "autonomy_frustration"), (ORG + "/D1/T2", "competence_satisfaction"),
        (ORG + "/D2/T3", "relatedness_satisfaction")}
report("followup/crafted-data-propose-the-cases",
       [] if need <= proposed else ["missing %s" % sorted(need - proposed)])
report("followup/csv-injection-guard",
       [] if rows and all(r[0].startswith("'=Org/") for r in rows)
       else ["team cells %s" % [r[0] for r in rows]])

# the wave column: the report's name for the current wave
p = os.path.join(tmp, "named.csv")
run("report", "-q", "-i", "bpnsfs-work", "--wave", "Spring=" + W1, "--wave", "Autumn=" + W2,
    "--actions-out", p, "-o", os.path.join(tmp, "named.xlsx"))
waves = {r[2] for r in list(csv.reader(open(p, newline="")))[1:]}
report("followup/wave-name", [] if waves == {"Autumn"} else ["waves %s" % waves])

# ---- 2. mark, follow up, read back ----
marked = os.path.join(tmp, "marked.csv")
with open(os.path.join(tmp, "crafted-actions.csv"), newline="") as f:
    table = list(csv.reader(f))
for r in table[1:]:
    r[4] = "yes"
table.append(["'" + ORG + "/D2/T4", "autonomy_satisfaction", "", "", "Yes"])
table.append(["'" + ORG + "/D2/T5", "autonomy_satisfaction", "", "", "no"])
with open(marked, "w", newline="") as f:
    csv.writer(f).writerows(table)
chosen = {(r[0][1:], r[1]) for r in table[1:] if r[4].lower() == "yes"}

r1, r2 = read_csv(W1), read_csv(W2)
s1, s2 = scores(r1, BP), scores(r2, BP)
VAL = {s["id"]: s.get("valence") for s in BP["scales"]}
LABEL = {s["label"]["en"]: s["id"] for s in BP["scales"]}


def change(team, scale):
    """(diff, ci, p) of the group from wave 1 to 2, or None under 5 in either."""
    m1 = {i for i, (t, _) in r1.items() if in_group(t, team)}
    m2 = {i for i, (t, _) in r2.items() if in_group(t, team)}
    if len(m1) < 5 or len(m2) < 5:
        return None
    a = [s1[i][scale] for i in m1 if s1[i][scale] is not None]
    b = [s2[i][scale] for i in m2 if s2[i][scale] is not None]
    if m1 == m2 and len(a) == len(m1) and len(b) == len(m2):
        d = [s2[i][scale] - s1[i][scale] for i in sorted(m1)]
        n, m, v = moments(d)
        se = math.sqrt(v / n)
        q = sps.t.ppf(0.975, n - 1)
        return m, (m - q * se, m + q * se), 2 * sps.t.sf(abs(m / se), n - 1), "paired"
    diff, ci, p, _ = welch(b, a)
    return diff, ci, p, "welch"


def expected(team, scale, n_changes):
    c = change(team, scale)
    if c is None:
        return None, "change not shown"
    diff, ci, p, _ = c
    if p * n_changes < ALPHA:
        good = -diff if VAL[scale] == "frustration" else diff
        return c, "improved" if good > 0 else "worsened"
    if p >= ALPHA:
        return c, "no clear change"
    return c, None  # between: BH decides, not checked here


full = os.path.join(tmp, "full.xlsx")
run("report", "-q", "-i", "bpnsfs-work", "--wave", "Spring=" + W1, "--wave", "Autumn=" + W2,
    "--actions", marked, "-o", full)
ws = openpyxl.load_workbook(full)["Trend"]
head = [c.value for c in ws[1]]
probs = []
col = head.index("Chosen action") if "Chosen action" in head else None
ch = head.index("Change")
if col is None:
    probs.append("no Chosen action column: %s" % head)
else:
    data_rows = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[0] is None or row[1] not in LABEL:
            break
        data_rows.append(row)
    n_changes = sum(1 for r in data_rows if isinstance(r[ch], float))
    seen = set()
    results = {}
    for r in data_rows:
        key = (r[0], LABEL[r[1]])
        if key not in chosen:
            if r[col] is not None:
                probs.append("%s %s: %r on a need not chosen" % (key + (r[col],)))
            continue
        seen.add(key)
        c, word = expected(key[0], key[1], n_changes)
        results[key] = r[col]
        if word is not None and r[col] != word:
            probs.append("%s %s: %r, expected %r" % (key + (r[col], word)))
        if word is None and r[col] not in ("improved", "worsened", "no clear change"):
            probs.append("%s %s: %r" % (key + (r[col],)))
        if c is None:
            if isinstance(r[ch], float):
                probs.append("%s %s: a change shown for a hidden group" % key)
            continue
        for got, want, what in ((r[ch], c[0], "change"), (r[ch + 1], c[1][0], "CI low"),
                                (r[ch + 2], c[1][1], "CI high")):
            if not isinstance(got, float) or abs(got - want) > 1e-9:
                probs.append("%s %s %s %r, worked here %r" % (key + (what, got, want)))
    if seen != chosen:
        probs.append("chosen rows not on the Trend: %s" % sorted(chosen - seen))
    # the crafted cases: a frustration fall that is an improvement, paired;
    # a clear worsening; a team with no clear change; a hidden team
    wanted = {(ORG + "/D1/T1", "autonomy_frustration"): "improved",
              (ORG + "/D2/T3", "relatedness_satisfaction"): "worsened",
              (ORG + "/D2/T4", "autonomy_satisfaction"): "change not shown"}
    for key, word in wanted.items():
        if results.get(key) != word:
            probs.append("crafted case %s %s: %r, expected %r" % (key + (results.get(key), word)))
    if change(ORG + "/D1/T1", "autonomy_frustration")[3] != "paired":
        probs.append("T1 is not a paired case")
    if "no clear change" not in results.values():
        probs.append("no case of no clear change")
if os.environ.get("DEBUG"):
    print(n_changes, results, {k: change(*k) for k in chosen})
report("followup/trend (%d chosen)" % len(chosen), probs)

# the team page of each split workbook
split = os.path.join(tmp, "split")
run("report", "-q", "-i", "bpnsfs-work", "--wave", "Spring=" + W1, "--wave", "Autumn=" + W2,
    "--actions", marked, "--split-by", "team", "-o", split)
probs = []
pages = 0
NUM = r"([+-]\d+\.\d\d)"
for fn in sorted(os.listdir(split)):
    ws = openpyxl.load_workbook(os.path.join(split, fn)).worksheets[0]
    team = ws["A1"].value
    lines = [r[0] for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)]
    mine = sorted(s for t, s in chosen if t == team)
    if "Chosen after Spring: did it move?" not in lines:
        if mine and change(team, mine[0]) is not None:
            probs.append("%s: no follow-up section" % team)
        continue
    pages += 1
    at = lines.index("Chosen after Spring: did it move?")
    got = lines[at + 1:at + 1 + len(mine)]
    for line in got:
        label, rest = line.split(": ", 1)
        scale = LABEL[label]
        c = change(team, scale)
        m = re.fullmatch(r"(.+) \(%s; 95%% CI %s to %s\)" % (NUM, NUM, NUM), rest)
        if c is None:
            if "hidden" not in rest:
                probs.append("%s %s: %r" % (team, scale, rest))
            continue
        if not m:
            probs.append("%s: %r" % (team, line))
            continue
        for got_s, want in zip(m.groups()[1:], (c[0], c[1][0], c[1][1])):
            if abs(float(got_s) - want) > 0.005 + 1e-9:
                probs.append("%s %s: %s, worked here %.4f" % (team, scale, got_s, want))
    if sorted(LABEL[x.split(": ", 1)[0]] for x in got) != mine:
        probs.append("%s: lines %s, chosen %s" % (team, got, mine))
if pages < 3:
    probs.append("only %d team pages with a follow-up" % pages)
report("followup/team-page (%d pages)" % pages, probs)

# the marked file read as a Finnish Excel saves it: ';' and a BOM
semi = os.path.join(tmp, "semi.csv")
with open(semi, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, delimiter=";").writerows(table)
p = run("report", "-q", "-i", "bpnsfs-work", "--wave", "Spring=" + W1, "--wave",
        "Autumn=" + W2, "--actions", semi, "-o", os.path.join(tmp, "semi.xlsx"), check=False)
report("followup/semicolon-bom", [] if p.returncode == 0 else [p.stderr])
shutil.rmtree(tmp)
finish()
