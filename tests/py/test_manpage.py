"""Every command in the man page's EXAMPLES section runs, exits 0, and says
or writes what the page promises, from a scratch copy of the examples
folder, in the page's order (merge reads the partial stats wrote).

What each must give, computed here from the inputs, not from sdtscore:
  instruments   one line per instruments/*.json: id, version, title
  validate      the instrument's item, scale and composite counts; the
                columns taken for id, team, items and attribute; the rows
                read, accepted and scored
  score         every respondent's scale scores (mean of the answered
                items when min_answered are) and composites (weighted
                mean of all their scales), with the answered counts
  stats         rows, and each scale's n and mean; each team's n and
                means (--min-group 1 --no-protection: every team shown)
  merge         of the one partial: the same rows and scale means
  simulate      the asked respondents, teams and items, answers in range,
                the same file again for the same seed
  batch         a report (and an anonymised benchmark) per organisation,
                summary.csv with each one's rows, and the benchmark"""
import csv
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import tempfile

from sdtcheck import SDT, close, finish, report

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
INSTRUMENTS = os.path.join(TOP, "instruments")


def examples():
    text = open(os.path.join(TOP, "sdtscore.1")).read()
    section = text.split(".SH EXAMPLES", 1)[1].split(".SH ", 1)[0]
    for block in re.findall(r"\.EX\n(.*?)\n\.EE", section, re.S):
        for line in block.splitlines():
            if line.startswith("sdtscore "):
                yield line.replace("\\-", "-")


def instrument(spec):
    with open(os.path.join(INSTRUMENTS, spec + ".json")) as f:
        return json.load(f)


def en(x):
    return x.get("en") if isinstance(x, dict) else x


def options(args):
    """(positional arguments, {option: value}) of a command line."""
    pos, opt, k = [], {}, 0
    while k < len(args):
        if args[k].startswith("-"):
            if k + 1 < len(args) and not args[k + 1].startswith("-") and \
                    args[k] not in ("--no-protection", "--partial", "--anonymise-orgs"):
                opt[args[k]] = args[k + 1]
                k += 1
            else:
                opt[args[k]] = True
        else:
            pos.append(args[k])
        k += 1
    return pos, opt


def scores_of(ins, path):
    """{id: (team, {scale or composite: score or None}, {scale: answered})}."""
    lo, hi = ins["response_scale"]["min"], ins["response_scale"]["max"]
    rev = {i["id"] for i in ins["items"] if i["reverse"]}
    out = {}
    for r in csv.DictReader(open(path, newline="", encoding="utf-8")):
        sc, ans = {}, {}
        for s in ins["scales"]:
            vals = [lo + hi - int(r[i]) if i in rev else int(r[i]) for i in s["items"] if r[i]]
            ans[s["id"]] = len(vals)
            sc[s["id"]] = math.fsum(vals) / len(vals) if vals and \
                len(vals) >= s["min_answered"] else None
        for c in ins.get("composites", []):
            ws = c.get("weights", [1] * len(c["scales"]))
            xs = [sc[s] for s in c["scales"]]
            sc[c["id"]] = None if None in xs else \
                math.fsum(w * x for w, x in zip(ws, xs)) / math.fsum(ws)
        out[r["id"]] = (r["team"], sc, ans)
    return out


def mean(xs):
    return math.fsum(xs) / len(xs) if xs else None


