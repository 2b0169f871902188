/*
 * benchmark.c - the portfolio benchmark workbook: Organisations, Teams,
 * Portfolio and Method sheets from an sdt_benchmark.
 *
 * The anonymised view names one organisation (the client it is made for)
 * and labels the others "Organisation A, B, ..." by rank, numbers their
 * teams by rank and leaves their respondent counts out: a label then says
 * nothing that the figures beside it do not.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sheet.h"

#define HEAD_ROW 3      /* two header rows: scale, then mean/percentile/band */
#define CELL_COLS 3

typedef struct bm {
	sdt_rep r;
	const sdt_benchmark_report *in;
	const sdt_benchmark *b;
	char **org_label;    /* per organisation */
	char **team_label;   /* per team */
	size_t *org_order;   /* organisations in row order */
	size_t *team_order;  /* teams in row order */
	lxw_format *pct, *good, *bad;
	int several_instruments; /* scale names then say whose they are */
} bm;

/* Bijective base 26: 0 -> A, 25 -> Z, 26 -> AA, 27 -> AB, ... */
static void letters(char *buf, size_t size, size_t k)
{
	char tmp[16];
	size_t n = 0, i;

	for (k++; k && n < sizeof tmp; k /= 26) {
		k--;
		tmp[n++] = (char)('A' + k % 26);
	}
	for (i = 0; i < n && i + 1 < size; i++)
		buf[i] = tmp[n - 1 - i];
	buf[i] = '\0';
}

typedef struct ranked {
	double key;
	size_t idx;
} ranked;

