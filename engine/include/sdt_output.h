/*
 * sdt_output.h - the temporary files behind atomic outputs. Reports and
 * score files hold personal data: a temporary is private (0600) while it
 * is written, gets the mode of the file it replaces (or the umask's) only
 * when it is complete, and is removed if the process is interrupted.
 */
#ifndef SDT_OUTPUT_H
#define SDT_OUTPUT_H

#include "sdt_api.h"

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

#ifdef __cplusplus
}
#endif
#endif
