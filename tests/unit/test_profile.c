/*
 * test_profile.c: the profile loader. Both seeds load with their
 * differences (SCOPE-1, ACC-2 per W§9.4, PUR-1); a bad profile is refused
 * naming file, line and column.
 */
#include <stdio.h>
#include <string.h>

#include "support/support.h"

/* SCOPE-1, PUR-1, ACC-1: the two seeds encode what differs. */
static void
test_profile_seeds(void **state)
{
	struct profile *m = test_profile("micare-werkt");
	struct profile *w = test_profile("woondroomzorg");
	int mp = profile_role_index(m, "professional");
	int wp = profile_role_index(w, "professional");

	(void)state;
	ZK_RULE("SCOPE-1");
	ZK_RULE("PUR-1");
	ZK_RULE("ACC-2");
	ZK_RULE("CAT-2");
	ZK_RULE("SEC-3");
	assert_int_equal(m->kinds, (1u << ZK_KIND_COUNT) - 1);
	assert_int_equal(w->kinds, 1u << ZK_KIND_CLIENT);
	assert_non_null(profile_purpose(m, "care_delivery"));
	assert_non_null(profile_purpose(w, "pgb_accountability"));
	assert_null(profile_purpose(w, "care_delivery"));
	assert_true(m->grants[mp][ZK_CAT_CARE][ZK_ACT_READ][ZK_KIND_CLIENT] &
		    ZK_COND_CO_TREATING);
	assert_false(w->grants[wp][ZK_CAT_CARE][ZK_ACT_READ][ZK_KIND_CLIENT] &
		     ZK_COND_CO_TREATING);
	assert_false(w->categories[ZK_CAT_HR].used);
	/* CAT-2: care, medical and special data are health data. */
	assert_true(vocab_category_is_health(ZK_CAT_CARE));
	assert_true(vocab_category_is_health(ZK_CAT_SPECIAL));
	assert_false(vocab_category_is_health(ZK_CAT_FINANCIAL));
	/* SEC-3: who sees health data needs two factors. */
	assert_true(profile_role_needs_two_factor(m, mp));
	assert_true(
	    profile_role_needs_two_factor(m, profile_role_index(m, "dpo")));
	assert_false(
	    profile_role_needs_two_factor(m, profile_role_index(m, "office")));
	profile_free(m);
	profile_free(w);
}

struct bad_case {
	const char *text;
	const char *expect; /* a substring of the error, with line:column */
};

/* A valid base to break in one place each time. */
#define BASE_HEAD                                                              \
	"{\n \"format\": \"zorgkluis-profile/1\",\n \"id\": \"t\",\n"          \
	" \"name\": \"T\",\n"                                                  \
	" \"regulation\": {\"title\": \"R\", \"version\": \"1\","              \
	" \"published_on\": \"2020-01-01\", \"effective_on\": "                \
	"\"2020-01-29\"},\n"
#define BASE_ROLES                                                             \
	" \"roles\": [\n"                                                      \
	"  {\"id\": \"professional\", \"base\": \"professional\", "            \
	"\"name\": {\"nl\": \"a\", \"en\": \"a\"}},\n"                         \
	"  {\"id\": \"administrator\", \"base\": \"administrator\", "          \
	"\"name\": {\"nl\": \"a\", \"en\": \"a\"}},\n"                         \
	"  {\"id\": \"dpo\", \"base\": \"dpo\", \"name\": {\"nl\": \"a\", "    \
	"\"en\": \"a\"}},\n"                                                   \
	"  {\"id\": \"board\", \"base\": \"board\", \"name\": {\"nl\": "       \
	"\"a\", "                                                              \
	"\"en\": \"a\"}},\n"                                                   \
	"  {\"id\": \"office\", \"base\": \"office\", \"name\": {\"nl\": "     \
	"\"a\", \"en\": \"a\"}},\n"                                            \
	"  {\"id\": \"hr\", \"base\": \"hr\", \"name\": {\"nl\": \"a\", "      \
	"\"en\": \"a\"}}\n ],\n"
