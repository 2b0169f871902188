/*
 * reader.c - opening a response file in the right format, the record
 * buffers every format shares, and buffered line reading.
 */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "encoding.h"
#include "reader_impl.h"
#include "table.h"

#define LINEBUF_CHUNK 65536

sdt_format sdt_format_from_path(const char *path)
{
	const char *dot;

	if (!path)
		return SDT_FORMAT_AUTO;
	dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return SDT_FORMAT_AUTO;
	/* Case-insensitive: exports from Windows tools often say .CSV. */
	if (strcasecmp(dot, ".json") == 0)
		return SDT_FORMAT_JSON;
	if (strcasecmp(dot, ".ndjson") == 0 || strcasecmp(dot, ".jsonl") == 0)
		return SDT_FORMAT_NDJSON;
	/* Tab-separated exports; Excel's "Unicode text" (.txt) needs
	 * --input-format csv, since .txt says too little. */
	if (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".tsv") == 0)
		return SDT_FORMAT_CSV;
	if (strcasecmp(dot, ".xlsx") == 0)
		return SDT_FORMAT_XLSX;
	return SDT_FORMAT_AUTO;
}

const char *sdt_format_name(sdt_format f)
{
	switch (f) {
	case SDT_FORMAT_JSON: return "json";
	case SDT_FORMAT_NDJSON: return "ndjson";
	case SDT_FORMAT_CSV: return "csv";
	case SDT_FORMAT_XLSX: return "xlsx";
	default: return "auto";
	}
}

/* The format named `name`, or AUTO for an unknown one. */
static sdt_format format_lookup(const char *name)
{
	if (!name)
		return SDT_FORMAT_AUTO;
	if (strcmp(name, "json") == 0)
		return SDT_FORMAT_JSON;
	if (strcmp(name, "ndjson") == 0 || strcmp(name, "jsonl") == 0)
		return SDT_FORMAT_NDJSON;
	if (strcmp(name, "csv") == 0)
		return SDT_FORMAT_CSV;
	if (strcmp(name, "xlsx") == 0)
		return SDT_FORMAT_XLSX;
	return SDT_FORMAT_AUTO;
}

sdt_format sdt_format_parse(const char *name)
{
	return format_lookup(name);
}

int sdt_format_from_name(sdt_format *out, const char *name)
{
	sdt_format f = format_lookup(name);

	if (f == SDT_FORMAT_AUTO && !(name && !strcmp(name, "auto")))
		return sdt_fail(SDT_EUSAGE, "unknown input format '%s' (json, ndjson, csv, xlsx)",
		                name ? name : "(null)");
	*out = f;
	return SDT_OK;
}

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

static void reader_destroy(sdt_reader *r)
{
	if (r->impl && r->free_fn)
		r->free_fn(r->impl);
	sdt_decoder_free(r->lines.dec);
	if (r->fp && r->close_fp)
		fclose(r->fp);
	sdt_free(r->lines.buf);
	sdt_free(r->values);
	for (size_t i = 0; r->texts && i < r->n_items; i++)
		sdt_free(r->texts[i]);
	sdt_free(r->texts);
	sdt_free(r->imin);
	sdt_free(r->imax);
	sdt_free(r->seen);
	sdt_free(r->item_ids);
	sdt_free(r->attr_names);
	sdt_free(r->attr_values);
	sdt_free(r->attr_num);
	sdt_free(r->name_copy);
	sdt_free(r);
}

void sdt_reader_free(sdt_reader *r)
{
	if (r)
		reader_destroy(r);
}

/* The format to read `path` as, or an error when it cannot be told. */
/* Standard input has no name to tell its format by: what is not JSON
 * (a '{' or '[' first) is taken as CSV, the usual export piped in. JSON
 * may be one document or one response a line, which the caller says.
 * Whitespace before the first character is dropped. */
