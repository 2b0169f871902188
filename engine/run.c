/*
 * run.c - one wave: read every file, apply the duplicate policy, score
 * each accepted response and hand it on. Streaming: the only memory that
 * grows with respondents is the id set.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "idset.h"
#include "sdt_careless.h"

typedef struct run_state {
	const sdt_instrument *ins;
	const char *const *paths;
	size_t n_paths;
	const sdt_run_options *opt;
	sdt_response_fn on_response;
	sdt_reject_fn on_reject;
	void *ctx;
	sdt_run_counts *counts;
	char **wave;
	sdt_scores *scores;
	sdt_idset *seen; /* first position of each id (line numbers) */
	sdt_idset *last; /* --duplicates=last: ordinal of each id's last response */
	sdt_careless_mahad *mahad; /* the mahalanobis rule: the whole sample */
} run_state;

/* "file:12": the physical line the record starts on, in every format
 * and for any number of threads (parallel.c says the same). */
static void place(char *buf, size_t n, const run_state *st, size_t f,
                  unsigned long line)
{
	snprintf(buf, n, "%s:%lu", st->paths[f], line);
}

static int open_reader(sdt_reader **r, const run_state *st, size_t f)
{
	return sdt_reader_open(r, st->ins, st->paths[f], &st->opt->read);
}

