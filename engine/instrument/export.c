/*
 * export.c - fielding a survey (sdt_export.h): the options, the plan of
 * groups and questions every format shares and the survey's own words in
 * en/fi/sv, under the writers (export_limesurvey.c, export_qsf.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export_impl.h"
#include "internal.h"

void sdt_export_options_init(sdt_export_options *opt)
{
	sdt_export_options init = SDT_EXPORT_OPTIONS_INIT;

	*opt = init;
}

static const char *const format_names[] = {"limesurvey-tsv", "xlsform", "qsf"};

const char *sdt_export_format_name(sdt_export_format format)
{
	return (size_t)format < 3 ? format_names[format] : "unknown";
}

int sdt_export_format_parse(const char *name)
{
	int k;

	for (k = 0; name && k < 3; k++)
		if (strcmp(name, format_names[k]) == 0)
			return k;
	return -1;
}

static const char *const default_langs[] = {"en"};

/* The languages the instrument has texts in, "en, fi, sv", into buf. */
static void lang_list(const sdt_instrument *ins, char *buf, size_t n)
{
	size_t k, at = 0;

	buf[0] = '\0';
	for (k = 0; k < sdt_instrument_point_label_lang_count(ins) && at < n; k++)
		at += (size_t)snprintf(buf + at, n - at, "%s%s", k ? ", " : "",
		                       sdt_instrument_point_label_lang(ins, k));
}

static int check_langs(const sdt_instrument *ins, const sdt_export_options *opt)
{
	size_t k, j, n = sdt_instrument_point_label_lang_count(ins);
	char have[256];

	if (opt->n_langs > SDT_EXPORT_MAX_LANGS)
		return sdt_fail(SDT_EUSAGE, "at most %d languages, not %zu",
		                SDT_EXPORT_MAX_LANGS, opt->n_langs);
	for (k = 0; k < opt->n_langs; k++) {
		for (j = 0; j < k; j++)
			if (strcmp(opt->langs[j], opt->langs[k]) == 0)
				return sdt_fail(SDT_EUSAGE, "language '%s' is given twice",
				                opt->langs[k]);
		/* An instrument without point labels has no languages to hold
		 * the survey to: its texts fall back to English. */
		for (j = 0; j < n; j++)
			if (strcmp(sdt_instrument_point_label_lang(ins, j), opt->langs[k]) == 0)
				break;
		if (n && j == n) {
			lang_list(ins, have, sizeof have);
			sdt_fail(SDT_EUSAGE, "unknown language '%s': instrument %s has "
			         "texts in %s", opt->langs[k], sdt_instrument_id(ins), have);
			sdt_error_set_kind("unknown_language", opt->langs[k]);
			return SDT_EUSAGE;
		}
	}
	return SDT_OK;
}

static int check_teams(const sdt_export_options *opt)
{
	size_t k, j;
	const char *t;

	for (k = 0; k < opt->n_teams; k++) {
		t = opt->teams[k];
		if (!t[0])
			return sdt_fail(SDT_EUSAGE, "team %zu of the list is empty", k + 1);
		if (sdt_utf8_check(t, strlen(t)) != 0)
			return sdt_fail(SDT_EUSAGE, "team %zu of the list is not valid "
			                "UTF-8 or holds a control character", k + 1);
		for (j = 0; j < k; j++)
			if (strcmp(opt->teams[j], t) == 0)
				return sdt_fail(SDT_EUSAGE, "team '%s' is in the list twice", t);
	}
	return SDT_OK;
}

int sdt_export_check(const sdt_instrument *ins, const sdt_export_options *opt)
{
	int rc;

	if (!opt || opt->version != SDT_EXPORT_OPTIONS_VERSION)
		return sdt_fail(SDT_EUSAGE, "export: options of an unknown version");
	if ((size_t)opt->format > SDT_EXPORT_QSF)
		return sdt_fail(SDT_EUSAGE, "export: unknown format %d", (int)opt->format);
	if ((rc = check_langs(ins, opt)) != SDT_OK)
		return rc;
	return check_teams(opt);
}

size_t sdt_export_placeholders(const sdt_instrument *ins)
{
	size_t k, n = 0;

	for (k = 0; k < sdt_instrument_item_count(ins); k++)
		n += sdt_instrument_item_text(ins, k, "en") == NULL;
	return n;
}

void sdt_export_plan_free(sdt_export_plan *p)
{
	if (!p)
		return;
	sdt_free(p->groups);
	sdt_free(p->item_store);
	memset(p, 0, sizeof *p);
}

/* Each outcome item, then each text item, as a group of its own. */
static void plan_singles(sdt_export_plan *p, const sdt_instrument *ins, size_t at)
{
	size_t i, pass;
	sdt_export_group *g;

	for (pass = SDT_ITEM_OUTCOME; pass <= SDT_ITEM_TEXT; pass++)
		for (i = 0; i < sdt_instrument_item_count(ins); i++) {
			if ((size_t)sdt_instrument_item_type(ins, i) != pass)
				continue;
			g = &p->groups[p->n_groups++];
			g->name = sdt_instrument_item_id(ins, i);
			g->kind = (int)pass;
			g->items = p->item_store + at++;
			g->items[0] = i;
			g->n_items = 1;
		}
}

/* Each scale's items not asked before, in order; then the rating items of
 * no scale; then outcomes and comments. `asked` has one flag per item. */