#define BASE_REST                                                              \
	" \"purposes\": [{\"id\": \"care\", \"name\": {\"nl\": \"z\", "        \
	"\"en\": \"c\"}, \"legal_bases\": [\"contract\"]}],\n"                 \
	" \"categories\": {\"identity\": {\"applies_to\": [\"client\"], "      \
	"\"fields\": [{\"name\": \"family_name\", \"type\": \"string\"}]}},\n" \
	" \"scheme\": [],\n"                                                   \
	" \"break_glass\": {\"roles\": [], \"categories\": [], "               \
	"\"actions\": [], \"min_reason_length\": 10, \"hours\": 4}\n}\n"
#define KINDS " \"subject_kinds\": {\"value\": [\"client\"]},\n"

static void
expect_error(const char *text, const char *expect)
{
	struct profile *p = NULL;
	char *cause = NULL;
	int rc = profile_load_text(text, strlen(text), "bad.json", &p, &cause);

	if (rc == 0)
		fail_msg("accepted a bad profile (want %s)", expect);
	assert_int_equal(rc, ZK_EPROFILE);
	assert_null(p);
	if (cause == NULL || strstr(cause, expect) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", cause ? cause : "",
			 expect);
	free(cause);
}

/* The portal's roles as a profile names them (INZ-6). */
#define PORTAL_ROLES                                                           \
	" \"roles\": [\n"                                                      \
	"  {\"id\": \"professional\", \"base\": \"professional\", "            \
	"\"name\": {\"nl\": \"a\", \"en\": \"a\"}},\n"                         \
	"  {\"id\": \"administrator\", \"base\": \"administrator\", "          \
	"\"name\": {\"nl\": \"a\", \"en\": \"a\"}},\n"                         \
	"  {\"id\": \"dpo\", \"base\": \"dpo\", \"name\": {\"nl\": \"a\", "    \
	"\"en\": \"a\"}},\n"                                                   \
	"  {\"id\": \"board\", \"base\": \"board\", \"name\": {\"nl\": "       \
	"\"a\", \"en\": \"a\"}},\n"                                            \
	"  {\"id\": \"office\", \"base\": \"office\", \"name\": {\"nl\": "     \
	"\"a\", \"en\": \"a\"}},\n"                                            \
	"  {\"id\": \"hr\", \"base\": \"hr\", \"name\": {\"nl\": \"a\", "      \
	"\"en\": \"a\"}},\n"                                                   \
	"  {\"id\": \"subject\", \"base\": \"subject\", \"name\": {\"nl\": "   \
	"\"a\", \"en\": \"a\"}},\n"                                            \
	"  {\"id\": \"representative\", \"base\": \"representative\", "        \
	"\"name\": {\"nl\": \"a\", \"en\": \"a\"}}\n ],\n"
#define PORTAL_CATS                                                            \
	" \"purposes\": [{\"id\": \"care\", \"name\": {\"nl\": \"z\", "        \
	"\"en\": \"c\"}, \"legal_bases\": [\"contract\"]}],\n"                 \
	" \"categories\": {\"identity\": {\"applies_to\": [\"client\"], "      \
	"\"fields\": [{\"name\": \"family_name\", \"type\": \"string\"}]},"    \
	" \"work_note\": {\"applies_to\": [\"client\"], \"fields\": "          \
	"[{\"name\": \"text\", \"type\": \"text\"}]}},\n"
#define PORTAL_TAIL                                                            \
	" \"break_glass\": {\"roles\": [], \"categories\": [], "               \
	"\"actions\": [], \"min_reason_length\": 10, \"hours\": 4}\n}\n"
#define PORTAL(grant)                                                          \
	BASE_HEAD KINDS PORTAL_ROLES PORTAL_CATS " \"scheme\": [" grant        \
						 "],\n" PORTAL_TAIL

/*
 * INZ-6, CAT-4, REP-6: a portal role only reads, never a work note, on
 * its own condition ("self" for the subject, "represents" for a
 * representative), which no staff role can have; it never breaks the
 * glass.
 */
