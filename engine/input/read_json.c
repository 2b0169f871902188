/*
 * read_json.c - one response object (shared with NDJSON) and the JSON
 * document format {"instrument", "wave", "responses": [...]}.
 *
 * cJSON keeps no positions, so the hot path only walks the tree; when
 * something is wrong the JSON path is rebuilt and jsonpos finds where it
 * starts in the text.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonpos.h"
#include "reader_impl.h"
#include "sdt_output.h"

/* cJSON's type, read inline: the cJSON_Is* calls go through the PLT, and
 * this runs once per answer. */
#define JSON_TYPE(v) ((v)->type & 0xff)

enum { F_ID, F_TEAM, F_ATTR, F_ANS, F_COUNT };

/* The members of a response object, and the first unexpected one. */
typedef struct json_fields {
	const cJSON *v[F_COUNT];
	size_t idx[F_COUNT];
	const cJSON *bad;
	size_t bad_idx;
} json_fields;

/* A response document. A regular file is mapped and its responses read
 * one at a time from the text (`stream`): each element through the fast
 * path or a cJSON tree of its own, the pages behind given back, so memory
 * does not grow with respondents. A document with anything unusual at
 * its top level or between elements, standard input and pipes are parsed
 * whole into one tree as before (`root`), which gives the messages. */
typedef struct json_doc {
	char *text;       /* the whole file, when read (not mapped) */
	char *map;        /* the mapped file */
	size_t map_len, released; /* bytes of the mapping given back */
	const char *body; /* text after a BOM */
	size_t len;       /* of body */
	cJSON *root;
	const cJSON *cur; /* next response (tree mode) */
	size_t index;
	size_t pos, line_pos; /* walker over the responses array */
	unsigned long line;
	int stream;       /* responses read from the text, not a tree */
	cJSON *elem, *wave; /* stream mode: the element's tree, the wave */
	sdt_jsonfast fast;
} json_doc;

/* The path as shown: whole for a document, relative for an NDJSON line. */
static void json_path_text(const sdt_jsonctx *c, const sdt_jsonpath *p,
                           char *buf, size_t n)
{
	char full[384];
	const char *rest;

	sdt_jsonpath_format(p, full, sizeof full);
	rest = full + 1; /* after "$" */
	if (!c->relative)
		snprintf(buf, n, "%s", full);
	else if (!*rest)
		buf[0] = '\0'; /* the line's object itself: the place says it all */
	else
		snprintf(buf, n, "%s", *rest == '.' ? rest + 1 : rest);
}