/* Higher first; unmeasured or hidden last; ties in the order added. */
static int cmp_ranked(const void *pa, const void *pb)
{
	const ranked *a = pa, *b = pb;

	if (isnan(a->key) != isnan(b->key))
		return isnan(a->key) ? 1 : -1;
	if (!isnan(a->key) && a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return (a->idx > b->idx) - (a->idx < b->idx);
}

static double first_mean(const sdt_bench_unit *u, size_t n_scales)
{
	return n_scales ? u->cells[0].mean : NAN;
}

static char *dup_label(bm *m, sdt_msg id, const char *a0, const char *a1)
{
	char buf[256];
	const char *args[2] = {a0, a1};
	char *s;

	sdt_i18n_format(buf, sizeof buf, m->r.lang, id, args, 2);
	if (!(s = sdt_strdup(buf)))
		m->r.err = sdt_fail_nomem();
	return s;
}

static int anonymised(const bm *m, size_t org)
{
	return m->in->focus >= 0 && (size_t)m->in->focus != org;
}

/* In an anonymised package a figure is stored as shown (`unit`: 0.01 for
 * means, 1 for percentiles), not only formatted so: the full double of a
 * mean is a fraction k / (items x n) whose denominator gives n back. */
static double shown(const bm *m, double x, double unit)
{
	return m->in->focus >= 0 && isfinite(x) ? round(x / unit) * unit : x;
}

/* An anonymised organisation's size, as a band: its exact n identifies it. */
static void count_band(bm *m, lxw_worksheet *ws, size_t row, size_t col, size_t n)
{
	static const struct { size_t below; const char *text; } bands[] = {
		{50, "<50"}, {100, "50\u2013" "99"}, {250, "100\u2013" "249"},
		{500, "250\u2013" "499"}, {1000, "500\u2013" "999"}, {(size_t)-1, "1000+"}};
	size_t k;

	for (k = 0; n >= bands[k].below; k++)
		;
	sdt_rep_text(&m->r, ws, row, col, bands[k].text, m->r.f.hidden);
}

/* Organisations in row order: the focus first, then the others by rank
 * (lettered); without a focus, in the order they were added. */
static int order_orgs(bm *m, ranked *tmp)
{
	const sdt_benchmark *b = m->b;
	size_t i, k = 0, n = 0;
	char let[16];

	for (i = 0; i < b->n_orgs; i++) {
		tmp[i].key = m->in->focus >= 0 ? first_mean(&b->orgs[i], b->n_scales) : NAN;
		tmp[i].idx = i;
	}
	qsort(tmp, b->n_orgs, sizeof *tmp, cmp_ranked);
	if (m->in->focus >= 0)
		m->org_order[n++] = (size_t)m->in->focus;
	for (i = 0; i < b->n_orgs && !m->r.err; i++) {
		size_t o = tmp[i].idx;
		if (!anonymised(m, o)) {
			if (m->in->focus < 0)
				m->org_order[n++] = o;
			m->org_label[o] = sdt_strdup(b->orgs[o].name);
			if (!m->org_label[o])
				m->r.err = sdt_fail_nomem();
			continue;
		}
		letters(let, sizeof let, k++);
		m->org_order[n++] = o;
		m->org_label[o] = dup_label(m, M_BM_ANON_ORG, let, NULL);
	}
	return m->r.err;
}

/* One organisation's teams into team_order from *pos: its own in the
 * order added under their names, another's by rank and numbered. `row` is
 * the organisation's place in org_order: with a focus (row 0), the others
 * are lettered from row 1 on. */
static void order_teams_of(bm *m, size_t row, ranked *tmp, size_t *pos)
{
	const sdt_benchmark *b = m->b;
	size_t i, n = 0, org = m->org_order[row];
	char num[32], let[16];

	for (i = 0; i < b->n_teams; i++) {
		if (b->teams[i].org != org)
			continue;
		tmp[n].key = anonymised(m, org) ? first_mean(&b->teams[i], b->n_scales) : NAN;
		tmp[n++].idx = i;
	}
	qsort(tmp, n, sizeof *tmp, cmp_ranked);
	if (anonymised(m, org))
		letters(let, sizeof let, row - 1);
	for (i = 0; i < n && !m->r.err; i++) {
		size_t t = tmp[i].idx;
		m->team_order[(*pos)++] = t;
		snprintf(num, sizeof num, "%zu", i + 1);
		if (anonymised(m, org))
			m->team_label[t] = dup_label(m, M_BM_ANON_TEAM, let, num);
		else if (!(m->team_label[t] = sdt_strdup(b->teams[t].name)))
			m->r.err = sdt_fail_nomem();
	}
}

static int make_labels(bm *m)
{
	const sdt_benchmark *b = m->b;
	size_t n = b->n_orgs > b->n_teams ? b->n_orgs : b->n_teams, k, pos = 0;
	ranked *tmp = sdt_calloc(n ? n : 1, sizeof *tmp);

	m->org_label = sdt_calloc(b->n_orgs ? b->n_orgs : 1, sizeof *m->org_label);
	m->team_label = sdt_calloc(b->n_teams ? b->n_teams : 1, sizeof *m->team_label);
	m->org_order = sdt_calloc(b->n_orgs ? b->n_orgs : 1, sizeof *m->org_order);
	m->team_order = sdt_calloc(b->n_teams ? b->n_teams : 1, sizeof *m->team_order);
	if (!tmp || !m->org_label || !m->team_label || !m->org_order || !m->team_order)
		m->r.err = sdt_fail_nomem();
	if (!m->r.err)
		order_orgs(m, tmp);
	for (k = 0; k < b->n_orgs && !m->r.err; k++)
		order_teams_of(m, k, tmp, &pos);
	sdt_free(tmp);
	return m->r.err;
}

static void free_labels(bm *m)
{
	size_t i;

	for (i = 0; m->org_label && i < m->b->n_orgs; i++)
		sdt_free(m->org_label[i]);
	for (i = 0; m->team_label && i < m->b->n_teams; i++)
		sdt_free(m->team_label[i]);
	sdt_free(m->org_label);
	sdt_free(m->team_label);
	sdt_free(m->org_order);
	sdt_free(m->team_order);
}

/* The scale's name; with several instruments in the portfolio, its
 * instrument too, and a note when lower scores are the better ones. */
static void scale_name(const bm *m, size_t s, char *buf, size_t size)
{
	const sdt_bench_scale *sc = &m->b->scales[s];
	const char *label = sdt_instrument_scale_label(sc->ins, sc->index, m->r.lang);
	const char *args[1];
	char tmp[256];

	if (!label || !*label)
		label = sdt_instrument_scale_id(sc->ins, sc->index);
	if (m->several_instruments)
		snprintf(tmp, sizeof tmp, "%s (%s)", label, sdt_instrument_id(sc->ins));
	else
		snprintf(tmp, sizeof tmp, "%s", label);
	args[0] = tmp;
	if (sdt_instrument_scale_valence(sc->ins, sc->index) == SDT_VALENCE_FRUSTRATION)
		sdt_i18n_format(buf, size, m->r.lang, M_BM_LOWER_BETTER, args, 1);
	else
		snprintf(buf, size, "%s", tmp);
}

/* The header over one scale's three columns, in row HEAD_ROW. */
static void scale_header(bm *m, lxw_worksheet *ws, size_t col, size_t s, int ranked_ok)
{
	char name[320], buf[400], n[16];
	const char *args[2];

	scale_name(m, s, name, sizeof name);
	snprintf(n, sizeof n, "%zu", m->b->min_orgs);
	args[0] = name;
	args[1] = n;
	if (ranked_ok)
		snprintf(buf, sizeof buf, "%s", name);
	else
		sdt_i18n_format(buf, sizeof buf, m->r.lang, M_BM_NOT_RANKED, args, 2);
	sdt_rep_merge(&m->r, ws, HEAD_ROW, col, HEAD_ROW, col + CELL_COLS - 1, buf,
	              m->r.f.header);
	sdt_rep_width(&m->r, ws, col, col + CELL_COLS - 1, 13, NULL);
}

/* The columns left of the scales: their label in the second header row,
 * under a blank header cell (rows are written in order, so no cell is
 * merged down both rows). */
typedef struct lead {
	sdt_msg id;
	double width;
} lead;

/* The band's cell: the better quartile green, the worse red, where better
 * is the top for most scales and the bottom for frustration. */
static lxw_format *band_format(const bm *m, size_t s, int band)
{
	int lower = sdt_instrument_scale_valence(m->b->scales[s].ins, m->b->scales[s].index) ==
	            SDT_VALENCE_FRUSTRATION;

	if (band == (lower ? 4 : 1))
		return m->good;
	if (band == (lower ? 1 : 4))
		return m->bad;
	return NULL;
}

static void write_cell(bm *m, lxw_worksheet *ws, size_t row, size_t col, size_t s,
                       const sdt_bench_cell *c)
{
	static const sdt_msg band[] = {M_BM_BAND1, M_BM_BAND2, M_BM_BAND3, M_BM_BAND4};

	if (isnan(c->mean)) {
		if (c->hidden)
			sdt_rep_text(&m->r, ws, row, col, m->r.hidden_text, m->r.f.hidden);
		else
			sdt_rep_msg(&m->r, ws, row, col, M_BM_NOT_MEASURED, m->r.f.hidden);
		return;
	}
	sdt_rep_num(&m->r, ws, row, col, shown(m, c->mean, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 1, shown(m, c->percentile, 1.0), m->pct);
	if (c->band >= 1 && c->band <= 4)
		sdt_rep_msg(&m->r, ws, row, col + 2, band[c->band - 1], band_format(m, s, c->band));
}

/* Title, the explanation and both header rows of a ranking sheet: the
 * leading columns, then three per scale. */
static lxw_worksheet *ranking_sheet(bm *m, sdt_msg name, const lead *leads, size_t n_leads,
                                    int teams)
{
	lxw_worksheet *ws = sdt_rep_sheet(&m->r, name, HEAD_ROW, HEAD_ROW + 1);
	char title[256], n[32];
	const char *args[1];
	size_t s, k, c, last = n_leads + CELL_COLS * m->b->n_scales - 1;

	if (!ws)
		return NULL;
	snprintf(n, sizeof n, "%zu", m->b->n_orgs);
	args[0] = n;
	sdt_i18n_format(title, sizeof title, m->r.lang, M_BM_TITLE, args, 1);
	sdt_rep_text(&m->r, ws, 0, 0, title, m->r.f.title);
	sdt_rep_note(&m->r, ws, 1, 0, last > 8 ? 8 : last, sdt_rep_t(&m->r, M_BM_INTRO),
	             m->r.f.note, 110);
	sdt_rep_row_lines(&m->r, ws, HEAD_ROW, 3);
	for (k = 0; k < n_leads; k++) {
		sdt_rep_text(&m->r, ws, HEAD_ROW, k, "", m->r.f.header);
		sdt_rep_width(&m->r, ws, k, k, leads[k].width, NULL);
	}
	for (s = 0; s < m->b->n_scales; s++)
		scale_header(m, ws, n_leads + CELL_COLS * s, s,
		             teams ? m->b->scales[s].teams_ranked : m->b->scales[s].orgs_ranked);
	for (k = 0; k < n_leads; k++)
		sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, k, leads[k].id, m->r.f.header);
	for (s = 0; s < m->b->n_scales; s++) {
		c = n_leads + CELL_COLS * s;
		sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, c, M_MEAN, m->r.f.header);
		sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, c + 1, M_BM_PCT, m->r.f.header);
		sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, c + 2, M_BM_BAND, m->r.f.header);
	}
	worksheet_freeze_panes(ws, HEAD_ROW + 2, (lxw_col_t)n_leads);
	return m->r.err ? NULL : ws;
}

