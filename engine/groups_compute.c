/*
 * groups_compute.c - from the group tree to the published sdt_groups:
 * suppression decided once, then figures only for visible cells.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stdint.h>

#include "compare.h"
#include "groups_impl.h"
#include "sdt_disclosure.h"

/* One scale's system under construction: the inner cells (team x
 * combination x complete/partial) and, in CSR form, the inner cells of
 * every cell: S(g) = scored respondents of group g, I(g) = those complete
 * on the scale, B(a, v, g) = scored respondents of g with value v of
 * attribute a. */
typedef struct sysb {
	size_t G, n_cells, n_inner;
	double *count;      /* per inner cell */
	size_t *node;       /* per inner cell: the leaf group */
	size_t *combo;      /* per inner cell */
	unsigned char *partial;
	size_t *start, *fill, *list;
	size_t *by_off;     /* attribute a's first B cell is 2G + by_off[a] G */
	long *vidx;         /* [combo][a]: value index, -1 for none */
} sysb;

static void sysb_free(sysb *b)
{
	sdt_free(b->count);
	sdt_free(b->node);
	sdt_free(b->combo);
	sdt_free(b->partial);
	sdt_free(b->start);
	sdt_free(b->fill);
	sdt_free(b->list);
}

/* Call f(b, inner, cell) for every cell that contains the inner cell. */
static void each_cell(sysb *b, const sdt_groups *g, const sdt_groupacc *acc, size_t k,
                      void (*f)(sysb *, size_t, size_t))
{
	long n;
	size_t a;
	long v;

	for (n = (long)b->node[k]; n >= 0; n = g->groups[n].parent) {
		f(b, k, (size_t)n);
		if (!b->partial[k])
			f(b, k, b->G + (size_t)n);
		for (a = 0; a < acc->n_by; a++)
			if ((v = b->vidx[b->combo[k] * acc->n_by + a]) >= 0)
				f(b, k, 2 * b->G + (b->by_off[a] + (size_t)v) * b->G + (size_t)n);
	}
}

static void count_one(sysb *b, size_t k, size_t cell)
{
	(void)k;
	b->start[cell + 1]++;
}

static void fill_one(sysb *b, size_t k, size_t cell)
{
	b->list[b->start[cell] + b->fill[cell]++] = k;
}

/* The inner cells of scale j: one per team, combination and class with
 * scored respondents. team_node[t] is team t's leaf group. */
static int sysb_inner(sysb *b, const sdt_groupacc *acc, const size_t *team_node, size_t j)
{
	size_t t, c, x, m = 0, S = acc->n_scales;
	const sdt_gteam *tm;

	for (t = 0; t < acc->n_teams; t++)
		m += acc->teams[t].n_combos * 2;
	b->count = sdt_calloc(m + 1, sizeof *b->count);
	b->node = sdt_calloc(m + 1, sizeof *b->node);
	b->combo = sdt_calloc(m + 1, sizeof *b->combo);
	b->partial = sdt_calloc(m + 1, sizeof *b->partial);
	if (!b->count || !b->node || !b->combo || !b->partial)
		return sdt_fail_nomem();
	for (t = 0, m = 0; t < acc->n_teams; t++) {
		tm = &acc->teams[t];
		for (c = 0; c < tm->n_combos; c++)
			for (x = 0; x < 2; x++)
				if (tm->cells[(c * S + j) * 2 + x] > 0.0) {
					b->count[m] = tm->cells[(c * S + j) * 2 + x];
					b->node[m] = team_node[t];
					b->combo[m] = tm->combo[c];
					b->partial[m++] = (unsigned char)x;
				}
	}
	b->n_inner = m;
	return SDT_OK;
}

static int sysb_cells(sysb *b, const sdt_groups *g, const sdt_groupacc *acc)
{
	size_t k, c;

	b->start = sdt_calloc(b->n_cells + 2, sizeof *b->start);
	b->fill = sdt_calloc(b->n_cells + 1, sizeof *b->fill);
	if (!b->start || !b->fill)
		return sdt_fail_nomem();
	for (k = 0; k < b->n_inner; k++)
		each_cell(b, g, acc, k, count_one);
	for (c = 0; c < b->n_cells; c++)
		b->start[c + 1] += b->start[c];
	if (!(b->list = sdt_calloc(b->start[b->n_cells] + 1, sizeof *b->list)))
		return sdt_fail_nomem();
	for (k = 0; k < b->n_inner; k++)
		each_cell(b, g, acc, k, fill_one);
	return SDT_OK;
}

