/*
 * sdt_careless.h - careless-responding indices of one response, as R's
 * careless package defines them, and the rules that may exclude it
 * (stats/score/report --exclude-careless). Nobody is excluded unless the
 * caller names the rules: the indices are counted either way.
 */
#ifndef SDT_CARELESS_H
#define SDT_CARELESS_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_reader.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rules, as bits of a set. */
#define SDT_CARELESS_LONGSTRING 0x1u
#define SDT_CARELESS_IRV 0x2u
#define SDT_CARELESS_EVENODD 0x4u
#define SDT_CARELESS_MAHALANOBIS 0x8u
#define SDT_CARELESS_SPEEDERS 0x10u
#define SDT_CARELESS_ALL 0x1fu
/* How many rules there are (bit k of a set is rule k). */
#define SDT_CARELESS_N_RULES 5

/* Mahalanobis D^2 above the chi-square quantile at this level, with as
 * many degrees of freedom as the instrument has rating items (an outcome
 * on its own range and a comment are left out), flags a response:
 * careless::mahad(flag = TRUE) with its default confidence. */
#define SDT_CARELESS_MAHAD_CONFIDENCE 0.99
/* A response that took less than this many seconds per rating item of
 * the instrument is a speeder: Huang et al. (2012) and Wood et al. (2017),
 * 2 s an item, faster than anyone can read and answer. */
#define SDT_CARELESS_SPEEDER_SECONDS 2.0

/* Even-odd consistency below this flags a response (Johnson 2005: .30). */
#define SDT_CARELESS_EVENODD_MIN 0.30
/* ... on instruments with at least this many scales of two items or more:
 * Johnson had 30 facets; over 6 (BPNSFS) or 9 (the pulse) scales the
 * correlation is so noisy that it flags 13 % and 26 % of simulated honest
 * respondents (sdtscore simulate, loading 0.7), so the rule does not apply
 * there; even over 12 scales of 4 items it flags 9.5 %. */
#define SDT_CARELESS_EVENODD_MIN_SCALES 10

typedef struct sdt_careless {
	/* longest run of identical answers over the answered items in
	 * instrument order (a skipped item neither breaks nor extends a run) */
	size_t longstring;
	size_t longstring_min; /* the rule: half the items, at least 6 */
	/* careless::irv applied to each scale's reverse-keyed answers (the SD,
	 * n - 1, of the answered items), averaged over the scales with two
	 * answers or more; NAN when none. Per scale, because satisfaction and
	 * frustration scales legitimately sit at opposite ends. */
	double irv;
	/* the rule: at least the SD of answers drawn uniformly at random,
	 * sqrt((A^2 - 1) / 12) for A options (Marjanovic et al. 2015) */
	double irv_max;
	/* careless::evenodd over the scales (items in scale order, keyed):
	 * the correlation of the scales' even-item and odd-item means,
	 * Spearman-Brown corrected, at least -1; NAN with fewer than three
	 * scales having both halves, or no variance among them */
	double evenodd;
	unsigned flags; /* the rules this response breaks */
	/* Mahalanobis D^2 (sdt_careless_mahad_apply; NAN until then, and for
	 * a response without answers) and the rule's cutoff */
	double d2;
	double d2_max;
	/* the response's duration in seconds (sdt_careless_duration; NAN
	 * until then and when it has none) and the speeder rule:
	 * SDT_CARELESS_SPEEDER_SECONDS (or the run's threshold) times the
	 * instrument's rating items; no duration is no flag */
	double duration;
	double duration_min;
	/* the seconds per rating item duration_min was made of */
	double duration_per_item;
} sdt_careless;

/* The rules that apply to `ins`: every rule but evenodd on instruments of
 * fewer than SDT_CARELESS_EVENODD_MIN_SCALES scales of two items or more.
 * (Speeders need a duration, mahalanobis a whole sample: the run checks.) */
SDT_API unsigned sdt_careless_rules_for(const sdt_instrument *ins);

