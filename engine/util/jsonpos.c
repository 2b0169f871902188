/*
 * jsonpos.c - JSON paths, and positions of values in a JSON text.
 *
 * The finder is a tiny tokenizer that only skips values: it runs on text
 * cJSON already accepted, so it can be lenient and stay in step with
 * cJSON's reading (whitespace is any byte <= 32, as in cJSON). The strict
 * syntax check is separate: it tells a syntax error from cJSON running out
 * of memory, which cJSON reports the same way.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "internal.h"
#include "jsonpos.h"
#include "sdt_json.h"

/* cJSON refuses nesting at CJSON_NESTING_LIMIT (1000); stay below it so
 * the syntax check is never looser than cJSON. */
#define JSONPOS_MAX_DEPTH 999
/* cJSON reads at most 63 characters of a number. */
#define JSONPOS_MAX_NUMBER 63

void sdt_jsonpath_init(sdt_jsonpath *p)
{
	p->depth = 0;
}

void sdt_jsonpath_push_key(sdt_jsonpath *p, const char *key, size_t index)
{
	if (p->depth < SDT_JSONPATH_MAX) {
		p->step[p->depth].key = key;
		p->step[p->depth].index = index;
	}
	p->depth++;
}

void sdt_jsonpath_push_index(sdt_jsonpath *p, size_t index)
{
	sdt_jsonpath_push_key(p, NULL, index);
}

void sdt_jsonpath_pop(sdt_jsonpath *p)
{
	if (p->depth > 0)
		p->depth--;
}

/* Bounded appender for sdt_jsonpath_format. */
typedef struct pbuf {
	char *buf;
	size_t size, n;
} pbuf;

static void pb_putc(pbuf *b, char c)
{
	if (b->n + 1 < b->size)
		b->buf[b->n++] = c;
}

static void pb_puts(pbuf *b, const char *s)
{
	for (; *s; s++)
		pb_putc(b, *s);
}

static int is_plain_key(const char *k)
{
	const char *s;

	if (!*k || (*k >= '0' && *k <= '9'))
		return 0;
	for (s = k; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	}
	return 1;
}

/* ["name"], escaping what would break the line or the quoting. */
static void pb_quoted_key(pbuf *b, const char *k)
{
	const unsigned char *s;
	char esc[8];

	pb_puts(b, "[\"");
	for (s = (const unsigned char *)k; *s; s++) {
		if (*s == '"' || *s == '\\') {
			pb_putc(b, '\\');
			pb_putc(b, (char)*s);
		} else if (*s < 0x20 || *s == 0x7f) {
			snprintf(esc, sizeof esc, "\\u%04x", *s);
			pb_puts(b, esc);
		} else {
			pb_putc(b, (char)*s);
		}
	}
	pb_puts(b, "\"]");
}

size_t sdt_jsonpath_format(const sdt_jsonpath *p, char *buf, size_t size)
{
	pbuf b = {buf, size, 0};
	char num[32];
	size_t k, n = p->depth < SDT_JSONPATH_MAX ? p->depth : SDT_JSONPATH_MAX;

	pb_putc(&b, '$');
	for (k = 0; k < n; k++) {
		if (!p->step[k].key) {
			snprintf(num, sizeof num, "[%zu]", p->step[k].index);
			pb_puts(&b, num);
		} else if (is_plain_key(p->step[k].key)) {
			pb_putc(&b, '.');
			pb_puts(&b, p->step[k].key);
		} else {
			pb_quoted_key(&b, p->step[k].key);
		}
	}
	if (p->depth > n)
		pb_puts(&b, "...");
	if (size > 0)
		buf[b.n] = '\0';
	return b.n;
}

/* ---- lenient skipping, for text cJSON accepted ---- */

static size_t skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len && (unsigned char)t[i] <= 32)
		i++;
	return i;
}

static size_t skip_bom(const char *t, size_t len)
{
	return len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* i at the opening quote; returns the index after the closing one. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len && t[i] != '"'; i++)
		if (t[i] == '\\')
			i++;
	return i < len ? i + 1 : len;
}

static size_t skip_value(const char *t, size_t len, size_t i)
{
	size_t depth = 0;

	if (i < len && (t[i] == '{' || t[i] == '[')) {
		do {
			if (t[i] == '"') {
				i = skip_string(t, len, i);
				continue;
			}
			if (t[i] == '{' || t[i] == '[')
				depth++;
			else if (t[i] == '}' || t[i] == ']')
				depth--;
			i++;
		} while (i < len && depth > 0);
		return i;
	}
	if (i < len && t[i] == '"')
		return skip_string(t, len, i);
	while (i < len && (unsigned char)t[i] > 32 && t[i] != ',' &&
	       t[i] != ']' && t[i] != '}')
		i++;
	return i;
}

