/*
 * sheet_heatmap.c - every rendered group's mean per scale, coloured by the
 * run's rule (against the rest of the organisation, or by % favourable),
 * significant differences framed, and team agreement rwg(j) beside.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

/* The stats team with this exact path (teams are sorted by byte order). */
static const sdt_team_stats *find_team(const sdt_stats *st, const char *path)
{
	size_t lo = 0, hi, mid;
	int c;

	if (!st)
		return NULL;
	hi = st->n_teams;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(st->teams[mid].team, path);
		if (c == 0)
			return &st->teams[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Leaf groups only: a group with subteams pools people the stats team
 * (its exact path) does not, so its rwg(j) would describe another set. */
static int is_leaf(const sdt_groups *g, size_t i)
{
	return i + 1 >= g->n_groups || g->groups[i + 1].parent != (long)i;
}

static int has_rwg(const sdt_rep *r)
{
	const sdt_stats *st = r->in->stats;
	size_t t, s;

	if (!st || st->n_scales != r->in->groups->n_scales)
		return 0;
	for (t = 0; t < st->n_teams; t++)
		for (s = 0; st->teams[t].scales && s < st->n_scales; s++)
			if (!isnan(st->teams[t].scales[s].rwg_j))
				return 1;
	return 0;
}

static void header(sdt_rep *r, lxw_worksheet *ws, size_t rwg_col, size_t comp_col)
{
	const sdt_instrument *ins = r->in->ins;
	size_t s, ns = sdt_instrument_scale_count(ins), longest = 0, len;
	const char *label;
	char buf[512];

	sdt_rep_msg(r, ws, 0, 0, M_GROUP, r->f.header);
	sdt_rep_msg(r, ws, 0, 1, M_N, r->f.header_num);
	for (s = 0; s < ns; s++) {
		label = sdt_instrument_scale_label(ins, s, r->lang);
		sdt_rep_text(r, ws, 0, 2 + s, label, r->f.header_num);
		len = strlen(label);
		if (rwg_col) {
			sdt_i18n_format(buf, sizeof buf, r->lang, M_RWG, &label, 1);
			sdt_rep_text(r, ws, 0, rwg_col + s, buf, r->f.header_num);
			len = strlen(buf);
		}
		longest = len > longest ? len : longest;
	}
	for (s = 0; s < r->in->groups->n_composites; s++) {
		label = sdt_instrument_composite_label(ins, s, r->lang);
		sdt_rep_text(r, ws, 0, comp_col + s, label, r->f.header_num);
		longest = strlen(label) > longest ? strlen(label) : longest;
	}
	sdt_rep_set_row(r, ws, 0, 15.0 * ceil((double)longest / 14.0) + 4.0, NULL);
}

/* Composites after every other column: scripts find the scales and
 * rwg(j) where they always were. Not coloured: there is no comparison. */
static void composite_cells(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_group *g,
                            size_t comp_col)
{
	size_t k;

	for (k = 0; k < r->in->groups->n_composites; k++)
		sdt_rep_figure(r, ws, row, comp_col + k, sdt_rep_reason(g, g->composites[k].hidden),
		               g->composites[k].mean, r->f.num);
}

/* rwg(j), grey and italic (not red: the colours are the means') when it
 * is no more agreement than a team of that size shows by chance. */
static void rwg_cell(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                     const sdt_team_scale_stats *x, lxw_format *low)
{
	int chance = !isnan(x->rwg_j_cutoff) && x->rwg_j <= x->rwg_j_cutoff;

	sdt_rep_num(r, ws, row, col, x->rwg_j, chance ? low : r->f.num);
}

static void group_row(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t i,
                      size_t rwg_col, size_t comp_col, lxw_format *low)
{
	const sdt_groups *gs = r->in->groups;
	const sdt_group *g = &gs->groups[i];
	const sdt_group_scale *c;
	const sdt_team_stats *t = NULL;
	size_t s;

	sdt_rep_text(r, ws, row, 0, g->path, NULL);
	sdt_rep_count(r, ws, row, 1, g->n);
	for (s = 0; s < gs->n_scales; s++) {
		c = &g->scales[s];
		sdt_rep_figure(r, ws, row, 2 + s, sdt_rep_reason(g, c->hidden), c->mean,
		               sdt_rep_mean_format(r, i, s));
	}
	if (!rwg_col || !is_leaf(gs, i)) {
		composite_cells(r, ws, row, g, comp_col);
		return;
	}
	/* rwg(j) only where the group itself is shown: the stats teams know
	 * the threshold but not differencing protection. */
	if (!g->hidden)
		t = find_team(r->in->stats, g->path);
	for (s = 0; s < gs->n_scales; s++) {
		if (g->hidden || g->scales[s].hidden)
			sdt_rep_figure(r, ws, row, rwg_col + s, sdt_rep_reason(g, g->scales[s].hidden), NAN, NULL);
		else if (t && !t->suppressed && t->scales)
			rwg_cell(r, ws, row, rwg_col + s, &t->scales[s], low);
	}
	composite_cells(r, ws, row, g, comp_col);
}

static void legend(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_rep_span *span,
                   int rwg)
{
	const sdt_msg lines[] = {M_LEG_MEAN,
	                         r->in->colour_favourable ? M_LEG_COLOUR_FAV : M_LEG_COLOUR,
	                         M_LEG_SIG, M_LEG_HIDDEN, M_LEG_RWG};

	sdt_rep_legend(r, ws, row, span, lines, sizeof lines / sizeof lines[0] - !rwg, NULL);
}

/* Column widths from the label lengths in the report's language; the
 * scales on the first printed page, agreement and composites on the next
 * (one page shrunk to hold them all would print at about 5 points). The
 * legend goes under the first page's scales. */
static void layout(sdt_rep *r, lxw_worksheet *ws, size_t rwg_col, size_t comp_col,
                   sdt_rep_span *legend_span)
{
	const sdt_groups *gs = r->in->groups;
	size_t ns = gs->n_scales, n = comp_col + gs->n_composites, i, end;
	double *w = sdt_calloc(n + 1, sizeof *w);
	unsigned char *flags = sdt_calloc(n + 1, 1);
	const char *label;
	char buf[512];

	if (!w || !flags) {
		sdt_free(w);
		sdt_free(flags);
		r->err = r->err ? r->err : sdt_fail_nomem();
		return;
	}
	w[0] = sdt_rep_path_width(r);
	w[1] = 7;
	for (i = 0; i < ns; i++) {
		label = sdt_instrument_scale_label(r->in->ins, i, r->lang);
		w[2 + i] = sdt_rep_word_width(label, 15);
		if (rwg_col) { /* "rwg(j): label" wraps differently from the label */
			sdt_i18n_format(buf, sizeof buf, r->lang, M_RWG, &label, 1);
			w[rwg_col + i] = sdt_rep_word_width(buf, w[2 + i]);
		}
	}
	if (rwg_col)
		w[rwg_col - 1] = 3;
	for (i = 0; i < gs->n_composites; i++)
		w[comp_col + i] = sdt_rep_word_width(sdt_instrument_composite_label(r->in->ins, i,
		                                     r->lang), 15);
	if (gs->n_composites)
		w[comp_col - 1] = 3;
	for (i = 0; i < n; i++)
		if (w[i] > 0)
			sdt_rep_width(r, ws, i, i, w[i], NULL);
	/* agreement and composites go on a page of their own */
	flags[rwg_col ? rwg_col : comp_col] = 2;
	sdt_rep_print_pages(r, ws, w, n, flags, 2, &end);
	*legend_span = sdt_rep_note_span(w, n, 2, end, 1 + ns);
	sdt_free(w);
	sdt_free(flags);
}

int sdt_sheet_heatmap(sdt_rep *r)
{
	const sdt_groups *gs = r->in->groups;
	size_t ns = gs->n_scales, i, row = 1, rwg_col = 0, comp_col, last_col;
	sdt_rep_span span = {0, 1 + ns, 120};
	lxw_format *low = NULL;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_HEATMAP, 0, 0);

	if (!ws)
		return r->err;
	if (has_rwg(r))
		rwg_col = 2 + ns + 1;
	last_col = rwg_col ? rwg_col + ns - 1 : 1 + ns;
	comp_col = last_col + 2;
	if (!(low = workbook_add_format(r->wb)))
		return r->err = sdt_fail_nomem();
	format_set_font_color(low, 0x7F7F7F);
	format_set_italic(low);
	format_set_num_format(low, "0.00");
	format_set_align(low, LXW_ALIGN_VERTICAL_TOP);
	layout(r, ws, rwg_col, comp_col, &span);
	worksheet_freeze_panes(ws, 1, 2);
	header(r, ws, rwg_col, comp_col);
	for (i = 0; i < gs->n_groups; i++)
		if (sdt_rep_selected(r, i))
			group_row(r, ws, row++, i, rwg_col, comp_col, low);
	legend(r, ws, row + 1, &span, rwg_col != 0);
	return r->err;
}
