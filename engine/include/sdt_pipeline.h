/*
 * sdt_pipeline.h - one response pipeline for every command: readers ->
 * take (the duplicate policy, careless rules, the run's counts) -> scores
 * -> sinks. The same code runs one job or several: each regular NDJSON or
 * CSV file is cut at line (record) boundaries into ranges read by their
 * own threads, every job feeds its own copies of the sinks, and the copies
 * are merged into the caller's sinks in input order, so the result is that
 * of one pass (exact accumulators: to the bit; ordered writers: to the
 * byte). A sink that cannot be copied or merged makes the run one job.
 */
#ifndef SDT_PIPELINE_H
#define SDT_PIPELINE_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_breakdown.h"
#include "sdt_comments.h"
#include "sdt_groups.h"
#include "sdt_quality.h"
#include "sdt_score.h"
#include "sdt_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a sink does. `add` is required; without `clone` or `merge` the run
 * is one job (the caller's sink gets every response, in order). */
typedef struct sdt_sink_ops {
	/* A new, empty sink configured like `like` (the caller's, never
	 * changed), into *out; called on the calling thread. */
	int (*clone)(void **out, const void *like);
	/* One accepted response with its scores; returns as sdt_response_fn. */
	int (*add)(void *ctx, const sdt_response *r, const sdt_scores *s);
	/* Fold `from` (the responses that follow those of `into`) into
	 * `into`; `from` is freed afterwards. */
	int (*merge)(void *into, void *from);
	/* Free a clone (the caller's own sink is never freed by a run). */
	void (*free)(void *ctx);
} sdt_sink_ops;

/* A sink: its operations and the caller's object. */
typedef struct sdt_sink {
	const sdt_sink_ops *ops;
	void *ctx;
} sdt_sink;

/* Read every file as one wave, as sdt_run_files() does (same duplicate
 * policies, careless rules, rejects, counts and first "wave"), and hand
 * each accepted response with its scores to every sink, by up to
 * `threads` threads (0: sdt_cpu_count()). Several jobs run only under
 * SDT_DUPLICATES_ERROR without careless rules (which response is kept, and
 * the rejects in order, depend on reading order) and when every sink can
 * be cloned and merged; on_reject is therefore always called on the
 * calling thread, in input order. Duplicate ids across ranges are the
 * error one pass gives; when several jobs fail, the earliest job's error
 * is returned, so messages do not depend on the number of threads. On
 * error the caller's sinks hold part of the input. counts, if not NULL, is
 * filled in; `wave` as sdt_run_files(). */
SDT_API int sdt_pipeline_run(const sdt_instrument *ins, const char *const *paths,
                             size_t n_paths, const sdt_run_options *opt, size_t threads,
                             const sdt_sink *sinks, size_t n_sinks,
                             sdt_reject_fn on_reject, void *ctx,
                             sdt_run_counts *counts, char **wave);

/* Sinks of the library's accumulators (which must outlive the run). A
 * response callback is a sink too: ops {NULL, fn, NULL, NULL} with its
 * context, which makes the run one job. */
SDT_API sdt_sink sdt_sink_accum(sdt_accum *acc);
SDT_API sdt_sink sdt_sink_groupacc(sdt_groupacc *acc);
SDT_API sdt_sink sdt_sink_breakdownacc(sdt_breakdownacc *acc);
SDT_API sdt_sink sdt_sink_comments(sdt_comments *c);
SDT_API sdt_sink sdt_sink_quality(sdt_quality *q);
/* An ordered writer: each further job writes its rows to a temporary file
 * (tmpfile()) that the merge appends, so the bytes are those of one pass
 * and memory does not grow with respondents. */
SDT_API sdt_sink sdt_sink_score_writer(sdt_score_writer *w);

#ifdef __cplusplus
}
#endif
#endif
