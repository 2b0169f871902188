/*
 * sdt_idset.h - the set of respondent ids a run has seen: how a program
 * that reads responses itself (sdt_reader_next in a loop) finds repeated
 * ids, as sdt_run_files does with its duplicate policy.
 */
#ifndef SDT_IDSET_H
#define SDT_IDSET_H

#include "sdt_api.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_idset sdt_idset;

/* Where an id was seen. */
typedef struct sdt_idpos {
	unsigned file;      /* the caller's index of the file */
	unsigned long line; /* line or CSV row (sdt_response.line) */
} sdt_idpos;

/* A new empty set. Caller frees with sdt_idset_free(). Returns SDT_OK or
 * SDT_ENOMEM. */
SDT_API int sdt_idset_new(sdt_idset **out);
/* Free the set and its copies of the ids; NULL is a no-op. */
SDT_API void sdt_idset_free(sdt_idset *s);
/* The number of distinct ids put in. */
SDT_API size_t sdt_idset_count(const sdt_idset *s);

/* Insert a copy of `id` seen at (file, line). *existed is set to 1 when
 * the id was already there (its stored position goes to *prev if not
 * NULL, and is replaced by this one when `replace` is non-zero), else 0.
 * Returns SDT_OK or SDT_ENOMEM. */
SDT_API int sdt_idset_put(sdt_idset *s, const char *id, unsigned file,
                          unsigned long line, int replace, int *existed,
                          sdt_idpos *prev);

/* 1 and the stored position (when pos is not NULL) when `id` is in the
 * set, else 0. */
SDT_API int sdt_idset_get(const sdt_idset *s, const char *id, sdt_idpos *pos);

/* The i-th id put in the set (0 <= i < count, in insertion order) and its
 * position (when pos is not NULL); the string is owned by the set and
 * valid until the next put. */
SDT_API const char *sdt_idset_at(const sdt_idset *s, size_t i, sdt_idpos *pos);

#ifdef __cplusplus
}
#endif
#endif
