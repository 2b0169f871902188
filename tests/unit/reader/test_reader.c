/*
 * test_reader.c - the response readers: every reference dataset read from
 * JSON, NDJSON and CSV gives the same responses, which also match an
 * independent cJSON parse of responses.json; then a table of bad inputs,
 * each with its exact message and code; counting under --invalid=missing
 * and --ignore-unknown; and failed allocations at every step.
 *
 * Run with cwd = tests/ and SHARED=/abs/path/to/shared.
 */
#include <cjson/cJSON.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "sdtscore.h"

static char tmpdir[64];
static char created[128][256]; /* files written, removed at the end */
static size_t n_created;

/* --- helpers ------------------------------------------------------------- */

static void ref_path(char *buf, size_t n, const char *ds, const char *file)
{
	const char *shared = getenv("SHARED");

	snprintf(buf, n, "%s/reference/%s/%s", shared ? shared : "../../shared",
	         ds, file);
}

static sdt_instrument *load_ref(const char *ds)
{
	sdt_instrument *ins = NULL;
	char path[512];

	ref_path(path, sizeof path, ds, "instrument.json");
	if (sdt_instrument_load(&ins, path) != SDT_OK)
		fail_msg("cannot load %s: %s", path, sdt_error_message());
	return ins;
}

/* Write `len` bytes to tmpdir/name; returns the path (static buffer). */
static const char *write_tmp(const char *name, const char *data, size_t len)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	if (n_created < 128)
		snprintf(created[n_created++], sizeof created[0], "%s", path);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* One response as a line of text, to compare readers. */
static char *describe(const sdt_instrument *ins, const sdt_response *r)
{
	char buf[4096];
	size_t i, n = 0;

	n += (size_t)snprintf(buf + n, sizeof buf - n, "%s|%s|", r->id,
	                      r->team ? r->team : "-");
	for (i = 0; i < r->n_attributes; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s=%s;",
		                      r->attr_names[i],
		                      r->attr_values[i] ? r->attr_values[i] : "-");
	for (i = 0; i < sdt_instrument_item_count(ins); i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%d,", r->values[i]);
	assert_true(n < sizeof buf);
	return strdup(buf);
}

typedef struct rows {
	char **row;
	unsigned long *line;
	size_t n;
	char *wave;
} rows;

static void rows_free(rows *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		free(rs->row[i]);
	free(rs->row);
	free(rs->line);
	free(rs->wave);
	memset(rs, 0, sizeof *rs);
}

static void read_all(rows *rs, const sdt_instrument *ins, const char *path,
                     const sdt_read_options *opt)
{
	sdt_reader *r = NULL;
	const sdt_response *resp;
	int rc;

	memset(rs, 0, sizeof *rs);
	if (sdt_reader_open(&r, ins, path, opt) != SDT_OK)
		fail_msg("open %s: %s", path, sdt_error_message());
	while ((rc = sdt_reader_next(r, &resp)) == SDT_OK && resp) {
		rs->row = realloc(rs->row, (rs->n + 1) * sizeof *rs->row);
		rs->line = realloc(rs->line, (rs->n + 1) * sizeof *rs->line);
		assert_true(rs->row && rs->line);
		assert_string_equal(resp->file, path);
		rs->line[rs->n] = resp->line;
		rs->row[rs->n++] = describe(ins, resp);
	}
	if (rc != SDT_OK)
		fail_msg("read %s: %s", path, sdt_error_message());
	if (sdt_reader_wave(r))
		rs->wave = strdup(sdt_reader_wave(r));
	sdt_reader_free(r);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The same line as describe(), built straight from responses.json with
 * cJSON, without the reader. */
static char *describe_json(const sdt_instrument *ins, const cJSON *o)
{
	const cJSON *team = cJSON_GetObjectItemCaseSensitive(o, "team");
	const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(o, "attributes");
	const cJSON *ans = cJSON_GetObjectItemCaseSensitive(o, "answers"), *a;
	char buf[4096];
	size_t i, n = 0;

	n += (size_t)snprintf(buf + n, sizeof buf - n, "%s|%s|",
	                      cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring,
	                      cJSON_IsString(team) ? team->valuestring : "-");
	for (a = attrs ? attrs->child : NULL; a; a = a->next)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s=%s;", a->string,
		                      cJSON_IsString(a) ? a->valuestring : "-");
	for (i = 0; i < sdt_instrument_item_count(ins); i++) {
		a = cJSON_GetObjectItemCaseSensitive(ans, sdt_instrument_item_id(ins, i));
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%d,",
		                      cJSON_IsNumber(a) ? a->valueint : SDT_MISSING);
	}
	return strdup(buf);
}

