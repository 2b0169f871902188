/*
 * sheet_scores.c - every figure of every group and scale in one long
 * table: n, response rate, mean, SD, CI, favourable and unfavourable
 * shares, and the comparison with the rest of the organisation.
 */
#include <math.h>
#include <string.h>

#include "sheet.h"

static const sdt_msg score_cols[] = {
	M_GROUP, M_N, M_SC_RATE, M_SCALE, M_SC_SCORED, M_MEAN, M_SD, M_CI_LO,
	M_CI_HI, M_FAV, M_SC_UNFAV, M_SC_DIFF, M_SC_PADJ, M_SC_G};
#define N_COLS (sizeof score_cols / sizeof score_cols[0])

static void scores_header(sdt_rep *r, lxw_worksheet *ws, size_t path_width)
{
	size_t c;

	/* headers over numbers are right-aligned with them (Group, Scale: left) */
	for (c = 0; c < N_COLS; c++)
		sdt_rep_msg(r, ws, 0, c, score_cols[c], c == 0 ? r->f.header
		            : c == 3 ? r->f.header_indent : r->f.header_num);
	sdt_rep_width(r, ws, 0, 0, (double)path_width, NULL);
	sdt_rep_width(r, ws, 1, 1, 7, NULL);
	/* the longest label whole (its neighbour holds a number, so a longer
	 * one is cut), indented clear of the response rate on its left */
	sdt_rep_width(r, ws, 3, 3, sdt_rep_scale_label_width(r) + 2.0, NULL);
	for (c = 2; c < N_COLS; c++)
		if (c != 3)
			sdt_rep_width(r, ws, c, c, sdt_rep_word_width(sdt_rep_t(r, score_cols[c]),
			              c == 2 ? 14 : 12), NULL);
	/* room for two-line headers like "95 %:n lv. alaraja" */
	sdt_rep_set_row(r, ws, 0, 32.0, r->f.header);
}

/* The figures of one cell, from column 4 on; all "fewer than N" when the
 * cell is hidden. */
static void scores_cell(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t i, size_t j,
                        int hidden)
{
	const sdt_group_scale *c = &r->in->groups->groups[i].scales[j];
	lxw_format *num = sdt_rep_mean_format(r, i, j);
	int fav = c->favourable_hidden; /* decided on its own: complete respondents */

	sdt_rep_count(r, ws, row, 4, c->n); /* counts are public */
	sdt_rep_figure(r, ws, row, 5, hidden, c->mean, num);
	sdt_rep_figure(r, ws, row, 6, hidden, c->sd, r->f.num);
	sdt_rep_figure(r, ws, row, 7, hidden, c->ci_lo, r->f.num);
	sdt_rep_figure(r, ws, row, 8, hidden, c->ci_hi, r->f.num);
	sdt_rep_figure(r, ws, row, 9, fav, c->favourable, r->f.pct);
	sdt_rep_figure(r, ws, row, 10, fav, c->unfavourable, r->f.pct);
	sdt_rep_figure(r, ws, row, 11, hidden, c->diff, c->significant ? r->f.diff_sig : r->f.diff);
	sdt_rep_figure(r, ws, row, 12, hidden, c->p_adjusted, r->f.p);
	sdt_rep_figure(r, ws, row, 13, hidden, c->hedges_g, r->f.num);
}

/* A composite's row: its mean, SD and CI over the respondents scored on
 * all its scales (sdt_group_composite); no shares and no comparison. */
static void composite_cells(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_group *g,
                            size_t k)
{
	const sdt_group_composite *c = &g->composites[k];
	int h = sdt_rep_reason(g, c->hidden);

	sdt_rep_text(r, ws, row, 3, sdt_instrument_composite_label(r->in->ins, k, r->lang),
	             r->f.indent);
	sdt_rep_count(r, ws, row, 4, c->n);
	sdt_rep_figure(r, ws, row, 5, h, c->mean, r->f.num);
	sdt_rep_figure(r, ws, row, 6, h, c->sd, r->f.num);
	sdt_rep_figure(r, ws, row, 7, h, c->ci_lo, r->f.num);
	sdt_rep_figure(r, ws, row, 8, h, c->ci_hi, r->f.num);
}

static size_t scores_group(sdt_rep *r, lxw_worksheet *ws, size_t row,
                           const sdt_group *g)
{
	const sdt_instrument *ins = r->in->ins;
	size_t j, k;

	for (j = 0; j < r->in->groups->n_scales; j++, row++) {
		sdt_rep_text(r, ws, row, 0, g->path, NULL);
		sdt_rep_count(r, ws, row, 1, g->n);
		if (g->headcount)
			sdt_rep_num(r, ws, row, 2, (double)g->n / (double)g->headcount, r->f.pct);
		sdt_rep_text(r, ws, row, 3, sdt_instrument_scale_label(ins, j, r->lang), r->f.indent);
		scores_cell(r, ws, row, (size_t)(g - r->in->groups->groups), j,
		            sdt_rep_reason(g, g->scales[j].hidden));
	}
	for (k = 0; k < r->in->groups->n_composites; k++, row++) {
		sdt_rep_text(r, ws, row, 0, g->path, NULL);
		sdt_rep_count(r, ws, row, 1, g->n);
		if (g->headcount)
			sdt_rep_num(r, ws, row, 2, (double)g->n / (double)g->headcount, r->f.pct);
		composite_cells(r, ws, row, g, k);
	}
	return row;
}

int sdt_sheet_scores(sdt_rep *r)
{
	const sdt_groups *gs = r->in->groups;
	size_t i, row = 1, w = 20;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_SCORES, 0, 0);

	if (!ws)
		return r->err;
	for (i = 0; i < gs->n_groups; i++)
		if (sdt_rep_selected(r, i) && strlen(gs->groups[i].path) + 2 > w)
			w = strlen(gs->groups[i].path) + 2;
	scores_header(r, ws, w > 50 ? 50 : w);
	worksheet_freeze_panes(ws, 1, 1);
	for (i = 0; i < gs->n_groups && !r->err; i++)
		if (sdt_rep_selected(r, i))
			row = scores_group(r, ws, row, &gs->groups[i]);
	if (row > 1 && !r->err)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row - 1), (lxw_col_t)(N_COLS - 1));
	sdt_rep_note(r, ws, row + 1, 0, 8, sdt_rep_t(r, M_SC_NOTE), r->f.note, 110);
	return r->err;
}
