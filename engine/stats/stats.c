/*
 * stats.c - turning an accumulator into the public sdt_stats: covariance
 * matrices from the moments, reliability and item figures per scale,
 * agreement per team, and a warning for every figure left undefined.
 */
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "internal.h"
#include "psychometrics.h"

/* The public struct and the strings it owns that its const fields
 * cannot free (team names, copied so the stats outlive the accumulator). */
typedef struct stats_box {
	sdt_stats st; /* first, so sdt_stats * and stats_box * convert */
	char **names;
} stats_box;

int sdt_scale_warn(sdt_scale_stats *sc, const char *fmt, ...)
{
	char buf[512], **nw, *w;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	nw = sdt_reallocarray(sc->warnings, sc->n_warnings + 1, sizeof *nw);
	if (!nw)
		return sdt_fail_nomem();
	sc->warnings = nw;
	w = sdt_strdup(buf);
	if (!w)
		return sdt_fail_nomem();
	sc->warnings[sc->n_warnings++] = w;
	return SDT_OK;
}

static const char *item_id(const sdt_accum *a, size_t s, size_t j)
{
	return sdt_instrument_item_id(a->ins, a->scale_item[a->scale_off[s] + j]);
}

/* Pairwise-complete C (R's cov(use = "pairwise")): the diagonal from
 * each item's answers, each off-diagonal entry from the rows where both
 * items are present, with the means over those rows. */
static void pairwise_cov(const sdt_accum *a, size_t s, double *c)
{
	size_t off = a->scale_off[s], k = a->scale_off[s + 1] - off, i, j;
	const sdt_comom *p = a->pair + a->pair_off[s];

	for (i = 0; i < k; i++) {
		c[i * k + i] = sdt_mom_var(&a->item[a->scale_item[off + i]]);
		for (j = i + 1; j < k; j++, p++) {
			c[i * k + j] = p->n >= 2.0 ? p->cxy / (p->n - 1.0) : NAN;
			c[j * k + i] = c[i * k + j];
		}
	}
}

/* C over complete rows only; returns their count. */
static double listwise_cov(const sdt_accum *a, size_t s, double *c)
{
	size_t k = a->scale_off[s + 1] - a->scale_off[s], i;
	const double *lw = a->lw + a->lw_off[s];
	double n = lw[0];

	for (i = 0; i < k * k; i++)
		c[i] = n >= 2.0 ? lw[1 + k + i] / (n - 1.0) : NAN;
	return n;
}

/* Warnings naming the items or pairs that leave C undefined or R
 * without a diagonal. */
static int data_warnings(sdt_scale_stats *sc, const sdt_accum *a, size_t s,
                         const double *c, size_t k, sdt_missing_mode mode)
{
	size_t i, j;
	int rc = SDT_OK;

	if (mode == SDT_MISSING_LISTWISE && isnan(c[0]))
		return sdt_scale_warn(sc, "fewer than two rows answer every item (listwise): "
		            "reliability figures are undefined");
	for (i = 0; i < k && !rc; i++) {
		if (isnan(c[i * k + i]))
			rc = sdt_scale_warn(sc, "item '%s' has fewer than two answers: "
			          "reliability figures are undefined", item_id(a, s, i));
		else if (c[i * k + i] == 0.0)
			rc = sdt_scale_warn(sc, "item '%s' has zero variance: alpha_std, lambda6, "
			          "average_r, median_r, omega_total, spearman_brown and "
			          "its r_drop are undefined", item_id(a, s, i));
	}
	for (i = 0; i < k && !rc; i++)
		for (j = i + 1; j < k && !rc; j++)
			if (!isnan(c[i * k + i]) && !isnan(c[j * k + j])
			    && isnan(c[i * k + j]))
				rc = sdt_scale_warn(sc, "items '%s' and '%s' have fewer than two rows "
				          "in common: reliability figures are undefined",
				          item_id(a, s, i), item_id(a, s, j));
	return rc;
}

