/*
 * sdt_report.h - the team-level Excel workbook (libxlsxwriter): one writer
 * that renders a selection of groups, so the full workbook and every
 * supervisor's split workbook come from the same code.
 *
 * The writer only renders figures whose suppression sdt_groups already
 * decided: a hidden cell is written as the words "fewer than N" and its
 * number is never written anywhere in the file.
 */
#ifndef SDT_REPORT_H
#define SDT_REPORT_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdtscore.h"
#include "sdt_actions.h"
#include "sdt_needs.h"
#include "sdt_drivers.h"
#include "sdt_comments.h"

/* One reason responses were left out, with how many. */
typedef struct sdt_report_reason {
	const char *reason; /* in words, as the engine gave it */
	size_t count;
} sdt_report_reason;

/* What the Data quality sheet shows beyond sdt_run_counts. Every member
 * may be NULL / 0: the sheet renders what it is given. */
typedef struct sdt_report_quality {
	const sdt_quality *careless;        /* careless-response flags */
	size_t n_reasons;
	const sdt_report_reason *reasons;   /* left-out reasons and counts */
} sdt_report_quality;

/* Pulse waves for the Trend sheet. Each wave's groups are computed from
 * that wave's responses with the same options (teams renamed into the
 * current names), so each wave's means are shown only where that wave's
 * own suppression lets them be. */
typedef struct sdt_report_trend {
	size_t n_waves;                  /* at least 2, oldest first */
	const char *const *names;        /* the wave names */
	const sdt_groups *const *waves;  /* per wave; the last is the current
	                                    wave, the input's `groups` */
	/* [group of the current wave][scale]: previous to current wave, from
	 * sdt_report_trend_changes(); test SDT_TEST_NONE = no change shown. */
	const sdt_change *changes;
} sdt_report_trend;

typedef struct sdt_report_input {
	unsigned int version; /* SDT_REPORT_INPUT_VERSION (SDT_REPORT_INPUT_INIT sets it) */
	const sdt_instrument *ins;
	const sdt_groups *groups;           /* suppression already decided */
	const sdt_stats *stats;             /* may be NULL: no Reliability figures */
	const sdt_run_counts *counts;       /* may be NULL */
	const sdt_report_quality *quality;  /* may be NULL */
	const char *wave;                   /* may be NULL */
	const char *lang;                   /* "en" (default when NULL), "fi", "sv" */
	const char *command_line;           /* for the Method sheet; may be NULL */
	const char *date;                   /* "YYYY-MM-DD", shown in footers */
	double alpha;                       /* significance level used (0 = 0.05) */
	int colour_favourable;              /* colour means by % favourable, not the rest */
	const sdt_report_trend *trend;      /* may be NULL: no Trend sheet */
	size_t n_breakdowns;                /* one Breakdown sheet each */
	const sdt_breakdown *const *breakdowns; /* computed with `groups` */
	/* how each need's scales go together, on the Reliability sheet; may
	 * be NULL */
	const sdt_need_links *needs;
	/* the actions chosen after the previous wave (sdt_actions_read); with
	 * `trend`, the Trend sheet and the team page show whether each chosen
	 * need moved. May be NULL. */
	const sdt_actions *actions;
	/* drivers of an outcome (sdt_drivers_compute over the same
	 * responses), on the Reliability sheet and, for the groups it holds,
	 * on their team pages; may be NULL. min_driver_n: the min_n they were
	 * computed with, for the words of a page that shows none (0: 30). */
	const sdt_drivers *drivers;
	size_t min_driver_n;
	/* the outcome items' figures per group (sdt_groups_outcomes(),
	 * groups->n_groups * n_outcomes), on the Summary and Team sheets; may be
	 * NULL (n_outcomes 0): no outcome rows */
	const sdt_outcome_stats *outcomes;
	size_t n_outcomes;
	/* the comments placed in `groups` (sdt_comments_assign()): a Comments
	 * sheet after the others; NULL: none */
	const struct sdt_comment_plan *comments;
} sdt_report_input;

/* 2: `actions`, `drivers`, `min_driver_n`, `outcomes`, `n_outcomes` and
 * `comments` added. */
#define SDT_REPORT_INPUT_VERSION 2
/* Everything NULL or 0 (ins and groups must then be set). */
#define SDT_REPORT_INPUT_INIT {SDT_REPORT_INPUT_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, \
	NULL, NULL, NULL, 0, 0, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, 0, NULL}

/* The changes of every group of `cur_groups` on every scale from `prev`
 * to `cur` into out[group * n_scales + scale] (the caller allocates
 * n_groups * n_scales): shown only where the group's cell is visible in
 * both waves' groups (`prev_groups` computed from the previous wave's
 * responses under the current team names), Benjamini-Hochberg adjusted
 * together. Roll-ups take everyone at or below the group's path; the
 * organisation takes every respondent. */
