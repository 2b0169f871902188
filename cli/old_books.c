/*
 * old_books.c - workbooks an earlier run left in a split's folder
 * (cli.h): listed by inode before the split, said after it when the split
 * did not replace them (each workbook it writes is a new file renamed in).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct old_book {
	char *name;
	dev_t dev;
	ino_t ino;
} old_book;

struct cli_old_books {
	old_book *books;
	size_t n;
};

static int is_workbook(const char *name)
{
	size_t len = strlen(name);

	return len > 5 && strcmp(name + len - 5, ".xlsx") == 0 && name[0] != '.';
}

static int add_book(cli_old_books *o, const char *dir, const char *name)
{
	char path[4096];
	struct stat st;
	old_book *b;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path ||
	    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return 0; /* not a workbook the split could replace */
	if (!(b = realloc(o->books, (o->n + 1) * sizeof *b)))
		return -1;
	o->books = b;
	if (!(b[o->n].name = strdup(name)))
		return -1;
	b[o->n].dev = st.st_dev;
	b[o->n++].ino = st.st_ino;
	return 0;
}

int cli_old_books_list(cli_old_books **out, const char *dir)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	*out = NULL;
	if (!(d = opendir(dir)))
		return 0; /* made by the split: nothing old in it */
	if (!(*out = calloc(1, sizeof **out)))
		rc = -1;
	while (!rc && (e = readdir(d)) != NULL)
		if (is_workbook(e->d_name))
			rc = add_book(*out, dir, e->d_name);
	closedir(d);
	if (rc) {
		cli_old_books_free(*out);
		*out = NULL;
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	return 0;
}

void cli_old_books_say(const cli_old_books *o, const char *dir)
{
	char path[4096], names[256] = "";
	struct stat st;
	size_t k, n = 0, len;

	for (k = 0; o && k < o->n; k++) {
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, o->books[k].name) >= sizeof path ||
		    stat(path, &st) != 0 || st.st_dev != o->books[k].dev || st.st_ino != o->books[k].ino)
			continue; /* replaced by this run, or gone */
		len = strlen(names);
		if (n < 3)
			snprintf(names + len, sizeof names - len, "%s%s", n ? ", " : "", o->books[k].name);
		n++;
	}
	if (n)
		cli_warn("%s holds %zu workbook%s this run did not write, from an earlier run: "
		         "%s%s (remove %s before handing the folder out)", dir, n, n == 1 ? "" : "s",
		         names, n > 3 ? ", ..." : "", n == 1 ? "it" : "them");
}

void cli_old_books_free(cli_old_books *o)
{
	size_t k;

	if (!o)
		return;
	for (k = 0; k < o->n; k++)
		free(o->books[k].name);
	free(o->books);
	free(o);
}
