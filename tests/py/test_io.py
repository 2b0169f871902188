"""Hostile input and failing I/O, beyond the golden err_* cases: text that
looks like a spreadsheet formula round-trips through the score files
unchanged; an error about one respondent never shows another's answers;
the line-length limit gives an error, not a crash; a failed run keeps the
previous output and leaves no temporary file; devices and pipes are
written in place and never replaced."""
import csv
import io
import json
import os
import subprocess
import tempfile
import threading

from sdtcheck import SDT, finish, report, run

TINY = {
    "format": "sdtscore-instrument/1", "id": "tiny", "version": "1",
    "response_scale": {"min": 1, "max": 5},
    "items": [{"id": "a1", "reverse": False}, {"id": "a2", "reverse": True}],
    "scales": [{"id": "a", "items": ["a1", "a2"], "min_answered": 1}],
}

# Texts a spreadsheet would take for formulas (CSV injection), and RFC 4180
# specials. The score CSV is data for programs, so these stay plain text.
HOSTILE = ["=1+2", "+49 170 123", "-5", "@SUM(A1:A9)", "=HYPERLINK(\"http://x\")",
           "a,b", "say \"hi\"", "Äiti/Öljy", "=cmd|' /C calc'!A0", " lead"]


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def tiny(d, inst=None):
    p = os.path.join(d, "inst.json")
    write(p, json.dumps(inst or TINY))
    return p


def test_formula_text_round_trips():
    problems = []
    with tempfile.TemporaryDirectory() as d:
        ins = tiny(d)
        rows = [{"id": h, "team": "Org/" + HOSTILE[(k + 3) % len(HOSTILE)],
                 "answers": {"a1": k % 5 + 1, "a2": 3}} for k, h in enumerate(HOSTILE)]
        data = os.path.join(d, "data.ndjson")
        write(data, "".join(json.dumps(r) + "\n" for r in rows))
        out = run("score", "-i", ins, data).stdout
        got = list(csv.DictReader(io.StringIO(out, newline="")))
        want = [(r["id"], r["team"]) for r in rows]
        if [(g["id"], g["team"]) for g in got] != want:
            problems.append("CSV ids/teams differ: %r" % [(g["id"], g["team"]) for g in got][:3])
        if "\n\" lead\"," not in out:
            problems.append("a leading space is not quoted in the score CSV")
        for fmt in ("json", "ndjson"):
            out = run("score", "-i", ins, "--format", fmt, data).stdout
            recs = json.loads(out) if fmt == "json" else [json.loads(l) for l in out.splitlines()]
            if [(r["id"], r["team"]) for r in recs] != want:
                problems.append("%s ids/teams differ" % fmt)
        # And back in: the score CSV's id and team columns read as input.
        back = os.path.join(d, "back.csv")
        write(back, "id,team,a1,a2\n" + "".join(
            "%s,%s,1,1\n" % (q(r["id"]), q(r["team"])) for r in rows))
        out = run("score", "-i", ins, back).stdout
        if [(g["id"], g["team"]) for g in csv.DictReader(io.StringIO(out, newline=""))] != want:
            problems.append("CSV input does not read the same texts back")
    report("io/formula_text_round_trips", problems)


def q(s):
    """An RFC 4180 field, quoted as sdtscore quotes: when it holds , " CR or
    LF, or starts or ends with a space or tab (unquoted, those are trimmed)."""
    if any(c in s for c in ',"\r\n') or s[:1] in (" ", "\t") or s[-1:] in (" ", "\t"):
        return '"%s"' % s.replace('"', '""')
    return s


def test_errors_never_show_other_answers():
    """Respondent A answers with values nobody else uses; respondent B has a
    bad value. B's error names file, place and B, and nothing of A."""
    inst = dict(TINY, response_scale={"min": 10, "max": 99},
                items=[{"id": "x1", "reverse": False}, {"id": "x2", "reverse": False},
                       {"id": "x3", "reverse": False}],
                scales=[{"id": "x", "items": ["x1", "x2", "x3"], "min_answered": 1}])
    a = {"id": "anna-7731", "team": "Org/Secretariat",
         "attributes": {"note": "confidential-text"}, "answers": {"x1": 83, "x2": 91, "x3": 97}}
    secrets = ["83", "91", "97", "anna-7731", "Secretariat", "confidential-text"]
    bads = [("out of range", 150), ("not a number", "high"), ("fraction", 12.5)]
    problems = []
    with tempfile.TemporaryDirectory() as d:
        ins = tiny(d, inst)
        for why, bad in bads:
            b = {"id": "bo-2", "team": "Org/Ops", "answers": {"x1": 20, "x2": bad, "x3": 30}}
            files = {
                "data.ndjson": json.dumps(a) + "\n" + json.dumps(b) + "\n",
                "data.json": json.dumps({"instrument": "tiny", "responses": [a, b]}, indent=1),
                "data.csv": "id,team,note,x1,x2,x3\n%s,%s,%s,83,91,97\nbo-2,Org/Ops,,20,%s,30\n" % (
                    a["id"], a["team"], "confidential-text", bad),
            }
            for name, text in files.items():
                path = os.path.join(d, name)
                write(path, text)
                p = run("score", "-i", ins, path, check=False)
                msg = p.stderr.strip()
                place = ":3: " if name.endswith(".csv") else ":"
                if p.returncode != 1 or name not in msg or "bo-2" not in msg or place not in msg:
                    problems.append("%s/%s: %r" % (name, why, msg))
                # The temporary folder's random name may hold digits too.
                leaked = [s for s in secrets if s in msg.replace(d, "")]
                if leaked:
                    problems.append("%s/%s shows %s: %r" % (name, why, leaked, msg))
    report("io/errors_never_show_other_answers", problems)


