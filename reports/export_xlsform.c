/*
 * export_xlsform.c - the survey as an XLSForm (sdt_export.h), the form
 * definition ODK, KoboToolbox and Survey123 read: a workbook with the
 * sheets survey, choices and settings, one label::LANGUAGE (code) column
 * per language, as the XLSForm specification (xlsform.org) and the forms
 * KoboToolbox writes have them.
 *
 * Each scale is a group (begin_group/end_group, field-list) of select_one
 * questions named by the item ids on one list whose names are the scale's
 * values; the team is `text team` or `select_one teams`. Tools export a
 * grouped question as GROUP/NAME (KoboToolbox) or GROUP-NAME (ODK
 * Central), which the map's patterns allow.
 */
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "rep_engine.h"
#include "sheet.h"

typedef struct xform {
	lxw_workbook *wb;
	lxw_worksheet *survey, *choices, *settings;
	const sdt_instrument *ins;
	const sdt_export_plan *x;
	const sdt_export_options *opt;
	lxw_row_t srow, crow;  /* next free row of survey and choices */
	int err;
} xform;

static void put(xform *f, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col,
                const char *s)
{
	lxw_error e;

	if (f->err || !s || !s[0])
		return;
	e = worksheet_write_string(ws, row, col, s, NULL);
	if (e != LXW_NO_ERROR)
		f->err = sdt_fail(e == LXW_ERROR_MEMORY_MALLOC_FAILED ? SDT_ENOMEM : SDT_EIO,
		                  "xlsform: cannot write a cell: %s", lxw_strerror(e));
}

/* Headers: survey type, name, label::L..., hint::L..., required,
 * appearance; choices list_name, name, label::L...; settings. */
static void headers(xform *f)
{
	char lang[64], col[96];
	size_t k, nl = f->x->n_langs;

	put(f, f->survey, 0, 0, "type");
	put(f, f->survey, 0, 1, "name");
	put(f, f->choices, 0, 0, "list_name");
	put(f, f->choices, 0, 1, "name");
	for (k = 0; k < nl; k++) {
		sdt_export_lang_name(lang, sizeof lang, f->x->langs[k]);
		snprintf(col, sizeof col, "label::%s", lang);
		put(f, f->survey, 0, (lxw_col_t)(2 + k), col);
		put(f, f->choices, 0, (lxw_col_t)(2 + k), col);
		snprintf(col, sizeof col, "hint::%s", lang);
		put(f, f->survey, 0, (lxw_col_t)(2 + nl + k), col);
	}
	put(f, f->survey, 0, (lxw_col_t)(2 + 2 * nl), "required");
	put(f, f->survey, 0, (lxw_col_t)(3 + 2 * nl), "appearance");
	f->srow = f->crow = 1;
}

static void settings(xform *f)
{
	char lang[64];

	put(f, f->settings, 0, 0, "form_title");
	put(f, f->settings, 0, 1, "form_id");
	put(f, f->settings, 0, 2, "version");
	put(f, f->settings, 0, 3, "default_language");
	put(f, f->settings, 1, 0, sdt_instrument_title(f->ins, f->x->langs[0]));
	put(f, f->settings, 1, 1, sdt_instrument_id(f->ins));
	put(f, f->settings, 1, 2, sdt_instrument_version(f->ins));
	sdt_export_lang_name(lang, sizeof lang, f->x->langs[0]);
	put(f, f->settings, 1, 3, lang);
}

/* One survey row: type, name, appearance; labels and hints are written
 * by the caller at f->srow before it moves on. */
static void survey_row(xform *f, const char *type, const char *name,
                       const char *appearance)
{
	put(f, f->survey, f->srow, 0, type);
	put(f, f->survey, f->srow, 1, name);
	put(f, f->survey, f->srow, (lxw_col_t)(3 + 2 * f->x->n_langs), appearance);
}

static void team(xform *f)
{
	size_t k, nl = f->x->n_langs;
	const char *lang;
	char name[32];

	survey_row(f, f->opt->n_teams ? "select_one teams" : "text", "team",
	           f->opt->n_teams ? "minimal" : NULL);
	for (k = 0; k < nl; k++) {
		lang = f->x->langs[k];
		put(f, f->survey, f->srow, (lxw_col_t)(2 + k), sdt_export_word_text(SDT_EXPORT_WORD_TEAM, lang));
		put(f, f->survey, f->srow, (lxw_col_t)(2 + nl + k),
		    sdt_export_word_text(f->opt->n_teams ? SDT_EXPORT_WORD_TEAM_PICK : SDT_EXPORT_WORD_TEAM_HINT, lang));
	}
	f->srow++;
	for (k = 0; k < f->opt->n_teams; k++, f->crow++) {
		snprintf(name, sizeof name, "t%zu", k + 1);
		put(f, f->choices, f->crow, 0, "teams");
		put(f, f->choices, f->crow, 1, name);
		for (size_t j = 0; j < nl; j++)
			put(f, f->choices, f->crow, (lxw_col_t)(2 + j), f->opt->teams[k]);
	}
}

