/*
 * map.c - loading and validating column maps for survey exports (see
 * sdt_map.h). Like instruments, every problem is one message naming the
 * file, line:column and JSON path; the place of each column is kept, so
 * that a column that no header matches can later be named the same way.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonpos.h"
#include "map_impl.h"

/* Row numbers beyond this are surely a mistake, and fit in any long. */
#define MAP_ROW_LIMIT 1000000
#define MAP_INT_LIMIT 1000000

typedef struct mctx {
	const char *text;
	size_t len;
	const char *name;
	sdt_jsonpath path;
	sdt_map *map;
} mctx;

static const char *const root_keys[] = {
	"id", "team", "items", "attributes", "labels", "header_row", "skip_rows",
	"team_values", "duration", NULL};

/* "name:line:col: $.path" of the value (or its key) at c->path. */
static void where(mctx *c, int at_key, char *buf, size_t n)
{
	sdt_jsonpos_where(buf, n, c->name, c->text, c->len, &c->path, at_key);
}

/* A problem with the value at c->path (or with its member name). */
#define merr(c, at_key, ...) \
	sdt_jsonpos_fail(SDT_EDATA, (c)->name, (c)->text, (c)->len, &(c)->path, (at_key), \
	                 __VA_ARGS__)

static int expect(mctx *c, const cJSON *v, const char *what)
{
	return merr(c, 0, "expected %s, got %s", what, sdt_json_type_name(v));
}

static int check_text(mctx *c, const char *s, int at_key)
{
	if (sdt_utf8_check(s, strlen(s)) != 0)
		return merr(c, at_key, "%s is not valid UTF-8 or holds a control "
		            "character", at_key ? "the member name" : "the string");
	return SDT_OK;
}

