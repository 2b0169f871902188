/*
 * disclosure.c - secondary suppression by sparse Gaussian elimination.
 *
 * Cells are 0/1 vectors over the inner cells. The published cells are kept
 * as a basis in row-echelon form: basis vector b has a pivot coordinate
 * q_b, and every later basis vector is zero at q_b. Reducing a vector
 * against the basis in insertion order therefore leaves a canonical
 * remainder: two vectors have equal remainders exactly when their
 * difference is published. Each sensitive vector is kept reduced; a
 * candidate whose remainder is proportional to a sensitive remainder would
 * put that sensitive vector in the span, so it is hidden instead.
 *
 * Cost: a candidate costs the basis vectors its remainder touches, found
 * through pivot_of[] and a heap (pivots must be eliminated in insertion
 * order). Pivots are chosen where the fewest candidates still to come
 * have a non-zero, which keeps fill-in local in hierarchies.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sdt_disclosure.h"
#include "strmap.h"

#define TOL 1e-9

enum { ST_CAND = 0, ST_PRIMARY, ST_SHOWN, ST_PROTECT, ST_FORCED, ST_KNOWN };

typedef struct svec {
	size_t n;
	size_t *i;  /* ascending */
	double *v;
} svec;

typedef struct idlist {
	size_t n, cap;
	size_t *a;
} idlist;

struct sdt_disclosure {
	size_t n_inner;
	double *inner;   /* respondents per inner cell */
	double min;
	int ran;
	/* cells: several may share one column (the same inner cells) */
	size_t n_cells, cap_cells;
	size_t *cell_col;
	size_t *forced, n_forced, cap_forced; /* cells hidden by the caller */
	size_t *known, n_known, cap_known;    /* cells readers have already */
	int knowing;                          /* publishing the known cells */
	size_t n_cols, cap_cols;
	svec *col;       /* non-empty inner cells only, values 1 */
	double *col_n;
	unsigned char *state;
	sdt_strmap col_map; /* inner cells (the bytes of col[k].i) -> column */
	/* elimination */
	svec *basis;
	size_t *pivot;
	size_t n_basis;
	size_t *pivot_of;   /* inner -> basis + 1 */
	svec *sens;
	size_t n_sens, cap_sens;
	/* sets named by sdt_disclosure_protect, kept until the run */
	size_t n_extra, cap_extra;
	size_t **extra;
	size_t *extra_n;
	idlist *occ;        /* inner -> sensitive vectors non-zero there (may be stale) */
	idlist *first;      /* inner -> sensitive vectors whose first index it is (may be stale) */
	size_t *deg;        /* inner -> candidates still to come that contain it */
	double *acc;        /* dense scratch */
	size_t *seen;       /* inner -> stamp of the reduction that touched it */
	size_t *inheap;     /* basis -> stamp */
	size_t stamp;
	size_t *touched, n_touched;
	size_t *heap, n_heap;
};

static void svec_clear(svec *s)
{
	sdt_free(s->i);
	sdt_free(s->v);
	s->i = NULL;
	s->v = NULL;
	s->n = 0;
}

static int svec_alloc(svec *s, size_t n)
{
	s->n = n;
	s->i = sdt_calloc(n ? n : 1, sizeof *s->i);
	s->v = sdt_calloc(n ? n : 1, sizeof *s->v);
	if (!s->i || !s->v) {
		svec_clear(s);
		return sdt_fail_nomem();
	}
	return SDT_OK;
}

static int idlist_push(idlist *l, size_t x)
{
	size_t *a;

	if (l->n == l->cap) {
		if (!(a = sdt_reallocarray(l->a, l->cap ? l->cap * 2 : 4, sizeof *a)))
			return sdt_fail_nomem();
		l->a = a;
		l->cap = l->cap ? l->cap * 2 : 4;
	}
	l->a[l->n++] = x;
	return SDT_OK;
}

