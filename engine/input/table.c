/*
 * table.c - rows of text cells into responses (see table.h). A plain file
 * names its columns "id", "team", item ids and attributes; an export is
 * read through a column map (sdt_map) or a layout, which also allows
 * answer labels, cells with stray spaces and columns nobody asked for.
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "idset.h"
#include "map_impl.h"
#include "table.h"

/* Cells longer than this are not echoed in messages. */
#define ECHO_MAX 40


static int text_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	/* Printable ASCII needs no UTF-8 decoding: check only from the first
	 * other byte on (a sequence cannot start before it). */
	while (*u >= 0x20 && *u < 0x7f)
		u++;
	return !*u || sdt_utf8_check((const char *)u, strlen((const char *)u)) == 0;
}

/* After a "not valid UTF-8" error about text s: its kind, so that the
 * caller can say what to do. Bytes that are all valid windows-1252 (and
 * not UTF-8) are what Excel on Windows saves as "CSV". */
static int text_kind(const sdt_reader *r, const char *s, int rc)
{
	const unsigned char *u = (const unsigned char *)s;
	int high = 0, ok1252 = 1;

	for (; *u; u++) {
		high |= *u >= 0x80;
		ok1252 &= *u != 0x81 && *u != 0x8d && *u != 0x8f && *u != 0x90 &&
		          *u != 0x9d && (*u >= 0x20 || *u == '\t');
	}
	if (high && !r->opt.encoding)
		sdt_error_set_kind(ok1252 ? "not_utf8_1252" : "not_utf8", r->name);
	return rc;
}

/* Strip spaces and tabs at both ends, in place. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

/* Add a label unless present; the same text for two values is marked
 * ambiguous, to be refused rather than guessed when used. */
static int label_add(sdt_table *t, const char *text, int value)
{
	size_t k;
	char *norm = sdt_malloc(SDT_NORM_ROOM(strlen(text)));

	if (!norm)
		return sdt_fail_nomem();
	sdt_label_norm(text, norm);
	for (k = 0; k < t->n_labels; k++) {
		if (strcmp(t->labels[k].norm, norm) != 0)
			continue;
		if (t->labels[k].value != value && k >= t->n_fixed)
			t->labels[k].value = INT_MAX;
		sdt_free(norm);
		return SDT_OK;
	}
	t->labels[t->n_labels].norm = norm;
	t->labels[t->n_labels++].value = value;
	return SDT_OK;
}

/* The map's labels first: they settle what the instrument's leave open. */
static int labels_build(sdt_reader *r, sdt_table *t)
{
	const sdt_map *map = r->opt.map;
	size_t nl = sdt_instrument_point_label_lang_count(r->ins), k, n_map;
	int v, rc = SDT_OK;

	n_map = map ? map->n_labels : 0;
	t->labels = sdt_calloc(n_map + nl * (size_t)(r->vmax - r->vmin + 1) + 1,
	                       sizeof *t->labels);
	if (!t->labels)
		return sdt_fail_nomem();
	for (k = 0; k < n_map && !rc; k++) {
		v = map->labels[k].value;
		/* a map's labels are the rating scale's answers (an outcome
		 * with its own scale is read as numbers or its own labels) */
		if (v != SDT_MISSING && (v < sdt_instrument_min(r->ins) || v > sdt_instrument_max(r->ins)))
			return sdt_fail(SDT_EDATA, "%s: value %d is outside %d..%d",
			                map->labels[k].where, v, sdt_instrument_min(r->ins),
			                sdt_instrument_max(r->ins));
		t->labels[t->n_labels].norm = sdt_strdup(map->labels[k].norm);
		if (!t->labels[t->n_labels].norm)
			return sdt_fail_nomem();
		t->labels[t->n_labels++].value = v;
		t->n_fixed = t->n_labels;
	}
	/* the instrument's point labels (an item's own scale is read as numbers) */
	for (k = 0; k < nl && !rc; k++)
		for (v = sdt_instrument_min(r->ins); v <= sdt_instrument_max(r->ins) && !rc; v++)
			rc = label_add(t, sdt_instrument_point_label(r->ins,
			               sdt_instrument_point_label_lang(r->ins, k), v), v);
	return rc;
}

int sdt_table_init(sdt_table *t, sdt_reader *r, const char *what)
{
	memset(t, 0, sizeof *t);
	t->what = what;
	t->exports = r->opt.map || r->opt.layout != SDT_LAYOUT_GENERIC ||
	             r->opt.layout_given;
	return labels_build(r, t);
}

