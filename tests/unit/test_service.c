/*
 * test_service.c: the one door (DESIGN invariant 1). Every operation
 * decides, acts and logs in one transaction; refusals are logged; a log
 * failure fails the operation with nothing half-written (fail closed);
 * tenants never see each other (SCOPE-3).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/service_int.h"
#include "support/support.h"

struct fixture {
	struct service *svc;
	char db[512];
	int64_t tenant;
	char client[ZK_UUID_LEN];
	char other[ZK_UUID_LEN];
};

static struct fixture fx;

static int
setup_profile(const char *profile)
{
	char *cause = NULL;

	memset(&fx, 0, sizeof fx);
	fx.svc = test_service(profile, fx.db, sizeof fx.db, &fx.tenant);
	test_user(fx.svc, fx.tenant, "anna", "professional");
	test_user(fx.svc, fx.tenant, "bram", "professional");
	test_user(fx.svc, fx.tenant, "carla", "professional");
	test_user(fx.svc, fx.tenant, "admin", "administrator");
	test_user(fx.svc, fx.tenant, "office", "office");
	test_client(fx.svc, fx.tenant, "Jansen", fx.client);
	test_client(fx.svc, fx.tenant, "de Vries", fx.other);
	{
		struct actor sys;

		svc_actor_system(&sys, fx.tenant, "test", "test");
		if (svc_relation_add(fx.svc, &sys, fx.client, "anna",
				     "responsible", "2020-01-01", NULL, NULL,
				     &cause) != 0 ||
		    svc_relation_add(fx.svc, &sys, fx.client, "bram",
				     "co_treating", "2020-01-01", NULL, NULL,
				     &cause) != 0 ||
		    svc_relation_add(fx.svc, &sys, fx.client, "carla",
				     "substitute", "2020-01-01", "2021-01-01",
				     NULL, &cause) != 0)
			fail_msg("relation: %s", cause ? cause : "?");
	}
	return 0;
}

static int
setup_m(void **state)
{
	(void)state;
	return setup_profile("micare-werkt");
}

static int
setup_w(void **state)
{
	(void)state;
	return setup_profile("woondroomzorg");
}

static int
teardown(void **state)
{
	(void)state;
	svc_close(fx.svc);
	return 0;
}

static int
write_entry(const char *as, const char *subject, const char *category,
	    const char *text, char uid[ZK_UUID_LEN], char **cause)
{
	struct svc_entry_input in;
	struct actor a;
	json_t *content;
	int rc;

	test_actor(fx.svc, fx.tenant, as, &a);
	if (strcmp(category, "work_note") == 0)
		content = json_pack("{s:s}", "text", text);
	else
		content =
		    json_pack("{s:s, s:s}", "kind", "rapportage", "text", text);
	in.subject_uid = subject;
	in.category = category;
	in.purpose = "care_delivery";
	in.legal_basis = "contract";
	in.content = content;
	rc = svc_entry_create(fx.svc, &a, &in, uid, NULL, cause);
	json_decref(content);
	return rc;
}

/* ACC-2, LOG-1: a permitted write and read, each logged with its rule. */
static void
test_door_permit_logged(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL, rule[32], outcome[32];
	struct svc_decision d;
	struct actor a;
	json_t *e = NULL;
	int before;

	(void)state;
	ZK_RULE("ACC-2");
	ZK_RULE("LOG-1");
	assert_int_equal(write_entry("anna", fx.client, "care",
				     "Goed geslapen.", uid, &cause),
			 0);
	before = test_audit_count(fx.svc, fx.tenant, "entry.read", NULL);
	test_actor(fx.svc, fx.tenant, "bram", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, &d, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(e, "content"), "text")),
			    "Goed geslapen.");
	json_decref(e);
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "entry.read", "success"),
	    before + 1);
	test_audit_last(fx.svc, fx.tenant, "rule", rule, sizeof rule);
	test_audit_last(fx.svc, fx.tenant, "outcome", outcome, sizeof outcome);
	assert_string_equal(rule, "ACC-2");
	assert_string_equal(outcome, "success");
	assert_true(test_verify(fx.svc));
}

/* ACC-2, ACC-7: a refused read is logged and returns no data. */
static void
test_door_deny_logged(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL, reason[64];
	struct actor a;
	json_t *e = NULL;

	(void)state;
	ZK_RULE("ACC-2");
	ZK_RULE("ACC-3");
	ZK_RULE("ACC-7");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Tekst.", uid, &cause), 0);
	/* carla's substitute period has ended. */
	test_actor(fx.svc, fx.tenant, "carla", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	assert_null(e);
	assert_non_null(strstr(cause, "ACC-2"));
	free(cause);
	cause = NULL;
	test_audit_last(fx.svc, fx.tenant, "reason", reason, sizeof reason);
	assert_string_equal(reason, "no_care_relation");
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "entry.read", "refused"), 1);
	/* ACC-3: the administrator sees no content. */
	test_actor(fx.svc, fx.tenant, "admin", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	test_audit_last(fx.svc, fx.tenant, "rule", reason, sizeof reason);
	assert_string_equal(reason, "ACC-3");
	assert_true(test_verify(fx.svc));
}

/* LOG-1, fail closed: when the log write fails, nothing is written. */
static void
test_door_fail_closed_write(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *list = NULL;
	int entries_before, log_before;

	(void)state;
	ZK_RULE("LOG-1");
	test_actor(fx.svc, fx.tenant, "anna", &a);
	if (test_entry_list(fx.svc, &a, fx.client, NULL, &list, &cause) != 0)
		fail_msg("list: %s", cause);
	entries_before = (int)json_array_size(list);
	json_decref(list);
	log_before = test_audit_count(fx.svc, fx.tenant, NULL, NULL);

	svc_fault_inject(fx.svc, "audit_insert", 1);
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Verloren.", uid, &cause),
	    ZK_EAUDIT);
	free(cause);
	cause = NULL;
	/* Not written, not logged, chain intact. */
	if (test_entry_list(fx.svc, &a, fx.client, NULL, &list, &cause) != 0)
		fail_msg("list: %s", cause);
	assert_int_equal((int)json_array_size(list), entries_before);
	json_decref(list);
	assert_int_equal(test_audit_count(fx.svc, fx.tenant, NULL, NULL),
			 log_before + 1); /* only the list above */
	assert_true(test_verify(fx.svc));
}

/* Fail closed for reads: no data leaves when its log entry cannot. */
static void
test_door_fail_closed_read(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *e = NULL;

	(void)state;
	assert_int_equal(write_entry("anna", fx.client, "medical",
				     "Bloeddruk normaal.", uid, &cause),
			 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	svc_fault_inject(fx.svc, "audit_insert", 1);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EAUDIT);
	assert_null(e);
	free(cause);
	cause = NULL;
	/* A failing commit is a failing log as well. */
	svc_fault_inject(fx.svc, "commit", 1);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EAUDIT);
	assert_null(e);
	free(cause);
	assert_true(test_verify(fx.svc));
}

/* Fail closed for refusals: a refusal that cannot be logged is an error. */
static void
test_door_fail_closed_refusal(void **state)
{
	char *cause = NULL;
	struct actor a;
	json_t *s = NULL;
	int before;

	(void)state;
	before = test_audit_count(fx.svc, fx.tenant, NULL, NULL);
	test_actor(fx.svc, fx.tenant, "carla", &a);
	svc_fault_inject(fx.svc, "audit_insert", 1);
	assert_int_equal(
	    svc_subject_get(fx.svc, &a, fx.client, NULL, &s, NULL, &cause),
	    ZK_EAUDIT);
	free(cause);
	assert_int_equal(test_audit_count(fx.svc, fx.tenant, NULL, NULL),
			 before);
	assert_true(test_verify(fx.svc));
}

/*
 * SCOPE-1: asked for as another kind, a subject is not found: nothing is
 * decrypted and no read is logged for it.
 */
static void
test_door_subject_kind(void **state)
{
	char *cause = NULL;
	struct actor a;
	json_t *s = NULL;
	int before;

	(void)state;
	ZK_RULE("SCOPE-1");
	test_actor(fx.svc, fx.tenant, "anna", &a);
	before = test_audit_count(fx.svc, fx.tenant, "subject.read", NULL);
	assert_int_equal(svc_subject_get(fx.svc, &a, fx.client, "employee", &s,
					 NULL, &cause),
			 ZK_ENOTFOUND);
	assert_null(s);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "subject.read", NULL), before);
	assert_int_equal(
	    svc_subject_get(fx.svc, &a, fx.client, "client", &s, NULL, &cause),
	    0);
	json_decref(s);
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "subject.read", NULL),
	    before + 1);
	/* Nor is it corrected as another kind. */
	{
		json_t *patch = json_pack("{s:s}", "family_name", "Anders");
		struct actor office;

		test_actor(fx.svc, fx.tenant, "office", &office);
		before = test_audit_count(fx.svc, fx.tenant, "subject.correct",
					  NULL);
		assert_int_equal(svc_subject_update(fx.svc, &office, fx.client,
						    "employee", patch, NULL,
						    &cause),
				 ZK_ENOTFOUND);
		free(cause);
		cause = NULL;
		assert_int_equal(test_audit_count(fx.svc, fx.tenant,
						  "subject.correct", NULL),
				 before);
		assert_int_equal(svc_subject_update(fx.svc, &office, fx.client,
						    "client", patch, NULL,
						    &cause),
				 0);
		assert_int_equal(test_audit_count(fx.svc, fx.tenant,
						  "subject.correct", "success"),
				 before + 1);
		json_decref(patch);
	}
}

/* An act that fails is rolled back and logged as an error. */
static void
test_door_act_error_logged(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL, outcome[32];

	(void)state;
	svc_fault_inject(fx.svc, "entry_create", 1);
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "x", uid, &cause), ZK_EIO);
	free(cause);
	test_audit_last(fx.svc, fx.tenant, "outcome", outcome, sizeof outcome);
	assert_string_equal(outcome, "error");
	assert_true(test_verify(fx.svc));
}

