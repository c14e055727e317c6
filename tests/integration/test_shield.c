/*
 * test_shield.c: shielding (SHD-1) and restriction (RST-1) on every read
 * path of the door: the entry list, an entry, a correction, the search by
 * BSN, access and copy (the assembly), the FHIR facade's $everything and
 * the FHIR export of a copy. The responsible professional sees a shielded
 * entry, a co-treating one does not (and is logged refused under SHD-1);
 * only the responsible professional lifts a shield. Under restriction each
 * path is refused without an exception and permitted with one, which the
 * log records (RST-1); lifting waits for the notice to the subject.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "integration/api.h"
#include "service/fhir_facade.h"

#define BSN_SYS "http://fhir.nl/fhir/NamingSystem/bsn"

static char client[ZK_UUID_LEN], secret[ZK_UUID_LEN], open_e[ZK_UUID_LEN];
static struct api_session anna, bram, fg;

static void
entry(const char *cat, const char *content, char uid[ZK_UUID_LEN])
{
	struct api_resp r;
	char path[160], body[512];

	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	snprintf(body, sizeof body,
		 "{\"category\":\"%s\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":%s}",
		 cat, content);
	api_want("POST", path, body, &anna, 201, &r);
	if (uid != NULL)
		zk_strlcpy(uid,
			   json_string_value(json_object_get(r.json, "id")),
			   ZK_UUID_LEN);
	api_resp_free(&r);
}

static int
setup(void **state)
{
	char code[8];

	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_client(env.tenant_a, "Çelik", client);
	api_relation(env.tenant_a, client, "anna", "responsible");
	api_relation(env.tenant_a, client, "bram", "co_treating");
	api_totp(env.tenant_a, "anna", code);
	api_login("a", "anna", code, 1, &anna);
	api_totp(env.tenant_a, "bram", code);
	api_login("a", "bram", code, 1, &bram);
	api_totp(env.tenant_a, "fg", code);
	api_login("a", "fg", code, 1, &fg);
	entry("care", "{\"kind\":\"rapportage\",\"text\":\"GEHEIM-SHD\"}",
	      secret);
	entry("care", "{\"kind\":\"rapportage\",\"text\":\"OPEN-SHD\"}",
	      open_e);
	entry("bsn", "{\"bsn\":\"123456782\"}", NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

/* Whether GET path by s answers status with text in its body. */
static int
shows(const char *path, const struct api_session *s, long status,
      const char *text)
{
	struct api_resp r;
	int found;

	api_want("GET", path, NULL, s, status, &r);
	/* The FHIR answers carry the text in base64, and the entry's id. */
	found = r.raw != NULL && (strstr(r.raw, text) != NULL ||
				  (strcmp(text, "GEHEIM-SHD") == 0 &&
				   strstr(r.raw, secret) != NULL));
	api_resp_free(&r);
	return found;
}

/* The number of Patients the BSN search finds for s. */
static size_t
bsn_found(const struct api_session *s)
{
	struct api_resp r;
	size_t n;

	api_want("GET", "/fhir/Patient?identifier=" BSN_SYS "%7C123456782",
		 NULL, s, 200, &r);
	n = json_array_size(json_object_get(r.json, "entry"));
	api_resp_free(&r);
	return n;
}

/* The BSN search through the door as the system (nobody's responsible
 * professional, who may read every BSN). */
static size_t
bsn_found_system(void)
{
	struct actor a;
	json_t *out = NULL;
	char *cause = NULL;
	size_t n;

	svc_actor_system(&a, env.tenant_a, "test", "test");
	assert_int_equal(svc_fhir_patient_search(env.svc, &a, BSN_SYS,
						 "123456782", &out, &cause),
			 0);
	n = json_array_size(out);
	json_decref(out);
	return n;
}

/*
 * What an actor gets through the door in process: the access assembly
 * (INZ-1, "access"), $everything ("everything") or the FHIR export of the
 * copy request ("export"). username NULL is the system, as the command
 * line acts: nobody's responsible professional, and the only one besides
 * the responsible professional who may make a whole copy (the log in it
 * is theirs and the DPO's, LOG-6). Returns whether the shielded text is
 * in it; *rc the door's answer, *shielded the copy's note.
 */
