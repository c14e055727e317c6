/*
 * test_registers.c: the DPO's registers over HTTP on both engines: the
 * art. 30 register of processing activities seeded from the profile,
 * edited and exported (FG-1), processors and their agreements (PRC-1),
 * complaints with the AP route and their sealed content (CMP-1), and
 * transfers outside the EEA against the adequacy list (SEC-2). Who may:
 * the DPO reads and keeps them, the board reads them but not what a
 * complaint is about, the administrator and the professional nothing
 * (ACC-1); another organisation's ids are not found (SCOPE-3).
 * Organisation "a" runs MiCare Werkt, "b" WoondroomZorg.
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
#include "service/service.h"

static char client_a[ZK_UUID_LEN];
static struct api_session fg, board, admin, anna, fg_b;

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "bestuur", "board", 1);
	api_user(env.tenant_a, "beheer", "administrator", 1);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	api_client(env.tenant_a, "Çelik", client_a);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "bestuur", &board);
	api_login_full(env.tenant_a, "a", "beheer", &admin);
	api_login_full(env.tenant_a, "a", "anna", &anna);
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

static void
want(const char *method, const char *path, const char *body,
     const struct api_session *s, long status, struct api_resp *r)
{
	api_want(method, path, body, s, status, r);
	if (status >= 400)
		api_assert_error(r, status, NULL);
}

/* Sends and frees. */
static void
check(const char *method, const char *path, const char *body,
      const struct api_session *s, long status)
{
	struct api_resp r;

	want(method, path, body, s, status, &r);
	api_resp_free(&r);
}

static const char *
rule_of(const struct api_resp *r)
{
	return json_string_value(
	    json_object_get(json_object_get(r->json, "error"), "rule"));
}

