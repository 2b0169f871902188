/*
 * cmd_report.c - `sdtscore report`: the team-level Excel workbook, or one
 * workbook per supervisor (--split-by). One pass over the responses feeds
 * the psychometrics, the group hierarchy and the careless-response flags.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sdt_report.h"
#include "waves.h"

static const char report_help[] =
	"usage: sdtscore report -i INSTRUMENT [-o OUT.xlsx | --split-by SPLIT -o DIR]\n"
	"                       [options] FILE...\n\n"
	"Writes the team-level Excel workbook: Summary, Heatmap, Scores, Items,\n"
	"Actions, Charts, Reliability, Data quality and Method; with earlier waves\n"
	"a Trend sheet, and with --by a Breakdown sheet per attribute. Groups with\n"
	"fewer than N respondents, and figures that could be worked out from them,\n"
	"are hidden.\n\n";

#define MAX_BY 16

typedef struct report_args {
	cli_input in;
	cli_waves waves;
	const char *out, *split, *lang, *headcount;
	const char *actions_out, *actions; /* --actions-out, --actions */
	const char *command_line; /* for the Method sheet; NULL: this run's */
	const char *by[MAX_BY]; /* --by attributes */
	size_t n_by;
	size_t min_group;
	double alpha;
	int colour_favourable; /* --colour favourable */
	const char *outcome;    /* --outcome: drivers on the team pages */
	const char *predictors; /* --predictors */
	size_t min_driver_n;    /* --min-driver-n (0: the engine's 30) */
	int no_comments;       /* --no-comments */
	size_t min_comments;   /* --min-comments (0: the default) */
	int tag_comments;      /* --tag-comments */
	size_t threads;        /* --threads (0: the cores available) */
} report_args;

typedef struct report_ctx {
	sdt_accum *acc;
	sdt_groupacc *gacc;
	sdt_quality quality;
	sdt_wave *wave;               /* the current wave, with earlier waves */
	sdt_breakdownacc *bacc[MAX_BY];
	size_t n_by;
	sdt_comments *comments;       /* NULL with --no-comments */
} report_ctx;

static int wave_add(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	return sdt_wave_add(ctx, r, s);
}

/* The sinks every response feeds (sdt_pipeline.h); the current wave of a
 * trend keeps its respondents in order and cannot merge, so with earlier
 * waves the run is one pass. Returns how many. */
static size_t report_sinks(sdt_sink *out, report_ctx *c)
{
	static const sdt_sink_ops wave_ops = {NULL, wave_add, NULL, NULL};
	size_t n = 0, k;

	out[n++] = sdt_sink_accum(c->acc);
	out[n++] = sdt_sink_groupacc(c->gacc);
	if (c->comments)
		out[n++] = sdt_sink_comments(c->comments);
	if (c->wave) {
		out[n].ops = &wave_ops;
		out[n++].ctx = c->wave;
	}
	for (k = 0; k < c->n_by; k++)
		out[n++] = sdt_sink_breakdownacc(c->bacc[k]);
	out[n++] = sdt_sink_quality(&c->quality);
	return n;
}

static int parse_alpha(const char *v, double *out)
{
	char *end;
	double a;

	errno = 0;
	a = strtod(v, &end);
	if (errno || *end || !(a > 0 && a < 1))
		return cli_usage_error("report", "--alpha takes a number between 0 and 1, not '%s'", v), -1;
	*out = a;
	return 0;
}

/* --by ATTRIBUTE: at most MAX_BY, each once. */
static int add_by(report_args *a, const char *v)
{
	size_t k;

	if (!*v)
		return cli_usage_error("report", "--by needs an attribute name"), -1;
	for (k = 0; k < a->n_by; k++)
		if (!strcmp(a->by[k], v))
			return cli_usage_error("report", "--by %s is given twice", v), -1;
	if (a->n_by == MAX_BY)
		return cli_usage_error("report", "--by can be given at most %d times", MAX_BY), -1;
	a->by[a->n_by++] = v;
	return 1;
}

