/*
 * groups_time.c - make bench: the cost of the disclosure engine alone.
 * Reads a response file once into two group accumulators (one with the
 * --by attribute, one without) and times sdt_groups_compute, which builds
 * the hierarchy, decides every cell with the engine and computes the
 * figures, for each. Usage: groups_time INSTRUMENT FILE ATTRIBUTE
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sdtscore.h"

typedef struct feed {
	sdt_groupacc *plain, *by;
} feed;

static int on_response(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	feed *f = ctx;
	int rc = sdt_groupacc_add(f->plain, r, s);

	return rc ? rc : sdt_groupacc_add(f->by, r, s);
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double time_compute(const sdt_groupacc *acc, size_t *n_groups)
{
	sdt_groups *g = NULL;
	double t0 = seconds(), t;

	if (sdt_groups_compute(&g, acc, NULL) != SDT_OK) {
		fprintf(stderr, "groups_time: %s\n", sdt_error_message());
		return -1.0;
	}
	t = seconds() - t0;
	*n_groups = g->n_groups;
	sdt_groups_free(g);
	return t;
}

int main(int argc, char **argv)
{
	sdt_instrument *ins = NULL;
	sdt_run_options opt = SDT_RUN_OPTIONS_INIT;
	sdt_run_counts counts;
	feed f = {NULL, NULL};
	const char *files[1];
	size_t ng = 0;
	double a, b;
	int rc = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: groups_time INSTRUMENT FILE ATTRIBUTE\n");
		return 2;
	}
	files[0] = argv[2];
	if ((sdt_instrument_load_bundled(&ins, argv[1]) != SDT_OK &&
	     sdt_instrument_load(&ins, argv[1]) != SDT_OK) ||
	    sdt_groupacc_new(&f.plain, ins) != SDT_OK || sdt_groupacc_new(&f.by, ins) != SDT_OK ||
	    sdt_groupacc_by(f.by, argv[3]) != SDT_OK ||
	    sdt_run_files(ins, files, 1, &opt, on_response, NULL, &f, &counts, NULL) != SDT_OK) {
		fprintf(stderr, "groups_time: %s\n", sdt_error_message());
		goto done;
	}
	if ((a = time_compute(f.plain, &ng)) < 0 || (b = time_compute(f.by, &ng)) < 0)
		goto done;
	printf("  %zu respondents, %zu groups: groups and disclosure %.3fs, with --by %s %.3fs\n",
	       counts.accepted, ng, a, argv[3], b);
	rc = 0;
done:
	sdt_groupacc_free(f.plain);
	sdt_groupacc_free(f.by);
	sdt_instrument_free(ins);
	return rc;
}