/* CAT-4: a work note is readable by its author only, also in lists. */
static void
test_door_work_note(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *e = NULL, *list = NULL, *x;
	size_t i;

	(void)state;
	ZK_RULE("CAT-4");
	assert_int_equal(write_entry("anna", fx.client, "work_note",
				     "Eigen notitie.", uid, &cause),
			 0);
	/* Only the note: bram's listing is refused, not an empty list. */
	test_actor(fx.svc, fx.tenant, "bram", &a);
	assert_int_equal(
	    test_entry_list(fx.svc, &a, fx.client, NULL, &list, &cause),
	    ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Zorg.", NULL, &cause), 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	test_actor(fx.svc, fx.tenant, "bram", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_entry_list(fx.svc, &a, fx.client, NULL, &list, &cause), 0);
	json_array_foreach(list, i, x)
	{
		assert_string_not_equal(
		    json_string_value(json_object_get(x, "category")),
		    "work_note");
	}
	assert_int_equal((int)json_array_size(list), 1);
	json_decref(list);
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "entry.list", "refused"), 2);
}

/* Creates in as the actor a; the answer is want (its cause forgotten). */
static void
expect_create(const struct actor *a, const struct svc_entry_input *in, int want)
{
	char uid[ZK_UUID_LEN], *cause = NULL;

	assert_int_equal(svc_entry_create(fx.svc, a, in, uid, NULL, &cause),
			 want);
	free(cause);
}

/* The newest log entry's field (a column or SQL expression) is value. */
static void
expect_log(const char *field, const char *value)
{
	char v[200];

	test_audit_last(fx.svc, fx.tenant, field, v, sizeof v);
	assert_string_equal(v, value);
}

/* PUR-1, PUR-3, PUR-4: purpose, legal basis and declared fields. */
static void
test_door_purpose_and_fields(void **state)
{
	struct svc_entry_input in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *c;

	(void)state;
	ZK_RULE("PUR-1");
	ZK_RULE("PUR-3");
	ZK_RULE("PUR-4");
	ZK_RULE("LOG-4");
	ZK_RULE("CAT-1");
	ZK_RULE("LOG-1");
	test_actor(fx.svc, fx.tenant, "anna", &a);
	c = json_pack("{s:s, s:s}", "kind", "rapportage", "text", "x");
	in.subject_uid = fx.client;
	in.category = "care";
	in.purpose = "marketing";
	in.legal_basis = "contract";
	in.content = c;
	expect_create(&a, &in, ZK_EDENIED);
	expect_log("rule", "PUR-1");
	/* LOG-4: a purpose that is no purpose stays out of the log. */
	in.purpose = "Jansen: hiv-positief";
	expect_create(&a, &in, ZK_EDENIED);
	expect_log("rule", "PUR-1");
	expect_log("coalesce(purpose, '-')", "-");
	/* LOG-1, LOG-4: so is a category that is none, and the attempt is
	 * logged on the client. */
	in.category = "Jansen: diagnose";
	expect_create(&a, &in, ZK_EINVAL);
	expect_log("rule", "CAT-1");
	expect_log("coalesce(category, '-')", "-");
	expect_log("subject_uid", fx.client);
	/* On nobody it is no client's attempt: not found, not logged. */
	in.subject_uid = "0b6f3c1e-8a4d-4f7e-9d2b-5c1a7e9f3d20";
	expect_create(&a, &in, ZK_ENOTFOUND);
	expect_log("subject_uid", fx.client);
	in.subject_uid = fx.client;
	in.category = "care";
	in.purpose = "care_delivery";
	in.legal_basis = "public_task";
	expect_create(&a, &in, ZK_EDENIED);
	expect_log("rule", "PUR-3");
	json_decref(c);
	/* PUR-4: a field the category does not declare. */
	c = json_pack("{s:s, s:s, s:s}", "kind", "rapportage", "text", "x",
		      "religion", "x");
	in.legal_basis = "contract";
	in.content = c;
	assert_int_equal(svc_entry_create(fx.svc, &a, &in, uid, NULL, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "PUR-4"));
	free(cause);
	cause = NULL;
	expect_log("rule", "PUR-4");
	json_decref(c);
	/* A declared field sent as null is left out instead. */
	c = json_pack("{s:s, s:n}", "kind", "rapportage", "text");
	in.content = c;
	assert_int_equal(svc_entry_create(fx.svc, &a, &in, uid, NULL, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "null"));
	free(cause);
	cause = NULL;
	json_decref(c);
	/* A required field missing, a wrong type. */
	c = json_pack("{s:s}", "kind", "rapportage");
	in.content = c;
	expect_create(&a, &in, ZK_EINVAL);
	json_decref(c);
	c = json_pack("{s:s, s:i}", "kind", "rapportage", "text", 5);
	in.content = c;
	expect_create(&a, &in, ZK_EINVAL);
	json_decref(c);
	assert_true(test_verify(fx.svc));
}

/* COR-2: a correction stands beside the original, which is kept. */
static void
test_door_correction(void **state)
{
	char uid[ZK_UUID_LEN], fix[ZK_UUID_LEN], *cause = NULL, v[64];
	struct actor a;
	json_t *e = NULL, *c;

	(void)state;
	ZK_RULE("COR-2");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Fout.", uid, &cause), 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	c = json_pack("{s:s, s:s}", "kind", "rapportage", "text", "Goed.");
	assert_int_equal(
	    svc_entry_correct(fx.svc, &a, uid, c, fix, NULL, &cause), 0);
	/* LOG-1: the log names the entry that was changed. */
	test_audit_last(fx.svc, fx.tenant, "object_uid", v, sizeof v);
	assert_string_equal(v, uid);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(e, "status")),
			    "corrected");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(e, "content"), "text")),
			    "Fout.");
	json_decref(e);
	assert_int_equal(svc_entry_read(fx.svc, &a, fix, &e, NULL, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(e, "corrects")),
			    uid);
	json_decref(e);
	/* An entry is corrected once; the correction can be corrected. */
	assert_int_equal(
	    svc_entry_correct(fx.svc, &a, uid, c, fix, NULL, &cause),
	    ZK_ECONFLICT);
	assert_non_null(strstr(cause, uid));
	assert_null(strstr(cause, fx.client));
	free(cause);
	cause = NULL;
	test_audit_last(fx.svc, fx.tenant, "reason", v, sizeof v);
	assert_string_equal(v, "already_corrected");
	/* Someone who may not correct it learns only that: not that it was
	 * corrected, nor whose it is (ACC-1), and the attempt is logged. */
	test_actor(fx.svc, fx.tenant, "office", &a);
	assert_int_equal(
	    svc_entry_correct(fx.svc, &a, uid, c, fix, NULL, &cause),
	    ZK_EDENIED);
	assert_null(strstr(cause, fx.client));
	free(cause);
	test_audit_last(fx.svc, fx.tenant, "outcome", v, sizeof v);
	assert_string_equal(v, "refused");
	json_decref(c);
}

/* ACC-6: break the glass, then read, flagged for review in the log. */
static void
test_door_break_glass(void **state)
{
	char uid[ZK_UUID_LEN], bg[ZK_UUID_LEN], exp[ZK_TIME_LEN];
	char *cause = NULL, field[256];
	struct svc_decision d;
	struct actor a;
	json_t *e = NULL;

	(void)state;
	ZK_RULE("ACC-6");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Tekst.", uid, &cause), 0);
	test_actor(fx.svc, fx.tenant, "carla", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    svc_break_glass(fx.svc, &a, fx.client, "kort", bg, exp, &d, &cause),
	    ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_break_glass(fx.svc, &a, fx.client,
					 "Cliënt gevallen in de nacht, geen "
					 "vaste begeleider bereikbaar",
					 bg, exp, &d, &cause),
			 0);
	assert_true(d.authz.review);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, &d, &cause), 0);
	json_decref(e);
	assert_true(d.authz.break_glass);
	test_audit_last(fx.svc, fx.tenant, "break_glass_ref", field,
			sizeof field);
	assert_string_equal(field, bg);
	test_audit_last(fx.svc, fx.tenant, "checks", field, sizeof field);
	assert_non_null(strstr(field, "review=pending"));
	/*
	 * ACC-6, LOG-1: a list of her own entry and one seen through the
	 * broken glass logs the category with the grant, whatever the order.
	 */
	assert_int_equal(
	    write_entry("carla", fx.client, "care", "Eigen.", uid, &cause), 0);
	assert_int_equal(
	    test_entry_list(fx.svc, &a, fx.client, "care", &e, &cause), 0);
	assert_int_equal(json_array_size(e), 2);
	json_decref(e);
	test_audit_last(fx.svc, fx.tenant, "break_glass_ref", field,
			sizeof field);
	assert_string_equal(field, bg);
	/* A professional with a relation has nothing to break. */
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(svc_break_glass(fx.svc, &a, fx.client,
					 "Nood, maar ik heb al toegang.", bg,
					 exp, &d, &cause),
			 ZK_ECONFLICT);
	free(cause);
	assert_true(test_verify(fx.svc));
}

/* SCOPE-3: another tenant's ids are simply not found. */
static void
test_door_tenant_isolation(void **state)
{
	struct profile *p = test_profile("woondroomzorg");
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct svc_user_input in;
	const char *roles[1] = {"professional"};
	struct actor sys, a;
	json_t *e = NULL;
	int64_t t2;

	(void)state;
	ZK_RULE("SCOPE-3");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Geheim.", uid, &cause), 0);
	assert_int_equal(
	    svc_tenant_create(fx.svc, "t2", "Other", p, &t2, &cause), 0);
	profile_free(p);
	/* The same user name in the other tenant, with a relation there. */
	memset(&in, 0, sizeof in);
	in.username = "anna";
	in.roles = roles;
	in.nroles = 1;
	in.confidentiality = "profession";
	svc_actor_system(&sys, t2, "test", "test");
	assert_int_equal(svc_user_add(fx.svc, &sys, &in, NULL, &cause), 0);
	test_actor(fx.svc, t2, "anna", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_ENOTFOUND);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    svc_subject_get(fx.svc, &a, fx.client, NULL, &e, NULL, &cause),
	    ZK_ENOTFOUND);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_relation_add(fx.svc, &sys, fx.client, "anna",
					  "responsible", "2020-01-01", NULL,
					  NULL, &cause),
			 ZK_ENOTFOUND);
	free(cause);
	assert_null(e);
	assert_true(test_verify(fx.svc));
}

