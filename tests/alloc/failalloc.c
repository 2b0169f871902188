/*
 * failalloc.c - every allocation along the engine's main paths fails in
 * turn, as in SQLite's malloc tests: for each k the k-th allocation of a
 * run returns NULL (once, then again with every later one failing too),
 * and the run must come back with SDT_ENOMEM (or succeed, when the
 * allocations were optional, and then with exactly the result of a normal
 * run: each path folds what it produced into a digest), leave nothing
 * allocated and no temporary file, and not crash. Paths: instrument load, read + score (JSON, NDJSON,
 * CSV), stats, groups and breakdowns, the Excel report and the split
 * workbooks.
 *
 * malloc, calloc, realloc and free are defined here, forwarding to glibc's
 * __libc_* entry points, so allocations inside cJSON, libcsv, GSL,
 * libxlsxwriter and stdio fail too, not only the engine's own. Under
 * AddressSanitizer the sanitizer owns malloc, so the test then fails
 * allocations through the engine's hook (sdt_set_allocator) instead, and
 * the sanitizer watches for leaks and bad accesses.
 *
 * libxlsxwriter 1.1 is not safe against its own failed allocations (a
 * failed strdup in workbook_add_worksheet is dereferenced; a failed
 * workbook_set_properties leaves a freed pointer that lxw_workbook_free
 * frees again; failures while creating the file are reported as "cannot
 * create the file"). On the report path only the allocations of our own
 * code (the engine and reports/, linked into this binary) fail; the
 * library's are counted but left alone.
 *
 * Every k is tried up to FULL_LIMIT allocations; a longer path is tried
 * at every k up to SAMPLE_FROM and at SAMPLES evenly spread k beyond.
 * Prints "PASS alloc/<path>: ..." or "FAIL alloc/<path>: ..." per path.
 * Run with SHARED unset: the test writes its own small inputs.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sdt_report.h"
#include "sdtscore.h"

#if defined(__SANITIZE_ADDRESS__)
#define FA_HOOK 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FA_HOOK 1
#endif
#endif
#ifndef FA_HOOK
#define FA_HOOK 0
#endif

#define FULL_LIMIT 3000
#define SAMPLE_FROM 2000
#define SAMPLES 400
#define LIVE_SLOTS ((size_t)1 << 17)
#define TOMB ((void *)1)

/* --- counting allocator ---------------------------------------------------- */

static int armed;                 /* count (and maybe fail) allocations */
static unsigned long n_allocs;    /* allocations since armed */
static unsigned long fail_at;     /* 1-based; 0 = fail none */
static int persist;               /* fail every allocation from fail_at on */
static int did_fail;
static int own_only; /* count only allocations called from this binary */
static size_t n_live, n_live_overflow;
static void **live; /* open addressing; blocks allocated while armed */

/* A hash of the pointer, for the live table. */
static size_t slot_of(const void *p)
{
	unsigned long long h = (unsigned long long)(size_t)p;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h & (LIVE_SLOTS - 1);
}

static void live_add(void *p)
{
	size_t i, k;

	if (!live || !p)
		return;
	for (k = 0, i = slot_of(p); k < LIVE_SLOTS; k++, i = (i + 1) & (LIVE_SLOTS - 1))
		if (!live[i] || live[i] == TOMB) {
			live[i] = p;
			n_live++;
			return;
		}
	n_live_overflow++;
}

/* Forget p if it was allocated while armed (blocks from before are not
 * ours to count); returns whether it was. */
static int live_del(void *p)
{
	size_t i, k;

	if (!live || !p || !n_live)
		return 0;
	for (k = 0, i = slot_of(p); k < LIVE_SLOTS && live[i];
	     k++, i = (i + 1) & (LIVE_SLOTS - 1))
		if (live[i] == p) {
			live[i] = TOMB;
			n_live--;
			return 1;
		}
	return 0;
}

/* Called for the refused allocation: a place for a debugger's breakpoint
 * (FAILALLOC_K=k failalloc PATH runs that k only). */
void failalloc_refused(void);
void __attribute__((noinline)) failalloc_refused(void)
{
	did_fail = 1;
}

/* The test binary's code (the engine and reports are linked in
 * statically) lies between these linker-provided symbols. */
extern char __executable_start, etext;

/* Whether the allocation being made now, called from `ret`, is the one to
 * refuse. */
static int should_fail(const char *ret)
{
	if (!armed || (own_only && (ret < &__executable_start || ret >= &etext)))
		return 0;
	n_allocs++;
	if (fail_at && (n_allocs == fail_at || (persist && n_allocs > fail_at))) {
		failalloc_refused();
		return 1;
	}
	return 0;
}

#if FA_HOOK
static void *fa_malloc(size_t n)
{
	void *p;

	if (should_fail(__builtin_return_address(0)))
		return NULL;
	p = malloc(n);
	if (armed)
		live_add(p);
	return p;
}

