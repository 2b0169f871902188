"""Agreement and drivers where a reader needs them: the team page (the
first sheet of a --split-by workbook) and the Reliability sheet, in en, fi
and sv, read back with openpyxl and equal to `stats --format json` for the
same team (rwg_j, rwg_j_cutoff with --rwg-sim 10000 as the report
simulates, rwg_j_star, ad_m; the drivers' rescaled weights and priorities
of "drivers"."groups", themselves tested against numpy in test_drivers.py
and test_agreement.py). The privacy rule: a team below --min-driver-n (or
whose rest of the organisation is) shows no drivers, only the rule in words."""
import json
import os
import tempfile

import openpyxl

from sdtcheck import finish, report, run

OUTCOME = "autonomy_satisfaction"
# the block's first title: agreement, else the drivers (en, fi, sv)
BLOCK_TITLES = ("Agreement within the team", "Yksimielisyys tiimissä", "Samstämmighet i teamet",
                "What matters most here", "Mikä merkitsee eniten tässä ryhmässä",
                "Vad som betyder mest i den här gruppen")
PRED = ["autonomy_support", "competence_support", "relatedness_support"]
MIN_N = "96"  # Team 03 (95 scored on every scale) falls just below
WEIGHT = {"en": "Share of the explained variation", "fi": "Osuus selitetystä vaihtelusta",
          "sv": "Andel av den förklarade variationen"}
PRIORITY = {"en": "Priority", "fi": "Painopiste", "sv": "Prioritet"}
NONE = {"en": "What matters most is shown only for a group with at least 96",
        "fi": "Eniten merkitsevät asiat näytetään vain ryhmälle, jossa on vähintään 96",
        "sv": "Vad som betyder mest visas bara för en grupp med minst 96"}


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def agreement_rows(rows, n_scales, start=0):
    """The rows under the first 'rwg(j)' header in column B from `start`."""
    for k in range(start, len(rows)):
        if len(rows[k]) > 1 and rows[k][1] == "rwg(j)":
            return rows[k + 1:k + 1 + n_scales], k
    return None, None


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


def check_team(problems, lang, path, rows, team, scales, dgroup):
    got, _ = agreement_rows(rows, len(scales))
    if team is None:
        # stats protect this team: its page shows no agreement either
        if got is not None:
            problems.append("%s %s: shows agreement that stats hide" % (lang, path))
        got = []
    elif got is None:
        problems.append("%s %s: no agreement table" % (lang, path))
        got = []
    for r, s in zip(got, team["scales"] if team else []):
        for c, key in ((1, "rwg_j"), (2, "rwg_j_cutoff"), (3, "rwg_j_star"), (4, "ad_m")):
            if not close(r[c], s[key]):
                problems.append("%s %s %s %s: sheet %r, JSON %r" % (lang, path, s["id"], key,
                                                                   r[c], s[key]))
    head = [k for k, r in enumerate(rows) if len(r) > 1 and r[1] == WEIGHT[lang]]
    text = " ".join(str(c) for r in rows for c in r if c is not None)
    if dgroup is None:
        if head:
            problems.append("%s %s: drivers shown below --min-driver-n" % (lang, path))
        if NONE[lang] not in text:
            problems.append("%s %s: the rule is not said" % (lang, path))
        return
    if len(head) != 1:
        problems.append("%s %s: %d drivers tables" % (lang, path, len(head)))
        return
    for k, w in enumerate(dgroup["weights"]):
        r = rows[head[0] + 1 + k]
        if not close(r[1], w["rescaled"]):
            problems.append("%s %s %s: weight %r, JSON %r" % (lang, path, w["scale"], r[1],
                                                               w["rescaled"]))
        if (r[2] == PRIORITY[lang]) != w["priority"]:
            problems.append("%s %s %s: priority %r, JSON %r" % (lang, path, w["scale"], r[2],
                                                                 w["priority"]))


def check_print(problems, name, ws, rows):
    """The team page prints one page wide; where it has an agreement or
    drivers block, that block starts a printed page of its own (a manual
    break before its title), so the first page is how the team is doing and
    what to look at. Its height is left free (fitToHeight 0): a fixed number
    of pages tall makes LibreOffice (and Excel, by its documentation) ignore
    manual breaks and shrink the two blocks onto shared pages."""
    titles = [k + 1 for k, r in enumerate(rows)
              if r and isinstance(r[0], str) and r[0].startswith(BLOCK_TITLES)]
    breaks = [b.id for b in ws.row_breaks.brk]
    ps = ws.page_setup
    if ps.fitToWidth not in (1, None) or ws.sheet_properties.pageSetUpPr.fitToPage is not True:
        problems.append("%s: not fitted one page wide" % name)
    if titles:
        # openpyxl's break id is the last row before the break (1-based)
        if not any(b == titles[0] - 1 for b in breaks):
            problems.append("%s: no page break before row %d (%s)" % (name, titles[0], breaks))
        if ps.fitToHeight != 0:
            problems.append("%s: fitted %s pages tall: the break would be ignored"
                            % (name, ps.fitToHeight))


