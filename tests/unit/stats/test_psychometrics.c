/*
 * test_psychometrics.c - the pure math of engine/stats/psychometrics.h on tiny
 * matrices and groups. Every expected value is worked by hand in the
 * comment next to it (C is the item covariance matrix, row-major).
 */
#include <math.h>
#include <stdio.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "psychometrics.h"
#include "sdtscore.h"

#define TOL 1e-12

static void assert_close(double got, double want)
{
	if (!(fabs(got - want) <= TOL * fmax(1.0, fabs(want))))
		fail_msg("got %.17g, want %.17g", got, want);
}

static void test_alpha_lambda2(void **state)
{
	/* C = [2 1 0; 1 2 1; 0 1 2]: sum C = 6 + 4 = 10, tr C = 6,
	 * alpha = 3/2 (1 - 6/10) = 0.6;
	 * sum_{i!=j} C_ij^2 = 4 x 1^2 = 4, sqrt(3/2 x 4) = sqrt 6,
	 * lambda2 = (10 - 6 + sqrt 6) / 10 = 0.4 + sqrt(6)/10. */
	const double c[] = {2, 1, 0, 1, 2, 1, 0, 1, 2};

	(void)state;
	assert_close(sdt_alpha_cov(c, 3), 0.6);
	assert_close(sdt_lambda2(c, 3), 0.4 + sqrt(6.0) / 10.0);
}

static void test_alpha_se(void **state)
{
	/* C = [2 1; 1 2], N = 10: sum C = 6, tr C = 4, CC = [5 4; 4 5],
	 * tr CC = 10, sum CC = 18. Q = 2 k^2 / ((k-1)^2 (sum C)^3)
	 * [sum C (tr CC + tr C^2) - 2 tr C sum CC] = 8/216 [6 x 26 - 8 x 18]
	 * = 8/216 x 12 = 4/9; se = sqrt(Q / N) = sqrt(4/90). */
	const double c[] = {2, 1, 1, 2};

	(void)state;
	assert_close(sdt_alpha_se(c, 2, 10.0), sqrt(4.0 / 90.0));
}

static void test_median_r(void **state)
{
	/* R with the six entries below the diagonal 0.1 .. 0.6: their median
	 * is (0.3 + 0.4) / 2 = 0.35; average_r = mean = 2.1 / 6 = 0.35 too.
	 * As C = R, cov2cor gives R back. */
	const double r[] = {1, .1, .2, .4, .1, 1, .3, .5, .2, .3, 1, .6,
	                    .4, .5, .6, 1};
	double v[] = {0.5, 0.2, 0.3}, rd[4], aid[4];
	sdt_reliability rel;

	(void)state;
	assert_close(sdt_median(v, 3), 0.3); /* odd count: the middle one */
	assert_true(isnan(sdt_median(v, 0)));
	assert_int_equal(sdt_reliability_compute(r, 4, 100.0, &rel, rd, aid), SDT_OK);
	assert_close(rel.median_r, 0.35);
	assert_close(rel.average_r, 0.35);
}

static void test_two_items(void **state)
{
	/* C = [4 1; 1 1]: r = 1 / sqrt(4 x 1) = 0.5, Spearman-Brown
	 * 2r / (1 + r) = 1 / 1.5 = 2/3; alpha = 2 (1 - 5/7) = 4/7;
	 * alpha_std = 2 (1 - 2/3) = 2/3; no alpha if deleted, no omega;
	 * r_drop_1 = (5 - 4) / sqrt(4 x 1) = 0.5. */
	const double c[] = {4, 1, 1, 1};
	double rd[2], aid[2];
	sdt_reliability rel;

	(void)state;
	assert_int_equal(sdt_reliability_compute(c, 2, 50.0, &rel, rd, aid), SDT_OK);
	assert_close(rel.spearman_brown, 2.0 / 3.0);
	assert_close(rel.alpha, 4.0 / 7.0);
	assert_close(rel.alpha_std, 2.0 / 3.0);
	assert_close(rel.median_r, 0.5);
	assert_close(rd[0], 0.5);
	assert_true(isnan(aid[0]) && isnan(aid[1]));
	assert_true(isnan(rel.omega_total));
	assert_true(rel.flags & SDT_REL_TWO_ITEMS);
}

