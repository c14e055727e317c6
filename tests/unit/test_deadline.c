/*
 * test_deadline.c: table-driven tests of the request deadlines (RQ-2,
 * RQ-3): the holidays of the Algemene termijnenwet, the move to a working
 * day, months as Regulation 1182/71 counts them, the periods of both
 * shipped profiles, suspensions, extensions, carrying out, and the law's
 * ceiling on a profile. Every expected date was worked out by hand; the
 * comment beside it says how.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "policy/deadline.h"
#include "support/support.h"

static struct profile *profile_m, *profile_w, *profile_long, *profile_days,
    *profile_bare;

static int32_t
day_of(const char *s)
{
	int32_t d = 0;

	if (zk_date_parse(s, &d) != 0)
		fail_msg("bad date in the table: %s", s);
	return d;
}

static void
date_str(int32_t d, char out[ZK_DATE_LEN])
{
	zk_date_fmt(d, out);
}

/*
 * The W profile with its "requests" section replaced by requests (a JSON
 * object text), loaded as any profile is.
 */
static struct profile *
profile_with_requests(const char *requests)
{
	char path[1024], *text, *cause = NULL;
	struct profile *p = NULL;
	json_t *root, *rq;

	snprintf(path, sizeof path, "%s/profiles/woondroomzorg.json",
		 ZK_SOURCE_DIR);
	root = json_load_file(path, 0, NULL);
	rq = json_loads(requests, 0, NULL);
	assert_non_null(root);
	assert_non_null(rq);
	json_object_set_new(root, "requests", rq);
	text = json_dumps(root, 0);
	assert_non_null(text);
	if (profile_load_text(text, strlen(text), "test.json", &p, &cause) != 0)
		fail_msg("%s", cause);
	free(text);
	json_decref(root);
	return p;
}

static int
setup(void **state)
{
	(void)state;
	profile_m = test_profile("micare-werkt");
	profile_w = test_profile("woondroomzorg");
	/* Longer than the law: six weeks to answer, three months more. */
	profile_long = profile_with_requests(
	    "{\"access\": {\"answer\": \"P6W\", \"extension\": \"P3M\"}}");
	/* Periods in days: 45 to answer and carry out, 70 more. */
	profile_days =
	    profile_with_requests("{\"access\": {\"answer\": \"P45D\", "
				  "\"carry_out\": \"P45D\", \"extension\": "
				  "\"P70D\"}}");
	/* No section for restriction at all: the law alone. */
	profile_bare = profile_with_requests(
	    "{\"access\": {\"answer\": \"P1M\", \"extension\": \"P2M\"}}");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	profile_free(profile_m);
	profile_free(profile_w);
	profile_free(profile_long);
	profile_free(profile_days);
	profile_free(profile_bare);
	return 0;
}

/* RQ-2, COR-1, INZ-3: the kinds, their names and their sections. */
static void
test_deadline_kinds(void **state)
{
	static const struct {
		const char *name;
		enum profile_request section;
	} kinds[RQ_KIND_COUNT] = {
	    {"access", PROFILE_RQ_ACCESS},
	    {"copy", PROFILE_RQ_COPY},
	    {"portability", PROFILE_RQ_PORTABILITY},
	    {"rectification", PROFILE_RQ_CORRECTION},
	    {"completion", PROFILE_RQ_CORRECTION},
	    {"erasure", PROFILE_RQ_ERASURE},
	    {"shielding", PROFILE_RQ_CORRECTION},
	    {"restriction", PROFILE_RQ_RESTRICTION},
	    {"objection", PROFILE_RQ_OBJECTION},
	    {"log", PROFILE_RQ_ACCESS},
	    {"scheme", PROFILE_RQ_ACCESS},
	};

	(void)state;
	ZK_RULE("RQ-2");
	ZK_RULE("COR-1");
	ZK_RULE("INZ-3");
	for (int k = 0; k < RQ_KIND_COUNT; k++) {
		assert_string_equal(rq_kind_name((enum rq_kind)k),
				    kinds[k].name);
		assert_int_equal(rq_kind_parse(kinds[k].name), k);
		assert_int_equal(rq_kind_section((enum rq_kind)k),
				 kinds[k].section);
	}
	assert_int_equal(rq_kind_parse("correction"), -1);
	assert_int_equal(rq_kind_parse("Access"), -1);
	assert_int_equal(rq_kind_parse(""), -1);
	assert_int_equal(rq_kind_parse(NULL), -1);
	assert_string_equal(rq_kind_name(RQ_KIND_COUNT), "?");
}

