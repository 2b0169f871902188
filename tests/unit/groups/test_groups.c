/*
 * test_groups.c - the hierarchy, roll-ups, anonymity and comparisons of
 * sdt_groups on crafted organisations. Each leak case is one a naive
 * "hide groups under N" rule would expose; the test proves it closed.
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

/* One scale "s" of one item on 1..5; favourable from 4. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"g\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5}, \"favourable_min\": 4,\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"q1\"], \"min_answered\": 1}]}\n";

typedef struct fixture {
	sdt_instrument *ins;
	sdt_groupacc *acc;
	sdt_scores *scores;
	/* the test's own record: scored respondents per team (NULL: no team) */
	size_t n_rec;
	const char *rec_team[LC_MAX_INNER];
	char rec_buf[LC_MAX_INNER][64];
	double rec_n[LC_MAX_INNER];
} fixture;

static void record(fixture *f, const char *team, int count)
{
	size_t k;

	for (k = 0; k < f->n_rec; k++)
		if ((f->rec_team[k] == NULL && team == NULL) ||
		    (f->rec_team[k] && team && strcmp(f->rec_team[k], team) == 0)) {
			f->rec_n[k] += count;
			return;
		}
	assert_true(f->n_rec < LC_MAX_INNER);
	f->rec_team[f->n_rec] = NULL;
	if (team) {
		snprintf(f->rec_buf[f->n_rec], sizeof f->rec_buf[0], "%s", team);
		f->rec_team[f->n_rec] = f->rec_buf[f->n_rec];
	}
	f->rec_n[f->n_rec++] = count;
}

/* 1 when a respondent of `team` counts in group `path` (the root: all). */
static int within(const char *team, const char *path, int root)
{
	size_t n = strlen(path);

	return root || (team && strncmp(team, path, n) == 0 && (team[n] == '\0' || team[n] == '/'));
}

static void setup(fixture *f)
{
	memset(f, 0, sizeof *f);
	assert_int_equal(sdt_instrument_parse(&f->ins, INSTRUMENT, strlen(INSTRUMENT), "g.json"), SDT_OK);
	assert_int_equal(sdt_groupacc_new(&f->acc, f->ins), SDT_OK);
	assert_int_equal(sdt_scores_new(&f->scores, f->ins), SDT_OK);
}

static void teardown(fixture *f)
{
	sdt_scores_free(f->scores);
	sdt_groupacc_free(f->acc);
	sdt_instrument_free(f->ins);
}

/* Add `count` respondents of `team` answering `value` (SDT_MISSING: none). */
static void add(fixture *f, const char *team, int count, int value)
{
	sdt_response r = {0};
	int v = value, i;

	r.id = "x";
	r.team = team;
	r.values = &v;
	for (i = 0; i < count; i++) {
		sdt_score_response(f->scores, f->ins, &r);
		assert_int_equal(sdt_groupacc_add(f->acc, &r, f->scores), SDT_OK);
	}
	if (value != SDT_MISSING)
		record(f, team, count);
}

static sdt_groups *compute(fixture *f, size_t min_group)
{
	sdt_groups *g = NULL;
	sdt_groups_options opt = SDT_GROUPS_OPTIONS_INIT;

	opt.min_group = min_group;
	opt.alpha = 0.05;
	assert_int_equal(sdt_groups_compute(&g, f->acc, &opt), SDT_OK);
	return g;
}

static const sdt_group *grp(const sdt_groups *g, const char *path)
{
	long i = sdt_groups_find(g, path);

	if (i < 0)
		fail_msg("no group %s", path);
	return &g->groups[i];
}

/* What an attacker can do with the published scale cells: every visible
 * cell has n >= N, and no hidden cell and no team of 1 .. N-1 scored
 * respondents is a linear combination of visible cells. */
