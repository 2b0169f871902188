/*
 * cmd_batch.c - `sdtscore batch`: a report per organisation of a
 * portfolio and a benchmark placing each among the others. A failing
 * organisation does not stop the others: it is reported in the summary
 * table and the exit code is 5.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "sdt_report.h"

static const char batch_help[] =
	"usage: sdtscore batch -o OUTDIR [-i INSTRUMENT] [options] MANIFEST|DIR\n\n"
	"Writes OUTDIR/<organisation>/report.xlsx for every organisation and\n"
	"OUTDIR/benchmark.xlsx, which places each organisation's and team's means\n"
	"among the whole portfolio (percentiles, given when at least 5\n"
	"organisations have a visible mean, and quartile bands, when at least 8\n"
	"do). OUTDIR/summary.csv and the table on standard output say how each\n"
	"organisation went; a failing one does not stop the others, and the exit\n"
	"code is then 5.\n\n"
	"MANIFEST is JSON, {\"organisations\": [{\"name\": ..., \"files\": [...],\n"
	"\"instrument\": ..., \"headcount\": ...}]}, or CSV with the columns\n"
	"name,file,instrument,headcount and a row per file. DIR holds one folder per\n"
	"organisation with its response files and optionally instrument.json and\n"
	"headcount.csv (and actions.csv: the focus areas HR chose, followed up\n"
	"against previous/). Relative paths are taken from the manifest's directory; an\n"
	"organisation without an instrument uses -i.\n\n";

typedef struct batch_args {
	cli_input in;       /* -i and the run options every organisation shares */
	const char *out, *lang, *manifest;
	size_t min_group;
	int anonymise;
	int progress;       /* 1 draw, 0 not, -1 when stderr is a terminal */
	size_t threads;     /* organisations at once; 0: the cores */
} batch_args;

typedef struct org_result {
	int code;               /* 0 ok, else the exit code it failed with */
	char reason[1024];
	char dir[128];          /* folder below OUTDIR */
	sdt_run_counts counts;
	sdt_instrument *ins;
	sdt_groups *groups;
	sdt_change *changes;    /* since the previous wave, by group and
	                           scale; NULL without earlier waves */
	long bench;             /* index in the benchmark, -1 */
	char *log;              /* its warnings and notes, printed in
	                           organisation order (open_memstream) */
	size_t log_len;
	int finished;
} org_result;

/* At most this many organisations at once: each holds a workbook's
 * temporary (sdt_output_track has 64 slots) and its groups in memory. */
#define BATCH_MAX_THREADS 16

typedef struct batch_run {
	const batch_args *a;
	const batch_manifest *m;
	org_result *res;
	int draw;               /* progress bar on */
	size_t done;
	/* the worker pool: the next organisation to start and the next whose
	 * messages are printed, both under `lock` */
	pthread_mutex_t lock;
	size_t next, next_print;
} batch_run;

enum { OPT_OUTPUT, OPT_LANG, OPT_MIN_GROUP, OPT_ANONYMISE, OPT_PROGRESS, OPT_THREADS };

static const cli_option batch_options[] = {
	{"--output", 'o', "OUTDIR", OPT_OUTPUT, "the output folder (made with its parents)",
	 NULL, CLI_OPT_OUTPUT},
	CLI_LANG_OPTION(OPT_LANG),
	CLI_MIN_GROUP_OPTION(OPT_MIN_GROUP),
	{"--anonymise-orgs", 0, NULL, OPT_ANONYMISE,
	 "also write OUTDIR/<organisation>/benchmark.xlsx,\n"
	 "naming only that organisation; the others are\n"
	 "\"Organisation A, B, ...\"", "--anonymize-orgs", 0},
	{"--progress", 0, NULL, OPT_PROGRESS,
	 "a progress bar on stderr (default: only when\n"
	 "stderr is a terminal; never with --quiet)", NULL, 0},
	{"--threads", 0, "N", OPT_THREADS,
	 "run N organisations at once (default: the cores\n"
	 "available; at most 16); the files and messages\n"
	 "are those of one at a time", NULL, 0},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int batch_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	batch_args *a = ctx;

	switch (o->id) {
	case OPT_OUTPUT: a->out = v; return 0;
	case OPT_LANG: a->lang = v; return cli_lang_check(cmd, v);
	case OPT_MIN_GROUP: return cli_min_group_set(cmd, v, &a->min_group);
	case OPT_ANONYMISE: a->anonymise = 1; return 0;
	case OPT_THREADS:
		if (cli_parse_size(cmd, o->name, v, &a->threads) < 0)
			return CLI_EXIT_USAGE;
		return a->threads < 1 ? cli_usage_error(cmd, "--threads takes 1 or more") : 0;
	default: a->progress = 1; return 0;
	}
}

