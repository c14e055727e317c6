/*
 * test_disclosure.c: table-driven tests of the disclosure decision
 * (DIS-1 to DIS-5, OBJ-1, SEC-2) under both shipped profiles: the kinds W
 * forbids, consent, the exceptions without consent and the objection's
 * scope (an insurer's risk assessment against the execution of the
 * contract), non-identifiable statistics, public bodies, legal
 * obligations, deceased subjects, and the adequacy list. Also the
 * profile's recipient settings: the eight kinds, the old names read as
 * aliases, and settings that contradict each other.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "policy/disclosure.h"
#include "support/support.h"

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

/*
 * One disclosure. facts holds a letter per fact that is true: c consent,
 * o objection, l legal obligation, i identifiable, d subject deceased,
 * x certified recipient.
 */
struct dis_case {
	char profile; /* 'M' or 'W' */
	enum profile_recipient kind;
	const char *country;
	enum disclosure_purpose purpose;
	const char *facts;
	bool permit;
	const char *ground;
	const char *rule;
};

#define SP PROFILE_TO_SPECIALIST
#define CP PROFILE_TO_CARE_PROVIDER
#define INS PROFILE_TO_INSURER
#define DI PROFILE_TO_DIRECTLY_INVOLVED
#define ST PROFILE_TO_STATISTICS
#define RS PROFILE_TO_RESEARCHER
#define PB PROFILE_TO_PUBLIC_BODY
#define OT PROFILE_TO_OTHER
#define NONE DISCLOSURE_FOR_UNSPECIFIED
#define TREAT DISCLOSURE_FOR_TREATMENT
#define RISK DISCLOSURE_FOR_RISK_ASSESSMENT
#define CONTRACT DISCLOSURE_FOR_CONTRACT_EXECUTION
#define RESEARCH DISCLOSURE_FOR_RESEARCH