/* Member names valid and unique; all in `keys` unless it is NULL. */
static int check_keys(mctx *c, const cJSON *obj, const char *const *keys)
{
	const cJSON *m, *p;
	const char *const *k;
	size_t i = 0;
	int rc = SDT_OK;

	for (m = obj->child; m && !rc; m = m->next, i++) {
		sdt_jsonpath_push_key(&c->path, m->string, i);
		rc = check_text(c, m->string, 1);
		for (k = keys; !rc && k && *k && strcmp(*k, m->string) != 0; k++)
			;
		if (!rc && keys && !*k)
			rc = merr(c, 1, "unknown key");
		for (p = obj->child; !rc && p != m; p = p->next)
			if (strcmp(p->string, m->string) == 0)
				rc = merr(c, 1, "duplicate key");
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

static int save_where(mctx *c, char **out)
{
	char at[400];

	where(c, 0, at, sizeof at);
	*out = sdt_strdup(at);
	return *out ? SDT_OK : sdt_fail_nomem();
}

/* glibc's regcomp copies the tree under a repetition once per bound, so
 * stacked or nested repetitions ("Q0+++...", "((a{9}){9}){9}") take memory
 * exponential in their number: a 200-byte map took 2 GB. Bound the product
 * of the repetitions (an upper bound on that growth); a header pattern
 * needs a handful. */
#define MAP_REGEX_MAX_LEN 1000
#define MAP_REGEX_BUDGET 4096

static int regex_too_complex(const char *re)
{
	unsigned long cost = 1, f, a, b;
	const char *p = re;
	char *end;

	if (strlen(re) > MAP_REGEX_MAX_LEN)
		return 1;
	for (; *p && cost <= MAP_REGEX_BUDGET; p++) {
		f = 1;
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			/* A bracket expression: ']' first is a member, not the end. */
			p += p[1] == '^' ? 2 : 1;
			p += *p == ']';
			while (*p && *p != ']')
				p++;
			if (!*p)
				break;
		} else if (*p == '*' || *p == '+' || *p == '?') {
			f = 2;
		} else if (*p == '{') {
			a = strtoul(p + 1, &end, 10);
			b = *end == ',' ? strtoul(end + 1, &end, 10) : a;
			f = (a > b ? a : b) + 2;
		}
		cost *= f;
	}
	return cost > MAP_REGEX_BUDGET;
}

static int col_regex(mctx *c, const cJSON *v, map_col *col)
{
	const cJSON *re = v->child;
	char buf[200];
	int e;

	if (!re || re->next || strcmp(re->string, "regex") != 0)
		return merr(c, 0, "expected a header string or {\"regex\": \"...\"}");
	sdt_jsonpath_push_key(&c->path, re->string, 0);
	e = !cJSON_IsString(re) || !re->valuestring[0];
	e = e ? expect(c, re, "a non-empty string") : check_text(c, re->valuestring, 0);
	if (!e && regex_too_complex(re->valuestring))
		e = merr(c, 0, "the regex is too complex (too many or nested "
		         "repetitions, or over %d characters)", MAP_REGEX_MAX_LEN);
	if (!e && !(col->regex = sdt_strdup(re->valuestring)))
		e = sdt_fail_nomem();
	if (!e && (e = regcomp(&col->re, col->regex, REG_EXTENDED | REG_NOSUB)) != 0) {
		regerror(e, &col->re, buf, sizeof buf);
		e = merr(c, 0, "bad regex '%s': %s", col->regex, buf);
	} else if (!e) {
		col->re_ok = 1;
	}
	sdt_jsonpath_pop(&c->path);
	return e;
}

/* A COL: "header" or {"regex": "..."}, at c->path. */
static int parse_col(mctx *c, const cJSON *v, map_col *col)
{
	int rc;

	if ((rc = save_where(c, &col->where)) != SDT_OK)
		return rc;
	if (cJSON_IsObject(v))
		return col_regex(c, v, col);
	if (!cJSON_IsString(v))
		return expect(c, v, "a header string or {\"regex\": \"...\"}");
	if (!v->valuestring[0])
		return merr(c, 0, "expected a non-empty header string");
	if ((rc = check_text(c, v->valuestring, 0)) != SDT_OK)
		return rc;
	col->exact = sdt_strdup(v->valuestring);
	return col->exact ? SDT_OK : sdt_fail_nomem();
}

static void free_col(map_col *col)
{
	sdt_free(col->exact);
	sdt_free(col->regex);
	if (col->re_ok)
		regfree(&col->re);
	sdt_free(col->where);
}

static size_t count_children(const cJSON *v)
{
	const cJSON *e;
	size_t n = 0;

	for (e = v->child; e; e = e->next)
		n++;
	return n;
}

/* {KEY: COL, ...} into entries; `nonempty` when at least one is needed. */
static int parse_entries(mctx *c, const cJSON *v, int nonempty,
                         map_entry **out, size_t *n_out)
{
	const cJSON *m;
	size_t n, k = 0;
	int rc;

	if (!cJSON_IsObject(v))
		return expect(c, v, "an object");
	n = count_children(v);
	if (nonempty && n == 0)
		return merr(c, 0, "expected at least one column");
	if ((rc = check_keys(c, v, NULL)) != SDT_OK)
		return rc;
	*out = sdt_calloc(n ? n : 1, sizeof **out);
	if (!*out)
		return sdt_fail_nomem();
	*n_out = n;
	for (m = v->child; m && !rc; m = m->next, k++) {
		sdt_jsonpath_push_key(&c->path, m->string, k);
		if (!m->string[0])
			rc = merr(c, 1, "empty name");
		if (!rc && !((*out)[k].key = sdt_strdup(m->string)))
			rc = sdt_fail_nomem();
		if (!rc)
			rc = parse_col(c, m, &(*out)[k].col);
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

static int parse_team(mctx *c, const cJSON *v)
{
	sdt_map *map = c->map;
	const cJSON *e;
	size_t n = cJSON_IsArray(v) ? count_children(v) : 1, k = 0;
	int rc = SDT_OK;

	if (cJSON_IsArray(v) && n == 0)
		return merr(c, 0, "expected at least one column");
	map->team = sdt_calloc(n, sizeof *map->team);
	if (!map->team)
		return sdt_fail_nomem();
	map->n_team = n;
	if (!cJSON_IsArray(v))
		return parse_col(c, v, &map->team[0]);
	for (e = v->child; e && !rc; e = e->next, k++) {
		sdt_jsonpath_push_index(&c->path, k);
		rc = parse_col(c, e, &map->team[k]);
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

/* An integer in lo..hi at c->path. */
static int get_int(mctx *c, const cJSON *v, long lo, long hi, long *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return expect(c, v, "an integer");
	d = v->valuedouble;
	if (!isfinite(d) || d != floor(d))
		return merr(c, 0, "expected an integer, got %.17g", d);
	if (d < (double)lo || d > (double)hi)
		return merr(c, 0, "%g is outside %ld..%ld", d, lo, hi);
	*out = (long)d;
	return SDT_OK;
}

static int parse_label(mctx *c, const cJSON *m, map_label *l,
                       const map_label *prev, size_t n_prev)
{
	long v = 0;
	size_t k;
	int rc;

	if ((rc = save_where(c, &l->where)) != SDT_OK)
		return rc;
	if (!(l->norm = sdt_malloc(SDT_NORM_ROOM(strlen(m->string)))))
		return sdt_fail_nomem();
	sdt_label_norm(m->string, l->norm);
	if (!l->norm[0])
		return merr(c, 1, "empty label");
	for (k = 0; k < n_prev; k++)
		if (strcmp(prev[k].norm, l->norm) == 0)
			return merr(c, 1, "label given twice (case and spaces do not count)");
	l->value = SDT_MISSING;
	if (cJSON_IsNull(m))
		return SDT_OK;
	if (!cJSON_IsNumber(m))
		return expect(c, m, "an integer or null");
	rc = get_int(c, m, -MAP_INT_LIMIT, MAP_INT_LIMIT, &v);
	l->value = (int)v;
	return rc;
}

/* fn(c, member, k) for each member of object v in order, under its
 * path, until one fails; v must be "an object of `what`" without a
 * comment key. */
static int each_member(mctx *c, const cJSON *v, const char *what,
                       int (*fn)(mctx *, const cJSON *, size_t))
{
	const cJSON *m;
	size_t k = 0;
	int rc;

	if (!cJSON_IsObject(v))
		return expect(c, v, what);
	if ((rc = check_keys(c, v, NULL)) != SDT_OK)
		return rc;
	for (m = v->child; m && !rc; m = m->next, k++) {
		sdt_jsonpath_push_key(&c->path, m->string, k);
		rc = fn(c, m, k);
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

static int label_member(mctx *c, const cJSON *m, size_t k)
{
	sdt_map *map = c->map;

	map->n_labels = k + 1;
	return parse_label(c, m, &map->labels[k], map->labels, k);
}

static int parse_labels(mctx *c, const cJSON *v)
{
	sdt_map *map = c->map;

	if (cJSON_IsObject(v) &&
	    !(map->labels = sdt_calloc(count_children(v) + 1, sizeof *map->labels)))
		return sdt_fail_nomem();
	return each_member(c, v, "an object of label: value", label_member);
}

static int team_value_cmp(const void *a, const void *b)
{
	return strcmp(((const map_team_value *)a)->code, ((const map_team_value *)b)->code);
}

static int team_value_member(mctx *c, const cJSON *m, size_t k)
{
	sdt_map *map = c->map;
	int rc;

	if (!m->string[0])
		return merr(c, 1, "empty code");
	if (!cJSON_IsString(m))
		return expect(c, m, "a team path (a string)");
	if (!m->valuestring[0])
		return merr(c, 0, "empty team");
	if ((rc = check_text(c, m->valuestring, 0)) != SDT_OK)
		return rc;
	map->team_values[k].code = sdt_strdup(m->string);
	map->team_values[k].path = sdt_strdup(m->valuestring);
	map->n_team_values = k + 1;
	if (!map->team_values[k].code || !map->team_values[k].path)
		return sdt_fail_nomem();
	return SDT_OK;
}

/* "team_values": {CODE: "Org/Team", ...}, the answers of a team list
 * (export-survey writes the list's codes beside the survey). */
static int parse_team_values(mctx *c, const cJSON *v)
{
	sdt_map *map = c->map;
	int rc;

	if (cJSON_IsObject(v) &&
	    !(map->team_values = sdt_calloc(count_children(v) + 1, sizeof *map->team_values)))
		return sdt_fail_nomem();
	rc = each_member(c, v, "an object of code: team", team_value_member);
	if (rc == SDT_OK)
		qsort(map->team_values, map->n_team_values, sizeof *map->team_values,
		      team_value_cmp);
	return rc;
}

const char *sdt_map_team_value(const sdt_map *map, const char *cell)
{
	map_team_value key, *hit;

	if (!map || !map->n_team_values || !cell)
		return cell;
	key.code = (char *)cell;
	hit = bsearch(&key, map->team_values, map->n_team_values, sizeof key,
	              team_value_cmp);
	return hit ? hit->path : cell;
}

static int parse_skips(mctx *c, const cJSON *v)
{
	sdt_map *map = c->map;
	const cJSON *e;
	size_t k = 0, j;
	long row = 0;
	int rc = SDT_OK;

	if (!cJSON_IsArray(v))
		return expect(c, v, "an array of row numbers");
	map->skip = sdt_calloc(count_children(v) + 1, sizeof *map->skip);
	if (!map->skip)
		return sdt_fail_nomem();
	for (e = v->child; e && !rc; e = e->next, k++) {
		sdt_jsonpath_push_index(&c->path, k);
		rc = get_int(c, e, 1, MAP_ROW_LIMIT, &row);
		for (j = 0; !rc && j < k; j++)
			if (map->skip[j] == (unsigned long)row)
				rc = merr(c, 0, "row %ld is listed twice", row);
		if (!rc && (unsigned long)row == (map->header_row ? map->header_row : 1))
			rc = merr(c, 0, "row %ld is the header row", row);
		map->skip[k] = (unsigned long)row;
		map->n_skip = k + 1;
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

/* Find member `key` of obj and run the parser for it with the path set. */
static int member(mctx *c, const cJSON *obj, const char *key, int required,
                  const cJSON **out)
{
	const cJSON *v;
	size_t k = 0;

	for (v = obj->child; v && strcmp(v->string, key) != 0; v = v->next)
		k++;
	*out = v;
	if (!v)
		return required ? merr(c, 0, "missing key '%s'", key) : SDT_OK;
	sdt_jsonpath_push_key(&c->path, v->string, k);
	return SDT_OK;
}

static int parse_field(mctx *c, const cJSON *root, const char *key)
{
	sdt_map *map = c->map;
	const cJSON *v;
	long row = 1;
	int rc, req = !strcmp(key, "id") || !strcmp(key, "items");

	if ((rc = member(c, root, key, req, &v)) != SDT_OK || !v)
		return rc;
	if (!strcmp(key, "id"))
		rc = parse_col(c, v, &map->id);
	else if (!strcmp(key, "duration"))
		rc = parse_col(c, v, &map->duration);
	else if (!strcmp(key, "team"))
		rc = parse_team(c, v);
	else if (!strcmp(key, "items"))
		rc = parse_entries(c, v, 1, &map->items, &map->n_items);
	else if (!strcmp(key, "attributes"))
		rc = parse_entries(c, v, 0, &map->attrs, &map->n_attrs);
	else if (!strcmp(key, "labels"))
		rc = parse_labels(c, v);
	else if (!strcmp(key, "team_values"))
		rc = parse_team_values(c, v);
	else if (!strcmp(key, "header_row"))
		rc = get_int(c, v, 1, MAP_ROW_LIMIT, &row);
	else
		rc = parse_skips(c, v);
	if (!strcmp(key, "header_row"))
		map->header_row = (unsigned long)row;
	sdt_jsonpath_pop(&c->path);
	return rc;
}

static int parse_root(mctx *c, const cJSON *root)
{
	/* header_row before skip_rows, which must not name it. */
	static const char *const order[] = {
		"header_row", "skip_rows", "id", "team", "items", "attributes",
		"labels", "team_values", "duration", NULL};
	size_t k;
	int rc;

	if (!cJSON_IsObject(root))
		return expect(c, root, "an object");
	rc = check_keys(c, root, root_keys);
	for (k = 0; order[k] && !rc; k++)
		rc = parse_field(c, root, order[k]);
	return rc;
}

static int parse_text(mctx *c, cJSON **root)
{
	return sdt_json_document(root, c->text, c->len, c->name, SDT_EDATA);
}

int sdt_map_parse(sdt_map **out, const char *text, size_t len,
                  const char *name)
{
	mctx c = {text, len, name, {0, {{NULL, 0}}}, NULL};
	cJSON *root = NULL;
	int rc;

	if (!out || !text || !name) {
		rc = sdt_fail(SDT_EUSAGE, "sdt_map_parse: NULL argument");
		goto done;
	}
	*out = NULL;
	sdt_jsonpath_init(&c.path);
	if (!(c.map = sdt_calloc(1, sizeof *c.map))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	if ((rc = parse_text(&c, &root)) == SDT_OK)
		rc = parse_root(&c, root);
done:
	cJSON_Delete(root);
	if (rc != SDT_OK)
		sdt_map_free(c.map);
	else
		*out = c.map;
	return rc;
}

int sdt_map_load(sdt_map **out, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !path)
		return sdt_fail(SDT_EUSAGE, "sdt_map_load: NULL argument");
	if ((rc = sdt_read_file(&text, &len, path)) == SDT_OK)
		rc = sdt_map_parse(out, text, len, path);
	sdt_free(text);
	return rc;
}

static void free_entries(map_entry *e, size_t n)
{
	size_t k;

	for (k = 0; e && k < n; k++) {
		sdt_free(e[k].key);
		free_col(&e[k].col);
	}
	sdt_free(e);
}

void sdt_map_free(sdt_map *map)
{
	size_t k;

	if (!map)
		return;
	free_col(&map->id);
	free_col(&map->duration);
	for (k = 0; k < map->n_team; k++)
		free_col(&map->team[k]);
	sdt_free(map->team);
	free_entries(map->items, map->n_items);
	free_entries(map->attrs, map->n_attrs);
	for (k = 0; k < map->n_labels; k++) {
		sdt_free(map->labels[k].norm);
		sdt_free(map->labels[k].where);
	}
	sdt_free(map->labels);
	for (k = 0; k < map->n_team_values; k++) {
		sdt_free(map->team_values[k].code);
		sdt_free(map->team_values[k].path);
	}
	sdt_free(map->team_values);
	sdt_free(map->skip);
	sdt_free(map);
}

const char *sdt_layout_name(sdt_layout layout)
{
	switch (layout) {
	case SDT_LAYOUT_QUALTRICS: return "qualtrics";
	case SDT_LAYOUT_LIMESURVEY: return "limesurvey";
	default: return "generic";
	}
}

/* The layout named `name`, or -1 for an unknown one. */
static int layout_lookup(const char *name)
{
	if (name && !strcmp(name, "generic"))
		return SDT_LAYOUT_GENERIC;
	if (name && !strcmp(name, "qualtrics"))
		return SDT_LAYOUT_QUALTRICS;
	if (name && !strcmp(name, "limesurvey"))
		return SDT_LAYOUT_LIMESURVEY;
	return -1;
}

int sdt_layout_parse(const char *name)
{
	return layout_lookup(name);
}

int sdt_layout_from_name(sdt_layout *out, const char *name)
{
	int k = layout_lookup(name);

	if (k < 0)
		return sdt_fail(SDT_EUSAGE, "unknown layout '%s' (generic, qualtrics, limesurvey)",
		                name ? name : "(null)");
	*out = (sdt_layout)k;
	return SDT_OK;
}

unsigned long sdt_layout_header_row(int layout)
{
	(void)layout; /* every known layout has its codes in row 1 */
	return 1;
}

int sdt_layout_skips(int layout, unsigned long row)
{
	/* Qualtrics: question texts and ImportId JSON under the codes. */
	return layout == SDT_LAYOUT_QUALTRICS && (row == 2 || row == 3);
}

int sdt_map_has_duration(const sdt_map *map)
{
	return map && (map->duration.exact || map->duration.regex);
}
