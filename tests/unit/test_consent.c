/*
 * test_consent.c: the consent registry through the door. Consent is
 * demonstrable (CON-1), explicit for health data (CON-2), withdrawable
 * with effect from that moment (CON-3), and checked at the moment of use
 * (CON-4). Who may give it follows representation (REP-1, REP-4) and is
 * recorded (REP-6). Objections are enforced from their moment (OBJ-1).
 */
#include <string.h>

#include "support/support.h"

static struct service *svc;
static char db[512];
static int64_t tenant;
static char adult[ZK_UUID_LEN], minor[ZK_UUID_LEN];

static void
client(const char *name, const char *birth, char uid[ZK_UUID_LEN])
{
	struct actor sys;
	char *cause = NULL;
	json_t *id =
	    json_pack("{s:s, s:s}", "family_name", name, "birth_date", birth);

	svc_actor_system(&sys, tenant, "test", "test");
	if (svc_subject_create(svc, &sys, "client", id, NULL, uid, NULL,
			       &cause) != 0)
		fail_msg("client: %s", cause);
	json_decref(id);
	if (svc_relation_add(svc, &sys, uid, "anna", "responsible",
			     "2020-01-01", NULL, NULL, &cause) != 0)
		fail_msg("relation: %s", cause);
}

static int
setup(void **state)
{
	(void)state;
	svc = test_service("micare-werkt", db, sizeof db, &tenant);
	test_user(svc, tenant, "anna", "professional");
	test_user(svc, tenant, "office", "office");
	client("Jansen", "1950-03-01", adult);
	client("Kind", "2016-05-05", minor);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	svc_close(svc);
	return 0;
}

/* A consent given by by, together with also (or NULL). */
static int
consent_with(const char *subject, const char *by, const char *also,
	     const char *categories, bool explicit_consent,
	     char uid[ZK_UUID_LEN], char **cause)
{
	struct svc_consent_input in;
	struct actor a;
	json_t *cats = json_loads(categories, 0, NULL);
	int rc;

	test_actor(svc, tenant, "office", &a);
	memset(&in, 0, sizeof in);
	in.subject_uid = subject;
	in.given_by = by;
	in.also_given_by = also;
	in.form = "written";
	in.evidence = "scan 2026-117";
	in.explicit_consent = explicit_consent;
	in.purpose = "care_delivery";
	in.categories = cats;
	/* An old name of a kind, read as an alias of care_provider. */
	in.recipient_kind = "treating_provider";
	in.recipient = "Huisartsenpraktijk De Linde";
	in.valid_from = "2026-01-01";
	rc = svc_consent_record(svc, &a, &in, uid, cause);
	json_decref(cats);
	return rc;
}

static int
consent(const char *subject, const char *by, const char *categories,
	bool explicit_consent, char uid[ZK_UUID_LEN], char **cause)
{
	return consent_with(subject, by, NULL, categories, explicit_consent,
			    uid, cause);
}

/* Expects rc from a call, then forgets its cause. */
static void
expect_rc(int rc, int want, char **cause)
{
	if (rc != want)
		fail_msg("want %d, got %d: %s", want, rc, *cause ? *cause : "");
	free(*cause);
	*cause = NULL;
}

/*
 * REP-1: a child of 12 to 15 who is able gives consent together with a
 * parent with authority, neither alone (WGBO 7:450(2)); either of them
 * can take it back (CON-3).
 */
static void
test_consent_beside_parents(void **state)
{
	char teen[ZK_UUID_LEN], rep[ZK_UUID_LEN], sib[ZK_UUID_LEN];
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *list = NULL;

	(void)state;
	ZK_RULE("REP-1");
	ZK_RULE("REP-6");
	client("Tiener", "2013-05-05", teen);
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_representative_add(svc, &a, teen, "parent_with_authority",
					 "M. Tiener", false, false, false, rep,
					 &cause),
		  0, &cause);
	expect_rc(svc_representative_add(svc, &a, teen, "sibling", "Z. Tiener",
					 false, false, false, sib, &cause),
		  0, &cause);
	expect_rc(
	    consent_with(teen, NULL, NULL, "[\"care\"]", true, uid, &cause),
	    ZK_EDENIED, &cause);
	expect_rc(
	    consent_with(teen, rep, NULL, "[\"care\"]", true, uid, &cause),
	    ZK_EDENIED, &cause);
	/* Not the child twice: that is no second person (REP-1). */
	expect_rc(consent_with(teen, "subject", "subject", "[\"care\"]", true,
			       uid, &cause),
		  ZK_EINVAL, &cause);
	expect_rc(consent_with(teen, rep, rep, "[\"care\"]", true, uid, &cause),
		  ZK_EINVAL, &cause);
	expect_rc(
	    consent_with(teen, "subject", sib, "[\"care\"]", true, uid, &cause),
	    ZK_EDENIED, &cause);
	expect_rc(
	    consent_with(teen, rep, "subject", "[\"care\"]", true, uid, &cause),
	    0, &cause);
	expect_rc(
	    consent_with(teen, "subject", rep, "[\"care\"]", true, uid, &cause),
	    0, &cause);
	/* REP-6: the parent is recorded, with the basis. */
	expect_rc(svc_consent_list(svc, &a, teen, &list, &cause), 0, &cause);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(list, 1), "given_by")),
			    rep);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(list, 1),
					      "representative_basis")),
	    "REP-1 minor_beside_parents");
	json_decref(list);
	expect_rc(svc_consent_withdraw(svc, &a, uid, "subject", &cause), 0,
		  &cause);
}

/*
 * LOG-1: a refusal is logged as refused whoever asked, the system actor of
 * the command line too: here a brother who may not act for an adult able
 * to decide (REP-1: from 16 and able, the subject decides).
 */
