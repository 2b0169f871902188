/*
 * sdt_accum_io.h - partial results ("sdtscore-partial/1"): an accumulator
 * written out as plain numbers, read back and merged, so shards of a
 * survey scored on different machines give the figures of one run.
 *
 * A partial holds the sufficient statistics (counts, means, centred
 * co-moments; numbers written in the shortest form that reads back exactly), the
 * run counts, the instrument's id, version and digest (FNV-1a 64 of what the
 * figures depend on: range, items and keying, scales, composites, weights;
 * optional on reading, refused when it differs), and the options that change
 * the numbers (the missing-data mode). Merging requires disjoint
 * respondents: a respondent id in two shards cannot be detected, since a
 * partial keeps no ids.
 */
#ifndef SDT_ACCUM_IO_H
#define SDT_ACCUM_IO_H

#include "sdt_api.h"

#include <stdio.h>

#include "sdt_score.h"
#include "sdt_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version 2 holds exact integer sums (version 1 held rounded moments and
 * is refused with a message saying so). */
#define SDT_PARTIAL_FORMAT "sdtscore-partial/2"
#define SDT_PARTIAL_FORMAT_1 "sdtscore-partial/1"

/* What a partial says besides the statistics. */
typedef struct sdt_partial_info {
	sdt_run_counts counts;   /* of the run that made it */
	sdt_missing_mode missing; /* the mode its figures are meant for */
} sdt_partial_info;

/* Write `a` (with `info`) as a partial to fp. SDT_EIO when writing fails. */
SDT_API int sdt_accum_write(FILE *fp, const sdt_accum *a, const sdt_partial_info *info);

/* The same into a new NUL-terminated buffer the caller frees with
 * sdt_free(); *len (if not NULL) gets its length. */
SDT_API int sdt_accum_write_buffer(char **out, size_t *len, const sdt_accum *a,
                           const sdt_partial_info *info);

/* Read the partial at `path` into a new accumulator for `ins` (which must
 * outlive it) and *info (may be NULL). Every problem is reported with
 * file:line:column and JSON path; a partial made with another instrument
 * (id or version) or another shape is refused (SDT_EUSAGE), naming both.
 * Caller frees *out with sdt_accum_free(). */
SDT_API int sdt_accum_read(sdt_accum **out, sdt_partial_info *info,
                   const sdt_instrument *ins, const char *path);

/* The same from text[0..len); `name` is used in messages. */
SDT_API int sdt_accum_parse(sdt_accum **out, sdt_partial_info *info,
                    const sdt_instrument *ins, const char *text, size_t len,
                    const char *name);

/* The instrument id and version a partial file was made with, so the
 * caller can load the instrument before reading it. Caller frees both
 * strings with sdt_free(). */
SDT_API int sdt_accum_read_instrument(const char *path, char **id, char **version);

/* The same from a partial's text[0..len) (`name` is used in messages), for
 * partials that come through a pipe. Output parameters first; the caller
 * frees both strings with sdt_free(). */
SDT_API int sdt_accum_parse_instrument(char **id, char **version, const char *text,
                                       size_t len, const char *name);

#ifdef __cplusplus
}
#endif
#endif
