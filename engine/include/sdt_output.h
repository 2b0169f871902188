/*
 * sdt_output.h - atomic outputs and the temporary files behind them.
 * Reports and score files hold personal data: a temporary is private
 * (0600) while it is written, gets the mode of the file it replaces (or
 * the umask's) only when it is complete, and is removed if the process
 * is interrupted. Output files a run writes go through sdt_output_begin,
 * so a failure never leaves a partial file.
 */
#ifndef SDT_OUTPUT_H
#define SDT_OUTPUT_H

#include "sdt_api.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An output being written (opaque): to a temporary beside its path that
 * commit renames over it, to standard output, or in place when the path
 * is an existing device or pipe (/dev/null, /dev/stdout, a FIFO), since
 * renaming over one would replace the device node itself. */
typedef struct sdt_output sdt_output;

/* sdt_output_begin flags. PRIVATE: the finished file stays 0600 whatever
 * it replaces (raw sums of a partial). BY_NAME: the caller writes the
 * temporary itself by its name (sdt_output_temp: a workbook library that
 * opens files by name), so the output must be a regular file: "-", a
 * device or a pipe is refused, and no stream is open. */
#define SDT_OUTPUT_PRIVATE 1u
#define SDT_OUTPUT_BY_NAME 2u

/* Start an output at `path` (NULL or "-": standard output, unless
 * BY_NAME). A directory is refused, and so is a temporary that cannot be
 * made or tracked (sdt_output_track). *out is freed by commit or abort.
 * SDT_OK, SDT_EIO, SDT_ELIMIT or SDT_ENOMEM with a message naming path. */
SDT_API int sdt_output_begin(sdt_output **out, const char *path, unsigned flags);
/* The stream to write (standard output, the path itself or the
 * temporary); NULL with BY_NAME. Owned by o. */
SDT_API FILE *sdt_output_stream(const sdt_output *o);
/* The temporary's name, or NULL when there is none (standard output, a
 * device or pipe). Owned by o. */
SDT_API const char *sdt_output_temp(const sdt_output *o);
/* Flush and close the stream, give the temporary its mode and rename it
 * over the path; frees o (NULL: SDT_OK). On failure the temporary is
 * removed and the path untouched: SDT_EIO with a message ("PATH: write
 * failed: ...", or "standard output: ..."). */
SDT_API int sdt_output_commit(sdt_output *o);
/* Close the stream and remove the temporary without touching the path;
 * frees o. NULL is a no-op. */
SDT_API void sdt_output_abort(sdt_output *o);

/* Before any data is read: whether sdt_output_begin could write a file
 * at `path` (not a directory; its folder exists and takes new files;
 * NULL, "-", a device or a pipe always could). SDT_OK, or SDT_EIO with
 * the message sdt_output_begin would give. */
SDT_API int sdt_output_check(const char *path);
/* Whether a folder of outputs could be made at `path`: an existing
 * writable folder, or the nearest existing ancestor is one (for
 * sdt_output_make_dirs). SDT_OK, SDT_EIO or SDT_ENOMEM with a message. */
SDT_API int sdt_output_dir_check(const char *path);
/* mkdir -p: `path` and its missing parents (mode 0777 less the umask).
 * SDT_OK, SDT_EIO or SDT_ENOMEM with a message. */
SDT_API int sdt_output_make_dirs(const char *path);

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
