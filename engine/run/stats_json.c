/*
 * stats_json.c - the JSON document of `sdtscore stats --format json`
 * (sdt_stats.h): a contract programs read, so its bytes are the CLI's.
 */
#include <stdint.h>
#include <string.h>

#include "internal.h"

#define num sdt_output_json_number
#define str sdt_output_json_string

static void key_num(FILE *fp, const char *key, double x)
{
	fprintf(fp, ", \"%s\": ", key);
	num(fp, x);
}

static void key_pair(FILE *fp, const char *key, const double v[2])
{
	fprintf(fp, ", \"%s\": [", key);
	num(fp, v[0]);
	fputs(", ", fp);
	num(fp, v[1]);
	fputc(']', fp);
}

static const char *reason_key(int reason)
{
	return reason == SDT_HIDDEN_PROTECTION ? "protection" : "min_group";
}

/* `, "change": {...}`, `, "change": null` when hidden, nothing without
 * waves: for the organisation (team -1) or team t on one scale. */
static void change(FILE *fp, const sdt_wave_compare *w, long team, size_t scale)
{
	const sdt_change *c;

	if (!w)
		return;
	fputs(", \"change\": ", fp);
	if (!(c = sdt_wave_compare_change(w, team, scale))) {
		fputs("null", fp);
		return;
	}
	fputs("{\"previous_mean\": ", fp);
	num(fp, c->previous_mean);
	fputs(", \"difference\": ", fp);
	num(fp, c->difference);
	fputs(", \"ci\": [", fp);
	num(fp, c->ci[0]);
	fputs(", ", fp);
	num(fp, c->ci[1]);
	fputs("], \"p\": ", fp);
	num(fp, c->p);
	fputs(", \"p_adjusted\": ", fp);
	num(fp, c->p_adjusted);
	fputs(", \"effect_size\": ", fp);
	num(fp, c->effect_size);
	fprintf(fp, ", \"test\": \"%s\", \"n_previous\": %zu, \"n_current\": %zu, "
	        "\"joined\": %zu, \"left\": %zu}", sdt_change_test_name(c->test),
	        c->n_previous, c->n_current, c->joined, c->left);
}

static void items(FILE *fp, const sdt_scale_stats *sc)
{
	const sdt_item_stats *it;
	size_t j;

	fputs(", \"items\": [", fp);
	for (j = 0; j < sc->n_items; j++) {
		it = &sc->items[j];
		fputs(j ? ",\n    {\"id\": " : "\n    {\"id\": ", fp);
		str(fp, it->id);
		fprintf(fp, ", \"n\": %zu", it->n);
		key_num(fp, "mean", it->mean);
		key_num(fp, "sd", it->sd);
		key_num(fp, "r_drop", it->r_drop);
		key_num(fp, "alpha_if_deleted", it->alpha_if_deleted);
		fputc('}', fp);
	}
	fputs("]", fp);
	if (sc->items_hidden)
		fprintf(fp, ", \"items_suppressed\": true, \"items_suppressed_reason\": \"%s\"",
		        reason_key(sc->items_hidden));
}

static void scale(FILE *fp, const sdt_scale_stats *sc, const sdt_wave_compare *w,
                  size_t k)
{
	size_t j;

	fputs("  {\"id\": ", fp);
	str(fp, sc->id);
	fprintf(fp, ", \"n\": %zu", sc->n);
	key_num(fp, "mean", sc->mean);
	key_num(fp, "sd", sc->sd);
	key_num(fp, "alpha", sc->alpha);
	key_num(fp, "alpha_std", sc->alpha_std);
	key_pair(fp, "alpha_ci", sc->alpha_ci);
	if (sc->has_boot)
		key_pair(fp, "alpha_ci_boot", sc->alpha_ci_boot);
	key_num(fp, "alpha_se", sc->alpha_se);
	key_num(fp, "lambda2", sc->lambda2);
	key_num(fp, "lambda6", sc->lambda6);
	key_num(fp, "average_r", sc->average_r);
	key_num(fp, "median_r", sc->median_r);
	key_num(fp, "omega_total", sc->omega_total);
	if (sc->has_boot)
		key_pair(fp, "omega_ci_boot", sc->omega_ci_boot);
	key_num(fp, "sem", sc->sem);
	key_num(fp, "spearman_brown", sc->spearman_brown);
	fprintf(fp, ",\n   \"listwise\": {\"n\": %zu", sc->listwise_n);
	key_num(fp, "alpha", sc->listwise_alpha);
	fputc('}', fp);
	key_num(fp, "icc1", sc->icc1);
	key_num(fp, "icc2", sc->icc2);
	fputs(",\n   \"warnings\": [", fp);
	for (j = 0; j < sc->n_warnings; j++) {
		fputs(j ? ", " : "", fp);
		str(fp, sc->warnings[j]);
	}
	fputc(']', fp);
	items(fp, sc);
	if (sc->hidden)
		fprintf(fp, ", \"suppressed\": true, \"suppressed_reason\": \"%s\"",
		        reason_key(sc->hidden));
	change(fp, w, -1, k);
	fputc('}', fp);
}

