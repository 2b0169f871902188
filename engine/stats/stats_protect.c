/*
 * stats_protect.c - the disclosure rules of sdt_stats: which teams, item
 * means and composite means may be published beside the organisation's
 * scale figures.
 *
 * Teams: per scale and per outcome item, one disclosure system whose
 * inner cells are the teams (exact paths) and the respondents without a
 * team, and whose cells are the organisation and each team. A team is
 * suppressed as a whole when any of its scale or outcome cells is hidden;
 * it is then hidden on every scale and outcome, and protected there too,
 * until no system hides a further team.
 *
 * Item and composite means are over other sets of people than the scale
 * means (items: everyone who answered the item; composites: everyone
 * scored on all of its scales). Their sums minus the scale sums isolate
 * the respondents who answered some but not all of a scale's items (or
 * were scored on some but not all of a composite's scales). The counts
 * bound how many those are: E = sum of the parts' n - k * n(complete)
 * excess answers come from at least ceil(E / (k - 1)) respondents. When
 * that bound is under min_group, the means are hidden. A composite is
 * hidden too when one of its scales is: over the same people, its mean
 * and the shown scales' means would give the hidden one back.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_disclosure.h"

/* Fold reason r into *into: a cell under the threshold names the threshold. */
static void fold(unsigned char *into, sdt_hidden r)
{
	if (r == SDT_HIDDEN_MIN_GROUP || (r == SDT_HIDDEN_PROTECTION && *into == SDT_SHOWN))
		*into = (unsigned char)r;
}

/* Measure s: a scale (s < n_scales), else outcome s - n_scales, whose
 * answers are counted alike: the organisation's and each team's. */
static double measure_n(const sdt_accum *a, size_t s, size_t t)
{
	if (s < a->n_scales)
		return t == SIZE_MAX ? a->score[s].n : a->team_mom[t * a->stride + s].n;
	return sdt_accum_outcome_n(a, t, s - a->n_scales);
}

static int scale_system(const sdt_accum *a, size_t s, double min, const unsigned char *in,
                        unsigned char *reason, double *count, size_t *idx)
{
	sdt_disclosure *d = NULL;
	size_t t, id, n = a->n_teams;
	double rest = measure_n(a, s, SIZE_MAX);
	int rc;

	for (t = 0; t < n; t++) {
		count[t] = measure_n(a, s, t);
		rest -= count[t];
		idx[t] = t;
	}
	count[n] = rest > 0.0 ? rest : 0.0; /* no team */
	idx[n] = n;
	if ((rc = sdt_disclosure_new(&d, n + 1, count, min)) != SDT_OK ||
	    (rc = sdt_disclosure_add(d, idx, n + 1, &id)) != SDT_OK)
		goto done;
	for (t = 0; t < n; t++)
		if ((rc = sdt_disclosure_add(d, &idx[t], 1, &id)) != SDT_OK ||
		    (in[t] && (rc = sdt_disclosure_hide(d, id)) != SDT_OK))
			goto done;
	if ((rc = sdt_disclosure_run(d)) != SDT_OK)
		goto done;
	for (t = 0; t < n; t++)
		fold(&reason[t], sdt_disclosure_result(d, t + 1));
done:
	sdt_disclosure_free(d);
	return rc;
}

int sdt_stats_team_reasons(const sdt_accum *a, size_t min_group, unsigned char *reason)
{
	double *count = sdt_calloc(a->n_teams + 1, sizeof *count);
	size_t *idx = sdt_calloc(a->n_teams + 1, sizeof *idx), s, t;
	unsigned char *in = sdt_calloc(a->n_teams + 1, 1);
	int rc = SDT_OK, grew = 1;

	if (!count || !idx || !in) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (t = 0; t < a->n_teams; t++)
		reason[t] = a->team_rows[t] < (double)min_group ? SDT_HIDDEN_MIN_GROUP : SDT_SHOWN;
	/* Each round hides at least one more team or stops. */
	while (grew && rc == SDT_OK) {
		memcpy(in, reason, a->n_teams);
		/* outcomes are published per team like scale means: one system each */
		for (s = 0; s < a->n_scales + a->n_out && rc == SDT_OK; s++)
			rc = scale_system(a, s, (double)min_group, in, reason, count, idx);
		for (t = 0, grew = 0; t < a->n_teams; t++)
			grew |= (in[t] == SDT_SHOWN) != (reason[t] == SDT_SHOWN);
	}
done:
	sdt_free(count);
	sdt_free(idx);
	sdt_free(in);
	return rc;
}

/* 1 when `excess` answers from respondents with 1 .. k-1 parts each could
 * come from fewer than min respondents. */
static int too_few(double excess, double k, double min)
{
	return excess > 0.5 && k > 1.0 && ceil(excess / (k - 1.0) - 1e-9) < min;
}

void sdt_stats_protect_org(sdt_stats *st, const sdt_accum *a)
{
	size_t s, i, c, m;
	double k, excess, min = (double)st->min_group;
	int hid;
	sdt_scale_stats *sc;
	sdt_composite_stats *cs;

	for (s = 0; s < st->n_scales; s++) {
		sc = &st->scales[s];
		k = (double)sc->n_items;
		for (i = 0, excess = 0.0; i < sc->n_items; i++)
			excess += sc->items[i].n > 0 && (double)sc->items[i].n < min;
		if ((sc->n > 0 && (double)sc->n < min) || excess > 0.0) {
			sc->hidden = SDT_HIDDEN_MIN_GROUP;
			sc->items_hidden = SDT_HIDDEN_MIN_GROUP;
			sc->mean = sc->sd = NAN;
			for (i = 0; i < sc->n_items; i++)
				sc->items[i].mean = sc->items[i].sd = NAN;
			continue;
		}
		for (i = 0, excess = -k * (double)sc->listwise_n; i < sc->n_items; i++)
			excess += (double)sc->items[i].n;
		if (!too_few(excess, k, min))
			continue;
		sc->items_hidden = SDT_HIDDEN_PROTECTION;
		for (i = 0; i < sc->n_items; i++)
			sc->items[i].mean = sc->items[i].sd = NAN;
	}
	for (c = 0; c < st->n_composites; c++) {
		cs = &st->composites[c];
		m = sdt_instrument_composite_scale_count(a->ins, c);
		for (i = 0, excess = -(double)m * (double)cs->n, hid = 0; i < m; i++) {
			excess += a->score[sdt_instrument_composite_scale(a->ins, c, i)].n;
			hid |= st->scales[sdt_instrument_composite_scale(a->ins, c, i)].hidden !=
			       SDT_SHOWN;
		}
		if (cs->n > 0 && (double)cs->n < min)
			cs->hidden = SDT_HIDDEN_MIN_GROUP;
		else if (too_few(excess, (double)m, min) || hid)
			/* with a scale hidden, the composite and its shown scales
			 * would give the hidden mean back */
			cs->hidden = SDT_HIDDEN_PROTECTION;
		else
			continue;
		cs->mean = cs->sd = NAN;
	}
}
