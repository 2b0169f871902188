/*
 * groupacc.c - one pass over the responses gathering, per team, what the
 * group figures need: score moments and favourable counts per scale,
 * favourable counts per item. Memory O(teams x (scales + items)).
 */
#include <math.h>
#include <string.h>

#include "groupacc.h"

sdt_mom sdt_mom_minus(const sdt_mom *all, const sdt_mom *part)
{
	sdt_mom r = {0.0, 0.0, 0.0};
	double d;

	r.n = all->n - part->n;
	if (r.n <= 0.0)
		return (sdt_mom){0.0, 0.0, 0.0};
	r.mean = (all->n * all->mean - part->n * part->mean) / r.n;
	d = part->mean - r.mean;
	r.m2 = all->m2 - part->m2 - d * d * part->n * r.n / all->n;
	if (r.m2 < 0.0)
		r.m2 = 0.0; /* rounding when the rest has (almost) no spread */
	return r;
}

/* A team's fixed arrays share one block, as a group holds thousands of
 * teams in every accumulator (one per breakdown value too): the exact
 * sums first, for their 16-byte alignment, then the doubles. team_clear
 * frees the block through xscore. */
static int team_init(sdt_gteam *t, const char *path, size_t len, const sdt_groupacc *a)
{
	size_t size = (a->n_scales + a->n_comps) * sizeof *t->xscore +
	              a->n_scales * sizeof *t->scales + a->n_items * sizeof *t->items +
	              a->n_comps * sizeof *t->comps;

	memset(t, 0, sizeof *t);
	if (path && !(t->path = sdt_strndup(path, len)))
		return sdt_fail_nomem();
	if (!(t->xscore = sdt_calloc(1, size ? size : 1))) {
		sdt_free(t->path);
		return sdt_fail_nomem();
	}
	t->xcomp = t->xscore + a->n_scales;
	t->scales = (sdt_gscale *)(t->xcomp + a->n_comps);
	t->items = (sdt_gitem *)(t->scales + a->n_scales);
	t->comps = (sdt_mom *)(t->items + a->n_items);
	return SDT_OK;
}

static void team_clear(sdt_gteam *t)
{
	SDT_FREE_ALL(t->path, t->xscore, t->combo, t->cells);
}

/* The first scale that holds each item: an item's group figures count the
 * respondents complete on that scale, so that items and scales describe
 * the same people and one disclosure system covers both. */
static int map_items(sdt_groupacc *a)
{
	size_t i, j, k;

	if (!(a->item_scale = sdt_calloc(a->n_items + 1, sizeof *a->item_scale)))
		return sdt_fail_nomem();
	for (i = 0; i < a->n_items; i++)
		a->item_scale[i] = -1;
	for (j = a->n_scales; j-- > 0;)
		for (k = 0; k < sdt_instrument_scale_item_count(a->ins, j); k++)
			a->item_scale[sdt_instrument_scale_item(a->ins, j, k)] = (long)j;
	return SDT_OK;
}

/* ---- attribute-value combinations ---- */

/* The combination's hash: FNV-1a over each value's hash (a fixed
 * stand-in for no value), as strmap's callers hash keys that are not one
 * run of bytes. */
static unsigned long long combo_hash(const char *const *v, size_t n)
{
	unsigned long long h = 14695981039346656037ULL;
	size_t a;

	for (a = 0; a < n; a++)
		h = (h ^ (v[a] ? sdt_hash(v[a], strlen(v[a])) : 0x9e3779b97f4a7c15ULL)) * 1099511628211ULL;
	return h;
}

/* 1 when combination c has the n values at key (sdt_strmap_same). */
static int combo_same(const void *ctx, size_t c, const void *key, size_t n)
{
	char *const *x = ((const sdt_groupacc *)ctx)->combo_val + c * n;
	const char *const *y = key;
	size_t a;

	for (a = 0; a < n; a++)
		if ((x[a] == NULL) != (y[a] == NULL) || (x[a] && strcmp(x[a], y[a]) != 0))
			return 0;
	return 1;
}

