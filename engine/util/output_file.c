/*
 * output_file.c - atomic outputs (sdt_output.h): a temporary beside the
 * target, private while it is written, renamed over the target when
 * complete; devices and pipes written in place; the temporaries tracked
 * for an interrupt handler. The tracking table is fixed-size and its
 * slots are written before they are marked used, so a signal handler can
 * walk it at any moment; threads claim slots under a lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sdt_output.h"

struct sdt_output {
	FILE *fp;
	char *path;
	char *tmp;    /* NULL: standard output or in place */
	int direct;   /* fp is the path itself, opened in place */
	unsigned flags;
};

#define SLOTS 64
#define PATH_BYTES 4096

/* 0 free, 2 being filled, 1 in use. Atomic (and lock-free, so the
 * signal handler may read it) and changed under `lock`: threads writing
 * workbooks at once (batch, --split-by) claim different slots, and none
 * compares a path another is writing. */
static char paths[SLOTS][PATH_BYTES];
static atomic_int used[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

int sdt_output_track(const char *tmp_path)
{
	size_t k, n = strlen(tmp_path);

	if (n >= PATH_BYTES)
		return sdt_fail(SDT_ELIMIT, "%s: path too long to protect", tmp_path);
	pthread_mutex_lock(&lock);
	for (k = 0; k < SLOTS; k++) {
		if (atomic_load(&used[k]) == 0) {
			atomic_store(&used[k], 2);
			memcpy(paths[k], tmp_path, n + 1);
			atomic_store(&used[k], 1);
			pthread_mutex_unlock(&lock);
			return SDT_OK;
		}
	}
	pthread_mutex_unlock(&lock);
	return sdt_fail(SDT_ELIMIT, "more than %d outputs written at once", SLOTS);
}

void sdt_output_untrack(const char *tmp_path)
{
	size_t k;

	pthread_mutex_lock(&lock);
	for (k = 0; k < SLOTS; k++)
		if (atomic_load(&used[k]) == 1 && strcmp(paths[k], tmp_path) == 0)
			atomic_store(&used[k], 0);
	pthread_mutex_unlock(&lock);
}

void sdt_output_remove_tracked(void)
{
	size_t k;

	for (k = 0; k < SLOTS; k++)
		if (atomic_load(&used[k]) == 1)
			unlink(paths[k]);
}

/* Where /proc is missing: the umask as umask() gives it, which sets it
 * too, so it is read once and never set again. */
static pthread_once_t umask_once = PTHREAD_ONCE_INIT;
static mode_t umask_read_once;

static void read_umask_once(void)
{
	umask_read_once = umask(022);
	umask(umask_read_once);
}

/* The process's umask, without changing it. Setting and restoring it
 * around each commit raced between threads writing workbooks at once
 * (--split-by, batch): one restored the 022 the other had set, and a
 * umask 077 user's workbooks came out world-readable. Linux shows it in
 * /proc/self/status (since 4.7). */
static mode_t current_umask(void)
{
	static const char key[] = "\nUmask:";
	char buf[4096], *p, *end;
	ssize_t n;
	unsigned long m;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n > 0) {
		buf[n] = '\0';
		if ((p = strstr(buf, key)) != NULL) {
			m = strtoul(p + sizeof key - 1, &end, 8);
			if (end != p + sizeof key - 1 && m <= 0777)
				return (mode_t)m;
		}
	}
	pthread_once(&umask_once, read_umask_once);
	return umask_read_once;
}

int sdt_output_set_mode(const char *tmp_path, const char *target)
{
	struct stat st;
	mode_t mode;

	if (stat(target, &st) == 0 && S_ISREG(st.st_mode))
		mode = st.st_mode & 07777;
	else
		mode = 0666 & ~current_umask();
	if (chmod(tmp_path, mode) != 0)
		return sdt_fail(SDT_EIO, "%s: cannot set its permissions: %s", target, strerror(errno));
	return SDT_OK;
}

