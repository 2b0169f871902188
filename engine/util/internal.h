/*
 * internal.h - helpers shared by the engine's modules; not public API.
 */
#ifndef SDT_INTERNAL_H
#define SDT_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>

#include "sdtscore.h"

/* Record the thread's last error and return `code`, so a failing path can
 * say `return sdt_fail(SDT_EDATA, "%s:%lu: ...", file, line);`. */
/* What a caller's callback returned, as the call returns it (see
 * sdt_response_fn): SDT_OK, a library code, or SDT_EUSER. */
int sdt_user_stop(int rc);
int sdt_fail(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sdt_vfail(int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Name the kind of the error just recorded (sdt_error_kind): `kind` a
 * static string, `arg` copied. */
void sdt_error_set_kind(const char *kind, const char *arg);
/* A caller's options struct must carry a version this library knows
 * (its first member, set by the struct's SDT_*_INIT): SDT_OK, or
 * SDT_EUSAGE naming the struct and its INIT macro (kind
 * "options_version"). A zeroed struct (version 0) is refused too, so that
 * no caller gets defaults it did not ask for. */
int sdt_check_version(unsigned int version, unsigned int known, const char *type,
                      const char *init);
/* sdt_run_options and the sdt_read_options in it. */
int sdt_check_run_options(const sdt_run_options *opt);
/* The speeder threshold of run options opt (NULL, version 1, or an unset
 * one: SDT_CARELESS_SPEEDER_SECONDS), seconds per rating item
 * (careless.c). */
double sdt_run_speeder_seconds(const sdt_run_options *opt);
/* per_item, or SDT_CARELESS_SPEEDER_SECONDS for 0, below or NAN
 * (careless.c). */
double sdt_careless_speeder_seconds(double per_item);
#define SDT_CHECK_OPTIONS(opt, type, NAME) \
	((opt) ? sdt_check_version((opt)->version, NAME##_VERSION, #type, #NAME "_INIT") : SDT_OK)

/* Record SDT_ENOMEM with a standard message; returns SDT_ENOMEM. */
int sdt_fail_nomem(void);

/* Allocation through the hook (sdt_set_allocator). sdt_calloc and
 * sdt_reallocarray check n * size for overflow. */
void *sdt_malloc(size_t size);
void *sdt_calloc(size_t n, size_t size);
void *sdt_realloc(void *p, size_t size);
void *sdt_reallocarray(void *p, size_t n, size_t size);
char *sdt_strdup(const char *s);
char *sdt_strndup(const char *s, size_t n);
/* sdt_free each of the n pointers at p (NULL ones included, a no-op):
 * the end of a struct's free function, written once as a list of its
 * fields, SDT_FREE_ALL(a->x, a->y, ...), rather than a line a field. */
void sdt_free_each(void *const *p, size_t n);
#define SDT_FREE_ALL(...) \
	sdt_free_each((void *const[]){__VA_ARGS__}, \
	              sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

/* Read a whole file (or standard input for "-") into a NUL-terminated
 * buffer the caller frees with sdt_free(). SDT_EIO with a message. */
int sdt_read_file(char **out, size_t *len, const char *path);

/* Check that s[0..len) is valid UTF-8 without raw control characters
 * (below 0x20, or 0x7f); returns 0 when it is, else the byte offset + 1 of
 * the first bad byte. */
size_t sdt_utf8_check(const char *s, size_t len);

/* Line and column (from 1) of byte `offset` in text. */
void sdt_line_col(const char *text, size_t offset, unsigned long *line,
                  unsigned long *col);

/* s in Unicode NFC with case folded (utf8proc), for comparing what people
 * type: labels, headers. NULL when out of memory or s is not UTF-8 (then
 * *bad is set). Caller frees with free() (utf8proc allocates). */
char *sdt_text_fold(const char *s, int *bad);

/* A name and where it was, for sorting names in byte order (as strcmp
 * compares unsigned chars) and keeping their places: qsort with
 * sdt_name_ref_cmp (util.c). */
typedef struct sdt_name_ref {
	const char *name;
	size_t index;
} sdt_name_ref;
int sdt_name_ref_cmp(const void *x, const void *y);

/* SDT_ELIMIT when r's team path is beyond SDT_TEAM_MAX_LEVELS or _BYTES
 * (sdt_groups.h), the limits of the hierarchy reports build, applied by
 * the reader so that every command refuses the same files; the message
 * names the place and respondent, never the path itself (util.c). */
int sdt_team_check(const sdt_response *r);

/* FNV-1a 64-bit hash (offset basis 14695981039346656037, prime
 * 1099511628211). */
unsigned long long sdt_hash(const char *s, size_t len);

/* Copy the n bytes at src into dst (n + 1 bytes) without control
 * characters: tabs and line breaks become one space, other C0/C1 controls
 * and DEL go; leading and trailing spaces are trimmed (util.c: the
 * reader cleans text answers, comments.c what it shows). */
void sdt_comment_clean(char *dst, const char *src, size_t n);

#endif
