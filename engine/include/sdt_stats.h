/*
 * sdt_stats.h - sufficient statistics gathered in one pass, and the
 * psychometrics computed from them (reliability, item statistics, team
 * agreement). Definitions follow R's psych and multilevel packages
 * (alpha, omega, rwg.j, ICC): pairwise-complete covariances, reverse
 * keying first.
 *
 * Accumulators take memory O(scales x items^2 + teams x items), never
 * O(respondents), and merge exactly: two partial accumulators over disjoint
 * respondents combine into the one a single run would give.
 */
#ifndef SDT_STATS_H
#define SDT_STATS_H

#include "sdt_api.h"

#include <stddef.h>
#include <stdio.h>

#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_score.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_accum sdt_accum;

/* A new, empty accumulator for `ins` (which must outlive it).
 * Caller frees with sdt_accum_free(). */
SDT_API int sdt_accum_new(sdt_accum **out, const sdt_instrument *ins);
SDT_API void sdt_accum_free(sdt_accum *a);

/* Add one accepted response and its scores (from sdt_score_response()). */
SDT_API int sdt_accum_add(sdt_accum *a, const sdt_response *r, const sdt_scores *s);

/* Fold `from` into `into`; both for the same instrument, disjoint data. */
SDT_API int sdt_accum_merge(sdt_accum *into, const sdt_accum *from);

typedef enum sdt_missing_mode {
	SDT_MISSING_PAIRWISE = 0, /* covariances from pairwise-complete rows (psych) */
	SDT_MISSING_LISTWISE      /* every reliability figure from complete rows only */
} sdt_missing_mode;

/* SDT_STATS_OPTIONS_INIT gives the safe defaults: pairwise, min_group 5,
 * protected (a zero min_group still means 5, never no protection). */
typedef struct sdt_stats_options {
	unsigned int version; /* SDT_STATS_OPTIONS_VERSION (SDT_STATS_OPTIONS_INIT sets it) */
	sdt_missing_mode missing;
	size_t min_group; /* anonymity threshold N (5 when 0) */
	/* Non-zero turns the disclosure protection off: every team with n >= 1
	 * gets its figures and nothing else is hidden. Only for analysts with
	 * rights to the raw data; never for anything handed out. */
	int no_protection;
	/* Null draws per significance cutoff of rwg(j) (rwg_j_cutoff, as R
	 * multilevel's rwg.j.sim; 10000 is its default); 0: no cutoffs (NAN).
	 * The simulation costs about a second per 100 distinct team sizes. */
	size_t rwg_sim;
	/* Threads for those simulations (0 or 1: the calling thread only);
	 * each cutoff has its own fixed seed, so the figures do not depend on
	 * it. New in version 2: version 1 structs (without it) are still
	 * accepted. */
	size_t threads;
} sdt_stats_options;

#define SDT_STATS_OPTIONS_VERSION 2
#define SDT_STATS_OPTIONS_INIT {SDT_STATS_OPTIONS_VERSION, SDT_MISSING_PAIRWISE, 0, 0, 0, 0}
/* multilevel's rwg.j.sim default, and the report's */
#define SDT_RWG_SIM_DEFAULT 10000

/* In every result struct below, NAN means "undefined" (JSON null): the
 * matching entry in `warnings` says why. */
typedef struct sdt_item_stats {
	const char *id;
	size_t n;
	double mean, sd, r_drop, alpha_if_deleted;
} sdt_item_stats;

typedef struct sdt_scale_stats {
	const char *id;
	size_t n; /* scored respondents */
	double mean, sd;
	double alpha, alpha_std, alpha_ci[2], alpha_se;
	double lambda2, lambda6, average_r, median_r, omega_total, sem;
	double spearman_brown; /* two-item scales only, else NAN */
	size_t listwise_n;
	double listwise_alpha;
	double icc1, icc2;
	size_t n_items;
	sdt_item_stats *items;
	/* sdt_hidden: the items' mean and SD are hidden (NAN) when the
	 * respondents who answered some but not all of the scale's items could
	 * be fewer than min_group: items minus the scale would isolate them. */
	int items_hidden;
	/* sdt_hidden: fewer than min_group scored in the whole organisation:
	 * mean, SD and the items' means and SDs are NAN */
	int hidden;
	size_t n_warnings;
	char **warnings;
	/* Filled by sdt_bootstrap_run() (sdt_bootstrap.h) when has_boot. */
	int has_boot;
	double alpha_ci_boot[2], omega_ci_boot[2];
} sdt_scale_stats;

