/*
 * jsonpos.h - JSON paths ("$.scales[1].items[2]") and the byte position of
 * the value a path names in the original text (internal).
 *
 * cJSON keeps no positions, so messages that want line:column walk the text
 * again: the caller tracks the path while it walks the cJSON tree, and only
 * when something is wrong asks sdt_jsonpos_find() where that value starts.
 */
#ifndef SDT_JSONPOS_H
#define SDT_JSONPOS_H

#include <stddef.h>

/* Steps kept in a path; deeper steps are counted but not stored, and a
 * lookup then stops at the deepest stored one. */
#define SDT_JSONPATH_MAX 16

/* A step's index when a member is to be matched by name (first match, as
 * cJSON_GetObjectItemCaseSensitive does) rather than by position. */
#define SDT_JSONPOS_BY_KEY ((size_t)-1)

typedef struct sdt_jsonstep {
	const char *key; /* member name (UTF-8), or NULL for an array element */
	size_t index;    /* position among the parent's members or elements,
	                    from 0, or SDT_JSONPOS_BY_KEY */
} sdt_jsonstep;

typedef struct sdt_jsonpath {
	size_t depth; /* may exceed SDT_JSONPATH_MAX */
	sdt_jsonstep step[SDT_JSONPATH_MAX];
} sdt_jsonpath;

/* An empty path ("$"). */
void sdt_jsonpath_init(sdt_jsonpath *p);
/* Descend into member `key` (not copied: it must outlive the path), the
 * `index`-th member of its object (or SDT_JSONPOS_BY_KEY). */
void sdt_jsonpath_push_key(sdt_jsonpath *p, const char *key, size_t index);
/* Descend into array element `index`. */
void sdt_jsonpath_push_index(sdt_jsonpath *p, size_t index);
/* Back up one step; no-op on an empty path. */
void sdt_jsonpath_pop(sdt_jsonpath *p);

/* Write the path as "$.a[2].b" into buf (always terminated when size > 0;
 * truncated to fit). Names that are not plain identifiers are written as
 * ["name"] with JSON escapes, so messages stay one printable line.
 * Returns strlen of what was written. */
size_t sdt_jsonpath_format(const sdt_jsonpath *p, char *buf, size_t size);

/* Byte offset in text[0..len) of the value the path names; text is a
 * document cJSON accepted (a leading UTF-8 BOM is skipped, as cJSON does).
 * If key_off is not NULL it receives the offset of the member name's
 * opening quote (or the value offset when the last step is an array
 * element or the path is empty). Returns 0, or -1 when the path does not
 * exist: then both offsets are those of the deepest value found. */
int sdt_jsonpos_find(const char *text, size_t len, const sdt_jsonpath *p,
                     size_t *value_off, size_t *key_off);

/* "name:line:col: $.path" into buf (n bytes, truncated): the place of
 * the value at p in text[0..len), or of its member name with at_key, as
 * every message about a JSON document names it (jsonpos.c). */
void sdt_jsonpos_where(char *buf, size_t n, const char *name, const char *text, size_t len,
                       const sdt_jsonpath *p, int at_key);

/* Fail with `code` and the message "name:line:col: $.path: <fmt ...>",
 * the place as sdt_jsonpos_where gives it: every reader of a JSON
 * document (instrument, map, partial) reports its problems this way.
 * Returns code. */
int sdt_jsonpos_fail(int code, const char *name, const char *text, size_t len,
                     const sdt_jsonpath *p, int at_key, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Strict syntax check of the JSON value at the start of text[0..len)
 * (after an optional BOM and whitespace). Returns 0 when it is well formed
 * and sets *end just after it; otherwise returns -1 with *end at the first
 * bad byte. Stricter than cJSON, never looser, so a text this accepts and
 * cJSON rejects means cJSON ran out of memory. */
int sdt_jsonpos_syntax(const char *text, size_t len, size_t *end);

/* A common cause, in words, of a syntax error cJSON reported at text[off]:
 * nesting deeper than cJSON allows, or NaN / Infinity, which some
 * exporters write but JSON has not. NULL when there is none to name. */
const char *sdt_jsonpos_hint(const char *text, size_t len, size_t off);

/* "a string", "a number", "a boolean", "null", "an array" or "an object":
 * the kind of a cJSON value, for "expected X, got Y" messages. */
struct cJSON;
const char *sdt_json_type_name(const struct cJSON *v);

/* The one way every JSON file (instruments, maps, partials, manifests,
 * response documents' siblings) is read: a BOM allowed; text outside
 * strings UTF-8 without control characters but line ends and tabs; one
 * value and nothing after it but whitespace. Errors are `code` with
 * "NAME:LINE:COL: what" (invalid UTF-8, control character, empty file,
 * invalid JSON with a hint, unexpected text after the JSON document);
 * SDT_ENOMEM when cJSON ran out of memory. The caller frees *root with
 * cJSON_Delete. */
int sdt_json_document(struct cJSON **root, const char *text, size_t len,
                      const char *name, int code);

#endif
