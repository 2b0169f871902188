"""The report's Items, Reliability and Summary sheets read back and checked
against values computed independently:

- Items: per group and item, the share of favourable answers among the
  group's respondents who answered every item of the item's scale, after
  reverse keying (on a frustration scale, favourable = not frustrated:
  min + max - favourable_min or lower), from the raw answers; every cell
  of a group row is a share or a "fewer than N" / "protected" label,
  never blank; on the example and on a simulated bpnsfs-work survey.
- Reliability: every scale and item figure of the three reference
  datasets against R's values in ../shared/reference/*/expected.json
  (alpha, its Feldt CI, omega, average r, listwise n and alpha, ICC(1),
  ICC(2), item n, mean, SD, item-rest r, alpha if deleted).
- Summary: per need and valence, the mean, the t-based 95 % CI, the share
  favourable and n scored, and the composites, from `sdtscore score`
  output and the raw answers (no headcount: no finite population
  correction).
Each check counts what it compared, and fails when that is too little."""
import csv
import io
import json
import math
import os
import shutil
import tempfile

from sdtcheck import REF, close, finish, report, run

try:
    import openpyxl
    from scipy import stats as sps
except ImportError:
    openpyxl = None

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(TOP, "examples", "learning-leadership-pulse.csv")
HIDDEN = ("fewer than 5", "protected")
tmp = tempfile.mkdtemp(prefix="sdt-sheets-")


def load(inst_id):
    with open(os.path.join(TOP, "instruments", inst_id + ".json")) as f:
        return json.load(f)


def members(rows, path, root):
    return [r for r in rows if path == root or r["team"] == path or
            r["team"].startswith(path + "/")]


def keyed_answers(inst, r, items):
    """The item answers after reverse keying, or None when one is missing."""
    lo, hi = inst["response_scale"]["min"], inst["response_scale"]["max"]
    rev = {i["id"] for i in inst["items"] if i["reverse"]}
    if any(r[i] == "" for i in items):
        return None
    return [lo + hi - int(r[i]) if i in rev else int(r[i]) for i in items]


def is_favourable(inst, scale, v):
    lo, hi = inst["response_scale"]["min"], inst["response_scale"]["max"]
    fav = inst.get("favourable_min", hi - 1)
    return v <= lo + hi - fav if scale.get("valence") == "frustration" else v >= fav


# ---- Items ------------------------------------------------------------------

def check_items(name, inst, data, xlsx):
    rows = list(csv.DictReader(open(data, newline="", encoding="utf-8")))
    ws = openpyxl.load_workbook(xlsx)["Items"]
    sheet = list(ws.iter_rows(values_only=True))
    # the Items sheet holds the rating items (outcomes and comments have
    # their own places)
    label = {i["id"]: i.get("label", {}).get("en", i["id"]) for i in inst["items"]
             if i.get("type", "likert") == "likert"}
    col = {h: k for k, h in enumerate(sheet[0])}
    scale_of = {i: s for s in inst["scales"] for i in s["items"]}
    root = sheet[1][0]
    problems, shown, hidden = [], 0, 0
    for r in sheet[1:]:
        if r[0] is None:
            break
        group = members(rows, r[0], root)
        if r[1] != len(group):
            problems.append("%s: n %r, expected %d" % (r[0], r[1], len(group)))
        for item, lab in label.items():
            got = r[col[lab]]
            if isinstance(got, str):
                hidden += 1
                if got not in HIDDEN:
                    problems.append("%s %s: %r" % (r[0], item, got))
                continue
            sc = scale_of[item]
            k = sc["items"].index(item)
            complete = [a for a in (keyed_answers(inst, m, sc["items"]) for m in group) if a]
            if got is None:
                # blank only where nobody in the group answered the whole scale
                if complete:
                    problems.append("%s %s: blank (neither a share nor a label)" % (r[0], item))
                continue
            shown += 1
            want = sum(is_favourable(inst, sc, a[k]) for a in complete) / len(complete) \
                if complete else None
            if want is None or not close(got, want):
                problems.append("%s %s: %r, expected %r" % (r[0], item, got, want))
    if shown < 40 or hidden < 5:
        problems.append("%d shares and %d hidden cells compared: too few" % (shown, hidden))
    report("report-sheets/items/%s (%d shares, %d hidden)" % (name, shown, hidden), problems)


