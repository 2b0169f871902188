/*
 * sdt_text.h - small text helpers a program embedding the library needs as
 * much as the library does (the sdtscore CLI's "did you mean" uses them).
 */
#ifndef SDT_TEXT_H
#define SDT_TEXT_H

#include "sdt_api.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Maximum bytes of either string sdt_edit_distance() compares. */
#define SDT_EDIT_DISTANCE_MAX 64

/* The Levenshtein distance of a and b in bytes (insertions, deletions and
 * substitutions of one byte each), or (size_t)-1 when either is longer
 * than SDT_EDIT_DISTANCE_MAX bytes. */
SDT_API size_t sdt_edit_distance(const char *a, const char *b);

/* 1 when s is text the library reads back as it is: valid UTF-8 without
 * control characters (below 0x20, or 0x7f); else 0. */
SDT_API int sdt_text_valid(const char *s);

#ifdef __cplusplus
}
#endif
#endif
