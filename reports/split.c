/*
 * split.c - supervisor workbooks: one per visible team or per visible
 * group at a level, each rendering only its own branch of the hierarchy
 * through the same writer as the full workbook, under a file name that
 * is safe on every common file system.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rep_engine.h"
#include "sheet.h"

#define NAME_MAX_BYTES 100
#define SUFFIX_ROOM 4 /* "-NNN" to make a name unique */
#define EXT ".xlsx"

/* ASCII look-alike of common Latin letters (2-byte UTF-8), else 0. */
static char fold_latin(unsigned char a, unsigned char b)
{
	static const char c3[64] =
		"AAAAAAACEEEEIIII" "DNOOOOOxOUUUUYTs" "aaaaaaaceeeeiiii" "dnooooo_ouuuuyty";

	if (a == 0xC3 && b >= 0x80 && b <= 0xBF)
		return c3[b - 0x80] == 'x' || c3[b - 0x80] == '_' ? 0 : c3[b - 0x80];
	return 0;
}

static int reserved_stem(const char *s)
{
	static const char *const names[] = {"con", "prn", "aux", "nul", NULL};
	char low[8];
	size_t i, n = strlen(s);

	if (n > 4)
		return 0;
	for (i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = '\0';
	for (i = 0; names[i]; i++)
		if (!strcmp(low, names[i]))
			return 1;
	return n == 4 && (!strncmp(low, "com", 3) || !strncmp(low, "lpt", 3)) &&
	       isdigit((unsigned char)low[3]);
}

/* Letters, digits and '-' are kept (Latin letters folded to ASCII); every
 * other run of bytes becomes one '_'. So no separator, dot, control or
 * reserved character ever reaches the file system. */
static size_t make_stem(char *out, size_t max, const char *path)
{
	const unsigned char *p = (const unsigned char *)path;
	size_t o = 0;
	char c;

	for (; *p && o < max; p++) {
		c = 0;
		if ((*p < 0x80 && isalnum(*p)) || *p == '-')
			c = (char)*p;
		else if (*p >= 0xC0 && p[1])
			c = fold_latin(p[0], p[1]);
		if (*p >= 0xC0)
			while ((p[1] & 0xC0) == 0x80)
				p++;
		if (!c)
			c = '_';
		if (c == '_' && (o == 0 || out[o - 1] == '_'))
			continue;
		out[o++] = c;
	}
	while (o > 0 && out[o - 1] == '_')
		o--;
	out[o] = '\0';
	return o;
}

int sdt_report_file_name(char *buf, size_t size, const char *path)
{
	char stem[NAME_MAX_BYTES];
	size_t max = NAME_MAX_BYTES - strlen(EXT) - SUFFIX_ROOM - 2;

	if (size < NAME_MAX_BYTES + 1)
		return -1;
	if (make_stem(stem, max, path ? path : "") == 0)
		strcpy(stem, "group");
	snprintf(buf, size, "%s%s%s", reserved_stem(stem) ? "g_" : "", stem, EXT);
	return 0;
}

/* Case-insensitively unique among the names given so far (file systems on
 * Windows and macOS ignore case): "-2", "-3", ... before the extension. */
static int unique_name(char *name, char **used, size_t n_used)
{
	char base[NAME_MAX_BYTES + 1], cand[NAME_MAX_BYTES + 16];
	size_t i, len = strlen(name) - strlen(EXT);
	unsigned k;
	int clash;

	memcpy(base, name, len);
	base[len] = '\0';
	strcpy(cand, name);
	for (k = 2; k < 1000; k++) {
		for (clash = 0, i = 0; i < n_used && !clash; i++)
			clash = strcasecmp(used[i], cand) == 0;
		if (!clash) {
			strcpy(name, cand);
			return 0;
		}
		snprintf(cand, sizeof cand, "%s-%u%s", base, k, EXT);
	}
	return sdt_fail(SDT_ELIMIT, "split: too many groups named like '%s'", base);
}

typedef struct split_spec {
	int by_level;
	size_t level;
} split_spec;

static int parse_spec(split_spec *sp, const char *spec)
{
	const char *d;
	char *end;
	unsigned long v;

	memset(sp, 0, sizeof *sp);
	if (spec && !strcmp(spec, "team"))
		return SDT_OK;
	if (spec && !strncmp(spec, "level:", 6)) {
		d = spec + 6;
		errno = 0;
		v = strtoul(d, &end, 10);
		if (isdigit((unsigned char)*d) && !*end && !errno) {
			sp->by_level = 1;
			sp->level = (size_t)v;
			return SDT_OK;
		}
	}
	return sdt_fail(SDT_EUSAGE, "split: unknown split '%s' (team or level:N)",
	                spec ? spec : "");
}

/* A group the split is about (visible or not). */
static int in_split(const sdt_groups *g, const split_spec *sp, size_t i)
{
	const sdt_group *x = &g->groups[i];

	if (sp->by_level)
		return x->depth == sp->level;
	return x->depth >= 1 && x->n_direct > 0;
}

static int is_target(const sdt_groups *g, const split_spec *sp, size_t i)
{
	return !g->groups[i].hidden && in_split(g, sp, i);
}

int sdt_report_split_skipped(const sdt_report_input *in, const char *spec,
                             void (*skipped)(void *ctx, const sdt_group *group), void *ctx)
{
	split_spec sp;
	size_t i;
	int err;

	if ((err = parse_spec(&sp, spec)) != SDT_OK ||
	    (err = SDT_CHECK_OPTIONS(in, sdt_report_input, SDT_REPORT_INPUT)) != SDT_OK)
		return err;
	for (i = 0; in && in->groups && i < in->groups->n_groups; i++)
		if (in->groups->groups[i].hidden && in_split(in->groups, &sp, i))
			skipped(ctx, &in->groups->groups[i]);
	return SDT_OK;
}

/* The branch of group t: its ancestors, itself and (by level) its
 * descendants. Never a sibling. */
static void branch_mask(unsigned char *mask, const sdt_groups *g,
                        const split_spec *sp, size_t t)
{
	long a;
	size_t j;

	memset(mask, 0, g->n_groups);
	for (a = (long)t; a >= 0; a = g->groups[a].parent)
		mask[a] = 1;
	for (j = t + 1; sp->by_level && j < g->n_groups &&
	     g->groups[j].depth > g->groups[t].depth; j++)
		mask[j] = 1;
}

static int write_one(const sdt_report_input *in, const unsigned char *mask,
                     long focus, const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *path = sdt_malloc(n);
	int err;

	if (!path)
		return sdt_fail_nomem();
	snprintf(path, n, "%s/%s", dir, name);
	err = sdt_report_write_for(in, mask, focus, path);
	sdt_free(path);
	return err;
}

static int check_dir(const char *dir)
{
	struct stat st;

	if (!dir || !*dir)
		return sdt_fail(SDT_EUSAGE, "split: an output directory is required");
	if (stat(dir, &st) != 0)
		return sdt_fail(SDT_EIO, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sdt_fail(SDT_EUSAGE, "%s: not a directory", dir);
	return SDT_OK;
}

/* The workbooks of a split, in group order, and the pool writing them. */
typedef struct split_job {
	const sdt_report_input *in;
	const split_spec *sp;
	const char *dir;
	size_t *target;         /* group index of each workbook */
	char **name;            /* its unique file name */
	unsigned char *written; /* 1 once its file is in place */
	size_t n;
	atomic_size_t next;     /* the next workbook to start */
	/* the lowest failed workbook (n: none) with its error, under lock */
	pthread_mutex_t lock;
	size_t failed;
	int err;
	char message[1024];
} split_job;

/* The targets and their file names, made unique in group order so that
 * the names never depend on the threads. */
static int plan(split_job *j, size_t ng)
{
	size_t i;
	int err;

	j->target = sdt_calloc(ng ? ng : 1, sizeof *j->target);
	j->name = sdt_calloc(ng ? ng : 1, sizeof *j->name);
	j->written = sdt_calloc(ng ? ng : 1, 1);
	if (!j->target || !j->name || !j->written)
		return sdt_fail_nomem();
	for (i = 0; i < ng; i++) {
		char name[NAME_MAX_BYTES + 16];

		if (!is_target(j->in->groups, j->sp, i))
			continue;
		sdt_report_file_name(name, sizeof name, j->in->groups->groups[i].path);
		if ((err = unique_name(name, j->name, j->n)) != SDT_OK)
			return err;
		if (!(j->name[j->n] = sdt_strdup(name)))
			return sdt_fail_nomem();
		j->target[j->n++] = i;
	}
	return SDT_OK;
}

/* Workbook k failed with this thread's error: keep it if it is the
 * lowest so far, as one thread writing them in order would report it. */
static void record_failure(split_job *j, size_t k, int err)
{
	pthread_mutex_lock(&j->lock);
	if (k < j->failed) {
		j->failed = k;
		j->err = err;
		snprintf(j->message, sizeof j->message, "%s", sdt_error_message());
	}
	pthread_mutex_unlock(&j->lock);
}

static void *split_worker(void *arg)
{
	split_job *j = arg;
	unsigned char *mask = sdt_malloc(j->in->groups->n_groups);
	size_t k, failed;
	int err;

	for (;;) {
		k = atomic_fetch_add(&j->next, 1);
		pthread_mutex_lock(&j->lock);
		failed = j->failed;
		pthread_mutex_unlock(&j->lock);
		/* after a failure only the workbooks before it still matter */
		if (k >= j->n || k > failed)
			break;
		if (!mask) {
			record_failure(j, k, sdt_fail_nomem());
			break;
		}
		branch_mask(mask, j->in->groups, j->sp, j->target[k]);
		err = write_one(j->in, mask, (long)j->target[k], j->dir, j->name[k]);
		if (err)
			record_failure(j, k, err);
		else
			j->written[k] = 1;
	}
	sdt_free(mask);
	return NULL;
}

static void job_free(split_job *j)
{
	size_t i;

	for (i = 0; j->name && i < j->n; i++)
		sdt_free(j->name[i]);
	sdt_free(j->name);
	sdt_free(j->target);
	sdt_free(j->written);
}

/* Every workbook fits Excel before the first is written. */
static int check_all(split_job *j)
{
	size_t len = strlen(j->dir) + NAME_MAX_BYTES + 18, k;
	unsigned char *mask = sdt_malloc(j->in->groups->n_groups);
	char *path = sdt_malloc(len);
	int err = mask && path ? SDT_OK : sdt_fail_nomem();

	for (k = 0; !err && k < j->n; k++) {
		branch_mask(mask, j->in->groups, j->sp, j->target[k]);
		snprintf(path, len, "%s/%s", j->dir, j->name[k]);
		err = sdt_rep_check_limits(j->in, mask, path);
	}
	sdt_free(path);
	sdt_free(mask);
	return err;
}

/* Each thread builds workbooks of its own: libxlsxwriter (1.1) keeps a
 * workbook's state in the workbook, and its only shared writes are
 * tmpfileplus's name seed (an unlocked counter: two threads may try the
 * same random name, which O_CREAT|O_EXCL refuses, and the next try differs)
 * and gmtime()'s buffer for the document's date, which every workbook of a
 * run fills with the same date. helgrind reports nothing else (a split and
 * a batch of two at two threads); the temporaries' table
 * (sdt_output_track) and error messages (per thread) are the library's.
 *
 * Write them on `threads` threads (the calling one among them); on a
 * failure the lowest failing workbook's error is returned and every
 * workbook of this split is removed again: all of them or none. */
static int write_all(split_job *j, size_t threads)
{
	pthread_t tid[SDT_REPORT_SPLIT_MAX_THREADS];
	size_t k, started = 0, n = threads ? threads : 1;
	char *path;

	if (n > SDT_REPORT_SPLIT_MAX_THREADS)
		n = SDT_REPORT_SPLIT_MAX_THREADS;
	if (n > j->n)
		n = j->n ? j->n : 1;
	j->failed = j->n;
	for (k = 1; k < n; k++)
		if (pthread_create(&tid[started], NULL, split_worker, j) == 0)
			started++;
	split_worker(j);
	for (k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	if (j->failed == j->n)
		return SDT_OK;
	for (k = 0; k < j->n; k++) {
		size_t len = strlen(j->dir) + strlen(j->name[k]) + 2;

		if (!j->written[k] || !(path = sdt_malloc(len)))
			continue;
		snprintf(path, len, "%s/%s", j->dir, j->name[k]);
		unlink(path);
		sdt_free(path);
	}
	return sdt_fail(j->err, "%s", j->message);
}

int sdt_report_check(const sdt_report_input *in, const char *spec, const char *path)
{
	split_spec sp;
	split_job j;
	unsigned char *mask;
	int err;

	if (!in || !in->ins || !in->groups || !path)
		return sdt_fail(SDT_EUSAGE, "report: instrument, groups and output path are required");
	if ((err = SDT_CHECK_OPTIONS(in, sdt_report_input, SDT_REPORT_INPUT)) != SDT_OK)
		return err;
	if (!spec) {
		if (!(mask = sdt_malloc(in->groups->n_groups + 1)))
			return sdt_fail_nomem();
		memset(mask, 1, in->groups->n_groups + 1);
		err = sdt_rep_check_limits(in, mask, path);
		sdt_free(mask);
		return err;
	}
	if ((err = parse_spec(&sp, spec)) != SDT_OK)
		return err;
	memset(&j, 0, sizeof j);
	j.in = in;
	j.sp = &sp;
	j.dir = path;
	if ((err = plan(&j, in->groups->n_groups)) == SDT_OK)
		err = check_all(&j);
	job_free(&j);
	return err;
}

int sdt_report_split(const sdt_report_input *in, const char *spec,
                     const char *dir, size_t *n_written)
{
	return sdt_report_split_threads(in, spec, dir, 1, n_written);
}

int sdt_report_split_threads(const sdt_report_input *in, const char *spec,
                             const char *dir, size_t threads, size_t *n_written)
{
	split_spec sp;
	split_job j;
	int err;

	if (n_written)
		*n_written = 0;
	if ((err = parse_spec(&sp, spec)) || (err = check_dir(dir)))
		return err;
	if (!in || !in->groups)
		return sdt_fail(SDT_EUSAGE, "split: no groups to report");
	if ((err = SDT_CHECK_OPTIONS(in, sdt_report_input, SDT_REPORT_INPUT)) != SDT_OK)
		return err;
	memset(&j, 0, sizeof j);
	j.in = in;
	j.sp = &sp;
	j.dir = dir;
	pthread_mutex_init(&j.lock, NULL);
	if ((err = plan(&j, in->groups->n_groups)) == SDT_OK &&
	    (err = check_all(&j)) == SDT_OK &&
	    (err = write_all(&j, threads)) == SDT_OK && n_written)
		*n_written = j.n;
	job_free(&j);
	pthread_mutex_destroy(&j.lock);
	return err;
}
