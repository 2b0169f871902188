/*
 * drivers.c - Johnson's relative weights (Johnson 2000): the predictors'
 * correlation matrix is replaced by its symmetric square root Λ, whose
 * columns are orthogonal and as close as possible to the predictors;
 * the outcome is regressed on them (β = Λ⁻¹ r_xy) and each predictor's
 * raw weight is Σ_k Λ_jk² β_k², so the weights split R² = Σ β_k².
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_drivers.h"

/* Eigenvalues below this (relative to the largest) make R singular. */
#define RW_SINGULAR 1e-12

static int weights_run(double *raw, double *r2, const double *rxx, const double *rxy,
                       size_t p)
{
	double *buf, *eval, *evec, *lam, *beta, *work, s;
	size_t i, j, k;
	int rc;

	buf = sdt_calloc(p + 3 * p * p + p + SDT_EIGEN_WORK(p), sizeof *buf);
	if (!buf)
		return sdt_fail_nomem();
	eval = buf;
	evec = eval + p;
	lam = evec + p * p;
	beta = lam + p * p;
	work = beta + p;
	if ((rc = sdt_eigen_sym(rxx, p, eval, evec, work)) != SDT_OK)
		goto done;
	if (!(eval[p - 1] > RW_SINGULAR * eval[0])) {
		rc = sdt_fail(SDT_EDATA, "the predictors' correlation matrix is singular: a "
		              "predictor is a linear function of the others");
		goto done;
	}
	/* Λ = V diag(√λ) V', and Λ⁻¹ r_xy = V diag(1/√λ) V' r_xy */
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++) {
			for (s = 0.0, k = 0; k < p; k++)
				s += evec[i * p + k] * sqrt(eval[k]) * evec[j * p + k];
			lam[i * p + j] = s;
		}
	for (i = 0; i < p; i++) {
		beta[i] = 0.0;
		for (k = 0; k < p; k++) {
			for (s = 0.0, j = 0; j < p; j++)
				s += evec[j * p + k] * rxy[j];
			beta[i] += evec[i * p + k] / sqrt(eval[k]) * s;
		}
	}
	*r2 = 0.0;
	for (i = 0; i < p; i++)
		*r2 += beta[i] * beta[i];
	for (j = 0; j < p; j++)
		for (raw[j] = 0.0, k = 0; k < p; k++)
			raw[j] += lam[j * p + k] * lam[j * p + k] * beta[k] * beta[k];
done:
	sdt_free(buf);
	return rc;
}

int sdt_relative_weights(double *raw, double *r2, const double *rxx, const double *rxy,
                         size_t p)
{
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int rc = p ? weights_run(raw, r2, rxx, rxy, p) : sdt_fail(SDT_EUSAGE, "no predictors");

	gsl_set_error_handler(old);
	return rc;
}

void sdt_drivers_free(sdt_drivers *d)
{
	size_t g;

	if (!d)
		return;
	for (g = 0; g < d->n_groups; g++) {
		sdt_free(d->groups[g].team);
		sdt_free(d->groups[g].raw);
		sdt_free(d->groups[g].priority);
	}
	sdt_free(d->groups);
	sdt_free(d->predictors);
	sdt_free(d->raw);
	sdt_free(d->rescaled);
	sdt_free(d->ci_lo);
	sdt_free(d->ci_hi);
	sdt_free(d);
}

/* Correlations among the chosen scales from co-moments c[S * S] (a->sc's
 * or a group's), the outcome being variable y of c. */
static void correlations(const sdt_drivers *d, const double *c, size_t S, size_t y,
                         double *rxx, double *rxy)
{
	size_t p = d->n_predictors, i, j, u, v;

	for (i = 0; i < p; i++) {
		u = d->predictors[i];
		for (j = 0; j < p; j++) {
			v = d->predictors[j];
			rxx[i * p + j] = c[u * S + v] / sqrt(c[u * S + u] * c[v * S + v]);
		}
		rxy[i] = c[u * S + y] / sqrt(c[u * S + u] * c[y * S + y]);
	}
}

/* Peakon's rule: high impact and worse than the organisation. Means are
 * over the rows scored on every scale (answering the outcome item, for
 * one), in the group and in the whole (org: its means). */
static unsigned char priority(const sdt_drivers *d, const sdt_accum *a, const double *m,
                              const double *org_mean, size_t i, double rescaled)
{
	size_t s = d->predictors[i];
	double own = m[1 + s], org = org_mean[s];
	int worse = sdt_instrument_scale_valence(a->ins, s) == SDT_VALENCE_FRUSTRATION
	            ? own > org : own < org;

	return rescaled > 1.0 / (double)d->n_predictors && worse;
}

