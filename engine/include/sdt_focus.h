/*
 * sdt_focus.h - what a team's supervisor could work on, read from the
 * team's published figures: the study's three needs (autonomy,
 * competence, relatedness), each read together with the supervisor's
 * support for it (Keronen, Lemmetty & Collin 2025).
 *
 * The rule (documented in the README, tested on crafted teams):
 *  - a scale is low for a group when it is significantly below the rest of
 *    the organisation (Welch, Benjamini-Hochberg adjusted p < alpha over
 *    every group x scale of the run) or Hedges' g <= -g_low; high the same
 *    way round; a frustration scale counts the other way (a high mean is
 *    the problem);
 *  - a need whose satisfaction is low (or frustration high):
 *    with the supervisor's support for it low, or not measured, coaching
 *    practices are the lever (SDT_LEVER_SUPERVISOR); with support not low,
 *    the cause lies beyond the supervisor (workload, structures, the wider
 *    organisation) and no practice is given (SDT_LEVER_BEYOND);
 *  - low support alone is a supervisor lever too;
 *  - a need that is high (or support that is high) is a strength: named,
 *    never given practices;
 *  - each need appears once; practices come from one catalogue with stable
 *    ids, and the remote-work practice only where the team's breakdown by
 *    the remote attribute is published and shows its remote members' need
 *    satisfaction below the rest of the team.
 * Only cells the disclosure engine published are read.
 */
#ifndef SDT_FOCUS_H
#define SDT_FOCUS_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_breakdown.h"
#include "sdt_groups.h"
#include "sdt_instrument.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sdt_lever {
	SDT_LEVER_SUPERVISOR = 1, /* coaching practices are the lever */
	SDT_LEVER_BEYOND,         /* low, though the supervisor's support is not */
	SDT_LEVER_STRENGTH        /* high: name it, prescribe nothing */
} sdt_lever;

/* "supervisor", "beyond" or "strength". */
SDT_API const char *sdt_lever_name(sdt_lever lever);

#define SDT_FOCUS_MAX 12
#define SDT_FOCUS_ITEMS 2
#define SDT_FOCUS_PRACTICES 4

typedef struct sdt_focus_area {
	size_t scale;        /* the scale the reason rests on */
	sdt_need need;
	sdt_lever lever;
	double effect;       /* Hedges' g against the rest, favourable direction */
	size_t n_items;
	size_t items[SDT_FOCUS_ITEMS];  /* weakest items first (focus areas only) */
	size_t n_practices;
	const char *practices[SDT_FOCUS_PRACTICES]; /* catalogue ids (static) */
} sdt_focus_area;

/* Focus areas strongest reason first (most negative effect), then
 * strengths (most positive first). */
typedef struct sdt_focus {
	size_t n;
	sdt_focus_area areas[SDT_FOCUS_MAX];
} sdt_focus;

typedef struct sdt_focus_options {
	unsigned int version; /* SDT_FOCUS_OPTIONS_VERSION (SDT_FOCUS_OPTIONS_INIT sets it) */
	double alpha;               /* significance after BH adjustment (0.05) */
	double g_low;               /* |g| that counts without significance (0.5) */
	const sdt_breakdown *remote; /* the breakdown by the remote attribute, or NULL */
	const char *remote_value;   /* its value for remote members ("remote") */
} sdt_focus_options;

#define SDT_FOCUS_OPTIONS_VERSION 1
#define SDT_FOCUS_OPTIONS_INIT {SDT_FOCUS_OPTIONS_VERSION, 0.05, 0.5, NULL, "remote"}

/* The focus of group `group` of gs (computed for ins). SDT_EUSAGE for a
 * group out of range; the organisation itself (group 0) has no
 * comparator and gets an empty focus. opt NULL: the defaults. */
SDT_API int sdt_focus_compute(sdt_focus *out, const sdt_groups *gs, size_t group,
                      const sdt_instrument *ins, const sdt_focus_options *opt);

/* The practice catalogue: stable ids ("autonomy.reasons", ...), each
 * serving one need. Texts are the report's (en, fi, sv). */
SDT_API size_t sdt_practice_count(void);
SDT_API const char *sdt_practice_id(size_t k);
SDT_API sdt_need sdt_practice_need(size_t k);
/* Index of practice `id`, or -1. */
SDT_API long sdt_practice_find(const char *id);

#ifdef __cplusplus
}
#endif
#endif
