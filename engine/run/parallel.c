/*
 * parallel.c - the response pipeline's jobs (sdt_pipeline.h, sdt_parallel.h).
 *
 * A run is one job over every file, or, when it may be split, one job per
 * byte range of each splittable file, cut at line (CSV: record)
 * boundaries, or per whole file. Every job takes its responses as run.c
 * does, with its own reader, id set, scores and copies of the sinks. Jobs
 * run a group at a time, and the main thread then takes them in file
 * order: ids are checked against those of earlier jobs, so a duplicate
 * across ranges is the error a single pass would give, and the earliest
 * job's error wins, so messages do not depend on the number of threads.
 * The copies merge into the caller's sinks in the order a single pass
 * would have seen the rows; the first job feeds the caller's sinks itself.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "groupacc.h"
#include "pipeline_impl.h"
#include "psychometrics.h"
#include "reader_impl.h"

/* A range smaller than this is not worth a thread. */
#define PAR_MIN_CHUNK ((long long)4096)
/* The most ranges a file is cut into, whatever the thread count. */
#define PAR_MAX_SPLIT 64
/* How often (in rows) a job checks whether an earlier job failed. */
#define PAR_CHECK_EVERY 256
#define PAR_SCAN_BLOCK ((size_t)1 << 20)

typedef struct par_state par_state;

typedef struct job {
	par_state *ps;
	size_t index;  /* order in the run */
	size_t file;   /* files [file, file + n_files), or a range of `file` */
	size_t n_files;
	int ranged;
	sdt_read_range range;
	sdt_sink *sinks; /* clones (owned), or the caller's for job 0 */
	sdt_take take;
	char *wave;
	int rc;
	char *msg; /* the job thread's error message (messages are per thread) */
	const char *kind; /* ... its kind (static), */
	char *kind_arg;   /* ... and the kind's argument */
} job;

struct par_state {
	sdt_take_run run;
	size_t threads;
	const sdt_sink *sinks; /* the caller's */
	size_t n_sinks;
	atomic_size_t failed; /* lowest index of a failed job, or SIZE_MAX */
	job *jobs;
	size_t n_jobs, cap_jobs;
};

size_t sdt_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (size_t)n : 1;
}

/* ---- planning: where to cut each file ---- */

static sdt_format file_format(const par_state *ps, size_t f)
{
	sdt_format fmt = ps->run.opt->read.format;

	return fmt == SDT_FORMAT_AUTO ? sdt_format_from_path(ps->run.paths[f]) : fmt;
}

static int push_job(par_state *ps, size_t f, size_t n_files, const sdt_read_range *range)
{
	job *j;
	size_t cap;

	if (ps->n_jobs == ps->cap_jobs) {
		cap = ps->cap_jobs ? 2 * ps->cap_jobs : 16;
		j = sdt_reallocarray(ps->jobs, cap, sizeof *j);
		if (!j)
			return sdt_fail_nomem();
		ps->jobs = j;
		ps->cap_jobs = cap;
	}
	j = &ps->jobs[ps->n_jobs];
	memset(j, 0, sizeof *j);
	j->ps = ps;
	j->index = ps->n_jobs++;
	j->file = f;
	j->n_files = n_files;
	if (range) {
		j->ranged = 1;
		j->range = *range;
	}
	return SDT_OK;
}

/* Cut points being looked for while scanning a file. */
typedef struct cuts {
	long long size;
	size_t n;                       /* ranges wanted */
	size_t found;                   /* cut points found so far */
	long long at[PAR_MAX_SPLIT];    /* start of range k + 1 */
	unsigned long line[PAR_MAX_SPLIT]; /* lines / records before it */
	unsigned long phys[PAR_MAX_SPLIT]; /* CSV: physical lines before it */
	long long header_end;           /* CSV: end of the header record */
	int give_up;                    /* the file cannot be cut safely */
} cuts;

