/*
 * test_breaches.c: the breach register over HTTP (BRE-1 to BRE-3, FG-1):
 * a professional reports a breach and may not read the register; the DPO
 * lists it with its 72-hour clock, completes it, assesses the risk,
 * records the first AP notice and an addition, who of the subjects was
 * told, and gets the texts in Dutch and English, as text and as PDF; the
 * facts are sealed in the database; bad input is a 400 that changes
 * nothing; another organisation's DPO finds nothing (404). The DPO closes
 * a breach: its clock stops, it leaves the default list, and every later
 * change is a 409.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "integration/api.h"

static struct api_session anna, fg, admin, fg_b;

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "admin", "administrator", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "admin", &admin);
	api_login_full(env.tenant_b, "b", "fg", &fg_b);
	/* The screens show people by their display name. */
	api_sql("UPDATE staff_user SET display_name = 'Fenna Groen'"
		" WHERE username = 'fg'");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

static const char *
jstr(json_t *o, const char *path1, const char *path2)
{
	json_t *v = json_object_get(o, path1);

	if (path2 != NULL)
		v = json_object_get(v, path2);
	return json_string_value(v);
}

static void
test_breach_flow(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], path[160], aware[ZK_TIME_LEN], body[1024];

	(void)state;
	/* Aware an hour ago: 71 hours left. */
	zk_time_fmt(zk_now() - 3600 - 30, aware);
	snprintf(body, sizeof body,
		 "{\"aware_at\":\"%s\",\"categories\":[\"care\",\"identity\"],"
		 "\"people_approx\":40,\"records_approx\":120,"
		 "\"facts\":\"Laptop met dossier van mevrouw Jansen "
		 "gestolen\"}",
		 aware);
	/* BRE-1: any member of staff reports. */
	api_req("POST", "/api/v1/breaches", body, NULL, &anna, 1, &r);
	assert_int_equal(r.status, 201);
	zk_strlcpy(id, jstr(r.json, "id", NULL), sizeof id);
	assert_true(json_is_true(
	    json_object_get(json_object_get(r.json, "clock"), "notify_ap")));
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(r.json, "clock"), "hours_left")),
			 70);
	api_resp_free(&r);
	/* The facts are sealed: the name is nowhere in the database. */
	assert_int_equal(api_count("SELECT count(*) FROM breach WHERE "
				   "CAST(details AS TEXT) LIKE '%Jansen%'"),
			 0);
	assert_int_equal(api_count("SELECT count(*) FROM breach"), 1);

	/* FG-1: only the DPO reads the register. */
	api_req("GET", "/api/v1/breaches", NULL, NULL, &anna, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("GET", "/api/v1/breaches", NULL, NULL, &admin, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/breaches/%s", id);
	api_req("GET", path, NULL, NULL, &anna, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("GET", "/api/v1/breaches", NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "breaches")),
			 1);
	/* Without a display name, the username stands for it. */
	assert_string_equal(
	    jstr(json_array_get(json_object_get(r.json, "breaches"), 0),
		 "reported_by_name", NULL),
	    "anna");
	api_resp_free(&r);
	/* SCOPE-3: another organisation's DPO finds nothing. */
	api_req("GET", path, NULL, NULL, &fg_b, 1, &r);
	assert_int_equal(r.status, 404);
	api_resp_free(&r);
	api_req("GET", "/api/v1/breaches", NULL, NULL, &fg_b, 1, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "breaches")),
			 0);
	api_resp_free(&r);

	/* The DPO completes the facts. */
	api_req("PATCH", path,
		"{\"cause\":\"Laptop onbeheerd in de auto\",\"measures\":"
		"\"Laptop op afstand gewist\",\"consequences\":\"Inzage door "
		"onbevoegden\"}",
		NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "cause", NULL),
			    "Laptop onbeheerd in de auto");
	assert_string_equal(jstr(r.json, "facts", NULL),
			    "Laptop met dossier van mevrouw Jansen gestolen");
	api_resp_free(&r);
	api_req("PATCH", path, "{\"cause\":\"x\"}", NULL, &anna, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);

	/* BRE-2, BRE-3: the assessment; M gives no public notice. */
	snprintf(body, sizeof body, "%s/assessment", path);
	api_req("POST", body,
		"{\"risk\":\"high\",\"reasons\":\"Medische gegevens, niet "
		"versleuteld\",\"disproportionate\":true}",
		NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "risk", NULL), "high");
	assert_string_equal(jstr(r.json, "assessed_by_name", NULL),
			    "Fenna Groen");
	assert_string_equal(jstr(r.json, "clock", "rule"), "BRE-3");
	assert_string_equal(jstr(r.json, "clock", "exemption_refused"),
			    "disproportionate");
	assert_true(json_is_true(json_object_get(
	    json_object_get(r.json, "clock"), "notify_subjects")));
	api_resp_free(&r);
	api_req("POST", body, "{\"risk\":\"hoog\",\"reasons\":\"x\"}", NULL,
		&fg, 1, &r);
	api_assert_error(&r, 400, "invalid");
	api_resp_free(&r);

	/* BRE-2: the AP notice in phases. */
	snprintf(body, sizeof body, "%s/ap-notices", path);
	{
		char b2[512], now[ZK_TIME_LEN];

		zk_time_fmt(zk_now(), now);
		snprintf(b2, sizeof b2,
			 "{\"sent_at\":\"%s\",\"reference\":\"AP-2026-1\","
			 "\"text\":\"Eerste melding\"}",
			 now);
		api_req("POST", body, b2, NULL, &fg, 1, &r);
		assert_int_equal(r.status, 201);
		assert_true(json_is_true(json_object_get(
		    json_object_get(r.json, "clock"), "ap_notified")));
		api_resp_free(&r);
		snprintf(b2, sizeof b2,
			 "{\"sent_at\":\"%s\",\"reference\":\"AP-2026-1\","
			 "\"text\":\"Aanvulling: aantal bekend\"}",
			 now);
		api_req("POST", body, b2, NULL, &fg, 1, &r);
		assert_int_equal(r.status, 201);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "ap_notices")), 2);
		api_resp_free(&r);
		/* Before awareness: refused. */
		api_req("POST", body,
			"{\"sent_at\":\"2020-01-01T00:00:00Z\",\"reference\":"
			"\"x\",\"text\":\"x\"}",
			NULL, &fg, 1, &r);
		api_assert_error(&r, 400, "invalid");
		api_resp_free(&r);
		api_req("POST", body, b2, NULL, &anna, 1, &r);
		api_assert_error(&r, 403, "denied");
		api_resp_free(&r);

		/* BRE-3: who was told. */
		snprintf(body, sizeof body, "%s/notified", path);
		snprintf(b2, sizeof b2,
			 "{\"who\":\"40 cliënten van team Noord\",\"people\":"
			 "40,\"how\":\"letter\",\"notified_at\":\"%s\"}",
			 now);
		api_req("POST", body, b2, NULL, &fg, 1, &r);
		assert_int_equal(r.status, 201);
		assert_int_equal(json_array_size(json_object_get(
				     r.json, "subjects_notified")),
				 1);
		api_resp_free(&r);
		api_req("POST", body,
			"{\"who\":\"x\",\"people\":1,\"how\":\"pigeon\","
			"\"notified_at\":\"2026-12-01T00:00:00Z\"}",
			NULL, &fg, 1, &r);
		api_assert_error(&r, 400, "invalid");
		api_resp_free(&r);
	}

	/* The texts, nl and en. */
	snprintf(body, sizeof body, "%s/texts/ap?lang=nl", path);
	api_req("GET", body, NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(jstr(r.json, "body", NULL), "info@micarewerkt"));
	assert_non_null(strstr(jstr(r.json, "body", NULL), "Aanvulling"));
	api_resp_free(&r);
	snprintf(body, sizeof body, "%s/texts/subject?lang=en", path);
	api_req("GET", body, NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(jstr(r.json, "body", NULL), "What you can do"));
	api_resp_free(&r);
	snprintf(body, sizeof body, "%s/texts/subject?lang=de", path);
	api_req("GET", body, NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	snprintf(body, sizeof body, "%s/texts/ap", path);
	api_req("GET", body, NULL, NULL, &anna, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);

	/* LOG-1: each act is logged, the refusals too, no content. */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'breach.report' AND outcome = 'success'") == 1);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'breach.list' AND outcome = 'refused'") >= 2);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "reason LIKE '%Jansen%'"),
			 0);
}

