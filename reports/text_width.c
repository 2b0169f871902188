/*
 * text_width.c - column widths that hold a header: its longest word whole
 * (Finnish and Swedish compounds must not break mid-word), and every line
 * it wraps into clear of the column's left edge, so that a right-aligned
 * header never runs into the one on its left ("rwg(j) Slumpgräns (95:e"
 * read as one heading); and the lines a text takes as Excel wraps it, so
 * that a row set to a height never hides a line. Text is measured with
 * Calibri Bold's advance widths, not counted in characters.
 */
#include <math.h>
#include <stddef.h>

#include "sheet.h"

/* Calibri Bold's advance widths in font units (2048 an em), as its
 * metric-compatible twin Carlito Bold declares them: U+0020..U+007E, then
 * U+00A0..U+00FF; anything else counts as an "n". */
static const unsigned short ascii_adv[95] = {
	463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880,
	1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020,
	949, 1840, 1241, 1148, 1084, 1291, 999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349,
	1385, 1090, 1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064, 979, 665, 880, 665, 1020,
	1020, 615, 1011, 1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099,
	1101, 1099, 1099, 728, 817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020};
static const unsigned short latin1_adv[96] = {
	1038, 667, 1020, 1038, 1020, 1038, 1020, 1020, 849, 1709, 852, 1103, 1020, 1038, 1038,
	799, 701, 1020, 692, 688, 616, 1154, 1224, 548, 621, 517, 891, 1103, 1347, 1415, 1437,
	949, 1241, 1241, 1241, 1241, 1241, 1241, 1588, 1084, 999, 999, 999, 999, 546, 546, 546,
	546, 1309, 1349, 1385, 1385, 1385, 1385, 1385, 1020, 1394, 1337, 1337, 1337, 1337, 1064,
	1090, 1136, 1011, 1011, 1011, 1011, 1011, 1011, 1587, 857, 1031, 1031, 1031, 1031, 503,
	503, 503, 503, 1099, 1099, 1101, 1101, 1101, 1101, 1101, 1020, 1114, 1099, 1099, 1099,
	1099, 970, 1099, 970};

/* 11 pt on a 96 dpi screen, in pixels per font unit */
#define PX_PER_UNIT (11.0 * 96.0 / 72.0 / 2048.0)
/* what a cell keeps of its column for margins, and the least free space
 * a line of a wrapped header leaves on its left */
#define MARGIN_PX 3.0
#define GAP_PX 2.5
#define MAX_HEADER_WIDTH 60.0
/* an indent level, a little more than Excel's three spaces */
#define INDENT_PX 10.0

/* The advance of code point cp: Latin-1 from the tables, the dashes and
 * quotes of General Punctuation, wide (CJK and Hangul) scripts a whole
 * em, anything else an "n". */
static unsigned advance(unsigned cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return ascii_adv[cp - 0x20];
	if (cp >= 0xA0 && cp <= 0xFF)
		return latin1_adv[cp - 0xA0];
	if (cp == 0x2013 || cp == 0x2212 || cp == 0x2022)
		return 1020;
	if (cp == 0x2014)
		return 1854;
	if (cp == 0x2018 || cp == 0x2019)
		return 528;
	if (cp == 0x201C || cp == 0x201D)
		return 891;
	if (cp == 0x2026)
		return 1457;
	if ((cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60))
		return 2048;
	return ascii_adv['n' - 0x20];
}

/* Pixels of the UTF-8 text[0..n) in 11 pt Calibri Bold. */
static double bold_px(const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + n;
	unsigned cp, units = 0;
	int more;

	while (p < end) {
		cp = *p++;
		more = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
		cp &= more == 3 ? 0x07 : more == 2 ? 0x0F : more == 1 ? 0x1F : 0xFF;
		for (; more > 0 && p < end && (*p & 0xC0) == 0x80; more--)
			cp = (cp << 6) | (*p++ & 0x3F);
		units += advance(cp);
	}
	return units * PX_PER_UNIT;
}

/* The next line of text from `line`, wrapped at spaces and newlines as a
 * renderer does in `room` pixels: the longest run of whole words that
 * fits (a longer word alone). Returns its end (a space, a newline or the
 * NUL) and its width in *w. */
static const char *next_line(const char *line, double room, double *w)
{
	const char *p, *end = NULL;

	for (p = line;; p++) {
		if (*p == ' ' || *p == '\n' || !*p) {
			if (end && bold_px(line, (size_t)(p - line)) > room)
				break;
			end = p;
			if (*p != ' ')
				break;
		}
	}
	*w = bold_px(line, (size_t)(end - line));
	return end;
}

/* 1 when `text`, wrapped in `room` pixels, has no line wider than
 * room - GAP_PX. */
static int lines_clear(const char *text, double room)
{
	const char *end;
	double w;

	for (;;) {
		end = next_line(text, room, &w);
		if (w > room - GAP_PX)
			return 0;
		if (!*end)
			return 1;
		text = end + 1;
	}
}

double sdt_rep_col_px(double width)
{
	return floor(width * 7.0 + 0.5) + 5.0;
}

/* 1 when every line of text leaves its gap in a column set w wide, in
 * Excel and in LibreOffice, whose columns are wider and wrap differently.
 * libxlsxwriter stores w as round(7 w) + 5 pixels (7 px is Calibri 11's
 * digit, 5 the cell's padding), which Excel shows as such and LibreOffice
 * as 7.43 px (the digit's unrounded width) a seventh of them. */
static int header_clear(const char *text, double w)
{
	double px = sdt_rep_col_px(w);

	return lines_clear(text, px - MARGIN_PX) && lines_clear(text, px / 7.0 * 7.43 - MARGIN_PX);
}

double sdt_rep_text_lines(const char *text, double px, unsigned indent)
{
	double room = fmax(px - MARGIN_PX - INDENT_PX * indent, 1.0), w, n = 0;
	const char *end;

	if (!text)
		return 1;
	for (;;) {
		end = next_line(text, room, &w);
		/* a word longer than the line is broken wherever it fills one */
		n += w > room ? ceil(w / room) : 1;
		if (!*end)
			return n;
		text = end + 1;
	}
}

double sdt_rep_word_width(const char *text, double min)
{
	size_t len = 0, best = 0;
	const unsigned char *p;
	double w;

	for (p = (const unsigned char *)text; p && *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '/' || *p == '\n') {
			len = 0;
			continue;
		}
		if ((*p & 0xC0) != 0x80) /* count characters, not UTF-8 bytes */
			len++;
		if (len > best)
			best = len;
	}
	/* bold header text is wider than the width unit's digits */
	w = (double)best * 1.15 + 2.0 > min ? (double)best * 1.15 + 2.0 : min;
	while (text && w < MAX_HEADER_WIDTH && !header_clear(text, w))
		w += 0.25;
	return w;
}

double sdt_rep_msgs_width(const sdt_rep *r, const sdt_msg *ids, size_t n, double min)
{
	size_t k;
	double w = min, before;

	/* widening for one text can bring another's line up to the edge */
	do {
		before = w;
		for (k = 0; k < n; k++)
			w = sdt_rep_word_width(sdt_rep_t(r, ids[k]), w);
	} while (w != before);
	return w;
}

double sdt_rep_text_width(const char *text, double min, double max)
{
	size_t n = 0;
	const unsigned char *p;
	double w;

	for (p = (const unsigned char *)text; p && *p; p++)
		n += (*p & 0xC0) != 0x80;
	w = (double)n * 1.1 + 2.0;
	return w < min ? min : w > max ? max : w;
}
