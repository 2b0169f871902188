/*
 * sheet_breakdown.c - one sheet per attribute (e.g. work_mode): every
 * rendered group's n and mean per attribute value and scale beside the
 * whole group's, a value that differs from the rest of its group framed.
 * Which cells are hidden the engine decided in both directions (within a
 * group and down the hierarchy); this sheet only obeys the flags.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sheet.h"

#define FIRST_VALUE_COL 4 /* group, scale, whole group n and mean */

/* The header over a value's n and mean, centred so it reads as theirs. */
static lxw_format *centred_header(sdt_rep *r)
{
	lxw_format *f = workbook_add_format(r->wb);

	if (!f) {
		sdt_rep_check(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a format");
		return NULL;
	}
	format_set_bold(f);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(f, 0xDDE5F0);
	return f;
}

static void header(sdt_rep *r, lxw_worksheet *ws, const sdt_breakdown *b)
{
	lxw_format *centre = centred_header(r);
	size_t v, c, longest = strlen(sdt_rep_t(r, M_BD_WHOLE)), len;
	double lines;

	if (r->err)
		return;
	/* Rows are written in order (constant-memory mode), so the group and
	 * scale headers stand in row 1 under blank header cells rather than
	 * in cells merged down both rows. */
	sdt_rep_text(r, ws, 0, 0, "", r->f.header);
	sdt_rep_text(r, ws, 0, 1, "", r->f.header);
	for (v = 0; v <= b->n_values && !r->err; v++) {
		c = 2 + 2 * v;
		sdt_rep_merge(r, ws, 0, c, 0, c + 1, v ? b->values[v - 1] : sdt_rep_t(r, M_BD_WHOLE),
		              centre);
		len = v ? strlen(b->values[v - 1]) : 0;
		longest = len > longest ? len : longest;
	}
	/* A value's header spans two columns, about 16 characters a line. */
	lines = ceil((double)longest / 16.0);
	sdt_rep_row_lines(r, ws, 0, lines < 1 ? 1 : lines > 4 ? 4 : lines);
	sdt_rep_msg(r, ws, 1, 0, M_GROUP, r->f.header);
	sdt_rep_msg(r, ws, 1, 1, M_SCALE, r->f.header);
	for (v = 0; v <= b->n_values && !r->err; v++) {
		/* right-aligned over their numbers, so that one value's "Mean"
		 * and the next value's "n" never read as one header */
		sdt_rep_msg(r, ws, 1, 2 + 2 * v, M_N, r->f.header_num);
		sdt_rep_msg(r, ws, 1, 3 + 2 * v, M_MEAN, r->f.header_num);
	}
}

/* n and mean; a hidden cell keeps its n (counts are public: the
 * disclosure engine protects what is computed from answers) and says why
 * its mean is not shown. */
static void pair(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                 int hidden, size_t n, double mean, int sig)
{
	sdt_rep_count(r, ws, row, col, n);
	sdt_rep_figure(r, ws, row, col + 1, hidden, mean, sig ? r->f.num_sig : r->f.num);
}

static size_t group_rows(sdt_rep *r, lxw_worksheet *ws, size_t row,
                         const sdt_breakdown *b, size_t i)
{
	const sdt_group *g = &r->in->groups->groups[i];
	const sdt_breakdown_cell *c;
	size_t j, v;

	for (j = 0; j < b->n_scales; j++, row++) {
		sdt_rep_text(r, ws, row, 0, g->path, NULL);
		sdt_rep_text(r, ws, row, 1, sdt_instrument_scale_label(r->in->ins, j, r->lang), NULL);
		pair(r, ws, row, 2, sdt_rep_reason(g, g->scales[j].hidden), g->scales[j].n,
		     g->scales[j].mean, 0);
		for (v = 0; v < b->n_values; v++) {
			c = sdt_breakdown_cell_at(b, i, v, j);
			pair(r, ws, row, FIRST_VALUE_COL + 2 * v, c->hidden, c->n, c->mean,
			     c->significant);
		}
	}
	return row;
}

static void legend(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t last_col,
                   const sdt_breakdown *b)
{
	static const sdt_msg lines[] = {M_LEG_MEAN, M_BD_SIG, M_BD_NONE_NOTE, M_LEG_HIDDEN};
	sdt_rep_span span = {0, last_col, 120};

	sdt_rep_legend(r, ws, row, &span, lines, sizeof lines / sizeof lines[0], b->attribute);
}

int sdt_sheet_breakdown(sdt_rep *r, const sdt_breakdown *b)
{
	const sdt_groups *gs = r->in->groups;
	size_t i, row = 2, last_col = FIRST_VALUE_COL + 2 * b->n_values - 1;
	const char *arg = b->attribute;
	char name[256];
	lxw_worksheet *ws;

	sdt_i18n_format(name, sizeof name, r->lang, M_SHEET_BREAKDOWN, &arg, 1);
	if (!(ws = sdt_rep_sheet_named(r, name, 0, 1)))
		return r->err;
	sdt_rep_width(r, ws, 0, 0, sdt_rep_path_width(r), NULL);
	sdt_rep_width(r, ws, 1, 1, sdt_rep_scale_label_width(r), NULL);
	for (i = 0; i <= b->n_values; i++) {
		sdt_rep_width(r, ws, 2 + 2 * i, 2 + 2 * i, 6, NULL);
		sdt_rep_width(r, ws, 3 + 2 * i, 3 + 2 * i, sdt_rep_word_width(sdt_rep_t(r, M_MEAN), 10),
		              NULL);
	}
	if (!r->err)
		worksheet_freeze_panes(ws, 2, 2);
	header(r, ws, b);
	for (i = 0; i < gs->n_groups && !r->err; i++)
		if (sdt_rep_selected(r, i))
			row = group_rows(r, ws, row, b, i);
	if (!b->n_values) {
		sdt_i18n_format(name, sizeof name, r->lang, M_BD_NO_VALUES, &arg, 1);
		sdt_rep_text(r, ws, row++, 0, name, r->f.warn_line);
	}
	legend(r, ws, row + 1, last_col < 9 ? 9 : last_col, b);
	return r->err;
}
