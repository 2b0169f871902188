/*
 * benchmark.c - percentile ranks and quartile bands of organisations and
 * teams across a portfolio (see sdt_benchmark.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "internal.h"
#include "sdt_benchmark.h"
#include "sdt_bootstrap.h"

/* Growable arrays of the public struct; capacities kept here so the
 * public struct shows only what a reader needs. */
/* One organisation's changes since its previous wave, in its instrument's
 * scale order, with the benchmark scale each belongs to. */
typedef struct bench_changes {
	size_t n;
	size_t *scale;       /* benchmark scale of each */
	sdt_change *change;
} bench_changes;

typedef struct bench_impl {
	sdt_benchmark pub; /* first: a sdt_benchmark * is a bench_impl * */
	size_t scales_cap, orgs_cap, teams_cap;
	/* per organisation (n_chg of them, the first ones), from
	 * sdt_benchmark_set_changes(); kept out of the public struct so that
	 * its layout stays as it was */
	bench_changes *chg;
	size_t n_chg;
} bench_impl;

int sdt_benchmark_new(sdt_benchmark **out)
{
	bench_impl *b;

	*out = NULL;
	if (!(b = sdt_calloc(1, sizeof *b)))
		return sdt_fail_nomem();
	b->pub.min_orgs = SDT_BENCHMARK_MIN_ORGS;
	b->pub.min_banded = SDT_BENCHMARK_MIN_BANDED;
	*out = &b->pub;
	return SDT_OK;
}

static void free_units(sdt_benchmark_unit *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sdt_free(u[i].name);
		sdt_free(u[i].cells);
	}
	sdt_free(u);
}

void sdt_benchmark_free(sdt_benchmark *b)
{
	bench_impl *bi = (bench_impl *)b;
	size_t i;

	if (!b)
		return;
	for (i = 0; i < bi->n_chg; i++) {
		sdt_free(bi->chg[i].scale);
		sdt_free(bi->chg[i].change);
	}
	sdt_free(bi->chg);
	free_units(b->orgs, b->n_orgs);
	free_units(b->teams, b->n_teams);
	sdt_free(b->scales);
	sdt_free((bench_impl *)b);
}

/* arr with room for one more element of `size` bytes (arr itself when it
 * has room, else moved); NULL when out of memory, arr then untouched.
 * Returned rather than stored through a void ** so that no pointer is
 * written through another pointer type. */
static void *grow(void *arr, size_t n, size_t *cap, size_t size)
{
	size_t c;
	void *p;

	if (n < *cap)
		return arr;
	c = *cap ? *cap * 2 : 16;
	if (!(p = sdt_reallocarray(arr, c, size)))
		return NULL;
	*cap = c;
	return p;
}

static void cell_clear(sdt_benchmark_cell *c);
static int widen(sdt_benchmark_unit *u, size_t n, size_t from, size_t to);

/* map[s]: the benchmark scale of the instrument's scale s, appending the
 * scales not seen before. */
static int map_scales(bench_impl *b, const sdt_instrument *ins, size_t *map)
{
	sdt_benchmark *p = &b->pub;
	size_t s, k, n = sdt_instrument_scale_count(ins);
	size_t had = p->n_scales;
	const char *id = sdt_instrument_id(ins), *sid;
	sdt_benchmark_scale *sc;
	int err;

	for (s = 0; s < n; s++) {
		sid = sdt_instrument_scale_id(ins, s);
		for (k = 0; k < p->n_scales; k++)
			if (!strcmp(sdt_instrument_id(p->scales[k].ins), id) &&
			    !strcmp(sdt_instrument_scale_id(p->scales[k].ins, p->scales[k].index), sid))
				break;
		if (k == p->n_scales) {
			if (!(sc = grow(p->scales, p->n_scales, &b->scales_cap, sizeof *sc)))
				return sdt_fail_nomem();
			p->scales = sc;
			memset(&p->scales[k], 0, sizeof p->scales[k]);
			p->scales[k].ins = ins;
			p->scales[k].index = s;
			p->n_scales++;
		}
		map[s] = k;
	}
	if (p->n_scales > had &&
	    ((err = widen(p->orgs, p->n_orgs, had, p->n_scales)) != SDT_OK ||
	     (err = widen(p->teams, p->n_teams, had, p->n_scales)) != SDT_OK))
		return err;
	return SDT_OK;
}

