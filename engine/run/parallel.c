/*
 * parallel.c - a statistics run split over threads (sdt_parallel.h).
 *
 * Each splittable file is cut into byte ranges at line (CSV: record)
 * boundaries; a job reads one range (or one whole file) with its own
 * reader, id set, scores and accumulators. Jobs run a group at a time, and
 * the main thread then takes them in file order: ids are checked against
 * those of earlier jobs, so a duplicate across ranges is the error a single
 * pass would give, and the earliest job's error wins, so messages do not
 * depend on the number of threads. Partial accumulators merge exactly
 * (Chan et al.), in the order a single pass would have seen the rows.
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
#include "idset.h"
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
	size_t file;
	int ranged;
	sdt_read_range range;
	sdt_accum *acc;
	sdt_groupacc *groups;
	sdt_idset *ids;
	sdt_scores *scores;
	sdt_run_counts counts;
	char *wave;
	int rc;
	char *msg; /* the job thread's error message (messages are per thread) */
	const char *kind; /* ... its kind (static), */
	char *kind_arg;   /* ... and the kind's argument */
} job;

struct par_state {
	const sdt_instrument *ins;
	const char *const *paths;
	size_t n_paths;
	const sdt_run_options *opt;
	size_t threads;
	const sdt_groupacc *groups; /* the caller's: its by-attributes, or NULL */
	atomic_size_t failed; /* lowest index of a failed job, or SIZE_MAX */
	job *jobs;
	size_t n_jobs, cap_jobs;
};

size_t sdt_cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (size_t)n : 1;
}

/* ---- one pass, for what cannot be split ---- */

/* The context of both callbacks of sdt_run_files (see single_fwd). */
typedef struct single_ctx {
	sdt_accum *acc;
	sdt_groupacc *groups;
} single_ctx;

static int single_add(void *vctx, const sdt_response *r, const sdt_scores *s)
{
	single_ctx *c = vctx;
	int rc = SDT_OK;

	if (c->acc)
		rc = sdt_accum_add(c->acc, r, s);
	if (rc == SDT_OK && c->groups)
		rc = sdt_groupacc_add(c->groups, r, s);
	return rc;
}

/* ---- planning: where to cut each file ---- */

static sdt_format file_format(const par_state *ps, size_t f)
{
	sdt_format fmt = ps->opt->read.format;

	return fmt == SDT_FORMAT_AUTO ? sdt_format_from_path(ps->paths[f]) : fmt;
}

static int push_job(par_state *ps, size_t f, const sdt_read_range *range)
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
	const sdt_read_options *ro = &ps->opt->read;
	sdt_format fmt = file_format(ps, f);

	if (fmt != SDT_FORMAT_NDJSON && fmt != SDT_FORMAT_CSV)
		return 0;
	if (ro->map || ro->layout != 0 || ro->layout_given || ro->encoding ||
	    ro->header_row || ro->n_skip_rows ||
	    strcmp(ps->paths[f], "-") == 0)
		return 0;
	return stat(ps->paths[f], st) == 0 && S_ISREG(st->st_mode);
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
		return push_job(ps, f, NULL);
	c.size = (long long)st.st_size;
	c.n = ps->threads < PAR_MAX_SPLIT ? ps->threads : PAR_MAX_SPLIT;
	if ((long long)c.n > c.size / PAR_MIN_CHUNK)
		c.n = (size_t)(c.size / PAR_MIN_CHUNK);
	if (c.n >= 2)
		scan_file(&c, ps->paths[f], csv);
	if (c.n < 2 || c.give_up || c.found == 0)
		return push_job(ps, f, NULL);
	for (k = 0; k <= c.found && rc == SDT_OK; k++) {
		rg.start = k ? c.at[k - 1] : 0;
		rg.end = k < c.found ? c.at[k] : c.size;
		rg.first_line = k ? c.line[k - 1] : 0;
		rg.first_phys = k ? c.phys[k - 1] : 0;
		rg.header_end = k && csv ? c.header_end : 0;
		rc = push_job(ps, f, &rg);
	}
	return rc;
}

/* ---- jobs ---- */

/* "file:12", the physical line, whatever the format (as run.c says). */
static void place(char *buf, size_t n, const par_state *ps, size_t f,
                  unsigned long line)
{
	snprintf(buf, n, "%s:%lu", ps->paths[f], line);
}

