/*
 * score_writer.c - each respondent's scores as CSV, a JSON array or NDJSON,
 * or the responses themselves as NDJSON (sdt_score.h): the files of
 * `sdtscore score` and `sdtscore import`, whose bytes are a contract.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sdt_pipeline.h"

struct sdt_score_writer {
	FILE *fp;
	const sdt_instrument *ins;
	sdt_score_format format;
	int csv_safe;
	int started; /* the header (CSV) or '[' (JSON) is out */
	size_t written;
	int part; /* a later job's rows (a clone): always ",\n " before a JSON row */
};

int sdt_score_writer_new(sdt_score_writer **out, FILE *fp, const sdt_instrument *ins,
                         sdt_score_format format, unsigned int flags)
{
	*out = NULL;
	if ((unsigned)format > SDT_SCORE_RESPONSES || (flags & ~SDT_SCORE_CSV_SAFE))
		return sdt_fail(SDT_EUSAGE, "score writer: unknown format %d or flags %#x",
		                (int)format, flags);
	if (!(*out = sdt_calloc(1, sizeof **out)))
		return sdt_fail_nomem();
	(*out)->fp = fp;
	(*out)->ins = ins;
	(*out)->format = format;
	(*out)->csv_safe = (flags & SDT_SCORE_CSV_SAFE) != 0;
	return SDT_OK;
}

void sdt_score_writer_free(sdt_score_writer *w)
{
	/* a clone's temporary file is its own */
	if (w && w->part && w->fp)
		fclose(w->fp);
	sdt_free(w);
}

static void csv_ids(const sdt_score_writer *w, size_t n,
                    const char *(*id)(const sdt_instrument *, size_t), const char *suffix)
{
	size_t j;

	for (j = 0; j < n; j++) {
		fputc(',', w->fp);
		/* the suffix ends the name: quoting must wrap both */
		sdt_output_csv_text(w->fp, id(w->ins, j), suffix, w->csv_safe);
	}
}

static void csv_header(const sdt_score_writer *w)
{
	size_t ns = sdt_instrument_scale_count(w->ins);

	fputs("id,team", w->fp);
	csv_ids(w, ns, sdt_instrument_scale_id, NULL);
	csv_ids(w, sdt_instrument_composite_count(w->ins), sdt_instrument_composite_id, NULL);
	csv_ids(w, ns, sdt_instrument_scale_id, "_answered");
	fputc('\n', w->fp);
}

static void csv_row(const sdt_score_writer *w, const sdt_response *r, const sdt_scores *s)
{
	char buf[SDT_DOUBLE_CHARS];
	size_t j;

	sdt_output_csv_text(w->fp, r->id, NULL, w->csv_safe);
	fputc(',', w->fp);
	sdt_output_csv_text(w->fp, r->team, NULL, w->csv_safe);
	for (j = 0; j < s->n_scales; j++) {
		fputc(',', w->fp);
		fputs(sdt_format_double(buf, s->scale[j]), w->fp);
	}
	for (j = 0; j < s->n_composites; j++) {
		fputc(',', w->fp);
		fputs(sdt_format_double(buf, s->composite[j]), w->fp);
	}
	for (j = 0; j < s->n_scales; j++)
		fprintf(w->fp, ",%zu", s->answered[j]);
	fputc('\n', w->fp);
}

/* `, "<key><suffix>": `; ids are validated UTF-8 without control
 * characters, so only quotes and backslashes need escaping. */
static void json_member(FILE *fp, const char *key, const char *suffix)
{
	fputs(", ", fp);
	fputc('"', fp);
	for (; *key; key++) {
		if (*key == '"' || *key == '\\')
			fputc('\\', fp);
		fputc(*key, fp);
	}
	fprintf(fp, "%s\": ", suffix);
}

static void json_row(const sdt_score_writer *w, const sdt_response *r, const sdt_scores *s)
{
	size_t j;

	fputs("{\"id\": ", w->fp);
	sdt_output_json_string(w->fp, r->id);
	fputs(", \"team\": ", w->fp);
	sdt_output_json_string(w->fp, r->team);
	for (j = 0; j < s->n_scales; j++) {
		json_member(w->fp, sdt_instrument_scale_id(w->ins, j), "");
		sdt_output_json_number(w->fp, s->scale[j]);
	}
	for (j = 0; j < s->n_composites; j++) {
		json_member(w->fp, sdt_instrument_composite_id(w->ins, j), "");
		sdt_output_json_number(w->fp, s->composite[j]);
	}
	for (j = 0; j < s->n_scales; j++) {
		json_member(w->fp, sdt_instrument_scale_id(w->ins, j), "_answered");
		fprintf(w->fp, "%zu", s->answered[j]);
	}
	fputc('}', w->fp);
}