/* BRE-1: bad reports are a 400 and leave nothing. */
static void
test_breach_bad_input(void **state)
{
	static const char *const bad[] = {
	    "{\"aware_at\":\"2026-12-04\",\"categories\":[\"care\"],"
	    "\"people_approx\":1,\"records_approx\":1,\"facts\":\"x\"}",
	    "{\"aware_at\":\"2026-12-04T10:00:00Z\",\"categories\":[\"kaas\"],"
	    "\"people_approx\":1,\"records_approx\":1,\"facts\":\"x\"}",
	    "{\"aware_at\":\"2026-12-04T10:00:00Z\",\"categories\":[],"
	    "\"people_approx\":1,\"records_approx\":1,\"facts\":\"x\"}",
	    "{\"aware_at\":\"2026-12-04T10:00:00Z\",\"categories\":[\"care\"],"
	    "\"people_approx\":-1,\"records_approx\":1,\"facts\":\"x\"}",
	    "{\"aware_at\":\"2099-12-04T10:00:00Z\",\"categories\":[\"care\"],"
	    "\"people_approx\":1,\"records_approx\":1,\"facts\":\"x\"}",
	    "{\"aware_at\":\"2026-12-04T10:00:00Z\",\"categories\":[\"care\"],"
	    "\"people_approx\":1,\"records_approx\":1,\"facts\":\" \"}",
	    "{\"aware_at\":\"2026-12-04T10:00:00Z\"}",
	    "[1]",
	    "{\"aware_at\":",
	};
	struct api_resp r;
	int before = api_count("SELECT count(*) FROM breach");

	(void)state;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(bad); i++) {
		api_req("POST", "/api/v1/breaches", bad[i], NULL, &anna, 1, &r);
		if (r.status != 400)
			fail_msg("%s: %ld %s", bad[i], r.status, r.raw);
		api_resp_free(&r);
	}
	assert_int_equal(api_count("SELECT count(*) FROM breach"), before);
	api_req("GET", "/api/v1/breaches/00000000-0000-4000-8000-000000000000",
		NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 404);
	api_resp_free(&r);
}