static void
test_profile_portal_roles(void **state)
{
	static const char ok[] =
	    PORTAL("{\"roles\": [\"subject\"], \"categories\": [\"identity\"], "
		   "\"actions\": [\"read\"], \"subject_kinds\": [\"client\"], "
		   "\"requires\": [\"self\"]}");
	struct profile *p = NULL;
	char *cause = NULL;
	int s, r;

	(void)state;
	if (profile_load_text(ok, strlen(ok), "ok.json", &p, &cause) != 0)
		fail_msg("%s", cause);
	s = profile_role_index(p, "subject");
	r = profile_role_index(p, "representative");
	assert_true(s >= 0 && r >= 0);
	assert_true(profile_role_portal(p, s) && profile_role_portal(p, r));
	assert_false(profile_role_portal(p, profile_role_index(p, "dpo")));
	/* SEC-3: both need two factors. */
	assert_true(profile_role_needs_two_factor(p, s));
	assert_true(profile_role_needs_two_factor(p, r));
	assert_int_equal(
	    p->grants[s][ZK_CAT_IDENTITY][ZK_ACT_READ][ZK_KIND_CLIENT],
	    ZK_COND_SELF);
	profile_free(p);
	/* The staff base roles stay required; the portal's are optional. */
	expect_error(PORTAL("{\"roles\": [\"subject\"], \"categories\": "
			    "[\"identity\"], \"actions\": [\"read\", "
			    "\"correct\"], \"subject_kinds\": [\"client\"], "
			    "\"requires\": [\"self\"]}"),
		     "a portal role may only read (INZ-6)");
	expect_error(PORTAL("{\"roles\": [\"subject\"], \"categories\": "
			    "[\"work_note\"], \"actions\": [\"read\"], "
			    "\"subject_kinds\": [\"client\"], "
			    "\"requires\": [\"self\"]}"),
		     "never reads work notes (CAT-4)");
	expect_error(PORTAL("{\"roles\": [\"representative\"], "
			    "\"categories\": [\"identity\"], \"actions\": "
			    "[\"read\"], \"subject_kinds\": [\"client\"], "
			    "\"requires\": [\"self\"]}"),
		     "\"represents\" (INZ-6, REP-6)");
	expect_error(PORTAL("{\"roles\": [\"subject\"], \"categories\": "
			    "[\"identity\"], \"actions\": [\"read\"], "
			    "\"subject_kinds\": [\"client\"], "
			    "\"requires\": [\"any\"]}"),
		     "\"represents\" (INZ-6, REP-6)");
	expect_error(PORTAL("{\"roles\": [\"subject\", \"professional\"], "
			    "\"categories\": [\"identity\"], \"actions\": "
			    "[\"read\"], \"subject_kinds\": [\"client\"], "
			    "\"requires\": [\"self\"]}"),
		     "names no staff role (INZ-6)");
	expect_error(PORTAL("{\"roles\": [\"professional\"], "
			    "\"categories\": [\"identity\"], \"actions\": "
			    "[\"read\"], \"subject_kinds\": [\"client\"], "
			    "\"requires\": [\"represents\"]}"),
		     "for the portal roles only (INZ-6)");
	expect_error(BASE_HEAD KINDS PORTAL_ROLES PORTAL_CATS
		     " \"scheme\": [],\n \"break_glass\": {\"roles\": "
		     "[\"subject\"], \"categories\": [\"identity\"], "
		     "\"actions\": [\"read\"], \"min_reason_length\": 10, "
		     "\"hours\": 4}\n}\n",
		     "cannot break the glass");
}

static void
test_profile_base_is_valid(void **state)
{
	const char *text = BASE_HEAD KINDS BASE_ROLES BASE_REST;
	struct profile *p = NULL;
	char *cause = NULL;

	(void)state;
	if (profile_load_text(text, strlen(text), "ok.json", &p, &cause) != 0)
		fail_msg("%s", cause);
	profile_free(p);
}

/*
 * REG-1: what a regulation does not say is marked as an assumption, and
 * the shipped profiles mark their dates so where the seed gives none.
 */
