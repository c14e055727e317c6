/*
 * test_retention.c: table-driven tests of the retention decision (RET-1
 * to RET-4) under both shipped profiles, and of the profile's rules per
 * kind of subject: a category-only rule holds for every kind (profiles
 * written before issue 16 load as before), a kind's rule wins for that
 * kind and must cite its source. Every expected date was worked out by
 * hand; the comment beside it says how.
 */
#include <stdlib.h>
#include <string.h>

#include "policy/retention.h"
#include "support/support.h"

static struct profile *profile_m, *profile_w;

#define NO RETENTION_NO_DATE

static int32_t
day_of(const char *s)
{
	int32_t d = 0;

	if (s == NULL)
		return NO;
	if (zk_date_parse(s, &d) != 0)
		fail_msg("bad date in the table: %s", s);
	return d;
}

static int
setup(void **state)
{
	(void)state;
	profile_m = test_profile("micare-werkt");
	profile_w = test_profile("woondroomzorg");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	profile_free(profile_m);
	profile_free(profile_w);
	return 0;
}

static void
test_retention_table(void **state)
{
	static const struct {
		char profile; /* 'M' or 'W' */
		enum zk_category cat;
		enum zk_kind kind;
		const char *created, *last, *ended;
		int holds;
		const char *on;
		const char *from, *by; /* NULL: null */
		bool due, floor;
		const char *rule;
	} t[] = {
	    /* RET-1: W's 15 from creation (2020) lose to 2012-06-01 + 20. */
	    {'W', ZK_CAT_CARE, ZK_KIND_CLIENT, "2005-01-10", "2012-06-01", NULL,
	     0, "2026-12-02", "2032-06-01", "2032-09-01", false, true, "RET-1"},
	    /* RET-3: the example with its hold. */
	    {'M', ZK_CAT_CARE, ZK_KIND_CLIENT, "2005-01-10", "2012-06-01", NULL,
	     1, "2026-12-02", NULL, NULL, false, false, "RET-3"},
	    /* RET-1: M follows the law: 2004-02-29 + 20 = 2024-02-29. */
	    {'M', ZK_CAT_MEDICAL, ZK_KIND_CLIENT, "2001-05-01", "2004-02-29",
	     NULL, 0, "2024-02-28", "2024-02-29", "2024-05-29", false, false,
	     "RET-1"},
	    {'M', ZK_CAT_MEDICAL, ZK_KIND_CLIENT, "2001-05-01", "2004-02-29",
	     NULL, 0, "2024-02-29", "2024-02-29", "2024-05-29", true, false,
	     "RET-1"},
	    /* RET-1: a client's BSN stays with the record under W. */
	    {'W', ZK_CAT_BSN, ZK_KIND_CLIENT, "2001-01-01", "2010-05-05", NULL,
	     0, "2026-12-02", "2030-05-05", "2030-08-05", false, true, "RET-1"},
	    /* RET-2: W's work notes: 15 from creation, no floor. */
	    {'W', ZK_CAT_WORK_NOTE, ZK_KIND_CLIENT, "2001-01-01", "2010-05-05",
	     NULL, 0, "2026-12-02", "2016-01-01", "2016-04-01", true, false,
	     "RET-2"},
	    /* RET-2, RET-4: 2016-02-29 + 7 years = 2023-02-28. */
	    {'W', ZK_CAT_FINANCIAL, ZK_KIND_CLIENT, "2016-02-29", "2020-01-01",
	     NULL, 0, "2023-02-27", "2023-02-28", "2023-05-28", false, false,
	     "RET-2"},
	    /* RET-4: 2023-11-30 + 3 months = 2024-02-29. */
	    {'M', ZK_CAT_FINANCIAL, ZK_KIND_CLIENT, "2016-11-30", "2016-11-30",
	     NULL, 0, "2024-01-01", "2023-11-30", "2024-02-29", true, false,
	     "RET-2"},
	    /* RET-2: an applicant's identity, four weeks after the end. */
	    {'M', ZK_CAT_IDENTITY, ZK_KIND_APPLICANT, "2024-01-10",
	     "2024-01-31", "2024-01-31", 0, "2024-02-28", "2024-02-28",
	     "2024-05-28", true, false, "RET-2"},
	    /* ... and a client's: the record's 20 years. */
	    {'M', ZK_CAT_IDENTITY, ZK_KIND_CLIENT, "2024-01-10", "2024-01-31",
	     "2024-01-31", 0, "2024-02-28", "2044-01-31", "2044-04-30", false,
	     false, "RET-1"},
	    /* RET-2: the application still runs: no dates. */
	    {'M', ZK_CAT_APPLICATION, ZK_KIND_APPLICANT, "2024-01-10",
	     "2024-01-31", NULL, 0, "2030-01-01", NULL, NULL, false, false,
	     "RET-2"},
	    /* RET-2: an employee's ID copy, 2020-02-29 + 5 = 2025-02-28. */
	    {'M', ZK_CAT_IDENTITY, ZK_KIND_EMPLOYEE, "2015-03-01", "2019-12-01",
	     "2020-02-29", 0, "2025-02-27", "2025-02-28", "2025-05-28", false,
	     false, "RET-2"},
	    /* RET-2: HR two years after employment. */
	    {'M', ZK_CAT_HR, ZK_KIND_EMPLOYEE, "2018-01-15", "2022-08-31",
	     "2022-08-31", 0, "2024-09-01", "2024-08-31", "2024-11-30", true,
	     false, "RET-2"},
	    /* RET-2: a volunteer's identity, two years. */
	    {'M', ZK_CAT_IDENTITY, ZK_KIND_VOLUNTEER, "2023-02-01",
	     "2023-05-31", "2023-05-31", 0, "2026-12-02", "2025-05-31",
	     "2025-08-31", true, false, "RET-2"},
	    /* RET-3: a hold over an applicant who consented to a year. */
	    {'M', ZK_CAT_APPLICATION, ZK_KIND_APPLICANT, "2024-01-10",
	     "2024-01-31", "2024-01-31", 2, "2024-06-01", NULL, NULL, false,
	     false, "RET-3"},
	};

	(void)state;
	ZK_RULE("RET-1");
	ZK_RULE("RET-2");
	ZK_RULE("RET-3");
	ZK_RULE("RET-4");
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct retention_facts f = {
		    .category = t[i].cat,
		    .kind = t[i].kind,
		    .entry_created = day_of(t[i].created),
		    .record_last_change = day_of(t[i].last),
		    .relationship_ended = day_of(t[i].ended),
		    .holds = t[i].holds,
		    .on = day_of(t[i].on),
		};
		struct retention_answer a;

		retention_decide(t[i].profile == 'M' ? profile_m : profile_w,
				 &f, &a);
		if (a.destroy_from != day_of(t[i].from) ||
		    a.destroy_by != day_of(t[i].by) || a.due != t[i].due ||
		    a.floor != t[i].floor || strcmp(a.rule, t[i].rule) != 0)
			fail_msg("row %zu: from %d by %d due %d floor %d %s", i,
				 a.destroy_from, a.destroy_by, a.due, a.floor,
				 a.rule);
	}
}

