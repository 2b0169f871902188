/*
 * cmd_report.c - `sdtscore report`: the team-level Excel workbook, or one
 * workbook per supervisor (--split-by). One pass over the responses feeds
 * the psychometrics, the group hierarchy and the careless-response flags.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "report.h"

static const char report_help[] =
	"usage: sdtscore report -i INSTRUMENT [-o OUT.xlsx | --split-by SPLIT -o DIR]\n"
	"                       [options] FILE...\n\n"
	"Writes the team-level Excel workbook: Summary, Heatmap, Items, Actions,\n"
	"Charts, Reliability, Data quality and Method. Groups with fewer than N\n"
	"respondents, and figures that could be worked out from them, are hidden.\n\n"
	"options:\n"
	"  -o, --output PATH          the workbook (default report.xlsx), or with\n"
	"                             --split-by an existing directory\n"
	"  --split-by SPLIT           team: one workbook per visible team (the team,\n"
	"                             its ancestors and the organisation); level:N: one\n"
	"                             per visible group at depth N with its subtree\n"
	"  --lang LANG                en (default), fi or sv\n"
	"  --min-group N              anonymity threshold (default 5)\n"
	"  --headcount FILE.csv       team,headcount rows (full team path, count) for\n"
	"                             response rates\n"
	"  --alpha A                  significance level after BH adjustment (default 0.05)\n"
	"The date shown is today's, or SOURCE_DATE_EPOCH's when set.\n";

typedef struct report_args {
	cli_input in;
	const char *out, *split, *lang, *headcount;
	size_t min_group;
	double alpha;
} report_args;

typedef struct report_ctx {
	sdt_accum *acc;
	sdt_groupacc *gacc;
	sdt_quality quality;
	size_t n_items;
} report_ctx;

static int on_response(void *vctx, const sdt_response *r, const sdt_scores *s)
{
	report_ctx *c = vctx;
	int err;

	if ((err = sdt_accum_add(c->acc, r, s)) != SDT_OK)
		return err;
	if ((err = sdt_groupacc_add(c->gacc, r, s)) != SDT_OK)
		return err;
	sdt_quality_add(&c->quality, r, c->n_items);
	return 0;
}

static int parse_alpha(const char *v, double *out)
{
	char *end;
	double a;

	errno = 0;
	a = strtod(v, &end);
	if (errno || *end || !(a > 0 && a < 1))
		return cli_usage_error("report", "--alpha takes a number between 0 and 1, not '%s'", v), -1;
	*out = a;
	return 0;
}

/* One option of report's own at argv[*i]: 1 used, 0 not ours, -1 error. */
static int own_option(report_args *a, int argc, char **argv, int *i)
{
	const char *v = NULL, *cmd = "report";
	int r;

	if (cli_opt_flag(argv, *i, "-o"))
		return cli_opt_value(cmd, argc, argv, i, "-o", &a->out);
	if ((r = cli_opt_value(cmd, argc, argv, i, "--output", &a->out)) != 0)
		return r;
	if ((r = cli_opt_value(cmd, argc, argv, i, "--split-by", &a->split)) != 0)
		return r;
	if ((r = cli_opt_value(cmd, argc, argv, i, "--headcount", &a->headcount)) != 0)
		return r;
	if ((r = cli_opt_value(cmd, argc, argv, i, "--lang", &a->lang)) != 0) {
		if (r > 0 && !sdt_report_lang_ok(a->lang))
			return cli_usage_error(cmd, "--lang: unknown language '%s' (en, fi, sv)", a->lang), -1;
		return r;
	}
	if ((r = cli_opt_value(cmd, argc, argv, i, "--min-group", &v)) != 0) {
		if (r > 0 && cli_parse_size(cmd, "--min-group", v, &a->min_group) < 0)
			return -1;
		if (r > 0 && a->min_group < 1)
			return cli_usage_error(cmd, "--min-group must be at least 1"), -1;
		return r;
	}
	if ((r = cli_opt_value(cmd, argc, argv, i, "--alpha", &v)) != 0)
		return r > 0 && parse_alpha(v, &a->alpha) < 0 ? -1 : r;
	return 0;
}