/* Where the co-moments come from: k variables, the outcome variable y,
 * the organisation's block org (n, mean[k], c[k * k]). */
typedef struct source {
	size_t k, y;
	const double *org;
} source;

typedef struct group_ctx {
	sdt_drivers *d;
	const sdt_accum *a;
	const source *src;
	double *rxx, *rxy;
} group_ctx;

/* Weights of one group from its co-moments m (n, mean[S], c[S * S]), null
 * where its correlations are singular. */
static int add_group(void *vctx, const char *path, size_t len, const double *m)
{
	group_ctx *c = vctx;
	sdt_drivers *d = c->d;
	sdt_driver_group *g = &d->groups[d->n_groups];
	size_t i, k = d->n_predictors;
	int rc;

	memset(g, 0, sizeof *g);
	g->n = (size_t)m[0];
	g->raw = sdt_calloc(2 * k, sizeof *g->raw);
	g->priority = sdt_calloc(k, sizeof *g->priority);
	g->team = sdt_strndup(path, len);
	if (!g->raw || !g->team || !g->priority) {
		sdt_free(g->raw);
		sdt_free(g->priority);
		sdt_free(g->team);
		return sdt_fail_nomem();
	}
	g->rescaled = g->raw + k;
	d->n_groups++;
	correlations(d, m + 1 + c->src->k, c->src->k, c->src->y, c->rxx, c->rxy);
	rc = sdt_relative_weights(g->raw, &g->r2, c->rxx, c->rxy, k);
	if (rc == SDT_EDATA) {
		/* a department whose scales are collinear: no weights, said so
		 * by nulls rather than by failing the organisation's run */
		g->r2 = NAN;
		for (i = 0; i < k; i++)
			g->raw[i] = NAN;
		rc = SDT_OK;
	}
	for (i = 0; i < k; i++) {
		g->rescaled[i] = g->r2 > 0.0 ? g->raw[i] / g->r2 : NAN;
		g->priority[i] = priority(d, c->a, m, c->src->org + 1, i, g->rescaled[i]);
	}
	return rc;
}

/* Every team and department with min_n respondents scored on every scale,
 * and min_n outside it (so its weights and the organisation's cannot be
 * played against each other). */
static int compute_groups(sdt_drivers *d, const sdt_accum *a, const source *src,
                          size_t min_n)
{
	size_t c = sdt_accum_group_bound(a), k = d->n_predictors;
	group_ctx ctx = {d, a, src, NULL, NULL};
	double *buf = NULL;
	int rc;

	if (!c)
		return SDT_OK;
	d->groups = sdt_calloc(c, sizeof *d->groups);
	buf = sdt_calloc(k * k + k, sizeof *buf);
	if (!d->groups || !buf) {
		rc = sdt_fail_nomem();
		goto done;
	}
	ctx.rxx = buf;
	ctx.rxy = buf + k * k;
	if (d->outcome_item == SIZE_MAX)
		rc = sdt_accum_each_group(a, min_n, add_group, &ctx);
	else
		rc = sdt_accum_each_group_oc(a, (size_t)sdt_instrument_outcome_find(
		        a->ins, sdt_instrument_item_id(a->ins, d->outcome_item)),
		        min_n, add_group, &ctx);
done:
	sdt_free(buf);
	return rc;
}

static int choose(sdt_drivers *d, const sdt_accum *a, const size_t *pred, size_t n_pred)
{
	size_t i, n = 0;

	d->predictors = sdt_calloc(a->n_scales, sizeof *d->predictors);
	d->raw = sdt_calloc(a->n_scales, sizeof *d->raw);
	d->rescaled = sdt_calloc(a->n_scales, sizeof *d->rescaled);
	d->ci_lo = sdt_calloc(a->n_scales, sizeof *d->ci_lo);
	d->ci_hi = sdt_calloc(a->n_scales, sizeof *d->ci_hi);
	if (!d->predictors || !d->raw || !d->rescaled || !d->ci_lo || !d->ci_hi)
		return sdt_fail_nomem();
	for (i = 0; i < (pred ? n_pred : a->n_scales); i++) {
		size_t s = pred ? pred[i] : i;

		if (s >= a->n_scales)
			return sdt_fail(SDT_EUSAGE, "predictor %zu is not a scale", s);
		if (s == d->outcome)
			continue;
		d->predictors[n++] = s;
	}
	d->n_predictors = n;
	for (i = 0; i < a->n_scales; i++)
		d->raw[i] = d->rescaled[i] = d->ci_lo[i] = d->ci_hi[i] = NAN;
	return n ? SDT_OK : sdt_fail(SDT_EUSAGE, "no predictor besides the outcome");
}

