/*
 * cmd_stats.c - `sdtscore stats`: reliability, item statistics and team
 * agreement of a wave, as a readable table or as the JSON contract.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "waves.h"

static const char stats_usage[] =
	"usage: sdtscore stats -i INSTRUMENT [options] FILE...\n"
	"\n"
	"Reliability (alpha, CI, lambda2/6, omega), item statistics and team\n"
	"agreement (ICC, rwg(j), awg) of the responses in FILE... (one wave).\n\n";

typedef struct stats_args {
	cli_input in;
	sdt_stats_options opt;
	int json;
	const char *out;
	cli_waves waves;
	size_t bootstrap; /* replicates, 0 = none */
	size_t seed;
	size_t threads;   /* 0 = the cores available */
	int partial;      /* --partial: write the accumulators, not figures */
	const char *outcome;    /* --outcome: the drivers' outcome scale or item id */
	const char *predictors; /* --predictors: comma-separated scale ids */
	size_t min_driver_n;    /* 0: the library's default (30) */
} stats_args;

enum {
	OPT_FORMAT, OPT_MISSING, OPT_MIN_GROUP, OPT_NO_PROTECTION, OPT_BOOTSTRAP, OPT_SEED,
	OPT_THREADS, OPT_OUTCOME, OPT_PREDICTORS, OPT_MIN_DRIVER_N, OPT_RWG_SIM, OPT_PARTIAL,
	OPT_OUTPUT
};

static const cli_option stats_options[] = {
	{"--format", 0, "FMT", OPT_FORMAT, "table (default) or json", NULL, 0},
	{"--missing", 0, "MODE", OPT_MISSING,
	 "pairwise (default): covariances from the rows\n"
	 "where both items are answered; listwise: every\n"
	 "reliability figure from complete rows only", NULL, 0},
	{"--min-group", 0, "N", OPT_MIN_GROUP,
	 "teams with fewer responses are listed without\n"
	 "figures (default 5; below 3 needs\n"
	 "--no-protection)", NULL, 0},
	{"--no-protection", 0, NULL, OPT_NO_PROTECTION,
	 "publish every team's figures: no team is hidden\n"
	 "to protect a smaller one (raw-data analysts\n"
	 "only; warns, and the JSON says \"protected\": false)", NULL, 0},
	{"--bootstrap", 0, "N", OPT_BOOTSTRAP,
	 "percentile bootstrap 95% CIs of alpha and omega\n"
	 "from N resamples of respondents (keeps the\n"
	 "answers in memory)", NULL, 0},
	{"--seed", 0, "S", OPT_SEED,
	 "the bootstrap's random seed, 1 to 4294967295\n"
	 "(default 1)", NULL, 0},
	{"--threads", 0, "N", OPT_THREADS,
	 "read with N threads (default: the cores\n"
	 "available; 1: one pass). NDJSON and CSV files\n"
	 "are split at line boundaries; the figures are\n"
	 "those of one pass", NULL, 0},
	{"--outcome", 0, "ID", OPT_OUTCOME,
	 "drivers: Johnson's relative weights of the other\n"
	 "scales (or --predictors) for scale or outcome\n"
	 "item ID (e.g. enps), from the respondents scored\n"
	 "on every scale (and answering it) (JSON)", NULL, 0},
	CLI_PREDICTORS_OPTION(OPT_PREDICTORS),
	{"--rwg-sim", 0, "N", OPT_RWG_SIM,
	 "rwg_j_cutoff: the 95th percentile of rwg(j) in N\n"
	 "simulated groups of each team's size answering at\n"
	 "random (10000 as R multilevel; default: none)", NULL, 0},
	{"--min-driver-n", 0, "N", OPT_MIN_DRIVER_N,
	 "drivers need N respondents scored on every\n"
	 "scale (default 30)", NULL, 0},
	{"--partial", 0, NULL, OPT_PARTIAL,
	 "write the mergeable partial statistics of this\n"
	 "shard instead (see `sdtscore merge`)", NULL, 0},
	{"--output", 'o', "FILE", OPT_OUTPUT,
	 "write there instead of standard output", NULL, CLI_OPT_OUTPUT},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int parse_choice(const char *v, const char *a, const char *b,
                        int *out)
{
	if (strcmp(v, a) == 0)
		*out = 0;
	else if (strcmp(v, b) == 0)
		*out = 1;
	else
		return -1;
	return 0;
}

/* A whole number for option o, at least `min`: 0 or CLI_EXIT_USAGE. */
static int size_at_least(const char *cmd, const cli_option *o, const char *v,
                         size_t min, const char *why, size_t *out)
{
	if (cli_parse_size(cmd, o->name, v, out) < 0)
		return CLI_EXIT_USAGE;
	if (*out < min)
		return cli_usage_error(cmd, "%s", why);
	return 0;
}

static int set_seed(const char *cmd, const char *v, size_t *seed)
{
	if (cli_parse_size(cmd, "--seed", v, seed) < 0)
		return CLI_EXIT_USAGE;
	/* GSL's mt19937 keeps 32 bits and takes 0 for 4357: refuse seeds
	 * that would silently repeat another's draws. */
	if (*seed == 0 || *seed > 4294967295u)
		return cli_usage_error(cmd, "--seed takes 1 to 4294967295, not '%s'", v);
	return 0;
}

static int stats_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	stats_args *a = ctx;
	int k;

	switch (o->id) {
	case OPT_FORMAT:
		if (parse_choice(v, "table", "json", &a->json) < 0)
			return cli_usage_error(cmd, "--format: unknown format '%s' (table, json)", v);
		return 0;
	case OPT_MISSING:
		if (parse_choice(v, "pairwise", "listwise", &k) < 0)
			return cli_usage_error(cmd, "--missing: unknown mode '%s' (pairwise, "
			                       "listwise)", v);
		a->opt.missing = k ? SDT_MISSING_LISTWISE : SDT_MISSING_PAIRWISE;
		return 0;
	case OPT_MIN_GROUP: return size_at_least(cmd, o, v, 0, "", &a->opt.min_group);
	case OPT_NO_PROTECTION: a->opt.no_protection = 1; return 0;
	case OPT_BOOTSTRAP:
		return size_at_least(cmd, o, v, 1, "--bootstrap takes at least 1 resample",
		                     &a->bootstrap);
	case OPT_SEED: return set_seed(cmd, v, &a->seed);
	case OPT_THREADS:
		return size_at_least(cmd, o, v, 1, "--threads takes 1 or more", &a->threads);
	case OPT_OUTCOME: a->outcome = v; return 0;
	case OPT_PREDICTORS: a->predictors = v; return 0;
	case OPT_MIN_DRIVER_N: return size_at_least(cmd, o, v, 0, "", &a->min_driver_n);
	case OPT_RWG_SIM: return size_at_least(cmd, o, v, 0, "", &a->opt.rwg_sim);
	case OPT_PARTIAL: a->partial = 1; return 0;
	default: a->out = v; return 0;
	}
}