static void ids(FILE *fp, const char *key, const char *const *id, size_t n)
{
	size_t k;

	fprintf(fp, ", \"%s\": [", key);
	for (k = 0; k < n; k++) {
		fputs(k ? ", " : "", fp);
		str(fp, id[k]);
	}
	fputc(']', fp);
}

/* `, "focus": [...]`: the team's focus areas and strengths. */
static void focus(FILE *fp, const sdt_focus *f, const sdt_instrument *ins)
{
	const char *id[SDT_FOCUS_ITEMS];
	size_t k, i;

	fputs(", \"focus\": [", fp);
	for (k = 0; k < f->n; k++) {
		fputs(k ? ",\n    {\"scale\": " : "\n    {\"scale\": ", fp);
		str(fp, sdt_instrument_scale_id(ins, f->areas[k].scale));
		fprintf(fp, ", \"lever\": \"%s\"", sdt_lever_name(f->areas[k].lever));
		for (i = 0; i < f->areas[k].n_items; i++)
			id[i] = sdt_instrument_item_id(ins, f->areas[k].items[i]);
		ids(fp, "items", id, f->areas[k].n_items);
		ids(fp, "practices", f->areas[k].practices, f->areas[k].n_practices);
		fputc('}', fp);
	}
	fputc(']', fp);
}

/* `, "outcomes": [...]`: an outcome item's figures, eNPS ones for an
 * eNPS item; nothing for an instrument without outcome items, so those
 * documents keep their bytes. */
static void outcomes(FILE *fp, const sdt_outcome_stats *x, size_t n, const char *lead)
{
	size_t k;

	if (!n)
		return;
	fputs(", \"outcomes\": [", fp);
	for (k = 0; x && k < n; k++, x++) {
		fputs(k ? ",\n" : "\n", fp);
		fputs(lead, fp);
		fputs("{\"id\": ", fp);
		str(fp, x->id);
		fprintf(fp, ", \"n\": %zu", x->n);
		key_num(fp, "mean", x->mean);
		key_num(fp, "sd", x->sd);
		key_num(fp, "favourable", x->favourable);
		if (x->enps) {
			key_num(fp, "promoters", x->promoters);
			key_num(fp, "detractors", x->detractors);
			key_num(fp, "enps", x->enps_score);
			key_pair(fp, "enps_ci", x->enps_ci);
		}
		if (x->hidden)
			fprintf(fp, ", \"suppressed\": true, \"suppressed_reason\": \"%s\"",
			        reason_key(x->hidden));
		fputc('}', fp);
	}
	fputc(']', fp);
}