static void apply(sdt_groups *g, const sdt_groupacc *acc, const sdt_disclosure *d,
                  const sysb *b, size_t j)
{
	size_t i, k, a, v, G = b->G;
	sdt_groups_by *by;

	for (i = 0; i < G; i++) {
		g->groups[i].scales[j].hidden = (int)sdt_disclosure_result(d, i);
		g->groups[i].scales[j].favourable_hidden = (int)sdt_disclosure_result(d, G + i);
		for (k = 0; k < g->n_items; k++)
			if (acc->item_scale[k] == (long)j)
				g->groups[i].items[k].hidden = g->groups[i].scales[j].favourable_hidden;
	}
	for (a = 0; a < g->n_by; a++) {
		by = &g->by[a];
		for (v = 0; v < by->n_values; v++)
			for (i = 0; i < G; i++)
				by->hidden[(i * by->n_values + v) * g->n_scales + j] = (unsigned char)
					sdt_disclosure_result(d, 2 * G + (b->by_off[a] + v) * G + i);
	}
}

/* The key of inner cell k under attribute subset `mask`: its value index
 * of each attribute in the mask (-1 none), -2 for the others. */
static long key_of(const sysb *b, size_t n_by, size_t k, size_t a, unsigned mask)
{
	return (mask >> a) & 1u ? b->vidx[b->combo[k] * n_by + a] : -2;
}

static const sysb *key_b;
static size_t key_n_by;
static unsigned key_mask;

static int cmp_key(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y, a;
	long ki, kj;

	if (key_b->node[i] != key_b->node[j])
		return key_b->node[i] < key_b->node[j] ? -1 : 1;
	for (a = 0; a < key_n_by; a++) {
		ki = key_of(key_b, key_n_by, i, a, key_mask);
		kj = key_of(key_b, key_n_by, j, a, key_mask);
		if (ki != kj)
			return ki < kj ? -1 : 1;
	}
	return (i > j) - (i < j);
}

/* A reader can isolate more than the inner cells: a team's respondents
 * with one value of an attribute across the others' values, or across
 * complete and partial answering. Name each such union (per group's own
 * members and subset of the attributes) to the engine, which protects it
 * when it is small. */
static int protect_marginals(sdt_disclosure *d, const sysb *b, size_t n_by, size_t *ord)
{
	unsigned mask, masks = n_by <= 4 ? 1u << n_by : 1u;
	size_t k, e, a;
	int rc;

	for (mask = 0; mask < masks; mask++) {
		for (k = 0; k < b->n_inner; k++)
			ord[k] = k;
		key_b = b, key_n_by = n_by, key_mask = mask;
		qsort(ord, b->n_inner, sizeof *ord, cmp_key);
		for (k = 0; k < b->n_inner; k = e) {
			for (e = k + 1; e < b->n_inner && b->node[ord[e]] == b->node[ord[k]]; e++) {
				for (a = 0; a < n_by; a++)
					if (key_of(b, n_by, ord[e], a, mask) != key_of(b, n_by, ord[k], a, mask))
						break;
				if (a < n_by)
					break;
			}
			if (e - k > 1 && (rc = sdt_disclosure_protect(d, ord + k, e - k)) != SDT_OK)
				return rc;
		}
	}
	return SDT_OK;
}

