/*
 * test_versions.c - the caller-allocated option structs carry a version
 * (issue 16, "options done as libgit2 does"): each SDT_*_INIT sets the
 * current one and gives the documented defaults; a zeroed struct
 * (version 0) and a version from a newer library are refused with
 * SDT_EUSAGE, kind "options_version" and a message naming the INIT macro,
 * before anything is read or computed; NULL still means the defaults.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "sdtscore.h"
#include "sdt_report.h"

static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"t\", \"version\": \"1\",\n"
	" \"title\": {\"en\": \"t\"},\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"label\": {\"en\": \"q1\"}, \"reverse\": false},\n"
	"  {\"id\": \"q2\", \"label\": {\"en\": \"q2\"}, \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"a\", \"items\": [\"q1\", \"q2\"], \"min_answered\": 1}]}\n";

static sdt_instrument *ins;

static int setup(void **state)
{
	(void)state;
	return sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "t.json") ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	sdt_instrument_free(ins);
	return 0;
}

/* The last error is the version refusal for `init`. */
static void refused(int rc, const char *init)
{
	assert_int_equal(rc, SDT_EUSAGE);
	assert_string_equal(sdt_error_kind(), "options_version");
	assert_non_null(strstr(sdt_error_message(), init));
}

static void test_stats(void **state)
{
	sdt_stats_options o = SDT_STATS_OPTIONS_INIT, zero;
	sdt_accum *acc = NULL;
	sdt_stats *st = NULL;

	(void)state;
	/* the defaults: pairwise, protected, min_group 0 meaning 5 */
	assert_int_equal(o.version, SDT_STATS_OPTIONS_VERSION);
	assert_int_equal(o.missing, SDT_MISSING_PAIRWISE);
	assert_int_equal(o.no_protection, 0);
	assert_int_equal(sdt_accum_new(&acc, ins), SDT_OK);
	memset(&zero, 0, sizeof zero);
	refused(sdt_stats_compute(&st, acc, &zero), "SDT_STATS_OPTIONS_INIT");
	assert_null(st);
	o.version = SDT_STATS_OPTIONS_VERSION + 1;
	refused(sdt_stats_compute(&st, acc, &o), "SDT_STATS_OPTIONS_INIT");
	o.version = SDT_STATS_OPTIONS_VERSION;
	assert_int_equal(sdt_stats_compute(&st, acc, &o), SDT_OK);
	assert_int_equal(st->min_group, 5);
	sdt_stats_free(st);
	sdt_accum_free(acc);
}

static void test_groups(void **state)
{
	sdt_groups_options o = SDT_GROUPS_OPTIONS_INIT, zero;
	sdt_groups_rename ren = {0, NULL, NULL, 0};
	sdt_groupacc *acc = NULL;
	sdt_groups *g = NULL;

	(void)state;
	assert_int_equal(sdt_groupacc_new(&acc, ins), SDT_OK);
	memset(&zero, 0, sizeof zero);
	refused(sdt_groups_compute(&g, acc, &zero), "SDT_GROUPS_OPTIONS_INIT");
	assert_null(g);
	refused(sdt_groups_compute_moved(&g, acc, &zero, NULL), "SDT_GROUPS_OPTIONS_INIT");
	/* the renames are versioned too; NULL is none */
	refused(sdt_groups_compute_moved(&g, acc, &o, &ren), "SDT_GROUPS_RENAME_INIT");
	assert_null(g);
	ren.version = SDT_GROUPS_RENAME_VERSION;
	assert_int_equal(sdt_groups_compute_moved(&g, acc, &o, &ren), SDT_OK);
	sdt_groups_free(g);
	assert_int_equal(sdt_groups_compute_moved(&g, acc, &o, NULL), SDT_OK);
	sdt_groups_free(g);
	g = NULL;
	assert_int_equal(sdt_groups_compute(&g, acc, &o), SDT_OK);
	assert_int_equal(g->min_group, 5);
	sdt_groups_free(g);
	sdt_groupacc_free(acc);
}

