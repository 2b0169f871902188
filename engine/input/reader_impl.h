/*
 * reader_impl.h - what the response readers (reader.c, read_json.c,
 * read_ndjson.c, read_csv.c) share; not public API.
 *
 * reader.c owns the sdt_reader; reader_record.c its per-record buffers
 * (values, attributes) and the buffered line source; each format module
 * fills in the record.
 */
#ifndef SDT_READER_IMPL_H
#define SDT_READER_IMPL_H

#include <stdio.h>

#include "internal.h"
#include "jsonpos.h"

/* The delimiter the first record of s[0..n) uses most outside quotes:
 * ',' ';' or tab (a tie goes to the comma); read_csv.c. */
unsigned char sdt_csv_detect(const char *s, size_t n);

/* Longest line (NDJSON) or CSV line piece we buffer: beyond this a file is
 * surely not survey data, and we stop before memory runs out. */
#define SDT_READ_LINE_MAX ((size_t)256 << 20)

/* Room for a number written as text (an attribute given as a JSON number). */
#define SDT_READ_NUM_MAX 32

/* Buffered reading of lines (or CSV line pieces) without a copy: a line is
 * returned as a pointer into buf, valid until the next call. */
typedef struct sdt_linebuf {
	FILE *fp;
	struct sdt_decoder *dec; /* converts to UTF-8 when set (CSV) */
	char *buf;
	size_t cap, start, end;
	int eof;
	int started; /* the leading BOM check is done */
	/* A byte range (sdt_reader_open_range): bytes [0, header_end) and
	 * then [range_start, range_end); pos is the file offset read next. */
	int ranged;
	long long pos, header_end, range_start, range_end;
} sdt_linebuf;

/* Part of a regular file, for parallel runs (parallel.c): the reader sees
 * the header bytes [0, header_end) (CSV; 0 for NDJSON) followed by bytes
 * [start, end), both at line boundaries, and numbers what follows the
 * header from first_line + 1: the lines (NDJSON) or records (CSV, header
 * included) before `start`, so messages name the same place as a reading
 * of the whole file. The text must be UTF-8 (no decoder is used). */
typedef struct sdt_read_range {
	long long header_end, start, end;
	unsigned long first_line;
	unsigned long first_phys; /* CSV: physical lines before `start` */
} sdt_read_range;

struct sdt_reader {
	const sdt_instrument *ins;
	sdt_read_options opt;
	sdt_format format;
	const char *name; /* the path as given, for messages */
	char *name_copy;
	FILE *fp;
	int close_fp;
	sdt_linebuf lines;

	sdt_response resp;
	size_t n_items;
	const char **item_ids; /* the instrument's, cached for json_item() */
	int vmin, vmax;   /* the widest range of any item */
	int *imin, *imax; /* each item's own range (text items: empty) */
	int *values;
	char **texts;        /* per item: a text item's answer, or NULL */
	unsigned char *seen; /* item answered in this record (duplicate check) */

	/* Attributes of the current record; the format module fills the
	 * arrays after sdt_reader_attr_reserve(). */
	const char **attr_names;
	const char **attr_values;
	char (*attr_num)[SDT_READ_NUM_MAX];
	size_t attr_cap;

	const char *wave;
	int state; /* READ_*, below */
	int err;

	/* Survey exports: read only the header row, for sdt_map_suggest();
	 * the CSV or worksheet module then points `table` at its sdt_table. */
	int headers_only;
	struct sdt_table *table;

	/* Set by sdt_reader_open_range. */
	int has_range;
	sdt_read_range range;

	void *impl;
	int (*next_fn)(struct sdt_reader *r, const sdt_response **resp);
	void (*free_fn)(void *impl);
};

enum { SDT_READ_ACTIVE = 0, SDT_READ_END, SDT_READ_FAILED };

/* Keep the n bytes at s as text item `item`'s answer (control characters
 * out; nothing when empty). SDT_EDATA when not UTF-8 (the caller places
 * the message), SDT_ENOMEM. */
int sdt_reader_set_text(sdt_reader *r, size_t item, const char *s, size_t n);