int sdt_disclosure_new(sdt_disclosure **out, size_t n_inner,
                       const double *inner_count, double min_group)
{
	sdt_disclosure *d;

	*out = NULL;
	if (!(d = sdt_calloc(1, sizeof *d)))
		return sdt_fail_nomem();
	d->n_inner = n_inner;
	d->min = min_group >= 1.0 ? min_group : 5.0;
	d->inner = sdt_calloc(n_inner + 1, sizeof *d->inner);
	if (!d->inner) {
		sdt_disclosure_free(d);
		return sdt_fail_nomem();
	}
	if (n_inner)
		memcpy(d->inner, inner_count, n_inner * sizeof *d->inner);
	*out = d;
	return SDT_OK;
}

static void free_lists(idlist *l, size_t n)
{
	size_t k;

	for (k = 0; l && k < n; k++)
		sdt_free(l[k].a);
	sdt_free(l);
}

void sdt_disclosure_free(sdt_disclosure *d)
{
	size_t k;

	if (!d)
		return;
	for (k = 0; k < d->n_cols; k++)
		svec_clear(&d->col[k]);
	for (k = 0; k < d->n_basis; k++)
		svec_clear(&d->basis[k]);
	for (k = 0; k < d->n_sens; k++)
		svec_clear(&d->sens[k]);
	for (k = 0; k < d->n_extra; k++)
		sdt_free(d->extra[k]);
	sdt_free(d->extra);
	sdt_free(d->extra_n);
	free_lists(d->occ, d->n_inner);
	free_lists(d->first, d->n_inner);
	sdt_strmap_clear(&d->col_map);
	SDT_FREE_ALL(d->inner, d->cell_col, d->forced, d->known, d->col, d->col_n, d->state,
	             d->basis, d->pivot, d->pivot_of, d->sens, d->deg, d->acc, d->seen,
	             d->inheap, d->touched, d->heap, d);
}

