"""The Finnish and Swedish workbooks read as they should on screen and on
paper (openpyxl, independently of the report code):

- no header breaks mid-word: for every wrapped cell of every sheet, each
  word fits the width of the cell's column (or merged columns). A wrapped
  text breaks only at a space or after a hyphen or slash, so a longer word
  is cut inside ("Yhteenkuuluv|uus"). Bold header text is taken as 1.1
  width units a character plus 1 for the cell's padding, plain text as 1;
  the width unit is the width of a digit, and letters of Calibri average
  less, so a word that passes fits with room to spare;
- no text is cut off: a cell that does not wrap and has a filled cell on
  its right shows only what fits its column (or merged columns), so its
  text must fit. Plain text is taken as 0.8 width units a character plus
  0.7 for the padding, bold as 1.1, and an indent level as 1.5: in
  LibreOffice 46 characters of a scale label filled a 38 wide column (0.83
  a character), so this catches a cut of more than a few characters;
- no text touches the figure on its left: a left-aligned text right of a
  number (right-aligned) is indented ("0.696below 0.70: ..." read as one);
- no header runs into the header on its left: a right-aligned wrapped
  header beside a right-aligned one keeps a gap on each line they share
  ("rwg(j) Slumpgr\u00e4ns (95:e" read as one heading), as the header is
  wrapped in Excel and in LibreOffice (measured with the Carlito font);
- no wrapped text is taller than its row: where a row's height is set (a
  row left at the default height grows to its text when Excel opens it),
  the lines a wrapped text takes as Excel wraps it, measured in Carlito
  (Calibri's metrics) in its weight and slant, fit the row at 13 pt a
  line. Excel's columns are narrower than LibreOffice's, so a label that
  LibreOffice shows on one line can take two in Excel, the second hidden
  by a one-line row ("Yhteenkuuluvuuden tarpeen | tyydyttyminen");
- a row's texts and figures share one vertical alignment (the top): a
  text at the bottom of its row stood a little below the numbers beside
  it in LibreOffice, whose rows are taller than Calibri's line;
- nothing is printed cut by the page: on a sheet printed on pages side
  by side with columns repeated on each (Heatmap, Items), no cell of those
  columns spans or runs past them, which would print a slice of a legend
  on every further page;
- the Trend sheet repeats its header row on every printed page only when
  its table runs past the first (over 30 rows): a short table's header
  would stand alone above the charts' pages;
- every chart has a literal title (a title that only refers to a cell is
  shown as "Chart Title" by LibreOffice: the workbook caches no cell text);
- figures written into text use the language's decimal comma and "51 %"
  (a no-break space before the sign), and the p format's "<0.001" is
  "<0,001" in Finnish and Swedish like the other p values Excel shows
  there;
- Finnish texts speak to the supervisor in the singular: no plural
  imperative ("Sopikaa", "jättäkää") or plural "you".

The workbooks: the example report (two waves, headcounts, a breakdown),
supervisors' split workbooks (following up chosen actions), a BPNSFS report (frustration scales and
composites) and a portfolio benchmark, each in fi and sv (and en for the
charts and formats)."""
import glob
import math
import os
import re
import shutil
import tempfile
import zipfile

import openpyxl

import fontwidth
from openpyxl.utils import column_index_from_string

from sdtcheck import finish, report, run

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
EX = os.path.join(TOP, "examples")
DEFAULT_WIDTH = 8.43  # Excel's default column width, characters

BOLD_CHAR, PLAIN_CHAR, PAD = 1.1, 1.0, 1.0


def words(text):
    """The pieces a wrapped cell cannot break: split at white space, and
    after a hyphen, a dash or a slash."""
    out = []
    for w in text.split():
        out += [p for p in re.split(r"(?<=[-\u2013/])", w) if p]
    return out


