/*
 * reliability.c - the alpha family, Guttman's lambdas, omega and item
 * statistics of one scale, from its item covariance matrix C.
 *
 * Definitions: ../shared/reference/README.md (R psych 2.2.9). Every
 * function here is pure: a k x k row-major matrix in, numbers out, NAN for
 * "undefined" with the reason in SDT_REL_* flags.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "internal.h"
#include "psychometrics.h"

static double sum_all(const double *m, size_t k)
{
	double s = 0.0;
	size_t i;

	for (i = 0; i < k * k; i++)
		s += m[i];
	return s;
}

static double trace(const double *m, size_t k)
{
	double s = 0.0;
	size_t i;

	for (i = 0; i < k; i++)
		s += m[i * k + i];
	return s;
}

double sdt_alpha_cov(const double *c, size_t k)
{
	double tot, kk = (double)k;

	if (k < 2)
		return NAN;
	tot = sum_all(c, k);
	/* A total variance of zero (or less, from a non-PSD pairwise C)
	 * leaves alpha undefined. */
	if (!(tot > 0.0))
		return NAN;
	return kk / (kk - 1.0) * (1.0 - trace(c, k) / tot);
}

double sdt_lambda2(const double *c, size_t k)
{
	double tot, s2 = 0.0, kk = (double)k;
	size_t i, j;

	if (k < 2)
		return NAN;
	tot = sum_all(c, k);
	if (!(tot > 0.0))
		return NAN;
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (i != j)
				s2 += c[i * k + j] * c[i * k + j];
	return (tot - trace(c, k) + sqrt(kk / (kk - 1.0) * s2)) / tot;
}

/* Duhachek & Iacobucci (2004) as psych::alpha computes it:
 * Q = 2k^2/((k-1)^2 (1'C1)^3) [1'C1 (tr CC + (tr C)^2) - 2 tr C 1'CC1]. */
double sdt_alpha_se(const double *c, size_t k, double n_obs)
{
	double tot, tr, trcc = 0.0, scc = 0.0, row, col, q, kk = (double)k;
	size_t i, l;

	if (k < 2 || !(n_obs > 0.0))
		return NAN;
	tot = sum_all(c, k);
	if (!(tot > 0.0))
		return NAN;
	tr = trace(c, k);
	for (l = 0; l < k; l++) {
		row = col = 0.0;
		for (i = 0; i < k; i++) {
			trcc += c[l * k + i] * c[i * k + l];
			row += c[l * k + i];
			col += c[i * k + l];
		}
		/* 1'CC1 = sum_l (column sum l) (row sum l) */
		scc += col * row;
	}
	q = 2.0 * kk * kk / ((kk - 1.0) * (kk - 1.0) * tot * tot * tot)
	    * (tot * (trcc + tr * tr) - 2.0 * tr * scc);
	if (!(q >= 0.0))
		return NAN;
	return sqrt(q / n_obs);
}

/* The F quantile by bisection on GSL's CDF, which is reliable where its
 * inversion is not; NAN when the CDF itself fails. */