def feed_long_line(fmt, size):
    """Pipe one line of `size` bytes into score; returns the process result."""
    p = subprocess.Popen([SDT, "score", "-i", "wcq-short", "--input-format", fmt, "-"],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    chunk = b"x" * (1 << 20)
    try:
        if fmt == "csv":
            p.stdin.write(b"id,team," + b",".join(b"q%d" % k for k in range(1, 7)) + b"\n\"")
        for _ in range(size >> 20):
            p.stdin.write(chunk)
        p.stdin.close()
    except BrokenPipeError:
        pass
    err = p.stderr.read().decode(errors="replace")
    return p.wait(), err


def test_line_length_limit():
    problems = []
    for fmt in ("ndjson", "csv"):
        rc, err = feed_long_line(fmt, 257 << 20)
        want = "sdtscore: error: -: a line is longer than 256 MiB"
        if rc != 1 or err.strip() != want:
            problems.append("%s: exit %d, %r" % (fmt, rc, err.strip()[:200]))
    report("io/line_length_limit", problems)


def test_failed_run_keeps_output():
    problems = []
    with tempfile.TemporaryDirectory() as d:
        ins = tiny(d)
        out = os.path.join(d, "out.csv")
        write(out, "previous scores\n")
        data = os.path.join(d, "data.ndjson")
        write(data, '{"id": "p1", "answers": {"a1": 1}}\n{"id": "p2", "answers": {"a1": 6}}\n')
        for args in (["score", "-o", out], ["stats", "-o", out], ["score", "--rejects", out]):
            p = run(args[0], "-i", ins, *args[1:], data, check=False)
            if p.returncode != 1:
                problems.append("%s: exit %d" % (" ".join(args[:2]), p.returncode))
            with open(out) as f:
                if f.read() != "previous scores\n":
                    problems.append("%s: the previous output was changed" % " ".join(args[:2]))
        left = [f for f in os.listdir(d) if ".tmp" in f]
        if left:
            problems.append("temporary files left: %s" % left)
    report("io/failed_run_keeps_output", problems)


def test_devices_and_pipes():
    """Output to a device or a pipe is written in place: through symlinks,
    so that a regression replaces a link here, never the system's device."""
    problems = []
    with tempfile.TemporaryDirectory() as d:
        ins = tiny(d)
        data = os.path.join(d, "data.ndjson")
        write(data, '{"id": "p1", "team": "T", "answers": {"a1": 1, "a2": 2}}\n')
        null, full = os.path.join(d, "null"), os.path.join(d, "full")
        os.symlink("/dev/null", null)
        os.symlink("/dev/full", full)
        for cmd in ("score", "stats"):
            p = run(cmd, "-i", ins, "-o", null, data, check=False)
            if p.returncode != 0 or not os.path.islink(null):
                problems.append("%s -o /dev/null: exit %d, link kept %s" % (
                    cmd, p.returncode, os.path.islink(null)))
            p = run(cmd, "-i", ins, "-o", full, data, check=False)
            if (p.returncode != 3 or not os.path.islink(full) or
                    not p.stderr.strip().endswith("full: write failed: No space left on device")):
                problems.append("%s -o /dev/full: exit %d: %r" % (cmd, p.returncode, p.stderr))
        p = run("report", "-i", ins, "-o", null, data, check=False)
        if (p.returncode != 3 or not os.path.islink(null) or "is not a regular file" not in p.stderr):
            problems.append("report -o /dev/null: exit %d: %r" % (p.returncode, p.stderr))
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
        reader.start()
        p = run("score", "-i", ins, "-o", fifo, data, check=False)
        reader.join(10)
        want = run("score", "-i", ins, data).stdout.encode()
        if p.returncode != 0 or got != [want]:
            problems.append("score -o FIFO: exit %d, got %r" % (p.returncode, got))
        left = [f for f in os.listdir(d) if ".tmp" in f]
        if left:
            problems.append("temporary files left: %s" % left)
    report("io/devices_and_pipes", problems)


def test_vanished_and_closed():
    problems = []
    with tempfile.TemporaryDirectory() as d:
        ins = tiny(d)
        gone = os.path.join(d, "gone.ndjson")
        os.symlink(os.path.join(d, "deleted.ndjson"), gone)
        p = run("score", "-i", ins, gone, check=False)
        if p.returncode != 3 or "gone.ndjson: cannot open: No such file or directory" not in p.stderr:
            problems.append("dangling input: exit %d: %r" % (p.returncode, p.stderr))
        data = os.path.join(d, "data.ndjson")
        write(data, '{"id": "p1", "team": "T", "answers": {"a1": 1, "a2": 2}}\n')
        for args in (["score", "--format", "json"], ["stats", "--format", "json"]):
            p = subprocess.run([SDT, args[0], "-i", ins, *args[1:], data],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, pass_fds=(), close_fds=True,
                               preexec_fn=lambda: os.close(1))
            if p.returncode != 3 or "standard output: write failed" not in p.stderr:
                problems.append("%s, stdout closed: exit %d: %r" % (args[0], p.returncode, p.stderr))
    report("io/vanished_input_and_closed_stdout", problems)


test_formula_text_round_trips()
test_errors_never_show_other_answers()
test_line_length_limit()
test_failed_run_keeps_output()
test_devices_and_pipes()
test_vanished_and_closed()
finish()
