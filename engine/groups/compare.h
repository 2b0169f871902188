/*
 * compare.h - two-sample comparisons shared by groups and waves (internal).
 */
#ifndef SDT_COMPARE_H
#define SDT_COMPARE_H

#include "groupacc.h"

typedef struct sdt_test_result {
	double diff;   /* mean1 - mean2 (Welch) or mean difference (paired) */
	double t, df, p;
	double ci[2];  /* 95 % CI of diff */
	double effect; /* Hedges' g (Welch) or d_z (paired) */
} sdt_test_result;

/* Welch's t test of sample 1 against sample 2 from their moments; Hedges'
 * g with J = 1 - 3 / (4 (n1 + n2) - 9). Fields are NAN when undefined
 * (fewer than two values on a side; no spread at all). */
void sdt_welch(sdt_test_result *r, const sdt_mom *a, const sdt_mom *b);

/* One-sample t test of differences against 0; effect d_z = mean / sd. */
void sdt_paired(sdt_test_result *r, const sdt_mom *d);

/* Benjamini-Hochberg: adj[i] = min over j with p(j) >= p(i) of m p(j) / rank(j),
 * capped at 1, over the finite entries of p (m = their count); NAN stays
 * NAN. adj may alias nothing. */
int sdt_bh(const double *p, size_t n, double *adj);

typedef struct sdt_wave sdt_wave;

/* out[i]: the respondents of wave w whose team is exactly teams[i] (NULL:
 * every respondent), as sdt_wave_group_size(w, teams[i], 1) counts them,
 * in one pass over the wave (waves.c). SDT_OK or SDT_ENOMEM. */
int sdt_wave_team_sizes(size_t *out, const sdt_wave *w, const char *const *teams, size_t n);

#endif
