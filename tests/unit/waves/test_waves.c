/*
 * test_waves.c - change between waves: paired only for identical scored
 * membership, Welch otherwise, renames, and Benjamini-Hochberg. Expected
 * values are worked by hand in the comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "compare.h"
#include "sdtscore.h"

static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"w\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"q1\"], \"min_answered\": 1}]}\n";

static sdt_instrument *ins;
static sdt_scores *scores;

static int setup(void **state)
{
	(void)state;
	assert_int_equal(sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "w.json"), SDT_OK);
	assert_int_equal(sdt_scores_new(&scores, ins), SDT_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sdt_scores_free(scores);
	sdt_instrument_free(ins);
	return 0;
}

static void add(sdt_wave *w, const char *id, const char *team, int value)
{
	sdt_response r = {0};

	r.id = id;
	r.team = team;
	r.values = &value;
	sdt_score_response(scores, ins, &r);
	assert_int_equal(sdt_wave_add(w, &r, scores), SDT_OK);
}

static void test_bh(void **state)
{
	/* Sorted p: .005 .01 .03 .04 (m = 4): m p / rank = .02 .02 .04 .04;
	 * running minimum from the top leaves them so. R: p.adjust(c(.01, .04,
	 * .03, .005), "BH") = 0.02 0.04 0.04 0.02. */
	const double p[] = {0.01, 0.04, 0.03, 0.005, NAN};
	double adj[5];

	(void)state;
	assert_int_equal(sdt_bh(p, 5, adj), SDT_OK);
	assert_true(fabs(adj[0] - 0.02) < 1e-15);
	assert_true(fabs(adj[1] - 0.04) < 1e-15);
	assert_true(fabs(adj[2] - 0.04) < 1e-15);
	assert_true(fabs(adj[3] - 0.02) < 1e-15);
	assert_true(isnan(adj[4]));
}

static void test_paired_same_members(void **state)
{
	sdt_wave *a, *b;
	sdt_change c;

	(void)state;
	/* Same three people: differences +1, +2, +3: mean 2, sd 1, t = 2 / (1 /
	 * sqrt 3) = 2 sqrt 3, df 2, d_z = 2; CI 2 +- t(.975, 2) / sqrt 3 with
	 * t(.975, 2) = 4.302652729749464. */
	assert_int_equal(sdt_wave_new(&a, ins, "w1"), SDT_OK);
	assert_int_equal(sdt_wave_new(&b, ins, "w2"), SDT_OK);
	add(a, "p1", "Org/A", 1);
	add(a, "p2", "Org/A", 2);
	add(a, "p3", "Org/A", 1);
	add(a, "x", "Org/B", 5);
	add(b, "p3", "Org/A", 4);
	add(b, "p2", "Org/A", 4);
	add(b, "p1", "Org/A", 2);
	assert_int_equal(sdt_wave_finish(a), SDT_OK);
	assert_int_equal(sdt_wave_finish(b), SDT_OK);
	assert_int_equal(sdt_wave_change(&c, a, b, "Org/A", 0, 0), SDT_OK);
	assert_int_equal(c.test, SDT_TEST_PAIRED);
	assert_int_equal(c.n_paired, 3);
	assert_true(fabs(c.difference - 2.0) < 1e-12);
	assert_true(fabs(c.t - 2.0 * sqrt(3.0)) < 1e-12);
	assert_true(fabs(c.df - 2.0) < 1e-12);
	assert_true(fabs(c.effect_size - 2.0) < 1e-12);
	assert_true(fabs(c.ci[1] - (2.0 + 4.302652729749464 / sqrt(3.0))) < 1e-9);
	/* Hedges' g of the waves: prev 1,2,1 (var 1/3), cur 2,4,4 (var 4/3);
	 * pooled var (2/3 + 8/3) / 4 = 5/6; J = 1 - 3 / (4 * 6 - 9) = 0.8. */
	assert_true(fabs(c.hedges_g - 0.8 * 2.0 / sqrt(5.0 / 6.0)) < 1e-12);
	/* The organisation lost x: Welch, and one leaver. */
	assert_int_equal(sdt_wave_change(&c, a, b, NULL, 0, 0), SDT_OK);
	assert_int_equal(c.test, SDT_TEST_WELCH);
	assert_int_equal(c.left, 1);
	assert_int_equal(c.n_paired, 0);
	sdt_wave_free(a);
	sdt_wave_free(b);
}

static void test_joiner_forces_welch(void **state)
{
	sdt_wave *a, *b;
	sdt_change c;

	(void)state;
	/* One joiner: a paired mean over p1..p3 next to the full means would
	 * give the joiner's score, so the change is Welch on the wave means.
	 * prev 1,2,1 (mean 4/3, m2 = 2/3); cur 2,4,4,5 (mean 15/4, m2 = 4.75);
	 * difference 15/4 - 4/3 = 29/12. Welch se2 = (4.75/3)/4 + (1/3)/3 =
	 * 19/48 + 1/9 = 73/144; t = (29/12) / sqrt(73/144) = 29 / sqrt 73. */
	assert_int_equal(sdt_wave_new(&a, ins, "w1"), SDT_OK);
	assert_int_equal(sdt_wave_new(&b, ins, "w2"), SDT_OK);
	add(a, "p1", "Org/A", 1);
	add(a, "p2", "Org/A", 2);
	add(a, "p3", "Org/A", 1);
	add(b, "p1", "Org/A", 2);
	add(b, "p2", "Org/A", 4);
	add(b, "p3", "Org/A", 4);
	add(b, "p4", "Org/A", 5);
	assert_int_equal(sdt_wave_finish(a), SDT_OK);
	assert_int_equal(sdt_wave_finish(b), SDT_OK);
	assert_int_equal(sdt_wave_change(&c, a, b, "Org/A", 0, 0), SDT_OK);
	assert_int_equal(c.test, SDT_TEST_WELCH);
	assert_int_equal(c.joined, 1);
	assert_true(fabs(c.difference - 29.0 / 12.0) < 1e-12);
	assert_true(fabs(c.t - 29.0 / sqrt(73.0)) < 1e-12);
	sdt_wave_free(a);
	sdt_wave_free(b);
}