static int dup_error(const par_state *ps, const char *id, size_t f,
                     unsigned long line, const sdt_idpos *prev)
{
	char a[512], b[512];

	place(a, sizeof a, ps, f, line);
	place(b, sizeof b, ps, prev->file, prev->line);
	sdt_fail(SDT_EDATA, "%s: duplicate respondent id '%s', first seen at %s", a,
	         id, b);
	sdt_error_set_kind("duplicate_id", ps->paths[f]);
	return SDT_EDATA;
}

/* One response, as run.c takes it under the error policy. */
static int job_take(job *j, const sdt_response *resp)
{
	const par_state *ps = j->ps;
	sdt_idpos prev;
	int existed, rc;

	j->counts.read++;
	if ((rc = sdt_idset_put(j->ids, resp->id, (unsigned)j->file, resp->line, 0,
	                        &existed, &prev)) != SDT_OK)
		return rc;
	if (existed)
		return dup_error(ps, resp->id, j->file, resp->line, &prev);
	j->counts.accepted++;
	j->counts.invalid_values += resp->n_invalid;
	j->counts.unknown_items += resp->n_unknown;
	sdt_score_response(j->scores, ps->ins, resp);
	if (j->scores->n_scored > 0)
		j->counts.scored++;
	rc = sdt_accum_add(j->acc, resp, j->scores);
	if (rc == SDT_OK && j->groups)
		rc = sdt_groupacc_add(j->groups, resp, j->scores);
	return rc;
}

static int job_read(job *j)
{
	par_state *ps = j->ps;
	const char *path = ps->paths[j->file];
	const sdt_response *resp;
	sdt_reader *r = NULL;
	size_t rows = 0;
	int rc;

	rc = j->ranged ? sdt_reader_open_range(&r, ps->ins, path, &ps->opt->read, &j->range)
	               : sdt_reader_open(&r, ps->ins, path, &ps->opt->read);
	if (rc != SDT_OK)
		goto done;
	while ((rc = sdt_reader_next(r, &resp)) == SDT_OK && resp) {
		if ((rc = job_take(j, resp)) != SDT_OK)
			break;
		/* An earlier job failed: this one's figures will not be used. */
		if (++rows % PAR_CHECK_EVERY == 0 && atomic_load(&ps->failed) < j->index)
			break;
	}
	if (rc == SDT_OK && sdt_reader_wave(r) && !(j->wave = sdt_strdup(sdt_reader_wave(r))))
		rc = sdt_fail_nomem();
done:
	sdt_reader_free(r);
	return rc;
}

static void *job_main(void *arg)
{
	job *j = arg;
	par_state *ps = j->ps;
	size_t seen;
	int rc;

	if ((rc = sdt_accum_new(&j->acc, ps->ins)) == SDT_OK &&
	    (rc = sdt_idset_new(&j->ids)) == SDT_OK &&
	    (rc = sdt_scores_new(&j->scores, ps->ins)) == SDT_OK &&
	    (!ps->groups || (rc = sdt_groupacc_new_like(&j->groups, ps->groups)) == SDT_OK))
		rc = job_read(j);
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
	sdt_accum_free(j->acc);
	sdt_groupacc_free(j->groups);
	sdt_idset_free(j->ids);
	sdt_scores_free(j->scores);
	sdt_free(j->wave);
	sdt_free(j->msg);
	sdt_free(j->kind_arg);
	memset(j, 0, sizeof *j);
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
	sdt_accum *acc;
	sdt_groupacc *groups;
	sdt_run_counts *counts;
	char **wave;
} par_out;

/* A job's ids against those of earlier jobs, in the order it read them,
 * so the first clash is the one a single pass would report. */
static int cross_check(const par_state *ps, const job *j, const sdt_idset *seen)
{
	size_t i, n = sdt_idset_count(j->ids);
	sdt_idpos pos, prev;
	const char *id;

	for (i = 0; seen && i < n; i++) {
		id = sdt_idset_at(j->ids, i, &pos);
		if (sdt_idset_get(seen, id, &prev))
			return dup_error(ps, id, pos.file, pos.line, &prev);
	}
	return SDT_OK;
}

