/*
 * sdt_bootstrap.h - percentile bootstrap CIs for alpha and omega_total.
 *
 * The one statistic that needs the data itself: with a bootstrap the
 * accepted respondents' reverse-keyed answers are kept in memory
 * (n_items doubles each), so memory grows with respondents only then.
 */
#ifndef SDT_BOOTSTRAP_H
#define SDT_BOOTSTRAP_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_score.h"
#include "sdt_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_bootstrap sdt_bootstrap;

typedef struct sdt_bootstrap_options {
	unsigned int version; /* SDT_BOOTSTRAP_OPTIONS_VERSION (SDT_BOOTSTRAP_OPTIONS_INIT sets it) */
	size_t replicates;     /* resamples, e.g. 1000 */
	/* gsl_rng_mt19937 seed: only its low 32 bits count, and 0 is GSL's
	 * default seed (4357), as gsl_rng_set() documents. */
	unsigned long seed;
	sdt_missing_mode missing; /* as the sdt_stats_options the stats came from */
} sdt_bootstrap_options;

#define SDT_BOOTSTRAP_OPTIONS_VERSION 1
/* replicates must still be set; seed 0 is GSL's default seed. */
#define SDT_BOOTSTRAP_OPTIONS_INIT {SDT_BOOTSTRAP_OPTIONS_VERSION, 0, 0, SDT_MISSING_PAIRWISE}

/* A new store for `ins` (which must outlive it). Caller frees with
 * sdt_bootstrap_free(). */
SDT_API int sdt_bootstrap_new(sdt_bootstrap **out, const sdt_instrument *ins);
SDT_API void sdt_bootstrap_free(sdt_bootstrap *b);

/* Keep one accepted respondent's keyed answers (s->keyed). */
SDT_API int sdt_bootstrap_add(sdt_bootstrap *b, const sdt_scores *s);

/* Resample respondents with replacement and fill each scale's
 * alpha_ci_boot / omega_ci_boot (has_boot = 1) with the 2.5 % and 97.5 %
 * quantiles (type 7, R's default) of the replicates' alpha and
 * omega_total, computed exactly as sdt_stats_compute() does (pairwise or
 * listwise covariances, the same reliability code).
 *
 * Draws, in this fixed order: for each replicate, n draws of
 * gsl_rng_uniform_int(rng, n), the i-th giving the replicate's i-th row
 * (respondents numbered in the order they were added).
 *
 * Replicates where a figure is undefined are skipped and counted in a
 * warning on the scale; when more than half are skipped, the CI stays NAN
 * (as it does, without a warning of its own, when the scale's figure
 * itself is NAN, e.g. omega of two items, and when there are no
 * respondents). `st` must come from the same instrument and missing-data
 * mode. Returns SDT_OK, SDT_ENOMEM, SDT_ELIMIT (more than 2^32 - 1
 * respondents) or SDT_EINTERNAL. */
SDT_API int sdt_bootstrap_run(sdt_bootstrap *b, const sdt_bootstrap_options *opt,
                      sdt_stats *st);

/* The type-7 quantile of sorted v[0..n) at probability p (as R's
 * quantile(type = 7)); NAN when n == 0. */
SDT_API double sdt_quantile7(const double *sorted, size_t n, double p);

#ifdef __cplusplus
}
#endif
#endif
