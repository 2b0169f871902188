/*
 * accum.c - sufficient statistics gathered in one pass over the responses.
 *
 * Answers are whole numbers, so the accumulator keeps exact integer sums
 * and cross-products of answers relative to the scale minimum, and of
 * scale scores as numerators over a fixed denominator (accum_exact.c):
 * merging is addition, so the figures are the same bits for any number of
 * threads, any split into shards and any input format, and answers near
 * 10^6 lose no digits. Doubles (counts, means and centred co-moments, the
 * layout stats.c reads) are derived once at the end. Memory is
 * O(scales x items^2 + teams x items), independent of the respondents.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"

void sdt_mom_merge(sdt_mom *into, const sdt_mom *from)
{
	double n, d;

	if (from->n <= 0.0)
		return;
	if (into->n <= 0.0) {
		*into = *from;
		return;
	}
	n = into->n + from->n;
	d = from->mean - into->mean;
	into->mean += d * (from->n / n);
	into->m2 += from->m2 + d * d * (into->n * from->n / n);
	into->n = n;
}

void sdt_mvmom_add(double *n, double *mean, double *c, size_t k,
                   const double *x, double *d)
{
	double f, v;
	size_t i, j;

	*n += 1.0;
	/* (x_j - new mean_j) = d_j (n-1)/n: writing the update as
	 * f d_i d_j keeps C exactly symmetric. */
	f = (*n - 1.0) / *n;
	for (i = 0; i < k; i++) {
		d[i] = x[i] - mean[i];
		mean[i] += d[i] / *n;
	}
	for (i = 0; i < k; i++) {
		for (j = i; j < k; j++) {
			v = f * d[i] * d[j];
			c[i * k + j] += v;
			if (j != i)
				c[j * k + i] += v;
		}
	}
}

void sdt_mvmom_merge(double *n, double *mean, double *c, double n_b,
                     const double *mean_b, const double *c_b, size_t k)
{
	double tot, w, di, dj;
	size_t i, j;

	if (n_b <= 0.0)
		return;
	tot = *n + n_b;
	w = *n * n_b / tot;
	for (i = 0; i < k; i++) {
		di = mean_b[i] - mean[i];
		for (j = 0; j < k; j++) {
			dj = mean_b[j] - mean[j];
			c[i * k + j] += c_b[i * k + j] + di * dj * w;
		}
	}
	for (i = 0; i < k; i++)
		mean[i] += (mean_b[i] - mean[i]) * (n_b / tot);
	*n = tot;
}

double sdt_mom_var(const sdt_mom *m)
{
	return m->n >= 2.0 ? m->m2 / (m->n - 1.0) : NAN;
}

double sdt_mom_sd(const sdt_mom *m)
{
	return sqrt(sdt_mom_var(m));
}

