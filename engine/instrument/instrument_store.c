/*
 * instrument_store.c - what an instrument is built into, below both its
 * loader and accessors (instrument.c) and its validator
 * (instrument_parse.c): the arena everything lives in, the id tables, and
 * the names of the instrument's enumerations.
 */
#include <stdint.h>
#include <string.h>

#include "instrument_impl.h"

#define INS_BLOCK_SIZE 16384

struct ins_block {
	ins_block *next;
	size_t used, cap;
	max_align_t data[]; /* so that every allocation is suitably aligned */
};

void *sdt_instrument_alloc(sdt_instrument *ins, size_t n, size_t size)
{
	const size_t a = sizeof(max_align_t);
	ins_block *b = ins->arena;
	size_t need, cap;
	char *p;

	if (size && n > (SIZE_MAX - a - sizeof *b) / size)
		return NULL;
	need = (n * size + a - 1) / a * a;
	if (!b || b->cap - b->used < need) {
		cap = need > INS_BLOCK_SIZE ? need : INS_BLOCK_SIZE;
		b = sdt_malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = ins->arena;
		ins->arena = b;
	}
	p = (char *)b->data + b->used;
	b->used += need;
	memset(p, 0, need);
	return p;
}

char *sdt_instrument_strdup(sdt_instrument *ins, const char *s)
{
	size_t n = strlen(s);
	char *d = sdt_instrument_alloc(ins, n + 1, 1);

	if (d)
		memcpy(d, s, n + 1);
	return d;
}

int sdt_idtab_init(ins_idtab *t, const void *entries, size_t size, size_t n)
{
	t->base = entries;
	t->size = size;
	return sdt_strmap_reserve(&t->map, n);
}

/* 1 when entry i's id is key[0..len) (sdt_strmap_same). */
static int idtab_same(const void *ctx, size_t i, const void *key, size_t len)
{
	const ins_idtab *t = ctx;
	const char *id;

	memcpy(&id, t->base + i * t->size, sizeof id);
	return sdt_strmap_is(id, key, len);
}

long sdt_idtab_add(ins_idtab *t, const char *id, size_t len, size_t index)
{
	sdt_strmap_pos pos;
	size_t i = sdt_strmap_find(&t->map, sdt_strmap_hash(id, len), id, len, idtab_same, t, &pos);

	if (i != SIZE_MAX)
		return (long)i;
	sdt_strmap_add(&t->map, &pos, index);
	return -1;
}

long sdt_idtab_find(const ins_idtab *t, const char *id, size_t len)
{
	size_t i = sdt_strmap_find(&t->map, sdt_strmap_hash(id, len), id, len, idtab_same, t, NULL);

	return i == SIZE_MAX ? -1 : (long)i;
}

void sdt_instrument_release(sdt_instrument *ins)
{
	ins_block *b, *next;

	sdt_strmap_clear(&ins->item_tab.map);
	sdt_strmap_clear(&ins->scale_tab.map);
	sdt_strmap_clear(&ins->composite_tab.map);
	for (b = ins->arena; b; b = next) {
		next = b->next;
		sdt_free(b);
	}
	ins->arena = NULL;
}

const char *sdt_item_type_name(sdt_item_type type)
{
	switch (type) {
	case SDT_ITEM_LIKERT: return "likert";
	case SDT_ITEM_OUTCOME: return "outcome";
	case SDT_ITEM_TEXT: return "text";
	}
	return "?";
}

static const char *const need_names[] = {"other", "autonomy", "competence",
                                         "relatedness"};
static const char *const valence_names[] = {"other", "satisfaction", "frustration",
                                            "support", "motivation"};

const char *sdt_need_name(sdt_need need)
{
	return (size_t)need < sizeof need_names / sizeof need_names[0]
	       ? need_names[need] : "other";
}

const char *sdt_valence_name(sdt_valence valence)
{
	return (size_t)valence < sizeof valence_names / sizeof valence_names[0]
	       ? valence_names[valence] : "other";
}
