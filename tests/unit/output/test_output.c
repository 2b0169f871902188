/*
 * test_output.c - the one atomic-output helper (sdt_output_begin, commit,
 * abort): nothing at the path until commit, the target's mode kept or
 * the umask's given, PRIVATE kept 0600, devices written in place and
 * never replaced, directories and (BY_NAME) devices refused, the
 * temporary gone after abort and after a failed commit.
 */
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "sdtscore.h"

static char dir[] = "/tmp/sdt_output_XXXXXX";

/* Entries in the test folder (. and .. left out). */
static int entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static void path_in(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", dir, name);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void test_commit_and_modes(void **state)
{
	sdt_output *o;
	struct stat st;
	char p[256], buf[16] = {0};
	FILE *fp;
	mode_t mask = umask(022);

	(void)state;
	path_in(p, sizeof p, "a.txt");
	assert_int_equal(sdt_output_begin(&o, p, 0), SDT_OK);
	assert_non_null(sdt_output_temp(o));
	fputs("new", sdt_output_stream(o));
	assert_int_equal(stat(p, &st), -1); /* nothing at the path yet */
	assert_int_equal(stat(sdt_output_temp(o), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600); /* private while written */
	assert_int_equal(sdt_output_commit(o), SDT_OK);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644); /* 0666 less the umask */
	assert_int_equal(entries(), 1);
	fp = fopen(p, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof buf, fp));
	fclose(fp);
	assert_string_equal(buf, "new");
	/* replacing keeps the mode it had; PRIVATE makes it 0600 */
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(sdt_output_begin(&o, p, 0), SDT_OK);
	assert_int_equal(sdt_output_commit(o), SDT_OK);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(sdt_output_begin(&o, p, SDT_OUTPUT_PRIVATE), SDT_OK);
	assert_int_equal(sdt_output_commit(o), SDT_OK);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(entries(), 1);
	umask(mask);
}

static void test_abort(void **state)
{
	sdt_output *o;
	struct stat st;
	char p[256];

	(void)state;
	path_in(p, sizeof p, "b.txt");
	assert_int_equal(sdt_output_begin(&o, p, 0), SDT_OK);
	fputs("half", sdt_output_stream(o));
	sdt_output_abort(o);
	assert_int_equal(stat(p, &st), -1);
	assert_int_equal(entries(), 1); /* a.txt only: no temporary left */
	sdt_output_abort(NULL);
	assert_int_equal(sdt_output_commit(NULL), SDT_OK);
}

static void test_refused(void **state)
{
	sdt_output *o = (sdt_output *)1;
	char p[256];

	(void)state;
	assert_int_equal(sdt_output_begin(&o, dir, 0), SDT_EIO);
	assert_null(o);
	assert_non_null(strstr(sdt_error_message(), "is a directory"));
	assert_int_equal(sdt_output_check(dir), SDT_EIO);
	path_in(p, sizeof p, "no/such/c.txt");
	assert_int_equal(sdt_output_begin(&o, p, 0), SDT_EIO);
	assert_non_null(strstr(sdt_error_message(), "cannot write"));
	assert_int_equal(sdt_output_check(p), SDT_EIO);
	path_in(p, sizeof p, "null");
	assert_int_equal(symlink("/dev/null", p), 0);
	assert_int_equal(sdt_output_begin(&o, p, SDT_OUTPUT_BY_NAME), SDT_EIO);
	assert_non_null(strstr(sdt_error_message(), "is not a regular file"));
	assert_int_equal(unlink(p), 0);
	assert_int_equal(entries(), 1);
}

/* A device is written in place: a link to /dev/null (never the node
 * itself, which a broken helper run as root would replace) is still that
 * link afterwards, and "-" is standard output, never closed. */
static void test_device_and_stdout(void **state)
{
	sdt_output *o;
	struct stat st;
	char p[256];

	(void)state;
	path_in(p, sizeof p, "null");
	assert_int_equal(symlink("/dev/null", p), 0);
	assert_int_equal(sdt_output_check(p), SDT_OK);
	assert_int_equal(sdt_output_begin(&o, p, 0), SDT_OK);
	assert_null(sdt_output_temp(o));
	fputs("gone", sdt_output_stream(o));
	assert_int_equal(sdt_output_commit(o), SDT_OK);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(unlink(p), 0);
	assert_int_equal(entries(), 1);
	assert_int_equal(sdt_output_begin(&o, "-", 0), SDT_OK);
	assert_ptr_equal(sdt_output_stream(o), stdout);
	assert_int_equal(sdt_output_commit(o), SDT_OK);
	assert_int_equal(fflush(stdout), 0); /* still open */
}

