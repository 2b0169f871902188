/*
 * strmap.h - the engine's one hash table from key bytes to an entry index
 * (internal). Open addressing with linear probing, kept at most half full.
 *
 * The table holds no keys: the caller keeps its entries (teams, ids,
 * columns) in its own arrays, numbered from 0, and answers "is entry i's
 * key these bytes?" through a callback. A slot is one 64-bit word, the
 * high 32 bits of the key's FNV-1a hash (sdt_hash) beside the entry index
 * + 1, so probing rejects most strangers without calling back and growing
 * never reads a key again. At most SDT_STRMAP_MAX entries.
 */
#ifndef SDT_STRMAP_H
#define SDT_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#define SDT_STRMAP_MAX ((size_t)UINT32_MAX - 1)

/* Zero-initialised it is an empty table; sdt_strmap_clear frees it. */
typedef struct sdt_strmap {
	uint64_t *slot; /* 0: empty; else (hash >> 32) << 32 | (index + 1) */
	size_t cap;     /* a power of two, or 0 before the first reserve */
	size_t n;       /* entries stored */
} sdt_strmap;

/* 1 when entry `index` of ctx has the key key[0..len), else 0. */
typedef int (*sdt_strmap_same)(const void *ctx, size_t index, const void *key, size_t len);

/* 1 when the string s is key[0..len) (no more, no less), for callbacks
 * whose entries keep NUL-terminated keys. Out of line: inlined, GCC's
 * -Warray-bounds takes the s[len] it never reaches past a shorter s for
 * a read out of bounds (test_strmap), and the call costs 0.03 % of a run's
 * instructions. */
int sdt_strmap_is(const char *s, const void *key, size_t len);

/* Where a key that was not found would go (sdt_strmap_find fills it). */
typedef struct sdt_strmap_pos {
	size_t slot;
	uint32_t h32;
} sdt_strmap_pos;

/* Free the slots and make m empty again. */
void sdt_strmap_clear(sdt_strmap *m);
/* Forget every entry but keep the room (to index entries anew after the
 * caller reorders them). */
void sdt_strmap_empty(sdt_strmap *m);
/* Room for `more` entries beyond those stored without growing (load at
 * most 1/2). SDT_OK, SDT_ENOMEM, or SDT_ELIMIT past SDT_STRMAP_MAX. */
int sdt_strmap_reserve(sdt_strmap *m, size_t more);
/* The key's hash as the table uses it (FNV-1a 64 of key[0..len)). */
unsigned long long sdt_strmap_hash(const void *key, size_t len);
/* The index of the entry whose key is key[0..len) (same() decides), or
 * SIZE_MAX; then *pos (when not NULL) says where sdt_strmap_add puts it.
 * `hash` is sdt_strmap_hash(key, len), or the caller's own hash of a key
 * that is not one run of bytes (same() then reads key and len its way). */
size_t sdt_strmap_find(const sdt_strmap *m, unsigned long long hash, const void *key,
                       size_t len, sdt_strmap_same same, const void *ctx,
                       sdt_strmap_pos *pos);
/* Store `index` where sdt_strmap_find said its key would go. Needs the
 * room sdt_strmap_reserve(m, 1) made before that find, and no other
 * change to m in between. */
void sdt_strmap_add(sdt_strmap *m, const sdt_strmap_pos *pos, size_t index);

#endif
