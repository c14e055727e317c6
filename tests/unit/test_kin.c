/*
 * test_kin.c: representation over time (REP-1 to REP-6) and next of kin
 * after death (INZ-5), through the door, on both engines.
 *
 * An ended representation stops acting; a capacity assessment counts only
 * for its matter and not after it lapsed; every act of a representative
 * names them in the log (REP-6); the REP-5 exception sends letters to the
 * subject. A next of kin's request about a deceased subject is decided
 * by the treating professional alone, on a recorded ground, and the copy
 * holds only what was released.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/representation.h"
#include "service/requests_deceased.h"
#include "support/support.h"

static struct service *svc;
static char db[512];
static int64_t tenant;

/* Expects rc from a call, then forgets its cause. */
#define expect_rc(rc_, want_, cause_)                                          \
	do {                                                                   \
		int got_ = (rc_);                                              \
		if (got_ != (want_))                                           \
			fail_msg("line %d: want %d, got %d: %s", __LINE__,     \
				 (want_), got_, *(cause_) ? *(cause_) : "");   \
		free(*(cause_));                                               \
		*(cause_) = NULL;                                              \
	} while (0)

/* A client born on birth, deceased on died (NULL: alive), anna treats. */
static void
client(const char *name, const char *birth, const char *died,
       char uid[ZK_UUID_LEN])
{
	struct actor sys;
	char *cause = NULL;
	json_t *id =
	    json_pack("{s:s, s:s}", "family_name", name, "birth_date", birth);

	if (died != NULL)
		json_object_set_new(id, "deceased_on", json_string(died));
	svc_actor_system(&sys, tenant, "test", "test");
	if (svc_subject_create(svc, &sys, "client", id, NULL, uid, NULL,
			       &cause) != 0)
		fail_msg("client: %s", cause);
	json_decref(id);
	if (svc_relation_add(svc, &sys, uid, "anna", "responsible",
			     "2020-01-01", NULL, NULL, &cause) != 0)
		fail_msg("relation: %s", cause);
	/* bram treats too, without the final responsibility. */
	if (svc_relation_add(svc, &sys, uid, "bram", "co_treating",
			     "2020-01-01", NULL, NULL, &cause) != 0)
		fail_msg("relation: %s", cause);
}

static void
entry(const char *subject, const char *category, const char *text,
      char uid[ZK_UUID_LEN])
{
	struct svc_entry_input in;
	struct actor a;
	char *cause = NULL;

	test_actor(svc, tenant, "anna", &a);
	memset(&in, 0, sizeof in);
	in.subject_uid = subject;
	in.category = category;
	in.purpose = "care_delivery";
	in.legal_basis = "contract";
	in.content =
	    json_pack("{s:s, s:s}", "kind", "rapportage", "text", text);
	expect_rc(svc_entry_create(svc, &a, &in, uid, NULL, &cause), 0, &cause);
	json_decref(in.content);
}

static void
rep(const char *subject, const char *kind, char uid[ZK_UUID_LEN])
{
	struct actor a;
	char *cause = NULL;

	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_representative_add(svc, &a, subject, kind, "R. Naaste",
					 false, false, false, uid, &cause),
		  0, &cause);
}

/* A request made by representative by (NULL: the subject). */
static int
request(const char *subject, const char *by, char uid[ZK_UUID_LEN])
{
	struct svc_request_new in;
	struct actor a;
	char *cause = NULL;
	int rc;

	test_actor(svc, tenant, "office", &a);
	memset(&in, 0, sizeof in);
	in.subject = subject;
	in.kind = "copy";
	in.received = "2026-11-02";
	in.representative = by;
	in.id_document = "known_in_person";
	rc = svc_request_add(svc, &a, &in, uid, &cause);
	free(cause);
	return rc;
}

/* An objection to business_operations by by. */
static int
object(const char *subject, const char *purpose, const char *by)
{
	struct actor a;
	char uid[ZK_UUID_LEN], *cause = NULL;
	int rc;

	test_actor(svc, tenant, "office", &a);
	rc = svc_objection_register(svc, &a, subject, purpose, NULL, by, uid,
				    &cause);
	free(cause);
	return rc;
}