static void
test_consent_system_refusal(void **state)
{
	struct svc_consent_input in;
	struct actor sys, a;
	char rep[ZK_UUID_LEN], uid[ZK_UUID_LEN], *cause = NULL, v[64];
	json_t *cats = json_loads("[\"care\"]", 0, NULL);

	(void)state;
	ZK_RULE("LOG-1");
	ZK_RULE("REP-1");
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_representative_add(svc, &a, adult, "sibling", "Z. Jansen",
					 false, false, false, rep, &cause),
		  0, &cause);
	svc_actor_system(&sys, tenant, "test", "test");
	memset(&in, 0, sizeof in);
	in.subject_uid = adult;
	in.given_by = rep;
	in.form = "written";
	in.evidence = "scan 2026-120";
	in.explicit_consent = true;
	in.purpose = "care_delivery";
	in.categories = cats;
	in.valid_from = "2026-01-01";
	expect_rc(svc_consent_record(svc, &sys, &in, uid, &cause), ZK_EDENIED,
		  &cause);
	test_audit_last(svc, tenant, "outcome", v, sizeof v);
	assert_string_equal(v, "refused");
	test_audit_last(svc, tenant, "reason", v, sizeof v);
	assert_string_equal(v, "may_not_act_for_subject");
	test_audit_last(svc, tenant, "rule", v, sizeof v);
	assert_string_equal(v, "REP-1");
	test_audit_last(svc, tenant, "event", v, sizeof v);
	assert_string_equal(v, "consent.create");
	assert_int_equal(
	    test_audit_count(svc, tenant, "consent.create", "refused"), 1);
	/* The same consent given by the client is recorded as a success. */
	in.given_by = "subject";
	expect_rc(svc_consent_record(svc, &sys, &in, uid, &cause), 0, &cause);
	test_audit_last(svc, tenant, "outcome", v, sizeof v);
	assert_string_equal(v, "success");
	json_decref(cats);
}

/*
 * CON-1, CAT-1: a consent's scope names each category once, only
 * categories that this kind of subject has, and the proof of it.
 */
static void
test_consent_scope(void **state)
{
	struct svc_consent_input in;
	struct actor a;
	char uid[ZK_UUID_LEN], *cause = NULL, v[64];
	json_t *cats;

	(void)state;
	ZK_RULE("CON-1");
	ZK_RULE("CAT-1");
	expect_rc(consent(adult, "subject", "[\"care\", \"care\"]", true, uid,
			  &cause),
		  ZK_EINVAL, &cause);
	expect_rc(consent(adult, "subject", "[\"hr\"]", true, uid, &cause),
		  ZK_EINVAL, &cause);
	test_audit_last(svc, tenant, "reason", v, sizeof v);
	assert_string_equal(v, "category_not_for_subject_kind");
	expect_rc(consent(adult, "subject", "[\"care\"]", true, uid, &cause), 0,
		  &cause);
	cats = json_loads("[\"care\"]", 0, NULL);
	test_actor(svc, tenant, "office", &a);
	memset(&in, 0, sizeof in);
	in.subject_uid = adult;
	in.form = "verbal";
	in.explicit_consent = true;
	in.purpose = "care_delivery";
	in.categories = cats;
	in.valid_from = "2026-01-01";
	expect_rc(svc_consent_record(svc, &a, &in, uid, &cause), ZK_EINVAL,
		  &cause);
	in.evidence = " ";
	expect_rc(svc_consent_record(svc, &a, &in, uid, &cause), ZK_EINVAL,
		  &cause);
	in.evidence = "gespreksverslag 2026-11-23";
	/* The form is one of the four CON-1 names, and nothing else. */
	for (size_t i = 0; i < 3; i++) {
		static const char *const forms[] = {"telepathy", "", "Written"};

		in.form = forms[i];
		assert_int_equal(svc_consent_record(svc, &a, &in, uid, &cause),
				 ZK_EINVAL);
		assert_non_null(strstr(cause, "CON-1"));
		free(cause);
		cause = NULL;
	}
	in.form = NULL;
	assert_int_equal(svc_consent_record(svc, &a, &in, uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_audit_count(svc, tenant, "consent.create", "success"), 1);
	in.form = "verbal";
	expect_rc(svc_consent_record(svc, &a, &in, uid, &cause), 0, &cause);
	json_decref(cats);
}

/* REP-1: without a birth date nobody can tell who acts: refused, clearly. */
static void
test_consent_no_birth_date(void **state)
{
	char who[ZK_UUID_LEN], obj[ZK_UUID_LEN], *cause = NULL;
	struct actor sys, a;
	json_t *id = json_pack("{s:s}", "family_name", "Zonder");

	(void)state;
	ZK_RULE("REP-1");
	svc_actor_system(&sys, tenant, "test", "test");
	expect_rc(svc_subject_create(svc, &sys, "client", id, NULL, who, NULL,
				     &cause),
		  0, &cause);
	json_decref(id);
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_objection_register(svc, &a, who, "business_operations",
					 NULL, "subject", obj, &cause),
		  ZK_EINVAL, &cause);
	expect_rc(consent(who, NULL, "[\"care\"]", true, obj, &cause),
		  ZK_EINVAL, &cause);
	/* LOG-1: the identity was read to find out; the attempt is logged. */
	{
		char v[64];

		test_audit_last(svc, tenant, "outcome", v, sizeof v);
		assert_string_equal(v, "refused");
		test_audit_last(svc, tenant, "reason", v, sizeof v);
		assert_string_equal(v, "birth_date_unknown");
		test_audit_last(svc, tenant, "subject_uid", v, sizeof v);
		assert_string_equal(v, who);
	}
	/* A consent withdrawn twice: the second attempt is refused, logged. */
	expect_rc(consent(adult, "subject", "[\"care\"]", true, obj, &cause), 0,
		  &cause);
	expect_rc(svc_consent_withdraw(svc, &a, obj, "subject", &cause), 0,
		  &cause);
	expect_rc(svc_consent_withdraw(svc, &a, obj, "subject", &cause),
		  ZK_ECONFLICT, &cause);
	{
		char v[64];

		test_audit_last(svc, tenant, "reason", v, sizeof v);
		assert_string_equal(v, "already_withdrawn");
		test_audit_last(svc, tenant, "event", v, sizeof v);
		assert_string_equal(v, "consent.withdraw");
	}
}

