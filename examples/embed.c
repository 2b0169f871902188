/*
 * embed.c - the typical program that embeds libsdtscore: score a survey
 * export with the bundled learning-leadership pulse, print Cronbach's
 * alpha per scale and every published team's means, and (given a second
 * argument) write the team-level Excel workbook.
 *
 *   cc embed.c $(pkg-config --cflags --libs sdtscore) -o embed
 *   ./embed responses.csv [report.xlsx]
 *
 * Only the installed headers are used; every error is printed with the
 * library's message and ends the program with status 1.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <sdtscore.h>

typedef struct run {
	sdt_instrument *ins;
	sdt_reader *reader;
	sdt_scores *scores;
	sdt_accum *acc;
	sdt_groupacc *gacc;
	sdt_stats *stats;
	sdt_groups *groups;
} run;

/* One streaming pass: each response is scored and folded into the
 * accumulators, so memory does not grow with the number of respondents. */
static int read_all(run *r, const char *path)
{
	const sdt_response *resp;
	int rc;

	if ((rc = sdt_reader_open(&r->reader, r->ins, path, NULL)) != SDT_OK)
		return rc;
	while ((rc = sdt_reader_next(r->reader, &resp)) == SDT_OK && resp) {
		sdt_score_response(r->scores, r->ins, resp);
		if ((rc = sdt_accum_add(r->acc, resp, r->scores)) != SDT_OK ||
		    (rc = sdt_groupacc_add(r->gacc, resp, r->scores)) != SDT_OK)
			return rc;
	}
	return rc;
}

static void print_alpha(const run *r)
{
	size_t j;

	printf("scale                          alpha\n");
	for (j = 0; j < r->stats->n_scales; j++)
		printf("%-30s %6.3f\n", r->stats->scales[j].id, r->stats->scales[j].alpha);
}

/* Teams whose figures the disclosure engine hid are named, not shown. */
static void print_teams(const run *r)
{
	const sdt_group *g;
	size_t i, j;

	printf("\ngroup (n)");
	for (j = 0; j < r->groups->n_scales; j++)
		printf("\t%s", sdt_instrument_scale_id(r->ins, j));
	printf("\n");
	for (i = 0; i < r->groups->n_groups; i++) {
		g = &r->groups->groups[i];
		printf("%s (%zu)", g->path, g->n);
		for (j = 0; j < r->groups->n_scales; j++) {
			if (g->hidden || g->scales[j].hidden)
				printf("\thidden");
			else
				printf("\t%.2f", g->scales[j].mean);
		}
		printf("\n");
	}
}

static int write_report(const run *r, const char *path)
{
	sdt_report_input in = SDT_REPORT_INPUT_INIT;

	in.ins = r->ins;
	in.groups = r->groups;
	in.stats = r->stats;
	in.lang = "en";
	return sdt_report_write(&in, NULL, path);
}

int main(int argc, char **argv)
{
	run r;
	int rc;

	memset(&r, 0, sizeof r);
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: embed FILE.csv [REPORT.xlsx]\n");
		return 2;
	}
	if ((rc = sdt_instrument_load_bundled(&r.ins, "learning-leadership-pulse")) != SDT_OK ||
	    (rc = sdt_scores_new(&r.scores, r.ins)) != SDT_OK ||
	    (rc = sdt_accum_new(&r.acc, r.ins)) != SDT_OK ||
	    (rc = sdt_groupacc_new(&r.gacc, r.ins)) != SDT_OK ||
	    (rc = read_all(&r, argv[1])) != SDT_OK ||
	    (rc = sdt_stats_compute(&r.stats, r.acc, NULL)) != SDT_OK ||
	    (rc = sdt_groups_compute(&r.groups, r.gacc, NULL)) != SDT_OK)
		goto done;
	print_alpha(&r);
	print_teams(&r);
	if (argc == 3 && (rc = write_report(&r, argv[2])) == SDT_OK)
		printf("\nreport written to %s\n", argv[2]);
done:
	if (rc != SDT_OK)
		fprintf(stderr, "embed: %s: %s\n", sdt_strerror(rc), sdt_error_message());
	sdt_groups_free(r.groups);
	sdt_stats_free(r.stats);
	sdt_groupacc_free(r.gacc);
	sdt_accum_free(r.acc);
	sdt_scores_free(r.scores);
	sdt_reader_free(r.reader);
	sdt_instrument_free(r.ins);
	return rc == SDT_OK ? 0 : 1;
}