void sdt_table_free(sdt_table *t)
{
	size_t k;

	for (k = 0; k < t->n_labels; k++)
		sdt_free(t->labels[k].norm);
	sdt_free(t->labels);
	sdt_free(t->names);
	sdt_free(t->col_name);
	sdt_free(t->cols);
	sdt_free(t->team);
	sdt_free(t->team_part);
	sdt_free(t->norm);
}

/* Keep the header's names (trimmed in exports: Excel pads them). */
static int keep_names(sdt_table *t, char **cells, size_t n)
{
	size_t c, len = 0, off = 0;

	for (c = 0; c < n; c++) {
		if (t->exports)
			cells[c] = trim(cells[c]);
		len += strlen(cells[c]) + 1;
	}
	t->names = sdt_malloc(len ? len : 1);
	t->col_name = sdt_calloc(n ? n : 1, sizeof *t->col_name);
	t->cols = sdt_calloc(n ? n : 1, sizeof *t->cols);
	if (!t->names || !t->col_name || !t->cols)
		return sdt_fail_nomem();
	for (c = 0; c < n; c++) {
		len = strlen(cells[c]) + 1;
		memcpy(t->names + off, cells[c], len);
		t->col_name[c] = t->names + off;
		off += len;
	}
	t->n_cols = n;
	return SDT_OK;
}

/* Whether s is UTF-8 (control characters allowed: exports put line
 * breaks in question texts). */
static int utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	for (; *p; p += n) {
		n = *p < 0x80 ? 1 : *p >= 0xc2 && *p <= 0xdf ? 2 : *p >= 0xe0 && *p <= 0xef
		    ? 3 : *p >= 0xf0 && *p <= 0xf4 ? 4 : 0;
		if (!n || (n > 1 && sdt_utf8_check((const char *)p, n) != 0))
			return 0;
	}
	return 1;
}

/* Names are echoed in messages and matched against a map: text in
 * another encoding is found at the header, in every mode. */
static int names_utf8(const sdt_reader *r, sdt_table *t)
{
	size_t c;
	int rc;

	for (c = 0; c < t->n_cols; c++) {
		if (utf8_valid(t->col_name[c]))
			continue;
		t->have_header = 0; /* no column names the place */
		rc = sdt_table_fail(r, t, (size_t)-1, "the name of column %zu is not "
		                    "valid UTF-8", c + 1);
		t->have_header = 1;
		return text_kind(r, t->col_name[c], rc);
	}
	return SDT_OK;
}

/* Whether `name` is among the attributes the caller declared. */
static int declared_attr(const sdt_reader *r, const char *name)
{
	size_t k;

	for (k = 0; k < r->opt.n_attributes; k++)
		if (r->opt.attributes[k] && strcmp(r->opt.attributes[k], name) == 0)
			return 1;
	return 0;
}

/* Plain files: what column c (named `name`) of the header holds. The
 * names seen so far are in `seen` (a hash set, so that a header of a
 * million columns is checked in linear time). */
static int plain_col(const sdt_reader *r, sdt_table *t, sdt_idset *seen,
                     size_t c, const char *name)
{
	long item;
	int rc, twice = 0;

	if (!name[0]) {
		sdt_table_fail(r, t, (size_t)-1, "column %zu of the header has no "
		               "name", c + 1);
		/* A title row above the header looks like this. */
		sdt_error_set_kind("header_unnamed_column", r->name);
		return SDT_EDATA;
	}
	if (!text_ok(name))
		return text_kind(r, name, sdt_table_fail(r, t, (size_t)-1, "the name of "
		                 "column %zu is not valid UTF-8 or holds a control "
		                 "character", c + 1));
	if ((rc = sdt_idset_put(seen, name, 0, c, 0, &twice, NULL)) != SDT_OK)
		return rc;
	if (twice)
		return sdt_table_fail(r, t, (size_t)-1, "column '%s' appears "
		                      "twice in the header", name);
	item = sdt_instrument_item_find(r->ins, name, strlen(name));
	if (strcmp(name, "id") == 0) {
		t->cols[c].kind = TCOL_ID;
		t->id_col = c;
	} else if (strcmp(name, "team") == 0) {
		t->cols[c] = (tcol){TCOL_TEAM, 0};
		t->n_team = 1;
	} else if (item >= 0) {
		t->cols[c] = (tcol){TCOL_ITEM, (size_t)item};
	} else if (!r->opt.attributes || declared_attr(r, name)) {
		t->cols[c] = (tcol){TCOL_ATTR, t->n_attr++};
	} else {
		t->cols[c] = (tcol){TCOL_NONE, 0};
	}
	return SDT_OK;
}

