/*
 * test_map.c - column maps for survey exports: validation messages (exact),
 * regex and exact header matching, delimiter detection, answer labels in
 * any language and case, Excel's "4,0", blank rows at the end, layouts and
 * encodings.
 *
 * Run with cwd = tests/ (SHARED is not needed: the bundled
 * learning-leadership-pulse instrument has labels in en, fi and sv).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "sdtscore.h"

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *data, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static sdt_instrument *pulse(void)
{
	sdt_instrument *ins = NULL;

	assert_int_equal(sdt_instrument_load_bundled(&ins, "learning-leadership-pulse"),
	                 SDT_OK);
	return ins;
}

/* --- map validation ------------------------------------------------------ */

static const struct {
	const char *json, *msg;
} bad_maps[] = {
	{"[]", "m.json:1:1: $: expected an object, got an array"},
	{"{\"items\": {\"q1\": \"Q1\"}}", "m.json:1:1: $: missing key 'id'"},
	{"{\"id\": \"ID\"}", "m.json:1:1: $: missing key 'items'"},
	{"{\"id\": \"ID\", \"items\": {}}",
	 "m.json:1:23: $.items: expected at least one column"},
	{"{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}, \"extra\": 1}",
	 "m.json:1:37: $.extra: unknown key"},
	{"{\"id\": \"\", \"items\": {\"q1\": \"Q1\"}}",
	 "m.json:1:8: $.id: expected a non-empty header string"},
	{"{\"id\": 3, \"items\": {\"q1\": \"Q1\"}}",
	 "m.json:1:8: $.id: expected a header string or {\"regex\": \"...\"}, got a number"},
	{"{\"id\": {\"re\": \"x\"}, \"items\": {\"q1\": \"Q1\"}}",
	 "m.json:1:8: $.id: expected a header string or {\"regex\": \"...\"}"},
	{"{\"id\": {\"regex\": \"(\"}, \"items\": {\"q1\": \"Q1\"}}",
	 "m.json:1:18: $.id.regex: bad regex '(': *"},
	{"{\"id\": \"ID\", \"team\": [], \"items\": {\"q1\": \"Q1\"}}",
	 "m.json:1:22: $.team: expected at least one column"},
	{"{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}, \"header_row\": 0}",
	 "m.json:1:51: $.header_row: 0 is outside 1..1000000"},
	{"{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}, \"skip_rows\": [2, 2.5]}",
	 "m.json:1:54: $.skip_rows[1]: expected an integer, got 2.5"},
	{"{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}, \"skip_rows\": [1]}",
	 "m.json:1:51: $.skip_rows[0]: row 1 is the header row"},
	{"{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}, \"labels\": {\"Agree\": 4, \" agree \": 4}}",
	 "m.json:1:60: $.labels[\" agree \"]: label given twice (case and spaces do not count)"},
	{"{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}, \"labels\": {\"x\": \"4\"}}",
	 "m.json:1:53: $.labels.x: expected an integer or null, got a string"},
	{"{\"id\": \"ID\",", "m.json:1:13: invalid JSON"},
	/* Text after the document is refused, as in instrument files. */
	{"{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}}\n{}",
	 "m.json:2:1: unexpected text after the JSON document"},
};

static void test_map_errors(void **state)
{
	sdt_map *map;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof bad_maps / sizeof bad_maps[0]; k++) {
		map = NULL;
		assert_int_equal(sdt_map_parse(&map, bad_maps[k].json,
		                               strlen(bad_maps[k].json), "m.json"),
		                 SDT_EDATA);
		assert_null(map);
		/* regerror()'s own words differ between C libraries. */
		if (strchr(bad_maps[k].msg, '*'))
			assert_memory_equal(sdt_error_message(), bad_maps[k].msg,
			                    strcspn(bad_maps[k].msg, "*"));
		else
			assert_string_equal(sdt_error_message(), bad_maps[k].msg);
	}
}

static void test_map_load_missing(void **state)
{
	sdt_map *map = NULL;

	(void)state;
	assert_int_equal(sdt_map_load(&map, "no/such/map.json"), SDT_EIO);
	assert_null(map);
}

/* Read every response of `csv` with the map text and options; returns
 * the error code; *n the responses read; values of the last into last[]. */
