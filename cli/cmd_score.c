/*
 * cmd_score.c - `sdtscore score`: each respondent's scale and composite
 * scores, as CSV (default), a JSON array or NDJSON.
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "cli.h"

typedef enum { OUT_CSV, OUT_JSON, OUT_NDJSON } out_format;

typedef struct score_ctx {
	const sdt_instrument *ins;
	FILE *fp;
	out_format fmt;
	size_t written;
	int started; /* the header (CSV) or '[' (JSON) is out */
	int csv_safe; /* --csv-safe: text cells for spreadsheets */
} score_ctx;

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
} score_args;

enum { OPT_OUTPUT, OPT_FORMAT, OPT_CSV_SAFE };

static const cli_option score_options[] = {
	{"--output", 'o', "FILE", OPT_OUTPUT,
	 "write here (default or '-': standard output);\n"
	 "written to a temporary file, renamed on success", NULL, CLI_OPT_OUTPUT},
	{"--format", 0, "FMT", OPT_FORMAT, "csv (default), json (an array) or ndjson", NULL, 0},
	{"--csv-safe", 0, NULL, OPT_CSV_SAFE,
	 "for spreadsheets: a text cell beginning with\n"
	 "= + - @ tab or CR gets a leading ' (CSV injection;\n"
	 "numbers are never changed)", NULL, 0},
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

static void csv_header(const score_ctx *c)
{
	size_t j;

	fputs("id,team", c->fp);
	for (j = 0; j < sdt_instrument_scale_count(c->ins); j++) {
		fputc(',', c->fp);
		cli_print_csv_text(c->fp, sdt_instrument_scale_id(c->ins, j), NULL, c->csv_safe);
	}
	for (j = 0; j < sdt_instrument_composite_count(c->ins); j++) {
		fputc(',', c->fp);
		cli_print_csv_text(c->fp, sdt_instrument_composite_id(c->ins, j), NULL,
		                   c->csv_safe);
	}
	for (j = 0; j < sdt_instrument_scale_count(c->ins); j++) {
		fputc(',', c->fp);
		/* the suffix ends the name: quoting must wrap both */
		cli_print_csv_text(c->fp, sdt_instrument_scale_id(c->ins, j), "_answered",
		                   c->csv_safe);
	}
	fputc('\n', c->fp);
}

static void csv_row(const score_ctx *c, const sdt_response *r,
                    const sdt_scores *s)
{
	char buf[SDT_DOUBLE_CHARS];
	size_t j;

	cli_print_csv_text(c->fp, r->id, NULL, c->csv_safe);
	fputc(',', c->fp);
	cli_print_csv_text(c->fp, r->team, NULL, c->csv_safe);
	for (j = 0; j < s->n_scales; j++) {
		fputc(',', c->fp);
		fputs(sdt_format_double(buf, s->scale[j]), c->fp);
	}
	for (j = 0; j < s->n_composites; j++) {
		fputc(',', c->fp);
		fputs(sdt_format_double(buf, s->composite[j]), c->fp);
	}
	for (j = 0; j < s->n_scales; j++)
		fprintf(c->fp, ",%zu", s->answered[j]);
	fputc('\n', c->fp);
}

static void json_member(FILE *fp, const char *key, const char *suffix)
{
	fputs(", ", fp);
	fputc('"', fp);
	/* ids are validated UTF-8 without control characters; escape quotes */
	for (; *key; key++) {
		if (*key == '"' || *key == '\\')
			fputc('\\', fp);
		fputc(*key, fp);
	}
	fprintf(fp, "%s\": ", suffix);
}

static void json_row(const score_ctx *c, const sdt_response *r,
                     const sdt_scores *s)
{
	size_t j;

	fputs("{\"id\": ", c->fp);
	cli_print_json_string(c->fp, r->id);
	fputs(", \"team\": ", c->fp);
	cli_print_json_string(c->fp, r->team);
	for (j = 0; j < s->n_scales; j++) {
		json_member(c->fp, sdt_instrument_scale_id(c->ins, j), "");
		cli_print_json_number(c->fp, s->scale[j]);
	}
	for (j = 0; j < s->n_composites; j++) {
		json_member(c->fp, sdt_instrument_composite_id(c->ins, j), "");
		cli_print_json_number(c->fp, s->composite[j]);
	}
	for (j = 0; j < s->n_scales; j++) {
		json_member(c->fp, sdt_instrument_scale_id(c->ins, j), "_answered");
		fprintf(c->fp, "%zu", s->answered[j]);
	}
	fputc('}', c->fp);
}

/* The header goes out with the first row (or at the end), so that a run
 * stopped before any response writes nothing to standard output. */
static void start(score_ctx *c)
{
	if (c->started)
		return;
	c->started = 1;
	if (c->fmt == OUT_CSV)
		csv_header(c);
	else if (c->fmt == OUT_JSON)
		fputc('[', c->fp);
}

static int on_score(void *vctx, const sdt_response *r, const sdt_scores *s)
{
	score_ctx *c = vctx;

	start(c);
	switch (c->fmt) {
	case OUT_CSV:
		csv_row(c, r, s);
		break;
	case OUT_JSON:
		fputs(c->written ? ",\n " : "\n ", c->fp);
		json_row(c, r, s);
		break;
	case OUT_NDJSON:
		json_row(c, r, s);
		fputc('\n', c->fp);
		break;
	}
	c->written++;
	/* Write errors surface when the output is committed. */
	return 0;
}

int cmd_score(int argc, char **argv)
{
	score_args a;
	sdt_instrument *ins = NULL;
	sdt_run_counts counts;
	cli_output out = {0};
	score_ctx ctx = {0};
	int code;

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
	ctx.fmt = a.fmt;
	ctx.csv_safe = a.csv_safe;
	ctx.ins = ins;
	ctx.fp = out.fp;
	if ((code = cli_run_inputs(&a.in, ins, on_score, &ctx, &counts, NULL)) != 0) {
		cli_output_abort(&out);
		goto done;
	}
	start(&ctx);
	if (ctx.fmt == OUT_JSON)
		fputs("\n]\n", ctx.fp);
	code = cli_output_commit(&out);
done:
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}
