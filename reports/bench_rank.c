/*
 * bench_rank.c - the benchmark's ranking sheets, Organisations and Teams:
 * a block per scale, highest mean first, each row with the mean, the
 * percentile, the quartile band and whether the band is certain, in
 * labelled columns of their own.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench_sheets.h"
#include "rep_engine.h"

/* mean, percentile, quartile, certainty; on the Organisations sheet of a
 * portfolio with earlier waves, the change since the previous one too */
#define FIG_COLS 4
#define FIG_MAX 5

/* One kind of unit on a ranking sheet. */
typedef struct kind {
	sdt_msg sheet, band_note;
	const sdt_benchmark_unit *units;
	size_t n;
	size_t lead;  /* columns before the mean: the label(s), then the size */
	int teams;
	size_t figs;  /* figure columns: FIG_COLS, or FIG_MAX with changes */
} kind;

static int ranked_on(const bm *m, const kind *k, size_t s)
{
	return k->teams ? m->b->scales[s].teams_ranked : m->b->scales[s].orgs_ranked;
}

static int banded_on(const bm *m, const kind *k, size_t s)
{
	return k->teams ? m->b->scales[s].teams_banded : m->b->scales[s].orgs_banded;
}

/* An anonymised unit's size, as a band: its exact n identifies it. */
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
	return m->top;
}

/* Mean, percentile, band and certainty from column col. A ranked scale
 * too small to band shows a dash, which the note above the table
 * explains, rather than a blank that could be read as missing data. */
static void figures(bm *m, lxw_worksheet *ws, size_t row, size_t col, size_t s,
                    const sdt_benchmark_cell *c, int ranked, int banded)
{
	static const sdt_msg band[] = {M_BM_BAND1, M_BM_BAND2, M_BM_BAND3, M_BM_BAND4};

	if (isnan(c->mean)) {
		if (c->hidden)
			sdt_rep_text(&m->r, ws, row, col, m->r.hidden_text, m->r.f.hidden);
		else
			sdt_rep_msg(&m->r, ws, row, col, M_BM_NOT_MEASURED, m->r.f.hidden);
		return;
	}
	sdt_rep_num(&m->r, ws, row, col, bm_shown(m, c->mean, 0.01), m->r.f.num);
	sdt_rep_num(&m->r, ws, row, col + 1, bm_shown(m, c->percentile, 1.0), m->pct);
	if (c->band >= 1 && c->band <= 4) {
		sdt_rep_msg(&m->r, ws, row, col + 2, band[c->band - 1], band_format(m, s, c->band));
		sdt_rep_msg(&m->r, ws, row, col + 3, c->uncertain ? M_BM_UNCERTAIN : M_BM_CLEAR,
		            c->uncertain ? m->unc : m->top);
	} else if (ranked && !banded) {
		sdt_rep_text(&m->r, ws, row, col + 2, "\u2013", m->dash);
	}
}

/* An organisation's change since its previous wave, as its own report's
 * Trend sheet shows it: an arrow and the sign, bold and framed where the
 * adjusted p is under 0.05; a dash where none is shown. An anonymised
 * package stores it to 2 decimals, as it does means. */
static void change_cell(bm *m, lxw_worksheet *ws, size_t row, size_t col,
                        const sdt_change *c)
{
	if (!c) {
		sdt_rep_text(&m->r, ws, row, col, "\u2013", m->dash_num);
		return;
	}
	sdt_rep_num(&m->r, ws, row, col, bm_shown(m, c->difference, 0.01),
	            c->p_adjusted < 0.05 ? m->r.f.change_sig : m->r.f.change);
}

/* Characters of the longest of n labels, for a column's width. */
static double longest(char *const *labels, size_t n)
{
	size_t i, len, best = 0;
	const unsigned char *p;

	for (i = 0; i < n; i++) {
		for (len = 0, p = (const unsigned char *)labels[i]; p && *p; p++)
			len += (*p & 0xC0) != 0x80;
		best = len > best ? len : best;
	}
	return (double)best;
}

