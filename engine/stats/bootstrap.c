/*
 * bootstrap.c - percentile bootstrap of alpha and omega_total: resample
 * respondents, rebuild each scale's covariance matrix exactly as the
 * accumulators do (pairwise or listwise), and take type-7 quantiles.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_bootstrap.h"

struct sdt_bootstrap {
	const sdt_instrument *ins;
	size_t n_items;
	double *x;        /* [n][n_items] keyed answers, NAN = missing */
	size_t n, cap;
	size_t n_scales;
	double *sc;       /* [n][n_scales] scale scores, for the drivers */
};

const double *sdt_bootstrap_scores(const sdt_bootstrap *b, size_t *n, size_t *n_scales)
{
	*n = b->n;
	*n_scales = b->n_scales;
	return b->sc;
}

const double *sdt_bootstrap_answers(const sdt_bootstrap *b, size_t *n_items)
{
	*n_items = b->n_items;
	return b->x;
}

int sdt_bootstrap_new(sdt_bootstrap **out, const sdt_instrument *ins)
{
	sdt_bootstrap *b = sdt_calloc(1, sizeof *b);

	*out = NULL;
	if (!b)
		return sdt_fail_nomem();
	b->ins = ins;
	b->n_items = sdt_instrument_item_count(ins);
	b->n_scales = sdt_instrument_scale_count(ins);
	*out = b;
	return SDT_OK;
}

void sdt_bootstrap_free(sdt_bootstrap *b)
{
	if (!b)
		return;
	sdt_free(b->x);
	sdt_free(b->sc);
	sdt_free(b);
}

int sdt_bootstrap_add(sdt_bootstrap *b, const sdt_scores *s)
{
	double *nx, *ns;
	size_t cap;

	if (b->n == b->cap) {
		cap = b->cap ? b->cap * 2 : 256;
		nx = sdt_reallocarray(b->x, cap, b->n_items * sizeof *nx);
		if (nx)
			b->x = nx;
		ns = sdt_reallocarray(b->sc, cap, (b->n_scales ? b->n_scales : 1) * sizeof *ns);
		if (ns)
			b->sc = ns;
		if (!nx || !ns)
			return sdt_fail_nomem();
		b->cap = cap;
	}
	memcpy(b->x + b->n * b->n_items, s->keyed, b->n_items * sizeof *b->x);
	memcpy(b->sc + b->n * b->n_scales, s->scale, b->n_scales * sizeof *b->sc);
	b->n++;
	return SDT_OK;
}

/* R's own arithmetic (quantile.default, type 7), so the result matches
 * quantile() to the bit: a 1-based index, (1 - h) lo + h hi, and no
 * interpolation between equal neighbours. */
double sdt_quantile7(const double *v, size_t n, double p)
{
	double index, lo, h;
	size_t i;

	if (n == 0)
		return NAN;
	index = 1.0 + (double)(n - 1) * p;
	lo = floor(index);
	i = (size_t)lo - 1;
	if (!(index > lo) || i + 1 >= n || v[i + 1] == v[i])
		return v[i];
	h = index - lo;
	return (1.0 - h) * v[i] + h * v[i + 1];
}

/* Scratch for one scale: its item indices, the moments of a replicate and
 * the buffers sdt_reliability_compute() fills. */
typedef struct boot_scale {
	size_t k;
	size_t *item;
	sdt_mom *mom;      /* [k] item moments (pairwise diagonal) */
	sdt_comom *pair;   /* [k * k], entries i < j used */
	double *mean, *lw; /* listwise: mean[k], co-moment[k * k] */
	double lw_n;
	double *row, *d, *c, *r_drop, *aid;
} boot_scale;

static void boot_scale_free(boot_scale *s)
{
	sdt_free(s->item);
	sdt_free(s->mom);
	sdt_free(s->pair);
	sdt_free(s->mean);
	sdt_free(s->lw);
	sdt_free(s->row);
	sdt_free(s->d);
	sdt_free(s->c);
	sdt_free(s->r_drop);
	sdt_free(s->aid);
}

static int boot_scale_init(boot_scale *s, const sdt_instrument *ins, size_t j)
{
	size_t k = sdt_instrument_scale_item_count(ins, j), i;

	memset(s, 0, sizeof *s);
	s->k = k;
	s->item = sdt_calloc(k, sizeof *s->item);
	s->mom = sdt_calloc(k, sizeof *s->mom);
	s->pair = sdt_calloc(k * k, sizeof *s->pair);
	s->mean = sdt_calloc(k, sizeof *s->mean);
	s->lw = sdt_calloc(k * k, sizeof *s->lw);
	s->row = sdt_calloc(k, sizeof *s->row);
	s->d = sdt_calloc(k, sizeof *s->d);
	s->c = sdt_calloc(k * k, sizeof *s->c);
	s->r_drop = sdt_calloc(k, sizeof *s->r_drop);
	s->aid = sdt_calloc(k, sizeof *s->aid);
	if (!s->item || !s->mom || !s->pair || !s->mean || !s->lw || !s->row ||
	    !s->d || !s->c || !s->r_drop || !s->aid)
		return sdt_fail_nomem();
	for (i = 0; i < k; i++)
		s->item[i] = sdt_instrument_scale_item(ins, j, i);
	return SDT_OK;
}

