/*
 * replay.c - runs a fuzz harness (linked in, with its LLVMFuzzerTestOneInput)
 * on files, without libFuzzer: the committed corpus and every crash input
 * found so far, under the normal compiler and in sanitizer builds, so a
 * fixed bug stays fixed in `make test`.
 *
 * usage: replay_<target> NAME DIR...   prints "PASS fuzz/NAME: N inputs";
 * a broken promise aborts inside the harness (the runner reports it).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Feed one file; returns 0, or -1 when it cannot be read. */
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;
	int rc = -1;

	if (!f)
		goto done;
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		goto done;
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		goto done;
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	rc = 0;
done:
	free(buf);
	if (f)
		fclose(f);
	return rc;
}

/* Every regular file directly in dir (a missing dir has none), in name
 * order so a failure is reproducible. */
static int replay_dir(const char *dir, size_t *count)
{
	struct dirent **list = NULL;
	char path[4096];
	struct stat st;
	int n, i, rc = 0;

	n = scandir(dir, &list, NULL, alphasort);
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, list[i]->d_name);
		if (rc == 0 && list[i]->d_name[0] != '.' && stat(path, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			fprintf(stderr, "replay: %s\n", path);
			if (replay_file(path) != 0) {
				printf("FAIL fuzz/%s: cannot read %s\n", dir, path);
				rc = -1;
			}
			(*count)++;
		}
		free(list[i]);
	}
	free(list);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i;

	if (argc < 3) {
		fprintf(stderr, "usage: %s NAME DIR...\n", argv[0]);
		return 2;
	}
	for (i = 2; i < argc; i++)
		if (replay_dir(argv[i], &count) != 0)
			return 1;
	if (count == 0) {
		printf("FAIL fuzz/%s: no inputs\n", argv[1]);
		return 1;
	}
	printf("PASS fuzz/%s: %zu inputs\n", argv[1], count);
	return 0;
}
