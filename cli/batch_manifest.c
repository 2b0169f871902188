/*
 * batch_manifest.c - the organisations of a batch from a JSON manifest, a
 * CSV manifest or a directory of organisation folders.
 */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "batch.h"
#include "cli.h"

void batch_manifest_free(batch_manifest *m)
{
	size_t i, k;

	for (i = 0; m->orgs && i < m->n_orgs; i++) {
		batch_org *o = &m->orgs[i];
		for (k = 0; k < o->n_files; k++)
			free(o->files[k]);
		free(o->files);
		free(o->name);
		free(o->instrument);
		free(o->headcount);
		free(o->actions);
		free(o->problem);
		for (k = 0; k < o->n_previous; k++)
			free(o->previous[k]);
		free(o->previous);
	}
	free(m->orgs);
	m->orgs = NULL;
	m->n_orgs = 0;
}

/* p taken from directory dir, unless absolute; caller frees. */
static char *resolve(const char *dir, const char *p)
{
	size_t n;
	char *s;

	if (p[0] == '/' || !dir || !*dir || !strcmp(dir, "."))
		return strdup(p);
	n = strlen(dir) + strlen(p) + 2;
	if ((s = malloc(n)))
		snprintf(s, n, "%s/%s", dir, p);
	return s;
}

/* An instrument is a path when it looks like one; otherwise a bundled id,
 * which must not be turned into a path below the manifest. */
static char *resolve_instrument(const char *dir, const char *spec)
{
	size_t n = strlen(spec);

	if (strchr(spec, '/') || (n > 5 && !strcasecmp(spec + n - 5, ".json")))
		return resolve(dir, spec);
	return strdup(spec);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	if ((d = malloc((size_t)(slash - path) + 1))) {
		memcpy(d, path, (size_t)(slash - path));
		d[slash - path] = '\0';
	}
	return d;
}

/* The organisation called `name`, added when new; NULL out of memory. */
static batch_org *org_named(batch_manifest *m, const char *name, int *added)
{
	batch_org *o;
	size_t i;

	*added = 0;
	for (i = 0; i < m->n_orgs; i++)
		if (!strcmp(m->orgs[i].name, name))
			return &m->orgs[i];
	if (!(o = realloc(m->orgs, (m->n_orgs + 1) * sizeof *o)))
		return NULL;
	m->orgs = o;
	o = &m->orgs[m->n_orgs];
	memset(o, 0, sizeof *o);
	if (!(o->name = strdup(name)))
		return NULL;
	m->n_orgs++;
	*added = 1;
	return o;
}

/* Takes ownership of path (freed on failure). */
static int org_add_file(batch_org *o, char *path)
{
	char **f;

	if (!path || !(f = realloc(o->files, (o->n_files + 1) * sizeof *f))) {
		free(path);
		return -1;
	}
	o->files = f;
	o->files[o->n_files++] = path;
	return 0;
}

static int nomem(void)
{
	cli_error("out of memory");
	return CLI_EXIT_NOMEM;
}

/* ---- JSON manifest ---------------------------------------------------- */

/* An earlier wave's file (taken over); -1 when out of memory. */
static int org_add_previous(batch_org *o, char *f)
{
	char **p = f ? realloc(o->previous, (o->n_previous + 1) * sizeof *p) : NULL;

	if (!p) {
		free(f);
		return -1;
	}
	o->previous = p;
	o->previous[o->n_previous++] = f;
	return 0;
}

static int json_string(const cJSON *v)
{
	return cJSON_IsString(v) && v->valuestring && v->valuestring[0];
}

static int json_files(const char *file, size_t i, const cJSON *files, const char *dir,
                      batch_org *o)
{
	const cJSON *f;
	size_t k = 0;

	if (!cJSON_IsArray(files) || cJSON_GetArraySize(files) == 0) {
		cli_error("%s: organisations[%zu].files: expected a non-empty array of file names",
		          file, i);
		return CLI_EXIT_DATA;
	}
	cJSON_ArrayForEach(f, files) {
		if (!json_string(f)) {
			cli_error("%s: organisations[%zu].files[%zu]: expected a file name", file, i, k);
			return CLI_EXIT_DATA;
		}
		if (org_add_file(o, resolve(dir, f->valuestring)) < 0)
			return nomem();
		k++;
	}
	return 0;
}

/* "previous": [FILE, ...], oldest first, each an earlier wave. */
static int json_previous(const char *file, size_t i, const cJSON *e, const char *dir,
                         batch_org *o)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "previous"), *f;
	size_t k = 0;

	if (!v)
		return 0;
	if (!cJSON_IsArray(v)) {
		cli_error("%s: organisations[%zu].previous: expected an array of file names, "
		          "oldest first", file, i);
		return CLI_EXIT_DATA;
	}
	cJSON_ArrayForEach(f, v) {
		if (!json_string(f)) {
			cli_error("%s: organisations[%zu].previous[%zu]: expected a file name",
			          file, i, k);
			return CLI_EXIT_DATA;
		}
		if (org_add_previous(o, resolve(dir, f->valuestring)) < 0)
			return nomem();
		k++;
	}
	return 0;
}

