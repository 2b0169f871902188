/*
 * cmd_simulate.c - `sdtscore simulate`: synthetic responses with a known
 * factor structure and team effect (the model is in engine/run/simulate.c),
 * streamed as NDJSON, a JSON document or CSV.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define SIM_CMD "simulate"

typedef struct sim_args {
	const char *instrument, *output, *wave;
	sdt_simulate_options opt;
	int have_respondents, have_teams;
	sdt_simulate_attribute *attrs; /* values point into bufs */
	char **bufs;              /* one writable copy of each --attribute */
	size_t n_attrs;
	int csv_safe;             /* --csv-safe */
} sim_args;

static const char simulate_help[] =
	"usage: sdtscore simulate -i INSTRUMENT --respondents N --teams T [options]\n\n"
	"Writes synthetic responses to INSTRUMENT with a known structure: per scale a\n"
	"latent score = team effect (variance ICC) + individual part, scales moderately\n"
	"correlated (frustration against satisfaction), each item = loading * latent +\n"
	"noise cut into the response scale; reverse-keyed items flipped. Teams are\n"
	"paths Org/<Department>/Team NN of varied size, some of 1-4 people.\n\n";

static int sim_parse_double(const char *opt, const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(*out))
		return cli_usage_error(SIM_CMD, "%s takes a number, not '%s'", opt, s);
	return 0;
}

/* Room for one more attribute; its buffer and values start NULL. */
static int sim_grow_attributes(sim_args *a)
{
	size_t n = a->n_attrs;
	sdt_simulate_attribute *na = realloc(a->attrs, (n + 1) * sizeof *na);
	char **nb;

	if (!na)
		return -1;
	a->attrs = na;
	nb = realloc(a->bufs, (n + 1) * sizeof *nb);
	if (!nb)
		return -1;
	a->bufs = nb;
	a->attrs[n] = (sdt_simulate_attribute){0};
	a->bufs[n] = NULL;
	a->n_attrs++;
	return 0;
}

/* NAME=V1,V2,... split in place in a private copy; sim_args_free()
 * releases whatever was built, so failures just return. */
static int sim_add_attribute(sim_args *a, const char *spec)
{
	sdt_simulate_attribute *at;
	const char **vals = NULL;
	char *buf, *eq, *p;
	size_t k = 1;
	int rc = 0;

	if (sim_grow_attributes(a) || !(buf = a->bufs[a->n_attrs - 1] = strdup(spec))) {
		cli_error("out of memory");
		rc = CLI_EXIT_NOMEM;
		goto done;
	}
	at = &a->attrs[a->n_attrs - 1];
	eq = strchr(buf, '=');
	if (!eq || eq == buf || !eq[1]) {
		rc = cli_usage_error(SIM_CMD, "--attribute takes NAME=VALUE,VALUE..., not '%s'", spec);
		goto done;
	}
	*eq = '\0';
	for (p = eq + 1; *p; p++)
		k += *p == ',';
	if (!(vals = calloc(k, sizeof *vals))) {
		cli_error("out of memory");
		rc = CLI_EXIT_NOMEM;
		goto done;
	}
	at->name = buf;
	at->values = vals;
	for (k = 0, p = eq + 1; p; k++) {
		vals[k] = p;
		if ((p = strchr(p, ',')) != NULL)
			*p++ = '\0';
	}
	at->n_values = k;
done:
	return rc;
}

static void sim_args_free(sim_args *a)
{
	size_t i;

	for (i = 0; i < a->n_attrs; i++) {
		free((void *)a->attrs[i].values);
		free(a->bufs[i]);
	}
	free(a->attrs);
	free(a->bufs);
}

enum {
	OPT_INSTRUMENT, OPT_RESPONDENTS, OPT_TEAMS, OPT_ICC, OPT_LOADING, OPT_MISSING,
	OPT_CARELESS, OPT_SEED, OPT_ATTRIBUTE, OPT_WAVE, OPT_CSV_SAFE, OPT_OUTPUT
};