# ---- Reliability -------------------------------------------------------------

SCALE_COLS = {"n": ("n_scored",), "Mean": ("mean",), "SD": ("sd",),
              "Cronbach's alpha": ("alpha",), "alpha 95% CI low": ("alpha_ci_feldt", 0),
              "alpha 95% CI high": ("alpha_ci_feldt", 1), "omega total": ("omega_total",),
              "average r": ("average_r",), "n complete answers": ("listwise", "n"),
              "alpha complete answers": ("listwise", "alpha"), "ICC(1)": ("icc1",),
              "ICC(2)": ("icc2",)}
ITEM_COLS = {"n": "n", "Mean": "mean", "SD": "sd", "item\u2013rest r": "r_drop",
             "alpha if deleted": "alpha_if_deleted"}


def dig(d, path):
    for k in path:
        d = d[k]
    return d


def check_reliability(ds):
    inst = os.path.join(REF, ds, "instrument.json")
    with open(os.path.join(REF, ds, "expected.json")) as f:
        want = json.load(f)["scales"]
    xlsx = os.path.join(tmp, "rel-%s.xlsx" % ds)
    run("report", "-i", inst, "-o", xlsx, os.path.join(REF, ds, "responses.csv"))
    sheet = list(openpyxl.load_workbook(xlsx)["Reliability"].iter_rows(values_only=True))
    problems, n = [], 0
    head, section, scale = None, None, None
    for r in sheet:
        if r[0] == "Scale" and r[1] == "n":
            head, section = {h: k for k, h in enumerate(r) if h}, "scales"
            continue
        if r[0] == "Item" and r[1] == "n":
            head, section = {h: k for k, h in enumerate(r) if h}, "items"
            continue
        if r[0] in ("Agreement within teams",) or str(r[0]).startswith("What matters most"):
            # agreement and drivers (test_team_agreement.py): not R's figures
            head, section = None, None
            continue
        if head is None or r[0] is None:
            continue
        if section == "scales" and r[0] in want:
            for h, path in SCALE_COLS.items():
                tol = 1e-4 if h == "omega total" else None
                n += compare(problems, "%s %s" % (r[0], h), r[head[h]], dig(want[r[0]], path), tol)
        elif section == "items" and r[0] in want:
            scale = r[0]  # a scale's heading row above its items
        elif section == "items" and scale:
            # an item without a label is shown as "Item <id>"
            item = r[0][5:] if r[0].startswith("Item ") else r[0]
            if item not in want[scale]["items"]:
                problems.append("%s: not an item of %s" % (r[0], scale))
                continue
            for h, key in ITEM_COLS.items():
                n += compare(problems, "%s %s" % (item, h), r[head[h]],
                             want[scale]["items"][item][key], None)
    k_items = sum(len(s["items"]) for s in want.values())
    if n < len(want) * len(SCALE_COLS) + k_items * len(ITEM_COLS):
        problems.append("%d figures compared, fewer than the scales and items hold" % n)
    report("report-sheets/reliability/%s (%d figures against R)" % (ds, n), problems)


def compare(problems, what, got, want, tol):
    if want is None:
        if got is not None:
            problems.append("%s: %r where R has none" % (what, got))
        return 1
    ok = isinstance(got, (int, float)) and (abs(got - want) <= tol if tol else
                                            close(got, want, rel=1e-9, abs_=1e-12))
    if not ok:
        problems.append("%s: %r, R %r" % (what, got, want))
    return 1


# ---- Summary -------------------------------------------------------------------

def t_ci(xs):
    n = len(xs)
    m = math.fsum(xs) / n
    sd = math.sqrt(math.fsum((x - m) ** 2 for x in xs) / (n - 1))
    q = sps.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
    return m, m - q, m + q