static const struct dis_case cases[] = {
    /* DIS-2: M§6.2(i) specialists and M§13.4(i) care providers and those
     * directly involved, without consent. */
    {'M', SP, "NL", TREAT, "i", true, "treatment", "DIS-2"},
    {'M', SP, "NL", NONE, "io", true, "treatment", "DIS-2"},
    {'M', CP, "NL", TREAT, "i", true, "treatment", "DIS-2"},
    {'M', DI, "NL", NONE, "i", true, "directly_involved", "DIS-2"},
    /* OBJ-1: M§13.4(i) holds "unless the subject objected". */
    {'M', CP, "NL", TREAT, "io", false, "objection", "OBJ-1"},
    {'M', DI, "NL", NONE, "io", false, "objection", "OBJ-1"},
    /* A consent given after all is the subject's own, specific word. */
    {'M', DI, "NL", NONE, "ioc", true, "consent", "DIS-1"},
    /* DIS-3: W exchanges no data with other care providers (W annex
     * 1), even with consent; M allows them. */
    {'W', CP, "NL", TREAT, "i", false, "kind_forbidden", "DIS-3"},
    {'W', CP, "NL", TREAT, "ic", false, "kind_forbidden", "DIS-3"},
    {'W', SP, "NL", TREAT, "ic", false, "kind_forbidden", "DIS-3"},
    {'W', DI, "NL", NONE, "ic", false, "kind_forbidden", "DIS-3"},
    {'W', CP, "NL", NONE, "c", false, "kind_forbidden", "DIS-3"},
    {'M', CP, "NL", TREAT, "ic", true, "consent", "DIS-1"},
    /* ... but a statute reaches past the profile (docs/decisions.md). */
    {'W', CP, "NL", NONE, "il", true, "legal_obligation", "DIS-1"},
    /* Insurers, M§6.2(ii) and W§9.2(b): risk assessment unless the
     * subject objected; the contract's execution whatever the
     * objection. */
    {'M', INS, "NL", NONE, "i", true, "insurer", "DIS-2"},
    {'M', INS, "NL", RISK, "i", true, "risk_assessment", "DIS-2"},
    {'M', INS, "NL", RISK, "io", false, "objection", "OBJ-1"},
    {'M', INS, "NL", CONTRACT, "io", true, "contract_execution", "DIS-2"},
    {'M', INS, "NL", CONTRACT, "i", true, "contract_execution", "DIS-2"},
    {'W', INS, "NL", NONE, "i", true, "insurer", "DIS-2"},
    {'W', INS, "NL", RISK, "io", false, "objection", "OBJ-1"},
    {'W', INS, "NL", CONTRACT, "io", true, "contract_execution", "DIS-2"},
    /* Without a purpose the disclosure is inside the objection's scope:
     * only one shown to be outside escapes it. */
    {'M', INS, "NL", NONE, "io", false, "objection", "OBJ-1"},
    {'W', INS, "NL", NONE, "io", false, "objection", "OBJ-1"},
    /* Consent opens the risk assessment again. */
    {'W', INS, "NL", RISK, "ioc", true, "consent", "DIS-1"},
    /* Statistics and policy bodies: non-identifiable only (M§13.4(ii),
     * W§9.5), even with consent; a statute can require more. */
    {'M', ST, "NL", NONE, "", true, "statistics", "DIS-2"},
    {'M', ST, "NL", NONE, "i", false, "identifiable", "DIS-2"},
    {'M', ST, "NL", NONE, "ic", false, "identifiable", "DIS-2"},
    {'M', ST, "NL", NONE, "il", true, "legal_obligation", "DIS-1"},
    {'W', ST, "NL", NONE, "", true, "statistics", "DIS-2"},
    {'W', ST, "NL", NONE, "ic", false, "identifiable", "DIS-2"},
    /* Researchers and others: consent or the law (DIS-1). */
    {'M', RS, "NL", RESEARCH, "i", false, "no_consent", "DIS-1"},
    {'M', RS, "NL", RESEARCH, "ic", true, "consent", "DIS-1"},
    {'W', RS, "NL", RESEARCH, "ic", true, "consent", "DIS-1"},
    {'M', OT, "NL", NONE, "i", false, "no_consent", "DIS-1"},
    {'M', OT, "NL", NONE, "", false, "no_consent", "DIS-1"},
    {'W', OT, "NL", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "NL", NONE, "il", true, "legal_obligation", "DIS-1"},
    /* public_body: on a legal obligation only, consent or not. */
    {'M', PB, "NL", NONE, "il", true, "legal_obligation", "DIS-1"},
    {'M', PB, "NL", NONE, "ic", false, "only_by_law", "DIS-1"},
    {'W', PB, "NL", NONE, "i", false, "only_by_law", "DIS-1"},
    {'W', PB, "NL", NONE, "il", true, "legal_obligation", "DIS-1"},
    /* DIS-5: confidentiality survives death. The same rules: the deny
     * by default names DIS-5; a consent given in life, a statute and the
     * exceptions still count; the forbidden kind stays forbidden. */
    {'M', OT, "NL", NONE, "id", false, "no_consent", "DIS-5"},
    {'W', RS, "NL", RESEARCH, "id", false, "no_consent", "DIS-5"},
    {'M', OT, "NL", NONE, "idc", true, "consent", "DIS-1"},
    {'M', OT, "NL", NONE, "idl", true, "legal_obligation", "DIS-1"},
    {'M', INS, "NL", CONTRACT, "id", true, "contract_execution", "DIS-2"},
    {'M', INS, "NL", RISK, "ido", false, "objection", "OBJ-1"},
    {'W', CP, "NL", NONE, "idc", false, "kind_forbidden", "DIS-3"},
    {'M', ST, "NL", NONE, "id", false, "identifiable", "DIS-2"},
    /* SEC-2: the EEA, a country with an adequacy decision, the United
     * States for a certified recipient only, and none elsewhere, which
     * neither consent nor a statute opens. SEC-2 comes first: even a
     * forbidden kind is named for the country. */
    {'M', OT, "DE", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "NO", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "IS", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "LI", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "RE", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "CH", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "GB", NONE, "ic", true, "consent", "DIS-1"},
    {'M', OT, "JP", NONE, "ic", true, "consent", "DIS-1"},
    {'W', INS, "KR", NONE, "i", true, "insurer", "DIS-2"},
    {'M', OT, "US", NONE, "icx", true, "consent", "DIS-1"},
    {'M', OT, "US", NONE, "ic", false, "not_certified", "SEC-2"},
    {'M', OT, "US", NONE, "il", false, "not_certified", "SEC-2"},
    {'M', OT, "CN", NONE, "ic", false, "outside_eea", "SEC-2"},
    {'M', OT, "IN", NONE, "icx", false, "outside_eea", "SEC-2"},
    {'M', PB, "CN", NONE, "il", false, "outside_eea", "SEC-2"},
    {'W', CP, "IN", NONE, "ic", false, "outside_eea", "SEC-2"},
    {'M', OT, "XX", NONE, "ic", false, "unknown_country", "SEC-2"},
    {'M', OT, "", NONE, "ic", false, "unknown_country", "SEC-2"},
};

