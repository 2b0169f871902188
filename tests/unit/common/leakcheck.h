/*
 * leakcheck.h - an independent check of what published sums reveal, for
 * the unit tests: dense Gaussian elimination with partial pivoting over
 * the test's own record of who is in which cell. Nothing here comes from
 * the engine under test.
 */
#ifndef LEAKCHECK_H
#define LEAKCHECK_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LC_MAX_INNER 256
#define LC_MAX_ROWS 1024

typedef struct lc_system {
	size_t n;                         /* inner cells */
	size_t m;                         /* published rows */
	double rows[LC_MAX_ROWS][LC_MAX_INNER];
} lc_system;

/* Rank of the first m rows of a (copied), plus v when v != NULL. */
static size_t lc_rank(const lc_system *s, const double *v)
{
	static double a[LC_MAX_ROWS + 1][LC_MAX_INNER];
	size_t m = s->m + (v != NULL), r = 0, c, i, p, k;
	double f, best;

	memcpy(a, s->rows, s->m * sizeof a[0]);
	if (v)
		memcpy(a[s->m], v, sizeof a[0]);
	for (c = 0; c < s->n && r < m; c++) {
		for (p = r, best = 0.0, i = r; i < m; i++)
			if (fabs(a[i][c]) > best) {
				best = fabs(a[i][c]);
				p = i;
			}
		if (best < 1e-9)
			continue;
		for (k = 0; k < s->n; k++) {
			f = a[r][k];
			a[r][k] = a[p][k];
			a[p][k] = f;
		}
		for (i = r + 1; i < m; i++) {
			f = a[i][c] / a[r][c];
			for (k = c; k < s->n; k++)
				a[i][k] -= f * a[r][k];
		}
		r++;
	}
	return r;
}

/* 1 when v is a linear combination of the published rows. */
static int lc_in_span(const lc_system *s, const double *v)
{
	return lc_rank(s, v) == lc_rank(s, NULL);
}

#endif