static void test_zero_variance(void **state)
{
	/* C = [1 .5 0; .5 1 0; 0 0 0]: item 3 never varies. sum C = 3,
	 * tr C = 2, alpha = 3/2 (1 - 2/3) = 0.5 stays defined; R does not
	 * exist, so alpha_std, lambda6, omega are NAN; r_drop_3 is NAN while
	 * r_drop_1 = (1.5 - 1) / sqrt(1 x (3 - 2 x 1.5 + 1)) = 0.5;
	 * alpha without item 3 = 2 (1 - 2/3) = 2/3;
	 * lambda2 = (3 - 2 + sqrt(3/2 x 2 x .25)) / 3 = (1 + sqrt .75) / 3. */
	const double c[] = {1, .5, 0, .5, 1, 0, 0, 0, 0};
	double rd[3], aid[3];
	sdt_reliability rel;

	(void)state;
	assert_int_equal(sdt_reliability_compute(c, 3, 20.0, &rel, rd, aid), SDT_OK);
	assert_true(rel.flags & SDT_REL_ZERO_VAR);
	assert_close(rel.alpha, 0.5);
	assert_close(rel.lambda2, (1.0 + sqrt(0.75)) / 3.0);
	assert_true(isnan(rel.alpha_std) && isnan(rel.lambda6));
	assert_true(isnan(rel.omega_total) && isnan(rel.median_r));
	assert_true(isnan(rd[2]));
	assert_close(rd[0], 0.5);
	assert_close(aid[2], 2.0 / 3.0);
}

static void test_negative_alpha(void **state)
{
	/* C = [1 -.4 -.4; -.4 1 -.4; -.4 -.4 1] (eigenvalues 0.2, 1.4, 1.4:
	 * positive definite): sum C = 3 - 2.4 = 0.6, tr C = 3,
	 * alpha = 3/2 (1 - 3/0.6) = -6; defined, with the flag. */
	const double c[] = {1, -.4, -.4, -.4, 1, -.4, -.4, -.4, 1};
	double rd[3], aid[3];
	sdt_reliability rel;

	(void)state;
	assert_int_equal(sdt_reliability_compute(c, 3, 20.0, &rel, rd, aid), SDT_OK);
	assert_close(rel.alpha, -6.0);
	assert_true(rel.flags & SDT_REL_NEGATIVE);
	assert_false(isnan(rel.alpha_ci[0]));
}

static void test_singular(void **state)
{
	/* Item 3 = item 1 + item 2: C = [1 0 1; 0 1 1; 1 1 2], R singular.
	 * alpha from C: sum C = 4 + 2 x 2 = 8, tr C = 4, 3/2 (1 - 1/2) = 0.75;
	 * lambda6 and omega need R^-1 / a fit: NAN. */
	const double c[] = {1, 0, 1, 0, 1, 1, 1, 1, 2};
	double rd[3], aid[3];
	sdt_reliability rel;

	(void)state;
	assert_int_equal(sdt_reliability_compute(c, 3, 20.0, &rel, rd, aid), SDT_OK);
	assert_true(rel.flags & SDT_REL_SINGULAR);
	assert_close(rel.alpha, 0.75);
	assert_true(isnan(rel.lambda6) && isnan(rel.omega_total));
}

static void test_pair_sparse(void **state)
{
	/* A pair without two common rows leaves C, so every figure, undefined. */
	const double c[] = {1, NAN, .5, NAN, 1, .5, .5, .5, 1};
	double rd[3], aid[3];
	sdt_reliability rel;

	(void)state;
	assert_int_equal(sdt_reliability_compute(c, 3, 20.0, &rel, rd, aid), SDT_OK);
	assert_true(rel.flags & SDT_REL_PAIR_SPARSE);
	assert_true(isnan(rel.alpha) && isnan(rd[0]) && isnan(aid[0]));
}