/* One warning per remaining reason in the reliability flags. */
static int flag_warnings(sdt_scale_stats *sc, unsigned f)
{
	static const struct {
		unsigned flag;
		const char *text;
	} msg[] = {
		{SDT_REL_ONE_ITEM, "single-item scale: reliability figures are undefined"},
		{SDT_REL_TWO_ITEMS, "two-item scale: alpha_if_deleted and omega_total "
		 "are undefined (spearman_brown is given instead)"},
		{SDT_REL_ZERO_TOTAL, "the total score variance is not positive: alpha, "
		 "lambda2 and alpha_se are undefined"},
		{SDT_REL_SINGULAR, "the item correlation matrix is singular: lambda6 "
		 "and omega_total are undefined"},
		{SDT_REL_NOT_PD, "the item correlation matrix is not positive definite "
		 "(pairwise missing data): omega_total is undefined"},
		{SDT_REL_NO_FIT, "the one-factor fit did not converge: omega_total is "
		 "undefined"},
		{SDT_REL_HEYWOOD, "Heywood case: an item's uniqueness is at the 0.005 "
		 "bound of the one-factor fit behind omega_total"},
		{SDT_REL_SMC_CLAMPED, "a squared multiple correlation fell outside 0..1 (the "
		 "pairwise correlation matrix is not positive definite) and was clamped, as "
		 "psych does: lambda6 is approximate"},
	};
	size_t i;
	int rc = SDT_OK;

	for (i = 0; i < sizeof msg / sizeof msg[0] && !rc; i++)
		if (f & msg[i].flag)
			rc = sdt_scale_warn(sc, "%s", msg[i].text);
	return rc;
}

static void copy_reliability(sdt_scale_stats *sc, const sdt_reliability *r)
{
	sc->alpha = r->alpha;
	sc->alpha_std = r->alpha_std;
	sc->alpha_ci[0] = r->alpha_ci[0];
	sc->alpha_ci[1] = r->alpha_ci[1];
	sc->alpha_se = r->alpha_se;
	sc->lambda2 = r->lambda2;
	sc->lambda6 = r->lambda6;
	sc->average_r = r->average_r;
	sc->median_r = r->median_r;
	sc->omega_total = r->omega_total;
	sc->spearman_brown = r->spearman_brown;
	/* sd * sqrt(1 - alpha): undefined with either; alpha above 1 can only
	 * come from a non-PSD pairwise C. */
	sc->sem = 1.0 - sc->alpha >= 0.0 ? sc->sd * sqrt(1.0 - sc->alpha) : NAN;
}

/* Descriptives of the scale score and of each item. */
static int describe(sdt_scale_stats *sc, const sdt_accum *a, size_t s)
{
	size_t off = a->scale_off[s], k = a->scale_off[s + 1] - off, j;
	const sdt_mom *m;

	/* No bootstrap until sdt_bootstrap_run() fills these. */
	sc->has_boot = 0;
	sc->alpha_ci_boot[0] = sc->alpha_ci_boot[1] = NAN;
	sc->omega_ci_boot[0] = sc->omega_ci_boot[1] = NAN;
	sc->id = sdt_instrument_scale_id(a->ins, s);
	sc->n = (size_t)a->score[s].n;
	/* the accumulator's means are relative to the scale minimum */
	sc->mean = sc->n ? a->lo + a->score[s].mean : NAN;
	sc->sd = sdt_mom_sd(&a->score[s]);
	sc->n_items = k;
	sc->items = sdt_calloc(k, sizeof *sc->items);
	if (!sc->items)
		return sdt_fail_nomem();
	for (j = 0; j < k; j++) {
		m = &a->item[a->scale_item[off + j]];
		sc->items[j].id = item_id(a, s, j);
		sc->items[j].n = (size_t)m->n;
		sc->items[j].mean = m->n > 0.0 ? a->lo + m->mean : NAN;
		sc->items[j].sd = sdt_mom_sd(m);
	}
	if (sc->n == 0)
		return sdt_scale_warn(sc, "no respondent has a score on this scale: mean, sd "
		            "and sem are undefined");
	return SDT_OK;
}

/* ICC(1), ICC(2) over the teams' score moments, with the reason when
 * they are undefined. `groups` is n_teams scratch. */
static int scale_icc(sdt_scale_stats *sc, const sdt_accum *a, size_t s,
                     sdt_mom *groups)
{
	size_t t, g = 0, n = 0;

	for (t = 0; t < a->n_teams; t++) {
		groups[t] = a->team_mom[t * a->stride + s];
		g += groups[t].n > 0.0;
		n += (size_t)groups[t].n;
	}
	sdt_icc(groups, a->n_teams, &sc->icc1, &sc->icc2);
	if (!isnan(sc->icc1))
		return SDT_OK;
	if (g < 2)
		return sdt_scale_warn(sc, "fewer than two teams have scores: icc1 and icc2 are "
		            "undefined");
	if (n == g)
		return sdt_scale_warn(sc, "every team has one scored respondent: no within-team "
		            "variance, icc1 and icc2 are undefined");
	return sdt_scale_warn(sc, "no variance between team means: icc1 and icc2 are "
	            "undefined");
}

