/*
 * sheet_trend.c - pulse waves: every rendered group's mean per scale in
 * each wave, the change from the previous wave with its test, the groups
 * that appeared or disappeared, and a line chart per need for the
 * organisation and each unit. Each wave's mean is shown only where that
 * wave's own groups show it; a change only where both waves do.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

#define CHANGE_COLS 7     /* change, CI low, CI high, p adjusted, g, test, d_z */
#define MAX_SERIES 8      /* scales a chart draws */
#define CHART_ROWS 15     /* rows a chart covers (288 px * 0.95 / 20 px) */
#define CHART_STEP 430    /* pixels from one chart to the next */

typedef struct trend_ctx {
	const sdt_report_trend *t;
	const sdt_groups *cur;
	long *map;        /* [wave][group]: that wave's group, or -1 */
	size_t nw, ns;
	size_t cc;        /* first change column */
	size_t ncols;     /* change columns: CHANGE_COLS, one more with actions */
	size_t charts_row; /* where the charts' note is: a page starts there */
	lxw_row_t *breaks;
	size_t n_breaks;
} trend_ctx;

static long wave_group(const trend_ctx *tc, size_t k, size_t i)
{
	return tc->map[k * tc->cur->n_groups + i];
}

static int build_map(trend_ctx *tc)
{
	size_t k, i, ng = tc->cur->n_groups;
	sdt_groups_index *ix = NULL;
	int rc;

	if (!(tc->map = sdt_calloc(tc->nw * ng + 1, sizeof *tc->map)))
		return sdt_fail_nomem();
	for (i = 0; tc->nw && i < ng; i++)
		tc->map[(tc->nw - 1) * ng + i] = (long)i;
	/* each earlier wave by an index: a scan per group was quadratic */
	for (k = 0; k + 1 < tc->nw; k++) {
		if ((rc = sdt_groups_index_new(&ix, tc->t->waves[k])) != SDT_OK)
			return rc;
		for (i = 0; i < ng; i++)
			tc->map[k * ng + i] = sdt_rep_wave_group(tc->t->waves[k], ix, tc->cur, i);
		sdt_groups_index_free(ix);
	}
	return SDT_OK;
}

/* Why a wave's cell is hidden (it is: see sdt_rep_wave_cell_visible). */
static int wave_reason(const sdt_groups *wg, long g, size_t j)
{
	const sdt_group *x = &wg->groups[g];

	if (x->scales[j].hidden)
		return x->scales[j].hidden;
	return sdt_rep_reason(x, 0) ? sdt_rep_reason(x, 0) : SDT_HIDDEN_MIN_GROUP;
}

static const sdt_msg change_cols[CHANGE_COLS] = {
	M_TR_CHANGE, M_CI_LO, M_CI_HI, M_SC_PADJ, M_TR_EFFECT, M_TR_TEST, M_TR_DZ};

static void header(sdt_rep *r, lxw_worksheet *ws, const trend_ctx *tc)
{
	size_t k;

	sdt_rep_msg(r, ws, 0, 0, M_GROUP, r->f.header);
	sdt_rep_msg(r, ws, 0, 1, M_SCALE, r->f.header);
	for (k = 0; k < tc->nw; k++)
		sdt_rep_text(r, ws, 0, 2 + k, tc->t->names[k], r->f.header_num);
	for (k = 0; k < CHANGE_COLS; k++)
		sdt_rep_msg(r, ws, 0, tc->cc + k, change_cols[k],
		            change_cols[k] == M_TR_TEST ? r->f.header_indent : r->f.header_num);
	if (tc->ncols > CHANGE_COLS)
		sdt_rep_msg(r, ws, 0, tc->cc + CHANGE_COLS, M_TR_ACTION, r->f.header_indent);
	/* room for two-line headers like "95 %:n lv. alaraja" */
	sdt_rep_set_row(r, ws, 0, 32.0, r->f.header);
}

