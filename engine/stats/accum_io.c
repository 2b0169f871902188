/*
 * accum_io.c - partial results: an sdt_accum's exact state written as JSON
 * and read back, so shards scored apart merge into the figures of one run,
 * bit for bit.
 *
 * The state is whole numbers (counts, sums and cross-products of answers
 * relative to the scale minimum, and of score numerators over the
 * denominators in "denominators"): each is written as a JSON number when
 * a double holds it exactly (up to 2^53) and as a string of digits
 * otherwise. Reading trusts nothing: every member is checked and a problem
 * is reported with line:column and JSON path, found again in the text with
 * jsonpos as the instrument parser does.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "jsonpos.h"
#include "psychometrics.h"
#include "sdt_accum_io.h"
#include "sdt_output.h"

/* ---- writing ---- */

/* The writers every JSON output shares (sdt_output.h): a non-finite number
 * as null (never made by accum.c; refused on reading), strings escaped. */
#define put_num sdt_output_json_number
#define put_str sdt_output_json_string

/* A whole number: plain up to 2^53 (a double holds it), else a string. */
static void put_wide(FILE *fp, sdt_wide v)
{
	char buf[48], *p = buf + sizeof buf;
	unsigned __int128 u = v < 0 ? (unsigned __int128)0 - (unsigned __int128)v
	                            : (unsigned __int128)v;
	int big = u > ((unsigned __int128)1 << 53);

	*--p = '\0';
	do {
		*--p = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	fprintf(fp, big ? "\"%s\"" : "%s", p);
}

static void put_wides(FILE *fp, const sdt_wide *x, size_t n)
{
	size_t i;

	fputc('[', fp);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", fp);
		put_wide(fp, x[i]);
	}
	fputc(']', fp);
}

static void put_oc(FILE *fp, const sdt_accum *a, const sdt_wide *x);

/* A multivariate block: n, sums[k], then the upper triangle by rows. */
static void put_block(FILE *fp, const sdt_wide *x, size_t k)
{
	size_t i, j;

	fputc('[', fp);
	put_wide(fp, x[0]);
	for (i = 0; i < k; i++) {
		fputs(", ", fp);
		put_wide(fp, x[1 + i]);
	}
	for (i = 0; i < k; i++)
		for (j = i; j < k; j++) {
			fputs(", ", fp);
			put_wide(fp, x[1 + k + i * k + j]);
		}
	fputc(']', fp);
}

static void put_mom(FILE *fp, const sdt_xmom *m)
{
	put_wides(fp, &m->n, 3);
}

static void put_moms(FILE *fp, const char *key, const sdt_xmom *m, size_t n)
{
	size_t i;

	fprintf(fp, ",\n \"%s\": [", key);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", fp);
		put_mom(fp, &m[i]);
	}
	fputc(']', fp);
}

/* FNV-1a 64 of n bytes, continuing from h. */
static unsigned long long fnv(unsigned long long h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		h = (h ^ *b++) * 1099511628211ULL;
	return h;
}

static unsigned long long fnv_str(unsigned long long h, const char *s)
{
	return fnv(h, s, strlen(s) + 1); /* the NUL separates fields */
}

/* The digest of what the figures depend on in an instrument (response
 * range, items with their keying, type and own response scale, scales and their items and minimum,
 * composites and their weights), as "fnv1a64:" and 16 hex digits: two
 * definitions with the same id and version but other contents are told
 * apart, and a reducer needs nothing else to refuse the mix. */
static void instrument_digest(const sdt_instrument *ins, char out[32])
{
	unsigned long long h = 14695981039346656037ULL;
	char num[64];
	size_t i, k, n;

	snprintf(num, sizeof num, "%d %d", sdt_instrument_min(ins), sdt_instrument_max(ins));
	h = fnv_str(h, num);
	for (i = 0; i < sdt_instrument_item_count(ins); i++) {
		h = fnv_str(h, sdt_instrument_item_id(ins, i));
		h = fnv_str(h, sdt_instrument_item_reverse(ins, i) ? "r" : "+");
		/* types and own scales only when given, so the digests of
		 * instruments written before them are unchanged */
		if (sdt_instrument_item_type(ins, i) != SDT_ITEM_LIKERT)
			h = fnv_str(h, sdt_item_type_name(sdt_instrument_item_type(ins, i)));
		if (sdt_instrument_item_has_own_scale(ins, i)) {
			snprintf(num, sizeof num, "scale %d %d %d", sdt_instrument_item_min(ins, i),
			         sdt_instrument_item_max(ins, i),
			         sdt_instrument_item_favourable_min(ins, i));
			h = fnv_str(h, num);
		}
	}
	for (i = 0; i < sdt_instrument_scale_count(ins); i++) {
		h = fnv_str(h, sdt_instrument_scale_id(ins, i));
		n = sdt_instrument_scale_item_count(ins, i);
		for (k = 0; k < n; k++) {
			snprintf(num, sizeof num, "%zu", sdt_instrument_scale_item(ins, i, k));
			h = fnv_str(h, num);
		}
		snprintf(num, sizeof num, "min %zu", sdt_instrument_scale_min_answered(ins, i));
		h = fnv_str(h, num);
	}
	for (i = 0; i < sdt_instrument_composite_count(ins); i++) {
		h = fnv_str(h, sdt_instrument_composite_id(ins, i));
		for (k = 0; k < sdt_instrument_composite_scale_count(ins, i); k++) {
			snprintf(num, sizeof num, "%zu %.17g", sdt_instrument_composite_scale(ins, i, k),
			         sdt_instrument_composite_weight(ins, i, k));
			h = fnv_str(h, num);
		}
	}
	snprintf(out, 32, "fnv1a64:%016llx", h);
}