static void plan_groups(sdt_export_plan *p, const sdt_instrument *ins, char *asked)
{
	size_t s, j, it, at = 0, ns = sdt_instrument_scale_count(ins);
	sdt_export_group *g;

	for (s = 0; s <= ns; s++) {
		g = &p->groups[p->n_groups];
		g->name = s < ns ? sdt_instrument_scale_id(ins, s) : "other";
		g->items = p->item_store + at;
		g->n_items = 0;
		for (j = 0; j < (s < ns ? sdt_instrument_scale_item_count(ins, s)
		                        : sdt_instrument_item_count(ins)); j++) {
			it = s < ns ? sdt_instrument_scale_item(ins, s, j) : j;
			if (asked[it] || sdt_instrument_item_type(ins, it) != SDT_ITEM_LIKERT)
				continue;
			asked[it] = 1;
			g->items[g->n_items++] = it;
		}
		at += g->n_items;
		p->n_groups += g->n_items > 0;
	}
	plan_singles(p, ins, at);
}

int sdt_export_plan_make(sdt_export_plan *p, const sdt_instrument *ins,
                   const sdt_export_options *opt)
{
	size_t ni = sdt_instrument_item_count(ins);
	char *asked = NULL;
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = sdt_export_check(ins, opt)) != SDT_OK)
		return rc;
	p->langs = opt->n_langs ? opt->langs : default_langs;
	p->n_langs = opt->n_langs ? opt->n_langs : 1;
	p->groups = sdt_calloc(sdt_instrument_scale_count(ins) + 1 + sdt_instrument_outcome_count(ins)
	                       + sdt_instrument_text_count(ins), sizeof *p->groups);
	p->item_store = sdt_calloc(ni + 1, sizeof *p->item_store);
	asked = sdt_calloc(ni + 1, 1);
	if (!p->groups || !p->item_store || !asked)
		rc = sdt_fail_nomem();
	else
		plan_groups(p, ins, asked);
	sdt_free(asked);
	return rc;
}

/* The survey's own words: en, fi, sv. */
static const char *const xwords[][4] = {
	/* lang, team, hint, pick */
	{"en", "Your team", "As the organisation writes it: Department/Team",
	 "Choose your team."},
	{"fi", "Tiimisi", "Kuten organisaatio sen kirjoittaa: Osasto/Tiimi",
	 "Valitse tiimisi."},
	{"sv", "Ditt team", "Som organisationen skriver det: Avdelning/Team",
	 "Välj ditt team."},
};

static const char *const xwords2[][3] = {
	/* lang, instruction, part */
	{"en", "How well does each statement describe you at work?", "Part"},
	{"fi", "Kuinka hyvin kukin väittämä kuvaa sinua työssä?", "Osa"},
	{"sv", "Hur väl beskriver varje påstående dig i arbetet?", "Del"},
};

const char *sdt_export_word_text(sdt_export_word w, const char *lang)
{
	size_t k, hit = 0;

	for (k = 0; k < sizeof xwords / sizeof xwords[0]; k++)
		if (lang && strcmp(xwords[k][0], lang) == 0)
			hit = k;
	if (w <= SDT_EXPORT_WORD_TEAM_PICK)
		return xwords[hit][1 + (int)w];
	return xwords2[hit][1 + (int)w - SDT_EXPORT_WORD_INSTRUCTION];
}

char *sdt_export_item_text(const sdt_instrument *ins, size_t item, const char *lang)
{
	const char *t = sdt_instrument_item_text(ins, item, lang);
	const char *label = sdt_instrument_item_label(ins, item, lang);
	size_t n;
	char *s;

	if (t)
		s = sdt_strdup(t);
	else {
		/* Licence guard: the authors' wording is not ours to print. */
		n = strlen(label) + strlen(sdt_instrument_item_id(ins, item)) + 80;
		if ((s = sdt_malloc(n)) != NULL)
			snprintf(s, n, "[PLACEHOLDER %s: replace with the published "
			         "wording] %s", sdt_instrument_item_id(ins, item), label);
	}
	if (!s)
		sdt_fail_nomem();
	return s;
}

const char *sdt_export_point_label(const sdt_instrument *ins, const char *lang, int value,
                             char *buf)
{
	const char *l = sdt_instrument_point_label(ins, lang, value);

	if (l)
		return l;
	snprintf(buf, 16, "%d", value);
	return buf;
}

int sdt_export_group_min(const sdt_instrument *ins, const sdt_export_group *g)
{
	return g->kind == SDT_ITEM_OUTCOME ? sdt_instrument_item_min(ins, g->items[0])
	       : sdt_instrument_min(ins);
}

int sdt_export_group_max(const sdt_instrument *ins, const sdt_export_group *g)
{
	return g->kind == SDT_ITEM_OUTCOME ? sdt_instrument_item_max(ins, g->items[0])
	       : sdt_instrument_max(ins);
}

const char *sdt_export_group_point_label(const sdt_instrument *ins, const sdt_export_group *g,
                                         const char *lang, int value, char *buf)
{
	const char *l;

	if (g->kind != SDT_ITEM_OUTCOME)
		return sdt_export_point_label(ins, lang, value, buf);
	if ((l = sdt_instrument_item_point_label(ins, g->items[0], lang, value)) != NULL)
		return l;
	snprintf(buf, 16, "%d", value);
	return buf;
}

void sdt_export_lang_name(char *buf, size_t n, const char *lang)
{
	static const char *const names[][2] = {
		{"en", "English"}, {"fi", "suomi"}, {"sv", "svenska"}};
	size_t k;

	for (k = 0; k < 3; k++)
		if (strcmp(names[k][0], lang) == 0) {
			snprintf(buf, n, "%s (%s)", names[k][1], lang);
			return;
		}
	snprintf(buf, n, "%s (%s)", lang, lang);
}
