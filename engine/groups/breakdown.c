/*
 * breakdown.c - groups split by a respondent attribute. Which cells are
 * published is decided with the groups' own cells, in one disclosure
 * system per scale (sdt_groups_compute): this file only computes figures.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "groups_impl.h"
#include "sdt_breakdown.h"
#include "sdt_pipeline.h"

struct sdt_breakdownacc {
	const sdt_instrument *ins;
	char *attribute;
	size_t n_values;
	char *values[SDT_BREAKDOWN_MAX_VALUES];
	/* one per value, then [SDT_BREAKDOWN_MAX_VALUES] for "no value" */
	sdt_groupacc *acc[SDT_BREAKDOWN_MAX_VALUES + 1];
	/* where each value was first seen ("file:line" and the respondent),
	 * for the limit's message when partial accumulators merge */
	char *first_at[SDT_BREAKDOWN_MAX_VALUES];
	char *first_id[SDT_BREAKDOWN_MAX_VALUES];
};

int sdt_breakdownacc_new(sdt_breakdownacc **out, const sdt_instrument *ins,
                         const char *attribute)
{
	sdt_breakdownacc *b = sdt_calloc(1, sizeof *b);
	int rc;

	*out = NULL;
	if (!b || !(b->attribute = sdt_strdup(attribute))) {
		sdt_free(b);
		return sdt_fail_nomem();
	}
	b->ins = ins;
	if ((rc = sdt_groupacc_new(&b->acc[SDT_BREAKDOWN_MAX_VALUES], ins)) != SDT_OK) {
		sdt_breakdownacc_free(b);
		return rc;
	}
	*out = b;
	return SDT_OK;
}

void sdt_breakdownacc_free(sdt_breakdownacc *b)
{
	size_t v;

	if (!b)
		return;
	for (v = 0; v < b->n_values; v++) {
		sdt_free(b->values[v]);
		sdt_free(b->first_at[v]);
		sdt_free(b->first_id[v]);
	}
	for (v = 0; v <= SDT_BREAKDOWN_MAX_VALUES; v++)
		sdt_groupacc_free(b->acc[v]);
	sdt_free(b->attribute);
	sdt_free(b);
}

static int too_many(const sdt_breakdownacc *b, const char *at, const char *id)
{
	return sdt_fail(SDT_ELIMIT, "%s: attribute '%s' has more than %d distinct "
	                "values: too many to break down by (respondent %s)", at,
	                b->attribute, SDT_BREAKDOWN_MAX_VALUES, id);
}

/* Append value `val`, first seen at `at` by respondent `id`, with its
 * accumulator (NULL: a new empty one); *v is its index. */
static int value_add(sdt_breakdownacc *b, const char *val, const char *at,
                     const char *id, size_t *v)
{
	size_t k = b->n_values;
	int rc;

	if (k == SDT_BREAKDOWN_MAX_VALUES)
		return too_many(b, at, id);
	b->values[k] = sdt_strdup(val);
	b->first_at[k] = sdt_strdup(at);
	b->first_id[k] = sdt_strdup(id);
	if (!b->values[k] || !b->first_at[k] || !b->first_id[k])
		rc = sdt_fail_nomem();
	else
		rc = sdt_groupacc_new(&b->acc[k], b->ins);
	if (rc != SDT_OK) {
		sdt_free(b->values[k]);
		sdt_free(b->first_at[k]);
		sdt_free(b->first_id[k]);
		b->values[k] = b->first_at[k] = b->first_id[k] = NULL;
		return rc;
	}
	b->n_values++;
	*v = k;
	return SDT_OK;
}

/* Index of value val, or SDT_BREAKDOWN_MAX_VALUES when not seen yet. */
static size_t value_find(const sdt_breakdownacc *b, const char *val)
{
	size_t k;

	for (k = 0; k < b->n_values; k++)
		if (strcmp(b->values[k], val) == 0)
			return k;
	return SDT_BREAKDOWN_MAX_VALUES;
}