static void test_omega_one_factor(void **state)
{
	/* R built from loadings l = (.8, .7, .6, .5) exactly: R = l l' with a
	 * unit diagonal. The ML fit recovers psi = 1 - l^2 = (.36, .51, .64,
	 * .75), so omega = (sum l)^2 / ((sum l)^2 + sum psi)
	 * = 2.6^2 / (6.76 + 2.26) = 6.76 / 9.02. */
	const double l[] = {.8, .7, .6, .5};
	double r[16], load[4], psi[4], omega;
	unsigned flags = 0;
	size_t i, j;

	(void)state;
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			r[i * 4 + j] = i == j ? 1.0 : l[i] * l[j];
	assert_int_equal(sdt_omega_ml(r, 4, &omega, load, psi, &flags), SDT_OK);
	assert_int_equal(flags & SDT_REL_NO_FIT, 0);
	if (fabs(omega - 6.76 / 9.02) > 1e-9)
		fail_msg("omega %.17g", omega);
	for (i = 0; i < 4; i++)
		if (fabs(psi[i] - (1.0 - l[i] * l[i])) > 1e-8)
			fail_msg("psi[%zu] %.17g", i, psi[i]);
}

static void test_omega_heywood(void **state)
{
	/* Loadings (.999, .6, .6): the first uniqueness 1 - .998 falls below
	 * factanal's bound 0.005 and is held there (a Heywood case); omega
	 * stays defined and the flag says why it is worth a look. */
	const double l[] = {.999, .6, .6};
	double r[9], omega, psi[3];
	unsigned flags = 0;
	size_t i, j;

	(void)state;
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			r[i * 3 + j] = i == j ? 1.0 : l[i] * l[j];
	assert_int_equal(sdt_omega_ml(r, 3, &omega, NULL, psi, &flags), SDT_OK);
	assert_true(flags & SDT_REL_HEYWOOD);
	assert_close(psi[0], 0.005);
	assert_true(omega > 0.0 && omega < 1.0);
}

/* Tied negative correlations (r = -7/17 for every pair, the test_omega.py
 * data) with the last bits of R disturbed as summation order disturbs
 * them: the one-factor fit has saddle points there, and from factanal's
 * start alone it stopped on one for some disturbances (omega ~ 1e-31).
 * Every one must give the ML omega, 0.0180035744242 (scipy's L-BFGS-B
 * from 64 starts on factanal's objective, worked in test_omega.py). */
static void test_omega_tied_saddle(void **state)
{
	static const double d[] = {0.0, 1e-16, -1e-16, 2e-16, -3e-16, 5e-17};
	double r[9], omega, base = -7.0 / 17.0;
	unsigned flags;
	size_t a, b, c;

	(void)state;
	for (a = 0; a < 6; a++)
		for (b = 0; b < 6; b++)
			for (c = 0; c < 6; c++) {
				r[0] = r[4] = r[8] = 1.0;
				r[1] = r[3] = base + d[a];
				r[2] = r[6] = base + d[b];
				r[5] = r[7] = base + d[c];
				flags = 0;
				assert_int_equal(sdt_omega_ml(r, 3, &omega, NULL, NULL, &flags), SDT_OK);
				if (!(fabs(omega - 0.0180035744242) < 1e-6))
					fail_msg("disturbance (%zu, %zu, %zu): omega %.17g, ML 0.0180035744242",
					         a, b, c, omega);
			}
}

static void test_rwg_awg(void **state)
{
	/* Two rows, items x = {2, 4} (mean 3, var 2) and y = {3, 3} (mean 3,
	 * var 0), scale 1..5 (A = 5, sigma^2_EU = 24/12 = 2).
	 * rwg(j): mean var 1, ratio 1/2, J = 2: 2(1/2) / (2(1/2) + 1/2) = 2/3.
	 * awg, m = 2, H = 5, L = 1: bounds (1 + 5)/2 = 3 on both sides, so
	 * M = 3 is allowed; x: 1 - 2 x 2 / ((6 x 3 - 9 - 5) x 2/1) = 1 - 4/8
	 * = 0.5; y: 1 - 0 = 1; awg = 0.75. */
	sdt_mom it[2] = {{0, 0, 0}, {0, 0, 0}};

	(void)state;
	sdt_mom_add(&it[0], 2);
	sdt_mom_add(&it[0], 4);
	sdt_mom_add(&it[1], 3);
	sdt_mom_add(&it[1], 3);
	assert_close(sdt_rwg_j(it, 2, 5.0), 2.0 / 3.0);
	assert_close(sdt_awg(it, 2, 1.0, 5.0), 0.75);
	/* r*wg(j) = 1 - mean var / sigma^2 = 1 - 1/2 = 0.5 (no J inflation) */
	assert_close(sdt_rwg_star_j(it, 2, 5.0), 0.5);
}

