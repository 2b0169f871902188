/*
 * export_qsf.c - the Qualtrics survey file (.qsf) and the column maps of
 * every export format (sdt_export.h).
 *
 * Qualtrics does not document .qsf; the shape here is that of the files
 * Qualtrics itself exports (SurveyEntry, then SurveyElements: BL blocks,
 * FL flow, SO options, SCO, PROJ, STAT, QC, RS and one SQ per question).
 * A scale is a Likert matrix (QuestionType Matrix, Selector Likert,
 * SubSelector SingleAnswer) whose ChoiceDataExportTags are the item ids
 * and whose RecodeValues are the scale's values; other languages go in
 * each question's Language object. Qualtrics exports such a statement as
 * the column TAG_ITEM (TAG the question's DataExportTag; exports before
 * its "Insights" data table wrote ITEM alone), so the map accepts both.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "export_impl.h"
#include "internal.h"

/* Qualtrics writes language codes in capitals: FI, SV, EN. */
static void upper(char *buf, size_t n, const char *s)
{
	size_t k;

	for (k = 0; s[k] && k + 1 < n; k++)
		buf[k] = (char)toupper((unsigned char)s[k]);
	buf[k] = '\0';
}

static cJSON *element(cJSON *els, const char *el, const char *primary,
                      const char *secondary)
{
	cJSON *e = cJSON_CreateObject();

	cJSON_AddItemToArray(els, e);
	cJSON_AddStringToObject(e, "SurveyID", "SV_sdtscore");
	cJSON_AddStringToObject(e, "Element", el);
	cJSON_AddStringToObject(e, "PrimaryAttribute", primary);
	if (secondary)
		cJSON_AddStringToObject(e, "SecondaryAttribute", secondary);
	else
		cJSON_AddNullToObject(e, "SecondaryAttribute");
	cJSON_AddNullToObject(e, "TertiaryAttribute");
	return e;
}

static void add_keyed(cJSON *obj, size_t k, cJSON *v)
{
	char key[32];

	snprintf(key, sizeof key, "%zu", k);
	cJSON_AddItemToObject(obj, key, v);
}

static cJSON *display(const char *s)
{
	cJSON *d = cJSON_CreateObject();

	cJSON_AddStringToObject(d, "Display", s);
	return d;
}

static cJSON *validation(void)
{
	cJSON *v = cJSON_CreateObject(), *s = cJSON_AddObjectToObject(v, "Settings");

	cJSON_AddStringToObject(s, "ForceResponse", "OFF");
	cJSON_AddStringToObject(s, "ForceResponseType", "ON");
	cJSON_AddStringToObject(s, "Type", "None");
	return v;
}

/* The texts of one language: QuestionText, Choices, Answers. */
typedef struct qtexts {
	const char *question;
	cJSON *choices;  /* owned until added */
	cJSON *answers;  /* may be NULL */
} qtexts;

/* An SQ element's common payload. */
static cJSON *question(cJSON *els, size_t qid, const char *tag, const char *type,
                       const char *selector, const qtexts *base)
{
	char id[32];
	cJSON *e, *p;

	snprintf(id, sizeof id, "QID%zu", qid);
	e = element(els, "SQ", id, base->question);
	p = cJSON_AddObjectToObject(e, "Payload");
	cJSON_AddStringToObject(p, "QuestionText", base->question);
	cJSON_AddFalseToObject(p, "DefaultChoices");
	cJSON_AddStringToObject(p, "DataExportTag", tag);
	cJSON_AddStringToObject(p, "QuestionType", type);
	cJSON_AddStringToObject(p, "Selector", selector);
	cJSON_AddStringToObject(p, "QuestionDescription", base->question);
	cJSON_AddStringToObject(p, "QuestionID", id);
	cJSON_AddItemToObject(p, "Validation", validation());
	cJSON_AddItemToObject(p, "GradingData", cJSON_CreateArray());
	return p;
}

static cJSON *order(size_t n)
{
	cJSON *a = cJSON_CreateArray();
	char key[32];
	size_t k;

	for (k = 1; k <= n; k++) {
		snprintf(key, sizeof key, "%zu", k);
		cJSON_AddItemToArray(a, cJSON_CreateString(key));
	}
	return a;
}