/* First pass for --duplicates=last: where each id is seen last. */
static int find_last(run_state *st)
{
	sdt_reader *r = NULL;
	const sdt_response *resp;
	unsigned long ord;
	size_t f;
	int rc = SDT_OK, existed;

	for (f = 0; f < st->n_paths && rc == SDT_OK; f++) {
		if (strcmp(st->paths[f], "-") == 0)
			return sdt_fail(SDT_EUSAGE, "keeping the last of repeated ids reads the input "
			                "twice and cannot use standard input: save it to a file first");
		if ((rc = open_reader(&r, st, f)) != SDT_OK)
			break;
		for (ord = 1; (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp; ord++)
			if ((rc = sdt_idset_put(st->last, resp->id, (unsigned)f, ord, 1,
			                        &existed, NULL)) != SDT_OK)
				break;
		sdt_reader_free(r);
		r = NULL;
	}
	return rc;
}

/* Whether the response at ordinal ord of file f is the one the duplicate
 * policy keeps (the main pass settles errors and reasons). */
static int kept(run_state *st, sdt_idset *first, const sdt_response *resp,
                size_t f, unsigned long ord, int *err)
{
	sdt_idpos pos;
	int existed = 0;

	if (st->opt->duplicates == SDT_DUPLICATES_LAST)
		return !sdt_idset_get(st->last, resp->id, &pos) ||
		       (pos.file == f && pos.line == ord);
	*err = sdt_idset_put(first, resp->id, (unsigned)f, ord, 0, &existed, NULL);
	return !existed;
}

/* First pass for the mahalanobis rule: the items' covariance over every
 * response the duplicate policy keeps, before any rule leaves one out
 * (careless::mahad judges each response against the whole sample). */
static int mahad_pass(run_state *st)
{
	sdt_idset *first = NULL;
	sdt_reader *r = NULL;
	const sdt_response *resp;
	unsigned long ord;
	size_t f;
	int rc, err = SDT_OK;

	if ((rc = sdt_careless_mahad_new(&st->mahad, st->ins)) != SDT_OK ||
	    (rc = sdt_idset_new(&first)) != SDT_OK)
		goto done;
	for (f = 0; f < st->n_paths && rc == SDT_OK; f++) {
		if (strcmp(st->paths[f], "-") == 0) {
			rc = sdt_fail(SDT_EUSAGE, "the careless rule mahalanobis reads the input twice "
			              "(the covariance of the whole sample first) and cannot use "
			              "standard input: save it to a file first");
			break;
		}
		if ((rc = open_reader(&r, st, f)) != SDT_OK)
			break;
		for (ord = 1; (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp; ord++) {
			if (kept(st, first, resp, f, ord, &err))
				sdt_careless_mahad_add(st->mahad, resp);
			if ((rc = err) != SDT_OK)
				break;
		}
		sdt_reader_free(r);
		r = NULL;
	}
	if (rc == SDT_OK && (rc = sdt_careless_mahad_finish(st->mahad)) == SDT_OK)
		st->counts->mahalanobis_cutoff = sdt_careless_mahad_cutoff(st->mahad);
done:
	sdt_idset_free(first);
	return rc;
}

/* Judge one response by the chosen rules: 1 (reason in why) when one
 * leaves it out. */
static int careless_out(run_state *st, const sdt_response *resp, char *why, size_t n)
{
	sdt_run_counts *c = st->counts;
	sdt_careless cl;
	unsigned hit;
	size_t k;

	sdt_careless_compute(&cl, st->ins, resp, st->scores->keyed);
	sdt_careless_duration_at(&cl, st->ins, resp->duration, sdt_run_speeder_seconds(st->opt));
	if (st->mahad)
		sdt_careless_mahad_apply(st->mahad, &cl, resp);
	if (st->opt->careless & SDT_CARELESS_SPEEDERS) {
		c->duration_bad += resp->duration_bad != 0;
		c->duration_missing += isnan(resp->duration) && !resp->duration_bad;
	}
	if (!sdt_careless_reason(why, n, &cl, st->opt->careless))
		return 0;
	hit = cl.flags & st->opt->careless;
	for (k = 0; k < SDT_CARELESS_N_RULES && !(hit & (1u << k)); k++)
		;
	c->careless_rule[k]++;
	c->careless++;
	return 1;
}

static int reject(run_state *st, const sdt_response *resp, const char *why)
{
	st->counts->left_out++;
	return st->on_reject ? sdt_user_stop(st->on_reject(st->ctx, resp->file, resp->line,
	                                                   resp->id, why))
	                     : SDT_OK;
}

/* Returns 1 when the response is a duplicate that the policy leaves out
 * (reported through on_reject), 0 when it takes part. Errors (a duplicate
 * under SDT_DUPLICATES_ERROR, ENOMEM) come back through *err. */
static int is_left_out(run_state *st, const sdt_response *resp, size_t f,
                       unsigned long ord, int *err)
{
	sdt_idpos prev, lastpos;
	char a[512], b[512], why[600];
	int existed;

	*err = sdt_idset_put(st->seen, resp->id, (unsigned)f, resp->line, 0,
	                     &existed, &prev);
	if (*err)
		return 0;
	if (st->opt->duplicates == SDT_DUPLICATES_LAST) {
		if (!sdt_idset_get(st->last, resp->id, &lastpos) ||
		    (lastpos.file == f && lastpos.line == ord))
			return 0;
		snprintf(why, sizeof why, "duplicate id: the last response with this id "
		         "(in %s) is kept", st->paths[lastpos.file]);
		*err = reject(st, resp, why);
		return 1;
	}
	if (!existed)
		return 0;
	place(a, sizeof a, st, f, resp->line);
	place(b, sizeof b, st, prev.file, prev.line);
	if (st->opt->duplicates == SDT_DUPLICATES_ERROR) {
		*err = sdt_fail(SDT_EDATA, "%s: duplicate respondent id '%s', first seen at "
		                "%s", a, resp->id, b);
		sdt_error_set_kind("duplicate_id", st->paths[f]);
		return 1;
	}
	snprintf(why, sizeof why, "duplicate id: the first response (%s) is kept", b);
	*err = reject(st, resp, why);
	return 1;
}

static int accept(run_state *st, const sdt_response *resp)
{
	sdt_run_counts *c = st->counts;
	char why[200];

	sdt_score_response(st->scores, st->ins, resp);
	if (st->opt->careless && careless_out(st, resp, why, sizeof why))
		return reject(st, resp, why);
	c->accepted++;
	c->invalid_values += resp->n_invalid;
	c->unknown_items += resp->n_unknown;
	if (st->scores->n_scored > 0)
		c->scored++;
	return st->on_response ? sdt_user_stop(st->on_response(st->ctx, resp, st->scores)) : SDT_OK;
}

static int run_file(run_state *st, size_t f)
{
	sdt_reader *r = NULL;
	const sdt_response *resp;
	unsigned long ord;
	int rc, err;

	if ((rc = open_reader(&r, st, f)) != SDT_OK)
		goto done;
	for (ord = 1; (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp; ord++) {
		st->counts->read++;
		if (is_left_out(st, resp, f, ord, &err) || err) {
			if ((rc = err) != SDT_OK)
				break;
			continue;
		}
		if ((rc = accept(st, resp)) != SDT_OK)
			break;
	}
	if (rc == SDT_OK && st->wave && !*st->wave && sdt_reader_wave(r)) {
		*st->wave = sdt_strdup(sdt_reader_wave(r));
		if (!*st->wave)
			rc = sdt_fail_nomem();
	}
done:
	sdt_reader_free(r);
	return rc;
}

int sdt_run_files(const sdt_instrument *ins, const char *const *paths,
                  size_t n_paths, const sdt_run_options *opt,
                  sdt_response_fn on_response, sdt_reject_fn on_reject,
                  void *ctx, sdt_run_counts *counts, char **wave)
{
	static const sdt_run_options defaults = SDT_RUN_OPTIONS_INIT;
	sdt_run_counts local;
	run_state st = {ins, paths, n_paths, opt ? opt : &defaults, on_response,
	                on_reject, ctx, counts ? counts : &local, wave, NULL, NULL, NULL, NULL};
	size_t f;
	int rc;

	memset(st.counts, 0, sizeof *st.counts);
	st.counts->speeder_seconds = sdt_run_speeder_seconds(opt);
	if (wave)
		*wave = NULL;
	if ((rc = sdt_check_run_options(opt)) != SDT_OK ||
	    (rc = sdt_scores_new(&st.scores, ins)) != SDT_OK ||
	    (rc = sdt_idset_new(&st.seen)) != SDT_OK)
		goto done;
	if (st.opt->duplicates == SDT_DUPLICATES_LAST &&
	    ((rc = sdt_idset_new(&st.last)) != SDT_OK || (rc = find_last(&st)) != SDT_OK))
		goto done;
	if ((st.opt->careless & SDT_CARELESS_MAHALANOBIS) && (rc = mahad_pass(&st)) != SDT_OK)
		goto done;
	for (f = 0; f < n_paths && rc == SDT_OK; f++)
		rc = run_file(&st, f);
done:
	if (rc != SDT_OK && wave) {
		sdt_free(*wave);
		*wave = NULL;
	}
	sdt_scores_free(st.scores);
	sdt_idset_free(st.seen);
	sdt_idset_free(st.last);
	sdt_careless_mahad_free(st.mahad);
	return rc;
}
