/*
 * outcomes.c - the figures of an outcome item (an answer reported on its
 * own, such as eNPS 0-10) from the counts of its answers, and those of
 * sdt_stats: the organisation's and each shown team's.
 *
 * eNPS (Reichheld's Net Promoter Score asked of employees) is the share of
 * promoters (9-10) minus the share of detractors (0-6), in points. Its
 * 95 % interval is the Wald interval of a difference of two shares of one
 * multinomial sample: Var(p+ - p-) = (p+ + p- - (p+ - p-)^2) / n.
 */
#include <math.h>
#include <stdint.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_disclosure.h"

/* The normal quantile of a two-sided 95 % interval. */
#define Z95 1.959963984540054

static double clamp100(double x)
{
	return x < -100.0 ? -100.0 : x > 100.0 ? 100.0 : x;
}

static void enps_figures(sdt_outcome_stats *out, const double *counts, int lo, int hi,
                         double n)
{
	double pp = 0.0, pd = 0.0, d, se;
	int v;

	for (v = lo; v <= hi; v++) {
		if (v >= 9)
			pp += counts[v - lo];
		else if (v <= 6)
			pd += counts[v - lo];
	}
	pp /= n;
	pd /= n;
	d = pp - pd;
	se = sqrt(fmax(pp + pd - d * d, 0.0) / n);
	out->promoters = pp;
	out->detractors = pd;
	out->enps_score = 100.0 * d;
	out->enps_ci[0] = clamp100(100.0 * (d - Z95 * se));
	out->enps_ci[1] = clamp100(100.0 * (d + Z95 * se));
}

int sdt_outcome_from_counts(sdt_outcome_stats *out, const double *counts, int lo, int hi,
                            int fav_min, int is_enps)
{
	double n = 0.0, sum = 0.0, m2 = 0.0, fav = 0.0, d;
	int v;

	if (!out || !counts || hi < lo)
		return sdt_fail(SDT_EUSAGE, "sdt_outcome_from_counts: NULL argument or empty range");
	out->n = 0;
	out->mean = out->sd = out->favourable = NAN;
	out->promoters = out->detractors = out->enps_score = NAN;
	out->enps_ci[0] = out->enps_ci[1] = NAN;
	out->enps = is_enps && lo == 0 && hi == 10;
	out->hidden = 0;
	for (v = lo; v <= hi; v++) {
		n += counts[v - lo];
		sum += counts[v - lo] * (double)v;
		fav += v >= fav_min ? counts[v - lo] : 0.0;
	}
	if (n <= 0.0)
		return SDT_OK;
	out->n = (size_t)n;
	out->mean = sum / n;
	for (v = lo; v <= hi; v++) {
		d = (double)v - out->mean;
		m2 += counts[v - lo] * d * d;
	}
	out->sd = n >= 2.0 ? sqrt(m2 / (n - 1.0)) : NAN;
	out->favourable = fav / n;
	if (out->enps)
		enps_figures(out, counts, lo, hi, n);
	return SDT_OK;
}

/* Outcome o of team t (SIZE_MAX: the organisation) into *out. */
static void outcome_of(sdt_outcome_stats *out, const sdt_accum *a, size_t t, size_t o)
{
	size_t item = sdt_instrument_outcome_item(a->ins, o);

	sdt_outcome_from_counts(out, sdt_accum_outcome_counts(a, t, o),
	                        sdt_instrument_item_min(a->ins, item),
	                        sdt_instrument_item_max(a->ins, item),
	                        sdt_instrument_item_favourable_min(a->ins, item),
	                        sdt_instrument_item_is_enps(a->ins, item));
	out->id = sdt_instrument_item_id(a->ins, item);
}

static void hide(sdt_outcome_stats *x, int why)
{
	x->hidden = why;
	x->mean = x->sd = x->favourable = NAN;
	x->promoters = x->detractors = x->enps_score = NAN;
	x->enps_ci[0] = x->enps_ci[1] = NAN;
}

int sdt_stats_outcomes_org(sdt_stats *st, const sdt_accum *a)
{
	size_t o;

	st->n_outcomes = 0;
	if (!a->n_out)
		return SDT_OK;
	if (!(st->outcomes = sdt_calloc(a->n_out, sizeof *st->outcomes)))
		return sdt_fail_nomem();
	st->n_outcomes = a->n_out;
	for (o = 0; o < a->n_out; o++) {
		outcome_of(&st->outcomes[o], a, SIZE_MAX, o);
		/* as a scale's mean: an organisation of too few answers shows none */
		if (st->protected && st->outcomes[o].n > 0 && st->outcomes[o].n < st->min_group)
			hide(&st->outcomes[o], SDT_HIDDEN_MIN_GROUP);
	}
	return SDT_OK;
}

int sdt_stats_outcomes_team(sdt_team_stats *tm, const sdt_stats *st, const sdt_accum *a,
                            size_t t)
{
	size_t o;

	if (!a->n_out)
		return SDT_OK;
	if (!(tm->outcomes = sdt_calloc(a->n_out, sizeof *tm->outcomes)))
		return sdt_fail_nomem();
	for (o = 0; o < a->n_out; o++) {
		outcome_of(&tm->outcomes[o], a, t, o);
		if (st->outcomes[o].hidden)
			hide(&tm->outcomes[o], SDT_HIDDEN_PROTECTION);
	}
	return SDT_OK;
}