/* Payload.Language: each language but the base one. */
static void translations(cJSON *p, const sdt_xplan *x, const qtexts *t)
{
	cJSON *lang, *one;
	char code[16];
	size_t k;

	if (x->n_langs < 2) {
		cJSON_AddItemToObject(p, "Language", cJSON_CreateArray());
		return;
	}
	lang = cJSON_AddObjectToObject(p, "Language");
	for (k = 1; k < x->n_langs; k++) {
		upper(code, sizeof code, x->langs[k]);
		one = cJSON_AddObjectToObject(lang, code);
		cJSON_AddStringToObject(one, "QuestionText", t[k].question);
		if (t[k].choices)
			cJSON_AddItemToObject(one, "Choices", t[k].choices);
		if (t[k].answers)
			cJSON_AddItemToObject(one, "Answers", t[k].answers);
	}
}

static void team_question(cJSON *els, const sdt_xplan *x, const sdt_export_options *opt)
{
	qtexts t[SDT_XMAX_LANGS] = {{0}};
	size_t k, j, nl = x->n_langs;
	cJSON *p, *conf;

	for (k = 0; k < nl; k++) {
		t[k].question = sdt_xword_get(SDT_XW_TEAM, x->langs[k]);
		if (opt->n_teams) {
			t[k].choices = cJSON_CreateObject();
			for (j = 0; j < opt->n_teams; j++)
				add_keyed(t[k].choices, j + 1, display(opt->teams[j]));
		}
	}
	p = question(els, 1, "team", opt->n_teams ? "MC" : "TE",
	             opt->n_teams ? "DL" : "SL", &t[0]);
	conf = cJSON_AddObjectToObject(p, "Configuration");
	cJSON_AddStringToObject(conf, "QuestionDescriptionOption", "UseText");
	if (opt->n_teams) {
		cJSON_AddItemToObject(p, "Choices", t[0].choices);
		cJSON_AddItemToObject(p, "ChoiceOrder", order(opt->n_teams));
	}
	translations(p, x, t);
	cJSON_AddNumberToObject(p, "NextChoiceId", (double)opt->n_teams + 1);
	cJSON_AddNumberToObject(p, "NextAnswerId", 1);
}

/* Choices (the items) and Answers (the scale points) in one language. */
static int matrix_texts(qtexts *t, const sdt_instrument *ins, const sdt_xgroup *g,
                        const char *lang)
{
	char buf[16];
	size_t j;
	int v, vmin = sdt_instrument_min(ins);
	char *s;

	t->question = sdt_xword_get(SDT_XW_INSTRUCTION, lang);
	t->choices = cJSON_CreateObject();
	t->answers = cJSON_CreateObject();
	for (j = 0; j < g->n_items; j++) {
		if (!(s = sdt_xitem_text(ins, g->items[j], lang)))
			return SDT_ENOMEM;
		add_keyed(t->choices, j + 1, display(s));
		sdt_free(s);
	}
	for (v = vmin; v <= sdt_instrument_max(ins); v++)
		add_keyed(t->answers, (size_t)(v - vmin + 1),
		          display(sdt_xpoint_label(ins, lang, v, buf)));
	return SDT_OK;
}

static void matrix_codes(cJSON *p, const sdt_instrument *ins, const sdt_xgroup *g)
{
	cJSON *tags = cJSON_AddObjectToObject(p, "ChoiceDataExportTags");
	cJSON *rec = cJSON_AddObjectToObject(p, "RecodeValues");
	int v, vmin = sdt_instrument_min(ins);
	char num[16];
	size_t j;

	for (j = 0; j < g->n_items; j++)
		add_keyed(tags, j + 1,
		          cJSON_CreateString(sdt_instrument_item_id(ins, g->items[j])));
	for (v = vmin; v <= sdt_instrument_max(ins); v++) {
		snprintf(num, sizeof num, "%d", v);
		add_keyed(rec, (size_t)(v - vmin + 1), cJSON_CreateString(num));
	}
}

