/*
 * export.c - fielding a survey (sdt_export.h): the options, the plan of
 * groups and questions every format shares, the survey's own words in
 * en/fi/sv, and LimeSurvey's tab-separated survey structure.
 *
 * The LimeSurvey file has the rows LimeSurvey's TSV import reads
 * (import_helper.php, TSVImportSurvey) in the order LimeSurvey's own
 * export writes them: S survey settings, SL texts per language, then per
 * group its G row and questions in the base language, then the same block
 * in each other language. The G row's type/scale column numbers the group
 * and ties its languages together. A scale is an array question (type F)
 * whose subquestions are the item ids, so LimeSurvey exports the columns
 * CODE[q1]; its answer codes are the scale's values.
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

/* ---- LimeSurvey TSV ---------------------------------------------------- */

typedef struct sbuf {
	char *s;
	size_t len, cap;
	int err;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
	char *p;
	size_t cap;

	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = (b->len + n + 1) * 2;
		if (!(p = sdt_realloc(b->s, cap))) {
			b->err = sdt_fail_nomem();
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* A text field: HTML-escaped (LimeSurvey shows texts as HTML), quoted as
 * its import reads fields (double quotes, doubled inside) when it holds a
 * tab, a line break or a quote. */
static void sb_field(sbuf *b, const char *s, int html)
{
	int quote = s && s[strcspn(s, "\t\r\n\"")] != '\0';
	const char *p;

	if (!s)
		return;
	if (quote)
		sb_add(b, "\"", 1);
	for (p = s; *p; p++) {
		if (html && *p == '&')
			sb_add(b, "&amp;", 5);
		else if (html && *p == '<')
			sb_add(b, "&lt;", 4);
		else if (html && *p == '>')
			sb_add(b, "&gt;", 4);
		else if (*p == '"')
			sb_add(b, "\"\"", 2);
		else
			sb_add(b, p, 1);
	}
	if (quote)
		sb_add(b, "\"", 1);
}

/* The columns of LimeSurvey's TSV structure that the rows here use. */
#define LS_COLS 14
static const char *const ls_header[LS_COLS] = {
	"class", "type/scale", "name", "relevance", "text", "help", "language",
	"validation", "em_validation_q", "mandatory", "other", "default",
	"same_default", "hidden"};

/* One row: class, type/scale, name, relevance, text, help, language; the
 * other columns empty. */
static void ls_row(sbuf *b, const char *cls, const char *type, const char *name,
                   const char *rel, const char *text, const char *help,
                   const char *lang)
{
	const char *f[7] = {cls, type, name, rel, text, help, lang};
	size_t k;

	for (k = 0; k < LS_COLS; k++) {
		if (k)
			sb_add(b, "\t", 1);
		if (k < 7)
			sb_field(b, f[k], k == 4 || k == 5);
	}
	sb_add(b, "\n", 1);
}

static void ls_settings(sbuf *b, const sdt_instrument *ins, const sdt_export_plan *p)
{
	char extra[256] = "";
	size_t k, at = 0;

	for (k = 0; k < LS_COLS; k++) {
		sb_add(b, k ? "\t" : "", k ? 1 : 0);
		sb_field(b, ls_header[k], 0);
	}
	sb_add(b, "\n", 1);
	ls_row(b, "S", NULL, "language", "1", p->langs[0], NULL, p->langs[0]);
	for (k = 1; k < p->n_langs && at < sizeof extra; k++)
		at += (size_t)snprintf(extra + at, sizeof extra - at, "%s%s",
		                       k > 1 ? " " : "", p->langs[k]);
	if (p->n_langs > 1)
		ls_row(b, "S", NULL, "additional_languages", "1", extra, NULL, p->langs[0]);
	/* Anonymized: no token is stored with the answers. */
	ls_row(b, "S", NULL, "anonymized", "1", "Y", NULL, p->langs[0]);
	ls_row(b, "S", NULL, "format", "1", "G", NULL, p->langs[0]);
	for (k = 0; k < p->n_langs; k++)
		ls_row(b, "SL", NULL, "surveyls_title", "1",
		       sdt_instrument_title(ins, p->langs[k]), NULL, p->langs[k]);
}

static void ls_team(sbuf *b, const sdt_export_options *opt, const char *lang)
{
	char code[32];
	size_t k;

	if (!opt->n_teams) {
		ls_row(b, "Q", "S", "team", "1", sdt_export_word_text(SDT_EXPORT_WORD_TEAM, lang),
		       sdt_export_word_text(SDT_EXPORT_WORD_TEAM_HINT, lang), lang);
		return;
	}
	ls_row(b, "Q", "!", "team", "1", sdt_export_word_text(SDT_EXPORT_WORD_TEAM, lang),
	       sdt_export_word_text(SDT_EXPORT_WORD_TEAM_PICK, lang), lang);
	/* Answer codes are at most 5 letters and digits: T1 ... T9999. */
	for (k = 0; k < opt->n_teams; k++) {
		snprintf(code, sizeof code, "T%zu", k + 1);
		ls_row(b, "A", "0", code, NULL, opt->teams[k], NULL, lang);
	}
}

/* An outcome as a list (radio) question with its own answers, a comment
 * as a long free text: the export column is the question code. */
static int ls_single(sbuf *b, const sdt_instrument *ins, const sdt_export_group *g,
                     const char *code, const char *lang)
{
	char num[16], lbuf[16];
	char *t = sdt_export_item_text(ins, g->items[0], lang);
	int v;

	if (!t)
		return SDT_ENOMEM;
	ls_row(b, "Q", g->kind == SDT_ITEM_TEXT ? "T" : "L", code, "1", t, NULL, lang);
	sdt_free(t);
	for (v = sdt_export_group_min(ins, g);
	     g->kind == SDT_ITEM_OUTCOME && v <= sdt_export_group_max(ins, g); v++) {
		snprintf(num, sizeof num, "%d", v);
		ls_row(b, "A", "0", num, NULL, sdt_export_group_point_label(ins, g, lang, v, lbuf),
		       NULL, lang);
	}
	return SDT_OK;
}

static int ls_array(sbuf *b, const sdt_instrument *ins, const sdt_export_group *g,
                    size_t gi, const char *lang)
{
	char code[32], num[16], lbuf[16];
	size_t j;
	int v;
	char *t;

	snprintf(code, sizeof code, "SC%zu", gi + 1);
	if (g->kind != SDT_ITEM_LIKERT)
		return ls_single(b, ins, g, code, lang);
	ls_row(b, "Q", "F", code, "1", sdt_export_word_text(SDT_EXPORT_WORD_INSTRUCTION, lang),
	       NULL, lang);
	for (j = 0; j < g->n_items; j++) {
		if (!(t = sdt_export_item_text(ins, g->items[j], lang)))
			return SDT_ENOMEM;
		ls_row(b, "SQ", "0", sdt_instrument_item_id(ins, g->items[j]), "1", t,
		       NULL, lang);
		sdt_free(t);
	}
	for (v = sdt_instrument_min(ins); v <= sdt_instrument_max(ins); v++) {
		snprintf(num, sizeof num, "%d", v);
		ls_row(b, "A", "0", num, NULL, sdt_export_point_label(ins, lang, v, lbuf), NULL,
		       lang);
	}
	return SDT_OK;
}

static int ls_groups(sbuf *b, const sdt_instrument *ins, const sdt_export_plan *p,
                     const sdt_export_options *opt)
{
	char gid[32], name[128];
	size_t g, k;
	int rc = SDT_OK;

	for (g = 0; g < p->n_groups && rc == SDT_OK; g++) {
		snprintf(gid, sizeof gid, "%zu", g + 1);
		for (k = 0; k < p->n_langs && rc == SDT_OK; k++) {
			snprintf(name, sizeof name, "%s %zu/%zu",
			         sdt_export_word_text(SDT_EXPORT_WORD_PART, p->langs[k]), g + 1, p->n_groups);
			ls_row(b, "G", gid, name, "1", NULL, NULL, p->langs[k]);
			if (g == 0)
				ls_team(b, opt, p->langs[k]);
			rc = ls_array(b, ins, &p->groups[g], g, p->langs[k]);
		}
	}
	return rc;
}

static int limesurvey_text(sbuf *b, const sdt_instrument *ins,
                           const sdt_export_options *opt)
{
	sdt_export_plan p;
	int rc = sdt_export_plan_make(&p, ins, opt);

	if (rc == SDT_OK) {
		ls_settings(b, ins, &p);
		rc = ls_groups(b, ins, &p, opt);
	}
	sdt_export_plan_free(&p);
	return rc ? rc : b->err;
}

int sdt_export_survey_text(char **out, size_t *len, const sdt_instrument *ins,
                           const sdt_export_options *opt)
{
	sbuf b = {0};
	int rc;

	*out = NULL;
	*len = 0;
	if ((rc = sdt_export_check(ins, opt)) != SDT_OK)
		return rc;
	if (opt->format == SDT_EXPORT_XLSFORM)
		return sdt_fail(SDT_EUSAGE, "export: xlsform is a workbook, not text");
	if (opt->format == SDT_EXPORT_QSF) {
		rc = sdt_export_qsf_text(out, ins, opt);
		*len = *out ? strlen(*out) : 0;
		return rc;
	}
	if ((rc = limesurvey_text(&b, ins, opt)) != SDT_OK) {
		sdt_free(b.s);
		return rc;
	}
	*out = b.s;
	*len = b.len;
	return SDT_OK;
}