/* The one MANIFEST or DIR. */
static int batch_manifest_arg(void *ctx, const char *arg)
{
	batch_args *a = ctx;

	if (a->manifest)
		return cli_usage_error("batch", "one MANIFEST or DIR, not '%s' too", arg);
	a->manifest = arg;
	return 0;
}

const cli_spec cli_spec_batch = {
	"batch", batch_help,
	{{batch_options, batch_set, 0},
	 {cli_input_options, cli_input_set, offsetof(batch_args, in)}},
	batch_manifest_arg,
	"The date shown is today's, or SOURCE_DATE_EPOCH's when set.\n"
};

/* 0 to go on, CLI_PARSED_HELP after --help, or an exit code (printed). */
static int parse_args(int argc, char **argv, batch_args *a)
{
	int code = cli_parse(&cli_spec_batch, a, argc, argv);

	if (code != 0)
		return code;
	if (!a->manifest)
		return cli_usage_error("batch", "no MANIFEST or DIR given");
	if (!a->out)
		return cli_usage_error("batch", "-o OUTDIR is required");
	if (a->in.rejects)
		return cli_usage_error("batch", "--rejects is per file; use `sdtscore validate` "
		                       "on an organisation's files");
	if (!strcmp(a->out, "-"))
		return cli_usage_error("batch", "-o -: the output is a folder of workbooks, "
		                       "not standard output; give a folder name");
	return 0;
}

/* ---- progress --------------------------------------------------------- */

static void progress_clear(batch_run *b)
{
	if (b->draw)
		fputs("\r\033[K", stderr);
}

static void progress_draw(batch_run *b, const char *name)
{
	char bar[31];
	size_t n = b->m->n_orgs, fill = n ? b->done * 30 / n : 30;

	if (!b->draw)
		return;
	memset(bar, '#', fill);
	memset(bar + fill, '.', 30 - fill);
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu %.40s\033[K", bar, b->done, n, name ? name : "");
	fflush(stderr);
}

/* ---- one organisation ------------------------------------------------- */

/* OUTDIR/<safe name>, unique (case-insensitively, for file systems that
 * ignore case) among the organisations before it. */
static void org_dir(batch_run *b, size_t i)
{
	char name[128], cand[128];
	size_t k, j;
	int clash;

	sdt_report_file_name(name, sizeof name, b->m->orgs[i].name);
	name[strlen(name) - strlen(".xlsx")] = '\0';
	snprintf(cand, sizeof cand, "%s", name);
	for (k = 2;; k++) {
		for (clash = 0, j = 0; j < i && !clash; j++)
			clash = !strcasecmp(b->res[j].dir, cand);
		if (!clash)
			break;
		snprintf(cand, sizeof cand, "%s-%zu", name, k);
	}
	snprintf(b->res[i].dir, sizeof b->res[i].dir, "%s", cand);
	b->res[i].bench = -1;
}

static char *out_path(const char *outdir, const char *dir, const char *file)
{
	size_t n = strlen(outdir) + strlen(dir) + strlen(file) + 3;
	char *p = malloc(n);

	if (p && *dir)
		snprintf(p, n, "%s/%s/%s", outdir, dir, file);
	else if (p)
		snprintf(p, n, "%s/%s", outdir, file);
	return p;
}

static int make_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0777) == 0)
		return 0;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	cli_error("%s: cannot make the directory: %s", path,
	          errno == EEXIST ? "a file of that name exists" : strerror(errno));
	return CLI_EXIT_IO;
}