static void team(FILE *fp, const sdt_stats *st, size_t t, const sdt_stats_json_options *o)
{
	const sdt_team_stats *tm = &st->teams[t];
	const sdt_team_scale_stats *x;
	size_t s;

	fputs("  {\"team\": ", fp);
	str(fp, tm->team);
	fprintf(fp, ", \"n\": %zu, \"suppressed\": %s", tm->n, tm->suppressed ? "true" : "false");
	if (tm->suppressed)
		fprintf(fp, ", \"suppressed_reason\": \"%s\"", reason_key(tm->suppressed_reason));
	fputs(", \"scales\": [", fp);
	for (s = 0; !tm->suppressed && s < st->n_scales; s++) {
		x = &tm->scales[s];
		fputs(s ? ",\n    {\"id\": " : "\n    {\"id\": ", fp);
		str(fp, x->id);
		fprintf(fp, ", \"n\": %zu", x->n);
		key_num(fp, "mean", x->mean);
		key_num(fp, "sd", x->sd);
		key_num(fp, "rwg_j", x->rwg_j);
		key_num(fp, "awg", x->awg);
		key_num(fp, "rwg_star_j", x->rwg_star_j);
		key_num(fp, "rwg_j_star", x->rwg_star_j);
		key_num(fp, "ad_m", x->ad_m);
		key_num(fp, "rwg_j_cutoff", x->rwg_j_cutoff);
		change(fp, o->waves, (long)t, s);
		fputc('}', fp);
	}
	fputc(']', fp);
	outcomes(fp, tm->outcomes, st->n_outcomes, "    ");
	if (o->focus && !tm->suppressed)
		focus(fp, &o->focus[t], o->ins);
	fputc('}', fp);
}

/* One of "drivers"."groups": a team or department with its weights. */
static void driver_group(FILE *fp, const sdt_stats *st, const sdt_drivers *d,
                         const sdt_driver_group *g, size_t k)
{
	size_t i;

	fputs(k ? ",\n   {\"team\": " : "\n   {\"team\": ", fp);
	str(fp, g->team);
	fprintf(fp, ", \"n\": %zu", g->n);
	key_num(fp, "r2", g->r2);
	fputs(", \"weights\": [", fp);
	for (i = 0; i < d->n_predictors; i++) {
		fputs(i ? ", {\"scale\": " : "{\"scale\": ", fp);
		str(fp, st->scales[d->predictors[i]].id);
		key_num(fp, "raw", g->raw[i]);
		key_num(fp, "rescaled", g->rescaled[i]);
		fprintf(fp, ", \"ci\": [null, null], \"priority\": %s}",
		        g->priority[i] ? "true" : "false");
	}
	fputs("]}", fp);
}

/* "drivers": the outcome, n, R² and each predictor's raw and rescaled
 * weight (null below the minimum n). */
static void drivers(FILE *fp, const sdt_stats *st, const sdt_drivers *d,
                    const sdt_instrument *ins)
{
	size_t i;

	fputs(",\n \"drivers\": {\"outcome\": ", fp);
	str(fp, d->outcome_item != SIZE_MAX ? sdt_instrument_item_id(ins, d->outcome_item)
	                                    : st->scales[d->outcome].id);
	fprintf(fp, ", \"n\": %zu", d->n);
	key_num(fp, "r2", d->r2);
	fputs(", \"weights\": [", fp);
	for (i = 0; i < d->n_predictors; i++) {
		fputs(i ? ",\n   {\"scale\": " : "\n   {\"scale\": ", fp);
		str(fp, st->scales[d->predictors[i]].id);
		key_num(fp, "raw", d->raw[i]);
		key_num(fp, "rescaled", d->rescaled[i]);
		fputs(", \"ci\": [", fp);
		num(fp, d->ci_lo[i]);
		fputs(", ", fp);
		num(fp, d->ci_hi[i]);
		fputs("]}", fp);
	}
	fputs("], \"groups\": [", fp);
	for (i = 0; i < d->n_groups; i++)
		driver_group(fp, st, d, &d->groups[i], i);
	fputs("]}", fp);
}

static void corr(FILE *fp, const char *key, const sdt_corr *c)
{
	fprintf(fp, ", \"%s\": {\"r\": ", key);
	num(fp, c->r);
	fputs(", \"ci\": [", fp);
	num(fp, c->lo);
	fputs(", ", fp);
	num(fp, c->hi);
	fputs("]}", fp);
}

