/*
 * test_fhir_api.c: the FHIR R4 facade under /fhir and the transfer of a
 * client between two servers (POR-1, POR-2, INF-2, LOG-1, LOG-6, SCOPE-3,
 * ACC-1, ACC-2, SEC-3): the CapabilityStatement; Patient read, permitted
 * and refused; the searches; $everything; errors as OperationOutcomes;
 * bearer tokens only; the import of a transaction, whole or not at all;
 * and a client moved from one zorgkluis server to another and compared.
 * Answers are checked against the official R4 schema with
 * tests/fhir/validate.js, and read with fhir-kit-client (tests/fhir/kit.js).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <signal.h>

#include "export/export.h"
#include "integration/api.h"

#ifndef ZK_BINARY
#error "ZK_BINARY must name the zorgkluis binary (tests/CMakeLists.txt)"
#endif

#define BSN_SYS "http://fhir.nl/fhir/NamingSystem/bsn"

static char client_a[ZK_UUID_LEN], client_b[ZK_UUID_LEN], mover[ZK_UUID_LEN];
static struct api_session anna, bram, fg, fg_cookie, dpo, piet;
static int node_ok;

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "dpo", "dpo", 1);
	api_user(env.tenant_b, "piet", "professional", 1);
	api_client(env.tenant_a, "Çelik", client_a);
	api_client(env.tenant_a, "Vrée", mover);
	api_client(env.tenant_b, "Ruïne", client_b);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_relation(env.tenant_a, mover, "anna", "responsible");
	{
		char code[8];

		api_totp(env.tenant_a, "anna", code);
		api_login("a", "anna", code, 1, &anna);
		api_totp(env.tenant_a, "bram", code);
		api_login("a", "bram", code, 1, &bram);
		api_totp(env.tenant_a, "fg", code);
		api_login("a", "fg", code, 0, &fg_cookie);
		fg = fg_cookie;
		api_totp(env.tenant_a, "dpo", code);
		api_login("a", "dpo", code, 1, &dpo);
	}
	node_ok = system("node --version >/dev/null 2>&1") == 0 &&
		  access(ZK_SOURCE_DIR "/tests/fhir/node_modules/"
				       "fhir-kit-client/package.json",
			 R_OK) == 0;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

/* An OperationOutcome with severity, code and diagnostics naming rule. */
static void
want_outcome(const struct api_resp *r, long status, const char *code,
	     const char *rule)
{
	const json_t *issue =
	    json_array_get(json_object_get(r->json, "issue"), 0);

	if (r->status != status)
		fail_msg("want %ld, got %ld %s", status, r->status,
			 r->raw ? r->raw : "");
	assert_string_equal(r->content_type,
			    "application/fhir+json; charset=utf-8");
	assert_string_equal(
	    json_string_value(json_object_get(r->json, "resourceType")),
	    "OperationOutcome");
	assert_non_null(json_string_value(json_object_get(issue, "severity")));
	assert_string_equal(json_string_value(json_object_get(issue, "code")),
			    code);
	assert_non_null(
	    json_string_value(json_object_get(issue, "diagnostics")));
	assert_null(json_object_get(r->json, "error"));
	if (rule != NULL)
		assert_non_null(strstr(
		    json_string_value(json_object_get(issue, "diagnostics")),
		    rule));
}

