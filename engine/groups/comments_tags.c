/*
 * comments_tags.c - which basic psychological need an open comment
 * mentions, from a small list of word stems per language (en, fi, sv).
 * A reading aid, not a measure: nothing is counted or scored from it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sdt_comments.h"

/* A stem matches at the start of a word, or with `inside` anywhere in a
 * word: Finnish and Swedish build compounds (työyhteisö, projektitiimi,
 * arbetsgemenskap), whose need-word is not at the start. */
typedef struct stem {
	const char *text; /* lower case, UTF-8 */
	unsigned need;
	char lang[3];
	unsigned char inside;
} stem;

#define A SDT_COMMENT_AUTONOMY
#define C SDT_COMMENT_COMPETENCE
#define R SDT_COMMENT_RELATEDNESS

static const stem stems[] = {
	/* English: word starts (inflections follow the stem) */
	{"autonom", A, "en", 0}, {"freedom", A, "en", 0}, {"independen", A, "en", 0},
	{"choice", A, "en", 0}, {"choos", A, "en", 0}, {"decide", A, "en", 0},
	{"decision", A, "en", 0}, {"flexib", A, "en", 0}, {"micromanag", A, "en", 0},
	{"micro-manag", A, "en", 0},
	/* autonomy support as this pulse asks about it: goals with their reasons */
	{"goal", A, "en", 0}, {"explain", A, "en", 0}, {"explanation", A, "en", 0},
	{"competen", C, "en", 0}, {"skill", C, "en", 0}, {"learn", C, "en", 0},
	{"training", C, "en", 0}, {"develop", C, "en", 0}, {"feedback", C, "en", 0},
	{"capab", C, "en", 0}, {"challeng", C, "en", 0}, {"mastery", C, "en", 0},
	{"team", R, "en", 0}, {"colleague", R, "en", 0}, {"coworker", R, "en", 0},
	{"co-worker", R, "en", 0}, {"belong", R, "en", 0}, {"relationship", R, "en", 0},
	{"respect", R, "en", 0}, {"lonel", R, "en", 0}, {"isolat", R, "en", 0},
	{"friend", R, "en", 0}, {"together", R, "en", 0}, {"communit", R, "en", 0},
	/* Finnish: stems that survive inflection and compounding (itsenäinen,
	 * itsenäisesti; työyhteisö); "oppi" (oppia, oppiminen) only at a word
	 * start, or English "stopping" would be about learning */
	{"itsenäi", A, "fi", 1}, {"vapau", A, "fi", 1}, {"vapaa", A, "fi", 1},
	{"päätös", A, "fi", 1}, {"päätöks", A, "fi", 1}, {"päättä", A, "fi", 1},
	{"vaikutusmahdollisuu", A, "fi", 1}, {"joustav", A, "fi", 1}, {"mikromanageer", A, "fi", 1},
	{"tavoit", A, "fi", 1}, {"perustel", A, "fi", 1},
	{"osaami", C, "fi", 1}, {"oppi", C, "fi", 0}, {"koulutu", C, "fi", 1},
	{"kehity", C, "fi", 1}, {"kehitty", C, "fi", 1}, {"kehittä", C, "fi", 1}, {"taito", C, "fi", 1},
	{"taido", C, "fi", 1}, {"palaut", C, "fi", 1}, {"asiantunt", C, "fi", 1},
	{"haaste", C, "fi", 1}, {"haastav", C, "fi", 1},
	{"yhtei", R, "fi", 1}, {"tiimi", R, "fi", 1}, {"kolleg", R, "fi", 1},
	{"työkaveri", R, "fi", 1}, {"ilmapiiri", R, "fi", 1}, {"kuuluvuu", R, "fi", 1},
	{"arvost", R, "fi", 1}, {"yksinäi", R, "fi", 1}, {"yhdessä", R, "fi", 1},
	/* Swedish: compounds for the long stems, word starts for the short */
	{"självständ", A, "sv", 1}, {"frihet", A, "sv", 1}, {"inflytande", A, "sv", 1},
	{"bestämm", A, "sv", 0}, {"flexib", A, "sv", 1}, {"mikrostyr", A, "sv", 1},
	{"målsättning", A, "sv", 1}, {"motiver", A, "sv", 0},
	{"kompeten", C, "sv", 1}, {"lär", C, "sv", 0}, {"utbildning", C, "sv", 1},
	{"utveckl", C, "sv", 1}, {"färdighet", C, "sv", 1}, {"kunska", C, "sv", 1},
	{"återkoppl", C, "sv", 1}, {"feedback", C, "sv", 1}, {"utmaning", C, "sv", 1},
	{"gemenskap", R, "sv", 1}, {"team", R, "sv", 0}, {"kolleg", R, "sv", 1},
	{"samarbet", R, "sv", 1}, {"tillhör", R, "sv", 1}, {"respekt", R, "sv", 1},
	{"ensam", R, "sv", 0}, {"relation", R, "sv", 0}, {"arbetskamrat", R, "sv", 1},
	{"stämning", R, "sv", 0},
};

