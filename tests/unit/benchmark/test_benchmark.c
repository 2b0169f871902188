/*
 * test_benchmark.c - percentile ranks, quartile bands and the rules of
 * sdt_benchmark on hand-built organisations whose expected figures are
 * worked out in the comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sdtscore.h"

static const char INS_A[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"a\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"q1\"], \"min_answered\": 1}]}\n";
/* Another instrument with the same scale id and one of its own. */
static const char INS_B[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"b\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}, {\"id\": \"q2\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"q1\"], \"min_answered\": 1},\n"
	"            {\"id\": \"t\", \"items\": [\"q2\"], \"min_answered\": 1}]}\n";

/* A hand-built organisation: the root, then leaf teams under it. A mean
 * of NAN makes the cell hidden. */
typedef struct org {
	sdt_groups g;
	sdt_group grp[4];
	sdt_group_scale sc[4][2];
	char path[4][32];
} org;

static void make_org(org *o, size_t n_scales, size_t n_teams, const double *root,
                     const double *teams)
{
	size_t i, s;

	memset(o, 0, sizeof *o);
	o->g.n_groups = n_teams + 1;
	o->g.groups = o->grp;
	o->g.n_scales = n_scales;
	o->g.min_group = 5;
	for (i = 0; i <= n_teams; i++) {
		snprintf(o->path[i], sizeof o->path[i], i ? "Org/T%zu" : "Org", i);
		o->grp[i].path = o->path[i];
		o->grp[i].depth = i ? 1 : 0;
		o->grp[i].parent = i ? 0 : -1;
		o->grp[i].n = 10;
		o->grp[i].scales = o->sc[i];
		for (s = 0; s < n_scales; s++) {
			double m = i ? teams[(i - 1) * n_scales + s] : root[s];
			o->sc[i][s].mean = m;
			o->sc[i][s].hidden = isnan(m);
			o->sc[i][s].n = isnan(m) ? 0 : 10;
		}
	}
}

static sdt_instrument *parse(const char *text)
{
	sdt_instrument *ins = NULL;

	assert_int_equal(sdt_instrument_parse(&ins, text, strlen(text), "t.json"), SDT_OK);
	return ins;
}

/* Org means 1, 2, 2, 3, 4 on scale s.
 * Sorted: 1 2 2 3 4. Percentile (below + equal/2) / 5 * 100:
 *   1: (0 + 0.5)/5 = 10;  2: (1 + 1)/5 = 40;  3: (3 + 0.5)/5 = 70;  4: (4 + 0.5)/5 = 90.
 * Type-7 quartiles over 5 values: index 1 + 4p -> Q1 = v[2] = 2, Q2 = v[3] = 2,
 * Q3 = v[4] = 3. Bands: 1 < Q1 -> 4; 2 >= Q2 but < Q3 -> 2; 3 >= Q3 -> 1; 4 -> 1. */
static void test_ties_and_bands(void **state)
{
	static const double means[5] = {1, 2, 2, 3, 4};
	static const double want_pct[5] = {10, 40, 40, 70, 90};
	static const int want_band[5] = {4, 2, 2, 1, 1};
	sdt_instrument *ins = parse(INS_A);
	sdt_benchmark *b = NULL;
	org o[5];
	char name[8];
	size_t i;

	(void)state;
	assert_int_equal(sdt_benchmark_new(&b), SDT_OK);
	/* the band rule itself, on five means: the report's bands need eight */
	b->min_banded = 5;
	for (i = 0; i < 5; i++) {
		make_org(&o[i], 1, 0, &means[i], NULL);
		snprintf(name, sizeof name, "O%zu", i);
		assert_int_equal(sdt_benchmark_add(b, name, ins, &o[i].g), SDT_OK);
	}
	assert_int_equal(sdt_benchmark_compute(b), SDT_OK);
	assert_int_equal(b->n_scales, 1);
	assert_true(b->scales[0].orgs_ranked);
	for (i = 0; i < 5; i++) {
		assert_true(fabs(b->orgs[i].cells[0].percentile - want_pct[i]) < 1e-12);
		assert_int_equal(b->orgs[i].cells[0].band, want_band[i]);
	}
	assert_true(b->scales[0].orgs.q1 == 2 && b->scales[0].orgs.median == 2 &&
	            b->scales[0].orgs.q3 == 3 && b->scales[0].orgs.min == 1 &&
	            b->scales[0].orgs.max == 4);
	sdt_benchmark_free(b);
	sdt_instrument_free(ins);
}

/* Org means 1..k with SD 1 and n 10: the CI is mean -+ t(0.975, 9) / sqrt(10)
 * = mean -+ 2.262157 * 0.316228 = mean -+ 0.7154.
 * Seven organisations: ranked (percentiles), not banded (fewer than 8).
 * Eight: type-7 quartiles over 1..8 at 1 + 7p: Q1 = 2.75, Q2 = 4.5,
 * Q3 = 6.25. Bands 4 4 3 3 2 2 1 1. CIs: 1 [0.28, 1.72] and 2 [1.28, 2.72]
 * hold no cut point; 3 [2.28, 3.72] holds Q1; 4 and 5 hold Q2; 6 [5.28,
 * 6.72] holds Q3; 7 [6.28, 7.72] none. Organisation 8 has n = 1: no SD,
 * no CI, so its band cannot be vouched for. */
static void test_bands_need_eight(void **state)
{
	static const double means[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	static const int want_band[8] = {4, 4, 3, 3, 2, 2, 1, 1};
	static const int want_unc[8] = {0, 0, 1, 1, 1, 1, 0, 1};
	sdt_instrument *ins = parse(INS_A);
	sdt_benchmark *b = NULL;
	org o[8];
	size_t i, k;

	(void)state;
	for (k = 7; k <= 8; k++) {
		assert_int_equal(sdt_benchmark_new(&b), SDT_OK);
		for (i = 0; i < k; i++) {
			make_org(&o[i], 1, 0, &means[i], NULL);
			o[i].sc[0][0].sd = 1;
			if (i == 7)
				o[i].sc[0][0].n = 1;
			assert_int_equal(sdt_benchmark_add(b, "O", ins, &o[i].g), SDT_OK);
		}
		assert_int_equal(sdt_benchmark_compute(b), SDT_OK);
		assert_true(b->scales[0].orgs_ranked);
		assert_int_equal(b->scales[0].orgs_banded, k == 8);
		assert_true(fabs(b->orgs[2].cells[0].ci_lo - (3 - 0.715357)) < 1e-5);
		assert_true(fabs(b->orgs[2].cells[0].ci_hi - (3 + 0.715357)) < 1e-5);
		for (i = 0; i < k; i++) {
			assert_false(isnan(b->orgs[i].cells[0].percentile));
			assert_int_equal(b->orgs[i].cells[0].band, k == 8 ? want_band[i] : 0);
			assert_int_equal(b->orgs[i].cells[0].uncertain, k == 8 ? want_unc[i] : 0);
		}
		sdt_benchmark_free(b);
	}
	sdt_instrument_free(ins);
}

/* Four organisations: means kept, nothing ranked. A fifth whose mean is
 * hidden does not count either. */
static void test_too_few(void **state)
{
	static const double means[5] = {1, 2, 3, 4, NAN};
	sdt_instrument *ins = parse(INS_A);
	sdt_benchmark *b = NULL;
	org o[5];
	size_t i;

	(void)state;
	assert_int_equal(sdt_benchmark_new(&b), SDT_OK);
	for (i = 0; i < 5; i++) {
		make_org(&o[i], 1, 0, &means[i], NULL);
		assert_int_equal(sdt_benchmark_add(b, "O", ins, &o[i].g), SDT_OK);
	}
	assert_int_equal(sdt_benchmark_compute(b), SDT_OK);
	assert_false(b->scales[0].orgs_ranked);
	assert_int_equal(b->scales[0].orgs.n, 4);
	for (i = 0; i < 5; i++) {
		assert_true(isnan(b->orgs[i].cells[0].percentile));
		assert_int_equal(b->orgs[i].cells[0].band, 0);
	}
	assert_true(b->orgs[4].cells[0].hidden && isnan(b->orgs[4].cells[0].mean));
	assert_true(b->orgs[0].cells[0].mean == 1);
	sdt_benchmark_free(b);
	sdt_instrument_free(ins);
}

/* Teams rank only when visible teams come from 5 organisations: here
 * 6 teams from 3 organisations -> not ranked; hidden teams never enter. */
static void test_teams_need_orgs(void **state)
{
	static const double root = 3;
	static const double teams[3] = {1, 2, NAN};
	sdt_instrument *ins = parse(INS_A);
	sdt_benchmark *b = NULL;
	org o[5];
	size_t i;

	(void)state;
	assert_int_equal(sdt_benchmark_new(&b), SDT_OK);
	for (i = 0; i < 5; i++) {
		make_org(&o[i], 1, i < 3 ? 3 : 0, &root, teams);
		/* A hidden group (under the threshold) stays out entirely. */
		o[i].grp[3].hidden = 1;
		assert_int_equal(sdt_benchmark_add(b, "O", ins, &o[i].g), SDT_OK);
	}
	assert_int_equal(sdt_benchmark_compute(b), SDT_OK);
	assert_int_equal(b->n_teams, 6);
	assert_int_equal(b->scales[0].team_orgs, 3);
	assert_false(b->scales[0].teams_ranked);
	assert_true(b->scales[0].orgs_ranked);
	assert_string_equal(b->teams[0].name, "T1");
	sdt_benchmark_free(b);
	sdt_instrument_free(ins);
}

/* Instruments a and b share scale "s" by id only within an instrument:
 * a.s and b.s are different benchmark scales, and b.t is a third; an
 * organisation on a has no figure for b's scales (not hidden). */
static void test_instruments(void **state)
{
	static const double ma = 3, mb[2] = {4, 2};
	sdt_instrument *a = parse(INS_A), *bi = parse(INS_B);
	sdt_benchmark *b = NULL;
	org oa, ob;

	(void)state;
	assert_int_equal(sdt_benchmark_new(&b), SDT_OK);
	make_org(&oa, 1, 0, &ma, NULL);
	make_org(&ob, 2, 0, mb, NULL);
	assert_int_equal(sdt_benchmark_add(b, "A", a, &oa.g), SDT_OK);
	assert_int_equal(sdt_benchmark_add(b, "B", bi, &ob.g), SDT_OK);
	assert_int_equal(sdt_benchmark_compute(b), SDT_OK);
	assert_int_equal(b->n_scales, 3);
	assert_true(b->orgs[0].cells[0].mean == 3);
	assert_true(isnan(b->orgs[0].cells[1].mean) && !b->orgs[0].cells[1].hidden);
	assert_true(isnan(b->orgs[1].cells[0].mean) && b->orgs[1].cells[1].mean == 4 &&
	            b->orgs[1].cells[2].mean == 2);
	/* Groups of another instrument are refused. */
	assert_int_equal(sdt_benchmark_add(b, "C", a, &ob.g), SDT_EUSAGE);
	sdt_benchmark_free(b);
	sdt_benchmark_free(NULL);
	sdt_instrument_free(a);
	sdt_instrument_free(bi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ties_and_bands),
		cmocka_unit_test(test_bands_need_eight),
		cmocka_unit_test(test_too_few),
		cmocka_unit_test(test_teams_need_orgs),
		cmocka_unit_test(test_instruments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
