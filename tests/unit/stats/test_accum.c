/*
 * test_accum.c - the accumulator and sdt_stats_compute on tiny data:
 * exact merging (Chan et al.), sem, a two-item scale, a scale nobody
 * answered, a team of one, one team only, a zero-variance item, a
 * singular R and listwise mode. Expected values are worked by hand in
 * the comments.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>

#include "psychometrics.h"
#include "sdtscore.h"

#define TOL 1e-12
#define M SDT_MISSING

/* Scale 1..5; a = (q1, q2 reversed, q3), min 2; b = (q4, q5), min 2;
 * composite ab = mean of a and b. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"t\", \"version\": \"1\",\n"
	" \"title\": {\"en\": \"t\"},\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"label\": {\"en\": \"q1\"}, \"reverse\": false},\n"
	"  {\"id\": \"q2\", \"label\": {\"en\": \"q2\"}, \"reverse\": true},\n"
	"  {\"id\": \"q3\", \"label\": {\"en\": \"q3\"}, \"reverse\": false},\n"
	"  {\"id\": \"q4\", \"label\": {\"en\": \"q4\"}, \"reverse\": false},\n"
	"  {\"id\": \"q5\", \"label\": {\"en\": \"q5\"}, \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"a\", \"items\": [\"q1\", \"q2\", \"q3\"], \"min_answered\": 2},\n"
	"  {\"id\": \"b\", \"items\": [\"q4\", \"q5\"], \"min_answered\": 2}],\n"
	" \"composites\": [{\"id\": \"ab\", \"scales\": [\"a\", \"b\"]}]}\n";

typedef struct fixture {
	sdt_instrument *ins;
	sdt_scores *sc;
} fixture;

static int setup(void **state)
{
	static fixture f;

	if (sdt_instrument_parse(&f.ins, INSTRUMENT, strlen(INSTRUMENT), "t.json")
	    || sdt_scores_new(&f.sc, f.ins))
		return -1;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	sdt_scores_free(f->sc);
	sdt_instrument_free(f->ins);
	return 0;
}

/* Score one row of raw answers and add it. */
static void add_row(fixture *f, sdt_accum *a, const char *team, const int *v)
{
	sdt_response r;

	memset(&r, 0, sizeof r);
	r.id = "x";
	r.team = team;
	r.values = v;
	sdt_score_response(f->sc, f->ins, &r);
	assert_int_equal(sdt_accum_add(a, &r, f->sc), SDT_OK);
}

static void assert_close(double got, double want)
{
	if (!(fabs(got - want) <= TOL * fmax(1.0, fabs(want))))
		fail_msg("got %.17g, want %.17g", got, want);
}

static int has_warning(const sdt_scale_stats *s, const char *needle)
{
	size_t i;

	for (i = 0; i < s->n_warnings; i++)
		if (strstr(s->warnings[i], needle))
			return 1;
	return 0;
}

/* ---- merge(A, B) == one run over A u B ---- */

static int near(double x, double y)
{
	double d = fabs(x - y);

	return d <= 1e-12 * fmax(fabs(x), fabs(y)) || d <= 1e-13;
}

static void same_doubles(const double *x, const double *y, size_t n,
                         const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!near(x[i], y[i]))
			fail_msg("%s[%zu]: %.17g vs %.17g", what, i, x[i], y[i]);
}

static void same_teams(const sdt_accum *m, const sdt_accum *one)
{
	size_t t, u;

	assert_int_equal(m->n_teams, one->n_teams);
	for (t = 0; t < one->n_teams; t++) {
		for (u = 0; u < m->n_teams; u++)
			if (strcmp(m->team_name[u], one->team_name[t]) == 0)
				break;
		assert_true(u < m->n_teams);
		assert_true(m->team_rows[u] == one->team_rows[t]);
		same_doubles((const double *)(m->team_mom + u * m->stride),
		             (const double *)(one->team_mom + t * one->stride),
		             3 * one->stride, "team");
	}
}

/* Answers from a fixed LCG: 1..5, about one in eight missing; teams
 * T0..T6 and no team. */
static void random_row(uint32_t *seed, int *v, const char **team)
{
	static const char *teams[] = {"T0", "T1", "T2", "T3", "T4", "T5", "T6", NULL};
	size_t i;

	for (i = 0; i < 5; i++) {
		*seed = *seed * 1664525u + 1013904223u;
		v[i] = (*seed >> 24) % 8 == 0 ? M : (int)((*seed >> 8) % 5) + 1;
	}
	*seed = *seed * 1664525u + 1013904223u;
	*team = teams[(*seed >> 16) % 8];
}