static void test_read_and_run(void **state)
{
	sdt_read_options ro = SDT_READ_OPTIONS_INIT;
	sdt_run_options run = SDT_RUN_OPTIONS_INIT;
	const char *paths[] = {"no-such-file.csv"};
	sdt_reader *r = NULL;
	sdt_columns *cols = NULL;

	(void)state;
	assert_int_equal(run.read.version, SDT_READ_OPTIONS_VERSION);
	assert_int_equal(run.duplicates, SDT_DUPLICATES_ERROR);
	/* a known version goes on to the file, which is missing */
	assert_int_equal(sdt_reader_open(&r, ins, paths[0], &ro), SDT_EIO);
	ro.version = 0;
	refused(sdt_reader_open(&r, ins, paths[0], &ro), "SDT_READ_OPTIONS_INIT");
	assert_null(r);
	refused(sdt_columns_read(&cols, ins, paths[0], &ro), "SDT_READ_OPTIONS_INIT");
	assert_null(cols);
	/* a run checks both its own version and its read options' */
	assert_int_equal(sdt_run_files(ins, paths, 0, &run, NULL, NULL, NULL, NULL, NULL), SDT_OK);
	run.read.version = 0;
	refused(sdt_run_files(ins, paths, 0, &run, NULL, NULL, NULL, NULL, NULL),
	        "SDT_READ_OPTIONS_INIT");
	refused(sdt_run_parallel(ins, paths, 0, &run, 1, NULL, NULL, NULL, NULL, NULL, NULL),
	        "SDT_READ_OPTIONS_INIT");
	run.read.version = SDT_READ_OPTIONS_VERSION;
	run.version = 7;
	refused(sdt_run_files(ins, paths, 0, &run, NULL, NULL, NULL, NULL, NULL),
	        "SDT_RUN_OPTIONS_INIT");
}

static void test_simulate_bootstrap_focus(void **state)
{
	sdt_simulate_options a = SDT_SIMULATE_OPTIONS_INIT, b;
	sdt_bootstrap_options bo;
	sdt_focus_options fo;
	sdt_simulate *sim = NULL;
	sdt_bootstrap *boot = NULL;
	sdt_focus f;

	(void)state;
	/* the macro and the function give the same defaults */
	sdt_simulate_options_init(&b);
	assert_int_equal(b.version, SDT_SIMULATE_OPTIONS_VERSION);
	assert_true(a.icc == b.icc && a.loading == b.loading && a.missing == b.missing &&
	            a.careless == b.careless && a.seed == b.seed && b.seed == 1);
	a.respondents = 4;
	a.teams = 2;
	a.version = 0;
	refused(sdt_simulate_new(&sim, ins, &a), "SDT_SIMULATE_OPTIONS_INIT");
	assert_null(sim);
	a.version = SDT_SIMULATE_OPTIONS_VERSION;
	assert_int_equal(sdt_simulate_new(&sim, ins, &a), SDT_OK);
	sdt_simulate_free(sim);
	memset(&bo, 0, sizeof bo);
	assert_int_equal(sdt_bootstrap_new(&boot, ins), SDT_OK);
	refused(sdt_bootstrap_run(boot, &bo, NULL), "SDT_BOOTSTRAP_OPTIONS_INIT");
	sdt_bootstrap_free(boot);
	memset(&fo, 0, sizeof fo);
	refused(sdt_focus_compute(&f, NULL, 0, ins, &fo), "SDT_FOCUS_OPTIONS_INIT");
}

static void test_report_inputs(void **state)
{
	sdt_report_input in = SDT_REPORT_INPUT_INIT;
	sdt_benchmark_report rep = SDT_BENCHMARK_REPORT_INIT;
	sdt_groupacc *acc = NULL;
	sdt_groups *g = NULL;
	sdt_benchmark *b = NULL;

	(void)state;
	assert_int_equal(rep.focus, -1);
	assert_int_equal(sdt_groupacc_new(&acc, ins), SDT_OK);
	assert_int_equal(sdt_groups_compute(&g, acc, NULL), SDT_OK);
	in.ins = ins;
	in.groups = g;
	in.version = 0;
	refused(sdt_report_write(&in, NULL, "never.xlsx"), "SDT_REPORT_INPUT_INIT");
	refused(sdt_report_split(&in, "team", ".", NULL), "SDT_REPORT_INPUT_INIT");
	refused(sdt_report_split_threads(&in, "team", ".", 2, NULL), "SDT_REPORT_INPUT_INIT");
	refused(sdt_report_check(&in, NULL, "never.xlsx"), "SDT_REPORT_INPUT_INIT");
	assert_int_equal(sdt_benchmark_new(&b), SDT_OK);
	rep.bench = b;
	rep.version = 2;
	refused(sdt_report_benchmark(&rep, "never.xlsx"), "SDT_BENCHMARK_REPORT_INIT");
	sdt_benchmark_free(b);
	sdt_groups_free(g);
	sdt_groupacc_free(acc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_read_and_run),
		cmocka_unit_test(test_simulate_bootstrap_focus),
		cmocka_unit_test(test_report_inputs),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
