/*
 * sheet_team.c - the first page of a team's (or department's) workbook:
 * the group beside its parent and the organisation on every scale, its
 * difference from the rest, its change since the previous wave, n and
 * response rate, and what to look at, in plain words (sdt_focus.h). It is
 * laid out to print on one A4 page.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

/* The scale column's width: its labels wrap, each row as tall as its
 * label's lines in Excel (sdt_rep_text_lines) */
#define LABEL_WIDTH 36.0

enum { C_SCALE, C_TEAM, C_FAV, C_PARENT, C_ORG, C_DIFF, C_CHANGE, C_CHANGE_CI, N_COLS };

/* "Change since\nSpring 2026": the wave's name on a line of its own, so
 * the header wraps at the same place in every language and its first
 * line keeps clear of the right-aligned header on its left. */
static void wave_on_own_line(char *buf, const char *wave)
{
	size_t n = strlen(buf), w = strlen(wave);

	if (n > w && buf[n - w - 1] == ' ' && !strcmp(buf + n - w, wave))
		buf[n - w - 1] = '\n';
}

/* The header row: the parent's column is named after the parent. */
static void header(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_group *parent)
{
	const sdt_report_trend *t = r->in->trend;
	char buf[256];
	const char *args[1];

	sdt_rep_msg(r, ws, row, C_SCALE, M_SCALE, r->f.header);
	sdt_rep_msg(r, ws, row, C_TEAM, M_TEAM_THIS, r->f.header_num);
	sdt_rep_msg(r, ws, row, C_FAV, M_FAV, r->f.header_num);
	sdt_rep_text(r, ws, row, C_PARENT, parent->name, r->f.header_num);
	sdt_rep_msg(r, ws, row, C_ORG, M_TEAM_ORG, r->f.header_num);
	sdt_rep_msg(r, ws, row, C_DIFF, M_ACT_DIFF, r->f.header_num);
	if (t) {
		args[0] = t->names[t->n_waves - 2];
		sdt_i18n_format(buf, sizeof buf, r->lang, M_TEAM_CHANGE, args, 1);
		wave_on_own_line(buf, args[0]);
		sdt_rep_text(r, ws, row, C_CHANGE, buf, r->f.header_num);
		sdt_rep_msg(r, ws, row, C_CHANGE_CI, M_TEAM_CHANGE_CI, r->f.header_num);
	}
	sdt_rep_set_row(r, ws, row, 46, NULL);
}

/* x as "+0.25" (fi, sv "+0,25"), never "-0.00". */
static void signed_text(const sdt_rep *r, char *buf, size_t size, double x)
{
	snprintf(buf, size, "%+.2f", fabs(x) < 0.005 ? 0.0 : x);
	if (strcmp(r->lang, "en") != 0 && strchr(buf, '.'))
		*strchr(buf, '.') = ',';
}

/* "-0.10 to +0.42" (fi "-0,10…+0,42"): one cell, so the page stays one
 * A4 wide, in the language's decimal mark. */
static void range_text(const sdt_rep *r, char *buf, size_t size, const sdt_change *c)
{
	char lo[32], hi[32];
	const char *args[2] = {lo, hi};

	signed_text(r, lo, sizeof lo, c->ci[0]);
	signed_text(r, hi, sizeof hi, c->ci[1]);
	sdt_i18n_format(buf, size, r->lang, M_TEAM_RANGE, args, 2);
}

static void change_ci(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_change *c)
{
	char buf[96];

	range_text(r, buf, sizeof buf, c);
	sdt_rep_text(r, ws, row, C_CHANGE_CI, buf, r->f.hidden);
}

/* The change of group i on scale j since the previous wave: a number
 * shown as "▲ +0.25" / "▼ -0.30", or nothing when not shown. */
static void change_cell(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t i, size_t j)
{
	const sdt_report_trend *t = r->in->trend;
	const sdt_change *c;

	if (!t)
		return;
	c = &t->changes[i * r->in->groups->n_scales + j];
	if (c->test == SDT_TEST_NONE || isnan(c->difference))
		sdt_rep_text(r, ws, row, C_CHANGE, "\u2013", r->f.hidden);
	else {
		sdt_rep_num(r, ws, row, C_CHANGE, c->difference,
		            c->p_adjusted < r->alpha ? r->f.change_sig : r->f.change);
		change_ci(r, ws, row, c);
	}
}

