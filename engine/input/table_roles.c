/*
 * table_roles.c - what each header column is for, made explicit: a
 * column that was surely meant as the id, the team or an item but is
 * named otherwise (team_name, "q 3") would otherwise pass as an
 * attribute and give wrong numbers without a word, and so would a scale
 * whose items are not all in the file. Both are errors here. Below
 * table.c: the message naming a table's row and column is here too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdt_text.h"
#include "table.h"

int sdt_table_fail(const sdt_reader *r, const sdt_table *t, size_t col,
                   const char *fmt, ...)
{
	char what[512], where[300] = "";
	const char *id = r->resp.id;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (t->have_header && col < t->n_cols)
		snprintf(where, sizeof where, ", column '%s'", t->col_name[col]);
	return sdt_fail(SDT_EDATA, "%s:%lu: %s (row %lu%s%s%s)", r->name,
	                t->line ? t->line : t->row, what, t->row, where,
	                id ? ", respondent " : "", id ? id : "");
}

/* Words that say "the respondent id" and "the team" in en, fi and sv,
 * found anywhere in a case-folded name ("vastaajatunnus", "tiiminimi"). */
static const char *const id_words[] = {
	"tunnus", "vastaaja", "respondent", "svarande", "identifier", NULL};
static const char *const team_words[] = {
	"team", "tiimi", "ryhm\xc3\xa4", "ryhma", "grupp", "group", "osasto",
	"avdelning", "department", "yksikk\xc3\xb6", "enhet", NULL};

/* Longest name compared by edit distance; longer ones are no item id. */
#define NAME_MAX_CMP SDT_EDIT_DISTANCE_MAX

static int has_word(const char *folded, const char *const *words)
{
	for (; *words; words++)
		if (strstr(folded, *words))
			return 1;
	return 0;
}

static int word_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Whether `name` has "id" as a word of its own: "id", "User ID",
 * "respondent_id", "ResponseId" (a capital after a small letter starts a
 * word), but not "valid" or "idea". */
static int has_id_token(const char *name)
{
	const char *p;
	int start = 1;

	for (p = name; *p; p++) {
		if (start && (p[0] == 'i' || p[0] == 'I') && (p[1] == 'd' || p[1] == 'D') &&
		    (!word_byte(p[2]) || (p[2] >= 'A' && p[2] <= 'Z' && p[1] == 'd')))
			return 1;
		start = !word_byte(*p) || (*p >= 'a' && *p <= 'z' && p[1] >= 'A' && p[1] <= 'Z');
	}
	return 0;
}

