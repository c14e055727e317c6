/*
 * test_representation.c: who may act for a subject (REP-1 to REP-4), for
 * both profiles: the ages around 12 and 16 including the birthday itself,
 * capacity assessed differently over time, death, and each person in the
 * order declining in turn.
 */
#include <string.h>

#include "policy/representation.h"
#include "support/support.h"

struct person_spec {
	const char *id;
	const char *kind;
	int declines, absent;
	int consent; /* authorised with the curator's or mentor's consent */
};

struct rep_case {
	const char *profile; /* "m", "w", or "l": the law alone (WGBO) */
	const char *on;
	const char *birth;
	const char *deceased; /* or NULL */
	const char *cap1_on;  /* first assessment, or NULL */
	int cap1_able;
	const char *cap2_on; /* second assessment, or NULL */
	int cap2_able;
	struct person_spec people[6];
	const char *acts;
	const char *who; /* comma separated, "" for nobody */
	const char *rule;
};

#define P(id, kind, d, a)                                                      \
	{                                                                      \
		id, kind, d, a, 0                                              \
	}
#define PC(id, kind)                                                           \
	{                                                                      \
		id, kind, 0, 0, 1                                              \
	}
#define FAMILY                                                                 \
	{                                                                      \
		P("p1", "parent_with_authority", 0, 0),                        \
		    P("g1", "guardian", 0, 0), P("x1", "parent", 0, 0)         \
	}
#define ORDER(c, a, s, k, b)                                                   \
	{                                                                      \
		P("cur", "curator", c, 0),                                     \
		    P("aiw", "authorised_in_writing", a, 0),                   \
		    P("sp", "spouse_partner", s, s == 2),                      \
		    P("ch", "child", k, 0), P("sib", "sibling", b, 0)          \
	}