static void scale_row(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t j)
{
	const sdt_groups *gs = r->in->groups;
	const sdt_group *g = &gs->groups[r->focus], *p = &gs->groups[g->parent], *o = &gs->groups[0];
	const sdt_group_scale *c = &g->scales[j];
	int h = sdt_rep_reason(g, c->hidden);

	sdt_rep_text(r, ws, row, C_SCALE, sdt_instrument_scale_label(r->in->ins, j, r->lang), r->f.wrap);
	sdt_rep_figure(r, ws, row, C_TEAM, h, c->mean, sdt_rep_mean_format(r, (size_t)r->focus, j));
	sdt_rep_figure(r, ws, row, C_FAV, c->favourable_hidden, c->favourable, r->f.pct);
	sdt_rep_figure(r, ws, row, C_PARENT, sdt_rep_reason(p, p->scales[j].hidden),
	               p->scales[j].mean, r->f.num);
	sdt_rep_figure(r, ws, row, C_ORG, sdt_rep_reason(o, o->scales[j].hidden),
	               o->scales[j].mean, r->f.num);
	sdt_rep_figure(r, ws, row, C_DIFF, h, c->diff, c->significant ? r->f.diff_sig : r->f.diff);
	change_cell(r, ws, row, (size_t)r->focus, j);
	sdt_rep_row_lines(r, ws, row, sdt_rep_text_lines(sdt_instrument_scale_label(r->in->ins, j,
	                  r->lang), sdt_rep_col_px(LABEL_WIDTH), 0));
}

/* A composite of the group beside its parent and the organisation; it
 * has no share favourable and no comparison of its own. */
static void composite_row(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t k)
{
	const sdt_groups *gs = r->in->groups;
	const sdt_group *g = &gs->groups[r->focus], *p = &gs->groups[g->parent], *o = &gs->groups[0];
	const char *label = sdt_instrument_composite_label(r->in->ins, k, r->lang);

	sdt_rep_text(r, ws, row, C_SCALE, label, r->f.label);
	sdt_rep_figure(r, ws, row, C_TEAM, sdt_rep_reason(g, g->composites[k].hidden),
	               g->composites[k].mean, r->f.num);
	sdt_rep_figure(r, ws, row, C_PARENT, sdt_rep_reason(p, p->composites[k].hidden),
	               p->composites[k].mean, r->f.num);
	sdt_rep_figure(r, ws, row, C_ORG, sdt_rep_reason(o, o->composites[k].hidden),
	               o->composites[k].mean, r->f.num);
	sdt_rep_row_lines(r, ws, row, sdt_rep_text_lines(label, sdt_rep_col_px(LABEL_WIDTH), 0));
}

/* "-12" / "+25" in the language's minus and no decimals: eNPS points. */
static void points(char *buf, size_t n, double x)
{
	snprintf(buf, n, "%+.0f", fabs(x) < 0.5 ? 0.0 : x);
}

/* An outcome of the group beside its parent and the organisation: mean and
 * % favourable; for an eNPS item a second row of eNPS, its CI in the
 * label. A hidden cell shows why. */
static size_t outcome_rows(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t o)
{
	const sdt_groups *gs = r->in->groups;
	size_t i = (size_t)r->focus, pi = gs->groups[i].parent >= 0 ? (size_t)gs->groups[i].parent : 0;
	const sdt_outcome_stats *g = sdt_rep_outcome(r, i, o), *p = sdt_rep_outcome(r, pi, o);
	const sdt_outcome_stats *org = sdt_rep_outcome(r, 0, o);
	const char *label = sdt_instrument_item_label(r->in->ins,
	                                              sdt_instrument_outcome_item(r->in->ins, o), r->lang);
	int h = sdt_rep_reason(&gs->groups[i], g->hidden);
	int hp = sdt_rep_reason(&gs->groups[pi], p->hidden), ho = sdt_rep_reason(&gs->groups[0], org->hidden);
	char lo[16], hi[16], buf[128];
	const char *args[2] = {lo, hi};

	sdt_rep_text(r, ws, row, C_SCALE, label, r->f.wrap);
	sdt_rep_figure(r, ws, row, C_TEAM, h, g->mean, r->f.num);
	sdt_rep_figure(r, ws, row, C_FAV, h, g->favourable, r->f.pct);
	sdt_rep_figure(r, ws, row, C_PARENT, hp, p->mean, r->f.num);
	sdt_rep_figure(r, ws, row, C_ORG, ho, org->mean, r->f.num);
	sdt_rep_row_lines(r, ws, row++, sdt_rep_text_lines(label, sdt_rep_col_px(LABEL_WIDTH), 0));
	if (!g->enps)
		return row;
	if (h || isnan(g->enps_ci[0]))
		sdt_rep_msg(r, ws, row, C_SCALE, M_ENPS, r->f.label);
	else {
		points(lo, sizeof lo, g->enps_ci[0]);
		points(hi, sizeof hi, g->enps_ci[1]);
		sdt_i18n_format(buf, sizeof buf, r->lang, M_ENPS_ROW, args, 2);
		sdt_rep_text(r, ws, row, C_SCALE, buf, r->f.label);
	}
	sdt_rep_figure(r, ws, row, C_TEAM, h, g->enps_score, r->f.num);
	sdt_rep_figure(r, ws, row, C_PARENT, hp, p->enps_score, r->f.num);
	sdt_rep_figure(r, ws, row, C_ORG, ho, org->enps_score, r->f.num);
	return row + 1;
}

