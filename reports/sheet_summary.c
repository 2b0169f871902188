/*
 * sheet_summary.c - the organisation's figures per need, satisfaction
 * beside frustration (and supervisor support where measured), other
 * scales after them, and a column chart of the means.
 */
#include <stdio.h>
#include <string.h>

#include "sheet.h"

#define N_NEEDS 3
#define N_VAL 5
#define BLOCK 5 /* columns per valence block: mean, CI low, CI high, % fav, n */

static const sdt_need needs[N_NEEDS] = {
	SDT_NEED_AUTONOMY, SDT_NEED_COMPETENCE, SDT_NEED_RELATEDNESS
};
static const sdt_valence vals[N_VAL] = {
	SDT_VALENCE_SATISFACTION, SDT_VALENCE_FRUSTRATION, SDT_VALENCE_SUPPORT,
	SDT_VALENCE_MOTIVATION, SDT_VALENCE_OTHER
};

typedef struct layout {
	size_t cell[N_NEEDS][N_VAL]; /* scale index or SDT_NO_SCALE */
	int need_used[N_NEEDS], val_used[N_VAL];
	unsigned char placed[256];   /* scales shown in the need table (first 256) */
	size_t n_rows, n_blocks;
} layout;

static void plan(const sdt_instrument *ins, layout *L)
{
	size_t a, v, s;

	memset(L, 0, sizeof *L);
	for (a = 0; a < N_NEEDS; a++) {
		for (v = 0; v < N_VAL; v++) {
			s = sdt_rep_need_scale(ins, needs[a], vals[v]);
			L->cell[a][v] = s < 256 ? s : SDT_NO_SCALE;
			if (L->cell[a][v] == SDT_NO_SCALE)
				continue;
			L->placed[s] = 1;
			L->need_used[a] = L->val_used[v] = 1;
		}
		L->n_rows += (size_t)L->need_used[a];
	}
	for (v = 0; v < N_VAL; v++)
		L->n_blocks += (size_t)L->val_used[v];
}

/* Mean, CI, % favourable and n of the organisation on one scale. */
static void org_cells(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                      size_t s)
{
	const sdt_group *root = &r->in->groups->groups[0];
	const sdt_group_scale *c = &root->scales[s];
	int h = sdt_rep_reason(root, c->hidden);

	sdt_rep_figure(r, ws, row, col, h, c->mean, r->f.num);
	sdt_rep_figure(r, ws, row, col + 1, h, c->ci_lo, r->f.num);
	sdt_rep_figure(r, ws, row, col + 2, h, c->ci_hi, r->f.num);
	sdt_rep_figure(r, ws, row, col + 3, c->favourable_hidden, c->favourable, r->f.pct);
	sdt_rep_count(r, ws, row, col + 4, c->n);
}

static void sub_header(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col)
{
	sdt_rep_msg(r, ws, row, col, M_MEAN, r->f.header_num);
	sdt_rep_msg(r, ws, row, col + 1, M_CI_LO, r->f.header_num);
	sdt_rep_msg(r, ws, row, col + 2, M_CI_HI, r->f.header_num);
	sdt_rep_msg(r, ws, row, col + 3, M_FAV, r->f.header_num);
	sdt_rep_msg(r, ws, row, col + 4, M_SC_SCORED, r->f.header_num);
	sdt_rep_set_row(r, ws, row, 32, NULL);
}

static int root_visible(const sdt_rep *r, size_t s)
{
	const sdt_group *root = &r->in->groups->groups[0];

	return !root->hidden && !root->scales[s].hidden;
}