static int sheet_orgs(bm *m)
{
	static const lead leads[] = {{M_BM_ORG, 30}, {M_RESPONDENTS, 12}};
	lxw_worksheet *ws = ranking_sheet(m, M_SHEET_BM_ORGS, leads, 2, 0);
	size_t k, s, o, row = HEAD_ROW + 2;

	if (!ws)
		return m->r.err;
	for (k = 0; k < m->b->n_orgs && !m->r.err; k++, row++) {
		o = m->org_order[k];
		sdt_rep_text(&m->r, ws, row, 0, m->org_label[o],
		             anonymised(m, o) ? NULL : m->r.f.bold);
		if (!anonymised(m, o))
			sdt_rep_count(&m->r, ws, row, 1, m->b->orgs[o].n);
		else
			count_band(m, ws, row, 1, m->b->orgs[o].n);
		for (s = 0; s < m->b->n_scales; s++)
			write_cell(m, ws, row, 2 + CELL_COLS * s, s, &m->b->orgs[o].cells[s]);
	}
	return m->r.err;
}

static int sheet_teams(bm *m)
{
	static const lead leads[] = {{M_BM_ORG, 24}, {M_TEAM, 30}, {M_N, 8}};
	lxw_worksheet *ws = ranking_sheet(m, M_SHEET_BM_TEAMS, leads, 3, 1);
	size_t k, s, t, row = HEAD_ROW + 2;
	const sdt_bench_unit *u;

	if (!ws)
		return m->r.err;
	if (m->b->n_teams == 0)
		sdt_rep_msg(&m->r, ws, row, 0, M_BM_NO_TEAMS, m->r.f.note);
	for (k = 0; k < m->b->n_teams && !m->r.err; k++, row++) {
		t = m->team_order[k];
		u = &m->b->teams[t];
		sdt_rep_text(&m->r, ws, row, 0, m->org_label[u->org], NULL);
		sdt_rep_text(&m->r, ws, row, 1, m->team_label[t], NULL);
		if (!anonymised(m, u->org))
			sdt_rep_count(&m->r, ws, row, 2, u->n);
		else
			count_band(m, ws, row, 2, u->n);
		for (s = 0; s < m->b->n_scales; s++)
			write_cell(m, ws, row, 3 + CELL_COLS * s, s, &u->cells[s]);
	}
	return m->r.err;
}