/* A folded name without ASCII spaces and punctuation: "Q 3." is "q3". */
static void squeeze(const char *s, char *out, size_t cap)
{
	size_t o = 0;

	for (; *s && o + 1 < cap; s++)
		if ((unsigned char)*s >= 0x80 || (*s >= 'a' && *s <= 'z') ||
		    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
			out[o++] = *s;
	out[o] = '\0';
}

/* Which items have a column: one pass over the header (asking per item
 * and per column made a wide header quadratic). Caller frees; NULL when
 * out of memory (reported). */
static unsigned char *items_with_col(const sdt_reader *r, const sdt_table *t)
{
	unsigned char *has = sdt_calloc(r->n_items ? r->n_items : 1, 1);
	size_t c;

	if (!has) {
		sdt_fail_nomem();
		return NULL;
	}
	for (c = 0; c < t->n_cols; c++)
		if (t->cols[c].kind == TCOL_ITEM && t->cols[c].index < r->n_items)
			has[t->cols[c].index] = 1;
	return has;
}

/* The item without a column that `sq` (squeezed) is within edit distance
 * 2 of (and closer than the id's own length: "x" is not "q3"), or -1. */
static long like_item(const sdt_reader *r, const unsigned char *has,
                      const char *sq)
{
	char id[NAME_MAX_CMP + 1], *f;
	size_t i, d, best_d = 3;
	long best = -1;
	int bad;

	if (!*sq || strlen(sq) > NAME_MAX_CMP)
		return -1;
	for (i = 0; i < r->n_items; i++) {
		if (strlen(r->item_ids[i]) > NAME_MAX_CMP || has[i])
			continue;
		if (!(f = sdt_text_fold(r->item_ids[i], &bad)))
			continue;
		squeeze(f, id, sizeof id);
		free(f);
		d = sdt_edit_distance(sq, id);
		if (d < best_d && d < strlen(id)) {
			best_d = d;
			best = (long)i;
		}
	}
	return best;
}

/* Whether column c is one nobody declared: neither the id, the team nor
 * an item, nor an attribute the caller (or the map) named. */
static int undeclared(const sdt_reader *r, const sdt_table *t, size_t c)
{
	size_t k;

	if (t->cols[c].kind == TCOL_NONE)
		return 1;
	if (t->cols[c].kind != TCOL_ATTR || r->opt.map)
		return 0;
	for (k = 0; r->opt.attributes && k < r->opt.n_attributes; k++)
		if (strcmp(r->opt.attributes[k], t->col_name[c]) == 0)
			return 0;
	return 1;
}

/* Column c, undeclared: an error when its name says it is the id or the
 * team that has no column, or an item without one. */
static int check_col(const sdt_reader *r, const sdt_table *t,
                     const unsigned char *has, size_t c, int have_team)
{
	char sq[NAME_MAX_CMP + 1];
	char *f;
	long item;
	int bad, rc = SDT_OK;

	if (!(f = sdt_text_fold(t->col_name[c], &bad)))
		return bad ? SDT_OK : sdt_fail_nomem();
	if (t->id_col == (size_t)-1 &&
	    (has_id_token(t->col_name[c]) || has_word(f, id_words))) {
		rc = sdt_table_fail(r, t, (size_t)-1, "column '%s' looks like the "
		                    "respondent id", t->col_name[c]);
		sdt_error_set_kind("column_like_id", r->name);
	} else if (!have_team && has_word(f, team_words)) {
		rc = sdt_table_fail(r, t, (size_t)-1, "column '%s' looks like the "
		                    "team", t->col_name[c]);
		sdt_error_set_kind("column_like_team", r->name);
	} else {
		squeeze(f, sq, sizeof sq);
		if ((item = like_item(r, has, sq)) >= 0) {
			rc = sdt_table_fail(r, t, (size_t)-1, "column '%s' looks like "
			                    "item %s", t->col_name[c],
			                    r->item_ids[item]);
			sdt_error_set_kind("column_like_item", r->name);
		}
	}
	free(f);
	return rc;
}

/* Every attribute the caller declared is a column of a plain file. */
static int declared_present(const sdt_reader *r, const sdt_table *t)
{
	size_t k, c;

	for (k = 0; !r->opt.map && r->opt.attributes && k < r->opt.n_attributes; k++) {
		for (c = 0; c < t->n_cols; c++)
			if (strcmp(t->col_name[c], r->opt.attributes[k]) == 0)
				break;
		if (c == t->n_cols) {
			sdt_table_fail(r, t, (size_t)-1, "no column is named '%s', "
			               "declared an attribute", r->opt.attributes[k]);
			sdt_error_set_kind("missing_attribute", r->name);
			return SDT_EDATA;
		}
	}
	return SDT_OK;
}

int sdt_table_misnamed(const sdt_reader *r, const sdt_table *t)
{
	unsigned char *has = NULL;
	size_t c;
	int rc = declared_present(r, t);

	if (rc == SDT_OK && !(has = items_with_col(r, t)))
		rc = SDT_ENOMEM;
	for (c = 0; c < t->n_cols && rc == SDT_OK; c++)
		if (undeclared(r, t, c))
			rc = check_col(r, t, has, c, t->n_team > 0);
	sdt_free(has);
	return rc;
}

/* Append ", s" (or s first) to buf of cap bytes: at most 10 names, the
 * rest counted by the caller. */
static void list_add(char *buf, size_t cap, size_t *shown, const char *s)
{
	size_t n = strlen(buf);

	if (*shown == 10 || n + strlen(s) + 3 >= cap)
		return;
	if (n)
		strcat(buf, ", ");
	strcat(buf, s);
	(*shown)++;
}

/* " and 7 more" after a list of `shown` of `n`. */
static const char *more(char *buf, size_t cap, size_t shown, size_t n)
{
	buf[0] = '\0';
	if (n > shown)
		snprintf(buf, cap, " and %zu more", n - shown);
	return buf;
}

/* Whether item i is on scale s. */
static int on_scale(const sdt_instrument *ins, size_t s, size_t i)
{
	size_t k;

	for (k = 0; k < sdt_instrument_scale_item_count(ins, s); k++)
		if (sdt_instrument_scale_item(ins, s, k) == i)
			return 1;
	return 0;
}

int sdt_table_missing_items(const sdt_reader *r, const sdt_table *t)
{
	char items[700] = "", scales[700] = "", m1[32], m2[32];
	size_t s, i, n_items = 0, n_scales = 0, shown_i = 0, shown_s = 0;
	size_t n_s = sdt_instrument_scale_count(r->ins);
	unsigned char *has;
	int on_any, hit;

	if (!r->opt.require_items)
		return SDT_OK;
	if (!(has = items_with_col(r, t)))
		return SDT_ENOMEM;
	for (i = 0; i < r->n_items; i++) {
		for (on_any = 0, s = 0; s < n_s && !on_any; s++)
			on_any = on_scale(r->ins, s, i);
		if (on_any && !has[i] && ++n_items)
			list_add(items, sizeof items, &shown_i, r->item_ids[i]);
	}
	for (s = 0; n_items && s < n_s; s++) {
		for (hit = 0, i = 0; i < r->n_items && !hit; i++)
			hit = on_scale(r->ins, s, i) && !has[i];
		if (hit && ++n_scales)
			list_add(scales, sizeof scales, &shown_s, sdt_instrument_scale_id(r->ins, s));
	}
	sdt_free(has);
	if (!n_items)
		return SDT_OK;
	sdt_table_fail(r, t, (size_t)-1, "no column for item%s %s%s: scale%s %s%s "
	               "would be scored without %s", n_items > 1 ? "s" : "", items,
	               more(m1, sizeof m1, shown_i, n_items), n_scales > 1 ? "s" : "",
	               scales, more(m2, sizeof m2, shown_s, n_scales),
	               n_items > 1 ? "them" : "it");
	sdt_error_set_kind("missing_items", r->name);
	return SDT_EDATA;
}

int sdt_table_roles_check(const sdt_reader *r, const sdt_table *t)
{
	int rc = sdt_table_misnamed(r, t);

	return rc != SDT_OK ? rc : sdt_table_missing_items(r, t);
}

int sdt_table_columns(const sdt_table *t, sdt_columns **out)
{
	sdt_columns *c = sdt_calloc(1, sizeof *c);
	size_t k, len = 1;
	char *p = NULL;

	*out = NULL;
	for (k = 0; k < t->n_cols; k++)
		len += strlen(t->col_name[k]) + 1;
	/* One block of names, kept after the last pointer for freeing. */
	if (!c || !(c->names = sdt_calloc(t->n_cols + 1, sizeof *c->names)) ||
	    !(c->roles = sdt_calloc(t->n_cols + 1, sizeof *c->roles)) ||
	    !(p = sdt_malloc(len))) {
		sdt_columns_free(c);
		return sdt_fail_nomem();
	}
	c->n = t->n_cols;
	c->names[c->n] = p;
	for (k = 0; k < t->n_cols; k++) {
		c->names[k] = p;
		strcpy(p, t->col_name[k]);
		p += strlen(p) + 1;
		c->roles[k] = (sdt_column_role)t->cols[k].kind;
	}
	*out = c;
	return SDT_OK;
}

void sdt_columns_free(sdt_columns *c)
{
	if (!c)
		return;
	if (c->names)
		sdt_free((void *)c->names[c->n]);
	sdt_free((void *)c->names);
	sdt_free(c->roles);
	sdt_free(c);
}

const char *sdt_column_role_name(sdt_column_role role)
{
	static const char *const names[] = {"ignored", "attribute", "id", "team", "item",
	                                    "duration"};

	return (unsigned)role < 6 ? names[role] : "ignored";
}
