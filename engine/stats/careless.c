/*
 * careless.c - careless-responding indices of one response (R careless:
 * longstring, irv, evenodd) and the rules built on them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sdt_careless.h"

static const struct {
	const char *name;
	unsigned bit;
} rules[] = {
	{"longstring", SDT_CARELESS_LONGSTRING},
	{"irv", SDT_CARELESS_IRV},
	{"evenodd", SDT_CARELESS_EVENODD},
	{"mahalanobis", SDT_CARELESS_MAHALANOBIS},
	{"speeders", SDT_CARELESS_SPEEDERS},
};

#define N_RULES (sizeof rules / sizeof rules[0])

/* The rating items: an outcome on its own range (eNPS 0..10) and an open
 * comment are no part of the answer pattern the rules read. */
static size_t rating_items(const sdt_instrument *ins)
{
	size_t i, n = sdt_instrument_item_count(ins), k = 0;

	for (i = 0; i < n; i++)
		k += sdt_instrument_item_type(ins, i) == SDT_ITEM_LIKERT;
	return k;
}

static size_t longstring(const sdt_instrument *ins, const sdt_response *r)
{
	size_t i, n = sdt_instrument_item_count(ins), run = 0, longest = 0;
	int prev = SDT_MISSING;

	for (i = 0; i < n; i++) {
		if (r->values[i] == SDT_MISSING ||
		    sdt_instrument_item_type(ins, i) != SDT_ITEM_LIKERT)
			continue;
		run = r->values[i] == prev ? run + 1 : 1;
		prev = r->values[i];
		if (run > longest)
			longest = run;
	}
	return longest;
}

/* careless::irv of each scale's keyed answers, averaged over the scales. */
static double irv(const sdt_instrument *ins, const double *keyed)
{
	size_t s, j, k, n, used = 0;
	double sum = 0.0, mean, m2, x, d;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++) {
		k = sdt_instrument_scale_item_count(ins, s);
		for (j = 0, n = 0, mean = m2 = 0.0; j < k; j++) {
			x = keyed[sdt_instrument_scale_item(ins, s, j)];
			if (isnan(x))
				continue;
			d = x - mean;
			mean += d / (double)++n;
			m2 += d * (x - mean);
		}
		if (n >= 2) {
			sum += sqrt(m2 / (double)(n - 1));
			used++;
		}
	}
	return used ? sum / (double)used : NAN;
}

/* One scale's mean of its even (half 0) or odd (half 1) items, by
 * position from 1 in the scale, answered ones only; NAN when none. */
static double half_mean(const sdt_instrument *ins, const double *keyed, size_t s, int odd)
{
	size_t j, k = sdt_instrument_scale_item_count(ins, s), n = 0;
	double sum = 0.0, x;

	for (j = odd ? 0 : 1; j < k; j += 2) {
		x = keyed[sdt_instrument_scale_item(ins, s, j)];
		if (!isnan(x)) {
			sum += x;
			n++;
		}
	}
	return n ? sum / (double)n : NAN;
}

/* careless::evenodd: Pearson r of the scales' even and odd half means
 * (pairwise complete), Spearman-Brown corrected, at least -1. */
static double evenodd(const sdt_instrument *ins, const double *keyed)
{
	double e[SDT_INSTRUMENT_MAX_SCALES], o[SDT_INSTRUMENT_MAX_SCALES];
	double me = 0.0, mo = 0.0, see = 0.0, soo = 0.0, seo = 0.0, rr;
	size_t s, i, n = 0;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++) {
		e[n] = half_mean(ins, keyed, s, 0);
		o[n] = half_mean(ins, keyed, s, 1);
		if (!isnan(e[n]) && !isnan(o[n]))
			n++;
	}
	/* two pairs always correlate +-1: no evidence either way */
	if (n < 3)
		return NAN;
	for (i = 0; i < n; i++) {
		me += e[i] / (double)n;
		mo += o[i] / (double)n;
	}
	for (i = 0; i < n; i++) {
		see += (e[i] - me) * (e[i] - me);
		soo += (o[i] - mo) * (o[i] - mo);
		seo += (e[i] - me) * (o[i] - mo);
	}
	if (!(see > 0.0) || !(soo > 0.0))
		return NAN;
	rr = seo / sqrt(see * soo);
	rr = 2.0 * rr / (1.0 + rr);
	return rr < -1.0 ? -1.0 : rr;
}

unsigned sdt_careless_rules_for(const sdt_instrument *ins)
{
	size_t s, n = 0;

	for (s = 0; s < sdt_instrument_scale_count(ins); s++)
		n += sdt_instrument_scale_item_count(ins, s) >= 2;
	return n >= SDT_CARELESS_EVENODD_MIN_SCALES ? SDT_CARELESS_ALL
	                                          : SDT_CARELESS_ALL & ~SDT_CARELESS_EVENODD;
}

