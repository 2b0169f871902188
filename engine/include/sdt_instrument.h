/*
 * sdt_instrument.h - questionnaire definitions (format "sdtscore-instrument/1").
 *
 * An sdt_instrument is validated on load and immutable afterwards, so it can
 * be shared by readers, scorers and threads without locking.
 */
#ifndef SDT_INSTRUMENT_H
#define SDT_INSTRUMENT_H

#include "sdt_api.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_instrument sdt_instrument;

/* Limits far beyond any questionnaire: the statistics hold items^2 sums
 * per scale, so a runaway definition would otherwise take minutes and
 * gigabytes instead of giving an error. */
#define SDT_INSTRUMENT_MAX_ITEMS 10000
#define SDT_INSTRUMENT_MAX_SCALES 100
#define SDT_SCALE_MAX_ITEMS 200

typedef enum sdt_need {
	SDT_NEED_OTHER = 0,
	SDT_NEED_AUTONOMY,
	SDT_NEED_COMPETENCE,
	SDT_NEED_RELATEDNESS
} sdt_need;

/* What an item asks for (the item's "type" in the JSON). */
typedef enum sdt_item_type {
	SDT_ITEM_LIKERT = 0, /* a rating that belongs to scales (the default) */
	SDT_ITEM_OUTCOME,    /* a rating reported on its own, e.g. eNPS 0-10 */
	SDT_ITEM_TEXT        /* an open comment: no response scale, no score */
} sdt_item_type;

typedef enum sdt_valence {
	SDT_VALENCE_OTHER = 0,
	SDT_VALENCE_SATISFACTION,
	SDT_VALENCE_FRUSTRATION,
	SDT_VALENCE_SUPPORT,
	SDT_VALENCE_MOTIVATION
} sdt_valence;

/* Parse and validate an instrument from a JSON text of len bytes. `name` is
 * used in messages (a file name or "bundled:ID"). Every problem is reported
 * with its JSON path and line:column. On success *out owns a new instrument
 * that the caller frees with sdt_instrument_free(); on failure *out is NULL
 * and the return value is SDT_EINSTRUMENT (or SDT_ENOMEM). */
SDT_API int sdt_instrument_parse(sdt_instrument **out, const char *text, size_t len,
                         const char *name);

/* Read the file at `path` and parse it as above. SDT_EIO when the file
 * cannot be read. Caller frees *out with sdt_instrument_free(). */
SDT_API int sdt_instrument_load(sdt_instrument **out, const char *path);

/* Load a bundled instrument by id (see sdt_instrument_bundled_id()).
 * SDT_EUSAGE when no bundled instrument has that id. Caller frees. */
SDT_API int sdt_instrument_load_bundled(sdt_instrument **out, const char *id);

/* `spec` is a bundled id or, failing that, a path. Caller frees. */
SDT_API int sdt_instrument_open(sdt_instrument **out, const char *spec);

/* Number of bundled instruments and the id / JSON text of the i-th. */
SDT_API size_t sdt_instrument_bundled_count(void);
SDT_API const char *sdt_instrument_bundled_id(size_t i);
SDT_API const char *sdt_instrument_bundled_json(size_t i, size_t *len);

/* Free an instrument; NULL is a no-op. */
SDT_API void sdt_instrument_free(sdt_instrument *ins);

/* Identity. Strings are owned by the instrument. Texts take a language
 * code ("en", "fi", "sv"); a text missing in that language falls back to
 * English, then the first language given, then NULL (title, terms, source)
 * or the id (labels). */
SDT_API const char *sdt_instrument_id(const sdt_instrument *ins);
SDT_API const char *sdt_instrument_version(const sdt_instrument *ins);
SDT_API const char *sdt_instrument_title(const sdt_instrument *ins, const char *lang);
SDT_API const char *sdt_instrument_terms(const sdt_instrument *ins, const char *lang);
SDT_API const char *sdt_instrument_source(const sdt_instrument *ins, const char *lang);

/* Response scale: integer points min..max, and the first favourable point
 * (default max - 1). */
SDT_API int sdt_instrument_min(const sdt_instrument *ins);
SDT_API int sdt_instrument_max(const sdt_instrument *ins);
SDT_API int sdt_instrument_favourable_min(const sdt_instrument *ins);
/* Label of scale point `value` in `lang`, or NULL when none are defined. */
SDT_API const char *sdt_instrument_point_label(const sdt_instrument *ins,
                                       const char *lang, int value);
/* The languages with point labels: count, and the i-th code. */
SDT_API size_t sdt_instrument_point_label_lang_count(const sdt_instrument *ins);
SDT_API const char *sdt_instrument_point_label_lang(const sdt_instrument *ins, size_t i);

