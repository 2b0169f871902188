/*
 * export_qsf.c - the Qualtrics survey file (.qsf) and the column maps of
 * every export format (sdt_export.h), built with cJSON.
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
 *
 * cJSON drops what it cannot allocate without saying so through most of
 * its API, so every node goes through put(), which keeps a failure.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "export_impl.h"
#include "internal.h"

/* A document being built: whether any allocation failed. */
typedef struct qb {
	int oom;
} qb;

/* Attach item to parent under key (an array when key is NULL); a NULL
 * item or parent, or a failed attach, is remembered and item freed. */
static cJSON *put(qb *q, cJSON *parent, const char *key, cJSON *item)
{
	int ok = item && parent &&
	         (key ? cJSON_AddItemToObject(parent, key, item)
	              : cJSON_AddItemToArray(parent, item));

	if (!ok) {
		cJSON_Delete(item);
		q->oom = 1;
		return NULL;
	}
	return item;
}

static void put_str(qb *q, cJSON *parent, const char *key, const char *s)
{
	put(q, parent, key, cJSON_CreateString(s ? s : ""));
}

static void put_num(qb *q, cJSON *parent, const char *key, double x)
{
	put(q, parent, key, cJSON_CreateNumber(x));
}

static cJSON *put_obj(qb *q, cJSON *parent, const char *key)
{
	return put(q, parent, key, cJSON_CreateObject());
}

static cJSON *put_arr(qb *q, cJSON *parent, const char *key)
{
	return put(q, parent, key, cJSON_CreateArray());
}

/* Keys "1", "2", ...: Qualtrics numbers choices and answers from 1. */
static cJSON *put_keyed(qb *q, cJSON *parent, size_t k, cJSON *item)
{
	char key[32];

	snprintf(key, sizeof key, "%zu", k);
	return put(q, parent, key, item);
}

/* Qualtrics writes language codes in capitals: FI, SV, EN. */
static void upper(char *buf, size_t n, const char *s)
{
	size_t k;

	for (k = 0; s[k] && k + 1 < n; k++)
		buf[k] = (char)toupper((unsigned char)s[k]);
	buf[k] = '\0';
}

static cJSON *element3(qb *q, cJSON *els, const char *el, const char *primary,
                       const char *secondary, const char *tertiary)
{
	cJSON *e = put_obj(q, els, NULL);

	put_str(q, e, "SurveyID", "SV_sdtscore");
	put_str(q, e, "Element", el);
	put_str(q, e, "PrimaryAttribute", primary);
	put(q, e, "SecondaryAttribute",
	    secondary ? cJSON_CreateString(secondary) : cJSON_CreateNull());
	put(q, e, "TertiaryAttribute",
	    tertiary ? cJSON_CreateString(tertiary) : cJSON_CreateNull());
	return e;
}

static cJSON *element(qb *q, cJSON *els, const char *el, const char *primary,
                      const char *secondary)
{
	return element3(q, els, el, primary, secondary, NULL);
}

static cJSON *display(qb *q, const char *s)
{
	cJSON *d = cJSON_CreateObject();

	put_str(q, d, "Display", s);
	return d;
}

static void validation(qb *q, cJSON *p)
{
	cJSON *s = put_obj(q, put_obj(q, p, "Validation"), "Settings");

	put_str(q, s, "ForceResponse", "OFF");
	put_str(q, s, "ForceResponseType", "ON");
	put_str(q, s, "Type", "None");
}

static void order(qb *q, cJSON *p, const char *key, size_t n)
{
	cJSON *a = put_arr(q, p, key);
	char num[32];
	size_t k;

	for (k = 1; k <= n; k++) {
		snprintf(num, sizeof num, "%zu", k);
		put_str(q, a, NULL, num);
	}
}

/* The texts of one language: QuestionText, Choices, Answers. */
typedef struct qtexts {
	const char *question;
	cJSON *choices;  /* owned until attached */
	cJSON *answers;  /* may be NULL */
} qtexts;

/* An SQ element's common payload. */
static cJSON *question(qb *q, cJSON *els, size_t qid, const char *tag,
                       const char *type, const char *selector, const char *text)
{
	char id[32];
	cJSON *p;

	snprintf(id, sizeof id, "QID%zu", qid);
	p = put_obj(q, element(q, els, "SQ", id, text), "Payload");
	put_str(q, p, "QuestionText", text);
	put(q, p, "DefaultChoices", cJSON_CreateFalse());
	put_str(q, p, "DataExportTag", tag);
	put_str(q, p, "QuestionType", type);
	put_str(q, p, "Selector", selector);
	put_str(q, p, "QuestionDescription", text);
	put_str(q, p, "QuestionID", id);
	validation(q, p);
	put_arr(q, p, "GradingData");
	return p;
}