/* An optional string member: 0 (absent or set), or an exit code. */
static int json_opt(const char *file, size_t i, const cJSON *e, const char *key,
                    const char *dir, char *(*res)(const char *, const char *), char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!json_string(v)) {
		cli_error("%s: organisations[%zu].%s: expected a non-empty string", file, i, key);
		return CLI_EXIT_DATA;
	}
	return (*out = res(dir, v->valuestring)) ? 0 : nomem();
}

static int json_org(batch_manifest *m, const char *file, size_t i, const cJSON *e,
                    const char *dir)
{
	static const char *const keys[] = {"name", "files", "instrument", "headcount",
	                                   "previous", "actions", NULL};
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name"), *k;
	batch_org *o;
	size_t j;
	int added, code;

	if (!cJSON_IsObject(e)) {
		cli_error("%s: organisations[%zu]: expected an object", file, i);
		return CLI_EXIT_DATA;
	}
	cJSON_ArrayForEach(k, e) {
		for (j = 0; keys[j] && strcmp(keys[j], k->string); j++)
			;
		if (!keys[j]) {
			cli_error("%s: organisations[%zu]: unknown key '%s' (name, files, instrument, "
			          "headcount, previous, actions)",
			          file, i, k->string);
			return CLI_EXIT_DATA;
		}
	}
	if (!json_string(name)) {
		cli_error("%s: organisations[%zu].name: expected a non-empty string", file, i);
		return CLI_EXIT_DATA;
	}
	if (!(o = org_named(m, name->valuestring, &added)))
		return nomem();
	if (!added) {
		cli_error("%s: organisations[%zu].name: '%s' is given twice", file, i,
		          name->valuestring);
		return CLI_EXIT_DATA;
	}
	if ((code = json_files(file, i, cJSON_GetObjectItemCaseSensitive(e, "files"), dir, o)) ||
	    (code = json_opt(file, i, e, "instrument", dir, resolve_instrument, &o->instrument)) ||
	    (code = json_opt(file, i, e, "headcount", dir, resolve, &o->headcount)) ||
	    (code = json_opt(file, i, e, "actions", dir, resolve, &o->actions)) ||
	    (code = json_previous(file, i, e, dir, o)))
		return code;
	return 0;
}

static int load_json(batch_manifest *m, const char *file, const char *text, size_t len,
                     const char *dir)
{
	cJSON *root = NULL, *list, *e;
	size_t i = 0;
	int code = 0, err;

	/* The library's one reading of a JSON file: same strictness (text
	 * after the document refused) and places as instruments and maps. */
	if ((err = sdt_json_parse_document(&root, text, len, file)) != SDT_OK)
		return err == SDT_ENOMEM ? nomem() : cli_fail(err);
	list = cJSON_GetObjectItemCaseSensitive(root, "organisations");
	if (!cJSON_IsObject(root) || !cJSON_IsArray(list)) {
		cli_error("%s: organisations: expected {\"organisations\": [...]}", file);
		code = CLI_EXIT_DATA;
	}
	if (!code) {
		cJSON_ArrayForEach(e, list) {
			if ((code = json_org(m, file, i++, e, dir)) != 0)
				break;
		}
	}
	cJSON_Delete(root);
	return code;
}

/* ---- CSV manifest ----------------------------------------------------- */

enum { COL_NAME, COL_FILE, COL_INSTRUMENT, COL_HEADCOUNT, N_COLS };
static const char *const col_names[N_COLS] = {"name", "file", "instrument", "headcount"};

typedef struct csv_ctx {
	const char *file, *dir;
	long col[N_COLS];   /* column of each field, -1 absent */
	size_t n_cols;
	unsigned long *first_row; /* per organisation: the row it began on */
} csv_ctx;

static int csv_header(csv_ctx *c, const char *const *f, long n)
{
	long i;
	int k;

	for (k = 0; k < N_COLS; k++)
		c->col[k] = -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < N_COLS && strcmp(f[i], col_names[k]); k++)
			;
		if (k == N_COLS || c->col[k] >= 0) {
			cli_error("%s:1: column '%s' is %s (name,file,instrument,headcount)", c->file,
			          f[i], k == N_COLS ? "unknown" : "given twice");
			return CLI_EXIT_DATA;
		}
		c->col[k] = i;
	}
	if (c->col[COL_NAME] < 0 || c->col[COL_FILE] < 0) {
		cli_error("%s:1: the header needs the columns name and file "
		          "(name,file,instrument,headcount)", c->file);
		return CLI_EXIT_DATA;
	}
	c->n_cols = (size_t)n;
	return 0;
}