/* A breach reported by anna, aware an hour ago; its id into id. */
static void
breach_new(char id[ZK_UUID_LEN])
{
	struct api_resp r;
	char aware[ZK_TIME_LEN], body[512];

	zk_time_fmt(zk_now() - 3600, aware);
	snprintf(
	    body, sizeof body,
	    "{\"aware_at\":\"%s\",\"categories\":[\"care\"],"
	    "\"people_approx\":3,\"records_approx\":3,"
	    "\"facts\":\"Brief naar verkeerd adres van de heer Pietersen\"}",
	    aware);
	api_req("POST", "/api/v1/breaches", body, NULL, &anna, 1, &r);
	assert_int_equal(r.status, 201);
	zk_strlcpy(id, jstr(r.json, "id", NULL), ZK_UUID_LEN);
	api_resp_free(&r);
}

/* The id's breach in the list of state (NULL: the default). */
static int
breach_listed(const char *state, const char *id)
{
	struct api_resp r;
	char path[96];
	json_t *v;
	size_t i;
	int found = 0;

	snprintf(path, sizeof path, "/api/v1/breaches%s%s",
		 state ? "?state=" : "", state ? state : "");
	api_req("GET", path, NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	json_array_foreach(json_object_get(r.json, "breaches"), i, v) found |=
	    strcmp(jstr(v, "id", NULL), id) == 0;
	api_resp_free(&r);
	return found;
}

/* BRE-1, FG-1: the DPO closes a breach; then nothing changes it. */
static void
test_breach_close(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], path[160], sub[200];

	(void)state;
	breach_new(id);
	snprintf(path, sizeof path, "/api/v1/breaches/%s", id);
	snprintf(sub, sizeof sub, "%s/close", path);
	assert_true(breach_listed(NULL, id));
	assert_true(breach_listed("open", id));
	assert_false(breach_listed("closed", id));
	/* Deny: the reporter, an administrator; another organisation 404. */
	api_req("POST", sub, "{\"reason\":\"Afgehandeld\"}", NULL, &anna, 1,
		&r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("POST", sub, "{\"reason\":\"Afgehandeld\"}", NULL, &admin, 1,
		&r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("POST", sub, "{\"reason\":\"Afgehandeld\"}", NULL, &fg_b, 1,
		&r);
	assert_int_equal(r.status, 404);
	api_resp_free(&r);
	/* Bad input: no reason, a blank one, a number; nothing changes. */
	api_req("POST", sub, "{}", NULL, &fg, 1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	api_req("POST", sub, "{\"reason\":\"  \"}", NULL, &fg, 1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	api_req("POST", sub, "{\"reason\":7}", NULL, &fg, 1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	api_req("GET", "/api/v1/breaches?state=shut", NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM breach WHERE "
				   "closed_at IS NOT NULL"),
			 0);
	/* Permit: the DPO, with the reason sealed. */
	api_req("POST", sub,
		"{\"reason\":\"Brief van de heer Pietersen retour ontvangen\"}",
		NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(jstr(r.json, "closed_at", NULL));
	assert_string_equal(jstr(r.json, "closed_by", NULL), "fg");
	assert_string_equal(jstr(r.json, "closed_by_name", NULL),
			    "Fenna Groen");
	assert_string_equal(jstr(r.json, "close_reason", NULL),
			    "Brief van de heer Pietersen retour ontvangen");
	assert_true(json_is_true(
	    json_object_get(json_object_get(r.json, "clock"), "closed")));
	/* The clock no longer runs. */
	assert_true(json_is_null(
	    json_object_get(json_object_get(r.json, "clock"), "hours_left")));
	assert_true(json_is_false(
	    json_object_get(json_object_get(r.json, "clock"), "overdue")));
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM breach WHERE "
				   "CAST(close_reason AS TEXT) LIKE "
				   "'%Pietersen%'"),
			 0);
	/* Out of the default list the dashboard reads; in closed and all. */
	assert_false(breach_listed(NULL, id));
	assert_true(breach_listed("closed", id));
	assert_true(breach_listed("all", id));
	/* 409: no change after closing, with a clear message. */
	api_req("POST", sub, "{\"reason\":\"Nog eens\"}", NULL, &fg, 1, &r);
	api_assert_error(&r, 409, "conflict");
	assert_non_null(strstr(jstr(r.json, "error", "message"), "closed"));
	assert_string_equal(jstr(r.json, "error", "rule"), "BRE-1");
	api_resp_free(&r);
	api_req("PATCH", path, "{\"cause\":\"Later\"}", NULL, &fg, 1, &r);
	api_assert_error(&r, 409, "conflict");
	api_resp_free(&r);
	snprintf(sub, sizeof sub, "%s/assessment", path);
	api_req("POST", sub, "{\"risk\":\"none\",\"reasons\":\"x\"}", NULL, &fg,
		1, &r);
	api_assert_error(&r, 409, "conflict");
	api_resp_free(&r);
	/* Still readable, with its texts. */
	api_req("GET", path, NULL, NULL, &fg, 1, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	/* LOG-1: the close and the refused change, no content. */
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE event "
				   "= 'breach.close' AND outcome = 'success'"),
			 1);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'breach.close' AND outcome = 'refused'") >= 3);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'breach.update' AND outcome = 'refused' AND "
			      "reason = 'closed'") == 1);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "reason LIKE '%Pietersen%'"),
			 0);
}

