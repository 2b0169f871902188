/*
 * test_bootstrap.c - the percentile bootstrap, replayed here with the
 * same GSL draws and a naive two-pass computation of alpha, so the engine
 * is checked against an independent implementation of the definition.
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sdtscore.h"

/* One 3-item scale on 1..5, min_answered 1. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"bt\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"a\", \"reverse\": false}, {\"id\": \"b\", \"reverse\": false},\n"
	"  {\"id\": \"c\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"a\", \"b\", \"c\"], \"min_answered\": 1}]}\n";

#define N 12
#define M SDT_MISSING
static const int DATA[N][3] = {
	{1, 2, 1}, {2, 2, 3}, {3, 4, 3}, {4, 4, 5}, {5, 4, 4}, {2, 1, 2},
	{3, 3, M}, {4, 5, 4}, {1, 1, 2}, {5, 5, 5}, {3, 2, 3}, {M, 3, 4}};

/* Pairwise covariance of items i, j over rows idx[0..n) (two passes:
 * means over the rows where both are present, then the cross-products). */
static double cov(const size_t *idx, size_t n, int i, int j)
{
	double mi = 0, mj = 0, s = 0;
	size_t r, m = 0;

	for (r = 0; r < n; r++)
		if (DATA[idx[r]][i] != M && DATA[idx[r]][j] != M) {
			mi += DATA[idx[r]][i];
			mj += DATA[idx[r]][j];
			m++;
		}
	if (m < 2)
		return NAN;
	mi /= (double)m;
	mj /= (double)m;
	for (r = 0; r < n; r++)
		if (DATA[idx[r]][i] != M && DATA[idx[r]][j] != M)
			s += (DATA[idx[r]][i] - mi) * (DATA[idx[r]][j] - mj);
	return s / (double)(m - 1);
}

/* alpha = k/(k-1) (1 - tr C / sum C), k = 3 */
static double alpha_of(const size_t *idx)
{
	double tr = 0, sum = 0, c;
	int i, j;

	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++) {
			c = cov(idx, N, i, j);
			if (isnan(c))
				return NAN;
			sum += c;
			tr += i == j ? c : 0;
		}
	return 1.5 * (1 - tr / sum);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void test_quantile7(void **state)
{
	/* R: quantile(c(1, 2, 3, 4, 10), c(.025, .975)) = 1.1 and 9.4:
	 * h = 4 * .025 = .1 -> 1 + .1 (2 - 1); h = 3.9 -> 4 + .9 (10 - 4). */
	const double v[] = {1, 2, 3, 4, 10};

	(void)state;
	assert_true(fabs(sdt_quantile7(v, 5, 0.025) - 1.1) < 1e-12);
	assert_true(fabs(sdt_quantile7(v, 5, 0.975) - 9.4) < 1e-12);
	assert_true(sdt_quantile7(v, 1, 0.5) == 1.0);
}

static void test_replay(void **state)
{
	enum { REPS = 300 };
	sdt_instrument *ins = NULL;
	sdt_scores *sc = NULL;
	sdt_accum *acc = NULL;
	sdt_stats *st = NULL;
	sdt_bootstrap *b = NULL;
	sdt_bootstrap_options opt = {REPS, 42, SDT_MISSING_PAIRWISE};
	sdt_response r = {0};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double want[REPS], lo, hi;
	size_t idx[N], rep, i, m = 0;

	(void)state;
	assert_int_equal(sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "bt.json"), SDT_OK);
	assert_int_equal(sdt_scores_new(&sc, ins), SDT_OK);
	assert_int_equal(sdt_accum_new(&acc, ins), SDT_OK);
	assert_int_equal(sdt_bootstrap_new(&b, ins), SDT_OK);
	r.id = "x";
	for (i = 0; i < N; i++) {
		r.values = DATA[i];
		sdt_score_response(sc, ins, &r);
		assert_int_equal(sdt_accum_add(acc, &r, sc), SDT_OK);
		assert_int_equal(sdt_bootstrap_add(b, sc), SDT_OK);
	}
	assert_int_equal(sdt_stats_compute(&st, acc, NULL), SDT_OK);
	assert_int_equal(sdt_bootstrap_run(b, &opt, st), SDT_OK);
	/* the same draws: replicate-major, N draws each */
	gsl_rng_set(rng, 42);
	for (rep = 0; rep < REPS; rep++) {
		for (i = 0; i < N; i++)
			idx[i] = gsl_rng_uniform_int(rng, N);
		want[m] = alpha_of(idx);
		if (isfinite(want[m]))
			m++;
	}
	qsort(want, m, sizeof *want, cmp);
	lo = sdt_quantile7(want, m, 0.025);
	hi = sdt_quantile7(want, m, 0.975);
	assert_true(st->scales[0].has_boot);
	assert_true(fabs(st->scales[0].alpha_ci_boot[0] - lo) < 1e-12);
	assert_true(fabs(st->scales[0].alpha_ci_boot[1] - hi) < 1e-12);
	assert_true(isfinite(st->scales[0].omega_ci_boot[0]));
	assert_true(st->scales[0].omega_ci_boot[0] <= st->scales[0].omega_ci_boot[1]);
	gsl_rng_free(rng);
	sdt_bootstrap_free(b);
	sdt_bootstrap_free(NULL);
	sdt_stats_free(st);
	sdt_accum_free(acc);
	sdt_scores_free(sc);
	sdt_instrument_free(ins);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantile7),
		cmocka_unit_test(test_replay),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
