/*
 * sdt_bootstrap.h - percentile bootstrap CIs for alpha and omega_total.
 *
 * The one statistic that needs the data itself: with --bootstrap the
 * accepted respondents' reverse-keyed answers are kept in memory
 * (n_items doubles each), so memory grows with respondents only then.
 */
#ifndef SDT_BOOTSTRAP_H
#define SDT_BOOTSTRAP_H

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_score.h"
#include "sdt_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_bootstrap sdt_bootstrap;

typedef struct sdt_bootstrap_options {
	size_t replicates;     /* resamples, e.g. 1000 */
	unsigned long seed;    /* GSL mt19937 seed (0 is GSL's default seed) */
	sdt_missing_mode missing;
} sdt_bootstrap_options;

/* A new store for `ins` (which must outlive it). Caller frees with
 * sdt_bootstrap_free(). */
int sdt_bootstrap_new(sdt_bootstrap **out, const sdt_instrument *ins);
void sdt_bootstrap_free(sdt_bootstrap *b);

/* Keep one accepted respondent's keyed answers (s->keyed). */
int sdt_bootstrap_add(sdt_bootstrap *b, const sdt_scores *s);

/* Resample respondents with replacement (replicate-major: for each
 * replicate, n draws of gsl_rng_uniform_int(rng, n)), compute alpha and
 * omega_total of every scale exactly as sdt_stats_compute does, and fill
 * each scale's alpha_ci_boot / omega_ci_boot with the 2.5 % and 97.5 %
 * quantiles (type 7, R's default) and has_boot = 1. A figure undefined in
 * more than half of the replicates stays NAN with a warning added to the
 * scale. Returns SDT_OK, SDT_ENOMEM or SDT_EINTERNAL. */
int sdt_bootstrap_run(sdt_bootstrap *b, const sdt_bootstrap_options *opt,
                      sdt_stats *st);

/* The type-7 quantile of sorted v[0..n) at probability p (as R's
 * quantile(type = 7)); NAN when n == 0. */
double sdt_quantile7(const double *sorted, size_t n, double p);

#ifdef __cplusplus
}
#endif
#endif