static void cell_clear(sdt_benchmark_cell *c)
{
	c->mean = NAN;
	c->hidden = 0;
	c->n = 0;
	c->sd = c->ci_lo = c->ci_hi = NAN;
	c->percentile = NAN;
	c->band = 0;
	c->uncertain = 0;
}

/* The cell's 95 % CI from its mean, SD and n, by the t distribution, as
 * the organisation's own report computes it: recomputed here rather than
 * copied so that the rule the Method sheet states is the one applied.
 * Left NAN when n < 2 or the quantile is not finite. */
static void cell_ci(sdt_benchmark_cell *c)
{
	double q;

	c->ci_lo = c->ci_hi = NAN;
	if (c->n < 2 || !isfinite(c->sd) || !isfinite(c->mean))
		return;
	q = gsl_cdf_tdist_Pinv(0.975, (double)(c->n - 1));
	if (!isfinite(q))
		return;
	q *= c->sd / sqrt((double)c->n);
	c->ci_lo = c->mean - q;
	c->ci_hi = c->mean + q;
}

/* Append a unit for group g of `groups`, its cells placed by map. */
static int add_unit(sdt_benchmark_unit **arr, size_t *n, size_t *cap, size_t n_scales,
                    size_t org, const char *name, const sdt_groups *groups,
                    size_t g, const size_t *map)
{
	const sdt_group *grp = &groups->groups[g];
	sdt_benchmark_unit *u;
	size_t s;

	if (!(u = grow(*arr, *n, cap, sizeof *u)))
		return sdt_fail_nomem();
	*arr = u;
	u += *n;
	memset(u, 0, sizeof *u);
	u->org = org;
	u->n = grp->n;
	u->name = sdt_strdup(name);
	u->cells = sdt_calloc(n_scales ? n_scales : 1, sizeof *u->cells);
	if (!u->name || !u->cells) {
		sdt_free(u->name);
		sdt_free(u->cells);
		return sdt_fail_nomem();
	}
	(*n)++;
	for (s = 0; s < n_scales; s++)
		cell_clear(&u->cells[s]);
	for (s = 0; s < groups->n_scales; s++) {
		const sdt_group_scale *gs = &grp->scales[s];
		if (grp->hidden || gs->hidden || isnan(gs->mean)) {
			u->cells[map[s]].hidden = 1;
			continue;
		}
		u->cells[map[s]].mean = gs->mean;
		u->cells[map[s]].n = gs->n;
		u->cells[map[s]].sd = gs->n > 1 ? gs->sd : NAN;
		cell_ci(&u->cells[map[s]]);
	}
	return SDT_OK;
}

/* A leaf is a team: the level every organisation has, so teams compare
 * like with like (departments above them differ from client to client). */
static int is_leaf(const sdt_groups *g, size_t i)
{
	return i + 1 >= g->n_groups || g->groups[i + 1].parent != (long)i;
}

/* The team's path below the organisation's own root. */
static const char *team_name(const sdt_groups *g, size_t i)
{
	const char *root = g->groups[0].path, *p = g->groups[i].path;
	size_t len = strlen(root);

	if (!g->synthetic_root && !strncmp(p, root, len) && p[len] == '/')
		return p + len + 1;
	return p;
}

static int add_teams(bench_impl *b, size_t org, const sdt_groups *groups,
                     const size_t *map)
{
	sdt_benchmark *p = &b->pub;
	size_t i;
	int err;

	for (i = 1; i < groups->n_groups; i++) {
		if (groups->groups[i].hidden || !is_leaf(groups, i))
			continue;
		if ((err = add_unit(&p->teams, &p->n_teams, &b->teams_cap, p->n_scales, org,
		                    team_name(groups, i), groups, i, map)) != SDT_OK)
			return err;
	}
	return SDT_OK;
}