static int hex4(const char *t, size_t len, size_t i, unsigned long *v)
{
	size_t k;
	char c;

	*v = 0;
	if (i + 4 > len)
		return 0;
	for (k = 0; k < 4; k++) {
		c = t[i + k];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned long)(c - 'A' + 10);
		else
			return 0;
	}
	return 1;
}

static size_t utf8_encode(unsigned long cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* The \u escape at t[i] ('\\'), with a following low surrogate if any.
 * Returns the index after it, or 0 when malformed. */
static size_t unicode_escape(const char *t, size_t len, size_t i,
                             unsigned long *cp)
{
	unsigned long lo;

	if (!hex4(t, len, i + 2, cp))
		return 0;
	i += 6;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return 0;
	if (*cp < 0xd800 || *cp > 0xdbff)
		return i;
	if (i + 1 >= len || t[i] != '\\' || t[i + 1] != 'u' ||
	    !hex4(t, len, i + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
		return 0;
	*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
	return i + 6;
}

/* Decode the string character at t[i] into UTF-8 bytes; returns the index
 * after it (0 when malformed) and the byte count in *n. */
static size_t string_char(const char *t, size_t len, size_t i,
                          unsigned char *out, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	unsigned long cp;

	*n = 1;
	if (t[i] != '\\') {
		out[0] = (unsigned char)t[i];
		return i + 1;
	}
	if (i + 1 >= len)
		return 0;
	if (t[i + 1] == 'u') {
		i = unicode_escape(t, len, i, &cp);
		*n = i ? utf8_encode(cp, out) : 0;
		return i;
	}
	e = t[i + 1] ? strchr(from, t[i + 1]) : NULL;
	if (!e)
		return 0;
	out[0] = (unsigned char)to[e - from];
	return i + 2;
}

/* Whether the JSON string at t[i] ('"') decodes to exactly `key`. */
static int key_equals(const char *t, size_t len, size_t i, const char *key)
{
	const unsigned char *k = (const unsigned char *)key;
	unsigned char ch[4];
	size_t n;

	for (i++; i < len && t[i] != '"';) {
		i = string_char(t, len, i, ch, &n);
		if (i == 0 || strncmp((const char *)k, (const char *)ch, n) != 0)
			return 0;
		/* ch may hold a NUL (\u0000), which key cannot contain */
		if (memchr(ch, 0, n))
			return 0;
		k += n;
	}
	return *k == '\0';
}

/* Step into member `st` of the object at t[*i]; *key_off gets its name. */
static int find_member(const char *t, size_t len, size_t *i,
                       const sdt_jsonstep *st, size_t *key_off)
{
	size_t j = *i + 1, k, name;
	int hit;

	for (k = 0;; k++) {
		j = skip_ws(t, len, j);
		if (j >= len || t[j] != '"')
			return -1;
		name = j;
		hit = st->index == SDT_JSONPOS_BY_KEY ? key_equals(t, len, j, st->key)
		                                      : k == st->index;
		j = skip_ws(t, len, skip_string(t, len, j));
		if (j >= len || t[j] != ':')
			return -1;
		j = skip_ws(t, len, j + 1);
		if (hit) {
			*i = j;
			*key_off = name;
			return 0;
		}
		j = skip_ws(t, len, skip_value(t, len, j));
		if (j >= len || t[j] != ',')
			return -1;
		j++;
	}
}

static int find_element(const char *t, size_t len, size_t *i, size_t index)
{
	size_t j = skip_ws(t, len, *i + 1), k;

	if (j < len && t[j] == ']')
		return -1;
	for (k = 0; k < index; k++) {
		j = skip_ws(t, len, skip_value(t, len, j));
		if (j >= len || t[j] != ',')
			return -1;
		j = skip_ws(t, len, j + 1);
	}
	*i = j;
	return j < len ? 0 : -1;
}

int sdt_jsonpos_find(const char *text, size_t len, const sdt_jsonpath *p,
                     size_t *value_off, size_t *key_off)
{
	size_t i = skip_ws(text, len, skip_bom(text, len)), name = i, k;
	size_t n = p->depth < SDT_JSONPATH_MAX ? p->depth : SDT_JSONPATH_MAX;
	int rc = 0;

	for (k = 0; k < n && rc == 0; k++) {
		const sdt_jsonstep *st = &p->step[k];
		size_t at = i;

		if (st->key && i < len && text[i] == '{')
			rc = find_member(text, len, &at, st, &name);
		else if (!st->key && i < len && text[i] == '[')
			rc = find_element(text, len, &at, st->index);
		else
			rc = -1;
		if (rc == 0) {
			i = at;
			if (!st->key)
				name = at;
		} else {
			name = i;
		}
	}
	*value_off = i;
	if (key_off)
		*key_off = name;
	return rc;
}

/* ---- strict syntax check ---- */

typedef struct syn {
	const char *t;
	size_t len, i;
	int depth;
} syn;

static int syn_value(syn *s);

static void syn_ws(syn *s)
{
	s->i = skip_ws(s->t, s->len, s->i);
}

static int syn_string(syn *s)
{
	unsigned char ch[4];
	size_t n, next;

	for (s->i++; s->i < s->len && s->t[s->i] != '"'; s->i = next) {
		next = string_char(s->t, s->len, s->i, ch, &n);
		if (next == 0)
			return -1;
	}
	if (s->i >= s->len)
		return -1;
	s->i++;
	return 0;
}

static size_t syn_digits(syn *s)
{
	size_t start = s->i;

	while (s->i < s->len && s->t[s->i] >= '0' && s->t[s->i] <= '9')
		s->i++;
	return s->i - start;
}

static int syn_number(syn *s)
{
	size_t start = s->i;

	if (s->t[s->i] == '-')
		s->i++;
	if (s->i < s->len && s->t[s->i] == '0')
		s->i++;
	else if (syn_digits(s) == 0)
		return -1;
	if (s->i < s->len && s->t[s->i] == '.') {
		s->i++;
		if (syn_digits(s) == 0)
			return -1;
	}
	if (s->i < s->len && (s->t[s->i] == 'e' || s->t[s->i] == 'E')) {
		s->i++;
		if (s->i < s->len && (s->t[s->i] == '+' || s->t[s->i] == '-'))
			s->i++;
		if (syn_digits(s) == 0)
			return -1;
	}
	return s->i - start > JSONPOS_MAX_NUMBER ? -1 : 0;
}

static int syn_word(syn *s, const char *w)
{
	size_t n = strlen(w);

	if (s->len - s->i < n || memcmp(s->t + s->i, w, n) != 0)
		return -1;
	s->i += n;
	return 0;
}

/* An object or array; s->i at its opening bracket. */
static int syn_container(syn *s)
{
	char close = s->t[s->i] == '{' ? '}' : ']';

	if (++s->depth > JSONPOS_MAX_DEPTH)
		return -1;
	s->i++;
	syn_ws(s);
	if (s->i < s->len && s->t[s->i] == close) {
		s->i++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (s->i >= s->len || s->t[s->i] != '"' || syn_string(s) < 0)
				return -1;
			syn_ws(s);
			if (s->i >= s->len || s->t[s->i] != ':')
				return -1;
			s->i++;
			syn_ws(s);
		}
		if (syn_value(s) < 0)
			return -1;
		syn_ws(s);
		if (s->i < s->len && s->t[s->i] == close)
			break;
		if (s->i >= s->len || s->t[s->i] != ',')
			return -1;
		s->i++;
		syn_ws(s);
	}
	s->i++;
	s->depth--;
	return 0;
}

static int syn_value(syn *s)
{
	char c;

	if (s->i >= s->len)
		return -1;
	c = s->t[s->i];
	if (c == '{' || c == '[')
		return syn_container(s);
	if (c == '"')
		return syn_string(s);
	if (c == '-' || (c >= '0' && c <= '9'))
		return syn_number(s);
	if (c == 't')
		return syn_word(s, "true");
	if (c == 'f')
		return syn_word(s, "false");
	if (c == 'n')
		return syn_word(s, "null");
	return -1;
}

int sdt_jsonpos_syntax(const char *text, size_t len, size_t *end)
{
	syn s = {text, len, 0, 0};
	int rc;

	/* cJSON skips a BOM only when more than one byte follows it (its
	 * skip_utf8_bom wants index 4 readable); skipping it on "\xef\xbb\xbf8"
	 * too would pass a text cJSON rejects, and report it as out of memory. */
	s.i = len > 4 ? skip_bom(text, len) : 0;
	syn_ws(&s);
	rc = syn_value(&s);
	*end = s.i;
	return rc;
}

/* ---- hints for syntax errors ---- */

/* Bracket depth at text[off], strings skipped. */
static size_t depth_at(const char *t, size_t len, size_t off)
{
	size_t i, depth = 0;

	for (i = 0; i < off && i < len; i++) {
		if (t[i] == '"')
			i = skip_string(t, len, i) - 1;
		else if (t[i] == '{' || t[i] == '[')
			depth++;
		else if ((t[i] == '}' || t[i] == ']') && depth > 0)
			depth--;
	}
	return depth;
}

const char *sdt_jsonpos_hint(const char *text, size_t len, size_t off)
{
	size_t i = off;

	if (off > len)
		return NULL;
	if (depth_at(text, len, off) >= JSONPOS_MAX_DEPTH)
		return "nested more than 1000 levels deep";
	if (i < len && (text[i] == '-' || text[i] == '+'))
		i++;
	if ((len - i >= 3 && strncasecmp(text + i, "nan", 3) == 0) ||
	    (len - i >= 3 && strncasecmp(text + i, "inf", 3) == 0))
		return "NaN and Infinity are not JSON numbers";
	return NULL;
}

const char *sdt_json_type_name(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsNull(v))
		return "null";
	return cJSON_IsArray(v) ? "an array" : "an object";
}

/* ---- public: sdt_json.h ---- */

int sdt_json_syntax(const char *text, size_t len, size_t *offset, const char **hint)
{
	size_t end;

	if (hint)
		*hint = NULL;
	if (sdt_jsonpos_syntax(text, len, &end) == 0) {
		while (end < len && (text[end] == ' ' || text[end] == '\t' ||
		                     text[end] == '\r' || text[end] == '\n'))
			end++;
		if (end == len)
			return 0;
	}
	*offset = end;
	if (hint)
		*hint = sdt_jsonpos_hint(text, len, end);
	return -1;
}

void sdt_json_line_col(const char *text, size_t offset, unsigned long *line,
                       unsigned long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* ---- the one way a JSON file is read ---- */

/* Text outside strings: UTF-8 without control characters but line ends
 * and tabs (inside strings each reader checks its own). 0 or the offset
 * + 1 of the bad byte. */
static size_t raw_bad(const char *text, size_t len)
{
	size_t i = 0, start, bad;

	while (i < len) {
		start = i;
		while (i < len && text[i] != '\n' && text[i] != '\r' && text[i] != '\t')
			i++;
		if ((bad = sdt_utf8_check(text + start, i - start)) != 0)
			return start + bad;
		i++;
	}
	return 0;
}

static int doc_fail(int code, const char *name, const char *text, size_t off,
                    const char *what, const char *more)
{
	unsigned long line, col;

	sdt_json_line_col(text, off, &line, &col);
	return sdt_fail(code, "%s:%lu:%lu: %s%s%s", name, line, col, what,
	                more ? ": " : "", more ? more : "");
}

int sdt_json_document(struct cJSON **root, const char *text, size_t len,
                      const char *name, int code)
{
	const char *end = NULL;
	size_t at = len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	size_t bad = raw_bad(text + at, len - at);
	unsigned char b;
	char what[48];

	*root = NULL;
	if (bad) {
		b = (unsigned char)text[at + bad - 1];
		snprintf(what, sizeof what, b < 0x20 || b == 0x7f ? "control character "
		         "0x%02x" : "invalid UTF-8 (byte 0x%02x)", b);
		return doc_fail(code, name, text, at + bad - 1, what, NULL);
	}
	while (at < len && strchr(" \t\r\n", text[at]))
		at++;
	if (at == len)
		return doc_fail(code, name, text, 0, "empty file", NULL);
	*root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!*root) {
		/* cJSON returns NULL for both; a strict check that passes means
		 * the text was fine and cJSON ran out of memory. */
		/* the strict check's place: the first byte that is wrong */
		if (sdt_jsonpos_syntax(text, len, &at) == 0)
			return sdt_fail_nomem();
		return doc_fail(code, name, text, at, "invalid JSON",
		                sdt_jsonpos_hint(text, len, at));
	}
	for (at = (size_t)(end - text); at < len && strchr(" \t\r\n", text[at]); at++)
		;
	if (at == len)
		return SDT_OK;
	cJSON_Delete(*root);
	*root = NULL;
	return doc_fail(code, name, text, at, "unexpected text after the JSON "
	                "document", NULL);
}

int sdt_json_parse_document(struct cJSON **root, const char *text, size_t len,
                            const char *name)
{
	return sdt_json_document(root, text, len, name, SDT_EDATA);
}

void sdt_jsonpos_where(char *buf, size_t n, const char *name, const char *text, size_t len,
                       const sdt_jsonpath *p, int at_key)
{
	char path[256];
	size_t off, key_off;
	unsigned long line, col;

	sdt_jsonpos_find(text, len, p, &off, &key_off);
	sdt_line_col(text, at_key ? key_off : off, &line, &col);
	sdt_jsonpath_format(p, path, sizeof path);
	snprintf(buf, n, "%s:%lu:%lu: %s", name, line, col, path);
}

int sdt_jsonpos_fail(int code, const char *name, const char *text, size_t len,
                     const sdt_jsonpath *p, int at_key, const char *fmt, ...)
{
	char at[4400], msg[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sdt_jsonpos_where(at, sizeof at, name, text, len, p, at_key);
	return sdt_fail(code, "%s: %s", at, msg);
}