static void *fa_realloc(void *old, size_t n)
{
	void *p;
	int was;

	if (should_fail(__builtin_return_address(0)))
		return NULL;
	/* Out of the table before the call: old may be gone after it. */
	was = live_del(old);
	p = realloc(old, n);
	if (p && (armed || was))
		live_add(p);
	else if (!p && was)
		live_add(old);
	return p;
}

static void fa_free(void *p)
{
	live_del(p);
	free(p);
}

static void *live_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

static void install(void)
{
	static const sdt_allocator a = {fa_malloc, fa_realloc, fa_free};

	sdt_set_allocator(&a);
}
#else
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);


void *malloc(size_t n)
{
	void *p;

	if (should_fail(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	p = __libc_malloc(n);
	if (armed)
		live_add(p);
	return p;
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (should_fail(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	p = __libc_calloc(n, size);
	if (armed)
		live_add(p);
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p;
	int was;

	if (old && n == 0) {
		live_del(old);
		return __libc_realloc(old, n);
	}
	if (should_fail(__builtin_return_address(0))) {
		errno = ENOMEM;
		return NULL;
	}
	/* Out of the table before the call: old may be gone after it. */
	was = live_del(old);
	p = __libc_realloc(old, n);
	if (p && (armed || was))
		live_add(p);
	else if (!p && was)
		live_add(old);
	return p;
}

void free(void *p)
{
	live_del(p);
	__libc_free(p);
}

static void *live_calloc(size_t n, size_t size)
{
	return __libc_calloc(n, size);
}

static void install(void)
{
}
#endif

static void arm(unsigned long k)
{
	memset(live, 0, LIVE_SLOTS * sizeof *live);
	n_live = n_live_overflow = 0;
	n_allocs = 0;
	fail_at = k;
	did_fail = 0;
	armed = 1;
}

static void disarm(void)
{
	armed = 0;
}

/* Reading back a result (a file, through stdio) allocates: not counted. */
static int was_armed;

static void pause_window(void)
{
	was_armed = armed;
	armed = 0;
}

static void resume_window(void)
{
	armed = was_armed;
}

/* --- results ------------------------------------------------------------- */

/* A run that succeeds although an allocation failed must give what a
 * normal run gives, not a shorter team list or a blank figure: each path
 * folds its result into this FNV-1a hash and try_k compares it with the
 * hash of the run that failed nothing. */
static unsigned long long digest;

static void dg_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++) {
		digest ^= b[i];
		digest *= 0x100000001b3ULL;
	}
}

static void dg_size(size_t x)
{
	dg_bytes(&x, sizeof x);
}

/* NaN has many bit patterns; they all mean "undefined". */
static void dg_num(double x)
{
	if (isnan(x))
		dg_bytes("nan", 3);
	else
		dg_bytes(&x, sizeof x);
}

static void dg_str(const char *s)
{
	if (s)
		dg_bytes(s, strlen(s) + 1);
	else
		dg_size((size_t)-1);
}

/* A written file's bytes (the workbooks are reproducible: fixed date). */
static void dg_file(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *f;

	pause_window();
	if (!(f = fopen(path, "rb"))) {
		dg_str("no file");
	} else {
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			dg_bytes(buf, n);
		fclose(f);
	}
	resume_window();
}

/* The workbooks of a directory: names and bytes, in name order. */
static void dg_dir(const char *path)
{
	struct dirent **e = NULL;
	char file[512];
	int i, n;

	pause_window();
	n = scandir(path, &e, NULL, alphasort);
	resume_window();
	for (i = 0; i < n; i++) {
		if (e[i]->d_name[0] != '.') {
			dg_str(e[i]->d_name);
			snprintf(file, sizeof file, "%s/%s", path, e[i]->d_name);
			dg_file(file);
		}
	}
	pause_window();
	for (i = 0; i < n; i++)
		free(e[i]);
	free(e);
	resume_window();
}

static void dg_instrument(const sdt_instrument *x)
{
	size_t i, j, n;

	dg_str(sdt_instrument_id(x));
	dg_str(sdt_instrument_title(x, "en"));
	dg_size((size_t)(sdt_instrument_max(x) - sdt_instrument_min(x)));
	for (i = 0, n = sdt_instrument_item_count(x); i < n; i++) {
		dg_str(sdt_instrument_item_id(x, i));
		dg_str(sdt_instrument_item_label(x, i, "en"));
		dg_size((size_t)sdt_instrument_item_reverse(x, i));
	}
	for (i = 0, n = sdt_instrument_scale_count(x); i < n; i++) {
		dg_str(sdt_instrument_scale_id(x, i));
		dg_size(sdt_instrument_scale_min_answered(x, i));
		for (j = 0; j < sdt_instrument_scale_item_count(x, i); j++)
			dg_size(sdt_instrument_scale_item(x, i, j));
	}
	for (i = 0, n = sdt_instrument_composite_count(x); i < n; i++)
		for (j = 0; j < sdt_instrument_composite_scale_count(x, i); j++) {
			dg_size(sdt_instrument_composite_scale(x, i, j));
			dg_num(sdt_instrument_composite_weight(x, i, j));
		}
}

static void dg_response(const sdt_instrument *x, const sdt_response *r)
{
	size_t i;

	dg_str(r->id);
	dg_str(r->team);
	dg_size(r->line);
	for (i = 0; i < r->n_attributes; i++) {
		dg_str(r->attr_names[i]);
		dg_str(r->attr_values[i]);
	}
	for (i = 0; i < sdt_instrument_item_count(x); i++)
		dg_size((size_t)(long)r->values[i]);
}

static void dg_scores(const sdt_scores *s)
{
	size_t i;

	for (i = 0; i < s->n_scales; i++) {
		dg_num(s->scale[i]);
		dg_size(s->answered[i]);
	}
	for (i = 0; i < s->n_composites; i++)
		dg_num(s->composite[i]);
}

static void dg_counts(const sdt_run_counts *c)
{
	dg_size(c->read);
	dg_size(c->accepted);
	dg_size(c->scored);
	dg_size(c->left_out);
	dg_size(c->invalid_values);
	dg_size(c->unknown_items);
}

static void dg_scale_stats(const sdt_scale_stats *sc)
{
	size_t i;

	dg_str(sc->id);
	dg_size(sc->n);
	dg_size((size_t)sc->hidden);
	dg_size((size_t)sc->items_hidden);
	dg_num(sc->mean);
	dg_num(sc->sd);
	dg_num(sc->alpha);
	dg_num(sc->alpha_ci[0]);
	dg_num(sc->omega_total);
	dg_num(sc->listwise_alpha);
	dg_num(sc->icc1);
	dg_size(sc->n_warnings);
	for (i = 0; i < sc->n_items; i++) {
		dg_size(sc->items[i].n);
		dg_num(sc->items[i].mean);
		dg_num(sc->items[i].r_drop);
	}
}

static void dg_stats(const sdt_stats *st)
{
	size_t i, j;

	dg_size(st->rows);
	for (i = 0; i < st->n_scales; i++)
		dg_scale_stats(&st->scales[i]);
	for (i = 0; i < st->n_composites; i++) {
		dg_size(st->composites[i].n);
		dg_num(st->composites[i].mean);
	}
	dg_size(st->n_teams);
	for (i = 0; i < st->n_teams; i++) {
		dg_str(st->teams[i].team);
		dg_size(st->teams[i].n);
		dg_size((size_t)st->teams[i].suppressed_reason);
		for (j = 0; st->teams[i].scales && j < st->n_scales; j++) {
			dg_num(st->teams[i].scales[j].mean);
			dg_num(st->teams[i].scales[j].rwg_j);
			dg_num(st->teams[i].scales[j].awg);
		}
	}
}

static void dg_group(const sdt_groups *g, const sdt_group *grp)
{
	const sdt_group_scale *c;
	size_t j;

	dg_str(grp->path);
	dg_size(grp->n);
	dg_size(grp->headcount);
	dg_size((size_t)grp->hidden);
	for (j = 0; j < g->n_scales; j++) {
		c = &grp->scales[j];
		dg_size((size_t)c->hidden);
		dg_size((size_t)c->favourable_hidden);
		dg_size(c->n);
		dg_num(c->mean);
		dg_num(c->ci_lo);
		dg_num(c->favourable);
		dg_num(c->p_adjusted);
		dg_num(c->hedges_g);
	}
	for (j = 0; j < g->n_items; j++) {
		dg_size((size_t)grp->items[j].hidden);
		dg_num(grp->items[j].favourable);
	}
	for (j = 0; j < g->n_composites; j++) {
		dg_size((size_t)grp->composites[j].hidden);
		dg_num(grp->composites[j].mean);
	}
}

static void dg_groups(const sdt_groups *g, const sdt_breakdown *b)
{
	size_t i;

	dg_size(g->n_groups);
	for (i = 0; i < g->n_groups; i++)
		dg_group(g, &g->groups[i]);
	for (i = 0; i < g->n_by; i++) {
		dg_str(g->by[i].attribute);
		dg_bytes(g->by[i].hidden, g->n_groups * g->by[i].n_values * g->n_scales);
	}
	for (i = 0; b && i < b->n_groups * b->n_values * b->n_scales; i++) {
		dg_size((size_t)b->cells[i].hidden);
		dg_num(b->cells[i].mean);
		dg_num(b->cells[i].p_adjusted);
	}
}

/* --- inputs ---------------------------------------------------------------- */

static char dir[64];
static char p_ins[128], p_json[128], p_ndjson[128], p_csv[128], p_xlsx[128];
static char p_split[128];

static const char ins_text[] =
	"{\"format\": \"sdtscore-instrument/1\", \"id\": \"fa\", \"version\": \"1\",\n"
	" \"title\": {\"en\": \"Failing allocations\", \"fi\": \"Muisti\"},\n"
	" \"response_scale\": {\"min\": 1, \"max\": 5, \"labels\": {\"en\": [\"a\", \"b\","
	" \"c\", \"d\", \"e\"]}},\n"
	" \"items\": [{\"id\": \"q1\", \"reverse\": false, \"label\": {\"en\": \"One\"}},\n"
	"  {\"id\": \"q2\", \"reverse\": true}, {\"id\": \"q3\", \"reverse\": false},\n"
	"  {\"id\": \"q4\", \"reverse\": false}, {\"id\": \"q5\", \"reverse\": false}],\n"
	" \"scales\": [{\"id\": \"a\", \"need\": \"autonomy\", \"valence\": \"satisfaction\","
	" \"items\": [\"q1\", \"q2\", \"q3\"], \"min_answered\": 2},\n"
	"  {\"id\": \"b\", \"need\": \"competence\", \"valence\": \"frustration\","
	" \"items\": [\"q4\", \"q5\"], \"min_answered\": 1}],\n"
	" \"composites\": [{\"id\": \"ab\", \"scales\": [\"a\", \"b\"], \"weights\": [2, 1]}]}\n";

#define N_RESP 14
static const char *const teams[3] = {"Org/Sales/North", "Org/Sales/South", "Org/IT"};
static const char *const modes[3] = {"remote", "onsite", "hybrid"};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		printf("FAIL alloc/setup: cannot write %s\n", path);
		exit(1);
	}
}

