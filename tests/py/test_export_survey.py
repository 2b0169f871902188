#!/usr/bin/python3
"""export-survey (issue 18): the learning-leadership pulse written for
LimeSurvey (TSV), XLSForm (ODK Central, KoboToolbox) and Qualtrics (.qsf) in
fi+sv+en, then a response export built as each tool names its columns and
codes its answers - read off the generated survey file here, the way the
tool would, never from the map - scored with the generated FILE.map.json:
the scores equal those of the canonical NDJSON of the same answers. The
survey files are checked structurally against the real files in
tests/data/fielding/ (their sources and licences are in its README), the
licence guard on bpnsfs-work (placeholders, terms printed), and failures
leave no file behind. Env: SDT (the binary)."""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtcheck  # noqa: E402
from sdtcheck import finish, report, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
REAL = os.path.join(HERE, "..", "data", "fielding")
CANON = os.path.join(HERE, "..", "fixtures", "exports", "canonical.ndjson")
INS = "learning-leadership-pulse"
LANGS = "fi,sv,en"


def instrument(name):
    with open(os.path.join(ROOT, "instruments", name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def responses(tmp):
    """The canonical fixture and 150 simulated respondents of 9 teams."""
    rs = [json.loads(l) for l in open(CANON, encoding="utf-8")]
    sim = os.path.join(tmp, "sim.ndjson")
    run("simulate", "-i", INS, "--respondents", "150", "--teams", "9",
        "--seed", "18", "-o", sim)
    rs += [json.loads(l) for l in open(sim, encoding="utf-8")]
    for k, r in enumerate(rs):
        r["id"] = "p%03d" % k  # unique across both sets
    canon = os.path.join(tmp, "canon.ndjson")
    with open(canon, "w", encoding="utf-8") as f:
        for r in rs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return rs, canon


def export(tmp, fmt, name, *extra):
    out = os.path.join(tmp, name)
    p = run("export-survey", "-i", INS, "--format", fmt, "--lang", LANGS,
            "-o", out, *extra)
    return out, p


def scores_without_ids(args):
    """Score rows with the id column left out: tools number responses
    their own way; the rows keep the order of the answers. None and the
    message when score fails."""
    p = run("score", "-i", INS, *args, check=False)
    if p.returncode != 0:
        return None, p.stderr.strip()
    rows = list(csv.reader(io.StringIO(p.stdout)))
    return [r[1:] for r in rows], None


def compare(name, want, export_path, map_path, how=None):
    got, err = scores_without_ids((how or ["--map", map_path]) + [export_path])
    if err:
        report(name, ["score failed: " + err])
        return
    problems = [] if len(want) > 150 else ["only %d rows to compare" % len(want)]
    if len(got) != len(want):
        problems.append("%d rows, expected %d" % (len(got), len(want)))
    for k, (g, w) in enumerate(zip(got, want)):
        if g != w:
            problems.append("row %d: %s, expected %s" % (k, g[:4], w[:4]))
    report(name, problems)


def write_csv(path, rows, delimiter=",", quote_all=False):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=delimiter,
                       quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
        w.writerows(rows)


def value(r, item):
    v = r["answers"].get(item)
    return "" if v is None else str(v)


VMIN = 1  # the pulse's response_scale.min (checked in main)


def item_kinds():
    """Per item id: its type and the first point of its response scale (an
    outcome item has its own, e.g. eNPS 0..10)."""
    out = {}
    for it in instrument(INS)["items"]:
        out[it["id"]] = (it.get("type", "likert"),
                         it.get("response_scale", {}).get("min", VMIN))
    return out


KINDS = item_kinds()


def coded(r, item, codes):
    """The answer as a tool writes it: the respondent picks the k-th point
    of the scale (its label); the tool writes that point's code, the k-th
    of `codes` as the survey file lists them. A comment is its text."""
    v = r["answers"].get(item)
    if KINDS[item][0] == "text":
        return v or ""
    return "" if v is None else str(codes[v - KINDS[item][1]])


# ---- LimeSurvey -------------------------------------------------------------

def read_tsv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def limesurvey_columns(rows, base):
    """LimeSurvey's response export names an array's cells CODE[SQCODE] and
    a list's or a text's answer by its code: read both off the survey
    structure (a single question's item is found by its text)."""
    cols, team_codes, q, answers = [], {}, None, {}
    by_text = {it["text"][base]: it["id"] for it in instrument(INS)["items"]
               if it.get("text")}
    for r in rows:
        if r["language"] != base:
            continue
        if r["class"] == "Q":
            q = r
            if r["type/scale"] in ("L", "T") and r["text"] in by_text:
                cols.append((r["name"], by_text[r["text"]], r["name"]))
        elif r["class"] == "SQ" and q["type/scale"] == "F":
            cols.append(("%s[%s]" % (q["name"], r["name"]), r["name"], q["name"]))
        elif r["class"] == "A" and q["name"] == "team":
            team_codes[r["text"]] = r["name"]
        elif r["class"] == "A":
            answers.setdefault(q["name"], []).append(r["name"])
    return [(c, it, answers.get(qn, [])) for c, it, qn in cols], team_codes


def limesurvey_export(path, rs, cols, team_codes):
    """As LimeSurvey's CSV export (question codes, answer codes) writes
    it: every field quoted, its own columns first."""
    head = ["id", "submitdate", "lastpage", "startlanguage", "seed", "team"]
    rows = [head + [c for c, _, _ in cols]]
    for k, r in enumerate(rs):
        team = r.get("team") or ""
        team = team_codes.get(team, team)
        rows.append([str(k + 1), "2026-03-02 10:%02d:00" % (k % 60), "7", "fi",
                     str(1000 + k), team] + [coded(r, it, codes) for _, it, codes in cols])
    write_csv(path, rows, quote_all=True)


def check_limesurvey(tmp, rs, want, teams_file):
    for variant, extra in (("free_text", []), ("team_list", ["--teams", teams_file])):
        out, _ = export(tmp, "limesurvey-tsv", "ls_%s.txt" % variant, *extra)
        rows = read_tsv(out)
        cols, codes = limesurvey_columns(rows, "fi")
        exp = os.path.join(tmp, "ls_%s_export.csv" % variant)
        limesurvey_export(exp, rs, cols, codes)
        compare("export_survey_limesurvey_%s" % variant, want, exp, out + ".map.json")
    # The promise: the columns are what --layout limesurvey reads.
    compare("export_survey_limesurvey_layout_without_map", want,
            os.path.join(tmp, "ls_free_text_export.csv"), None, ["--layout", "limesurvey"])
    check_limesurvey_structure(read_tsv(os.path.join(tmp, "ls_team_list.txt")))


def lang_blocks(rows):
    """Per group (G rows sharing type/scale), the languages of its blocks in
    file order, each block a G row and the Q rows after it."""
    blocks, seen = {}, []
    for r in rows:
        if r["class"] == "G":
            blocks.setdefault(r["type/scale"], []).append([r["language"]])
            seen.append(r["type/scale"])
        elif r["class"] == "Q" and seen:
            blocks[seen[-1]][-1].append(r["language"])
    return blocks


def check_limesurvey_structure(rows):
    """Against real files: LimeSurvey's own export (limonaid) and the
    xlsform2lstsv files LimeSurvey imported: the same columns, their row
    classes and question types, each group a block in the base language and
    then a block per other language, as LimeSurvey's export writes it."""
    ls_own = read_tsv(os.path.join(REAL, "limonaid_export-of-en-and-nl-survey.txt"))
    real = [ls_own] + [read_tsv(os.path.join(REAL, f)) for f in
                       ("xlsform2lstsv_multilingual_survey.tsv",
                        "xlsform2lstsv_all_types_survey.tsv")]
    problems = []
    with open(os.path.join(REAL, "xlsform2lstsv_multilingual_survey.tsv"), encoding="utf-8") as f:
        real_head = f.readline().rstrip("\n").split("\t")
    if list(rows[0].keys()) != real_head:
        problems.append("columns %s, the real file has %s" % (list(rows[0].keys()), real_head))
    missing = set(rows[0].keys()) - set(ls_own[0].keys())
    if missing:
        problems.append("columns %s not in LimeSurvey's own export" % sorted(missing))
    classes = {r["class"] for rr in real for r in rr}
    qtypes = {r["type/scale"] for rr in real for r in rr if r["class"] == "Q"}
    for r in rows:
        if r["class"] not in classes:
            problems.append("row class %s not in the real files" % r["class"])
        if r["class"] == "Q" and r["type/scale"] not in qtypes:
            problems.append("question type %s not in the real files" % r["type/scale"])
        if r["class"] in ("SQ", "A") and r["type/scale"] != "0":
            problems.append("%s %s scale %r" % (r["class"], r["name"], r["type/scale"]))
    langs = LANGS.split(",")
    s = {r["name"]: r["text"] for r in rows if r["class"] == "S"}
    own_s = {r["name"]: r["text"] for r in ls_own if r["class"] == "S"}
    if s.get("language") != "fi" or s.get("additional_languages") != "sv en":
        problems.append("languages %s" % s)
    if not set(s) <= set(own_s):
        problems.append("S rows %s not in LimeSurvey's export" % sorted(set(s) - set(own_s)))
    own_blocks = list(lang_blocks(ls_own).values())
    if own_blocks != [[["en", "en"], ["nl", "nl"]]]:
        problems.append("LimeSurvey's own blocks changed: %s" % own_blocks)
    for gid, blocks in lang_blocks(rows).items():
        if [b[0] for b in blocks] != langs or any(set(b) != {b[0]} for b in blocks):
            problems.append("group %s blocks %s" % (gid, blocks))
    ins = instrument(INS)
    sq = {(r["language"], r["name"]): r["text"] for r in rows if r["class"] == "SQ"}
    single = {(r["language"], r["text"]) for r in rows
              if r["class"] == "Q" and r["type/scale"] in ("L", "T")}
    for it in ins["items"]:
        if it.get("type", "likert") != "likert":
            for l in langs:
                if (l, it["text"][l]) not in single:
                    problems.append("%s item %s %s not a question" % (it["type"], it["id"], l))
            continue
        for l in langs:
            if sq.get((l, it["id"])) != it["text"][l]:
                problems.append("item %s %s: %s" % (it["id"], l, sq.get((l, it["id"]))))
    report("export_survey_limesurvey_structure", problems)


# ---- XLSForm ----------------------------------------------------------------

def sheet_rows(ws):
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    return [r for r in rows if any(c is not None for c in r)]


def xlsform(path):
    wb = openpyxl.load_workbook(path)
    out = {}
    for name in ("survey", "choices", "settings"):
        rows = sheet_rows(wb[name])
        head = rows[0]
        out[name] = (head, [dict(zip(head, r)) for r in rows[1:]])
    return wb, out


def xlsform_columns(form, sep):
    """The export's columns of the form's questions: a grouped question is
    GROUP<sep>NAME; the team's list answers are the choice names."""
    cols, group = [], None
    for r in form["survey"][1]:
        t = r["type"]
        if t == "begin_group":
            group = r["name"]
        elif t == "end_group":
            group = None
        elif t.startswith("select_one") or t == "text":
            cols.append(((group + sep if group else "") + r["name"], r["name"],
                         t.split()[1] if t.startswith("select_one") else None))
    label = [h for h in form["choices"][0] if h.startswith("label::")][0]
    team_codes = {r[label]: r["name"] for r in form["choices"][1]
                  if r["list_name"] == "teams"}
    lists = {}
    for r in form["choices"][1]:
        lists.setdefault(r["list_name"], []).append(r["name"])
    team_codes["_lists"] = lists
    return cols, team_codes


def row_values(r, cols, team_codes):
    out = []
    for _, name, lst in cols:
        if name == "team":
            t = r.get("team") or ""
            out.append(team_codes.get(t, t))
        else:
            out.append(coded(r, name, team_codes["_lists"].get(lst, [])))
    return out


def kobo_export(path, rs, cols, team_codes):
    """KoboToolbox's CSV export (XML values and headers, groups joined with
    '/', its default ';' separator) with its metadata columns."""
    head = ["start", "end"] + [c[0] for c in cols] + [
        "_id", "_uuid", "_submission_time", "_validation_status", "_notes",
        "_status", "_submitted_by", "__version__", "_tags", "_index"]
    rows = [head]
    for k, r in enumerate(rs):
        uid = "5d1e4a7c-0000-4000-8000-%012d" % k
        rows.append(["2026-03-02T10:00:00.000+02:00"] * 2 + row_values(r, cols, team_codes)
                    + [str(9000 + k), uid, "2026-03-02T08:05:00", "", "",
                       "submitted_via_web", "", "vXyZ", "", str(k + 1)])
    write_csv(path, rows, delimiter=";")


def odk_central_export(path, rs, cols, team_codes):
    """ODK Central's CSV export: groups joined with '-', meta-instanceID and
    KEY (the same uuid) among its columns."""
    head = ["SubmissionDate"] + [c[0] for c in cols] + [
        "meta-instanceID", "KEY", "SubmitterID", "SubmitterName",
        "AttachmentsPresent", "AttachmentsExpected", "Status", "ReviewState",
        "DeviceID", "Edits", "FormVersion"]
    rows = [head]
    for k, r in enumerate(rs):
        uid = "uuid:0b0a7c51-1111-4222-8333-%012d" % k
        rows.append(["2026-03-02T08:05:00.000Z"] + row_values(r, cols, team_codes)
                    + [uid, uid, "5", "hr", "0", "0", "", "", "", "0", "1.0.0"])
    write_csv(path, rows)


def check_xlsform(tmp, rs, want, teams_file):
    for variant, extra in (("free_text", []), ("team_list", ["--teams", teams_file])):
        out, _ = export(tmp, "xlsform", "xf_%s.xlsx" % variant, *extra)
        _, form = xlsform(out)
        for tool, sep, writer in (("kobo", "/", kobo_export),
                                  ("odk_central", "-", odk_central_export)):
            cols, codes = xlsform_columns(form, sep)
            exp = os.path.join(tmp, "xf_%s_%s.csv" % (variant, tool))
            writer(exp, rs, cols, codes)
            compare("export_survey_xlsform_%s_%s" % (tool, variant), want, exp,
                    out + ".map.json")
    check_xlsform_structure(os.path.join(tmp, "xf_team_list.xlsx"))
    check_libreoffice(tmp, os.path.join(tmp, "xf_team_list.xlsx"))


def base(col):
    return col.split("::")[0] if col else col


def check_xlsform_structure(path):
    _, form = xlsform(path)
    _, real = xlsform(os.path.join(REAL, "xlsform2lstsv_testB.xlsx"))
    problems = []
    for sheet in ("survey", "choices", "settings"):
        mine = {base(c) for c in form[sheet][0]}
        theirs = {base(c) for c in real[sheet][0] if c}
        if sheet == "settings":
            theirs |= {"form_title", "form_id"}  # xlsform.org's settings
        if not mine <= theirs:
            problems.append("%s columns %s not in the real form's %s"
                            % (sheet, sorted(mine - theirs), sorted(theirs)))
    want_langs = ["suomi (fi)", "svenska (sv)", "English (en)"]
    for sheet in ("survey", "choices"):
        labels = [c.split("::")[1] for c in form[sheet][0] if c.startswith("label::")]
        if labels != want_langs:
            problems.append("%s label columns %s" % (sheet, labels))
    real_label = [c for c in real["survey"][0] if c and c.startswith("label::")]
    if real_label != ["label::Deutsch (de)", "label::English (en)"]:
        problems.append("the real form's label columns changed: %s" % real_label)
    real_types = {str(r["type"]).split()[0] for r in real["survey"][1] if r["type"]}
    lists = {r["list_name"] for r in form["choices"][1]}
    for r in form["survey"][1]:
        t = r["type"].split()
        if t[0] not in real_types:
            problems.append("type %s not in the real form" % t[0])
        if t[0] == "select_one" and t[1] not in lists:
            problems.append("list %s of %s missing" % (t[1], r["name"]))
    ins = instrument(INS)
    scale = [r for r in form["choices"][1] if r["list_name"] == "scale"]
    if [r["name"] for r in scale] != [str(v) for v in range(1, 6)]:
        problems.append("scale names %s" % [r["name"] for r in scale])
    for r, lab in zip(scale, ins["response_scale"]["labels"]["sv"]):
        if r["label::svenska (sv)"] != lab:
            problems.append("scale label %s" % r["label::svenska (sv)"])
    names = [r["name"] for r in form["survey"][1] if r["type"] == "select_one scale"]
    if names != [it["id"] for it in ins["items"] if it.get("type", "likert") == "likert"]:
        problems.append("question names %s" % names)
    settings = form["settings"][1][0]
    if settings["default_language"] != "suomi (fi)" or settings["form_id"] != INS:
        problems.append("settings %s" % settings)
    report("export_survey_xlsform_structure", problems)


def check_libreoffice(tmp, path):
    """The XLSForm opens in LibreOffice: converted to CSV, its survey sheet
    has the question rows."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("PASS export_survey_xlsform_libreoffice (skipped: no LibreOffice)")
        return
    prof = "file://" + os.path.join(tmp, "lo-profile")
    try:
        subprocess.run([soffice, "-env:UserInstallation=" + prof, "--headless",
                        "--convert-to", "csv", "--outdir", os.path.join(tmp, "lo"),
                        path], capture_output=True, timeout=180)
    except subprocess.TimeoutExpired:
        report("export_survey_xlsform_libreoffice", ["LibreOffice timed out"])
        return
    out = os.path.join(tmp, "lo", os.path.basename(path)[:-5] + ".csv")
    problems = []
    if not os.path.exists(out):
        problems.append("LibreOffice did not convert the form")
    else:
        text = open(out, encoding="utf-8", errors="replace").read()
        for want in ("select_one scale", "begin_group", "q18", "label::suomi (fi)"):
            if want not in text:
                problems.append("%r not in LibreOffice's reading" % want)
    report("export_survey_xlsform_libreoffice", problems)


# ---- Qualtrics --------------------------------------------------------------

def qsf_questions(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    return d, [e["Payload"] for e in d["SurveyElements"] if e["Element"] == "SQ"]


def qualtrics_columns(qs, insights=True):
    """Qualtrics' CSV export: a matrix statement's column is its question's
    DataExportTag, '_', its ChoiceDataExportTag ('-' written '_'), or the
    tag alone in exports before the Insights data table; answers are the
    RecodeValues. Also the row-2 text and row-3 ImportId of each."""
    cols = []
    for q in qs:
        if q["QuestionType"] == "Matrix":
            for c in q["ChoiceOrder"]:
                tag = q["ChoiceDataExportTags"][c].replace("-", "_")
                name = q["DataExportTag"] + "_" + tag if insights else tag
                cols.append((name, q["ChoiceDataExportTags"][c],
                             q["QuestionText"] + " - " + q["Choices"][c]["Display"],
                             '{"ImportId":"%s_%s"}' % (q["QuestionID"], c), q))
        else:
            imp = q["QuestionID"] + ("_TEXT" if q["QuestionType"] == "TE" else "")
            cols.append((q["DataExportTag"], q["DataExportTag"], q["QuestionText"],
                         '{"ImportId":"%s"}' % imp, q))
    return cols


def qualtrics_cell(r, item, q, as_text):
    if item == "team":
        t = r.get("team") or ""
        if "Choices" in q and not as_text:
            for k, c in q["Choices"].items():
                if c["Display"] == t:
                    return k  # numeric values: the choice's recode
        return t
    v = r["answers"].get(item)
    if KINDS[item][0] == "text":
        return v or ""
    if v is None:
        return ""
    code = str(q["AnswerOrder"][v - KINDS[item][1]])
    return q["Answers"][code]["Display"] if as_text else q["RecodeValues"][code]


def qualtrics_export(path, rs, cols, as_text=False):
    lead = [("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Helsinki"}'),
            ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Helsinki"}'),
            ("Status", "Response Type", '{"ImportId":"status"}'),
            ("Progress", "Progress", '{"ImportId":"progress"}'),
            ("Finished", "Finished", '{"ImportId":"finished"}'),
            ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
            ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
            ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}')]
    rows = [[a for a, _, _ in lead] + [c[0] for c in cols],
            [b for _, b, _ in lead] + [c[2] for c in cols],
            [i for _, _, i in lead] + [c[3] for c in cols]]
    for k, r in enumerate(rs):
        rows.append(["2026-03-02 10:00:00", "2026-03-02 10:05:00", "0", "100", "1",
                     "R_%015d" % k, "anonymous", "FI"]
                    + [qualtrics_cell(r, c[1], c[4], as_text) for c in cols])
    write_csv(path, rows)


def check_qsf(tmp, rs, want, teams_file):
    for variant, extra in (("free_text", []), ("team_list", ["--teams", teams_file])):
        out, _ = export(tmp, "qsf", "q_%s.qsf" % variant, *extra)
        _, qs = qsf_questions(out)
        for kind, insights, as_text in (("numeric", True, False),
                                        ("legacy_columns", False, False),
                                        ("choice_text", True, True)):
            exp = os.path.join(tmp, "q_%s_%s.csv" % (variant, kind))
            qualtrics_export(exp, rs, qualtrics_columns(qs, insights), as_text)
            compare("export_survey_qsf_%s_%s" % (variant, kind), want, exp,
                    out + ".map.json")
    check_qsf_structure(os.path.join(tmp, "q_team_list.qsf"))


def check_qsf_structure(path):
    mine, qs = qsf_questions(path)
    real, rqs = qsf_questions(os.path.join(REAL, "sp_test_survey.qsf"))
    problems = []
    if set(mine) != set(real):
        problems.append("top-level keys %s" % sorted(mine))
    kinds = {e["Element"] for e in real["SurveyElements"]}
    for e in mine["SurveyElements"]:
        if e["Element"] not in kinds:
            problems.append("element %s not in the real file" % e["Element"])
        if set(e) != set(real["SurveyElements"][0]):
            problems.append("element %s keys %s" % (e["Element"], sorted(e)))
    real_matrix = [q for q in rqs if q["QuestionType"] == "Matrix"
                   and isinstance(q.get("ChoiceDataExportTags"), dict)][0]
    ins = instrument(INS)
    items = []
    for q in qs:
        if q["QuestionType"] != "Matrix":
            continue
        extra = set(q) - set(real_matrix)
        if extra:
            problems.append("matrix keys %s not in the real file's" % sorted(extra))
        if (q["Selector"], q["SubSelector"]) != ("Likert", "SingleAnswer"):
            problems.append("selector %s" % q["Selector"])
        lo = KINDS[q["ChoiceDataExportTags"]["1"]][1]
        hi = 5 if lo == VMIN else 10
        if list(q["RecodeValues"].values()) != [str(v) for v in range(lo, hi + 1)]:
            problems.append("recode values %s" % q["RecodeValues"])
        items += [q["ChoiceDataExportTags"][c] for c in q["ChoiceOrder"]]
        sv = q["Language"]["SV"]
        for c in q["ChoiceOrder"]:
            it = [i for i in ins["items"] if i["id"] == q["ChoiceDataExportTags"][c]][0]
            if sv["Choices"][c]["Display"] != it["text"]["sv"] or \
                    q["Choices"][c]["Display"] != it["text"]["fi"]:
                problems.append("item %s texts" % it["id"])
    if items != [it["id"] for it in ins["items"] if it.get("type") != "text"]:
        problems.append("export tags %s" % items)
    te = [q["DataExportTag"] for q in qs if q["QuestionType"] == "TE"]
    if te != [it["id"] for it in ins["items"] if it.get("type") == "text"]:
        problems.append("text entries %s" % te)
    langs = [e["Payload"]["AvailableLanguages"] for e in mine["SurveyElements"]
             if e["Element"] == "SO"][0]
    if list(langs) != ["FI", "SV", "EN"] or mine["SurveyEntry"]["SurveyLanguage"] != "FI":
        problems.append("languages %s" % langs)
    report("export_survey_qsf_structure", problems)


# ---- licence guard, errors --------------------------------------------------

def check_licence_guard(tmp):
    out = os.path.join(tmp, "bpnsfs.txt")
    p = run("export-survey", "-i", "bpnsfs-work", "--format", "limesurvey-tsv",
            "--lang", "en,fi", "-o", out)
    ins = instrument("bpnsfs-work")
    problems = []
    sq = [r for r in read_tsv(out) if r["class"] == "SQ"]
    if len(sq) != 2 * len(ins["items"]):
        problems.append("%d subquestions" % len(sq))
    for r in sq:
        it = [i for i in ins["items"] if i["id"] == r["name"]][0]
        if not r["text"].startswith("[PLACEHOLDER %s:" % it["id"]) or \
                not r["text"].endswith(it["label"][r["language"]]):
            problems.append("subquestion %s: %s" % (r["name"], r["text"]))
    if ins["terms"]["en"] not in p.stderr:
        problems.append("the terms are not printed")
    if "24 of 24 items" not in p.stderr:
        problems.append("no placeholder warning: %s" % p.stderr[:200])
    p = run("export-survey", "-i", INS, "--format", "qsf", "-o",
            os.path.join(tmp, "pulse_en.qsf"))
    if "PLACEHOLDER" in open(os.path.join(tmp, "pulse_en.qsf"), encoding="utf-8").read() \
            or "warning" in p.stderr or instrument(INS)["terms"]["en"] not in p.stderr:
        problems.append("the pulse, which has its texts: %s" % p.stderr[:200])
    report("export_survey_licence_guard", problems)


def check_failures_leave_nothing(tmp):
    problems = []
    d = os.path.join(tmp, "fail")
    os.mkdir(d)
    dup = os.path.join(d, "teams.txt")
    with open(dup, "w", encoding="utf-8") as f:
        f.write("Sales/Team 1\n\nSales/Team 1\n")
    cases = [
        (["--format", "pdf"], 2, "unknown format 'pdf'"),
        (["--format", "qsf", "--lang", "fi,de"], 2, "unknown language 'de'"),
        (["--format", "xlsform", "--teams", dup], 1, "teams.txt:3: team 'Sales/Team 1' "
                                                       "is already on line 1"),
        (["--format", "qsf", "--teams", os.path.join(d, "none.txt")], 3, "cannot read"),
    ]
    for args, code, msg in cases:
        p = run("export-survey", "-i", INS, *args, "-o", os.path.join(d, "s.out"),
                check=False)
        if p.returncode != code or msg not in p.stderr:
            problems.append("%s: exit %d, %s" % (args, p.returncode, p.stderr.strip()))
    left = sorted(f for f in os.listdir(d) if f != "teams.txt")
    if left:
        problems.append("files left behind: %s" % left)
    report("export_survey_failures_leave_nothing", problems)


def main():
    if instrument(INS)["response_scale"]["min"] != VMIN:
        raise RuntimeError("the pulse's scale no longer starts at %d" % VMIN)
    tmp = tempfile.mkdtemp(prefix="sdt-export-survey-")
    try:
        rs, canon = responses(tmp)
        want, err = scores_without_ids([canon])
        if err:
            raise RuntimeError(err)
        teams_file = os.path.join(tmp, "teams.txt")
        teams = sorted({r["team"] for r in rs if r.get("team")})
        with open(teams_file, "w", encoding="utf-8") as f:
            f.write("\n".join(teams) + "\n")
        check_limesurvey(tmp, rs, want, teams_file)
        check_xlsform(tmp, rs, want, teams_file)
        check_qsf(tmp, rs, want, teams_file)
        check_licence_guard(tmp)
        check_failures_leave_nothing(tmp)
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(tmp)
    finish()


if __name__ == "__main__":
    main()