/* ACC-3: only administrators manage accounts; refusals are logged. */
static void
test_door_admin_only(void **state)
{
	const char *roles[1] = {"professional"};
	struct svc_user_input in;
	char *cause = NULL;
	struct actor a;
	json_t *users = NULL;

	(void)state;
	ZK_RULE("ACC-3");
	memset(&in, 0, sizeof in);
	in.username = "mallory";
	in.roles = roles;
	in.nroles = 1;
	in.confidentiality = "profession";
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(svc_user_add(fx.svc, &a, &in, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "user.create", "refused"), 1);
	test_actor(fx.svc, fx.tenant, "admin", &a);
	assert_int_equal(svc_user_add(fx.svc, &a, &in, NULL, &cause), 0);
	assert_int_equal(svc_user_list(fx.svc, &a, &users, &cause), 0);
	assert_true(json_array_size(users) >= 6);
	json_decref(users);
	/* ACC-4: an account needs a basis of confidentiality. */
	in.username = "nobasis";
	in.confidentiality = "none";
	assert_int_equal(svc_user_add(fx.svc, &a, &in, NULL, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	/* ACC-3: an administrator does not disable their own account (the
	 * organisation could be left with none); the attempt is logged. */
	assert_int_equal(svc_user_disable(fx.svc, &a, "admin", &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "own account"));
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "user.disable", "refused"), 1);
	{
		struct actor still;

		test_actor(fx.svc, fx.tenant, "admin", &still);
	}
	/* A disabled user can no longer act. */
	assert_int_equal(svc_user_disable(fx.svc, &a, "mallory", &cause), 0);
	assert_int_equal(
	    svc_actor_user(fx.svc, fx.tenant, "mallory", "test", &a, &cause),
	    ZK_EAUTH);
	free(cause);
	cause = NULL;
	/*
	 * ACC-3: two administrators who disable each other at the same
	 * moment: the one whose turn comes second was disabled by then, and
	 * what the store says in that transaction decides, not the account
	 * as the session loaded it.
	 */
	{
		const char *admin_role[1] = {"administrator"};
		struct actor one, two, sys_actor;

		svc_actor_system(&sys_actor, fx.tenant, "test", "test");
		in.roles = admin_role;
		in.confidentiality = "agreement";
		in.username = "beheer1";
		assert_int_equal(
		    svc_user_add(fx.svc, &sys_actor, &in, NULL, &cause), 0);
		in.username = "beheer2";
		assert_int_equal(
		    svc_user_add(fx.svc, &sys_actor, &in, NULL, &cause), 0);
		test_actor(fx.svc, fx.tenant, "beheer1", &one);
		test_actor(fx.svc, fx.tenant, "beheer2", &two);
		assert_int_equal(
		    svc_user_disable(fx.svc, &one, "beheer2", &cause), 0);
		assert_int_equal(
		    svc_user_disable(fx.svc, &two, "beheer1", &cause),
		    ZK_EDENIED);
		free(cause);
		cause = NULL;
		in.username = "beheer3";
		assert_int_equal(svc_user_add(fx.svc, &two, &in, NULL, &cause),
				 ZK_EDENIED);
		free(cause);
		cause = NULL;
		/* The first stays, and may act. */
		test_actor(fx.svc, fx.tenant, "beheer1", &one);
		assert_int_equal(svc_user_add(fx.svc, &one, &in, NULL, &cause),
				 0);
		assert_int_equal(
		    test_sql_int(fx.db, "SELECT count(*) FROM audit_log WHERE "
					"outcome = 'refused' AND reason = "
					"'user_disabled'"),
		    2);
	}
}

/* W§9.4 in the door: a co-treating professional has no access in W. */
static void
test_door_w_no_co_treating(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL, reason[64];
	struct svc_entry_input in;
	struct actor a;
	json_t *e = NULL, *c;

	(void)state;
	test_actor(fx.svc, fx.tenant, "anna", &a);
	c = json_pack("{s:s, s:s}", "kind", "rapportage", "text", "Tekst.");
	in.subject_uid = fx.client;
	in.category = "care";
	in.purpose = "care_guidance";
	in.legal_basis = "contract";
	in.content = c;
	assert_int_equal(svc_entry_create(fx.svc, &a, &in, uid, NULL, &cause),
			 0);
	json_decref(c);
	test_actor(fx.svc, fx.tenant, "bram", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	test_audit_last(fx.svc, fx.tenant, "reason", reason, sizeof reason);
	assert_string_equal(reason, "relation_does_not_cover");
}

/* Sealed content: the database holds no plaintext care content. */
/*
 * SEC-3: a damaged second-factor secret is an error, never "not enrolled",
 * which would let a password alone enrol a new second factor.
 */
static void
test_door_totp_damaged(void **state)
{
	static const char *const roles[] = {"professional"};
	struct svc_user_input in;
	struct svc_login out;
	struct actor sys;
	char uid[ZK_UUID_LEN], *cause = NULL;

	(void)state;
	ZK_RULE("SEC-3");
	memset(&in, 0, sizeof in);
	in.username = "tess";
	in.password = "een-lang-genoeg-wachtwoord";
	in.roles = roles;
	in.nroles = 1;
	in.confidentiality = "profession";
	svc_actor_system(&sys, fx.tenant, "test", "test");
	assert_int_equal(svc_user_add(fx.svc, &sys, &in, uid, &cause), 0);
	test_sql(fx.db, "UPDATE staff_user SET totp_secret = zeroblob(64),"
			" totp_confirmed_at = '2026-01-01T00:00:00Z'"
			" WHERE username = 'tess'");
	assert_int_equal(svc_login(fx.svc, NULL, "tess", in.password, NULL,
				   "test", &out, &cause),
			 ZK_EAUTH);
	assert_true(out.two_factor_enrolled);
	free(cause);
	cause = NULL;
	test_sql(fx.db, "UPDATE staff_user SET totp_secret = zeroblob(4096)"
			" WHERE username = 'tess'");
	assert_int_equal(svc_login(fx.svc, NULL, "tess", in.password, NULL,
				   "test", &out, &cause),
			 ZK_ECORRUPT);
	free(cause);
}

static void
test_door_sealed_at_rest(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL, *text = NULL;
	size_t len = 0;

	(void)state;
	assert_int_equal(write_entry("anna", fx.client, "care",
				     "UniekeZorgtekst4711", uid, &cause),
			 0);
	svc_close(fx.svc);
	fx.svc = NULL;
	if (test_engine_pg()) {
		/* What the server holds: a dump of every organisation's rows.
		 */
		char cmd[2048], dump[600];

		snprintf(dump, sizeof dump, "%s/dump.sql", test_tmpdir());
		snprintf(cmd, sizeof cmd,
			 "PGOPTIONS='-c zk.tenant=*' pg_dump "
			 "--enable-row-security -d '%s' -f '%s'",
			 fx.db, dump);
		assert_int_equal(system(cmd), 0);
		assert_int_equal(
		    zk_file_read(dump, 64u << 20, &text, &len, &cause), 0);
	} else {
		assert_int_equal(
		    zk_file_read(fx.db, 64u << 20, &text, &len, &cause), 0);
	}
	assert_null(memmem(text, len, "UniekeZorgtekst4711", 19));
	assert_null(memmem(text, len, "Jansen", 6));
	free(text);
	/* Reopen for the teardown. */
	assert_int_equal(svc_open(fx.db, NULL, 0, KEYS_ALL, &fx.svc, &cause),
			 0);
}

/*
 * An entry as the list and the read give it: valid JSON whatever the text
 * holds, and a damaged field refused as such instead of sent.
 */
static void
test_door_entry_text(void **state)
{
	static const char text[] =
	    "Zei: \"nee\"\\ \n\tcli\xc3\xabnt \xf0\x9f\x99\x82";
	char uid[ZK_UUID_LEN], sql[256], *cause = NULL;
	json_t *list = NULL, *e = NULL;
	struct actor a;

	(void)state;
	assert_int_equal(
	    write_entry("anna", fx.client, "care", text, uid, &cause), 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(
	    test_entry_list(fx.svc, &a, fx.client, "care", &list, &cause), 0);
	assert_int_equal(json_array_size(list), 1);
	e = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(e, "content"), "text")),
			    text);
	assert_string_equal(json_string_value(json_object_get(e, "id")), uid);
	assert_true(json_is_null(json_object_get(e, "corrects")));
	json_decref(list);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(e, "content"), "text")),
			    text);
	json_decref(e);

	/* Not UTF-8: a row changed outside zorgkluis, not a broken answer. */
	snprintf(sql, sizeof sql,
		 "UPDATE entry SET created_at = CAST(X'61C3' AS TEXT)"
		 " WHERE uid = '%s'",
		 uid);
	test_sql(fx.db, sql);
	assert_int_equal(
	    test_entry_list(fx.svc, &a, fx.client, "care", &list, &cause), 0);
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(list, 0), "error")),
			    "tampered");
	json_decref(list);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_ECORRUPT);
	assert_null(e);
	free(cause);
	assert_true(test_verify(fx.svc));
}

/*
 * LOG-3: an entry's metadata is bound to it. Each meaning-bearing column
 * changed through SQL makes that entry a tamper error naming it, logged;
 * a listing shows it as an error item beside the untouched entries.
 */