static void test_dirs(void **state)
{
	char p[256];
	struct stat st;

	(void)state;
	path_in(p, sizeof p, "x/y/z");
	assert_int_equal(sdt_output_dir_check(p), SDT_OK);
	assert_int_equal(sdt_output_make_dirs(p), SDT_OK);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	path_in(p, sizeof p, "a.txt/z");
	assert_int_equal(sdt_output_dir_check(p), SDT_EIO);
	assert_int_equal(sdt_output_make_dirs(p), SDT_EIO);
	path_in(p, sizeof p, "a.txt");
	assert_int_equal(sdt_output_dir_check(p), SDT_EIO);
	assert_non_null(strstr(sdt_error_message(), "not a directory"));
}

/* The library's umask() calls, counted: this definition is linked before
 * libc's. umask() can only be read by setting it, which races with every
 * other thread of the process, so committing an output must not call it. */
static atomic_int umask_calls;

mode_t umask(mode_t mask)
{
	atomic_fetch_add(&umask_calls, 1);
	return (mode_t)syscall(SYS_umask, mask);
}

/* Threads committing outputs at once, as --split-by and batch do: each
 * writes its files in the test folder's "par" subfolder. */
#define PAR_THREADS 4
#define PAR_FILES 400

static pthread_barrier_t par_start;

static void *commit_many(void *arg)
{
	size_t t = *(const size_t *)arg, i;
	sdt_output *o;
	char p[256], name[64];

	pthread_barrier_wait(&par_start); /* all at once */
	for (i = 0; i < PAR_FILES; i++) {
		snprintf(name, sizeof name, "par/t%zu_%zu.txt", t, i);
		path_in(p, sizeof p, name);
		if (sdt_output_begin(&o, p, 0) != SDT_OK)
			return (void *)1;
		fputs("x", sdt_output_stream(o));
		if (sdt_output_commit(o) != SDT_OK)
			return (void *)1;
	}
	return NULL;
}

/* Under umask 077 every file is 0600, the umask is still 077 after, and
 * no commit called umask(): setting and restoring it around each commit
 * raced between threads and left it 022, so most files came out 0644. */
static void test_modes_threads(void **state)
{
	pthread_t th[PAR_THREADS];
	size_t ids[PAR_THREADS];
	void *res;
	char p[256], name[64];
	struct stat st;
	mode_t mask = umask(077);
	size_t t, i, wrong = 0;

	(void)state;
	path_in(p, sizeof p, "par");
	assert_int_equal(mkdir(p, 0700), 0);
	assert_int_equal(pthread_barrier_init(&par_start, NULL, PAR_THREADS), 0);
	atomic_store(&umask_calls, 0);
	for (t = 0; t < PAR_THREADS; t++) {
		ids[t] = t;
		assert_int_equal(pthread_create(&th[t], NULL, commit_many, &ids[t]), 0);
	}
	for (t = 0; t < PAR_THREADS; t++) {
		assert_int_equal(pthread_join(th[t], &res), 0);
		assert_null(res);
	}
	pthread_barrier_destroy(&par_start);
	assert_int_equal(atomic_load(&umask_calls), 0);
	for (t = 0; t < PAR_THREADS; t++)
		for (i = 0; i < PAR_FILES; i++) {
			snprintf(name, sizeof name, "par/t%zu_%zu.txt", t, i);
			path_in(p, sizeof p, name);
			assert_int_equal(stat(p, &st), 0);
			wrong += (st.st_mode & 0777) != 0600;
		}
	assert_int_equal(wrong, 0);
	assert_int_equal(umask(mask), 077); /* never left changed */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_and_modes),
		cmocka_unit_test(test_abort),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_device_and_stdout),
		cmocka_unit_test(test_dirs),
		cmocka_unit_test(test_modes_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
