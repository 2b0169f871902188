/*
 * read_xlsx.c - responses from the first worksheet of an Excel workbook
 * (.xlsx; Microsoft Forms offers no CSV), read with libzip and expat.
 *
 * The worksheet is streamed: expat is fed a chunk at a time and suspended
 * at the end of every row, so memory does not grow with rows. Shared
 * strings and styles are read whole first (they grow with distinct texts,
 * not with respondents). Cells become text and go through table.c like CSV
 * records; what cannot be read as text without guessing (formulas without
 * a cached value, dates, Excel errors) is refused in any column that is
 * used.
 */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "table.h"

#define XLSX_CHUNK 16384
#define XLSX_MAX_COLS 16384               /* Excel's own limit */
#define XLSX_MAX_TEXT ((size_t)1 << 20)   /* one cell's text */
#define XLSX_MAX_PART ((zip_uint64_t)256 << 20) /* a part read whole */

/* Why a cell's text cannot stand for its value. */
enum { BAD_NONE, BAD_FORMULA, BAD_DATE, BAD_ERROR };

typedef struct xlsx_state {
	const char *path; /* the workbook, for messages */
	zip_t *zip;
	zip_file_t *sheet;
	XML_Parser xp;
	char chunk[XLSX_CHUNK];
	int suspended, final_fed, err;
	/* shared strings: texts one after another, NUL-terminated */
	char *ss;
	size_t ss_len, ss_cap, *ss_off, n_ss;
	unsigned char *xf_date; /* per cell style: a date or time format */
	size_t n_xf;
	/* the row being collected: cell c's text at buf + off[c] */
	char *buf;
	size_t len, cap;
	size_t *off;
	unsigned char *bad;
	char **cells;
	char empty[1];
	size_t n_cols, cols_cap;
	unsigned long row, last_row;
	/* the cell being read */
	long col;
	int type, date, in_v, in_t, in_f, has_v, in_rph;
	char *text;
	size_t tlen, tcap;
	sdt_table table;
	sdt_table_flow flow;
} xlsx_state;

/* The local part of an XML name ("x:row" -> "row"). */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (!strcmp(local(atts[0]), name))
			return atts[1];
	return NULL;
}

/* Append to the current cell text; 0, or an SDT error code. */
static int text_add(xlsx_state *st, const char *s, size_t n)
{
	size_t cap;
	char *p;

	if (st->tlen + n + 1 > st->tcap) {
		if (st->tlen + n + 1 > XLSX_MAX_TEXT)
			return SDT_ELIMIT;
		for (cap = st->tcap ? st->tcap : 256; cap < st->tlen + n + 1; cap *= 2)
			;
		if (!(p = sdt_realloc(st->text, cap)))
			return SDT_ENOMEM;
		st->text = p;
		st->tcap = cap;
	}
	memcpy(st->text + st->tlen, s, n);
	st->tlen += n;
	st->text[st->tlen] = '\0';
	return 0;
}

/* s as it may appear in a message: the workbook's text (a cell reference,
 * a part name, a cell value) can hold anything, even control characters
 * through character references (&#10;), and an error message is one
 * printable line. Valid UTF-8 without control characters is kept as it
 * is, cut to the buffer at a character boundary; anything else shows only
 * its printable ASCII, the rest as '?'. */
static const char *shown(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s), i;
	int ok = sdt_utf8_check(s, n) == 0;
	unsigned char b;

	if (n >= size) {
		n = size - 1;
		while (ok && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	for (i = 0; i < n; i++) {
		b = (unsigned char)s[i];
		buf[i] = ok || (b >= 0x20 && b < 0x7f) ? s[i] : '?';
	}
	buf[n] = '\0';
	return buf;
}

static void stop(xlsx_state *st, int err)
{
	if (!st->err)
		st->err = err;
	XML_StopParser(st->xp, XML_FALSE);
}

/* ---- parts read whole: workbook, relationships, shared strings, styles */

typedef struct part_ctx {
	xlsx_state *st;
	int depth_si, in_xfs, in_t, in_rph;
	char *want_id;  /* workbook: the first sheet's r:id */
	char *target;   /* rels: that relationship's target */
	long *date_fmts;  /* styles: custom format ids that show dates */
	size_t n_date_fmts;
	int nomem;
	int too_big;      /* a shared string over XLSX_MAX_TEXT */
} part_ctx;

static int read_part(xlsx_state *st, const char *name, char **out,
                     size_t *len)
{
	zip_stat_t zs;
	zip_file_t *f;
	zip_int64_t got;

	*out = NULL;
	if (zip_stat(st->zip, name, 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE))
		return -1; /* absent */
	if (zs.size > XLSX_MAX_PART)
		return sdt_fail(SDT_ELIMIT, "%s: %s is larger than %d MiB", st->path,
		                name, (int)(XLSX_MAX_PART >> 20));
	if (!(*out = sdt_malloc((size_t)zs.size + 1)))
		return sdt_fail_nomem();
	f = zip_fopen(st->zip, name, 0);
	got = f ? zip_fread(f, *out, zs.size) : -1;
	if (f)
		zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != zs.size)
		return sdt_fail(SDT_EDATA, "%s: cannot read %s from the workbook",
		                st->path, name);
	*len = (size_t)got;
	(*out)[*len] = '\0';
	return 0;
}