static void assert_no_leak(const fixture *f, const sdt_groups *g)
{
	static lc_system sys;
	double v[LC_MAX_INNER];
	size_t i, k;

	memset(&sys, 0, sizeof sys);
	sys.n = f->n_rec;
	for (i = 0; i < g->n_groups; i++) {
		const sdt_group_scale *c = &g->groups[i].scales[0];

		if (c->hidden || c->n == 0)
			continue;
		assert_true(c->n >= g->min_group);
		for (k = 0; k < f->n_rec; k++)
			sys.rows[sys.m][k] = within(f->rec_team[k], g->groups[i].path, i == 0);
		sys.m++;
	}
	for (i = 0; i < g->n_groups; i++) {
		if (!g->groups[i].scales[0].hidden)
			continue;
		for (k = 0; k < f->n_rec; k++)
			v[k] = within(f->rec_team[k], g->groups[i].path, i == 0);
		if (lc_in_span(&sys, v))
			fail_msg("hidden group %s can be worked out", g->groups[i].path);
	}
	for (k = 0; k < f->n_rec; k++) {
		if (f->rec_n[k] == 0.0 || f->rec_n[k] >= (double)g->min_group)
			continue;
		memset(v, 0, sizeof v);
		v[k] = 1.0;
		if (lc_in_span(&sys, v))
			fail_msg("the %g respondents of %s can be worked out", f->rec_n[k],
			         f->rec_team[k] ? f->rec_team[k] : "(no team)");
	}
}

static void test_sibling_leak(void **state)
{
	fixture f;
	sdt_groups *g;

	(void)state;
	setup(&f);
	/* Org = 13, A = 10, B = 3. Hiding B alone would leave B = Org - A. */
	add(&f, "Org/A", 10, 4);
	add(&f, "Org/B", 3, 1);
	g = compute(&f, 5);
	assert_string_equal(g->groups[0].path, "Org");
	assert_false(g->groups[0].hidden);
	assert_true(grp(g, "Org/B")->hidden);
	assert_true(grp(g, "Org/A")->hidden);
	assert_true(grp(g, "Org/A")->hidden_by_protection);
	assert_true(isnan(grp(g, "Org/A")->scales[0].mean));
	assert_no_leak(&f, g);
	sdt_groups_free(g);
	teardown(&f);
}

static void test_next_smallest_sibling(void **state)
{
	fixture f;
	sdt_groups *g;

	(void)state;
	setup(&f);
	/* D1 = T1 6 + T2 2 + T3 8: T2 hidden leaves 2, so the next-smallest
	 * T1 (6) goes too (remainder 8); T3 stays. D2 = T4 20. */
	add(&f, "Org/D1/T1", 6, 3);
	add(&f, "Org/D1/T2", 2, 3);
	add(&f, "Org/D1/T3", 8, 3);
	add(&f, "Org/D2/T4", 20, 3);
	g = compute(&f, 5);
	assert_true(grp(g, "Org/D1/T2")->hidden);
	assert_true(grp(g, "Org/D1/T1")->hidden);
	assert_false(grp(g, "Org/D1/T3")->hidden);
	assert_false(grp(g, "Org/D1")->hidden);
	assert_false(grp(g, "Org/D2/T4")->hidden);
	assert_int_equal(grp(g, "Org/D1")->n, 16);
	assert_no_leak(&f, g);
	sdt_groups_free(g);
	teardown(&f);
}

static void test_hidden_sibling_takes_subtree(void **state)
{
	fixture f;
	sdt_groups *g;

	(void)state;
	setup(&f);
	/* A (3) is hidden; B (10), the smallest visible sibling, goes too, or
	 * A = Org - B - C. Then B/x and B/y cannot both be shown (A = Org - C -
	 * Bx - By): one of them goes, the other stays, since A + the other is
	 * all a reader learns. */
	add(&f, "Org/A", 3, 1);
	add(&f, "Org/B/x", 5, 2);
	add(&f, "Org/B/y", 5, 2);
	add(&f, "Org/C", 20, 5);
	g = compute(&f, 5);
	assert_true(grp(g, "Org/B")->hidden);
	assert_int_equal(grp(g, "Org/B")->scales[0].hidden, SDT_HIDDEN_PROTECTION);
	assert_true(grp(g, "Org/B/x")->hidden != grp(g, "Org/B/y")->hidden);
	assert_false(grp(g, "Org/C")->hidden);
	assert_no_leak(&f, g);
	sdt_groups_free(g);
	teardown(&f);
}

static void test_direct_members(void **state)
{
	fixture f;
	sdt_groups *g;

	(void)state;
	setup(&f);
	/* Two respondents without a team sit directly under Org; with A and B
	 * both visible they would be Org - A - B. A and B tie at 10: one goes. */
	add(&f, NULL, 2, 1);
	add(&f, "Org/A", 10, 3);
	add(&f, "Org/B", 10, 3);
	g = compute(&f, 5);
	assert_int_equal(g->n_no_team, 2);
	assert_int_equal(g->groups[0].n, 22);
	assert_int_equal(g->groups[0].n_direct, 2);
	assert_true(grp(g, "Org/A")->hidden != grp(g, "Org/B")->hidden);
	assert_no_leak(&f, g);
	sdt_groups_free(g);
	teardown(&f);
}

