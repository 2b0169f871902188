/*
 * test_rwg_table.c - the precomputed rwg(j) cutoffs (engine/stats/
 * rwg_table.inc, make rwg-table) are the simulation's, bit for bit: a
 * sample of entries (every row's ends and 40 pseudo-random ones) is
 * simulated again here, so a changed simulation with a stale table, or a
 * lookup that reads the wrong entry, fails. Arguments outside the table
 * still simulate.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "psychometrics.h"
#include "sdtscore.h"

#define MAX_ROWS 256

/* the table's rows, read with sdt_rwg_table_next, into rows[MAX_ROWS] */
static size_t table_rows(sdt_rwg_row *rows)
{
	size_t k = 0, at = 0;

	while (k < MAX_ROWS && sdt_rwg_table_next(&rows[k], &at))
		k++;
	assert_true(k < MAX_ROWS);
	return k;
}

/* the table's cutoff (through sdt_rwg_null_cutoff) against a fresh
 * simulation: the same bits */
static void check_entry(size_t a, size_t j, size_t n)
{
	double table = NAN, found = NAN, sim = NAN;

	if (!sdt_rwg_table_find(&found, n, j, a, SDT_RWG_TABLE_REPS))
		fail_msg("(points %zu, items %zu, n %zu) not in the table", a, j, n);
	assert_int_equal(sdt_rwg_null_cutoff(&table, n, j, a, SDT_RWG_TABLE_REPS), SDT_OK);
	assert_int_equal(sdt_rwg_null_simulate(&sim, n, j, a, SDT_RWG_TABLE_REPS), SDT_OK);
	if (!isfinite(sim) || memcmp(&table, &sim, sizeof sim) || memcmp(&found, &sim, sizeof sim))
		fail_msg("(points %zu, items %zu, n %zu): table %a, simulated %a: run make rwg-table",
		         a, j, n, table, sim);
}

static void test_table_is_the_simulation(void **state)
{
	sdt_rwg_row rows[MAX_ROWS];
	const sdt_rwg_row *r;
	uint64_t x = 20011;
	size_t i, k, n_rows = table_rows(rows);

	(void)state;
	assert_true(n_rows > 0);
	for (i = 0; i < n_rows; i++) {
		r = &rows[i];
		check_entry(r->a_points, r->j, 2);
		check_entry(r->a_points, r->j, r->n_max);
	}
	/* a fixed-seed LCG (Knuth's MMIX constants): the same sample each run */
	for (k = 0; k < 40; k++) {
		x = x * 6364136223846793005u + 1442695040888963407u;
		r = &rows[(size_t)(x >> 33) % n_rows];
		x = x * 6364136223846793005u + 1442695040888963407u;
		check_entry(r->a_points, r->j, 2 + (size_t)(x >> 33) % (r->n_max - 1));
	}
}

/* Every bundled instrument's (points, items) has a row reaching large
 * teams, and each row is whole from n = 2 to its end. */
static void test_table_covers_bundled(void **state)
{
	sdt_instrument *ins = NULL;
	sdt_rwg_row rows[MAX_ROWS];
	const sdt_rwg_row *r;
	double cut;
	size_t i, s, k, a, j, n, covered, n_rows = table_rows(rows);

	(void)state;
	for (i = 0; i < sdt_instrument_bundled_count(); i++) {
		assert_int_equal(sdt_instrument_load_bundled(&ins, sdt_instrument_bundled_id(i)), SDT_OK);
		a = (size_t)(sdt_instrument_max(ins) - sdt_instrument_min(ins) + 1);
		for (s = 0; s < sdt_instrument_scale_count(ins); s++) {
			j = sdt_instrument_scale_item_count(ins, s);
			covered = 0;
			for (k = 0; k < n_rows; k++)
				if (rows[k].a_points == a && rows[k].j == j)
					covered = rows[k].n_max;
			if (covered < 300)
				fail_msg("%s scale %zu: (points %zu, items %zu) covered to n = %zu",
				         sdt_instrument_bundled_id(i), s, a, j, covered);
		}
		sdt_instrument_free(ins);
		ins = NULL;
	}
	for (k = 0; k < n_rows; k++) {
		r = &rows[k];
		assert_true(r->n_max >= 40);
		for (n = 2; n <= r->n_max; n++)
			assert_true(sdt_rwg_table_find(&cut, n, r->j, r->a_points, SDT_RWG_TABLE_REPS));
		assert_false(sdt_rwg_table_find(&cut, r->n_max + 1, r->j, r->a_points,
		                                SDT_RWG_TABLE_REPS));
	}
}

/* beyond the table: not found, simulated as before */
static void check_outside(size_t a, size_t j, size_t n, size_t reps)
{
	double cut = NAN, sim = NAN;

	assert_false(sdt_rwg_table_find(&cut, n, j, a, reps));
	assert_true(isnan(cut));
	assert_int_equal(sdt_rwg_null_cutoff(&cut, n, j, a, reps), SDT_OK);
	assert_int_equal(sdt_rwg_null_simulate(&sim, n, j, a, reps), SDT_OK);
	assert_true(isfinite(cut) && cut > 0.0 && cut < 1.0);
	assert_memory_equal(&cut, &sim, sizeof cut);
}

static void test_outside_simulates(void **state)
{
	sdt_rwg_row rows[MAX_ROWS];
	size_t k, n_max = 0, n_rows = table_rows(rows);

	(void)state;
	for (k = 0; k < n_rows; k++)
		if (rows[k].a_points == 5 && rows[k].j == 3)
			n_max = rows[k].n_max;
	assert_true(n_max >= 2);
	check_outside(5, 3, n_max + 1, SDT_RWG_TABLE_REPS);  /* a larger team */
	check_outside(5, 3, 7, 2000);                         /* other replicates */
	check_outside(4, 3, 7, SDT_RWG_TABLE_REPS);           /* other points */
	check_outside(5, 99, 7, SDT_RWG_TABLE_REPS);          /* more items */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_is_the_simulation),
		cmocka_unit_test(test_table_covers_bundled),
		cmocka_unit_test(test_outside_simulates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
