/*
 * actions.c - the focus areas a report proposed, the CSV HR marks, and
 * whether a chosen need moved by the next wave (sdt_actions.h).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static const char *const header_cells[] = {"team", "scale", "wave", "mean", "chosen"};
#define N_CELLS (sizeof header_cells / sizeof header_cells[0])

void sdt_actions_free(sdt_actions *a)
{
	size_t k;

	if (!a)
		return;
	for (k = 0; k < a->n; k++) {
		sdt_free(a->rows[k].team);
		sdt_free(a->rows[k].wave);
	}
	sdt_free(a->rows);
	sdt_free(a);
}

/* Append a row (strings copied); the row is not counted when a copy
 * fails, so a partial row is never freed twice. */
static int add_row(sdt_actions *a, const char *team, size_t scale, const char *wave,
                   double mean, int chosen, unsigned long line)
{
	sdt_action *rows = sdt_reallocarray(a->rows, a->n + 1, sizeof *rows), *r;

	if (!rows)
		return sdt_fail_nomem();
	a->rows = rows;
	r = &rows[a->n];
	memset(r, 0, sizeof *r);
	if (!(r->team = sdt_strdup(team)) || !(r->wave = sdt_strdup(wave ? wave : ""))) {
		sdt_free(r->team);
		return sdt_fail_nomem();
	}
	r->scale = scale;
	r->mean = mean;
	r->chosen = chosen;
	r->line = line;
	a->n++;
	return SDT_OK;
}

/* A group the report's Actions sheet lists: a team of its own members,
 * published. */
static int published_team(const sdt_group *g)
{
	return g->depth >= 1 && g->n_direct > 0 && !g->hidden;
}

int sdt_actions_propose(sdt_actions **out, const sdt_groups *gs, const sdt_instrument *ins,
                        const char *wave, const sdt_focus_options *opt)
{
	sdt_actions *a = NULL;
	sdt_focus f;
	size_t i, k, s;
	int err = SDT_OK;

	*out = NULL;
	if (!(a = sdt_calloc(1, sizeof *a)))
		return sdt_fail_nomem();
	for (i = 1; i < gs->n_groups && !err; i++) {
		if (!published_team(&gs->groups[i]))
			continue;
		if ((err = sdt_focus_compute(&f, gs, i, ins, opt)) != SDT_OK)
			break;
		for (k = 0; k < f.n && !err; k++) {
			if (f.areas[k].lever == SDT_LEVER_STRENGTH)
				continue;
			s = f.areas[k].scale;
			err = add_row(a, gs->groups[i].path, s, wave, gs->groups[i].scales[s].mean, 0, 0);
		}
	}
	if (err) {
		sdt_actions_free(a);
		return err;
	}
	*out = a;
	return SDT_OK;
}

int sdt_actions_write_csv(FILE *fp, const sdt_actions *a, const sdt_instrument *ins)
{
	char num[SDT_DOUBLE_CHARS];
	size_t k;

	fputs("team,scale,wave,mean,chosen\n", fp);
	for (k = 0; k < a->n; k++) {
		const sdt_action *r = &a->rows[k];

		/* for people, opened in a spreadsheet: always neutralised */
		sdt_output_csv_text(fp, r->team, NULL, 1);
		fputc(',', fp);
		sdt_output_csv_text(fp, sdt_instrument_scale_id(ins, r->scale), NULL, 1);
		fputc(',', fp);
		sdt_output_csv_text(fp, r->wave, NULL, 1);
		fprintf(fp, ",%s,%s\n", sdt_format_double(num, r->mean), r->chosen ? "yes" : "");
	}
	return SDT_OK;
}

/* A cell as written: a leading ' before = + - @ was put there by the
 * CSV-injection guard and is not part of the text. */
static const char *unguard(const char *s)
{
	return s[0] == '\'' && s[1] && strchr("=+-@", s[1]) ? s + 1 : s;
}

/* The group `cell` names: its text as is first, then without the guard
 * (a path that really begins with ' stays itself). */
static long find_team(const sdt_groups *gs, const char *cell)
{
	long k = sdt_groups_find(gs, cell);

	return k >= 0 ? k : sdt_groups_find(gs, unguard(cell));
}

typedef struct reader {
	const char *path;
	const sdt_groups *gs;
	const sdt_instrument *ins;
	sdt_actions *a;
} reader;

static int check_header(const reader *rd, const char *const *f, size_t n, unsigned long line)
{
	size_t k;

	for (k = 0; k < n && k < N_CELLS; k++)
		if (strcmp(f[k], header_cells[k]) != 0)
			break;
	if (n == N_CELLS && k == N_CELLS)
		return SDT_OK;
	return sdt_fail(SDT_EDATA, "%s:%lu: the header must be team,scale,wave,mean,chosen",
	                rd->path, line);
}