static void boot_scale_reset(boot_scale *s)
{
	memset(s->mom, 0, s->k * sizeof *s->mom);
	memset(s->pair, 0, s->k * s->k * sizeof *s->pair);
	memset(s->mean, 0, s->k * sizeof *s->mean);
	memset(s->lw, 0, s->k * s->k * sizeof *s->lw);
	s->lw_n = 0.0;
}

/* Add one resampled row as sdt_accum_add does for the scale, keeping only
 * the moments the missing-data mode reads. */
static void boot_scale_add(boot_scale *s, const double *x, sdt_missing_mode mode)
{
	size_t i, j, k = s->k;
	int complete = 1;

	for (i = 0; i < k; i++) {
		s->row[i] = x[s->item[i]];
		complete &= !isnan(s->row[i]);
	}
	if (mode == SDT_MISSING_LISTWISE) {
		if (complete)
			sdt_mvmom_add(&s->lw_n, s->mean, s->lw, k, s->row, s->d);
		return;
	}
	for (i = 0; i < k; i++) {
		if (isnan(s->row[i]))
			continue;
		sdt_mom_add(&s->mom[i], s->row[i]);
		for (j = i + 1; j < k; j++)
			if (!isnan(s->row[j]))
				sdt_comom_add(&s->pair[i * k + j], s->row[i], s->row[j]);
	}
}

/* C of the replicate, pairwise or listwise, as stats.c builds it. */
static void boot_scale_cov(boot_scale *s, sdt_missing_mode mode)
{
	size_t i, j, k = s->k;
	const sdt_comom *p;

	for (i = 0; i < k * k && mode == SDT_MISSING_LISTWISE; i++)
		s->c[i] = s->lw_n >= 2.0 ? s->lw[i] / (s->lw_n - 1.0) : NAN;
	for (i = 0; i < k && mode != SDT_MISSING_LISTWISE; i++) {
		s->c[i * k + i] = sdt_mom_var(&s->mom[i]);
		for (j = i + 1; j < k; j++) {
			p = &s->pair[i * k + j];
			s->c[i * k + j] = p->n >= 2.0 ? p->cxy / (p->n - 1.0) : NAN;
			s->c[j * k + i] = s->c[i * k + j];
		}
	}
}

/* alpha and omega_total of the replicate (NAN where undefined), from the
 * very function behind the main figures. n_obs 0 skips the Feldt CI and
 * the standard error, which a replicate does not need. */