static int json_fail(const sdt_reader *r, const sdt_jsonctx *c,
                     const sdt_jsonpath *p, int at_key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int json_fail(const sdt_reader *r, const sdt_jsonctx *c,
                     const sdt_jsonpath *p, int at_key, const char *fmt, ...)
{
	char what[512], path[400];
	size_t voff = 0, koff = 0;
	unsigned long line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	sdt_jsonpos_find(c->text, c->len, p, &voff, &koff);
	sdt_line_col(c->text, at_key ? koff : voff, &line, &col);
	json_path_text(c, p, path, sizeof path);
	return sdt_fail(SDT_EDATA, "%s:%lu:%lu: %s%s%s%s%s%s", r->name,
	                c->line + line - 1, col, path, path[0] ? ": " : "", what,
	                c->id ? " (respondent " : "", c->id ? c->id : "",
	                c->id ? ")" : "");
}

static int json_text_ok(const char *s)
{
	return sdt_utf8_check(s, strlen(s)) == 0;
}

int sdt_read_json_syntax(const sdt_reader *r, const char *text, size_t len,
                         unsigned long line, size_t off, int trailing)
{
	size_t end = 0;
	unsigned long l, col;
	const char *hint;

	/* cJSON fails the same way on bad syntax and on a failed allocation;
	 * a text the strict checker accepts can only have been the latter. */
	if (!trailing && sdt_jsonpos_syntax(text, len, &end) == 0)
		return sdt_fail_nomem();
	if (trailing) {
		sdt_line_col(text, off, &l, &col);
		return sdt_fail(SDT_EDATA, "%s:%lu:%lu: unexpected text after the "
		                "JSON value", r->name, line + l - 1, col);
	}
	/* cJSON puts an error at the end on the last byte; the strict check
	 * tells that the text ran out (a cut-off export, an unclosed bracket),
	 * and then the place to show is the end. */
	hint = sdt_jsonpos_hint(text, len, off);
	if (!hint && (off >= len || end >= len)) {
		hint = "the text ends too early";
		off = len;
	}
	sdt_line_col(text, off, &l, &col);
	return sdt_fail(SDT_EDATA, "%s:%lu:%lu: JSON syntax error%s%s", r->name,
	                line + l - 1, col, hint ? ": " : "", hint ? hint : "");
}

int sdt_read_json_nul(const sdt_reader *r, const char *text,
                      unsigned long line, size_t off)
{
	unsigned long l, col;

	/* sdt_line_col stops at the NUL, which gives its column. */
	sdt_line_col(text, off, &l, &col);
	return sdt_fail(SDT_EDATA, "%s:%lu:%lu: a NUL byte in the text", r->name,
	                line + l - 1, col);
}

static int json_field_kind(const char *k)
{
	switch (k[0]) {
	case 'i': return strcmp(k, "id") == 0 ? F_ID : -1;
	case 't': return strcmp(k, "team") == 0 ? F_TEAM : -1;
	case 'a':
		if (strcmp(k, "answers") == 0)
			return F_ANS;
		return strcmp(k, "attributes") == 0 ? F_ATTR : -1;
	default: return -1;
	}
}

static void json_collect(const cJSON *obj, json_fields *f)
{
	const cJSON *m;
	size_t i = 0;
	int k;

	memset(f, 0, sizeof *f);
	for (m = obj->child; m; m = m->next, i++) {
		k = json_field_kind(m->string);
		if (k < 0 || f->v[k]) {
			if (!f->bad) {
				f->bad = m;
				f->bad_idx = i;
			}
			continue;
		}
		f->v[k] = m;
		f->idx[k] = i;
	}
}

static int json_id(sdt_reader *r, sdt_jsonctx *c, const json_fields *f)
{
	const cJSON *v = f->v[F_ID];
	sdt_jsonpath p = c->base;

	if (!v)
		return json_fail(r, c, &p, 0, "no \"id\": every response needs a "
		                 "non-empty string id");
	sdt_jsonpath_push_key(&p, "id", f->idx[F_ID]);
	if (!cJSON_IsString(v))
		return json_fail(r, c, &p, 0, "the id must be a string, not %s",
		                 sdt_json_type_name(v));
	if (!v->valuestring[0])
		return json_fail(r, c, &p, 0, "the id is empty");
	if (!json_text_ok(v->valuestring))
		return json_fail(r, c, &p, 0, "the id is not valid UTF-8 or holds a "
		                 "control character");
	c->id = r->resp.id = v->valuestring;
	return SDT_OK;
}

static int json_bad_key(const sdt_reader *r, const sdt_jsonctx *c,
                        const json_fields *f)
{
	sdt_jsonpath p = c->base;
	const char *k = f->bad->string;

	if (!json_text_ok(k))
		return json_fail(r, c, &p, 0, "a member name is not valid UTF-8 or "
		                 "holds a control character");
	sdt_jsonpath_push_key(&p, k, f->bad_idx);
	if (json_field_kind(k) >= 0)
		return json_fail(r, c, &p, 1, "\"%s\" is given twice", k);
	return json_fail(r, c, &p, 1, "unknown member (a response has id, team, "
	                 "attributes and answers)");
}

static int json_team(sdt_reader *r, const sdt_jsonctx *c, const json_fields *f)
{
	const cJSON *v = f->v[F_TEAM];
	sdt_jsonpath p = c->base;

	if (!v || cJSON_IsNull(v))
		return SDT_OK;
	sdt_jsonpath_push_key(&p, "team", f->idx[F_TEAM]);
	if (!cJSON_IsString(v))
		return json_fail(r, c, &p, 0, "the team must be a string such as "
		                 "\"Org/Dept/Team\", not %s", sdt_json_type_name(v));
	if (!json_text_ok(v->valuestring))
		return json_fail(r, c, &p, 0, "the team is not valid UTF-8 or holds "
		                 "a control character");
	r->resp.team = v->valuestring[0] ? v->valuestring : NULL;
	return SDT_OK;
}

/* Shortest text that reads back as v, for an attribute given as a number. */
static void json_number_text(char *buf, double v)
{
	sdt_format_double(buf, v);
}

/* The value of attribute m as text, or NULL; returns a reason when bad. */
static const char *json_attr_value(sdt_reader *r, const cJSON *m, size_t k,
                                   const char **out)
{
	*out = NULL;
	if (cJSON_IsString(m)) {
		*out = m->valuestring;
		return json_text_ok(m->valuestring) ? NULL
		       : "the value is not valid UTF-8 or holds a control character";
	}
	if (cJSON_IsNumber(m)) {
		if (!isfinite(m->valuedouble))
			return "the number is too large";
		json_number_text(r->attr_num[k], m->valuedouble);
		*out = r->attr_num[k];
		return NULL;
	}
	return cJSON_IsNull(m) ? NULL : "an attribute must be a string or a number";
}

static int json_attr_name(const sdt_reader *r, const sdt_jsonctx *c,
                          sdt_jsonpath *p, const cJSON *m, size_t i, size_t k)
{
	size_t j;

	if (!json_text_ok(m->string) || !m->string[0])
		return json_fail(r, c, p, 0, "an attribute name is empty, not valid "
		                 "UTF-8 or holds a control character");
	sdt_jsonpath_push_key(p, m->string, i);
	for (j = 0; j < k; j++)
		if (strcmp(r->attr_names[j], m->string) == 0)
			return json_fail(r, c, p, 1, "the attribute is given twice");
	return SDT_OK;
}

static int json_attributes(sdt_reader *r, const sdt_jsonctx *c,
                           const json_fields *f)
{
	const cJSON *a = f->v[F_ATTR], *m;
	sdt_jsonpath p = c->base;
	const char *why;
	size_t i, k = 0;
	int rc = SDT_OK;

	if (!a || cJSON_IsNull(a))
		goto done;
	sdt_jsonpath_push_key(&p, "attributes", f->idx[F_ATTR]);
	if (!cJSON_IsObject(a)) {
		rc = json_fail(r, c, &p, 0, "attributes must be an object of "
		               "strings, not %s", sdt_json_type_name(a));
		goto done;
	}
	if ((rc = sdt_reader_attr_reserve(r, (size_t)cJSON_GetArraySize(a))))
		goto done;
	for (m = a->child, i = 0; m; m = m->next, i++, k++) {
		if ((rc = json_attr_name(r, c, &p, m, i, k)) != SDT_OK)
			goto done;
		why = json_attr_value(r, m, k, &r->attr_values[k]);
		if (why) {
			rc = json_fail(r, c, &p, 0, "%s", why);
			goto done;
		}
		r->attr_names[k] = m->string;
		sdt_jsonpath_pop(&p);
	}
	r->resp.n_attributes = k;
done:
	return rc;
}

/* The answer m as an integer in range; else a reason in why. The common
 * case (an in-range whole number) costs two compares and a cast. */
static int json_int(const sdt_reader *r, size_t item, const cJSON *m, int *out, char *why,
                    size_t n)
{
	double v;

	if (JSON_TYPE(m) != cJSON_Number) {
		snprintf(why, n, "the value is %s, not a number", sdt_json_type_name(m));
		return -1;
	}
	v = m->valuedouble;
	/* NaN and infinities fail both compares. */
	if (v >= r->imin[item] && v <= r->imax[item] && (double)(int)v == v) {
		*out = (int)v;
		return 0;
	}
	if (!isfinite(v))
		snprintf(why, n, "the value is too large");
	else if (v != floor(v))
		snprintf(why, n, "value %.15g is not a whole number", v);
	else
		snprintf(why, n, "value %.15g is outside %d..%d", v, r->imin[item], r->imax[item]);
	return -1;
}

/* The item index of answer key k, or -1. Answers usually follow the
 * instrument's order, so the item after the previous one is tried first:
 * one strcmp instead of strlen, hash and probe. */
static long json_item(const sdt_reader *r, const char *k, long guess)
{
	if (guess >= 0 && (size_t)guess < r->n_items &&
	    strcmp(r->item_ids[guess], k) == 0)
		return guess;
	return sdt_instrument_item_find(r->ins, k, strlen(k));
}

/* An answer for an id that is no item: skipped or an error. */
static int json_unknown(sdt_reader *r, const sdt_jsonctx *c, sdt_jsonpath *p,
                        const cJSON *m, size_t i)
{
	if (r->opt.ignore_unknown) {
		r->resp.n_unknown++;
		return SDT_OK;
	}
	if (!json_text_ok(m->string))
		return json_fail(r, c, p, 0, "an item id is not valid UTF-8 or holds "
		                 "a control character");
	sdt_jsonpath_push_key(p, m->string, i);
	return json_fail(r, c, p, 1, "unknown item: instrument '%s' has no "
	                 "item '%s'", sdt_instrument_id(r->ins), m->string);
}

static int json_answer_fail(const sdt_reader *r, const sdt_jsonctx *c,
                            sdt_jsonpath *p, const cJSON *m, size_t i,
                            const char *why)
{
	sdt_jsonpath_push_key(p, m->string, i);
	return json_fail(r, c, p, why ? 0 : 1, "%s",
	                 why ? why : "the item is answered twice");
}

/* A text item's answer: a string, kept cleaned. */
static int json_comment(sdt_reader *r, const sdt_jsonctx *c, sdt_jsonpath *p,
                        const cJSON *m, size_t i, size_t item)
{
	int rc;

	if (JSON_TYPE(m) != cJSON_String)
		return sdt_reader_bad_value(r) ? SDT_OK
		       : json_answer_fail(r, c, p, m, i, "a comment (text item) must be a string");
	rc = sdt_reader_set_text(r, item, m->valuestring, strlen(m->valuestring));
	if (rc == SDT_EDATA)
		return json_answer_fail(r, c, p, m, i, "the comment is not valid UTF-8");
	return rc;
}

static int json_answers(sdt_reader *r, const sdt_jsonctx *c,
                        const json_fields *f)
{
	const cJSON *a = f->v[F_ANS], *m;
	sdt_jsonpath p = c->base;
	char why[128];
	size_t i;
	long item;
	int rc = SDT_OK, v;

	if (!a || cJSON_IsNull(a))
		goto done;
	sdt_jsonpath_push_key(&p, "answers", f->idx[F_ANS]);
	if (!cJSON_IsObject(a)) {
		rc = json_fail(r, c, &p, 0, "answers must be an object of item id: "
		               "value, not %s", sdt_json_type_name(a));
		goto done;
	}
	for (m = a->child, i = 0, item = -1; m; m = m->next, i++) {
		item = json_item(r, m->string, item + 1);
		if (item < 0) {
			if ((rc = json_unknown(r, c, &p, m, i)) != SDT_OK)
				goto done;
			continue;
		}
		if (r->seen[item]) {
			rc = json_answer_fail(r, c, &p, m, i, NULL);
			goto done;
		}
		r->seen[item] = 1;
		if (JSON_TYPE(m) == cJSON_NULL)
			continue;
		if (sdt_instrument_item_type(r->ins, (size_t)item) == SDT_ITEM_TEXT) {
			if ((rc = json_comment(r, c, &p, m, i, (size_t)item)) != SDT_OK)
				goto done;
			continue;
		}
		if (json_int(r, (size_t)item, m, &v, why, sizeof why) == 0)
			r->values[item] = v;
		else if (!sdt_reader_bad_value(r)) {
			rc = json_answer_fail(r, c, &p, m, i, why);
			goto done;
		}
	}
done:
	return rc;
}

int sdt_read_json_response(sdt_reader *r, const cJSON *obj, sdt_jsonctx *c)
{
	json_fields f;
	int rc;

	c->id = NULL;
	if (!cJSON_IsObject(obj))
		return json_fail(r, c, &c->base, 0, "a response must be a JSON "
		                 "object, not %s", sdt_json_type_name(obj));
	json_collect(obj, &f);
	rc = json_id(r, c, &f);
	if (rc == SDT_OK && f.bad)
		rc = json_bad_key(r, c, &f);
	if (rc == SDT_OK)
		rc = json_team(r, c, &f);
	if (rc == SDT_OK)
		rc = json_attributes(r, c, &f);
	if (rc == SDT_OK)
		rc = json_answers(r, c, &f);
	return rc;
}

/* --- the JSON document --------------------------------------------------- */

static size_t json_skip_ws(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' ||
	                 t[i] == '\r'))
		i++;
	return i;
}

