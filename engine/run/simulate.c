/*
 * simulate.c - synthetic responses from a multilevel factor model (see
 * sdt_simulate.h for the model). One GSL mt19937 stream drives every draw,
 * in a fixed order, so a seed reproduces the output exactly.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "internal.h"

/* Latent correlations: every scale loads SIM_GENERAL on a general factor
 * and, when it has a need, SIM_NEED on that need's factor. Two satisfaction
 * scales of different needs then correlate 0.55^2 = 0.30; satisfaction and
 * frustration of one need -(0.30 + 0.45^2) = -0.50: moderate, as in
 * published BPNSFS data. */
#define SIM_GENERAL 0.55
#define SIM_NEED 0.45
/* Thresholds sit this far (in SD) below the equal-probability cuts, so
 * answers lean a little to the agreeing side, as real surveys do. */
#define SIM_SHIFT 0.25
/* A share of teams gets 1..SIM_SMALL_MAX members, so that anonymity
 * thresholds have something to suppress; only when there are at least
 * SIM_BIG_MIN respondents a team, else small teams arise by themselves. */
#define SIM_SMALL_SHARE 0.15
#define SIM_SMALL_MAX 4
#define SIM_BIG_MIN 5
/* Gamma shape of the big teams' relative sizes: a coefficient of variation
 * of 1/sqrt(2), from a handful to a few times the mean. */
#define SIM_SIZE_SHAPE 2.0
/* gsl_ran_multinomial counts in unsigned int, and ids stay readable. */
#define SIM_MAX_RESPONDENTS 1000000000UL
#define SIM_PATH_MAX 64
#define SIM_N_NEEDS 4

static const char *const sim_departments[] = {
	"Engineering", "Sales", "Care", "Operations"
};
#define SIM_N_DEPARTMENTS (sizeof sim_departments / sizeof sim_departments[0])

struct sdt_simulator {
	const sdt_instrument *ins;
	sdt_simulate_options opt;
	gsl_rng *rng;
	gsl_rng *rng_outcome; /* outcome items: their own stream, so adding one
	                         to an instrument leaves the other answers as
	                         the same seed gave them before */
	size_t n_items, n_scales, n_teams, n_points;
	long *item_scale;    /* first scale holding each item, or -1 */
	double *sign;        /* per scale: +1, or -1 for frustration */
	int *need;           /* per scale: sdt_need */
	double *cuts;        /* n_points - 1 ascending thresholds */
	double *team_effect; /* n_teams x n_scales */
	char *paths;         /* n_teams slots of SIM_PATH_MAX */
	size_t *size;        /* planned team sizes */
	size_t *tree;        /* Fenwick tree of places left per team, 1-based */
	size_t left, done, id_width;
	double *latent;      /* per scale, scratch */
	int *values;         /* per item */
	const char **attr_names, **attr_values;
	char id[32];
	sdt_simulate_response resp;
};

void sdt_simulate_options_init(sdt_simulate_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->icc = 0.1;
	opt->loading = 0.7;
	opt->missing = 0.02;
	opt->careless = 0.01;
	opt->seed = 1;
	opt->version = SDT_SIMULATE_OPTIONS_VERSION;
}

static int sim_check_attributes(const sdt_simulate_options *o)
{
	size_t i, j;

	for (i = 0; i < o->n_attributes; i++) {
		const sdt_simulate_attribute *a = &o->attributes[i];

		if (!a->name || !a->name[0])
			return sdt_fail(SDT_EUSAGE, "simulate: attribute %zu has no name", i + 1);
		if (!a->values || a->n_values == 0)
			return sdt_fail(SDT_EUSAGE, "simulate: attribute '%s' has no values", a->name);
		for (j = 0; j < a->n_values; j++)
			if (!a->values[j] || !a->values[j][0])
				return sdt_fail(SDT_EUSAGE, "simulate: attribute '%s' has an empty value",
				                a->name);
	}
	return SDT_OK;
}