SDT_API int sdt_report_trend_changes(sdt_change *out, const sdt_wave *prev,
                             const sdt_wave *cur, const sdt_groups *prev_groups,
                             const sdt_groups *cur_groups);

/* 1 when `lang` is a report language (en, fi, sv). */
SDT_API int sdt_report_lang_ok(const char *lang);

/* Write the workbook to `path`: to a temporary file beside it that is
 * renamed on success, so a failure never leaves a partial report.
 * `select` has one flag per group (nonzero = render); NULL renders all.
 * The organisation (group 0) is always rendered. Returns SDT_OK or an
 * sdt_error code with a message (sdt_error_message()). */
SDT_API int sdt_report_write(const sdt_report_input *in, const unsigned char *select,
                     const char *path);
/* The same for one team's or department's workbook: a first sheet "Team"
 * puts group `focus` beside its parent and the organisation, with its
 * change and focus areas (focus < 0: none). */
SDT_API int sdt_report_write_for(const sdt_report_input *in, const unsigned char *select,
                         long focus, const char *path);

/* Supervisor workbooks into directory `dir` by `spec`: "team" (one per
 * visible team: the team, its ancestors and the organisation) or
 * "level:N" (one per visible group at depth N: the group, its
 * descendants, its ancestors and the organisation). File names are
 * derived safely from group paths. *n_written (may be NULL) receives the
 * number of workbooks written. */
SDT_API int sdt_report_split(const sdt_report_input *in, const char *spec,
                     const char *dir, size_t *n_written);
/* The same on `threads` threads (0 or 1: the calling thread alone; at
 * most SDT_REPORT_SPLIT_MAX_THREADS). The files are those of one thread.
 * Every workbook is checked against Excel's limits before the first is
 * written; on a failure the error is that of the first failing workbook
 * in group order, as with one thread, and no workbook of this split is
 * left in `dir`. */
#define SDT_REPORT_SPLIT_MAX_THREADS 16
SDT_API int sdt_report_split_threads(const sdt_report_input *in, const char *spec,
                             const char *dir, size_t threads, size_t *n_written);

/* Whether the report fits Excel's limits (1 048 576 rows and 16 384
 * columns a sheet, 32 767 characters a cell): the one workbook when
 * `spec` is NULL, else every workbook of that split. `path` (the workbook
 * or the directory) names it in the message. SDT_OK, or SDT_ELIMIT with
 * a message naming the limit and what to do, before any file is made:
 * sdt_report_write() and sdt_report_split() check the same, so a caller
 * that writes other outputs first calls this before them. */
SDT_API int sdt_report_check(const sdt_report_input *in, const char *spec, const char *path);

/* For the run summary: call skipped(ctx, group) for each group the split
 * by `spec` would give a workbook but does not, since the group is hidden
 * (group->hidden_by_protection says why). SDT_EUSAGE for a bad spec. */
SDT_API int sdt_report_split_skipped(const sdt_report_input *in, const char *spec,
                             void (*skipped)(void *ctx, const sdt_group *group), void *ctx);

/* The file name (without directory) for a group path: ASCII letters,
 * digits, '-' and '_' only, at most `size` - 1 bytes and at most 100,
 * ending in ".xlsx". Not made unique here. Returns 0, or -1 when size is
 * too small. */
SDT_API int sdt_report_file_name(char *buf, size_t size, const char *path);

/* The portfolio benchmark workbook (sheets Organisations, Charts, Teams,
 * Portfolio, Method), made to be printed for a board: it carries no
 * command line or file path. */
typedef struct sdt_benchmark_report {
	unsigned int version; /* SDT_BENCHMARK_REPORT_VERSION (SDT_BENCHMARK_REPORT_INIT sets it) */
	const sdt_benchmark *bench;   /* computed (sdt_benchmark_compute) */
	const char *lang;             /* "en" (default when NULL), "fi", "sv" */
	const char *date;             /* "YYYY-MM-DD", shown in footers */
	size_t min_group;             /* the anonymity threshold the groups used */
	/* -1: every organisation named. Otherwise the organisation (index in
	 * bench->orgs) the file is made for: it alone is named, the others
	 * are "Organisation A, B, ..." by rank, their teams numbered by rank
	 * and their respondent counts given only as bands. */
	long focus;
} sdt_benchmark_report;

#define SDT_BENCHMARK_REPORT_VERSION 1
/* Every organisation named (focus -1); bench must be set. */
#define SDT_BENCHMARK_REPORT_INIT {SDT_BENCHMARK_REPORT_VERSION, NULL, NULL, NULL, 0, -1}

/* Write the benchmark workbook to `path` (atomically, as
 * sdt_report_write). Returns SDT_OK or an sdt_error with a message. */
SDT_API int sdt_report_benchmark(const sdt_benchmark_report *in, const char *path);

#endif