#undef A
#undef C
#undef R

/* Lower case of the letters these languages use: ASCII, and in UTF-8 the
 * Latin-1 capitals À..Þ (Ä, Ö, Å, É...) as their small letters; other
 * bytes as they are. out holds strlen(in) + 1 bytes (same length). */
static void fold(char *out, const char *in)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t i = 0;

	for (; p[i]; i++) {
		if (p[i] >= 'A' && p[i] <= 'Z')
			out[i] = (char)(p[i] + 32);
		else if (p[i] == 0xC3 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E && p[i + 1] != 0x97) {
			out[i] = (char)p[i];
			out[i + 1] = (char)(p[i + 1] + 32);
			i++;
		} else
			out[i] = (char)p[i];
	}
	out[i] = '\0';
}

/* A byte of a word: a letter or digit, a hyphen inside a word, or any
 * byte of a multibyte UTF-8 character (ä, ö, å, é...). Punctuation in
 * UTF-8 (quotes, dashes) is rare enough inside words to be read as word. */
static int word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 || c == '-';
}

/* Does stem s occur in the folded text at a word start (or anywhere in a
 * word, for s->inside)? */
static int has_stem(const char *text, const stem *s)
{
	const char *p = text;
	size_t n = strlen(s->text);

	while ((p = strstr(p, s->text)) != NULL) {
		if (s->inside || p == text || !word_byte((unsigned char)p[-1]))
			return 1;
		p += n;
	}
	return 0;
}

unsigned sdt_comment_needs(const char *text, const char *lang)
{
	char small[512], *buf = small;
	size_t len, i;
	unsigned needs = 0;

	if (!text)
		return 0;
	len = strlen(text);
	/* a comment longer than the stack buffer is folded on the heap; out
	 * of memory it is read unfolded rather than not at all */
	if (len >= sizeof small)
		buf = sdt_malloc(len + 1);
	if (buf)
		fold(buf, text);
	for (i = 0; i < sizeof stems / sizeof stems[0]; i++)
		if ((!lang || !strcmp(lang, stems[i].lang)) && !(needs & stems[i].need) &&
		    has_stem(buf ? buf : text, &stems[i]))
			needs |= stems[i].need;
	if (buf != small)
		sdt_free(buf);
	return needs;
}

int sdt_comment_plan_tag(sdt_comment_plan *p)
{
	unsigned **needs;
	size_t k, j;

	if (!p)
		return sdt_fail(SDT_EUSAGE, "sdt_comment_plan_tag: NULL argument");
	if (p->needs)
		return SDT_OK;
	if (!(needs = sdt_calloc(p->n_lists + 1, sizeof *needs)))
		return sdt_fail_nomem();
	for (k = 0; k < p->n_lists; k++) {
		if (!(needs[k] = sdt_calloc(p->lists[k].n + 1, sizeof **needs))) {
			while (k-- > 0)
				sdt_free(needs[k]);
			sdt_free(needs);
			return sdt_fail_nomem();
		}
		for (j = 0; j < p->lists[k].n; j++)
			needs[k][j] = sdt_comment_needs(p->lists[k].texts[j], NULL);
	}
	p->needs = needs;
	return SDT_OK;
}