static int read_all(const char *map_json, const char *csv, size_t csv_len,
                    sdt_read_options *opt, size_t *n, int *last, char *team,
                    size_t team_n)
{
	sdt_instrument *ins = pulse();
	sdt_map *map = NULL;
	sdt_reader *r = NULL;
	const sdt_response *resp;
	const char *path = write_tmp("x.csv", csv, csv_len);
	int rc = SDT_OK;

	*n = 0;
	if (map_json)
		assert_int_equal(sdt_map_parse(&map, map_json, strlen(map_json), "m.json"),
		                 SDT_OK);
	opt->map = map;
	rc = sdt_reader_open(&r, ins, path, opt);
	while (rc == SDT_OK && (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp) {
		(*n)++;
		memcpy(last, resp->values, 3 * sizeof *last);
		if (team)
			snprintf(team, team_n, "%s", resp->team ? resp->team : "(none)");
	}
	sdt_reader_free(r);
	sdt_map_free(map);
	sdt_instrument_free(ins);
	return rc;
}

static const char *msg_after_dir(void)
{
	const char *m = sdt_error_message(), *s = strstr(m, "x.csv");

	return s ? s : m;
}

static void test_regex_and_exact(void **state)
{
	static const char csv[] = "Resp,Dept,Team,Q1 first?,Q2 second?,Q3\n"
	                          "r1,Sales,T1,1,2,3\n";
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	int v[3];
	char team[64];
	size_t n;

	(void)state;
	assert_int_equal(read_all("{\"id\": {\"regex\": \"^Re\"}, \"team\": [\"Dept\", \"Team\"],"
	                          " \"items\": {\"q1\": {\"regex\": \"^Q1 \"}, \"q2\": "
	                          "{\"regex\": \"second\\\\?$\"}, \"q3\": \"Q3\"}}",
	                          csv, sizeof csv - 1, &opt, &n, v, team, sizeof team),
	                 SDT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], 1);
	assert_int_equal(v[1], 2);
	assert_int_equal(v[2], 3);
	assert_string_equal(team, "Sales/T1");
	assert_int_equal(read_all("{\"id\": \"Resp\", \"items\": {\"q1\": {\"regex\": \"^Q\"}}}",
	                          csv, sizeof csv - 1, &opt, &n, v, NULL, 0), SDT_EDATA);
	assert_non_null(strstr(sdt_error_message(), "x.csv: m.json:1:32: $.items.q1: "
	                       "regex '^Q' matches 3 headers of row 1 (expected "
	                       "exactly one)"));
	assert_int_equal(read_all("{\"id\": \"Resp\", \"items\": {\"q1\": {\"regex\": \"^Z\"}}}",
	                          csv, sizeof csv - 1, &opt, &n, v, NULL, 0), SDT_EDATA);
	assert_non_null(strstr(sdt_error_message(), "regex '^Z' matches 0 headers"));
	assert_int_equal(read_all("{\"id\": \"Resp\", \"items\": {\"q1\": \"Q3\", \"q2\": \"Q3\"}}",
	                          csv, sizeof csv - 1, &opt, &n, v, NULL, 0), SDT_EDATA);
	assert_non_null(strstr(sdt_error_message(), "$.items.q2: column 'Q3' is "
	                       "already mapped to something else"));
}

static void test_delimiters(void **state)
{
	/* The unmapped column is no item's look-alike (that is an error). */
	static const char semi[] = "ID;Q1;Note;Q3\r\nr1;1;\"2;x\";3\r\n";
	static const char tab[] = "ID\tQ1\tNote\tQ3\nr1\t1\t2\t3\n";
	static const char comma_in_quotes[] = "\"ID;a\",Q1,Note,Q3\nr1,1,2,3\n";
	static const char map[] = "{\"id\": {\"regex\": \"^ID\"}, \"items\": {\"q1\": \"Q1\", \"q3\": \"Q3\"}}";
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	int v[3];
	size_t n;

	(void)state;
	assert_int_equal(read_all(map, semi, sizeof semi - 1, &opt, &n, v, NULL, 0), SDT_OK);
	assert_int_equal(v[2], 3);
	assert_int_equal(read_all(map, tab, sizeof tab - 1, &opt, &n, v, NULL, 0), SDT_OK);
	assert_int_equal(v[0], 1);
	/* A ';' inside quotes does not count. */
	assert_int_equal(read_all(map, comma_in_quotes, sizeof comma_in_quotes - 1,
	                          &opt, &n, v, NULL, 0), SDT_OK);
	assert_int_equal(v[2], 3);
	opt.delimiter = ',';
	assert_int_equal(read_all(map, semi, sizeof semi - 1, &opt, &n, v, NULL, 0),
	                 SDT_EDATA);
	assert_string_equal(msg_after_dir(), "x.csv: m.json:1:42: $.items.q1: no "
	                    "header of row 1 is 'Q1'");
}

