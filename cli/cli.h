/*
 * cli.h - shared pieces of the sdtscore command: the subcommand table,
 * exit codes, error printing, common input options and atomic output.
 */
#ifndef SDT_CLI_H
#define SDT_CLI_H

#include <stdio.h>

#include "sdtscore.h"
#include "options.h"

/* Exit codes: a contract scripts rely on. */
enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_DATA = 1,  /* bad input data or instrument */
	CLI_EXIT_USAGE = 2,
	CLI_EXIT_IO = 3,
	CLI_EXIT_NOMEM = 4,
	CLI_EXIT_BATCH = 5  /* some organisations of a batch failed */
};

typedef struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
	const char *summary;
	const cli_spec *spec;              /* its options and --help */
} cli_command;

/* Each command's option tables (sdtscore CMD --help, sdtscore help CMD). */
extern const cli_spec cli_spec_instruments, cli_spec_validate, cli_spec_score,
	cli_spec_stats, cli_spec_simulate, cli_spec_merge, cli_spec_shard, cli_spec_report,
	cli_spec_batch, cli_spec_import, cli_spec_export_survey, cli_spec_progress;

/* Whether --quiet was given: no run summary, warnings or progress. */
extern int cli_quiet;
/* --error-format json: each error one JSON object on standard error with
 * the keys file, line, column, row, path, code and message. */
extern int cli_error_format_json;

/* The closest of n names to `s` by edit distance (at most 2, or a third
 * of s), or NULL. */
const char *cli_closest(const char *s, const char *const *names, size_t n);