/* 0 to go on, -2 after --help, -1 on a usage error, -3 out of memory. */
static int parse_args(int argc, char **argv, report_args *a)
{
	int i, r;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("%s%s", report_help, cli_input_help);
			return -2;
		}
		if ((r = cli_input_option("report", &a->in, argc, argv, &i)) != 0 ||
		    (r = own_option(a, argc, argv, &i)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage_error("report", "unknown option '%s'", argv[i]), -1;
		if (cli_input_add_file(&a->in, argv[i]) != 0)
			return -3;
	}
	if (a->split && !a->out)
		return cli_usage_error("report", "--split-by needs -o DIR"), -1;
	return 0;
}

/* The report date: SOURCE_DATE_EPOCH (reproducible builds) or today. */
static void report_date(char *buf, size_t size)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;
	char *end;
	long long v;

	if (e && *e) {
		v = strtoll(e, &end, 10);
		if (!*end && v >= 0)
			t = (time_t)v;
		gmtime_r(&t, &tm);
	} else {
		localtime_r(&t, &tm);
	}
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* One CSV field from *p (RFC 4180 quoting, on one line) into out; moves *p
 * past it. Returns 0, or -1 when a quote is not closed. */
static int csv_field(char **p, char *out)
{
	char *s = *p;
	size_t o = 0;

	if (*s != '"') {
		while (*s && *s != ',')
			out[o++] = *s++;
		out[o] = '\0';
		*p = s;
		return 0;
	}
	for (s++;; s++) {
		if (!*s)
			return -1;
		if (*s == '"' && s[1] == '"')
			out[o++] = *s++;
		else if (*s == '"')
			break;
		else
			out[o++] = *s;
	}
	out[o] = '\0';
	*p = s + 1;
	return 0;
}

/* One row "team,headcount": 0 fed, 1 the header row, -1 error (printed). */
static int headcount_row(sdt_groupacc *g, const char *file, unsigned long ln,
                         char *line, char *team, char *num)
{
	char *p = line, *end;
	unsigned long long v;
	int err;

	if (csv_field(&p, team) < 0 || *p != ',' || (p++, csv_field(&p, num)) < 0 || *p)
		return cli_error("%s:%lu: expected two fields: team,headcount", file, ln), -1;
	if (ln == 1 && !strcmp(team, "team") && !strcmp(num, "headcount"))
		return 1;
	errno = 0;
	v = strtoull(num, &end, 10);
	if (!*team || !*num || *end || errno || num[0] == '-')
		return cli_error("%s:%lu: team '%s': headcount '%s' is not a whole number",
		                 file, ln, team, num), -1;
	if ((err = sdt_groupacc_headcount(g, team, (size_t)v)) != SDT_OK) {
		cli_error("%s:%lu: %s", file, ln, sdt_error_message());
		return -1;
	}
	return 0;
}

/* Returns 0 or an exit code (error printed). */
static int read_headcount(sdt_groupacc *g, const char *file)
{
	FILE *fp = fopen(file, "r");
	char *line = NULL, *team = NULL, *num = NULL;
	size_t cap = 0, len;
	unsigned long ln = 0;
	ssize_t got;
	int code = 0;

	if (!fp) {
		cli_error("%s: cannot read: %s", file, strerror(errno));
		return CLI_EXIT_IO;
	}
	while ((got = getline(&line, &cap, fp)) > 0 && !code) {
		ln++;
		len = (size_t)got;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (ln == 1 && !strncmp(line, "\xEF\xBB\xBF", 3))
			memmove(line, line + 3, (len -= 3) + 1);
		if (!len)
			continue;
		free(team);
		free(num);
		team = malloc(len + 1);
		num = malloc(len + 1);
		if (!team || !num)
			code = CLI_EXIT_NOMEM;
		else if (headcount_row(g, file, ln, line, team, num) < 0)
			code = CLI_EXIT_DATA;
	}
	if (!code && ferror(fp)) {
		cli_error("%s: read failed: %s", file, strerror(errno));
		code = CLI_EXIT_IO;
	}
	free(line);
	free(team);
	free(num);
	fclose(fp);
	return code;
}