/* Figures that came out undefined for a reason no flag names: every null
 * in the JSON has a warning that says why. */
static int null_warnings(sdt_scale_stats *sc, size_t k)
{
	int rc = SDT_OK;

	if (!isfinite(sc->alpha_std) && !isnan(sc->average_r))
		rc = sdt_scale_warn(sc, "the item correlations sum to zero or less: alpha_std is "
		                    "undefined");
	if (!rc && k == 2 && !isfinite(sc->spearman_brown) && !isnan(sc->average_r))
		rc = sdt_scale_warn(sc, "the two items correlate -1: spearman_brown is undefined");
	if (!isfinite(sc->alpha_std))
		sc->alpha_std = NAN;
	if (!isfinite(sc->spearman_brown))
		sc->spearman_brown = NAN;
	return rc;
}

static int scale_stats(sdt_scale_stats *sc, const sdt_accum *a, size_t s,
                       const sdt_stats_options *opt, double *buf,
                       sdt_mom *groups)
{
	size_t k = a->scale_off[s + 1] - a->scale_off[s], j;
	double *c = buf, *lwc = c + k * k, *r_drop = lwc + k * k, *aid = r_drop + k;
	double n_obs = a->rows;
	int listwise = opt->missing == SDT_MISSING_LISTWISE, rc;
	sdt_reliability rel;

	rc = describe(sc, a, s);
	if (rc)
		return rc;
	pairwise_cov(a, s, c);
	sc->listwise_n = (size_t)listwise_cov(a, s, lwc);
	sc->listwise_alpha = sdt_alpha_cov(lwc, k);
	if (listwise) {
		c = lwc;
		n_obs = (double)sc->listwise_n;
	}
	rc = sdt_reliability_compute(c, k, n_obs, &rel, r_drop, aid);
	if (rc)
		return rc;
	copy_reliability(sc, &rel);
	for (j = 0; j < k; j++) {
		sc->items[j].r_drop = r_drop[j];
		sc->items[j].alpha_if_deleted = aid[j];
	}
	if (k >= 2 && sc->n > 0)
		rc = data_warnings(sc, a, s, c, k, opt->missing);
	if (!rc)
		rc = flag_warnings(sc, rel.flags);
	if (!rc && (rel.flags & SDT_REL_NEGATIVE))
		rc = sdt_scale_warn(sc, "alpha is negative (%.3f): items may be miskeyed or "
		          "measure different things", sc->alpha);
	if (!rc)
		rc = null_warnings(sc, k);
	for (j = 0; j < k && !rc; j++)
		if (sc->items[j].r_drop < 0.0)
			rc = sdt_scale_warn(sc, "item '%s' correlates negatively with the rest of the "
			                    "scale (r_drop %.3f): a reverse-keyed item the instrument "
			                    "does not declare?", sc->items[j].id, sc->items[j].r_drop);
	return rc ? rc : scale_icc(sc, a, s, groups);
}

static int all_scales(sdt_stats *st, const sdt_accum *a,
                      const sdt_stats_options *opt)
{
	double *buf;
	sdt_mom *groups;
	size_t s;
	int rc = SDT_OK;

	st->n_scales = a->n_scales;
	st->scales = sdt_calloc(a->n_scales, sizeof *st->scales);
	buf = sdt_calloc(2 * a->k_max * a->k_max + 2 * a->k_max + 1, sizeof *buf);
	groups = sdt_calloc(a->n_teams + 1, sizeof *groups);
	if (!st->scales || !buf || !groups) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (s = 0; s < a->n_scales && !rc; s++)
		rc = scale_stats(&st->scales[s], a, s, opt, buf, groups);
done:
	sdt_free(buf);
	sdt_free(groups);
	return rc;
}

static int all_composites(sdt_stats *st, const sdt_accum *a)
{
	size_t c;

	st->n_composites = a->n_comp;
	st->composites = sdt_calloc(a->n_comp, sizeof *st->composites);
	if (!st->composites)
		return sdt_fail_nomem();
	for (c = 0; c < a->n_comp; c++) {
		st->composites[c].id = sdt_instrument_composite_id(a->ins, c);
		st->composites[c].n = (size_t)a->comp[c].n;
		st->composites[c].mean = a->comp[c].n > 0.0 ? a->lo + a->comp[c].mean : NAN;
		st->composites[c].sd = sdt_mom_sd(&a->comp[c]);
	}
	return SDT_OK;
}