/* Creates at path as s; the new id in id. */
static void
create(const char *path, const char *body, const struct api_session *s,
       char id[ZK_UUID_LEN])
{
	struct api_resp r;

	want("POST", path, body, s, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
}

/* The member key of the element of list with "id" id. */
static json_t *
find(json_t *list, const char *id)
{
	size_t i;
	json_t *v;

	json_array_foreach(list, i, v)
	{
		if (strcmp(json_string_value(json_object_get(v, "id")), id) ==
		    0)
			return v;
	}
	return NULL;
}

/* FG-1: seeded from the profile, one per purpose; an edit keeps who and
 * when and survives seeding again; CSV and PDF. */
static void
test_registers_fg1_processing(void **state)
{
	struct api_resp r;
	json_t *acts, *one;
	char path[160], id[ZK_UUID_LEN], body[256];
	size_t n;

	(void)state;
	ZK_RULE("FG-1");
	check("POST", "/api/v1/registers/processing/seed", NULL, &board, 403);
	check("POST", "/api/v1/registers/processing/seed", NULL, &admin, 403);
	want("POST", "/api/v1/registers/processing/seed", NULL, &fg, 200, &r);
	n = (size_t)json_integer_value(json_object_get(r.json, "changed"));
	assert_true(n >= 2);
	api_resp_free(&r);

	want("GET", "/api/v1/registers/processing", NULL, &board, 200, &r);
	acts = json_object_get(r.json, "activities");
	assert_int_equal(json_array_size(acts), n);
	one = json_array_get(acts, 0);
	assert_non_null(json_string_value(json_object_get(one, "purpose_id")));
	assert_true(json_is_null(json_object_get(one, "edited_by")) ||
		    json_object_get(one, "edited_by") == NULL);
	assert_null(json_object_get(one, "edited_by_name"));
	assert_true(
	    strlen(json_string_value(json_object_get(one, "legal_basis"))) > 0);
	zk_strlcpy(id, json_string_value(json_object_get(one, "id")),
		   sizeof id);
	api_resp_free(&r);
	check("GET", "/api/v1/registers/processing", NULL, &admin, 403);
	check("GET", "/api/v1/registers/processing", NULL, &anna, 403);

	/* The DPO edits; the board may not. */
	snprintf(path, sizeof path, "/api/v1/registers/processing/%s", id);
	check("PATCH", path, "{\"retention\":\"zie bewaarbeleid, \\\"v2\\\"\"}",
	      &board, 403);
	check("PATCH", path, "{\"retention\":5}", &fg, 400);
	check("PATCH", path, "{\"colour\":\"red\"}", &fg, 400);
	check("PATCH", path, "{}", &fg, 400);
	check("PATCH", "/api/v1/registers/processing/not-an-id",
	      "{\"retention\":\"x\"}", &fg, 400);
	check(
	    "PATCH",
	    "/api/v1/registers/processing/00000000-0000-4000-8000-000000000000",
	    "{\"retention\":\"x\"}", &fg, 404);
	check("PATCH", path, "{\"retention\":\"zie bewaarbeleid, \\\"v2\\\"\"}",
	      &fg, 200);
	want("POST", "/api/v1/registers/processing/seed", NULL, &fg, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "changed")),
			 0);
	api_resp_free(&r);
	want("GET", "/api/v1/registers/processing", NULL, &fg, 200, &r);
	one = find(json_object_get(r.json, "activities"), id);
	assert_non_null(one);
	assert_string_equal(
	    json_string_value(json_object_get(one, "retention")),
	    "zie bewaarbeleid, \"v2\"");
	assert_non_null(json_string_value(json_object_get(one, "edited_by")));
	assert_non_null(json_string_value(json_object_get(one, "edited_at")));
	/* The editor as a person reads it: the account's display name. */
	assert_string_equal(
	    json_string_value(json_object_get(one, "edited_by_name")), "fg");
	api_resp_free(&r);

	/* One by hand: every text is required. */
	check("POST", "/api/v1/registers/processing", "{\"name\":\"Camera\"}",
	      &fg, 400);
	snprintf(body, sizeof body,
		 "{\"name\":\"=Cameratoezicht\",\"purpose\":\"veiligheid\","
		 "\"legal_basis\":\"legitimate_interest\",\"subjects\":\"x\","
		 "\"data_categories\":\"beeld\",\"recipients\":\"geen\","
		 "\"transfers\":\"geen\",\"retention\":\"4 weken\","
		 "\"security\":\"NEN 7510\"}");
	create("/api/v1/registers/processing", body, &fg, id);

	/* RFC 4180: a header, CRLF, quotes doubled, no formula. */
	want("GET", "/api/v1/registers/processing.csv", NULL, &board, 200, &r);
	assert_non_null(strstr(r.content_type, "text/csv"));
	assert_true(strncmp(r.raw, "id,purpose_id,name,purpose,", 27) == 0);
	assert_non_null(strstr(r.raw, "\r\n"));
	assert_non_null(strstr(r.raw, "\"zie bewaarbeleid, \"\"v2\"\"\""));
	assert_non_null(strstr(r.raw, "\"'=Cameratoezicht\""));
	api_resp_free(&r);
	want("GET", "/api/v1/registers/processing?format=pdf&lang=en", NULL,
	     &fg, 200, &r);
	assert_non_null(strstr(r.content_type, "application/pdf"));
	assert_true(strncmp(r.raw, "%PDF", 4) == 0);
	api_resp_free(&r);
	check("GET", "/api/v1/registers/processing.pdf", NULL, &admin, 403);
	check("GET", "/api/v1/registers/processing?format=xls", NULL, &fg, 400);
	check("GET", "/api/v1/registers/processing?lang=de&format=pdf", NULL,
	      &fg, 400);
}

