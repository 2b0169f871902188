/*
 * sdt_output.h - the temporary files behind atomic outputs. Reports and
 * score files hold personal data: a temporary is private (0600) while it
 * is written, gets the mode of the file it replaces (or the umask's) only
 * when it is complete, and is removed if the process is interrupted.
 */
#ifndef SDT_OUTPUT_H
#define SDT_OUTPUT_H

#include "sdt_api.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Remember `tmp_path` (copied) until sdt_output_untrack(): at most 64 at
 * once; SDT_OK, or SDT_ELIMIT when the table is full. */
SDT_API int sdt_output_track(const char *tmp_path);
SDT_API void sdt_output_untrack(const char *tmp_path);

/* Unlink every tracked temporary. Async-signal-safe: for a SIGINT or
 * SIGTERM handler (the library installs none). */
SDT_API void sdt_output_remove_tracked(void);

/* Before renaming `tmp_path` over `target`: give it the permission bits
 * of target when that exists, else 0666 less the umask. SDT_OK or
 * SDT_EIO with a message. */
SDT_API int sdt_output_set_mode(const char *tmp_path, const char *target);

/* Room for any double sdt_format_double writes, with its NUL. */
#define SDT_DOUBLE_CHARS 32

/* Write x in the shortest of %.15g, %.16g and %.17g that strtod reads back
 * to the same double (4.2, never 4.2000000000000002), into buf of at least
 * SDT_DOUBLE_CHARS bytes. Not finite: an empty string (callers choose
 * "null" or an empty cell). Returns buf. */
SDT_API char *sdt_format_double(char *buf, double x);

/* The library's writers (sdt_stats_write_json, sdt_score_writer) build
 * their output from these three, exported so that a program adding its
 * own members writes them the same way. Write errors stay in the
 * stream's error indicator (check ferror() or fclose()). */

/* x as sdt_format_double writes it, or null when not finite. */
SDT_API void sdt_output_json_number(FILE *fp, double x);
/* s as a JSON string (quote, backslash and control characters escaped;
 * other bytes as they are: the library's strings are UTF-8), or null for
 * NULL. */
SDT_API void sdt_output_json_string(FILE *fp, const char *s);
/* s followed by `suffix` (may be NULL; no quote in it) as one RFC 4180
 * field, quoted when it holds a comma, quote, CR or LF or begins or ends
 * with a space or tab. With `safe` non-zero a cell beginning with = + - @
 * tab or CR gets a leading ' (CSV injection: spreadsheets would take it
 * for a formula). NULL s writes nothing (an empty field). */
SDT_API void sdt_output_csv_text(FILE *fp, const char *s, const char *suffix, int safe);

#ifdef __cplusplus
}
#endif
#endif