static double f_bisect(double p, double df1, double df2)
{
	double lo = 0.0, hi = 1.0, mid, q;
	int i;

	while ((q = gsl_cdf_fdist_P(hi, df1, df2)) < p && hi < 1e300)
		hi *= 2.0;
	if (!isfinite(q))
		return NAN;
	for (i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
		mid = 0.5 * (lo + hi);
		q = gsl_cdf_fdist_P(mid, df1, df2);
		if (!isfinite(q))
			return NAN;
		if (q < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* F quantile. GSL's inversion can fail to converge (seen at df 902, 4510
 * as well as 18 499 and 55 497); then try the beta quantile, bisection on
 * the CDF, and for very large df the normal approximation of log F (mean
 * 1/df2 - 1/df1, variance 2/df1 + 2/df2), whose error there is far below
 * what a confidence limit needs. */
static double f_quantile(double p, double df1, double df2)
{
	double x = gsl_cdf_fdist_Pinv(p, df1, df2);

	if (isfinite(x))
		return x;
	x = gsl_cdf_beta_Pinv(p, df1 / 2.0, df2 / 2.0);
	if (isfinite(x) && x > 0.0 && x < 1.0)
		return (df2 / df1) * x / (1.0 - x);
	x = f_bisect(p, df1, df2);
	if (isfinite(x))
		return x;
	if (df1 < 1000.0 || df2 < 1000.0)
		return NAN;
	return exp(1.0 / df2 - 1.0 / df1 +
	           gsl_cdf_ugaussian_Pinv(p) * sqrt(2.0 / df1 + 2.0 / df2));
}

int sdt_feldt_ci(double alpha, double n_obs, size_t k, double ci[2])
{
	double df1 = n_obs - 1.0, df2 = (n_obs - 1.0) * ((double)k - 1.0);
	double fhi, flo;

	ci[0] = ci[1] = NAN;
	if (isnan(alpha) || k < 2 || !(n_obs >= 2.0))
		return SDT_OK;
	fhi = f_quantile(0.975, df1, df2);
	flo = f_quantile(0.025, df1, df2);
	if (!isfinite(fhi) || !isfinite(flo))
		return sdt_fail(SDT_EINTERNAL, "F quantile failed for df %g, %g",
		                df1, df2);
	ci[0] = 1.0 - (1.0 - alpha) * fhi;
	ci[1] = 1.0 - (1.0 - alpha) * flo;
	return SDT_OK;
}

int sdt_cov2cor(const double *c, size_t k, double *r)
{
	size_t i, j;

	for (i = 0; i < k; i++) {
		if (!(c[i * k + i] > 0.0)) {
			for (j = 0; j < k * k; j++)
				r[j] = NAN;
			return 1;
		}
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			r[i * k + j] = i == j ? 1.0
			               : c[i * k + j] / sqrt(c[i * k + i] * c[j * k + j]);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double sdt_median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* C without row and column `drop`, into out ((k-1) x (k-1)). */
static void drop_item(const double *c, size_t k, size_t drop, double *out)
{
	size_t i, j, o = 0;

	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (i != drop && j != drop)
				out[o++] = c[i * k + j];
}

/* r_drop and alpha-if-deleted of every item; `sub` is (k-1)^2 scratch. */
static void item_figures(const double *c, size_t k, double *r_drop,
                         double *aid, double *sub)
{
	double tot = sum_all(c, k), row, rest, cii;
	size_t i, j;

	for (i = 0; i < k; i++) {
		row = 0.0;
		for (j = 0; j < k; j++)
			row += c[i * k + j];
		cii = c[i * k + i];
		/* The rest of the scale: everything but row and column i. */
		rest = tot - 2.0 * row + cii;
		r_drop[i] = cii > 0.0 && rest > 0.0 ? (row - cii) / sqrt(cii * rest) : NAN;
		drop_item(c, k, i, sub);
		aid[i] = k > 2 ? sdt_alpha_cov(sub, k - 1) : NAN;
	}
}

/* The figures that need R = cov2cor(C); `lower` is k(k-1)/2 scratch and
 * `smc` k. */
static int r_figures(const double *r, size_t k, sdt_reliability *out,
                     double *lower, double *smc)
{
	double tot = sum_all(r, k), kk = (double)k, ssmc = 0.0;
	size_t i, j, n = 0;
	int rc;

	out->alpha_std = kk / (kk - 1.0) * (1.0 - kk / tot);
	out->average_r = (tot - kk) / (kk * (kk - 1.0));
	for (i = 1; i < k; i++)
		for (j = 0; j < i; j++)
			lower[n++] = r[i * k + j];
	out->median_r = sdt_median(lower, n);
	if (k == 2)
		out->spearman_brown = 2.0 * r[1] / (1.0 + r[1]);
	rc = sdt_smc(r, k, smc, &out->flags);
	if (rc)
		return rc;
	if (!(out->flags & SDT_REL_SINGULAR)) {
		for (i = 0; i < k; i++)
			ssmc += smc[i];
		out->lambda6 = 1.0 - (kk - ssmc) / tot;
	}
	if (k >= 3 && !(out->flags & SDT_REL_SINGULAR))
		rc = sdt_omega_ml(r, k, &out->omega_total, NULL, NULL, &out->flags);
	return rc;
}

static void rel_init(sdt_reliability *out, size_t k, double *r_drop,
                     double *aid)
{
	size_t i;

	out->alpha = out->alpha_std = out->alpha_se = NAN;
	out->alpha_ci[0] = out->alpha_ci[1] = NAN;
	out->lambda2 = out->lambda6 = out->average_r = out->median_r = NAN;
	out->omega_total = out->spearman_brown = NAN;
	out->flags = 0;
	for (i = 0; i < k; i++)
		r_drop[i] = aid[i] = NAN;
}

/* Flags for entries of C that are undefined (too few rows). */
static unsigned c_defined(const double *c, size_t k)
{
	unsigned f = 0;
	size_t i, j;

	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (isnan(c[i * k + j]))
				f |= i == j ? SDT_REL_NO_DATA : SDT_REL_PAIR_SPARSE;
	return f;
}

int sdt_reliability_compute(const double *c, size_t k, double n_obs,
                            sdt_reliability *out, double *r_drop,
                            double *alpha_if_deleted)
{
	double *buf = NULL, *r, *sub, *lower, *smc;
	int rc = SDT_OK;

	rel_init(out, k, r_drop, alpha_if_deleted);
	if (k < 2) {
		out->flags |= SDT_REL_ONE_ITEM;
		return SDT_OK;
	}
	if (k == 2)
		out->flags |= SDT_REL_TWO_ITEMS;
	out->flags |= c_defined(c, k);
	if (out->flags & (SDT_REL_NO_DATA | SDT_REL_PAIR_SPARSE))
		return SDT_OK;
	buf = sdt_malloc((3 * k * k + 2 * k) * sizeof *buf);
	if (!buf)
		return sdt_fail_nomem();
	r = buf;
	sub = r + k * k;
	lower = sub + k * k;
	smc = lower + k * k;
	out->alpha = sdt_alpha_cov(c, k);
	if (isnan(out->alpha))
		out->flags |= SDT_REL_ZERO_TOTAL;
	else if (out->alpha < 0.0)
		out->flags |= SDT_REL_NEGATIVE;
	out->lambda2 = sdt_lambda2(c, k);
	out->alpha_se = sdt_alpha_se(c, k, n_obs);
	rc = sdt_feldt_ci(out->alpha, n_obs, k, out->alpha_ci);
	if (rc)
		goto done;
	item_figures(c, k, r_drop, alpha_if_deleted, sub);
	if (sdt_cov2cor(c, k, r)) {
		out->flags |= SDT_REL_ZERO_VAR;
		goto done;
	}
	rc = r_figures(r, k, out, lower, smc);
done:
	sdt_free(buf);
	return rc;
}
