/*
 * sdt_breakdown.h - each group's scores split by a respondent attribute
 * (e.g. work_mode = onsite / hybrid / remote), with anonymity in both
 * directions.
 *
 * Which cells are published is decided by the disclosure engine together
 * with the groups' own cells (sdt_groupacc_by names the attribute to the
 * group accumulator, so that one system per scale covers both
 * directions: values within a group, and groups within a value).
 */
#ifndef SDT_BREAKDOWN_H
#define SDT_BREAKDOWN_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_groups.h"
#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_score.h"

#ifdef __cplusplus
extern "C" {
#endif

/* At most this many distinct values an attribute may have. */
#define SDT_BREAKDOWN_MAX_VALUES 64

typedef struct sdt_breakdownacc sdt_breakdownacc;

/* Gather per-team, per-value sums for `attribute` (copied). `ins` must
 * outlive it. Caller frees with sdt_breakdownacc_free(). */
SDT_API int sdt_breakdownacc_new(sdt_breakdownacc **out, const sdt_instrument *ins,
                         const char *attribute);
SDT_API void sdt_breakdownacc_free(sdt_breakdownacc *acc);

/* Add one accepted response. SDT_ELIMIT when the attribute takes more
 * than SDT_BREAKDOWN_MAX_VALUES values. */
SDT_API int sdt_breakdownacc_add(sdt_breakdownacc *acc, const sdt_response *r,
                         const sdt_scores *s);
/* Add `from` (responses that follow those of `into`, for the same
 * attribute) to `into`; values new to `into` come after its own, so the
 * values' order is that of one pass. SDT_ELIMIT, naming the respondent who
 * first gave the value over the limit, when the union exceeds
 * SDT_BREAKDOWN_MAX_VALUES. */
SDT_API int sdt_breakdownacc_merge(sdt_breakdownacc *into, const sdt_breakdownacc *from);

typedef struct sdt_breakdown_cell {
	int hidden;        /* sdt_hidden reason, 0 shown; n is shown either way */
	size_t n;          /* scored respondents with this value in the group */
	double mean, sd;
	/* against the rest of the same group (other values and none) */
	double diff, t, df, p, p_adjusted, hedges_g;
	int significant;
} sdt_breakdown_cell;

typedef struct sdt_breakdown {
	char *attribute;
	size_t n_values;
	char **values;       /* sorted (byte order) */
	size_t n_groups;     /* as in the sdt_groups it was computed for */
	size_t n_scales;
	sdt_breakdown_cell *cells; /* [group][value][scale] */
} sdt_breakdown;

/* The cell of group g, value v, scale j. */
SDT_API const sdt_breakdown_cell *sdt_breakdown_cell_at(const sdt_breakdown *b,
                                                size_t g, size_t v, size_t j);

/* Split every group of `groups` (computed from the same responses, with
 * sdt_groupacc_by(attribute)) by the attribute, take its decisions, and test each visible cell against the
 * rest of its group (Welch; Benjamini-Hochberg over all visible cells of
 * the breakdown). Caller frees with sdt_breakdown_free(). */
SDT_API int sdt_breakdown_compute(sdt_breakdown **out, const sdt_breakdownacc *acc,
                          const sdt_groups *groups, double alpha);
SDT_API void sdt_breakdown_free(sdt_breakdown *b);

#ifdef __cplusplus
}
#endif
#endif