/* --- the reference datasets ---------------------------------------------- */

static void check_reference(const char *ds, int crlf_bom)
{
	static const char *const files[] = {"responses.json", "responses.ndjson",
	                                    "responses.csv", "responses-crlf-bom.csv"};
	sdt_instrument *ins = load_ref(ds);
	rows rs[4];
	char path[512], *text, *want;
	cJSON *doc;
	const cJSON *o;
	size_t f, i, nf = crlf_bom ? 4 : 3;

	for (f = 0; f < nf; f++) {
		ref_path(path, sizeof path, ds, files[f]);
		read_all(&rs[f], ins, path, NULL);
	}
	/* Independent parse: count, order, and every field of every response. */
	ref_path(path, sizeof path, ds, "responses.json");
	text = slurp(path);
	doc = cJSON_Parse(text);
	assert_non_null(doc);
	assert_string_equal(rs[0].wave,
	                    cJSON_GetObjectItemCaseSensitive(doc, "wave")->valuestring);
	o = cJSON_GetObjectItemCaseSensitive(doc, "responses");
	assert_int_equal(rs[0].n, (size_t)cJSON_GetArraySize(o));
	assert_true(rs[0].n > 100);
	for (o = o->child, i = 0; o; o = o->next, i++) {
		want = describe_json(ins, o);
		for (f = 0; f < nf; f++) {
			assert_int_equal(rs[f].n, rs[0].n);
			assert_string_equal(rs[f].row[i], want);
		}
		/* NDJSON lines and CSV records (header = 1) count from 1. */
		assert_int_equal(rs[1].line[i], i + 1);
		assert_int_equal(rs[2].line[i], i + 2);
		free(want);
	}
	for (f = 1; f < nf; f++)
		assert_null(rs[f].wave);
	for (f = 0; f < nf; f++)
		rows_free(&rs[f]);
	cJSON_Delete(doc);
	free(text);
	sdt_instrument_free(ins);
}

static void test_reference_pulse12(void **state)
{
	(void)state;
	check_reference("pulse12", 1);
}

static void test_reference_bpnsfs24(void **state)
{
	(void)state;
	check_reference("bpnsfs24", 0);
}

static void test_reference_needs18rev(void **state)
{
	(void)state;
	check_reference("needs18rev", 0);
}

/* A few values typed from the files themselves (first respondent of
 * pulse12: af1 and af4 null, cs4 = 3; six respondents have no team). */
static void test_reference_spot_values(void **state)
{
	sdt_instrument *ins = load_ref("pulse12");
	char path[512];
	rows rs;
	size_t i, no_team = 0;

	(void)state;
	ref_path(path, sizeof path, "pulse12", "responses.csv");
	read_all(&rs, ins, path, NULL);
	assert_string_equal(rs.row[0], "r00001|Org/Sales/Team 07|work_mode=onsite;"
	                    "2,2,3,4,-2147483648,5,3,-2147483648,4,4,4,3,");
	for (i = 0; i < rs.n; i++)
		no_team += strstr(rs.row[i], "|-|") != NULL;
	assert_int_equal(no_team, 6);
	rows_free(&rs);
	sdt_instrument_free(ins);
}

/* --- format names ---------------------------------------------------------- */

static void test_formats(void **state)
{
	(void)state;
	assert_int_equal(sdt_format_from_path("a/b.json"), SDT_FORMAT_JSON);
	assert_int_equal(sdt_format_from_path("b.ndjson"), SDT_FORMAT_NDJSON);
	assert_int_equal(sdt_format_from_path("b.jsonl"), SDT_FORMAT_NDJSON);
	assert_int_equal(sdt_format_from_path("B.CSV"), SDT_FORMAT_CSV);
	assert_int_equal(sdt_format_from_path("b.txt"), SDT_FORMAT_AUTO);
	assert_int_equal(sdt_format_from_path("dir.csv/b"), SDT_FORMAT_AUTO);
	assert_int_equal(sdt_format_from_path("-"), SDT_FORMAT_AUTO);
	assert_string_equal(sdt_format_name(SDT_FORMAT_NDJSON), "ndjson");
}

