/* TEMPORARY STUB: replaced by the real module. */
#include <math.h>
#include "internal.h"

int sdt_accum_new(sdt_accum **out, const sdt_instrument *ins)
{
(void)out;(void)ins;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

void sdt_accum_free(sdt_accum *a)
{
(void)a;
	
}

int sdt_accum_add(sdt_accum *a, const sdt_response *r, const sdt_scores *s)
{
(void)a;(void)r;(void)s;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_accum_merge(sdt_accum *into, const sdt_accum *from)
{
(void)into;(void)from;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_stats_compute(sdt_stats **out, const sdt_accum *a, const sdt_stats_options *opt)
{
(void)out;(void)a;(void)opt;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

void sdt_stats_free(sdt_stats *st)
{
(void)st;
	
}
