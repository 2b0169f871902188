"""Every figure of the workbooks carries the number format its column
promises (cell.number_format, openpyxl): the example's full report
(--by, two waves, headcounts), a supervisor's split workbook (Team sheet)
and a portfolio's benchmark.

The formats, as the report presents them:
  means, SDs, CIs, effect sizes, rwg(j), item statistics   two decimals
  coefficients held against the 0.70 rule (Reliability)    three decimals
  shares and response rates                                a percentage
  counts                                                   a whole number
  differences (and a change's CI)                          a sign, two decimals,
                                                           never -0.00
  a change since the previous wave (Summary, Team)         an arrow and a sign
  adjusted p                                               three decimals, "<0.001"
  benchmark percentiles of a portfolio                     one decimal
A cell is found by its table's header row; a figure under no known header
is a failure, so a new column needs its format written here."""
import glob
import os
import shutil
import tempfile

import openpyxl

from sdtcheck import finish, report, run

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
EX = os.path.join(TOP, "examples")

NUM, NUM3, PCT, COUNT = "0.00", "0.000", "0%", "0"
DIFF = "[>=0.005]+0.00;[<=-0.005]-0.00;0.00"
CHANGE = '[>=0.005]"\u25b2 "+0.00;[<=-0.005]"\u25bc "-0.00;0.00'
P = '[<0.001]"<0.001";0.000'
PCTL = "0.0"

HEADERS = {
    "n": COUNT, "n scored": COUNT, "n complete answers": COUNT, "Count": COUNT,
    "Respondents": COUNT, "Teams from organisations": COUNT, "From organisations": COUNT,
    "Mean": NUM, "SD": NUM, "95% CI low": NUM, "95% CI high": NUM, "Hedges' g": NUM,
    "Effect size": NUM, "d_z (paired)": NUM, "This team": NUM, "Organisation": NUM,
    "Supervisor practices (score)": NUM, "item\u2013rest r": NUM, "alpha if deleted": NUM,
    "Minimum": NUM, "Lower quartile": NUM, "Median": NUM, "Upper quartile": NUM,
    "Maximum": NUM, "r satisfaction \u2013 frustration": NUM,
    "r support \u2013 satisfaction": NUM,
    "Cronbach's alpha": NUM3, "alpha 95% CI low": NUM3, "alpha 95% CI high": NUM3,
    "omega total": NUM3, "average r": NUM3, "alpha complete answers": NUM3,
    "ICC(1)": NUM3, "ICC(2)": NUM3,
    "Response rate": PCT, "% favourable": PCT, "% unfavourable": PCT,
    "Difference from the rest": DIFF, "p (adjusted)": P, "Percentile": PCTL,
    "rwg(j)": NUM, "Chance level (95th percentile)": NUM, "r*wg(j)": NUM, "ADM(J)": NUM,
    "Share of the explained variation": PCT,
}
# Row labels of the Summary's first block: the figure is beside them.
ROW_LABELS = {"Respondents": COUNT, "Response rate": PCT}
# Columns named after a scale, need, item, wave or parent group: the
# sheet says what they hold.
BY_SHEET = {"Heatmap": NUM, "Items": PCT, "Charts": NUM, "Team": NUM, "Trend": NUM,
            "Summary": NUM}


# Labels that head a column of names, not figures.
NAMES = {"Group", "Scale", "Team", "Need", "Item", "Organisation", "Composite scores", "What"}


def is_header(row):
    """A header row: labels, one of them known, and no figure (a row of a
    hidden group holds only text too, but no known label)."""
    texts = [c.value for c in row if isinstance(c.value, str)]
    nums = [c for c in row if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    known = [t for t in texts if t in HEADERS or t in NAMES or t.startswith("Change since")]
    return len(texts) >= 2 and known and not nums


def expected(sheet, labels, label):
    """The format of a column labelled `label` in a table headed `labels`."""
    change_table = "Change" in labels or (labels and str(labels[0]).startswith("Change since"))
    if label is None:
        return None
    if change_table and label in ("95% CI low", "95% CI high"):
        return DIFF
    if label == "Change":
        return CHANGE if sheet == "Summary" else DIFF
    if label.startswith("Change since"):
        return CHANGE
    if label.startswith("rwg(j): "):
        return NUM
    if label in HEADERS:
        return HEADERS[label]
    return BY_SHEET.get(sheet)


def check_sheet(ws, counts):
    problems, head = [], {}
    labels = []
    for row in ws.iter_rows():
        if is_header(row):
            head = {c.column: c.value for c in row if isinstance(c.value, str)}
            labels = [c.value for c in row]
            continue
        if all(c.value is None for c in row):
            continue
        first = row[0].value
        for c in row:
            if not isinstance(c.value, (int, float)) or isinstance(c.value, bool):
                continue
            if c.column == 2 and first in ROW_LABELS:
                want = ROW_LABELS[first]
            else:
                want = expected(ws.title, labels, head.get(c.column))
            if want is None:
                problems.append("%s!%s: a figure under no known header" % (ws.title, c.coordinate))
            elif c.number_format != want:
                problems.append("%s!%s (%s): format %r, expected %r" % (
                    ws.title, c.coordinate, head.get(c.column), c.number_format, want))
            counts[ws.title] = counts.get(ws.title, 0) + 1
    return problems


def check_book(name, path, sheets):
    wb = openpyxl.load_workbook(path)
    counts, problems = {}, []
    for ws in wb.worksheets:
        problems += check_sheet(ws, counts)
    for s in sheets:  # every sheet with figures was read, and has some
        if counts.get(s, 0) < 5:
            problems.append("%s: %d figures checked" % (s, counts.get(s, 0)))
    report("report-formats/%s (%d figures on %d sheets)" % (name, sum(counts.values()),
                                                             len(counts)), problems)


def main():
    tmp = tempfile.mkdtemp(prefix="sdt-formats-")
    try:
        common = ["-i", "learning-leadership-pulse", "--by", "work_mode",
                  "--headcount", os.path.join(EX, "headcount.csv"),
                  "--wave", "Spring=" + os.path.join(EX, "learning-leadership-pulse-previous.csv"),
                  "--wave", "Autumn=" + os.path.join(EX, "learning-leadership-pulse.csv")]
        full = os.path.join(tmp, "report.xlsx")
        run("report", *common, "-o", full)
        check_book("report", full, ["Summary", "Heatmap", "Scores", "Trend",
                                    "Breakdown work_mode", "Items", "Actions", "Charts",
                                    "Reliability", "Data quality"])
        teams = os.path.join(tmp, "teams")
        os.mkdir(teams)
        run("report", *common, "--split-by", "team", "-o", teams)
        first = sorted(glob.glob(os.path.join(teams, "*.xlsx")))[0]
        check_book("team workbook", first, ["Team", "Summary", "Scores", "Trend"])
        port = os.path.join(tmp, "portfolio")
        run("batch", "-i", "learning-leadership-pulse", "-o", port,
            os.path.join(EX, "portfolio"))
        check_book("benchmark", os.path.join(port, "benchmark.xlsx"),
                   ["Organisations", "Teams", "Portfolio"])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


main()
finish()