static void test_merge_equals_one_run(void **state)
{
	fixture *f = *state;
	sdt_accum *one = NULL, *pa = NULL, *pb = NULL;
	sdt_stats *s1 = NULL, *s2 = NULL;
	uint32_t seed = 12345;
	const char *team;
	int v[5];
	size_t i, npair, nlw;

	assert_int_equal(sdt_accum_new(&one, f->ins), SDT_OK);
	assert_int_equal(sdt_accum_new(&pa, f->ins), SDT_OK);
	assert_int_equal(sdt_accum_new(&pb, f->ins), SDT_OK);
	for (i = 0; i < 300; i++) {
		random_row(&seed, v, &team);
		add_row(f, one, team, v);
		add_row(f, i < 137 ? pa : pb, team, v);
	}
	assert_int_equal(sdt_accum_merge(pa, pb), SDT_OK);
	assert_true(pa->rows == one->rows);
	/* the double fields are a cache of the exact sums, filled by settling */
	assert_int_equal(sdt_accum_settle(pa), SDT_OK);
	assert_int_equal(sdt_accum_settle(one), SDT_OK);
	npair = 3 + 1; /* a: 3 pairs, b: 1 */
	nlw = (1 + 3 + 9) + (1 + 2 + 4);
	same_doubles((const double *)pa->item, (const double *)one->item, 3 * 5, "item");
	same_doubles((const double *)pa->score, (const double *)one->score, 3 * 2, "score");
	same_doubles((const double *)pa->comp, (const double *)one->comp, 3, "comp");
	same_doubles((const double *)pa->pair, (const double *)one->pair, 4 * npair, "pair");
	same_doubles(pa->lw, one->lw, nlw, "listwise");
	same_teams(pa, one);
	/* And so every figure agrees. */
	assert_int_equal(sdt_stats_compute(&s1, one, NULL), SDT_OK);
	assert_int_equal(sdt_stats_compute(&s2, pa, NULL), SDT_OK);
	assert_true(near(s1->scales[0].alpha, s2->scales[0].alpha));
	assert_true(near(s1->scales[0].omega_total, s2->scales[0].omega_total));
	assert_true(near(s1->scales[1].icc1, s2->scales[1].icc1));
	sdt_stats_free(s1);
	sdt_stats_free(s2);
	sdt_accum_free(one);
	sdt_accum_free(pa);
	sdt_accum_free(pb);
}

static void test_merge_checks_instrument(void **state)
{
	fixture *f = *state;
	static const char other[] =
		"{\"format\": \"sdtscore-instrument/1\", \"id\": \"o\", \"version\": \"1\","
		" \"title\": {\"en\": \"o\"}, \"response_scale\": {\"min\": 1, \"max\": 5},"
		" \"items\": [{\"id\": \"q1\", \"label\": {\"en\": \"q1\"}, \"reverse\": false},"
		" {\"id\": \"q2\", \"label\": {\"en\": \"q2\"}, \"reverse\": false}],"
		" \"scales\": [{\"id\": \"a\", \"items\": [\"q1\", \"q2\"], \"min_answered\": 1}]}";
	sdt_instrument *ins2 = NULL;
	sdt_accum *a = NULL, *b = NULL;

	assert_int_equal(sdt_instrument_parse(&ins2, other, strlen(other), "o.json"), SDT_OK);
	assert_int_equal(sdt_accum_new(&a, f->ins), SDT_OK);
	assert_int_equal(sdt_accum_new(&b, ins2), SDT_OK);
	assert_int_equal(sdt_accum_merge(a, b), SDT_EUSAGE);
	assert_int_equal(sdt_accum_merge(a, a), SDT_EUSAGE);
	sdt_accum_free(a);
	sdt_accum_free(b);
	sdt_instrument_free(ins2);
}

/* ---- figures on tiny data ---- */

static sdt_stats *compute(sdt_accum *a, sdt_missing_mode mode, size_t min_group)
{
	sdt_stats_options o = SDT_STATS_OPTIONS_INIT;
	sdt_stats *st = NULL;

	o.missing = mode;
	o.min_group = min_group;
	assert_int_equal(sdt_stats_compute(&st, a, &o), SDT_OK);
	return st;
}