def check_words_span(problems, name, ws, rows):
    """The agreement table's "In words" header spans the columns its words
    fill below it, so the header band reaches over the whole text."""
    _, k = agreement_rows(rows, 0)
    if k is None:
        return 0
    spans = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
    head = spans.get((k + 1, 6))
    below = [spans[(r, 6)] for r in range(k + 2, k + 2 + 6) if (r, 6) in spans]
    if below and head != below[0]:
        problems.append("%s: 'In words' header ends in column %s, its words in column %d"
                        % (name, head or 6, below[0]))
    return bool(below)


def check():
    problems, seen = [], {"with": 0, "without": 0, "prio": 0}
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "d.csv")
        run("simulate", "-i", "learning-leadership-pulse", "--respondents", "420", "--teams",
            "6", "--seed", "3", "-o", data)
        st = json.loads(run("stats", "-i", "learning-leadership-pulse", "--format", "json",
                            "--rwg-sim", "10000", "--outcome", OUTCOME, "--predictors",
                            ",".join(PRED), "--min-driver-n", MIN_N, data).stdout)
        teams = {t["team"]: t for t in st["teams"]}
        groups = {g["team"]: g for g in st["drivers"]["groups"]}
        scales = [s["id"] for s in st["scales"]]
        for lang in ("en", "fi", "sv"):
            out = os.path.join(tmp, lang)
            run("report", "-i", "learning-leadership-pulse", "--lang", lang, "--split-by",
                "team", "--outcome", OUTCOME, "--predictors", ",".join(PRED),
                "--min-driver-n", MIN_N, "-o", out, data)
            for f in sorted(os.listdir(out)):
                wb = openpyxl.load_workbook(os.path.join(out, f))
                rows = rows_of(wb.worksheets[0])
                path = rows[0][0]
                t = teams.get(path)
                t = None if t is None or t.get("suppressed") else t
                g = groups.get(path)
                seen["with" if g else "without"] += 1
                seen["published_without"] = seen.get("published_without", 0) + (
                    t is not None and g is None)
                seen["prio"] += bool(g and any(w["priority"] for w in g["weights"]))
                check_team(problems, lang, path, rows, t, scales, g)
                check_print(problems, f, wb.worksheets[0], rows)
                seen["words"] = seen.get("words", 0) + check_words_span(
                    problems, f, wb.worksheets[0], rows)
            full = os.path.join(tmp, "full_%s.xlsx" % lang)
            run("report", "-i", "learning-leadership-pulse", "--lang", lang, "--outcome",
                OUTCOME, "--predictors", ",".join(PRED), "--min-driver-n", MIN_N,
                "-o", full, data)
            wb = openpyxl.load_workbook(full)
            rel = rows_of(wb[{"en": "Reliability", "fi": "Luotettavuus",
                              "sv": "Reliabilitet"}[lang]])
            head = [k for k, r in enumerate(rel) if len(r) > 1 and r[1] == WEIGHT[lang]]
            for k, w in enumerate(st["drivers"]["weights"]):
                if not head or not close(rel[head[0] + 1 + k][1], w["rescaled"]):
                    problems.append("%s Reliability: organisation weight of %s" % (lang,
                                                                                  w["scale"]))
            at = agreement_rows(rel, len(scales))[1]
            # the agreement block starts a printed page: the tables above
            # fill most of one, and rows carried over stood without header
            ws_rel = wb[{"en": "Reliability", "fi": "Luotettavuus", "sv": "Reliabilitet"}[lang]]
            if at is None or not any(b.id == at - 1 for b in ws_rel.row_breaks.brk):
                problems.append("%s Reliability: no page break before the agreement block "
                                "(title at row %s, breaks %s)" % (
                                    lang, at, [b.id for b in ws_rel.row_breaks.brk]))
            n_teams = 0
            # each team: its path in bold, then one row per scale
            for k, r in enumerate(rel):
                if r and r[0] in teams and not teams[r[0]].get("suppressed") and at and k > at:
                    n_teams += 1
                    for row, s in zip(rel[k + 1:k + 1 + len(scales)], teams[r[0]]["scales"]):
                        if not close(row[1], s["rwg_j"]) or not close(row[2], s["rwg_j_cutoff"]):
                            problems.append("%s Reliability %s %s" % (lang, r[0], s["id"]))
            if n_teams < 3:
                problems.append("%s Reliability: %d teams' agreement" % (lang, n_teams))
    if not seen.get("words"):
        problems.append("no team page had agreement in words to check the header against")
    if not seen["with"] or not seen.get("published_without"):
        problems.append("the data exercise only one side of the rule: %r" % seen)
    report("team-page agreement and drivers en/fi/sv (%d pages with drivers, %d without, "
           "%d with a priority)" % (seen["with"], seen["without"], seen["prio"]), problems)


check()
finish()