void sdt_careless_compute(sdt_careless *out, const sdt_instrument *ins,
                          const sdt_response *r, const double *keyed)
{
	size_t k = rating_items(ins);
	double a = (double)(sdt_instrument_max(ins) - sdt_instrument_min(ins) + 1);

	out->longstring = longstring(ins, r);
	out->longstring_min = k / 2 > 6 ? k / 2 : 6;
	out->irv = irv(ins, keyed);
	out->irv_max = sqrt((a * a - 1.0) / 12.0);
	out->evenodd = evenodd(ins, keyed);
	out->flags = 0;
	if (out->longstring >= out->longstring_min)
		out->flags |= SDT_CARELESS_LONGSTRING;
	if (out->irv >= out->irv_max)
		out->flags |= SDT_CARELESS_IRV;
	if (out->evenodd < SDT_CARELESS_EVENODD_MIN)
		out->flags |= SDT_CARELESS_EVENODD;
	out->d2 = NAN;
	out->d2_max = NAN;
	out->duration = NAN;
	out->duration_min = SDT_CARELESS_SPEEDER_SECONDS * (double)k;
	out->duration_per_item = SDT_CARELESS_SPEEDER_SECONDS;
	out->flags &= sdt_careless_rules_for(ins);
}

void sdt_careless_duration(sdt_careless *c, const sdt_instrument *ins, double seconds)
{
	sdt_careless_duration_at(c, ins, seconds, SDT_CARELESS_SPEEDER_SECONDS);
}

double sdt_careless_speeder_seconds(double per_item)
{
	/* !(x > 0) also takes NAN: an unset threshold is the default, never 0
	 * seconds, which would switch the rule off unasked */
	return per_item > 0.0 && isfinite(per_item) ? per_item : SDT_CARELESS_SPEEDER_SECONDS;
}

/* (internal.h) Beside the rule it reads, which util/ is below. */
double sdt_run_speeder_seconds(const sdt_run_options *opt)
{
	return sdt_careless_speeder_seconds(opt && opt->version >= 2 ? opt->speeder_seconds : 0.0);
}

void sdt_careless_duration_at(sdt_careless *c, const sdt_instrument *ins, double seconds,
                              double per_item)
{
	c->duration = seconds;
	c->duration_per_item = sdt_careless_speeder_seconds(per_item);
	c->duration_min = c->duration_per_item * (double)rating_items(ins);
	c->flags &= ~SDT_CARELESS_SPEEDERS;
	/* NAN (no duration) compares false: never flagged */
	if (c->duration < c->duration_min)
		c->flags |= SDT_CARELESS_SPEEDERS;
}

int sdt_careless_parse(unsigned *set, const char *list)
{
	const char *p = list, *end;
	size_t i, len;

	*set = 0;
	while (p && *p) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len == 3 && strncmp(p, "all", 3) == 0)
			*set |= SDT_CARELESS_ALL;
		for (i = 0; i < N_RULES && !(len == 3 && strncmp(p, "all", 3) == 0); i++)
			if (strlen(rules[i].name) == len && strncmp(p, rules[i].name, len) == 0)
				break;
		if (i == N_RULES)
			return sdt_fail(SDT_EUSAGE, "unknown careless-responding rule '%.*s' (known: "
			                "longstring, irv, evenodd, mahalanobis, speeders, all)", (int)len, p);
		if (i < N_RULES)
			*set |= rules[i].bit;
		p = end ? end + 1 : NULL;
	}
	return *set ? SDT_OK : sdt_fail(SDT_EUSAGE, "no careless-responding rule named");
}

const char *sdt_careless_rule_name(unsigned rule)
{
	size_t i;

	for (i = 0; i < N_RULES; i++)
		if (rules[i].bit == rule)
			return rules[i].name;
	return "";
}

int sdt_careless_reason(char *buf, size_t size, const sdt_careless *c, unsigned set)
{
	unsigned hit = c->flags & set;

	if (hit & SDT_CARELESS_LONGSTRING)
		snprintf(buf, size, "careless responding, longstring: %zu identical answers in a "
		         "row (the rule: %zu)", c->longstring, c->longstring_min);
	else if (hit & SDT_CARELESS_IRV)
		snprintf(buf, size, "careless responding, irv: %.2f >= %.2f (answers within scales "
		         "as varied as random ones)", c->irv, c->irv_max);
	else if (hit & SDT_CARELESS_EVENODD)
		snprintf(buf, size, "careless responding, evenodd: %.2f < %.2f (the halves of the "
		         "scales disagree)", c->evenodd, SDT_CARELESS_EVENODD_MIN);
	else if (hit & SDT_CARELESS_MAHALANOBIS)
		snprintf(buf, size, "careless responding, mahalanobis: D2 %.2f > %.2f (an "
		         "unusual pattern of answers for this sample)", c->d2, c->d2_max);
	else if (hit & SDT_CARELESS_SPEEDERS)
		snprintf(buf, size, "careless responding, speeders: %g s < %g s (less than "
		         "%g s an item)", c->duration, c->duration_min, c->duration_per_item);
	return hit != 0;
}
