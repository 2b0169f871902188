/*
 * bench_charts.c - the benchmark's Charts sheet: for each scale, a bar
 * per organisation with a mean, highest at the top, as the Organisations
 * sheet lists them.
 *
 * Every chart reads its categories and values from the Organisations
 * sheet's cells, which in an anonymised file hold the figures as shown
 * (means rounded to 2 decimals): a chart can therefore show nothing the
 * table does not. Titles and series names are literal text, not cell
 * references: the constant-memory workbook stores no cached cell values,
 * so a reader that does not recalculate (LibreOffice) would show "Chart
 * Title" instead.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "bench_sheets.h"
#include "rep_engine.h"

/* Pixels. Two charts side by side fit a page's width at full size, also
 * where a reader draws columns a quarter wider than Excel does
 * (LibreOffice), which moves the right-hand chart along with them. */
#define CHART_W 360
#define CHART_COL_STEP 7   /* default columns (64 px) to the right-hand chart */
#define CHART_DY 6
#define NOTE_COLS 12       /* the intro no wider than the charts below it */
#define ROW_PX 20          /* a default row's height in pixels */
#define PAGE_PX 660.0      /* an A4 landscape page's printable height, pixels */
#define FIRST_CHART_ROW 3
#define BAR_COLOUR 0x9DB3C9
#define FOCUS_COLOUR 0x1F4E79

/* A chart's height in pixels: room for every bar and its label, thinner
 * bars for a large portfolio so that a chart still fits a page. */
static double chart_height(size_t n)
{
	double bar = n ? 440.0 / (double)n : 22, h;

	bar = bar > 22 ? 22 : bar < 12 ? 12 : bar;
	h = 56.0 + bar * (double)n;
	return h < 200 ? 200 : h;
}

/* The client's bar darker than the others, so a board finds it at once;
 * without a focus (the consultant's own file) every bar is alike. */
static void colour_focus(bm *m, lxw_chart_series *se, size_t s)
{
	lxw_chart_fill focus = {.color = FOCUS_COLOUR};
	lxw_chart_point plain = {0}, mine = {.fill = &focus};
	lxw_chart_point **pts;
	size_t i, n = m->block_n[s];

	if (m->in->focus < 0 || !n)
		return;
	if (!(pts = sdt_calloc(n + 1, sizeof *pts))) {
		m->r.err = sdt_fail_nomem();
		return;
	}
	/* the block's rows in the order the Organisations sheet lists them */
	bm_order_scale(m, m->b->orgs, m->b->n_orgs, s);
	for (i = 0; i < n; i++)
		pts[i] = m->tmp[i].idx == (size_t)m->in->focus ? &mine : &plain;
	sdt_rep_check(&m->r, chart_series_set_points(se, pts), "colouring a bar");
	sdt_free(pts);
}

