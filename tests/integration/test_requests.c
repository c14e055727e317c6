/*
 * test_requests.c: data subjects' requests over HTTP (RQ-1 to RQ-6,
 * INZ-1, INZ-2, POR-1, SCOPE-3): who registers and who handles them,
 * the inbox by due date, the copy as PDF and FHIR, a letter, and the
 * wall between organisations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "integration/api.h"

static char client_a[ZK_UUID_LEN], client_b[ZK_UUID_LEN];
static struct api_session anna, bram, fg, fg_b, admin;

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "admin", "administrator", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	api_client(env.tenant_a, "Çelik", client_a);
	api_client(env.tenant_b, "Vrée", client_b);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "admin", &admin);
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

/* Registers a request as s; its id in id. */
static void
add(const struct api_session *s, const char *subject, const char *kind,
    char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char body[256], day[ZK_DATE_LEN];

	zk_date_fmt(zk_day_nl(zk_now()), day);
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"%s\",\"received\":\"%s\","
		 "\"channel\":\"portal\"}",
		 subject, kind, day);
	api_want("POST", "/api/v1/requests", body, s, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
}

/* RQ-1: staff who may read the client register; the DPO handles. */
static void
test_requests_rq1_who(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], path[128];

	(void)state;
	add(&anna, client_a, "access", id);
	/* bram has no care relation: he may not even see the client. */
	{
		char body[256], day[ZK_DATE_LEN];

		zk_date_fmt(zk_day_nl(zk_now()), day);
		snprintf(body, sizeof body,
			 "{\"subject\":\"%s\",\"kind\":\"copy\","
			 "\"received\":\"%s\"}",
			 client_a, day);
		api_want("POST", "/api/v1/requests", body, &bram, 403, &r);
		api_resp_free(&r);
	}
	/* Only the handler decides (RQ-1): anna is refused, fg may. */
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", id);
	api_want("POST", path, "{\"decision\":\"granted\"}", &anna, 403, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_want("POST", path, "{\"decision\":\"granted\"}", &admin, 403, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"decision\":\"maybe\"}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"decision\":\"refused\"}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"decision\":\"refused\",\"reasons\":\"x\"}",
		 &fg, 409, &r);
	api_resp_free(&r);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'request.decide' AND outcome = 'refused'") >= 2);
}

/* RQ-2: the inbox is sorted by due date and flags what is near. */
static void
test_requests_rq2_inbox(void **state)
{
	struct api_resp r;
	json_t *list, *v;
	const char *prev = "";
	size_t i;

	(void)state;
	api_want("GET", "/api/v1/requests", NULL, &fg, 200, &r);
	list = json_object_get(r.json, "requests");
	assert_true(json_array_size(list) >= 1);
	json_array_foreach(list, i, v)
	{
		const char *due = json_string_value(json_object_get(v, "due"));

		assert_non_null(json_object_get(v, "days_left"));
		assert_non_null(json_object_get(v, "overdue"));
		if (due != NULL) {
			assert_true(strcmp(prev, due) <= 0);
			prev = due;
		}
	}
	api_resp_free(&r);
	/* LOG-1: the inbox's read names each client it shows. */
	{
		char sql[200];

		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE event = "
			 "'request.list' AND subject_uid = '%s'",
			 client_a);
		assert_true(api_count(sql) >= 1);
	}
	api_want("GET", "/api/v1/requests?kind=nonsense", NULL, &fg, 400, &r);
	api_resp_free(&r);
	/* anna handles nothing: she sees what is assigned to her, none. */
	api_want("GET", "/api/v1/requests", NULL, &anna, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "requests")),
			 0);
	api_resp_free(&r);
}

/* INZ-1, POR-1: the copy over HTTP, by who may read the whole record. */
static void
test_requests_inz1_export(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], path[160];

	(void)state;
	add(&anna, client_a, "copy", id);
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=pdf",
		 id);
	/* Not decided yet: no copy leaves. */
	api_want("GET", path, NULL, &fg, 409, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", id);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	/* Assigned to anna, who holds the care relation, she makes it. */
	snprintf(path, sizeof path, "/api/v1/requests/%s/assign", id);
	api_want("POST", path, "{\"assignee\":\"anna\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=pdf",
		 id);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_string_equal(r.content_type, "application/pdf");
	assert_memory_equal(r.raw, "%PDF-", 5);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=fhir",
		 id);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_string_equal(r.content_type, "application/fhir+json");
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "resourceType")),
	    "Bundle");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/letters/decision", id);
	api_want("GET", path, NULL, &fg, 200, &r);
	assert_memory_equal(r.raw, "%PDF-", 5);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/letters/poem", id);
	api_want("GET", path, NULL, &fg, 404, &r);
	api_resp_free(&r);
	/* The export shows in the client's log as an export (LOG-1). */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'request.export_pdf' AND action = 'E'") == 1);
}

/* LOG-3, INZ-1: no copy leaves with a changed entry silently left out. */
static void
test_requests_log3_tampered(void **state)
{
	struct api_resp r;
	char client[ZK_UUID_LEN], entry[ZK_UUID_LEN], id[ZK_UUID_LEN];
	char path[160], sql[200];

	(void)state;
	api_client(env.tenant_a, "Ruïne", client);
	api_relation(env.tenant_a, client, "anna", "responsible");
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	api_want("POST", path,
		 "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		 "\"rapportage\",\"text\":\"Rustige nacht.\"}}",
		 &anna, 201, &r);
	zk_strlcpy(entry, json_string_value(json_object_get(r.json, "id")),
		   sizeof entry);
	api_resp_free(&r);
	add(&anna, client, "copy", id);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", id);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/assign", id);
	api_want("POST", path, "{\"assignee\":\"anna\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=pdf",
		 id);
	api_want("GET", path, NULL, &anna, 200, &r);
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "UPDATE entry SET created_at = '2001-01-01T00:00:00Z'"
		 " WHERE uid = '%s'",
		 entry);
	api_sql(sql);
	api_want("GET", path, NULL, &anna, 409, &r);
	assert_non_null(strstr(r.raw, "LOG-3"));
	api_resp_free(&r);
}

