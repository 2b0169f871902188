/*
 * cmd_progress.c - `sdtscore progress`: while a survey is open, each
 * group's responses, response rate and how many more it needs before the
 * report can show it. Counts only (sdt_progress.h): no figure computed
 * from answers is printed.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char progress_help[] =
	"usage: sdtscore progress -i INSTRUMENT --headcount FILE.csv [options] FILE...\n\n"
	"While a survey is open: the responses and response rate of the\n"
	"organisation and every group of the report's hierarchy, and how many more\n"
	"responses each group needs before it can be shown (the anonymity\n"
	"threshold --min-group). Counts only: no score of any kind.\n\n";

typedef struct progress_args {
	cli_input in;
	const char *headcount;
	size_t min_group;
	int json;
	size_t threads; /* 0 = the cores available */
} progress_args;

enum { OPT_HEADCOUNT, OPT_MIN_GROUP, OPT_FORMAT, OPT_THREADS };

static const cli_option progress_options[] = {
	{"--headcount", 0, "FILE.csv", OPT_HEADCOUNT,
	 "team,headcount rows (full team path, count): the\n"
	 "teams expected to answer (required)", NULL, 0},
	CLI_MIN_GROUP_OPTION(OPT_MIN_GROUP),
	{"--format", 0, "FMT", OPT_FORMAT, "table (default) or json", NULL, 0},
	CLI_THREADS_OPTION(OPT_THREADS),
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int progress_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	progress_args *a = ctx;

	switch (o->id) {
	case OPT_HEADCOUNT: a->headcount = v; return 0;
	case OPT_MIN_GROUP: return cli_min_group_set(cmd, v, &a->min_group);
	case OPT_THREADS: return cli_threads_set(cmd, o, v, &a->threads);
	default:
		if (strcmp(v, "table") && strcmp(v, "json"))
			return cli_usage_error(cmd, "--format: unknown format '%s' (table, json)", v);
		a->json = !strcmp(v, "json");
		return 0;
	}
}

const cli_spec cli_spec_progress = {
	"progress", progress_help,
	{{progress_options, progress_set, 0},
	 {cli_input_options, cli_input_set, offsetof(progress_args, in)}},
	cli_input_positional,
	"needed: responses still missing before the group reaches --min-group\n"
	"(0 once reached). A group that has reached it can still be hidden to\n"
	"protect a smaller group (\"protected\"): that clears as the smaller groups\n"
	"fill up. More responses than the headcount is a warning: check the file.\n"
};

static void print_json(FILE *fp, const sdt_groups *g)
{
	sdt_progress p;
	size_t i;

	fprintf(fp, "{\"min_group\": %zu, \"groups\": [", g->min_group);
	for (i = 0; i < g->n_groups; i++) {
		sdt_progress_get(&p, g, i);
		fputs(i ? ",\n  {\"group\": " : "\n  {\"group\": ", fp);
		sdt_output_json_string(fp, p.group);
		fprintf(fp, ", \"depth\": %zu, \"responses\": %zu, \"headcount\": ", p.depth,
		        p.responses);
		if (p.headcount)
			fprintf(fp, "%zu", p.headcount);
		else
			fputs("null", fp);
		fputs(", \"rate\": ", fp);
		sdt_output_json_number(fp, p.rate);
		fprintf(fp, ", \"needed\": %zu, \"protected\": %s, \"over_headcount\": %s}", p.needed,
		        p.protected_now ? "true" : "false", p.over_headcount ? "true" : "false");
	}
	fputs("\n]}\n", fp);
}

static void print_table(FILE *fp, const sdt_groups *g)
{
	sdt_progress p;
	char rate[32], head[32];
	size_t i;

	fprintf(fp, "%-44s %9s %9s %6s %6s\n", "group", "responses", "headcount", "rate",
	        "needed");
	for (i = 0; i < g->n_groups; i++) {
		sdt_progress_get(&p, g, i);
		snprintf(head, sizeof head, p.headcount ? "%zu" : "-", p.headcount);
		if (isnan(p.rate))
			snprintf(rate, sizeof rate, "-");
		else
			snprintf(rate, sizeof rate, "%.0f%%", 100.0 * p.rate);
		fprintf(fp, "%*s%-*s %9zu %9s %6s %6zu%s%s\n", (int)(2 * p.depth), "",
		        (int)(44 - 2 * (p.depth < 20 ? p.depth : 20)), p.group, p.responses, head, rate,
		        p.needed, p.protected_now ? "  protected" : "",
		        p.over_headcount ? "  over headcount" : "");
	}
	fprintf(fp, "\nneeded: responses still missing before a group reaches the threshold of "
	        "%zu.\nprotected: the threshold is reached, but the group is hidden for now to "
	        "protect\na smaller group; it is shown once the smaller groups fill up.\n",
	        g->min_group);
}

/* Each group whose responses exceed its headcount, on standard error. */
static void warn_over(const sdt_groups *g)
{
	sdt_progress p;
	size_t i;

	for (i = 0; i < g->n_groups; i++) {
		sdt_progress_get(&p, g, i);
		if (p.over_headcount)
			cli_warn("%s: %zu responses, more than its headcount %zu: check the headcount "
			         "file and the team answers", p.group, p.responses, p.headcount);
	}
}

static int run(progress_args *a, const sdt_instrument *ins)
{
	sdt_groups_options go = SDT_GROUPS_OPTIONS_INIT;
	sdt_groupacc *gacc = NULL;
	sdt_groups *g = NULL;
	sdt_run_counts counts;
	int err, code;

	go.min_group = a->min_group;
	if ((err = sdt_groupacc_new(&gacc, ins)) != SDT_OK) {
		code = cli_fail(err);
		goto done;
	}
	if ((code = cli_read_headcount(gacc, a->headcount)) != 0 ||
	    (code = cli_run_inputs_accum(&a->in, ins, a->threads, NULL, gacc, &counts,
	                                 NULL)) != 0)
		goto done;
	if ((err = sdt_groups_compute(&g, gacc, &go)) != SDT_OK) {
		code = cli_fail(err);
		goto done;
	}
	warn_over(g);
	if (a->json)
		print_json(stdout, g);
	else
		print_table(stdout, g);
	code = fflush(stdout) || ferror(stdout) ? cli_error("writing standard output failed"),
	       CLI_EXIT_IO : 0;
done:
	sdt_groups_free(g);
	sdt_groupacc_free(gacc);
	return code;
}

int cmd_progress(int argc, char **argv)
{
	progress_args a;
	sdt_instrument *ins = NULL;
	int code;

	memset(&a, 0, sizeof a);
	cli_input_init(&a.in);
	a.min_group = 5;
	if ((code = cli_parse(&cli_spec_progress, &a, argc, argv)) != 0) {
		code = code == CLI_PARSED_HELP ? CLI_EXIT_OK : code;
		goto done;
	}
	if (!a.headcount) {
		code = cli_usage_error("progress", "--headcount FILE.csv is required: the response "
		                       "rate and the teams that have not answered yet come from it");
		goto done;
	}
	if ((code = cli_load_instrument(&a.in, &ins)) != 0)
		goto done;
	code = run(&a, ins);
done:
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}
