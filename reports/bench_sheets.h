/*
 * bench_sheets.h - private to the benchmark workbook (benchmark.c and
 * bench_*.c): its render context and one function per sheet.
 */
#ifndef SDT_BENCH_SHEETS_H
#define SDT_BENCH_SHEETS_H

#include <stddef.h>

#include "sheet.h"

/* Title, intro, a note on bands, then the header row: the header is the
 * row repeated on every printed page. */
#define BM_HEAD_ROW 3

/* Sort keys and the unit they belong to: key, then key2 breaks ties
 * (means as shown, then percentiles, so that equal rounded means still
 * list in the order their percentiles give). */
typedef struct bm_ranked {
	double key, key2;
	size_t idx;
} bm_ranked;

typedef struct bm {
	sdt_rep r;
	const sdt_benchmark_report *in;
	const sdt_benchmark *b;
	char **org_label;    /* per organisation */
	char **team_label;   /* per team */
	size_t *org_order;   /* organisations in label order (the focus first) */
	bm_ranked *tmp;      /* scratch for sorting, max(n_orgs, n_teams) */
	/* Per scale, on the Organisations sheet: the first row of its block
	 * and how many organisations with a mean head it (what a chart reads). */
	size_t *block_row, *block_n;
	lxw_format *pct, *good, *bad, *focus, *section, *dash, *top, *unc, *dash_num;
	lxw_format *head_text; /* a header over words that follow numbers */
	int several_instruments; /* scale names then say whose they are */
} bm;

/* bench_common.c, below the sheets and benchmark.c. */

/* Higher key first, then higher key2, NAN last, ties by idx. */
void bm_sort(bm_ranked *v, size_t n);
/* Units u[0..n) in their order on scale s into m->tmp: by mean as
 * shown, highest first, those without one last. Returns how many have
 * one. */
size_t bm_order_scale(bm *m, const sdt_benchmark_unit *u, size_t n, size_t s);
/* Whether organisation `org` is one the file does not name. */
int bm_anonymised(const bm *m, size_t org);
/* x as an anonymised package stores it: rounded to `unit`. */
double bm_shown(const bm *m, double x, double unit);
/* The scale's name; with several instruments in the portfolio, its
 * instrument too, and a note when lower scores are the better ones. */
void bm_scale_name(const bm *m, size_t s, char *buf, size_t size);

/* One function per sheet; each returns m->r.err. */
int bm_sheet_orgs(bm *m);
int bm_sheet_teams(bm *m);
int bm_sheet_charts(bm *m);
int bm_sheet_portfolio(bm *m);
int bm_sheet_method(bm *m);

#endif