/* Offset just past the value at t[i]; the text is one cJSON accepted, so
 * only strings and brackets need care. */
static size_t json_skip_value(const char *t, size_t n, size_t i)
{
	size_t depth = 0;
	char ch;

	while (i < n) {
		ch = t[i++];
		if (ch == '"') {
			for (; i < n && t[i] != '"'; i++)
				if (t[i] == '\\')
					i++;
			i++; /* the closing quote */
		} else if (ch == '{' || ch == '[') {
			depth++;
		} else if (ch == '}' || ch == ']') {
			if (depth == 0)
				return i - 1; /* a scalar ends at its parent's bracket */
			depth--;
		} else if (depth == 0 && (ch == ',' || ch == ' ' || ch == '\n' ||
		                          ch == '\t' || ch == '\r')) {
			return i - 1; /* end of a scalar */
		}
		if (depth == 0 && (ch == '"' || ch == '}' || ch == ']'))
			break;
	}
	return i < n ? i : n;
}

static void json_doc_free(void *impl)
{
	json_doc *d = impl;

	cJSON_Delete(d->root);
	cJSON_Delete(d->elem);
	cJSON_Delete(d->wave);
	sdt_jsonfast_free(&d->fast);
	if (d->map)
		munmap(d->map, d->map_len);
	sdt_free(d->text);
	sdt_free(d);
}

