"""Issue 17, the response pipeline: a wide CSV header is checked in linear
time (a repeated name, a misnamed item and a missing item are still found
among hundreds of thousands of columns); the NDJSON fast path gives what
cJSON gives on random lines; the same responses as NDJSON (with and
without attributes, keys in random order), a JSON document, CSV and .xlsx
give byte-identical `score` output and `stats` JSON (at 1 and 2 threads)."""
import csv
import io
import json
import os
import random
import re
import subprocess
import tempfile
import time

from sdtcheck import SDT, finish, report, run

TINY = {
    "format": "sdtscore-instrument/1", "id": "tiny", "version": "1",
    "response_scale": {"min": 1, "max": 5},
    "items": [{"id": "a1", "reverse": False}, {"id": "a2", "reverse": True}],
    "scales": [{"id": "a", "items": ["a1", "a2"], "min_answered": 1}],
}

# The quadratic check took 33 s for 100 000 columns; linear takes well
# under a second for 300 000. The bound leaves room for a busy machine.
WIDE = 300000
WIDE_LIMIT_S = 30.0


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def wide_csv(path, names, row):
    write(path, ",".join(names) + "\n" + ",".join(row) + "\n")


def timed(*args):
    t0 = time.monotonic()
    p = run(*args, check=False)
    return p, time.monotonic() - t0


def test_wide_header(d, inst):
    attrs = ["attr%d" % k for k in range(WIDE)]
    # a1 = 4, a2 = 2 reversed on 1..5 is 4: the scale mean is 4.
    path = os.path.join(d, "wide.csv")
    wide_csv(path, ["id", "a1", "a2"] + attrs, ["p1", "4", "2"] + ["v"] * WIDE)
    p, secs = timed("score", "-i", inst, path)
    problems = []
    if p.returncode != 0:
        problems.append("exit %d: %s" % (p.returncode, p.stderr.strip()[:200]))
    elif p.stdout.splitlines()[1:] != ["p1,,4,2"]:
        problems.append("scores %r" % p.stdout[:100])
    if "and %d more" % (WIDE - 10) not in p.stderr:
        problems.append("columns line does not count %d attributes" % WIDE)
    if secs > WIDE_LIMIT_S:
        problems.append("%d columns took %.1f s" % (WIDE, secs))
    report("pipeline: %d-column header scored in %.1f s" % (WIDE + 3, secs), problems)


def expect_error(d, inst, name, names, want):
    path = os.path.join(d, name + ".csv")
    wide_csv(path, names, ["p1"] + ["3"] * (len(names) - 1))
    p, secs = timed("score", "-i", inst, path)
    problems = []
    if p.returncode == 0:
        problems.append("exit 0")
    if want not in p.stderr:
        problems.append("stderr %r lacks %r" % (p.stderr.strip()[:200], want))
    if secs > WIDE_LIMIT_S:
        problems.append("took %.1f s" % secs)
    report("pipeline: wide header, %s" % name, problems)


# ---- the NDJSON fast path against cJSON -------------------------------------
# A line that starts with a form feed is still JSON to cJSON (which skips
# every byte up to a space as blank) but not to the fast path, which then
# hands it to cJSON: the same line read both ways must give the same
# scores, counts and messages (columns aside: the form feed shifts them).

ITEMS24 = ["q%d" % k for k in range(1, 25)]
# JSON text of strings: escapes (a pair, a lone surrogate, U+0000, a bad one)
STRINGS = [r"a", r"T\u00e4m\u00e4", r"x\\\"y", r"\ud83d\ude00", r"", r"\u0000",
           r"\ud800", r"tab\there", r"\/ok", r"\q", "raw\x01ctl"]
VALUES = ["1", "5", "3", "null", "0", "6", "-1", "2.0", "2.5", "1e0", "04",
          "\"3\"", "true", "false", "[1]", "{}", "-0", "99999999999999999"]


def random_line(rng, k):
    odd = lambda: rng.choice(STRINGS) if rng.random() < 0.1 else ""
    parts = [("id", '"r%d%s"' % (k, odd()))]
    if rng.random() < 0.8:
        parts.append(("team", rng.choice(['"T%d%s"' % (rng.randrange(3), odd()), "null"])))
    if rng.random() < 0.6:
        attrs = ['"%s%s":%s' % (rng.choice(["mode", "tenure", r"m\u00e4", "mode"]), odd(),
                                rng.choice(['"x%s"' % odd(), "7", "-3", "null", "1.5",
                                            "true" if rng.random() < 0.2 else "12"]))
                 for _ in range(rng.randrange(3))]
        parts.append(("attributes", "{%s}" % ",".join(attrs)))
    answers = []
    for item in rng.sample(ITEMS24 + ["zz"], rng.randrange(6, 26)):
        v = rng.choice(VALUES) if rng.random() < 0.03 else str(rng.randrange(1, 6))
        answers.append('"%s":%s' % (item, v))
    parts.append(("answers", "{%s}" % ",".join(answers)))
    rng.shuffle(parts)
    sep = rng.choice([",", " , ", ",\t"])
    return "{" + sep.join('"%s":%s' % kv for kv in parts) + "}"


