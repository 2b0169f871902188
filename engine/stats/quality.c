/*
 * quality.c - careless-response flags.
 */
#include <math.h>

#include "internal.h"
#include "sdt_careless.h"
#include "sdt_quality.h"
#include "sdt_pipeline.h"

void sdt_quality_init(sdt_quality *q, const sdt_instrument *ins)
{
	size_t k = sdt_instrument_item_count(ins);

	q->responses = q->no_team = q->zero_variance = q->long_string = 0;
	q->long_string_min = k / 2 > 6 ? k / 2 : 6;
	q->min_answers = 4;
	q->irv = 0;
	q->ins = ins;
	q->irv_max = sqrt((double)((sdt_instrument_max(ins) - sdt_instrument_min(ins) + 1) *
	                           (sdt_instrument_max(ins) - sdt_instrument_min(ins) + 1) - 1) /
	                  12.0);
}

void sdt_quality_add(sdt_quality *q, const sdt_response *r, const sdt_scores *s)
{
	size_t i, answers = 0, n_items = sdt_instrument_item_count(q->ins);
	int first = SDT_MISSING, same = 1;
	sdt_careless c;

	q->responses++;
	if (!r->team)
		q->no_team++;
	for (i = 0; i < n_items; i++) {
		if (r->values[i] == SDT_MISSING)
			continue;
		answers++;
		if (first == SDT_MISSING)
			first = r->values[i];
		else if (r->values[i] != first)
			same = 0;
	}
	if (answers >= q->min_answers && same)
		q->zero_variance++;
	/* the run of identical answers and IRV as --exclude-careless sees them */
	sdt_careless_compute(&c, q->ins, r, s->keyed);
	q->long_string += c.longstring >= q->long_string_min;
	q->irv += (c.flags & SDT_CARELESS_IRV) != 0;
}

void sdt_quality_merge(sdt_quality *into, const sdt_quality *from)
{
	if (!into || !from)
		return;
	into->responses += from->responses;
	into->no_team += from->no_team;
	into->zero_variance += from->zero_variance;
	into->long_string += from->long_string;
	into->irv += from->irv;
}

/* ---- the pipeline's sink (sdt_pipeline.h) ---- */

static int qsink_clone(void **out, const void *like)
{
	sdt_quality *q = sdt_malloc(sizeof *q);

	*out = q;
	if (!q)
		return sdt_fail_nomem();
	sdt_quality_init(q, ((const sdt_quality *)like)->ins);
	return SDT_OK;
}

static int qsink_add(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	sdt_quality_add(ctx, r, s);
	return SDT_OK;
}

static int qsink_merge(void *into, void *from)
{
	sdt_quality_merge(into, from);
	return SDT_OK;
}

sdt_sink sdt_sink_quality(sdt_quality *q)
{
	static const sdt_sink_ops ops = {qsink_clone, qsink_add, qsink_merge, sdt_free};
	sdt_sink s = {&ops, q};

	return s;
}