/* RET-1: the floor covers the record, not HR or an applicant's file. */
static void
test_retention_floor(void **state)
{
	(void)state;
	ZK_RULE("RET-1");
	assert_true(retention_floor_applies(ZK_CAT_CARE, ZK_KIND_CLIENT));
	assert_true(retention_floor_applies(ZK_CAT_MEDICAL, ZK_KIND_CLIENT));
	assert_true(retention_floor_applies(ZK_CAT_SPECIAL, ZK_KIND_EMPLOYEE));
	assert_true(retention_floor_applies(ZK_CAT_IDENTITY, ZK_KIND_CLIENT));
	assert_true(retention_floor_applies(ZK_CAT_BSN, ZK_KIND_CLIENT));
	assert_false(
	    retention_floor_applies(ZK_CAT_IDENTITY, ZK_KIND_APPLICANT));
	assert_false(retention_floor_applies(ZK_CAT_BSN, ZK_KIND_EMPLOYEE));
	assert_false(retention_floor_applies(ZK_CAT_WORK_NOTE, ZK_KIND_CLIENT));
	assert_false(retention_floor_applies(ZK_CAT_HR, ZK_KIND_EMPLOYEE));
	assert_false(retention_floor_applies(ZK_CAT_FINANCIAL, ZK_KIND_CLIENT));
}

