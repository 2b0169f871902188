/*
 * fuzz.h - what the libFuzzer harnesses share with each other and with the
 * replay driver (replay.c), which runs the same harness code under the
 * normal compiler on the committed corpus and crash inputs.
 *
 * Every harness checks the engine's promises, not only "no crash": an error
 * comes with a one-line printable message, SDT_ENOMEM never appears unless
 * an allocation really failed, and read errors name the file.
 */
#ifndef SDT_FUZZ_H
#define SDT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sdtscore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken promise: say which and abort, so libFuzzer keeps the input. */
static inline void fuzz_die(const char *what, int rc)
{
	fprintf(stderr, "fuzz: %s (code %d, message \"%s\")\n", what, rc,
	        sdt_error_message());
	abort();
}

/* The message of a failed call: set, one line, no control characters
 * (it is printed to a terminal), and no out-of-memory claim, as no
 * allocation fails while fuzzing. */
static inline void fuzz_check_error(int rc)
{
	const unsigned char *m = (const unsigned char *)sdt_error_message();

	if (rc < SDT_EDATA || rc > SDT_EINTERNAL)
		fuzz_die("unknown error code", rc);
	if (rc == SDT_ENOMEM)
		fuzz_die("out of memory reported without a failed allocation", rc);
	if (sdt_error_code() != rc)
		fuzz_die("error code and recorded code differ", rc);
	if (!m[0])
		fuzz_die("error without a message", rc);
	for (; *m; m++)
		if (*m < 0x20 || *m == 0x7f)
			fuzz_die("control character in the message", rc);
}

/* The data as a heap block of exactly `size` bytes (not terminated), so
 * AddressSanitizer catches any read past the end. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *p = malloc(size ? size : 1);

	if (!p)
		abort();
	if (size)
		memcpy(p, data, size);
	return p;
}

/* Replace the contents of the file at `path` with the data. */
static inline void fuzz_write_file(const char *path, const uint8_t *data,
                                   size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		abort();
}

/* A private temporary file, made once per process and removed at exit. */
static char fuzz_tmp_path[64];

static inline void fuzz_tmp_remove(void)
{
	unlink(fuzz_tmp_path);
}

static inline const char *fuzz_tmp(void)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (fuzz_tmp_path[0])
		return fuzz_tmp_path;
	snprintf(fuzz_tmp_path, sizeof fuzz_tmp_path, "%s/sdtfuzzXXXXXX",
	         dir && strlen(dir) < 40 ? dir : "/tmp");
	fd = mkstemp(fuzz_tmp_path);
	if (fd < 0)
		abort();
	close(fd);
	atexit(fuzz_tmp_remove);
	return fuzz_tmp_path;
}

#endif
