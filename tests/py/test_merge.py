#!/usr/bin/python3
"""`sdtscore stats --partial` + `sdtscore merge`: shards merge into the
figures of one run.

Each reference dataset's responses.ndjson is split into 2 and 3 shards;
each shard's partial is merged, and EVERY number of the merged
`--format json --min-group 1` output is compared with the single run's
(1e-12 relative), and with expected.json (the reference tolerances).
One partial of the whole file, merged alone, must give the single run's
output exactly, every number bit for bit: the merge then adds nothing,
so only the partial's own numbers (written with %.17g) could differ.
Partials of different instruments or options, and damaged partials, are
refused with exit 1 and a message naming both / the place.

Env: SDT, SHARED. Prints PASS/FAIL lines.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numcmp  # noqa: E402
import sdtcheck as sc  # noqa: E402
import test_reference_stats as trs  # noqa: E402


def stats_json(inst, *files, extra=()):
    """A single run's JSON without the teams' "focus": partials carry no
    answer cells of the hierarchy, so merge gives none (README)."""
    p = sc.run("stats", "-i", inst, "--format", "json", "--min-group", "1", "--no-protection",
               *extra, *files)
    doc = json.loads(p.stdout)
    for t in doc["teams"]:
        t.pop("focus", None)
    return doc


def partial(inst, src, out, extra=()):
    sc.run("stats", "--partial", "-i", inst, *extra, "-o", out, src)


def shards(lines, k, tmp, tag):
    """Write lines as k contiguous shards; return their paths."""
    paths, n = [], len(lines)
    for i in range(k):
        p = os.path.join(tmp, "%s-shard%d.ndjson" % (tag, i))
        with open(p, "w") as f:
            f.writelines(lines[n * i // k:n * (i + 1) // k])
        paths.append(p)
    return paths


def check_expected(ds, out):
    """The merged output against R's expected.json."""
    with open(os.path.join(sc.REF, ds, "expected.json")) as f:
        expected = json.load(f)
    cmp = trs.Cmp()
    for k, e in expected.items():
        if k in trs.METADATA:
            continue
        if k == "scales":
            trs.scales_cmp(e, out.get("scales"), "scales", cmp)
        elif k == "teams":
            trs.teams_cmp(e, out.get("teams"), "teams", cmp)
        else:
            cmp.value(e, out.get(trs.RENAME.get(k, k)), k, trs.RENAME.get(k, k))
    return cmp.problems


def dataset(ds, tmp):
    inst = os.path.join(sc.REF, ds, "instrument.json")
    src = os.path.join(sc.REF, ds, "responses.ndjson")
    single = stats_json(inst, src, extra=("--threads", "1"))
    with open(src) as f:
        lines = f.readlines()
    whole = os.path.join(tmp, "%s-whole.partial.json" % ds)
    partial(inst, src, whole, extra=("--threads", "1"))
    p = sc.run("merge", "-i", inst, "--format", "json", "--min-group", "1", "--no-protection",
               whole)
    merged = json.loads(p.stdout)
    same = [k for k in single if single[k] != merged.get(k)]
    sc.report("merge/%s/one-partial-exactly" % ds,
              ["%s differs: %.300s" % (k, json.dumps(merged.get(k))) for k in same[:2]])
    for k in (2, 3):
        parts = []
        for i, s in enumerate(shards(lines, k, tmp, "%s-%d" % (ds, k))):
            parts.append(s + ".partial.json")
            partial(inst, s, parts[-1])
        p = sc.run("merge", "-i", inst, "--format", "json", "--min-group", "1", "--no-protection",
                   *parts)
        merged = json.loads(p.stdout)
        d = numcmp.diff(single, merged)
        problems = d["problems"] + check_expected(ds, merged)
        if "%d read" % len(lines) not in p.stderr:
            problems.append("summary: %s" % p.stderr.strip())
        sc.report("merge/%s/%d-shards (%d numbers)" % (ds, k, d["numbers"]),
                  problems)