struct holiday_case {
	const char *day;
	bool holiday;
};

/* clang-format off */
static const struct holiday_case holidays[] = {
	/* 2026: Easter Sunday 5 April (anonymous Gregorian algorithm). */
	{"2026-01-01", true},	/* New Year's Day, a Thursday */
	{"2026-01-02", false},
	{"2026-04-03", false},	/* Good Friday: no holiday of the Act */
	{"2026-04-06", true},	/* Easter Monday = Easter + 1 */
	{"2026-04-07", false},
	{"2026-04-27", true},	/* King's Day, a Monday */
	{"2026-04-26", false},	/* a Sunday, not King's Day */
	{"2026-04-30", false},	/* Queen's Day is no more */
	{"2026-05-04", false},	/* Remembrance Day is no holiday */
	{"2026-05-05", true},	/* Liberation Day on a Tuesday */
	{"2026-05-06", false},
	{"2026-05-14", true},	/* Ascension Day = Easter + 39, a Thursday */
	{"2026-05-25", true},	/* Whit Monday = Easter + 50 */
	{"2026-12-24", false},
	{"2026-12-25", true},	/* Christmas, a Friday */
	{"2026-12-26", true},	/* Boxing Day, a Saturday */
	{"2026-12-31", false},
	/* 2025: Easter 20 April; 27 April is a Sunday, so King's Day is
	 * Saturday 26 April. */
	{"2025-04-26", true},
	{"2025-04-27", false},
	{"2025-04-18", false},	/* Good Friday */
	{"2025-04-21", true},	/* Easter Monday */
	{"2025-05-05", true},	/* Liberation Day on a Monday */
	{"2025-05-29", true},	/* Ascension Day */
	{"2025-06-09", true},	/* Whit Monday */
	{"2025-01-01", true},
	{"2025-12-25", true},
	{"2025-12-26", true},
	/* 2014, the first King's Day: the 27th a Sunday, so the 26th. */
	{"2014-04-26", true},
	{"2014-04-27", false},
	{"2014-04-30", false},
	{"2014-04-21", true},	/* Easter 20 April */
	/* 2013: still Queen's Day, 30 April (a Tuesday). */
	{"2013-04-30", true},
	{"2013-04-27", false},
	/* 2024: Easter 31 March. */
	{"2024-03-29", false},	/* Good Friday */
	{"2024-04-01", true},	/* Easter Monday in April */
	{"2024-05-09", true},	/* Ascension Day */
	{"2024-05-20", true},	/* Whit Monday */
	{"2024-04-27", true},	/* King's Day, a Saturday */
	{"2024-05-05", true},	/* Liberation Day, a Sunday */
	/* 2038: Easter 25 April, as late as it gets but one day. */
	{"2038-04-26", true},	/* Easter Monday, the day before King's Day */
	{"2038-04-27", true},	/* King's Day, a Tuesday */
	{"2038-06-03", true},	/* Ascension Day */
	{"2038-06-14", true},	/* Whit Monday */
	{"2038-04-23", false},	/* Good Friday */
	/* 2100: Easter 28 March (2100 is no leap year). */
	{"2100-03-29", true},	/* Easter Monday */
	{"2100-03-26", false},	/* Good Friday */
	{"2100-05-06", true},	/* Ascension Day */
	{"2100-05-17", true},	/* Whit Monday */
	/* 2285: Easter 22 March, the earliest possible. */
	{"2285-03-23", true},	/* Easter Monday */
	{"2285-04-30", true},	/* Ascension Day */
	{"2285-05-11", true},	/* Whit Monday */
	{"2285-03-20", false},	/* Good Friday */
	{"2285-04-27", true},	/* King's Day, a Monday */
};
/* clang-format on */

