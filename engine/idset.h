/*
 * idset.h - respondent ids seen in a run (internal).
 */
#ifndef SDT_IDSET_H
#define SDT_IDSET_H

#include "internal.h"

typedef struct sdt_idset sdt_idset;

typedef struct sdt_idpos {
	unsigned file;      /* index into the run's file list */
	unsigned long line; /* line or CSV row */
} sdt_idpos;

/* A new empty set; caller frees with sdt_idset_free(). */
int sdt_idset_new(sdt_idset **out);
void sdt_idset_free(sdt_idset *s);
size_t sdt_idset_count(const sdt_idset *s);

/* Insert `id` seen at (file, line). *existed is set to 1 when the id was
 * already there (its stored position goes to *prev if not NULL, and is
 * replaced by this one when `replace`), else 0. Returns SDT_OK or an error. */
int sdt_idset_put(sdt_idset *s, const char *id, unsigned file,
                  unsigned long line, int replace, int *existed,
                  sdt_idpos *prev);

/* 1 and the stored position when `id` is in the set, else 0. */
int sdt_idset_get(const sdt_idset *s, const char *id, sdt_idpos *pos);

/* The i-th id put in the set (0 <= i < count, in insertion order) and its
 * position; the string is valid until the next put. */
const char *sdt_idset_at(const sdt_idset *s, size_t i, sdt_idpos *pos);

#endif
