/*
 * sdt_groups.h - the organisation's group hierarchy for reports: team
 * paths rolled up into every ancestor, per-group figures, and anonymity
 * (threshold plus differencing protection) decided once per run.
 *
 * Reports only render an sdt_groups whose suppression is decided here: a
 * hidden figure is NAN and flagged, so no writer can leak it by accident.
 */
#ifndef SDT_GROUPS_H
#define SDT_GROUPS_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_score.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A team path has at most this many levels and bytes: the hierarchy keeps
 * every ancestor's full path, so a runaway path (an export gone wrong)
 * would otherwise take memory quadratic in its length. */
#define SDT_TEAM_MAX_LEVELS 32
#define SDT_TEAM_MAX_BYTES 1024

/* Gathers per-team sufficient statistics in one streaming pass. */
typedef struct sdt_groupacc sdt_groupacc;

/* A new accumulator for `ins` (which must outlive it). Caller frees with
 * sdt_groupacc_free(). */
SDT_API int sdt_groupacc_new(sdt_groupacc **out, const sdt_instrument *ins);
SDT_API void sdt_groupacc_free(sdt_groupacc *acc);

/* Add one accepted response with its scores. */
SDT_API int sdt_groupacc_add(sdt_groupacc *acc, const sdt_response *r,
                     const sdt_scores *s);

/* Publish figures broken down by this respondent attribute too (call
 * before the first sdt_groupacc_add, once per attribute): the breakdown's
 * cells are then decided in the same disclosure system as the groups. */
SDT_API int sdt_groupacc_by(sdt_groupacc *acc, const char *attribute);

/* Headcount of a group path (for response rates); summed up the
 * hierarchy when the groups are computed. */
SDT_API int sdt_groupacc_headcount(sdt_groupacc *acc, const char *path, size_t count);

typedef struct sdt_groups_options {
	unsigned int version; /* SDT_GROUPS_OPTIONS_VERSION (SDT_GROUPS_OPTIONS_INIT sets it) */
	size_t min_group; /* anonymity threshold N (default 5 when 0) */
	double alpha;     /* significance level after BH adjustment (default 0.05) */
	/* threads deciding the scales' disclosure systems: 0 = the cores
	 * online for 1 000 groups or more, else 1; the result is the same */
	size_t threads;
} sdt_groups_options;

#define SDT_GROUPS_OPTIONS_VERSION 1
/* The defaults: min_group 5, alpha 0.05, threads as the work needs. */
#define SDT_GROUPS_OPTIONS_INIT {SDT_GROUPS_OPTIONS_VERSION, 0, 0, 0}

/* Figures of one group on one scale. All NAN when the cell is hidden.
 * `hidden` and `favourable_hidden` hold an sdt_hidden reason (0 shown). */
typedef struct sdt_group_scale {
	int hidden;          /* mean, SD, CI and tests suppressed */
	int favourable_hidden; /* the shares (respondents complete on the scale) suppressed */
	size_t n;            /* scored respondents */
	double mean, sd;
	/* 95 % CI of the mean, t distribution; with the group's headcount N
	 * known, times the finite population correction sqrt((N - n) / (N - 1)):
	 * the group's members are the population (all answered: no width) */
	double ci_lo, ci_hi;
	size_t n_complete;   /* of which answered every item (the shares' base) */
	/* Shares of their item answers, after reverse keying: favourable is
	 * >= favourable_min, unfavourable <= min + max - favourable_min; on a
	 * frustration scale the other way round (favourable: not frustrated). */
	double favourable;
	double unfavourable;
	/* Against the rest of the organisation (respondents outside the group);
	 * NAN for the organisation itself or when undefined. */
	double diff;         /* mean - rest mean */
	double t, df, p;     /* Welch test */
	double p_adjusted;   /* Benjamini-Hochberg over every visible group x scale cell */
	double hedges_g;
	int significant;     /* p_adjusted < alpha */
} sdt_group_scale;

/* An item's figures count the respondents complete on the item's scale. */
typedef struct sdt_group_item {
	int hidden;          /* sdt_hidden reason, 0 shown */
	size_t n;            /* answers */
	double favourable;   /* share >= favourable_min, after reverse keying */
	double unfavourable;
} sdt_group_item;

/* A composite (a weighted mean of scales, sdt_instrument.h) in one group.
 * Shown only when every one of its scales is shown for the group and the
 * same respondents are scored on all of them: the composite then says
 * nothing about any person that the group's scale figures do not, so it
 * needs no disclosure decision of its own. Otherwise `hidden` holds the
 * reason (a hidden scale's, or SDT_HIDDEN_PROTECTION when some respondent
 * is scored on only some of the scales: the composite minus the scales
 * would isolate them) and the figures are NAN. */
