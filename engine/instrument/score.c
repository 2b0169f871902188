/*
 * score.c - reverse keying, scale scores and composites for one response.
 */
#include <math.h>

#include "instrument_impl.h"
#include "internal.h"

int sdt_scores_new(sdt_scores **out, const sdt_instrument *ins)
{
	sdt_scores *s;
	size_t ni = sdt_instrument_item_count(ins);
	size_t ns = sdt_instrument_scale_count(ins);
	size_t nc = sdt_instrument_composite_count(ins);

	*out = NULL;
	s = sdt_calloc(1, sizeof *s);
	if (!s)
		return sdt_fail_nomem();
	s->n_items = ni;
	s->n_scales = ns;
	s->n_composites = nc;
	s->keyed = sdt_calloc(ni, sizeof *s->keyed);
	s->scale = sdt_calloc(ns, sizeof *s->scale);
	s->answered = sdt_calloc(ns, sizeof *s->answered);
	s->composite = sdt_calloc(nc, sizeof *s->composite);
	if (!s->keyed || !s->scale || !s->answered || !s->composite) {
		sdt_scores_free(s);
		return sdt_fail_nomem();
	}
	*out = s;
	return SDT_OK;
}

void sdt_scores_free(sdt_scores *s)
{
	if (!s)
		return;
	sdt_free(s->keyed);
	sdt_free(s->scale);
	sdt_free(s->answered);
	sdt_free(s->composite);
	sdt_free(s);
}

/* An item's range as sdt_instrument_item_min/max give it. */
static inline int item_lo(const ins_item *it)
{
	return it->rs ? it->rs->min : 0;
}

static inline int item_hi(const ins_item *it)
{
	return it->rs ? it->rs->max : 0;
}

/* The struct is read directly (this file is of the instrument's layer):
 * scoring runs once a response, and the accessors' calls were a tenth of
 * a run's instructions. */
static void score_keyed(sdt_scores *s, const sdt_instrument *ins,
                        const sdt_response *r)
{
	const ins_item *it = ins->items;
	size_t i;
	int v;

	/* each item is reversed within its own response scale */
	for (i = 0; i < s->n_items; i++) {
		v = r->values[i];
		if (v == SDT_MISSING)
			s->keyed[i] = NAN;
		else if (it[i].reverse)
			s->keyed[i] = (double)(item_lo(&it[i]) + item_hi(&it[i]) - v);
		else
			s->keyed[i] = (double)v;
	}
}

static void score_scales(sdt_scores *s, const sdt_instrument *ins)
{
	const ins_scale *sc = ins->scales;
	size_t j, k, answered;
	double sum, x;

	s->n_scored = 0;
	for (j = 0; j < s->n_scales; j++) {
		sum = 0.0;
		answered = 0;
		for (k = 0; k < sc[j].n_items; k++) {
			x = s->keyed[sc[j].items[k]];
			if (!isnan(x)) {
				sum += x;
				answered++;
			}
		}
		s->answered[j] = answered;
		if (answered > 0 && answered >= sc[j].min_answered) {
			s->scale[j] = sum / (double)answered;
			s->n_scored++;
		} else {
			s->scale[j] = NAN;
		}
	}
}

/* A composite needs every one of its scales: a weighted mean over a subset
 * would silently change what the composite means from person to person. */
static void score_composites(sdt_scores *s, const sdt_instrument *ins)
{
	size_t c, j, nj;
	double sum, wsum, w, x;

	for (c = 0; c < s->n_composites; c++) {
		nj = sdt_instrument_composite_scale_count(ins, c);
		sum = 0.0;
		wsum = 0.0;
		for (j = 0; j < nj; j++) {
			x = s->scale[sdt_instrument_composite_scale(ins, c, j)];
			w = sdt_instrument_composite_weight(ins, c, j);
			if (isnan(x))
				break;
			sum += w * x;
			wsum += w;
		}
		s->composite[c] = (j == nj && wsum > 0.0) ? sum / wsum : NAN;
	}
}

void sdt_score_response(sdt_scores *s, const sdt_instrument *ins,
                        const sdt_response *r)
{
	score_keyed(s, ins, r);
	score_scales(s, ins);
	score_composites(s, ins);
}
