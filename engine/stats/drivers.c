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
 * or a group's). */
static void correlations(const sdt_drivers *d, const double *c, size_t S, double *rxx,
                         double *rxy)
{
	size_t p = d->n_predictors, i, j, u, v, y = d->outcome;

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
 * over the rows scored on every scale, in the group and in the whole. */
static unsigned char priority(const sdt_drivers *d, const sdt_accum *a, const double *m,
                              size_t i, double rescaled)
{
	size_t s = d->predictors[i];
	double own = m[1 + s], org = a->sc[1 + s];
	int worse = sdt_instrument_scale_valence(a->ins, s) == SDT_VALENCE_FRUSTRATION
	            ? own > org : own < org;

	return rescaled > 1.0 / (double)d->n_predictors && worse;
}

typedef struct group_ctx {
	sdt_drivers *d;
	const sdt_accum *a;
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
	correlations(d, m + 1 + c->a->n_scales, c->a->n_scales, c->rxx, c->rxy);
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
		g->priority[i] = priority(d, c->a, m, i, g->rescaled[i]);
	}
	return rc;
}

/* Every team and department with min_n respondents scored on every scale,
 * and min_n outside it (so its weights and the organisation's cannot be
 * played against each other). */
static int compute_groups(sdt_drivers *d, const sdt_accum *a, size_t min_n)
{
	size_t c = sdt_accum_group_bound(a), k = d->n_predictors;
	group_ctx ctx = {d, a, NULL, NULL};
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
	rc = sdt_accum_each_group(a, min_n, add_group, &ctx);
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

int sdt_drivers_compute(sdt_drivers **out, const sdt_accum *a, size_t outcome,
                        const size_t *predictors, size_t n_pred, size_t min_n)
{
	sdt_drivers *d = sdt_calloc(1, sizeof *d);
	double *rxx = NULL, *rxy = NULL;
	size_t i;
	int rc;

	*out = NULL;
	if (!d)
		return sdt_fail_nomem();
	if (outcome >= a->n_scales) {
		rc = sdt_fail(SDT_EUSAGE, "outcome %zu is not a scale", outcome);
		goto done;
	}
	d->outcome = outcome;
	if ((rc = sdt_accum_settle(a)) != SDT_OK)
		goto done;
	d->n = (size_t)a->sc[0];
	d->r2 = NAN;
	if ((rc = choose(d, a, predictors, n_pred)) != SDT_OK)
		goto done;
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
	correlations(d, a->sc + 1 + a->n_scales, a->n_scales, rxx, rxy);
	if ((rc = sdt_relative_weights(d->raw, &d->r2, rxx, rxy, d->n_predictors)) != SDT_OK)
		goto done;
	for (i = 0; i < d->n_predictors; i++)
		d->rescaled[i] = d->r2 > 0.0 ? d->raw[i] / d->r2 : NAN;
	rc = compute_groups(d, a, min_n ? min_n : 30);
done:
	sdt_free(rxx);
	sdt_free(rxy);
	if (rc)
		sdt_drivers_free(d);
	else
		*out = d;
	return rc;
}