/* Whether a number format code shows a date or time: d, m, y, h or s
 * outside quoted text, [colour] and escapes. */
static int code_is_date(const char *s)
{
	int q = 0;

	for (; *s; s++) {
		if (*s == '"')
			q = !q;
		else if (q)
			continue;
		else if (*s == '\\' && s[1])
			s++;
		else if (*s == '[' && strchr(s, ']'))
			s = strchr(s, ']');
		else if (strchr("dDmMyYhHsS", *s))
			return 1;
	}
	return 0;
}

static int builtin_date(long id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) ||
	       (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static int push(void **arr, size_t *n, size_t size)
{
	void *p;

	/* Grows one at a time from a power of two: amortised doubling. */
	if ((*n & (*n - 1)) == 0) {
		p = sdt_reallocarray(*arr, *n ? *n * 2 : 1, size);
		if (!p)
			return -1;
		*arr = p;
	}
	(*n)++;
	return 0;
}

static void XMLCALL styles_start(void *data, const char *name,
                                 const char **atts)
{
	part_ctx *c = data;
	xlsx_state *st = c->st;
	const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
	long fid = id ? strtol(id, NULL, 10) : 0;
	size_t k;
	int date;

	name = local(name);
	if (!strcmp(name, "cellXfs"))
		c->in_xfs = 1;
	if (!strcmp(name, "numFmt") && id && code && code_is_date(code)) {
		if (push((void **)&c->date_fmts, &c->n_date_fmts, sizeof (long)))
			c->nomem = 1;
		else
			c->date_fmts[c->n_date_fmts - 1] = fid;
	}
	if (strcmp(name, "xf") != 0 || !c->in_xfs)
		return;
	date = builtin_date(fid);
	for (k = 0; k < c->n_date_fmts; k++)
		date |= c->date_fmts[k] == fid;
	if (push((void **)&st->xf_date, &st->n_xf, 1))
		c->nomem = 1;
	else
		st->xf_date[st->n_xf - 1] = (unsigned char)date;
}

static void XMLCALL styles_end(void *data, const char *name)
{
	part_ctx *c = data;

	if (!strcmp(local(name), "cellXfs"))
		c->in_xfs = 0;
}

static void XMLCALL ss_start(void *data, const char *name, const char **atts)
{
	part_ctx *c = data;

	(void)atts;
	name = local(name);
	if (!strcmp(name, "si"))
		c->st->tlen = 0;
	c->in_t |= !strcmp(name, "t");
	c->in_rph |= !strcmp(name, "rPh");
}

static void XMLCALL ss_chars(void *data, const char *s, int n)
{
	part_ctx *c = data;
	int e;

	/* Phonetic runs (rPh) are reading aids, not the text. A string over
	 * the cell limit (entities make one from a few bytes) is a limit,
	 * not a lack of memory. */
	if (c->in_t && !c->in_rph && (e = text_add(c->st, s, (size_t)n)) != 0) {
		if (e == SDT_ELIMIT)
			c->too_big = 1;
		else
			c->nomem = 1;
	}
}

/* The shared strings, one after another in st->ss. */
static int ss_keep(part_ctx *c)
{
	xlsx_state *st = c->st;
	size_t cap;
	char *p;

	if (st->ss_len + st->tlen + 1 > st->ss_cap) {
		for (cap = st->ss_cap ? st->ss_cap : 4096;
		     cap < st->ss_len + st->tlen + 1; cap *= 2)
			;
		if (!(p = sdt_realloc(st->ss, cap)))
			return -1;
		st->ss = p;
		st->ss_cap = cap;
	}
	memcpy(st->ss + st->ss_len, st->text ? st->text : "", st->tlen);
	st->ss[st->ss_len + st->tlen] = '\0';
	if (push((void **)&st->ss_off, &st->n_ss, sizeof *st->ss_off))
		return -1;
	st->ss_off[st->n_ss - 1] = st->ss_len;
	st->ss_len += st->tlen + 1;
	st->tlen = 0;
	return 0;
}

static void XMLCALL ss_end(void *data, const char *name)
{
	part_ctx *c = data;

	name = local(name);
	if (!strcmp(name, "t"))
		c->in_t = 0;
	else if (!strcmp(name, "rPh"))
		c->in_rph = 0;
	else if (!strcmp(name, "si") && ss_keep(c))
		c->nomem = 1;
}

static void XMLCALL wb_start(void *data, const char *name, const char **atts)
{
	part_ctx *c = data;
	const char *v;

	name = local(name);
	if (!strcmp(name, "sheet") && !c->want_id && (v = attr(atts, "id")))
		c->nomem |= !(c->want_id = sdt_strdup(v));
	if (!strcmp(name, "Relationship") && c->want_id && !c->target &&
	    (v = attr(atts, "Id")) && !strcmp(v, c->want_id) &&
	    (v = attr(atts, "Target")))
		c->nomem |= !(c->target = sdt_strdup(v));
}

/* Parse a part read whole with the given handlers; -1 when it is absent. */
static int parse_part(xlsx_state *st, const char *name, part_ctx *c,
                      XML_StartElementHandler start, XML_EndElementHandler end,
                      XML_CharacterDataHandler chars)
{
	XML_Parser xp = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = read_part(st, name, &text, &len);

	if (rc != 0)
		goto done;
	if (!(xp = XML_ParserCreate(NULL))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	XML_SetUserData(xp, c);
	XML_SetElementHandler(xp, start, end);
	XML_SetCharacterDataHandler(xp, chars);
	if (XML_Parse(xp, text, (int)len, XML_TRUE) != XML_STATUS_OK &&
	    !c->nomem && !c->too_big)
		rc = sdt_fail(SDT_EDATA, "%s: %s in the workbook is not valid XML "
		              "(line %lu: %s)", st->path, name,
		              (unsigned long)XML_GetCurrentLineNumber(xp),
		              XML_ErrorString(XML_GetErrorCode(xp)));
	if (c->too_big)
		rc = sdt_fail(SDT_ELIMIT, "%s: %s in the workbook holds a text larger "
		              "than %d MiB", st->path, name, (int)(XLSX_MAX_TEXT >> 20));
	if (c->nomem)
		rc = sdt_fail_nomem();
done:
	if (xp)
		XML_ParserFree(xp);
	sdt_free(text);
	return rc;
}

/* ---- the worksheet, streamed ---- */

enum { CT_NUM, CT_SHARED, CT_INLINE, CT_STR, CT_BOOL, CT_ERR, CT_DATE };

/* Column index (from 0) of a reference such as "AB12"; -1 beyond
 * XLSX_MAX_COLS, -2 without column letters (so that is not reported as
 * a column too far). */
static long ref_col(const char *ref)
{
	long c = 0;

	for (; *ref >= 'A' && *ref <= 'Z'; ref++)
		if ((c = c * 26 + (*ref - 'A' + 1)) > XLSX_MAX_COLS)
			return -1;
	return c ? c - 1 : -2;
}

static int cell_type(const char *t)
{
	static const char *const names[] = {"n", "s", "inlineStr", "str", "b",
	                                    "e", "d", NULL};
	int k;

	for (k = 0; t && names[k]; k++)
		if (!strcmp(t, names[k]))
			return k;
	return CT_NUM;
}

static void cell_start(xlsx_state *st, const char **atts)
{
	const char *ref = attr(atts, "r"), *sty = attr(atts, "s");
	unsigned long xf = sty ? strtoul(sty, NULL, 10) : 0;
	char buf[48];

	st->col = ref ? ref_col(ref) : (long)st->n_cols;
	st->type = cell_type(attr(atts, "t"));
	st->date = st->type == CT_NUM && xf < st->n_xf && st->xf_date[xf];
	st->has_v = st->in_f = 0;
	st->tlen = 0;
	if (st->col == -1)
		stop(st, sdt_fail(SDT_ELIMIT, "%s:%lu: cell '%s' is beyond column %d "
		                  "(row %lu)", st->path, st->row,
		                  shown(ref, buf, sizeof buf), XLSX_MAX_COLS, st->row));
	else if (st->col < 0)
		stop(st, sdt_fail(SDT_EDATA, "%s:%lu: cell reference '%s' does not "
		                  "start with a column (A to XFD) (row %lu)", st->path,
		                  st->row, shown(ref, buf, sizeof buf), st->row));
}

static void XMLCALL sheet_start(void *data, const char *name,
                                const char **atts)
{
	xlsx_state *st = data;
	const char *v;

	name = local(name);
	if (!strcmp(name, "row")) {
		v = attr(atts, "r");
		st->row = v ? strtoul(v, NULL, 10) : st->last_row + 1;
		st->n_cols = 0;
		st->len = 0;
	} else if (!strcmp(name, "c")) {
		cell_start(st, atts);
	} else if (!strcmp(name, "v")) {
		st->in_v = 1;
		st->tlen = 0;
	} else if (!strcmp(name, "t")) {
		st->in_t = 1;
	} else if (!strcmp(name, "rPh")) {
		st->in_rph = 1;
	} else if (!strcmp(name, "f")) {
		st->in_f = 1;
	}
}

static void XMLCALL sheet_chars(void *data, const char *s, int n)
{
	xlsx_state *st = data;
	int e;

	if ((st->in_v || (st->in_t && !st->in_rph)) &&
	    (e = text_add(st, s, (size_t)n)) != 0)
		stop(st, e == SDT_ENOMEM ? sdt_fail_nomem()
		     : sdt_fail(SDT_ELIMIT, "%s:%lu: a cell is too large (row %lu)",
		                st->path, st->row, st->row));
}

/* Make room for column c in the row arrays. */
static int row_room(xlsx_state *st, size_t c)
{
	size_t cap = st->cols_cap ? st->cols_cap : 64, k;
	void *p;

	while (cap <= c)
		cap *= 2;
	if (cap != st->cols_cap || !st->off) {
		if (!(p = sdt_reallocarray(st->off, cap, sizeof *st->off)))
			return -1;
		st->off = p;
		if (!(p = sdt_reallocarray(st->bad, cap, 1)))
			return -1;
		st->bad = p;
		if (!(p = sdt_reallocarray(st->cells, cap, sizeof *st->cells)))
			return -1;
		st->cells = p;
		st->cols_cap = cap;
	}
	for (k = st->n_cols; k <= c; k++) {
		st->off[k] = (size_t)-1;
		st->bad[k] = BAD_NONE;
	}
	if (c >= st->n_cols)
		st->n_cols = c + 1;
	return 0;
}

/* What the finished cell reads as; NULL after stop(). */
static const char *cell_text(xlsx_state *st, unsigned char *bad)
{
	const char *t = st->text && st->tlen ? st->text : "";
	char *end, buf[24];
	unsigned long k;

	*bad = BAD_NONE;
	/* An empty cached value is only an answer for a text formula. */
	if (st->in_f && (!st->has_v || (st->tlen == 0 && st->type != CT_STR)))
		*bad = BAD_FORMULA;
	else if (st->type == CT_ERR)
		*bad = BAD_ERROR;
	else if (st->type == CT_DATE || (st->date && st->has_v))
		*bad = BAD_DATE;
	if (*bad || st->type != CT_SHARED)
		return st->type == CT_BOOL ? (t[0] == '1' ? "TRUE" : "FALSE") : t;
	k = strtoul(t, &end, 10);
	if (end == t || *end || k >= st->n_ss) {
		stop(st, sdt_fail(SDT_EDATA, "%s:%lu: a cell names shared string "
		                  "'%s', which the workbook lacks (row %lu)", st->path,
		                  st->row, shown(t, buf, sizeof buf), st->row));
		return NULL;
	}
	return st->ss + st->ss_off[k];
}

static void cell_end(xlsx_state *st)
{
	unsigned char bad;
	const char *t = cell_text(st, &bad);
	size_t n, cap;
	char *p;

	if (!t)
		return;
	n = strlen(t);
	if (row_room(st, (size_t)st->col) != 0)
		goto nomem;
	if (st->len + n + 1 > st->cap) {
		for (cap = st->cap ? st->cap : 1024; cap < st->len + n + 1; cap *= 2)
			;
		if (!(p = sdt_realloc(st->buf, cap)))
			goto nomem;
		st->buf = p;
		st->cap = cap;
	}
	memcpy(st->buf + st->len, t, n + 1);
	st->off[st->col] = st->len;
	st->bad[st->col] = bad;
	st->len += n + 1;
	return;
nomem:
	stop(st, sdt_fail_nomem());
}

static void XMLCALL sheet_end(void *data, const char *name)
{
	xlsx_state *st = data;

	/* Expat still calls the end handler of an empty element after its
	 * start handler stopped the parser: <c r="XFE1"/> would otherwise
	 * store a cell at column (size_t)-1, and row_room() never ended. */
	if (st->err)
		return;
	name = local(name);
	if (!strcmp(name, "v")) {
		st->in_v = 0;
		st->has_v = 1;
	} else if (!strcmp(name, "t")) {
		st->in_t = 0;
	} else if (!strcmp(name, "rPh")) {
		st->in_rph = 0;
	} else if (!strcmp(name, "c")) {
		cell_end(st);
	} else if (!strcmp(name, "row") && !st->err) {
		/* One row at a time: the reader resumes for the next. */
		st->flow.row_ready = 1;
		XML_StopParser(st->xp, XML_TRUE);
	}
}

/* A used cell whose text would not be its value. */
static int xlsx_refuse(const sdt_reader *r, xlsx_state *st)
{
	/* One literal a line: clang takes literals joined inside an array
	 * initialiser for a missing comma (-Wstring-concatenation). */
	static const char formula[] =
		"a formula without a cached value (open and save the workbook in Excel, or paste values)";
	static const char *const why[] = {"", formula, "a date, not an answer",
	                                  "an Excel error value"};
	size_t c;

	for (c = 0; c < st->n_cols; c++)
		if (st->bad[c] && sdt_table_col_used(&st->table, c))
			return sdt_table_fail(r, &st->table, c, "the cell is %s",
			                      why[st->bad[c]]);
	return SDT_OK;
}

/* Hand the finished row to the table. */
static int xlsx_take(sdt_reader *r, const sdt_response **resp)
{
	xlsx_state *st = r->impl;
	size_t c, need = st->n_cols > st->table.n_cols ? st->n_cols : st->table.n_cols;
	int rc;

	st->flow.row_ready = 0;
	if (st->table.have_header && st->row > st->last_row + 1 &&
	    (rc = sdt_table_row(r, &st->table, st->last_row + 1, st->cells, 0,
	                        resp)) != SDT_OK)
		return rc; /* a missing row is a blank one */
	st->last_row = st->row;
	if (need && row_room(st, need - 1) != 0)
		return sdt_fail_nomem();
	for (c = 0; c < st->n_cols; c++)
		st->cells[c] = st->off[c] == (size_t)-1 ? st->empty : st->buf + st->off[c];
	st->table.row = st->row;
	st->table.line = st->row;
	r->resp.id = NULL;
	if ((rc = xlsx_refuse(r, st)) != SDT_OK)
		return rc;
	return sdt_table_row(r, &st->table, st->row, st->cells, st->n_cols, resp);
}

/* Parse on: resume after a row, or feed the next chunk. */
static int xlsx_pump(sdt_reader *r)
{
	xlsx_state *st = r->impl;
	enum XML_Status s;
	zip_int64_t n = 0;

	if (st->suspended) {
		s = XML_ResumeParser(st->xp);
	} else {
		n = zip_fread(st->sheet, st->chunk, sizeof st->chunk);
		if (n < 0)
			return sdt_fail(SDT_EDATA, "%s: the worksheet cannot be read from "
			                "the workbook (damaged?)", r->name);
		st->final_fed = n == 0;
		s = XML_Parse(st->xp, st->chunk, (int)n, n == 0);
	}
	if (s == XML_STATUS_ERROR && st->err)
		return st->err;
	if (s == XML_STATUS_ERROR)
		return sdt_fail(SDT_EDATA, "%s: the worksheet is not valid XML (line "
		                "%lu: %s)", r->name,
		                (unsigned long)XML_GetCurrentLineNumber(st->xp),
		                XML_ErrorString(XML_GetErrorCode(st->xp)));
	st->suspended = s == XML_STATUS_SUSPENDED;
	if (!st->suspended && st->final_fed)
		st->flow.ended = 1;
	return SDT_OK;
}

static int xlsx_next(sdt_reader *r, const sdt_response **resp)
{
	xlsx_state *st = r->impl;

	return sdt_table_next(r, &st->table, &st->flow, xlsx_take, xlsx_pump, resp);
}

static void xlsx_free(void *impl)
{
	xlsx_state *st = impl;

	if (st->xp)
		XML_ParserFree(st->xp);
	if (st->sheet)
		zip_fclose(st->sheet);
	if (st->zip)
		zip_discard(st->zip);
	sdt_table_free(&st->table);
	sdt_free(st->ss);
	sdt_free(st->ss_off);
	sdt_free(st->xf_date);
	sdt_free(st->buf);
	sdt_free(st->off);
	sdt_free(st->bad);
	sdt_free(st->cells);
	sdt_free(st->text);
	sdt_free(st);
}

/* The first worksheet's part name, from the workbook and its relations. */
static int sheet_name(xlsx_state *st, char *out, size_t n)
{
	part_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.st = st;
	snprintf(out, n, "xl/worksheets/sheet1.xml");
	rc = parse_part(st, "xl/workbook.xml", &c, wb_start, NULL, NULL);
	if (rc == SDT_OK && c.want_id)
		rc = parse_part(st, "xl/_rels/workbook.xml.rels", &c, wb_start, NULL,
		                NULL);
	if (rc <= 0 && c.target)
		snprintf(out, n, c.target[0] == '/' ? "%s" : "xl/%s",
		         c.target + (c.target[0] == '/'));
	sdt_free(c.want_id);
	sdt_free(c.target);
	return rc > 0 ? rc : SDT_OK;
}

static int read_tables(xlsx_state *st)
{
	part_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.st = st;
	rc = parse_part(st, "xl/sharedStrings.xml", &c, ss_start, ss_end, ss_chars);
	if (rc <= 0) {
		memset(&c, 0, sizeof c);
		c.st = st;
		rc = parse_part(st, "xl/styles.xml", &c, styles_start, styles_end, NULL);
		sdt_free(c.date_fmts);
	}
	return rc > 0 ? rc : SDT_OK;
}

static int xlsx_zip(sdt_reader *r, xlsx_state *st)
{
	int ze = 0;

	if (!strcmp(r->name, "-"))
		return sdt_fail(SDT_EUSAGE, "-: an .xlsx workbook cannot be read from "
		                "standard input; give its file name");
	st->zip = zip_open(r->name, ZIP_RDONLY, &ze);
	if (st->zip)
		return SDT_OK;
	if (ze == ZIP_ER_MEMORY)
		return sdt_fail_nomem();
	if (ze == ZIP_ER_NOENT || ze == ZIP_ER_OPEN || ze == ZIP_ER_READ)
		return sdt_fail(SDT_EIO, "%s: cannot open", r->name);
	return sdt_fail(SDT_EDATA, "%s: not an Excel .xlsx workbook (not a ZIP "
	                "archive); save it as .xlsx, or export CSV", r->name);
}

int sdt_read_xlsx_open(sdt_reader *r)
{
	xlsx_state *st = sdt_calloc(1, sizeof *st);
	char sheet[512], buf[128];
	int rc;

	if (!st)
		return sdt_fail_nomem();
	r->impl = st;
	r->free_fn = xlsx_free;
	r->next_fn = xlsx_next;
	r->table = &st->table;
	st->path = r->name;
	if ((rc = sdt_table_init(&st->table, r, "worksheet")) != SDT_OK)
		return rc;
	st->table.pad = 1;
	if ((rc = xlsx_zip(r, st)) != SDT_OK || (rc = sheet_name(st, sheet, sizeof sheet)) != SDT_OK ||
	    (rc = read_tables(st)) != SDT_OK)
		return rc;
	if (!(st->sheet = zip_fopen(st->zip, sheet, 0)))
		return sdt_fail(SDT_EDATA, "%s: the workbook has no worksheet '%s'",
		                r->name, shown(sheet, buf, sizeof buf));
	if (!(st->xp = XML_ParserCreate(NULL)))
		return sdt_fail_nomem();
	XML_SetUserData(st->xp, st);
	XML_SetElementHandler(st->xp, sheet_start, sheet_end);
	XML_SetCharacterDataHandler(st->xp, sheet_chars);
	return SDT_OK;
}
