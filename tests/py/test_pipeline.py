"""Issue 17, the response pipeline: a wide CSV header is checked in linear
time (a repeated name, a misnamed item and a missing item are still found
among hundreds of thousands of columns)."""
import json
import os
import tempfile
import time

from sdtcheck import finish, report, run

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
    finish()


if __name__ == "__main__":
    main()
