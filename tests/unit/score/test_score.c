/*
 * test_score.c - reverse keying, min_answered, composites, the id set and
 * the duplicate policies of a run. Expected values are worked by hand in
 * the comments.
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

#include "idset.h"
#include "sdtscore.h"

/* Scale 1..5; a (q1, q2 reversed, q3), min 2; b (q4, q5), min 2;
 * composite ab = (2a + 1b) / 3. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"t\", \"version\": \"1\",\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}, {\"id\": \"q2\", \"reverse\": true},\n"
	"  {\"id\": \"q3\", \"reverse\": false}, {\"id\": \"q4\", \"reverse\": false},\n"
	"  {\"id\": \"q5\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"a\", \"items\": [\"q1\", \"q2\", \"q3\"], \"min_answered\": 2},\n"
	"  {\"id\": \"b\", \"items\": [\"q4\", \"q5\"], \"min_answered\": 2}],\n"
	" \"composites\": [{\"id\": \"ab\", \"scales\": [\"a\", \"b\"], \"weights\": [2, 1]}]}\n";

static sdt_instrument *load(void)
{
	sdt_instrument *ins = NULL;

	assert_int_equal(sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "t.json"), SDT_OK);
	return ins;
}

static void score_values(sdt_scores *s, const sdt_instrument *ins, const int *v)
{
	sdt_response r = {0};

	r.id = "x";
	r.values = v;
	sdt_score_response(s, ins, &r);
}

static void test_reverse_and_composite(void **state)
{
	sdt_instrument *ins = load();
	sdt_scores *s = NULL;
	/* q2 = 4 reversed is 1 + 5 - 4 = 2; a = (5 + 2 + 3) / 3 = 10/3;
	 * b = (2 + 4) / 2 = 3; ab = (2 * 10/3 + 3) / 3 = (20/3 + 9/3) / 3 = 29/9 */
	const int v[] = {5, 4, 3, 2, 4};

	(void)state;
	assert_int_equal(sdt_scores_new(&s, ins), SDT_OK);
	score_values(s, ins, v);
	assert_true(s->keyed[1] == 2.0);
	assert_true(fabs(s->scale[0] - 10.0 / 3.0) < 1e-15);
	assert_true(s->scale[1] == 3.0);
	assert_true(fabs(s->composite[0] - 29.0 / 9.0) < 1e-15);
	assert_int_equal(s->answered[0], 3);
	assert_int_equal(s->n_scored, 2);
	sdt_scores_free(s);
	sdt_instrument_free(ins);
}

static void test_min_answered(void **state)
{
	sdt_instrument *ins = load();
	sdt_scores *s = NULL;
	/* a has q1 only (1 < min 2): not scored, so ab is not scored either;
	 * b = (1 + 1) / 2 = 1. */
	const int v[] = {4, SDT_MISSING, SDT_MISSING, 1, 1};

	(void)state;
	assert_int_equal(sdt_scores_new(&s, ins), SDT_OK);
	score_values(s, ins, v);
	assert_true(isnan(s->scale[0]));
	assert_int_equal(s->answered[0], 1);
	assert_true(s->scale[1] == 1.0);
	assert_true(isnan(s->composite[0]));
	assert_int_equal(s->n_scored, 1);
	sdt_scores_free(s);
	sdt_instrument_free(ins);
}

static void test_idset(void **state)
{
	sdt_idset *set = NULL;
	sdt_idpos pos;
	char id[32];
	int existed, i;

	(void)state;
	assert_int_equal(sdt_idset_new(&set), SDT_OK);
	/* Enough ids to force several table growths. */
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "r%05d", i);
		assert_int_equal(sdt_idset_put(set, id, 0, (unsigned long)i + 2, 0, &existed, NULL), SDT_OK);
		assert_int_equal(existed, 0);
	}
	assert_int_equal(sdt_idset_count(set), 5000);
	assert_int_equal(sdt_idset_put(set, "r00042", 1, 9, 0, &existed, &pos), SDT_OK);
	assert_int_equal(existed, 1);
	assert_int_equal(pos.line, 44);
	assert_int_equal(sdt_idset_get(set, "r00042", &pos), 1);
	assert_int_equal(pos.file, 0);
	assert_int_equal(sdt_idset_get(set, "r0004", &pos), 0);
	sdt_idset_free(set);
	sdt_idset_free(NULL);
}

