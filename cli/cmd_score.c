/*
 * cmd_score.c - `sdtscore score`: each respondent's scale and composite
 * scores, as CSV (default), a JSON array or NDJSON.
 */
#include <math.h>
#include <string.h>

#include "cli.h"

typedef enum {
	OUT_CSV = SDT_SCORE_CSV,
	OUT_JSON = SDT_SCORE_JSON,
	OUT_NDJSON = SDT_SCORE_NDJSON
} out_format;

typedef struct score_ctx {
	out_format fmt;
	int csv_safe; /* --csv-safe: text cells for spreadsheets */
} score_ctx;

static const char score_help[] =
	"usage: sdtscore score -i INSTRUMENT [options] FILE...\n\n"
	"Writes each accepted respondent's scale and composite scores: columns id,\n"
	"team, one per scale and composite id (empty when not scored), then\n"
	"<scale>_answered counts. Numbers are written in the shortest form that\n"
	"reads back exactly (4.2).\n\n"
	"options:\n"
	"  -o, --output FILE          write here (default or '-': standard output);\n"
	"                             written to a temporary file, renamed on success\n"
	"  --format FMT               csv (default), json (an array) or ndjson\n"
	"  --csv-safe                 for spreadsheets: a text cell beginning with\n"
	"                             = + - @ tab or CR gets a leading ' (CSV injection;\n"
	"                             numbers are never changed)\n";

void cli_help_score(FILE *fp)
{
	fprintf(fp, "%s%s", score_help, cli_input_help);
}


static int parse_args(int argc, char **argv, cli_input *in, const char **out,
                      out_format *fmt, int *csv_safe)
{
	const char *v;
	int i, r, files_only = 0;

	for (i = 1; i < argc; i++) {
		/* after "--" every argument is a file */
		if (files_only || strcmp(argv[i], "--") == 0) {
			if (files_only++ && cli_input_add_file(in, argv[i]) != 0)
				return -3;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			cli_help_score(stdout);
			return -2;
		}
		if ((r = cli_input_option("score", in, argc, argv, &i)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (cli_opt_flag(argv, i, "--csv-safe")) {
			*csv_safe = 1;
			continue;
		}
		if (cli_opt_flag(argv, i, "-o")) {
			if (cli_opt_value("score", argc, argv, &i, "-o", out) < 0)
				return -1;
			continue;
		}
		if ((r = cli_opt_value("score", argc, argv, &i, "--output", out)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if ((r = cli_opt_value("score", argc, argv, &i, "--format", &v)) != 0) {
			if (r < 0)
				return -1;
			if (!strcmp(v, "csv"))
				*fmt = OUT_CSV;
			else if (!strcmp(v, "json"))
				*fmt = OUT_JSON;
			else if (!strcmp(v, "ndjson"))
				*fmt = OUT_NDJSON;
			else {
				cli_usage_error("score", "--format: unknown format '%s' (csv, json, ndjson)", v);
				return -1;
			}
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_unknown_option("score", argv[i]);
			return -1;
		}
		if (cli_input_add_file(in, argv[i]) != 0)
			return -3;
	}
	return 0;
}

int cmd_score(int argc, char **argv)
{
	cli_input in = {0};
	sdt_instrument *ins = NULL;
	sdt_run_counts counts;
	cli_output out = {0};
	score_ctx ctx = {0};
	sdt_score_writer *w = NULL;
	const char *opath = NULL;
	int code, r, err;

	r = parse_args(argc, argv, &in, &opath, &ctx.fmt, &ctx.csv_safe);
	if (r != 0) {
		code = r == -2 ? CLI_EXIT_OK : r == -3 ? CLI_EXIT_NOMEM : CLI_EXIT_USAGE;
		goto done;
	}
	if ((code = cli_load_instrument(&in, &ins)) != 0)
		goto done;
	if ((code = cli_output_open(&out, opath)) != 0)
		goto done;
	if ((err = sdt_score_writer_new(&w, out.fp, ins, (sdt_score_format)ctx.fmt,
	                                ctx.csv_safe ? SDT_SCORE_CSV_SAFE : 0)) != SDT_OK) {
		cli_output_abort(&out);
		code = cli_fail(err);
		goto done;
	}
	/* Write errors surface when the output is committed. */
	if ((code = cli_run_inputs(&in, ins, sdt_score_writer_on_response, w, &counts,
	                           NULL)) != 0) {
		cli_output_abort(&out);
		goto done;
	}
	sdt_score_writer_finish(w);
	code = cli_output_commit(&out);
done:
	sdt_score_writer_free(w);
	sdt_instrument_free(ins);
	cli_input_free(&in);
	return code;
}
