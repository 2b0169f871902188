/*
 * test_breakdown.c - attribute breakdowns: both leaks a naive rule opens
 * (across the values of one group, and down the hierarchy for one value)
 * closed, on crafted and random organisations.
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
#include "../common/leakcheck.h"

static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"b\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"q1\"], \"min_answered\": 1}]}\n";

typedef struct fx {
	sdt_instrument *ins;
	sdt_scores *scores;
	sdt_groupacc *gacc;
	sdt_breakdownacc *bacc;
	sdt_groups *groups;
	sdt_breakdown *bd;
	/* the test's own record: respondents per team and mode (NULL: none) */
	size_t n_rec;
	char rec_team[LC_MAX_INNER][32];
	const char *rec_mode[LC_MAX_INNER];
	double rec_n[LC_MAX_INNER];
} fx;

static void setup(fx *f)
{
	memset(f, 0, sizeof *f);
	assert_int_equal(sdt_instrument_parse(&f->ins, INSTRUMENT, strlen(INSTRUMENT), "b.json"), SDT_OK);
	assert_int_equal(sdt_scores_new(&f->scores, f->ins), SDT_OK);
	assert_int_equal(sdt_groupacc_new(&f->gacc, f->ins), SDT_OK);
	assert_int_equal(sdt_groupacc_by(f->gacc, "work_mode"), SDT_OK);
	assert_int_equal(sdt_breakdownacc_new(&f->bacc, f->ins, "work_mode"), SDT_OK);
}

static void teardown(fx *f)
{
	sdt_breakdown_free(f->bd);
	sdt_groups_free(f->groups);
	sdt_breakdownacc_free(f->bacc);
	sdt_groupacc_free(f->gacc);
	sdt_scores_free(f->scores);
	sdt_instrument_free(f->ins);
}

static void add(fx *f, const char *team, const char *mode, int count, int value)
{
	static const char *const names[] = {"work_mode"};
	const char *values[1];
	sdt_response r = {0};
	int i;

	values[0] = mode;
	r.id = "x";
	r.team = team;
	r.values = &value;
	r.n_attributes = 1;
	r.attr_names = names;
	r.attr_values = values;
	for (i = 0; i < count; i++) {
		sdt_score_response(f->scores, f->ins, &r);
		assert_int_equal(sdt_groupacc_add(f->gacc, &r, f->scores), SDT_OK);
		assert_int_equal(sdt_breakdownacc_add(f->bacc, &r, f->scores), SDT_OK);
	}
	assert_true(f->n_rec < LC_MAX_INNER);
	snprintf(f->rec_team[f->n_rec], sizeof f->rec_team[0], "%s", team);
	f->rec_mode[f->n_rec] = mode;
	f->rec_n[f->n_rec++] = count;
}

static void compute(fx *f)
{
	sdt_groups_options opt = SDT_GROUPS_OPTIONS_INIT;

	opt.min_group = 5;
	opt.alpha = 0.05;
	assert_int_equal(sdt_groups_compute(&f->groups, f->gacc, &opt), SDT_OK);
	assert_int_equal(sdt_breakdown_compute(&f->bd, f->bacc, f->groups, 0.05), SDT_OK);
}

static size_t value_of(const sdt_breakdown *b, const char *v)
{
	size_t i;

	for (i = 0; i < b->n_values; i++)
		if (strcmp(b->values[i], v) == 0)
			return i;
	fail_msg("no value %s", v);
	return 0;
}

static const sdt_breakdown_cell *cell(fx *f, const char *path, const char *v)
{
	long g = sdt_groups_find(f->groups, path);

	assert_true(g >= 0);
	return sdt_breakdown_cell_at(f->bd, (size_t)g, value_of(f->bd, v), 0);
}

/* Record k's vector entry for group `path` (root: all) and mode (NULL:
 * any mode, the group's own cell). */
