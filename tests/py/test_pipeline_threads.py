#!/usr/bin/python3
"""Every command through the one response pipeline: the output of one
pass, whatever --threads.

A few thousand simulated respondents (learning-leadership-pulse: missing
answers, a work_mode attribute, open comments added here to every 7th
respondent), as NDJSON and as CSV:
- `score` (csv, json, ndjson): byte-identical at --threads 1, 2 and 3, the
  rows in input order (the ids read here from the input) and one per row;
- `validate` and `progress`: identical standard output at 1, 2 and 3, the
  counts those read here;
- `report --by work_mode`: the workbooks at 1 and 2 threads hold the same
  sheets and the same value in every cell (but the command line on the
  Method sheet), the Breakdown and Comments sheets (order-dependent)
  included; also with an earlier wave (a Trend sheet, one pass);
- a respondent id repeated across the two halves of the file: the same
  error (exit code and message) at 1 and 2 threads for score, validate and
  report, naming both lines as counted here, and no score output left.

Env: SDT, SHARED. Prints PASS/FAIL lines.
"""
import csv
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtcheck as sc  # noqa: E402

INS = "learning-leadership-pulse"
N = 4000


def simulate(tmp):
    nd = os.path.join(tmp, "sim.ndjson")
    sc.run("simulate", "-q", "-i", INS, "--respondents", str(N), "--teams", "40",
           "--missing", "0.15", "--seed", "7", "--attribute", "work_mode=onsite,hybrid,remote",
           "-o", nd)
    rows = [json.loads(line) for line in open(nd)]
    for k, r in enumerate(rows):
        if k % 7 == 3:
            r["answers"]["comment"] = "comment %d from %s" % (k, r["team"])
    with open(nd, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    cs = os.path.join(tmp, "sim.csv")
    sc.run("simulate", "-q", "-i", INS, "--respondents", str(N), "--teams", "40",
           "--missing", "0.15", "--seed", "8", "--attribute", "work_mode=onsite,hybrid,remote",
           "-o", cs)
    return nd, cs, [r["id"] for r in rows]


def csv_ids(path):
    with open(path, newline="") as f:
        return [r["id"] for r in csv.DictReader(f)]


def score_ids(fmt, path):
    text = open(path).read()
    if fmt == "csv":
        return [r["id"] for r in csv.DictReader(text.splitlines())]
    if fmt == "json":
        return [r["id"] for r in json.loads(text)]
    return [json.loads(line)["id"] for line in text.splitlines()]


def check_score(tmp, name, path, ids):
    for fmt in ("csv", "json", "ndjson"):
        problems, outs = [], {}
        for t in (1, 2, 3):
            out = os.path.join(tmp, "score-%s-%d.%s" % (name, t, fmt))
            sc.run("score", "-q", "-i", INS, "--format", fmt, "--threads", str(t), path,
                   "-o", out)
            outs[t] = open(out, "rb").read()
        for t in (2, 3):
            if outs[t] != outs[1]:
                problems.append("--threads %d differs from --threads 1 (%d vs %d bytes)"
                                % (t, len(outs[t]), len(outs[1])))
        got = score_ids(fmt, os.path.join(tmp, "score-%s-3.%s" % (name, fmt)))
        if got != ids:
            problems.append("rows are not the input's respondents in input order "
                            "(%d rows, %d in the input)" % (len(got), len(ids)))
        sc.report("pipeline/score/%s/%s (%d bytes)" % (name, fmt, len(outs[1])), problems)


def check_validate(name, path, n):
    problems = []
    outs = {t: sc.run("validate", "-q", "-i", INS, "--threads", str(t), path).stdout
            for t in (1, 2, 3)}
    for t in (2, 3):
        if outs[t] != outs[1]:
            problems.append("--threads %d: %r" % (t, outs[t][-200:]))
    want = "responses: ok (%d read, %d accepted" % (n, n)
    if want not in outs[1]:
        problems.append("%r not in %r" % (want, outs[1][-200:]))
    sc.report("pipeline/validate/%s" % name, problems)


def check_progress(tmp, name, path):
    with open(path, newline="") as f:
        teams = [json.loads(line)["team"] for line in f] if name == "ndjson" else \
            [r["team"] for r in csv.DictReader(f)]
    per_team = {t: teams.count(t) for t in set(teams)}
    hc = os.path.join(tmp, "headcount-%s.csv" % name)
    with open(hc, "w") as f:
        f.write("team,headcount\n")
        for t in sorted(per_team):
            f.write('"%s",%d\n' % (t, 500))
    outs = {t: sc.run("progress", "-q", "-i", INS, "--headcount", hc, "--format", "json",
                      "--threads", str(t), path).stdout for t in (1, 2, 3)}
    problems = ["--threads %d differs" % t for t in (2, 3) if outs[t] != outs[1]]
    groups = {g["group"]: g["responses"] for g in json.loads(outs[1])["groups"]}
    if groups.get("Org") != len(teams):
        problems.append("Org: %r responses, %d in the input" % (groups.get("Org"), len(teams)))
    problems += ["%s: %r responses, %d in the input" % (t, groups.get(t), n)
                 for t, n in sorted(per_team.items()) if groups.get(t) != n]
    sc.report("pipeline/progress/%s" % name, problems)


def cell_diff(sheet, a, b):
    """Problems between two rows of cell values: every cell the same value
    of the same type (team moments are exact sums, so the bits agree)."""
    out = []
    for c, (x, y) in enumerate(zip(a, b)):
        if isinstance(x, str) and isinstance(y, str) and "--threads" in x:
            # the command line on the Method sheet: these two runs' own
            x = x.replace("--threads 1", "--threads N").replace("-1.xlsx", "-N.xlsx")
            y = y.replace("--threads 2", "--threads N").replace("-2.xlsx", "-N.xlsx")
        if x != y or type(x) is not type(y):
            out.append("%s col %d: %r vs %r" % (sheet, c + 1, x, y))
    if len(a) != len(b):
        out.append("%s: %d vs %d columns" % (sheet, len(a), len(b)))
    return out


def check_report(tmp, name, path, extra=()):
    import openpyxl
    books, problems, cells = {}, [], 0
    for t in (1, 2):
        out = os.path.join(tmp, "report-%s-%d.xlsx" % (name, t))
        sc.run("report", "-q", "-i", INS, "--by", "work_mode", "--threads", str(t), *extra,
               path, "-o", out)
        books[t] = openpyxl.load_workbook(out, read_only=True)
    if books[1].sheetnames != books[2].sheetnames:
        problems.append("sheets %r vs %r" % (books[1].sheetnames, books[2].sheetnames))
    for s in books[1].sheetnames:
        r1 = list(books[1][s].iter_rows(values_only=True))
        r2 = list(books[2][s].iter_rows(values_only=True))
        if len(r1) != len(r2):
            problems.append("%s: %d vs %d rows" % (s, len(r1), len(r2)))
        for a, b in zip(r1, r2):
            cells += len(a)
            problems += cell_diff(s, a, b)
    want = ["Breakdown"] + (["Comments"] if name in ("ndjson", "comments") else []) + \
        (["Trend"] if "--previous" in extra else [])
    problems += ["no %s sheet: %r" % (w, books[1].sheetnames) for w in want
                 if not any(s.startswith(w) for s in books[1].sheetnames)]
    if name == "comments":
        # five writers and five comments: what --min-comments 5 and the
        # threshold of 5 need, so every one of them is shown
        shown = {v for row in books[1]["Comments"].iter_rows(values_only=True) for v in row}
        problems += ["comment %d not shown" % k for k in (0, 1, 2, N - 2, N - 1)
                     if "said by respondent %d" % k not in shown]
    sc.report("pipeline/report/%s (%d cells, sheets %s)" % (name, cells,
              ",".join(books[1].sheetnames)), problems)


def with_duplicate(tmp, name, path):
    """The file with respondent 10's id given again at row 3/4 of the way."""
    lines = open(path).read().splitlines(keepends=True)
    head = 1 if name == "csv" else 0
    first, again = head + 9, head + (3 * N) // 4
    if name == "csv":
        rid = lines[first].split(",", 1)[0]
        lines[again] = rid + "," + lines[again].split(",", 1)[1]
    else:
        rid = json.loads(lines[first])["id"]
        r = json.loads(lines[again])
        r["id"] = rid
        lines[again] = json.dumps(r) + "\n"
    out = os.path.join(tmp, "dup." + name)
    with open(out, "w") as f:
        f.writelines(lines)
    return out, rid, first + 1, again + 1


def few_writers(tmp, path):
    """Comments from five people of one team only, three near the start of
    the file and two near its end (in different ranges at two threads):
    exactly the five writers a group's comments need."""
    rows = [json.loads(line) for line in open(path)]
    for r in rows:
        r["answers"]["comment"] = None
    for k in (0, 1, 2, N - 2, N - 1):
        rows[k]["team"] = "Org/Small/Team S"
        rows[k]["answers"]["comment"] = "said by respondent %d" % k
    out = os.path.join(tmp, "few-writers.ndjson")
    with open(out, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    return out


def check_duplicate(tmp, name, path):
    dup, rid, l1, l2 = with_duplicate(tmp, name, path)
    want = "%s:%d: duplicate respondent id '%s', first seen at %s:%d" % (dup, l2, rid, dup, l1)
    for cmd in ("score", "validate", "report"):
        problems, runs = [], {}
        for t in (1, 2):
            out = os.path.join(tmp, "dup-%s-%d.out" % (cmd, t))
            args = [cmd, "-q", "-i", INS, "--threads", str(t), dup]
            if cmd != "validate":
                args += ["-o", out + (".xlsx" if cmd == "report" else "")]
            runs[t] = sc.run(*args, check=False)
            if os.path.exists(out) or os.path.exists(out + ".xlsx"):
                problems.append("--threads %d left an output file" % t)
        if runs[1].returncode == 0:
            problems.append("one pass did not fail")
        if (runs[2].returncode, runs[2].stderr) != (runs[1].returncode, runs[1].stderr):
            problems.append("--threads 2: exit %d %r; one pass: exit %d %r" % (
                runs[2].returncode, runs[2].stderr.strip(), runs[1].returncode,
                runs[1].stderr.strip()))
        if want not in runs[1].stderr:
            problems.append("%r not in %r" % (want, runs[1].stderr.strip()))
        sc.report("pipeline/duplicate/%s/%s" % (name, cmd), problems)


def main():
    tmp = tempfile.mkdtemp()
    nd, cs, nd_ids = simulate(tmp)
    for name, path, ids in (("ndjson", nd, nd_ids), ("csv", cs, csv_ids(cs))):
        check_score(tmp, name, path, ids)
        check_validate(name, path, len(ids))
        check_progress(tmp, name, path)
        check_report(tmp, name, path)
        check_duplicate(tmp, name, path)
    # with an earlier wave the current wave's figures keep one pass (its
    # sink cannot merge): the same workbook, with a Trend sheet
    check_report(tmp, "waves", nd, ("--previous", cs))
    check_report(tmp, "comments", few_writers(tmp, nd), ("--min-comments", "5"))
    sc.finish()


if __name__ == "__main__":
    main()
