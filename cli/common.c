/*
 * common.c - option parsing, error printing, shared input handling and
 * atomic output for the subcommands.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "sdt_report.h"

int cli_exit_code(int err)
{
	switch (err) {
	case SDT_OK: return CLI_EXIT_OK;
	case SDT_EDATA:
	case SDT_EINSTRUMENT:
	case SDT_ELIMIT: return CLI_EXIT_DATA;
	case SDT_EUSAGE: return CLI_EXIT_USAGE;
	case SDT_EIO: return CLI_EXIT_IO;
	case SDT_ENOMEM: return CLI_EXIT_NOMEM;
	default: return CLI_EXIT_DATA;
	}
}

/* While batch runs one organisation, its messages are kept here rather
 * than printed: the error becomes the organisation's reason in the
 * summary table, and warnings are printed with its name. Per thread:
 * batch runs organisations on threads of their own. */
static _Thread_local cli_capture *capture;

void cli_capture_begin(cli_capture *c)
{
	c->error[0] = '\0';
	c->warnings = 0;
	capture = c;
}

void cli_capture_end(void)
{
	capture = NULL;
}

/* --error-format json: the error as one JSON object a line, its place
 * read back from the one place format ("FILE:LINE:COL: $.path: what (row
 * N, ...)"); what a message does not say is null. */
static void json_num_or_null(const char *key, unsigned long v)
{
	if (v)
		fprintf(stderr, ", \"%s\": %lu", key, v);
	else
		fprintf(stderr, ", \"%s\": null", key);
}

static void error_json(const char *msg, const char *code)
{
	const char *p = msg, *colon, *row = strstr(msg, " (row ");
	unsigned long line = 0, col = 0, r = 0;
	char *end, file[1024] = "", path[256] = "";

	colon = strchr(p, ':');
	if (colon && colon[1] >= '0' && colon[1] <= '9') {
		line = strtoul(colon + 1, &end, 10);
		if (*end == ':' && end[1] >= '0' && end[1] <= '9')
			col = strtoul(end + 1, &end, 10);
		snprintf(file, sizeof file, "%.*s", (int)(colon - msg), msg);
		p = *end == ':' ? end + 1 : end;
	} else if (colon && colon[1] == ' ' && strcspn(msg, "./") < (size_t)(colon - msg)) {
		snprintf(file, sizeof file, "%.*s", (int)(colon - msg), msg);
		p = colon + 1;
	}
	while (*p == ' ')
		p++;
	if (p[0] == '$' && (end = strstr(p, ": ")) != NULL)
		snprintf(path, sizeof path, "%.*s", (int)(end - p), p);
	if (row)
		r = strtoul(row + 6, NULL, 10);
	fputs("{\"file\": ", stderr);
	cli_print_json_string(stderr, *file ? file : NULL);
	json_num_or_null("line", line);
	json_num_or_null("column", col);
	json_num_or_null("row", r);
	fputs(", \"path\": ", stderr);
	cli_print_json_string(stderr, *path ? path : NULL);
	fputs(", \"code\": ", stderr);
	cli_print_json_string(stderr, code);
	fputs(", \"message\": ", stderr);
	cli_print_json_string(stderr, msg);
	fputs("}\n", stderr);
}

int cli_error_format_json;
/* Set by main.c, read by the commands (here, below both, so that no
 * command depends on main.c, which depends on every command). */
const char *cli_command_line = "";
int cli_quiet;
/* set by cli_fail for the message it prints; per thread like capture */
static _Thread_local const char *error_code = "error";

