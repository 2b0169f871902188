/*
 * test_bootstrap.c - the percentile bootstrap, replayed here with the
 * same GSL draws, a naive two-pass covariance, the README's alpha
 * (k/(k-1) (1 - tr C / sum C)) and a type-7 quantile written from its
 * definition, so the engine is checked against an independent
 * implementation of every step but the random draws themselves.
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sdtscore.h"

#define M SDT_MISSING
#define NC 7  /* columns of every data set below */
#define REPS 300

/* Items a..g on 1..5, min_answered 1; scales over the first columns. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"bt\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"a\", \"reverse\": false}, {\"id\": \"b\", \"reverse\": false},\n"
	"  {\"id\": \"c\", \"reverse\": false}, {\"id\": \"d\", \"reverse\": false},\n"
	"  {\"id\": \"e\", \"reverse\": false}, {\"id\": \"f\", \"reverse\": false},\n"
	"  {\"id\": \"g\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"abc\", \"items\": [\"a\", \"b\", \"c\"], \"min_answered\": 1},\n"
	"  {\"id\": \"def\", \"items\": [\"d\", \"e\", \"f\"], \"min_answered\": 1},\n"
	"  {\"id\": \"fg\", \"items\": [\"f\", \"g\"], \"min_answered\": 1},\n"
	"  {\"id\": \"eg\", \"items\": [\"e\", \"g\"], \"min_answered\": 1}]}\n";

#define NS 4
static const size_t SCALE_ITEMS[NS][3] = {{0, 1, 2}, {3, 4, 5}, {5, 6, 0}, {4, 6, 0}};
static const size_t SCALE_K[NS] = {3, 3, 2, 2};

#define N1 12
/* Full-ish data: a few gaps, every pair well covered. */
static const int DATA1[N1][NC] = {
	{1, 2, 1, 2, 1, 3, 2}, {2, 2, 3, 2, 3, 4, 4}, {3, 4, 3, 4, 4, 2, 3},
	{4, 4, 5, 5, 4, 5, 5}, {5, 4, 4, 4, 5, 1, 2}, {2, 1, 2, 1, 2, 2, 1},
	{3, 3, M, 3, 3, 3, 3}, {4, 5, 4, 5, M, 4, 5}, {1, 1, 2, 1, 1, 1, 2},
	{5, 5, 5, 4, 5, 5, 4}, {3, 2, 3, M, 3, 3, 3}, {M, 3, 4, 3, 4, 2, 2}};

#define N2 12
/* Sparse pairs. a-b, b-c and a-c each share two rows (0-1, 2-3, 4-5): a
 * replicate needs two draws among each pair of rows, so most leave alpha
 * of "abc" undefined. d-e share rows 4-5 only: some replicates leave
 * "def" undefined. e-g share row 4 alone: "eg" has no alpha at all. */
static const int DATA2[N2][NC] = {
	{1, 2, M, 2, M, 3, 2}, {4, 5, M, 4, M, 4, 4}, {M, 1, 2, 3, M, 2, 3},
	{M, 4, 5, 5, M, 5, 5}, {2, M, 1, 4, 3, 1, 2}, {4, M, 5, 1, 2, 2, M},
	{3, M, M, M, 3, 3, M}, {M, 5, M, M, 2, 4, M}, {M, M, 4, M, 1, 1, M},
	{5, M, M, M, 5, 5, M}, {M, 2, M, M, 4, 3, M}, {M, M, 3, M, 4, 2, M}};

/* Covariance of columns i, j over rows idx[0..n): pairwise, the rows
 * where both are present; listwise, the rows where every item of the
 * scale is. Two passes: the means over those rows, then cross-products. */
static double cov(const int (*x)[NC], const size_t *idx, size_t n,
                  const size_t *items, size_t k, int listwise, size_t i,
                  size_t j)
{
	double mi = 0, mj = 0, s = 0;
	size_t r, t, m = 0;
	int use;

	for (int pass = 0; pass < 2; pass++) {
		for (r = 0; r < n; r++) {
			use = x[idx[r]][i] != M && x[idx[r]][j] != M;
			for (t = 0; listwise && t < k; t++)
				use = use && x[idx[r]][items[t]] != M;
			if (!use)
				continue;
			if (pass == 0) {
				mi += x[idx[r]][i];
				mj += x[idx[r]][j];
				m++;
			} else {
				s += (x[idx[r]][i] - mi) * (x[idx[r]][j] - mj);
			}
		}
		if (pass == 0 && m < 2)
			return NAN;
		if (pass == 0) {
			mi /= (double)m;
			mj /= (double)m;
		}
	}
	return s / (double)(m - 1);
}

