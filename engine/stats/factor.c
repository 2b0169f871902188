/*
 * factor.c - eigen decompositions, squared multiple correlations and the
 * one-factor maximum-likelihood fit behind omega_total.
 *
 * The fit reproduces stats::factanal (R): uniquenesses psi in [0.005, 1]
 * minimise F(psi) = sum_{m>1} (e_m - log e_m) + 1 - k, where e are the
 * eigenvalues of psi^-1/2 R psi^-1/2, which is log|Sigma| + tr(R Sigma^-1)
 * up to a constant with the loadings profiled out. R's optimiser
 * (L-BFGS-B) stops early; we iterate to a tight optimum instead, which is
 * why omega_total carries a looser tolerance (1e-4) than the rest.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "internal.h"
#include "psychometrics.h"

#define FA_LOWER 0.005 /* factanal's default `lower` */
#define FA_UPPER 1.0
#define FA_MAX_ITER 2000
/* Stop when every free uniqueness satisfies the ML equation
 * diag(lambda lambda' + psi - R) = 0 to this accuracy. */
#define FA_TOL 1e-13
/* If the line search stalls, a residual below this is still an optimum
 * to far better than the 1e-4 omega_total needs. */
#define FA_TOL_STALL 1e-8
/* An eigenvalue this small relative to the largest makes R singular. */
#define SINGULAR_RATIO 1e-12

static int all_finite(const double *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(a[i]))
			return 0;
	return 1;
}

int sdt_eigen_sym(const double *a, size_t k, double *eval, double *evec,
                  double *work)
{
	double *acopy = work, *vec = evec ? evec : work + k * k;
	double *w = work + 2 * k * k;
	gsl_eigen_symmv_workspace ws;
	gsl_matrix_view am, vm;
	gsl_vector_view ev;
	int st;

	/* GSL's QR iteration need not terminate on NaN input. */
	if (k == 0 || !all_finite(a, k * k))
		return sdt_fail(SDT_EINTERNAL, "eigen decomposition of a non-finite matrix");
	memcpy(acopy, a, k * k * sizeof *a);
	/* The workspace is filled by hand so that its memory comes from the
	 * engine's allocator hook, not GSL's malloc. */
	ws.size = k;
	ws.d = w;
	ws.sd = w + k;
	ws.gc = w + 2 * k;
	ws.gs = w + 3 * k;
	am = gsl_matrix_view_array(acopy, k, k);
	vm = gsl_matrix_view_array(vec, k, k);
	ev = gsl_vector_view_array(eval, k);
	st = gsl_eigen_symmv(&am.matrix, &ev.vector, &vm.matrix, &ws);
	if (st == GSL_SUCCESS)
		st = gsl_eigen_symmv_sort(&ev.vector, &vm.matrix,
		                          GSL_EIGEN_SORT_VAL_DESC);
	if (st != GSL_SUCCESS)
		return sdt_fail(SDT_EINTERNAL, "eigen decomposition failed: %s",
		                gsl_strerror(st));
	return SDT_OK;
}

/* diag(R^-1) from R's eigen decomposition, and the flags that say whether
 * R may be inverted at all. */
static void inverse_diag(const double *eval, const double *evec, size_t k,
                         double *invd, unsigned *flags)
{
	double emax = 0.0, emin = INFINITY;
	size_t i, m;

	for (m = 0; m < k; m++) {
		emax = fmax(emax, fabs(eval[m]));
		emin = fmin(emin, fabs(eval[m]));
	}
	if (!(emin > SINGULAR_RATIO * emax)) {
		*flags |= SDT_REL_SINGULAR;
		for (i = 0; i < k; i++)
			invd[i] = NAN;
		return;
	}
	if (eval[k - 1] < 0.0)
		*flags |= SDT_REL_NOT_PD;
	for (i = 0; i < k; i++) {
		invd[i] = 0.0;
		for (m = 0; m < k; m++)
			invd[i] += evec[i * k + m] * evec[i * k + m] / eval[m];
	}
}

