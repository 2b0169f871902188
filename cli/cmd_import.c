/*
 * cmd_import.c - `sdtscore import`: convert a survey export (CSV or .xlsx,
 * read through --map or --layout) once into canonical NDJSON responses,
 * or with --suggest propose a map from the export's headers.
 */
#include <stddef.h>
#include <string.h>

#include "cli.h"

static const char import_help[] =
	"usage: sdtscore import -i INSTRUMENT --map MAP.json [options] EXPORT...\n"
	"       sdtscore import -i INSTRUMENT --suggest [--layout L] EXPORT [-o MAP.json]\n\n"
	"Converts survey exports (Microsoft Forms, Google Forms, Qualtrics, LimeSurvey,\n"
	"Webropol; CSV or .xlsx) into NDJSON responses, one object a line:\n"
	"{\"id\", \"team\", \"attributes\", \"answers\"}; missing answers are null.\n"
	"The exports are read as `score` reads them: a repeated id is an error\n"
	"unless --duplicates says which to keep, --exclude-careless leaves\n"
	"responses out (--rejects lists them), and the lines keep the input order\n"
	"whatever --threads is.\n"
	"With --suggest it writes the map the headers suggest instead, and lists\n"
	"what it could not match on standard error.\n\n";

typedef struct import_args {
	cli_input in;
	const char *out;
	int suggest;
	size_t threads; /* 0 = the cores available */
} import_args;

enum { OPT_OUTPUT, OPT_SUGGEST, OPT_THREADS };

static const cli_option import_options[] = {
	{"--output", 'o', "FILE", OPT_OUTPUT, "write here (default or '-': standard output)",
	 NULL, CLI_OPT_OUTPUT},
	{"--suggest", 0, NULL, OPT_SUGGEST, "propose a map (see README: Survey exports)",
	 NULL, 0},
	CLI_THREADS_OPTION(OPT_THREADS),
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int import_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	import_args *a = ctx;

	if (o->id == OPT_OUTPUT)
		a->out = v;
	else if (o->id == OPT_THREADS)
		return cli_threads_set(cmd, o, v, &a->threads);
	else
		a->suggest = 1;
	return 0;
}

const cli_spec cli_spec_import = {
	"import", import_help,
	{{import_options, import_set, 0},
	 {cli_input_options, cli_input_set, offsetof(import_args, in)}},
	cli_input_positional, NULL
};

/* The option given that decides which responses are taken, or NULL:
 * --suggest reads only the export's headers, so it would take such an
 * option and apply none of it. */
static const char *suggest_ignores(const import_args *a)
{
	return a->threads ? "--threads" : cli_input_take_option(&a->in);
}

/* Returns 0, CLI_PARSED_HELP (printed) or an exit code (printed). */
static int parse_args(int argc, char **argv, import_args *a)
{
	const char *ignored;

	int code = cli_parse(&cli_spec_import, a, argc, argv);

	if (code != 0)
		return code;
	if (a->in.n_files == 0)
		return cli_usage_error("import", "no export file given");
	if (a->suggest && (a->in.n_files != 1 || a->in.map_path))
		return cli_usage_error("import", "--suggest takes one export and no --map");
	if (a->suggest && (ignored = suggest_ignores(a)) != NULL)
		return cli_usage_error("import", "%s applies when responses are converted, "
		                       "not to --suggest (which reads only the headers)", ignored);
	return 0;
}

/* Every response the run accepts, through the response pipeline as
 * `score` reads them (duplicate policy, careless rules, --rejects, the
 * summary), in input order at any thread count: each further job writes
 * its lines to a temporary file that the ordered writer appends. The
 * output is kept only on success. Returns 0 or an exit code (printed). */
static int convert(const import_args *a, const sdt_instrument *ins, cli_output *out)
{
	sdt_score_writer *w = NULL;
	sdt_run_counts counts;
	sdt_sink sink;
	int err, code;

	if ((err = sdt_score_writer_new(&w, out->fp, ins, SDT_SCORE_RESPONSES, 0)) != SDT_OK) {
		cli_output_abort(out);
		return cli_fail(err);
	}
	sink = sdt_sink_score_writer(w);
	code = cli_run_inputs_sinks(&a->in, ins, a->threads, &sink, 1, &counts, NULL, NULL);
	if (code != 0)
		cli_output_abort(out);
	else if ((code = cli_output_commit(out)) == 0 && !cli_quiet)
		fprintf(stderr, "sdtscore: %zu responses imported\n", sdt_score_writer_count(w));
	sdt_score_writer_free(w);
	return code;
}

/* The map the export's headers suggest. An unusable map is still
 * written, to be filled in, but the exit status says it is not ready. */
static int suggest(const import_args *a, const sdt_instrument *ins, cli_output *out)
{
	char *json = NULL, *unmatched = NULL;
	int rc = sdt_map_suggest(&json, &unmatched, ins, a->in.files[0],
	                         &a->in.run.read);
	int code;

	if (json && unmatched) {
		fputs(json, out->fp);
		fputs(unmatched, stderr);
	}
	sdt_free(json);
	sdt_free(unmatched);
	if (rc != SDT_OK && strcmp(sdt_error_kind(), "suggest_unusable") != 0) {
		cli_output_abort(out);
		return cli_fail(rc);
	}
	code = cli_output_commit(out);
	return code ? code : rc != SDT_OK ? cli_fail(rc) : 0;
}

int cmd_import(int argc, char **argv)
{
	import_args a;
	sdt_instrument *ins = NULL;
	cli_output out = {0};
	int code;

	memset(&a, 0, sizeof a);
	cli_input_init(&a.in);
	if ((code = parse_args(argc, argv, &a)) != 0) {
		code = code == CLI_PARSED_HELP ? CLI_EXIT_OK : code;
		goto done;
	}
	if ((code = cli_load_instrument(&a.in, &ins)) != 0)
		goto done;
	if ((code = cli_output_open(&out, a.out)) != 0)
		goto done;
	code = a.suggest ? suggest(&a, ins, &out) : convert(&a, ins, &out);
done:
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}