/* Simulated rwg(j) cutoffs by (complete rows, items): teams of one size
 * share one simulation. */
typedef struct cut_cache {
	size_t n, cap;
	struct cut { size_t rows, items; double cut; } *e;
	size_t reps; /* draws per cutoff; 0: none */
} cut_cache;

static int cutoff(cut_cache *c, size_t rows, size_t items, size_t a_points, double *out)
{
	struct cut *e;
	size_t i;
	int rc;

	for (i = 0; i < c->n; i++)
		if (c->e[i].rows == rows && c->e[i].items == items) {
			*out = c->e[i].cut;
			return SDT_OK;
		}
	if ((rc = sdt_rwg_null_cutoff(out, rows, items, a_points, c->reps)) != SDT_OK)
		return rc;
	if (c->n == c->cap) {
		if (!(e = sdt_reallocarray(c->e, c->cap ? c->cap * 2 : 16, sizeof *e)))
			return sdt_fail_nomem();
		c->e = e;
		c->cap = c->cap ? c->cap * 2 : 16;
	}
	c->e[c->n++] = (struct cut){rows, items, *out};
	return SDT_OK;
}

/* At most this many threads simulate cutoffs. */
#define SDT_STATS_MAX_FILL 64

/* Every cutoff the teams shown will need, worked out before them by up
 * to `threads` threads: each simulation is a pure function of its
 * arguments (a fixed seed), so they run side by side. */
typedef struct cut_fill {
	cut_cache *c;
	size_t a_points, first, step;
	int rc;
} cut_fill;

static void *fill_some(void *arg)
{
	cut_fill *f = arg;
	size_t i;

	for (i = f->first; i < f->c->n && f->rc == SDT_OK; i += f->step)
		f->rc = sdt_rwg_null_cutoff(&f->c->e[i].cut, f->c->e[i].rows, f->c->e[i].items,
		                            f->a_points, f->c->reps);
	return NULL;
}

static int cut_want(cut_cache *c, size_t rows, size_t items)
{
	struct cut *e;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->e[i].rows == rows && c->e[i].items == items)
			return SDT_OK;
	if (c->n == c->cap) {
		if (!(e = sdt_reallocarray(c->e, c->cap ? c->cap * 2 : 16, sizeof *e)))
			return sdt_fail_nomem();
		c->e = e;
		c->cap = c->cap ? c->cap * 2 : 16;
	}
	c->e[c->n++] = (struct cut){rows, items, NAN};
	return SDT_OK;
}

static int run_fill(cut_cache *c, size_t a_points, size_t threads)
{
	pthread_t tid[SDT_STATS_MAX_FILL];
	cut_fill f[SDT_STATS_MAX_FILL];
	int started[SDT_STATS_MAX_FILL];
	size_t k;
	int rc = SDT_OK;

	for (k = 0; k < threads; k++)
		f[k] = (cut_fill){c, a_points, k, threads, SDT_OK};
	for (k = 1; k < threads; k++)
		started[k] = pthread_create(&tid[k], NULL, fill_some, &f[k]) == 0;
	fill_some(&f[0]);
	for (k = 1; k < threads; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			fill_some(&f[k]);
	}
	/* the simulations fail only for memory; messages are per thread */
	for (k = 0; k < threads && rc == SDT_OK; k++)
		if (f[k].rc != SDT_OK)
			rc = sdt_fail_nomem();
	return rc;
}

static int prefill_cutoffs(cut_cache *c, const sdt_accum *a, const unsigned char *shown,
                           size_t threads)
{
	const sdt_mom *tm;
	size_t t, s;
	int rc = SDT_OK;

	if (threads > SDT_STATS_MAX_FILL)
		threads = SDT_STATS_MAX_FILL;
	if (!c->reps || threads < 2)
		return SDT_OK;
	for (t = 0; t < a->n_teams && rc == SDT_OK; t++) {
		tm = a->team_mom + t * a->stride;
		for (s = 0; shown[t] && s < a->n_scales && rc == SDT_OK; s++)
			if (tm[a->n_scales + a->scale_off[s]].n >= 2.0)
				rc = cut_want(c, (size_t)tm[a->n_scales + a->scale_off[s]].n,
				              a->scale_off[s + 1] - a->scale_off[s]);
	}
	return rc == SDT_OK ? run_fill(c, (size_t)(a->hi - a->lo + 1.0), threads) : rc;
}