class Checks:
    def __init__(self, tmp):
        self.tmp = tmp

    def instruments(self, pos, opt, p):
        want = []
        for f in sorted(os.listdir(INSTRUMENTS)):
            if f.endswith(".json"):
                d = instrument(f[:-5])
                want.append((d["id"], d["version"], en(d["title"])))
        got = [ln.split(None, 2) for ln in p.stdout.splitlines()]
        return [] if got == [list(w) for w in want] else ["listed %r, expected %r" % (got, want)]

    def validate(self, pos, opt, p):
        ins = instrument(opt["-i"])
        rows = scores_of(ins, os.path.join(self.tmp, pos[0]))
        scored = sum(any(v is not None for k, v in sc.items()
                         if k in {s["id"] for s in ins["scales"]}) for _, sc, _ in rows.values())
        want = ["instrument %s %s: ok (%d items, %d scales, %d composites)" % (
                    ins["id"], ins["version"], len(ins["items"]), len(ins["scales"]),
                    len(ins.get("composites", []))),
                "responses: ok (%d read, %d accepted, %d scored, 0 left out)" % (
                    len(rows), len(rows), scored)]
        got = p.stdout.splitlines()
        # between them, what each column of the file was taken for
        with open(os.path.join(self.tmp, pos[0])) as f:
            head = f.readline().strip().split(",")
        cols = "columns of %s: id: %s; team: %s; items: %s" % (pos[0], head[0], head[1], head[3])
        if len(got) != 3 or [got[0], got[2]] != want or not got[1].startswith(
                cols) or not got[1].endswith("attribute: " + head[2]):
            return ["said %r, expected %r around a line of the columns" % (p.stdout, want)]
        return []

    def score(self, pos, opt, p):
        ins = instrument(opt["-i"])
        want = scores_of(ins, os.path.join(self.tmp, pos[0]))
        got = list(csv.DictReader(open(os.path.join(self.tmp, opt["-o"]), newline="")))
        problems = [] if [g["id"] for g in got] == list(want) else ["ids differ"]
        for g in got:
            team, sc, ans = want.get(g["id"], (None, {}, {}))
            for k, v in sc.items():
                x = float(g[k]) if g[k] != "" else None
                if g["team"] != team or not close(x, v, rel=1e-12, abs_=1e-12):
                    problems.append("%s %s: %r, expected %r" % (g["id"], k, g[k], v))
            for k, n in ans.items():
                if int(g[k + "_answered"]) != n:
                    problems.append("%s %s answered %s, expected %d" % (g["id"], k, g[k + "_answered"], n))
        return problems[:5] + (["%d rows" % len(got)] if len(got) < 100 else [])

    def org_figures(self, ins, data, doc, teams):
        """rows and scale n/mean of a stats or merge JSON; teams too."""
        want = scores_of(ins, data)
        problems = [] if doc["rows"] == len(want) else ["rows %r" % doc["rows"]]
        for s in doc["scales"]:
            xs = [sc[s["id"]] for _, sc, _ in want.values() if sc[s["id"]] is not None]
            if s["n"] != len(xs) or not close(s["mean"], mean(xs), rel=1e-12):
                problems.append("%s: n %r mean %r, expected %d %r" % (s["id"], s["n"], s["mean"],
                                                                      len(xs), mean(xs)))
        for t in doc["teams"] if teams else []:
            mine = [sc for tm, sc, _ in want.values() if tm == t["team"]]
            if t["n"] != len(mine) or t["suppressed"]:
                problems.append("team %s: n %r, suppressed %r" % (t["team"], t["n"], t["suppressed"]))
                continue
            for s in t["scales"]:
                m = mean([sc[s["id"]] for sc in mine if sc[s["id"]] is not None])
                if not close(s["mean"], m, rel=1e-12):
                    problems.append("team %s %s: %r, expected %r" % (t["team"], s["id"], s["mean"], m))
        if teams and len(doc["teams"]) != len({tm for tm, _, _ in want.values() if tm}):
            problems.append("%d teams" % len(doc["teams"]))
        return problems[:5]

    def stats(self, pos, opt, p):
        ins = instrument(opt["-i"])
        self.data = os.path.join(self.tmp, pos[0])
        if "--partial" in opt:
            with open(os.path.join(self.tmp, opt["-o"])) as f:
                doc = json.load(f)
            return [] if doc.get("format") == "sdtscore-partial/2" and doc["rows"] == \
                len(scores_of(ins, self.data)) else ["partial: %r" % {k: doc.get(k) for k in
                                                                      ("format", "rows")}]
        return self.org_figures(ins, self.data, json.loads(p.stdout), True)

    def merge(self, pos, opt, p):
        doc = json.loads(p.stdout)
        return self.org_figures(instrument(doc["instrument"]), self.data, doc, False)

    def simulate(self, pos, opt, p):
        ins = instrument(opt["-i"])
        lo, hi = ins["response_scale"]["min"], ins["response_scale"]["max"]
        path = os.path.join(self.tmp, opt["-o"])
        rows = list(csv.DictReader(open(path, newline="")))
        items = [i["id"] for i in ins["items"]]
        problems = []
        if len(rows) != int(opt["--respondents"]) or \
                len({r["team"] for r in rows}) != int(opt["--teams"]):
            problems.append("%d rows in %d teams" % (len(rows), len({r["team"] for r in rows})))
        if list(rows[0].keys()) != ["id", "team"] + items:
            problems.append("columns %r" % list(rows[0].keys()))
        if any(r[i] != "" and not lo <= int(r[i]) <= hi for r in rows for i in items):
            problems.append("an answer out of %d..%d" % (lo, hi))
        again = os.path.join(self.tmp, "again.csv")
        subprocess.run([SDT, "simulate", "-i", opt["-i"], "--respondents", opt["--respondents"],
                        "--teams", opt["--teams"], "--seed", opt["--seed"], "-o", again],
                       capture_output=True)
        if open(again, "rb").read() != open(path, "rb").read():
            problems.append("the same seed gave another file")
        return problems

    def batch(self, pos, opt, p):
        src, out = os.path.join(self.tmp, pos[0]), os.path.join(self.tmp, opt["-o"])
        orgs = sorted(os.listdir(src))
        summary = list(csv.DictReader(open(os.path.join(out, "summary.csv"), newline="")))
        problems = []
        for org, row in zip(orgs, summary):
            n = sum(1 for _ in open(os.path.join(src, org, "responses.csv"))) - 1
            folder = os.path.join(out, org.replace(" ", "_"))
            if row["organisation"] != org or int(row["rows"]) != n or row["status"] != "ok":
                problems.append("summary %r, expected %s with %d rows" % (row, org, n))
            for f in ("report.xlsx", "benchmark.xlsx"):
                if not os.path.getsize(os.path.join(folder, f)):
                    problems.append("%s/%s empty" % (org, f))
        if len(summary) != len(orgs) or not os.path.getsize(os.path.join(out, "benchmark.xlsx")):
            problems.append("%d summary rows for %d organisations" % (len(summary), len(orgs)))
        return problems


def main():
    found = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in os.listdir(os.path.join(TOP, "examples")):
            src = os.path.join(TOP, "examples", name)
            if os.path.isfile(src):
                shutil.copy(src, tmp)
            elif os.path.isdir(src) and name != "out":
                shutil.copytree(src, os.path.join(tmp, name))
        checks = Checks(tmp)
        for line in examples():
            found += 1
            args = shlex.split(line)[1:]
            p = subprocess.run([SDT, *args], cwd=tmp, capture_output=True, text=True)
            name = "manpage/%s" % " ".join(a for a in args if a != "-i")[:60]
            if p.returncode != 0:
                report(name, ["exit %d: %s" % (p.returncode, p.stderr.strip()[:200])])
                continue
            check = getattr(checks, args[0], None)
            if check is None:
                report(name, ["no check of what `sdtscore %s` gives: write one here" % args[0]])
                continue
            try:
                pos, opt = options(args[1:])
                report(name, check(pos, opt, p))
            except Exception as exc:  # a crash is a failure, not an abort
                report(name, ["%s: %s" % (type(exc).__name__, exc)])
    report("manpage/has-examples", [] if found >= 3 else ["only %d examples" % found])


main()
finish()