static char *write_tmp(const char *text, const char *suffix)
{
	char *path = malloc(64);
	FILE *f;

	snprintf(path, 64, "/tmp/sdt_score_%d%s", (int)getpid(), suffix);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

typedef struct seen {
	char ids[8][16];
	int n, rejects;
} seen;

static int on_resp(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	seen *sn = ctx;

	(void)s;
	snprintf(sn->ids[sn->n++], 16, "%s:%d", r->id, r->values[0]);
	return 0;
}

static int on_rej(void *ctx, const char *f, unsigned long l, const char *id, const char *why)
{
	(void)f; (void)l; (void)id; (void)why;
	((seen *)ctx)->rejects++;
	return 0;
}

static void run_policy(sdt_duplicates_policy pol, int want_rc, const char *first,
                       const char *second)
{
	static const char data[] =
		"{\"id\": \"a\", \"answers\": {\"q1\": 1}}\n"
		"{\"id\": \"b\", \"answers\": {\"q1\": 2}}\n"
		"{\"id\": \"a\", \"answers\": {\"q1\": 3}}\n";
	sdt_instrument *ins = load();
	char *path = write_tmp(data, ".ndjson");
	const char *paths[] = {path};
	sdt_run_options opt = SDT_RUN_OPTIONS_INIT;
	sdt_run_counts c;
	seen sn = {{{0}}, 0, 0};

	opt.duplicates = pol;
	assert_int_equal(sdt_run_files(ins, paths, 1, &opt, on_resp, on_rej, &sn, &c, NULL), want_rc);
	if (want_rc == SDT_OK) {
		/* three read; one left out; the other two accepted in file order */
		assert_int_equal(c.read, 3);
		assert_int_equal(c.accepted, 2);
		assert_int_equal(c.left_out, 1);
		assert_int_equal(sn.rejects, 1);
		assert_string_equal(sn.ids[0], first);
		assert_string_equal(sn.ids[1], second);
	} else {
		assert_non_null(strstr(sdt_error_message(), "duplicate respondent id 'a'"));
		assert_non_null(strstr(sdt_error_message(), ":3: "));
	}
	unlink(path);
	free(path);
	sdt_instrument_free(ins);
}

static void test_duplicates_error(void **state)
{
	(void)state;
	run_policy(SDT_DUPLICATES_ERROR, SDT_EDATA, NULL, NULL);
}

static void test_duplicates_first(void **state)
{
	(void)state;
	run_policy(SDT_DUPLICATES_FIRST, SDT_OK, "a:1", "b:2");
}

static void test_duplicates_last(void **state)
{
	(void)state;
	run_policy(SDT_DUPLICATES_LAST, SDT_OK, "b:2", "a:3");
}

/* A callback that stops after `after` responses with `code`. */
typedef struct stopper {
	int n, after, code;
} stopper;

static int stop_cb(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	stopper *st = ctx;

	(void)r;
	(void)s;
	return ++st->n >= st->after ? st->code : SDT_OK;
}

/* SDT_EUSER from a callback stops the run as SDT_EUSER with a message of
 * its own; a value that is no library code becomes SDT_EUSER too, never
 * a look-alike of bad data with an empty message; a library code passes. */
static void test_callback_stop(void **state)
{
	static const char data[] =
		"{\"id\": \"a\", \"answers\": {\"q1\": 1}}\n"
		"{\"id\": \"b\", \"answers\": {\"q1\": 2}}\n"
		"{\"id\": \"c\", \"answers\": {\"q1\": 3}}\n";
	static const int codes[][2] = {{SDT_EUSER, SDT_EUSER}, {42, SDT_EUSER}, {-1, SDT_EUSER},
	                               {SDT_EIO, SDT_EIO}};
	sdt_instrument *ins = load();
	char *path = write_tmp(data, ".ndjson");
	const char *paths[] = {path};
	sdt_run_counts c;
	stopper st;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof codes / sizeof codes[0]; k++) {
		st = (stopper){0, 2, codes[k][0]};
		sdt_error_clear();
		assert_int_equal(sdt_run_files(ins, paths, 1, NULL, stop_cb, NULL, &st, &c, NULL),
		                 codes[k][1]);
		assert_int_equal(st.n, 2); /* nothing after the stop */
		if (codes[k][1] == SDT_EUSER)
			assert_non_null(strstr(sdt_error_message(), "stopped by a callback"));
	}
	assert_string_equal(sdt_strerror(SDT_EUSER), "stopped by the caller");
	unlink(path);
	free(path);
	sdt_instrument_free(ins);
}

