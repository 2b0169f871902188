/*
 * groups_disclose.c - two disclosure systems per scale, one per family of
 * unknowns a reader could combine linearly:
 *  - means (the respondents' scores): S(g), the scored respondents of
 *    group g (means, SDs, CIs, tests), and B(a, v, g), the breakdown cells,
 *    over inner cells team x combination of attribute values;
 *  - shares (the answers' favourable indicators): I(g), the respondents
 *    complete on the scale (% favourable and the item shares, all over the
 *    same people), over the same inner cells restricted to them.
 * A score is not a linear function of the indicators, so no sum of one
 * family helps to work out the other. In moved mode an earlier wave's
 * means on its own hierarchy (as its own run decided them) and on today's
 * are one system.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "groups_impl.h"
#include "sdt_disclosure.h"

/* One scale's system under construction: the inner cells (team x
 * combination) and, in CSR form, the inner cells of every cell: S(g) =
 * scored respondents of group g and B(a, v, g) = those with value v of
 * attribute a (means), or I(g) = those complete on the scale (shares). */
typedef struct sysb {
	int shares;         /* 0: the means' system, 1: the shares' */
	size_t G, n_cells, n_inner;
	double *count;      /* per inner cell */
	size_t *node;       /* per inner cell: the leaf group */
	/* Moved mode: the same respondents on a second hierarchy (today's),
	 * whose cells S2(g) and I2(g) follow from base2 on. */
	const sdt_groups *g2;
	const size_t *team_node2; /* per team of the accumulator */
	size_t *node2;      /* per inner cell: its leaf group there */
	size_t G2, base2;
	size_t *combo;      /* per inner cell */
	size_t *start, *fill, *list;
	size_t *by_off;     /* attribute a's first B cell is 2G + by_off[a] G */
	long *vidx;         /* [combo][a]: value index, -1 for none */
} sysb;

static void sysb_free(sysb *b)
{
	sdt_free(b->count);
	sdt_free(b->node);
	sdt_free(b->node2);
	sdt_free(b->combo);
	sdt_free(b->start);
	sdt_free(b->fill);
	sdt_free(b->list);
}

/* Call f(b, inner, cell) for every cell that contains the inner cell. */
static void each_cell(sysb *b, const sdt_groups *g, const sdt_groupacc *acc, size_t k,
                      void (*f)(sysb *, size_t, size_t))
{
	long n;
	size_t a;
	long v;

	for (n = (long)b->node[k]; n >= 0; n = g->groups[n].parent) {
		if (b->shares) {
			f(b, k, b->G + (size_t)n);
			continue;
		}
		f(b, k, (size_t)n);
		for (a = 0; a < acc->n_by; a++)
			if ((v = b->vidx[b->combo[k] * acc->n_by + a]) >= 0)
				f(b, k, 2 * b->G + (b->by_off[a] + (size_t)v) * b->G + (size_t)n);
	}
	for (n = b->g2 && !b->shares ? (long)b->node2[k] : -1; n >= 0; n = b->g2->groups[n].parent)
		f(b, k, b->base2 + (size_t)n);
}

static void count_one(sysb *b, size_t k, size_t cell)
{
	(void)k;
	b->start[cell + 1]++;
}

static void fill_one(sysb *b, size_t k, size_t cell)
{
	b->list[b->start[cell] + b->fill[cell]++] = k;
}

/* The inner cells of scale j: one per team and combination, of its scored
 * respondents (means) or of those complete on the scale (shares).
 * team_node[t] is team t's leaf group. */
static int sysb_inner(sysb *b, const sdt_groupacc *acc, const size_t *team_node, size_t j)
{
	size_t t, c, m = 0, S = acc->n_scales;
	double x;
	const sdt_gteam *tm;

	for (t = 0; t < acc->n_teams; t++)
		m += acc->teams[t].n_combos;
	b->count = sdt_calloc(m + 1, sizeof *b->count);
	b->node = sdt_calloc(m + 1, sizeof *b->node);
	b->node2 = sdt_calloc(m + 1, sizeof *b->node2);
	b->combo = sdt_calloc(m + 1, sizeof *b->combo);
	if (!b->count || !b->node || !b->node2 || !b->combo)
		return sdt_fail_nomem();
	for (t = 0, m = 0; t < acc->n_teams; t++) {
		tm = &acc->teams[t];
		for (c = 0; c < tm->n_combos; c++) {
			x = tm->cells[(c * S + j) * 2] + (b->shares ? 0.0 : tm->cells[(c * S + j) * 2 + 1]);
			if (x <= 0.0)
				continue;
			b->count[m] = x;
			b->node[m] = team_node[t];
			b->node2[m] = b->team_node2 ? b->team_node2[t] : 0;
			b->combo[m++] = tm->combo[c];
		}
	}
	b->n_inner = m;
	return SDT_OK;
}

