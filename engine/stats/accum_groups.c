/*
 * accum_groups.c - the teams and departments of an accumulator (every team
 * path and each of its '/' prefixes), with the scale-score co-moments of
 * their respondents scored on every scale, for figures that a group shows
 * only when both it and the rest of the organisation are large enough
 * (drivers, need links).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"

/* A group: a team path or one of its prefixes, and the team it came from. */
typedef struct prefix {
	const char *name;
	size_t len, team;
} prefix;

static int prefix_cmp(const void *x, const void *y)
{
	const prefix *a = x, *b = y;
	int c = memcmp(a->name, b->name, a->len < b->len ? a->len : b->len);

	if (c)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

/* Which block of the teams' co-moments a walk merges: k variables at
 * offset off of each team's, the organisation's n being org_n. */
typedef struct block {
	size_t off, k;
	double org_n;
} block;

/* Merge the teams of each group in turn (sorted prefixes) into m and hand
 * the large enough ones to fn. */
static int each(const sdt_accum *a, const prefix *p, size_t np, size_t min_n, double *m,
                const block *b, sdt_group_fn fn, void *ctx)
{
	size_t i = 0, j, k = b->k, w = 1 + k + k * k;
	const double *t;
	int rc = SDT_OK;

	while (i < np && rc == SDT_OK) {
		memset(m, 0, w * sizeof *m);
		for (j = i; j < np && prefix_cmp(&p[i], &p[j]) == 0; j++) {
			t = a->team_sc + p[j].team * a->sc_stride + b->off;
			sdt_mvmom_merge(m, m + 1, m + 1 + k, t[0], t + 1, t + 1 + k, k);
		}
		if (m[0] >= (double)min_n && b->org_n - m[0] >= (double)min_n)
			rc = fn(ctx, p[i].name, p[i].len, m);
		i = j;
	}
	return rc;
}

size_t sdt_accum_group_bound(const sdt_accum *a)
{
	const char *name;
	size_t t, c = 0;

	for (t = 0; a->team_sc && t < a->n_teams; t++)
		for (name = a->team_name[t], c++; *name; name++)
			c += *name == '/';
	return c;
}

static int each_group(const sdt_accum *a, const block *b, size_t min_n, sdt_group_fn fn,
                      void *ctx)
{
	prefix *p = NULL;
	double *m = NULL;
	size_t np = 0, t, c = sdt_accum_group_bound(a);
	const char *name;
	int rc = SDT_OK;

	if (!c)
		return SDT_OK;
	p = sdt_calloc(c, sizeof *p);
	m = sdt_calloc(1 + b->k + b->k * b->k, sizeof *m);
	if (!p || !m) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (t = 0; t < a->n_teams; t++) {
		for (name = a->team_name[t]; *name; name++)
			if (*name == '/' && name > a->team_name[t])
				p[np++] = (prefix){a->team_name[t], (size_t)(name - a->team_name[t]), t};
		p[np++] = (prefix){a->team_name[t], strlen(a->team_name[t]), t};
	}
	qsort(p, np, sizeof *p, prefix_cmp);
	rc = each(a, p, np, min_n, m, b, fn, ctx);
done:
	sdt_free(p);
	sdt_free(m);
	return rc;
}

int sdt_accum_each_group(const sdt_accum *a, size_t min_n, sdt_group_fn fn, void *ctx)
{
	block b = {0, a->n_scales, a->sc[0]};

	return each_group(a, &b, min_n, fn, ctx);
}

int sdt_accum_each_group_oc(const sdt_accum *a, size_t o, size_t min_n, sdt_group_fn fn,
                            void *ctx)
{
	block b = {a->oc_base + o * a->oc_size, a->n_scales + 1, a->oc[o * a->oc_size]};

	return each_group(a, &b, min_n, fn, ctx);
}
