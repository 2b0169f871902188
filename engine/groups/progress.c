/*
 * progress.c - a group's fielding progress from its counts (sdt_progress.h).
 */
#include <math.h>
#include <string.h>

#include "internal.h"

int sdt_progress_get(sdt_progress *out, const sdt_groups *gs, size_t group)
{
	const sdt_group *g;

	memset(out, 0, sizeof *out);
	out->rate = NAN;
	if (group >= gs->n_groups)
		return sdt_fail(SDT_EUSAGE, "progress: group %zu of %zu", group, gs->n_groups);
	g = &gs->groups[group];
	out->group = g->path;
	out->depth = g->depth;
	out->responses = g->n;
	out->headcount = g->headcount;
	if (g->headcount)
		out->rate = (double)g->n / (double)g->headcount;
	/* what the threshold asks: a group of fewer is never shown */
	out->needed = g->n < gs->min_group ? gs->min_group - g->n : 0;
	out->protected_now = g->n >= gs->min_group && g->hidden;
	out->over_headcount = g->headcount && g->n > g->headcount;
	return SDT_OK;
}
