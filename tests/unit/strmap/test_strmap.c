/*
 * test_strmap.c - the engine's one hash table (engine/util/strmap.c): keys that
 * collide on every bit, keys that collide only in the slot, growth from
 * empty through many keys, order of insertion kept by the caller, and
 * exact-length matching of NUL-terminated keys.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "strmap.h"

/* The caller's side: keys in an array, numbered in order of insertion. */
typedef struct keys {
	char (*k)[24];
	size_t n, cap;
	int calls; /* same() calls, to see the hash bits reject strangers */
} keys;

static int key_same(const void *ctx, size_t i, const void *key, size_t len)
{
	keys *ks = (keys *)(uintptr_t)ctx;

	ks->calls++;
	assert_true(i < ks->n);
	return sdt_strmap_is(ks->k[i], key, len);
}

/* Put key s (hash h) into m: its index, new or not. */
static size_t put(sdt_strmap *m, keys *ks, const char *s, unsigned long long h, int *added)
{
	sdt_strmap_pos pos;
	size_t i;

	assert_int_equal(sdt_strmap_reserve(m, 1), SDT_OK);
	i = sdt_strmap_find(m, h, s, strlen(s), key_same, ks, &pos);
	*added = i == SIZE_MAX;
	if (i != SIZE_MAX)
		return i;
	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? ks->cap * 2 : 8;
		ks->k = realloc(ks->k, ks->cap * sizeof *ks->k);
		assert_non_null(ks->k);
	}
	snprintf(ks->k[ks->n], sizeof ks->k[0], "%s", s);
	sdt_strmap_add(m, &pos, ks->n);
	return ks->n++;
}

static size_t get(const sdt_strmap *m, keys *ks, const char *s, unsigned long long h)
{
	return sdt_strmap_find(m, h, s, strlen(s), key_same, ks, NULL);
}

/* FNV-1a 64 written out here, so the test does not take the engine's word. */
static unsigned long long fnv(const char *s)
{
	unsigned long long h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void test_empty(void **state)
{
	sdt_strmap m = {0};
	keys ks = {0};

	(void)state;
	assert_int_equal(get(&m, &ks, "x", fnv("x")), SIZE_MAX);
	sdt_strmap_clear(&m);
	sdt_strmap_clear(&m); /* twice is harmless */
	assert_int_equal(sdt_strmap_hash("abc", 3), fnv("abc"));
	assert_int_equal(sdt_strmap_hash("", 0), 14695981039346656037ULL);
}

/* Every key has the same hash: found only through same(), each once, in
 * the order they came, and a repeat finds the first. */
static void test_full_collisions(void **state)
{
	sdt_strmap m = {0};
	keys ks = {0};
	char s[24];
	size_t i;
	int added;

	(void)state;
	for (i = 0; i < 200; i++) {
		snprintf(s, sizeof s, "k%zu", i);
		assert_int_equal(put(&m, &ks, s, 42ULL << 32, &added), i);
		assert_true(added);
	}
	for (i = 0; i < 200; i++) {
		snprintf(s, sizeof s, "k%zu", i);
		assert_int_equal(put(&m, &ks, s, 42ULL << 32, &added), i);
		assert_false(added);
	}
	assert_int_equal(get(&m, &ks, "k200", 42ULL << 32), SIZE_MAX);
	assert_int_equal(m.n, 200);
	assert_true(m.cap >= 400 && (m.cap & (m.cap - 1)) == 0);
	sdt_strmap_clear(&m);
	free(ks.k);
}

/* Keys whose hashes differ only in the low bits share a start slot (the
 * table starts at the high 32 bits) and, with the high bits kept in the
 * slot, are told apart before any key is compared. */
static void test_slot_collisions(void **state)
{
	sdt_strmap m = {0};
	keys ks = {0};
	int added;

	(void)state;
	put(&m, &ks, "a", 7ULL << 32 | 1, &added);
	put(&m, &ks, "b", 7ULL << 32 | 2, &added);
	put(&m, &ks, "c", 8ULL << 32 | 3, &added); /* next slot, taken by "b" */
	ks.calls = 0;
	assert_int_equal(get(&m, &ks, "c", 8ULL << 32 | 3), 2);
	assert_int_equal(ks.calls, 1); /* "b" was passed over on its hash bits */
	assert_int_equal(get(&m, &ks, "a", 7ULL << 32 | 1), 0);
	assert_int_equal(get(&m, &ks, "b", 7ULL << 32 | 2), 1);
	/* the same key under another hash is another key to the table */
	assert_int_equal(get(&m, &ks, "a", 9ULL << 32), SIZE_MAX);
	sdt_strmap_clear(&m);
	free(ks.k);
}

/* 100 000 keys through every growth: each found at its index, the load
 * never above one half, strangers not found. */
static void test_many(void **state)
{
	sdt_strmap m = {0};
	keys ks = {0};
	char s[24];
	size_t i, caps = 0, last = 0;
	int added;

	(void)state;
	for (i = 0; i < 100000; i++) {
		snprintf(s, sizeof s, "team/%zu", i * 7919 % 100003);
		assert_int_equal(put(&m, &ks, s, fnv(s), &added), i);
		assert_true(2 * m.n <= m.cap);
		if (m.cap != last) {
			caps++;
			last = m.cap;
		}
	}
	assert_true(caps >= 10); /* 16 .. 262144 slots */
	for (i = 0; i < 100000; i++) {
		snprintf(s, sizeof s, "team/%zu", i * 7919 % 100003);
		assert_int_equal(get(&m, &ks, s, fnv(s)), i);
	}
	for (i = 0; i < 1000; i++) {
		snprintf(s, sizeof s, "other/%zu", i);
		assert_int_equal(get(&m, &ks, s, fnv(s)), SIZE_MAX);
	}
	/* reordered by the caller, indexed anew */
	sdt_strmap_empty(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(get(&m, &ks, "team/0", fnv("team/0")), SIZE_MAX);
	sdt_strmap_clear(&m);
	free(ks.k);
}

static void test_reserve(void **state)
{
	sdt_strmap m = {0};

	(void)state;
	assert_int_equal(sdt_strmap_reserve(&m, 1000), SDT_OK);
	assert_int_equal(m.cap, 2048);
	assert_int_equal(sdt_strmap_reserve(&m, 1024), SDT_OK);
	assert_int_equal(m.cap, 2048); /* 1024 entries fill it half */
	assert_int_equal(sdt_strmap_reserve(&m, SDT_STRMAP_MAX + 1), SDT_ELIMIT);
	sdt_strmap_clear(&m);
}

/* Exactly the bytes: a prefix, a longer key or one with a NUL inside is
 * not the key. */
static void test_is(void **state)
{
	(void)state;
	assert_true(sdt_strmap_is("abc", "abc", 3));
	assert_false(sdt_strmap_is("abc", "ab", 2));
	assert_false(sdt_strmap_is("ab", "abc", 3));
	assert_false(sdt_strmap_is("ab", "ab\0x", 4));
	assert_true(sdt_strmap_is("", "", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_full_collisions),
		cmocka_unit_test(test_slot_collisions),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_is),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