/* An existing target that is not a regular file: a directory is an error;
 * a device or pipe is written in place (see sdt_output), which sets
 * o->direct. SDT_OK (a regular file, absent, or opened in place) or an
 * error code. */
static int begin_special(sdt_output *o)
{
	struct stat st;

	if (stat(o->path, &st) != 0 || S_ISREG(st.st_mode))
		return SDT_OK;
	if (S_ISDIR(st.st_mode))
		return sdt_fail(SDT_EIO, "%s: is a directory; give a file name for the output",
		                o->path);
	if (o->flags & SDT_OUTPUT_BY_NAME)
		return sdt_fail(SDT_EIO, "%s: is not a regular file; this output is written "
		                "to a file only", o->path);
	if (!(o->fp = fopen(o->path, "w")))
		return sdt_fail(SDT_EIO, "%s: cannot write: %s", o->path, strerror(errno));
	o->direct = 1;
	return SDT_OK;
}

/* The temporary beside the path, tracked, with a stream unless BY_NAME. */
static int begin_temp(sdt_output *o)
{
	size_t n = strlen(o->path) + 16;
	int fd, rc, e;

	if (!(o->tmp = sdt_malloc(n)))
		return sdt_fail_nomem();
	snprintf(o->tmp, n, "%s.tmpXXXXXX", o->path);
	/* mkstemp makes the file private (0600): it stays so until it is
	 * complete (a workbook library reopening it by name keeps that). */
	if ((fd = mkstemp(o->tmp)) < 0) {
		e = errno;
		sdt_free(o->tmp);
		o->tmp = NULL;
		return sdt_fail(SDT_EIO, "%s: cannot write: %s", o->path, strerror(e));
	}
	if ((rc = sdt_output_track(o->tmp)) != SDT_OK) {
		close(fd);
		unlink(o->tmp);
		sdt_free(o->tmp);
		o->tmp = NULL;
		return rc;
	}
	if (o->flags & SDT_OUTPUT_BY_NAME)
		close(fd);
	else if (!(o->fp = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		return sdt_fail(SDT_EIO, "%s: cannot write: %s", o->path, strerror(e));
	}
	return SDT_OK;
}

int sdt_output_begin(sdt_output **out, const char *path, unsigned flags)
{
	sdt_output *o;
	int rc;

	*out = NULL;
	if (!(o = sdt_calloc(1, sizeof *o)))
		return sdt_fail_nomem();
	o->flags = flags;
	if (!(flags & SDT_OUTPUT_BY_NAME) && (!path || strcmp(path, "-") == 0)) {
		o->fp = stdout;
		*out = o;
		return SDT_OK;
	}
	if (!path || !(o->path = sdt_strdup(path))) {
		rc = path ? sdt_fail_nomem() : sdt_fail(SDT_EUSAGE, "an output needs a path");
		goto fail;
	}
	if ((rc = begin_special(o)) == SDT_OK && !o->direct)
		rc = begin_temp(o);
	if (rc == SDT_OK) {
		*out = o;
		return SDT_OK;
	}
fail:
	sdt_output_abort(o);
	return rc;
}

FILE *sdt_output_stream(const sdt_output *o)
{
	return o->fp;
}

const char *sdt_output_temp(const sdt_output *o)
{
	return o->tmp;
}

/* Close the stream; 1 when anything written was lost (errno says why). */
static int close_stream(sdt_output *o)
{
	int bad;

	if (!o->fp)
		return 0;
	bad = fflush(o->fp) != 0 || ferror(o->fp);
	if (o->tmp || o->direct)
		bad |= fclose(o->fp) != 0;
	o->fp = NULL;
	return bad;
}

int sdt_output_commit(sdt_output *o)
{
	int rc = SDT_OK;

	if (!o)
		return SDT_OK;
	if (close_stream(o)) {
		rc = sdt_fail(SDT_EIO, "%s: write failed: %s",
		              o->path ? o->path : "standard output", strerror(errno));
	} else if (o->tmp) {
		if (!(o->flags & SDT_OUTPUT_PRIVATE))
			rc = sdt_output_set_mode(o->tmp, o->path);
		else if (chmod(o->tmp, 0600) != 0)
			rc = sdt_fail(SDT_EIO, "%s: write failed: %s", o->path, strerror(errno));
		if (rc == SDT_OK && rename(o->tmp, o->path) != 0)
			rc = sdt_fail(SDT_EIO, "%s: write failed: %s", o->path, strerror(errno));
		if (rc == SDT_OK) { /* renamed: nothing to remove */
			sdt_output_untrack(o->tmp);
			sdt_free(o->tmp);
			o->tmp = NULL;
		}
	}
	sdt_output_abort(o);
	return rc;
}

void sdt_output_abort(sdt_output *o)
{
	if (!o)
		return;
	if (o->fp && (o->tmp || o->direct))
		fclose(o->fp);
	if (o->tmp) {
		unlink(o->tmp);
		sdt_output_untrack(o->tmp);
		sdt_free(o->tmp);
	}
	sdt_free(o->path);
	sdt_free(o);
}

/* The folder a path is in: "." for a bare name. Caller frees; NULL when
 * out of memory. */
static char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return sdt_strdup(".");
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return sdt_strdup("/");
	return sdt_strndup(path, (size_t)(slash - path));
}