/* The same respondents in the three formats (ids repeat once, for the
 * duplicate policy; one answer is out of range, for --invalid=missing). */
static void write_inputs(void)
{
	FILE *j, *n, *c;
	int i, v;

	j = fopen(p_json, "w");
	n = fopen(p_ndjson, "w");
	c = fopen(p_csv, "w");
	if (!j || !n || !c) {
		printf("FAIL alloc/setup: cannot write the inputs\n");
		exit(1);
	}
	fputs("{\"instrument\": \"fa\", \"wave\": \"2026-03\", \"responses\": [\n", j);
	fputs("id,team,mode,q1,q2,q3,q4,q5\n", c);
	for (i = 0; i < N_RESP; i++) {
		v = i % 5 + 1;
		fprintf(j, "%s{\"id\": \"r%d\", \"team\": \"%s\", \"attributes\": "
		        "{\"mode\": \"%s\"}, \"answers\": {\"q1\": %d, \"q2\": %d, "
		        "\"q3\": %d, \"q4\": %d, \"q5\": %d}}\n", i ? "," : "",
		        i % 12, teams[i % 3], modes[i % 2], v, 6 - v, (i * 7) % 5 + 1,
		        i == 5 ? 9 : (i * 3) % 5 + 1, (i * 2) % 5 + 1);
		fprintf(n, "{\"id\": \"r%d\", \"team\": \"%s\", \"attributes\": "
		        "{\"mode\": \"%s\"}, \"answers\": {\"q1\": %d, \"q2\": %d, "
		        "\"q3\": %d, \"q4\": %d, \"q5\": %d}}\n", i % 12, teams[i % 3],
		        modes[i % 2], v, 6 - v, (i * 7) % 5 + 1,
		        i == 5 ? 9 : (i * 3) % 5 + 1, (i * 2) % 5 + 1);
		fprintf(c, "r%d,%s,%s,%d,%d,%d,%d,%d\n", i % 12, teams[i % 3],
		        modes[i % 2], v, 6 - v, (i * 7) % 5 + 1,
		        i == 5 ? 9 : (i * 3) % 5 + 1, (i * 2) % 5 + 1);
	}
	fputs("]}\n", j);
	if (fclose(j) || fclose(n) || fclose(c)) {
		printf("FAIL alloc/setup: cannot write the inputs\n");
		exit(1);
	}
}

