"""`sdtscore score` per-respondent scores, summarised here, reproduce each
scale's n_scored, mean and sd in every reference expected.json, for every
input file of every dataset."""
import csv
import io
import json
import os

from sdtcheck import DATASETS, REF, close, finish, inputs, mean_sd, report, run


def check(ds, path, fmt):
    inst = os.path.join(REF, ds, "instrument.json")
    expected = json.load(open(os.path.join(REF, ds, "expected.json")))
    out = run("score", "-i", inst, "--format", fmt, path).stdout
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        get = lambda r, k: float(r[k]) if r[k] != "" else None
    else:
        rows = json.loads(out) if fmt == "json" else \
            [json.loads(l) for l in out.splitlines()]
        get = lambda r, k: r[k]
    problems = []
    if len(rows) != expected["n_rows"]:
        problems.append("rows %d != %d" % (len(rows), expected["n_rows"]))
    for scale, e in expected["scales"].items():
        xs = [get(r, scale) for r in rows]
        xs = [x for x in xs if x is not None]
        m, sd = mean_sd(xs)
        if len(xs) != e["n_scored"]:
            problems.append("%s n %d != %d" % (scale, len(xs), e["n_scored"]))
        if not close(m, e["mean"]):
            problems.append("%s mean %r != %r" % (scale, m, e["mean"]))
        if not close(sd, e["sd"]):
            problems.append("%s sd %r != %r" % (scale, sd, e["sd"]))
    report("score_reference/%s/%s/%s" % (ds, os.path.basename(path), fmt),
           problems)


for ds in DATASETS:
    for path in inputs(ds):
        for fmt in ("csv", "json", "ndjson"):
            try:
                check(ds, path, fmt)
            except Exception as exc:  # a crash is a failure, not an abort
                report("score_reference/%s/%s/%s" % (ds, os.path.basename(path), fmt),
                       [str(exc)])
finish()