/* Wave k's mean of group i: blank where the group had nobody then. */
static void wave_mean(sdt_rep *r, lxw_worksheet *ws, size_t row,
                      const trend_ctx *tc, size_t k, size_t i, size_t j)
{
	const sdt_groups *wg = tc->t->waves[k];
	long g = wave_group(tc, k, i);

	if (g < 0)
		return;
	if (!sdt_rep_wave_cell_visible(wg, g, j))
		sdt_rep_figure(r, ws, row, 2 + k, wave_reason(wg, g, j), NAN, NULL);
	else
		sdt_rep_num(r, ws, row, 2 + k, wg->groups[g].scales[j].mean, r->f.num);
}

static void change_cells(sdt_rep *r, lxw_worksheet *ws, size_t row,
                         const trend_ctx *tc, size_t i, size_t j)
{
	const sdt_change *c = &tc->t->changes[i * tc->ns + j];
	long pk = wave_group(tc, tc->nw - 2, i);
	int sig = c->p_adjusted < r->alpha;

	if (pk < 0) /* appeared: listed below the table */
		return;
	/* The engine's flags decide, whatever the change struct holds. */
	if (!sdt_rep_wave_cell_visible(tc->cur, (long)i, j) ||
	    !sdt_rep_wave_cell_visible(tc->t->waves[tc->nw - 2], pk, j)) {
		int a = wave_reason(tc->cur, (long)i, j), b = wave_reason(tc->t->waves[tc->nw - 2], pk, j);

		/* under the threshold in either wave says so; else protection */
		sdt_rep_figure(r, ws, row, tc->cc, a == SDT_HIDDEN_MIN_GROUP || b == SDT_HIDDEN_MIN_GROUP
		               ? SDT_HIDDEN_MIN_GROUP : SDT_HIDDEN_PROTECTION, NAN, NULL);
		return;
	}
	if (c->test == SDT_TEST_NONE)
		return;
	sdt_rep_num(r, ws, row, tc->cc, c->difference, sig ? r->f.diff_sig : r->f.diff);
	sdt_rep_num(r, ws, row, tc->cc + 1, c->ci[0], r->f.diff);
	sdt_rep_num(r, ws, row, tc->cc + 2, c->ci[1], r->f.diff);
	sdt_rep_num(r, ws, row, tc->cc + 3, c->p_adjusted, r->f.p);
	/* One measure per column: Hedges' g for every change, d_z beside it
	 * only where the test is paired. */
	sdt_rep_num(r, ws, row, tc->cc + 4, c->hedges_g, r->f.num);
	sdt_rep_msg(r, ws, row, tc->cc + 5, c->test == SDT_TEST_PAIRED ? M_TR_PAIRED : M_TR_WELCH,
	            r->f.indent);
	if (c->test == SDT_TEST_PAIRED)
		sdt_rep_num(r, ws, row, tc->cc + 6, c->effect_size, r->f.num);
}

/* For a need the team chose after the previous wave (--actions): whether
 * it moved, by the engine's reading of the change on this row. */
static void action_cell(sdt_rep *r, lxw_worksheet *ws, size_t row, const trend_ctx *tc,
                        size_t i, size_t j)
{
	static const sdt_msg word[] = {M_AC_NOT_SHOWN, M_AC_IMPROVED, M_AC_WORSENED, M_AC_NO_CLEAR};
	sdt_action_result res;

	if (tc->ncols == CHANGE_COLS || !sdt_actions_chosen(r->in->actions, tc->cur->groups[i].path, j))
		return;
	res = sdt_action_result_of(&tc->t->changes[i * tc->ns + j],
	                           sdt_instrument_scale_valence(r->in->ins, j), r->alpha);
	sdt_rep_msg(r, ws, row, tc->cc + CHANGE_COLS, word[res],
	            res == SDT_ACTION_IMPROVED || res == SDT_ACTION_WORSENED ? r->f.bold : r->f.indent);
}

static size_t group_rows(sdt_rep *r, lxw_worksheet *ws, size_t row,
                         const trend_ctx *tc, size_t i)
{
	const char *path = tc->cur->groups[i].path;
	size_t j, k;

	for (j = 0; j < tc->ns; j++, row++) {
		sdt_rep_text(r, ws, row, 0, path, NULL);
		sdt_rep_text(r, ws, row, 1, sdt_instrument_scale_label(r->in->ins, j, r->lang), NULL);
		for (k = 0; k < tc->nw; k++)
			wave_mean(r, ws, row, tc, k, i, j);
		change_cells(r, ws, row, tc, i, j);
		action_cell(r, ws, row, tc, i, j);
	}
	return row;
}

