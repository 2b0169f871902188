/*
 * idset.h - respondent ids seen in a run: the public sdt_idset.h.
 */
#ifndef SDT_IDSET_INTERNAL_H
#define SDT_IDSET_INTERNAL_H

#include "internal.h"
#include "sdt_idset.h"

/* Room for n more ids of `bytes` bytes in all (their NULs included), so
 * that a caller who knows the count (a header's column names) puts them
 * without growing the table step by step. SDT_OK or SDT_ENOMEM. */
int sdt_idset_reserve(sdt_idset *s, size_t n, size_t bytes);

#endif