static int doc_stream_next(sdt_reader *r, json_doc *d, const sdt_response **resp);

static int json_doc_next(sdt_reader *r, const sdt_response **resp)
{
	json_doc *d = r->impl;
	sdt_jsonctx c = {.text = d->body, .len = d->len, .line = 1};
	const char *nl;
	int rc;

	if (d->stream)
		return doc_stream_next(r, d, resp);
	if (!d->cur)
		return SDT_OK;
	/* Walk the text alongside the tree to know the object's line. */
	d->pos = json_skip_ws(d->body, d->len, d->pos);
	if (d->pos < d->len && d->body[d->pos] == ',')
		d->pos = json_skip_ws(d->body, d->len, d->pos + 1);
	while ((nl = memchr(d->body + d->line_pos, '\n', d->pos - d->line_pos))) {
		d->line++;
		d->line_pos = (size_t)(nl - d->body) + 1;
	}
	d->line_pos = d->pos;
	sdt_reader_begin(r, d->line);
	sdt_jsonpath_init(&c.base);
	sdt_jsonpath_push_key(&c.base, "responses", SDT_JSONPOS_BY_KEY);
	sdt_jsonpath_push_index(&c.base, d->index);
	rc = sdt_read_json_response(r, d->cur, &c);
	if (rc == SDT_OK)
		*resp = &r->resp;
	d->pos = json_skip_value(d->body, d->len, d->pos);
	d->cur = d->cur->next;
	d->index++;
	return rc;
}

