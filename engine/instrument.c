/* TEMPORARY STUB: replaced by the real module. */
#include <math.h>
#include "internal.h"

int sdt_instrument_parse(sdt_instrument **out, const char *text, size_t len, const char *name)
{
(void)out;(void)text;(void)len;(void)name;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_instrument_load(sdt_instrument **out, const char *path)
{
(void)out;(void)path;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_instrument_load_bundled(sdt_instrument **out, const char *id)
{
(void)out;(void)id;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_instrument_open(sdt_instrument **out, const char *spec)
{
(void)out;(void)spec;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

size_t sdt_instrument_bundled_count(void)
{

	return 0;
}

const char * sdt_instrument_bundled_id(size_t i)
{
(void)i;
	return NULL;
}

const char * sdt_instrument_bundled_json(size_t i, size_t *len)
{
(void)i;(void)len;
	return NULL;
}

void sdt_instrument_free(sdt_instrument *ins)
{
(void)ins;
	
}

const char * sdt_instrument_id(const sdt_instrument *ins)
{
(void)ins;
	return NULL;
}

const char * sdt_instrument_version(const sdt_instrument *ins)
{
(void)ins;
	return NULL;
}

const char * sdt_instrument_title(const sdt_instrument *ins, const char *lang)
{
(void)ins;(void)lang;
	return NULL;
}

const char * sdt_instrument_terms(const sdt_instrument *ins, const char *lang)
{
(void)ins;(void)lang;
	return NULL;
}

const char * sdt_instrument_source(const sdt_instrument *ins, const char *lang)
{
(void)ins;(void)lang;
	return NULL;
}

int sdt_instrument_min(const sdt_instrument *ins)
{
(void)ins;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_instrument_max(const sdt_instrument *ins)
{
(void)ins;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_instrument_favourable_min(const sdt_instrument *ins)
{
(void)ins;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

const char * sdt_instrument_point_label(const sdt_instrument *ins, const char *lang, int value)
{
(void)ins;(void)lang;(void)value;
	return NULL;
}

size_t sdt_instrument_point_label_lang_count(const sdt_instrument *ins)
{
(void)ins;
	return 0;
}

const char * sdt_instrument_point_label_lang(const sdt_instrument *ins, size_t i)
{
(void)ins;(void)i;
	return NULL;
}

size_t sdt_instrument_item_count(const sdt_instrument *ins)
{
(void)ins;
	return 0;
}

const char * sdt_instrument_item_id(const sdt_instrument *ins, size_t item)
{
(void)ins;(void)item;
	return NULL;
}

int sdt_instrument_item_reverse(const sdt_instrument *ins, size_t item)
{
(void)ins;(void)item;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

const char * sdt_instrument_item_label(const sdt_instrument *ins, size_t item, const char *lang)
{
(void)ins;(void)item;(void)lang;
	return NULL;
}

const char * sdt_instrument_item_text(const sdt_instrument *ins, size_t item, const char *lang)
{
(void)ins;(void)item;(void)lang;
	return NULL;
}

long sdt_instrument_item_find(const sdt_instrument *ins, const char *id, size_t len)
{
(void)ins;(void)id;(void)len;
	return 0;
}

size_t sdt_instrument_scale_count(const sdt_instrument *ins)
{
(void)ins;
	return 0;
}

const char * sdt_instrument_scale_id(const sdt_instrument *ins, size_t scale)
{
(void)ins;(void)scale;
	return NULL;
}

const char * sdt_instrument_scale_label(const sdt_instrument *ins, size_t scale, const char *lang)
{
(void)ins;(void)scale;(void)lang;
	return NULL;
}

sdt_need sdt_instrument_scale_need(const sdt_instrument *ins, size_t scale)
{
(void)ins;(void)scale;
	return (sdt_need)0;
}

sdt_valence sdt_instrument_scale_valence(const sdt_instrument *ins, size_t scale)
{
(void)ins;(void)scale;
	return (sdt_valence)0;
}

size_t sdt_instrument_scale_item_count(const sdt_instrument *ins, size_t scale)
{
(void)ins;(void)scale;
	return 0;
}

size_t sdt_instrument_scale_item(const sdt_instrument *ins, size_t scale, size_t j)
{
(void)ins;(void)scale;(void)j;
	return 0;
}

size_t sdt_instrument_scale_min_answered(const sdt_instrument *ins, size_t scale)
{
(void)ins;(void)scale;
	return 0;
}

long sdt_instrument_scale_find(const sdt_instrument *ins, const char *id)
{
(void)ins;(void)id;
	return 0;
}

size_t sdt_instrument_composite_count(const sdt_instrument *ins)
{
(void)ins;
	return 0;
}

const char * sdt_instrument_composite_id(const sdt_instrument *ins, size_t c)
{
(void)ins;(void)c;
	return NULL;
}

const char * sdt_instrument_composite_label(const sdt_instrument *ins, size_t c, const char *lang)
{
(void)ins;(void)c;(void)lang;
	return NULL;
}

size_t sdt_instrument_composite_scale_count(const sdt_instrument *ins, size_t c)
{
(void)ins;(void)c;
	return 0;
}

size_t sdt_instrument_composite_scale(const sdt_instrument *ins, size_t c, size_t j)
{
(void)ins;(void)c;(void)j;
	return 0;
}

double sdt_instrument_composite_weight(const sdt_instrument *ins, size_t c, size_t j)
{
(void)ins;(void)c;(void)j;
	return NAN;
}

const char * sdt_need_name(sdt_need need)
{
(void)need;
	return NULL;
}

const char * sdt_valence_name(sdt_valence valence)
{
(void)valence;
	return NULL;
}
