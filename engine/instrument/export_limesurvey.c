/*
 * export_limesurvey.c - LimeSurvey's tab-separated survey structure, and
 * sdt_export_survey_text, which picks the writer of a format (this one or
 * export_qsf.c) over the plan of export.c.
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
