/*
 * map_match.c - telling which header holds which item when no map says
 * so: by item id, by number ("Q3", "3.", "BPN[SQ003]", "Q5_3") and by the
 * item labels and texts in every language. Used by --layout without a map
 * and by sdt_map_suggest().
 */
#include <stdlib.h>
#include <string.h>

#include "instrument_impl.h"
#include "map_impl.h"

/* Longest header or item text compared; the buffers take its
 * normalised form (SDT_NORM_ROOM). */
#define NORM_IN_MAX 4096

/* How sure a header -> item match is; a surer one wins. */
enum { MATCH_NONE = 0, MATCH_NUMBER, MATCH_TEXT };

/* The old way, when utf8proc cannot help (not UTF-8, out of memory):
 * ASCII and Latin-1 capitals made small. */
static void norm_bytes(const unsigned char *p, char *o)
{
	if (*p >= 'A' && *p <= 'Z') {
		*o = (char)(*p + 32);
	} else if (p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97) {
		/* Latin-1 capitals (Ä, Ö, Å, É ...) are 0x20 below their
		 * small letters, in the same two-byte form. */
		o[0] = (char)0xc3;
		o[1] = (char)(p[1] + 0x20);
	} else {
		*o = (char)*p;
	}
}

void sdt_label_norm(const char *s, char *out)
{
	int bad;
	char *folded = sdt_text_fold(s, &bad);
	const unsigned char *p = (const unsigned char *)(folded ? folded : s);
	char *o = out;
	int space = 0, two;

	for (; *p; p++) {
		/* Excel and web forms leave no-break spaces (U+00A0) about. */
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    (p[0] == 0xc2 && p[1] == 0xa0)) {
			p += *p == 0xc2;
			space = o > out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		if (folded) {
			*o++ = (char)*p;
			continue;
		}
		two = p[0] == 0xc3 && p[1];
		norm_bytes(p, o);
		o += 1 + two;
		p += two;
	}
	*o = '\0';
	free(folded);
}

/* Whether the normalised text t is one of the texts of tx. */
static int text_is(const ins_text *tx, const char *t, char *scratch)
{
	size_t k;

	for (k = 0; k < tx->n; k++) {
		if (strlen(tx->str[k]) >= NORM_IN_MAX)
			continue; /* no header is that long */
		sdt_label_norm(tx->str[k], scratch);
		if (!strcmp(scratch, t))
			return 1;
	}
	return 0;
}

/* Whether the normalised text t is item i's id, or a label or text of it
 * in any language. */
static int item_text_is(const sdt_instrument *ins, size_t i, const char *t,
                        char *scratch)
{
	const ins_item *it = &ins->items[i];

	sdt_label_norm(it->id, scratch);
	return !strcmp(scratch, t) || text_is(&it->label, t, scratch) ||
	       text_is(&it->text, t, scratch);
}

/* A whole number written as s[0..n) with optional zeros in front, or 0. */
static unsigned long digits(const char *s, size_t n)
{
	unsigned long v = 0;
	size_t k;

	if (n == 0 || n > 6)
		return 0;
	for (k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return 0;
		v = v * 10 + (unsigned long)(s[k] - '0');
	}
	return v;
}

/* The item number a normalised header names: "3", "3.", "3)", "q3", "#3",
 * "q5_3" (a matrix row), "sq003"; 0 when none. */
static unsigned long header_number(const char *h)
{
	size_t n = strlen(h);
	const char *us;

	if (n && (h[n - 1] == '.' || h[n - 1] == ')'))
		n--;
	if (n > 2 && !strncmp(h, "sq", 2))
		return digits(h + 2, n - 2);
	if (n > 1 && (h[0] == 'q' || h[0] == '#')) {
		us = memchr(h, '_', n);
		if (us && digits(h + 1, (size_t)(us - h - 1)))
			return digits(us + 1, n - (size_t)(us - h) - 1);
		return digits(h + 1, n - 1);
	}
	return digits(h, n);
}

/* h without spaces, dots and dashes ("q 3", "Q-3", "Q.3" are "q3"), into
 * out (room for strlen(h) + 1). */
static const char *squeeze(const char *h, char *out)
{
	char *o = out;

	for (; *h; h++)
		if (*h != ' ' && *h != '.' && *h != '-')
			*o++ = *h;
	*o = '\0';
	return out;
}