static void
expect_on_behalf(const char *who)
{
	char v[96], want[96];

	snprintf(want, sizeof want, "representative:%s", who);
	test_audit_last(svc, tenant, "on_behalf_of", v, sizeof v);
	assert_string_equal(v, want);
}

static int
setup(void **state)
{
	(void)state;
	svc = test_service("micare-werkt", db, sizeof db, &tenant);
	test_user(svc, tenant, "anna", "professional");
	test_user(svc, tenant, "bram", "professional");
	test_user(svc, tenant, "office", "office");
	test_user(svc, tenant, "fg", "dpo");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	svc_close(svc);
	return 0;
}

/* An adult anna assessed as not able to decide on their data. */
static void
incapable(const char *name, char uid[ZK_UUID_LEN])
{
	struct actor a;
	char cap[ZK_UUID_LEN], *cause = NULL;

	client(name, "1950-03-01", NULL, uid);
	test_actor(svc, tenant, "anna", &a);
	expect_rc(svc_capacity_add_terms(svc, &a, NULL, uid, false,
					 "2026-01-05", "privacyzaken",
					 "privacy", NULL, cap, &cause),
		  0, &cause);
}

/*
 * REP-1: an ended representation stops acting from that moment; a
 * change (declining) is weighed at once. REP-6: the end is logged.
 */
static void
test_rep_end_and_change(void **state)
{
	char x[ZK_UUID_LEN], cur[ZK_UUID_LEN], sib[ZK_UUID_LEN],
	    rq[ZK_UUID_LEN], v[64], *cause = NULL;
	struct svc_rep_change ch = {NULL, -1, -1, -1};
	struct actor a;

	(void)state;
	ZK_RULE("REP-1");
	ZK_RULE("REP-6");
	incapable("Eind", x);
	rep(x, "curator", cur);
	rep(x, "sibling", sib);
	assert_int_equal(request(x, cur, rq), 0);
	expect_on_behalf(cur);
	assert_int_equal(request(x, sib, rq), ZK_EDENIED);
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_representative_end(svc, &a, cur, &cause), 0, &cause);
	test_audit_last(svc, tenant, "event", v, sizeof v);
	assert_string_equal(v, "representative.end");
	assert_int_equal(request(x, cur, rq), ZK_EDENIED);
	expect_rc(svc_representative_end(svc, &a, cur, &cause), ZK_ECONFLICT,
		  &cause);
	/* The next in the order acts now; declining, they do not. */
	assert_int_equal(request(x, sib, rq), 0);
	ch.declines = 1;
	expect_rc(svc_representative_change(svc, &a, sib, &ch, &cause), 0,
		  &cause);
	assert_int_equal(request(x, sib, rq), ZK_EDENIED);
	ch.declines = 0;
	expect_rc(svc_representative_change(svc, &a, sib, &ch, &cause), 0,
		  &cause);
	assert_int_equal(request(x, sib, rq), 0);
	/* An ended one cannot be changed; nonsense is refused. */
	expect_rc(svc_representative_change(svc, &a, cur, &ch, &cause),
		  ZK_ECONFLICT, &cause);
	ch.kind = "neighbour";
	expect_rc(svc_representative_change(svc, &a, sib, &ch, &cause),
		  ZK_EINVAL, &cause);
	ch.kind = NULL;
	ch.declines = -1;
	expect_rc(svc_representative_change(svc, &a, sib, &ch, &cause),
		  ZK_EINVAL, &cause);
	expect_rc(svc_representative_end(svc, &a, "nonsense", &cause),
		  ZK_EINVAL, &cause);
}

/*
 * REP-4: an assessment for medical treatment does not decide a
 * data-protection act; a privacy or general one does; a lapsed one is
 * ignored.
 */