/* --- the paths --------------------------------------------------------------- */

/* What the prepared paths share, made outside the counted window. */
static sdt_instrument *ins;
static sdt_stats *pre_stats;
static sdt_groups *pre_groups;
static sdt_run_counts pre_counts;

/* versioned options: designated members after the version, as
 * SDT_RUN_OPTIONS_INIT would give them */
static const sdt_run_options run_opt = {
	.version = SDT_RUN_OPTIONS_VERSION,
	.read = {.version = SDT_READ_OPTIONS_VERSION, .invalid = SDT_INVALID_MISSING,
	         .ignore_unknown = 1},
	.duplicates = SDT_DUPLICATES_LAST};

static int path_load(void)
{
	sdt_instrument *x = NULL;
	int rc = sdt_instrument_load(&x, p_ins);

	if (rc == SDT_OK)
		dg_instrument(x);
	sdt_instrument_free(x);
	return rc;
}

static int path_load_bundled(void)
{
	sdt_instrument *x = NULL;
	int rc = sdt_instrument_load_bundled(&x, "wcq-short");

	if (rc == SDT_OK)
		dg_instrument(x);
	sdt_instrument_free(x);
	return rc;
}

static int on_reject(void *ctx, const char *file, unsigned long line,
                     const char *id, const char *reason)
{
	(void)ctx;
	dg_str(file);
	dg_size(line);
	dg_str(id);
	dg_str(reason);
	return 0;
}

