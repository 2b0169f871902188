/*
 * score_writer.c - each respondent's scores as CSV, a JSON array or NDJSON
 * (sdt_score.h): the files of `sdtscore score`, whose bytes are a contract.
 */
#include <string.h>

#include "internal.h"

struct sdt_score_writer {
	FILE *fp;
	const sdt_instrument *ins;
	sdt_score_format format;
	int csv_safe;
	int started; /* the header (CSV) or '[' (JSON) is out */
	size_t written;
};

int sdt_score_writer_new(sdt_score_writer **out, FILE *fp, const sdt_instrument *ins,
                         sdt_score_format format, unsigned int flags)
{
	*out = NULL;
	if ((unsigned)format > SDT_SCORE_NDJSON || (flags & ~SDT_SCORE_CSV_SAFE))
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
	start(w);
	switch (w->format) {
	case SDT_SCORE_CSV:
		csv_row(w, r, s);
		break;
	case SDT_SCORE_JSON:
		fputs(w->written ? ",\n " : "\n ", w->fp);
		json_row(w, r, s);
		break;
	case SDT_SCORE_NDJSON:
		json_row(w, r, s);
		fputc('\n', w->fp);
		break;
	}
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
