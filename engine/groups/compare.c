/*
 * compare.c - Welch and paired t tests, effect sizes, Benjamini-Hochberg.
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "compare.h"

static void blank(sdt_test_result *r)
{
	r->diff = r->t = r->df = r->p = r->effect = NAN;
	r->ci[0] = r->ci[1] = NAN;
}

void sdt_welch(sdt_test_result *r, const sdt_mom *a, const sdt_mom *b)
{
	double v1, v2, s1, s2, se2, sp2, q;

	blank(r);
	if (a->n < 2 || b->n < 2)
		return;
	v1 = a->m2 / (a->n - 1);
	v2 = b->m2 / (b->n - 1);
	r->diff = a->mean - b->mean;
	s1 = v1 / a->n;
	s2 = v2 / b->n;
	se2 = s1 + s2;
	sp2 = (a->m2 + b->m2) / (a->n + b->n - 2);
	if (se2 <= 0 || sp2 <= 0)
		return;
	r->t = r->diff / sqrt(se2);
	r->df = se2 * se2 / (s1 * s1 / (a->n - 1) + s2 * s2 / (b->n - 1));
	r->p = 2.0 * gsl_cdf_tdist_Q(fabs(r->t), r->df);
	q = gsl_cdf_tdist_Pinv(0.975, r->df) * sqrt(se2);
	r->ci[0] = r->diff - q;
	r->ci[1] = r->diff + q;
	r->effect = (1.0 - 3.0 / (4.0 * (a->n + b->n) - 9.0)) * r->diff / sqrt(sp2);
}

void sdt_paired(sdt_test_result *r, const sdt_mom *d)
{
	double sd, se, q;

	blank(r);
	if (d->n < 2)
		return;
	r->diff = d->mean;
	sd = sqrt(d->m2 / (d->n - 1));
	if (sd <= 0)
		return;
	se = sd / sqrt(d->n);
	r->df = d->n - 1;
	r->t = d->mean / se;
	r->p = 2.0 * gsl_cdf_tdist_Q(fabs(r->t), r->df);
	q = gsl_cdf_tdist_Pinv(0.975, r->df) * se;
	r->ci[0] = r->diff - q;
	r->ci[1] = r->diff + q;
	r->effect = d->mean / sd;
}

typedef struct pidx {
	double p;
	size_t i;
} pidx;

static int pidx_cmp(const void *a, const void *b)
{
	double x = ((const pidx *)a)->p, y = ((const pidx *)b)->p;

	return x < y ? -1 : x > y;
}

int sdt_bh(const double *p, size_t n, double *adj)
{
	pidx *ps = sdt_calloc(n + 1, sizeof *ps);
	size_t i, m = 0;
	double run = 1.0, a;

	if (!ps)
		return sdt_fail_nomem();
	for (i = 0; i < n; i++) {
		adj[i] = NAN;
		if (isfinite(p[i]))
			ps[m++] = (pidx){p[i], i};
	}
	qsort(ps, m, sizeof *ps, pidx_cmp);
	for (i = m; i-- > 0;) {
		a = ps[i].p * (double)m / (double)(i + 1);
		run = a < run ? a : run;
		adj[ps[i].i] = run;
	}
	sdt_free(ps);
	return SDT_OK;
}