static void put_head(FILE *fp, const sdt_accum *a, const sdt_partial_info *in)
{
	const sdt_run_counts *c = &in->counts;
	char digest[32];
	size_t s;

	fputs("{\"format\": \"" SDT_PARTIAL_FORMAT "\",\n \"instrument\": {\"id\": ", fp);
	put_str(fp, sdt_instrument_id(a->ins));
	fputs(", \"version\": ", fp);
	put_str(fp, sdt_instrument_version(a->ins));
	instrument_digest(a->ins, digest);
	fprintf(fp, ", \"digest\": \"%s\"", digest);
	fprintf(fp, "},\n \"options\": {\"missing\": \"%s\"},\n",
	        in->missing == SDT_MISSING_LISTWISE ? "listwise" : "pairwise");
	fprintf(fp, " \"counts\": {\"read\": %zu, \"accepted\": %zu, \"scored\": %zu, "
	        "\"left_out\": %zu, \"invalid_values\": %zu, \"unknown_items\": %zu},\n",
	        c->read, c->accepted, c->scored, c->left_out, c->invalid_values,
	        c->unknown_items);
	fprintf(fp, " \"shape\": {\"items\": %zu, \"scale_items\": [", a->n_items);
	for (s = 0; s < a->n_scales; s++)
		fprintf(fp, "%s%zu", s ? ", " : "", a->scale_off[s + 1] - a->scale_off[s]);
	fprintf(fp, "], \"composites\": %zu},\n \"denominators\": {\"scales\": [", a->n_comp);
	for (s = 0; s < a->n_scales; s++)
		fprintf(fp, "%s%lld", s ? ", " : "", (long long)a->den_scale[s]);
	fputs("], \"composites\": [", fp);
	for (s = 0; s < a->n_comp; s++)
		fprintf(fp, "%s%lld", s ? ", " : "", (long long)a->den_comp[s]);
	fputs("]},\n \"rows\": ", fp);
	put_num(fp, a->rows);
}

static void put_scales(FILE *fp, const sdt_accum *a)
{
	size_t s, k, i;
	sdt_xco p;

	/* a partial's pairs are over all rows, whatever the accumulator keeps */
	fputs(",\n \"pairs\": [", fp);
	for (s = 0; s < a->n_scales; s++) {
		k = a->scale_off[s + 1] - a->scale_off[s];
		fputs(s ? ",\n  [" : "\n  [", fp);
		for (i = 0; i < k * (k - 1) / 2; i++) {
			p = sdt_accum_pair(a, s, i);
			fputs(i ? ", " : "", fp);
			put_wides(fp, &p.n, 4);
		}
		fputc(']', fp);
	}
	fputs("],\n \"listwise\": [", fp);
	for (s = 0; s < a->n_scales; s++) {
		k = a->scale_off[s + 1] - a->scale_off[s];
		fputs(s ? ",\n  " : "\n  ", fp);
		put_block(fp, a->x_lw + a->lw_off[s], k);
	}
	fputc(']', fp);
	/* the scale scores of rows scored on every scale (drivers) */
	fputs(",\n \"scale_scores\": ", fp);
	put_block(fp, a->x_sc, a->n_scales);
	put_oc(fp, a, a->x_sc);
}

/* ", \"outcome_scale_scores\": [...]": the blocks of the outcome items
 * with the scales that follow the scale-score block x (nothing without
 * outcome items, or when they were lost to an older partial, so that its
 * reader loses them too). */
static void put_oc(FILE *fp, const sdt_accum *a, const sdt_wide *x)
{
	size_t o;

	if (!a->n_out || a->oc_lost)
		return;
	for (o = 0; o < a->n_out; o++) {
		fputs(o ? ", " : ", \"outcome_scale_scores\": [", fp);
		put_block(fp, x + a->oc_base + o * a->oc_size, a->n_scales + 1);
	}
	fputc(']', fp);
}

/* ", \"outcome_counts\": [...]": each outcome item's answer counts on its
 * own scale; nothing for an instrument without outcomes. */
static void put_counts(FILE *fp, const double *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fputs(i ? ", " : ", \"outcome_counts\": [", fp);
		put_num(fp, c[i]);
	}
	fputs(n ? "]" : "", fp);
}

static void put_teams(FILE *fp, const sdt_accum *a)
{
	size_t t, i;

	fputs(",\n \"teams\": [", fp);
	for (t = 0; t < a->n_teams; t++) {
		fputs(t ? ",\n  {\"team\": " : "\n  {\"team\": ", fp);
		put_str(fp, a->team_name[t]);
		fputs(", \"rows\": ", fp);
		put_num(fp, a->team_rows[t]);
		fputs(", \"moments\": [", fp);
		for (i = 0; i < a->stride; i++) {
			fputs(i ? ", " : "", fp);
			put_mom(fp, &a->x_team_mom[t * a->stride + i]);
		}
		fputs("]", fp);
		for (i = 0; a->team_hist && i < a->hstride; i++) {
			fputs(i ? ", " : ", \"answer_counts\": [", fp);
			put_num(fp, a->team_hist[t * a->hstride + i]);
		}
		fputs(a->team_hist && a->hstride ? "]" : "", fp);
		if (a->x_team_sc && a->sc_stride) {
			fputs(", \"scale_scores\": ", fp);
			put_block(fp, a->x_team_sc + t * a->sc_stride, a->n_scales);
			put_oc(fp, a, a->x_team_sc + t * a->sc_stride);
		}
		put_counts(fp, a->ostride ? a->team_out + t * a->ostride : NULL, a->ostride);
		fputc('}', fp);
	}
	fputs("]}\n", fp);
}

int sdt_accum_write(FILE *fp, const sdt_accum *a, const sdt_partial_info *info)
{
	static const sdt_partial_info none;

	if (!fp || !a)
		return sdt_fail(SDT_EUSAGE, "sdt_accum_write: NULL argument");
	if (!info)
		info = &none;
	put_head(fp, a, info);
	put_moms(fp, "items", a->x_item, a->n_items);
	put_moms(fp, "scores", a->x_score, a->n_scales);
	put_moms(fp, "composites", a->x_comp, a->n_comp);
	put_scales(fp, a);
	if (a->ostride) {
		/* put_counts starts with the comma a first member has none of */
		fputs(",\n \"outcomes\": {\"n_outcomes\": ", fp);
		fprintf(fp, "%zu", a->n_out);
		put_counts(fp, a->out_cnt, a->ostride);
		fputs("}", fp);
	}
	put_teams(fp, a);
	if (ferror(fp))
		return sdt_fail(SDT_EIO, "writing a partial failed: %s", strerror(errno));
	return SDT_OK;
}

int sdt_accum_write_buffer(char **out, size_t *len, const sdt_accum *a,
                           const sdt_partial_info *info)
{
	char *mem = NULL;
	size_t n = 0;
	FILE *fp;
	int rc;

	*out = NULL;
	fp = open_memstream(&mem, &n);
	if (!fp)
		return sdt_fail_nomem();
	rc = sdt_accum_write(fp, a, info);
	if (fclose(fp) != 0 && rc == SDT_OK)
		rc = sdt_fail_nomem();
	/* open_memstream allocates with malloc; the caller frees with
	 * sdt_free, so the text moves to the engine's allocator. */
	if (rc == SDT_OK && !(*out = sdt_strndup(mem, n)))
		rc = sdt_fail_nomem();
	if (rc == SDT_OK && len)
		*len = n;
	free(mem);
	return rc;
}