void cli_error(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	if (capture) {
		if (!capture->error[0])
			vsnprintf(capture->error, sizeof capture->error, fmt, ap);
	} else if (cli_error_format_json) {
		vsnprintf(msg, sizeof msg, fmt, ap);
		error_json(msg, error_code);
	} else {
		fputs("sdtscore: error: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

FILE *cli_msg_stream(void)
{
	return capture && capture->log ? capture->log : stderr;
}

void cli_warn(const char *fmt, ...)
{
	FILE *fp = cli_msg_stream();
	va_list ap;

	va_start(ap, fmt);
	if (capture && capture->on_warning)
		capture->on_warning(capture);
	fputs("sdtscore: warning: ", fp);
	if (capture && capture->name)
		fprintf(fp, "%s: ", capture->name);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	va_end(ap);
	if (capture)
		capture->warnings++;
}

/* What to do about an engine error of a known kind, in the CLI's words
 * (the engine names no option): `text`, then the file the error is about
 * and `then` when `then` is set. */
typedef struct cli_hint {
	const char *kind, *text, *then;
} cli_hint;

static const cli_hint *hint_for(const char *kind)
{
	static const cli_hint hints[] = {
		{"column_like_item", "rename it or map it with --map", NULL},
		{"column_like_id", "rename it id, or map it with --map (`sdtscore import "
		                   "-i INSTRUMENT --suggest ", "` writes a map)"},
		{"column_like_team", "rename it team, map it with --map, or declare it "
		                     "an attribute with --attributes", NULL},
		{"no_id_column", "name the id column id, or map it with --map "
		                 "(`sdtscore import -i INSTRUMENT --suggest ", "` writes a map)"},
		{"no_item_column", "name the item columns by the item ids, or map them "
		                   "with --map (`sdtscore import -i INSTRUMENT --suggest ",
		                   "` writes a map)"},
		{"missing_items", "add the missing columns, or score without them with "
		                  "--allow-missing-items", NULL},
		{"missing_attribute", "check the names given to --attributes", NULL},
		{"stdin_json", "give --input-format json or ndjson", NULL},
		{"duplicate_id", "keep one with --duplicates=first|last", NULL},
		{"suggest_unusable", "fill in what is missing before using it with --map",
		 NULL},
		{"header_unnamed_column", "if the header is not the first row (a title "
		                          "above it), give --header-row N", NULL},
		{"header_title", "give --header-row N, N the row that names the columns "
		                 "(e.g. --header-row 2)", NULL},
		{"not_utf8_1252", "the file looks like windows-1252, as Excel on Windows "
		                  "saves CSV: give --encoding windows-1252", NULL},
		{"not_partial", "write one with `sdtscore stats --partial`", NULL},
		{"map_needed", "give a map with --map (README: Survey exports)", NULL},
		{"unknown_format", "give --input-format json|ndjson|csv", NULL},
		{"unknown_instrument", "see `sdtscore instruments`", NULL},
		{"excel_rows", "use --split-by level:N or --split-by team", NULL},
		{"not_utf8", "give the file's encoding with --encoding (e.g. "
		             "--encoding windows-1252)", NULL},
	};
	size_t k;

	for (k = 0; k < sizeof hints / sizeof hints[0]; k++)
		if (strcmp(kind, hints[k].kind) == 0)
			return &hints[k];
	return NULL;
}

static int cli_fail_text(int err);

/* A stable name for an error code, when the error has no kind. */
static const char *code_name(int err)
{
	static const char *const names[] = {"ok", "data", "instrument", "usage", "io",
	                                    "nomem", "limit", "internal", "user"};

	return err >= 0 && (size_t)err < sizeof names / sizeof names[0] ? names[err] : "error";
}

int cli_fail(int err)
{
	int code;

	/* the kind names the error for tools (--error-format json) */
	error_code = *sdt_error_kind() ? sdt_error_kind() : code_name(err);
	code = cli_fail_text(err);
	error_code = "error";
	return code;
}

static int cli_fail_text(int err)
{
	const char *msg = sdt_error_message();
	const cli_hint *h = hint_for(sdt_error_kind());

	const char *place = strstr(msg, " (row ");
	int head;

	/* The hint goes after what is wrong, before the record's place. */
	if (!place || place[strlen(place) - 1] != ')' || strstr(place + 1, " (row "))
		place = msg + strlen(msg);
	head = (int)(place - msg);
	if (h && h->then)
		cli_error("%.*s: %s%s%s%s", head, msg, h->text, sdt_error_kind_arg(), h->then,
		          place);
	else if (h)
		cli_error("%.*s: %s%s", head, msg, h->text, place);
	else
		cli_error("%s", msg[0] ? msg : sdt_strerror(err));
	return cli_exit_code(err);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[1024];
	size_t n;
	va_list ap;

	if (cli_error_format_json) {
		n = (size_t)snprintf(msg, sizeof msg, "%s: ", cmd);
		va_start(ap, fmt);
		vsnprintf(msg + n, sizeof msg - n, fmt, ap);
		va_end(ap);
		error_json(msg, "usage");
		return CLI_EXIT_USAGE;
	}
	fprintf(stderr, "sdtscore: error: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see `sdtscore %s --help`)\n", cmd);
	return CLI_EXIT_USAGE;
}

int cli_parse_size(const char *cmd, const char *opt, const char *s,
                   size_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (*s == '-' || *s == '\0') {
		cli_usage_error(cmd, "%s takes a whole number, not '%s'", opt, s);
		return -1;
	}
	v = strtoull(s, &end, 10);
	if (errno || *end) {
		cli_usage_error(cmd, "%s takes a whole number, not '%s'", opt, s);
		return -1;
	}
	*out = (size_t)v;
	return 0;
}

enum {
	IN_INSTRUMENT, IN_INPUT_FORMAT, IN_INVALID, IN_IGNORE_UNKNOWN, IN_DUPLICATES,
	IN_REJECTS, IN_MAP, IN_LAYOUT, IN_DELIMITER, IN_ENCODING, IN_HEADER_ROW,
	IN_SKIP_ROWS, IN_ATTRIBUTES, IN_ALLOW_MISSING, IN_EXCLUDE_CARELESS, IN_SPEEDER_SECONDS
};

const cli_option cli_input_options[] = {
	{"--instrument", 'i', "ID|FILE", IN_INSTRUMENT,
	 "bundled instrument id or definition file", NULL, 0},
	{"--input-format", 0, "FMT", IN_INPUT_FORMAT,
	 "json, ndjson or csv (default: from the extension;\n"
	 "standard input, '-', is read as CSV unless it\n"
	 "starts with '{' or '[')", NULL, 0},
	{"--invalid", 0, "POLICY", IN_INVALID,
	 "error (default) or missing: a bad answer value\n"
	 "stops the run, or counts as missing", NULL, 0},
	{"--ignore-unknown", 0, NULL, IN_IGNORE_UNKNOWN,
	 "skip answers to item ids the instrument lacks", NULL, 0},
	{"--duplicates", 0, "POLICY", IN_DUPLICATES,
	 "error (default), first or last: a repeated\n"
	 "respondent id stops the run, or one is kept", NULL, 0},
	{"--rejects", 0, "FILE.csv", IN_REJECTS,
	 "write every response left out (file,line,id,reason)", NULL, CLI_OPT_OUTPUT},
	{"--exclude-careless", 0, "RULES", IN_EXCLUDE_CARELESS,
	 "leave out responses that break these careless-\n"
	 "responding rules: longstring, irv, evenodd,\n"
	 "mahalanobis, speeders or all (comma-separated;\n"
	 "counted, with the reason)", NULL, 0},
	{"--speeder-seconds", 0, "S", IN_SPEEDER_SECONDS,
	 "the speeders rule flags a response faster than S\n"
	 "seconds per rating item (default 2)", NULL, 0},
	{"--map", 0, "MAP.json", IN_MAP,
	 "survey export: which column holds what, answer\n"
	 "labels, header and skipped rows (README: Survey exports)", NULL, 0},
	{"--layout", 0, "LAYOUT", IN_LAYOUT,
	 "generic (default), qualtrics or limesurvey", NULL, 0},
	{"--delimiter", 0, "D", IN_DELIMITER,
	 "CSV: ',', ';' or tab (default: from the header)", NULL, 0},
	{"--encoding", 0, "ENC", IN_ENCODING,
	 "e.g. windows-1252 (default: UTF-8, or UTF-16 by its BOM)", NULL, 0},
	{"--header-row", 0, "N", IN_HEADER_ROW,
	 "CSV and .xlsx: the header is row N (rows above it,\n"
	 "such as a title, are skipped; default 1)", NULL, 0},
	{"--skip-rows", 0, "N,M", IN_SKIP_ROWS,
	 "CSV and .xlsx: rows after the header to leave out", NULL, 0},
	{"--attributes", 0, "A,B", IN_ATTRIBUTES,
	 "CSV and .xlsx: the attribute columns; the others\n"
	 "that are not id, team or items are ignored\n"
	 "(default: every other column is an attribute)", NULL, 0},
	{"--allow-missing-items", 0, NULL, IN_ALLOW_MISSING,
	 "score a scale though some of its item columns are\n"
	 "missing from the file (an error by default)", NULL, 0},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

/* The index of v in names (NULL-terminated), or -1 (printed). */
static int parse_policy(const char *cmd, const char *opt, const char *v,
                        const char *const *names)
{
	int k;

	for (k = 0; names[k]; k++)
		if (strcmp(v, names[k]) == 0)
			return k;
	cli_usage_error(cmd, "%s: unknown value '%s'", opt, v);
	return -1;
}

static int set_layout(const char *cmd, cli_input *in, const char *v)
{
	sdt_layout k;

	if (sdt_layout_from_name(&k, v) != SDT_OK)
		return cli_usage_error(cmd, "--layout: unknown layout '%s' (generic, "
		                       "qualtrics, limesurvey)", v);
	in->run.read.layout = k;
	in->run.read.layout_given = 1;
	return 0;
}

static int set_delimiter(const char *cmd, cli_input *in, const char *v)
{
	if (!strcmp(v, ",") || !strcmp(v, ";"))
		in->run.read.delimiter = v[0];
	else if (!strcmp(v, "tab") || !strcmp(v, "\t"))
		in->run.read.delimiter = '\t';
	else
		return cli_usage_error(cmd, "--delimiter: expected ',', ';' or tab, not '%s'", v);
	return 0;
}

static int set_careless(const char *cmd, cli_input *in, const char *v)
{
	if (sdt_careless_parse(&in->run.careless, v) != SDT_OK)
		return cli_usage_error(cmd, "--exclude-careless: %s", sdt_error_message());
	in->careless = v;
	return 0;
}

/* --speeder-seconds S: a positive number of seconds per rating item. */
static int set_speeder_seconds(const char *cmd, cli_input *in, const char *v)
{
	char *end;
	double s;

	errno = 0;
	s = strtod(v, &end);
	if (end == v || *end || errno || !(s > 0.0) || !isfinite(s) || s > 3600.0)
		return cli_usage_error(cmd, "--speeder-seconds: expected seconds per rating item "
		                       "above 0 and at most 3600, not '%s'", v);
	in->run.speeder_seconds = s;
	return 0;
}

/* --skip-rows N,M,...: row numbers from 1. */
static int set_skip_rows(const char *cmd, cli_input *in, const char *v)
{
	const char *p = v;
	char *end;
	unsigned long row;
	size_t n = 0;

	free(in->skip_rows);
	if (!(in->skip_rows = calloc(strlen(v) / 2 + 1, sizeof *in->skip_rows))) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	for (;;) {
		errno = 0;
		row = strtoul(p, &end, 10);
		if (end == p || errno || row == 0 || *p == '-' || *p == '+' ||
		    (*end && *end != ','))
			return cli_usage_error(cmd, "--skip-rows takes row numbers such as "
			                       "2,3, not '%s'", v);
		in->skip_rows[n++] = row;
		if (!*end)
			break;
		p = end + 1;
	}
	in->run.read.skip_rows = in->skip_rows;
	in->run.read.n_skip_rows = n;
	return 0;
}

/* --attributes A,B,...: the names, split into a copy the input owns. */
static int set_attributes(const char *cmd, cli_input *in, const char *v)
{
	size_t n = 1, k;
	char *p;

	free(in->attr_buf);
	free(in->attr_names);
	in->attr_names = NULL;
	for (p = (char *)v; *p; p++)
		n += *p == ',';
	if (!(in->attr_buf = strdup(v)) || !(in->attr_names = calloc(n, sizeof *in->attr_names))) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	for (k = 0, p = in->attr_buf; p; k++) {
		in->attr_names[k] = p;
		if ((p = strchr(p, ',')) != NULL)
			*p++ = '\0';
		if (!*in->attr_names[k])
			return cli_usage_error(cmd, "--attributes: an empty name in '%s'", v);
	}
	in->run.read.attributes = (const char *const *)in->attr_names;
	in->run.read.n_attributes = k;
	return 0;
}

static int set_header_row(const char *cmd, cli_input *in, const char *v)
{
	size_t n = 0;

	if (cli_parse_size(cmd, "--header-row", v, &n) < 0)
		return CLI_EXIT_USAGE;
	if (n == 0)
		return cli_usage_error(cmd, "--header-row counts rows from 1");
	in->run.read.header_row = (unsigned long)n;
	return 0;
}

static int set_input_format(const char *cmd, cli_input *in, const char *v)
{
	/* "auto" is the default, not a format one can ask for */
	if (sdt_format_from_name(&in->run.read.format, v) != SDT_OK ||
	    in->run.read.format == SDT_FORMAT_AUTO)
		return cli_usage_error(cmd, "--input-format: unknown format '%s' (json, "
		                       "ndjson, csv)", v);
	return 0;
}

int cli_input_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	static const char *const invalid_names[] = {"error", "missing", NULL};
	static const char *const dup_names[] = {"error", "first", "last", NULL};
	cli_input *in = ctx;
	int k;

	switch (o->id) {
	case IN_INSTRUMENT: in->instrument = v; return 0;
	case IN_INPUT_FORMAT: return set_input_format(cmd, in, v);
	case IN_INVALID:
		if ((k = parse_policy(cmd, o->name, v, invalid_names)) < 0)
			return CLI_EXIT_USAGE;
		in->run.read.invalid = (sdt_invalid_policy)k;
		return 0;
	case IN_IGNORE_UNKNOWN: in->run.read.ignore_unknown = 1; return 0;
	case IN_DUPLICATES:
		if ((k = parse_policy(cmd, o->name, v, dup_names)) < 0)
			return CLI_EXIT_USAGE;
		in->run.duplicates = (sdt_duplicates_policy)k;
		return 0;
	case IN_REJECTS: in->rejects = v; return 0;
	case IN_MAP: in->map_path = v; return 0;
	case IN_LAYOUT: return set_layout(cmd, in, v);
	case IN_DELIMITER: return set_delimiter(cmd, in, v);
	case IN_ENCODING: in->run.read.encoding = v; return 0;
	case IN_HEADER_ROW: return set_header_row(cmd, in, v);
	case IN_SKIP_ROWS: return set_skip_rows(cmd, in, v);
	case IN_ATTRIBUTES: return set_attributes(cmd, in, v);
	case IN_EXCLUDE_CARELESS: return set_careless(cmd, in, v);
	case IN_SPEEDER_SECONDS: return set_speeder_seconds(cmd, in, v);
	default: in->allow_missing_items = 1; return 0;
	}
}

int cli_input_positional(void *ctx, const char *arg)
{
	return cli_input_add_file(ctx, arg);
}

void cli_input_init(cli_input *in)
{
	static const sdt_run_options run = SDT_RUN_OPTIONS_INIT;

	memset(in, 0, sizeof *in);
	in->run = run;
}

int cli_input_add_file(cli_input *in, const char *path)
{
	const char **nf = realloc(in->files, (in->n_files + 1) * sizeof *nf);

	if (!nf) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	in->files = nf;
	in->files[in->n_files++] = path;
	return 0;
}

const char *cli_input_take_option(const cli_input *in)
{
	if (in->careless)
		return "--exclude-careless";
	if (in->rejects)
		return "--rejects";
	if (in->run.duplicates != SDT_DUPLICATES_ERROR)
		return "--duplicates";
	return NULL;
}

void cli_input_free(cli_input *in)
{
	free(in->attr_buf);
	free(in->attr_names);
	free(in->skip_rows);
	in->attr_buf = NULL;
	in->attr_names = NULL;
	in->skip_rows = NULL;
	free(in->files);
	in->files = NULL;
	in->n_files = 0;
	sdt_map_free(in->map);
	in->map = NULL;
	in->run.read.map = NULL;
}

/* A bundled id mistyped (bpnsfs-wrok) gets the nearest id named. */
static int instrument_failed(int rc, const char *spec)
{
	const char *names[64], *hit;
	size_t k, n = sdt_instrument_bundled_count();
	struct stat st;

	if (n > 64)
		n = 64;
	for (k = 0; k < n; k++)
		names[k] = sdt_instrument_bundled_id(k);
	if (rc == SDT_EUSAGE || rc == SDT_EIO || rc == SDT_EINSTRUMENT) {
		if (stat(spec, &st) != 0 && (hit = cli_closest(spec, names, n)) != NULL) {
			cli_error("%s (did you mean %s?)", sdt_error_message(), hit);
			return cli_exit_code(rc);
		}
	}
	return cli_fail(rc);
}

/* Whether any input is standard input (read once only). */
static int reads_stdin(const cli_input *in)
{
	size_t i;

	for (i = 0; i < in->n_files; i++)
		if (!strcmp(in->files[i], "-"))
			return 1;
	return 0;
}

/* A careless-responding rule named for input it cannot judge is an error;
 * "all" takes the rules that apply, and says which it left out. */
static int careless_check(cli_input *in, const sdt_instrument *ins)
{
	unsigned ok = sdt_careless_rules_for(ins), off;
	int all = strstr(in->careless, "all") != NULL;
	char why[3][200];
	const char *rule[3] = {"evenodd", "speeders", "mahalanobis"};
	size_t k;

	snprintf(why[0], sizeof why[0], "%s has fewer than %d scales of two items or more; "
	         "even-odd consistency over so few scales flags honest respondents too: use "
	         "longstring or irv", sdt_instrument_id(ins), SDT_CARELESS_EVENODD_MIN_SCALES);
	snprintf(why[1], sizeof why[1], "no response duration: name its column in the map "
	         "(--map) with \"duration\"");
	snprintf(why[2], sizeof why[2], "D2 needs the whole sample before judging anyone and "
	         "reads the input twice; standard input cannot be read twice: save it to a "
	         "file first");
	if (!sdt_map_has_duration(in->map))
		ok &= ~SDT_CARELESS_SPEEDERS;
	if (reads_stdin(in))
		ok &= ~SDT_CARELESS_MAHALANOBIS;
	off = in->run.careless & ~ok;
	in->run.careless &= ok;
	for (k = 0; k < 3; k++) {
		unsigned bit = k == 0 ? SDT_CARELESS_EVENODD : k == 1 ? SDT_CARELESS_SPEEDERS
		                                                      : SDT_CARELESS_MAHALANOBIS;
		if (!(off & bit))
			continue;
		if (!all) {
			cli_error("--exclude-careless %s: %s", rule[k], why[k]);
			return CLI_EXIT_USAGE;
		}
		cli_warn("--exclude-careless all: %s left out: %.*s", rule[k],
		         (int)strcspn(why[k], ";"), why[k]);
	}
	if (!in->run.careless) {
		cli_error("--exclude-careless all: no rule applies to this input");
		return CLI_EXIT_USAGE;
	}
	return 0;
}

int cli_load_instrument(cli_input *in, sdt_instrument **out)
{
	int rc;

	*out = NULL;
	/* A scale scored from some of its items is an error unless asked for. */
	in->run.read.require_items = !in->allow_missing_items;
	if (!in->instrument) {
		cli_error("no instrument given: use -i ID|FILE (see `sdtscore instruments`)");
		return CLI_EXIT_USAGE;
	}
	rc = sdt_instrument_open(out, in->instrument);
	if (rc)
		return instrument_failed(rc, in->instrument);
	if (!rc && in->map_path && !in->map && !(rc = sdt_map_load(&in->map, in->map_path)))
		in->run.read.map = in->map;
	if (!rc && in->run.speeder_seconds != SDT_CARELESS_SPEEDER_SECONDS &&
	    !(in->run.careless & SDT_CARELESS_SPEEDERS))
		cli_warn("--speeder-seconds has no effect without --exclude-careless speeders");
	if (!rc && in->run.careless && (rc = careless_check(in, *out)) != 0) {
		sdt_instrument_free(*out);
		*out = NULL;
		return rc;
	}
	if (rc) {
		sdt_instrument_free(*out);
		*out = NULL;
	}
	return rc ? cli_fail(rc) : 0;
}

int cli_lang_check(const char *cmd, const char *lang)
{
	if (!sdt_report_lang_ok(lang))
		return cli_usage_error(cmd, "--lang: unknown language '%s' (en, fi, sv)", lang);
	return 0;
}

int cli_min_group_set(const char *cmd, const char *v, size_t *min_group)
{
	if (cli_parse_size(cmd, "--min-group", v, min_group) < 0)
		return CLI_EXIT_USAGE;
	if (*min_group < 1)
		return cli_usage_error(cmd, "--min-group must be at least 1");
	return 0;
}

/* The report date: SOURCE_DATE_EPOCH (reproducible builds) or today. */
void cli_report_date(char *buf, size_t size)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;
	char *end;
	long long v;

	if (e && *e) {
		v = strtoll(e, &end, 10);
		if (!*end && v >= 0)
			t = (time_t)v;
		gmtime_r(&t, &tm);
	} else {
		localtime_r(&t, &tm);
	}
	strftime(buf, size, "%Y-%m-%d", &tm);
}

void cli_print_csv_field(FILE *fp, const char *s)
{
	sdt_output_csv_text(fp, s, NULL, 0);
}

void cli_print_csv_text(FILE *fp, const char *s, const char *suffix, int safe)
{
	sdt_output_csv_text(fp, s, suffix, safe);
}

typedef struct reject_ctx {
	FILE *fp;
	cli_tally *tally;
} reject_ctx;

/* Count a reason by its kind: the words before the first ':' (the rest
 * names places, which would make every reason unique). */
static void tally_reason(cli_tally *t, const char *reason)
{
	size_t len = strcspn(reason, ":"), k;

	if (len >= sizeof t->reasons[0].text)
		len = sizeof t->reasons[0].text - 1;
	for (k = 0; k < t->n_reasons; k++)
		if (strncmp(t->reasons[k].text, reason, len) == 0 && !t->reasons[k].text[len]) {
			t->reasons[k].count++;
			return;
		}
	if (t->n_reasons == CLI_MAX_REASONS) {
		k = CLI_MAX_REASONS - 1; /* the last slot gathers the rest */
		snprintf(t->reasons[k].text, sizeof t->reasons[k].text, "other reasons");
		t->reasons[k].count++;
		return;
	}
	k = t->n_reasons++;
	memcpy(t->reasons[k].text, reason, len);
	t->reasons[k].text[len] = '\0';
	t->reasons[k].count = 1;
}

static int on_reject(void *vctx, const char *file, unsigned long line,
                     const char *id, const char *reason)
{
	reject_ctx *rc = vctx;

	if (rc->tally)
		tally_reason(rc->tally, reason);
	if (rc->fp) {
		/* For people, opened in a spreadsheet: always neutralised. */
		cli_print_csv_text(rc->fp, file, NULL, 1);
		fprintf(rc->fp, ",%lu,", line);
		cli_print_csv_text(rc->fp, id, NULL, 1);
		fputc(',', rc->fp);
		cli_print_csv_text(rc->fp, reason, NULL, 1);
		fputc('\n', rc->fp);
	}
	return 0;
}

/* sdt_run_files passes one context to both callbacks; this pairs them. */
typedef struct run_ctx {
	reject_ctx rej;
	sdt_response_fn fn;
	void *ctx;
} run_ctx;

static int on_response(void *vctx, const sdt_response *r, const sdt_scores *s)
{
	run_ctx *c = vctx;

	return c->fn ? c->fn(c->ctx, r, s) : 0;
}

static int on_reject_outer(void *vctx, const char *file, unsigned long line,
                           const char *id, const char *reason)
{
	return on_reject(&((run_ctx *)vctx)->rej, file, line, id, reason);
}

/* A column name, question texts of exports cut at 40 bytes (at a UTF-8
 * character's start) with "...". */
static void print_name(FILE *fp, const char *sep, const char *name)
{
	size_t n = strlen(name);

	if (n <= 40) {
		fprintf(fp, "%s%s", sep, name);
		return;
	}
	for (n = 37; n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80; n--)
		;
	fprintf(fp, "%s%.*s...", sep, (int)n, name);
}

/* "; items: q1, q2, ... and 14 more" for the columns of one role. */
static void role_list(FILE *fp, const sdt_columns *c, sdt_column_role role,
                      const char *one, const char *many, int *first)
{
	size_t k, n = 0, shown = 0;

	for (k = 0; k < c->n; k++)
		n += c->roles[k] == role;
	if (!n)
		return;
	fprintf(fp, "%s%s: ", *first ? "" : "; ", n == 1 ? one : many);
	*first = 0;
	for (k = 0; k < c->n && shown < 10; k++)
		if (c->roles[k] == role)
			print_name(fp, shown++ ? ", " : "", c->names[k]);
	if (n > shown)
		fprintf(fp, " and %zu more", n - shown);
}

/* One line per CSV or .xlsx input: what each column is read as. */
static int print_columns(FILE *fp, const char *lead, const cli_input *in,
                         const sdt_instrument *ins)
{
	sdt_columns *c = NULL;
	sdt_format f;
	size_t i;
	int err, first;

	for (i = 0; i < in->n_files; i++) {
		f = in->run.read.format ? in->run.read.format : sdt_format_from_path(in->files[i]);
		if (!strcmp(in->files[i], "-") || (f != SDT_FORMAT_CSV && f != SDT_FORMAT_XLSX))
			continue;
		if ((err = sdt_columns_read(&c, ins, in->files[i], &in->run.read)) != SDT_OK)
			return cli_fail(err);
		fprintf(fp, "%scolumns of %s: ", lead, in->files[i]);
		first = 1;
		role_list(fp, c, SDT_COLUMN_ID, "id", "id", &first);
		role_list(fp, c, SDT_COLUMN_TEAM, "team", "team", &first);
		role_list(fp, c, SDT_COLUMN_ITEM, "item", "items", &first);
		role_list(fp, c, SDT_COLUMN_DURATION, "duration", "duration", &first);
		role_list(fp, c, SDT_COLUMN_ATTRIBUTE, "attribute", "attributes", &first);
		role_list(fp, c, SDT_COLUMN_IGNORED, "ignored", "ignored", &first);
		fputc('\n', fp);
		sdt_columns_free(c);
	}
	return 0;
}

int cli_print_columns(FILE *fp, const cli_input *in, const sdt_instrument *ins)
{
	return print_columns(fp, "", in, ins);
}

/* " (N by --exclude-careless: a longstring, b mahalanobis, ...)": each
 * response under the first rule it breaks, so the parts add up. */
static void print_careless(const sdt_run_counts *c)
{
	size_t k;
	const char *sep = ": ";

	fprintf(stderr, " (%zu by --exclude-careless", c->careless);
	for (k = 0; k < SDT_CARELESS_N_RULES; k++) {
		if (!c->careless_rule[k])
			continue;
		fprintf(stderr, "%s%zu %s", sep, c->careless_rule[k],
		        sdt_careless_rule_name(1u << k));
		sep = ", ";
	}
	fputc(')', stderr);
}

static void print_summary(const sdt_run_counts *c)
{
	/* Batch shows each organisation's counts in its own table. */
	if (capture || cli_quiet)
		return;
	fprintf(stderr, "sdtscore: %zu read, %zu scored, %zu left out", c->read,
	        c->scored, c->left_out);
	if (c->careless)
		print_careless(c);
	if (c->accepted > c->scored)
		fprintf(stderr, "; %zu accepted but not scored (too few answers on every scale)",
		        c->accepted - c->scored);
	if (c->invalid_values)
		fprintf(stderr, "; %zu invalid values read as missing", c->invalid_values);
	if (c->unknown_items)
		fprintf(stderr, "; %zu answers to unknown items ignored", c->unknown_items);
	if (c->duration_missing || c->duration_bad)
		fprintf(stderr, "; %zu without a duration and %zu with one that is not a number "
		        "of seconds, not judged as speeders", c->duration_missing, c->duration_bad);
	if (c->mahalanobis_cutoff > 0.0)
		fprintf(stderr, "; Mahalanobis D2 cutoff %.2f", c->mahalanobis_cutoff);
	fputc('\n', stderr);
}

void cli_print_counts(const sdt_run_counts *c)
{
	print_summary(c);
}

int cli_run_inputs(const cli_input *in, const sdt_instrument *ins,
                   sdt_response_fn fn, void *ctx, sdt_run_counts *counts,
                   char **wave)
{
	return cli_run_inputs_tally(in, ins, fn, ctx, counts, wave, NULL);
}

/* What both runners do before reading: files given, --rejects opened with
 * its header. Returns 0 or an exit code (printed). */
static int run_begin(const cli_input *in, cli_output *rej, run_ctx *rc)
{
	int code;

	if (in->n_files == 0) {
		cli_error("no response files given (use '-' for standard input)");
		return CLI_EXIT_USAGE;
	}
	if (in->rejects) {
		if ((code = cli_output_open(rej, in->rejects)) != 0)
			return code;
		rc->rej.fp = rej->fp;
		fputs("file,line,id,reason\n", rej->fp);
	}
	return 0;
}

/* ... and after: the rejects file kept only on success, the summary. */
static int run_end(const cli_input *in, const sdt_instrument *ins,
                   cli_output *rej, int err, const sdt_run_counts *counts)
{
	int code;

	if (err) {
		cli_output_abort(rej);
		return cli_fail(err);
	}
	if (in->rejects && (code = cli_output_commit(rej)) != 0)
		return code;
	print_summary(counts);
	/* validate lists the columns on standard output instead */
	if (!capture && !cli_quiet && !in->columns_listed)
		return print_columns(stderr, "sdtscore: ", in, ins);
	return 0;
}

int cli_run_inputs_tally(const cli_input *in, const sdt_instrument *ins,
                         sdt_response_fn fn, void *ctx, sdt_run_counts *counts,
                         char **wave, cli_tally *tally)
{
	run_ctx rc = {{NULL, tally}, fn, ctx};
	cli_output rej = {0};
	int code;

	if ((code = run_begin(in, &rej, &rc)) != 0)
		return code;
	return run_end(in, ins, &rej, sdt_run_files(ins, in->files, in->n_files, &in->run,
	                                       on_response, on_reject_outer, &rc, counts,
	                                       wave), counts);
}

int cli_run_inputs_accum(const cli_input *in, const sdt_instrument *ins,
                         size_t threads, sdt_accum *acc, sdt_groupacc *groups,
                         sdt_run_counts *counts, char **wave)
{
	sdt_sink sinks[2];
	size_t n = 0;

	if (acc)
		sinks[n++] = sdt_sink_accum(acc);
	if (groups)
		sinks[n++] = sdt_sink_groupacc(groups);
	return cli_run_inputs_sinks(in, ins, threads, sinks, n, counts, wave, NULL);
}

int cli_run_inputs_sinks(const cli_input *in, const sdt_instrument *ins, size_t threads,
                         const sdt_sink *sinks, size_t n, sdt_run_counts *counts,
                         char **wave, cli_tally *tally)
{
	run_ctx rc = {{NULL, tally}, NULL, NULL};
	cli_output rej = {0};
	int code;

	if ((code = run_begin(in, &rej, &rc)) != 0)
		return code;
	return run_end(in, ins, &rej, sdt_pipeline_run(ins, in->files, in->n_files, &in->run,
	                                          threads, sinks, n, on_reject_outer, &rc,
	                                          counts, wave), counts);
}

int cli_threads_set(const char *cmd, const cli_option *o, const char *v, size_t *out)
{
	if (cli_parse_size(cmd, o->name, v, out) < 0)
		return CLI_EXIT_USAGE;
	if (*out < 1)
		return cli_usage_error(cmd, "--threads takes 1 or more");
	return 0;
}

/* Print what an output helper said; the exit code for it. */
static int output_fail(int err)
{
	cli_error("%s", sdt_error_message());
	return err == SDT_ENOMEM ? CLI_EXIT_NOMEM : CLI_EXIT_IO;
}

int cli_output_check(const char *path)
{
	int err = sdt_output_check(path);

	return err ? output_fail(err) : 0;
}

int cli_output_dir_check(const char *path)
{
	int err = sdt_output_dir_check(path);

	return err ? output_fail(err) : 0;
}

int cli_make_dirs(const char *path)
{
	int err = sdt_output_make_dirs(path);

	return err ? output_fail(err) : 0;
}

/* cli_output_open with sdt_output_begin's flags. */
static int output_open(cli_output *o, const char *path, unsigned flags)
{
	int err;

	memset(o, 0, sizeof *o);
	o->path = path;
	if ((err = sdt_output_begin(&o->out, path, flags)) != SDT_OK)
		return output_fail(err);
	o->fp = sdt_output_stream(o->out);
	return 0;
}

int cli_output_open(cli_output *o, const char *path)
{
	return output_open(o, path, 0);
}

int cli_output_commit(cli_output *o)
{
	int err = sdt_output_commit(o->out);

	o->out = NULL;
	o->fp = NULL;
	return err ? output_fail(err) : 0;
}

void cli_output_abort(cli_output *o)
{
	sdt_output_abort(o->out);
	o->out = NULL;
	o->fp = NULL;
}

void cli_print_json_number(FILE *fp, double x)
{
	sdt_output_json_number(fp, x);
}

void cli_print_json_string(FILE *fp, const char *s)
{
	sdt_output_json_string(fp, s);
}

int cli_protection_check(const char *cmd, size_t min_group, int no_protection)
{
	if (min_group < 3 && !no_protection)
		return cli_usage_error(cmd, "--min-group %zu: below 3 a group's figures are "
		                       "close to individual answers; add --no-protection if you "
		                       "have rights to the raw data", min_group);
	if (no_protection)
		cli_warn("--no-protection: small teams' figures are published and nothing is "
		         "hidden to protect them; for analysts with rights to the raw data only, "
		         "never for handing out");
	return 0;
}

/* ---- did you mean ---- */

const char *cli_closest(const char *s, const char *const *names, size_t n)
{
	size_t k, d, best_d = strlen(s) / 3 > 2 ? strlen(s) / 3 : 2;
	const char *best = NULL;

	best_d++;
	for (k = 0; k < n; k++) {
		/* a prefix of the name ("--duplicate") is as good as a typo */
		d = strncmp(names[k], s, strlen(s)) == 0 ? 1 : sdt_edit_distance(s, names[k]);
		if (d < best_d) {
			best_d = d;
			best = names[k];
		}
	}
	return best;
}
int cli_write_partial(const char *path, const sdt_accum *acc,
                      const sdt_partial_info *info)
{
	cli_output o = {0};
	char *text = NULL;
	size_t len = 0, i, n = 0;
	int code, err;

	/* The writer never puts a raw line end inside a string (they are
	 * escaped): dropping them leaves the same JSON on one line. */
	if ((err = sdt_accum_write_buffer(&text, &len, acc, info)) != 0)
		return cli_fail(err);
	for (i = 0; i < len; i++)
		if (text[i] != '\n')
			text[n++] = text[i];
	/* raw sums: private whatever the file replaces */
	if ((code = output_open(&o, path, SDT_OUTPUT_PRIVATE)) != 0)
		goto done;
	fwrite(text, 1, n, o.fp);
	fputc('\n', o.fp);
	code = cli_output_commit(&o);
done:
	sdt_free(text);
	return code;
}

/* --outcome and --predictors as scale indices, checked before any data is
 * read. */
int cli_drivers_resolve(const char *cmd, const char *outcome_id, const char *predictors,
                        const sdt_instrument *ins, size_t *outcome, size_t *pred, size_t *n_pred)
{
	const char *p = predictors, *comma;
	char id[256];
	long k;
	size_t len;

	*n_pred = 0;
	if (!outcome_id)
		return predictors ? cli_usage_error(cmd, "--predictors needs --outcome") : 0;
	if ((k = sdt_instrument_scale_find(ins, outcome_id)) >= 0)
		*outcome = (size_t)k;
	else if ((k = sdt_instrument_outcome_find(ins, outcome_id)) >= 0)
		*outcome = sdt_instrument_scale_count(ins) + sdt_instrument_outcome_item(ins, (size_t)k);
	else
		return cli_usage_error(cmd, "--outcome: '%s' is neither a scale nor an outcome item "
		                       "of %s (see `sdtscore instruments show %s`)", outcome_id,
		                       sdt_instrument_id(ins), sdt_instrument_id(ins));
	while (p && *p) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		snprintf(id, sizeof id, "%.*s", (int)(len < sizeof id ? len : sizeof id - 1), p);
		if ((k = sdt_instrument_scale_find(ins, id)) < 0 || *n_pred >= SDT_INSTRUMENT_MAX_SCALES)
			return cli_usage_error(cmd, "--predictors: '%s' is not a scale of %s", id,
			                       sdt_instrument_id(ins));
		pred[(*n_pred)++] = (size_t)k;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

int cli_drivers_compute(sdt_drivers **out, const sdt_accum *acc, const sdt_instrument *ins,
                        size_t outcome, const size_t *pred, size_t n_pred, size_t min_n)
{
	size_t S = sdt_instrument_scale_count(ins);

	if (outcome < S)
		return sdt_drivers_compute(out, acc, outcome, n_pred ? pred : NULL, n_pred, min_n);
	return sdt_drivers_compute_item(out, acc, outcome - S, n_pred ? pred : NULL, n_pred, min_n);
}

/* One record "team,headcount" at `line`: 0 fed, -1 error (printed). */
static int headcount_row(sdt_groupacc *g, const char *file, unsigned long line,
                         const char *const *f, size_t n)
{
	unsigned long long v;
	char *end;

	if (n != 2)
		return cli_error("%s:%lu: expected two fields: team,headcount", file, line), -1;
	errno = 0;
	v = strtoull(f[1], &end, 10);
	if (!*f[0] || !*f[1] || *end || errno || f[1][0] == '-')
		return cli_error("%s:%lu: team '%s': headcount '%s' is not a whole number",
		                 file, line, f[0], f[1]), -1;
	if (sdt_groupacc_headcount(g, f[0], (size_t)v) != SDT_OK)
		return cli_error("%s:%lu: %s", file, line, sdt_error_message()), -1;
	return 0;
}

/* --headcount FILE.csv, read by the engine's CSV reader as response CSVs
 * are (a Finnish Excel's ';' and BOM too); the header row is optional.
 * Returns 0 or an exit code (error printed). */
int cli_read_headcount(sdt_groupacc *g, const char *file)
{
	const char *const *f;
	sdt_csv *csv = NULL;
	unsigned long line;
	size_t n, k = 0;
	int err, code = 0;

	if ((err = sdt_csv_open(&csv, file)) != SDT_OK) {
		code = cli_fail(err);
		goto done;
	}
	while (!code && (err = sdt_csv_next(csv, &f, &n, &line)) == SDT_OK && f) {
		if (k++ == 0 && n == 2 && !strcmp(f[0], "team") && !strcmp(f[1], "headcount"))
			continue;
		if (headcount_row(g, file, line, f, n) < 0)
			code = CLI_EXIT_DATA;
	}
	if (!code && err != SDT_OK)
		code = cli_fail(err);
done:
	sdt_csv_free(csv);
	return code;
}