/* Name lookups share one convention: output first, SDT_OK or SDT_EUSAGE
 * with the known names, the output untouched on failure. The deprecated
 * names keep their old answers until the next soname. */
static void test_from_name(void **state)
{
	sdt_format f = SDT_FORMAT_XLSX;
	sdt_layout l = SDT_LAYOUT_QUALTRICS;

	(void)state;
	assert_int_equal(sdt_format_from_name(&f, "csv"), SDT_OK);
	assert_int_equal(f, SDT_FORMAT_CSV);
	assert_int_equal(sdt_format_from_name(&f, "jsonl"), SDT_OK);
	assert_int_equal(f, SDT_FORMAT_NDJSON);
	assert_int_equal(sdt_format_from_name(&f, "auto"), SDT_OK);
	assert_int_equal(f, SDT_FORMAT_AUTO);
	f = SDT_FORMAT_JSON;
	assert_int_equal(sdt_format_from_name(&f, "xml"), SDT_EUSAGE);
	assert_int_equal(f, SDT_FORMAT_JSON);
	assert_string_equal(sdt_error_message(),
	                    "unknown input format 'xml' (json, ndjson, csv, xlsx)");
	assert_int_equal(sdt_format_from_name(&f, NULL), SDT_EUSAGE);
	assert_int_equal(sdt_layout_from_name(&l, "limesurvey"), SDT_OK);
	assert_int_equal(l, SDT_LAYOUT_LIMESURVEY);
	assert_int_equal(sdt_layout_from_name(&l, "surveymonkey"), SDT_EUSAGE);
	assert_int_equal(l, SDT_LAYOUT_LIMESURVEY);
	assert_string_equal(sdt_error_message(),
	                    "unknown layout 'surveymonkey' (generic, qualtrics, limesurvey)");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
	assert_int_equal(sdt_format_parse("csv"), SDT_FORMAT_CSV);
	assert_int_equal(sdt_format_parse("xml"), SDT_FORMAT_AUTO);
	assert_int_equal(sdt_layout_parse("qualtrics"), SDT_LAYOUT_QUALTRICS);
	assert_int_equal(sdt_layout_parse("xml"), -1);
#pragma GCC diagnostic pop
}

