/*
 * careless_mahad.c - Mahalanobis D^2 of each response against the whole
 * sample (careless::mahad, which is psych::outlier): pairwise complete
 * covariance of the items, its inverse, and a quadratic form over the
 * answered items.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "internal.h"
#include "sdt_careless.h"

/* One pair of items over the responses that answered both (R's
 * cov(use = "pairwise") uses each pair's own means). */
typedef struct mpair {
	double n, mi, mj, c;
} mpair;

struct sdt_careless_mahad {
	const sdt_instrument *ins;
	size_t k;      /* rating items: an outcome's own range and a comment's
	                  text are not part of the answer pattern */
	size_t *item;  /* k: the instrument's index of each */
	mpair *pairs;  /* k * k, row-major; [i][i] gives item i's mean */
	double *inv;   /* k * k after _finish */
	double *mean;  /* k: each item's mean over its answers */
	double cutoff;
	int ready;
};

int sdt_careless_mahad_new(sdt_careless_mahad **out, const sdt_instrument *ins)
{
	sdt_careless_mahad *m = sdt_calloc(1, sizeof *m);
	size_t i, n = sdt_instrument_item_count(ins), k = 0;

	*out = NULL;
	if (m && (m->item = sdt_calloc(n + 1, sizeof *m->item)) != NULL)
		for (i = 0; i < n; i++)
			if (sdt_instrument_item_type(ins, i) == SDT_ITEM_LIKERT)
				m->item[k++] = i;
	if (!m || !m->item || !(m->pairs = sdt_calloc(k * k + 1, sizeof *m->pairs)) ||
	    !(m->inv = sdt_calloc(k * k + 1, sizeof *m->inv)) ||
	    !(m->mean = sdt_calloc(k + 1, sizeof *m->mean))) {
		sdt_careless_mahad_free(m);
		return sdt_fail_nomem();
	}
	m->ins = ins;
	m->k = k;
	*out = m;
	return SDT_OK;
}

void sdt_careless_mahad_add(sdt_careless_mahad *m, const sdt_response *r)
{
	size_t i, j;
	double x, y, dx;
	mpair *p;

	for (i = 0; i < m->k; i++) {
		if (r->values[m->item[i]] == SDT_MISSING)
			continue;
		x = (double)r->values[m->item[i]];
		for (j = i; j < m->k; j++) {
			if (r->values[m->item[j]] == SDT_MISSING)
				continue;
			y = (double)r->values[m->item[j]];
			p = &m->pairs[i * m->k + j];
			/* Welford's co-moment update */
			p->n += 1.0;
			dx = x - p->mi;
			p->mi += dx / p->n;
			p->mj += (y - p->mj) / p->n;
			p->c += dx * (y - p->mj);
		}
	}
}

/* Invert a (k x k, row-major) into inv by Gauss-Jordan with partial
 * pivoting; 0 when a pivot is negligible against the matrix's scale (R's
 * solve() refuses such a matrix as computationally singular too). */
static int invert(double *a, double *inv, size_t k)
{
	size_t i, j, c, piv;
	double scale = 0.0, t, f;

	for (i = 0; i < k; i++) {
		for (j = 0; j < k; j++)
			inv[i * k + j] = i == j;
		scale = fmax(scale, fabs(a[i * k + i]));
	}
	for (c = 0; c < k; c++) {
		for (piv = c, i = c + 1; i < k; i++)
			if (fabs(a[i * k + c]) > fabs(a[piv * k + c]))
				piv = i;
		if (!(fabs(a[piv * k + c]) > 1e-12 * scale))
			return 0;
		for (j = 0; j < k && piv != c; j++) {
			t = a[c * k + j], a[c * k + j] = a[piv * k + j], a[piv * k + j] = t;
			t = inv[c * k + j], inv[c * k + j] = inv[piv * k + j], inv[piv * k + j] = t;
		}
		f = a[c * k + c];
		for (j = 0; j < k; j++) {
			a[c * k + j] /= f;
			inv[c * k + j] /= f;
		}
		for (i = 0; i < k; i++) {
			if (i == c || (f = a[i * k + c]) == 0.0)
				continue;
			for (j = 0; j < k; j++) {
				a[i * k + j] -= f * a[c * k + j];
				inv[i * k + j] -= f * inv[c * k + j];
			}
		}
	}
	return 1;
}

