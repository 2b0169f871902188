/*
 * batch.h - `sdtscore batch`: the list of organisations, read from a JSON
 * or CSV manifest or from a directory with one folder per organisation.
 */
#ifndef SDT_CLI_BATCH_H
#define SDT_CLI_BATCH_H

#include <stddef.h>

typedef struct batch_org {
	char *name;
	char **files;        /* response files, resolved against the manifest */
	size_t n_files;
	char *instrument;    /* bundled id or resolved path; NULL: -i */
	char *headcount;     /* resolved path or NULL */
	char **previous;     /* earlier waves' files, oldest first: one wave
	                        each (JSON "previous"; a folder's previous/) */
	size_t n_previous;
	/* the focus areas HR chose (report --actions-out, `chosen` marked):
	 * JSON "actions", a folder's actions.csv; NULL: none */
	char *actions;
	/* Set when this organisation's entry cannot be run (a folder without
	 * response files, say): it fails with this reason, the others go on. */
	char *problem;
} batch_org;

typedef struct batch_manifest {
	batch_org *orgs;
	size_t n_orgs;
	int from_dir;        /* read from a directory */
} batch_manifest;

/* Read the organisations from `path`: a directory (one folder each), a
 * JSON manifest ({"organisations": [{"name", "files", "instrument",
 * "headcount", "previous", "actions"}]}, by a .json name or a leading '{') or else a CSV
 * manifest (name,file,instrument,headcount; a row per file). Relative
 * paths are taken from the manifest's directory. Returns 0, or an exit
 * code after printing the error with its place in the manifest. Free
 * with batch_manifest_free() either way. */
int batch_manifest_load(batch_manifest *m, const char *path);
void batch_manifest_free(batch_manifest *m);

#endif