/* Standard input is CSV unless it starts with JSON, which needs saying. */
static void stdin_from(const char *text)
{
	FILE *f = fopen("stdin.tmp", "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	assert_non_null(freopen("stdin.tmp", "r", stdin));
}

static void test_stdin_needs_format(void **state)
{
	sdt_instrument *ins = load_ref("pulse12");
	sdt_reader *r = (sdt_reader *)1;

	(void)state;
	stdin_from("\n  {\"id\": \"p1\"}\n");
	assert_int_equal(sdt_reader_open(&r, ins, "-", NULL), SDT_EUSAGE);
	assert_null(r);
	assert_string_equal(sdt_error_message(), "-: standard input holds JSON, and "
	                    "whether it is one document or one response a line "
	                    "(NDJSON) cannot be told");
	assert_string_equal(sdt_error_kind(), "stdin_json");
	stdin_from("id,team\n");
	assert_int_equal(sdt_reader_open(&r, ins, "-", NULL), SDT_OK);
	sdt_reader_free(r);
	remove("stdin.tmp");
	sdt_instrument_free(ins);
}

/* --- bad inputs -------------------------------------------------------------- */

typedef struct bad_case {
	const char *name;  /* test name, and the file name's stem */
	const char *ext;   /* file extension: json, ndjson, csv */
	const char *data;
	size_t len;        /* 0: strlen(data) */
	int code;
	const char *msg;   /* the message after "<path>" */
} bad_case;

#define NDJ(s) "ndjson", s, 0
#define CSV(s) "csv", s, 0
#define JSN(s) "json", s, 0

static const bad_case bad_cases[] = {
	{"ndjson_out_of_range", NDJ("{\"id\":\"r1\",\"answers\":{\"as1\":9}}\n"), SDT_EDATA,
	 ":1:29: answers.as1: value 9 is outside 1..5 (respondent r1)"},
	{"ndjson_fraction_crlf", NDJ("\r\n{\"id\":\"r1\",\"answers\":{\"as1\":2.5}}\r\n"), SDT_EDATA,
	 ":2:29: answers.as1: value 2.5 is not a whole number (respondent r1)"},
	{"ndjson_string_value", NDJ("{\"id\":\"r1\",\"answers\":{\"as1\":\"3\"}}\n"), SDT_EDATA,
	 ":1:29: answers.as1: the value is a string, not a number (respondent r1)"},
	{"ndjson_boolean_value", NDJ("{\"id\":\"r1\",\"answers\":{\"as1\":true}}"), SDT_EDATA,
	 ":1:29: answers.as1: the value is a boolean, not a number (respondent r1)"},
	{"ndjson_huge_number", NDJ("{\"id\":\"r1\",\"answers\":{\"as1\":1e309}}\n"), SDT_EDATA,
	 ":1:29: answers.as1: the value is too large (respondent r1)"},
	{"ndjson_unknown_item", NDJ("{\"id\":\"r1\",\"answers\":{\"zz\":1}}\n"), SDT_EDATA,
	 ":1:23: answers.zz: unknown item: instrument 'ref-pulse12' has no item 'zz' (respondent r1)"},
	{"ndjson_unknown_key", NDJ("{\"id\":\"r1\",\"foo\":1}\n"), SDT_EDATA,
	 ":1:12: foo: unknown member (a response has id, team, attributes and answers) (respondent r1)"},
	{"ndjson_missing_id", NDJ("\n\n  {\"answers\":{}}\n"), SDT_EDATA,
	 ":3:3: no \"id\": every response needs a non-empty string id"},
	{"ndjson_numeric_id", NDJ("{\"id\":7}\n"), SDT_EDATA,
	 ":1:7: id: the id must be a string, not a number"},
	{"ndjson_empty_id", NDJ("{\"id\":\"\"}\n"), SDT_EDATA, ":1:7: id: the id is empty"},
	{"ndjson_duplicate_answer", NDJ("{\"id\":\"r1\",\"answers\":{\"as1\":1,\"as1\":2}}\n"), SDT_EDATA,
	 ":1:31: answers.as1: the item is answered twice (respondent r1)"},
	{"ndjson_syntax_error", NDJ("{\"id\":\"r1\"}\n{\"id\":\"r2\",\"answers\":{\"as1\":1,}}\n"), SDT_EDATA,
	 ":2:32: JSON syntax error"},
	{"ndjson_trailing_text", NDJ("{\"id\":\"r1\"} x\n"), SDT_EDATA,
	 ":1:13: unexpected text after the JSON value"},
	{"ndjson_invalid_utf8", NDJ("{\"id\":\"r\xff" "1\"}\n"), SDT_EDATA,
	 ":1:7: id: the id is not valid UTF-8 or holds a control character"},
	{"ndjson_control_char", NDJ("{\"id\":\"r1\",\"team\":\"a\\tb\"}\n"), SDT_EDATA,
	 ":1:19: team: the team is not valid UTF-8 or holds a control character (respondent r1)"},
	{"ndjson_nul_byte", "ndjson", "{\"id\":\"r1\"\0}\n", 14, SDT_EDATA,
	 ":1:11: a NUL byte in the text"},
	{"ndjson_not_object", NDJ("[1]\n"), SDT_EDATA,
	 ":1:1: a response must be a JSON object, not an array"},
	{"ndjson_bad_attribute", NDJ("{\"id\":\"r1\",\"attributes\":{\"x\":[1]}}\n"), SDT_EDATA,
	 ":1:30: attributes.x: an attribute must be a string or a number (respondent r1)"},
	{"json_empty_file", JSN(""), SDT_EDATA,
	 ": the file is empty; expected a JSON document {\"instrument\", \"responses\": [...]}"},
	{"json_wrong_instrument", JSN("{\"instrument\": \"x\", \"responses\": []}"), SDT_EDATA,
	 ":1:16: $.instrument: responses are for 'x' but the instrument is 'ref-pulse12'"},
	{"json_out_of_range", JSN("{\"instrument\":\"ref-pulse12\",\"responses\":[{\"id\":\"a\"},\n"
	                          "  {\"id\":\"b\",\"answers\":{\"as1\":0}}]}"), SDT_EDATA,
	 ":2:30: $.responses[1].answers.as1: value 0 is outside 1..5 (respondent b)"},
	{"json_syntax_error", JSN("{\"instrument\":\"ref-pulse12\",\n\"responses\":[}"), SDT_EDATA,
	 ":2:14: JSON syntax error"},
	{"json_unknown_top_member", JSN("{\"instrument\":\"ref-pulse12\",\"responses\":[],\"x\":1}"), SDT_EDATA,
	 ":1:44: $.x: unknown member (a response document has instrument, wave and responses)"},
	{"json_no_responses", JSN("{\"instrument\":\"ref-pulse12\"}"), SDT_EDATA,
	 ":1:1: $: no \"responses\" array"},
	{"csv_no_header", CSV(""), SDT_EDATA,
	 ": the file is empty; expected a header row (id,team,...,<item ids>)"},
	{"csv_out_of_range_crlf", CSV("id,team,as1\r\nr1,,9\r\n"), SDT_EDATA,
	 ":2: value 9 is outside 1..5 (row 2, column 'as1', respondent r1)"},
	{"csv_bom_not_integer", CSV("\xef\xbb\xbfid,team,as1\nr1,,3\nr2,,abc\n"), SDT_EDATA,
	 ":3: value 'abc' is not a whole number (row 3, column 'as1', respondent r2)"},
	{"csv_fraction", CSV("id,as1\nr1,2.5\n"), SDT_EDATA,
	 ":2: value '2.5' is not a whole number (row 2, column 'as1', respondent r1)"},
	{"csv_duplicate_column", CSV("id,team,as1,as1\nr1,,3,3\n"), SDT_EDATA,
	 ":1: column 'as1' appears twice in the header (row 1)"},
	{"csv_no_id_column", CSV("team,as1\nr1,3\n"), SDT_EDATA,
	 ":1: the header has no 'id' column (row 1)"},
	{"csv_no_item_column", CSV("id,team,x\nr1,,3\n"), SDT_EDATA,
	 ":1: no column of the header is an item of instrument 'ref-pulse12' (row 1)"},
	{"csv_short_row", CSV("id,team,as1\nr1,3\n"), SDT_EDATA,
	 ":2: the row has 2 cells but the header has 3 columns (row 2, respondent r1)"},
	{"csv_empty_id", CSV("id,team,as1\n,,3\n"), SDT_EDATA,
	 ":2: the id is empty; every response needs one (row 2, column 'id')"},
	{"csv_open_quote", CSV("id,team,as1\n\"r1,,3\n"), SDT_EDATA,
	 ":2: the file ends inside a quoted cell (row 2)"},
	{"csv_stray_quote", CSV("id,team,as1\nr1,,3\nr\"2,,3\n"), SDT_EDATA,
	 ":3: malformed CSV: a quote inside an unquoted cell, or text after a closing quote (row 3)"},
	{"csv_nul_byte", "csv", "id,team,as1\nr1,,3\0\n", 19, SDT_EDATA,
	 ":2: a NUL byte in the data (row 2)"},
	{"csv_invalid_utf8", CSV("id,team,as1\nr1,T\xc3,3\n"), SDT_EDATA,
	 ":2: the cell is not valid UTF-8 or holds a control character (row 2, column 'team', respondent r1)"},
	{"csv_huge_value", CSV("id,team,as1\nr1,\"x,y\",99999999999999\n"), SDT_EDATA,
	 ":2: value 99999999999999 is outside 1..5 (row 2, column 'as1', respondent r1)"},
};

#define N_BAD (sizeof bad_cases / sizeof bad_cases[0])

static void test_bad_input(void **state)
{
	const bad_case *c = *state;
	sdt_instrument *ins = load_ref("pulse12");
	sdt_reader *r = NULL;
	const sdt_response *resp = NULL;
	char name[96], want[1024];
	const char *path;
	int rc;

	snprintf(name, sizeof name, "%s.%s", c->name, c->ext);
	path = write_tmp(name, c->data, c->len ? c->len : strlen(c->data));
	rc = sdt_reader_open(&r, ins, path, NULL);
	while (rc == SDT_OK && (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp)
		;
	snprintf(want, sizeof want, "%s%s", path, c->msg);
	assert_string_equal(sdt_error_message(), want);
	assert_int_equal(rc, c->code);
	assert_null(resp);
	sdt_reader_free(r);
	sdt_instrument_free(ins);
}

static void test_directory(void **state)
{
	static const char *const ext[] = {"json", "ndjson", "csv"};
	sdt_instrument *ins = load_ref("pulse12");
	sdt_reader *r = NULL;
	const sdt_response *resp;
	char dir[128], want[256];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < 3; i++) {
		snprintf(dir, sizeof dir, "%s/dir.%s", tmpdir, ext[i]);
		assert_int_equal(mkdir(dir, 0700), 0);
		rc = sdt_reader_open(&r, ins, dir, NULL);
		if (rc == SDT_OK)
			rc = sdt_reader_next(r, &resp);
		assert_int_equal(rc, SDT_EIO);
		snprintf(want, sizeof want, "%s: is a directory, not a file", dir);
		assert_string_equal(sdt_error_message(), want);
		sdt_reader_free(r);
		r = NULL;
		rmdir(dir);
	}
	sdt_instrument_free(ins);
}

/* Empty NDJSON (and blank lines only) is zero responses; a CSV with only
 * a header too. */
static void test_empty_streams(void **state)
{
	static const char *const files[][2] = {
		{"blank.ndjson", "\n  \r\n\n"}, {"header.csv", "id,team,as1\r\n"}};
	sdt_instrument *ins = load_ref("pulse12");
	sdt_reader *r = NULL;
	const sdt_response *resp;
	const char *path;
	rows rs;
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		read_all(&rs, ins, write_tmp(files[i][0], files[i][1],
		                             strlen(files[i][1])), NULL);
		assert_int_equal(rs.n, 0);
		rows_free(&rs);
	}
	/* A 0-byte file is a failed export, as for CSV and JSON: an error
	 * naming the file, not a survey without respondents. */
	path = write_tmp("empty.ndjson", "", 0);
	assert_int_equal(sdt_reader_open(&r, ins, path, NULL), SDT_OK);
	assert_int_equal(sdt_reader_next(r, &resp), SDT_EDATA);
	assert_non_null(strstr(sdt_error_message(), "empty.ndjson: the file is empty"));
	sdt_reader_free(r);
	sdt_instrument_free(ins);
}

