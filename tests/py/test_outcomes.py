#!/usr/bin/python3
"""Outcome items (issue 18): the pulse's eNPS item (0..10) scored like a
scale - n, mean, SD, % favourable (9..10) - and as eNPS = % promoters (9-10)
- % detractors (0-6) with the Wald 95 % CI of Var = (p+ + p- - (p+ -
p-)^2) / n. Every figure is worked here from the raw answers (numpy) for
the organisation and each shown team; a team hidden for its scales shows no
outcome; the figures survive partials and merge; an instrument without
outcome items keeps its JSON without an "outcomes" key. Env: SDT."""
import json
import os
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtcheck  # noqa: E402
from sdtcheck import close, finish, report, run  # noqa: E402

INS = "learning-leadership-pulse"
Z = 1.959963984540054


def by_hand(vals):
    """The figures of a list of 0..10 answers, from the formula."""
    x = np.array(vals, dtype=float)
    n = len(x)
    pp = np.mean(x >= 9)
    pd = np.mean(x <= 6)
    d = pp - pd
    se = np.sqrt((pp + pd - d * d) / n)
    return {"n": n, "mean": x.mean(), "sd": x.std(ddof=1), "favourable": pp,
            "promoters": pp, "detractors": pd, "enps": 100 * d,
            "enps_ci": [max(-100, 100 * (d - Z * se)), min(100, 100 * (d + Z * se))]}


def compare(name, got, want, problems):
    for k, w in want.items():
        g = got.get(k)
        if isinstance(w, list):
            if not all(close(a, b, 1e-9, 1e-9) for a, b in zip(g, w)):
                problems.append("%s %s %s, expected %s" % (name, k, g, w))
        elif not close(g, float(w), 1e-9, 1e-9):
            problems.append("%s %s %s, expected %s" % (name, k, g, w))


def answers(path):
    rows = [json.loads(l) for l in open(path, encoding="utf-8")]
    return rows