/* The `!(x >= lo)` forms also reject NaN. */
static int sim_check_options(const sdt_simulate_options *o)
{
	int rc = SDT_CHECK_OPTIONS(o, sdt_simulate_options, SDT_SIMULATE_OPTIONS);

	if (rc != SDT_OK)
		return rc;
	if (o->respondents < 1)
		return sdt_fail(SDT_EUSAGE, "simulate: the number of respondents must be at least 1");
	if (o->respondents > SIM_MAX_RESPONDENTS)
		return sdt_fail(SDT_ELIMIT, "simulate: at most %lu respondents",
		                SIM_MAX_RESPONDENTS);
	if (o->teams < 1 || o->teams > o->respondents)
		return sdt_fail(SDT_EUSAGE, "simulate: the number of teams must be between 1 and "
		                "the number of respondents (%zu)", o->respondents);
	if (!(o->icc >= 0.0 && o->icc < 1.0))
		return sdt_fail(SDT_EUSAGE, "simulate: icc must be at least 0 and below 1");
	if (!(o->loading > 0.0 && o->loading <= 1.0))
		return sdt_fail(SDT_EUSAGE, "simulate: loading must be above 0 and at most 1");
	if (!(o->missing >= 0.0 && o->missing < 1.0))
		return sdt_fail(SDT_EUSAGE, "simulate: missing must be at least 0 and below 1");
	if (!(o->careless >= 0.0 && o->careless <= 1.0))
		return sdt_fail(SDT_EUSAGE, "simulate: careless must be between 0 and 1");
	return sim_check_attributes(o);
}

/* Amotivation is not a frustration scale, but it runs against the other
 * motivation scales, so it loads negatively too. */
static double sim_scale_sign(const sdt_instrument *ins, size_t s)
{
	if (sdt_instrument_scale_valence(ins, s) == SDT_VALENCE_FRUSTRATION)
		return -1.0;
	if (strcmp(sdt_instrument_scale_id(ins, s), "amotivation") == 0)
		return -1.0;
	return 1.0;
}

static void sim_describe_instrument(sdt_simulate *sim)
{
	const sdt_instrument *ins = sim->ins;
	size_t i, s, j;

	for (i = 0; i < sim->n_items; i++)
		sim->item_scale[i] = -1;
	for (s = sim->n_scales; s-- > 0;) {
		/* Walking scales backwards leaves each item with its first scale. */
		for (j = 0; j < sdt_instrument_scale_item_count(ins, s); j++)
			sim->item_scale[sdt_instrument_scale_item(ins, s, j)] = (long)s;
		sim->sign[s] = sim_scale_sign(ins, s);
		sim->need[s] = (int)sdt_instrument_scale_need(ins, s);
	}
	for (j = 1; j < sim->n_points; j++)
		sim->cuts[j - 1] = gsl_cdf_ugaussian_Pinv((double)j / (double)sim->n_points)
		                   - SIM_SHIFT;
}

/* One standard-normal latent value per scale, correlated as described at
 * SIM_GENERAL. The need factors are drawn even when unused so that the
 * number of draws does not depend on the instrument's needs. */
static void sim_draw_latent(sdt_simulate *sim, double *z)
{
	double g = gsl_ran_ugaussian(sim->rng), f[SIM_N_NEEDS];
	size_t s, k;

	for (k = 1; k < SIM_N_NEEDS; k++)
		f[k] = gsl_ran_ugaussian(sim->rng);
	for (s = 0; s < sim->n_scales; s++) {
		double common = SIM_GENERAL * g, rest = 1.0 - SIM_GENERAL * SIM_GENERAL;
		int need = sim->need[s];

		if (need > 0 && need < SIM_N_NEEDS) {
			common += SIM_NEED * f[need];
			rest -= SIM_NEED * SIM_NEED;
		}
		z[s] = sim->sign[s] * common + sqrt(rest) * gsl_ran_ugaussian(sim->rng);
	}
}

/* Every team gets at least one member; a share of them is capped at
 * SIM_SMALL_MAX; the rest of the respondents go to the other teams in
 * proportion to gamma-distributed weights. */
