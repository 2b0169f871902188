/*
 * fuzz_reader.h - one response file, in a given format, through the whole
 * streaming path: reader, duplicate policy, scoring, the statistics, group
 * and breakdown accumulators, and their computations.
 *
 * Each input is run twice: with the strict defaults (a bad value, an
 * unknown item or a repeated id stops the run) and with the lenient
 * options (bad values missing, unknown items skipped, the last of a
 * repeated id kept), so both the error paths and the scoring paths get
 * the fuzzer's attention.
 */
#ifndef SDT_FUZZ_READER_H
#define SDT_FUZZ_READER_H

#include <math.h>

#include "fuzz.h"

/* Small on purpose: the corpus names these ids, and the fuzzer finds them. */
static const char fuzz_instrument_json[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"fz\", \"version\": \"1\","
	" \"response_scale\": {\"min\": 1, \"max\": 5},"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false},"
	"  {\"id\": \"q2\", \"reverse\": true}, {\"id\": \"q3\", \"reverse\": false},"
	"  {\"id\": \"q4\", \"reverse\": false}],"
	" \"scales\": [{\"id\": \"a\", \"items\": [\"q1\", \"q2\"], \"min_answered\": 1},"
	"  {\"id\": \"b\", \"items\": [\"q3\", \"q4\"], \"min_answered\": 2}],"
	" \"composites\": [{\"id\": \"ab\", \"scales\": [\"a\", \"b\"]}]}";

typedef struct fuzz_sink {
	const sdt_instrument *ins;
	sdt_accum *acc;
	sdt_groupacc *gacc;
	sdt_breakdownacc *bacc;
} fuzz_sink;

/* What a reader hands on must be what its header promises. */
static inline void fuzz_check_response(const fuzz_sink *k,
                                       const sdt_response *r,
                                       const sdt_scores *s)
{
	size_t i, n = sdt_instrument_item_count(k->ins);
	int lo = sdt_instrument_min(k->ins), hi = sdt_instrument_max(k->ins);

	if (!r->id || !r->id[0] || !r->file)
		fuzz_die("response without an id or file", 0);
	if (r->team && !r->team[0])
		fuzz_die("empty team instead of NULL", 0);
	for (i = 0; i < n; i++)
		if (r->values[i] != SDT_MISSING &&
		    (r->values[i] < lo || r->values[i] > hi))
			fuzz_die("value out of range passed on", r->values[i]);
	for (i = 0; i < r->n_attributes; i++)
		if (!r->attr_names[i])
			fuzz_die("attribute without a name", 0);
	for (i = 0; i < s->n_scales; i++)
		if (!isnan(s->scale[i]) && (s->scale[i] < lo || s->scale[i] > hi))
			fuzz_die("scale score out of range", 0);
}

static inline int fuzz_on_response(void *ctx, const sdt_response *r,
                                   const sdt_scores *s)
{
	fuzz_sink *k = ctx;
	int rc;

	fuzz_check_response(k, r, s);
	if ((rc = sdt_accum_add(k->acc, r, s)) != SDT_OK ||
	    (rc = sdt_groupacc_add(k->gacc, r, s)) != SDT_OK)
		return rc;
	return sdt_breakdownacc_add(k->bacc, r, s);
}

/* Compute everything the accumulators gathered. */
static inline void fuzz_compute(const fuzz_sink *k)
{
	sdt_stats_options so = SDT_STATS_OPTIONS_INIT;
	sdt_groups_options go = SDT_GROUPS_OPTIONS_INIT;
	sdt_stats *st = NULL;
	sdt_groups *g = NULL;
	sdt_breakdown *b = NULL;
	int rc;

	so.min_group = 2;
	go.min_group = 2;
	go.alpha = 0.05;
	if ((rc = sdt_stats_compute(&st, k->acc, &so)) != SDT_OK)
		fuzz_check_error(rc);
	so.missing = SDT_MISSING_LISTWISE;
	sdt_stats_free(st);
	st = NULL;
	if ((rc = sdt_stats_compute(&st, k->acc, &so)) != SDT_OK)
		fuzz_check_error(rc);
	if ((rc = sdt_groups_compute(&g, k->gacc, &go)) != SDT_OK)
		fuzz_check_error(rc);
	else if ((rc = sdt_breakdown_compute(&b, k->bacc, g, 0.05)) != SDT_OK)
		fuzz_check_error(rc);
	sdt_breakdown_free(b);
	sdt_groups_free(g);
	sdt_stats_free(st);
}

static inline void fuzz_run(const sdt_instrument *ins, const char *path,
                            const sdt_run_options *opt)
{
	fuzz_sink k = {ins, NULL, NULL, NULL};
	sdt_run_counts counts;
	char *wave = NULL;
	int rc;

	if (sdt_accum_new(&k.acc, ins) != SDT_OK ||
	    sdt_groupacc_new(&k.gacc, ins) != SDT_OK ||
	    sdt_breakdownacc_new(&k.bacc, ins, "mode") != SDT_OK)
		abort();
	rc = sdt_run_files(ins, &path, 1, opt, fuzz_on_response, NULL, &k,
	                   &counts, &wave);
	if (rc != SDT_OK) {
		fuzz_check_error(rc);
		/* Reading errors name the file first; scoring ones come later. */
		if (rc != SDT_ELIMIT &&
		    strncmp(sdt_error_message(), path, strlen(path)) != 0)
			fuzz_die("read error that does not name the file", rc);
		if (wave)
			fuzz_die("wave left set after an error", rc);
	} else {
		if (counts.read != counts.accepted + counts.left_out ||
		    counts.scored > counts.accepted)
			fuzz_die("counts do not add up", 0);
		fuzz_compute(&k);
	}
	sdt_free(wave);
	sdt_breakdownacc_free(k.bacc);
	sdt_groupacc_free(k.gacc);
	sdt_accum_free(k.acc);
}

/* The harness's instrument, loaded once per process. */
static inline sdt_instrument *fuzz_instrument(void)
{
	static sdt_instrument *ins;

	if (!ins && sdt_instrument_parse(&ins, fuzz_instrument_json,
	                                 sizeof fuzz_instrument_json - 1,
	                                 "fuzz") != SDT_OK)
		fuzz_die("the harness's instrument does not load", 0);
	return ins;
}

/* The file at path read as fmt, once strict and once lenient. */
static inline void fuzz_reader_path(const char *path, sdt_format fmt)
{
	sdt_instrument *ins = fuzz_instrument();
	sdt_run_options strict = SDT_RUN_OPTIONS_INIT;
	sdt_run_options lenient = SDT_RUN_OPTIONS_INIT;

	strict.read.format = fmt;
	lenient.read.format = fmt;
	lenient.read.invalid = SDT_INVALID_MISSING;
	lenient.read.ignore_unknown = 1;
	lenient.duplicates = SDT_DUPLICATES_LAST;
	fuzz_run(ins, path, &strict);
	fuzz_run(ins, path, &lenient);
}

static inline int fuzz_reader(const uint8_t *data, size_t size, sdt_format fmt)
{
	const char *path = fuzz_tmp();

	fuzz_write_file(path, data, size);
	fuzz_reader_path(path, fmt);
	return 0;
}

#endif