static int boot_scale_figures(boot_scale *s, sdt_missing_mode mode,
                              double *alpha, double *omega)
{
	sdt_reliability rel;
	int rc;

	boot_scale_cov(s, mode);
	rc = sdt_reliability_compute(s->c, s->k, 0.0, &rel, s->r_drop, s->aid);
	*alpha = rel.alpha;
	*omega = rel.omega_total;
	return rc;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The CI from the replicates where the figure is defined, the others
 * skipped and counted in a warning; NAN when more than half were skipped.
 * NAN too, without a warning, when the figure itself is undefined: its
 * own warning says why, and an interval around no estimate would only
 * mislead (resamples with repeated rows can define what the data do not). */
static int finish_ci(sdt_scale_stats *sc, double *v, size_t reps,
                     const char *what, double estimate, double ci[2])
{
	size_t i, m = 0;

	for (i = 0; i < reps; i++)
		if (isfinite(v[i]))
			v[m++] = v[i];
	ci[0] = ci[1] = NAN;
	if (reps == 0 || isnan(estimate))
		return SDT_OK;
	if (m == 0 || m < reps - m)
		return sdt_scale_warn(sc, "%s is undefined in %zu of %zu bootstrap "
		                      "replicates: no bootstrap CI", what, reps - m, reps);
	qsort(v, m, sizeof *v, dbl_cmp);
	ci[0] = sdt_quantile7(v, m, 0.025);
	ci[1] = sdt_quantile7(v, m, 0.975);
	if (m == reps)
		return SDT_OK;
	return sdt_scale_warn(sc, "%s is undefined in %zu of %zu bootstrap replicates, "
	                      "skipped: its bootstrap CI is over the other %zu",
	                      what, reps - m, reps, m);
}

typedef struct boot_run {
	boot_scale *sc;
	size_t n_scales;
	size_t *idx;
	double *alpha, *omega; /* [n_scales][reps] */
	gsl_rng *rng;
} boot_run;

/* Replicate `rep`: n draws first (the documented order), then every scale
 * over the same resampled rows. */
static int replicate(sdt_bootstrap *b, boot_run *br, size_t rep, size_t reps,
                     sdt_missing_mode mode)
{
	size_t i, j;
	int rc = SDT_OK;

	for (i = 0; i < b->n; i++)
		br->idx[i] = (size_t)gsl_rng_uniform_int(br->rng, (unsigned long)b->n);
	for (j = 0; j < br->n_scales && !rc; j++) {
		boot_scale_reset(&br->sc[j]);
		for (i = 0; i < b->n; i++)
			boot_scale_add(&br->sc[j], b->x + br->idx[i] * b->n_items, mode);
		rc = boot_scale_figures(&br->sc[j], mode, &br->alpha[j * reps + rep],
		                        &br->omega[j * reps + rep]);
	}
	return rc;
}

static int boot_alloc(boot_run *br, const sdt_bootstrap *b, size_t reps,
                      unsigned long seed)
{
	size_t j;
	int rc;

	br->n_scales = sdt_instrument_scale_count(b->ins);
	br->sc = sdt_calloc(br->n_scales, sizeof *br->sc);
	br->idx = sdt_calloc(b->n, sizeof *br->idx);
	br->alpha = sdt_calloc(br->n_scales * reps, sizeof *br->alpha);
	br->omega = sdt_calloc(br->n_scales * reps, sizeof *br->omega);
	br->rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!br->sc || !br->idx || !br->alpha || !br->omega || !br->rng)
		return sdt_fail_nomem();
	gsl_rng_set(br->rng, seed);
	/* gsl_rng_uniform_int() fails (returns 0) for n beyond the
	 * generator's range, so refuse such n rather than draw row 0. */
	if (b->n > gsl_rng_max(br->rng) - gsl_rng_min(br->rng))
		return sdt_fail(SDT_ELIMIT, "the bootstrap resamples at most %lu "
		                "respondents, not %zu",
		                gsl_rng_max(br->rng) - gsl_rng_min(br->rng), b->n);
	for (j = 0; j < br->n_scales; j++)
		if ((rc = boot_scale_init(&br->sc[j], b->ins, j)) != SDT_OK)
			return rc;
	return SDT_OK;
}

static void boot_free(boot_run *br)
{
	size_t j;

	for (j = 0; br->sc && j < br->n_scales; j++)
		boot_scale_free(&br->sc[j]);
	sdt_free(br->sc);
	sdt_free(br->idx);
	sdt_free(br->alpha);
	sdt_free(br->omega);
	if (br->rng)
		gsl_rng_free(br->rng);
}

static int bootstrap_run_run(sdt_bootstrap *b, const sdt_bootstrap_options *opt,
                             sdt_stats *st)
{
	boot_run br;
	sdt_scale_stats *sc;
	size_t rep, j, reps = b->n ? opt->replicates : 0;
	int rc;

	/* GSL must report, not abort. */
	memset(&br, 0, sizeof br);
	if ((rc = boot_alloc(&br, b, reps, opt->seed)) != SDT_OK)
		goto done;
	for (rep = 0; rep < reps && !rc; rep++)
		rc = replicate(b, &br, rep, reps, opt->missing);
	for (j = 0; j < br.n_scales && j < st->n_scales && !rc; j++) {
		sc = &st->scales[j];
		sc->has_boot = 1;
		rc = finish_ci(sc, br.alpha + j * reps, reps, "alpha", sc->alpha,
		               sc->alpha_ci_boot);
		if (!rc)
			rc = finish_ci(sc, br.omega + j * reps, reps, "omega_total",
			               sc->omega_total, sc->omega_ci_boot);
	}
done:
	boot_free(&br);
	return rc;
}

int sdt_bootstrap_run(sdt_bootstrap *b, const sdt_bootstrap_options *opt,
                      sdt_stats *st)
{
	/* GSL etiquette: its errors are checked here, never sent to the
	 * caller's handler, which is left as it was */
	gsl_error_handler_t *old;
	int rc = SDT_CHECK_OPTIONS(opt, sdt_bootstrap_options, SDT_BOOTSTRAP_OPTIONS);

	if (rc != SDT_OK)
		return rc;
	old = gsl_set_error_handler_off();
	rc = bootstrap_run_run(b, opt, st);
	gsl_set_error_handler(old);
	return rc;
}
