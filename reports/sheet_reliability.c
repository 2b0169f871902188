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
/* the widest the needs table gets (columns move left without frustration) */
static const sdt_msg need_cols[] = {
	M_NEED, M_N, M_REL_R_SF, M_CI_LO, M_CI_HI, M_REL_R_SS, M_REL_R_SS, M_CI_LO
};
#define N_NEED_COLS (sizeof need_cols / sizeof need_cols[0])
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

	/* right-aligned over the numbers; names stay left, and the note's
	 * header is indented so it does not run into the last figure's */
	for (c = 0; c < n; c++)
		sdt_rep_msg(r, ws, row, c, ids[c], c == 0 ? r->f.header : ids[c] == M_NOTE
		            ? r->f.header_indent : r->f.header_num);
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
		sdt_rep_msg(r, ws, row, 13, M_ALPHA_LOW, r->f.warn_indent);
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
			sdt_rep_msg(r, ws, row, 6, M_NEG_R, r->f.warn_indent);
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

/* Column A holds every scale label on one line (bold above its items;
 * "Esihenkilö tukee yhteenkuuluvuutta: oppiminen yhdessä" is not cut
 * off), and the indented item labels, at least 44 wide. */
static double first_width(const sdt_rep *r)
{
	const sdt_instrument *ins = r->in->ins;
	double w = 44;
	size_t k;

	for (k = 0; k < sdt_instrument_scale_count(ins); k++)
		w = sdt_rep_text_width(sdt_instrument_scale_label(ins, k, r->lang), w, 70);
	for (k = 0; k < sdt_instrument_item_count(ins); k++)
		w = sdt_rep_text_width(sdt_instrument_item_label(ins, k, r->lang), w - 3, 67) + 3;
	return w;
}

/* Columns 1..12 hold the headers of the scale, item and need tables and
 * of the agreement table (columns 1..4): each as wide as its longest word
 * (Swedish "Standardavvikelse" must not break) and clear of its left
 * neighbour in every table, at least 10. */
static void col_widths(sdt_rep *r, lxw_worksheet *ws)
{
	static const sdt_msg agree[] = {M_AG_RWG, M_AG_CUT, M_AG_STAR, M_AG_AD};
	sdt_msg heads[4];
	size_t c, n;

	for (c = 1; c <= 12; c++) {
		n = 0;
		if (c < N_SCALE_COLS)
			heads[n++] = scale_cols[c];
		if (c < N_ITEM_COLS)
			heads[n++] = item_cols[c];
		if (c < N_NEED_COLS)
			heads[n++] = need_cols[c];
		if (c <= 4)
			heads[n++] = agree[c - 1];
		sdt_rep_width(r, ws, c, c, sdt_rep_msgs_width(r, heads, n, 10), NULL);
	}
}

/* A correlation and its CI from column c on. */
static void corr_cells(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t c, const sdt_corr *x)
{
	/* two decimals, as every other correlation a reader compares */
	sdt_rep_num(r, ws, row, c, x->r, r->f.num);
	sdt_rep_num(r, ws, row, c + 1, x->lo, r->f.num);
	sdt_rep_num(r, ws, row, c + 2, x->hi, r->f.num);
}

/* Which pairs the instrument has: 1 frustration, 2 support. */
static int need_pairs(const sdt_need_links *l)
{
	size_t i;
	int has = 0;

	for (i = 0; i < l->n_links; i++)
		has |= (l->links[i].frustration != SDT_NEEDS_NONE ? 1 : 0)
		       | (l->links[i].support != SDT_NEEDS_NONE ? 2 : 0);
	return has;
}

static void need_header(sdt_rep *r, lxw_worksheet *ws, size_t row, int has)
{
	sdt_msg ids[8];
	size_t n = 0;

	ids[n++] = M_NEED;
	ids[n++] = M_N;
	if (has & 1) {
		ids[n++] = M_REL_R_SF;
		ids[n++] = M_CI_LO;
		ids[n++] = M_CI_HI;
	}
	if (has & 2) {
		ids[n++] = M_REL_R_SS;
		ids[n++] = M_CI_LO;
		ids[n++] = M_CI_HI;
	}
	header_row(r, ws, row, ids, n);
}

/* "How each need's scales go together": the pairs the instrument has
 * (satisfaction with frustration, support with satisfaction), and where
 * a need's two behave as one bipolar scale, a note beside it. */
static size_t need_rows(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_need_links *l = r->in->needs;
	const sdt_need_link *k;
	size_t i, c;
	int has;

	if (!l || !l->n_links)
		return row;
	has = need_pairs(l);
	sdt_rep_msg(r, ws, row++, 0, M_REL_NEEDS, r->f.bold);
	need_header(r, ws, row++, has);
	for (i = 0; i < l->n_links; i++, row++) {
		k = &l->links[i];
		sdt_rep_text(r, ws, row, 0, sdt_i18n_need(r->lang, k->need), NULL);
		sdt_rep_count(r, ws, row, 1, l->n);
		c = 2;
		if (has & 1) {
			if (k->frustration != SDT_NEEDS_NONE)
				corr_cells(r, ws, row, c, &k->satisfaction_frustration);
			c += 3;
		}
		if ((has & 2) && k->support != SDT_NEEDS_NONE)
			corr_cells(r, ws, row, c, &k->support_satisfaction);
		if (k->bipolar)
			sdt_rep_note(r, ws, row, 13, 13, sdt_rep_t(r, M_REL_BIPOLAR),
			             r->f.warn_indent, 34);
	}
	sdt_rep_note(r, ws, row++, 0, 12, sdt_rep_t(r, M_REL_NEEDS_NOTE), r->f.note, 150);
	if (has & 2)
		sdt_rep_note(r, ws, row++, 0, 12, sdt_rep_t(r, M_REL_SUPPORT_NOTE), r->f.note, 150);
	return row + 1;
}

int sdt_sheet_reliability(sdt_rep *r)
{
	const sdt_stats *st = r->in->stats;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_RELIABILITY, 1, 0);
	size_t s, row = 2;

	if (!ws)
		return r->err;
	sdt_rep_width(r, ws, 0, 0, first_width(r), NULL);
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
	row = need_rows(r, ws, row + 1);
	row = sdt_rep_reliability_agreement(r, ws, row);
	warning_rows(r, ws, row);
	return r->err;
}