/* Payload.Language: each language but the base one. Takes t[k]'s
 * choices and answers (k >= 1). */
static void translations(qb *q, cJSON *p, const sdt_export_plan *x, qtexts *t)
{
	cJSON *lang, *one;
	char code[16];
	size_t k;

	if (x->n_langs < 2) {
		put_arr(q, p, "Language");
		return;
	}
	lang = put_obj(q, p, "Language");
	for (k = 1; k < x->n_langs; k++) {
		upper(code, sizeof code, x->langs[k]);
		one = put_obj(q, lang, code);
		put_str(q, one, "QuestionText", t[k].question);
		if (t[k].choices)
			put(q, one, "Choices", t[k].choices);
		if (t[k].answers)
			put(q, one, "Answers", t[k].answers);
		t[k].choices = t[k].answers = NULL;
	}
}

static void team_question(qb *q, cJSON *els, const sdt_export_plan *x,
                          const sdt_export_options *opt)
{
	qtexts t[SDT_EXPORT_MAX_LANGS] = {{0}};
	size_t k, j;
	cJSON *p;

	for (k = 0; k < x->n_langs; k++) {
		t[k].question = sdt_export_word_text(SDT_EXPORT_WORD_TEAM, x->langs[k]);
		if (!opt->n_teams)
			continue;
		if (!(t[k].choices = cJSON_CreateObject()))
			q->oom = 1;
		for (j = 0; j < opt->n_teams; j++)
			put_keyed(q, t[k].choices, j + 1, display(q, opt->teams[j]));
	}
	p = question(q, els, 1, "team", opt->n_teams ? "MC" : "TE",
	             opt->n_teams ? "DL" : "SL", t[0].question);
	put_str(q, put_obj(q, p, "Configuration"), "QuestionDescriptionOption", "UseText");
	if (opt->n_teams) {
		put(q, p, "Choices", t[0].choices);
		order(q, p, "ChoiceOrder", opt->n_teams);
	}
	translations(q, p, x, t);
	put_num(q, p, "NextChoiceId", (double)opt->n_teams + 1);
	put_num(q, p, "NextAnswerId", 1);
}

/* Choices (the items) and Answers (the scale points) in one language. */
static int matrix_texts(qb *q, qtexts *t, const sdt_instrument *ins,
                        const sdt_export_group *g, const char *lang)
{
	char buf[16];
	size_t j;
	int v, vmin = sdt_export_group_min(ins, g);
	char *s;

	t->question = sdt_export_word_text(SDT_EXPORT_WORD_INSTRUCTION, lang);
	if (g->kind == SDT_ITEM_OUTCOME)
		t->question = sdt_instrument_item_label(ins, g->items[0], lang); /* the row: its text */
	t->choices = cJSON_CreateObject();
	t->answers = cJSON_CreateObject();
	if (!t->choices || !t->answers)
		q->oom = 1;
	for (j = 0; j < g->n_items; j++) {
		if (!(s = sdt_export_item_text(ins, g->items[j], lang)))
			return SDT_ENOMEM;
		put_keyed(q, t->choices, j + 1, display(q, s));
		sdt_free(s);
	}
	for (v = vmin; v <= sdt_export_group_max(ins, g); v++)
		put_keyed(q, t->answers, (size_t)(v - vmin + 1),
		          display(q, sdt_export_group_point_label(ins, g, lang, v, buf)));
	return SDT_OK;
}

static void matrix_codes(qb *q, cJSON *p, const sdt_instrument *ins,
                         const sdt_export_group *g)
{
	cJSON *tags = put_obj(q, p, "ChoiceDataExportTags");
	cJSON *rec = put_obj(q, p, "RecodeValues");
	int v, vmin = sdt_export_group_min(ins, g);
	char num[16];
	size_t j;

	for (j = 0; j < g->n_items; j++)
		put_keyed(q, tags, j + 1,
		          cJSON_CreateString(sdt_instrument_item_id(ins, g->items[j])));
	for (v = vmin; v <= sdt_export_group_max(ins, g); v++) {
		snprintf(num, sizeof num, "%d", v);
		put_keyed(q, rec, (size_t)(v - vmin + 1), cJSON_CreateString(num));
	}
}

