/*
 * read_ndjson.c - NDJSON / JSON Lines: one response object a line, read
 * as a stream so memory holds one line and its cJSON tree at a time.
 */
#include <cjson/cJSON.h>
#include <string.h>

#include "reader_impl.h"

typedef struct ndjson {
	cJSON *root; /* the current line's tree, kept until the next call */
	unsigned long line;
	char *str;   /* the fast path's id and team, NUL-terminated */
	size_t str_cap;
} ndjson;

static void ndjson_free(void *impl)
{
	ndjson *nd = impl;

	cJSON_Delete(nd->root);
	sdt_free(nd->str);
	sdt_free(nd);
}

static int ndjson_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* The next non-blank line, without its CRLF or LF; NULL at the end. */
static int ndjson_line(sdt_reader *r, ndjson *nd, const char **line,
                       size_t *len)
{
	int rc;

	for (;;) {
		rc = sdt_linebuf_next(&r->lines, r->name, 0, line, len);
		/* Not a line at all: an export that failed, not a survey
		 * without respondents (which has a header, or "[]", elsewhere). */
		if (rc == SDT_OK && !*line && nd->line == 0 && !r->has_range)
			return sdt_fail(SDT_EDATA, "%s: the file is empty; expected one JSON "
			                "response per line {\"id\", \"team\", \"answers\": {...}}",
			                r->name);
		if (rc != SDT_OK || !*line)
			return rc;
		nd->line++;
		if (*len > 0 && (*line)[*len - 1] == '\r')
			(*len)--;
		if (!ndjson_blank(*line, *len))
			return SDT_OK;
	}
}

/* Parse a line into nd->root, reporting NULs, syntax and trailing text. */
static int ndjson_parse(sdt_reader *r, ndjson *nd, const char *line,
                        size_t len)
{
	const char *end = NULL, *nul;
	size_t i;

	if ((nul = memchr(line, '\0', len)))
		return sdt_read_json_nul(r, line, nd->line, (size_t)(nul - line));
	nd->root = cJSON_ParseWithLengthOpts(line, len, &end, 0);
	if (!nd->root)
		return sdt_read_json_syntax(r, line, len, nd->line,
		                            end ? (size_t)(end - line) : 0, 0);
	for (i = (size_t)(end - line); i < len; i++)
		if (line[i] != ' ' && line[i] != '\t')
			return sdt_read_json_syntax(r, line, len, nd->line, i, 1);
	return SDT_OK;
}

/* ---- the fast path ----
 * Most lines are {"id": "..", "team": "..", "answers": {"q1": 4, ...}}
 * with plain strings and whole numbers in range. Those are read here
 * without building a cJSON tree (whose allocations cost more than the
 * statistics); anything else, valid or not, goes to the cJSON path, which
 * gives the same record or the positioned message. */

typedef struct fast {
	const char *s, *e; /* the rest of the line */
} fast;

static void fast_ws(fast *f)
{
	while (f->s < f->e && (*f->s == ' ' || *f->s == '\t'))
		f->s++;
}

static int fast_char(fast *f, char c)
{
	fast_ws(f);
	if (f->s == f->e || *f->s != c)
		return 0;
	f->s++;
	return 1;
}

/* A string without escapes, valid UTF-8 without control characters. */
static int fast_str(fast *f, const char **str, size_t *len)
{
	const char *q;

	if (!fast_char(f, '"'))
		return 0;
	q = memchr(f->s, '"', (size_t)(f->e - f->s));
	if (!q || memchr(f->s, '\\', (size_t)(q - f->s)) ||
	    sdt_utf8_check(f->s, (size_t)(q - f->s)) != 0)
		return 0;
	*str = f->s;
	*len = (size_t)(q - f->s);
	f->s = q + 1;
	return 1;
}

static int fast_null(fast *f)
{
	fast_ws(f);
	if (f->e - f->s < 4 || memcmp(f->s, "null", 4) != 0)
		return 0;
	f->s += 4;
	return 1;
}

