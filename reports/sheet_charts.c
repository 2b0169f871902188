/*
 * sheet_charts.c - one chart per top-level unit comparing its visible
 * teams on the three needs. Each chart reads a small table written just
 * before it, holding only visible teams, so a chart cache can never hold
 * a hidden figure.
 */
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

#define MAX_SERIES 3

typedef struct chart_plan {
	size_t scale[MAX_SERIES];
	size_t n;
	int by_need; /* headers are need names, not scale labels */
} chart_plan;

static void plan_scales(const sdt_instrument *ins, chart_plan *p)
{
	static const sdt_need needs[MAX_SERIES] = {
		SDT_NEED_AUTONOMY, SDT_NEED_COMPETENCE, SDT_NEED_RELATEDNESS
	};
	size_t a, s;

	memset(p, 0, sizeof *p);
	for (a = 0; a < MAX_SERIES; a++) {
		s = sdt_rep_need_scale(ins, needs[a], SDT_VALENCE_SATISFACTION);
		if (s != SDT_NO_SCALE)
			p->scale[p->n++] = s;
	}
	p->by_need = p->n > 0;
	/* Instruments without need links: chart their first scales instead. */
	for (s = 0; !p->n && s < sdt_instrument_scale_count(ins) && s < MAX_SERIES; s++)
		p->scale[s] = s;
	if (!p->by_need)
		p->n = sdt_instrument_scale_count(ins) < MAX_SERIES ?
		       sdt_instrument_scale_count(ins) : MAX_SERIES;
}

/* One past the last group of the subtree rooted at u (depth-first order). */
static size_t subtree_end(const sdt_groups *g, size_t u)
{
	size_t j = u + 1;

	while (j < g->n_groups && g->groups[j].depth > g->groups[u].depth)
		j++;
	return j;
}

/* The team's path below the unit, which tells same-named teams apart. */
static const char *relative_name(const sdt_group *unit, const sdt_group *t)
{
	size_t n = strlen(unit->path);

	if (t != unit && !strncmp(t->path, unit->path, n) && t->path[n] == '/')
		return t->path + n + 1;
	return t->name ? t->name : t->path;
}

/* A series' header: the need's name, or the scale's label. */
static const char *series_name(const sdt_rep *r, const chart_plan *p, size_t k)
{
	const sdt_instrument *ins = r->in->ins;

	return p->by_need ? sdt_i18n_need(r->lang, sdt_instrument_scale_need(ins, p->scale[k]))
	                  : sdt_instrument_scale_label(ins, p->scale[k], r->lang);
}

/* Column 1 + k: as wide as its header's longest word ("Yhteenkuuluvuus"
 * must not break), at least 12. */
static double series_width(const sdt_rep *r, const chart_plan *p, size_t k)
{
	return sdt_rep_word_width(series_name(r, p, k), 12);
}

/* Lines of the header row: a scale label may still wrap at its spaces
 * (bold text runs about 1.15 width units a character). */
static double header_lines(const sdt_rep *r, const chart_plan *p)
{
	double lines = 1, l;
	size_t k;

	for (k = 0; k < p->n; k++)
		if ((l = sdt_rep_lines(series_name(r, p, k), series_width(r, p, k) / 1.15 - 1)) > lines)
			lines = l;
	return lines;
}

/* Titles and series names are literal text, not cell references: the
 * constant-memory workbook stores no cached cell values, so a reader
 * that does not recalculate (LibreOffice) would show "Chart Title". */
