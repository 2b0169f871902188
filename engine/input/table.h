/*
 * table.h - rows of text cells (CSV records, worksheet rows) into
 * responses: the header, a column map or layout, answer labels, Excel's
 * stray spaces and "4,0" numbers, blank rows at the end. Shared by
 * read_csv.c and read_xlsx.c; not public API.
 */
#ifndef SDT_TABLE_H
#define SDT_TABLE_H

#include "reader_impl.h"

/* What a column holds; the order is sdt_column_role's. */
enum { TCOL_NONE, TCOL_ATTR, TCOL_ID, TCOL_TEAM, TCOL_ITEM, TCOL_DURATION };

typedef struct tcol {
	int kind;     /* TCOL_*, in table.c */
	size_t index; /* item, attribute or team part */
} tcol;

typedef struct tlabel {
	char *norm;
	int value; /* SDT_MISSING: the label means no answer; INT_MAX: ambiguous */
} tlabel;

typedef struct sdt_table {
	const char *what;     /* "CSV" or "worksheet", for messages */
	int pad;              /* short rows are padded with empty cells (xlsx) */
	int exports;          /* a map or layout: trim cells, unmapped columns ok */
	unsigned long row;    /* the row being handled, from 1 */
	unsigned long line;   /* the physical line it starts on (CSV; set by
	                         the caller before each row), else the row */
	size_t n_extra;       /* cells of the row past the header's, not kept */
	unsigned long blank;  /* first blank row not yet followed by data, or 0 */
	int have_header;
	char *names;          /* header cells, kept */
	const char **col_name;
	tcol *cols;
	size_t n_cols, n_attr, id_col, n_team;
	char *team;           /* joined team parts of the record */
	size_t team_cap;
	const char **team_part;
	tlabel *labels;
	size_t n_labels, n_fixed; /* the first n_fixed are the map's */
	char *norm;           /* scratch for label lookups */
	size_t norm_cap;
	int line_delim;       /* the delimiter line_cls is for, or 0 */
	unsigned char line_cls[256]; /* bytes as sdt_table_line sees them */
} sdt_table;

/* Set up for reader r (its options give the map and layout). */
int sdt_table_init(sdt_table *t, sdt_reader *r, const char *what);
void sdt_table_free(sdt_table *t);

/* Handle row `row` of n cells (NUL-terminated, may be trimmed in place).
 * *resp is set to the record when the row is a response, else NULL (the
 * header, a skipped or a blank row). */
int sdt_table_row(sdt_reader *r, sdt_table *t, unsigned long row,
                  char **cells, size_t n, const sdt_response **resp);

/* The usual CSV record of a plain file (no map, no layout) after the
 * header, read straight from its text, without splitting it into cells:
 * s[0..n) is the line without its line end and with no NUL byte, s[n] the
 * delimiter `delim`. SDT_OK with *resp set when done; 1, with s as it was,
 * for anything unusual (a quote, spaces to trim, an answer other than one
 * digit in range, a bad cell, the wrong number of cells): that row takes
 * the general way (its cells to sdt_table_row), which also gives its
 * errors. */
int sdt_table_line(sdt_reader *r, sdt_table *t, unsigned long row, char *s,
                   size_t n, unsigned char delim, const sdt_response **resp);

/* Whether column c of the header is read (mapped to something). */
int sdt_table_col_used(const sdt_table *t, size_t c);

/* After the last row: an error when no header was seen. */
int sdt_table_end(sdt_reader *r, sdt_table *t);

/* Where a reader fed in pieces (CSV, worksheet) stands; in its state,
 * beside its table. */
typedef struct sdt_table_flow {
	int row_ready; /* a complete row waits to be taken */
	int ended;     /* the input has ended */
} sdt_table_flow;

/* The next response of such a reader, whose state r->impl holds the
 * table t and its flow f: take(r, resp) hands a complete row to the
 * table, *resp set when it is a response; feed(r) reads on until a row is
 * complete or the input ends. Rows that are no response (the header,
 * blank or skipped rows) are passed over, and with r->headers_only
 * reading stops after the header. *resp NULL at the end. */
int sdt_table_next(sdt_reader *r, sdt_table *t, const sdt_table_flow *f,
                   int (*take)(sdt_reader *r, const sdt_response **resp),
                   int (*feed)(sdt_reader *r), const sdt_response **resp);

/* A positioned error for the row being handled, the place as compilers
 * write it: "file:LINE: what (row N, column 'h', respondent id)"; col
 * (size_t)-1 leaves the column out. */
int sdt_table_fail(const sdt_reader *r, const sdt_table *t, size_t col,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* table_roles.c: after the header's columns are assigned, an error for
 * an undeclared column that looks like the id, the team or an item that
 * has no column (sdt_table_misnamed), and for a scale item without a
 * column (sdt_table_missing_items); sdt_table_roles_check does both. */
int sdt_table_misnamed(const sdt_reader *r, const sdt_table *t);
int sdt_table_missing_items(const sdt_reader *r, const sdt_table *t);
int sdt_table_roles_check(const sdt_reader *r, const sdt_table *t);
/* The header's columns and roles, copied (sdt_columns_read). */
int sdt_table_columns(const sdt_table *t, sdt_columns **out);

#endif
