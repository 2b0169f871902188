/*
 * groups.c - the group hierarchy: team paths rolled up into every ancestor,
 * anonymity decided once (threshold, then differencing protection), and
 * the per-group figures that reports render.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "groupacc.h"
#include "groups_impl.h"

#define ROOT_LABEL "All respondents"

/* Order paths depth-first with children by name: '/' sorts before every
 * other byte, so "A/B" < "A/B/C" < "A/B c". */
static int path_cmp(const char *a, const char *b)
{
	unsigned char ca, cb;

	for (;; a++, b++) {
		ca = (unsigned char)(*a == '/' ? 1 : *a);
		cb = (unsigned char)(*b == '/' ? 1 : *b);
		if (ca != cb || !ca)
			return ca < cb ? -1 : ca > cb;
	}
}

static int node_cmp(const void *pa, const void *pb)
{
	const sdt_gnode *a = pa, *b = pb;

	if (a->is_root != b->is_root)
		return a->is_root ? -1 : 1;
	return path_cmp(a->path, b->path);
}

/* Find the node with this path, or add an empty one. */
static int node_get(sdt_gtree *t, const char *path, size_t len, size_t *idx)
{
	long i = sdt_gtree_find(t, path, len);

	if (i >= 0) {
		*idx = (size_t)i;
		return SDT_OK;
	}
	return sdt_gtree_push(t, path, len, idx);
}

/* The first path component shared by every path, or none. */
static int common_root(const sdt_groupacc *a, size_t *len)
{
	const char *first = NULL, *p, *s;
	size_t i, n = 0, k;

	for (i = 1; i < a->n_teams + a->n_headcounts; i++) {
		p = i < a->n_teams ? a->teams[i].path : a->headcounts[i - a->n_teams].path;
		s = strchr(p, '/');
		k = s ? (size_t)(s - p) : strlen(p);
		if (!first) {
			first = p;
			n = k;
		} else if (k != n || strncmp(p, first, n) != 0) {
			return 0;
		}
	}
	if (!first)
		return 0;
	*len = n;
	return 1;
}

/* Make a node for `path` and each of its ancestors below the root. */
static int add_path(sdt_gtree *t, const char *path, size_t root_len,
                    size_t *leaf)
{
	size_t len = strlen(path), k, idx = 0;
	int rc;

	for (k = root_len ? root_len : 1; k <= len; k++) {
		if (k < len && path[k] != '/')
			continue;
		if ((rc = node_get(t, path, k, &idx)) != SDT_OK)
			return rc;
	}
	*leaf = len > 0 ? idx : 0;
	return SDT_OK;
}

static int build_nodes(sdt_gtree *t, const sdt_groupacc *a)
{
	size_t root_len = 0, i, leaf;
	int rc;

	t->synthetic_root = !common_root(a, &root_len);
	if (t->synthetic_root)
		rc = sdt_gtree_push(t, ROOT_LABEL, strlen(ROOT_LABEL), &leaf);
	else
		rc = node_get(t, a->n_teams > 1 ? a->teams[1].path : a->headcounts[0].path,
		              root_len, &leaf);
	if (rc != SDT_OK)
		return rc;
	t->nodes[0].is_root = 1;
	for (i = 1; i < a->n_teams; i++) {
		if ((rc = add_path(t, a->teams[i].path, t->synthetic_root ? 0 : root_len, &leaf)) != SDT_OK)
			return rc;
		sdt_gteam_merge(&t->nodes[leaf].stats, &a->teams[i], a->n_scales, a->n_items, a->n_comps);
		t->nodes[leaf].n_direct += (size_t)a->teams[i].n;
	}
	for (i = 0; i < a->n_headcounts; i++) {
		if ((rc = add_path(t, a->headcounts[i].path, t->synthetic_root ? 0 : root_len, &leaf)) != SDT_OK)
			return rc;
		t->nodes[leaf].headcount_given = 1;
		t->nodes[leaf].headcount += a->headcounts[i].count;
	}
	sdt_gteam_merge(&t->nodes[0].stats, &a->teams[0], a->n_scales, a->n_items, a->n_comps);
	t->nodes[0].n_direct += (size_t)a->teams[0].n;
	return SDT_OK;
}