const cli_spec cli_spec_stats = {
	"stats", stats_usage,
	{{stats_options, stats_set, 0},
	 {cli_input_options, cli_input_set, offsetof(stats_args, in)},
	 {cli_waves_options, cli_waves_set, offsetof(stats_args, waves)}},
	cli_input_positional, NULL
};

/* ---- table: a psych-like print that fits 80 columns ---- */

/* A number in `w` columns with 3 decimals, or "-" when undefined. */
static void num(FILE *fp, int w, double x)
{
	if (isfinite(x))
		fprintf(fp, "%*.3f", w, x);
	else
		fprintf(fp, "%*s", w, "-");
}

/* Print `text` word-wrapped to 78 columns after `lead`. */
static void wrapped(FILE *fp, const char *lead, const char *text)
{
	size_t col = strlen(lead), w;
	const char *p = text, *sp;

	fputs(lead, fp);
	while (*p) {
		sp = strchr(p, ' ');
		w = sp ? (size_t)(sp - p) : strlen(p);
		if (col + w > 78 && col > strlen(lead)) {
			fprintf(fp, "\n%*s", (int)strlen(lead), "");
			col = strlen(lead);
		}
		fwrite(p, 1, w, fp);
		col += w;
		p += w;
		if (*p == ' ') {
			fputc(' ', fp);
			col++;
			p++;
		}
	}
	fputc('\n', fp);
}

/* A change since the previous wave on one line of at most 80 columns:
 * "<lead>change  0.311  95% CI [-0.082, 0.704]  p.adj 0.399  (paired)". */
static void table_change(FILE *fp, const char *lead, const sdt_change *c)
{
	if (!c)
		return;
	fprintf(fp, "%schange", lead);
	num(fp, 8, c->difference);
	fputs("  95% CI [", fp); num(fp, 0, c->ci[0]);
	fputs(", ", fp); num(fp, 0, c->ci[1]);
	fputs("]  p.adj ", fp); num(fp, 0, c->p_adjusted);
	fprintf(fp, "  (%s)\n", sdt_change_test_name(c->test));
}

