/*
 * sdt_reader.h - turning response files into sdt_response records.
 *
 * A reader yields one response at a time. JSON documents are parsed whole;
 * NDJSON and CSV are streamed, so memory does not grow with the number of
 * respondents. Readers never score and never decide duplicates: that is the
 * caller's job (see sdt_idset.h).
 */
#ifndef SDT_READER_H
#define SDT_READER_H

#include "sdt_api.h"

#include <limits.h>
#include <stddef.h>

#include "sdt_instrument.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An answer that is absent, null or empty. */
#define SDT_MISSING INT_MIN

typedef enum sdt_format {
	SDT_FORMAT_AUTO = 0, /* from the file extension */
	SDT_FORMAT_JSON,
	SDT_FORMAT_NDJSON,
	SDT_FORMAT_CSV,
	SDT_FORMAT_XLSX /* the first worksheet of an Excel workbook */
} sdt_format;

typedef enum sdt_invalid_policy {
	SDT_INVALID_ERROR = 0, /* a bad value stops the run with an error */
	SDT_INVALID_MISSING    /* a bad value is treated as missing, and counted */
} sdt_invalid_policy;

struct sdt_map;

typedef struct sdt_read_options {
	unsigned int version; /* SDT_READ_OPTIONS_VERSION (SDT_READ_OPTIONS_INIT sets it) */
	sdt_format format;
	sdt_invalid_policy invalid;
	int ignore_unknown; /* nonzero: unknown item ids are skipped, not errors */
	/* Survey exports (CSV and XLSX; see sdt_map.h). Zero keeps the plain
	 * "id,team,<attributes>,<item ids>" header. */
	const struct sdt_map *map; /* column map, or NULL */
	int layout;                /* an sdt_layout; with no map, items are
	                              matched to headers as sdt_map_suggest does */
	int layout_given;          /* nonzero: so is the generic layout (0),
	                              which otherwise means plain headers */
	int delimiter;             /* CSV: 0 detects ',', ';' or tab */
	const char *encoding;      /* NULL: UTF-8, or UTF-16 by its BOM; else an
	                              iconv name such as "windows-1252" */
	/* Column roles (CSV, xlsx). With attributes declared (non-NULL, even
	 * empty), the columns named there are attributes and every other
	 * column that is not the id, the team or an item is ignored; NULL:
	 * every such column is an attribute. Either way a column not declared
	 * that looks like the id, the team or an item without a column is an
	 * error (kinds "column_like_id", "column_like_team",
	 * "column_like_item"), and so is a scale with an item that has no
	 * column ("missing_items") when require_items is set (the CLI's
	 * default, off with --allow-missing-items). */
	const char *const *attributes;
	size_t n_attributes;
	int require_items;
	/* The header's row (from 1) and rows after it to skip, counted as a
	 * map counts them; they win over the map's and the layout's. 0 and
	 * none: the map's or the layout's. */
	unsigned long header_row;
	const unsigned long *skip_rows;
	size_t n_skip_rows;
} sdt_read_options;

#define SDT_READ_OPTIONS_VERSION 1
/* The defaults: the format from the file name, bad values and unknown
 * items are errors, plain headers, every other column an attribute. */
#define SDT_READ_OPTIONS_INIT {SDT_READ_OPTIONS_VERSION, SDT_FORMAT_AUTO, SDT_INVALID_ERROR, 0, \
	NULL, 0, 0, 0, NULL, NULL, 0, 0, 0, NULL, 0}

/* What each column of a CSV or worksheet header holds. */
typedef enum sdt_column_role {
	SDT_COLUMN_IGNORED = 0,
	SDT_COLUMN_ATTRIBUTE,
	SDT_COLUMN_ID,
	SDT_COLUMN_TEAM,
	SDT_COLUMN_ITEM,
	SDT_COLUMN_DURATION /* the map's "duration": read, never published */
} sdt_column_role;

typedef struct sdt_columns {
	size_t n;
	const char **names;    /* header text of each column */
	sdt_column_role *roles;
} sdt_columns;