/* R4 schema: node tests/fhir/validate.js on the answer. */
static void
validate(const struct api_resp *r, const char *name)
{
	char path[700], cmd[1600];
	FILE *f;

	if (!node_ok) {
		fprintf(stderr, "# node or tests/fhir/node_modules missing: "
				"schema not checked\n");
		return;
	}
	snprintf(path, sizeof path, "%s/%s", env.dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(r->raw, f);
	fclose(f);
	snprintf(cmd, sizeof cmd,
		 "node " ZK_SOURCE_DIR "/tests/fhir/validate.js %s >&2", path);
	if (system(cmd) != 0)
		fail_msg("%s is no valid FHIR R4: %s", name, r->raw);
	remove(path);
}

/* Registers a request of kind, grants it and assigns it to anna. */
static void
granted(const char *subject, const char *kind, char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char body[256], day[ZK_DATE_LEN], path[160];

	zk_date_fmt(zk_day_nl(zk_now()), day);
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"%s\",\"received\":\"%s\","
		 "\"channel\":\"portal\"}",
		 subject, kind, day);
	api_want("POST", "/api/v1/requests", body, &anna, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", id);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/assign", id);
	api_want("POST", path, "{\"assignee\":\"anna\"}", &fg, 200, &r);
	api_resp_free(&r);
}

static void
entry(const struct api_session *s, const char *client, const char *cat,
      const char *content)
{
	struct api_resp r;
	char path[160], body[512];

	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	snprintf(body, sizeof body,
		 "{\"category\":\"%s\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":%s}",
		 cat, content);
	api_want("POST", path, body, s, 201, &r);
	api_resp_free(&r);
}

/* The CapabilityStatement needs no session and is valid R4. */
static void
test_fhir_metadata(void **state)
{
	struct api_resp r;

	(void)state;
	api_want("GET", "/fhir/metadata", NULL, NULL, 200, &r);
	assert_string_equal(r.content_type,
			    "application/fhir+json; charset=utf-8");
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "resourceType")),
	    "CapabilityStatement");
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "fhirVersion")), "4.0.0");
	validate(&r, "metadata.json");
	api_resp_free(&r);
	/* 405 and 404 are OperationOutcomes too, never /api/v1 errors. */
	api_want("DELETE", "/fhir/metadata", NULL, NULL, 405, &r);
	want_outcome(&r, 405, "not-supported", NULL);
	api_resp_free(&r);
	api_want("GET", "/fhir/Observation", NULL, &anna, 404, &r);
	want_outcome(&r, 404, "not-found", NULL);
	validate(&r, "notfound.json");
	api_resp_free(&r);
}

/* ACC-2: the responsible professional reads; one without a relation is
 * refused and logged; another organisation's client is not there
 * (SCOPE-3). SEC-3: a cookie session is refused on /fhir. */
static void
test_fhir_patient_acc2_scope3(void **state)
{
	struct api_resp r;
	char path[160];

	(void)state;
	snprintf(path, sizeof path, "/fhir/Patient/%s", client_a);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "resourceType")),
	    "Patient");
	assert_string_equal(json_string_value(json_object_get(r.json, "id")),
			    client_a);
	validate(&r, "patient.json");
	api_resp_free(&r);
	api_want("GET", path, NULL, &bram, 403, &r);
	want_outcome(&r, 403, "forbidden", "ACC-");
	validate(&r, "forbidden.json");
	api_resp_free(&r);
	/* LOG-1: the refusal is in the log. */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'subject.read' AND outcome = 'refused'") >= 1);
	snprintf(path, sizeof path, "/fhir/Patient/%s", client_b);
	api_want("GET", path, NULL, &anna, 404, &r);
	want_outcome(&r, 404, "not-found", NULL);
	api_resp_free(&r);
	api_want("GET", "/fhir/Patient/not-an-id", NULL, &anna, 404, &r);
	want_outcome(&r, 404, "not-found", NULL);
	api_resp_free(&r);
	/* SEC-3: bearer tokens only; a cookie session is not one. */
	snprintf(path, sizeof path, "/fhir/Patient/%s", client_a);
	api_want("GET", path, NULL, &fg_cookie, 401, &r);
	want_outcome(&r, 401, "login", "SEC-3");
	api_resp_free(&r);
	api_want("GET", path, NULL, NULL, 401, &r);
	want_outcome(&r, 401, "login", "SEC-3");
	api_resp_free(&r);
}

