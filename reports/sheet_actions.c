/*
 * sheet_actions.c - for each visible team, what the engine's focus logic
 * (sdt_focus.h) finds: needs to work on with coaching practices, needs to
 * work on beyond the supervisor, and strengths, each beside the
 * supervisor's support for that need and the weakest items (after
 * Keronen, Lemmetty & Collin 2025).
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

/* The text of each practice of the engine's catalogue (sdt_focus.h). */
static const struct {
	const char *id;
	sdt_msg text;
} practice_text[] = {
	{"autonomy.reasons", M_PR_AUT1},        {"autonomy.goals", M_PR_AUT2},
	{"autonomy.voice", M_PR_AUT3},          {"competence.challenge", M_PR_COM1},
	{"competence.learning", M_PR_COM2},     {"competence.feedback", M_PR_COM3},
	{"relatedness.interaction", M_PR_REL1}, {"relatedness.remote", M_PR_REL2},
	{"relatedness.peers", M_PR_REL3},
};

typedef struct cols {
	size_t label, scale, mean, diff, support, practice;
	int has_support;
} cols;

static const char *practice(const sdt_rep *r, const char *id)
{
	size_t k;

	for (k = 0; k < sizeof practice_text / sizeof practice_text[0]; k++)
		if (strcmp(practice_text[k].id, id) == 0)
			return sdt_rep_t(r, practice_text[k].text);
	return id;
}

const sdt_breakdown *sdt_rep_remote_breakdown(const sdt_rep *r)
{
	size_t k;

	for (k = 0; k < r->in->n_breakdowns; k++)
		if (strcmp(r->in->breakdowns[k]->attribute, "work_mode") == 0)
			return r->in->breakdowns[k];
	return NULL;
}

/* "Weakest items: text (x %), text (y %)" of a focus area. */
static void items_text(const sdt_rep *r, const sdt_group *g, const sdt_focus_area *a,
                       char *buf, size_t size)
{
	char list[1500];
	const char *args[1] = {list};
	size_t k, o = 0;

	list[0] = '\0';
	for (k = 0; k < a->n_items && o + 1 < sizeof list; k++)
		/* "51%" in English, "51 %" (a no-break space) in Finnish and Swedish */
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s (%.0f%s%%)", k ? "; " : "",
		                      sdt_instrument_item_label(r->in->ins, a->items[k], r->lang),
		                      100.0 * g->items[a->items[k]].favourable,
		                      strcmp(r->lang, "en") ? "\u00a0" : "");
	if (o >= sizeof list)
		list[sizeof list - 1] = '\0';
	sdt_i18n_format(buf, size, r->lang, M_ACT_ITEMS, args, 1);
}

static sdt_msg lever_label(sdt_lever l)
{
	return l == SDT_LEVER_SUPERVISOR ? M_ACT_LEVER_SUP
	       : l == SDT_LEVER_BEYOND ? M_ACT_LEVER_BEYOND : M_ACT_LEVER_STRENGTH;
}

size_t sdt_rep_area_texts(const sdt_rep *r, const sdt_group *g, const sdt_focus_area *a,
                          const char **texts, char *items, size_t size)
{
	size_t n = 0, k;

	for (k = 0; k < a->n_practices; k++)
		texts[n++] = practice(r, a->practices[k]);
	if (a->lever == SDT_LEVER_BEYOND)
		texts[n++] = sdt_rep_t(r, M_ACT_BEYOND_TEXT);
	if (a->lever == SDT_LEVER_STRENGTH)
		texts[n++] = sdt_rep_t(r, M_ACT_STRENGTH_TEXT);
	if (a->n_items) {
		items_text(r, g, a, items, size);
		texts[n++] = items;
	}
	return n;
}