static void
test_capacity_matter_and_lapse(void **state)
{
	char x[ZK_UUID_LEN], sib[ZK_UUID_LEN], cap[ZK_UUID_LEN],
	    gen[ZK_UUID_LEN], *cause = NULL;
	struct actor a;

	(void)state;
	ZK_RULE("REP-4");
	client("Zaak", "1950-03-01", NULL, x);
	rep(x, "sibling", sib);
	test_actor(svc, tenant, "anna", &a);
	expect_rc(svc_capacity_add_terms(svc, &a, NULL, x, false, "2026-01-05",
					 "operatie", "treatment", NULL, cap,
					 &cause),
		  0, &cause);
	/* Presumed able for their data: the sibling does not act. */
	assert_int_equal(object(x, "business_operations", sib), ZK_EDENIED);
	assert_int_equal(object(x, "business_operations", NULL), 0);
	/* A privacy assessment that lapsed counts for nothing. */
	expect_rc(svc_capacity_add_terms(svc, &a, NULL, x, false, "2026-02-01",
					 "privacy", "privacy", "2026-03-01",
					 cap, &cause),
		  0, &cause);
	assert_int_equal(object(x, "business_operations", sib), ZK_EDENIED);
	/* A general one in force decides. */
	expect_rc(svc_capacity_add_terms(svc, &a, NULL, x, false, "2026-04-01",
					 "algemeen", NULL, NULL, gen, &cause),
		  0, &cause);
	assert_int_equal(object(x, "business_operations", sib), 0);
	expect_on_behalf(sib);
	/* Once it lapses, it no longer does. */
	expect_rc(svc_capacity_lapse(svc, &a, gen, NULL, &cause), 0, &cause);
	assert_int_equal(object(x, "business_operations", sib), ZK_EDENIED);
	expect_rc(svc_capacity_lapse(svc, &a, gen, NULL, &cause), ZK_ECONFLICT,
		  &cause);
	/* Bad terms. */
	expect_rc(svc_capacity_add_terms(svc, &a, NULL, x, false, "2026-04-01",
					 "x", "astrology", NULL, gen, &cause),
		  ZK_EINVAL, &cause);
	expect_rc(svc_capacity_add_terms(svc, &a, NULL, x, false, "2026-04-01",
					 "x", NULL, "2026-04-01", gen, &cause),
		  ZK_EINVAL, &cause);
}

/* REP-6: every act of a representative names them in the log. */
static void
test_on_behalf_of_every_act(void **state)
{
	char x[ZK_UUID_LEN], cur[ZK_UUID_LEN], rq[ZK_UUID_LEN],
	    con[ZK_UUID_LEN], *cause = NULL;
	struct svc_consent_input in;
	struct svc_request_act act;
	struct actor a, fg;
	json_t *cats = json_loads("[\"care\"]", 0, NULL);

	(void)state;
	ZK_RULE("REP-6");
	incapable("Namens", x);
	rep(x, "curator", cur);
	test_actor(svc, tenant, "office", &a);
	memset(&in, 0, sizeof in);
	in.subject_uid = x;
	in.given_by = cur;
	in.form = "written";
	in.evidence = "scan 1";
	in.explicit_consent = true;
	in.purpose = "care_delivery";
	in.categories = cats;
	in.valid_from = "2026-01-01";
	expect_rc(svc_consent_record(svc, &a, &in, con, &cause), 0, &cause);
	expect_on_behalf(cur);
	expect_rc(svc_consent_withdraw(svc, &a, con, cur, &cause), 0, &cause);
	expect_on_behalf(cur);
	assert_int_equal(object(x, "business_operations", cur), 0);
	expect_on_behalf(cur);
	assert_int_equal(request(x, cur, rq), 0);
	expect_on_behalf(cur);
	test_actor(svc, tenant, "fg", &fg);
	memset(&act, 0, sizeof act);
	act.act = "start";
	expect_rc(svc_request_act(svc, &fg, rq, &act, &cause), 0, &cause);
	expect_on_behalf(cur);
	/* A refused act names them too. */
	expect_rc(svc_representative_end(svc, &a, cur, &cause), 0, &cause);
	assert_int_equal(object(x, "business_operations", cur), ZK_EDENIED);
	expect_on_behalf(cur);
	json_decref(cats);
}

/* A next of kin's copy request about x. */
static void
kin_request(const char *x, const char *relation, char uid[ZK_UUID_LEN])
{
	struct svc_kin_request in = {x,	   "copy",	"2026-11-20", NULL,
				     NULL, "N. Naaste", relation};
	struct actor a;
	char *cause = NULL;

	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_kin_request_add(svc, &a, &in, uid, &cause), 0, &cause);
}