/* The weights of d (outcome and predictors chosen) from src. */
static int compute(sdt_drivers *d, const sdt_accum *a, const source *src, size_t min_n)
{
	double *rxx = NULL, *rxy = NULL;
	size_t i;
	int rc = SDT_OK;

	d->n = (size_t)src->org[0];
	/* Too few respondents: correlations that move with every answer say
	 * nothing about what matters, and the figures are left out. */
	if (d->n < (min_n ? min_n : 30))
		goto done;
	rxx = sdt_calloc(d->n_predictors * d->n_predictors, sizeof *rxx);
	rxy = sdt_calloc(d->n_predictors, sizeof *rxy);
	if (!rxx || !rxy) {
		rc = sdt_fail_nomem();
		goto done;
	}
	correlations(d, src->org + 1 + src->k, src->k, src->y, rxx, rxy);
	if ((rc = sdt_relative_weights(d->raw, &d->r2, rxx, rxy, d->n_predictors)) != SDT_OK)
		goto done;
	for (i = 0; i < d->n_predictors; i++)
		d->rescaled[i] = d->r2 > 0.0 ? d->raw[i] / d->r2 : NAN;
	rc = compute_groups(d, a, src, min_n ? min_n : 30);
done:
	sdt_free(rxx);
	sdt_free(rxy);
	return rc;
}

/* A new sdt_drivers of a settled a for outcome scale `scale` or outcome
 * item `item` (the other SIZE_MAX), with its predictors chosen. */
static int start(sdt_drivers **out, const sdt_accum *a, size_t scale, size_t item,
                 const size_t *predictors, size_t n_pred)
{
	sdt_drivers *d = sdt_calloc(1, sizeof *d);
	int rc;

	*out = NULL;
	if (!d)
		return sdt_fail_nomem();
	d->outcome = scale;
	d->outcome_item = item;
	d->r2 = NAN;
	if ((rc = sdt_accum_settle(a)) != SDT_OK ||
	    (rc = choose(d, a, predictors, n_pred)) != SDT_OK)
		sdt_drivers_free(d);
	else
		*out = d;
	return rc;
}

int sdt_drivers_compute(sdt_drivers **out, const sdt_accum *a, size_t outcome,
                        const size_t *predictors, size_t n_pred, size_t min_n)
{
	source src;
	int rc;

	*out = NULL;
	if (outcome >= a->n_scales)
		return sdt_fail(SDT_EUSAGE, "outcome %zu is not a scale", outcome);
	if ((rc = start(out, a, outcome, SIZE_MAX, predictors, n_pred)) != SDT_OK)
		return rc;
	src = (source){a->n_scales, outcome, a->sc};
	if ((rc = compute(*out, a, &src, min_n)) != SDT_OK) {
		sdt_drivers_free(*out);
		*out = NULL;
	}
	return rc;
}

int sdt_drivers_compute_item(sdt_drivers **out, const sdt_accum *a, size_t item,
                             const size_t *predictors, size_t n_pred, size_t min_n)
{
	source src;
	long o;
	int rc;

	*out = NULL;
	if (!a)
		return sdt_fail(SDT_EUSAGE, "sdt_drivers_compute_item: NULL argument");
	if (item >= a->n_items || sdt_instrument_item_type(a->ins, item) != SDT_ITEM_OUTCOME ||
	    (o = sdt_instrument_outcome_find(a->ins, sdt_instrument_item_id(a->ins, item))) < 0)
		return sdt_fail(SDT_EUSAGE, "item %zu is not an outcome item", item);
	/* over some rows only: weights from them would pass for the whole */
	if (a->oc_lost)
		return sdt_fail(SDT_EDATA, "a partial written by an older sdtscore holds no "
		                "co-moments of the outcome items with the scales: write it again "
		                "for drivers of outcome item '%s'",
		                sdt_instrument_item_id(a->ins, item));
	if ((rc = start(out, a, SIZE_MAX, item, predictors, n_pred)) != SDT_OK)
		return rc;
	src = (source){a->n_scales + 1, a->n_scales, a->oc + (size_t)o * a->oc_size};
	if ((rc = compute(*out, a, &src, min_n)) != SDT_OK) {
		sdt_drivers_free(*out);
		*out = NULL;
	}
	return rc;
}
