#!/usr/bin/python3
"""`sdtscore import` reads through the response pipeline (issue 17): the
input options it takes are applied as `score` applies them, and --threads
does not change a byte.

The test writes three Google-Forms-like CSV exports with a map (id,
department and team, an attribute, 18 items) and works out here, from
the rows it wrote, the NDJSON lines import must write, then checks:
- the lines of three exports, byte for byte, at --threads 1, 2 and 3
  (several mapped exports are read at once, one a job);
- a canonical NDJSON file large enough to be cut into byte ranges reads
  back to itself at 1, 2 and 3 threads;
- an id repeated across exports fails at every thread count with the same
  message naming both files and CSV lines, and no output file is left; a
  repeat inside the third export that comes first is the one named;
- --duplicates first / last keep the first / last of each repeated id at
  its own place, and --rejects lists the others with file and line;
- --exclude-careless longstring leaves out a respondent who gave the same
  answer to every item, counts it in the summary and lists it in --rejects;
- --exclude-careless speeders leaves out a respondent who took 20 s (the
  map's duration column), and --speeder-seconds 1 keeps them;
- --invalid: an answer off the scale stops the run, or is read as missing
  and counted;
- the summary line counts and the "responses imported" count, and -q;
- a comment column comes out as the comment's text (it used to be null);
- an empty first export (a job without lines) changes nothing.
Env: SDT (the binary)."""
import csv
import json
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtcheck  # noqa: E402

INS = "learning-leadership-pulse"
# The instrument's items in its order (learning-leadership-pulse.json):
# 18 rating items 1..5, eNPS (no column in these exports) and a comment.
ITEMS = ["q%d" % k for k in range(1, 19)]
ALL_ITEMS = ITEMS + ["enps", "comment"]
STEM = "How true is this of your work? [Statement %d.]"
HEADER = (["Timestamp", "Employee ID", "Department", "Team", "Work mode"] +
          [STEM % k for k in range(1, 19)] + ["Anything else?", "Seconds"])
MAP = {"id": "Employee ID", "team": ["Department", "Team"],
       "attributes": {"work_mode": "Work mode"},
       "items": {q: {"regex": r"\[Statement %d\.\]$" % k}
                 for k, q in enumerate(ITEMS, 1)}}
MAP["items"]["comment"] = "Anything else?"
MAP["duration"] = "Seconds"
COMMENTS = [None, None, "More time to learn, please.", 'The "why" of goals',
            "Hyvä tiimi; työrauha", "Ok\\fine"]
THREADS = (1, 2, 3)


def varied(rng):
    """Answers with no run of more than two equal neighbours (far below
    any longstring cutoff), some missing."""
    out = []
    for _ in ITEMS:
        choices = [v for v in range(1, 6)
                   if len(out) < 2 or not (out[-1] == out[-2] == v)]
        out.append(rng.choice(choices) if rng.random() > 0.08 else None)
    return out


def row(rid, dept, team, mode, answers, comment=None, seconds=300):
    return {"id": rid, "dept": dept, "team": team, "mode": mode,
            "answers": answers, "comment": comment, "seconds": seconds}