/* Index of the response's value, adding it when new. */
static int value_index(sdt_breakdownacc *b, const sdt_response *r, size_t *v)
{
	const char *val = NULL;
	char at[600];
	size_t k;

	for (k = 0; k < r->n_attributes; k++)
		if (strcmp(r->attr_names[k], b->attribute) == 0)
			val = r->attr_values[k];
	*v = SDT_BREAKDOWN_MAX_VALUES;
	if (!val || !*val)
		return SDT_OK;
	if ((*v = value_find(b, val)) < SDT_BREAKDOWN_MAX_VALUES)
		return SDT_OK;
	snprintf(at, sizeof at, "%s:%lu", r->file ? r->file : "-", r->line);
	return value_add(b, val, at, r->id, v);
}

int sdt_breakdownacc_merge(sdt_breakdownacc *into, const sdt_breakdownacc *from)
{
	size_t k, v;
	int rc = SDT_OK;

	if (!into || !from || strcmp(into->attribute, from->attribute) != 0)
		return sdt_fail(SDT_EUSAGE, "sdt_breakdownacc_merge: NULL or different attributes");
	/* values new to `into` keep their order of first appearance */
	for (k = 0; k < from->n_values && rc == SDT_OK; k++) {
		if ((v = value_find(into, from->values[k])) == SDT_BREAKDOWN_MAX_VALUES)
			rc = value_add(into, from->values[k], from->first_at[k], from->first_id[k], &v);
		if (rc == SDT_OK)
			rc = sdt_groupacc_merge(into->acc[v], from->acc[k]);
	}
	if (rc == SDT_OK)
		rc = sdt_groupacc_merge(into->acc[SDT_BREAKDOWN_MAX_VALUES],
		                        from->acc[SDT_BREAKDOWN_MAX_VALUES]);
	return rc;
}

int sdt_breakdownacc_add(sdt_breakdownacc *b, const sdt_response *r,
                         const sdt_scores *s)
{
	size_t v;
	int rc;

	if ((rc = value_index(b, r, &v)) != SDT_OK)
		return rc;
	return sdt_groupacc_add(b->acc[v], r, s);
}

const sdt_breakdown_cell *sdt_breakdown_cell_at(const sdt_breakdown *b,
                                                size_t g, size_t v, size_t j)
{
	return &b->cells[(g * b->n_values + v) * b->n_scales + j];
}

void sdt_breakdown_free(sdt_breakdown *b)
{
	size_t v;

	if (!b)
		return;
	for (v = 0; v < b->n_values && b->values; v++)
		sdt_free(b->values[v]);
	sdt_free(b->values);
	sdt_free(b->attribute);
	sdt_free(b->cells);
	sdt_free(b);
}

typedef struct bwork {
	size_t G, V, S;       /* groups, values + 1 ("none" last), scales */
	size_t order[SDT_BREAKDOWN_MAX_VALUES + 1]; /* sorted value -> acc slot */
	sdt_mom *mom;     /* [v][g][j] */
} bwork;

/* Order the values by name: an insertion sort, as there are at most
 * SDT_BREAKDOWN_MAX_VALUES and qsort would need global context. */
static void sort_values(size_t *order, const sdt_breakdownacc *b)
{
	size_t i, j, t;

	for (i = 0; i < b->n_values; i++)
		order[i] = i;
	for (i = 1; i < b->n_values; i++) {
		t = order[i];
		for (j = i; j > 0 && strcmp(b->values[order[j - 1]], b->values[t]) > 0; j--)
			order[j] = order[j - 1];
		order[j] = t;
	}
}

static sdt_mom *mom_at(const bwork *w, size_t v, size_t g, size_t j)
{
	return &w->mom[(v * w->G + g) * w->S + j];
}

static _Thread_local const sdt_groups *path_groups;

static int cmp_group_path(const void *x, const void *y)
{
	return strcmp(path_groups->groups[*(const size_t *)x].path,
	              path_groups->groups[*(const size_t *)y].path);
}

/* The group of `path` through the groups' indices sorted by path
 * (sdt_groups_find is linear: thousands of teams times values). */
