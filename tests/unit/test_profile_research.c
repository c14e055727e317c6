/*
 * test_profile_research.c: the "research" section of a profile (RES-1,
 * RES-2, OBJ-1): both shipped profiles read it with every condition and
 * their ladders; a section that would weaken the law (a condition left
 * out, a direct identifier or free text released, k below 2, a ladder
 * that does not coarsen) is refused with the path of the fault.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "profile/profile.h"
#include "support/support.h"

/* The M profile with "research" replaced by section (NULL: removed);
 * returns the load's result and the cause in *cause. */
static int
load_with(const char *section, struct profile **p, char **cause)
{
	char path[1024], *text;
	json_t *root;
	int rc;

	snprintf(path, sizeof path, "%s/profiles/micare-werkt.json",
		 ZK_SOURCE_DIR);
	root = json_load_file(path, 0, NULL);
	assert_non_null(root);
	if (section == NULL) {
		json_object_del(root, "research");
	} else {
		json_t *r = json_loads(section, 0, NULL);

		assert_non_null(r);
		json_object_set_new(root, "research", r);
	}
	text = json_dumps(root, 0);
	json_decref(root);
	assert_non_null(text);
	*p = NULL;
	*cause = NULL;
	rc = profile_load_text(text, strlen(text), "t.json", p, cause);
	free(text);
	return rc;
}

/* RES-1, RES-2: both profiles express the seeds. */
static void
test_profile_research_shipped(void **state)
{
	static const char *const files[] = {"micare-werkt.json",
					    "woondroomzorg.json"};

	(void)state;
	ZK_RULE("RES-1");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(files); i++) {
		const struct profile_research *r;
		struct profile *p = NULL;
		char path[1024], *cause = NULL;
		int board, dpo;

		snprintf(path, sizeof path, "%s/profiles/%s", ZK_SOURCE_DIR,
			 files[i]);
		if (profile_load_file(path, &p, &cause) != 0)
			fail_msg("%s", cause);
		r = &p->research;
		board = profile_role_index(p, "board");
		dpo = profile_role_index(p, "dpo");
		assert_true(r->set);
		assert_true(r->without_consent);
		assert_int_equal(r->k, 5);
		assert_int_equal(r->max_suppress_permille, 50);
		assert_true(r->confirm[PROFILE_RES_PUBLIC_INTEREST] &
			    (1u << board));
		assert_false(r->confirm[PROFILE_RES_PUBLIC_INTEREST] &
			     (1u << dpo));
		assert_true(r->confirm[PROFILE_RES_SAFEGUARDS] & (1u << dpo));
		assert_true(r->managers & (1u << dpo));
		assert_true(r->objection_kinds & (1u << PROFILE_TO_RESEARCHER));
		assert_int_equal(r->nqi, 4);
		assert_string_equal(r->qi[0].field, "birth_date");
		assert_int_equal(r->qi[0].ladder.steps[0], KANON_YEAR);
		assert_int_equal(r->qi[1].ladder.steps[0], KANON_DIGITS4);
		assert_true(r->fields[ZK_CAT_CARE] != 0);
		assert_int_equal(r->fields[ZK_CAT_IDENTITY], 0);
		profile_free(p);
	}
}

#define RES_OK_CONDITIONS                                                      \
	"\"conditions\":{\"public_interest\":{\"confirmed_by\":[\"board\"]},"  \
	"\"necessary\":{\"confirmed_by\":[\"dpo\"]},"                          \
	"\"consent_impracticable\":{\"confirmed_by\":[\"dpo\"]},"              \
	"\"safeguards\":{\"confirmed_by\":[\"dpo\"]}}"

