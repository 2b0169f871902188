#!/usr/bin/python3
"""Open comments (issue 18). The report's Comments sheet is read back and
checked against lists worked out here by hand from the rule: each comment
at most once, in the lowest shown group that holds its writer and whose own
list has at least --min-comments (10) comments; a group's list never
repeats what a subgroup showed; the rest withheld, counted only from the
threshold up. Also: a group of 6 under an organisation of 18 shows its
comments nowhere; the order is random yet reproducible; control characters
go; formula-looking text is a string cell; every input format and the
export-survey maps carry the comments; no comment text reaches stats JSON,
score CSV, a partial or a batch benchmark; --no-comments leaves the sheet
out. Env: SDT."""
import csv
import json
import os
import random
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtcheck  # noqa: E402
from sdtcheck import finish, report, run  # noqa: E402

INS = "learning-leadership-pulse"
ITEMS = ["q%d" % k for k in range(1, 19)] + ["enps", "comment"]


def responses(spec, seed=1):
    """spec: (team, writers) pairs; each writer one comment naming them."""
    rnd = random.Random(seed)
    rows, k = [], 0
    for team, n in spec:
        for i in range(n):
            a = {q: rnd.randint(1, 5) for q in ITEMS[:18]}
            a["enps"] = rnd.randint(0, 10)
            a["comment"] = "note %s #%d" % (team, i)
            rows.append({"id": "r%03d" % k, "team": team, "answers": a})
            k += 1
    return rows


def write_ndjson(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def comment_lists(xlsx, sheet="Comments"):
    """{group: [comments in order]} and the withheld line of the sheet."""
    wb = openpyxl.load_workbook(xlsx)
    if sheet not in wb.sheetnames:
        return None, None, wb.sheetnames
    ws = wb[sheet]
    lists, cur, withheld = {}, None, None
    for row in ws.iter_rows(min_row=4):
        a, b = row[0], row[1]
        if a.value is None:
            cur = None
            continue
        if b.value is not None and str(b.value).endswith("comments"):
            cur = a.value
            lists[cur] = []
        elif cur is not None:
            lists[cur].append(a)
        else:
            withheld = a.value
    return lists, withheld, wb.sheetnames


def texts(lists):
    return {g: [c.value for c in cs] for g, cs in lists.items()}


def make_report(tmp, name, rows, *extra):
    data = os.path.join(tmp, name + ".ndjson")
    write_ndjson(data, rows)
    out = os.path.join(tmp, name + ".xlsx")
    run("report", "-q", "-i", INS, "-o", out, *extra, data)
    return data, out


def check_six_under_eighteen(tmp):
    rows = responses([("Org/A", 6), ("Org/B", 12)])
    _, out = make_report(tmp, "six", rows)
    lists, withheld, _ = comment_lists(out)
    got = {g: sorted(t) for g, t in texts(lists).items()}
    want = {"Org/B": sorted("note Org/B #%d" % i for i in range(12))}
    problems = [] if got == want else ["lists %s" % got]
    if any("Org/A" in t for ts in got.values() for t in ts):
        problems.append("a comment of the group of 6 is shown")
    if withheld != "Comments not shown: fewer than 10":
        problems.append("withheld line %r (the 6 must not be counted)" % withheld)
    report("comments_group_of_6_under_18", problems)


def check_lowest_group(tmp):
    """By hand: T1 (11) shows its own; T2 (4, hidden under 5) and T3 (7) go
    up to D, whose list is their 11 (nothing of T1's); E's teams (3 + 3) go
    up to the organisation, 6 there: withheld."""
    spec = [("Org/D/T1", 11), ("Org/D/T2", 4), ("Org/D/T3", 7), ("Org/E/T4", 3),
            ("Org/E/T5", 3)]
    rows = responses(spec, seed=2)
    _, out = make_report(tmp, "lowest", rows)
    lists, withheld, _ = comment_lists(out)
    got = {g: sorted(t) for g, t in texts(lists).items()}
    want = {"Org/D/T1": sorted("note Org/D/T1 #%d" % i for i in range(11)),
            "Org/D": sorted(["note Org/D/T2 #%d" % i for i in range(4)]
                            + ["note Org/D/T3 #%d" % i for i in range(7)])}
    problems = [] if got == want else ["lists %s" % {g: len(t) for g, t in got.items()}]
    allc = [t for ts in got.values() for t in ts]
    if len(allc) != len(set(allc)):
        problems.append("a comment is shown twice")
    if withheld != "Comments not shown: fewer than 10":
        problems.append("withheld line %r" % withheld)
    report("comments_lowest_group_no_repeats", problems)
    # a higher threshold: T1's 11 < 12 go to D (22, shown at D); E's 6 withheld
    out2 = os.path.join(tmp, "lowest12.xlsx")
    run("report", "-q", "-i", INS, "--min-comments", "12", "-o", out2,
        os.path.join(tmp, "lowest.ndjson"))
    lists, _, _ = comment_lists(out2)
    got = {g: len(t) for g, t in texts(lists).items()}
    report("comments_min_comments_option",
           [] if got == {"Org/D": 22} else ["lists %s" % got])
    return out


def check_order(tmp, out):
    """The same run twice gives the same order; it is not the input's."""
    again = os.path.join(tmp, "again.xlsx")
    run("report", "-q", "-i", INS, "-o", again, os.path.join(tmp, "lowest.ndjson"))
    a, _, _ = comment_lists(out)
    b, _, _ = comment_lists(again)
    problems = []
    if texts(a) != texts(b):
        problems.append("two runs differ")
    t1 = texts(a)["Org/D/T1"]
    if t1 == ["note Org/D/T1 #%d" % i for i in range(11)]:
        problems.append("the list keeps the input order")
    report("comments_order_random_reproducible", problems)


def check_cleaning(tmp):
    rows = responses([("Org/B", 12)], seed=3)
    rows[0]["answers"]["comment"] = "=SUM(A1:A3)"
    rows[1]["answers"]["comment"] = "+1 more -2 @here"
    rows[2]["answers"]["comment"] = "tab\there\x01bell\x07 line\nbreak \u0085end"
    rows[3]["answers"]["comment"] = "-minus first"
    rows[4]["answers"]["comment"] = "@at first"
    _, out = make_report(tmp, "clean", rows)
    lists, _, _ = comment_lists(out)
    cells = {c.value: c for c in lists["Org/B"]}
    problems = []
    for f in ("=SUM(A1:A3)", "+1 more -2 @here", "-minus first", "@at first"):
        if f not in cells:
            problems.append("%r missing" % f)
        elif cells[f].data_type != "s":
            problems.append("%r is a %s cell, not a string" % (f, cells[f].data_type))
    if "tab herebell line break end" not in cells:
        problems.append("control characters kept: %s" % [v for v in cells if "tab" in v])
    report("comments_formula_text_and_control_characters", problems)


def to_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "team"] + ITEMS)
        for r in rows:
            w.writerow([r["id"], r["team"]] + [r["answers"][i] for i in ITEMS])