/* The id of the combination v[0 .. n_by), added when new (values copied). */
static int combo_intern(sdt_groupacc *a, const char *const *v, size_t *id)
{
	sdt_strmap_pos pos;
	size_t c, k;
	char **cv;
	int rc;

	if ((rc = sdt_strmap_reserve(&a->combo_map, 1)) != SDT_OK)
		return rc;
	c = sdt_strmap_find(&a->combo_map, combo_hash(v, a->n_by), v, a->n_by, combo_same, a, &pos);
	if (c != SIZE_MAX) {
		*id = c;
		return SDT_OK;
	}
	if (a->n_combo_ids == a->cap_combo_ids) {
		cv = sdt_reallocarray(a->combo_val, (a->cap_combo_ids * 2 + 1) * (a->n_by + 1), sizeof *cv);
		if (!cv)
			return sdt_fail_nomem();
		a->combo_val = cv;
		a->cap_combo_ids = a->cap_combo_ids * 2 + 1;
	}
	c = a->n_combo_ids;
	for (k = 0; k < a->n_by; k++) {
		a->combo_val[c * a->n_by + k] = NULL;
		if (v[k] && !(a->combo_val[c * a->n_by + k] = sdt_strdup(v[k]))) {
			while (k-- > 0)
				sdt_free(a->combo_val[c * a->n_by + k]);
			return sdt_fail_nomem();
		}
	}
	a->n_combo_ids++;
	sdt_strmap_add(&a->combo_map, &pos, c);
	*id = c;
	return SDT_OK;
}

/* Combination 0: no value for any attribute. */
static int combo_init(sdt_groupacc *a)
{
	const char *none[SDT_GROUPACC_MAX_BY] = {NULL};
	size_t id;

	return combo_intern(a, none, &id);
}

int sdt_groupacc_combo(sdt_groupacc *a, const sdt_response *r, size_t *id)
{
	const char *v[SDT_GROUPACC_MAX_BY] = {NULL};
	size_t k, b;

	if (a->n_by == 0) {
		*id = 0;
		return SDT_OK;
	}
	for (k = 0; k < r->n_attributes; k++)
		for (b = 0; b < a->n_by; b++)
			if (strcmp(r->attr_names[k], a->by[b]) == 0 && r->attr_values[k] && r->attr_values[k][0])
				v[b] = r->attr_values[k];
	return combo_intern(a, v, id);
}

int sdt_groupacc_by(sdt_groupacc *a, const char *attribute)
{
	size_t k;

	for (k = 0; k < a->n_by; k++)
		if (strcmp(a->by[k], attribute) == 0)
			return SDT_OK;
	if (a->n_teams > 1 || a->teams[0].n > 0 || a->n_combo_ids > 1)
		return sdt_fail(SDT_EUSAGE, "groups: attribute '%s' named after responses were added", attribute);
	if (a->n_by == SDT_GROUPACC_MAX_BY)
		return sdt_fail(SDT_ELIMIT, "groups: at most %d attributes to break down by",
		                SDT_GROUPACC_MAX_BY);
	if (!(a->by[a->n_by] = sdt_strdup(attribute)))
		return sdt_fail_nomem();
	/* Combination 0 had one NULL per attribute: rebuild it wider. */
	sdt_free(a->combo_val);
	a->combo_val = NULL;
	a->n_combo_ids = a->cap_combo_ids = 0;
	a->n_by++;
	return combo_init(a);
}

int sdt_groupacc_new_like(sdt_groupacc **out, const sdt_groupacc *proto)
{
	size_t k;
	int rc;

	if ((rc = sdt_groupacc_new(out, proto->ins)) != SDT_OK)
		return rc;
	for (k = 0; k < proto->n_by; k++)
		if ((rc = sdt_groupacc_by(*out, proto->by[k])) != SDT_OK) {
			sdt_groupacc_free(*out);
			*out = NULL;
			return rc;
		}
	return SDT_OK;
}

/* Index in t's combinations of global combination c, added when new. */
static int team_combo(sdt_gteam *t, size_t c, size_t n_scales, size_t *k)
{
	size_t *cb, cap;
	double *cells;

	for (*k = 0; *k < t->n_combos; (*k)++)
		if (t->combo[*k] == c)
			return SDT_OK;
	if (t->n_combos == t->cap_combos) {
		cap = t->cap_combos ? t->cap_combos * 2 : 1;
		if (!(cb = sdt_reallocarray(t->combo, cap, sizeof *cb)))
			return sdt_fail_nomem();
		t->combo = cb;
		if (!(cells = sdt_reallocarray(t->cells, cap * n_scales * 2 + 1, sizeof *cells)))
			return sdt_fail_nomem();
		t->cells = cells;
		t->cap_combos = cap;
	}
	t->combo[*k] = c;
	memset(t->cells + *k * n_scales * 2, 0, n_scales * 2 * sizeof *t->cells);
	t->n_combos++;
	return SDT_OK;
}

