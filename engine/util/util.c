/*
 * util.c - small shared helpers: whole-file reads, UTF-8 checks, positions.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "internal.h"
#include "sdt_output.h"
#include "sdt_text.h"

static int read_stream(char **out, size_t *len, FILE *f, const char *path)
{
	size_t cap = 65536, n = 0, got;
	char *buf = sdt_malloc(cap), *nb;

	if (!buf)
		return sdt_fail_nomem();
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0) {
			nb = sdt_reallocarray(buf, cap, 2);
			if (!nb) {
				sdt_free(buf);
				return sdt_fail_nomem();
			}
			buf = nb;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		sdt_free(buf);
		return sdt_fail(SDT_EIO, "%s: read failed: %s", path, strerror(errno));
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return SDT_OK;
}

int sdt_read_file(char **out, size_t *len, const char *path)
{
	FILE *f;
	struct stat st;
	int rc;

	*out = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0)
		return read_stream(out, len, stdin, "<stdin>");
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sdt_fail(SDT_EIO, "%s: is a directory, not a file", path);
	f = fopen(path, "rb");
	/* fopen allocates: out of memory is exit 4, not an I/O error. */
	if (!f && errno == ENOMEM)
		return sdt_fail_nomem();
	if (!f)
		return sdt_fail(SDT_EIO, "%s: cannot open: %s", path, strerror(errno));
	rc = read_stream(out, len, f, path);
	fclose(f);
	return rc;
}

/* Length of the UTF-8 sequence starting with lead byte c, or 0 if c
 * cannot start one. */
static size_t utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* Whether the multi-byte sequence at s (of length n) is well formed:
 * continuation bytes, no overlong forms, no surrogates, <= U+10FFFF. */
static int utf8_seq_ok(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && s[0] == 0xe0 && s[1] < 0xa0)
		return 0;
	if (n == 3 && s[0] == 0xed && s[1] >= 0xa0)
		return 0;
	if (n == 4 && s[0] == 0xf0 && s[1] < 0x90)
		return 0;
	if (n == 4 && s[0] == 0xf4 && s[1] >= 0x90)
		return 0;
	return 1;
}

/* Whether the 8 bytes at s are all printable ASCII (0x20..0x7e): none
 * has its high bit, none is below 0x20, none is 0x7f (the usual
 * has-less-than and has-zero-byte tricks on one 64-bit word). */
static int ascii8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x;

	memcpy(&x, s, sizeof x);
	return !(x & highs) && !((x - 0x20 * ones) & ~x & highs) &&
	       !(((x ^ 0x7f * ones) - ones) & ~(x ^ 0x7f * ones) & highs);
}

size_t sdt_utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	while (i < len) {
		/* printable ASCII, the usual text of an id or a team, eight
		 * bytes at a time */
		if (i + 8 <= len && ascii8(s + i)) {
			i += 8;
			continue;
		}
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			i++;
			continue;
		}
		if (s[i] < 0x20 || s[i] == 0x7f)
			return i + 1;
		n = utf8_seq_len(s[i]);
		if (n == 0 || i + n > len || !utf8_seq_ok(s + i, n))
			return i + 1;
		i += n;
	}
	return 0;
}

void sdt_line_col(const char *text, size_t offset, unsigned long *line,
                  unsigned long *col)
{
	unsigned long l = 1, c = 1;
	size_t i;

	for (i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			c++; /* count characters, not UTF-8 continuation bytes */
		}
	}
	*line = l;
	*col = c;
}

unsigned long long sdt_hash(const char *s, size_t len)
{
	unsigned long long h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

char *sdt_format_double(char *buf, double x)
{
	int prec;

	buf[0] = '\0';
	if (!isfinite(x))
		return buf;
	/* %.17g always round-trips; fewer digits are tried first so that a
	 * number people typed (4.2) reads as they typed it. */
	for (prec = 15; prec <= 17; prec++) {
		snprintf(buf, SDT_DOUBLE_CHARS, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	return buf;
}

/* ASCII folds to its lower case (NFC leaves it as it is): the common
 * case without utf8proc, which a header of a million names noticed. */
static char *fold_ascii(const char *s)
{
	size_t i, n = strlen(s);
	char *out = malloc(n + 1);

	for (i = 0; out && i <= n; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
	return out;
}

char *sdt_text_fold(const char *s, int *bad)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;
	const unsigned char *p;

	*bad = 0;
	for (p = (const unsigned char *)s; *p && *p < 0x80; p++)
		;
	if (!*p)
		return fold_ascii(s);
	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out, UTF8PROC_NULLTERM |
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (n < 0) {
		*bad = n != UTF8PROC_ERROR_NOMEM;
		return NULL;
	}
	return (char *)out;
}

size_t sdt_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[SDT_EDIT_DISTANCE_MAX + 1], diag, up, cur;

	if (la > SDT_EDIT_DISTANCE_MAX || lb > SDT_EDIT_DISTANCE_MAX)
		return (size_t)-1;
	/* one row of the table: d[j] is the distance of a[0..i) and b[0..j) */
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		diag = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			up = d[j];
			cur = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < cur)
				cur = up + 1;
			if (d[j - 1] + 1 < cur)
				cur = d[j - 1] + 1;
			d[j] = cur;
			diag = up;
		}
	}
	return d[lb];
}

int sdt_text_valid(const char *s)
{
	return sdt_utf8_check(s, strlen(s)) == 0;
}

int sdt_name_ref_cmp(const void *x, const void *y)
{
	return strcmp(((const sdt_name_ref *)x)->name, ((const sdt_name_ref *)y)->name);
}

int sdt_team_check(const sdt_response *r)
{
	size_t len = strlen(r->team), levels = 1, i;

	for (i = 0; i < len; i++)
		levels += r->team[i] == '/';
	if (len <= SDT_TEAM_MAX_BYTES && levels <= SDT_TEAM_MAX_LEVELS)
		return SDT_OK;
	if (len > SDT_TEAM_MAX_BYTES)
		return sdt_fail(SDT_ELIMIT, "%s:%lu: the team is %zu bytes long; at most %d are "
		                "supported (respondent %s)", r->file, r->line, len,
		                SDT_TEAM_MAX_BYTES, r->id);
	return sdt_fail(SDT_ELIMIT, "%s:%lu: the team path has %zu levels; at most %d are "
	                "supported (respondent %s)", r->file, r->line, levels,
	                SDT_TEAM_MAX_LEVELS, r->id);
}

void sdt_comment_clean(char *dst, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src, *end = s + n;
	size_t k = 0;

	while (s < end) {
		if (*s == '\t' || *s == '\n' || *s == '\r') {
			if (k && dst[k - 1] != ' ')
				dst[k++] = ' ';
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			s++;
		} else if (*s == 0xc2 && s + 1 < end && s[1] >= 0x80 && s[1] <= 0x9f) {
			s += 2; /* C1 controls, U+0080..U+009F */
		} else {
			dst[k++] = (char)*s++;
		}
	}
	while (k && dst[k - 1] == ' ')
		k--;
	dst[k] = '\0';
	if (dst[0] == ' ')
		memmove(dst, dst + 1, k);
}
