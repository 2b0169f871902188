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
#define SDT_CARELESS_ALL 0x7u

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
} sdt_careless;

/* The rules that apply to `ins`: every rule but evenodd on instruments of
 * fewer than SDT_CARELESS_EVENODD_MIN_SCALES scales of two items or more. */
SDT_API unsigned sdt_careless_rules_for(const sdt_instrument *ins);

/* The indices and flags of response r: longstring from its raw answers,
 * IRV and even-odd from `keyed`, the answers after reverse keying that
 * sdt_score_response() leaves in sdt_scores.keyed (instrument order, NAN =
 * missing); flags only for the rules that apply to ins. */
SDT_API void sdt_careless_compute(sdt_careless *out, const sdt_instrument *ins,
                                  const sdt_response *r, const double *keyed);

/* A comma-separated list of rule names ("longstring,irv,evenodd", or
 * "all") into a set. SDT_EUSAGE names an unknown rule. */
SDT_API int sdt_careless_parse(unsigned *rules, const char *list);

/* The name of one rule bit ("longstring", "irv", "evenodd"), or "". */
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
