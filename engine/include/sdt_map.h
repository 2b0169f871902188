/*
 * sdt_map.h - column maps for survey exports (Microsoft Forms, Google
 * Forms, Qualtrics, LimeSurvey, Webropol): which column holds the id, the
 * team, each item and each attribute, how answer labels read as numbers,
 * and which rows are the header and which to skip.
 *
 * A map file is JSON (all keys but "id" and "items" optional):
 *   {"id": COL, "team": COL | [COL, ...], "items": {ITEM_ID: COL, ...},
 *    "attributes": {NAME: COL, ...}, "labels": {LABEL: VALUE | null, ...},
 *    "header_row": 1, "skip_rows": [2, 3], "team_values": {CODE: TEAM, ...},
 *    "duration": COL}
 * COL is an exact header string or {"regex": "..."} (POSIX extended,
 * unanchored unless it says ^ or $) that must match exactly one header.
 * Several team columns are joined with '/'. "team_values" reads a team cell
 * that is one of its codes as that team path (the list of a survey written
 * by sdt_export_map); other cells are the team as they are. "duration"
 * is the column of the seconds each respondent took (sdt_response.duration,
 * for the careless rule "speeders"); it is never an attribute. Rows count
 * CSV records (or worksheet rows) from 1 at the start of the file.
 *
 * A map is immutable once loaded and may be shared by readers and threads.
 * Pass it to the readers in sdt_read_options.map.
 */
#ifndef SDT_MAP_H
#define SDT_MAP_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_instrument.h"
#include "sdt_reader.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_map sdt_map;

/* Known export layouts (sdt_read_options.layout). */
typedef enum sdt_layout {
	SDT_LAYOUT_GENERIC = 0, /* one header row */
	SDT_LAYOUT_QUALTRICS,   /* codes, question texts, import ids: header 1,
	                           rows 2 and 3 skipped */
	SDT_LAYOUT_LIMESURVEY   /* codes such as BPN[SQ001] */
} sdt_layout;

/* Parse and validate a map from a JSON text of len bytes; `name` is used in
 * messages. Problems are reported as "<name>:<line>:<col>: <path>: what"
 * (SDT_EDATA). On success the caller frees *out with sdt_map_free(). */
SDT_API int sdt_map_parse(sdt_map **out, const char *text, size_t len,
                  const char *name);

/* Read the file at `path` and parse it as above (SDT_EIO when unreadable). */
SDT_API int sdt_map_load(sdt_map **out, const char *path);

/* Free a map; NULL is a no-op. */
SDT_API void sdt_map_free(sdt_map *map);

/* 1 when the map names a "duration" column, else 0 (also for NULL). */
SDT_API int sdt_map_has_duration(const sdt_map *map);

/* "generic", "qualtrics" or "limesurvey". */
SDT_API const char *sdt_layout_name(sdt_layout layout);

/* The layout named `name` into *out. SDT_OK, or SDT_EUSAGE for an unknown
 * name or NULL ("unknown layout 'NAME' (generic, qualtrics, limesurvey)"),
 * *out unchanged (as sdt_format_from_name). */
SDT_API int sdt_layout_from_name(sdt_layout *out, const char *name);

/* Deprecated: -1 for an unknown name; use sdt_layout_from_name(). */
SDT_API int sdt_layout_parse(const char *name)
	SDT_DEPRECATED("use sdt_layout_from_name");

/* Propose a map for the export at `path`, read with `opt` (format,
 * delimiter, encoding, layout; opt->map is ignored): its header row is
 * matched against the item ids, numbers ("Q3", "3.", "BPN[SQ003]") and the
 * item labels and texts in every language. *json receives the map as JSON
 * text, *unmatched one line per header or item left unmatched ("" when
 * none); the caller frees both with sdt_free(). When no column looks like
 * the id, or none matches an item, both are still set and SDT_EDATA is
 * returned (kind "suggest_unusable"): the map needs filling in. */
SDT_API int sdt_map_suggest(char **json, char **unmatched, const sdt_instrument *ins,
                    const char *path, const sdt_read_options *opt);

#ifdef __cplusplus
}
#endif
#endif