/* alpha = k/(k-1) (1 - tr C / sum C); undefined with an undefined entry
 * of C or a sum of C that is not positive. */
static double alpha_of(const int (*x)[NC], const size_t *idx, size_t n,
                       const size_t *items, size_t k, int listwise)
{
	double tr = 0, sum = 0, c;
	size_t i, j;

	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++) {
			c = cov(x, idx, n, items, k, listwise, items[i], items[j]);
			if (isnan(c))
				return NAN;
			sum += c;
			tr += i == j ? c : 0;
		}
	if (!(sum > 0))
		return NAN;
	return (double)k / (double)(k - 1) * (1 - tr / sum);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Type 7 (Hyndman & Fan): 1-based position h = (n - 1) p + 1, the value
 * there interpolated linearly between its two neighbours. */
static double q7(const double *v, size_t n, double p)
{
	double h = (double)(n - 1) * p + 1, f = floor(h);
	size_t lo = (size_t)f;

	return lo >= n ? v[n - 1] : v[lo - 1] + (h - f) * (v[lo] - v[lo - 1]);
}

/* The bootstrap of scale s replayed: REPS replicates of n draws each
 * (replicate-major), the CI over the defined replicates, and how many
 * were undefined. */
static size_t replay(const int (*x)[NC], size_t n, size_t s, int listwise,
                     unsigned long seed, double ci[2])
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double want[REPS];
	size_t idx[N1 > N2 ? N1 : N2], rep, i, m = 0;

	assert_non_null(rng);
	gsl_rng_set(rng, seed);
	for (rep = 0; rep < REPS; rep++) {
		for (i = 0; i < n; i++)
			idx[i] = gsl_rng_uniform_int(rng, n);
		want[m] = alpha_of(x, idx, n, SCALE_ITEMS[s], SCALE_K[s], listwise);
		if (isfinite(want[m]))
			m++;
	}
	gsl_rng_free(rng);
	qsort(want, m, sizeof *want, cmp);
	ci[0] = m ? q7(want, m, 0.025) : NAN;
	ci[1] = m ? q7(want, m, 0.975) : NAN;
	return REPS - m;
}

static sdt_instrument *load(void)
{
	sdt_instrument *ins = NULL;

	assert_int_equal(sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT),
	                                      "bt.json"), SDT_OK);
	return ins;
}

/* Stats and a bootstrap of `reps` replicates over n rows of x, as
 * `sdtscore stats` runs them; *st is NULL unless SDT_OK. */
static int run_reps(const sdt_instrument *ins, const int (*x)[NC], size_t n,
                    sdt_missing_mode mode, unsigned long seed, size_t reps,
                    sdt_stats **st)
{
	sdt_scores *sc = NULL;
	sdt_accum *acc = NULL;
	sdt_bootstrap *b = NULL;
	sdt_stats_options so = SDT_STATS_OPTIONS_INIT;
	sdt_bootstrap_options bo = SDT_BOOTSTRAP_OPTIONS_INIT;
	sdt_response r = {0};
	size_t i;
	int rc;

	so.missing = mode;
	so.min_group = 5;
	bo.replicates = reps;
	bo.seed = seed;
	bo.missing = mode;
	*st = NULL;
	if ((rc = sdt_scores_new(&sc, ins)) != SDT_OK ||
	    (rc = sdt_accum_new(&acc, ins)) != SDT_OK ||
	    (rc = sdt_bootstrap_new(&b, ins)) != SDT_OK)
		goto done;
	r.id = "x";
	for (i = 0; i < n && !rc; i++) {
		r.values = x[i];
		sdt_score_response(sc, ins, &r);
		if ((rc = sdt_accum_add(acc, &r, sc)) == SDT_OK)
			rc = sdt_bootstrap_add(b, sc);
	}
	if (!rc && (rc = sdt_stats_compute(st, acc, &so)) == SDT_OK)
		rc = sdt_bootstrap_run(b, &bo, *st);
done:
	if (rc) {
		sdt_stats_free(*st);
		*st = NULL;
	}
	sdt_bootstrap_free(b);
	sdt_accum_free(acc);
	sdt_scores_free(sc);
	return rc;
}