/* Minimum, quartiles and maximum from column col. */
static void dist_cells(bm *m, lxw_worksheet *ws, size_t row, size_t col,
                       const sdt_bench_dist *d)
{
	sdt_rep_num(&m->r, ws, row, col, shown(m, d->min, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 1, shown(m, d->q1, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 2, shown(m, d->median, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 3, shown(m, d->q3, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 4, shown(m, d->max, 0.01), m->r.f.num);
}

static void portfolio_header(bm *m, lxw_worksheet *ws)
{
	static const sdt_msg dist[] = {M_BM_MIN, M_BM_Q1, M_BM_MEDIAN, M_BM_Q3, M_BM_MAX};
	size_t k;

	sdt_rep_width(&m->r, ws, 0, 0, 42, NULL);
	sdt_rep_width(&m->r, ws, 1, 15, 12, NULL);
	sdt_rep_text(&m->r, ws, HEAD_ROW, 0, "", m->r.f.header);
	sdt_rep_merge(&m->r, ws, HEAD_ROW, 1, HEAD_ROW, 7, sdt_rep_t(&m->r, M_BM_N_ORGS),
	              m->r.f.header);
	sdt_rep_merge(&m->r, ws, HEAD_ROW, 8, HEAD_ROW, 15, sdt_rep_t(&m->r, M_BM_N_TEAMS),
	              m->r.f.header);
	sdt_rep_row_lines(&m->r, ws, HEAD_ROW + 1, 2);
	sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 0, M_SCALE, m->r.f.header);
	sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 1, M_N, m->r.f.header);
	for (k = 0; k < 5; k++)
		sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 2 + k, dist[k], m->r.f.header);
	sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 7, M_BM_RANKED, m->r.f.header);
	sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 8, M_N, m->r.f.header);
	sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 9, M_BM_TEAM_ORGS, m->r.f.header);
	for (k = 0; k < 5; k++)
		sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 10 + k, dist[k], m->r.f.header);
	sdt_rep_msg(&m->r, ws, HEAD_ROW + 1, 15, M_BM_RANKED, m->r.f.header);
}

