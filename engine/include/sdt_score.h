/*
 * sdt_score.h - scoring one response, and running a whole wave of files
 * through readers, duplicate policy and scoring in one streaming pass.
 */
#ifndef SDT_SCORE_H
#define SDT_SCORE_H

#include "sdt_api.h"

#include <stddef.h>
#include <stdio.h>

#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_careless.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The scores of one response. NAN marks "not scored" throughout. */
typedef struct sdt_scores {
	size_t n_items;
	size_t n_scales;
	size_t n_composites;
	double *keyed;     /* per item: answer after reverse keying, or NAN */
	double *scale;     /* per scale: mean of answered items, or NAN */
	size_t *answered;  /* per scale: number of answered items */
	double *composite; /* per composite: weighted mean, or NAN */
	size_t n_scored;   /* scales with a score */
} sdt_scores;

/* Allocate a score buffer sized for `ins`. Caller frees with
 * sdt_scores_free(). */
SDT_API int sdt_scores_new(sdt_scores **out, const sdt_instrument *ins);
SDT_API void sdt_scores_free(sdt_scores *s);

/* Score `r` into `s` (sized for the same instrument): reverse keying
 * (min + max - x), scale means when at least min_answered items are
 * answered, composites when all their scales are scored. Cannot fail. */
SDT_API void sdt_score_response(sdt_scores *s, const sdt_instrument *ins,
                        const sdt_response *r);

typedef enum sdt_duplicates_policy {
	SDT_DUPLICATES_ERROR = 0, /* a repeated respondent id is an error */
	SDT_DUPLICATES_FIRST,     /* keep the first, leave out later ones */
	SDT_DUPLICATES_LAST       /* keep the last (needs a first pass over the files) */
} sdt_duplicates_policy;

typedef struct sdt_run_options {
	unsigned int version; /* SDT_RUN_OPTIONS_VERSION (SDT_RUN_OPTIONS_INIT sets it) */
	sdt_read_options read;   /* its own version: SDT_READ_OPTIONS_INIT */
	sdt_duplicates_policy duplicates;
	/* careless-responding rules (SDT_CARELESS_* bits, sdt_careless.h)
	 * that leave a response out, with its reason; 0 excludes nobody.
	 * SDT_CARELESS_MAHALANOBIS reads the files twice (the covariance of
	 * the whole sample first), so it cannot read standard input ("-"). */
	unsigned careless;
	/* the speeders rule: a response faster than this many seconds per
	 * rating item is flagged. Zero, a negative number or NAN stand for
	 * SDT_CARELESS_SPEEDER_SECONDS (never for "off": naming the rule is
	 * what turns it on). Version 2; a version 1 struct, which ends before
	 * it, is still accepted and gets the default. */
	double speeder_seconds;
} sdt_run_options;

#define SDT_RUN_OPTIONS_VERSION 2
/* The defaults: SDT_READ_OPTIONS_INIT's, a repeated id is an error. */
#define SDT_RUN_OPTIONS_INIT {SDT_RUN_OPTIONS_VERSION, SDT_READ_OPTIONS_INIT, \
	SDT_DUPLICATES_ERROR, 0, SDT_CARELESS_SPEEDER_SECONDS}

/* What a run saw. Every response read is either accepted or left out. */
typedef struct sdt_run_counts {
	size_t read;           /* responses read from all files */
	size_t accepted;       /* rows: responses that take part */
	size_t scored;         /* accepted responses with at least one scale score */
	size_t left_out;       /* responses left out (duplicates, careless) */
	size_t invalid_values; /* bad values turned missing (SDT_INVALID_MISSING) */
	size_t unknown_items;  /* unknown item answers skipped (ignore_unknown) */
	size_t careless;       /* of left_out: by the careless-responding rules */
	/* of careless: by each rule (bit k of the set is rule k), a response
	 * counted once, under the first rule it breaks (the one its reason
	 * names) */
	size_t careless_rule[SDT_CARELESS_N_RULES];
	/* with the speeders rule: responses judged without a duration (no
	 * cell) and with one that is not a number of seconds; never flagged */
	size_t duration_missing;
	size_t duration_bad;
	/* with the mahalanobis rule: the D^2 cutoff, else 0 */
	double mahalanobis_cutoff;
	/* the speeders rule's seconds per rating item in this run (the run
	 * options' speeder_seconds, or the default) */
	double speeder_seconds;
} sdt_run_counts;