def widths(ws):
    """Column number -> width in characters, as the sheet declares it."""
    got = {}
    for key, dim in ws.column_dimensions.items():
        first = dim.min or column_index_from_string(key)
        if dim.width:
            for c in range(first, (dim.max or first) + 1):
                got[c] = dim.width
    return got


def cell_width(ws, cell, cols, merged):
    first, last = merged.get((cell.row, cell.column), (cell.column, cell.column))
    return sum(cols.get(c, DEFAULT_WIDTH) for c in range(first, last + 1))


def mid_word_breaks(ws):
    """Wrapped cells with a word wider than their column: (problems, number
    of header cells checked)."""
    cols = widths(ws)
    merged = {(m.min_row, m.min_col): (m.min_col, m.max_col) for m in ws.merged_cells.ranges}
    problems, headers = [], 0
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                continue
            bold = bool(cell.font and cell.font.b)
            headers += bold
            room = cell_width(ws, cell, cols, merged)
            for w in words(cell.value):
                need = len(w) * (BOLD_CHAR if bold else PLAIN_CHAR) + PAD
                if need > room:
                    problems.append("%s!%s: %r (%d characters) in a column %.1f wide" % (
                        ws.title, cell.coordinate, w, len(w), room))
    return problems, headers


CLIP_CHAR, CLIP_PAD, CLIP_INDENT = 0.8, 0.7, 1.5


def clipped_texts(ws):
    """Texts that do not wrap, have a filled neighbour on the right and are
    wider than their column (or merged columns): shown cut off."""
    cols = widths(ws)
    merged = {(m.min_row, m.min_col): (m.min_col, m.max_col) for m in ws.merged_cells.ranges}
    problems = []
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or cell.alignment.wrap_text:
                continue
            first, last = merged.get((cell.row, cell.column), (cell.column, cell.column))
            if ws.cell(row=cell.row, column=last + 1).value in (None, ""):
                continue
            room = sum(cols.get(c, DEFAULT_WIDTH) for c in range(first, last + 1))
            bold = bool(cell.font and cell.font.b)
            need = len(cell.value) * (BOLD_CHAR if bold else CLIP_CHAR) + CLIP_PAD + \
                (cell.alignment.indent or 0) * CLIP_INDENT
            if need > room:
                problems.append("%s!%s: %r cut off: %d characters in a column %.1f wide" % (
                    ws.title, cell.coordinate, cell.value[:60], len(cell.value), room))
    return problems


def touching_texts(ws):
    """Left-aligned texts without an indent right after a right-aligned
    number: the two read as one ("89%Autonomy satisfaction")."""
    problems = []
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or cell.column == 1:
                continue
            a = cell.alignment
            if a.horizontal not in (None, "general", "left") or (a.indent or 0) > 0:
                continue
            left = ws.cell(row=cell.row, column=cell.column - 1)
            if isinstance(left.value, (int, float)) and not isinstance(left.value, bool) and \
                    left.alignment.horizontal in (None, "general", "right"):
                problems.append("%s!%s: %r right after the figure %r" % (
                    ws.title, cell.coordinate, cell.value[:40], left.value))
    return problems


# Bold header text is measured with Carlito Bold, metric-compatible with
# Calibri, at 11 pt on a 96 dpi screen. A column w wide is 7 w pixels in
# Excel (7 px is Calibri 11's digit) and about 7.43 w in LibreOffice (the
# digit's unrounded width); a renderer wraps a line that passes the column
# less 3 px of margins. A line that leaves less than 2.5 px of that free
# beside its neighbour's text (under two word spaces in all, with the
# margin) reads as one with it: LibreOffice set "Slumpgr\u00e4ns (95:e"
# (105.5 px) in a 14.7 wide column with 0.8 px free, against "rwg(j)".
FONT = fontwidth.Font("/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf")
FONT_PX, RENDERERS, MARGIN_PX, GAP_PX = 11 * 96 / 72, (("Excel", 7.0), ("LibreOffice", 7.43)), 3.0, 2.5


