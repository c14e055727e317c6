/*
 * test_disclosures.c: the disclosure register over HTTP (DIS-1 to DIS-5,
 * OBJ-1, SEC-2, ACC-1, SCOPE-3) and the notices to recipients of a
 * correction (COR-3), on both engines. Organisation "a" runs MiCare
 * Werkt (M), "b" WoondroomZorg (W).
 *
 * What is asserted is what the decision (policy/disclosure.h) must give
 * in any version: a consent permits, no consent refuses, a kind W
 * forbids stays forbidden with consent (DIS-3), an objection stops an
 * insurer's risk assessment but not the contract (OBJ-1), and a country
 * without adequacy is refused (SEC-2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "integration/api.h"
#include "service/service_int.h"

static char client_a[ZK_UUID_LEN], client_b[ZK_UUID_LEN];
static struct api_session anna, bram, fg, coco, fg_b, office;

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "office", "office", 1);
	api_user(env.tenant_b, "coco", "coordinator", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	api_client(env.tenant_a, "Çelik", client_a);
	api_client(env.tenant_b, "Vrée", client_b);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_relation(env.tenant_b, client_b, "coco", "responsible");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "office", &office);
	api_login_full(env.tenant_b, "b", "coco", &coco);
	api_login_full(env.tenant_b, "b", "fg", &fg_b);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

/* The rule of an error answer. */
static const char *
rule_of(const struct api_resp *r)
{
	return json_string_value(
	    json_object_get(json_object_get(r->json, "error"), "rule"));
}

/* A recipient made by s; its id in id. */
static void
recipient(const struct api_session *s, const char *name, const char *kind,
	  const char *country, int certified, char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char body[512];

	snprintf(body, sizeof body,
		 "{\"name\":\"%s\",\"kind\":\"%s\",\"country\":\"%s\","
		 "\"certified\":%s,\"confidentiality\":\"profession\"}",
		 name, kind, country, certified ? "true" : "false");
	api_want("POST", "/api/v1/recipients", body, s, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
}

/* Discloses as s; the answer's status must be status; the rule named. */
static void
disclose(const struct api_session *s, const char *client, const char *body,
	 long status, const char *rule, char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char path[160];

	snprintf(path, sizeof path, "/api/v1/subjects/%s/disclosures", client);
	api_want("POST", path, body, s, status, &r);
	if (status == 403 || status == 400 || status == 404)
		api_assert_error(&r, status, NULL);
	if (rule != NULL) {
		const char *got =
		    status == 201
			? json_string_value(json_object_get(r.json, "rule"))
			: rule_of(&r);

		if (got == NULL || strcmp(got, rule) != 0)
			fail_msg("%s: want rule %s, got %s", body, rule,
				 r.raw ? r.raw : "");
	}
	if (id != NULL && status == 201)
		zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
			   ZK_UUID_LEN);
	api_resp_free(&r);
}

