/*
 * workbook.c - sdt_report_write: formats, the sheets in reading order, and
 * the atomic write (temporary file beside the target, renamed on success).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rep_engine.h"
#include "sheet.h"

int sdt_report_lang_ok(const char *lang)
{
	return lang && (!strcmp(lang, "en") || !strcmp(lang, "fi") || !strcmp(lang, "sv"));
}

static lxw_format *number_format(lxw_workbook *wb, const char *num, int sig)
{
	lxw_format *f = workbook_add_format(wb);

	if (!f)
		return NULL;
	format_set_num_format(f, num);
	/* Top-aligned like the wrapped text beside it in multi-line rows. */
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	if (sig) {
		/* Significance is marked by weight and a frame, not colour, so it
		 * survives the colour scale and black-and-white printing. */
		format_set_bold(f);
		format_set_border(f, LXW_BORDER_MEDIUM);
	}
	return f;
}

/* A table header: bold, wrapped, shaded, underlined; `align` for headers
 * over numbers (right), `indent` for a text column after numbers. */
static lxw_format *header_format(lxw_workbook *wb, uint8_t align, uint8_t indent)
{
	lxw_format *f = workbook_add_format(wb);

	if (!f)
		return NULL;
	format_set_bold(f);
	format_set_text_wrap(f);
	if (align)
		format_set_align(f, align);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_bg_color(f, 0xDDE5F0);
	format_set_bottom(f, LXW_BORDER_THIN);
	if (indent)
		format_set_indent(f, indent);
	return f;
}