/* The indices and flags of response r: longstring from its raw answers,
 * IRV and even-odd from `keyed`, the answers after reverse keying that
 * sdt_score_response() leaves in sdt_scores.keyed (instrument order, NAN =
 * missing); flags only for the rules that apply to ins. D^2 and the
 * duration are NAN here: see sdt_careless_mahad_apply and
 * sdt_careless_duration. */
SDT_API void sdt_careless_compute(sdt_careless *out, const sdt_instrument *ins,
                                  const sdt_response *r, const double *keyed);

/* Set c->duration to `seconds` (a reader's sdt_response.duration; NAN
 * for none) and the SDT_CARELESS_SPEEDERS flag when it is below
 * c->duration_min. */
SDT_API void sdt_careless_duration(sdt_careless *c, const sdt_instrument *ins, double seconds);
/* As sdt_careless_duration, with per_item seconds per rating item as the
 * speeder threshold instead of SDT_CARELESS_SPEEDER_SECONDS (zero, a
 * negative number or NAN: that default). */
SDT_API void sdt_careless_duration_at(sdt_careless *c, const sdt_instrument *ins,
                                      double seconds, double per_item);

/* Mahalanobis D^2 as careless::mahad (psych::outlier) computes it: the
 * covariance of the instrument's items over a whole sample, pairwise
 * complete as R's cov(use = "pairwise"), its inverse S, and the item
 * means m over the answers given; a response's D^2 is the sum of
 * (x_i - m_i) S_ij (x_j - m_j) over the items i, j it answered (a missing
 * answer adds nothing, as there), from raw answers (reverse keying does
 * not change D^2). A response with no answer has none. It needs the
 * sample first: feed every response with _add, then _finish, then judge
 * each with sdt_careless_mahad_apply. */
typedef struct sdt_careless_mahad sdt_careless_mahad;

/* A new empty sample for `ins`, which must outlive it. The caller frees
 * *out with sdt_careless_mahad_free(). */
SDT_API int sdt_careless_mahad_new(sdt_careless_mahad **out, const sdt_instrument *ins);

/* Add one response's raw answers to the sample. */
SDT_API void sdt_careless_mahad_add(sdt_careless_mahad *m, const sdt_response *r);

/* Invert the sample's covariance. SDT_EDATA (kind "mahalanobis_singular")
 * when it is singular: an item nobody answered or answered alike, fewer
 * answers than items, or items that are copies of each other. */
SDT_API int sdt_careless_mahad_finish(sdt_careless_mahad *m);

/* The cutoff: the chi-square quantile at SDT_CARELESS_MAHAD_CONFIDENCE
 * with the instrument's item count as degrees of freedom. */
SDT_API double sdt_careless_mahad_cutoff(const sdt_careless_mahad *m);

/* Set c->d2, c->d2_max and the SDT_CARELESS_MAHALANOBIS flag (D^2 above
 * the cutoff) of response r, after _finish. */
SDT_API void sdt_careless_mahad_apply(const sdt_careless_mahad *m, sdt_careless *c,
                                      const sdt_response *r);

/* Free; NULL is a no-op. */
SDT_API void sdt_careless_mahad_free(sdt_careless_mahad *m);

/* A comma-separated list of rule names ("longstring,irv,evenodd,
 * mahalanobis,speeders", or "all") into a set. SDT_EUSAGE names an
 * unknown rule. */
SDT_API int sdt_careless_parse(unsigned *rules, const char *list);

/* The name of one rule bit ("longstring", "irv", "evenodd",
 * "mahalanobis", "speeders"), or "". */
SDT_API const char *sdt_careless_rule_name(unsigned rule);

/* Why `c` breaks a rule of `rules`, in words, into buf (e.g. "careless
 * responding, irv: 1.52 >= 1.41 (answers within scales as varied as random
 * ones)": the text before ':' names the rule, for tallies);
 * 0 when it breaks none. */
SDT_API int sdt_careless_reason(char *buf, size_t size, const sdt_careless *c,
                                unsigned rules);

#ifdef __cplusplus
}
#endif
#endif