def read_both(d, name, lines, opts):
    out = []
    for prefix in ("", "\f"):
        path = os.path.join(d, "%s%d.ndjson" % (name, len(prefix)))
        write(path, "".join(prefix + l + "\n" for l in lines))
        p = run("score", "-i", "bpnsfs-work", *opts, path, check=False)
        err = re.sub(r"F:(\d+):\d+:", r"F:\1:", p.stderr.replace(path, "F"))
        out.append((p.returncode, p.stdout, err))
    return out


def test_fast_path(d):
    rng = random.Random(17)
    problems, errors = [], 0
    for case in range(120):
        opts = rng.choice([[], ["--invalid", "missing"], ["--ignore-unknown"],
                           ["--invalid", "missing", "--ignore-unknown"]])
        lines = [random_line(rng, k) for k in range(rng.randrange(1, 5))]
        fast, slow = read_both(d, "fp", lines, opts)
        errors += fast[0] != 0
        if fast != slow:
            problems.append("case %d %s: fast %r, cJSON %r" % (case, opts, fast, slow))
    if errors in (0, 120):
        problems.append("%d of 120 cases failed: the cases do not cover both" % errors)
    report("pipeline: NDJSON fast path = cJSON on 120 random files "
           "(%d with an error)" % errors, problems)


# ---- one set of responses in every input shape -------------------------------

MODES = ["remote", "on-site, \"HQ\"", "hybrid (etätyö)"]


def responses(rng, n, teams):
    rows = []
    for k in range(n):
        ans = {i: (None if rng.random() < 0.1 else rng.randrange(1, 6)) for i in ITEMS24}
        rows.append({"id": "r%04d" % k, "team": "Org/Unit %d/Team %d" % (k % 3, k % teams),
                     "mode": rng.choice(MODES), "answers": ans})
    return rows


def ndjson_text(rng, rows, attrs):
    out = []
    for r in rows:
        items = list(r["answers"].items())
        rng.shuffle(items)
        obj = [("id", r["id"]), ("team", r["team"]), ("answers", dict(items))]
        if attrs:
            obj.append(("attributes", {"work_mode": r["mode"]}))
        rng.shuffle(obj)
        out.append(json.dumps(dict(obj), ensure_ascii=rng.random() < 0.5) + "\n")
    return "".join(out)


def table_rows(rows):
    yield ["id", "team", "work_mode"] + ITEMS24
    for r in rows:
        yield [r["id"], r["team"], r["mode"]] + [r["answers"][i] for i in ITEMS24]


def write_shapes(d, rows):
    rng = random.Random(5)
    paths = {}
    paths["ndjson+attributes"] = os.path.join(d, "a.ndjson")
    write(paths["ndjson+attributes"], ndjson_text(rng, rows, True))
    paths["ndjson"] = os.path.join(d, "b.ndjson")
    write(paths["ndjson"], ndjson_text(rng, rows, False))
    doc = {"instrument": "bpnsfs-work", "responses": [
        {"id": r["id"], "team": r["team"], "attributes": {"work_mode": r["mode"]},
         "answers": r["answers"]} for r in rows]}
    paths["json"] = os.path.join(d, "c.json")
    write(paths["json"], json.dumps(doc, indent=1, ensure_ascii=False))
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    for row in table_rows(rows):
        w.writerow(["" if v is None else v for v in row])
    paths["csv"] = os.path.join(d, "d.csv")
    write(paths["csv"], buf.getvalue())
    import openpyxl
    wb = openpyxl.Workbook()
    for row in table_rows(rows):
        wb.active.append(row)
    paths["xlsx"] = os.path.join(d, "e.xlsx")
    wb.save(paths["xlsx"])
    return paths


def test_shapes(d):
    rows = responses(random.Random(3), 600, 12)
    paths = write_shapes(d, rows)
    outs, problems = {}, []
    for shape, path in paths.items():
        sc = run("score", "-i", "bpnsfs-work", path).stdout
        for threads in ("1", "2"):
            st = run("stats", "-i", "bpnsfs-work", "--format", "json", "--threads",
                     threads, path).stdout
            outs["%s, %s thread(s)" % (shape, threads)] = (sc, st)
    # Byte-identical everywhere: the accumulators are exact, so two byte
    # ranges merged give the bits of one pass (test_exact.py does this on
    # 20 000 rows, with shards).
    ref_name, ref = next(iter(outs.items()))
    for name, got in outs.items():
        if got[0] != ref[0]:
            problems.append("score of %s differs from %s" % (name, ref_name))
        if got[1] != ref[1]:
            problems.append("stats of %s differs from %s" % (name, ref_name))
    # the score file read back: every respondent, in input order
    got_ids = [l.split(",")[0] for l in ref[0].splitlines()[1:]]
    if got_ids != [r["id"] for r in rows]:
        problems.append("score rows are not the %d respondents in order" % len(rows))
    if json.loads(ref[1])["rows"] != len(rows):
        problems.append("stats rows %r" % json.loads(ref[1])["rows"])
    report("pipeline: %d respondents as %s at 1 and 2 threads: identical score and "
           "stats output" % (len(rows), ", ".join(paths)), problems)


