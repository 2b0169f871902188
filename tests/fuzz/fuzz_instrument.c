/*
 * fuzz_instrument.c - libFuzzer target: an instrument definition through
 * sdt_instrument_parse(). An instrument that loads is then used: every
 * accessor in every language, a lookup of each id, and a few simulated
 * respondents scored and run through the statistics, since a definition
 * that validates must never make later stages misbehave.
 */
#include "fuzz.h"

static const char *const langs[] = {"en", "fi", "sv", "xx", NULL};

static void use_texts(const sdt_instrument *ins)
{
	size_t i, j, k;
	int v;

	for (k = 0; langs[k]; k++) {
		(void)sdt_instrument_title(ins, langs[k]);
		(void)sdt_instrument_terms(ins, langs[k]);
		(void)sdt_instrument_source(ins, langs[k]);
		for (v = sdt_instrument_min(ins) - 1; v <= sdt_instrument_max(ins) + 1 &&
		     v <= sdt_instrument_min(ins) + 20; v++)
			(void)sdt_instrument_point_label(ins, langs[k], v);
		for (i = 0; i < sdt_instrument_item_count(ins); i++) {
			if (!sdt_instrument_item_label(ins, i, langs[k]))
				fuzz_die("item without a label", 0);
			(void)sdt_instrument_item_text(ins, i, langs[k]);
		}
		for (i = 0; i < sdt_instrument_scale_count(ins); i++)
			(void)sdt_instrument_scale_label(ins, i, langs[k]);
		for (i = 0; i < sdt_instrument_composite_count(ins); i++)
			(void)sdt_instrument_composite_label(ins, i, langs[k]);
	}
	for (i = 0; i < sdt_instrument_point_label_lang_count(ins); i++)
		(void)sdt_instrument_point_label_lang(ins, i);
	for (i = 0; i < sdt_instrument_composite_count(ins); i++)
		for (j = 0; j < sdt_instrument_composite_scale_count(ins, i); j++)
			if (sdt_instrument_composite_scale(ins, i, j) >=
			    sdt_instrument_scale_count(ins) ||
			    !(sdt_instrument_composite_weight(ins, i, j) > 0))
				fuzz_die("composite names a bad scale or weight", 0);
}

static void use_ids(const sdt_instrument *ins)
{
	const char *id;
	size_t i, j;

	if (!sdt_instrument_id(ins) || !sdt_instrument_version(ins))
		fuzz_die("instrument without id or version", 0);
	if (sdt_instrument_min(ins) >= sdt_instrument_max(ins))
		fuzz_die("empty response scale", 0);
	for (i = 0; i < sdt_instrument_item_count(ins); i++) {
		id = sdt_instrument_item_id(ins, i);
		if (sdt_instrument_item_find(ins, id, strlen(id)) != (long)i)
			fuzz_die("item lookup does not find the item", 0);
	}
	for (i = 0; i < sdt_instrument_scale_count(ins); i++) {
		if (sdt_instrument_scale_find(ins, sdt_instrument_scale_id(ins, i)) !=
		    (long)i)
			fuzz_die("scale lookup does not find the scale", 0);
		(void)sdt_need_name(sdt_instrument_scale_need(ins, i));
		(void)sdt_valence_name(sdt_instrument_scale_valence(ins, i));
		for (j = 0; j < sdt_instrument_scale_item_count(ins, i); j++)
			if (sdt_instrument_scale_item(ins, i, j) >=
			    sdt_instrument_item_count(ins))
				fuzz_die("scale names a bad item", 0);
	}
	(void)sdt_instrument_item_find(ins, "", 0);
	(void)sdt_instrument_scale_find(ins, "");
}

/* Score a few simulated respondents and compute statistics. Large
 * instruments are skipped: the time would go to arithmetic. */
static void use_scoring(const sdt_instrument *ins)
{
	sdt_simulate_options so;
	sdt_simulate *sim = NULL;
	const sdt_simulate_response *sr;
	sdt_response r;
	sdt_scores *s = NULL;
	sdt_accum *acc = NULL;
	sdt_stats *st = NULL;
	int rc;

	if (sdt_instrument_item_count(ins) > 64)
		return;
	sdt_simulate_options_init(&so);
	so.respondents = 12;
	so.teams = 2;
	memset(&r, 0, sizeof r);
	r.file = "sim";
	if (sdt_simulate_new(&sim, ins, &so) != SDT_OK ||
	    sdt_scores_new(&s, ins) != SDT_OK || sdt_accum_new(&acc, ins) != SDT_OK)
		fuzz_die("cannot simulate or score a valid instrument", 0);
	while (sdt_simulate_next(sim, &sr) == SDT_OK && sr) {
		r.id = sr->id;
		r.team = sr->team;
		r.values = sr->values;
		sdt_score_response(s, ins, &r);
		if ((rc = sdt_accum_add(acc, &r, s)) != SDT_OK)
			fuzz_die("cannot add a response", rc);
	}
	if ((rc = sdt_stats_compute(&st, acc, NULL)) != SDT_OK)
		fuzz_check_error(rc);
	sdt_stats_free(st);
	sdt_accum_free(acc);
	sdt_scores_free(s);
	sdt_simulate_free(sim);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sdt_instrument *ins = NULL;
	char *text = fuzz_copy(data, size);
	int rc = sdt_instrument_parse(&ins, text, size, "fuzz.json");

	if (rc != SDT_OK) {
		fuzz_check_error(rc);
		if (ins)
			fuzz_die("failed parse left an instrument", rc);
		if (strncmp(sdt_error_message(), "fuzz.json:", 10) != 0 &&
		    rc != SDT_ENOMEM)
			fuzz_die("instrument error that does not name the file", rc);
	} else {
		use_ids(ins);
		use_texts(ins);
		use_scoring(ins);
	}
	sdt_instrument_free(ins);
	free(text);
	return 0;
}