/* RQ-2: the holidays of the Algemene termijnenwet art. 3, and no more. */
static void
test_deadline_holidays(void **state)
{
	(void)state;
	ZK_RULE("RQ-2");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(holidays); i++)
		if (zk_nl_holiday(day_of(holidays[i].day)) !=
		    holidays[i].holiday)
			fail_msg("%s: holiday %d, want %d", holidays[i].day,
				 !holidays[i].holiday, holidays[i].holiday);
}

struct working_case {
	const char *day;
	const char *next; /* the first working day on or after it */
};

/* clang-format off */
static const struct working_case working[] = {
	{"2026-03-31", "2026-03-31"},	/* a Tuesday stays */
	{"2026-04-03", "2026-04-03"},	/* Good Friday stays */
	{"2026-04-27", "2026-04-28"},	/* King's Day, Monday -> Tuesday */
	{"2026-04-04", "2026-04-07"},	/* Sat, Easter Sunday, Easter Monday */
	{"2026-05-14", "2026-05-15"},	/* Ascension Day -> Friday */
	{"2026-05-23", "2026-05-26"},	/* Sat, Whit Sunday, Whit Monday */
	{"2026-05-05", "2026-05-06"},	/* Liberation Day, Tuesday */
	{"2026-12-25", "2026-12-28"},	/* Christmas Fri, Boxing Day Sat, Sun */
	{"2027-01-01", "2027-01-04"},	/* New Year Fri, Sat, Sun */
	{"2025-04-26", "2025-04-28"},	/* King's Day Sat, Sun */
	{"2024-05-04", "2024-05-06"},	/* Sat, 5 May a Sunday */
	{"2038-04-24", "2038-04-28"},	/* Sat, Easter, Easter Mon, King's Day */
	{"2100-03-27", "2100-03-30"},	/* Sat, Easter, Easter Monday */
	{"2285-04-30", "2285-05-01"},	/* Ascension Day -> Friday */
};
/* clang-format on */

/* RQ-2: a deadline on a Saturday, Sunday or holiday moves on. */
static void
test_deadline_working_days(void **state)
{
	char got[ZK_DATE_LEN];

	(void)state;
	ZK_RULE("RQ-2");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(working); i++) {
		date_str(zk_next_working_day(day_of(working[i].day)), got);
		if (strcmp(got, working[i].next) != 0)
			fail_msg("%s: next working day %s, want %s",
				 working[i].day, got, working[i].next);
	}
}

struct dl_case {
	const char *rule; /* RQ-2, or RQ-3 when suspended */
	char profile;	  /* m, w, l(ong), d(ays), b(are), n(one) */
	const char *kind;
	const char *received;
	/* Up to two suspensions {from, to}; to NULL: open. */
	const char *susp[2][2];
	const char *extended_on; /* NULL: not extended */
	const char *due;	 /* NULL: suspended */
	const char *carry_out;	 /* NULL: none */
	const char *extension;	 /* NULL, valid, too_late, not_allowed */
	const char *first_due;	 /* NULL: as due */
};