/* Offsets of the per-scale blocks: items, pairs, listwise moments. */
static int layout(sdt_accum *a)
{
	size_t s, j, k, tot = 0, pairs = 0, lw = 0;

	for (s = 0; s < a->n_scales; s++)
		tot += sdt_instrument_scale_item_count(a->ins, s);
	a->scale_off = sdt_calloc(a->n_scales + 1, sizeof *a->scale_off);
	a->scale_item = sdt_calloc(tot, sizeof *a->scale_item);
	a->pair_off = sdt_calloc(a->n_scales, sizeof *a->pair_off);
	a->lw_off = sdt_calloc(a->n_scales, sizeof *a->lw_off);
	if (!a->scale_off || !a->scale_item || !a->pair_off || !a->lw_off)
		return sdt_fail_nomem();
	for (s = 0, tot = 0; s < a->n_scales; s++) {
		k = sdt_instrument_scale_item_count(a->ins, s);
		a->scale_off[s] = tot;
		a->pair_off[s] = pairs;
		a->lw_off[s] = lw;
		for (j = 0; j < k; j++)
			a->scale_item[tot + j] = sdt_instrument_scale_item(a->ins, s, j);
		tot += k;
		pairs += k * (k - 1) / 2;
		lw += 1 + k + k * k;
		if (k > a->k_max)
			a->k_max = k;
	}
	a->scale_off[a->n_scales] = tot;
	a->stride = a->n_scales + tot;
	a->n_out = sdt_instrument_outcome_count(a->ins);
	a->oc_base = 1 + a->n_scales + a->n_scales * a->n_scales;
	a->oc_size = 2 + a->n_scales + (a->n_scales + 1) * (a->n_scales + 1);
	if (a->n_scales <= SDT_TEAM_SC_MAX_SCALES)
		a->sc_stride = a->oc_base + a->n_out * a->oc_size;
	if (a->hi - a->lo + 1.0 <= SDT_HIST_MAX_POINTS) {
		a->points = (size_t)(a->hi - a->lo + 1.0);
		a->hstride = tot * a->points;
	}
	a->out_off = sdt_calloc(a->n_out + 1, sizeof *a->out_off);
	if (!a->out_off)
		return sdt_fail_nomem();
	for (j = 0; j < a->n_out; j++) {
		k = sdt_instrument_outcome_item(a->ins, j);
		a->out_off[j + 1] = a->out_off[j] + (size_t)(sdt_instrument_item_max(a->ins, k) -
		                                              sdt_instrument_item_min(a->ins, k) + 1);
	}
	a->ostride = a->out_off[a->n_out];
	a->out_cnt = sdt_calloc(a->ostride + 1, sizeof *a->out_cnt);
	if (!a->out_cnt)
		return sdt_fail_nomem();
	a->pair = sdt_calloc(pairs + 1, sizeof *a->pair);
	a->lw = sdt_calloc(lw + 1, sizeof *a->lw);
	a->x = sdt_calloc(2 * a->k_max + 1, sizeof *a->x);
	a->sc = sdt_calloc(1 + 2 * a->n_scales + a->n_scales * a->n_scales, sizeof *a->sc);
	a->x_pair = sdt_calloc(pairs + 1, sizeof *a->x_pair);
	a->x_lw = sdt_calloc(lw + 1, sizeof *a->x_lw);
	a->x_sc = sdt_calloc(a->oc_base + a->n_out * a->oc_size, sizeof *a->x_sc);
	a->oc = sdt_calloc(a->n_out * a->oc_size + 1, sizeof *a->oc);
	a->xv = sdt_calloc(a->k_max + a->n_scales + 1, sizeof *a->xv);
	a->has = sdt_calloc(a->k_max + 1, 1);
	a->likert = sdt_calloc(a->n_items + 1, 1);
	a->ones = sdt_calloc(a->k_max + 1, sizeof *a->ones);
	if (!a->pair || !a->lw || !a->x || !a->sc || !a->x_pair || !a->x_lw || !a->x_sc
	    || !a->oc || !a->xv || !a->has || !a->likert || !a->ones)
		return sdt_fail_nomem();
	for (s = 0; s < a->n_items; s++)
		a->likert[s] = sdt_instrument_item_type(a->ins, s) == SDT_ITEM_LIKERT;
	for (s = 0; s < a->k_max; s++)
		a->ones[s] = 1.0;
	a->xs = a->xv + a->k_max;
	a->sc_d = a->sc + 1 + a->n_scales + a->n_scales * a->n_scales;
	a->d = a->x + a->k_max;
	return sdt_accum_dens(a);
}

int sdt_accum_new(sdt_accum **out, const sdt_instrument *ins)
{
	sdt_accum *a;
	int rc;

	*out = NULL;
	a = sdt_calloc(1, sizeof *a);
	if (!a)
		return sdt_fail_nomem();
	a->ins = ins;
	a->n_items = sdt_instrument_item_count(ins);
	a->n_scales = sdt_instrument_scale_count(ins);
	a->n_comp = sdt_instrument_composite_count(ins);
	a->lo = sdt_instrument_min(ins);
	a->hi = sdt_instrument_max(ins);
	a->item = sdt_calloc(a->n_items + 1, sizeof *a->item);
	a->score = sdt_calloc(a->n_scales + 1, sizeof *a->score);
	a->comp = sdt_calloc(a->n_comp + 1, sizeof *a->comp);
	a->x_item = sdt_calloc(a->n_items + 1, sizeof *a->x_item);
	a->x_score = sdt_calloc(a->n_scales + 1, sizeof *a->x_score);
	a->x_comp = sdt_calloc(a->n_comp + 1, sizeof *a->x_comp);
	if (!a->item || !a->score || !a->comp || !a->x_item || !a->x_score || !a->x_comp) {
		rc = sdt_fail_nomem();
		goto done;
	}
	rc = layout(a);
done:
	if (rc)
		sdt_accum_free(a);
	else
		*out = a;
	return rc;
}

