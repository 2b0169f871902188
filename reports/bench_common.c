/*
 * bench_common.c - what the benchmark workbook's sheets share: ranking
 * order, figures as an anonymised package shows them, scale names. Below
 * benchmark.c and every bench_*.c sheet.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_sheets.h"
#include "rep_engine.h"

/* Higher x first, NAN last; 0 when equal. */
static int cmp_key(double x, double y)
{
	if (isnan(x) != isnan(y))
		return isnan(x) ? 1 : -1;
	if (!isnan(x) && x != y)
		return x > y ? -1 : 1;
	return 0;
}

/* Higher first; unmeasured or hidden last; ties in the order added. */
static int cmp_ranked(const void *pa, const void *pb)
{
	const bm_ranked *a = pa, *b = pb;
	int c = cmp_key(a->key, b->key);

	if (!c)
		c = cmp_key(a->key2, b->key2);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

void bm_sort(bm_ranked *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_ranked);
}

size_t bm_order_scale(bm *m, const sdt_benchmark_unit *u, size_t n, size_t s)
{
	size_t i, with_mean = 0;

	for (i = 0; i < n; i++) {
		m->tmp[i].key = bm_shown(m, u[i].cells[s].mean, 0.01);
		m->tmp[i].key2 = u[i].cells[s].percentile;
		m->tmp[i].idx = i;
		with_mean += isnan(m->tmp[i].key) ? 0 : 1;
	}
	bm_sort(m->tmp, n);
	return with_mean;
}

int bm_anonymised(const bm *m, size_t org)
{
	return m->in->focus >= 0 && (size_t)m->in->focus != org;
}

/* In an anonymised package a figure is stored as shown (`unit`: 0.01 for
 * means, 1 for percentiles), not only formatted so: the full double of a
 * mean is a fraction k / (items x n) whose denominator gives n back. */
double bm_shown(const bm *m, double x, double unit)
{
	return m->in->focus >= 0 && isfinite(x) ? round(x / unit) * unit : x;
}

void bm_scale_name(const bm *m, size_t s, char *buf, size_t size)
{
	const sdt_benchmark_scale *sc = &m->b->scales[s];
	const char *label = sdt_instrument_scale_label(sc->ins, sc->index, m->r.lang);
	const char *args[1];
	char tmp[256];

	if (!label || !*label)
		label = sdt_instrument_scale_id(sc->ins, sc->index);
	if (m->several_instruments)
		snprintf(tmp, sizeof tmp, "%s (%s)", label, sdt_instrument_id(sc->ins));
	else
		snprintf(tmp, sizeof tmp, "%s", label);
	args[0] = tmp;
	if (sdt_instrument_scale_valence(sc->ins, sc->index) == SDT_VALENCE_FRUSTRATION)
		sdt_i18n_format(buf, size, m->r.lang, M_BM_LOWER_BETTER, args, 1);
	else
		snprintf(buf, size, "%s", tmp);
}