def check_formats(tmp):
    rows = responses([("Org/A", 6), ("Org/B", 12)], seed=4)
    data, base = make_report(tmp, "fmt", rows)
    want = {g: sorted(t) for g, t in texts(comment_lists(base)[0]).items()}
    paths = {}
    paths["csv"] = os.path.join(tmp, "fmt.csv")
    to_csv(paths["csv"], rows)
    paths["json"] = os.path.join(tmp, "fmt.json")
    with open(paths["json"], "w", encoding="utf-8") as f:
        json.dump({"instrument": INS, "responses": rows}, f)
    paths["xlsx"] = os.path.join(tmp, "fmt_in.xlsx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "team"] + ITEMS)
    for r in rows:
        ws.append([r["id"], r["team"]] + [r["answers"][i] for i in ITEMS])
    wb.save(paths["xlsx"])
    problems = []
    for kind, p in paths.items():
        out = os.path.join(tmp, "fmt_%s.xlsx" % kind)
        run("report", "-q", "-i", INS, "-o", out, p)
        got = {g: sorted(t) for g, t in texts(comment_lists(out)[0]).items()}
        if got != want or not got:
            problems.append("%s: %s" % (kind, {g: len(t) for g, t in got.items()}))
    report("comments_every_input_format", problems)
    return data, rows


def map_columns(mapfile):
    """The column each item is read from, as the generated map names it
    (a regex map: the bare id, as KoboToolbox/Qualtrics name ungrouped
    questions)."""
    m = json.load(open(mapfile, encoding="utf-8"))
    return {k: (v if isinstance(v, str) else k) for k, v in m["items"].items()}, m


def check_export_maps(tmp, rows):
    """export-survey's maps read the comment back: a response file with the
    columns each map names gives the same lists as the NDJSON."""
    _, base = make_report(tmp, "maps_base", rows)
    want = {g: sorted(t) for g, t in texts(comment_lists(base)[0]).items()}
    problems = []
    for fmt in ("limesurvey-tsv", "xlsform", "qsf"):
        survey = os.path.join(tmp, "s_" + fmt)
        run("export-survey", "-i", INS, "--format", fmt, "--lang", "en", "-o", survey)
        cols, m = map_columns(survey + ".map.json")
        if "comment" not in cols:
            problems.append("%s: the map has no comment" % fmt)
            continue
        idcol = m["id"] if isinstance(m["id"], str) else "KEY"
        head = [idcol, "team"] + [cols[i] for i in ITEMS]
        path = os.path.join(tmp, "exp_%s.csv" % fmt)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(head)
            for _ in range(2 if fmt == "qsf" else 0):
                w.writerow(head)  # Qualtrics' question-text and import-id rows
            for r in rows:
                w.writerow([r["id"], r["team"]] + [r["answers"][i] for i in ITEMS])
        out = os.path.join(tmp, "exp_%s.xlsx" % fmt)
        p = run("report", "-q", "-i", INS, "--map", survey + ".map.json", "-o", out, path,
                check=False)
        if p.returncode != 0:
            problems.append("%s: %s" % (fmt, p.stderr.strip()[:200]))
            continue
        got = {g: sorted(t) for g, t in texts(comment_lists(out)[0]).items()}
        if got != want:
            problems.append("%s: %s" % (fmt, {g: len(t) for g, t in got.items()}))
    report("comments_export_survey_maps", problems)


def check_absent_elsewhere(tmp, data, rows):
    needles = [r["answers"]["comment"] for r in rows]
    outs = {}
    outs["stats json"] = run("stats", "-q", "-i", INS, "--format", "json", data).stdout
    outs["stats table"] = run("stats", "-q", "-i", INS, data).stdout
    outs["score csv"] = run("score", "-q", "-i", INS, data).stdout
    outs["score json"] = run("score", "-q", "-i", INS, "--format", "json", data).stdout
    part = os.path.join(tmp, "p.json")
    run("stats", "-q", "-i", INS, "--partial", "-o", part, data)
    outs["partial"] = open(part, encoding="utf-8").read()
    # a batch over two organisations: its benchmark workbook
    root = os.path.join(tmp, "orgs")
    for name in ("Alpha", "Beta"):
        os.makedirs(os.path.join(root, name))
        write_ndjson(os.path.join(root, name, "r.ndjson"), rows)
    bdir = os.path.join(tmp, "batch_out")
    p = run("batch", "-q", "-i", INS, "-o", bdir, root, check=False)
    bench = [os.path.join(d, f) for d, _, fs in os.walk(bdir) for f in fs
             if f.endswith(".xlsx") and "benchmark" in f.lower()]
    problems = []
    if p.returncode != 0 or not bench:
        problems.append("batch: exit %d, %s, files %s" % (p.returncode, p.stderr[:150],
                                                           sorted(os.listdir(bdir)) if os.path.isdir(bdir) else []))
    for b in bench:
        wb = openpyxl.load_workbook(b)
        outs["benchmark " + os.path.basename(b)] = "\n".join(
            str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    for what, text in outs.items():
        hit = [n for n in needles if n in text]
        if hit:
            problems.append("%s holds %r" % (what, hit[0]))
    report("comments_absent_from_other_outputs", problems)


def check_no_comments(tmp, data):
    out = os.path.join(tmp, "none.xlsx")
    run("report", "-q", "-i", INS, "--no-comments", "-o", out, data)
    with_c = openpyxl.load_workbook(os.path.join(tmp, "fmt.xlsx")).sheetnames
    without = openpyxl.load_workbook(out).sheetnames
    problems = []
    if "Comments" in without:
        problems.append("--no-comments still writes the sheet")
    if with_c[-1] != "Comments" or with_c[:-1] != without:
        problems.append("sheets %s vs %s" % (with_c, without))
    report("comments_no_comments_option", problems)


def main():
    tmp = tempfile.mkdtemp(prefix="sdt-comments-")
    check_six_under_eighteen(tmp)
    out = check_lowest_group(tmp)
    check_order(tmp, out)
    check_cleaning(tmp)
    data, rows = check_formats(tmp)
    check_export_maps(tmp, rows)
    check_absent_elsewhere(tmp, data, rows)
    check_no_comments(tmp, data)
    finish()


if __name__ == "__main__":
    main()
