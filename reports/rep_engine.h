/*
 * rep_engine.h - the few library-internal helpers the report writer uses
 * (allocation through the sdt_set_allocator hook, recording the thread's
 * error). The report writer is part of libsdtscore, so these resolve
 * inside the library (hidden visibility); reports/ includes this, never
 * the engine's internal.h, and is compiled with -Iengine/include -Ireports
 * only. `make check-layers` compiles this header beside internal.h, so a
 * declaration that drifts from the engine's fails the build.
 */
#ifndef SDT_REP_ENGINE_H
#define SDT_REP_ENGINE_H

#include <stddef.h>

#include "sdtscore.h"

int sdt_fail(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sdt_fail_nomem(void);
/* Name the last error's kind for the CLI's hint (after sdt_fail). */
void sdt_error_set_kind(const char *kind, const char *arg);
void *sdt_malloc(size_t size);
void *sdt_calloc(size_t n, size_t size);
char *sdt_strdup(const char *s);
/* An options struct's version against the one this library knows
 * (internal.h says more). */
int sdt_check_version(unsigned int version, unsigned int known, const char *type,
                      const char *init);
#define SDT_CHECK_OPTIONS(opt, type, NAME) \
	((opt) ? sdt_check_version((opt)->version, NAME##_VERSION, #type, #NAME "_INIT") : SDT_OK)

#endif
