/*
 * cmd_merge.c - `sdtscore merge`: the statistics of one run over every
 * shard, from the partials `sdtscore stats --partial` wrote for each.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char merge_usage[] =
	"usage: sdtscore merge [options] PARTIAL.json...\n"
	"\n"
	"Merge the partial statistics of shards (written by `sdtscore stats\n"
	"--partial`) into the statistics of one run over all of them. The shards\n"
	"must hold different respondents: an id in two shards cannot be detected\n"
	"(cut shards by a hash of the id: see `sdtscore shard`). '-' reads partials\n"
	"from standard input, one per line.\n\n";

/* One partial to merge: a file (text NULL, read by the engine) or a line
 * of standard input (text: the line after as many line ends as lines
 * before it, so that messages give its line number). */
typedef struct merge_src {
	const char *path;
	char line[32]; /* "-:LINE" */
	char *text;
	size_t len;
} merge_src;

typedef struct merge_args {
	const char *instrument;
	const char *out;
	int json;
	int partial;
	merge_src *src;
	size_t n_src;
	size_t min_group;
	int no_protection;
	const char *outcome, *predictors; /* --outcome, --predictors */
	size_t min_driver_n;
	size_t rwg_sim;                   /* --rwg-sim */
	const char **files;
	size_t n_files;
} merge_args;

enum {
	OPT_PARTIAL, OPT_FORMAT, OPT_NO_PROTECTION, OPT_MIN_GROUP, OPT_INSTRUMENT, OPT_OUTCOME,
	OPT_PREDICTORS, OPT_MIN_DRIVER_N, OPT_RWG_SIM, OPT_OUTPUT
};

static const cli_option merge_options[] = {
	{"--partial", 0, NULL, OPT_PARTIAL,
	 "write the merged partial instead (one line),\n"
	 "to merge again: merges chain", NULL, 0},
	{"--format", 0, "FMT", OPT_FORMAT, "table (default) or json, as `sdtscore stats`",
	 NULL, 0},
	{"--no-protection", 0, NULL, OPT_NO_PROTECTION,
	 "publish every team's figures (see `stats`)", NULL, 0},
	{"--min-group", 0, "N", OPT_MIN_GROUP,
	 "teams with fewer responses are listed without\n"
	 "figures (default 5)", NULL, 0},
	{"--instrument", 'i', "ID|FILE", OPT_INSTRUMENT,
	 "the instrument, when it is not bundled (by\n"
	 "default the bundled one the partials name)", NULL, 0},
	{"--outcome", 0, "ID", OPT_OUTCOME,
	 "drivers of scale or outcome item ID, as `sdtscore\n"
	 "stats`: from the partials' scale-score co-moments\n"
	 "(no bootstrap CIs)", NULL, 0},
	CLI_PREDICTORS_OPTION(OPT_PREDICTORS),
	{"--rwg-sim", 0, "N", OPT_RWG_SIM,
	 "rwg_j_cutoff from N simulated groups, as `stats`", NULL, 0},
	{"--min-driver-n", 0, "N", OPT_MIN_DRIVER_N,
	 "drivers need N respondents scored on every\n"
	 "scale (default 30)", NULL, 0},
	{"--output", 'o', "FILE", OPT_OUTPUT,
	 "write there instead of standard output", NULL, CLI_OPT_OUTPUT},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int merge_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	merge_args *a = ctx;

	switch (o->id) {
	case OPT_FORMAT:
		if (strcmp(v, "json") != 0 && strcmp(v, "table") != 0)
			return cli_usage_error(cmd, "--format: unknown format '%s' (table, json)", v);
		a->json = strcmp(v, "json") == 0;
		return 0;
	case OPT_NO_PROTECTION: a->no_protection = 1; return 0;
	case OPT_PARTIAL: a->partial = 1; return 0;
	case OPT_MIN_GROUP:
		return cli_parse_size(cmd, "--min-group", v, &a->min_group) < 0 ? CLI_EXIT_USAGE : 0;
	case OPT_INSTRUMENT: a->instrument = v; return 0;
	case OPT_OUTCOME: a->outcome = v; return 0;
	case OPT_PREDICTORS: a->predictors = v; return 0;
	case OPT_RWG_SIM:
		return cli_parse_size(cmd, "--rwg-sim", v, &a->rwg_sim) < 0 ? CLI_EXIT_USAGE : 0;
	case OPT_MIN_DRIVER_N:
		return cli_parse_size(cmd, "--min-driver-n", v, &a->min_driver_n) < 0
		       ? CLI_EXIT_USAGE : 0;
	default: a->out = v; return 0;
	}
}