/* One focus area or strength; returns the rows used. */
static size_t area_rows(sdt_rep *r, lxw_worksheet *ws, const cols *c, size_t row,
                        const sdt_group *g, const sdt_focus_area *a)
{
	const sdt_instrument *ins = r->in->ins;
	const sdt_group_scale *gs = &g->scales[a->scale];
	const char *texts[SDT_FOCUS_PRACTICES + 2], *name;
	char items[2000];
	size_t n, k, sup = sdt_rep_need_scale(ins, a->need, SDT_VALENCE_SUPPORT);
	double lines;

	sdt_rep_msg(r, ws, row, c->label, lever_label(a->lever), r->f.label);
	name = sdt_instrument_scale_label(ins, a->scale, r->lang);
	sdt_rep_text(r, ws, row, c->scale, name, r->f.wrap);
	lines = sdt_rep_lines(name, LABEL_CHARS - 2);
	sdt_rep_num(r, ws, row, c->mean, gs->mean, r->f.num);
	sdt_rep_num(r, ws, row, c->diff, gs->diff, gs->significant ? r->f.diff_sig : r->f.diff);
	if (c->has_support && sup != SDT_NO_SCALE)
		sdt_rep_figure(r, ws, row, c->support, sdt_rep_reason(g, g->scales[sup].hidden),
		               g->scales[sup].mean, g->scales[sup].significant ? r->f.num_sig : r->f.num);
	n = sdt_rep_area_texts(r, g, a, texts, items, sizeof items);
	for (k = 0; k < n; k++) {
		sdt_rep_text(r, ws, row + k, c->practice, texts[k], r->f.practice);
		if (k > 0 || sdt_rep_lines(texts[k], PRACTICE_CHARS) > lines)
			lines = sdt_rep_lines(texts[k], PRACTICE_CHARS);
		sdt_rep_row_lines(r, ws, row + k, lines);
	}
	return n ? n : 1;
}

static size_t team_block(sdt_rep *r, lxw_worksheet *ws, const cols *c,
                         size_t row, size_t i)
{
	const sdt_group *g = &r->in->groups->groups[i];
	sdt_focus_options o = SDT_FOCUS_OPTIONS_INIT;
	sdt_focus f;
	char head[1200];
	size_t used = 1, k;

	snprintf(head, sizeof head, "%s (n = %zu)", g->path, g->n);
	sdt_rep_text(r, ws, row, 0, head, r->f.bold);
	o.alpha = r->alpha > 0 ? r->alpha : 0.05;
	o.remote = sdt_rep_remote_breakdown(r);
	if ((r->err = sdt_focus_compute(&f, r->in->groups, i, r->in->ins, &o)) != SDT_OK)
		return used;
	for (k = 0; k < f.n; k++)
		used += area_rows(r, ws, c, row + used, g, &f.areas[k]);
	if (f.n == 0) {
		sdt_rep_msg(r, ws, row + used, c->label, M_ACT_NONE, r->f.label);
		used++;
	}
	return used + 1;
}

static void header(sdt_rep *r, lxw_worksheet *ws, const cols *c, size_t row)
{
	sdt_rep_text(r, ws, row, c->label, "", r->f.header);
	sdt_rep_msg(r, ws, row, c->scale, M_SCALE, r->f.header);
	/* right-aligned over the figures; the practices' header indented as
	 * their text, so the two do not run together */
	sdt_rep_msg(r, ws, row, c->mean, M_MEAN, r->f.header_num);
	sdt_rep_msg(r, ws, row, c->diff, M_ACT_DIFF, r->f.header_num);
	if (c->has_support)
		sdt_rep_msg(r, ws, row, c->support, M_ACT_SUPPORT, r->f.header_num);
	sdt_rep_msg(r, ws, row, c->practice, M_ACT_PRACTICES, r->f.header_indent);
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
	/* figures' columns hold their header's longest word whole */
	sdt_rep_width(r, ws, c.mean, c.mean, sdt_rep_word_width(sdt_rep_t(r, M_MEAN), 12), NULL);
	sdt_rep_width(r, ws, c.diff, c.diff, sdt_rep_word_width(sdt_rep_t(r, M_ACT_DIFF), 13), NULL);
	if (c.has_support)
		sdt_rep_width(r, ws, c.support, c.support,
		              sdt_rep_word_width(sdt_rep_t(r, M_ACT_SUPPORT), 15), NULL);
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