/*
 * CON-3, OBJ-1, REP-3: an able adult who authorised someone in writing
 * can still withdraw their consent and object themselves.
 */
static void
test_consent_authorised_adult(void **state)
{
	char who[ZK_UUID_LEN], aiw[ZK_UUID_LEN], uid[ZK_UUID_LEN];
	char obj[ZK_UUID_LEN], *cause = NULL;
	struct actor a;

	(void)state;
	ZK_RULE("CON-3");
	ZK_RULE("OBJ-1");
	ZK_RULE("REP-3");
	client("Zelf", "1970-02-02", who);
	expect_rc(consent(who, NULL, "[\"care\"]", true, uid, &cause), 0,
		  &cause);
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_representative_add(svc, &a, who, "authorised_in_writing",
					 "G. Gemachtigd", false, false, false,
					 aiw, &cause),
		  0, &cause);
	/* The authorised person acts instead of them for a new consent. */
	expect_rc(consent(who, NULL, "[\"care\"]", true, obj, &cause),
		  ZK_EDENIED, &cause);
	expect_rc(svc_consent_withdraw(svc, &a, uid, "subject", &cause), 0,
		  &cause);
	expect_rc(svc_objection_register(svc, &a, who, "business_operations",
					 NULL, "subject", obj, &cause),
		  0, &cause);
	/* REP-6: on what basis they acted is recorded with each act. */
	assert_int_equal(
	    test_sql_int(db, "SELECT count(*) FROM consent WHERE "
			     "withdrawn_by = 'subject' AND withdrawn_basis = "
			     "'CON-3 able_subject_despite_authorisation'"),
	    1);
	assert_int_equal(
	    test_sql_int(db, "SELECT count(*) FROM objection WHERE "
			     "representative_id IS NULL AND "
			     "representative_basis = "
			     "'CON-3 able_subject_despite_authorisation'"),
	    1);
	/* A stranger still cannot. */
	expect_rc(svc_objection_register(
		      svc, &a, who, "complaints_incidents", NULL,
		      "00000000-0000-4000-8000-000000000000", obj, &cause),
		  ZK_EDENIED, &cause);
}

static int
entry_on_consent(const char *as, const char *subject, char uid[ZK_UUID_LEN],
		 char **cause)
{
	struct svc_entry_input in;
	struct actor a;
	json_t *c = json_pack("{s:s, s:s}", "kind", "fotobeleid", "text",
			      "Foto's voor het prikbord.");
	int rc;

	test_actor(svc, tenant, as, &a);
	in.subject_uid = subject;
	in.category = "care";
	in.purpose = "care_delivery";
	in.legal_basis = "consent";
	in.content = c;
	rc = svc_entry_create(svc, &a, &in, uid, NULL, cause);
	json_decref(c);
	return rc;
}

/*
 * REP-3 (M§7.5): only a subject of 16 or older can have authorised someone
 * in writing; a 15-year-old's authorisation is not registered, so it
 * cannot take effect on their 16th birthday. The refusal is logged.
 */
static void
test_consent_authorise_age(void **state)
{
	char fifteen[ZK_UUID_LEN], sixteen[ZK_UUID_LEN], uid[ZK_UUID_LEN];
	char born[ZK_DATE_LEN], *cause = NULL;
	int32_t today = zk_day_nl(zk_now());
	int y, m, d;
	struct actor a;

	(void)state;
	ZK_RULE("REP-3");
	zk_date_to_ymd(today, &y, &m, &d);
	/* 16 tomorrow, and 16 today. */
	today = zk_date_from_ymd(y - 16, m, d);
	zk_date_fmt(today + 1, born);
	client("Vijftien", born, fifteen);
	zk_date_fmt(today, born);
	client("Zestien", born, sixteen);
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_representative_add(svc, &a, fifteen,
					 "authorised_in_writing", "G. Te Vroeg",
					 false, false, false, uid, &cause),
		  ZK_EDENIED, &cause);
	assert_int_equal(
	    test_sql_int(db, "SELECT count(*) FROM audit_log WHERE event = "
			     "'representative.create' AND outcome = 'refused' "
			     "AND reason = 'too_young_to_authorise' AND rule = "
			     "'REP-3'"),
	    1);
	/* Other representatives of a minor are registered as before. */
	expect_rc(svc_representative_add(svc, &a, fifteen,
					 "parent_with_authority", "O. Ouder",
					 false, false, false, uid, &cause),
		  0, &cause);
	expect_rc(svc_representative_add(svc, &a, sixteen,
					 "authorised_in_writing", "G. Op Tijd",
					 false, false, false, uid, &cause),
		  0, &cause);
}

/*
 * REP-4, REP-1: the latest assessment decides however many came before,
 * and nobody registered is silently left out of the order: past what the
 * order can weigh, a representative is not registered (409, logged).
 */
