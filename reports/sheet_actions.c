/*
 * sheet_actions.c - for each visible team: its strongest need and the need
 * furthest below the rest of the organisation, each with coaching
 * practices for the supervisor (after Keronen, Lemmetty & Collin 2025),
 * and the team's supervisor-practice scores beside the need they support.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sheet.h"

#define N_NEEDS 3
#define LABEL_CHARS 28.0    /* characters a line in the label column */
#define PRACTICE_CHARS 88.0 /* ... and in the practice column */

static const sdt_need needs[N_NEEDS] = {
	SDT_NEED_AUTONOMY, SDT_NEED_COMPETENCE, SDT_NEED_RELATEDNESS
};
static const sdt_msg practices[N_NEEDS][3] = {
	{M_PR_AUT1, M_PR_AUT2, M_PR_AUT3},
	{M_PR_COM1, M_PR_COM2, M_PR_COM3},
	{M_PR_REL1, M_PR_REL2, M_PR_REL3},
};

typedef struct cols {
	size_t label, scale, mean, diff, support, practice;
	int has_support;
} cols;

/* A need's pick for one team: the scale it rests on and its value in the
 * favourable direction. */
typedef struct pick {
	long need;   /* index into needs[], -1 = none */
	size_t scale;
	double value;
} pick;

static int cell_ok(const sdt_group *g, size_t s)
{
	return s != SDT_NO_SCALE && !g->hidden && !g->scales[s].hidden &&
	       !isnan(g->scales[s].mean);
}

/* Highest satisfaction mean; a need with only a frustration scale counts
 * by its mirror image (min + max - mean), since lower is better there. */
static pick strongest(const sdt_rep *r, const sdt_group *g)
{
	const sdt_instrument *ins = r->in->ins;
	double mirror = sdt_instrument_min(ins) + sdt_instrument_max(ins), v;
	pick p = {-1, SDT_NO_SCALE, -INFINITY};
	size_t a, s;

	for (a = 0; a < N_NEEDS; a++) {
		s = sdt_rep_need_scale(ins, needs[a], SDT_VALENCE_SATISFACTION);
		v = cell_ok(g, s) ? g->scales[s].mean : NAN;
		if (isnan(v)) {
			s = sdt_rep_need_scale(ins, needs[a], SDT_VALENCE_FRUSTRATION);
			v = cell_ok(g, s) ? mirror - g->scales[s].mean : NAN;
		}
		if (!isnan(v) && v > p.value) {
			p.need = (long)a;
			p.scale = s;
			p.value = v;
		}
	}
	return p;
}

/* Most negative difference from the rest in the favourable direction,
 * over the satisfaction and frustration scales of every need. */
static pick furthest_below(const sdt_rep *r, const sdt_group *g)
{
	static const sdt_valence vs[2] = {SDT_VALENCE_SATISFACTION, SDT_VALENCE_FRUSTRATION};
	pick p = {-1, SDT_NO_SCALE, 0.0};
	size_t a, k, s;
	double d;

	for (a = 0; a < N_NEEDS; a++) {
		for (k = 0; k < 2; k++) {
			s = sdt_rep_need_scale(r->in->ins, needs[a], vs[k]);
			if (!cell_ok(g, s) || isnan(g->scales[s].diff))
				continue;
			d = k == 0 ? g->scales[s].diff : -g->scales[s].diff;
			if (d < p.value) {
				p.need = (long)a;
				p.scale = s;
				p.value = d;
			}
		}
	}
	return p;
}