static void
test_profile_assumption(void **state)
{
	const char *text =
	    "{\n \"format\": \"zorgkluis-profile/1\",\n \"id\": \"t\",\n"
	    " \"name\": \"T\",\n"
	    " \"regulation\": {\"title\": \"R\", \"version\": \"1\","
	    " \"published_on\": \"2020-01-01\", \"effective_on\": "
	    "\"2020-01-29\", \"assumption\": \"no dates given\"},\n" KINDS
		BASE_ROLES BASE_REST;
	struct profile *p = NULL;
	char *cause = NULL, path[1024];
	json_t *m, *w;

	(void)state;
	ZK_RULE("REG-1");
	if (profile_load_text(text, strlen(text), "ok.json", &p, &cause) != 0)
		fail_msg("%s", cause);
	profile_free(p);
	snprintf(path, sizeof path, "%s/profiles/micare-werkt.json",
		 ZK_SOURCE_DIR);
	m = json_load_file(path, 0, NULL);
	snprintf(path, sizeof path, "%s/profiles/woondroomzorg.json",
		 ZK_SOURCE_DIR);
	w = json_load_file(path, 0, NULL);
	assert_non_null(m);
	assert_non_null(w);
	/* M gives no dates at all; W only the day it took effect. */
	assert_non_null(
	    json_object_get(json_object_get(m, "regulation"), "assumption"));
	assert_non_null(
	    json_object_get(json_object_get(w, "regulation"), "assumption"));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(w, "regulation"),
					      "effective_on")),
	    "2018-05-25");
	/* The four weeks are W's rule (W§19.2), not M's. */
	assert_null(strstr(json_string_value(json_object_get(
			       json_object_get(m, "regulation"), "cite")),
			   "four weeks"));
	json_decref(m);
	json_decref(w);
}

/* A bad profile is refused with file, line and column. */
static void
test_profile_errors(void **state)
{
	(void)state;
	expect_error("{\n \"format\": \"zorgkluis-profile/1\",\n \"id\": }",
		     "bad.json:3:");
	expect_error("", "bad.json:1:");
	expect_error("[1, 2]", "must be a JSON object");
	expect_error(BASE_HEAD KINDS BASE_ROLES BASE_REST "x", "bad.json:");
	/* Unknown subject kind on line 7 (after the 6 head lines). */
	expect_error(BASE_HEAD " \"subject_kinds\": {\"value\": [\"client\", "
			       "\"pet\"]},\n" BASE_ROLES BASE_REST,
		     "bad.json:6:40: unknown subject kind \"pet\"");
	/* A typo in a setting name is an error, not a silent default. */
	expect_error(
	    BASE_HEAD
	    " \"subject_kind\": {\"value\": [\"client\"]},\n" BASE_ROLES
		BASE_REST,
	    "bad.json:6:18: unknown setting \"subject_kind\"");
	expect_error(BASE_HEAD KINDS
		     " \"roles\": [{\"id\": \"professional\", \"base\": "
		     "\"nurse\", \"name\": {\"nl\": \"a\", \"en\": "
		     "\"a\"}}],\n" BASE_REST,
		     "bad.json:7:43: unknown base role \"nurse\"");
	expect_error(BASE_HEAD KINDS
		     " \"roles\": [{\"id\": \"professional\", \"base\": "
		     "\"professional\", \"name\": {\"nl\": \"a\", \"en\": "
		     "\"a\"}}],\n" BASE_REST,
		     "base role \"administrator\" must be defined");
	expect_error("{\n \"format\": \"zorgkluis-profile/1\",\n \"id\": "
		     "\"t\",\n \"name\": \"T\",\n \"regulation\": {\"title\": "
		     "\"R\", \"version\": \"1\", \"published_on\": "
		     "\"2020-02-30\", \"effective_on\": \"2020-03-01\"}}",
		     "bad.json:5:63: \"published_on\" is not a date");
	expect_error("{\"format\": \"zorgkluis-profile/2\"}",
		     "unsupported format");
	expect_error("{\"format\": \"zorgkluis-profile/1\", \"format\": \"x\"}",
		     "duplicate");
}

