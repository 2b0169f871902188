/*
 * waves.c - per-respondent scores of one wave, and the change of a group
 * between two waves (paired when membership is identical, else Welch).
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "strmap.h"

typedef struct wave_row {
	char *id;
	char *team;    /* NULL: no team */
	double *score; /* n_scales, NAN = not scored */
} wave_row;

struct sdt_wave {
	char *name;
	size_t n_scales;
	wave_row *rows;
	size_t n, cap;
	size_t renamed; /* respondents moved by sdt_wave_rename, summed */
	int finished;
};

int sdt_wave_new(sdt_wave **out, const sdt_instrument *ins, const char *name)
{
	sdt_wave *w = sdt_calloc(1, sizeof *w);

	*out = NULL;
	if (!w || !(w->name = sdt_strdup(name ? name : ""))) {
		sdt_free(w);
		return sdt_fail_nomem();
	}
	w->n_scales = sdt_instrument_scale_count(ins);
	*out = w;
	return SDT_OK;
}

/* What a row owns (sdt_wave_free, and a row that could not be added). */
static void row_clear(wave_row *row)
{
	sdt_free(row->id);
	sdt_free(row->team);
	sdt_free(row->score);
}

void sdt_wave_free(sdt_wave *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++)
		row_clear(&w->rows[i]);
	sdt_free(w->rows);
	sdt_free(w->name);
	sdt_free(w);
}

const char *sdt_wave_name(const sdt_wave *w)
{
	return w->name;
}

int sdt_wave_set_name(sdt_wave *w, const char *name)
{
	char *n = sdt_strdup(name);

	if (!n)
		return sdt_fail_nomem();
	sdt_free(w->name);
	w->name = n;
	return SDT_OK;
}

size_t sdt_wave_count(const sdt_wave *w)
{
	return w->n;
}

const char *sdt_wave_team(const sdt_wave *w, size_t i)
{
	return i < w->n ? w->rows[i].team : NULL;
}

int sdt_wave_add(sdt_wave *w, const sdt_response *r, const sdt_scores *s)
{
	wave_row *row, *nr;

	if (w->n == w->cap) {
		nr = sdt_reallocarray(w->rows, w->cap ? w->cap * 2 : 64, sizeof *nr);
		if (!nr)
			return sdt_fail_nomem();
		w->rows = nr;
		w->cap = w->cap ? w->cap * 2 : 64;
	}
	row = &w->rows[w->n];
	memset(row, 0, sizeof *row);
	row->id = sdt_strdup(r->id);
	row->team = r->team ? sdt_strdup(r->team) : NULL;
	row->score = sdt_calloc(w->n_scales, sizeof *row->score);
	if (!row->id || (r->team && !row->team) || !row->score) {
		row_clear(row);
		return sdt_fail_nomem();
	}
	memcpy(row->score, s->scale, w->n_scales * sizeof *row->score);
	w->n++;
	w->finished = 0;
	return SDT_OK;
}

/* Whether `team` is `path` (or below it, unless exact); NULL path is
 * everyone. */
static int in_group_x(const char *team, const char *path, size_t plen, int exact)
{
	if (!path)
		return 1;
	return team && strncmp(team, path, plen) == 0 &&
	       (team[plen] == '\0' || (!exact && team[plen] == '/'));
}

static int in_group(const char *team, const char *path, size_t plen)
{
	return in_group_x(team, path, plen, 0);
}

int sdt_wave_rename(sdt_wave *w, const char *from, const char *to,
                    size_t *moved)
{
	size_t i, flen = strlen(from), tlen = strlen(to), rest;
	char *nt;

	*moved = 0;
	for (i = 0; i < w->n; i++) {
		if (!in_group(w->rows[i].team, from, flen))
			continue;
		rest = strlen(w->rows[i].team + flen);
		if (!(nt = sdt_malloc(tlen + rest + 1)))
			return sdt_fail_nomem();
		memcpy(nt, to, tlen);
		memcpy(nt + tlen, w->rows[i].team + flen, rest + 1);
		sdt_free(w->rows[i].team);
		w->rows[i].team = nt;
		(*moved)++;
		w->renamed++;
	}
	return SDT_OK;
}

size_t sdt_wave_renamed(const sdt_wave *w)
{
	return w->renamed;
}

static int row_cmp(const void *a, const void *b)
{
	return strcmp(((const wave_row *)a)->id, ((const wave_row *)b)->id);
}