void sdt_accum_free(sdt_accum *a)
{
	size_t t;

	if (!a)
		return;
	for (t = 0; t < a->n_teams; t++)
		sdt_free(a->team_name[t]);
	sdt_strmap_clear(&a->team_map);
	sdt_accum_dens_free(a);
	SDT_FREE_ALL(a->team_name, a->team_rows, a->team_mom, a->team_hist, a->team_sc,
	             a->item, a->score, a->comp, a->scale_off, a->scale_item, a->pair_off,
	             a->pair, a->lw_off, a->lw, a->x, a->sc, a->x_item, a->x_score, a->x_comp,
	             a->x_team_mom, a->x_pair, a->x_lw, a->x_sc, a->oc, a->x_team_sc, a->xv,
	             a->has, a->likert, a->ones, a->out_off, a->out_cnt, a->team_out, a);
}

const double *sdt_accum_outcome_counts(const sdt_accum *a, size_t t, size_t o)
{
	return (t == SIZE_MAX ? a->out_cnt : a->team_out + t * a->ostride) + a->out_off[o];
}

double sdt_accum_outcome_n(const sdt_accum *a, size_t t, size_t o)
{
	const double *c = sdt_accum_outcome_counts(a, t, o);
	double n = 0.0;
	size_t k;

	for (k = 0; k < a->out_off[o + 1] - a->out_off[o]; k++)
		n += c[k];
	return n;
}

/* 1 when team i is called key[0..len) (sdt_strmap_same). */
static int team_same(const void *ctx, size_t i, const void *key, size_t len)
{
	const char *name = ((const sdt_accum *)ctx)->team_name[i];

	return sdt_strmap_is(name, key, len);
}

/* Index of team `name`, or SIZE_MAX; *pos gets where it would go. */
static size_t team_find(const sdt_accum *a, const char *name, sdt_strmap_pos *pos)
{
	size_t len = strlen(name);

	return sdt_strmap_find(&a->team_map, sdt_strmap_hash(name, len), name, len,
	                       team_same, a, pos);
}

/* Grow the per-team arrays of the exact state (the double caches team_mom
 * and team_sc are sized at settling, so a job's copy never holds them).
 * Nothing is zeroed here: team_get clears a team's blocks as it adds it,
 * so the pages of capacity no team uses yet are never touched. */
static int grow_teams(sdt_accum *a)
{
	size_t cap = a->cap_teams ? 2 * a->cap_teams : 16;
	char **names;
	double *rows, *hist = a->team_hist, *tout;
	sdt_xmom *xmom;
	sdt_wide *xtsc = a->x_team_sc;

	names = sdt_reallocarray(a->team_name, cap, sizeof *names);
	if (names)
		a->team_name = names;
	rows = sdt_reallocarray(a->team_rows, cap, sizeof *rows);
	if (rows)
		a->team_rows = rows;
	xmom = sdt_reallocarray(a->x_team_mom, cap * a->stride + 1, sizeof *xmom);
	if (xmom)
		a->x_team_mom = xmom;
	if (a->points) {
		hist = sdt_reallocarray(a->team_hist, cap * a->hstride + 1, sizeof *hist);
		if (hist)
			a->team_hist = hist;
	}
	if (a->sc_stride) {
		xtsc = sdt_reallocarray(a->x_team_sc, cap * a->sc_stride + 1, sizeof *xtsc);
		if (xtsc)
			a->x_team_sc = xtsc;
	}
	tout = sdt_reallocarray(a->team_out, cap * a->ostride + 1, sizeof *tout);
	if (tout)
		a->team_out = tout;
	if (!names || !rows || !xmom || (a->points && !hist) || (a->sc_stride && !xtsc) || !tout)
		return sdt_fail_nomem();
	a->cap_teams = cap;
	return SDT_OK;
}

