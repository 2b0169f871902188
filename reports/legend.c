/*
 * legend.c - what several sheets share below and beside their tables:
 * the legend's lines with the report's own figures filled in, and the
 * widths of the group-path and scale-label columns.
 */
#include <stdio.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

size_t sdt_rep_legend_line(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_rep_span *span,
                           sdt_msg id, const char *arg)
{
	char n[32], a[32], lo[16], hi[16], buf[2048];
	const char *args[2] = {NULL, NULL};
	size_t na = 0;

	snprintf(n, sizeof n, "%zu", r->in->groups->min_group);
	sdt_rep_number_text(r, a, sizeof a, r->alpha);
	snprintf(lo, sizeof lo, "%d", sdt_instrument_min(r->in->ins));
	snprintf(hi, sizeof hi, "%d", sdt_instrument_max(r->in->ins));
	switch (id) {
	case M_LEG_MEAN: /* the response range */
		args[0] = lo, args[1] = hi, na = 2;
		break;
	case M_LEG_SIG:
	case M_BD_SIG: /* the significance level */
		args[0] = a, na = 1;
		break;
	case M_LEG_HIDDEN: /* "fewer than N ... N" */
		args[0] = n, args[1] = n, na = 2;
		break;
	case M_BD_NONE_NOTE: /* the attribute */
		args[0] = arg, na = 1;
		break;
	default:
		break;
	}
	if (na)
		sdt_i18n_format(buf, sizeof buf, r->lang, id, args, na);
	sdt_rep_note(r, ws, row, span->first, span->last, na ? buf : sdt_rep_t(r, id), r->f.note,
	             span->line_chars);
	return row + 1;
}

size_t sdt_rep_legend(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_rep_span *span,
                      const sdt_msg *lines, size_t n, const char *arg)
{
	size_t k;

	sdt_rep_msg(r, ws, row++, span->first, M_LEGEND, r->f.bold);
	for (k = 0; k < n; k++)
		row = sdt_rep_legend_line(r, ws, row, span, lines[k], arg);
	return row;
}

/* Italic Calibri sets about 1.2 characters a width unit; 0.95 estimates
 * more lines than the text takes, so a row is never too short for it. */
#define NOTE_CHARS_PER_UNIT 0.95
#define DEFAULT_WIDTH 8.43

sdt_rep_span sdt_rep_note_span(const double *widths, size_t n, size_t repeat,
                               size_t first_end, size_t last)
{
	sdt_rep_span s = {0, last, 0.0};
	double units = 0.0;
	size_t c;

	if (n && first_end < n - 1) {
		s.first = repeat;
		s.last = last < first_end ? last : first_end;
	}
	for (c = s.first; c <= s.last; c++)
		units += c < n ? widths[c] : DEFAULT_WIDTH;
	s.line_chars = units * NOTE_CHARS_PER_UNIT;
	return s;
}

double sdt_rep_path_width(const sdt_rep *r)
{
	const sdt_groups *g = r->in->groups;
	size_t i, w = 20, len;

	for (i = 0; i < g->n_groups; i++) {
		/* a supervisor's workbook selects a few of thousands */
		if (!sdt_rep_selected(r, i))
			continue;
		len = strlen(g->groups[i].path);
		if (len + 2 > w)
			w = len + 2;
	}
	return w > 50 ? 50 : (double)w;
}

double sdt_rep_scale_label_width(const sdt_rep *r)
{
	const sdt_instrument *ins = r->in->ins;
	size_t j, w = 20, len;

	for (j = 0; j < sdt_instrument_scale_count(ins); j++) {
		len = strlen(sdt_instrument_scale_label(ins, j, r->lang));
		w = len + 2 > w ? len + 2 : w;
	}
	for (j = 0; j < sdt_instrument_composite_count(ins); j++) {
		len = strlen(sdt_instrument_composite_label(ins, j, r->lang));
		w = len + 2 > w ? len + 2 : w;
	}
	return w > 50 ? 50 : (double)w;
}