static int matrix_question(cJSON *els, const sdt_instrument *ins, const sdt_xplan *x,
                           size_t gi)
{
	const sdt_xgroup *g = &x->groups[gi];
	size_t k, nl = x->n_langs;
	size_t np = (size_t)(sdt_instrument_max(ins) - sdt_instrument_min(ins) + 1);
	qtexts t[SDT_XMAX_LANGS] = {{0}};
	cJSON *p, *conf;
	int rc = SDT_OK;

	for (k = 0; k < nl && rc == SDT_OK; k++)
		rc = matrix_texts(&t[k], ins, g, x->langs[k]);
	if (rc == SDT_OK) {
		p = question(els, gi + 2, g->name, "Matrix", "Likert", &t[0]);
		cJSON_AddStringToObject(p, "SubSelector", "SingleAnswer");
		conf = cJSON_AddObjectToObject(p, "Configuration");
		cJSON_AddStringToObject(conf, "QuestionDescriptionOption", "UseText");
		cJSON_AddStringToObject(conf, "TextPosition", "inline");
		cJSON_AddNumberToObject(conf, "ChoiceColumnWidth", 25);
		cJSON_AddStringToObject(conf, "RepeatHeaders", "none");
		cJSON_AddStringToObject(conf, "WhiteSpace", "OFF");
		cJSON_AddTrueToObject(conf, "MobileFirst");
		cJSON_AddItemToObject(p, "Choices", t[0].choices);
		cJSON_AddItemToObject(p, "ChoiceOrder", order(g->n_items));
		cJSON_AddItemToObject(p, "Answers", t[0].answers);
		cJSON_AddItemToObject(p, "AnswerOrder", order(np));
		t[0].choices = t[0].answers = NULL;
		matrix_codes(p, ins, g);
		translations(p, x, t);
		for (k = 1; k < nl; k++)
			t[k].choices = t[k].answers = NULL;
		cJSON_AddNumberToObject(p, "NextChoiceId", (double)g->n_items + 1);
		cJSON_AddNumberToObject(p, "NextAnswerId", (double)np + 1);
	}
	for (k = 0; k < nl; k++) {
		cJSON_Delete(t[k].choices);
		cJSON_Delete(t[k].answers);
	}
	return rc;
}

static void block(cJSON *arr, const char *type, const char *desc, size_t b,
                  size_t q_from, size_t q_to)
{
	cJSON *bl = cJSON_CreateObject(), *els;
	char id[32];
	size_t q;

	cJSON_AddItemToArray(arr, bl);
	cJSON_AddStringToObject(bl, "Type", type);
	cJSON_AddStringToObject(bl, "Description", desc);
	snprintf(id, sizeof id, "BL_sdtscore%04zu", b);
	cJSON_AddStringToObject(bl, "ID", id);
	els = cJSON_AddArrayToObject(bl, "BlockElements");
	for (q = q_from; q <= q_to; q++) {
		cJSON *e = cJSON_CreateObject();

		snprintf(id, sizeof id, "QID%zu", q);
		cJSON_AddStringToObject(e, "Type", "Question");
		cJSON_AddStringToObject(e, "QuestionID", id);
		cJSON_AddItemToArray(els, e);
	}
}

/* Blocks: the team in the default block, then a block per group; the
 * flow shows them in that order. */
static void blocks_and_flow(cJSON *els, const sdt_xplan *x)
{
	cJSON *bl = cJSON_AddArrayToObject(element(els, "BL", "Survey Blocks", NULL),
	                                   "Payload");
	cJSON *fl, *flow, *f, *props;
	char id[32], desc[64];
	size_t g;

	block(bl, "Default", "Default Question Block", 0, 1, 1);
	for (g = 0; g < x->n_groups; g++) {
		snprintf(desc, sizeof desc, "%s", x->groups[g].name);
		block(bl, "Standard", desc, g + 1, g + 2, g + 2);
	}
	fl = cJSON_AddObjectToObject(element(els, "FL", "Survey Flow", NULL), "Payload");
	cJSON_AddStringToObject(fl, "Type", "Root");
	cJSON_AddStringToObject(fl, "FlowID", "FL_1");
	flow = cJSON_AddArrayToObject(fl, "Flow");
	for (g = 0; g <= x->n_groups; g++) {
		f = cJSON_CreateObject();
		cJSON_AddStringToObject(f, "Type", g ? "Standard" : "Block");
		snprintf(id, sizeof id, "BL_sdtscore%04zu", g);
		cJSON_AddStringToObject(f, "ID", id);
		snprintf(id, sizeof id, "FL_%zu", g + 2);
		cJSON_AddStringToObject(f, "FlowID", id);
		cJSON_AddItemToArray(flow, f);
	}
	props = cJSON_AddObjectToObject(fl, "Properties");
	cJSON_AddNumberToObject(props, "Count", (double)x->n_groups + 2);
}

