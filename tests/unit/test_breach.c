/*
 * test_breach.c: table-driven tests of the breach clock (BRE-1 to BRE-3):
 * 72 hours by the clock through weekends, holidays and the changes of
 * summer time, the three levels of risk, each exemption of art. 34(3)
 * under both shipped profiles (M refuses the public notice, M§15.2), the
 * hours left, instants with offsets, and the profile's "breaches"
 * section. Every expected time was worked out by hand.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "policy/breach.h"
#include "support/support.h"

static struct profile *profile_m, *profile_w;

static int64_t
at(const char *s)
{
	int64_t t = 0;

	if (breach_time_parse(s, &t) != 0)
		fail_msg("bad instant in the table: %s", s);
	return t;
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

/* BRE-2: instants with a zone, in UTC; nothing without one. */
static void
test_breach_time(void **state)
{
	static const struct {
		const char *in, *utc;
	} good[] = {
	    {"2026-12-04T16:30:00Z", "2026-12-04T16:30:00Z"},
	    {"2026-12-04T17:30:00+01:00", "2026-12-04T16:30:00Z"},
	    {"2026-12-04T16:30+00:00", "2026-12-04T16:30:00Z"},
	    {"2026-12-04T11:30:00-05:00", "2026-12-04T16:30:00Z"},
	    {"2027-01-01T00:30:00+01:00", "2026-12-31T23:30:00Z"},
	    {"2026-07-01T02:00:00+02:00", "2026-07-01T00:00:00Z"},
	};
	static const char *const bad[] = {
	    "",
	    "2026-12-04",
	    "2026-12-04T16:30:00",
	    "2026-12-04 16:30:00Z",
	    "2026-12-04T16:30:00z",
	    "2026-02-30T10:00:00Z",
	    "2026-12-04T24:00:00Z",
	    "2026-12-04T16:60:00Z",
	    "2026-12-04T16:30:60Z",
	    "2026-12-04T16:30:00+1:00",
	    "2026-12-04T16:30:00+15:00",
	    "2026-12-04T16:30:00+01:00x",
	    "2026-12-04T16:30:00.5Z",
	    "1969-12-31T23:59:59Z",
	    "1970-01-01T00:30:00+01:00",
	};
	char out[ZK_TIME_LEN];
	int64_t t;

	(void)state;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(good); i++) {
		assert_int_equal(breach_time_parse(good[i].in, &t), 0);
		zk_time_fmt(t, out);
		assert_string_equal(out, good[i].utc);
	}
	for (size_t i = 0; i < ZK_ARRAY_SIZE(bad); i++)
		if (breach_time_parse(bad[i], &t) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
	assert_int_equal(breach_time_parse(NULL, &t), ZK_EINVAL);
}

