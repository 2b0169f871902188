/*
 * disclosure.c - a check of what a reader can work out from published
 * counts-with-figures, by closure over linear constraints "lhs = sum of
 * rhs". A term is known when published, or derived when every other term
 * of a constraint is known. A leak is a derived term, or the sum of the
 * unknown terms of a constraint whose lhs is known, that covers 1..N-1
 * respondents. Used where the simple rules of protect.c interact (the two
 * directions of a breakdown) to find and close what they miss.
 */
#include "disclosure.h"

static int derive(sdt_disclosure *d, int *known)
{
	size_t c, k, unknown, last = 0;
	int changed = 0;
	const size_t *t;

	for (c = 0; c < d->n_constraints; c++) {
		t = d->terms + d->start[c];
		unknown = 0;
		for (k = 1; k < d->len[c]; k++)
			if (!known[t[k]]) {
				unknown++;
				last = t[k];
			}
		if (known[t[0]] && unknown == 1) {
			known[last] = 2; /* derived */
			changed = 1;
		} else if (!known[t[0]] && unknown == 0) {
			known[t[0]] = 2;
			changed = 1;
		}
	}
	return changed;
}

long sdt_disclosure_find_leak(sdt_disclosure *d, int *known, double min)
{
	size_t c, k, i;
	double s;
	const size_t *t;

	for (i = 0; i < d->n_terms; i++)
		known[i] = d->published[i];
	while (derive(d, known))
		;
	for (c = 0; c < d->n_constraints; c++) {
		t = d->terms + d->start[c];
		for (k = 0; k < d->len[c]; k++)
			if (known[t[k]] == 2 && d->count[t[k]] > 0 && d->count[t[k]] < min)
				return (long)c;
		if (!known[t[0]])
			continue;
		s = 0.0;
		for (k = 1; k < d->len[c]; k++)
			if (!known[t[k]])
				s += d->count[t[k]];
		if (s > 0 && s < min)
			return (long)c;
	}
	return -1;
}