/* One need row and its practices; returns the rows used. */
static size_t need_rows(sdt_rep *r, lxw_worksheet *ws, const cols *c,
                        size_t row, const sdt_group *g, sdt_msg label,
                        pick p)
{
	const sdt_instrument *ins = r->in->ins;
	const sdt_group_scale *gs;
	size_t k, sup;

	const char *text;
	double lines;

	sdt_rep_msg(r, ws, row, c->label, label, r->f.label);
	lines = sdt_rep_lines(sdt_rep_t(r, label), LABEL_CHARS);
	if (p.need < 0) {
		sdt_rep_note(r, ws, row, c->scale, c->practice, sdt_rep_t(r, M_ACT_NONE_BELOW),
		             r->f.wrap, 200);
		sdt_rep_row_lines(r, ws, row, lines);
		return 1;
	}
	gs = &g->scales[p.scale];
	text = sdt_instrument_scale_label(ins, p.scale, r->lang);
	sdt_rep_text(r, ws, row, c->scale, text, r->f.wrap);
	if (sdt_rep_lines(text, LABEL_CHARS - 2) > lines)
		lines = sdt_rep_lines(text, LABEL_CHARS - 2);
	sdt_rep_num(r, ws, row, c->mean, gs->mean, r->f.num);
	sdt_rep_num(r, ws, row, c->diff, gs->diff, gs->significant ? r->f.diff_sig : r->f.diff);
	sup = sdt_rep_need_scale(ins, needs[p.need], SDT_VALENCE_SUPPORT);
	if (c->has_support && sup != SDT_NO_SCALE)
		sdt_rep_figure(r, ws, row, c->support, sdt_rep_reason(g, g->scales[sup].hidden),
		               g->scales[sup].mean, g->scales[sup].significant ? r->f.num_sig : r->f.num);
	for (k = 0; k < 3; k++) {
		text = sdt_rep_t(r, practices[p.need][k]);
		sdt_rep_text(r, ws, row + k, c->practice, text, r->f.practice);
		/* The first row also holds the label, which may wrap further. */
		if (k > 0 || sdt_rep_lines(text, PRACTICE_CHARS) > lines)
			lines = sdt_rep_lines(text, PRACTICE_CHARS);
		sdt_rep_row_lines(r, ws, row + k, lines);
	}
	return 3;
}

static size_t team_block(sdt_rep *r, lxw_worksheet *ws, const cols *c,
                         size_t row, size_t i)
{
	const sdt_group *g = &r->in->groups->groups[i];
	char head[1200];
	size_t used = 1;

	snprintf(head, sizeof head, "%s (n = %zu)", g->path, g->n);
	sdt_rep_text(r, ws, row, 0, head, r->f.bold);
	used += need_rows(r, ws, c, row + used, g, M_ACT_STRONG, strongest(r, g));
	used += need_rows(r, ws, c, row + used, g, M_ACT_WEAK, furthest_below(r, g));
	return used + 1;
}

static void header(sdt_rep *r, lxw_worksheet *ws, const cols *c, size_t row)
{
	sdt_rep_text(r, ws, row, c->label, "", r->f.header);
	sdt_rep_msg(r, ws, row, c->scale, M_SCALE, r->f.header);
	sdt_rep_msg(r, ws, row, c->mean, M_MEAN, r->f.header);
	sdt_rep_msg(r, ws, row, c->diff, M_ACT_DIFF, r->f.header);
	if (c->has_support)
		sdt_rep_msg(r, ws, row, c->support, M_ACT_SUPPORT, r->f.header);
	sdt_rep_msg(r, ws, row, c->practice, M_ACT_PRACTICES, r->f.header);
	sdt_rep_set_row(r, ws, row, 46, NULL);
}

static void layout(const sdt_instrument *ins, cols *c)
{
	size_t a;

	c->has_support = 0;
	for (a = 0; a < N_NEEDS; a++)
		if (sdt_rep_need_scale(ins, needs[a], SDT_VALENCE_SUPPORT) != SDT_NO_SCALE)
			c->has_support = 1;
	c->label = 0;
	c->scale = 1;
	c->mean = 2;
	c->diff = 3;
	c->support = 4;
	c->practice = c->has_support ? 5 : 4;
}

int sdt_sheet_actions(sdt_rep *r)
{
	const sdt_groups *gs = r->in->groups;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_ACTIONS, 2, 2);
	cols c;
	size_t i, row = 3;

	if (!ws)
		return r->err;
	layout(r->in->ins, &c);
	sdt_rep_width(r, ws, c.label, c.label, 30, NULL);
	sdt_rep_width(r, ws, c.scale, c.scale, 26, NULL);
	sdt_rep_width(r, ws, c.mean, c.mean, 12, NULL);
	sdt_rep_width(r, ws, c.diff, c.diff, 13, NULL);
	if (c.has_support)
		sdt_rep_width(r, ws, c.support, c.support, 15, NULL);
	sdt_rep_width(r, ws, c.practice, c.practice, 80, NULL);
	sdt_rep_note(r, ws, 0, 0, c.practice, sdt_rep_t(r, M_ACT_INTRO), r->f.note, 150);
	header(r, ws, &c, 2);
	if (!sdt_rep_has_needs(r->in->ins)) {
		sdt_rep_msg(r, ws, row, 0, M_ACT_NO_NEEDS, NULL);
		return r->err;
	}
	for (i = 1; i < gs->n_groups && !r->err; i++)
		if (sdt_rep_visible_team(r, i))
			row += team_block(r, ws, &c, row, i);
	if (row == 3)
		sdt_rep_msg(r, ws, row, 0, M_ACT_NO_TEAMS, NULL);
	return r->err;
}