int sdt_smc(const double *r, size_t k, double *smc, unsigned *flags)
{
	double *buf, *eval, *evec, *work;
	size_t i;
	int rc;

	buf = sdt_malloc((k + k * k + SDT_EIGEN_WORK(k)) * sizeof *buf);
	if (!buf)
		return sdt_fail_nomem();
	eval = buf;
	evec = eval + k;
	work = evec + k * k;
	rc = sdt_eigen_sym(r, k, eval, evec, work);
	if (rc)
		goto done;
	inverse_diag(eval, evec, k, smc, flags);
	for (i = 0; i < k; i++) {
		smc[i] = 1.0 - 1.0 / smc[i];
		/* A pairwise correlation matrix that is not positive definite gives
		 * SMCs outside [0, 1] (lambda6 of -13.7 seen); psych::smc clamps
		 * them, and so do we, with a warning. */
		if (smc[i] < 0.0 || smc[i] > 1.0) {
			smc[i] = smc[i] < 0.0 ? 0.0 : 1.0;
			*flags |= SDT_REL_SMC_CLAMPED;
		}
	}
done:
	sdt_free(buf);
	return rc;
}

/* Scratch for the fit: one allocation, carved up. */
typedef struct fa_ctx {
	const double *r;
	size_t k;
	double *sstar, *eval, *evec, *work;
	double *g, *gn, *xn, *d, *s, *y, *h, *hy;
} fa_ctx;

/* F and its gradient at psi, as factanal's FAfn / FAgr; loadings too if
 * `load` is given. A psi where psi^-1/2 R psi^-1/2 is not positive
 * definite gives F = +inf (the line search then steps back). */
static int fa_eval(fa_ctx *c, const double *psi, double *f, double *g,
                   double *load)
{
	size_t i, j, k = c->k;
	double sum = 0.0, l1, lam;
	int rc;

	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			c->sstar[i * k + j] = c->r[i * k + j] / sqrt(psi[i] * psi[j]);
	rc = sdt_eigen_sym(c->sstar, k, c->eval, c->evec, c->work);
	if (rc)
		return rc;
	for (i = 1; i < k; i++) {
		if (!(c->eval[i] > 0.0)) {
			*f = INFINITY;
			return SDT_OK;
		}
		sum += c->eval[i] - log(c->eval[i]);
	}
	*f = sum + 1.0 - (double)k;
	l1 = sqrt(fmax(c->eval[0] - 1.0, 0.0));
	for (i = 0; i < k; i++) {
		lam = sqrt(psi[i]) * c->evec[i * k] * l1;
		if (load)
			load[i] = lam;
		if (g)
			g[i] = (lam * lam + psi[i] - c->r[i * k + i]) / (psi[i] * psi[i]);
	}
	return SDT_OK;
}

/* A bound is active when psi sits on it and the gradient pushes outward. */
static int fa_active(double x, double g)
{
	return (x <= FA_LOWER && g > 0.0) || (x >= FA_UPPER && g < 0.0);
}

/* Largest ML-equation residual over the free uniquenesses. */
static double fa_residual(const double *x, const double *g, size_t k)
{
	double m = 0.0;
	size_t i;

	for (i = 0; i < k; i++)
		if (!fa_active(x[i], g[i]))
			m = fmax(m, fabs(g[i]) * x[i] * x[i]);
	return m;
}

/* Inverse Hessian guess diag(psi^2): its first step is the classical
 * principal-axis update psi <- diag(R - lambda lambda'). */
static void fa_reset(double *h, const double *x, size_t k)
{
	size_t i;

	memset(h, 0, k * k * sizeof *h);
	for (i = 0; i < k; i++)
		h[i * k + i] = x[i] * x[i];
}

/* Search direction -H g on the free variables; resets H when it is not a
 * descent direction. */
static void fa_direction(fa_ctx *c, const double *x)
{
	size_t i, j, k = c->k;
	double slope = 0.0;

	for (i = 0; i < k; i++) {
		c->d[i] = 0.0;
		if (fa_active(x[i], c->g[i]))
			continue;
		for (j = 0; j < k; j++)
			if (!fa_active(x[j], c->g[j]))
				c->d[i] -= c->h[i * k + j] * c->g[j];
		slope += c->d[i] * c->g[i];
	}
	if (slope < 0.0)
		return;
	fa_reset(c->h, x, k);
	for (i = 0; i < k; i++)
		c->d[i] = fa_active(x[i], c->g[i]) ? 0.0 : -x[i] * x[i] * c->g[i];
}

