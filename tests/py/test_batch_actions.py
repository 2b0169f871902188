"""batch with chosen actions: an organisation's actions.csv (a folder's, or
the JSON manifest's "actions") is followed up against its previous/ wave
as `report --previous W1 --actions A W2` does (test_followup.py checks that
report against scipy): the Trend sheet of the batch's report equals the
standalone report's cell for cell, its rows carrying a result are exactly
the (team, scale) rows HR marked `yes` here (labels from the instrument),
and an actions file without an earlier wave fails that organisation
(exit 5) with a message naming the file, the others going on."""
import csv
import json
import os
import random
import shutil
import tempfile

import openpyxl

from sdtcheck import finish, report, run

INS = "bpnsfs-work"
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def labels():
    with open(os.path.join(TOP, "instruments", INS + ".json")) as f:
        ins = json.load(f)
    out = {}
    for s in ins["scales"]:
        lab = s.get("label", s["id"])
        out[s["id"]] = lab.get("en") if isinstance(lab, dict) else lab
    return out


def second_wave(src, dst, seed):
    """The same people a wave later: 30 % of the answers moved by one."""
    rnd = random.Random(seed)
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for k in r:
            if k not in ("id", "team") and r[k] != "" and rnd.random() < 0.3:
                r[k] = str(min(5, max(1, int(r[k]) + rnd.choice([-1, 1]))))
    with open(dst, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def trend(path):
    ws = openpyxl.load_workbook(path, read_only=True)["Trend"]
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def main():
    tmp = tempfile.mkdtemp(prefix="sdt-batch-actions-")
    problems = []
    try:
        org = os.path.join(tmp, "port", "acme")
        os.makedirs(os.path.join(org, "previous"))
        w1 = os.path.join(org, "previous", "w1.csv")
        w2 = os.path.join(org, "w2.csv")
        run("simulate", "-i", INS, "--respondents", "300", "--teams", "6", "--seed", "4",
            "-o", w1)
        second_wave(w1, w2, 2)
        proposed = os.path.join(tmp, "proposed.csv")
        run("report", "-q", "-i", INS, "--actions-out", proposed, "-o",
            os.path.join(tmp, "w1.xlsx"), w1)
        with open(proposed, newline="") as f:
            rows = list(csv.DictReader(f))
        chosen = set()
        for k, r in enumerate(rows):
            if k % 2 == 0:  # HR chose every other proposal
                r["chosen"] = "yes"
                chosen.add((r["team"], labels()[r["scale"]]))
        actions = os.path.join(org, "actions.csv")
        with open(actions, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        # a second organisation with actions but no earlier wave
        lone = os.path.join(tmp, "port", "lone")
        os.makedirs(lone)
        shutil.copy(w2, os.path.join(lone, "w2.csv"))
        shutil.copy(actions, os.path.join(lone, "actions.csv"))
        out = os.path.join(tmp, "out")
        b = run("batch", "-i", INS, "-o", out, os.path.join(tmp, "port"), check=False)
        solo = os.path.join(tmp, "solo.xlsx")
        run("report", "-q", "-i", INS, "--previous", w1, "--actions", actions, "-o", solo, w2)
        got, want = trend(os.path.join(out, "acme", "report.xlsx")), trend(solo)
        if got != want:
            problems.append("folder: the Trend sheet differs from report --actions's")
        col = got[0].index("Chosen action") if "Chosen action" in got[0] else None
        marked = {(r[0], r[1]) for r in got[1:] if col is not None and r[col]}
        if not chosen or marked != chosen:
            problems.append("results on %r, chosen %r" % (sorted(marked), sorted(chosen)))
        if b.returncode != 5 or "lone" not in b.stdout or \
                "need an earlier wave" not in b.stdout + b.stderr:
            problems.append("no earlier wave: exit %d %r %r" % (b.returncode, b.stdout,
                                                                b.stderr))
        # the JSON manifest's "actions"
        man = os.path.join(tmp, "m.json")
        with open(man, "w") as f:
            json.dump({"organisations": [{"name": "acme", "files": [w2], "previous": [w1],
                                          "actions": actions}]}, f)
        out2 = os.path.join(tmp, "out2")
        run("batch", "-i", INS, "-o", out2, man)
        if trend(os.path.join(out2, "acme", "report.xlsx")) != want:
            problems.append("manifest: the Trend sheet differs from report --actions's")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    report("batch/actions (%d chosen needs followed up, folder and manifest)" % len(chosen),
           problems)


main()
finish()
