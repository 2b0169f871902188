/*
 * sdt_benchmark.h - places each organisation of a portfolio (a consultant's
 * clients) and each of its teams among all the others: percentile ranks
 * and quartile bands of scale means, and whether a band is certain.
 *
 * Only figures an organisation's own report shows go in: the
 * organisation's mean and the means of its visible leaf teams, taken from
 * an sdt_groups whose suppression is already decided. A benchmark therefore
 * reveals nothing the reports do not, and hidden groups never reach it.
 *
 * Names: one module, "benchmark" (sdt_benchmark_* functions and types).
 * The earlier type names sdt_bench_dist, _cell, _unit and _scale remain
 * as deprecated aliases until the next soname; the struct tags keep
 * their first names, so the ABI does not change.
 */
#ifndef SDT_BENCHMARK_H
#define SDT_BENCHMARK_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_groups.h"
#include "sdt_instrument.h"
#include "sdt_waves.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Percentile ranks and quartile bands need at least this many
 * organisations with a visible mean on the scale (for teams: visible
 * teams from at least this many organisations), so that no rank pins
 * down a single other client. */
#define SDT_BENCHMARK_MIN_ORGS 5

/* Quartile bands need, besides a ranking, at least this many ranked means
 * on the scale (organisations; on the teams' side, teams): with fewer, a
 * quartile holds one or two of them and a hundredth of a point moves one
 * from a band to the next, which a band's label would overstate. */
#define SDT_BENCHMARK_MIN_BANDED 8

/* The portfolio's distribution of visible means on one scale. Quartiles
 * are R's type 7 (numpy.percentile's default). */
typedef struct sdt_bench_dist {
	size_t n;             /* visible means */
	double min, q1, median, q3, max; /* NAN when n == 0 */
} sdt_benchmark_dist;

/* One organisation's or team's place on one scale. */
typedef struct sdt_bench_cell {
	double mean;          /* NAN: not measured, or hidden in the report */
	int hidden;           /* the report hides it (mean NAN); else a NAN
	                         mean means the scale was not measured */
	size_t n;             /* respondents scored on the scale (0 when NAN) */
	double sd;            /* their SD (n - 1); NAN when n < 2 */
	/* 95 % CI of the mean, mean -+ t(0.975, n - 1) * sd / sqrt(n), the
	 * interval the organisation's own report gives; NAN when n < 2. */
	double ci_lo, ci_hi;
	/* 100 * (means below + half of the means equal, itself included) / n,
	 * as scipy.stats.percentileofscore(kind='mean'); NAN when not ranked. */
	double percentile;
	/* 1: mean >= Q3 (top quartile), 2: Q2 <= mean < Q3, 3: Q1 <= mean < Q2,
	 * 4: mean < Q1 (bottom quartile); 0 when not banded. */
	int band;
	/* Banded, and a quartile cut point (Q1, Q2 or Q3) lies strictly inside
	 * the CI, or the CI is unknown: the mean could as well fall in the
	 * neighbouring band. 0 when not banded. */
	int uncertain;
} sdt_benchmark_cell;

typedef struct sdt_bench_unit {
	size_t org;           /* index into orgs */
	char *name;           /* the organisation's name, or the team's path
	                         below the organisation */
	size_t n;             /* respondents of the organisation or team */
	sdt_benchmark_cell *cells; /* one per benchmark scale */
} sdt_benchmark_unit;

/* A scale compared across the portfolio: the same scale id of the same
 * instrument id (organisations may use different instruments). */
typedef struct sdt_bench_scale {
	const sdt_instrument *ins; /* the first organisation's instrument with it */
	size_t index;              /* the scale's index in ins */
	sdt_benchmark_dist orgs, teams;
	size_t team_orgs;          /* organisations with a visible team mean */
	int orgs_ranked, teams_ranked; /* enough organisations to rank */
	int orgs_banded, teams_banded; /* ranked, and enough means to band */
} sdt_benchmark_scale;

typedef struct sdt_benchmark {
	size_t min_orgs;           /* SDT_BENCHMARK_MIN_ORGS unless set */
	size_t min_banded;         /* SDT_BENCHMARK_MIN_BANDED unless set */
	size_t n_scales;
	sdt_benchmark_scale *scales;
	size_t n_orgs;
	sdt_benchmark_unit *orgs;      /* in the order added */
	size_t n_teams;
	sdt_benchmark_unit *teams;     /* by organisation, then depth-first */
} sdt_benchmark;

typedef sdt_benchmark_dist sdt_bench_dist SDT_DEPRECATED("use sdt_benchmark_dist");
typedef sdt_benchmark_cell sdt_bench_cell SDT_DEPRECATED("use sdt_benchmark_cell");
typedef sdt_benchmark_unit sdt_bench_unit SDT_DEPRECATED("use sdt_benchmark_unit");
typedef sdt_benchmark_scale sdt_bench_scale SDT_DEPRECATED("use sdt_benchmark_scale");

/* A new, empty benchmark. Caller frees with sdt_benchmark_free(). */
SDT_API int sdt_benchmark_new(sdt_benchmark **out);
/* Frees b and everything in it; NULL is a no-op. */
SDT_API void sdt_benchmark_free(sdt_benchmark *b);

/* Add one organisation: its name, the instrument its groups were computed
 * with (which must outlive b) and its groups. Copies the organisation's
 * visible means and those of its visible leaf teams. Returns SDT_OK,
 * SDT_EUSAGE when the groups do not match the instrument, or SDT_ENOMEM. */
SDT_API int sdt_benchmark_add(sdt_benchmark *b, const char *org,
                      const sdt_instrument *ins, const sdt_groups *groups);

/* Compute the distributions, percentile ranks, quartile bands and their
 * certainty over every organisation added so far. Returns SDT_OK or
 * SDT_ENOMEM. */
SDT_API int sdt_benchmark_compute(sdt_benchmark *b);

/* Record organisation `org`'s (index in b->orgs) change since its
 * previous wave: changes[s] for each scale s of `ins`, the instrument it
 * was added with, exactly as its own report publishes them (e.g. the
 * organisation's row of sdt_report_trend_changes()): test SDT_TEST_NONE
 * where the report shows none, so a figure hidden in either wave never
 * reaches the benchmark. Copied; a second call for the same organisation
 * replaces the first. Returns SDT_OK, SDT_EUSAGE when org is out of range
 * or an argument is NULL, or SDT_ENOMEM. */
SDT_API int sdt_benchmark_set_changes(sdt_benchmark *b, size_t org, const sdt_instrument *ins,
                                      const sdt_change *changes);

/* Organisation org's change on benchmark scale `scale`, or NULL when none
 * was recorded or none is shown. Owned by b; valid until it changes. */
SDT_API const sdt_change *sdt_benchmark_change(const sdt_benchmark *b, size_t org,
                                               size_t scale);

/* 1 when some organisation has a change shown on some scale, else 0. */
SDT_API int sdt_benchmark_has_changes(const sdt_benchmark *b);

#ifdef __cplusplus
}
#endif
#endif
