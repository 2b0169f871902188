/*
 * strmap.c - the engine's one hash table from key bytes to an entry index
 * (see strmap.h).
 */
#include <string.h>

#include "internal.h"
#include "strmap.h"

void sdt_strmap_clear(sdt_strmap *m)
{
	sdt_free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}

void sdt_strmap_empty(sdt_strmap *m)
{
	if (m->slot)
		memset(m->slot, 0, m->cap * sizeof *m->slot);
	m->n = 0;
}

/* Rebuild into `cap` slots from the hash bits each slot keeps. */
static int regrow(sdt_strmap *m, size_t cap)
{
	uint64_t *ns = sdt_calloc(cap, sizeof *ns);
	size_t i, j;

	if (!ns)
		return sdt_fail_nomem();
	for (i = 0; i < m->cap; i++) {
		if (!m->slot[i])
			continue;
		for (j = (size_t)(m->slot[i] >> 32) & (cap - 1); ns[j]; j = (j + 1) & (cap - 1))
			;
		ns[j] = m->slot[i];
	}
	sdt_free(m->slot);
	m->slot = ns;
	m->cap = cap;
	return SDT_OK;
}

int sdt_strmap_reserve(sdt_strmap *m, size_t more)
{
	size_t cap = m->cap ? m->cap : 16;

	if (more > SDT_STRMAP_MAX - m->n)
		return sdt_fail(SDT_ELIMIT, "more than %zu entries in one table", SDT_STRMAP_MAX);
	while (cap / 2 < m->n + more)
		cap *= 2;
	return cap == m->cap ? SDT_OK : regrow(m, cap);
}

int sdt_strmap_is(const char *s, const void *key, size_t len)
{
	const char *k = key;
	size_t i;

	/* one pass, stopping at s's end: keys are short (ids, team paths),
	 * so this beats strnlen and memcmp's two calls, and a key with a NUL
	 * byte never reads past s */
	for (i = 0; i < len; i++)
		if (s[i] != k[i] || !s[i])
			return 0;
	return s[len] == '\0';
}

unsigned long long sdt_strmap_hash(const void *key, size_t len)
{
	return sdt_hash(key, len);
}

size_t sdt_strmap_find(const sdt_strmap *m, unsigned long long hash, const void *key,
                       size_t len, sdt_strmap_same same, const void *ctx,
                       sdt_strmap_pos *pos)
{
	uint32_t h32 = (uint32_t)(hash >> 32);
	size_t mask = m->cap - 1, i;
	uint64_t w;

	if (pos)
		pos->h32 = h32;
	if (m->cap == 0) {
		if (pos)
			pos->slot = SIZE_MAX;
		return SIZE_MAX;
	}
	for (i = h32 & mask; (w = m->slot[i]) != 0; i = (i + 1) & mask)
		if ((uint32_t)(w >> 32) == h32 && same(ctx, (size_t)(uint32_t)w - 1, key, len))
			return (size_t)(uint32_t)w - 1;
	if (pos)
		pos->slot = i;
	return SIZE_MAX;
}

void sdt_strmap_add(sdt_strmap *m, const sdt_strmap_pos *pos, size_t index)
{
	m->slot[pos->slot] = (uint64_t)pos->h32 << 32 | (uint64_t)(index + 1);
	m->n++;
}