/* PRC-1: a processor without a valid agreement is flagged, with why. */
static void
test_registers_prc1_processors(void **state)
{
	struct api_resp r;
	char none[ZK_UUID_LEN], good[ZK_UUID_LEN], old[ZK_UUID_LEN],
	    noaudit[ZK_UUID_LEN], far[ZK_UUID_LEN], path[160];
	json_t *list, *p;

	(void)state;
	ZK_RULE("PRC-1");
	create("/api/v1/processors",
	       "{\"name\":\"Mailhuis\",\"processes\":\"e-mail\","
	       "\"country\":\"NL\"}",
	       &fg, none);
	create("/api/v1/processors",
	       "{\"name\":\"Hosting BV\",\"processes\":\"servers\","
	       "\"country\":\"DE\",\"signed_on\":\"2024-01-01\","
	       "\"valid_until\":null,\"instruction\":true,\"security\":true,"
	       "\"audit\":true,\"secrecy\":true,\"subprocessors\":true,"
	       "\"breach\":true}",
	       &fg, good);
	create("/api/v1/processors",
	       "{\"name\":\"Oud\",\"processes\":\"archief\",\"country\":\"NL\","
	       "\"signed_on\":\"2010-01-01\",\"valid_until\":\"2015-01-01\","
	       "\"instruction\":true,\"security\":true,\"audit\":true,"
	       "\"secrecy\":true,\"subprocessors\":true,\"breach\":true}",
	       &fg, old);
	create("/api/v1/processors",
	       "{\"name\":\"Zonder audit\",\"processes\":\"loon\","
	       "\"country\":\"NL\",\"signed_on\":\"2024-01-01\","
	       "\"instruction\":true,\"security\":true,\"secrecy\":true,"
	       "\"subprocessors\":true,\"breach\":true}",
	       &fg, noaudit);
	create("/api/v1/processors",
	       "{\"name\":\"Verweg\",\"processes\":\"support\","
	       "\"country\":\"IN\",\"signed_on\":\"2024-01-01\","
	       "\"instruction\":true,\"security\":true,\"audit\":true,"
	       "\"secrecy\":true,\"subprocessors\":true,\"breach\":true}",
	       &fg, far);
	check("POST", "/api/v1/processors",
	      "{\"name\":\"X\",\"processes\":\"x\",\"country\":\"NL\"}", &board,
	      403);
	check("POST", "/api/v1/processors",
	      "{\"name\":\"X\",\"processes\":\"x\",\"country\":\"XX\"}", &fg,
	      400);
	check("POST", "/api/v1/processors",
	      "{\"name\":\"X\",\"processes\":\"x\",\"country\":\"NL\","
	      "\"signed_on\":\"2024-13-01\"}",
	      &fg, 400);
	check("POST", "/api/v1/processors",
	      "{\"name\":\"X\",\"processes\":\"x\",\"country\":\"NL\","
	      "\"valid_until\":\"2024-01-01\"}",
	      &fg, 400);
	check("POST", "/api/v1/processors", "{\"name\":\"X\",\"audit\":\"ja\"}",
	      &fg, 400);

	want("GET", "/api/v1/reports/processors-without-agreement", NULL,
	     &board, 200, &r);
	list = json_object_get(r.json, "processors");
	assert_null(find(list, good));
	p = find(list, none);
	assert_non_null(p);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(p, "reasons"), 0)),
	    "no_agreement");
	p = find(list, old);
	assert_non_null(p);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(p, "reasons"), 0)),
	    "expired");
	p = find(list, noaudit);
	assert_non_null(p);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(p, "reasons"), 0)),
	    "missing_audit");
	p = find(list, far);
	assert_non_null(p);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(p, "reasons"), 0)),
	    "no_transfer_basis");
	api_resp_free(&r);
	check("GET", "/api/v1/reports/processors-without-agreement", NULL,
	      &admin, 403);

	/* The audit right added: no longer flagged; a transfer with
	 * standard clauses covers the processor in India (SEC-2). */
	snprintf(path, sizeof path, "/api/v1/processors/%s", noaudit);
	check("PATCH", path, "{\"audit\":true}", &board, 403);
	check("PATCH", path, "{\"valid_until\":\"2020-01-01\"}", &fg, 400);
	check("PATCH", path, "{\"audit\":true}", &fg, 200);
	{
		char body[512], tid[ZK_UUID_LEN];

		snprintf(body, sizeof body,
			 "{\"recipient\":\"Verweg Ltd\",\"processor\":\"%s\","
			 "\"country\":\"IN\",\"what\":\"support tickets\","
			 "\"basis\":\"scc\",\"basis_ref\":\"SCC 2021/914 "
			 "module 2\"}",
			 far);
		create("/api/v1/transfers", body, &fg, tid);
	}
	want("GET", "/api/v1/reports/processors-without-agreement", NULL, &fg,
	     200, &r);
	list = json_object_get(r.json, "processors");
	assert_null(find(list, noaudit));
	assert_null(find(list, far));
	assert_non_null(find(list, none));
	api_resp_free(&r);
	want("GET", "/api/v1/processors", NULL, &board, 200, &r);
	p = find(json_object_get(r.json, "processors"), good);
	assert_true(json_is_true(json_object_get(p, "valid")));
	assert_true(json_is_true(
	    json_object_get(json_object_get(p, "binds"), "audit")));
	api_resp_free(&r);
}

