/*
 * test_report.c - the workbook writer against a hand-built hierarchy:
 * Org > A > {T1, T2 (hidden)}, Org > B > T3. Hidden cells carry a
 * distinctive number that must never reach the file, even though the
 * engine would have set them to NAN. The .xlsx is read back with unzip.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "i18n_texts.h"
#include "sdt_report.h"

/* Autonomy satisfaction / frustration, competence satisfaction, autonomy
 * support; two items each. */
static const char INSTRUMENT[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"t\", \"version\": \"1\",\n"
	" \"title\": {\"en\": \"Test\"}, \"response_scale\": {\"min\": 1, \"max\": 5},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false}, {\"id\": \"q2\", \"reverse\": false}, {\"id\": \"q3\", \"reverse\": false}, {\"id\": \"q4\", \"reverse\": false},\n"
	"  {\"id\": \"q5\", \"reverse\": false}, {\"id\": \"q6\", \"reverse\": false}, {\"id\": \"q7\", \"reverse\": false}, {\"id\": \"q8\", \"reverse\": false}],\n"
	" \"scales\": [\n"
	"  {\"id\": \"as\", \"label\": {\"en\": \"Autonomy satisfaction\", \"fi\": \"Autonomia\"},"
	"   \"items\": [\"q1\", \"q2\"], \"min_answered\": 1, \"need\": \"autonomy\", \"valence\": \"satisfaction\"},\n"
	"  {\"id\": \"af\", \"items\": [\"q3\", \"q4\"], \"min_answered\": 1, \"need\": \"autonomy\", \"valence\": \"frustration\"},\n"
	"  {\"id\": \"cs\", \"items\": [\"q5\", \"q6\"], \"min_answered\": 1, \"need\": \"competence\", \"valence\": \"satisfaction\"},\n"
	"  {\"id\": \"sup\", \"items\": [\"q7\", \"q8\"], \"min_answered\": 1, \"need\": \"autonomy\", \"valence\": \"support\"}]}\n";

#define NG 6
#define NS 4
#define NI 8
#define SECRET 3.14159265358979 /* the hidden team's "mean" */

static char paths[NG][64] = {"Org", "Org/A", "Org/A/T1", "Org/A/=T2", "Org/B", "Org/B/T3"};
static const long parents[NG] = {-1, 0, 1, 1, 0, 4};
static const size_t depths[NG] = {0, 1, 2, 2, 1, 2};
static const size_t ns[NG] = {30, 14, 10, 4, 16, 16};
static sdt_group_scale scales[NG][NS];
static sdt_group_item items[NG][NI];
static sdt_group groups[NG];
static sdt_groups gs;
static sdt_instrument *ins;
static char dir[] = "/tmp/sdt-report-testXXXXXX";

static void build(void)
{
	size_t i, s, k;

	for (i = 0; i < NG; i++) {
		groups[i].path = paths[i];
		groups[i].name = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
		groups[i].depth = depths[i];
		groups[i].parent = parents[i];
		groups[i].n = ns[i];
		groups[i].n_direct = depths[i] == 2 ? ns[i] : 0;
		groups[i].hidden = i == 3;
		groups[i].scales = scales[i];
		groups[i].items = items[i];
		for (s = 0; s < NS; s++) {
			scales[i][s].n = ns[i];
			scales[i][s].hidden = i == 3;
			scales[i][s].favourable_hidden = i == 3; /* its own decision (complete respondents) */
			scales[i][s].mean = i == 3 ? SECRET : 2.5 + 0.25 * (double)i + 0.1 * (double)s;
			scales[i][s].ci_lo = scales[i][s].mean - 0.3;
			scales[i][s].ci_hi = scales[i][s].mean + 0.3;
			scales[i][s].favourable = i == 3 ? 0.271828 : 0.5;
			scales[i][s].diff = i ? (i == 2 && s == 0 ? -0.61 : 0.2) : NAN;
			scales[i][s].significant = i == 2 && s == 0;
		}
		for (k = 0; k < NI; k++) {
			items[i][k].hidden = i == 3;
			items[i][k].n = ns[i];
			items[i][k].favourable = i == 3 ? 0.271828 : 0.4 + 0.01 * (double)k;
		}
	}
	gs.min_group = 5;
	gs.n_groups = NG;
	gs.groups = groups;
	gs.n_scales = NS;
	gs.n_items = NI;
	gs.n_no_team = 2;
}

static int setup(void **state)
{
	(void)state;
	build();
	if (sdt_instrument_parse(&ins, INSTRUMENT, strlen(INSTRUMENT), "t.json") != SDT_OK) {
		fprintf(stderr, "%s\n", sdt_error_message());
		return -1;
	}
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	sdt_instrument_free(ins);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static sdt_report_input input(const char *lang)
{
	static sdt_run_counts counts = {40, 38, 36, 2, 0, 0, 0, {0}, 0, 0, 0.0, 0.0};
	sdt_report_input in = SDT_REPORT_INPUT_INIT;

	in.ins = ins;
	in.groups = &gs;
	in.counts = &counts;
	in.lang = lang;
	in.date = "2026-11-28";
	in.command_line = "sdtscore report =cmd";
	return in;
}

/* Every part of the package, concatenated (unzip -p). */
static char *package_text(const char *path)
{
	char cmd[512];
	size_t cap = 1 << 20, len = 0, got;
	char *buf = malloc(cap);
	FILE *p;

	snprintf(cmd, sizeof cmd, "unzip -p '%s'", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((got = fread(buf + len, 1, cap - 1 - len, p)) > 0) {
		len += got;
		if (len + 1 >= cap)
			buf = realloc(buf, cap *= 2);
	}
	pclose(p);
	buf[len] = '\0';
	return buf;
}

static void test_full_workbook(void **state)
{
	sdt_report_input in = input("en");
	char path[256], *xml;

	(void)state;
	snprintf(path, sizeof path, "%s/full.xlsx", dir);
	assert_int_equal(sdt_report_write(&in, NULL, path), SDT_OK);
	xml = package_text(path);
	/* No trace of the hidden team's figures, in any format Excel uses. */
	assert_null(strstr(xml, "3.14159"));
	assert_null(strstr(xml, "0.271828"));
	assert_non_null(strstr(xml, "fewer than 5"));
	assert_non_null(strstr(xml, "name=\"Summary\""));
	assert_non_null(strstr(xml, "name=\"Heatmap\""));
	assert_non_null(strstr(xml, "name=\"Data quality\""));
	/* Data that looks like a formula stays text. */
	assert_non_null(strstr(xml, "Org/A/=T2"));
	assert_null(strstr(xml, "<f>T2"));
	assert_non_null(strstr(xml, "Groups under 5 respondents are hidden"));
	free(xml);
}

static void test_languages(void **state)
{
	sdt_report_input in = input("fi");
	char path[256], *xml;

	(void)state;
	snprintf(path, sizeof path, "%s/fi.xlsx", dir);
	assert_int_equal(sdt_report_write(&in, NULL, path), SDT_OK);
	xml = package_text(path);
	assert_non_null(strstr(xml, "name=\"Lämpökartta\""));
	assert_non_null(strstr(xml, "alle 5"));
	assert_null(strstr(xml, "name=\"Heatmap\""));
	free(xml);
	in.lang = "de";
	assert_int_equal(sdt_report_write(&in, NULL, path), SDT_EUSAGE);
}

static void test_split_team(void **state)
{
	sdt_report_input in = input("en");
	char sub[256], path[300], *xml;
	size_t n = 0;

	(void)state;
	snprintf(sub, sizeof sub, "%s/teams", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(sdt_report_split(&in, "team", sub, &n), SDT_OK);
	assert_int_equal(n, 2); /* T1 and T3; the hidden team gets none */
	snprintf(path, sizeof path, "%s/Org_A_T1.xlsx", sub);
	xml = package_text(path);
	assert_non_null(strstr(xml, "Org/A/T1"));
	assert_null(strstr(xml, "Org/B"));
	assert_null(strstr(xml, "=T2"));
	free(xml);
	snprintf(path, sizeof path, "%s/Org_B_T3.xlsx", sub);
	assert_int_equal(access(path, R_OK), 0);
	assert_int_equal(sdt_report_split(&in, "level:x", sub, &n), SDT_EUSAGE);
}

static void test_split_level(void **state)
{
	sdt_report_input in = input("sv");
	char sub[256], path[300], *xml;
	size_t n = 0;

	(void)state;
	snprintf(sub, sizeof sub, "%s/units", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(sdt_report_split(&in, "level:1", sub, &n), SDT_OK);
	assert_int_equal(n, 2);
	snprintf(path, sizeof path, "%s/Org_A.xlsx", sub);
	xml = package_text(path);
	assert_non_null(strstr(xml, "Org/A/T1"));
	assert_non_null(strstr(xml, "färre än 5"));
	assert_null(strstr(xml, "Org/B"));
	assert_null(strstr(xml, "3.14159"));
	free(xml);
}

static void test_file_names(void **state)
{
	char buf[128], longp[400];

	(void)state;
	assert_int_equal(sdt_report_file_name(buf, sizeof buf, "Org/Sales/Team-07"), 0);
	assert_string_equal(buf, "Org_Sales_Team-07.xlsx");
	sdt_report_file_name(buf, sizeof buf, "../x");
	assert_string_equal(buf, "x.xlsx");
	sdt_report_file_name(buf, sizeof buf, "Åland/Östra tiimi\x01");
	assert_string_equal(buf, "Aland_Ostra_tiimi.xlsx");
	sdt_report_file_name(buf, sizeof buf, "CON");
	assert_string_equal(buf, "g_CON.xlsx");
	sdt_report_file_name(buf, sizeof buf, "..");
	assert_string_equal(buf, "group.xlsx");
	memset(longp, 'a', sizeof longp - 1);
	longp[sizeof longp - 1] = '\0';
	sdt_report_file_name(buf, sizeof buf, longp);
	assert_true(strlen(buf) <= 100);
	assert_int_equal(sdt_report_file_name(buf, 16, "x"), -1);
}

static void test_failure_leaves_nothing(void **state)
{
	sdt_report_input in = input("en");
	char path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/missing/dir/r.xlsx", dir);
	assert_int_equal(sdt_report_write(&in, NULL, path), SDT_EIO);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* The texts come from reports/i18n.tsv at build time: every message of
 * sdt_msg has a line there, with an English, Finnish and Swedish text
 * (a missing one would fall back to English, or to nothing, unseen). */
static void test_every_text_translated(void **state)
{
	const sdt_text *t;
	size_t id;

	(void)state;
	for (id = 0; id < M_COUNT; id++) {
		t = &sdt_i18n_texts[id];
		if (!t->en || !*t->en || !t->fi || !*t->fi || !t->sv || !*t->sv)
			fail_msg("message %zu of sdt_msg lacks a text in reports/i18n.tsv", id);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_workbook),
		cmocka_unit_test(test_every_text_translated),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_split_team),
		cmocka_unit_test(test_split_level),
		cmocka_unit_test(test_file_names),
		cmocka_unit_test(test_failure_leaves_nothing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
