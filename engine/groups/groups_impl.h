/*
 * groups_impl.h - the group tree while it is built (internal).
 */
#ifndef SDT_GROUPS_IMPL_H
#define SDT_GROUPS_IMPL_H

#include "groupacc.h"

typedef struct sdt_gnode {
	char *path;
	int is_root;
	long parent;
	size_t depth;
	size_t n_direct;
	int headcount_given;
	size_t headcount, headcount_sum;
	sdt_gteam stats; /* the group's own and, after roll-up, its subtree's */
} sdt_gnode;

typedef struct sdt_gtree {
	sdt_gnode *nodes;
	size_t n, cap;
	sdt_strmap map; /* path -> node index (a synthetic root is never found) */
	size_t n_scales, n_items, n_comps;
	int synthetic_root;
} sdt_gtree;

/* An empty tree for the figures of accumulator `a`'s instrument. */
int sdt_gtree_init(sdt_gtree *t, const sdt_groupacc *a);
void sdt_gtree_clear(sdt_gtree *t);
/* Append a node with a copy of path[0..len) and zeroed stats. */
int sdt_gtree_push(sdt_gtree *t, const char *path, size_t len, size_t *idx);
/* Index of the node with path[0..len), or -1. */
long sdt_gtree_find(const sdt_gtree *t, const char *path, size_t len);
/* Rebuild the hash for the current node order (after sorting). */
int sdt_gtree_reindex(sdt_gtree *t);
/* Build from the accumulator: nodes depth-first, parents linked, figures
 * rolled up. */
int sdt_gtree_build(sdt_gtree *t, const sdt_groupacc *a);

/* Decide every cell of g (groups_disclose.c): team_node[t] is the leaf
 * group of the accumulator's team t. With g2 (moved mode), g holds the
 * decisions of its own run already and only g2's cells (the same teams on
 * another hierarchy, team t at team_node2[t]) are decided, knowing g's. */
int sdt_groups_disclose(sdt_groups *g, const sdt_groupacc *acc, const size_t *team_node,
                        sdt_groups *g2, const size_t *team_node2, size_t threads);

#endif