static int run_one(const char *path, sdt_response_fn fn, void *ctx,
                   sdt_run_counts *counts)
{
	char *wave = NULL;
	int rc = sdt_run_files(ins, &path, 1, &run_opt, fn, on_reject, ctx, counts,
	                       &wave);

	sdt_free(wave);
	return rc;
}

static int dg_on_response(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	(void)ctx;
	dg_response(ins, r);
	dg_scores(s);
	return SDT_OK;
}

/* A run with every response and score, and the counts, in the digest. */
static int run_digest(const char *path)
{
	sdt_run_counts c;
	int rc;

	memset(&c, 0, sizeof c);
	if ((rc = run_one(path, dg_on_response, NULL, &c)) == SDT_OK)
		dg_counts(&c);
	return rc;
}

static int path_run_json(void)
{
	return run_digest(p_json);
}

static int path_run_ndjson(void)
{
	return run_digest(p_ndjson);
}

static int path_run_csv(void)
{
	return run_digest(p_csv);
}

/* The reader alone, to its end. */
static int path_reader_csv(void)
{
	sdt_reader *r = NULL;
	const sdt_response *resp;
	int rc = sdt_reader_open(&r, ins, p_csv, &run_opt.read);

	while (rc == SDT_OK && (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp)
		dg_response(ins, resp);
	sdt_reader_free(r);
	return rc;
}

typedef struct sinks {
	sdt_accum *acc;
	sdt_groupacc *gacc;
	sdt_breakdownacc *bacc;
} sinks;

static int on_response(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	sinks *k = ctx;
	int rc = SDT_OK;

	if (k->acc && (rc = sdt_accum_add(k->acc, r, s)) != SDT_OK)
		return rc;
	if (k->gacc && (rc = sdt_groupacc_add(k->gacc, r, s)) != SDT_OK)
		return rc;
	if (k->bacc)
		rc = sdt_breakdownacc_add(k->bacc, r, s);
	return rc;
}

static int path_stats(void)
{
	sinks k = {NULL, NULL, NULL};
	sdt_stats_options so = SDT_STATS_OPTIONS_INIT;
	sdt_stats *st = NULL;
	int rc;

	so.min_group = 2;
	if ((rc = sdt_accum_new(&k.acc, ins)) != SDT_OK ||
	    (rc = run_one(p_ndjson, on_response, &k, NULL)) != SDT_OK ||
	    (rc = sdt_stats_compute(&st, k.acc, &so)) != SDT_OK)
		goto done;
	dg_stats(st);
	sdt_stats_free(st);
	st = NULL;
	so.missing = SDT_MISSING_LISTWISE;
	if ((rc = sdt_stats_compute(&st, k.acc, &so)) == SDT_OK)
		dg_stats(st);
done:
	sdt_stats_free(st);
	sdt_accum_free(k.acc);
	return rc;
}

static int path_groups(void)
{
	sinks k = {NULL, NULL, NULL};
	sdt_groups_options go = SDT_GROUPS_OPTIONS_INIT;
	sdt_groups *g = NULL;
	sdt_breakdown *b = NULL;
	int rc;

	go.min_group = 2;
	go.alpha = 0.05;
	if ((rc = sdt_groupacc_new(&k.gacc, ins)) != SDT_OK ||
	    (rc = sdt_groupacc_by(k.gacc, "mode")) != SDT_OK ||
	    (rc = sdt_breakdownacc_new(&k.bacc, ins, "mode")) != SDT_OK ||
	    (rc = sdt_groupacc_headcount(k.gacc, "Org/Sales/North", 9)) != SDT_OK ||
	    (rc = sdt_groupacc_headcount(k.gacc, "Org/IT", 6)) != SDT_OK ||
	    (rc = run_one(p_csv, on_response, &k, NULL)) != SDT_OK ||
	    (rc = sdt_groups_compute(&g, k.gacc, &go)) != SDT_OK)
		goto done;
	if ((rc = sdt_breakdown_compute(&b, k.bacc, g, 0.05)) == SDT_OK)
		dg_groups(g, b);
done:
	sdt_breakdown_free(b);
	sdt_groups_free(g);
	sdt_breakdownacc_free(k.bacc);
	sdt_groupacc_free(k.gacc);
	return rc;
}

/* Stats and groups for the report, computed before the window opens. */
static int prepare_report(void)
{
	sinks k = {NULL, NULL, NULL};
	sdt_stats_options so = SDT_STATS_OPTIONS_INIT;
	sdt_groups_options go = SDT_GROUPS_OPTIONS_INIT;
	int rc;

	so.min_group = 2;
	go.min_group = 2;
	go.alpha = 0.05;
	if ((rc = sdt_accum_new(&k.acc, ins)) == SDT_OK &&
	    (rc = sdt_groupacc_new(&k.gacc, ins)) == SDT_OK &&
	    (rc = run_one(p_json, on_response, &k, &pre_counts)) == SDT_OK &&
	    (rc = sdt_stats_compute(&pre_stats, k.acc, &so)) == SDT_OK)
		rc = sdt_groups_compute(&pre_groups, k.gacc, &go);
	sdt_groupacc_free(k.gacc);
	sdt_accum_free(k.acc);
	return rc;
}

static int path_report(void)
{
	sdt_report_input in = SDT_REPORT_INPUT_INIT;
	int rc;

	in.ins = ins;
	in.groups = pre_groups;
	in.stats = pre_stats;
	in.counts = &pre_counts;
	in.wave = "2026-03";
	in.lang = "fi";
	in.command_line = "sdtscore report";
	in.date = "2026-03-31";
	in.alpha = 0.05;
	if ((rc = sdt_report_write(&in, NULL, p_xlsx)) == SDT_OK)
		dg_file(p_xlsx);
	return rc;
}

/* One workbook per team into a directory: each is written atomically, so
 * a failure may leave whole workbooks of the teams before it, never a
 * temporary file (checked in try_k). */
static int path_report_split(void)
{
	sdt_report_input in = SDT_REPORT_INPUT_INIT;
	size_t n = 0;
	int rc;

	in.ins = ins;
	in.groups = pre_groups;
	in.stats = pre_stats;
	in.lang = "sv";
	in.date = "2026-03-31";
	if ((rc = sdt_report_split(&in, "team", p_split, &n)) == SDT_OK) {
		dg_size(n);
		dg_dir(p_split);
	}
	return rc;
}

/* export-survey: the pulse in three languages with a team list, as
 * LimeSurvey TSV, QSF and their maps (text), then the XLSForm file. */
static int export_pulse(int xlsform)
{
	static const char *const langs[] = {"fi", "sv", "en"};
	sdt_export_options opt;
	sdt_instrument *x = NULL;
	char *text = NULL, path[160];
	size_t len = 0;
	int rc, f;

	sdt_export_options_init(&opt);
	opt.langs = langs;
	opt.n_langs = 3;
	opt.teams = teams;
	opt.n_teams = 3;
	rc = sdt_instrument_load_bundled(&x, "learning-leadership-pulse");
	for (f = 0; f < 3 && rc == SDT_OK && !xlsform; f++) {
		opt.format = (sdt_export_format)f;
		if (f != SDT_EXPORT_XLSFORM && (rc = sdt_export_survey_text(&text, &len, x, &opt)) == SDT_OK)
			dg_str(text);
		sdt_free(text);
		text = NULL;
		if (rc == SDT_OK && (rc = sdt_export_map(&text, x, &opt)) == SDT_OK)
			dg_str(text);
		sdt_free(text);
		text = NULL;
	}
	snprintf(path, sizeof path, "%s/form.xlsx", dir);
	if (rc == SDT_OK && xlsform && (rc = sdt_export_xlsform(path, x, &opt)) == SDT_OK) {
		dg_file(path);
		unlink(path);
	}
	sdt_instrument_free(x);
	return rc;
}

static int path_export_text(void)
{
	return export_pulse(0);
}

static int path_export_xlsform(void)
{
	return export_pulse(1);
}

/* A portfolio of the same organisation nine times (enough to rank and
 * band, every band uncertain as the CI holds the cut points), benchmarked
 * and written anonymised for the third: charts and page breaks too. */
static int path_benchmark(void)
{
	sdt_benchmark *b = NULL;
	sdt_benchmark_report rep = SDT_BENCHMARK_REPORT_INIT;
	char name[16];
	int k, rc = SDT_OK;

	if ((rc = sdt_benchmark_new(&b)) != SDT_OK)
		goto done;
	for (k = 0; k < 9 && rc == SDT_OK; k++) {
		snprintf(name, sizeof name, "Org %d", k);
		rc = sdt_benchmark_add(b, name, ins, pre_groups);
	}
	if (rc != SDT_OK || (rc = sdt_benchmark_compute(b)) != SDT_OK)
		goto done;
	rep.bench = b;
	rep.lang = "fi";
	rep.date = "2026-03-31";
	rep.min_group = 2;
	rep.focus = 2;
	if ((rc = sdt_report_benchmark(&rep, p_xlsx)) == SDT_OK)
		dg_file(p_xlsx);
done:
	sdt_benchmark_free(b);
	return rc;
}

/* --- the driver ------------------------------------------------------------- */

typedef struct fa_path {
	const char *name;
	int (*fn)(void);
	int own_only; /* fail only our code's allocations (libxlsxwriter) */
} fa_path;

static const char *cur_name = "setup";

static unsigned long cur_k;
static unsigned long long normal; /* the digest of the path's normal run */
static unsigned long n_same;      /* successes despite a failed allocation */

/* Files in the scratch directory besides the inputs: a failed write must
 * leave no temporary file, and no report. */
static int stray_files(char *name, size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && !found) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "ins.json") ||
		    !strcmp(e->d_name, "split") ||
		    !strcmp(e->d_name, "r.json") || !strcmp(e->d_name, "r.ndjson") ||
		    !strcmp(e->d_name, "r.csv"))
			continue;
		snprintf(name, n, "%s", e->d_name);
		found = 1;
	}
	closedir(d);
	return found;
}