static void
test_consent_many(void **state)
{
	char who[ZK_UUID_LEN], uid[ZK_UUID_LEN], rep[ZK_UUID_LEN];
	char day[ZK_DATE_LEN], name[32], *cause = NULL;
	int32_t start;
	struct actor a, office;

	(void)state;
	ZK_RULE("REP-1");
	ZK_RULE("REP-4");
	client("Veel", "1960-04-04", who);
	test_actor(svc, tenant, "anna", &a);
	test_actor(svc, tenant, "office", &office);
	assert_int_equal(zk_date_parse("2026-01-01", &start), 0);
	for (int i = 0; i < REP_MAX_ASSESSMENTS + 8; i++) {
		zk_date_fmt(start + i, day);
		expect_rc(svc_capacity_add(svc, &a, who, false, day, "zorg",
					   uid, &cause),
			  0, &cause);
	}
	expect_rc(svc_representative_add(svc, &office, who, "curator",
					 "Mr. C. Curator", false, false, false,
					 rep, &cause),
		  0, &cause);
	expect_rc(consent(who, NULL, "[\"care\"]", true, uid, &cause),
		  ZK_EDENIED, &cause);
	/* Able again: the newest assessment, the 41st, decides. */
	zk_date_fmt(start + REP_MAX_ASSESSMENTS + 8, day);
	expect_rc(
	    svc_capacity_add(svc, &a, who, true, day, "zorg", uid, &cause), 0,
	    &cause);
	expect_rc(consent(who, NULL, "[\"care\"]", true, uid, &cause), 0,
		  &cause);
	expect_rc(consent(who, rep, "[\"care\"]", true, uid, &cause),
		  ZK_EDENIED, &cause);
	/* As many people as the order weighs, and not one more. */
	for (int i = 1; i < REP_MAX_PEOPLE; i++) {
		snprintf(name, sizeof name, "B. Broer %d", i);
		expect_rc(svc_representative_add(svc, &office, who, "sibling",
						 name, false, false, false, uid,
						 &cause),
			  0, &cause);
	}
	expect_rc(svc_representative_add(svc, &office, who, "parent",
					 "O. Ouder", false, false, false, uid,
					 &cause),
		  ZK_ECONFLICT, &cause);
	assert_int_equal(
	    test_sql_int(db, "SELECT count(*) FROM audit_log WHERE reason = "
			     "'too_many_representatives'"),
	    1);
}

/* CON-1, REP-6: consent given by an able adult, demonstrable. */
static void
test_consent_by_subject(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *list = NULL, *c;

	(void)state;
	ZK_RULE("CON-1");
	ZK_RULE("REP-1");
	ZK_RULE("REP-6");
	assert_int_equal(consent(adult, NULL, "[\"care\"]", true, uid, &cause),
			 0);
	test_actor(svc, tenant, "office", &a);
	assert_int_equal(svc_consent_list(svc, &a, adult, &list, &cause), 0);
	assert_int_equal(json_array_size(list), 1);
	c = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(c, "given_by")),
			    "subject");
	assert_string_equal(json_string_value(json_object_get(c, "form")),
			    "written");
	assert_string_equal(json_string_value(json_object_get(c, "evidence")),
			    "scan 2026-117");
	assert_string_equal(
	    json_string_value(json_object_get(c, "representative_basis")),
	    "REP-1 able_adult");
	/* CON-1: the scope names the recipient and its kind, stored under
	 * the kind's name (as 024_recipient_kinds renames older ones). */
	assert_string_equal(
	    json_string_value(json_object_get(c, "recipient_kind")),
	    "care_provider");
	assert_string_equal(json_string_value(json_object_get(c, "recipient")),
			    "Huisartsenpraktijk De Linde");
	json_decref(list);
	assert_int_equal(
	    test_audit_count(svc, tenant, "consent.create", "success"), 1);
}

/*
 * CON-1: a recipient that is not UTF-8 text, or too long, is refused; so
 * is a kind of recipient no profile knows.
 */
static void
test_consent_bad_recipient(void **state)
{
	static const char *const bad[] = {
	    "Praktijk \xff", "\xc0\xaf",
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "45678901234567890123456789012345678901234567890123456789"};
	struct svc_consent_input in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *cats = json_pack("[s]", "care");

	(void)state;
	ZK_RULE("CON-1");
	test_actor(svc, tenant, "office", &a);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&in, 0, sizeof in);
		in.subject_uid = adult;
		in.form = "written";
		in.evidence = "scan 2026-119";
		in.explicit_consent = true;
		in.purpose = "care_delivery";
		in.categories = cats;
		in.recipient = bad[i];
		in.valid_from = "2026-01-01";
		assert_int_equal(svc_consent_record(svc, &a, &in, uid, &cause),
				 ZK_EINVAL);
		free(cause);
		cause = NULL;
	}
	/* A kind of recipient that does not exist. */
	in.recipient = NULL;
	in.recipient_kind = "neighbour";
	assert_int_equal(svc_consent_record(svc, &a, &in, uid, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "neighbour"));
	free(cause);
	cause = NULL;
	in.recipient_kind = "insurer";
	assert_int_equal(svc_consent_record(svc, &a, &in, uid, &cause), 0);
	json_decref(cats);
}

/*
 * DIS-3: W exchanges no data with other care providers (W annex 1), so a
 * consent to disclose to a treating provider is refused there; M allows
 * it, and W allows an insurer.
 */