int sdt_groupacc_new(sdt_groupacc **out, const sdt_instrument *ins)
{
	sdt_groupacc *a;
	int lo = sdt_instrument_min(ins), hi = sdt_instrument_max(ins);
	int rc = SDT_ENOMEM;

	*out = NULL;
	if (!(a = sdt_calloc(1, sizeof *a)))
		return sdt_fail_nomem();
	a->ins = ins;
	a->n_scales = sdt_instrument_scale_count(ins);
	a->n_items = sdt_instrument_item_count(ins);
	a->n_comps = sdt_instrument_composite_count(ins);
	a->fav_min = sdt_instrument_favourable_min(ins);
	a->unfav_max = lo + hi - sdt_instrument_favourable_min(ins);
	a->cap_teams = 16;
	a->teams = sdt_calloc(a->cap_teams, sizeof *a->teams);
	a->xs = sdt_calloc(a->n_scales + 1, sizeof *a->xs);
	if (!a->teams || !a->xs) {
		rc = sdt_fail_nomem();
		goto fail;
	}
	if ((rc = sdt_accum_new(&a->den, ins)) != SDT_OK)
		goto fail;
	if ((rc = team_init(&a->teams[0], NULL, 0, a)) != SDT_OK)
		goto fail;
	a->n_teams = 1;
	if ((rc = map_items(a)) != SDT_OK || (rc = combo_init(a)) != SDT_OK)
		goto fail;
	*out = a;
	return SDT_OK;
fail:
	sdt_groupacc_free(a);
	return rc;
}

void sdt_groupacc_free(sdt_groupacc *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n_teams; i++)
		team_clear(&a->teams[i]);
	for (i = 0; i < a->n_combo_ids * a->n_by; i++)
		sdt_free(a->combo_val[i]);
	for (i = 0; i < a->n_by; i++)
		sdt_free(a->by[i]);
	sdt_free(a->combo_val);
	sdt_strmap_clear(&a->combo_map);
	sdt_free(a->item_scale);
	for (i = 0; i < a->n_headcounts; i++)
		sdt_free(a->headcounts[i].path);
	sdt_free(a->headcounts);
	sdt_free(a->teams);
	sdt_strmap_clear(&a->team_map);
	sdt_free(a->xs);
	sdt_accum_free(a->den);
	sdt_free(a);
}

/* 1 when team i has the path key[0..len) (sdt_strmap_same). */
static int team_same(const void *ctx, size_t i, const void *key, size_t len)
{
	const char *p = ((const sdt_groupacc *)ctx)->teams[i].path;

	return sdt_strmap_is(p, key, len);
}

/* Index of the team with this path, created when new. */
static int team_index(sdt_groupacc *a, const char *path, size_t *idx)
{
	size_t len = strlen(path), t;
	sdt_strmap_pos pos;
	sdt_gteam *nt;
	int rc;

	if ((rc = sdt_strmap_reserve(&a->team_map, 1)) != SDT_OK)
		return rc;
	t = sdt_strmap_find(&a->team_map, sdt_strmap_hash(path, len), path, len, team_same, a, &pos);
	if (t != SIZE_MAX) {
		*idx = t;
		return SDT_OK;
	}
	if (a->n_teams == a->cap_teams) {
		nt = sdt_reallocarray(a->teams, a->cap_teams * 2, sizeof *nt);
		if (!nt)
			return sdt_fail_nomem();
		a->teams = nt;
		a->cap_teams *= 2;
	}
	rc = team_init(&a->teams[a->n_teams], path, len, a);
	if (rc != SDT_OK)
		return rc;
	sdt_strmap_add(&a->team_map, &pos, a->n_teams);
	*idx = a->n_teams++;
	return SDT_OK;
}

/* 1 when every item of scale j is answered. */
static int complete(const sdt_groupacc *a, const sdt_scores *s, size_t j)
{
	size_t k, nk = sdt_instrument_scale_item_count(a->ins, j);

	for (k = 0; k < nk; k++)
		if (isnan(s->keyed[sdt_instrument_scale_item(a->ins, j, k)]))
			return 0;
	return 1;
}

/* Favourable counts of a complete respondent on scale j and its items.
 * On a frustration scale "favourable" means not frustrated: the low
 * answers count as favourable and the high ones as unfavourable. */
