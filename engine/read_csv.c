/*
 * read_csv.c - CSV responses (RFC 4180, via libcsv), streamed: a header row
 * "id,team,<attributes>,<item ids>" and one respondent a row, or a survey
 * export read through a column map (table.c turns rows into responses).
 *
 * The delimiter (comma, semicolon as Finnish Excel writes, or tab) is told
 * from the first record; other encodings than UTF-8 are converted as they
 * are read (encoding.c).
 */
#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "encoding.h"
#include "table.h"

typedef struct csv_state {
	struct csv_parser p;
	int p_ok;
	unsigned long rec; /* records completed so far, the first being 1 */
	int ready;         /* a record is complete and waits to be used */
	int nomem;         /* an allocation failed inside a callback */
	int finished;      /* csv_fini() has run */
	/* The current record: cells NUL-terminated one after another in buf. */
	char *buf;
	size_t len, cap;
	size_t *off;
	char **cells;
	size_t n_cells, cells_cap;
	sdt_table table;
} csv_state;

static void csv_free_state(void *impl)
{
	csv_state *st = impl;

	if (st->p_ok)
		csv_free(&st->p);
	sdt_table_free(&st->table);
	sdt_free(st->buf);
	sdt_free(st->off);
	sdt_free(st->cells);
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
		if (!(p = sdt_reallocarray(st->cells, cap, sizeof *st->cells)))
			return -1;
		st->cells = p;
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
	if (st->nomem || (st->table.have_header && st->n_cells >= st->table.n_cols)) {
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

/* A libcsv error (or a callback's failed allocation) as our error. */
static int csv_parse_error(sdt_reader *r, csv_state *st, int at_end)
{
	int e = csv_error(&st->p);

	if (st->nomem || e == CSV_ENOMEM)
		return sdt_fail_nomem();
	if (e == CSV_ETOOBIG)
		return sdt_fail(SDT_ELIMIT, "%s:row %lu: a cell is too large", r->name,
		                st->rec + 1);
	st->table.row = st->rec + 1; /* the record being read */
	r->resp.id = NULL;
	return sdt_table_fail(r, &st->table, (size_t)-1, "%s", at_end
	                      ? "the file ends inside a quoted cell"
	                      : "malformed CSV: a quote inside an unquoted cell, "
	                        "or text after a closing quote");
}

/* Feed the next line piece to libcsv, or finish at the end of input. */
static int csv_feed(sdt_reader *r, csv_state *st)
{
	const char *s, *bad;
	size_t n;
	int rc;

	r->resp.id = NULL;
	if ((rc = sdt_linebuf_next(&r->lines, r->name, 1, &s, &n)) != SDT_OK) {
		if ((bad = sdt_decoder_bad(r->lines.dec)) != NULL) {
			st->table.row = st->rec + 1;
			return sdt_table_fail(r, &st->table, (size_t)-1, "the text is not "
			                      "valid %s", bad);
		}
		return rc;
	}
	if (!s) {
		st->finished = 1;
		if (csv_fini(&st->p, csv_on_field, csv_on_record, st) != 0 ||
		    st->nomem)
			return csv_parse_error(r, st, 1);
		return SDT_OK;
	}
	if (memchr(s, '\0', n)) {
		st->table.row = st->rec + 1;
		return sdt_table_fail(r, &st->table, (size_t)-1, "a NUL byte in the "
		                      "data");
	}
	if (csv_parse(&st->p, s, n, csv_on_field, csv_on_record, st) != n ||
	    st->nomem)
		return csv_parse_error(r, st, 0);
	return SDT_OK;
}

/* Hand the complete record to the table; *resp set when it is a response. */
static int csv_take(sdt_reader *r, csv_state *st, const sdt_response **resp)
{
	size_t c, n = st->n_cells;
	int rc;

	st->ready = 0;
	if (st->table.have_header && n > st->table.n_cols)
		n = st->table.n_cols; /* the rest were only counted */
	st->table.n_extra = st->n_cells - n;
	for (c = 0; c < n; c++)
		st->cells[c] = st->buf + st->off[c];
	rc = sdt_table_row(r, &st->table, st->rec, st->cells, n, resp);
	/* A range (parallel.c) continues after the header with the records
	 * that follow first_line of them. */
	if (r->has_range && r->range.header_end > 0 && st->rec == 1)
		st->rec = r->range.first_line;
	/* The cells stay in buf for the caller until the next call. */
	st->n_cells = 0;
	st->len = 0;
	return rc;
}

static int csv_next(sdt_reader *r, const sdt_response **resp)
{
	csv_state *st = r->impl;
	int rc = SDT_OK;

	for (;;) {
		if (st->ready) {
			if ((rc = csv_take(r, st, resp)) != SDT_OK || *resp)
				break;
			if (r->headers_only && st->table.have_header)
				break;
			continue;
		}
		if (st->finished) {
			rc = sdt_table_end(r, &st->table);
			break;
		}
		if ((rc = csv_feed(r, st)) != SDT_OK)
			break;
	}
	return rc;
}

/* The delimiter the first record uses most, outside quotes: ',' ';' or
 * tab (a tie goes to the comma). */
static unsigned char csv_detect(const char *s, size_t n)
{
	size_t k, comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (k = 0; k < n; k++) {
		if (s[k] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[k] == '\n' || s[k] == '\r')
			break;
		comma += s[k] == ',';
		semi += s[k] == ';';
		tab += s[k] == '\t';
	}
	if (semi > comma && semi >= tab)
		return ';';
	return tab > comma ? '\t' : ',';
}

static int csv_setup(sdt_reader *r, csv_state *st)
{
	const char *s;
	size_t n;
	int rc;

	if ((rc = sdt_reader_open_file(r)) != SDT_OK)
		return rc;
	/* A range is UTF-8 (parallel.c checks), read without a decoder. */
	if (!r->has_range &&
	    (rc = sdt_decoder_open(&r->lines.dec, r->fp, r->opt.encoding,
	                           r->name)) != SDT_OK)
		return rc;
	if (r->opt.delimiter) {
		csv_set_delim(&st->p, (unsigned char)r->opt.delimiter);
		return SDT_OK;
	}
	if ((rc = sdt_linebuf_peek(&r->lines, r->name, &s, &n)) != SDT_OK)
		return rc;
	csv_set_delim(&st->p, csv_detect(s, n));
	return SDT_OK;
}

int sdt_read_csv_open(sdt_reader *r)
{
	csv_state *st = sdt_calloc(1, sizeof *st);
	int rc;

	if (!st)
		return sdt_fail_nomem();
	r->impl = st;
	r->free_fn = csv_free_state;
	r->next_fn = csv_next;
	r->table = &st->table;
	if ((rc = sdt_table_init(&st->table, r, "CSV")) != SDT_OK)
		return rc;
	if (csv_init(&st->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return sdt_fail_nomem();
	st->p_ok = 1;
	/* Through the engine's allocator, like everything else. */
	csv_set_realloc_func(&st->p, sdt_realloc);
	csv_set_free_func(&st->p, sdt_free);
	return csv_setup(r, st);
}
