/*
 * sheet_quality.c - what happened to the responses: read, scored, left out
 * and why, without a team, careless-response flags, and hidden groups.
 */
#include <stdio.h>
#include <math.h>
#include <string.h>

#include "sheet.h"

/* A label with a count; `given` 0 writes "not counted" instead. */
static void line(sdt_rep *r, lxw_worksheet *ws, size_t row, const char *label,
                 size_t n, int given, int indent)
{
	sdt_rep_text(r, ws, row, indent ? 1 : 0, label, NULL);
	if (given)
		sdt_rep_count(r, ws, row, 2, n);
	else
		sdt_rep_msg(r, ws, row, 2, M_DQ_NOT_GIVEN, r->f.hidden);
}

/* The engine names why responses were left out in English; the kinds it
 * uses are shown in the report's language. */
static const char *reason_text(const sdt_rep *r, const char *reason)
{
	if (!reason)
		return "";
	if (!strcmp(reason, "duplicate id"))
		return sdt_rep_t(r, M_DQ_REASON_DUP);
	if (!strcmp(reason, "other reasons"))
		return sdt_rep_t(r, M_DQ_REASON_OTHER);
	if (!strcmp(reason, "careless responding, longstring"))
		return sdt_rep_t(r, M_DQ_REASON_LONG);
	if (!strcmp(reason, "careless responding, irv"))
		return sdt_rep_t(r, M_DQ_REASON_IRV);
	if (!strcmp(reason, "careless responding, evenodd"))
		return sdt_rep_t(r, M_DQ_REASON_EVENODD);
	if (!strcmp(reason, "careless responding, mahalanobis"))
		return sdt_rep_t(r, M_DQ_REASON_MAHAD);
	if (!strcmp(reason, "careless responding, speeders"))
		return sdt_rep_t(r, M_DQ_REASON_SPEED);
	return reason;
}

static size_t responses(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_run_counts *c = r->in->counts;
	const sdt_report_quality *q = r->in->quality;
	int g = c != NULL;
	size_t k;

	sdt_rep_msg(r, ws, row++, 0, M_DQ_RESPONSES, r->f.bold);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_READ), g ? c->read : 0, g, 0);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_ACCEPTED), g ? c->accepted : 0, g, 0);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_SCORED), g ? c->scored : 0, g, 0);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_NOT_SCORED),
	     g && c->accepted > c->scored ? c->accepted - c->scored : 0, g, 0);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_LEFT_OUT), g ? c->left_out : 0, g, 0);
	/* Reasons come from the engine in English; they are data, shown as given. */
	for (k = 0; q && k < q->n_reasons; k++)
		line(r, ws, row++, reason_text(r, q->reasons[k].reason),
		     q->reasons[k].count, 1, 1);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_INVALID), g ? c->invalid_values : 0, g, 0);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_UNKNOWN), g ? c->unknown_items : 0, g, 0);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_NO_TEAM), r->in->groups->n_no_team, 1, 0);
	return row + 1;
}

static size_t careless(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_quality *q = r->in->quality ? r->in->quality->careless : NULL;
	const sdt_run_counts *c = r->in->counts;
	char n[32], buf[512];
	const char *args[1] = {n};

	sdt_rep_msg(r, ws, row++, 0, M_DQ_CARELESS, r->f.bold);
	snprintf(n, sizeof n, "%zu", q ? q->long_string_min : 0);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_DQ_LONG, args, 1);
	line(r, ws, row++, buf, q ? q->long_string : 0, q != NULL, 0);
	snprintf(n, sizeof n, "%zu", q ? q->min_answers : 0);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_DQ_ZERO, args, 1);
	line(r, ws, row++, buf, q ? q->zero_variance : 0, q != NULL, 0);
	/* two decimals, as the Scores sheet shows answers' spread */
	sdt_rep_number_text(r, n, sizeof n, q ? round(q->irv_max * 100.0) / 100.0 : 0.0);
	sdt_i18n_format(buf, sizeof buf, r->lang, M_DQ_IRV, args, 1);
	line(r, ws, row++, buf, q ? q->irv : 0, q != NULL, 0);
	/* responses the speeder rule could not judge: said, not passed over */
	if (c && c->duration_missing + c->duration_bad)
		line(r, ws, row++, sdt_rep_t(r, M_DQ_NO_DURATION),
		     c->duration_missing + c->duration_bad, 1, 0);
	sdt_rep_note(r, ws, row++, 0, 2,
	             sdt_rep_t(r, r->in->counts && r->in->counts->careless
	                          ? M_DQ_CARELESS_NOTE_EXCL : M_DQ_CARELESS_NOTE),
	             r->f.note, 90);
	return row + 1;
}

