/*
 * cmd_export_survey.c - `sdtscore export-survey`: the instrument written
 * for a survey tool (LimeSurvey TSV, XLSForm, Qualtrics .qsf) and, beside
 * it, FILE.map.json, the --map that reads the tool's export back.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define EXP_CMD "export-survey"

typedef struct exp_args {
	const char *instrument, *format, *langs, *output, *teams;
	char *lang_buf;       /* --lang split in place */
	const char **lang_v;
	size_t n_langs;
	char *team_buf;       /* the --teams file, split in place */
	const char **team_v;
	size_t n_teams;
} exp_args;

static const char export_usage[] =
	"usage: sdtscore export-survey -i INSTRUMENT --format FORMAT -o FILE [options]\n\n"
	"Writes the instrument as a survey for a survey tool, and beside it\n"
	"FILE.map.json: the --map that reads the tool's export of the answers\n"
	"back (`sdtscore report -i INSTRUMENT --map FILE.map.json EXPORT`). The\n"
	"team is asked as the question `team`. Items the instrument holds no text\n"
	"for (its authors ask for their published wording) are written as marked\n"
	"placeholders to replace; the instrument's terms are printed.\n\n";

enum { EXP_INSTRUMENT, EXP_FORMAT, EXP_LANG, EXP_TEAMS, EXP_OUTPUT };

static const cli_option export_options[] = {
	{"--instrument", 'i', "ID|FILE", EXP_INSTRUMENT,
	 "bundled instrument id or definition file", NULL, 0},
	{"--format", 0, "FORMAT", EXP_FORMAT,
	 "limesurvey-tsv (LimeSurvey's survey structure,\n"
	 ".txt), xlsform (ODK, KoboToolbox, Survey123:\n"
	 ".xlsx) or qsf (Qualtrics)", NULL, 0},
	{"--lang", 0, "L1,L2,...", EXP_LANG,
	 "the survey's languages, the base language first\n"
	 "(default en); each one the instrument has", NULL, 0},
	{"--teams", 0, "FILE", EXP_TEAMS,
	 "the team paths to choose from, one a line\n"
	 "(default: the team is typed as free text)", NULL, 0},
	{"--output", 'o', "FILE", EXP_OUTPUT,
	 "write the survey here and its map to\n"
	 "FILE.map.json", NULL, CLI_OPT_OUTPUT},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int export_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	exp_args *a = ctx;

	(void)cmd;
	switch (o->id) {
	case EXP_INSTRUMENT: a->instrument = v; return 0;
	case EXP_FORMAT: a->format = v; return 0;
	case EXP_LANG: a->langs = v; return 0;
	case EXP_TEAMS: a->teams = v; return 0;
	default: a->output = v; return 0;
	}
}

const cli_spec cli_spec_export_survey = {
	EXP_CMD, export_usage,
	{{export_options, export_set, 0}},
	NULL, NULL
};

static void exp_args_free(exp_args *a)
{
	free(a->lang_buf);
	free(a->lang_v);
	free(a->team_buf);
	free(a->team_v);
}

/* Returns 0, CLI_PARSED_HELP after --help, or an exit code (printed). */
static int exp_parse(exp_args *a, int argc, char **argv)
{
	int code = cli_parse(&cli_spec_export_survey, a, argc, argv);

	if (code != 0)
		return code;
	if (!a->instrument)
		return cli_usage_error(EXP_CMD, "-i INSTRUMENT is required");
	if (!a->format)
		return cli_usage_error(EXP_CMD, "--format limesurvey-tsv|xlsform|qsf is required");
	if (sdt_export_format_parse(a->format) < 0)
		return cli_usage_error(EXP_CMD, "unknown format '%s' (limesurvey-tsv, "
		                       "xlsform or qsf)", a->format);
	if (!a->output || !strcmp(a->output, "-"))
		return cli_usage_error(EXP_CMD, "-o FILE is required (the map is "
		                       "written beside it)");
	return 0;
}