def header_lines(text, room):
    """The pixel widths of a bold wrapped text's lines in `room` pixels:
    broken at its newlines, then greedily at spaces."""
    out = []
    for para in text.split("\n"):
        line = ""
        for w in [w for w in para.split(" ") if w]:
            longer = line + " " + w if line else w
            if line and FONT.width(longer, FONT_PX) > room:
                out.append(FONT.width(line, FONT_PX))
                line = w
            else:
                line = longer
        out.append(FONT.width(line, FONT_PX))
    return out


def right_aligned(cell):
    """A right-aligned value: a number shown in general alignment, or any
    value aligned right."""
    h = cell.alignment.horizontal
    number = isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
    return h == "right" or (number and h in (None, "general"))


def crowded_headers(ws):
    """Right-aligned wrapped bold headers with a line that fills their
    column beside a line of the right-aligned header on their left, in
    Excel or in LibreOffice."""
    cols = widths(ws)
    merged = {(m.min_row, m.min_col): (m.min_col, m.max_col) for m in ws.merged_cells.ranges}
    problems = []
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or cell.column == 1 or \
                    cell.alignment.horizontal != "right" or not cell.alignment.wrap_text or \
                    not (cell.font and cell.font.b):
                continue
            left = ws.cell(row=cell.row, column=cell.column - 1)
            if left.value in (None, "") or not right_aligned(left):
                continue
            for name, px in RENDERERS:
                room = cell_width(ws, cell, cols, merged) * px - MARGIN_PX
                beside = len(header_lines(left.value, cell_width(ws, left, cols, merged) * px -
                                          MARGIN_PX)) if isinstance(left.value, str) else 1
                tight = [w for w in header_lines(cell.value, room)[:beside]
                         if room - GAP_PX < w <= room]
                if tight:
                    problems.append("%s!%s: %r runs into %r on its left in %s (a line of %.0f "
                                    "px in %.0f)" % (ws.title, cell.coordinate, cell.value[:40],
                                                     left.value, name, tight[0], room))
                    break
    return problems


FONTS = {(b, i): fontwidth.Font("/usr/share/fonts/truetype/crosextra/Carlito-%s.ttf" % name)
         for (b, i), name in (((False, False), "Regular"), ((True, False), "Bold"),
                              ((False, True), "Italic"), ((True, True), "BoldItalic"))}
EXCEL_INDENT_PX, LINE_PT = 9.0, 13.0


def excel_lines(font, text, room, size):
    """The lines text takes wrapped at spaces and newlines in room pixels,
    a word longer than a line broken wherever it fills one."""
    n = 0
    for para in text.split("\n"):
        done = []
        line = ""
        for w in [w for w in para.split(" ") if w]:
            longer = line + " " + w if line else w
            if line and font.width(longer, size) > room:
                done.append(line)
                line = w
            else:
                line = longer
        done.append(line)
        n += sum(max(1, math.ceil(font.width(t, size) / room)) for t in done)
    return n


def short_rows(ws):
    """Wrapped texts with more lines in Excel than their set row height
    holds."""
    cols = widths(ws)
    merged = {(m.min_row, m.min_col): (m.min_col, m.max_col, m.max_row)
              for m in ws.merged_cells.ranges}
    problems = []
    for row in ws.iter_rows():
        for cell in row:
            height = ws.row_dimensions[cell.row].height
            if not isinstance(cell.value, str) or not cell.alignment.wrap_text or height is None:
                continue
            first, last, last_row = merged.get((cell.row, cell.column),
                                               (cell.column, cell.column, cell.row))
            if last_row != cell.row:
                continue
            room = sum(int(cols.get(c, DEFAULT_WIDTH) * 7 + 0.5) for c in range(first, last + 1)) \
                - MARGIN_PX - (cell.alignment.indent or 0) * EXCEL_INDENT_PX
            size = cell.font.sz or 11
            n = excel_lines(FONTS[(bool(cell.font.b), bool(cell.font.i))], cell.value, room,
                            size * 96 / 72)
            if n > 1 and height < (LINE_PT * n + 2) * size / 11:
                problems.append("%s!%s: %d lines in Excel in a row %.0f pt tall: %r" % (
                    ws.title, cell.coordinate, n, height, cell.value[:50]))
    return problems