/* Empty the split directory; a name with ".tmp" in it is a temporary file
 * a failed write left behind, copied to `name`. */
static int split_leftovers(char *name, size_t n)
{
	DIR *d = opendir(p_split);
	struct dirent *e;
	char path[512];
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (strstr(e->d_name, ".tmp") && !found) {
			snprintf(name, n, "split/%.200s", e->d_name);
			found = 1;
		}
		snprintf(path, sizeof path, "%s/%s", p_split, e->d_name);
		unlink(path);
	}
	closedir(d);
	return found;
}

/* One run failing allocation k (0: none). Returns 0 when the promises
 * held, else -1 with the reason in why. */
static int try_k(const fa_path *p, unsigned long k, unsigned long *total,
                 char *why, size_t n)
{
	char stray[256];
	int rc;

	cur_k = k;
	sdt_error_clear();
	digest = 0xcbf29ce484222325ULL;
	arm(k);
	rc = p->fn();
	disarm();
	*total = n_allocs;
	if (k == 0 && rc != SDT_OK) {
		snprintf(why, n, "fails without a failed allocation: %s",
		         sdt_error_message());
		return -1;
	}
	if (k == 0)
		normal = digest;
	else if (rc == SDT_OK && did_fail)
		n_same++;
	if (rc == SDT_OK && digest != normal) {
		snprintf(why, n, "k=%lu: succeeds after a failed allocation with another "
		         "result than a normal run", k);
		return -1;
	}
	if (rc != SDT_OK && rc != SDT_ENOMEM) {
		snprintf(why, n, "k=%lu: code %d instead of out of memory: %s", k, rc,
		         sdt_error_message());
		return -1;
	}
	if (rc == SDT_ENOMEM && !did_fail) {
		snprintf(why, n, "k=%lu: out of memory without a failed allocation", k);
		return -1;
	}
	/* FA_DUMP=1 shows the leaked blocks' first bytes, to find them with
	 * gdb (break live_add if p == ADDRESS). */
	if ((n_live || n_live_overflow) && getenv("FA_DUMP")) {
		size_t q;
		for (q = 0; q < LIVE_SLOTS; q++)
			if (live[q] && live[q] != TOMB) {
				unsigned char *b = live[q];
				size_t z;
				fprintf(stderr, "leak %p:", live[q]);
				for (z = 0; z < 48; z++)
					fprintf(stderr, "%c", b[z] >= 32 && b[z] < 127 ? b[z] : '.');
				fprintf(stderr, "\n");
			}
	}
	if (n_live || n_live_overflow) {
		snprintf(why, n, "k=%lu (code %d): %zu blocks leaked", k, rc,
		         n_live + n_live_overflow);
		return -1;
	}
	if (split_leftovers(stray, sizeof stray)) {
		snprintf(why, n, "k=%lu (code %d): %s left behind", k, rc, stray);
		return -1;
	}
	if (rc != SDT_OK && stray_files(stray, sizeof stray)) {
		snprintf(why, n, "k=%lu: a failed run left %s behind", k, stray);
		return -1;
	}
	unlink(p_xlsx);
	return 0;
}

