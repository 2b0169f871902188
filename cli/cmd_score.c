/*
 * cmd_score.c - `sdtscore score`: each respondent's scale and composite
 * scores, as CSV (default), a JSON array or NDJSON.
 */
#include <math.h>
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
	const char *opath = NULL;
	int code, r;

	r = parse_args(argc, argv, &in, &opath, &ctx.fmt, &ctx.csv_safe);
	if (r != 0) {
		code = r == -2 ? CLI_EXIT_OK : r == -3 ? CLI_EXIT_NOMEM : CLI_EXIT_USAGE;
		goto done;
	}
	if ((code = cli_load_instrument(&in, &ins)) != 0)
		goto done;
	if ((code = cli_output_open(&out, opath)) != 0)
		goto done;
	ctx.ins = ins;
	ctx.fp = out.fp;
	if ((code = cli_run_inputs(&in, ins, on_score, &ctx, &counts, NULL)) != 0) {
		cli_output_abort(&out);
		goto done;
	}
	start(&ctx);
	if (ctx.fmt == OUT_JSON)
		fputs("\n]\n", ctx.fp);
	code = cli_output_commit(&out);
done:
	sdt_instrument_free(ins);
	cli_input_free(&in);
	return code;
}
