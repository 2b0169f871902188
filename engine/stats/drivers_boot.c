/*
 * drivers_boot.c - percentile bootstrap CIs of the drivers' relative
 * weights: each replicate resamples the respondents, rebuilds the
 * correlations of the outcome and predictors over its rows scored on every
 * scale, and recomputes the weights.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_drivers.h"

typedef struct dboot {
	const double *sc;  /* [n][S] scale scores */
	size_t n, S, p;
	/* an outcome item's answers: x[row * n_items + item]; NULL for a
	 * scale outcome */
	const double *x;
	size_t n_items, item;
	size_t *var;       /* [p + 1] scale of each variable: predictors, outcome */
	double *mean, *cm, *dlt, *rxx, *rxy, *raw, *out; /* out: [p][reps] */
	gsl_rng *rng;
} dboot;

/* Does row i have every scale scored, and the outcome item answered (the
 * drivers' rows)? */
static int complete(const dboot *w, size_t i)
{
	size_t s;

	if (w->x && isnan(w->x[i * w->n_items + w->item]))
		return 0;
	for (s = 0; s < w->S; s++)
		if (isnan(w->sc[i * w->S + s]))
			return 0;
	return 1;
}

/* One replicate's raw weights into out[.][rep]; 1 when skipped. */
static int replicate(dboot *w, size_t rep, size_t reps, int *skipped)
{
	size_t v = w->p + 1, i, j, k, row;
	double n = 0.0, r2;
	int rc;

	memset(w->mean, 0, v * sizeof *w->mean);
	memset(w->cm, 0, v * v * sizeof *w->cm);
	for (i = 0; i < w->n; i++) {
		row = (size_t)gsl_rng_uniform_int(w->rng, (unsigned long)w->n);
		if (!complete(w, row))
			continue;
		for (j = 0; j < w->p; j++)
			w->dlt[j] = w->sc[row * w->S + w->var[j]];
		w->dlt[w->p] = w->x ? w->x[row * w->n_items + w->item]
		                    : w->sc[row * w->S + w->var[w->p]];
		sdt_mvmom_add(&n, w->mean, w->cm, v, w->dlt, w->dlt + v);
	}
	for (j = 0; j < w->p; j++) {
		for (k = 0; k < w->p; k++)
			w->rxx[j * w->p + k] = w->cm[j * v + k] / sqrt(w->cm[j * v + j] * w->cm[k * v + k]);
		w->rxy[j] = w->cm[j * v + w->p] / sqrt(w->cm[j * v + j] * w->cm[w->p * v + w->p]);
	}
	rc = sdt_relative_weights(w->raw, &r2, w->rxx, w->rxy, w->p);
	*skipped = rc == SDT_EDATA || !isfinite(r2);
	if (rc == SDT_EDATA)
		rc = SDT_OK;
	for (j = 0; j < w->p && !*skipped; j++)
		w->out[j * reps + rep] = w->raw[j];
	return rc;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int dboot_alloc(dboot *w, const sdt_drivers *d, size_t reps, unsigned long seed)
{
	size_t v = d->n_predictors + 1, j;

	w->p = d->n_predictors;
	w->var = sdt_calloc(v, sizeof *w->var);
	w->mean = sdt_calloc(v + v * v + 2 * v + w->p * w->p + 2 * w->p, sizeof *w->mean);
	w->out = sdt_calloc(w->p * reps, sizeof *w->out);
	w->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!w->var || !w->mean || !w->out || !w->rng)
		return sdt_fail_nomem();
	w->cm = w->mean + v;
	w->dlt = w->cm + v * v;
	w->rxx = w->dlt + 2 * v;
	w->rxy = w->rxx + w->p * w->p;
	w->raw = w->rxy + w->p;
	for (j = 0; j < w->p; j++)
		w->var[j] = d->predictors[j];
	w->var[w->p] = d->outcome;
	gsl_rng_set(w->rng, seed);
	if (w->n > gsl_rng_max(w->rng) - gsl_rng_min(w->rng))
		return sdt_fail(SDT_ELIMIT, "the bootstrap resamples at most %lu respondents, "
		                "not %zu", gsl_rng_max(w->rng) - gsl_rng_min(w->rng), w->n);
	return SDT_OK;
}

static void dboot_free(dboot *w)
{
	sdt_free(w->var);
	sdt_free(w->mean);
	sdt_free(w->out);
	if (w->rng)
		gsl_rng_free(w->rng);
}

/* Sort each predictor's kept replicates and take the 2.5 / 97.5 % points. */
static void finish_cis(sdt_drivers *d, dboot *w, size_t reps, size_t kept)
{
	size_t j;

	for (j = 0; j < w->p; j++) {
		qsort(w->out + j * reps, kept, sizeof *w->out, dbl_cmp);
		d->ci_lo[j] = sdt_quantile7(w->out + j * reps, kept, 0.025);
		d->ci_hi[j] = sdt_quantile7(w->out + j * reps, kept, 0.975);
	}
}

static int drivers_boot_run(sdt_drivers *d, const sdt_bootstrap *b,
                            const sdt_bootstrap_options *opt)
{
	dboot w;
	size_t rep, kept = 0, j;
	int rc, skipped;

	memset(&w, 0, sizeof w);
	w.sc = sdt_bootstrap_scores(b, &w.n, &w.S);
	if (d->outcome_item != SIZE_MAX) {
		w.x = sdt_bootstrap_answers(b, &w.n_items);
		w.item = d->outcome_item;
	}
	if ((rc = dboot_alloc(&w, d, opt->replicates, opt->seed)) != SDT_OK)
		goto done;
	d->boot_skipped = 0;
	for (rep = 0; rep < opt->replicates; rep++) {
		if ((rc = replicate(&w, kept, opt->replicates, &skipped)) != SDT_OK)
			goto done;
		if (skipped)
			d->boot_skipped++;
		else
			kept++;
	}
	for (j = 0; j < w.p; j++)
		d->ci_lo[j] = d->ci_hi[j] = NAN;
	/* Most replicates degenerate: their quantiles would describe the few
	 * that were not, so no interval at all. */
	if (kept > 0 && d->boot_skipped * 2 <= opt->replicates)
		finish_cis(d, &w, opt->replicates, kept);
done:
	dboot_free(&w);
	return rc;
}

int sdt_drivers_bootstrap(sdt_drivers *d, const sdt_bootstrap *b,
                          const sdt_bootstrap_options *opt)
{
	gsl_error_handler_t *old;
	int rc;

	if (!d || !b || !opt)
		return sdt_fail(SDT_EUSAGE, "sdt_drivers_bootstrap: NULL argument");
	if ((rc = SDT_CHECK_OPTIONS(opt, sdt_bootstrap_options, SDT_BOOTSTRAP_OPTIONS)) != SDT_OK)
		return rc;
	if (isnan(d->r2) || opt->replicates == 0 || d->n_predictors == 0)
		return SDT_OK;
	old = gsl_set_error_handler_off();
	rc = drivers_boot_run(d, b, opt);
	gsl_set_error_handler(old);
	return rc;
}