/* A written, explicit consent of the subject; its id in id. */
static void
consent(const struct api_session *s, const char *client, const char *purpose,
	const char *scope, char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char body[512], path[160], day[ZK_DATE_LEN];

	zk_date_fmt(zk_day_nl(zk_now()), day);
	snprintf(body, sizeof body,
		 "{\"form\":\"written\",\"evidence\":\"scan 12\","
		 "\"explicit\":true,\"purpose\":\"%s\",\"categories\":"
		 "[\"care\"],%s,\"valid_from\":\"%s\"}",
		 purpose, scope, day);
	snprintf(path, sizeof path, "/api/v1/clients/%s/consents", client);
	api_want("POST", path, body, s, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
}

static char r_gemeente[ZK_UUID_LEN], r_insurer[ZK_UUID_LEN],
    r_spec_us[ZK_UUID_LEN], r_spec_us_nc[ZK_UUID_LEN], r_spec_cn[ZK_UUID_LEN],
    r_b_care[ZK_UUID_LEN], c_gemeente[ZK_UUID_LEN];

/* DIS-4, ACC-1: who keeps recipients, and what a recipient needs. */
static void
test_disclosures_recipients(void **state)
{
	struct api_resp r;
	size_t before;

	(void)state;
	ZK_RULE("DIS-4");
	ZK_RULE("SEC-2");
	recipient(&fg, "Gemeente Utrecht", "other", "NL", 0, r_gemeente);
	recipient(&anna, "Zorgverzekeraar Zilveren", "insurer", "NL", 0,
		  r_insurer);
	recipient(&anna, "Mayo Clinic", "specialist", "US", 1, r_spec_us);
	recipient(&anna, "Boston Clinic", "specialist", "US", 0, r_spec_us_nc);
	recipient(&anna, "Peking Clinic", "specialist", "CN", 0, r_spec_cn);
	recipient(&fg_b, "Thuiszorg IJssel", "care_provider", "NL", 0,
		  r_b_care);
	/* ACC-1: the office has no "disclose" grant, nor is it the DPO. */
	before = (size_t)api_count("SELECT count(*) FROM recipient");
	api_want("POST", "/api/v1/recipients",
		 "{\"name\":\"X\",\"kind\":\"other\",\"country\":\"NL\","
		 "\"confidentiality\":\"law\"}",
		 &office, 403, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_want("GET", "/api/v1/recipients", NULL, &office, 403, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM recipient"), before);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'recipient.create' AND outcome = 'refused'") >=
		    1);
	/* Bad input: a clear 400, nothing stored. */
	api_want("POST", "/api/v1/recipients",
		 "{\"name\":\"X\",\"kind\":\"bank\",\"country\":\"NL\","
		 "\"confidentiality\":\"law\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/recipients",
		 "{\"name\":\"X\",\"kind\":\"other\",\"country\":\"nl\","
		 "\"confidentiality\":\"law\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	/* DIS-4: no basis of confidentiality, no recipient. */
	api_want("POST", "/api/v1/recipients",
		 "{\"name\":\"X\",\"kind\":\"other\",\"country\":\"NL\","
		 "\"confidentiality\":\"trust\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/recipients",
		 "{\"name\":\"X\",\"kind\":\"other\",\"country\":\"NL\"}", &fg,
		 400, &r);
	api_resp_free(&r);
	/* SEC-2: certification counts only where the decision needs it. */
	api_want("POST", "/api/v1/recipients",
		 "{\"name\":\"X\",\"kind\":\"other\",\"country\":\"NL\","
		 "\"certified\":true,\"confidentiality\":\"law\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM recipient"), before);
	api_want("GET", "/api/v1/recipients", NULL, &fg, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "recipients")),
			 5);
	api_resp_free(&r);
}

/* DIS-1: without consent refused; with a consent that covers it, sent. */
static void
test_disclosures_dis1_consent(void **state)
{
	char body[512], id[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("DIS-1");
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"]}",
		 r_gemeente);
	disclose(&anna, client_a, body, 403, "DIS-1", NULL);
	assert_int_equal(api_count("SELECT count(*) FROM disclosure"), 0);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'disclosure.create' AND outcome = 'refused' "
			      "AND rule = 'DIS-1'") >= 1);
	consent(&anna, client_a, "care_delivery",
		"\"recipient_kind\":\"other\"", c_gemeente);
	/* A consent for care does not cover medical data. */
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"medical\"],"
		 "\"consent\":\"%s\"}",
		 r_gemeente, c_gemeente);
	disclose(&anna, client_a, body, 400, NULL, NULL);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"treatment\",\"consent\":\"%s\"}",
		 r_gemeente, c_gemeente);
	disclose(&anna, client_a, body, 201, "DIS-1", id);
	/* Named or not, the covering consent is the ground. */
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"]}",
		 r_gemeente);
	disclose(&anna, client_a, body, 201, "DIS-1", NULL);
	assert_int_equal(api_count("SELECT count(*) FROM disclosure WHERE "
				   "ground = 'consent'"),
			 2);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'disclosure.create' AND outcome = 'success' "
			      "AND action = 'E' AND consent_ref IS NOT NULL") >=
		    2);
	/* A legal obligation is a ground of its own, its statute kept. */
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"identity\"],"
		 "\"legal_obligation\":\"Wet publieke gezondheid art. 22\"}",
		 r_gemeente);
	disclose(&anna, client_a, body, 201, "DIS-1", NULL);
	assert_int_equal(api_count("SELECT count(*) FROM disclosure WHERE "
				   "ground = 'legal_obligation' AND statute "
				   "LIKE 'Wet publieke%'"),
			 1);
}

