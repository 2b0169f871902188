/*
 * psychometrics.h - the pure math behind sdt_stats (private to the engine).
 *
 * Everything here works on plain numbers: moments, small k x k covariance
 * matrices (row-major, NAN = undefined entry) and per-group moments. No
 * instrument, no respondent, no allocation visible to the caller beyond a
 * return code, so each figure can be unit-tested on hand-made data.
 * Definitions follow ../shared/reference/README.md.
 */
#ifndef SDT_PSYCHOMETRICS_H
#define SDT_PSYCHOMETRICS_H

#include <stddef.h>
#include <stdint.h>

/* Univariate moments: count, mean and centred sum of squares (Welford).
 * Plain numbers, so partial accumulators can be written out and merged. */
typedef struct sdt_mom {
	double n, mean, m2;
} sdt_mom;

/* Bivariate moments over the rows where both values are present: count,
 * both means over those rows, and the centred co-moment. */
typedef struct sdt_comom {
	double n, mx, my, cxy;
} sdt_comom;

/* Welford updates are the hot path, so they are inline. */
static inline void sdt_mom_add(sdt_mom *m, double x)
{
	double d = x - m->mean;

	m->n += 1.0;
	m->mean += d / m->n;
	m->m2 += d * (x - m->mean);
}

static inline void sdt_comom_add(sdt_comom *c, double x, double y)
{
	double dx = x - c->mx;

	c->n += 1.0;
	c->mx += dx / c->n;
	c->my += (y - c->my) / c->n;
	c->cxy += dx * (y - c->my);
}

/* Exact sums of whole numbers (answers relative to the scale minimum,
 * scale scores as numerators over a fixed denominator): count, sum and
 * sum of squares or cross-products. Integer addition is associative, so
 * any split of the rows over threads or shards gives the same bits, and
 * answers near 10^6 lose no digits (values are relative to the minimum).
 * Bounds: values up to SDT_EXACT_VALUE_MAX, rows up to SDT_EXACT_ROWS_MAX,
 * so every sum fits in 127 bits. */
__extension__ typedef __int128 sdt_wide;
#define SDT_EXACT_VALUE_MAX ((int64_t)1 << 40)
#define SDT_EXACT_ROWS_MAX ((int64_t)1 << 46)

typedef struct sdt_xmom {
	sdt_wide n, s1, s2;
} sdt_xmom;

/* [n, sum x, sum y, sum xy] over the rows where both are present */
typedef struct sdt_xco {
	sdt_wide n, sx, sy, sxy;
} sdt_xco;

static inline void sdt_xmom_add(sdt_xmom *m, int64_t x)
{
	m->n += 1;
	m->s1 += x;
	m->s2 += (sdt_wide)x * x;
}

static inline void sdt_xmom_merge(sdt_xmom *into, const sdt_xmom *from)
{
	into->n += from->n;
	into->s1 += from->s1;
	into->s2 += from->s2;
}

/* sum (x - mean x)(y - mean y) from exact sums, with one rounding at the
 * end (sx = qx n + rx splits the cross term so nothing overflows). */
long double sdt_wide_comoment(sdt_wide n, sdt_wide sx, sdt_wide sy, sdt_wide sxy);
/* s / n / den (n > 0; 0 otherwise), rounded once from the exact quotient
 * and remainder. */
double sdt_wide_mean(sdt_wide n, sdt_wide s, double den);
/* The moments of x / den (mean relative to the origin x = 0). */
sdt_mom sdt_xmom_get(const sdt_xmom *m, double den);
/* A multivariate block x = [n, s[k], p[k * k] (i <= j filled)] as the
 * doubles n, mean[k] (relative to 0) and co-moments c[k * k] of x / den[i]. */
void sdt_xmv_get(const sdt_wide *x, size_t k, const double *den, double *out);
/* Add one complete row v[k] to the block x (upper triangle). */
void sdt_xmv_add(sdt_wide *x, size_t k, const int64_t *v);

/* Chan et al.: fold `from` into `into` exactly as if one had seen both. */
void sdt_mom_merge(sdt_mom *into, const sdt_mom *from);

/* Multivariate moments over k variables (complete rows only): *n, mean[k]
 * and the co-moment matrix c[k*k] (row-major, kept symmetric). `d` is k
 * doubles of scratch, so the hot path never allocates. */
void sdt_mvmom_add(double *n, double *mean, double *c, size_t k,
                   const double *x, double *d);