static int sim_team_sizes(sdt_simulate *sim)
{
	size_t T = sim->n_teams, N = sim->opt.respondents, n_small = 0, used = 0, i;
	double *w = NULL;
	unsigned int *n = NULL;
	int rc = SDT_OK;

	if (T >= 2 && N >= SIM_BIG_MIN * T)
		n_small = (size_t)ceil(SIM_SMALL_SHARE * (double)T);
	w = sdt_calloc(T, sizeof *w);
	n = sdt_calloc(T, sizeof *n);
	if (!w || !n) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (i = 0; i < T; i++) {
		sim->size[i] = i < n_small ? 1 + gsl_rng_uniform_int(sim->rng, SIM_SMALL_MAX) : 1;
		used += sim->size[i];
		w[i] = i < n_small ? 0.0 : gsl_ran_gamma(sim->rng, SIM_SIZE_SHAPE, 1.0);
	}
	gsl_ran_multinomial(sim->rng, T, (unsigned int)(N - used), w, n);
	for (i = 0; i < T; i++)
		sim->size[i] += n[i];
	/* Small teams should not all be the first ones. */
	gsl_ran_shuffle(sim->rng, sim->size, T, sizeof *sim->size);
done:
	sdt_free(w);
	sdt_free(n);
	return rc;
}

static void sim_tree_add(sdt_simulate *sim, size_t team, size_t delta, int sub)
{
	size_t i;

	for (i = team + 1; i <= sim->n_teams; i += i & (~i + 1))
		sim->tree[i] = sub ? sim->tree[i] - delta : sim->tree[i] + delta;
}

/* The team holding the r-th (from 0) of the places left. */
static size_t sim_tree_find(const sdt_simulate *sim, size_t r)
{
	size_t pos = 0, step = 1;

	while (step * 2 <= sim->n_teams)
		step *= 2;
	for (; step > 0; step /= 2) {
		if (pos + step <= sim->n_teams && sim->tree[pos + step] <= r) {
			pos += step;
			r -= sim->tree[pos];
		}
	}
	return pos;
}

