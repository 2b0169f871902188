/*
 * cmd_instruments.c - `sdtscore instruments`: list the bundled instruments,
 * or show one (bundled or a file) in readable form.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
	"usage: sdtscore instruments\n"
	"       sdtscore instruments show ID|FILE [--lang en|fi|sv]\n"
	"\n"
	"Without arguments, lists the bundled instruments: id, version, title.\n"
	"`show` prints one instrument (a bundled id or a definition file): its\n"
	"response scale, each scale with its items, and the composites. A file\n"
	"is validated as it is read; the first problem is reported with its\n"
	"line:column and JSON path.\n"
	"\n";

typedef struct instruments_args {
	int show;          /* the first argument was "show" */
	const char *spec;  /* its instrument id or file */
	const char *lang;
} instruments_args;

static const cli_option instruments_options[] = {
	{"--lang", 0, "LANG", 0,
	 "language of titles and labels: en (default), fi or sv;\n"
	 "a text missing in LANG is shown in English", NULL, 0},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int instruments_set(void *ctx, const char *cmd, const cli_option *o,
                           const char *v)
{
	instruments_args *a = ctx;

	(void)o;
	if (strcmp(v, "en") != 0 && strcmp(v, "fi") != 0 && strcmp(v, "sv") != 0)
		return cli_usage_error(cmd, "--lang: unknown language '%s' (en, fi or sv)", v);
	a->lang = v;
	return 0;
}

/* "show", then one instrument. */
static int instruments_arg(void *ctx, const char *arg)
{
	instruments_args *a = ctx;

	if (!a->show && strcmp(arg, "show") != 0)
		return cli_usage_error("instruments", "unknown argument '%s'", arg);
	if (!a->show)
		a->show = 1;
	else if (a->spec)
		return cli_usage_error("instruments", "show takes one instrument, got '%s' too",
		                       arg);
	else
		a->spec = arg;
	return 0;
}

const cli_spec cli_spec_instruments = {
	"instruments", usage_text,
	{{instruments_options, instruments_set, 0}},
	instruments_arg, NULL
};

/* Standard output may be a closed pipe or a full disk. */
static int finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("standard output: write failed");
		return CLI_EXIT_IO;
	}
	return CLI_EXIT_OK;
}

static int list_bundled(void)
{
	size_t i, n = sdt_instrument_bundled_count(), wid = 0, wver = 0, len;
	sdt_instrument *ins = NULL;
	const char *title;
	int rc = CLI_EXIT_OK, err;

	/* Two passes keep the columns aligned whatever the ids are. */
	for (i = 0; i < n && rc == CLI_EXIT_OK; i++) {
		if ((err = sdt_instrument_load_bundled(&ins, sdt_instrument_bundled_id(i))) != 0) {
			rc = cli_fail(err);
			break;
		}
		len = strlen(sdt_instrument_id(ins));
		wid = len > wid ? len : wid;
		len = strlen(sdt_instrument_version(ins));
		wver = len > wver ? len : wver;
		sdt_instrument_free(ins);
		ins = NULL;
	}
	for (i = 0; i < n && rc == CLI_EXIT_OK; i++) {
		if ((err = sdt_instrument_load_bundled(&ins, sdt_instrument_bundled_id(i))) != 0) {
			rc = cli_fail(err);
			break;
		}
		title = sdt_instrument_title(ins, "en");
		printf("%-*s  %-*s  %s\n", (int)wid, sdt_instrument_bundled_id(i),
		       (int)wver, sdt_instrument_version(ins), title ? title : "");
		sdt_instrument_free(ins);
		ins = NULL;
	}
	sdt_instrument_free(ins);
	return rc ? rc : finish_stdout();
}

static void show_header(const sdt_instrument *ins, const char *lang)
{
	const char *s;
	int v, lo = sdt_instrument_min(ins), hi = sdt_instrument_max(ins);

	printf("id:       %s\n", sdt_instrument_id(ins));
	printf("version:  %s\n", sdt_instrument_version(ins));
	if ((s = sdt_instrument_title(ins, lang)) != NULL)
		printf("title:    %s\n", s);
	if ((s = sdt_instrument_source(ins, lang)) != NULL)
		printf("source:   %s\n", s);
	if ((s = sdt_instrument_terms(ins, lang)) != NULL)
		printf("terms:    %s\n", s);
	printf("response scale: %d..%d, favourable %d..%d\n", lo, hi,
	       sdt_instrument_favourable_min(ins), hi);
	for (v = lo; v <= hi && sdt_instrument_point_label_lang_count(ins) > 0; v++)
		printf("  %3d  %s\n", v, sdt_instrument_point_label(ins, lang, v));
}

static void show_item(const sdt_instrument *ins, size_t i, const char *lang,
                      int width)
{
	const char *id = sdt_instrument_item_id(ins, i);
	const char *label = sdt_instrument_item_label(ins, i, lang);

	const char *mark = sdt_instrument_item_reverse(ins, i) ? "R" : " ";

	/* No trailing blanks when there is nothing after the id. */
	if (strcmp(label, id) != 0)
		printf("    %-*s %s  %s\n", width, id, mark, label);
	else if (*mark == 'R')
		printf("    %-*s R\n", width, id);
	else
		printf("    %s\n", id);
}