/* The next target offset: range k + 1 should start near size (k+1) / n. */
static long long cut_target(const cuts *c)
{
	return c->size / (long long)c->n * (long long)(c->found + 1);
}

/* A line ends just before `next`, with `lines` lines (records) before
 * `next`; take it as a cut when it passes the current target. */
static void cut_offer(cuts *c, long long next, unsigned long lines,
                      unsigned long phys)
{
	if (c->found + 1 >= c->n || next < cut_target(c) || next >= c->size)
		return;
	c->at[c->found] = next;
	c->line[c->found] = lines;
	c->phys[c->found] = phys;
	c->found++;
}

/* NDJSON: every line end is a record boundary (JSON strings hold no raw
 * line ends); only the lines before each cut are counted. */
static void scan_ndjson(cuts *c, const char *buf, size_t n, long long base,
                        unsigned long *lines)
{
	const char *p = buf, *e = buf + n, *nl;

	while (c->found + 1 < c->n && (nl = memchr(p, '\n', (size_t)(e - p)))) {
		++*lines;
		cut_offer(c, base + (nl - buf) + 1, *lines, *lines);
		p = nl + 1;
	}
}

/* CSV scanning state, carried from block to block. */
typedef struct csv_scan {
	int in_q, content, tab, prev_cr;
	unsigned long records, lines;
} csv_scan;

/* CSV: cuts only where libcsv would end a record, with the records before
 * each counted as libcsv counts them (lines of spaces and tabs are no
 * record). A line end inside quotes, a CR without LF or a blank line with
 * a tab (a record when the delimiter is tab) make the file one range. */
static void scan_csv(cuts *c, csv_scan *s, const char *buf, size_t n,
                     long long base)
{
	size_t i;

	for (i = 0; i < n && c->found + 1 < c->n && !c->give_up; i++) {
		if (s->prev_cr && buf[i] != '\n') {
			c->give_up = 1;
			break;
		}
		s->prev_cr = 0;
		switch (buf[i]) {
		case '"': s->in_q ^= 1; s->content = 1; break;
		case '\r': s->prev_cr = 1; break;
		case ' ': break;
		case '\t': s->tab = 1; break;
		case '\n':
			if (s->in_q || (!s->content && s->tab)) {
				c->give_up = 1;
				break;
			}
			s->records += s->content != 0;
			s->lines++;
			if (s->content && c->header_end == 0)
				c->header_end = base + (long long)i + 1;
			else if (c->header_end)
				cut_offer(c, base + (long long)i + 1, s->records, s->lines);
			s->content = s->tab = 0;
			break;
		default: s->content = 1;
		}
	}
}

/* Read the file a block at a time until every cut is found. A file that
 * cannot be read is left whole: its reader reports the problem. */
static void scan_file(cuts *c, const char *path, int csv)
{
	csv_scan s = {0, 0, 0, 0, 0, 0};
	unsigned long lines = 0;
	long long base = 0;
	char *buf = sdt_malloc(PAR_SCAN_BLOCK);
	FILE *fp = buf ? fopen(path, "rb") : NULL;
	size_t got;

	c->give_up = 1;
	if (!fp)
		goto done;
	c->give_up = 0;
	while (c->found + 1 < c->n && !c->give_up &&
	       (got = fread(buf, 1, PAR_SCAN_BLOCK, fp)) > 0) {
		/* UTF-16 (by its BOM) is converted by the reader's decoder,
		 * which ranges do without. */
		if (base == 0 && got >= 2 && ((buf[0] == '\xff' && buf[1] == '\xfe') ||
		                              (buf[0] == '\xfe' && buf[1] == '\xff')))
			c->give_up = 1;
		else if (csv)
			scan_csv(c, &s, buf, got, base);
		else
			scan_ndjson(c, buf, got, base, &lines);
		base += (long long)got;
	}
	if (ferror(fp))
		c->give_up = 1;
	fclose(fp);
done:
	sdt_free(buf);
}

