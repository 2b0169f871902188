/*
 * pipeline_impl.h - taking responses (run.c), shared by every job of a
 * run (parallel.c): the duplicate policy, the careless rules, the counts,
 * then the job's sinks.
 */
#ifndef SDT_PIPELINE_IMPL_H
#define SDT_PIPELINE_IMPL_H

#include "idset.h"
#include "sdt_careless.h"
#include "sdt_pipeline.h"

/* What every job of a run reads and none changes once prepared. */
typedef struct sdt_take_run {
	const sdt_instrument *ins;
	const char *const *paths;
	size_t n_paths;
	const sdt_run_options *opt;
	sdt_reject_fn on_reject; /* called only by one-job runs */
	void *ctx;
	sdt_idset *last;           /* --duplicates=last: each id's last ordinal */
	sdt_careless_mahad *mahad; /* the mahalanobis rule: the whole sample */
	double mahalanobis_cutoff;
} sdt_take_run;

/* One job's taking state. */
typedef struct sdt_take {
	const sdt_take_run *run;
	sdt_scores *scores;
	sdt_idset *seen;        /* first place (file, line) of each id, in reading order */
	sdt_run_counts counts;
	const sdt_sink *sinks;  /* this job's */
	size_t n_sinks;
} sdt_take;

/* The passes some policies need before any job (--duplicates=last, the
 * mahalanobis rule). Free with sdt_take_run_free() even on error. */
int sdt_take_run_prepare(sdt_take_run *run);
void sdt_take_run_free(sdt_take_run *run);

int sdt_take_init(sdt_take *t, const sdt_take_run *run, const sdt_sink *sinks,
                  size_t n_sinks);
void sdt_take_free(sdt_take *t);

/* One response read as the ord-th (from 1) of file f: counted, checked
 * against the duplicate policy and careless rules, scored and handed to
 * the sinks. SDT_OK, or the error that stops the run. */
int sdt_take_response(sdt_take *t, const sdt_response *resp, size_t f, unsigned long ord);

/* "file:12": the physical line a record starts on, in every format and
 * for any number of jobs. */
void sdt_take_place(char *buf, size_t n, const sdt_take_run *run, size_t f,
                    unsigned long line);
/* The duplicate-id error of one pass: the id at (f, line), first seen at prev. */
int sdt_take_dup_error(const sdt_take_run *run, const char *id, size_t f,
                       unsigned long line, const sdt_idpos *prev);

#endif
