#!/usr/bin/python3
"""Survey exports (issue 8): every fixture in tests/fixtures/exports/ -
Forms .xlsx, Google Forms, Qualtrics, LimeSurvey and Webropol exports with
answers as numbers and as English and Finnish labels, semicolon, UTF-16,
windows-1252 and .xlsx variants - scores (`sdtscore score`) to exactly the
same output as the canonical NDJSON of the same answers; `import` writes
NDJSON that scores the same too; `import --suggest` proposes a map that
reads the export. Env: SDT (the binary), SHARED."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sdtcheck  # noqa: E402

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                   "fixtures", "exports")
INS = "learning-leadership-pulse"

CASES = [
    ("forms_num", ["forms_num.xlsx", "--map", "forms_en.map.json"]),
    ("forms_en", ["forms_en.xlsx", "--map", "forms_en.map.json"]),
    ("forms_fi", ["forms_fi.xlsx", "--map", "forms_fi.map.json"]),
    ("google_num", ["google_num.csv", "--map", "google.map.json"]),
    ("google_en", ["google_en.csv", "--map", "google.map.json"]),
    ("google_fi", ["google_fi.csv", "--map", "google.map.json"]),
    ("qualtrics_num_map", ["qualtrics_num.csv", "--map", "qualtrics.map.json"]),
    ("qualtrics_en_map", ["qualtrics_en.csv", "--map", "qualtrics.map.json"]),
    ("qualtrics_fi_layout", ["qualtrics_fi.csv", "--layout", "qualtrics"]),
    ("qualtrics_num_layout", ["qualtrics_num.csv", "--layout", "qualtrics"]),
    ("limesurvey_num", ["limesurvey_num.csv", "--layout", "limesurvey"]),
    ("limesurvey_en", ["limesurvey_en.csv", "--layout", "limesurvey"]),
    ("limesurvey_fi", ["limesurvey_fi.csv", "--layout", "limesurvey"]),
    ("limesurvey_codes", ["limesurvey_codes.csv", "--map",
                          "limesurvey_codes.map.json"]),
    ("webropol_fi_semicolon_bom", ["webropol_fi.csv", "--map", "webropol.map.json"]),
    ("webropol_en_semicolon", ["webropol_en.csv", "--map", "webropol.map.json"]),
    ("webropol_num_excel_mangled", ["webropol_num.csv", "--map",
                                    "webropol.map.json"]),
    ("webropol_fi_windows1252", ["webropol_fi_1252.csv", "--map",
                                 "webropol.map.json", "--encoding",
                                 "windows-1252"]),
    ("webropol_fi_utf16le_tab", ["webropol_fi_utf16.txt", "--input-format",
                                 "csv", "--map", "webropol.map.json"]),
    ("webropol_en_utf16be_tab", ["webropol_en_utf16be.csv", "--map",
                                 "webropol.map.json"]),
    ("webropol_fi_delimiter_option", ["webropol_fi.csv", "--delimiter", ";",
                                      "--map", "webropol.map.json"]),
]


def score(args):
    p = sdtcheck.run("score", "-i", INS, *args)
    return p.stdout


def main():
    os.chdir(FIX)
    want = score(["canonical.ndjson"])
    rows = want.count("\n") - 1
    for name, args in CASES:
        try:
            got = score(args)
            problems = [] if got == want else [
                "scores differ from the canonical NDJSON's (%d vs %d lines)"
                % (got.count("\n") - 1, rows)]
        except RuntimeError as e:
            problems = [str(e)]
        sdtcheck.report("exports/" + name, problems)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "forms.ndjson")
        problems = []
        try:
            sdtcheck.run("import", "-i", INS, "--map", "forms_fi.map.json",
                         "forms_fi.xlsx", "-o", out)
            if score([out]) != want:
                problems.append("imported NDJSON scores differently")
        except RuntimeError as e:
            problems.append(str(e))
        sdtcheck.report("exports/import_forms_fi", problems)
        for exp in ("webropol_fi.csv", "google_en.csv", "forms_en.xlsx"):
            problems = []
            mp = os.path.join(tmp, exp + ".map.json")
            try:
                p = sdtcheck.run("import", "-i", INS, "--suggest", exp)
                with open(mp, "w", encoding="utf-8") as f:
                    f.write(p.stdout)
                if "item " in p.stderr:
                    problems.append("items left unmatched: " + p.stderr.strip())
                got = score([exp, "--map", mp])
                if "Department" in p.stdout or "Osasto" in p.stdout:
                    pass  # one team column is suggested; compare scores only
                base = [ln.split(",", 2)[::2] for ln in got.splitlines()]
                ref = [ln.split(",", 2)[::2] for ln in want.splitlines()]
                if base != ref:
                    problems.append("the suggested map scores differently")
            except RuntimeError as e:
                problems.append(str(e))
            sdtcheck.report("exports/suggest_" + exp, problems)
    sdtcheck.finish()


if __name__ == "__main__":
    main()