/* One focus area in plain words: the lever, the scale, what to try. */
static size_t focus_rows(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_focus_area *a)
{
	static const sdt_msg lever[] = {M_ACT_LEVER_SUP, M_ACT_LEVER_BEYOND, M_ACT_LEVER_STRENGTH};
	char line[1200];
	snprintf(line, sizeof line, "%s: %s", sdt_rep_t(r, lever[a->lever - 1]),
	         sdt_instrument_scale_label(r->in->ins, a->scale, r->lang));
	const char *texts[SDT_FOCUS_PRACTICES + 2];
	char items[2000];
	size_t n, k;

	sdt_rep_merge(r, ws, row, 0, row, N_COLS - 1, line, r->f.bold);
	n = sdt_rep_area_texts(r, &r->in->groups->groups[r->focus], a, texts, items, sizeof items);
	for (k = 0; k < n; k++) {
		sdt_rep_merge(r, ws, row + 1 + k, 0, row + 1 + k, N_COLS - 1, texts[k], r->f.practice);
		sdt_rep_row_lines(r, ws, row + 1 + k, sdt_rep_lines(texts[k], 120.0));
	}
	return 1 + n;
}

/* One chosen need: whether it moved, its change and CI, or why none is
 * shown. */
static void chosen_row(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t j)
{
	static const sdt_msg word[] = {M_AC_NOT_SHOWN, M_AC_IMPROVED, M_AC_WORSENED, M_AC_NO_CLEAR};
	const sdt_change *c = &r->in->trend->changes[(size_t)r->focus * r->in->groups->n_scales + j];
	sdt_action_result res = sdt_action_result_of(c, sdt_instrument_scale_valence(r->in->ins, j),
	                                             r->alpha);
	char diff[32], range[96], line[1200];
	const char *args[4];

	args[0] = sdt_instrument_scale_label(r->in->ins, j, r->lang);
	if (res == SDT_ACTION_NOT_SHOWN) {
		sdt_i18n_format(line, sizeof line, r->lang, M_TEAM_ACTION_HIDDEN, args, 1);
	} else {
		signed_text(r, diff, sizeof diff, c->difference);
		range_text(r, range, sizeof range, c);
		args[1] = sdt_rep_t(r, word[res]);
		args[2] = diff;
		args[3] = range;
		sdt_i18n_format(line, sizeof line, r->lang, M_TEAM_ACTION_LINE, args, 4);
	}
	sdt_rep_merge(r, ws, row, 0, row, N_COLS - 1, line, r->f.practice);
	sdt_rep_row_lines(r, ws, row, sdt_rep_lines(line, 120.0));
}

/* With --actions and an earlier wave: each need the team chose after the
 * previous wave, and whether it moved (sdt_actions.h). */
static size_t chosen_actions(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_report_trend *t = r->in->trend;
	const char *path = r->in->groups->groups[r->focus].path, *args[2];
	char buf[512], a[32];
	size_t j, n = 0;

	if (!t || !r->in->actions)
		return row;
	for (j = 0; j < r->in->groups->n_scales; j++)
		n += (size_t)sdt_actions_chosen(r->in->actions, path, j);
	if (!n)
		return row;
	args[0] = t->names[t->n_waves - 2];
	sdt_i18n_format(buf, sizeof buf, r->lang, M_TEAM_ACTIONS, args, 1);
	sdt_rep_text(r, ws, row++, 0, buf, r->f.title);
	for (j = 0; j < r->in->groups->n_scales; j++)
		if (sdt_actions_chosen(r->in->actions, path, j))
			chosen_row(r, ws, row++, j);
	sdt_rep_number_text(r, a, sizeof a, r->alpha);
	args[0] = a;
	sdt_i18n_format(buf, sizeof buf, r->lang, M_TEAM_ACTIONS_NOTE, args, 1);
	sdt_rep_note(r, ws, row++, 0, N_COLS - 1, buf, r->f.note, 110);
	return row + 1;
}

static size_t what_to_look_at(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	sdt_focus_options o = SDT_FOCUS_OPTIONS_INIT;
	sdt_focus f;
	size_t k;

	sdt_rep_msg(r, ws, row++, 0, M_TEAM_FOCUS, r->f.title);
	o.alpha = r->alpha;
	o.remote = sdt_rep_remote_breakdown(r);
	if ((r->err = sdt_focus_compute(&f, r->in->groups, (size_t)r->focus, r->in->ins, &o)))
		return row;
	for (k = 0; k < f.n; k++)
		row += focus_rows(r, ws, row, &f.areas[k]);
	if (f.n == 0)
		sdt_rep_msg(r, ws, row++, 0, M_ACT_NONE, NULL);
	return row;
}