static long find_sorted(const sdt_groups *gs, const size_t *by_path, const char *path)
{
	size_t lo = 0, hi = gs->n_groups, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(gs->groups[by_path[mid]].path, path);
		if (c == 0)
			return (long)by_path[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Sum each value's teams into their group and every ancestor. */
static int fill_moments(bwork *w, const sdt_breakdownacc *b, const sdt_groups *gs)
{
	size_t v, t, j, *by_path = sdt_calloc(gs->n_groups + 1, sizeof *by_path);
	long g;
	const sdt_groupacc *acc;

	if (!by_path)
		return sdt_fail_nomem();
	for (t = 0; t < gs->n_groups; t++)
		by_path[t] = t;
	path_groups = gs;
	qsort(by_path, gs->n_groups, sizeof *by_path, cmp_group_path);
	path_groups = NULL;
	for (v = 0; v < w->V; v++) {
		acc = b->acc[w->order[v]];
		for (t = 0; t < acc->n_teams; t++) {
			g = t == 0 ? 0 : find_sorted(gs, by_path, acc->teams[t].path);
			if (g < 0) {
				sdt_free(by_path);
				return sdt_fail(SDT_EINTERNAL, "breakdown: team '%s' is not in the groups",
				                acc->teams[t].path);
			}
			for (; g >= 0; g = gs->groups[g].parent)
				for (j = 0; j < w->S; j++)
					sdt_mom_merge(mom_at(w, v, (size_t)g, j),
					                  &acc->teams[t].scales[j].score);
		}
	}
	sdt_free(by_path);
	return SDT_OK;
}

static void cell_figures(sdt_breakdown_cell *c, const bwork *w, size_t v,
                         size_t g, size_t j)
{
	sdt_mom all = {0.0, 0.0, 0.0}, rest;
	const sdt_mom *m = mom_at(w, v, g, j);
	sdt_test_result r;
	size_t u;

	for (u = 0; u < w->V; u++)
		sdt_mom_merge(&all, mom_at(w, u, g, j));
	rest = sdt_mom_minus(&all, m);
	sdt_welch(&r, m, &rest);
	c->n = (size_t)m->n;
	c->mean = m->n > 0 ? m->mean : NAN;
	c->sd = m->n > 1 ? sqrt(m->m2 / (m->n - 1)) : NAN;
	c->diff = r.diff;
	c->t = r.t;
	c->df = r.df;
	c->p = r.p;
	c->hedges_g = r.effect;
}

static int bwork_init(bwork *w, const sdt_breakdownacc *b, const sdt_groups *gs)
{
	memset(w, 0, sizeof *w);
	w->G = gs->n_groups;
	w->V = b->n_values + 1;
	w->S = gs->n_scales;
	sort_values(w->order, b);
	w->order[b->n_values] = SDT_BREAKDOWN_MAX_VALUES;
	w->mom = sdt_calloc(w->V * w->G * (w->S ? w->S : 1), sizeof *w->mom);
	return w->mom ? SDT_OK : sdt_fail_nomem();
}

static void bwork_free(bwork *w)
{
	sdt_free(w->mom);
}

static int adjust(sdt_breakdown *out, double alpha)
{
	size_t i, n = out->n_groups * out->n_values * out->n_scales;
	double *p = sdt_calloc(n + 1, sizeof *p), *adj = sdt_calloc(n + 1, sizeof *adj);
	int rc = SDT_OK;

	if (!p || !adj) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (i = 0; i < n; i++)
		p[i] = out->cells[i].hidden ? NAN : out->cells[i].p;
	if ((rc = sdt_bh(p, n, adj)) != SDT_OK)
		goto done;
	for (i = 0; i < n; i++) {
		out->cells[i].p_adjusted = adj[i];
		out->cells[i].significant = adj[i] < alpha;
	}
done:
	sdt_free(p);
	sdt_free(adj);
	return rc;
}

/* The groups' decisions for this attribute, and each of our values'
 * index among theirs. */
static int find_decisions(const sdt_groups_by **out, size_t *vmap,
                          const sdt_breakdown *res, const sdt_groups *gs)
{
	size_t a, v, k;
	const sdt_groups_by *by = NULL;

	for (a = 0; a < gs->n_by; a++)
		if (strcmp(gs->by[a].attribute, res->attribute) == 0)
			by = &gs->by[a];
	if (!by)
		return sdt_fail(SDT_EUSAGE, "breakdown by '%s': the groups were computed without "
		                "this attribute (sdt_groupacc_by)", res->attribute);
	for (v = 0; v < res->n_values; v++) {
		for (k = 0; k < by->n_values && strcmp(by->values[k], res->values[v]) != 0; k++)
			;
		if (k == by->n_values)
			return sdt_fail(SDT_EINTERNAL, "breakdown by '%s': value '%s' is not in the "
			                "groups' responses", res->attribute, res->values[v]);
		vmap[v] = k;
	}
	*out = by;
	return SDT_OK;
}

static int publish(sdt_breakdown *out, const sdt_breakdownacc *b, bwork *w,
                   const sdt_groups *gs)
{
	size_t v, g, j, vmap[SDT_BREAKDOWN_MAX_VALUES];
	sdt_breakdown_cell *c;
	const sdt_groups_by *by = NULL;
	int rc;

	out->n_groups = w->G;
	out->n_values = b->n_values;
	out->n_scales = w->S;
	out->attribute = sdt_strdup(b->attribute);
	out->values = sdt_calloc(b->n_values + 1, sizeof *out->values);
	out->cells = sdt_calloc(w->G * (b->n_values + 1) * (w->S + 1), sizeof *out->cells);
	if (!out->attribute || !out->values || !out->cells)
		return sdt_fail_nomem();
	for (v = 0; v < b->n_values; v++)
		if (!(out->values[v] = sdt_strdup(b->values[w->order[v]])))
			return sdt_fail_nomem();
	if ((rc = find_decisions(&by, vmap, out, gs)) != SDT_OK)
		return rc;
	for (j = 0; j < w->S; j++)
		for (g = 0; g < w->G; g++)
			for (v = 0; v < b->n_values; v++) {
				c = &out->cells[(g * out->n_values + v) * out->n_scales + j];
				c->hidden = by->hidden[(g * by->n_values + vmap[v]) * gs->n_scales + j];
				c->n = (size_t)mom_at(w, v, g, j)->n; /* counts are public */
				c->mean = c->sd = c->diff = c->t = c->df = c->p = NAN;
				c->p_adjusted = c->hedges_g = NAN;
				if (!c->hidden)
					cell_figures(c, w, v, g, j);
			}
	return SDT_OK;
}

static int breakdown_compute_run(sdt_breakdown **out, const sdt_breakdownacc *b,
                                 const sdt_groups *groups, double alpha)
{
	sdt_breakdown *res = NULL;
	bwork w;
	int rc;

	*out = NULL;
	if ((rc = bwork_init(&w, b, groups)) != SDT_OK || (rc = fill_moments(&w, b, groups)) != SDT_OK)
		goto done;
	if (!(res = sdt_calloc(1, sizeof *res))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	if ((rc = publish(res, b, &w, groups)) != SDT_OK ||
	    (rc = adjust(res, alpha > 0 ? alpha : 0.05)) != SDT_OK)
		goto done;
	*out = res;
	res = NULL;
done:
	bwork_free(&w);
	sdt_breakdown_free(res);
	return rc;
}

int sdt_breakdown_compute(sdt_breakdown **out, const sdt_breakdownacc *b,
                          const sdt_groups *groups, double alpha)
{
	/* GSL etiquette: its errors are checked here, never sent to the
	 * caller's handler, which is left as it was */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	size_t v;
	int rc;

	for (v = 0; b && v <= SDT_BREAKDOWN_MAX_VALUES; v++)
		if (b->acc[v])
			sdt_groupacc_settle(b->acc[v]);
	rc = breakdown_compute_run(out, b, groups, alpha);

	gsl_set_error_handler(old);
	return rc;
}

/* ---- the pipeline's sink (sdt_pipeline.h) ---- */

static int bsink_clone(void **out, const void *like)
{
	const sdt_breakdownacc *b = like;

	return sdt_breakdownacc_new((sdt_breakdownacc **)out, b->ins, b->attribute);
}

static int bsink_add(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	return sdt_breakdownacc_add(ctx, r, s);
}

static int bsink_merge(void *into, void *from)
{
	return sdt_breakdownacc_merge(into, from);
}

static void bsink_free(void *ctx)
{
	sdt_breakdownacc_free(ctx);
}

sdt_sink sdt_sink_breakdownacc(sdt_breakdownacc *acc)
{
	static const sdt_sink_ops ops = {bsink_clone, bsink_add, bsink_merge, bsink_free};
	sdt_sink s = {&ops, acc};

	return s;
}