/* The label columns' widths: as wide as the longest label, within bounds
 * (a longer one wraps), so a short portfolio's table is not stretched. */
static void label_widths(bm *m, const kind *k, double *w)
{
	double orgs = longest(m->org_label, m->b->n_orgs) * 1.1 + 2;

	if (k->teams) {
		double teams = longest(m->team_label, m->b->n_teams) * 1.1 + 2;
		w[0] = orgs < 16 ? 16 : orgs > 28 ? 28 : orgs;
		w[1] = teams < 20 ? 20 : teams > 36 ? 36 : teams;
	} else {
		w[0] = orgs < 24 ? 24 : orgs > 40 ? 40 : orgs;
	}
}

static const sdt_msg fig_head[FIG_MAX] = {M_MEAN, M_BM_PCT, M_BM_BAND, M_BM_CERTAINTY,
                                          M_BM_CHANGE};

static sdt_msg lead_head(const kind *k, size_t c)
{
	if (c == 0)
		return M_BM_ORG;
	if (c + 1 == k->lead)
		return k->teams ? M_N : M_RESPONDENTS;
	return M_TEAM;
}

/* Every column's width into w (k->lead + k->figs of them); returns the
 * table's total width in characters. */
static double column_widths(bm *m, lxw_worksheet *ws, const kind *k, double *w)
{
	static const double fig_min[FIG_MAX] = {9, 10, 20, 13, 12};
	double total = 0;
	size_t c;

	label_widths(m, k, w);
	w[k->lead - 1] = sdt_rep_word_width(sdt_rep_t(&m->r, lead_head(k, k->lead - 1)), 8);
	for (c = 0; c < k->figs; c++)
		w[k->lead + c] = sdt_rep_word_width(sdt_rep_t(&m->r, fig_head[c]), fig_min[c]);
	for (c = 0; c < k->lead + k->figs; c++) {
		sdt_rep_width(&m->r, ws, c, c, w[c], NULL);
		total += w[c];
	}
	return total;
}

/* The header row, numbers' headers right-aligned over them, as tall as
 * its longest wrapped header; returns its height in points. */
static double header_row(bm *m, lxw_worksheet *ws, const kind *k, const double *w)
{
	double lines = 1, l;
	size_t c;

	for (c = 0; c < k->lead + k->figs; c++) {
		sdt_msg id = c < k->lead ? lead_head(k, c) : fig_head[c - k->lead];
		l = sdt_rep_lines(sdt_rep_t(&m->r, id), w[c] - 1);
		lines = l > lines ? l : lines;
	}
	sdt_rep_row_lines(&m->r, ws, BM_HEAD_ROW, lines);
	for (c = 0; c < k->lead + k->figs; c++) {
		lxw_format *f = c + 1 < k->lead ? m->r.f.header :
		                c <= k->lead + 1 || c == k->lead + 4 ? m->r.f.header_num : m->head_text;
		sdt_rep_msg(&m->r, ws, BM_HEAD_ROW, c,
		            c < k->lead ? lead_head(k, c) : fig_head[c - k->lead], f);
	}
	return 13.0 * lines + 3.0;
}

/* Whether some scale is ranked but has too few means to band. */
static int any_unbanded(const bm *m, const kind *k)
{
	size_t s;

	for (s = 0; s < m->b->n_scales; s++)
		if (ranked_on(m, k, s) && !banded_on(m, k, s))
			return 1;
	return 0;
}

/* A ranking sheet as it is laid out: the column widths, and what is
 * needed to keep each scale's block on one printed page. */
typedef struct layout {
	lxw_worksheet *ws;
	double w[3 + FIG_MAX];
	size_t last_col;
	double head_pt;   /* the header row, repeated on every page */
	double used_pt;   /* of the current page */
	lxw_row_t *breaks; /* page breaks, zero-terminated */
	size_t n_breaks;
} layout;

/* Points of an A4 landscape page's printable height (the margins of
 * sdt_rep_sheet), less a little for readers that fit the footer in it. */
#define PAGE_PT 495.0
#define ROW_PT 15.0      /* a row of the default height */
#define SECTION_PT 21.0  /* a block's heading row */

