/*
 * cells.c - the cell writers, sheet setup and instrument look-ups every
 * sheet shares. Writers record the first libxlsxwriter failure in the
 * context and skip later writes, so sheets need no error check per cell.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

const char *sdt_rep_t(const sdt_rep *r, sdt_msg id)
{
	return sdt_i18n_text(r->lang, id);
}

int sdt_rep_check(sdt_rep *r, lxw_error e, const char *what)
{
	if (e == LXW_NO_ERROR || r->err)
		return r->err;
	r->err = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? SDT_ENOMEM : SDT_EIO;
	sdt_fail(r->err, "workbook: %s: %s", what, lxw_strerror(e));
	return r->err;
}

int sdt_rep_row(sdt_rep *r, lxw_worksheet *ws, size_t first, size_t last)
{
	size_t i;

	if (r->err || !ws)
		return -1;
	for (i = 0; i < r->n_rows && r->rows[i].ws != ws; i++)
		;
	if (i == r->n_rows) {
		if (i == SDT_REP_MAX_SHEETS) {
			r->err = sdt_fail(SDT_ELIMIT, "workbook: more than %d sheets",
			                  SDT_REP_MAX_SHEETS);
			return -1;
		}
		r->rows[i].ws = ws;
		r->rows[i].row = 0;
		r->n_rows++;
	}
	if (first < r->rows[i].row) {
		r->err = sdt_fail(SDT_EINTERNAL, "workbook: sheet '%s': row %zu written after "
		                  "row %zu", ws->name ? ws->name : "?", first + 1,
		                  r->rows[i].row + 1);
		return -1;
	}
	r->rows[i].row = last > first ? last : first;
	return 0;
}

void sdt_rep_merge(sdt_rep *r, lxw_worksheet *ws, size_t r0, size_t c0,
                   size_t r1, size_t c1, const char *text, lxw_format *f)
{
	if (sdt_rep_row(r, ws, r0, r1) < 0)
		return;
	sdt_rep_check(r, worksheet_merge_range(ws, (lxw_row_t)r0, (lxw_col_t)c0, (lxw_row_t)r1,
	                                       (lxw_col_t)c1, text ? text : "", f ? f : r->f.text),
	              "merging cells");
}

void sdt_rep_set_row(sdt_rep *r, lxw_worksheet *ws, size_t row, double height,
                     lxw_format *f)
{
	if (sdt_rep_row(r, ws, row, row) < 0)
		return;
	sdt_rep_check(r, worksheet_set_row(ws, (lxw_row_t)row, height, f), "setting a row");
}

void sdt_rep_text(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                  const char *s, lxw_format *f)
{
	if (r->err || !ws || !s || sdt_rep_row(r, ws, row, row) < 0)
		return;
	sdt_rep_check(r, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, s,
	                                        f ? f : r->f.text), "writing text");
}

void sdt_rep_num(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                 double x, lxw_format *f)
{
	if (r->err || !ws || isnan(x) || isinf(x) || sdt_rep_row(r, ws, row, row) < 0)
		return;
	sdt_rep_check(r, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, x, f),
	              "writing a number");
}

void sdt_rep_count(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                   size_t n)
{
	sdt_rep_num(r, ws, row, col, (double)n, r->f.count);
}

void sdt_rep_figure(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                    int hidden, double x, lxw_format *f)
{
	/* The hidden flag wins over the value: a figure the engine hid is
	 * never written, whatever number the struct might hold. */
	if (hidden == SDT_HIDDEN_PROTECTION)
		sdt_rep_text(r, ws, row, col, r->protect_text, r->f.hidden);
	else if (hidden)
		sdt_rep_text(r, ws, row, col, r->hidden_text, r->f.hidden);
	else
		sdt_rep_num(r, ws, row, col, x, f);
}

void sdt_rep_number_text(const sdt_rep *r, char *buf, size_t size, double x)
{
	char *p;

	snprintf(buf, size, "%g", x);
	if (strcmp(r->lang, "en") != 0 && (p = strchr(buf, '.')))
		*p = ',';
}

