/*
 * sdt_waves.h - change between pulse waves.
 *
 * A wave keeps each accepted respondent's id, team and scale scores, so
 * that a group whose members are the same in both waves can be tested
 * paired. This is the one place besides the bootstrap where memory grows
 * with respondents: O(respondents x scales) per wave.
 *
 * Privacy: a paired (matched-subset) figure is published only when the
 * group's membership is identical in both waves. When even one respondent
 * joined or left, the change is the difference of the two wave means,
 * which are published anyway, tested with Welch's t: a matched-subset
 * mean next to the full means would isolate the leavers or joiners.
 */
#ifndef SDT_WAVES_H
#define SDT_WAVES_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_score.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_wave sdt_wave;

/* A new, empty wave named `name` (copied) for `ins`, which must outlive
 * it. Caller frees with sdt_wave_free(). */
SDT_API int sdt_wave_new(sdt_wave **out, const sdt_instrument *ins, const char *name);
SDT_API void sdt_wave_free(sdt_wave *w);
SDT_API const char *sdt_wave_name(const sdt_wave *w);
/* Rename the wave (copied). */
SDT_API int sdt_wave_set_name(sdt_wave *w, const char *name);
SDT_API size_t sdt_wave_count(const sdt_wave *w);
/* The team of the i-th respondent (NULL: none); after sdt_wave_finish()
 * the order is by id. */
SDT_API const char *sdt_wave_team(const sdt_wave *w, size_t i);

/* Keep one accepted response's id, team and scale scores. */
SDT_API int sdt_wave_add(sdt_wave *w, const sdt_response *r, const sdt_scores *s);

/* Move every team at `from` or below it to `to` (a reorganisation):
 * "Org/Old" -> "Org/New" also maps "Org/Old/T1" to "Org/New/T1". Applied
 * in the order given; returns the number of respondents moved. */
SDT_API int sdt_wave_rename(sdt_wave *w, const char *from, const char *to,
                    size_t *moved);

/* Sort by id and index the wave; call once after the last add/rename and
 * before sdt_wave_change(). SDT_EDATA if an id repeats. */
SDT_API int sdt_wave_finish(sdt_wave *w);

/* Respondents whose team is `path` (exact != 0) or `path` or below it
 * (exact == 0); NULL path counts everyone. */
SDT_API size_t sdt_wave_group_size(const sdt_wave *w, const char *path, int exact);

typedef enum sdt_change_test {
	SDT_TEST_NONE = 0, /* no change shown */
	SDT_TEST_PAIRED,   /* identical membership: paired t on score differences */
	SDT_TEST_WELCH     /* membership changed: Welch t on the two wave means */
} sdt_change_test;

typedef struct sdt_change {
	sdt_change_test test;
	size_t n_previous, n_current; /* scored respondents in each wave */
	size_t n_paired;              /* respondents scored in both (paired) */
	size_t joined, left;          /* membership change of the group */
	double previous_mean, current_mean;
	double difference;            /* current - previous */
	double ci[2];                 /* 95 % CI of the difference */
	double t, df, p;
	double p_adjusted;            /* set by sdt_change_adjust() */
	double effect_size;           /* d_z (paired) or Hedges' g (Welch) */
	/* Hedges' g of the two waves' scores (pooled SD) whatever the test:
	 * one measure that reads the same for every group of a report. */
	double hedges_g;
} sdt_change;

/* The change of one group on scale `scale` from `prev` to `cur`. `path`
 * is a team path: with exact == 0 the group and everything below it (a
 * report's roll-up), with exact != 0 that team string only (stats' teams);
 * NULL for every respondent. When either wave has fewer than two scored respondents the
 * test is SDT_TEST_NONE and the figures are NAN. The caller decides
 * suppression (a group hidden in either wave shows no change). */
SDT_API int sdt_wave_change(sdt_change *out, const sdt_wave *prev, const sdt_wave *cur,
                    const char *path, int exact, size_t scale);

/* Benjamini-Hochberg over `n` changes (those with test NONE are skipped). */
SDT_API int sdt_change_adjust(sdt_change *const *changes, size_t n);

/* "paired", "welch" or "none". */
SDT_API const char *sdt_change_test_name(sdt_change_test t);

#ifdef __cplusplus
}
#endif
#endif