# ---- JSON documents streamed -----------------------------------------------

def test_json_document(d):
    """Members in any order (responses first), a wave, answers cJSON reads
    (4.0) beside plain ones: the same scores as the CSV of those rows; a
    syntax error in the third element is placed where it is; a 200 000-
    respondent document is read in less than 64 MiB."""
    rows = responses(random.Random(9), 300, 7)
    elems = []
    for k, r in enumerate(rows):
        ans = json.dumps(r["answers"])
        if k % 3 == 0:  # whole numbers written as fractions: the slow path
            ans = re.sub(r": (\d)", r": \1.0", ans)
        elems.append('{"answers": %s, "id": "%s", "team": %s}'
                     % (ans, r["id"], json.dumps(r["team"])))
    doc = os.path.join(d, "doc.json")
    write(doc, '{"responses": [\n  ' + ",\n  ".join(elems) +
          '\n], "wave": "2026-11", "instrument": "bpnsfs-work"}\n')
    table = os.path.join(d, "doc.csv")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for row in table_rows(rows):
        w.writerow(["" if v is None else v for v in row])
    write(table, buf.getvalue())
    problems = []
    a = run("score", "-i", "bpnsfs-work", doc).stdout
    b = run("score", "-i", "bpnsfs-work", "--attributes", "work_mode", table).stdout
    if a != b or len(a.splitlines()) != len(rows) + 1:
        problems.append("scores of the document differ from the CSV's")
    # a doubled comma in the third element: line 4 (the document's first
    # line is "{"responses": ["), just after the second comma, where cJSON
    # stops (as the whole-document parse did)
    bad_elems = list(elems)
    bad_elems[2] = bad_elems[2].replace(", ", ",, ", 1)
    write(doc, '{"responses": [\n  ' + ",\n  ".join(bad_elems) +
          '\n], "instrument": "bpnsfs-work"}\n')
    col = 2 + bad_elems[2].index(",,") + 3
    p = run("score", "-i", "bpnsfs-work", doc, check=False)
    want = "doc.json:4:%d: JSON syntax error" % col
    if p.returncode != 1 or want not in p.stderr:
        problems.append("syntax error: exit %d, %r (want %r)" % (p.returncode, p.stderr, want))
    report("pipeline: a JSON document with members in any order is streamed "
           "(scores = CSV; a syntax error placed)", problems)


def test_json_memory(d):
    rng = random.Random(4)
    doc = os.path.join(d, "big.json")
    with open(doc, "w") as f:
        f.write('{"instrument": "bpnsfs-work", "responses": [\n')
        for k in range(200000):
            ans = ",".join('"%s":%s' % (i, rng.choice("12345") if rng.random() > 0.1
                                        else "null") for i in ITEMS24)
            f.write('%s{"id":"r%06d","team":"Org/T%d","attributes":{"work_mode":"%s"},'
                    '"answers":{%s}}' % (",\n" if k else "", k, k % 400,
                                         rng.choice(MODES).replace('"', '\\"'), ans))
        f.write("\n]}\n")
    size = os.path.getsize(doc)
    t = subprocess.run(["/usr/bin/time", "-f", "%M", SDT, "stats", "-i", "bpnsfs-work",
                        "--partial", "-o", os.devnull, "--threads", "1", doc],
                       capture_output=True, text=True)
    peak = int(t.stderr.strip().splitlines()[-1]) / 1024.0
    problems = [] if t.returncode == 0 else ["exit %d: %s" % (t.returncode, t.stderr[-300:])]
    if "200000 read" not in t.stderr:
        problems.append("not 200000 read: %s" % t.stderr[-300:])
    if peak >= 64:
        problems.append("peak %.1f MiB" % peak)
    report("pipeline: a %.0f MB JSON document of 200000 respondents read in "
           "%.1f MiB (< 64)" % (size / 1e6, peak), problems)


def main():
    with tempfile.TemporaryDirectory() as d:
        inst = os.path.join(d, "inst.json")
        write(inst, json.dumps(TINY))
        test_wide_header(d, inst)
        attrs = ["attr%d" % k for k in range(WIDE)]
        # the repeat is the last column, the first name far before it
        expect_error(d, inst, "repeat", ["id", "a1", "a2"] + attrs + ["attr0"],
                     "%s:1: column 'attr0' appears twice in the header"
                     % os.path.join(d, "repeat.csv"))
        expect_error(d, inst, "missing_item", ["id", "a1"] + attrs,
                     "no column for item a2: scale a would be scored without it")
        expect_error(d, inst, "misnamed_item", ["id", "a1"] + attrs + ["A 2"],
                     "column 'A 2' looks like item a2")
        test_fast_path(d)
        test_shapes(d)
        test_json_document(d)
        test_json_memory(d)
    finish()


if __name__ == "__main__":
    main()