static size_t notes(sdt_rep *r, lxw_worksheet *ws, size_t row, const trend_ctx *tc)
{
	char a[32], buf[2048];
	const char *args[3];
	size_t last = tc->cc + tc->ncols - 1;
	sdt_rep_span span = {0, last, 140};

	sdt_rep_number_text(r, a, sizeof a, r->alpha);
	args[0] = tc->t->names[tc->nw - 2];
	args[1] = tc->t->names[tc->nw - 1];
	args[2] = a;
	sdt_rep_msg(r, ws, row++, 0, M_LEGEND, r->f.bold);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_TR_NOTE, args, 3);
	sdt_rep_note(r, ws, row++, 0, last, buf, r->f.note, 140);
	row = sdt_rep_legend_line(r, ws, row, &span, M_TR_BLANK, NULL);
	row = sdt_rep_legend_line(r, ws, row, &span, M_LEG_HIDDEN, NULL);
	if (tc->ncols > CHANGE_COLS) {
		args[0] = tc->t->names[tc->nw - 2];
		args[1] = a;
		sdt_i18n_format(buf, sizeof buf, r->lang, M_TR_ACTION_NOTE, args, 2);
		sdt_rep_note(r, ws, row++, 0, last, buf, r->f.note, 140);
	}
	return row + 1;
}

/* Appeared: rendered groups of the current wave with no group of that
 * path in the previous wave. */
static size_t appeared(sdt_rep *r, lxw_worksheet *ws, size_t row, const trend_ctx *tc)
{
	char buf[512];
	const char *arg = tc->t->names[tc->nw - 1];
	size_t i, n = 0;

	sdt_i18n_format(buf, sizeof buf, r->lang, M_TR_APPEARED, &arg, 1);
	sdt_rep_text(r, ws, row++, 0, buf, r->f.bold);
	for (i = 1; i < tc->cur->n_groups; i++)
		if (sdt_rep_selected(r, i) && wave_group(tc, tc->nw - 2, i) < 0) {
			sdt_rep_text(r, ws, row++, 0, tc->cur->groups[i].path, r->f.indent);
			n++;
		}
	if (!n)
		sdt_rep_msg(r, ws, row++, 0, M_TR_NONE, r->f.indent);
	return row + 1;
}

/* Whether the workbook renders group a and every group right below it:
 * only then may it name the groups gone from under a, so a supervisor's
 * workbook never lists a sibling branch's former teams. */
static int whole_branch(const sdt_rep *r, const sdt_groups *g, size_t a)
{
	size_t j;

	if (!sdt_rep_selected(r, a))
		return 0;
	for (j = a + 1; j < g->n_groups && g->groups[j].depth > g->groups[a].depth; j++)
		if (g->groups[j].parent == (long)a && !sdt_rep_selected(r, j))
			return 0;
	return 1;
}

/* The current group nearest above group p of the previous wave. */
static size_t current_ancestor(const trend_ctx *tc, const sdt_groups *pg, size_t p)
{
	long q, k;

	for (q = pg->groups[p].parent; q > 0; q = pg->groups[q].parent)
		if ((k = sdt_groups_find(tc->cur, pg->groups[q].path)) >= 0)
			return (size_t)k;
	return 0;
}

static void mark_matched(unsigned char *matched, const trend_ctx *tc,
                         const sdt_groups *pg)
{
	size_t i;
	long k;

	for (i = 0; i < tc->cur->n_groups; i++)
		if ((k = wave_group(tc, tc->nw - 2, i)) >= 0)
			matched[k] = 1;
	/* The current organisation's own path was a unit then. */
	if ((k = sdt_groups_find(pg, tc->cur->groups[0].path)) > 0)
		matched[k] = 1;
}

