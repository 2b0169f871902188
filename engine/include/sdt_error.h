/*
 * sdt_error.h - error codes, messages and the allocator hook.
 *
 * Every fallible engine function returns an int that is 0 (SDT_OK) or one
 * of the sdt_error values. On failure the engine also records a one-line
 * message with context (file, line:column or JSON path, respondent id) that
 * the caller reads with sdt_error_message(). The engine never prints.
 */
#ifndef SDT_ERROR_H
#define SDT_ERROR_H

#include "sdt_api.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SDT_VERSION_MAJOR 0
#define SDT_VERSION_MINOR 1
#define SDT_VERSION_PATCH 0
#define SDT_VERSION "0.1.0"

typedef enum sdt_error {
	SDT_OK = 0,
	SDT_EDATA = 1,       /* bad response data */
	SDT_EINSTRUMENT = 2, /* bad instrument definition */
	SDT_EUSAGE = 3,      /* bad argument or option combination */
	SDT_EIO = 4,         /* a file could not be read or written */
	SDT_ENOMEM = 5,      /* an allocation failed */
	SDT_ELIMIT = 6,      /* input exceeds a documented limit */
	SDT_EINTERNAL = 7,   /* a numerical routine failed unexpectedly */
	SDT_EUSER = 8        /* a caller's callback stopped the call */
} sdt_error;

/* The library's codes are its own: a program maps them to its exit
 * statuses (the sdtscore CLI does so in one place, cli_exit_code()). */

/* A short, static, English description of an error code ("out of memory").
 * Never NULL; unknown codes give "unknown error". */
SDT_API const char *sdt_strerror(int err);

/* The message of the last failing engine call in this thread, with its
 * context, e.g. "data.ndjson:12:5: answers.q3: value 9 is outside 1..5".
 * Returns "" when nothing failed. The string is owned by the engine and
 * valid until the next engine call in the same thread. */
SDT_API const char *sdt_error_message(void);

/* The code of the last failing engine call in this thread (SDT_OK if none).
 * Like errno it is sticky: a successful call leaves it as it was, so read
 * it (and the message) right after a call returned an error, or call
 * sdt_error_clear() before the call. */
SDT_API int sdt_error_code(void);

/* What kind of mistake the last error was, as a stable lowercase name
 * ("column_like_item", "missing_items", ...), or "" when it has none.
 * Callers add their own advice by kind (the engine names no command-line
 * option); --error-format json gives it as "code". Static storage. */
SDT_API const char *sdt_error_kind(void);
/* An argument the advice for the kind may need (the file, say), or "". */
SDT_API const char *sdt_error_kind_arg(void);

/* Forget the last error of this thread. */
SDT_API void sdt_error_clear(void);

/* The allocator every engine allocation goes through (and cJSON's, set
 * when the hook is installed). Pass NULLs to restore the C library's.
 * Not thread-safe: call before any other engine function. */
typedef struct sdt_allocator {
	void *(*malloc_fn)(size_t size);
	void *(*realloc_fn)(void *ptr, size_t size);
	void (*free_fn)(void *ptr);
} sdt_allocator;

SDT_API void sdt_set_allocator(const sdt_allocator *alloc);

/* Free memory the engine handed to the caller with "caller frees with
 * sdt_free()". NULL is a no-op. */
SDT_API void sdt_free(void *p);

/* The library's version string, e.g. "0.1.0". */
SDT_API const char *sdt_version(void);

#ifdef __cplusplus
}
#endif
#endif
