/*
 * test_research.c: studies and their anonymised exports over HTTP
 * (RES-1, RES-2, OBJ-1, M§6.6(v), SCOPE-3), on both engines (the _pg
 * variant). Organisation "a" runs MiCare Werkt (M: k = 5, at most 5%
 * suppressed; the board confirms the public interest, the DPO the other
 * conditions), "b" WoondroomZorg.
 *
 * One study is refused while a condition is unconfirmed, refused at k
 * without generalisation (every birth year is its own class), and
 * released once the birth date goes to five-year bands. An objector
 * whose row would be a class of one is left out (else the export would
 * be refused), and each record drawn on gets its note.
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

#define RES_CLIENTS 10

static char clients[RES_CLIENTS][ZK_UUID_LEN], objector[ZK_UUID_LEN];
static char study[ZK_UUID_LEN], study_consent[ZK_UUID_LEN];
static struct api_session anna, fg, board, fg_b;

/* A client of tenant with the quasi-identifiers given. */
static void
client(int64_t tenant, const char *name, const char *birth,
       const char *postcode, char uid[ZK_UUID_LEN])
{
	struct actor sys;
	char *cause = NULL;
	json_t *id =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "family_name", name,
		      "given_names", "Test", "birth_date", birth, "gender", "v",
		      "postal_code", postcode, "city", "Utrecht");
	int rc;

	svc_actor_system(&sys, tenant, "test", "test");
	rc = svc_subject_create(env.svc, &sys, "client", id, NULL, uid, NULL,
				&cause);
	json_decref(id);
	if (rc != 0)
		fail_msg("client: %s", cause ? cause : zk_strerror(rc));
}

static int
setup(void **state)
{
	char name[32], birth[16], pc[16];

	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "board", "board", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	/* Five born 1980-1984 in 1011, five born 1985-1989 in 1012: every
	 * birth year is unique, every five-year band holds five. */
	for (int i = 0; i < RES_CLIENTS; i++) {
		snprintf(name, sizeof name, "Jansen%c", 'A' + i);
		snprintf(birth, sizeof birth, "%d-0%d-1%d", 1980 + i, 1 + i % 9,
			 i % 10);
		snprintf(pc, sizeof pc, "%s%c%c", i < 5 ? "1011" : "1012",
			 'A' + i, 'B' + i);
		client(env.tenant_a, name, birth, pc, clients[i]);
		api_relation(env.tenant_a, clients[i], "anna", "responsible");
	}
	/* The objector alone in 1950 and 9999: a class of one. */
	client(env.tenant_a, "Bezwaarmaker", "1950-02-02", "9999ZZ", objector);
	api_relation(env.tenant_a, objector, "anna", "responsible");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "board", &board);
	api_login_full(env.tenant_b, "b", "fg", &fg_b);
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

/* The message of an error answer contains what. */
static void
says(const struct api_resp *r, const char *what)
{
	const char *m = json_string_value(
	    json_object_get(json_object_get(r->json, "error"), "message"));

	if (m == NULL || strstr(m, what) == NULL)
		fail_msg("want a message with \"%s\", got %s", what,
			 r->raw ? r->raw : "");
}

/* The error object's member key, a string; NULL when absent. */
static const char *
err_str(const struct api_resp *r, const char *key)
{
	return json_string_value(
	    json_object_get(json_object_get(r->json, "error"), key));
}

static json_int_t
err_int(const struct api_resp *r, const char *key)
{
	json_t *v = json_object_get(json_object_get(r->json, "error"), key);

	if (!json_is_integer(v))
		fail_msg("want an integer \"%s\" in %s", key,
			 r->raw ? r->raw : "");
	return json_integer_value(v);
}

static void
confirm(const struct api_session *s, const char *condition, long status)
{
	struct api_resp r;
	char path[160], body[96];

	snprintf(path, sizeof path, "/api/v1/studies/%s/confirmations", study);
	snprintf(body, sizeof body, "{\"condition\":\"%s\"}", condition);
	api_want("POST", path, body, s, status, &r);
	api_resp_free(&r);
}

static void export(const struct api_session *s, const char *id,
		   const char *body, long status, struct api_resp *r)
{
	char path[160];

	snprintf(path, sizeof path, "/api/v1/studies/%s/exports", id);
	api_want("POST", path, body, s, status, r);
}