static int run(const int (*x)[NC], size_t n, sdt_missing_mode mode,
               unsigned long seed, sdt_stats **st)
{
	sdt_instrument *ins = load();
	int rc = run_reps(ins, x, n, mode, seed, REPS, st);

	sdt_instrument_free(ins);
	return rc;
}

/* The scale's warning that starts with `prefix`, or NULL. */
static const char *warning(const sdt_scale_stats *sc, const char *prefix)
{
	size_t i;

	for (i = 0; i < sc->n_warnings; i++)
		if (strncmp(sc->warnings[i], prefix, strlen(prefix)) == 0)
			return sc->warnings[i];
	return NULL;
}

static void test_quantile7(void **state)
{
	/* R 4.2.2, sprintf("%.17g", quantile(x, p, names = FALSE)):
	 * x = c(1, 2, 3, 4, 10), p = c(0, .025, .5, .975, 1);
	 * x = (1:1000) / 7 and (1:37) / 3, p = c(.025, .975). Equal to the
	 * bit: the engine does R's arithmetic. */
	double v[1000];
	const double w[] = {1, 2, 3, 4, 10};
	size_t i;

	(void)state;
	assert_true(sdt_quantile7(w, 5, 0.0) == 1.0);
	assert_true(sdt_quantile7(w, 5, 0.025) == 1.1000000000000001);
	assert_true(sdt_quantile7(w, 5, 0.5) == 3.0);
	assert_true(sdt_quantile7(w, 5, 0.975) == 9.4000000000000021);
	assert_true(sdt_quantile7(w, 5, 1.0) == 10.0);
	for (i = 0; i < 1000; i++)
		v[i] = (double)(i + 1) / 7.0;
	assert_true(sdt_quantile7(v, 1000, 0.025) == 3.7107142857142859);
	assert_true(sdt_quantile7(v, 1000, 0.975) == 139.28928571428571);
	for (i = 0; i < 37; i++)
		v[i] = (double)(i + 1) / 3.0;
	assert_true(sdt_quantile7(v, 37, 0.025) == 0.63333333333333319);
	assert_true(sdt_quantile7(v, 37, 0.975) == 12.033333333333333);
	assert_true(sdt_quantile7(w, 1, 0.5) == 1.0);
	assert_true(isnan(sdt_quantile7(w, 0, 0.5)));
}

/* Every scale with both alphas defined, pairwise and listwise. */
static void check_replay(sdt_missing_mode mode, unsigned long seed)
{
	sdt_stats *st = NULL;
	double ci[2];
	size_t s;

	assert_int_equal(run(DATA1, N1, mode, seed, &st), SDT_OK);
	for (s = 0; s < NS; s++) {
		assert_int_equal(replay(DATA1, N1, s, mode == SDT_MISSING_LISTWISE, seed, ci), 0);
		assert_true(st->scales[s].has_boot);
		assert_true(fabs(st->scales[s].alpha_ci_boot[0] - ci[0]) < 1e-12);
		assert_true(fabs(st->scales[s].alpha_ci_boot[1] - ci[1]) < 1e-12);
		assert_null(warning(&st->scales[s], "alpha is undefined"));
	}
	/* omega: a CI for the 3-item scales, none (and no warning) for the
	 * two-item ones */
	for (s = 0; s < NS; s++) {
		if (SCALE_K[s] == 3) {
			assert_true(st->scales[s].omega_ci_boot[0] <= st->scales[s].omega_total);
			assert_true(st->scales[s].omega_total <= st->scales[s].omega_ci_boot[1]);
			continue;
		}
		assert_true(isnan(st->scales[s].omega_ci_boot[0]));
		assert_true(isnan(st->scales[s].omega_ci_boot[1]));
		assert_null(warning(&st->scales[s], "omega_total is undefined"));
	}
	sdt_stats_free(st);
}

static void test_replay_pairwise(void **state)
{
	(void)state;
	check_replay(SDT_MISSING_PAIRWISE, 42);
	check_replay(SDT_MISSING_PAIRWISE, 7);
}

static void test_replay_listwise(void **state)
{
	(void)state;
	check_replay(SDT_MISSING_LISTWISE, 42);
}

/* Undefined replicates are skipped and counted; beyond half, no CI; and
 * none either where the figure itself is undefined. */