/* CMP-1: registered, handled, closed; the AP route always named; what it
 * is about sealed and for the DPO only. */
static void
test_registers_cmp1_complaints(void **state)
{
	struct api_resp r;
	char body[512], id[ZK_UUID_LEN], loose[ZK_UUID_LEN], path[160];
	const char *route;
	json_t *c;

	(void)state;
	ZK_RULE("CMP-1");
	snprintf(body, sizeof body,
		 "{\"received_on\":\"2026-11-02\",\"channel\":\"email\","
		 "\"complainant\":\"subject\",\"subject\":\"%s\","
		 "\"matter\":\"Mijn diagnose Zeldzaamheid stond in de mail\"}",
		 client_a);
	check("POST", "/api/v1/complaints", body, &board, 403);
	check("POST", "/api/v1/complaints", body, &admin, 403);
	create("/api/v1/complaints", body, &fg, id);
	create("/api/v1/complaints",
	       "{\"received_on\":\"2026-11-03\",\"channel\":\"board\","
	       "\"complainant\":\"other\",\"matter\":\"Buurman klaagt\"}",
	       &fg, loose);
	check("POST", "/api/v1/complaints",
	      "{\"received_on\":\"2026-11-03\",\"channel\":\"pigeon\","
	      "\"complainant\":\"other\",\"matter\":\"x\"}",
	      &fg, 400);
	check("POST", "/api/v1/complaints",
	      "{\"received_on\":\"2999-01-01\",\"channel\":\"email\","
	      "\"complainant\":\"other\",\"matter\":\"x\"}",
	      &fg, 400);
	check("POST", "/api/v1/complaints",
	      "{\"received_on\":\"2026-11-03\",\"channel\":\"email\","
	      "\"complainant\":\"other\",\"subject\":"
	      "\"00000000-0000-4000-8000-000000000000\",\"matter\":\"x\"}",
	      &fg, 404);
	check("POST", "/api/v1/complaints", "[1]", &fg, 400);

	/* Sealed: the words are not in the database. */
	assert_int_equal(api_count("SELECT count(*) FROM complaint WHERE "
				   "CAST(content AS TEXT) LIKE "
				   "'%Zeldzaamheid%'"),
			 0);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "reason LIKE '%Zeldzaamheid%'"),
			 0);

	want("GET", "/api/v1/complaints", NULL, &fg, 200, &r);
	c = find(json_object_get(r.json, "complaints"), id);
	assert_non_null(c);
	assert_string_equal(json_string_value(json_object_get(c, "matter")),
			    "Mijn diagnose Zeldzaamheid stond in de mail");
	route = json_string_value(
	    json_object_get(json_object_get(c, "ap_route"), "nl"));
	assert_non_null(strstr(route, "autoriteitpersoonsgegevens.nl"));
	assert_non_null(strstr(json_string_value(json_object_get(
				   json_object_get(c, "ap_route"), "en")),
			       "autoriteitpersoonsgegevens.nl"));
	c = find(json_object_get(r.json, "complaints"), loose);
	assert_string_equal(json_string_value(json_object_get(c, "matter")),
			    "Buurman klaagt");
	api_resp_free(&r);

	/* The board: that there is one, not what it says. */
	want("GET", "/api/v1/complaints", NULL, &board, 200, &r);
	c = find(json_object_get(r.json, "complaints"), id);
	assert_non_null(c);
	assert_null(json_object_get(c, "matter"));
	assert_non_null(json_object_get(c, "ap_route"));
	api_resp_free(&r);
	check("GET", "/api/v1/complaints", NULL, &admin, 403);
	check("GET", "/api/v1/complaints", NULL, &anna, 403);

	snprintf(path, sizeof path, "/api/v1/complaints/%s", id);
	check("PATCH", path, "{\"handling\":\"gesprek gepland\"}", &board, 403);
	check("PATCH", path, "{\"handling\":\"gesprek gepland\"}", &fg, 200);
	snprintf(path, sizeof path, "/api/v1/complaints/%s/close", id);
	check("POST", path,
	      "{\"outcome\":\"maybe\",\"closed_on\":\"2026-11-20\","
	      "\"answer\":\"x\"}",
	      &fg, 400);
	check("POST", path,
	      "{\"outcome\":\"upheld\",\"closed_on\":\"2026-10-01\","
	      "\"answer\":\"x\"}",
	      &fg, 400);
	check("POST", path,
	      "{\"outcome\":\"upheld\",\"closed_on\":\"2026-11-20\","
	      "\"answer\":\"Excuses; de mail is aangepast.\"}",
	      &fg, 200);
	want("POST", path,
	     "{\"outcome\":\"upheld\",\"closed_on\":\"2026-11-20\","
	     "\"answer\":\"x\"}",
	     &fg, 409, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/complaints/%s", id);
	want("GET", path, NULL, &fg, 200, &r);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")), "closed");
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "outcome")), "upheld");
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "handling")),
	    "gesprek gepland");
	assert_non_null(json_object_get(r.json, "ap_route"));
	api_resp_free(&r);
	check("GET", path, NULL, &admin, 403);
}

