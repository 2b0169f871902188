/*
 * output.c - the writers' JSON and CSV fields (sdt_output.h); atomic
 * outputs are in output_file.c.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "sdt_output.h"

void sdt_output_json_number(FILE *fp, double x)
{
	char buf[SDT_DOUBLE_CHARS];

	if (isnan(x) || isinf(x))
		fputs("null", fp);
	else
		fputs(sdt_format_double(buf, x), fp);
}

void sdt_output_json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run;

	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (;;) {
		/* bytes that need no escape go out a run at a time: one stdio
		 * call (and, with threads, one lock) per run, not per byte */
		for (run = p; *p && *p != '"' && *p != '\\' && *p >= 0x20; p++)
			;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), fp);
		if (!*p)
			break;
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else
			fprintf(fp, "\\u%04x", *p);
		p++;
	}
	fputc('"', fp);
}

static int csv_needs_quotes(char first, const char *s, char last)
{
	/* Quoted too when it starts or ends with a space or tab: readers such
	 * as libcsv (ours) trim those around an unquoted field. */
	return strpbrk(s, ",\"\r\n") || first == ' ' || first == '\t' ||
	       last == ' ' || last == '\t';
}

/* An RFC 4180 field of `prefix` (0: none), s and `suffix` ("" none). */
static void csv_field(FILE *fp, char prefix, const char *s, const char *suffix)
{
	size_t n = strlen(s), ns = strlen(suffix);
	char first = prefix ? prefix : n ? s[0] : suffix[0];
	char last = ns ? suffix[ns - 1] : n ? s[n - 1] : prefix;
	int q = csv_needs_quotes(first, s, last) || strpbrk(suffix, ",\"\r\n");

	if (q)
		fputc('"', fp);
	if (prefix)
		fputc(prefix, fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputs(suffix, fp); /* the caller's constant: no quote in it */
	if (q)
		fputc('"', fp);
}

/* OWASP's advice for CSV that spreadsheets open: a text cell beginning
 * with = + - @ tab or CR could be taken for a formula, so it gets a
 * leading apostrophe, which Excel and LibreOffice show as text. */
void sdt_output_csv_text(FILE *fp, const char *s, const char *suffix, int safe)
{
	if (!s)
		return;
	csv_field(fp, safe && *s && strchr("=+-@\t\r", *s) ? '\'' : 0, s,
	          suffix ? suffix : "");
}