static void test_skipped(void **state)
{
	sdt_stats *st = NULL;
	double ci[2];
	size_t bad;
	char want[160];
	const char *w;

	(void)state;
	assert_int_equal(run(DATA2, N2, SDT_MISSING_PAIRWISE, 3, &st), SDT_OK);
	bad = replay(DATA2, N2, 1, 0, 3, ci);
	assert_true(bad > 0 && bad * 2 <= REPS);
	assert_true(fabs(st->scales[1].alpha_ci_boot[0] - ci[0]) < 1e-12);
	assert_true(fabs(st->scales[1].alpha_ci_boot[1] - ci[1]) < 1e-12);
	snprintf(want, sizeof want, "alpha is undefined in %zu of %d bootstrap "
	         "replicates, skipped: its bootstrap CI is over the other %zu",
	         bad, REPS, REPS - bad);
	w = warning(&st->scales[1], "alpha is undefined");
	assert_non_null(w);
	assert_string_equal(w, want);

	assert_true(isfinite(st->scales[0].alpha));
	bad = replay(DATA2, N2, 0, 0, 3, ci);
	assert_true(bad * 2 > REPS);
	assert_true(isnan(st->scales[0].alpha_ci_boot[0]));
	assert_true(isnan(st->scales[0].alpha_ci_boot[1]));
	snprintf(want, sizeof want, "alpha is undefined in %zu of %d bootstrap "
	         "replicates: no bootstrap CI", bad, REPS);
	w = warning(&st->scales[0], "alpha is undefined");
	assert_non_null(w);
	assert_string_equal(w, want);

	assert_true(isnan(st->scales[3].alpha));
	assert_true(isnan(st->scales[3].alpha_ci_boot[0]));
	assert_true(isnan(st->scales[3].alpha_ci_boot[1]));
	assert_null(warning(&st->scales[3], "alpha is undefined"));
	sdt_stats_free(st);
}

/* No respondents: has_boot, and no CI. */
static void test_empty(void **state)
{
	sdt_stats *st = NULL;

	(void)state;
	assert_int_equal(run(DATA1, 0, SDT_MISSING_PAIRWISE, 1, &st), SDT_OK);
	assert_true(st->scales[0].has_boot);
	assert_true(isnan(st->scales[0].alpha_ci_boot[0]));
	assert_true(isnan(st->scales[0].omega_ci_boot[1]));
	sdt_stats_free(st);
}

/* Without sdt_bootstrap_run() the fields say "no bootstrap". */
static void test_unset(void **state)
{
	sdt_instrument *ins = NULL;
	sdt_accum *acc = NULL;
	sdt_stats *st = NULL;

	(void)state;
	assert_int_equal(sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "bt.json"), SDT_OK);
	assert_int_equal(sdt_accum_new(&acc, ins), SDT_OK);
	assert_int_equal(sdt_stats_compute(&st, acc, NULL), SDT_OK);
	assert_false(st->scales[0].has_boot);
	assert_true(isnan(st->scales[0].alpha_ci_boot[0]));
	assert_true(isnan(st->scales[0].omega_ci_boot[1]));
	sdt_stats_free(st);
	sdt_accum_free(acc);
	sdt_instrument_free(ins);
	sdt_bootstrap_free(NULL);
}

/* The k-th engine allocation fails: SDT_ENOMEM, nothing leaked (the
 * sanitizer build checks that), until k is past the last allocation. */
static unsigned long n_alloc, fail_at;

static void *fail_malloc(size_t size)
{
	return ++n_alloc == fail_at ? NULL : malloc(size);
}

static void *fail_realloc(void *p, size_t size)
{
	return ++n_alloc == fail_at ? NULL : realloc(p, size);
}

static void test_nomem(void **state)
{
	const sdt_allocator failing = {fail_malloc, fail_realloc, free};
	sdt_instrument *ins = load();
	sdt_stats *st = NULL;
	int rc = SDT_ENOMEM;

	(void)state;
	sdt_set_allocator(&failing);
	for (fail_at = 1; rc == SDT_ENOMEM && fail_at < 100000; fail_at++) {
		n_alloc = 0;
		rc = run_reps(ins, DATA2, N2, SDT_MISSING_PAIRWISE, 3, 5, &st);
		sdt_stats_free(st);
	}
	sdt_set_allocator(NULL);
	sdt_instrument_free(ins);
	assert_int_equal(rc, SDT_OK);
	assert_true(fail_at > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantile7),
		cmocka_unit_test(test_replay_pairwise),
		cmocka_unit_test(test_replay_listwise),
		cmocka_unit_test(test_skipped),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_unset),
		cmocka_unit_test(test_nomem),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