/* BRE-1 to BRE-3, both profiles. */
static void
test_breach_table(void **state)
{
	static const struct {
		char profile; /* 'M', 'W' or 0: both */
		const char *aware, *risk;
		bool enc, removed, disp;
		bool ap;
		const char *due;
		bool subjects;
		const char *exemption;
		bool public_notice;
		const char *refused;
		const char *rule;
	} rows[] = {
	    /* Friday 16:30 + 72 hours: Monday 16:30. */
	    {0, "2026-12-04T16:30:00Z", "high", false, false, false, true,
	     "2026-12-07T16:30:00Z", true, NULL, false, NULL, "BRE-2"},
	    /* Saturday before King's Day (Monday 27 April). */
	    {0, "2026-04-25T09:00:00Z", "risk", false, false, false, true,
	     "2026-04-28T09:00:00Z", false, NULL, false, NULL, "BRE-2"},
	    /* Across the start of summer time (29 March, 01:00Z). */
	    {0, "2026-03-27T10:00:00+01:00", "risk", false, false, false, true,
	     "2026-03-30T09:00:00Z", false, NULL, false, NULL, "BRE-2"},
	    /* Across its end (25 October, 01:00Z). */
	    {0, "2026-10-23T12:00:00+02:00", "high", false, false, false, true,
	     "2026-10-26T10:00:00Z", true, NULL, false, NULL, "BRE-2"},
	    {0, "2026-10-30T18:00:00+01:00", "risk", false, false, false, true,
	     "2026-11-02T17:00:00Z", false, NULL, false, NULL, "BRE-2"},
	    /* BRE-1: no risk, no clock, whatever the exemptions. */
	    {0, "2026-12-04T16:30:00Z", "none", true, true, true, false, NULL,
	     false, NULL, false, NULL, "BRE-1"},
	    /* Risk: exemptions are about subjects, who are not told. */
	    {0, "2026-12-04T16:30:00Z", "risk", true, false, true, true,
	     "2026-12-07T16:30:00Z", false, NULL, false, NULL, "BRE-2"},
	    /* BRE-3 (a): encryption comes first. */
	    {0, "2026-12-04T16:30:00Z", "high", true, true, true, true,
	     "2026-12-07T16:30:00Z", false, "encrypted", false, NULL, "BRE-3"},
	    {0, "2026-12-04T16:30:00Z", "high", false, true, true, true,
	     "2026-12-07T16:30:00Z", false, "risk_removed", false, NULL,
	     "BRE-3"},
	    /* (c): W gives a public notice; M tells each subject. */
	    {'W', "2026-12-04T16:30:00Z", "high", false, false, true, true,
	     "2026-12-07T16:30:00Z", false, "disproportionate", true, NULL,
	     "BRE-3"},
	    {'M', "2026-12-04T16:30:00Z", "high", false, false, true, true,
	     "2026-12-07T16:30:00Z", true, NULL, false, "disproportionate",
	     "BRE-3"},
	};

	(void)state;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(rows); i++) {
		for (int pi = 0; pi < 2; pi++) {
			const struct profile *p = pi ? profile_w : profile_m;
			struct breach_facts f = {0};
			struct breach_answer a;
			char due[ZK_TIME_LEN];

			if (rows[i].profile != 0 &&
			    rows[i].profile != (pi ? 'W' : 'M'))
				continue;
			f.aware_at = at(rows[i].aware);
			f.risk =
			    (enum breach_risk)breach_risk_parse(rows[i].risk);
			f.encrypted = rows[i].enc;
			f.risk_removed = rows[i].removed;
			f.disproportionate = rows[i].disp;
			assert_int_equal(breach_clock(p, &f, &a, NULL), 0);
			assert_int_equal(a.notify_ap, rows[i].ap);
			if (rows[i].ap) {
				zk_time_fmt(a.ap_due, due);
				assert_string_equal(due, rows[i].due);
				assert_true(a.ap_due - f.aware_at == 72 * 3600);
			}
			assert_int_equal(a.notify_subjects, rows[i].subjects);
			if (rows[i].exemption == NULL)
				assert_null(breach_exemption_name(a.exemption));
			else
				assert_string_equal(
				    breach_exemption_name(a.exemption),
				    rows[i].exemption);
			assert_int_equal(a.public_notice,
					 rows[i].public_notice);
			if (rows[i].refused == NULL)
				assert_int_equal(a.refused, BREACH_EXEMPT_NONE);
			else
				assert_string_equal(
				    breach_exemption_name(a.refused),
				    rows[i].refused);
			assert_string_equal(a.rule, rows[i].rule);
		}
	}
}