static int keep_ids(par_out *o, job *j, int last)
{
	size_t i, n = sdt_idset_count(j->ids);
	sdt_idpos pos;
	const char *id;
	int existed, rc = SDT_OK;

	if (!o->seen) { /* the first job's set becomes the run's */
		o->seen = j->ids;
		j->ids = NULL;
		return SDT_OK;
	}
	for (i = 0; !last && i < n && rc == SDT_OK; i++) {
		id = sdt_idset_at(j->ids, i, &pos);
		rc = sdt_idset_put(o->seen, id, pos.file, pos.line, 0, &existed, NULL);
	}
	return rc;
}

static int settle(par_state *ps, job *j, par_out *o, int last)
{
	sdt_run_counts *c = o->counts;
	int rc;

	if ((rc = cross_check(ps, j, o->seen)) != SDT_OK)
		return rc;
	if (j->rc != SDT_OK) {
		sdt_fail(j->rc, "%s", j->msg ? j->msg : sdt_strerror(j->rc));
		sdt_error_set_kind(j->kind, j->kind_arg);
		return j->rc;
	}
	if ((o->acc && (rc = sdt_accum_merge(o->acc, j->acc)) != SDT_OK) ||
	    (o->groups && (rc = sdt_groupacc_merge(o->groups, j->groups)) != SDT_OK) ||
	    (rc = keep_ids(o, j, last)) != SDT_OK)
		return rc;
	c->read += j->counts.read;
	c->accepted += j->counts.accepted;
	c->scored += j->counts.scored;
	c->invalid_values += j->counts.invalid_values;
	c->unknown_items += j->counts.unknown_items;
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
	size_t first, n, k;
	int rc = SDT_OK;

	if (!tid || !started) {
		rc = sdt_fail_nomem();
		goto done;
	}
	for (first = 0; first < ps->n_jobs && rc == SDT_OK; first += n) {
		n = ps->n_jobs - first < ps->threads ? ps->n_jobs - first : ps->threads;
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

typedef struct single_fwd {
	single_ctx add;
	sdt_reject_fn on_reject;
	void *ctx;
} single_fwd;

static int single_reject(void *vctx, const char *file, unsigned long line,
                         const char *id, const char *reason)
{
	single_fwd *f = vctx;

	return f->on_reject ? sdt_user_stop(f->on_reject(f->ctx, file, line, id, reason)) : SDT_OK;
}

int sdt_run_parallel(const sdt_instrument *ins, const char *const *paths,
                     size_t n_paths, const sdt_run_options *opt,
                     size_t threads, sdt_accum *acc, sdt_groupacc *groups,
                     sdt_reject_fn on_reject, void *ctx,
                     sdt_run_counts *counts, char **wave)
{
	static const sdt_run_options defaults = SDT_RUN_OPTIONS_INIT;
	sdt_run_counts local;
	single_fwd fwd = {{acc, groups}, on_reject, ctx};
	par_state ps;
	par_out o = {NULL, acc, groups, counts ? counts : &local, wave};
	size_t f;
	int rc = SDT_OK;

	memset(&ps, 0, sizeof ps);
	ps.ins = ins;
	ps.paths = paths;
	ps.n_paths = n_paths;
	ps.opt = opt ? opt : &defaults;
	ps.threads = threads ? threads : sdt_cpu_count();
	ps.groups = groups;
	atomic_init(&ps.failed, SIZE_MAX);
	memset(o.counts, 0, sizeof *o.counts);
	if (wave)
		*wave = NULL;
	rc = sdt_check_run_options(opt);
	/* Which duplicate is kept depends on reading order: one pass. */
	/* Careless exclusions are reported one by one, in order: one pass. */
	if (ps.threads > 1 && ps.opt->duplicates == SDT_DUPLICATES_ERROR && !ps.opt->careless)
		for (f = 0; f < n_paths && rc == SDT_OK; f++)
			rc = plan_file(&ps, f);
	if (rc == SDT_OK && ps.n_jobs > 1)
		rc = run_jobs(&ps, &o);
	else if (rc == SDT_OK)
		rc = sdt_run_files(ins, paths, n_paths, ps.opt, single_add,
		                   single_reject, &fwd, o.counts, wave);
	for (f = 0; f < ps.n_jobs; f++)
		job_free(&ps.jobs[f]);
	sdt_free(ps.jobs);
	sdt_idset_free(o.seen);
	if (rc != SDT_OK && wave) {
		sdt_free(*wave);
		*wave = NULL;
	}
	return rc;
}