/* Whether file f may be read in ranges at all. */
static int splittable(const par_state *ps, size_t f, struct stat *st)
{
	const sdt_read_options *ro = &ps->run.opt->read;
	sdt_format fmt = file_format(ps, f);

	if (fmt != SDT_FORMAT_NDJSON && fmt != SDT_FORMAT_CSV)
		return 0;
	if (ro->map || ro->layout != 0 || ro->layout_given || ro->encoding ||
	    ro->header_row || ro->n_skip_rows ||
	    strcmp(ps->run.paths[f], "-") == 0)
		return 0;
	return stat(ps->run.paths[f], st) == 0 && S_ISREG(st->st_mode);
}

static int plan_file(par_state *ps, size_t f)
{
	int csv = file_format(ps, f) == SDT_FORMAT_CSV;
	sdt_read_range rg;
	struct stat st;
	cuts c;
	size_t k;
	int rc = SDT_OK;

	memset(&c, 0, sizeof c);
	if (!splittable(ps, f, &st))
		return push_job(ps, f, 1, NULL);
	c.size = (long long)st.st_size;
	c.n = ps->threads < PAR_MAX_SPLIT ? ps->threads : PAR_MAX_SPLIT;
	if ((long long)c.n > c.size / PAR_MIN_CHUNK)
		c.n = (size_t)(c.size / PAR_MIN_CHUNK);
	if (c.n >= 2)
		scan_file(&c, ps->run.paths[f], csv);
	if (c.n < 2 || c.give_up || c.found == 0)
		return push_job(ps, f, 1, NULL);
	for (k = 0; k <= c.found && rc == SDT_OK; k++) {
		rg.start = k ? c.at[k - 1] : 0;
		rg.end = k < c.found ? c.at[k] : c.size;
		rg.first_line = k ? c.line[k - 1] : 0;
		rg.first_phys = k ? c.phys[k - 1] : 0;
		rg.header_end = k && csv ? c.header_end : 0;
		rc = push_job(ps, f, 1, &rg);
	}
	return rc;
}

/* ---- jobs ---- */

