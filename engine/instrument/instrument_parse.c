/*
 * instrument_parse.c - validation of "sdtscore-instrument/1" documents.
 *
 * The cJSON tree is walked while the JSON path of the current value is kept
 * up to date. The first problem found becomes one message,
 * "<name>:<line>:<col>: <path>: <what is wrong>"; as cJSON keeps no
 * positions, jsonpos finds the value in the text again, and only then.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "instrument_impl.h"
#include "jsonpos.h"

#define INS_FORMAT "sdtscore-instrument/1"
/* Far beyond any rating scale, and keeps max - min + 1 well inside int. */
#define INS_INT_LIMIT 1000000

typedef struct pctx {
	const char *text;
	size_t len;
	const char *name;
	sdt_jsonpath path; /* of the value being checked */
	sdt_instrument *ins;
	ins_rscale *rs; /* the response scale being read */
	size_t *seen; /* per item (or scale): 1 + the scale (or composite)
	                 that last named it, to catch repeats in one list */
} pctx;

/* Check member value v and store what it means in *out. */
typedef int (*field_fn)(pctx *c, const cJSON *v, void *out);
/* Check element k of an array. */
typedef int (*elem_fn)(pctx *c, const cJSON *e, size_t k);

static const char *const root_keys[] = {
	"format", "id", "version", "title", "source", "terms", "response_scale",
	"favourable_min", "items", "scales", "composites", NULL};
static const char *const response_keys[] = {"min", "max", "labels", NULL};
/* An item's own scale may say where favourable begins; the instrument's
 * says it at the top level, as it always has. */
static const char *const item_response_keys[] = {
	"min", "max", "labels", "favourable_min", NULL};
static const char *const item_keys[] = {
	"id", "type", "reverse", "label", "text", "response_scale", NULL};
static const char *const scale_keys[] = {
	"id", "label", "need", "valence", "items", "min_answered", NULL};
static const char *const composite_keys[] = {
	"id", "label", "scales", "weights", NULL};

/* A problem with the value at c->path (or with its member name). */
#define perr(c, at_key, ...) \
	sdt_jsonpos_fail(SDT_EINSTRUMENT, (c)->name, (c)->text, (c)->len, &(c)->path, (at_key), \
	                 __VA_ARGS__)

/* A problem with the text itself, before there is a tree to name a path. */
static int expect(pctx *c, const cJSON *v, const char *what)
{
	return perr(c, 0, "expected %s, got %s", what, sdt_json_type_name(v));
}

static size_t count_children(const cJSON *v)
{
	const cJSON *e;
	size_t n = 0;

	for (e = v->child; e; e = e->next)
		n++;
	return n;
}

/* cJSON lets control characters (raw or escaped) and, in principle, bad
 * UTF-8 through; every string the instrument keeps is checked. */
static int check_utf8(pctx *c, const char *s, int at_key)
{
	size_t bad = sdt_utf8_check(s, strlen(s));
	unsigned char b;

	if (!bad)
		return SDT_OK;
	b = (unsigned char)s[bad - 1];
	if (b < 0x20 || b == 0x7f)
		return perr(c, at_key, "%s contains a control character (U+%04X)",
		            at_key ? "member name" : "string", (unsigned)b);
	return perr(c, at_key, "%s is not valid UTF-8",
	            at_key ? "member name" : "string");
}

static int check_string(pctx *c, const cJSON *v, int nonempty)
{
	int rc;

	if (!cJSON_IsString(v))
		return expect(c, v, nonempty ? "a non-empty string" : "a string");
	rc = check_utf8(c, v->valuestring, 0);
	if (!rc && nonempty && !v->valuestring[0])
		rc = perr(c, 0, "expected a non-empty string");
	return rc;
}