/* Items, in definition order (index 0..count-1). */
SDT_API size_t sdt_instrument_item_count(const sdt_instrument *ins);
SDT_API const char *sdt_instrument_item_id(const sdt_instrument *ins, size_t item);
SDT_API int sdt_instrument_item_reverse(const sdt_instrument *ins, size_t item);
SDT_API const char *sdt_instrument_item_label(const sdt_instrument *ins, size_t item,
                                      const char *lang);
/* Item text, or NULL when the instrument has none. */
SDT_API const char *sdt_instrument_item_text(const sdt_instrument *ins, size_t item,
                                     const char *lang);
/* Index of the item with id `id` (len bytes, not necessarily terminated),
 * or -1. O(1) expected: a hash lookup, for use per answer. */
SDT_API long sdt_instrument_item_find(const sdt_instrument *ins, const char *id,
                              size_t len);

/* An item's type (SDT_ITEM_LIKERT for files written before types). */
SDT_API sdt_item_type sdt_instrument_item_type(const sdt_instrument *ins, size_t item);
/* 1 when the item gives its own "response_scale", 0 when it uses the
 * instrument's. */
SDT_API int sdt_instrument_item_has_own_scale(const sdt_instrument *ins, size_t item);
/* The item's response scale: points min..max and the first favourable
 * point; 0 for a text item, which has none. */
SDT_API int sdt_instrument_item_min(const sdt_instrument *ins, size_t item);
SDT_API int sdt_instrument_item_max(const sdt_instrument *ins, size_t item);
SDT_API int sdt_instrument_item_favourable_min(const sdt_instrument *ins, size_t item);
/* Label of point `value` of the item's response scale in `lang`, or NULL. */
SDT_API const char *sdt_instrument_item_point_label(const sdt_instrument *ins,
                                                    size_t item, const char *lang,
                                                    int value);
/* 1 for an outcome item on a 0..10 scale: an eNPS item (promoters 9-10,
 * detractors 0-6). */
SDT_API int sdt_instrument_item_is_enps(const sdt_instrument *ins, size_t item);
/* Outcome items and text items, in definition order: count, and the item
 * index of the k-th. */
SDT_API size_t sdt_instrument_outcome_count(const sdt_instrument *ins);
SDT_API size_t sdt_instrument_outcome_item(const sdt_instrument *ins, size_t k);
/* The position k of the outcome item with id `id`, or -1. */
SDT_API long sdt_instrument_outcome_find(const sdt_instrument *ins, const char *id);
SDT_API size_t sdt_instrument_text_count(const sdt_instrument *ins);
SDT_API size_t sdt_instrument_text_item(const sdt_instrument *ins, size_t k);
/* The lowest and highest answer any rated item accepts (the instrument's
 * range unless an item gives its own). */
SDT_API int sdt_instrument_answer_min(const sdt_instrument *ins);
SDT_API int sdt_instrument_answer_max(const sdt_instrument *ins);

/* Scales, in definition order. */
SDT_API size_t sdt_instrument_scale_count(const sdt_instrument *ins);
SDT_API const char *sdt_instrument_scale_id(const sdt_instrument *ins, size_t scale);
SDT_API const char *sdt_instrument_scale_label(const sdt_instrument *ins, size_t scale,
                                       const char *lang);
SDT_API sdt_need sdt_instrument_scale_need(const sdt_instrument *ins, size_t scale);
SDT_API sdt_valence sdt_instrument_scale_valence(const sdt_instrument *ins,
                                         size_t scale);
SDT_API size_t sdt_instrument_scale_item_count(const sdt_instrument *ins, size_t scale);
/* Item index (into the instrument's items) of the j-th item of a scale. */
SDT_API size_t sdt_instrument_scale_item(const sdt_instrument *ins, size_t scale,
                                 size_t j);
SDT_API size_t sdt_instrument_scale_min_answered(const sdt_instrument *ins,
                                         size_t scale);
SDT_API long sdt_instrument_scale_find(const sdt_instrument *ins, const char *id);

/* Composites: weighted means of scales (weights default to equal). */
SDT_API size_t sdt_instrument_composite_count(const sdt_instrument *ins);
SDT_API const char *sdt_instrument_composite_id(const sdt_instrument *ins, size_t c);
SDT_API const char *sdt_instrument_composite_label(const sdt_instrument *ins, size_t c,
                                           const char *lang);
SDT_API size_t sdt_instrument_composite_scale_count(const sdt_instrument *ins,
                                            size_t c);
SDT_API size_t sdt_instrument_composite_scale(const sdt_instrument *ins, size_t c,
                                      size_t j);
SDT_API double sdt_instrument_composite_weight(const sdt_instrument *ins, size_t c,
                                       size_t j);

/* Names of the need / valence enums as written in the JSON. */
SDT_API const char *sdt_need_name(sdt_need need);
SDT_API const char *sdt_valence_name(sdt_valence valence);
/* "likert", "outcome" or "text". */
SDT_API const char *sdt_item_type_name(sdt_item_type type);

#ifdef __cplusplus
}
#endif
#endif
