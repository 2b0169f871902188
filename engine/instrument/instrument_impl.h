/*
 * instrument_impl.h - the inside of sdt_instrument, shared by
 * instrument_store.c (storage), instrument.c (loading, accessors) and
 * instrument_parse.c (validation).
 * Internal: not part of the public API.
 */
#ifndef SDT_INSTRUMENT_IMPL_H
#define SDT_INSTRUMENT_IMPL_H

#include "internal.h"
#include "strmap.h"

/* A text in several languages. lang[k] is "" for a plain string, which
 * then serves every language. n == 0: no text. */
typedef struct ins_text {
	size_t n;
	const char **lang;
	const char **str;
} ins_text;

/* A table from id to index over an array of entries (items, scales,
 * composites) whose first member is their `const char *id`. */
typedef struct ins_idtab {
	sdt_strmap map;
	const char *base; /* the entries */
	size_t size;      /* bytes per entry */
} ins_idtab;

/* A response scale: integer points min..max, the first favourable point
 * and optional point labels per language. */
typedef struct ins_rscale {
	int min, max, favourable_min;
	size_t n_point_langs;
	const char **point_lang;
	const char ***point_labels; /* [lang][value - min] */
} ins_rscale;

typedef struct ins_item {
	const char *id;
	size_t id_len;
	int reverse;
	sdt_item_type type;
	int own_scale;         /* 1: the item gives its own response_scale */
	const ins_rscale *rs;  /* its response scale; the instrument's unless
	                          own_scale; NULL for a text item */
	ins_text label, text;
} ins_item;

typedef struct ins_scale {
	const char *id;
	ins_text label;
	sdt_need need;
	sdt_valence valence;
	size_t n_items;
	size_t *items; /* indexes into the instrument's items */
	size_t min_answered;
} ins_scale;

typedef struct ins_composite {
	const char *id;
	ins_text label;
	size_t n_scales;
	size_t *scales;
	double *weights;
} ins_composite;

typedef struct ins_block ins_block;

struct sdt_instrument {
	ins_block *arena; /* everything below lives here: one free releases all */
	const char *id, *version;
	ins_text title, source, terms;
	ins_rscale rs; /* the instrument's response scale */
	size_t n_items;
	ins_item *items;
	ins_idtab item_tab;
	size_t n_outcomes, n_texts;
	size_t *outcomes, *texts; /* item indexes, in definition order */
	int any_min, any_max; /* the union of every item's range */
	size_t n_scales;
	ins_scale *scales;
	ins_idtab scale_tab;
	size_t n_composites;
	ins_composite *composites;
	ins_idtab composite_tab;
};

/* Zeroed storage for n objects of `size` bytes from the instrument's arena,
 * freed with it; NULL on overflow or allocation failure. */
void *sdt_instrument_alloc(sdt_instrument *ins, size_t n, size_t size);
/* A copy of s in the arena, or NULL. */
char *sdt_instrument_strdup(sdt_instrument *ins, const char *s);
/* Free the arena and the id tables (not ins itself). */
void sdt_instrument_release(sdt_instrument *ins);

/* An empty table for up to n ids of the entries at `entries` (`size`
 * bytes each, the id first); sdt_instrument_free frees it. SDT_OK or
 * SDT_ENOMEM. */
int sdt_idtab_init(ins_idtab *t, const void *entries, size_t size, size_t n);
/* Add id -> index; the id is not copied. Returns -1 when added, or the
 * index already stored under that id (then nothing is added). */
long sdt_idtab_add(ins_idtab *t, const char *id, size_t len, size_t index);
/* The index stored under id, or -1. */
long sdt_idtab_find(const ins_idtab *t, const char *id, size_t len);

/* Validate the JSON text and fill `ins` (fresh, zeroed). */
int sdt_instrument_build(sdt_instrument *ins, const char *text, size_t len,
                         const char *name);

#endif