enum { OPT_OUTPUT, OPT_SPLIT_BY, OPT_LANG, OPT_MIN_GROUP, OPT_HEADCOUNT, OPT_ALPHA,
       OPT_BY, OPT_OUTCOME, OPT_PREDICTORS, OPT_MIN_DRIVER_N, OPT_COLOUR, OPT_ACTIONS_OUT,
       OPT_ACTIONS, OPT_NO_COMMENTS, OPT_MIN_COMMENTS, OPT_TAG_COMMENTS,
       OPT_THREADS };

static const cli_option report_options[] = {
	{"--output", 'o', "PATH", OPT_OUTPUT,
	 "the workbook (default report.xlsx), or with\n"
	 "--split-by a folder (made with its parents);\n"
	 "never '-': a workbook is not written to a pipe", NULL, CLI_OPT_OUTPUT},
	{"--split-by", 0, "SPLIT", OPT_SPLIT_BY,
	 "team: one workbook per visible team (the team,\n"
	 "its ancestors and the organisation); level:N: one\n"
	 "per visible group at depth N with its subtree;\n"
	 "written on --threads threads", NULL, 0},
	CLI_LANG_OPTION(OPT_LANG),
	CLI_MIN_GROUP_OPTION(OPT_MIN_GROUP),
	{"--headcount", 0, "FILE.csv", OPT_HEADCOUNT,
	 "team,headcount rows (full team path, count) for\n"
	 "response rates", NULL, 0},
	{"--alpha", 0, "A", OPT_ALPHA,
	 "significance level after BH adjustment (default 0.05)", NULL, 0},
	{"--by", 0, "ATTRIBUTE", OPT_BY,
	 "split each group's scores by a respondent attribute\n"
	 "(a column such as work_mode; repeatable)", NULL, 0},
	{"--colour", 0, "RULE", OPT_COLOUR,
	 "comparator (default): green/red where a group\n"
	 "differs significantly from the rest (|g| >= 0.2);\n"
	 "favourable: by % favourable (>= 70 %, < 50 %)", "--color", 0},
	{"--actions-out", 0, "FILE.csv", OPT_ACTIONS_OUT,
	 "write each published team's focus areas as\n"
	 "team,scale,wave,mean,chosen rows for HR to mark\n"
	 "the chosen ones yes", NULL, CLI_OPT_OUTPUT},
	{"--actions", 0, "FILE.csv", OPT_ACTIONS,
	 "the marked file of the previous wave: the Trend\n"
	 "sheet and the team page show whether each chosen\n"
	 "need moved (needs --previous or --wave)", NULL, 0},
	{"--outcome", 0, "ID", OPT_OUTCOME,
	 "drivers of scale or outcome item ID (e.g. enps;\n"
	 "Johnson's relative weights) on the Reliability\n"
	 "sheet and the team pages", NULL, 0},
	CLI_PREDICTORS_OPTION(OPT_PREDICTORS),
	{"--min-driver-n", 0, "N", OPT_MIN_DRIVER_N,
	 "drivers of a group need N respondents scored on\n"
	 "every scale in it and outside it (default 30)", NULL, 0},
	{"--no-comments", 0, NULL, OPT_NO_COMMENTS,
	 "leave the Comments sheet out (open comments of\n"
	 "text items are shown by default)", NULL, 0},
	{"--min-comments", 0, "N", OPT_MIN_COMMENTS,
	 "comments a group's list needs (default 10; see\n"
	 "README: Comments)", NULL, 0},
	{"--tag-comments", 0, NULL, OPT_TAG_COMMENTS,
	 "a Need column on the Comments sheet: the needs\n"
	 "each comment mentions (keywords in en, fi, sv)", NULL, 0},
	CLI_THREADS_OPTION(OPT_THREADS),
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int set_colour(const char *cmd, report_args *a, const char *v)
{
	if (strcmp(v, "comparator") && strcmp(v, "favourable") && strcmp(v, "favorable"))
		return cli_usage_error(cmd, "--colour: unknown rule '%s' (comparator, "
		                       "favourable)", v);
	a->colour_favourable = strcmp(v, "comparator") != 0;
	return 0;
}

static int report_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	report_args *a = ctx;

	switch (o->id) {
	case OPT_OUTPUT: a->out = v; return 0;
	case OPT_SPLIT_BY: a->split = v; return 0;
	case OPT_LANG: a->lang = v; return cli_lang_check(cmd, v);
	case OPT_MIN_GROUP: return cli_min_group_set(cmd, v, &a->min_group);
	case OPT_HEADCOUNT: a->headcount = v; return 0;
	case OPT_ALPHA: return parse_alpha(v, &a->alpha) < 0 ? CLI_EXIT_USAGE : 0;
	case OPT_BY: return add_by(a, v) < 0 ? CLI_EXIT_USAGE : 0;
	case OPT_ACTIONS_OUT: a->actions_out = v; return 0;
	case OPT_ACTIONS: a->actions = v; return 0;
	case OPT_OUTCOME: a->outcome = v; return 0;
	case OPT_PREDICTORS: a->predictors = v; return 0;
	case OPT_MIN_DRIVER_N:
		if (cli_parse_size(cmd, o->name, v, &a->min_driver_n) < 0)
			return CLI_EXIT_USAGE;
		return a->min_driver_n < 2 ? cli_usage_error(cmd, "--min-driver-n must be at "
		                                             "least 2") : 0;
	case OPT_NO_COMMENTS: a->no_comments = 1; return 0;
	case OPT_TAG_COMMENTS: a->tag_comments = 1; return 0;
	case OPT_THREADS: return cli_threads_set(cmd, o, v, &a->threads);
	case OPT_MIN_COMMENTS:
		if (cli_parse_size(cmd, "--min-comments", v, &a->min_comments) < 0)
			return CLI_EXIT_USAGE;
		return a->min_comments < 1 ? cli_usage_error(cmd, "--min-comments must be at "
		                                             "least 1") : 0;
	default: return set_colour(cmd, a, v);
	}
}

