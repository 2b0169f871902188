/*
 * waves.c - wave options for `stats` and `report`: which files form which
 * wave, reading the earlier waves, renames, and the changes.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "waves.h"

enum { W_PREVIOUS, W_WAVE, W_RENAME };

const cli_option cli_waves_options[] = {
	{"--previous", 0, "FILE", W_PREVIOUS,
	 "a file of the previous wave (repeatable); the\n"
	 "positional files are the current wave", NULL, 0},
	{"--wave", 0, "NAME=FILE", W_WAVE,
	 "a file of wave NAME (repeatable, oldest wave\n"
	 "first); the last wave is the current one", NULL, 0},
	{"--rename", 0, "FILE.csv", W_RENAME,
	 "old path,new path: teams renamed since earlier waves", NULL, 0},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int spec_append(cli_wave_spec *s, const char *file)
{
	const char **nf = realloc(s->files, (s->n_files + 1) * sizeof *nf);

	if (!nf)
		return -1;
	s->files = nf;
	s->files[s->n_files++] = file;
	return 0;
}

/* Append `file` (if not NULL) to the spec named `name`, made when new;
 * a NULL name never matches, so it always makes a new spec. */
static int add_spec_file(cli_waves *w, const char *name, const char *file)
{
	cli_wave_spec *s = NULL, *ns;
	size_t k;

	for (k = 0; k < w->n; k++)
		if (name && w->specs[k].name && strcmp(w->specs[k].name, name) == 0)
			s = &w->specs[k];
	if (!s) {
		ns = realloc(w->specs, (w->n + 1) * sizeof *ns);
		if (!ns)
			return -1;
		w->specs = ns;
		s = &w->specs[w->n++];
		memset(s, 0, sizeof *s);
		s->name = name;
	}
	return file ? spec_append(s, file) : 0;
}

/* The previous wave's spec is named "" (a NAME= is never empty), so all
 * --previous files gather in it. */
#define PREVIOUS ""

static int add_or_fail(cli_waves *w, const char *name, const char *file)
{
	if (add_spec_file(w, name, file) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	return 0;
}

int cli_waves_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	cli_waves *w = ctx;
	char *eq;

	if (o->id == W_RENAME) {
		w->rename = v;
		return 0;
	}
	if (o->id == W_PREVIOUS) {
		if (w->from_wave_opts)
			return cli_usage_error(cmd, "--previous and --wave do not mix");
		return add_or_fail(w, PREVIOUS, v);
	}
	if (w->n > 0 && !w->from_wave_opts)
		return cli_usage_error(cmd, "--previous and --wave do not mix");
	eq = strchr(v, '=');
	if (!eq || eq == v || !eq[1])
		return cli_usage_error(cmd, "--wave takes NAME=FILE, not '%s'", v);
	*eq = '\0'; /* argv is ours to split */
	w->from_wave_opts = 1;
	return add_or_fail(w, v, eq + 1);
}

