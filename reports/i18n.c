/*
 * i18n.c - every visible word of the workbook, in English, Finnish and
 * Swedish: the texts are reports/i18n.tsv, one table so a translator sees
 * them all together, which the build turns into sdt_i18n_texts.
 */
#include <string.h>

#include "i18n_texts.h"
#include "sheet.h"

const char *sdt_i18n_text(const char *lang, sdt_msg id)
{
	const sdt_text *t;

	if ((unsigned)id >= M_COUNT)
		return "";
	t = &sdt_i18n_texts[id];
	if (lang && !strcmp(lang, "fi") && t->fi)
		return t->fi;
	if (lang && !strcmp(lang, "sv") && t->sv)
		return t->sv;
	return t->en ? t->en : "";
}

void sdt_i18n_format(char *buf, size_t size, const char *lang, sdt_msg id,
                     const char *const *args, size_t n_args)
{
	const char *s = sdt_i18n_text(lang, id), *a;
	size_t o = 0, k = 0, len;

	if (size == 0)
		return;
	while (*s && o + 1 < size) {
		if (s[0] == '{' && s[1] == '}') {
			a = k < n_args ? args[k] : "";
			k++;
			len = strlen(a);
			if (len > size - 1 - o)
				len = size - 1 - o;
			memcpy(buf + o, a, len);
			o += len;
			s += 2;
			continue;
		}
		buf[o++] = *s++;
	}
	buf[o] = '\0';
}

const char *sdt_i18n_need(const char *lang, sdt_need need)
{
	switch (need) {
	case SDT_NEED_AUTONOMY: return sdt_i18n_text(lang, M_NEED_AUTONOMY);
	case SDT_NEED_COMPETENCE: return sdt_i18n_text(lang, M_NEED_COMPETENCE);
	case SDT_NEED_RELATEDNESS: return sdt_i18n_text(lang, M_NEED_RELATEDNESS);
	default: return sdt_i18n_text(lang, M_NEED_OTHER);
	}
}

const char *sdt_i18n_valence(const char *lang, sdt_valence v)
{
	switch (v) {
	case SDT_VALENCE_SATISFACTION: return sdt_i18n_text(lang, M_VAL_SATISFACTION);
	case SDT_VALENCE_FRUSTRATION: return sdt_i18n_text(lang, M_VAL_FRUSTRATION);
	case SDT_VALENCE_SUPPORT: return sdt_i18n_text(lang, M_VAL_SUPPORT);
	case SDT_VALENCE_MOTIVATION: return sdt_i18n_text(lang, M_VAL_MOTIVATION);
	default: return sdt_i18n_text(lang, M_VAL_OTHER);
	}
}