static int sheet_portfolio(bm *m)
{
	lxw_worksheet *ws = sdt_rep_sheet(&m->r, M_SHEET_BM_PORTFOLIO, HEAD_ROW, HEAD_ROW + 1);
	const sdt_bench_scale *sc;
	char name[320];
	size_t s, row = HEAD_ROW + 2;

	if (!ws)
		return m->r.err;
	sdt_rep_msg(&m->r, ws, 0, 0, M_SHEET_BM_PORTFOLIO, m->r.f.title);
	sdt_rep_note(&m->r, ws, 1, 0, 8, sdt_rep_t(&m->r, M_BM_INTRO), m->r.f.note, 110);
	portfolio_header(m, ws);
	for (s = 0; s < m->b->n_scales && !m->r.err; s++, row++) {
		sc = &m->b->scales[s];
		scale_name(m, s, name, sizeof name);
		sdt_rep_text(&m->r, ws, row, 0, name, m->r.f.wrap);
		sdt_rep_fit_row(&m->r, ws, row, name, 40);
		sdt_rep_count(&m->r, ws, row, 1, sc->orgs.n);
		dist_cells(m, ws, row, 2, &sc->orgs);
		sdt_rep_msg(&m->r, ws, row, 7, sc->orgs_ranked ? M_BM_YES : M_BM_NO, NULL);
		sdt_rep_count(&m->r, ws, row, 8, sc->teams.n);
		sdt_rep_count(&m->r, ws, row, 9, sc->team_orgs);
		dist_cells(m, ws, row, 10, &sc->teams);
		sdt_rep_msg(&m->r, ws, row, 15, sc->teams_ranked ? M_BM_YES : M_BM_NO, NULL);
	}
	return m->r.err;
}

static void fact(bm *m, lxw_worksheet *ws, size_t row, sdt_msg label, const char *value)
{
	sdt_rep_msg(&m->r, ws, row, 0, label, m->r.f.label);
	sdt_rep_text(&m->r, ws, row, 1, value ? value : "–", m->r.f.wrap);
	if (value)
		sdt_rep_fit_row(&m->r, ws, row, value, 110);
}

static void line(bm *m, lxw_worksheet *ws, size_t row, const char *text)
{
	sdt_rep_text(&m->r, ws, row, 1, text, m->r.f.wrap);
	sdt_rep_fit_row(&m->r, ws, row, text, 110);
}

