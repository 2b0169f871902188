/*
 * sdt_drivers.h - which need matters most here: Johnson's (2000) relative
 * weights of predictor scales for an outcome scale, from the correlations
 * of the scale scores of the respondents scored on every scale (gathered
 * by sdt_accum in the same pass as everything else, and merged exactly
 * from partials).
 */
#ifndef SDT_DRIVERS_H
#define SDT_DRIVERS_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_bootstrap.h"
#include "sdt_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The relative weights of p predictors for an outcome from their
 * correlations: rxx[p * p] among the predictors, rxy[p] with the outcome.
 * raw[p] receives each predictor's share of R² (they sum to *r2);
 * rescaled shares are raw / R². SDT_OK, SDT_EDATA when rxx is singular
 * (a predictor is a linear function of the others), SDT_ENOMEM or
 * SDT_EINTERNAL. */
SDT_API int sdt_relative_weights(double *raw, double *r2, const double *rxx,
                                 const double *rxy, size_t p);

/* The drivers of one team or department (a team path prefix). */
typedef struct sdt_driver_group {
	char *team;           /* the group's path */
	size_t n;             /* its respondents scored on every scale */
	double r2;            /* NAN when its predictors are collinear */
	double *raw, *rescaled; /* per predictor, as sdt_drivers */
	/* per predictor: a priority, as pulse platforms (Peakon) define one:
	 * high impact (rescaled weight above an equal share, 1 / predictors)
	 * and worse than the comparator, the organisation, over the same kind
	 * of rows (mean below it; above it for a frustration scale) */
	unsigned char *priority;
} sdt_driver_group;

typedef struct sdt_drivers {
	size_t outcome;       /* scale index */
	size_t n;             /* respondents scored on every scale */
	double r2;            /* NAN when n is below min_n or undefined */
	size_t n_predictors;
	size_t *predictors;   /* scale indices */
	double *raw;          /* per predictor: share of R², NAN as r2 */
	double *rescaled;     /* raw / R², summing to 1 */
	/* per predictor: percentile bootstrap CI of raw (NAN until
	 * sdt_drivers_bootstrap() fills them) */
	double *ci_lo, *ci_hi;
	size_t boot_skipped;  /* replicates with a singular correlation matrix */
	/* Teams and departments (every team path and its '/' prefixes) with
	 * at least min_n respondents scored on every scale and at least min_n
	 * outside them in the organisation, sorted by path (bytes); none from
	 * partials without per-team scale scores or for instruments of more
	 * than 16 scales. */
	size_t n_groups;
	sdt_driver_group *groups;
	/* SIZE_MAX when the outcome is scale `outcome`; else the instrument
	 * item (of type outcome, e.g. eNPS) whose answers are the outcome,
	 * `outcome` is then SIZE_MAX, and n and every group's n count the
	 * respondents scored on every scale who answered it. */
	size_t outcome_item;
} sdt_drivers;

/* The organisation's drivers of scale `outcome` among `predictors` (n_pred
 * scale indices; NULL: every other scale), from accumulator a; figures are
 * left NAN when fewer than min_n respondents (0: 30) are scored on every
 * scale. Caller frees with sdt_drivers_free(). */
SDT_API int sdt_drivers_compute(sdt_drivers **out, const sdt_accum *a, size_t outcome,
                                const size_t *predictors, size_t n_pred, size_t min_n);
/* As sdt_drivers_compute, for the answers to outcome item `item` (an
 * instrument item index of type SDT_ITEM_OUTCOME) as the outcome, over the
 * respondents scored on every scale who answered it; every scale is a
 * possible predictor. SDT_EUSAGE when item is not an outcome item,
 * SDT_EDATA when a partial merged into a was written without the outcome
 * items' co-moments (an older sdtscore). */
SDT_API int sdt_drivers_compute_item(sdt_drivers **out, const sdt_accum *a, size_t item,
                                     const size_t *predictors, size_t n_pred, size_t min_n);
SDT_API void sdt_drivers_free(sdt_drivers *d);

/* Percentile bootstrap CIs of d's raw weights (d from sdt_drivers_compute
 * or sdt_drivers_compute_item over the same responses): the respondents b
 * holds are resampled with replacement opt->replicates times, each
 * replicate's weights computed over its rows scored on every scale (and,
 * for an outcome item, answering it), and ci_lo / ci_hi set to the type-7
 * 2.5 % and 97.5 % quantiles. A generator of its own (gsl_rng_mt19937 set
 * to opt->seed), drawing for each replicate n times gsl_rng_uniform_int(
 * rng, n), n the respondents b holds, the i-th giving its i-th row.
 * Replicates with a singular matrix are skipped (counted in
 * boot_skipped); with more than half skipped, or when d->r2 is NAN, the
 * CIs stay NAN. SDT_OK, SDT_ENOMEM, SDT_ELIMIT or SDT_EINTERNAL. */
SDT_API int sdt_drivers_bootstrap(sdt_drivers *d, const sdt_bootstrap *b,
                                  const sdt_bootstrap_options *opt);

#ifdef __cplusplus
}
#endif
#endif