/* Sort depth-first, then link parents and roll every figure upwards. */
static int link_and_roll_up(sdt_gtree *t)
{
	size_t i, len;
	long j;
	const char *slash;
	int rc;

	qsort(t->nodes, t->n, sizeof *t->nodes, node_cmp);
	if ((rc = sdt_gtree_reindex(t)) != SDT_OK)
		return rc;
	t->nodes[0].parent = -1;
	for (i = 1; i < t->n; i++) {
		slash = strrchr(t->nodes[i].path, '/');
		t->nodes[i].parent = 0;
		if (slash) {
			len = (size_t)(slash - t->nodes[i].path);
			j = sdt_gtree_find(t, t->nodes[i].path, len);
			if (j >= 0 && (size_t)j < i)
				t->nodes[i].parent = j;
		}
		t->nodes[i].depth = t->nodes[t->nodes[i].parent].depth + 1;
	}
	/* Children come after their parent, so a reverse sweep rolls up. */
	for (i = t->n; i-- > 1;) {
		sdt_gnode *p = &t->nodes[t->nodes[i].parent];

		sdt_gteam_merge(&p->stats, &t->nodes[i].stats, t->n_scales, t->n_items, t->n_comps);
		if (!p->headcount_given)
			p->headcount_sum += t->nodes[i].headcount_given ? t->nodes[i].headcount
			                                                : t->nodes[i].headcount_sum;
	}
	return SDT_OK;
}

int sdt_gtree_build(sdt_gtree *t, const sdt_groupacc *a)
{
	int rc;

	sdt_groupacc_settle(a);
	if ((rc = build_nodes(t, a)) != SDT_OK)
		return rc;
	return link_and_roll_up(t);
}

int sdt_gtree_init(sdt_gtree *t, const sdt_groupacc *a)
{
	memset(t, 0, sizeof *t);
	t->n_scales = a->n_scales;
	t->n_items = a->n_items;
	t->n_comps = a->n_comps;
	return SDT_OK;
}

void sdt_gtree_clear(sdt_gtree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		sdt_free(t->nodes[i].path);
		sdt_free(t->nodes[i].stats.scales);
		sdt_free(t->nodes[i].stats.items);
		sdt_free(t->nodes[i].stats.comps);
	}
	sdt_free(t->nodes);
	sdt_strmap_clear(&t->map);
	memset(t, 0, sizeof *t);
}

/* 1 when node i has the path key[0..len) and is not a synthetic root
 * (sdt_strmap_same). */
static int node_same(const void *ctx, size_t i, const void *key, size_t len)
{
	const sdt_gtree *t = ctx;

	return !(t->synthetic_root && t->nodes[i].is_root) &&
	       sdt_strmap_is(t->nodes[i].path, key, len);
}

long sdt_gtree_find(const sdt_gtree *t, const char *path, size_t len)
{
	size_t i = sdt_strmap_find(&t->map, sdt_strmap_hash(path, len), path, len, node_same, t,
	                           NULL);

	return i == SIZE_MAX ? -1 : (long)i;
}

/* Matches nothing: where a new entry goes (sdt_strmap_same). */
static int node_never(const void *ctx, size_t i, const void *key, size_t len)
{
	(void)ctx, (void)i, (void)key, (void)len;
	return 0;
}

/* Add node i to the map, which has room for it. A synthetic root goes in
 * too but is never found (node_same), as a path may repeat it. */
static void node_add(sdt_gtree *t, size_t i)
{
	const char *p = t->nodes[i].path;
	size_t len = strlen(p);
	sdt_strmap_pos pos;

	sdt_strmap_find(&t->map, sdt_strmap_hash(p, len), NULL, 0, node_never, NULL, &pos);
	sdt_strmap_add(&t->map, &pos, i);
}

int sdt_gtree_reindex(sdt_gtree *t)
{
	size_t i;
	int rc;

	sdt_strmap_empty(&t->map);
	if ((rc = sdt_strmap_reserve(&t->map, t->n)) != SDT_OK)
		return rc;
	for (i = 0; i < t->n; i++)
		node_add(t, i);
	return SDT_OK;
}

int sdt_gtree_push(sdt_gtree *t, const char *path, size_t len, size_t *idx)
{
	sdt_gnode *nn;
	int rc;

	/* Pushing fills the map too, so lookups see the node at once. */
	if ((rc = sdt_strmap_reserve(&t->map, 1)) != SDT_OK)
		return rc;
	if (t->n == t->cap) {
		nn = sdt_reallocarray(t->nodes, t->cap ? t->cap * 2 : 16, sizeof *nn);
		if (!nn)
			return sdt_fail_nomem();
		t->nodes = nn;
		t->cap = t->cap ? t->cap * 2 : 16;
	}
	nn = &t->nodes[t->n];
	memset(nn, 0, sizeof *nn);
	if (!(nn->path = sdt_strndup(path, len)))
		return sdt_fail_nomem();
	nn->stats.scales = sdt_calloc(t->n_scales, sizeof *nn->stats.scales);
	nn->stats.items = sdt_calloc(t->n_items, sizeof *nn->stats.items);
	nn->stats.comps = sdt_calloc(t->n_comps, sizeof *nn->stats.comps);
	if (!nn->stats.scales || !nn->stats.items || !nn->stats.comps) {
		sdt_free(nn->path);
		sdt_free(nn->stats.scales);
		sdt_free(nn->stats.items);
		sdt_free(nn->stats.comps);
		return sdt_fail_nomem();
	}
	*idx = t->n++;
	node_add(t, *idx);
	return SDT_OK;
}