static double note_row(bm *m, lxw_worksheet *ws, size_t row, size_t last_col,
                       const char *text, double width)
{
	sdt_rep_note(&m->r, ws, row, 0, last_col, text, m->r.f.note, width);
	return 13.0 * sdt_rep_lines(text, width) + 3.0;
}

/* Title, the explanation, the note on bands when one is needed, and the
 * header row; the header is repeated on every printed page. */
static int ranking_sheet(bm *m, const kind *k, layout *L)
{
	char title[256], note[512], n[32], min[32], intro[1024];
	const char *args[1];
	double width;

	if (!(L->ws = sdt_rep_sheet(&m->r, k->sheet, BM_HEAD_ROW, BM_HEAD_ROW)))
		return m->r.err;
	L->last_col = k->lead + k->figs - 1;
	snprintf(n, sizeof n, "%zu", m->b->n_orgs);
	snprintf(min, sizeof min, "%zu", m->b->min_banded);
	args[0] = n;
	sdt_i18n_format(title, sizeof title, m->r.lang, M_BM_TITLE, args, 1);
	sdt_rep_text(&m->r, L->ws, 0, 0, title, m->r.f.title);
	/* widths first: the notes' row heights depend on them */
	width = column_widths(m, L->ws, k, L->w);
	snprintf(intro, sizeof intro, "%s%s%s", sdt_rep_t(&m->r, M_BM_INTRO),
	         k->figs > FIG_COLS ? " " : "", k->figs > FIG_COLS ? sdt_rep_t(&m->r, M_BM_CHANGE_NOTE) : "");
	L->used_pt = 19.0 + note_row(m, L->ws, 1, L->last_col, intro, width);
	if (any_unbanded(m, k)) {
		args[0] = min;
		sdt_i18n_format(note, sizeof note, m->r.lang, k->band_note, args, 1);
		L->used_pt += note_row(m, L->ws, 2, L->last_col, note, width);
	} else {
		sdt_rep_set_row(&m->r, L->ws, 2, 4, NULL); /* no gap where no note is */
		L->used_pt += 4;
	}
	L->head_pt = header_row(m, L->ws, k, L->w);
	L->used_pt += L->head_pt;
	worksheet_freeze_panes(L->ws, BM_HEAD_ROW + 1, 0);
	return m->r.err;
}

/* Lines the tallest label of unit i takes in its column. */
static double unit_lines(const bm *m, const kind *k, size_t i, const double *w)
{
	size_t org = k->teams ? k->units[i].org : i;
	double lines = sdt_rep_lines(m->org_label[org], w[0] - 1), l;

	if (k->teams && (l = sdt_rep_lines(m->team_label[i], w[1] - 1)) > lines)
		lines = l;
	return lines;
}

/* One unit's row on scale s. In an anonymised file the client's own rows
 * stand out; the others carry their sizes only as bands. */
static void unit_row(bm *m, const layout *L, const kind *k, size_t i, size_t s, size_t row)
{
	const sdt_benchmark_unit *u = &k->units[i];
	size_t org = k->teams ? u->org : i;
	int anon = bm_anonymised(m, org);
	lxw_format *lf = m->in->focus >= 0 && !anon ? m->focus : m->r.f.wrap;
	double lines = unit_lines(m, k, i, L->w);

	if (lines > 1)
		sdt_rep_row_lines(&m->r, L->ws, row, lines);
	sdt_rep_text(&m->r, L->ws, row, 0, m->org_label[org], lf);
	if (k->teams)
		sdt_rep_text(&m->r, L->ws, row, 1, m->team_label[i], lf);
	if (anon)
		count_band(m, L->ws, row, k->lead - 1, u->n);
	else
		sdt_rep_count(&m->r, L->ws, row, k->lead - 1, u->n);
	figures(m, L->ws, row, k->lead, s, &u->cells[s], ranked_on(m, k, s), banded_on(m, k, s));
	if (k->figs > FIG_COLS)
		change_cell(m, L->ws, row, k->lead + FIG_COLS, sdt_benchmark_change(m->b, i, s));
}