static int plain_header(sdt_reader *r, sdt_table *t)
{
	sdt_idset *seen = NULL;
	size_t c, bytes = 0;
	int rc = sdt_idset_new(&seen);

	for (c = 0; c < t->n_cols && rc == SDT_OK; c++)
		bytes += strlen(t->col_name[c]) + 1;
	if (rc == SDT_OK)
		rc = sdt_idset_reserve(seen, t->n_cols, bytes);
	/* Until the header is whole, messages name no column. */
	t->have_header = 0;
	for (c = 0; c < t->n_cols && rc == SDT_OK; c++)
		rc = plain_col(r, t, seen, c, t->col_name[c]);
	t->have_header = 1;
	sdt_idset_free(seen);
	return rc;
}

/* The one column that col matches, or an error naming the map's place. */
static int map_find(const sdt_reader *r, const sdt_table *t,
                    const map_col *col, size_t *out)
{
	size_t c, hits = 0;
	int m;

	for (c = 0; c < t->n_cols; c++) {
		m = col->exact ? strcmp(col->exact, t->col_name[c]) == 0
		               : regexec(&col->re, t->col_name[c], 0, NULL, 0) == 0;
		if (m && hits++ == 0)
			*out = c;
	}
	if (hits == 1)
		return SDT_OK;
	if (col->regex)
		return sdt_fail(SDT_EDATA, "%s: %s: regex '%s' matches %zu headers of "
		                "row %lu (expected exactly one)", r->name, col->where,
		                col->regex, hits, t->row);
	if (hits == 0)
		return sdt_fail(SDT_EDATA, "%s: %s: no header of row %lu is '%s'",
		                r->name, col->where, t->row, col->exact);
	return sdt_fail(SDT_EDATA, "%s: %s: header '%s' appears %zu times in row "
	                "%lu (expected exactly once)", r->name, col->where,
	                col->exact, hits, t->row);
}

/* Give column c (found for col) its meaning, once. */
static int map_assign(const sdt_reader *r, sdt_table *t, const map_col *col,
                      int kind, size_t index)
{
	size_t c = 0;
	int rc = map_find(r, t, col, &c);

	if (rc == SDT_OK && t->cols[c].kind != TCOL_NONE)
		rc = sdt_fail(SDT_EDATA, "%s: %s: column '%s' is already mapped to "
		              "something else", r->name, col->where, t->col_name[c]);
	if (rc == SDT_OK)
		t->cols[c] = (tcol){kind, index};
	if (rc == SDT_OK && kind == TCOL_ID)
		t->id_col = c;
	return rc;
}

static int map_header(sdt_reader *r, sdt_table *t)
{
	const sdt_map *map = r->opt.map;
	size_t k;
	long item;
	int rc = map_assign(r, t, &map->id, TCOL_ID, 0);

	for (k = 0; k < map->n_team && rc == SDT_OK; k++)
		rc = map_assign(r, t, &map->team[k], TCOL_TEAM, k);
	t->n_team = map->n_team;
	for (k = 0; k < map->n_items && rc == SDT_OK; k++) {
		item = sdt_instrument_item_find(r->ins, map->items[k].key,
		                                strlen(map->items[k].key));
		if (item < 0)
			rc = sdt_fail(SDT_EDATA, "%s: %s: '%s' is not an item of "
			              "instrument '%s'", r->name, map->items[k].col.where,
			              map->items[k].key, sdt_instrument_id(r->ins));
		else
			rc = map_assign(r, t, &map->items[k].col, TCOL_ITEM, (size_t)item);
	}
	if (rc == SDT_OK && (map->duration.exact || map->duration.regex))
		rc = map_assign(r, t, &map->duration, TCOL_DURATION, 0);
	for (k = 0; k < map->n_attrs && rc == SDT_OK; k++) {
		rc = map_assign(r, t, &map->attrs[k].col, TCOL_ATTR, k);
		t->n_attr = k + 1;
	}
	if (rc == SDT_OK && (rc = sdt_reader_attr_reserve(r, t->n_attr)) == SDT_OK)
		for (k = 0; k < map->n_attrs; k++)
			r->attr_names[k] = map->attrs[k].key;
	return rc;
}