def misaligned_rows(ws):
    """Rows whose filled cells do not share one vertical alignment."""
    problems = []
    for row in ws.iter_rows():
        seen = {}
        for cell in row:
            if cell.value in (None, ""):
                continue
            seen.setdefault(cell.alignment.vertical or "bottom", cell.coordinate)
        if len(seen) > 1:
            problems.append("%s: row %d mixes %s" % (ws.title, row[0].row, ", ".join(
                "%s (%s)" % (v, c) for v, c in sorted(seen.items()))))
    return problems


def repeated_columns(ws):
    """The columns printed on every page (1-based, inclusive), or None."""
    m = re.fullmatch(r"\$?([A-Z]+):\$?([A-Z]+)", ws.print_title_cols or "")
    if not m:
        return None
    return column_index_from_string(m.group(1)), column_index_from_string(m.group(2))


def cut_by_pages(ws):
    """Cells of the repeated columns of a sheet printed on several pages
    side by side that span or run past those columns: each further page
    prints a slice of them."""
    rep = repeated_columns(ws)
    if rep is None or not ws.col_breaks.brk:
        return []
    cols = widths(ws)
    merged = {(m.min_row, m.min_col): (m.min_col, m.max_col) for m in ws.merged_cells.ranges}
    problems = []
    for row in ws.iter_rows(max_col=rep[1]):
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            first, last = merged.get((cell.row, cell.column), (cell.column, cell.column))
            need = len(cell.value) * CLIP_CHAR + CLIP_PAD
            room = sum(cols.get(c, DEFAULT_WIDTH) for c in range(first, rep[1] + 1))
            if last > rep[1] or (not cell.alignment.wrap_text and need > room and
                                 ws.cell(row=cell.row, column=rep[1] + 1).value in (None, "")):
                problems.append("%s!%s: %r reaches past the columns repeated on every page "
                                "(%s): each further page prints a slice of it" % (
                                    ws.title, cell.coordinate, cell.value[:40],
                                    ws.print_title_cols))
    return problems


TREND_SHEETS = ("Trend", "Kehitys", "Utveckling")
TABLE_PAGE_ROWS = 30


def trend_titles(wb):
    """The Trend sheet's repeated header against the length of its table
    (the rows from the header to the first empty one)."""
    for name in TREND_SHEETS:
        if name not in wb.sheetnames:
            continue
        ws = wb[name]
        rows = 1
        while ws.cell(row=rows + 1, column=1).value not in (None, ""):
            rows += 1
        repeated = (ws.print_title_rows or "").replace("$", "") == "1:1"
        if repeated != (rows > TABLE_PAGE_ROWS):
            return ["%s: a table of %d rows %s its header on every page" % (
                name, rows, "repeats" if repeated else "does not repeat")], rows
        return [], rows
    return [], 0


