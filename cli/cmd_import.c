/*
 * cmd_import.c - `sdtscore import`: convert a survey export (CSV or .xlsx,
 * read through --map or --layout) once into canonical NDJSON responses,
 * or with --suggest propose a map from the export's headers.
 */
#include <stddef.h>
#include <string.h>

#include "cli.h"

static const char import_help[] =
	"usage: sdtscore import -i INSTRUMENT --map MAP.json EXPORT... [-o FILE.ndjson]\n"
	"       sdtscore import -i INSTRUMENT --suggest [--layout L] EXPORT [-o MAP.json]\n\n"
	"Converts survey exports (Microsoft Forms, Google Forms, Qualtrics, LimeSurvey,\n"
	"Webropol; CSV or .xlsx) into NDJSON responses, one object a line:\n"
	"{\"id\", \"team\", \"attributes\", \"answers\"}; missing answers are null.\n"
	"With --suggest it writes the map the headers suggest instead, and lists\n"
	"what it could not match on standard error.\n\n";

typedef struct import_args {
	cli_input in;
	const char *out;
	int suggest;
} import_args;

enum { OPT_OUTPUT, OPT_SUGGEST };

static const cli_option import_options[] = {
	{"--output", 'o', "FILE", OPT_OUTPUT, "write here (default or '-': standard output)",
	 NULL, CLI_OPT_OUTPUT},
	{"--suggest", 0, NULL, OPT_SUGGEST, "propose a map (see README: Survey exports)",
	 NULL, 0},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int import_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	import_args *a = ctx;

	(void)cmd;
	if (o->id == OPT_OUTPUT)
		a->out = v;
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

/* Returns 0, CLI_PARSED_HELP (printed) or an exit code (printed). */
static int parse_args(int argc, char **argv, import_args *a)
{
	int code = cli_parse(&cli_spec_import, a, argc, argv);

	if (code != 0)
		return code;
	if (a->in.n_files == 0)
		return cli_usage_error("import", "no export file given");
	if (a->suggest && (a->in.n_files != 1 || a->in.map_path))
		return cli_usage_error("import", "--suggest takes one export and no --map");
	return 0;
}

/* Every response of every export, in order. */
static int convert(const import_args *a, const sdt_instrument *ins, FILE *fp,
                   size_t *count)
{
	const sdt_response *resp;
	sdt_reader *r = NULL;
	size_t f;
	int rc = SDT_OK;

	for (f = 0; f < a->in.n_files && rc == SDT_OK; f++) {
		rc = sdt_reader_open(&r, ins, a->in.files[f], &a->in.run.read);
		while (rc == SDT_OK && (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp) {
			cli_print_response_ndjson(fp, ins, resp);
			(*count)++;
		}
		sdt_reader_free(r);
		r = NULL;
	}
	return rc;
}

static int suggest(const import_args *a, const sdt_instrument *ins, FILE *fp)
{
	char *json = NULL, *unmatched = NULL;
	int rc = sdt_map_suggest(&json, &unmatched, ins, a->in.files[0],
	                         &a->in.run.read);

	/* An unusable map is still shown, to be filled in, but fails. */
	if (json && unmatched) {
		fputs(json, fp);
		fputs(unmatched, stderr);
	}
	sdt_free(json);
	sdt_free(unmatched);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	import_args a;
	sdt_instrument *ins = NULL;
	cli_output out = {0};
	size_t count = 0;
	int code, rc;

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
	rc = a.suggest ? suggest(&a, ins, out.fp) : convert(&a, ins, out.fp, &count);
	if (rc != SDT_OK && !(a.suggest && !strcmp(sdt_error_kind(), "suggest_unusable"))) {
		cli_output_abort(&out);
		code = cli_fail(rc);
		goto done;
	}
	if (rc != SDT_OK) {
		/* the map is written for editing; the exit status says it is
		 * not ready */
		code = cli_output_commit(&out);
		code = code ? code : cli_fail(rc);
		goto done;
	}
	if ((code = cli_output_commit(&out)) == 0 && !a.suggest && !cli_quiet)
		fprintf(stderr, "sdtscore: %zu responses imported\n", count);
done:
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}