/* RES-1: who registers a study; bad input is a clear 400. */
static void
test_research_register(void **state)
{
	struct api_resp r;

	(void)state;
	ZK_RULE("RES-1");
	api_want(
	    "POST", "/api/v1/studies",
	    "{\"name\":\"Valpreventie\",\"purpose\":\"Vallen bij ouderen\","
	    "\"requester\":\"UMC Utrecht\",\"basis\":\"conditions\"}",
	    &fg, 201, &r);
	zk_strlcpy(study, json_string_value(json_object_get(r.json, "id")),
		   sizeof study);
	api_resp_free(&r);
	api_want("POST", "/api/v1/studies",
		 "{\"name\":\"Met toestemming\",\"purpose\":\"Zorgpaden\","
		 "\"requester\":\"UMC Utrecht\",\"basis\":\"consent\"}",
		 &fg, 201, &r);
	zk_strlcpy(study_consent,
		   json_string_value(json_object_get(r.json, "id")),
		   sizeof study_consent);
	api_resp_free(&r);
	/* Deny: a professional registers and reads no studies. */
	api_want("POST", "/api/v1/studies",
		 "{\"name\":\"X\",\"purpose\":\"Y\",\"requester\":\"Z\","
		 "\"basis\":\"consent\"}",
		 &anna, 403, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_want("GET", "/api/v1/studies", NULL, &anna, 403, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM study"), 2);
	/* Bad input. */
	api_want("POST", "/api/v1/studies",
		 "{\"name\":\"X\",\"purpose\":\"Y\",\"requester\":\"Z\","
		 "\"basis\":\"maybe\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/studies", "{\"name\":", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/studies",
		 "{\"name\":\"X\",\"purpose\":\"Y\",\"requester\":\"Z\","
		 "\"basis\":1}",
		 &fg, 400, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM study"), 2);
	api_want("GET", "/api/v1/studies", NULL, &fg, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "studies")),
			 2);
	api_resp_free(&r);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'study.create' AND outcome = 'refused'") >= 1);
}

/* RES-1: refused while any condition is unconfirmed; each condition is
 * confirmed by its role only, once. */
static void
test_research_res1_conditions(void **state)
{
	struct api_resp r;
	char path[160];

	(void)state;
	ZK_RULE("RES-1");
	export(&fg, study, "{}", 409, &r);
	says(&r, "public_interest");
	/* The refusal names the rule it is made on, and in fields what
	 * fails, for a screen to word it (no message parsing). */
	assert_string_equal(err_str(&r, "rule"), "RES-1");
	assert_string_equal(err_str(&r, "code"), "conflict");
	assert_string_equal(err_str(&r, "reason"), "condition_unconfirmed");
	assert_string_equal(err_str(&r, "condition"), "public_interest");
	api_resp_free(&r);
	/* The DPO does not confirm the public interest: the board does. */
	confirm(&fg, "public_interest", 403);
	confirm(&anna, "necessary", 403);
	confirm(&board, "necessary", 403);
	confirm(&board, "public_interest", 201);
	confirm(&board, "public_interest", 409);
	confirm(&fg, "necessary", 201);
	confirm(&fg, "consent_impracticable", 201);
	confirm(&fg, "reasons", 400);
	export(&fg, study, "{}", 409, &r);
	says(&r, "safeguards");
	assert_string_equal(err_str(&r, "condition"), "safeguards");
	api_resp_free(&r);
	/* Who confirmed what is on the study. */
	snprintf(path, sizeof path, "/api/v1/studies/%s", study);
	api_want("GET", path, NULL, &board, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "confirmed")),
			 3);
	assert_string_equal(json_string_value(json_array_get(
				json_object_get(r.json, "missing"), 0)),
			    "safeguards");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(r.json, "confirmed"), 0),
		"role")),
	    "board");
	/* People by name: the DPO's display name beside the account id;
	 * the board member has none, so the id stands for it. */
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "created_by_name")),
	    "Fenna Groen");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(r.json, "confirmed"), 1),
		"confirmed_by_name")),
	    "Fenna Groen");
	assert_non_null(json_string_value(json_object_get(
	    json_array_get(json_object_get(r.json, "confirmed"), 0),
	    "confirmed_by_name")));
	api_resp_free(&r);
	confirm(&fg, "safeguards", 201);
	assert_int_equal(api_count("SELECT count(*) FROM study_export"), 0);
	assert_int_equal(api_count("SELECT count(*) FROM study_note"), 0);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'study.export' AND outcome = 'refused' AND "
			      "rule = 'RES-1'") >= 2);
}

/* RES-2, OBJ-1, M§6.6(v): refused at k, released after generalisation,
 * the objector left out, a note in each record drawn on. */