int sdt_wave_finish(sdt_wave *w)
{
	size_t i;

	qsort(w->rows, w->n, sizeof *w->rows, row_cmp);
	for (i = 1; i < w->n; i++)
		if (strcmp(w->rows[i - 1].id, w->rows[i].id) == 0)
			return sdt_fail(SDT_EDATA, "wave '%s': respondent id '%s' appears twice",
			                w->name, w->rows[i].id);
	w->finished = 1;
	return SDT_OK;
}

size_t sdt_wave_group_size(const sdt_wave *w, const char *path, int exact)
{
	size_t i, plen = path ? strlen(path) : 0, n = 0;

	for (i = 0; i < w->n; i++)
		n += (size_t)in_group_x(w->rows[i].team, path, plen, exact);
	return n;
}

typedef struct walk {
	sdt_mom prev, cur, diff;
	size_t joined, left;
} walk;

/* One step of the merge-walk for one group: the row of a (ina) and of b
 * (inb) that belong to it, at scale `scale`. */
static void walk_add(walk *wk, const wave_row *ra, int ina, const wave_row *rb, int inb,
                     size_t scale)
{
	double x = ina ? ra->score[scale] : NAN, y = inb ? rb->score[scale] : NAN;

	if (ina && !isnan(x))
		sdt_mom_add(&wk->prev, x);
	if (inb && !isnan(y))
		sdt_mom_add(&wk->cur, y);
	if (ina && inb && !isnan(x) && !isnan(y))
		sdt_mom_add(&wk->diff, y - x);
	wk->left += ina && !inb;
	wk->joined += inb && !ina;
}

/* Merge-walk the two id-sorted waves, gathering the group's members. */
static void walk_group(walk *wk, const sdt_wave *a, const sdt_wave *b,
                       const char *path, int exact, size_t scale)
{
	size_t i = 0, j = 0, plen = path ? strlen(path) : 0;
	int c, ina, inb;

	memset(wk, 0, sizeof *wk);
	while (i < a->n || j < b->n) {
		c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->rows[i].id, b->rows[j].id);
		ina = c <= 0 && in_group_x(a->rows[i].team, path, plen, exact);
		inb = c >= 0 && in_group_x(b->rows[j].team, path, plen, exact);
		walk_add(wk, ina ? &a->rows[i] : NULL, ina, inb ? &b->rows[j] : NULL, inb, scale);
		i += c <= 0;
		j += c >= 0;
	}
}

/* The change from a group's walk: its test and figures. */
static void walk_finish(sdt_change *out, const walk *w)
{
	sdt_test_result r, g;
	int paired;

	memset(out, 0, sizeof *out);
	out->n_previous = (size_t)w->prev.n;
	out->n_current = (size_t)w->cur.n;
	out->joined = w->joined;
	out->left = w->left;
	out->previous_mean = w->prev.n > 0 ? w->prev.mean : NAN;
	out->current_mean = w->cur.n > 0 ? w->cur.mean : NAN;
	/* Paired only when the same people were scored in both waves: a
	 * matched subset that differs from either wave's scored set by even
	 * one person would let that person's score be derived. */
	paired = w->joined == 0 && w->left == 0 && w->diff.n == w->prev.n &&
	         w->diff.n == w->cur.n;
	if (paired) {
		out->n_paired = (size_t)w->diff.n;
		sdt_paired(&r, &w->diff);
	} else {
		sdt_welch(&r, &w->cur, &w->prev);
	}
	out->test = (w->prev.n >= 2 && w->cur.n >= 2)
	            ? (paired ? SDT_TEST_PAIRED : SDT_TEST_WELCH) : SDT_TEST_NONE;
	out->difference = out->test ? out->current_mean - out->previous_mean : NAN;
	out->ci[0] = r.ci[0];
	out->ci[1] = r.ci[1];
	out->t = r.t;
	out->df = r.df;
	out->p = r.p;
	out->p_adjusted = NAN;
	out->effect_size = r.effect;
	sdt_welch(&g, &w->cur, &w->prev);
	out->hedges_g = out->test ? g.effect : NAN;
}

static int wave_change_run(sdt_change *out, const sdt_wave *prev, const sdt_wave *cur,
                           const char *path, int exact, size_t scale)
{
	walk wk;

	memset(out, 0, sizeof *out);
	if (!prev->finished || !cur->finished)
		return sdt_fail(SDT_EUSAGE, "sdt_wave_change: call sdt_wave_finish() first");
	walk_group(&wk, prev, cur, path, exact, scale);
	walk_finish(out, &wk);
	return SDT_OK;
}