def check_summary(name, inst, data, xlsx):
    rows = list(csv.DictReader(open(data, newline="", encoding="utf-8")))
    scores = list(csv.DictReader(io.StringIO(run("score", "-i", inst["id"], data).stdout)))
    sheet = list(openpyxl.load_workbook(xlsx)["Summary"].iter_rows(values_only=True))
    problems, n = [], 0
    top = {r[0]: r[1] for r in sheet[:8] if r[0]}
    if top.get("Respondents") != len(rows):
        problems.append("Respondents %r, expected %d" % (top.get("Respondents"), len(rows)))
    # the need table: a row of valence titles, then the header row
    k = next(i for i, r in enumerate(sheet) if r[0] == "Need")
    titles, head = sheet[k - 1], sheet[k]
    blocks, cur = [], None
    for c, t in enumerate(titles):
        if t:
            cur = t.lower().replace("supervisor ", "")
        if head[c] == "Mean":
            blocks.append((cur, c))
    for r in sheet[k + 1:]:
        if not r[0]:
            break
        need = r[0].lower()
        for valence, c in blocks:
            sc = next((s for s in inst["scales"] if s.get("need") == need and
                       s.get("valence") == valence), None)
            if sc is None:
                problems.append("%s %s: no such scale" % (need, valence))
                continue
            xs = [float(s[sc["id"]]) for s in scores if s[sc["id"]] != ""]
            m, lo, hi = t_ci(xs)
            answers = [v for a in (keyed_answers(inst, x, sc["items"]) for x in rows) if a
                       for v in a]
            fav = sum(is_favourable(inst, sc, v) for v in answers) / len(answers)
            for got, want, what in ((r[c], m, "mean"), (r[c + 1], lo, "CI low"),
                                    (r[c + 2], hi, "CI high"), (r[c + 3], fav, "% favourable"),
                                    (r[c + 4], len(xs), "n scored")):
                n += 1
                if not isinstance(got, (int, float)) or not close(got, want):
                    problems.append("%s %s %s: %r, expected %r" % (need, valence, what, got, want))
    # the composites' table
    k = next((i for i, r in enumerate(sheet) if r[0] == "Composite scores"), None)
    labels = {c.get("label", {}).get("en", c["id"]): c["id"] for c in inst.get("composites", [])}
    for r in sheet[k + 1:] if k is not None else []:
        if r[0] not in labels:
            break
        xs = [float(s[labels[r[0]]]) for s in scores if s[labels[r[0]]] != ""]
        if isinstance(r[1], str):
            continue  # hidden: the disclosure tests decide when
        m, lo, hi = t_ci(xs)
        for got, want, what in ((r[1], m, "mean"), (r[2], lo, "CI low"), (r[3], hi, "CI high"),
                                (r[5], len(xs), "n scored")):
            n += 1
            if not close(got, want):
                problems.append("%s %s: %r, expected %r" % (r[0], what, got, want))
    if n < 30:
        problems.append("only %d figures compared" % n)
    report("report-sheets/summary/%s (%d figures)" % (name, n), problems)


def simulated():
    data = os.path.join(tmp, "bpn.csv")
    run("simulate", "-i", "bpnsfs-work", "--respondents", "240", "--teams", "12",
        "--missing", "0.03", "--seed", "31", "-o", data)
    return data


def main():
    if openpyxl is None:
        report("report-sheets/python-modules", ["python3-openpyxl or scipy is missing"])
        return
    checks = []
    for name, inst_id, data in (("example", "learning-leadership-pulse", EXAMPLE),
                                ("bpnsfs-work", "bpnsfs-work", None)):
        def one(name=name, inst_id=inst_id, data=data):
            data = data or simulated()
            xlsx = os.path.join(tmp, name + ".xlsx")
            run("report", "-i", inst_id, "-o", xlsx, data)
            check_items(name, load(inst_id), data, xlsx)
            check_summary(name, load(inst_id), data, xlsx)
        checks.append((name, one))
    for ds in ("pulse12", "bpnsfs24", "needs18rev"):
        checks.append(("reliability/" + ds, lambda ds=ds: check_reliability(ds)))
    for name, fn in checks:
        try:
            fn()
        except Exception as exc:  # a crash is a failure, not an abort
            report("report-sheets/%s" % name, ["%s: %s" % (type(exc).__name__, exc)])


main()
shutil.rmtree(tmp, ignore_errors=True)
finish()
