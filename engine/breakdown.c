/*
 * breakdown.c - groups split by a respondent attribute, with the
 * differencing protection applied across values and down the hierarchy.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "disclosure.h"
#include "groups_impl.h"
#include "sdt_breakdown.h"

struct sdt_breakdownacc {
	const sdt_instrument *ins;
	char *attribute;
	size_t n_values;
	char *values[SDT_BREAKDOWN_MAX_VALUES];
	/* one per value, then [SDT_BREAKDOWN_MAX_VALUES] for "no value" */
	sdt_groupacc *acc[SDT_BREAKDOWN_MAX_VALUES + 1];
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
	for (v = 0; v < b->n_values; v++)
		sdt_free(b->values[v]);
	for (v = 0; v <= SDT_BREAKDOWN_MAX_VALUES; v++)
		sdt_groupacc_free(b->acc[v]);
	sdt_free(b->attribute);
	sdt_free(b);
}

/* Index of the response's value, adding it when new. */
static int value_index(sdt_breakdownacc *b, const sdt_response *r, size_t *v)
{
	const char *val = NULL;
	size_t k;
	int rc;

	for (k = 0; k < r->n_attributes; k++)
		if (strcmp(r->attr_names[k], b->attribute) == 0)
			val = r->attr_values[k];
	*v = SDT_BREAKDOWN_MAX_VALUES;
	if (!val || !*val)
		return SDT_OK;
	for (k = 0; k < b->n_values; k++)
		if (strcmp(b->values[k], val) == 0) {
			*v = k;
			return SDT_OK;
		}
	if (b->n_values == SDT_BREAKDOWN_MAX_VALUES)
		return sdt_fail(SDT_ELIMIT, "%s:%lu: attribute '%s' has more than %d distinct "
		                "values: too many to break down by (respondent %s)",
		                r->file ? r->file : "-", r->line, b->attribute,
		                SDT_BREAKDOWN_MAX_VALUES, r->id);
	if (!(b->values[k] = sdt_strdup(val)))
		return sdt_fail_nomem();
	if ((rc = sdt_groupacc_new(&b->acc[k], b->ins)) != SDT_OK) {
		sdt_free(b->values[k]);
		return rc;
	}
	b->n_values++;
	*v = k;
	return SDT_OK;
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
	sdt_moments *mom;     /* [v][g][j] */
	long *parent;
	size_t *subtree;
	double *cnt;          /* [v][g], for the scale at hand */
	int *hid;             /* [v][g] */
	int *row_hidden;      /* [g]: the group's own cell of the scale is hidden */
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

static sdt_moments *mom_at(const bwork *w, size_t v, size_t g, size_t j)
{
	return &w->mom[(v * w->G + g) * w->S + j];
}

/* Sum each value's teams into their group and every ancestor. */
static int fill_moments(bwork *w, const sdt_breakdownacc *b, const sdt_groups *gs)
{
	size_t v, t, j;
	long g;
	const sdt_groupacc *acc;

	for (v = 0; v < w->V; v++) {
		acc = b->acc[w->order[v]];
		for (t = 0; t < acc->n_teams; t++) {
			g = t == 0 ? 0 : sdt_groups_find(gs, acc->teams[t].path);
			if (g < 0)
				return sdt_fail(SDT_EINTERNAL, "breakdown: team '%s' is not in the groups",
				                acc->teams[t].path);
			for (; g >= 0; g = gs->groups[g].parent)
				for (j = 0; j < w->S; j++)
					sdt_moments_merge(mom_at(w, v, (size_t)g, j),
					                  &acc->teams[t].scales[j].score);
		}
	}
	return SDT_OK;
}

/* The constraints a reader has, per scale, as term indices:
 *   cell(v, g) = v G + g             (v < R, the real values)
 *   none(g)    = R G + g             (no value for the attribute)
 *   vdir(v, g) = V G + v G + g       (value v, directly in g)
 *   total(g)   = V G + R G + g       (the group's scored respondents)
 *   gdir(g)    = V G + R G + G + g   (scored, directly in g)
 * with V = R + 1. Rows: total(g) = sum of cell(., g) + none(g); for each
 * value down the tree: cell(v, g) = sum over children + vdir(v, g); and
 * the groups' own tree: total(g) = sum of children's totals + gdir(g). */
typedef struct bcons {
	size_t nt, nc, cap_terms;
	double *count;
	int *published, *known;
	size_t *start, *len, *terms;
	size_t nterms;
} bcons;

static void bcons_free(bcons *c)
{
	sdt_free(c->count);
	sdt_free(c->published);
	sdt_free(c->known);
	sdt_free(c->start);
	sdt_free(c->len);
	sdt_free(c->terms);
}

static void push_term(bcons *c, size_t t)
{
	c->terms[c->nterms++] = t;
	c->len[c->nc - 1]++;
}

static void open_constraint(bcons *c, size_t lhs)
{
	c->start[c->nc] = c->nterms;
	c->len[c->nc++] = 0;
	push_term(c, lhs);
}

/* Index of value v's term for group g: a cell, or the group's total for
 * v == R (so one loop builds the value trees and the groups' tree). */
static size_t node_term(const bwork *w, size_t v, size_t g)
{
	size_t G = w->G, R = w->V - 1;

	return v < R ? v * G + g : w->V * G + R * G + g;
}

static size_t direct_term(const bwork *w, size_t v, size_t g)
{
	size_t G = w->G, R = w->V - 1;

	return v < R ? w->V * G + v * G + g : w->V * G + R * G + G + g;
}

static int bcons_build(bcons *c, const bwork *w)
{
	size_t G = w->G, V = w->V, R = V - 1, g, v, k;

	memset(c, 0, sizeof *c);
	c->nt = V * G + R * G + 2 * G;
	/* Per group: one row of V + 1 terms, and V tree constraints whose
	 * child terms add up to at most G over all groups. */
	c->cap_terms = G * (V + 1) + V * (3 * G) + 16;
	c->count = sdt_calloc(c->nt, sizeof *c->count);
	c->published = sdt_calloc(c->nt, sizeof *c->published);
	c->known = sdt_calloc(c->nt, sizeof *c->known);
	c->start = sdt_calloc(G * (V + 1) + 1, sizeof *c->start);
	c->len = sdt_calloc(G * (V + 1) + 1, sizeof *c->len);
	c->terms = sdt_calloc(c->cap_terms, sizeof *c->terms);
	if (!c->count || !c->published || !c->known || !c->start || !c->len || !c->terms)
		return sdt_fail_nomem();
	for (g = 0; g < G; g++) {
		open_constraint(c, node_term(w, R, g));
		for (v = 0; v < V; v++)
			push_term(c, v * G + g);
		for (v = 0; v <= R; v++) {
			open_constraint(c, node_term(w, v, g));
			for (k = g + 1; k < g + w->subtree[g]; k++)
				if (w->parent[k] == (long)g)
					push_term(c, node_term(w, v, k));
			push_term(c, direct_term(w, v, g));
		}
	}
	return SDT_OK;
}

/* Counts and what is published, for the scale at hand. */
static void bcons_fill(bcons *c, const bwork *w)
{
	size_t G = w->G, V = w->V, R = V - 1, g, v, k;
	double tot, kids;

	for (g = 0; g < G; g++) {
		tot = 0.0;
		for (v = 0; v < V; v++) {
			c->count[v * G + g] = w->cnt[v * G + g];
			c->published[v * G + g] = !w->hid[v * G + g];
			tot += w->cnt[v * G + g];
		}
		c->count[node_term(w, R, g)] = tot;
		c->published[node_term(w, R, g)] = !w->row_hidden[g];
	}
	for (g = 0; g < G; g++)
		for (v = 0; v <= R; v++) {
			kids = 0.0;
			for (k = g + 1; k < g + w->subtree[g]; k++)
				if (w->parent[k] == (long)g)
					kids += c->count[node_term(w, v, k)];
			c->count[direct_term(w, v, g)] = c->count[node_term(w, v, g)] - kids;
		}
}

/* The smallest published cell among a constraint's terms or, failing
 * that, in the row of the constraint's group, or anywhere; -1 if none. */
static long pick_cell(const bcons *c, const bwork *w, size_t con)
{
	size_t G = w->G, R = w->V - 1, k, t, g;
	long best = -1;

	for (k = 0; k < c->len[con]; k++) {
		t = c->terms[c->start[con] + k];
		if (t < R * G && !w->hid[t] && (best < 0 || w->cnt[t] < w->cnt[best]))
			best = (long)t;
	}
	g = c->terms[c->start[con]] % G;
	for (k = 0; best < 0 && k < R; k++)
		if (!w->hid[k * G + g])
			best = (long)(k * G + g);
	for (t = 0; best < 0 && t < R * G; t++)
		if (!w->hid[t])
			best = (long)t;
	return best;
}

static void suppress_scale(bwork *w, bcons *c, const sdt_groups *gs, size_t j)
{
	size_t v, g;
	sdt_disclosure d;
	long con, cell;
	double min = (double)gs->min_group;

	for (g = 0; g < w->G; g++)
		w->row_hidden[g] = gs->groups[g].scales[j].hidden;
	for (v = 0; v < w->V; v++)
		for (g = 0; g < w->G; g++) {
			w->cnt[v * w->G + g] = mom_at(w, v, g, j)->n;
			w->hid[v * w->G + g] = w->row_hidden[g] || v + 1 == w->V ||
			                       w->cnt[v * w->G + g] < min;
		}
	d = (sdt_disclosure){c->nt, c->count, c->published, c->nc, c->start, c->len, c->terms};
	/* Each round hides one more cell, so this ends. */
	for (;;) {
		bcons_fill(c, w);
		if ((con = sdt_disclosure_find_leak(&d, c->known, min)) < 0)
			break;
		if ((cell = pick_cell(c, w, (size_t)con)) < 0)
			break;
		w->hid[cell] = 1;
	}
}

static void cell_figures(sdt_breakdown_cell *c, const bwork *w, size_t v,
                         size_t g, size_t j)
{
	sdt_moments all = {0.0, 0.0, 0.0}, rest;
	const sdt_moments *m = mom_at(w, v, g, j);
	sdt_test_result r;
	size_t u;

	for (u = 0; u < w->V; u++)
		sdt_moments_merge(&all, mom_at(w, u, g, j));
	rest = sdt_moments_minus(&all, m);
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
	size_t g;

	memset(w, 0, sizeof *w);
	w->G = gs->n_groups;
	w->V = b->n_values + 1;
	w->S = gs->n_scales;
	sort_values(w->order, b);
	w->order[b->n_values] = SDT_BREAKDOWN_MAX_VALUES;
	w->mom = sdt_calloc(w->V * w->G * (w->S ? w->S : 1), sizeof *w->mom);
	w->parent = sdt_calloc(w->G, sizeof *w->parent);
	w->subtree = sdt_calloc(w->G, sizeof *w->subtree);
	w->cnt = sdt_calloc(w->V * w->G, sizeof *w->cnt);
	w->hid = sdt_calloc(w->V * w->G, sizeof *w->hid);
	w->row_hidden = sdt_calloc(w->G, sizeof *w->row_hidden);
	if (!w->mom || !w->parent || !w->subtree || !w->cnt || !w->hid || !w->row_hidden)
		return sdt_fail_nomem();
	for (g = 0; g < w->G; g++)
		w->parent[g] = gs->groups[g].parent;
	for (g = w->G; g-- > 0;) {
		w->subtree[g] += 1;
		if (w->parent[g] >= 0)
			w->subtree[w->parent[g]] += w->subtree[g];
	}
	return SDT_OK;
}

static void bwork_free(bwork *w)
{
	sdt_free(w->mom);
	sdt_free(w->parent);
	sdt_free(w->subtree);
	sdt_free(w->cnt);
	sdt_free(w->hid);
	sdt_free(w->row_hidden);
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

static int publish(sdt_breakdown *out, const sdt_breakdownacc *b, bwork *w,
                   const sdt_groups *gs)
{
	size_t v, g, j;
	sdt_breakdown_cell *c;
	bcons cons;
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
	if ((rc = bcons_build(&cons, w)) != SDT_OK) {
		bcons_free(&cons);
		return rc;
	}
	for (j = 0; j < w->S; j++) {
		suppress_scale(w, &cons, gs, j);
		for (g = 0; g < w->G; g++)
			for (v = 0; v < b->n_values; v++) {
				c = &out->cells[(g * out->n_values + v) * out->n_scales + j];
				c->hidden = w->hid[v * w->G + g];
				c->mean = c->sd = c->diff = c->t = c->df = c->p = NAN;
				c->p_adjusted = c->hedges_g = NAN;
				if (!c->hidden)
					cell_figures(c, w, v, g, j);
			}
	}
	bcons_free(&cons);
	return SDT_OK;
}

int sdt_breakdown_compute(sdt_breakdown **out, const sdt_breakdownacc *b,
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