/* A per-organisation value (instrument, headcount) must agree on every
 * row of the organisation; an empty cell repeats it. */
static int csv_same(csv_ctx *c, unsigned long row, const char *name, const char *what,
                    char **have, const char *v, char *(*res)(const char *, const char *))
{
	char *r;

	if (!*v)
		return 0;
	if (!(r = res(c->dir, v)))
		return nomem();
	if (*have && strcmp(*have, r)) {
		cli_error("%s:%lu: organisation '%s': %s '%s' differs from '%s' on an earlier row",
		          c->file, row, name, what, v, *have);
		free(r);
		return CLI_EXIT_DATA;
	}
	free(*have);
	*have = r;
	return 0;
}

static const char *cell(const csv_ctx *c, const char *const *f, int k)
{
	return c->col[k] >= 0 ? f[c->col[k]] : "";
}

static int csv_row(batch_manifest *m, csv_ctx *c, unsigned long row,
                   const char *const *f, long n)
{
	const char *name = cell(c, f, COL_NAME), *file = cell(c, f, COL_FILE);
	batch_org *o;
	int added, code;

	if ((size_t)n != c->n_cols) {
		cli_error("%s:%lu: expected %zu fields, found %ld", c->file, row, c->n_cols, n);
		return CLI_EXIT_DATA;
	}
	if (!*name || !*file) {
		cli_error("%s:%lu: %s is empty", c->file, row, !*name ? "name" : "file");
		return CLI_EXIT_DATA;
	}
	if (!(o = org_named(m, name, &added)) || org_add_file(o, resolve(c->dir, file)) < 0)
		return nomem();
	if ((code = csv_same(c, row, name, "instrument", &o->instrument,
	                     cell(c, f, COL_INSTRUMENT), resolve_instrument)) ||
	    (code = csv_same(c, row, name, "headcount", &o->headcount,
	                     cell(c, f, COL_HEADCOUNT), resolve)))
		return code;
	return 0;
}

/* Read by the engine's CSV reader, as response CSVs are: a Finnish
 * Excel's ';' and BOM too, quotes, places as physical lines. */
static int load_csv(batch_manifest *m, const char *file, const char *dir)
{
	csv_ctx c = {file, dir, {0}, 0, NULL};
	const char *const *f;
	sdt_csv *csv = NULL;
	unsigned long line;
	size_t n;
	int err, code = 0;

	if ((err = sdt_csv_open(&csv, file)) != SDT_OK) {
		code = err == SDT_ENOMEM ? nomem() : cli_fail(err);
		goto done;
	}
	while (!code && (err = sdt_csv_next(csv, &f, &n, &line)) == SDT_OK && f) {
		code = c.n_cols == 0 ? csv_header(&c, f, (long)n)
		                     : csv_row(m, &c, line, f, (long)n);
	}
	if (!code && err != SDT_OK)
		code = err == SDT_ENOMEM ? nomem() : cli_fail(err);
done:
	sdt_csv_free(csv);
	return code;
}

/* ---- directory of organisation folders -------------------------------- */

static int is_response_file(const char *name)
{
	static const char *const ext[] = {".json", ".ndjson", ".jsonl", ".csv", ".tsv",
	                                  ".xlsx", NULL};
	size_t n = strlen(name), k, e;

	for (k = 0; ext[k]; k++) {
		e = strlen(ext[k]);
		if (n > e && !strcasecmp(name + n - e, ext[k]))
			return 1;
	}
	return 0;
}

/* The reason the organisation cannot run: `what` followed by `arg`. */
static int set_problem(batch_org *o, const char *what, const char *arg)
{
	size_t n = strlen(what) + strlen(arg) + 1;

	if (!(o->problem = malloc(n)))
		return nomem();
	snprintf(o->problem, n, "%s%s", what, arg);
	return 0;
}

/* A client folder's previous/: its response files in name order, each an
 * earlier wave, oldest first (name them 2025-..., w1-..., so that the
 * order is right). */
static int dir_previous(batch_org *o, const char *path)
{
	struct dirent **ents = NULL;
	char *f;
	int n, i, code = 0;

	if ((n = scandir(path, &ents, NULL, alphasort)) < 0)
		return set_problem(o, "cannot read the folder: ", path);
	for (i = 0; i < n && !code; i++) {
		const char *name = ents[i]->d_name;
		struct stat st;
		if (name[0] == '.')
			continue;
		if (!(f = resolve(path, name)))
			code = nomem();
		else if (stat(f, &st) != 0 || !S_ISREG(st.st_mode) || !is_response_file(name)) {
			cli_warn("%s: not a response file of an earlier wave: ignored", f);
			free(f);
		} else if (org_add_previous(o, f) < 0) {
			code = nomem();
		}
	}
	for (i = 0; ents && i < n; i++)
		free(ents[i]);
	free(ents);
	return code;
}

