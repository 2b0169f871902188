/*
 * read_csv.c - CSV responses (RFC 4180, via libcsv): a header row
 * "id,team,<attributes>,<item ids>" and one respondent a row, streamed.
 *
 * Each column is mapped once, at the header, to what it holds; a row then
 * costs a copy of its cells and one integer parse per item.
 */
#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "reader_impl.h"

/* Cells longer than this are not echoed in messages. */
#define CSV_ECHO_MAX 40

enum { COL_ATTR, COL_ID, COL_TEAM, COL_ITEM };

typedef struct csv_col {
	int kind;
	size_t index; /* item index (COL_ITEM) or attribute index (COL_ATTR) */
} csv_col;

typedef struct csv_state {
	struct csv_parser p;
	int p_ok;
	unsigned long rec; /* records completed so far, the header being 1 */
	int ready;         /* a record is complete and waits to be used */
	int nomem;         /* an allocation failed inside a callback */
	int finished;      /* csv_fini() has run */
	/* The current record: cells NUL-terminated one after another in buf. */
	char *buf;
	size_t len, cap;
	size_t *off;
	size_t n_cells, cells_cap;
	/* The header, kept: names and what each column holds. */
	int have_header;
	char *names;
	const char **col_name;
	csv_col *cols;
	size_t n_cols, n_attr, id_col;
} csv_state;

static void csv_free_state(void *impl)
{
	csv_state *st = impl;

	if (st->p_ok)
		csv_free(&st->p);
	sdt_free(st->buf);
	sdt_free(st->off);
	sdt_free(st->names);
	sdt_free(st->col_name);
	sdt_free(st->cols);
	sdt_free(st);
}

static int csv_grow(csv_state *st, size_t n)
{
	size_t cap;
	void *p;

	if (st->n_cells == st->cells_cap) {
		cap = st->cells_cap ? st->cells_cap * 2 : 64;
		if (!(p = sdt_reallocarray(st->off, cap, sizeof *st->off)))
			return -1;
		st->off = p;
		st->cells_cap = cap;
	}
	if (st->cap - st->len < n + 1) {
		for (cap = st->cap ? st->cap : 1024; cap - st->len < n + 1; cap *= 2)
			;
		if (!(p = sdt_realloc(st->buf, cap)))
			return -1;
		st->buf = p;
		st->cap = cap;
	}
	return 0;
}

static void csv_on_field(void *s, size_t n, void *data)
{
	csv_state *st = data;

	/* Cells past the header's width are only counted, for the message. */
	if (st->nomem || (st->have_header && st->n_cells >= st->n_cols)) {
		st->n_cells++;
		return;
	}
	if (csv_grow(st, n) != 0) {
		st->nomem = 1;
		return;
	}
	st->off[st->n_cells++] = st->len;
	if (n > 0)
		memcpy(st->buf + st->len, s, n);
	st->len += n;
	st->buf[st->len++] = '\0';
}

static void csv_on_record(int c, void *data)
{
	csv_state *st = data;

	(void)c;
	st->ready = 1;
	st->rec++;
}

static const char *csv_cell(const csv_state *st, size_t c)
{
	return st->buf + st->off[c];
}