int sdt_benchmark_add(sdt_benchmark *pb, const char *org, const sdt_instrument *ins,
                      const sdt_groups *groups)
{
	bench_impl *b = (bench_impl *)pb;
	size_t *map = NULL, n_org;
	int err;

	if (!pb || !org || !ins || !groups || groups->n_groups == 0 ||
	    groups->n_scales != sdt_instrument_scale_count(ins))
		return sdt_fail(SDT_EUSAGE, "benchmark: '%s': groups do not match the instrument",
		                org ? org : "(null)");
	if (!(map = sdt_calloc(groups->n_scales ? groups->n_scales : 1, sizeof *map)))
		return sdt_fail_nomem();
	n_org = pb->n_orgs;
	if ((err = map_scales(b, ins, map)) == SDT_OK &&
	    (err = add_unit(&pb->orgs, &pb->n_orgs, &b->orgs_cap, pb->n_scales, n_org, org,
	                    groups, 0, map)) == SDT_OK)
		err = add_teams(b, n_org, groups, map);
	sdt_free(map);
	return err;
}

/* Room for organisation org's changes: b->chg covers every organisation
 * up to it, the new ones empty. */
static int changes_room(bench_impl *b, size_t org)
{
	bench_changes *c;

	if (org < b->n_chg)
		return SDT_OK;
	if (!(c = sdt_reallocarray(b->chg, org + 1, sizeof *c)))
		return sdt_fail_nomem();
	memset(c + b->n_chg, 0, (org + 1 - b->n_chg) * sizeof *c);
	b->chg = c;
	b->n_chg = org + 1;
	return SDT_OK;
}

int sdt_benchmark_set_changes(sdt_benchmark *pb, size_t org, const sdt_instrument *ins,
                              const sdt_change *changes)
{
	bench_impl *b = (bench_impl *)pb;
	bench_changes *c;
	size_t *map = NULL, n;
	int err;

	if (!pb || !ins || !changes || org >= pb->n_orgs)
		return sdt_fail(SDT_EUSAGE, "benchmark: no organisation %zu for its changes", org);
	n = sdt_instrument_scale_count(ins);
	if (!(map = sdt_calloc(n ? n : 1, sizeof *map)))
		return sdt_fail_nomem();
	/* the organisation's scales are known already: nothing is appended */
	if ((err = map_scales(b, ins, map)) != SDT_OK || (err = changes_room(b, org)) != SDT_OK)
		goto done;
	c = &b->chg[org];
	sdt_free(c->change);
	sdt_free(c->scale);
	c->n = 0;
	c->scale = map;
	map = NULL;
	if (!(c->change = sdt_calloc(n ? n : 1, sizeof *c->change))) {
		err = sdt_fail_nomem();
		goto done;
	}
	memcpy(c->change, changes, n * sizeof *changes);
	c->n = n;
done:
	sdt_free(map);
	return err;
}

const sdt_change *sdt_benchmark_change(const sdt_benchmark *pb, size_t org, size_t scale)
{
	const bench_impl *b = (const bench_impl *)pb;
	size_t k;

	if (!pb || org >= b->n_chg)
		return NULL;
	for (k = 0; k < b->chg[org].n; k++)
		if (b->chg[org].scale[k] == scale)
			return b->chg[org].change[k].test == SDT_TEST_NONE ? NULL
			       : &b->chg[org].change[k];
	return NULL;
}

int sdt_benchmark_has_changes(const sdt_benchmark *pb)
{
	const bench_impl *b = (const bench_impl *)pb;
	size_t i, s;

	for (i = 0; pb && i < b->n_chg; i++)
		for (s = 0; s < pb->n_scales; s++)
			if (sdt_benchmark_change(pb, i, s))
				return 1;
	return 0;
}

/* Units added before an organisation brought new scales have fewer cells:
 * give them the new ones, unmeasured, so every unit has one per scale. */
