/*
 * fuzz_map.c - libFuzzer target: a column map (sdt_map_parse). A map that
 * loads is then used to read a small fixed export (a Forms-style CSV with
 * an extra header row and label answers) to its end, so that the header
 * matching, regular expressions and label lookups run on what the fuzzer
 * makes of the map.
 */
#include "fuzz_reader.h"

static const char export_csv[] =
	"Respondent ID,Department,Team,How are you? Q1,Q2 - reverse,Q3.,"
	"BPN[SQ004],Work mode\n"
	"skip,me,please,,,,,\n"
	"r1,Sales,North,Agree,2,Strongly agree,1,remote\n"
	"r2,Sales,South,3,Disagree,,5,onsite\n"
	"r3,IT,,Neutral,4,2,N/A,\n";

static char export_file[80];

static void export_remove(void)
{
	unlink(export_file);
}

static const char *export_path(void)
{
	if (!export_file[0]) {
		snprintf(export_file, sizeof export_file, "%s.csv", fuzz_tmp());
		fuzz_write_file(export_file, (const uint8_t *)export_csv,
		                sizeof export_csv - 1);
		atexit(export_remove);
	}
	return export_file;
}

static void read_with(const sdt_instrument *ins, const sdt_map *map,
                      int lenient)
{
	sdt_read_options opt = SDT_READ_OPTIONS_INIT;
	sdt_reader *r = NULL;
	const sdt_response *resp;
	int rc;

	opt.format = SDT_FORMAT_CSV;
	opt.map = map;
	if (lenient) {
		opt.invalid = SDT_INVALID_MISSING;
		opt.ignore_unknown = 1;
	}
	rc = sdt_reader_open(&r, ins, export_path(), &opt);
	while (rc == SDT_OK && (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp)
		if (!resp->id || !resp->id[0])
			fuzz_die("response without an id", 0);
	if (rc != SDT_OK)
		fuzz_check_error(rc);
	sdt_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sdt_instrument *ins = fuzz_instrument();
	sdt_map *map = NULL;
	char *text = fuzz_copy(data, size);
	int rc;

	rc = sdt_map_parse(&map, text, size, "map.json");
	if (rc != SDT_OK) {
		fuzz_check_error(rc);
		if (map)
			fuzz_die("failed parse left a map", rc);
		if (strncmp(sdt_error_message(), "map.json:", 9) != 0)
			fuzz_die("map error that does not name the file", rc);
	} else {
		read_with(ins, map, 0);
		read_with(ins, map, 1);
	}
	sdt_map_free(map);
	free(text);
	return 0;
}
