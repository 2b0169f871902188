/*
 * groupacc.c - one pass over the responses gathering, per team, what the
 * group figures need: score moments and favourable counts per scale,
 * favourable counts per item. Memory O(teams x (scales + items)).
 */
#include <math.h>
#include <string.h>

#include "groupacc.h"

void sdt_moments_add(sdt_moments *m, double x)
{
	double d = x - m->mean;

	m->n += 1.0;
	m->mean += d / m->n;
	m->m2 += d * (x - m->mean);
}

void sdt_moments_merge(sdt_moments *into, const sdt_moments *from)
{
	double n = into->n + from->n, d;

	if (from->n == 0.0)
		return;
	if (into->n == 0.0) {
		*into = *from;
		return;
	}
	d = from->mean - into->mean;
	into->m2 += from->m2 + d * d * into->n * from->n / n;
	into->mean += d * from->n / n;
	into->n = n;
}

sdt_moments sdt_moments_minus(const sdt_moments *all, const sdt_moments *part)
{
	sdt_moments r = {0.0, 0.0, 0.0};
	double d;

	r.n = all->n - part->n;
	if (r.n <= 0.0)
		return (sdt_moments){0.0, 0.0, 0.0};
	r.mean = (all->n * all->mean - part->n * part->mean) / r.n;
	d = part->mean - r.mean;
	r.m2 = all->m2 - part->m2 - d * d * part->n * r.n / all->n;
	if (r.m2 < 0.0)
		r.m2 = 0.0; /* rounding when the rest has (almost) no spread */
	return r;
}

static int team_init(sdt_gteam *t, const char *path, size_t len,
                     size_t n_scales, size_t n_items)
{
	memset(t, 0, sizeof *t);
	if (path && !(t->path = sdt_strndup(path, len)))
		return sdt_fail_nomem();
	t->scales = sdt_calloc(n_scales, sizeof *t->scales);
	t->items = sdt_calloc(n_items, sizeof *t->items);
	if (!t->scales || !t->items) {
		sdt_free(t->path);
		sdt_free(t->scales);
		sdt_free(t->items);
		return sdt_fail_nomem();
	}
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
	a->fav_min = sdt_instrument_favourable_min(ins);
	a->unfav_max = lo + hi - sdt_instrument_favourable_min(ins);
	a->cap_teams = 16;
	a->n_slots = 64;
	a->teams = sdt_calloc(a->cap_teams, sizeof *a->teams);
	a->slots = sdt_calloc(a->n_slots, sizeof *a->slots);
	if (!a->teams || !a->slots) {
		rc = sdt_fail_nomem();
		goto fail;
	}
	if ((rc = team_init(&a->teams[0], NULL, 0, a->n_scales, a->n_items)) != SDT_OK)
		goto fail;
	a->n_teams = 1;
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
	for (i = 0; i < a->n_teams; i++) {
		sdt_free(a->teams[i].path);
		sdt_free(a->teams[i].scales);
		sdt_free(a->teams[i].items);
	}
	for (i = 0; i < a->n_headcounts; i++)
		sdt_free(a->headcounts[i].path);
	sdt_free(a->headcounts);
	sdt_free(a->teams);
	sdt_free(a->slots);
	sdt_free(a);
}

static int rehash(sdt_groupacc *a)
{
	size_t n = a->n_slots * 2, i, j;
	size_t *slots = sdt_calloc(n, sizeof *slots);
	const char *p;

	if (!slots)
		return sdt_fail_nomem();
	for (i = 1; i < a->n_teams; i++) {
		p = a->teams[i].path;
		for (j = sdt_hash(p, strlen(p)) & (n - 1); slots[j]; j = (j + 1) & (n - 1))
			;
		slots[j] = i + 1;
	}
	sdt_free(a->slots);
	a->slots = slots;
	a->n_slots = n;
	return SDT_OK;
}

/* Index of the team with this path, created when new. */
static int team_index(sdt_groupacc *a, const char *path, size_t *idx)
{
	size_t len = strlen(path), j, mask;
	sdt_gteam *nt;
	int rc;

	if (a->n_teams * 2 >= a->n_slots && (rc = rehash(a)) != SDT_OK)
		return rc;
	mask = a->n_slots - 1;
	for (j = sdt_hash(path, len) & mask; a->slots[j]; j = (j + 1) & mask) {
		if (strcmp(a->teams[a->slots[j] - 1].path, path) == 0) {
			*idx = a->slots[j] - 1;
			return SDT_OK;
		}
	}
	if (a->n_teams == a->cap_teams) {
		nt = sdt_reallocarray(a->teams, a->cap_teams * 2, sizeof *nt);
		if (!nt)
			return sdt_fail_nomem();
		a->teams = nt;
		a->cap_teams *= 2;
	}
	rc = team_init(&a->teams[a->n_teams], path, len, a->n_scales, a->n_items);
	if (rc != SDT_OK)
		return rc;
	a->slots[j] = a->n_teams + 1;
	*idx = a->n_teams++;
	return SDT_OK;
}