static void add_series(sdt_rep *r, lxw_chart *ch, const char *sheet,
                       size_t name_row, size_t name_col, size_t r0, size_t r1,
                       size_t cat_col, size_t val_col)
{
	lxw_chart_series *se = chart_add_series(ch, NULL, NULL);

	if (!se) {
		sdt_rep_check(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart series");
		return;
	}
	/* Everything by cell reference: a label that starts with '=' stays text. */
	chart_series_set_categories(se, sheet, (lxw_row_t)r0, (lxw_col_t)cat_col,
	                            (lxw_row_t)r1, (lxw_col_t)cat_col);
	chart_series_set_values(se, sheet, (lxw_row_t)r0, (lxw_col_t)val_col,
	                        (lxw_row_t)r1, (lxw_col_t)val_col);
	chart_series_set_name_range(se, sheet, (lxw_row_t)name_row, (lxw_col_t)name_col);
}

static lxw_chart *new_chart(sdt_rep *r)
{
	lxw_chart *ch = workbook_add_chart(r->wb, LXW_CHART_COLUMN);

	if (!ch) {
		sdt_rep_check(r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart");
		return NULL;
	}
	chart_title_set_name(ch, sdt_rep_t(r, M_CHART_ORG));
	chart_axis_set_min(ch->y_axis, sdt_instrument_min(r->in->ins));
	chart_axis_set_max(ch->y_axis, sdt_instrument_max(r->in->ins));
	chart_axis_set_name(ch->y_axis, sdt_rep_t(r, M_MEAN));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	return ch;
}

/* Whether every cell of valence block v is visible: only then is the
 * block charted. */
static int block_visible(const sdt_rep *r, const layout *L, size_t v)
{
	size_t a;

	for (a = 0; a < N_NEEDS; a++)
		if (L->need_used[a] && L->cell[a][v] != SDT_NO_SCALE &&
		    !root_visible(r, L->cell[a][v]))
			return 0;
	return 1;
}

/* The need table: rows needs, one block of columns per valence, written
 * top to bottom as constant-memory mode needs. Returns the next free row. */
static size_t need_table(sdt_rep *r, lxw_worksheet *ws, size_t row,
                         const layout *L, lxw_chart *ch)
{
	const char *sheet = sdt_rep_t(r, M_SHEET_SUMMARY);
	size_t a, v, col, first = row + 2, k;

	for (col = 1, v = 0; v < N_VAL; v++)
		if (L->val_used[v]) {
			sdt_rep_note(r, ws, row, col, col + BLOCK - 1,
			             sdt_i18n_valence(r->lang, vals[v]), r->f.header, 60);
			col += BLOCK;
		}
	sdt_rep_msg(r, ws, row + 1, 0, M_NEED, r->f.header);
	for (col = 1, v = 0; v < N_VAL; v++)
		if (L->val_used[v]) {
			sub_header(r, ws, row + 1, col);
			col += BLOCK;
		}
	for (k = 0, a = 0; a < N_NEEDS; a++) {
		if (!L->need_used[a])
			continue;
		sdt_rep_text(r, ws, first + k, 0, sdt_i18n_need(r->lang, needs[a]), r->f.bold);
		for (col = 1, v = 0; v < N_VAL; v++) {
			if (!L->val_used[v])
				continue;
			if (L->cell[a][v] != SDT_NO_SCALE)
				org_cells(r, ws, first + k, col, L->cell[a][v]);
			col += BLOCK;
		}
		k++;
	}
	for (col = 1, v = 0; v < N_VAL; v++)
		if (L->val_used[v]) {
			/* A series is charted only when none of its cells is hidden. */
			if (ch && block_visible(r, L, v))
				add_series(r, ch, sheet, row, col, first, first + k - 1, 0, col);
			col += BLOCK;
		}
	return first + L->n_rows;
}

/* Scales not in the need table. Returns the next free row. */
static size_t other_table(sdt_rep *r, lxw_worksheet *ws, size_t row,
                          const layout *L, lxw_chart *ch)
{
	const sdt_instrument *ins = r->in->ins;
	size_t s, first = row + 1, k = 0, ok = 1;

	sdt_rep_msg(r, ws, row, 0, L->n_rows ? M_OTHER_SCALES : M_SCALE, r->f.header);
	sub_header(r, ws, row, 1);
	for (s = 0; s < sdt_instrument_scale_count(ins); s++) {
		if (s < 256 && L->placed[s])
			continue;
		sdt_rep_text(r, ws, first + k, 0, sdt_instrument_scale_label(ins, s, r->lang), r->f.bold);
		org_cells(r, ws, first + k, 1, s);
		ok &= (size_t)root_visible(r, s);
		k++;
	}
	if (ch && ok && k)
		add_series(r, ch, sdt_rep_t(r, M_SHEET_SUMMARY), row, 1, first, first + k - 1, 0, 1);
	return first + k;
}

static double first_width(const sdt_rep *r);

/* What, when and who: the response rate only when headcounts are known.
 * Returns the next free row. */
static size_t facts(sdt_rep *r, lxw_worksheet *ws)
{
	const sdt_instrument *ins = r->in->ins;
	const sdt_group *root = &r->in->groups->groups[0];
	const char *title = sdt_instrument_title(ins, r->lang);
	size_t row = 1;

	sdt_rep_msg(r, ws, 0, 0, M_SUM_TITLE, r->f.title);
	sdt_rep_msg(r, ws, row, 0, M_INSTRUMENT, r->f.bold);
	sdt_rep_text(r, ws, row++, 1, title ? title : sdt_instrument_id(ins), NULL);
	sdt_rep_msg(r, ws, row, 0, M_WAVE, r->f.bold);
	sdt_rep_text(r, ws, row++, 1, r->in->wave ? r->in->wave : "–", NULL);
	sdt_rep_msg(r, ws, row, 0, M_RESPONDENTS, r->f.bold);
	sdt_rep_count(r, ws, row++, 1, root->n);
	if (root->headcount) {
		sdt_rep_msg(r, ws, row, 0, M_SC_RATE, r->f.bold);
		sdt_rep_num(r, ws, row++, 1, (double)root->n / (double)root->headcount, r->f.pct);
	}
	sdt_rep_msg(r, ws, row, 0, M_DATE, r->f.bold);
	sdt_rep_text(r, ws, row++, 1, r->in->date ? r->in->date : "", NULL);
	return row + 1;
}

/* The instrument's composites for the organisation (sdt_group_composite
 * says when one is shown). Returns the next free row. */
static size_t composite_table(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_groups *gs = r->in->groups;
	const sdt_group *root = &gs->groups[0];
	const sdt_group_composite *c;
	const char *label;
	size_t k;

	if (!gs->n_composites)
		return row;
	sdt_rep_msg(r, ws, row, 0, M_COMPOSITES, r->f.header);
	sdt_rep_msg(r, ws, row, 1, M_MEAN, r->f.header_num);
	sdt_rep_msg(r, ws, row, 2, M_CI_LO, r->f.header_num);
	sdt_rep_msg(r, ws, row, 3, M_CI_HI, r->f.header_num);
	sdt_rep_text(r, ws, row, 4, NULL, r->f.header_num);
	sdt_rep_msg(r, ws, row, 5, M_SC_SCORED, r->f.header_num);
	sdt_rep_set_row(r, ws, row++, 32, NULL);
	for (k = 0; k < gs->n_composites; k++, row++) {
		c = &root->composites[k];
		label = sdt_instrument_composite_label(r->in->ins, k, r->lang);
		/* wrapped where the column's cap is too narrow for it on one line
		 * ("Perustarpeiden tyydyttyminen (kolmen asteikon keskiarvo)") */
		sdt_rep_text(r, ws, row, 0, label, r->f.label);
		sdt_rep_row_lines(r, ws, row, sdt_rep_lines(label, (first_width(r) - 2) / 1.1));
		sdt_rep_figure(r, ws, row, 1, sdt_rep_reason(root, c->hidden), c->mean, r->f.num);
		sdt_rep_figure(r, ws, row, 2, sdt_rep_reason(root, c->hidden), c->ci_lo, r->f.num);
		sdt_rep_figure(r, ws, row, 3, sdt_rep_reason(root, c->hidden), c->ci_hi, r->f.num);
		sdt_rep_count(r, ws, row, 5, c->n);
	}
	sdt_rep_note(r, ws, row++, 0, 9, sdt_rep_t(r, M_SUM_COMPOSITE_NOTE), r->f.note, 120);
	return row + 1;
}

/* One scale's change for the organisation, where both waves show it. */
static void change_row(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t j, long prev)
{
	const sdt_report_trend *t = r->in->trend;
	const sdt_groups *pw = t->waves[t->n_waves - 2];
	const sdt_change *c = &t->changes[j];
	int shown = prev >= 0 && sdt_rep_wave_cell_visible(pw, prev, j) &&
	            sdt_rep_wave_cell_visible(r->in->groups, 0, j);

	const char *label = sdt_instrument_scale_label(r->in->ins, j, r->lang);

	sdt_rep_text(r, ws, row, 0, label, r->f.label);
	sdt_rep_row_lines(r, ws, row, sdt_rep_lines(label, first_width(r) - 2));
	if (prev >= 0 && sdt_rep_wave_cell_visible(pw, prev, j))
		sdt_rep_num(r, ws, row, 1, pw->groups[prev].scales[j].mean, r->f.num);
	if (sdt_rep_wave_cell_visible(r->in->groups, 0, j))
		sdt_rep_num(r, ws, row, 2, r->in->groups->groups[0].scales[j].mean, r->f.num);
	if (!shown || c->test == SDT_TEST_NONE) {
		sdt_rep_text(r, ws, row, 3, "\u2013", r->f.hidden);
		return;
	}
	sdt_rep_num(r, ws, row, 3, c->difference, c->p_adjusted < r->alpha ? r->f.change_sig
	            : r->f.change);
	sdt_rep_num(r, ws, row, 4, c->ci[0], r->f.diff);
	sdt_rep_num(r, ws, row, 5, c->ci[1], r->f.diff);
	sdt_rep_num(r, ws, row, 6, c->p_adjusted, r->f.p);
}

/* The organisation's change since the previous wave, as the Trend sheet
 * has it. Returns the next free row. */
static size_t change_table(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_report_trend *t = r->in->trend;
	const char *args[1];
	char buf[256];
	long prev;
	size_t j;

	if (!t)
		return row;
	prev = sdt_rep_wave_group(t->waves[t->n_waves - 2], NULL, r->in->groups, 0);
	args[0] = t->names[t->n_waves - 2];
	sdt_i18n_format(buf, sizeof buf, r->lang, M_TEAM_CHANGE, args, 1);
	sdt_rep_text(r, ws, row, 0, buf, r->f.header);
	sdt_rep_text(r, ws, row, 1, t->names[t->n_waves - 2], r->f.header_num);
	sdt_rep_text(r, ws, row, 2, t->names[t->n_waves - 1], r->f.header_num);
	sdt_rep_msg(r, ws, row, 3, M_TR_CHANGE, r->f.header_num);
	sdt_rep_msg(r, ws, row, 4, M_CI_LO, r->f.header_num);
	sdt_rep_msg(r, ws, row, 5, M_CI_HI, r->f.header_num);
	sdt_rep_msg(r, ws, row, 6, M_SC_PADJ, r->f.header_num);
	sdt_rep_set_row(r, ws, row++, 32, NULL);
	for (j = 0; j < r->in->groups->n_scales; j++)
		change_row(r, ws, row++, j, prev);
	sdt_rep_note(r, ws, row++, 0, 9, sdt_rep_t(r, M_SUM_CHANGE_NOTE), r->f.note, 120);
	return row + 1;
}

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80; /* characters, not UTF-8 bytes */
	return n;
}

/* The first column holds the composites' bold names, on one line up to
 * its cap. */
static double first_width(const sdt_rep *r)
{
	const sdt_instrument *ins = r->in->ins;
	size_t k;
	double w = 26, x;

	for (k = 0; k < sdt_instrument_composite_count(ins); k++) {
		x = (double)chars(sdt_instrument_composite_label(ins, k, r->lang)) * 1.1 + 2;
		w = x > w ? x : w;
	}
	return w > 44 ? 44 : w;
}

static size_t count_unplaced(const sdt_instrument *ins, const layout *L)
{
	size_t s, n = 0;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++)
		n += !(s < 256 && L->placed[s]);
	return n;
}