/* The document's own members; anything else is an error. */
static int json_doc_members(const sdt_reader *r, const sdt_jsonctx *c,
                            const cJSON *root, const cJSON **slot)
{
	static const char *const names[3] = {"instrument", "wave", "responses"};
	const cJSON *m;
	sdt_jsonpath p = c->base;
	size_t i, k;

	for (m = root->child, i = 0; m; m = m->next, i++) {
		for (k = 0; k < 3 && strcmp(m->string, names[k]) != 0; k++)
			;
		if (k < 3 && !slot[k]) {
			slot[k] = m;
			continue;
		}
		if (!json_text_ok(m->string))
			return json_fail(r, c, &p, 0, "a member name is not valid UTF-8 "
			                 "or holds a control character");
		sdt_jsonpath_push_key(&p, m->string, i);
		if (k < 3)
			return json_fail(r, c, &p, 1, "\"%s\" is given twice", names[k]);
		return json_fail(r, c, &p, 1, "unknown member (a response document "
		                 "has instrument, wave and responses)");
	}
	return SDT_OK;
}

static int json_doc_instrument(sdt_reader *r, const sdt_jsonctx *c,
                               const cJSON *v)
{
	sdt_jsonpath p = c->base;
	const char *want = sdt_instrument_id(r->ins);

	if (!v)
		return json_fail(r, c, &p, 0, "no \"instrument\": the document must "
		                 "name the instrument its responses are for");
	sdt_jsonpath_push_key(&p, "instrument", SDT_JSONPOS_BY_KEY);
	if (!cJSON_IsString(v))
		return json_fail(r, c, &p, 0, "must be a string, not %s",
		                 sdt_json_type_name(v));
	if (!json_text_ok(v->valuestring))
		return json_fail(r, c, &p, 0, "not valid UTF-8 or holds a control "
		                 "character");
	if (strcmp(v->valuestring, want) != 0)
		return json_fail(r, c, &p, 0, "responses are for '%s' but the "
		                 "instrument is '%s'", v->valuestring, want);
	return SDT_OK;
}

static int json_doc_wave(sdt_reader *r, const sdt_jsonctx *c, const cJSON *v)
{
	sdt_jsonpath p = c->base;

	if (!v || cJSON_IsNull(v))
		return SDT_OK;
	sdt_jsonpath_push_key(&p, "wave", SDT_JSONPOS_BY_KEY);
	if (!cJSON_IsString(v))
		return json_fail(r, c, &p, 0, "must be a string, not %s",
		                 sdt_json_type_name(v));
	if (!json_text_ok(v->valuestring))
		return json_fail(r, c, &p, 0, "not valid UTF-8 or holds a control "
		                 "character");
	r->wave = v->valuestring[0] ? v->valuestring : NULL;
	return SDT_OK;
}