static void
test_door_entry_bound(void **state)
{
	static const struct {
		const char *column, *value;
	} forge[] = {
	    {"author_id",
	     "(SELECT id FROM staff_user WHERE username = 'bram')"},
	    {"status", "'corrected'"},
	    {"created_at", "'2001-01-01T00:00:00Z'"},
	    {"category", "'medical'"},
	    {"subject_id", "(SELECT id FROM subject WHERE uid = "},
	    {"purpose", "'research'"},
	    {"legal_basis", "'consent'"},
	    {"corrects_id", "(SELECT id FROM entry WHERE uid = "},
	    {"content", "(SELECT content FROM entry WHERE uid = "},
	    {"meta_mac", "NULL"},
	};
	char keep[ZK_UUID_LEN], uid[ZK_UUID_LEN], sql[512], value[160];
	char *cause = NULL;
	struct svc_decision d;
	json_t *list = NULL, *e = NULL;
	struct actor a;

	(void)state;
	ZK_RULE("LOG-3");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Blijft.", keep, &cause), 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	for (size_t i = 0; i < sizeof forge / sizeof forge[0]; i++) {
		size_t found = 0, kept = 0;

		assert_int_equal(write_entry("anna", fx.client, "care",
					     "Vervalst.", uid, &cause),
				 0);
		/* Untouched, the entry reads. */
		assert_int_equal(
		    svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
		json_decref(e);
		/* A value that ends in a space names a row: the other client's
		 * or the kept entry's. */
		if (forge[i].value[strlen(forge[i].value) - 1] == ' ')
			snprintf(value, sizeof value, "%s'%s')", forge[i].value,
				 strcmp(forge[i].column, "subject_id") == 0
				     ? fx.other
				     : keep);
		else
			snprintf(value, sizeof value, "%s", forge[i].value);
		snprintf(sql, sizeof sql,
			 "UPDATE entry SET %s = %s WHERE uid = '%s'",
			 forge[i].column, value, uid);
		test_sql(fx.db, sql);

		/* A single read: a tamper error that names the entry. */
		memset(&d, 0, sizeof d);
		assert_int_equal(
		    svc_entry_read(fx.svc, &a, uid, &e, &d, &cause),
		    ZK_ECORRUPT);
		assert_null(e);
		assert_true(d.tampered);
		assert_non_null(cause);
		assert_non_null(strstr(cause, uid));
		free(cause);
		cause = NULL;
		snprintf(
		    sql, sizeof sql,
		    "SELECT count(*) FROM audit_log WHERE object_uid = '%s'"
		    " AND reason = 'entry_tampered' AND outcome = 'error'",
		    uid);
		assert_int_equal(test_sql_int(fx.db, sql), 1);

		/* A listing: the others as usual, the forged one an error. */
		assert_int_equal(
		    test_entry_list(fx.svc, &a, fx.client, NULL, &list, &cause),
		    0);
		for (size_t j = 0; j < json_array_size(list); j++) {
			json_t *x = json_array_get(list, j);
			const char *id =
			    json_string_value(json_object_get(x, "id"));

			if (strcmp(id, keep) == 0) {
				kept++;
				assert_non_null(json_object_get(x, "content"));
			}
			if (strcmp(id, uid) == 0) {
				found++;
				assert_string_equal(
				    json_string_value(
					json_object_get(x, "error")),
				    "tampered");
				assert_null(json_object_get(x, "content"));
				assert_null(json_object_get(x, "author"));
			}
		}
		json_decref(list);
		list = NULL;
		assert_int_equal(kept, 1);
		/* Moved to another client, it is no longer listed here. */
		assert_int_equal(
		    found, strcmp(forge[i].column, "subject_id") == 0 ? 0 : 1);
		if (found == 1)
			assert_int_equal(test_sql_int(fx.db, sql), 2);
	}
	/* A correction rebinds its original, which still reads. */
	{
		char fix[ZK_UUID_LEN];
		json_t *c = json_pack("{s:s, s:s}", "kind", "rapportage",
				      "text", "Beter.");

		assert_int_equal(
		    svc_entry_correct(fx.svc, &a, keep, c, fix, NULL, &cause),
		    0);
		json_decref(c);
		assert_int_equal(
		    svc_entry_read(fx.svc, &a, keep, &e, NULL, &cause), 0);
		assert_string_equal(
		    json_string_value(json_object_get(e, "status")),
		    "corrected");
		json_decref(e);
		assert_int_equal(
		    svc_entry_read(fx.svc, &a, fix, &e, NULL, &cause), 0);
		json_decref(e);
	}
	assert_true(test_verify(fx.svc));
}

/*
 * SEC-1, LOG-3: a database from before key check values is not started;
 * the operator binds it once, which checks the keys and opens every
 * entry first, and never again.
 */
static void
test_door_bind_old(void **state)
{
	char uid[ZK_UUID_LEN], forged[ZK_UUID_LEN], sql[256], *cause = NULL;
	struct svc_bind_result res;
	struct actor a;
	json_t *e = NULL;

	(void)state;
	ZK_RULE("SEC-1");
	ZK_RULE("LOG-3");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Oud.", uid, &cause), 0);
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Ook oud.", forged, &cause),
	    0);
	svc_close(fx.svc);
	fx.svc = NULL;
	/* As a database from before migration 019 is after it. */
	test_sql(fx.db,
		 "DELETE FROM key_check; UPDATE entry SET meta_mac = NULL");
	assert_int_equal(svc_open(fx.db, NULL, 0, KEYS_ALL, &fx.svc, &cause),
			 ZK_ECRYPTO);
	assert_null(fx.svc);
	assert_non_null(strstr(cause, "audit bind"));
	free(cause);
	cause = NULL;

	/* An entry that does not open with its seal is not bound. */
	snprintf(sql, sizeof sql,
		 "UPDATE entry SET category = 'medical' WHERE uid = '%s'",
		 forged);
	test_sql(fx.db, sql);
	assert_int_equal(
	    svc_open(fx.db, NULL, SVC_BIND, KEYS_ALL, &fx.svc, &cause), 0);
	assert_int_equal(svc_bind(fx.svc, &res, &cause), ZK_ECORRUPT);
	assert_non_null(strstr(cause, forged));
	free(cause);
	cause = NULL;
	assert_int_equal(test_sql_int(fx.db, "SELECT count(*) FROM key_check"),
			 0);
	assert_int_equal(test_sql_int(fx.db, "SELECT count(*) FROM entry"
					     " WHERE meta_mac IS NOT NULL"),
			 0);

	snprintf(sql, sizeof sql,
		 "UPDATE entry SET category = 'care' WHERE uid = '%s'", forged);
	test_sql(fx.db, sql);
	assert_int_equal(svc_bind(fx.svc, &res, &cause), 0);
	assert_int_equal(res.entries, 2);
	assert_int_equal(res.tenants, 1);
	assert_int_equal(test_sql_int(fx.db, "SELECT count(*) FROM key_check"),
			 3);
	/* Bound, it starts and its entries read. */
	svc_close(fx.svc);
	fx.svc = NULL;
	assert_int_equal(svc_open(fx.db, NULL, 0, KEYS_ALL, &fx.svc, &cause),
			 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	assert_true(test_verify(fx.svc));
	/* Bound once: never again, not even after the values are removed. */
	assert_int_equal(svc_bind(fx.svc, &res, &cause), ZK_ECONFLICT);
	free(cause);
	cause = NULL;
	svc_close(fx.svc);
	fx.svc = NULL;
	test_sql(fx.db, "DELETE FROM key_check");
	assert_int_equal(
	    svc_open(fx.db, NULL, SVC_BIND, KEYS_ALL, &fx.svc, &cause), 0);
	assert_int_equal(svc_bind(fx.svc, &res, &cause), ZK_ECORRUPT);
	assert_non_null(strstr(cause, "removed outside zorgkluis"));
	free(cause);
}

/* The lines of a subject's log view, read by the responsible anna. */
static json_t *
log_lines(void)
{
	char *cause = NULL;
	struct actor a;
	json_t *out = NULL;

	json_t *lines;

	test_actor(fx.svc, fx.tenant, "anna", &a);
	if (svc_subject_log(fx.svc, &a, fx.client, &out, &cause) != 0)
		fail_msg("log view: %s", cause);
	lines = json_incref(json_object_get(out, "lines"));
	json_decref(out);
	assert_true(json_is_array(lines));
	return lines;
}

/* The line of the view with this action and data (and date, if given). */
static json_t *
log_line(json_t *lines, const char *who, const char *action, const char *data,
	 const char *outcome, const char *date)
{
	size_t i;
	json_t *l;

	json_array_foreach(lines, i, l)
	{
		const char *d = json_string_value(json_object_get(l, "data"));

		if (strcmp(json_string_value(json_object_get(l, "action")),
			   action) == 0 &&
		    strcmp(json_string_value(json_object_get(l, "outcome")),
			   outcome) == 0 &&
		    strstr(json_string_value(json_object_get(l, "who")), who) &&
		    d != NULL && strcmp(d, data) == 0 &&
		    (date == NULL ||
		     strcmp(json_string_value(json_object_get(l, "date")),
			    date) == 0))
			return l;
	}
	return NULL;
}

static json_int_t
log_times(json_t *l)
{
	assert_non_null(l);
	return json_integer_value(json_object_get(l, "times"));
}

/*
 * LOG-8: the subject's view is chronological; similar events of one day
 * (same person, action, data, outcome, break the glass or not) are one
 * line with a count; anything that differs is a line of its own.
 */
