/*
 * sdt_quality.h - careless-response flags for the data-quality summary:
 * long strings of identical answers and zero within-person variance.
 * Flags are counted, never used to drop anyone: that is the analyst's call.
 */
#ifndef SDT_QUALITY_H
#define SDT_QUALITY_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_score.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_quality {
	size_t responses;     /* accepted responses seen */
	size_t no_team;       /* of which without a team */
	size_t zero_variance; /* >= 4 answers, all the same value */
	size_t long_string;   /* a run of >= long_string_min identical answers */
	size_t long_string_min;
	size_t min_answers;   /* answers needed for the zero-variance flag */
	size_t irv;           /* careless::irv per scale at least irv_max */
	double irv_max;       /* as sdt_careless.h: the SD of random answers */
	const sdt_instrument *ins;
} sdt_quality;

/* Start counting for `ins`: a long string is at least half the items in
 * a row (at least 6); zero variance needs at least 4 answers. */
SDT_API void sdt_quality_init(sdt_quality *q, const sdt_instrument *ins);

/* Flag one accepted response (raw answers, in instrument item order) with
 * its scores from sdt_score_response(). */
SDT_API void sdt_quality_add(sdt_quality *q, const sdt_response *r, const sdt_scores *s);

/* Add the counts of `from` (same instrument) to `into`; NULL: nothing. */
SDT_API void sdt_quality_merge(sdt_quality *into, const sdt_quality *from);

#ifdef __cplusplus
}
#endif
#endif