/* `, "groups": [...]`: link i in each team and department large enough. */
static void need_groups(FILE *fp, const sdt_need_links *l, size_t i)
{
	const sdt_need_link *k = &l->links[i];
	const sdt_need_group *g;
	size_t j;

	fputs(", \"groups\": [", fp);
	for (j = 0; j < l->n_groups; j++) {
		g = &l->groups[j];
		fputs(j ? ", {\"team\": " : "{\"team\": ", fp);
		str(fp, g->team);
		fprintf(fp, ", \"n\": %zu", g->n);
		if (k->frustration != SDT_NEEDS_NONE)
			corr(fp, "r_satisfaction_frustration", &g->satisfaction_frustration[i]);
		if (k->support != SDT_NEEDS_NONE)
			corr(fp, "r_support_satisfaction", &g->support_satisfaction[i]);
		fputc('}', fp);
	}
	fputc(']', fp);
}

/* "needs": per need, satisfaction with frustration and support with
 * satisfaction, over the respondents scored on every scale. */
static void needs(FILE *fp, const sdt_stats *st, const sdt_need_links *l)
{
	const sdt_need_link *k;
	size_t i;

	fputs(",\n \"needs\": [", fp);
	for (i = 0; i < l->n_links; i++) {
		k = &l->links[i];
		fprintf(fp, "%s{\"need\": \"%s\", \"n\": %zu, \"satisfaction\": ",
		        i ? ",\n   " : "\n   ", sdt_need_name(k->need), l->n);
		str(fp, st->scales[k->satisfaction].id);
		if (k->frustration != SDT_NEEDS_NONE) {
			fputs(", \"frustration\": ", fp);
			str(fp, st->scales[k->frustration].id);
			corr(fp, "r_satisfaction_frustration", &k->satisfaction_frustration);
			fprintf(fp, ", \"bipolar\": %s", k->bipolar ? "true" : "false");
		}
		if (k->support != SDT_NEEDS_NONE) {
			fputs(", \"support\": ", fp);
			str(fp, st->scales[k->support].id);
			corr(fp, "r_support_satisfaction", &k->support_satisfaction);
		}
		need_groups(fp, l, i);
		fputc('}', fp);
	}
	fputc(']', fp);
}

static void string_list(FILE *fp, const char *const *s, size_t n)
{
	size_t k;

	fputc('[', fp);
	for (k = 0; k < n; k++) {
		fputs(k ? ", " : "", fp);
		str(fp, s[k]);
	}
	fputc(']', fp);
}

/* `, "waves": {...}`: names, rows per wave, renamed, teams that appeared
 * and disappeared. */
static void waves(FILE *fp, const sdt_wave_compare *w)
{
	size_t k, n = sdt_wave_compare_wave_count(w);
	const char *const *teams;

	fputs(", \"waves\": {\"names\": [", fp);
	for (k = 0; k < n; k++) {
		fputs(k ? ", " : "", fp);
		str(fp, sdt_wave_name(sdt_wave_compare_wave(w, k)));
	}
	fputs("], \"rows\": [", fp);
	for (k = 0; k < n; k++)
		fprintf(fp, "%s%zu", k ? ", " : "", sdt_wave_count(sdt_wave_compare_wave(w, k)));
	fprintf(fp, "], \"renamed\": %zu, \"appeared\": ", sdt_wave_compare_renamed(w));
	sdt_wave_compare_appeared(&teams, &k, w);
	string_list(fp, teams, k);
	fputs(", \"disappeared\": ", fp);
	sdt_wave_compare_disappeared(&teams, &k, w);
	string_list(fp, teams, k);
	fputs("}", fp);
}

static void composites(FILE *fp, const sdt_stats *st)
{
	const sdt_composite_stats *c;
	size_t i;

	for (i = 0; i < st->n_composites; i++) {
		c = &st->composites[i];
		fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", fp);
		str(fp, c->id);
		fprintf(fp, ", \"n\": %zu", c->n);
		key_num(fp, "mean", c->mean);
		key_num(fp, "sd", c->sd);
		if (c->hidden)
			fprintf(fp, ", \"suppressed\": true, \"suppressed_reason\": \"%s\"",
			        reason_key(c->hidden));
		fputc('}', fp);
	}
}

