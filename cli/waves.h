/*
 * waves.h - the wave options shared by `stats` and `report`:
 * --previous FILE, --wave NAME=FILE and --rename FILE.csv.
 */
#ifndef SDT_CLI_WAVES_H
#define SDT_CLI_WAVES_H

#include "cli.h"

typedef struct cli_wave_spec {
	const char *name;   /* NAME= given, else NULL until a file names it */
	const char **files;
	size_t n_files;
} cli_wave_spec;

typedef struct cli_waves {
	cli_wave_spec *specs;  /* oldest first; the last is the current wave */
	size_t n;
	int from_wave_opts;    /* --wave used (else --previous + positional files) */
	const char *rename;    /* --rename FILE.csv */
	sdt_wave **waves;      /* one per spec, built by cli_waves_run */
	char **names;          /* resolved wave names */
	/* stats: the engine's protected changes of the organisation and each
	 * team, after cli_waves_changes() */
	sdt_wave_compare *cmp;
	/* report: set want_groups (and the --by attributes) before
	 * cli_waves_run_previous() to get one group accumulator per earlier
	 * wave, fed with the teams as that wave had them: the report moves
	 * them with cli_waves_rename() (sdt_groups_compute_moved), so that the
	 * wave is protected on its own hierarchy and today's as one system.
	 * The current wave's entry stays NULL (the caller has its own). */
	int want_groups;
	const char *const *by;
	size_t n_by;
	sdt_groupacc **gacc;
	/* --rename pairs in file order, loaded once */
	sdt_wave_renames *ren;
} cli_waves;

/* The --rename pairs as the engine takes them (valid while w lives). */
sdt_groups_rename cli_waves_rename(const cli_waves *w);

/* The options --previous, --wave and --rename, and their handler (ctx: a
 * cli_waves; 0 or an exit code, printed). */
extern const cli_option cli_waves_options[];
int cli_waves_set(void *ctx, const char *cmd, const cli_option *o, const char *v);

/* An earlier wave of its own read from `file` (batch's "previous"), added
 * after the others: oldest first. 0 or CLI_EXIT_NOMEM (printed). */
int cli_waves_add_wave(cli_waves *w, const char *file);

/* Whether any wave option was given. */
int cli_waves_active(const cli_waves *w);

/* Settle the current wave: with --wave it becomes in->files (positional
 * files are then a usage error); with --previous the positional files are
 * the current wave. Returns 0 or an exit code (printed). */
int cli_waves_prepare(const char *cmd, cli_waves *w, cli_input *in);

/* Read every wave but the current one into w->waves (and allocate the
 * current one for the caller to fill with sdt_wave_add()). Returns 0 or an
 * exit code (printed). */
int cli_waves_run_previous(cli_waves *w, const cli_input *in,
                           const sdt_instrument *ins);

/* The current wave, for the caller's response callback. */
sdt_wave *cli_waves_current(cli_waves *w);

/* Apply --rename to the earlier waves, sort and index all of them, name
 * the current wave (`current_name` from its JSON, or NULL). Returns 0 or
 * an exit code. */
int cli_waves_finish(cli_waves *w, const char *current_name);

/* Changes from the previous to the current wave for the organisation and
 * each team of `st`, protected by the engine (sdt_wave_compare_new). 0 or
 * an exit code (printed). */
int cli_waves_changes(cli_waves *w, const sdt_stats *st);

/* The change of a team (-1: everyone) on a scale, or NULL when none is
 * shown (no waves, or hidden). */
const sdt_change *cli_waves_change(const cli_waves *w, long team, size_t scale);

void cli_waves_free(cli_waves *w);

#endif
