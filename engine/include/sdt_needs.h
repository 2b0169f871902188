/*
 * sdt_needs.h - how each need's scales go together, in the organisation:
 * satisfaction with frustration (when they move as one bipolar scale, a
 * reader should not act on frustration alone) and the supervisor's support
 * with the need it is meant to support (a controlled trial, Tafvelin et
 * al. 2019, found training in need support did not measurably raise need
 * satisfaction, so the link is worth checking where you are).
 */
#ifndef SDT_NEEDS_H
#define SDT_NEEDS_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Correlations at or below this make satisfaction and frustration "one
 * bipolar scale" for the warning: about half their variance shared. */
#define SDT_NEEDS_BIPOLAR_R (-0.70)

/* A Pearson correlation with its 95 % confidence interval (Fisher's z, as
 * R's cor.test); all NAN when undefined or with too few respondents. */
typedef struct sdt_corr {
	double r, lo, hi;
} sdt_corr;

typedef struct sdt_need_link {
	sdt_need need;
	/* scale indices; SDT_NEEDS_NONE where the instrument has no such scale */
	size_t satisfaction, frustration, support;
	sdt_corr satisfaction_frustration;
	sdt_corr support_satisfaction;
	int bipolar; /* satisfaction_frustration.r <= SDT_NEEDS_BIPOLAR_R */
} sdt_need_link;

#define SDT_NEEDS_NONE ((size_t)-1)

/* The same correlations in one team or department (a team path or one of
 * its '/' prefixes): per link of sdt_need_links, in its order. */
typedef struct sdt_need_group {
	char *team;
	size_t n;                  /* its respondents scored on every scale */
	sdt_corr *satisfaction_frustration; /* [n_links] */
	sdt_corr *support_satisfaction;     /* [n_links] */
} sdt_need_group;

typedef struct sdt_need_links {
	size_t n;         /* respondents scored on every scale */
	size_t n_links;   /* needs with a satisfaction scale, need order */
	sdt_need_link *links;
	/* teams and departments with min_n such respondents and min_n outside
	 * them (as the drivers' groups), sorted by path; none from partials
	 * without per-team scale scores */
	size_t n_groups;
	sdt_need_group *groups;
} sdt_need_links;

/* The links of every need that has a satisfaction scale and a frustration
 * or support scale, from the scale-score co-moments of accumulator a (the
 * respondents scored on every scale, as the drivers). Below min_n such
 * respondents (0: 30) the correlations are NAN. Caller frees *out with
 * sdt_need_links_free(). SDT_OK or SDT_ENOMEM. */
SDT_API int sdt_need_links_compute(sdt_need_links **out, const sdt_accum *a, size_t min_n);
SDT_API void sdt_need_links_free(sdt_need_links *l);

#ifdef __cplusplus
}
#endif
#endif