/* ACC-1: a search finds what the user may see, and says nothing of the
 * rest; an unknown search parameter is 400, not ignored. */
static void
test_fhir_patient_search(void **state)
{
	struct api_resp r;
	char path[256];

	(void)state;
	entry(&anna, client_a, "bsn", "{\"bsn\":\"123456782\"}");
	snprintf(path, sizeof path,
		 "/fhir/Patient?identifier=urn:zorgkluis:subject%%7C%s",
		 client_a);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "type")),
			    "searchset");
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")),
			 1);
	validate(&r, "search.json");
	api_resp_free(&r);
	/* bram may not see the client: the same answer as none found. */
	api_want("GET", path, NULL, &bram, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")),
			 0);
	api_resp_free(&r);
	snprintf(path, sizeof path,
		 "/fhir/Patient?identifier=" BSN_SYS "%%7C123456782");
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")),
			 1);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(
		    json_array_get(json_object_get(r.json, "entry"), 0),
		    "resource"),
		"id")),
	    client_a);
	api_resp_free(&r);
	api_want("GET", path, NULL, &bram, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")),
			 0);
	api_resp_free(&r);
	/* LOG-1: the BSN found is a read of it. */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'subject.search_bsn'") == 1);
	api_want("GET", "/fhir/Patient?name=Celik", NULL, &anna, 400, &r);
	want_outcome(&r, 400, "invalid", NULL);
	api_resp_free(&r);
	api_want("GET", "/fhir/Patient?identifier=x%7Cy", NULL, &anna, 400, &r);
	want_outcome(&r, 400, "invalid", NULL);
	api_resp_free(&r);
	api_want("GET", "/fhir/Patient", NULL, &anna, 400, &r);
	want_outcome(&r, 400, "invalid", NULL);
	api_resp_free(&r);
}

/* POR-1: $everything, Consent and AuditEvent (LOG-6: the log only for
 * the responsible professional or the DPO). */
static void
test_fhir_everything_consent_audit_log6(void **state)
{
	struct api_resp r;
	char path[256], body[512], rep[ZK_UUID_LEN];

	(void)state;
	entry(&anna, client_a, "care",
	      "{\"kind\":\"rapportage\",\"text\":\"Rustige nacht.\"}");
	snprintf(path, sizeof path, "/fhir/Patient/%s/$everything", client_a);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "type")),
			    "searchset");
	assert_true(json_array_size(json_object_get(r.json, "entry")) >= 3);
	validate(&r, "everything.json");
	api_resp_free(&r);
	api_want("GET", path, NULL, &bram, 403, &r);
	want_outcome(&r, 403, "forbidden", NULL);
	api_resp_free(&r);
	/* REP-1, CON-1: a representative and a consent to read back. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 client_a);
	api_want("POST", path,
		 "{\"kind\":\"authorised_in_writing\",\"name\":\"Joost Vrée\"}",
		 &anna, 201, &r);
	zk_strlcpy(rep, json_string_value(json_object_get(r.json, "id")),
		   sizeof rep);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/consents", client_a);
	snprintf(body, sizeof body,
		 "{\"given_by\":\"%s\",\"form\":\"written\",\"evidence\":"
		 "\"formulier 2026-01-05\",\"explicit\":true,\"purpose\":"
		 "\"business_operations\",\"categories\":[\"care\"],"
		 "\"valid_from\":\"2026-01-05\"}",
		 rep);
	api_want("POST", path, body, &anna, 201, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/fhir/Consent?patient=Patient/%s",
		 client_a);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "type")),
			    "searchset");
	assert_int_equal(json_integer_value(json_object_get(r.json, "total")),
			 1);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(
		    json_object_get(
			json_array_get(json_object_get(r.json, "entry"), 0),
			"resource"),
		    "patient"),
		"reference")),
	    strstr(path, "Patient/"));
	validate(&r, "consent.json");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/fhir/AuditEvent?entity=%s", client_a);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_true(json_integer_value(json_object_get(r.json, "total")) > 0);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(
		    json_array_get(json_object_get(r.json, "entry"), 0),
		    "resource"),
		"resourceType")),
	    "AuditEvent");
	validate(&r, "audit.json");
	api_resp_free(&r);
	/* LOG-6: bram holds no relation; he does not read the log. */
	api_want("GET", path, NULL, &bram, 403, &r);
	want_outcome(&r, 403, "forbidden", NULL);
	api_resp_free(&r);
	api_want("GET", "/fhir/AuditEvent?patient=x", NULL, &anna, 400, &r);
	want_outcome(&r, 400, "invalid", NULL);
	api_resp_free(&r);
}