static void
test_door_log_merge(void **state)
{
	char uid[ZK_UUID_LEN], day[ZK_DATE_LEN], *cause = NULL;
	const char *prev = "";
	json_t *lines, *e = NULL, *l;
	struct actor a;
	size_t i;

	(void)state;
	ZK_RULE("LOG-8");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Tekst.", uid, &cause), 0);
	test_actor(fx.svc, fx.tenant, "bram", &a);
	for (int n = 0; n < 3; n++) {
		assert_int_equal(
		    svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
		json_decref(e);
	}
	/* carla's relation ended: refused, a line of its own. */
	test_actor(fx.svc, fx.tenant, "carla", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	lines = log_lines();
	assert_int_equal(log_times(log_line(lines, "bram", "viewed", "care",
					    "success", NULL)),
			 3);
	/* A refused attempt reads as one, with its ground in words. */
	assert_int_equal(log_times(log_line(lines, "carla", "tried to view",
					    "care", "refused", NULL)),
			 1);
	l = log_line(lines, "carla", "tried to view", "care", "refused", NULL);
	assert_string_equal(json_string_value(json_object_get(l, "action_nl")),
			    "probeerde in te zien");
	assert_string_equal(json_string_value(json_object_get(l, "outcome_nl")),
			    "geweigerd");
	assert_string_equal(json_string_value(json_object_get(l, "ground_nl")),
			    "geen zorgrelatie met u");
	assert_string_equal(json_string_value(json_object_get(l, "rule")),
			    "ACC-2");
	l = log_line(lines, "bram", "viewed", "care", "success", NULL);
	assert_string_equal(json_string_value(json_object_get(l, "ground_nl")),
			    "zorgrelatie met u");
	assert_string_equal(json_string_value(json_object_get(l, "data_nl")),
			    "zorggegevens");
	assert_string_equal(json_string_value(json_object_get(l, "purpose")),
			    "care_delivery");
	assert_int_equal(log_times(log_line(lines, "anna", "recorded", "care",
					    "success", NULL)),
			 1);
	assert_null(log_line(lines, "bram", "viewed", "care", "refused", NULL));
	/* Chronological. */
	json_array_foreach(lines, i, l)
	{
		const char *first =
		    json_string_value(json_object_get(l, "first"));

		assert_true(strcmp(prev, first) <= 0);
		prev = first;
	}
	json_decref(lines);

	/* The last of bram's reads a day earlier: not the same day, so two. */
	test_sql(fx.db, "UPDATE audit_log SET ts = '2026-01-01T10:00:00Z'"
			" WHERE id = (SELECT max(id) FROM audit_log"
			"             WHERE event = 'entry.read'"
			"               AND outcome = 'success')");
	lines = log_lines();
	zk_strlcpy(
	    day,
	    json_string_value(json_object_get(
		log_line(lines, "anna", "recorded", "care", "success", NULL),
		"date")),
	    sizeof day);
	assert_int_equal(log_times(log_line(lines, "bram", "viewed", "care",
					    "success", "2026-01-01")),
			 1);
	assert_int_equal(log_times(log_line(lines, "bram", "viewed", "care",
					    "success", day)),
			 2);
	json_decref(lines);
	/* The date is the client's: 23:30 UTC on 1 January is 2 January in
	 * the Netherlands, 21:30 UTC on 1 July still 1 July. */
	test_sql(fx.db, "UPDATE audit_log SET ts = '2026-01-01T23:30:00Z'"
			" WHERE ts = '2026-01-01T10:00:00Z'");
	lines = log_lines();
	assert_int_equal(log_times(log_line(lines, "bram", "viewed", "care",
					    "success", "2026-01-02")),
			 1);
	json_decref(lines);
	test_sql(fx.db, "UPDATE audit_log SET ts = '2026-07-01T21:30:00Z'"
			" WHERE ts = '2026-01-01T23:30:00Z'");
	lines = log_lines();
	assert_int_equal(log_times(log_line(lines, "bram", "viewed", "care",
					    "success", "2026-07-01")),
			 1);
	json_decref(lines);
}

/* SEC-4: a BSN is stored only when it passes the eleven test. */
static void
test_door_bsn(void **state)
{
	static const char *const bad[] = {"123456789", "12345678", "1234567x9",
					  "12345678a", "000000000"};
	struct svc_entry_input in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *c;

	(void)state;
	ZK_RULE("SEC-4");
	test_actor(fx.svc, fx.tenant, "office", &a);
	in.subject_uid = fx.client;
	in.category = "bsn";
	in.purpose = "business_operations";
	in.legal_basis = "legal_obligation";
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		c = json_pack("{s:s}", "bsn", bad[i]);
		in.content = c;
		assert_int_equal(
		    svc_entry_create(fx.svc, &a, &in, uid, NULL, &cause),
		    ZK_EINVAL);
		assert_non_null(strstr(cause, "SEC-4"));
		free(cause);
		cause = NULL;
		json_decref(c);
	}
	/* 111222333: 9+8+7+12+10+8+9+6 = 69, 69 - 3 = 66 = 6 x 11. */
	c = json_pack("{s:s}", "bsn", "111222333");
	in.content = c;
	assert_int_equal(svc_entry_create(fx.svc, &a, &in, uid, NULL, &cause),
			 0);
	json_decref(c);
}

/*
 * REG-1: the profile is reloaded when the day turns; a request in flight
 * at midnight still holds the old one (its role ids, its rules), so the
 * old one lives on until the next reload. Under ASan, reading it after a
 * reload that freed it fails this test.
 */
static void
test_door_profile_reload(void **state)
{
	const struct profile *old;
	struct svc_tenant *t;
	char *cause = NULL, id[64];

	(void)state;
	ZK_RULE("REG-1");
	assert_int_equal(svc_tenant(fx.svc, fx.tenant, &t, &cause), 0);
	old = t->profile;
	t->day--; /* as if the day turned */
	assert_int_equal(svc_tenant(fx.svc, fx.tenant, &t, &cause), 0);
	assert_ptr_not_equal(t->profile, old);
	zk_strlcpy(id, old->roles[0].id, sizeof id);
	assert_string_equal(id, t->profile->roles[0].id);
}

/*
 * REG-1: a request holds its day, so that it is decided by one version of
 * the profile even when midnight passes while it runs; once released, the
 * day follows the clock again.
 */
static void
test_door_day_hold(void **state)
{
	const struct profile *held;
	struct svc_tenant *t;
	char *cause = NULL;
	int32_t today = zk_day_nl(zk_now());

	(void)state;
	ZK_RULE("REG-1");
	ZK_RULE("SEC-4");
	assert_int_equal(svc_today(fx.svc), today);
	svc_day_hold(fx.svc, today - 1);
	assert_int_equal(svc_today(fx.svc), today - 1);
	assert_int_equal(svc_tenant(fx.svc, fx.tenant, &t, &cause), 0);
	assert_int_equal(t->day, today - 1);
	held = t->profile;
	/* The clock says another day; the held one still decides. */
	assert_int_equal(svc_tenant(fx.svc, fx.tenant, &t, &cause), 0);
	assert_ptr_equal(t->profile, held);
	assert_int_equal(t->day, today - 1);
	/* SEC-4: born "in the future" is judged by the held day as well. */
	{
		char born[ZK_DATE_LEN], uid[ZK_UUID_LEN];
		struct actor sys;
		json_t *id;

		zk_date_fmt(today, born);
		id = json_pack("{s:s, s:s}", "family_name", "Nieuw",
			       "birth_date", born);
		svc_actor_system(&sys, fx.tenant, "test", "test");
		assert_int_equal(svc_subject_create(fx.svc, &sys, "client", id,
						    NULL, uid, NULL, &cause),
				 ZK_EINVAL);
		assert_non_null(strstr(cause, "future"));
		free(cause);
		cause = NULL;
		svc_day_release(fx.svc);
		assert_int_equal(svc_subject_create(fx.svc, &sys, "client", id,
						    NULL, uid, NULL, &cause),
				 0);
		json_decref(id);
	}
	assert_int_equal(svc_today(fx.svc), today);
	assert_int_equal(svc_tenant(fx.svc, fx.tenant, &t, &cause), 0);
	assert_int_equal(t->day, today);
	assert_ptr_not_equal(t->profile, held);
}

/* ACC-5: the responsible professional adds the team around a client. */
static void
test_door_team_relations(void **state)
{
	char *cause = NULL, rule[32];
	struct actor a, sys_actor;

	(void)state;
	ZK_RULE("ACC-5");
	ZK_RULE("ACC-2");
	svc_actor_system(&sys_actor, fx.tenant, "test", "test");
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "carla",
					  "co_treating", "2026-01-01", NULL,
					  NULL, &cause),
			 0);
	test_audit_last(fx.svc, fx.tenant, "rule", rule, sizeof rule);
	assert_string_equal(rule, "ACC-5");
	/* The same relation twice at once is one too many. */
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "carla",
					  "co_treating", "2026-02-01", NULL,
					  NULL, &cause),
			 ZK_ECONFLICT);
	free(cause);
	cause = NULL;
	test_audit_last(fx.svc, fx.tenant, "reason", rule, sizeof rule);
	assert_string_equal(rule, "relation_exists");
	{
		char checks[200];

		test_audit_last(fx.svc, fx.tenant, "checks", checks,
				sizeof checks);
		assert_true(strncmp(checks, "authz=deny;", 11) == 0);
	}
	/* Nor one that starts earlier and runs into it. */
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "carla",
					  "co_treating", "2025-06-01", NULL,
					  NULL, &cause),
			 ZK_ECONFLICT);
	free(cause);
	cause = NULL;
	/* One that ends before it begins is another period: fine. */
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "carla",
					  "co_treating", "2025-06-01",
					  "2025-12-31", NULL, &cause),
			 0);
	/* A co-treating professional does not decide who joins, nor learns
	 * which accounts exist by trying. */
	test_actor(fx.svc, fx.tenant, "bram", &a);
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "carla",
					  "substitute", "2026-01-01", NULL,
					  NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "niemand",
					  "substitute", "2026-01-01", NULL,
					  NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	/* Nor does anyone for a client they do not treat. */
	test_actor(fx.svc, fx.tenant, "anna", &a);
	cause = NULL;
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.other, "anna",
					  "responsible", "2026-01-01", NULL,
					  NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	/* ACC-2: nor does the responsible professional lengthen their own
	 * relation, or give themselves another: someone else grants it. */
	cause = NULL;
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "anna",
					  "responsible", "2026-01-01",
					  "2099-12-31", NULL, &cause),
			 ZK_EDENIED);
	test_audit_last(fx.svc, fx.tenant, "reason", rule, sizeof rule);
	assert_string_equal(rule, "relation_for_oneself");
	free(cause);
	/* LOG-1: a relation with a user who does not exist or is disabled
	 * is a refused attempt on the client, logged. */
	cause = NULL;
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "niemand",
					  "co_treating", "2026-01-01", NULL,
					  NULL, &cause),
			 ZK_ENOTFOUND);
	free(cause);
	test_audit_last(fx.svc, fx.tenant, "reason", rule, sizeof rule);
	assert_string_equal(rule, "unknown_user");
	test_audit_last(fx.svc, fx.tenant, "outcome", rule, sizeof rule);
	assert_string_equal(rule, "refused");
	cause = NULL;
	assert_int_equal(svc_user_disable(fx.svc, &sys_actor, "bram", &cause),
			 0);
	assert_int_equal(svc_relation_add(fx.svc, &a, fx.client, "bram",
					  "substitute", "2026-01-01", NULL,
					  NULL, &cause),
			 ZK_ECONFLICT);
	free(cause);
	test_audit_last(fx.svc, fx.tenant, "reason", rule, sizeof rule);
	assert_string_equal(rule, "user_disabled");
}