/* The writers of `sdtscore score` through the library: q2 = 2 reversed
 * is 4, a = (5 + 4 + 3) / 3 = 4, b = (2 + 5) / 2 = 3.5, ab = (2 * 4 +
 * 3.5) / 3 = 11.5 / 3; a second row with one answer of a (under its
 * minimum of 2) has no a and no ab. */
static void test_score_writer(void **state)
{
	sdt_instrument *ins = load();
	sdt_scores *s = NULL;
	sdt_score_writer *w = NULL;
	sdt_response r = {0};
	const int v1[] = {5, 2, 3, 2, 5}, v2[] = {1, SDT_MISSING, SDT_MISSING, 2, 5};
	char *text = NULL, *ab;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	(void)state;
	assert_non_null(fp);
	assert_int_equal(sdt_scores_new(&s, ins), SDT_OK);
	assert_int_equal(sdt_score_writer_new(&w, fp, ins, (sdt_score_format)7, 0), SDT_EUSAGE);
	assert_null(w);
	assert_int_equal(sdt_score_writer_new(&w, fp, ins, SDT_SCORE_CSV, 4u), SDT_EUSAGE);
	assert_int_equal(sdt_score_writer_new(&w, fp, ins, SDT_SCORE_CSV, SDT_SCORE_CSV_SAFE), SDT_OK);
	r.id = "p1";
	r.team = "=T, 1";
	r.values = v1;
	sdt_score_response(s, ins, &r);
	assert_int_equal(sdt_score_writer_on_response(w, &r, s), SDT_OK);
	r.id = "p2";
	r.team = NULL;
	r.values = v2;
	sdt_score_response(s, ins, &r);
	assert_int_equal(sdt_score_writer_add(w, &r, s), SDT_OK);
	assert_int_equal(sdt_score_writer_finish(w), SDT_OK);
	assert_int_equal(sdt_score_writer_count(w), 2);
	sdt_score_writer_free(w);
	sdt_score_writer_free(NULL);
	assert_int_equal(fclose(fp), 0);
	/* the spreadsheet-safe team cell: a leading ', quoted for the comma */
	assert_non_null(strstr(text, "id,team,a,b,ab,a_answered,b_answered\np1,\"'=T, 1\",4,3.5,"));
	ab = strstr(text, "4,3.5,") + 6;
	assert_true(fabs(strtod(ab, NULL) - 11.5 / 3.0) < 1e-15);
	assert_non_null(strstr(text, ",3,2\np2,,,3.5,,1,2\n"));
	free(text);
	/* JSON with no row: just the brackets */
	text = NULL;
	assert_non_null(fp = open_memstream(&text, &len));
	assert_int_equal(sdt_score_writer_new(&w, fp, ins, SDT_SCORE_JSON, 0), SDT_OK);
	assert_int_equal(sdt_score_writer_finish(w), SDT_OK);
	sdt_score_writer_free(w);
	assert_int_equal(fclose(fp), 0);
	assert_string_equal(text, "[\n]\n");
	free(text);
	sdt_scores_free(s);
	sdt_instrument_free(ins);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reverse_and_composite),
		cmocka_unit_test(test_min_answered),
		cmocka_unit_test(test_idset),
		cmocka_unit_test(test_duplicates_error),
		cmocka_unit_test(test_duplicates_first),
		cmocka_unit_test(test_duplicates_last),
		cmocka_unit_test(test_callback_stop),
		cmocka_unit_test(test_score_writer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