static double in_cell(const fx *f, size_t k, const char *path, int root, const char *mode)
{
	size_t n = strlen(path);
	int inside = root || (strncmp(f->rec_team[k], path, n) == 0 &&
	                      (f->rec_team[k][n] == '\0' || f->rec_team[k][n] == '/'));

	if (mode && (!f->rec_mode[k] || strcmp(f->rec_mode[k], mode) != 0))
		return 0.0;
	return inside ? 1.0 : 0.0;
}

/* Cell (g, v) of the published system: v = n_values is the group's own. */
static void cell_vector(const fx *f, size_t g, size_t v, double *out)
{
	size_t k;

	for (k = 0; k < f->n_rec; k++)
		out[k] = in_cell(f, k, f->groups->groups[g].path, g == 0,
		                 v < f->bd->n_values ? f->bd->values[v] : NULL);
}

static int cell_hidden(const fx *f, size_t g, size_t v, size_t *n)
{
	const sdt_breakdown_cell *c;

	if (v == f->bd->n_values) {
		*n = f->groups->groups[g].scales[0].n;
		return f->groups->groups[g].scales[0].hidden;
	}
	c = sdt_breakdown_cell_at(f->bd, g, v, 0);
	*n = c->n;
	return c->hidden;
}

/* An attacker's view of every published cell (groups and breakdown):
 * visible cells have n >= 5, and no hidden cell and no team x mode of
 * 1..4 respondents is a linear combination of visible ones (dense ranks
 * over the test's own record, not the engine's). */
static void assert_no_leak(fx *f)
{
	static lc_system sys;
	double v[LC_MAX_INNER];
	size_t g, u, k, n;

	memset(&sys, 0, sizeof sys);
	sys.n = f->n_rec;
	for (g = 0; g < f->groups->n_groups; g++)
		for (u = 0; u <= f->bd->n_values; u++)
			if (!cell_hidden(f, g, u, &n) && n > 0) {
				assert_true(n >= 5);
				assert_true(sys.m < LC_MAX_ROWS);
				cell_vector(f, g, u, sys.rows[sys.m++]);
			}
	for (g = 0; g < f->groups->n_groups; g++)
		for (u = 0; u <= f->bd->n_values; u++)
			if (cell_hidden(f, g, u, &n)) {
				cell_vector(f, g, u, v);
				if (lc_in_span(&sys, v))
					fail_msg("hidden cell %s x %s can be worked out", f->groups->groups[g].path,
					         u < f->bd->n_values ? f->bd->values[u] : "all");
			}
	for (k = 0; k < f->n_rec; k++) {
		double small = 0.0;

		/* the record's whole team x mode cell */
		memset(v, 0, sizeof v);
		for (u = 0; u < f->n_rec; u++)
			if (strcmp(f->rec_team[u], f->rec_team[k]) == 0 &&
			    (f->rec_mode[u] == f->rec_mode[k] ||
			     (f->rec_mode[u] && f->rec_mode[k] && !strcmp(f->rec_mode[u], f->rec_mode[k])))) {
				v[u] = 1.0;
				small += f->rec_n[u];
			}
		if (small < 5 && lc_in_span(&sys, v))
			fail_msg("the %g respondents of %s x %s can be worked out", small, f->rec_team[k],
			         f->rec_mode[k] ? f->rec_mode[k] : "(none)");
	}
}

static void test_within_group(void **state)
{
	fx f;

	(void)state;
	setup(&f);
	/* A: 10 onsite, 3 remote; B: 20 onsite. A's remote (3) is hidden; A's
	 * onsite cell would then give remote = A - onsite, so it goes too. */
	add(&f, "Org/A", "onsite", 10, 4);
	add(&f, "Org/A", "remote", 3, 1);
	add(&f, "Org/B", "onsite", 20, 3);
	compute(&f);
	assert_true(cell(&f, "Org/A", "remote")->hidden);
	assert_true(cell(&f, "Org/A", "onsite")->hidden);
	assert_false(cell(&f, "Org/B", "onsite")->hidden);
	assert_no_leak(&f);
	teardown(&f);
}