/* Decide every cell of scale j in one system. */
static int decide_scale(sdt_groups *g, const sdt_groupacc *acc, const size_t *team_node,
                        sysb *b, size_t j)
{
	sdt_disclosure *d = NULL;
	size_t c, id, *ord = NULL;
	int rc;

	if ((rc = sysb_inner(b, acc, team_node, j)) != SDT_OK ||
	    (rc = sysb_cells(b, g, acc)) != SDT_OK ||
	    (rc = sdt_disclosure_new(&d, b->n_inner, b->count, (double)g->min_group)) != SDT_OK)
		goto done;
	for (c = 0; c < b->n_cells; c++)
		if ((rc = sdt_disclosure_add(d, b->list + b->start[c], b->start[c + 1] - b->start[c],
		                             &id)) != SDT_OK)
			goto done;
	if (!(ord = sdt_calloc(b->n_inner + 1, sizeof *ord))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	if ((rc = protect_marginals(d, b, acc->n_by, ord)) != SDT_OK ||
	    (rc = sdt_disclosure_run(d)) != SDT_OK)
		goto done;
	apply(g, acc, d, b, j);
done:
	sdt_free(ord);
	sdt_disclosure_free(d);
	return rc;
}

static const char *const *sort_vals;

static int cmp_vidx(const void *x, const void *y)
{
	return strcmp(sort_vals[*(const size_t *)x], sort_vals[*(const size_t *)y]);
}

/* The sorted values of attribute a, and each combination's value index. */
static int by_values(sdt_groups_by *by, const sdt_groupacc *acc, size_t a, long *vidx)
{
	size_t c, k, n = 0, *ord = NULL;
	const char **vals = sdt_calloc(acc->n_combo_ids + 1, sizeof *vals);
	int rc = SDT_OK;

	if (!vals || !(ord = sdt_calloc(acc->n_combo_ids + 1, sizeof *ord)) ||
	    !(by->attribute = sdt_strdup(acc->by[a]))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (c = 0; c < acc->n_combo_ids; c++) {
		const char *v = acc->combo_val[c * acc->n_by + a];

		for (k = 0; v && k < n && strcmp(vals[k], v) != 0; k++)
			;
		vidx[c * acc->n_by + a] = v ? (long)k : -1;
		if (v && k == n)
			vals[n++] = v;
	}
	for (k = 0; k < n; k++)
		ord[k] = k;
	sort_vals = vals;
	qsort(ord, n, sizeof *ord, cmp_vidx);
	sort_vals = NULL;
	by->values = sdt_calloc(n + 1, sizeof *by->values);
	for (k = 0; by->values && k < n; k++)
		if (!(by->values[k] = sdt_strdup(vals[ord[k]])))
			break;
	by->n_values = k;
	if (!by->values || k < n) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (k = 0; k < n; k++) /* rank of each first-seen index */
		vals[ord[k]] = (const char *)(uintptr_t)k;
	for (c = 0; c < acc->n_combo_ids; c++)
		if (vidx[c * acc->n_by + a] >= 0)
			vidx[c * acc->n_by + a] = (long)(uintptr_t)vals[vidx[c * acc->n_by + a]];
done:
	sdt_free(vals);
	sdt_free(ord);
	return rc;
}

static int setup_by(sdt_groups *g, const sdt_groupacc *acc, sysb *b)
{
	size_t a, off = 0;
	int rc;

	b->G = g->n_groups;
	b->by_off = sdt_calloc(acc->n_by + 1, sizeof *b->by_off);
	b->vidx = sdt_calloc(acc->n_combo_ids * acc->n_by + 1, sizeof *b->vidx);
	g->by = sdt_calloc(acc->n_by + 1, sizeof *g->by);
	if (!b->by_off || !b->vidx || !g->by)
		return sdt_fail_nomem();
	g->n_by = acc->n_by;
	for (a = 0; a < acc->n_by; a++) {
		if ((rc = by_values(&g->by[a], acc, a, b->vidx)) != SDT_OK)
			return rc;
		b->by_off[a] = off;
		off += g->by[a].n_values;
		g->by[a].hidden = sdt_calloc(g->n_groups * g->by[a].n_values * g->n_scales + 1, 1);
		if (!g->by[a].hidden)
			return sdt_fail_nomem();
	}
	b->n_cells = b->G * (2 + off);
	return SDT_OK;
}

/* Every scale's cells decided by the disclosure engine. */
static int decide_suppression(sdt_groups *g, const sdt_groupacc *acc, const size_t *team_node)
{
	sysb b;
	size_t j;
	int rc = SDT_OK;

	memset(&b, 0, sizeof b);
	if ((rc = setup_by(g, acc, &b)) != SDT_OK)
		goto done;
	for (j = 0; j < g->n_scales && rc == SDT_OK; j++) {
		rc = decide_scale(g, acc, team_node, &b, j);
		sdt_free(b.count);
		sdt_free(b.node);
		sdt_free(b.combo);
		sdt_free(b.partial);
		sdt_free(b.start);
		sdt_free(b.fill);
		sdt_free(b.list);
		b.count = NULL, b.node = NULL, b.combo = NULL, b.partial = NULL;
		b.start = NULL, b.fill = NULL, b.list = NULL;
	}
done:
	sysb_free(&b);
	sdt_free(b.by_off);
	sdt_free(b.vidx);
	return rc;
}

static void answer_shares(sdt_group_scale *c, const sdt_gscale *s)
{
	c->favourable = s->answers > 0 && !c->favourable_hidden ? s->fav / s->answers : NAN;
	c->unfavourable = s->answers > 0 && !c->favourable_hidden ? s->unfav / s->answers : NAN;
}

static void scale_figures(sdt_group_scale *c, const sdt_gscale *s)
{
	double n = s->score.n, q;

	c->n = (size_t)n;
	c->mean = n > 0 ? s->score.mean : NAN;
	c->sd = n > 1 ? sqrt(s->score.m2 / (n - 1)) : NAN;
	c->ci_lo = c->ci_hi = NAN;
	if (n > 1) {
		q = gsl_cdf_tdist_Pinv(0.975, n - 1) * c->sd / sqrt(n);
		c->ci_lo = c->mean - q;
		c->ci_hi = c->mean + q;
	}
	answer_shares(c, s);
}

/* Welch's t test and Hedges' g of the group against everyone outside it. */
static void compare_rest(sdt_group_scale *c, const sdt_moments *grp,
                         const sdt_moments *all)
{
	sdt_moments rest = sdt_moments_minus(all, grp);
	sdt_test_result r;

	sdt_welch(&r, grp, &rest);
	c->diff = r.diff;
	c->t = r.t;
	c->df = r.df;
	c->p = r.p;
	c->hedges_g = r.effect;
}

static void item_figures(sdt_group_item *c, const sdt_gitem *s)
{
	c->n = (size_t)s->n;
	c->favourable = s->n > 0 ? s->fav / s->n : NAN;
	c->unfavourable = s->n > 0 ? s->unfav / s->n : NAN;
}

static void blank_scale(sdt_group_scale *c)
{
	int hidden = c->hidden, fav_hidden = c->favourable_hidden;

	memset(c, 0, sizeof *c); /* n and n_complete are set by the caller */
	c->hidden = hidden;
	c->favourable_hidden = fav_hidden;
	c->mean = c->sd = c->ci_lo = c->ci_hi = c->favourable = c->unfavourable = NAN;
	c->diff = c->t = c->df = c->p = c->p_adjusted = c->hedges_g = NAN;
}

/* A group is hidden as a whole when it is under the threshold or none of
 * its scored scales is shown. */
static void group_hidden(sdt_group *grp, size_t n_scales, size_t min)
{
	size_t j;
	int shown = 0, prot = 0;

	for (j = 0; j < n_scales; j++) {
		shown |= grp->scales[j].n > 0 && !grp->scales[j].hidden;
		prot |= grp->scales[j].hidden == SDT_HIDDEN_PROTECTION;
	}
	grp->hidden = grp->n < min || !shown;
	grp->hidden_by_protection = grp->hidden && prot && grp->n >= min;
}

static void fill_figures(sdt_groups *g, const sdt_groupacc *acc, const sdt_gtree *t)
{
	size_t i, j;
	sdt_group *grp;

	for (i = 0; i < g->n_groups; i++) {
		grp = &g->groups[i];
		for (j = 0; j < g->n_scales; j++) {
			blank_scale(&grp->scales[j]);
			/* Counts are public: only figures computed from answers are hidden. */
			grp->scales[j].n = (size_t)t->nodes[i].stats.scales[j].score.n;
			grp->scales[j].n_complete = (size_t)(t->nodes[i].stats.scales[j].answers /
				(double)sdt_instrument_scale_item_count(acc->ins, j));
			if (grp->scales[j].hidden) {
				/* the answer cell is decided on its own */
				answer_shares(&grp->scales[j], &t->nodes[i].stats.scales[j]);
				continue;
			}
			scale_figures(&grp->scales[j], &t->nodes[i].stats.scales[j]);
			if (i > 0)
				compare_rest(&grp->scales[j], &t->nodes[i].stats.scales[j].score,
				             &t->nodes[0].stats.scales[j].score);
		}
		for (j = 0; j < g->n_items; j++) {
			item_figures(&grp->items[j], &t->nodes[i].stats.items[j]);
			if (grp->items[j].hidden)
				grp->items[j].favourable = grp->items[j].unfavourable = NAN;
		}
		group_hidden(grp, g->n_scales, g->min_group);
	}
}

/* Benjamini-Hochberg over every visible group x scale comparison. */
static int adjust_bh(sdt_groups *g, double alpha)
{
	size_t i, j, n = g->n_groups * g->n_scales;
	double *p = sdt_calloc(n + 1, sizeof *p), *adj = sdt_calloc(n + 1, sizeof *adj);
	sdt_group_scale *c;
	int rc = SDT_OK;

	if (!p || !adj) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (i = 0; i < g->n_groups; i++)
		for (j = 0; j < g->n_scales; j++) {
			c = &g->groups[i].scales[j];
			p[i * g->n_scales + j] = (i > 0 && !c->hidden) ? c->p : NAN;
		}
	if ((rc = sdt_bh(p, n, adj)) != SDT_OK)
		goto done;
	for (i = 0; i < g->n_groups; i++)
		for (j = 0; j < g->n_scales; j++) {
			c = &g->groups[i].scales[j];
			c->p_adjusted = adj[i * g->n_scales + j];
			c->significant = c->p_adjusted < alpha;
		}
done:
	sdt_free(p);
	sdt_free(adj);
	return rc;
}

static int publish_groups(sdt_groups *g, sdt_gtree *t)
{
	size_t i;
	sdt_gnode *nd;
	sdt_group *grp;
	const char *slash;

	for (i = 0; i < g->n_groups; i++) {
		nd = &t->nodes[i];
		grp = &g->groups[i];
		grp->path = nd->path;
		nd->path = NULL; /* ownership moves to the published group */
		slash = strrchr(grp->path, '/');
		grp->name = (slash && i > 0) ? slash + 1 : grp->path;
		grp->depth = nd->depth;
		grp->parent = nd->parent;
		grp->n = (size_t)nd->stats.n;
		grp->n_direct = nd->n_direct;
		grp->headcount = nd->headcount_given ? nd->headcount : nd->headcount_sum;
		grp->scales = sdt_calloc(g->n_scales, sizeof *grp->scales);
		grp->items = sdt_calloc(g->n_items, sizeof *grp->items);
		if (!grp->scales || !grp->items)
			return sdt_fail_nomem();
	}
	return SDT_OK;
}

/* The leaf group of every team of acc (the no-team bucket: the root),
 * found while the tree still owns its paths. */
static int team_nodes(size_t **out, const sdt_groupacc *acc, const sdt_gtree *t)
{
	size_t *tn = sdt_calloc(acc->n_teams + 1, sizeof *tn), i;
	long n;

	*out = tn;
	if (!tn)
		return sdt_fail_nomem();
	for (i = 1; i < acc->n_teams; i++) {
		n = sdt_gtree_find(t, acc->teams[i].path, strlen(acc->teams[i].path));
		if (n < 0)
			return sdt_fail(SDT_EINTERNAL, "groups: team '%s' has no group",
			                acc->teams[i].path);
		tn[i] = (size_t)n;
	}
	return SDT_OK;
}

int sdt_groups_compute(sdt_groups **out, const sdt_groupacc *acc,
                       const sdt_groups_options *opt)
{
	sdt_groups *g = NULL;
	sdt_gtree t;
	size_t *team_node = NULL;
	int rc;

	*out = NULL;
	gsl_set_error_handler_off();
	if ((rc = sdt_gtree_init(&t, acc->n_scales, acc->n_items)) != SDT_OK)
		return rc;
	if ((rc = sdt_gtree_build(&t, acc)) != SDT_OK)
		goto done;
	if (!(g = sdt_calloc(1, sizeof *g)) || !(g->groups = sdt_calloc(t.n, sizeof *g->groups))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	g->min_group = opt && opt->min_group ? opt->min_group : 5;
	g->n_groups = t.n;
	g->n_scales = acc->n_scales;
	g->n_items = acc->n_items;
	g->n_no_team = (size_t)acc->teams[0].n;
	g->synthetic_root = t.synthetic_root;
	if ((rc = team_nodes(&team_node, acc, &t)) != SDT_OK ||
	    (rc = publish_groups(g, &t)) != SDT_OK ||
	    (rc = decide_suppression(g, acc, team_node)) != SDT_OK)
		goto done;
	fill_figures(g, acc, &t);
	rc = adjust_bh(g, opt && opt->alpha > 0 ? opt->alpha : 0.05);
done:
	sdt_free(team_node);
	sdt_gtree_clear(&t);
	if (rc != SDT_OK) {
		sdt_groups_free(g);
		return rc;
	}
	*out = g;
	return SDT_OK;
}

void sdt_groups_free(sdt_groups *g)
{
	size_t i, k;

	if (!g)
		return;
	for (i = 0; i < g->n_groups && g->groups; i++) {
		sdt_free(g->groups[i].path);
		sdt_free(g->groups[i].scales);
		sdt_free(g->groups[i].items);
	}
	for (i = 0; i < g->n_by && g->by; i++) {
		for (k = 0; k < g->by[i].n_values; k++)
			sdt_free(g->by[i].values[k]);
		sdt_free(g->by[i].values);
		sdt_free(g->by[i].attribute);
		sdt_free(g->by[i].hidden);
	}
	sdt_free(g->by);
	sdt_free(g->groups);
	sdt_free(g);
}

long sdt_groups_find(const sdt_groups *g, const char *path)
{
	size_t i;

	for (i = 0; i < g->n_groups; i++)
		if (strcmp(g->groups[i].path, path) == 0)
			return (long)i;
	return -1;
}