void sdt_mvmom_merge(double *n, double *mean, double *c, double n_b,
                     const double *mean_b, const double *c_b, size_t k);

/* Sample variance / SD (n - 1); NAN below two values. */
double sdt_mom_var(const sdt_mom *m);
double sdt_mom_sd(const sdt_mom *m);

/* Median of v[0..n) (sorted in place); NAN when n == 0. */
double sdt_median(double *v, size_t n);

/* Why a reliability figure is undefined, or worth a warning. */
enum {
	SDT_REL_ONE_ITEM = 1 << 0,    /* fewer than two items */
	SDT_REL_NO_DATA = 1 << 1,     /* an item answered by fewer than 2 rows */
	SDT_REL_PAIR_SPARSE = 1 << 2, /* a pair with fewer than 2 rows in common */
	SDT_REL_ZERO_VAR = 1 << 3,    /* an item with zero variance: no R */
	SDT_REL_ZERO_TOTAL = 1 << 4,  /* sum of C is not positive: no alpha */
	SDT_REL_SINGULAR = 1 << 5,    /* R singular: no lambda6, omega */
	SDT_REL_NOT_PD = 1 << 6,      /* R not positive definite: no omega */
	SDT_REL_NEGATIVE = 1 << 7,    /* alpha < 0 */
	SDT_REL_TWO_ITEMS = 1 << 8,   /* no alpha if deleted, no omega */
	SDT_REL_HEYWOOD = 1 << 9,     /* a uniqueness at the 0.005 bound */
	SDT_REL_NO_FIT = 1 << 10,     /* the factor fit did not converge */
	SDT_REL_SMC_CLAMPED = 1 << 11 /* a squared multiple correlation outside [0, 1] */
};

typedef struct sdt_reliability {
	double alpha, alpha_std, alpha_ci[2], alpha_se;
	double lambda2, lambda6, average_r, median_r, omega_total;
	double spearman_brown;
	unsigned flags; /* SDT_REL_* */
} sdt_reliability;

/* Figures of the covariance matrix C (k x k) alone. */
double sdt_alpha_cov(const double *c, size_t k);
double sdt_lambda2(const double *c, size_t k);
double sdt_alpha_se(const double *c, size_t k, double n_obs);
/* Feldt 95% interval; SDT_OK or SDT_EINTERNAL (GSL failure). NANs when
 * alpha is NAN or there are too few observations. */
int sdt_feldt_ci(double alpha, double n_obs, size_t k, double ci[2]);

/* Eigen decomposition of the symmetric k x k matrix a (not modified):
 * eval[k] in descending order, evec[k*k] (row-major, column m is the m-th
 * eigenvector; may be NULL). `work` holds SDT_EIGEN_WORK(k) doubles, so the
 * factor fit can call it in a loop without allocating. Returns SDT_OK or
 * SDT_EINTERNAL when GSL fails. */
#define SDT_EIGEN_WORK(k) (2 * (k) * (k) + 4 * (k))
int sdt_eigen_sym(const double *a, size_t k, double *eval, double *evec,
                  double *work);

/* R = cov2cor(C); returns 0, or nonzero when a diagonal entry is not
 * positive (R undefined, r filled with NAN). */
int sdt_cov2cor(const double *c, size_t k, double *r);

/* Squared multiple correlations smc[k] from R via its eigen
 * decomposition. *flags gets SDT_REL_SINGULAR / SDT_REL_NOT_PD. Returns
 * SDT_OK, SDT_ENOMEM or SDT_EINTERNAL. */
int sdt_smc(const double *r, size_t k, double *smc, unsigned *flags);

/* One-factor ML fit of correlation matrix R as stats::factanal does it
 * (uniquenesses in [0.005, 1]); loadings[k], psi[k] may be NULL.
 * *omega = (sum lambda)^2 / ((sum lambda)^2 + sum psi), NAN when k < 3,
 * R is not positive definite or the fit does not converge (flags say
 * which). Returns SDT_OK, SDT_ENOMEM or SDT_EINTERNAL. */
int sdt_omega_ml(const double *r, size_t k, double *omega, double *loadings,
                 double *psi, unsigned *flags);

/* Every scale-level reliability figure of C over n_obs rows, and per item
 * r_drop[k] and alpha_if_deleted[k] (NAN where undefined). Returns
 * SDT_OK, SDT_ENOMEM or SDT_EINTERNAL; undefined figures are NAN with the
 * reason in out->flags. */
int sdt_reliability_compute(const double *c, size_t k, double n_obs,
                            sdt_reliability *out, double *r_drop,
                            double *alpha_if_deleted);

