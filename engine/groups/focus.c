/*
 * focus.c - focus areas and strengths of a group (sdt_focus.h): each need
 * read from its satisfaction or frustration scale together with the
 * supervisor's support for it, on published cells only.
 */
#include <math.h>
#include <string.h>

#include "internal.h"
#include "sdt_focus.h"

static const struct {
	const char *id;
	sdt_need need;
} catalogue[] = {
	{"autonomy.reasons", SDT_NEED_AUTONOMY},
	{"autonomy.goals", SDT_NEED_AUTONOMY},
	{"autonomy.voice", SDT_NEED_AUTONOMY},
	{"competence.challenge", SDT_NEED_COMPETENCE},
	{"competence.learning", SDT_NEED_COMPETENCE},
	{"competence.feedback", SDT_NEED_COMPETENCE},
	{"relatedness.interaction", SDT_NEED_RELATEDNESS},
	{"relatedness.remote", SDT_NEED_RELATEDNESS},
	{"relatedness.peers", SDT_NEED_RELATEDNESS},
};

#define N_PRACTICES (sizeof catalogue / sizeof catalogue[0])

size_t sdt_practice_count(void)
{
	return N_PRACTICES;
}

const char *sdt_practice_id(size_t k)
{
	return k < N_PRACTICES ? catalogue[k].id : NULL;
}

sdt_need sdt_practice_need(size_t k)
{
	return k < N_PRACTICES ? catalogue[k].need : SDT_NEED_OTHER;
}

long sdt_practice_find(const char *id)
{
	size_t k;

	for (k = 0; id && k < N_PRACTICES; k++)
		if (strcmp(catalogue[k].id, id) == 0)
			return (long)k;
	return -1;
}

const char *sdt_lever_name(sdt_lever lever)
{
	switch (lever) {
	case SDT_LEVER_SUPERVISOR:
		return "supervisor";
	case SDT_LEVER_BEYOND:
		return "beyond";
	default:
		return "strength";
	}
}

/* A scale's standing for the group: -1 low, +1 high, 0 neither or not
 * published; *effect gets Hedges' g in the favourable direction. */
typedef struct reading {
	long scale;     /* -1: the instrument has none, or it is hidden */
	int standing;
	double effect;
} reading;

static reading read_scale(const sdt_groups *gs, size_t group, const sdt_instrument *ins,
                          sdt_need need, sdt_valence v, const sdt_focus_options *o)
{
	reading r = {-1, 0, NAN};
	const sdt_group_scale *c;
	size_t s;
	double dir = v == SDT_VALENCE_FRUSTRATION ? -1.0 : 1.0, d;
	int sig;

	for (s = 0; s < gs->n_scales; s++) {
		if (sdt_instrument_scale_need(ins, s) != need || sdt_instrument_scale_valence(ins, s) != v)
			continue;
		c = &gs->groups[group].scales[s];
		if (c->hidden || isnan(c->diff))
			return r;
		r.scale = (long)s;
		d = dir * c->diff;
		r.effect = dir * c->hedges_g;
		sig = c->p_adjusted < o->alpha;
		if ((sig && d < 0) || r.effect <= -o->g_low)
			r.standing = -1;
		else if ((sig && d > 0) || r.effect >= o->g_low)
			r.standing = 1;
		return r;
	}
	return r;
}

/* The published items of scale s, weakest first: lowest share favourable
 * (on a frustration scale, favourable means not frustrated). */
static void weakest_items(sdt_focus_area *a, const sdt_groups *gs, size_t group,
                          const sdt_instrument *ins)
{
	size_t k, i, j, pos, nk = sdt_instrument_scale_item_count(ins, a->scale);
	const sdt_group_item *it = gs->groups[group].items;
	double v;

	a->n_items = 0;
	for (k = 0; k < nk; k++) {
		i = sdt_instrument_scale_item(ins, a->scale, k);
		if (it[i].hidden || isnan(it[i].favourable))
			continue;
		v = it[i].favourable;
		for (pos = a->n_items; pos > 0 && it[a->items[pos - 1]].favourable > v; pos--)
			;
		if (pos >= SDT_FOCUS_ITEMS)
			continue;
		for (j = a->n_items < SDT_FOCUS_ITEMS ? a->n_items : SDT_FOCUS_ITEMS - 1; j > pos; j--)
			a->items[j] = a->items[j - 1];
		a->items[pos] = i;
		if (a->n_items < SDT_FOCUS_ITEMS)
			a->n_items++;
	}
}

/* Whether the group's remote members are below the rest of the group on
 * scale s, by its published breakdown. */
static int remote_lower(const sdt_focus_options *o, size_t group, size_t s)
{
	const sdt_breakdown *b = o->remote;
	const sdt_breakdown_cell *c;
	size_t v;

	if (!b || !o->remote_value || group >= b->n_groups || s >= b->n_scales)
		return 0;
	for (v = 0; v < b->n_values; v++) {
		if (strcmp(b->values[v], o->remote_value) != 0)
			continue;
		c = sdt_breakdown_cell_at(b, group, v, s);
		return !c->hidden && !isnan(c->diff) && c->diff < 0;
	}
	return 0;
}