static const cli_option sim_options[] = {
	{"--instrument", 'i', "ID|FILE", OPT_INSTRUMENT,
	 "bundled instrument id or definition file", NULL, 0},
	{"--respondents", 0, "N", OPT_RESPONDENTS, "number of respondents (ids r000001, ...)",
	 NULL, 0},
	{"--teams", 0, "T", OPT_TEAMS, "number of teams, 1..N", NULL, 0},
	{"--icc", 0, "X", OPT_ICC, "team share of latent variance, 0 <= X < 1 (0.1)", NULL, 0},
	{"--loading", 0, "X", OPT_LOADING, "item loading on its scale, 0 < X <= 1 (0.7)",
	 NULL, 0},
	{"--missing", 0, "P", OPT_MISSING, "chance an answer is missing, 0 <= P < 1 (0.02)",
	 NULL, 0},
	{"--careless", 0, "P", OPT_CARELESS,
	 "chance a respondent gives one answer to every\n"
	 "item, 0..1 (0.01)", NULL, 0},
	{"--seed", 0, "S", OPT_SEED, "random seed (1); the same seed, same output", NULL, 0},
	{"--attribute", 0, "NAME=V1,V2...", OPT_ATTRIBUTE,
	 "an attribute drawn uniformly from the values;\n"
	 "may be repeated", NULL, 0},
	{"--wave", 0, "NAME", OPT_WAVE, "wave name in a JSON document (simulated)", NULL, 0},
	{"--csv-safe", 0, NULL, OPT_CSV_SAFE,
	 "CSV for spreadsheets: a text cell beginning with\n"
	 "= + - @ tab or CR gets a leading '", NULL, 0},
	{"--output", 'o', "FILE", OPT_OUTPUT,
	 "write here (default or '-': NDJSON on standard\n"
	 "output); the format follows the extension:\n"
	 ".json, .ndjson/.jsonl or .csv", NULL, CLI_OPT_OUTPUT},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

/* The options with a number: 0 or CLI_EXIT_USAGE (printed). */
static int sim_number(sim_args *a, const cli_option *o, const char *v)
{
	double *d[] = {&a->opt.icc, &a->opt.loading, &a->opt.missing, &a->opt.careless};
	size_t n;

	switch (o->id) {
	case OPT_RESPONDENTS:
		a->have_respondents = 1;
		return cli_parse_size(SIM_CMD, o->name, v, &a->opt.respondents) ? CLI_EXIT_USAGE : 0;
	case OPT_TEAMS:
		a->have_teams = 1;
		return cli_parse_size(SIM_CMD, o->name, v, &a->opt.teams) ? CLI_EXIT_USAGE : 0;
	case OPT_SEED:
		if (cli_parse_size(SIM_CMD, o->name, v, &n))
			return CLI_EXIT_USAGE;
		a->opt.seed = (unsigned long)n;
		return 0;
	default:
		return sim_parse_double(o->name, v, d[o->id - OPT_ICC]) ? CLI_EXIT_USAGE : 0;
	}
}

static int sim_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	sim_args *a = ctx;

	(void)cmd;
	switch (o->id) {
	case OPT_INSTRUMENT: a->instrument = v; return 0;
	case OPT_ATTRIBUTE: return sim_add_attribute(a, v);
	case OPT_WAVE: a->wave = v; return 0;
	case OPT_CSV_SAFE: a->csv_safe = 1; return 0;
	case OPT_OUTPUT: a->output = v; return 0;
	default: return sim_number(a, o, v);
	}
}

const cli_spec cli_spec_simulate = {
	SIM_CMD, simulate_help,
	{{sim_options, sim_set, 0}},
	NULL, NULL
};

/* Returns 0, CLI_PARSED_HELP (printed), or an exit code (printed). */
static int sim_parse(sim_args *a, int argc, char **argv)
{
	int code = cli_parse(&cli_spec_simulate, a, argc, argv);

	if (code != 0)
		return code;
	if (!a->instrument)
		return cli_usage_error(SIM_CMD, "-i INSTRUMENT is required");
	if (!a->have_respondents)
		return cli_usage_error(SIM_CMD, "--respondents N is required");
	if (!a->have_teams)
		return cli_usage_error(SIM_CMD, "--teams T is required");
	a->opt.attributes = a->attrs;
	a->opt.n_attributes = a->n_attrs;
	return 0;
}

static void sim_csv_header(FILE *fp, const sdt_instrument *ins, const sim_args *a)
{
	size_t j;

	fputs("id,team", fp);
	for (j = 0; j < a->n_attrs; j++) {
		fputc(',', fp);
		cli_print_csv_text(fp, a->attrs[j].name, NULL, a->csv_safe);
	}
	for (j = 0; j < sdt_instrument_item_count(ins); j++) {
		fputc(',', fp);
		cli_print_csv_field(fp, sdt_instrument_item_id(ins, j));
	}
	fputc('\n', fp);
}