/* rwg(j) of J items (moments over a team's complete rows) on a response
 * scale with A points; NAN below two rows. */
double sdt_rwg_j(const sdt_mom *items, size_t j, double a_points);
/* awg (Brown & Hauenstein) of J items on the scale lo..hi; NAN below two
 * rows or when every item's value is undefined. */
double sdt_awg(const sdt_mom *items, size_t j, double lo, double hi);
/* r*wg(j) (Lindell, Brandt & Whitney 1999): 1 - mean item variance / the
 * uniform null's, uncapped; NAN below two complete rows. */
double sdt_rwg_star_j(const sdt_mom *items, size_t j, double a_points);
/* *out = the 95th percentile of rwg(j) for groups of n answering j items
 * uniformly over a_points options (seeded simulation), NAN when n < 2.
 * SDT_OK or SDT_ENOMEM. */
int sdt_rwg_null_cutoff(double *out, size_t n, size_t j, size_t a_points, size_t reps);
/* The same cutoff, always simulated (sdt_rwg_null_cutoff looks in the
 * table first): for the table's generator and the test that the table
 * still matches the simulation. */
int sdt_rwg_null_simulate(double *out, size_t n, size_t j, size_t a_points, size_t reps);
/* Precomputed cutoffs (rwg_table.inc, written by `make rwg-table` from
 * sdt_rwg_null_simulate at SDT_RWG_TABLE_REPS replicates, read by
 * rwg_table.c): one row per (a_points, j), cut[n - 2] for groups of
 * n = 2..n_max; cut points into the static table. */
typedef struct sdt_rwg_row {
	size_t a_points, j, n_max;
	const double *cut;
} sdt_rwg_row;
#define SDT_RWG_TABLE_REPS SDT_RWG_SIM_DEFAULT
/* 1 and *out = the table's row at *at (0 for the first), *at moved to
 * the next; 0 after the last row. */
int sdt_rwg_table_next(sdt_rwg_row *out, size_t *at);
/* 1 and *out = the table's cutoff when it holds (n, j, a_points, reps),
 * else 0 and *out untouched. */
int sdt_rwg_table_find(double *out, size_t n, size_t j, size_t a_points, size_t reps);
/* ICC(1), ICC(2) of a one-way ANOVA from per-group score moments (groups
 * with n == 0 are skipped). NAN with fewer than two groups, no
 * within-group degrees of freedom, or MSB == 0. */
void sdt_icc(const sdt_mom *groups, size_t g, double *icc1, double *icc2);

/*
 * The accumulator's layout, shared by accum.c (which fills it) and stats.c
 * (which reads it). All state is counts, means and co-moments in flat
 * arrays, so a later serializer can write it out and merge it back.
 */
#include "sdt_bootstrap.h"
#include "strmap.h"
#include "sdt_stats.h"

/* Append a formatted warning to a scale's result (stats.c; the bootstrap
 * adds its own). SDT_OK or SDT_ENOMEM. */