/* A layout without a map: items found as sdt_map_suggest finds them. */
static int layout_header(sdt_reader *r, sdt_table *t)
{
	sdt_header_match m = {NULL, -1, -1};
	size_t i, n_items = r->n_items;
	int rc;

	m.item_col = sdt_calloc(n_items ? n_items : 1, sizeof *m.item_col);
	if (!m.item_col)
		return sdt_fail_nomem();
	rc = sdt_header_match_run(&m, r->ins, t->col_name, t->n_cols);
	if (rc == SDT_OK && m.id_col < 0) {
		rc = sdt_table_fail(r, t, (size_t)-1, "no column of the header looks "
		                    "like the respondent id");
		sdt_error_set_kind("map_needed", NULL);
	}
	if (rc == SDT_OK) {
		t->cols[m.id_col].kind = TCOL_ID;
		t->id_col = (size_t)m.id_col;
		if (m.team_col >= 0) {
			t->cols[m.team_col] = (tcol){TCOL_TEAM, 0};
			t->n_team = 1;
		}
	}
	for (i = 0; i < n_items && rc == SDT_OK; i++) {
		if (m.item_col[i] < 0)
			continue;
		if (t->cols[m.item_col[i]].kind != TCOL_NONE) {
			rc = sdt_table_fail(r, t, (size_t)m.item_col[i], "the column "
			                    "matches more than one item");
			sdt_error_set_kind("map_needed", NULL);
		} else {
			t->cols[m.item_col[i]] = (tcol){TCOL_ITEM, i};
		}
	}
	sdt_free(m.item_col);
	return rc;
}

/* A first row with no id or item column and at most three named cells
 * (a title, perhaps cut at its commas) is a title above the header. */
static int looks_like_title(const sdt_table *t, size_t n_items)
{
	size_t c, named = 0;

	for (c = 0; c < t->n_cols; c++)
		named += t->col_name[c] && t->col_name[c][0];
	return n_items == 0 && named >= 1 && named <= 3 && t->col_name[0] && t->col_name[0][0];
}

static int header(sdt_reader *r, sdt_table *t, char **cells, size_t n)
{
	size_t c, n_items = 0;
	int rc;

	t->id_col = (size_t)-1;
	if ((rc = keep_names(t, cells, n)) != SDT_OK)
		return rc;
	t->have_header = 1;
	if ((rc = names_utf8(r, t)) != SDT_OK || r->headers_only == 1)
		return rc;
	if (r->opt.map)
		return (rc = map_header(r, t)) != SDT_OK ? rc : sdt_table_roles_check(r, t);
	rc = t->exports ? layout_header(r, t) : plain_header(r, t);
	for (c = 0; c < n; c++)
		n_items += t->cols[c].kind == TCOL_ITEM;
	if (rc == SDT_OK)
		rc = sdt_table_misnamed(r, t);
	if (rc == SDT_OK && t->id_col == (size_t)-1 && looks_like_title(t, n_items)) {
		/* a title above the header: the usual Excel export mistake */
		rc = sdt_table_fail(r, t, (size_t)-1, "the header has no 'id' column; its "
		                    "first row looks like a title ('%s')", t->col_name[0]);
		sdt_error_set_kind("header_title", r->name);
	} else if (rc == SDT_OK && t->id_col == (size_t)-1) {
		rc = sdt_table_fail(r, t, (size_t)-1, "the header has no 'id' column");
		sdt_error_set_kind("no_id_column", r->name);
	} else if (rc == SDT_OK && n_items == 0) {
		rc = sdt_table_fail(r, t, (size_t)-1, "no column of the header is an "
		                    "item of instrument '%s'", sdt_instrument_id(r->ins));
		sdt_error_set_kind("no_item_column", r->name);
	}
	if (rc == SDT_OK)
		rc = sdt_table_missing_items(r, t);
	if (rc == SDT_OK)
		rc = sdt_reader_attr_reserve(r, t->n_attr);
	for (c = 0; c < n && rc == SDT_OK; c++)
		if (t->cols[c].kind == TCOL_ATTR)
			r->attr_names[t->cols[c].index] = t->col_name[c];
	return rc;
}

/* Parse an integer cell, trimmed to [*b, *e): 0 when it is one (huge
 * values saturate, to fail the range check; Excel's "4,0" and "4.0" are
 * 4), 1 when blank, -1 if not a number, -2 if a number but not whole. */
