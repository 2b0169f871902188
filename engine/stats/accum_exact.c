/*
 * accum_exact.c - the accumulator's exact arithmetic: denominators that
 * make scale scores whole numbers, the numerators of a row, and the
 * doubles derived from exact sums (the only floating point between
 * answers and figures). It reads an accumulator's layout but calls
 * nothing of accum.c, which settles the whole accumulator with it.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"

long double sdt_wide_comoment(sdt_wide n, sdt_wide sx, sdt_wide sy, sdt_wide sxy)
{
	sdt_wide qx, rx, qy, ry, whole;

	if (n <= 0)
		return 0.0L;
	/* sx sy / n = qx qy n + qx ry + qy rx + rx ry / n, with every product
	 * inside 127 bits for values and rows within the SDT_EXACT bounds */
	qx = sx / n;
	rx = sx % n;
	qy = sy / n;
	ry = sy % n;
	whole = sxy - qx * qy * n - qx * ry - qy * rx;
	return (long double)whole - (long double)(rx * ry) / (long double)n;
}

double sdt_wide_mean(sdt_wide n, sdt_wide s, double den)
{
	if (n <= 0)
		return 0.0;
	return (double)(((long double)(s / n) + (long double)(s % n) / (long double)n)
	                / (long double)den);
}

sdt_mom sdt_xmom_get(const sdt_xmom *m, double den)
{
	sdt_mom r = {0.0, 0.0, 0.0};

	if (m->n <= 0)
		return r;
	r.n = (double)m->n;
	r.mean = sdt_wide_mean(m->n, m->s1, den);
	r.m2 = (double)(sdt_wide_comoment(m->n, m->s1, m->s1, m->s2)
	                / ((long double)den * (long double)den));
	return r;
}

void sdt_xmv_add(sdt_wide *x, size_t k, const int64_t *v)
{
	sdt_wide *p = x + 1 + k;
	size_t i, j;

	x[0] += 1;
	for (i = 0; i < k; i++) {
		x[1 + i] += v[i];
		for (j = i; j < k; j++)
			p[i * k + j] += (sdt_wide)v[i] * v[j];
	}
}

void sdt_xmv_get(const sdt_wide *x, size_t k, const double *den, double *out)
{
	const sdt_wide *p = x + 1 + k;
	double *c = out + 1 + k;
	size_t i, j;

	memset(out, 0, (1 + k + k * k) * sizeof *out);
	if (x[0] <= 0)
		return;
	out[0] = (double)x[0];
	for (i = 0; i < k; i++)
		out[1 + i] = sdt_wide_mean(x[0], x[1 + i], den[i]);
	for (i = 0; i < k; i++) {
		for (j = i; j < k; j++) {
			c[i * k + j] = (double)(sdt_wide_comoment(x[0], x[1 + i], x[1 + j], p[i * k + j])
			                        / ((long double)den[i] * (long double)den[j]));
			c[j * k + i] = c[i * k + j];
		}
	}
}

