/*
 * wave_renames.c - team renames between waves (sdt_waves.h): the pairs of
 * a reorganisation, read from a CSV file and applied to earlier waves.
 */
#include <string.h>

#include "internal.h"

struct sdt_wave_renames {
	char **from, **to;
	size_t n;
};

int sdt_wave_renames_new(sdt_wave_renames **out)
{
	*out = sdt_calloc(1, sizeof **out);
	return *out ? SDT_OK : sdt_fail_nomem();
}

void sdt_wave_renames_free(sdt_wave_renames *r)
{
	size_t k;

	if (!r)
		return;
	for (k = 0; k < r->n; k++) {
		sdt_free(r->from[k]);
		sdt_free(r->to[k]);
	}
	sdt_free(r->from);
	sdt_free(r->to);
	sdt_free(r);
}

int sdt_wave_renames_add(sdt_wave_renames *r, const char *from, const char *to)
{
	char **f, **t, *a = NULL, *b = NULL;

	if (!*from || !*to)
		return sdt_fail(SDT_EUSAGE, "an empty team path in a rename");
	/* Grow both arrays before copying, so a failure leaves r as it was. */
	if (!(f = sdt_reallocarray(r->from, r->n + 1, sizeof *f)))
		return sdt_fail_nomem();
	r->from = f;
	if (!(t = sdt_reallocarray(r->to, r->n + 1, sizeof *t)))
		return sdt_fail_nomem();
	r->to = t;
	if (!(a = sdt_strdup(from)) || !(b = sdt_strdup(to))) {
		sdt_free(a);
		return sdt_fail_nomem();
	}
	r->from[r->n] = a;
	r->to[r->n++] = b;
	return SDT_OK;
}

int sdt_wave_renames_read(sdt_wave_renames *r, const char *path)
{
	const char *const *f;
	sdt_csv *csv = NULL;
	unsigned long line;
	size_t n, k = 0;
	int err;

	if ((err = sdt_csv_open(&csv, path)) != SDT_OK)
		goto done;
	while ((err = sdt_csv_next(csv, &f, &n, &line)) == SDT_OK && f) {
		if (k++ == 0 && n == 2 && !strcmp(f[0], "old") && !strcmp(f[1], "new"))
			continue;
		if (n != 2)
			err = sdt_fail(SDT_EDATA, "%s:%lu: expected two columns (old path, new "
			               "path), found %zu", path, line, n);
		else if (!*f[0] || !*f[1])
			err = sdt_fail(SDT_EDATA, "%s:%lu: an empty team path", path, line);
		else
			err = sdt_wave_renames_add(r, f[0], f[1]);
		if (err)
			break;
	}
done:
	sdt_csv_free(csv);
	return err;
}

size_t sdt_wave_renames_count(const sdt_wave_renames *r)
{
	return r->n;
}

void sdt_wave_renames_pairs(sdt_groups_rename *out, const sdt_wave_renames *r)
{
	out->from = (const char *const *)r->from;
	out->to = (const char *const *)r->to;
	out->n = r->n;
}

int sdt_wave_renames_apply(size_t *moved, sdt_wave *w, const sdt_wave_renames *r)
{
	size_t p, m, total = 0;
	int err;

	for (p = 0; p < r->n; p++) {
		if ((err = sdt_wave_rename(w, r->from[p], r->to[p], &m)) != SDT_OK)
			return err;
		total += m;
	}
	if (moved)
		*moved = total;
	return SDT_OK;
}