/* The transaction Bundle of client_a as the harness reads it. */
static char *
transaction_of(const char *uid)
{
	struct actor sys;
	json_t *as = NULL, *b = NULL;
	char *cause = NULL, *s;

	svc_actor_system(&sys, env.tenant_a, "test", "test");
	if (svc_subject_assemble(env.svc, &sys, uid, "nl", &as, &cause) != 0 ||
	    fhir_bundle(as, "transaction", &b, &cause) != 0)
		fail_msg("bundle: %s", cause ? cause : "?");
	s = json_dumps(b, JSON_COMPACT);
	json_decref(as);
	json_decref(b);
	return s;
}

static int
rows(void)
{
	return api_count("SELECT count(*) FROM subject") * 1000000 +
	       api_count("SELECT count(*) FROM entry") * 1000 +
	       api_count("SELECT count(*) FROM representative") +
	       api_count("SELECT count(*) FROM consent") * 100;
}

/* POR-2, INF-2: a transaction Bundle registers a new client with their
 * entries, obtained elsewhere and not yet informed (on the report); all
 * of it or nothing (ACC-1: refused whole; malformed: nothing written). */
static void
test_fhir_import_por2_inf2(void **state)
{
	struct api_resp r;
	char *bundle = transaction_of(client_a), *broken, path[256];
	const char *loc;
	char uid[ZK_UUID_LEN];
	int before;

	(void)state;
	/* The DPO may create no client data: refused whole, logged. */
	before = rows();
	api_req("POST", "/fhir", bundle, "application/fhir+json", &dpo, 1, &r);
	want_outcome(&r, 403, "forbidden", "ACC-");
	api_resp_free(&r);
	assert_int_equal(rows(), before);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'subject.import' AND outcome = 'refused'") == 1);
	/* Malformed: 400, nothing written. */
	broken = strdup(bundle);
	memcpy(strstr(broken, "\"transaction\""), "\"transactioX\"", 13);
	api_req("POST", "/fhir", broken, "application/fhir+json", &anna, 1, &r);
	want_outcome(&r, 400, "invalid", NULL);
	api_resp_free(&r);
	api_req("POST", "/fhir", "{\"resourceType\":", "application/json",
		&anna, 1, &r);
	want_outcome(&r, 400, "invalid", NULL);
	api_resp_free(&r);
	api_req("POST", "/fhir", bundle, "text/plain", &anna, 1, &r);
	want_outcome(&r, 415, "not-supported", NULL);
	api_resp_free(&r);
	assert_int_equal(rows(), before);
	/* A commit that fails takes every row of the import with it. */
	http_server_fault_inject(env.srv, "batch_commit", 1);
	api_req("POST", "/fhir", bundle, "application/fhir+json", &anna, 1, &r);
	assert_int_equal(r.status, 503);
	api_resp_free(&r);
	assert_int_equal(rows(), before);
	/* anna may: 200, a transaction-response. */
	api_req("POST", "/fhir", bundle, "application/fhir+json", &anna, 1, &r);
	if (r.status != 200)
		fail_msg("import: %ld %s", r.status, r.raw);
	assert_string_equal(json_string_value(json_object_get(r.json, "type")),
			    "transaction-response");
	validate(&r, "response.json");
	loc = json_string_value(json_object_get(
	    json_object_get(json_array_get(json_object_get(r.json, "entry"), 0),
			    "response"),
	    "location"));
	assert_non_null(loc);
	assert_memory_equal(loc, "Patient/", 8);
	zk_strlcpy(uid, loc + 8, sizeof uid);
	api_resp_free(&r);
	/* One new client with its entries, representative and consent. */
	assert_int_equal(rows(), before + 1000000 + 2 * 1000 + 100 + 1);
	/* The entries are there, read through the API. */
	api_relation(env.tenant_a, uid, "anna", "responsible");
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", uid);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_non_null(strstr(r.raw, "Rustige nacht."));
	assert_non_null(strstr(r.raw, "123456782"));
	api_resp_free(&r);
	/* INF-2: obtained elsewhere, and on the report until informed. */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'subject.import' AND outcome = 'success' AND "
			      "reason = 'obtained_elsewhere' AND rule = "
			      "'INF-2'") == 1);
	api_want("GET", "/api/v1/reports/uninformed", NULL, &fg, 200, &r);
	assert_non_null(strstr(r.raw, uid));
	/* INF-2: with the source the Bundle names, kept for the report. */
	{
		json_t *v;
		size_t i;
		int found = 0;

		json_array_foreach(json_object_get(r.json, "subjects"), i, v)
		{
			const char *id =
			    json_string_value(json_object_get(v, "id"));
			const char *src = json_string_value(json_object_get(
			    json_object_get(v, "obtained_elsewhere"),
			    "source"));

			if (id != NULL && strcmp(id, uid) == 0) {
				assert_non_null(src);
				assert_non_null(
				    strstr(src, "urn:zorgkluis:organisation:"));
				found = 1;
			}
		}
		assert_true(found);
	}
	assert_int_equal(api_count("SELECT count(*) FROM subject_origin"), 1);
	api_resp_free(&r);
	free(broken);
	free(bundle);
}

