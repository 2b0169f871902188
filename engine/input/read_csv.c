/*
 * read_csv.c - CSV responses (RFC 4180, via libcsv), streamed: a header row
 * "id,team,<attributes>,<item ids>" and one respondent a row, or a survey
 * export read through a column map (table.c turns rows into responses).
 *
 * The delimiter (comma, semicolon as Finnish Excel writes, or tab) is told
 * from the first record; other encodings than UTF-8 are converted as they
 * are read (encoding.c).
 *
 * Most records of an export hold no quote at all, and libcsv's byte-at-a-
 * time state machine and per-cell callbacks cost more than scoring them.
 * A line that starts a record and has no quote is therefore taken here
 * (csv_line), split exactly as libcsv would split it, and the usual record
 * of a plain file goes straight from the line to its response
 * (sdt_table_line); every other line (a quoted cell, a record running over
 * lines) goes to libcsv.
 */
#include <csv.h>
#include <stdio.h>
#include <string.h>

#include "encoding.h"
#include "table.h"

/* Bytes as csv_line and csv_cells see them. */
enum { CSV_C_TEXT, CSV_C_SPACE, CSV_C_DELIM };

typedef struct csv_state {
	struct csv_parser p;
	int p_ok;
	unsigned long rec; /* records completed so far, the first being 1 */
	int split;         /* ... and is csv_line's, in buf (len bytes) */
	int split_cells;   /* csv_cells has set cells from csv_line's line */
	int nomem;         /* an allocation failed inside a callback */
	int at_start;      /* libcsv is between records (no partial record) */
	/* Physical lines, for places: line ends read so far (CRLF is one),
	 * the line the record being read starts on, and that of the record
	 * completed. */
	unsigned long phys, rec_start, rec_line;
	int pending_cr;
	unsigned char delim; /* the delimiter, when csv_line may be used, or 0 */
	unsigned char cls[256]; /* CSV_C_* of each byte */
	/* The current record: libcsv's cells NUL-terminated one after another
	 * in buf (at off), or csv_line's line. */
	char *buf;
	size_t len, cap;
	size_t *off;
	char **cells;
	size_t n_cells, cells_cap;
	sdt_table table;
	sdt_table_flow flow;
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

/* Room for one more cell offset. */
static int csv_grow_cells(csv_state *st)
{
	size_t cap;
	void *p;

	if (st->n_cells < st->cells_cap)
		return 0;
	cap = st->cells_cap ? st->cells_cap * 2 : 64;
	if (!(p = sdt_reallocarray(st->off, cap, sizeof *st->off)))
		return -1;
	st->off = p;
	if (!(p = sdt_reallocarray(st->cells, cap, sizeof *st->cells)))
		return -1;
	st->cells = p;
	st->cells_cap = cap;
	return 0;
}

/* Room for one more cell offset and n more bytes (and a NUL) in buf. */
static int csv_grow(csv_state *st, size_t n)
{
	size_t cap;
	void *p;

	if (csv_grow_cells(st) != 0)
		return -1;
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
	st->flow.row_ready = 1;
	st->rec++;
	st->rec_line = st->rec_start;
}

/* After a line piece: count its line end (a piece ends at its first one;
 * the LF of a CRLF comes as a piece of its own). */
static void csv_count_line(csv_state *st, const char *s, size_t n)
{
	int lf_of_crlf = st->pending_cr && n == 1 && s[0] == '\n';

	if (n && !lf_of_crlf && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		st->phys++;
	st->pending_cr = n && s[n - 1] == '\r';
}

/* Take the line s[0..n) (its line end, if any, last), which starts a
 * record and holds no quote and no NUL byte, as libcsv would: a line of
 * nothing but spaces (and tabs, unless the tab is the delimiter) is no
 * record. The line is copied to buf with the delimiter after it, for
 * sdt_table_line or csv_cells (in csv_take). */
static int csv_line(csv_state *st, const char *s, size_t n)
{
	size_t k = 0;

	if (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	while (k < n && st->cls[(unsigned char)s[k]] == CSV_C_SPACE)
		k++;
	if (k == n)
		return SDT_OK;
	if (csv_grow(st, n) != 0)
		return sdt_fail_nomem();
	memcpy(st->buf, s, n);
	st->buf[n] = (char)st->delim; /* a sentinel: every scan stops at n */
	st->len = n;
	st->split = 1;
	st->flow.row_ready = 1;
	st->rec++;
	st->rec_line = st->rec_start;
	return SDT_OK;
}

/* Split csv_line's line into NUL-terminated cells, as libcsv would: they
 * end at the delimiter and lose the spaces (and tabs, unless the tab is the
 * delimiter) at both ends. */
static int csv_cells(csv_state *st)
{
	const unsigned char *cls = st->cls;
	size_t k = 0, b, e, n = st->len, keep;
	char *buf = st->buf;

	keep = st->table.have_header ? st->table.n_cols : (size_t)-1;
	for (;;) {
		for (b = k; cls[(unsigned char)buf[b]] == CSV_C_SPACE; b++)
			;
		for (k = b; cls[(unsigned char)buf[k]] != CSV_C_DELIM; k++)
			;
		for (e = k; e > b && cls[(unsigned char)buf[e - 1]] == CSV_C_SPACE; e--)
			;
		/* Cells past the header's width are only counted, for the message. */
		if (st->n_cells < keep) {
			if (csv_grow_cells(st) != 0)
				return sdt_fail_nomem();
			st->cells[st->n_cells] = buf + b;
		}
		st->n_cells++;
		buf[e] = '\0';
		if (k++ == n)
			return SDT_OK;
	}
}

/* A libcsv error (or a callback's failed allocation) as our error. */
static int csv_parse_error(sdt_reader *r, csv_state *st, int at_end)
{
	int e = csv_error(&st->p);

	if (st->nomem || e == CSV_ENOMEM)
		return sdt_fail_nomem();
	if (e == CSV_ETOOBIG)
		return sdt_fail(SDT_ELIMIT, "%s:%lu: a cell is too large (row %lu)",
		                r->name, st->rec_start, st->rec + 1);
	st->table.row = st->rec + 1; /* the record being read */
	st->table.line = st->rec_start;
	r->resp.id = NULL;
	return sdt_table_fail(r, &st->table, (size_t)-1, "%s", at_end
	                      ? "the file ends inside a quoted cell"
	                      : "malformed CSV: a quote inside an unquoted cell, "
	                        "or text after a closing quote");
}

/* Feed the next line piece to libcsv, or finish at the end of input. */
static int csv_feed(sdt_reader *r)
{
	csv_state *st = r->impl;
	const char *s, *bad;
	size_t n;
	int rc;

	r->resp.id = NULL;
	if ((rc = sdt_linebuf_next(&r->lines, r->name, 1, &s, &n)) != SDT_OK) {
		if ((bad = sdt_decoder_bad(r->lines.dec)) != NULL) {
			st->table.row = st->rec + 1;
			st->table.line = st->phys + 1;
			return sdt_table_fail(r, &st->table, (size_t)-1, "the text is not "
			                      "valid %s", bad);
		}
		return rc;
	}
	if (!s) {
		st->flow.ended = 1; /* csv_fini() runs now */
		if (csv_fini(&st->p, csv_on_field, csv_on_record, st) != 0 ||
		    st->nomem)
			return csv_parse_error(r, st, 1);
		return SDT_OK;
	}
	if (st->at_start)
		st->rec_start = st->phys + 1;
	if (st->delim && st->at_start && !memchr(s, '"', n) && !memchr(s, '\0', n)) {
		rc = csv_line(st, s, n);
		csv_count_line(st, s, n);
		return rc;
	}
	if (memchr(s, '\0', n)) {
		st->table.row = st->rec + 1;
		st->table.line = st->phys + 1;
		return sdt_table_fail(r, &st->table, (size_t)-1, "a NUL byte in the "
		                      "data");
	}
	if (csv_parse(&st->p, s, n, csv_on_field, csv_on_record, st) != n ||
	    st->nomem)
		return csv_parse_error(r, st, 0);
	csv_count_line(st, s, n);
	/* A line piece ends at its first line end, so a record completed in
	 * it ended there: libcsv is between records again. */
	st->at_start = st->flow.row_ready;
	return SDT_OK;
}

/* csv_line's record: straight from the line when it is the usual kind
 * (sdt_table_line), else split into cells; 1 when it is cells now. */
static int csv_take_line(sdt_reader *r, csv_state *st,
                         const sdt_response **resp)
{
	int rc;

	st->split = 0;
	st->table.line = st->rec_line;
	rc = sdt_table_line(r, &st->table, st->rec, st->buf, st->len, st->delim,
	                    resp);
	if (rc == 1 && (rc = csv_cells(st)) == SDT_OK) {
		st->split_cells = 1;
		return 1;
	}
	return rc;
}

/* Hand the complete record to the table; *resp set when it is a response. */
static int csv_take(sdt_reader *r, const sdt_response **resp)
{
	csv_state *st = r->impl;
	size_t c, n;
	int rc = 1;

	st->flow.row_ready = 0;
	if (st->split)
		rc = csv_take_line(r, st, resp);
	if (rc == 1) {
		n = st->n_cells;
		if (st->table.have_header && n > st->table.n_cols)
			n = st->table.n_cols; /* the rest were only counted */
		st->table.n_extra = st->n_cells - n;
		/* libcsv's cells are placed only now: buf may have moved. */
		for (c = 0; c < n && !st->split_cells; c++)
			st->cells[c] = st->buf + st->off[c];
		st->split_cells = 0;
		st->table.line = st->rec_line;
		rc = sdt_table_row(r, &st->table, st->rec, st->cells, n, resp);
	}
	/* A range (parallel.c) continues after the header with the records
	 * that follow first_line of them. */
	if (r->has_range && r->range.header_end > 0 && st->rec == 1) {
		st->rec = r->range.first_line;
		st->phys = r->range.first_phys;
	}
	/* The cells stay in buf for the caller until the next call. */
	st->n_cells = 0;
	st->len = 0;
	return rc;
}

static int csv_next(sdt_reader *r, const sdt_response **resp)
{
	csv_state *st = r->impl;

	return sdt_table_next(r, &st->table, &st->flow, csv_take, csv_feed, resp);
}

/* The delimiter the first record uses most, outside quotes: ',' ';' or
 * tab (a tie goes to the comma). */
unsigned char sdt_csv_detect(const char *s, size_t n)
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
	unsigned char d;
	int rc;

	if ((rc = sdt_reader_open_file(r)) != SDT_OK)
		return rc;
	/* A range is UTF-8 (parallel.c checks), read without a decoder. */
	if (!r->has_range &&
	    (rc = sdt_decoder_open(&r->lines.dec, r->fp, r->opt.encoding,
	                           r->name)) != SDT_OK)
		return rc;
	if (r->opt.delimiter) {
		d = (unsigned char)r->opt.delimiter;
	} else {
		if ((rc = sdt_linebuf_peek(&r->lines, r->name, &s, &n)) != SDT_OK)
			return rc;
		d = sdt_csv_detect(s, n);
	}
	csv_set_delim(&st->p, d);
	/* csv_line knows only the delimiters the CLI offers. */
	st->delim = d == ',' || d == ';' || d == '\t' ? d : 0;
	st->at_start = 1;
	st->cls[' '] = st->cls['\t'] = CSV_C_SPACE;
	st->cls[d] = CSV_C_DELIM;
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