/* DIS-3: W exchanges no data with other care providers, consent or not. */
static void
test_disclosures_dis3_forbidden_kind(void **state)
{
	char body[512], c[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("DIS-3");
	consent(&coco, client_b, "care_guidance",
		"\"recipient\":\"Thuiszorg IJssel\"", c);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"treatment\",\"consent\":\"%s\"}",
		 r_b_care, c);
	disclose(&coco, client_b, body, 403, "DIS-3", NULL);
	assert_int_equal(api_count("SELECT count(*) FROM disclosure WHERE "
				   "recipient_id = (SELECT id FROM recipient "
				   "WHERE name = 'Thuiszorg IJssel')"),
			 0);
}

/* DIS-2, OBJ-1: an insurer without consent, until the subject objects;
 * the objection stops the risk assessment, not the contract. */
static void
test_disclosures_obj1_insurer(void **state)
{
	struct api_resp r;
	char body[512], path[160];

	(void)state;
	ZK_RULE("DIS-2");
	ZK_RULE("OBJ-1");
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"risk_assessment\"}",
		 r_insurer);
	disclose(&anna, client_a, body, 201, "DIS-2", NULL);
	snprintf(path, sizeof path, "/api/v1/clients/%s/objections", client_a);
	api_want("POST", path, "{\"recipient_kind\":\"insurer\"}", &anna, 201,
		 &r);
	api_resp_free(&r);
	disclose(&anna, client_a, body, 403, "OBJ-1", NULL);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"contract_execution\"}",
		 r_insurer);
	disclose(&anna, client_a, body, 201, "DIS-2", NULL);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'disclosure.create' AND outcome = 'refused' "
			      "AND rule = 'OBJ-1'") >= 1);
}

/* SEC-2: outside the EEA only with adequacy; the US only certified. */
static void
test_disclosures_sec2_adequacy(void **state)
{
	char body[512];

	(void)state;
	ZK_RULE("SEC-2");
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"treatment\"}",
		 r_spec_us);
	disclose(&anna, client_a, body, 201, NULL, NULL);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"treatment\"}",
		 r_spec_us_nc);
	disclose(&anna, client_a, body, 403, "SEC-2", NULL);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"treatment\"}",
		 r_spec_cn);
	disclose(&anna, client_a, body, 403, "SEC-2", NULL);
}

/* ACC-1: the door first asks the scheme for the "disclose" action. */
static void
test_disclosures_acc1_door(void **state)
{
	char body[512];
	int before = api_count("SELECT count(*) FROM disclosure");

	(void)state;
	ZK_RULE("ACC-1");
	ZK_RULE("ACC-2");
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"legal_obligation\":\"Wet X\"}",
		 r_gemeente);
	/* bram may disclose, but to no client he has no relation with. */
	disclose(&bram, client_a, body, 403, "ACC-2", NULL);
	/* The DPO keeps recipients but does not disclose care data. */
	disclose(&fg, client_a, body, 403, "ACC-1", NULL);
	assert_int_equal(api_count("SELECT count(*) FROM disclosure"), before);
	/* Bad input is a clear error. */
	disclose(&anna, client_a, "{\"recipient\":\"nope\"}", 400, NULL, NULL);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"purpose\":\"gossip\"}",
		 r_gemeente);
	disclose(&anna, client_a, body, 400, NULL, NULL);
	snprintf(body, sizeof body, "{\"recipient\":\"%s\"}", r_gemeente);
	disclose(&anna, client_a, body, 400, NULL, NULL);
}

