/*
 * sdt_parallel.h - a wave's run split over threads: each regular NDJSON or
 * CSV file is cut at line (record) boundaries into one byte range per
 * thread, every thread reads, scores and accumulates its range, and the
 * partial accumulators are merged in file order, so the figures are those
 * of one pass, bit for bit (the accumulators are exact integers). A
 * wrapper of sdt_pipeline_run() (sdt_pipeline.h) with two sinks.
 */
#ifndef SDT_PARALLEL_H
#define SDT_PARALLEL_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_groups.h"
#include "sdt_score.h"
#include "sdt_stats.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The processors online (sysconf), at least 1. */
SDT_API size_t sdt_cpu_count(void);

/* Like sdt_run_files(), but every accepted response goes into `acc` and
 * `groups` (either may be NULL; both start empty) instead of a callback,
 * read by up to `threads` threads (0: sdt_cpu_count()).
 *
 * One thread reads a file when it cannot be split: standard input, a JSON
 * document or a workbook, a column map, another encoding than UTF-8, a CSV
 * file with a line end inside quotes, or a small file; and the whole run
 * is one pass under the duplicate policies SDT_DUPLICATES_FIRST and _LAST,
 * whose choice depends on order, and with careless-responding exclusions.
 * Duplicate ids are still an error across ranges; when several ranges fail,
 * the error of the earliest one is returned, so messages do not depend on
 * the number of threads. Memory: one id set over the run's respondents
 * (split between the threads), plus one accumulator per thread. */
SDT_API int sdt_run_parallel(const sdt_instrument *ins, const char *const *paths,
                     size_t n_paths, const sdt_run_options *opt,
                     size_t threads, sdt_accum *acc, sdt_groupacc *groups,
                     sdt_reject_fn on_reject, void *ctx,
                     sdt_run_counts *counts, char **wave);

#ifdef __cplusplus
}
#endif
#endif
