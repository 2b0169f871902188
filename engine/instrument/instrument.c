/*
 * instrument.c - instrument loading (files, bundled definitions) and the
 * read-only accessors. Validation lives in instrument_parse.c, the storage
 * both build on in instrument_store.c.
 *
 * Everything an instrument owns sits in one arena, so building can stop at
 * any allocation failure and a single free releases all of it; lookups are
 * precomputed at load time because the object is shared read-only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "instrument_impl.h"

/* Defined in the generated build/gen/bundled.c (tools/embed.c). */
extern const size_t sdt_bundled_count;
extern const char *const sdt_bundled_ids[];
extern const char *const sdt_bundled_data[];
extern const size_t sdt_bundled_len[];

int sdt_instrument_parse(sdt_instrument **out, const char *text, size_t len,
                         const char *name)
{
	sdt_instrument *ins = NULL;
	int rc;

	*out = NULL;
	ins = sdt_calloc(1, sizeof *ins);
	if (!ins) {
		rc = sdt_fail_nomem();
		goto done;
	}
	rc = sdt_instrument_build(ins, text, len, name ? name : "<instrument>");
	if (rc == SDT_OK) {
		*out = ins;
		ins = NULL;
	}
done:
	sdt_instrument_free(ins);
	return rc;
}

int sdt_instrument_load(sdt_instrument **out, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = sdt_read_file(&text, &len, path);
	if (rc == SDT_OK)
		rc = sdt_instrument_parse(out, text, len, path);
	sdt_free(text);
	return rc;
}

static long bundled_index(const char *id)
{
	size_t i;

	for (i = 0; i < sdt_bundled_count; i++)
		if (strcmp(sdt_bundled_ids[i], id) == 0)
			return (long)i;
	return -1;
}

int sdt_instrument_load_bundled(sdt_instrument **out, const char *id)
{
	long i = bundled_index(id);
	char name[300];

	*out = NULL;
	if (i < 0) {
		sdt_fail(SDT_EUSAGE, "unknown bundled instrument '%s'", id);
		sdt_error_set_kind("unknown_instrument", NULL);
		return SDT_EUSAGE;
	}
	/* Messages name the embedded file like a path a user could look up. */
	snprintf(name, sizeof name, "bundled:%s", id);
	return sdt_instrument_parse(out, sdt_bundled_data[i], sdt_bundled_len[i], name);
}

int sdt_instrument_open(sdt_instrument **out, const char *spec)
{
	struct stat st;

	*out = NULL;
	if (bundled_index(spec) >= 0)
		return sdt_instrument_load_bundled(out, spec);
	/* "-" is standard input, as everywhere else. */
	if (strcmp(spec, "-") != 0 && stat(spec, &st) != 0 &&
	    (errno == ENOENT || errno == ENOTDIR)) {
		sdt_fail(SDT_EUSAGE, "unknown instrument '%s': not a bundled id and no such file", spec);
		sdt_error_set_kind("unknown_instrument", NULL);
		return SDT_EUSAGE;
	}
	return sdt_instrument_load(out, spec);
}

size_t sdt_instrument_bundled_count(void)
{
	return sdt_bundled_count;
}

const char *sdt_instrument_bundled_id(size_t i)
{
	return i < sdt_bundled_count ? sdt_bundled_ids[i] : NULL;
}

const char *sdt_instrument_bundled_json(size_t i, size_t *len)
{
	if (i >= sdt_bundled_count) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = sdt_bundled_len[i];
	return sdt_bundled_data[i];
}

void sdt_instrument_free(sdt_instrument *ins)
{
	if (!ins)
		return;
	sdt_instrument_release(ins);
	sdt_free(ins);
}

/* ---- accessors ---- */

