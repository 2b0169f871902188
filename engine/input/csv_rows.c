/*
 * csv_rows.c - small CSV files of the CLI's own (headcounts, renames,
 * batch manifests) read the way response CSVs are: libcsv, the delimiter
 * told from the first record (Finnish Excel's ';' too), UTF-8 with or
 * without a BOM or UTF-16 by its BOM, and places as physical lines. The
 * file is read whole: these files are a row per team or organisation.
 */
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "encoding.h"
#include "reader_impl.h"
#include "sdt_csv.h"

struct sdt_csv {
	char *text;          /* the whole file, as UTF-8 */
	size_t len, pos;
	const char *name;
	unsigned long phys;  /* line ends passed */
	int pending_cr;
	struct csv_parser p;
	int p_ok, done;
	/* the record being assembled, and the one handed out */
	char **cells;
	size_t n, cap;
	unsigned long rec_start, line;
	int ready, nomem;
	int at_start;        /* libcsv is between records */
};

static int slurp(sdt_csv *c, const char *path)
{
	FILE *fp = fopen(path, "rb");
	sdt_decoder *dec = NULL;
	size_t got = 0, cap = 0;
	char *p;
	int rc;

	if (!fp)
		return sdt_fail(SDT_EIO, "%s: cannot open: %s", path, strerror(errno));
	rc = sdt_decoder_open(&dec, fp, NULL, path);
	while (rc == SDT_OK) {
		if (cap - c->len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if (!(p = sdt_realloc(c->text, cap + 1))) {
				rc = sdt_fail_nomem();
				break;
			}
			c->text = p;
		}
		if (dec)
			rc = sdt_decoder_read(dec, c->text + c->len, cap - c->len, &got);
		else if (!(got = fread(c->text + c->len, 1, cap - c->len, fp)) && ferror(fp))
			rc = sdt_fail(SDT_EIO, "%s: read failed: %s", path, strerror(errno));
		if (rc != SDT_OK || got == 0)
			break;
		c->len += got;
	}
	sdt_decoder_free(dec);
	fclose(fp);
	if (rc == SDT_OK && c->text)
		c->text[c->len] = '\0';
	return rc;
}

static void on_field(void *s, size_t n, void *data)
{
	sdt_csv *c = data;
	char **p;

	if (c->nomem)
		return;
	if (c->n == c->cap) {
		if (!(p = sdt_reallocarray(c->cells, c->cap ? c->cap * 2 : 16, sizeof *p))) {
			c->nomem = 1;
			return;
		}
		c->cells = p;
		c->cap = c->cap ? c->cap * 2 : 16;
	}
	if (!(c->cells[c->n] = sdt_strndup(s ? s : "", n)))
		c->nomem = 1;
	else
		c->n++;
}

static void on_record(int term, void *data)
{
	sdt_csv *c = data;

	(void)term;
	c->ready = 1;
	c->line = c->rec_start;
}

int sdt_csv_open(sdt_csv **out, const char *path)
{
	sdt_csv *c = sdt_calloc(1, sizeof *c);
	size_t bom;
	int rc;

	*out = c;
	if (!c)
		return sdt_fail_nomem();
	c->name = path;
	c->at_start = 1;
	if ((rc = slurp(c, path)) != SDT_OK)
		return rc;
	bom = c->len >= 3 && memcmp(c->text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	c->pos = bom;
	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return sdt_fail_nomem();
	c->p_ok = 1;
	csv_set_realloc_func(&c->p, sdt_realloc);
	csv_set_free_func(&c->p, sdt_free);
	csv_set_delim(&c->p, sdt_csv_detect(c->text ? c->text + bom : "", c->len - bom));
	return SDT_OK;
}

static void drop_cells(sdt_csv *c)
{
	size_t k;

	for (k = 0; k < c->n; k++)
		sdt_free(c->cells[k]);
	c->n = 0;
}

static int blank(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (!strchr(" \t\r\n", s[k]))
			return 0;
	return 1;
}

/* Feed the next line (up to and with its line end) to libcsv. */
static int feed(sdt_csv *c)
{
	const char *s = c->text + c->pos;
	size_t n = 0;
	unsigned long start_line = c->phys + 1;

	while (c->pos + n < c->len && s[n] != '\n' && s[n] != '\r')
		n++;
	if (c->pos + n < c->len)
		n++;
	if (c->pending_cr && n == 1 && s[0] == '\n')
		start_line = c->phys + 1; /* the LF of a CRLF */
	else if (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		c->phys++;
	c->pending_cr = n && s[n - 1] == '\r';
	if (c->at_start)
		c->rec_start = start_line;
	c->pos += n;
	if (memchr(s, '\0', n))
		return sdt_fail(SDT_EDATA, "%s:%lu: a NUL byte in the data", c->name, start_line);
	if (csv_parse(&c->p, s, n, on_field, on_record, c) != n || c->nomem)
		return c->nomem || csv_error(&c->p) == CSV_ENOMEM ? sdt_fail_nomem()
		       : sdt_fail(SDT_EDATA, "%s:%lu: malformed CSV: a quote inside an "
		                  "unquoted cell, or text after a closing quote",
		                  c->name, c->rec_start);
	/* A piece ends at its line end: a record begun in it and not ended
	 * goes on in a quoted cell; a blank line begins none. */
	c->at_start = c->ready || blank(s, n);
	return SDT_OK;
}

int sdt_csv_next(sdt_csv *c, const char *const **cells, size_t *n,
                 unsigned long *line)
{
	size_t k;
	int rc;

	*cells = NULL;
	*n = 0;
	if (c->ready) {
		drop_cells(c);
		c->ready = 0;
	}
	while (!c->ready && !c->done) {
		if (c->pos < c->len) {
			if ((rc = feed(c)) != SDT_OK)
				return rc;
			continue;
		}
		c->done = 1;
		if (csv_fini(&c->p, on_field, on_record, c) != 0 || c->nomem)
			return c->nomem ? sdt_fail_nomem()
			       : sdt_fail(SDT_EDATA, "%s:%lu: the file ends inside a quoted "
			                  "cell", c->name, c->rec_start);
	}
	if (!c->ready)
		return SDT_OK;
	for (k = 0; k < c->n; k++)
		if (sdt_utf8_check(c->cells[k], strlen(c->cells[k])) != 0)
			return sdt_fail(SDT_EDATA, "%s:%lu: the cell is not valid UTF-8 or "
			                "holds a control character (column %zu)", c->name,
			                c->line, k + 1);
	*cells = (const char *const *)c->cells;
	*n = c->n;
	*line = c->line;
	return SDT_OK;
}

void sdt_csv_free(sdt_csv *c)
{
	if (!c)
		return;
	drop_cells(c);
	sdt_free(c->cells);
	if (c->p_ok)
		csv_free(&c->p);
	sdt_free(c->text);
	sdt_free(c);
}