static int
door_shows(const char *what, const char *username, const char *exception,
	   const char *request, int *rc, json_t **shielded)
{
	struct actor a;
	struct zk_buf buf;
	json_t *out = NULL;
	char *cause = NULL, *dump = NULL;
	int found = 0;

	if (username != NULL)
		assert_int_equal(svc_actor_user(env.svc, env.tenant_a, username,
						"test", &a, &cause),
				 0);
	else
		svc_actor_system(&a, env.tenant_a, "test", "test");
	zk_strlcpy(a.exception, exception ? exception : "", sizeof a.exception);
	zk_buf_init(&buf, 0);
	if (strcmp(what, "access") == 0)
		*rc = svc_subject_assemble(env.svc, &a, client, "nl", &out,
					   &cause);
	else if (strcmp(what, "everything") == 0)
		*rc = svc_fhir_everything(env.svc, &a, client, &out, &cause);
	else
		*rc = svc_request_export(env.svc, &a, request, "fhir", "nl",
					 &buf, &cause);
	free(cause);
	if (out != NULL)
		dump = json_dumps(out, 0);
	else if (*rc == 0 && zk_buf_append(&buf, "", 1) == 0)
		dump = strdup((const char *)buf.data);
	found = dump != NULL && (strstr(dump, "GEHEIM-SHD") != NULL ||
				 strstr(dump, secret) != NULL);
	if (shielded != NULL)
		*shielded = json_incref(json_object_get(out, "shielded"));
	free(dump);
	json_decref(out);
	zk_buf_release(&buf);
	return found;
}