static void add_answers(const sdt_groupacc *a, sdt_gteam *team, const sdt_scores *s,
                        size_t j)
{
	size_t k, item, nk = sdt_instrument_scale_item_count(a->ins, j);
	sdt_gscale *gs = &team->scales[j];
	int fr = sdt_instrument_scale_valence(a->ins, j) == SDT_VALENCE_FRUSTRATION;
	double x, fav, unfav;

	for (k = 0; k < nk; k++) {
		item = sdt_instrument_scale_item(a->ins, j, k);
		x = s->keyed[item];
		fav = fr ? x <= a->unfav_max : x >= a->fav_min;
		unfav = fr ? x >= a->fav_min : x <= a->unfav_max;
		gs->answers += 1.0;
		gs->fav += fav;
		gs->unfav += unfav;
		if (a->item_scale[item] != (long)j)
			continue;
		team->items[item].n += 1.0;
		team->items[item].fav += fav;
		team->items[item].unfav += unfav;
	}
}

/* Scale j's exact numerator of a scored row, as the accumulator's. */
static int64_t score_num(const sdt_accum *d, const sdt_scores *s, size_t j)
{
	size_t off = d->scale_off[j], k = d->scale_off[j + 1] - off, i, got = 0;
	int64_t sum = 0;
	double x;

	for (i = 0; i < k; i++) {
		x = s->keyed[d->scale_item[off + i]];
		if (isnan(x))
			continue;
		sum += (int64_t)(x - d->lo);
		got++;
	}
	return got ? sdt_accum_score_num(d, j, sum, got) : 0;
}

int sdt_groupacc_add(sdt_groupacc *a, const sdt_response *r, const sdt_scores *s)
{
	size_t t = 0, j, combo, k;
	sdt_gteam *team;
	int rc, full;

	if (r->team && ((rc = sdt_team_check(r)) != SDT_OK ||
	                (rc = team_index(a, r->team, &t)) != SDT_OK))
		return rc;
	if ((rc = sdt_groupacc_combo(a, r, &combo)) != SDT_OK ||
	    (rc = team_combo(&a->teams[t], combo, a->n_scales, &k)) != SDT_OK)
		return rc;
	team = &a->teams[t];
	team->n += 1.0;
	memset(a->xs, 0, a->n_scales * sizeof *a->xs);
	for (j = 0; j < a->n_scales; j++) {
		if (isnan(s->scale[j]))
			continue;
		/* the moments themselves come from the exact sums at the end */
		team->scales[j].score.n += 1.0;
		sdt_xmom_add(&team->xscore[j], a->xs[j] = score_num(a->den, s, j));
		/* Favourable shares and item figures count the respondents who
		 * answered the whole scale: a partial respondent is then one set
		 * of people (mean only), never isolated by items minus scale. */
		full = complete(a, s, j);
		team->cells[(k * a->n_scales + j) * 2 + (full ? 0 : 1)] += 1.0;
		if (full)
			add_answers(a, team, s, j);
	}
	for (j = 0; j < a->n_comps && j < s->n_composites; j++)
		if (!isnan(s->composite[j])) {
			team->comps[j].n += 1.0;
			sdt_xmom_add(&team->xcomp[j], sdt_accum_comp_num(a->den, j, s->composite[j],
			                                                 a->xs));
		}
	return SDT_OK;
}

int sdt_groupacc_headcount(sdt_groupacc *a, const char *path, size_t count)
{
	sdt_headcount *h;

	h = sdt_reallocarray(a->headcounts, a->n_headcounts + 1, sizeof *h);
	if (!h)
		return sdt_fail_nomem();
	a->headcounts = h;
	if (!(h[a->n_headcounts].path = sdt_strdup(path)))
		return sdt_fail_nomem();
	h[a->n_headcounts++].count = count;
	return SDT_OK;
}

