/*
 * benchmark.c - the portfolio benchmark workbook: Organisations, Charts,
 * Teams, Portfolio and Method sheets from an sdt_benchmark.
 *
 * Made to be printed for a board: scales run down the page as blocks
 * (one row per organisation or team, highest mean first) rather than
 * across it, so an A4 landscape page holds the table at full size however
 * many scales the instrument has. The percentile, the quartile band and
 * the band's certainty each have a labelled column of their own.
 *
 * The anonymised view names one organisation (the client it is made for)
 * and labels the others "Organisation A, B, ..." by rank, numbers their
 * teams by rank and gives their sizes only as bands: a label then says
 * nothing that the figures beside it do not. Its charts read the sheet's
 * cells, which hold the figures as shown (rounded), never more.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_sheets.h"
#include "rep_engine.h"

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

static double first_mean(const sdt_benchmark_unit *u, size_t n_scales)
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

/* Organisations in label order: the focus first, then the others by rank
 * on the first scale (lettered); without a focus, in the order added. */
static int order_orgs(bm *m, bm_ranked *tmp)
{
	const sdt_benchmark *b = m->b;
	size_t i, k = 0, n = 0;
	char let[16];

	for (i = 0; i < b->n_orgs; i++) {
		tmp[i].key = m->in->focus >= 0 ? first_mean(&b->orgs[i], b->n_scales) : NAN;
		tmp[i].key2 = NAN;
		tmp[i].idx = i;
	}
	bm_sort(tmp, b->n_orgs);
	if (m->in->focus >= 0)
		m->org_order[n++] = (size_t)m->in->focus;
	for (i = 0; i < b->n_orgs && !m->r.err; i++) {
		size_t o = tmp[i].idx;
		if (!bm_anonymised(m, o)) {
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

/* One organisation's team labels: its own under their names, another's
 * numbered by rank on the first scale. `row` is the organisation's place
 * in org_order: with a focus (row 0), the others are lettered from row 1. */
static void label_teams_of(bm *m, size_t row, bm_ranked *tmp)
{
	const sdt_benchmark *b = m->b;
	size_t i, n = 0, org = m->org_order[row];
	char num[32], let[16];

	for (i = 0; i < b->n_teams; i++) {
		if (b->teams[i].org != org)
			continue;
		tmp[n].key = bm_anonymised(m, org) ? first_mean(&b->teams[i], b->n_scales) : NAN;
		tmp[n].key2 = NAN;
		tmp[n++].idx = i;
	}
	bm_sort(tmp, n);
	if (bm_anonymised(m, org))
		letters(let, sizeof let, row - 1);
	for (i = 0; i < n && !m->r.err; i++) {
		size_t t = tmp[i].idx;
		snprintf(num, sizeof num, "%zu", i + 1);
		if (bm_anonymised(m, org))
			m->team_label[t] = dup_label(m, M_BM_ANON_TEAM, let, num);
		else if (!(m->team_label[t] = sdt_strdup(b->teams[t].name)))
			m->r.err = sdt_fail_nomem();
	}
}

static int make_labels(bm *m)
{
	const sdt_benchmark *b = m->b;
	size_t n = b->n_orgs > b->n_teams ? b->n_orgs : b->n_teams, k;

	m->tmp = sdt_calloc(n ? n : 1, sizeof *m->tmp);
	m->org_label = sdt_calloc(b->n_orgs ? b->n_orgs : 1, sizeof *m->org_label);
	m->team_label = sdt_calloc(b->n_teams ? b->n_teams : 1, sizeof *m->team_label);
	m->org_order = sdt_calloc(b->n_orgs ? b->n_orgs : 1, sizeof *m->org_order);
	m->block_row = sdt_calloc(b->n_scales ? b->n_scales : 1, sizeof *m->block_row);
	m->block_n = sdt_calloc(b->n_scales ? b->n_scales : 1, sizeof *m->block_n);
	if (!m->tmp || !m->org_label || !m->team_label || !m->org_order || !m->block_row ||
	    !m->block_n)
		return m->r.err = sdt_fail_nomem();
	order_orgs(m, m->tmp);
	for (k = 0; k < b->n_orgs && !m->r.err; k++)
		label_teams_of(m, k, m->tmp);
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
	sdt_free(m->block_row);
	sdt_free(m->block_n);
	sdt_free(m->tmp);
}

static int add_formats(bm *m)
{
	lxw_workbook *wb = m->r.wb;

	m->pct = workbook_add_format(wb);
	m->good = workbook_add_format(wb);
	m->bad = workbook_add_format(wb);
	m->focus = workbook_add_format(wb);
	m->section = workbook_add_format(wb);
	m->dash = workbook_add_format(wb);
	m->top = workbook_add_format(wb);
	m->unc = workbook_add_format(wb);
	m->head_text = workbook_add_format(wb);
	m->dash_num = workbook_add_format(wb);
	if (!m->pct || !m->good || !m->bad || !m->focus || !m->section || !m->dash || !m->top ||
	    !m->unc || !m->head_text || !m->dash_num)
		return m->r.err = sdt_fail_nomem();
	/* Words after a column of right-aligned numbers start one indent in,
	 * so that "95.0" and "top quartile" never run together. */
	format_set_indent(m->good, 1);
	format_set_indent(m->bad, 1);
	format_set_indent(m->top, 1);
	format_set_indent(m->unc, 1);
	format_set_bold(m->head_text);
	format_set_text_wrap(m->head_text);
	format_set_align(m->head_text, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(m->head_text, 0xDDE5F0);
	format_set_bottom(m->head_text, LXW_BORDER_THIN);
	format_set_indent(m->head_text, 1);
	/* whole ranks in an anonymised package, where they are stored whole */
	format_set_num_format(m->pct, m->in->focus >= 0 ? "0" : "0.0");
	format_set_align(m->pct, LXW_ALIGN_VERTICAL_TOP);
	/* text at the top like the numbers, for rows a long label makes taller */
	format_set_bg_color(m->good, 0xD9EAD3);
	format_set_align(m->good, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(m->bad, 0xF4CCCC);
	format_set_align(m->bad, LXW_ALIGN_VERTICAL_TOP);
	format_set_align(m->top, LXW_ALIGN_VERTICAL_TOP);
	format_set_italic(m->unc);
	format_set_align(m->unc, LXW_ALIGN_VERTICAL_TOP);
	/* the client's own rows: what a board looks for first */
	format_set_bold(m->focus);
	format_set_bg_color(m->focus, 0xDDEBF7);
	format_set_text_wrap(m->focus);
	format_set_align(m->focus, LXW_ALIGN_VERTICAL_TOP);
	format_set_bold(m->section);
	format_set_font_size(m->section, 12);
	format_set_bottom(m->section, LXW_BORDER_THIN);
	format_set_align(m->section, LXW_ALIGN_VERTICAL_BOTTOM);
	format_set_align(m->dash, LXW_ALIGN_CENTER);
	format_set_align(m->dash, LXW_ALIGN_VERTICAL_TOP);
	format_set_font_color(m->dash, 0x606060);
	/* under right-aligned figures, a dash where none is shown */
	format_set_align(m->dash_num, LXW_ALIGN_RIGHT);
	format_set_align(m->dash_num, LXW_ALIGN_VERTICAL_TOP);
	format_set_font_color(m->dash_num, 0x606060);
	return SDT_OK;
}

static void set_properties(bm *m)
{
	lxw_doc_properties p;
	char sw[64];

	memset(&p, 0, sizeof p);
	snprintf(sw, sizeof sw, "sdtscore %s", sdt_version());
	p.title = (char *)sdt_rep_t(&m->r, M_SHEET_BM_PORTFOLIO);
	p.author = (char *)"sdtscore";
	/* the version for whoever must reproduce it, kept off the sheets */
	p.comments = sw;
	sdt_rep_check(&m->r, workbook_set_properties(m->r.wb, &p), "setting properties");
}

static int render(bm *m)
{
	size_t s;

	for (s = 1; s < m->b->n_scales; s++)
		if (strcmp(sdt_instrument_id(m->b->scales[s].ins),
		           sdt_instrument_id(m->b->scales[0].ins)) != 0)
			m->several_instruments = 1;
	if (add_formats(m) != SDT_OK || make_labels(m) != SDT_OK)
		return m->r.err;
	set_properties(m);
	bm_sheet_orgs(m);
	bm_sheet_charts(m);
	bm_sheet_teams(m);
	bm_sheet_portfolio(m);
	bm_sheet_method(m);
	return m->r.err;
}

int sdt_report_benchmark(const sdt_benchmark_report *in, const char *path)
{
	bm m;
	sdt_output *out = NULL;
	int err;

	memset(&m, 0, sizeof m);
	if (!in || !in->bench || !path || !*path)
		return sdt_fail(SDT_EUSAGE, "benchmark: a benchmark and an output path are required");
	if ((err = SDT_CHECK_OPTIONS(in, sdt_benchmark_report, SDT_BENCHMARK_REPORT)) != SDT_OK)
		return err;
	if (in->focus >= 0 && (size_t)in->focus >= in->bench->n_orgs)
		return sdt_fail(SDT_EUSAGE, "benchmark: no organisation %ld", in->focus);
	m.in = in;
	m.b = in->bench;
	m.r.lang = in->lang && sdt_report_lang_ok(in->lang) ? in->lang : "en";
	if (sdt_rep_open(&m.r, &out, path, in->min_group, in->date) == SDT_OK)
		render(&m);
	err = sdt_rep_close(&m.r, &out, path);
	free_labels(&m);
	return err;
}