def self_check(problems):
    """The rule itself: the header the issue found broken is caught, and
    the same word in a column wide enough is not."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for col, width in (("A", 12.7), ("B", 18.5)):
        ws.column_dimensions[col].width = width
        c = ws[col + "1"]
        c.value = "Yhteenkuuluvuus"
        c.font = openpyxl.styles.Font(bold=True)
        c.alignment = openpyxl.styles.Alignment(wrap_text=True)
    found, _ = mid_word_breaks(ws)
    if len(found) != 1 or "!A1" not in found[0]:
        problems.append("the check found %r for a 12.7 and an 18.5 wide column" % found)
    # the Scores sheet's label column was 38 wide, and the English label
    # below showed as "...goals with reaso" beside its n scored
    ws = openpyxl.Workbook().active
    label = "Supervisor supports autonomy: goals with reasons"
    for width, want in ((38.7, 1), (45.0, 0)):
        ws.column_dimensions["A"].width = width
        ws["A1"], ws["B1"] = label, 298
        if len(clipped_texts(ws)) != want:
            problems.append("clipped_texts: %d problems for a %d-character label in a "
                            "column %.1f wide, want %d" % (len(clipped_texts(ws)), len(label),
                                                           width, want))
    ws["A2"], ws["B2"] = 0.696, "below 0.70: interpret with care"
    if len(touching_texts(ws)) != 1:
        problems.append("touching_texts: %r for a note right after a figure" % touching_texts(ws))
    ws["B2"].alignment = openpyxl.styles.Alignment(indent=1)
    if touching_texts(ws):
        problems.append("touching_texts: an indented note is taken as touching")
    ws["B1"] = None
    ws.column_dimensions["A"].width = 10
    if clipped_texts(ws):
        problems.append("clipped_texts: a text with an empty neighbour overflows, not cut")
    # the team page's agreement header as a Swedish supervisor saw it
    ws = openpyxl.Workbook().active
    ws.column_dimensions["B"].width = ws.column_dimensions["C"].width = 14.7
    right = openpyxl.styles.Alignment(horizontal="right", wrap_text=True)
    for col, text in (("B", "rwg(j)"), ("C", "Slumpgr\u00e4ns (95:e percentilen)")):
        ws[col + "1"] = text
        ws[col + "1"].font = openpyxl.styles.Font(bold=True)
        ws[col + "1"].alignment = right
    if len(crowded_headers(ws)) != 1:
        problems.append("crowded_headers: %r for the Swedish cutoff header" % crowded_headers(ws))
    for text in ("Slumpgr\u00e4ns\n(95:e percentilen)", "Chance level (95th percentile)"):
        ws["C1"] = text
        if crowded_headers(ws):
            problems.append("crowded_headers: %r taken as crowded" % text)
    # the Finnish team page's label that Excel wraps in its 36-wide column
    ws = openpyxl.Workbook().active
    ws.column_dimensions["A"].width = 36.7109375
    ws["A1"] = "Yhteenkuuluvuuden tarpeen tyydyttyminen"
    ws["A1"].alignment = openpyxl.styles.Alignment(wrap_text=True)
    for height, want in ((16, 1), (29, 0), (None, 0)):
        ws.row_dimensions[1].height = height
        if len(short_rows(ws)) != want:
            problems.append("short_rows: %r for the label in a row %s pt tall"
                            % (short_rows(ws), height))
    # a group's path at the bottom of its row beside its top-aligned n
    ws = openpyxl.Workbook().active
    ws["A1"], ws["B1"] = "Org", 300
    ws["B1"].alignment = openpyxl.styles.Alignment(vertical="top")
    if len(misaligned_rows(ws)) != 1:
        problems.append("misaligned_rows: %r for a bottom text beside a top figure"
                        % misaligned_rows(ws))
    ws["A1"].alignment = openpyxl.styles.Alignment(vertical="top")
    if misaligned_rows(ws):
        problems.append("misaligned_rows: %r for a row all at the top" % misaligned_rows(ws))
    # a legend merged from column A under a table whose A:B print on
    # every page, as the Heatmap's was
    ws = openpyxl.Workbook().active
    ws.print_title_cols = "A:B"
    ws.col_breaks.append(openpyxl.worksheet.pagebreak.Break(id=5))
    ws["A1"], ws["C1"] = "Org", 3.3
    ws["A3"] = "Figures are means on the answer scale 1\u20135."
    ws.merge_cells("A3:E3")
    if len(cut_by_pages(ws)) != 1:
        problems.append("cut_by_pages: %r for a legend merged from A" % cut_by_pages(ws))
    ws.unmerge_cells("A3:E3")
    ws["A3"] = None
    ws["C3"] = "Figures are means on the answer scale 1\u20135."
    ws.merge_cells("C3:E3")
    if cut_by_pages(ws):
        problems.append("cut_by_pages: %r for a legend from C" % cut_by_pages(ws))
    if words("Benjamini\u2013Hochberg-korjattu p (korjattu)") != [
            "Benjamini\u2013", "Hochberg-", "korjattu", "p", "(korjattu)"]:
        problems.append("words() splits wrongly")


def chart_titles(path):
    """Charts whose title is not literal text."""
    bad = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not re.match(r"xl/charts/chart\d+\.xml$", name):
                continue
            xml = z.read(name).decode("utf-8")
            for title in re.findall(r"<c:title>(.*?)</c:title>", xml, re.S):
                if "<c:rich>" not in title:
                    bad.append("%s: title %s" % (name, re.sub(r"<[^>]+>", " ", title).split()[:3]))
    return bad


# "1.0.0" (a version), a licence's version ("CC BY 4.0"), a date or a path
# is not a figure in a sentence
NOT_FIGURES = re.compile(r"\d+\.\d+\.\d+|(?:CC BY|Nimeä|Erkännande) \d+\.\d+|"
                         r"\d{4}-\d\d-\d\d|[/\\]\S+")


def text_figures(ws):
    """Text cells writing a figure the English way: "0.70", "51%"."""
    bad = []
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            text = NOT_FIGURES.sub(" ", cell.value)
            if re.search(r"\d\.\d|\d%|\d %", text):
                bad.append("%s!%s: %r" % (ws.title, cell.coordinate, cell.value[:80]))
    return bad


# Finnish plural ("te") imperatives end in -kaa/-kää (also -tkaa/-tkää);
# these words only look like them
NOT_PLURAL = {"aikaa", "kokonaisaikaa", "työaikaa"}


def plural_address(ws):
    bad = []
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            for w in re.findall(r"\w+", cell.value.lower()):
                if (w.endswith(("kaa", "kää")) and w not in NOT_PLURAL) or \
                        w in ("te", "teidän", "teille", "teitä", "teillä", "tiiminne"):
                    bad.append("%s!%s: %r in %r" % (ws.title, cell.coordinate, w,
                                                   cell.value[:60]))
    return bad


def number_formats(wb, lang):
    """The p and percentage formats of the workbook's figures."""
    bad, seen_p = [], False
    want_p = '"<0.001"' if lang == "en" else '"<0,001"'
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                f = cell.number_format
                if "<0.001]" in f:
                    seen_p = True
                    if want_p not in f:
                        bad.append("%s!%s: p format %r" % (ws.title, cell.coordinate, f))
                if f.endswith("%") and f[:-1].endswith(("0", " ")) and lang != "en" \
                        and not f.endswith("\u00a0%"):
                    bad.append("%s!%s: percentage format %r" % (ws.title, cell.coordinate, f))
    return bad, seen_p