static void table_scale(FILE *fp, const sdt_stats *st, const sdt_scale_stats *sc,
                        const sdt_change *change)
{
	const sdt_item_stats *it;
	size_t j;

	fprintf(fp, "Scale %s: %zu items, n = %zu of %zu rows (%s)\n", sc->id,
	        sc->n_items, sc->n, st->rows,
	        st->missing == SDT_MISSING_LISTWISE ? "listwise" : "pairwise");
	fputs("  mean", fp); num(fp, 7, sc->mean);
	fputs("  sd", fp); num(fp, 7, sc->sd);
	fputs("  sem", fp); num(fp, 7, sc->sem);
	fputs("  icc1", fp); num(fp, 7, sc->icc1);
	fputs("  icc2", fp); num(fp, 7, sc->icc2);
	fputs("\n  alpha", fp); num(fp, 7, sc->alpha);
	fputs("  std.alpha", fp); num(fp, 7, sc->alpha_std);
	fputs("  95% CI [", fp); num(fp, 0, sc->alpha_ci[0]);
	fputs(", ", fp); num(fp, 0, sc->alpha_ci[1]);
	fputs("]  ase", fp); num(fp, 7, sc->alpha_se);
	fputs("\n  lambda2", fp); num(fp, 7, sc->lambda2);
	fputs("  lambda6", fp); num(fp, 7, sc->lambda6);
	fputs("  omega.tot", fp); num(fp, 7, sc->omega_total);
	fputs("  average.r", fp); num(fp, 7, sc->average_r);
	fputs("\n  median.r", fp); num(fp, 7, sc->median_r);
	fputs("  spearman-brown", fp); num(fp, 7, sc->spearman_brown);
	fprintf(fp, "  listwise alpha (n = %zu)", sc->listwise_n);
	num(fp, 7, sc->listwise_alpha);
	if (sc->has_boot) {
		fputs("\n  bootstrap 95% CI: alpha [", fp); num(fp, 0, sc->alpha_ci_boot[0]);
		fputs(", ", fp); num(fp, 0, sc->alpha_ci_boot[1]);
		fputs("]  omega.tot [", fp); num(fp, 0, sc->omega_ci_boot[0]);
		fputs(", ", fp); num(fp, 0, sc->omega_ci_boot[1]);
		fputc(']', fp);
	}
	fputc('\n', fp);
	table_change(fp, "  since the previous wave: ", change);
	fputs("\n  item                        n    mean      sd  r.drop  alpha.if.del\n", fp);
	for (j = 0; j < sc->n_items; j++) {
		it = &sc->items[j];
		fprintf(fp, "  %-22.22s %7zu", it->id, it->n);
		num(fp, 8, it->mean); num(fp, 8, it->sd);
		num(fp, 8, it->r_drop); num(fp, 14, it->alpha_if_deleted);
		fputc('\n', fp);
	}
	for (j = 0; j < sc->n_warnings; j++)
		wrapped(fp, "  warning: ", sc->warnings[j]);
	fputc('\n', fp);
}

static void table_teams(FILE *fp, const sdt_stats *st, const cli_waves *w)
{
	const sdt_team_scale_stats *x;
	size_t t, s;

	fprintf(fp, "Teams (fewer than %zu responses, or hidden to protect a smaller team: "
	        "no figures%s)\n", st->min_group, st->protected ? "" : "; protection OFF");
	fputs("  scale                       n    mean      sd   rwg_j     awg\n", fp);
	for (t = 0; t < st->n_teams; t++) {
		fprintf(fp, "  %s (n = %zu)%s\n", st->teams[t].team, st->teams[t].n,
		        !st->teams[t].suppressed ? ""
		        : st->teams[t].suppressed_reason == SDT_HIDDEN_PROTECTION
		        ? ": suppressed (protects a smaller team)" : ": suppressed (too few)");
		for (s = 0; !st->teams[t].suppressed && s < st->n_scales; s++) {
			x = &st->teams[t].scales[s];
			fprintf(fp, "    %-22.22s %5zu", x->id, x->n);
			num(fp, 8, x->mean); num(fp, 8, x->sd);
			num(fp, 8, x->rwg_j); num(fp, 8, x->awg);
			fputc('\n', fp);
			table_change(fp, "      ", cli_waves_change(w, (long)t, s));
		}
	}
}