const cli_spec cli_spec_report = {
	"report", report_help,
	{{report_options, report_set, 0},
	 {cli_waves_options, cli_waves_set, offsetof(report_args, waves)},
	 {cli_input_options, cli_input_set, offsetof(report_args, in)}},
	cli_input_positional,
	"The date shown is today's, or SOURCE_DATE_EPOCH's when set.\n"
};

static void no_group(void *ctx, const sdt_group *g)
{
	(void)ctx;
	(void)g;
}

/* Every option and output checked before any data is read, so that a
 * mistake is not found only after minutes of reading. */
static int check_outputs(const report_args *a)
{
	int code;

	if (a->split && sdt_report_split_skipped(NULL, a->split, no_group, NULL) != SDT_OK)
		return cli_usage_error("report", "--split-by: unknown split '%s' (team or "
		                       "level:N)", a->split);
	if (a->split && !a->out)
		return cli_usage_error("report", "--split-by needs -o DIR");
	/* An xlsx is a ZIP archive written by seeking: never to a pipe, and
	 * never to a terminal; a file named '-' is surely a mistake. */
	if (a->out && !strcmp(a->out, "-"))
		return cli_usage_error("report", "-o -: a workbook cannot be written to "
		                       "standard output; give a file name (-o report.xlsx)");
	if (a->actions && !cli_waves_active(&a->waves))
		return cli_usage_error("report", "--actions needs --previous or --wave: a chosen "
		                       "need's change is since the previous wave");
	if (a->actions_out && !strcmp(a->actions_out, "-"))
		return cli_usage_error("report", "--actions-out -: give a file name");
	if (a->actions_out && (code = cli_output_check(a->actions_out)) != 0)
		return code;
	if (a->split)
		return cli_output_dir_check(a->out);
	return cli_output_check(a->out ? a->out : "report.xlsx");
}