/* RES-1, RES-2: what a section may not say, and what it may. */
static void
test_profile_research_invalid(void **state)
{
	static const struct {
		const char *section, *want; /* want NULL: it loads */
	} table[] = {
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"]"
	     "," RES_OK_CONDITIONS
	     ",\"objection_kinds\":[\"researcher\"],\"k\":2,"
	     "\"max_suppressed_percent\":0,\"quasi_identifiers\":[{\"field\":"
	     "\"gender\",\"ladder\":[\"keep\",\"suppress\"]}]}",
	     NULL},
	    /* k - 1 = 1 is no anonymity. */
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"]"
	     "," RES_OK_CONDITIONS
	     ",\"objection_kinds\":[\"researcher\"],\"k\":1,"
	     "\"max_suppressed_percent\":0,\"quasi_identifiers\":[{\"field\":"
	     "\"gender\",\"ladder\":[\"keep\"]}]}",
	     "research.k"},
	    /* A condition left out. */
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"],\"conditions\":"
	     "{\"public_interest\":{\"confirmed_by\":[\"board\"]}},"
	     "\"objection_kinds\":[\"researcher\"],\"k\":5,"
	     "\"max_suppressed_percent\":0,\"quasi_identifiers\":[{\"field\":"
	     "\"gender\",\"ladder\":[\"keep\"]}]}",
	     "research.conditions.necessary"},
	    /* A name is a direct identifier. */
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"]"
	     "," RES_OK_CONDITIONS
	     ",\"objection_kinds\":[\"researcher\"],\"k\":5,"
	     "\"max_suppressed_percent\":0,\"quasi_identifiers\":[{\"field\":"
	     "\"family_name\",\"ladder\":[\"keep\"]}]}",
	     "direct identifier"},
	    /* A ladder that does not coarsen. */
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"]"
	     "," RES_OK_CONDITIONS
	     ",\"objection_kinds\":[\"researcher\"],\"k\":5,"
	     "\"max_suppressed_percent\":0,\"quasi_identifiers\":[{\"field\":"
	     "\"birth_date\",\"ladder\":[\"year5\",\"year\"]}]}",
	     "generalise more"},
	    /* A year of a postcode. */
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"]"
	     "," RES_OK_CONDITIONS
	     ",\"objection_kinds\":[\"researcher\"],\"k\":5,"
	     "\"max_suppressed_percent\":0,\"quasi_identifiers\":[{\"field\":"
	     "\"postal_code\",\"ladder\":[\"year\"]}]}",
	     "needs a date"},
	    /* Free text never goes out. */
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"]"
	     "," RES_OK_CONDITIONS
	     ",\"objection_kinds\":[\"researcher\"],\"k\":5,"
	     "\"max_suppressed_percent\":0,\"quasi_identifiers\":[{\"field\":"
	     "\"gender\",\"ladder\":[\"keep\"]}],\"export\":{\"care\":"
	     "[\"text\"]}}",
	     "free text"},
	    /* An unknown role, an unknown key, a portal role. */
	    {"{\"without_consent\":true,\"managers\":[\"chief\"]}",
	     "research.managers"},
	    {"{\"without_consent\":true,\"managers\":[\"dpo\"],\"kk\":5}",
	     "unknown setting"},
	    {"{\"without_consent\":true,\"managers\":[\"subject\"]}",
	     "portal role"},
	    {"[]", "must be an object"},
	};

	(void)state;
	ZK_RULE("RES-2");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(table); i++) {
		struct profile *p = NULL;
		char *cause = NULL;
		int rc = load_with(table[i].section, &p, &cause);

		if (table[i].want == NULL) {
			if (rc != 0)
				fail_msg("row %zu: %s", i, cause);
			assert_true(p->research.set);
		} else {
			assert_int_equal(rc, ZK_EPROFILE);
			if (cause == NULL ||
			    strstr(cause, table[i].want) == NULL)
				fail_msg("row %zu: want \"%s\", got %s", i,
					 table[i].want, cause ? cause : "");
		}
		free(cause);
		profile_free(p);
	}
	/* Without the section, no study can be made. */
	{
		struct profile *p = NULL;
		char *cause = NULL;

		assert_int_equal(load_with(NULL, &p, &cause), 0);
		assert_false(p->research.set);
		profile_free(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_profile_research_shipped),
	    cmocka_unit_test(test_profile_research_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