static int run_path(const fa_path *p)
{
	unsigned long total = 0, k, last, step, tried = 0, ignored;
	char why[1200];

	cur_name = p->name;
	own_only = p->own_only;
	n_same = 0;
	fprintf(stderr, "alloc: %s\n", p->name);
	if (try_k(p, 0, &total, why, sizeof why) != 0)
		goto fail;
	if (getenv("FAILALLOC_K")) {
		k = strtoul(getenv("FAILALLOC_K"), NULL, 10);
		if (try_k(p, k, &ignored, why, sizeof why) != 0)
			goto fail;
		printf("PASS alloc/%s: k=%lu only\n", p->name, k);
		return 0;
	}
	last = total < FULL_LIMIT ? total : SAMPLE_FROM;
	step = total < FULL_LIMIT ? 1 : (total - SAMPLE_FROM) / SAMPLES + 1;
	for (persist = 0; persist < 2; persist++) {
		for (k = 1; k <= last; k++, tried++)
			if (try_k(p, k, &ignored, why, sizeof why) != 0)
				goto fail;
		for (k = SAMPLE_FROM + step / 2 + 1; total >= FULL_LIMIT && k <= total;
		     k += step, tried++)
			if (try_k(p, k, &ignored, why, sizeof why) != 0)
				goto fail;
	}
	persist = 0;
	printf("PASS alloc/%s: %lu allocations, %lu runs failing them in turn, "
	       "once and from there on (%s); %lu succeeded, each with a normal run's result",
	       p->name, total, tried, total < FULL_LIMIT ? "every one" : "sampled beyond 2000",
	       n_same);
	if (own_only)
		printf("; allocations of libxlsxwriter itself left alone");
	putchar('\n');
	return 0;
fail:
	printf("FAIL alloc/%s: %s%s\n", p->name, why,
	       persist ? " (and every later one)" : "");
	persist = 0;
	return -1;
}