/* clang-format off */
static const struct rep_case cases[] = {
	/* REP-1: ages 11, 12, 15, 16, 17 around the birthday (15 June). */
	{"m", "2022-06-14", "2010-06-15", NULL, NULL, 0, NULL, 0, FAMILY, "representative", "p1,g1", "REP-1"},
	{"m", "2022-06-15", "2010-06-15", NULL, NULL, 0, NULL, 0, FAMILY, "both", "subject,p1,g1", "REP-1"},
	{"m", "2022-06-15", "2010-06-15", NULL, "2022-01-10", 0, NULL, 0, FAMILY, "representative", "p1,g1", "REP-1"},
	{"m", "2026-06-14", "2010-06-15", NULL, NULL, 0, NULL, 0, FAMILY, "both", "subject,p1,g1", "REP-1"},
	{"m", "2026-06-15", "2010-06-15", NULL, NULL, 0, NULL, 0, FAMILY, "subject", "subject", "REP-1"},
	{"m", "2027-06-15", "2010-06-15", NULL, NULL, 0, NULL, 0, FAMILY, "subject", "subject", "REP-1"},
	/* A parent without authority does not represent a child. */
	{"m", "2020-01-01", "2012-01-01", NULL, NULL, 0, NULL, 0, {P("x1", "parent", 0, 0)}, "representative", "", "REP-1"},
	/* 29 February: 12 on the day itself in a leap year. */
	{"m", "2024-02-28", "2012-02-29", NULL, NULL, 0, NULL, 0, FAMILY, "representative", "p1,g1", "REP-1"},
	{"m", "2024-02-29", "2012-02-29", NULL, NULL, 0, NULL, 0, FAMILY, "both", "subject,p1,g1", "REP-1"},
	/* REP-4: capacity changes over time; a later assessment decides. */
	{"m", "2026-02-01", "1980-05-05", NULL, "2025-01-01", 0, "2026-03-01", 1, ORDER(0, 0, 0, 0, 0), "representative", "cur", "REP-1"},
	{"m", "2026-03-01", "1980-05-05", NULL, "2025-01-01", 0, "2026-03-01", 1, ORDER(0, 0, 0, 0, 0), "representative", "aiw", "REP-3"},
	{"m", "2026-03-01", "1980-05-05", NULL, "2025-01-01", 0, "2026-03-01", 1, {P("sp", "spouse_partner", 0, 0)}, "subject", "subject", "REP-1"},
	{"m", "2026-02-28", "1980-05-05", NULL, "2026-03-01", 0, NULL, 0, {P("sp", "spouse_partner", 0, 0)}, "subject", "subject", "REP-1"},
	{"m", "2026-11-23", "1980-05-05", NULL, "2026-03-01", 1, "2026-09-01", 0, ORDER(0, 0, 0, 0, 0), "representative", "cur", "REP-1"},
	/* 16 or older and not able: each person in the order declining. */
	{"m", "2026-11-23", "1950-01-01", NULL, "2026-01-01", 0, NULL, 0, ORDER(1, 0, 0, 0, 0), "representative", "aiw", "REP-1"},
	{"m", "2026-11-23", "1950-01-01", NULL, "2026-01-01", 0, NULL, 0, ORDER(1, 1, 0, 0, 0), "representative", "sp", "REP-1"},
	{"m", "2026-11-23", "1950-01-01", NULL, "2026-01-01", 0, NULL, 0, ORDER(1, 1, 1, 0, 0), "representative", "ch,sib", "REP-1"},
	{"m", "2026-11-23", "1950-01-01", NULL, "2026-01-01", 0, NULL, 0, ORDER(1, 1, 2, 0, 0), "representative", "ch,sib", "REP-1"},
	{"m", "2026-11-23", "1950-01-01", NULL, "2026-01-01", 0, NULL, 0, ORDER(1, 1, 1, 1, 0), "representative", "sib", "REP-1"},
	{"m", "2026-11-23", "1950-01-01", NULL, "2026-01-01", 0, NULL, 0, ORDER(1, 1, 1, 1, 1), "representative", "", "REP-1"},
	{"m", "2026-11-23", "2010-01-01", NULL, "2026-01-01", 0, NULL, 0, ORDER(0, 0, 0, 0, 0), "representative", "cur", "REP-1"},
	/* A minor of 16 or 17 who is not able: the parents with authority or
	 * the guardian (WGBO 7:465(2)), until the 18th birthday. */
	{"m", "2026-11-23", "2010-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("p1", "parent_with_authority", 0, 0), P("g1", "guardian", 0, 0), P("sp", "spouse_partner", 0, 0)}, "representative", "p1,g1", "REP-1"},
	{"m", "2028-06-14", "2010-06-15", NULL, "2026-01-01", 0, NULL, 0, {P("p1", "parent_with_authority", 0, 0), P("sp", "spouse_partner", 0, 0)}, "representative", "p1", "REP-1"},
	{"m", "2028-06-15", "2010-06-15", NULL, "2026-01-01", 0, NULL, 0, {P("p1", "parent_with_authority", 0, 0), P("sp", "spouse_partner", 0, 0)}, "representative", "sp", "REP-1"},
	{"w", "2026-11-23", "2009-12-01", NULL, "2026-01-01", 0, NULL, 0, {P("p1", "parent_with_authority", 0, 0), P("x1", "parent", 0, 0)}, "representative", "p1", "REP-1"},
	{"m", "2026-11-23", "2010-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("p1", "parent_with_authority", 1, 0), P("sp", "spouse_partner", 0, 0)}, "representative", "sp", "REP-1"},
	/* Death: the order applies, whatever capacity was assessed. */
	{"m", "2026-11-23", "1950-01-01", "2026-05-01", "2026-01-01", 1, NULL, 0, ORDER(0, 0, 0, 0, 0), "representative", "cur", "REP-1"},
	{"m", "2026-11-23", "1950-01-01", "2026-05-01", NULL, 0, NULL, 0, ORDER(1, 1, 0, 0, 0), "representative", "sp", "REP-1"},
	{"m", "2026-04-30", "1950-01-01", "2026-05-01", NULL, 0, NULL, 0, ORDER(0, 0, 0, 0, 0), "representative", "aiw", "REP-3"},
	{"m", "2026-11-23", "2015-01-01", "2025-06-01", NULL, 0, NULL, 0, FAMILY, "representative", "p1,g1", "REP-1"},
	/* REP-2: WoondroomZorg: the curator or mentor, the legal
	 * representative (W§1.11), then W§4.1's order: parent, sibling,
	 * authorised in writing with the curator's or mentor's consent. */
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("cur", "curator", 0, 0), PC("aiw", "authorised_in_writing"), P("sib", "sibling", 0, 0), P("x1", "parent", 0, 0)}, "representative", "cur", "REP-2"},
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("cur", "curator", 1, 0), PC("aiw", "authorised_in_writing"), P("sib", "sibling", 0, 0), P("x1", "parent", 0, 0)}, "representative", "x1", "REP-2"},
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("cur", "curator", 1, 0), PC("aiw", "authorised_in_writing"), P("sib", "sibling", 0, 0), P("x1", "parent", 1, 0)}, "representative", "sib", "REP-2"},
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("cur", "curator", 1, 0), PC("aiw", "authorised_in_writing"), P("sib", "sibling", 0, 1), P("x1", "parent", 1, 0)}, "representative", "aiw", "REP-2"},
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("cur", "curator", 1, 0), P("aiw", "authorised_in_writing", 1, 0), P("sib", "sibling", 1, 0), P("x1", "parent", 1, 0)}, "representative", "", "REP-2"},
	/* Without that consent, the authorisation does not count (W§4.1). */
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("aiw", "authorised_in_writing", 0, 0), P("sib", "sibling", 0, 1)}, "representative", "", "REP-2"},
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {PC("aiw", "authorised_in_writing"), P("sib", "sibling", 0, 1)}, "representative", "aiw", "REP-2"},
	{"w", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("mnt", "mentor", 0, 0), P("x1", "parent", 0, 0)}, "representative", "mnt", "REP-2"},
	/* W§10.4: after death nobody acts for a resident under W, not the
	 * former curator, not a parent, not for a child either. */
	{"w", "2026-11-23", "1990-01-01", "2026-10-01", NULL, 0, NULL, 0, {P("cur", "curator", 0, 0), P("x1", "parent", 0, 0)}, "representative", "", "REP-2"},
	{"w", "2026-11-23", "1990-01-01", "2026-10-01", "2026-01-01", 0, NULL, 0, {PC("aiw", "authorised_in_writing"), P("sib", "sibling", 0, 0)}, "representative", "", "REP-2"},
	{"w", "2026-11-23", "2015-01-01", "2025-06-01", NULL, 0, NULL, 0, FAMILY, "representative", "", "REP-2"},
	/* An able resident's own authorisation needs no one's consent
	 * (W§4.2, REP-3). */
	{"w", "2026-11-23", "1990-01-01", NULL, NULL, 0, NULL, 0, {P("aiw", "authorised_in_writing", 0, 0)}, "representative", "aiw", "REP-3"},
	/* M has no such condition. */
	{"m", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("aiw", "authorised_in_writing", 0, 0), P("sp", "spouse_partner", 0, 0)}, "representative", "aiw", "REP-1"},
	{"w", "2026-11-23", "1990-01-01", NULL, NULL, 0, NULL, 0, {P("aiw", "authorised_in_writing", 0, 0), P("x1", "parent", 0, 0)}, "representative", "aiw", "REP-3"},
	{"w", "2026-11-23", "1990-01-01", NULL, NULL, 0, NULL, 0, {P("x1", "parent", 0, 0)}, "subject", "subject", "REP-1"},
	{"w", "2026-11-23", "2013-12-01", NULL, NULL, 0, NULL, 0, FAMILY, "both", "subject,p1,g1", "REP-1"},
	/* The same facts under M: the curator comes first (WGBO 7:465). */
	{"m", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("cur", "curator", 0, 0), P("aiw", "authorised_in_writing", 0, 0), P("sib", "sibling", 0, 0), P("x1", "parent", 0, 0)}, "representative", "cur", "REP-1"},
	/* M§7.4 names child, brother or sister but no parent; it rules. */
	{"m", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("x1", "parent", 0, 0), P("ch", "child", 0, 0)}, "representative", "ch", "REP-1"},
	{"m", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("x1", "parent", 0, 0)}, "representative", "", "REP-1"},
	/* A regulation silent on representation: WGBO 7:465(3) names a
	 * parent, child, brother or sister side by side in the last rank. */
	{"l", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("x1", "parent", 0, 0), P("ch", "child", 0, 0), P("sib", "sibling", 0, 0)}, "representative", "x1,ch,sib", "REP-1"},
	{"l", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("x1", "parent", 0, 0), P("sp", "spouse_partner", 0, 0)}, "representative", "sp", "REP-1"},
	{"l", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("x1", "parent", 0, 0), P("sp", "spouse_partner", 1, 0)}, "representative", "x1", "REP-1"},
	{"l", "2026-11-23", "1990-01-01", NULL, "2026-01-01", 0, NULL, 0, {P("x1", "parent", 1, 0), P("ch", "child", 0, 0)}, "representative", "ch", "REP-1"},
	{"l", "2026-11-23", "2012-01-01", NULL, NULL, 0, NULL, 0, FAMILY, "both", "subject,p1,g1", "REP-1"},
};
/* clang-format on */