static void test_two_item_sem_agreement(void **state)
{
	/* Nobody answers scale a; b = (q4, q5) over five rows:
	 *   (2,3) T1, (3,3) T1, (4,5) T2, (4,4) T2, (1,2) no team.
	 * q4: mean 2.8, SS .64+.04+1.44+1.44+3.24 = 6.8, var 1.7;
	 * q5: mean 3.4, SS .16+.16+2.56+.36+1.96 = 5.2, var 1.3;
	 * co-moment .32-.08+1.92+.72+2.52 = 5.4, cov 1.35.
	 * sum C = 1.7 + 1.3 + 2.7 = 5.7, alpha = 2 (1 - 3/5.7) = 18/19.
	 * r = 1.35 / sqrt(2.21), Spearman-Brown 2r / (1 + r).
	 * Scores 2.5, 3, 4.5, 4, 1.5: mean 3.1, SS 5.7, var 1.425;
	 * sem = sqrt(1.425) sqrt(1/19) = sqrt(0.075).
	 * ICC over T1 {2.5, 3} (mean 2.75, SS .125), T2 {4.5, 4} (4.25, .125):
	 * grand 3.5, SSB = 2 x .5625 x 2 = 2.25 = MSB; MSW = .25/2 = .125,
	 * k = 2: ICC1 = 2.125 / 2.375 = 17/19, ICC2 = 2.125 / 2.25 = 17/18.
	 * T1: q4 {2,3} var .5, q5 {3,3} var 0: mean var .25, sigma^2 = 2,
	 * ratio 1/8, rwg = 2 (7/8) / (2 (7/8) + 1/8) = 14/15; awg: q4 mean
	 * 2.5 < (1 + 5)/2 = 3 undefined, q5 mean 3, var 0: a = 1 -> awg 1.
	 * T2: q4 {4,4}, q5 {5,4}: rwg 14/15 likewise; both means above 3 and
	 * below 5: awg undefined. */
	static const int rows[5][5] = {{M, M, M, 2, 3}, {M, M, M, 3, 3},
	                               {M, M, M, 4, 5}, {M, M, M, 4, 4},
	                               {M, M, M, 1, 2}};
	static const char *teams[5] = {"T1", "T1", "T2", "T2", NULL};
	fixture *f = *state;
	sdt_accum *a = NULL;
	sdt_stats *st;
	const sdt_scale_stats *b, *sa;
	double r = 1.35 / sqrt(2.21);
	size_t i;

	assert_int_equal(sdt_accum_new(&a, f->ins), SDT_OK);
	for (i = 0; i < 5; i++)
		add_row(f, a, teams[i], rows[i]);
	st = compute(a, SDT_MISSING_PAIRWISE, 1);
	sa = &st->scales[0];
	b = &st->scales[1];
	assert_int_equal(st->rows, 5);
	/* Scale a: nobody answered. */
	assert_int_equal(sa->n, 0);
	assert_true(isnan(sa->mean) && isnan(sa->sd) && isnan(sa->alpha));
	assert_true(isnan(sa->sem) && isnan(sa->icc1) && isnan(sa->items[0].mean));
	assert_true(has_warning(sa, "no respondent has a score"));
	/* Scale b. */
	assert_int_equal(b->n, 5);
	assert_close(b->alpha, 18.0 / 19.0);
	assert_close(b->sem, sqrt(0.075));
	assert_close(b->spearman_brown, 2.0 * r / (1.0 + r));
	assert_true(isnan(b->items[0].alpha_if_deleted) && isnan(b->omega_total));
	assert_true(has_warning(b, "two-item scale"));
	assert_close(b->icc1, 17.0 / 19.0);
	assert_close(b->icc2, 17.0 / 18.0);
	assert_int_equal(st->n_teams, 2);
	assert_string_equal(st->teams[0].team, "T1");
	assert_close(st->teams[0].scales[1].rwg_j, 14.0 / 15.0);
	assert_close(st->teams[0].scales[1].awg, 1.0);
	assert_close(st->teams[1].scales[1].rwg_j, 14.0 / 15.0);
	assert_true(isnan(st->teams[1].scales[1].awg));
	assert_true(has_warning(b, "too near"));
	sdt_stats_free(st);
	sdt_accum_free(a);
}

