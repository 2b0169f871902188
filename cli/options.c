/*
 * options.c - the one option parser and --help writer of the subcommands,
 * driven by each command's declarative tables (options.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "options.h"

enum { COMMON_QUIET, COMMON_ERROR_FORMAT, COMMON_HELP };

/* What every command takes, after its own options. */
static const cli_option common_options[] = {
	{"--quiet", 'q', NULL, COMMON_QUIET,
	 "leave out the run summary and progress", NULL, 0},
	{"--error-format", 0, "FMT", COMMON_ERROR_FORMAT,
	 "text (default) or json: each error one JSON object\n"
	 "on standard error (file, line, column, row, path,\n"
	 "code, message)", NULL, 0},
	{"--help", 'h', NULL, COMMON_HELP, "this help", NULL, 0},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

/* The k-th table of the spec, the common options last; NULL past them. */
static const cli_option *table(const cli_spec *s, size_t k)
{
	size_t n = 0;

	while (n < CLI_MAX_GROUPS && s->groups[n].options)
		n++;
	return k < n ? s->groups[k].options : k == n ? common_options : NULL;
}

/* Whether `arg` names o: "--name", "--name=v", "-x", "-xv" (the value,
 * if any, into *value). */
static int names(const cli_option *o, const char *arg, const char **value)
{
	size_t len = strcspn(arg, "=");

	*value = NULL;
	if (arg[1] != '-') {
		if (!o->short_name || arg[1] != o->short_name)
			return 0;
		if (arg[2] && !o->arg)
			return 0; /* flags are not bundled ("-qh") */
		*value = arg[2] ? arg + 2 : NULL;
		return 1;
	}
	if (!((strlen(o->name) == len && !strncmp(arg, o->name, len)) ||
	      (o->alias && strlen(o->alias) == len && !strncmp(arg, o->alias, len))))
		return 0;
	*value = arg[len] == '=' ? arg + len + 1 : NULL;
	return 1;
}

static const cli_option *find(const cli_spec *s, const char *arg, size_t *group,
                              const char **value)
{
	const cli_option *t;
	size_t k, j;

	for (k = 0; (t = table(s, k)) != NULL; k++)
		for (j = 0; t[j].name; j++)
			if (names(&t[j], arg, value)) {
				*group = k;
				return &t[j];
			}
	return NULL;
}

const cli_option *cli_option_find(const cli_spec *s, const char *arg)
{
	const char *v;
	size_t k;

	return arg[0] == '-' && arg[1] ? find(s, arg, &k, &v) : NULL;
}

/* "unknown option 'X' (did you mean --Y?)", Y from the tables. */
static int unknown_option(const cli_spec *s, const char *arg)
{
	const char *all[256], *hit;
	const cli_option *t;
	char opt[64];
	size_t k, j, n = 0;

	for (k = 0; (t = table(s, k)) != NULL; k++)
		for (j = 0; t[j].name && n + 2 <= sizeof all / sizeof all[0]; j++) {
			all[n++] = t[j].name;
			if (t[j].alias)
				all[n++] = t[j].alias;
		}
	snprintf(opt, sizeof opt, "%.*s", (int)strcspn(arg, "="), arg);
	if ((hit = cli_closest(opt, all, n)) != NULL)
		return cli_usage_error(s->cmd, "unknown option '%s' (did you mean %s?)", arg, hit);
	return cli_usage_error(s->cmd, "unknown option '%s'", arg);
}

/* One walk over the command line. The early walk applies only --quiet
 * and --error-format and says nothing of anything else. */
typedef struct walk {
	const cli_spec *s;
	void *ctx;
	int early;
	const char **values;  /* option values and positional arguments */
	unsigned char *is_output;
	size_t n_values;
} walk;

static int common(walk *w, const cli_option *o, const char *v)
{
	if (o->id == COMMON_HELP) {
		if (w->early)
			return 0;
		cli_help_print(stdout, w->s);
		return CLI_PARSED_HELP;
	}
	if (!w->early)
		return 0;
	if (o->id == COMMON_QUIET)
		cli_quiet = 1;
	else if (!strcmp(v, "json") || !strcmp(v, "text"))
		cli_error_format_json = !strcmp(v, "json");
	else
		return cli_usage_error(w->s->cmd, "--error-format: unknown format '%s' "
		                       "(text, json)", v);
	return 0;
}

static int apply(walk *w, size_t k, const cli_option *o, const char *v)
{
	const cli_optgroup *g;

	if (table(w->s, k) == common_options)
		return common(w, o, v);
	if (w->early)
		return 0;
	if (v) {
		w->values[w->n_values] = v;
		w->is_output[w->n_values++] = (o->flags & CLI_OPT_OUTPUT) != 0;
	}
	g = &w->s->groups[k];
	return g->set((char *)w->ctx + g->offset, w->s->cmd, o, v);
}

static int positional(walk *w, const char *arg)
{
	if (w->early)
		return 0;
	w->values[w->n_values] = arg;
	w->is_output[w->n_values++] = 0;
	if (!w->s->positional)
		return cli_usage_error(w->s->cmd, "unexpected argument '%s'", arg);
	return w->s->positional(w->ctx, arg);
}

/* The option at argv[*i] with its value (taken from the next argument
 * when not attached): 0, or an exit code (printed; silent when early). */
static int option_at(walk *w, int argc, char **argv, int *i)
{
	const cli_option *o;
	const char *a = argv[*i], *v;
	size_t k;

	if (!(o = find(w->s, a, &k, &v)))
		return w->early ? 0 : unknown_option(w->s, a);
	if (o->arg && !v) {
		if (*i + 1 >= argc)
			return w->early ? 0 : cli_usage_error(w->s->cmd, "option %s needs a value",
			                                      a);
		v = argv[++*i];
	} else if (!o->arg && v) {
		return w->early ? 0 : cli_usage_error(w->s->cmd, "option %.*s takes no value",
		                                      (int)strcspn(a, "="), a);
	}
	return apply(w, k, o, v);
}

static int walk_args(walk *w, int argc, char **argv)
{
	int i, code = 0, files_only = 0;

	for (i = 1; i < argc && !code; i++) {
		if (files_only || argv[i][0] != '-' || argv[i][1] == '\0')
			code = positional(w, argv[i]);
		else if (!strcmp(argv[i], "--"))
			files_only = 1;
		else
			code = option_at(w, argc, argv, &i);
	}
	return code;
}

/* An output that is one of the inputs (the same file or folder, however
 * named) would destroy the survey data it is made from: refused before
 * anything is read. */
static int outputs_clash(const walk *w)
{
	struct stat so, si;
	size_t i, k;

	for (i = 0; i < w->n_values; i++) {
		if (!w->is_output[i] || !strcmp(w->values[i], "-") || stat(w->values[i], &so))
			continue;
		for (k = 0; k < w->n_values; k++)
			if (!w->is_output[k] && stat(w->values[k], &si) == 0 &&
			    si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
				cli_error("%s: the output is one of the inputs (%s); write it "
				          "elsewhere", w->values[i], w->values[k]);
				return CLI_EXIT_USAGE;
			}
	}
	return 0;
}

int cli_parse(const cli_spec *s, void *ctx, int argc, char **argv)
{
	walk w = {s, ctx, 1, NULL, NULL, 0};
	int code;

	w.values = malloc(((size_t)argc + 1) * sizeof *w.values);
	w.is_output = malloc((size_t)argc + 1);
	if (!w.values || !w.is_output) {
		cli_error("out of memory");
		code = CLI_EXIT_NOMEM;
		goto done;
	}
	if ((code = walk_args(&w, argc, argv)) != 0)
		goto done;
	w.early = 0;
	if ((code = walk_args(&w, argc, argv)) != 0)
		goto done;
	code = outputs_clash(&w);
done:
	free(w.values);
	free(w.is_output);
	return code;
}

/* "  -o, --output FILE" and the help text, its lines under one another
 * from column 30 (or below a long left part). */
static void print_option(FILE *fp, const cli_option *o)
{
	char left[128], sh[8] = "";
	const char *h = o->help;
	size_t len;
	int n;

	if (o->short_name)
		snprintf(sh, sizeof sh, "-%c, ", o->short_name);
	n = snprintf(left, sizeof left, "  %s%s%s%s%s%s", sh, o->name, o->alias ? ", " : "",
	             o->alias ? o->alias : "", o->arg ? " " : "", o->arg ? o->arg : "");
	if (n > 28)
		fprintf(fp, "%s\n%29s", left, "");
	else
		fprintf(fp, "%-29s", left);
	for (;;) {
		len = strcspn(h, "\n");
		fprintf(fp, "%.*s\n", (int)len, h);
		if (!h[len])
			break;
		h += len + 1;
		fprintf(fp, "%29s", "");
	}
}

void cli_help_print(FILE *fp, const cli_spec *s)
{
	const cli_option *t;
	size_t k, j;

	fputs(s->usage, fp);
	fputs("options:\n", fp);
	for (k = 0; (t = table(s, k)) != NULL; k++)
		for (j = 0; t[j].name; j++)
			print_option(fp, &t[j]);
	if (s->after)
		fputs(s->after, fp);
}