def check_book(name, path, lang, problems_by_check, want_p):
    wb = openpyxl.load_workbook(path)
    layout, headers = [], 0
    for ws in wb.worksheets:
        got, n = mid_word_breaks(ws)
        layout += got + clipped_texts(ws) + touching_texts(ws) + crowded_headers(ws) + \
            cut_by_pages(ws) + misaligned_rows(ws) + short_rows(ws)
        headers += n
    titles, trend_rows = trend_titles(wb)
    layout += titles
    problems_by_check["trend rows"].append(trend_rows)
    if headers < 5 * len(wb.worksheets) // 2:
        layout.append("only %d header cells checked on %d sheets" % (headers, len(wb.worksheets)))
    problems_by_check["layout"].append(("%s/%s (%d sheets, %d headers)" % (
        lang, name, len(wb.worksheets), headers), layout))
    problems_by_check["charts"].append(("%s/%s" % (lang, name), chart_titles(path)))
    fmt, seen_p = number_formats(wb, lang)
    if want_p and not seen_p:
        fmt.append("no p value format seen")
    if lang != "en":
        fmt += sum((text_figures(ws) for ws in wb.worksheets), [])
    problems_by_check["formats"].append(("%s/%s" % (lang, name), fmt))
    if lang == "fi":
        problems_by_check["address"].append((name, sum((plural_address(ws)
                                                         for ws in wb.worksheets), [])))