/* Team t's blocks of the exact state at zero (a new team). */
static void team_clear(sdt_accum *a, size_t t)
{
	a->team_rows[t] = 0.0;
	memset(a->x_team_mom + t * a->stride, 0, a->stride * sizeof *a->x_team_mom);
	if (a->team_hist)
		memset(a->team_hist + t * a->hstride, 0, a->hstride * sizeof *a->team_hist);
	if (a->x_team_sc)
		memset(a->x_team_sc + t * a->sc_stride, 0, a->sc_stride * sizeof *a->x_team_sc);
	memset(a->team_out + t * a->ostride, 0, a->ostride * sizeof *a->team_out);
}

/* Index of team `name`, added if new. Allocates only for a new team. */
static int team_get(sdt_accum *a, const char *name, size_t *out)
{
	sdt_strmap_pos h;
	size_t t;
	int rc;

	if ((rc = sdt_strmap_reserve(&a->team_map, 1)) != 0)
		return rc;
	t = team_find(a, name, &h);
	if (t != SIZE_MAX) {
		*out = t;
		return SDT_OK;
	}
	if (a->n_teams == a->cap_teams && (rc = grow_teams(a)) != 0)
		return rc;
	a->team_name[a->n_teams] = sdt_strdup(name);
	if (!a->team_name[a->n_teams])
		return sdt_fail_nomem();
	team_clear(a, a->n_teams);
	sdt_strmap_add(&a->team_map, &h, a->n_teams++);
	a->settled = 0;
	*out = a->n_teams - 1;
	return SDT_OK;
}

/* The n blocks of `size` bytes at base put in the order of ref (block t
 * becomes the old block ref[t].index), in place, one cycle of the
 * permutation at a time through tmp (size bytes); done: n bytes of
 * scratch. In place, so sorting needs no second copy of the teams. */
static void permute(void *base, const sdt_name_ref *ref, size_t n, size_t size, void *tmp,
                    unsigned char *moved)
{
	char *b = base;
	size_t s, t, f;

	if (!b || !size)
		return;
	memset(moved, 0, n);
	for (s = 0; s < n; s++) {
		if (moved[s])
			continue;
		memcpy(tmp, b + s * size, size);
		for (t = s; (f = ref[t].index) != s; t = f) {
			memcpy(b + t * size, b + f * size, size);
			moved[t] = 1;
		}
		memcpy(b + t * size, tmp, size);
		moved[t] = 1;
	}
}

/* Teams in byte order of their names, so whatever visits them in turn
 * (ICC's sums, the disclosure engine's choices) does not depend on the
 * order the rows, threads or shards arrived in. */
int sdt_accum_sort_teams(sdt_accum *a)
{
	size_t n = a->n_teams, t, big;
	sdt_strmap_pos h;
	sdt_name_ref *ref = sdt_calloc(n + 1, sizeof *ref);
	unsigned char *moved = sdt_calloc(n + 1, 1);
	void *tmp;
	int rc = SDT_OK;

	big = a->stride * sizeof *a->x_team_mom;
	if (a->hstride * sizeof *a->team_hist > big)
		big = a->hstride * sizeof *a->team_hist;
	if (a->sc_stride * sizeof *a->x_team_sc > big)
		big = a->sc_stride * sizeof *a->x_team_sc;
	if (a->ostride * sizeof *a->team_out > big)
		big = a->ostride * sizeof *a->team_out;
	tmp = sdt_malloc(big + sizeof(char *) + sizeof(double));
	if (!ref || !moved || !tmp) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (t = 0; t < n; t++)
		ref[t] = (sdt_name_ref){a->team_name[t], t};
	qsort(ref, n, sizeof *ref, sdt_name_ref_cmp);
	for (t = 0; t < n && ref[t].index == t; t++)
		;
	if (t == n)
		goto done;
	/* from here on nothing can fail: the teams are never half sorted */
	permute(a->team_name, ref, n, sizeof *a->team_name, tmp, moved);
	permute(a->team_rows, ref, n, sizeof *a->team_rows, tmp, moved);
	permute(a->x_team_mom, ref, n, a->stride * sizeof *a->x_team_mom, tmp, moved);
	permute(a->team_hist, ref, n, a->hstride * sizeof *a->team_hist, tmp, moved);
	permute(a->x_team_sc, ref, n, a->sc_stride * sizeof *a->x_team_sc, tmp, moved);
	permute(a->team_out, ref, n, a->ostride * sizeof *a->team_out, tmp, moved);
	sdt_strmap_empty(&a->team_map);
	for (t = 0; t < n; t++) {
		team_find(a, a->team_name[t], &h);
		sdt_strmap_add(&a->team_map, &h, t);
	}
done:
	SDT_FREE_ALL(tmp, moved, ref);
	return rc;
}