static void test_unscored_stayer_forces_welch(void **state)
{
	sdt_wave *a, *b;
	sdt_change c;
	sdt_response r = {0};
	int missing = SDT_MISSING;

	(void)state;
	/* Same members, but p3 answered nothing in wave 2: the paired subset
	 * (p1, p2) differs from wave 1's scored set, so Welch. */
	assert_int_equal(sdt_wave_new(&a, ins, "w1"), SDT_OK);
	assert_int_equal(sdt_wave_new(&b, ins, "w2"), SDT_OK);
	add(a, "p1", "Org/A", 1);
	add(a, "p2", "Org/A", 2);
	add(a, "p3", "Org/A", 3);
	add(b, "p1", "Org/A", 2);
	add(b, "p2", "Org/A", 4);
	r.id = "p3";
	r.team = "Org/A";
	r.values = &missing;
	sdt_score_response(scores, ins, &r);
	assert_int_equal(sdt_wave_add(b, &r, scores), SDT_OK);
	assert_int_equal(sdt_wave_finish(a), SDT_OK);
	assert_int_equal(sdt_wave_finish(b), SDT_OK);
	assert_int_equal(sdt_wave_change(&c, a, b, "Org/A", 0, 0), SDT_OK);
	assert_int_equal(c.test, SDT_TEST_WELCH);
	assert_int_equal(c.n_previous, 3);
	assert_int_equal(c.n_current, 2);
	sdt_wave_free(a);
	sdt_wave_free(b);
}

static void test_rename(void **state)
{
	sdt_wave *a, *b;
	sdt_change c;
	size_t moved;

	(void)state;
	/* Org/Old became Org/New: after the rename the same three people are
	 * matched paired; "Org/Older" must not be caught by the prefix. */
	assert_int_equal(sdt_wave_new(&a, ins, "w1"), SDT_OK);
	assert_int_equal(sdt_wave_new(&b, ins, "w2"), SDT_OK);
	add(a, "p1", "Org/Old/T", 1);
	add(a, "p2", "Org/Old/T", 2);
	add(a, "p3", "Org/Old", 3);
	add(a, "q1", "Org/Older", 3);
	add(b, "p1", "Org/New/T", 2);
	add(b, "p2", "Org/New/T", 3);
	add(b, "p3", "Org/New", 5);
	add(b, "q1", "Org/Older", 3);
	assert_int_equal(sdt_wave_rename(a, "Org/Old", "Org/New", &moved), SDT_OK);
	assert_int_equal(moved, 3);
	assert_int_equal(sdt_wave_finish(a), SDT_OK);
	assert_int_equal(sdt_wave_finish(b), SDT_OK);
	assert_int_equal(sdt_wave_group_size(a, "Org/New/T", 0), 2);
	assert_int_equal(sdt_wave_group_size(a, "Org/New", 0), 3);
	assert_int_equal(sdt_wave_group_size(a, "Org/New", 1), 1);
	assert_int_equal(sdt_wave_group_size(a, "Org/Old", 0), 0);
	assert_int_equal(sdt_wave_change(&c, a, b, "Org/New", 0, 0), SDT_OK);
	assert_int_equal(c.test, SDT_TEST_PAIRED);
	/* differences 1, 1, 2: mean 4/3 */
	assert_true(fabs(c.difference - 4.0 / 3.0) < 1e-12);
	/* exact: only p3 sits at Org/New itself: one person, no test */
	assert_int_equal(sdt_wave_change(&c, a, b, "Org/New", 1, 0), SDT_OK);
	assert_int_equal(c.test, SDT_TEST_NONE);
	assert_int_equal(c.n_current, 1);
	sdt_wave_free(a);
	sdt_wave_free(b);
}

static void test_duplicate_id(void **state)
{
	sdt_wave *a;

	(void)state;
	assert_int_equal(sdt_wave_new(&a, ins, "w1"), SDT_OK);
	add(a, "p1", "Org/A", 1);
	add(a, "p1", "Org/A", 2);
	assert_int_equal(sdt_wave_finish(a), SDT_EDATA);
	assert_string_equal(sdt_error_message(), "wave 'w1': respondent id 'p1' appears twice");
	sdt_wave_free(a);
	sdt_wave_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bh),
		cmocka_unit_test(test_paired_same_members),
		cmocka_unit_test(test_joiner_forces_welch),
		cmocka_unit_test(test_unscored_stayer_forces_welch),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_duplicate_id),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