static int merge_file(void *ctx, const char *arg)
{
	merge_args *a = ctx;
	const char **nf = realloc(a->files, (a->n_files + 1) * sizeof *nf);

	if (!nf) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	a->files = nf;
	a->files[a->n_files++] = arg;
	return 0;
}

const cli_spec cli_spec_merge = {
	"merge", merge_usage,
	{{merge_options, merge_set, 0}},
	merge_file, NULL
};

/* Returns CLI_PARSED_HELP after printing --help, 0 to go on, or an exit
 * code. */
static int parse_args(merge_args *a, int argc, char **argv)
{
	int code = cli_parse(&cli_spec_merge, a, argc, argv);

	if (code != 0)
		return code;
	if (a->n_files == 0)
		return cli_usage_error("merge", "no partial files given");
	if (a->partial && (a->outcome || a->predictors))
		return cli_usage_error("merge", "--partial writes a partial; drivers (--outcome) "
		                       "are computed by the final merge");
	return cli_protection_check("merge", a->min_group, a->no_protection);
}

/* A partial's name in messages: its path, or "-:LINE". */
static const char *src_name(const merge_src *m)
{
	return m->text ? m->line : m->path;
}

/* The instrument given with -i, or the bundled one the first partial names. */
static int load_instrument(const merge_args *a, sdt_instrument **ins)
{
	char *id = NULL, *version = NULL;
	int err;

	if (a->instrument)
		return (err = sdt_instrument_open(ins, a->instrument)) ? cli_fail(err) : 0;
	if (a->n_src == 0)
		return cli_error("-: no partial on standard input"), CLI_EXIT_DATA;
	err = a->src[0].text
	      ? sdt_accum_parse_instrument(&id, &version, a->src[0].text, a->src[0].len, "-")
	      : sdt_accum_read_instrument(a->src[0].path, &id, &version);
	if (err)
		return cli_fail(err);
	err = sdt_instrument_load_bundled(ins, id);
	if (err)
		cli_error("%s: made with instrument '%s' version '%s', which is not "
		          "bundled: give its definition with -i FILE", src_name(&a->src[0]), id,
		          version);
	sdt_free(id);
	sdt_free(version);
	return err ? CLI_EXIT_USAGE : 0;
}

static const char *mode_name(sdt_missing_mode m)
{
	return m == SDT_MISSING_LISTWISE ? "listwise" : "pairwise";
}