/* A folder an output `out` can be made in: an existing, writable folder. */
static int writable_dir(const char *out, const char *dir)
{
	struct stat st;
	int e;

	if (stat(dir, &st) != 0)
		e = errno;
	else if (!S_ISDIR(st.st_mode))
		e = ENOTDIR;
	else if (access(dir, W_OK | X_OK) != 0)
		e = errno;
	else
		return SDT_OK;
	return sdt_fail(SDT_EIO, "%s: cannot write: %s", out, strerror(e));
}

int sdt_output_check(const char *path)
{
	struct stat st;
	char *dir;
	int rc;

	if (!path || strcmp(path, "-") == 0)
		return SDT_OK;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return sdt_fail(SDT_EIO, "%s: is a directory; give a file name for the output", path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return SDT_OK; /* a device or pipe, written in place */
	if (!(dir = parent_of(path)))
		return sdt_fail_nomem();
	rc = writable_dir(path, dir);
	sdt_free(dir);
	return rc;
}

int sdt_output_dir_check(const char *path)
{
	struct stat st;
	char *dir = NULL, *up;
	int rc = SDT_OK;

	if (stat(path, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return sdt_fail(SDT_EIO, "%s: not a directory; give a folder for the output",
			                path);
		return writable_dir(path, path);
	}
	/* To be made with its parents: the nearest folder that exists must
	 * take new entries. */
	if (!(dir = sdt_strdup(path)))
		rc = SDT_ENOMEM;
	while (!rc && stat(dir, &st) != 0 && errno == ENOENT) {
		if (!(up = parent_of(dir)))
			rc = SDT_ENOMEM;
		else if (strcmp(up, dir) == 0) {
			sdt_free(up);
			break;
		}
		sdt_free(dir);
		dir = up;
	}
	if (rc)
		rc = sdt_fail_nomem();
	else
		rc = writable_dir(path, dir);
	sdt_free(dir);
	return rc;
}

int sdt_output_make_dirs(const char *path)
{
	struct stat st;
	char *p = sdt_strdup(path), *s, c;
	int rc = SDT_OK;

	if (!p)
		return sdt_fail_nomem();
	/* Each prefix ending before a '/', then the whole path. */
	for (s = p + 1;; s++) {
		if (*s && *s != '/')
			continue;
		c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && !(errno == EEXIST && stat(p, &st) == 0 &&
		                             S_ISDIR(st.st_mode)))
			rc = sdt_fail(SDT_EIO, "%s: cannot make the directory: %s", p, errno == EEXIST
			              ? "a file of that name exists" : strerror(errno));
		*s = c;
		if (rc || !c)
			break;
	}
	sdt_free(p);
	return rc;
}
