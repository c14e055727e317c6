/*
 * test_kanon.c: table-driven tests of the k-anonymity check of a research
 * export (RES-2): the rungs of the ladders, the boundary k-1 / k, the
 * greedy choice of the step that loses least, the suppression limit and
 * bad tables.
 */
#include <stdlib.h>
#include <string.h>

#include "policy/kanon.h"
#include "support/support.h"

static const struct kanon_ladder ladder_date = {
    4, {KANON_KEEP, KANON_YEAR, KANON_YEAR5, KANON_YEAR10}};
static const struct kanon_ladder ladder_postcode = {
    4, {KANON_KEEP, KANON_DIGITS4, KANON_DIGITS2, KANON_SUPPRESS}};
static const struct kanon_ladder ladder_gender = {2,
						  {KANON_KEEP, KANON_SUPPRESS}};

/* RES-2: each rung gives what the profile's ladders promise. */
static void
test_kanon_rungs(void **state)
{
	static const struct {
		enum kanon_step s;
		const char *in, *want;
	} table[] = {
	    {KANON_KEEP, "1984-03-07", "1984-03-07"},
	    {KANON_YEAR, "1984-03-07", "1984"},
	    {KANON_YEAR5, "1984-03-07", "1980-1984"},
	    {KANON_YEAR5, "1985-01-01", "1985-1989"},
	    {KANON_YEAR10, "1984-03-07", "1980-1989"},
	    {KANON_YEAR10, "1990-12-31", "1990-1999"},
	    {KANON_YEAR, "gisteren", "*"},
	    {KANON_DIGITS4, "1234 AB", "1234"},
	    {KANON_DIGITS4, "1234AB", "1234"},
	    {KANON_DIGITS2, "1234AB", "12"},
	    {KANON_DIGITS2, "AB12", "*"},
	    {KANON_SUPPRESS, "vrouw", "*"},
	    {KANON_SUPPRESS, "", "*"},
	    {KANON_YEAR, "", ""},
	};
	char out[KANON_VALUE_MAX];

	(void)state;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(table); i++) {
		kanon_generalise(table[i].s, table[i].in, out, sizeof out);
		assert_string_equal(out, table[i].want);
	}
	for (int s = 0; s < KANON_STEP_COUNT; s++)
		assert_int_equal(kanon_step_parse(kanon_step_name(s)), s);
	assert_int_equal(kanon_step_parse("decade"), -1);
	assert_int_equal(kanon_step_parse(NULL), -1);
}

/* Six people: two pairs and a triple in one year band, distinct days. */
static const char *const six[] = {
    "1980-01-02", "1011AB", "v", "1981-05-06", "1011CD", "v",
    "1982-07-08", "1012AB", "m", "1983-09-10", "1012XY", "m",
    "1984-11-12", "1013AA", "v", "1984-12-13", "1013BB", "v",
};

/* RES-2: k-1 passes where k does not, at the same level; a released
 * table has every kept class >= k. */
static void
test_kanon_boundary(void **state)
{
	const struct kanon_ladder l[3] = {ladder_date, ladder_postcode,
					  ladder_gender};
	const struct kanon_table t = {6, 3, six};
	int level[3] = {0, 0, 0};
	unsigned char sup[6];
	struct kanon_result r;

	(void)state;
	/* Raw: every row is its own class. */
	assert_int_equal(kanon_smallest(&t, l, level, 2, NULL), 1);
	/* k = 1 releases the raw table unchanged (deny never needed). */
	assert_int_equal(kanon_solve(&t, l, 1, 0, sup, &r), 0);
	assert_true(r.released);
	assert_int_equal(r.level[0] + r.level[1] + r.level[2], 0);
	/* k = 2: five-year band + gender gives {80-84 v: 4, m: 2}; the
	 * postcode digits2 "10" joins everyone: the greedy step that
	 * loses least is found without suppression. */
	assert_int_equal(kanon_solve(&t, l, 2, 0, sup, &r), 0);
	assert_true(r.released);
	assert_true(r.smallest >= 2);
	assert_int_equal(r.suppressed, 0);
	assert_int_equal(r.smallest_before, 1);
	/* At those levels k = smallest passes and smallest + 1 does not. */
	assert_int_equal(kanon_smallest(&t, l, r.level, r.smallest, NULL),
			 r.smallest);
	{
		unsigned char small[6];

		kanon_smallest(&t, l, r.level, r.smallest + 1, small);
		assert_true(memchr(small, 1, 6) != NULL);
		kanon_smallest(&t, l, r.level, r.smallest, small);
		assert_null(memchr(small, 1, 6));
	}
	/* k = 6: only the top of every ladder joins all six. */
	assert_int_equal(kanon_solve(&t, l, 6, 0, sup, &r), 0);
	assert_true(r.released);
	assert_int_equal(r.smallest, 6);
	/* k = 7: more than there are people: refused, nothing released. */
	assert_int_equal(kanon_solve(&t, l, 7, 1000, sup, &r), 0);
	assert_false(r.released);
	assert_non_null(r.reason);
}

