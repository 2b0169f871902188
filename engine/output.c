/*
 * output.c - temporaries of atomic outputs (sdt_output.h). The table is
 * fixed-size and its slots are written before they are marked used, so a
 * signal handler can walk it at any moment.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sdt_output.h"

#define SLOTS 64
#define PATH_BYTES 4096

static char paths[SLOTS][PATH_BYTES];
static volatile sig_atomic_t used[SLOTS];

int sdt_output_track(const char *tmp_path)
{
	size_t k, n = strlen(tmp_path);

	if (n >= PATH_BYTES)
		return sdt_fail(SDT_ELIMIT, "%s: path too long to protect", tmp_path);
	for (k = 0; k < SLOTS; k++)
		if (!used[k]) {
			memcpy(paths[k], tmp_path, n + 1);
			used[k] = 1;
			return SDT_OK;
		}
	return sdt_fail(SDT_ELIMIT, "more than %d outputs written at once", SLOTS);
}

void sdt_output_untrack(const char *tmp_path)
{
	size_t k;

	for (k = 0; k < SLOTS; k++)
		if (used[k] && strcmp(paths[k], tmp_path) == 0)
			used[k] = 0;
}

void sdt_output_remove_tracked(void)
{
	size_t k;

	for (k = 0; k < SLOTS; k++)
		if (used[k])
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