int sdt_scale_warn(sdt_scale_stats *sc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

struct sdt_accum {
	const sdt_instrument *ins;
	size_t n_items, n_scales, n_comp;
	double lo, hi;      /* response scale */
	double rows;        /* accepted responses */
	sdt_mom *item;      /* [n_items] answered values (after keying) */
	sdt_mom *score;     /* [n_scales] scale scores */
	sdt_mom *comp;      /* [n_comp] composite scores */
	size_t *scale_off;  /* [n_scales + 1] offsets into scale_item */
	size_t *scale_item; /* item index of every scale's j-th item */
	size_t *pair_off;   /* [n_scales] offsets into pair */
	sdt_comom *pair;    /* per scale, pairs i < j in row-major order */
	size_t *lw_off;     /* [n_scales] offsets into lw */
	double *lw;         /* per scale: n, mean[k], co-moment[k * k] */
	size_t k_max;       /* largest scale */
	double *x, *d;      /* [k_max] scratch for one row */
	/* The scale scores of the rows scored on every scale: n, mean[S] and
	 * the co-moment matrix [S * S] (the drivers' correlations), and S
	 * doubles of scratch. */
	double *sc, *sc_d;
	/* Teams, in order of first appearance (byte order of their names once
	 * settled); `team_map` finds one by name. The exact per-team arrays
	 * have cap_teams places, of which only the n_teams in use are ever
	 * written (a new team is cleared as it is added). */
	size_t n_teams, cap_teams;
	char **team_name;
	double *team_rows;  /* [cap_teams] accepted responses */
	/* [n_teams * stride] once settled (sized then: a job's copy, never
	 * settled, has none): per scale the score moments, then per scale
	 * item (scale_off layout) the moments over the team's complete rows */
	sdt_mom *team_mom;
	size_t stride;
	sdt_strmap team_map;
	/* [cap_teams * hstride]: per scale item (scale_off layout) the count of
	 * each answer lo..hi over the team's complete rows, for AD_M(J), which
	 * needs absolute deviations from a mean known only at the end; answers
	 * are whole numbers, so counts are exact. NULL (points 0) when a scale
	 * has more than SDT_HIST_MAX_POINTS options, or a partial had none. */
	double *team_hist;
	size_t points, hstride;
	/* [n_teams * sc_stride] once settled, as team_mom: per team, as `sc`,
	 * the scale scores of its rows scored on every scale (n, mean[S],
	 * co-moments[S * S]), for the drivers of departments. NULL (sc_stride
	 * 0, x_team_sc NULL) for instruments of more than
	 * SDT_TEAM_SC_MAX_SCALES scales, or after a partial without them. */
	double *team_sc;
	size_t sc_stride;
	/* The exact state every figure above is derived from (sdt_accum_settle
	 * fills the double fields, means relative to the scale minimum `lo`):
	 * answers as whole numbers relative to lo; a scale score as
	 * (score - lo) * den_scale[s], a whole number when exact_scale[s]
	 * (den_scale is the lcm of the possible answered-item counts) and
	 * otherwise rounded to 2^-F (scales whose lcm does not fit; still the
	 * same bits for any split); composites likewise. Layouts follow the
	 * double fields; multivariate blocks hold n, sums and the upper
	 * triangle of the cross-product sums. */
	sdt_xmom *x_item, *x_score, *x_comp, *x_team_mom;
	/* Pairwise sums over the rows that miss some of the scale's items
	 * only: a complete row's pairs are in x_lw already, so most rows add
	 * no pairs (sdt_accum_pair gives a pair over all its rows). */
	sdt_xco *x_pair;
	sdt_wide *x_lw, *x_sc, *x_team_sc;
	int64_t *den_scale, *den_comp;
	unsigned char *exact_scale, *exact_comp;
	int64_t *score_mul;  /* [scale_off layout + s]: den / answered count */
	int64_t *comp_mul;   /* per composite, per its scale: den_comp / (m den_scale) */
	size_t *comp_off;    /* [n_comp + 1] offsets into comp_mul */
	double *den_sc;      /* [n_scales] den_scale as doubles */
	double *ones;        /* [k_max] of 1.0 */
	int64_t *xv, *xs;    /* scratch: one row's answers [k_max], scores [S] */
	unsigned char *has;  /* scratch [k_max] */
	unsigned char *likert; /* [n_items] 1: a rating item (not an outcome, not text) */
	int settled;         /* the double fields match the exact state */
	/* Outcome items: the count of each answer of each, on its own scale
	 * (out_off[o] .. out_off[o + 1]; ostride in all), for the
	 * organisation and [cap_teams * ostride] per team. Counts, since eNPS
	 * and the favourable share need the distribution, not moments. */
	size_t n_out, ostride;
	size_t *out_off;
	double *out_cnt, *team_out;
	/* Outcome items as the drivers' outcome: per outcome item o, the
	 * co-moments of the scale scores and its answer (relative to the
	 * item's minimum) over the rows scored on every scale that answered
	 * it: n, mean[S + 1], c[(S + 1)^2], oc_size numbers, the answer last.
	 * x_sc holds them after its own oc_base numbers (exact, as x_sc), and
	 * so does each team's block (sc_stride covers them); `oc` holds the
	 * organisation's settled. oc_lost: a partial written before them was
	 * merged in, so they cover only some rows and are not used. */
	size_t oc_base, oc_size;
	double *oc;
	int oc_lost;
};

/* Derive the double fields from the exact state if anything changed,
 * after putting the teams in byte order of their names (a cache: the
 * const entry points that read them call this; team indices change).
 * SDT_OK or SDT_ENOMEM (accum.c). */
int sdt_accum_settle(const sdt_accum *a);
/* The teams in byte order of their names (accum.c). SDT_OK or SDT_ENOMEM. */
int sdt_accum_sort_teams(sdt_accum *a);
/* Denominators of a new accumulator (accum_exact.c, which calls nothing
 * of accum.c: the exact arithmetic sits below the accumulator); SDT_OK or
 * SDT_ENOMEM. */
int sdt_accum_dens(sdt_accum *a);
void sdt_accum_dens_free(sdt_accum *a);
/* Scale s's score numerator of a row whose `got` answers sum to `sum`
 * (relative to lo); composite c's of a row scored on its scales (value:
 * the scorer's composite, xs: the row's scale numerators). */
int64_t sdt_accum_score_num(const sdt_accum *a, size_t s, int64_t sum, size_t got);
int64_t sdt_accum_comp_num(const sdt_accum *a, size_t c, double value, const int64_t *xs);

/* Outcome o's answer counts: of team t, or of the organisation when t is
 * SIZE_MAX (accum.c). */
const double *sdt_accum_outcome_counts(const sdt_accum *a, size_t t, size_t o);
/* Their sum: the answers. */
double sdt_accum_outcome_n(const sdt_accum *a, size_t t, size_t o);

#define SDT_TEAM_SC_MAX_SCALES 16

#define SDT_HIST_MAX_POINTS 101

/* The scale scores a bootstrap store holds: [*n][*n_scales], NAN where a
 * scale was not scored (bootstrap.c). */
const double *sdt_bootstrap_scores(const sdt_bootstrap *b, size_t *n, size_t *n_scales);
/* Its keyed answers: [n][*n_items], NAN where missing (bootstrap.c). */
const double *sdt_bootstrap_answers(const sdt_bootstrap *b, size_t *n_items);

/* Each team and department (a team path and each of its '/' prefixes) in
 * byte order whose respondents scored on every scale, and the rest of the
 * organisation's, both number at least min_n: fn(ctx, path, len, m) with
 * the group's co-moments m = n, mean[S], c[S * S] (accum_groups.c; none
 * without per-team co-moments). A non-zero return of fn stops and is
 * returned. sdt_accum_group_bound: at most how many groups there are. */
typedef int (*sdt_group_fn)(void *ctx, const char *path, size_t len, const double *m);
int sdt_accum_each_group(const sdt_accum *a, size_t min_n, sdt_group_fn fn, void *ctx);
size_t sdt_accum_group_bound(const sdt_accum *a);

/* sdt_accum_each_group for the co-moments of outcome item o (index
 * among the outcome items) and the scales: m = n, mean[S + 1],
 * c[(S + 1)^2], the outcome last; the rest of the organisation counted
 * over the rows that answered it. */
int sdt_accum_each_group_oc(const sdt_accum *a, size_t o, size_t min_n, sdt_group_fn fn,
                            void *ctx);

/* Forget the teams' scale-score co-moments (accum.c): no group drivers. */
void sdt_accum_drop_team_sc(sdt_accum *a);

/* Forget the answer counts (accum.c): AD_M(J) becomes unknown. */
void sdt_accum_drop_hist(sdt_accum *a);

/* Pair i (in x_pair's order) of scale s over every row that answered both
 * items: the incomplete rows' sums plus the complete rows' from x_lw. */
sdt_xco sdt_accum_pair(const sdt_accum *a, size_t s, size_t i);

/* After reading pairs over all rows into x_pair (a partial), take the
 * complete rows' part out again, as x_pair holds it. */
void sdt_accum_pairs_own(sdt_accum *a);

/* AD_M(J) of one team scale from its answer counts: counts[k * points],
 * per item the number of complete rows giving each answer lo + v. */
double sdt_ad_m(const double *counts, size_t k, size_t points);

/* The disclosure rules of sdt_stats (stats_protect.c). Team reasons by
 * accumulator index (n_teams entries, sdt_hidden); org-level item and
 * composite means hidden where they would isolate a few respondents. */
int sdt_stats_team_reasons(const sdt_accum *a, size_t min_group, unsigned char *reason);
void sdt_stats_protect_org(sdt_stats *st, const sdt_accum *a);
/* The organisation's outcome figures (hidden under min_group answers) and
 * those of a shown team t of `a` (outcomes.c). */
int sdt_stats_outcomes_org(sdt_stats *st, const sdt_accum *a);
int sdt_stats_outcomes_team(sdt_team_stats *tm, const sdt_stats *st, const sdt_accum *a,
                            size_t t);

/* Index of team `name` in a, added (with zero moments) if new; for
 * reading partials (accum_io.c). SDT_OK or SDT_ENOMEM. */
int sdt_accum_team(sdt_accum *a, const char *name, size_t *index);

#endif