static int parse_int(const char *s, long *out, const char **b, const char **e)
{
	const char *p;
	long v = 0;
	int neg;

	while (*s == ' ' || *s == '\t')
		s++;
	*b = s;
	*e = s + strlen(s);
	while (*e > s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
		(*e)--;
	if (*b == *e)
		return 1;
	neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	for (p = s; p < *e && *p >= '0' && *p <= '9'; p++)
		if (v < 1000000000L)
			v = v * 10 + (*p - '0');
	if (p == s)
		return -1;
	if (p < *e && (*p == '.' || *p == ',') && p + 1 < *e) {
		for (p++; p < *e && *p == '0'; p++)
			;
		if (p < *e)
			return *p >= '0' && *p <= '9' ? -2 : -1;
	}
	if (p < *e)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* The value of an answer label, 1 when found (*v may be SDT_MISSING),
 * 0 when unknown, -1 when it means different values (*v unset). */
static int label_find(sdt_table *t, const char *b, size_t n, int *v)
{
	size_t k;

	if (SDT_NORM_ROOM(n) > t->norm_cap) {
		sdt_free(t->norm);
		t->norm_cap = 0;
		if (!(t->norm = sdt_malloc(SDT_NORM_ROOM(n))))
			return -2;
		t->norm_cap = SDT_NORM_ROOM(n);
	}
	memcpy(t->norm, b, n);
	t->norm[n] = '\0';
	sdt_label_norm(t->norm, t->norm);
	for (k = 0; k < t->n_labels; k++) {
		if (strcmp(t->labels[k].norm, t->norm) != 0)
			continue;
		if (t->labels[k].value == INT_MAX)
			return -1;
		*v = t->labels[k].value;
		return 1;
	}
	return 0;
}

/* After label_find missed (t->norm holds the cell, normalised): a point
 * label of the item's own response scale, in any language. 1 and *v when
 * found, else 0. */
static int own_label(const sdt_reader *r, const sdt_table *t, size_t item, int *v)
{
	const sdt_instrument *ins = r->ins;
	char norm[512];
	const char *l;
	size_t k, nl = sdt_instrument_point_label_lang_count(ins);
	int x;

	if (!sdt_instrument_item_has_own_scale(ins, item))
		return 0;
	for (x = sdt_instrument_item_min(ins, item); x <= sdt_instrument_item_max(ins, item); x++)
		for (k = 0; k <= nl; k++) {
			l = sdt_instrument_item_point_label(ins, item,
			        k < nl ? sdt_instrument_point_label_lang(ins, k) : "en", x);
			if (!l || SDT_NORM_ROOM(strlen(l)) > sizeof norm)
				continue;
			sdt_label_norm(l, norm);
			if (strcmp(norm, t->norm) == 0) {
				*v = x;
				return 1;
			}
		}
	return 0;
}

static int value_error(sdt_reader *r, const sdt_table *t, size_t c, int k,
                       const char *b, int w)
{
	int echo = w <= ECHO_MAX && sdt_utf8_check(b, (size_t)w) == 0;

	if (sdt_utf8_check(b, (size_t)w) != 0)
		return text_kind(r, b, sdt_table_fail(r, t, c, "the cell "
		                 "is not valid UTF-8 or holds a control character"));
	if (k == 0)
		return sdt_table_fail(r, t, c, "value %.*s is outside %d..%d", w, b,
		                      r->imin[t->cols[c].index], r->imax[t->cols[c].index]);
	if (k == -3)
		return sdt_table_fail(r, t, c, "answer label '%.*s' means different "
		                      "values in different languages; give its value "
		                      "in the map's \"labels\"", w, b);
	if (t->n_labels && k == -1)
		return echo ? sdt_table_fail(r, t, c, "unknown answer label '%.*s' "
		                             "(not a number, nor a label of the "
		                             "response scale or the map)", w, b)
		            : sdt_table_fail(r, t, c, "the answer is neither a number "
		                             "nor a known label");
	if (echo)
		return sdt_table_fail(r, t, c, "value '%.*s' is not a whole number",
		                      w, b);
	return sdt_table_fail(r, t, c, "the value is not a whole number");
}

static int table_value(sdt_reader *r, sdt_table *t, size_t c, const char *s)
{
	const char *b, *e;
	long v = s[0] - '0';
	int k, lv = 0, f;

	/* The usual cells, one digit or none, without the general parse. */
	if (v >= 0 && v <= 9 && !s[1] && sdt_reader_item_in_range(r, t->cols[c].index, v)) {
		r->values[t->cols[c].index] = (int)v;
		return SDT_OK;
	}
	if (!s[0])
		return SDT_OK;
	k = parse_int(s, &v, &b, &e);
	if (k == 1)
		return SDT_OK;
	if (k == -1 && t->n_labels) {
		f = label_find(t, b, (size_t)(e - b), &lv);
		if (f == -2)
			return sdt_fail_nomem();
		if (f == 0)
			f = own_label(r, t, t->cols[c].index, &lv);
		if (f == 1 && lv == SDT_MISSING)
			return SDT_OK;
		k = f == 1 ? 0 : f == -1 ? -3 : -1;
		v = lv;
	}
	if (k == 0 && sdt_reader_item_in_range(r, t->cols[c].index, v)) {
		r->values[t->cols[c].index] = (int)v;
		return SDT_OK;
	}
	if (sdt_reader_bad_value(r))
		return SDT_OK;
	return value_error(r, t, c, k, b, (int)(e - b));
}

/* The id cell: present, non-empty, clean. */
static int table_id(sdt_reader *r, const sdt_table *t, char **cells,
                    size_t n)
{
	const char *id = t->id_col < n ? cells[t->id_col] : "";

	if (id[0] && text_ok(id))
		r->resp.id = id;
	if (n + t->n_extra != t->n_cols)
		return sdt_table_fail(r, t, (size_t)-1, "the row has %zu cells but "
		                      "the header has %zu columns", n + t->n_extra,
		                      t->n_cols);
	if (!id[0])
		return sdt_table_fail(r, t, t->id_col, "the id is empty; every "
		                      "response needs one");
	if (!r->resp.id)
		return text_kind(r, id, sdt_table_fail(r, t, t->id_col, "the id is not "
		                 "valid UTF-8 or holds a control character"));
	return SDT_OK;
}

/* Join the record's team parts with '/', leaving out empty ones. */
static int team_join(sdt_reader *r, sdt_table *t)
{
	size_t k, len = 1, at = 0, n;

	/* One part is the team as it is: the cell outlives the response. */
	if (t->n_team == 1) {
		r->resp.team = t->team_part[0];
		return SDT_OK;
	}
	for (k = 0; k < t->n_team; k++)
		len += t->team_part[k] ? strlen(t->team_part[k]) + 1 : 0;
	if (len > t->team_cap) {
		sdt_free(t->team);
		t->team_cap = 0;
		if (!(t->team = sdt_malloc(len)))
			return sdt_fail_nomem();
		t->team_cap = len;
	}
	for (k = 0; k < t->n_team; k++) {
		if (!t->team_part[k])
			continue;
		if (at)
			t->team[at++] = '/';
		n = strlen(t->team_part[k]);
		memcpy(t->team + at, t->team_part[k], n);
		at += n;
	}
	t->team[at] = '\0';
	r->resp.team = at ? t->team : NULL;
	return SDT_OK;
}

/* A duration cell: seconds, "." or "," as the decimal mark, not negative.
 * Anything else is no duration (counted by the careless rules, never an
 * error: a survey tool's timer is not an answer). */
static void duration(sdt_reader *r, const char *v)
{
	char buf[64], *end;
	size_t n = strlen(v), i;
	double x;

	if (!v[0])
		return;
	r->resp.duration_bad = 1;
	if (n >= sizeof buf)
		return;
	for (i = 0; i <= n; i++)
		buf[i] = v[i] == ',' ? '.' : v[i];
	x = strtod(buf, &end);
	if (end == buf || *end || !isfinite(x) || x < 0.0 || strpbrk(buf, "xXpPnN"))
		return;
	r->resp.duration = x;
	r->resp.duration_bad = 0;
}

static int record(sdt_reader *r, sdt_table *t, char **cells, size_t n)
{
	const char *v;
	size_t c;
	int rc;

	sdt_reader_begin(r, t->line ? t->line : t->row);
	r->resp.row = t->row;
	if (t->exports)
		for (c = 0; c < n; c++)
			cells[c] = trim(cells[c]);
	if ((rc = table_id(r, t, cells, n)) != SDT_OK)
		return rc;
	for (c = 0; c < t->n_team; c++)
		t->team_part[c] = NULL;
	for (c = 0; c < t->n_cols && rc == SDT_OK; c++) {
		v = cells[c];
		if (t->cols[c].kind == TCOL_ITEM &&
		    sdt_instrument_item_type(r->ins, t->cols[c].index) == SDT_ITEM_TEXT) {
			/* a comment: its text as written, control characters out */
			rc = sdt_reader_set_text(r, t->cols[c].index, v, strlen(v));
			if (rc == SDT_EDATA)
				rc = sdt_table_fail(r, t, c, "the comment is not valid UTF-8");
			continue;
		}
		if (t->cols[c].kind == TCOL_ITEM) {
			rc = table_value(r, t, c, v);
			continue;
		}
		if (t->cols[c].kind == TCOL_ID || t->cols[c].kind == TCOL_NONE)
			continue;
		if (t->cols[c].kind == TCOL_DURATION) {
			duration(r, v);
			continue;
		}
		if (v[0] && !text_ok(v))
			rc = text_kind(r, v, sdt_table_fail(r, t, c, "the cell is not "
			               "valid UTF-8 or holds a control character"));
		else if (t->cols[c].kind == TCOL_TEAM)
			t->team_part[t->cols[c].index] =
				v[0] ? sdt_map_team_value(r->opt.map, v) : NULL;
		else
			r->attr_values[t->cols[c].index] = v[0] ? v : NULL;
	}
	if (rc == SDT_OK && t->n_team)
		rc = team_join(r, t);
	r->resp.n_attributes = t->n_attr;
	return rc;
}

static int blank_row(char **cells, size_t n)
{
	size_t c;
	const char *s;

	for (c = 0; c < n; c++)
		for (s = cells[c]; *s; s++)
			if (*s != ' ' && *s != '\t')
				return 0;
	return 1;
}

/* The header's row: the caller's (--header-row), else the map's, else
 * the layout's. */
static unsigned long head_row(const sdt_reader *r)
{
	const sdt_map *map = r->opt.map;

	if (r->opt.header_row)
		return r->opt.header_row;
	return map && map->header_row ? map->header_row
	                               : sdt_layout_header_row(r->opt.layout);
}

/* A row after the header that the caller (or else the map, or else the
 * layout) skips. */
static int skip_row(const sdt_reader *r, unsigned long row)
{
	const sdt_map *map = r->opt.map;
	size_t k;

	if (r->opt.header_row || r->opt.n_skip_rows) {
		for (k = 0; k < r->opt.n_skip_rows; k++)
			if (r->opt.skip_rows[k] == row)
				return 1;
		return 0;
	}
	for (k = 0; map && k < map->n_skip; k++)
		if (map->skip[k] == row)
			return 1;
	if (map && (map->header_row || map->n_skip))
		return 0;
	return sdt_layout_skips(r->opt.layout, row);
}

int sdt_table_row(sdt_reader *r, sdt_table *t, unsigned long row,
                  char **cells, size_t n, const sdt_response **resp)
{
	static char empty[1];
	int rc;

	*resp = NULL;
	t->row = row;
	if (t->pad)
		t->line = row; /* a worksheet's place is its row */
	r->resp.id = NULL;
	if (!t->have_header && row < head_row(r))
		return SDT_OK;
	if (!t->have_header) {
		if ((rc = header(r, t, cells, n)) == SDT_OK && t->n_team &&
		    !(t->team_part = sdt_calloc(t->n_team, sizeof *t->team_part)))
			rc = sdt_fail_nomem();
		return rc;
	}
	if (skip_row(r, row))
		return SDT_OK;
	if (blank_row(cells, n)) {
		if (!t->blank)
			t->blank = row;
		return SDT_OK;
	}
	if (t->blank)
		return sdt_table_fail(r, t, (size_t)-1, "row %lu is blank but data "
		                      "follows it; only blank rows at the end are "
		                      "skipped", t->blank);
	if (t->pad && n < t->n_cols) {
		/* Worksheets leave out trailing empty cells. */
		while (n < t->n_cols)
			cells[n++] = empty;
	}
	if ((rc = record(r, t, cells, t->pad && n > t->n_cols ? t->n_cols : n)) == SDT_OK)
		*resp = &r->resp;
	return rc;
}

/* Bytes as sdt_table_line sees them; text cells take the first two. */
enum { TL_TEXT, TL_DIGIT, TL_HIGH, TL_DELIM, TL_STOP };

/* TL_DIGIT for a digit that is an answer in range; TL_STOP for what the
 * general way must handle: tabs and other control characters (errors) and
 * quotes; TL_HIGH for the bytes of UTF-8 sequences, which a text cell then
 * has checked. Spaces are text, but not at either end of a cell (those the
 * general way trims). */
static void line_classes(const sdt_reader *r, sdt_table *t,
                         unsigned char delim)
{
	int b;

	for (b = 0; b < 256; b++)
		t->line_cls[b] = b < 0x20 || b == 0x7f || b == '"'
		                 ? TL_STOP : b >= 0x80 ? TL_HIGH : TL_TEXT;
	for (b = '0'; b <= '9'; b++)
		if (sdt_reader_in_range(r, b - '0'))
			t->line_cls[b] = TL_DIGIT;
	t->line_cls[delim] = TL_DELIM;
	t->line_delim = delim;
}

/* A text cell at s[k..]: NUL-terminated in place of its delimiter; the
 * offset after that, or 0 when it needs the general way. */
static size_t line_text(const unsigned char *cls, char *s, size_t k)
{
	size_t b = k;
	int high = 0, f;

	for (;;) {
		while ((f = cls[(unsigned char)s[k]]) <= TL_DIGIT)
			k++;
		if (f == TL_DELIM)
			break;
		if (f == TL_STOP)
			return 0;
		high = 1;
		k++;
	}
	if (k > b && (s[b] == ' ' || s[k - 1] == ' '))
		return 0;
	if (high && sdt_utf8_check(s + b, k - b) != 0)
		return 0;
	s[k] = '\0';
	return k + 1;
}

/* Put back the delimiters line_text replaced in s[0..n] (the line held no
 * NUL byte of its own). */
static void line_undo(char *s, size_t n, unsigned char delim)
{
	size_t i;

	for (i = 0; i <= n; i++)
		if (!s[i])
			s[i] = (char)delim;
}

int sdt_table_line(sdt_reader *r, sdt_table *t, unsigned long row, char *s,
                   size_t n, unsigned char delim, const sdt_response **resp)
{
	/* Locals: the stores into s may alias anything for the compiler. */
	const unsigned char *cls = t->line_cls;
	const tcol *cols = t->cols;
	const char *team = NULL, *id = NULL;
	int *values = r->values, f;
	size_t c, k = 0, b, n_cols = t->n_cols;

	*resp = NULL;
	if (!t->have_header || t->exports || t->pad || t->blank || r->headers_only ||
	    r->opt.n_skip_rows)
		return 1;
	if (t->line_delim != delim)
		line_classes(r, t, delim);
	sdt_reader_begin(r, t->line ? t->line : row);
	r->resp.row = row;
	for (c = 0; c < n_cols && k <= n; c++) {
		if (cols[c].kind == TCOL_ITEM) {
			/* The usual answer: none, or one digit in range. */
			if ((f = cls[(unsigned char)s[k]]) == TL_DELIM) {
				k++;
				continue;
			}
			/* in this item's own range (a text item has none: its
			 * digits are a comment, read the general way) */
			if (f != TL_DIGIT || cls[(unsigned char)s[k + 1]] != TL_DELIM ||
			    !sdt_reader_item_in_range(r, cols[c].index, s[k] - '0'))
				break;
			values[cols[c].index] = s[k] - '0';
			k += 2;
			continue;
		}
		b = k;
		if ((k = line_text(cls, s, k)) == 0)
			break;
		if (cols[c].kind == TCOL_ID)
			id = s + b;
		else if (cols[c].kind == TCOL_TEAM)
			team = s[b] ? s + b : NULL;
		else if (cols[c].kind == TCOL_ATTR)
			r->attr_values[cols[c].index] = s[b] ? s + b : NULL;
	}
	/* Every column taken and the line used up, with a non-empty id. */
	if (c < n_cols || k != n + 1 || !id || !id[0]) {
		line_undo(s, n, delim);
		return 1;
	}
	t->row = row;
	r->resp.id = id;
	r->resp.team = team;
	r->resp.n_attributes = t->n_attr;
	*resp = &r->resp;
	return SDT_OK;
}

int sdt_table_col_used(const sdt_table *t, size_t c)
{
	return t->have_header && c < t->n_cols && t->cols[c].kind != TCOL_NONE;
}

int sdt_table_end(sdt_reader *r, sdt_table *t)
{
	if (t->have_header || r->headers_only)
		return SDT_OK;
	return sdt_fail(SDT_EDATA, "%s: the file is empty; expected a header row "
	                "(id,team,...,<item ids>)", r->name);
}

int sdt_table_next(sdt_reader *r, sdt_table *t, const sdt_table_flow *f,
                   int (*take)(sdt_reader *r, const sdt_response **resp),
                   int (*feed)(sdt_reader *r), const sdt_response **resp)
{
	int rc = SDT_OK;

	for (;;) {
		if (f->row_ready) {
			if ((rc = take(r, resp)) != SDT_OK || *resp)
				break;
			if (r->headers_only && t->have_header)
				break;
			continue;
		}
		if (f->ended) {
			rc = sdt_table_end(r, t);
			break;
		}
		if ((rc = feed(r)) != SDT_OK)
			break;
	}
	return rc;
}