typedef struct report_run {
	report_ctx ctx;
	sdt_stats *stats;
	sdt_need_links *needs;
	sdt_drivers *drivers; /* with --outcome */
	sdt_groups *groups;
	sdt_outcome_stats *outcomes; /* per group and outcome item */
	sdt_comment_plan *comments;
	sdt_run_counts counts;
	cli_tally tally; /* left-out responses by reason */
	char *wave;
	sdt_breakdown *bd[MAX_BY];
	/* with earlier waves: each wave's groups (the last is `groups`, not
	 * owned here) and the changes of the current groups */
	sdt_groups **wave_groups;
	size_t n_wave_groups;
	sdt_change *changes;
	sdt_report_trend trend;
	sdt_actions *actions; /* --actions, read against this run's groups */
} report_run;

/* --actions FILE checked before any response is read: everything but
 * its team paths, which only this wave's groups can tell. */
static int check_actions(const char *path, const sdt_instrument *ins)
{
	sdt_actions *act = NULL;
	int err = sdt_actions_read(&act, path, NULL, ins);

	sdt_actions_free(act);
	return err ? cli_fail(err) : 0;
}

/* The accumulators every response feeds. */
static int start(report_run *run, report_args *a, const sdt_instrument *ins)
{
	size_t k;
	int err, code;

	sdt_quality_init(&run->ctx.quality, ins);
	if ((err = sdt_accum_new(&run->ctx.acc, ins)) != SDT_OK ||
	    (err = sdt_groupacc_new(&run->ctx.gacc, ins)) != SDT_OK ||
	    (!a->no_comments && sdt_instrument_text_count(ins) > 0 &&
	     (err = sdt_comments_new(&run->ctx.comments, ins)) != SDT_OK))
		return cli_fail(err);
	for (k = 0; k < a->n_by; k++, run->ctx.n_by++)
		if ((err = sdt_groupacc_by(run->ctx.gacc, a->by[k])) != SDT_OK ||
		    (err = sdt_breakdownacc_new(&run->ctx.bacc[k], ins, a->by[k])) != SDT_OK)
			return cli_fail(err);
	if (a->headcount && (code = cli_read_headcount(run->ctx.gacc, a->headcount)) != 0)
		return code;
	if (a->actions && (code = check_actions(a->actions, ins)) != 0)
		return code;
	if (!cli_waves_active(&a->waves))
		return 0;
	/* Each earlier wave gets its own groups, so its means are shown only
	 * where its own suppression allows. */
	a->waves.want_groups = 1;
	a->waves.by = (const char *const *)a->by;
	a->waves.n_by = a->n_by;
	if ((code = cli_waves_run_previous(&a->waves, &a->in, ins)) != 0)
		return code;
	run->ctx.wave = cli_waves_current(&a->waves);
	return 0;
}

/* Every wave's groups with the same options, then the changes. */
static int compute_trend(report_run *run, cli_waves *w, const sdt_groups_options *go)
{
	size_t k, n = w->n, cells = run->groups->n_groups * run->groups->n_scales;
	sdt_groups_rename ren;
	int err;

	run->wave_groups = calloc(n, sizeof *run->wave_groups);
	run->changes = calloc(cells + 1, sizeof *run->changes);
	if (!run->wave_groups || !run->changes) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	run->n_wave_groups = n - 1;
	ren = cli_waves_rename(w);
	for (k = 0; k + 1 < n; k++)
		if ((err = sdt_groups_compute_moved(&run->wave_groups[k], w->gacc[k], go, &ren)) != SDT_OK)
			return cli_fail(err);
	run->wave_groups[n - 1] = run->groups;
	if ((err = sdt_report_trend_changes(run->changes, w->waves[n - 2], w->waves[n - 1],
	                                    run->wave_groups[n - 2], run->groups)) != SDT_OK)
		return cli_fail(err);
	run->trend.n_waves = n;
	run->trend.names = (const char *const *)w->names;
	run->trend.waves = (const sdt_groups *const *)run->wave_groups;
	run->trend.changes = run->changes;
	return 0;
}

