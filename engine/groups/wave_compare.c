/*
 * wave_compare.c - a stats run's changes since the previous wave, with the
 * disclosure rule applied here rather than left to every caller: a group
 * hidden in either wave shows no change (sdt_waves.h).
 */
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "internal.h"

struct sdt_wave_compare {
	const sdt_wave **waves;
	size_t n_waves;
	const sdt_stats *st;
	size_t n_rows, n_scales; /* row 0 the organisation, t + 1 team t */
	sdt_change *changes;     /* n_rows x n_scales */
	unsigned char *shown;    /* per row: the change is published */
	size_t *before;          /* per row: its respondents in the previous wave */
	const char **appeared, **disappeared;
	size_t n_appeared, n_disappeared;
};

void sdt_wave_compare_free(sdt_wave_compare *c)
{
	if (!c)
		return;
	sdt_free(c->waves);
	sdt_free(c->changes);
	sdt_free(c->shown);
	sdt_free(c->before);
	sdt_free(c->appeared);
	sdt_free(c->disappeared);
	sdt_free(c);
}

/* Whether row t (0 the organisation) may show a change: shown today and
 * not under the threshold in the previous wave, which would have hidden
 * it (a team that did not exist then is listed as appeared instead). */
static int row_shown(const sdt_wave_compare *c, size_t t)
{
	const sdt_stats *st = c->st;
	size_t before = c->before[t];

	if (t)
		return !st->teams[t - 1].suppressed && before >= st->min_group;
	return st->rows >= st->min_group && before >= st->min_group;
}

/* Every shown change, then one Benjamini-Hochberg adjustment over them. */
static int compute_changes(sdt_wave_compare *c)
{
	const sdt_wave *prev = c->waves[c->n_waves - 2], *cur = c->waves[c->n_waves - 1];
	sdt_change **list = sdt_calloc(c->n_rows * c->n_scales + 1, sizeof *list);
	sdt_change *all = sdt_calloc(c->n_rows * c->n_scales + 1, sizeof *all);
	const char **paths = sdt_calloc(c->n_rows + 1, sizeof *paths);
	size_t t, j, n = 0;
	int err = SDT_OK;

	if (!list || !all || !paths) {
		err = sdt_fail_nomem();
		goto done;
	}
	/* every team's change and earlier size in one pass over the waves
	 * (exact teams; the organisation's over everyone), then the shown
	 * ones kept: a pass a team was quadratic in ten thousand teams */
	for (t = 1; t < c->n_rows; t++)
		paths[t] = c->st->teams[t - 1].team;
	if ((err = sdt_wave_changes(all, prev, cur, paths, c->n_rows, 1)) != SDT_OK ||
	    (err = sdt_wave_team_sizes(c->before, prev, paths, c->n_rows)) != SDT_OK)
		goto done;
	for (t = 0; t < c->n_rows; t++) {
		if (!(c->shown[t] = (unsigned char)row_shown(c, t)))
			continue;
		for (j = 0; j < c->n_scales; j++) {
			list[n] = &c->changes[t * c->n_scales + j];
			*list[n++] = all[t * c->n_scales + j];
		}
	}
	err = sdt_change_adjust(list, n);
done:
	sdt_free(paths);
	sdt_free(all);
	sdt_free(list);
	return err;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int has_team(const sdt_stats *st, const char *team)
{
	size_t t;

	for (t = 0; t < st->n_teams; t++)
		if (!strcmp(st->teams[t].team, team))
			return 1;
	return 0;
}

/* Teams that appeared (in st's order) and disappeared (sorted, once). */
static int team_lists(sdt_wave_compare *c)
{
	const sdt_wave *prev = c->waves[c->n_waves - 2];
	size_t i, t, n = 0, cnt = sdt_wave_count(prev);
	const char **teams;

	c->appeared = sdt_calloc(c->st->n_teams + 1, sizeof *c->appeared);
	c->disappeared = teams = sdt_calloc(cnt + 1, sizeof *teams);
	if (!c->appeared || !teams)
		return sdt_fail_nomem();
	for (t = 0; t < c->st->n_teams; t++)
		if (!c->before[t + 1])
			c->appeared[c->n_appeared++] = c->st->teams[t].team;
	for (i = 0; i < cnt; i++)
		if (sdt_wave_team(prev, i))
			teams[n++] = sdt_wave_team(prev, i);
	qsort(teams, n, sizeof *teams, str_cmp);
	/* Compacted in place: slot k is written only at step k or later, so
	 * teams[i - 1] still holds its sorted value when step i reads it. */
	for (i = 0; i < n; i++)
		if ((!i || strcmp(teams[i], teams[i - 1])) && !has_team(c->st, teams[i]))
			teams[c->n_disappeared++] = teams[i];
	return SDT_OK;
}

int sdt_wave_compare_new(sdt_wave_compare **out, const sdt_wave *const *waves,
                         size_t n_waves, const sdt_stats *st)
{
	sdt_wave_compare *c = NULL;
	int err;

	*out = NULL;
	if (n_waves < 2)
		return sdt_fail(SDT_EUSAGE, "a comparison needs at least two waves, not %zu",
		                n_waves);
	if (!(c = sdt_calloc(1, sizeof *c))) {
		err = sdt_fail_nomem();
		goto done;
	}
	c->n_waves = n_waves;
	c->st = st;
	c->n_rows = st->n_teams + 1;
	c->n_scales = st->n_scales;
	c->waves = sdt_calloc(n_waves, sizeof *c->waves);
	c->changes = sdt_calloc(c->n_rows * c->n_scales + 1, sizeof *c->changes);
	c->shown = sdt_calloc(c->n_rows, 1);
	c->before = sdt_calloc(c->n_rows, sizeof *c->before);
	if (!c->waves || !c->changes || !c->shown || !c->before) {
		err = sdt_fail_nomem();
		goto done;
	}
	memcpy(c->waves, waves, n_waves * sizeof *waves);
	if ((err = compute_changes(c)) != SDT_OK || (err = team_lists(c)) != SDT_OK)
		goto done;
	*out = c;
	c = NULL;
done:
	sdt_wave_compare_free(c);
	return err;
}

const sdt_change *sdt_wave_compare_change(const sdt_wave_compare *c, long team,
                                          size_t scale)
{
	size_t row = (size_t)(team + 1);
	const sdt_change *ch;

	if (team < -1 || row >= c->n_rows || scale >= c->n_scales || !c->shown[row])
		return NULL;
	ch = &c->changes[row * c->n_scales + scale];
	/* nobody scored on the scale in either wave: nothing to show */
	if (ch->test == SDT_TEST_NONE && ch->n_previous == 0 && ch->n_current == 0)
		return NULL;
	return ch;
}

size_t sdt_wave_compare_wave_count(const sdt_wave_compare *c)
{
	return c->n_waves;
}

const sdt_wave *sdt_wave_compare_wave(const sdt_wave_compare *c, size_t k)
{
	return k < c->n_waves ? c->waves[k] : NULL;
}

size_t sdt_wave_compare_renamed(const sdt_wave_compare *c)
{
	size_t k, n = 0;

	for (k = 0; k + 1 < c->n_waves; k++)
		n += sdt_wave_renamed(c->waves[k]);
	return n;
}

void sdt_wave_compare_appeared(const char *const **teams, size_t *n,
                               const sdt_wave_compare *c)
{
	*teams = c->appeared;
	*n = c->n_appeared;
}

void sdt_wave_compare_disappeared(const char *const **teams, size_t *n,
                                  const sdt_wave_compare *c)
{
	*teams = c->disappeared;
	*n = c->n_disappeared;
}
