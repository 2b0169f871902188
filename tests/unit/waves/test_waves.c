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
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* A file holding `text`, in a temporary folder; caller unlinks `path`. */
static void write_temp(char *path, const char *text)
{
	int fd = mkstemp(path);
	FILE *fp;

	assert_true(fd >= 0);
	assert_non_null(fp = fdopen(fd, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static void test_renames_file(void **state)
{
	char ok[] = "/tmp/sdt_ren_XXXXXX", bad[] = "/tmp/sdt_ren_XXXXXX",
	     empty[] = "/tmp/sdt_ren_XXXXXX", msg[256];
	sdt_wave_renames *r;
	sdt_groups_rename pairs;
	sdt_wave *a;
	size_t moved;

	(void)state;
	write_temp(ok, "old,new\nOrg/Old,Org/New\nOrg/Gone,Org/Kept\n");
	write_temp(bad, "Org/X,Org/Y\nOrg/A,Org/B,Org/C\n");
	write_temp(empty, "Org/X,\n");
	assert_int_equal(sdt_wave_renames_new(&r), SDT_OK);
	assert_int_equal(sdt_wave_renames_read(r, ok), SDT_OK);
	/* the header is not a pair; the two records are, in file order */
	assert_int_equal(sdt_wave_renames_count(r), 2);
	sdt_wave_renames_pairs(&pairs, r);
	assert_int_equal(pairs.n, 2);
	assert_string_equal(pairs.from[0], "Org/Old");
	assert_string_equal(pairs.to[1], "Org/Kept");
	/* Org/Old/T and Org/Old move, Org/Older does not, Org/Gone does */
	assert_int_equal(sdt_wave_new(&a, ins, "w1"), SDT_OK);
	add(a, "p1", "Org/Old/T", 1);
	add(a, "p2", "Org/Old", 2);
	add(a, "p3", "Org/Older", 3);
	add(a, "p4", "Org/Gone", 3);
	assert_int_equal(sdt_wave_renames_apply(&moved, a, r), SDT_OK);
	assert_int_equal(moved, 3);
	assert_int_equal(sdt_wave_renamed(a), 3);
	assert_int_equal(sdt_wave_group_size(a, "Org/New", 0), 2);
	assert_int_equal(sdt_wave_group_size(a, "Org/Kept", 1), 1);
	sdt_wave_free(a);
	/* a record of three cells, placed by file and line */
	assert_int_equal(sdt_wave_renames_read(r, bad), SDT_EDATA);
	snprintf(msg, sizeof msg, "%s:2: expected two columns (old path, new path), found 3", bad);
	assert_string_equal(sdt_error_message(), msg);
	assert_int_equal(sdt_wave_renames_read(r, empty), SDT_EDATA);
	snprintf(msg, sizeof msg, "%s:1: an empty team path", empty);
	assert_string_equal(sdt_error_message(), msg);
	assert_int_equal(sdt_wave_renames_add(r, "", "Org/Y"), SDT_EUSAGE);
	assert_int_equal(sdt_wave_renames_read(r, "/nonexistent/ren.csv"), SDT_EIO);
	sdt_wave_renames_free(r);
	sdt_wave_renames_free(NULL);
	unlink(ok);
	unlink(bad);
	unlink(empty);
}

/* Feed one response to the current wave and the stats accumulator. */
static void add_both(sdt_wave *w, sdt_accum *acc, const char *id, const char *team, int value)
{
	sdt_response r = {0};

	r.id = id;
	r.team = team;
	r.values = &value;
	sdt_score_response(scores, ins, &r);
	assert_int_equal(sdt_wave_add(w, &r, scores), SDT_OK);
	assert_int_equal(sdt_accum_add(acc, &r, scores), SDT_OK);
}

static long team_index(const sdt_stats *st, const char *team)
{
	size_t t;

	for (t = 0; t < st->n_teams; t++)
		if (!strcmp(st->teams[t].team, team))
			return (long)t;
	fail_msg("no team %s", team);
	return -1;
}

/* The stats JSON through the library: the waves' summary and a hidden
 * team's null change; an unknown options version writes nothing. */
static void check_json(const sdt_stats *st, const sdt_wave_compare *cmp)
{
	sdt_stats_json_options jo = SDT_STATS_JSON_OPTIONS_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	assert_non_null(fp);
	jo.waves = cmp;
	assert_int_equal(sdt_stats_write_json(fp, st, &jo), SDT_OK);
	jo.version = 99;
	assert_int_equal(sdt_stats_write_json(fp, st, &jo), SDT_EUSAGE);
	assert_int_equal(sdt_stats_json_options_init(&jo, 99), SDT_EUSAGE);
	assert_int_equal(sdt_stats_json_options_init(&jo, SDT_STATS_JSON_OPTIONS_VERSION), SDT_OK);
	assert_null(jo.waves);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(strstr(text, ", \"waves\": {\"names\": [\"Spring\", \"Autumn\"], "
	                       "\"rows\": [14, 17], \"renamed\": 6, \"appeared\": [\"Org/D\"], "
	                       "\"disappeared\": [\"Org/E\"]}}\n"));
	/* Org/B's one scale: shown now, hidden in spring */
	assert_non_null(strstr(text, "{\"team\": \"Org/B\", \"n\": 6, \"suppressed\": false"));
	assert_non_null(strstr(strstr(text, "\"Org/B\""), "\"change\": null}"));
	assert_true(strstr(strstr(text, "\"Org/B\""), "\"change\": null}") <
	            strstr(text, "\"Org/C\""));
	free(text);
}

/* The privacy rule is the engine's: a team hidden in either wave shows no
 * change, new teams are listed as appeared, gone ones as disappeared. */
static void test_compare_protects(void **state)
{
	sdt_stats_options so = SDT_STATS_OPTIONS_INIT;
	const sdt_wave *both[2];
	const char *const *list;
	const sdt_change *c;
	sdt_wave_compare *cmp;
	sdt_wave_renames *r;
	sdt_accum *acc;
	sdt_stats *st;
	sdt_wave *a, *b;
	size_t n;

	(void)state;
	so.min_group = 3;
	assert_int_equal(sdt_wave_new(&a, ins, "Spring"), SDT_OK);
	assert_int_equal(sdt_wave_new(&b, ins, "Autumn"), SDT_OK);
	assert_int_equal(sdt_accum_new(&acc, ins), SDT_OK);
	/* Org/A (called Org/Old in spring): the same six people, +1 or +2 */
	add(a, "a1", "Org/Old", 1); add(a, "a2", "Org/Old", 2); add(a, "a3", "Org/Old", 3);
	add(a, "a4", "Org/Old", 2); add(a, "a5", "Org/Old", 1); add(a, "a6", "Org/Old", 3);
	add_both(b, acc, "a1", "Org/A", 2); add_both(b, acc, "a2", "Org/A", 4);
	add_both(b, acc, "a3", "Org/A", 4); add_both(b, acc, "a4", "Org/A", 4);
	add_both(b, acc, "a5", "Org/A", 2); add_both(b, acc, "a6", "Org/A", 5);
	/* Org/B: two in spring (hidden then), six now */
	add(a, "b1", "Org/B", 3); add(a, "b2", "Org/B", 3);
	add_both(b, acc, "b1", "Org/B", 3); add_both(b, acc, "b2", "Org/B", 4);
	add_both(b, acc, "b3", "Org/B", 4); add_both(b, acc, "b4", "Org/B", 5);
	add_both(b, acc, "b5", "Org/B", 1); add_both(b, acc, "b6", "Org/B", 2);
	/* Org/C: three in spring, two now (hidden now), Org/D new, Org/E gone */
	add(a, "c1", "Org/C", 2); add(a, "c2", "Org/C", 2); add(a, "c3", "Org/C", 3);
	add_both(b, acc, "c1", "Org/C", 2); add_both(b, acc, "c2", "Org/C", 3);
	add_both(b, acc, "d1", "Org/D", 5); add_both(b, acc, "d2", "Org/D", 5);
	add_both(b, acc, "d3", "Org/D", 4);
	add(a, "e1", "Org/E", 4); add(a, "e2", "Org/E", 4); add(a, "e3", "Org/E", 5);
	assert_int_equal(sdt_wave_renames_new(&r), SDT_OK);
	assert_int_equal(sdt_wave_renames_add(r, "Org/Old", "Org/A"), SDT_OK);
	assert_int_equal(sdt_wave_renames_apply(NULL, a, r), SDT_OK);
	assert_int_equal(sdt_wave_finish(a), SDT_OK);
	assert_int_equal(sdt_wave_finish(b), SDT_OK);
	assert_int_equal(sdt_stats_compute(&st, acc, &so), SDT_OK);
	both[0] = a;
	both[1] = b;
	assert_int_equal(sdt_wave_compare_new(&cmp, both, 1, st), SDT_EUSAGE);
	assert_null(cmp);
	assert_int_equal(sdt_wave_compare_new(&cmp, both, 2, st), SDT_OK);
	assert_int_equal(sdt_wave_compare_wave_count(cmp), 2);
	assert_ptr_equal(sdt_wave_compare_wave(cmp, 1), b);
	assert_int_equal(sdt_wave_compare_renamed(cmp), 6);
	/* Org/C has 2 < 3 now: suppressed, so no change, although spring
	 * showed it */
	assert_true(st->teams[team_index(st, "Org/C")].suppressed);
	assert_null(sdt_wave_compare_change(cmp, team_index(st, "Org/C"), 0));
	/* Org/B is shown now but had 2 < 3 in spring: its spring mean was
	 * hidden, so a change would publish it */
	assert_null(sdt_wave_compare_change(cmp, team_index(st, "Org/B"), 0));
	/* Org/D did not exist: no change, listed as appeared */
	assert_null(sdt_wave_compare_change(cmp, team_index(st, "Org/D"), 0));
	sdt_wave_compare_appeared(&list, &n, cmp);
	assert_int_equal(n, 1);
	assert_string_equal(list[0], "Org/D");
	sdt_wave_compare_disappeared(&list, &n, cmp);
	assert_int_equal(n, 1);
	assert_string_equal(list[0], "Org/E");
	/* out of range */
	assert_null(sdt_wave_compare_change(cmp, (long)st->n_teams, 0));
	assert_null(sdt_wave_compare_change(cmp, -2, 0));
	assert_null(sdt_wave_compare_change(cmp, -1, 1));
	/* Org/A: same six people, paired; differences 1 2 1 2 1 2, mean 1.5.
	 * The organisation: Welch. */
	assert_false(st->teams[team_index(st, "Org/A")].suppressed);
	assert_non_null(c = sdt_wave_compare_change(cmp, team_index(st, "Org/A"), 0));
	assert_int_equal(c->test, SDT_TEST_PAIRED);
	assert_true(fabs(c->difference - 1.5) < 1e-12);
	assert_non_null(c = sdt_wave_compare_change(cmp, -1, 0));
	assert_int_equal(c->test, SDT_TEST_WELCH);
	/* spring 14 people (sum 38), autumn 17 (sum 59): 59/17 - 38/14 */
	assert_int_equal(c->n_previous, 14);
	assert_int_equal(c->n_current, 17);
	assert_true(fabs(c->difference - (59.0 / 17.0 - 38.0 / 14.0)) < 1e-12);
	assert_int_equal(c->joined, 7);
	assert_int_equal(c->left, 4);
	check_json(st, cmp);
	sdt_wave_compare_free(cmp);
	sdt_wave_compare_free(NULL);
	sdt_wave_renames_free(r);
	sdt_stats_free(st);
	sdt_accum_free(acc);
	sdt_wave_free(a);
	sdt_wave_free(b);
}

/* Two changes agree when every figure has the same bits (NAN with NAN). */
static void assert_same_change(const sdt_change *a, const sdt_change *b)
{
	const double x[] = {a->previous_mean, a->current_mean, a->difference, a->ci[0], a->ci[1],
	                    a->t, a->df, a->p, a->effect_size, a->hedges_g};
	const double y[] = {b->previous_mean, b->current_mean, b->difference, b->ci[0], b->ci[1],
	                    b->t, b->df, b->p, b->effect_size, b->hedges_g};
	size_t k;

	assert_int_equal(a->test, b->test);
	assert_int_equal(a->n_previous, b->n_previous);
	assert_int_equal(a->n_current, b->n_current);
	assert_int_equal(a->n_paired, b->n_paired);
	assert_int_equal(a->joined, b->joined);
	assert_int_equal(a->left, b->left);
	for (k = 0; k < sizeof x / sizeof x[0]; k++)
		assert_memory_equal(&x[k], &y[k], sizeof x[k]);
}

/* Many groups in one pass (sdt_wave_changes) against the one-group walk
 * (sdt_wave_change), group by group: random waves where people stay,
 * move between teams, join, leave and go unscored, over nested paths,
 * everyone (NULL), a repeated path and a path nobody is in; and the
 * exact team sizes against sdt_wave_group_size. */
static void test_changes_in_one_pass(void **state)
{
	static const char *const teams[] = {"Org/A", "Org/A/T1", "Org/A/T2", "Org/B/T1",
	                                    "Org/AB", "Org/B", NULL};
	static const char *const paths[] = {NULL, "Org", "Org/A", "Org/A/T1", "Org/A/T2",
	                                    "Org/B", "Org/B/T1", "Org/AB", "Org/A", "Org/C", ""};
	const size_t np = sizeof paths / sizeof paths[0];
	sdt_change many[sizeof paths / sizeof paths[0]], one;
	size_t sizes[sizeof paths / sizeof paths[0]];
	sdt_wave *a, *b;
	char id[16];
	size_t g, round;
	int i, exact;

	(void)state;
	srand(4242);
	for (round = 0; round < 30; round++) {
		assert_int_equal(sdt_wave_new(&a, ins, "a"), SDT_OK);
		assert_int_equal(sdt_wave_new(&b, ins, "b"), SDT_OK);
		/* each of 150 people is in either wave, both or neither; a third
		 * of those in both stay in their team */
		for (i = 0; i < 150; i++) {
			int ta = rand() % 7, tb = rand() % 3 ? ta : rand() % 7;

			snprintf(id, sizeof id, "p%03d", i);
			if (rand() % 3)
				add(a, id, teams[ta], rand() % 6 ? 1 + rand() % 5 : SDT_MISSING);
			if (rand() % 3)
				add(b, id, teams[tb], rand() % 6 ? 1 + rand() % 5 : SDT_MISSING);
		}
		assert_int_equal(sdt_wave_finish(a), SDT_OK);
		assert_int_equal(sdt_wave_finish(b), SDT_OK);
		for (exact = 0; exact <= 1; exact++) {
			assert_int_equal(sdt_wave_changes(many, a, b, paths, np, exact), SDT_OK);
			for (g = 0; g < np; g++) {
				assert_int_equal(sdt_wave_change(&one, a, b, paths[g], exact, 0), SDT_OK);
				assert_same_change(&many[g], &one);
			}
		}
		assert_int_equal(sdt_wave_team_sizes(sizes, a, paths, np), SDT_OK);
		for (g = 0; g < np; g++)
			assert_int_equal(sizes[g], sdt_wave_group_size(a, paths[g], 1));
		sdt_wave_free(a);
		sdt_wave_free(b);
	}
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
		cmocka_unit_test(test_renames_file),
		cmocka_unit_test(test_compare_protects),
		cmocka_unit_test(test_changes_in_one_pass),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