int cmd_instruments(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_score(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_shard(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_export_survey(int argc, char **argv);
int cmd_progress(int argc, char **argv);

/* The full command line, for reports' Method sheet. */
extern const char *cli_command_line;

/* Map an sdt_error to an exit code. */
int cli_exit_code(int err);

/* Messages of one organisation of a batch: while a capture is active (on
 * the calling thread) the first error goes into `error` instead of
 * stderr, warnings are printed prefixed with `name` (after on_warning,
 * e.g. to clear a progress bar) to `log`, or stderr when `log` is NULL,
 * and the read/scored summary line is not printed. */
typedef struct cli_capture {
	char error[1024];
	size_t warnings;
	const char *name;
	void (*on_warning)(struct cli_capture *c);
	void *ctx;
	FILE *log;  /* may be NULL; not owned */
} cli_capture;
void cli_capture_begin(cli_capture *c);
void cli_capture_end(void);
/* Where this thread's warnings and notes go: the capture's log, else
 * stderr. */
FILE *cli_msg_stream(void);

/* Print "sdtscore: error: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "sdtscore: warning: <message>" to stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the engine's last error message and return the exit code for err. */
int cli_fail(int err);
/* Print a usage error and a hint to run `sdtscore CMD --help`; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Parse a non-negative integer option value; -1 (printed) when invalid. */
int cli_parse_size(const char *cmd, const char *opt, const char *s,
                   size_t *out);

/* Options that every command reading responses shares. */
typedef struct cli_input {
	const char *instrument; /* -i / --instrument: bundled id or path */
	sdt_run_options run;    /* --input-format, --invalid, --ignore-unknown, --duplicates */
	const char *rejects;    /* --rejects FILE.csv */
	const char **files;     /* positional response files */
	size_t n_files;
	const char *map_path;   /* --map MAP.json, loaded by cli_load_instrument */
	sdt_map *map;           /* owned; in run.read.map */
	char *attr_buf;         /* --attributes, split in place */
	char **attr_names;      /* into it; in run.read.attributes */
	unsigned long *skip_rows; /* --skip-rows; in run.read.skip_rows */
	int columns_listed;     /* validate: the run summary leaves them out */
	int allow_missing_items; /* --allow-missing-items */
	const char *careless;   /* --exclude-careless as given */
} cli_input;

/* The options above, and their handler (ctx: a cli_input). */
extern const cli_option cli_input_options[];
int cli_input_set(void *ctx, const char *cmd, const cli_option *o, const char *v);
/* A positional argument as a response file (ctx: the command's arguments,
 * whose first member is its cli_input). */
int cli_input_positional(void *ctx, const char *arg);
/* An input with no options given: the library's defaults (versioned
 * options, SDT_RUN_OPTIONS_INIT). */
void cli_input_init(cli_input *in);
/* Add a positional file argument. Returns 0, or an exit code on ENOMEM. */
int cli_input_add_file(cli_input *in, const char *path);
void cli_input_free(cli_input *in);
/* The first option given that decides which responses are taken
 * (--exclude-careless, --rejects, --duplicates), or NULL: for commands
 * that pass responses on or read only headers, which must refuse them
 * rather than take them and apply none. */
const char *cli_input_take_option(const cli_input *in);

/* Load the instrument named by in->instrument, and the --map file if one
 * was given; prints errors. Returns 0 or an exit code. */
int cli_load_instrument(cli_input *in, sdt_instrument **out);

/* Why responses were left out, in kinds ("duplicate id"), with counts. */
#define CLI_MAX_REASONS 8
typedef struct cli_reason {
	char text[96];
	size_t count;
} cli_reason;

typedef struct cli_tally {
	cli_reason reasons[CLI_MAX_REASONS];
	size_t n_reasons;
} cli_tally;

/* Run all input files (sdt_run_files), write the --rejects file if asked,
 * and print the one-line summary of read / scored / left-out responses to
 * stderr. Returns 0 or an exit code (the error already printed). */
int cli_run_inputs(const cli_input *in, const sdt_instrument *ins,
                   sdt_response_fn fn, void *ctx, sdt_run_counts *counts,
                   char **wave);
/* The same, also counting the left-out responses by kind into *tally. */
int cli_run_inputs_tally(const cli_input *in, const sdt_instrument *ins,
                         sdt_response_fn fn, void *ctx, sdt_run_counts *counts,
                         char **wave, cli_tally *tally);

/* The same for statistics: every accepted response goes into acc and
 * groups (either may be NULL), read by up to `threads` threads (0: the
 * cores available; see sdt_parallel.h). */
int cli_run_inputs_accum(const cli_input *in, const sdt_instrument *ins,
                         size_t threads, sdt_accum *acc, sdt_groupacc *groups,
                         sdt_run_counts *counts, char **wave);

/* The same through the response pipeline (sdt_pipeline.h): every
 * accepted response goes to each of the n sinks, read by up to `threads`
 * threads (0: the cores available); left-out responses are counted into
 * *tally (may be NULL) and written to --rejects. */
int cli_run_inputs_sinks(const cli_input *in, const sdt_instrument *ins, size_t threads,
                         const sdt_sink *sinks, size_t n, sdt_run_counts *counts,
                         char **wave, cli_tally *tally);

/* --threads N, the same option on every command that reads responses:
 * an entry of a command's option table with its own id, and its parser. */
#define CLI_THREADS_HELP \
	"read with N threads (default: the cores\n" \
	"available; 1: one pass). NDJSON and CSV files\n" \
	"are split at line boundaries; the output is\n" \
	"that of one pass"
#define CLI_THREADS_OPTION(id) {"--threads", 0, "N", (id), CLI_THREADS_HELP, NULL, 0}
int cli_threads_set(const char *cmd, const cli_option *o, const char *v, size_t *out);

/* Options that several commands share word for word, one entry each, so
 * that a default or its wording changes in one place. */
#define CLI_MIN_GROUP_OPTION(id) \
	{"--min-group", 0, "N", (id), "anonymity threshold (default 5)", NULL, 0}
#define CLI_LANG_OPTION(id) {"--lang", 0, "LANG", (id), "en (default), fi or sv", NULL, 0}
#define CLI_PREDICTORS_OPTION(id) \
	{"--predictors", 0, "ID,...", (id), \
	 "the drivers' predictor scales (default: every\n" \
	 "other scale)", NULL, 0}

/* "columns of FILE: id: ...; team: ...; items: ...; attributes: ...;
 * ignored: ..." for each CSV and .xlsx input (at most 10 names a role,
 * then a count). Returns 0 or an exit code (the error printed). */
int cli_print_columns(FILE *fp, const cli_input *in, const sdt_instrument *ins);

/* The one-line summary of read / scored / left-out responses on stderr,
 * as cli_run_inputs prints it (merge prints the shards' sum). */
void cli_print_counts(const sdt_run_counts *c);

/* Write statistics as `stats --format json|table` does (cmd_stats.c). */
void cli_stats_print(FILE *fp, const sdt_stats *st, const sdt_need_links *nl,
                     const sdt_drivers *dr, const sdt_instrument *ins, int json);

/* Atomic output: writes go to a temporary file beside `path` that is
 * renamed over it on commit, so a failure never leaves a partial file.
 * NULL or "-" means standard output (no temporary); so does, in effect,
 * an existing device or pipe such as /dev/null, written in place. */
typedef struct cli_output {
	FILE *fp;
	const char *path;
	sdt_output *out; /* sdt_output_begin's: temporary, device or stdout */
} cli_output;

/* Returns 0 or an exit code (error printed). */
int cli_output_open(cli_output *o, const char *path);

/* Before any data is read: whether a file output could be written at
 * `path` (not a directory; its folder exists and takes new files), and
 * whether a folder output could be made at `path` (an existing writable
 * folder, or the nearest existing ancestor is one, for cli_make_dirs).
 * Return 0 or an exit code (error printed, as cli_output_open words it). */
int cli_output_check(const char *path);
int cli_output_dir_check(const char *path);
/* mkdir -p: `path` and its missing parents. 0 or an exit code (printed). */
int cli_make_dirs(const char *path);
/* Flush, close and rename. Returns 0 or an exit code (error printed);
 * on failure the temporary file is removed. */
int cli_output_commit(cli_output *o);
/* Close and remove the temporary file without touching `path`. */
void cli_output_abort(cli_output *o);

/* --lang and --min-group of the commands writing workbooks (report,
 * batch): 0, or CLI_EXIT_USAGE (printed). */
int cli_lang_check(const char *cmd, const char *lang);

/* --headcount FILE.csv (team,headcount rows; the header is optional) into
 * the group accumulator, read by the engine's CSV reader (sdt_csv.h).
 * Returns 0 or an exit code (error printed as FILE:LINE: what). */
int cli_read_headcount(sdt_groupacc *g, const char *file);
int cli_min_group_set(const char *cmd, const char *v, size_t *min_group);

/* Write a partial ("sdtscore-partial/1") to `path` ('-' or NULL: standard
 * output) as one line and a newline, so that partials can be piped, one
 * per line, to `sdtscore merge -`. Private file mode (raw per-team sums).
 * Returns 0 or an exit code (error printed). */
int cli_write_partial(const char *path, const sdt_accum *acc,
                      const sdt_partial_info *info);

/* --outcome ID and --predictors A,B (may be NULL) of `ins` as scale
 * indices into *outcome and pred[SDT_INSTRUMENT_MAX_SCALES]: 0, or
 * CLI_EXIT_USAGE (printed). Without an outcome *n_pred is 0. ID may name
 * an outcome item (e.g. enps) instead of a scale: *outcome is then the
 * scale count plus the item's index, as cli_drivers_compute takes it. */
int cli_drivers_resolve(const char *cmd, const char *outcome_id, const char *predictors,
                        const sdt_instrument *ins, size_t *outcome, size_t *pred,
                        size_t *n_pred);
/* The drivers of a resolved outcome (cli_drivers_resolve) from acc:
 * sdt_drivers_compute for a scale, sdt_drivers_compute_item for an
 * outcome item. An sdt_error code. */
int cli_drivers_compute(sdt_drivers **out, const sdt_accum *acc, const sdt_instrument *ins,
                        size_t outcome, const size_t *pred, size_t n_pred, size_t min_n);

/* The report date "YYYY-MM-DD": SOURCE_DATE_EPOCH's (UTC) when set, for
 * reproducible files, else today's. */
void cli_report_date(char *buf, size_t size);

/* One organisation's workbook for `sdtscore batch` (cmd_report.c): the
 * report pipeline of `sdtscore report -o out` on in's files. On success
 * *groups receives the organisation's groups (caller frees with
 * sdt_groups_free). *counts is filled as far as the run got. Returns 0 or
 * an exit code (the error through cli_error). */
typedef struct cli_report_job {
	const cli_input *in;
	const sdt_instrument *ins;
	const char *headcount; /* may be NULL */
	const char *lang;
	size_t min_group;
	const char *out;
	const char *command_line; /* Method sheet; NULL: this run's */
	const char *const *previous; /* earlier waves' files, oldest first, one
	                                wave each (a Trend sheet); may be NULL */
	size_t n_previous;
	const char *actions; /* report --actions (needs n_previous); may be NULL */
} cli_report_job;
/* The organisation's report; *groups (caller frees) and *counts as the
 * report has them, and with earlier waves *changes (caller frees; NULL
 * without) the organisation's change on each scale as its Trend sheet
 * shows it (SDT_TEST_NONE where hidden). */
int cli_report_org(const cli_report_job *job, sdt_groups **groups,
                   sdt_run_counts *counts, sdt_change **changes);

/* Print a double in the shortest form that reads back exactly
 * (sdt_format_double), or "null" for NAN and infinities. */
void cli_print_json_number(FILE *fp, double x);
void cli_print_json_string(FILE *fp, const char *s);
/* An RFC 4180 field, quoted only when it holds , " CR or LF or starts or
 * ends with a space or tab; NULL is an empty field. */
void cli_print_csv_field(FILE *fp, const char *s);
/* A text field as above, s followed by `suffix` (NULL: none; a constant
 * without quotes); with `safe`, one that begins with = + - @ tab or CR
 * gets a leading ' (CSV injection: spreadsheets would run it as a
 * formula). Numeric fields are printed without it, never through this. */
void cli_print_csv_text(FILE *fp, const char *s, const char *suffix, int safe);

/* --no-protection on stats and merge (never report or batch): the
 * analyst's explicit opt-out of the disclosure protection. After the
 * options are parsed: --min-group below 3 needs it, and it warns on
 * standard error. Returns 0 or CLI_EXIT_USAGE. */
int cli_protection_check(const char *cmd, size_t min_group, int no_protection);

/* The workbooks (*.xlsx) in a split's folder before it is written, by
 * inode: after the split, those it did not replace are from an earlier
 * run, and a folder handed out whole would pass them as this wave's. */
typedef struct cli_old_books cli_old_books;
/* *out NULL when `dir` does not exist yet. Returns 0 or an exit code
 * (printed). Caller frees with cli_old_books_free(). */
int cli_old_books_list(cli_old_books **out, const char *dir);
/* A warning naming those still there, unreplaced (none: silent). */
void cli_old_books_say(const cli_old_books *o, const char *dir);
void cli_old_books_free(cli_old_books *o);

#endif