static int csv_fail(const sdt_reader *r, const csv_state *st, size_t col,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "file:row N: column 'h': what (respondent id)"; col past the header's
 * columns leaves the column out. */
static int csv_fail(const sdt_reader *r, const csv_state *st, size_t col,
                    const char *fmt, ...)
{
	char what[512], where[300] = "";
	const char *id = r->resp.id;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (st->have_header && col < st->n_cols)
		snprintf(where, sizeof where, " column '%s':", st->col_name[col]);
	return sdt_fail(SDT_EDATA, "%s:row %lu:%s %s%s%s%s", r->name, st->rec,
	                where, what, id ? " (respondent " : "", id ? id : "",
	                id ? ")" : "");
}

static int csv_text_ok(const char *s)
{
	return sdt_utf8_check(s, strlen(s)) == 0;
}

/* What column c (named `name`) of the header holds. */
static int csv_header_col(const sdt_reader *r, csv_state *st, size_t c,
                          const char *name)
{
	size_t j;
	long item;

	if (!name[0])
		return csv_fail(r, st, (size_t)-1, "column %zu of the header has no "
		                "name", c + 1);
	if (!csv_text_ok(name))
		return csv_fail(r, st, (size_t)-1, "the name of column %zu is not "
		                "valid UTF-8 or holds a control character", c + 1);
	for (j = 0; j < c; j++)
		if (strcmp(st->col_name[j], name) == 0)
			return csv_fail(r, st, (size_t)-1, "column '%s' appears twice in "
			                "the header", name);
	item = sdt_instrument_item_find(r->ins, name, strlen(name));
	if (strcmp(name, "id") == 0) {
		st->cols[c].kind = COL_ID;
		st->id_col = c;
	} else if (strcmp(name, "team") == 0) {
		st->cols[c].kind = COL_TEAM;
	} else if (item >= 0) {
		st->cols[c] = (csv_col){COL_ITEM, (size_t)item};
	} else {
		st->cols[c] = (csv_col){COL_ATTR, st->n_attr++};
	}
	return SDT_OK;
}

static int csv_header(sdt_reader *r, csv_state *st)
{
	size_t c, n = st->n_cells, n_items = 0;
	int rc = SDT_OK;

	st->names = sdt_malloc(st->len);
	st->col_name = sdt_calloc(n, sizeof *st->col_name);
	st->cols = sdt_calloc(n, sizeof *st->cols);
	if (!st->names || !st->col_name || !st->cols) {
		rc = sdt_fail_nomem();
		goto done;
	}
	memcpy(st->names, st->buf, st->len);
	st->id_col = (size_t)-1;
	for (c = 0; c < n && rc == SDT_OK; c++) {
		st->col_name[c] = st->names + st->off[c];
		rc = csv_header_col(r, st, c, st->col_name[c]);
		n_items += st->cols[c].kind == COL_ITEM;
	}
	if (rc != SDT_OK)
		goto done;
	st->n_cols = n;
	st->have_header = 1;
	if (st->id_col == (size_t)-1)
		rc = csv_fail(r, st, (size_t)-1, "the header has no 'id' column");
	else if (n_items == 0)
		rc = csv_fail(r, st, (size_t)-1, "no column of the header is an item "
		              "of instrument '%s'", sdt_instrument_id(r->ins));
	else
		rc = sdt_reader_attr_reserve(r, st->n_attr);
	for (c = 0; c < n && rc == SDT_OK; c++)
		if (st->cols[c].kind == COL_ATTR)
			r->attr_names[st->cols[c].index] = st->col_name[c];
done:
	return rc;
}

/* Parse an integer cell, trimmed to [*b, *e): 0 when it is one (huge
 * values saturate, to fail the range check), 1 when blank, -1 if not. */
static int csv_int(const char *s, long *out, const char **b, const char **e)
{
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
	if (s == *e)
		return -1;
	for (; s < *e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v < 1000000000L)
			v = v * 10 + (*s - '0');
	}
	*out = neg ? -v : v;
	return 0;
}

static int csv_value(sdt_reader *r, const csv_state *st, size_t c,
                     const char *s)
{
	const char *b, *e;
	long v = 0;
	int k = csv_int(s, &v, &b, &e), w;

	if (k == 1)
		return SDT_OK;
	if (k == 0 && sdt_reader_in_range(r, v)) {
		r->values[st->cols[c].index] = (int)v;
		return SDT_OK;
	}
	if (sdt_reader_bad_value(r))
		return SDT_OK;
	w = (int)(e - b);
	if (k == 0)
		return csv_fail(r, st, c, "value %.*s is outside %d..%d", w, b,
		                r->vmin, r->vmax);
	if (w <= CSV_ECHO_MAX && sdt_utf8_check(b, (size_t)w) == 0)
		return csv_fail(r, st, c, "value '%.*s' is not a whole number", w, b);
	return csv_fail(r, st, c, "the value is not a whole number");
}

/* The id cell: present, non-empty, clean. */
static int csv_id(sdt_reader *r, const csv_state *st)
{
	const char *id = st->id_col < st->n_cells && st->id_col < st->n_cols
	                 ? csv_cell(st, st->id_col) : "";

	if (id[0] && csv_text_ok(id))
		r->resp.id = id;
	if (st->n_cells != st->n_cols)
		return csv_fail(r, st, (size_t)-1, "the row has %zu cells but the "
		                "header has %zu columns", st->n_cells, st->n_cols);
	if (!id[0])
		return csv_fail(r, st, st->id_col, "the id is empty; every response "
		                "needs one");
	if (!r->resp.id)
		return csv_fail(r, st, st->id_col, "the id is not valid UTF-8 or "
		                "holds a control character");
	return SDT_OK;
}