/* SEC-2, W§20: outside the EEA only with adequacy or an art. 46
 * safeguard. */
static void
test_registers_sec2_transfers(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("SEC-2");
	want("POST", "/api/v1/transfers",
	     "{\"recipient\":\"Cloud Inc\",\"country\":\"CN\","
	     "\"what\":\"back-ups\",\"basis\":\"adequacy\"}",
	     &fg, 403, &r);
	assert_string_equal(rule_of(&r), "SEC-2");
	api_resp_free(&r);
	want("POST", "/api/v1/transfers",
	     "{\"recipient\":\"Cloud Inc\",\"country\":\"US\","
	     "\"what\":\"back-ups\",\"basis\":\"adequacy\"}",
	     &fg, 403, &r);
	assert_string_equal(rule_of(&r), "SEC-2");
	api_resp_free(&r);
	want("POST", "/api/v1/transfers",
	     "{\"recipient\":\"Cloud Inc\",\"country\":\"CN\","
	     "\"what\":\"back-ups\",\"basis\":\"explicit_consent\"}",
	     &fg, 403, &r);
	assert_string_equal(rule_of(&r), "SEC-2");
	api_resp_free(&r);
	check("POST", "/api/v1/transfers",
	      "{\"recipient\":\"Cloud BV\",\"country\":\"NL\","
	      "\"what\":\"back-ups\",\"basis\":\"adequacy\"}",
	      &fg, 400);
	check("POST", "/api/v1/transfers",
	      "{\"recipient\":\"Cloud Inc\",\"country\":\"US\",\"certified\":"
	      "true,\"what\":\"back-ups\",\"basis\":\"adequacy\"}",
	      &board, 403);
	assert_int_equal(api_count("SELECT count(*) FROM transfer WHERE "
				   "recipient = 'Cloud Inc'"),
			 0);
	create("/api/v1/transfers",
	       "{\"recipient\":\"Cloud Inc\",\"country\":\"US\",\"certified\":"
	       "true,\"what\":\"back-ups\",\"basis\":\"adequacy\"}",
	       &fg, id);
	create("/api/v1/transfers",
	       "{\"recipient\":\"Tokyo KK\",\"country\":\"JP\","
	       "\"what\":\"research\",\"basis\":\"adequacy\"}",
	       &fg, id);
	create("/api/v1/transfers",
	       "{\"recipient\":\"Cloud Inc\",\"country\":\"CN\","
	       "\"what\":\"back-ups\",\"basis\":\"bcr\"}",
	       &fg, id);
	want("GET", "/api/v1/transfers", NULL, &board, 200, &r);
	assert_true(json_array_size(json_object_get(r.json, "transfers")) >= 3);
	api_resp_free(&r);
	check("GET", "/api/v1/transfers", NULL, &admin, 403);
}

