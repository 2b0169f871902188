#!/usr/bin/python3
"""`sdtscore stats --threads N`: the figures of one pass, whatever N.

Every reference dataset (NDJSON and CSV) and a simulated file are read
with --threads 1 and with 2, 3, 4 and 7 threads; every number must agree
to 1e-12 relative. Errors must not depend on N either: a duplicate id
across ranges, a bad value late in a file, CSV row numbers after blank
lines, quoted line ends (one thread), and several files.

Env: SDT, SHARED. Prints PASS/FAIL lines.
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numcmp  # noqa: E402
import sdtcheck as sc  # noqa: E402

THREADS = (2, 3, 4, 7)


def stats(inst, files, threads, extra=(), check=True):
    return sc.run("stats", "-i", inst, "--format", "json", "--min-group", "1", "--no-protection",
                  "--threads", str(threads), *extra, *files, check=check)


def same_figures(name, inst, files, extra=()):
    one = json.loads(stats(inst, files, 1, extra).stdout)
    problems, numbers = [], 0
    for t in THREADS:
        d = numcmp.diff(one, json.loads(stats(inst, files, t, extra).stdout))
        numbers = d["numbers"]
        problems += ["threads %d: %s" % (t, p) for p in d["problems"]]
    sc.report("threads/%s (%d numbers)" % (name, numbers), problems)


def same_error(name, inst, files, extra=()):
    one = stats(inst, files, 1, extra, check=False)
    problems = []
    if one.returncode == 0:
        problems.append("the single pass did not fail")
    for t in THREADS:
        p = stats(inst, files, t, extra, check=False)
        if (p.returncode, p.stderr) != (one.returncode, one.stderr):
            problems.append("threads %d: exit %d %r, one pass: exit %d %r" % (
                t, p.returncode, p.stderr.strip(), one.returncode, one.stderr.strip()))
    sc.report("threads/error/%s" % name, problems)


def write(path, lines):
    with open(path, "w", newline="") as f:
        f.writelines(lines)
    return path


def main():
    tmp = tempfile.mkdtemp()
    for ds in sc.DATASETS:
        inst = os.path.join(sc.REF, ds, "instrument.json")
        for f in sc.inputs(ds):
            if not f.endswith(".json"):
                same_figures("%s/%s" % (ds, os.path.basename(f)), inst, [f])
    sim = os.path.join(tmp, "sim.ndjson")
    sc.run("simulate", "-i", "bpnsfs-work", "--respondents", "20000", "--teams",
           "60", "--seed", "3", "-o", sim)
    simcsv = os.path.join(tmp, "sim.csv")
    sc.run("simulate", "-i", "bpnsfs-work", "--respondents", "20000", "--teams",
           "60", "--seed", "4", "-o", simcsv)
    same_figures("simulated.ndjson", "bpnsfs-work", [sim])
    same_figures("simulated.csv", "bpnsfs-work", [simcsv])
    ref = os.path.join(sc.REF, "bpnsfs24")
    same_figures("listwise", os.path.join(ref, "instrument.json"),
                 [os.path.join(ref, "responses.ndjson")], extra=("--missing", "listwise"))
    with open(sim) as f:
        lines = f.readlines()
    with open(simcsv) as f:
        clines = f.readlines()
    same_figures("two-files", "bpnsfs-work", [
        write(os.path.join(tmp, "first.ndjson"), lines[:9000]),
        write(os.path.join(tmp, "second.csv"), [clines[0]] + clines[9001:])])
    # A duplicate id far from its first appearance (another range).
    dup = lines[:15000] + [lines[10]] + lines[15000:]
    same_error("duplicate-across-ranges", "bpnsfs-work", [write(os.path.join(tmp, "dup.ndjson"), dup)])
    # A bad value late in the file, and a duplicate after it: the bad value wins.
    bad = list(lines)
    bad[17000] = bad[17000].replace('"bpnsfs01":', '"bpnsfs01":9,"x_":', 1)
    bad = bad[:18000] + [lines[5]] + bad[18000:]
    same_error("bad-value-late", "bpnsfs-work", [write(os.path.join(tmp, "bad.ndjson"), bad)])
    # Blank lines shift line numbers (NDJSON) but not CSV record numbers.
    blank = lines[:3000] + ["\n", "  \n"] + lines[3000:12000] + ["\n"] + [lines[1]] + lines[12000:]
    same_error("ndjson-blank-lines", "bpnsfs-work", [write(os.path.join(tmp, "blank.ndjson"), blank)])
    crlf = [l.rstrip("\n") + "\r\n" for l in clines]
    cb = crlf[:4000] + ["\r\n", "   \r\n"] + crlf[4000:16000] + [crlf[7]] + crlf[16000:]
    same_error("csv-crlf-blank-rows", "bpnsfs-work", [write(os.path.join(tmp, "blank.csv"), cb)])
    cbad = list(clines)
    cbad[19000] = cbad[19000].rstrip("\n").rsplit(",", 1)[0] + ",7\n"
    same_error("csv-bad-value-late", "bpnsfs-work", [write(os.path.join(tmp, "cbad.csv"), cbad)])
    # Quoted line ends (refused in any cell, as control characters): early,
    # the file is read in one pass; late, inside the last range. Either
    # way the row named is the same.
    for at in (100, 19500):
        q = list(clines)
        i = q[at].index(",", q[at].index(",") + 1)
        q[at] = q[at][:i] + ',"x\ny"' + q[at][q[at].index(",", i + 1):]
        q[0] = q[0].replace("team,", "team,note,", 1)
        q = [q[0]] + [l if k + 1 == at else l.replace(",", ",,", 2).replace(",,", ",", 1)
                      for k, l in enumerate(q[1:])]
        same_error("csv-quoted-newline-row%d" % at, "bpnsfs-work",
                   [write(os.path.join(tmp, "q%d.csv" % at), q)])
    # Duplicates across files, and --duplicates=first (one pass) with rejects.
    part2 = write(os.path.join(tmp, "part2.ndjson"), lines[5000:5010])
    same_error("duplicate-across-files", "bpnsfs-work", [sim, part2])
    rej = {}
    for t in (1, 4):
        r = os.path.join(tmp, "rej%d.csv" % t)
        stats("bpnsfs-work", [sim, part2], t, extra=("--duplicates", "first", "--rejects", r))
        with open(r) as f:
            rej[t] = f.read()
    sc.report("threads/duplicates-first-rejects", [] if rej[1] == rej[4] and rej[1].count("\n") == 11
              else ["rejects differ or wrong: %r" % rej[4][:200]])
    # Standard input is one pass.
    p = sc.run("stats", "-i", "bpnsfs-work", "--format", "json", "--threads", "4",
               "--input-format", "ndjson", "-", stdin="".join(lines[:500]), check=False)
    sc.report("threads/stdin", [] if p.returncode == 0 else [p.stderr.strip()])
    p = sc.run("stats", "-i", "bpnsfs-work", "--threads", "0", sim, check=False)
    sc.report("threads/zero-is-usage-error", [] if p.returncode == 2 else ["exit %d" % p.returncode])
    sc.finish()


if __name__ == "__main__":
    main()