static int csv_record(sdt_reader *r, const csv_state *st)
{
	const char *v;
	size_t c;
	int rc;

	sdt_reader_begin(r, st->rec);
	if ((rc = csv_id(r, st)) != SDT_OK)
		return rc;
	for (c = 0; c < st->n_cols && rc == SDT_OK; c++) {
		v = csv_cell(st, c);
		if (st->cols[c].kind == COL_ITEM) {
			rc = csv_value(r, st, c, v);
			continue;
		}
		if (st->cols[c].kind == COL_ID)
			continue;
		if (v[0] && !csv_text_ok(v))
			rc = csv_fail(r, st, c, "the cell is not valid UTF-8 or holds a "
			              "control character");
		else if (st->cols[c].kind == COL_TEAM)
			r->resp.team = v[0] ? v : NULL;
		else
			r->attr_values[st->cols[c].index] = v[0] ? v : NULL;
	}
	r->resp.n_attributes = st->n_attr;
	return rc;
}

/* A libcsv error (or a callback's failed allocation) as our error. */
static int csv_parse_error(sdt_reader *r, csv_state *st, int at_end)
{
	int e = csv_error(&st->p);

	if (st->nomem || e == CSV_ENOMEM)
		return sdt_fail_nomem();
	if (e == CSV_ETOOBIG)
		return sdt_fail(SDT_ELIMIT, "%s:row %lu: a cell is too large", r->name,
		                st->rec + 1);
	st->rec++; /* the record being read is where the problem is */
	r->resp.id = NULL;
	return csv_fail(r, st, (size_t)-1, "%s", at_end
	                ? "the file ends inside a quoted cell"
	                : "malformed CSV: a quote inside an unquoted cell, or text "
	                  "after a closing quote");
}

/* Feed the next line piece to libcsv, or finish at the end of input. */
static int csv_feed(sdt_reader *r, csv_state *st)
{
	const char *s, *nul;
	size_t n;
	int rc;

	if ((rc = sdt_linebuf_next(&r->lines, r->name, 1, &s, &n)) != SDT_OK)
		return rc;
	r->resp.id = NULL;
	if (!s) {
		st->finished = 1;
		if (csv_fini(&st->p, csv_on_field, csv_on_record, st) != 0 ||
		    st->nomem)
			return csv_parse_error(r, st, 1);
		return SDT_OK;
	}
	if ((nul = memchr(s, '\0', n))) {
		st->rec++;
		return csv_fail(r, st, (size_t)-1, "a NUL byte in the data");
	}
	if (csv_parse(&st->p, s, n, csv_on_field, csv_on_record, st) != n ||
	    st->nomem)
		return csv_parse_error(r, st, 0);
	return SDT_OK;
}

static int csv_next(sdt_reader *r, const sdt_response **resp)
{
	csv_state *st = r->impl;
	int rc = SDT_OK, header;

	for (;;) {
		if (st->ready) {
			/* The cells stay in buf for the caller until the next call. */
			st->ready = 0;
			header = !st->have_header;
			rc = header ? csv_header(r, st) : csv_record(r, st);
			st->n_cells = 0;
			st->len = 0;
			if (rc != SDT_OK || !header)
				break;
			continue;
		}
		if (st->finished) {
			if (!st->have_header)
				rc = sdt_fail(SDT_EDATA, "%s: the file is empty; expected a "
				              "header row (id,team,...,<item ids>)", r->name);
			goto done;
		}
		if ((rc = csv_feed(r, st)) != SDT_OK)
			goto done;
	}
	if (rc == SDT_OK)
		*resp = &r->resp;
done:
	return rc;
}

int sdt_read_csv_open(sdt_reader *r)
{
	csv_state *st = sdt_calloc(1, sizeof *st);

	if (!st)
		return sdt_fail_nomem();
	r->impl = st;
	r->free_fn = csv_free_state;
	r->next_fn = csv_next;
	if (csv_init(&st->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return sdt_fail_nomem();
	st->p_ok = 1;
	/* Through the engine's allocator, like everything else. */
	csv_set_realloc_func(&st->p, sdt_realloc);
	csv_set_free_func(&st->p, sdt_free);
	return sdt_reader_open_file(r);
}