int sdt_rep_standing(const sdt_rep *r, size_t i, size_t s)
{
	const sdt_group_scale *c = &r->in->groups->groups[i].scales[s];
	int frustration = sdt_instrument_scale_valence(r->in->ins, s) == SDT_VALENCE_FRUSTRATION;
	double g, good;

	if (c->hidden)
		return 0;
	if (r->in->colour_favourable) {
		good = c->favourable; /* on frustration scales: not frustrated */
		(void)frustration;
		if (c->favourable_hidden || isnan(good))
			return 0;
		return good >= 0.70 ? 1 : good < 0.50 ? -1 : 0;
	}
	if (i == 0 || !c->significant || isnan(c->hedges_g))
		return 0;
	g = frustration ? -c->hedges_g : c->hedges_g;
	return g >= 0.2 ? 1 : g <= -0.2 ? -1 : 0;
}

lxw_format *sdt_rep_mean_format(const sdt_rep *r, size_t i, size_t s)
{
	int sig = r->in->groups->groups[i].scales[s].significant != 0;

	switch (sdt_rep_standing(r, i, s)) {
	case 1:
		return r->f.better[sig];
	case -1:
		return r->f.worse[sig];
	default:
		return sig ? r->f.num_sig : r->f.num;
	}
}

int sdt_rep_reason(const sdt_group *g, int cell)
{
	if (cell)
		return cell;
	if (!g->hidden)
		return SDT_SHOWN;
	return g->hidden_by_protection ? SDT_HIDDEN_PROTECTION : SDT_HIDDEN_MIN_GROUP;
}

void sdt_rep_msg(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                 sdt_msg id, lxw_format *f)
{
	sdt_rep_text(r, ws, row, col, sdt_rep_t(r, id), f);
}

void sdt_rep_width(sdt_rep *r, lxw_worksheet *ws, size_t first, size_t last,
                   double width, lxw_format *f)
{
	if (r->err || !ws)
		return;
	sdt_rep_check(r, worksheet_set_column(ws, (lxw_col_t)first, (lxw_col_t)last, width, f),
	              "setting a column width");
}

/* Page setup every sheet shares. */
static lxw_worksheet *setup_sheet(sdt_rep *r, lxw_worksheet *ws, const char *name,
                                  size_t first_row, size_t last_row)
{
	if (!ws) {
		r->err = sdt_fail(SDT_EINTERNAL, "workbook: cannot add sheet '%s'", name);
		return NULL;
	}
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	sdt_rep_check(r, worksheet_set_footer(ws, r->footer), "setting the footer");
	if (last_row >= first_row)
		sdt_rep_check(r, worksheet_repeat_rows(ws, (lxw_row_t)first_row, (lxw_row_t)last_row),
		              "repeating header rows");
	return r->err ? NULL : ws;
}

lxw_worksheet *sdt_rep_sheet(sdt_rep *r, sdt_msg name, size_t first_row,
                             size_t last_row)
{
	if (r->err)
		return NULL;
	return setup_sheet(r, workbook_add_worksheet(r->wb, sdt_rep_t(r, name)),
	                   sdt_rep_t(r, name), first_row, last_row);
}

#define SHEET_NAME_CHARS 31

/* At most `max` UTF-8 characters of s into out (`size` bytes), with the
 * characters Excel refuses in a sheet name made '_'. */
static void clean_sheet_name(char *out, size_t size, const char *s, size_t max)
{
	size_t o = 0, chars = 0;

	for (; *s && o + 1 < size; s++) {
		if (((unsigned char)*s & 0xC0) != 0x80 && chars++ == max)
			break;
		out[o++] = strchr("[]:*?/\\", *s) || (unsigned char)*s < 0x20 ? '_' : *s;
	}
	out[o] = '\0';
	/* Nor may it start or end with an apostrophe. */
	if (out[0] == '\'')
		out[0] = '_';
	if (o && out[o - 1] == '\'')
		out[o - 1] = '_';
}

lxw_worksheet *sdt_rep_sheet_named(sdt_rep *r, const char *name,
                                   size_t first_row, size_t last_row)
{
	char base[4 * SHEET_NAME_CHARS + 1], cand[4 * SHEET_NAME_CHARS + 16], suffix[16];
	unsigned k;

	if (r->err)
		return NULL;
	clean_sheet_name(cand, sizeof base, name, SHEET_NAME_CHARS);
	for (k = 2; workbook_validate_sheet_name(r->wb, cand) != LXW_NO_ERROR && k < 1000; k++) {
		/* Room for the suffix within the 31 characters. */
		snprintf(suffix, sizeof suffix, " (%u)", k);
		clean_sheet_name(base, sizeof base, name, SHEET_NAME_CHARS - strlen(suffix));
		snprintf(cand, sizeof cand, "%s%s", base, suffix);
	}
	return setup_sheet(r, workbook_add_worksheet(r->wb, cand), cand, first_row, last_row);
}

