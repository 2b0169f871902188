/*
 * test_quality.c - careless-response flags on hand-made answer patterns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sdtscore.h"

/* 12 items on 1..5: a long string is >= max(12 / 2, 6) = 6 in a row. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"q\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"a1\", \"reverse\": false}, {\"id\": \"a2\", \"reverse\": false},\n"
	"  {\"id\": \"a3\", \"reverse\": false}, {\"id\": \"a4\", \"reverse\": false},\n"
	"  {\"id\": \"a5\", \"reverse\": false}, {\"id\": \"a6\", \"reverse\": false},\n"
	"  {\"id\": \"a7\", \"reverse\": false}, {\"id\": \"a8\", \"reverse\": false},\n"
	"  {\"id\": \"a9\", \"reverse\": false}, {\"id\": \"a10\", \"reverse\": false},\n"
	"  {\"id\": \"a11\", \"reverse\": false}, {\"id\": \"a12\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"a1\", \"a2\", \"a3\"], \"min_answered\": 1}]}\n";

#define M SDT_MISSING

static void add(sdt_quality *q, sdt_scores *sc, const sdt_instrument *ins,
                const sdt_response *r)
{
	sdt_score_response(sc, ins, r);
	sdt_quality_add(q, r, sc);
}

static void test_flags(void **state)
{
	sdt_instrument *ins = NULL;
	sdt_scores *sc = NULL;
	sdt_quality q;
	sdt_response r = {0};
	/* all 3s: zero variance and a run of 12 */
	const int flat[12] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	/* six 2s in a row with one skipped item inside: a run of 6, not flat */
	const int run6[12] = {1, 2, 2, 2, M, 2, 2, 2, 4, 5, 1, 3};
	/* five in a row only */
	const int run5[12] = {2, 2, 2, 2, 2, 1, 3, 4, 5, 1, 3, 4};
	/* three answers all 4: too few answers for the zero-variance flag */
	const int few[12] = {4, 4, 4, M, M, M, M, M, M, M, M, M};

	(void)state;
	assert_int_equal(sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "q.json"), SDT_OK);
	assert_int_equal(sdt_scores_new(&sc, ins), SDT_OK);
	sdt_quality_init(&q, ins);
	assert_int_equal(q.long_string_min, 6);
	r.id = "x";
	r.values = flat;
	add(&q, sc, ins, &r);
	r.team = "Org/A";
	r.values = run6;
	add(&q, sc, ins, &r);
	r.values = run5;
	add(&q, sc, ins, &r);
	r.values = few;
	add(&q, sc, ins, &r);
	assert_int_equal(q.responses, 4);
	assert_int_equal(q.no_team, 1);
	assert_int_equal(q.zero_variance, 1);
	assert_int_equal(q.long_string, 2);
	sdt_scores_free(sc);
	sdt_instrument_free(ins);
}

/* An instrument of n scales of two items each (s<k>a, s<k>b), 1..5. */
static sdt_instrument *pairs(size_t n)
{
	char text[8192], *p = text;
	sdt_instrument *ins = NULL;
	size_t k;

	p += sprintf(p, "{\"format\": \"sdtscore-instrument/1\", \"id\": \"p\", "
	             "\"version\": \"1\", \"response_scale\": {\"min\": 1, \"max\": 5}, "
	             "\"items\": [");
	for (k = 0; k < n; k++)
		p += sprintf(p, "%s{\"id\": \"s%zua\", \"reverse\": false}, "
		             "{\"id\": \"s%zub\", \"reverse\": false}", k ? ", " : "", k, k);
	p += sprintf(p, "], \"scales\": [");
	for (k = 0; k < n; k++)
		p += sprintf(p, "%s{\"id\": \"s%zu\", \"items\": [\"s%zua\", \"s%zub\"], "
		             "\"min_answered\": 1}", k ? ", " : "", k, k, k);
	sprintf(p, "]}");
	assert_int_equal(sdt_instrument_parse(&ins, text, strlen(text), "p.json"), SDT_OK);
	return ins;
}

/* Odd items (position 1) and even items (position 2) of the scales point
 * opposite ways: odd 1, 5, 3, 1, 5, ... even 5, 1, 3, 5, 1, ...: the half
 * means correlate -1 and Spearman-Brown's 2r / (1 + r) is -inf, held at
 * -1. The rule applies from 10 scales of two items, not over 3. */
static void test_evenodd_gate(void **state)
{
	static const int odd[3] = {1, 5, 3}, even[3] = {5, 1, 3};
	int v[20];
	sdt_response r = {0};
	sdt_careless c;
	sdt_instrument *few = pairs(3), *many = pairs(10);
	sdt_scores *sf = NULL, *sm = NULL;
	size_t k;

	(void)state;
	for (k = 0; k < 10; k++) {
		v[2 * k] = odd[k % 3];
		v[2 * k + 1] = even[k % 3];
	}
	r.id = "x";
	r.values = v;
	assert_int_equal(sdt_scores_new(&sf, few), SDT_OK);
	assert_int_equal(sdt_scores_new(&sm, many), SDT_OK);
	sdt_score_response(sf, few, &r);
	sdt_score_response(sm, many, &r);
	sdt_careless_compute(&c, few, &r, sf->keyed);
	assert_true(c.evenodd == -1.0);
	assert_false(c.flags & SDT_CARELESS_EVENODD);
	assert_int_equal(sdt_careless_rules_for(few), SDT_CARELESS_ALL & ~SDT_CARELESS_EVENODD);
	sdt_careless_compute(&c, many, &r, sm->keyed);
	assert_true(c.evenodd == -1.0);
	assert_true(c.flags & SDT_CARELESS_EVENODD);
	assert_int_equal(sdt_careless_rules_for(many), SDT_CARELESS_ALL);
	sdt_scores_free(sf);
	sdt_scores_free(sm);
	sdt_instrument_free(few);
	sdt_instrument_free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_evenodd_gate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