/*
 * ACC-6, FG-2: an emergency access is reviewed by the DPO only, once; the
 * database refuses to change a decided review as well.
 */
static void
test_door_break_glass_reviewed_once(void **state)
{
	char uid[ZK_UUID_LEN], exp[ZK_TIME_LEN], *cause = NULL, v[64];
	struct actor a;
	json_t *q = NULL;
	(void)state;
	ZK_RULE("ACC-6");
	ZK_RULE("FG-2");
	test_user(fx.svc, fx.tenant, "fg", "dpo");
	test_actor(fx.svc, fx.tenant, "bram", &a);
	assert_int_equal(svc_break_glass(fx.svc, &a, fx.other,
					 "Cliënt onwel, niemand bereikbaar",
					 uid, exp, NULL, &cause),
			 0);
	/* Not the DPO: refused and logged. */
	test_actor(fx.svc, fx.tenant, "office", &a);
	assert_int_equal(
	    svc_break_glass_review(fx.svc, &a, uid, "justified", NULL, &cause),
	    ZK_EDENIED);
	free(cause);
	cause = NULL;
	test_audit_last(fx.svc, fx.tenant, "rule", v, sizeof v);
	assert_string_equal(v, "FG-2");
	test_audit_last(fx.svc, fx.tenant, "outcome", v, sizeof v);
	assert_string_equal(v, "refused");
	test_actor(fx.svc, fx.tenant, "fg", &a);
	assert_int_equal(svc_break_glass_queue(fx.svc, &a, 1, &q, &cause), 0);
	assert_int_equal(json_array_size(q), 1);
	json_decref(q);
	assert_int_equal(
	    svc_break_glass_review(fx.svc, &a, uid, "justified", NULL, &cause),
	    0);
	assert_int_equal(svc_break_glass_review(fx.svc, &a, uid,
						"not_justified", "Berisping",
						&cause),
			 ZK_ECONFLICT);
	free(cause);
	cause = NULL;
	test_audit_last(fx.svc, fx.tenant, "reason", v, sizeof v);
	assert_string_equal(v, "already_reviewed");
	assert_int_equal(svc_break_glass_queue(fx.svc, &a, 1, &q, &cause), 0);
	assert_int_equal(json_array_size(q), 0);
	json_decref(q);
	/* Decided once in the database too. */
	assert_int_equal(
	    test_sql_try(fx.db,
			 "UPDATE break_glass SET verdict = 'not_justified'"),
	    ZK_EEXIST);
	assert_int_equal(test_sql_int(fx.db, "SELECT count(*) FROM break_glass "
					     "WHERE verdict = 'justified'"),
			 1);
}

/* The newest log entry's user_role and role_code are as expected. */
static void
expect_roles(const char *role, const char *code)
{
	char v[64];

	test_audit_last(fx.svc, fx.tenant, "user_role", v, sizeof v);
	assert_string_equal(v, role);
	test_audit_last(fx.svc, fx.tenant, "role_code", v, sizeof v);
	assert_string_equal(v, code);
}

/*
 * LOG-5: each entry names the ISO 21298 functional role of the access: the
 * responsible professional is the client's personal healthcare
 * professional, a co-treating one a healthcare professional, one who broke
 * the glass a privileged one; the office, the DPO and the system support
 * care as administrators. LOG-1: a user with several roles is logged in
 * the one that allowed the act.
 */
