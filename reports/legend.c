/*
 * legend.c - what several sheets share below and beside their tables:
 * the legend's lines with the report's own figures filled in, and the
 * widths of the group-path and scale-label columns.
 */
#include <stdio.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

size_t sdt_rep_legend_line(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t last_col,
                           sdt_msg id, const char *arg, double line_chars)
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
	sdt_rep_note(r, ws, row, 0, last_col, na ? buf : sdt_rep_t(r, id), r->f.note,
	             line_chars);
	return row + 1;
}

size_t sdt_rep_legend(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t last_col,
                      const sdt_msg *lines, size_t n, const char *arg, double line_chars)
{
	size_t k;

	sdt_rep_msg(r, ws, row++, 0, M_LEGEND, r->f.bold);
	for (k = 0; k < n; k++)
		row = sdt_rep_legend_line(r, ws, row, last_col, lines[k], arg, line_chars);
	return row;
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