/* Bad values become missing and are counted; unknown items are skipped and
 * counted; the rest of the record is kept. */
static void test_invalid_missing_and_ignore_unknown(void **state)
{
	static const char ndj[] =
		"{\"id\":\"r1\",\"team\":\"\",\"attributes\":{\"n\":3,\"s\":null},"
		"\"answers\":{\"as1\":9,\"as2\":\"x\",\"as3\":2.5,\"as4\":4,\"q9\":1,\"q8\":null}}\n";
	static const char csv[] = "id,team,mode,as1,as2,as3,as4\nr1,,, 7 ,abc,2, 4\n";
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	sdt_instrument *ins = load_ref("pulse12");
	sdt_reader *r = NULL;
	const sdt_response *resp;
	const int m = SDT_MISSING;

	(void)state;
	opt.invalid = SDT_INVALID_MISSING;
	opt.ignore_unknown = 1;
	assert_int_equal(sdt_reader_open(&r, ins, write_tmp("c.ndjson", ndj, strlen(ndj)),
	                                 &opt), SDT_OK);
	assert_int_equal(sdt_reader_next(r, &resp), SDT_OK);
	assert_non_null(resp);
	assert_int_equal(resp->n_invalid, 3);
	assert_int_equal(resp->n_unknown, 2);
	assert_null(resp->team);
	assert_int_equal(resp->values[0], m);
	assert_int_equal(resp->values[2], m);
	assert_int_equal(resp->values[3], 4);
	assert_int_equal(resp->n_attributes, 2);
	assert_string_equal(resp->attr_values[0], "3");
	assert_null(resp->attr_values[1]);
	assert_int_equal(sdt_reader_next(r, &resp), SDT_OK);
	assert_null(resp);
	sdt_reader_free(r);

	assert_int_equal(sdt_reader_open(&r, ins, write_tmp("c.csv", csv, strlen(csv)),
	                                 &opt), SDT_OK);
	assert_int_equal(sdt_reader_next(r, &resp), SDT_OK);
	assert_int_equal(resp->n_invalid, 2);
	assert_int_equal(resp->line, 2);
	assert_int_equal(resp->values[0], m);
	assert_int_equal(resp->values[1], m);
	assert_int_equal(resp->values[2], 2);
	assert_int_equal(resp->values[3], 4);
	assert_string_equal(resp->attr_names[0], "mode");
	assert_null(resp->attr_values[0]);
	sdt_reader_free(r);

	/* Without ignore_unknown the same unknown item is an error. */
	opt.ignore_unknown = 0;
	assert_int_equal(sdt_reader_open(&r, ins, write_tmp("c.ndjson", ndj, strlen(ndj)),
	                                 &opt), SDT_OK);
	assert_int_equal(sdt_reader_next(r, &resp), SDT_EDATA);
	assert_non_null(strstr(sdt_error_message(), "answers.q9: unknown item"));
	sdt_reader_free(r);
	sdt_instrument_free(ins);
}

