"""--speeder-seconds S: the careless rule `speeders` flags a response that
took less than S seconds per rating item (default 2). A crafted export of
the learning-leadership pulse (18 rating items; its eNPS and comment items
are not rating items) with durations around 2 s and 3 s an item; which rows
must be flagged is worked out here from the durations and the instrument's
rating items, for the default, S = 3 and S = 2.5, on stats (rejects, JSON
"speeder_seconds_per_item", the reason's threshold), score and report;
an S that is not a positive number is a usage error, as is 0 (which would
switch the rule off unasked), and S without the rule draws a warning."""
import csv
import json
import os
import tempfile

from sdtcheck import finish, report, run

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
INSTRUMENT = "learning-leadership-pulse"


def rating_items():
    with open(os.path.join(TOP, "instruments", INSTRUMENT + ".json")) as f:
        ins = json.load(f)
    return [i["id"] for i in ins["items"] if i.get("type", "likert") == "likert"]


def crafted(tmp, items):
    """Durations in seconds (text as an export writes them) around 2k and
    3k for k rating items, and two without a usable one."""
    k = len(items)
    durations = [2 * k - 1, 2 * k, 2 * k + 0.5, 2.5 * k - 0.5, 2.5 * k, 3 * k - 1, 3 * k - 0.25,
                 3 * k, 3 * k + 1, 10 * k, "", "n/a"]
    rows = []
    for n in range(len(durations) * 3):
        d = durations[n % len(durations)]
        r = {"Respondent": "p%02d" % n, "Unit": "Org/T%d" % (n % 2),
             "Duration": d if isinstance(d, str) else ("%g" % d)}
        for j, i in enumerate(items):
            r[i] = str(1 + (n + j) % 5)  # varied answers: no other rule in play
        rows.append(r)
    path = os.path.join(tmp, "export.csv")
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["Respondent", "Unit", "Duration"] + items)
        w.writeheader()
        w.writerows(rows)
    mp = os.path.join(tmp, "map.json")
    with open(mp, "w") as f:
        json.dump({"id": "Respondent", "team": "Unit", "duration": "Duration",
                   "items": {i: i for i in items}}, f)
    return path, mp, rows


def expected(rows, per_item, k):
    out = set()
    for r in rows:
        try:
            secs = float(r["Duration"])
        except ValueError:
            continue
        if secs < per_item * k:
            out.add(r["Respondent"])
    return out


def check(tmp, path, mp, rows, k, per_item):
    flag = [] if per_item is None else ["--speeder-seconds", "%g" % per_item]
    s = 2.0 if per_item is None else per_item
    rej = os.path.join(tmp, "rej.csv")
    p = run("stats", "-i", INSTRUMENT, "--map", mp, "--format", "json", "--exclude-careless",
            "speeders", "--rejects", rej, *flag, path)
    with open(rej) as f:
        got = {r["id"]: r["reason"] for r in csv.DictReader(f)}
    want = expected(rows, s, k)
    problems = []
    if set(got) != want:
        problems.append("flagged %r, want %r" % (sorted(got), sorted(want)))
    for i, why in got.items():
        if "< %g s (less than %g s an item)" % (s * k, s) not in why:
            problems.append("%s: reason %r" % (i, why))
    c = json.loads(p.stdout).get("careless", {})
    if c.get("speeder_seconds_per_item") != s or c.get("by_rule") != {"speeders": len(want)}:
        problems.append("JSON careless %r" % c)
    sc = run("score", "-i", INSTRUMENT, "--map", mp, "--exclude-careless", "speeders", *flag,
             "-o", "-", path).stdout
    kept = {r["id"] for r in csv.DictReader(sc.splitlines())}
    if kept != {r["Respondent"] for r in rows} - want:
        problems.append("score kept %d rows, want %d" % (len(kept), len(rows) - len(want)))
    x = os.path.join(tmp, "r.xlsx")
    rp = run("report", "-i", INSTRUMENT, "--map", mp, "--min-group", "3", "--exclude-careless",
             "speeders", *flag, "-o", x, path)
    if "%d by --exclude-careless: %d speeders" % (len(want), len(want)) not in rp.stderr:
        problems.append("report summary: %r" % rp.stderr.strip())
    report("speeder-seconds/%s (%d of %d rows under %g s for %d rating items)"
           % ("default" if per_item is None else "%g" % per_item, len(want), len(rows),
              s * k, k), problems)
    return want


def main():
    items = rating_items()
    k = len(items)
    with tempfile.TemporaryDirectory() as tmp:
        path, mp, rows = crafted(tmp, items)
        two = check(tmp, path, mp, rows, k, None)
        three = check(tmp, path, mp, rows, k, 3)
        check(tmp, path, mp, rows, k, 2.5)
        problems = []
        if not two < three:
            problems.append("3 s an item flags %d rows, 2 s %d: not more" % (len(three), len(two)))
        for bad in ("0", "-1", "abc", "nan", "2s"):
            p = run("stats", "-i", INSTRUMENT, "--map", mp, "--exclude-careless", "speeders",
                    "--speeder-seconds", bad, path, check=False)
            if p.returncode != 2 or "--speeder-seconds" not in p.stderr:
                problems.append("--speeder-seconds %s: exit %d %r" % (bad, p.returncode,
                                                                       p.stderr))
        p = run("stats", "-i", INSTRUMENT, "--map", mp, "--speeder-seconds", "3", path)
        if "no effect without --exclude-careless speeders" not in p.stderr:
            problems.append("no warning without the rule: %r" % p.stderr)
        v = run("validate", "-i", INSTRUMENT, "--map", mp, "--exclude-careless", "speeders",
                "--speeder-seconds", "3", path, check=False)
        if v.returncode != 0:
            problems.append("validate: exit %d %r" % (v.returncode, v.stderr))
        report("speeder-seconds/usage (3 s flags %d rows, 2 s %d)" % (len(three), len(two)),
               problems)


main()
finish()