static void
test_door_role_codes(void **state)
{
	const char *roles[2] = {"administrator", "dpo"};
	char uid[ZK_UUID_LEN], bg[ZK_UUID_LEN], exp[ZK_TIME_LEN], *cause = NULL;
	struct svc_user_input in;
	struct svc_decision d;
	struct actor a, sys;
	json_t *e = NULL;

	(void)state;
	ZK_RULE("LOG-5");
	ZK_RULE("LOG-1");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Tekst.", uid, &cause), 0);
	expect_roles("professional", "PersonalHealthcareProfessional");
	test_actor(fx.svc, fx.tenant, "bram", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	expect_roles("professional", "HealthcareProfessional");
	/* Refused, carla is still a healthcare professional. */
	test_actor(fx.svc, fx.tenant, "carla", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	expect_roles("professional", "HealthcareProfessional");
	assert_int_equal(svc_break_glass(fx.svc, &a, fx.client,
					 "Cliënt gevallen in de nacht, geen "
					 "vaste begeleider bereikbaar",
					 bg, exp, &d, &cause),
			 0);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	expect_roles("professional", "PrivilegedHealthcareProfessional");
	test_actor(fx.svc, fx.tenant, "office", &a);
	assert_int_equal(
	    svc_subject_get(fx.svc, &a, fx.client, "client", &e, NULL, &cause),
	    0);
	json_decref(e);
	expect_roles("office", "Administrator");
	/* Administrator first, DPO second: the log is read as the DPO. */
	memset(&in, 0, sizeof in);
	in.username = "fg";
	in.roles = roles;
	in.nroles = 2;
	in.confidentiality = "profession";
	svc_actor_system(&sys, fx.tenant, "test", "test");
	assert_int_equal(svc_user_add(fx.svc, &sys, &in, uid, &cause), 0);
	expect_roles("system", "Administrator");
	test_actor(fx.svc, fx.tenant, "fg", &a);
	assert_int_equal(svc_subject_log(fx.svc, &a, fx.client, &e, &cause), 0);
	json_decref(e);
	expect_roles("dpo", "Administrator");
	assert_true(test_verify(fx.svc));
}

/* LOG-5: the NEN 7513 fields of an entry are filled in. */
static void
test_door_log_fields(void **state)
{
	static const char *const fields[] = {
	    "action",	   "outcome",	  "checks",
	    "user_uid",	   "user_role",	  "access_point",
	    "subject_uid", "object_type", "object_uid",
	    "category",	   "purpose",	  "protocol",
	    "source",	   "ts"};
	char uid[ZK_UUID_LEN], *cause = NULL, v[200];
	struct actor a;
	json_t *e = NULL;

	(void)state;
	ZK_RULE("LOG-5");
	ZK_RULE("LOG-4");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Tekst.", uid, &cause), 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		test_audit_last(fx.svc, fx.tenant, fields[i], v, sizeof v);
		if (v[0] == '\0')
			fail_msg("log field %s is empty", fields[i]);
	}
	test_audit_last(fx.svc, fx.tenant, "action", v, sizeof v);
	assert_string_equal(v, "R");
	test_audit_last(fx.svc, fx.tenant, "protocol", v, sizeof v);
	assert_string_equal(v, "micare-werkt@2018.1");
	test_audit_last(fx.svc, fx.tenant, "checks", v, sizeof v);
	assert_non_null(strstr(v, "authz=permit;relation=responsible"));
	/* LOG-4: no care content in any of it. */
	test_audit_last(fx.svc, fx.tenant,
			"event || checks || reason || coalesce(purpose, '')", v,
			sizeof v);
	assert_null(strstr(v, "Tekst"));
}

/* The number of lines of the view with this action, data and outcome. */
static int
log_count(json_t *lines, const char *who, const char *action, const char *data,
	  const char *outcome)
{
	size_t i;
	json_t *l;
	int n = 0;

	json_array_foreach(lines, i, l)
	{
		const char *d = json_string_value(json_object_get(l, "data"));

		n += strcmp(json_string_value(json_object_get(l, "action")),
			    action) == 0 &&
		     strcmp(json_string_value(json_object_get(l, "outcome")),
			    outcome) == 0 &&
		     strstr(json_string_value(json_object_get(l, "who")),
			    who) != NULL &&
		     d != NULL && strcmp(d, data) == 0;
	}
	return n;
}

/*
 * LOG-8: the same action on the same data by the same person on one day
 * is one line, even when other lines stand between; and the person is
 * the account, not the name: two people of one name stay two lines.
 */
static void
test_door_log_merge_between(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor anna, bram, carla;
	json_t *lines, *e = NULL;

	(void)state;
	ZK_RULE("LOG-8");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Tekst.", uid, &cause), 0);
	test_actor(fx.svc, fx.tenant, "anna", &anna);
	test_actor(fx.svc, fx.tenant, "bram", &bram);
	test_actor(fx.svc, fx.tenant, "carla", &carla);
	/* bram, anna, carla (refused), bram, anna, bram. */
	assert_int_equal(svc_entry_read(fx.svc, &bram, uid, &e, NULL, &cause),
			 0);
	json_decref(e);
	assert_int_equal(svc_entry_read(fx.svc, &anna, uid, &e, NULL, &cause),
			 0);
	json_decref(e);
	assert_int_equal(svc_entry_read(fx.svc, &carla, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	for (int n = 0; n < 2; n++) {
		assert_int_equal(
		    svc_entry_read(fx.svc, &bram, uid, &e, NULL, &cause), 0);
		json_decref(e);
		assert_int_equal(
		    svc_entry_read(fx.svc, &anna, uid, &e, NULL, &cause), 0);
		json_decref(e);
	}
	lines = log_lines();
	assert_int_equal(log_count(lines, "bram", "viewed", "care", "success"),
			 1);
	assert_int_equal(log_times(log_line(lines, "bram", "viewed", "care",
					    "success", NULL)),
			 3);
	assert_int_equal(log_count(lines, "anna", "viewed", "care", "success"),
			 1);
	assert_int_equal(log_times(log_line(lines, "anna", "viewed", "care",
					    "success", NULL)),
			 3);
	/* A refusal does not merge into the reads that succeeded. */
	assert_int_equal(log_times(log_line(lines, "carla", "tried to view",
					    "care", "refused", NULL)),
			 1);
	json_decref(lines);
	/* Two people who share a name are still two people. */
	test_sql(fx.db, "UPDATE staff_user SET display_name = 'J. de Wit'"
			" WHERE username IN ('anna', 'bram')");
	lines = log_lines();
	assert_int_equal(
	    log_count(lines, "J. de Wit", "viewed", "care", "success"), 2);
	assert_int_equal(log_times(log_line(lines, "J. de Wit", "viewed",
					    "care", "success", NULL)),
			 3);
	json_decref(lines);
}

/*
 * COR-2: a correction may say why; the reason is sealed with the
 * subject's key, shown with the correction, and the original names its
 * correction. A bad reason is refused before anything is written, and
 * who may not correct writes no reason either.
 */
static void
test_door_correction_reason(void **state)
{
	char uid[ZK_UUID_LEN], fix[ZK_UUID_LEN], fix2[ZK_UUID_LEN];
	char *cause = NULL, big[1100];
	struct actor a;
	json_t *e = NULL, *c;

	(void)state;
	ZK_RULE("COR-2");
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Fout.", uid, &cause), 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	c = json_pack("{s:s, s:s}", "kind", "rapportage", "text", "Goed.");
	/* Bad reasons: empty, blank, a control character, too long. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	{
		const char *bad[] = {"", "  \t ", "a\001b", big};

		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			assert_int_equal(svc_entry_correct_why(fx.svc, &a, uid,
							       c, bad[i], fix,
							       NULL, &cause),
					 ZK_EINVAL);
			assert_non_null(strstr(cause, "COR-2"));
			free(cause);
			cause = NULL;
		}
	}
	/* Who may not correct the entry leaves no reason behind. */
	test_actor(fx.svc, fx.tenant, "office", &a);
	assert_int_equal(svc_entry_correct_why(fx.svc, &a, uid, c,
					       "verkeerde cliënt", fix, NULL,
					       &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_sql_int(fx.db, "SELECT count(*) FROM entry_correction"), 0);
	test_actor(fx.svc, fx.tenant, "anna", &a);
	assert_int_equal(svc_entry_correct_why(fx.svc, &a, uid, c,
					       "Verkeerde cliënt, zie gesprek",
					       fix, NULL, &cause),
			 0);
	/* Sealed at rest. */
	assert_int_equal(
	    test_sql_int(fx.db, "SELECT count(*) FROM entry_correction"), 1);
	assert_int_equal(
	    test_sql_int(fx.db, "SELECT count(*) FROM entry_correction"
				" WHERE CAST(reason AS TEXT) LIKE '%gesprek%'"),
	    0);
	/* The original points to its correction. */
	assert_int_equal(svc_entry_read(fx.svc, &a, uid, &e, NULL, &cause), 0);
	assert_string_equal(
	    json_string_value(json_object_get(e, "corrected_by")), fix);
	assert_null(json_object_get(e, "reason"));
	json_decref(e);
	assert_int_equal(svc_entry_read(fx.svc, &a, fix, &e, NULL, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(e, "reason")),
			    "Verkeerde cliënt, zie gesprek");
	assert_string_equal(json_string_value(json_object_get(e, "corrects")),
			    uid);
	assert_null(json_object_get(e, "corrected_by"));
	json_decref(e);
	/* A correction without a reason, of the correction: it too is
	 * pointed to, and shows no reason. */
	assert_int_equal(
	    svc_entry_correct(fx.svc, &a, fix, c, fix2, NULL, &cause), 0);
	assert_int_equal(svc_entry_read(fx.svc, &a, fix, &e, NULL, &cause), 0);
	assert_string_equal(
	    json_string_value(json_object_get(e, "corrected_by")), fix2);
	json_decref(e);
	assert_int_equal(svc_entry_read(fx.svc, &a, fix2, &e, NULL, &cause), 0);
	assert_null(json_object_get(e, "reason"));
	json_decref(e);
	json_decref(c);
	assert_true(test_verify(fx.svc));
}

/* Registers a client as office; the warnings into *w. */
static int
register_client(const char *family, const char *given, const char *born,
		char uid[ZK_UUID_LEN], json_t **w)
{
	char *cause = NULL;
	struct actor a;
	json_t *id = json_pack("{s:s, s:s, s:s}", "family_name", family,
			       "given_names", given, "birth_date", born);
	int rc;

	test_actor(fx.svc, fx.tenant, "office", &a);
	rc = svc_subject_register(fx.svc, &a, "client", id, NULL, uid, NULL, w,
				  &cause);
	if (rc != 0)
		fail_msg("register: %s", cause ? cause : "?");
	json_decref(id);
	return rc;
}

/*
 * SEC-4: registering someone with the name and birth date of a client
 * registered before succeeds, with a warning naming that client; the
 * match shown is logged (LOG-1). Another birth date, or other given
 * names (twins), is no match.
 */
static void
test_door_duplicate_warning(void **state)
{
	char first[ZK_UUID_LEN], uid[ZK_UUID_LEN], v[64], *cause = NULL;
	json_t *w = NULL, *m;
	struct actor admin;

	(void)state;
	ZK_RULE("SEC-4");
	ZK_RULE("LOG-1");
	register_client("Pietersen", "Anna Maria", "1950-03-01", first, &w);
	assert_int_equal(json_array_size(w), 0);
	json_decref(w);
	register_client("PIETERSEN", "anna maria", "1950-03-01", uid, &w);
	assert_int_equal(json_array_size(w), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(w, 0), "code")),
	    "possible_duplicate");
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(w, 0), "rule")),
	    "SEC-4");
	m = json_object_get(json_array_get(w, 0), "matches");
	assert_int_equal(json_array_size(m), 1);
	assert_string_equal(json_string_value(json_array_get(m, 0)), first);
	json_decref(w);
	assert_int_equal(test_audit_count(fx.svc, fx.tenant,
					  "subject.duplicate_check", "success"),
			 1);
	assert_int_equal(
	    test_sql_int(fx.db, "SELECT count(*) FROM audit_log"
				" WHERE event = 'subject.duplicate_check'"
				"   AND subject_uid = (SELECT uid FROM subject"
				"                      ORDER BY id LIMIT 1"
				"                      OFFSET 2)"),
	    1);
	/* Both are registered: two people may share both. */
	assert_int_equal(test_sql_int(fx.db, "SELECT count(*) FROM subject"),
			 4);
	register_client("Pietersen", "Anna Maria", "1950-03-02", uid, &w);
	assert_int_equal(json_array_size(w), 0);
	json_decref(w);
	register_client("Pietersen", "Johanna", "1950-03-01", uid, &w);
	assert_int_equal(json_array_size(w), 0);
	json_decref(w);
	/* Refused to register: no warning, nothing named. */
	test_actor(fx.svc, fx.tenant, "admin", &admin);
	w = NULL;
	{
		json_t *id = json_pack("{s:s, s:s, s:s}", "family_name",
				       "Pietersen", "given_names", "Anna Maria",
				       "birth_date", "1950-03-01");

		assert_int_equal(svc_subject_register(fx.svc, &admin, "client",
						      id, NULL, uid, NULL, &w,
						      &cause),
				 ZK_EDENIED);
		json_decref(id);
	}
	free(cause);
	assert_null(w);
	assert_int_equal(test_audit_count(fx.svc, fx.tenant,
					  "subject.duplicate_check", NULL),
			 1);
	test_audit_last(fx.svc, fx.tenant, "event", v, sizeof v);
	assert_string_equal(v, "subject.create");
}

/*
 * ACC-2: a listing refused for want of a care relation says so, even when
 * other categories of the list are refused by the scheme (ACC-1), as a
 * single read does.
 */
static void
test_door_list_names_relation(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct zk_buf out;
	struct actor a;

	(void)state;
	ZK_RULE("ACC-2");
	zk_buf_init(&out, 0);
	assert_int_equal(
	    write_entry("anna", fx.client, "care", "Tekst.", uid, &cause), 0);
	{
		struct svc_entry_input in;

		memset(&in, 0, sizeof in);
		test_actor(fx.svc, fx.tenant, "office", &a);
		in.subject_uid = fx.client;
		in.category = "financial";
		in.purpose = "business_operations";
		in.legal_basis = "contract";
		in.content = json_pack("{s:s, s:s}", "kind", "factuur",
				       "description", "Factuur 12.");
		assert_int_equal(
		    svc_entry_create(fx.svc, &a, &in, uid, NULL, &cause), 0);
		json_decref(in.content);
	}
	/* carla's substitute period has ended. */
	test_actor(fx.svc, fx.tenant, "carla", &a);
	assert_int_equal(
	    svc_entry_list(fx.svc, &a, fx.client, NULL, &out, &cause),
	    ZK_EDENIED);
	if (strstr(cause, "no_care_relation (ACC-2)") == NULL)
		fail_msg("cause: %s", cause);
	free(cause);
	zk_buf_release(&out);
}

/* ACC-6: a reason too short to break the glass says the minimum. */
static void
test_door_break_glass_short(void **state)
{
	char uid[ZK_UUID_LEN], exp[ZK_TIME_LEN], *cause = NULL, want[80];
	struct actor a;
	struct profile *p = test_profile("micare-werkt");

	(void)state;
	ZK_RULE("ACC-6");
	snprintf(want, sizeof want, "at least %zu characters",
		 p->break_glass.min_reason);
	profile_free(p);
	test_actor(fx.svc, fx.tenant, "carla", &a);
	assert_int_equal(svc_break_glass(fx.svc, &a, fx.client, "onwel", uid,
					 exp, NULL, &cause),
			 ZK_EDENIED);
	if (strstr(cause, want) == NULL)
		fail_msg("cause: %s", cause);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_audit_count(fx.svc, fx.tenant, "break_glass.grant", "refused"),
	    1);
	assert_int_equal(svc_break_glass(fx.svc, &a, fx.client,
					 "Cliënt onwel aangetroffen, huisarts "
					 "onbereikbaar",
					 uid, exp, NULL, &cause),
			 0);
}

/*
 * SEC-4: a client whose identity cannot be opened (a damaged row, or a
 * key destroyed) is no match, and does not stop the registration the
 * warning is for.
 */
