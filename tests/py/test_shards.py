"""Issue 17, shards any engine can drive: `sdtscore shard --by-id-hash N`
puts each id where FNV-1a 64 (computed here) says; a real GNU parallel
pipeline (4 shards -> one-line partials on standard output -> merges
chained with `merge --partial -`) and an `xargs -P` one give the single
run's statistics to 1e-12; a partial of another definition of the same
instrument id and version is refused (digest); a repeated id split over
the input is still caught in its shard."""
import json
import os
import shutil
import subprocess
import tempfile

import numcmp
from sdtcheck import SDT, finish, report, run

def fnv1a64(s):
    h = 14695981039346656037
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 1099511628211) % 2 ** 64
    return h


def sh(cmd, cwd):
    return subprocess.run(["sh", "-c", cmd], cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, SDT=SDT))


def test_shard_hash(d, data):
    out = os.path.join(d, "shards")
    run("shard", "-i", "bpnsfs-work", "--by-id-hash", "4", "-o", out, data)
    problems, seen = [], 0
    for k in range(4):
        with open(os.path.join(out, "shard-%d.ndjson" % k), encoding="utf-8") as f:
            for line in f:
                rid = json.loads(line)["id"]
                seen += 1
                if fnv1a64(rid) % 4 != k:
                    problems.append("%s in shard %d, FNV-1a says %d" % (rid, k, fnv1a64(rid) % 4))
    if seen != 2000:
        problems.append("%d responses in the shards, not 2000" % seen)
    report("shards: every id in shard FNV-1a 64 mod 4 (%d responses)" % seen, problems)
    return out


def compare(name, got_text, single):
    problems = []
    try:
        got = json.loads(got_text)
    except ValueError:
        problems.append("not JSON: %r" % got_text[:200])
    else:
        out = numcmp.diff(single, got)
        problems += out["problems"][:5]
        if out["numbers"] < 100:
            problems.append("only %d numbers compared" % out["numbers"])
    report(name, problems)


def test_parallel(d, data, shards, single):
    if not shutil.which("parallel"):
        report("shards: GNU parallel pipeline", ["GNU parallel is not installed "
                                                 "(sh tools/deps.sh)"])
        return
    # the README's recipe: 4 partials in parallel, reduced in a tree
    # (two merges of two, then one of those two), every step on a pipe
    cmd = ('ls shards/*.ndjson | parallel -j 2 --keep-order "$SDT" stats --partial -o - '
           '-i bpnsfs-work {} > parts.txt && '
           'head -2 parts.txt | "$SDT" merge --partial - > ab.txt && '
           'tail -2 parts.txt | "$SDT" merge --partial - > cd.txt && '
           'cat ab.txt cd.txt | "$SDT" merge --format json -')
    p = sh(cmd, d)
    problems = [] if p.returncode == 0 else ["exit %d: %s" % (p.returncode, p.stderr[-400:])]
    lines = open(os.path.join(d, "parts.txt")).read().splitlines() if not problems else []
    if not problems and (len(lines) != 4 or any(not l.startswith('{"format"') for l in lines)):
        problems.append("parts.txt is not 4 one-line partials")
    if problems:
        report("shards: GNU parallel pipeline", problems)
        return
    compare("shards: GNU parallel, 4 shards -> partials -> chained merge = one run (1e-12)",
            p.stdout, single)
    # a file per job: concurrent writers into one pipe interleave partials
    # longer than PIPE_BUF (4 KiB), which GNU parallel's grouping prevents
    p = sh('ls shards/*.ndjson | xargs -P 2 -I{} "$SDT" stats --partial -o {}.part '
           '-i bpnsfs-work {} && cat shards/*.part | "$SDT" merge --format json -', d)
    if p.returncode != 0:
        report("shards: xargs -P pipeline", ["exit %d: %s" % (p.returncode, p.stderr[-400:])])
    else:
        compare("shards: xargs -P 2, 4 shards piped to merge - = one run (1e-12)",
                p.stdout, single)


def test_digest(d, data):
    # the bundled definition with one item's keying flipped: the same id
    # and version, other figures
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                       "instruments", "bpnsfs-work.json")
    with open(src, encoding="utf-8") as f:
        ins = json.load(f)
    ins["items"][0]["reverse"] = not ins["items"][0].get("reverse", False)
    other = os.path.join(d, "other.json")
    with open(other, "w", encoding="utf-8") as f:
        json.dump(ins, f)
    a = os.path.join(d, "a.partial")
    b = os.path.join(d, "b.partial")
    run("stats", "--partial", "-o", a, "-i", "bpnsfs-work", data)
    run("stats", "--partial", "-o", b, "-i", other, data)
    problems = []
    p = run("merge", a, b, check=False)
    if p.returncode == 0 or "another definition of instrument 'bpnsfs-work'" not in p.stderr:
        problems.append("merged: exit %d, %r" % (p.returncode, p.stderr[-300:]))
    p = run("merge", "--format", "json", a, a, check=False)
    if p.returncode != 0:
        problems.append("the same definition twice: exit %d" % p.returncode)
    report("shards: a partial of another definition (same id and version) is refused",
           problems)


def test_duplicate(d, data):
    dup = os.path.join(d, "dup.ndjson")
    lines = open(data, encoding="utf-8").read().splitlines()
    # the first respondent again at the end, with other answers
    again = json.loads(lines[0])
    again["answers"]["q1"] = 1 if again["answers"]["q1"] != 1 else 2
    with open(dup, "w", encoding="utf-8") as f:
        f.write("\n".join(lines + [json.dumps(again, ensure_ascii=False)]) + "\n")
    out = os.path.join(d, "dupshards")
    run("shard", "-i", "bpnsfs-work", "--by-id-hash", "4", "-o", out, dup)
    k = fnv1a64(again["id"]) % 4
    p = run("stats", "--partial", "-o", os.devnull, "-i", "bpnsfs-work",
            os.path.join(out, "shard-%d.ndjson" % k), check=False)
    problems = []
    if p.returncode != 1 or "duplicate respondent id '%s'" % again["id"] not in p.stderr:
        problems.append("shard %d: exit %d, %r" % (k, p.returncode, p.stderr[-300:]))
    report("shards: a repeated id lands in one shard, which refuses it", problems)


def main():
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "all.ndjson")
        # simulated answers with the instrument's factor structure (omega
        # of structureless random answers is too ill-conditioned to hold
        # to 1e-12 under any change of summation order)
        run("simulate", "-i", "bpnsfs-work", "--respondents", "2000", "--teams", "30",
            "--seed", "21", "--attribute", "work_mode=remote,hybrid", "-o", data)
        single = json.loads(run("stats", "-i", "bpnsfs-work", "--format", "json",
                                "--threads", "1", data).stdout)
        for t in single.get("teams", []):
            t.pop("focus", None)  # partials carry no groups, so merge has none
        shards = test_shard_hash(d, data)
        test_parallel(d, data, shards, single)
        test_digest(d, data)
        test_duplicate(d, data)
    finish()


if __name__ == "__main__":
    main()
