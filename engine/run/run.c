/*
 * run.c - taking responses: the duplicate policy, the careless rules and
 * the counts, then the job's sinks (sdt_pipeline.h). Every job of a run
 * takes its responses here, whether the run has one job or many
 * (parallel.c). Streaming: the only memory that grows with respondents is
 * the id set.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pipeline_impl.h"

void sdt_take_place(char *buf, size_t n, const sdt_take_run *run, size_t f,
                    unsigned long line)
{
	snprintf(buf, n, "%s:%lu", run->paths[f], line);
}

int sdt_take_dup_error(const sdt_take_run *run, const char *id, size_t f,
                       unsigned long line, const sdt_idpos *prev)
{
	char a[512], b[512];

	sdt_take_place(a, sizeof a, run, f, line);
	sdt_take_place(b, sizeof b, run, prev->file, prev->line);
	sdt_fail(SDT_EDATA, "%s: duplicate respondent id '%s', first seen at %s", a, id, b);
	sdt_error_set_kind("duplicate_id", run->paths[f]);
	return SDT_EDATA;
}

static int open_reader(sdt_reader **r, const sdt_take_run *run, size_t f)
{
	return sdt_reader_open(r, run->ins, run->paths[f], &run->opt->read);
}

/* First pass for --duplicates=last: where each id is seen last. */
static int find_last(sdt_take_run *run)
{
	sdt_reader *r = NULL;
	const sdt_response *resp;
	unsigned long ord;
	size_t f;
	int rc = SDT_OK, existed;

	for (f = 0; f < run->n_paths && rc == SDT_OK; f++) {
		if (strcmp(run->paths[f], "-") == 0)
			return sdt_fail(SDT_EUSAGE, "keeping the last of repeated ids reads the input "
			                "twice and cannot use standard input: save it to a file first");
		if ((rc = open_reader(&r, run, f)) != SDT_OK)
			break;
		for (ord = 1; (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp; ord++)
			if ((rc = sdt_idset_put(run->last, resp->id, (unsigned)f, ord, 1,
			                        &existed, NULL)) != SDT_OK)
				break;
		sdt_reader_free(r);
		r = NULL;
	}
	return rc;
}

/* Whether the response at ordinal ord of file f is the one the duplicate
 * policy keeps (the main pass settles errors and reasons). */
static int kept(const sdt_take_run *run, sdt_idset *first, const sdt_response *resp,
                size_t f, unsigned long ord, int *err)
{
	sdt_idpos pos;
	int existed = 0;

	if (run->opt->duplicates == SDT_DUPLICATES_LAST)
		return !sdt_idset_get(run->last, resp->id, &pos) ||
		       (pos.file == f && pos.line == ord);
	*err = sdt_idset_put(first, resp->id, (unsigned)f, ord, 0, &existed, NULL);
	return !existed;
}

/* First pass for the mahalanobis rule: the items' covariance over every
 * response the duplicate policy keeps, before any rule leaves one out
 * (careless::mahad judges each response against the whole sample). */
static int mahad_pass(sdt_take_run *run)
{
	sdt_idset *first = NULL;
	sdt_reader *r = NULL;
	const sdt_response *resp;
	unsigned long ord;
	size_t f;
	int rc, err = SDT_OK;

	if ((rc = sdt_careless_mahad_new(&run->mahad, run->ins)) != SDT_OK ||
	    (rc = sdt_idset_new(&first)) != SDT_OK)
		goto done;
	for (f = 0; f < run->n_paths && rc == SDT_OK; f++) {
		if (strcmp(run->paths[f], "-") == 0) {
			rc = sdt_fail(SDT_EUSAGE, "the careless rule mahalanobis reads the input twice "
			              "(the covariance of the whole sample first) and cannot use "
			              "standard input: save it to a file first");
			break;
		}
		if ((rc = open_reader(&r, run, f)) != SDT_OK)
			break;
		for (ord = 1; (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp; ord++) {
			if (kept(run, first, resp, f, ord, &err))
				sdt_careless_mahad_add(run->mahad, resp);
			if ((rc = err) != SDT_OK)
				break;
		}
		sdt_reader_free(r);
		r = NULL;
	}
	if (rc == SDT_OK && (rc = sdt_careless_mahad_finish(run->mahad)) == SDT_OK)
		run->mahalanobis_cutoff = sdt_careless_mahad_cutoff(run->mahad);
done:
	sdt_idset_free(first);
	return rc;
}

int sdt_take_run_prepare(sdt_take_run *run)
{
	int rc = SDT_OK;

	if (run->opt->duplicates == SDT_DUPLICATES_LAST &&
	    ((rc = sdt_idset_new(&run->last)) != SDT_OK || (rc = find_last(run)) != SDT_OK))
		return rc;
	if (run->opt->careless & SDT_CARELESS_MAHALANOBIS)
		rc = mahad_pass(run);
	return rc;
}

void sdt_take_run_free(sdt_take_run *run)
{
	sdt_idset_free(run->last);
	sdt_careless_mahad_free(run->mahad);
	run->last = NULL;
	run->mahad = NULL;
}

int sdt_take_init(sdt_take *t, const sdt_take_run *run, const sdt_sink *sinks,
                  size_t n_sinks)
{
	int rc;

	memset(t, 0, sizeof *t);
	t->run = run;
	t->sinks = sinks;
	t->n_sinks = n_sinks;
	if ((rc = sdt_scores_new(&t->scores, run->ins)) != SDT_OK)
		return rc;
	return sdt_idset_new(&t->seen);
}

void sdt_take_free(sdt_take *t)
{
	sdt_scores_free(t->scores);
	sdt_idset_free(t->seen);
	t->scores = NULL;
	t->seen = NULL;
}

/* Judge one response by the chosen rules: 1 (reason in why) when one
 * leaves it out. */
static int careless_out(sdt_take *t, const sdt_response *resp, char *why, size_t n)
{
	const sdt_take_run *run = t->run;
	sdt_run_counts *c = &t->counts;
	sdt_careless cl;
	unsigned hit;
	size_t k;

	sdt_careless_compute(&cl, run->ins, resp, t->scores->keyed);
	sdt_careless_duration_at(&cl, run->ins, resp->duration, sdt_run_speeder_seconds(run->opt));
	if (run->mahad)
		sdt_careless_mahad_apply(run->mahad, &cl, resp);
	if (run->opt->careless & SDT_CARELESS_SPEEDERS) {
		c->duration_bad += resp->duration_bad != 0;
		c->duration_missing += isnan(resp->duration) && !resp->duration_bad;
	}
	if (!sdt_careless_reason(why, n, &cl, run->opt->careless))
		return 0;
	hit = cl.flags & run->opt->careless;
	for (k = 0; k < SDT_CARELESS_N_RULES && !(hit & (1u << k)); k++)
		;
	c->careless_rule[k]++;
	c->careless++;
	return 1;
}

static int reject(sdt_take *t, const sdt_response *resp, const char *why)
{
	const sdt_take_run *run = t->run;

	t->counts.left_out++;
	return run->on_reject ? sdt_user_stop(run->on_reject(run->ctx, resp->file, resp->line,
	                                                     resp->id, why))
	                      : SDT_OK;
}

/* Returns 1 when the response is a duplicate that the policy leaves out
 * (reported through on_reject), 0 when it takes part. Errors (a duplicate
 * under SDT_DUPLICATES_ERROR, ENOMEM) come back through *err. */
static int is_left_out(sdt_take *t, const sdt_response *resp, size_t f,
                       unsigned long ord, int *err)
{
	const sdt_take_run *run = t->run;
	sdt_idpos prev, lastpos;
	char b[512], why[600];
	int existed;

	*err = sdt_idset_put(t->seen, resp->id, (unsigned)f, resp->line, 0, &existed, &prev);
	if (*err)
		return 0;
	if (run->opt->duplicates == SDT_DUPLICATES_LAST) {
		if (!sdt_idset_get(run->last, resp->id, &lastpos) ||
		    (lastpos.file == f && lastpos.line == ord))
			return 0;
		snprintf(why, sizeof why, "duplicate id: the last response with this id "
		         "(in %s) is kept", run->paths[lastpos.file]);
		*err = reject(t, resp, why);
		return 1;
	}
	if (!existed)
		return 0;
	if (run->opt->duplicates == SDT_DUPLICATES_ERROR) {
		*err = sdt_take_dup_error(run, resp->id, f, resp->line, &prev);
		return 1;
	}
	sdt_take_place(b, sizeof b, run, prev.file, prev.line);
	snprintf(why, sizeof why, "duplicate id: the first response (%s) is kept", b);
	*err = reject(t, resp, why);
	return 1;
}

static int accept(sdt_take *t, const sdt_response *resp)
{
	sdt_run_counts *c = &t->counts;
	char why[200];
	size_t k;
	int rc = SDT_OK;

	sdt_score_response(t->scores, t->run->ins, resp);
	if (t->run->opt->careless && careless_out(t, resp, why, sizeof why))
		return reject(t, resp, why);
	c->accepted++;
	c->invalid_values += resp->n_invalid;
	c->unknown_items += resp->n_unknown;
	if (t->scores->n_scored > 0)
		c->scored++;
	for (k = 0; k < t->n_sinks && rc == SDT_OK; k++)
		rc = sdt_user_stop(t->sinks[k].ops->add(t->sinks[k].ctx, resp, t->scores));
	return rc;
}

int sdt_take_response(sdt_take *t, const sdt_response *resp, size_t f, unsigned long ord)
{
	int err;

	t->counts.read++;
	if (is_left_out(t, resp, f, ord, &err) || err)
		return err;
	return accept(t, resp);
}

int sdt_run_files(const sdt_instrument *ins, const char *const *paths,
                  size_t n_paths, const sdt_run_options *opt,
                  sdt_response_fn on_response, sdt_reject_fn on_reject,
                  void *ctx, sdt_run_counts *counts, char **wave)
{
	/* the callback is a sink that cannot be merged: one job, in order */
	const sdt_sink_ops ops = {NULL, on_response, NULL, NULL};
	sdt_sink sink = {&ops, ctx};

	return sdt_pipeline_run(ins, paths, n_paths, opt, 1, &sink, on_response ? 1 : 0,
	                        on_reject, ctx, counts, wave);
}
