/*
 * agreement_sim.c - significance cutoffs for rwg(j) by simulation under
 * the null of no agreement (Cohen, Doveh & Eick 2001; R multilevel's
 * rwg.j.sim): groups of n people answering J items uniformly at random
 * over A options, rwg(j) of each simulated group, and the 95th
 * percentile. An observed rwg(j) above it is more agreement than chance
 * gives a group of that size; the 0.70 rule of thumb ignores n and J.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "psychometrics.h"

/* Replicates: multilevel's default, fewer for big groups so one cutoff
 * costs at most about 4 million draws or binomials (the percentile then still moves by
 * less than 0.01 between seeds). */
#define SIM_DRAWS 4000000.0
#define SIM_MIN_REPS 2000

/* One item's moments over n uniform answers 1..A. For groups larger than
 * the number of options the answers are drawn as multinomial counts
 * (gsl_ran_multinomial: A - 1 binomials), which is the same distribution
 * at a cost that does not grow with n: a 500-person team costs as little
 * as a 5-person one, where drawing answer by answer made `stats` on 400
 * large teams take minutes. */
static void one_item(gsl_rng *rng, sdt_mom *m, size_t n, unsigned long a_points,
                     const double *p, unsigned int *counts)
{
	double mean = 0.0, m2 = 0.0, d;
	size_t v, q;

	*m = (sdt_mom){0, 0, 0};
	if (n <= 2 * (size_t)a_points) {
		for (q = 0; q < n; q++)
			sdt_mom_add(m, 1.0 + (double)gsl_rng_uniform_int(rng, a_points));
		return;
	}
	gsl_ran_multinomial(rng, a_points, (unsigned int)n, p, counts);
	for (v = 0; v < a_points; v++)
		mean += (double)counts[v] * (double)(v + 1);
	mean /= (double)n;
	for (v = 0; v < a_points; v++) {
		d = (double)(v + 1) - mean;
		m2 += (double)counts[v] * d * d;
	}
	*m = (sdt_mom){(double)n, mean, m2};
}

/* rwg(j) of one simulated group: item variances of n uniform answers. */
static double one_group(gsl_rng *rng, sdt_mom *items, size_t n, size_t j,
                        unsigned long a_points, const double *p, unsigned int *counts)
{
	size_t i;

	for (i = 0; i < j; i++)
		one_item(rng, &items[i], n, a_points, p, counts);
	return sdt_rwg_j(items, j, (double)a_points);
}

int sdt_rwg_null_simulate(double *out, size_t n, size_t j, size_t a_points, size_t want)
{
	double *v = NULL, *p = NULL, reps = (double)want, cost;
	unsigned int *counts = NULL;
	sdt_mom *items = NULL;
	gsl_rng *rng = NULL;
	size_t r, nr;
	int rc = SDT_OK;

	*out = NAN;
	if (n < 2 || j == 0 || a_points < 2 || want == 0)
		return SDT_OK;
	cost = (double)(n <= 2 * a_points ? n : a_points);
	if (cost * (double)j * reps > SIM_DRAWS)
		reps = fmax(fmin(reps, SIM_MIN_REPS), floor(SIM_DRAWS / (cost * (double)j)));
	nr = (size_t)reps;
	v = sdt_calloc(nr, sizeof *v);
	items = sdt_calloc(j, sizeof *items);
	p = sdt_calloc(a_points, sizeof *p);
	counts = sdt_calloc(a_points, sizeof *counts);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!v || !items || !p || !counts || !rng) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (r = 0; r < a_points; r++)
		p[r] = 1.0;
	/* One fixed seed per call: the same group size, items and options
	 * always give the same cutoff, whatever else the run computes. */
	gsl_rng_set(rng, 20011);
	for (r = 0; r < nr; r++)
		v[r] = one_group(rng, items, n, j, (unsigned long)a_points, p, counts);
	gsl_sort(v, 1, nr);
	*out = gsl_stats_quantile_from_sorted_data(v, 1, nr, 0.95);
done:
	gsl_rng_free(rng);
	sdt_free(items);
	sdt_free(p);
	sdt_free(counts);
	sdt_free(v);
	return rc;
}

int sdt_rwg_table_find(double *out, size_t n, size_t j, size_t a_points, size_t reps)
{
	sdt_rwg_row r;
	size_t at = 0;

	if (reps != SDT_RWG_TABLE_REPS || n < 2)
		return 0;
	while (sdt_rwg_table_next(&r, &at))
		if (r.a_points == a_points && r.j == j && n <= r.n_max) {
			*out = r.cut[n - 2];
			return 1;
		}
	return 0;
}

/* The simulation's seed is fixed, so a cutoff is a pure function of (n,
 * j, a_points, reps), and the table (rwg_table.inc) is that function for
 * the common arguments, written by `make rwg-table` from
 * sdt_rwg_null_simulate itself and checked against it by
 * tests/unit/stats/test_rwg_table.c: the same bits without the
 * simulation, which took most of a large organisation's report. */
int sdt_rwg_null_cutoff(double *out, size_t n, size_t j, size_t a_points, size_t want)
{
	if (sdt_rwg_table_find(out, n, j, a_points, want))
		return SDT_OK;
	return sdt_rwg_null_simulate(out, n, j, a_points, want);
}

double sdt_rwg_star_j(const sdt_mom *items, size_t j, double a_points)
{
	double sigma2 = (a_points * a_points - 1.0) / 12.0, s2 = 0.0;
	size_t i;

	if (j == 0 || items[0].n < 2.0 || !(sigma2 > 0.0))
		return NAN;
	for (i = 0; i < j; i++)
		s2 += sdt_mom_var(&items[i]);
	/* Lindell, Brandt & Whitney (1999): the mean item variance against the
	 * null's, uncapped (negative beyond the null's spread) and not
	 * inflated by the number of items as rwg(j) is. */
	return 1.0 - s2 / (double)j / sigma2;
}