static int32_t
day(const char *s)
{
	int32_t d = 0;

	assert_int_equal(zk_date_parse(s, &d), 0);
	return d;
}

/* RQ-2: a month ends on the same day number, or the month's last day. */
static void
test_profile_period_add(void **state)
{
	static const struct {
		const char *from;
		struct profile_period p;
		const char *to;
	} cases[] = {
	    {"2026-01-31", {1, 'M'}, "2026-02-28"},
	    {"2024-01-31", {1, 'M'}, "2024-02-29"},
	    {"2026-03-31", {1, 'M'}, "2026-04-30"},
	    {"2026-11-23", {1, 'M'}, "2026-12-23"},
	    {"2026-12-15", {1, 'M'}, "2027-01-15"},
	    {"2026-11-30", {3, 'M'}, "2027-02-28"},
	    {"2026-11-23", {4, 'W'}, "2026-12-21"},
	    {"2026-11-23", {10, 'D'}, "2026-12-03"},
	    {"2004-02-29", {20, 'Y'}, "2024-02-29"},
	    {"2004-02-29", {15, 'Y'}, "2019-02-28"},
	};
	char out[ZK_DATE_LEN];

	(void)state;
	ZK_RULE("RQ-2");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		zk_date_fmt(profile_period_add(day(cases[i].from), &cases[i].p),
			    out);
		if (strcmp(out, cases[i].to) != 0)
			fail_msg("%s + P%d%c = %s, want %s", cases[i].from,
				 cases[i].p.n, cases[i].p.unit, out,
				 cases[i].to);
	}
}

/* The warnings counted, by rule: RET-1, REP-2, REG-1, RQ-2. */
static const char *const warned[] = {"RET-1", "REP-2", "REG-1", "RQ-2"};

static void
count_warning(void *arg, const char *rule, const char *msg)
{
	(void)msg;
	for (size_t i = 0; i < sizeof warned / sizeof warned[0]; i++)
		if (strcmp(rule, warned[i]) == 0)
			((int *)arg)[i]++;
}

/*
 * RET-1, REP-2: W falls below the law in both; M's retention follows the
 * law, but its order leaves out the parents of WGBO 7:465(3). DIS-3: W
 * forbids whole kinds of recipient. The other recipient settings, the
 * periods of other data and the complaint channels are read as written;
 * no code acts on them yet, so no rule is claimed for them here.
 */
static void
test_profile_warnings(void **state)
{
	struct profile *m = test_profile("micare-werkt");
	struct profile *w = test_profile("woondroomzorg");
	int cm[4] = {0, 0, 0, 0}, cw[4] = {0, 0, 0, 0};

	(void)state;
	ZK_RULE("RET-1");
	ZK_RULE("REP-2");
	ZK_RULE("DIS-3");
	assert_int_equal(profile_warnings(m, count_warning, cm), 1);
	assert_int_equal(cm[0], 0);
	assert_int_equal(cm[1], 1);
	assert_int_equal(profile_warnings(w, count_warning, cw), 4);
	assert_int_equal(cw[0], 3);
	assert_int_equal(cw[1], 1);
	/* Both take effect four weeks after publication (REG-1), and answer
	 * requests within GDPR art. 12(3) (RQ-2). */
	assert_int_equal(cm[2] + cm[3] + cw[2] + cw[3], 0);
	/* DIS-3: W exchanges no data with other care providers. */
	assert_false(w->recipients[PROFILE_TO_CARE_PROVIDER].allowed);
	assert_true(m->recipients[PROFILE_TO_CARE_PROVIDER].allowed);
	/* Read as written. */
	assert_true(m->recipients[PROFILE_TO_INSURER].unless_objected);
	assert_false(m->recipients[PROFILE_TO_STATISTICS].identifiable);
	assert_true(m->recipients[PROFILE_TO_SPECIALIST].without_consent);
	assert_false(m->recipients[PROFILE_TO_RESEARCHER].without_consent);
	assert_true(m->retention[ZK_CAT_APPLICATION].set);
	assert_int_equal(m->retention[ZK_CAT_APPLICATION].from,
			 PROFILE_FROM_END_OF_RELATIONSHIP);
	assert_int_equal(m->retention[ZK_CAT_CARE].period.n, 20);
	assert_int_equal(m->ncomplaints, 1);
	assert_string_equal(m->complaints[0].to, "email");
	assert_int_equal(w->ncomplaints, 2);
	assert_string_equal(w->complaints[0].to, "board");
	profile_free(m);
	profile_free(w);
}