static void
test_consent_forbidden_recipient(void **state)
{
	struct service *w;
	struct svc_consent_input in;
	struct actor sys;
	char wdb[512], uid[ZK_UUID_LEN], client_w[ZK_UUID_LEN];
	char *cause = NULL;
	int64_t wt;
	json_t *cats = json_pack("[s]", "care");
	json_t *id = json_pack("{s:s, s:s}", "family_name", "Pieters",
			       "birth_date", "1990-04-01");

	(void)state;
	ZK_RULE("DIS-3");
	memset(&in, 0, sizeof in);
	in.form = "written";
	in.evidence = "scan 2026-130";
	in.explicit_consent = true;
	in.categories = cats;
	in.valid_from = "2026-01-01";
	in.given_by = "subject";
	in.recipient_kind = "care_provider";
	/* M: a care provider may receive data on consent. */
	svc_actor_system(&sys, tenant, "test", "test");
	in.subject_uid = adult;
	in.purpose = "care_delivery";
	expect_rc(svc_consent_record(svc, &sys, &in, uid, &cause), 0, &cause);
	/* W: no exchange with other care providers, whatever the consent. */
	w = test_service("woondroomzorg", wdb, sizeof wdb, &wt);
	svc_actor_system(&sys, wt, "test", "test");
	expect_rc(svc_subject_create(w, &sys, "client", id, NULL, client_w,
				     NULL, &cause),
		  0, &cause);
	in.subject_uid = client_w;
	in.purpose = "care_guidance";
	assert_int_equal(svc_consent_record(w, &sys, &in, uid, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "DIS-3"));
	free(cause);
	cause = NULL;
	in.recipient_kind = "specialist";
	assert_int_equal(svc_consent_record(w, &sys, &in, uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	/* An insurer is a kind W allows (W§9.2(b)). */
	in.recipient_kind = "insurer";
	expect_rc(svc_consent_record(w, &sys, &in, uid, &cause), 0, &cause);
	json_decref(id);
	json_decref(cats);
	svc_close(w);
}

/* CON-2: consent for health data is explicit. */
static void
test_consent_explicit(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;

	(void)state;
	ZK_RULE("CON-2");
	assert_int_equal(consent(adult, NULL, "[\"care\"]", false, uid, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "CON-2"));
	free(cause);
	cause = NULL;
	assert_int_equal(
	    consent(adult, NULL, "[\"financial\"]", false, uid, &cause), 0);
	assert_int_equal(
	    consent(adult, NULL, "[\"work_note\"]", true, uid, &cause),
	    ZK_EINVAL);
	free(cause);
}

/* REP-1, REP-6: a child of ten cannot consent; the parent can. */
static void
test_consent_representative(void **state)
{
	char uid[ZK_UUID_LEN], rep[ZK_UUID_LEN], other[ZK_UUID_LEN];
	char *cause = NULL;
	struct actor a;
	json_t *list = NULL;

	(void)state;
	ZK_RULE("REP-1");
	ZK_RULE("REP-6");
	ZK_RULE("CON-3");
	assert_int_equal(consent(minor, NULL, "[\"care\"]", true, uid, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "REP-1"));
	free(cause);
	cause = NULL;
	test_actor(svc, tenant, "office", &a);
	assert_int_equal(
	    svc_representative_add(svc, &a, minor, "parent_with_authority",
				   "M. Kind", false, false, false, rep, &cause),
	    0);
	assert_int_equal(svc_representative_add(svc, &a, minor, "sibling",
						"Z. Kind", false, false, false,
						other, &cause),
			 0);
	/* A brother does not represent a child; the parent does. */
	assert_int_equal(consent(minor, other, "[\"care\"]", true, uid, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(consent(minor, rep, "[\"care\"]", true, uid, &cause),
			 0);
	assert_int_equal(svc_consent_list(svc, &a, minor, &list, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(list, 0), "given_by")),
			    rep);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(list, 0),
					      "representative_basis")),
	    "REP-1 minor");
	json_decref(list);
	/* CON-3: withdrawal too is for who may act: not the brother, nor
	 * the child of ten; the parent may. */
	assert_int_equal(svc_consent_withdraw(svc, &a, uid, other, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "REP-1"));
	free(cause);
	cause = NULL;
	assert_int_equal(svc_consent_withdraw(svc, &a, uid, "subject", &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_consent_withdraw(svc, &a, uid, rep, &cause), 0);
	/* REP-6: the withdrawal records who and on what basis too. */
	assert_int_equal(svc_consent_list(svc, &a, minor, &list, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(list, 0), "withdrawn_by")),
			    rep);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(list, 0), "withdrawn_basis")),
			    "REP-1 minor");
	json_decref(list);
}