/* Check the document's members and set the walk up at its responses. */
static int json_doc_top(sdt_reader *r, json_doc *d)
{
	sdt_jsonctx c = {.text = d->body, .len = d->len, .line = 1};
	const cJSON *slot[3] = {NULL, NULL, NULL};
	sdt_jsonpath p;
	size_t off = 0;
	int rc;

	sdt_jsonpath_init(&c.base);
	p = c.base;
	if (!cJSON_IsObject(d->root))
		return json_fail(r, &c, &p, 0, "expected an object with \"instrument\""
		                 " and \"responses\", not %s", sdt_json_type_name(d->root));
	if ((rc = json_doc_members(r, &c, d->root, slot)) != SDT_OK ||
	    (rc = json_doc_instrument(r, &c, slot[0])) != SDT_OK ||
	    (rc = json_doc_wave(r, &c, slot[1])) != SDT_OK)
		return rc;
	if (!slot[2])
		return json_fail(r, &c, &p, 0, "no \"responses\" array");
	sdt_jsonpath_push_key(&p, "responses", SDT_JSONPOS_BY_KEY);
	if (!cJSON_IsArray(slot[2]))
		return json_fail(r, &c, &p, 0, "must be an array of responses, not %s",
		                 sdt_json_type_name(slot[2]));
	sdt_jsonpos_find(d->body, d->len, &p, &off, NULL);
	d->cur = slot[2]->child;
	d->pos = off + 1; /* after the '[' */
	d->line = 1;
	return SDT_OK;
}

/* The document parsed whole (tree mode), checked, and walked from the
 * start; the old way, for what streaming does not read. */
static int json_doc_tree(sdt_reader *r, json_doc *d)
{
	const char *end = NULL, *nul;
	size_t i;

	/* cJSON would read a NUL inside a string as its end. */
	if ((nul = memchr(d->body, '\0', d->len)))
		return sdt_read_json_nul(r, d->body, 1, (size_t)(nul - d->body));
	d->root = cJSON_ParseWithLengthOpts(d->body, d->len, &end, 0);
	if (!d->root)
		return sdt_read_json_syntax(r, d->body, d->len, 1,
		                            end ? (size_t)(end - d->body) : 0, 0);
	i = json_skip_ws(d->body, d->len, (size_t)(end - d->body));
	if (i < d->len)
		return sdt_read_json_syntax(r, d->body, d->len, 1, i, 1);
	return json_doc_top(r, d);
}

/* ---- streaming: a mapped document read element by element ---- */

/* Give back the mapped pages before `upto`, read already (stream mode
 * reads forward; an error message may fault them in again). */
static void doc_release(json_doc *d, size_t upto)
{
	size_t page = (size_t)1 << 20, end = (size_t)(d->body - d->map) + upto;

	end -= end % page;
	if (d->map && end > d->released + 8 * page) {
		madvise(d->map + d->released, end - d->released, MADV_DONTNEED);
		d->released = end;
	}
}

/* Offset just past the value at t[i] (strings with escapes, nested
 * brackets of the right kind), or (size_t)-1 when the text is not a
 * value this can skip: the tree parse then says what is wrong. */
static size_t doc_skip(json_doc *d, const char *t, size_t n, size_t i)
{
	char stack[512];
	size_t depth = 0;

	do {
		if (i >= n || !t[i])
			return (size_t)-1;
		if (t[i] == '"') {
			for (i++; i < n && t[i] != '"'; i++)
				i += t[i] == '\\';
			if (i++ >= n)
				return (size_t)-1;
		} else if (t[i] == '{' || t[i] == '[') {
			if (depth == sizeof stack)
				return (size_t)-1;
			stack[depth++] = t[i++] == '{' ? '}' : ']';
		} else if (t[i] == '}' || t[i] == ']') {
			if (!depth || stack[--depth] != t[i++])
				return (size_t)-1;
		} else if (depth == 0) { /* a scalar: up to a delimiter */
			while (i < n && t[i] && !strchr(",}] \t\r\n", t[i]))
				i++;
			return i;
		} else {
			i++;
		}
		if (depth <= 1)
			doc_release(d, i); /* at each element of the responses */
	} while (depth > 0);
	return i;
}