static void test_scale_cells(void **state)
{
	fixture f;
	sdt_groups *g;

	(void)state;
	setup(&f);
	/* A has 8 respondents but only 3 answered: its scale cell is hidden
	 * (and with one scale, the group), and then B's cell too, or Org's
	 * scale minus B's would be A's 3. A's n stays published. */
	add(&f, "Org/A", 3, 2);
	add(&f, "Org/A", 5, SDT_MISSING);
	add(&f, "Org/B", 9, 4);
	g = compute(&f, 5);
	assert_true(grp(g, "Org/A")->hidden);
	assert_false(grp(g, "Org/A")->hidden_by_protection);
	assert_int_equal(grp(g, "Org/A")->scales[0].hidden, SDT_HIDDEN_MIN_GROUP);
	assert_int_equal(grp(g, "Org/A")->scales[0].n, 3);
	assert_int_equal(grp(g, "Org/B")->scales[0].hidden, SDT_HIDDEN_PROTECTION);
	assert_true(grp(g, "Org/B")->hidden_by_protection);
	assert_false(g->groups[0].scales[0].hidden);
	/* Org: 3 x 2 and 9 x 4 -> mean (6 + 36) / 12 = 3.5 */
	assert_true(fabs(g->groups[0].scales[0].mean - 3.5) < 1e-12);
	sdt_groups_free(g);
	teardown(&f);
}

static void test_synthetic_root(void **state)
{
	fixture f;
	sdt_groups *g;

	(void)state;
	setup(&f);
	add(&f, "North/A", 6, 3);
	add(&f, "South/B", 6, 3);
	g = compute(&f, 5);
	assert_true(g->synthetic_root);
	assert_string_equal(g->groups[0].path, "All respondents");
	assert_int_equal(g->groups[0].n, 12);
	assert_int_equal(g->n_groups, 5);
	/* depth-first, children by name */
	assert_string_equal(g->groups[1].path, "North");
	assert_string_equal(g->groups[2].path, "North/A");
	assert_string_equal(g->groups[3].path, "South");
	assert_int_equal(g->groups[2].depth, 2);
	sdt_groups_free(g);
	teardown(&f);
}

static void test_figures(void **state)
{
	fixture f;
	sdt_groups *g;
	const sdt_group_scale *c;

	(void)state;
	setup(&f);
	/* A: 1,2,3,4,5 (mean 3, var 2.5); rest B: 5 x 5 and 5 x 4 (mean 4.5,
	 * var 10 * 0.25 / 9 = 5/18).
	 * Welch: se2 = 2.5/5 + (5/18)/10 = 0.5 + 1/36 = 19/36; t = -1.5 / sqrt(19/36)
	 *   = -1.5 * 6 / sqrt(19) = -9 / sqrt(19).
	 * df = (19/36)^2 / (0.5^2 / 4 + (1/36)^2 / 9) = (361/1296) / (1/16 + 1/11664)
	 *   = (361/1296) / (730/11664) = 361 * 9 / 730 = 3249 / 730.
	 * Hedges: sp2 = (10 + 2.5) / 13 = 12.5/13; J = 1 - 3/(4*15 - 9) = 1 - 3/51;
	 *   g = J * -1.5 / sqrt(12.5/13).
	 * Favourable (>= 4): 2 of 5 = 0.4; unfavourable (<= 2): 0.4.
	 * CI: 3 +- t(0.975, 4) * sqrt(2.5/5); t(0.975, 4) = 2.7764451051977987. */
	add(&f, "Org/A", 1, 1);
	add(&f, "Org/A", 1, 2);
	add(&f, "Org/A", 1, 3);
	add(&f, "Org/A", 1, 4);
	add(&f, "Org/A", 1, 5);
	add(&f, "Org/B", 5, 5);
	add(&f, "Org/B", 5, 4);
	g = compute(&f, 5);
	c = &grp(g, "Org/A")->scales[0];
	assert_false(c->hidden);
	assert_true(fabs(c->mean - 3.0) < 1e-12);
	assert_true(fabs(c->sd - sqrt(2.5)) < 1e-12);
	assert_true(fabs(c->diff - -1.5) < 1e-12);
	assert_true(fabs(c->t - -9.0 / sqrt(19.0)) < 1e-12);
	assert_true(fabs(c->df - 3249.0 / 730.0) < 1e-9);
	assert_true(fabs(c->hedges_g - (1.0 - 3.0 / 51.0) * -1.5 / sqrt(12.5 / 13.0)) < 1e-12);
	assert_true(fabs(c->favourable - 0.4) < 1e-15);
	assert_true(fabs(c->unfavourable - 0.4) < 1e-15);
	assert_true(fabs(c->ci_hi - (3.0 + 2.7764451051977987 * sqrt(0.5))) < 1e-9);
	assert_true(isnan(g->groups[0].scales[0].diff));
	sdt_groups_free(g);
	teardown(&f);
}