int sdt_accum_team(sdt_accum *a, const char *name, size_t *index)
{
	return team_get(a, name, index);
}

/* Pairs i < j of one scale's row, over the items both answered. */
static void add_pairs(sdt_xco *p, const int64_t *v, const unsigned char *has, size_t k)
{
	size_t i, j;

	for (i = 0; i < k; i++) {
		if (!has[i]) {
			p += k - 1 - i;
			continue;
		}
		for (j = i + 1; j < k; j++, p++) {
			if (!has[j])
				continue;
			p->n += 1;
			p->sx += v[i];
			p->sy += v[j];
			p->sxy += (sdt_wide)v[i] * v[j];
		}
	}
}

/* The complete rows' sums for pair i of scale s, from its listwise block
 * (n, sums[k], upper triangle of the cross-products at [1 + k + p k + q]),
 * added to *x (sign 1) or taken from it (-1). */
static void pair_lw(const sdt_accum *a, size_t s, size_t i, sdt_xco *x, int sign)
{
	size_t k = a->scale_off[s + 1] - a->scale_off[s], p = 0, q;
	const sdt_wide *lw = a->x_lw + a->lw_off[s];

	while (i >= k - 1 - p) /* pairs (p, p+1..k-1) come in order */
		i -= k - 1 - p++;
	q = p + 1 + i;
	x->n += sign * lw[0];
	x->sx += sign * lw[1 + p];
	x->sy += sign * lw[1 + q];
	x->sxy += sign * lw[1 + k + p * k + q];
}

sdt_xco sdt_accum_pair(const sdt_accum *a, size_t s, size_t i)
{
	sdt_xco x = a->x_pair[a->pair_off[s] + i];

	pair_lw(a, s, i, &x, 1);
	return x;
}

void sdt_accum_pairs_own(sdt_accum *a)
{
	size_t s, i, k;

	for (s = 0; s < a->n_scales; s++) {
		k = a->scale_off[s + 1] - a->scale_off[s];
		for (i = 0; i < k * (k - 1) / 2; i++)
			pair_lw(a, s, i, &a->x_pair[a->pair_off[s] + i], -1);
	}
}

/* One scale of one row: pairwise and listwise sums, the score (its
 * numerator left in a->xs[sc]), and the team's (tm, or NULL without a
 * team). */
static void add_scale(sdt_accum *a, const sdt_scores *s, size_t sc,
                      sdt_xmom *tm, double *th)
{
	size_t off = a->scale_off[sc], k = a->scale_off[sc + 1] - off, i, got = 0;
	int64_t *v = a->xv, sum = 0, xs;
	unsigned char *has = a->has;
	double x;

	for (i = 0; i < k; i++) {
		x = s->keyed[a->scale_item[off + i]];
		has[i] = (unsigned char)!isnan(x);
		v[i] = has[i] ? (int64_t)(x - a->lo) : 0;
		sum += v[i];
		got += has[i];
	}
	if (got == k)
		sdt_xmv_add(a->x_lw + a->lw_off[sc], k, v);
	else if (got >= 2)
		add_pairs(a->x_pair + a->pair_off[sc], v, has, k);
	if (!isnan(s->scale[sc]) && got > 0) {
		xs = sdt_accum_score_num(a, sc, sum, got);
		a->xs[sc] = xs;
		sdt_xmom_add(&a->x_score[sc], xs);
		if (tm)
			sdt_xmom_add(&tm[sc], xs);
	}
	if (!tm || got != k)
		return;
	for (i = 0; i < k; i++)
		sdt_xmom_add(&tm[a->n_scales + off + i], v[i]);
	if (th)
		for (i = 0; i < k; i++)
			th[(off + i) * a->points + (size_t)v[i]] += 1.0;
}

