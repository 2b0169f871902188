/*
 * test_simulate.c - the simulator: reproducibility by seed, answers in
 * range, the missing rate, the item correlations the model implies, the
 * team layout, option checks, and no allocation per respondent (memory
 * does not grow with N). Tolerances are derived in the comments.
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

/* Scale 1..5. as: q1, q2, q3 (reversed), autonomy satisfaction;
 * af: q4, q5, q6, autonomy frustration. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"t\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}, {\"id\": \"q2\", \"reverse\": false},\n"
	"  {\"id\": \"q3\", \"reverse\": true}, {\"id\": \"q4\", \"reverse\": false},\n"
	"  {\"id\": \"q5\", \"reverse\": false}, {\"id\": \"q6\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"as\", \"items\": [\"q1\", \"q2\", \"q3\"], \"min_answered\": 2,\n"
	"   \"need\": \"autonomy\", \"valence\": \"satisfaction\"},\n"
	"  {\"id\": \"af\", \"items\": [\"q4\", \"q5\", \"q6\"], \"min_answered\": 2,\n"
	"   \"need\": \"autonomy\", \"valence\": \"frustration\"}]}\n";

#define N_ITEMS 6

static sdt_instrument *load(void)
{
	sdt_instrument *ins = NULL;

	assert_int_equal(sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "t.json"), SDT_OK);
	return ins;
}

static const char *const modes[] = {"onsite", "hybrid", "remote"};
static const sdt_simulate_attribute work_mode = {"work_mode", modes, 3};

static sdt_simulate *start(const sdt_instrument *ins, size_t n, size_t teams,
                            unsigned long seed, double missing, double careless)
{
	sdt_simulate_options o;
	sdt_simulate *sim = NULL;

	sdt_simulate_options_init(&o);
	o.respondents = n;
	o.teams = teams;
	o.seed = seed;
	o.missing = missing;
	o.careless = careless;
	o.attributes = &work_mode;
	o.n_attributes = 1;
	assert_int_equal(sdt_simulate_new(&sim, ins, &o), SDT_OK);
	return sim;
}

/* Everything a response carries, as one line, to compare runs. */
static void flatten(const sdt_simulate_response *r, char *buf, size_t len)
{
	size_t j, at;

	at = (size_t)snprintf(buf, len, "%s|%s|%s|%d", r->id, r->team, r->attr_values[0],
	                      r->careless);
	for (j = 0; j < r->n_values && at < len; j++)
		at += (size_t)snprintf(buf + at, len - at, ",%d", r->values[j]);
}

/* Number of responses that differ between seeds a and b (n of them). */
static size_t count_differences(unsigned long a, unsigned long b, size_t n)
{
	sdt_instrument *ins = load();
	sdt_simulate *s1 = start(ins, n, 20, a, 0.05, 0.02);
	sdt_simulate *s2 = start(ins, n, 20, b, 0.05, 0.02);
	const sdt_simulate_response *r1, *r2;
	char b1[256], b2[256];
	size_t seen = 0, diff = 0;

	for (;;) {
		assert_int_equal(sdt_simulate_next(s1, &r1), SDT_OK);
		assert_int_equal(sdt_simulate_next(s2, &r2), SDT_OK);
		assert_true((r1 == NULL) == (r2 == NULL));
		if (!r1)
			break;
		flatten(r1, b1, sizeof b1);
		flatten(r2, b2, sizeof b2);
		diff += strcmp(b1, b2) != 0;
		seen++;
	}
	assert_int_equal(seen, n);
	sdt_simulate_free(s1);
	sdt_simulate_free(s2);
	sdt_instrument_free(ins);
	return diff;
}

static void test_same_seed_same_output(void **state)
{
	(void)state;
	assert_int_equal(count_differences(7, 7, 500), 0);
}

static void test_other_seed_other_output(void **state)
{
	(void)state;
	/* 500 respondents of 6 five-point answers: identical runs by chance
	 * are out of the question, and most responses should differ. */
	assert_true(count_differences(1, 2, 500) > 400);
}

static void test_answers_in_range(void **state)
{
	sdt_instrument *ins = load();
	sdt_simulate *sim = start(ins, 5000, 50, 3, 0.0, 0.0);
	const sdt_simulate_response *r;
	size_t j, n = 0, hits[6] = {0};

	(void)state;
	while (sdt_simulate_next(sim, &r) == SDT_OK && r) {
		assert_int_equal(r->n_values, N_ITEMS);
		assert_false(r->careless);
		for (j = 0; j < N_ITEMS; j++) {
			assert_true(r->values[j] >= 1 && r->values[j] <= 5);
			hits[r->values[j]]++;
		}
		n++;
	}
	assert_int_equal(n, 5000);
	/* Every point is used: the thresholds are roughly equal-probability. */
	for (j = 1; j <= 5; j++)
		assert_true(hits[j] > 5000 * N_ITEMS / 20);
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
}