static lxw_chart *scale_chart(bm *m, size_t s)
{
	const sdt_benchmark_scale *sc = &m->b->scales[s];
	const char *sheet = sdt_rep_t(&m->r, M_SHEET_BM_ORGS);
	lxw_chart_fill bar = {.color = BAR_COLOUR};
	lxw_chart_font title_font = {.size = 12, .bold = 1}, label_font = {.size = 9};
	lxw_chart *ch = workbook_add_chart(m->r.wb, LXW_CHART_BAR);
	lxw_chart_series *se;
	lxw_row_t first = (lxw_row_t)m->block_row[s];
	lxw_row_t last = (lxw_row_t)(m->block_row[s] + m->block_n[s] - 1);
	char title[320];

	if (!ch || !(se = chart_add_series(ch, NULL, NULL))) {
		sdt_rep_check(&m->r, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a chart");
		return NULL;
	}
	bm_scale_name(m, s, title, sizeof title);
	chart_title_set_name(ch, title);
	chart_title_set_name_font(ch, &title_font);
	chart_series_set_categories(se, sheet, first, 0, last, 0);
	/* The names are text: say so (a string reference), since without a
	 * cache libxlsxwriter cannot tell and would write a numeric one. */
	if (se->categories)
		se->categories->has_string_cache = LXW_TRUE;
	chart_series_set_values(se, sheet, first, 2, last, 2);
	chart_series_set_name(se, sdt_rep_t(&m->r, M_MEAN));
	chart_series_set_fill(se, &bar);
	chart_series_set_labels(se);
	chart_series_set_labels_num_format(se, "0.00");
	chart_set_series_gap(ch, 60);
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	/* In a bar chart libxlsxwriter's y axis holds the categories, which
	 * run upwards: reversed, the highest mean is at the top, as in the
	 * table. The x axis holds the values, over the whole answer scale. */
	chart_axis_set_reverse(ch->y_axis);
	/* ... which would move the values' axis to the top: keep it below */
	chart_axis_set_crossing_max(ch->y_axis);
	/* every organisation named, even where a label must wrap */
	chart_axis_set_interval_unit(ch->y_axis, 1);
	chart_axis_set_num_font(ch->y_axis, &label_font);
	chart_axis_set_min(ch->x_axis, sdt_instrument_min(sc->ins));
	chart_axis_set_max(ch->x_axis, sdt_instrument_max(sc->ins));
	/* a gridline per answer point on a short answer scale (1-5, 1-7);
	 * a long one (0-100) keeps the reader's own spacing */
	if (sdt_instrument_max(sc->ins) - sdt_instrument_min(sc->ins) <= 10)
		chart_axis_set_major_unit(ch->x_axis, 1);
	colour_focus(m, se, s);
	return m->r.err ? NULL : ch;
}

/* The title and the note saying what the charts show (and, in a
 * client's file, which bar is theirs). */
static void charts_intro(bm *m, lxw_worksheet *ws)
{
	char buf[512], note[768];
	const char *args[1];

	sdt_rep_msg(&m->r, ws, 0, 0, M_SHEET_CHARTS, m->r.f.title);
	snprintf(note, sizeof note, "%s", sdt_rep_t(&m->r, M_BM_CH_INTRO));
	if (m->in->focus >= 0) {
		args[0] = m->org_label[m->in->focus];
		sdt_i18n_format(buf, sizeof buf, m->r.lang, M_BM_CH_FOCUS, args, 1);
		snprintf(note + strlen(note), sizeof note - strlen(note), " %s", buf);
	}
	sdt_rep_note(&m->r, ws, 1, 0, NOTE_COLS - 1, note, m->r.f.note, 90);
}

/* Insert scale s's chart at `row`, in the left or the right column. */
static void place_chart(bm *m, lxw_worksheet *ws, size_t s, size_t row, int right)
{
	lxw_chart *ch = scale_chart(m, s);
	/* a little below the row's top, so that a page break there keeps the
	 * chart's frame wholly on the next page */
	lxw_chart_options opt = {.y_offset = CHART_DY, .x_scale = CHART_W / 480.0,
	                         .y_scale = chart_height(m->block_n[s]) / 288.0};

	if (ch)
		sdt_rep_check(&m->r, worksheet_insert_chart_opt(ws, (lxw_row_t)row,
		              (lxw_col_t)(right ? CHART_COL_STEP : 0), ch, &opt),
		              "inserting a chart");
}

/* Rows scale s's chart takes, with a gap of at least 10 pixels below. */
static size_t chart_rows(const bm *m, size_t s)
{
	return (size_t)ceil((chart_height(m->block_n[s]) + CHART_DY + 10) / ROW_PX);
}

/* The next charted scale from s on, or n_scales. */
static size_t next_charted(const bm *m, size_t s)
{
	while (s < m->b->n_scales && !m->block_n[s])
		s++;
	return s;
}

/* Two charts a row, the next row below the taller; a page break wherever
 * a row would not fit on the page, so that no chart is cut in two when
 * printed (unless one alone is taller than a page). */
int bm_sheet_charts(bm *m)
{
	lxw_worksheet *ws = sdt_rep_sheet(&m->r, M_SHEET_CHARTS, 1, 0);
	lxw_row_t *breaks = NULL;
	size_t s, t, row = FIRST_CHART_ROW, rows, used = FIRST_CHART_ROW, n_breaks = 0;

	if (!ws)
		return m->r.err;
	if (!(breaks = sdt_calloc(m->b->n_scales + 1, sizeof *breaks))) {
		m->r.err = sdt_fail_nomem();
		goto done;
	}
	charts_intro(m, ws);
	for (s = next_charted(m, 0); s < m->b->n_scales && !m->r.err; s = next_charted(m, t + 1)) {
		t = next_charted(m, s + 1);
		rows = chart_rows(m, s);
		if (t < m->b->n_scales && chart_rows(m, t) > rows)
			rows = chart_rows(m, t);
		if (used > 0 && (double)((used + rows) * ROW_PX) > PAGE_PX) {
			breaks[n_breaks++] = (lxw_row_t)row;
			used = 0;
		}
		place_chart(m, ws, s, row, 0);
		if (t < m->b->n_scales)
			place_chart(m, ws, t, row, 1);
		row += rows;
		used += rows;
	}
	if (n_breaks > 1023) /* Excel's most */
		breaks[1023] = 0;
	if (n_breaks && !m->r.err)
		sdt_rep_check(&m->r, worksheet_set_h_pagebreaks(ws, breaks), "setting page breaks");
done:
	sdt_free(breaks);
	return m->r.err;
}