int sdt_wave_change(sdt_change *out, const sdt_wave *prev, const sdt_wave *cur,
                    const char *path, int exact, size_t scale)
{
	/* GSL etiquette: its errors are checked here, never sent to the
	 * caller's handler, which is left as it was */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int rc = wave_change_run(out, prev, cur, path, exact, scale);

	gsl_set_error_handler(old);
	return rc;
}

/* ---- many groups in one pass (sdt_wave_changes) ---- */

typedef struct batch {
	const char *const *paths;
	size_t n_paths, n_scales;
	int exact;
	sdt_strmap map;  /* path -> its first index */
	size_t *alias;   /* [n_paths] the first index of the same path, or itself */
	size_t *all;     /* the indexes whose path is NULL (everyone) */
	size_t n_all;
	size_t *ga, *gb; /* scratch: the groups of this step's rows */
	size_t *mark;    /* [n_paths] the step that put a group in ga */
	walk *w;         /* [n_paths x n_scales] */
} batch;

static int path_same(const void *ctx, size_t i, const void *key, size_t len)
{
	return sdt_strmap_is(((const batch *)ctx)->paths[i], key, len);
}

static size_t batch_find(const batch *b, const char *key, size_t len)
{
	return sdt_strmap_find(&b->map, sdt_strmap_hash(key, len), key, len, path_same, b, NULL);
}

/* The groups a row of `team` is in, as in_group_x decides it: the team
 * itself (exact), or every path that is the team or above it at a '/'. */
static size_t groups_of(const batch *b, const char *team, size_t *out)
{
	size_t n = 0, i, len, k;

	if (!team)
		return 0;
	len = strlen(team);
	for (i = b->exact ? len : 0; i <= len; i++)
		if ((i == len || team[i] == '/') && (k = batch_find(b, team, i)) != SIZE_MAX)
			out[n++] = k;
	return n;
}

/* The longest team of either wave: the scratch lists' bound. */
static size_t max_levels(const sdt_wave *a, const sdt_wave *c)
{
	size_t i, k, n, most = 1;
	const sdt_wave *w[2] = {a, c};

	for (k = 0; k < 2; k++)
		for (i = 0; i < w[k]->n; i++)
			if (w[k]->rows[i].team && (n = strlen(w[k]->rows[i].team) + 2) > most)
				most = n;
	return most;
}

static int batch_init(batch *b, const sdt_wave *prev, const sdt_wave *cur)
{
	size_t g, len, k, lv = max_levels(prev, cur);
	sdt_strmap_pos pos;
	int rc;

	b->alias = sdt_calloc(b->n_paths + 1, sizeof *b->alias);
	b->all = sdt_calloc(b->n_paths + 1, sizeof *b->all);
	b->mark = sdt_calloc(b->n_paths + 1, sizeof *b->mark);
	b->ga = sdt_calloc(lv, sizeof *b->ga);
	b->gb = sdt_calloc(lv, sizeof *b->gb);
	b->w = sdt_calloc(b->n_paths * b->n_scales + 1, sizeof *b->w);
	if (!b->alias || !b->all || !b->mark || !b->ga || !b->gb || !b->w)
		return sdt_fail_nomem();
	if ((rc = sdt_strmap_reserve(&b->map, b->n_paths)) != SDT_OK)
		return rc;
	for (g = 0; g < b->n_paths; g++) {
		b->alias[g] = g;
		if (!b->paths[g]) {
			b->all[b->n_all++] = g;
			continue;
		}
		len = strlen(b->paths[g]);
		k = sdt_strmap_find(&b->map, sdt_strmap_hash(b->paths[g], len), b->paths[g], len,
		                    path_same, b, &pos);
		if (k != SIZE_MAX)
			b->alias[g] = k;
		else
			sdt_strmap_add(&b->map, &pos, g);
	}
	return SDT_OK;
}

static void batch_add(batch *b, size_t g, const wave_row *ra, int ina, const wave_row *rb,
                      int inb)
{
	size_t s;

	for (s = 0; s < b->n_scales; s++)
		walk_add(&b->w[g * b->n_scales + s], ra, ina, rb, inb, s);
}

/* One step of the merge-walk: the a-row (c <= 0) and the b-row (c >= 0)
 * into every group either is in; step numbers from 1 mark the a-row's. */