/* The warnings of a profile text, counted by rule into c. */
static void
warnings_of(const char *head, const char *extra, int c[4])
{
	char text[4096];
	struct profile *p = NULL;
	char *cause = NULL;

	snprintf(text, sizeof text, "%s%s%s%s%s", head, KINDS, BASE_ROLES,
		 extra, BASE_REST);
	if (profile_load_text(text, strlen(text), "w.json", &p, &cause) != 0)
		fail_msg("%s", cause);
	memset(c, 0, 4 * sizeof c[0]);
	profile_warnings(p, count_warning, c);
	profile_free(p);
}

/*
 * REG-1: a regulation takes effect four weeks after publication at the
 * earliest (W§19.2); RQ-2: a request is answered within one month,
 * extendable by two (GDPR art. 12(3)). Each is warned about, and only
 * when it is so.
 */
static void
test_profile_warnings_law(void **state)
{
	static const char *const soon =
	    "{\n \"format\": \"zorgkluis-profile/1\",\n \"id\": \"t\",\n"
	    " \"name\": \"T\",\n"
	    " \"regulation\": {\"title\": \"R\", \"version\": \"1\","
	    " \"published_on\": \"2020-01-01\", \"effective_on\": "
	    "\"2020-01-28\"},\n";
	int c[4];

	(void)state;
	ZK_RULE("REG-1");
	ZK_RULE("RQ-2");
	warnings_of(BASE_HEAD, "", c);
	assert_int_equal(c[2], 0);
	assert_int_equal(c[3], 0);
	warnings_of(soon, "", c);
	assert_int_equal(c[2], 1);
	warnings_of(BASE_HEAD,
		    " \"requests\": {\"access\": {\"answer\": \"P1M\"}, "
		    "\"erasure\": {\"answer\": \"P4W\", \"extension\": "
		    "\"P2M\"}},\n",
		    c);
	assert_int_equal(c[3], 0);
	warnings_of(BASE_HEAD,
		    " \"requests\": {\"access\": {\"answer\": \"P5W\"}, "
		    "\"erasure\": {\"answer\": \"P1M\", \"extension\": "
		    "\"P3M\"}},\n",
		    c);
	assert_int_equal(c[3], 2);
}

/* BASE_REST without its break_glass and closing brace. */
#define REST_NO_BG                                                             \
	" \"purposes\": [{\"id\": \"care\", \"name\": {\"nl\": \"z\", "        \
	"\"en\": \"c\"}, \"legal_bases\": [\"contract\"]}],\n"                 \
	" \"categories\": {\"identity\": {\"applies_to\": [\"client\"], "      \
	"\"fields\": [{\"name\": \"family_name\", \"type\": \"string\"}]}},\n" \
	" \"scheme\": [],\n"
#define BG_OPEN                                                                \
	" \"break_glass\": {\"roles\": [], \"categories\": [], "               \
	"\"actions\": [], \"min_reason_length\": 10, \"hours\": 4"

/*
 * ACC-2, ACC-5, ACC-6, FG-2: who holds and gives care relations, who
 * reviews emergency access, and when an account is new, from both seeds;
 * a profile that gives them to the wrong roles is refused.
 */
