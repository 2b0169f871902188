/*
 * json_fast.c - one response object read straight from its text, without
 * building a cJSON tree (whose allocations cost more than the statistics).
 *
 * It reads what pulse data holds: id, team, attributes (string, whole
 * number or null values) and answers in any key order, strings with
 * escapes, answers that are whole numbers, null or (under --invalid
 * missing) anything scalar, unknown items under --ignore-unknown. Anything
 * else, and anything wrong, makes it return 0: the caller then parses the
 * object with cJSON (read_json.c), which gives the same record or the
 * positioned message. So this file only ever accepts, never explains.
 */
#include <stdint.h>
#include <string.h>

#include "reader_impl.h"
#include "sdt_output.h"

/* An attribute whose value is null, or a number written in attr_num. */
#define VAL_NULL SIZE_MAX
#define VAL_NUM (SIZE_MAX - 1)

/* The per-answer readers, inlined so that the cursor can live in a
 * register: called out of line, `fast` escapes and every step reloads it. */
#if defined(__GNUC__)
#define FAST_INLINE static inline __attribute__((always_inline))
#else
#define FAST_INLINE static inline
#endif

typedef struct fast {
	const char *s, *e; /* the rest of the text */
	sdt_jsonfast *nf;
} fast;

void sdt_jsonfast_free(sdt_jsonfast *nf)
{
	if (!nf)
		return;
	sdt_free(nf->buf);
	sdt_free(nf->attr);
	nf->buf = NULL;
	nf->attr = NULL;
	nf->cap = nf->attr_cap = 0;
}

/* Bytes that end a key or a string's plain run: quote, backslash, NUL. */
static const unsigned char str_stop[256] = {['"'] = 1, ['\\'] = 1, [0] = 1};

static inline void fast_ws(fast *f)
{
	/* compact JSON has none: one test past a byte above the space */
	while (f->s < f->e && (unsigned char)*f->s <= ' ' &&
	       (*f->s == ' ' || *f->s == '\t' || *f->s == '\n' || *f->s == '\r'))
		f->s++;
}

static inline int fast_char(fast *f, char c)
{
	/* compact JSON: the byte is right here */
	if (f->s < f->e && *f->s == c) {
		f->s++;
		return 1;
	}
	fast_ws(f);
	if (f->s == f->e || *f->s != c)
		return 0;
	f->s++;
	return 1;
}

static inline int fast_word(fast *f, const char *w, size_t n)
{
	size_t i;

	fast_ws(f);
	if ((size_t)(f->e - f->s) < n)
		return 0;
	for (i = 0; i < n; i++)
		if (f->s[i] != w[i])
			return 0;
	f->s += n;
	return 1;
}

/* Append n bytes to the scratch buffer. */
static int put(sdt_jsonfast *nf, const char *p, size_t n)
{
	size_t cap;
	char *b;

	if (nf->len + n > nf->cap) {
		cap = nf->cap ? nf->cap : 256;
		while (cap < nf->len + n)
			cap *= 2;
		if (!(b = sdt_realloc(nf->buf, cap)))
			return 0;
		nf->buf = b;
		nf->cap = cap;
	}
	/* n may be 0 before anything is allocated: memcpy takes no NULL */
	if (n)
		memcpy(nf->buf + nf->len, p, n);
	nf->len += n;
	return 1;
}