/* Random organisations: the invariant holds whatever the shape. */
static void test_random_trees(void **state)
{
	static const char *const depts[] = {"Org/D1", "Org/D2", "Org/D3"};
	char path[64];
	fixture f;
	sdt_groups *g;
	int round, t, n;

	(void)state;
	srand(12345);
	for (round = 0; round < 200; round++) {
		setup(&f);
		for (t = 0; t < 9; t++) {
			n = rand() % 9;
			snprintf(path, sizeof path, "%s/T%d", depts[rand() % 3], t);
			if (n)
				add(&f, path, n, 1 + rand() % 5);
			if (rand() % 4 == 0)
				add(&f, depts[rand() % 3], 1 + rand() % 3, 3);
		}
		add(&f, NULL, rand() % 3, 2);
		g = compute(&f, 5);
		assert_no_leak(&f, g);
		sdt_groups_free(g);
		teardown(&f);
	}
}

/* The index by path answers as sdt_groups_find's scan does: every
 * group's own path, and -1 for a prefix, an extension, another case and
 * an empty path (a tree of departments, teams and sub-teams). */
static void test_index_finds_as_scan(void **state)
{
	static const char *const teams[] = {"Org/D1/T1", "Org/D1/T2", "Org/D1/T2/S",
	                                    "Org/D2/T1", "Org/D2", "Org/D10/T1"};
	static const char *const absent[] = {"Org/D", "Org/D1/T", "Org/D1/T22", "org/D1/T1",
	                                     "", "Org/D2/T1/", "Org/D3"};
	sdt_groups_index *ix = NULL;
	fixture f;
	sdt_groups *g;
	size_t i;

	(void)state;
	setup(&f);
	for (i = 0; i < sizeof teams / sizeof teams[0]; i++)
		add(&f, teams[i], 6, 3);
	g = compute(&f, 5);
	assert_int_equal(sdt_groups_index_new(&ix, g), SDT_OK);
	assert_true(g->n_groups >= 8);
	for (i = 0; i < g->n_groups; i++) {
		assert_int_equal(sdt_groups_index_find(ix, g->groups[i].path), (long)i);
		assert_int_equal(sdt_groups_find(g, g->groups[i].path), (long)i);
	}
	for (i = 0; i < sizeof absent / sizeof absent[0]; i++) {
		assert_int_equal(sdt_groups_index_find(ix, absent[i]), -1);
		assert_int_equal(sdt_groups_find(g, absent[i]), -1);
	}
	assert_int_equal(sdt_groups_index_find(ix, NULL), -1);
	sdt_groups_index_free(ix);
	sdt_groups_index_free(NULL);
	sdt_groups_free(g);
	teardown(&f);
}

/* Threads decide the scales in parallel: the same decisions as one
 * thread, on an organisation big enough to use them (1 200 teams, two
 * scales; each department has one team of 3, so protection has work). */