/* One file, or the job's range of it. */
static int job_file(job *j, size_t f)
{
	par_state *ps = j->ps;
	const char *path = ps->run.paths[f];
	const sdt_response *resp;
	sdt_reader *r = NULL;
	unsigned long ord;
	int rc;

	rc = j->ranged ? sdt_reader_open_range(&r, ps->run.ins, path, &ps->run.opt->read,
	                                       &j->range)
	               : sdt_reader_open(&r, ps->run.ins, path, &ps->run.opt->read);
	if (rc != SDT_OK)
		goto done;
	for (ord = 1; (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp; ord++) {
		if ((rc = sdt_take_response(&j->take, resp, f, ord)) != SDT_OK)
			break;
		/* An earlier job failed: this one's figures will not be used. */
		if (ord % PAR_CHECK_EVERY == 0 && atomic_load(&ps->failed) < j->index)
			break;
	}
	if (rc == SDT_OK && !j->wave && sdt_reader_wave(r) &&
	    !(j->wave = sdt_strdup(sdt_reader_wave(r))))
		rc = sdt_fail_nomem();
done:
	sdt_reader_free(r);
	return rc;
}

static void *job_main(void *arg)
{
	job *j = arg;
	par_state *ps = j->ps;
	size_t seen, f;
	int rc;

	rc = sdt_take_init(&j->take, &ps->run, j->sinks, ps->n_sinks);
	for (f = j->file; f < j->file + j->n_files && rc == SDT_OK; f++)
		rc = job_file(j, f);
	j->rc = rc;
	if (rc == SDT_OK)
		return NULL;
	/* The message lives in this thread's error state: keep a copy. */
	j->kind = sdt_error_kind();
	j->kind_arg = sdt_strdup(sdt_error_kind_arg());
	j->msg = sdt_strdup(sdt_error_message());
	seen = atomic_load(&ps->failed);
	while (j->index < seen &&
	       !atomic_compare_exchange_weak(&ps->failed, &seen, j->index))
		;
	return NULL;
}

static void job_free(job *j)
{
	size_t k;

	if (j->index > 0 && j->sinks) /* job 0's are the caller's */
		for (k = 0; k < j->ps->n_sinks; k++)
			if (j->sinks[k].ctx)
				j->sinks[k].ops->free(j->sinks[k].ctx);
	if (j->index > 0)
		sdt_free(j->sinks);
	sdt_take_free(&j->take);
	sdt_free(j->wave);
	sdt_free(j->msg);
	sdt_free(j->kind_arg);
	memset(j, 0, sizeof *j);
}

/* A job's sinks, on this thread before any job of its group starts:
 * the first job feeds the caller's, every other one empty copies. */
static int job_sinks(job *j)
{
	par_state *ps = j->ps;
	size_t k;
	int rc = SDT_OK;

	if (j->index == 0) {
		j->sinks = (sdt_sink *)ps->sinks;
		return SDT_OK;
	}
	if (!(j->sinks = sdt_calloc(ps->n_sinks ? ps->n_sinks : 1, sizeof *j->sinks)))
		return sdt_fail_nomem();
	for (k = 0; k < ps->n_sinks && rc == SDT_OK; k++) {
		j->sinks[k].ops = ps->sinks[k].ops;
		rc = ps->sinks[k].ops->clone(&j->sinks[k].ctx, ps->sinks[k].ctx);
	}
	return rc;
}

/* Run jobs [first, first + n) at once: one on this thread, the rest on
 * new ones (or here too, should a thread not start). */
static void run_group(par_state *ps, size_t first, size_t n, pthread_t *tid,
                      int *started)
{
	size_t k;

	for (k = 1; k < n; k++)
		started[k] = pthread_create(&tid[k], NULL, job_main,
		                            &ps->jobs[first + k]) == 0;
	job_main(&ps->jobs[first]);
	for (k = 1; k < n; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			job_main(&ps->jobs[first + k]);
	}
}

/* ---- taking the jobs in order ---- */

typedef struct par_out {
	sdt_idset *seen; /* ids of the jobs taken so far */
	sdt_run_counts *counts;
	char **wave;
} par_out;

/* A job's ids against those of earlier jobs, in the order it read them,
 * so the first clash is the one a single pass would report. */
static int cross_check(const par_state *ps, const job *j, const sdt_idset *seen)
{
	size_t i, n = j->take.seen ? sdt_idset_count(j->take.seen) : 0;
	sdt_idpos pos, prev;
	const char *id;

	for (i = 0; seen && i < n; i++) {
		id = sdt_idset_at(j->take.seen, i, &pos);
		if (sdt_idset_get(seen, id, &prev))
			return sdt_take_dup_error(&ps->run, id, pos.file, pos.line, &prev);
	}
	return SDT_OK;
}

static int keep_ids(par_out *o, job *j, int last)
{
	size_t i, n = sdt_idset_count(j->take.seen);
	sdt_idpos pos;
	const char *id;
	int existed, rc = SDT_OK;

	if (!o->seen) { /* the first job's set becomes the run's */
		o->seen = j->take.seen;
		j->take.seen = NULL;
		return SDT_OK;
	}
	for (i = 0; !last && i < n && rc == SDT_OK; i++) {
		id = sdt_idset_at(j->take.seen, i, &pos);
		rc = sdt_idset_put(o->seen, id, pos.file, pos.line, 0, &existed, NULL);
	}
	return rc;
}

static void counts_add(sdt_run_counts *c, const sdt_run_counts *j)
{
	size_t k;

	c->read += j->read;
	c->accepted += j->accepted;
	c->scored += j->scored;
	c->left_out += j->left_out;
	c->invalid_values += j->invalid_values;
	c->unknown_items += j->unknown_items;
	c->careless += j->careless;
	for (k = 0; k < SDT_CARELESS_N_RULES; k++)
		c->careless_rule[k] += j->careless_rule[k];
	c->duration_missing += j->duration_missing;
	c->duration_bad += j->duration_bad;
}

static int settle(par_state *ps, job *j, par_out *o, int last)
{
	size_t k;
	int rc;

	if ((rc = cross_check(ps, j, o->seen)) != SDT_OK)
		return rc;
	counts_add(o->counts, &j->take.counts);
	if (j->rc != SDT_OK) {
		sdt_fail(j->rc, "%s", j->msg ? j->msg : sdt_strerror(j->rc));
		sdt_error_set_kind(j->kind, j->kind_arg);
		return j->rc;
	}
	for (k = 0; j->index > 0 && k < ps->n_sinks; k++)
		if ((rc = ps->sinks[k].ops->merge(ps->sinks[k].ctx, j->sinks[k].ctx)) != SDT_OK)
			return rc;
	if (ps->n_jobs > 1 && (rc = keep_ids(o, j, last)) != SDT_OK)
		return rc;
	if (o->wave && !*o->wave && j->wave) {
		*o->wave = j->wave;
		j->wave = NULL;
	}
	job_free(j);
	return SDT_OK;
}

static int run_jobs(par_state *ps, par_out *o)
{
	pthread_t *tid = sdt_calloc(ps->threads, sizeof *tid);
	int *started = sdt_calloc(ps->threads, sizeof *started);
	size_t first, n = 0, k;
	int rc = SDT_OK;

	if (!tid || !started) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (first = 0; first < ps->n_jobs && rc == SDT_OK; first += n) {
		n = ps->n_jobs - first < ps->threads ? ps->n_jobs - first : ps->threads;
		for (k = first; k < first + n && rc == SDT_OK; k++)
			rc = job_sinks(&ps->jobs[k]);
		if (rc != SDT_OK)
			break;
		run_group(ps, first, n, tid, started);
		for (k = first; k < first + n && rc == SDT_OK; k++)
			rc = settle(ps, &ps->jobs[k], o, k + 1 == ps->n_jobs);
	}
done:
	sdt_free(tid);
	sdt_free(started);
	return rc;
}

/* ---- the run ---- */

/* Whether the run may have several jobs: the duplicate policy and the
 * careless rules do not depend on reading order, and every sink merges. */
static int splits(const par_state *ps)
{
	size_t k;

	if (ps->threads < 2 || ps->run.opt->duplicates != SDT_DUPLICATES_ERROR ||
	    ps->run.opt->careless)
		return 0;
	for (k = 0; k < ps->n_sinks; k++)
		if (!ps->sinks[k].ops->clone || !ps->sinks[k].ops->merge)
			return 0;
	return 1;
}

static int plan(par_state *ps)
{
	size_t f;
	int rc = SDT_OK;

	if (!splits(ps))
		return push_job(ps, 0, ps->run.n_paths, NULL);
	for (f = 0; f < ps->run.n_paths && rc == SDT_OK; f++)
		rc = plan_file(ps, f);
	return rc;
}

int sdt_pipeline_run(const sdt_instrument *ins, const char *const *paths,
                     size_t n_paths, const sdt_run_options *opt, size_t threads,
                     const sdt_sink *sinks, size_t n_sinks,
                     sdt_reject_fn on_reject, void *ctx,
                     sdt_run_counts *counts, char **wave)
{
	static const sdt_run_options defaults = SDT_RUN_OPTIONS_INIT;
	sdt_run_counts local;
	par_state ps;
	par_out o = {NULL, counts ? counts : &local, wave};
	size_t f;
	int rc;

	memset(&ps, 0, sizeof ps);
	ps.run.ins = ins;
	ps.run.paths = paths;
	ps.run.n_paths = n_paths;
	ps.run.opt = opt ? opt : &defaults;
	ps.run.on_reject = on_reject;
	ps.run.ctx = ctx;
	ps.threads = threads ? threads : sdt_cpu_count();
	ps.sinks = sinks;
	ps.n_sinks = sinks ? n_sinks : 0;
	atomic_init(&ps.failed, SIZE_MAX);
	memset(o.counts, 0, sizeof *o.counts);
	if (wave)
		*wave = NULL;
	for (f = 0, rc = SDT_OK; f < ps.n_sinks && rc == SDT_OK; f++)
		if (!sinks[f].ops || !sinks[f].ops->add)
			rc = sdt_fail(SDT_EUSAGE, "sdt_pipeline_run: sink %zu has no add", f);
	if (rc == SDT_OK && (!ins || (n_paths && !paths)))
		rc = sdt_fail(SDT_EUSAGE, "sdt_pipeline_run: NULL instrument or paths");
	if (rc == SDT_OK && (rc = sdt_check_run_options(opt)) == SDT_OK &&
	    (rc = sdt_take_run_prepare(&ps.run)) == SDT_OK && (rc = plan(&ps)) == SDT_OK)
		rc = run_jobs(&ps, &o);
	o.counts->mahalanobis_cutoff = ps.run.mahalanobis_cutoff;
	o.counts->speeder_seconds = sdt_run_speeder_seconds(ps.run.opt);
	for (f = 0; f < ps.n_jobs; f++)
		job_free(&ps.jobs[f]);
	sdt_free(ps.jobs);
	sdt_idset_free(o.seen);
	sdt_take_run_free(&ps.run);
	if (rc != SDT_OK && wave) {
		sdt_free(*wave);
		*wave = NULL;
	}
	return rc;
}

/* ---- the library's sinks without a module of their own ---- */

static int accum_clone(void **out, const void *like)
{
	return sdt_accum_new((sdt_accum **)out, ((const sdt_accum *)like)->ins);
}

static int accum_add(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	return sdt_accum_add(ctx, r, s);
}

static int accum_merge(void *into, void *from)
{
	return sdt_accum_merge(into, from);
}

static void accum_free(void *ctx)
{
	sdt_accum_free(ctx);
}

sdt_sink sdt_sink_accum(sdt_accum *acc)
{
	static const sdt_sink_ops ops = {accum_clone, accum_add, accum_merge, accum_free};
	sdt_sink s = {&ops, acc};

	return s;
}

static int gacc_clone(void **out, const void *like)
{
	return sdt_groupacc_new_like((sdt_groupacc **)out, like);
}

static int gacc_add(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	return sdt_groupacc_add(ctx, r, s);
}

static int gacc_merge(void *into, void *from)
{
	return sdt_groupacc_merge(into, from);
}

static void gacc_free(void *ctx)
{
	sdt_groupacc_free(ctx);
}

sdt_sink sdt_sink_groupacc(sdt_groupacc *acc)
{
	static const sdt_sink_ops ops = {gacc_clone, gacc_add, gacc_merge, gacc_free};
	sdt_sink s = {&ops, acc};

	return s;
}

int sdt_run_parallel(const sdt_instrument *ins, const char *const *paths,
                     size_t n_paths, const sdt_run_options *opt,
                     size_t threads, sdt_accum *acc, sdt_groupacc *groups,
                     sdt_reject_fn on_reject, void *ctx,
                     sdt_run_counts *counts, char **wave)
{
	sdt_sink sinks[2];
	size_t n = 0;

	if (acc)
		sinks[n++] = sdt_sink_accum(acc);
	if (groups)
		sinks[n++] = sdt_sink_groupacc(groups);
	return sdt_pipeline_run(ins, paths, n_paths, opt, threads, sinks, n, on_reject, ctx,
	                        counts, wave);
}