/* 1 when any scale, share or item of g is hidden. */
static int partly_hidden(const sdt_groups *gs, const sdt_group *g)
{
	size_t j;

	for (j = 0; j < gs->n_scales; j++)
		if (g->scales[j].hidden || g->scales[j].favourable_hidden)
			return 1;
	for (j = 0; j < gs->n_items; j++)
		if (g->items[j].hidden)
			return 1;
	return 0;
}

/* For HR: each group of this workbook with hidden figures, and why. */
static void why_list(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_groups *gs = r->in->groups;
	const sdt_group *g;
	char n[32], few[128], text[1200];
	const char *args[1] = {n};
	size_t i;
	int any = 0;

	snprintf(n, sizeof n, "%zu", gs->min_group);
	sdt_i18n_format(few, sizeof few, r->lang, M_DQ_WHY_FEW, args, 1);
	for (i = 0; i < gs->n_groups; i++) {
		g = &gs->groups[i];
		if (!sdt_rep_selected(r, i) || !partly_hidden(gs, g))
			continue;
		if (!any++)
			sdt_rep_msg(r, ws, row++, 0, M_DQ_WHY, r->f.bold);
		snprintf(text, sizeof text, "%s: %s", g->path,
		         !g->hidden ? sdt_rep_t(r, M_DQ_WHY_SOME)
		         : g->hidden_by_protection ? sdt_rep_t(r, M_HIDDEN_PROTECT_LONG) : few);
		sdt_rep_text(r, ws, row++, 1, text, r->f.indent);
	}
}

/* Counted over the groups in this workbook only, so a split workbook says
 * nothing about groups it does not show. */
static void groups(sdt_rep *r, lxw_worksheet *ws, size_t row)
{
	const sdt_groups *gs = r->in->groups;
	size_t i, shown = 0, hidden = 0, prot = 0;

	for (i = 0; i < gs->n_groups; i++) {
		if (!sdt_rep_selected(r, i))
			continue;
		shown++;
		hidden += gs->groups[i].hidden != 0;
		prot += gs->groups[i].hidden_by_protection != 0;
	}
	sdt_rep_msg(r, ws, row++, 0, M_DQ_GROUPS, r->f.bold);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_GROUPS_SHOWN), shown, 1, 0);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_GROUPS_HIDDEN), hidden, 1, 1);
	line(r, ws, row++, sdt_rep_t(r, M_DQ_GROUPS_PROT), prot, 1, 1);
	why_list(r, ws, row + 1);
}

int sdt_sheet_quality(sdt_rep *r)
{
	lxw_worksheet *ws = sdt_rep_sheet(r, M_SHEET_QUALITY, 2, 2);
	size_t row = 3;

	if (!ws)
		return r->err;
	sdt_rep_width(r, ws, 0, 0, 4, NULL);
	sdt_rep_width(r, ws, 1, 1, 70, NULL);
	sdt_rep_width(r, ws, 2, 2, 12, NULL);
	sdt_rep_msg(r, ws, 0, 0, M_SHEET_QUALITY, r->f.title);
	sdt_rep_note(r, ws, 2, 0, 1, sdt_rep_t(r, M_DQ_ITEM), r->f.header, 70);
	sdt_rep_msg(r, ws, 2, 2, M_DQ_COUNT, r->f.header);
	row = responses(r, ws, row);
	row = careless(r, ws, row);
	groups(r, ws, row);
	return r->err;
}