static int
kin_decide(const char *who, const char *uid, const char *ground,
	   const char *categories)
{
	struct svc_kin_decision in;
	struct actor a;
	char *cause = NULL;
	int rc;

	test_actor(svc, tenant, who, &a);
	memset(&in, 0, sizeof in);
	in.decision = "granted";
	in.ground = ground;
	in.categories = json_loads(categories, 0, NULL);
	rc = svc_kin_decide(svc, &a, uid, &in, &cause);
	json_decref(in.categories);
	free(cause);
	return rc;
}

/*
 * INZ-5: each ground holds when the treating professional records it, and
 * not when anyone else decides; the ordinary decision is closed to it;
 * a living subject has no next of kin's request.
 */
static void
test_kin_grounds(void **state)
{
	static const char *const grounds[] = {
	    "presumed_consent", "weighty_interest", "consented_in_life",
	    "incident_notice"};
	char x[ZK_UUID_LEN], alive[ZK_UUID_LEN], rq[ZK_UUID_LEN], v[64],
	    *cause = NULL;
	struct svc_kin_request in = {NULL, "copy",	"2026-11-20", NULL,
				     NULL, "N. Naaste", "child"};
	struct svc_request_act act;
	struct actor a;

	(void)state;
	ZK_RULE("INZ-5");
	client("Overleden", "1940-02-02", "2026-06-01", x);
	for (size_t i = 0; i < ZK_ARRAY_SIZE(grounds); i++) {
		kin_request(x, "child", rq);
		assert_int_equal(
		    kin_decide("bram", rq, grounds[i], "[\"care\"]"),
		    ZK_EDENIED);
		test_audit_last(svc, tenant, "reason", v, sizeof v);
		assert_string_equal(v, "not_treating_professional");
		assert_int_equal(kin_decide("fg", rq, grounds[i], "[\"care\"]"),
				 ZK_EDENIED);
		assert_int_equal(
		    kin_decide("anna", rq, grounds[i], "[\"care\"]"), 0);
		test_audit_last(svc, tenant, "reason", v, sizeof v);
		assert_string_equal(v, grounds[i]);
		/* Decided once. */
		assert_int_equal(
		    kin_decide("anna", rq, grounds[i], "[\"care\"]"),
		    ZK_ECONFLICT);
	}
	/* No ground, no scope, an unknown ground: refused as input. */
	kin_request(x, "child", rq);
	assert_int_equal(kin_decide("anna", rq, "curiosity", "[\"care\"]"),
			 ZK_EINVAL);
	assert_int_equal(kin_decide("anna", rq, "presumed_consent", "[]"),
			 ZK_EINVAL);
	assert_int_equal(
	    kin_decide("anna", rq, "presumed_consent", "[\"work_note\"]"),
	    ZK_EINVAL);
	/* The handler's decision is not for a next of kin's request. */
	test_actor(svc, tenant, "fg", &a);
	memset(&act, 0, sizeof act);
	act.act = "decide";
	act.decision = "granted";
	expect_rc(svc_request_act(svc, &a, rq, &act, &cause), ZK_ECONFLICT,
		  &cause);
	/* A living subject: no next of kin's request. */
	client("Levend", "1940-02-02", NULL, alive);
	in.subject = alive;
	test_actor(svc, tenant, "office", &a);
	expect_rc(svc_kin_request_add(svc, &a, &in, rq, &cause), ZK_ECONFLICT,
		  &cause);
	in.subject = x;
	in.relation = "neighbour";
	expect_rc(svc_kin_request_add(svc, &a, &in, rq, &cause), ZK_EINVAL,
		  &cause);
}

/* base64 of "medische-regel-niet-vrijgegeven" */
#define MEDICAL_B64 "bWVkaXNjaGUtcmVnZWwtbmlldC12cmlqZ2VnZXZl"