static int64_t gcd64(int64_t a, int64_t b)
{
	int64_t t;

	while (b) {
		t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* lcm(a, b), or 0 when it would pass `max`. */
static int64_t lcm_max(int64_t a, int64_t b, int64_t max)
{
	int64_t f = b / gcd64(a, b);

	return a > max / f ? 0 : a * f;
}

/* The largest power of two den with range * den <= SDT_EXACT_VALUE_MAX. */
static int64_t pow2_den(int64_t range)
{
	int64_t d = 1;

	while (range * 2 * d <= SDT_EXACT_VALUE_MAX)
		d *= 2;
	return d;
}

/* Scale s: den = lcm of the answered counts that give a score, when
 * (hi - lo) den fits the bound; score_mul[k] = den / k. */
static void scale_den(sdt_accum *a, size_t s, int64_t range)
{
	size_t k = a->scale_off[s + 1] - a->scale_off[s], m, j;
	int64_t *mul = a->score_mul + a->scale_off[s] + s, d = 1;

	m = sdt_instrument_scale_min_answered(a->ins, s);
	if (m < 1)
		m = 1;
	for (j = m; j <= k && d; j++)
		d = lcm_max(d, (int64_t)j, SDT_EXACT_VALUE_MAX / range);
	a->exact_scale[s] = d != 0;
	a->den_scale[s] = d ? d : pow2_den(range);
	for (j = 1; j <= k; j++)
		mul[j] = d ? d / (int64_t)j : 0;
	a->den_sc[s] = (double)a->den_scale[s];
}

/* Composite c: exact when its weights are equal and its scales exact
 * (the mean of m numerators over den = m lcm(scale dens)). */
static void comp_den(sdt_accum *a, size_t c, int64_t range)
{
	size_t m = sdt_instrument_composite_scale_count(a->ins, c), j, sj;
	int64_t d = 1, *mul = a->comp_mul + a->comp_off[c];
	double w0 = m ? sdt_instrument_composite_weight(a->ins, c, 0) : 0.0;

	for (j = 0; j < m && d; j++) {
		sj = sdt_instrument_composite_scale(a->ins, c, j);
		if (!a->exact_scale[sj] || sdt_instrument_composite_weight(a->ins, c, j) != w0)
			d = 0;
		else
			d = lcm_max(d, a->den_scale[sj], SDT_EXACT_VALUE_MAX / range);
	}
	if (d && m)
		d = d <= SDT_EXACT_VALUE_MAX / range / (int64_t)m ? d * (int64_t)m : 0;
	a->exact_comp[c] = d != 0 && m != 0;
	a->den_comp[c] = a->exact_comp[c] ? d : pow2_den(range);
	for (j = 0; j < m; j++) {
		sj = sdt_instrument_composite_scale(a->ins, c, j);
		mul[j] = a->exact_comp[c] ? d / ((int64_t)m * a->den_scale[sj]) : 0;
	}
}

int sdt_accum_dens(sdt_accum *a)
{
	size_t s, c, tot = 0;
	int64_t range = (int64_t)(a->hi - a->lo) > 0 ? (int64_t)(a->hi - a->lo) : 1;

	a->den_scale = sdt_calloc(a->n_scales + 1, sizeof *a->den_scale);
	a->exact_scale = sdt_calloc(a->n_scales + 1, 1);
	a->den_sc = sdt_calloc(a->n_scales + 1, sizeof *a->den_sc);
	a->score_mul = sdt_calloc(a->scale_off[a->n_scales] + a->n_scales + 1,
	                          sizeof *a->score_mul);
	a->comp_off = sdt_calloc(a->n_comp + 1, sizeof *a->comp_off);
	for (c = 0; a->comp_off && c < a->n_comp; c++) {
		a->comp_off[c] = tot;
		tot += sdt_instrument_composite_scale_count(a->ins, c);
	}
	a->comp_mul = sdt_calloc(tot + 1, sizeof *a->comp_mul);
	a->den_comp = sdt_calloc(a->n_comp + 1, sizeof *a->den_comp);
	a->exact_comp = sdt_calloc(a->n_comp + 1, 1);
	if (!a->den_scale || !a->exact_scale || !a->den_sc || !a->score_mul || !a->comp_off
	    || !a->comp_mul || !a->den_comp || !a->exact_comp)
		return sdt_fail_nomem();
	for (s = 0; s < a->n_scales; s++)
		scale_den(a, s, range);
	for (c = 0; c < a->n_comp; c++)
		comp_den(a, c, range);
	/* the slot after the scales: an outcome item's answer, a whole number
	 * (the outcome blocks' last variable) */
	a->den_sc[a->n_scales] = 1.0;
	return SDT_OK;
}

void sdt_accum_dens_free(sdt_accum *a)
{
	SDT_FREE_ALL(a->den_scale, a->exact_scale, a->den_sc, a->score_mul, a->comp_off,
	             a->comp_mul, a->den_comp, a->exact_comp);
}

/* Scale s's score of a row with `got` answers summing to `sum` (relative
 * to lo), as its numerator over den_scale[s]. */
int64_t sdt_accum_score_num(const sdt_accum *a, size_t s, int64_t sum, size_t got)
{
	int64_t mul = a->score_mul[a->scale_off[s] + s + got];

	if (mul)
		return sum * mul;
	/* rounded half up: the same integer whatever the split of the rows */
	return (2 * sum * a->den_scale[s] + (int64_t)got) / (2 * (int64_t)got);
}

/* Composite c of a scored row (xs: its scale numerators). */
int64_t sdt_accum_comp_num(const sdt_accum *a, size_t c, double value, const int64_t *xs)
{
	size_t m = sdt_instrument_composite_scale_count(a->ins, c), j;
	const int64_t *mul = a->comp_mul + a->comp_off[c];
	int64_t sum = 0;
	double x;

	if (a->exact_comp[c]) {
		for (j = 0; j < m; j++)
			sum += mul[j] * xs[sdt_instrument_composite_scale(a->ins, c, j)];
		return sum;
	}
	x = nearbyint((value - a->lo) * (double)a->den_comp[c]);
	return x > 0.0 ? (int64_t)x : 0;
}
