/*
 * groups_outcomes.c - the outcome items' figures of every group of a
 * report (organisation, departments, teams), decided by the disclosure
 * engine as the scales' are: one system per outcome whose inner cells are
 * the teams (exact paths) and the respondents without a team, and whose
 * cells are the groups. A group hidden for its scales starts hidden, so
 * it shows no outcome either, and no shown cell gives a hidden one away.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_disclosure.h"
#include "sdt_groups.h"

/* The inner cells of every group (accumulator teams, then "no team"),
 * found once for all outcomes: group k's are idx[off[k]..off[k + 1]), in
 * increasing team order. The teams below a path are one run of the teams
 * sorted by name (those starting "path/"), so each group is found by
 * binary search rather than by comparing every team with every group. */
typedef struct member_lists {
	size_t *off, *idx;
} member_lists;

typedef struct named_team {
	const char *name;
	size_t t;
} named_team;

static int by_name(const void *x, const void *y)
{
	return strcmp(((const named_team *)x)->name, ((const named_team *)y)->name);
}

static int by_index(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;

	return a < b ? -1 : a > b;
}

/* The first of the n sorted teams whose name is not below `key`. */
static size_t lower_bound(const named_team *s, size_t n, const char *key)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(s[mid].name, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Group path p's teams (p itself and those starting "p/") appended at
 * idx + *n, p's buffer `key` (strlen(p) + 2 bytes) reused. */
static void teams_under(const named_team *s, size_t nt, const char *p, char *key,
                        size_t *idx, size_t *n)
{
	size_t len = strlen(p), j, first = *n;

	j = lower_bound(s, nt, p);
	if (j < nt && strcmp(s[j].name, p) == 0)
		idx[(*n)++] = s[j].t;
	memcpy(key, p, len);
	key[len] = '/';
	key[len + 1] = '\0';
	for (j = lower_bound(s, nt, key); j < nt && strncmp(s[j].name, key, len + 1) == 0; j++)
		idx[(*n)++] = s[j].t;
	qsort(idx + first, *n - first, sizeof *idx, by_index);
}

static int members_all(member_lists *m, const sdt_groups *g, const sdt_accum *a)
{
	size_t nt = a->n_teams, k, t, n = 0, cap = nt + 1, longest = 0;
	named_team *s = sdt_calloc(nt + 1, sizeof *s);
	const char *c;
	char *key = NULL;
	int rc = SDT_OK;

	for (k = 1; k < g->n_groups; k++)
		if (strlen(g->groups[k].path) > longest)
			longest = strlen(g->groups[k].path);
	/* a team lies in at most as many groups as its path has levels */
	for (t = 0; t < nt; t++)
		for (cap++, c = a->team_name[t]; (c = strchr(c, '/')); c++)
			cap++;
	m->off = sdt_calloc(g->n_groups + 1, sizeof *m->off);
	key = sdt_malloc(longest + 2);
	if (!s || !m->off || !key) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (t = 0; t < nt; t++)
		s[t] = (named_team){a->team_name[t], t};
	qsort(s, nt, sizeof *s, by_name);
	if (!(m->idx = sdt_calloc(cap, sizeof *m->idx))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	n = 0;
	for (k = 0; k < g->n_groups; k++) {
		m->off[k] = n;
		if (k == 0) {
			for (t = 0; t <= nt; t++)
				m->idx[n++] = t;
			continue;
		}
		teams_under(s, nt, g->groups[k].path, key, m->idx, &n);
	}
	m->off[g->n_groups] = n;
done:
	sdt_free(s);
	sdt_free(key);
	return rc;
}

static size_t members(const member_lists *m, size_t k, const size_t **idx)
{
	*idx = m->idx + m->off[k];
	return m->off[k + 1] - m->off[k];
}

static int decide(const sdt_groups *g, const sdt_accum *a, size_t o, double *count,
                  const member_lists *m, unsigned char *hidden)
{
	const size_t *idx;
	sdt_disclosure *d = NULL;
	size_t t, k, id, n;
	double rest = sdt_accum_outcome_n(a, SIZE_MAX, o);
	int rc;

	for (t = 0; t < a->n_teams; t++) {
		count[t] = sdt_accum_outcome_n(a, t, o);
		rest -= count[t];
	}
	count[a->n_teams] = rest > 0.0 ? rest : 0.0;
	if ((rc = sdt_disclosure_new(&d, a->n_teams + 1, count, (double)g->min_group)) != SDT_OK)
		goto done;
	for (k = 0; k < g->n_groups; k++) {
		n = members(m, k, &idx);
		if ((rc = sdt_disclosure_add(d, idx, n, &id)) != SDT_OK ||
		    (g->groups[k].hidden && (rc = sdt_disclosure_hide(d, id)) != SDT_OK))
			goto done;
	}
	if ((rc = sdt_disclosure_run(d)) != SDT_OK)
		goto done;
	for (k = 0; k < g->n_groups; k++)
		hidden[k] = (unsigned char)sdt_disclosure_result(d, k);
done:
	sdt_disclosure_free(d);
	return rc;
}

/* Group k's counts of outcome o: the sum over its teams (all for k = 0). */
static void group_counts(const member_lists *m, const sdt_accum *a, size_t k, size_t o,
                         double *c)
{
	const size_t *idx;
	size_t n = members(m, k, &idx), j, v, np = a->out_off[o + 1] - a->out_off[o];
	const double *x;

	if (k == 0) {
		memcpy(c, sdt_accum_outcome_counts(a, SIZE_MAX, o), np * sizeof *c);
		return;
	}
	memset(c, 0, np * sizeof *c);
	for (j = 0; j < n; j++) {
		x = sdt_accum_outcome_counts(a, idx[j], o);
		for (v = 0; v < np; v++)
			c[v] += x[v];
	}
}

static void fill(sdt_outcome_stats *x, const sdt_accum *a, size_t o, const double *c,
                 int hidden)
{
	size_t item = sdt_instrument_outcome_item(a->ins, o);

	sdt_outcome_from_counts(x, c, sdt_instrument_item_min(a->ins, item),
	                        sdt_instrument_item_max(a->ins, item),
	                        sdt_instrument_item_favourable_min(a->ins, item),
	                        sdt_instrument_item_is_enps(a->ins, item));
	x->id = sdt_instrument_item_id(a->ins, item);
	if (!hidden)
		return;
	x->hidden = hidden;
	x->mean = x->sd = x->favourable = NAN;
	x->promoters = x->detractors = x->enps_score = NAN;
	x->enps_ci[0] = x->enps_ci[1] = NAN;
}

int sdt_groups_outcomes(sdt_outcome_stats **out, const struct sdt_groups *g,
                        const sdt_accum *a)
{
	double *count = NULL, *c = NULL;
	member_lists m = {NULL, NULL};
	size_t k, o, no;
	unsigned char *hidden = NULL;
	sdt_outcome_stats *x = NULL;
	int rc = SDT_OK;

	if (!out || !g || !a)
		return sdt_fail(SDT_EUSAGE, "sdt_groups_outcomes: NULL argument");
	*out = NULL;
	if (!(no = a->n_out))
		return SDT_OK;
	count = sdt_calloc(a->n_teams + 1, sizeof *count);
	hidden = sdt_calloc(g->n_groups + 1, 1);
	c = sdt_calloc(a->ostride + 1, sizeof *c);
	x = sdt_calloc(g->n_groups * no + 1, sizeof *x);
	if (!count || !hidden || !c || !x) {
		rc = sdt_fail_nomem();
		goto done;
	}
	if ((rc = members_all(&m, g, a)) != SDT_OK)
		goto done;
	for (o = 0; o < no && rc == SDT_OK; o++) {
		if ((rc = decide(g, a, o, count, &m, hidden)) != SDT_OK)
			break;
		for (k = 0; k < g->n_groups; k++) {
			group_counts(&m, a, k, o, c);
			fill(&x[k * no + o], a, o, c, hidden[k]);
		}
	}
done:
	if (rc == SDT_OK) {
		*out = x;
		x = NULL;
	}
	sdt_free(x);
	sdt_free(count);
	sdt_free(m.off);
	sdt_free(m.idx);
	sdt_free(hidden);
	sdt_free(c);
	return rc;
}

void sdt_groups_outcomes_free(sdt_outcome_stats *x)
{
	sdt_free(x);
}