/* One answer "id": value; 0 sends the line to the cJSON path. */
static int fast_answer(sdt_reader *r, fast *f, long *item)
{
	const char *k;
	size_t n;
	long v = 0;
	int digits = 0;

	if (!fast_str(f, &k, &n) || !fast_char(f, ':'))
		return 0;
	*item += 1;
	if (!(*item >= 0 && (size_t)*item < r->n_items &&
	      strncmp(r->item_ids[*item], k, n) == 0 && r->item_ids[*item][n] == '\0'))
		*item = sdt_instrument_item_find(r->ins, k, n);
	if (*item < 0 || r->seen[*item])
		return 0;
	r->seen[*item] = 1;
	if (fast_null(f))
		return 1;
	for (; f->s < f->e && *f->s >= '0' && *f->s <= '9' && digits < 6; f->s++, digits++)
		v = v * 10 + (*f->s - '0');
	if (digits == 0 || (digits > 1 && f->s[-digits] == '0') ||
	    (f->s < f->e && (*f->s == '.' || *f->s == 'e' || *f->s == 'E' ||
	                     (*f->s >= '0' && *f->s <= '9'))) ||
	    !sdt_reader_in_range(r, v))
		return 0;
	r->values[*item] = (int)v;
	return 1;
}

static int fast_answers(sdt_reader *r, fast *f)
{
	long item = -1;

	if (fast_null(f))
		return 1;
	if (!fast_char(f, '{'))
		return 0;
	if (fast_char(f, '}'))
		return 1;
	do {
		if (!fast_answer(r, f, &item))
			return 0;
	} while (fast_char(f, ','));
	return fast_char(f, '}');
}

/* Keep id and team NUL-terminated in nd->str. */
static int fast_keep(ndjson *nd, const char *id, size_t n_id, const char *team,
                     size_t n_team)
{
	size_t need = n_id + n_team + 2;
	char *p;

	if (need > nd->str_cap) {
		if (!(p = sdt_realloc(nd->str, need)))
			return 0;
		nd->str = p;
		nd->str_cap = need;
	}
	memcpy(nd->str, id, n_id);
	nd->str[n_id] = '\0';
	memcpy(nd->str + n_id + 1, team, n_team);
	nd->str[n_id + 1 + n_team] = '\0';
	return 1;
}

/* The record of a plain line, or 0 to take the cJSON path. */
static int ndjson_fast(sdt_reader *r, ndjson *nd, const char *line, size_t len)
{
	fast f = {line, line + len};
	const char *k, *id = NULL, *team = "";
	size_t n, n_id = 0, n_team = 0;
	int have[3] = {0, 0, 0};

	sdt_reader_begin(r, nd->line);
	if (!fast_char(&f, '{'))
		return 0;
	do {
		if (!fast_str(&f, &k, &n) || !fast_char(&f, ':'))
			return 0;
		if (n == 2 && !memcmp(k, "id", 2) && !have[0]++) {
			if (!fast_str(&f, &id, &n_id) || n_id == 0)
				return 0;
		} else if (n == 4 && !memcmp(k, "team", 4) && !have[1]++) {
			if (!fast_null(&f) && !fast_str(&f, &team, &n_team))
				return 0;
		} else if (n == 7 && !memcmp(k, "answers", 7) && !have[2]++) {
			if (!fast_answers(r, &f))
				return 0;
		} else {
			return 0;
		}
	} while (fast_char(&f, ','));
	if (!fast_char(&f, '}') || (fast_ws(&f), f.s != f.e) || !id ||
	    !fast_keep(nd, id, n_id, team, n_team))
		return 0;
	r->resp.id = nd->str;
	r->resp.team = n_team ? nd->str + n_id + 1 : NULL;
	return 1;
}

static int ndjson_next(sdt_reader *r, const sdt_response **resp)
{
	ndjson *nd = r->impl;
	sdt_jsonctx c = {.relative = 1};
	const char *line;
	size_t len;
	int rc;

	cJSON_Delete(nd->root);
	nd->root = NULL;
	if ((rc = ndjson_line(r, nd, &line, &len)) != SDT_OK || !line)
		goto done;
	if (ndjson_fast(r, nd, line, len)) {
		*resp = &r->resp;
		goto done;
	}
	if ((rc = ndjson_parse(r, nd, line, len)) != SDT_OK)
		goto done;
	sdt_reader_begin(r, nd->line);
	c.text = line;
	c.len = len;
	c.line = nd->line;
	sdt_jsonpath_init(&c.base);
	if ((rc = sdt_read_json_response(r, nd->root, &c)) == SDT_OK)
		*resp = &r->resp;
done:
	return rc;
}

int sdt_read_ndjson_open(sdt_reader *r)
{
	ndjson *nd = sdt_calloc(1, sizeof *nd);

	if (!nd)
		return sdt_fail_nomem();
	r->impl = nd;
	r->free_fn = ndjson_free;
	r->next_fn = ndjson_next;
	nd->line = r->range.first_line; /* lines before a range (parallel.c) */
	return sdt_reader_open_file(r);
}