/* The text in lang, else English, else the first given, else fallback. */
static const char *text_get(const ins_text *t, const char *lang,
                            const char *fallback)
{
	size_t k;

	if (t->n == 0)
		return fallback;
	for (k = 0; lang && k < t->n; k++)
		if (strcmp(t->lang[k], lang) == 0)
			return t->str[k];
	for (k = 0; k < t->n; k++)
		if (strcmp(t->lang[k], "en") == 0)
			return t->str[k];
	return t->str[0];
}

const char *sdt_instrument_id(const sdt_instrument *ins)
{
	return ins->id;
}

const char *sdt_instrument_version(const sdt_instrument *ins)
{
	return ins->version;
}

const char *sdt_instrument_title(const sdt_instrument *ins, const char *lang)
{
	return text_get(&ins->title, lang, NULL);
}

const char *sdt_instrument_terms(const sdt_instrument *ins, const char *lang)
{
	return text_get(&ins->terms, lang, NULL);
}

const char *sdt_instrument_source(const sdt_instrument *ins, const char *lang)
{
	return text_get(&ins->source, lang, NULL);
}

int sdt_instrument_min(const sdt_instrument *ins)
{
	return ins->rs.min;
}

int sdt_instrument_max(const sdt_instrument *ins)
{
	return ins->rs.max;
}

int sdt_instrument_favourable_min(const sdt_instrument *ins)
{
	return ins->rs.favourable_min;
}

static const char *rs_point_label(const ins_rscale *rs, const char *lang, int value)
{
	size_t k, pick = 0;
	int found = 0;

	if (!rs || rs->n_point_langs == 0 || value < rs->min || value > rs->max)
		return NULL;
	for (k = 0; lang && k < rs->n_point_langs && !found; k++)
		if (strcmp(rs->point_lang[k], lang) == 0) {
			pick = k;
			found = 1;
		}
	for (k = 0; k < rs->n_point_langs && !found; k++)
		if (strcmp(rs->point_lang[k], "en") == 0) {
			pick = k;
			found = 1;
		}
	return rs->point_labels[pick][value - rs->min];
}

const char *sdt_instrument_point_label(const sdt_instrument *ins,
                                       const char *lang, int value)
{
	return rs_point_label(&ins->rs, lang, value);
}

size_t sdt_instrument_point_label_lang_count(const sdt_instrument *ins)
{
	return ins->rs.n_point_langs;
}

const char *sdt_instrument_point_label_lang(const sdt_instrument *ins, size_t i)
{
	return i < ins->rs.n_point_langs ? ins->rs.point_lang[i] : NULL;
}

sdt_item_type sdt_instrument_item_type(const sdt_instrument *ins, size_t item)
{
	return ins->items[item].type;
}

int sdt_instrument_item_has_own_scale(const sdt_instrument *ins, size_t item)
{
	return ins->items[item].own_scale;
}

int sdt_instrument_item_min(const sdt_instrument *ins, size_t item)
{
	return ins->items[item].rs ? ins->items[item].rs->min : 0;
}

int sdt_instrument_item_max(const sdt_instrument *ins, size_t item)
{
	return ins->items[item].rs ? ins->items[item].rs->max : 0;
}

int sdt_instrument_item_favourable_min(const sdt_instrument *ins, size_t item)
{
	return ins->items[item].rs ? ins->items[item].rs->favourable_min : 0;
}

const char *sdt_instrument_item_point_label(const sdt_instrument *ins, size_t item,
                                            const char *lang, int value)
{
	return rs_point_label(ins->items[item].rs, lang, value);
}

int sdt_instrument_item_is_enps(const sdt_instrument *ins, size_t item)
{
	const ins_item *it = &ins->items[item];

	return it->type == SDT_ITEM_OUTCOME && it->rs->min == 0 && it->rs->max == 10;
}

size_t sdt_instrument_outcome_count(const sdt_instrument *ins)
{
	return ins->n_outcomes;
}

size_t sdt_instrument_outcome_item(const sdt_instrument *ins, size_t k)
{
	return ins->outcomes[k];
}