/* "yes" 1, "no" or empty 0, else -1. */
static int parse_chosen(const char *s)
{
	if (!strcasecmp(s, "yes"))
		return 1;
	return !*s || !strcasecmp(s, "no") ? 0 : -1;
}

static int parse_mean(const char *s, double *out)
{
	char *end;

	*out = NAN;
	if (!*s)
		return 0;
	errno = 0;
	*out = strtod(s, &end);
	return *end || errno || !isfinite(*out) ? -1 : 0;
}

/* The row already given for this team and scale, or NULL. */
static const sdt_action *given(const sdt_actions *a, const char *team, size_t scale)
{
	size_t k;

	for (k = 0; k < a->n; k++)
		if (a->rows[k].scale == scale && !strcmp(a->rows[k].team, team))
			return &a->rows[k];
	return NULL;
}

static int record(reader *rd, const char *const *f, size_t n, unsigned long line)
{
	const sdt_action *dup;
	const char *team;
	long g = 0, s;
	int chosen;
	double mean;

	if (n != N_CELLS)
		return sdt_fail(SDT_EDATA, "%s:%lu: expected 5 cells (team,scale,wave,mean,chosen), "
		                "found %zu", rd->path, line, n);
	if (rd->gs && (g = find_team(rd->gs, f[0])) <= 0)
		return sdt_fail(SDT_EDATA, "%s:%lu: unknown team '%s': no group of that path in "
		                "this wave's responses", rd->path, line, f[0]);
	team = rd->gs ? rd->gs->groups[g].path : unguard(f[0]);
	if ((s = sdt_instrument_scale_find(rd->ins, unguard(f[1]))) < 0)
		return sdt_fail(SDT_EDATA, "%s:%lu: unknown scale '%s' (instrument %s)", rd->path,
		                line, f[1], sdt_instrument_id(rd->ins));
	if (parse_mean(f[3], &mean) < 0)
		return sdt_fail(SDT_EDATA, "%s:%lu: mean '%s' is not a number", rd->path, line, f[3]);
	if ((chosen = parse_chosen(f[4])) < 0)
		return sdt_fail(SDT_EDATA, "%s:%lu: chosen '%s' must be yes, no or empty",
		                rd->path, line, f[4]);
	if ((dup = given(rd->a, team, (size_t)s)) != NULL)
		return sdt_fail(SDT_EDATA, "%s:%lu: team '%s' scale '%s' is already on line %lu",
		                rd->path, line, f[0], f[1], dup->line);
	return add_row(rd->a, team, (size_t)s, unguard(f[2]), mean, chosen, line);
}

int sdt_actions_read(sdt_actions **out, const char *path, const sdt_groups *gs,
                     const sdt_instrument *ins)
{
	reader rd = {path, gs, ins, NULL};
	const char *const *f;
	sdt_csv *csv = NULL;
	unsigned long line;
	size_t n, k = 0;
	int err;

	*out = NULL;
	if (!(rd.a = sdt_calloc(1, sizeof *rd.a)))
		return sdt_fail_nomem();
	if ((err = sdt_csv_open(&csv, path)) != SDT_OK)
		goto done;
	while ((err = sdt_csv_next(csv, &f, &n, &line)) == SDT_OK && f) {
		err = k++ == 0 ? check_header(&rd, f, n, line) : record(&rd, f, n, line);
		if (err)
			break;
	}
	if (!err && k == 0)
		err = sdt_fail(SDT_EDATA, "%s:1: empty: the header must be "
		               "team,scale,wave,mean,chosen", path);
done:
	sdt_csv_free(csv);
	if (err)
		sdt_actions_free(rd.a);
	else
		*out = rd.a;
	return err;
}

int sdt_actions_chosen(const sdt_actions *a, const char *team, size_t scale)
{
	const sdt_action *r;

	if (!a || !team)
		return 0;
	r = given(a, team, scale);
	return r && r->chosen;
}

sdt_action_result sdt_action_result_of(const sdt_change *c, sdt_valence valence, double alpha)
{
	double d;

	if (!c || c->test == SDT_TEST_NONE || isnan(c->difference))
		return SDT_ACTION_NOT_SHOWN;
	if (!(alpha > 0))
		alpha = 0.05;
	if (!(c->p_adjusted < alpha))
		return SDT_ACTION_NO_CLEAR_CHANGE;
	/* on a frustration scale a lower mean is the better one */
	d = valence == SDT_VALENCE_FRUSTRATION ? -c->difference : c->difference;
	return d > 0 ? SDT_ACTION_IMPROVED : SDT_ACTION_WORSENED;
}

const char *sdt_action_result_name(sdt_action_result r)
{
	switch (r) {
	case SDT_ACTION_IMPROVED:
		return "improved";
	case SDT_ACTION_WORSENED:
		return "worsened";
	case SDT_ACTION_NO_CLEAR_CHANGE:
		return "no_clear_change";
	default:
		return "not_shown";
	}
}