/* A page break before the block starting at `row` when the block would
 * not fit in what is left of the page but fits on a page of its own: a
 * board member then never turns a page to find which scale a row is on. */
static void keep_together(layout *L, const bm *m, const kind *k, size_t row)
{
	double h = SECTION_PT, l;
	size_t i;

	for (i = 0; i < k->n; i++)
		h += (l = unit_lines(m, k, i, L->w)) > 1 ? 13.0 * l + 3.0 : ROW_PT;
	if (L->used_pt + h > PAGE_PT && L->head_pt + h <= PAGE_PT && L->used_pt > L->head_pt) {
		L->breaks[L->n_breaks++] = (lxw_row_t)row;
		L->used_pt = L->head_pt;
	}
	/* a block longer than a page runs on: count what spills over */
	for (L->used_pt += h + ROW_PT; L->used_pt > PAGE_PT;)
		L->used_pt -= PAGE_PT - L->head_pt;
}

/* Scale s's block from `row`: its name (or why it is not ranked), then
 * every unit by its mean as shown, highest first. Returns the next free
 * row, one blank row below. */
static size_t scale_block(bm *m, layout *L, const kind *k, size_t s, size_t row)
{
	char name[320], buf[400], min[16];
	const char *args[2] = {name, min};
	size_t i, charted;

	bm_scale_name(m, s, name, sizeof name);
	snprintf(min, sizeof min, "%zu", m->b->min_orgs);
	if (ranked_on(m, k, s))
		snprintf(buf, sizeof buf, "%s", name);
	else
		sdt_i18n_format(buf, sizeof buf, m->r.lang, M_BM_NOT_RANKED, args, 2);
	keep_together(L, m, k, row);
	sdt_rep_set_row(&m->r, L->ws, row, SECTION_PT, NULL);
	sdt_rep_merge(&m->r, L->ws, row, 0, row, L->last_col, buf, m->section);
	charted = bm_order_scale(m, k->units, k->n, s);
	if (!k->teams) {
		m->block_row[s] = row + 1;
		m->block_n[s] = charted;
	}
	for (i = 0; i < k->n && !m->r.err; i++)
		unit_row(m, L, k, m->tmp[i].idx, s, row + 1 + i);
	return row + k->n + 2;
}

static int ranking(bm *m, const kind *k)
{
	layout L;
	size_t s, row = BM_HEAD_ROW + 1;

	memset(&L, 0, sizeof L);
	if (!(L.breaks = sdt_calloc(m->b->n_scales + 1, sizeof *L.breaks))) {
		m->r.err = sdt_fail_nomem();
		goto done;
	}
	if (ranking_sheet(m, k, &L) != SDT_OK)
		goto done;
	if (k->n == 0)
		sdt_rep_msg(&m->r, L.ws, row, 0, M_BM_NO_TEAMS, m->r.f.note);
	for (s = 0; s < m->b->n_scales && k->n && !m->r.err; s++)
		row = scale_block(m, &L, k, s, row);
	/* Excel takes at most 1023 manual breaks */
	if (L.n_breaks > 1023)
		L.breaks[1023] = 0;
	if (L.n_breaks && !m->r.err)
		sdt_rep_check(&m->r, worksheet_set_h_pagebreaks(L.ws, L.breaks), "setting page breaks");
done:
	sdt_free(L.breaks);
	return m->r.err;
}
int bm_sheet_orgs(bm *m)
{
	kind k = {M_SHEET_BM_ORGS, M_BM_NOT_BANDED, m->b->orgs, m->b->n_orgs, 2, 0,
	          sdt_benchmark_has_changes(m->b) ? FIG_MAX : FIG_COLS};

	return ranking(m, &k);
}

int bm_sheet_teams(bm *m)
{
	kind k = {M_SHEET_BM_TEAMS, M_BM_NOT_BANDED_TEAMS, m->b->teams, m->b->n_teams, 3, 1,
	          FIG_COLS};

	return ranking(m, &k);
}