static int sniff_stdin(sdt_format *out)
{
	int c;

	while ((c = getc(stdin)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		;
	if (c != EOF)
		ungetc(c, stdin);
	if (c != '{' && c != '[') {
		*out = SDT_FORMAT_CSV;
		return SDT_OK;
	}
	sdt_fail(SDT_EUSAGE, "-: standard input holds JSON, and whether it is one "
	         "document or one response a line (NDJSON) cannot be told");
	sdt_error_set_kind("stdin_json", "-");
	return SDT_EUSAGE;
}

static int pick_format(sdt_format *out, const char *path,
                       const sdt_read_options *opt)
{
	*out = opt->format;
	if (*out != SDT_FORMAT_AUTO)
		return SDT_OK;
	if (strcmp(path, "-") == 0)
		return sniff_stdin(out);
	*out = sdt_format_from_path(path);
	if (*out == SDT_FORMAT_AUTO) {
		sdt_fail(SDT_EUSAGE, "%s: cannot tell the format from the file name "
		         "(expected .json, .ndjson, .jsonl or .csv)", path);
		sdt_error_set_kind("unknown_format", NULL);
		return SDT_EUSAGE;
	}
	return SDT_OK;
}

static int reader_alloc(sdt_reader **out, const sdt_instrument *ins,
                        const char *path, const sdt_read_options *opt)
{
	sdt_reader *r = sdt_calloc(1, sizeof *r);
	size_t i, n = sdt_instrument_item_count(ins);

	*out = r;
	if (!r)
		return sdt_fail_nomem();
	r->ins = ins;
	r->opt = *opt;
	r->n_items = n;
	/* the union of the items' ranges; an item with a narrower one is
	 * checked when its record is complete (item_ranges) */
	r->vmin = sdt_instrument_answer_min(ins);
	r->vmax = sdt_instrument_answer_max(ins);
	r->name_copy = sdt_strdup(path);
	r->name = r->name_copy;
	r->values = sdt_calloc(n ? n : 1, sizeof *r->values);
	r->texts = sdt_calloc(n ? n : 1, sizeof *r->texts);
	r->imin = sdt_calloc(n ? n : 1, sizeof *r->imin);
	r->imax = sdt_calloc(n ? n : 1, sizeof *r->imax);
	r->seen = sdt_calloc(n ? n : 1, 1);
	r->item_ids = sdt_calloc(n ? n : 1, sizeof *r->item_ids);
	if (!r->name_copy || !r->values || !r->seen || !r->item_ids || !r->texts ||
	    !r->imin || !r->imax)
		return sdt_fail_nomem();
	for (i = 0; i < n; i++) {
		r->item_ids[i] = sdt_instrument_item_id(ins, i);
		r->imin[i] = sdt_instrument_item_type(ins, i) == SDT_ITEM_TEXT ? 1
		             : sdt_instrument_item_min(ins, i);
		r->imax[i] = sdt_instrument_item_type(ins, i) == SDT_ITEM_TEXT ? 0
		             : sdt_instrument_item_max(ins, i);
	}
	r->resp.file = r->name;
	r->resp.values = r->values;
	r->resp.texts = (const char *const *)r->texts;
	return sdt_reader_attr_reserve(r, 8);
}

static int reader_open(sdt_reader **out, const sdt_instrument *ins,
                       const char *path, const sdt_read_options *opt,
                       int headers_only, const sdt_read_range *range)
{
	static const sdt_read_options defaults = SDT_READ_OPTIONS_INIT;
	sdt_reader *r = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !ins || !path) {
		rc = sdt_fail(SDT_EUSAGE, "sdt_reader_open: NULL argument");
		goto done;
	}
	if ((rc = SDT_CHECK_OPTIONS(opt, sdt_read_options, SDT_READ_OPTIONS)) != SDT_OK)
		goto done;
	if (!opt)
		opt = &defaults;
	if ((rc = reader_alloc(&r, ins, path, opt)) != SDT_OK)
		goto done;
	r->headers_only = headers_only;
	if (range) {
		r->has_range = 1;
		r->range = *range;
	}
	if ((rc = pick_format(&r->format, path, opt)) != SDT_OK)
		goto done;
	if (r->format == SDT_FORMAT_JSON)
		rc = sdt_read_json_open(r);
	else if (r->format == SDT_FORMAT_NDJSON)
		rc = sdt_read_ndjson_open(r);
	else if (r->format == SDT_FORMAT_XLSX)
		rc = sdt_read_xlsx_open(r);
	else
		rc = sdt_read_csv_open(r);
done:
	if (rc != SDT_OK) {
		sdt_reader_free(r);
		r = NULL;
	}
	if (out)
		*out = r;
	return rc;
}

int sdt_reader_open(sdt_reader **out, const sdt_instrument *ins,
                    const char *path, const sdt_read_options *opt)
{
	return reader_open(out, ins, path, opt, 0, NULL);
}

int sdt_reader_open_headers(sdt_reader **out, const sdt_instrument *ins,
                            const char *path, const sdt_read_options *opt)
{
	return reader_open(out, ins, path, opt, 1, NULL);
}

int sdt_columns_read(sdt_columns **out, const sdt_instrument *ins,
                     const char *path, const sdt_read_options *opt)
{
	const sdt_response *resp;
	sdt_reader *r = NULL;
	sdt_format f;
	int rc;

	*out = NULL;
	f = opt && opt->format ? opt->format : sdt_format_from_path(path);
	if (strcmp(path, "-") == 0 || (f != SDT_FORMAT_CSV && f != SDT_FORMAT_XLSX))
		return sdt_fail(SDT_EUSAGE, "%s: only CSV and .xlsx files have columns", path);
	/* 2: the header's roles are assigned and checked, nothing more read */
	if ((rc = reader_open(&r, ins, path, opt, 2, NULL)) == SDT_OK &&
	    (rc = sdt_reader_next(r, &resp)) == SDT_OK) {
		if (r->table && r->table->have_header)
			rc = sdt_table_columns(r->table, out);
		else
			rc = sdt_table_end(r, r->table);
	}
	sdt_reader_free(r);
	return rc;
}

int sdt_reader_open_range(sdt_reader **out, const sdt_instrument *ins,
                          const char *path, const sdt_read_options *opt,
                          const sdt_read_range *range)
{
	return reader_open(out, ins, path, opt, 0, range);
}

/* When items have response scales of their own, the formats checked each
 * answer against the widest range; here each is held to its item's. */
static int item_ranges(sdt_reader *r)
{
	const sdt_instrument *ins = r->ins;
	size_t i;
	int v;

	if (sdt_instrument_answer_min(ins) == sdt_instrument_min(ins) &&
	    sdt_instrument_answer_max(ins) == sdt_instrument_max(ins))
		return SDT_OK;
	for (i = 0; i < r->n_items; i++) {
		v = r->values[i];
		if (v == SDT_MISSING || sdt_instrument_item_type(ins, i) == SDT_ITEM_TEXT ||
		    (v >= sdt_instrument_item_min(ins, i) && v <= sdt_instrument_item_max(ins, i)))
			continue;
		if (sdt_reader_bad_value(r)) {
			r->values[i] = SDT_MISSING;
			continue;
		}
		sdt_fail(SDT_EDATA, "%s:%lu: item '%s': value %d is outside its response "
		         "scale %d..%d", r->name, r->resp.line, r->item_ids[i], v,
		         sdt_instrument_item_min(ins, i), sdt_instrument_item_max(ins, i));
		return SDT_EDATA;
	}
	return SDT_OK;
}

int sdt_reader_next(sdt_reader *r, const sdt_response **resp)
{
	int rc;

	if (!r || !resp)
		return sdt_fail(SDT_EUSAGE, "sdt_reader_next: NULL argument");
	*resp = NULL;
	if (r->state == SDT_READ_END)
		return SDT_OK;
	if (r->state == SDT_READ_FAILED)
		return sdt_fail(r->err, "%s: the reader was used after an error",
		                r->name);
	rc = r->next_fn(r, resp);
	if (rc == SDT_OK && *resp)
		rc = item_ranges(r);
	if (rc == SDT_OK && *resp && (*resp)->team)
		rc = sdt_team_check(*resp);
	if (rc != SDT_OK) {
		*resp = NULL;
		r->state = SDT_READ_FAILED;
		r->err = rc;
	} else if (!*resp) {
		r->state = SDT_READ_END;
	}
	return rc;
}

const char *sdt_reader_wave(const sdt_reader *r)
{
	return r ? r->wave : NULL;
}
