/*
 * idset.c - the set of respondent ids seen in a run, with where each was
 * seen. This is the only per-respondent memory of a streaming run, so it
 * is kept compact: ids packed in one arena, a slot table of 64-bit words
 * (32 bits of hash, 32 bits of record index) and 16-byte records.
 */
#include <stdint.h>
#include <string.h>

#include "idset.h"

typedef struct idrec {
	size_t off;     /* offset of the id in the arena */
	uint32_t file;  /* index of the file it was seen in */
	uint32_t line;  /* line or CSV row there (saturating) */
} idrec;

struct sdt_idset {
	uint64_t *slots; /* 0 = empty; else (hash32 << 32) | (record + 1) */
	size_t cap;      /* power of two */
	idrec *recs;
	size_t n, rcap;
	char *arena;
	size_t alen, acap;
};

int sdt_idset_new(sdt_idset **out)
{
	sdt_idset *s = sdt_calloc(1, sizeof *s);

	*out = NULL;
	if (!s)
		return sdt_fail_nomem();
	s->cap = 1024;
	s->slots = sdt_calloc(s->cap, sizeof *s->slots);
	if (!s->slots) {
		sdt_free(s);
		return sdt_fail_nomem();
	}
	*out = s;
	return SDT_OK;
}

void sdt_idset_free(sdt_idset *s)
{
	if (!s)
		return;
	sdt_free(s->slots);
	sdt_free(s->recs);
	sdt_free(s->arena);
	sdt_free(s);
}

size_t sdt_idset_count(const sdt_idset *s)
{
	return s->n;
}

static size_t probe(const sdt_idset *s, const char *id, size_t len,
                    uint32_t h32, size_t start)
{
	size_t mask = s->cap - 1, i = start & mask;
	uint64_t w;
	const idrec *r;

	for (;; i = (i + 1) & mask) {
		w = s->slots[i];
		if (w == 0)
			return i;
		if ((uint32_t)(w >> 32) != h32)
			continue;
		r = &s->recs[(uint32_t)w - 1];
		if (strncmp(s->arena + r->off, id, len) == 0 && s->arena[r->off + len] == '\0')
			return i;
	}
}

/* Slots start at the hash's high 32 bits (those kept in the slot), so
 * the table grows without reading an id again. */
static int grow_table(sdt_idset *s)
{
	size_t ncap = s->cap * 2, i, j;
	uint64_t *ns = sdt_calloc(ncap, sizeof *ns);

	if (!ns)
		return sdt_fail_nomem();
	for (i = 0; i < s->cap; i++) {
		if (!s->slots[i])
			continue;
		for (j = (size_t)(s->slots[i] >> 32) & (ncap - 1); ns[j]; j = (j + 1) & (ncap - 1))
			;
		ns[j] = s->slots[i];
	}
	sdt_free(s->slots);
	s->slots = ns;
	s->cap = ncap;
	return SDT_OK;
}

int sdt_idset_reserve(sdt_idset *s, size_t n, size_t bytes)
{
	size_t cap = s->cap;
	void *p;

	while (cap < 2 * (s->n + n) + 2)
		cap *= 2;
	if (s->n == 0 && cap > s->cap) { /* nothing to rehash: one allocation */
		if (!(p = sdt_calloc(cap, sizeof *s->slots)))
			return sdt_fail_nomem();
		sdt_free(s->slots);
		s->slots = p;
		s->cap = cap;
	}
	while (s->cap < cap)
		if (grow_table(s) != SDT_OK)
			return SDT_ENOMEM;
	if (s->rcap < s->n + n) {
		if (!(p = sdt_reallocarray(s->recs, s->n + n, sizeof *s->recs)))
			return sdt_fail_nomem();
		s->recs = p;
		s->rcap = s->n + n;
	}
	if (s->acap < s->alen + bytes) {
		if (!(p = sdt_realloc(s->arena, s->alen + bytes)))
			return sdt_fail_nomem();
		s->arena = p;
		s->acap = s->alen + bytes;
	}
	return SDT_OK;
}

static int append_record(sdt_idset *s, const char *id, size_t len,
                         uint32_t file, unsigned long line)
{
	void *p;
	size_t ncap;

	if (s->n == s->rcap) {
		ncap = s->rcap ? s->rcap * 2 : 1024;
		if (!(p = sdt_reallocarray(s->recs, ncap, sizeof *s->recs)))
			return sdt_fail_nomem();
		s->recs = p;
		s->rcap = ncap;
	}
	while (s->alen + len + 1 > s->acap) {
		ncap = s->acap ? s->acap * 2 : 16384;
		if (!(p = sdt_realloc(s->arena, ncap)))
			return sdt_fail_nomem();
		s->arena = p;
		s->acap = ncap;
	}
	memcpy(s->arena + s->alen, id, len);
	s->arena[s->alen + len] = '\0';
	s->recs[s->n].off = s->alen;
	s->recs[s->n].file = file;
	s->recs[s->n].line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	s->alen += len + 1;
	s->n++;
	return SDT_OK;
}

int sdt_idset_put(sdt_idset *s, const char *id, unsigned file,
                  unsigned long line, int replace, int *existed,
                  sdt_idpos *prev)
{
	size_t len = strlen(id), i;
	unsigned long long h = sdt_hash(id, len);
	uint32_t h32 = (uint32_t)(h >> 32);
	idrec *r;
	int rc;

	if (s->n >= UINT32_MAX - 1)
		return sdt_fail(SDT_ELIMIT, "more than %u respondents", UINT32_MAX - 2);
	if ((s->n + 1) * 2 > s->cap && (rc = grow_table(s)) != SDT_OK)
		return rc;
	*existed = 0;
	i = probe(s, id, len, h32, h32);
	if (s->slots[i]) {
		*existed = 1;
		r = &s->recs[(uint32_t)s->slots[i] - 1];
		if (prev) {
			prev->file = r->file;
			prev->line = r->line;
		}
		if (replace) {
			r->file = file;
			r->line = line > UINT32_MAX ? UINT32_MAX : (uint32_t)line;
		}
		return SDT_OK;
	}
	if ((rc = append_record(s, id, len, file, line)) != SDT_OK)
		return rc;
	s->slots[i] = ((uint64_t)h32 << 32) | (uint64_t)s->n;
	return SDT_OK;
}

int sdt_idset_get(const sdt_idset *s, const char *id, sdt_idpos *pos)
{
	size_t len = strlen(id), i;
	unsigned long long h = sdt_hash(id, len);
	const idrec *r;

	i = probe(s, id, len, (uint32_t)(h >> 32), (size_t)(h >> 32));
	if (!s->slots[i])
		return 0;
	r = &s->recs[(uint32_t)s->slots[i] - 1];
	if (pos) {
		pos->file = r->file;
		pos->line = r->line;
	}
	return 1;
}

const char *sdt_idset_at(const sdt_idset *s, size_t i, sdt_idpos *pos)
{
	const idrec *r = &s->recs[i];

	if (pos) {
		pos->file = r->file;
		pos->line = r->line;
	}
	return s->arena + r->off;
}