/* The list "scale" (the instrument's) or "scale_ID" (outcome ID's own):
 * one choice per value, named by the value. */
static void scale_list(xform *f, const sdt_export_group *g, const char *list)
{
	char num[16], buf[16];
	int v;
	size_t k;

	for (v = sdt_export_group_min(f->ins, g); v <= sdt_export_group_max(f->ins, g);
	     v++, f->crow++) {
		snprintf(num, sizeof num, "%d", v);
		put(f, f->choices, f->crow, 0, list);
		put(f, f->choices, f->crow, 1, num);
		for (k = 0; k < f->x->n_langs; k++)
			put(f, f->choices, f->crow, (lxw_col_t)(2 + k),
			    sdt_export_group_point_label(f->ins, g, f->x->langs[k], v, buf));
	}
}

/* An outcome (select_one on its own list) or a comment (multi-line text),
 * asked alone with its own text. */
static void single(xform *f, const sdt_export_group *g)
{
	const char *id = sdt_instrument_item_id(f->ins, g->items[0]);
	char list[160], type[180];
	size_t k;
	char *t;

	snprintf(list, sizeof list, "scale_%.150s", id);
	snprintf(type, sizeof type, "select_one %s", list);
	if (g->kind == SDT_ITEM_OUTCOME)
		scale_list(f, g, list);
	survey_row(f, g->kind == SDT_ITEM_TEXT ? "text" : type, id,
	           g->kind == SDT_ITEM_TEXT ? "multiline" : "horizontal-compact");
	for (k = 0; k < f->x->n_langs && !f->err; k++) {
		if (!(t = sdt_export_item_text(f->ins, g->items[0], f->x->langs[k]))) {
			f->err = SDT_ENOMEM;
			break;
		}
		put(f, f->survey, f->srow, (lxw_col_t)(2 + k), t);
		sdt_free(t);
	}
	f->srow++;
}

static void group(xform *f, const sdt_export_group *g)
{
	size_t j, k, nl = f->x->n_langs;
	char *t;

	survey_row(f, "begin_group", g->name, "field-list");
	for (k = 0; k < nl; k++)
		put(f, f->survey, f->srow, (lxw_col_t)(2 + k),
		    sdt_export_word_text(SDT_EXPORT_WORD_INSTRUCTION, f->x->langs[k]));
	f->srow++;
	for (j = 0; j < g->n_items && !f->err; j++, f->srow++) {
		survey_row(f, "select_one scale",
		           sdt_instrument_item_id(f->ins, g->items[j]), "likert");
		for (k = 0; k < nl && !f->err; k++) {
			if (!(t = sdt_export_item_text(f->ins, g->items[j], f->x->langs[k]))) {
				f->err = SDT_ENOMEM;
				break;
			}
			put(f, f->survey, f->srow, (lxw_col_t)(2 + k), t);
			sdt_free(t);
		}
	}
	survey_row(f, "end_group", NULL, NULL);
	f->srow++;
}

static int write_form(xform *f, const char *tmp)
{
	size_t g;

	if (!(f->wb = workbook_new(tmp)))
		return sdt_fail(SDT_EIO, "%s: cannot start the workbook", tmp);
	f->survey = workbook_add_worksheet(f->wb, "survey");
	f->choices = workbook_add_worksheet(f->wb, "choices");
	f->settings = workbook_add_worksheet(f->wb, "settings");
	if (!f->survey || !f->choices || !f->settings)
		f->err = sdt_fail_nomem();
	headers(f);
	settings(f);
	team(f);
	for (g = 0; g < f->x->n_groups && !f->err; g++)
		if (f->x->groups[g].kind == SDT_ITEM_LIKERT) {
			scale_list(f, &f->x->groups[g], "scale");
			break;
		}
	for (g = 0; g < f->x->n_groups && !f->err; g++)
		if (f->x->groups[g].kind == SDT_ITEM_LIKERT)
			group(f, &f->x->groups[g]);
		else
			single(f, &f->x->groups[g]);
	return f->err;
}

int sdt_export_xlsform(const char *path, const sdt_instrument *ins,
                       const sdt_export_options *opt)
{
	xform f = {0};
	sdt_export_plan x;
	sdt_output *out = NULL;
	lxw_error e;
	int rc = sdt_export_plan_make(&x, ins, opt);

	f.ins = ins;
	f.x = &x;
	f.opt = opt;
	if (rc == SDT_OK && (rc = sdt_output_begin(&out, path, SDT_OUTPUT_BY_NAME)) == SDT_OK)
		rc = write_form(&f, sdt_output_temp(out));
	if (f.wb) {
		e = workbook_close(f.wb);
		if (rc == SDT_OK && e != LXW_NO_ERROR)
			rc = sdt_fail(e == LXW_ERROR_MEMORY_MALLOC_FAILED ? SDT_ENOMEM : SDT_EIO,
			              "%s: cannot write the workbook: %s", path, lxw_strerror(e));
	}
	if (rc == SDT_OK)
		rc = sdt_output_commit(out);
	else
		sdt_output_abort(out);
	sdt_export_plan_free(&x);
	return rc;
}