static void
run_case(const struct dis_case *c, size_t i)
{
	struct disclosure_facts f;
	struct disclosure_answer a = {0};
	const struct profile *p = c->profile == 'M' ? profile_m : profile_w;

	memset(&f, 0, sizeof f);
	f.recipient_kind = c->kind;
	zk_strlcpy(f.country, c->country, sizeof f.country);
	f.category = ZK_CAT_MEDICAL;
	f.purpose = c->purpose;
	f.consent = strchr(c->facts, 'c') != NULL;
	f.objection = strchr(c->facts, 'o') != NULL;
	f.legal_obligation = strchr(c->facts, 'l') != NULL;
	f.identifiable = strchr(c->facts, 'i') != NULL;
	f.subject_deceased = strchr(c->facts, 'd') != NULL;
	f.certified = strchr(c->facts, 'x') != NULL;
	disclosure_decide(p, &f, &a);
	if (a.permit != c->permit || a.ground == NULL || a.rule == NULL ||
	    strcmp(a.ground, c->ground) != 0 || strcmp(a.rule, c->rule) != 0)
		fail_msg("case %zu (%c %s %s %s \"%s\"): got %s %s %s, want "
			 "%s %s %s",
			 i, c->profile, profile_recipient_name(c->kind),
			 c->country, disclosure_purpose_name(c->purpose),
			 c->facts, a.permit ? "permit" : "deny",
			 a.ground ? a.ground : "(null)",
			 a.rule ? a.rule : "(null)",
			 c->permit ? "permit" : "deny", c->ground, c->rule);
}

static void
test_disclosure_table(void **state)
{
	(void)state;
	ZK_RULE("DIS-1");
	ZK_RULE("DIS-2");
	ZK_RULE("DIS-3");
	ZK_RULE("DIS-5");
	ZK_RULE("OBJ-1");
	ZK_RULE("SEC-2");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(cases); i++)
		run_case(&cases[i], i);
}

/* Every kind, under both profiles: nothing leaves without a ground. */
static void
test_disclosure_default_deny(void **state)
{
	(void)state;
	ZK_RULE("DIS-1");
	for (int k = 0; k < PROFILE_TO_COUNT; k++) {
		const struct profile *ps[] = {profile_m, profile_w};

		for (int j = 0; j < 2; j++) {
			struct disclosure_facts f;
			struct disclosure_answer a = {0};

			memset(&f, 0, sizeof f);
			f.recipient_kind = (enum profile_recipient)k;
			memcpy(f.country, "NL", 3);
			f.identifiable = true;
			f.objection = true;
			disclosure_decide(ps[j], &f, &a);
			/* Only M's specialists rest on an exception no
			 * objection reaches (M§6.2(i)). */
			if (j == 0 && k == PROFILE_TO_SPECIALIST)
				assert_true(a.permit);
			else
				assert_false(a.permit);
		}
	}
	/* A kind out of range is refused, not read past the table. */
	{
		struct disclosure_facts f;
		struct disclosure_answer a = {0};

		memset(&f, 0, sizeof f);
		f.recipient_kind = PROFILE_TO_COUNT;
		memcpy(f.country, "NL", 3);
		f.consent = true;
		disclosure_decide(profile_m, &f, &a);
		assert_false(a.permit);
	}
}

/* SEC-2: the list itself. */
static void
test_disclosure_adequacy(void **state)
{
	static const char *const eea[] = {
	    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
	    "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT",
	    "NL", "PL", "PT", "RO", "SE", "SI", "SK", "IS", "LI", "NO"};
	static const char *const decided[] = {"AD", "AR", "CA", "FO", "GG",
					      "IL", "IM", "JP", "JE", "NZ",
					      "KR", "CH", "GB", "UY"};
	static const char *const none[] = {"CN", "IN", "RU", "BR", "AU",
					   "TR", "ZA", "SG", "AE", "MX"};
	static const char *const invalid[] = {"",   "N",  "NLD", "XX", "ZZ",
					      "N1", "1N", "EU",	 "UK"};
	bool cert = true;

	(void)state;
	ZK_RULE("SEC-2");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(eea); i++) {
		if (disclosure_adequacy(eea[i], &cert) != ADEQUACY_EEA)
			fail_msg("%s is in the EEA", eea[i]);
		assert_false(cert);
	}
	for (size_t i = 0; i < ZK_ARRAY_SIZE(decided); i++) {
		if (disclosure_adequacy(decided[i], &cert) != ADEQUACY_DECISION)
			fail_msg("%s has an adequacy decision", decided[i]);
		assert_false(cert);
	}
	assert_int_equal(disclosure_adequacy("US", &cert), ADEQUACY_DECISION);
	assert_true(cert);
	for (size_t i = 0; i < ZK_ARRAY_SIZE(none); i++) {
		if (disclosure_adequacy(none[i], &cert) != ADEQUACY_NONE)
			fail_msg("%s has no adequacy decision", none[i]);
		assert_false(cert);
	}
	for (size_t i = 0; i < ZK_ARRAY_SIZE(invalid); i++)
		if (disclosure_adequacy(invalid[i], NULL) != ADEQUACY_INVALID)
			fail_msg("\"%s\" is not a country code", invalid[i]);
	assert_int_equal(disclosure_adequacy(NULL, NULL), ADEQUACY_INVALID);
	/* Lower case is the same code. */
	assert_int_equal(disclosure_adequacy("nl", NULL), ADEQUACY_EEA);
	assert_int_equal(disclosure_adequacy("us", &cert), ADEQUACY_DECISION);
	assert_true(cert);
	/* The list says where it comes from and when it was checked. */
	assert_non_null(
	    strstr(disclosure_adequacy_source, "commission.europa.eu"));
	{
		int32_t d;

		assert_int_equal(
		    zk_date_parse(disclosure_adequacy_checked_on, &d), 0);
	}
}