static int widen(sdt_benchmark_unit *u, size_t n, size_t from, size_t to)
{
	size_t i, s;
	sdt_benchmark_cell *c;

	for (i = 0; i < n; i++) {
		if (!(c = sdt_reallocarray(u[i].cells, to, sizeof *c)))
			return sdt_fail_nomem();
		u[i].cells = c;
		for (s = from; s < to; s++)
			cell_clear(&c[s]);
	}
	return SDT_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Number of v[0..n) (sorted) below x, and equal to it. */
static void count_around(const double *v, size_t n, double x, size_t *below,
                         size_t *equal)
{
	size_t lo = 0, hi = n, mid, first;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	hi = n;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	*below = first;
	*equal = lo - first;
}

static void distribution(sdt_benchmark_dist *d, const double *v, size_t n)
{
	d->n = n;
	if (n == 0) {
		d->min = d->q1 = d->median = d->q3 = d->max = NAN;
		return;
	}
	d->min = v[0];
	d->max = v[n - 1];
	d->q1 = sdt_quantile7(v, n, 0.25);
	d->median = sdt_quantile7(v, n, 0.5);
	d->q3 = sdt_quantile7(v, n, 0.75);
}

/* Whether cut point x lies strictly inside the cell's CI; an unknown CI
 * cannot rule it out. */
static int straddles(const sdt_benchmark_cell *c, double x)
{
	if (isnan(c->ci_lo) || isnan(c->ci_hi))
		return 1;
	return c->ci_lo < x && x < c->ci_hi;
}

static void place(sdt_benchmark_cell *c, const double *v, const sdt_benchmark_dist *d, int banded)
{
	size_t below, equal;

	if (isnan(c->mean))
		return;
	count_around(v, d->n, c->mean, &below, &equal);
	c->percentile = 100.0 * ((double)below + 0.5 * (double)equal) / (double)d->n;
	if (!banded)
		return;
	c->band = c->mean >= d->q3 ? 1 : c->mean >= d->median ? 2 : c->mean >= d->q1 ? 3 : 4;
	c->uncertain = straddles(c, d->q1) || straddles(c, d->median) || straddles(c, d->q3);
}

/* The visible means of scale s over units, sorted, into v; returns how
 * many, and counts the distinct organisations among them. */
static size_t gather(double *v, const sdt_benchmark_unit *u, size_t n, size_t s,
                     size_t n_orgs, unsigned char *seen, size_t *orgs)
{
	size_t i, m = 0;

	memset(seen, 0, n_orgs ? n_orgs : 1);
	*orgs = 0;
	for (i = 0; i < n; i++) {
		if (isnan(u[i].cells[s].mean))
			continue;
		v[m++] = u[i].cells[s].mean;
		if (!seen[u[i].org]) {
			seen[u[i].org] = 1;
			(*orgs)++;
		}
	}
	qsort(v, m, sizeof *v, cmp_double);
	return m;
}

/* Rank one kind of unit (organisations or teams) on scale s. Returns
 * whether it was ranked; *banded whether it was banded too. */
static int rank(sdt_benchmark *b, sdt_benchmark_unit *u, size_t n, size_t s,
                sdt_benchmark_dist *d, size_t *orgs, double *v, unsigned char *seen,
                int *banded)
{
	size_t i, m = gather(v, u, n, s, b->n_orgs, seen, orgs);

	distribution(d, v, m);
	for (i = 0; i < n; i++) {
		u[i].cells[s].percentile = NAN;
		u[i].cells[s].band = 0;
		u[i].cells[s].uncertain = 0;
	}
	*banded = 0;
	if (*orgs < b->min_orgs)
		return 0;
	*banded = m >= b->min_banded;
	for (i = 0; i < n; i++)
		place(&u[i].cells[s], v, d, *banded);
	return 1;
}

static int benchmark_compute_run(sdt_benchmark *b)
{
	size_t s, n = b->n_orgs > b->n_teams ? b->n_orgs : b->n_teams, orgs;
	double *v = NULL;
	unsigned char *seen = NULL;
	int err = SDT_OK;

	v = sdt_calloc(n ? n : 1, sizeof *v);
	seen = sdt_calloc(b->n_orgs ? b->n_orgs : 1, 1);
	if (!v || !seen) {
		err = sdt_fail_nomem();
		goto done;
	}
	for (s = 0; s < b->n_scales; s++) {
		sdt_benchmark_scale *sc = &b->scales[s];
		sc->orgs_ranked = rank(b, b->orgs, b->n_orgs, s, &sc->orgs, &orgs, v, seen,
		                       &sc->orgs_banded);
		sc->teams_ranked = rank(b, b->teams, b->n_teams, s, &sc->teams, &sc->team_orgs,
		                        v, seen, &sc->teams_banded);
	}
done:
	sdt_free(v);
	sdt_free(seen);
	return err;
}

int sdt_benchmark_compute(sdt_benchmark *b)
{
	/* GSL etiquette: its errors are checked here, never sent to the
	 * caller's handler, which is left as it was */
	gsl_error_handler_t *old = gsl_set_error_handler_off();
	int rc = benchmark_compute_run(b);

	gsl_set_error_handler(old);
	return rc;
}