/* Check a string and keep a copy in the instrument. */
static int get_string(pctx *c, const cJSON *v, int nonempty, const char **out)
{
	int rc = check_string(c, v, nonempty);

	if (!rc && !(*out = sdt_instrument_strdup(c->ins, v->valuestring)))
		rc = sdt_fail_nomem();
	return rc;
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* obj is an object whose member names are valid, unique and, when `keys`
 * is not NULL, all in it. */
static int check_keys(pctx *c, const cJSON *obj, const char *const *keys)
{
	const cJSON *m, *p;
	size_t k = 0;
	int rc = SDT_OK;

	if (!cJSON_IsObject(obj))
		return expect(c, obj, "an object");
	for (m = obj->child; m && !rc; m = m->next, k++) {
		sdt_jsonpath_push_key(&c->path, m->string, k);
		rc = check_utf8(c, m->string, 1);
		if (!rc && keys && !in_list(m->string, keys))
			rc = perr(c, 1, "unknown key");
		for (p = obj->child; !rc && p != m; p = p->next)
			if (strcmp(p->string, m->string) == 0)
				rc = perr(c, 1, "duplicate key");
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

/* Run fn on member `key` of obj, with the path pointing at it. A missing
 * member is an error when required, else fn is not called. */
static int field(pctx *c, const cJSON *obj, const char *key, int required,
                 field_fn fn, void *out)
{
	const cJSON *v;
	size_t k = 0;
	int rc;

	for (v = obj->child; v && strcmp(v->string, key) != 0; v = v->next)
		k++;
	if (!v)
		return required ? perr(c, 0, "missing key '%s'", key) : SDT_OK;
	sdt_jsonpath_push_key(&c->path, v->string, k);
	rc = fn(c, v, out);
	sdt_jsonpath_pop(&c->path);
	return rc;
}

/* Run fn on every element of the array v, with the path pointing at it. */
static int each(pctx *c, const cJSON *v, elem_fn fn)
{
	const cJSON *e;
	size_t k = 0;
	int rc = SDT_OK;

	for (e = v->child; e && !rc; e = e->next, k++) {
		sdt_jsonpath_push_index(&c->path, k);
		rc = fn(c, e, k);
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

/* ---- scalar fields ---- */

static int f_format(pctx *c, const cJSON *v, void *out)
{
	int rc = check_string(c, v, 0);

	(void)out;
	if (!rc && strcmp(v->valuestring, INS_FORMAT) != 0)
		rc = perr(c, 0, "unsupported format '%s' (expected '" INS_FORMAT "')",
		          v->valuestring);
	return rc;
}

static int f_nonempty(pctx *c, const cJSON *v, void *out)
{
	return get_string(c, v, 1, out);
}

static int f_bool(pctx *c, const cJSON *v, void *out)
{
	if (!cJSON_IsBool(v))
		return expect(c, v, "true or false");
	*(int *)out = cJSON_IsTrue(v) ? 1 : 0;
	return SDT_OK;
}

static int f_int(pctx *c, const cJSON *v, void *out)
{
	double d;

	if (!cJSON_IsNumber(v))
		return expect(c, v, "an integer");
	d = v->valuedouble;
	/* A literal such as 1e309 reads as infinity, and "inf" would puzzle. */
	if (!isfinite(d))
		return perr(c, 0, "the number is too large (the range is -%d..%d)",
		            INS_INT_LIMIT, INS_INT_LIMIT);
	if (d < -INS_INT_LIMIT || d > INS_INT_LIMIT)
		return perr(c, 0, "integer %.17g is out of range (-%d..%d)", d,
		            INS_INT_LIMIT, INS_INT_LIMIT);
	/* %.17g: 2.0000001 must not read as "got 2" */
	if (d != floor(d))
		return perr(c, 0, "expected an integer, got %.17g", d);
	*(int *)out = (int)d;
	return SDT_OK;
}

/* One language's text of a language map; the member is at c->path. */
static int text_entry(pctx *c, const cJSON *m, ins_text *t, size_t k)
{
	int rc = SDT_OK;

	if (!m->string[0])
		rc = perr(c, 1, "empty language code");
	if (!rc && !(t->lang[k] = sdt_instrument_strdup(c->ins, m->string)))
		rc = sdt_fail_nomem();
	if (!rc)
		rc = get_string(c, m, 0, &t->str[k]);
	return rc;
}

/* A text: a plain string (any language), or {lang: string}. */
static int f_text(pctx *c, const cJSON *v, void *out)
{
	ins_text *t = out;
	const cJSON *m;
	size_t n, k = 0;
	int rc;

	if (cJSON_IsString(v)) {
		n = 1;
	} else if (cJSON_IsObject(v)) {
		n = count_children(v);
	} else {
		return expect(c, v, "a string or an object of texts by language");
	}
	rc = SDT_OK;
	if (cJSON_IsObject(v))
		rc = n ? check_keys(c, v, NULL) : perr(c, 0, "expected at least one language");
	t->lang = rc ? NULL : sdt_instrument_alloc(c->ins, n, sizeof *t->lang);
	t->str = rc ? NULL : sdt_instrument_alloc(c->ins, n, sizeof *t->str);
	if (!rc && (!t->lang || !t->str))
		rc = sdt_fail_nomem();
	if (!rc && cJSON_IsString(v)) {
		t->lang[0] = "";
		rc = get_string(c, v, 0, &t->str[0]);
	}
	for (m = cJSON_IsObject(v) ? v->child : NULL; m && !rc; m = m->next, k++) {
		sdt_jsonpath_push_key(&c->path, m->string, k);
		rc = text_entry(c, m, t, k);
		sdt_jsonpath_pop(&c->path);
	}
	if (!rc)
		t->n = n;
	return rc;
}

/* ---- response scale ---- */

static int f_max(pctx *c, const cJSON *v, void *out)
{
	int rc = f_int(c, v, out);

	if (!rc && c->rs->max <= c->rs->min)
		rc = perr(c, 0, "max (%d) must be greater than min (%d)",
		          c->rs->max, c->rs->min);
	return rc;
}

/* One language's labels: one string per scale point. */
static int label_list(pctx *c, const cJSON *v, const char ***out)
{
	size_t points = (size_t)(c->rs->max - c->rs->min) + 1, n, k = 0;
	const cJSON *e;
	int rc = SDT_OK;

	if (!cJSON_IsArray(v))
		return expect(c, v, "an array of labels");
	n = count_children(v);
	if (n != points)
		return perr(c, 0, "%zu labels for %zu scale points (%d..%d)", n,
		            points, c->rs->min, c->rs->max);
	if (!(*out = sdt_instrument_alloc(c->ins, n, sizeof **out)))
		return sdt_fail_nomem();
	for (e = v->child; e && !rc; e = e->next, k++) {
		sdt_jsonpath_push_index(&c->path, k);
		rc = get_string(c, e, 0, &(*out)[k]);
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

static int f_point_labels(pctx *c, const cJSON *v, void *out)
{
	sdt_instrument *ins = c->ins;
	ins_rscale *rs = c->rs;
	const cJSON *m;
	size_t n, k = 0;
	int rc = check_keys(c, v, NULL);

	(void)out;
	n = rc ? 0 : count_children(v);
	if (!rc && n == 0)
		rc = perr(c, 0, "expected at least one language");
	rs->point_lang = rc ? NULL : sdt_instrument_alloc(ins, n, sizeof *rs->point_lang);
	rs->point_labels = rc ? NULL : sdt_instrument_alloc(ins, n, sizeof *rs->point_labels);
	if (!rc && (!rs->point_lang || !rs->point_labels))
		rc = sdt_fail_nomem();
	for (m = rc ? NULL : v->child; m && !rc; m = m->next, k++) {
		sdt_jsonpath_push_key(&c->path, m->string, k);
		if (!m->string[0])
			rc = perr(c, 1, "empty language code");
		if (!rc && !(rs->point_lang[k] = sdt_instrument_strdup(ins, m->string)))
			rc = sdt_fail_nomem();
		if (!rc)
			rc = label_list(c, m, &rs->point_labels[k]);
		sdt_jsonpath_pop(&c->path);
	}
	if (!rc)
		rs->n_point_langs = n;
	return rc;
}

static int f_response_scale(pctx *c, const cJSON *v, void *out)
{
	ins_rscale *rs = c->rs;
	int rc = check_keys(c, v, response_keys);

	(void)out;
	if (!rc)
		rc = field(c, v, "min", 1, f_int, &rs->min);
	if (!rc)
		rc = field(c, v, "max", 1, f_max, &rs->max);
	if (!rc)
		rc = field(c, v, "labels", 0, f_point_labels, NULL);
	return rc;
}

static int f_favourable(pctx *c, const cJSON *v, void *out)
{
	int rc = f_int(c, v, out);

	if (!rc && (c->rs->favourable_min < c->rs->min ||
	            c->rs->favourable_min > c->rs->max))
		rc = perr(c, 0, "%d is outside the response scale %d..%d",
		          c->rs->favourable_min, c->rs->min, c->rs->max);
	return rc;
}

/* An item's own response scale, read like the instrument's. */
static int f_item_scale(pctx *c, const cJSON *v, void *out)
{
	ins_item *it = out;
	ins_rscale *rs, *outer = c->rs;
	int rc = check_keys(c, v, item_response_keys);

	if (!rc && it->type == SDT_ITEM_TEXT)
		return perr(c, 1, "a text item has no response scale");
	if (!rc && !(rs = sdt_instrument_alloc(c->ins, 1, sizeof *rs)))
		rc = sdt_fail_nomem();
	if (rc)
		return rc;
	c->rs = rs;
	rc = field(c, v, "min", 1, f_int, &rs->min);
	if (!rc)
		rc = field(c, v, "max", 1, f_max, &rs->max);
	if (!rc)
		rc = field(c, v, "labels", 0, f_point_labels, NULL);
	rs->favourable_min = rs->max - 1;
	if (!rc)
		rc = field(c, v, "favourable_min", 0, f_favourable, &rs->favourable_min);
	c->rs = outer;
	it->rs = rs;
	it->own_scale = 1;
	return rc;
}

static const char *type_name(int k)
{
	return sdt_item_type_name((sdt_item_type)k);
}

static int f_item_type(pctx *c, const cJSON *v, void *out)
{
	int k = 0, rc = check_string(c, v, 0);

	for (; !rc && k < 3; k++)
		if (strcmp(v->valuestring, type_name(k)) == 0) {
			*(sdt_item_type *)out = (sdt_item_type)k;
			return SDT_OK;
		}
	return rc ? rc : perr(c, 0, "unknown item type '%s' (likert, outcome or text)",
	                      v->valuestring);
}

/* A text item is never reverse keyed; "reverse": false may stay. */
static int f_reverse(pctx *c, const cJSON *v, void *out)
{
	ins_item *it = out;
	int rc = f_bool(c, v, &it->reverse);

	if (!rc && it->reverse && it->type == SDT_ITEM_TEXT)
		rc = perr(c, 0, "a text item cannot be reverse keyed");
	return rc;
}

/* ---- items ---- */

static int f_item_id(pctx *c, const cJSON *v, void *out)
{
	ins_item *it = out;
	long prev;
	int rc = get_string(c, v, 1, &it->id);

	if (rc)
		return rc;
	it->id_len = strlen(it->id);
	prev = sdt_idtab_add(&c->ins->item_tab, it->id, it->id_len,
	                     (size_t)(it - c->ins->items));
	return prev < 0 ? SDT_OK
	       : perr(c, 0, "duplicate item id '%s' (also $.items[%ld])", it->id, prev);
}

static int parse_item(pctx *c, const cJSON *e, size_t k)
{
	ins_item *it = &c->ins->items[k];
	int rc = check_keys(c, e, item_keys);

	if (!rc)
		rc = field(c, e, "id", 1, f_item_id, it);
	if (!rc)
		rc = field(c, e, "type", 0, f_item_type, &it->type);
	/* "reverse" stays required for a rating scale item, as before types */
	if (!rc)
		rc = field(c, e, "reverse", it->type == SDT_ITEM_LIKERT, f_reverse, it);
	if (!rc)
		rc = field(c, e, "label", 0, f_text, &it->label);
	if (!rc)
		rc = field(c, e, "text", 0, f_text, &it->text);
	if (!rc && it->type != SDT_ITEM_TEXT)
		it->rs = &c->ins->rs;
	if (!rc)
		rc = field(c, e, "response_scale", 0, f_item_scale, it);
	return rc;
}

/* A non-empty array of objects: storage for n records of `size` bytes. */
static int object_array(pctx *c, const cJSON *v, const char *what, size_t size,
                        void **out, size_t *n)
{
	char buf[64];

	*n = cJSON_IsArray(v) ? count_children(v) : 0;
	if (!cJSON_IsArray(v)) {
		snprintf(buf, sizeof buf, "an array of %ss", what);
		return expect(c, v, buf);
	}
	if (*n == 0)
		return perr(c, 0, "expected at least one %s", what);
	*out = sdt_instrument_alloc(c->ins, *n, size);
	return *out ? SDT_OK : sdt_fail_nomem();
}

/* The outcome and text item lists and the range of every rated answer. */
static int item_lists(sdt_instrument *ins)
{
	size_t i, no = 0, nt = 0;
	const ins_item *it;

	ins->any_min = ins->rs.min;
	ins->any_max = ins->rs.max;
	for (i = 0; i < ins->n_items; i++) {
		it = &ins->items[i];
		no += it->type == SDT_ITEM_OUTCOME;
		nt += it->type == SDT_ITEM_TEXT;
		if (it->rs && it->rs->min < ins->any_min)
			ins->any_min = it->rs->min;
		if (it->rs && it->rs->max > ins->any_max)
			ins->any_max = it->rs->max;
	}
	ins->outcomes = sdt_instrument_alloc(ins, no ? no : 1, sizeof *ins->outcomes);
	ins->texts = sdt_instrument_alloc(ins, nt ? nt : 1, sizeof *ins->texts);
	if (!ins->outcomes || !ins->texts)
		return sdt_fail_nomem();
	for (i = 0; i < ins->n_items; i++) {
		if (ins->items[i].type == SDT_ITEM_OUTCOME)
			ins->outcomes[ins->n_outcomes++] = i;
		else if (ins->items[i].type == SDT_ITEM_TEXT)
			ins->texts[ins->n_texts++] = i;
	}
	return SDT_OK;
}

/* An array of objects with ids (items, scales), as id_objects parses it. */
typedef struct id_objects_spec {
	const char *what;   /* "item", for messages */
	size_t size, max;   /* an element's bytes; the most supported */
	/* store the zeroed storage where fn finds its element */
	void (*bind)(sdt_instrument *ins, void *arr);
	elem_fn fn;         /* parses element k */
} id_objects_spec;

/* The array v of sp->what objects, at most sp->max: their zeroed storage
 * (given to sp->bind), an id table over it in tab, and each element
 * parsed by sp->fn; *n is set only when all have parsed. */
static int id_objects(pctx *c, const cJSON *v, const id_objects_spec *sp, ins_idtab *tab,
                      size_t *n)
{
	void *arr = NULL;
	size_t count = 0;
	int rc = object_array(c, v, sp->what, sp->size, &arr, &count);

	if (!rc)
		sp->bind(c->ins, arr);
	if (!rc && count > sp->max)
		rc = perr(c, 0, "%zu %ss; at most %zu are supported", count, sp->what, sp->max);
	if (!rc)
		rc = sdt_idtab_init(tab, arr, sp->size, count);
	if (!rc)
		rc = each(c, v, sp->fn);
	if (!rc)
		*n = count;
	return rc;
}

static void bind_items(sdt_instrument *ins, void *arr)
{
	ins->items = arr;
}

static const id_objects_spec item_objects = {
	"item", sizeof(ins_item), SDT_INSTRUMENT_MAX_ITEMS, bind_items, parse_item
};

static int f_items(pctx *c, const cJSON *v, void *out)
{
	int rc = id_objects(c, v, &item_objects, &c->ins->item_tab, &c->ins->n_items);

	(void)out;
	return rc ? rc : item_lists(c->ins);
}

/* ---- scales ---- */

static int f_scale_id(pctx *c, const cJSON *v, void *out)
{
	ins_scale *s = out;
	long prev;
	int rc = get_string(c, v, 1, &s->id);

	if (rc)
		return rc;
	prev = sdt_idtab_add(&c->ins->scale_tab, s->id, strlen(s->id),
	                     (size_t)(s - c->ins->scales));
	return prev < 0 ? SDT_OK
	       : perr(c, 0, "duplicate scale id '%s' (also $.scales[%ld])", s->id, prev);
}

/* Map a name onto an enum value via its name function. */
static int enum_field(pctx *c, const cJSON *v, const char *(*name)(int),
                      int count, int *out, const char *what, const char *list)
{
	int k, rc = check_string(c, v, 0);

	for (k = 0; !rc && k < count; k++) {
		if (strcmp(v->valuestring, name(k)) == 0) {
			*out = k;
			return SDT_OK;
		}
	}
	return rc ? rc : perr(c, 0, "unknown %s '%s' (%s)", what, v->valuestring, list);
}

static const char *need_name(int k)
{
	return sdt_need_name((sdt_need)k);
}

static const char *valence_name(int k)
{
	return sdt_valence_name((sdt_valence)k);
}

static int f_need(pctx *c, const cJSON *v, void *out)
{
	int k = 0, rc = enum_field(c, v, need_name, 4, &k, "need",
	                           "autonomy, competence, relatedness or other");

	*(sdt_need *)out = (sdt_need)k;
	return rc;
}

static int f_valence(pctx *c, const cJSON *v, void *out)
{
	int k = 0, rc = enum_field(c, v, valence_name, 5, &k, "valence",
	                           "satisfaction, frustration, support, motivation or other");

	*(sdt_valence *)out = (sdt_valence)k;
	return rc;
}

static int same_rscale(const ins_rscale *a, const ins_rscale *b)
{
	return a->min == b->min && a->max == b->max &&
	       a->favourable_min == b->favourable_min;
}

/* Item j of scale s is a rating scale item whose response scale is that
 * of the scale's first item. The statistics (answer histograms, rwg, the
 * charts' axes) hold one range for every scale, so a scale item keeps the
 * instrument's; outcome items are the ones with scales of their own. */
static int scale_item_kind(pctx *c, const ins_scale *s, size_t j)
{
	const ins_item *it = &c->ins->items[s->items[j]];
	const ins_item *first = &c->ins->items[s->items[0]];

	if (it->type != SDT_ITEM_LIKERT)
		return perr(c, 0, "item '%s' is a%s %s item; a scale holds likert items only",
		            it->id, it->type == SDT_ITEM_OUTCOME ? "n" : "",
		            sdt_item_type_name(it->type));
	if (!same_rscale(it->rs, first->rs))
		return perr(c, 0, "the items of one scale must share one response scale: "
		            "'%s' uses %d..%d (favourable from %d), '%s' uses %d..%d "
		            "(favourable from %d)", it->id, it->rs->min, it->rs->max,
		            it->rs->favourable_min, first->id, first->rs->min,
		            first->rs->max, first->rs->favourable_min);
	if (!same_rscale(it->rs, &c->ins->rs))
		return perr(c, 0, "item '%s' has its own response scale (%d..%d); the items "
		            "of a scale use the instrument's (%d..%d), only outcome and other "
		            "items outside scales may differ", it->id, it->rs->min,
		            it->rs->max, c->ins->rs.min, c->ins->rs.max);
	return SDT_OK;
}

/* Element e of a member list (a scale's items, a composite's scales):
 * *out = the index in tab of the `what` it names, refused when unknown or
 * already in this list (c->seen holds `mark`, 1 + the list owner's index,
 * for the members it has named). */
static int member_id(pctx *c, const cJSON *e, const ins_idtab *tab, size_t mark,
                     const char *what, const char *owner, size_t *out)
{
	long i;
	int rc = check_string(c, e, 0);

	if (rc)
		return rc;
	i = sdt_idtab_find(tab, e->valuestring, strlen(e->valuestring));
	if (i < 0)
		return perr(c, 0, "unknown %s '%s'", what, e->valuestring);
	if (c->seen[i] == mark)
		return perr(c, 0, "%s '%s' appears twice in this %s", what, e->valuestring, owner);
	c->seen[i] = mark;
	*out = (size_t)i;
	return SDT_OK;
}

/* Element j of a scale's item list; the scale is the one being parsed. */
static int scale_item(pctx *c, const cJSON *e, size_t j, ins_scale *s)
{
	int rc = member_id(c, e, &c->ins->item_tab, (size_t)(s - c->ins->scales) + 1, "item",
	                   "scale", &s->items[j]);

	return rc ? rc : scale_item_kind(c, s, j);
}

static int f_scale_items(pctx *c, const cJSON *v, void *out)
{
	ins_scale *s = out;
	const cJSON *e;
	size_t n, j = 0;
	int rc = SDT_OK;

	if (!cJSON_IsArray(v))
		return expect(c, v, "an array of item ids");
	if ((n = count_children(v)) == 0)
		return perr(c, 0, "a scale needs at least one item");
	if (n > SDT_SCALE_MAX_ITEMS)
		return perr(c, 0, "%zu items in one scale; at most %d are supported",
		            n, SDT_SCALE_MAX_ITEMS);
	if (!(s->items = sdt_instrument_alloc(c->ins, n, sizeof *s->items)))
		return sdt_fail_nomem();
	for (e = v->child; e && !rc; e = e->next, j++) {
		sdt_jsonpath_push_index(&c->path, j);
		rc = scale_item(c, e, j, s);
		sdt_jsonpath_pop(&c->path);
	}
	if (!rc)
		s->n_items = n;
	return rc;
}

static int f_min_answered(pctx *c, const cJSON *v, void *out)
{
	ins_scale *s = out;
	int k = 0, rc = f_int(c, v, &k);

	if (!rc && (k < 1 || (size_t)k > s->n_items))
		rc = perr(c, 0, "must be between 1 and %zu (the items in this scale), got %d",
		          s->n_items, k);
	if (!rc)
		s->min_answered = (size_t)k;
	return rc;
}

static int parse_scale(pctx *c, const cJSON *e, size_t k)
{
	ins_scale *s = &c->ins->scales[k];
	int rc = check_keys(c, e, scale_keys);

	if (!rc)
		rc = field(c, e, "id", 1, f_scale_id, s);
	if (!rc)
		rc = field(c, e, "label", 0, f_text, &s->label);
	if (!rc)
		rc = field(c, e, "need", 0, f_need, &s->need);
	if (!rc)
		rc = field(c, e, "valence", 0, f_valence, &s->valence);
	if (!rc)
		rc = field(c, e, "items", 1, f_scale_items, s);
	if (!rc)
		rc = field(c, e, "min_answered", 1, f_min_answered, s);
	return rc;
}

static void bind_scales(sdt_instrument *ins, void *arr)
{
	ins->scales = arr;
}

static const id_objects_spec scale_objects = {
	"scale", sizeof(ins_scale), SDT_INSTRUMENT_MAX_SCALES, bind_scales, parse_scale
};

static int f_scales(pctx *c, const cJSON *v, void *out)
{
	(void)out;
	return id_objects(c, v, &scale_objects, &c->ins->scale_tab, &c->ins->n_scales);
}

/* ---- composites ---- */

static int f_composite_id(pctx *c, const cJSON *v, void *out)
{
	ins_composite *m = out;
	long prev;
	int rc = get_string(c, v, 1, &m->id);

	if (rc)
		return rc;
	/* Scores put scale and composite columns side by side. */
	if (sdt_idtab_find(&c->ins->scale_tab, m->id, strlen(m->id)) >= 0)
		return perr(c, 0, "composite id '%s' is also a scale id", m->id);
	prev = sdt_idtab_add(&c->ins->composite_tab, m->id, strlen(m->id),
	                     (size_t)(m - c->ins->composites));
	return prev < 0 ? SDT_OK
	       : perr(c, 0, "duplicate composite id '%s' (also $.composites[%ld])",
	              m->id, prev);
}

static int composite_scale(pctx *c, const cJSON *e, size_t j, ins_composite *m)
{
	int rc = member_id(c, e, &c->ins->scale_tab, (size_t)(m - c->ins->composites) + 1,
	                   "scale", "composite", &m->scales[j]);

	if (!rc)
		m->weights[j] = 1.0;
	return rc;
}

static int f_composite_scales(pctx *c, const cJSON *v, void *out)
{
	ins_composite *m = out;
	const cJSON *e;
	size_t n, j = 0;
	int rc = SDT_OK;

	if (!cJSON_IsArray(v))
		return expect(c, v, "an array of scale ids");
	if ((n = count_children(v)) == 0)
		return perr(c, 0, "a composite needs at least one scale");
	m->scales = sdt_instrument_alloc(c->ins, n, sizeof *m->scales);
	m->weights = sdt_instrument_alloc(c->ins, n, sizeof *m->weights);
	if (!m->scales || !m->weights)
		return sdt_fail_nomem();
	for (e = v->child; e && !rc; e = e->next, j++) {
		sdt_jsonpath_push_index(&c->path, j);
		rc = composite_scale(c, e, j, m);
		sdt_jsonpath_pop(&c->path);
	}
	if (!rc)
		m->n_scales = n;
	return rc;
}

static int f_weights(pctx *c, const cJSON *v, void *out)
{
	ins_composite *m = out;
	const cJSON *e;
	size_t n, j = 0;
	int rc = SDT_OK;

	if (!cJSON_IsArray(v))
		return expect(c, v, "an array of numbers");
	if ((n = count_children(v)) != m->n_scales)
		return perr(c, 0, "%zu weights for %zu scales", n, m->n_scales);
	for (e = v->child; e && !rc; e = e->next, j++) {
		sdt_jsonpath_push_index(&c->path, j);
		if (!cJSON_IsNumber(e))
			rc = expect(c, e, "a number");
		else if (!(e->valuedouble > 0.0) || isinf(e->valuedouble))
			rc = perr(c, 0, "a weight must be a positive number, got %g", e->valuedouble);
		else
			m->weights[j] = e->valuedouble;
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

static int parse_composite(pctx *c, const cJSON *e, size_t k)
{
	ins_composite *m = &c->ins->composites[k];
	int rc = check_keys(c, e, composite_keys);

	if (!rc)
		rc = field(c, e, "id", 1, f_composite_id, m);
	if (!rc)
		rc = field(c, e, "label", 0, f_text, &m->label);
	if (!rc)
		rc = field(c, e, "scales", 1, f_composite_scales, m);
	if (!rc)
		rc = field(c, e, "weights", 0, f_weights, m);
	return rc;
}

static int f_composites(pctx *c, const cJSON *v, void *out)
{
	sdt_instrument *ins = c->ins;
	size_t n = cJSON_IsArray(v) ? count_children(v) : 0;
	int rc = SDT_OK;

	(void)out;
	if (!cJSON_IsArray(v))
		return expect(c, v, "an array of composites");
	/* The seen marks now index scales, by composite. */
	memset(c->seen, 0, (ins->n_items > ins->n_scales ? ins->n_items : ins->n_scales)
	       * sizeof *c->seen);
	ins->composites = sdt_instrument_alloc(ins, n, sizeof *ins->composites);
	if (!ins->composites)
		rc = sdt_fail_nomem();
	if (!rc)
		rc = sdt_idtab_init(&ins->composite_tab, ins->composites, sizeof *ins->composites, n);
	if (!rc)
		rc = each(c, v, parse_composite);
	if (!rc)
		ins->n_composites = n;
	return rc;
}

/* ---- the document ---- */

/* Allocated between items and scales, when the item count is known. */
static int alloc_seen(pctx *c, const cJSON *root)
{
	const cJSON *scales = cJSON_GetObjectItemCaseSensitive(root, "scales");
	size_t n = c->ins->n_items, ns = scales ? count_children(scales) : 0;

	c->seen = sdt_instrument_alloc(c->ins, n > ns ? n : ns, sizeof *c->seen);
	return c->seen ? SDT_OK : sdt_fail_nomem();
}

static int parse_root(pctx *c, const cJSON *root)
{
	sdt_instrument *ins = c->ins;
	int rc;

	if (!cJSON_IsObject(root))
		return expect(c, root, "an object (the instrument definition)");
	rc = field(c, root, "format", 1, f_format, NULL);
	if (!rc)
		rc = check_keys(c, root, root_keys);
	if (!rc)
		rc = field(c, root, "id", 1, f_nonempty, &ins->id);
	if (!rc)
		rc = field(c, root, "version", 1, f_nonempty, &ins->version);
	if (!rc)
		rc = field(c, root, "title", 0, f_text, &ins->title);
	if (!rc)
		rc = field(c, root, "source", 0, f_text, &ins->source);
	if (!rc)
		rc = field(c, root, "terms", 0, f_text, &ins->terms);
	if (!rc)
		rc = field(c, root, "response_scale", 1, f_response_scale, NULL);
	ins->rs.favourable_min = ins->rs.max - 1;
	if (!rc)
		rc = field(c, root, "favourable_min", 0, f_favourable, &ins->rs.favourable_min);
	if (!rc)
		rc = field(c, root, "items", 1, f_items, NULL);
	if (!rc)
		rc = alloc_seen(c, root);
	if (!rc)
		rc = field(c, root, "scales", 1, f_scales, NULL);
	if (!rc)
		rc = field(c, root, "composites", 0, f_composites, NULL);
	return rc;
}

int sdt_instrument_build(sdt_instrument *ins, const char *text, size_t len,
                         const char *name)
{
	pctx c = {text, len, name, {0, {{NULL, 0}}}, ins, &ins->rs, NULL};
	cJSON *root = NULL;
	int rc;

	sdt_jsonpath_init(&c.path);
	rc = sdt_json_document(&root, text, len, name, SDT_EINSTRUMENT);
	if (rc)
		goto done;
	rc = parse_root(&c, root);
done:
	cJSON_Delete(root);
	return rc;
}
