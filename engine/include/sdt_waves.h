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
 *
 * Publishing: sdt_wave_change() is the bare test and hides nothing. The
 * library applies the disclosure rule itself where changes are published:
 * sdt_wave_compare_new() for a stats run's teams and
 * sdt_report_trend_changes() (sdt_report.h) for a report's groups show no
 * change for a group hidden in either wave, so an embedder never has to
 * implement it.
 */
#ifndef SDT_WAVES_H
#define SDT_WAVES_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_groups.h"
#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_score.h"
#include "sdt_stats.h"

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
 * in the order given; returns the number of respondents moved, which the
 * wave also adds up (sdt_wave_renamed). */
SDT_API int sdt_wave_rename(sdt_wave *w, const char *from, const char *to,
                    size_t *moved);

/* Sort by id and index the wave; call once after the last add/rename and
 * before sdt_wave_change(). SDT_EDATA if an id repeats. */
SDT_API int sdt_wave_finish(sdt_wave *w);

/* Respondents whose team is `path` (exact != 0) or `path` or below it
 * (exact == 0); NULL path counts everyone. */
SDT_API size_t sdt_wave_group_size(const sdt_wave *w, const char *path, int exact);

/* Respondents moved by every sdt_wave_rename() call on `w` so far. */
SDT_API size_t sdt_wave_renamed(const sdt_wave *w);

/* ---- Team renames between waves ---- */

/* The reorganisations since earlier waves: (old path, new path) pairs,
 * applied in order, each moving a path and everything below it. */
typedef struct sdt_wave_renames sdt_wave_renames;

/* A new, empty list. Caller frees with sdt_wave_renames_free(). */
SDT_API int sdt_wave_renames_new(sdt_wave_renames **out);
/* NULL is a no-op. */
SDT_API void sdt_wave_renames_free(sdt_wave_renames *r);

/* Append the pair (both copied; neither may be empty: SDT_EUSAGE). */
SDT_API int sdt_wave_renames_add(sdt_wave_renames *r, const char *from, const char *to);

/* Append the pairs of a CSV file (sdt_csv.h): records "old path,new path",
 * an optional header "old,new". SDT_EIO when unreadable; SDT_EDATA with
 * "FILE:LINE: what" for a record of other than two cells or an empty path. */
SDT_API int sdt_wave_renames_read(sdt_wave_renames *r, const char *path);

/* Number of pairs. */
SDT_API size_t sdt_wave_renames_count(const sdt_wave_renames *r);

/* The pairs as sdt_groups_compute_moved() takes them, into *out; the
 * arrays stay owned by `r` and valid until it changes or is freed. */
SDT_API void sdt_wave_renames_pairs(sdt_groups_rename *out, const sdt_wave_renames *r);

/* Apply every pair in order to the (unfinished) wave `w`; *moved (may be
 * NULL) receives the respondents moved. SDT_OK or SDT_ENOMEM. */
SDT_API int sdt_wave_renames_apply(size_t *moved, sdt_wave *w, const sdt_wave_renames *r);

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
 * NULL for every respondent. When either wave has fewer than two scored
 * respondents the test is SDT_TEST_NONE and the figures are NAN. The bare
 * test: it hides nothing, so publish changes through sdt_wave_compare_new()
 * or sdt_report_trend_changes(), which apply the disclosure rule. */
SDT_API int sdt_wave_change(sdt_change *out, const sdt_wave *prev, const sdt_wave *cur,
                    const char *path, int exact, size_t scale);

/* The changes of many groups at once: out[g * scales + s] for paths[g]
 * on scale s, each as sdt_wave_change(out, prev, cur, paths[g], exact, s)
 * gives it (the same bits), in one pass over both waves rather than one
 * a group and scale, which for ten thousand teams took minutes. `out`
 * holds n_paths times the waves' scales. The bare test, as
 * sdt_wave_change. */
SDT_API int sdt_wave_changes(sdt_change *out, const sdt_wave *prev, const sdt_wave *cur,
                             const char *const *paths, size_t n_paths, int exact);

/* Benjamini-Hochberg over `n` changes (those with test NONE are skipped). */
SDT_API int sdt_change_adjust(sdt_change *const *changes, size_t n);

/* "paired", "welch" or "none". */
SDT_API const char *sdt_change_test_name(sdt_change_test t);

/* ---- Comparing a stats run's teams across waves, protected ---- */

/* The changes of the organisation and each team of one stats run since
 * the previous wave, with the disclosure rule applied, and which teams
 * appeared or disappeared. */
typedef struct sdt_wave_compare sdt_wave_compare;

/* Compare the last two of waves[0..n_waves) (oldest first, each finished
 * with sdt_wave_finish(), earlier ones renamed to today's team paths;
 * n_waves >= 2) for the organisation and every team of `st`, which must
 * be computed from the last wave's responses. A change is shown only for
 * a group shown in both waves: a team suppressed in `st`, or a group with
 * fewer than st->min_group respondents in the previous wave, gets none
 * (the previous wave would have hidden it; a new team is listed as
 * appeared). The shown changes are Benjamini-Hochberg adjusted together.
 * `waves` and `st` must outlive the result. Caller frees with
 * sdt_wave_compare_free(). SDT_EUSAGE when n_waves < 2. */
SDT_API int sdt_wave_compare_new(sdt_wave_compare **out, const sdt_wave *const *waves,
                                 size_t n_waves, const sdt_stats *st);
/* NULL is a no-op. */
SDT_API void sdt_wave_compare_free(sdt_wave_compare *c);

/* The change of team `team` (index into st->teams; -1 the organisation)
 * on scale `scale`, or NULL when none is shown (hidden in either wave, or
 * out of range). Owned by `c`. */
SDT_API const sdt_change *sdt_wave_compare_change(const sdt_wave_compare *c, long team,
                                                  size_t scale);

/* The waves compared (n_waves of them, as given) and the respondents
 * moved by renames in the earlier waves. */
SDT_API size_t sdt_wave_compare_wave_count(const sdt_wave_compare *c);
SDT_API const sdt_wave *sdt_wave_compare_wave(const sdt_wave_compare *c, size_t k);
SDT_API size_t sdt_wave_compare_renamed(const sdt_wave_compare *c);

/* Teams of `st` nobody had in the previous wave (*teams into st's
 * strings, in st's order), and teams of the previous wave that `st` does
 * not have (sorted, byte order). The arrays are owned by `c`. */
SDT_API void sdt_wave_compare_appeared(const char *const **teams, size_t *n,
                                       const sdt_wave_compare *c);
SDT_API void sdt_wave_compare_disappeared(const char *const **teams, size_t *n,
                                          const sdt_wave_compare *c);

#ifdef __cplusplus
}
#endif
#endif