static size_t disappeared(sdt_rep *r, lxw_worksheet *ws, size_t row, const trend_ctx *tc)
{
	const sdt_groups *pg = tc->t->waves[tc->nw - 2];
	unsigned char *matched = sdt_calloc(pg->n_groups + 1, 1);
	char buf[512];
	const char *args[2] = {tc->t->names[tc->nw - 2], tc->t->names[tc->nw - 1]};
	size_t p, n = 0;

	if (!matched) {
		r->err = sdt_fail_nomem();
		goto done;
	}
	mark_matched(matched, tc, pg);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_TR_DISAPPEARED, args, 2);
	sdt_rep_text(r, ws, row++, 0, buf, r->f.bold);
	for (p = 1; p < pg->n_groups; p++)
		if (!matched[p] && whole_branch(r, tc->cur, current_ancestor(tc, pg, p))) {
			sdt_rep_text(r, ws, row++, 0, pg->groups[p].path, r->f.indent);
			n++;
		}
	if (!n)
		sdt_rep_msg(r, ws, row++, 0, M_TR_NONE, r->f.indent);
done:
	sdt_free(matched);
	return row + 1;
}

/* ---- charts: one per need, series = its scales, categories = waves ---- */

typedef struct need_plan {
	sdt_need need;    /* SDT_NEED_OTHER: an instrument without needs, every scale */
	size_t scale[MAX_SERIES];
	size_t n;
} need_plan;

static size_t plan_needs(const sdt_instrument *ins, need_plan *p)
{
	static const sdt_need needs[3] = {
		SDT_NEED_AUTONOMY, SDT_NEED_COMPETENCE, SDT_NEED_RELATEDNESS};
	size_t a, s, n = 0, ns = sdt_instrument_scale_count(ins);
	int by_need = sdt_rep_has_needs(ins);

	for (a = 0; a < (by_need ? 3u : 1u); a++) {
		p[n].need = by_need ? needs[a] : SDT_NEED_OTHER;
		p[n].n = 0;
		for (s = 0; s < ns && p[n].n < MAX_SERIES; s++)
			if (!by_need || sdt_instrument_scale_need(ins, s) == needs[a])
				p[n].scale[p[n].n++] = s;
		n += p[n].n > 0;
	}
	return n;
}

static int any_visible(const trend_ctx *tc, const need_plan *p, size_t u)
{
	size_t k, s;

	for (k = 0; k < tc->nw; k++)
		for (s = 0; s < p->n; s++)
			if (sdt_rep_wave_cell_visible(tc->t->waves[k], wave_group(tc, k, u), p->scale[s]))
				return 1;
	return 0;
}

/* The chart's data, laid out like the table above (scale, then a column
 * per wave): only visible means, so no chart cache can hold a hidden one;
 * a hidden or missing mean is a gap in the line. */
static void need_table(sdt_rep *r, lxw_worksheet *ws, const trend_ctx *tc,
                       const need_plan *p, size_t u, size_t t0)
{
	const sdt_instrument *ins = r->in->ins;
	const sdt_groups *wg;
	size_t k, s;
	long g;

	sdt_rep_text(r, ws, t0, 0, p->need == SDT_NEED_OTHER ? sdt_rep_t(r, M_TR_ALL_SCALES)
	             : sdt_i18n_need(r->lang, p->need), r->f.header);
	sdt_rep_msg(r, ws, t0, 1, M_SCALE, r->f.header);
	for (k = 0; k < tc->nw; k++)
		sdt_rep_text(r, ws, t0, 2 + k, tc->t->names[k], r->f.header_num);
	for (s = 0; s < p->n; s++) {
		sdt_rep_text(r, ws, t0 + 1 + s, 1, sdt_instrument_scale_label(ins, p->scale[s], r->lang),
		             NULL);
		for (k = 0; k < tc->nw; k++) {
			wg = tc->t->waves[k];
			g = wave_group(tc, k, u);
			if (sdt_rep_wave_cell_visible(wg, g, p->scale[s]))
				sdt_rep_num(r, ws, t0 + 1 + s, 2 + k, wg->groups[g].scales[p->scale[s]].mean,
				            r->f.num);
		}
	}
}