static int compute_breakdowns(report_run *run, const report_args *a)
{
	size_t k;
	int err;

	for (k = 0; k < run->ctx.n_by; k++) {
		if ((err = sdt_breakdown_compute(&run->bd[k], run->ctx.bacc[k], run->groups,
		                                 a->alpha)) != SDT_OK)
			return cli_fail(err);
		if (run->bd[k]->n_values == 0)
			cli_warn("--by %s: no response has a value for it", a->by[k]);
	}
	return 0;
}

/* --outcome: the organisation's drivers and those of the groups that
 * hold --min-driver-n respondents inside and outside (sdt_drivers.h). */
static int compute_drivers(report_run *run, const report_args *a, const sdt_instrument *ins)
{
	size_t outcome = 0, pred[SDT_INSTRUMENT_MAX_SCALES], n_pred = 0;
	int err, code;

	if (!a->outcome)
		return 0;
	if ((code = cli_drivers_resolve("report", a->outcome, a->predictors, ins, &outcome, pred,
	                                &n_pred)) != 0)
		return code;
	err = cli_drivers_compute(&run->drivers, run->ctx.acc, ins, outcome, pred, n_pred,
	                          a->min_driver_n);
	return err ? cli_fail(err) : 0;
}

static int compute(report_run *run, report_args *a, const sdt_instrument *ins)
{
	sdt_stats_options so = SDT_STATS_OPTIONS_INIT;
	sdt_groups_options go = SDT_GROUPS_OPTIONS_INIT;
	sdt_sink sinks[MAX_BY + 5];
	int err, code;

	so.min_group = a->min_group;
	/* the Heatmap greys agreement no better than chance */
	so.rwg_sim = SDT_RWG_SIM_DEFAULT;
	/* ... whose simulations, one per team size, run side by side */
	so.threads = a->threads ? a->threads : sdt_cpu_count();
	go.min_group = a->min_group;
	go.alpha = a->alpha;
	memset(run, 0, sizeof *run);
	if ((code = start(run, a, ins)) != 0)
		return code;
	if ((code = cli_run_inputs_sinks(&a->in, ins, a->threads, sinks,
	                                 report_sinks(sinks, &run->ctx), &run->counts,
	                                 &run->wave, &run->tally)) != 0 ||
	    (code = cli_waves_finish(&a->waves, run->wave)) != 0)
		return code;
	if ((err = sdt_stats_compute(&run->stats, run->ctx.acc, &so)) != SDT_OK ||
	    (err = sdt_need_links_compute(&run->needs, run->ctx.acc, 0)) != SDT_OK ||
	    (err = sdt_groups_compute(&run->groups, run->ctx.gacc, &go)) != SDT_OK ||
	    (err = sdt_groups_outcomes(&run->outcomes, run->groups, run->ctx.acc)) != SDT_OK)
		return cli_fail(err);
	if (run->ctx.comments) {
		sdt_comments_options co = SDT_COMMENTS_OPTIONS_INIT;

		co.min_comments = a->min_comments ? a->min_comments : SDT_COMMENTS_MIN_DEFAULT;
		co.min_writers = a->min_group;
		if ((err = sdt_comments_assign(&run->comments, run->ctx.comments, run->groups,
		                               &co)) != SDT_OK ||
		    (a->tag_comments && (err = sdt_comment_plan_tag(run->comments)) != SDT_OK))
			return cli_fail(err);
	}
	if ((code = compute_drivers(run, a, ins)) != 0 ||
	    (code = compute_breakdowns(run, a)) != 0)
		return code;
	if (a->actions && (err = sdt_actions_read(&run->actions, a->actions, run->groups,
	                                          ins)) != SDT_OK)
		return cli_fail(err);
	if (cli_waves_active(&a->waves))
		return compute_trend(run, &a->waves, &go);
	return 0;
}

