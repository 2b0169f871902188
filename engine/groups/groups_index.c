/*
 * groups_index.c - a groups hierarchy's groups by path (sdt_groups.h):
 * sdt_groups_find scans, which made a 10 000-team trend or a stats run's
 * team focuses quadratic in the groups.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "strmap.h"

struct sdt_groups_index {
	const sdt_groups *g;
	sdt_strmap map; /* path -> group index */
};

/* 1 when group i has the path key[0..len) (sdt_strmap_same). */
static int path_same(const void *ctx, size_t i, const void *key, size_t len)
{
	const sdt_groups_index *ix = ctx;

	return sdt_strmap_is(ix->g->groups[i].path, key, len);
}

int sdt_groups_index_new(sdt_groups_index **out, const sdt_groups *g)
{
	sdt_groups_index *ix = NULL;
	sdt_strmap_pos pos;
	size_t i, len;
	int rc = SDT_OK;

	*out = NULL;
	if (!g)
		return sdt_fail(SDT_EUSAGE, "sdt_groups_index_new: NULL groups");
	if (!(ix = sdt_calloc(1, sizeof *ix)))
		return sdt_fail_nomem();
	ix->g = g;
	if ((rc = sdt_strmap_reserve(&ix->map, g->n_groups)) != SDT_OK)
		goto done;
	for (i = 0; i < g->n_groups; i++) {
		len = strlen(g->groups[i].path);
		/* the first of two equal paths wins, as sdt_groups_find's scan */
		if (sdt_strmap_find(&ix->map, sdt_strmap_hash(g->groups[i].path, len),
		                    g->groups[i].path, len, path_same, ix, &pos) == SIZE_MAX)
			sdt_strmap_add(&ix->map, &pos, i);
	}
done:
	if (rc != SDT_OK) {
		sdt_groups_index_free(ix);
		return rc;
	}
	*out = ix;
	return SDT_OK;
}

long sdt_groups_index_find(const sdt_groups_index *ix, const char *path)
{
	size_t len, i;

	if (!ix || !path)
		return -1;
	len = strlen(path);
	i = sdt_strmap_find(&ix->map, sdt_strmap_hash(path, len), path, len, path_same, ix,
	                    NULL);
	return i == SIZE_MAX ? -1 : (long)i;
}

void sdt_groups_index_free(sdt_groups_index *ix)
{
	if (!ix)
		return;
	sdt_strmap_clear(&ix->map);
	sdt_free(ix);
}
