/*
 * alloc.c - the single allocation hook the engine (and cJSON) goes through,
 * so tests can fail the k-th allocation and embedders can plug their own.
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static sdt_allocator hook = {malloc, realloc, free};

void sdt_set_allocator(const sdt_allocator *alloc)
{
	cJSON_Hooks ch;

	if (alloc && alloc->malloc_fn && alloc->realloc_fn && alloc->free_fn)
		hook = *alloc;
	else
		hook = (sdt_allocator){malloc, realloc, free};
	ch.malloc_fn = hook.malloc_fn;
	ch.free_fn = hook.free_fn;
	cJSON_InitHooks(&ch);
}

void *sdt_malloc(size_t size)
{
	return hook.malloc_fn(size ? size : 1);
}

void *sdt_calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = sdt_malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *sdt_realloc(void *p, size_t size)
{
	return hook.realloc_fn(p, size ? size : 1);
}

void *sdt_reallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return sdt_realloc(p, n * size);
}

void sdt_free(void *p)
{
	if (p)
		hook.free_fn(p);
}

void sdt_free_each(void *const *p, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		sdt_free(p[k]);
}

char *sdt_strndup(const char *s, size_t n)
{
	char *d = sdt_malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *sdt_strdup(const char *s)
{
	return sdt_strndup(s, strlen(s));
}