static void test_careless_straight_lines(void **state)
{
	sdt_instrument *ins = load();
	sdt_simulate *sim = start(ins, 200, 10, 5, 0.3, 1.0);
	const sdt_simulate_response *r;
	size_t j;

	(void)state;
	while (sdt_simulate_next(sim, &r) == SDT_OK && r) {
		assert_true(r->careless);
		for (j = 0; j < N_ITEMS; j++)
			assert_int_equal(r->values[j], r->values[0]);
		assert_true(r->values[0] >= 1 && r->values[0] <= 5);
	}
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
}

/* With careless = 0 each of the n = N * items answers is missing
 * independently with probability p, so the count is Binomial(n, p): the
 * observed share has mean p and sd sqrt(p (1 - p) / n). For p = 0.05 and
 * n = 20000 * 6 = 120000 that sd is 6.29e-4; a 4-sigma band (2.5e-3) is
 * exceeded by chance with probability 6e-5, and the seed is fixed anyway. */
static void test_missing_rate(void **state)
{
	const double p = 0.05;
	sdt_instrument *ins = load();
	sdt_simulate *sim = start(ins, 20000, 200, 11, p, 0.0);
	const sdt_simulate_response *r;
	size_t j, n = 0, miss = 0;
	double share, sd;

	(void)state;
	while (sdt_simulate_next(sim, &r) == SDT_OK && r) {
		for (j = 0; j < N_ITEMS; j++, n++)
			miss += r->values[j] == SDT_MISSING;
	}
	share = (double)miss / (double)n;
	sd = sqrt(p * (1.0 - p) / (double)n);
	assert_true(fabs(share - p) < 4.0 * sd);
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
}

typedef struct pair_sums {
	double n, sx, sy, sxx, syy, sxy;
} pair_sums;

static void pair_add(pair_sums *p, double x, double y)
{
	p->n++;
	p->sx += x;
	p->sy += y;
	p->sxx += x * x;
	p->syy += y * y;
	p->sxy += x * y;
}

static double pair_r(const pair_sums *p)
{
	double cxy = p->sxy - p->sx * p->sy / p->n;
	double cxx = p->sxx - p->sx * p->sx / p->n;
	double cyy = p->syy - p->sy * p->sy / p->n;

	return cxy / sqrt(cxx * cyy);
}

/* Two items of one scale share the latent (variance 1, team part
 * included), so their normal values correlate loading^2 = 0.49. Cutting
 * them into 5 points attenuates that: integrating the bivariate normal
 * over the simulator's cuts (Phi^-1(k/5) - 0.25) gives exactly 0.4407,
 * i.e. 0.049 below loading^2. Sampling error: N = 20000 in 2000 teams of
 * about 10 with icc 0.1 gives a design effect of at most 1 + 9 * 0.1 = 1.9,
 * so se(r) ~ (1 - 0.44^2) / sqrt(20000 / 1.9) = 0.0079, and 4 se = 0.032.
 * Hence |r - 0.4407| < 0.032, and |r - loading^2| < 0.049 + 0.032 < 0.09.
 * The reversed q3 correlates the same way once keyed back (6 - x). Items of
 * the frustration scale of the same need run against it: the latent
 * correlation is -(0.55^2 + 0.45^2) = -0.505, times 0.49 and the
 * attenuation, about -0.22; asserting < -0.1 leaves wide room. */
static void test_item_correlations(void **state)
{
	sdt_instrument *ins = load();
	sdt_simulate *sim = start(ins, 20000, 2000, 13, 0.0, 0.0);
	const sdt_simulate_response *r;
	pair_sums same = {0}, keyed = {0}, against = {0};

	(void)state;
	while (sdt_simulate_next(sim, &r) == SDT_OK && r) {
		pair_add(&same, r->values[0], r->values[1]);
		pair_add(&keyed, r->values[0], 6 - r->values[2]);
		pair_add(&against, r->values[0], r->values[3]);
	}
	assert_true(pair_r(&same) > 0.0);
	assert_true(fabs(pair_r(&same) - 0.4407) < 0.032);
	assert_true(fabs(pair_r(&same) - 0.49) < 0.09);
	assert_true(fabs(pair_r(&keyed) - 0.4407) < 0.032);
	assert_true(pair_r(&against) < -0.1);
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
}