/* Projected backtracking line search from x along d. Returns SDT_OK with
 * *ok = 1 and xn, gn, *fn set when a step was taken. Near the optimum F
 * is flat to rounding (it is a sum of O(1) terms whose changes are the
 * square of the residual), so a step that leaves F unchanged within that
 * noise is also taken when it shrinks the ML-equation residual. */
static int fa_search(fa_ctx *c, const double *x, double f, double *fn,
                     int *ok)
{
	double t = 1.0, dec, noise = 64.0 * DBL_EPSILON * (double)c->k;
	double res = fa_residual(x, c->g, c->k);
	size_t i, k = c->k;
	int rc;

	*ok = 0;
	for (; t > 1e-20; t *= 0.5) {
		dec = 0.0;
		for (i = 0; i < k; i++) {
			c->xn[i] = fmin(FA_UPPER, fmax(FA_LOWER, x[i] + t * c->d[i]));
			dec += c->g[i] * (c->xn[i] - x[i]);
		}
		rc = fa_eval(c, c->xn, fn, c->gn, NULL);
		if (rc)
			return rc;
		if (!(*fn < INFINITY))
			continue;
		if (*fn <= f + 1e-4 * dec
		    || (*fn <= f + noise && fa_residual(c->xn, c->gn, k) < res)) {
			*ok = 1;
			return SDT_OK;
		}
	}
	return SDT_OK;
}

/* BFGS update of the inverse Hessian H with step s and gradient change y:
 * H <- (I - rho s y') H (I - rho y s') + rho s s'. */
static void fa_bfgs(fa_ctx *c)
{
	size_t i, j, k = c->k;
	double sy = 0.0, yhy = 0.0, rho;

	for (i = 0; i < k; i++)
		sy += c->s[i] * c->y[i];
	if (!(sy > 1e-300))
		return; /* curvature condition fails: keep H */
	rho = 1.0 / sy;
	for (i = 0; i < k; i++) {
		c->hy[i] = 0.0;
		for (j = 0; j < k; j++)
			c->hy[i] += c->h[i * k + j] * c->y[j];
		yhy += c->y[i] * c->hy[i];
	}
	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			c->h[i * k + j] += (1.0 + rho * yhy) * rho * c->s[i] * c->s[j]
			                   - rho * (c->hy[i] * c->s[j] + c->s[i] * c->hy[j]);
}

/* Whether the set of active bounds differs between x (with gradient g)
 * and xn (with gn). */
static int fa_active_changed(const fa_ctx *c, const double *x)
{
	size_t i;

	for (i = 0; i < c->k; i++)
		if (fa_active(x[i], c->g[i]) != fa_active(c->xn[i], c->gn[i]))
			return 1;
	return 0;
}

/* Minimise F from x (the start) in place; *converged says whether the
 * ML equations hold at the end. */
static int fa_fit(fa_ctx *c, double *x, int *converged)
{
	double f, fn;
	size_t i, k = c->k, iter;
	int rc, ok;

	*converged = 0;
	rc = fa_eval(c, x, &f, c->g, NULL);
	if (rc || !(f < INFINITY))
		return rc;
	fa_reset(c->h, x, k);
	for (iter = 0; iter < FA_MAX_ITER; iter++) {
		if (fa_residual(x, c->g, k) < FA_TOL) {
			*converged = 1;
			return SDT_OK;
		}
		fa_direction(c, x);
		rc = fa_search(c, x, f, &fn, &ok);
		if (rc)
			return rc;
		if (!ok)
			break;
		for (i = 0; i < k; i++) {
			c->s[i] = c->xn[i] - x[i];
			c->y[i] = c->gn[i] - c->g[i];
		}
		if (fa_active_changed(c, x))
			fa_reset(c->h, c->xn, k);
		else
			fa_bfgs(c);
		memcpy(x, c->xn, k * sizeof *x);
		memcpy(c->g, c->gn, k * sizeof *x);
		f = fn;
	}
	*converged = fa_residual(x, c->g, k) < FA_TOL_STALL;
	return SDT_OK;
}