static size_t sim_digits(size_t n)
{
	size_t d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* Paths, sizes, the draw tree and each team's latent effects. */
static int sim_layout_teams(sdt_simulate *sim)
{
	size_t t, width = sim_digits(sim->n_teams);
	int rc;

	if (width < 2)
		width = 2;
	rc = sim_team_sizes(sim);
	if (rc)
		return rc;
	for (t = 0; t < sim->n_teams; t++) {
		const char *dept = sim_departments[gsl_rng_uniform_int(sim->rng, SIM_N_DEPARTMENTS)];

		snprintf(sim->paths + t * SIM_PATH_MAX, SIM_PATH_MAX, "Org/%s/Team %0*zu", dept,
		         (int)width, t + 1);
		sim_tree_add(sim, t, sim->size[t], 0);
		sim_draw_latent(sim, sim->team_effect + t * sim->n_scales);
	}
	sim->left = sim->opt.respondents;
	return SDT_OK;
}

static int sim_alloc(sdt_simulate *sim)
{
	size_t T = sim->n_teams, S = sim->n_scales, A = sim->opt.n_attributes;

	sim->item_scale = sdt_calloc(sim->n_items, sizeof *sim->item_scale);
	sim->sign = sdt_calloc(S, sizeof *sim->sign);
	sim->need = sdt_calloc(S, sizeof *sim->need);
	sim->cuts = sdt_calloc(sim->n_points, sizeof *sim->cuts);
	sim->team_effect = sdt_calloc(T * S, sizeof *sim->team_effect);
	sim->paths = sdt_calloc(T, SIM_PATH_MAX);
	sim->size = sdt_calloc(T, sizeof *sim->size);
	sim->tree = sdt_calloc(T + 1, sizeof *sim->tree);
	sim->latent = sdt_calloc(S, sizeof *sim->latent);
	sim->values = sdt_calloc(sim->n_items, sizeof *sim->values);
	sim->attr_names = sdt_calloc(A, sizeof *sim->attr_names);
	sim->attr_values = sdt_calloc(A, sizeof *sim->attr_values);
	sim->rng = gsl_rng_alloc(gsl_rng_mt19937);
	sim->rng_outcome = gsl_rng_alloc(gsl_rng_mt19937);
	if (!sim->item_scale || !sim->sign || !sim->need ||
	    !sim->cuts || !sim->team_effect || !sim->paths || !sim->size || !sim->tree ||
	    !sim->latent || !sim->values || !sim->attr_names || !sim->attr_values || !sim->rng ||
	    !sim->rng_outcome)
		return sdt_fail_nomem();
	return SDT_OK;
}

static int simulate_new_run(sdt_simulate **out, const sdt_instrument *ins,
                            const sdt_simulate_options *opt)
{
	sdt_simulate *sim = NULL;
	size_t a;
	int rc;

	*out = NULL;
	/* GSL's default handler aborts; the engine reports errors instead. */
	rc = sim_check_options(opt);
	if (rc)
		goto done;
	sim = sdt_calloc(1, sizeof *sim);
	if (!sim) {
		rc = sdt_fail_nomem();
		goto done;
	}
	sim->ins = ins;
	sim->opt = *opt;
	sim->n_items = sdt_instrument_item_count(ins);
	sim->n_scales = sdt_instrument_scale_count(ins);
	sim->n_teams = opt->teams;
	sim->n_points = (size_t)(sdt_instrument_max(ins) - sdt_instrument_min(ins) + 1);
	sim->id_width = sim_digits(opt->respondents) < 6 ? 6 : sim_digits(opt->respondents);
	rc = sim_alloc(sim);
	if (rc)
		goto done;
	for (a = 0; a < opt->n_attributes; a++)
		sim->attr_names[a] = opt->attributes[a].name;
	gsl_rng_set(sim->rng, opt->seed);
	gsl_rng_set(sim->rng_outcome, opt->seed ^ 0x5eedUL);
	sim_describe_instrument(sim);
	rc = sim_layout_teams(sim);
done:
	if (rc) {
		sdt_simulate_free(sim);
		sim = NULL;
	}
	*out = sim;
	return rc;
}

int sdt_simulate_new(sdt_simulate **out, const sdt_instrument *ins,
                     const sdt_simulate_options *opt)
{
	/* GSL etiquette: its errors are checked here, never sent to the
	 * caller's handler, which is left as it was; the options, their
	 * version first, are checked by simulate_new_run */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int rc = simulate_new_run(out, ins, opt);

	gsl_set_error_handler(old);
	return rc;
}

/* An item's normal value cut into the response scale, reverse keyed. */
static int sim_answer(const sdt_simulate *sim, size_t item, double y)
{
	int lo = sdt_instrument_min(sim->ins), hi = sdt_instrument_max(sim->ins);
	int x = lo;
	size_t k;

	for (k = 0; k + 1 < sim->n_points; k++)
		if (y > sim->cuts[k])
			x++;
	return sdt_instrument_item_reverse(sim->ins, item) ? lo + hi - x : x;
}

/* An outcome item follows the respondent's mean latent (frustration
 * counted the other way), cut evenly into its own scale. */
static int sim_outcome(sdt_simulate *sim, size_t item)
{
	int lo = sdt_instrument_item_min(sim->ins, item), hi = sdt_instrument_item_max(sim->ins, item);
	double m = 0.0, y;
	size_t s;
	int x;

	for (s = 0; s < sim->n_scales; s++)
		m += sim->sign[s] * sim->latent[s];
	m = sim->n_scales ? m / sqrt((double)sim->n_scales) : 0.0;
	y = 0.6 * m + 0.8 * gsl_ran_ugaussian(sim->rng_outcome);
	x = lo + (int)floor(gsl_cdf_ugaussian_P(y) * (double)(hi - lo + 1));
	if (gsl_rng_uniform(sim->rng_outcome) < sim->opt.missing)
		return SDT_MISSING;
	return x > hi ? hi : x;
}

static void sim_draw_answers(sdt_simulate *sim, int careless)
{
	double l = sim->opt.loading, e = sqrt(1.0 - l * l);
	int point = sdt_instrument_min(sim->ins);
	size_t i;

	if (careless)
		point += (int)gsl_rng_uniform_int(sim->rng, sim->n_points);
	for (i = 0; i < sim->n_items; i++) {
		long s = sim->item_scale[i];
		double eta, y;

		if (sdt_instrument_item_type(sim->ins, i) != SDT_ITEM_LIKERT) {
			sim->values[i] = sdt_instrument_item_type(sim->ins, i) == SDT_ITEM_OUTCOME
			                 ? sim_outcome(sim, i) : SDT_MISSING;
			continue;
		}
		if (careless) {
			/* Straight-lining: one point everywhere, nothing skipped. */
			sim->values[i] = point;
			continue;
		}
		/* An item outside every scale measures nothing in particular. */
		eta = s >= 0 ? sim->latent[s] : gsl_ran_ugaussian(sim->rng);
		y = l * eta + e * gsl_ran_ugaussian(sim->rng);
		sim->values[i] = sim_answer(sim, i, y);
		if (gsl_rng_uniform(sim->rng) < sim->opt.missing)
			sim->values[i] = SDT_MISSING;
	}
}

static int simulate_next_run(sdt_simulate *sim, const sdt_simulate_response **resp)
{
	double wt = sqrt(sim->opt.icc), wp = sqrt(1.0 - sim->opt.icc);
	const double *team_z;
	size_t t, s, a;
	int careless;

	*resp = NULL;
	if (sim->left == 0)
		return SDT_OK;
	t = sim_tree_find(sim, gsl_rng_uniform_int(sim->rng, sim->left));
	sim_tree_add(sim, t, 1, 1);
	sim->left--;
	sim->done++;
	team_z = sim->team_effect + t * sim->n_scales;
	sim_draw_latent(sim, sim->latent);
	for (s = 0; s < sim->n_scales; s++)
		sim->latent[s] = wt * team_z[s] + wp * sim->latent[s];
	careless = gsl_rng_uniform(sim->rng) < sim->opt.careless;
	for (a = 0; a < sim->opt.n_attributes; a++) {
		const sdt_simulate_attribute *at = &sim->opt.attributes[a];

		sim->attr_values[a] = at->values[gsl_rng_uniform_int(sim->rng, at->n_values)];
	}
	sim_draw_answers(sim, careless);
	snprintf(sim->id, sizeof sim->id, "r%0*zu", (int)sim->id_width, sim->done);
	sim->resp.id = sim->id;
	sim->resp.team = sim->paths + t * SIM_PATH_MAX;
	sim->resp.n_attributes = sim->opt.n_attributes;
	sim->resp.attr_names = sim->attr_names;
	sim->resp.attr_values = sim->attr_values;
	sim->resp.values = sim->values;
	sim->resp.n_values = sim->n_items;
	sim->resp.careless = careless;
	*resp = &sim->resp;
	return SDT_OK;
}

int sdt_simulate_next(sdt_simulate *sim, const sdt_simulate_response **resp)
{
	/* GSL etiquette: its errors are checked here, never sent to the
	 * caller's handler, which is left as it was */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int rc = simulate_next_run(sim, resp);

	gsl_set_error_handler(old);
	return rc;
}

size_t sdt_simulate_team_count(const sdt_simulate *sim)
{
	return sim->n_teams;
}

const char *sdt_simulate_team_path(const sdt_simulate *sim, size_t i)
{
	return i < sim->n_teams ? sim->paths + i * SIM_PATH_MAX : NULL;
}

size_t sdt_simulate_team_size(const sdt_simulate *sim, size_t i)
{
	return i < sim->n_teams ? sim->size[i] : 0;
}

void sdt_simulate_free(sdt_simulate *sim)
{
	if (!sim)
		return;
	if (sim->rng)
		gsl_rng_free(sim->rng);
	if (sim->rng_outcome)
		gsl_rng_free(sim->rng_outcome);
	SDT_FREE_ALL(sim->item_scale, sim->sign, sim->need, sim->cuts, sim->team_effect,
	             sim->paths, sim->size, sim->tree, sim->latent, sim->values, sim->attr_names,
	             sim->attr_values, sim);
}
