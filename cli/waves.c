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

	r.from = (const char *const *)w->ren_from;
	r.to = (const char *const *)w->ren_to;
	r.n = w->n_ren;
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
			fprintf(stderr, "sdtscore: wave '%s': %zu read, %zu scored, %zu left "
			        "out\n", w->names[k], c.read, c.scored, c.left_out);
	}
	return 0;
}

sdt_wave *cli_waves_current(cli_waves *w)
{
	return w->n ? w->waves[w->n - 1] : NULL;
}

/* Keep one pair (copied); they are applied in file order. */
static int keep_pair(cli_waves *w, const char *from, const char *to)
{
	char **f = realloc(w->ren_from, (w->n_ren + 1) * sizeof *f), **t;
	char *a = NULL, *b = NULL;

	if (f)
		w->ren_from = f;
	t = f ? realloc(w->ren_to, (w->n_ren + 1) * sizeof *t) : NULL;
	if (t)
		w->ren_to = t;
	if (!t || !(a = strdup(from)) || !(b = strdup(to))) {
		free(a);
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	w->ren_from[w->n_ren] = a;
	w->ren_to[w->n_ren++] = b;
	return 0;
}

/* --rename FILE.csv: records "old path,new path", an optional header
 * "old,new"; read by the engine's CSV reader as response CSVs are. */
static int load_renames(cli_waves *w)
{
	const char *const *f;
	sdt_csv *csv = NULL;
	unsigned long line;
	size_t n, k = 0;
	int err, code = 0;

	if ((err = sdt_csv_open(&csv, w->rename)) != SDT_OK) {
		code = cli_fail(err);
		goto done;
	}
	while (!code && (err = sdt_csv_next(csv, &f, &n, &line)) == SDT_OK && f) {
		if (k++ == 0 && n == 2 && !strcmp(f[0], "old") && !strcmp(f[1], "new"))
			continue;
		if (n != 2)
			code = (cli_error("%s:%lu: expected two columns (old path, new path), "
			                  "found %zu", w->rename, line, n), CLI_EXIT_DATA);
		else if (!*f[0] || !*f[1])
			code = (cli_error("%s:%lu: an empty team path", w->rename, line),
			        CLI_EXIT_DATA);
		else
			code = keep_pair(w, f[0], f[1]);
	}
	if (!code && err != SDT_OK)
		code = cli_fail(err);
done:
	sdt_csv_free(csv);
	w->ren_loaded = !code;
	return code;
}

/* Move the earlier waves' teams by every pair, in file order. */
static int apply_renames(cli_waves *w)
{
	size_t p, k, moved;
	int code;

	if (!w->ren_loaded && (code = load_renames(w)) != 0)
		return code;
	for (p = 0; p < w->n_ren; p++)
		for (k = 0; k + 1 < w->n; k++) {
			if (sdt_wave_rename(w->waves[k], w->ren_from[p], w->ren_to[p], &moved))
				return cli_fail(SDT_ENOMEM);
			w->renamed += moved;
		}
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
	const sdt_wave *prev, *cur;
	sdt_change **list = NULL;
	size_t t, j, n = 0, size;
	int err = SDT_OK, hidden;
	const char *team;

	if (w->n < 2)
		return 0;
	prev = w->waves[w->n - 2];
	cur = w->waves[w->n - 1];
	w->n_rows = st->n_teams + 1;
	w->n_scales = st->n_scales;
	w->changes = calloc(w->n_rows * w->n_scales + 1, sizeof *w->changes);
	list = calloc(w->n_rows * w->n_scales + 1, sizeof *list);
	if (!w->changes || !list) {
		free(list);
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	for (t = 0; t < w->n_rows && !err; t++) {
		team = t ? st->teams[t - 1].team : NULL;
		size = sdt_wave_group_size(prev, team, 1);
		/* A group hidden in either wave shows no change; so does one
		 * that did not exist before (it is listed as appeared). */
		hidden = t ? st->teams[t - 1].suppressed || size < st->min_group
		           : st->rows < st->min_group || size < st->min_group;
		for (j = 0; j < w->n_scales && !err; j++) {
			if (hidden)
				continue;
			err = sdt_wave_change(&w->changes[t * w->n_scales + j], prev, cur,
			                      team, t > 0, j);
			list[n++] = &w->changes[t * w->n_scales + j];
		}
	}
	if (!err)
		err = sdt_change_adjust(list, n);
	free(list);
	return err ? cli_fail(err) : 0;
}

const sdt_change *cli_waves_change(const cli_waves *w, long team, size_t scale)
{
	const sdt_change *c;

	if (!w || !w->changes)
		return NULL;
	c = &w->changes[(size_t)(team + 1) * w->n_scales + scale];
	if (c->test == SDT_TEST_NONE && c->n_previous == 0 && c->n_current == 0)
		return NULL;
	return c;
}

void cli_waves_print_change(FILE *fp, const cli_waves *w, long team, size_t scale)
{
	const sdt_change *c;

	if (!w->changes)
		return;
	c = &w->changes[(size_t)(team + 1) * w->n_scales + scale];
	fputs(", \"change\": ", fp);
	if (c->test == SDT_TEST_NONE && c->n_previous == 0 && c->n_current == 0) {
		fputs("null", fp);
		return;
	}
	fputs("{\"previous_mean\": ", fp);
	cli_print_json_number(fp, c->previous_mean);
	fputs(", \"difference\": ", fp);
	cli_print_json_number(fp, c->difference);
	fputs(", \"ci\": [", fp);
	cli_print_json_number(fp, c->ci[0]);
	fputs(", ", fp);
	cli_print_json_number(fp, c->ci[1]);
	fputs("], \"p\": ", fp);
	cli_print_json_number(fp, c->p);
	fputs(", \"p_adjusted\": ", fp);
	cli_print_json_number(fp, c->p_adjusted);
	fputs(", \"effect_size\": ", fp);
	cli_print_json_number(fp, c->effect_size);
	fprintf(fp, ", \"test\": \"%s\", \"n_previous\": %zu, \"n_current\": %zu, "
	        "\"joined\": %zu, \"left\": %zu}", sdt_change_test_name(c->test),
	        c->n_previous, c->n_current, c->joined, c->left);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Teams of the previous wave that the current stats do not have. */
static void print_disappeared(FILE *fp, const cli_waves *w, const sdt_stats *st)
{
	const sdt_wave *prev = w->waves[w->n - 2];
	size_t i, t, n = 0, cnt = sdt_wave_count(prev);
	const char **teams = calloc(cnt + 1, sizeof *teams);
	int found;

	for (i = 0; teams && i < cnt; i++)
		if (sdt_wave_team(prev, i))
			teams[n++] = sdt_wave_team(prev, i);
	if (teams)
		qsort(teams, n, sizeof *teams, str_cmp);
	fputs("[", fp);
	for (i = 0, cnt = 0; i < n; i++) {
		if (i && !strcmp(teams[i], teams[i - 1]))
			continue;
		for (t = 0, found = 0; t < st->n_teams && !found; t++)
			found = !strcmp(st->teams[t].team, teams[i]);
		if (found)
			continue;
		fputs(cnt++ ? ", " : "", fp);
		cli_print_json_string(fp, teams[i]);
	}
	fputs("]", fp);
	free(teams);
}

void cli_waves_print_summary(FILE *fp, const cli_waves *w, const sdt_stats *st)
{
	size_t k, t, cnt = 0;

	if (w->n < 2)
		return;
	fputs(", \"waves\": {\"names\": [", fp);
	for (k = 0; k < w->n; k++) {
		fputs(k ? ", " : "", fp);
		cli_print_json_string(fp, w->names[k]);
	}
	fputs("], \"rows\": [", fp);
	for (k = 0; k < w->n; k++)
		fprintf(fp, "%s%zu", k ? ", " : "", sdt_wave_count(w->waves[k]));
	fprintf(fp, "], \"renamed\": %zu, \"appeared\": [", w->renamed);
	for (t = 0; t < st->n_teams; t++) {
		if (sdt_wave_group_size(w->waves[w->n - 2], st->teams[t].team, 1))
			continue;
		fputs(cnt++ ? ", " : "", fp);
		cli_print_json_string(fp, st->teams[t].team);
	}
	fputs("], \"disappeared\": ", fp);
	print_disappeared(fp, w, st);
	fputs("}", fp);
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
	for (k = 0; k < w->n_ren; k++) {
		free(w->ren_from[k]);
		free(w->ren_to[k]);
	}
	free(w->ren_from);
	free(w->ren_to);
	free(w->gacc);
	free(w->specs);
	free(w->waves);
	free(w->names);
	free(w->changes);
	memset(w, 0, sizeof *w);
}