static void test_labels(void **state)
{
	static const char one[] =
		"ID;Q1;Q2;Q3\n"
		"r1; t\xc3\xa4ysin SAMAA   MIELT\xc3\x84 ;Strongly\xc2\xa0" "disagree;"
		"Inst\xc3\xa4mmer delvis\n";
	static const char csv[] =
		"ID;Q1;Q2;Q3\n"
		"r1;1;1;1\n"
		"r2;4,0; 2.00 ;En osaa sanoa\n"
		";;;\n;;;\n";
	static const char map[] = "{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\", \"q2\": "
	                          "\"Q2\", \"q3\": \"Q3\"}, \"labels\": {\"en osaa sanoa\": null}}";
	static const char bad[] = "ID;Q1\nr1;Quite agree\n";
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	int v[3];
	size_t n;

	(void)state;
	assert_int_equal(read_all(map, one, sizeof one - 1, &opt, &n, v, NULL, 0), SDT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], 5);
	assert_int_equal(v[1], 1);
	assert_int_equal(v[2], 4);
	assert_int_equal(read_all(map, csv, sizeof csv - 1, &opt, &n, v, NULL, 0), SDT_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0], 4);
	assert_int_equal(v[1], 2);
	assert_int_equal(v[2], SDT_MISSING);
	assert_int_equal(read_all("{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}}", bad,
	                          sizeof bad - 1, &opt, &n, v, NULL, 0), SDT_EDATA);
	assert_string_equal(msg_after_dir(), "x.csv:2: unknown answer label 'Quite "
	                    "agree' (not a number, nor a label of the response scale "
	                    "or the map) (row 2, column 'Q1', respondent r1)");
	assert_int_equal(read_all("{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}, "
	                          "\"labels\": {\"Quite agree\": 9}}", bad,
	                          sizeof bad - 1, &opt, &n, v, NULL, 0), SDT_EDATA);
	assert_string_equal(sdt_error_message(), "m.json:1:63: $.labels[\"Quite agree\"]: "
	                    "value 9 is outside 1..5");
}

static void test_blank_rows(void **state)
{
	static const char csv[] = "ID;Q1\nr1;1\n;\nr2;2\n";
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	int v[3];
	size_t n;

	(void)state;
	assert_int_equal(read_all("{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}}", csv,
	                          sizeof csv - 1, &opt, &n, v, NULL, 0), SDT_EDATA);
	assert_string_equal(msg_after_dir(), "x.csv:4: row 3 is blank but data "
	                    "follows it; only blank rows at the end are skipped (row 4)");
}

static void test_qualtrics_layout(void **state)
{
	static const char csv[] = "ResponseId,Q1_1,Q1_2,Q1_3\n"
	                          "Response ID,texts,texts,texts\n"
	                          "\"{\"\"ImportId\"\":\"\"x\"\"}\",{},{},{}\n"
	                          "R_1,5,4,Agree\n";
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	int v[3];
	size_t n;

	(void)state;
	opt.layout = SDT_LAYOUT_QUALTRICS;
	assert_int_equal(read_all(NULL, csv, sizeof csv - 1, &opt, &n, v, NULL, 0), SDT_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], 5);
	assert_int_equal(v[1], 4);
	assert_int_equal(v[2], 4);
}

static void test_utf16_and_1252(void **state)
{
	/* "ID;Q1\nr1;Täysin samaa mieltä\n" in UTF-16 LE with its BOM. */
	static const char text[] = "ID;Q1\nr1;T\xc3\xa4ysin samaa mielt\xc3\xa4\n";
	static const char w1252[] = "ID;Q1\nr1;T\xe4ysin samaa mielt\xe4\n";
	char u16[256];
	size_t k, n = 0;
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	int v[3];
	const char *map = "{\"id\": \"ID\", \"items\": {\"q1\": \"Q1\"}}";

	(void)state;
	u16[n++] = (char)0xff;
	u16[n++] = (char)0xfe;
	for (k = 0; text[k]; k++) {
		if ((unsigned char)text[k] == 0xc3) {
			u16[n++] = (char)(0xc0 | (text[++k] & 0x3f));
			u16[n++] = 0;
			continue;
		}
		u16[n++] = text[k];
		u16[n++] = 0;
	}
	assert_int_equal(read_all(map, u16, n, &opt, &n, v, NULL, 0), SDT_OK);
	assert_int_equal(v[0], 5);
	opt.encoding = "windows-1252";
	assert_int_equal(read_all(map, w1252, sizeof w1252 - 1, &opt, &n, v, NULL, 0),
	                 SDT_OK);
	assert_int_equal(v[0], 5);
	opt.encoding = NULL;
	assert_int_equal(read_all(map, w1252, sizeof w1252 - 1, &opt, &n, v, NULL, 0),
	                 SDT_EDATA);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/sdt_map_XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char path[256];

	(void)state;
	snprintf(path, sizeof path, "%s/x.csv", tmpdir);
	unlink(path);
	return rmdir(tmpdir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_errors),
		cmocka_unit_test(test_map_load_missing),
		cmocka_unit_test(test_regex_and_exact),
		cmocka_unit_test(test_delimiters),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_blank_rows),
		cmocka_unit_test(test_qualtrics_layout),
		cmocka_unit_test(test_utf16_and_1252),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
