/*
 * sdt_simulate.h - synthetic responses with a known structure.
 *
 * The simulator draws responses to an instrument from a simple multilevel
 * factor model, so that the scoring and psychometrics can be checked (and
 * demonstrated) on data whose truth is known:
 *
 *   latent_s = sqrt(icc) * team_s + sqrt(1 - icc) * person_s   per scale s
 *   item     = loading * latent_s + sqrt(1 - loading^2) * noise
 *
 * team_s and person_s are standard normal and correlated across scales:
 * a general factor shared by all scales, a factor shared by the scales of
 * one need, and a unique part. Frustration scales (and amotivation) load
 * negatively, so they correlate negatively with satisfaction. The item's
 * normal value is cut into the response scale's points by thresholds that
 * make the points about equally likely, centred a little above the
 * midpoint; reverse-keyed items are then flipped. Answers go missing at
 * random with probability `missing`; a `careless` share of respondents
 * answer one random point on every item (and skip none).
 *
 * Respondents are streamed: memory grows with the number of teams, never
 * with the number of respondents. The same seed gives the same output on
 * every platform (GSL's mt19937 and its normal / uniform draws).
 *
 * Names: one module, "simulate": sdt_simulate_* functions and types
 * (sdt_simulate, sdt_simulate_attribute, sdt_simulate_response). The
 * earlier type names sdt_simulator, sdt_sim_attribute and sdt_sim_response
 * remain as deprecated aliases of the same types until the next soname.
 */
#ifndef SDT_SIMULATE_H
#define SDT_SIMULATE_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One categorical attribute whose value is drawn uniformly per respondent,
 * e.g. name "work_mode" with values onsite, hybrid, remote. */
typedef struct sdt_sim_attribute {
	const char *name;
	const char *const *values;
	size_t n_values;
} sdt_simulate_attribute;

typedef struct sdt_simulate_options {
	unsigned int version; /* SDT_SIMULATE_OPTIONS_VERSION (SDT_SIMULATE_OPTIONS_INIT sets it) */
	size_t respondents; /* N >= 1 */
	size_t teams;       /* 1 <= T <= N */
	double icc;         /* team share of latent variance, 0 <= icc < 1 */
	double loading;     /* item loading on its scale, 0 < loading <= 1 */
	double missing;     /* probability an answer is missing, 0 <= p < 1 */
	double careless;    /* probability a respondent straight-lines, 0..1 */
	unsigned long seed; /* GSL mt19937 seed */
	const sdt_simulate_attribute *attributes; /* may be NULL when n_attributes is 0 */
	size_t n_attributes;
} sdt_simulate_options;

#define SDT_SIMULATE_OPTIONS_VERSION 1
/* Defaults: icc 0.1, loading 0.7, missing 0.02, careless 0.01, seed 1, no
 * attributes; respondents and teams are 0 and must be set. */
#define SDT_SIMULATE_OPTIONS_INIT {SDT_SIMULATE_OPTIONS_VERSION, 0, 0, 0.1, 0.7, 0.02, 0.01, \
	1, NULL, 0}

/* The same defaults into *opt, version included (SDT_SIMULATE_OPTIONS_INIT
 * for a struct that is being declared). */
SDT_API void sdt_simulate_options_init(sdt_simulate_options *opt);

/* One synthetic response, valid until the next sdt_simulate_next() or
 * sdt_simulate_free(). Strings are owned by the simulator. */
typedef struct sdt_sim_response {
	const char *id;   /* "r000001", ... (wider when N needs more digits) */
	const char *team; /* "Org/<Department>/Team NN" */
	size_t n_attributes;
	const char *const *attr_names;  /* as in the options */
	const char *const *attr_values; /* one drawn value per attribute */
	/* One raw answer per instrument item, in instrument order (already
	 * reverse-keyed as a respondent would answer), or SDT_MISSING. */
	const int *values;
	size_t n_values;
	int careless; /* nonzero when this respondent straight-lined */
} sdt_simulate_response;

/* A simulation in progress. */
typedef struct sdt_simulator sdt_simulate;

/* The earlier names of the same types (deprecated). The struct tags keep
 * their first names, so the ABI does not change. */
typedef sdt_simulate_attribute sdt_sim_attribute SDT_DEPRECATED("use sdt_simulate_attribute");
typedef sdt_simulate_response sdt_sim_response SDT_DEPRECATED("use sdt_simulate_response");
typedef sdt_simulate sdt_simulator SDT_DEPRECATED("use sdt_simulate");

/* Check the options (SDT_EUSAGE with a message naming the bad one), lay out
 * the teams and draw their effects. The simulator keeps pointers to `ins`
 * and to the attribute names and values in `opt`, which must outlive it.
 * On success the caller frees *out with sdt_simulate_free(). */
SDT_API int sdt_simulate_new(sdt_simulate **out, const sdt_instrument *ins,
                     const sdt_simulate_options *opt);

/* Draw the next respondent into *resp; *resp is NULL after the last one.
 * Returns SDT_OK. */
SDT_API int sdt_simulate_next(sdt_simulate *sim, const sdt_simulate_response **resp);

/* The teams laid out by sdt_simulate_new(): count, path and planned size
 * of the i-th (sizes sum to the number of respondents). */
SDT_API size_t sdt_simulate_team_count(const sdt_simulate *sim);
SDT_API const char *sdt_simulate_team_path(const sdt_simulate *sim, size_t i);
SDT_API size_t sdt_simulate_team_size(const sdt_simulate *sim, size_t i);

/* Free a simulator; NULL is a no-op. */
SDT_API void sdt_simulate_free(sdt_simulate *sim);

#ifdef __cplusplus
}
#endif
#endif