def main():
    problems = []
    self_check(problems)
    report("i18n-layout/self-check", problems)
    tmp = tempfile.mkdtemp(prefix="sdt-i18n-layout-")
    checks = {"layout": [], "charts": [], "formats": [], "address": [], "trend rows": []}
    try:
        common = ["-i", "learning-leadership-pulse", "--by", "work_mode",
                  "--headcount", os.path.join(EX, "headcount.csv"),
                  "--wave", "Spring 2026=" + os.path.join(EX, "learning-leadership-pulse-previous.csv"),
                  "--wave", "Autumn 2026=" + os.path.join(EX, "learning-leadership-pulse.csv")]
        # every proposed focus area chosen, so the team pages follow them up
        acts = os.path.join(tmp, "actions.csv")
        run("report", "-i", "learning-leadership-pulse", "--actions-out", acts,
            "-o", os.path.join(tmp, "spring.xlsx"),
            os.path.join(EX, "learning-leadership-pulse-previous.csv"))
        with open(acts, encoding="utf-8") as f:
            rows = f.read().splitlines()
        with open(acts, "w", encoding="utf-8") as f:
            f.write("\n".join(rows[:1] + [r.rsplit(",", 1)[0] + ",yes" for r in rows[1:]]) + "\n")
        sim = os.path.join(tmp, "bpnsfs.csv")
        run("simulate", "-i", "bpnsfs-work", "--respondents", "300", "--teams", "12",
            "--attribute", "work_mode=remote,office", "--seed", "7", "-o", sim)
        for lang in ("en", "fi", "sv"):
            d = os.path.join(tmp, lang)
            os.mkdir(d)
            path = os.path.join(d, "report.xlsx")
            run("report", *common, "--lang", lang, "-o", path)
            check_book("report", path, lang, checks, True)
            teams = os.path.join(d, "teams")
            os.mkdir(teams)
            run("report", *common, "--split-by", "team", "--actions", acts, "--lang", lang,
                "-o", teams)
            for t in sorted(glob.glob(os.path.join(teams, "*.xlsx")))[:3] + \
                    glob.glob(os.path.join(teams, "*Team_02.xlsx")):
                check_book("team " + os.path.basename(t), t, lang, checks, True)
            path = os.path.join(d, "bpnsfs.xlsx")
            run("report", "-i", "bpnsfs-work", "--by", "work_mode", "--lang", lang,
                "-o", path, sim)
            check_book("bpnsfs", path, lang, checks, True)
            port = os.path.join(d, "portfolio")
            run("batch", "-i", "learning-leadership-pulse", "--lang", lang,
                "--anonymise-orgs", "-o", port, os.path.join(EX, "portfolio"))
            check_book("benchmark", os.path.join(port, "benchmark.xlsx"), lang, checks, False)
            anon = sorted(glob.glob(os.path.join(port, "*", "benchmark.xlsx")))[0]
            check_book("anonymised benchmark", anon, lang, checks, False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # both sides of the Trend rule: the org report's long table and the
    # team workbooks' short ones
    sizes = checks.pop("trend rows")
    report("i18n-layout/trend tables long and short (%r)" % sorted(set(sizes)),
           [] if any(n > TABLE_PAGE_ROWS for n in sizes) and
           any(0 < n <= TABLE_PAGE_ROWS for n in sizes) else ["one side not exercised"])
    for check, books in checks.items():
        for name, got in books:
            report("i18n-layout/%s/%s" % (check, name), got)


main()
finish()