/* REP-4: an adult assessed as not able is represented in WGBO order. */
static void
test_consent_capacity(void **state)
{
	char uid[ZK_UUID_LEN], cur[ZK_UUID_LEN], sp[ZK_UUID_LEN];
	char *cause = NULL;
	struct actor a;

	(void)state;
	ZK_RULE("REP-4");
	test_actor(svc, tenant, "anna", &a);
	/* Not assessed before birth (1950-03-01). */
	assert_int_equal(svc_capacity_add(svc, &a, adult, false, "1950-02-28",
					  "medische behandeling", uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_capacity_add(svc, &a, adult, false, "2026-01-10",
					  "medische behandeling", uid, &cause),
			 0);
	/* The matter may name a treatment: it is stored sealed. */
	assert_int_equal(
	    test_sql_int(db, "SELECT count(*) FROM capacity_assessment"
			     " WHERE CAST(matter AS TEXT) LIKE '%medische%'"),
	    0);
	/* Stored sealed: a blob (on PostgreSQL the column is bytea). */
	if (!test_engine_pg())
		assert_true(test_sql_int(db, "SELECT count(*) FROM "
					     "capacity_assessment WHERE "
					     "typeof(matter) = 'blob'") >= 1);
	/* The office may not assess capacity: it is a care judgement. */
	test_actor(svc, tenant, "office", &a);
	assert_int_equal(svc_capacity_add(svc, &a, adult, true, "2026-01-11",
					  "alles", uid, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(consent(adult, NULL, "[\"care\"]", true, uid, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_representative_add(
			     svc, &a, adult, "spouse_partner", "P. Jansen",
			     false, false, false, sp, &cause),
			 0);
	assert_int_equal(svc_representative_add(svc, &a, adult, "curator",
						"Mr. C. Curator", false, false,
						false, cur, &cause),
			 0);
	/* The curator comes before the spouse. */
	assert_int_equal(consent(adult, sp, "[\"care\"]", true, uid, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(consent(adult, cur, "[\"care\"]", true, uid, &cause),
			 0);
}

/* CON-4, CON-3: processing on consent checks it at use; withdrawal stops it. */
static void
test_consent_at_use(void **state)
{
	char c_uid[ZK_UUID_LEN], e_uid[ZK_UUID_LEN], *cause = NULL, v[200];
	struct actor a;
	json_t *e = NULL, *list = NULL;

	(void)state;
	ZK_RULE("CON-4");
	ZK_RULE("CON-3");
	ZK_RULE("LOG-5");
	assert_int_equal(entry_on_consent("anna", adult, e_uid, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "CON-4"));
	free(cause);
	cause = NULL;
	/* LOG-5: the check made is logged as made: consent looked for, none. */
	test_audit_last(svc, tenant, "checks", v, sizeof v);
	assert_non_null(strstr(v, "consent=missing"));
	assert_int_equal(
	    consent(adult, NULL, "[\"care\"]", true, c_uid, &cause), 0);
	assert_int_equal(entry_on_consent("anna", adult, e_uid, &cause), 0);
	test_actor(svc, tenant, "anna", &a);
	assert_int_equal(svc_entry_read(svc, &a, e_uid, &e, NULL, &cause), 0);
	json_decref(e);
	test_audit_last(svc, tenant, "consent_ref", v, sizeof v);
	assert_string_equal(v, c_uid);
	test_audit_last(svc, tenant, "checks", v, sizeof v);
	assert_non_null(strstr(v, c_uid));
	/* A listing names the consent it rested on too (LOG-1). */
	assert_int_equal(test_entry_list(svc, &a, adult, "care", &list, &cause),
			 0);
	json_decref(list);
	list = NULL;
	test_audit_last(svc, tenant, "consent_ref", v, sizeof v);
	assert_string_equal(v, c_uid);
	/* While it is in force, a compatible further use may read it. */
	zk_strlcpy(a.use_purpose, "complaints_incidents", sizeof a.use_purpose);
	assert_int_equal(svc_entry_read(svc, &a, e_uid, &e, NULL, &cause), 0);
	json_decref(e);
	a.use_purpose[0] = '\0';
	/* CON-3: withdrawn by the subject; from now on it stops. */
	test_actor(svc, tenant, "office", &a);
	assert_int_equal(svc_consent_withdraw(svc, &a, c_uid, NULL, &cause), 0);
	assert_int_equal(svc_consent_withdraw(svc, &a, c_uid, NULL, &cause),
			 ZK_ECONFLICT);
	free(cause);
	cause = NULL;
	test_actor(svc, tenant, "anna", &a);
	assert_int_equal(svc_entry_read(svc, &a, e_uid, &e, NULL, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "CON-4"));
	free(cause);
	cause = NULL;
	/* PUR-2 does not reopen it: a compatible further use (a complaint
	 * about the care) rests on the same, withdrawn, consent. */
	zk_strlcpy(a.use_purpose, "complaints_incidents", sizeof a.use_purpose);
	assert_int_equal(svc_entry_read(svc, &a, e_uid, &e, NULL, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "CON-4"));
	free(cause);
	cause = NULL;
	a.use_purpose[0] = '\0';
	assert_int_equal(test_entry_list(svc, &a, adult, "care", &list, &cause),
			 ZK_EDENIED);
	free(cause);
	assert_int_equal(
	    test_audit_count(svc, tenant, "consent.withdraw", "success"), 1);
	assert_true(test_verify(svc));
}

/* CAT-3: special data beside care, or on explicit consent only. */
static void
test_special_data(void **state)
{
	struct svc_entry_input in;
	char uid[ZK_UUID_LEN], *cause = NULL, rule[32];
	struct actor a;
	json_t *c;

	(void)state;
	ZK_RULE("CAT-3");
	ZK_RULE("CON-4");
	test_actor(svc, tenant, "anna", &a);
	c = json_pack("{s:s, s:s}", "kind", "religion", "text", "Halal eten.");
	in.subject_uid = adult;
	in.category = "special";
	in.purpose = "care_delivery";
	in.legal_basis = "contract";
	in.content = c;
	/* Beside care: allowed within the care relation. */
	assert_int_equal(svc_entry_create(svc, &a, &in, uid, NULL, &cause), 0);
	/* For business operations on a contract: not allowed. */
	in.purpose = "business_operations";
	assert_int_equal(svc_entry_create(svc, &a, &in, uid, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	test_audit_last(svc, tenant, "rule", rule, sizeof rule);
	assert_string_equal(rule, "CAT-3");
	/* On the subject's explicit consent to exactly that: allowed. */
	in.legal_basis = "consent";
	assert_int_equal(svc_entry_create(svc, &a, &in, uid, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	test_audit_last(svc, tenant, "rule", rule, sizeof rule);
	assert_string_equal(rule, "CON-4");
	{
		struct svc_consent_input ci;
		struct actor office;
		json_t *cats = json_pack("[s]", "special");
		char c_uid[ZK_UUID_LEN];

		test_actor(svc, tenant, "office", &office);
		memset(&ci, 0, sizeof ci);
		ci.subject_uid = adult;
		ci.form = "written";
		ci.evidence = "scan 2026-118";
		ci.explicit_consent = true;
		ci.purpose = "business_operations";
		ci.categories = cats;
		ci.valid_from = "2026-01-01";
		assert_int_equal(
		    svc_consent_record(svc, &office, &ci, c_uid, &cause), 0);
		json_decref(cats);
	}
	assert_int_equal(svc_entry_create(svc, &a, &in, uid, NULL, &cause), 0);
	json_decref(c);
}

/* PUR-2: another purpose needs compatibility or the subject's consent. */
static void
test_purpose_compatibility(void **state)
{
	struct svc_entry_input in;
	char uid[ZK_UUID_LEN], c_uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *c, *e = NULL;

	(void)state;
	ZK_RULE("PUR-2");
	test_actor(svc, tenant, "anna", &a);
	c = json_pack("{s:s, s:s}", "kind", "rapportage", "text", "Gevallen.");
	in.subject_uid = adult;
	in.category = "care";
	in.purpose = "care_delivery";
	in.legal_basis = "contract";
	in.content = c;
	assert_int_equal(svc_entry_create(svc, &a, &in, uid, NULL, &cause), 0);
	json_decref(c);
	/* Handling a complaint about that care is compatible (M§4.2). */
	zk_strlcpy(a.use_purpose, "complaints_incidents", sizeof a.use_purpose);
	assert_int_equal(svc_entry_read(svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	/* LOG-1: a list logs the purpose its entries are used for. */
	assert_int_equal(test_entry_list(svc, &a, adult, "care", &e, &cause),
			 0);
	assert_int_equal(json_array_size(e), 1);
	json_decref(e);
	{
		char v[64];

		test_audit_last(svc, tenant, "event", v, sizeof v);
		assert_string_equal(v, "entry.list");
		test_audit_last(svc, tenant, "purpose", v, sizeof v);
		assert_string_equal(v, "complaints_incidents");
	}
	/* Business operations are not: only with consent (M§8.4). */
	zk_strlcpy(a.use_purpose, "business_operations", sizeof a.use_purpose);
	assert_int_equal(svc_entry_read(svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "PUR-2"));
	free(cause);
	cause = NULL;
	{
		struct svc_consent_input ci;
		struct actor office;
		json_t *cats = json_pack("[s]", "care");

		test_actor(svc, tenant, "office", &office);
		memset(&ci, 0, sizeof ci);
		ci.subject_uid = adult;
		ci.form = "written";
		ci.evidence = "scan 2026-118";
		ci.explicit_consent = true;
		ci.purpose = "business_operations";
		ci.categories = cats;
		ci.valid_from = "2026-01-01";
		assert_int_equal(
		    svc_consent_record(svc, &office, &ci, c_uid, &cause), 0);
		json_decref(cats);
	}
	assert_int_equal(svc_entry_read(svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	/* OBJ-1: an objection to the further purpose stops it, consent or
	 * not; the care itself goes on. */
	ZK_RULE("OBJ-1");
	assert_int_equal(svc_objection_register(svc, &a, adult,
						"business_operations", NULL,
						NULL, c_uid, &cause),
			 0);
	assert_int_equal(svc_entry_read(svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "OBJ-1"));
	free(cause);
	cause = NULL;
	a.use_purpose[0] = '\0';
	assert_int_equal(svc_entry_read(svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
}

/* OBJ-1: an objection to a purpose is enforced from that moment. */
static void
test_objection(void **state)
{
	struct svc_entry_input in;
	char uid[ZK_UUID_LEN], obj[ZK_UUID_LEN], other[ZK_UUID_LEN];
	char *cause = NULL;
	struct actor a;
	json_t *c, *e = NULL;

	(void)state;
	ZK_RULE("OBJ-1");
	test_actor(svc, tenant, "office", &a);
	c = json_pack("{s:s, s:s}", "kind", "marktonderzoek", "description",
		      "Tevredenheidsonderzoek");
	in.subject_uid = adult;
	in.category = "financial";
	in.purpose = "business_operations";
	in.legal_basis = "legitimate_interest";
	in.content = c;
	assert_int_equal(svc_entry_create(svc, &a, &in, uid, NULL, &cause), 0);
	in.legal_basis = "contract";
	assert_int_equal(svc_entry_create(svc, &a, &in, other, NULL, &cause),
			 0);
	in.legal_basis = "legitimate_interest";
	assert_int_equal(svc_entry_create(svc, &a, &in, obj, NULL, &cause), 0);
	assert_int_equal(svc_entry_read(svc, &a, uid, &e, NULL, &cause), 0);
	json_decref(e);
	assert_int_equal(
	    test_entry_list(svc, &a, adult, "financial", &e, &cause), 0);
	assert_int_equal(json_array_size(e), 3);
	json_decref(e);
	/* Not both at once, not neither; a known purpose. */
	assert_int_equal(svc_objection_register(svc, &a, adult, NULL, NULL,
						NULL, obj, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_objection_register(svc, &a, adult, "marketing",
						NULL, NULL, obj, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_objection_register(svc, &a, adult,
						"business_operations", NULL,
						NULL, obj, &cause),
			 0);
	/* From now on: no reading, no new processing on that ground. */
	assert_int_equal(svc_entry_read(svc, &a, uid, &e, NULL, &cause),
			 ZK_EDENIED);
	assert_non_null(strstr(cause, "OBJ-1"));
	free(cause);
	cause = NULL;
	{
		char v[200];

		test_audit_last(svc, tenant, "checks", v, sizeof v);
		assert_non_null(strstr(v, "consent=objection"));
	}
	in.legal_basis = "legitimate_interest";
	assert_int_equal(svc_entry_create(svc, &a, &in, uid, NULL, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	/* Processing on a contract is not subject to objection (art. 21). */
	assert_int_equal(svc_entry_read(svc, &a, other, &e, NULL, &cause), 0);
	json_decref(e);
	/* A listing: the entry on a contract, neither of those objected to. */
	assert_int_equal(
	    test_entry_list(svc, &a, adult, "financial", &e, &cause), 0);
	assert_int_equal(json_array_size(e), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(e, 0), "id")),
	    other);
	json_decref(e);
	json_decref(c);
	/* A minor's objection comes from the parents (REP-1). */
	assert_int_equal(svc_objection_register(svc, &a, minor, NULL, "insurer",
						NULL, obj, &cause),
			 ZK_EDENIED);
	free(cause);
	assert_int_equal(
	    test_audit_count(svc, tenant, "objection.create", "success"), 1);
}

/*
 * REP-6, LOG-1: the registers read back. A representative's id is given
 * by the list, and it is the id a consent and an objection name them by;
 * each list is decided and logged like a read of the client, and refused
 * (and logged) for who may not read it.
 */
static void
test_registers_read(void **state)
{
	char rep[ZK_UUID_LEN], uid[ZK_UUID_LEN], obj[ZK_UUID_LEN];
	char *cause = NULL;
	struct actor a, admin;
	json_t *list = NULL, *o;

	(void)state;
	ZK_RULE("REP-6");
	ZK_RULE("LOG-1");
	ZK_RULE("ACC-3");
	ZK_RULE("OBJ-1");
	test_user(svc, tenant, "admin", "administrator");
	test_actor(svc, tenant, "office", &a);
	test_actor(svc, tenant, "admin", &admin);
	expect_rc(svc_representative_add(svc, &a, minor,
					 "parent_with_authority", "M. Kind",
					 false, false, true, rep, &cause),
		  0, &cause);
	assert_int_equal(svc_representative_list(svc, &a, minor, &list, &cause),
			 0);
	assert_int_equal(json_array_size(list), 1);
	o = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(o, "id")), rep);
	assert_string_equal(json_string_value(json_object_get(o, "name")),
			    "M. Kind");
	assert_string_equal(json_string_value(json_object_get(o, "kind")),
			    "parent_with_authority");
	assert_true(json_is_true(json_object_get(o, "curator_consents")));
	json_decref(list);
	assert_int_equal(
	    test_audit_count(svc, tenant, "representative.list", "success"), 1);
	/* The consent and the objection name the representative by it. */
	expect_rc(consent(minor, rep, "[\"care\"]", true, uid, &cause), 0,
		  &cause);
	assert_int_equal(svc_consent_list(svc, &a, minor, &list, &cause), 0);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(list, 0), "given_by")),
			    rep);
	json_decref(list);
	expect_rc(svc_objection_register(svc, &a, minor, "business_operations",
					 NULL, rep, obj, &cause),
		  0, &cause);
	assert_int_equal(svc_objection_list(svc, &a, minor, &list, &cause), 0);
	assert_int_equal(json_array_size(list), 1);
	o = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(o, "id")), obj);
	assert_string_equal(json_string_value(json_object_get(o, "by")), rep);
	assert_string_equal(
	    json_string_value(json_object_get(o, "representative_basis")),
	    "REP-1 minor");
	assert_string_equal(json_string_value(json_object_get(o, "purpose")),
			    "business_operations");
	assert_true(json_is_null(json_object_get(o, "lifted_at")) ||
		    json_object_get(o, "lifted_at") == NULL);
	json_decref(list);
	assert_int_equal(
	    test_audit_count(svc, tenant, "objection.list", "success"), 1);
	/* ACC-3: the administrator manages accounts, not clients' registers:
	 * refused, logged, and nothing given. */
	list = NULL;
	expect_rc(svc_representative_list(svc, &admin, minor, &list, &cause),
		  ZK_EDENIED, &cause);
	assert_null(list);
	expect_rc(svc_objection_list(svc, &admin, minor, &list, &cause),
		  ZK_EDENIED, &cause);
	assert_null(list);
	assert_int_equal(
	    test_audit_count(svc, tenant, "representative.list", "refused"), 1);
	assert_int_equal(
	    test_audit_count(svc, tenant, "objection.list", "refused"), 1);
	/* Not a client id: a clear error, nothing logged. */
	expect_rc(svc_representative_list(svc, &a, "nope", &list, &cause),
		  ZK_EINVAL, &cause);
	assert_true(test_verify(svc));
}

/*
 * REP-4, ACC-2: capacity assessments read back, the sealed matter opened,
 * by whom they were made. An assessment is a care judgement: the care
 * professional with a relation reads it, the office may not.
 */
static void
test_capacity_list(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *list = NULL, *o;

	(void)state;
	ZK_RULE("REP-4");
	ZK_RULE("ACC-2");
	ZK_RULE("LOG-1");
	test_actor(svc, tenant, "anna", &a);
	expect_rc(svc_capacity_add(svc, &a, adult, false, "2026-01-10",
				   "medische behandeling", uid, &cause),
		  0, &cause);
	assert_int_equal(svc_capacity_list(svc, &a, adult, &list, &cause), 0);
	assert_int_equal(json_array_size(list), 1);
	o = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(o, "id")), uid);
	assert_string_equal(json_string_value(json_object_get(o, "matter")),
			    "medische behandeling");
	assert_string_equal(json_string_value(json_object_get(o, "assessor")),
			    "anna");
	assert_string_equal(
	    json_string_value(json_object_get(o, "assessed_on")), "2026-01-10");
	assert_true(json_is_false(json_object_get(o, "able")));
	json_decref(list);
	list = NULL;
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_capacity_list(svc, &a, adult, &list, &cause), ZK_EDENIED,
		  &cause);
	assert_null(list);
	assert_int_equal(
	    test_audit_count(svc, tenant, "capacity.list", "success"), 1);
	assert_int_equal(
	    test_audit_count(svc, tenant, "capacity.list", "refused"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_consent_by_subject, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_bad_recipient, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_forbidden_recipient,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_consent_explicit, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_representative, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_authorise_age, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_many, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_consent_capacity, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_system_refusal, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_scope, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_no_birth_date, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_beside_parents, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_consent_authorised_adult,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_consent_at_use, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_objection, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_registers_read, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_capacity_list, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_special_data, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_purpose_compatibility, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
