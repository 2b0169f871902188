/*
 * sdt_csv.h - small CSV files read the way response CSVs are (for
 * headcounts, team renames and batch manifests): RFC 4180 via libcsv, the
 * delimiter told from the first record (',' ';' or tab, so Finnish
 * Excel's files are read as they are), UTF-8 with or without a BOM or
 * UTF-16 by its BOM, blank lines skipped, and messages placed as
 * "FILE:LINE:" with the physical line a record starts on.
 */
#ifndef SDT_CSV_H
#define SDT_CSV_H

#include <stddef.h>

#include "sdt_api.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_csv sdt_csv;

/* Read the file at `path` (whole: these files are small). On error *out
 * may still need sdt_csv_free(). SDT_EIO when unreadable. */
SDT_API int sdt_csv_open(sdt_csv **out, const char *path);

/* The next record: *cells (n of them, NUL-terminated UTF-8 without
 * control characters) valid until the next call, and the line it starts
 * on; *cells NULL at the end. SDT_EDATA with "FILE:LINE: what". */
SDT_API int sdt_csv_next(sdt_csv *c, const char *const **cells, size_t *n,
                         unsigned long *line);

/* NULL is a no-op. */
SDT_API void sdt_csv_free(sdt_csv *c);

#ifdef __cplusplus
}
#endif
#endif