static void need_chart(sdt_rep *r, lxw_worksheet *ws, const trend_ctx *tc,
                       const need_plan *p, size_t t0, size_t chart_row, size_t slot)
{
	const char *sheet = sdt_rep_t(r, M_SHEET_TREND);
	lxw_chart *ch = workbook_add_chart(r->wb, LXW_CHART_LINE);
	lxw_chart_options o;
	lxw_chart_series *se;
	lxw_row_t row;
	size_t s;

	if (!ch) {
		sdt_rep_check(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart");
		return;
	}
	/* a literal title, as the table's first header: the constant-memory
	 * workbook caches no cell text, and LibreOffice would show "Chart Title" */
	chart_title_set_name(ch, p->need == SDT_NEED_OTHER ? sdt_rep_t(r, M_TR_ALL_SCALES)
	                     : sdt_i18n_need(r->lang, p->need));
	chart_axis_set_min(ch->y_axis, sdt_instrument_min(r->in->ins));
	chart_axis_set_max(ch->y_axis, sdt_instrument_max(r->in->ins));
	chart_axis_set_name(ch->y_axis, sdt_rep_t(r, M_MEAN));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	for (s = 0; s < p->n; s++) {
		if (!(se = chart_add_series(ch, NULL, NULL))) {
			sdt_rep_check(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart series");
			return;
		}
		row = (lxw_row_t)(t0 + 1 + s);
		chart_series_set_categories(se, sheet, (lxw_row_t)t0, 2, (lxw_row_t)t0,
		                            (lxw_col_t)(1 + tc->nw));
		chart_series_set_values(se, sheet, row, 2, row, (lxw_col_t)(1 + tc->nw));
		chart_series_set_name_range(se, sheet, row, 1);
		chart_series_set_marker_type(se, LXW_CHART_MARKER_AUTOMATIC);
	}
	memset(&o, 0, sizeof o);
	o.x_offset = (int32_t)(slot * CHART_STEP);
	o.x_scale = 0.85;
	o.y_scale = 0.95;
	sdt_rep_check(r, worksheet_insert_chart_opt(ws, (lxw_row_t)chart_row, 0, ch, &o),
	              "inserting a chart");
}

/* Unit u's title, its charts side by side and their tables below; returns
 * the next free row (`row` when nothing of the unit is visible). */
static size_t unit_block(sdt_rep *r, lxw_worksheet *ws, trend_ctx *tc,
                         const need_plan *p, size_t np, size_t u, size_t row)
{
	size_t a, slot = 0, t0 = row + 2 + CHART_ROWS;

	for (a = 0; a < np && !any_visible(tc, &p[a], u); a++)
		;
	if (a == np)
		return row;
	/* One unit a printed page (the first follows the charts' note);
	 * Excel allows 1023 manual breaks. */
	if (row > tc->charts_row + 2 && tc->n_breaks < 1023)
		tc->breaks[tc->n_breaks++] = (lxw_row_t)row;
	sdt_rep_text(r, ws, row, 0, tc->cur->groups[u].path, r->f.title);
	sdt_rep_row_lines(r, ws, row, 1.5); /* the title's larger font */
	for (a = 0; a < np && !r->err; a++) {
		if (!any_visible(tc, &p[a], u))
			continue;
		need_table(r, ws, tc, &p[a], u, t0);
		need_chart(r, ws, tc, &p[a], t0, row + 1, slot++);
		t0 += p[a].n + 2;
	}
	return t0 + 1;
}

static void charts(sdt_rep *r, lxw_worksheet *ws, trend_ctx *tc, size_t row)
{
	need_plan p[3];
	size_t np = plan_needs(r->in->ins, p), u;

	if (!np)
		return;
	tc->charts_row = row;
	tc->breaks[tc->n_breaks++] = (lxw_row_t)row;
	sdt_rep_note(r, ws, row++, 0, tc->cc + CHANGE_COLS - 1, sdt_rep_t(r, M_TR_CHARTS),
	             r->f.note, 140);
	row++;
	for (u = 0; u < tc->cur->n_groups && !r->err; u++)
		if (sdt_rep_selected(r, u) && tc->cur->groups[u].depth <= 1)
			row = unit_block(r, ws, tc, p, np, u, row);
}

/* The Chosen action column fits its longest word of the language on one
 * line (bytes: a little wide for ä, never narrow). */
static double action_width(const sdt_rep *r)
{
	static const sdt_msg word[] = {M_AC_NOT_SHOWN, M_AC_IMPROVED, M_AC_WORSENED, M_AC_NO_CLEAR};
	size_t k, w = 14, len;

	for (k = 0; k < sizeof word / sizeof word[0]; k++) {
		len = strlen(sdt_rep_t(r, word[k]));
		w = len + 2 > w ? len + 2 : w;
	}
	return (double)w;
}

static void layout(sdt_rep *r, lxw_worksheet *ws, const trend_ctx *tc)
{
	size_t k;

	sdt_rep_width(r, ws, 0, 0, sdt_rep_path_width(r), NULL);
	sdt_rep_width(r, ws, 1, 1, sdt_rep_scale_label_width(r), NULL);
	/* a wave's name ("Spring 2026") on one line with room to its left, so
	 * two right-aligned names side by side do not run together; a long
	 * name wraps at its spaces */
	for (k = 0; k < tc->nw; k++)
		sdt_rep_width(r, ws, 2 + k, 2 + k,
		              sdt_rep_word_width(tc->t->names[k], sdt_rep_text_width(tc->t->names[k], 11, 16)),
		              NULL);
	for (k = tc->cc; k < tc->cc + CHANGE_COLS; k++)
		sdt_rep_width(r, ws, k, k, sdt_rep_word_width(sdt_rep_t(r, change_cols[k - tc->cc]),
		              k == tc->cc + 5 ? 13 : 11), NULL);
	if (tc->ncols > CHANGE_COLS)
		sdt_rep_width(r, ws, k, k, action_width(r), NULL);
	if (!r->err)
		worksheet_freeze_panes(ws, 1, 2);
	header(r, ws, tc);
}

/* Rows that surely fit the first printed page (A4 landscape holds about
 * 33 of 15 pt at full size, more when the sheet is scaled to its width). */
#define TABLE_PAGE_ROWS 30

int sdt_sheet_trend(sdt_rep *r)
{
	const sdt_report_trend *t = r->in->trend;
	lxw_worksheet *ws;
	trend_ctx tc;
	size_t i, row = 1;

	memset(&tc, 0, sizeof tc);
	if (!t || r->err || !(ws = sdt_rep_sheet(r, M_SHEET_TREND, 1, 0)))
		return r->err;
	tc.t = t;
	tc.cur = r->in->groups;
	tc.nw = t->n_waves;
	tc.ns = tc.cur->n_scales;
	tc.cc = 2 + tc.nw;
	tc.ncols = CHANGE_COLS + (r->in->actions != NULL);
	if ((r->err = build_map(&tc)) != SDT_OK ||
	    !(tc.breaks = sdt_calloc(tc.cur->n_groups + 2, sizeof *tc.breaks))) {
		r->err = r->err ? r->err : sdt_fail_nomem();
		goto done;
	}
	layout(r, ws, &tc);
	for (i = 0; i < tc.cur->n_groups && !r->err; i++)
		if (sdt_rep_selected(r, i))
			row = group_rows(r, ws, row, &tc, i);
	if (row > 1 && !r->err)
		worksheet_autofilter(ws, 0, 0, (lxw_row_t)(row - 1), (lxw_col_t)(tc.cc + tc.ncols - 1));
	/* the header goes on every page only when the table needs more than
	 * one: it would stand alone above the charts' pages of a short one */
	if (row > TABLE_PAGE_ROWS)
		sdt_rep_check(r, worksheet_repeat_rows(ws, 0, 0), "repeating header rows");
	row = notes(r, ws, row + 1, &tc);
	row = appeared(r, ws, row, &tc);
	row = disappeared(r, ws, row, &tc);
	charts(r, ws, &tc, row);
	if (tc.n_breaks && !r->err)
		sdt_rep_check(r, worksheet_set_h_pagebreaks(ws, tc.breaks), "setting page breaks");
done:
	sdt_free(tc.map);
	sdt_free(tc.breaks);
	return r->err;
}