/* DIS-1: the register shows each disclosure with its ground and consent. */
static void
test_disclosures_register(void **state)
{
	struct api_resp r;
	char path[160];
	json_t *list, *d;
	size_t i;
	int consents = 0, exceptions = 0, laws = 0;

	(void)state;
	ZK_RULE("DIS-1");
	snprintf(path, sizeof path, "/api/v1/subjects/%s/disclosures",
		 client_a);
	api_want("GET", path, NULL, &anna, 200, &r);
	list = json_object_get(r.json, "disclosures");
	assert_true(json_array_size(list) >= 5);
	json_array_foreach(list, i, d)
	{
		const char *g = json_string_value(json_object_get(d, "ground"));

		assert_non_null(json_object_get(d, "recipient"));
		assert_non_null(json_object_get(d, "rule"));
		assert_non_null(json_object_get(d, "disclosed_on"));
		assert_true(json_array_size(json_object_get(d, "items")) >= 1);
		if (strcmp(g, "consent") == 0) {
			assert_string_equal(
			    json_string_value(json_object_get(d, "consent")),
			    c_gemeente);
			consents++;
		} else if (strcmp(g, "exception") == 0) {
			assert_non_null(
			    json_string_value(json_object_get(d, "exception")));
			exceptions++;
		} else if (strcmp(g, "legal_obligation") == 0) {
			laws++;
		}
	}
	assert_int_equal(consents, 2);
	assert_int_equal(laws, 1);
	assert_true(exceptions >= 2);
	api_resp_free(&r);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'disclosure.list'") >= 1);
	/* Who may not read the client may not read the register. */
	api_want("GET", path, NULL, &bram, 403, &r);
	api_resp_free(&r);
}

/* COR-3: a corrected entry's recipients are each told, or not, with a
 * reason. */