/* ---- reading ---- */

typedef struct rctx {
	const char *text;
	size_t len;
	const char *name;
	sdt_jsonpath path; /* of the value being checked */
	const sdt_instrument *ins;
	sdt_accum *a;
	sdt_partial_info *info;
	/* the largest value of each accumulated quantity: answers (items,
	 * listwise), scores and composites (numerators), a team's moments */
	sdt_wide *v_item, *v_score, *v_comp, *v_team;
	/* per outcome item, the scales' largest numerators, then its answer's */
	sdt_wide *v_oc;
} rctx;

/* A problem with the value at c->path (or with its member name). */
#define perr(c, at_key, ...) \
	sdt_jsonpos_fail(SDT_EDATA, (c)->name, (c)->text, (c)->len, &(c)->path, (at_key), \
	                 __VA_ARGS__)

/* Only the members in `keys` (NULL-terminated) are allowed. */
static int only_keys(rctx *c, const cJSON *obj, const char *const *keys)
{
	const cJSON *m;
	size_t i, k;
	int rc;

	for (m = obj->child, i = 0; m; m = m->next, i++) {
		for (k = 0; keys[k] && strcmp(keys[k], m->string) != 0; k++)
			;
		if (keys[k])
			continue;
		sdt_jsonpath_push_key(&c->path, m->string, i);
		rc = perr(c, 1, "unknown member in a partial");
		sdt_jsonpath_pop(&c->path);
		return rc;
	}
	return SDT_OK;
}

/* Member `key` of obj (path pushed; the caller pops), or an error at obj. */
static int member(rctx *c, const cJSON *obj, const char *key, int type,
                  const cJSON **out)
{
	static const char *const what[] = {"", "an object", "an array", "a string",
	                                   "a number"};
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = v;
	if (!v)
		return perr(c, 0, "missing member \"%s\"", key);
	sdt_jsonpath_push_key(&c->path, key, SDT_JSONPOS_BY_KEY);
	if ((type == 1 && !cJSON_IsObject(v)) || (type == 2 && !cJSON_IsArray(v)) ||
	    (type == 3 && !cJSON_IsString(v)) || (type == 4 && !cJSON_IsNumber(v)))
		return perr(c, 0, "expected %s", what[type]);
	return SDT_OK;
}

enum { T_OBJ = 1, T_ARR = 2, T_STR = 3, T_NUM = 4 };

static int whole(rctx *c, const cJSON *v, double *out)
{
	if (!cJSON_IsNumber(v))
		return perr(c, 0, "expected a number");
	if (v->valuedouble < 0.0 || v->valuedouble != floor(v->valuedouble) ||
	    v->valuedouble > 9007199254740992.0)
		return perr(c, 0, "expected a whole number of at least 0");
	*out = v->valuedouble;
	return SDT_OK;
}

static int number(rctx *c, const cJSON *v, double *out)
{
	if (!cJSON_IsNumber(v))
		return perr(c, 0, "expected a number");
	/* cJSON reads a number too large for a double (1e999) as infinity,
	 * which the writer never makes (it writes null) and which would turn
	 * every merged figure into NaN: refused like null. */
	if (!isfinite(v->valuedouble))
		return perr(c, 0, "expected a finite number");
	*out = v->valuedouble;
	return SDT_OK;
}

/* An array of exactly n elements. */
static int sized(rctx *c, const cJSON *v, size_t n, const char *what)
{
	size_t got;

	if (!cJSON_IsArray(v))
		return perr(c, 0, "expected an array");
	got = (size_t)cJSON_GetArraySize(v);
	if (got != n)
		return perr(c, 0, "expected %zu %s, got %zu", n, what, got);
	return SDT_OK;
}

