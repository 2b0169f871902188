/*
 * fuzz_merge.c - libFuzzer target: a partial ("sdtscore-partial/2", what
 * `sdtscore stats --partial` writes and `sdtscore merge` reads) through
 * sdt_accum_parse(), and the same bytes as a file through
 * sdt_accum_read_instrument(), which `merge` calls first.
 *
 * A partial that loads is then used as `merge` would use it: written back
 * (it must read again, and write the same text again), merged with a
 * second copy of itself, and turned into statistics in both missing-data
 * modes, before and after the merge. The instrument is the small one of
 * fuzz_reader.h ("fz" version "1"), which the corpus names.
 */
#include "fuzz_reader.h"

#define PART_NAME "part.json"

/* A failed read: a message naming the file, and nothing handed out. */
static void check_read_error(int rc, const char *name, const void *out)
{
	fuzz_check_error(rc);
	if (out)
		fuzz_die("failed read left an accumulator or a string", rc);
	if (strncmp(sdt_error_message(), name, strlen(name)) != 0)
		fuzz_die("partial error that does not name the file", rc);
}

/* Statistics in both modes; nothing but memory can make them fail. */
static void compute(const sdt_accum *a, double rows)
{
	sdt_stats_options so = SDT_STATS_OPTIONS_INIT;
	sdt_stats *st = NULL;
	int rc, k;

	so.min_group = 2;
	for (k = 0; k < 2; k++) {
		so.missing = k ? SDT_MISSING_LISTWISE : SDT_MISSING_PAIRWISE;
		if ((rc = sdt_stats_compute(&st, a, &so)) != SDT_OK)
			fuzz_check_error(rc);
		else if ((double)st->rows != rows)
			fuzz_die("statistics over another number of rows", 0);
		sdt_stats_free(st);
		st = NULL;
	}
}

/* What loads must write back to a partial that loads and writes the same
 * text again: `merge` trusts partials only as far as it can read them. */
static void round_trip(const sdt_instrument *ins, const sdt_accum *a,
                       const sdt_partial_info *info)
{
	sdt_partial_info info2;
	sdt_accum *b = NULL;
	char *t1 = NULL, *t2 = NULL;
	size_t n1 = 0, n2 = 0;
	int rc;

	if ((rc = sdt_accum_write_buffer(&t1, &n1, a, info)) != SDT_OK)
		fuzz_die("a loaded partial cannot be written", rc);
	if ((rc = sdt_accum_parse(&b, &info2, ins, t1, n1, "again.json")) != SDT_OK)
		fuzz_die("a loaded partial, written back, does not load", rc);
	if ((rc = sdt_accum_write_buffer(&t2, &n2, b, &info2)) != SDT_OK)
		fuzz_die("a reloaded partial cannot be written", rc);
	if (n1 != n2 || memcmp(t1, t2, n1) != 0)
		fuzz_die("a partial does not write back the same", 0);
	sdt_free(t2);
	sdt_free(t1);
	sdt_accum_free(b);
}

static void use_partial(const sdt_instrument *ins, sdt_accum *a,
                        const sdt_partial_info *info, const char *text,
                        size_t size)
{
	const sdt_run_counts *c = &info->counts;
	sdt_partial_info info2;
	sdt_accum *b = NULL;
	int rc;

	if (c->read != c->accepted + c->left_out || c->scored > c->accepted)
		fuzz_die("loaded counts do not add up", 0);
	if (info->missing != SDT_MISSING_PAIRWISE &&
	    info->missing != SDT_MISSING_LISTWISE)
		fuzz_die("loaded an unknown missing-data mode", (int)info->missing);
	round_trip(ins, a, info);
	compute(a, (double)c->accepted);
	/* An accumulator is never merged into itself (it would double count
	 * while reading what it writes): refused, with a message. */
	if ((rc = sdt_accum_merge(a, a)) == SDT_OK)
		fuzz_die("an accumulator merged into itself", 0);
	fuzz_check_error(rc);
	/* The same shard twice, as `sdtscore merge part.json part.json`. */
	if ((rc = sdt_accum_parse(&b, &info2, ins, text, size, PART_NAME)) != SDT_OK)
		fuzz_die("a partial that loaded once does not load again", rc);
	if ((rc = sdt_accum_merge(a, b)) != SDT_OK)
		fuzz_check_error(rc);
	else
		compute(a, 2.0 * (double)c->accepted);
	sdt_accum_free(b);
}

/* sdt_accum_read_instrument() on the bytes as a file: it must agree with
 * the full reading on what it shares (format, instrument id and version). */
static void read_instrument(int loaded)
{
	const char *path = fuzz_tmp();
	char *id = NULL, *version = NULL;
	int rc = sdt_accum_read_instrument(path, &id, &version);

	if (rc != SDT_OK) {
		check_read_error(rc, path, id ? (void *)id : (void *)version);
		if (loaded)
			fuzz_die("a partial that loads names no instrument", rc);
	} else if (!id || !version) {
		fuzz_die("instrument id or version missing", 0);
	} else if (loaded && (strcmp(id, "fz") != 0 || strcmp(version, "1") != 0)) {
		fuzz_die("a partial loaded for another instrument", 0);
	}
	sdt_free(id);
	sdt_free(version);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sdt_instrument *ins = fuzz_instrument();
	sdt_partial_info info;
	sdt_accum *a = NULL;
	char *text = fuzz_copy(data, size);
	int rc;

	rc = sdt_accum_parse(&a, &info, ins, text, size, PART_NAME);
	if (rc != SDT_OK)
		check_read_error(rc, PART_NAME ":", a);
	fuzz_write_file(fuzz_tmp(), data, size);
	read_instrument(rc == SDT_OK);
	if (rc == SDT_OK)
		use_partial(ins, a, &info, text, size);
	sdt_accum_free(a);
	free(text);
	return 0;
}