/* Each answered outcome item counted at its value, for the organisation
 * and team t (SIZE_MAX: none). */
static void add_outcomes(sdt_accum *a, const sdt_scores *s, size_t t)
{
	size_t o, item;
	double x;

	for (o = 0; o < a->n_out; o++) {
		item = sdt_instrument_outcome_item(a->ins, o);
		x = s->keyed[item];
		if (isnan(x))
			continue;
		x -= (double)sdt_instrument_item_min(a->ins, item);
		a->out_cnt[a->out_off[o] + (size_t)x] += 1.0;
		if (t != SIZE_MAX)
			a->team_out[t * a->ostride + a->out_off[o] + (size_t)x] += 1.0;
	}
}

/* A row scored on every scale (its numerators in a->xs): with each
 * outcome item it answered, into that item's co-moments with the scales,
 * the organisation's and its team's (tsc, or NULL). */
static void add_outcome_scores(sdt_accum *a, const sdt_scores *s, sdt_wide *tsc)
{
	size_t o, item, S = a->n_scales;
	double x;

	for (o = 0; o < a->n_out; o++) {
		item = sdt_instrument_outcome_item(a->ins, o);
		x = s->keyed[item];
		if (isnan(x))
			continue;
		a->xs[S] = (int64_t)(x - (double)sdt_instrument_item_min(a->ins, item));
		sdt_xmv_add(a->x_sc + a->oc_base + o * a->oc_size, S + 1, a->xs);
		if (tsc)
			sdt_xmv_add(tsc + a->oc_base + o * a->oc_size, S + 1, a->xs);
	}
}

int sdt_accum_add(sdt_accum *a, const sdt_response *r, const sdt_scores *s)
{
	sdt_xmom *tm = NULL;
	sdt_wide *tsc = NULL;
	double *th = NULL;
	size_t i, t = SIZE_MAX;
	int rc;

	if (a->rows >= (double)SDT_EXACT_ROWS_MAX)
		return sdt_fail(SDT_EUSAGE, "more than 2^46 rows in one accumulator");
	if (r && r->team) {
		rc = team_get(a, r->team, &t);
		if (rc)
			return rc;
		a->team_rows[t] += 1.0;
		tm = a->x_team_mom + t * a->stride;
		if (a->team_hist)
			th = a->team_hist + t * a->hstride;
		if (a->x_team_sc)
			tsc = a->x_team_sc + t * a->sc_stride;
	}
	a->settled = 0;
	a->rows += 1.0;
	/* an outcome item has a range of its own and is kept as answer counts
	 * (add_outcomes); item moments are over the instrument's range */
	for (i = 0; i < a->n_items; i++)
		if (a->likert[i] && !isnan(s->keyed[i]))
			sdt_xmom_add(&a->x_item[i], (int64_t)(s->keyed[i] - a->lo));
	add_outcomes(a, s, r && r->team ? t : SIZE_MAX);
	for (i = 0; i < a->n_scales; i++)
		add_scale(a, s, i, tm, th);
	for (i = 0; i < a->n_comp; i++)
		if (!isnan(s->composite[i]))
			sdt_xmom_add(&a->x_comp[i], sdt_accum_comp_num(a, i, s->composite[i], a->xs));
	if (s->n_scored == a->n_scales) {
		sdt_xmv_add(a->x_sc, a->n_scales, a->xs);
		if (tsc)
			sdt_xmv_add(tsc, a->n_scales, a->xs);
		add_outcome_scores(a, s, tsc);
	}
	return SDT_OK;
}

/* Forget the answer counts (a partial without them was merged in): AD_M(J)
 * is then unknown rather than computed from part of the rows. */