long sdt_instrument_outcome_find(const sdt_instrument *ins, const char *id)
{
	size_t k;

	for (k = 0; id && k < ins->n_outcomes; k++)
		if (strcmp(ins->items[ins->outcomes[k]].id, id) == 0)
			return (long)k;
	return -1;
}

size_t sdt_instrument_text_count(const sdt_instrument *ins)
{
	return ins->n_texts;
}

size_t sdt_instrument_text_item(const sdt_instrument *ins, size_t k)
{
	return ins->texts[k];
}

int sdt_instrument_answer_min(const sdt_instrument *ins)
{
	return ins->any_min;
}

int sdt_instrument_answer_max(const sdt_instrument *ins)
{
	return ins->any_max;
}

size_t sdt_instrument_item_count(const sdt_instrument *ins)
{
	return ins->n_items;
}

const char *sdt_instrument_item_id(const sdt_instrument *ins, size_t item)
{
	return ins->items[item].id;
}

int sdt_instrument_item_reverse(const sdt_instrument *ins, size_t item)
{
	return ins->items[item].reverse;
}

const char *sdt_instrument_item_label(const sdt_instrument *ins, size_t item,
                                      const char *lang)
{
	return text_get(&ins->items[item].label, lang, ins->items[item].id);
}

const char *sdt_instrument_item_text(const sdt_instrument *ins, size_t item,
                                     const char *lang)
{
	return text_get(&ins->items[item].text, lang, NULL);
}

long sdt_instrument_item_find(const sdt_instrument *ins, const char *id,
                              size_t len)
{
	return sdt_idtab_find(&ins->item_tab, id, len);
}

size_t sdt_instrument_scale_count(const sdt_instrument *ins)
{
	return ins->n_scales;
}

const char *sdt_instrument_scale_id(const sdt_instrument *ins, size_t scale)
{
	return ins->scales[scale].id;
}

const char *sdt_instrument_scale_label(const sdt_instrument *ins, size_t scale,
                                       const char *lang)
{
	return text_get(&ins->scales[scale].label, lang, ins->scales[scale].id);
}

sdt_need sdt_instrument_scale_need(const sdt_instrument *ins, size_t scale)
{
	return ins->scales[scale].need;
}

sdt_valence sdt_instrument_scale_valence(const sdt_instrument *ins,
                                         size_t scale)
{
	return ins->scales[scale].valence;
}

size_t sdt_instrument_scale_item_count(const sdt_instrument *ins, size_t scale)
{
	return ins->scales[scale].n_items;
}

size_t sdt_instrument_scale_item(const sdt_instrument *ins, size_t scale,
                                 size_t j)
{
	return ins->scales[scale].items[j];
}

size_t sdt_instrument_scale_min_answered(const sdt_instrument *ins,
                                         size_t scale)
{
	return ins->scales[scale].min_answered;
}

long sdt_instrument_scale_find(const sdt_instrument *ins, const char *id)
{
	return sdt_idtab_find(&ins->scale_tab, id, strlen(id));
}

size_t sdt_instrument_composite_count(const sdt_instrument *ins)
{
	return ins->n_composites;
}

const char *sdt_instrument_composite_id(const sdt_instrument *ins, size_t c)
{
	return ins->composites[c].id;
}

const char *sdt_instrument_composite_label(const sdt_instrument *ins, size_t c,
                                           const char *lang)
{
	return text_get(&ins->composites[c].label, lang, ins->composites[c].id);
}

size_t sdt_instrument_composite_scale_count(const sdt_instrument *ins,
                                            size_t c)
{
	return ins->composites[c].n_scales;
}

size_t sdt_instrument_composite_scale(const sdt_instrument *ins, size_t c,
                                      size_t j)
{
	return ins->composites[c].scales[j];
}

double sdt_instrument_composite_weight(const sdt_instrument *ins, size_t c,
                                       size_t j)
{
	return ins->composites[c].weights[j];
}