/* A profile text with retention (a JSON object text) in W's place. */
static struct profile *
retention_profile(const char *retention, char **cause)
{
	struct profile *p = NULL;
	char path[1024], *text, *at, *end, *out;
	size_t len;
	FILE *fp;

	snprintf(path, sizeof path, "%s/profiles/micare-werkt.json",
		 ZK_SOURCE_DIR);
	assert_non_null(fp = fopen(path, "rb"));
	text = calloc(1, 1 << 20);
	len = fread(text, 1, (1 << 20) - 1, fp);
	fclose(fp);
	assert_non_null(at = strstr(text, "\"retention\": {"));
	assert_non_null(end = strstr(at, "\n  },\n"));
	len = len + strlen(retention) + 64;
	out = calloc(1, len);
	snprintf(out, len, "%.*s\"retention\": %s%s", (int)(at - text), text,
		 retention, end + 4);
	if (profile_load_text(out, strlen(out), "test.json", &p, cause) != 0)
		p = NULL;
	free(text);
	free(out);
	return p;
}

/* RET-2: a category-only rule is every kind's; a kind's rule wins. */
static void
test_retention_profile_kinds(void **state)
{
	struct profile_retention_rule r;
	struct profile *p;
	char *cause = NULL;

	(void)state;
	ZK_RULE("RET-2");
	/* Before issue 16: one rule per category. */
	p = retention_profile("{\"hr\": {\"period\": \"P2Y\", \"from\": "
			      "\"end_of_relationship\"}}",
			      &cause);
	assert_non_null(p);
	assert_int_equal(
	    profile_retention_rule(p, ZK_CAT_HR, ZK_KIND_VOLUNTEER, &r), 1);
	assert_int_equal(r.period.n, 2);
	assert_int_equal(r.from, PROFILE_FROM_END_OF_RELATIONSHIP);
	assert_int_equal(
	    profile_retention_rule(p, ZK_CAT_CARE, ZK_KIND_CLIENT, &r), 0);
	profile_free(p);
	/* The shipped M: the applicant's own rule, the client's default. */
	assert_int_equal(profile_retention_rule(profile_m, ZK_CAT_IDENTITY,
						ZK_KIND_APPLICANT, &r),
			 1);
	assert_int_equal(r.period.n, 4);
	assert_int_equal(r.period.unit, 'W');
	assert_non_null(strstr(r.cite, "application"));
	assert_int_equal(profile_retention_rule(profile_m, ZK_CAT_IDENTITY,
						ZK_KIND_CLIENT, &r),
			 1);
	assert_int_equal(r.period.n, 20);
	/* A kind's rule without its source is refused. */
	p = retention_profile("{\"hr\": {\"kinds\": {\"employee\": "
			      "{\"period\": \"P2Y\", \"from\": "
			      "\"end_of_relationship\"}}}}",
			      &cause);
	assert_null(p);
	assert_non_null(strstr(cause, "\"cite\""));
	free(cause);
	cause = NULL;
	/* A kind the category does not apply to is refused. */
	p = retention_profile("{\"hr\": {\"kinds\": {\"client\": "
			      "{\"period\": \"P2Y\", \"from\": \"creation\","
			      " \"cite\": \"x\"}}}}",
			      &cause);
	assert_null(p);
	assert_non_null(strstr(cause, "does not apply"));
	free(cause);
	cause = NULL;
	/* An unknown kind is refused. */
	p = retention_profile("{\"hr\": {\"kinds\": {\"patient\": {}}}}",
			      &cause);
	assert_null(p);
	assert_non_null(strstr(cause, "unknown kind"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_retention_table),
	    cmocka_unit_test(test_retention_floor),
	    cmocka_unit_test(test_retention_profile_kinds),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
