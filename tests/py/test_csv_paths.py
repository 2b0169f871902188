"""CSV records are read two ways: a line without quotes is split by
read_csv.c itself (the usual record of a plain file straight into its
response), anything else goes through libcsv. The same respondents written
both ways -- bare, every field quoted, a mix, with semicolons or tabs,
CRLF, a BOM, spaces around cells, blank lines -- must give the scores
computed here from the answers, and a bad cell the same message whichever
way its row was read."""
import json
import os
import random
import tempfile

from sdtcheck import close, finish, report, run

INST = {
    "format": "sdtscore-instrument/1", "id": "paths", "version": "1",
    "response_scale": {"min": 1, "max": 5},
    "items": [{"id": "p1", "reverse": False}, {"id": "p2", "reverse": True},
              {"id": "p3", "reverse": False}, {"id": "p4", "reverse": True}],
    "scales": [{"id": "p", "items": ["p1", "p2", "p3", "p4"],
                "min_answered": 1}],
}
HEADER = ["id", "team", "note", "p1", "p2", "p3", "p4"]
REVERSE = [False, True, False, True]
TEAMS = ["Org/Sales/Team 1", "Org/Care", "", "Myynti/Pääkaupunkiseutu",
         "Säljare, Syd"]


def people(n, seed):
    """Respondents as (id, team, note, answers); None is no answer."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        answers = [rng.choice([1, 2, 3, 4, 5, None]) for _ in REVERSE]
        if all(a is None for a in answers):
            answers[0] = 3
        out.append(("r%04d" % i, rng.choice(TEAMS),
                    rng.choice(["", "x", "a b"]), answers))
    return out


def expected(rows):
    """The scale score: the mean of the keyed answers (6 - x reversed)."""
    want = {}
    for rid, team, _note, answers in rows:
        keyed = [6 - a if rev else a
                 for a, rev in zip(answers, REVERSE) if a is not None]
        want[rid] = (team or None, sum(keyed) / len(keyed), len(keyed))
    return want


def quote(cell):
    return '"' + cell.replace('"', '""') + '"'


def write(path, rows, delim=",", nl="\n", how="bare", bom=False, seed=0):
    """The rows as CSV; `how` says which cells are quoted or padded."""
    rng = random.Random(seed)
    lines = [delim.join(HEADER)]
    for rid, team, note, answers in rows:
        cells = [rid, team, note] + ["" if a is None else str(a) for a in answers]
        if how == "quoted" or (how == "mixed" and rng.random() < 0.5):
            cells = [quote(c) for c in cells]
        elif how == "padded":
            cells = [" " * rng.randrange(3) + c + " " * rng.randrange(3)
                     for c in cells]
        if delim in team and not cells[1].startswith('"'):
            cells[1] = quote(team)
        lines.append(delim.join(cells))
        if how == "mixed" and rng.random() < 0.1:
            lines.append(rng.choice(["", "   "]))
    text = nl.join(lines) + nl
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(("\ufeff" if bom else "") + text)


def scores(inst, path):
    out = run("score", "-i", inst, "--format", "json", path).stdout
    return {r["id"]: (r["team"], r["p"], r["p_answered"]) for r in json.loads(out)}


def check_scores(d, inst):
    rows = people(300, 7)
    want = expected(rows)
    cases = [
        ("comma_lf_bare", {}),
        ("comma_lf_quoted", {"how": "quoted"}),
        ("comma_crlf_mixed_bom", {"how": "mixed", "nl": "\r\n", "bom": True}),
        ("semicolon_crlf_bare", {"delim": ";", "nl": "\r\n"}),
        ("semicolon_quoted", {"delim": ";", "how": "quoted"}),
        ("tab_bare", {"delim": "\t"}),
        ("tab_crlf_quoted", {"delim": "\t", "nl": "\r\n", "how": "quoted"}),
        ("comma_padded", {"how": "padded"}),
        ("semicolon_cr_mixed", {"delim": ";", "nl": "\r", "how": "mixed"}),
    ]
    for name, kw in cases:
        path = os.path.join(d, name + ".csv")
        problems = []
        try:
            write(path, rows, seed=len(name), **kw)
            got = scores(inst, path)
            if set(got) != set(want):
                problems.append("ids differ: %d read, %d written"
                                % (len(got), len(want)))
            for rid, (team, score, n) in want.items():
                g = got.get(rid)
                if g and (g[0] != team or g[2] != n or not close(g[1], score)):
                    problems.append("%s: %r, expected %r" % (rid, g, (team, score, n)))
        except Exception as exc:  # a crash is a failure, not an abort
            problems.append(str(exc))
        report("csv_paths/scores/%s" % name, problems)


# A bad row, bare and quoted: the message names the same place either way.
ERRORS = [
    ("out_of_range", ["r7", "T", "", "1", "9", "2", "3"],
     "3: value 9 is outside 1..5 (row 3, column 'p2', respondent r7)"),
    ("not_whole", ["r7", "T", "", "1", "2.5", "2", "3"],
     "3: value '2.5' is not a whole number (row 3, column 'p2', respondent r7)"),
    ("short_row", ["r7", "T", "", "1", "2", "3"],
     "3: the row has 6 cells but the header has 7 columns (row 3, respondent r7)"),
    ("long_row", ["r7", "T", "", "1", "2", "3", "4", "5"],
     "3: the row has 8 cells but the header has 7 columns (row 3, respondent r7)"),
    ("empty_id", ["", "T", "", "1", "2", "3", "4"],
     "3: the id is empty; every response needs one (row 3, column 'id')"),
    ("bad_utf8_team", ["r7", "T\udcc3", "", "1", "2", "3", "4"],
     "3: the cell is not valid UTF-8 or holds a control character"),
]


def check_errors(d, inst):
    good = ["r1", "T", "", "1", "2", "3", "4"]
    for name, bad, want in ERRORS:
        problems = []
        for how in ("bare", "quoted"):
            path = os.path.join(d, "%s_%s.csv" % (name, how))
            rows = [good, bad] if how == "bare" else \
                [[quote(c) for c in good], [quote(c) for c in bad]]
            text = "\n".join([",".join(HEADER)] + [",".join(r) for r in rows]) + "\n"
            with open(path, "wb") as f:
                f.write(text.encode("utf-8", "surrogateescape"))
            p = run("score", "-i", inst, path, check=False)
            msg = "sdtscore: error: %s:%s" % (path, want)
            if p.returncode != 1 or msg not in p.stderr:
                problems.append("%s: exit %d, %r" % (how, p.returncode,
                                                     p.stderr.strip()[:200]))
        report("csv_paths/errors/%s" % name, problems)


def check_negative_scale(d):
    """On a -3..3 scale "." and "/" sit in range as digit minus '0': they
    must still be refused, not read as -2 and -1."""
    inst = dict(INST, id="neg", response_scale={"min": -3, "max": 3})
    ipath = os.path.join(d, "neg.json")
    with open(ipath, "w") as f:
        json.dump(inst, f)
    problems = []
    for cell in (".", "/"):
        for how in ("bare", "quoted"):
            cells = ["r1", "T", "", cell, "1", "2", "3"]
            if how == "quoted":
                cells = [quote(c) for c in cells]
            path = os.path.join(d, "neg_%s.csv" % how)
            with open(path, "w") as f:
                f.write(",".join(HEADER) + "\n" + ",".join(cells) + "\n")
            p = run("score", "-i", ipath, path, check=False)
            msg = ("%s:2: value '%s' is not a whole number (row 2, column 'p1', "
                   "respondent r1)" % (path, cell))
            if p.returncode != 1 or msg not in p.stderr:
                problems.append("%s %r: exit %d, %r" % (how, cell, p.returncode,
                                                        p.stderr.strip()[:200]))
    report("csv_paths/negative_scale", problems)


with tempfile.TemporaryDirectory() as d:
    inst = os.path.join(d, "inst.json")
    with open(inst, "w") as f:
        json.dump(INST, f)
    check_scores(d, inst)
    check_errors(d, inst)
    check_negative_scale(d)
finish()