typedef struct sdt_group_composite {
	int hidden;          /* sdt_hidden reason, 0 shown */
	size_t n;            /* respondents scored on every scale of the composite */
	double mean, sd;
	double ci_lo, ci_hi; /* 95 % CI of the mean, as sdt_group_scale's */
} sdt_group_composite;

typedef struct sdt_group {
	char *path;          /* full path; the organisation's label for the root */
	const char *name;    /* last path component (points into path) */
	size_t depth;        /* 0 for the organisation */
	long parent;         /* index of the parent group, -1 for the root */
	size_t n;            /* accepted responses in the group and below */
	size_t n_direct;     /* of which assigned to this exact path */
	size_t headcount;    /* 0 when unknown */
	int hidden;          /* every scale suppressed: n shown, no figure anywhere */
	int hidden_by_protection; /* hidden although n >= min_group */
	sdt_group_scale *scales; /* one per instrument scale */
	sdt_group_item *items;   /* one per instrument item */
	sdt_group_composite *composites; /* one per instrument composite */
} sdt_group;

/* Decisions for the cells of a breakdown by one attribute, made in the
 * same system as the groups' own cells (read by sdt_breakdown_compute). */
typedef struct sdt_groups_by {
	char *attribute;
	size_t n_values;
	char **values;         /* sorted (byte order) */
	unsigned char *hidden; /* [group][value][scale]: sdt_hidden */
} sdt_groups_by;

typedef struct sdt_groups {
	size_t min_group;
	size_t n_groups;
	sdt_group *groups;   /* depth-first, children sorted by name; [0] = root */
	size_t n_scales, n_items, n_composites;
	size_t n_no_team;    /* responses without a team (organisation only) */
	int synthetic_root;  /* no common root: the root is "All respondents" */
	size_t n_by;
	sdt_groups_by *by;   /* one per sdt_groupacc_by attribute */
} sdt_groups;

/* Build the hierarchy, roll figures up, decide suppression with the
 * disclosure engine (sdt_disclosure.h: one system per scale over every
 * group, answer and breakdown cell), and run the comparisons. Caller frees with sdt_groups_free(). */
SDT_API int sdt_groups_compute(sdt_groups **out, const sdt_groupacc *acc,
                       const sdt_groups_options *opt);
SDT_API void sdt_groups_free(sdt_groups *g);

/* Renames and merges between an earlier wave's hierarchy and today's:
 * pairs applied in order, each moving a path and everything below it
 * ("Org/Old" -> "Org/New" also moves "Org/Old/T1"); two paths moved to
 * one are merged. */
typedef struct sdt_groups_rename {
	unsigned int version; /* SDT_GROUPS_RENAME_VERSION (SDT_GROUPS_RENAME_INIT sets it) */
	const char *const *from;
	const char *const *to;
	size_t n;
} sdt_groups_rename;

#define SDT_GROUPS_RENAME_VERSION 1
/* No renames. */
#define SDT_GROUPS_RENAME_INIT {SDT_GROUPS_RENAME_VERSION, NULL, NULL, 0}

/* An earlier wave's groups on today's hierarchy (its teams moved by
 * `ren`, which may be NULL: none), for a trend. Its own report (same options, its own hierarchy)
 * is taken as published: its cells and today's are one disclosure system
 * per scale, what it showed is known and what it hid stays protected, so
 * that the trend and the earlier report together give no group away.
 * Caller frees with sdt_groups_free(). */
SDT_API int sdt_groups_compute_moved(sdt_groups **out, const sdt_groupacc *acc,
                             const sdt_groups_options *opt, const sdt_groups_rename *ren);

/* Index of the group with this exact path, or -1. It scans the groups:
 * to look many paths up, use an sdt_groups_index. */
SDT_API long sdt_groups_find(const sdt_groups *g, const char *path);

/* The groups of g by path, for many lookups (a trend, every team's
 * figures): built once in time linear in the groups, each lookup then
 * independent of their number. It refers to g's paths, so g must outlive
 * it and not change. */
typedef struct sdt_groups_index sdt_groups_index;

/* Build the index of g. Caller frees with sdt_groups_index_free().
 * Returns SDT_OK, SDT_ENOMEM or SDT_ELIMIT (*out NULL). */
SDT_API int sdt_groups_index_new(sdt_groups_index **out, const sdt_groups *g);
/* As sdt_groups_find: the index of the group with this exact path in the
 * indexed groups, or -1. */
SDT_API long sdt_groups_index_find(const sdt_groups_index *ix, const char *path);
/* NULL is a no-op. */
SDT_API void sdt_groups_index_free(sdt_groups_index *ix);

#ifdef __cplusplus
}
#endif
#endif
