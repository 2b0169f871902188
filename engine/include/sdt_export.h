/*
 * sdt_export.h - fielding a survey: an instrument written for a survey tool
 * (LimeSurvey, ODK/KoboToolbox/Survey123 through XLSForm, Qualtrics), and
 * the column map (sdt_map.h) that reads that tool's export back.
 *
 * Every format asks for the team as a question whose code is "team": a
 * list when teams are given (the map's "team_values" turns the list's
 * codes back into team paths), else free text. The items of each scale
 * are asked together with the instrument's response scale, coded by its
 * values, and each item is named by its id, so the export's columns and
 * answers need no hand mapping.
 *
 * Licence guard: an item without "text" in the instrument (whose authors
 * ask for their published wording) is written as a clearly marked
 * placeholder with its short label; sdt_export_placeholders() counts them.
 */
#ifndef SDT_EXPORT_H
#define SDT_EXPORT_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sdt_export_format {
	SDT_EXPORT_LIMESURVEY_TSV = 0, /* LimeSurvey's tab-separated survey structure */
	SDT_EXPORT_XLSFORM,            /* XLSForm .xlsx: survey, choices, settings */
	SDT_EXPORT_QSF                 /* Qualtrics survey file (JSON) */
} sdt_export_format;

#define SDT_EXPORT_OPTIONS_VERSION 1

typedef struct sdt_export_options {
	unsigned int version;           /* SDT_EXPORT_OPTIONS_VERSION */
	sdt_export_format format;
	const char *const *langs;       /* language codes, the survey's base
	                                   language first; NULL: "en" */
	size_t n_langs;
	const char *const *teams;       /* team paths of the list, in order;
	                                   NULL: the team is free text */
	size_t n_teams;
} sdt_export_options;

#define SDT_EXPORT_OPTIONS_INIT {SDT_EXPORT_OPTIONS_VERSION, SDT_EXPORT_LIMESURVEY_TSV, \
                                 NULL, 0, NULL, 0}

/* Fill *opt with the defaults (SDT_EXPORT_OPTIONS_INIT). */
SDT_API void sdt_export_options_init(sdt_export_options *opt);

/* "limesurvey-tsv", "xlsform", "qsf" <-> enum; parse returns -1 when the
 * name is unknown. Static strings. */
SDT_API const char *sdt_export_format_name(sdt_export_format format);
SDT_API int sdt_export_format_parse(const char *name);

/* Whether `opt` can be written for `ins`: every language is one the
 * instrument has texts in (its response-scale label languages), none
 * twice; every team path non-empty, valid UTF-8 without control
 * characters, none twice. SDT_OK, or SDT_EUSAGE with a message naming
 * what is wrong (kind "unknown_language" for a language). */
SDT_API int sdt_export_check(const sdt_instrument *ins, const sdt_export_options *opt);

/* The number of items without a text in any language: each is written
 * as a placeholder to be replaced by the published wording. */
SDT_API size_t sdt_export_placeholders(const sdt_instrument *ins);

/* The survey as text, for the formats that are text (limesurvey-tsv,
 * qsf; SDT_EUSAGE for xlsform): *out receives len bytes, NUL-terminated,
 * that the caller frees with sdt_free(). Checks opt as sdt_export_check. */
SDT_API int sdt_export_survey_text(char **out, size_t *len, const sdt_instrument *ins,
                                   const sdt_export_options *opt);

/* Write the XLSForm workbook to `path` (opt->format is not read): to a
 * temporary file beside it, renamed on success, so a failure leaves no
 * partial file. SDT_EIO with a message naming the path. */
SDT_API int sdt_export_xlsform(const char *path, const sdt_instrument *ins,
                               const sdt_export_options *opt);

/* The column map (sdt_map_parse reads it) for the export the tool of
 * opt->format writes from that survey: *json receives the JSON text, which
 * the caller frees with sdt_free(). */
SDT_API int sdt_export_map(char **json, const sdt_instrument *ins,
                           const sdt_export_options *opt);

/* ---- The survey's plan and words, for writers of other formats (the
 * XLSForm writer uses them; so can an embedder's own format). ---- */

/* Languages of one survey, at most (the writers keep one text each). */
#define SDT_EXPORT_MAX_LANGS 16

/* One group of the survey: the items of one scale not asked before (an
 * item in two scales is asked once), or the items of no scale. */
typedef struct sdt_export_group {
	const char *name;    /* the scale id, "other", or the item id of an
	                        outcome or text group */
	size_t n_items;
	size_t *items;       /* item indexes, in the scale's order */
	/* sdt_item_type of its items: likert groups are a matrix on the
	 * instrument's response scale; an outcome or text group holds one
	 * item, asked alone (an outcome on its own response scale) */
	int kind;
} sdt_export_group;

typedef struct sdt_export_plan {
	size_t n_groups;
	sdt_export_group *groups;
	size_t *item_store;  /* the groups' items point into it */
	const char *const *langs; /* opt's, or {"en"} */
	size_t n_langs;
} sdt_export_plan;

/* Check opt (sdt_export_check) and plan the survey. Free with
 * sdt_export_plan_free() whatever it returns. */
SDT_API int sdt_export_plan_make(sdt_export_plan *p, const sdt_instrument *ins,
                                 const sdt_export_options *opt);
SDT_API void sdt_export_plan_free(sdt_export_plan *p);

/* The words the survey needs beyond the instrument's, in `lang` (English
 * when the project has none in it). */
typedef enum sdt_export_word {
	SDT_EXPORT_WORD_TEAM,         /* the team question */
	SDT_EXPORT_WORD_TEAM_HINT,    /* free text: how to write the team */
	SDT_EXPORT_WORD_TEAM_PICK,    /* list: pick your team */
	SDT_EXPORT_WORD_INSTRUCTION,  /* above each group of items */
	SDT_EXPORT_WORD_PART          /* "Part" before a group's number */
} sdt_export_word;
SDT_API const char *sdt_export_word_text(sdt_export_word w, const char *lang);

/* An item's text in `lang`, or, when the instrument has none, a marked
 * placeholder with the item's label: a new string, caller frees with
 * sdt_free() (NULL when out of memory, with the error recorded). */
SDT_API char *sdt_export_item_text(const sdt_instrument *ins, size_t item, const char *lang);

/* The label of scale point `value` in `lang`, or the value as digits
 * into buf (room for 16). */
SDT_API const char *sdt_export_point_label(const sdt_instrument *ins, const char *lang, int value,
                                            char *buf);

/* XLSForm's language column suffix, "suomi (fi)", into buf of n bytes. */
/* Label of point `value` of the response scale of group g (the
 * instrument's, or its outcome item's own), else the number in buf (16
 * bytes). */
SDT_API const char *sdt_export_group_point_label(const sdt_instrument *ins,
                                                 const sdt_export_group *g,
                                                 const char *lang, int value, char *buf);
/* The response scale of group g: first and last point. */
SDT_API int sdt_export_group_min(const sdt_instrument *ins, const sdt_export_group *g);
SDT_API int sdt_export_group_max(const sdt_instrument *ins, const sdt_export_group *g);
SDT_API void sdt_export_lang_name(char *buf, size_t n, const char *lang);

#ifdef __cplusplus
}
#endif
#endif
