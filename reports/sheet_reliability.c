/*
 * sheet_reliability.c - reliability per scale and item statistics, with
 * the cautions a reader needs in words, and the engine's warnings for
 * figures that could not be computed (left blank).
 */
#include <math.h>
#include <string.h>

#include "sheet.h"

static const sdt_msg scale_cols[] = {
	M_SCALE, M_N, M_MEAN, M_SD, M_ALPHA, M_ALPHA_LO, M_ALPHA_HI, M_OMEGA,
	M_AVG_R, M_LW_N, M_LW_ALPHA, M_ICC1, M_ICC2, M_NOTE
};
static const sdt_msg item_cols[] = {
	M_ITEM, M_N, M_MEAN, M_SD, M_R_DROP, M_ALPHA_IF, M_NOTE
};
#define N_SCALE_COLS (sizeof scale_cols / sizeof scale_cols[0])
#define N_ITEM_COLS (sizeof item_cols / sizeof item_cols[0])

static const char *scale_label(const sdt_rep *r, const char *id)
{
	long s = sdt_instrument_scale_find(r->in->ins, id);

	return s >= 0 ? sdt_instrument_scale_label(r->in->ins, (size_t)s, r->lang) : id;
}

static const char *item_label(const sdt_rep *r, const char *id)
{
	long k = sdt_instrument_item_find(r->in->ins, id, strlen(id));

	return k >= 0 ? sdt_instrument_item_label(r->in->ins, (size_t)k, r->lang) : id;
}

static void header_row(sdt_rep *r, lxw_worksheet *ws, size_t row,
                       const sdt_msg *ids, size_t n)
{
	size_t c;

	for (c = 0; c < n; c++)
		sdt_rep_msg(r, ws, row, c, ids[c], r->f.header);
	sdt_rep_set_row(r, ws, row, 46, NULL);
}

static void scale_row(sdt_rep *r, lxw_worksheet *ws, size_t row,
                      const sdt_scale_stats *sc)
{
	lxw_format *f = r->f.num3; /* 3 decimals where a 0.70 rule is cited */

	sdt_rep_text(r, ws, row, 0, scale_label(r, sc->id), NULL);
	sdt_rep_count(r, ws, row, 1, sc->n);
	sdt_rep_num(r, ws, row, 2, sc->mean, r->f.num);
	sdt_rep_num(r, ws, row, 3, sc->sd, r->f.num);
	sdt_rep_num(r, ws, row, 4, sc->alpha, f);
	sdt_rep_num(r, ws, row, 5, sc->alpha_ci[0], f);
	sdt_rep_num(r, ws, row, 6, sc->alpha_ci[1], f);
	sdt_rep_num(r, ws, row, 7, sc->omega_total, f);
	sdt_rep_num(r, ws, row, 8, sc->average_r, f);
	sdt_rep_count(r, ws, row, 9, sc->listwise_n);
	sdt_rep_num(r, ws, row, 10, sc->listwise_alpha, f);
	sdt_rep_num(r, ws, row, 11, sc->icc1, f);
	sdt_rep_num(r, ws, row, 12, sc->icc2, f);
	if (!isnan(sc->alpha) && sc->alpha < 0.70)
		sdt_rep_msg(r, ws, row, 13, M_ALPHA_LOW, r->f.warn_line);
}

static size_t item_rows(sdt_rep *r, lxw_worksheet *ws, size_t row,
                        const sdt_scale_stats *sc)
{
	const sdt_item_stats *it;
	size_t k;

	/* Items under their scale's name, so every column keeps one meaning
	 * and one width across both tables. */
	sdt_rep_text(r, ws, row++, 0, scale_label(r, sc->id), r->f.bold);
	for (k = 0; k < sc->n_items; k++, row++) {
		it = &sc->items[k];
		sdt_rep_text(r, ws, row, 0, item_label(r, it->id), r->f.indent);
		sdt_rep_count(r, ws, row, 1, it->n);
		/* hidden where items minus the scale would isolate a few people */
		sdt_rep_figure(r, ws, row, 2, sc->items_hidden, it->mean, r->f.num);
		sdt_rep_figure(r, ws, row, 3, sc->items_hidden, it->sd, r->f.num);
		sdt_rep_num(r, ws, row, 4, it->r_drop, r->f.num);
		sdt_rep_num(r, ws, row, 5, it->alpha_if_deleted, r->f.num);
		if (!isnan(it->r_drop) && it->r_drop < 0)
			sdt_rep_msg(r, ws, row, 6, M_NEG_R, r->f.warn_line);
	}
	return row;
}

static size_t warning_rows(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_stats *st = r->in->stats;
	size_t s, w, total = 0;

	for (s = 0; s < st->n_scales; s++)
		total += st->scales[s].n_warnings;
	if (!total)
		return row;
	sdt_rep_msg(r, ws, row++, 0, M_WARNINGS, r->f.bold);
	for (s = 0; s < st->n_scales; s++) {
		for (w = 0; w < st->scales[s].n_warnings; w++, row++) {
			sdt_rep_text(r, ws, row, 0, scale_label(r, st->scales[s].id), NULL);
			sdt_rep_note(r, ws, row, 1, 13, st->scales[s].warnings[w], r->f.wrap, 150);
		}
	}
	return row;
}

/* Columns 1..12 hold both tables' headers: as wide as the longest word
 * of either (Swedish "Standardavvikelse" must not break), at least 10. */
static void col_widths(sdt_rep *r, lxw_worksheet *ws)
{
	size_t c;
	double w;

	for (c = 1; c <= 12; c++) {
		w = c < N_SCALE_COLS ? sdt_rep_word_width(sdt_rep_t(r, scale_cols[c]), 10) : 10;
		if (c < N_ITEM_COLS && sdt_rep_word_width(sdt_rep_t(r, item_cols[c]), 10) > w)
			w = sdt_rep_word_width(sdt_rep_t(r, item_cols[c]), 10);
		sdt_rep_width(r, ws, c, c, w, NULL);
	}
}

int sdt_sheet_reliability(sdt_rep *r)
{
	const sdt_stats *st = r->in->stats;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_RELIABILITY, 1, 0);
	size_t s, row = 2;

	if (!ws)
		return r->err;
	sdt_rep_width(r, ws, 0, 0, 44, NULL);
	col_widths(r, ws);
	sdt_rep_width(r, ws, 13, 13, 34, NULL);
	sdt_rep_msg(r, ws, 0, 0, M_SHEET_RELIABILITY, r->f.title);
	if (!st) {
		sdt_rep_msg(r, ws, row, 0, M_REL_NONE, NULL);
		return r->err;
	}
	/* Figures over the whole organisation are as revealing as its mean:
	 * when the organisation itself is hidden, so are they. */
	if (r->in->groups->groups[0].hidden) {
		sdt_rep_text(r, ws, row, 0, r->hidden_text, r->f.hidden);
		return r->err;
	}
	sdt_rep_msg(r, ws, row++, 0, M_REL_SCALES, r->f.bold);
	header_row(r, ws, row++, scale_cols, N_SCALE_COLS);
	for (s = 0; s < st->n_scales; s++)
		scale_row(r, ws, row++, &st->scales[s]);
	row++;
	sdt_rep_msg(r, ws, row++, 0, M_REL_ITEMS, r->f.bold);
	header_row(r, ws, row++, item_cols, N_ITEM_COLS);
	for (s = 0; s < st->n_scales; s++)
		row = item_rows(r, ws, row, &st->scales[s]);
	warning_rows(r, ws, row + 1);
	return r->err;
}