/* SDT_ELIMIT when r's team path is beyond SDT_TEAM_MAX_LEVELS or _BYTES;
 * the message names the place and respondent, never the path itself. */
static int team_check(const sdt_response *r)
{
	size_t len = strlen(r->team), levels = 1, i;
	sdt_format f = sdt_format_from_path(r->file);
	int rows = f == SDT_FORMAT_CSV || f == SDT_FORMAT_XLSX;

	for (i = 0; i < len; i++)
		levels += r->team[i] == '/';
	if (len <= SDT_TEAM_MAX_BYTES && levels <= SDT_TEAM_MAX_LEVELS)
		return SDT_OK;
	if (len > SDT_TEAM_MAX_BYTES)
		return sdt_fail(SDT_ELIMIT, "%s:%s%lu: the team is %zu bytes long; at "
		                "most %d are supported (respondent %s)", r->file,
		                rows ? "row " : "", r->line, len, SDT_TEAM_MAX_BYTES,
		                r->id);
	return sdt_fail(SDT_ELIMIT, "%s:%s%lu: the team path has %zu levels; at "
	                "most %d are supported (respondent %s)", r->file,
	                rows ? "row " : "", r->line, levels, SDT_TEAM_MAX_LEVELS,
	                r->id);
}

int sdt_groupacc_add(sdt_groupacc *a, const sdt_response *r, const sdt_scores *s)
{
	size_t t = 0, j, k, nk, item;
	sdt_gteam *team;
	sdt_gscale *gs;
	double x;
	int rc;

	if (r->team && ((rc = team_check(r)) != SDT_OK ||
	                (rc = team_index(a, r->team, &t)) != SDT_OK))
		return rc;
	team = &a->teams[t];
	team->n += 1.0;
	for (item = 0; item < a->n_items; item++) {
		x = s->keyed[item];
		if (isnan(x))
			continue;
		team->items[item].n += 1.0;
		team->items[item].fav += x >= a->fav_min;
		team->items[item].unfav += x <= a->unfav_max;
	}
	for (j = 0; j < a->n_scales; j++) {
		gs = &team->scales[j];
		if (isnan(s->scale[j]))
			continue;
		sdt_moments_add(&gs->score, s->scale[j]);
		/* Favourable shares count the scored respondents' answers only, so
		 * the share and the mean describe the same people. */
		nk = sdt_instrument_scale_item_count(a->ins, j);
		for (k = 0; k < nk; k++) {
			x = s->keyed[sdt_instrument_scale_item(a->ins, j, k)];
			if (isnan(x))
				continue;
			gs->answers += 1.0;
			gs->fav += x >= a->fav_min;
			gs->unfav += x <= a->unfav_max;
		}
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
                     size_t n_items)
{
	size_t j;

	into->n += from->n;
	for (j = 0; j < n_scales; j++) {
		sdt_moments_merge(&into->scales[j].score, &from->scales[j].score);
		into->scales[j].answers += from->scales[j].answers;
		into->scales[j].fav += from->scales[j].fav;
		into->scales[j].unfav += from->scales[j].unfav;
	}
	for (j = 0; j < n_items; j++) {
		into->items[j].n += from->items[j].n;
		into->items[j].fav += from->items[j].fav;
		into->items[j].unfav += from->items[j].unfav;
	}
}

int sdt_groupacc_merge(sdt_groupacc *into, const sdt_groupacc *from)
{
	size_t i, t;
	int rc;

	/* [0] is the no-team bucket in both; teams follow in first-seen order. */
	sdt_gteam_merge(&into->teams[0], &from->teams[0], into->n_scales,
	                into->n_items);
	for (i = 1; i < from->n_teams; i++) {
		if ((rc = team_index(into, from->teams[i].path, &t)) != SDT_OK)
			return rc;
		sdt_gteam_merge(&into->teams[t], &from->teams[i], into->n_scales,
		                into->n_items);
	}
	return SDT_OK;
}