static const char TWO_SCALES[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"g2\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}, {\"id\": \"q2\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"q1\"], \"min_answered\": 1},\n"
	"            {\"id\": \"t\", \"items\": [\"q2\"], \"min_answered\": 1}]}\n";

static void test_threads_same(void **state)
{
	sdt_instrument *ins = NULL;
	sdt_groupacc *acc = NULL;
	sdt_scores *sc = NULL;
	sdt_groups *g[2] = {NULL, NULL};
	sdt_groups_options o[2] = {SDT_GROUPS_OPTIONS_INIT, SDT_GROUPS_OPTIONS_INIT};
	sdt_response r = {0};
	char path[64];
	int v[2], t, k, n;
	size_t i, j, prot = 0;

	(void)state;
	for (k = 0; k < 2; k++) {
		o[k].min_group = 5;
		o[k].alpha = 0.05;
		o[k].threads = (size_t)k + 1;
	}
	srand(4242);
	assert_int_equal(sdt_instrument_parse(&ins, TWO_SCALES, strlen(TWO_SCALES), "g2.json"), SDT_OK);
	assert_int_equal(sdt_groupacc_new(&acc, ins), SDT_OK);
	assert_int_equal(sdt_scores_new(&sc, ins), SDT_OK);
	r.id = "x";
	r.values = v;
	for (t = 0; t < 1200; t++) {
		snprintf(path, sizeof path, "Org/D%d/T%d", t % 40, t);
		r.team = path;
		n = t < 40 ? 3 : 5 + rand() % 5;
		for (k = 0; k < n; k++) {
			v[0] = 1 + rand() % 5;
			v[1] = 1 + rand() % 5;
			sdt_score_response(sc, ins, &r);
			assert_int_equal(sdt_groupacc_add(acc, &r, sc), SDT_OK);
		}
	}
	for (k = 0; k < 2; k++)
		assert_int_equal(sdt_groups_compute(&g[k], acc, &o[k]), SDT_OK);
	for (i = 0; i < g[0]->n_groups; i++)
		for (j = 0; j < 2; j++) {
			assert_int_equal(g[0]->groups[i].scales[j].hidden, g[1]->groups[i].scales[j].hidden);
			assert_int_equal(g[0]->groups[i].scales[j].favourable_hidden,
			                 g[1]->groups[i].scales[j].favourable_hidden);
			prot += g[0]->groups[i].scales[j].hidden == SDT_HIDDEN_PROTECTION;
		}
	assert_true(prot >= 80); /* a team per department and scale */
	for (k = 0; k < 2; k++)
		sdt_groups_free(g[k]);
	sdt_scores_free(sc);
	sdt_groupacc_free(acc);
	sdt_instrument_free(ins);
}

/* Composites: shown only where they follow from the group's shown scale
 * figures over the same people. Two one-item scales, composite c = their
 * mean (weights equal), on 1..5. */
static const char WITH_COMPOSITE[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"gc\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}, {\"id\": \"q2\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"s\", \"items\": [\"q1\"], \"min_answered\": 1},\n"
	"            {\"id\": \"t\", \"items\": [\"q2\"], \"min_answered\": 1}],\n"
	" \"composites\": [{\"id\": \"c\", \"scales\": [\"s\", \"t\"]}]}\n";

static void add2(sdt_groupacc *acc, sdt_scores *sc, const sdt_instrument *ins,
                 const char *team, int a, int b)
{
	sdt_response r = {0};
	int v[2] = {a, b};

	r.id = "x";
	r.team = team;
	r.values = v;
	sdt_score_response(sc, ins, &r);
	assert_int_equal(sdt_groupacc_add(acc, &r, sc), SDT_OK);
}

static void test_composites(void **state)
{
	sdt_instrument *ins = NULL;
	sdt_groupacc *acc = NULL;
	sdt_scores *sc = NULL;
	sdt_groups *g = NULL;
	sdt_groups_options o = SDT_GROUPS_OPTIONS_INIT;
	const sdt_group_composite *c;
	int k;

	(void)state;
	o.min_group = 5;
	o.alpha = 0.05;
	o.threads = 1;
	assert_int_equal(sdt_instrument_parse(&ins, WITH_COMPOSITE, strlen(WITH_COMPOSITE), "gc.json"),
	                 SDT_OK);
	assert_int_equal(sdt_groupacc_new(&acc, ins), SDT_OK);
	assert_int_equal(sdt_scores_new(&sc, ins), SDT_OK);
	/* A: (1,3) (2,4) (3,5) (4,4) (5,4) (3,4): composites 2, 3, 4, 4, 4.5,
	 * 3.5, mean 21 / 6 = 3.5, squares about the mean 2.25 + 0.25 + 0.25 +
	 * 0.25 + 1 + 0 = 4, SD sqrt(4 / 5). */
	add2(acc, sc, ins, "Org/A", 1, 3);
	add2(acc, sc, ins, "Org/A", 2, 4);
	add2(acc, sc, ins, "Org/A", 3, 5);
	add2(acc, sc, ins, "Org/A", 4, 4);
	add2(acc, sc, ins, "Org/A", 5, 4);
	add2(acc, sc, ins, "Org/A", 3, 4);
	/* B: six complete and one who answered q1 only (scored on s, not t). */
	for (k = 0; k < 6; k++)
		add2(acc, sc, ins, "Org/B", 3, 3);
	add2(acc, sc, ins, "Org/B", 2, SDT_MISSING);
	/* C: three people, under N; D: five, which protection hides beside C
	 * (C = organisation - A - B - D otherwise). */
	for (k = 0; k < 3; k++)
		add2(acc, sc, ins, "Org/C", 4, 4);
	for (k = 0; k < 5; k++)
		add2(acc, sc, ins, "Org/D", 2, 5);
	assert_int_equal(sdt_groups_compute(&g, acc, &o), SDT_OK);
	assert_int_equal(g->n_composites, 1);
	c = &grp(g, "Org/A")->composites[0];
	assert_int_equal(c->hidden, 0);
	assert_int_equal(c->n, 6);
	assert_true(fabs(c->mean - 3.5) < 1e-12);
	assert_true(fabs(c->sd - sqrt(0.8)) < 1e-12);
	/* t(0.975, 5) = 2.5705818366147395 (R: qt(0.975, 5)); SE = sqrt(0.8 / 6) */
	assert_true(fabs(c->ci_lo - (3.5 - 2.5705818366147395 * sqrt(0.8 / 6.0))) < 1e-9);
	/* B's scale s counts 7 and t 6: the composite would isolate the
	 * partial respondent, so it is protected though both scales show. */
	c = &grp(g, "Org/B")->composites[0];
	assert_int_equal(grp(g, "Org/B")->scales[0].hidden, 0);
	assert_int_equal(c->hidden, SDT_HIDDEN_PROTECTION);
	assert_true(isnan(c->mean) && isnan(c->sd));
	assert_int_equal(c->n, 6);
	/* C is under N: the scales' reason carries over. */
	c = &grp(g, "Org/C")->composites[0];
	assert_int_equal(c->hidden, SDT_HIDDEN_MIN_GROUP);
	assert_true(isnan(c->mean));
	/* D's scales are protected: so is its composite. The organisation
	 * has the partial respondent too. */
	assert_int_equal(grp(g, "Org/D")->scales[0].hidden, SDT_HIDDEN_PROTECTION);
	assert_int_equal(grp(g, "Org/D")->composites[0].hidden, SDT_HIDDEN_PROTECTION);
	assert_int_equal(g->groups[0].composites[0].hidden, SDT_HIDDEN_PROTECTION);
	sdt_groups_free(g);
	sdt_scores_free(sc);
	sdt_groupacc_free(acc);
	sdt_instrument_free(ins);
}

/* With headcounts the team's CI is for a finite population: 5 of 6 answered,
 * the half-width shrinks by sqrt((6 - 5) / (6 - 1)) = sqrt(0.2); 6 of 6, the
 * mean is exact; a team without a headcount keeps the plain t interval. */
static void test_finite_population(void **state)
{
	fixture f;
	sdt_groups *g;
	const sdt_group_scale *a, *b, *c;
	/* A and C: 1, 2, 3, 4, 5 (mean 3, SD sqrt(2.5)); t(0.975, 4) =
	 * 2.7764451051977987 (R: qt(0.975, 4)); B: 1..5 and 3 (mean 3). */
	double half = 2.7764451051977987 * sqrt(2.5 / 5.0);
	int v;

	(void)state;
	setup(&f);
	for (v = 1; v <= 5; v++) {
		add(&f, "Org/A", 1, v);
		add(&f, "Org/B", 1, v);
		add(&f, "Org/C", 1, v);
	}
	add(&f, "Org/B", 1, 3);
	assert_int_equal(sdt_groupacc_headcount(f.acc, "Org/A", 6), SDT_OK);
	assert_int_equal(sdt_groupacc_headcount(f.acc, "Org/B", 6), SDT_OK);
	g = compute(&f, 5);
	a = &grp(g, "Org/A")->scales[0];
	b = &grp(g, "Org/B")->scales[0];
	c = &grp(g, "Org/C")->scales[0];
	assert_true(fabs((a->ci_hi - a->mean) - half * sqrt(0.2)) < 1e-9);
	assert_true(fabs(b->ci_hi - b->mean) < 1e-12 && fabs(b->ci_lo - b->mean) < 1e-12);
	assert_true(fabs((c->ci_hi - c->mean) - half) < 1e-9);
	sdt_groups_free(g);
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sibling_leak),
		cmocka_unit_test(test_threads_same),
		cmocka_unit_test(test_next_smallest_sibling),
		cmocka_unit_test(test_hidden_sibling_takes_subtree),
		cmocka_unit_test(test_direct_members),
		cmocka_unit_test(test_scale_cells),
		cmocka_unit_test(test_synthetic_root),
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_random_trees),
		cmocka_unit_test(test_index_finds_as_scan),
		cmocka_unit_test(test_composites),
		cmocka_unit_test(test_finite_population),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
