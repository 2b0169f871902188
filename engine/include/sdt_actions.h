/*
 * sdt_actions.h - closing the loop between waves: the focus areas a
 * report proposed for each published team (sdt_focus.h), written as a
 * CSV that HR marks, read back at the next wave, and the change of each
 * chosen need since then.
 *
 * The file: a header `team,scale,wave,mean,chosen`, then one record per
 * proposed focus area (never a strength): the team's full path, the
 * scale's id, the wave it was proposed in, the team's mean then and
 * `chosen` ("yes", "no" or empty). Text cells that begin with = + - @
 * are written with a leading ' (CSV injection) and read back without it.
 *
 * Privacy: the follow-up shows only a change the report publishes
 * anyway (sdt_report_trend_changes(): none for a group hidden in either
 * wave); the file holds means the report already shows.
 */
#ifndef SDT_ACTIONS_H
#define SDT_ACTIONS_H

#include "sdt_api.h"

#include <stddef.h>
#include <stdio.h>

#include "sdt_focus.h"
#include "sdt_groups.h"
#include "sdt_instrument.h"
#include "sdt_waves.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_action {
	char *team;          /* full group path */
	size_t scale;        /* instrument scale index */
	char *wave;          /* the wave it was proposed in ("" when unnamed) */
	double mean;         /* the team's mean then; NAN when the file leaves it empty */
	int chosen;          /* 1: marked "yes"; 0: "no" or empty */
	unsigned long line;  /* the file's line it was read from; 0 when proposed */
} sdt_action;

typedef struct sdt_actions {
	size_t n;
	sdt_action *rows;    /* proposed: in group order, each team's focus order */
} sdt_actions;

/* The focus areas (lever supervisor or beyond, not strengths) of every
 * published team of `gs`: a group below the organisation with members of
 * its own (n_direct > 0) that is not hidden, as the report's Actions
 * sheet lists them; `wave` (may be NULL: "") names the wave. opt NULL:
 * the focus defaults. Caller frees with sdt_actions_free(). */
SDT_API int sdt_actions_propose(sdt_actions **out, const sdt_groups *gs,
                                const sdt_instrument *ins, const char *wave,
                                const sdt_focus_options *opt);

/* Write `a` as the CSV above (chosen rows "yes", others empty); means in
 * the shortest form that reads back to the same double. Write errors stay
 * in the stream's error indicator. */
SDT_API int sdt_actions_write_csv(FILE *fp, const sdt_actions *a, const sdt_instrument *ins);

/* Read a marked file (sdt_csv.h: ',' ';' or tab, BOM) against this run's
 * groups and instrument. SDT_EIO when unreadable; SDT_EDATA with
 * "FILE:LINE: what" for a header other than team,scale,wave,mean,chosen,
 * a record of other than five cells, a team that is no group of `gs`, an
 * unknown scale id, a mean that is not a number, `chosen` other than
 * yes/no/empty (any case), or a team and scale given twice. Caller frees
 * with sdt_actions_free(). */
SDT_API int sdt_actions_read(sdt_actions **out, const char *path, const sdt_groups *gs,
                             const sdt_instrument *ins);

/* NULL is a no-op. */
SDT_API void sdt_actions_free(sdt_actions *a);

/* 1 when `a` (may be NULL) marks scale `scale` of team `team` chosen. */
SDT_API int sdt_actions_chosen(const sdt_actions *a, const char *team, size_t scale);

typedef enum sdt_action_result {
	SDT_ACTION_NOT_SHOWN = 0, /* no change published (hidden in either wave, new) */
	SDT_ACTION_IMPROVED,      /* significant change the favourable way */
	SDT_ACTION_WORSENED,      /* significant change the unfavourable way */
	SDT_ACTION_NO_CLEAR_CHANGE /* a change shown, not significant */
} sdt_action_result;

/* Whether a chosen need moved: `c` is the published change of its group
 * and scale (NULL or test SDT_TEST_NONE: not shown); significant means
 * its Benjamini-Hochberg adjusted p < alpha (0: 0.05), as the Trend sheet
 * frames a change; favourable is up, except on a frustration scale. */
SDT_API sdt_action_result sdt_action_result_of(const sdt_change *c, sdt_valence valence,
                                               double alpha);

/* "not_shown", "improved", "worsened" or "no_clear_change". */
SDT_API const char *sdt_action_result_name(sdt_action_result r);

#ifdef __cplusplus
}
#endif
#endif