int sdt_stats_json_options_init(sdt_stats_json_options *opt, unsigned int version)
{
	sdt_stats_json_options init = SDT_STATS_JSON_OPTIONS_INIT;

	if (version != SDT_STATS_JSON_OPTIONS_VERSION)
		return sdt_fail(SDT_EUSAGE, "stats JSON options: unknown version %u", version);
	*opt = init;
	return SDT_OK;
}

/* "careless": {"rules": [...], "excluded": N, "by_rule": {RULE: N, ...}}
 * with the rules chosen, each response under the first it breaks; the D2
 * cutoff and the durations that could not be judged with their rules. */
static void careless(FILE *fp, unsigned set, const sdt_run_counts *c)
{
	const char *sep = "";
	size_t k;

	fputs(",\n \"careless\": {\"rules\": [", fp);
	for (k = 0; k < SDT_CARELESS_N_RULES; k++)
		if (set & (1u << k)) {
			fprintf(fp, "%s\"%s\"", sep, sdt_careless_rule_name(1u << k));
			sep = ", ";
		}
	fprintf(fp, "], \"excluded\": %zu, \"by_rule\": {", c->careless);
	for (sep = "", k = 0; k < SDT_CARELESS_N_RULES; k++)
		if (set & (1u << k)) {
			fprintf(fp, "%s\"%s\": %zu", sep, sdt_careless_rule_name(1u << k),
			        c->careless_rule[k]);
			sep = ", ";
		}
	fputc('}', fp);
	if (set & SDT_CARELESS_MAHALANOBIS)
		key_num(fp, "mahalanobis_cutoff", c->mahalanobis_cutoff);
	if (set & SDT_CARELESS_SPEEDERS)
		fprintf(fp, ", \"speeder_seconds_per_item\": %g, \"duration_missing\": %zu, "
		        "\"duration_bad\": %zu", sdt_careless_speeder_seconds(c->speeder_seconds),
		        c->duration_missing,
		        c->duration_bad);
	fputc('}', fp);
}

int sdt_stats_write_json(FILE *fp, const sdt_stats *st, const sdt_stats_json_options *opt)
{
	sdt_stats_json_options none = SDT_STATS_JSON_OPTIONS_INIT;
	const sdt_stats_json_options *o = opt ? opt : &none;
	size_t i;

	if (o->version != SDT_STATS_JSON_OPTIONS_VERSION)
		return sdt_fail(SDT_EUSAGE, "stats JSON options: unknown version %u", o->version);
	if (o->focus && !o->ins)
		return sdt_fail(SDT_EUSAGE, "stats JSON options: focus areas need the instrument");
	if (o->drivers && o->drivers->outcome_item != SIZE_MAX && !o->ins)
		return sdt_fail(SDT_EUSAGE, "stats JSON options: drivers of an outcome item need "
		                "the instrument");
	fputs("{\"instrument\": ", fp);
	str(fp, st->instrument);
	fprintf(fp, ", \"rows\": %zu, \"missing\": \"%s\", \"min_group\": %zu, "
	        "\"protected\": %s,\n",
	        st->rows, st->missing == SDT_MISSING_LISTWISE ? "listwise" : "pairwise",
	        st->min_group, st->protected ? "true" : "false");
	fputs(" \"scales\": [\n", fp);
	for (i = 0; i < st->n_scales; i++) {
		scale(fp, &st->scales[i], o->waves, i);
		fputs(i + 1 < st->n_scales ? ",\n" : "\n", fp);
	}
	fputs(" ],\n \"composites\": [", fp);
	composites(fp, st);
	fputc(']', fp);
	outcomes(fp, st->outcomes, st->n_outcomes, "  ");
	fputs(",\n \"teams\": [\n", fp);
	for (i = 0; i < st->n_teams; i++) {
		team(fp, st, i, o);
		fputs(i + 1 < st->n_teams ? ",\n" : "\n", fp);
	}
	fputs(" ]", fp);
	if (o->waves)
		waves(fp, o->waves);
	if (o->drivers)
		drivers(fp, st, o->drivers, o->ins);
	if (o->needs)
		needs(fp, st, o->needs);
	if (o->careless && o->counts)
		careless(fp, o->careless, o->counts);
	fputs("}\n", fp);
	return SDT_OK;
}
