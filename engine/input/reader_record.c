/*
 * reader_record.c - what every format module (read_*.c, table.c) builds a
 * record with: the per-record buffers of the sdt_reader (values, texts,
 * attributes), range checks, opening the file, and buffered line reading.
 * reader.c, which picks the format module, sits above them all.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "encoding.h"
#include "reader_impl.h"

/* Read 256 KiB at a time: a quarter of the read calls of 64 KiB, which
 * showed in a two-thread run of a 56 MB file; still one buffer a reader. */
#define LINEBUF_CHUNK 262144

void sdt_reader_begin(sdt_reader *r, unsigned long line)
{
	size_t i;

	for (i = 0; i < r->n_items; i++) {
		r->values[i] = SDT_MISSING;
		if (r->texts[i]) {
			sdt_free(r->texts[i]);
			r->texts[i] = NULL;
		}
	}
	memset(r->seen, 0, r->n_items);
	r->resp.id = NULL;
	r->resp.team = NULL;
	r->resp.line = line;
	r->resp.row = 0;
	r->resp.n_attributes = 0;
	r->resp.n_invalid = 0;
	r->resp.n_unknown = 0;
	r->resp.duration = NAN;
	r->resp.duration_bad = 0;
}

int sdt_reader_set_text(sdt_reader *r, size_t item, const char *s, size_t n)
{
	char *t = sdt_malloc(n + 1);

	if (!t)
		return sdt_fail_nomem();
	sdt_comment_clean(t, s, n);
	if (sdt_utf8_check(t, strlen(t)) != 0) {
		sdt_free(t);
		return SDT_EDATA;
	}
	sdt_free(r->texts[item]);
	r->texts[item] = t[0] ? t : NULL;
	if (!t[0])
		sdt_free(t);
	return SDT_OK;
}

int sdt_reader_attr_reserve(sdt_reader *r, size_t n)
{
	const char **names, **values;
	char(*num)[SDT_READ_NUM_MAX];
	size_t cap;

	if (n <= r->attr_cap)
		return SDT_OK;
	cap = n < 8 ? 8 : n;
	names = sdt_reallocarray(r->attr_names, cap, sizeof *names);
	if (!names)
		return sdt_fail_nomem();
	r->attr_names = names;
	values = sdt_reallocarray(r->attr_values, cap, sizeof *values);
	if (!values)
		return sdt_fail_nomem();
	r->attr_values = values;
	num = sdt_reallocarray(r->attr_num, cap, sizeof *num);
	if (!num)
		return sdt_fail_nomem();
	r->attr_num = num;
	r->attr_cap = cap;
	r->resp.attr_names = r->attr_names;
	r->resp.attr_values = r->attr_values;
	return SDT_OK;
}

int sdt_reader_bad_value(sdt_reader *r)
{
	if (r->opt.invalid != SDT_INVALID_MISSING)
		return 0;
	r->resp.n_invalid++;
	return 1;
}

int sdt_reader_in_range(const sdt_reader *r, long v)
{
	return v >= r->vmin && v <= r->vmax;
}

int sdt_reader_item_in_range(const sdt_reader *r, size_t item, long v)
{
	return v >= r->imin[item] && v <= r->imax[item];
}

int sdt_reader_open_file(sdt_reader *r)
{
	struct stat st;

	if (strcmp(r->name, "-") == 0) {
		r->fp = stdin;
		r->close_fp = 0;
	} else {
		r->fp = fopen(r->name, "rb");
		/* fopen allocates: out of memory is exit 4, not an I/O error. */
		if (!r->fp && errno == ENOMEM)
			return sdt_fail_nomem();
		if (!r->fp)
			return sdt_fail(SDT_EIO, "%s: cannot open: %s", r->name,
			                strerror(errno));
		r->close_fp = 1;
	}
	/* fopen() succeeds on a directory; reading it then fails obscurely. */
	if (fstat(fileno(r->fp), &st) == 0 && S_ISDIR(st.st_mode))
		return sdt_fail(SDT_EIO, "%s: is a directory, not a file", r->name);
	r->lines.fp = r->fp;
	if (r->has_range) {
		r->lines.ranged = 1;
		r->lines.header_end = r->range.header_end;
		r->lines.range_start = r->range.start;
		r->lines.range_end = r->range.end;
		/* A BOM counts only at the start of the file. */
		r->lines.started = r->range.header_end == 0 && r->range.start > 0;
	}
	return SDT_OK;
}

/* fread within the range, if any: the header bytes, then the range. */
static size_t linebuf_read(sdt_linebuf *lb, char *buf, size_t n)
{
	long long lim;
	size_t got;

	if (!lb->ranged)
		return fread(buf, 1, n, lb->fp);
	if (lb->pos >= lb->header_end && lb->pos < lb->range_start) {
		if (fseeko(lb->fp, (off_t)lb->range_start, SEEK_SET) != 0)
			return 0;
		lb->pos = lb->range_start;
	}
	lim = (lb->pos < lb->header_end ? lb->header_end : lb->range_end) - lb->pos;
	if (lim <= 0)
		return 0;
	got = fread(buf, 1, (size_t)lim < n ? (size_t)lim : n, lb->fp);
	lb->pos += (long long)got;
	return got;
}