static int sysb_cells(sysb *b, const sdt_groups *g, const sdt_groupacc *acc)
{
	size_t k, c;

	b->start = sdt_calloc(b->n_cells + 2, sizeof *b->start);
	b->fill = sdt_calloc(b->n_cells + 1, sizeof *b->fill);
	if (!b->start || !b->fill)
		return sdt_fail_nomem();
	for (k = 0; k < b->n_inner; k++)
		each_cell(b, g, acc, k, count_one);
	for (c = 0; c < b->n_cells; c++)
		b->start[c + 1] += b->start[c];
	if (!(b->list = sdt_calloc(b->start[b->n_cells] + 1, sizeof *b->list)))
		return sdt_fail_nomem();
	for (k = 0; k < b->n_inner; k++)
		each_cell(b, g, acc, k, fill_one);
	return SDT_OK;
}

static void apply(sdt_groups *g, const sdt_groupacc *acc, const sdt_disclosure *d,
                  const sysb *b, size_t j)
{
	size_t i, k, a, v, G = b->G;
	sdt_groups_by *by;

	for (i = 0; i < G && b->shares; i++) {
		g->groups[i].scales[j].favourable_hidden = (int)sdt_disclosure_result(d, G + i);
		for (k = 0; k < g->n_items; k++)
			if (acc->item_scale[k] == (long)j)
				g->groups[i].items[k].hidden = g->groups[i].scales[j].favourable_hidden;
	}
	if (b->shares)
		return;
	for (i = 0; i < G; i++)
		g->groups[i].scales[j].hidden = (int)sdt_disclosure_result(d, i);
	for (a = 0; a < g->n_by; a++) {
		by = &g->by[a];
		for (v = 0; v < by->n_values; v++)
			for (i = 0; i < G; i++)
				by->hidden[(i * by->n_values + v) * g->n_scales + j] = (unsigned char)
					sdt_disclosure_result(d, 2 * G + (b->by_off[a] + v) * G + i);
	}
}

/* The key of inner cell k under attribute subset `mask`: its value index
 * of each attribute in the mask (-1 none), -2 for the others. */
static long key_of(const sysb *b, size_t n_by, size_t k, size_t a, unsigned mask)
{
	return (mask >> a) & 1u ? b->vidx[b->combo[k] * n_by + a] : -2;
}

/* qsort's context, per thread: scales are decided on several threads. */
static _Thread_local const sysb *key_b;
static _Thread_local size_t key_n_by;
static _Thread_local unsigned key_mask;

static int cmp_key(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y, a;
	long ki, kj;

	if (key_b->node[i] != key_b->node[j])
		return key_b->node[i] < key_b->node[j] ? -1 : 1;
	for (a = 0; a < key_n_by; a++) {
		ki = key_of(key_b, key_n_by, i, a, key_mask);
		kj = key_of(key_b, key_n_by, j, a, key_mask);
		if (ki != kj)
			return ki < kj ? -1 : 1;
	}
	return (i > j) - (i < j);
}

/* A reader can isolate more than the inner cells: a team's respondents
 * with one value of an attribute across the others' values. Name each such union (per group's own
 * members and subset of the attributes) to the engine, which protects it
 * when it is small. */