/* Lines of every shape the NDJSON fast path reads (json_fast.c): keys in
 * any order, escapes, attributes with string, number and null values,
 * whitespace. Each record is written out by hand. */
static void test_ndjson_shapes(void **state)
{
	static const struct { const char *line, *want; } cases[] = {
		{"{\"answers\":{\"cs4\":5,\"as1\":1},\"attributes\":{\"mode\":\"remote\"},"
		 "\"team\":\"A/B\",\"id\":\"r1\"}",
		 "r1|A/B|mode=remote;1,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,5,"},
		{" { \"id\" : \"r\\\"2\\\\\" , \"team\" : \"\\u00c4iti\\/\\ud83d\\ude00\" ,"
		 " \"answers\" : { \"as2\" : 2 , \"as3\" : null } } ",
		 "r\"2\\|\xc3\x84iti/\xf0\x9f\x98\x80|-2147483648,2,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,"},
		{"{\"id\":\"r3\",\"attributes\":{\"tenure\":12,\"neg\":-4,\"none\":null,"
		 "\"e\":\"\",\"w\\u00e4\":\"x\\u0079\"},\"answers\":null,\"team\":null}",
		 "r3|-|tenure=12;neg=-4;none=-;e=;w\xc3\xa4=xy;"
		 "-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,"},
		{"{\"id\":\"r4\",\"team\":\"\",\"attributes\":null,\"answers\":{}}",
		 "r4|-|-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,-2147483648,"},
	};
	char text[2048];
	size_t i, n = 0;
	sdt_instrument *ins = load_ref("pulse12");
	sdt_reader *r = NULL;
	const sdt_response *resp;
	char *got;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s\n", cases[i].line);
	assert_int_equal(sdt_reader_open(&r, ins, write_tmp("shapes.ndjson", text, n),
	                                 NULL), SDT_OK);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(sdt_reader_next(r, &resp), SDT_OK);
		assert_non_null(resp);
		assert_int_equal(resp->line, i + 1);
		got = describe(ins, resp);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
	assert_int_equal(sdt_reader_next(r, &resp), SDT_OK);
	assert_null(resp);
	sdt_reader_free(r);
	sdt_instrument_free(ins);
}