/* Figures of team t (accumulator index) on every scale. */
static int team_scales(sdt_team_stats *ts, const sdt_accum *a, size_t t, cut_cache *cc)
{
	const sdt_mom *tm = a->team_mom + t * a->stride, *items;
	sdt_team_scale_stats *x;
	size_t s, k;
	int rc;

	ts->scales = sdt_calloc(a->n_scales, sizeof *ts->scales);
	if (!ts->scales)
		return sdt_fail_nomem();
	for (s = 0; s < a->n_scales; s++) {
		x = &ts->scales[s];
		k = a->scale_off[s + 1] - a->scale_off[s];
		items = tm + a->n_scales + a->scale_off[s];
		x->id = sdt_instrument_scale_id(a->ins, s);
		x->n = (size_t)tm[s].n;
		x->mean = tm[s].n > 0.0 ? a->lo + tm[s].mean : NAN;
		x->sd = sdt_mom_sd(&tm[s]);
		x->rwg_j = sdt_rwg_j(items, k, a->hi - a->lo + 1.0);
		x->rwg_star_j = sdt_rwg_star_j(items, k, a->hi - a->lo + 1.0);
		/* means relative to the minimum: the scale runs 0..hi - lo */
		x->awg = sdt_awg(items, k, 0.0, a->hi - a->lo);
		/* sdt_ad_m() says NAN below two complete rows */
		x->ad_m = a->team_hist && items[0].n >= 1.0
		          ? sdt_ad_m(a->team_hist + t * a->hstride + a->scale_off[s] * a->points,
		                     k, a->points)
		          : NAN;
		x->rwg_j_cutoff = NAN;
		if (cc->reps && !isnan(x->rwg_j) && (rc = cutoff(cc, (size_t)items[0].n, k,
		                                     (size_t)(a->hi - a->lo + 1.0), &x->rwg_j_cutoff)))
			return rc;
	}
	return SDT_OK;
}

/* One warning per scale for the reported teams whose agreement is
 * undefined, so the nulls in `teams` are explained. */
static int team_warnings(sdt_stats *st)
{
	size_t s, t, few, awg;
	int rc = SDT_OK;

	for (s = 0; s < st->n_scales && !rc; s++) {
		few = awg = 0;
		for (t = 0; t < st->n_teams; t++) {
			if (st->teams[t].suppressed)
				continue;
			few += isnan(st->teams[t].scales[s].rwg_j) ? 1u : 0u;
			awg += !isnan(st->teams[t].scales[s].rwg_j)
			       && isnan(st->teams[t].scales[s].awg);
		}
		if (few)
			rc = sdt_scale_warn(&st->scales[s], "%zu team(s) with fewer than two rows "
			          "answering every item: rwg_j and awg are undefined for "
			          "them", few);
		if (awg && !rc)
			rc = sdt_scale_warn(&st->scales[s], "%zu team(s) with every item mean too near "
			          "a scale end for awg: awg is undefined for them", awg);
	}
	return rc;
}

static int all_teams(stats_box *b, const sdt_accum *a, size_t min_group, size_t rwg_sim,
                     size_t threads)
{
	sdt_stats *st = &b->st;
	sdt_name_ref *ref;
	unsigned char *reason = NULL, *shown;
	cut_cache cc = {0, 0, NULL, rwg_sim};
	size_t t;
	int rc = SDT_OK;

	ref = sdt_calloc(a->n_teams + 1, sizeof *ref);
	reason = sdt_calloc(a->n_teams + 1, sizeof *reason);
	shown = sdt_calloc(a->n_teams + 1, sizeof *shown);
	st->teams = sdt_calloc(a->n_teams + 1, sizeof *st->teams);
	b->names = sdt_calloc(a->n_teams + 1, sizeof *b->names);
	if (!ref || !reason || !shown || !st->teams || !b->names) {
		rc = sdt_fail_nomem();
		goto done;
	}
	if (st->protected && (rc = sdt_stats_team_reasons(a, min_group, reason)) != SDT_OK)
		goto done;
	/* the teams whose figures are shown, as below, for the cutoffs */
	for (t = 0; t < a->n_teams; t++)
		shown[t] = st->protected ? reason[t] == SDT_SHOWN : a->team_rows[t] >= 1.0;
	if ((rc = prefill_cutoffs(&cc, a, shown, threads)) != SDT_OK)
		goto done;
	for (t = 0; t < a->n_teams; t++)
		ref[t] = (sdt_name_ref){a->team_name[t], t};
	qsort(ref, a->n_teams, sizeof *ref, sdt_name_ref_cmp);
	for (t = 0; t < a->n_teams && !rc; t++) {
		b->names[t] = sdt_strdup(ref[t].name);
		if (!b->names[t]) {
			rc = sdt_fail_nomem();
			break;
		}
		st->n_teams = t + 1;
		st->teams[t].team = b->names[t];
		st->teams[t].n = (size_t)a->team_rows[ref[t].index];
		st->teams[t].suppressed_reason = st->protected ? reason[ref[t].index]
		                                 : st->teams[t].n < 1 ? SDT_HIDDEN_MIN_GROUP : SDT_SHOWN;
		st->teams[t].suppressed = st->teams[t].suppressed_reason != SDT_SHOWN;
		if (!st->teams[t].suppressed)
			rc = team_scales(&st->teams[t], a, ref[t].index, &cc);
		if (!st->teams[t].suppressed && !rc)
			rc = sdt_stats_outcomes_team(&st->teams[t], st, a, ref[t].index);
	}
	if (!rc)
		rc = team_warnings(st);
done:
	sdt_free(cc.e);
	sdt_free(ref);
	sdt_free(reason);
	sdt_free(shown);
	return rc;
}