void sdt_gteam_merge(sdt_gteam *into, const sdt_gteam *from, size_t n_scales,
                     size_t n_items, size_t n_comps)
{
	size_t j;

	into->n += from->n;
	for (j = 0; into->xscore && from->xscore && j < n_scales; j++)
		sdt_xmom_merge(&into->xscore[j], &from->xscore[j]);
	for (j = 0; into->xcomp && from->xcomp && j < n_comps; j++)
		sdt_xmom_merge(&into->xcomp[j], &from->xcomp[j]);
	for (j = 0; j < n_scales; j++) {
		sdt_mom_merge(&into->scales[j].score, &from->scales[j].score);
		into->scales[j].answers += from->scales[j].answers;
		into->scales[j].fav += from->scales[j].fav;
		into->scales[j].unfav += from->scales[j].unfav;
	}
	for (j = 0; j < n_items; j++) {
		into->items[j].n += from->items[j].n;
		into->items[j].fav += from->items[j].fav;
		into->items[j].unfav += from->items[j].unfav;
	}
	for (j = 0; j < n_comps; j++)
		sdt_mom_merge(&into->comps[j], &from->comps[j]);
}

/* Fold from's inner cells into into's, with from's combination ids
 * mapped to into's by map[]. */
static int merge_cells(sdt_gteam *into, const sdt_gteam *from, const size_t *map,
                       size_t n_scales)
{
	size_t c, k, x;
	int rc;

	for (c = 0; c < from->n_combos; c++) {
		if ((rc = team_combo(into, map[from->combo[c]], n_scales, &k)) != SDT_OK)
			return rc;
		for (x = 0; x < n_scales * 2; x++)
			into->cells[k * n_scales * 2 + x] += from->cells[c * n_scales * 2 + x];
	}
	return SDT_OK;
}

char *sdt_groups_renamed_path(const sdt_groups_rename *ren, const char *path)
{
	char *t = sdt_strdup(path), *nt;
	size_t k, flen, tlen;

	for (k = 0; t && ren && k < ren->n; k++) {
		flen = strlen(ren->from[k]);
		if (strncmp(t, ren->from[k], flen) != 0 || (t[flen] && t[flen] != '/'))
			continue;
		tlen = strlen(ren->to[k]);
		if ((nt = sdt_malloc(tlen + strlen(t + flen) + 1))) {
			memcpy(nt, ren->to[k], tlen);
			strcpy(nt + tlen, t + flen);
		}
		sdt_free(t);
		t = nt;
	}
	return t;
}

int sdt_groupacc_merge(sdt_groupacc *into, const sdt_groupacc *from)
{
	return sdt_groupacc_merge_renamed(into, from, NULL);
}

int sdt_groupacc_merge_renamed(sdt_groupacc *into, const sdt_groupacc *from,
                               const sdt_groups_rename *ren)
{
	size_t i, t, *map;
	char *path = NULL;
	int rc = SDT_OK;

	if (!(map = sdt_calloc(from->n_combo_ids + 1, sizeof *map)))
		return sdt_fail_nomem();
	for (i = 0; i < from->n_combo_ids && rc == SDT_OK; i++)
		rc = combo_intern(into, (const char *const *)from->combo_val + i * from->n_by, &map[i]);
	/* [0] is the no-team bucket in both; teams follow in first-seen order. */
	for (i = 0; i < from->n_teams && rc == SDT_OK; i++) {
		t = 0;
		if (i > 0 && ren && !(path = sdt_groups_renamed_path(ren, from->teams[i].path))) {
			rc = sdt_fail_nomem();
			break;
		}
		if (i > 0 && (rc = team_index(into, path ? path : from->teams[i].path, &t)) != SDT_OK)
			break;
		sdt_free(path);
		path = NULL;
		sdt_gteam_merge(&into->teams[t], &from->teams[i], into->n_scales, into->n_items,
		                into->n_comps);
		rc = merge_cells(&into->teams[t], &from->teams[i], map, into->n_scales);
	}
	sdt_free(path);
	sdt_free(map);
	return rc;
}

void sdt_groupacc_settle(const sdt_groupacc *ca)
{
	sdt_groupacc *a = (sdt_groupacc *)ca; /* a cache of the exact state */
	const sdt_accum *d = a->den;
	sdt_gteam *t;
	sdt_mom m;
	size_t i, j;

	for (i = 0; i < a->n_teams; i++) {
		t = &a->teams[i];
		for (j = 0; j < a->n_scales; j++) {
			m = sdt_xmom_get(&t->xscore[j], d->den_sc[j]);
			m.mean = m.n > 0.0 ? d->lo + m.mean : 0.0;
			t->scales[j].score = m;
		}
		for (j = 0; j < a->n_comps; j++) {
			m = sdt_xmom_get(&t->xcomp[j], (double)d->den_comp[j]);
			m.mean = m.n > 0.0 ? d->lo + m.mean : 0.0;
			t->comps[j] = m;
		}
	}
}