/* awg depends only on positions on the scale: the same answers shifted to
 * 999996..1000000 (scale 999996..1000000) give the same value, which the
 * expanded (H + L)M - M^2 - HL lost to cancellation. */
static void test_awg_large_answers(void **state)
{
	/* three rows: means in thirds, which no double holds exactly */
	static const double rows[3][2] = {{1, 2}, {2, 2}, {4, 3}};
	sdt_mom small[2] = {{0, 0, 0}, {0, 0, 0}}, big[2] = {{0, 0, 0}, {0, 0, 0}};
	double off = 999995.0, a, b;
	size_t r;

	(void)state;
	for (r = 0; r < 3; r++) {
		sdt_mom_add(&small[0], rows[r][0]);
		sdt_mom_add(&small[1], rows[r][1]);
		sdt_mom_add(&big[0], rows[r][0] + off);
		sdt_mom_add(&big[1], rows[r][1] + off);
	}
	a = sdt_awg(small, 2, 1.0, 5.0);
	b = sdt_awg(big, 2, 1.0 + off, 5.0 + off);
	assert_false(isnan(a));
	/* the factored form: 2e-11 (the moments' own rounding); expanded:
	 * 1.5e-5 */
	assert_true(fabs(a - b) < 1e-9);
}

/* A pairwise correlation matrix that is not positive definite: r12 = r13
 * = 0.9, r23 = -0.9. SMCs land outside [0, 1]; they are clamped (as
 * psych::smc does) and flagged. */
static void test_smc_clamped(void **state)
{
	static const double r[9] = {1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1};
	double smc[3];
	unsigned flags = 0;
	size_t i;

	(void)state;
	assert_int_equal(sdt_smc(r, 3, smc, &flags), SDT_OK);
	assert_true(flags & SDT_REL_SMC_CLAMPED);
	for (i = 0; i < 3; i++)
		assert_true(smc[i] >= 0.0 && smc[i] <= 1.0);
}

/* Johnson's relative weights. Uncorrelated predictors: each weight is its
 * squared correlation with the outcome. Two predictors correlating rho:
 * R = [[1, rho], [rho, 1]] has eigenvalues 1 +- rho with eigenvectors
 * (1, 1)/sqrt2 and (1, -1)/sqrt2, so Lambda = R^(1/2) = [[a, b], [b, a]],
 * a = (sqrt(1 + rho) + sqrt(1 - rho)) / 2, b = (sqrt(1 + rho) - sqrt(1 - rho)) / 2;
 * beta = Lambda^-1 r_xy = [[a, -b], [-b, a]] r_xy / (a^2 - b^2);
 * raw_j = sum_k Lambda_jk^2 beta_k^2; R^2 = r_xy' R^-1 r_xy. */