/* The columns' widths into w[0..N_COLS): the figures' columns each hold
 * their headers whole, clear of the header on their left
 * ("Organisationen", "luottamusväli"), at least 14. The first four also
 * head the agreement table on the page below (rwg(j), its chance cutoff,
 * r*wg(j), ADM(J)); the parent's column is named after the parent. */
static void team_widths(sdt_rep *r, lxw_worksheet *ws, const sdt_group *parent, double *w)
{
	static const sdt_msg team[] = {M_TEAM_THIS, M_AG_RWG}, fav[] = {M_FAV, M_AG_CUT},
	                     org[] = {M_TEAM_ORG, M_AG_AD}, star[] = {M_AG_STAR};
	const char *name = parent->name ? parent->name : parent->path;
	size_t c;

	w[C_SCALE] = LABEL_WIDTH;
	w[C_TEAM] = sdt_rep_msgs_width(r, team, 2, 14);
	w[C_FAV] = sdt_rep_msgs_width(r, fav, 2, 14);
	w[C_PARENT] = fmin(sdt_rep_msgs_width(r, star, 1, sdt_rep_word_width(name, 14)), 30);
	w[C_ORG] = sdt_rep_msgs_width(r, org, 2, 14);
	/* at 14 "Skillnad mot övriga" wraps, and "Förändring sedan ..." on its
	 * right must fit a line */
	w[C_DIFF] = sdt_rep_word_width(sdt_rep_t(r, M_ACT_DIFF), 14);
	w[C_CHANGE] = r->in->trend ? 21 : 14;
	w[C_CHANGE_CI] = sdt_rep_word_width(sdt_rep_t(r, M_TEAM_CHANGE_CI), 14);
	/* one call per column: overlapping <col> ranges are invalid, and
	 * LibreOffice keeps the first width given */
	for (c = 0; c < N_COLS; c++)
		sdt_rep_width(r, ws, c, c, w[c], NULL);
}

int sdt_sheet_team(sdt_rep *r)
{
	const sdt_group *g = &r->in->groups->groups[r->focus];
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_TEAM, 0, 0);
	char n[32], rate[32], buf[256];
	const char *args[1];
	double w[N_COLS];
	size_t j, row = 4;

	if (!ws)
		return r->err;
	/* One page wide like every sheet, and free in height: the agreement
	 * and drivers block starts a page of its own at a manual break, which
	 * fitting to a number of pages tall made LibreOffice ignore. */
	team_widths(r, ws, &r->in->groups->groups[g->parent >= 0 ? g->parent : 0], w);
	sdt_rep_text(r, ws, 0, 0, g->path, r->f.title);
	snprintf(n, sizeof n, "%zu", g->n);
	args[0] = n;
	sdt_i18n_format(buf, sizeof buf, r->lang, M_TEAM_N, args, 1);
	if (g->headcount) {
		snprintf(rate, sizeof rate, "%.0f%s%%", 100.0 * (double)g->n / (double)g->headcount,
		         strcmp(r->lang, "en") ? "\u00a0" : "");
		args[0] = rate;
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), ", ");
		sdt_i18n_format(buf + strlen(buf), sizeof buf - strlen(buf), r->lang, M_TEAM_RATE,
		                args, 1);
	}
	sdt_rep_text(r, ws, 1, 0, buf, NULL);
	header(r, ws, 3, &r->in->groups->groups[g->parent >= 0 ? g->parent : 0]);
	for (j = 0; j < r->in->groups->n_scales; j++)
		scale_row(r, ws, row++, j);
	for (j = 0; j < r->in->groups->n_composites; j++)
		composite_row(r, ws, row++, j);
	for (j = 0; r->in->outcomes && j < r->in->n_outcomes; j++)
		if (sdt_rep_outcome_asked(r, j))
			row = outcome_rows(r, ws, row, j);
	sdt_rep_note(r, ws, row++, 0, N_COLS - 1, sdt_rep_t(r, r->in->colour_favourable ?
	             M_LEG_COLOUR_FAV : M_LEG_COLOUR), r->f.note, 110);
	row = chosen_actions(r, ws, row + 1);
	row = what_to_look_at(r, ws, row);
	/* agreement and drivers: a block of its own (sheet_agree.c), on a
	 * page of its own */
	sdt_rep_team_agreement(r, ws, row + 1, N_COLS - 1, w);
	return r->err;
}