static void
test_disclosure_names(void **state)
{
	static const char *const kinds[PROFILE_TO_COUNT] = {
	    "specialist", "care_provider", "insurer",	  "directly_involved",
	    "statistics", "researcher",	   "public_body", "other"};

	(void)state;
	for (int k = 0; k < PROFILE_TO_COUNT; k++) {
		assert_string_equal(
		    profile_recipient_name((enum profile_recipient)k),
		    kinds[k]);
		assert_int_equal(profile_recipient_parse(kinds[k]), k);
	}
	/* The names of before issue 14 are aliases. */
	assert_int_equal(profile_recipient_parse("treating_provider"),
			 PROFILE_TO_CARE_PROVIDER);
	assert_int_equal(profile_recipient_parse("referring_specialist"),
			 PROFILE_TO_SPECIALIST);
	assert_int_equal(profile_recipient_parse("research"),
			 PROFILE_TO_RESEARCHER);
	assert_int_equal(profile_recipient_parse("neighbour"), -1);
	assert_int_equal(profile_recipient_parse("Insurer"), -1);
	assert_int_equal(profile_recipient_parse(""), -1);
	assert_int_equal(profile_recipient_parse(NULL), -1);
	assert_string_equal(profile_recipient_name(PROFILE_TO_COUNT), "?");
	assert_int_equal(disclosure_purpose_parse("risk_assessment"),
			 DISCLOSURE_FOR_RISK_ASSESSMENT);
	assert_int_equal(disclosure_purpose_parse("contract_execution"),
			 DISCLOSURE_FOR_CONTRACT_EXECUTION);
	assert_int_equal(disclosure_purpose_parse("marketing"), -1);
	assert_int_equal(disclosure_purpose_parse(NULL), -1);
}

/* The W profile with its "recipients" replaced by recipients (JSON). */
static int
load_with_recipients(const char *recipients, struct profile **out, char **cause)
{
	char path[1024], *text;
	json_t *root, *r;
	int rc;

	snprintf(path, sizeof path, "%s/profiles/woondroomzorg.json",
		 ZK_SOURCE_DIR);
	root = json_load_file(path, 0, NULL);
	r = json_loads(recipients, 0, NULL);
	assert_non_null(root);
	assert_non_null(r);
	json_object_set_new(root, "recipients", r);
	text = json_dumps(root, 0);
	assert_non_null(text);
	rc = profile_load_text(text, strlen(text), "test.json", out, cause);
	free(text);
	json_decref(root);
	return rc;
}

static void
expect_profile_error(const char *recipients, const char *want)
{
	struct profile *p = NULL;
	char *cause = NULL;

	if (load_with_recipients(recipients, &p, &cause) == 0)
		fail_msg("accepted %s", recipients);
	assert_null(p);
	if (cause == NULL || strstr(cause, want) == NULL)
		fail_msg("error \"%s\" lacks \"%s\"", cause ? cause : "", want);
	free(cause);
}