void sdt_response_write_ndjson(FILE *fp, const sdt_instrument *ins,
                               const sdt_response *r)
{
	size_t k, n = sdt_instrument_item_count(ins), shown = 0;

	fputs("{\"id\":", fp);
	sdt_output_json_string(fp, r->id);
	fputs(",\"team\":", fp);
	sdt_output_json_string(fp, r->team);
	fputs(",\"attributes\":{", fp);
	for (k = 0; k < r->n_attributes; k++) {
		if (!r->attr_values[k])
			continue;
		fputs(shown++ ? "," : "", fp);
		sdt_output_json_string(fp, r->attr_names[k]);
		fputc(':', fp);
		sdt_output_json_string(fp, r->attr_values[k]);
	}
	fputs("},\"answers\":{", fp);
	for (k = 0; k < n; k++) {
		fputs(k ? "," : "", fp);
		sdt_output_json_string(fp, sdt_instrument_item_id(ins, k));
		if (r->texts && r->texts[k]) { /* a text item's answer: a comment */
			fputc(':', fp);
			sdt_output_json_string(fp, r->texts[k]);
		} else if (r->values[k] == SDT_MISSING)
			fputs(":null", fp);
		else
			fprintf(fp, ":%d", r->values[k]);
	}
	fputs("}}\n", fp);
}

/* The header goes out with the first row (or at the end). */
static void start(sdt_score_writer *w)
{
	if (w->started)
		return;
	w->started = 1;
	if (w->format == SDT_SCORE_CSV)
		csv_header(w);
	else if (w->format == SDT_SCORE_JSON)
		fputc('[', w->fp);
}

int sdt_score_writer_add(sdt_score_writer *w, const sdt_response *r, const sdt_scores *s)
{
	/* A row is many small writes: once a run has started a thread, stdio
	 * takes the stream's lock (an atomic operation) on each, which cost
	 * as much as the rest of `import --threads 2`; holding it for the
	 * row makes the inner ones a counter increment. */
	flockfile(w->fp);
	start(w);
	switch (w->format) {
	case SDT_SCORE_CSV:
		csv_row(w, r, s);
		break;
	case SDT_SCORE_JSON:
		fputs(w->written || w->part ? ",\n " : "\n ", w->fp);
		json_row(w, r, s);
		break;
	case SDT_SCORE_NDJSON:
		json_row(w, r, s);
		fputc('\n', w->fp);
		break;
	case SDT_SCORE_RESPONSES:
		sdt_response_write_ndjson(w->fp, w->ins, r);
		break;
	}
	funlockfile(w->fp);
	w->written++;
	return SDT_OK;
}

int sdt_score_writer_on_response(void *writer, const sdt_response *r, const sdt_scores *s)
{
	return sdt_score_writer_add(writer, r, s);
}

int sdt_score_writer_finish(sdt_score_writer *w)
{
	start(w);
	if (w->format == SDT_SCORE_JSON)
		fputs("\n]\n", w->fp);
	return SDT_OK;
}

size_t sdt_score_writer_count(const sdt_score_writer *w)
{
	return w->written;
}

/* ---- the pipeline's sink (sdt_pipeline.h): an ordered writer ---- */

/* The command whose output it is, for messages. */
static const char *what(const sdt_score_writer *w)
{
	return w->format == SDT_SCORE_RESPONSES ? "import" : "score";
}

static int wsink_clone(void **out, const void *like)
{
	const sdt_score_writer *w = like;
	sdt_score_writer *c;

	*out = NULL;
	if (!(c = sdt_calloc(1, sizeof *c)))
		return sdt_fail_nomem();
	*c = *w;
	c->written = 0;
	c->part = c->started = 1; /* the header is the caller's */
	if (!(c->fp = tmpfile())) {
		sdt_free(c);
		return sdt_fail(SDT_EIO, "%s output: cannot create a temporary file for a "
		                "thread's rows: %s", what(w), strerror(errno));
	}
	*out = c;
	return SDT_OK;
}

static int wsink_add(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	return sdt_score_writer_add(ctx, r, s);
}

/* Append a later job's rows; a JSON array's first row has no comma. */
static int wsink_merge(void *vinto, void *vfrom)
{
	sdt_score_writer *into = vinto, *from = vfrom;
	char buf[1 << 16];
	size_t n, skip;

	if (from->written == 0)
		return SDT_OK;
	start(into);
	skip = into->format == SDT_SCORE_JSON && into->written == 0 && !into->part;
	if (fflush(from->fp) != 0 || fseek(from->fp, (long)skip, SEEK_SET) != 0)
		return sdt_fail(SDT_EIO, "%s output: a thread's temporary file: %s",
		                what(into), strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, from->fp)) > 0)
		if (fwrite(buf, 1, n, into->fp) != n)
			return sdt_fail(SDT_EIO, "%s output: write failed: %s", what(into),
			                strerror(errno));
	if (ferror(from->fp))
		return sdt_fail(SDT_EIO, "%s output: a thread's temporary file could not be "
		                "read back", what(into));
	into->written += from->written;
	return SDT_OK;
}

static void wsink_free(void *ctx)
{
	sdt_score_writer_free(ctx);
}

sdt_sink sdt_sink_score_writer(sdt_score_writer *w)
{
	static const sdt_sink_ops ops = {wsink_clone, wsink_add, wsink_merge, wsink_free};
	sdt_sink s = {&ops, w};

	return s;
}