def refusals(tmp):
    a = os.path.join(sc.REF, "bpnsfs24")
    b = os.path.join(sc.REF, "pulse12")
    pa, pb = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
    pl = os.path.join(tmp, "a-listwise.json")
    partial(os.path.join(a, "instrument.json"), os.path.join(a, "responses.ndjson"), pa)
    partial(os.path.join(b, "instrument.json"), os.path.join(b, "responses.ndjson"), pb)
    partial(os.path.join(a, "instrument.json"), os.path.join(a, "responses.csv"), pl,
            extra=("--missing", "listwise"))
    p = sc.run("merge", "-i", os.path.join(a, "instrument.json"), pa, pb, check=False)
    problems = []
    if p.returncode != 1:
        problems.append("exit %d" % p.returncode)
    for want in ("ref-bpnsfs24", "ref-pulse12", "b.json", "a.json",
                 "different instruments"):
        if want not in p.stderr:
            problems.append("message lacks %r: %s" % (want, p.stderr.strip()))
    sc.report("merge/refuses-different-instruments", problems)

    p = sc.run("merge", "-i", os.path.join(a, "instrument.json"), pa, pl, check=False)
    problems = [] if p.returncode == 1 else ["exit %d" % p.returncode]
    if "listwise" not in p.stderr or "pairwise" not in p.stderr:
        problems.append("message: %s" % p.stderr.strip())
    sc.report("merge/refuses-different-options", problems)

    # A damaged number: the message names line:column and the JSON path.
    with open(pa) as f:
        text = f.read()
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        f.write(text.replace('"rows": ', '"rows": "x", "_": ', 1))
    p = sc.run("merge", "-i", os.path.join(a, "instrument.json"), pa, bad, check=False)
    problems = [] if p.returncode == 1 else ["exit %d" % p.returncode]
    if "bad.json:" not in p.stderr or "$." not in p.stderr:
        problems.append("message: %s" % p.stderr.strip())
    sc.report("merge/damaged-partial-positioned", problems)

    damaged = re.sub(r'"items": \[\[[0-9]+', '"items": [[-1', text, count=1)
    with open(bad, "w") as f:
        f.write(damaged)
    # the place of the -1, counted here (partials are one line)
    off = damaged.index('"items": [[-1') + len('"items": [[')
    place = ":%d:%d:" % (damaged.count("\n", 0, off) + 1, off - damaged.rfind("\n", 0, off))
    p = sc.run("merge", "-i", os.path.join(a, "instrument.json"), bad, check=False)
    problems = [] if p.returncode == 1 else ["exit %d" % p.returncode]
    if place not in p.stderr or "$.items[0][0]" not in p.stderr:
        problems.append("message: %s" % p.stderr.strip())
    sc.report("merge/bad-count-positioned", problems)

    p = sc.run("merge", "-i", os.path.join(a, "instrument.json"), "--format",
               "table", pa, check=False)
    sc.report("merge/table", [] if p.returncode == 0 and "Scale " in p.stdout
              else ["exit %d: %s" % (p.returncode, p.stderr.strip())])


def bundled(tmp):
    """Without -i, the bundled instrument the partials name is used."""
    sim = os.path.join(tmp, "sim.ndjson")
    sc.run("simulate", "-i", "bpnsfs-work", "--respondents", "3000", "--teams",
           "12", "--seed", "5", "-o", sim)
    with open(sim) as f:
        lines = f.readlines()
    parts = []
    for i, s in enumerate(shards(lines, 3, tmp, "sim")):
        parts.append(s + ".partial.json")
        partial("bpnsfs-work", s, parts[-1], extra=("--threads", "2"))
    single = stats_json("bpnsfs-work", sim, extra=("--threads", "1"))
    merged = json.loads(sc.run("merge", "--format", "json", "--min-group", "1", "--no-protection",
                               *parts).stdout)
    d = numcmp.diff(single, merged)
    sc.report("merge/bundled-simulated (%d numbers)" % d["numbers"], d["problems"])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for ds in sc.DATASETS:
            dataset(ds, tmp)
        refusals(tmp)
        bundled(tmp)
    sc.finish()


if __name__ == "__main__":
    main()