static void add_practices(sdt_focus_area *a, const sdt_focus_options *o, size_t group,
                          size_t sat_scale, int has_sat)
{
	size_t k;

	for (k = 0; k < N_PRACTICES && a->n_practices < SDT_FOCUS_PRACTICES; k++) {
		if (catalogue[k].need != a->need)
			continue;
		if (strcmp(catalogue[k].id, "relatedness.remote") == 0 &&
		    !(has_sat && remote_lower(o, group, sat_scale)))
			continue;
		a->practices[a->n_practices++] = catalogue[k].id;
	}
}

static sdt_focus_area *new_area(sdt_focus *f, long scale, sdt_need need, sdt_lever lever,
                                double effect)
{
	sdt_focus_area *a;

	if (f->n == SDT_FOCUS_MAX)
		return NULL;
	a = &f->areas[f->n++];
	memset(a, 0, sizeof *a);
	a->scale = (size_t)scale;
	a->need = need;
	a->lever = lever;
	a->effect = effect;
	return a;
}

/* One need: a focus area, a strength, or nothing. */
static void one_need(sdt_focus *f, const sdt_groups *gs, size_t group,
                     const sdt_instrument *ins, sdt_need need, const sdt_focus_options *o)
{
	reading sat = read_scale(gs, group, ins, need, SDT_VALENCE_SATISFACTION, o);
	reading fru = read_scale(gs, group, ins, need, SDT_VALENCE_FRUSTRATION, o);
	reading sup = read_scale(gs, group, ins, need, SDT_VALENCE_SUPPORT, o);
	reading *low = NULL, *high = NULL;
	sdt_focus_area *a;

	if (sat.standing < 0 || fru.standing < 0)
		low = (fru.standing < 0 && (sat.standing >= 0 || fru.effect < sat.effect)) ? &fru : &sat;
	else if (sup.standing < 0)
		low = &sup;
	if (low) {
		/* support measured and not low: not the supervisor's lever */
		if (!(a = new_area(f, low->scale, need, (low != &sup && sup.scale >= 0 &&
		                   sup.standing >= 0) ? SDT_LEVER_BEYOND : SDT_LEVER_SUPERVISOR,
		                   low->effect)))
			return;
		weakest_items(a, gs, group, ins);
		if (a->lever == SDT_LEVER_SUPERVISOR)
			add_practices(a, o, group, (size_t)sat.scale, sat.scale >= 0);
		return;
	}
	if (sat.standing > 0 || fru.standing > 0)
		high = (fru.standing > 0 && (sat.standing <= 0 || fru.effect > sat.effect)) ? &fru : &sat;
	else if (sup.standing > 0)
		high = &sup;
	if (high)
		new_area(f, high->scale, need, SDT_LEVER_STRENGTH, high->effect);
}

/* Focus areas first, most negative effect first; then strengths, most
 * positive first (an insertion sort: at most a few areas). */
static void order(sdt_focus *f)
{
	size_t i, j;
	sdt_focus_area t;

	for (i = 1; i < f->n; i++) {
		t = f->areas[i];
		for (j = i; j > 0; j--) {
			const sdt_focus_area *p = &f->areas[j - 1];
			int ts = t.lever == SDT_LEVER_STRENGTH, ps = p->lever == SDT_LEVER_STRENGTH;

			if (ps < ts || (ps == ts && (ts ? p->effect >= t.effect : p->effect <= t.effect)))
				break;
			f->areas[j] = f->areas[j - 1];
		}
		f->areas[j] = t;
	}
}

int sdt_focus_compute(sdt_focus *out, const sdt_groups *gs, size_t group,
                      const sdt_instrument *ins, const sdt_focus_options *opt)
{
	static const sdt_focus_options defaults = SDT_FOCUS_OPTIONS_INIT;
	static const sdt_need needs[] = {SDT_NEED_AUTONOMY, SDT_NEED_COMPETENCE,
	                                 SDT_NEED_RELATEDNESS};
	size_t k;

	memset(out, 0, sizeof *out);
	if (SDT_CHECK_OPTIONS(opt, sdt_focus_options, SDT_FOCUS_OPTIONS) != SDT_OK)
		return SDT_EUSAGE;
	if (group >= gs->n_groups)
		return sdt_fail(SDT_EUSAGE, "focus: group %zu of %zu", group, gs->n_groups);
	if (!opt)
		opt = &defaults;
	if (group == 0 || gs->groups[group].hidden)
		return SDT_OK;
	for (k = 0; k < sizeof needs / sizeof needs[0]; k++)
		one_need(out, gs, group, ins, needs[k], opt);
	order(out);
	return SDT_OK;
}
