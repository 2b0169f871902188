/*
 * idset.c - the set of respondent ids seen in a run, with where each was
 * seen. This is the only per-respondent memory of a streaming run, so it
 * is kept compact: ids packed in one arena, a strmap (one 64-bit word a
 * slot) and 16-byte records.
 */
#include <stdint.h>
#include <string.h>

#include "idset.h"
#include "strmap.h"

typedef struct idrec {
	size_t off;     /* offset of the id in the arena */
	uint32_t file;  /* index of the file it was seen in */
	uint32_t line;  /* line or CSV row there (saturating) */
} idrec;

struct sdt_idset {
	sdt_strmap map;  /* id -> record */
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
	if (sdt_strmap_reserve(&s->map, 512) != SDT_OK) {
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
	sdt_strmap_clear(&s->map);
	sdt_free(s->recs);
	sdt_free(s->arena);
	sdt_free(s);
}

size_t sdt_idset_count(const sdt_idset *s)
{
	return s->n;
}

/* 1 when record i holds the id key[0..len) (sdt_strmap_same). */
static int id_same(const void *ctx, size_t i, const void *key, size_t len)
{
	const sdt_idset *s = ctx;

	return sdt_strmap_is(s->arena + s->recs[i].off, key, len);
}

int sdt_idset_reserve(sdt_idset *s, size_t n, size_t bytes)
{
	void *p;
	int rc;

	if ((rc = sdt_strmap_reserve(&s->map, n)) != SDT_OK)
		return rc;
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
	sdt_strmap_pos pos;
	idrec *r;
	int rc;

	if (s->n >= UINT32_MAX - 1)
		return sdt_fail(SDT_ELIMIT, "more than %u respondents", UINT32_MAX - 2);
	if ((rc = sdt_strmap_reserve(&s->map, 1)) != SDT_OK)
		return rc;
	*existed = 0;
	i = sdt_strmap_find(&s->map, sdt_strmap_hash(id, len), id, len, id_same, s, &pos);
	if (i != SIZE_MAX) {
		*existed = 1;
		r = &s->recs[i];
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
	sdt_strmap_add(&s->map, &pos, s->n - 1);
	return SDT_OK;
}

int sdt_idset_get(const sdt_idset *s, const char *id, sdt_idpos *pos)
{
	size_t len = strlen(id);
	size_t i = sdt_strmap_find(&s->map, sdt_strmap_hash(id, len), id, len, id_same, s, NULL);
	const idrec *r;

	if (i == SIZE_MAX)
		return 0;
	r = &s->recs[i];
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