/* One outcome on one line: n, mean, sd, % favourable; eNPS with its CI. */
static void table_outcome(FILE *fp, const char *lead, const sdt_outcome_stats *x)
{
	fprintf(fp, "%s%-22.22s %5zu", lead, x->id, x->n);
	num(fp, 8, x->mean); num(fp, 8, x->sd);
	num(fp, 8, 100.0 * x->favourable);
	if (x->enps) {
		fputs("  eNPS", fp); num(fp, 8, x->enps_score);
		fputs(" [", fp); num(fp, 0, x->enps_ci[0]);
		fputs(", ", fp); num(fp, 0, x->enps_ci[1]);
		fputc(']', fp);
	}
	fputc('\n', fp);
}

static void table_outcomes(FILE *fp, const sdt_stats *st)
{
	size_t i, t;

	if (!st->n_outcomes)
		return;
	fputs("Outcomes                    n    mean      sd  %fav.  (eNPS = % 9-10 - % 0-6, 95% CI)\n", fp);
	for (i = 0; i < st->n_outcomes; i++)
		table_outcome(fp, "  ", &st->outcomes[i]);
	for (t = 0; t < st->n_teams; t++)
		for (i = 0; !st->teams[t].suppressed && i < st->n_outcomes; i++) {
			if (i == 0)
				fprintf(fp, "  %s (n = %zu)\n", st->teams[t].team, st->teams[t].n);
			table_outcome(fp, "    ", &st->teams[t].outcomes[i]);
		}
	fputc('\n', fp);
}

static void print_table(FILE *fp, const sdt_stats *st, const cli_waves *w)
{
	const sdt_composite_stats *c;
	size_t i;

	fprintf(fp, "Instrument %s: %zu rows\n\n", st->instrument, st->rows);
	for (i = 0; i < st->n_scales; i++)
		table_scale(fp, st, &st->scales[i], cli_waves_change(w, -1, i));
	if (st->n_composites)
		fputs("Composites                    n    mean      sd\n", fp);
	for (i = 0; i < st->n_composites; i++) {
		c = &st->composites[i];
		fprintf(fp, "  %-22.22s %7zu", c->id, c->n);
		num(fp, 8, c->mean); num(fp, 8, c->sd);
		fputc('\n', fp);
	}
	if (st->n_composites)
		fputc('\n', fp);
	table_outcomes(fp, st);
	if (st->n_teams)
		table_teams(fp, st, w);
}

/* Satisfaction and frustration that move as one: say so, so nobody acts
 * on the frustration figure alone. */
static void warn_bipolar(const sdt_need_links *l, const sdt_stats *st)
{
	const sdt_need_link *k;
	size_t i;

	for (i = 0; l && i < l->n_links; i++) {
		k = &l->links[i];
		if (k->bipolar)
			cli_warn("%s and %s correlate r = %.2f over %zu respondents: they behave "
			         "as one bipolar scale; read the frustration figures with the "
			         "satisfaction ones, not on their own",
			         st->scales[k->satisfaction].id, st->scales[k->frustration].id,
			         k->satisfaction_frustration.r, l->n);
	}
}

static void table_drivers(FILE *fp, const sdt_stats *st, const sdt_drivers *d,
                          const sdt_instrument *ins);

void cli_stats_print(FILE *fp, const sdt_stats *st, const sdt_need_links *nl,
                     const sdt_drivers *dr, const sdt_instrument *ins, int json)
{
	sdt_stats_json_options jo = SDT_STATS_JSON_OPTIONS_INIT;

	warn_bipolar(nl, st);
	jo.needs = nl;
	jo.drivers = dr;
	jo.ins = ins;
	if (json) {
		sdt_stats_write_json(fp, st, &jo);
		return;
	}
	print_table(fp, st, NULL);
	if (dr)
		table_drivers(fp, st, dr, ins);
}

typedef struct stats_ctx {
	sdt_accum *acc;
	sdt_groupacc *gacc;  /* the teams' hierarchy, for their focus (json) */
	sdt_wave *wave;      /* the current wave, with --previous or --wave */
	sdt_bootstrap *boot; /* the answers, with --bootstrap */
} stats_ctx;

