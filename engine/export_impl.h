/*
 * export_impl.h - what the survey writers share (engine/export.c writes
 * LimeSurvey TSV, QSF and the maps; reports/export_xlsform.c the XLSForm):
 * the plan of groups and questions and their words. Not public API.
 */
#ifndef SDT_EXPORT_IMPL_H
#define SDT_EXPORT_IMPL_H

#include "sdtscore.h"

/* Languages of one survey, at most (the writers keep one text each). */
#define SDT_XMAX_LANGS 16

/* One group of the survey: the items of one scale not asked before (an
 * item in two scales is asked once), or the items of no scale. */
typedef struct sdt_xgroup {
	const char *name;    /* the scale id, or "other" */
	size_t n_items;
	size_t *items;       /* item indexes, in the scale's order */
} sdt_xgroup;

typedef struct sdt_xplan {
	size_t n_groups;
	sdt_xgroup *groups;
	size_t *item_store;  /* the groups' items point into it */
	const char *const *langs; /* opt's, or {"en"} */
	size_t n_langs;
} sdt_xplan;

/* Check opt (sdt_export_check) and plan the survey. Free with
 * sdt_xplan_free() whatever it returns. */
int sdt_xplan_make(sdt_xplan *p, const sdt_instrument *ins,
                   const sdt_export_options *opt);
void sdt_xplan_free(sdt_xplan *p);

/* The words the survey needs beyond the instrument's, in `lang` (English
 * when the project has none in it). */
typedef enum sdt_xword {
	SDT_XW_TEAM,         /* the team question */
	SDT_XW_TEAM_HINT,    /* free text: how to write the team */
	SDT_XW_TEAM_PICK,    /* list: pick your team */
	SDT_XW_INSTRUCTION,  /* above each group of items */
	SDT_XW_PART          /* "Part" before a group's number */
} sdt_xword;
const char *sdt_xword_get(sdt_xword w, const char *lang);

/* An item's text in `lang`, or, when the instrument has none, a marked
 * placeholder with the item's label: a new string, caller frees with
 * sdt_free() (NULL when out of memory, with the error recorded). */
char *sdt_xitem_text(const sdt_instrument *ins, size_t item, const char *lang);

/* The label of scale point `value` in `lang`, or the value as digits
 * into buf (room for 16). */
const char *sdt_xpoint_label(const sdt_instrument *ins, const char *lang, int value,
                             char *buf);

/* XLSForm's language column suffix, "suomi (fi)", into buf of n bytes. */
void sdt_xlang_name(char *buf, size_t n, const char *lang);

/* The QSF text (export_qsf.c): *out as sdt_export_survey_text's. */
int sdt_export_qsf_text(char **out, const sdt_instrument *ins,
                        const sdt_export_options *opt);

#endif