static void
test_disclosures_cor3_notices(void **state)
{
	struct api_resp r;
	char body[512], path[160], sql[256], entry[ZK_UUID_LEN];
	char sent[ZK_UUID_LEN] = "", other[ZK_UUID_LEN] = "";
	int64_t row, subject;
	json_t *list, *n;
	size_t i;
	int opened = 0, rc;

	(void)state;
	ZK_RULE("COR-3");
	/* The clinics and the insurer got care data a second before. */
	sleep(1);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_want("POST", path,
		 "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		 "\"rapportage\",\"text\":\"Rustige nacht.\"}}",
		 &anna, 201, &r);
	zk_strlcpy(entry, json_string_value(json_object_get(r.json, "id")),
		   sizeof entry);
	api_resp_free(&r);
	/* The entry goes to the insurer, and care as a whole to the
	 * municipality (the consent of DIS-1 covers it). */
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"entries\":[\"%s\"],"
		 "\"purpose\":\"contract_execution\"}",
		 r_insurer, entry);
	disclose(&anna, client_a, body, 201, NULL, NULL);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"]}",
		 r_gemeente);
	disclose(&anna, client_a, body, 201, NULL, NULL);
	snprintf(path, sizeof path, "/api/v1/entries/%s/corrections", entry);
	api_want(
	    "POST", path,
	    "{\"content\":{\"kind\":\"rapportage\",\"text\":\"Onrustig.\"},"
	    "\"reason\":\"Verkeerde nacht beschreven\"}",
	    &anna, 201, &r);
	api_resp_free(&r);
	snprintf(sql, sizeof sql, "SELECT id FROM entry WHERE uid = '%s'",
		 entry);
	row = api_count(sql);
	snprintf(sql, sizeof sql, "SELECT id FROM subject WHERE uid = '%s'",
		 client_a);
	subject = api_count(sql);
	/* As the carrying out of the correction will: in its transaction. */
	assert_int_equal(svc_begin_write(env.svc), 0);
	rc = svc_notices_open(env.svc, env.tenant_a, subject, "rectification",
			      0, &row, 1, &opened);
	assert_int_equal(rc, 0);
	assert_int_equal(store_commit(svc_store(env.svc)), 0);
	/* The insurer (the entry) and the municipality (its category);
	 * not the clinics, who got care data but before the entry. */
	assert_int_equal(opened, 2);
	/* The same change again tells no one twice. */
	assert_int_equal(svc_begin_write(env.svc), 0);
	assert_int_equal(svc_notices_open(env.svc, env.tenant_a, subject,
					  "rectification", 0, &row, 1, &opened),
			 0);
	assert_int_equal(store_commit(svc_store(env.svc)), 0);
	assert_int_equal(opened, 0);
	assert_int_equal(svc_notices_open(env.svc, env.tenant_a, subject,
					  "renaming", 0, &row, 1, &opened),
			 ZK_EINVAL);

	snprintf(path, sizeof path, "/api/v1/subjects/%s/notices", client_a);
	api_want("GET", path, NULL, &fg, 200, &r);
	list = json_object_get(r.json, "notices");
	assert_int_equal(json_array_size(list), 2);
	json_array_foreach(list, i, n)
	{
		const char *to = json_string_value(
		    json_object_get(json_object_get(n, "recipient"), "id"));

		assert_string_equal(
		    json_string_value(json_object_get(n, "state")), "pending");
		assert_string_equal(
		    json_string_value(json_object_get(n, "entry")), entry);
		zk_strlcpy(strcmp(to, r_insurer) == 0 ? sent : other,
			   json_string_value(json_object_get(n, "id")),
			   ZK_UUID_LEN);
	}
	api_resp_free(&r);
	assert_true(sent[0] != '\0' && other[0] != '\0');

	/* Sent, by its channel. */
	snprintf(path, sizeof path, "/api/v1/notices/%s", sent);
	api_want("POST", path, "{\"outcome\":\"sent\"}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"outcome\":\"sent\",\"channel\":\"email\"}",
		 &fg, 200, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"outcome\":\"sent\",\"channel\":\"email\"}",
		 &fg, 409, &r);
	api_resp_free(&r);
	/* Impossible needs its reason. */
	snprintf(path, sizeof path, "/api/v1/notices/%s", other);
	api_want("POST", path, "{\"outcome\":\"impossible\"}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"outcome\":\"impossible\",\"reason\":\"\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	/* Who may neither disclose nor is the DPO records nothing. */
	api_want("POST", path,
		 "{\"outcome\":\"impossible\",\"reason\":\"Opgeheven\"}", &bram,
		 403, &r);
	api_resp_free(&r);
	api_want("POST", path,
		 "{\"outcome\":\"impossible\",\"reason\":\"De gemeentelijke "
		 "afdeling is opgeheven\"}",
		 &anna, 200, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM recipient_notice "
				   "WHERE state = 'pending'"),
			 0);
	snprintf(path, sizeof path, "/api/v1/subjects/%s/notices", client_a);
	api_want("GET", path, NULL, &anna, 200, &r);
	list = json_object_get(r.json, "notices");
	json_array_foreach(list, i, n)
	{
		const char *state_ =
		    json_string_value(json_object_get(n, "state"));

		if (strcmp(state_, "sent") == 0) {
			assert_string_equal(
			    json_string_value(json_object_get(n, "channel")),
			    "email");
			assert_non_null(json_object_get(n, "sent_on"));
		} else {
			assert_string_equal(state_, "impossible");
			assert_string_equal(
			    json_string_value(json_object_get(n, "reason")),
			    "De gemeentelijke afdeling is opgeheven");
		}
	}
	api_resp_free(&r);
	/* The reason is sealed: not in the clear in the database. */
	assert_int_equal(api_count("SELECT count(*) FROM recipient_notice "
				   "WHERE CAST(reason AS TEXT) LIKE "
				   "'%afdeling%'"),
			 0);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'recipient_notice.record' AND outcome = "
			      "'success' AND rule = 'COR-3'") >= 1);
}