static int on_response(void *vctx, const sdt_response *r, const sdt_scores *s)
{
	stats_ctx *c = vctx;
	int err = sdt_accum_add(c->acc, r, s);

	if (!err && c->wave)
		err = sdt_wave_add(c->wave, r, s);
	if (!err && c->boot)
		err = sdt_bootstrap_add(c->boot, s);
	if (!err && c->gacc)
		err = sdt_groupacc_add(c->gacc, r, s);
	return err;
}

/* Read every input into acc: by threads (sdt_run_parallel) unless waves or
 * the bootstrap need each response in order. */
static int gather(stats_args *a, const sdt_instrument *ins, stats_ctx *ctx,
                  sdt_run_counts *counts, char **wave)
{
	if (!cli_waves_active(&a->waves) && !ctx->boot)
		return cli_run_inputs_accum(&a->in, ins, a->threads, ctx->acc, ctx->gacc,
		                            counts, wave);
	return cli_run_inputs(&a->in, ins, on_response, ctx, counts, wave);
}

/* --partial: the accumulators and counts, for `sdtscore merge`. */
static int write_partial(stats_args *a, const sdt_accum *acc,
                         const sdt_run_counts *counts)
{
	sdt_partial_info info = {*counts, a->opt.missing};

	return cli_write_partial(a->out, acc, &info);
}

/* Each published team's focus, from the groups of the same responses
 * (decided by the same engine as the report's): for a team whose group
 * is exactly its own members (not a department with sub-teams). Returns
 * 0 or an exit code (the error printed). */
static int team_focuses(sdt_focus **out, const sdt_stats *st, const sdt_groupacc *gacc,
                        const sdt_instrument *ins)
{
	sdt_groups_options go = SDT_GROUPS_OPTIONS_INIT;
	sdt_groups *g = NULL;
	sdt_focus *f = calloc(st->n_teams + 1, sizeof *f);
	sdt_groups_index *ix = NULL;
	size_t t;
	long k;
	int err = SDT_OK;

	go.min_group = st->min_group;
	go.alpha = 0.05;
	*out = f;
	if (!f) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	/* by an index: a scan per team was quadratic in ten thousand teams */
	if ((err = sdt_groups_compute(&g, gacc, &go)) != SDT_OK ||
	    (err = sdt_groups_index_new(&ix, g)) != SDT_OK) {
		sdt_groups_free(g);
		return cli_fail(err);
	}
	for (t = 0; t < st->n_teams && err == SDT_OK; t++) {
		k = sdt_groups_index_find(ix, st->teams[t].team);
		if (st->teams[t].suppressed || k <= 0 || g->groups[k].n != st->teams[t].n)
			continue;
		err = sdt_focus_compute(&f[t], g, (size_t)k, ins, NULL);
	}
	sdt_groups_index_free(ix);
	sdt_groups_free(g);
	return err ? cli_fail(err) : 0;
}

/* The drivers block under the text table. */
static void table_drivers(FILE *fp, const sdt_stats *st, const sdt_drivers *d,
                          const sdt_instrument *ins)
{
	size_t i;

	fprintf(fp, "\ndrivers of %s (n %zu, R2 ", d->outcome_item != SIZE_MAX
	        ? sdt_instrument_item_id(ins, d->outcome_item) : st->scales[d->outcome].id, d->n);
	num(fp, 0, d->r2);
	fputs(")\n  scale                     raw  rescaled\n", fp);
	for (i = 0; i < d->n_predictors; i++) {
		fprintf(fp, "  %-22.22s", st->scales[d->predictors[i]].id);
		num(fp, 8, d->raw[i]);
		num(fp, 10, d->rescaled[i]);
		fputc('\n', fp);
	}
}