/* The profile's settings, as read, and the owner's power to change W. */
static void
test_disclosure_profile(void **state)
{
	struct disclosure_facts f;
	struct disclosure_answer a;
	struct profile *p = NULL;
	char *cause = NULL;

	(void)state;
	ZK_RULE("DIS-3");
	ZK_RULE("OBJ-1");
	/* Both shipped profiles name all eight kinds. */
	for (int k = 0; k < PROFILE_TO_COUNT; k++) {
		assert_true(profile_m->recipients[k].set);
		assert_true(profile_w->recipients[k].set);
	}
	assert_false(profile_w->recipients[PROFILE_TO_CARE_PROVIDER].allowed);
	assert_true(profile_m->recipients[PROFILE_TO_CARE_PROVIDER].allowed);
	assert_int_equal(
	    profile_m->recipients[PROFILE_TO_INSURER].objection_scope,
	    1u << DISCLOSURE_FOR_RISK_ASSESSMENT);
	assert_true(profile_w->recipients[PROFILE_TO_PUBLIC_BODY].only_by_law);
	assert_false(profile_w->recipients[PROFILE_TO_STATISTICS].identifiable);

	/* Profiles stored with the old names load: aliases. An unnamed
	 * kind takes the defaults, public_body by law only. */
	if (load_with_recipients(
		"{\"treating_provider\": {\"allowed\": false},"
		" \"referring_specialist\": {\"allowed\": true,"
		"  \"without_consent\": true},"
		" \"research\": {\"allowed\": true}}",
		&p, &cause) != 0)
		fail_msg("%s", cause);
	assert_false(p->recipients[PROFILE_TO_CARE_PROVIDER].allowed);
	assert_true(p->recipients[PROFILE_TO_SPECIALIST].without_consent);
	assert_true(p->recipients[PROFILE_TO_RESEARCHER].set);
	assert_false(p->recipients[PROFILE_TO_OTHER].set);
	assert_true(p->recipients[PROFILE_TO_OTHER].allowed);
	assert_true(p->recipients[PROFILE_TO_OTHER].identifiable);
	assert_true(p->recipients[PROFILE_TO_PUBLIC_BODY].only_by_law);
	profile_free(p);
	p = NULL;

	/* DIS-3: the owner changes W to exchange with care providers on
	 * consent; the decision follows the profile. */
	if (load_with_recipients("{\"care_provider\": {\"allowed\": true}}", &p,
				 &cause) != 0)
		fail_msg("%s", cause);
	memset(&f, 0, sizeof f);
	f.recipient_kind = PROFILE_TO_CARE_PROVIDER;
	memcpy(f.country, "NL", 3);
	f.identifiable = true;
	f.consent = true;
	disclosure_decide(p, &f, &a);
	assert_true(a.permit);
	assert_string_equal(a.rule, "DIS-1");
	f.consent = false;
	disclosure_decide(p, &f, &a);
	assert_false(a.permit);
	profile_free(p);
	p = NULL;

	/* OBJ-1: an objection without a scope stops every purpose. */
	if (load_with_recipients("{\"insurer\": {\"without_consent\": true,"
				 " \"unless_objected\": true}}",
				 &p, &cause) != 0)
		fail_msg("%s", cause);
	f.recipient_kind = PROFILE_TO_INSURER;
	f.objection = true;
	f.purpose = DISCLOSURE_FOR_CONTRACT_EXECUTION;
	disclosure_decide(p, &f, &a);
	assert_false(a.permit);
	assert_string_equal(a.rule, "OBJ-1");
	profile_free(p);

	expect_profile_error("{\"neighbour\": {}}",
			     "unknown recipient kind \"neighbour\"");
	expect_profile_error("{\"research\": {}, \"researcher\": {}}",
			     "named twice");
	expect_profile_error("{\"insurer\": {\"objection_scope\": "
			     "[\"risk_assessment\"]}}",
			     "needs \"unless_objected\"");
	expect_profile_error("{\"insurer\": {\"unless_objected\": true}}",
			     "needs \"without_consent\"");
	expect_profile_error("{\"insurer\": {\"without_consent\": true, "
			     "\"unless_objected\": true, \"objection_scope\": "
			     "[\"marketing\"]}}",
			     "unknown disclosure purpose \"marketing\"");
	expect_profile_error("{\"insurer\": {\"without_consent\": true, "
			     "\"unless_objected\": true, \"objection_scope\": "
			     "[\"unspecified\"]}}",
			     "unknown disclosure purpose");
	expect_profile_error("{\"public_body\": {\"only_by_law\": true, "
			     "\"without_consent\": true}}",
			     "exclude each other");
	expect_profile_error("{\"insurer\": {\"allowed\": \"yes\"}}",
			     "must be true or false");
	expect_profile_error("{\"insurer\": {\"allowed\": true, \"x\": 1}}",
			     "x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_disclosure_table),
	    cmocka_unit_test(test_disclosure_default_deny),
	    cmocka_unit_test(test_disclosure_adequacy),
	    cmocka_unit_test(test_disclosure_names),
	    cmocka_unit_test(test_disclosure_profile),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
