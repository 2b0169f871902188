/*
 * needs.c - correlations between each need's scales, from the co-moments
 * of the scale scores the accumulator gathers for the drivers.
 */
#include <math.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_needs.h"

/* qnorm(0.975), as R's cor.test uses for the interval */
#define Z975 1.959963984540054

/* r of scales u and v with its Fisher-z interval over n rows. */
static sdt_corr corr(const sdt_accum *a, size_t u, size_t v, size_t n)
{
	const double *c = a->sc + 1 + a->n_scales;
	size_t S = a->n_scales;
	sdt_corr x = {NAN, NAN, NAN};
	double z, se;

	if (u == SDT_NEEDS_NONE || v == SDT_NEEDS_NONE || n < 4)
		return x;
	x.r = c[u * S + v] / sqrt(c[u * S + u] * c[v * S + v]);
	if (!isfinite(x.r)) {
		x.r = NAN;
		return x;
	}
	if (x.r > 1.0 || x.r < -1.0)
		x.r = x.r > 0.0 ? 1.0 : -1.0;
	z = atanh(x.r);
	se = 1.0 / sqrt((double)n - 3.0);
	x.lo = tanh(z - Z975 * se);
	x.hi = tanh(z + Z975 * se);
	return x;
}

/* The first scale of need `need` with valence `val`, or SDT_NEEDS_NONE. */
static size_t find(const sdt_instrument *ins, sdt_need need, sdt_valence val)
{
	size_t s;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++)
		if (sdt_instrument_scale_need(ins, s) == need
		    && sdt_instrument_scale_valence(ins, s) == val)
			return s;
	return SDT_NEEDS_NONE;
}

int sdt_need_links_compute(sdt_need_links **out, const sdt_accum *a, size_t min_n)
{
	static const sdt_need needs[] = {SDT_NEED_AUTONOMY, SDT_NEED_COMPETENCE,
	                                 SDT_NEED_RELATEDNESS};
	sdt_need_links *l = sdt_calloc(1, sizeof *l);
	sdt_need_link *k;
	size_t i, n;

	*out = NULL;
	if (!l || !(l->links = sdt_calloc(3, sizeof *l->links))) {
		sdt_free(l);
		return sdt_fail_nomem();
	}
	l->n = (size_t)a->sc[0];
	/* Below min_n, correlations move with every answer: left unknown. */
	n = l->n >= (min_n ? min_n : 30) ? l->n : 0;
	for (i = 0; i < 3; i++) {
		k = &l->links[l->n_links];
		k->need = needs[i];
		k->satisfaction = find(a->ins, needs[i], SDT_VALENCE_SATISFACTION);
		k->frustration = find(a->ins, needs[i], SDT_VALENCE_FRUSTRATION);
		k->support = find(a->ins, needs[i], SDT_VALENCE_SUPPORT);
		if (k->satisfaction == SDT_NEEDS_NONE
		    || (k->frustration == SDT_NEEDS_NONE && k->support == SDT_NEEDS_NONE))
			continue;
		k->satisfaction_frustration = corr(a, k->satisfaction, k->frustration, n);
		k->support_satisfaction = corr(a, k->support, k->satisfaction, n);
		k->bipolar = k->satisfaction_frustration.r <= SDT_NEEDS_BIPOLAR_R;
		l->n_links++;
	}
	*out = l;
	return SDT_OK;
}

void sdt_need_links_free(sdt_need_links *l)
{
	if (!l)
		return;
	sdt_free(l->links);
	sdt_free(l);
}