/* One organisation folder: its response files, instrument.json,
 * headcount.csv and actions.csv, and earlier waves in previous/; other files are named in
 * a warning, not read. */
static int dir_org(batch_manifest *m, const char *top, const char *sub)
{
	struct dirent **ents = NULL;
	char *path = resolve(top, sub), *f;
	batch_org *o;
	int n, i, added, code = 0;

	if (!path || !(o = org_named(m, sub, &added))) {
		free(path);
		return nomem();
	}
	if ((n = scandir(path, &ents, NULL, alphasort)) < 0) {
		code = set_problem(o, "cannot read the folder: ", strerror(errno));
		goto done;
	}
	for (i = 0; i < n && !code; i++) {
		const char *name = ents[i]->d_name;
		struct stat st;
		if (name[0] == '.')
			continue;
		if (!(f = resolve(path, name)))
			code = nomem();
		else if (!strcmp(name, "previous") && stat(f, &st) == 0 && S_ISDIR(st.st_mode)) {
			code = dir_previous(o, f);
			free(f);
		} else if (stat(f, &st) != 0 || !S_ISREG(st.st_mode) ||
		         (!is_response_file(name) && strcmp(name, "instrument.json"))) {
			cli_warn("%s: not an organisation's response file: ignored", f);
			free(f);
		} else if (!strcmp(name, "instrument.json")) {
			o->instrument = f;
		} else if (!strcmp(name, "headcount.csv")) {
			o->headcount = f;
		} else if (!strcmp(name, "actions.csv")) {
			o->actions = f;
		} else if (org_add_file(o, f) < 0) {
			code = nomem();
		}
	}
	if (!code && o->n_files == 0)
		code = set_problem(o, "no response files (.json, .ndjson, .csv, .tsv, .xlsx) in ",
		                   path);
done:
	for (i = 0; ents && i < n; i++)
		free(ents[i]);
	free(ents);
	free(path);
	return code;
}

static int load_dir(batch_manifest *m, const char *dir)
{
	struct dirent **ents = NULL;
	struct stat st;
	char *p;
	int n, i, code = 0;

	if ((n = scandir(dir, &ents, NULL, alphasort)) < 0) {
		cli_error("%s: cannot read: %s", dir, strerror(errno));
		return CLI_EXIT_IO;
	}
	m->from_dir = 1;
	for (i = 0; i < n && !code; i++) {
		if (ents[i]->d_name[0] == '.')
			continue;
		if (!(p = resolve(dir, ents[i]->d_name))) {
			code = nomem();
			break;
		}
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			code = dir_org(m, dir, ents[i]->d_name);
		else
			cli_warn("%s: not an organisation folder: ignored", p);
		free(p);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return code;
}

/* ---- entry ------------------------------------------------------------ */

static int read_all(const char *path, char **text, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = 0, got;
	char *p;
	int code = 0;

	*text = NULL;
	*len = 0;
	if (!fp) {
		cli_error("%s: cannot read: %s", path, strerror(errno));
		return CLI_EXIT_IO;
	}
	for (;;) {
		if (*len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 65536;
			if (!(p = realloc(*text, cap))) {
				code = nomem();
				break;
			}
			*text = p;
		}
		got = fread(*text + *len, 1, cap - *len - 1, fp);
		*len += got;
		if (got == 0)
			break;
	}
	if (!code && ferror(fp)) {
		cli_error("%s: read failed: %s", path, strerror(errno));
		code = CLI_EXIT_IO;
	}
	if (!code)
		(*text)[*len] = '\0';
	fclose(fp);
	return code;
}

static int is_json(const char *path, const char *text)
{
	size_t n = strlen(path);

	if (n > 5 && !strcasecmp(path + n - 5, ".json"))
		return 1;
	text += strspn(text, " \t\r\n");
	return *text == '{';
}

int batch_manifest_load(batch_manifest *m, const char *path)
{
	struct stat st;
	char *text = NULL, *dir = NULL;
	size_t len;
	int code;

	memset(m, 0, sizeof *m);
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		code = load_dir(m, path);
	else if ((code = read_all(path, &text, &len)) == 0) {
		if (strlen(text) != len) {
			cli_error("%s: a NUL byte in the manifest", path);
			code = CLI_EXIT_DATA;
		} else if (!(dir = dir_of(path)))
			code = nomem();
		else if (is_json(path, text))
			code = load_json(m, path, text, len, dir);
		else
			code = load_csv(m, path, dir);
	}
	if (!code && m->n_orgs == 0) {
		cli_error("%s: no organisations", path);
		code = CLI_EXIT_DATA;
	}
	free(text);
	free(dir);
	return code;
}