/* The pairwise covariance into cov; the first item without variance (or
 * with fewer than two answers), or k when none. */
static size_t covariance(const sdt_careless_mahad *m, double *cov)
{
	size_t i, j, flat = m->k;
	const mpair *p;

	for (i = 0; i < m->k; i++) {
		for (j = i; j < m->k; j++) {
			p = &m->pairs[i * m->k + j];
			cov[i * m->k + j] = cov[j * m->k + i] = p->n >= 2.0 ? p->c / (p->n - 1.0) : NAN;
		}
		if (flat == m->k && !(cov[i * m->k + i] > 0.0))
			flat = i;
	}
	return flat;
}

int sdt_careless_mahad_finish(sdt_careless_mahad *m)
{
	double *a = sdt_calloc(m->k * m->k + 1, sizeof *a);
	gsl_error_handler_t *old;
	size_t i, flat;
	int rc = SDT_OK;

	if (!a)
		return sdt_fail_nomem();
	flat = covariance(m, a);
	for (i = 0; i < m->k * m->k && flat == m->k; i++)
		if (isnan(a[i]))
			flat = i / m->k;
	if (flat < m->k)
		rc = sdt_fail(SDT_EDATA, "Mahalanobis D2: item '%s' has no variance in the sample "
		              "(or fewer than two answers, or none together with another item), so "
		              "the items' covariance cannot be inverted",
		              sdt_instrument_item_id(m->ins, m->item[flat]));
	else if (!invert(a, m->inv, m->k))
		rc = sdt_fail(SDT_EDATA, "Mahalanobis D2: the items' covariance in the sample is "
		              "singular (fewer respondents than items, or items that copy each "
		              "other)");
	if (rc != SDT_OK) {
		sdt_error_set_kind("mahalanobis_singular", NULL);
		goto done;
	}
	for (i = 0; i < m->k; i++)
		m->mean[i] = m->pairs[i * m->k + i].mi;
	old = gsl_set_error_handler_off();
	m->cutoff = gsl_cdf_chisq_Pinv(SDT_CARELESS_MAHAD_CONFIDENCE, (double)m->k);
	gsl_set_error_handler(old);
	m->ready = 1;
done:
	sdt_free(a);
	return rc;
}

double sdt_careless_mahad_cutoff(const sdt_careless_mahad *m)
{
	return m && m->ready ? m->cutoff : NAN;
}

void sdt_careless_mahad_apply(const sdt_careless_mahad *m, sdt_careless *c,
                              const sdt_response *r)
{
	size_t i, j, answered = 0;
	double d2 = 0.0, row, di;

	c->d2 = NAN;
	c->d2_max = sdt_careless_mahad_cutoff(m);
	c->flags &= ~SDT_CARELESS_MAHALANOBIS;
	if (!m || !m->ready)
		return;
	for (i = 0; i < m->k; i++) {
		if (r->values[m->item[i]] == SDT_MISSING)
			continue;
		answered++;
		di = (double)r->values[m->item[i]] - m->mean[i];
		for (row = 0.0, j = 0; j < m->k; j++)
			if (r->values[m->item[j]] != SDT_MISSING)
				row += m->inv[i * m->k + j] *
				       ((double)r->values[m->item[j]] - m->mean[j]);
		d2 += di * row;
	}
	if (!answered)
		return;
	c->d2 = d2;
	if (d2 > c->d2_max)
		c->flags |= SDT_CARELESS_MAHALANOBIS;
}

void sdt_careless_mahad_free(sdt_careless_mahad *m)
{
	if (!m)
		return;
	sdt_free(m->item);
	sdt_free(m->pairs);
	sdt_free(m->inv);
	sdt_free(m->mean);
	sdt_free(m);
}