static void options(cJSON *els, const sdt_instrument *ins, const sdt_xplan *x)
{
	cJSON *o = cJSON_AddObjectToObject(element(els, "SO", "Survey Options", NULL),
	                                   "Payload");
	cJSON *langs;
	char code[16];
	size_t k;

	cJSON_AddStringToObject(o, "BackButton", "true");
	cJSON_AddStringToObject(o, "SaveAndContinue", "true");
	cJSON_AddStringToObject(o, "SurveyProtection", "PublicSurvey");
	cJSON_AddStringToObject(o, "BallotBoxStuffingPrevention", "false");
	cJSON_AddStringToObject(o, "NoIndex", "Yes");
	cJSON_AddStringToObject(o, "SecureResponseFiles", "true");
	cJSON_AddStringToObject(o, "SurveyExpiration", "None");
	cJSON_AddStringToObject(o, "SurveyTermination", "DefaultMessage");
	cJSON_AddStringToObject(o, "Header", "");
	cJSON_AddStringToObject(o, "Footer", "");
	cJSON_AddStringToObject(o, "ProgressBarDisplay", "None");
	cJSON_AddStringToObject(o, "PartialData", "+1 week");
	cJSON_AddStringToObject(o, "SurveyTitle", sdt_instrument_title(ins, x->langs[0]));
	/* Employees answer anonymously: no IP address or location is kept. */
	cJSON_AddStringToObject(o, "AnonymizeResponse", "Yes");
	cJSON_AddStringToObject(o, "CollectGeoLocation", "false");
	cJSON_AddStringToObject(o, "ShowExportTags", "false");
	langs = cJSON_AddObjectToObject(o, "AvailableLanguages");
	for (k = 0; k < x->n_langs; k++) {
		upper(code, sizeof code, x->langs[k]);
		cJSON_AddItemToObject(langs, code, cJSON_CreateArray());
	}
}

static void entry(cJSON *root, const sdt_instrument *ins, const sdt_xplan *x)
{
	cJSON *e = cJSON_AddObjectToObject(root, "SurveyEntry");
	char code[16];

	upper(code, sizeof code, x->langs[0]);
	cJSON_AddStringToObject(e, "SurveyID", "SV_sdtscore");
	cJSON_AddStringToObject(e, "SurveyName", sdt_instrument_title(ins, x->langs[0]));
	cJSON_AddNullToObject(e, "SurveyDescription");
	cJSON_AddStringToObject(e, "SurveyOwnerID", "UR_sdtscore");
	cJSON_AddStringToObject(e, "SurveyLanguage", code);
	cJSON_AddStringToObject(e, "SurveyActiveResponseSet", "RS_sdtscore");
	cJSON_AddStringToObject(e, "SurveyStatus", "Inactive");
	cJSON_AddNullToObject(e, "Deleted");
}

/* The elements Qualtrics' own files carry after the options. */
static void bookkeeping(cJSON *els, size_t n_questions)
{
	cJSON *p;
	char n[32];

	p = cJSON_AddObjectToObject(element(els, "SCO", "Scoring", NULL), "Payload");
	cJSON_AddItemToObject(p, "ScoringCategories", cJSON_CreateArray());
	cJSON_AddItemToObject(p, "ScoringCategoryGroups", cJSON_CreateArray());
	cJSON_AddNullToObject(p, "ScoringSummaryCategory");
	cJSON_AddNumberToObject(p, "ScoringSummaryAfterQuestions", 0);
	cJSON_AddNumberToObject(p, "ScoringSummaryAfterSurvey", 0);
	p = element(els, "PROJ", "CORE", NULL);
	cJSON_ReplaceItemInObject(p, "TertiaryAttribute", cJSON_CreateString("1.1.0"));
	p = cJSON_AddObjectToObject(p, "Payload");
	cJSON_AddStringToObject(p, "ProjectCategory", "CORE");
	cJSON_AddStringToObject(p, "SchemaVersion", "1.1.0");
	p = cJSON_AddObjectToObject(element(els, "STAT", "Survey Statistics", NULL), "Payload");
	cJSON_AddTrueToObject(p, "MobileCompatible");
	cJSON_AddStringToObject(p, "ID", "Survey Statistics");
	snprintf(n, sizeof n, "%zu", n_questions);
	cJSON_AddNullToObject(element(els, "QC", "Survey Question Count", n), "Payload");
	cJSON_AddNullToObject(element(els, "RS", "RS_sdtscore", "Default Response Set"),
	                      "Payload");
}

/* cJSON's text is allocated by the same hooks as sdt_free frees, but the
 * copy keeps the contract simple: the caller frees with sdt_free(). */
static int print_json(char **out, cJSON *root)
{
	char *s = cJSON_Print(root);

	*out = s ? sdt_strdup(s) : NULL;
	cJSON_free(s);
	return *out ? SDT_OK : sdt_fail_nomem();
}

int sdt_export_qsf_text(char **out, const sdt_instrument *ins,
                        const sdt_export_options *opt)
{
	cJSON *root = cJSON_CreateObject(), *els;
	sdt_xplan x;
	size_t g;
	int rc = sdt_xplan_make(&x, ins, opt);

	*out = NULL;
	if (rc == SDT_OK && !root)
		rc = sdt_fail_nomem();
	if (rc == SDT_OK) {
		entry(root, ins, &x);
		els = cJSON_AddArrayToObject(root, "SurveyElements");
		blocks_and_flow(els, &x);
		options(els, ins, &x);
		bookkeeping(els, x.n_groups + 1);
		team_question(els, &x, opt);
		for (g = 0; g < x.n_groups && rc == SDT_OK; g++)
			rc = matrix_question(els, ins, &x, g);
	}
	if (rc == SDT_OK)
		rc = print_json(out, root);
	cJSON_Delete(root);
	sdt_xplan_free(&x);
	return rc;
}