static int stats_compute_run(sdt_stats **out, const sdt_accum *a,
                             const sdt_stats_options *opt)
{
	static const sdt_stats_options defaults = {SDT_STATS_OPTIONS_VERSION,
	                                            SDT_MISSING_PAIRWISE, 5, 0, 0, 0};
	stats_box *b;
	int rc;

	*out = NULL;
	if (!opt)
		opt = &defaults;
	b = sdt_calloc(1, sizeof *b);
	if (!b)
		return sdt_fail_nomem();
	b->st.instrument = sdt_instrument_id(a->ins);
	b->st.rows = (size_t)a->rows;
	b->st.missing = opt->missing;
	/* Zero never switches protection off: it is the default threshold. */
	b->st.min_group = opt->min_group ? opt->min_group : 5;
	b->st.protected = !opt->no_protection;
	rc = all_scales(&b->st, a, opt);
	if (!rc)
		rc = all_composites(&b->st, a);
	if (!rc && b->st.protected)
		sdt_stats_protect_org(&b->st, a);
	if (!rc)
		rc = sdt_stats_outcomes_org(&b->st, a);
	if (!rc)
		rc = all_teams(b, a, b->st.min_group, opt->rwg_sim, opt->threads);
	if (rc)
		sdt_stats_free(&b->st);
	else
		*out = &b->st;
	return rc;
}

int sdt_stats_compute(sdt_stats **out, const sdt_accum *a,
                      const sdt_stats_options *opt)
{
	/* GSL etiquette: its errors are checked here, never sent to the
	 * caller's handler, which is left as it was */
	gsl_error_handler_t *old;
	sdt_stats_options v2;
	int rc;

	/* version 1 ends before `threads`: read it as a version 2 of one thread */
	if (opt && opt->version == 1) {
		memset(&v2, 0, sizeof v2);
		memcpy(&v2, opt, offsetof(sdt_stats_options, threads));
		v2.version = SDT_STATS_OPTIONS_VERSION;
		opt = &v2;
	}
	rc = SDT_CHECK_OPTIONS(opt, sdt_stats_options, SDT_STATS_OPTIONS);

	if (rc != SDT_OK) {
		if (out)
			*out = NULL;
		return rc;
	}
	old = gsl_set_error_handler_off();
	rc = sdt_accum_settle(a);
	if (rc == SDT_OK)
		rc = stats_compute_run(out, a, opt);
	else if (out)
		*out = NULL;
	gsl_set_error_handler(old);
	return rc;
}

void sdt_stats_free(sdt_stats *st)
{
	stats_box *b = (stats_box *)st;
	size_t i, j;

	if (!st)
		return;
	for (i = 0; st->scales && i < st->n_scales; i++) {
		for (j = 0; j < st->scales[i].n_warnings; j++)
			sdt_free(st->scales[i].warnings[j]);
		sdt_free(st->scales[i].warnings);
		sdt_free(st->scales[i].items);
	}
	sdt_free(st->scales);
	sdt_free(st->composites);
	sdt_free(st->outcomes);
	for (i = 0; st->teams && i < st->n_teams; i++) {
		sdt_free(st->teams[i].scales);
		sdt_free(st->teams[i].outcomes);
		sdt_free(b->names[i]);
	}
	sdt_free(st->teams);
	sdt_free(b->names);
	sdt_free(b);
}
