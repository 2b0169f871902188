/*
 * map_impl.h - the inside of sdt_map, shared by map.c (loading),
 * map_match.c (headers, labels, suggestions) and table.c (rows of cells
 * into responses); not public API.
 */
#ifndef SDT_MAP_IMPL_H
#define SDT_MAP_IMPL_H

#include <regex.h>

#include "internal.h"

/* One COL of the map: an exact header or a regex. */
typedef struct map_col {
	char *exact;  /* header text, or NULL */
	char *regex;  /* regex source, or NULL */
	regex_t re;
	int re_ok;
	char *where;  /* "map.json:3:9: $.items.q1", for messages */
} map_col;

typedef struct map_entry {
	char *key; /* item id or attribute name */
	map_col col;
} map_entry;

/* A code of a team list and the team path it stands for. */
typedef struct map_team_value {
	char *code;
	char *path;
} map_team_value;

typedef struct map_label {
	char *norm;    /* the label, normalised (sdt_label_norm) */
	int value;     /* SDT_MISSING for null */
	char *where;
} map_label;

struct sdt_map {
	map_col id;
	size_t n_team;
	map_col *team;
	size_t n_items;
	map_entry *items;
	size_t n_attrs;
	map_entry *attrs;
	size_t n_labels;
	map_label *labels;
	map_col duration; /* "duration": seconds; exact and regex NULL when none */
	size_t n_team_values;
	map_team_value *team_values; /* sorted by code, for bsearch */
	unsigned long header_row; /* 0 when the map does not say */
	size_t n_skip;
	unsigned long *skip;
};

/* Write s normalised for label and header matching into out (room for
 * SDT_NORM_ROOM(strlen(s)) bytes; out may be s when s has that room):
 * Unicode NFC with case folded (a decomposed "a\u0308" as macOS writes it
 * is "\u00e4"; "\u00c4" is "\u00e4"), runs of whitespace (and no-break
 * spaces) as one space, none at either end. Text that is not UTF-8 has
 * its ASCII and Latin-1 capitals made small. */
#define SDT_NORM_ROOM(n) (4 * (n) + 1)
void sdt_label_norm(const char *s, char *out);

/* The team path a team cell's text stands for in the map's
 * "team_values", or `cell` itself when it is no code there. */
const char *sdt_map_team_value(const sdt_map *map, const char *cell);

/* Headers matched to an instrument by sdt_map_suggest's rules. */
typedef struct sdt_header_match {
	long *item_col; /* per item: its column, or -1 */
	long id_col, team_col; /* or -1 */
} sdt_header_match;

/* Match the n header names; m->item_col has room for one per item. */
int sdt_header_match_run(sdt_header_match *m, const sdt_instrument *ins,
                         const char *const *names, size_t n);

/* The header row (from 1) and skip rows a layout implies. */
unsigned long sdt_layout_header_row(int layout);
int sdt_layout_skips(int layout, unsigned long row);

#endif
