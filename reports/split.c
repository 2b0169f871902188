/*
 * split.c - supervisor workbooks: one per visible team or per visible
 * group at a level, each rendering only its own branch of the hierarchy
 * through the same writer as the full workbook, under a file name that
 * is safe on every common file system.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int sdt_report_split(const sdt_report_input *in, const char *spec,
                     const char *dir, size_t *n_written)
{
	split_spec sp;
	unsigned char *mask = NULL;
	char **used = NULL, name[NAME_MAX_BYTES + 16];
	size_t i, n_used = 0, ng;
	int err;

	if (n_written)
		*n_written = 0;
	if ((err = parse_spec(&sp, spec)) || (err = check_dir(dir)))
		return err;
	if (!in || !in->groups)
		return sdt_fail(SDT_EUSAGE, "split: no groups to report");
	if ((err = SDT_CHECK_OPTIONS(in, sdt_report_input, SDT_REPORT_INPUT)) != SDT_OK)
		return err;
	ng = in->groups->n_groups;
	mask = sdt_malloc(ng ? ng : 1);
	used = sdt_calloc(ng ? ng : 1, sizeof *used);
	if (!mask || !used) {
		err = sdt_fail_nomem();
		goto done;
	}
	for (i = 0; i < ng && !err; i++) {
		if (!is_target(in->groups, &sp, i))
			continue;
		sdt_report_file_name(name, sizeof name, in->groups->groups[i].path);
		if ((err = unique_name(name, used, n_used)) != SDT_OK)
			break;
		if (!(used[n_used] = sdt_strdup(name))) {
			err = sdt_fail_nomem();
			break;
		}
		n_used++;
		branch_mask(mask, in->groups, &sp, i);
		if ((err = write_one(in, mask, (long)i, dir, name)) == SDT_OK && n_written)
			(*n_written)++;
	}
done:
	for (i = 0; used && i < n_used; i++)
		sdt_free(used[i]);
	sdt_free(used);
	sdt_free(mask);
	return err;
}