typedef struct sdt_composite_stats {
	const char *id;
	size_t n;
	double mean, sd;
	int hidden; /* sdt_hidden, as items_hidden, for its scales: mean and SD NAN */
} sdt_composite_stats;

typedef struct sdt_team_scale_stats {
	const char *id; /* the scale id */
	size_t n;       /* scored respondents of the team */
	double mean, sd, rwg_j, awg;
	/* Lindell's r*wg(j): 1 - mean item variance / the uniform null's,
	 * uncapped (can be negative) and not growing with the number of items */
	double rwg_star_j;
	/* the 95th percentile of rwg(j) for a team of this many complete rows
	 * under the null of no agreement (seeded simulation, as R multilevel's
	 * rwg.j.sim): rwg_j above it is more agreement than chance */
	double rwg_j_cutoff;
	/* Burke & Dunlap's AD_M(J): the mean absolute deviation of the complete
	 * rows' answers from the item mean, averaged over the scale's items
	 * (R multilevel's ad.m, type "mean"); in answer units, 0 = full
	 * agreement. NAN below 2 complete rows (as rwg_j), for a scale of more
	 * than 101 options or from partials without answer counts. */
	double ad_m;
} sdt_team_scale_stats;

/* An outcome item's figures, from the counts of its answers. */
typedef struct sdt_outcome_stats {
	const char *id;    /* the item id */
	size_t n;          /* answers */
	double mean, sd;
	double favourable; /* share of answers from the item's favourable_min up, 0..1 */
	int enps;          /* 1 for an eNPS item (0..10) */
	/* eNPS items: the shares of promoters (9-10) and detractors (0-6), the
	 * eNPS 100 (p+ - p-) in points, and its 95 % Wald interval from
	 * Var = (p+ + p- - (p+ - p-)^2) / n (clamped to -100..100); else NAN */
	double promoters, detractors, enps_score, enps_ci[2];
	/* sdt_hidden: fewer than min_group answers in the organisation: every
	 * figure but n is NAN */
	int hidden;
} sdt_outcome_stats;

/* The figures of one outcome from the counts of its answers: counts[k] of
 * value lo + k, k = 0 .. hi - lo; fav_min its first favourable value; an
 * eNPS item when is_enps (0..10). out->id is left to the caller. A NULL
 * out or counts, or hi < lo, is SDT_EUSAGE. */
SDT_API int sdt_outcome_from_counts(sdt_outcome_stats *out, const double *counts, int lo,
                                    int hi, int fav_min, int is_enps);

typedef struct sdt_team_stats {
	const char *team; /* full path */
	size_t n;         /* accepted responses with this team */
	int suppressed;   /* no figures (scales == NULL) */
	int suppressed_reason; /* sdt_hidden: SDT_HIDDEN_MIN_GROUP or _PROTECTION */
	sdt_team_scale_stats *scales; /* n_scales entries, or NULL if suppressed */
	/* n_outcomes entries, or NULL if suppressed: a team hidden for its
	 * scales is hidden for its outcomes, and one whose outcome answers the
	 * disclosure rules hide is hidden as a whole */
	sdt_outcome_stats *outcomes;
} sdt_team_stats;

typedef struct sdt_stats {
	const char *instrument;
	size_t rows;
	sdt_missing_mode missing;
	size_t min_group;
	int protected;    /* 0 only with sdt_stats_options.no_protection */
	size_t n_scales;
	sdt_scale_stats *scales;         /* instrument order */
	size_t n_composites;
	sdt_composite_stats *composites; /* instrument order */
	size_t n_teams;
	sdt_team_stats *teams;           /* sorted by path (byte order) */
	size_t n_outcomes;
	sdt_outcome_stats *outcomes;     /* the instrument's outcome items, in order */
} sdt_stats;