static struct profile *pm, *pw;
static struct rep_rules law;

static int
setup(void **state)
{
	(void)state;
	pm = test_profile("micare-werkt");
	pw = test_profile("woondroomzorg");
	rep_rules_wgbo(&law);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	profile_free(pm);
	profile_free(pw);
	return 0;
}

static int32_t
day(const char *s)
{
	int32_t d = 0;

	if (zk_date_parse(s, &d) != 0)
		fail_msg("bad date in table: %s", s);
	return d;
}

/* REP-1, REP-2, REP-3, REP-4: every row of the table. */
static void
test_representation_table(void **state)
{
	static const char *const acts[] = {"subject", "representative", "both"};

	(void)state;
	ZK_RULE("REP-1");
	ZK_RULE("REP-2");
	ZK_RULE("REP-3");
	ZK_RULE("REP-4");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct rep_case *c = &cases[i];
		struct rep_assessment as[2];
		struct rep_person people[6];
		struct rep_answer ans;
		struct rep_facts f;
		char who[200] = "";

		memset(&f, 0, sizeof f);
		memset(as, 0, sizeof as);
		f.on = day(c->on);
		f.birth_date = day(c->birth);
		if (c->deceased != NULL) {
			f.deceased_on = day(c->deceased);
			f.deceased = f.deceased_on <= f.on;
		}
		if (c->cap1_on != NULL) {
			as[f.nassessments].able = c->cap1_able;
			as[f.nassessments++].assessed_on = day(c->cap1_on);
		}
		if (c->cap2_on != NULL) {
			as[f.nassessments].able = c->cap2_able;
			as[f.nassessments++].assessed_on = day(c->cap2_on);
		}
		f.assessments = as;
		for (int k = 0; k < 6 && c->people[k].id != NULL; k++) {
			people[k].id = c->people[k].id;
			people[k].kind =
			    (enum rep_kind)rep_kind_parse(c->people[k].kind);
			people[k].declines = c->people[k].declines != 0;
			people[k].absent = c->people[k].absent != 0;
			people[k].legal_consent = c->people[k].consent != 0;
			f.npeople = k + 1;
		}
		f.people = people;
		rep_decide(c->profile[0] == 'm'	  ? &pm->representation
			   : c->profile[0] == 'w' ? &pw->representation
						  : &law,
			   &f, &ans);
		for (int w = 0; w < ans.nwho; w++) {
			if (w > 0)
				strncat(who, ",", sizeof who - strlen(who) - 1);
			strncat(who, ans.who[w], sizeof who - strlen(who) - 1);
		}
		if (strcmp(acts[ans.acts], c->acts) != 0 ||
		    strcmp(who, c->who) != 0 || strcmp(ans.rule, c->rule) != 0)
			fail_msg(
			    "case %zu (%s on %s, born %s): got %s [%s] %s, "
			    "want %s [%s] %s",
			    i, c->profile, c->on, c->birth, acts[ans.acts], who,
			    ans.rule, c->acts, c->who, c->rule);
	}
}

static void
test_representation_age(void **state)
{
	(void)state;
	assert_int_equal(rep_age(day("2010-06-15"), day("2022-06-14")), 11);
	assert_int_equal(rep_age(day("2010-06-15"), day("2022-06-15")), 12);
	assert_int_equal(rep_age(day("2008-02-29"), day("2023-02-28")), 14);
	assert_int_equal(rep_age(day("2008-02-29"), day("2023-03-01")), 15);
	assert_int_equal(rep_age(day("2008-02-29"), day("2024-02-29")), 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_representation_table),
	    cmocka_unit_test(test_representation_age),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