/* A second server on the database, as another controller's (SCOPE-3). */
static int
serve_b(char base[96])
{
	return api_serve(ZK_BINARY, 0, "fhir_b", base);
}

/* Sends as s to the server at base (api_req talks to env.base). */
static void
req_at(const char *base, const char *method, const char *path, const char *body,
       const struct api_session *s, struct api_resp *r)
{
	char keep[sizeof env.base];

	zk_strlcpy(keep, env.base, sizeof keep);
	zk_strlcpy(env.base, base, sizeof env.base);
	api_req(method, path, body, NULL, s, 1, r);
	zk_strlcpy(env.base, keep, sizeof env.base);
}

/*
 * POR-2: a client moves from organisation a's server to organisation b's
 * server, and is compared there; the transfer is in the request's
 * history and the log (LOG-1), and a receiver that cannot be reached is
 * recorded as a failure. fhir-kit-client reads the facade of b.
 */
static void
test_fhir_transfer_por2(void **state)
{
	struct api_resp r, ra, rb;
	char base[96], fhir[128], id[ZK_UUID_LEN], path[256], body[512],
	    moved[ZK_UUID_LEN], code[8], cmd[1200], out[700];
	const char *loc;
	int pid;
	FILE *f;

	(void)state;
	entry(&anna, mover, "care",
	      "{\"kind\":\"rapportage\",\"text\":\"Verhuisd, goed "
	      "aangekomen.\"}");
	pid = serve_b(base);
	snprintf(fhir, sizeof fhir, "%s/fhir", base);
	api_totp(env.tenant_b, "piet", code);
	{
		char keep[sizeof env.base];

		zk_strlcpy(keep, env.base, sizeof keep);
		zk_strlcpy(env.base, base, sizeof env.base);
		api_login("b", "piet", code, 1, &piet);
		zk_strlcpy(env.base, keep, sizeof env.base);
	}
	granted(mover, "portability", id);
	snprintf(path, sizeof path, "/api/v1/requests/%s/transfer", id);
	/* Only http(s), and nothing without a decision of that kind. */
	api_want("POST", path, "{\"to\":\"file:///etc/passwd\"}", &anna, 400,
		 &r);
	api_resp_free(&r);
	snprintf(body, sizeof body, "{\"to\":\"%s\",\"token\":\"%s\"}", fhir,
		 piet.bearer);
	api_want("POST", path, body, &anna, 200, &r);
	loc = json_string_value(json_object_get(r.json, "location"));
	assert_non_null(loc);
	assert_non_null(strstr(loc, "/fhir/Patient/"));
	zk_strlcpy(moved, strstr(loc, "/fhir/Patient/") + 14, sizeof moved);
	api_resp_free(&r);
	/* LOG-1 and the history: that it went, never what. */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'request.transfer' AND action = 'E' AND "
			      "outcome = 'success'") == 1);
	assert_true(api_count("SELECT count(*) FROM request_event WHERE what "
			      "LIKE 'transferred%'") == 1);
	/* Compared: identity and entry texts as a has them. */
	api_relation(env.tenant_b, moved, "piet", "responsible");
	snprintf(path, sizeof path, "/fhir/Patient/%s", mover);
	api_want("GET", path, NULL, &anna, 200, &ra);
	snprintf(path, sizeof path, "/fhir/Patient/%s", moved);
	req_at(base, "GET", path, NULL, &piet, &rb);
	assert_int_equal(rb.status, 200);
	assert_true(json_equal(json_object_get(ra.json, "name"),
			       json_object_get(rb.json, "name")));
	assert_string_equal(
	    json_string_value(json_object_get(ra.json, "birthDate")),
	    json_string_value(json_object_get(rb.json, "birthDate")));
	api_resp_free(&ra);
	api_resp_free(&rb);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", moved);
	req_at(base, "GET", path, NULL, &piet, &rb);
	assert_int_equal(rb.status, 200);
	assert_non_null(strstr(rb.raw, "Verhuisd, goed aangekomen."));
	api_resp_free(&rb);
	/* SCOPE-3: a's user does not find b's client. */
	api_want("GET", path, NULL, &anna, 404, &r);
	api_resp_free(&r);
	/* fhir-kit-client reads b's facade. */
	if (node_ok) {
		snprintf(cmd, sizeof cmd,
			 "node " ZK_SOURCE_DIR "/tests/fhir/kit.js %s %s %s",
			 fhir, piet.bearer, moved);
		assert_non_null(f = popen(cmd, "r"));
		out[0] = '\0';
		if (fgets(out, sizeof out, f) == NULL)
			out[0] = '\0';
		if (pclose(f) != 0)
			fail_msg("kit.js failed: %s", out);
		assert_non_null(strstr(out, "\"CapabilityStatement\""));
		assert_non_null(strstr(out, moved));
	}
	/* A receiver that is gone: recorded as a failure. */
	api_serve_end(pid, SIGTERM);
	snprintf(path, sizeof path, "/api/v1/requests/%s/transfer", id);
	api_want("POST", path, body, &anna, 502, &r);
	api_assert_error(&r, 502, "transfer_failed");
	api_resp_free(&r);
	assert_true(api_count("SELECT count(*) FROM request_event WHERE what "
			      "LIKE 'transfer_failed%'") == 1);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'request.transfer' AND outcome = 'error'") == 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fhir_metadata),
	    cmocka_unit_test(test_fhir_patient_acc2_scope3),
	    cmocka_unit_test(test_fhir_patient_search),
	    cmocka_unit_test(test_fhir_everything_consent_audit_log6),
	    cmocka_unit_test(test_fhir_import_por2_inf2),
	    cmocka_unit_test(test_fhir_transfer_por2),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