int cli_waves_add_wave(cli_waves *w, const char *file)
{
	if (add_spec_file(w, NULL, file) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	return 0;
}

int cli_waves_active(const cli_waves *w)
{
	return w->n > 0;
}

int cli_waves_prepare(const char *cmd, cli_waves *w, cli_input *in)
{
	size_t k;

	if (!w->n) {
		if (w->rename)
			return cli_usage_error(cmd, "--rename needs --previous or --wave");
		return 0;
	}
	if (w->from_wave_opts) {
		if (in->n_files)
			return cli_usage_error(cmd, "with --wave, give every file as --wave NAME=FILE");
		if (w->n < 2)
			return cli_usage_error(cmd, "--wave needs at least two waves");
		for (k = 0; k < w->specs[w->n - 1].n_files; k++)
			if (cli_input_add_file(in, w->specs[w->n - 1].files[k]))
				return CLI_EXIT_NOMEM;
		return 0;
	}
	/* --previous: the positional files are the current wave, and the first
	 * names it when its JSON does not */
	if (add_spec_file(w, NULL, NULL) < 0)
		return CLI_EXIT_NOMEM;
	for (k = 0; k < in->n_files; k++)
		if (spec_append(&w->specs[w->n - 1], in->files[k]) < 0)
			return CLI_EXIT_NOMEM;
	return 0;
}

/* An earlier wave's response callback: which wave it feeds. */
typedef struct wave_feed {
	cli_waves *w;
	size_t k;
} wave_feed;

sdt_groups_rename cli_waves_rename(const cli_waves *w)
{
	sdt_groups_rename r = SDT_GROUPS_RENAME_INIT;

	if (w->ren)
		sdt_wave_renames_pairs(&r, w->ren);
	return r;
}

/* The earlier wave's groups see the teams as that wave had them: the
 * report moves them to today's paths with the engine, which protects the
 * wave on both hierarchies together. */
static int on_wave_response(void *vctx, const sdt_response *r, const sdt_scores *s)
{
	wave_feed *f = vctx;
	int err = sdt_wave_add(f->w->waves[f->k], r, s);

	if (err || !f->w->gacc || !f->w->gacc[f->k])
		return err;
	return sdt_groupacc_add(f->w->gacc[f->k], r, s);
}

static int load_renames(cli_waves *w);

/* A wave's name: NAME=, else its JSON "wave", else "Current" for the
 * last wave, "Previous" for the one before and "Wave N" further back (a
 * file name is a path, not a name a supervisor should read). */
static int name_wave(cli_waves *w, size_t k, const char *json_wave)
{
	const char *n = w->specs[k].name;
	char buf[32];

	if (!n || !*n)
		n = json_wave;
	if (!n || !*n) {
		snprintf(buf, sizeof buf, "Wave %zu", k + 1);
		n = k + 1 == w->n ? "Current" : k + 2 == w->n ? "Previous" : buf;
	}
	if (!(w->names[k] = strdup(n))) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	return sdt_wave_set_name(w->waves[k], n) ? cli_fail(SDT_ENOMEM) : 0;
}

/* With want_groups: the earlier waves' accumulators, and the renames
 * they need while being read. */
static int prepare_groups(cli_waves *w, const sdt_instrument *ins)
{
	size_t k, b;
	int err, code;

	if (!w->want_groups)
		return 0;
	if (w->rename && (code = load_renames(w)) != 0)
		return code;
	if (!(w->gacc = calloc(w->n, sizeof *w->gacc))) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	for (k = 0; k + 1 < w->n; k++) {
		if ((err = sdt_groupacc_new(&w->gacc[k], ins)) != SDT_OK)
			return cli_fail(err);
		for (b = 0; b < w->n_by; b++)
			if ((err = sdt_groupacc_by(w->gacc[k], w->by[b])) != SDT_OK)
				return cli_fail(err);
	}
	return 0;
}

int cli_waves_run_previous(cli_waves *w, const cli_input *in,
                           const sdt_instrument *ins)
{
	sdt_run_counts c;
	wave_feed feed = {w, 0};
	char *json_wave = NULL;
	size_t k;
	int err, code;

	w->waves = calloc(w->n, sizeof *w->waves);
	w->names = calloc(w->n, sizeof *w->names);
	if (!w->waves || !w->names) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	for (k = 0; k < w->n; k++)
		if ((err = sdt_wave_new(&w->waves[k], ins, "")) != SDT_OK)
			return cli_fail(err);
	if ((code = prepare_groups(w, ins)) != 0)
		return code;
	for (k = 0; k + 1 < w->n; k++) {
		feed.k = k;
		err = sdt_run_files(ins, w->specs[k].files, w->specs[k].n_files, &in->run,
		                    on_wave_response, NULL, &feed, &c, &json_wave);
		if (err)
			return cli_fail(err);
		code = name_wave(w, k, json_wave);
		sdt_free(json_wave);
		json_wave = NULL;
		if (code)
			return code;
		if (!cli_quiet)
			fprintf(cli_msg_stream(), "sdtscore: wave '%s': %zu read, %zu scored, %zu left "
			        "out\n", w->names[k], c.read, c.scored, c.left_out);
	}
	return 0;
}

sdt_wave *cli_waves_current(cli_waves *w)
{
	return w->n ? w->waves[w->n - 1] : NULL;
}

/* --rename FILE.csv, read by the engine (sdt_wave_renames_read). */
static int load_renames(cli_waves *w)
{
	int err;

	if ((err = sdt_wave_renames_new(&w->ren)) != SDT_OK ||
	    (err = sdt_wave_renames_read(w->ren, w->rename)) != SDT_OK)
		return cli_fail(err);
	return 0;
}

/* Move the earlier waves' teams by every pair, in file order. */
static int apply_renames(cli_waves *w)
{
	size_t k;
	int code, err;

	if (!w->ren && (code = load_renames(w)) != 0)
		return code;
	for (k = 0; k + 1 < w->n; k++)
		if ((err = sdt_wave_renames_apply(NULL, w->waves[k], w->ren)) != SDT_OK)
			return cli_fail(err);
	return 0;
}

int cli_waves_finish(cli_waves *w, const char *current_name)
{
	size_t k;
	int code, err;

	if (!w->n)
		return 0;
	if ((code = name_wave(w, w->n - 1, current_name)) != 0)
		return code;
	if (w->rename && (code = apply_renames(w)) != 0)
		return code;
	for (k = 0; k < w->n; k++)
		if ((err = sdt_wave_finish(w->waves[k])) != SDT_OK)
			return cli_fail(err);
	return 0;
}

int cli_waves_changes(cli_waves *w, const sdt_stats *st)
{
	int err;

	if (w->n < 2)
		return 0;
	err = sdt_wave_compare_new(&w->cmp, (const sdt_wave *const *)w->waves, w->n, st);
	return err ? cli_fail(err) : 0;
}

const sdt_change *cli_waves_change(const cli_waves *w, long team, size_t scale)
{
	return w && w->cmp ? sdt_wave_compare_change(w->cmp, team, scale) : NULL;
}

void cli_waves_free(cli_waves *w)
{
	size_t k;

	for (k = 0; k < w->n; k++) {
		free(w->specs[k].files);
		if (w->waves)
			sdt_wave_free(w->waves[k]);
		if (w->names)
			free(w->names[k]);
		if (w->gacc)
			sdt_groupacc_free(w->gacc[k]);
	}
	sdt_wave_renames_free(w->ren);
	sdt_wave_compare_free(w->cmp);
	free(w->gacc);
	free(w->specs);
	free(w->waves);
	free(w->names);
	memset(w, 0, sizeof *w);
}