/* Lines the fast path must not take: each is not JSON (a key without its
 * colon where the next item was expected, members without a comma, a
 * trailing comma, a digit run into a letter), so the record must be the
 * cJSON path's error naming the line, never an answer read past the fault. */
static void test_ndjson_fast_refuses(void **state)
{
	static const char *const bad[] = {
		"{\"id\":\"r1\",\"answers\":{\"as1\"\"as2\":3}}",
		"{\"id\":\"r1\",\"answers\":{\"as1\" 3}}",
		"{\"id\":\"r1\",\"answers\":{\"as1\":1\"as2\":2}}",
		"{\"id\":\"r1\",\"answers\":{\"as1\":1,}}",
		"{\"id\":\"r1\",\"answers\":{\"as1\":1x}}",
		"{\"id\":\"r1\",\"answers\":{\"as1\":2,\"as2\":3}",
	};
	sdt_instrument *ins = load_ref("pulse12");
	const sdt_response *resp;
	sdt_reader *r = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sdt_reader_open(&r, ins, write_tmp("bad.ndjson", bad[i],
		                                                    strlen(bad[i])), NULL), SDT_OK);
		assert_int_equal(sdt_reader_next(r, &resp), SDT_EDATA);
		assert_non_null(strstr(sdt_error_message(), "bad.ndjson:1"));
		sdt_reader_free(r);
		r = NULL;
	}
	sdt_instrument_free(ins);
}