static void
test_research_res2_export(void **state)
{
	struct api_resp r;
	json_t *rows;
	char path[160], sql[256];

	(void)state;
	ZK_RULE("RES-2");
	ZK_RULE("OBJ-1");
	/* OBJ-1: the objector objects to use for research. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/objections", objector);
	api_want("POST", path, "{\"recipient_kind\":\"researcher\"}", &anna,
		 201, &r);
	api_resp_free(&r);
	/* Refused at k: without generalisation every birth year is alone. */
	export(&fg, study, "{\"generalise\":false}", 409, &r);
	says(&r, "not 5-anonymous");
	/* RES-2 in fields: k, the smallest class found, the rows and the
	 * quasi-identifiers. */
	assert_string_equal(err_str(&r, "rule"), "RES-2");
	assert_string_equal(err_str(&r, "reason"), "not_k_anonymous");
	assert_int_equal(err_int(&r, "k"), 5);
	assert_int_equal(err_int(&r, "smallest_class"), 1);
	assert_int_equal(err_int(&r, "rows"), RES_CLIENTS);
	assert_true(json_is_false(
	    json_object_get(json_object_get(r.json, "error"), "generalised")));
	{
		json_t *qi = json_object_get(json_object_get(r.json, "error"),
					     "quasi_identifiers");

		assert_int_equal(json_array_size(qi), 4);
		assert_string_equal(json_string_value(json_array_get(qi, 0)),
				    "birth_date");
	}
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM study_export"), 0);
	/* Deny: only the DPO exports. */
	export(&board, study, "{}", 403, &r);
	api_resp_free(&r);
	/* Released after generalisation. */
	export(&fg, study, "{}", 201, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "k")), 5);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(r.json, "generalisation"), "birth_date")),
	    "year5");
	assert_true(
	    json_integer_value(json_object_get(r.json, "smallest_class")) >= 5);
	assert_int_equal(
	    json_integer_value(json_object_get(r.json, "smallest_before")), 1);
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(r.json, "left_out"), "objected")),
			 1);
	rows = json_object_get(r.json, "rows");
	assert_int_equal(json_array_size(rows), RES_CLIENTS);
	/* No direct identifier, no full birth date, no postcode letters. */
	assert_null(strstr(r.raw, "Jansen"));
	assert_null(strstr(r.raw, "Bezwaarmaker"));
	assert_null(strstr(r.raw, "1011AB"));
	assert_null(strstr(r.raw, "1980-01-10"));
	assert_null(strstr(r.raw, clients[0]));
	assert_string_equal(
	    json_string_value(json_array_get(json_array_get(rows, 0), 0)),
	    "1980-1984");
	api_resp_free(&r);
	/* M§6.6(v): a note in each record drawn on, none in the objector's. */
	assert_int_equal(api_count("SELECT count(*) FROM study_export"), 1);
	assert_int_equal(api_count("SELECT count(*) FROM study_note"),
			 RES_CLIENTS);
	for (int i = 0; i < RES_CLIENTS; i++) {
		snprintf(path, sizeof path,
			 "/api/v1/subjects/%.36s/study-notes", clients[i]);
		api_want("GET", path, NULL, &anna, 200, &r);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "notes")), 1);
		assert_string_equal(
		    json_string_value(json_object_get(
			json_array_get(json_object_get(r.json, "notes"), 0),
			"study_name")),
		    "Valpreventie");
		api_resp_free(&r);
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE event = "
			 "'study.note' AND subject_uid = '%.36s'",
			 clients[i]);
		assert_int_equal(api_count(sql), 1);
	}
	snprintf(path, sizeof path, "/api/v1/subjects/%s/study-notes",
		 objector);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "notes")), 0);
	api_resp_free(&r);
	/* The same export as CSV, with its header. */
	export(&fg, study, "{\"format\":\"csv\"}", 201, &r);
	assert_non_null(r.raw);
	assert_true(strncmp(r.raw, "birth_date,postal_code,gender,city", 34) ==
		    0);
	assert_null(strstr(r.raw, "Jansen"));
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM study_note"),
			 2 * RES_CLIENTS);
	export(&fg, study, "{\"format\":\"pdf\"}", 400, &r);
	api_resp_free(&r);
	/* The consent basis: no one consented, nothing goes. */
	export(&fg, study_consent, "{}", 409, &r);
	assert_string_equal(err_str(&r, "reason"), "not_k_anonymous");
	assert_int_equal(err_int(&r, "rows"), 0);
	assert_int_equal(err_int(&r, "smallest_class"), 0);
	api_resp_free(&r);
	/* The export's maker by name. */
	snprintf(path, sizeof path, "/api/v1/studies/%s", study);
	api_want("GET", path, NULL, &fg, 200, &r);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(r.json, "exports"), 0),
		"made_by_name")),
	    "Fenna Groen");
	api_resp_free(&r);
	api_want("GET", "/api/v1/studies", NULL, &fg, 200, &r);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(r.json, "studies"), 0),
		"created_by_name")),
	    "Fenna Groen");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM study_export"), 2);
}

/* SCOPE-3: another organisation finds neither the study nor the notes. */
static void
test_research_scope3(void **state)
{
	struct api_resp r;
	char path[160];

	(void)state;
	ZK_RULE("SCOPE-3");
	snprintf(path, sizeof path, "/api/v1/studies/%s", study);
	api_want("GET", path, NULL, &fg_b, 404, &r);
	api_resp_free(&r);
	export(&fg_b, study, "{}", 404, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/studies/%s/confirmations", study);
	api_want("POST", path, "{\"condition\":\"safeguards\"}", &fg_b, 404,
		 &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/studies", NULL, &fg_b, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "studies")),
			 0);
	api_resp_free(&r);
	export(&fg, "00000000-0000-4000-8000-000000000000", "{}", 404, &r);
	api_resp_free(&r);
	export(&fg, "not-a-uuid", "{}", 400, &r);
	api_resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_research_register),
	    cmocka_unit_test(test_research_res1_conditions),
	    cmocka_unit_test(test_research_res2_export),
	    cmocka_unit_test(test_research_scope3),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