def check_figures(tmp):
    data = os.path.join(tmp, "d.ndjson")
    run("simulate", "-i", INS, "--respondents", "400", "--teams", "6", "--seed", "41",
        "--missing", "0.05", "-o", data)
    rows = answers(data)
    # a small team (3 people) so the disclosure rules must hide something
    for k, r in enumerate(rows[:3]):
        r["team"] = "Org/Tiny/Team X"
    with open(data, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    st = json.loads(run("stats", "-q", "-i", INS, "--format", "json", data).stdout)
    problems = []
    org = [r["answers"]["enps"] for r in rows if r["answers"].get("enps") is not None]
    if len(st.get("outcomes", [])) != 1 or st["outcomes"][0]["id"] != "enps":
        report("outcomes_enps_org", ["no outcomes key: %s" % list(st)])
        return None
    compare("org", st["outcomes"][0], by_hand(org), problems)
    report("outcomes_enps_org", problems)
    problems, shown, hidden = [], 0, 0
    for t in st["teams"]:
        vals = [r["answers"]["enps"] for r in rows if r.get("team") == t["team"]
                and r["answers"].get("enps") is not None]
        if t["suppressed"]:
            hidden += 1
            if t.get("outcomes"):
                problems.append("%s is hidden but shows outcomes" % t["team"])
            continue
        shown += 1
        compare(t["team"], t["outcomes"][0], by_hand(vals), problems)
    if not shown or not hidden:
        problems.append("%d shown and %d hidden teams: both needed" % (shown, hidden))
    report("outcomes_enps_teams_and_hidden", problems)
    # the text table shows the same eNPS
    txt = run("stats", "-q", "-i", INS, data).stdout
    want = by_hand(org)
    line = "eNPS %.3f [%.3f, %.3f]" % (want["enps"], want["enps_ci"][0], want["enps_ci"][1])
    line = line.replace("eNPS ", "eNPS" + " " * (8 - len("%.3f" % want["enps"])))
    report("outcomes_enps_table", [] if line in txt else ["%r not in the table" % line])
    return data, st


def check_merge(tmp, data, st):
    """Two shards' partials merged give the same outcome figures."""
    rows = open(data, encoding="utf-8").read().splitlines(True)
    parts = []
    for k in range(2):
        shard = os.path.join(tmp, "s%d.ndjson" % k)
        with open(shard, "w", encoding="utf-8") as f:
            f.writelines(rows[k::2])
        part = os.path.join(tmp, "p%d.json" % k)
        run("stats", "-q", "-i", INS, "--partial", "-o", part, shard)
        parts.append(part)
    m = json.loads(run("merge", "-q", "--format", "json", *parts).stdout)
    problems = []
    for a, b in ((m["outcomes"][0], st["outcomes"][0]),):
        for k in ("n", "mean", "sd", "favourable", "enps"):
            if not close(a[k], b[k], 1e-12, 1e-12):
                problems.append("merged %s %s, run %s" % (k, a[k], b[k]))
    teams = {t["team"]: t for t in st["teams"]}
    for t in m["teams"]:
        w = teams[t["team"]]
        if bool(t.get("outcomes")) != bool(w.get("outcomes")):
            problems.append("%s outcomes shown differently" % t["team"])
        elif t.get("outcomes") and not close(t["outcomes"][0]["enps"], w["outcomes"][0]["enps"],
                                              1e-12, 1e-12):
            problems.append("%s eNPS differs" % t["team"])
    report("outcomes_enps_merged_partials", problems)


def check_report(tmp, data):
    """The Summary sheet's outcome row holds the organisation's figures, in
    every report language, and names the eNPS."""
    import openpyxl
    rows = answers(data)
    want = by_hand([r["answers"]["enps"] for r in rows if r["answers"].get("enps") is not None])
    problems = []
    for lang, sheet, head in (("en", "Summary", "Outcomes"), ("fi", "Yhteenveto", "Tulosmittarit"),
                              ("sv", "Sammanfattning", "Utfallsmått")):
        out = os.path.join(tmp, "r_%s.xlsx" % lang)
        run("report", "-q", "-i", INS, "--lang", lang, "-o", out, data)
        ws = openpyxl.load_workbook(out)[sheet]
        cells = [list(r) for r in ws.iter_rows(values_only=True)]
        at = [k for k, r in enumerate(cells) if r and r[0] == head]
        if not at:
            problems.append("%s: no %s table" % (lang, head))
            continue
        row = cells[at[0] + 1]
        got = [row[1], row[2], row[3], row[4], row[5], row[6]]
        exp = [want["mean"], want["favourable"], want["enps"], want["enps_ci"][0],
               want["enps_ci"][1], want["n"]]
        if not all(close(float(g), float(w), 1e-9, 1e-9) for g, w in zip(got, exp)):
            problems.append("%s: %s, expected %s" % (lang, got, exp))
    report("outcomes_report_summary", problems)


def check_no_outcome_key(tmp):
    data = os.path.join(tmp, "b.ndjson")
    run("simulate", "-i", "bpnsfs-work", "--respondents", "60", "--teams", "2", "--seed", "2", "-o", data)
    st = json.loads(run("stats", "-q", "-i", "bpnsfs-work", "--format", "json", data).stdout)
    bad = ["outcomes" in st] + ["outcomes" in t for t in st["teams"]]
    report("outcomes_absent_without_outcome_items", ["an outcomes key"] if any(bad) else [])


def check_small_org(tmp):
    """An organisation of 4 eNPS answers shows no eNPS."""
    data = os.path.join(tmp, "s.ndjson")
    with open(data, "w", encoding="utf-8") as f:
        for k in range(8):
            a = {"q%d" % i: 3 for i in range(1, 19)}
            a["enps"] = 10 if k < 4 else None
            f.write(json.dumps({"id": "r%d" % k, "team": "A", "answers": a}) + "\n")
    st = json.loads(run("stats", "-q", "-i", INS, "--format", "json", data).stdout)
    o = st["outcomes"][0]
    problems = [] if o.get("suppressed") and o["enps"] is None and o["mean"] is None \
        else ["4 answers shown: %s" % o]
    if st["teams"][0].get("outcomes") and st["teams"][0]["outcomes"][0]["enps"] is not None:
        problems.append("the team shows what the organisation hides")
    report("outcomes_hidden_under_min_group", problems)


def check_not_asked(tmp):
    """A survey that did not ask the outcome (no enps answers at all, as in
    the bundled example) gets no outcome rows: not on the Summary, not on a
    team page; an empty row would read as missing data."""
    import openpyxl
    data = os.path.join(tmp, "na.ndjson")
    with open(data, "w", encoding="utf-8") as f:
        for k in range(24):
            a = {"q%d" % i: 1 + (k * i) % 5 for i in range(1, 19)}
            f.write(json.dumps({"id": "n%d" % k, "team": "Org/T%d" % (k % 2),
                                "answers": a}) + "\n")
    out = os.path.join(tmp, "na.xlsx")
    run("report", "-q", "-i", INS, "-o", out, data)
    problems = []
    labels = {"Outcomes", "eNPS", "Would recommend my team"}
    ws = openpyxl.load_workbook(out)["Summary"]
    seen = {v for r in ws.iter_rows(values_only=True) for v in r if v in labels}
    if seen:
        problems.append("Summary shows %s" % sorted(seen))
    teams = os.path.join(tmp, "na_teams")
    run("report", "-q", "-i", INS, "--split-by", "team", "-o", teams, data)
    for name in sorted(os.listdir(teams)):
        ws = openpyxl.load_workbook(os.path.join(teams, name))["Team"]
        seen = {v for r in ws.iter_rows(values_only=True) for v in r if v in labels}
        if seen:
            problems.append("%s: Team shows %s" % (name, sorted(seen)))
    if not os.listdir(teams):
        problems.append("no team workbook written")
    report("outcomes_not_asked_no_rows", problems)


def main():
    tmp = tempfile.mkdtemp(prefix="sdt-outcomes-")
    check_not_asked(tmp)
    got = check_figures(tmp)
    if got:
        check_merge(tmp, *got)
        check_report(tmp, got[0])
    check_no_outcome_key(tmp)
    check_small_org(tmp)
    finish()


if __name__ == "__main__":
    main()
