/*
 * groupacc.h - per-team sufficient statistics behind sdt_groups (internal).
 */
#ifndef SDT_GROUPACC_H
#define SDT_GROUPACC_H

#include "internal.h"
#include "psychometrics.h"

/* Running moments of scores are the engine's one moment struct, sdt_mom
 * (psychometrics.h: Welford updates, Chan et al.'s merge). */
/* The moments of `all` without the subset `part` (part must be inside all). */
sdt_mom sdt_mom_minus(const sdt_mom *all, const sdt_mom *part);

/* Per scale: score moments, and item answers counted as favourable or
 * unfavourable over the scale's items. */
typedef struct sdt_gscale {
	sdt_mom score;
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
	sdt_mom *comps; /* per composite: respondents scored on all its scales */
	/* A groupacc's teams: the exact state of scores and comps (numerators
	 * as the accumulator's, accum_exact.c), from which sdt_groupacc_settle
	 * derives them, so that any split of the rows gives the same bits;
	 * NULL in a group tree's nodes. */
	sdt_xmom *xscore, *xcomp;
	/* Inner cells for the disclosure engine: the attribute-value
	 * combinations seen in this team (global combination ids) and, per
	 * combination, scale and class (0 complete, 1 partial), the scored
	 * respondents: cells[(k * n_scales + j) * 2 + class]. */
	size_t n_combos, cap_combos;
	size_t *combo;
	double *cells;
} sdt_gteam;

/* At most this many attributes take part in one run's inner cells. */
#define SDT_GROUPACC_MAX_BY 8

typedef struct sdt_headcount {
	char *path;
	size_t count;
} sdt_headcount;

struct sdt_groupacc {
	const sdt_instrument *ins;
	size_t n_scales, n_items, n_comps;
	sdt_gteam *teams;   /* [0] is the no-team bucket */
	size_t n_teams, cap_teams;
	sdt_strmap team_map; /* team path -> team index (teams 1 on) */
	sdt_headcount *headcounts;
	size_t n_headcounts;
	double fav_min, unfav_max;
	long *item_scale;   /* the scale whose complete respondents an item's figures count, or -1 */
	/* Attributes that published figures break down by (--by), and every
	 * combination of their values seen: combo_val[c * n_by + a], NULL for
	 * no value. Combination 0 is "no value for any". */
	size_t n_by;
	char *by[SDT_GROUPACC_MAX_BY];
	size_t n_combo_ids, cap_combo_ids;
	char **combo_val;
	sdt_strmap combo_map; /* the values -> id */
	/* the denominators of exact scale and composite scores (an empty
	 * accumulator's), and one row's scale numerators */
	sdt_accum *den;
	int64_t *xs;
};

/* Derive every team's score and composite moments from their exact
 * state (a cache: const callers settle before reading them). */
void sdt_groupacc_settle(const sdt_groupacc *a);

/* A new empty accumulator with the instrument and by-attributes of
 * `proto`. Caller frees with sdt_groupacc_free(). */
int sdt_groupacc_new_like(sdt_groupacc **out, const sdt_groupacc *proto);

/* Fold every team of `from` into `into` under its renamed path (as
 * sdt_groups_compute_moved describes; teams meeting at one path merge). */
int sdt_groupacc_merge_renamed(sdt_groupacc *into, const sdt_groupacc *from,
                               const sdt_groups_rename *ren);
/* `path` after the renames, newly allocated (sdt_free), or NULL. */
char *sdt_groups_renamed_path(const sdt_groups_rename *ren, const char *path);

/* Global combination id of r's values of the by-attributes. */
int sdt_groupacc_combo(sdt_groupacc *a, const sdt_response *r, size_t *id);

/* Fold team `from` into `into` (same instrument). */
void sdt_gteam_merge(sdt_gteam *into, const sdt_gteam *from, size_t n_scales,
                     size_t n_items, size_t n_comps);

/* Fold every team of `from` into `into` (same instrument, disjoint
 * respondents; headcounts are not merged). SDT_OK or SDT_ENOMEM. */
int sdt_groupacc_merge(sdt_groupacc *into, const sdt_groupacc *from);

#endif