static void run_free(report_run *run)
{
	size_t k;

	for (k = 0; k < MAX_BY; k++) {
		sdt_breakdown_free(run->bd[k]);
		sdt_breakdownacc_free(run->ctx.bacc[k]);
	}
	/* The last wave's groups are run->groups, freed once below. */
	for (k = 0; run->wave_groups && k < run->n_wave_groups; k++)
		sdt_groups_free(run->wave_groups[k]);
	free(run->wave_groups);
	free(run->changes);
	sdt_stats_free(run->stats);
	sdt_actions_free(run->actions);
	sdt_need_links_free(run->needs);
	sdt_drivers_free(run->drivers);
	sdt_groups_outcomes_free(run->outcomes);
	sdt_comment_plan_free(run->comments);
	sdt_comments_free(run->ctx.comments);
	sdt_groups_free(run->groups);
	sdt_accum_free(run->ctx.acc);
	sdt_groupacc_free(run->ctx.gacc);
	sdt_free(run->wave);
}

/* The run summary tells HR which supervisors get no workbook, and why. */
static void say_skipped(void *ctx, const sdt_group *g)
{
	if (cli_quiet)
		return;
	fprintf(stderr, "sdtscore: no workbook for %s: %s\n", g->path,
	        g->hidden_by_protection ? "hidden to protect a smaller group"
	        : "fewer respondents than the threshold");
	(void)ctx;
}

/* --actions-out: every published team's focus areas (the engine's
 * proposal, as the Actions sheet shows them), for HR to mark. */
static int write_actions(const report_run *run, const report_args *a,
                         const sdt_instrument *ins, const char *wave)
{
	sdt_focus_options fo = SDT_FOCUS_OPTIONS_INIT;
	sdt_actions *act = NULL;
	cli_output o;
	int err, code;

	fo.alpha = a->alpha;
	if ((err = sdt_actions_propose(&act, run->groups, ins, wave, &fo)) != SDT_OK)
		return cli_fail(err);
	if ((code = cli_output_open(&o, a->actions_out)) == 0) {
		sdt_actions_write_csv(o.fp, act, ins);
		code = cli_output_commit(&o);
	}
	if (!code && !cli_quiet)
		fprintf(stderr, "sdtscore: %zu focus areas written to %s\n", act->n, a->actions_out);
	sdt_actions_free(act);
	return code;
}

/* The supervisors' workbooks, then a warning for the workbooks an
 * earlier run left in the folder. Returns 0 or an exit code (printed). */
static int write_split(const sdt_report_input *in, const report_args *a)
{
	cli_old_books *old = NULL;
	size_t n = 0;
	int err, code;

	if ((code = cli_old_books_list(&old, a->out)) != 0 ||
	    (code = cli_make_dirs(a->out)) != 0)
		goto done;
	err = sdt_report_split_threads(in, a->split, a->out,
	                               a->threads ? a->threads : sdt_cpu_count(), &n);
	if (err) {
		code = cli_fail(err);
		goto done;
	}
	sdt_report_split_skipped(in, a->split, say_skipped, NULL);
	if (n == 0)
		cli_warn("no visible group to split by '%s': no workbook written", a->split);
	else if (!cli_quiet)
		fprintf(stderr, "sdtscore: %zu workbooks written to %s\n", n, a->out);
	cli_old_books_say(old, a->out);
done:
	cli_old_books_free(old);
	return code;
}

