/*
 * disclosure.h - closure check of published counts (internal).
 */
#ifndef SDT_DISCLOSURE_H
#define SDT_DISCLOSURE_H

#include "internal.h"

typedef struct sdt_disclosure {
	size_t n_terms;
	const double *count;   /* respondents behind each term */
	const int *published;  /* 1 when the term's figures are published */
	size_t n_constraints;
	const size_t *start;   /* constraint c: terms[start[c] .. start[c] + len[c]) */
	const size_t *len;     /* the first is the lhs, the rest the rhs */
	const size_t *terms;
} sdt_disclosure;

/* Index of a constraint that leaks 1..min-1 respondents, or -1 when none
 * does. known[] (n_terms) is scratch, left holding 0 unknown, 1 published,
 * 2 derived. */
long sdt_disclosure_find_leak(sdt_disclosure *d, int *known, double min);

#endif