/* A granted copy request assigned to username; its FHIR export path. */
static void
copy_request(const char *username, char path[200], char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char body[256], day[ZK_DATE_LEN], p[160];

	zk_date_fmt(zk_day_nl(zk_now()), day);
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"copy\",\"received\":\"%s\","
		 "\"channel\":\"portal\"}",
		 client, day);
	api_want("POST", "/api/v1/requests", body, &anna, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
	snprintf(p, sizeof p, "/api/v1/requests/%s/decide", id);
	api_want("POST", p, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(p, sizeof p, "/api/v1/requests/%s/assign", id);
	snprintf(body, sizeof body, "{\"assignee\":\"%s\"}", username);
	api_want("POST", p, body, &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, 200, "/api/v1/requests/%s/export?format=fhir", id);
}

/* SHD-1: every read path, the responsible professional and another. */
static void
test_shd1_every_path(void **state)
{
	struct api_resp r;
	char path[200], body[200], shield[ZK_UUID_LEN], bsn_shield[ZK_UUID_LEN];
	char export_anna[200], copy[ZK_UUID_LEN];
	json_t *note = NULL;
	int rc;

	(void)state;
	ZK_RULE("SHD-1");
	copy_request("anna", export_anna, copy);
	/* Only the responsible professional shields on their own. */
	snprintf(path, sizeof path, "/api/v1/subjects/%s/shields", client);
	snprintf(body, sizeof body, "{\"entry\":\"%s\"}", secret);
	api_want("POST", path, body, &bram, 403, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"entry\":\"x\",\"category\":\"care\"}", &anna,
		 400, &r);
	api_resp_free(&r);
	api_want("POST", path, body, &anna, 201, &r);
	zk_strlcpy(shield, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
	api_want("POST", path, body, &anna, 409, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"category\":\"bsn\"}", &anna, 201, &r);
	zk_strlcpy(bsn_shield, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "shields")),
			 2);
	api_resp_free(&r);
	api_want("GET", path, NULL, &bram, 403, &r);
	api_resp_free(&r);

	/* The entry list. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	assert_true(shows(path, &anna, 200, "GEHEIM-SHD"));
	assert_false(shows(path, &bram, 200, "GEHEIM-SHD"));
	assert_true(shows(path, &bram, 200, "OPEN-SHD"));
	/* One entry: not found for bram, as if it were not there. */
	snprintf(path, sizeof path, "/api/v1/entries/%s", secret);
	assert_true(shows(path, &anna, 200, "GEHEIM-SHD"));
	api_want("GET", path, NULL, &bram, 404, &r);
	assert_null(strstr(r.raw, "GEHEIM-SHD"));
	api_resp_free(&r);
	/* Its correction neither. */
	snprintf(path, sizeof path, "/api/v1/entries/%s/corrections", secret);
	api_want("POST", path,
		 "{\"content\":{\"kind\":\"rapportage\",\"text\":\"x\"}}",
		 &bram, 404, &r);
	api_resp_free(&r);
	/* The search by BSN, its category shielded. */
	assert_int_equal(bsn_found(&anna), 1);
	assert_int_equal(bsn_found_system(), 0);
	/* Access and copy: without the content, with the note. */
	assert_true(door_shows("access", "anna", NULL, NULL, &rc, NULL));
	assert_int_equal(rc, 0);
	assert_false(door_shows("access", NULL, NULL, NULL, &rc, &note));
	assert_int_equal(rc, 0);
	assert_non_null(note);
	assert_true(json_integer_value(json_object_get(note, "entries")) >= 1);
	assert_string_equal(json_string_value(json_array_get(
				json_object_get(note, "shown_by"), 0)),
			    "anna");
	json_decref(note);
	/* The FHIR facade. */
	snprintf(path, sizeof path, "/fhir/Patient/%s/$everything", client);
	assert_true(shows(path, &anna, 200, "GEHEIM-SHD"));
	assert_false(door_shows("everything", NULL, NULL, NULL, &rc, NULL));
	assert_int_equal(rc, 0);
	/* The FHIR export of a copy. */
	assert_true(shows(export_anna, &anna, 200, "GEHEIM-SHD"));
	assert_false(door_shows("export", NULL, NULL, copy, &rc, NULL));
	assert_int_equal(rc, 0);
	/* Each hiding is logged as a refusal under SHD-1. */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE "
			      "reason = 'shielded' AND rule = 'SHD-1' AND "
			      "outcome = 'refused'") >= 3);

	/* Unshielding: the responsible professional alone. */
	snprintf(path, sizeof path, "/api/v1/shields/%s", shield);
	api_want("DELETE", path, NULL, &bram, 403, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &fg, 403, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &anna, 200, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &anna, 409, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/shields/%s", bsn_shield);
	api_want("DELETE", path, NULL, &anna, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", secret);
	assert_true(shows(path, &bram, 200, "GEHEIM-SHD"));
	assert_int_equal(bsn_found_system(), 1);
}

/*
 * RST-1: each path refused without an exception, permitted with one,
 * the exception in the log; lifting only after the notice.
 */
static void
test_rst1_every_path(void **state)
{
	static const char hdr[] = "Zorgkluis-Exception: legal_claim";
	struct api_resp r;
	char path[200], rid[ZK_UUID_LEN], export_anna[200], copy[ZK_UUID_LEN];
	int rc;

	(void)state;
	ZK_RULE("RST-1");
	copy_request("anna", export_anna, copy);
	snprintf(path, sizeof path, "/api/v1/subjects/%s/restriction", client);
	api_want("POST", path, "{\"ground\":\"accuracy_contested\"}", &bram,
		 403, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"ground\":\"because\"}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"ground\":\"accuracy_contested\"}", &fg, 201,
		 &r);
	zk_strlcpy(rid, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
	api_want("POST", path, "{\"ground\":\"accuracy_contested\"}", &fg, 409,
		 &r);
	api_resp_free(&r);

	/* The entry list, an entry, a new entry. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	assert_false(shows(path, &anna, 403, "GEHEIM-SHD"));
	snprintf(path, sizeof path, "/api/v1/entries/%s", secret);
	assert_false(shows(path, &anna, 403, "GEHEIM-SHD"));
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	api_want("POST", path,
		 "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		 "\"rapportage\",\"text\":\"x\"}}",
		 &anna, 403, &r);
	api_resp_free(&r);
	/* The search, access and copy, the facade, the export. */
	assert_int_equal(bsn_found(&anna), 0);
	assert_false(door_shows("access", "anna", NULL, NULL, &rc, NULL));
	assert_int_equal(rc, ZK_EDENIED);
	snprintf(path, sizeof path, "/fhir/Patient/%s/$everything", client);
	assert_false(shows(path, &anna, 403, "GEHEIM-SHD"));
	assert_false(shows(export_anna, &anna, 403, "GEHEIM-SHD"));
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE "
			      "reason = 'restricted' AND rule = 'RST-1' AND "
			      "outcome = 'refused'") >= 5);

	/* An unknown exception is an error, not a way through. */
	api_header = "Zorgkluis-Exception: curiosity";
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	api_want("GET", path, NULL, &anna, 400, &r);
	api_resp_free(&r);
	/* With an exception every path is open again, and logged so. */
	api_header = hdr;
	assert_true(shows(path, &anna, 200, "GEHEIM-SHD"));
	snprintf(path, sizeof path, "/api/v1/entries/%s", secret);
	assert_true(shows(path, &anna, 200, "GEHEIM-SHD"));
	assert_int_equal(bsn_found(&anna), 1);
	snprintf(path, sizeof path, "/fhir/Patient/%s/$everything", client);
	assert_true(shows(path, &anna, 200, "GEHEIM-SHD"));
	assert_true(shows(export_anna, &anna, 200, "GEHEIM-SHD"));
	api_header = NULL;
	assert_true(
	    door_shows("access", "anna", "legal_claim", NULL, &rc, NULL));
	assert_int_equal(rc, 0);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE "
			      "reason = 'legal_claim' AND rule = 'RST-1' AND "
			      "outcome = 'success' AND checks LIKE "
			      "'%restriction=legal_claim%'") >= 5);

	/* GDPR art. 18(3): told first, then lifted; by the DPO only. */
	snprintf(path, sizeof path, "/api/v1/restrictions/%s", rid);
	api_want("DELETE", path, NULL, &fg, 409, &r);
	api_resp_free(&r);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_true(json_is_null(json_object_get(r.json, "notice")));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/restrictions/%s/notice", rid);
	api_want("POST", path, "{\"channel\":\"pigeon\"}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"channel\":\"paper\"}", &anna, 403, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"channel\":\"paper\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/restrictions/%s", rid);
	api_want("DELETE", path, NULL, &anna, 403, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &fg, 200, &r);
	api_resp_free(&r);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE "
			      "event = 'restriction.lift' AND reason = "
			      "'subject_not_told' AND rule = 'RST-1'") == 1);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	assert_true(shows(path, &anna, 200, "GEHEIM-SHD"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shd1_every_path),
	    cmocka_unit_test(test_rst1_every_path),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
