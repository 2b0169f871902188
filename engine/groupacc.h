/*
 * groupacc.h - per-team sufficient statistics behind sdt_groups (internal).
 */
#ifndef SDT_GROUPACC_H
#define SDT_GROUPACC_H

#include "internal.h"

/* Running moments of a set of values: count, mean and sum of squared
 * deviations (Welford), mergeable exactly (Chan et al.). */
typedef struct sdt_moments {
	double n, mean, m2;
} sdt_moments;

void sdt_moments_add(sdt_moments *m, double x);
void sdt_moments_merge(sdt_moments *into, const sdt_moments *from);
/* The moments of `all` without the subset `part` (part must be inside all). */
sdt_moments sdt_moments_minus(const sdt_moments *all, const sdt_moments *part);

/* Per scale: score moments, and item answers counted as favourable or
 * unfavourable over the scale's items. */
typedef struct sdt_gscale {
	sdt_moments score;
	double answers, fav, unfav;
} sdt_gscale;

typedef struct sdt_gitem {
	double n, fav, unfav;
} sdt_gitem;

/* One team (or the no-team bucket, whose path is NULL). */
typedef struct sdt_gteam {
	char *path;
	double n;
	sdt_gscale *scales;
	sdt_gitem *items;
} sdt_gteam;

typedef struct sdt_headcount {
	char *path;
	size_t count;
} sdt_headcount;

struct sdt_groupacc {
	const sdt_instrument *ins;
	size_t n_scales, n_items;
	sdt_gteam *teams;   /* [0] is the no-team bucket */
	size_t n_teams, cap_teams;
	size_t *slots;      /* hash of team path -> team index + 1 */
	size_t n_slots;
	sdt_headcount *headcounts;
	size_t n_headcounts;
	double fav_min, unfav_max;
};

/* Fold team `from` into `into` (same instrument). */
void sdt_gteam_merge(sdt_gteam *into, const sdt_gteam *from, size_t n_scales,
                     size_t n_items);

/* Fold every team of `from` into `into` (same instrument, disjoint
 * respondents; headcounts are not merged). SDT_OK or SDT_ENOMEM. */
int sdt_groupacc_merge(sdt_groupacc *into, const sdt_groupacc *from);

#endif
