/*
 * protect.c - anonymity: the threshold and differencing protection.
 *
 * Publishing a parent and some of its children lets a reader subtract: the
 * parent minus its visible children is exactly the hidden children plus
 * the members assigned directly to the parent. That remainder must be 0
 * or at least N respondents. When it is not, the smallest visible sibling
 * is hidden too, with its whole subtree: hiding only the sibling but
 * publishing its children would let the reader add them back up.
 */
#include "groups_impl.h"

static void hide_subtree(const size_t *subtree, size_t i, int *hidden,
                         int *by_protection, int protection)
{
	size_t k;

	for (k = i; k < i + subtree[i]; k++) {
		if (!hidden[k] && by_protection)
			by_protection[k] = protection;
		hidden[k] = 1;
	}
}

/* Hide one more child of p when its remainder is 1..min-1; 1 if it did. */
static int protect_parent(const long *parent, const size_t *subtree,
                          const double *count, size_t p, double min,
                          int *hidden, int *by_protection)
{
	double visible = 0.0, rest;
	size_t c;
	long smallest = -1;

	for (c = p + 1; c < p + subtree[p]; c++) {
		if (parent[c] != (long)p || hidden[c])
			continue;
		visible += count[c];
		if (smallest < 0 || count[c] < count[smallest])
			smallest = (long)c;
	}
	rest = count[p] - visible;
	if (rest <= 0.0 || rest >= min)
		return 0;
	if (smallest < 0) { /* cannot happen when count[p] >= min; stay safe */
		hide_subtree(subtree, p, hidden, by_protection, 1);
		return 1;
	}
	hide_subtree(subtree, (size_t)smallest, hidden, by_protection, 1);
	return 1;
}

void sdt_protect(const long *parent, const size_t *subtree, const double *count,
                 size_t n, double min, int *hidden, int *by_protection)
{
	size_t i;
	int changed = 1;

	for (i = 0; i < n; i++)
		if (hidden[i] || count[i] < min)
			hide_subtree(subtree, i, hidden, by_protection, 0);
	/* Hiding a child only ever grows its parent's remainder, and touches
	 * no other parent's, so this settles; the loop guards the general case. */
	while (changed) {
		changed = 0;
		for (i = 0; i < n; i++)
			if (!hidden[i])
				changed |= protect_parent(parent, subtree, count, i, min,
				                          hidden, by_protection);
	}
}