static void matrix_config(qb *q, cJSON *p)
{
	cJSON *conf = put_obj(q, p, "Configuration");

	put_str(q, conf, "QuestionDescriptionOption", "UseText");
	put_str(q, conf, "TextPosition", "inline");
	put_num(q, conf, "ChoiceColumnWidth", 25);
	put_str(q, conf, "RepeatHeaders", "none");
	put_str(q, conf, "WhiteSpace", "OFF");
	put(q, conf, "MobileFirst", cJSON_CreateTrue());
	put_str(q, p, "SubSelector", "SingleAnswer");
}

/* A comment: a multi-line text entry whose export tag is the item id. */
static int text_question(qb *q, cJSON *els, const sdt_instrument *ins,
                         const sdt_export_plan *x, size_t gi)
{
	const sdt_export_group *g = &x->groups[gi];
	qtexts t[SDT_EXPORT_MAX_LANGS] = {{0}};
	char *s[SDT_EXPORT_MAX_LANGS] = {0};
	size_t k;
	cJSON *p;
	int rc = SDT_OK;

	for (k = 0; k < x->n_langs && rc == SDT_OK; k++)
		if (!(t[k].question = s[k] = sdt_export_item_text(ins, g->items[0], x->langs[k])))
			rc = SDT_ENOMEM;
	if (rc == SDT_OK) {
		p = question(q, els, gi + 2, g->name, "TE", "ML", t[0].question);
		put_str(q, put_obj(q, p, "Configuration"), "QuestionDescriptionOption", "UseText");
		translations(q, p, x, t);
		put_num(q, p, "NextChoiceId", 1);
		put_num(q, p, "NextAnswerId", 1);
	}
	for (k = 0; k < x->n_langs; k++)
		sdt_free(s[k]);
	return rc;
}

static int matrix_question(qb *q, cJSON *els, const sdt_instrument *ins,
                           const sdt_export_plan *x, size_t gi)
{
	const sdt_export_group *g = &x->groups[gi];
	size_t k, np = (size_t)(sdt_export_group_max(ins, g) - sdt_export_group_min(ins, g) + 1);
	qtexts t[SDT_EXPORT_MAX_LANGS] = {{0}};
	cJSON *p;
	int rc = SDT_OK;

	if (g->kind == SDT_ITEM_TEXT)
		return text_question(q, els, ins, x, gi);
	for (k = 0; k < x->n_langs && rc == SDT_OK; k++)
		rc = matrix_texts(q, &t[k], ins, g, x->langs[k]);
	if (rc == SDT_OK) {
		p = question(q, els, gi + 2, g->name, "Matrix", "Likert", t[0].question);
		matrix_config(q, p);
		put(q, p, "Choices", t[0].choices);
		order(q, p, "ChoiceOrder", g->n_items);
		put(q, p, "Answers", t[0].answers);
		order(q, p, "AnswerOrder", np);
		t[0].choices = t[0].answers = NULL;
		matrix_codes(q, p, ins, g);
		translations(q, p, x, t);
		put_num(q, p, "NextChoiceId", (double)g->n_items + 1);
		put_num(q, p, "NextAnswerId", (double)np + 1);
	}
	for (k = 0; k < x->n_langs; k++) {
		cJSON_Delete(t[k].choices);
		cJSON_Delete(t[k].answers);
	}
	return rc;
}

static void block(qb *q, cJSON *arr, const char *type, const char *desc, size_t b,
                  size_t qid)
{
	cJSON *bl = put_obj(q, arr, NULL), *e;
	char id[32];

	put_str(q, bl, "Type", type);
	put_str(q, bl, "Description", desc);
	snprintf(id, sizeof id, "BL_sdtscore%04zu", b);
	put_str(q, bl, "ID", id);
	e = put_obj(q, put_arr(q, bl, "BlockElements"), NULL);
	snprintf(id, sizeof id, "QID%zu", qid);
	put_str(q, e, "Type", "Question");
	put_str(q, e, "QuestionID", id);
}

/* Blocks: the team in the default block, then a block per group; the
 * flow shows them in that order. */
