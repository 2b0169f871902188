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
	sdt_jsonfast fast; /* the fast path's strings */
} ndjson;

static void ndjson_free(void *impl)
{
	ndjson *nd = impl;

	cJSON_Delete(nd->root);
	sdt_jsonfast_free(&nd->fast);
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

/* The line is read without a cJSON tree when it has a shape json_fast.c
 * reads, and nothing but blanks follows the object. */
static int ndjson_fast(sdt_reader *r, ndjson *nd, const char *line, size_t len)
{
	size_t used = 0;

	sdt_reader_begin(r, nd->line);
	if (!sdt_jsonfast_read(r, &nd->fast, line, len, &used))
		return 0;
	return ndjson_blank(line + used, len - used);
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
