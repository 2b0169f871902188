/*
 * agreement.c - within-team agreement (rwg(j), awg) and the intraclass
 * correlations ICC(1), ICC(2), from moments only.
 *
 * Definitions: ../shared/reference/README.md (R multilevel 2.7, psych).
 */
#include <math.h>

#include "internal.h"
#include "psychometrics.h"

double sdt_rwg_j(const sdt_mom *items, size_t j, double a_points)
{
	double sigma2 = (a_points * a_points - 1.0) / 12.0, s2 = 0.0, ratio, jj;
	size_t i;

	if (j == 0 || items[0].n < 2.0 || !(sigma2 > 0.0))
		return NAN;
	for (i = 0; i < j; i++)
		s2 += sdt_mom_var(&items[i]);
	s2 /= (double)j;
	/* More disagreement than the uniform null distribution: capped, as
	 * multilevel::rwg.j does, so rwg(j) is 0 rather than negative. */
	if (s2 > sigma2)
		s2 = sigma2;
	ratio = s2 / sigma2;
	jj = (double)j;
	return jj * (1.0 - ratio) / (jj * (1.0 - ratio) + ratio);
}

/* Means are Welford updates of integer answers and may differ from R's
 * mean() in the last bits; comparisons against the scale ends and the
 * awg bounds allow for that. */
#define AWG_EPS 1e-12

/* One item's awg value, or NAN. */
static double awg_item(const sdt_mom *it, double lo, double hi)
{
	double m = it->n, mean = it->mean, s2 = sdt_mom_var(it), eps, a, den;

	eps = AWG_EPS * (fabs(hi) + fabs(lo));
	/* (H + L)M - M^2 - HL factored: near large answers (10^6) the expanded
	 * form cancels away five digits, the product keeps them */
	den = (mean - lo) * (hi - mean) * m / (m - 1.0);
	a = 1.0 - 2.0 * s2 / den;
	/* The README's order: out-of-range means are undefined first, then a
	 * mean at either end of the scale is perfect agreement. */
	if (mean < (lo * (m - 1.0) + hi) / m - eps
	    || mean > (hi * (m - 1.0) + lo) / m + eps)
		a = NAN;
	if (fabs(mean - hi) <= eps || fabs(mean - lo) <= eps)
		a = 1.0;
	return isfinite(a) ? a : NAN;
}

double sdt_awg(const sdt_mom *items, size_t j, double lo, double hi)
{
	double sum = 0.0, a;
	size_t i, used = 0;

	if (j == 0 || items[0].n < 2.0)
		return NAN;
	for (i = 0; i < j; i++) {
		a = awg_item(&items[i], lo, hi);
		if (!isnan(a)) {
			sum += a;
			used++;
		}
	}
	return used ? sum / (double)used : NAN;
}

/* Burke & Dunlap's AD_M(J), mean-based, as R multilevel's ad.m(type =
 * "mean"): per item the mean absolute deviation of the complete rows'
 * answers from their mean, averaged over the items. */
double sdt_ad_m(const double *counts, size_t k, size_t points)
{
	double sum = 0.0, n, mean, dev;
	size_t i, v;

	if (k == 0 || points == 0)
		return NAN;
	for (i = 0; i < k; i++, counts += points) {
		n = mean = dev = 0.0;
		for (v = 0; v < points; v++) {
			n += counts[v];
			mean += counts[v] * (double)v;
		}
		/* one complete row agrees with itself: no measure of agreement */
		if (n < 2.0)
			return NAN;
		/* relative to lo: the deviations do not depend on the origin,
		 * and small whole numbers keep answers near 10^6 exact */
		mean /= n;
		for (v = 0; v < points; v++)
			dev += counts[v] * fabs((double)v - mean);
		sum += dev / n;
	}
	return sum / (double)k;
}

void sdt_icc(const sdt_mom *groups, size_t g, double *icc1, double *icc2)
{
	sdt_mom all = {0.0, 0.0, 0.0};
	double ssw = 0.0, ssb = 0.0, ng = 0.0, msb, msw, d;
	size_t i;

	*icc1 = *icc2 = NAN;
	for (i = 0; i < g; i++) {
		if (groups[i].n <= 0.0)
			continue;
		sdt_mom_merge(&all, &groups[i]);
		ssw += groups[i].m2;
		ng += 1.0;
	}
	/* Need two groups and some within-group degrees of freedom. */
	if (ng < 2.0 || !(all.n > ng))
		return;
	for (i = 0; i < g; i++) {
		if (groups[i].n <= 0.0)
			continue;
		d = groups[i].mean - all.mean;
		ssb += groups[i].n * d * d;
	}
	msb = ssb / (ng - 1.0);
	msw = ssw / (all.n - ng);
	if (!(msb > 0.0))
		return;
	*icc1 = (msb - msw) / (msb + (all.n / ng - 1.0) * msw);
	*icc2 = (msb - msw) / msb;
}