/* Load, run and write one organisation, its messages captured. */
static int org_work(batch_run *b, const batch_org *o, org_result *r)
{
	cli_input in = b->a->in;
	cli_report_job job;
	char *dir = out_path(b->a->out, "", r->dir), *path = out_path(b->a->out, r->dir, "report.xlsx");
	size_t k;
	int code = 0;

	in.files = NULL;
	in.n_files = 0;
	in.map = NULL;
	in.attr_buf = NULL; /* the portfolio's --attributes, not this copy's */
	in.attr_names = NULL;
	in.skip_rows = NULL;
	in.run.read.map = NULL;
	in.instrument = o->instrument ? o->instrument : b->a->in.instrument;
	if (!dir || !path)
		code = (cli_error("out of memory"), CLI_EXIT_NOMEM);
	if (!code && o->problem)
		code = (cli_error("%s", o->problem), CLI_EXIT_DATA);
	if (!code && !in.instrument)
		code = (cli_error("no instrument: give the organisation one or use -i"), CLI_EXIT_USAGE);
	for (k = 0; !code && k < o->n_files; k++)
		code = cli_input_add_file(&in, o->files[k]);
	if (!code)
		code = cli_load_instrument(&in, &r->ins);
	if (!code && (code = make_dir(dir)) == 0) {
		/* A client's own workbook carries no command line naming the
		 * portfolio's files when the others are to stay anonymous. */
		job = (cli_report_job){&in, r->ins, o->headcount, b->a->lang, b->a->min_group, path,
		                       b->a->anonymise ? "sdtscore batch --anonymise-orgs" : NULL,
		                       (const char *const *)o->previous, o->n_previous, o->actions};
		code = cli_report_org(&job, &r->groups, &r->counts, &r->changes);
		/* Leave no empty folder for an organisation that got no report. */
		if (code)
			rmdir(dir);
	}
	cli_input_free(&in);
	free(dir);
	free(path);
	return code;
}

/* One organisation on this thread, its warnings kept in r->log (on
 * standard error directly when no memory stream can be had). */
static void run_org(batch_run *b, size_t i)
{
	const batch_org *o = &b->m->orgs[i];
	org_result *r = &b->res[i];
	cli_capture cap;

	memset(&cap, 0, sizeof cap);
	cap.name = o->name;
	cap.log = open_memstream(&r->log, &r->log_len);
	cli_capture_begin(&cap);
	r->code = org_work(b, o, r);
	cli_capture_end();
	if (cap.log)
		fclose(cap.log);
	if (r->code)
		snprintf(r->reason, sizeof r->reason, "%s", cap.error[0] ? cap.error : "failed");
	else if (r->counts.left_out)
		snprintf(r->reason, sizeof r->reason, "%zu of %zu responses left out",
		         r->counts.left_out, r->counts.read);
}

/* Under b->lock: organisation i is done; print the messages of every
 * finished organisation whose turn has come, so that they appear in
 * manifest order whatever the threads' timing. */
static void org_finished(batch_run *b, size_t i)
{
	org_result *r;

	b->res[i].finished = 1;
	b->done++;
	while (b->next_print < b->m->n_orgs && b->res[b->next_print].finished) {
		r = &b->res[b->next_print++];
		if (r->log_len) {
			progress_clear(b);
			fwrite(r->log, 1, r->log_len, stderr);
		}
		free(r->log);
		r->log = NULL;
		r->log_len = 0;
	}
	progress_draw(b, b->m->orgs[i].name);
}

static void *org_worker(void *arg)
{
	batch_run *b = arg;
	size_t i;

	for (;;) {
		pthread_mutex_lock(&b->lock);
		i = b->next < b->m->n_orgs ? b->next++ : b->m->n_orgs;
		if (i < b->m->n_orgs)
			progress_draw(b, b->m->orgs[i].name);
		pthread_mutex_unlock(&b->lock);
		if (i == b->m->n_orgs)
			return NULL;
		run_org(b, i);
		pthread_mutex_lock(&b->lock);
		org_finished(b, i);
		pthread_mutex_unlock(&b->lock);
	}
}

/* Every organisation, by a pool of threads (the calling one among
 * them). Each organisation's files are its own, so the outcome is that of
 * running them one by one. */