/* The law's defaults without a profile; facts out of range. */
static void
test_breach_errors(void **state)
{
	struct breach_facts f = {0};
	struct breach_answer a;
	char *cause = NULL;

	(void)state;
	f.aware_at = at("2026-12-04T16:30:00Z");
	f.risk = BREACH_RISK_HIGH;
	f.disproportionate = true;
	assert_int_equal(breach_clock(NULL, &f, &a, NULL), 0);
	assert_int_equal(a.exemption, BREACH_EXEMPT_DISPROPORTIONATE);
	assert_true(a.public_notice);
	f.risk = (enum breach_risk)7;
	assert_int_equal(breach_clock(NULL, &f, &a, &cause), ZK_EINVAL);
	assert_non_null(strstr(cause, "risk"));
	free(cause);
	cause = NULL;
	f.risk = BREACH_RISK_SOME;
	f.aware_at = -1;
	assert_int_equal(breach_clock(NULL, &f, &a, &cause), ZK_EINVAL);
	free(cause);
	assert_int_equal(breach_risk_parse("hoog"), -1);
	assert_int_equal(breach_risk_parse(NULL), -1);
	assert_int_equal(breach_risk_parse("none"), BREACH_RISK_NONE);
	assert_string_equal(breach_risk_name((enum breach_risk)9), "?");
	assert_null(breach_exemption_name((enum breach_exemption)9));
}

/* The hours left are rounded down: one second late is an hour late. */
static void
test_breach_hours(void **state)
{
	int64_t due = at("2026-12-07T16:30:00Z");

	(void)state;
	assert_int_equal(breach_hours_left(due, due - 72 * 3600), 72);
	assert_int_equal(breach_hours_left(due, due - 3601), 1);
	assert_int_equal(breach_hours_left(due, due - 3599), 0);
	assert_int_equal(breach_hours_left(due, due), 0);
	assert_int_equal(breach_hours_left(due, due + 1), -1);
	assert_int_equal(breach_hours_left(due, due + 3600), -1);
	assert_int_equal(breach_hours_left(due, due + 3601), -2);
}

/* The profile's "breaches" section: the contact, the public notice. */
static void
test_breach_profile(void **state)
{
	static const struct {
		const char *section, *error;
	} bad[] = {
	    {"[]", "must be an object"},
	    {"{\"public_notice\":\"no\"}", "true or false"},
	    {"{\"dpo\":{}}", "unknown setting \"dpo\""},
	    {"{\"dpo_contact\":{\"name\":\"FG\"}}", "needs a name"},
	    {"{\"dpo_contact\":{\"email\":\"fg@example.nl\"}}", "needs a name"},
	    {"{\"dpo_contact\":{\"name\":\"FG\",\"fax\":\"1\"}}",
	     "unknown setting \"fax\""},
	    {"{\"dpo_contact\":{\"name\":\"F\\nG\",\"email\":\"a@b.nl\"}}",
	     "one line"},
	};
	char path[1024];

	(void)state;
	/* M§9, M§16: the FG through info@micarewerkt.nl; W: none of its own. */
	assert_string_equal(profile_m->breach.dpo_email, "info@micarewerkt.nl");
	assert_false(profile_m->breach.public_notice);
	assert_true(profile_w->breach.public_notice);
	assert_true(profile_w->breach.dpo_name[0] != '\0');
	snprintf(path, sizeof path, "%s/profiles/woondroomzorg.json",
		 ZK_SOURCE_DIR);
	for (size_t i = 0; i < ZK_ARRAY_SIZE(bad); i++) {
		json_t *root = json_load_file(path, 0, NULL);
		struct profile *p = NULL;
		char *text, *cause = NULL;

		assert_non_null(root);
		json_object_set_new(
		    root, "breaches",
		    json_loads(bad[i].section, JSON_DECODE_ANY, NULL));
		text = json_dumps(root, 0);
		assert_int_equal(
		    profile_load_text(text, strlen(text), "t.json", &p, &cause),
		    ZK_EPROFILE);
		if (strstr(cause, bad[i].error) == NULL)
			fail_msg("%s: %s", bad[i].section, cause);
		free(cause);
		free(text);
		json_decref(root);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_breach_time),
	    cmocka_unit_test(test_breach_table),
	    cmocka_unit_test(test_breach_errors),
	    cmocka_unit_test(test_breach_hours),
	    cmocka_unit_test(test_breach_profile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