/* A top-level member's value parsed alone; NULL when cJSON refuses it. */
static cJSON *doc_value(const json_doc *d, size_t from, size_t to)
{
	const char *end = NULL;
	cJSON *v;

	if (memchr(d->body + from, '\0', to - from))
		return NULL;
	v = cJSON_ParseWithLengthOpts(d->body + from, to - from, &end, 0);
	if (v && end != d->body + to) {
		cJSON_Delete(v);
		v = NULL;
	}
	return v;
}
/* Which of the document's members the name at t[0..n) is, or -1. */
static int doc_member(const char *t, size_t n)
{
	static const char *const names[3] = {"instrument", "wave", "responses"};
	int k;

	for (k = 0; k < 3; k++)
		if (strlen(names[k]) == n && memcmp(names[k], t, n) == 0)
			return k;
	return -1;
}

/* The top level of a mapped document, skimmed without a tree: where each
 * member's value is (at[k] .. end[k], or at[k] == -1). 0 when the top
 * level is anything but plain members, each once: the tree says more. */
static int doc_top_spans(json_doc *d, size_t *at, size_t *end)
{
	const char *t = d->body;
	size_t n = d->len, i = json_skip_ws(t, n, 0), k;
	int m;

	if (i == n || t[i] != '{')
		return 0;
	i = json_skip_ws(t, n, i + 1);
	while (i < n && t[i] == '"') {
		for (k = i + 1; k < n && t[k] != '"' && t[k] != '\\'; k++)
			;
		if (k == n || t[k] != '"' || (m = doc_member(t + i + 1, k - i - 1)) < 0 ||
		    at[m] != (size_t)-1)
			return 0;
		i = json_skip_ws(t, n, k + 1);
		if (i == n || t[i] != ':')
			return 0;
		at[m] = json_skip_ws(t, n, i + 1);
		if ((end[m] = doc_skip(d, t, n, at[m])) == (size_t)-1)
			return 0;
		i = json_skip_ws(t, n, end[m]);
		if (i < n && t[i] == ',')
			i = json_skip_ws(t, n, i + 1);
		else
			break;
	}
	return i < n && t[i] == '}' && json_skip_ws(t, n, i + 1) == n;
}

/* Check the top level of a mapped document as json_doc_top does, and set
 * the stream at its first response; d->stream stays 0 when the tree must
 * be built instead. */
static int doc_scan(sdt_reader *r, json_doc *d)
{
	sdt_jsonctx c = {.text = d->body, .len = d->len, .line = 1};
	size_t at[3] = {(size_t)-1, (size_t)-1, (size_t)-1}, end[3];
	cJSON *v = NULL;
	sdt_jsonpath p;
	int rc = SDT_OK;

	sdt_jsonpath_init(&c.base);
	p = c.base;
	if (!doc_top_spans(d, at, end) ||
	    (at[0] != (size_t)-1 && !(v = doc_value(d, at[0], end[0]))) ||
	    (at[1] != (size_t)-1 && !(d->wave = doc_value(d, at[1], end[1]))))
		goto done;
	if ((rc = json_doc_instrument(r, &c, v)) != SDT_OK ||
	    (rc = json_doc_wave(r, &c, d->wave)) != SDT_OK)
		goto done;
	if (at[2] == (size_t)-1) {
		rc = json_fail(r, &c, &p, 0, "no \"responses\" array");
		goto done;
	}
	sdt_jsonpath_push_key(&p, "responses", SDT_JSONPOS_BY_KEY);
	cJSON_Delete(v);
	v = NULL;
	if (d->body[at[2]] != '[' && (v = doc_value(d, at[2], end[2])))
		rc = json_fail(r, &c, &p, 0, "must be an array of responses, not %s",
		               sdt_json_type_name(v));
	d->stream = d->body[at[2]] == '[';
	d->pos = at[2] + 1;
	/* the skim gave the pages back; the stream reads them again */
	d->released = (size_t)(d->body - d->map) + at[2];
	d->released -= d->released % ((size_t)1 << 20);
	d->line = 1;
done:
	cJSON_Delete(v);
	return rc;
}

/* From the stream to the tree at the current element: what follows is
 * not something streaming reads (a syntax error, most likely), and the
 * tree gives the message, or the responses from here on. */
