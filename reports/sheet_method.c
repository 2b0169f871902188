/*
 * sheet_method.c - what was measured, with what, when and how: the
 * instrument's identity and terms, the run, and one sentence per figure.
 */
#include <stdio.h>

#include "sheet.h"

/* The text column's width; each row as tall as its text takes there in
 * Excel (a command line's long paths take more lines than its length
 * suggests). */
#define TEXT_WIDTH 100.0

static void fit(sdt_rep *r, lxw_worksheet *ws, size_t row, const char *text)
{
	sdt_rep_row_lines(r, ws, row, sdt_rep_text_lines(text, sdt_rep_col_px(TEXT_WIDTH), 0));
}

static void fact(sdt_rep *r, lxw_worksheet *ws, size_t row, sdt_msg label,
                 const char *value)
{
	sdt_rep_msg(r, ws, row, 0, label, r->f.label);
	sdt_rep_text(r, ws, row, 1, value ? value : "–", r->f.wrap);
	if (value)
		fit(r, ws, row, value);
}

static size_t facts(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_instrument *ins = r->in->ins;
	char n[32], sw[64];

	snprintf(n, sizeof n, "%zu", r->in->groups->min_group);
	snprintf(sw, sizeof sw, "sdtscore %s", sdt_version());
	fact(r, ws, row++, M_INSTRUMENT, sdt_instrument_id(ins));
	fact(r, ws, row++, M_ME_VERSION, sdt_instrument_version(ins));
	fact(r, ws, row++, M_ME_TITLE, sdt_instrument_title(ins, r->lang));
	fact(r, ws, row++, M_ME_TERMS, sdt_instrument_terms(ins, r->lang));
	fact(r, ws, row++, M_ME_SOURCE, sdt_instrument_source(ins, r->lang));
	fact(r, ws, row++, M_WAVE, r->in->wave);
	fact(r, ws, row++, M_ME_THRESHOLD, n);
	fact(r, ws, row++, M_DATE, r->in->date);
	/* a supervisor's workbook carries no command line (paths, names of
	 * the HR system's files): only the HR workbook does */
	fact(r, ws, row++, M_ME_COMMAND, r->focus > 0 ? NULL : r->in->command_line);
	fact(r, ws, row++, M_ME_SOFTWARE, sw);
	return row + 1;
}

static int has_headcount(const sdt_rep *r)
{
	size_t i;

	for (i = 0; i < r->in->groups->n_groups; i++)
		if (r->in->groups->groups[i].headcount)
			return 1;
	return 0;
}

static size_t line(sdt_rep *r, lxw_worksheet *ws, size_t row, const char *text)
{
	sdt_rep_text(r, ws, row, 1, text, r->f.wrap);
	fit(r, ws, row, text);
	return row + 1;
}

static void how(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	static const sdt_msg plain[] = {
		M_ME_SCORE, M_ME_N, M_ME_CI, M_ME_GROUPS, M_ME_DIFF, M_ME_REL, M_ME_RWG,
		M_ME_ICC, M_ME_ACTIONS
	};
	char fav[16], n[32], buf[1024];
	const char *args[1];
	size_t k;

	snprintf(fav, sizeof fav, "%d", sdt_instrument_favourable_min(r->in->ins));
	snprintf(n, sizeof n, "%zu", r->in->groups->min_group);
	sdt_rep_msg(r, ws, row++, 0, M_ME_HOW, r->f.bold);
	for (k = 0; k < sizeof plain / sizeof plain[0]; k++) {
		sdt_rep_text(r, ws, row, 1, sdt_rep_t(r, plain[k]), r->f.wrap);
		fit(r, ws, row++, sdt_rep_t(r, plain[k]));
		if (plain[k] == M_ME_CI && has_headcount(r))
			row = line(r, ws, row, sdt_rep_t(r, M_ME_FPC));
		if (plain[k] == M_ME_CI) {
			args[0] = fav;
			sdt_i18n_format(buf, sizeof buf, r->lang, M_ME_FAV, args, 1);
			sdt_rep_text(r, ws, row, 1, buf, r->f.wrap);
			fit(r, ws, row++, buf);
		} else if (plain[k] == M_ME_GROUPS) {
			args[0] = n;
			sdt_i18n_format(buf, sizeof buf, r->lang, M_ME_SUPP, args, 1);
			sdt_rep_text(r, ws, row, 1, buf, r->f.wrap);
			fit(r, ws, row++, buf);
		}
	}
}

int sdt_sheet_method(sdt_rep *r)
{
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_METHOD, 1, 0);
	size_t row;

	if (!ws)
		return r->err;
	sdt_rep_width(r, ws, 0, 0, 34, NULL);
	sdt_rep_width(r, ws, 1, 1, TEXT_WIDTH, NULL);
	sdt_rep_msg(r, ws, 0, 0, M_SHEET_METHOD, r->f.title);
	row = facts(r, ws, 2);
	how(r, ws, row);
	return r->err;
}