/* Read more into lb->buf, moving the unread part to the front first and
 * growing the buffer when a single line fills it. */
static int linebuf_fill(sdt_linebuf *lb, const char *name)
{
	size_t got, ncap;
	char *nb;

	if (lb->start > 0) {
		memmove(lb->buf, lb->buf + lb->start, lb->end - lb->start);
		lb->end -= lb->start;
		lb->start = 0;
	}
	/* A decoder needs room for a whole converted character. */
	if (lb->end == lb->cap || (lb->dec && lb->cap - lb->end < 16)) {
		ncap = lb->cap ? lb->cap * 2 : LINEBUF_CHUNK;
		if (ncap > SDT_READ_LINE_MAX)
			return sdt_fail(SDT_ELIMIT, "%s: a line is longer than %zu MiB",
			                name, SDT_READ_LINE_MAX >> 20);
		nb = sdt_realloc(lb->buf, ncap);
		if (!nb)
			return sdt_fail_nomem();
		lb->buf = nb;
		lb->cap = ncap;
	}
	if (lb->dec) {
		int rc = sdt_decoder_read(lb->dec, lb->buf + lb->end,
		                          lb->cap - lb->end, &got);
		if (rc != SDT_OK)
			return rc;
	} else {
		got = linebuf_read(lb, lb->buf + lb->end, lb->cap - lb->end);
	}
	if (got == 0 && !lb->dec && ferror(lb->fp))
		return sdt_fail(SDT_EIO, "%s: read failed: %s", name, strerror(errno));
	/* A range whose start could not be reached (linebuf_read). */
	if (got == 0 && lb->ranged && lb->pos >= lb->header_end &&
	    lb->pos < lb->range_start)
		return sdt_fail(SDT_EIO, "%s: cannot seek: %s", name, strerror(errno));
	if (got == 0)
		lb->eof = 1;
	lb->end += got;
	return SDT_OK;
}

/* Offset of the first line end in s[0..n) (LF, or CR too), or n. */
static size_t line_end(const char *s, size_t n, int stop_cr)
{
	const char *p;
	size_t i;

	if (!stop_cr) {
		p = memchr(s, '\n', n);
		return p ? (size_t)(p - s) : n;
	}
	/* Two memchr calls beat a byte loop on the usual LF and CRLF lines. */
	p = memchr(s, '\n', n);
	i = p ? (size_t)(p - s) : n;
	p = memchr(s, '\r', i);
	return p ? (size_t)(p - s) : i;
}

/* Drop a UTF-8 BOM at the very start, once enough is buffered to tell. */
static void linebuf_bom(sdt_linebuf *lb)
{
	if (lb->started || (lb->end - lb->start < 3 && !lb->eof))
		return;
	lb->started = 1;
	if (lb->end - lb->start >= 3 &&
	    memcmp(lb->buf + lb->start, "\xef\xbb\xbf", 3) == 0)
		lb->start += 3;
}

int sdt_linebuf_peek(sdt_linebuf *lb, const char *name, const char **s,
                     size_t *len)
{
	int rc = SDT_OK;

	/* Text the decoder rejects is reported later, at its row. */
	while (!lb->eof && lb->end - lb->start < SDT_READ_PEEK &&
	       !sdt_decoder_bad(lb->dec))
		if ((rc = linebuf_fill(lb, name)) != SDT_OK && !sdt_decoder_bad(lb->dec))
			return rc;
	linebuf_bom(lb);
	*s = lb->buf ? lb->buf + lb->start : "";
	*len = lb->end - lb->start;
	return SDT_OK;
}

int sdt_linebuf_next(sdt_linebuf *lb, const char *name, int stop_cr,
                     const char **line, size_t *len)
{
	size_t scanned = 0, e, avail;
	int rc = SDT_OK;

	*line = NULL;
	*len = 0;
	for (;;) {
		avail = lb->end - lb->start;
		e = avail;
		if (scanned < avail)
			e = scanned + line_end(lb->buf + lb->start + scanned,
			                       avail - scanned, stop_cr);
		if (e < avail || (lb->eof && avail > 0))
			break;
		if (lb->eof)
			goto done;
		scanned = avail;
		if ((rc = linebuf_fill(lb, name)) != SDT_OK)
			goto done;
		if (!lb->started && (lb->end - lb->start >= 3 || lb->eof)) {
			lb->started = 1;
			/* The BOM holds no line end, so rescanning from 0 is safe. */
			if (lb->end - lb->start >= 3 &&
			    memcmp(lb->buf + lb->start, "\xef\xbb\xbf", 3) == 0) {
				lb->start += 3;
				scanned = 0;
			}
		}
	}
	lb->started = 1; /* a BOM only counts at the very start */
	*line = lb->buf + lb->start;
	*len = e < avail ? e + (size_t)(stop_cr != 0) : e;
	lb->start += e < avail ? e + 1 : e;
done:
	return rc;
}
