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

/* r of scales u and v with its Fisher-z interval over n rows, from the
 * co-moments c[S * S]. */
static sdt_corr corr(const double *c, size_t S, size_t u, size_t v, size_t n)
{
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

typedef struct need_ctx {
	sdt_need_links *l;
	const sdt_accum *a;
} need_ctx;

/* One group's correlations, for every link. */
static int add_group(void *vctx, const char *path, size_t len, const double *m)
{
	need_ctx *c = vctx;
	sdt_need_links *l = c->l;
	sdt_need_group *g = &l->groups[l->n_groups];
	const double *cm = m + 1 + c->a->n_scales;
	size_t i, S = c->a->n_scales, n = (size_t)m[0];
	const sdt_need_link *k;

	g->n = n;
	g->team = sdt_strndup(path, len);
	g->satisfaction_frustration = sdt_calloc(2 * l->n_links + 1, sizeof *g->satisfaction_frustration);
	if (!g->team || !g->satisfaction_frustration) {
		sdt_free(g->team);
		sdt_free(g->satisfaction_frustration);
		return sdt_fail_nomem();
	}
	g->support_satisfaction = g->satisfaction_frustration + l->n_links;
	l->n_groups++;
	for (i = 0; i < l->n_links; i++) {
		k = &l->links[i];
		g->satisfaction_frustration[i] = corr(cm, S, k->satisfaction, k->frustration, n);
		g->support_satisfaction[i] = corr(cm, S, k->support, k->satisfaction, n);
	}
	return SDT_OK;
}

/* The teams and departments large enough, and with enough outside them. */
static int need_groups(sdt_need_links *l, const sdt_accum *a, size_t min_n)
{
	size_t c = sdt_accum_group_bound(a);
	need_ctx ctx = {l, a};

	if (!c || !l->n_links)
		return SDT_OK;
	if (!(l->groups = sdt_calloc(c, sizeof *l->groups)))
		return sdt_fail_nomem();
	return sdt_accum_each_group(a, min_n, add_group, &ctx);
}

int sdt_need_links_compute(sdt_need_links **out, const sdt_accum *a, size_t min_n)
{
	static const sdt_need needs[] = {SDT_NEED_AUTONOMY, SDT_NEED_COMPETENCE,
	                                 SDT_NEED_RELATEDNESS};
	sdt_need_links *l = sdt_calloc(1, sizeof *l);
	sdt_need_link *k;
	size_t i, n;
	int rc;

	*out = NULL;
	if (!l || !(l->links = sdt_calloc(3, sizeof *l->links))) {
		sdt_free(l);
		return sdt_fail_nomem();
	}
	if ((rc = sdt_accum_settle(a)) != SDT_OK) {
		sdt_need_links_free(l);
		return rc;
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
		k->satisfaction_frustration = corr(a->sc + 1 + a->n_scales, a->n_scales,
		                                   k->satisfaction, k->frustration, n);
		k->support_satisfaction = corr(a->sc + 1 + a->n_scales, a->n_scales, k->support,
		                               k->satisfaction, n);
		k->bipolar = k->satisfaction_frustration.r <= SDT_NEEDS_BIPOLAR_R;
		l->n_links++;
	}
	if (n && (rc = need_groups(l, a, min_n ? min_n : 30)) != SDT_OK) {
		sdt_need_links_free(l);
		return rc;
	}
	*out = l;
	return SDT_OK;
}

void sdt_need_links_free(sdt_need_links *l)
{
	size_t g;

	if (!l)
		return;
	for (g = 0; g < l->n_groups; g++) {
		sdt_free(l->groups[g].team);
		sdt_free(l->groups[g].satisfaction_frustration);
	}
	sdt_free(l->groups);
	sdt_free(l->links);
	sdt_free(l);
}