static void sim_csv_row(FILE *fp, const sdt_simulate_response *r, int safe)
{
	size_t j;

	cli_print_csv_text(fp, r->id, NULL, safe);
	fputc(',', fp);
	cli_print_csv_text(fp, r->team, NULL, safe);
	for (j = 0; j < r->n_attributes; j++) {
		fputc(',', fp);
		cli_print_csv_text(fp, r->attr_values[j], NULL, safe);
	}
	for (j = 0; j < r->n_values; j++) {
		if (r->values[j] == SDT_MISSING)
			fputc(',', fp);
		else
			fprintf(fp, ",%d", r->values[j]);
	}
	fputc('\n', fp);
}

static void sim_json_object(FILE *fp, const sdt_instrument *ins, const sdt_simulate_response *r)
{
	size_t j;

	fputs("{\"id\":", fp);
	cli_print_json_string(fp, r->id);
	fputs(",\"team\":", fp);
	cli_print_json_string(fp, r->team);
	for (j = 0; j < r->n_attributes; j++) {
		fputs(j ? "," : ",\"attributes\":{", fp);
		cli_print_json_string(fp, r->attr_names[j]);
		fputc(':', fp);
		cli_print_json_string(fp, r->attr_values[j]);
	}
	fputs(r->n_attributes ? "},\"answers\":{" : ",\"answers\":{", fp);
	for (j = 0; j < r->n_values; j++) {
		if (j)
			fputc(',', fp);
		cli_print_json_string(fp, sdt_instrument_item_id(ins, j));
		if (r->values[j] == SDT_MISSING)
			fputs(":null", fp);
		else
			fprintf(fp, ":%d", r->values[j]);
	}
	fputs("}}", fp);
}

/* Streams every response; memory stays flat whatever N is. */
static int sim_write(FILE *fp, sdt_format fmt, const sdt_instrument *ins,
                     const sim_args *a, sdt_simulate *sim)
{
	const sdt_simulate_response *r = NULL;
	size_t n = 0;
	int rc;

	if (fmt == SDT_FORMAT_CSV)
		sim_csv_header(fp, ins, a);
	if (fmt == SDT_FORMAT_JSON) {
		fputs("{\"instrument\":", fp);
		cli_print_json_string(fp, sdt_instrument_id(ins));
		fputs(",\"wave\":", fp);
		cli_print_json_string(fp, a->wave ? a->wave : "simulated");
		fputs(",\"responses\":[\n", fp);
	}
	while ((rc = sdt_simulate_next(sim, &r)) == SDT_OK && r) {
		if (fmt == SDT_FORMAT_CSV) {
			sim_csv_row(fp, r, a->csv_safe);
			continue;
		}
		if (fmt == SDT_FORMAT_JSON && n++)
			fputs(",\n", fp);
		sim_json_object(fp, ins, r);
		if (fmt == SDT_FORMAT_NDJSON)
			fputc('\n', fp);
	}
	if (fmt == SDT_FORMAT_JSON)
		fputs("\n]}\n", fp);
	return rc ? cli_fail(rc) : 0;
}

static int sim_output_format(const char *path, sdt_format *fmt)
{
	*fmt = SDT_FORMAT_NDJSON;
	if (!path || strcmp(path, "-") == 0)
		return 0;
	*fmt = sdt_format_from_path(path);
	if (*fmt == SDT_FORMAT_AUTO)
		return cli_usage_error(SIM_CMD, "cannot tell the format of '%s' from its "
		                       "extension (.json, .ndjson or .csv)", path);
	return 0;
}

int cmd_simulate(int argc, char **argv)
{
	sim_args a = {0};
	cli_input in;
	sdt_instrument *ins = NULL;
	sdt_simulate *sim = NULL;
	cli_output out = {0};
	sdt_format fmt;
	int rc, err;

	sdt_simulate_options_init(&a.opt);
	cli_input_init(&in);
	rc = sim_parse(&a, argc, argv);
	if (rc == 0)
		rc = sim_output_format(a.output, &fmt);
	if (rc)
		goto done;
	in.instrument = a.instrument;
	if ((rc = cli_load_instrument(&in, &ins)) != 0)
		goto done;
	if ((err = sdt_simulate_new(&sim, ins, &a.opt)) != SDT_OK) {
		rc = cli_fail(err);
		goto done;
	}
	if ((rc = cli_output_open(&out, a.output)) != 0)
		goto done;
	rc = sim_write(out.fp, fmt, ins, &a, sim);
	if (rc)
		cli_output_abort(&out);
	else
		rc = cli_output_commit(&out);
done:
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
	sim_args_free(&a);
	return rc < 0 ? CLI_EXIT_OK : rc;
}