static long hex4(const char *p)
{
	long v = 0;
	int i, d;

	for (i = 0; i < 4; i++) {
		d = p[i] >= '0' && p[i] <= '9' ? p[i] - '0'
		    : p[i] >= 'a' && p[i] <= 'f' ? p[i] - 'a' + 10
		    : p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/* \u and four hex digits (a surrogate pair as cJSON takes it) at f->s
 * (after the 'u') as UTF-8; 0 for what cJSON refuses, and for U+0000, which cJSON would
 * read as the end of the string. */
static int fast_u(fast *f)
{
	long cp, lo;
	char u[4];
	size_t n;

	if (f->e - f->s < 4 || (cp = hex4(f->s)) <= 0 || (cp >= 0xdc00 && cp <= 0xdfff))
		return 0;
	f->s += 4;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if (f->e - f->s < 6 || f->s[0] != '\\' || f->s[1] != 'u' ||
		    (lo = hex4(f->s + 2)) < 0xdc00 || lo > 0xdfff)
			return 0;
		f->s += 6;
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	}
	n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	u[0] = (char)(n == 1 ? cp : n == 2 ? 0xc0 | (cp >> 6) : n == 3
	              ? 0xe0 | (cp >> 12) : 0xf0 | (cp >> 18));
	if (n >= 4)
		u[n - 3] = (char)(0x80 | ((cp >> 12) & 0x3f));
	if (n >= 3)
		u[n - 2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	if (n >= 2)
		u[n - 1] = (char)(0x80 | (cp & 0x3f));
	return put(f->nf, u, n);
}

/* One escape after a backslash at f->s. */
static int fast_escape(fast *f)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;

	if (f->s == f->e)
		return 0;
	if (*f->s == 'u') {
		f->s++;
		return fast_u(f);
	}
	if (!(k = memchr(from, *f->s, sizeof from - 1)))
		return 0;
	f->s++;
	return put(f->nf, to + (k - from), 1);
}

/* A string, decoded and NUL-terminated into the scratch buffer at *off.
 * With `text`, it must be valid UTF-8 without control characters (ids,
 * teams and attributes must be; an answer's text is never read). */
static int fast_str(fast *f, size_t *off, int text)
{
	const char *q;

	if (!fast_char(f, '"'))
		return 0;
	*off = f->nf->len;
	for (;;) {
		for (q = f->s; q < f->e && !str_stop[(unsigned char)*q]; q++)
			;
		/* cJSON takes a NUL byte for the end of the text */
		if (q == f->e || !*q || !put(f->nf, f->s, (size_t)(q - f->s)))
			return 0;
		f->s = q + 1;
		if (*q == '"')
			break;
		if (!fast_escape(f))
			return 0;
	}
	return put(f->nf, "", 1) &&
	       (!text || sdt_utf8_check(f->nf->buf + *off, f->nf->len - *off - 1) == 0);
}

/* A key without escapes (the common case) as a span of the text; 0 when
 * it has one, for the caller to take the slow path. */
FAST_INLINE int fast_key(fast *f, const char **k, size_t *n)
{
	const char *q;

	if (!fast_char(f, '"'))
		return 0;
	for (q = f->s; q < f->e && !str_stop[(unsigned char)*q]; q++)
		;
	if (q == f->e || *q != '"')
		return 0;
	*k = f->s;
	*n = (size_t)(q - f->s);
	f->s = q + 1;
	return fast_char(f, ':');
}

/* A JSON number at f->s: 1 and *v for a whole number of at most 15 digits
 * written plainly (-12), 2 for any other number (the slow path reads it as
 * cJSON does), 0 when there is none. */
FAST_INLINE int fast_int(fast *f, long long *v)
{
	const char *p;
	int neg = 0, digits = 0;

	fast_ws(f);
	p = f->s;
	/* the usual answer: one digit, then the next member or the end */
	if (f->e - p >= 2 && *p >= '0' && *p <= '9' && (p[1] == ',' || p[1] == '}')) {
		*v = *p - '0';
		f->s = p + 1;
		return 1;
	}
	if (p < f->e && *p == '-')
		neg = *p++ == '-';
	if (p == f->e || *p < '0' || *p > '9')
		return 0;
	for (*v = 0; p < f->e && *p >= '0' && *p <= '9' && digits <= 15; p++, digits++)
		*v = *v * 10 + (*p - '0');
	if (digits > 15 || (digits > 1 && p[-digits] == '0') ||
	    (p < f->e && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9'))))
		return 2;
	if (neg && *v == 0)
		return 2; /* -0: cJSON's double keeps the sign */
	*v = neg ? -*v : *v;
	f->s = p;
	return 1;
}

/* A value that is not a whole number in range, where an answer should be:
 * true, false or a string (a number out of range is the caller's). 1 when
 * skipped, 0 when it is something else. */
static int fast_other(fast *f)
{
	size_t off;

	if (fast_word(f, "true", 4) || fast_word(f, "false", 5))
		return 1;
	if (!fast_str(f, &off, 0))
		return 0;
	f->nf->len = off; /* the text is not kept */
	return 1;
}

/* The value of an answer to item `item`; 0 sends the object to the slow
 * path (an error to report, or a shape this file does not read). */
static int fast_value(sdt_reader *r, fast *f, long item)
{
	long long v = 0;
	int num;

	/* a comment (text item, the one kind with an empty range: reader.c)
	 * is read by the slow path, which keeps it */
	if (r->imin[item] > r->imax[item])
		return 0;
	/* a number first: most answers are */
	if ((num = fast_int(f, &v)) == 0 && fast_word(f, "null", 4))
		return 1;
	if (num == 1 && v >= r->imin[item] && v <= r->imax[item]) {
		r->values[item] = (int)v;
		return 1;
	}
	if (num == 2 || (num == 0 && !fast_other(f)))
		return 0;
	/* a bad value: missing under --invalid missing, else the message */
	return sdt_reader_bad_value(r);
}

/* A value skipped (an unknown item's under --ignore-unknown): scalars. */
static int fast_skip(fast *f)
{
	long long v;
	int num;

	if (fast_word(f, "null", 4))
		return 1;
	num = fast_int(f, &v);
	return num == 1 || (num == 0 && fast_other(f));
}

/* Whether the string id is the n bytes at k (ids are short: a loop
 * beats strncmp's call). */
static int same(const char *id, const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (id[i] != k[i])
			return 0; /* also at id's NUL, as k has none */
	return id[n] == '\0';
}

/* Whether the text at f->s is the key "id" (quoted, no escape), taken
 * with its colon; nothing moves when it is not. */
FAST_INLINE int fast_is_key(fast *f, const char *id)
{
	const char *start = f->s, *p = f->s;

	if (p == f->e || *p++ != '"')
		return 0;
	while (*id && p < f->e && *p == *id)
		p++, id++;
	if (*id || p == f->e || *p != '"')
		return 0;
	f->s = p + 1;
	if (fast_char(f, ':'))
		return 1;
	f->s = start;
	return 0;
}

/* One answer "id": value; *item is the previous answer's item. */
static int fast_answer(sdt_reader *r, fast *f, long *item)
{
	const char *k;
	size_t n;

	/* Answers usually follow the instrument's order: try the next item,
	 * straight against the text. */
	*item += 1;
	if ((size_t)*item < r->n_items && fast_is_key(f, r->item_ids[*item]))
		;
	else if (!fast_key(f, &k, &n))
		return 0;
	else if (!((size_t)*item < r->n_items && same(r->item_ids[*item], k, n)))
		*item = sdt_instrument_item_find(r->ins, k, n);
	if (*item < 0) {
		if (!r->opt.ignore_unknown || !fast_skip(f))
			return 0;
		r->resp.n_unknown++;
		return 1;
	}
	if (r->seen[*item])
		return 0;
	r->seen[*item] = 1;
	return fast_value(r, f, *item);
}

static int fast_answers(sdt_reader *r, fast *f)
{
	long item = -1;

	if (fast_word(f, "null", 4))
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

/* Attribute k's value: a string, null or a whole number (written as the
 * slow path writes it, in r->attr_num[k]). */
static int fast_attr_value(sdt_reader *r, fast *f, size_t k, size_t *off)
{
	long long v;

	if (fast_word(f, "null", 4)) {
		*off = VAL_NULL;
		return 1;
	}
	if (fast_int(f, &v) == 1) {
		sdt_format_double(r->attr_num[k], (double)v);
		*off = VAL_NUM;
		return 1;
	}
	return fast_str(f, off, 1);
}

static int fast_attr_grow(sdt_jsonfast *nf, size_t k)
{
	size_t *a, cap = nf->attr_cap ? nf->attr_cap * 2 : 16;

	if (2 * k + 2 <= nf->attr_cap)
		return 1;
	if (!(a = sdt_reallocarray(nf->attr, cap, sizeof *a)))
		return 0;
	nf->attr = a;
	nf->attr_cap = cap;
	return 1;
}

/* "attributes": {name: value, ...}; names are kept at nf->attr[2k] and
 * values at nf->attr[2k + 1] (offsets, as the buffer may move). */
static int fast_attributes(sdt_reader *r, fast *f, size_t *n)
{
	sdt_jsonfast *nf = f->nf;
	size_t k = 0, j;

	*n = 0;
	if (fast_word(f, "null", 4))
		return 1;
	if (!fast_char(f, '{'))
		return 0;
	if (fast_char(f, '}'))
		return 1;
	do {
		if (!fast_attr_grow(nf, k) || sdt_reader_attr_reserve(r, k + 1) != SDT_OK ||
		    !fast_str(f, &nf->attr[2 * k], 1) || !nf->buf[nf->attr[2 * k]] ||
		    !fast_char(f, ':') || !fast_attr_value(r, f, k, &nf->attr[2 * k + 1]))
			return 0;
		for (j = 0; j < k; j++)
			if (strcmp(nf->buf + nf->attr[2 * j], nf->buf + nf->attr[2 * k]) == 0)
				return 0; /* given twice */
		k++;
	} while (fast_char(f, ','));
	*n = k;
	return fast_char(f, '}');
}

/* Point the record at the strings kept in the scratch buffer. */
static void fast_finish(sdt_reader *r, sdt_jsonfast *nf, size_t id, size_t team,
                        size_t n_attr)
{
	size_t k, v;

	r->resp.id = nf->buf + id;
	r->resp.team = team != VAL_NULL && nf->buf[team] ? nf->buf + team : NULL;
	for (k = 0; k < n_attr; k++) {
		v = nf->attr[2 * k + 1];
		r->attr_names[k] = nf->buf + nf->attr[2 * k];
		r->attr_values[k] = v == VAL_NULL ? NULL : v == VAL_NUM ? r->attr_num[k]
		                    : nf->buf + v;
	}
	r->resp.n_attributes = n_attr;
}

/* The member named k (n bytes) of a response; have[] counts the members
 * seen, to send a repeated one to the slow path. */
static int fast_member(sdt_reader *r, fast *f, const char *k, size_t n,
                       size_t *str, size_t *n_attr, int *have)
{
	if (n == 2 && !memcmp(k, "id", 2) && !have[0]++)
		return fast_str(f, &str[0], 1) && f->nf->buf[str[0]];
	if (n == 4 && !memcmp(k, "team", 4) && !have[1]++)
		return fast_word(f, "null", 4) || fast_str(f, &str[1], 1);
	if (n == 10 && !memcmp(k, "attributes", 10) && !have[2]++)
		return fast_attributes(r, f, n_attr);
	if (n == 7 && !memcmp(k, "answers", 7) && !have[3]++)
		return fast_answers(r, f);
	return 0;
}

int sdt_jsonfast_read(sdt_reader *r, sdt_jsonfast *nf, const char *text,
                      size_t len, size_t *used)
{
	fast f = {text, text + len, nf};
	const char *k;
	size_t n, str[2] = {VAL_NULL, VAL_NULL}, n_attr = 0;
	int have[4] = {0, 0, 0, 0};

	nf->len = 0;
	if (!fast_char(&f, '{'))
		return 0;
	do {
		if (!fast_key(&f, &k, &n) || !fast_member(r, &f, k, n, str, &n_attr, have))
			return 0;
	} while (fast_char(&f, ','));
	if (!fast_char(&f, '}') || str[0] == VAL_NULL)
		return 0;
	fast_finish(r, nf, str[0], str[1], n_attr);
	*used = (size_t)(f.s - text);
	return 1;
}
