/*
 * waves.c - per-respondent scores of one wave, and the change of a group
 * between two waves (paired when membership is identical, else Welch).
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

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

/* Merge-walk the two id-sorted waves, gathering the group's members. */
static void walk_group(walk *wk, const sdt_wave *a, const sdt_wave *b,
                       const char *path, int exact, size_t scale)
{
	size_t i = 0, j = 0, plen = path ? strlen(path) : 0;
	int c, ina, inb;
	double x, y;

	memset(wk, 0, sizeof *wk);
	while (i < a->n || j < b->n) {
		c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->rows[i].id, b->rows[j].id);
		ina = c <= 0 && in_group_x(a->rows[i].team, path, plen, exact);
		inb = c >= 0 && in_group_x(b->rows[j].team, path, plen, exact);
		x = ina ? a->rows[i].score[scale] : NAN;
		y = inb ? b->rows[j].score[scale] : NAN;
		if (ina && !isnan(x))
			sdt_mom_add(&wk->prev, x);
		if (inb && !isnan(y))
			sdt_mom_add(&wk->cur, y);
		if (ina && inb && !isnan(x) && !isnan(y))
			sdt_mom_add(&wk->diff, y - x);
		wk->left += ina && !inb;
		wk->joined += inb && !ina;
		i += c <= 0;
		j += c >= 0;
	}
}

static int wave_change_run(sdt_change *out, const sdt_wave *prev, const sdt_wave *cur,
                           const char *path, int exact, size_t scale)
{
	walk wk;
	sdt_test_result r, g;
	int paired;

	memset(out, 0, sizeof *out);
	if (!prev->finished || !cur->finished)
		return sdt_fail(SDT_EUSAGE, "sdt_wave_change: call sdt_wave_finish() first");
	walk_group(&wk, prev, cur, path, exact, scale);
	out->n_previous = (size_t)wk.prev.n;
	out->n_current = (size_t)wk.cur.n;
	out->joined = wk.joined;
	out->left = wk.left;
	out->previous_mean = wk.prev.n > 0 ? wk.prev.mean : NAN;
	out->current_mean = wk.cur.n > 0 ? wk.cur.mean : NAN;
	/* Paired only when the same people were scored in both waves: a
	 * matched subset that differs from either wave's scored set by even
	 * one person would let that person's score be derived. */
	paired = wk.joined == 0 && wk.left == 0 && wk.diff.n == wk.prev.n &&
	         wk.diff.n == wk.cur.n;
	if (paired) {
		out->n_paired = (size_t)wk.diff.n;
		sdt_paired(&r, &wk.diff);
	} else {
		sdt_welch(&r, &wk.cur, &wk.prev);
	}
	out->test = (wk.prev.n >= 2 && wk.cur.n >= 2)
	            ? (paired ? SDT_TEST_PAIRED : SDT_TEST_WELCH) : SDT_TEST_NONE;
	out->difference = out->test ? out->current_mean - out->previous_mean : NAN;
	out->ci[0] = r.ci[0];
	out->ci[1] = r.ci[1];
	out->t = r.t;
	out->df = r.df;
	out->p = r.p;
	out->p_adjusted = NAN;
	out->effect_size = r.effect;
	sdt_welch(&g, &wk.cur, &wk.prev);
	out->hedges_g = out->test ? g.effect : NAN;
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