size_t sdt_rep_need_scale(const sdt_instrument *ins, sdt_need need,
                          sdt_valence v)
{
	size_t s;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++)
		if (sdt_instrument_scale_need(ins, s) == need &&
		    sdt_instrument_scale_valence(ins, s) == v)
			return s;
	return SDT_NO_SCALE;
}

int sdt_rep_has_needs(const sdt_instrument *ins)
{
	size_t s;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++)
		if (sdt_instrument_scale_need(ins, s) != SDT_NEED_OTHER)
			return 1;
	return 0;
}

/* Characters, not bytes: the length that decides how text wraps. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

double sdt_rep_lines(const char *text, double line_chars)
{
	double lines;

	if (!text || line_chars <= 0)
		return 1;
	lines = ceil((double)utf8_chars(text) / line_chars);
	return lines < 1 ? 1 : lines;
}

void sdt_rep_row_lines(sdt_rep *r, lxw_worksheet *ws, size_t row, double lines)
{
	sdt_rep_set_row(r, ws, row, 13.0 * lines + 3.0, NULL);
}

void sdt_rep_fit_row(sdt_rep *r, lxw_worksheet *ws, size_t row,
                     const char *text, double line_chars)
{
	if (text)
		sdt_rep_row_lines(r, ws, row, sdt_rep_lines(text, line_chars));
}

void sdt_rep_note(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t c0,
                  size_t c1, const char *text, lxw_format *f,
                  double line_chars)
{
	if (r->err || !ws || !text)
		return;
	if (c1 > c0)
		sdt_rep_merge(r, ws, row, c0, row, c1, text, f);
	else
		sdt_rep_text(r, ws, row, c0, text, f);
	sdt_rep_fit_row(r, ws, row, text, line_chars);
}

/* A4 landscape between 0.5" margins is 1027 px at 96 dpi; LibreOffice
 * lays columns out a little wider than Excel, so aim lower. A page
 * grows to PAGE_MAX_PX (printed at about 85 %) before a new one starts. */
#define PRINT_WIDTH_PX 880.0
#define PAGE_MAX_PX 1035.0

/* Pixels from column c to the next column where a page may start. */
static double run_px(const double *widths, size_t n, const unsigned char *flags, size_t c)
{
	double px = sdt_rep_col_px(widths[c]);

	for (c++; c < n && !flags[c]; c++)
		px += sdt_rep_col_px(widths[c]);
	return px;
}

int sdt_rep_print_pages(sdt_rep *r, lxw_worksheet *ws, const double *widths, size_t n,
                        const unsigned char *flags, size_t repeat, size_t *first_end)
{
	lxw_col_t breaks[64];
	double px = 0, rep = 0, widest = 0;
	size_t c, k = 0;
	unsigned scale;

	*first_end = n ? n - 1 : 0;
	for (c = 0; c < n && !r->err; c++) {
		if (c >= repeat && k + 1 < sizeof breaks / sizeof breaks[0] && px > rep &&
		    (flags[c] == 2 || (flags[c] == 1 && px + run_px(widths, n, flags, c) > PAGE_MAX_PX))) {
			if (!k)
				*first_end = c - 1;
			widest = px > widest ? px : widest;
			px = rep;
			breaks[k++] = (lxw_col_t)c;
		}
		px += sdt_rep_col_px(widths[c]);
		if (c < repeat)
			rep += sdt_rep_col_px(widths[c]);
	}
	widest = px > widest ? px : widest;
	breaks[k] = 0;
	scale = widest > PRINT_WIDTH_PX ? (unsigned)(100.0 * PRINT_WIDTH_PX / widest) : 100;
	/* the last call of fit-to-pages and print scale is the one Excel uses,
	 * and fitting would ignore the page breaks */
	worksheet_set_print_scale(ws, (uint16_t)(scale < 10 ? 10 : scale));
	if (repeat && k)
		sdt_rep_check(r, worksheet_repeat_columns(ws, 0, (lxw_col_t)(repeat - 1)),
		              "repeating columns");
	if (k)
		sdt_rep_check(r, worksheet_set_v_pagebreaks(ws, breaks), "setting page breaks");
	return r->err;
}