/* Read only the header of the CSV or .xlsx file at `path` and give each
 * column's role, as a run with `opt` would read it (with its errors).
 * Caller frees *out with sdt_columns_free(). SDT_EUSAGE for other formats
 * and for standard input. */
SDT_API int sdt_columns_read(sdt_columns **out, const sdt_instrument *ins,
                             const char *path, const sdt_read_options *opt);
SDT_API void sdt_columns_free(sdt_columns *c);
/* "ignored", "attribute", "id", "team", "item", "duration". */
SDT_API const char *sdt_column_role_name(sdt_column_role role);

/* One response, valid until the next sdt_reader_next() or _free() call.
 * All strings are NUL-terminated and owned by the reader. */
typedef struct sdt_response {
	const char *id;
	const char *team;     /* full path "Org/Dept/Team", or NULL when none */
	const char *file;     /* the file it came from, for messages */
	unsigned long line;   /* the physical line on which the record starts
	                         (JSON, NDJSON, CSV) or the worksheet row, from 1 */
	unsigned long row;    /* CSV record or worksheet row number; 0 for JSON */
	size_t n_attributes;
	const char *const *attr_names;
	const char *const *attr_values; /* NULL value = absent */
	/* One entry per instrument item, in instrument order: the raw answer
	 * (before reverse keying), or SDT_MISSING. */
	const int *values;
	size_t n_invalid;   /* bad values turned missing under SDT_INVALID_MISSING */
	size_t n_unknown;   /* unknown item ids skipped under ignore_unknown */
	/* Seconds the respondent took, from the map's "duration" column (CSV
	 * and xlsx; a number, "." or "," as the decimal mark); NAN when there
	 * is no such column, the cell is empty or it is not a number of
	 * seconds (duration_bad is then 1 for a non-empty cell). */
	double duration;
	int duration_bad;
	/* One entry per instrument item: a text item's answer (UTF-8, control
	 * characters taken out, never empty), or NULL. Valid until the next
	 * record. */
	const char *const *texts;
} sdt_response;

typedef struct sdt_reader sdt_reader;

/* Open `path` for reading responses to `ins` ("-" reads standard input and
 * then needs an explicit format). `opt` may be NULL for defaults. The
 * reader keeps a pointer to `ins`, which must outlive it.
 * On success the caller frees *out with sdt_reader_free(). */
SDT_API int sdt_reader_open(sdt_reader **out, const sdt_instrument *ins,
                    const char *path, const sdt_read_options *opt);

/* Read the next response into *resp. Returns SDT_OK with *resp set, SDT_OK
 * with *resp == NULL at the end of the input, or an error (SDT_EDATA with a
 * message naming file, line:column or CSV row, JSON path or column, and the
 * respondent id where known). After an error the reader must only be freed. */
SDT_API int sdt_reader_next(sdt_reader *r, const sdt_response **resp);

/* The wave name from a JSON document's "wave" field, or NULL. */
SDT_API const char *sdt_reader_wave(const sdt_reader *r);

/* Free a reader and close its file; NULL is a no-op. */
SDT_API void sdt_reader_free(sdt_reader *r);

/* Format implied by a file name's extension (.json, .ndjson, .jsonl, .csv,
 * .tsv as CSV, .xlsx), or SDT_FORMAT_AUTO when unknown. */
SDT_API sdt_format sdt_format_from_path(const char *path);

/* The name of a format: "json", "ndjson", "csv", "xlsx" or "auto". */
SDT_API const char *sdt_format_name(sdt_format f);

/* The format named `name` (as sdt_format_name gives it; "jsonl" too) into
 * *out. SDT_OK, or SDT_EUSAGE for an unknown name or NULL ("unknown
 * input format 'NAME' (json, ndjson, csv, xlsx)"), *out unchanged: the
 * convention of every sdt_*_from_name (sdt_layout_from_name too). */
SDT_API int sdt_format_from_name(sdt_format *out, const char *name);

/* Deprecated: SDT_FORMAT_AUTO for an unknown name, which cannot be told
 * from "auto"; use sdt_format_from_name(). */
SDT_API sdt_format sdt_format_parse(const char *name)
	SDT_DEPRECATED("use sdt_format_from_name");

#ifdef __cplusplus
}
#endif
#endif