/* ---- maps ---------------------------------------------------------------- */

/* s with POSIX ERE specials escaped, and '-' read as '_' when `dash` (as
 * Qualtrics writes export tags into column names), into buf of n bytes. */
static void re_quote(char *buf, size_t n, const char *s, int dash)
{
	size_t at = 0;

	for (; *s && at + 3 < n; s++) {
		if (dash && *s == '-') {
			buf[at++] = '_';
			continue;
		}
		if (strchr(".[]{}()\\*+?^$|", *s))
			buf[at++] = '\\';
		buf[at++] = *s;
	}
	buf[at] = '\0';
}

static cJSON *regex(const char *re)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "regex", re);
	return o;
}

/* The column of item `it` of group gi, as the tool names it. */
static cJSON *item_col(const sdt_instrument *ins, const sdt_xplan *x,
                       sdt_export_format f, size_t gi, size_t it)
{
	const char *id = sdt_instrument_item_id(ins, it);
	char a[512], b[512], re[1100];

	if (f == SDT_EXPORT_LIMESURVEY_TSV) {
		snprintf(re, sizeof re, "SC%zu[%s]", gi + 1, id);
		return cJSON_CreateString(re);
	}
	re_quote(a, sizeof a, id, f == SDT_EXPORT_QSF);
	if (f == SDT_EXPORT_QSF) {
		re_quote(b, sizeof b, x->groups[gi].name, 1);
		snprintf(re, sizeof re, "^(%s_)?%s$", b, a);
	} else {
		/* ODK Central joins groups with '-', KoboToolbox with '/'. */
		snprintf(re, sizeof re, "^(.*[-/])?%s$", a);
	}
	return regex(re);
}

static void map_team(cJSON *m, const sdt_export_options *opt)
{
	cJSON *tv;
	char code[32];
	size_t k;

	if (opt->format == SDT_EXPORT_XLSFORM)
		cJSON_AddItemToObject(m, "team", regex("^(.*[-/])?team$"));
	else
		cJSON_AddStringToObject(m, "team", "team");
	if (!opt->n_teams)
		return;
	tv = cJSON_AddObjectToObject(m, "team_values");
	for (k = 0; k < opt->n_teams; k++) {
		snprintf(code, sizeof code, opt->format == SDT_EXPORT_LIMESURVEY_TSV ? "T%zu"
		         : opt->format == SDT_EXPORT_XLSFORM ? "t%zu" : "%zu", k + 1);
		cJSON_AddStringToObject(tv, code, opt->teams[k]);
	}
}

int sdt_export_map(char **json, const sdt_instrument *ins,
                   const sdt_export_options *opt)
{
	cJSON *m = cJSON_CreateObject(), *items, *skip;
	sdt_xplan x;
	size_t g, j;
	int rc = sdt_xplan_make(&x, ins, opt);

	*json = NULL;
	if (rc == SDT_OK && !m)
		rc = sdt_fail_nomem();
	if (rc == SDT_OK) {
		if (opt->format == SDT_EXPORT_QSF) {
			/* Codes, question texts and import ids: three header rows. */
			cJSON_AddNumberToObject(m, "header_row", 1);
			skip = cJSON_AddArrayToObject(m, "skip_rows");
			cJSON_AddItemToArray(skip, cJSON_CreateNumber(2));
			cJSON_AddItemToArray(skip, cJSON_CreateNumber(3));
		}
		if (opt->format == SDT_EXPORT_XLSFORM)
			cJSON_AddItemToObject(m, "id", regex("^(KEY|_uuid)$"));
		else
			cJSON_AddStringToObject(m, "id", opt->format == SDT_EXPORT_QSF
			                        ? "ResponseId" : "id");
		map_team(m, opt);
		items = cJSON_AddObjectToObject(m, "items");
		for (g = 0; g < x.n_groups; g++)
			for (j = 0; j < x.groups[g].n_items; j++)
				cJSON_AddItemToObject(items,
				    sdt_instrument_item_id(ins, x.groups[g].items[j]),
				    item_col(ins, &x, opt->format, g, x.groups[g].items[j]));
		rc = print_json(json, m);
	}
	cJSON_Delete(m);
	sdt_xplan_free(&x);
	return rc;
}
