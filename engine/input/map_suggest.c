/*
 * map_suggest.c - sdt_map_suggest(): read an export's header row and write
 * the map its headers suggest, for a person to check and keep.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "map_impl.h"
#include "table.h"

typedef struct sbuf {
	char *s;
	size_t len, cap;
	int nomem;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	size_t cap;
	char *p;

	if (b->nomem)
		return;
	if (b->len + n + 1 > b->cap) {
		for (cap = b->cap ? b->cap : 256; cap < b->len + n + 1; cap *= 2)
			;
		if (!(p = sdt_realloc(b->s, cap))) {
			b->nomem = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_printf(sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	sb_add(b, tmp, n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* s as a JSON string. */
static void sb_json(sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];

	sb_str(b, "\"");
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			sb_add(b, esc, 2);
		} else if (*p < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", *p);
			sb_add(b, esc, 6);
		} else {
			sb_add(b, (const char *)p, 1);
		}
	}
	sb_str(b, "\"");
}

static void write_map(sbuf *j, const sdt_instrument *ins, const sdt_table *t,
                      const sdt_header_match *m, int layout)
{
	size_t i, n = sdt_instrument_item_count(ins), written = 0;

	sb_str(j, "{\n  \"id\": ");
	sb_json(j, m->id_col >= 0 ? t->col_name[m->id_col] : "");
	if (m->team_col >= 0) {
		sb_str(j, ",\n  \"team\": ");
		sb_json(j, t->col_name[m->team_col]);
	}
	if (layout == SDT_LAYOUT_QUALTRICS)
		sb_printf(j, ",\n  \"header_row\": 1,\n  \"skip_rows\": [2, 3]");
	sb_str(j, ",\n  \"items\": {");
	for (i = 0; i < n; i++) {
		if (m->item_col[i] < 0)
			continue;
		if (written++)
			sb_str(j, ",");
		sb_str(j, "\n    ");
		sb_json(j, sdt_instrument_item_id(ins, i));
		sb_str(j, ": ");
		sb_json(j, t->col_name[m->item_col[i]]);
	}
	sb_str(j, written ? "\n  }\n}\n" : "}\n}\n");
}

static void write_unmatched(sbuf *u, const sdt_instrument *ins,
                            const sdt_table *t, const sdt_header_match *m)
{
	size_t i, c, n = sdt_instrument_item_count(ins);
	int used;

	if (m->id_col < 0)
		sb_printf(u, "no column looks like the respondent id: fill in \"id\"\n");
	for (c = 0; c < t->n_cols; c++) {
		used = m->id_col == (long)c || m->team_col == (long)c;
		for (i = 0; i < n && !used; i++)
			used = m->item_col[i] == (long)c;
		if (!used) {
			sb_printf(u, "column %zu not matched: ", c + 1);
			sb_json(u, t->col_name[c]);
			sb_str(u, "\n");
		}
	}
	/* an outcome or comment an export lacks is left unanswered, and said */
	for (i = 0; i < n; i++)
		if (m->item_col[i] < 0 && sdt_instrument_item_type(ins, i) == SDT_ITEM_LIKERT)
			sb_printf(u, "item %.100s: no column matched\n",
			          sdt_instrument_item_id(ins, i));
		else if (m->item_col[i] < 0)
			sb_printf(u, "%s %.100s: no column matched (optional, left unanswered)\n",
			          sdt_instrument_item_type(ins, i) == SDT_ITEM_OUTCOME ? "outcome"
			          : "comment", sdt_instrument_item_id(ins, i));
}

/* Read the header row of path into r (its table holds the names). */
static int read_header(sdt_reader **r, const sdt_instrument *ins,
                       const char *path, const sdt_read_options *opt)
{
	sdt_read_options o = *opt;
	const sdt_response *resp;
	int rc;

	o.map = NULL;
	if ((rc = sdt_reader_open_headers(r, ins, path, &o)) != SDT_OK)
		return rc;
	if (!(*r)->table)
		return sdt_fail(SDT_EUSAGE, "%s: suggesting a map needs a CSV or "
		                ".xlsx export", path);
	if ((rc = sdt_reader_next(*r, &resp)) != SDT_OK)
		return rc;
	if (!(*r)->table->have_header)
		return sdt_fail(SDT_EDATA, "%s: the file has no header row", path);
	return SDT_OK;
}

/* A map without an id or without any item cannot be read with. */
static int usable(const sdt_header_match *m, const sdt_instrument *ins,
                  const char *path)
{
	size_t i, n = sdt_instrument_item_count(ins), items = 0;

	for (i = 0; i < n; i++)
		items += m->item_col[i] >= 0;
	if (m->id_col >= 0 && items > 0)
		return SDT_OK;
	sdt_fail(SDT_EDATA, "%s: the suggested map cannot be used as it is: %s",
	         path, m->id_col < 0 ? "no column looks like the respondent id"
	         : "no column matches an item");
	sdt_error_set_kind("suggest_unusable", path);
	return SDT_EDATA;
}

int sdt_map_suggest(char **json, char **unmatched, const sdt_instrument *ins,
                    const char *path, const sdt_read_options *opt)
{
	static const sdt_read_options defaults = SDT_READ_OPTIONS_INIT;
	sdt_header_match m = {NULL, -1, -1};
	sbuf j = {0}, u = {0};
	sdt_reader *r = NULL;
	int rc;

	if (!json || !unmatched || !ins || !path) {
		rc = sdt_fail(SDT_EUSAGE, "sdt_map_suggest: NULL argument");
		goto done;
	}
	*json = *unmatched = NULL;
	if ((rc = read_header(&r, ins, path, opt ? opt : &defaults)) != SDT_OK)
		goto done;
	m.item_col = sdt_calloc(sdt_instrument_item_count(ins) + 1,
	                        sizeof *m.item_col);
	if (!m.item_col) {
		rc = sdt_fail_nomem();
		goto done;
	}
	rc = sdt_header_match_run(&m, ins, r->table->col_name, r->table->n_cols);
	if (rc != SDT_OK)
		goto done;
	write_map(&j, ins, r->table, &m, opt ? opt->layout : 0);
	sb_add(&u, "", 0);
	write_unmatched(&u, ins, r->table, &m);
	if (j.nomem || u.nomem) {
		rc = sdt_fail_nomem();
		goto done;
	}
	*json = j.s;
	*unmatched = u.s;
	j.s = u.s = NULL;
	rc = usable(&m, ins, path);
done:
	sdt_free(j.s);
	sdt_free(u.s);
	sdt_free(m.item_col);
	sdt_reader_free(r);
	return rc;
}