static lxw_chart *unit_chart(sdt_rep *r, const chart_plan *p, const char *title,
                             size_t first, size_t last)
{
	const char *sheet = sdt_rep_t(r, M_SHEET_CHARTS);
	lxw_chart *ch = workbook_add_chart(r->wb, LXW_CHART_COLUMN);
	lxw_chart_series *se;
	size_t k;

	if (!ch) {
		sdt_rep_check(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart");
		return NULL;
	}
	chart_title_set_name(ch, title);
	chart_axis_set_min(ch->y_axis, sdt_instrument_min(r->in->ins));
	chart_axis_set_max(ch->y_axis, sdt_instrument_max(r->in->ins));
	chart_axis_set_name(ch->y_axis, sdt_rep_t(r, M_MEAN));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	for (k = 0; k < p->n; k++) {
		if (!(se = chart_add_series(ch, NULL, NULL))) {
			sdt_rep_check(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart series");
			return NULL;
		}
		chart_series_set_categories(se, sheet, (lxw_row_t)first, 0, (lxw_row_t)last, 0);
		chart_series_set_values(se, sheet, (lxw_row_t)first, (lxw_col_t)(1 + k),
		                        (lxw_row_t)last, (lxw_col_t)(1 + k));
		chart_series_set_name(se, series_name(r, p, k));
	}
	return ch;
}

/* Teams of the unit whose charted figures are all visible. */
static int chartable(const sdt_rep *r, const chart_plan *p, size_t i)
{
	const sdt_group *g = &r->in->groups->groups[i];
	size_t k;

	if (!sdt_rep_visible_team(r, i))
		return 0;
	for (k = 0; k < p->n; k++)
		if (g->scales[p->scale[k]].hidden)
			return 0;
	return 1;
}

/* Write one unit's table and chart at `row`; returns the rows used (0 when
 * the unit has no team to show). */
static size_t unit_block(sdt_rep *r, lxw_worksheet *ws, const chart_plan *p,
                         size_t u, size_t row)
{
	const sdt_groups *gs = r->in->groups;
	size_t end = subtree_end(gs, u), i, k, n = 0;
	lxw_chart *ch;
	double xs;

	for (i = u; i < end; i++)
		n += (size_t)chartable(r, p, i);
	if (!n)
		return 0;
	sdt_rep_text(r, ws, row, 0, gs->groups[u].path, r->f.title);
	sdt_rep_row_lines(r, ws, row + 1, header_lines(r, p));
	sdt_rep_msg(r, ws, row + 1, 0, M_TEAM, r->f.header);
	for (k = 0; k < p->n; k++)
		sdt_rep_text(r, ws, row + 1, 1 + k, series_name(r, p, k), r->f.header_num);
	for (n = 0, i = u; i < end; i++) {
		if (!chartable(r, p, i))
			continue;
		sdt_rep_text(r, ws, row + 2 + n, 0, relative_name(&gs->groups[u], &gs->groups[i]), NULL);
		for (k = 0; k < p->n; k++)
			sdt_rep_num(r, ws, row + 2 + n, 1 + k, gs->groups[i].scales[p->scale[k]].mean,
			            r->f.num);
		n++;
	}
	ch = unit_chart(r, p, gs->groups[u].path, row + 2, row + 1 + n);
	xs = n > 8 ? 1.0 + (double)(n - 8) * 0.1 : 1.0;
	if (ch && !r->err)
		sdt_rep_check(r, worksheet_insert_chart_opt(ws, (lxw_row_t)row, (lxw_col_t)(p->n + 2), ch,
		              &(lxw_chart_options){.x_scale = xs > 2.5 ? 2.5 : xs, .y_scale = 1.0}),
		              "inserting a chart");
	return (n + 2 > 16 ? n + 2 : 16) + 2;
}

int sdt_sheet_charts(sdt_rep *r)
{
	const sdt_groups *gs = r->in->groups;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_CHARTS, 1, 0);
	lxw_row_t *breaks = NULL;
	chart_plan p;
	size_t u, row = 2, used, nb = 0;

	if (!ws)
		return r->err;
	plan_scales(r->in->ins, &p);
	if (!(breaks = sdt_calloc(gs->n_groups + 1, sizeof *breaks)))
		return r->err = sdt_fail_nomem();
	sdt_rep_width(r, ws, 0, 0, 28, NULL);
	/* one call per column: overlapping <col> ranges are invalid */
	for (u = 0; u < p.n; u++)
		sdt_rep_width(r, ws, 1 + u, 1 + u, series_width(r, &p, u), NULL);
	sdt_rep_note(r, ws, 0, 0, p.n + 9, sdt_rep_t(r, M_CH_NOTE), r->f.note, 120);
	for (u = 1; u < gs->n_groups && p.n && !r->err; u++) {
		if (gs->groups[u].depth != 1 || !sdt_rep_selected(r, u))
			continue;
		used = unit_block(r, ws, &p, u, row);
		/* One unit a printed page; Excel allows 1023 manual breaks. */
		if (used && row > 2 && nb < 1023)
			breaks[nb++] = (lxw_row_t)row;
		row += used;
	}
	if (row == 2)
		sdt_rep_msg(r, ws, 2, 0, M_CH_NONE, NULL);
	if (nb && !r->err)
		sdt_rep_check(r, worksheet_set_h_pagebreaks(ws, breaks), "setting page breaks");
	sdt_free(breaks);
	return r->err;
}