static void run_orgs(batch_run *b)
{
	pthread_t tid[BATCH_MAX_THREADS];
	size_t n = b->a->threads ? b->a->threads : sdt_cpu_count(), k, started = 0;

	if (n > BATCH_MAX_THREADS)
		n = BATCH_MAX_THREADS;
	if (n > b->m->n_orgs)
		n = b->m->n_orgs ? b->m->n_orgs : 1;
	for (k = 1; k < n; k++)
		if (pthread_create(&tid[started], NULL, org_worker, b) == 0)
			started++;
	org_worker(b);
	for (k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
}

/* ---- benchmark -------------------------------------------------------- */

static int write_benchmarks(batch_run *b, sdt_benchmark *bench, const char *date)
{
	sdt_benchmark_report rep = SDT_BENCHMARK_REPORT_INIT;
	char *path = out_path(b->a->out, "", "benchmark.xlsx");
	size_t i;
	int err;

	rep.bench = bench;
	rep.lang = b->a->lang;
	rep.date = date;
	rep.min_group = b->a->min_group;
	err = path ? sdt_report_benchmark(&rep, path) : SDT_ENOMEM;

	free(path);
	for (i = 0; !err && b->a->anonymise && i < b->m->n_orgs; i++) {
		if (b->res[i].bench < 0)
			continue;
		rep.focus = b->res[i].bench;
		if (!(path = out_path(b->a->out, b->res[i].dir, "benchmark.xlsx")))
			err = SDT_ENOMEM;
		else
			err = sdt_report_benchmark(&rep, path);
		free(path);
	}
	if (err == SDT_ENOMEM)
		return cli_error("out of memory"), CLI_EXIT_NOMEM;
	return err ? cli_fail(err) : 0;
}

static int benchmark(batch_run *b, size_t *n_orgs)
{
	sdt_benchmark *bench = NULL;
	char date[32];
	size_t i;
	int err, code = 0;

	cli_report_date(date, sizeof date);
	if ((err = sdt_benchmark_new(&bench)) != SDT_OK)
		return cli_fail(err);
	for (i = 0; i < b->m->n_orgs && !err; i++) {
		b->res[i].bench = -1;
		if (b->res[i].code)
			continue;
		b->res[i].bench = (long)bench->n_orgs;
		err = sdt_benchmark_add(bench, b->m->orgs[i].name, b->res[i].ins, b->res[i].groups);
		/* group 0, the organisation, leads the changes */
		if (!err && b->res[i].changes)
			err = sdt_benchmark_set_changes(bench, (size_t)b->res[i].bench, b->res[i].ins,
			                                b->res[i].changes);
	}
	if (!err)
		err = sdt_benchmark_compute(bench);
	if (err)
		code = cli_fail(err);
	else
		code = write_benchmarks(b, bench, date);
	*n_orgs = bench->n_orgs;
	sdt_benchmark_free(bench);
	return code;
}

/* ---- summary ---------------------------------------------------------- */

static size_t utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void print_table(const batch_run *b)
{
	size_t i, w = strlen("organisation"), len, k;

	for (i = 0; i < b->m->n_orgs; i++)
		if ((len = utf8_width(b->m->orgs[i].name)) > w)
			w = len;
	printf("%-*s  %9s  %-6s  %s\n", (int)w, "organisation", "rows", "status", "reason");
	for (i = 0; i < b->m->n_orgs; i++) {
		const org_result *r = &b->res[i];
		fputs(b->m->orgs[i].name, stdout);
		for (k = utf8_width(b->m->orgs[i].name); k < w; k++)
			putchar(' ');
		if (r->reason[0])
			printf("  %9zu  %-6s  %s\n", r->counts.read, r->code ? "failed" : "ok", r->reason);
		else
			printf("  %9zu  %s\n", r->counts.read, r->code ? "failed" : "ok");
	}
	fflush(stdout);
}

static int write_summary_csv(const batch_run *b)
{
	char *path = out_path(b->a->out, "", "summary.csv");
	cli_output o;
	size_t i;
	int code;

	if (!path)
		return cli_error("out of memory"), CLI_EXIT_NOMEM;
	if ((code = cli_output_open(&o, path)) != 0)
		goto done;
	fputs("organisation,rows,scored,left_out,status,reason,report\n", o.fp);
	for (i = 0; i < b->m->n_orgs; i++) {
		const org_result *r = &b->res[i];
		/* For people, opened in a spreadsheet: always neutralised. */
		cli_print_csv_text(o.fp, b->m->orgs[i].name, NULL, 1);
		fprintf(o.fp, ",%zu,%zu,%zu,%s,", r->counts.read, r->counts.scored,
		        r->counts.left_out, r->code ? "failed" : "ok");
		cli_print_csv_text(o.fp, r->reason, NULL, 1);
		fputc(',', o.fp);
		if (!r->code)
			cli_print_csv_text(o.fp, r->dir, "/report.xlsx", 1);
		fputc('\n', o.fp);
	}
	code = cli_output_commit(&o);
done:
	free(path);
	return code;
}

static int run_all(batch_run *b)
{
	size_t i, failed = 0, n_bench = 0;
	int code;

	if ((code = cli_make_dirs(b->a->out)) != 0)
		return code;
	for (i = 0; i < b->m->n_orgs; i++)
		org_dir(b, i);
	run_orgs(b);
	for (i = 0; i < b->m->n_orgs; i++)
		failed += b->res[i].code != 0;
	progress_clear(b);
	print_table(b);
	if ((code = write_summary_csv(b)) != 0)
		return code;
	if (failed < b->m->n_orgs && (code = benchmark(b, &n_bench)) != 0)
		return code;
	if (n_bench && n_bench < SDT_BENCHMARK_MIN_ORGS)
		cli_warn("the benchmark has %zu organisation%s; percentiles need at least %d, "
		         "quartile bands %d", n_bench, n_bench == 1 ? "" : "s",
		         SDT_BENCHMARK_MIN_ORGS, SDT_BENCHMARK_MIN_BANDED);
	else if (n_bench && n_bench < SDT_BENCHMARK_MIN_BANDED)
		cli_warn("the benchmark has %zu organisations; quartile bands need at least %d",
		         n_bench, SDT_BENCHMARK_MIN_BANDED);
	if (cli_quiet)
		return failed ? CLI_EXIT_BATCH : 0;
	fprintf(stderr, "sdtscore: %zu of %zu organisations reported", b->m->n_orgs - failed,
	        b->m->n_orgs);
	if (n_bench)
		fprintf(stderr, "; benchmark of %zu in %s/benchmark.xlsx", n_bench, b->a->out);
	fputc('\n', stderr);
	return failed ? CLI_EXIT_BATCH : 0;
}

int cmd_batch(int argc, char **argv)
{
	batch_args a;
	batch_manifest m;
	batch_run b;
	size_t i;
	int code;

	memset(&a, 0, sizeof a);
	cli_input_init(&a.in);
	memset(&m, 0, sizeof m);
	memset(&b, 0, sizeof b);
	pthread_mutex_init(&b.lock, NULL);
	a.lang = "en";
	a.min_group = 5;
	a.progress = -1;
	if ((code = parse_args(argc, argv, &a)) != 0) {
		code = code == CLI_PARSED_HELP ? CLI_EXIT_OK : code;
		goto done;
	}
	if ((code = cli_output_dir_check(a.out)) != 0)
		goto done;
	if ((code = batch_manifest_load(&m, a.manifest)) != 0)
		goto done;
	b.a = &a;
	b.m = &m;
	b.draw = cli_quiet ? 0 : a.progress < 0 ? isatty(2) : a.progress;
	if (!(b.res = calloc(m.n_orgs, sizeof *b.res))) {
		cli_error("out of memory");
		code = CLI_EXIT_NOMEM;
		goto done;
	}
	code = run_all(&b);
done:
	for (i = 0; b.res && i < m.n_orgs; i++) {
		sdt_groups_free(b.res[i].groups);
		free(b.res[i].changes);
		sdt_instrument_free(b.res[i].ins);
		free(b.res[i].log);
	}
	free(b.res);
	pthread_mutex_destroy(&b.lock);
	batch_manifest_free(&m);
	cli_input_free(&a.in);
	return code;
}