/* BRE-2, BRE-3: both texts as PDF, by path and by format; DPO only. */
static void
test_breach_pdf(void **state)
{
	static const char *const ok[] = {
	    "texts/ap.pdf", "texts/subject.pdf?lang=en",
	    "texts/ap?format=pdf&lang=en", "texts/subject?format=pdf"};
	static const char *const bad[] = {
	    "texts/ap.pdf?format=json", "texts/ap?format=doc",
	    "texts/brief.pdf", "texts/ap.pdf?lang=de"};
	struct api_resp r;
	char id[ZK_UUID_LEN], path[200];

	(void)state;
	breach_new(id);
	for (size_t i = 0; i < ZK_ARRAY_SIZE(ok); i++) {
		snprintf(path, sizeof path, "/api/v1/breaches/%s/%s", id,
			 ok[i]);
		api_req("GET", path, NULL, NULL, &fg, 1, &r);
		if (r.status != 200 ||
		    strcmp(r.content_type, "application/pdf") != 0 ||
		    r.raw == NULL || strncmp(r.raw, "%PDF-", 5) != 0)
			fail_msg("%s: %ld %s", ok[i], r.status, r.content_type);
		api_resp_free(&r);
	}
	for (size_t i = 0; i < ZK_ARRAY_SIZE(bad); i++) {
		snprintf(path, sizeof path, "/api/v1/breaches/%s/%s", id,
			 bad[i]);
		api_req("GET", path, NULL, NULL, &fg, 1, &r);
		if (r.status != 400)
			fail_msg("%s: %ld", bad[i], r.status);
		api_resp_free(&r);
	}
	snprintf(path, sizeof path, "/api/v1/breaches/%s/texts/ap.pdf", id);
	api_req("GET", path, NULL, NULL, &anna, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("GET", path, NULL, NULL, &fg_b, 1, &r);
	assert_int_equal(r.status, 404);
	api_resp_free(&r);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'breach.text_pdf' AND outcome = 'success'") ==
		    4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_breach_flow),
	    cmocka_unit_test(test_breach_bad_input),
	    cmocka_unit_test(test_breach_close),
	    cmocka_unit_test(test_breach_pdf),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
