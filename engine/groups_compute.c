/*
 * groups_compute.c - from the group tree to the published sdt_groups:
 * suppression decided once, then figures only for visible cells.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "groups_impl.h"

typedef struct work {
	long *parent;
	size_t *subtree;
	double *count;
	int *hidden;
	int *by_prot;
} work;

static int work_alloc(work *w, size_t n)
{
	w->parent = sdt_calloc(n, sizeof *w->parent);
	w->subtree = sdt_calloc(n, sizeof *w->subtree);
	w->count = sdt_calloc(n, sizeof *w->count);
	w->hidden = sdt_calloc(n, sizeof *w->hidden);
	w->by_prot = sdt_calloc(n, sizeof *w->by_prot);
	return (w->parent && w->subtree && w->count && w->hidden && w->by_prot)
	       ? SDT_OK : sdt_fail_nomem();
}

static void work_free(work *w)
{
	sdt_free(w->parent);
	sdt_free(w->subtree);
	sdt_free(w->count);
	sdt_free(w->hidden);
	sdt_free(w->by_prot);
}

/* Groups hidden as a whole, then each scale's and item's cells, each with
 * its own count (scored respondents, answers) so that no cell's remainder
 * can be isolated either. */
static void decide_suppression(sdt_groups *g, const sdt_gtree *t, work *w)
{
	size_t i, j, n = g->n_groups;

	for (i = 0; i < n; i++)
		w->count[i] = t->nodes[i].stats.n;
	sdt_protect(w->parent, w->subtree, w->count, n, (double)g->min_group, w->hidden, w->by_prot);
	for (i = 0; i < n; i++) {
		g->groups[i].hidden = w->hidden[i];
		g->groups[i].hidden_by_protection = w->by_prot[i];
	}
	for (j = 0; j < g->n_scales + g->n_items; j++) {
		for (i = 0; i < n; i++) {
			w->hidden[i] = g->groups[i].hidden;
			w->count[i] = j < g->n_scales ? t->nodes[i].stats.scales[j].score.n
			                              : t->nodes[i].stats.items[j - g->n_scales].n;
		}
		sdt_protect(w->parent, w->subtree, w->count, n, (double)g->min_group, w->hidden, NULL);
		for (i = 0; i < n; i++) {
			if (j < g->n_scales)
				g->groups[i].scales[j].hidden = w->hidden[i];
			else
				g->groups[i].items[j - g->n_scales].hidden = w->hidden[i];
		}
	}
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
	c->favourable = s->answers > 0 ? s->fav / s->answers : NAN;
	c->unfavourable = s->answers > 0 ? s->unfav / s->answers : NAN;
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
	int hidden = c->hidden;

	memset(c, 0, sizeof *c);
	c->hidden = hidden;
	c->mean = c->sd = c->ci_lo = c->ci_hi = c->favourable = c->unfavourable = NAN;
	c->diff = c->t = c->df = c->p = c->p_adjusted = c->hedges_g = NAN;
}

static void fill_figures(sdt_groups *g, const sdt_gtree *t)
{
	size_t i, j;
	sdt_group *grp;

	for (i = 0; i < g->n_groups; i++) {
		grp = &g->groups[i];
		for (j = 0; j < g->n_scales; j++) {
			blank_scale(&grp->scales[j]);
			if (grp->scales[j].hidden)
				continue;
			scale_figures(&grp->scales[j], &t->nodes[i].stats.scales[j]);
			if (i > 0)
				compare_rest(&grp->scales[j], &t->nodes[i].stats.scales[j].score,
				             &t->nodes[0].stats.scales[j].score);
		}
		for (j = 0; j < g->n_items; j++) {
			if (grp->items[j].hidden) {
				grp->items[j].favourable = grp->items[j].unfavourable = NAN;
				continue;
			}
			item_figures(&grp->items[j], &t->nodes[i].stats.items[j]);
		}
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

static int publish_groups(sdt_groups *g, sdt_gtree *t, work *w)
{
	size_t i, k;
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
		w->parent[i] = nd->parent;
	}
	/* Subtree sizes: children follow their parent in depth-first order. */
	for (i = g->n_groups; i-- > 0;) {
		w->subtree[i] += 1;
		if ((k = (size_t)w->parent[i]) < i && w->parent[i] >= 0)
			w->subtree[k] += w->subtree[i];
	}
	return SDT_OK;
}

int sdt_groups_compute(sdt_groups **out, const sdt_groupacc *acc,
                       const sdt_groups_options *opt)
{
	sdt_groups *g = NULL;
	sdt_gtree t;
	work w = {0};
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
	if ((rc = work_alloc(&w, t.n)) != SDT_OK || (rc = publish_groups(g, &t, &w)) != SDT_OK)
		goto done;
	decide_suppression(g, &t, &w);
	fill_figures(g, &t);
	rc = adjust_bh(g, opt && opt->alpha > 0 ? opt->alpha : 0.05);
done:
	work_free(&w);
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
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n_groups && g->groups; i++) {
		sdt_free(g->groups[i].path);
		sdt_free(g->groups[i].scales);
		sdt_free(g->groups[i].items);
	}
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