/* Start a record: every value missing, no attributes, no counts. */
void sdt_reader_begin(sdt_reader *r, unsigned long line);
/* Make room for n attributes in the current record. */
int sdt_reader_attr_reserve(sdt_reader *r, size_t n);
/* A bad value: under SDT_INVALID_MISSING count it and return 1 (the caller
 * stores SDT_MISSING); else return 0 (the caller reports the error). */
int sdt_reader_bad_value(sdt_reader *r);
/* Whether a value v is in the widest range of any item. */
int sdt_reader_in_range(const sdt_reader *r, long v);
/* Whether v is in item `item`'s own range. */
int sdt_reader_item_in_range(const sdt_reader *r, size_t item, long v);
/* Open r->name (or standard input for "-") as r->fp. */
int sdt_reader_open_file(sdt_reader *r);

/* Next line from lb, without its LF: SDT_OK with *line == NULL at the end.
 * With stop_cr a piece ends after a CR or an LF and keeps it, since libcsv
 * needs the line ends and must see at most one record end per piece.
 * A leading UTF-8 BOM is dropped. */
int sdt_linebuf_next(sdt_linebuf *lb, const char *name, int stop_cr,
                     const char **line, size_t *len);

/* Up to the first SDT_READ_PEEK bytes of lb's input (less at the end),
 * without consuming them, to detect the CSV delimiter. */
#define SDT_READ_PEEK ((size_t)65536)
int sdt_linebuf_peek(sdt_linebuf *lb, const char *name, const char **s,
                     size_t *len);

/* sdt_reader_open for a byte range of a regular NDJSON or CSV file. */
int sdt_reader_open_range(sdt_reader **out, const sdt_instrument *ins,
                          const char *path, const sdt_read_options *opt,
                          const sdt_read_range *range);

/* Format module entry points: set r->impl, next_fn and free_fn. */
int sdt_read_json_open(sdt_reader *r);
int sdt_read_ndjson_open(sdt_reader *r);
int sdt_read_csv_open(sdt_reader *r);
int sdt_read_xlsx_open(sdt_reader *r);
/* sdt_reader_open for only the header row (r->headers_only). */
int sdt_reader_open_headers(sdt_reader **out, const sdt_instrument *ins,
                            const char *path, const sdt_read_options *opt);

/* Where a JSON response object sits, for messages. */
typedef struct sdt_jsonctx {
	const char *text;   /* the document (JSON) or the line (NDJSON) */
	size_t len;
	unsigned long line; /* line number of text[0] */
	sdt_jsonpath base;  /* path of the response object in text */
	int relative;       /* show paths relative to the object (NDJSON) */
	const char *id;     /* respondent id once known */
} sdt_jsonctx;

/* Fill r's record from one response object (shared by JSON and NDJSON). */
struct cJSON;
int sdt_read_json_response(sdt_reader *r, const struct cJSON *obj,
                           sdt_jsonctx *c);
/* The fast reading of a response object (json_fast.c): the scratch space
 * its strings live in until the next object. Zero-initialise; free with
 * sdt_jsonfast_free (which leaves it empty, and takes NULL). */
typedef struct sdt_jsonfast {
	char *buf;
	size_t len, cap;
	size_t *attr; /* offsets in buf of attribute names and values */
	size_t attr_cap;
} sdt_jsonfast;

/* Read the response object that starts text (after blanks) into r's
 * record, which the caller has begun (sdt_reader_begin): 1 and *used, the
 * bytes up to its closing brace, when it has a shape read here; 0 for
 * anything else, valid or not, which the caller then parses with cJSON
 * (sdt_read_json_response gives the same record, or the message). The
 * record's strings are valid until the next call. */
int sdt_jsonfast_read(sdt_reader *r, sdt_jsonfast *nf, const char *text,
                      size_t len, size_t *used);
void sdt_jsonfast_free(sdt_jsonfast *nf);

/* Report a syntax error (off = where cJSON stopped; ENOMEM when the text is
 * in fact well formed) or, with `trailing`, text after the value at off. */
int sdt_read_json_syntax(const sdt_reader *r, const char *text, size_t len,
                         unsigned long line, size_t off, int trailing);
/* Report a NUL byte at text[off]. */
int sdt_read_json_nul(const sdt_reader *r, const char *text,
                      unsigned long line, size_t off);

#endif