/* Compute every statistic from an accumulator. `opt` may be NULL for
 * defaults (pairwise, min_group 5, protected). Protected, the teams are
 * decided by the disclosure engine (sdt_disclosure.h) per scale, against
 * the organisation's figures: a team under min_group, or one whose
 * figures would let a smaller team (or the respondents without a team) be
 * worked out, is suppressed with its reason. Caller frees *out with sdt_stats_free().
 * Undefined figures are NAN with a warning; this only fails on ENOMEM or
 * an unexpected numerical failure. */
struct sdt_groups; /* sdt_groups.h */

/* The outcome items' figures of every group of `g` (computed from the same
 * responses as `a`): *out gets g->n_groups * n_outcomes entries, group k's
 * outcome o at [k * n_outcomes + o], or NULL for an instrument without
 * outcome items. A cell is hidden (figures NAN, `hidden` its reason) when
 * its group is hidden or the disclosure engine, deciding each outcome over
 * the teams as the groups' scales are decided, hides it. Free *out with
 * sdt_groups_outcomes_free(). */
SDT_API int sdt_groups_outcomes(sdt_outcome_stats **out, const struct sdt_groups *g,
                                const sdt_accum *a);
/* NULL is a no-op. */
SDT_API void sdt_groups_outcomes_free(sdt_outcome_stats *x);

SDT_API int sdt_stats_compute(sdt_stats **out, const sdt_accum *a,
                      const sdt_stats_options *opt);
SDT_API void sdt_stats_free(sdt_stats *st);

/* ---- The JSON document of `sdtscore stats --format json` ---- */

struct sdt_wave_compare; /* sdt_waves.h */
struct sdt_focus;        /* sdt_focus.h */
struct sdt_drivers;      /* sdt_drivers.h */
struct sdt_need_links;   /* sdt_needs.h */

/* What the document holds beyond `st`; every member may be NULL. */
#define SDT_STATS_JSON_OPTIONS_VERSION 1
typedef struct sdt_stats_json_options {
	unsigned int version; /* SDT_STATS_JSON_OPTIONS_VERSION */
	/* changes since the previous wave ("change" per scale and team, and
	 * "waves"), made from the same `st` */
	const struct sdt_wave_compare *waves;
	/* "focus" per shown team: st->n_teams entries in st->teams' order
	 * (n = 0 for none), with the instrument that names their items */
	const struct sdt_focus *focus;
	const sdt_instrument *ins;
	const struct sdt_drivers *drivers; /* "drivers" */
	const struct sdt_need_links *needs; /* "needs" */
	/* "careless": the rules chosen (SDT_CARELESS_* bits; 0 writes
	 * nothing) and what the run counted under them */
	unsigned careless;
	const sdt_run_counts *counts;
} sdt_stats_json_options;
#define SDT_STATS_JSON_OPTIONS_INIT {SDT_STATS_JSON_OPTIONS_VERSION, NULL, NULL, NULL, NULL, \
	NULL, 0, NULL}

/* Set *opt to SDT_STATS_JSON_OPTIONS_INIT for `version`. SDT_EUSAGE for a
 * version this library does not know. */
SDT_API int sdt_stats_json_options_init(sdt_stats_json_options *opt, unsigned int version);

/* Write `st` to `fp` as the stats JSON document (README, "stats --format
 * json"): instrument, rows, missing, min_group, protected, scales with
 * items, composites, teams; hidden figures are null with their
 * "suppressed_reason". `opt` may be NULL (nothing more). Writes the same
 * bytes as the sdtscore CLI. SDT_OK, or SDT_EUSAGE (nothing written) for
 * an unknown opt->version or focus without ins; write errors stay in the
 * stream's error indicator. */
SDT_API int sdt_stats_write_json(FILE *fp, const sdt_stats *st,
                                 const sdt_stats_json_options *opt);

#ifdef __cplusplus
}
#endif
#endif