typedef struct report_run {
	report_ctx ctx;
	sdt_stats *stats;
	sdt_groups *groups;
	sdt_run_counts counts;
	cli_tally tally; /* left-out responses by reason */
	char *wave;
} report_run;

static int compute(report_run *run, const report_args *a,
                   const sdt_instrument *ins)
{
	sdt_stats_options so = {SDT_MISSING_PAIRWISE, a->min_group};
	sdt_groups_options go = {a->min_group, a->alpha};
	int err, code;

	memset(run, 0, sizeof *run);
	run->ctx.n_items = sdt_instrument_item_count(ins);
	sdt_quality_init(&run->ctx.quality, ins);
	if ((err = sdt_accum_new(&run->ctx.acc, ins)) != SDT_OK ||
	    (err = sdt_groupacc_new(&run->ctx.gacc, ins)) != SDT_OK)
		return cli_fail(err);
	if (a->headcount && (code = read_headcount(run->ctx.gacc, a->headcount)) != 0)
		return code;
	if ((code = cli_run_inputs_tally(&a->in, ins, on_response, &run->ctx, &run->counts,
	                                 &run->wave, &run->tally)) != 0)
		return code;
	if ((err = sdt_stats_compute(&run->stats, run->ctx.acc, &so)) != SDT_OK ||
	    (err = sdt_groups_compute(&run->groups, run->ctx.gacc, &go)) != SDT_OK)
		return cli_fail(err);
	return 0;
}

static void run_free(report_run *run)
{
	sdt_stats_free(run->stats);
	sdt_groups_free(run->groups);
	sdt_accum_free(run->ctx.acc);
	sdt_groupacc_free(run->ctx.gacc);
	sdt_free(run->wave);
}

static int write_report(const report_run *run, const report_args *a,
                        const sdt_instrument *ins)
{
	sdt_report_reason reasons[CLI_MAX_REASONS];
	sdt_report_quality q = {&run->ctx.quality, run->tally.n_reasons, reasons};
	sdt_report_input in;
	char date[32];
	size_t n = 0, k;
	int err;

	for (k = 0; k < run->tally.n_reasons; k++) {
		reasons[k].reason = run->tally.reasons[k].text;
		reasons[k].count = run->tally.reasons[k].count;
	}

	report_date(date, sizeof date);
	memset(&in, 0, sizeof in);
	in.ins = ins;
	in.groups = run->groups;
	in.stats = run->stats;
	in.counts = &run->counts;
	in.quality = &q;
	in.wave = run->wave;
	in.lang = a->lang;
	in.command_line = cli_command_line;
	in.date = date;
	in.alpha = a->alpha;
	if (!a->split) {
		err = sdt_report_write(&in, NULL, a->out ? a->out : "report.xlsx");
		return err ? cli_fail(err) : 0;
	}
	err = sdt_report_split(&in, a->split, a->out, &n);
	if (err)
		return cli_fail(err);
	if (n == 0)
		cli_warn("no visible group to split by '%s': no workbook written", a->split);
	else
		fprintf(stderr, "sdtscore: %zu workbooks written to %s\n", n, a->out);
	return 0;
}

int cmd_report(int argc, char **argv)
{
	report_args a;
	report_run run;
	sdt_instrument *ins = NULL;
	int code, r;

	memset(&a, 0, sizeof a);
	memset(&run, 0, sizeof run);
	a.lang = "en";
	a.min_group = 5;
	a.alpha = 0.05;
	r = parse_args(argc, argv, &a);
	if (r != 0) {
		code = r == -2 ? CLI_EXIT_OK : r == -3 ? CLI_EXIT_NOMEM : CLI_EXIT_USAGE;
		goto done;
	}
	if ((code = cli_load_instrument(&a.in, &ins)) != 0)
		goto done;
	if ((code = compute(&run, &a, ins)) != 0)
		goto done;
	code = write_report(&run, &a, ins);
done:
	run_free(&run);
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}