static int doc_to_tree(sdt_reader *r, json_doc *d, const sdt_response **resp)
{
	size_t index = d->index, pos = d->pos, line_pos = d->line_pos, k;
	unsigned long line = d->line;
	int rc;

	d->stream = 0;
	if ((rc = json_doc_tree(r, d)) != SDT_OK)
		return rc;
	for (k = 0; k < index && d->cur; k++)
		d->cur = d->cur->next;
	d->index = index;
	d->pos = pos;
	d->line_pos = line_pos;
	d->line = line;
	return json_doc_next(r, resp);
}

/* Where the next element starts, 0 at the end of the array, or -1 when
 * what comes next is not an element (the tree explains). */
static int doc_next_pos(json_doc *d, size_t *pos)
{
	const char *t = d->body;
	size_t i = json_skip_ws(t, d->len, d->pos);

	if (d->index > 0 && i < d->len && t[i] == ',') {
		i = json_skip_ws(t, d->len, i + 1);
		if (i < d->len && t[i] == ']')
			return -1; /* a trailing comma */
	} else if (i < d->len && t[i] == ']') {
		return 0;
	} else if (d->index > 0) {
		return -1;
	}
	*pos = i;
	return i < d->len ? 1 : -1;
}

static int doc_stream_next(sdt_reader *r, json_doc *d, const sdt_response **resp)
{
	sdt_jsonctx c = {.text = d->body, .len = d->len, .line = 1};
	size_t pos = 0, used = 0, e;
	const char *nl;
	int rc, at = doc_next_pos(d, &pos);

	if (at <= 0)
		return at == 0 ? (d->stream = 0, SDT_OK) : doc_to_tree(r, d, resp);
	while ((nl = memchr(d->body + d->line_pos, '\n', pos - d->line_pos))) {
		d->line++;
		d->line_pos = (size_t)(nl - d->body) + 1;
	}
	d->line_pos = pos;
	doc_release(d, pos);
	sdt_reader_begin(r, d->line);
	if (sdt_jsonfast_read(r, &d->fast, d->body + pos, d->len - pos, &used)) {
		d->pos = pos + used;
		d->index++;
		*resp = &r->resp;
		return SDT_OK;
	}
	cJSON_Delete(d->elem);
	d->elem = NULL;
	if ((e = doc_skip(d, d->body, d->len, pos)) == (size_t)-1 ||
	    !(d->elem = doc_value(d, pos, e)))
		return doc_to_tree(r, d, resp);
	sdt_reader_begin(r, d->line);
	sdt_jsonpath_init(&c.base);
	sdt_jsonpath_push_key(&c.base, "responses", SDT_JSONPOS_BY_KEY);
	sdt_jsonpath_push_index(&c.base, d->index);
	if ((rc = sdt_read_json_response(r, d->elem, &c)) == SDT_OK)
		*resp = &r->resp;
	d->pos = e;
	d->index++;
	return rc;
}

/* The file's text: a regular file is mapped (pages are read as needed
 * and given back behind the stream), anything else read whole. */
static int doc_load(sdt_reader *r, json_doc *d)
{
	struct stat st;
	void *map;
	int fd, rc = SDT_OK;

	if (strcmp(r->name, "-") != 0 && stat(r->name, &st) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size > 0 && (fd = open(r->name, O_RDONLY)) >= 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		close(fd);
		if (map != MAP_FAILED) {
			d->map = map;
			d->map_len = (size_t)st.st_size;
		}
	}
	if (!d->map && (rc = sdt_read_file(&d->text, &d->len, r->name)) != SDT_OK)
		return rc;
	d->body = d->map ? d->map : d->text;
	d->len = d->map ? d->map_len : d->len;
	if (d->len >= 3 && memcmp(d->body, "\xef\xbb\xbf", 3) == 0) {
		d->body += 3;
		d->len -= 3;
	}
	if (json_skip_ws(d->body, d->len, 0) == d->len)
		rc = sdt_fail(SDT_EDATA, "%s: the file is empty; expected a JSON "
		              "document {\"instrument\", \"responses\": [...]}", r->name);
	return rc;
}

int sdt_read_json_open(sdt_reader *r)
{
	json_doc *d = sdt_calloc(1, sizeof *d);
	int rc;

	if (!d)
		return sdt_fail_nomem();
	r->impl = d;
	r->free_fn = json_doc_free;
	r->next_fn = json_doc_next;
	if ((rc = doc_load(r, d)) == SDT_OK && d->map)
		rc = doc_scan(r, d);
	if (rc == SDT_OK && !d->stream)
		rc = json_doc_tree(r, d);
	return rc;
}
