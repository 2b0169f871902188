/*
 * floor.c - the parse floor for `make bench`: read NDJSON line by line,
 * parse each line with cJSON and touch every answer. sdtscore's stats
 * cannot be faster than this on the same file, so it is the yardstick.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	double sum = 0.0;
	long rows = 0;
	cJSON *doc, *answers, *a;

	if (argc != 2 || !(f = fopen(argv[1], "r"))) {
		fprintf(stderr, "usage: floor FILE.ndjson\n");
		return 2;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		doc = cJSON_ParseWithLength(line, (size_t)len);
		if (!doc)
			continue;
		answers = cJSON_GetObjectItemCaseSensitive(doc, "answers");
		cJSON_ArrayForEach(a, answers)
			if (cJSON_IsNumber(a))
				sum += a->valuedouble;
		rows++;
		cJSON_Delete(doc);
	}
	free(line);
	fclose(f);
	printf("%ld rows, checksum %.0f\n", rows, sum);
	return 0;
}
