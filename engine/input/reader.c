/*
 * reader.c - opening a response file in the right format and handing out
 * its records. The record buffers every format shares and buffered line
 * reading, which the format modules use, are below it in reader_record.c.
 */
#include <string.h>
#include <strings.h>

#include "encoding.h"
#include "reader_impl.h"
#include "table.h"

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