/* n doubles from an array of n numbers; `counts` of them (from 0) whole. */
static int numbers(rctx *c, const cJSON *v, double *out, size_t n,
                   size_t counts, const char *what)
{
	const cJSON *e;
	size_t i;
	int rc;

	if ((rc = sized(c, v, n, what)) != SDT_OK)
		return rc;
	for (e = v->child, i = 0; e && rc == SDT_OK; e = e->next, i++) {
		sdt_jsonpath_push_index(&c->path, i);
		rc = i < counts ? whole(c, e, &out[i]) : number(c, e, &out[i]);
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

/* A whole number as put_wide writes it, in [0, max]. */
static int wide(rctx *c, const cJSON *v, sdt_wide max, sdt_wide *out)
{
	const char *p;
	sdt_wide x = 0;

	if (cJSON_IsNumber(v)) {
		if (!(v->valuedouble >= 0.0) || v->valuedouble != floor(v->valuedouble) ||
		    v->valuedouble > 9007199254740992.0)
			return perr(c, 0, "expected a whole number of at least 0");
		x = (sdt_wide)v->valuedouble;
	} else if (cJSON_IsString(v) && v->valuestring[0]) {
		for (p = v->valuestring; *p; p++) {
			if (*p < '0' || *p > '9')
				return perr(c, 0, "expected a string of digits");
			if (x > ((sdt_wide)1 << 126) / 10)
				return perr(c, 0, "a sum too large for any partial");
			x = x * 10 + (*p - '0');
		}
	} else {
		return perr(c, 0, "expected a whole number (or a string of its digits)");
	}
	if (x > max)
		return perr(c, 0, "a sum larger than its rows and the answer range allow");
	*out = x;
	return SDT_OK;
}

/* n whole numbers from an array; element i at most max[i]. */
static int wides(rctx *c, const cJSON *v, sdt_wide *out, size_t n, const sdt_wide *max,
                 const char *what)
{
	const cJSON *e;
	size_t i;
	int rc;

	if ((rc = sized(c, v, n, what)) != SDT_OK)
		return rc;
	for (e = v->child, i = 0; e && rc == SDT_OK; e = e->next, i++) {
		sdt_jsonpath_push_index(&c->path, i);
		rc = wide(c, e, max[i], &out[i]);
		sdt_jsonpath_pop(&c->path);
	}
	return rc;
}

/* [n, sum, sum of squares] of values in 0..vmax. */
static int read_mom(rctx *c, const cJSON *v, sdt_xmom *m, sdt_wide vmax)
{
	sdt_wide max[3] = {(sdt_wide)c->a->rows, 0, 0}, x[3];
	int rc;

	if ((rc = sized(c, v, 3, "numbers (n, sum, sum of squares)")) != SDT_OK)
		return rc;
	sdt_jsonpath_push_index(&c->path, 0);
	if ((rc = wide(c, v->child, max[0], &x[0])) != SDT_OK)
		return rc;
	sdt_jsonpath_pop(&c->path);
	max[1] = x[0] * vmax;
	max[2] = x[0] * vmax * vmax;
	if ((rc = wides(c, v, x, 3, max, "numbers (n, sum, sum of squares)")) != SDT_OK)
		return rc;
	if (sdt_wide_comoment(x[0], x[1], x[1], x[2]) < 0.0L)
		return perr(c, 0, "a sum of squares smaller than its sum allows");
	*m = (sdt_xmom){x[0], x[1], x[2]};
	return SDT_OK;
}

/* A member holding an array of n moments, value bounds vmax[i]. */
static int read_moms(rctx *c, const cJSON *obj, const char *key, sdt_xmom *m,
                     size_t n, const sdt_wide *vmax, const char *what)
{
	const cJSON *v, *e;
	size_t i;
	int rc;

	if ((rc = member(c, obj, key, T_ARR, &v)) == SDT_OK &&
	    (rc = sized(c, v, n, what)) == SDT_OK)
		for (e = v->child, i = 0; e && rc == SDT_OK; e = e->next, i++) {
			sdt_jsonpath_push_index(&c->path, i);
			rc = read_mom(c, e, &m[i], vmax[i]);
			sdt_jsonpath_pop(&c->path);
		}
	if (v)
		sdt_jsonpath_pop(&c->path);
	return rc;
}

/* A multivariate block as put_block writes it (values i in 0..vmax[i]),
 * into x = [n, sums[k], products[k * k]] (upper triangle). */
static int read_block(rctx *c, const cJSON *v, sdt_wide *x, size_t k, const sdt_wide *vmax,
                      sdt_wide rows)
{
	const char *what = "numbers (n, sums, upper triangle of cross-products)";
	const cJSON *e;
	sdt_wide max;
	size_t i = 0, j = 0, at;
	int rc;

	if ((rc = sized(c, v, 1 + k + k * (k + 1) / 2, what)) != SDT_OK)
		return rc;
	for (e = v->child, at = 0; e; e = e->next, at++) {
		sdt_jsonpath_push_index(&c->path, at);
		if (at == 0)
			rc = wide(c, e, rows, &x[0]);
		else if (at <= k)
			rc = wide(c, e, x[0] * vmax[at - 1], &x[at]);
		else {
			max = x[0] * vmax[i] * vmax[j];
			rc = wide(c, e, max, &x[1 + k + i * k + j]);
			if (++j == k)
				j = ++i;
		}
		if (rc)
			return rc;
		sdt_jsonpath_pop(&c->path);
	}
	for (i = 0; i < k; i++)
		if (sdt_wide_comoment(x[0], x[1 + i], x[1 + i], x[1 + k + i * k + i]) < 0.0L)
			return perr(c, 0, "a sum of squares smaller than its sum allows");
	return SDT_OK;
}

/* A string member that messages (and `sdtscore merge`) echo: instrument
 * ids and versions are UTF-8 without control characters (the instrument
 * parser refuses others), so anything else cannot come from a real
 * instrument and would break the one-line message that names it. */
static int plain_text(rctx *c, const cJSON *v)
{
	if (sdt_utf8_check(v->valuestring, strlen(v->valuestring)) != 0)
		return perr(c, 0, "expected text in UTF-8 without control characters");
	return SDT_OK;
}

/* "instrument": {"id", "version"}, which must be those of c->ins. Paths
 * are only kept balanced on success: the first error ends the reading. */
static int read_instrument(rctx *c, const cJSON *root)
{
	static const char *const keys[] = {"id", "version", "digest", NULL};
	const cJSON *v, *id, *ver, *dig;
	char want[32];
	int rc;

	if ((rc = member(c, root, "instrument", T_OBJ, &v)) != SDT_OK ||
	    (rc = only_keys(c, v, keys)) != SDT_OK ||
	    (rc = member(c, v, "id", T_STR, &id)) != SDT_OK ||
	    (rc = plain_text(c, id)) != SDT_OK)
		return rc;
	sdt_jsonpath_pop(&c->path);
	if ((rc = member(c, v, "version", T_STR, &ver)) != SDT_OK ||
	    (rc = plain_text(c, ver)) != SDT_OK)
		return rc;
	sdt_jsonpath_pop(&c->path);
	if (strcmp(id->valuestring, sdt_instrument_id(c->ins)) != 0 ||
	    strcmp(ver->valuestring, sdt_instrument_version(c->ins)) != 0)
		return perr(c, 0, "made with instrument '%s' version '%s', not '%s' "
		            "version '%s': partials of different instruments cannot be "
		            "merged", id->valuestring, ver->valuestring,
		            sdt_instrument_id(c->ins), sdt_instrument_version(c->ins));
	/* optional: partials written before digests were added have none */
	if (!cJSON_GetObjectItemCaseSensitive(v, "digest")) {
		sdt_jsonpath_pop(&c->path);
		return SDT_OK;
	}
	if ((rc = member(c, v, "digest", T_STR, &dig)) != SDT_OK)
		return rc;
	instrument_digest(c->ins, want);
	if (strcmp(dig->valuestring, want) != 0)
		return perr(c, 0, "made with another definition of instrument '%s' "
		            "version '%s' (digest %.40s, not %s): partials of different "
		            "instruments cannot be merged", id->valuestring,
		            ver->valuestring, dig->valuestring, want);
	sdt_jsonpath_pop(&c->path);
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

static int read_options(rctx *c, const cJSON *root)
{
	static const char *const keys[] = {"missing", NULL};
	const cJSON *v, *m = NULL;
	int rc;

	if ((rc = member(c, root, "options", T_OBJ, &v)) == SDT_OK &&
	    (rc = only_keys(c, v, keys)) == SDT_OK &&
	    (rc = member(c, v, "missing", T_STR, &m)) == SDT_OK) {
		if (strcmp(m->valuestring, "pairwise") == 0)
			c->info->missing = SDT_MISSING_PAIRWISE;
		else if (strcmp(m->valuestring, "listwise") == 0)
			c->info->missing = SDT_MISSING_LISTWISE;
		else
			rc = perr(c, 0, "expected \"pairwise\" or \"listwise\"");
	}
	if (m)
		sdt_jsonpath_pop(&c->path);
	if (v)
		sdt_jsonpath_pop(&c->path);
	return rc;
}

static int read_counts(rctx *c, const cJSON *root)
{
	static const char *const keys[] = {"read", "accepted", "scored", "left_out",
	                                   "invalid_values", "unknown_items", NULL};
	sdt_run_counts *rc_ = &c->info->counts;
	size_t *dst[] = {&rc_->read, &rc_->accepted, &rc_->scored, &rc_->left_out,
	                 &rc_->invalid_values, &rc_->unknown_items};
	const cJSON *v, *m;
	double x = 0.0;
	size_t k;
	int rc;

	if ((rc = member(c, root, "counts", T_OBJ, &v)) == SDT_OK)
		rc = only_keys(c, v, keys);
	for (k = 0; keys[k] && rc == SDT_OK; k++) {
		if ((rc = member(c, v, keys[k], T_NUM, &m)) == SDT_OK &&
		    (rc = whole(c, m, &x)) == SDT_OK)
			*dst[k] = (size_t)x;
		if (m && rc == SDT_OK)
			sdt_jsonpath_pop(&c->path);
	}
	if (rc == SDT_OK && (rc_->read != rc_->accepted + rc_->left_out ||
	                     rc_->scored > rc_->accepted))
		rc = perr(c, 0, "the counts do not add up (read = accepted + left_out, "
		          "scored <= accepted)");
	if (v && rc == SDT_OK)
		sdt_jsonpath_pop(&c->path);
	return rc;
}

/* "shape" must be the instrument's: items, items per scale, composites. */
static int read_shape(rctx *c, const cJSON *root)
{
	static const char *const keys[] = {"items", "scale_items", "composites", NULL};
	const sdt_accum *a = c->a;
	const cJSON *v, *m;
	double x[SDT_INSTRUMENT_MAX_SCALES + 2];
	size_t s, n = a->n_scales;
	int rc;

	if ((rc = member(c, root, "shape", T_OBJ, &v)) != SDT_OK ||
	    (rc = only_keys(c, v, keys)) != SDT_OK)
		return rc;
	if ((rc = member(c, v, "items", T_NUM, &m)) != SDT_OK ||
	    (rc = whole(c, m, &x[0])) != SDT_OK)
		return rc;
	if (x[0] != (double)a->n_items)
		return perr(c, 0, "%.0f items, but instrument '%s' has %zu", x[0],
		            sdt_instrument_id(c->ins), a->n_items);
	sdt_jsonpath_pop(&c->path);
	if ((rc = member(c, v, "scale_items", T_ARR, &m)) != SDT_OK ||
	    (rc = numbers(c, m, x, n, n, "scales")) != SDT_OK)
		return rc;
	for (s = 0; s < n; s++)
		if (x[s] != (double)(a->scale_off[s + 1] - a->scale_off[s]))
			return perr(c, 0, "scale %zu has %.0f items, but '%s' of instrument "
			            "'%s' has %zu", s + 1, x[s], sdt_instrument_scale_id(c->ins, s),
			            sdt_instrument_id(c->ins), a->scale_off[s + 1] - a->scale_off[s]);
	sdt_jsonpath_pop(&c->path);
	if ((rc = member(c, v, "composites", T_NUM, &m)) != SDT_OK ||
	    (rc = whole(c, m, &x[0])) != SDT_OK)
		return rc;
	if (x[0] != (double)a->n_comp)
		return perr(c, 0, "%.0f composites, but instrument '%s' has %zu", x[0],
		            sdt_instrument_id(c->ins), a->n_comp);
	sdt_jsonpath_pop(&c->path);
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* n whole numbers of member `key` of obj, which must equal want[]. */
static int same_dens(rctx *c, const cJSON *obj, const char *key, const int64_t *want,
                     size_t n)
{
	const cJSON *v, *e;
	size_t i;
	int rc;

	if ((rc = member(c, obj, key, T_ARR, &v)) != SDT_OK ||
	    (rc = sized(c, v, n, key)) != SDT_OK)
		return rc;
	for (e = v->child, i = 0; e; e = e->next, i++)
		if (!cJSON_IsNumber(e) || e->valuedouble != (double)want[i]) {
			sdt_jsonpath_push_index(&c->path, i);
			return perr(c, 0, "expected the denominator %lld of this instrument's %s "
			            "%zu", (long long)want[i], key, i + 1);
		}
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* "denominators": what scores and composites are numerators over, which
 * follow from the instrument; checked so a reader never mixes scales. */
static int read_denominators(rctx *c, const cJSON *root)
{
	const cJSON *v;
	int rc;

	if ((rc = member(c, root, "denominators", T_OBJ, &v)) != SDT_OK ||
	    (rc = same_dens(c, v, "scales", c->a->den_scale, c->a->n_scales)) != SDT_OK ||
	    (rc = same_dens(c, v, "composites", c->a->den_comp, c->a->n_comp)) != SDT_OK)
		return rc;
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* The largest value of each quantity (answers run 0..hi - lo). */
static int bounds(rctx *c)
{
	const sdt_accum *a = c->a;
	sdt_wide r = (sdt_wide)(a->hi - a->lo);
	size_t n = a->n_items + a->k_max + a->n_scales + a->n_comp + a->stride + 1, i, o, it;
	size_t S = a->n_scales;

	c->v_item = sdt_calloc(n + a->n_out * (S + 1), sizeof *c->v_item);
	if (!c->v_item)
		return sdt_fail_nomem();
	/* items first, then k_max more for a scale's items (listwise) */
	for (i = 0; i < a->n_items + a->k_max; i++)
		c->v_item[i] = r;
	c->v_score = c->v_item + a->n_items + a->k_max;
	c->v_comp = c->v_score + a->n_scales;
	c->v_team = c->v_comp + a->n_comp;
	for (i = 0; i < a->n_scales; i++)
		c->v_score[i] = c->v_team[i] = r * a->den_scale[i];
	for (i = 0; i < a->n_comp; i++)
		c->v_comp[i] = r * a->den_comp[i];
	for (i = a->n_scales; i < a->stride; i++)
		c->v_team[i] = r;
	c->v_oc = c->v_item + n;
	for (o = 0; o < a->n_out; o++) {
		memcpy(c->v_oc + o * (S + 1), c->v_score, S * sizeof *c->v_oc);
		it = sdt_instrument_outcome_item(a->ins, o);
		c->v_oc[o * (S + 1) + S] = (sdt_wide)(sdt_instrument_item_max(a->ins, it) -
		                                      sdt_instrument_item_min(a->ins, it));
	}
	return SDT_OK;
}

/* "pairs": per scale, [n, sum x, sum y, sum xy] for every i < j. */
static int read_pairs(rctx *c, const cJSON *root)
{
	const sdt_accum *a = c->a;
	const cJSON *v, *sv, *e;
	sdt_xco *p;
	sdt_wide max[4], r = c->v_item[0];
	size_t s, k, i;
	int rc;

	if ((rc = member(c, root, "pairs", T_ARR, &v)) != SDT_OK ||
	    (rc = sized(c, v, a->n_scales, "scales")) != SDT_OK)
		return rc;
	for (sv = v->child, s = 0; sv; sv = sv->next, s++) {
		k = a->scale_off[s + 1] - a->scale_off[s];
		p = a->x_pair + a->pair_off[s];
		sdt_jsonpath_push_index(&c->path, s);
		if ((rc = sized(c, sv, k * (k - 1) / 2, "item pairs")) != SDT_OK)
			return rc;
		for (e = sv->child, i = 0; e; e = e->next, i++, p++) {
			sdt_jsonpath_push_index(&c->path, i);
			max[0] = (sdt_wide)a->rows;
			if (cJSON_IsArray(e) && e->child && cJSON_IsNumber(e->child)
			    && e->child->valuedouble >= 0.0 && e->child->valuedouble <= a->rows)
				max[0] = (sdt_wide)e->child->valuedouble;
			max[1] = max[2] = max[0] * r;
			max[3] = max[0] * r * r;
			if ((rc = wides(c, e, &p->n, 4, max, "numbers (n, sum x, sum y, "
			                "sum xy)")) != SDT_OK)
				return rc;
			sdt_jsonpath_pop(&c->path);
		}
		sdt_jsonpath_pop(&c->path);
	}
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* "listwise": per scale n, sums[k] and the cross-products (upper triangle). */
static int read_listwise(rctx *c, const cJSON *root)
{
	const sdt_accum *a = c->a;
	const cJSON *v, *sv;
	size_t s, k;
	int rc;

	if ((rc = member(c, root, "listwise", T_ARR, &v)) != SDT_OK ||
	    (rc = sized(c, v, a->n_scales, "scales")) != SDT_OK)
		return rc;
	for (sv = v->child, s = 0; sv; sv = sv->next, s++) {
		k = a->scale_off[s + 1] - a->scale_off[s];
		sdt_jsonpath_push_index(&c->path, s);
		if ((rc = read_block(c, sv, a->x_lw + a->lw_off[s], k, c->v_item,
		                     (sdt_wide)a->rows)) != SDT_OK)
			return rc;
		sdt_jsonpath_pop(&c->path);
	}
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* obj's "outcome_scale_scores" (the organisation's or a team's), into the
 * outcome blocks after the scale-score block x, each over at most the
 * rows of that block. A partial written before them (or without team
 * blocks) leaves the outcome items' drivers unknown. */
static int read_oc(rctx *c, const cJSON *obj, sdt_wide *x)
{
	sdt_accum *a = c->a;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "outcome_scale_scores"), *e;
	size_t o = 0;
	int rc;

	if (!v) {
		a->oc_lost = a->n_out > 0;
		return SDT_OK;
	}
	if ((rc = member(c, obj, "outcome_scale_scores", T_ARR, &v)) != SDT_OK)
		return rc;
	if (!a->n_out)
		return perr(c, 0, "outcome co-moments given, but the instrument has no outcome item");
	if ((rc = sized(c, v, a->n_out, "blocks (one per outcome item)")) != SDT_OK)
		return rc;
	for (e = v->child; e; e = e->next, o++) {
		sdt_jsonpath_push_index(&c->path, o);
		if ((rc = read_block(c, e, x + a->oc_base + o * a->oc_size, a->n_scales + 1,
		                     c->v_oc + o * (a->n_scales + 1), x[0])) != SDT_OK)
			return rc;
		sdt_jsonpath_pop(&c->path);
	}
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* "scale_scores": n, sums[S] and cross-products of the rows scored on
 * every scale. Optional: a partial written before it existed merges into
 * statistics without drivers. */
static int read_scale_scores(rctx *c, const cJSON *root)
{
	const sdt_accum *a = c->a;
	const cJSON *v;
	int rc;

	if (!cJSON_GetObjectItemCaseSensitive(root, "scale_scores"))
		return read_oc(c, root, a->x_sc);
	if ((rc = member(c, root, "scale_scores", T_ARR, &v)) != SDT_OK ||
	    (rc = read_block(c, v, a->x_sc, a->n_scales, c->v_score, (sdt_wide)a->rows)) != SDT_OK)
		return rc;
	sdt_jsonpath_pop(&c->path);
	return read_oc(c, root, a->x_sc);
}

/* Team t's optional "answer_counts" (per scale item, per answer lo..hi,
 * over the complete rows), which must agree with its item moments; a
 * partial without them leaves AD_M(J) unknown. */
static int read_answer_counts(rctx *c, const cJSON *e, size_t t)
{
	sdt_accum *a = c->a;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "answer_counts");
	double *h, n;
	size_t i, j;
	int rc;

	if (!v || !a->points) {
		if (v && !a->hstride)
			return perr(c, 0, "\"answer_counts\" given for a scale of more than %d "
			            "options", SDT_HIST_MAX_POINTS);
		sdt_accum_drop_hist(a);
		return SDT_OK;
	}
	h = a->team_hist + t * a->hstride;
	if ((rc = member(c, e, "answer_counts", T_ARR, &v)) != SDT_OK ||
	    (rc = numbers(c, v, h, a->hstride, a->hstride,
	                  "counts (per scale item, per answer)")) != SDT_OK)
		return rc;
	for (i = 0; i < a->hstride / a->points; i++) {
		for (j = 0, n = 0.0; j < a->points; j++)
			n += h[i * a->points + j];
		if (n != (double)a->x_team_mom[t * a->stride + a->n_scales + i].n)
			return perr(c, 0, "the answer counts of scale item %zu add up to %.0f, "
			            "not to its %.0f complete rows", i + 1, n,
			            (double)a->x_team_mom[t * a->stride + a->n_scales + i].n);
	}
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* Team t's optional "scale_scores" (as the top-level one, over its rows
 * scored on every scale); without them no group has drivers. */
static int read_team_sc(rctx *c, const cJSON *e, size_t t)
{
	sdt_accum *a = c->a;
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, "scale_scores");
	int rc;

	if (!v || !a->sc_stride) {
		if (v && a->n_scales > SDT_TEAM_SC_MAX_SCALES)
			return perr(c, 0, "\"scale_scores\" given for an instrument of more than %d "
			            "scales", SDT_TEAM_SC_MAX_SCALES);
		sdt_accum_drop_team_sc(a);
		return SDT_OK;
	}
	if ((rc = member(c, e, "scale_scores", T_ARR, &v)) != SDT_OK ||
	    (rc = read_block(c, v, a->x_team_sc + t * a->sc_stride, a->n_scales, c->v_score,
	                     (sdt_wide)a->rows)) != SDT_OK)
		return rc;
	if ((double)a->x_team_sc[t * a->sc_stride] > a->team_rows[t])
		return perr(c, 0, "more rows scored on every scale than the team's %.0f",
		            a->team_rows[t]);
	sdt_jsonpath_pop(&c->path);
	return read_oc(c, e, a->x_team_sc + t * a->sc_stride);
}

/* "outcome_counts" of obj (the organisation's "outcomes" or a team):
 * required when the instrument has outcome items (its digest tells them
 * apart from partials of instruments without), each outcome's counts
 * adding up to at most `rows`. */
static int read_outcome_counts(rctx *c, const cJSON *obj, double *out, double rows)
{
	const sdt_accum *a = c->a;
	const cJSON *v;
	double n;
	size_t o, k;
	int rc;

	if (!a->ostride && !cJSON_GetObjectItemCaseSensitive(obj, "outcome_counts"))
		return SDT_OK;
	if (!a->ostride) {
		member(c, obj, "outcome_counts", T_ARR, &v);
		return perr(c, 0, "outcome counts given, but the instrument has no outcome item");
	}
	if ((rc = member(c, obj, "outcome_counts", T_ARR, &v)) != SDT_OK ||
	    (rc = numbers(c, v, out, a->ostride, a->ostride,
	                  "counts (per outcome item, per answer)")) != SDT_OK)
		return rc;
	for (o = 0; o < a->n_out; o++) {
		for (k = a->out_off[o], n = 0.0; k < a->out_off[o + 1]; k++)
			n += out[k];
		if (n > rows)
			return perr(c, 0, "outcome %zu has %.0f answers, more than the %.0f rows",
			            o + 1, n, rows);
	}
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

static int read_team(rctx *c, const cJSON *e)
{
	static const char *const keys[] = {"team", "rows", "moments", "answer_counts",
	                                   "scale_scores", "outcome_counts",
	                                   "outcome_scale_scores", NULL};
	sdt_accum *a = c->a;
	const cJSON *v, *m;
	size_t t, n0 = a->n_teams, i;
	int rc;

	if (!cJSON_IsObject(e))
		return perr(c, 0, "expected an object");
	if ((rc = only_keys(c, e, keys)) != SDT_OK ||
	    (rc = member(c, e, "team", T_STR, &v)) != SDT_OK)
		return rc;
	if (!v->valuestring[0] || sdt_utf8_check(v->valuestring, strlen(v->valuestring)))
		return perr(c, 0, "expected a team path in UTF-8");
	if ((rc = sdt_accum_team(a, v->valuestring, &t)) != SDT_OK)
		return rc;
	if (t < n0)
		return perr(c, 0, "team '%s' is listed twice", v->valuestring);
	sdt_jsonpath_pop(&c->path);
	if ((rc = member(c, e, "rows", T_NUM, &v)) != SDT_OK ||
	    (rc = whole(c, v, &a->team_rows[t])) != SDT_OK)
		return rc;
	sdt_jsonpath_pop(&c->path);
	if ((rc = member(c, e, "moments", T_ARR, &v)) != SDT_OK ||
	    (rc = sized(c, v, a->stride, "moments (per scale, then per scale item)")) != SDT_OK)
		return rc;
	for (m = v->child, i = 0; m; m = m->next, i++) {
		sdt_jsonpath_push_index(&c->path, i);
		if ((rc = read_mom(c, m, &a->x_team_mom[t * a->stride + i], c->v_team[i])) != SDT_OK)
			return rc;
		sdt_jsonpath_pop(&c->path);
	}
	sdt_jsonpath_pop(&c->path);
	if ((rc = read_answer_counts(c, e, t)) != SDT_OK ||
	    (rc = read_outcome_counts(c, e, a->team_out + t * a->ostride, a->team_rows[t])) != SDT_OK)
		return rc;
	return read_team_sc(c, e, t);
}

static int read_teams(rctx *c, const cJSON *root)
{
	const cJSON *v, *e;
	double rows = 0.0;
	size_t i;
	int rc;

	if ((rc = member(c, root, "teams", T_ARR, &v)) != SDT_OK)
		return rc;
	for (e = v->child, i = 0; e; e = e->next, i++) {
		sdt_jsonpath_push_index(&c->path, i);
		if ((rc = read_team(c, e)) != SDT_OK)
			return rc;
		rows += c->a->team_rows[i];
		sdt_jsonpath_pop(&c->path);
	}
	if (rows > c->a->rows)
		return perr(c, 0, "the teams hold %.0f rows, more than the %.0f of the "
		            "partial", rows, c->a->rows);
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* "outcomes": {"n": 0, "outcome_counts": [...]}, the organisation's
 * counts, when the instrument has outcome items. */
static int read_outcomes(rctx *c, const cJSON *root)
{
	static const char *const keys[] = {"n_outcomes", "outcome_counts", NULL};
	const cJSON *v;
	int rc;

	if (!c->a->ostride && !cJSON_GetObjectItemCaseSensitive(root, "outcomes"))
		return SDT_OK;
	if ((rc = member(c, root, "outcomes", T_OBJ, &v)) != SDT_OK ||
	    (rc = only_keys(c, v, keys)) != SDT_OK ||
	    (rc = read_outcome_counts(c, v, c->a->out_cnt, c->a->rows)) != SDT_OK)
		return rc;
	sdt_jsonpath_pop(&c->path);
	return SDT_OK;
}

/* "format", then "instrument" and "options" (so a mismatch is told before
 * any shape problem), then the numbers. */
static int read_root(rctx *c, const cJSON *root)
{
	static const char *const keys[] = {
		"format", "instrument", "options", "counts", "shape", "denominators", "rows", "items",
		"scores", "composites", "pairs", "listwise", "scale_scores", "outcome_scale_scores",
		"outcomes", "teams", NULL};
	const cJSON *v;
	sdt_accum *a = c->a;
	int rc;

	if (!cJSON_IsObject(root))
		return perr(c, 0, "expected an object (an sdtscore partial)");
	if ((rc = member(c, root, "format", T_STR, &v)) != SDT_OK)
		return rc;
	if (strcmp(v->valuestring, SDT_PARTIAL_FORMAT_1) == 0) {
		rc = perr(c, 0, "a partial of format \"" SDT_PARTIAL_FORMAT_1 "\" (rounded moments, "
		          "from an older sdtscore) cannot merge exactly: write it again with this "
		          "version (\"" SDT_PARTIAL_FORMAT "\")");
		return rc;
	}
	if (strcmp(v->valuestring, SDT_PARTIAL_FORMAT) != 0) {
		rc = perr(c, 0, "expected \"" SDT_PARTIAL_FORMAT "\": not an sdtscore partial, "
		          "or one of a newer version");
		sdt_error_set_kind("not_partial", NULL);
		return rc;
	}
	sdt_jsonpath_pop(&c->path);
	if ((rc = only_keys(c, root, keys)) != SDT_OK ||
	    (rc = read_instrument(c, root)) != SDT_OK ||
	    (rc = read_options(c, root)) != SDT_OK ||
	    (rc = read_counts(c, root)) != SDT_OK ||
	    (rc = read_shape(c, root)) != SDT_OK ||
	    (rc = read_denominators(c, root)) != SDT_OK)
		return rc;
	if ((rc = member(c, root, "rows", T_NUM, &v)) != SDT_OK ||
	    (rc = whole(c, v, &a->rows)) != SDT_OK)
		return rc;
	if (a->rows != (double)c->info->counts.accepted)
		return perr(c, 0, "%.0f rows, but counts.accepted is %zu", a->rows,
		            c->info->counts.accepted);
	sdt_jsonpath_pop(&c->path);
	if ((rc = read_moms(c, root, "items", a->x_item, a->n_items, c->v_item,
	                    "items")) != SDT_OK ||
	    (rc = read_moms(c, root, "scores", a->x_score, a->n_scales, c->v_score,
	                    "scales")) != SDT_OK ||
	    (rc = read_moms(c, root, "composites", a->x_comp, a->n_comp, c->v_comp,
	                    "composites")) != SDT_OK ||
	    (rc = read_pairs(c, root)) != SDT_OK ||
	    (rc = read_listwise(c, root)) != SDT_OK)
		return rc;
	sdt_accum_pairs_own(c->a);
	if ((rc = read_scale_scores(c, root)) != SDT_OK ||
	    (rc = read_outcomes(c, root)) != SDT_OK)
		return rc;
	return read_teams(c, root);
}

static int parse_text(rctx *c, cJSON **root)
{
	return sdt_json_document(root, c->text, c->len, c->name, SDT_EDATA);
}

int sdt_accum_parse(sdt_accum **out, sdt_partial_info *info,
                    const sdt_instrument *ins, const char *text, size_t len,
                    const char *name)
{
	sdt_partial_info local;
	rctx c = {text, len, name ? name : "partial", {0, {{NULL, 0}}}, ins, NULL,
	          info ? info : &local, NULL, NULL, NULL, NULL, NULL};
	cJSON *root = NULL;
	int rc;

	*out = NULL;
	memset(c.info, 0, sizeof *c.info);
	sdt_jsonpath_init(&c.path);
	if (!ins || !text) {
		rc = sdt_fail(SDT_EUSAGE, "sdt_accum_parse: NULL argument");
		goto done;
	}
	if ((rc = sdt_accum_new(&c.a, ins)) != SDT_OK || (rc = bounds(&c)) != SDT_OK ||
	    (rc = parse_text(&c, &root)) != SDT_OK)
		goto done;
	rc = read_root(&c, root);
done:
	sdt_free(c.v_item);
	cJSON_Delete(root);
	if (rc != SDT_OK)
		sdt_accum_free(c.a);
	else
		*out = c.a;
	return rc;
}

int sdt_accum_read(sdt_accum **out, sdt_partial_info *info,
                   const sdt_instrument *ins, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	if ((rc = sdt_read_file(&text, &len, path)) == SDT_OK)
		rc = sdt_accum_parse(out, info, ins, text, len, path);
	sdt_free(text);
	return rc;
}

int sdt_accum_parse_instrument(char **id, char **version, const char *text,
                               size_t len, const char *name)
{
	rctx c = {text, len, name, {0, {{NULL, 0}}}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	const cJSON *v, *m;
	cJSON *root = NULL;
	int rc;

	*id = *version = NULL;
	sdt_jsonpath_init(&c.path);
	if ((rc = parse_text(&c, &root)) != SDT_OK)
		goto done;
	if (cJSON_IsObject(root) && (v = cJSON_GetObjectItemCaseSensitive(root, "format")) &&
	    cJSON_IsString(v) && strcmp(v->valuestring, SDT_PARTIAL_FORMAT_1) == 0) {
		rc = sdt_fail(SDT_EDATA, "%s: a partial of format \"" SDT_PARTIAL_FORMAT_1 "\" "
		              "(rounded moments, from an older sdtscore) cannot merge exactly: "
		              "write it again with this version", name);
		goto done;
	}
	if (!cJSON_IsObject(root) || !(v = cJSON_GetObjectItemCaseSensitive(root, "format")) ||
	    !cJSON_IsString(v) || strcmp(v->valuestring, SDT_PARTIAL_FORMAT) != 0) {
		rc = sdt_fail(SDT_EDATA, "%s: not an sdtscore partial (no \"format\": \""
		              SDT_PARTIAL_FORMAT "\")", name);
		sdt_error_set_kind("not_partial", NULL);
		goto done;
	}
	if ((rc = member(&c, root, "instrument", T_OBJ, &v)) != SDT_OK ||
	    (rc = member(&c, v, "id", T_STR, &m)) != SDT_OK ||
	    (rc = plain_text(&c, m)) != SDT_OK)
		goto done;
	sdt_jsonpath_pop(&c.path);
	*id = sdt_strdup(m->valuestring);
	if ((rc = member(&c, v, "version", T_STR, &m)) != SDT_OK ||
	    (rc = plain_text(&c, m)) != SDT_OK)
		goto done;
	*version = sdt_strdup(m->valuestring);
	if (!*id || !*version)
		rc = sdt_fail_nomem();
done:
	if (rc != SDT_OK) {
		sdt_free(*id);
		sdt_free(*version);
		*id = *version = NULL;
	}
	cJSON_Delete(root);
	return rc;
}

int sdt_accum_read_instrument(const char *path, char **id, char **version)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*id = *version = NULL;
	if ((rc = sdt_read_file(&text, &len, path)) == SDT_OK)
		rc = sdt_accum_parse_instrument(id, version, text, len, path);
	sdt_free(text);
	return rc;
}
