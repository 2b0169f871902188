/*
 * sheet_agree.c - agreement within teams (rwg(j) beside its simulated
 * chance level, r*wg(j), AD_M(J)) and the drivers of an outcome (relative
 * weights and priorities), in plain words: a block of the team page and
 * of the Reliability sheet. Drivers of a group are shown only where
 * sdt_drivers holds them, that is where the group and the rest of the
 * organisation each have --min-driver-n respondents scored on every scale.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

/* The stats team with this exact path (teams are sorted by bytes). */
static const sdt_team_stats *stats_team(const sdt_stats *st, const char *path)
{
	size_t lo = 0, hi = st ? st->n_teams : 0, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(st->teams[mid].team, path);
		if (c == 0)
			return st->teams[mid].suppressed ? NULL : &st->teams[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A team's figures describe the group only when the group has no
 * subteams: a department pools people its stats team does not hold. */
static const sdt_team_stats *leaf_team(const sdt_rep *r, size_t i)
{
	const sdt_groups *gs = r->in->groups;

	if (i == 0 || (i + 1 < gs->n_groups && gs->groups[i + 1].parent == (long)i) ||
	    gs->groups[i].hidden || !r->in->stats || r->in->stats->n_scales != gs->n_scales)
		return NULL;
	return stats_team(r->in->stats, gs->groups[i].path);
}

/* The table's header from column c0 on; with `words` (the last column),
 * "In words" heads the span c0 + 4 .. words that the words fill. */
static void agree_header(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t c0, size_t words)
{
	static const sdt_msg ids[] = {M_AG_RWG, M_AG_CUT, M_AG_STAR, M_AG_AD};
	size_t c;

	sdt_rep_msg(r, ws, row, 0, M_SCALE, r->f.header);
	for (c = 0; c < 4; c++)
		sdt_rep_msg(r, ws, row, c0 + c, ids[c], r->f.header_num);
	if (words)
		sdt_rep_merge(r, ws, row, c0 + 4, row, words, sdt_rep_t(r, M_AG_WORDS),
		              r->f.header_indent);
	sdt_rep_set_row(r, ws, row, 46, NULL);
}

/* One scale's agreement from column c0 on, and with `words` (the last
 * column) in words from c0 + 4 to it; hidden cells say why. */
static void agree_cells(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t c0,
                        const sdt_group *g, size_t j, const sdt_team_scale_stats *x,
                        size_t words)
{
	int h = sdt_rep_reason(g, g->scales[j].hidden);
	int chance = !(x->rwg_j > x->rwg_j_cutoff);

	sdt_rep_figure(r, ws, row, c0, h, x->rwg_j, r->f.num);
	sdt_rep_figure(r, ws, row, c0 + 1, h, x->rwg_j_cutoff, r->f.num);
	sdt_rep_figure(r, ws, row, c0 + 2, h, x->rwg_star_j, r->f.num);
	sdt_rep_figure(r, ws, row, c0 + 3, h, x->ad_m, r->f.num);
	if (!words || h)
		return;
	if (isnan(x->rwg_j) || isnan(x->rwg_j_cutoff))
		sdt_rep_merge(r, ws, row, c0 + 4, row, words, "\u2013", r->f.practice);
	else
		sdt_rep_merge(r, ws, row, c0 + 4, row, words, sdt_rep_t(r, chance ? M_AG_CHANCE
		              : M_AG_MORE), chance ? r->f.note_indent : r->f.practice);
}

/* The drivers' outcome: a scale's label, or an outcome item's. */
static const char *outcome_label(const sdt_rep *r, const sdt_drivers *d)
{
	if (d->outcome_item != SIZE_MAX)
		return sdt_instrument_item_label(r->in->ins, d->outcome_item, r->lang);
	return sdt_instrument_scale_label(r->in->ins, d->outcome, r->lang);
}

/* The drivers of one group (or the organisation, g == NULL) from row on;
 * a group's labels wrap in label_px pixels (the team page's column). */
static size_t driver_rows(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t last_col,
                          const sdt_driver_group *g, double label_px)
{
	const sdt_drivers *d = r->in->drivers;
	const sdt_instrument *ins = r->in->ins;
	char r2[32], n[32], buf[1200];
	const char *args[3], *label;
	size_t k;

	sdt_rep_number_text(r, r2, sizeof r2, round(100.0 * (g ? g->r2 : d->r2)));
	snprintf(r2 + strlen(r2), sizeof r2 - strlen(r2), "%s%%", strcmp(r->lang, "en") ? "\u00a0" : "");
	snprintf(n, sizeof n, "%zu", g ? g->n : d->n);
	args[0] = r2;
	args[1] = outcome_label(r, d);
	args[2] = n;
	sdt_i18n_format(buf, sizeof buf, r->lang,
	                d->outcome_item != SIZE_MAX ? M_DR_R2_ITEM : M_DR_R2, args, 3);
	sdt_rep_note(r, ws, row++, 0, last_col, buf, NULL, 110);
	sdt_rep_msg(r, ws, row, 0, M_SCALE, r->f.header);
	sdt_rep_msg(r, ws, row, 1, M_DR_WEIGHT, r->f.header_num);
	if (g)
		sdt_rep_msg(r, ws, row, 2, M_DR_PRIORITY, r->f.header_indent);
	sdt_rep_set_row(r, ws, row++, 46, NULL);
	for (k = 0; k < d->n_predictors; k++, row++) {
		label = sdt_instrument_scale_label(ins, d->predictors[k], r->lang);
		sdt_rep_text(r, ws, row, 0, label, r->f.wrap);
		/* the team page's label column wraps; the Reliability sheet's is wide */
		if (g)
			sdt_rep_row_lines(r, ws, row, sdt_rep_text_lines(label, label_px, 0));
		sdt_rep_num(r, ws, row, 1, g ? g->rescaled[k] : d->rescaled[k], r->f.pct);
		if (g && g->priority[k])
			sdt_rep_msg(r, ws, row, 2, M_DR_PRIORITY, r->f.practice);
	}
	sdt_rep_note(r, ws, row++, 0, last_col, sdt_rep_t(r, M_DR_NOTE), r->f.note, 110);
	return row;
}

/* The drivers' group with this path, or NULL. */
static const sdt_driver_group *driver_group(const sdt_drivers *d, const char *path)
{
	size_t k;

	for (k = 0; d && k < d->n_groups; k++)
		if (strcmp(d->groups[k].team, path) == 0)
			return &d->groups[k];
	return NULL;
}

size_t sdt_rep_team_agreement(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t last_col,
                              const double *widths)
{
	const sdt_group *g = &r->in->groups->groups[r->focus];
	const sdt_team_stats *t = leaf_team(r, (size_t)r->focus);
	const sdt_driver_group *dg;
	const char *label;
	char n[32], buf[600];
	const char *args[1];
	lxw_row_t breaks[2] = {(lxw_row_t)row, 0};
	double label_px = sdt_rep_col_px(widths[0]), words_px = 0, words;
	size_t j;

	/* a row as tall as its label or the longer words take in Excel; the
	 * words follow the four figures from column 1 */
	for (j = 1 + 4; j <= last_col; j++)
		words_px += sdt_rep_col_px(widths[j]);
	words = fmax(sdt_rep_text_lines(sdt_rep_t(r, M_AG_CHANCE), words_px, 1),
	             sdt_rep_text_lines(sdt_rep_t(r, M_AG_MORE), words_px, 1));
	/* a page of its own, so that the first page (how the team is doing
	 * and what to look at) prints at full size */
	if (t || r->in->drivers)
		sdt_rep_check(r, worksheet_set_h_pagebreaks(ws, breaks), "setting a page break");
	if (t) {
		sdt_rep_msg(r, ws, row++, 0, M_AG_TITLE, r->f.title);
		agree_header(r, ws, row++, 1, last_col);
		for (j = 0; j < r->in->groups->n_scales; j++, row++) {
			label = sdt_instrument_scale_label(r->in->ins, j, r->lang);
			sdt_rep_text(r, ws, row, 0, label, r->f.wrap);
			agree_cells(r, ws, row, 1, g, j, &t->scales[j], last_col);
			sdt_rep_row_lines(r, ws, row, fmax(sdt_rep_text_lines(label, label_px, 0), words));
		}
		sdt_rep_note(r, ws, row++, 0, last_col, sdt_rep_t(r, M_AG_NOTE), r->f.note, 110);
		row++;
	}
	if (!r->in->drivers)
		return row;
	args[0] = outcome_label(r, r->in->drivers);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_DR_TITLE, args, 1);
	sdt_rep_text(r, ws, row++, 0, buf, r->f.title);
	if ((dg = driver_group(r->in->drivers, g->path)) != NULL && !isnan(dg->r2))
		return driver_rows(r, ws, row, last_col, dg, label_px) + 1;
	snprintf(n, sizeof n, "%zu", r->in->min_driver_n ? r->in->min_driver_n : 30);
	args[0] = n;
	sdt_i18n_format(buf, sizeof buf, r->lang, M_DR_NONE, args, 1);
	sdt_rep_note(r, ws, row++, 0, last_col, buf, NULL, 110);
	return row + 1;
}

/* The Reliability sheet: the organisation's drivers, and the agreement
 * of every rendered team without subteams, from a printed page of its own
 * (the sheet's tables above fill most of one, and a team's rows carried
 * over to the next page stood there without their header). */
size_t sdt_rep_reliability_agreement(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_groups *gs = r->in->groups;
	const sdt_team_stats *t;
	char buf[600];
	const char *args[1];
	lxw_row_t breaks[2] = {0, 0};
	size_t i, j;
	int any = 0;

	if (r->in->drivers && !isnan(r->in->drivers->r2)) {
		args[0] = outcome_label(r, r->in->drivers);
		sdt_i18n_format(buf, sizeof buf, r->lang, M_DR_ORG_TITLE, args, 1);
		sdt_rep_text(r, ws, row++, 0, buf, r->f.bold);
		row = driver_rows(r, ws, row, 12, NULL, 0) + 1;
	}
	for (i = 1; i < gs->n_groups; i++) {
		if (!sdt_rep_selected(r, i) || !(t = leaf_team(r, i)))
			continue;
		if (!any++) {
			breaks[0] = (lxw_row_t)row;
			sdt_rep_check(r, worksheet_set_h_pagebreaks(ws, breaks), "setting a page break");
			sdt_rep_msg(r, ws, row++, 0, M_AG_REL_TITLE, r->f.bold);
			agree_header(r, ws, row++, 1, 0);
		}
		sdt_rep_text(r, ws, row++, 0, gs->groups[i].path, r->f.bold);
		for (j = 0; j < gs->n_scales; j++, row++) {
			sdt_rep_text(r, ws, row, 0, sdt_instrument_scale_label(r->in->ins, j, r->lang),
			             r->f.indent);
			agree_cells(r, ws, row, 1, &gs->groups[i], j, &t->scales[j], 0);
		}
	}
	if (any)
		sdt_rep_note(r, ws, row++, 0, 12, sdt_rep_t(r, M_AG_NOTE), r->f.note, 150);
	return any ? row + 1 : row;
}
