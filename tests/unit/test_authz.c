/*
 * test_authz.c: table-driven tests of authz_decide() for both shipped
 * profiles: every rule it implements, permit and deny (ACC-1 to ACC-6,
 * CAT-1, CAT-4, SCOPE-1).
 */
#include <string.h>

#include "policy/authz.h"
#include "support/support.h"

#define BG "Cliënt onwel aangetroffen, huisarts onbereikbaar"

struct authz_case {
	const char *profile; /* "m" micare-werkt, "w" woondroomzorg */
	const char *roles;   /* comma separated */
	const char *kind;
	const char *relation; /* NULL: none */
	const char *category;
	const char *action;
	const char *author; /* "self", "other" or NULL */
	const char *bg;	    /* break-the-glass reason */
	int no_duty;	    /* ACC-4: no confidentiality basis */
	int permit;
	const char *rule;
	const char *reason;
	int break_glass;
};

/* clang-format off */
static const struct authz_case cases[] = {
	/* ACC-2: the care relation, M§6.4 includes co-treating. */
	{"m", "professional", "client", "responsible", "care", "read", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "professional", "client", "co_treating", "care", "read", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "professional", "client", "substitute", "medical", "read", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "professional", "client", "co_treating", "special", "create", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "professional", "client", NULL, "identity", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "professional", "client", NULL, "care", "read", "self", NULL, 0, 1, "ACC-2", "entry_author", 0},
	{"m", "professional", "client", "co_treating", "care", "disclose", NULL, NULL, 0, 0, "ACC-2", "relation_does_not_cover", 0},
	{"m", "professional", "client", "responsible", "care", "disclose", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "professional", "client", "substitute", "medical", "export", NULL, NULL, 0, 0, "ACC-2", "relation_does_not_cover", 0},
	{"m", "professional", "client", "responsible", "medical", "destroy", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "professional", "client", "co_treating", "bsn", "read", NULL, NULL, 0, 0, "ACC-2", "relation_does_not_cover", 0},
	/* W§9.4: only the collector or their substitute, no co-treating. */
	{"w", "professional", "client", "co_treating", "care", "read", NULL, NULL, 0, 0, "ACC-2", "relation_does_not_cover", 0},
	{"w", "professional", "client", "responsible", "care", "read", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"w", "professional", "client", "substitute", "medical", "correct", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"w", "professional", "client", NULL, "medical", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"w", "professional", "client", "responsible", "care", "export", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"w", "coordinator", "client", "responsible", "care", "export", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	/* ACC-1: grants that need no relation; and no grant at all. */
	{"m", "office", "client", NULL, "identity", "read", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	{"m", "office", "client", NULL, "financial", "create", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	{"m", "office", "client", NULL, "care", "read", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"m", "office", "client", "responsible", "medical", "read", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"m", "hr", "employee", NULL, "hr", "read", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	{"m", "hr", "applicant", NULL, "application", "destroy", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	{"m", "hr", "client", NULL, "identity", "read", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"m", "dpo", "client", NULL, "identity", "read", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	{"m", "dpo", "client", NULL, "care", "read", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	/* ACC-5 (M§13.2, W§10.3): the team lead and the coordinator read
	 * the identity of their own team's clients, no others. */
	{"m", "team_lead", "client", NULL, "identity", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "team_lead", "client", "team", "identity", "read", NULL, NULL, 0, 1, "ACC-5", "team_client", 0},
	{"m", "team_lead", "client", "team", "care", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "team_lead", "client", "team", "identity", "correct", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "professional", "client", "team", "identity", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"w", "coordinator", "client", NULL, "identity", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"w", "coordinator", "client", "team", "identity", "read", NULL, NULL, 0, 1, "ACC-5", "team_client", 0},
	{"w", "coordinator", "client", "team", "medical", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"w", "professional", "client", "team", "identity", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "team_lead", "client", "responsible", "identity", "read", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "team_lead", "client", NULL, "care", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"w", "board", "client", NULL, "financial", "read", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	{"w", "office", "client", NULL, "bsn", "correct", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	{"w", "hr", "client", NULL, "identity", "read", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	/* ACC-3: the administrator and the board see no content. */
	{"m", "administrator", "client", NULL, "care", "read", NULL, NULL, 0, 0, "ACC-3", "management_role_no_access", 0},
	{"m", "administrator", "client", "responsible", "identity", "read", NULL, NULL, 0, 0, "ACC-3", "management_role_no_access", 0},
	{"m", "board", "client", NULL, "identity", "read", NULL, NULL, 0, 0, "ACC-3", "management_role_no_access", 0},
	{"m", "board", "client", NULL, "care", "read", NULL, BG, 0, 0, "ACC-3", "management_role_no_access", 0},
	{"w", "board", "client", NULL, "care", "read", NULL, NULL, 0, 0, "ACC-3", "management_role_no_access", 0},
	{"w", "administrator", "client", NULL, "financial", "read", NULL, NULL, 0, 0, "ACC-3", "management_role_no_access", 0},
	/* Several roles: the most permissive grant decides. */
	{"m", "administrator,professional", "client", "responsible", "care", "read", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "office,professional", "client", NULL, "identity", "read", NULL, NULL, 0, 1, "ACC-1", "scheme", 0},
	/* ACC-4: no duty of confidentiality, no access at all. */
	{"m", "professional", "client", "responsible", "care", "read", NULL, NULL, 1, 0, "ACC-4", "no_confidentiality_duty", 0},
	{"m", "office", "client", NULL, "identity", "read", NULL, NULL, 1, 0, "ACC-4", "no_confidentiality_duty", 0},
	/* ACC-6: break the glass, with a written reason, reviewed. */
	{"m", "professional", "client", NULL, "care", "read", NULL, BG, 0, 1, "ACC-6", "break_glass", 1},
	{"m", "team_lead", "client", NULL, "medical", "create", NULL, BG, 0, 1, "ACC-6", "break_glass", 1},
	{"m", "professional", "client", NULL, "care", "read", NULL, "nood", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, "            \t  ", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	/* ACC-6: the minimum counts characters, not bytes, and no blank or
	 * invisible ones: five letters é, no-break spaces, zero-width spaces. */
	{"m", "professional", "client", NULL, "care", "read", NULL, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, "\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0\xc2\xa0", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, "\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b\xe2\x80\x8b", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, "\xc2\xa0 reanimatie\xc2\xa0 ", 0, 1, "ACC-6", "break_glass", 1},
	/* Soft hyphens and Hangul fillers show nothing either (Unicode
	 * Default_Ignorable_Code_Point): "a" and ten of them is one. */
	{"m", "professional", "client", NULL, "care", "read", NULL, "a\xc2\xad\xc2\xad\xc2\xad\xc2\xad\xc2\xad\xc2\xad\xc2\xad\xc2\xad\xc2\xad\xc2\xad", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, "\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4\xe3\x85\xa4", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, "\xc2\xa0 reanimati\xc2\xa0 ", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "read", NULL, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0, 1, "ACC-6", "break_glass", 1},
	/* Invisible characters between letters do not count either. */
	{"m", "professional", "client", NULL, "care", "read", NULL, "a\xc2\xad" "a\xc2\xad" "a\xc2\xad" "a\xc2\xad" "a\xc2\xad" "a\xc2\xad" "a\xc2\xad" "a\xc2\xad" "a", 0, 0, "ACC-6", "break_glass_reason_missing", 0},
	{"m", "professional", "client", NULL, "care", "correct", NULL, BG, 0, 0, "ACC-6", "break_glass_not_allowed", 0},
	{"m", "professional", "client", NULL, "care", "destroy", NULL, BG, 0, 0, "ACC-6", "break_glass_not_allowed", 0},
	{"m", "professional", "client", NULL, "bsn", "read", NULL, BG, 0, 0, "ACC-6", "break_glass_not_allowed", 0},
	{"m", "professional", "client", "responsible", "care", "read", NULL, BG, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "office", "client", NULL, "care", "read", NULL, BG, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"w", "coordinator", "client", NULL, "special", "read", NULL, BG, 0, 1, "ACC-6", "break_glass", 1},
	{"w", "professional", "client", NULL, "care", "create", NULL, BG, 0, 0, "ACC-6", "break_glass_not_allowed", 0},
	{"w", "professional", "client", "co_treating", "care", "read", NULL, BG, 0, 1, "ACC-6", "break_glass", 1},
	/* CAT-4: personal work notes are their author's alone. */
	{"m", "professional", "client", "responsible", "work_note", "create", NULL, NULL, 0, 1, "ACC-2", "care_relation", 0},
	{"m", "professional", "client", NULL, "work_note", "create", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "professional", "client", NULL, "work_note", "read", "self", NULL, 0, 1, "CAT-4", "work_note_author", 0},
	{"m", "professional", "client", "responsible", "work_note", "read", "other", NULL, 0, 0, "CAT-4", "work_note_author_only", 0},
	{"m", "professional", "client", "responsible", "work_note", "read", "other", BG, 0, 0, "CAT-4", "work_note_author_only", 0},
	{"m", "professional", "client", "responsible", "work_note", "read", NULL, NULL, 0, 0, "CAT-4", "work_note_author_only", 0},
	{"m", "professional", "client", "responsible", "work_note", "export", "self", NULL, 0, 0, "CAT-4", "work_note_not_shared", 0},
	{"m", "professional", "client", "responsible", "work_note", "disclose", "self", NULL, 0, 0, "CAT-4", "work_note_not_shared", 0},
	{"m", "dpo", "client", NULL, "work_note", "read", "other", NULL, 0, 0, "CAT-4", "work_note_author_only", 0},
	{"w", "coordinator", "client", "responsible", "work_note", "correct", "self", NULL, 0, 1, "CAT-4", "work_note_author", 0},
	{"w", "coordinator", "client", "responsible", "work_note", "correct", "other", NULL, 0, 0, "CAT-4", "work_note_author_only", 0},
	/* SCOPE-1 and CAT-1: kinds and categories in scope. */
	{"w", "professional", "employee", "responsible", "identity", "read", NULL, NULL, 0, 0, "SCOPE-1", "subject_kind_out_of_scope", 0},
	{"w", "office", "applicant", NULL, "identity", "read", NULL, NULL, 0, 0, "SCOPE-1", "subject_kind_out_of_scope", 0},
	{"m", "professional", "employee", "responsible", "care", "read", NULL, NULL, 0, 0, "CAT-1", "category_not_for_subject_kind", 0},
	{"m", "hr", "client", NULL, "hr", "read", NULL, NULL, 0, 0, "CAT-1", "category_not_for_subject_kind", 0},
	{"w", "office", "client", NULL, "hr", "read", NULL, NULL, 0, 0, "CAT-1", "category_not_for_subject_kind", 0},
	/* INZ-6, REP-6: the portal's roles read their own record, through
	 * "self" or "represents", and nothing else: no work notes (CAT-4),
	 * no BSN, no writes, no export, no break the glass, and never by a
	 * care relation. */
	{"m", "subject", "client", "self", "care", "read", NULL, NULL, 0, 1, "INZ-6", "portal_self", 0},
	{"m", "subject", "client", "self", "identity", "read", NULL, NULL, 0, 1, "INZ-6", "portal_self", 0},
	{"w", "subject", "client", "self", "financial", "read", NULL, NULL, 0, 1, "INZ-6", "portal_self", 0},
	{"m", "subject", "client", NULL, "care", "read", NULL, NULL, 0, 0, "INZ-6", "not_own_record", 0},
	{"m", "subject", "client", "represents", "care", "read", NULL, NULL, 0, 0, "INZ-6", "not_own_record", 0},
	{"m", "subject", "client", "responsible", "care", "read", NULL, NULL, 0, 0, "INZ-6", "not_own_record", 0},
	{"m", "subject", "client", "self", "work_note", "read", NULL, NULL, 0, 0, "CAT-4", "work_note_author_only", 0},
	{"m", "subject", "client", "self", "bsn", "correct", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"m", "subject", "client", "self", "care", "create", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"m", "subject", "client", "self", "identity", "correct", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"w", "subject", "client", "self", "care", "export", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	{"m", "subject", "client", NULL, "care", "read", NULL, BG, 0, 0, "INZ-6", "not_own_record", 0},
	{"m", "representative", "client", "represents", "medical", "read", NULL, NULL, 0, 1, "REP-6", "portal_representative", 0},
	{"w", "representative", "client", "represents", "special", "read", NULL, NULL, 0, 1, "REP-6", "portal_representative", 0},
	{"m", "representative", "client", "self", "medical", "read", NULL, NULL, 0, 0, "INZ-6", "not_own_record", 0},
	{"w", "representative", "client", NULL, "care", "read", NULL, NULL, 0, 0, "INZ-6", "not_own_record", 0},
	{"w", "representative", "client", "represents", "work_note", "read", "other", NULL, 0, 0, "CAT-4", "work_note_author_only", 0},
	{"m", "representative", "client", "represents", "care", "disclose", NULL, NULL, 0, 0, "ACC-1", "not_in_scheme", 0},
	/* A care relation's holder gets nothing through the portal's
	 * conditions. */
	{"m", "professional", "client", "self", "care", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	{"m", "professional", "client", "represents", "care", "read", NULL, NULL, 0, 0, "ACC-2", "no_care_relation", 0},
	/* Deny by default: no known role. */
	{"m", "nurse", "client", "responsible", "care", "read", NULL, NULL, 0, 0, "ACC-1", "unknown_role", 0},
	{"m", "", "client", "responsible", "care", "read", NULL, NULL, 0, 0, "ACC-1", "unknown_role", 0},
};
/* clang-format on */

static struct profile *profile_m, *profile_w;

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
run_case(const struct authz_case *c, size_t i)
{
	const struct profile *p = c->profile[0] == 'm' ? profile_m : profile_w;
	struct authz_request rq;
	struct authz_decision d;
	char roles[128], *tok, *save = NULL;

	memset(&rq, 0, sizeof rq);
	snprintf(roles, sizeof roles, "%s", c->roles);
	for (tok = strtok_r(roles, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		int r = profile_role_index(p, tok);
		if (r >= 0)
			rq.roles |= 1u << r;
	}
	rq.user_id = "u1";
	rq.confidentiality = !c->no_duty;
	rq.kind = (enum zk_kind)vocab_kind(c->kind);
	rq.category = (enum zk_category)vocab_category(c->category);
	rq.action = (enum zk_action)vocab_action(c->action);
	if (c->relation != NULL && strcmp(c->relation, "team") == 0)
		rq.relations = ZK_COND_TEAM; /* a client of the user's team */
	else if (c->relation != NULL && strcmp(c->relation, "self") == 0)
		rq.relations = ZK_COND_SELF;
	else if (c->relation != NULL && strcmp(c->relation, "represents") == 0)
		rq.relations = ZK_COND_REPRESENTS;
	else if (c->relation != NULL)
		rq.relations = ZK_COND_OF_RELATION(vocab_relation(c->relation));
	rq.entry_author = c->author == NULL		   ? NULL
			  : strcmp(c->author, "self") == 0 ? "u1"
							   : "u2";
	rq.break_glass_reason = c->bg;
	authz_decide(p, &rq, &d);
	if (d.permit != c->permit || strcmp(d.rule, c->rule) != 0 ||
	    strcmp(d.reason, c->reason) != 0 ||
	    d.break_glass != c->break_glass || d.review != c->break_glass)
		fail_msg("case %zu (%s %s %s %s %s): got %s %s %s bg=%d, want "
			 "%s %s %s bg=%d",
			 i, c->profile, c->roles,
			 c->relation ? c->relation : "-", c->category,
			 c->action, d.permit ? "permit" : "deny", d.rule,
			 d.reason, d.break_glass, c->permit ? "permit" : "deny",
			 c->rule, c->reason, c->break_glass);
}

/* ACC-1..ACC-6, CAT-1, CAT-4, SCOPE-1: every row of the table. */
static void
test_authz_table(void **state)
{
	(void)state;
	ZK_RULE("ACC-1");
	ZK_RULE("ACC-2");
	ZK_RULE("ACC-3");
	ZK_RULE("ACC-4");
	ZK_RULE("ACC-6");
	ZK_RULE("CAT-1");
	ZK_RULE("CAT-4");
	ZK_RULE("SCOPE-1");
	ZK_RULE("ACC-5");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i], i);
}

/* ACC-1: deny by default for every action nobody was granted. */
static void
test_authz_deny_by_default(void **state)
{
	struct authz_request rq;
	struct authz_decision d;
	int r = profile_role_index(profile_w, "hr");

	(void)state;
	ZK_RULE("ACC-1");
	for (int c = 0; c < ZK_CAT_COUNT; c++) {
		for (int a = 0; a < ZK_ACT_COUNT; a++) {
			memset(&rq, 0, sizeof rq);
			rq.user_id = "u1";
			rq.roles = 1u << r;
			rq.confidentiality = true;
			rq.kind = ZK_KIND_CLIENT;
			rq.category = (enum zk_category)c;
			rq.action = (enum zk_action)a;
			rq.relations = ZK_COND_RESPONSIBLE;
			authz_decide(profile_w, &rq, &d);
			assert_false(d.permit);
		}
	}
}

/* ACC-6: a permit by breaking the glass is always flagged for review. */
static void
test_authz_break_glass_review(void **state)
{
	struct authz_request rq;
	struct authz_decision d;

	(void)state;
	ZK_RULE("ACC-6");
	memset(&rq, 0, sizeof rq);
	rq.user_id = "u1";
	rq.roles = 1u << profile_role_index(profile_m, "professional");
	rq.confidentiality = true;
	rq.kind = ZK_KIND_CLIENT;
	rq.category = ZK_CAT_CARE;
	rq.action = ZK_ACT_READ;
	rq.break_glass_reason = BG;
	authz_decide(profile_m, &rq, &d);
	assert_true(d.permit);
	assert_true(d.break_glass);
	assert_true(d.review);
	assert_string_equal(d.rule, "ACC-6");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_authz_table),
	    cmocka_unit_test(test_authz_deny_by_default),
	    cmocka_unit_test(test_authz_break_glass_review),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