static void test_team_of_one_one_team(void **state)
{
	/* One team ("Solo", one row) and two rows without a team: ICC needs
	 * two teams, the team's sd, rwg_j and awg need two rows. With
	 * min_group 5 the team is listed suppressed, without figures. */
	static const int rows[3][5] = {{1, 2, 3, 4, 5}, {2, 3, 4, 4, 4},
	                               {5, 1, 5, 2, 1}};
	static const char *teams[3] = {NULL, "Solo", NULL};
	fixture *f = *state;
	sdt_accum *a = NULL;
	sdt_stats *st;
	size_t i;

	assert_int_equal(sdt_accum_new(&a, f->ins), SDT_OK);
	for (i = 0; i < 3; i++)
		add_row(f, a, teams[i], rows[i]);
	st = compute(a, SDT_MISSING_PAIRWISE, 1);
	assert_int_equal(st->n_teams, 1);
	assert_int_equal(st->teams[0].n, 1);
	assert_false(st->teams[0].suppressed);
	assert_int_equal(st->teams[0].scales[0].n, 1);
	assert_true(isnan(st->teams[0].scales[0].sd));
	assert_true(isnan(st->teams[0].scales[0].rwg_j));
	assert_true(isnan(st->teams[0].scales[0].awg));
	assert_true(isnan(st->scales[0].icc1) && isnan(st->scales[0].icc2));
	assert_true(has_warning(&st->scales[0], "fewer than two teams"));
	assert_true(has_warning(&st->scales[0], "fewer than two rows answering"));
	sdt_stats_free(st);
	st = compute(a, SDT_MISSING_PAIRWISE, 5);
	assert_true(st->teams[0].suppressed);
	assert_null(st->teams[0].scales);
	sdt_stats_free(st);
	sdt_accum_free(a);
}

/* Teams arrive as 0 2 1 5 3 4 7 6 (names "T<k>"): put in byte order,
 * place t takes the team that arrived at 0 | 2 1 | 4 5 3 | 7 6, cycles of
 * lengths 1, 2, 3 and 2 that sorting in place must each close. Team k
 * gets k + 1 rows, every answer x = k % 5 + 1, so its count and its
 * scale a mean identify it wherever it lands. */
static void test_sort_teams_in_place(void **state)
{
	static const int order[8] = {0, 2, 1, 5, 3, 4, 7, 6};
	fixture *f = *state;
	sdt_accum *a = NULL;
	char name[8];
	int v[5];
	size_t i, t, k, j;

	assert_int_equal(sdt_accum_new(&a, f->ins), SDT_OK);
	for (i = 0; i < 8; i++) {
		k = (size_t)order[i];
		snprintf(name, sizeof name, "T%zu", k);
		for (j = 0; j < 5; j++)
			v[j] = (int)(k % 5) + 1;
		for (j = 0; j <= k; j++)
			add_row(f, a, name, v);
	}
	assert_int_equal(sdt_accum_settle(a), SDT_OK);
	assert_int_equal(a->n_teams, 8);
	for (t = 0; t < 8; t++) {
		snprintf(name, sizeof name, "T%zu", t);
		assert_string_equal(a->team_name[t], name);
		assert_true(a->team_rows[t] == (double)(t + 1));
		assert_true(a->team_mom[t * a->stride].n == (double)(t + 1));
		/* q2 reversed: score (x + 6 - x + x) / 3, kept relative to the
		 * scale minimum 1 */
		assert_close(a->team_mom[t * a->stride].mean, (double)(t % 5 + 1 + 6) / 3.0 - 1.0);
	}
	/* found by name after the sort */
	assert_int_equal(sdt_accum_team(a, "T6", &t), SDT_OK);
	assert_int_equal(t, 6);
	assert_int_equal(a->n_teams, 8);
	sdt_accum_free(a);
}