/* clang-format off */
static const struct dl_case cases[] = {
	/* Months (Regulation 1182/71): the same day number, else the last
	 * day of the month. */
	/* 2025-01-31 + P1M: no 31 February, so 28 February (a Friday). */
	{"RQ-2", 'w', "access", "2025-01-31", {{0}}, NULL, "2025-02-28", NULL, NULL, NULL},
	/* 2026-03-31 + P1M: no 31 April, so 30 April (a Thursday). */
	{"RQ-2", 'w', "access", "2026-03-31", {{0}}, NULL, "2026-04-30", NULL, NULL, NULL},
	/* 2028 is a leap year: 2028-01-31 + P1M = 29 February (Tue). */
	{"RQ-2", 'w', "access", "2028-01-31", {{0}}, NULL, "2028-02-29", NULL, NULL, NULL},
	/* 2100 is not: 28 February 2100 is a Sunday, so Monday 1 March. */
	{"RQ-2", 'w', "access", "2100-01-31", {{0}}, NULL, "2100-03-01", NULL, NULL, NULL},
	/* 2026-01-31 + P1M = 28 February, a Saturday: Monday 2 March. */
	{"RQ-2", 'w', "access", "2026-01-31", {{0}}, NULL, "2026-03-02", NULL, NULL, NULL},
	/* Four weeks (M§9.1) against one month (W§14.3), from Monday
	 * 2 March 2026: 30 March and 2 April. */
	{"RQ-2", 'm', "access", "2026-03-02", {{0}}, NULL, "2026-03-30", "2026-03-30", NULL, NULL},
	{"RQ-2", 'w', "access", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	{"RQ-2", 'm', "copy", "2026-03-02", {{0}}, NULL, "2026-03-30", "2026-03-30", NULL, NULL},
	{"RQ-2", 'w', "copy", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	/* M§9.4-9.5: the log and the scheme are access: four weeks in M. */
	{"RQ-2", 'm', "log", "2026-03-02", {{0}}, NULL, "2026-03-30", "2026-03-30", NULL, NULL},
	{"RQ-2", 'w', "scheme", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	/* Correction (M§10.2, W§11.6): four weeks to 30 March; W carries
	 * it out within three months (W§11.7): 2 June, a Tuesday. */
	{"RQ-2", 'm', "rectification", "2026-03-02", {{0}}, NULL, "2026-03-30", NULL, NULL, NULL},
	{"RQ-2", 'w', "rectification", "2026-03-02", {{0}}, NULL, "2026-03-30", "2026-06-02", NULL, NULL},
	{"RQ-2", 'w', "completion", "2026-03-02", {{0}}, NULL, "2026-03-30", "2026-06-02", NULL, NULL},
	{"RQ-2", 'w', "shielding", "2026-03-02", {{0}}, NULL, "2026-03-30", "2026-06-02", NULL, NULL},
	/* Erasure: one month to answer, 27 March; destroyed within three
	 * months (M§11.3, W§15.2): 27 May, a Wednesday. */
	{"RQ-2", 'm', "erasure", "2026-02-27", {{0}}, NULL, "2026-03-27", "2026-05-27", NULL, NULL},
	{"RQ-2", 'w', "erasure", "2026-02-27", {{0}}, NULL, "2026-03-27", "2026-05-27", NULL, NULL},
	/* M erasure from 31 January: 28 February is a Saturday (Monday
	 * 2 March); + P3M = 30 April, a Thursday. */
	{"RQ-2", 'm', "erasure", "2026-01-31", {{0}}, NULL, "2026-03-02", "2026-04-30", NULL, NULL},
	{"RQ-2", 'm', "restriction", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	{"RQ-2", 'w', "objection", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	{"RQ-2", 'w', "portability", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	/* Holidays: 2026-03-27 + P1M = 27 April, King's Day (Monday):
	 * Tuesday 28 April. */
	{"RQ-2", 'w', "access", "2026-03-27", {{0}}, NULL, "2026-04-28", NULL, NULL, NULL},
	/* 2026-11-25 + P1M = Christmas (Friday); Boxing Day, Sunday: 28. */
	{"RQ-2", 'w', "access", "2026-11-25", {{0}}, NULL, "2026-12-28", NULL, NULL, NULL},
	/* 2026-03-06 + P1M = Easter Monday 6 April: Tuesday 7 April. */
	{"RQ-2", 'w', "access", "2026-03-06", {{0}}, NULL, "2026-04-07", NULL, NULL, NULL},
	/* 2026-03-03 + P1M = Good Friday 3 April: it stays. */
	{"RQ-2", 'w', "access", "2026-03-03", {{0}}, NULL, "2026-04-03", NULL, NULL, NULL},
	/* 2026-04-05 + P1M = 5 May, a Tuesday: Wednesday 6 May. */
	{"RQ-2", 'w', "access", "2026-04-05", {{0}}, NULL, "2026-05-06", NULL, NULL, NULL},
	/* 2026-04-14 + P1M = Ascension Day 14 May: Friday 15 May. */
	{"RQ-2", 'w', "access", "2026-04-14", {{0}}, NULL, "2026-05-15", NULL, NULL, NULL},
	/* 2026-04-25 + P1M = Whit Monday 25 May: Tuesday 26 May. */
	{"RQ-2", 'w', "access", "2026-04-25", {{0}}, NULL, "2026-05-26", NULL, NULL, NULL},
	/* 2026-12-01 + P1M = New Year's Day 2027, a Friday: Monday 4. */
	{"RQ-2", 'w', "access", "2026-12-01", {{0}}, NULL, "2027-01-04", NULL, NULL, NULL},
	/* 2025-03-26 + P1M = King's Day 2025, Saturday 26 April: Monday 28. */
	{"RQ-2", 'w', "access", "2025-03-26", {{0}}, NULL, "2025-04-28", NULL, NULL, NULL},
	/* 2038-03-26 + P1M = Easter Monday 26 April, then King's Day:
	 * Wednesday 28 April. */
	{"RQ-2", 'w', "access", "2038-03-26", {{0}}, NULL, "2038-04-28", NULL, NULL, NULL},
	/* 2100-02-28 + P1M = Easter Sunday 28 March, Easter Monday:
	 * Tuesday 30 March. */
	{"RQ-2", 'w', "access", "2100-02-28", {{0}}, NULL, "2100-03-30", NULL, NULL, NULL},
	/* 2024-04-05 + P1M = 5 May 2024, a Sunday: Monday 6 May. */
	{"RQ-2", 'w', "access", "2024-04-05", {{0}}, NULL, "2024-05-06", NULL, NULL, NULL},
	/* RQ-3: closed suspensions add their days. 2026-03-27 + P1M = 27
	 * April, + 3 days [30 March, 2 April) = Thursday 30 April. */
	{"RQ-2", 'w', "access", "2026-03-27", {{"2026-03-30", "2026-04-02"}}, NULL, "2026-04-30", NULL, NULL, NULL},
	/* 30 March + 2 + 7 days = 8 April; carrying out (P4W) as well. */
	{"RQ-2", 'm', "access", "2026-03-02", {{"2026-03-03", "2026-03-05"}, {"2026-03-10", "2026-03-17"}}, NULL, "2026-04-08", "2026-04-08", NULL, NULL},
	/* From the day of receipt: 30 March + 5 = 4 April, a Saturday;
	 * Easter Sunday, Easter Monday: Tuesday 7 April. */
	{"RQ-2", 'm', "access", "2026-03-02", {{"2026-03-02", "2026-03-07"}}, NULL, "2026-04-07", "2026-04-07", NULL, NULL},
	/* An empty suspension adds nothing. */
	{"RQ-2", 'm', "access", "2026-03-02", {{"2026-03-04", "2026-03-04"}}, NULL, "2026-03-30", "2026-03-30", NULL, NULL},
	/* W correction: 30 March + 7 = 6 April, Easter Monday: 7 April;
	 * carrying out 2 June + 7 = 9 June, a Tuesday. */
	{"RQ-2", 'w', "rectification", "2026-03-02", {{"2026-03-09", "2026-03-16"}}, NULL, "2026-04-07", "2026-06-09", NULL, NULL},
	/* RQ-3: an open suspension: no dates until the proof comes. */
	{"RQ-3", 'w', "access", "2026-03-27", {{"2026-03-30", NULL}}, NULL, NULL, NULL, NULL, NULL},
	{"RQ-3", 'm', "erasure", "2026-03-27", {{"2026-03-28", "2026-03-30"}, {"2026-04-01", NULL}}, "2026-04-01", NULL, NULL, NULL, NULL},
	/* Extensions (W§14.5): two more months from the end of the first
	 * period. 2 April + P2M = 2 June, a Tuesday. */
	{"RQ-2", 'w', "access", "2026-03-02", {{0}}, "2026-03-20", "2026-06-02", NULL, "valid", "2026-04-02"},
	/* Told on first_due, Tuesday 28 April (27 April, King's Day, moved
	 * it): valid, and the two months run from 27 April: 27 June, a
	 * Saturday: Monday 29 June. */
	{"RQ-2", 'w', "access", "2026-03-27", {{0}}, "2026-04-28", "2026-06-29", NULL, "valid", "2026-04-28"},
	/* Told a day later: too late, 28 April stands. */
	{"RQ-2", 'w', "access", "2026-03-27", {{0}}, "2026-04-29", "2026-04-28", NULL, "too_late", "2026-04-28"},
	/* With the suspension: 30 April + P2M = 30 June, a Tuesday. */
	{"RQ-2", 'w', "access", "2026-03-27", {{"2026-03-30", "2026-04-02"}}, "2026-04-30", "2026-06-30", NULL, "valid", "2026-04-30"},
	/* The extension runs from 31 January (not from the Monday it moved
	 * to): 31 March, a Tuesday; first_due is Monday 2 February. */
	{"RQ-2", 'w', "access", "2025-12-31", {{0}}, "2026-01-05", "2026-03-31", NULL, "valid", "2026-02-02"},
	/* W correction: 30 March + P2M = 30 May, a Saturday: Monday 1 June;
	 * carrying out is not extended: 2 June. */
	{"RQ-2", 'w', "rectification", "2026-03-02", {{0}}, "2026-03-30", "2026-06-01", "2026-06-02", "valid", "2026-03-30"},
	/* M promises four weeks "uiterlijk" and names no extension. */
	{"RQ-2", 'm', "access", "2026-03-02", {{0}}, "2026-03-03", "2026-03-30", "2026-03-30", "not_allowed", NULL},
	/* M is silent on restriction: GDPR art. 12(3), one month, and two
	 * more when told within it: 2 April + P2M = Tuesday 2 June. */
	{"RQ-2", 'm', "restriction", "2026-03-02", {{0}}, "2026-03-10", "2026-06-02", NULL, "valid", "2026-04-02"},
	/* No section for restriction or correction: the law, one month
	 * and two more, nothing to carry out by. */
	{"RQ-2", 'b', "restriction", "2026-03-02", {{0}}, "2026-03-10", "2026-06-02", NULL, "valid", "2026-04-02"},
	{"RQ-2", 'b', "rectification", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	{"RQ-2", 'n', "erasure", "2026-03-02", {{0}}, "2026-03-10", "2026-06-02", NULL, "valid", "2026-04-02"},
	/* The law is a ceiling: six weeks (13 April) become one month (2
	 * April); three months' extension (2 July) two (2 June). */
	{"RQ-2", 'l', "access", "2026-03-02", {{0}}, NULL, "2026-04-02", NULL, NULL, NULL},
	{"RQ-2", 'l', "access", "2026-03-02", {{0}}, "2026-03-10", "2026-06-02", NULL, "valid", "2026-04-02"},
	/* 45 days (16 April) become one month (2 April); 70 more days (11
	 * June) two months (2 June); carrying out has no ceiling: 16 April. */
	{"RQ-2", 'd', "access", "2026-03-02", {{0}}, NULL, "2026-04-02", "2026-04-16", NULL, NULL},
	{"RQ-2", 'd', "access", "2026-03-02", {{0}}, "2026-03-10", "2026-06-02", "2026-04-16", "valid", "2026-04-02"},
};
/* clang-format on */

static const struct profile *
profile_of(char c)
{
	switch (c) {
	case 'm':
		return profile_m;
	case 'w':
		return profile_w;
	case 'l':
		return profile_long;
	case 'd':
		return profile_days;
	case 'b':
		return profile_bare;
	default:
		return NULL;
	}
}

static void
check_date(size_t i, const char *what, bool has, int32_t d, const char *want)
{
	char got[ZK_DATE_LEN];

	if (want == NULL) {
		if (has)
			fail_msg("case %zu: %s set, want none", i, what);
		return;
	}
	if (!has)
		fail_msg("case %zu: no %s, want %s", i, what, want);
	date_str(d, got);
	if (strcmp(got, want) != 0)
		fail_msg("case %zu: %s %s, want %s", i, what, got, want);
}

static void
run_case(const struct dl_case *c, size_t i)
{
	struct deadline_suspension s[2];
	struct deadline_in in;
	struct deadline_out out;
	const char *ext;
	char *cause = NULL;
	int k = rq_kind_parse(c->kind), rc;

	memset(&in, 0, sizeof in);
	memset(s, 0, sizeof s);
	if (k < 0)
		fail_msg("case %zu: unknown kind %s", i, c->kind);
	in.kind = (enum rq_kind)k;
	in.received = day_of(c->received);
	for (int j = 0; j < 2 && c->susp[j][0] != NULL; j++) {
		s[j].from = day_of(c->susp[j][0]);
		s[j].open = c->susp[j][1] == NULL;
		s[j].to = s[j].open ? 0 : day_of(c->susp[j][1]);
		in.nsusp = j + 1;
	}
	in.susp = s;
	in.extended = c->extended_on != NULL;
	in.extended_on = in.extended ? day_of(c->extended_on) : 0;
	rc = deadline_eval(profile_of(c->profile), &in, &out, &cause);
	if (rc != 0)
		fail_msg("case %zu (%s %s): %s", i, c->kind, c->received,
			 cause);
	if (strcmp(out.rule, c->rule) != 0)
		fail_msg("case %zu: rule %s, want %s", i, out.rule, c->rule);
	if (out.suspended != (c->due == NULL))
		fail_msg("case %zu: suspended %d", i, out.suspended);
	if (out.suspended) {
		if (out.has_carry_out || out.extension != DEADLINE_EXT_NONE)
			fail_msg("case %zu: dates while suspended", i);
		return;
	}
	check_date(i, "due", true, out.due, c->due);
	check_date(i, "first_due", true, out.first_due,
		   c->first_due ? c->first_due : c->due);
	check_date(i, "carry_out_by", out.has_carry_out, out.carry_out_by,
		   c->carry_out);
	ext = deadline_extension_name(out.extension);
	if ((ext == NULL) != (c->extension == NULL) ||
	    (ext != NULL && strcmp(ext, c->extension) != 0))
		fail_msg("case %zu: extension %s, want %s", i,
			 ext ? ext : "null",
			 c->extension ? c->extension : "null");
}

/* RQ-2, RQ-3: every row of the table. */
static void
test_deadline_table(void **state)
{
	(void)state;
	ZK_RULE("RQ-2");
	ZK_RULE("RQ-3");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(cases); i++)
		run_case(&cases[i], i);
}

struct bad_case {
	int kind;
	const char *received;
	const char *susp[2][2];
	const char *extended_on;
	const char *cause; /* part of the message */
};

/* clang-format off */
static const struct bad_case bad[] = {
	/* RQ-3: a suspension that ends before it begins. */
	{RQ_ACCESS, "2026-03-02", {{"2026-03-10", "2026-03-09"}}, NULL, "before it begins"},
	/* ... that begins before the request came in. */
	{RQ_ACCESS, "2026-03-02", {{"2026-03-01", "2026-03-09"}}, NULL, "before the request"},
	{RQ_ACCESS, "2026-03-02", {{"2026-03-01", NULL}}, NULL, "before the request"},
	/* ... that overlap, closed or open. */
	{RQ_ACCESS, "2026-03-02", {{"2026-03-03", "2026-03-10"}, {"2026-03-09", "2026-03-12"}}, NULL, "overlap"},
	{RQ_ACCESS, "2026-03-02", {{"2026-03-05", NULL}, {"2026-03-09", "2026-03-12"}}, NULL, "overlap"},
	{RQ_ACCESS, "2026-03-02", {{"2026-03-09", "2026-03-12"}, {"2026-03-03", NULL}}, NULL, "overlap"},
	/* An extension told before the request came in. */
	{RQ_ACCESS, "2026-03-02", {{0}}, "2026-03-01", "before the request"},
	/* A kind outside the enum. */
	{RQ_KIND_COUNT, "2026-03-02", {{0}}, NULL, "unknown kind"},
	{-1, "2026-03-02", {{0}}, NULL, "unknown kind"},
	/* Deadlines past the year 9999. */
	{RQ_ERASURE, "9999-12-20", {{0}}, NULL, "after the year 9999"},
};
/* clang-format on */

/* RQ-2, RQ-3: impossible facts are errors, with a cause, not a guess. */
static void
test_deadline_errors(void **state)
{
	struct deadline_suspension s[2];
	struct deadline_in in;
	struct deadline_out out;

	(void)state;
	ZK_RULE("RQ-2");
	ZK_RULE("RQ-3");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(bad); i++) {
		const struct bad_case *c = &bad[i];
		char *cause = NULL;

		memset(&in, 0, sizeof in);
		memset(s, 0, sizeof s);
		in.kind = (enum rq_kind)c->kind;
		in.received = day_of(c->received);
		for (int j = 0; j < 2 && c->susp[j][0] != NULL; j++) {
			s[j].from = day_of(c->susp[j][0]);
			s[j].open = c->susp[j][1] == NULL;
			s[j].to = s[j].open ? 0 : day_of(c->susp[j][1]);
			in.nsusp = j + 1;
		}
		in.susp = s;
		in.extended = c->extended_on != NULL;
		in.extended_on = in.extended ? day_of(c->extended_on) : 0;
		if (deadline_eval(profile_w, &in, &out, &cause) != ZK_EINVAL)
			fail_msg("bad case %zu accepted", i);
		if (cause == NULL || strstr(cause, c->cause) == NULL)
			fail_msg("bad case %zu: cause \"%s\", want \"%s\"", i,
				 cause ? cause : "(none)", c->cause);
		free(cause);
	}
	/* Dates outside the years a date may have; a NULL cause is fine. */
	memset(&in, 0, sizeof in);
	in.kind = RQ_ACCESS;
	in.received = zk_date_from_ymd(1799, 12, 31);
	assert_int_equal(deadline_eval(profile_w, &in, &out, NULL), ZK_EINVAL);
	in.received = INT32_MAX;
	assert_int_equal(deadline_eval(profile_w, &in, &out, NULL), ZK_EINVAL);
	in.received = day_of("2026-03-02");
	in.nsusp = 1;
	in.susp = NULL;
	assert_int_equal(deadline_eval(profile_w, &in, &out, NULL), ZK_EINVAL);
	in.nsusp = -1;
	assert_int_equal(deadline_eval(profile_w, &in, &out, NULL), ZK_EINVAL);
}

/* RQ-2: every day of several years: the next working day is one, and no
 * working day is skipped on the way. */
static void
test_deadline_working_walk(void **state)
{
	int32_t from = day_of("2024-01-01"), to = day_of("2039-01-01");
	int holidays_2026 = 0;

	(void)state;
	ZK_RULE("RQ-2");
	for (int32_t d = from; d < to; d++) {
		int32_t n = zk_next_working_day(d);

		assert_true(n >= d && n - d <= 4);
		assert_int_equal(zk_next_working_day(n), n);
		assert_false(zk_nl_holiday(n));
		for (int32_t x = d; x < n; x++)
			assert_true(zk_next_working_day(x) == n);
	}
	/* Eight holidays a year: New Year, Easter Monday, King's Day,
	 * 5 May, Ascension Day, Whit Monday, Christmas, Boxing Day. */
	for (int32_t d = day_of("2026-01-01"); d < day_of("2027-01-01"); d++)
		holidays_2026 += zk_nl_holiday(d);
	assert_int_equal(holidays_2026, 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_deadline_kinds),
	    cmocka_unit_test(test_deadline_holidays),
	    cmocka_unit_test(test_deadline_working_days),
	    cmocka_unit_test(test_deadline_table),
	    cmocka_unit_test(test_deadline_errors),
	    cmocka_unit_test(test_deadline_working_walk),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