/* "fi,sv,en" split in place into a->lang_v. */
static int exp_split_langs(exp_args *a)
{
	char *p;
	size_t n = 1;

	if (!a->langs)
		return 0;
	if (!(a->lang_buf = strdup(a->langs)))
		goto nomem;
	for (p = a->lang_buf; *p; p++)
		n += *p == ',';
	if (!(a->lang_v = calloc(n, sizeof *a->lang_v)))
		goto nomem;
	for (p = a->lang_buf; p; a->n_langs++) {
		a->lang_v[a->n_langs] = p;
		if ((p = strchr(p, ',')) != NULL)
			*p++ = '\0';
		if (!a->lang_v[a->n_langs][0])
			return cli_usage_error(EXP_CMD, "--lang takes codes such as "
			                       "fi,sv,en, not '%s'", a->langs);
	}
	return 0;
nomem:
	cli_error("out of memory");
	return CLI_EXIT_NOMEM;
}

/* A team of line `line`: not one given before, and text sdtscore reads
 * back (UTF-8, no control characters). */
static int exp_team_ok(const exp_args *a, const char *t, size_t line,
                       const size_t *lines)
{
	size_t k;

	if (!sdt_text_valid(t)) {
		cli_error("%s:%zu: the team is not valid UTF-8 or holds a control "
		          "character", a->teams, line);
		return CLI_EXIT_DATA;
	}
	for (k = 0; k < a->n_teams; k++)
		if (strcmp(a->team_v[k], t) == 0) {
			cli_error("%s:%zu: team '%s' is already on line %zu", a->teams,
			          line, t, lines[k]);
			return CLI_EXIT_DATA;
		}
	return 0;
}

/* One team path a line: spaces around it and blank lines do not count;
 * the lines are split in place into a->team_v. */