static int write_report(const report_run *run, const report_args *a,
                        const sdt_instrument *ins)
{
	sdt_report_reason reasons[CLI_MAX_REASONS];
	sdt_report_quality q = {&run->ctx.quality, run->tally.n_reasons, reasons};
	sdt_report_input in = SDT_REPORT_INPUT_INIT;
	char date[32];
	size_t k;
	int err, code;

	for (k = 0; k < run->tally.n_reasons; k++) {
		reasons[k].reason = run->tally.reasons[k].text;
		reasons[k].count = run->tally.reasons[k].count;
	}

	cli_report_date(date, sizeof date);
	in.ins = ins;
	in.groups = run->groups;
	in.stats = run->stats;
	in.needs = run->needs;
	in.drivers = run->drivers;
	in.min_driver_n = a->min_driver_n ? a->min_driver_n : 30;
	in.outcomes = run->outcomes;
	in.comments = run->comments;
	in.n_outcomes = sdt_instrument_outcome_count(ins);
	in.counts = &run->counts;
	in.quality = &q;
	in.wave = run->trend.n_waves ? run->trend.names[run->trend.n_waves - 1] : run->wave;
	in.lang = a->lang;
	in.command_line = a->command_line ? a->command_line : cli_command_line;
	in.date = date;
	in.alpha = a->alpha;
	in.colour_favourable = a->colour_favourable;
	in.trend = run->trend.n_waves ? &run->trend : NULL;
	in.n_breakdowns = run->ctx.n_by;
	in.breakdowns = (const sdt_breakdown *const *)run->bd;
	in.actions = run->actions;
	/* Excel's limits before any output: the actions file included */
	if ((err = sdt_report_check(&in, a->split, a->out ? a->out : "report.xlsx")) != SDT_OK)
		return cli_fail(err);
	if (a->actions_out && (code = write_actions(run, a, ins, in.wave)) != 0)
		return code;
	if (!a->split) {
		err = sdt_report_write(&in, NULL, a->out ? a->out : "report.xlsx");
		return err ? cli_fail(err) : 0;
	}
	return write_split(&in, a);
}

int cli_report_org(const cli_report_job *job, sdt_groups **groups,
                   sdt_run_counts *counts, sdt_change **changes)
{
	report_args a;
	report_run run;
	size_t k;
	int code;

	memset(&a, 0, sizeof a);
	a.in = *job->in;
	a.headcount = job->headcount;
	a.lang = job->lang;
	a.min_group = job->min_group;
	a.alpha = 0.05;
	a.out = job->out;
	a.command_line = job->command_line;
	a.actions = job->actions;
	a.threads = 1; /* one thread an organisation: batch may run several at once */
	*groups = NULL;
	*changes = NULL;
	/* whether a chosen need moved is a change since an earlier wave */
	if (job->actions && !job->n_previous) {
		cli_error("%s: chosen actions need an earlier wave (previous) to follow them up",
		          job->actions);
		return CLI_EXIT_USAGE;
	}
	memset(&run, 0, sizeof run);
	/* earlier waves, oldest first, each a wave of its own: a Trend sheet */
	for (k = 0, code = 0; k < job->n_previous && !code; k++)
		code = cli_waves_add_wave(&a.waves, job->previous[k]);
	if (!code && job->n_previous)
		code = cli_waves_prepare("batch", &a.waves, &a.in);
	if (!code)
		code = compute(&run, &a, job->ins);
	if (!code)
		code = write_report(&run, &a, job->ins);
	*counts = run.counts;
	if (!code) {
		*groups = run.groups;
		run.groups = NULL;
		/* the organisation is group 0: its row of the changes */
		if (run.trend.n_waves) {
			*changes = run.changes;
			run.changes = NULL;
		}
	}
	run_free(&run);
	cli_waves_free(&a.waves);
	return code;
}

int cmd_report(int argc, char **argv)
{
	report_args a;
	report_run run;
	sdt_instrument *ins = NULL;
	int code;

	memset(&a, 0, sizeof a);
	cli_input_init(&a.in);
	memset(&run, 0, sizeof run);
	a.lang = "en";
	a.min_group = 5;
	a.alpha = 0.05;
	if ((code = cli_parse(&cli_spec_report, &a, argc, argv)) != 0 ||
	    (code = check_outputs(&a)) != 0) {
		code = code == CLI_PARSED_HELP ? CLI_EXIT_OK : code;
		goto done;
	}
	if ((code = cli_waves_prepare("report", &a.waves, &a.in)) != 0 ||
	    (code = cli_load_instrument(&a.in, &ins)) != 0)
		goto done;
	if ((code = compute(&run, &a, ins)) != 0)
		goto done;
	code = write_report(&run, &a, ins);
done:
	run_free(&run);
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	cli_waves_free(&a.waves);
	return code;
}