static double *fa_alloc(fa_ctx *c, const double *r, size_t k)
{
	double *buf = sdt_malloc((4 * k * k + 10 * k + SDT_EIGEN_WORK(k))
	                         * sizeof *buf);

	if (!buf)
		return NULL;
	c->r = r;
	c->k = k;
	c->sstar = buf;
	c->evec = buf + k * k;
	c->h = buf + 2 * k * k;
	c->work = buf + 3 * k * k; /* SDT_EIGEN_WORK(k) = 2k^2 + 4k */
	c->eval = c->work + SDT_EIGEN_WORK(k);
	c->g = c->eval + k;
	c->gn = c->g + k;
	c->xn = c->gn + k;
	c->d = c->xn + k;
	c->s = c->d + k;
	c->y = c->s + k;
	c->hy = c->y + k;
	return buf;
}

/* factanal's start, (1 - 0.5 q / p) / diag(R^-1), kept inside the bounds. */
static int fa_start(fa_ctx *c, double *x, unsigned *flags)
{
	size_t i, k = c->k;
	int rc = sdt_eigen_sym(c->r, k, c->eval, c->evec, c->work);

	if (rc)
		return rc;
	inverse_diag(c->eval, c->evec, k, x, flags);
	for (i = 0; i < k; i++)
		x[i] = fmin(FA_UPPER, fmax(FA_LOWER, (1.0 - 0.5 / (double)k) / x[i]));
	return SDT_OK;
}

/* With tied correlations (e.g. all equal and negative) the gradient also
 * vanishes on saddle points, and which one the fit stops on depends on the
 * last bits of R, so on row order: omega came out 2e-33 or the ML answer
 * (0.018 on the test's data). So the fit is repeated from k more starts,
 * each with one uniqueness halved, and the lowest F kept; on ordinary data
 * they all find factanal's minimum. */
static int fa_unsaddle(fa_ctx *c, double *x, const double *start, double *xj)
{
	double f, fj;
	size_t j, k = c->k;
	int rc, converged;

	if ((rc = fa_eval(c, x, &f, NULL, NULL)) != SDT_OK)
		return rc;
	for (j = 0; j < k; j++) {
		memcpy(xj, start, k * sizeof *xj);
		xj[j] = fmax(FA_LOWER, xj[j] * 0.5);
		if ((rc = fa_fit(c, xj, &converged)) != SDT_OK)
			return rc;
		if (!converged)
			continue;
		if ((rc = fa_eval(c, xj, &fj, NULL, NULL)) != SDT_OK)
			return rc;
		/* strictly lower: on a unique minimum the first fit stands, and no
		 * warning either way, since the result is the ML fit whichever
		 * start found it */
		if (fj < f - 1e-10) {
			f = fj;
			memcpy(x, xj, k * sizeof *x);
		}
	}
	return SDT_OK;
}

int sdt_omega_ml(const double *r, size_t k, double *omega, double *loadings,
                 double *psi, unsigned *flags)
{
	fa_ctx c;
	double *buf = NULL, *x, *load, *start, f, sl = 0.0, sp = 0.0;
	size_t i;
	int rc = SDT_OK, converged;

	*omega = NAN;
	if (k < 3 || !all_finite(r, k * k))
		return SDT_OK;
	buf = fa_alloc(&c, r, k);
	x = sdt_malloc(4 * k * sizeof *x);
	if (!buf || !x) {
		rc = sdt_fail_nomem();
		goto done;
	}
	load = x + k;
	start = x + 2 * k;
	rc = fa_start(&c, x, flags);
	if (rc || (*flags & (SDT_REL_SINGULAR | SDT_REL_NOT_PD)))
		goto done;
	memcpy(start, x, k * sizeof *x);
	rc = fa_fit(&c, x, &converged);
	if (rc)
		goto done;
	if (!converged) {
		*flags |= SDT_REL_NO_FIT;
		goto done;
	}
	if ((rc = fa_unsaddle(&c, x, start, x + 3 * k)) != SDT_OK)
		goto done;
	rc = fa_eval(&c, x, &f, NULL, load);
	if (rc)
		goto done;
	for (i = 0; i < k; i++) {
		sl += load[i];
		sp += x[i];
		if (x[i] <= FA_LOWER)
			*flags |= SDT_REL_HEYWOOD;
		if (loadings)
			loadings[i] = load[i];
		if (psi)
			psi[i] = x[i];
	}
	*omega = sl * sl / (sl * sl + sp);
done:
	sdt_free(buf);
	sdt_free(x);
	return rc;
}