/* INZ-5: the copy holds only what the ground released. */
static void
test_kin_scope_limits_copy(void **state)
{
	char x[ZK_UUID_LEN], rq[ZK_UUID_LEN], e1[ZK_UUID_LEN], e2[ZK_UUID_LEN],
	    *cause = NULL;
	struct actor a;
	struct zk_buf out;

	(void)state;
	ZK_RULE("INZ-5");
	client("Afschrift", "1940-02-02", NULL, x);
	entry(x, "care", "zorgregel-vrijgegeven", e1);
	entry(x, "medical", "medische-regel-niet-vrijgegeven", e2);
	{
		struct actor sys;
		json_t *p = json_pack("{s:s}", "deceased_on", "2026-06-01");

		svc_actor_system(&sys, tenant, "test", "test");
		expect_rc(
		    svc_subject_update(svc, &sys, x, "client", p, NULL, &cause),
		    0, &cause);
		json_decref(p);
	}
	kin_request(x, "spouse_partner", rq);
	assert_int_equal(
	    kin_decide("anna", rq, "weighty_interest", "[\"care\"]"), 0);
	test_actor(svc, tenant, "anna", &a);
	zk_buf_init(&out, 16u << 20);
	expect_rc(svc_request_export(svc, &a, rq, "fhir", "nl", &out, &cause),
		  0, &cause);
	assert_int_equal(zk_buf_append(&out, "", 1), 0);
	if (getenv("KIN_DUMP"))
		fprintf(stderr, "%s\n", (const char *)out.data);
	/* The texts, base64 in the FHIR attachments. */
	assert_non_null(
	    strstr((const char *)out.data, "em9yZ3JlZ2VsLXZyaWpnZWdldmVu"));
	assert_null(strstr((const char *)out.data, MEDICAL_B64));
	zk_buf_release(&out);
}

/*
 * INZ-5, WGBO 7:458a: the parents of a child who died under 16, unless
 * the child objected from 12; the objection is the child's own.
 */
static void
test_kin_child_under_16(void **state)
{
	char teen[ZK_UUID_LEN], other[ZK_UUID_LEN], small[ZK_UUID_LEN],
	    parent[ZK_UUID_LEN], rq[ZK_UUID_LEN], v[64], *cause = NULL;
	struct actor sys;
	json_t *p = json_pack("{s:s}", "deceased_on", "2026-11-01");

	(void)state;
	ZK_RULE("INZ-5");
	client("Tiener", "2012-01-10", NULL, teen);
	client("Ander", "2012-01-10", NULL, other);
	client("Klein", "2017-01-10", NULL, small);
	rep(teen, "parent_with_authority", parent);
	/* Not the parent in the child's name, not a child under 12. */
	assert_int_equal(object(teen, KIN_OBJECTION, parent), ZK_EINVAL);
	assert_int_equal(object(small, KIN_OBJECTION, NULL), ZK_EDENIED);
	assert_int_equal(object(teen, KIN_OBJECTION, NULL), 0);
	svc_actor_system(&sys, tenant, "test", "test");
	expect_rc(
	    svc_subject_update(svc, &sys, teen, "client", p, NULL, &cause), 0,
	    &cause);
	expect_rc(
	    svc_subject_update(svc, &sys, other, "client", p, NULL, &cause), 0,
	    &cause);
	json_decref(p);
	kin_request(teen, "parent", rq);
	assert_int_equal(
	    kin_decide("anna", rq, "parent_of_child_under_16", "[\"care\"]"),
	    ZK_EDENIED);
	test_audit_last(svc, tenant, "reason", v, sizeof v);
	assert_string_equal(v, "child_objected");
	kin_request(other, "sibling", rq);
	assert_int_equal(
	    kin_decide("anna", rq, "parent_of_child_under_16", "[\"care\"]"),
	    ZK_EINVAL);
	kin_request(other, "parent", rq);
	assert_int_equal(
	    kin_decide("bram", rq, "parent_of_child_under_16", "[\"care\"]"),
	    ZK_EDENIED);
	assert_int_equal(
	    kin_decide("anna", rq, "parent_of_child_under_16", "[\"care\"]"),
	    0);
}

