/*
 * rwg_table.c - the precomputed rwg(j) null cutoffs: the numbers are
 * rwg_table.inc, written by `make rwg-table` (tools/rwg_table.c) from
 * sdt_rwg_null_simulate; this file only reads their rows.
 */
#include "psychometrics.h"

/* Row after row: points, items, n_max, then cut(n) for n = 2..n_max.
 * The shape numbers are small integers, exact as doubles. */
static const double data[] = {
#include "rwg_table.inc"
};

#define DATA_LEN (sizeof data / sizeof data[0])

int sdt_rwg_table_next(sdt_rwg_row *out, size_t *at)
{
	size_t n_max;

	/* a row needs its three shape numbers and at least n = 2 */
	if (*at + 3 >= DATA_LEN || data[*at + 2] < 2.0 || data[*at + 2] > (double)DATA_LEN)
		return 0;
	n_max = (size_t)data[*at + 2];
	if (n_max - 1 > DATA_LEN - (*at + 3))
		return 0;
	out->a_points = (size_t)data[*at];
	out->j = (size_t)data[*at + 1];
	out->n_max = n_max;
	out->cut = &data[*at + 3];
	*at += 3 + (n_max - 1);
	return 1;
}