/* Called for each accepted response with its scores. Return SDT_OK to go
 * on; SDT_EUSER to stop (sdt_run_files() then returns SDT_EUSER); or the
 * code of a library call that failed inside the callback, returned as it
 * is with that call's message. Any other value stops the run as SDT_EUSER. */
typedef int (*sdt_response_fn)(void *ctx, const sdt_response *r,
                               const sdt_scores *s);
/* Called for each response left out, with the reason in words; returns
 * as sdt_response_fn. */
typedef int (*sdt_reject_fn)(void *ctx, const char *file, unsigned long line,
                             const char *id, const char *reason);

/* Read every file in order as one wave, apply the duplicate policy, score
 * each accepted response and pass it to on_response (may be NULL).
 * on_reject may be NULL. counts, if not NULL, is filled in even on error.
 * `wave`, if not NULL, receives the first JSON "wave" seen (caller frees
 * with sdt_free()) or NULL. Memory is O(distinct respondent ids). */
SDT_API int sdt_run_files(const sdt_instrument *ins, const char *const *paths,
                  size_t n_paths, const sdt_run_options *opt,
                  sdt_response_fn on_response, sdt_reject_fn on_reject,
                  void *ctx, sdt_run_counts *counts, char **wave);

/* ---- Writing scores: the files of `sdtscore score` ---- */

typedef enum sdt_score_format {
	SDT_SCORE_CSV = 0, /* header id,team,<scale>...,<composite>...,<scale>_answered... */
	SDT_SCORE_JSON,    /* one array of objects with the same members */
	SDT_SCORE_NDJSON,  /* one object a line */
	/* not scores: each accepted response itself, one line as
	 * sdt_response_write_ndjson() writes it (`sdtscore import`) */
	SDT_SCORE_RESPONSES
} sdt_score_format;

/* Flags of sdt_score_writer_new(). */
#define SDT_SCORE_CSV_SAFE 1u /* CSV for spreadsheets (sdt_output_csv_text) */

typedef struct sdt_score_writer sdt_score_writer;

/* A writer of each respondent's scale and composite scores (NAN: an empty
 * CSV cell, JSON null; numbers in the shortest form that reads back
 * exactly) to `fp`, which it does not own or close, for `ins` (both must
 * outlive it). Nothing is written until the first row or
 * sdt_score_writer_finish(), so a run that fails before any response
 * leaves the stream untouched. Caller frees with sdt_score_writer_free().
 * SDT_EUSAGE for an unknown format or flag. */
SDT_API int sdt_score_writer_new(sdt_score_writer **out, FILE *fp, const sdt_instrument *ins,
                                 sdt_score_format format, unsigned int flags);
/* NULL is a no-op. */
SDT_API void sdt_score_writer_free(sdt_score_writer *w);

/* Write one accepted response's scores (from sdt_score_response()). Write
 * errors stay in the stream's error indicator; returns SDT_OK. */
SDT_API int sdt_score_writer_add(sdt_score_writer *w, const sdt_response *r,
                                 const sdt_scores *s);

/* An sdt_response_fn for sdt_run_files() with the writer as ctx. */
SDT_API int sdt_score_writer_on_response(void *writer, const sdt_response *r,
                                         const sdt_scores *s);

/* End the document: the CSV header when no row came, the closing ']' of
 * a JSON array. Call once, after the last add. SDT_OK. */
SDT_API int sdt_score_writer_finish(sdt_score_writer *w);

/* Rows written so far. */
SDT_API size_t sdt_score_writer_count(const sdt_score_writer *w);

/* `r` as one canonical NDJSON line {"id", "team", "attributes",
 * "answers"} and a newline: attributes without a value left out, every
 * item of `ins` in its order, a text item's answer (a comment) as a
 * string, a missing answer null. The line reads back as the same
 * response. Write errors stay in the stream's error
 * indicator. */
SDT_API void sdt_response_write_ndjson(FILE *fp, const sdt_instrument *ins,
                                       const sdt_response *r);

#ifdef __cplusplus
}
#endif
#endif