/* SCOPE-3: another organisation's ids are not found there. */
static void
test_disclosures_scope3_isolation(void **state)
{
	struct api_resp r;
	char body[512], path[160], notice[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("SCOPE-3");
	snprintf(path, sizeof path, "/api/v1/subjects/%s/disclosures",
		 client_a);
	api_want("GET", path, NULL, &fg_b, 404, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/subjects/%s/notices", client_a);
	api_want("GET", path, NULL, &fg_b, 404, &r);
	api_resp_free(&r);
	/* b's coordinator, to a's recipient: no such recipient in b. */
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"legal_obligation\":\"Wet X\"}",
		 r_gemeente);
	disclose(&coco, client_b, body, 404, NULL, NULL);
	/* a's recipients are not b's. */
	api_want("GET", "/api/v1/recipients", NULL, &fg_b, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "recipients")),
			 1);
	api_resp_free(&r);
	{
		struct api_resp g;

		snprintf(path, sizeof path, "/api/v1/subjects/%s/notices",
			 client_a);
		api_want("GET", path, NULL, &fg, 200, &g);
		assert_true(
		    json_array_size(json_object_get(g.json, "notices")) > 0);
		zk_strlcpy(
		    notice,
		    json_string_value(json_object_get(
			json_array_get(json_object_get(g.json, "notices"), 0),
			"id")),
		    sizeof notice);
		api_resp_free(&g);
	}
	snprintf(path, sizeof path, "/api/v1/notices/%s", notice);
	api_want("POST", path,
		 "{\"outcome\":\"disproportionate\",\"reason\":\"x\"}", &fg_b,
		 404, &r);
	api_resp_free(&r);
}

/* DIS-5: the duty of confidentiality survives death; the law still
 * opens what it requires. */
static void
test_disclosures_dis5_deceased(void **state)
{
	struct actor sys;
	char body[512], dead[ZK_UUID_LEN], *cause = NULL;
	json_t *id =
	    json_pack("{s:s, s:s, s:s}", "family_name", "Overleden",
		      "birth_date", "1930-01-01", "deceased_on", "2020-01-01");
	int rc;

	(void)state;
	ZK_RULE("DIS-5");
	svc_actor_system(&sys, env.tenant_a, "test", "test");
	rc = svc_subject_create(env.svc, &sys, "client", id, NULL, dead, NULL,
				&cause);
	json_decref(id);
	if (rc != 0)
		fail_msg("deceased client: %s", cause ? cause : "");
	api_relation(env.tenant_a, dead, "anna", "responsible");
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"]}",
		 r_gemeente);
	disclose(&anna, dead, body, 403, "DIS-5", NULL);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"%s\",\"categories\":[\"care\"],"
		 "\"legal_obligation\":\"Wet op de lijkbezorging art. 10\"}",
		 r_gemeente);
	disclose(&anna, dead, body, 201, "DIS-1", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_disclosures_recipients),
	    cmocka_unit_test(test_disclosures_dis1_consent),
	    cmocka_unit_test(test_disclosures_dis3_forbidden_kind),
	    cmocka_unit_test(test_disclosures_obj1_insurer),
	    cmocka_unit_test(test_disclosures_sec2_adequacy),
	    cmocka_unit_test(test_disclosures_acc1_door),
	    cmocka_unit_test(test_disclosures_register),
	    cmocka_unit_test(test_disclosures_cor3_notices),
	    cmocka_unit_test(test_disclosures_scope3_isolation),
	    cmocka_unit_test(test_disclosures_dis5_deceased),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