static int protect_marginals(sdt_disclosure *d, const sysb *b, size_t n_by, size_t *ord)
{
	unsigned mask, masks = n_by <= 4 ? 1u << n_by : 1u;
	size_t k, e, a;
	int rc;

	for (mask = 0; mask < masks; mask++) {
		for (k = 0; k < b->n_inner; k++)
			ord[k] = k;
		key_b = b, key_n_by = n_by, key_mask = mask;
		qsort(ord, b->n_inner, sizeof *ord, cmp_key);
		for (k = 0; k < b->n_inner; k = e) {
			for (e = k + 1; e < b->n_inner && b->node[ord[e]] == b->node[ord[k]]; e++) {
				for (a = 0; a < n_by; a++)
					if (key_of(b, n_by, ord[e], a, mask) != key_of(b, n_by, ord[k], a, mask))
						break;
				if (a < n_by)
					break;
			}
			if (e - k > 1 && (rc = sdt_disclosure_protect(d, ord + k, e - k)) != SDT_OK)
				return rc;
		}
	}
	return SDT_OK;
}

/* The own hierarchy's decision for cell c < base2 of scale j (moved mode:
 * g was decided by its own run). */
static int own_decision(const sdt_groups *g, const sysb *b, size_t c, size_t j)
{
	size_t G = b->G, a, i = c % G, slot = c / G;
	const sdt_groups_by *by;

	if (slot == 0)
		return g->groups[i].scales[j].hidden;
	if (slot == 1)
		return g->groups[i].scales[j].favourable_hidden;
	for (a = 0, slot -= 2; a < g->n_by; a++) {
		by = &g->by[a];
		if (slot < b->by_off[a] + by->n_values)
			return by->hidden[(i * by->n_values + (slot - b->by_off[a])) * g->n_scales + j];
	}
	return SDT_HIDDEN_PROTECTION;
}

/* Moved mode: what the earlier run showed is known, what it hid stays
 * protected, and only today's cells are decided. */
static int fix_own(sdt_disclosure *d, const sdt_groups *g, const sysb *b, size_t j)
{
	size_t c;
	int rc;

	for (c = 0; c < b->base2; c++) {
		rc = own_decision(g, b, c, j) ? sdt_disclosure_hide(d, c) : sdt_disclosure_publish(d, c);
		if (rc != SDT_OK)
			return rc;
	}
	return SDT_OK;
}

static void apply_moved(sdt_groups *g2, const sdt_groupacc *acc, const sdt_disclosure *d,
                        const sysb *b, size_t j)
{
	size_t i, k;

	/* a trend shows means only: the shares follow them */
	for (i = 0; i < b->G2; i++) {
		g2->groups[i].scales[j].hidden = (int)sdt_disclosure_result(d, b->base2 + i);
		g2->groups[i].scales[j].favourable_hidden = g2->groups[i].scales[j].hidden;
		for (k = 0; k < g2->n_items; k++)
			if (acc->item_scale[k] == (long)j)
				g2->groups[i].items[k].hidden = g2->groups[i].scales[j].favourable_hidden;
	}
}

/* Per cell, the union of the teams whose part in it is under the
 * threshold, when that union is under it too: a parent minus its
 * published sub-groups is such a union (a department's own members and a
 * hidden team's, beside a big team's), and --by splits even a big team
 * into small inner cells, so the engine's own per-inner-cell union cannot
 * see it. A cell's inner cells come in team order (sysb_inner). */
static int protect_small_teams(sdt_disclosure *d, const sysb *b, double min, size_t *buf)
{
	size_t c, k, e, m, teams;
	const size_t *l;
	double part, total;
	int rc;

	for (c = 0; c < b->n_cells; c++) {
		l = b->list + b->start[c];
		for (k = 0, m = 0, teams = 0, total = 0.0; k < b->start[c + 1] - b->start[c]; k = e) {
			for (e = k, part = 0.0; e < b->start[c + 1] - b->start[c] &&
			     b->node[l[e]] == b->node[l[k]]; e++)
				part += b->count[l[e]];
			if (part >= min)
				continue;
			memcpy(buf + m, l + k, (e - k) * sizeof *buf);
			m += e - k;
			total += part;
			teams++;
		}
		if (teams >= 2 && total < min && (rc = sdt_disclosure_protect(d, buf, m)) != SDT_OK)
			return rc;
	}
	return SDT_OK;
}