void sdt_accum_drop_hist(sdt_accum *a)
{
	sdt_free(a->team_hist);
	a->team_hist = NULL;
	a->points = 0;
}

void sdt_accum_drop_team_sc(sdt_accum *a)
{
	sdt_free(a->team_sc);
	sdt_free(a->x_team_sc);
	a->team_sc = NULL;
	a->x_team_sc = NULL;
	a->sc_stride = 0;
}

/* Add team t of `from` to team u of `into`: scale-score co-moments. */
static void merge_team_sc(sdt_accum *into, size_t u, const sdt_accum *from, size_t t)
{
	sdt_wide *x;
	const sdt_wide *y;
	size_t i;

	if (!into->sc_stride)
		return;
	if (!from->sc_stride) {
		sdt_accum_drop_team_sc(into);
		return;
	}
	x = into->x_team_sc + u * into->sc_stride;
	y = from->x_team_sc + t * from->sc_stride;
	for (i = 0; i < into->sc_stride; i++)
		x[i] += y[i];
}

/* Add team t of `from` to team u of `into`: answer counts. */
static void merge_hist(sdt_accum *into, size_t u, const sdt_accum *from, size_t t)
{
	size_t i;

	if (!into->points)
		return;
	if (!from->points) {
		sdt_accum_drop_hist(into);
		return;
	}
	for (i = 0; i < into->hstride; i++)
		into->team_hist[u * into->hstride + i] += from->team_hist[t * from->hstride + i];
}

/* Same instrument shape (the pointers may differ after a reload). */
static int same_shape(const sdt_accum *a, const sdt_accum *b)
{
	if (a->n_items != b->n_items || a->n_scales != b->n_scales
	    || a->n_comp != b->n_comp || a->lo != b->lo || a->hi != b->hi)
		return 0;
	return memcmp(a->scale_off, b->scale_off,
	              (a->n_scales + 1) * sizeof *a->scale_off) == 0
	       && memcmp(a->scale_item, b->scale_item,
	                 a->scale_off[a->n_scales] * sizeof *a->scale_item) == 0;
}

/* Exact sums merge by addition: the same bits in any order. */
static void merge_scales(sdt_accum *into, const sdt_accum *from)
{
	size_t s, k, i, n;
	sdt_xco *p;
	const sdt_xco *q;

	for (s = 0; s < into->n_scales; s++) {
		k = into->scale_off[s + 1] - into->scale_off[s];
		p = into->x_pair + into->pair_off[s];
		q = from->x_pair + from->pair_off[s];
		for (i = 0; i < k * (k - 1) / 2; i++) {
			p[i].n += q[i].n;
			p[i].sx += q[i].sx;
			p[i].sy += q[i].sy;
			p[i].sxy += q[i].sxy;
		}
		for (i = 0; i < 1 + k + k * k; i++)
			into->x_lw[into->lw_off[s] + i] += from->x_lw[from->lw_off[s] + i];
		sdt_xmom_merge(&into->x_score[s], &from->x_score[s]);
	}
	n = into->oc_base + into->n_out * into->oc_size;
	for (i = 0; i < n; i++)
		into->x_sc[i] += from->x_sc[i];
	into->oc_lost |= from->oc_lost;
}

int sdt_accum_merge(sdt_accum *into, const sdt_accum *from)
{
	size_t i, t, u;
	int rc;

	if (into == from || !same_shape(into, from) || into->ostride != from->ostride)
		return sdt_fail(SDT_EUSAGE, "cannot merge accumulators of different instruments");
	if (into->rows + from->rows > (double)SDT_EXACT_ROWS_MAX)
		return sdt_fail(SDT_EUSAGE, "more than 2^46 rows in one accumulator");
	into->settled = 0;
	into->rows += from->rows;
	for (i = 0; i < into->ostride; i++)
		into->out_cnt[i] += from->out_cnt[i];
	for (i = 0; i < into->n_items; i++)
		sdt_xmom_merge(&into->x_item[i], &from->x_item[i]);
	for (i = 0; i < into->n_comp; i++)
		sdt_xmom_merge(&into->x_comp[i], &from->x_comp[i]);
	merge_scales(into, from);
	for (t = 0; t < from->n_teams; t++) {
		rc = team_get(into, from->team_name[t], &u);
		if (rc)
			return rc;
		into->team_rows[u] += from->team_rows[t];
		for (i = 0; i < into->stride; i++)
			sdt_xmom_merge(&into->x_team_mom[u * into->stride + i],
			               &from->x_team_mom[t * from->stride + i]);
		merge_hist(into, u, from, t);
		merge_team_sc(into, u, from, t);
		for (i = 0; i < into->ostride; i++)
			into->team_out[u * into->ostride + i] += from->team_out[t * from->ostride + i];
	}
	return SDT_OK;
}

