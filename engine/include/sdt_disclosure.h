/*
 * sdt_disclosure.h - the disclosure engine: which published cells must be
 * hidden so that no small group's figures can be worked out from the rest.
 *
 * The model. Respondents fall into *inner cells*, the finest partition
 * that any published figure distinguishes (e.g. team x attribute value x
 * answering pattern). Every figure about to be published is a sum over a
 * set of inner cells: a *cell*. A reader can combine published sums
 * linearly, so what they learn is the span of the published cells.
 *
 * The rule, decided once per system:
 *  - primary suppression: a cell with 1 .. min_group - 1 respondents;
 *  - secondary suppression by Gaussian elimination (the method of
 *    Statistics Norway's GaussSuppression): the candidates are visited in
 *    priority order (most respondents first, so small cells are hidden
 *    before large ones and the whole organisation last), and a candidate
 *    is hidden when publishing it would put a sensitive vector in the span
 *    of the published cells. Sensitive vectors are the primary cells, every
 *    inner cell of 1 .. min_group - 1 respondents, and, per cell, the union
 *    of its small inner cells when that union has 1 .. min_group - 1.
 *  - a cell of 0 respondents is known to be empty and is published.
 *
 * Counts are public: the engine protects sums (and every figure computed
 * from them), not how many respondents a cell has.
 */
#ifndef SDT_DISCLOSURE_H
#define SDT_DISCLOSURE_H

#include "sdt_api.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Why a cell is not published. */
typedef enum sdt_hidden {
	SDT_SHOWN = 0,
	SDT_HIDDEN_MIN_GROUP = 1,  /* 1 .. min_group - 1 respondents */
	SDT_HIDDEN_PROTECTION = 2  /* would let a smaller group be worked out */
} sdt_hidden;

typedef struct sdt_disclosure sdt_disclosure;

/* A new system over `n_inner` inner cells whose respondent counts are
 * `inner_count` (copied). min_group below 1 is taken as 5: zero never
 * switches protection off. Caller frees with sdt_disclosure_free(). */
SDT_API int sdt_disclosure_new(sdt_disclosure **out, size_t n_inner,
                       const double *inner_count, double min_group);
SDT_API void sdt_disclosure_free(sdt_disclosure *d);

/* Add a cell that is about to be published: the sum over the inner cells
 * inner[0 .. n) (indices below n_inner, in any order, repeats ignored).
 * *id receives the cell's index for sdt_disclosure_result(). Cells over
 * the same inner cells are one cell to the engine and get one decision. */
SDT_API int sdt_disclosure_add(sdt_disclosure *d, const size_t *inner, size_t n,
                       size_t *id);

/* Name one more set of respondents that must not be worked out: the
 * union of inner[0 .. n), protected when it has 1 .. min_group - 1
 * respondents (else ignored). Inner cells and primary cells are protected
 * without this; it is for unions a reader could isolate, such as a team's
 * respondents with one attribute value across the values of another. */
SDT_API int sdt_disclosure_protect(sdt_disclosure *d, const size_t *inner, size_t n);

/* Hide cell `id` whatever its size (e.g. because a figure it is shown
 * with is hidden): it is then protected as a primary cell is, so no
 * other cell gives it away. Its result is SDT_HIDDEN_PROTECTION unless it
 * is under the threshold. */
SDT_API int sdt_disclosure_hide(sdt_disclosure *d, size_t id);

/* Cell `id` is known to readers already (e.g. an earlier report showed
 * it): it is published before every candidate, whatever it gives away,
 * and the candidates are decided knowing it. A sensitive vector it
 * already gives away is beyond protection and no longer guarded. */
SDT_API int sdt_disclosure_publish(sdt_disclosure *d, size_t id);

/* Decide every cell added so far (once; SDT_EUSAGE on a second call). */
SDT_API int sdt_disclosure_run(sdt_disclosure *d);

/* The decision for cell `id`, after sdt_disclosure_run(). */
SDT_API sdt_hidden sdt_disclosure_result(const sdt_disclosure *d, size_t id);

/* The respondents behind cell `id`. */
SDT_API double sdt_disclosure_count(const sdt_disclosure *d, size_t id);

#ifdef __cplusplus
}
#endif
#endif