/* Read partial k and fold it into *total (the first becomes it). */
static int merge_one(const merge_args *a, const sdt_instrument *ins, size_t k,
                     sdt_accum **total, sdt_partial_info *sum)
{
	sdt_accum *part = NULL;
	sdt_partial_info info;
	int err, code = 0;

	const merge_src *m = &a->src[k];

	err = m->text ? sdt_accum_parse(&part, &info, ins, m->text, m->len, "-")
	              : sdt_accum_read(&part, &info, ins, m->path);
	if (err != 0) {
		if (k > 0)
			cli_error("cannot merge %s with %s: %s", src_name(m), src_name(&a->src[0]),
			          sdt_error_message());
		code = k > 0 ? cli_exit_code(err) : cli_fail(err);
		goto done;
	}
	if (k > 0 && info.missing != sum->missing) {
		cli_error("cannot merge %s (made with --missing %s) with %s (made with "
		          "--missing %s): partials made with different options cannot be "
		          "merged", src_name(m), mode_name(info.missing), src_name(&a->src[0]),
		          mode_name(sum->missing));
		code = CLI_EXIT_DATA;
		goto done;
	}
	if (k == 0) {
		*sum = info;
		*total = part;
		part = NULL;
		goto done;
	}
	if ((err = sdt_accum_merge(*total, part)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	sum->counts.read += info.counts.read;
	sum->counts.accepted += info.counts.accepted;
	sum->counts.scored += info.counts.scored;
	sum->counts.left_out += info.counts.left_out;
	sum->counts.invalid_values += info.counts.invalid_values;
	sum->counts.unknown_items += info.counts.unknown_items;
done:
	sdt_accum_free(part);
	return code;
}

/* What the merged statistics say beyond themselves: how each need's scales
 * go together, and the drivers when --outcome names a scale. With total
 * NULL, only checks --outcome and --predictors. */
static int merge_extras(const merge_args *a, const sdt_instrument *ins, const sdt_accum *total,
                        sdt_need_links **links, sdt_drivers **dr)
{
	size_t outcome = 0, pred[SDT_INSTRUMENT_MAX_SCALES], n_pred = 0;
	int code, err;

	if ((code = cli_drivers_resolve("merge", a->outcome, a->predictors, ins, &outcome, pred,
	                                &n_pred)) != 0 || !total)
		return code;
	if ((err = sdt_need_links_compute(links, total, a->min_driver_n)) != 0 ||
	    (a->outcome && (err = cli_drivers_compute(dr, total, ins, outcome, pred, n_pred,
	                                              a->min_driver_n)) != 0))
		return cli_fail(err);
	return 0;
}

static int run_merge(const merge_args *a)
{
	sdt_instrument *ins = NULL;
	sdt_accum *total = NULL;
	sdt_stats *st = NULL;
	sdt_need_links *links = NULL;
	sdt_drivers *drivers = NULL;
	sdt_partial_info sum;
	sdt_stats_options opt = SDT_STATS_OPTIONS_INIT;
	cli_output o = {0};
	size_t k;
	int code, err;

	memset(&sum, 0, sizeof sum);
	/* a mistyped --outcome is told before any partial is read */
	if ((code = load_instrument(a, &ins)) != 0 ||
	    (code = merge_extras(a, ins, NULL, NULL, NULL)) != 0)
		goto done;
	for (k = 0; k < a->n_src && code == 0; k++)
		code = merge_one(a, ins, k, &total, &sum);
	if (code != 0)
		goto done;
	if (a->partial) {
		code = cli_write_partial(a->out, total, &sum);
		goto done;
	}
	opt.missing = sum.missing;
	opt.min_group = a->min_group;
	opt.no_protection = a->no_protection;
	opt.rwg_sim = a->rwg_sim;
	if ((err = sdt_stats_compute(&st, total, &opt)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if ((code = merge_extras(a, ins, total, &links, &drivers)) != 0)
		goto done;
	cli_print_counts(&sum.counts);
	if ((code = cli_output_open(&o, a->out)) != 0)
		goto done;
	cli_stats_print(o.fp, st, links, drivers, ins, a->json);
	code = cli_output_commit(&o);
done:
	sdt_drivers_free(drivers);
	sdt_need_links_free(links);
	sdt_stats_free(st);
	sdt_accum_free(total);
	sdt_instrument_free(ins);
	return code;
}

/* Add the non-blank lines of standard input as partials. */
static int stdin_sources(merge_args *a)
{
	char *line = NULL, *text;
	size_t cap = 0, n;
	ssize_t len;
	unsigned long no = 0;
	merge_src *m;
	int code = 0;

	while (code == 0 && (len = getline(&line, &cap, stdin)) >= 0) {
		no++;
		if (strspn(line, " \t\r\n") == (size_t)len)
			continue;
		n = no - 1 + (size_t)len;
		if (!(text = malloc(n)) || !(m = realloc(a->src, (a->n_src + 1) * sizeof *m))) {
			free(text);
			cli_error("out of memory");
			code = CLI_EXIT_NOMEM;
			break;
		}
		memset(text, '\n', no - 1);
		memcpy(text + no - 1, line, (size_t)len);
		a->src = m;
		m = &a->src[a->n_src++];
		m->path = "-";
		m->text = text;
		m->len = n;
		snprintf(m->line, sizeof m->line, "-:%lu", no);
	}
	if (code == 0 && ferror(stdin))
		code = (cli_error("-: cannot read standard input"), CLI_EXIT_IO);
	free(line);
	return code;
}

/* The partials named on the command line, in order. */
static int sources(merge_args *a)
{
	merge_src *m;
	size_t k;
	int code = 0, piped = 0;

	for (k = 0; k < a->n_files && code == 0; k++) {
		if (strcmp(a->files[k], "-") == 0) {
			code = piped++ ? cli_usage_error("merge", "'-' given twice") : stdin_sources(a);
			continue;
		}
		if (!(m = realloc(a->src, (a->n_src + 1) * sizeof *m)))
			return cli_error("out of memory"), CLI_EXIT_NOMEM;
		a->src = m;
		m = &a->src[a->n_src++];
		memset(m, 0, sizeof *m);
		m->path = a->files[k];
	}
	return code;
}

int cmd_merge(int argc, char **argv)
{
	merge_args a;
	size_t k;
	int code;

	memset(&a, 0, sizeof a);
	a.min_group = 5;
	code = parse_args(&a, argc, argv);
	if (code == 0)
		code = cli_output_check(a.out);
	if (code == 0)
		code = sources(&a);
	if (code == 0)
		code = run_merge(&a);
	else if (code == CLI_PARSED_HELP)
		code = CLI_EXIT_OK;
	for (k = 0; k < a.n_src; k++)
		free(a.src[k].text);
	free(a.src);
	free(a.files);
	return code;
}