static void
test_profile_care_relations(void **state)
{
	struct profile *m = test_profile("micare-werkt");
	struct profile *w = test_profile("woondroomzorg");
	struct profile *p = NULL;
	const char *text = BASE_HEAD KINDS BASE_ROLES BASE_REST;
	char *cause = NULL;
	int r;

	(void)state;
	ZK_RULE("ACC-2");
	ZK_RULE("ACC-5");
	ZK_RULE("FG-2");
	/* M§6.4, M§13.2: professionals and team leads hold; the
	 * responsible professional and the team lead give; not the
	 * office. */
	assert_int_equal(m->relations.holders,
			 (1u << profile_role_index(m, "professional")) |
			     (1u << profile_role_index(m, "team_lead")));
	assert_true(m->relations.by_responsible);
	assert_int_equal(m->relations.team_leads,
			 1u << profile_role_index(m, "team_lead"));
	assert_int_equal(m->relations.office, 0);
	assert_int_equal(m->relations.team_grants,
			 1u << profile_role_index(m, "team_lead"));
	assert_int_equal(w->relations.team_leads,
			 1u << profile_role_index(w, "coordinator"));
	assert_int_equal(w->relations.team_grants,
			 1u << profile_role_index(w, "coordinator"));
	/* The identity grant of the team lead is for the team's clients. */
	r = profile_role_index(m, "team_lead");
	assert_int_equal(
	    m->grants[r][ZK_CAT_IDENTITY][ZK_ACT_READ][ZK_KIND_CLIENT] &
		(ZK_COND_ANY | ZK_COND_TEAM),
	    ZK_COND_TEAM);
	r = profile_role_index(w, "coordinator");
	assert_int_equal(
	    w->grants[r][ZK_CAT_IDENTITY][ZK_ACT_READ][ZK_KIND_CLIENT] &
		(ZK_COND_ANY | ZK_COND_TEAM),
	    ZK_COND_TEAM);
	/* ACC-6: the DPO reviews; new accounts are flagged. */
	assert_int_equal(m->break_glass.reviewers,
			 1u << profile_role_index(m, "dpo"));
	assert_int_equal(w->break_glass.reviewers,
			 1u << profile_role_index(w, "dpo"));
	assert_true(m->break_glass.new_account_days > 0);
	profile_free(m);
	profile_free(w);

	/* Absent: only professionals hold, nobody but the command line
	 * gives, and the DPO reviews (deny by default). */
	if (profile_load_text(text, strlen(text), "ok.json", &p, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(p->relations.holders,
			 1u << profile_role_index(p, "professional"));
	assert_false(p->relations.by_responsible);
	assert_int_equal(p->relations.team_leads | p->relations.office, 0);
	assert_int_equal(p->break_glass.reviewers,
			 1u << profile_role_index(p, "dpo"));
	assert_int_equal(p->break_glass.new_account_days, 0);
	profile_free(p);

	/* ACC-3: a management role never holds a relation. */
	expect_error(BASE_HEAD KINDS BASE_ROLES REST_NO_BG BG_OPEN
		     "},\n"
		     " \"care_relations\": {\"held_by\": [\"professional\", "
		     "\"administrator\"]}\n}\n",
		     "role \"administrator\" cannot hold a care relation");
	expect_error(BASE_HEAD KINDS BASE_ROLES REST_NO_BG BG_OPEN
		     "},\n"
		     " \"care_relations\": {\"held_by\": [\"professional\"], "
		     "\"given_by_team_lead\": [\"office\"]}\n}\n",
		     "role \"office\" does not lead a treatment team");
	expect_error(BASE_HEAD KINDS BASE_ROLES REST_NO_BG BG_OPEN
		     "},\n"
		     " \"care_relations\": {\"held_by\": [\"professional\"], "
		     "\"given_by\": []}\n}\n",
		     "unknown setting \"given_by\"");
	expect_error(BASE_HEAD KINDS BASE_ROLES REST_NO_BG BG_OPEN
		     "},\n"
		     " \"care_relations\": {}\n}\n",
		     "missing \"held_by\"");
	/* FG-2: only the DPO reviews. */
	expect_error(BASE_HEAD KINDS BASE_ROLES REST_NO_BG BG_OPEN
		     ", \"reviewed_by\": [\"office\"]}\n}\n",
		     "role \"office\" cannot review emergency access");
	expect_error(BASE_HEAD KINDS BASE_ROLES REST_NO_BG BG_OPEN
		     ", \"new_account_days\": -1}\n}\n",
		     "\"new_account_days\" must be an integer from 0 to 3650");
}

/* The base profile with "account_approval": approval (NULL: none). */
static int
approval_profile(const char *approval, struct profile **p, char **cause)
{
	static const char base[] = BASE_HEAD KINDS BASE_ROLES BASE_REST;
	char text[sizeof base + 256];
	size_t n = sizeof base - 1 - 2; /* without the closing "}\n" */
	int rc;

	memcpy(text, base, n);
	snprintf(text + n, sizeof text - n, "%s%s\n}\n",
		 approval ? ",\n \"account_approval\": " : "",
		 approval ? approval : "");
	rc = profile_load_text(text, strlen(text), "bad.json", p, cause);
	return rc;
}

/*
 * ACC-3: who approves accounts that see health data; never an
 * administrator. SEC-3: administrators need two factors.
 */
static void
test_profile_account_approval(void **state)
{
	struct profile *m = test_profile("micare-werkt");
	struct profile *w = test_profile("woondroomzorg");
	struct profile *p = NULL;
	char *cause = NULL;

	(void)state;
	ZK_RULE("ACC-3");
	ZK_RULE("SEC-3");
	assert_int_equal(m->approval.team,
			 1u << profile_role_index(m, "team_lead"));
	assert_int_equal(m->approval.organisation,
			 1u << profile_role_index(m, "dpo"));
	assert_int_equal(w->approval.team,
			 1u << profile_role_index(w, "coordinator"));
	assert_int_equal(w->approval.organisation,
			 1u << profile_role_index(w, "dpo"));
	/* Administrators need two factors, but see no health data. */
	assert_true(profile_role_needs_two_factor(
	    m, profile_role_index(m, "administrator")));
	assert_false(profile_role_sees_health(
	    m, profile_role_index(m, "administrator")));
	assert_true(
	    profile_role_sees_health(m, profile_role_index(m, "professional")));
	assert_false(
	    profile_role_sees_health(m, profile_role_index(m, "office")));
	profile_free(m);
	profile_free(w);

	/* Absent: the DPO approves for the organisation, no team role. */
	if (approval_profile(NULL, &p, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(p->approval.organisation,
			 1u << profile_role_index(p, "dpo"));
	assert_int_equal(p->approval.team, 0);
	profile_free(p);
	if (approval_profile("{\"team\": [\"professional\"]}", &p, &cause) != 0)
		fail_msg("%s", cause);
	assert_int_equal(p->approval.team,
			 1u << profile_role_index(p, "professional"));
	profile_free(p);
	/* Refused: an administrator, an unknown role, none at all. */
	assert_int_equal(approval_profile("{\"organisation\": "
					  "[\"administrator\"]}",
					  &p, &cause),
			 ZK_EPROFILE);
	assert_non_null(strstr(cause, "care authority"));
	free(cause);
	cause = NULL;
	assert_int_equal(
	    approval_profile("{\"team\": [\"nurse\"]}", &p, &cause),
	    ZK_EPROFILE);
	free(cause);
	cause = NULL;
	assert_int_equal(approval_profile("{}", &p, &cause), ZK_EPROFILE);
	free(cause);
	cause = NULL;
	assert_int_equal(approval_profile("{\"teams\": [\"dpo\"]}", &p, &cause),
			 ZK_EPROFILE);
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_profile_seeds),
	    cmocka_unit_test(test_profile_base_is_valid),
	    cmocka_unit_test(test_profile_portal_roles),
	    cmocka_unit_test(test_profile_assumption),
	    cmocka_unit_test(test_profile_errors),
	    cmocka_unit_test(test_profile_period_add),
	    cmocka_unit_test(test_profile_warnings),
	    cmocka_unit_test(test_profile_warnings_law),
	    cmocka_unit_test(test_profile_care_relations),
	    cmocka_unit_test(test_profile_account_approval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
