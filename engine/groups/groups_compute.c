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
#include "sdt_disclosure.h"

static void answer_shares(sdt_group_scale *c, const sdt_gscale *s)
{
	c->favourable = s->answers > 0 && !c->favourable_hidden ? s->fav / s->answers : NAN;
	c->unfavourable = s->answers > 0 && !c->favourable_hidden ? s->unfav / s->answers : NAN;
}

/* The finite population correction sqrt((N - n) / (N - 1)) when the
 * group's headcount N is known: a team's mean is the mean of a small
 * finite group, not of a sample from an endless one (5 answers of 6:
 * 0.45; everyone answered: 0, the mean is exact). 1 when N is unknown or
 * smaller than n (a headcount that cannot be right corrects nothing). */
static double fpc(double n, size_t headcount)
{
	double N = (double)headcount;

	if (!headcount || N < n || N <= 1)
		return 1.0;
	return sqrt((N - n) / (N - 1));
}

/* The 95 % CI of a mean from the t distribution, corrected by `f`. */
static void mean_ci(double mean, double sd, double n, double f, double *lo, double *hi)
{
	double q;

	*lo = *hi = NAN;
	if (n > 1) {
		q = gsl_cdf_tdist_Pinv(0.975, n - 1) * sd / sqrt(n) * f;
		*lo = mean - q;
		*hi = mean + q;
	}
}

static void scale_figures(sdt_group_scale *c, const sdt_gscale *s, size_t headcount)
{
	double n = s->score.n;

	c->n = (size_t)n;
	c->mean = n > 0 ? s->score.mean : NAN;
	c->sd = n > 1 ? sqrt(s->score.m2 / (n - 1)) : NAN;
	mean_ci(c->mean, c->sd, n, fpc(n, headcount), &c->ci_lo, &c->ci_hi);
	answer_shares(c, s);
}

