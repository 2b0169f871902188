/*
 * sheet_comments.c - the Comments sheet: each group's list of open
 * comments as sdt_comments_assign() placed them (in their random order),
 * with nothing about who wrote them. Every comment is written as a string
 * cell, so text that starts like a formula (=, +, -, @) stays text.
 */
#include <stdio.h>

#include "rep_engine.h"
#include "sheet.h"

/* Characters of a comment on one line of the 100-wide column. */
#define LINE_CHARS 110.0

/* The needs of one comment in words ("Autonomy, Relatedness"), or "". */
static void need_words(sdt_rep *r, char *buf, size_t size, unsigned needs)
{
	static const struct {
		unsigned bit;
		sdt_msg msg;
	} names[] = {{SDT_COMMENT_AUTONOMY, M_NEED_AUTONOMY},
	             {SDT_COMMENT_COMPETENCE, M_NEED_COMPETENCE},
	             {SDT_COMMENT_RELATEDNESS, M_NEED_RELATEDNESS}};
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0] && at < size; i++)
		if (needs & names[i].bit)
			at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? ", " : "",
			                       sdt_rep_t(r, names[i].msg));
}

/* List l with its group and count; with needs (the plan's tags of l),
 * each comment's needs in a third column. */
static size_t one_list(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_comment_list *l,
                       const unsigned *needs)
{
	char n[32], buf[128];
	const char *args[1] = {n};
	size_t k;

	snprintf(n, sizeof n, "%zu", l->n);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_CM_COUNT, args, 1);
	sdt_rep_text(r, ws, row, 0, r->in->groups->groups[l->group].path, r->f.header);
	sdt_rep_text(r, ws, row, 1, buf, r->f.header);
	if (needs)
		sdt_rep_msg(r, ws, row, 2, M_CM_NEED, r->f.header);
	row++;
	for (k = 0; k < l->n; k++, row++) {
		sdt_rep_merge(r, ws, row, 0, row, 1, l->texts[k], r->f.wrap);
		sdt_rep_row_lines(r, ws, row, sdt_rep_lines(l->texts[k], LINE_CHARS));
		if (needs && needs[k]) {
			need_words(r, buf, sizeof buf, needs[k]);
			sdt_rep_text(r, ws, row, 2, buf, r->f.wrap);
		}
	}
	return row + 1;
}

int sdt_sheet_comments(sdt_rep *r)
{
	const sdt_comment_plan *p = r->in->comments;
	lxw_worksheet *ws;
	char n[64], thr[32], buf[1024];
	const char *args[1] = {n};
	size_t row = 1, k;

	if (!p)
		return r->err;
	if (!(ws = sdt_rep_sheet(r, M_SHEET_COMMENTS, 0, 0)))
		return r->err;
	sdt_rep_width(r, ws, 0, 0, 90, NULL);
	sdt_rep_width(r, ws, 1, 1, 16, NULL);
	if (p->needs)
		sdt_rep_width(r, ws, 2, 2, 30, NULL);
	sdt_rep_msg(r, ws, 0, 0, M_CM_TITLE, r->f.title);
	snprintf(n, sizeof n, "%zu", p->min_comments);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_CM_INTRO, args, 1);
	sdt_rep_note(r, ws, row++, 0, 1, buf, r->f.note, 100);
	row++;
	for (k = 0; k < p->n_lists; k++)
		if (sdt_rep_selected(r, p->lists[k].group))
			row = one_list(r, ws, row, &p->lists[k], p->needs ? p->needs[k] : NULL);
	if (!p->n_lists)
		sdt_rep_msg(r, ws, row++, 0, M_CM_NONE, r->f.note);
	/* withheld: a count only from the threshold up */
	if (p->withheld_below) {
		snprintf(thr, sizeof thr, "%zu", p->min_comments);
		sdt_i18n_format(n, sizeof n, r->lang, M_HIDDEN, (const char *[]){thr}, 1);
	} else {
		snprintf(n, sizeof n, "%zu", p->n_withheld);
	}
	sdt_i18n_format(buf, sizeof buf, r->lang, M_CM_WITHHELD, args, 1);
	sdt_rep_text(r, ws, row, 0, buf, r->f.note);
	return r->err;
}
