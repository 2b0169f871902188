/*
 * sdt_json.h - where a JSON text goes wrong, for callers that read JSON of
 * their own (such as batch manifests) and want to name the place.
 */
#ifndef SDT_JSON_H
#define SDT_JSON_H

#include "sdt_api.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Check text[0..len) as one JSON document (a leading UTF-8 BOM allowed,
 * nothing but whitespace after it), as strictly as cJSON or more. Returns
 * 0 when it is well formed; otherwise -1 with *offset at the first bad
 * byte and *hint (may be NULL) set to a common cause in words, or NULL.
 * A text cJSON rejects but this accepts means cJSON ran out of memory. */
SDT_API int sdt_json_syntax(const char *text, size_t len, size_t *offset,
                    const char **hint);

/* 1-based line and column (in UTF-8 characters) of text[offset]. */
SDT_API void sdt_json_line_col(const char *text, size_t offset, unsigned long *line,
                       unsigned long *col);

/* For callers that read JSON of their own with cJSON: parse text[0..len)
 * as one JSON document exactly as the library reads instruments, maps and
 * partials (a BOM allowed, nothing after the value, UTF-8 outside
 * strings), into *root (cJSON_Delete frees it). SDT_EDATA with the message
 * "NAME:LINE:COL: what", or SDT_ENOMEM. */
struct cJSON;
SDT_API int sdt_json_parse_document(struct cJSON **root, const char *text,
                                    size_t len, const char *name);

#ifdef __cplusplus
}
#endif
#endif