static void
test_door_duplicate_unreadable(void **state)
{
	char uid[ZK_UUID_LEN];
	json_t *w = NULL;

	(void)state;
	ZK_RULE("SEC-4");
	register_client("Pietersen", "Anna Maria", "1950-03-01", uid, &w);
	json_decref(w);
	test_sql(fx.db, "UPDATE subject SET identity = zeroblob(1)");
	w = NULL;
	assert_int_equal(
	    register_client("Pietersen", "Anna Maria", "1950-03-01", uid, &w),
	    0);
	assert_int_equal(json_array_size(w), 0);
	json_decref(w);
}

/*
 * ERA-5: a connection's cache of wrapped client keys (keycache.c) gives a
 * key back only for the tenant, client and key generation it was kept
 * for, forgets every generation of a client it is told to drop, and no
 * key older than a minute.
 */
static void
test_door_era5_keycache_slots(void **state)
{
	static const char u1[] = "11111111-1111-4111-8111-111111111111";
	static const char u2[] = "22222222-2222-4222-8222-222222222222";
	unsigned char w0[48], w1[48], w2[48], got[KEYSTORE_MAX_WRAPPED];
	struct service *svc = calloc(1, sizeof *svc);
	struct svc_keyslot *slot = NULL;
	size_t len = 0;

	(void)state;
	ZK_RULE("ERA-5");
	assert_non_null(svc);
	memset(w0, 0xa0, sizeof w0);
	memset(w1, 0xa1, sizeof w1);
	memset(w2, 0xa2, sizeof w2);
	svc_keycache_put(svc, 1, u1, 0, w0, sizeof w0);
	assert_int_equal(svc_keycache_get(svc, 1, u1, 0, got, &len), 0);
	assert_int_equal(len, sizeof w0);
	assert_memory_equal(got, w0, sizeof w0);
	/* Another generation, tenant or client is not this key. */
	for (int gen = 1; gen <= 1024; gen++)
		if (svc_keycache_get(svc, 1, u1, gen, got, &len) !=
		    ZK_ENOTFOUND)
			fail_msg("generation %d gave generation 0's key", gen);
	assert_int_equal(svc_keycache_get(svc, 2, u1, 0, got, &len),
			 ZK_ENOTFOUND);
	assert_int_equal(svc_keycache_get(svc, 1, u2, 0, got, &len),
			 ZK_ENOTFOUND);
	/* Two generations side by side, each its own. */
	svc_keycache_put(svc, 1, u1, 1, w1, sizeof w1);
	svc_keycache_put(svc, 2, u1, 0, w2, sizeof w2);
	assert_int_equal(svc_keycache_get(svc, 1, u1, 1, got, &len), 0);
	assert_memory_equal(got, w1, sizeof w1);
	assert_int_equal(svc_keycache_get(svc, 1, u1, 0, got, &len), 0);
	assert_memory_equal(got, w0, sizeof w0);
	/* An erased client: every generation goes, the other tenant's stays. */
	svc_keycache_drop(svc, 1, u1);
	assert_int_equal(svc_keycache_get(svc, 1, u1, 0, got, &len),
			 ZK_ENOTFOUND);
	assert_int_equal(svc_keycache_get(svc, 1, u1, 1, got, &len),
			 ZK_ENOTFOUND);
	assert_int_equal(svc_keycache_get(svc, 2, u1, 0, got, &len), 0);
	assert_memory_equal(got, w2, sizeof w2);
	/* Kept a minute at most: the slot's time is moved back. */
	svc_keycache_put(svc, 1, u2, 0, w0, sizeof w0);
	for (int i = 0; i < SVC_KEYCACHE_SLOTS; i++)
		if (svc->keycache[i].len != 0 &&
		    strcmp(svc->keycache[i].uid, u2) == 0)
			slot = &svc->keycache[i];
	assert_non_null(slot);
	slot->at_ms -= 59000;
	assert_int_equal(svc_keycache_get(svc, 1, u2, 0, got, &len), 0);
	slot->at_ms -= 1000;
	assert_int_equal(svc_keycache_get(svc, 1, u2, 0, got, &len),
			 ZK_ENOTFOUND);
	assert_int_equal(slot->len, 0);
	/* Nothing kept that does not fit; a closed connection keeps none. */
	svc_keycache_put(svc, 1, u2, 0, w0, 0);
	assert_int_equal(svc_keycache_get(svc, 1, u2, 0, got, &len),
			 ZK_ENOTFOUND);
	svc_keycache_clear(svc);
	assert_int_equal(svc_keycache_get(svc, 2, u1, 0, got, &len),
			 ZK_ENOTFOUND);
	free(svc);
}

/*
 * ERA-5: an erasure on one connection (the log writer's, which carries
 * out every change) makes every other connection of the process forget
 * the keys it keeps, so no destroyed key stays in memory; and a key read
 * before the erasure is not kept after it.
 */
static void
test_door_era5_keycache_forget_all(void **state)
{
	static const char u1[] = "33333333-3333-4333-8333-333333333333";
	unsigned char w[48], got[KEYSTORE_MAX_WRAPPED];
	struct service *reader = calloc(1, sizeof *reader);
	struct service *writer = calloc(1, sizeof *writer);
	size_t len = 0;

	(void)state;
	ZK_RULE("ERA-5");
	assert_non_null(reader);
	assert_non_null(writer);
	memset(w, 0xb0, sizeof w);
	/* Each connection learns the wipes done before it opened. */
	svc_keycache_get(reader, 1, u1, 0, got, &len);
	svc_keycache_get(writer, 1, u1, 0, got, &len);
	svc_keycache_put(reader, 1, u1, 0, w, sizeof w);
	svc_keycache_put(writer, 1, u1, 0, w, sizeof w);
	assert_int_equal(svc_keycache_get(reader, 1, u1, 0, got, &len), 0);
	svc_keycache_forget_all(writer);
	assert_int_equal(svc_keycache_get(writer, 1, u1, 0, got, &len),
			 ZK_ENOTFOUND);
	assert_int_equal(svc_keycache_get(reader, 1, u1, 0, got, &len),
			 ZK_ENOTFOUND);
	for (int i = 0; i < SVC_KEYCACHE_SLOTS; i++)
		assert_int_equal(reader->keycache[i].len, 0);
	/* A key read before another erasure is not kept after it. */
	svc_keycache_forget_all(writer);
	svc_keycache_put(reader, 1, u1, 0, w, sizeof w);
	assert_int_equal(svc_keycache_get(reader, 1, u1, 0, got, &len),
			 ZK_ENOTFOUND);
	/* Once it has seen the wipe, it keeps keys again. */
	svc_keycache_put(reader, 1, u1, 0, w, sizeof w);
	assert_int_equal(svc_keycache_get(reader, 1, u1, 0, got, &len), 0);
	free(reader);
	free(writer);
}

/*
 * ERA-5: the client's row decides, not the cache. With the key file
 * destroyed and the key still in this connection's cache, a row that
 * says destroyed opens nothing (and drops the key); a row of a newer key
 * generation is not opened with the older generation's key.
 */
static void
test_door_era5_keycache_row_decides(void **state)
{
	unsigned char k1[SEAL_KEY_BYTES], k2[SEAL_KEY_BYTES];
	struct store_subject x, o;
	char *cause = NULL;

	(void)state;
	ZK_RULE("ERA-5");
	memset(&x, 0, sizeof x);
	memset(&o, 0, sizeof o);
	assert_int_equal(
	    store_subject_get(fx.svc->store, fx.tenant, fx.client, &x), 0);
	store_subject_release(&x);
	assert_int_equal(x.wrapped_len, 0); /* in the key store */
	assert_int_equal(svc_subject_key(fx.svc, fx.tenant, &x, k1), 0);
	if (keystore_destroy(fx.svc->keys->dir, fx.tenant, x.uid, x.key_gen,
			     svc_today(fx.svc), &cause) != 0)
		fail_msg("destroy: %s", cause ? cause : "?");
	/* The premise: this connection still has the key. */
	assert_int_equal(svc_subject_key(fx.svc, fx.tenant, &x, k2), 0);
	assert_memory_equal(k1, k2, sizeof k1);
	zk_strlcpy(x.key_destroyed_at, "2026-12-03T10:00:00Z",
		   sizeof x.key_destroyed_at);
	assert_int_equal(svc_subject_key(fx.svc, fx.tenant, &x, k2),
			 ZK_ENOTFOUND);
	/* The row that said destroyed dropped it: the file is gone too. */
	x.key_destroyed_at[0] = '\0';
	assert_int_not_equal(svc_subject_key(fx.svc, fx.tenant, &x, k2), 0);

	/* A newer generation than the one kept. */
	assert_int_equal(
	    store_subject_get(fx.svc->store, fx.tenant, fx.other, &o), 0);
	store_subject_release(&o);
	assert_int_equal(svc_subject_key(fx.svc, fx.tenant, &o, k1), 0);
	o.key_gen++;
	assert_int_equal(svc_subject_key(fx.svc, fx.tenant, &o, k2),
			 ZK_ECRYPTO);
	o.key_gen--;
	assert_int_equal(svc_subject_key(fx.svc, fx.tenant, &o, k2), 0);
	assert_memory_equal(k1, k2, sizeof k1);
	seal_wipe(k1, sizeof k1);
	seal_wipe(k2, sizeof k2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_door_day_hold, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_profile_reload, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_permit_logged, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_deny_logged, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_fail_closed_write,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_fail_closed_read, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_fail_closed_refusal,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_act_error_logged, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_work_note, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_purpose_and_fields,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_correction, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_break_glass, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_tenant_isolation, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_admin_only, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_w_no_co_treating, setup_w,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_bsn, setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_team_relations, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_break_glass_reviewed_once,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_role_codes, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_log_fields, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_list_names_relation,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_break_glass_short,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_subject_kind, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_totp_damaged, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_sealed_at_rest, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_entry_text, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_entry_bound, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_bind_old, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_log_merge, setup_m,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_door_log_merge_between,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_correction_reason,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_duplicate_unreadable,
					    setup_m, teardown),
	    cmocka_unit_test_setup_teardown(test_door_duplicate_warning,
					    setup_m, teardown),
	    cmocka_unit_test(test_door_era5_keycache_slots),
	    cmocka_unit_test(test_door_era5_keycache_forget_all),
	    cmocka_unit_test_setup_teardown(test_door_era5_keycache_row_decides,
					    setup_m, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