/* Text formats; a NULL left here is caught by make_formats. */
static void text_formats(sdt_formats *f, lxw_workbook *wb)
{
	if ((f->title = workbook_add_format(wb))) {
		format_set_bold(f->title);
		format_set_font_size(f->title, 14);
	}
	f->header = header_format(wb, 0, 0);
	f->header_num = header_format(wb, LXW_ALIGN_RIGHT, 0);
	f->header_indent = header_format(wb, 0, 1);
	if ((f->wrap = workbook_add_format(wb))) {
		format_set_text_wrap(f->wrap);
		format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	}
	/* Every text sits at the top of its row like the figures beside it:
	 * LibreOffice's rows are taller than Calibri's line, and a text at the
	 * bottom stood a little below its row's numbers. */
	if ((f->text = workbook_add_format(wb)))
		format_set_align(f->text, LXW_ALIGN_VERTICAL_TOP);
	if ((f->bold = workbook_add_format(wb))) {
		format_set_bold(f->bold);
		format_set_align(f->bold, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((f->label = workbook_add_format(wb))) {
		format_set_bold(f->label);
		format_set_text_wrap(f->label);
		format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((f->indent = workbook_add_format(wb))) {
		format_set_indent(f->indent, 1);
		format_set_align(f->indent, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((f->practice = workbook_add_format(wb))) {
		format_set_text_wrap(f->practice);
		format_set_align(f->practice, LXW_ALIGN_VERTICAL_TOP);
		format_set_indent(f->practice, 1);
	}
	if ((f->warn_line = workbook_add_format(wb))) {
		format_set_font_color(f->warn_line, 0xA00000);
		format_set_align(f->warn_line, LXW_ALIGN_VERTICAL_TOP);
	}
	/* a warning in a Note column, clear of the figure on its left */
	if ((f->warn_indent = workbook_add_format(wb))) {
		format_set_font_color(f->warn_indent, 0xA00000);
		format_set_indent(f->warn_indent, 1);
		format_set_align(f->warn_indent, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((f->note = workbook_add_format(wb))) {
		format_set_italic(f->note);
		format_set_font_color(f->note, 0x404040);
		format_set_text_wrap(f->note);
		format_set_align(f->note, LXW_ALIGN_VERTICAL_TOP);
	}
	/* words right after a column of right-aligned numbers start one
	 * indent in, so that "1.21" and "No more agreement" never touch */
	if ((f->note_indent = workbook_add_format(wb))) {
		format_set_italic(f->note_indent);
		format_set_font_color(f->note_indent, 0x404040);
		format_set_text_wrap(f->note_indent);
		format_set_align(f->note_indent, LXW_ALIGN_VERTICAL_TOP);
		format_set_indent(f->note_indent, 1);
	}
	if ((f->hidden = workbook_add_format(wb))) {
		format_set_italic(f->hidden);
		format_set_font_color(f->hidden, 0x606060);
		format_set_align(f->hidden, LXW_ALIGN_RIGHT);
		format_set_align(f->hidden, LXW_ALIGN_VERTICAL_TOP);
	}
	if ((f->warn = workbook_add_format(wb))) {
		format_set_font_color(f->warn, 0xA00000);
		format_set_text_wrap(f->warn);
		format_set_align(f->warn, LXW_ALIGN_VERTICAL_TOP);
	}
}

static int make_formats(sdt_rep *r)
{
	sdt_formats *f = &r->f;
	lxw_workbook *wb = r->wb;
	const char *pct;
	int k;

	text_formats(f, wb);
	f->num = number_format(wb, "0.00", 0);
	f->num_sig = number_format(wb, "0.00", 1);
	/* a difference that rounds to zero reads 0.00, never -0.00 */
	f->diff = number_format(wb, "[>=0.005]+0.00;[<=-0.005]-0.00;0.00", 0);
	f->diff_sig = number_format(wb, "[>=0.005]+0.00;[<=-0.005]-0.00;0.00", 1);
	/* the "<0.001" is literal text, shown as written: a decimal comma in
	 * Finnish and Swedish, as Excel shows the other p values there */
	f->p = number_format(wb, strcmp(r->lang, "en") ? "[<0.001]\"<0,001\";0.000"
	                     : "[<0.001]\"<0.001\";0.000", 0);
	/* a change since the previous wave: an arrow as well as the sign */
	f->change = number_format(wb, "[>=0.005]\"\u25b2 \"+0.00;[<=-0.005]\"\u25bc \"-0.00;0.00", 0);
	f->change_sig = number_format(wb, "[>=0.005]\"\u25b2 \"+0.00;[<=-0.005]\"\u25bc \"-0.00;0.00", 1);
	/* "51%" in English, "51 %" (no-break space) in Finnish and Swedish */
	pct = strcmp(r->lang, "en") ? "0\u00a0%" : "0%";
	f->pct = number_format(wb, pct, 0);
	if ((f->pct_better = number_format(wb, pct, 0)))
		format_set_bg_color(f->pct_better, 0xC6EFCE);
	if ((f->pct_worse = number_format(wb, pct, 0)))
		format_set_bg_color(f->pct_worse, 0xFFC7CE);
	f->num3 = number_format(wb, "0.000", 0);
	f->count = number_format(wb, "0", 0);
	for (k = 0; k < 2; k++) {
		/* Excel's own "good" and "bad" fills, readable printed in grey */
		if ((f->better[k] = number_format(wb, "0.00", k)))
			format_set_bg_color(f->better[k], 0xC6EFCE);
		if ((f->worse[k] = number_format(wb, "0.00", k)))
			format_set_bg_color(f->worse[k], 0xFFC7CE);
		if (!f->better[k] || !f->worse[k])
			return r->err = sdt_fail_nomem();
	}
	if (!f->title || !f->header || !f->wrap || !f->bold || !f->label || !f->indent || !f->practice || !f->note_indent || !f->warn_line || !f->note || !f->hidden ||
	    !f->warn || !f->num || !f->num_sig || !f->diff || !f->diff_sig || !f->pct ||
	    !f->count || !f->p || !f->pct_better || !f->pct_worse || !f->num3 || !f->header_num ||
	    !f->change || !f->change_sig || !f->header_indent || !f->warn_indent || !f->text)
		return r->err = sdt_fail_nomem();
	return SDT_OK;
}

/* Footer text is a format string for Excel: '&' must be doubled. */
static void footer_append(char *buf, size_t size, const char *s)
{
	size_t o = strlen(buf);

	for (; *s && o + 2 < size; s++) {
		if (*s == '&')
			buf[o++] = '&';
		buf[o++] = *s;
	}
	buf[o] = '\0';
}

static void make_texts(sdt_rep *r, size_t min_group, const char *date)
{
	char n[32], text[256];
	const char *args[1];

	snprintf(n, sizeof n, "%zu", min_group);
	args[0] = n;
	sdt_i18n_format(r->hidden_text, sizeof r->hidden_text, r->lang, M_HIDDEN, args, 1);
	snprintf(r->protect_text, sizeof r->protect_text, "%s", sdt_i18n_text(r->lang, M_HIDDEN_PROTECT));
	sdt_i18n_format(text, sizeof text, r->lang, M_FOOTER, args, 1);
	/* Stay under Excel's 255-character limit for the whole footer. */
	strcpy(r->footer, "&L");
	footer_append(r->footer, 150, text);
	strcat(r->footer, "&C&P / &N&R");
	footer_append(r->footer, 240, date ? date : "");
}

/* Document properties carry the report date, not the clock, so the same
 * input gives the same file. */
static void set_properties(sdt_rep *r)
{
	lxw_doc_properties p;
	struct tm tm;
	const char *d = r->in->date;

	memset(&p, 0, sizeof p);
	p.title = (char *)sdt_rep_t(r, M_SUM_TITLE);
	p.author = (char *)"sdtscore";
	memset(&tm, 0, sizeof tm);
	if (d && sscanf(d, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		p.created = timegm(&tm);
	}
	sdt_rep_check(r, workbook_set_properties(r->wb, &p), "setting properties");
}

static int render(sdt_rep *r)
{
	size_t k;

	set_properties(r);
	if (r->focus > 0)
		sdt_sheet_team(r);
	sdt_sheet_summary(r);
	sdt_sheet_heatmap(r);
	sdt_sheet_scores(r);
	sdt_sheet_trend(r);
	for (k = 0; k < r->in->n_breakdowns; k++)
		sdt_sheet_breakdown(r, r->in->breakdowns[k]);
	sdt_sheet_items(r);
	sdt_sheet_actions(r);
	sdt_sheet_charts(r);
	sdt_sheet_reliability(r);
	sdt_sheet_quality(r);
	sdt_sheet_method(r);
	sdt_sheet_comments(r);
	return r->err;
}

/* The trend and the breakdowns must describe the groups being rendered:
 * their hidden flags are read by the same group index. */
static int check_extras(const sdt_report_input *in)
{
	const sdt_report_trend *t = in->trend;
	const sdt_breakdown *b;
	size_t k;

	if (t && (t->n_waves < 2 || !t->names || !t->waves || !t->changes ||
	          t->waves[t->n_waves - 1] != in->groups))
		return sdt_fail(SDT_EUSAGE, "report: a trend needs two or more waves, the last "
		                "being the report's groups");
	for (k = 0; t && k < t->n_waves; k++)
		if (!t->names[k] || !t->waves[k] || t->waves[k]->n_scales != in->groups->n_scales)
			return sdt_fail(SDT_EUSAGE, "report: wave %zu has no name or other scales", k + 1);
	if (in->n_breakdowns && !in->breakdowns)
		return sdt_fail(SDT_EUSAGE, "report: breakdowns missing");
	for (k = 0; k < in->n_breakdowns; k++) {
		b = in->breakdowns[k];
		if (!b || b->n_groups != in->groups->n_groups || b->n_scales != in->groups->n_scales)
			return sdt_fail(SDT_EUSAGE, "report: a breakdown was computed for other groups");
	}
	return SDT_OK;
}

static int check_input(const sdt_report_input *in, const char *path)
{
	const char *lang = in && in->lang ? in->lang : "en";

	if (!in || !in->ins || !in->groups || !path || !*path)
		return sdt_fail(SDT_EUSAGE, "report: instrument, groups and output path are required");
	if (SDT_CHECK_OPTIONS(in, sdt_report_input, SDT_REPORT_INPUT) != SDT_OK)
		return SDT_EUSAGE;
	if (in->groups->n_groups == 0)
		return sdt_fail(SDT_EUSAGE, "report: no groups to report");
	if (!sdt_report_lang_ok(lang))
		return sdt_fail(SDT_EUSAGE, "report: unknown language '%s' (en, fi, sv)", lang);
	if (in->groups->n_scales != sdt_instrument_scale_count(in->ins) ||
	    in->groups->n_items != sdt_instrument_item_count(in->ins))
		return sdt_fail(SDT_EUSAGE, "report: groups were computed for another instrument");
	if (check_extras(in) != SDT_OK)
		return SDT_EUSAGE;
	return SDT_OK;
}

/* Where libxlsxwriter keeps a small workbook's parts while building it
 * (some thirty files, each made and unlinked at once): a memory file
 * system when there is one and TMPDIR does not say otherwise, so that a
 * split into thousands of workbooks does not wait on the disk's
 * directory updates. NULL: libxlsxwriter's choice (TMPDIR, /tmp). */
static char *small_tmpdir(void)
{
	static const char shm[] = "/dev/shm";
	struct stat st;

	if (getenv("TMPDIR") || stat(shm, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    access(shm, W_OK | X_OK) != 0)
		return NULL;
	return (char *)shm;
}

int sdt_rep_open(sdt_rep *r, sdt_output **out, const char *path, size_t min_group,
                 const char *date)
{
	lxw_workbook_options opt = {.constant_memory = r->small ? LXW_FALSE : LXW_TRUE,
	                            .tmpdir = r->small ? small_tmpdir() : NULL};
	int err;

	/* libxlsxwriter writes the temporary by name (so a report goes to a
	 * regular file only); mkstemp made it private, and libxlsxwriter
	 * reopening it keeps that until the commit gives the target's mode. */
	if ((err = sdt_output_begin(out, path, SDT_OUTPUT_BY_NAME)) != SDT_OK)
		return r->err = err;
	/* Constant-memory mode: each row goes to a temporary file once the
	 * next is started, so a workbook of thousands of teams takes little
	 * memory. sdt_rep_row() keeps every sheet's writes in row order. */
	if (!(r->wb = workbook_new_opt(sdt_output_temp(*out), &opt)))
		return r->err = sdt_fail_nomem();
	if (make_formats(r))
		return r->err;
	make_texts(r, min_group, date);
	return SDT_OK;
}

/* In constant-memory mode libxlsxwriter 1.1 frees a sheet's row file
 * only when the sheet has a cell (lxw_workbook_free() never does), and
 * workbook_close() adds an empty sheet to a workbook without one: so that
 * a workbook abandoned part-way leaks no FILE, every sheet gets a cell
 * below its last row before the close. */
static void close_every_sheet(sdt_rep *r)
{
	lxw_worksheet *ws;
	size_t i, row;

	if (STAILQ_EMPTY(r->wb->worksheets))
		workbook_add_worksheet(r->wb, NULL);
	LXW_FOREACH_WORKSHEET(ws, r->wb) {
		for (i = 0; i < r->n_rows && r->rows[i].ws != ws; i++)
			;
		row = i < r->n_rows ? r->rows[i].row + 1 : 0;
		worksheet_write_number(ws, (lxw_row_t)row, 0, 0, NULL);
	}
}

int sdt_rep_close(sdt_rep *r, sdt_output **out, const char *path)
{
	lxw_error e;
	int err = r->err;

	if (err) {
		/* Closing frees everything, and the temporary is removed below. */
		if (r->wb) {
			close_every_sheet(r);
			workbook_close(r->wb);
		}
	} else if (r->wb) {
		e = workbook_close(r->wb);
		if (e != LXW_NO_ERROR)
			err = sdt_fail(e == LXW_ERROR_MEMORY_MALLOC_FAILED ? SDT_ENOMEM : SDT_EIO,
			               "%s: cannot write the workbook: %s", path, lxw_strerror(e));
	}
	r->wb = NULL;
	if (err)
		sdt_output_abort(*out);
	else
		err = sdt_output_commit(*out);
	*out = NULL;
	return err;
}

/* Excel's limits: 1 048 576 rows and 16 384 columns a sheet, 32 767
 * characters a cell. Sheet names (31 characters, unique, none of
 * []:*?/\\) are made to fit by sdt_rep_sheet_named(). */
#define XLSX_MAX_ROWS 1048576u
#define XLSX_MAX_COLS 16384u
#define XLSX_MAX_CELL 32767u

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The longest sheets have a row per rendered group and scale (and
 * composite); the Comments sheet a row per comment shown. */
static int check_rows(const sdt_report_input *in, const unsigned char *mask, const char *path)
{
	const sdt_groups *g = in->groups;
	const struct sdt_comment_plan *cp = in->comments;
	size_t i, n = 0, per = g->n_scales + g->n_composites, rows = 0;

	for (i = 0; i < g->n_groups; i++)
		n += mask[i] != 0;
	if (n > (XLSX_MAX_ROWS - 64) / (per ? per : 1)) {
		sdt_fail(SDT_ELIMIT, "%s: %zu groups x %zu scales need more rows than an Excel sheet "
		         "holds (%u): write one workbook per department or team instead", path, n,
		         per, XLSX_MAX_ROWS);
		/* after sdt_fail, which clears the kind: the CLI names its option */
		sdt_error_set_kind("excel_rows", "");
		return SDT_ELIMIT;
	}
	for (i = 0; cp && i < cp->n_lists; i++)
		if (cp->lists[i].group < g->n_groups && mask[cp->lists[i].group])
			rows += cp->lists[i].n + 3;
	if (rows > XLSX_MAX_ROWS - 64) {
		sdt_fail(SDT_ELIMIT, "%s: %zu rows of comments are more than an Excel sheet holds "
		         "(%u): write one workbook per department or team instead", path, rows,
		         XLSX_MAX_ROWS);
		sdt_error_set_kind("excel_rows", "");
		return SDT_ELIMIT;
	}
	return SDT_OK;
}

/* Columns: a Breakdown sheet has two a value after four, the Items sheet
 * one an item after two. Cells: a breakdown value heads its columns, a
 * comment fills a cell. */
static int check_cells(const sdt_report_input *in, const unsigned char *mask, const char *path)
{
	const struct sdt_comment_plan *cp = in->comments;
	const sdt_breakdown *b;
	size_t k, v, i, n;

	if (sdt_instrument_item_count(in->ins) + 2 > XLSX_MAX_COLS)
		return sdt_fail(SDT_ELIMIT, "%s: %zu items need more columns than an Excel sheet "
		                "holds (%u)", path, sdt_instrument_item_count(in->ins), XLSX_MAX_COLS);
	for (k = 0; k < in->n_breakdowns; k++) {
		b = in->breakdowns[k];
		if (4 + 2 * b->n_values > XLSX_MAX_COLS)
			return sdt_fail(SDT_ELIMIT, "%s: the breakdown by '%s' has %zu values, more "
			                "columns than an Excel sheet holds (%u): break down by an "
			                "attribute with fewer values", path, b->attribute, b->n_values,
			                XLSX_MAX_COLS);
		for (v = 0; v < b->n_values; v++)
			if ((n = utf8_chars(b->values[v])) > XLSX_MAX_CELL)
				return sdt_fail(SDT_ELIMIT, "%s: a value of '%s' is %zu characters long, "
				                "more than an Excel cell holds (%u): shorten it in the data",
				                path, b->attribute, n, XLSX_MAX_CELL);
	}
	for (i = 0; cp && i < cp->n_lists; i++) {
		if (cp->lists[i].group >= in->groups->n_groups || !mask[cp->lists[i].group])
			continue;
		for (v = 0; v < cp->lists[i].n; v++)
			if ((n = utf8_chars(cp->lists[i].texts[v])) > XLSX_MAX_CELL)
				return sdt_fail(SDT_ELIMIT, "%s: a comment shown for %s is %zu characters long, "
				                "more than an Excel cell holds (%u): shorten it in the data",
				                path, in->groups->groups[cp->lists[i].group].path, n,
				                XLSX_MAX_CELL);
	}
	return SDT_OK;
}

int sdt_rep_check_limits(const sdt_report_input *in, const unsigned char *mask,
                         const char *path)
{
	int err = check_rows(in, mask, path);

	return err ? err : check_cells(in, mask, path);
}

/* A workbook of at most this many groups (a supervisor's) is built in
 * memory: constant-memory mode's row file a sheet, and the freeing of its
 * 16 384-column row array, cost more than the few rows it would save. */
#define SMALL_GROUPS 64

int sdt_report_write(const sdt_report_input *in, const unsigned char *select,
                     const char *path)
{
	return sdt_report_write_for(in, select, -1, path);
}

int sdt_report_write_for(const sdt_report_input *in, const unsigned char *select,
                         long focus, const char *path)
{
	sdt_rep r;
	unsigned char *mask = NULL;
	sdt_output *out = NULL;
	size_t n, i, k;
	int err;

	memset(&r, 0, sizeof r);
	if ((err = check_input(in, path)) != SDT_OK)
		goto done;
	n = in->groups->n_groups;
	if (!(mask = sdt_malloc(n))) {
		err = sdt_fail_nomem();
		goto done;
	}
	/* The organisation is always part of a workbook: it is the frame every
	 * other figure is read against. */
	if (select)
		memcpy(mask, select, n);
	else
		memset(mask, 1, n);
	mask[0] = 1;
	if ((err = sdt_rep_check_limits(in, mask, path)) != SDT_OK)
		goto done;
	r.in = in;
	r.select = mask;
	for (k = 0, i = 0; i < n; i++)
		k += mask[i] != 0;
	r.small = k <= SMALL_GROUPS;
	r.focus = focus >= 0 && (size_t)focus < n ? focus : -1;
	r.lang = in->lang ? in->lang : "en";
	r.alpha = in->alpha > 0 && in->alpha < 1 ? in->alpha : 0.05;
	if (sdt_rep_open(&r, &out, path, in->groups->min_group, in->date) == SDT_OK)
		render(&r);
	err = sdt_rep_close(&r, &out, path);
done:
	sdt_free(mask);
	return err;
}