/* REP-1 (M§7.4): under M the curator still acts after death. */
static void
test_m_curator_after_death(void **state)
{
	char x[ZK_UUID_LEN], cur[ZK_UUID_LEN], rq[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("REP-1");
	ZK_RULE("INZ-5");
	client("Curatele", "1950-03-01", "2026-10-01", x);
	rep(x, "curator", cur);
	assert_int_equal(request(x, cur, rq), 0);
	expect_on_behalf(cur);
	assert_int_equal(request(x, NULL, rq), ZK_EDENIED);
}

/*
 * REP-5: with the good-controller exception recorded, a representative's
 * request is addressed to the subject; without it, to the representative.
 */
static void
test_rep5_exception(void **state)
{
	char x[ZK_UUID_LEN], cur[ZK_UUID_LEN], rq[ZK_UUID_LEN], sql[200],
	    *cause = NULL;
	struct store_rq r;
	struct actor a;
	json_t *to = json_pack("{s:s}", "kind", "representative");

	(void)state;
	ZK_RULE("REP-5");
	incapable("Direct", x);
	rep(x, "curator", cur);
	assert_int_equal(request(x, cur, rq), 0);
	store_rq_init(&r);
	zk_strlcpy(r.uid, rq, sizeof r.uid);
	zk_strlcpy(r.subject_uid, x, sizeof r.subject_uid);
	snprintf(sql, sizeof sql, "SELECT id FROM request WHERE uid = '%s'",
		 rq);
	r.id = test_sql_int(db, sql);
	snprintf(sql, sizeof sql,
		 "SELECT subject_id FROM request WHERE uid = '%s'", rq);
	r.subject_id = test_sql_int(db, sql);
	r.representative_id = 1;
	assert_int_equal(svc_kin_addressee(svc, tenant, &r, "D. Direct", &to),
			 0);
	assert_string_equal(json_string_value(json_object_get(to, "kind")),
			    "representative");
	test_actor(svc, tenant, "anna", &a);
	expect_rc(svc_direct_address(svc, &a, x, "", &cause), ZK_EINVAL,
		  &cause);
	expect_rc(svc_direct_address(svc, &a, x,
				     "de curator handelt tegen het belang "
				     "van de cliënt",
				     &cause),
		  0, &cause);
	assert_int_equal(svc_kin_addressee(svc, tenant, &r, "D. Direct", &to),
			 0);
	assert_string_equal(json_string_value(json_object_get(to, "kind")),
			    "subject");
	assert_string_equal(json_string_value(json_object_get(to, "name")),
			    "D. Direct");
	expect_rc(svc_direct_address(svc, &a, x, NULL, &cause), 0, &cause);
	expect_rc(svc_direct_address(svc, &a, x, NULL, &cause), ZK_ENOTFOUND,
		  &cause);
	json_decref(to);
	store_rq_release(&r);
}

/*
 * INZ-5, REP-2 (W§10.4): under W nobody acts in a deceased resident's
 * name, a relative registered as representative neither; their request
 * is a next of kin's. Runs last: it opens a second organisation's store.
 */
static void
test_w_no_representative_after_death(void **state)
{
	char x[ZK_UUID_LEN], sib[ZK_UUID_LEN], rq[ZK_UUID_LEN], wdb[512];
	struct service *main_svc = svc;
	int64_t main_tenant = tenant;

	(void)state;
	ZK_RULE("INZ-5");
	ZK_RULE("REP-2");
	svc = test_service("woondroomzorg", wdb, sizeof wdb, &tenant);
	test_user(svc, tenant, "anna", "professional");
	test_user(svc, tenant, "bram", "professional");
	test_user(svc, tenant, "office", "office");
	client("Bewoner", "1990-03-01", "2026-10-01", x);
	rep(x, "sibling", sib);
	assert_int_equal(request(x, sib, rq), ZK_EDENIED);
	kin_request(x, "sibling", rq);
	assert_int_equal(
	    kin_decide("anna", rq, "presumed_consent", "[\"care\"]"), 0);
	svc_close(svc);
	svc = main_svc;
	tenant = main_tenant;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rep_end_and_change, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_capacity_matter_and_lapse,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_on_behalf_of_every_act, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_kin_grounds, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kin_scope_limits_copy, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_kin_child_under_16, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_m_curator_after_death, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_rep5_exception, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(
		test_w_no_representative_after_death, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
