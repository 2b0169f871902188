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

long sdt_rep_wave_group(const sdt_groups *wave, const sdt_groups *cur, size_t i)
{
	long k;

	/* Organisation to organisation: both are every respondent of their
	 * wave, whatever label their root has. */
	if (i == 0)
		return 0;
	k = sdt_groups_find(wave, cur->groups[i].path);
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
static int group_changes(sdt_change *out, sdt_change **list, size_t *n_list,
                         const sdt_wave *prev, const sdt_wave *cur,
                         const sdt_groups *pg, const sdt_groups *cg, size_t i)
{
	long pk = sdt_rep_wave_group(pg, cg, i);
	const char *path = i == 0 ? NULL : cg->groups[i].path;
	size_t j;
	int rc;

	for (j = 0; j < cg->n_scales; j++) {
		sdt_change *c = &out[i * cg->n_scales + j];

		no_change(c);
		/* A group hidden in either wave shows no change: the change and
		 * the visible mean would give the hidden one away. */
		if (!sdt_rep_wave_cell_visible(cg, (long)i, j) ||
		    !sdt_rep_wave_cell_visible(pg, pk, j))
			continue;
		if ((rc = sdt_wave_change(c, prev, cur, path, 0, j)) != SDT_OK)
			return rc;
		if (c->test != SDT_TEST_NONE)
			list[(*n_list)++] = c;
	}
	return SDT_OK;
}

int sdt_report_trend_changes(sdt_change *out, const sdt_wave *prev,
                             const sdt_wave *cur, const sdt_groups *prev_groups,
                             const sdt_groups *cur_groups)
{
	sdt_change **list = NULL;
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
	for (i = 0; i < cur_groups->n_groups && rc == SDT_OK; i++)
		rc = group_changes(out, list, &n, prev, cur, prev_groups, cur_groups, i);
	/* One family: every change the run shows, so a split workbook's
	 * p-values are those of the full workbook. */
	if (rc == SDT_OK)
		rc = sdt_change_adjust(list, n);
done:
	sdt_free(list);
	return rc;
}
