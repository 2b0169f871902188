/*
 * sheet_outcomes.c - outcome items (e.g. eNPS 0-10) in the workbook: the
 * organisation's table on the Summary sheet. Their figures and hiding come
 * from sdt_groups_outcomes(); a hidden cell shows why, never a number.
 */
#include <math.h>

#include "rep_engine.h"
#include "sheet.h"

const sdt_outcome_stats *sdt_rep_outcome(const sdt_rep *r, size_t i, size_t o)
{
	return &r->in->outcomes[i * r->in->n_outcomes + o];
}

/* An outcome nobody in the organisation answered (a survey that did not
 * ask it) gets no row anywhere: an empty row would read as missing data. */
int sdt_rep_outcome_asked(const sdt_rep *r, size_t o)
{
	return r->in->outcomes && o < r->in->n_outcomes && sdt_rep_outcome(r, 0, o)->n > 0;
}

size_t sdt_rep_outcome_table(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_group *root = &r->in->groups->groups[0];
	const sdt_outcome_stats *x;
	size_t o, item, asked = 0;
	int h, any_enps = 0;

	for (o = 0; r->in->outcomes && o < r->in->n_outcomes; o++)
		asked += sdt_rep_outcome_asked(r, o) != 0;
	if (!asked)
		return row;
	sdt_rep_msg(r, ws, row, 0, M_OUTCOMES, r->f.header);
	sdt_rep_msg(r, ws, row, 1, M_MEAN, r->f.header_num);
	sdt_rep_msg(r, ws, row, 2, M_FAV, r->f.header_num);
	sdt_rep_msg(r, ws, row, 3, M_ENPS, r->f.header_num);
	sdt_rep_msg(r, ws, row, 4, M_CI_LO, r->f.header_num);
	sdt_rep_msg(r, ws, row, 5, M_CI_HI, r->f.header_num);
	sdt_rep_msg(r, ws, row, 6, M_N, r->f.header_num);
	sdt_rep_set_row(r, ws, row++, 32, NULL);
	for (o = 0; o < r->in->n_outcomes; o++, row++) {
		if (!sdt_rep_outcome_asked(r, o)) {
			row--;
			continue;
		}
		x = sdt_rep_outcome(r, 0, o);
		item = sdt_instrument_outcome_item(r->in->ins, o);
		h = sdt_rep_reason(root, x->hidden);
		sdt_rep_text(r, ws, row, 0, sdt_instrument_item_label(r->in->ins, item, r->lang),
		             r->f.bold);
		sdt_rep_figure(r, ws, row, 1, h, x->mean, r->f.num);
		sdt_rep_figure(r, ws, row, 2, h, x->favourable, r->f.pct);
		if (x->enps) {
			any_enps = 1;
			sdt_rep_figure(r, ws, row, 3, h, x->enps_score, r->f.num);
			sdt_rep_figure(r, ws, row, 4, h, x->enps_ci[0], r->f.num);
			sdt_rep_figure(r, ws, row, 5, h, x->enps_ci[1], r->f.num);
		}
		sdt_rep_count(r, ws, row, 6, x->n);
	}
	if (any_enps)
		sdt_rep_note(r, ws, row++, 0, 9, sdt_rep_t(r, M_ENPS_NOTE), r->f.note, 120);
	return row + 1;
}