/* Every header over the figures' columns: they share one width that
 * holds the longest word of any ("(pisteytetyt)", "favourable"). */
static const sdt_msg figure_heads[] = {
	M_MEAN, M_CI_LO, M_CI_HI, M_FAV, M_SC_SCORED, M_TR_CHANGE, M_SC_PADJ
};

int sdt_sheet_summary(sdt_rep *r)
{
	const sdt_instrument *ins = r->in->ins;
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_SUMMARY, 1, 0);
	lxw_chart *ch = NULL;
	layout L;
	size_t row;

	if (!ws)
		return r->err;
	plan(ins, &L);
	/* the organisation's page: one printed page, chart included */
	worksheet_fit_to_pages(ws, 1, 1);
	sdt_rep_width(r, ws, 0, 0, first_width(r), NULL);
	sdt_rep_width(r, ws, 1, BLOCK * (L.n_blocks ? L.n_blocks : 1),
	              sdt_rep_msgs_width(r, figure_heads, sizeof figure_heads / sizeof *figure_heads,
	                                 10.5), NULL);
	row = facts(r, ws);
	ch = new_chart(r);
	if (L.n_rows)
		row = need_table(r, ws, row, &L, ch) + 1;
	/* Other scales get their own table; they are charted only when there
	 * is no need table, so one chart never mixes two layouts. */
	if (count_unplaced(ins, &L))
		row = other_table(r, ws, row, &L, L.n_rows ? NULL : ch) + 1;
	row = composite_table(r, ws, row);
	row = sdt_rep_outcome_table(r, ws, row);
	row = change_table(r, ws, row);
	/* A chart without a series (every mean hidden) is left out: it would
	 * be an empty frame. */
	if (ch && !r->err && !STAILQ_EMPTY(ch->series_list))
		sdt_rep_check(r, worksheet_insert_chart_opt(ws, (lxw_row_t)row, 0, ch,
		              &(lxw_chart_options){.x_scale = 1.5, .y_scale = 1.0}), "inserting a chart");
	return r->err;
}