static void swap_idx(size_t *a, size_t i, size_t j)
{
	size_t t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/* Heap sort of a[0..n): the quicksort's way out of a bad pivot run. */
static void heap_sort_idx(size_t *a, size_t n)
{
	size_t i, r, c, end;

	for (i = n / 2; i-- > 0;)
		for (r = i; (c = 2 * r + 1) < n; r = c) {
			if (c + 1 < n && a[c + 1] > a[c])
				c++;
			if (a[r] >= a[c])
				break;
			swap_idx(a, r, c);
		}
	for (end = n; end-- > 1;) {
		swap_idx(a, 0, end);
		for (r = 0; (c = 2 * r + 1) < end; r = c) {
			if (c + 1 < end && a[c + 1] > a[c])
				c++;
			if (a[r] >= a[c])
				break;
			swap_idx(a, r, c);
		}
	}
}

/* Sort a[0..n) ascending; the callers' lists mostly come sorted already.
 * A quicksort on the indexes themselves (median of three, insertion sort
 * below 16, heap sort past a depth limit): qsort's comparator calls and
 * merge buffer were a tenth of a 10 000-team report. */
static void sort_idx(size_t *a, size_t n)
{
	size_t k, i, j, m, x, depth = 0;

	for (k = 1; k < n && a[k - 1] <= a[k]; k++)
		;
	if (k >= n)
		return;
	for (k = n; k > 1; k >>= 1)
		depth += 2;
	while (n > 16) {
		if (depth-- == 0) {
			heap_sort_idx(a, n);
			return;
		}
		m = n / 2;
		if (a[m] < a[0])
			swap_idx(a, m, 0);
		if (a[n - 1] < a[0])
			swap_idx(a, n - 1, 0);
		if (a[n - 1] < a[m])
			swap_idx(a, n - 1, m);
		x = a[m];
		for (i = 0, j = n - 1;;) {
			while (a[i] < x)
				i++;
			while (a[j] > x)
				j--;
			if (i >= j)
				break;
			swap_idx(a, i++, j--);
		}
		/* recurse into the smaller part, loop on the larger */
		if (j + 1 < n - j - 1) {
			sort_idx(a, j + 1);
			a += j + 1;
			n -= j + 1;
		} else {
			sort_idx(a + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (i = 1; i < n; i++)
		for (x = a[i], j = i; j > 0 && a[j - 1] > x; j--) {
			a[j] = a[j - 1];
			a[j - 1] = x;
		}
}

/* 1 when column k has the inner cells key[0 .. len bytes) (sdt_strmap_same). */
static int col_same(const void *ctx, size_t k, const void *key, size_t len)
{
	const svec *c = &((const sdt_disclosure *)ctx)->col[k];

	return c->n * sizeof *c->i == len && (len == 0 || memcmp(c->i, key, len) == 0);
}

/* The column over idx[0..n) (sorted, unique, non-empty inner cells), new
 * when no column has the same inner cells. Takes idx when it makes one. */
static int find_col(sdt_disclosure *d, size_t **idx, size_t n, size_t *col)
{
	size_t bytes = n * sizeof **idx, k, cap;
	sdt_strmap_pos pos;
	void *p;
	int rc;

	if ((rc = sdt_strmap_reserve(&d->col_map, 1)) != SDT_OK)
		return rc;
	k = sdt_strmap_find(&d->col_map, sdt_strmap_hash(*idx, bytes), *idx, bytes, col_same, d,
	                    &pos);
	if (k != SIZE_MAX) {
		*col = k;
		return SDT_OK;
	}
	if (d->n_cols == d->cap_cols) {
		cap = d->cap_cols ? d->cap_cols * 2 : 64;
		if (!(p = sdt_reallocarray(d->col, cap, sizeof *d->col)))
			return sdt_fail_nomem();
		d->col = p;
		d->cap_cols = cap;
	}
	k = d->n_cols;
	d->col[k].n = n;
	d->col[k].i = *idx;
	d->col[k].v = NULL; /* all ones, expanded when run */
	*idx = NULL;
	sdt_strmap_add(&d->col_map, &pos, k);
	d->n_cols++;
	*col = k;
	return SDT_OK;
}

/* *out = inner[0 .. n) checked, without empty inner cells, sorted and
 * unique (caller frees); *m its length, *total its respondents. */
static int clean_set(const sdt_disclosure *d, const size_t *inner, size_t n,
                     size_t **out, size_t *m, double *total)
{
	size_t *idx, k, c = 0;

	*out = NULL;
	*total = 0.0;
	if (d->ran)
		return sdt_fail(SDT_EUSAGE, "disclosure: cells or sets added after the run");
	if (!(idx = sdt_calloc(n ? n : 1, sizeof *idx)))
		return sdt_fail_nomem();
	for (k = 0; k < n; k++) {
		if (inner[k] >= d->n_inner) {
			sdt_free(idx);
			return sdt_fail(SDT_EUSAGE, "disclosure: inner cell %zu of %zu", inner[k], d->n_inner);
		}
		if (d->inner[inner[k]] > 0.0) /* an empty inner cell is known: 0 */
			idx[c++] = inner[k];
	}
	sort_idx(idx, c);
	for (k = 1, n = c, c = c ? 1 : 0; k < n; k++)
		if (idx[k] != idx[c - 1])
			idx[c++] = idx[k];
	for (k = 0; k < c; k++)
		*total += d->inner[idx[k]];
	*out = idx;
	*m = c;
	return SDT_OK;
}

int sdt_disclosure_add(sdt_disclosure *d, const size_t *inner, size_t n, size_t *id)
{
	size_t *idx = NULL, m = 0, col = 0, *cc;
	double total;
	int rc;

	if ((rc = clean_set(d, inner, n, &idx, &m, &total)) != SDT_OK)
		return rc;
	if (d->n_cells == d->cap_cells) {
		if (!(cc = sdt_reallocarray(d->cell_col, d->cap_cells ? d->cap_cells * 2 : 64, sizeof *cc))) {
			rc = sdt_fail_nomem();
			goto done;
		}
		d->cell_col = cc;
		d->cap_cells = d->cap_cells ? d->cap_cells * 2 : 64;
	}
	if ((rc = find_col(d, &idx, m, &col)) != SDT_OK)
		goto done;
	d->cell_col[d->n_cells] = col;
	*id = d->n_cells++;
done:
	sdt_free(idx);
	return rc;
}

int sdt_disclosure_protect(sdt_disclosure *d, const size_t *inner, size_t n)
{
	size_t *idx = NULL, m = 0, cap;
	double total;
	void *p;
	int rc;

	if ((rc = clean_set(d, inner, n, &idx, &m, &total)) != SDT_OK)
		return rc;
	if (total <= 0.0 || total >= d->min)
		goto done;
	if (d->n_extra == d->cap_extra) {
		cap = d->cap_extra ? d->cap_extra * 2 : 16;
		if (!(p = sdt_reallocarray(d->extra, cap, sizeof *d->extra))) {
			rc = sdt_fail_nomem();
			goto done;
		}
		d->extra = p;
		if (!(p = sdt_reallocarray(d->extra_n, cap, sizeof *d->extra_n))) {
			rc = sdt_fail_nomem();
			goto done;
		}
		d->extra_n = p;
		d->cap_extra = cap;
	}
	d->extra[d->n_extra] = idx;
	d->extra_n[d->n_extra++] = m;
	idx = NULL;
done:
	sdt_free(idx);
	return rc;
}

static int push_id(size_t **a, size_t *n, size_t *cap, size_t id)
{
	size_t *f;

	if (*n == *cap) {
		if (!(f = sdt_reallocarray(*a, *cap * 2 + 8, sizeof *f)))
			return sdt_fail_nomem();
		*a = f;
		*cap = *cap * 2 + 8;
	}
	(*a)[(*n)++] = id;
	return SDT_OK;
}

int sdt_disclosure_hide(sdt_disclosure *d, size_t id)
{
	if (d->ran || id >= d->n_cells)
		return sdt_fail(SDT_EUSAGE, "disclosure: cannot hide cell %zu", id);
	return push_id(&d->forced, &d->n_forced, &d->cap_forced, id);
}

int sdt_disclosure_publish(sdt_disclosure *d, size_t id)
{
	if (d->ran || id >= d->n_cells)
		return sdt_fail(SDT_EUSAGE, "disclosure: cannot publish cell %zu", id);
	return push_id(&d->known, &d->n_known, &d->cap_known, id);
}

/* ---- the reduction --------------------------------------------------- */

static void heap_push(sdt_disclosure *d, size_t b)
{
	size_t k = d->n_heap++, p;

	d->heap[k] = b;
	while (k > 0 && d->heap[p = (k - 1) / 2] > d->heap[k]) {
		d->heap[k] = d->heap[p];
		d->heap[p] = b;
		k = p;
	}
}

static size_t heap_pop(sdt_disclosure *d)
{
	size_t top = d->heap[0], k = 0, c, x;

	x = d->heap[--d->n_heap];
	for (;;) {
		c = 2 * k + 1;
		if (c >= d->n_heap)
			break;
		if (c + 1 < d->n_heap && d->heap[c + 1] < d->heap[c])
			c++;
		if (d->heap[c] >= x)
			break;
		d->heap[k] = d->heap[c];
		k = c;
	}
	if (d->n_heap)
		d->heap[k] = x;
	return top;
}

static void touch(sdt_disclosure *d, size_t i)
{
	size_t b;

	if (d->seen[i] == d->stamp)
		return;
	d->seen[i] = d->stamp;
	d->acc[i] = 0.0;
	d->touched[d->n_touched++] = i;
	if (d->pivot_of[i] && d->inheap[b = d->pivot_of[i] - 1] != d->stamp) {
		d->inheap[b] = d->stamp;
		heap_push(d, b);
	}
}

static double value_at(const svec *s, size_t i)
{
	size_t lo = 0, hi = s->n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (s->i[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->i[lo] == i ? s->v[lo] : 0.0;
}

/* out = v reduced against the basis (canonical remainder). */
static int reduce(sdt_disclosure *d, const svec *v, svec *out)
{
	size_t k, b, m = 0;
	double f;
	const svec *bv;

	d->stamp++;
	d->n_touched = 0;
	d->n_heap = 0;
	for (k = 0; k < v->n; k++) {
		touch(d, v->i[k]);
		d->acc[v->i[k]] = v->v ? v->v[k] : 1.0;
	}
	while (d->n_heap) {
		b = heap_pop(d);
		bv = &d->basis[b];
		f = d->acc[d->pivot[b]];
		if (fabs(f) <= TOL)
			continue;
		f /= value_at(bv, d->pivot[b]);
		for (k = 0; k < bv->n; k++) {
			touch(d, bv->i[k]);
			d->acc[bv->i[k]] -= f * bv->v[k];
		}
		d->acc[d->pivot[b]] = 0.0;
	}
	sort_idx(d->touched, d->n_touched);
	for (k = 0; k < d->n_touched; k++)
		m += fabs(d->acc[d->touched[k]]) > TOL;
	if (svec_alloc(out, m) != SDT_OK)
		return SDT_ENOMEM;
	for (k = 0, m = 0; k < d->n_touched; k++)
		if (fabs(d->acc[d->touched[k]]) > TOL) {
			out->i[m] = d->touched[k];
			out->v[m++] = d->acc[d->touched[k]];
		}
	return SDT_OK;
}

static int proportional(const svec *a, const svec *b)
{
	size_t k;
	double r;

	if (a->n != b->n || a->n == 0 || memcmp(a->i, b->i, a->n * sizeof *a->i) != 0)
		return 0;
	r = a->v[0] / b->v[0];
	for (k = 0; k < a->n; k++)
		if (fabs(a->v[k] - r * b->v[k]) > TOL * (1.0 + fabs(a->v[k])))
			return 0;
	return 1;
}

/* 1 when publishing remainder c would make a sensitive vector published. */
static int exposes(const sdt_disclosure *d, const svec *c)
{
	const idlist *l = &d->first[c->i[0]];
	size_t k;

	for (k = 0; k < l->n; k++)
		if (d->sens[l->a[k]].n && d->sens[l->a[k]].i[0] == c->i[0] &&
		    proportional(&d->sens[l->a[k]], c))
			return 1;
	return 0;
}

/* s -= f * c, keeping occ[] and first[] indexes current. */
static int axpy(sdt_disclosure *d, size_t sid, double f, const svec *c)
{
	svec *s = &d->sens[sid], r;
	size_t a = 0, b = 0, m = 0, old_first = s->n ? s->i[0] : (size_t)-1;
	double x;
	int rc;

	if ((rc = svec_alloc(&r, s->n + c->n)) != SDT_OK)
		return rc;
	while (a < s->n || b < c->n) {
		if (b >= c->n || (a < s->n && s->i[a] < c->i[b])) {
			r.i[m] = s->i[a];
			r.v[m++] = s->v[a++];
			continue;
		}
		x = -f * c->v[b];
		if (a < s->n && s->i[a] == c->i[b])
			x += s->v[a++];
		else if ((rc = idlist_push(&d->occ[c->i[b]], sid)) != SDT_OK)
			goto fail;
		if (fabs(x) > TOL) {
			r.i[m] = c->i[b];
			r.v[m++] = x;
		}
		b++;
	}
	r.n = m;
	svec_clear(s);
	*s = r;
	if (m == 0 && d->knowing)
		return SDT_OK; /* already given away by what readers have: beyond help */
	if (m == 0)
		return sdt_fail(SDT_EINTERNAL, "disclosure: a sensitive cell was published");
	if (s->i[0] != old_first)
		return idlist_push(&d->first[s->i[0]], sid);
	return SDT_OK;
fail:
	svec_clear(&r);
	return rc;
}

/* Publish remainder c (taken): choose its pivot and reduce the sensitive
 * vectors that are non-zero there. */
static int commit(sdt_disclosure *d, svec *c)
{
	size_t k, q = 0, best = (size_t)-1, sid, b = d->n_basis;
	idlist *l;
	double f;
	int rc;

	/* Every sensitive vector non-zero at the pivot takes a multiple of c,
	 * and every later candidate there does too: choose where fewest are. */
	for (k = 0; k < c->n; k++) {
		size_t cost = d->occ[c->i[k]].n * 64 + d->deg[c->i[k]];

		if (cost < best || (cost == best && fabs(c->v[k]) > fabs(value_at(c, q)))) {
			best = cost;
			q = c->i[k];
		}
	}
	d->basis[b] = *c;
	d->pivot[b] = q;
	d->pivot_of[q] = b + 1;
	d->n_basis++;
	c->i = NULL;
	c->v = NULL;
	l = &d->occ[q];
	for (k = 0; k < l->n; k++) {
		sid = l->a[k];
		if ((f = value_at(&d->sens[sid], q)) == 0.0)
			continue; /* stale */
		f /= value_at(&d->basis[b], q);
		if ((rc = axpy(d, sid, f, &d->basis[b])) != SDT_OK)
			return rc;
	}
	l->n = 0;
	return SDT_OK;
}

/* ---- setting up ------------------------------------------------------- */

static int add_sensitive(sdt_disclosure *d, const size_t *idx, size_t n)
{
	svec *s;
	size_t k, id;
	void *p;
	int rc;

	if (d->n_sens == d->cap_sens) {
		if (!(p = sdt_reallocarray(d->sens, d->cap_sens ? d->cap_sens * 2 : 64, sizeof *d->sens)))
			return sdt_fail_nomem();
		d->sens = p;
		d->cap_sens = d->cap_sens ? d->cap_sens * 2 : 64;
	}
	id = d->n_sens;
	s = &d->sens[id];
	if ((rc = svec_alloc(s, n)) != SDT_OK)
		return rc;
	d->n_sens++;
	for (k = 0; k < n; k++) {
		s->i[k] = idx[k];
		s->v[k] = 1.0;
		if ((rc = idlist_push(&d->occ[idx[k]], id)) != SDT_OK)
			return rc;
	}
	return idlist_push(&d->first[idx[0]], id);
}

/* Primary cells, small inner cells, and per column the union of its small
 * inner cells when that union is itself small. */
static int sensitive_vectors(sdt_disclosure *d, size_t *scratch)
{
	size_t c, k, m;
	double small;
	int rc;

	for (k = 0; k < d->n_inner; k++)
		if (d->inner[k] > 0.0 && d->inner[k] < d->min &&
		    (rc = add_sensitive(d, &k, 1)) != SDT_OK)
			return rc;
	for (k = 0; k < d->n_extra; k++)
		if (d->extra_n[k] > 1 && (rc = add_sensitive(d, d->extra[k], d->extra_n[k])) != SDT_OK)
			return rc;
	for (c = 0; c < d->n_cols; c++) {
		if (d->state[c] == ST_PRIMARY || d->state[c] == ST_FORCED) {
			if ((rc = add_sensitive(d, d->col[c].i, d->col[c].n)) != SDT_OK)
				return rc;
			continue;
		}
		for (k = 0, m = 0, small = 0.0; k < d->col[c].n; k++)
			if (d->inner[d->col[c].i[k]] < d->min) {
				scratch[m++] = d->col[c].i[k];
				small += d->inner[d->col[c].i[k]];
			}
		if (m >= 2 && small < d->min && (rc = add_sensitive(d, scratch, m)) != SDT_OK)
			return rc;
	}
	return SDT_OK;
}

static _Thread_local const sdt_disclosure *sort_ctx;

static int cmp_candidate(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	double nx = sort_ctx->col_n[x], ny = sort_ctx->col_n[y];

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return (x > y) - (x < y);
}

static int setup(sdt_disclosure *d, size_t **order, size_t *n_order)
{
	size_t c, k, n = d->n_inner ? d->n_inner : 1, m = 0;
	int rc;

	d->col_n = sdt_calloc(d->n_cols + 1, sizeof *d->col_n);
	d->state = sdt_calloc(d->n_cols + 1, sizeof *d->state);
	d->basis = sdt_calloc(d->n_cols + 1, sizeof *d->basis);
	d->pivot = sdt_calloc(d->n_cols + 1, sizeof *d->pivot);
	d->inheap = sdt_calloc(d->n_cols + 1, sizeof *d->inheap);
	d->heap = sdt_calloc(d->n_cols + 1, sizeof *d->heap);
	d->pivot_of = sdt_calloc(n, sizeof *d->pivot_of);
	d->occ = sdt_calloc(n, sizeof *d->occ);
	d->first = sdt_calloc(n, sizeof *d->first);
	d->deg = sdt_calloc(n, sizeof *d->deg);
	d->acc = sdt_calloc(n, sizeof *d->acc);
	d->seen = sdt_calloc(n, sizeof *d->seen);
	d->touched = sdt_calloc(n, sizeof *d->touched);
	*order = sdt_calloc(d->n_cols + 1, sizeof **order);
	if (d->col_n && d->state) {
		for (k = 0; k < d->n_forced; k++)
			d->state[d->cell_col[d->forced[k]]] = ST_FORCED;
		for (k = 0; k < d->n_known; k++)
			d->state[d->cell_col[d->known[k]]] = ST_KNOWN;
	}
	if (!d->col_n || !d->state || !d->basis || !d->pivot || !d->inheap || !d->heap ||
	    !d->pivot_of || !d->occ || !d->first || !d->deg || !d->acc || !d->seen ||
	    !d->touched || !*order)
		return sdt_fail_nomem();
	for (c = 0; c < d->n_cols; c++) {
		for (k = 0; k < d->col[c].n; k++)
			d->col_n[c] += d->inner[d->col[c].i[k]];
		if (d->col_n[c] <= 0.0) {
			d->state[c] = ST_SHOWN; /* known to be empty */
		} else if (d->col_n[c] < d->min) {
			d->state[c] = ST_PRIMARY;
		} else if (d->state[c] == ST_FORCED || d->state[c] == ST_KNOWN) {
			continue;
		} else {
			(*order)[m++] = c;
			for (k = 0; k < d->col[c].n; k++)
				d->deg[d->col[c].i[k]]++;
		}
	}
	if ((rc = sensitive_vectors(d, d->touched)) != SDT_OK)
		return rc;
	sort_ctx = d;
	qsort(*order, m, sizeof **order, cmp_candidate);
	sort_ctx = NULL;
	*n_order = m;
	return SDT_OK;
}

int sdt_disclosure_run(sdt_disclosure *d)
{
	size_t *order = NULL, n_order = 0, k, j, c;
	svec r = {0, NULL, NULL};
	int rc;

	if (d->ran)
		return sdt_fail(SDT_EUSAGE, "disclosure: the system was already decided");
	d->ran = 1;
	if ((rc = setup(d, &order, &n_order)) != SDT_OK)
		goto done;
	/* What readers have already goes first, unchecked. */
	d->knowing = 1;
	for (c = 0; c < d->n_cols; c++) {
		if (d->state[c] != ST_KNOWN)
			continue;
		if ((rc = reduce(d, &d->col[c], &r)) != SDT_OK)
			goto done;
		if (r.n && (rc = commit(d, &r)) != SDT_OK)
			goto done;
		svec_clear(&r);
	}
	d->knowing = 0;
	for (k = 0; k < n_order; k++) {
		c = order[k];
		for (j = 0; j < d->col[c].n; j++)
			d->deg[d->col[c].i[j]]--;
		if ((rc = reduce(d, &d->col[c], &r)) != SDT_OK)
			goto done;
		if (r.n == 0) {
			d->state[c] = ST_SHOWN; /* adds nothing a reader did not have */
		} else if (exposes(d, &r)) {
			d->state[c] = ST_PROTECT;
		} else {
			d->state[c] = ST_SHOWN;
			if ((rc = commit(d, &r)) != SDT_OK)
				goto done;
		}
		svec_clear(&r);
	}
done:
	svec_clear(&r);
	sdt_free(order);
	return rc;
}

sdt_hidden sdt_disclosure_result(const sdt_disclosure *d, size_t id)
{
	switch (d->state[d->cell_col[id]]) {
	case ST_PRIMARY:
		return SDT_HIDDEN_MIN_GROUP;
	case ST_PROTECT:
	case ST_FORCED:
		return SDT_HIDDEN_PROTECTION;
	default:
		return SDT_SHOWN;
	}
}

double sdt_disclosure_count(const sdt_disclosure *d, size_t id)
{
	size_t c = d->cell_col[id], k;
	double n = 0.0;

	for (k = 0; k < d->col[c].n; k++)
		n += d->inner[d->col[c].i[k]];
	return n;
}