static void blocks_and_flow(qb *q, cJSON *els, const sdt_export_plan *x)
{
	cJSON *bl = put_arr(q, element(q, els, "BL", "Survey Blocks", NULL), "Payload");
	cJSON *fl, *flow, *f;
	char id[32];
	size_t g;

	block(q, bl, "Default", "Default Question Block", 0, 1);
	for (g = 0; g < x->n_groups; g++)
		block(q, bl, "Standard", x->groups[g].name, g + 1, g + 2);
	fl = put_obj(q, element(q, els, "FL", "Survey Flow", NULL), "Payload");
	put_str(q, fl, "Type", "Root");
	put_str(q, fl, "FlowID", "FL_1");
	flow = put_arr(q, fl, "Flow");
	for (g = 0; g <= x->n_groups; g++) {
		f = put_obj(q, flow, NULL);
		put_str(q, f, "Type", g ? "Standard" : "Block");
		snprintf(id, sizeof id, "BL_sdtscore%04zu", g);
		put_str(q, f, "ID", id);
		snprintf(id, sizeof id, "FL_%zu", g + 2);
		put_str(q, f, "FlowID", id);
	}
	put_num(q, put_obj(q, fl, "Properties"), "Count", (double)x->n_groups + 2);
}

static void options(qb *q, cJSON *els, const sdt_instrument *ins, const sdt_export_plan *x)
{
	static const char *const fixed[][2] = {
		{"BackButton", "true"}, {"SaveAndContinue", "true"},
		{"SurveyProtection", "PublicSurvey"}, {"BallotBoxStuffingPrevention", "false"},
		{"NoIndex", "Yes"}, {"SecureResponseFiles", "true"},
		{"SurveyExpiration", "None"}, {"SurveyTermination", "DefaultMessage"},
		{"Header", ""}, {"Footer", ""}, {"ProgressBarDisplay", "None"},
		{"PartialData", "+1 week"},
		/* Employees answer anonymously: no IP address or location kept. */
		{"AnonymizeResponse", "Yes"}, {"CollectGeoLocation", "false"},
		{"ShowExportTags", "false"}};
	cJSON *o = put_obj(q, element(q, els, "SO", "Survey Options", NULL), "Payload");
	cJSON *langs;
	char code[16];
	size_t k;

	for (k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
		put_str(q, o, fixed[k][0], fixed[k][1]);
	put_str(q, o, "SurveyTitle", sdt_instrument_title(ins, x->langs[0]));
	langs = put_obj(q, o, "AvailableLanguages");
	for (k = 0; k < x->n_langs; k++) {
		upper(code, sizeof code, x->langs[k]);
		put_arr(q, langs, code);
	}
}

static void entry(qb *q, cJSON *root, const sdt_instrument *ins, const sdt_export_plan *x)
{
	cJSON *e = put_obj(q, root, "SurveyEntry");
	char code[16];

	upper(code, sizeof code, x->langs[0]);
	put_str(q, e, "SurveyID", "SV_sdtscore");
	put_str(q, e, "SurveyName", sdt_instrument_title(ins, x->langs[0]));
	put(q, e, "SurveyDescription", cJSON_CreateNull());
	put_str(q, e, "SurveyOwnerID", "UR_sdtscore");
	put_str(q, e, "SurveyLanguage", code);
	put_str(q, e, "SurveyActiveResponseSet", "RS_sdtscore");
	put_str(q, e, "SurveyStatus", "Inactive");
	put(q, e, "Deleted", cJSON_CreateNull());
}

/* The elements Qualtrics' own files carry after the options. */
static void bookkeeping(qb *q, cJSON *els, size_t n_questions)
{
	cJSON *p;
	char n[32];

	p = put_obj(q, element(q, els, "SCO", "Scoring", NULL), "Payload");
	put_arr(q, p, "ScoringCategories");
	put_arr(q, p, "ScoringCategoryGroups");
	put(q, p, "ScoringSummaryCategory", cJSON_CreateNull());
	put_num(q, p, "ScoringSummaryAfterQuestions", 0);
	put_num(q, p, "ScoringSummaryAfterSurvey", 0);
	p = put_obj(q, element3(q, els, "PROJ", "CORE", NULL, "1.1.0"), "Payload");
	put_str(q, p, "ProjectCategory", "CORE");
	put_str(q, p, "SchemaVersion", "1.1.0");
	p = put_obj(q, element(q, els, "STAT", "Survey Statistics", NULL), "Payload");
	put(q, p, "MobileCompatible", cJSON_CreateTrue());
	put_str(q, p, "ID", "Survey Statistics");
	snprintf(n, sizeof n, "%zu", n_questions);
	put(q, element(q, els, "QC", "Survey Question Count", n), "Payload", cJSON_CreateNull());
	put(q, element(q, els, "RS", "RS_sdtscore", "Default Response Set"), "Payload",
	    cJSON_CreateNull());
}

/* The text of a document whose build kept no failure; the caller frees
 * it with sdt_free() (cJSON allocates through the same hook). */
static int print_json(char **out, cJSON *root, const qb *q)
{
	char *s = q->oom || !root ? NULL : cJSON_Print(root);

	*out = s ? sdt_strdup(s) : NULL;
	cJSON_free(s);
	return *out ? SDT_OK : sdt_fail_nomem();
}

int sdt_export_qsf_text(char **out, const sdt_instrument *ins,
                        const sdt_export_options *opt)
{
	cJSON *root = cJSON_CreateObject(), *els;
	qb q = {0};
	sdt_export_plan x;
	size_t g;
	int rc = sdt_export_plan_make(&x, ins, opt);

	*out = NULL;
	if (rc == SDT_OK) {
		entry(&q, root, ins, &x);
		els = put_arr(&q, root, "SurveyElements");
		blocks_and_flow(&q, els, &x);
		options(&q, els, ins, &x);
		bookkeeping(&q, els, x.n_groups + 1);
		team_question(&q, els, &x, opt);
		for (g = 0; g < x.n_groups && rc == SDT_OK; g++)
			rc = matrix_question(&q, els, ins, &x, g);
	}
	if (rc == SDT_OK)
		rc = print_json(out, root, &q);
	cJSON_Delete(root);
	sdt_export_plan_free(&x);
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

static cJSON *regex(qb *q, const char *re)
{
	cJSON *o = cJSON_CreateObject();

	put_str(q, o, "regex", re);
	return o;
}

/* The column of item `it` of group gi, as the tool names it. */
static cJSON *item_col(qb *q, const sdt_instrument *ins, const sdt_export_plan *x,
                       sdt_export_format f, size_t gi, size_t it)
{
	const char *id = sdt_instrument_item_id(ins, it);
	char a[512], b[512], re[1100];

	if (f == SDT_EXPORT_LIMESURVEY_TSV) {
		/* a list or text question's column is its code alone */
		if (x->groups[gi].kind != SDT_ITEM_LIKERT)
			snprintf(re, sizeof re, "SC%zu", gi + 1);
		else
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
	return regex(q, re);
}

static void map_team(qb *q, cJSON *m, const sdt_export_options *opt)
{
	cJSON *tv;
	char code[32];
	size_t k;

	if (opt->format == SDT_EXPORT_XLSFORM)
		put(q, m, "team", regex(q, "^(.*[-/])?team$"));
	else
		put_str(q, m, "team", "team");
	if (!opt->n_teams)
		return;
	tv = put_obj(q, m, "team_values");
	for (k = 0; k < opt->n_teams; k++) {
		snprintf(code, sizeof code, opt->format == SDT_EXPORT_LIMESURVEY_TSV ? "T%zu"
		         : opt->format == SDT_EXPORT_XLSFORM ? "t%zu" : "%zu", k + 1);
		put_str(q, tv, code, opt->teams[k]);
	}
}

static void map_body(qb *q, cJSON *m, const sdt_instrument *ins, const sdt_export_plan *x,
                     const sdt_export_options *opt)
{
	cJSON *items, *skip;
	size_t g, j;

	if (opt->format == SDT_EXPORT_QSF) {
		/* Codes, question texts and import ids: three header rows. */
		put_num(q, m, "header_row", 1);
		skip = put_arr(q, m, "skip_rows");
		put_num(q, skip, NULL, 2);
		put_num(q, skip, NULL, 3);
	}
	if (opt->format == SDT_EXPORT_XLSFORM)
		put(q, m, "id", regex(q, "^(KEY|_uuid)$"));
	else
		put_str(q, m, "id", opt->format == SDT_EXPORT_QSF ? "ResponseId" : "id");
	map_team(q, m, opt);
	items = put_obj(q, m, "items");
	for (g = 0; g < x->n_groups; g++)
		for (j = 0; j < x->groups[g].n_items; j++)
			put(q, items, sdt_instrument_item_id(ins, x->groups[g].items[j]),
			    item_col(q, ins, x, opt->format, g, x->groups[g].items[j]));
}

int sdt_export_map(char **json, const sdt_instrument *ins,
                   const sdt_export_options *opt)
{
	cJSON *m = cJSON_CreateObject();
	qb q = {0};
	sdt_export_plan x;
	int rc = sdt_export_plan_make(&x, ins, opt);

	*json = NULL;
	if (rc == SDT_OK) {
		map_body(&q, m, ins, &x, opt);
		rc = print_json(json, m, &q);
	}
	cJSON_Delete(m);
	sdt_export_plan_free(&x);
	return rc;
}
