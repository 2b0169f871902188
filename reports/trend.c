/*
 * trend.c - the changes the Trend sheet shows, and which group of an
 * earlier wave is which group of the current one. The visibility rule
 * lives here once: a change is shown only where the group's cell is
 * visible in both waves' own groups.
 */
#include <math.h>
#include <string.h>

#include "rep_engine.h"
#include "sheet.h"

long sdt_rep_wave_group(const sdt_groups *wave, const sdt_groups_index *wave_ix,
                        const sdt_groups *cur, size_t i)
{
	long k;

	/* Organisation to organisation: both are every respondent of their
	 * wave, whatever label their root has. */
	if (i == 0)
		return 0;
	k = wave_ix ? sdt_groups_index_find(wave_ix, cur->groups[i].path)
	            : sdt_groups_find(wave, cur->groups[i].path);
	/* A team that was the whole organisation before (its common root)
	 * matches only when nobody then was without a team: else the earlier
	 * root holds people the team never had. */
	if (k == 0 && wave->n_no_team > 0)
		return -1;
	return k;
}

int sdt_rep_wave_cell_visible(const sdt_groups *wave, long k, size_t scale)
{
	const sdt_group *g;

	if (k < 0 || (size_t)k >= wave->n_groups || scale >= wave->n_scales)
		return 0;
	g = &wave->groups[k];
	return !g->hidden && !g->scales[scale].hidden;
}

static void no_change(sdt_change *c)
{
	memset(c, 0, sizeof *c);
	c->test = SDT_TEST_NONE;
	c->previous_mean = c->current_mean = c->difference = NAN;
	c->ci[0] = c->ci[1] = c->t = c->df = c->p = NAN;
	c->p_adjusted = c->effect_size = NAN;
}

/* One group's changes on every scale; each shown one is listed for the
 * adjustment. */
static void group_changes(sdt_change *out, sdt_change **list, size_t *n_list,
                          const sdt_change *all, const sdt_groups *pg,
                          const sdt_groups_index *pix, const sdt_groups *cg, size_t i)
{
	long pk = sdt_rep_wave_group(pg, pix, cg, i);
	size_t j;

	for (j = 0; j < cg->n_scales; j++) {
		sdt_change *c = &out[i * cg->n_scales + j];

		no_change(c);
		/* A group hidden in either wave shows no change: the change and
		 * the visible mean would give the hidden one away. */
		if (!sdt_rep_wave_cell_visible(cg, (long)i, j) ||
		    !sdt_rep_wave_cell_visible(pg, pk, j))
			continue;
		*c = all[i * cg->n_scales + j];
		if (c->test != SDT_TEST_NONE)
			list[(*n_list)++] = c;
	}
}

/* Every group's changes in one pass over the waves (the organisation's
 * over everyone), hidden or not: group_changes publishes the visible. */
static int all_changes(sdt_change **all, const sdt_wave *prev, const sdt_wave *cur,
                       const sdt_groups *cg)
{
	const char **paths = sdt_calloc(cg->n_groups + 1, sizeof *paths);
	size_t i;
	int rc;

	*all = sdt_calloc(cg->n_groups * cg->n_scales + 1, sizeof **all);
	if (!paths || !*all) {
		sdt_free(paths);
		return sdt_fail_nomem();
	}
	for (i = 1; i < cg->n_groups; i++)
		paths[i] = cg->groups[i].path;
	rc = sdt_wave_changes(*all, prev, cur, paths, cg->n_groups, 0);
	sdt_free(paths);
	return rc;
}

int sdt_report_trend_changes(sdt_change *out, const sdt_wave *prev,
                             const sdt_wave *cur, const sdt_groups *prev_groups,
                             const sdt_groups *cur_groups)
{
	sdt_change **list = NULL, *all = NULL;
	sdt_groups_index *pix = NULL;
	size_t i, n = 0, total;
	int rc = SDT_OK;

	if (!out || !prev || !cur || !prev_groups || !cur_groups ||
	    prev_groups->n_scales != cur_groups->n_scales)
		return sdt_fail(SDT_EUSAGE, "trend: two waves' groups for one instrument are required");
	total = cur_groups->n_groups * cur_groups->n_scales;
	if (!(list = sdt_calloc(total + 1, sizeof *list))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	if ((rc = sdt_groups_index_new(&pix, prev_groups)) != SDT_OK ||
	    (rc = all_changes(&all, prev, cur, cur_groups)) != SDT_OK)
		goto done;
	for (i = 0; i < cur_groups->n_groups; i++)
		group_changes(out, list, &n, all, prev_groups, pix, cur_groups, i);
	/* One family: every change the run shows, so a split workbook's
	 * p-values are those of the full workbook. */
	rc = sdt_change_adjust(list, n);
done:
	sdt_groups_index_free(pix);
	sdt_free(all);
	sdt_free(list);
	return rc;
}