static int sheet_method(bm *m)
{
	lxw_worksheet *ws = sdt_rep_sheet(&m->r, M_SHEET_METHOD, 1, 0);
	char n_orgs[32], thr[32], min[32], sw[64], buf[1024];
	const char *args[2] = {min, min};
	size_t row = 2;

	if (!ws)
		return m->r.err;
	snprintf(n_orgs, sizeof n_orgs, "%zu", m->b->n_orgs);
	snprintf(thr, sizeof thr, "%zu", m->in->min_group);
	snprintf(min, sizeof min, "%zu", m->b->min_orgs);
	snprintf(sw, sizeof sw, "sdtscore %s", sdt_version());
	sdt_rep_width(&m->r, ws, 0, 0, 34, NULL);
	sdt_rep_width(&m->r, ws, 1, 1, 100, NULL);
	sdt_rep_msg(&m->r, ws, 0, 0, M_SHEET_METHOD, m->r.f.title);
	fact(m, ws, row++, M_BM_ORGS_COUNT, n_orgs);
	fact(m, ws, row++, M_ME_THRESHOLD, thr);
	fact(m, ws, row++, M_DATE, m->in->date);
	/* An anonymised benchmark goes to one client: the consultant's command
	 * line (paths, perhaps client names) stays out of it. */
	if (m->in->focus < 0)
		fact(m, ws, row++, M_ME_COMMAND, m->in->command_line);
	fact(m, ws, row++, M_ME_SOFTWARE, sw);
	sdt_rep_msg(&m->r, ws, ++row, 0, M_ME_HOW, m->r.f.bold);
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_PCT));
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_BAND));
	sdt_i18n_format(buf, sizeof buf, m->r.lang, M_BM_ME_MIN, args, 2);
	line(m, ws, row++, buf);
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_VISIBLE));
	line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_TEAMS));
	if (m->in->focus >= 0)
		line(m, ws, row++, sdt_rep_t(&m->r, M_BM_ME_ANON));
	return m->r.err;
}

static void set_properties(bm *m)
{
	lxw_doc_properties p;

	memset(&p, 0, sizeof p);
	p.title = (char *)sdt_rep_t(&m->r, M_SHEET_BM_PORTFOLIO);
	p.author = (char *)"sdtscore";
	sdt_rep_check(&m->r, workbook_set_properties(m->r.wb, &p), "setting properties");
}

static int render(bm *m)
{
	size_t s;

	for (s = 1; s < m->b->n_scales; s++)
		if (strcmp(sdt_instrument_id(m->b->scales[s].ins),
		           sdt_instrument_id(m->b->scales[0].ins)) != 0)
			m->several_instruments = 1;
	m->pct = workbook_add_format(m->r.wb);
	m->good = workbook_add_format(m->r.wb);
	m->bad = workbook_add_format(m->r.wb);
	if (!m->pct || !m->good || !m->bad)
		return m->r.err = sdt_fail_nomem();
	/* whole ranks in an anonymised package, where they are stored whole */
	format_set_num_format(m->pct, m->in->focus >= 0 ? "0" : "0.0");
	format_set_bg_color(m->good, 0xD9EAD3);
	format_set_bg_color(m->bad, 0xF4CCCC);
	if (make_labels(m) != SDT_OK)
		return m->r.err;
	set_properties(m);
	sheet_orgs(m);
	sheet_teams(m);
	sheet_portfolio(m);
	sheet_method(m);
	return m->r.err;
}

int sdt_report_benchmark(const sdt_benchmark_report *in, const char *path)
{
	bm m;
	char *tmp = NULL;
	int err;

	memset(&m, 0, sizeof m);
	if (!in || !in->bench || !path || !*path)
		return sdt_fail(SDT_EUSAGE, "benchmark: a benchmark and an output path are required");
	if (in->focus >= 0 && (size_t)in->focus >= in->bench->n_orgs)
		return sdt_fail(SDT_EUSAGE, "benchmark: no organisation %ld", in->focus);
	m.in = in;
	m.b = in->bench;
	m.r.lang = in->lang && sdt_report_lang_ok(in->lang) ? in->lang : "en";
	if (sdt_rep_open(&m.r, &tmp, path, in->min_group, in->date) == SDT_OK)
		render(&m);
	err = sdt_rep_close(&m.r, &tmp, path);
	free_labels(&m);
	return err;
}
