/*
 * sheet_items.c - item-level share of favourable answers per group.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

/* 1 when the item belongs to a frustration scale, where "favourable"
 * means not frustrated (the low answers). */
static int item_lower_better(const sdt_instrument *ins, size_t item)
{
	size_t s, j;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++) {
		if (sdt_instrument_scale_valence(ins, s) != SDT_VALENCE_FRUSTRATION)
			continue;
		for (j = 0; j < sdt_instrument_scale_item_count(ins, s); j++)
			if (sdt_instrument_scale_item(ins, s, j) == item)
				return 1;
	}
	return 0;
}

/* The rating items have columns here, in order; an outcome (own scale,
 * on the Summary and Team sheets) or a comment (Comments sheet) has none:
 * the item's column after the group and n, or -1. */
static long item_col(const sdt_instrument *ins, size_t item)
{
	size_t k;
	long col = 2;

	if (sdt_instrument_item_type(ins, item) != SDT_ITEM_LIKERT)
		return -1;
	for (k = 0; k < item; k++)
		col += sdt_instrument_item_type(ins, k) == SDT_ITEM_LIKERT;
	return col;
}

static size_t likert_count(const sdt_instrument *ins)
{
	size_t k, n = 0;

	for (k = 0; k < sdt_instrument_item_count(ins); k++)
		n += sdt_instrument_item_type(ins, k) == SDT_ITEM_LIKERT;
	return n;
}

static void items_header(sdt_rep *r, lxw_worksheet *ws)
{
	const sdt_instrument *ins = r->in->ins;
	size_t k, longest = 0, len;
	const char *label;

	sdt_rep_msg(r, ws, 0, 0, M_GROUP, r->f.header);
	sdt_rep_msg(r, ws, 0, 1, M_N, r->f.header_num);
	for (k = 0; k < sdt_instrument_item_count(ins); k++) {
		if (item_col(ins, k) < 0)
			continue;
		label = sdt_instrument_item_label(ins, k, r->lang);
		sdt_rep_text(r, ws, 0, (size_t)item_col(ins, k), label, r->f.header_num);
		len = strlen(label);
		longest = len > longest ? len : longest;
	}
	sdt_rep_set_row(r, ws, 0, 15.0 * ceil((double)longest / 11.0) + 4.0, NULL);
}

/* A share favourable coloured by fixed levels, as people read them:
 * 70 % or more green, under 50 % red (favourable: not frustrated on
 * frustration scales), whatever the other groups' shares. */
static lxw_format *share_format(const sdt_rep *r, double share)
{
	if (isnan(share))
		return r->f.pct;
	return share >= 0.70 ? r->f.pct_better : share < 0.50 ? r->f.pct_worse : r->f.pct;
}

static int has_frustration(const sdt_instrument *ins)
{
	size_t k;

	for (k = 0; k < sdt_instrument_item_count(ins); k++)
		if (item_lower_better(ins, k))
			return 1;
	return 0;
}

static void items_notes(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_rep_span *span)
{
	const sdt_instrument *ins = r->in->ins;
	char fav[16], lo[16], hi[16], buf[1024];
	const char *args[3];

	snprintf(fav, sizeof fav, "%d", sdt_instrument_favourable_min(ins));
	snprintf(lo, sizeof lo, "%d", sdt_instrument_min(ins));
	snprintf(hi, sizeof hi, "%d", sdt_instrument_max(ins));
	args[0] = fav;
	args[1] = lo;
	args[2] = hi;
	sdt_i18n_format(buf, sizeof buf, r->lang, M_ITEMS_NOTE, args, 3);
	sdt_rep_note(r, ws, row++, span->first, span->last, buf, r->f.note, span->line_chars);
	if (has_frustration(ins)) {
		snprintf(fav, sizeof fav, "%d", sdt_instrument_min(ins) + sdt_instrument_max(ins) -
		         sdt_instrument_favourable_min(ins));
		args[0] = fav;
		sdt_i18n_format(buf, sizeof buf, r->lang, M_ITEMS_FRUSTRATION, args, 1);
		sdt_rep_note(r, ws, row++, span->first, span->last, buf, r->f.note, span->line_chars);
	}
	row = sdt_rep_legend_line(r, ws, row, span, M_LEG_COLOUR_FAV, NULL);
	sdt_rep_legend_line(r, ws, row, span, M_LEG_HIDDEN, NULL);
}

/* Widths from each item's longest word (fi/sv compounds are long), and
 * pages side by side rather than one page of unreadable print. Returns
 * where the notes go: the first printed page, at least to column 8. */
static sdt_rep_span layout(sdt_rep *r, lxw_worksheet *ws, double path_width)
{
	size_t ni = likert_count(r->in->ins), k, end = 1 + ni;
	sdt_rep_span span = {0, 8, 110};
	double *w = sdt_calloc(ni + 2, sizeof *w);
	unsigned char *flags = sdt_calloc(ni + 2, 1);

	if (!w || !flags) {
		r->err = r->err ? r->err : sdt_fail_nomem();
		goto done;
	}
	w[0] = path_width;
	w[1] = 7;
	for (k = 0; k < r->in->groups->n_items; k++) {
		if (item_col(r->in->ins, k) < 0)
			continue;
		w[item_col(r->in->ins, k)] = sdt_rep_word_width(sdt_instrument_item_label(r->in->ins, k,
		                                                r->lang), 11);
		flags[item_col(r->in->ins, k)] = 1;
	}
	for (k = 0; k < ni + 2; k++)
		sdt_rep_width(r, ws, k, k, w[k], NULL);
	sdt_rep_print_pages(r, ws, w, ni + 2, flags, 2, &end);
	span = sdt_rep_note_span(w, ni + 2, 2, end, end < 8 ? 8 : end);
done:
	sdt_free(w);
	sdt_free(flags);
	return span;
}

int sdt_sheet_items(sdt_rep *r)
{
	const sdt_groups *gs = r->in->groups;
	const sdt_group *g;
	size_t ni = gs->n_items, i, k, row = 1;
	sdt_rep_span span;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_ITEMS, 0, 0);

	if (!ws)
		return r->err;
	span = layout(r, ws, sdt_rep_path_width(r));
	worksheet_freeze_panes(ws, 1, 2);
	items_header(r, ws);
	for (i = 0; i < gs->n_groups; i++) {
		if (!sdt_rep_selected(r, i))
			continue;
		g = &gs->groups[i];
		sdt_rep_text(r, ws, row, 0, g->path, NULL);
		sdt_rep_count(r, ws, row, 1, g->n);
		for (k = 0; k < ni; k++)
			if (item_col(r->in->ins, k) >= 0)
				sdt_rep_figure(r, ws, row, (size_t)item_col(r->in->ins, k),
				               g->items[k].hidden, /* its own answer cell */
				               g->items[k].favourable,
				               share_format(r, g->items[k].favourable));
		row++;
	}
	items_notes(r, ws, row + 1, &span);
	return r->err;
}
