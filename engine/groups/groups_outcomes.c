/*
 * groups_outcomes.c - the outcome items' figures of every group of a
 * report (organisation, departments, teams), decided by the disclosure
 * engine as the scales' are: one system per outcome whose inner cells are
 * the teams (exact paths) and the respondents without a team, and whose
 * cells are the groups. A group hidden for its scales starts hidden, so
 * it shows no outcome either, and no shown cell gives a hidden one away.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "psychometrics.h"
#include "sdt_disclosure.h"
#include "sdt_groups.h"

/* 1 when team path t lies in group path g (equal, or below it). */
static int under(const char *t, const char *g)
{
	size_t n = strlen(g);

	return strncmp(t, g, n) == 0 && (t[n] == '\0' || t[n] == '/');
}

/* The inner cells (accumulator teams, then "no team") of group k. */
static size_t members(const sdt_groups *g, const sdt_accum *a, size_t k, size_t *idx)
{
	size_t t, n = 0;

	for (t = 0; t < a->n_teams; t++)
		if (k == 0 || under(a->team_name[t], g->groups[k].path))
			idx[n++] = t;
	if (k == 0)
		idx[n++] = a->n_teams;
	return n;
}

static int decide(const sdt_groups *g, const sdt_accum *a, size_t o, double *count,
                  size_t *idx, unsigned char *hidden)
{
	sdt_disclosure *d = NULL;
	size_t t, k, id, n;
	double rest = sdt_accum_outcome_n(a, SIZE_MAX, o);
	int rc;

	for (t = 0; t < a->n_teams; t++) {
		count[t] = sdt_accum_outcome_n(a, t, o);
		rest -= count[t];
	}
	count[a->n_teams] = rest > 0.0 ? rest : 0.0;
	if ((rc = sdt_disclosure_new(&d, a->n_teams + 1, count, (double)g->min_group)) != SDT_OK)
		goto done;
	for (k = 0; k < g->n_groups; k++) {
		n = members(g, a, k, idx);
		if ((rc = sdt_disclosure_add(d, idx, n, &id)) != SDT_OK ||
		    (g->groups[k].hidden && (rc = sdt_disclosure_hide(d, id)) != SDT_OK))
			goto done;
	}
	if ((rc = sdt_disclosure_run(d)) != SDT_OK)
		goto done;
	for (k = 0; k < g->n_groups; k++)
		hidden[k] = (unsigned char)sdt_disclosure_result(d, k);
done:
	sdt_disclosure_free(d);
	return rc;
}

/* Group k's counts of outcome o: the sum over its teams (all for k = 0). */
static void group_counts(const sdt_groups *g, const sdt_accum *a, size_t k, size_t o,
                         double *c, size_t *idx)
{
	size_t n = members(g, a, k, idx), j, v, np = a->out_off[o + 1] - a->out_off[o];
	const double *x;

	if (k == 0) {
		memcpy(c, sdt_accum_outcome_counts(a, SIZE_MAX, o), np * sizeof *c);
		return;
	}
	memset(c, 0, np * sizeof *c);
	for (j = 0; j < n; j++) {
		x = sdt_accum_outcome_counts(a, idx[j], o);
		for (v = 0; v < np; v++)
			c[v] += x[v];
	}
}

static void fill(sdt_outcome_stats *x, const sdt_accum *a, size_t o, const double *c,
                 int hidden)
{
	size_t item = sdt_instrument_outcome_item(a->ins, o);

	sdt_outcome_from_counts(x, c, sdt_instrument_item_min(a->ins, item),
	                        sdt_instrument_item_max(a->ins, item),
	                        sdt_instrument_item_favourable_min(a->ins, item),
	                        sdt_instrument_item_is_enps(a->ins, item));
	x->id = sdt_instrument_item_id(a->ins, item);
	if (!hidden)
		return;
	x->hidden = hidden;
	x->mean = x->sd = x->favourable = NAN;
	x->promoters = x->detractors = x->enps_score = NAN;
	x->enps_ci[0] = x->enps_ci[1] = NAN;
}

int sdt_groups_outcomes(sdt_outcome_stats **out, const struct sdt_groups *g,
                        const sdt_accum *a)
{
	double *count = NULL, *c = NULL;
	size_t *idx = NULL, k, o, no;
	unsigned char *hidden = NULL;
	sdt_outcome_stats *x = NULL;
	int rc = SDT_OK;

	if (!out || !g || !a)
		return sdt_fail(SDT_EUSAGE, "sdt_groups_outcomes: NULL argument");
	*out = NULL;
	if (!(no = a->n_out))
		return SDT_OK;
	count = sdt_calloc(a->n_teams + 1, sizeof *count);
	idx = sdt_calloc(a->n_teams + 1, sizeof *idx);
	hidden = sdt_calloc(g->n_groups + 1, 1);
	c = sdt_calloc(a->ostride + 1, sizeof *c);
	x = sdt_calloc(g->n_groups * no + 1, sizeof *x);
	if (!count || !idx || !hidden || !c || !x) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (o = 0; o < no && rc == SDT_OK; o++) {
		if ((rc = decide(g, a, o, count, idx, hidden)) != SDT_OK)
			break;
		for (k = 0; k < g->n_groups; k++) {
			group_counts(g, a, k, o, c, idx);
			fill(&x[k * no + o], a, o, c, hidden[k]);
		}
	}
done:
	if (rc == SDT_OK) {
		*out = x;
		x = NULL;
	}
	sdt_free(x);
	sdt_free(count);
	sdt_free(idx);
	sdt_free(hidden);
	sdt_free(c);
	return rc;
}

void sdt_groups_outcomes_free(sdt_outcome_stats *x)
{
	sdt_free(x);
}