/* RES-2: rows of classes that stay small are suppressed up to the
 * profile's share, and beyond it the export is refused. */
static void
test_kanon_suppression(void **state)
{
	/* Gender only, which cannot be generalised but to "*": with a
	 * one-rung ladder, the lone "x" is a class of 1. */
	static const char *const cells[] = {"v", "v", "v", "m", "m",
					    "m", "v", "m", "m", "x"};
	const struct kanon_ladder keep = {1, {KANON_KEEP}};
	const struct kanon_table t = {10, 1, cells};
	unsigned char sup[10];
	struct kanon_result r;

	(void)state;
	/* One row in ten is 100 per mille: a limit of 100 releases it. */
	assert_int_equal(kanon_solve(&t, &keep, 3, 100, sup, &r), 0);
	assert_true(r.released);
	assert_int_equal(r.suppressed, 1);
	assert_int_equal(sup[9], 1);
	assert_int_equal(sup[0], 0);
	assert_int_equal(r.smallest, 4);
	/* 99 per mille refuses it. */
	assert_int_equal(kanon_solve(&t, &keep, 3, 99, sup, &r), 0);
	assert_false(r.released);
	assert_int_equal(r.suppressed, 1);
	/* k = 5: the v class (4) and x must go: 5 of 10. */
	assert_int_equal(kanon_solve(&t, &keep, 5, 499, sup, &r), 0);
	assert_false(r.released);
	assert_int_equal(kanon_solve(&t, &keep, 5, 500, sup, &r), 0);
	assert_true(r.released);
	assert_int_equal(r.smallest, 5);
	/* With a rung to "*" the gender is generalised, not suppressed. */
	assert_int_equal(kanon_solve(&t, &ladder_gender, 5, 0, sup, &r), 0);
	assert_true(r.released);
	assert_int_equal(r.level[0], 1);
	assert_int_equal(r.suppressed, 0);
}

/* Bad tables are errors, not guesses; an empty table releases nothing. */
static void
test_kanon_errors(void **state)
{
	static const char *const one[] = {"v"};
	const struct kanon_ladder empty = {0, {KANON_KEEP}};
	const struct kanon_table t = {1, 1, one}, none = {0, 1, NULL};
	unsigned char sup[1];
	struct kanon_result r;

	(void)state;
	assert_int_equal(kanon_solve(&t, &ladder_gender, 0, 0, sup, &r),
			 ZK_EINVAL);
	assert_int_equal(kanon_solve(&t, &empty, 2, 0, sup, &r), ZK_EINVAL);
	assert_int_equal(kanon_solve(&t, &ladder_gender, 2, 1001, sup, &r),
			 ZK_EINVAL);
	assert_int_equal(kanon_solve(&t, &ladder_gender, 2, 0, NULL, &r),
			 ZK_EINVAL);
	assert_int_equal(kanon_solve(&none, &ladder_gender, 2, 0, NULL, &r), 0);
	assert_true(r.released);
	/* One person can never be 2-anonymous. */
	assert_int_equal(kanon_solve(&t, &ladder_gender, 2, 1000, sup, &r), 0);
	assert_false(r.released);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kanon_rungs),
	    cmocka_unit_test(test_kanon_boundary),
	    cmocka_unit_test(test_kanon_suppression),
	    cmocka_unit_test(test_kanon_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
