/*
 * cmd_simulate.c - `sdtscore simulate`: synthetic responses with a known
 * factor structure and team effect (the model is in engine/simulate.c),
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
	"paths Org/<Department>/Team NN of varied size, some of 1-4 people.\n\n"
	"options:\n"
	"  -i, --instrument ID|FILE   bundled instrument id or definition file\n"
	"  --respondents N            number of respondents (ids r000001, ...)\n"
	"  --teams T                  number of teams, 1..N\n"
	"  --icc X                    team share of latent variance, 0 <= X < 1 (0.1)\n"
	"  --loading X                item loading on its scale, 0 < X <= 1 (0.7)\n"
	"  --missing P                chance an answer is missing, 0 <= P < 1 (0.02)\n"
	"  --careless P               chance a respondent gives one answer to every\n"
	"                             item, 0..1 (0.01)\n"
	"  --seed S                   random seed (1); the same seed, same output\n"
	"  --attribute NAME=V1,V2...  an attribute drawn uniformly from the values;\n"
	"                             may be repeated\n"
	"  --wave NAME                wave name in a JSON document (simulated)\n"
	"  --csv-safe                 CSV for spreadsheets: a text cell beginning with\n"
	"                             = + - @ tab or CR gets a leading '\n"
	"  -o, --output FILE          write here (default or '-': NDJSON on standard\n"
	"                             output); the format follows the extension:\n"
	"                             .json, .ndjson/.jsonl or .csv\n";

void cli_help_simulate(FILE *fp)
{
	fputs(simulate_help, fp);
}


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

/* Options with a number; returns 1 if argv[*i] was one, 0 if not, or an
 * exit code (negated) on a usage error. */
static int sim_number_option(sim_args *a, int argc, char **argv, int *i)
{
	static const char *const dnames[] = {"--icc", "--loading", "--missing", "--careless"};
	double *dvals[] = {&a->opt.icc, &a->opt.loading, &a->opt.missing, &a->opt.careless};
	const char *v = NULL;
	size_t k, n;
	int r;

	for (k = 0; k < sizeof dnames / sizeof dnames[0]; k++) {
		if ((r = cli_opt_value(SIM_CMD, argc, argv, i, dnames[k], &v)) != 0)
			return r < 0 || sim_parse_double(dnames[k], v, dvals[k]) ? -CLI_EXIT_USAGE : 1;
	}
	if ((r = cli_opt_value(SIM_CMD, argc, argv, i, "--respondents", &v)) != 0) {
		a->have_respondents = 1;
		return r < 0 || cli_parse_size(SIM_CMD, "--respondents", v, &a->opt.respondents)
		       ? -CLI_EXIT_USAGE : 1;
	}
	if ((r = cli_opt_value(SIM_CMD, argc, argv, i, "--teams", &v)) != 0) {
		a->have_teams = 1;
		return r < 0 || cli_parse_size(SIM_CMD, "--teams", v, &a->opt.teams)
		       ? -CLI_EXIT_USAGE : 1;
	}
	if ((r = cli_opt_value(SIM_CMD, argc, argv, i, "--seed", &v)) != 0) {
		if (r < 0 || cli_parse_size(SIM_CMD, "--seed", v, &n))
			return -CLI_EXIT_USAGE;
		a->opt.seed = (unsigned long)n;
		return 1;
	}
	return 0;
}

/* Returns 1 (consumed), 0 (unknown) or a negated exit code. */
static int sim_option(sim_args *a, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int r;

	if ((r = sim_number_option(a, argc, argv, i)) != 0)
		return r;
	if (cli_opt_flag(argv, *i, "-i"))
		return cli_opt_value(SIM_CMD, argc, argv, i, "-i", &a->instrument) < 0 ? -CLI_EXIT_USAGE : 1;
	if ((r = cli_opt_value(SIM_CMD, argc, argv, i, "--instrument", &a->instrument)) != 0)
		return r < 0 ? -CLI_EXIT_USAGE : 1;
	if (cli_opt_flag(argv, *i, "-o"))
		return cli_opt_value(SIM_CMD, argc, argv, i, "-o", &a->output) < 0 ? -CLI_EXIT_USAGE : 1;
	if ((r = cli_opt_value(SIM_CMD, argc, argv, i, "--output", &a->output)) != 0)
		return r < 0 ? -CLI_EXIT_USAGE : 1;
	if (cli_opt_flag(argv, *i, "--csv-safe"))
		return a->csv_safe = 1;
	if ((r = cli_opt_value(SIM_CMD, argc, argv, i, "--wave", &a->wave)) != 0)
		return r < 0 ? -CLI_EXIT_USAGE : 1;
	if ((r = cli_opt_value(SIM_CMD, argc, argv, i, "--attribute", &v)) != 0) {
		if (r < 0)
			return -CLI_EXIT_USAGE;
		r = sim_add_attribute(a, v);
		return r ? -r : 1;
	}
	return 0;
}

/* Returns 0, -1 for --help (printed), or an exit code. */
static int sim_parse(sim_args *a, int argc, char **argv)
{
	int i, r;

	for (i = 1; i < argc; i++) {
		if (cli_opt_flag(argv, i, "--help") || cli_opt_flag(argv, i, "-h")) {
			cli_help_simulate(stdout);
			return -1;
		}
		r = sim_option(a, argc, argv, &i);
		if (r < 0)
			return -r;
		if (r == 0 && argv[i][0] == '-' && argv[i][1])
			return cli_unknown_option(SIM_CMD, argv[i]);
		if (r == 0)
			return cli_usage_error(SIM_CMD, "unexpected argument '%s'", argv[i]);
	}
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
	cli_input in = {0};
	sdt_instrument *ins = NULL;
	sdt_simulate *sim = NULL;
	cli_output out = {0};
	sdt_format fmt;
	int rc, err;

	sdt_simulate_options_init(&a.opt);
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
