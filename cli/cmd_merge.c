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
	"must hold different respondents: an id in two shards cannot be detected.\n\n";

typedef struct merge_args {
	const char *instrument;
	const char *out;
	int json;
	size_t min_group;
	int no_protection;
	const char **files;
	size_t n_files;
} merge_args;

enum { OPT_FORMAT, OPT_NO_PROTECTION, OPT_MIN_GROUP, OPT_INSTRUMENT, OPT_OUTPUT };

static const cli_option merge_options[] = {
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
	case OPT_MIN_GROUP:
		return cli_parse_size(cmd, "--min-group", v, &a->min_group) < 0 ? CLI_EXIT_USAGE : 0;
	case OPT_INSTRUMENT: a->instrument = v; return 0;
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
	return cli_protection_check("merge", a->min_group, a->no_protection);
}

/* The instrument given with -i, or the bundled one the first partial names. */
static int load_instrument(const merge_args *a, sdt_instrument **ins)
{
	char *id = NULL, *version = NULL;
	int err;

	if (a->instrument)
		return (err = sdt_instrument_open(ins, a->instrument)) ? cli_fail(err) : 0;
	if ((err = sdt_accum_read_instrument(a->files[0], &id, &version)) != 0)
		return cli_fail(err);
	err = sdt_instrument_load_bundled(ins, id);
	if (err)
		cli_error("%s: made with instrument '%s' version '%s', which is not "
		          "bundled: give its definition with -i FILE", a->files[0], id,
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

	if ((err = sdt_accum_read(&part, &info, ins, a->files[k])) != 0) {
		if (k > 0)
			cli_error("cannot merge %s with %s: %s", a->files[k], a->files[0],
			          sdt_error_message());
		code = k > 0 ? cli_exit_code(err) : cli_fail(err);
		goto done;
	}
	if (k > 0 && info.missing != sum->missing) {
		cli_error("cannot merge %s (made with --missing %s) with %s (made with "
		          "--missing %s): partials made with different options cannot be "
		          "merged", a->files[k], mode_name(info.missing), a->files[0],
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

static int run_merge(const merge_args *a)
{
	sdt_instrument *ins = NULL;
	sdt_accum *total = NULL;
	sdt_stats *st = NULL;
	sdt_need_links *links = NULL;
	sdt_partial_info sum;
	sdt_stats_options opt = SDT_STATS_OPTIONS_INIT;
	cli_output o = {0};
	size_t k;
	int code, err;

	memset(&sum, 0, sizeof sum);
	if ((code = load_instrument(a, &ins)) != 0)
		goto done;
	for (k = 0; k < a->n_files && code == 0; k++)
		code = merge_one(a, ins, k, &total, &sum);
	if (code != 0)
		goto done;
	opt.missing = sum.missing;
	opt.min_group = a->min_group;
	opt.no_protection = a->no_protection;
	if ((err = sdt_stats_compute(&st, total, &opt)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if ((err = sdt_need_links_compute(&links, total, 0)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	cli_print_counts(&sum.counts);
	if ((code = cli_output_open(&o, a->out)) != 0)
		goto done;
	cli_stats_print(o.fp, st, links, a->json);
	code = cli_output_commit(&o);
done:
	sdt_need_links_free(links);
	sdt_stats_free(st);
	sdt_accum_free(total);
	sdt_instrument_free(ins);
	return code;
}

int cmd_merge(int argc, char **argv)
{
	merge_args a;
	int code;

	memset(&a, 0, sizeof a);
	a.min_group = 5;
	code = parse_args(&a, argc, argv);
	if (code == 0)
		code = cli_output_check(a.out);
	if (code == 0)
		code = run_merge(&a);
	else if (code == CLI_PARSED_HELP)
		code = CLI_EXIT_OK;
	free(a.files);
	return code;
}