static void test_down_the_hierarchy(void **state)
{
	fx f;

	(void)state;
	setup(&f);
	/* remote: A 6, B 2. Org's remote (8) minus A's remote would be B's 2,
	 * so A's remote goes too. So does A's onsite: B's remote =
	 * (Org - A) - (Org onsite - A onsite), attack 1 of the disclosure issue,
	 * which the old per-direction rules let through. */
	add(&f, "Org/A", "onsite", 10, 4);
	add(&f, "Org/A", "remote", 6, 2);
	add(&f, "Org/B", "onsite", 12, 3);
	add(&f, "Org/B", "remote", 2, 1);
	compute(&f);
	assert_true(cell(&f, "Org/B", "remote")->hidden);
	assert_true(cell(&f, "Org/A", "remote")->hidden);
	assert_false(cell(&f, "Org", "remote")->hidden);
	assert_int_equal(cell(&f, "Org/A", "onsite")->hidden, SDT_HIDDEN_PROTECTION);
	assert_int_equal(cell(&f, "Org/B", "remote")->hidden, SDT_HIDDEN_MIN_GROUP);
	assert_int_equal(cell(&f, "Org/B", "remote")->n, 2); /* counts stay public */
	assert_no_leak(&f);
	teardown(&f);
}

static void test_no_attribute_counts_as_hidden(void **state)
{
	fx f;

	(void)state;
	setup(&f);
	/* Two respondents without a work mode: onsite and remote both visible
	 * would give those two as the rest. */
	add(&f, "Org/A", "onsite", 10, 4);
	add(&f, "Org/A", "remote", 10, 2);
	add(&f, "Org/A", NULL, 2, 5);
	compute(&f);
	assert_true(cell(&f, "Org/A", "onsite")->hidden || cell(&f, "Org/A", "remote")->hidden);
	assert_no_leak(&f);
	teardown(&f);
}

static void test_figures(void **state)
{
	fx f;
	const sdt_breakdown_cell *c;

	(void)state;
	setup(&f);
	/* Org/A: onsite 5 x 4 and 5 x 5 (mean 4.5), remote 10 x 2 (mean 2).
	 * The onsite cell against the rest of A (remote): diff 4.5 - 2 = 2.5;
	 * the rest has no spread, the cell has var 10 * .25 / 9 = 5/18: Welch
	 * se2 = (5/18) / 10 = 1/36, t = 2.5 * 6 = 15. */
	add(&f, "Org/A", "onsite", 5, 4);
	add(&f, "Org/A", "onsite", 5, 5);
	add(&f, "Org/A", "remote", 10, 2);
	compute(&f);
	c = cell(&f, "Org/A", "onsite");
	assert_false(c->hidden);
	assert_int_equal(c->n, 10);
	assert_true(fabs(c->mean - 4.5) < 1e-12);
	assert_true(fabs(c->diff - 2.5) < 1e-12);
	assert_true(fabs(c->t - 15.0) < 1e-9);
	assert_true(c->significant);
	assert_string_equal(f.bd->values[0], "onsite");
	teardown(&f);
}

static void test_random(void **state)
{
	static const char *const teams[] = {"Org/D1/T1", "Org/D1/T2", "Org/D2/T3",
	                                    "Org/D2/T4", "Org/D2", "Org/D3/T5"};
	static const char *const modes[] = {"onsite", "hybrid", "remote", NULL};
	fx f;
	int round, k;

	(void)state;
	srand(777);
	for (round = 0; round < 200; round++) {
		setup(&f);
		for (k = 0; k < 14; k++)
			add(&f, teams[rand() % 6], modes[rand() % 4], 1 + rand() % 6, 1 + rand() % 5);
		compute(&f);
		assert_no_leak(&f);
		teardown(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_within_group),
		cmocka_unit_test(test_down_the_hierarchy),
		cmocka_unit_test(test_no_attribute_counts_as_hidden),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
