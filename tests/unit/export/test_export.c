/*
 * test_export.c - the export-survey API (sdt_export.h): format names,
 * option checks with their exact messages, the text formats' refusal of
 * xlsform, the placeholder count, and every generated map parsing as a
 * map (sdt_map_parse) for every format, with and without a team list.
 *
 * Run with cwd = tests/ (the bundled instruments need no files).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sdtscore.h"

static sdt_instrument *load(const char *id)
{
	sdt_instrument *ins = NULL;

	assert_int_equal(sdt_instrument_load_bundled(&ins, id), SDT_OK);
	return ins;
}

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(sdt_export_format_parse("limesurvey-tsv"), SDT_EXPORT_LIMESURVEY_TSV);
	assert_int_equal(sdt_export_format_parse("xlsform"), SDT_EXPORT_XLSFORM);
	assert_int_equal(sdt_export_format_parse("qsf"), SDT_EXPORT_QSF);
	assert_int_equal(sdt_export_format_parse("QSF"), -1);
	assert_int_equal(sdt_export_format_parse(NULL), -1);
	assert_string_equal(sdt_export_format_name(SDT_EXPORT_XLSFORM), "xlsform");
}

static void test_check_messages(void **state)
{
	static const char *const langs[] = {"fi", "de"}, *const twice[] = {"fi", "fi"};
	static const char *const teams[] = {"A/B", "A/B"}, *const empty[] = {""};
	sdt_instrument *ins = load("learning-leadership-pulse");
	sdt_export_options opt;

	(void)state;
	sdt_export_options_init(&opt);
	assert_int_equal(sdt_export_check(ins, &opt), SDT_OK);
	opt.langs = langs;
	opt.n_langs = 2;
	assert_int_equal(sdt_export_check(ins, &opt), SDT_EUSAGE);
	assert_string_equal(sdt_error_message(), "unknown language 'de': instrument "
	                    "learning-leadership-pulse has texts in en, fi, sv");
	assert_string_equal(sdt_error_kind(), "unknown_language");
	opt.langs = twice;
	assert_int_equal(sdt_export_check(ins, &opt), SDT_EUSAGE);
	assert_string_equal(sdt_error_message(), "language 'fi' is given twice");
	opt.n_langs = 1;
	opt.teams = teams;
	opt.n_teams = 2;
	assert_int_equal(sdt_export_check(ins, &opt), SDT_EUSAGE);
	assert_string_equal(sdt_error_message(), "team 'A/B' is in the list twice");
	opt.teams = empty;
	opt.n_teams = 1;
	assert_int_equal(sdt_export_check(ins, &opt), SDT_EUSAGE);
	assert_string_equal(sdt_error_message(), "team 1 of the list is empty");
	opt.n_teams = 0;
	opt.version = 99;
	assert_int_equal(sdt_export_check(ins, &opt), SDT_EUSAGE);
	sdt_instrument_free(ins);
}

static void test_text_formats(void **state)
{
	sdt_instrument *ins = load("learning-leadership-pulse");
	sdt_export_options opt;
	char *text = (char *)"unchanged";
	size_t len = 7;

	(void)state;
	sdt_export_options_init(&opt);
	opt.format = SDT_EXPORT_XLSFORM;
	assert_int_equal(sdt_export_survey_text(&text, &len, ins, &opt), SDT_EUSAGE);
	assert_null(text);
	assert_int_equal(len, 0);
	opt.format = SDT_EXPORT_LIMESURVEY_TSV;
	assert_int_equal(sdt_export_survey_text(&text, &len, ins, &opt), SDT_OK);
	assert_int_equal(strlen(text), len);
	/* English only: no additional languages; the items' own texts. */
	assert_non_null(strstr(text, "Q\tS\tteam\t1\tYour team\t"));
	assert_null(strstr(text, "additional_languages"));
	assert_non_null(strstr(text, "SQ\t0\tq18\t1\tMy supervisor creates situations where everyone in the team gets heard.\t\ten\t"));
	sdt_free(text);
	sdt_instrument_free(ins);
}

static void test_placeholders(void **state)
{
	sdt_instrument *b = load("bpnsfs-work"), *p = load("learning-leadership-pulse");
	sdt_export_options opt;
	char *text = NULL;
	size_t len;

	(void)state;
	assert_int_equal(sdt_export_placeholders(b), 24);
	assert_int_equal(sdt_export_placeholders(p), 0);
	sdt_export_options_init(&opt);
	assert_int_equal(sdt_export_survey_text(&text, &len, b, &opt), SDT_OK);
	assert_non_null(strstr(text, "[PLACEHOLDER q1: replace with the published wording] "
	                       "Choice in how to do my tasks"));
	sdt_free(text);
	sdt_instrument_free(b);
	sdt_instrument_free(p);
}

static void test_maps_parse(void **state)
{
	static const char *const langs[] = {"fi", "sv", "en"};
	static const char *const teams[] = {"Sales/Team 1", "Ops/Team \"2\""};
	sdt_instrument *ins = load("learning-leadership-pulse");
	sdt_export_options opt;
	sdt_map *map;
	char *json;
	int f, t;

	(void)state;
	sdt_export_options_init(&opt);
	opt.langs = langs;
	opt.n_langs = 3;
	for (f = 0; f < 3; f++)
		for (t = 0; t < 2; t++) {
			opt.format = (sdt_export_format)f;
			opt.teams = t ? teams : NULL;
			opt.n_teams = t ? 2 : 0;
			json = NULL;
			assert_int_equal(sdt_export_map(&json, ins, &opt), SDT_OK);
			map = NULL;
			assert_int_equal(sdt_map_parse(&map, json, strlen(json), "gen.json"), SDT_OK);
			assert_int_equal(!t || strstr(json, "\"team_values\"") != NULL, 1);
			sdt_map_free(map);
			sdt_free(json);
		}
	sdt_map_free(NULL);
	sdt_instrument_free(ins);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_check_messages),
		cmocka_unit_test(test_text_formats),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_maps_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