def write_export(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for r in rows:
            w.writerow(["2025/03/03 9:00:00 AM EET", r["id"], r["dept"],
                        r["team"], r["mode"]] +
                       ["" if a is None else str(a) for a in r["answers"]] +
                       [r["comment"] or "", str(r["seconds"])])


def json_str(s):
    return json.dumps(s, ensure_ascii=False)


def ndjson_line(r):
    """The canonical line, worked out here: team parts joined with '/',
    the attribute, every item of the instrument in its order, null for a
    missing answer (the map names no eNPS column), the comment as a JSON
    string (import used to write null and lose it)."""
    team = "/".join(p for p in (r["dept"], r["team"]) if p)
    answers = dict(zip(ITEMS, r["answers"]))
    parts = ",".join("%s:%s" % (json_str(q), "null" if answers.get(q) is None
                                else "%d" % answers[q]) for q in ALL_ITEMS[:-1])
    parts += ',"comment":' + ("null" if r["comment"] is None else json_str(r["comment"]))
    return ('{"id":%s,"team":%s,"attributes":{"work_mode":%s},"answers":{%s}}\n'
            % (json_str(r["id"]), json_str(team), json_str(r["mode"]), parts))


def make_rows(rng, prefix, n):
    depts = [("Sales", "Team 1"), ("Sales", "Team 2"), ("Operations", "Team 3"),
             ("Kehitys", "Tiimi Ä")]
    modes = ["remote", "office", "hybrid"]
    out = []
    for i in range(n):
        d, t = depts[rng.randrange(len(depts))]
        out.append(row("%s%03d" % (prefix, i), d, t, rng.choice(modes),
                       varied(rng), rng.choice(COMMENTS), rng.randint(120, 900)))
    return out


def run_import(tmp, files, *opts, check=False):
    cwd = os.getcwd()
    os.chdir(tmp)
    try:
        return sdtcheck.run("import", "-i", INS, "--map", "map.json", *opts,
                            *files, check=check)
    finally:
        os.chdir(cwd)


def expect_lines(tmp, name, files, want, *opts):
    """import at every thread count writes exactly `want`."""
    problems = []
    for t in THREADS:
        p = run_import(tmp, files, "--threads", str(t), *opts)
        if p.returncode != 0:
            problems.append("--threads %d exited %d: %s"
                            % (t, p.returncode, p.stderr.strip()))
        elif p.stdout != want:
            problems.append("--threads %d: %d lines, %d expected%s"
                            % (t, p.stdout.count("\n"), want.count("\n"),
                               "" if p.stdout.count("\n") != want.count("\n")
                               else " (same count, other bytes)"))
    sdtcheck.report(name, problems)


def summary(p):
    return [ln for ln in p.stderr.splitlines() if " read, " in ln]


def check_threads(tmp, exports, names):
    want = "".join(ndjson_line(r) for rows in exports for r in rows)
    expect_lines(tmp, "import_pipeline/three_exports_any_threads", names, want)
    # the first job writes nothing: the next job's lines start the output
    write_export(os.path.join(tmp, "empty.csv"), [])
    expect_lines(tmp, "import_pipeline/empty_first_export", ["empty.csv"] + names,
                 want)
    # the summary: read and left-out counts, and the lines written
    p = run_import(tmp, names, "--threads", "2")
    n = sum(len(rows) for rows in exports)
    problems = []
    if summary(p) != ["sdtscore: %d read, %d scored, 0 left out" % (n, n)]:
        problems.append("summary %r" % summary(p))
    if "sdtscore: %d responses imported" % n not in p.stderr.splitlines():
        problems.append("no '%d responses imported' line: %r" % (n, p.stderr))
    q = run_import(tmp, names, "-q", "--threads", "2")
    if q.stderr != "" or q.stdout != want:
        problems.append("-q: stderr %r, output %s" % (q.stderr, q.stdout == want))
    sdtcheck.report("import_pipeline/summary_and_quiet", problems)


def check_ranges(tmp):
    """Canonical NDJSON in, the same bytes out: a file of ~150 kB is read
    in byte ranges by 2 and 3 threads."""
    rng = random.Random(7)
    rows = make_rows(rng, "n", 500)
    want = "".join(ndjson_line(r) for r in rows)
    with open(os.path.join(tmp, "canon.ndjson"), "w", encoding="utf-8") as f:
        f.write(want)
    problems = []
    for t in THREADS:
        p = sdtcheck.run("import", "-i", INS, "--threads", str(t),
                         os.path.join(tmp, "canon.ndjson"), check=False)
        if p.returncode != 0 or p.stdout != want:
            problems.append("--threads %d: exit %d, %s" % (
                t, p.returncode, "same bytes" if p.stdout == want else "other bytes"))
    sdtcheck.report("import_pipeline/ndjson_ranges_round_trip", problems)


def check_dup_error(tmp, name, files, want_place, want_first, rid):
    """Every thread count fails with one message naming both places."""
    problems = []
    messages = set()
    for t in THREADS:
        out = os.path.join(tmp, "dup_out.ndjson")
        p = run_import(tmp, files, "--threads", str(t), "-o", out)
        err = [ln for ln in p.stderr.splitlines() if "error" in ln]
        messages.add(tuple(err))
        if p.returncode == 0:
            problems.append("--threads %d succeeded" % t)
        if os.path.exists(out):
            problems.append("--threads %d left %s" % (t, out))
            os.unlink(out)
    want = ("sdtscore: error: %s: duplicate respondent id '%s', first seen at %s"
            % (want_place, rid, want_first))
    if len(messages) != 1:
        problems.append("messages differ by thread count: %r" % messages)
    elif not any(m.startswith(want) for m in messages.pop()):
        problems.append("message does not start with %r" % want)
    sdtcheck.report(name, problems)


def read_rejects(path):
    """The header and rows of a --rejects file; none when it is missing."""
    if not os.path.exists(path):
        return None, []
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    os.unlink(path)
    return rows[0], rows[1:]


def policy_expectation(files, policy):
    """The lines a duplicate policy keeps and the rejects (file, line, id),
    worked out from the rows: CSV line = data row index + 2 (one header)."""
    seq = [(name, i + 2, r) for name, rows in files for i, r in enumerate(rows)]
    keep_at = {}
    for k, (_, _, r) in enumerate(seq):
        if policy == "last" or r["id"] not in keep_at:
            keep_at[r["id"]] = k
    kept = [r for k, (_, _, r) in enumerate(seq) if keep_at[r["id"]] == k]
    rejects = [(name, str(line), r["id"]) for k, (name, line, r) in enumerate(seq)
               if keep_at[r["id"]] != k]
    return "".join(ndjson_line(r) for r in kept), rejects, len(seq)


def check_policy(tmp, files, policy):
    names = [n for n, _ in files]
    want, want_rej, n = policy_expectation(files, policy)
    expect_lines(tmp, "import_pipeline/duplicates_%s" % policy, names, want,
                 "--duplicates", policy)
    problems = []
    rej = os.path.join(tmp, "rej_%s.csv" % policy)
    p = run_import(tmp, names, "--duplicates", policy, "--rejects", rej)
    if p.returncode != 0:
        problems.append("exit %d: %s" % (p.returncode, p.stderr.strip()))
    else:
        head, rows = read_rejects(rej)
        got = [tuple(r[:3]) for r in rows]
        if head != ["file", "line", "id", "reason"]:
            problems.append("rejects header %r" % head)
        if got != want_rej:
            problems.append("rejects %r, expected %r" % (got, want_rej))
        if not all(r[3].startswith("duplicate id") for r in rows):
            problems.append("reasons %r" % [r[3] for r in rows])
        left = len(want_rej)
        if summary(p) != ["sdtscore: %d read, %d scored, %d left out"
                          % (n, n - left, left)]:
            problems.append("summary %r" % summary(p))
        if "sdtscore: %d responses imported" % (n - left) not in p.stderr.splitlines():
            problems.append("imported count: %r" % p.stderr)
    sdtcheck.report("import_pipeline/duplicates_%s_rejects" % policy, problems)


def check_careless(tmp, exports, names):
    """One respondent of the second export answered 3 to all 18 items: a
    longstring of 18, over any cutoff; every other has runs of 2 at most."""
    rows2 = [dict(r) for r in exports[1]]
    at = len(rows2) // 2
    rows2[at] = row("straight", "Sales", "Team 1", "office", [3] * len(ITEMS))
    write_export(os.path.join(tmp, "careless.csv"), rows2)
    files = [names[0], "careless.csv", names[2]]
    kept = exports[0] + [r for r in rows2 if r["id"] != "straight"] + exports[2]
    want = "".join(ndjson_line(r) for r in kept)
    n = len(kept) + 1
    problems = []
    rej = os.path.join(tmp, "rej_careless.csv")
    for t in THREADS:
        p = run_import(tmp, files, "--threads", str(t), "--exclude-careless",
                       "longstring", "--rejects", rej)
        if p.returncode != 0 or p.stdout != want:
            problems.append("--threads %d: exit %d, output %s" % (
                t, p.returncode, "right" if p.stdout == want else "wrong"))
            continue
        head, rows = read_rejects(rej)
        if head is None:
            problems.append("--threads %d wrote no rejects file" % t)
        elif [tuple(r[:3]) for r in rows] != [("careless.csv", str(at + 2), "straight")]:
            problems.append("rejects %r" % rows)
        elif "longstring" not in rows[0][3]:
            problems.append("reason %r does not name longstring" % rows[0][3])
        want_sum = ("sdtscore: %d read, %d scored, 1 left out (1 by "
                    "--exclude-careless: 1 longstring)" % (n, n - 1))
        if summary(p) != [want_sum]:
            problems.append("summary %r, expected %r" % (summary(p), want_sum))
    sdtcheck.report("import_pipeline/exclude_careless_longstring", problems)


def check_speeders(tmp, exports, names):
    """One respondent of the third export took 20 s for 18 rating items:
    under the default 2 s an item (36 s) a speeder, over 1 s an item
    (--speeder-seconds 1: 18 s) not; everyone else took 120 s or more."""
    rows3 = [dict(r) for r in exports[2]]
    rows3[5] = dict(rows3[5], seconds=20)
    write_export(os.path.join(tmp, "speedy.csv"), rows3)
    files = names[:2] + ["speedy.csv"]
    every = exports[0] + exports[1] + rows3
    fast = rows3[5]["id"]
    want = "".join(ndjson_line(r) for r in every if r["id"] != fast)
    expect_lines(tmp, "import_pipeline/speeders_left_out", files, want,
                 "--exclude-careless", "speeders")
    want = "".join(ndjson_line(r) for r in every)
    expect_lines(tmp, "import_pipeline/speeder_seconds_reaches_import", files, want,
                 "--exclude-careless", "speeders", "--speeder-seconds", "1")


def check_invalid(tmp, exports, names):
    """An answer of 9 on a 1..5 scale: an error naming the file and row,
    or with --invalid missing a null, counted in the summary."""
    rows2 = [dict(r) for r in exports[1]]
    answers = list(rows2[7]["answers"])
    answers[3] = 9
    rows2[7] = dict(rows2[7], answers=answers)
    write_export(os.path.join(tmp, "bad.csv"), rows2)
    files = [names[0], "bad.csv", names[2]]
    problems = []
    messages = set()
    for t in THREADS:
        p = run_import(tmp, files, "--threads", str(t))
        messages.add(p.stderr)
        if p.returncode == 0 or "bad.csv:9" not in p.stderr:
            problems.append("--threads %d: exit %d, %r" % (t, p.returncode, p.stderr))
    if len(messages) != 1:
        problems.append("messages differ by thread count: %r" % messages)
    sdtcheck.report("import_pipeline/invalid_error", problems)
    fixed = [dict(r) for r in rows2]
    fixed[7] = dict(fixed[7], answers=answers[:3] + [None] + answers[4:])
    want = "".join(ndjson_line(r) for r in exports[0] + fixed + exports[2])
    expect_lines(tmp, "import_pipeline/invalid_missing", files, want,
                 "--invalid", "missing")
    p = run_import(tmp, files, "--invalid", "missing")
    problems = [] if any(ln.endswith("; 1 invalid values read as missing")
                         for ln in summary(p)) else ["summary %r" % summary(p)]
    sdtcheck.report("import_pipeline/invalid_missing_counted", problems)


def main():
    rng = random.Random(20261207)
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "map.json"), "w", encoding="utf-8") as f:
            json.dump(MAP, f)
        exports = [make_rows(rng, p, n) for p, n in (("a", 40), ("b", 55), ("c", 33))]
        names = ["a.csv", "b.csv", "c.csv"]
        for name, rows in zip(names, exports):
            write_export(os.path.join(tmp, name), rows)
        check_threads(tmp, exports, names)
        check_ranges(tmp)

        # c2: row 10 repeats a's row 5 (across exports), row 20 repeats
        # c2's own row 4 (inside): the first in input order is named.
        c2 = [dict(r) for r in exports[2]]
        c2[9] = dict(c2[9], id=exports[0][4]["id"])
        c2[19] = dict(c2[19], id=c2[3]["id"])
        write_export(os.path.join(tmp, "c2.csv"), c2)
        check_dup_error(tmp, "import_pipeline/dup_across_exports",
                        ["a.csv", "b.csv", "c2.csv"], "c2.csv:11", "a.csv:6",
                        exports[0][4]["id"])
        # c3: row 5 repeats row 2 (inside), row 12 repeats a's row 7.
        c3 = [dict(r) for r in exports[2]]
        c3[4] = dict(c3[4], id=c3[1]["id"])
        c3[11] = dict(c3[11], id=exports[0][6]["id"])
        write_export(os.path.join(tmp, "c3.csv"), c3)
        check_dup_error(tmp, "import_pipeline/dup_inside_export_first",
                        ["a.csv", "b.csv", "c3.csv"], "c3.csv:6", "c3.csv:3",
                        c3[1]["id"])

        # Both repeats at once, and one inside b: the policies' files.
        b2 = [dict(r) for r in exports[1]]
        b2[30] = dict(b2[30], id=b2[2]["id"])
        write_export(os.path.join(tmp, "b2.csv"), b2)
        c4 = [dict(r) for r in exports[2]]
        c4[9] = dict(c4[9], id=exports[0][4]["id"])
        c4[19] = dict(c4[19], id=b2[2]["id"])
        write_export(os.path.join(tmp, "c4.csv"), c4)
        files = [("a.csv", exports[0]), ("b2.csv", b2), ("c4.csv", c4)]
        for policy in ("first", "last"):
            check_policy(tmp, files, policy)

        check_careless(tmp, exports, names)
        check_speeders(tmp, exports, names)
        check_invalid(tmp, exports, names)
    sdtcheck.finish()


if __name__ == "__main__":
    main()
