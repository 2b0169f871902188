/*
 * cmd_score.c - `sdtscore score`: each respondent's scale and composite
 * scores, as CSV (default), a JSON array or NDJSON.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "cli.h"

typedef enum {
	OUT_CSV = SDT_SCORE_CSV,
	OUT_JSON = SDT_SCORE_JSON,
	OUT_NDJSON = SDT_SCORE_NDJSON
} out_format;

static const char score_help[] =
	"usage: sdtscore score -i INSTRUMENT [options] FILE...\n\n"
	"Writes each accepted respondent's scale and composite scores: columns id,\n"
	"team, one per scale and composite id (empty when not scored), then\n"
	"<scale>_answered counts. Numbers are written in the shortest form that\n"
	"reads back exactly (4.2).\n\n";

typedef struct score_args {
	cli_input in;
	const char *out;
	out_format fmt;
	int csv_safe;
	size_t threads; /* 0 = the cores available */
} score_args;

enum { OPT_OUTPUT, OPT_FORMAT, OPT_CSV_SAFE, OPT_THREADS };

static const cli_option score_options[] = {
	{"--output", 'o', "FILE", OPT_OUTPUT,
	 "write here (default or '-': standard output);\n"
	 "written to a temporary file, renamed on success", NULL, CLI_OPT_OUTPUT},
	{"--format", 0, "FMT", OPT_FORMAT, "csv (default), json (an array) or ndjson", NULL, 0},
	{"--csv-safe", 0, NULL, OPT_CSV_SAFE,
	 "for spreadsheets: a text cell beginning with\n"
	 "= + - @ tab or CR gets a leading ' (CSV injection;\n"
	 "numbers are never changed)", NULL, 0},
	CLI_THREADS_OPTION(OPT_THREADS),
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int score_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	static const char *const formats[] = {"csv", "json", "ndjson"};
	score_args *a = ctx;
	size_t k;

	if (o->id == OPT_OUTPUT)
		a->out = v;
	else if (o->id == OPT_CSV_SAFE)
		a->csv_safe = 1;
	else if (o->id == OPT_THREADS)
		return cli_threads_set(cmd, o, v, &a->threads);
	else {
		for (k = 0; k < 3 && strcmp(v, formats[k]) != 0; k++)
			;
		if (k == 3)
			return cli_usage_error(cmd, "--format: unknown format '%s' (csv, json, "
			                       "ndjson)", v);
		a->fmt = (out_format)k;
	}
	return 0;
}

const cli_spec cli_spec_score = {
	"score", score_help,
	{{score_options, score_set, 0},
	 {cli_input_options, cli_input_set, offsetof(score_args, in)}},
	cli_input_positional, NULL
};

int cmd_score(int argc, char **argv)
{
	score_args a;
	sdt_instrument *ins = NULL;
	sdt_run_counts counts;
	cli_output out = {0};
	sdt_score_writer *w = NULL;
	sdt_sink sink;
	int code, err;

	memset(&a, 0, sizeof a);
	cli_input_init(&a.in);
	if ((code = cli_parse(&cli_spec_score, &a, argc, argv)) != 0) {
		code = code == CLI_PARSED_HELP ? CLI_EXIT_OK : code;
		goto done;
	}
	if ((code = cli_load_instrument(&a.in, &ins)) != 0)
		goto done;
	if ((code = cli_output_open(&out, a.out)) != 0)
		goto done;
	if ((err = sdt_score_writer_new(&w, out.fp, ins, (sdt_score_format)a.fmt,
	                                a.csv_safe ? SDT_SCORE_CSV_SAFE : 0)) != SDT_OK) {
		cli_output_abort(&out);
		code = cli_fail(err);
		goto done;
	}
	/* Write errors surface when the output is committed. Each further
	 * thread writes its rows to a temporary file, appended in input
	 * order: the bytes are those of one pass. */
	sink = sdt_sink_score_writer(w);
	if ((code = cli_run_inputs_sinks(&a.in, ins, a.threads, &sink, 1, &counts, NULL,
	                                 NULL)) != 0) {
		cli_output_abort(&out);
		goto done;
	}
	sdt_score_writer_finish(w);
	code = cli_output_commit(&out);
done:
	sdt_score_writer_free(w);
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}