static void test_zero_variance_and_singular(void **state)
{
	/* q4 is always 3: zero variance in b, so R is undefined there (alpha
	 * from C stays: C = [0 0; 0 v], alpha = 2 (1 - v/v) = 0).
	 * q1 and reversed q2 are identical (q2 raw = 6 - q1): two identical
	 * items make R of scale a singular, so lambda6 and omega are null. */
	static const int rows[4][5] = {{1, 5, 2, 3, 1}, {2, 4, 2, 3, 2},
	                               {4, 2, 5, 3, 4}, {5, 1, 3, 3, 5}};
	fixture *f = *state;
	sdt_accum *a = NULL;
	sdt_stats *st;
	size_t i;

	assert_int_equal(sdt_accum_new(&a, f->ins), SDT_OK);
	for (i = 0; i < 4; i++)
		add_row(f, a, "T", rows[i]);
	st = compute(a, SDT_MISSING_PAIRWISE, 1);
	assert_close(st->scales[1].alpha, 0.0);
	assert_true(isnan(st->scales[1].alpha_std));
	assert_true(isnan(st->scales[1].items[0].r_drop));
	assert_true(has_warning(&st->scales[1], "item 'q4' has zero variance"));
	assert_true(isnan(st->scales[0].lambda6) && isnan(st->scales[0].omega_total));
	assert_false(isnan(st->scales[0].alpha));
	assert_true(has_warning(&st->scales[0], "singular"));
	sdt_stats_free(st);
	sdt_accum_free(a);
}

/* The host program's GSL error handler: the library must neither call it
 * (it checks every status itself) nor leave another in its place. */
static int host_calls;

static void host_handler(const char *reason, const char *file, int line, int gsl_errno)
{
	(void)reason;
	(void)file;
	(void)line;
	(void)gsl_errno;
	host_calls++;
}

static void test_gsl_handler_kept(void **state)
{
	/* the singular and zero-variance data above: GSL reports errors */
	static const int rows[4][5] = {{1, 5, 2, 3, 1}, {2, 4, 2, 3, 2},
	                               {4, 2, 5, 3, 4}, {5, 1, 3, 3, 5}};
	fixture *f = *state;
	sdt_accum *a = NULL;
	sdt_stats *st;
	gsl_error_handler_t *before;
	size_t i;

	before = gsl_set_error_handler(host_handler);
	host_calls = 0;
	assert_int_equal(sdt_accum_new(&a, f->ins), SDT_OK);
	for (i = 0; i < 4; i++)
		add_row(f, a, "T", rows[i]);
	st = compute(a, SDT_MISSING_PAIRWISE, 1);
	assert_true(has_warning(&st->scales[0], "singular"));
	assert_int_equal(host_calls, 0);
	assert_ptr_equal(gsl_set_error_handler(before), host_handler);
	sdt_stats_free(st);
	sdt_accum_free(a);
}

static void test_listwise(void **state)
{
	/* b over (2,3), (3,M), (4,5), (1,1): complete rows 1, 3, 4.
	 * Listwise: q4 {2,4,1} mean 7/3, q5 {3,5,1} mean 3;
	 * SS4 = (1/9 + 25/9 + 16/9) = 42/9, SS5 = 0 + 4 + 4 = 8,
	 * co = (-1/3)(0) + (5/3)(2) + (-4/3)(-2) = 18/3 = 6; over n-1 = 2:
	 * C = [7/3 3; 3 4], sum 37/3 = 12.333.., tr 19/3:
	 * alpha = 2 (1 - 19/37) = 36/37, reported in both modes; in listwise
	 * mode it is also the scale's alpha. */
	static const int rows[4][5] = {{1, 1, 1, 2, 3}, {1, 1, 1, 3, M},
	                               {1, 1, 1, 4, 5}, {1, 1, 1, 1, 1}};
	fixture *f = *state;
	sdt_accum *a = NULL;
	sdt_stats *st;
	size_t i;

	assert_int_equal(sdt_accum_new(&a, f->ins), SDT_OK);
	for (i = 0; i < 4; i++)
		add_row(f, a, NULL, rows[i]);
	st = compute(a, SDT_MISSING_PAIRWISE, 5);
	assert_int_equal(st->scales[1].listwise_n, 3);
	assert_close(st->scales[1].listwise_alpha, 36.0 / 37.0);
	assert_true(fabs(st->scales[1].alpha - 36.0 / 37.0) > 1e-6);
	assert_int_equal(st->n_teams, 0);
	sdt_stats_free(st);
	st = compute(a, SDT_MISSING_LISTWISE, 5);
	assert_close(st->scales[1].alpha, 36.0 / 37.0);
	sdt_stats_free(st);
	sdt_accum_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_equals_one_run),
		cmocka_unit_test(test_merge_checks_instrument),
		cmocka_unit_test(test_two_item_sem_agreement),
		cmocka_unit_test(test_team_of_one_one_team),
		cmocka_unit_test(test_sort_teams_in_place),
		cmocka_unit_test(test_zero_variance_and_singular),
		cmocka_unit_test(test_listwise),
		cmocka_unit_test(test_gsl_handler_kept),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