/* --- failed allocations ---------------------------------------------------- */

static long alloc_budget = -1; /* allocations left; -1 = unlimited */

static void *fail_malloc(size_t n)
{
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return malloc(n);
}

static void *fail_realloc(void *p, size_t n)
{
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return realloc(p, n);
}

/* Read a whole file with the k-th allocation failing, for every k until
 * the read succeeds: each failure must be SDT_ENOMEM (and leak nothing,
 * which the sanitizer build checks). */
static void check_nomem(const sdt_instrument *ins, const char *path)
{
	static const sdt_allocator hook = {fail_malloc, fail_realloc, free};
	sdt_reader *r;
	const sdt_response *resp;
	long k;
	int rc;

	for (k = 0; k < 10000; k++) {
		r = NULL;
		sdt_set_allocator(&hook);
		alloc_budget = k;
		rc = sdt_reader_open(&r, ins, path, NULL);
		while (rc == SDT_OK && (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp)
			;
		sdt_reader_free(r);
		alloc_budget = -1;
		sdt_set_allocator(NULL);
		if (rc == SDT_OK)
			return;
		if (rc != SDT_ENOMEM)
			fail_msg("%s with %ld allocations: %d %s", path, k, rc,
			         sdt_error_message());
	}
	fail_msg("%s never succeeded", path);
}

static void test_nomem(void **state)
{
	static const char ndj[] = "{\"id\":\"r1\",\"team\":\"T\",\"attributes\":{\"a\":\"b\"},"
	                          "\"answers\":{\"as1\":1}}\n{\"id\":\"r2\"}\n";
	static const char doc[] = "{\"instrument\":\"ref-pulse12\",\"wave\":\"w\",\"responses\":"
	                          "[{\"id\":\"r1\",\"answers\":{\"as1\":1}},{\"id\":\"r2\"}]}";
	static const char csv[] = "id,team,m,as1,as2\nr1,T,x,1,2\nr2,,,,\n";
	sdt_instrument *ins = load_ref("pulse12");

	(void)state;
	check_nomem(ins, write_tmp("m.ndjson", ndj, strlen(ndj)));
	check_nomem(ins, write_tmp("m.json", doc, strlen(doc)));
	check_nomem(ins, write_tmp("m.csv", csv, strlen(csv)));
	sdt_instrument_free(ins);
}

/* --- main ---------------------------------------------------------------------- */

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_from_name),
		cmocka_unit_test(test_stdin_needs_format),
		cmocka_unit_test(test_reference_pulse12),
		cmocka_unit_test(test_reference_bpnsfs24),
		cmocka_unit_test(test_reference_needs18rev),
		cmocka_unit_test(test_reference_spot_values),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_empty_streams),
		cmocka_unit_test(test_invalid_missing_and_ignore_unknown),
		cmocka_unit_test(test_ndjson_shapes),
		cmocka_unit_test(test_ndjson_fast_refuses),
		cmocka_unit_test(test_nomem),
	};
	enum { N_FIXED = sizeof fixed / sizeof fixed[0] };
	struct CMUnitTest tests[N_FIXED + N_BAD];
	size_t i;
	int rc;

	snprintf(tmpdir, sizeof tmpdir, "/tmp/sdt-reader-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	memcpy(tests, fixed, sizeof fixed);
	for (i = 0; i < N_BAD; i++)
		tests[N_FIXED + i] = (struct CMUnitTest){bad_cases[i].name, test_bad_input,
		                                         NULL, NULL, (void *)&bad_cases[i]};
	rc = _cmocka_run_group_tests("reader", tests, N_FIXED + N_BAD, NULL, NULL);
	for (i = 0; i < n_created; i++)
		unlink(created[i]);
	rmdir(tmpdir);
	return rc;
}