/* Decide every cell of scale j in one system. */
static int decide_scale(sdt_groups *g, const sdt_groupacc *acc, const size_t *team_node,
                        sysb *b, size_t j)
{
	sdt_disclosure *d = NULL;
	size_t c, id, *ord = NULL;
	int rc;

	if ((rc = sysb_inner(b, acc, team_node, j)) != SDT_OK ||
	    (rc = sysb_cells(b, g, acc)) != SDT_OK ||
	    (rc = sdt_disclosure_new(&d, b->n_inner, b->count, (double)g->min_group)) != SDT_OK)
		goto done;
	for (c = 0; c < b->n_cells; c++)
		if ((rc = sdt_disclosure_add(d, b->list + b->start[c], b->start[c + 1] - b->start[c],
		                             &id)) != SDT_OK)
			goto done;
	if (b->g2 && (rc = fix_own(d, g, b, j)) != SDT_OK)
		goto done;
	if (!(ord = sdt_calloc(b->n_inner + 1, sizeof *ord))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	if ((rc = protect_marginals(d, b, acc->n_by, ord)) != SDT_OK ||
	    (rc = protect_small_teams(d, b, (double)g->min_group, ord)) != SDT_OK ||
	    (rc = sdt_disclosure_run(d)) != SDT_OK)
		goto done;
	if (b->g2)
		apply_moved((sdt_groups *)(uintptr_t)b->g2, acc, d, b, j);
	else
		apply(g, acc, d, b, j);
done:
	sdt_free(ord);
	sdt_disclosure_free(d);
	return rc;
}

static _Thread_local const char *const *sort_vals;

static int cmp_vidx(const void *x, const void *y)
{
	return strcmp(sort_vals[*(const size_t *)x], sort_vals[*(const size_t *)y]);
}

/* The sorted values of attribute a, and each combination's value index. */
static int by_values(sdt_groups_by *by, const sdt_groupacc *acc, size_t a, long *vidx)
{
	size_t c, k, n = 0, *ord = NULL;
	const char **vals = sdt_calloc(acc->n_combo_ids + 1, sizeof *vals);
	int rc = SDT_OK;

	if (!vals || !(ord = sdt_calloc(acc->n_combo_ids + 1, sizeof *ord)) ||
	    !(by->attribute = sdt_strdup(acc->by[a]))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (c = 0; c < acc->n_combo_ids; c++) {
		const char *v = acc->combo_val[c * acc->n_by + a];

		for (k = 0; v && k < n && strcmp(vals[k], v) != 0; k++)
			;
		vidx[c * acc->n_by + a] = v ? (long)k : -1;
		if (v && k == n)
			vals[n++] = v;
	}
	for (k = 0; k < n; k++)
		ord[k] = k;
	sort_vals = vals;
	qsort(ord, n, sizeof *ord, cmp_vidx);
	sort_vals = NULL;
	by->values = sdt_calloc(n + 1, sizeof *by->values);
	for (k = 0; by->values && k < n; k++)
		if (!(by->values[k] = sdt_strdup(vals[ord[k]])))
			break;
	by->n_values = k;
	if (!by->values || k < n) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (k = 0; k < n; k++) /* rank of each first-seen index */
		vals[ord[k]] = (const char *)(uintptr_t)k;
	for (c = 0; c < acc->n_combo_ids; c++)
		if (vidx[c * acc->n_by + a] >= 0)
			vidx[c * acc->n_by + a] = (long)(uintptr_t)vals[vidx[c * acc->n_by + a]];
done:
	sdt_free(vals);
	sdt_free(ord);
	return rc;
}

static void free_by(sdt_groups_by *by, size_t n)
{
	size_t a, k;

	for (a = 0; by && a < n; a++) {
		for (k = 0; k < by[a].n_values; k++)
			sdt_free(by[a].values[k]);
		sdt_free(by[a].values);
		sdt_free(by[a].attribute);
		sdt_free(by[a].hidden);
	}
	sdt_free(by);
}

/* The attributes' values and cell offsets; g->by is made here unless it
 * was decided already (moved mode), when the values only index cells. */
static int setup_by(sdt_groups *g, const sdt_groupacc *acc, sysb *b)
{
	size_t a, off = 0;
	sdt_groups_by *by = g->by ? sdt_calloc(acc->n_by + 1, sizeof *by) : NULL;
	int rc = SDT_OK;

	b->G = g->n_groups;
	b->by_off = sdt_calloc(acc->n_by + 1, sizeof *b->by_off);
	b->vidx = sdt_calloc(acc->n_combo_ids * acc->n_by + 1, sizeof *b->vidx);
	if (!g->by && (g->by = sdt_calloc(acc->n_by + 1, sizeof *g->by)))
		by = g->by;
	if (!b->by_off || !b->vidx || !by) {
		rc = sdt_fail_nomem();
		goto done;
	}
	g->n_by = acc->n_by;
	for (a = 0; a < acc->n_by && rc == SDT_OK; a++) {
		if ((rc = by_values(&by[a], acc, a, b->vidx)) != SDT_OK)
			break;
		b->by_off[a] = off;
		off += by[a].n_values;
		by[a].hidden = sdt_calloc(g->n_groups * by[a].n_values * g->n_scales + 1, 1);
		if (!by[a].hidden)
			rc = sdt_fail_nomem();
	}
	b->base2 = b->G * (2 + off);
	b->n_cells = b->base2 + (b->g2 ? b->G2 : 0);
done:
	if (by && by != g->by)
		free_by(by, acc->n_by);
	return rc;
}

/* Scales are independent systems: each worker decides every n-th one
 * with buffers of its own (the cells each writes are its scales'). */
typedef struct scale_worker {
	sdt_groups *g;
	const sdt_groupacc *acc;
	const size_t *team_node;
	sysb b;            /* shared fields of the caller's; buffers its own */
	size_t first, step;
	int rc;
	char *msg;         /* the worker's message (messages are per thread) */
} scale_worker;

static void *scale_main(void *arg)
{
	scale_worker *w = arg;
	size_t j;

	for (j = w->first; j < w->g->n_scales && w->rc == SDT_OK; j += w->step)
		for (w->b.shares = 0; w->b.shares < (w->b.g2 ? 1 : 2) && w->rc == SDT_OK; w->b.shares++) {
			w->rc = decide_scale(w->g, w->acc, w->team_node, &w->b, j);
			sysb_free(&w->b);
			w->b.count = NULL, w->b.node = NULL, w->b.node2 = NULL, w->b.combo = NULL;
			w->b.start = NULL, w->b.fill = NULL, w->b.list = NULL;
		}
	if (w->rc != SDT_OK)
		w->msg = sdt_strdup(sdt_error_message());
	return NULL;
}

#define MAX_WORKERS 8

static int run_workers(sdt_groups *g, const sdt_groupacc *acc, const size_t *team_node,
                       const sysb *proto, size_t threads)
{
	scale_worker w[MAX_WORKERS];
	pthread_t tid[MAX_WORKERS];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t n = threads, k, started = 0;
	int rc = SDT_OK;

	/* small organisations gain nothing from threads */
	if (n == 0)
		n = g->n_groups >= 1000 && cores > 1 ? (size_t)cores : 1;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	if (n > g->n_scales)
		n = g->n_scales ? g->n_scales : 1;
	for (k = 0; k < n; k++)
		w[k] = (scale_worker){g, acc, team_node, *proto, k, n, SDT_OK, NULL};
	/* worker 0 is this thread; a thread that cannot start leaves its
	 * scales to a second pass here */
	for (k = 1; k < n; k++)
		if (pthread_create(&tid[k], NULL, scale_main, &w[k]) == 0)
			started |= (size_t)1 << k;
	scale_main(&w[0]);
	for (k = 1; k < n; k++) {
		if (started & ((size_t)1 << k))
			pthread_join(tid[k], NULL);
		else
			scale_main(&w[k]);
	}
	for (k = 0; k < n; k++) {
		if (rc == SDT_OK && w[k].rc != SDT_OK)
			rc = w[k].msg ? sdt_fail(w[k].rc, "%s", w[k].msg) : w[k].rc;
		sdt_free(w[k].msg);
	}
	return rc;
}

int sdt_groups_disclose(sdt_groups *g, const sdt_groupacc *acc, const size_t *team_node,
                        sdt_groups *g2, const size_t *team_node2, size_t threads)
{
	sysb b;
	int rc = SDT_OK;

	memset(&b, 0, sizeof b);
	b.g2 = g2;
	b.G2 = g2 ? g2->n_groups : 0;
	b.team_node2 = team_node2;
	if ((rc = setup_by(g, acc, &b)) == SDT_OK)
		rc = run_workers(g, acc, team_node, &b, threads);
	sysb_free(&b);
	sdt_free(b.by_off);
	sdt_free(b.vidx);
	return rc;
}