static void show_scales(const sdt_instrument *ins, const char *lang)
{
	size_t s, j, n, ns = sdt_instrument_scale_count(ins);
	size_t i, ni = sdt_instrument_item_count(ins), len, width = 0;

	for (i = 0; i < ni; i++) {
		if (sdt_instrument_item_type(ins, i) != SDT_ITEM_LIKERT)
			continue; /* listed apart, under outcomes and comments */
		len = strlen(sdt_instrument_item_id(ins, i));
		width = len > width ? len : width;
	}
	printf("\nscales (R = reverse-keyed item):\n");
	for (s = 0; s < ns; s++) {
		n = sdt_instrument_scale_item_count(ins, s);
		printf("  %s", sdt_instrument_scale_id(ins, s));
		if (strcmp(sdt_instrument_scale_label(ins, s, lang), sdt_instrument_scale_id(ins, s)) != 0)
			printf("  %s", sdt_instrument_scale_label(ins, s, lang));
		printf("\n    need %s, valence %s; scored with at least %zu of %zu items answered\n",
		       sdt_need_name(sdt_instrument_scale_need(ins, s)),
		       sdt_valence_name(sdt_instrument_scale_valence(ins, s)),
		       sdt_instrument_scale_min_answered(ins, s), n);
		for (j = 0; j < n; j++)
			show_item(ins, sdt_instrument_scale_item(ins, s, j), lang, (int)width);
	}
}

static void show_composites(const sdt_instrument *ins, const char *lang)
{
	size_t c, j, nc = sdt_instrument_composite_count(ins), n;

	if (nc == 0)
		return;
	printf("\ncomposites (weighted means of scales):\n");
	for (c = 0; c < nc; c++) {
		n = sdt_instrument_composite_scale_count(ins, c);
		printf("  %s", sdt_instrument_composite_id(ins, c));
		if (strcmp(sdt_instrument_composite_label(ins, c, lang), sdt_instrument_composite_id(ins, c)) != 0)
			printf("  %s", sdt_instrument_composite_label(ins, c, lang));
		printf("\n   ");
		for (j = 0; j < n; j++)
			printf(" %s%s (weight %g)", j ? "+ " : "",
			       sdt_instrument_scale_id(ins, sdt_instrument_composite_scale(ins, c, j)),
			       sdt_instrument_composite_weight(ins, c, j));
		putchar('\n');
	}
}

/* Items that no scale uses are allowed; say so rather than hide them. */
static void show_unused(const sdt_instrument *ins)
{
	size_t i, s, j, ni = sdt_instrument_item_count(ins), shown = 0;
	int used;

	for (i = 0; i < ni; i++) {
		used = 0;
		for (s = 0; s < sdt_instrument_scale_count(ins) && !used; s++)
			for (j = 0; j < sdt_instrument_scale_item_count(ins, s) && !used; j++)
				used = sdt_instrument_scale_item(ins, s, j) == i;
		if (used || sdt_instrument_item_type(ins, i) != SDT_ITEM_LIKERT)
			continue;
		printf("%s %s", shown++ ? "," : "\nitems in no scale:", sdt_instrument_item_id(ins, i));
	}
	if (shown)
		putchar('\n');
}

/* Outcome items with their own scales, and comment items. */
static void show_other_items(const sdt_instrument *ins, const char *lang)
{
	size_t k, i;
	int lo, hi, v;

	if (sdt_instrument_outcome_count(ins) > 0)
		printf("\noutcomes (items reported on their own):\n");
	for (k = 0; k < sdt_instrument_outcome_count(ins); k++) {
		i = sdt_instrument_outcome_item(ins, k);
		lo = sdt_instrument_item_min(ins, i);
		hi = sdt_instrument_item_max(ins, i);
		printf("  %s  %s\n    response scale %d..%d, favourable %d..%d%s\n",
		       sdt_instrument_item_id(ins, i), sdt_instrument_item_label(ins, i, lang),
		       lo, hi, sdt_instrument_item_favourable_min(ins, i), hi,
		       sdt_instrument_item_is_enps(ins, i) ? "; eNPS (promoters 9-10, detractors 0-6)" : "");
		for (v = lo; v <= hi && sdt_instrument_item_point_label(ins, i, lang, v); v++)
			printf("  %3d  %s\n", v, sdt_instrument_item_point_label(ins, i, lang, v));
	}
	if (sdt_instrument_text_count(ins) > 0)
		printf("\ncomments (open text items):\n");
	for (k = 0; k < sdt_instrument_text_count(ins); k++) {
		i = sdt_instrument_text_item(ins, k);
		printf("  %s  %s\n", sdt_instrument_item_id(ins, i),
		       sdt_instrument_item_label(ins, i, lang));
	}
}

static int show(const instruments_args *a)
{
	sdt_instrument *ins = NULL;
	int err;

	if ((err = sdt_instrument_open(&ins, a->spec)) != 0)
		return cli_fail(err);
	show_header(ins, a->lang);
	show_scales(ins, a->lang);
	show_composites(ins, a->lang);
	show_other_items(ins, a->lang);
	show_unused(ins);
	sdt_instrument_free(ins);
	return finish_stdout();
}

int cmd_instruments(int argc, char **argv)
{
	instruments_args a = {0, NULL, "en"};
	int code;

	if ((code = cli_parse(&cli_spec_instruments, &a, argc, argv)) != 0)
		return code == CLI_PARSED_HELP ? finish_stdout() : code;
	if (!a.show && argc > 1 && strcmp(a.lang, "en") != 0)
		return cli_usage_error("instruments", "--lang goes with show");
	if (!a.show)
		return list_bundled();
	if (!a.spec)
		return cli_usage_error("instruments", "show needs an instrument id or file");
	return show(&a);
}
