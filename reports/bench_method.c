/*
 * bench_method.c - the benchmark's Portfolio sheet (how the means spread
 * on each scale, organisations and teams in two tables one above the
 * other, and which scales are ranked and banded said in a sentence below
 * each rather than in yes/no columns, so the page stays narrow) and its
 * Method sheet, which says in words how each figure is found: a board
 * reads it, so it names no software library and carries no command line
 * or file path.
 */
#include <stdio.h>
#include <string.h>

#include "bench_sheets.h"

#define PF_COLS 8 /* scale, n, five figures; for teams, their organisations */
#define SCALE_W 34

/* Minimum, quartiles and maximum from column col. */
static void dist_cells(bm *m, lxw_worksheet *ws, size_t row, size_t col,
                       const sdt_benchmark_dist *d)
{
	sdt_rep_num(&m->r, ws, row, col, bm_shown(m, d->min, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 1, bm_shown(m, d->q1, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 2, bm_shown(m, d->median, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 3, bm_shown(m, d->q3, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 4, bm_shown(m, d->max, 0.01), m->r.f.num);
}

static const sdt_msg pf_head[PF_COLS] = {
	M_SCALE, M_N, M_BM_MIN, M_BM_Q1, M_BM_MEDIAN, M_BM_Q3, M_BM_MAX, M_BM_TEAM_ORGS
};

/* Column widths: headers whole words wide; scale names wrap, so that the
 * page keeps a full-size print even with Finnish headers, which are
 * single long words. Returns the lines the tallest header takes. */
static double portfolio_widths(bm *m, lxw_worksheet *ws)
{
	double w, lines = 1, l;
	size_t c;

	sdt_rep_width(&m->r, ws, 0, 0, SCALE_W, NULL);
	for (c = 1; c < PF_COLS; c++) {
		w = sdt_rep_word_width(sdt_rep_t(&m->r, pf_head[c]), c == 1 ? 7 : 10);
		sdt_rep_width(&m->r, ws, c, c, w, NULL);
		if ((l = sdt_rep_lines(sdt_rep_t(&m->r, pf_head[c]), w - 1)) > lines)
			lines = l;
	}
	return lines;
}

/* A table's heading and header row at `row`; the teams' table has one
 * column more, the organisations they come from. Returns the next row. */
static size_t table_head(bm *m, lxw_worksheet *ws, size_t row, sdt_msg title, int teams,
                         double head_lines)
{
	size_t c, n = teams ? PF_COLS : PF_COLS - 1;

	sdt_rep_set_row(&m->r, ws, row, 21, NULL);
	sdt_rep_merge(&m->r, ws, row, 0, row, n - 1, sdt_rep_t(&m->r, title), m->section);
	sdt_rep_row_lines(&m->r, ws, row + 1, head_lines);
	for (c = 0; c < n; c++)
		sdt_rep_msg(&m->r, ws, row + 1, c, pf_head[c],
		            c == 0 ? m->r.f.header : m->r.f.header_num);
	return row + 2;
}

/* name appended to a ", "-separated list in buf. */
static void list_add(char *buf, size_t size, const char *name)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name);
}

/* Below a table, in a sentence: the scales without percentiles or without
 * quartiles and why, or that every scale has both. */
static void status_note(bm *m, lxw_worksheet *ws, size_t row, int teams)
{
	char unranked[2048] = "", unbanded[2048] = "", name[320], a[16], b[16], text[4608];
	const char *args[2] = {a, unranked};
	size_t s, len;

	for (s = 0; s < m->b->n_scales; s++) {
		const sdt_benchmark_scale *sc = &m->b->scales[s];
		bm_scale_name(m, s, name, sizeof name);
		if (!(teams ? sc->teams_ranked : sc->orgs_ranked))
			list_add(unranked, sizeof unranked, name);
		else if (!(teams ? sc->teams_banded : sc->orgs_banded))
			list_add(unbanded, sizeof unbanded, name);
	}
	snprintf(text, sizeof text, "%s", *unranked || *unbanded ? "" : sdt_rep_t(&m->r, M_BM_PF_ALL));
	if (*unranked) {
		snprintf(a, sizeof a, "%zu", m->b->min_orgs);
		sdt_i18n_format(text, sizeof text, m->r.lang,
		                teams ? M_BM_PF_UNRANKED_TEAMS : M_BM_PF_UNRANKED, args, 2);
	}
	if (*unbanded) {
		len = strlen(text);
		snprintf(b, sizeof b, "%zu", m->b->min_banded);
		args[0] = b;
		args[1] = unbanded;
		if (len && len + 1 < sizeof text)
			text[len++] = ' ';
		sdt_i18n_format(text + len, sizeof text - len, m->r.lang,
		                teams ? M_BM_PF_UNBANDED_TEAMS : M_BM_PF_UNBANDED, args, 2);
	}
	sdt_rep_note(&m->r, ws, row, 0, PF_COLS - 1, text, m->r.f.note, 110);
}

/* The table's rows, then the note on ranks and quartiles; returns the row
 * after a blank one below the note. */
static size_t table_rows(bm *m, lxw_worksheet *ws, size_t row, int teams)
{
	const sdt_benchmark_scale *sc;
	char name[320];
	size_t s;

	for (s = 0; s < m->b->n_scales && !m->r.err; s++, row++) {
		sc = &m->b->scales[s];
		bm_scale_name(m, s, name, sizeof name);
		sdt_rep_fit_row(&m->r, ws, row, name, SCALE_W - 1);
		sdt_rep_text(&m->r, ws, row, 0, name, m->r.f.wrap);
		sdt_rep_count(&m->r, ws, row, 1, teams ? sc->teams.n : sc->orgs.n);
		dist_cells(m, ws, row, 2, teams ? &sc->teams : &sc->orgs);
		if (teams)
			sdt_rep_count(&m->r, ws, row, 7, sc->team_orgs);
	}
	status_note(m, ws, row, teams);
	return row + 2;
}

int bm_sheet_portfolio(bm *m)
{
	lxw_worksheet *ws = sdt_rep_sheet(&m->r, M_SHEET_BM_PORTFOLIO, 1, 0);
	size_t row = BM_HEAD_ROW;
	double head_lines;

	if (!ws)
		return m->r.err;
	head_lines = portfolio_widths(m, ws);
	sdt_rep_msg(&m->r, ws, 0, 0, M_SHEET_BM_PORTFOLIO, m->r.f.title);
	sdt_rep_note(&m->r, ws, 1, 0, PF_COLS - 1, sdt_rep_t(&m->r, M_BM_PF_INTRO), m->r.f.note,
	             130);
	row = table_head(m, ws, row, M_BM_N_ORGS, 0, head_lines);
	row = table_rows(m, ws, row, 0);
	row = table_head(m, ws, row, M_BM_N_TEAMS, 1, head_lines);
	table_rows(m, ws, row, 1);
	return m->r.err;
}

static void fact(bm *m, lxw_worksheet *ws, size_t row, sdt_msg label, const char *value)
{
	sdt_rep_msg(&m->r, ws, row, 0, label, m->r.f.label);
	sdt_rep_text(&m->r, ws, row, 1, value ? value : "–", m->r.f.wrap);
}

static void line(bm *m, lxw_worksheet *ws, size_t row, const char *text)
{
	sdt_rep_fit_row(&m->r, ws, row, text, 110);
	sdt_rep_text(&m->r, ws, row, 1, text, m->r.f.wrap);
}

/* A sentence with the two thresholds, e.g. "at least 5 ... at least 5". */
static void rule(bm *m, lxw_worksheet *ws, size_t row, sdt_msg id, size_t a, size_t b)
{
	char x[32], y[32], buf[1024];
	const char *args[2] = {x, y};

	snprintf(x, sizeof x, "%zu", a);
	snprintf(y, sizeof y, "%zu", b);
	sdt_i18n_format(buf, sizeof buf, m->r.lang, id, args, 2);
	line(m, ws, row, buf);
}

int bm_sheet_method(bm *m)
{
	lxw_worksheet *ws = sdt_rep_sheet(&m->r, M_SHEET_METHOD, 1, 0);
	char n_orgs[32], thr[32];
	size_t row = 2;

	if (!ws)
		return m->r.err;
	snprintf(n_orgs, sizeof n_orgs, "%zu", m->b->n_orgs);
	snprintf(thr, sizeof thr, "%zu", m->in->min_group);
	sdt_rep_width(&m->r, ws, 0, 0, 30, NULL);
	sdt_rep_width(&m->r, ws, 1, 1, 100, NULL);
	sdt_rep_msg(&m->r, ws, 0, 0, M_SHEET_METHOD, m->r.f.title);
	fact(m, ws, row++, M_BM_ORGS_COUNT, n_orgs);
	fact(m, ws, row++, M_ME_THRESHOLD, thr);
	fact(m, ws, row++, M_DATE, m->in->date);
	sdt_rep_msg(&m->r, ws, ++row, 0, M_ME_HOW, m->r.f.label);
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_PCT));
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_BAND));
	rule(m, ws, row++, M_BM_ME_MIN, m->b->min_orgs, m->b->min_orgs);
	rule(m, ws, row++, M_BM_ME_BANDMIN, m->b->min_banded, m->b->min_banded);
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_UNCERTAIN));
	if (sdt_benchmark_has_changes(m->b))
		line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_CHANGE));
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_VISIBLE));
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_TEAMS));
	if (m->in->focus >= 0)
		line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_ANON));
	return m->r.err;
}