/* How header h (normalised) matches item i. */
static int match_item(const sdt_instrument *ins, size_t i, const char *h,
                      char *scratch, char *inner)
{
	const char *lb = strrchr(h, '['), *sp;
	size_t n = strlen(h);
	unsigned long num = (unsigned long)i + 1;

	if (item_text_is(ins, i, h, scratch))
		return MATCH_TEXT;
	/* "Question [statement]" (Google Forms grids), "BPN[SQ003]" (LimeSurvey). */
	if (lb && n > 2 && h[n - 1] == ']') {
		memcpy(inner, lb + 1, (size_t)(h + n - 1 - lb - 1));
		inner[h + n - 1 - lb - 1] = '\0';
		sdt_label_norm(inner, inner);
		if (item_text_is(ins, i, inner, scratch))
			return MATCH_TEXT;
		return header_number(inner) == num ? MATCH_NUMBER : MATCH_NONE;
	}
	/* "3. statement" (Webropol) or "3) statement". */
	sp = strchr(h, ' ');
	if (sp && sp > h && (sp[-1] == '.' || sp[-1] == ')') &&
	    digits(h, (size_t)(sp - h - 1)) == num)
		return item_text_is(ins, i, sp + 1, scratch) ? MATCH_TEXT : MATCH_NUMBER;
	/* Spaces and punctuation do not count: "Q 3", "q-3" are q3. */
	sdt_label_norm(ins->items[i].id, scratch);
	if (strlen(scratch) < NORM_IN_MAX && !strcmp(squeeze(h, inner), squeeze(scratch, scratch)))
		return MATCH_TEXT;
	return header_number(squeeze(h, inner)) == num ? MATCH_NUMBER : MATCH_NONE;
}

static int in_names(const char *h, const char *const *names)
{
	for (; *names; names++)
		if (!strcmp(h, *names))
			return 1;
	return 0;
}

static const char *const id_names[] = {
	"id", "responseid", "response id", "respondent id", "respondent",
	"employee id", "user id",
	"vastaustunnus", "vastaajan tunnus", "vastaaja", "tunnus", NULL};
static const char *const team_names[] = {
	"team", "tiimi", "department", "osasto", "unit", "yksikk\xc3\xb6",
	"group", "ryhm\xc3\xa4", NULL};

/* Match one header (normalised h, column c) into m; best[] per item. */
static void match_one(sdt_header_match *m, const sdt_instrument *ins,
                      const char *h, size_t c, int *best, char *scratch,
                      char *inner)
{
	size_t i, n_items = sdt_instrument_item_count(ins);
	int q;

	if (m->id_col < 0 && in_names(h, id_names)) {
		m->id_col = (long)c;
		return;
	}
	if (m->team_col < 0 && in_names(h, team_names)) {
		m->team_col = (long)c;
		return;
	}
	for (i = 0; i < n_items; i++) {
		q = match_item(ins, i, h, scratch, inner);
		if (q > best[i]) {
			best[i] = q;
			m->item_col[i] = (long)c;
		}
	}
}

int sdt_header_match_run(sdt_header_match *m, const sdt_instrument *ins,
                         const char *const *names, size_t n)
{
	size_t c, i, len, n_items = sdt_instrument_item_count(ins);
	char *h = NULL, *scratch = NULL, *inner = NULL;
	int *best = sdt_calloc(n_items + 1, sizeof *best), rc = SDT_OK;

	m->id_col = m->team_col = -1;
	for (i = 0; i < n_items; i++)
		m->item_col[i] = -1;
	h = sdt_malloc(SDT_NORM_ROOM(NORM_IN_MAX));
	scratch = sdt_malloc(SDT_NORM_ROOM(NORM_IN_MAX));
	inner = sdt_malloc(SDT_NORM_ROOM(NORM_IN_MAX));
	if (!best || !h || !scratch || !inner) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (c = 0; c < n; c++) {
		len = strlen(names[c]);
		if (len >= NORM_IN_MAX)
			continue; /* no item text is that long */
		sdt_label_norm(names[c], h);
		match_one(m, ins, h, c, best, scratch, inner);
	}
done:
	sdt_free(best);
	sdt_free(h);
	sdt_free(scratch);
	sdt_free(inner);
	return rc;
}