/*
 * COR-1, COR-2: the DPO records what a rectification changes and carries
 * it out once granted; the granted decision lets them correct that entry
 * and nothing more, and no one else carries it out.
 */
static void
test_requests_cor2_carry_out(void **state)
{
	struct api_resp r;
	char client[ZK_UUID_LEN], entry[ZK_UUID_LEN], id[ZK_UUID_LEN];
	char path[160], body[400], sql[300];

	(void)state;
	api_client(env.tenant_a, "Öztürk", client);
	api_relation(env.tenant_a, client, "anna", "responsible");
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	api_want("POST", path,
		 "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		 "\"rapportage\",\"text\":\"Valt vaak.\"}}",
		 &anna, 201, &r);
	zk_strlcpy(entry, json_string_value(json_object_get(r.json, "id")),
		   sizeof entry);
	api_resp_free(&r);
	add(&anna, client, "rectification", id);
	snprintf(path, sizeof path, "/api/v1/requests/%s/changes", id);
	snprintf(body, sizeof body,
		 "{\"op\":\"correct\",\"entry\":\"%s\",\"content\":"
		 "{\"kind\":\"rapportage\",\"text\":\"Is eenmaal gevallen."
		 "\"},\"reason\":\"Onjuist weergegeven.\"}",
		 entry);
	/* RQ-1: only the handler records what the request changes. */
	api_want("POST", path, body, &anna, 403, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"op\":\"correct\",\"entry\":1}", &fg, 400,
		 &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"op\":\"shield\",\"category\":\"care\"}", &fg,
		 400, &r);
	api_resp_free(&r);
	api_want("POST", path, body, &fg, 201, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", id);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/carry-out", id);
	api_want("POST", path, "{}", &anna, 403, &r);
	api_resp_free(&r);
	api_want("POST", path, "{}", &admin, 403, &r);
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM entry WHERE uid = '%s'"
		 " AND status = 'corrected'",
		 entry);
	assert_int_equal(api_count(sql), 0);
	api_want("POST", path, "{}", &fg, 200, &r);
	api_resp_free(&r);
	/* COR-2: the original stays, marked corrected, the sheet beside it. */
	assert_int_equal(api_count(sql), 1);
	snprintf(path, sizeof path, "/api/v1/entries/%s", entry);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_non_null(json_object_get(r.json, "corrected_by"));
	api_resp_free(&r);
	/* The decision opened the correction to the DPO, not the record. */
	api_want("GET", path, NULL, &fg, 403, &r);
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE event = 'entry.correct'"
		 " AND subject_uid = '%s' AND reason = 'request_granted'"
		 " AND rule = 'COR-2' AND outcome = 'success'",
		 client);
	assert_int_equal(api_count(sql), 1);
	snprintf(path, sizeof path, "/api/v1/requests/%s", id);
	api_want("GET", path, NULL, &fg, 200, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")),
			    "carried_out");
	api_resp_free(&r);
}

/* SCOPE-3: another organisation's DPO finds no such request. */
static void
test_requests_scope3_wall(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], path[128];

	(void)state;
	add(&anna, client_a, "log", id);
	snprintf(path, sizeof path, "/api/v1/requests/%s", id);
	api_want("GET", path, NULL, &fg_b, 404, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", id);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg_b, 404, &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/requests", NULL, &fg_b, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "requests")),
			 0);
	api_resp_free(&r);
	/* A client of the other organisation cannot be named. */
	{
		char body[256], day[ZK_DATE_LEN];

		zk_date_fmt(zk_day_nl(zk_now()), day);
		snprintf(body, sizeof body,
			 "{\"subject\":\"%s\",\"kind\":\"copy\","
			 "\"received\":\"%s\"}",
			 client_b, day);
		api_want("POST", "/api/v1/requests", body, &fg, 404, &r);
		api_resp_free(&r);
	}
}

/* Bad input is a clear 400, never a 500. */
static void
test_requests_bad_input(void **state)
{
	struct api_resp r;

	(void)state;
	api_want("POST", "/api/v1/requests", "{\"subject\":1}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/requests", "[]", &fg, 400, &r);
	api_resp_free(&r);
	api_want(
	    "POST", "/api/v1/requests",
	    "{\"subject\":\"x\",\"kind\":\"copy\",\"received\":\"2026-01-01\"}",
	    &fg, 400, &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/requests/not-an-id", NULL, &fg, 400, &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/requests/00000000-0000-4000-8000-000000000000",
		 NULL, &fg, 404, &r);
	api_resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_requests_rq1_who),
	    cmocka_unit_test(test_requests_rq2_inbox),
	    cmocka_unit_test(test_requests_inz1_export),
	    cmocka_unit_test(test_requests_log3_tampered),
	    cmocka_unit_test(test_requests_cor2_carry_out),
	    cmocka_unit_test(test_requests_scope3_wall),
	    cmocka_unit_test(test_requests_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