/* A scale-score block and its outcome blocks (x_sc's layout) into base
 * and oc. */
static void settle_sc(const sdt_accum *a, const sdt_wide *x, double *base, double *oc)
{
	size_t o;

	sdt_xmv_get(x, a->n_scales, a->den_sc, base);
	for (o = 0; o < a->n_out; o++)
		sdt_xmv_get(x + a->oc_base + o * a->oc_size, a->n_scales + 1, a->den_sc,
		            oc + o * a->oc_size);
}

/* The teams' double fields, sized to the teams there are (a job's copy
 * of the accumulator never settles, so never holds them). */
static int settle_teams(sdt_accum *a)
{
	size_t t, i, S = a->n_scales;
	sdt_mom *mom;
	double *tsc;

	if (!(mom = sdt_reallocarray(a->team_mom, a->n_teams * a->stride + 1, sizeof *mom)))
		return sdt_fail_nomem();
	a->team_mom = mom;
	if (a->x_team_sc) {
		tsc = sdt_reallocarray(a->team_sc, a->n_teams * a->sc_stride + 1, sizeof *tsc);
		if (!tsc)
			return sdt_fail_nomem();
		a->team_sc = tsc;
	}
	for (t = 0; t < a->n_teams; t++) {
		for (i = 0; i < a->stride; i++)
			a->team_mom[t * a->stride + i] =
				sdt_xmom_get(&a->x_team_mom[t * a->stride + i],
				             i < S ? a->den_sc[i] : 1.0);
		if (a->team_sc)
			settle_sc(a, a->x_team_sc + t * a->sc_stride, a->team_sc + t * a->sc_stride,
			          a->team_sc + t * a->sc_stride + a->oc_base);
	}
	return SDT_OK;
}

int sdt_accum_settle(const sdt_accum *ca)
{
	sdt_accum *a = (sdt_accum *)ca; /* the double fields are a cache */
	size_t i, s, k;
	sdt_xco x;
	int rc;

	if (a->settled)
		return SDT_OK;
	if ((rc = sdt_accum_sort_teams(a)) != SDT_OK)
		return rc;
	for (i = 0; i < a->n_items; i++)
		a->item[i] = sdt_xmom_get(&a->x_item[i], 1.0);
	for (s = 0; s < a->n_scales; s++) {
		a->score[s] = sdt_xmom_get(&a->x_score[s], a->den_sc[s]);
		k = a->scale_off[s + 1] - a->scale_off[s];
		sdt_xmv_get(a->x_lw + a->lw_off[s], k, a->ones, a->lw + a->lw_off[s]);
		for (i = 0; i < k * (k - 1) / 2; i++) {
			x = sdt_accum_pair(a, s, i);
			a->pair[a->pair_off[s] + i] = (sdt_comom){
				(double)x.n, sdt_wide_mean(x.n, x.sx, 1.0), sdt_wide_mean(x.n, x.sy, 1.0),
				(double)sdt_wide_comoment(x.n, x.sx, x.sy, x.sxy)};
		}
	}
	for (i = 0; i < a->n_comp; i++)
		a->comp[i] = sdt_xmom_get(&a->x_comp[i], (double)a->den_comp[i]);
	settle_sc(a, a->x_sc, a->sc, a->oc);
	if ((rc = settle_teams(a)) != SDT_OK)
		return rc;
	a->settled = 1;
	return SDT_OK;
}