static void batch_step(batch *b, const wave_row *ra, const wave_row *rb, size_t step)
{
	size_t na = ra ? groups_of(b, ra->team, b->ga) : 0;
	size_t nb = rb ? groups_of(b, rb->team, b->gb) : 0, k, g;

	for (k = 0; k < b->n_all; k++)
		batch_add(b, b->all[k], ra, ra != NULL, rb, rb != NULL);
	for (k = 0; k < na; k++)
		b->mark[b->ga[k]] = step;
	for (k = 0; k < nb; k++) {
		g = b->gb[k];
		batch_add(b, g, ra, b->mark[g] == step, rb, 1);
		b->mark[g] = 0; /* taken with the b-row */
	}
	for (k = 0; k < na; k++)
		if (b->mark[b->ga[k]] == step)
			batch_add(b, b->ga[k], ra, 1, rb, 0);
}

static void batch_free(batch *b)
{
	sdt_strmap_clear(&b->map);
	SDT_FREE_ALL(b->alias, b->all, b->mark, b->ga, b->gb, b->w);
}

int sdt_wave_changes(sdt_change *out, const sdt_wave *prev, const sdt_wave *cur,
                     const char *const *paths, size_t n_paths, int exact)
{
	gsl_error_handler_t *old;
	batch b;
	size_t i = 0, j = 0, g, s, step = 0;
	int c, rc;

	memset(&b, 0, sizeof b);
	if (!out || !prev || !cur || (n_paths && !paths) || prev->n_scales != cur->n_scales)
		return sdt_fail(SDT_EUSAGE, "sdt_wave_changes: two waves of one instrument are required");
	if (!prev->finished || !cur->finished)
		return sdt_fail(SDT_EUSAGE, "sdt_wave_changes: call sdt_wave_finish() first");
	b.paths = paths;
	b.n_paths = n_paths;
	b.n_scales = cur->n_scales;
	b.exact = exact;
	if ((rc = batch_init(&b, prev, cur)) != SDT_OK)
		goto done;
	/* the same merge-walk as sdt_wave_change's, so each group sees its
	 * rows in the same order and its figures are the same bits */
	while (i < prev->n || j < cur->n) {
		c = i == prev->n ? 1 : j == cur->n ? -1 : strcmp(prev->rows[i].id, cur->rows[j].id);
		batch_step(&b, c <= 0 ? &prev->rows[i] : NULL, c >= 0 ? &cur->rows[j] : NULL, ++step);
		i += c <= 0;
		j += c >= 0;
	}
	old = gsl_set_error_handler_off();
	for (g = 0; g < n_paths; g++)
		for (s = 0; s < b.n_scales; s++)
			walk_finish(&out[g * b.n_scales + s], &b.w[b.alias[g] * b.n_scales + s]);
	gsl_set_error_handler(old);
done:
	batch_free(&b);
	return rc;
}

int sdt_wave_team_sizes(size_t *out, const sdt_wave *w, const char *const *teams, size_t n)
{
	batch b;
	size_t i, k, g;
	int rc;

	memset(&b, 0, sizeof b);
	b.paths = teams;
	b.n_paths = n;
	b.exact = 1;
	if ((rc = batch_init(&b, w, w)) != SDT_OK)
		goto done;
	memset(out, 0, n * sizeof *out);
	for (i = 0; i < w->n; i++)
		if (groups_of(&b, w->rows[i].team, b.ga))
			out[b.ga[0]]++;
	for (k = 0; k < b.n_all; k++)
		out[b.all[k]] = w->n;
	for (g = 0; g < n; g++)
		out[g] = out[b.alias[g]];
done:
	batch_free(&b);
	return rc;
}

int sdt_change_adjust(sdt_change *const *changes, size_t n)
{
	double *p = sdt_calloc(n + 1, sizeof *p), *adj = sdt_calloc(n + 1, sizeof *adj);
	size_t i;
	int rc = SDT_OK;

	if (!p || !adj) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (i = 0; i < n; i++)
		p[i] = changes[i]->test != SDT_TEST_NONE ? changes[i]->p : NAN;
	if ((rc = sdt_bh(p, n, adj)) != SDT_OK)
		goto done;
	for (i = 0; i < n; i++)
		changes[i]->p_adjusted = adj[i];
done:
	sdt_free(p);
	sdt_free(adj);
	return rc;
}

const char *sdt_change_test_name(sdt_change_test t)
{
	switch (t) {
	case SDT_TEST_PAIRED: return "paired";
	case SDT_TEST_WELCH: return "welch";
	default: return "none";
	}
}