static void test_relative_weights(void **state)
{
	static const double eye[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
	static const double ry3[3] = {0.5, 0.3, -0.2};
	double raw[3], r2, rho = 0.5, ry[2] = {0.6, 0.3}, r[4];
	double a = (sqrt(1 + rho) + sqrt(1 - rho)) / 2, b = (sqrt(1 + rho) - sqrt(1 - rho)) / 2;
	double d = a * a - b * b, b0 = (a * ry[0] - b * ry[1]) / d, b1 = (-b * ry[0] + a * ry[1]) / d;
	size_t j;

	(void)state;
	assert_int_equal(sdt_relative_weights(raw, &r2, eye, ry3, 3), SDT_OK);
	for (j = 0; j < 3; j++)
		assert_close(raw[j], ry3[j] * ry3[j]);
	assert_close(r2, 0.25 + 0.09 + 0.04);
	r[0] = r[3] = 1.0;
	r[1] = r[2] = rho;
	assert_int_equal(sdt_relative_weights(raw, &r2, r, ry, 2), SDT_OK);
	assert_close(raw[0], a * a * b0 * b0 + b * b * b1 * b1);
	assert_close(raw[1], b * b * b0 * b0 + a * a * b1 * b1);
	assert_close(r2, (0.36 + 0.09 - 2 * rho * 0.18) / (1 - rho * rho));
	assert_close(raw[0] + raw[1], r2);
	/* a predictor that is another's copy: singular */
	r[1] = r[2] = 1.0;
	assert_int_equal(sdt_relative_weights(raw, &r2, r, ry, 2), SDT_EDATA);
}

static void test_rwg_star_negative(void **state)
{
	/* Rows {1, 5} on both items: var 8 each, more than sigma^2 = 2: rwg(j)
	 * is capped at 0, r*wg(j) = 1 - 8/2 = -3 says how far beyond. */
	sdt_mom it[2] = {{0, 0, 0}, {0, 0, 0}};

	(void)state;
	sdt_mom_add(&it[0], 1);
	sdt_mom_add(&it[0], 5);
	sdt_mom_add(&it[1], 5);
	sdt_mom_add(&it[1], 1);
	assert_close(sdt_rwg_j(it, 2, 5.0), 0.0);
	assert_close(sdt_rwg_star_j(it, 2, 5.0), -3.0);
}

static void test_rwg_cutoff(void **state)
{
	double a, b, small, big;

	(void)state;
	/* Seeded: the same group size always gives the same cutoff. */
	assert_int_equal(sdt_rwg_null_cutoff(&a, 5, 3, 5, 10000), SDT_OK);
	assert_int_equal(sdt_rwg_null_cutoff(&b, 5, 3, 5, 10000), SDT_OK);
	assert_true(a == b);
	/* Chance agreement shrinks as groups grow (tests/py/test_agreement.py
	 * checks the values against an independent simulation). */
	assert_int_equal(sdt_rwg_null_cutoff(&small, 3, 3, 5, 10000), SDT_OK);
	assert_int_equal(sdt_rwg_null_cutoff(&big, 30, 3, 5, 10000), SDT_OK);
	assert_true(small > a && a > big && big > 0.0);
	assert_int_equal(sdt_rwg_null_cutoff(&a, 1, 3, 5, 10000), SDT_OK);
	assert_true(isnan(a));
}

static void test_awg_ends(void **state)
{
	/* Rows {5, 5}: M = H, so a = 1 even though M > (5 + 1)/2 = 3 would
	 * make it undefined; {4, 5}: M = 4.5 > 3, undefined; awg = 1.
	 * All rows {4, 4} and {4, 5}: every item undefined, awg NAN. */
	sdt_mom it[2] = {{2, 5, 0}, {2, 4.5, 0.5}};
	sdt_mom none[2] = {{2, 4, 0}, {2, 4.5, 0.5}};

	(void)state;
	assert_close(sdt_awg(it, 2, 1.0, 5.0), 1.0);
	assert_true(isnan(sdt_awg(none, 2, 1.0, 5.0)));
}

static void test_team_of_one(void **state)
{
	/* One row: no item variance, so rwg(j) and awg are undefined. */
	sdt_mom it[2] = {{1, 3, 0}, {1, 4, 0}};

	(void)state;
	assert_true(isnan(sdt_rwg_j(it, 2, 5.0)));
	assert_true(isnan(sdt_awg(it, 2, 1.0, 5.0)));
	assert_true(isnan(sdt_mom_sd(&it[0])));
}

static void test_icc(void **state)
{
	/* Groups {1,2,3} (mean 2, SS 2) and {3,4,5} (mean 4, SS 2), an empty
	 * group that must be skipped: N = 6, G = 2, grand mean 3,
	 * SSB = 3 x 1 + 3 x 1 = 6, MSB = 6/1; SSW = 4, MSW = 4/4 = 1;
	 * k = 6/2 = 3. ICC1 = (6 - 1) / (6 + 2 x 1) = 5/8, ICC2 = 5/6. */
	sdt_mom g[3] = {{3, 2, 2}, {0, 0, 0}, {3, 4, 2}};
	double i1, i2;

	(void)state;
	sdt_icc(g, 3, &i1, &i2);
	assert_close(i1, 5.0 / 8.0);
	assert_close(i2, 5.0 / 6.0);
	/* One team only: undefined. */
	sdt_icc(g, 2, &i1, &i2);
	assert_true(isnan(i1) && isnan(i2));
	/* Every group of one: no within-group degrees of freedom. */
	g[0] = (sdt_mom){1, 2, 0};
	g[2] = (sdt_mom){1, 4, 0};
	sdt_icc(g, 3, &i1, &i2);
	assert_true(isnan(i1) && isnan(i2));
}

static void test_feldt(void **state)
{
	/* With alpha = 1 the interval collapses to [1, 1] whatever F is; and
	 * lo < alpha < hi for alpha = 0.8, N = 100, k = 4 (F quantiles of
	 * 0.025 and 0.975 straddle 1). Exact values: tests/py reference. */
	double ci[2];

	(void)state;
	assert_int_equal(sdt_feldt_ci(1.0, 100.0, 4, ci), SDT_OK);
	assert_close(ci[0], 1.0);
	assert_close(ci[1], 1.0);
	assert_int_equal(sdt_feldt_ci(0.8, 100.0, 4, ci), SDT_OK);
	assert_true(ci[0] < 0.8 && 0.8 < ci[1]);
	assert_int_equal(sdt_feldt_ci(0.8, 1.0, 4, ci), SDT_OK);
	assert_true(isnan(ci[0]) && isnan(ci[1]));
}

/* Exact sums: values 0, 1, 2, 3 (n 4, sum 6, squares 14) have mean 1.5
 * and sum of squared deviations 14 - 36/4 = 5; over a denominator 12
 * (numerators of scores) the mean is 1.5/12 and m2 5/144. The same
 * values repeated 2^40 times (sums far beyond a double's 2^53) give m2
 * 5 * 2^40 exactly, and the co-moment of x with 3 - x is -m2. */
static void test_exact_moments(void **state)
{
	sdt_xmom m = {0, 0, 0}, big;
	sdt_mom r;
	sdt_wide k = (sdt_wide)1 << 40;
	int64_t x;

	(void)state;
	for (x = 0; x < 4; x++)
		sdt_xmom_add(&m, x);
	r = sdt_xmom_get(&m, 1.0);
	assert_close(r.n, 4.0);
	assert_close(r.mean, 1.5);
	assert_close(r.m2, 5.0);
	r = sdt_xmom_get(&m, 12.0);
	assert_close(r.mean, 1.5 / 12.0);
	assert_close(r.m2, 5.0 / 144.0);
	big = (sdt_xmom){m.n * k, m.s1 * k, m.s2 * k};
	assert_true(sdt_wide_comoment(big.n, big.s1, big.s1, big.s2) == 5.0L * (long double)k);
	/* sum x (3 - x) = 0 + 2 + 2 + 0 = 4; 4 - 6 * 6 / 4 = -5 */
	assert_true(sdt_wide_comoment(m.n, m.s1, 12 - m.s1, 4) == -5.0L);
	/* a remainder that does not divide: 0, 0, 1 -> m2 = 1 - 1/3 */
	m = (sdt_xmom){0, 0, 0};
	sdt_xmom_add(&m, 0);
	sdt_xmom_add(&m, 0);
	sdt_xmom_add(&m, 1);
	assert_close(sdt_xmom_get(&m, 1.0).m2, 2.0 / 3.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alpha_lambda2),
		cmocka_unit_test(test_alpha_se),
		cmocka_unit_test(test_median_r),
		cmocka_unit_test(test_two_items),
		cmocka_unit_test(test_zero_variance),
		cmocka_unit_test(test_negative_alpha),
		cmocka_unit_test(test_singular),
		cmocka_unit_test(test_pair_sparse),
		cmocka_unit_test(test_omega_one_factor),
		cmocka_unit_test(test_omega_heywood),
		cmocka_unit_test(test_omega_tied_saddle),
		cmocka_unit_test(test_rwg_awg),
		cmocka_unit_test(test_rwg_star_negative),
		cmocka_unit_test(test_relative_weights),
		cmocka_unit_test(test_awg_large_answers),
		cmocka_unit_test(test_smc_clamped),
		cmocka_unit_test(test_rwg_cutoff),
		cmocka_unit_test(test_awg_ends),
		cmocka_unit_test(test_team_of_one),
		cmocka_unit_test(test_icc),
		cmocka_unit_test(test_feldt),
		cmocka_unit_test(test_exact_moments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