/* Planned sizes add up to N, every response lands in a listed team, the
 * counts match the plan, and some team is small (1..4). */
static void test_teams(void **state)
{
	sdt_instrument *ins = load();
	sdt_simulate *sim = start(ins, 300, 20, 17, 0.03, 0.01);
	const sdt_simulate_response *r;
	size_t t, total = 0, got[20] = {0}, small = 0, n = 0;

	(void)state;
	assert_int_equal(sdt_simulate_team_count(sim), 20);
	for (t = 0; t < 20; t++) {
		total += sdt_simulate_team_size(sim, t);
		small += sdt_simulate_team_size(sim, t) <= 4;
		assert_true(sdt_simulate_team_size(sim, t) >= 1);
		assert_true(strncmp(sdt_simulate_team_path(sim, t), "Org/", 4) == 0);
	}
	assert_int_equal(total, 300);
	assert_true(small >= 1);
	while (sdt_simulate_next(sim, &r) == SDT_OK && r) {
		for (t = 0; t < 20; t++)
			if (strcmp(r->team, sdt_simulate_team_path(sim, t)) == 0)
				break;
		assert_true(t < 20);
		got[t]++;
		n++;
		if (n == 1)
			assert_string_equal(r->id, "r000001");
	}
	for (t = 0; t < 20; t++)
		assert_int_equal(got[t], sdt_simulate_team_size(sim, t));
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
}

static void test_bad_options(void **state)
{
	sdt_instrument *ins = load();
	sdt_simulate_options o;
	sdt_simulate *sim = NULL;

	(void)state;
	sdt_simulate_options_init(&o);
	assert_int_equal(sdt_simulate_new(&sim, ins, &o), SDT_EUSAGE); /* N = 0 */
	assert_null(sim);
	o.respondents = 10;
	o.teams = 11;
	assert_int_equal(sdt_simulate_new(&sim, ins, &o), SDT_EUSAGE);
	assert_non_null(strstr(sdt_error_message(), "teams"));
	o.teams = 2;
	o.loading = 0.0;
	assert_int_equal(sdt_simulate_new(&sim, ins, &o), SDT_EUSAGE);
	o.loading = 0.7;
	o.icc = NAN;
	assert_int_equal(sdt_simulate_new(&sim, ins, &o), SDT_EUSAGE);
	o.icc = 0.1;
	o.missing = 1.0;
	assert_int_equal(sdt_simulate_new(&sim, ins, &o), SDT_EUSAGE);
	sdt_instrument_free(ins);
}

static size_t n_allocs;

static void *count_malloc(size_t size)
{
	n_allocs++;
	return malloc(size);
}

static void *count_realloc(void *p, size_t size)
{
	n_allocs++;
	return realloc(p, size);
}

/* Streaming: once set up, drawing respondents allocates nothing, so memory
 * cannot grow with N. */
static void test_no_allocation_per_respondent(void **state)
{
	const sdt_allocator counting = {count_malloc, count_realloc, free};
	sdt_instrument *ins;
	sdt_simulate *sim;
	const sdt_simulate_response *r;
	size_t n = 0;

	(void)state;
	sdt_set_allocator(&counting);
	ins = load();
	sim = start(ins, 50000, 100, 19, 0.02, 0.01);
	n_allocs = 0;
	while (sdt_simulate_next(sim, &r) == SDT_OK && r)
		n++;
	assert_int_equal(n, 50000);
	assert_int_equal(n_allocs, 0);
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
	sdt_set_allocator(NULL);
}

/* The bundled pulse, as the examples use it. */
static void test_bundled_pulse(void **state)
{
	sdt_instrument *ins = NULL;
	sdt_simulate *sim;
	const sdt_simulate_response *r;
	size_t n = 0;

	(void)state;
	assert_int_equal(sdt_instrument_load_bundled(&ins, "learning-leadership-pulse"), SDT_OK);
	sim = start(ins, 100, 8, 1, 0.0, 0.0);
	while (sdt_simulate_next(sim, &r) == SDT_OK && r) {
		assert_int_equal(r->n_values, sdt_instrument_item_count(ins));
		n++;
	}
	assert_int_equal(n, 100);
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_output),
		cmocka_unit_test(test_other_seed_other_output),
		cmocka_unit_test(test_answers_in_range),
		cmocka_unit_test(test_careless_straight_lines),
		cmocka_unit_test(test_missing_rate),
		cmocka_unit_test(test_item_correlations),
		cmocka_unit_test(test_teams),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_no_allocation_per_respondent),
		cmocka_unit_test(test_bundled_pulse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
