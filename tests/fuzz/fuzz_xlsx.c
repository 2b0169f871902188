/*
 * fuzz_xlsx.c - libFuzzer target: an .xlsx workbook (SDT_FORMAT_XLSX)
 * through the whole streaming path of fuzz_reader.h.
 *
 * An input is taken two ways:
 * - as the workbook's bytes, so libzip meets damaged archives (the corpus
 *   holds small real workbooks);
 * - when it starts with "=== ", as the parts of a workbook, each a line
 *   "=== NAME" followed by the part's text, which the harness stores in a
 *   fresh, well-formed ZIP archive. Mutating a real archive mostly breaks
 *   its checksums, so without this the XML of the workbook, relations,
 *   shared strings, styles and worksheet would hardly be fuzzed at all.
 */
#include <zip.h>

#include "fuzz_reader.h"

#define PART_MARK "=== "

/* Add data[0..len) as part `name` (stored, not compressed: the point is
 * the XML, and storing is fast). A part the archive refuses is left out. */
static void add_part(zip_t *z, const uint8_t *name, size_t name_len,
                     const uint8_t *data, size_t len)
{
	char *nm = malloc(name_len + 1);
	zip_source_t *src;
	zip_int64_t idx;

	if (!nm)
		abort();
	memcpy(nm, name, name_len);
	nm[name_len] = '\0';
	src = zip_source_buffer(z, data, len, 0);
	if (!src)
		abort();
	idx = nm[0] ? zip_file_add(z, nm, src, ZIP_FL_OVERWRITE) : -1;
	if (idx < 0)
		zip_source_free(src);
	else if (zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0) != 0)
		abort();
	free(nm);
}

/* The parts format into a ZIP archive at path. An archive without parts
 * is not written at all (libzip removes it): the reader then meets a
 * missing file. */
static void write_parts(const char *path, const uint8_t *data, size_t size)
{
	const size_t mark = sizeof PART_MARK - 1;
	const uint8_t *p = data, *end = data + size, *name, *nl, *next;
	zip_t *z;
	int ze = 0;

	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	if (!z)
		abort();
	while (p < end && (size_t)(end - p) >= mark && !memcmp(p, PART_MARK, mark)) {
		name = p + mark;
		nl = memchr(name, '\n', (size_t)(end - name));
		if (!nl)
			nl = end;
		/* The part runs to the next "\n=== " or to the end. */
		for (next = nl; next < end; next++)
			if (*next == '\n' && (size_t)(end - next - 1) >= mark &&
			    !memcmp(next + 1, PART_MARK, mark))
				break;
		add_part(z, name, (size_t)(nl - name), nl < end ? nl + 1 : end,
		         next > nl ? (size_t)(next - nl - 1) : 0);
		p = next < end ? next + 1 : end;
	}
	if (zip_close(z) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_tmp();

	if (size >= sizeof PART_MARK - 1 &&
	    !memcmp(data, PART_MARK, sizeof PART_MARK - 1))
		write_parts(path, data, size);
	else
		fuzz_write_file(path, data, size);
	fuzz_reader_path(path, SDT_FORMAT_XLSX);
	return 0;
}
