/*
 * output.c - temporaries of atomic outputs (sdt_output.h). The table is
 * fixed-size and its slots are written before they are marked used, so a
 * signal handler can walk it at any moment.
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sdt_output.h"

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

int sdt_output_set_mode(const char *tmp_path, const char *target)
{
	struct stat st;
	mode_t mode, mask;

	if (stat(target, &st) == 0 && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 07777;
	} else {
		mask = umask(022);
		umask(mask);
		mode = 0666 & ~mask;
	}
	if (chmod(tmp_path, mode) != 0)
		return sdt_fail(SDT_EIO, "%s: cannot set its permissions: %s", target, strerror(errno));
	return SDT_OK;
}

void sdt_output_json_number(FILE *fp, double x)
{
	char buf[SDT_DOUBLE_CHARS];

	if (isnan(x) || isinf(x))
		fputs("null", fp);
	else
		fputs(sdt_format_double(buf, x), fp);
}

void sdt_output_json_string(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(fp, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(fp, "\\u%04x", *p);
		else
			fputc(*p, fp);
	}
	fputc('"', fp);
}

static int csv_needs_quotes(char first, const char *s, char last)
{
	/* Quoted too when it starts or ends with a space or tab: readers such
	 * as libcsv (ours) trim those around an unquoted field. */
	return strpbrk(s, ",\"\r\n") || first == ' ' || first == '\t' ||
	       last == ' ' || last == '\t';
}

/* An RFC 4180 field of `prefix` (0: none), s and `suffix` ("" none). */
static void csv_field(FILE *fp, char prefix, const char *s, const char *suffix)
{
	size_t n = strlen(s), ns = strlen(suffix);
	char first = prefix ? prefix : n ? s[0] : suffix[0];
	char last = ns ? suffix[ns - 1] : n ? s[n - 1] : prefix;
	int q = csv_needs_quotes(first, s, last) || strpbrk(suffix, ",\"\r\n");

	if (q)
		fputc('"', fp);
	if (prefix)
		fputc(prefix, fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputs(suffix, fp); /* the caller's constant: no quote in it */
	if (q)
		fputc('"', fp);
}

/* OWASP's advice for CSV that spreadsheets open: a text cell beginning
 * with = + - @ tab or CR could be taken for a formula, so it gets a
 * leading apostrophe, which Excel and LibreOffice show as text. */
void sdt_output_csv_text(FILE *fp, const char *s, const char *suffix, int safe)
{
	if (!s)
		return;
	csv_field(fp, safe && *s && strchr("=+-@\t\r", *s) ? '\'' : 0, s,
	          suffix ? suffix : "");
}