static int exp_split_teams(exp_args *a, size_t len)
{
	char *p = a->team_buf, *end, *s, *e;
	size_t n = 1, line = 0, *lines;
	int rc = 0;

	for (s = p; *s; s++)
		n += *s == '\n';
	lines = calloc(n, sizeof *lines);
	if (!lines || !(a->team_v = calloc(n, sizeof *a->team_v))) {
		free(lines);
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	for (; rc == 0 && p && p < a->team_buf + len; p = end) {
		line++;
		if ((end = strchr(p, '\n')) != NULL)
			*end++ = '\0';
		for (s = p; *s == ' ' || *s == '\t'; s++)
			;
		for (e = s + strlen(s); e > s && strchr(" \t\r", e[-1]); e--)
			;
		*e = '\0';
		if (*s && (rc = exp_team_ok(a, s, line, lines)) == 0) {
			lines[a->n_teams] = line;
			a->team_v[a->n_teams++] = s;
		}
	}
	free(lines);
	if (rc == 0 && !a->n_teams) {
		cli_error("%s: no team in the file (one team path a line)", a->teams);
		rc = CLI_EXIT_DATA;
	}
	return rc;
}

static int exp_read_teams(exp_args *a)
{
	FILE *fp;
	size_t len = 0, cap = 4096, got;
	int rc = 0;

	if (!a->teams)
		return 0;
	if (!(fp = fopen(a->teams, "rb"))) {
		cli_error("%s: cannot read: %s", a->teams, strerror(errno));
		return CLI_EXIT_IO;
	}
	for (;;) {
		char *nb = realloc(a->team_buf, cap + 1);

		if (!nb) {
			cli_error("out of memory");
			rc = CLI_EXIT_NOMEM;
			goto done;
		}
		a->team_buf = nb;
		got = fread(a->team_buf + len, 1, cap - len, fp);
		len += got;
		if (len < cap)
			break;
		cap *= 2;
	}
	if (ferror(fp)) {
		cli_error("%s: cannot read: %s", a->teams, strerror(errno));
		rc = CLI_EXIT_IO;
		goto done;
	}
	a->team_buf[len] = '\0';
	if (memchr(a->team_buf, '\0', len)) {
		cli_error("%s: a NUL byte: the file is not text", a->teams);
		rc = CLI_EXIT_DATA;
		goto done;
	}
	rc = exp_split_teams(a, len);
done:
	fclose(fp);
	return rc;
}

/* Write `text` to `path` through an atomic output. */
static int exp_write_text(const char *path, const char *text, size_t len)
{
	cli_output out = {0};
	int rc;

	if ((rc = cli_output_open(&out, path)) != 0)
		return rc;
	fwrite(text, 1, len, out.fp);
	if (len && text[len - 1] != '\n')
		fputc('\n', out.fp);
	return cli_output_commit(&out);
}

/* The survey, then its map: a failure leaves neither (no survey without
 * the map that reads its answers). */
static int exp_write(const exp_args *a, const sdt_instrument *ins,
                     const sdt_export_options *opt, const char *map_path)
{
	char *text = NULL, *map = NULL;
	size_t len = 0;
	int err, rc;

	if ((err = sdt_export_map(&map, ins, opt)) != SDT_OK ||
	    (opt->format != SDT_EXPORT_XLSFORM &&
	     (err = sdt_export_survey_text(&text, &len, ins, opt)) != SDT_OK)) {
		rc = cli_fail(err);
		goto done;
	}
	if ((rc = cli_output_check(map_path)) != 0)
		goto done;
	if (opt->format == SDT_EXPORT_XLSFORM)
		rc = (err = sdt_export_xlsform(a->output, ins, opt)) ? cli_fail(err) : 0;
	else
		rc = exp_write_text(a->output, text, len);
	if (rc == 0 && (rc = exp_write_text(map_path, map, strlen(map))) != 0)
		unlink(a->output);
done:
	sdt_free(text);
	sdt_free(map);
	return rc;
}

/* The instrument's terms, and a warning for each placeholder kind. */
static void exp_notices(const exp_args *a, const sdt_instrument *ins,
                        const sdt_export_options *opt, const char *map_path)
{
	const char *lang = opt->n_langs ? opt->langs[0] : "en";
	const char *terms = sdt_instrument_terms(ins, lang);
	size_t ph = sdt_export_placeholders(ins);

	if (ph)
		cli_warn("%zu of %zu items of %s have no text in the instrument: they "
		         "are written as [PLACEHOLDER ...]; replace them with the "
		         "published wording before fielding the survey", ph,
		         sdt_instrument_item_count(ins), sdt_instrument_id(ins));
	if (terms)
		fprintf(stderr, "terms of %s: %s\n", sdt_instrument_id(ins), terms);
	if (!cli_quiet)
		fprintf(stderr, "wrote %s (%s, %zu items) and %s\n", a->output,
		        sdt_export_format_name(opt->format),
		        sdt_instrument_item_count(ins), map_path);
}

int cmd_export_survey(int argc, char **argv)
{
	exp_args a = {0};
	cli_input in;
	sdt_instrument *ins = NULL;
	sdt_export_options opt;
	char *map_path = NULL;
	int rc, err;

	cli_input_init(&in);
	sdt_export_options_init(&opt);
	if ((rc = exp_parse(&a, argc, argv)) != 0 || (rc = exp_split_langs(&a)) != 0) {
		rc = rc == CLI_PARSED_HELP ? CLI_EXIT_OK : rc;
		goto done;
	}
	in.instrument = a.instrument;
	if ((rc = cli_load_instrument(&in, &ins)) != 0 || (rc = exp_read_teams(&a)) != 0)
		goto done;
	opt.format = (sdt_export_format)sdt_export_format_parse(a.format);
	opt.langs = a.lang_v;
	opt.n_langs = a.n_langs;
	opt.teams = a.team_v;
	opt.n_teams = a.n_teams;
	if ((err = sdt_export_check(ins, &opt)) != SDT_OK) {
		rc = cli_fail(err);
		goto done;
	}
	if (!(map_path = malloc(strlen(a.output) + 10))) {
		cli_error("out of memory");
		rc = CLI_EXIT_NOMEM;
		goto done;
	}
	sprintf(map_path, "%s.map.json", a.output);
	if ((rc = exp_write(&a, ins, &opt, map_path)) == 0)
		exp_notices(&a, ins, &opt, map_path);
done:
	free(map_path);
	sdt_instrument_free(ins);
	cli_input_free(&in);
	exp_args_free(&a);
	return rc < 0 ? CLI_EXIT_OK : rc;
}