/* SCOPE-3: organisation b's DPO finds nothing of a's registers. */
static void
test_registers_scope3_isolation(void **state)
{
	struct api_resp r;
	char pid[ZK_UUID_LEN], cid[ZK_UUID_LEN], path[160], body[512];
	const char *aid;

	(void)state;
	ZK_RULE("SCOPE-3");
	create("/api/v1/processors",
	       "{\"name\":\"Alleen A\",\"processes\":\"x\",\"country\":\"NL\"}",
	       &fg, pid);
	create("/api/v1/complaints",
	       "{\"received_on\":\"2026-11-03\",\"channel\":\"email\","
	       "\"complainant\":\"other\",\"matter\":\"alleen A\"}",
	       &fg, cid);
	want("GET", "/api/v1/registers/processing", NULL, &fg, 200, &r);
	aid = json_string_value(json_object_get(
	    json_array_get(json_object_get(r.json, "activities"), 0), "id"));
	snprintf(path, sizeof path, "/api/v1/registers/processing/%s", aid);
	check("PATCH", path, "{\"name\":\"van B\"}", &fg_b, 404);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/processors/%s", pid);
	check("PATCH", path, "{\"audit\":true}", &fg_b, 404);
	snprintf(path, sizeof path, "/api/v1/complaints/%s", cid);
	check("GET", path, NULL, &fg_b, 404);
	check("PATCH", path, "{\"handling\":\"x\"}", &fg_b, 404);
	snprintf(path, sizeof path, "/api/v1/complaints/%s/close", cid);
	check("POST", path,
	      "{\"outcome\":\"upheld\",\"closed_on\":\"2026-11-20\","
	      "\"answer\":\"x\"}",
	      &fg_b, 404);
	snprintf(body, sizeof body,
		 "{\"recipient\":\"X\",\"processor\":\"%s\",\"country\":\"JP\","
		 "\"what\":\"x\",\"basis\":\"adequacy\"}",
		 pid);
	check("POST", "/api/v1/transfers", body, &fg_b, 404);
	snprintf(body, sizeof body,
		 "{\"received_on\":\"2026-11-03\",\"channel\":\"email\","
		 "\"complainant\":\"subject\",\"subject\":\"%s\","
		 "\"matter\":\"x\"}",
		 client_a);
	check("POST", "/api/v1/complaints", body, &fg_b, 404);
	want("GET", "/api/v1/processors", NULL, &fg_b, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "processors")),
			 0);
	api_resp_free(&r);
	want("GET", "/api/v1/complaints", NULL, &fg_b, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "complaints")),
			 0);
	api_resp_free(&r);
}

/* CMP-1, ERA-5: erasing the subject erases what their complaint says;
 * that there was a complaint, and how it ended, stays. */
static void
test_registers_cmp1_erasure(void **state)
{
	struct svc_erase_input in = {0};
	struct api_resp r;
	struct actor sys;
	char who[ZK_UUID_LEN], id[ZK_UUID_LEN], body[512], *cause = NULL;
	json_t *record = NULL, *c;
	int rc;

	(void)state;
	ZK_RULE("CMP-1");
	ZK_RULE("ERA-5");
	api_client(env.tenant_a, "Wisse", who);
	snprintf(body, sizeof body,
		 "{\"received_on\":\"2026-11-02\",\"channel\":\"post\","
		 "\"complainant\":\"subject\",\"subject\":\"%s\","
		 "\"matter\":\"Over mijn behandeling\"}",
		 who);
	create("/api/v1/complaints", body, &fg, id);
	svc_actor_system(&sys, env.tenant_a, "test", "test");
	in.subject_uid = who;
	in.ground = "no_longer_needed";
	rc = svc_erase(env.svc, &sys, &in, &record, &cause);
	json_decref(record);
	if (rc != 0)
		fail_msg("erase: %s", cause ? cause : "");
	want("GET", "/api/v1/complaints", NULL, &fg, 200, &r);
	c = find(json_object_get(r.json, "complaints"), id);
	assert_non_null(c);
	assert_null(json_object_get(c, "matter"));
	assert_true(json_is_true(json_object_get(c, "content_erased")));
	assert_string_equal(json_string_value(json_object_get(c, "channel")),
			    "post");
	api_resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_registers_fg1_processing),
	    cmocka_unit_test(test_registers_prc1_processors),
	    cmocka_unit_test(test_registers_cmp1_complaints),
	    cmocka_unit_test(test_registers_cmp1_erasure),
	    cmocka_unit_test(test_registers_sec2_transfers),
	    cmocka_unit_test(test_registers_scope3_isolation),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