/* A crash names the path and k, so it can be replayed. */
static void on_crash(int sig)
{
	char msg[160];
	int n = snprintf(msg, sizeof msg, "FAIL alloc/%s: crashed (signal %d) at k=%lu\n",
	                 cur_name, sig, cur_k);

	if (n > 0 && write(1, msg, (size_t)n) < 0)
		n = 0;
	signal(sig, SIG_DFL);
	raise(sig);
}

static void cleanup(void)
{
	unlink(p_ins);
	unlink(p_json);
	unlink(p_ndjson);
	unlink(p_csv);
	unlink(p_xlsx);
	rmdir(p_split);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	static const fa_path paths[] = {
		{"load", path_load, 0},
		{"load_bundled", path_load_bundled, 0},
		{"reader_csv", path_reader_csv, 0},
		{"run_json", path_run_json, 0},
		{"run_ndjson", path_run_ndjson, 0},
		{"run_csv", path_run_csv, 0},
		{"stats", path_stats, 0},
		{"groups", path_groups, 0},
		{"report", path_report, 1},
		{"report_split", path_report_split, 1},
		{"benchmark", path_benchmark, 1},
		{"export_text", path_export_text, 0},
		{"export_xlsform", path_export_xlsform, 1},
	};
	const char *only = argc > 1 ? argv[1] : NULL;
	size_t i;
	int fails = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!FA_HOOK) {
		signal(SIGSEGV, on_crash);
		signal(SIGBUS, on_crash);
		signal(SIGABRT, on_crash);
		signal(SIGFPE, on_crash);
	}
	live = live_calloc(LIVE_SLOTS, sizeof *live);
	snprintf(dir, sizeof dir, "/tmp/sdtfailXXXXXX");
	if (!live || !mkdtemp(dir)) {
		printf("FAIL alloc/setup: no memory or scratch directory\n");
		return 1;
	}
	atexit(cleanup);
	snprintf(p_ins, sizeof p_ins, "%s/ins.json", dir);
	snprintf(p_json, sizeof p_json, "%s/r.json", dir);
	snprintf(p_ndjson, sizeof p_ndjson, "%s/r.ndjson", dir);
	snprintf(p_csv, sizeof p_csv, "%s/r.csv", dir);
	snprintf(p_xlsx, sizeof p_xlsx, "%s/report.xlsx", dir);
	snprintf(p_split, sizeof p_split, "%s/split", dir);
	if (mkdir(p_split, 0700) != 0) {
		printf("FAIL alloc/setup: cannot make %s\n", p_split);
		return 1;
	}
	write_file(p_ins, ins_text);
	write_inputs();
	install();
	if (sdt_instrument_load(&ins, p_ins) != SDT_OK || prepare_report() != SDT_OK) {
		printf("FAIL alloc/setup: %s\n", sdt_error_message());
		return 1;
	}
	/* One uncounted report first: stdio and libraries set up lazily
	 * allocated state that would otherwise look like a leak. */
	if (path_report() != SDT_OK) {
		printf("FAIL alloc/setup: report: %s\n", sdt_error_message());
		return 1;
	}
	unlink(p_xlsx);
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (!only || !strcmp(only, paths[i].name))
			fails += run_path(&paths[i]) != 0;
	sdt_groups_free(pre_groups);
	sdt_stats_free(pre_stats);
	sdt_instrument_free(ins);
	return fails ? 1 : 0;
}