/* Gather, compute and write; every resource is released on one path. */
static int run_stats(stats_args *a)
{
	sdt_instrument *ins = NULL;
	sdt_accum *acc = NULL;
	sdt_stats *st = NULL;
	sdt_run_counts counts;
	cli_output o = {0};
	stats_ctx ctx = {NULL, NULL, NULL, NULL};
	sdt_focus *focus = NULL;
	sdt_stats_json_options jo = SDT_STATS_JSON_OPTIONS_INIT;
	sdt_bootstrap_options bo = SDT_BOOTSTRAP_OPTIONS_INIT;
	sdt_drivers *drivers = NULL;
	sdt_need_links *links = NULL;
	size_t outcome = 0, pred[SDT_INSTRUMENT_MAX_SCALES], n_pred = 0;
	char *wave = NULL;
	int code, err;

	bo.replicates = a->bootstrap;
	bo.seed = a->seed;
	bo.missing = a->opt.missing;
	if ((code = cli_waves_prepare("stats", &a->waves, &a->in)) != 0 ||
	    (code = cli_load_instrument(&a->in, &ins)) != 0 ||
	    (code = cli_drivers_resolve("stats", a->outcome, a->predictors, ins, &outcome, pred,
	                                &n_pred)) != 0)
		goto done;
	if ((err = sdt_accum_new(&acc, ins)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	ctx.acc = acc;
	if (a->json && !a->partial && (err = sdt_groupacc_new(&ctx.gacc, ins)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if (a->bootstrap && (err = sdt_bootstrap_new(&ctx.boot, ins)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if (cli_waves_active(&a->waves)) {
		if ((code = cli_waves_run_previous(&a->waves, &a->in, ins)) != 0)
			goto done;
		ctx.wave = cli_waves_current(&a->waves);
	}
	if ((code = gather(a, ins, &ctx, &counts, &wave)) != 0 ||
	    (code = cli_waves_finish(&a->waves, wave)) != 0)
		goto done;
	if (a->partial) {
		code = write_partial(a, acc, &counts);
		goto done;
	}
	/* --rwg-sim's simulations run side by side too */
	a->opt.threads = a->threads ? a->threads : sdt_cpu_count();
	if ((err = sdt_stats_compute(&st, acc, &a->opt)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if ((code = cli_waves_changes(&a->waves, st)) != 0)
		goto done;
	if (ctx.boot && (err = sdt_bootstrap_run(ctx.boot, &bo, st)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if (ctx.gacc && (code = team_focuses(&focus, st, ctx.gacc, ins)) != 0)
		goto done;
	if (a->outcome && (err = cli_drivers_compute(&drivers, acc, ins, outcome, pred, n_pred,
	                                             a->min_driver_n)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if (drivers && ctx.boot && (err = sdt_drivers_bootstrap(drivers, ctx.boot, &bo)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	if ((err = sdt_need_links_compute(&links, acc, a->min_driver_n)) != 0) {
		code = cli_fail(err);
		goto done;
	}
	warn_bipolar(links, st);
	jo.waves = a->waves.cmp;
	jo.focus = focus;
	jo.ins = ins;
	jo.drivers = drivers;
	jo.needs = links;
	jo.careless = a->in.run.careless;
	jo.counts = &counts;
	if ((code = cli_output_open(&o, a->out)) != 0)
		goto done;
	if (a->json)
		sdt_stats_write_json(o.fp, st, &jo);
	else
		print_table(o.fp, st, &a->waves);
	if (!a->json && drivers)
		table_drivers(o.fp, st, drivers, ins);
	code = cli_output_commit(&o);
done:
	sdt_need_links_free(links);
	sdt_drivers_free(drivers);
	free(focus);
	sdt_groupacc_free(ctx.gacc);
	sdt_bootstrap_free(ctx.boot);
	sdt_free(wave);
	sdt_stats_free(st);
	sdt_accum_free(acc);
	sdt_instrument_free(ins);
	return code;
}

int cmd_stats(int argc, char **argv)
{
	stats_args a;
	int code;

	memset(&a, 0, sizeof a);
	cli_input_init(&a.in);
	a.opt = (sdt_stats_options)SDT_STATS_OPTIONS_INIT;
	a.opt.min_group = 5;
	a.seed = 1;
	code = cli_parse(&cli_spec_stats, &a, argc, argv);
	if (code == 0)
		code = cli_protection_check("stats", a.opt.min_group, a.opt.no_protection);
	if (code == 0 && a.partial && (a.bootstrap || cli_waves_active(&a.waves)))
		code = cli_usage_error("stats", "--partial cannot be combined with "
		                       "--bootstrap or waves: merge the shards first");
	if (code == 0 && a.partial && (a.in.run.careless & SDT_CARELESS_MAHALANOBIS))
		code = cli_usage_error("stats", "--partial writes shards; --exclude-careless "
		                       "mahalanobis judges each response against the whole sample: "
		                       "run it on the merged input");
	if (code == 0 && a.partial && a.outcome)
		code = cli_usage_error("stats", "--partial writes shards; drivers (--outcome) are "
		                       "computed from the whole wave");
	if (code == 0)
		code = cli_output_check(a.out);
	if (code == 0)
		code = run_stats(&a);
	else if (code == CLI_PARSED_HELP)
		code = CLI_EXIT_OK;
	cli_input_free(&a.in);
	cli_waves_free(&a.waves);
	return code;
}