/* Welch's t test and Hedges' g of the group against everyone outside it. */
static void compare_rest(sdt_group_scale *c, const sdt_mom *grp,
                         const sdt_mom *all)
{
	sdt_mom rest = sdt_mom_minus(all, grp);
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

/* See sdt_group_composite: shown only where it is a function of the
 * group's shown scale figures and the same people. */
static void composite_figures(sdt_group_composite *c, const sdt_group *grp,
                              const sdt_mom *m, const sdt_instrument *ins, size_t k)
{
	size_t i, j, n = sdt_instrument_composite_scale_count(ins, k);

	c->n = (size_t)m->n;
	c->hidden = 0;
	c->mean = c->sd = c->ci_lo = c->ci_hi = NAN;
	for (i = 0; i < n && !c->hidden; i++) {
		j = sdt_instrument_composite_scale(ins, k, i);
		if (grp->scales[j].hidden)
			c->hidden = grp->scales[j].hidden;
		else if (grp->scales[j].n != c->n)
			c->hidden = SDT_HIDDEN_PROTECTION;
	}
	if (c->hidden || m->n < 1)
		return;
	c->mean = m->mean;
	if (m->n > 1)
		c->sd = sqrt(m->m2 / (m->n - 1));
	mean_ci(c->mean, c->sd, m->n, fpc(m->n, grp->headcount), &c->ci_lo, &c->ci_hi);
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
			scale_figures(&grp->scales[j], &t->nodes[i].stats.scales[j], grp->headcount);
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
		for (j = 0; j < g->n_composites; j++)
			composite_figures(&grp->composites[j], grp, &t->nodes[i].stats.comps[j],
			                  acc->ins, j);
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
		grp->composites = sdt_calloc(g->n_composites, sizeof *grp->composites);
		if (!grp->scales || !grp->items || !grp->composites)
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

/* The tree of acc and the shell of its groups (paths, counts, parents),
 * undecided; *team_node gets each of acc's teams' leaf group. */
static int shell(sdt_groups **out, sdt_gtree *t, size_t **team_node,
                 const sdt_groupacc *acc, const sdt_groups_options *opt)
{
	sdt_groups *g = NULL;
	int rc;

	*out = NULL;
	if ((rc = sdt_gtree_build(t, acc)) != SDT_OK)
		return rc;
	if (!(g = sdt_calloc(1, sizeof *g)) || !(g->groups = sdt_calloc(t->n, sizeof *g->groups))) {
		sdt_free(g);
		return sdt_fail_nomem();
	}
	g->min_group = opt && opt->min_group ? opt->min_group : 5;
	g->n_groups = t->n;
	g->n_scales = acc->n_scales;
	g->n_items = acc->n_items;
	g->n_composites = acc->n_comps;
	g->n_no_team = (size_t)acc->teams[0].n;
	g->synthetic_root = t->synthetic_root;
	*out = g;
	if (team_node && (rc = team_nodes(team_node, acc, t)) != SDT_OK)
		return rc;
	return publish_groups(g, t);
}

/* Groups of acc decided on their own; *team_node kept for the caller. */
static int compute_own(sdt_groups **out, size_t **team_node, const sdt_groupacc *acc,
                       const sdt_groups_options *opt)
{
	sdt_groups *g = NULL;
	sdt_gtree t;
	int rc;

	*out = NULL;
	if ((rc = sdt_gtree_init(&t, acc)) != SDT_OK)
		return rc;
	if ((rc = shell(&g, &t, team_node, acc, opt)) != SDT_OK ||
	    (rc = sdt_groups_disclose(g, acc, *team_node, NULL, NULL, opt ? opt->threads : 0)) != SDT_OK)
		goto done;
	fill_figures(g, acc, &t);
	rc = adjust_bh(g, opt && opt->alpha > 0 ? opt->alpha : 0.05);
done:
	sdt_gtree_clear(&t);
	if (rc != SDT_OK) {
		sdt_groups_free(g);
		return rc;
	}
	*out = g;
	return SDT_OK;
}

static int groups_compute_run(sdt_groups **out, const sdt_groupacc *acc,
                              const sdt_groups_options *opt)
{
	size_t *team_node = NULL;
	int rc = compute_own(out, &team_node, acc, opt);

	sdt_free(team_node);
	return rc;
}

/* Each of acc's teams' leaf group in t, the tree of the renamed teams. */
static int moved_nodes(size_t **out, const sdt_groupacc *acc, const sdt_gtree *t,
                       const sdt_groups_rename *ren)
{
	size_t *tn = sdt_calloc(acc->n_teams + 1, sizeof *tn), i;
	char *path;
	long n;

	*out = tn;
	if (!tn)
		return sdt_fail_nomem();
	for (i = 1; i < acc->n_teams; i++) {
		if (!(path = sdt_groups_renamed_path(ren, acc->teams[i].path)))
			return sdt_fail_nomem();
		n = sdt_gtree_find(t, path, strlen(path));
		sdt_free(path);
		if (n < 0)
			return sdt_fail(SDT_EINTERNAL, "groups: moved team has no group");
		tn[i] = (size_t)n;
	}
	return SDT_OK;
}

static int groups_compute_moved_run(sdt_groups **out, const sdt_groupacc *acc,
                                    const sdt_groups_options *opt, const sdt_groups_rename *ren)
{
	sdt_groups *own = NULL, *g = NULL;
	sdt_groupacc *moved = NULL;
	size_t *own_node = NULL, *moved_node = NULL;
	sdt_gtree t;
	int rc;

	*out = NULL;
	if ((rc = sdt_gtree_init(&t, acc)) != SDT_OK)
		return rc;
	if ((rc = compute_own(&own, &own_node, acc, opt)) != SDT_OK ||
	    (rc = sdt_groupacc_new_like(&moved, acc)) != SDT_OK ||
	    (rc = sdt_groupacc_merge_renamed(moved, acc, ren)) != SDT_OK ||
	    (rc = sdt_gtree_build(&t, moved)) != SDT_OK ||
	    (rc = moved_nodes(&moved_node, acc, &t, ren)) != SDT_OK)
		goto done;
	sdt_gtree_clear(&t);
	if ((rc = sdt_gtree_init(&t, acc)) != SDT_OK ||
	    (rc = shell(&g, &t, NULL, moved, opt)) != SDT_OK ||
	    (rc = sdt_groups_disclose(own, acc, own_node, g, moved_node, opt ? opt->threads : 0)) != SDT_OK)
		goto done;
	fill_figures(g, moved, &t);
	rc = adjust_bh(g, opt && opt->alpha > 0 ? opt->alpha : 0.05);
done:
	sdt_gtree_clear(&t);
	sdt_groups_free(own);
	sdt_groupacc_free(moved);
	sdt_free(own_node);
	sdt_free(moved_node);
	if (rc != SDT_OK) {
		sdt_groups_free(g);
		return rc;
	}
	*out = g;
	return SDT_OK;
}

/* Both public entries: the options' versions checked (*out NULL when one
 * is wrong), then today's groups, or with `moved` an earlier wave's on
 * today's hierarchy. GSL etiquette: its errors are checked here, never
 * sent to the caller's handler, which is left as it was. */
static int groups_entry(sdt_groups **out, const sdt_groupacc *acc,
                        const sdt_groups_options *opt, const sdt_groups_rename *ren,
                        int moved)
{
	gsl_error_handler_t *old;
	int rc = SDT_CHECK_OPTIONS(opt, sdt_groups_options, SDT_GROUPS_OPTIONS);

	if (rc == SDT_OK)
		rc = SDT_CHECK_OPTIONS(ren, sdt_groups_rename, SDT_GROUPS_RENAME);
	if (rc != SDT_OK) {
		if (out)
			*out = NULL;
		return rc;
	}
	old = gsl_set_error_handler_off();
	rc = moved ? groups_compute_moved_run(out, acc, opt, ren)
	           : groups_compute_run(out, acc, opt);
	gsl_set_error_handler(old);
	return rc;
}

int sdt_groups_compute(sdt_groups **out, const sdt_groupacc *acc,
                       const sdt_groups_options *opt)
{
	return groups_entry(out, acc, opt, NULL, 0);
}

int sdt_groups_compute_moved(sdt_groups **out, const sdt_groupacc *acc,
                             const sdt_groups_options *opt, const sdt_groups_rename *ren)
{
	return groups_entry(out, acc, opt, ren, 1);
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
		sdt_free(g->groups[i].composites);
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
