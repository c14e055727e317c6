/*
 * test_api.c: the HTTP API end to end, against the real server on a free
 * port: login with two factors (SEC-3), sessions, CSRF, bearer tokens,
 * throttling, timeouts, the one door over JSON (ACC-2, ACC-6, LOG-1,
 * LOG-2), and tenant isolation across every endpoint (SCOPE-3).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <liboath/oath.h>

#include "api.h"
#include "support/support.h"
#include "http/http_int.h"
#include "support/support.h"

static char client_a[ZK_UUID_LEN], other_a[ZK_UUID_LEN];
static char client_b[ZK_UUID_LEN];

static void
seed(void)
{
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "office", "office", 0);
	api_user(env.tenant_a, "admin", "administrator", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "newbie", "professional", 0);
	api_user(env.tenant_b, "anna", "professional", 1);
	api_user(env.tenant_b, "admin", "administrator", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	api_client(env.tenant_a, "Jansen", client_a);
	api_client(env.tenant_a, "Bakker", other_a);
	api_client(env.tenant_b, "Visser", client_b);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_relation(env.tenant_b, client_b, "anna", "responsible");
}

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	seed();
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
post_entry_csrf(const struct api_session *s, const char *client, int csrf,
		long want, char uid[ZK_UUID_LEN])
{
	struct api_resp r;
	char path[128];

	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	api_req("POST", path,
		"{\"category\":\"care\",\"purpose\":\"care_delivery\","
		"\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		"\"rapportage\",\"text\":\"Rustige nacht.\"}}",
		NULL, s, csrf, &r);
	if (r.status != want)
		fail_msg("post entry: %ld %s", r.status, r.raw);
	if (uid != NULL && want == 201)
		zk_strlcpy(uid,
			   json_string_value(json_object_get(r.json, "id")),
			   ZK_UUID_LEN);
	api_resp_free(&r);
}

static void
post_entry(const struct api_session *s, const char *client, long want,
	   char uid[ZK_UUID_LEN])
{
	post_entry_csrf(s, client, 1, want, uid);
}

/* The body of anna's login in organisation a with code. */
static void
anna_login_body(char *body, size_t n, const char *code)
{
	snprintf(body, n,
		 "{\"tenant\":\"a\",\"username\":\"anna\",\"password\":"
		 "\"wachtwoord-123\",\"totp\":\"%s\"}",
		 code);
}

/* SEC-3: password and second factor; the same message for every miss. */
static void
test_api_login_two_factors(void **state)
{
	struct api_resp r;
	char code[8], body[256];

	(void)state;
	ZK_RULE("SEC-3");
	api_req("GET", "/api/v1/health", NULL, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_login_refused(
	    "{\"tenant\":\"a\",\"username\":\"anna\",\"password\":\"fout\"}",
	    401, "invalid_credentials");
	api_login_refused(
	    "{\"tenant\":\"a\",\"username\":\"nobody\",\"password\":"
	    "\"wachtwoord-123\"}",
	    401, "invalid_credentials");
	api_login_refused(
	    "{\"tenant\":\"a\",\"username\":\"anna\",\"password\":"
	    "\"wachtwoord-123\"}",
	    401, "second_factor_required");
	api_req("POST", "/api/v1/login",
		"{\"tenant\":\"a\",\"username\":\"anna\",\"password\":"
		"\"wachtwoord-123\",\"totp\":\"000000\"}",
		NULL, NULL, 0, &r);
	if (r.status == 200) /* one in a million: the code was right */
		fail_msg("accepted 000000");
	api_assert_error(&r, 401, "second_factor_invalid");
	api_resp_free(&r);
	api_totp(env.tenant_a, "anna", code);
	anna_login_body(body, sizeof body, code);
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "two_factor")), "ok");
	/* The cookie: HttpOnly, SameSite=Strict, not Secure without TLS. */
	assert_non_null(strstr(r.set_cookie, "HttpOnly"));
	assert_non_null(strstr(r.set_cookie, "SameSite=Strict"));
	assert_null(strstr(r.set_cookie, "Secure"));
	assert_null(json_object_get(r.json, "token"));
	api_resp_free(&r);
	/* A role that sees no health data needs no second factor. */
	api_req("POST", "/api/v1/login",
		"{\"tenant\":\"a\",\"username\":\"office\",\"password\":"
		"\"wachtwoord-123\"}",
		NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "two_factor")),
	    "not_required");
	api_resp_free(&r);
	/* SEC-3: a role that needs two factors, given during a session,
	 * needs them from the next reload of the user on. */
	{
		struct api_session w;

		api_user(env.tenant_a, "wisselaar", "office", 0);
		api_login("a", "wisselaar", NULL, 0, &w);
		api_req("GET", "/api/v1/clients", NULL, NULL, &w, 0, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
		api_sql("INSERT INTO staff_role (user_id, tenant_id, role)"
			" SELECT id, tenant_id, 'professional' FROM staff_user"
			" WHERE username = 'wisselaar'");
		sleep(3); /* the user is reloaded every 2 s */
		api_req("GET", "/api/v1/clients", NULL, NULL, &w, 0, &r);
		api_assert_error(&r, 403, "two_factor_required");
		api_resp_free(&r);
	}
	/* Every attempt is logged. */
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE "
			      "event = 'login' AND outcome = 'refused'") >= 4);
}

/* SEC-3: a user who must enrol can do nothing else first. */
static void
test_api_enrolment(void **state)
{
	struct api_session s;
	struct api_resp r;
	char body[64], code[8];
	const char *secret;
	char *raw = NULL;
	size_t rawlen = 0;

	(void)state;
	ZK_RULE("SEC-3");
	api_login("a", "newbie", NULL, 0, &s);
	api_req("GET", "/api/v1/clients", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 403, "two_factor_required");
	api_resp_free(&r);
	/* LOG-1: the refused attempt is logged, on the client it names
	 * (whose id is read in any case), without text from the request. */
	{
		char client[ZK_UUID_LEN], upper[ZK_UUID_LEN], path[128];
		char sql[256];

		api_client(env.tenant_a, "Tweefactor", client);
		for (int i = 0; i < ZK_UUID_LEN; i++)
			upper[i] = client[i] >= 'a' && client[i] <= 'f'
				       ? (char)(client[i] - 'a' + 'A')
				       : client[i];
		snprintf(path, sizeof path, "/api/v1/clients/%s/entries",
			 upper);
		api_req("GET", path, NULL, NULL, &s, 0, &r);
		api_assert_error(&r, 403, "two_factor_required");
		api_resp_free(&r);
		snprintf(
		    sql, sizeof sql,
		    "SELECT count(*) FROM audit_log WHERE event = "
		    "'request.refused' AND outcome = 'refused' AND "
		    "action = 'R' AND rule = 'SEC-3' AND subject_uid = '%s' "
		    "AND object_uid = 'clients/:/entries'",
		    client);
		assert_int_equal(api_count(sql), 1);
		/* An id that is nobody's is no subject to log it on. */
		api_req("GET",
			"/api/v1/clients/0b6f3c1e-8a4d-4f7e-9d2b-5c1a7e9f3d20",
			NULL, NULL, &s, 0, &r);
		api_assert_error(&r, 403, "two_factor_required");
		api_resp_free(&r);
		assert_int_equal(
		    api_count("SELECT count(*) FROM audit_log WHERE subject_uid"
			      " = '0b6f3c1e-8a4d-4f7e-9d2b-5c1a7e9f3d20'"),
		    0);
	}
	api_req("POST", "/api/v1/2fa/enrol", NULL, NULL, &s, 1, &r);
	assert_int_equal(r.status, 200);
	secret = json_string_value(json_object_get(r.json, "secret"));
	assert_non_null(secret);
	assert_non_null(
	    strstr(json_string_value(json_object_get(r.json, "otpauth_uri")),
		   "otpauth://totp/"));
	assert_non_null(strstr(
	    json_string_value(json_object_get(r.json, "qr_svg")), "<svg"));
	assert_int_equal(
	    oath_base32_decode(secret, strlen(secret), &raw, &rawlen), OATH_OK);
	api_resp_free(&r);
	api_req("POST", "/api/v1/2fa/verify", "{\"code\":\"12345\"}", NULL, &s,
		1, &r);
	api_assert_error(&r, 400, "invalid");
	api_resp_free(&r);
	assert_int_equal(
	    oath_totp_generate(raw, rawlen, time(NULL), 30, 0, 6, code),
	    OATH_OK);
	free(raw);
	snprintf(body, sizeof body, "{\"code\":\"%s\"}", code);
	/* LOG-1: a confirmation that cannot be logged upgrades nothing. */
	http_server_fault_inject(env.srv, "batch_commit", 1);
	api_req("POST", "/api/v1/2fa/verify", body, NULL, &s, 1, &r);
	api_assert_error(&r, 503, "audit");
	api_resp_free(&r);
	api_req("GET", "/api/v1/clients", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 403, "two_factor_required");
	api_resp_free(&r);
	api_req("POST", "/api/v1/2fa/verify", body, NULL, &s, 1, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_req("GET", "/api/v1/clients", NULL, NULL, &s, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

/*
 * SEC-3: a code of the second factor counts once, and a confirmed second
 * factor is replaced only after an administrator reset it.
 */
static void
test_api_totp_once(void **state)
{
	struct api_session s, admin, b;
	struct api_resp r;
	char code[8], body[256];

	(void)state;
	ZK_RULE("SEC-3");
	api_totp(env.tenant_a, "anna", code);
	anna_login_body(body, sizeof body, code);
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	/* The same code again: refused and logged, however correct. */
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	api_assert_error(&r, 401, "second_factor_invalid");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'login' AND reason = "
				   "'second_factor_reused'"),
			 1);
	/* A code of a later step is accepted: the one after the step just
	 * used, as the clock of a phone a little ahead would show it. */
	{
		char later[8], *cause = NULL;
		struct actor sys;

		svc_actor_system(&sys, env.tenant_a, "test", "test");
		if (svc_totp_code(env.svc, &sys, "anna", zk_now() + 30, later,
				  &cause) != 0)
			fail_msg("totp: %s", cause);
		anna_login_body(body, sizeof body, later);
		api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
		/* After it, a code of an earlier step is refused. */
		anna_login_body(body, sizeof body, code);
		api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
		api_assert_error(&r, 401, "second_factor_invalid");
		api_resp_free(&r);
	}
	api_login_full(env.tenant_a, "a", "anna", &s);

	/* Enrolling again over a confirmed factor: 409, the factor stays. */
	api_req("POST", "/api/v1/2fa/enrol", NULL, NULL, &s, 1, &r);
	api_assert_error(&r, 409, "conflict");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM staff_user WHERE "
				   "username = 'anna' AND "
				   "totp_confirmed_at IS NOT NULL"),
			 2); /* in both organisations */
	api_login_refused(
	    "{\"tenant\":\"a\",\"username\":\"anna\",\"password\":"
	    "\"wachtwoord-123\"}",
	    401, "second_factor_required");

	/* Only an administrator resets it, of the own organisation. */
	api_req("POST", "/api/v1/users/anna/totp-reset", NULL, NULL, &s, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_login_full(env.tenant_b, "b", "admin", &b);
	api_req("POST", "/api/v1/users/bram/totp-reset", NULL, NULL, &b, 1, &r);
	api_assert_error(&r, 404, "not_found");
	api_resp_free(&r);
	api_login_full(env.tenant_a, "a", "admin", &admin);
	api_req("POST", "/api/v1/users/anna/totp-reset", NULL, NULL, &admin, 1,
		&r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	/* Her sessions ended with it; the next login enrols anew. */
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);
	api_login("a", "anna", NULL, 0, &s);
	api_req("GET", "/api/v1/clients", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 403, "two_factor_required");
	api_resp_free(&r);
	api_req("POST", "/api/v1/2fa/enrol", NULL, NULL, &s, 1, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'totp.reset' AND outcome = "
				   "'success'"),
			 1);
}

/* CSRF for cookie sessions; bearer tokens for programs. */
static void
test_api_csrf_and_bearer(void **state)
{
	struct api_session s, forged, b;
	struct api_resp r;
	int entries;

	(void)state;
	ZK_RULE("SEC-1");
	api_login_full(env.tenant_a, "a", "anna", &s);
	entries = api_count("SELECT count(*) FROM entry");
	post_entry_csrf(&s, client_a, 0, 403, NULL);
	/* SEC-1: the refusal names the rule. */
	api_req("POST", "/api/v1/logout", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 403, "csrf");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "error"), "rule")),
			    "SEC-1");
	api_resp_free(&r);
	forged = s;
	memset(forged.csrf, 'A', 43);
	post_entry(&forged, client_a, 403, NULL);
	assert_int_equal(api_count("SELECT count(*) FROM entry"), entries);
	post_entry(&s, client_a, 201, NULL);
	/* A bearer token: no cookie, no CSRF needed. */
	{
		char code[8];

		api_totp(env.tenant_a, "anna", code);
		api_login("a", "anna", code, 1, &b);
	}
	assert_string_equal(b.cookie, "");
	assert_int_equal(strlen(b.bearer), 43);
	post_entry(&b, client_a, 201, NULL);
	/* A bearer token is not accepted as a cookie, nor the reverse. */
	{
		struct api_session x;

		memset(&x, 0, sizeof x);
		zk_strlcpy(x.cookie, b.bearer, sizeof x.cookie);
		api_req("GET", "/api/v1/session", NULL, NULL, &x, 0, &r);
		api_assert_error(&r, 401, "unauthenticated");
		api_resp_free(&r);
		memset(&x, 0, sizeof x);
		zk_strlcpy(x.bearer, s.cookie, sizeof x.bearer);
		api_req("GET", "/api/v1/session", NULL, NULL, &x, 0, &r);
		api_assert_error(&r, 401, "unauthenticated");
		api_resp_free(&r);
	}
	/* Logout ends the session. */
	api_req("POST", "/api/v1/logout", NULL, NULL, &s, 1, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.set_cookie, "Max-Age=0"));
	api_resp_free(&r);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);
}

/* SEC-3: logins are throttled after failed attempts. */
static void
test_api_throttle(void **state)
{
	struct api_resp r;

	(void)state;
	ZK_RULE("SEC-3");
	for (int i = 0; i < 5; i++) {
		api_login_refused("{\"tenant\":\"a\",\"username\":\"bram\","
				  "\"password\":\"geraden\"}",
				  401, "invalid_credentials");
	}
	/* Even the right password waits now. */
	api_req("POST", "/api/v1/login",
		"{\"tenant\":\"a\",\"username\":\"bram\",\"password\":"
		"\"wachtwoord-123\"}",
		NULL, NULL, 0, &r);
	api_assert_error(&r, 429, "too_many_attempts");
	assert_true(strtol(r.retry_after, NULL, 10) > 0);
	api_resp_free(&r);
}

/*
 * LOG-3 over HTTP: an entry whose metadata was changed through SQL is a
 * 409 naming it; a listing shows it as an error item beside the others.
 */
static void
test_api_entry_tampered(void **state)
{
	struct api_session anna;
	struct api_resp r;
	char kept[ZK_UUID_LEN], forged[ZK_UUID_LEN], path[128], sql[200];
	json_t *list;
	int seen = 0;

	(void)state;
	ZK_RULE("LOG-3");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	post_entry(&anna, client_a, 201, kept);
	post_entry(&anna, client_a, 201, forged);
	snprintf(sql, sizeof sql,
		 "UPDATE entry SET created_at = '2001-01-01T00:00:00Z'"
		 " WHERE uid = '%s'",
		 forged);
	api_sql(sql);
	snprintf(path, sizeof path, "/api/v1/entries/%s", forged);
	api_req("GET", path, NULL, NULL, &anna, 0, &r);
	api_assert_error(&r, 409, "tampered");
	assert_non_null(strstr(r.raw, forged));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", kept);
	api_req("GET", path, NULL, NULL, &anna, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_req("GET", path, NULL, NULL, &anna, 0, &r);
	assert_int_equal(r.status, 200);
	list = json_object_get(r.json, "entries");
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *x = json_array_get(list, i);
		const char *id = json_string_value(json_object_get(x, "id"));

		if (strcmp(id, forged) == 0) {
			assert_string_equal(
			    json_string_value(json_object_get(x, "error")),
			    "tampered");
			seen |= 1;
		} else if (strcmp(id, kept) == 0) {
			assert_non_null(json_object_get(x, "content"));
			seen |= 2;
		}
	}
	assert_int_equal(seen, 3);
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE object_uid = '%s'"
		 " AND reason = 'entry_tampered'",
		 forged);
	assert_int_equal(api_count(sql), 2);
}

/* ACC-2 over HTTP, and LOG-1: the read's log entry is there on reply. */
static void
test_api_door(void **state)
{
	struct api_session anna, bram, fg;
	struct api_resp r;
	char uid[ZK_UUID_LEN], path[128], count[200];
	int before;

	(void)state;
	ZK_RULE("ACC-2");
	ZK_RULE("LOG-1");
	ZK_RULE("ACC-6");
	ZK_RULE("LOG-7");
	ZK_RULE("LOG-2");
	ZK_RULE("LOG-8");
	ZK_RULE("INZ-3");
	ZK_RULE("LOG-6");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	post_entry(&anna, client_a, 201, uid);
	snprintf(path, sizeof path, "/api/v1/entries/%s", uid);
	snprintf(count, sizeof count,
		 "SELECT count(*) FROM audit_log WHERE event = 'entry.read' "
		 "AND object_uid = '%s'",
		 uid);
	before = api_count(count);
	api_req("GET", path, NULL, NULL, &anna, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "content"), "text")),
			    "Rustige nacht.");
	api_resp_free(&r);
	assert_int_equal(api_count(count), before + 1);
	/* bram has no care relation: refused, with the rule, logged. */
	api_req("GET", path, NULL, NULL, &bram, 0, &r);
	api_assert_error(&r, 403, "denied");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "error"), "rule")),
			    "ACC-2");
	api_resp_free(&r);
	assert_int_equal(api_count(count), before + 2);
	/* ACC-6: bram breaks the glass, then reads, flagged for review. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/break-glass", client_a);
	api_req("POST", path, "{\"reason\":\"kort\"}", NULL, &bram, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("POST", path,
		"{\"reason\":\"Cliënt gevallen, geen eigen begeleider "
		"bereikbaar\"}",
		NULL, &bram, 1, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", uid);
	api_req("GET", path, NULL, NULL, &bram, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "break_glass")));
	api_resp_free(&r);
	/* ACC-6, LOG-7: a list showing the client only through the grant
	 * is flagged as well. */
	api_req("GET", "/api/v1/clients?q=Jansen", NULL, NULL, &bram, 0, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "clients")),
			 1);
	api_resp_free(&r);
	assert_int_equal(
	    api_count(
		"SELECT count(*) FROM audit_log WHERE event = "
		"'subject.list' AND reason = 'break_glass' AND rule = "
		"'ACC-6' AND checks LIKE '%emergency=yes%' AND checks "
		"LIKE '%review=pending%' AND break_glass_ref IS NOT NULL"),
	    1);
	/* LOG-1: a user with several roles is logged in the role that
	 * granted the access, not the first one it has. */
	{
		struct api_session combo;
		char sql[256];

		api_user(env.tenant_a, "combo", "professional", 1);
		api_sql("INSERT INTO staff_role (user_id, tenant_id, role)"
			" SELECT id, tenant_id, 'office' FROM staff_user"
			" WHERE username = 'combo'");
		api_relation(env.tenant_a, client_a, "combo", "co_treating");
		api_login_full(env.tenant_a, "a", "combo", &combo);
		snprintf(path, sizeof path, "/api/v1/clients/%s/entries",
			 client_a);
		api_req("GET", path, NULL, NULL, &combo, 0, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE event = "
			 "'entry.list' AND subject_uid = '%s' AND user_role = "
			 "'professional' AND user_uid = (SELECT uid FROM "
			 "staff_user WHERE username = 'combo')",
			 client_a);
		assert_int_equal(api_count(sql), 1);
	}
	/* ACC-6, LOG-7: a write under the grant is flagged as well. */
	post_entry(&bram, client_a, 201, NULL);
	assert_int_equal(
	    api_count("SELECT count(*) FROM audit_log WHERE event = "
		      "'entry.create' AND outcome = 'success' AND reason = "
		      "'break_glass' AND checks LIKE '%emergency=yes%' AND "
		      "checks LIKE '%review=pending%' AND break_glass_ref IS "
		      "NOT NULL"),
	    1);
	/* LOG-2, LOG-8, INZ-3: the DPO reads who accessed the client. */
	api_login_full(env.tenant_a, "a", "fg", &fg);
	snprintf(path, sizeof path, "/api/v1/clients/%s/log", client_a);
	api_req("GET", path, NULL, NULL, &fg, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.raw, "\"break_glass\":true"));
	/* LOG-8: the grant reads as what it was, not as a disclosure. */
	assert_non_null(strstr(r.raw, "emergency access requested"));
	assert_non_null(strstr(r.raw, "noodtoegang gevraagd"));
	assert_null(strstr(r.raw, "exported or disclosed"));
	api_resp_free(&r);
	/* LOG-6: a professional without responsibility may not. */
	api_req("GET", path, NULL, NULL, &bram, 0, &r);
	api_assert_error(&r, 403, "denied");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "error"), "rule")),
			    "LOG-6");
	api_resp_free(&r);
	/* LOG-6: the responsible professional may, and that is logged too. */
	snprintf(count, sizeof count,
		 "SELECT count(*) FROM audit_log WHERE event = 'log.read' "
		 "AND subject_uid = '%s' AND outcome = 'success'",
		 client_a);
	before = api_count(count);
	api_req("GET", path, NULL, NULL, &anna, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.raw, "\"break_glass\":true"));
	api_resp_free(&r);
	assert_int_equal(api_count(count), before + 1);
	/* LOG-6, ACC-3: a responsible relation given to the office makes
	 * it no professional: it reads no log with a password alone. */
	{
		struct api_session office;
		char sql[400];

		/* ACC-2 keeps the office from holding one since; as
		 * written into the table before that, it still reads
		 * nothing. */
		snprintf(sql, sizeof sql,
			 "INSERT INTO care_relation (tenant_id, uid, user_id,"
			 " subject_id, relation, valid_from, created_at)"
			 " SELECT u.tenant_id, lower(hex(randomblob(16))),"
			 " u.id, x.id, 'responsible', '2020-01-01', "
			 "'2020-01-01T00:00:00Z' FROM staff_user u, subject x"
			 " WHERE u.username = 'office' AND x.uid = '%s'",
			 client_a);
		api_sql(sql);
		api_login("a", "office", NULL, 0, &office);
		api_req("GET", path, NULL, NULL, &office, 0, &r);
		/* Refused for want of the second factor, before anything
		 * else (HTTP_2FA), or by the door: LOG-6 either way. */
		api_assert_error(&r, 403, NULL);
		assert_string_equal(
		    json_string_value(json_object_get(
			json_object_get(r.json, "error"), "rule")),
		    "LOG-6");
		api_resp_free(&r);
	}
	api_req("GET", "/api/v1/audit/verify", NULL, NULL, &fg, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "intact")));
	api_resp_free(&r);
}

/*
 * PUR-4, LOG-1: a correction naming an undeclared identity field is
 * refused, also when it would only remove it, and the refusal is logged.
 */
static void
test_api_identity_undeclared(void **state)
{
	static const char *const bodies[] = {
	    "{\"identity\":{\"nonexist\":null}}",
	    "{\"identity\":{\"religion\":\"x\"}}",
	    "{\"identity\":{\"city\":\"Elders\",\"hobby\":null}}",
	};
	struct api_session office;
	struct api_resp r;
	char path[160], sql[256];
	int versions, refused;

	(void)state;
	ZK_RULE("PUR-4");
	api_login("a", "office", NULL, 0, &office);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE event = "
		 "'subject.correct' AND outcome = 'refused' AND rule = 'PUR-4' "
		 "AND subject_uid = '%s'",
		 client_a);
	versions = api_count("SELECT count(*) FROM subject_identity_version");
	refused = api_count(sql);
	for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
		api_req("PATCH", path, bodies[i], NULL, &office, 1, &r);
		api_assert_error(&r, 400, NULL);
		api_resp_free(&r);
	}
	assert_int_equal(
	    api_count("SELECT count(*) FROM subject_identity_version"),
	    versions);
	assert_int_equal(api_count(sql), refused + 3);
	/* A declared field is corrected as before. */
	api_req("PATCH", path, "{\"identity\":{\"city\":\"Elders\"}}", NULL,
		&office, 1, &r);
	if (r.status != 200)
		fail_msg("%ld %s", r.status, r.raw);
	api_resp_free(&r);
}

/*
 * SCOPE-1: an employee's id under /clients/ is not found, whoever asks and
 * whatever follows it; nothing is written.
 */
static void
test_api_scope_kind(void **state)
{
	static const struct {
		const char *method, *suffix, *body;
	} calls[] = {
	    {"GET", "", NULL},
	    {"GET", "/entries", NULL},
	    {"POST", "/entries",
	     "{\"category\":\"care\",\"purpose\":\"care_delivery\","
	     "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
	     "\"rapportage\",\"text\":\"x\"}}"},
	    {"GET", "/relations", NULL},
	    {"GET", "/consents", NULL},
	    {"POST", "/representatives",
	     "{\"kind\":\"spouse_partner\",\"name\":\"P.\"}"},
	    {"GET", "/log", NULL},
	    {"POST", "/break-glass",
	     "{\"reason\":\"Cliënt gevallen, niemand bereikbaar\"}"},
	};
	struct api_session anna, fg, office, hr;
	struct api_resp r;
	struct actor sys;
	char employee[ZK_UUID_LEN], path[160], *cause = NULL;
	json_t *id = json_pack("{s:s, s:s}", "family_name", "Werknemer",
			       "birth_date", "1980-01-01");
	int entries, logs;

	(void)state;
	ZK_RULE("SCOPE-1");
	svc_actor_system(&sys, env.tenant_a, "test", "test");
	if (svc_subject_create(env.svc, &sys, "employee", id, NULL, employee,
			       NULL, &cause) != 0)
		fail_msg("employee: %s", cause);
	json_decref(id);
	api_user(env.tenant_a, "hr1", "hr", 1);
	api_login_full(env.tenant_a, "a", "hr1", &hr);
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login("a", "office", NULL, 0, &office);
	entries = api_count("SELECT count(*) FROM entry");
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		const struct api_session *who[] = {&anna, &fg, &office, &hr};

		snprintf(path, sizeof path, "/api/v1/clients/%s%s", employee,
			 calls[i].suffix);
		for (size_t w = 0; w < 4; w++) {
			api_req(calls[i].method, path, calls[i].body, NULL,
				who[w], 1, &r);
			/* LOG-6: the log wants both factors of any session
			 * first, alike for every id (the office and HR, whose
			 * roles need none, log in with one). */
			if ((who[w] == &office || who[w] == &hr) &&
			    strcmp(calls[i].suffix, "/log") == 0) {
				api_assert_error(&r, 403,
						 "two_factor_required");
				api_resp_free(&r);
				continue;
			}
			if (r.status != 404)
				fail_msg("%s %s: %ld %s", calls[i].method, path,
					 r.status, r.raw);
			api_assert_error(&r, 404, "not_found");
			api_resp_free(&r);
		}
	}
	assert_int_equal(api_count("SELECT count(*) FROM entry"), entries);
	logs = api_count("SELECT count(*) FROM break_glass");
	assert_int_equal(logs, 0);
	/* The client's own id, upper case, is the same client (RFC 9562). */
	{
		char upper[ZK_UUID_LEN];

		for (size_t i = 0; i < ZK_UUID_LEN; i++)
			upper[i] = (char)toupper((unsigned char)client_a[i]);
		snprintf(path, sizeof path, "/api/v1/clients/%s", upper);
		api_req("GET", path, NULL, NULL, &office, 0, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
	}
	/* So is a page's `after`: the next page follows it either way. */
	{
		char upper[ZK_UUID_LEN], lower[ZK_UUID_LEN];
		const char *next;

		api_req("GET", "/api/v1/clients?limit=1", NULL, NULL, &office,
			0, &r);
		assert_int_equal(r.status, 200);
		next = json_string_value(json_object_get(r.json, "next"));
		assert_non_null(next);
		zk_strlcpy(lower, next, sizeof lower);
		api_resp_free(&r);
		for (size_t i = 0; i < ZK_UUID_LEN; i++)
			upper[i] = (char)toupper((unsigned char)lower[i]);
		snprintf(path, sizeof path, "/api/v1/clients?limit=1&after=%s",
			 upper);
		api_req("GET", path, NULL, NULL, &office, 0, &r);
		assert_int_equal(r.status, 200);
		assert_int_equal(
		    json_array_size(json_object_get(r.json, "clients")), 1);
		api_resp_free(&r);
	}
}

/* CON-1, CON-3, CON-4, REP-6 over HTTP. */
static void
test_api_consent(void **state)
{
	struct api_session anna, office;
	struct api_resp r;
	char path[160], consent[ZK_UUID_LEN], rep[ZK_UUID_LEN];
	const char *entry =
	    "{\"category\":\"care\",\"purpose\":\"care_delivery\","
	    "\"legal_basis\":\"consent\",\"content\":{\"kind\":\"foto\","
	    "\"text\":\"Foto's.\"}}";

	(void)state;
	ZK_RULE("CON-1");
	ZK_RULE("CON-3");
	ZK_RULE("CON-4");
	ZK_RULE("REP-6");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login("a", "office", NULL, 0, &office);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_req("POST", path, entry, NULL, &anna, 1, &r);
	api_assert_error(&r, 403, "denied");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "error"), "rule")),
			    "CON-4");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 client_a);
	api_req("POST", path, "{\"kind\":\"spouse_partner\",\"name\":\"P.\"}",
		NULL, &office, 1, &r);
	assert_int_equal(r.status, 201);
	zk_strlcpy(rep, json_string_value(json_object_get(r.json, "id")),
		   sizeof rep);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/consents", client_a);
	/* An able adult consents; the spouse may not for them. */
	{
		char body[400];

		snprintf(body, sizeof body,
			 "{\"given_by\":\"%s\",\"form\":\"written\","
			 "\"evidence\":\"scan "
			 "9\",\"explicit\":true,\"purpose\":\"care_delivery\","
			 "\"categories\":[\"care\"],\"valid_from\":"
			 "\"2026-01-01\"}",
			 rep);
		api_req("POST", path, body, NULL, &office, 1, &r);
		api_assert_error(&r, 403, "denied");
		api_resp_free(&r);
	}
	api_req("POST", path,
		"{\"form\":\"written\",\"evidence\":\"scan 12\",\"explicit\":"
		"true,\"purpose\":\"care_delivery\",\"categories\":"
		"[\"care\"],\"valid_from\":\"2026-01-01\"}",
		NULL, &office, 1, &r);
	assert_int_equal(r.status, 201);
	zk_strlcpy(consent, json_string_value(json_object_get(r.json, "id")),
		   sizeof consent);
	api_resp_free(&r);
	api_req("GET", path, NULL, NULL, &office, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.raw, "\"evidence\":\"scan 12\""));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_req("POST", path, entry, NULL, &anna, 1, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/consents/%s/withdraw", consent);
	api_req("POST", path, "{}", NULL, &office, 1, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_req("POST", path, entry, NULL, &anna, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
}

/* Fail closed: when the log cannot be committed, nothing is answered. */
static void
test_api_fail_closed(void **state)
{
	struct api_session anna;
	struct api_resp r;
	char uid[ZK_UUID_LEN], path[128];
	int entries, log;

	(void)state;
	api_login_full(env.tenant_a, "a", "anna", &anna);
	post_entry(&anna, client_a, 201, uid);
	snprintf(path, sizeof path, "/api/v1/entries/%s", uid);
	log = api_count("SELECT count(*) FROM audit_log");
	http_server_fault_inject(env.srv, "batch_commit", 1);
	api_req("GET", path, NULL, NULL, &anna, 0, &r);
	api_assert_error(&r, 503, "audit");
	assert_null(strstr(r.raw, "Rustige nacht"));
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log"), log);
	/* A write whose batch fails leaves nothing behind either. */
	entries = api_count("SELECT count(*) FROM entry");
	http_server_fault_inject(env.srv, "batch_commit", 1);
	post_entry(&anna, client_a, 503, NULL);
	assert_int_equal(api_count("SELECT count(*) FROM entry"), entries);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log"), log);
	/* A refusal whose log entry is lost is no answer either. */
	{
		struct api_session office;

		api_login("a", "office", NULL, 0, &office);
		log = api_count("SELECT count(*) FROM audit_log");
		http_server_fault_inject(env.srv, "batch_commit", 1);
		post_entry(&office, client_a, 503, NULL);
		assert_int_equal(api_count("SELECT count(*) FROM audit_log"),
				 log);
		post_entry(&office, client_a, 403, NULL);
	}
	/* And the next request works again. */
	api_req("GET", path, NULL, NULL, &anna, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

/*
 * SCOPE-3: staff belong to one organisation. A login without one finds it
 * by the user name; where two organisations have the name, it asks to
 * name the organisation and says no more; each session sees only its own
 * organisation's clients.
 */
static void
test_api_login_names_organisation(void **state)
{
	struct api_session a, b, office;
	struct api_resp r;
	char path[160];
	int refused_a, logged;

	(void)state;
	ZK_RULE("SCOPE-3");
	/* anna is in a and in b: without an organisation, name one. */
	logged = api_count("SELECT count(*) FROM audit_log");
	api_req("POST", "/api/v1/login",
		"{\"username\":\"anna\",\"password\":\"wachtwoord-123\"}", NULL,
		NULL, 0, &r);
	api_assert_error(&r, 409, "organisation_required");
	assert_non_null(strstr(r.raw, "name the organisation"));
	assert_null(strstr(r.raw, "Organisatie"));
	assert_null(strstr(r.raw, "\"a\""));
	assert_null(strstr(r.raw, "\"b\""));
	api_resp_free(&r);
	/* No organisation is known, so no log has the attempt. */
	assert_int_equal(api_count("SELECT count(*) FROM audit_log"), logged);
	/* With the organisation named, each logs into its own. */
	api_login_full(env.tenant_a, "a", "anna", &a);
	api_login_full(env.tenant_b, "b", "anna", &b);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	api_req("GET", path, NULL, NULL, &a, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	/* A session of b cannot read a client of a, nor a one of b. */
	api_req("GET", path, NULL, NULL, &b, 0, &r);
	api_assert_error(&r, 404, "not_found");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_b);
	api_req("GET", path, NULL, NULL, &a, 0, &r);
	api_assert_error(&r, 404, "not_found");
	api_resp_free(&r);
	api_req("GET", path, NULL, NULL, &b, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	/* A name only one organisation has logs in without naming it. */
	api_login("", "office", NULL, 0, &office);
	api_req("GET", "/api/v1/session", NULL, NULL, &office, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.raw, "office"));
	api_resp_free(&r);
	api_login_full(env.tenant_a, "", "bram", &a);
	/* Its wrong password is the usual answer, logged in its own log. */
	refused_a = api_count("SELECT count(*) FROM audit_log WHERE tenant_id "
			      "= 1 AND event = 'login' AND outcome = "
			      "'refused'");
	api_login_refused(
	    "{\"username\":\"bram\",\"password\":\"verkeerd-wachtwoord\"}", 401,
	    "invalid_credentials");
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "tenant_id = 1 AND event = 'login' AND "
				   "outcome = 'refused'"),
			 refused_a + 1);
	/* A name no organisation has: the answer of a wrong password. */
	logged = api_count("SELECT count(*) FROM audit_log");
	api_login_refused(
	    "{\"username\":\"niemand\",\"password\":\"wachtwoord-123\"}", 401,
	    "invalid_credentials");
	/* Nobody to log it for, and nothing crashed: the server answers. */
	api_req("GET", "/api/v1/health", NULL, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log"), logged);
	/* A user of a does not log in through b. */
	api_login_refused("{\"tenant\":\"b\",\"username\":\"office\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
}

/* SCOPE-3: tenant b's user sees nothing of tenant a, at any endpoint. */
static void
test_api_tenant_isolation(void **state)
{
	static const struct {
		const char *method, *prefix, *suffix, *body;
	} calls[] = {
	    /* Sent by tenant b, so bodies follow b's profile. */
	    {"GET", "clients/", "", NULL},
	    {"PATCH", "clients/", "", "{\"identity\":{\"city\":\"Elders\"}}"},
	    {"GET", "clients/", "/entries", NULL},
	    {"POST", "clients/", "/entries",
	     "{\"category\":\"care\",\"purpose\":\"care_guidance\","
	     "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"x\","
	     "\"text\":\"x\"}}"},
	    {"GET", "clients/", "/relations", NULL},
	    {"POST", "clients/", "/relations",
	     "{\"username\":\"anna\",\"relation\":\"responsible\","
	     "\"valid_from\":\"2020-01-01\"}"},
	    {"POST", "clients/", "/break-glass",
	     "{\"reason\":\"Een noodgeval van tien tekens\"}"},
	    {"GET", "clients/", "/log", NULL},
	    {"GET", "entries/", "", NULL},
	    {"POST", "entries/", "/corrections",
	     "{\"content\":{\"kind\":\"x\",\"text\":\"y\"}}"},
	    {"POST", "clients/", "/representatives",
	     "{\"kind\":\"spouse_partner\",\"name\":\"P.\"}"},
	    {"POST", "clients/", "/capacity",
	     "{\"able\":false,\"assessed_on\":\"2026-01-05\","
	     "\"matter\":\"alles\"}"},
	    {"GET", "clients/", "/consents", NULL},
	    {"POST", "clients/", "/consents",
	     "{\"form\":\"written\",\"evidence\":\"scan "
	     "9\",\"explicit\":true,\"purpose\":"
	     "\"care_guidance\",\"categories\":[\"care\"],"
	     "\"valid_from\":\"2026-01-01\"}"},
	    {"POST", "clients/", "/objections",
	     "{\"purpose\":\"care_guidance\"}"},
	    {"POST", "clients/", "/information",
	     "{\"version\":\"2018.1\",\"informed_on\":\"2026-06-03\","
	     "\"how\":\"letter\"}"},
	    {"POST", "clients/", "/information-exemptions",
	     "{\"ground\":\"impossible\",\"reason\":\"adres onbekend\"}"},
	    {"POST", "consents/", "/withdraw", "{}"},
	    {"POST", "users/", "/disable", NULL},
	    {"POST", "users/", "/totp-reset", NULL},
	};
	static const char *const rows[] = {
	    "SELECT count(*) FROM entry",
	    "SELECT count(*) FROM care_relation",
	    "SELECT count(*) FROM representative",
	    "SELECT count(*) FROM capacity_assessment",
	    "SELECT count(*) FROM consent",
	    "SELECT count(*) FROM consent WHERE withdrawn_at IS NOT NULL",
	    "SELECT count(*) FROM objection",
	    "SELECT count(*) FROM information",
	    "SELECT count(*) FROM information_exemption",
	    "SELECT count(*) FROM staff_user WHERE disabled_at IS NOT NULL",
	    "SELECT count(*) FROM staff_user WHERE totp_secret IS NOT NULL",
	};
	struct api_session a, b, fgb, adminb, office;
	struct api_resp r;
	char entry_a[ZK_UUID_LEN], consent_a[ZK_UUID_LEN], user_a[ZK_UUID_LEN];
	char path[160];
	int before[sizeof rows / sizeof rows[0]];

	(void)state;
	ZK_RULE("SCOPE-3");
	api_login_full(env.tenant_a, "a", "anna", &a);
	post_entry(&a, client_a, 201, entry_a);
	api_login("a", "office", NULL, 0, &office);
	snprintf(path, sizeof path, "/api/v1/clients/%s/consents", client_a);
	api_req("POST", path,
		"{\"form\":\"written\",\"evidence\":\"scan "
		"9\",\"explicit\":true,\"purpose\":"
		"\"care_delivery\",\"categories\":[\"care\"],"
		"\"valid_from\":\"2026-01-01\"}",
		NULL, &office, 1, &r);
	assert_int_equal(r.status, 201);
	zk_strlcpy(consent_a, json_string_value(json_object_get(r.json, "id")),
		   sizeof consent_a);
	api_resp_free(&r);
	api_req("GET", "/api/v1/session", NULL, NULL, &a, 0, &r);
	assert_int_equal(r.status, 200);
	zk_strlcpy(user_a,
		   json_string_value(
		       json_object_get(json_object_get(r.json, "user"), "id")),
		   sizeof user_a);
	api_resp_free(&r);
	api_login_full(env.tenant_b, "b", "anna", &b);
	api_login_full(env.tenant_b, "b", "fg", &fgb);
	api_login_full(env.tenant_b, "b", "admin", &adminb);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		before[i] = api_count(rows[i]);
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++) {
		const char *id =
		    calls[i].prefix[0] == 'e' ? entry_a
		    : calls[i].prefix[0] == 'c' && calls[i].prefix[1] == 'o'
			? consent_a
		    : calls[i].prefix[0] == 'u' ? user_a
						: client_a;
		const struct api_session *who[] = {&b, &fgb, &adminb};
		/* Only administrators manage users; the others get 403 first.
		 */
		size_t w0 = calls[i].prefix[0] == 'u' ? 2 : 0;
		size_t nwho = calls[i].prefix[0] == 'u' ? 3 : 2;

		snprintf(path, sizeof path, "/api/v1/%s%s%s", calls[i].prefix,
			 id, calls[i].suffix);
		for (size_t w = w0; w < nwho; w++) {
			api_req(calls[i].method, path, calls[i].body, NULL,
				who[w], 1, &r);
			if (r.status != 404)
				fail_msg("%s %s as tenant b: %ld %s",
					 calls[i].method, path, r.status,
					 r.raw);
			api_assert_error(&r, 404, "not_found");
			api_resp_free(&r);
		}
	}
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (api_count(rows[i]) != before[i])
			fail_msg("%s changed", rows[i]);
	/* Lists show only the own tenant. */
	api_req("GET", "/api/v1/clients?q=Jansen", NULL, NULL, &b, 0, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "clients")),
			 0);
	api_resp_free(&r);
	api_req("GET", "/api/v1/users", NULL, NULL, &adminb, 0, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.raw, "\"bram\""));
	api_resp_free(&r);
	api_req("GET", "/api/v1/reports/uninformed", NULL, NULL, &fgb, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.raw, "Visser"));
	assert_null(strstr(r.raw, client_a));
	assert_null(strstr(r.raw, "Jansen"));
	api_resp_free(&r);
	/* The session is bound to its tenant: a's ids stay a's. */
	api_req("GET", "/api/v1/clients?q=Visser", NULL, NULL, &a, 0, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "clients")),
			 0);
	api_resp_free(&r);
	api_req("GET", "/api/v1/audit/verify", NULL, NULL, &fgb, 0, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(
	    json_integer_value(json_object_get(r.json, "entries")),
	    api_count("SELECT count(*) FROM audit_log WHERE tenant_id = 2") -
		1); /* this verification's own entry follows it */
	api_resp_free(&r);
}

/* ACC-3: the administrator manages users but sees no care content. */
static void
test_api_admin(void **state)
{
	struct api_session admin, anna;
	struct api_resp r;
	char path[128];

	(void)state;
	ZK_RULE("ACC-3");
	api_login_full(env.tenant_a, "a", "admin", &admin);
	/* SEC-3: the owner sets the password, from the invitation. */
	api_user_via_api(&admin, NULL, "a",
			 "{\"username\":\"nieuw\",\"roles\":[\"office\"],"
			 "\"confidentiality\":\"agreement\"}");
	{
		struct api_session nieuw;

		memset(&nieuw, 0, sizeof nieuw);
		api_req("POST", "/api/v1/login",
			"{\"tenant\":\"a\",\"username\":\"nieuw\","
			"\"password\":\"wachtwoord-123\"}",
			NULL, NULL, 0, &r);
		assert_int_equal(r.status, 200);
		zk_strlcpy(nieuw.cookie, r.set_cookie + 11,
			   sizeof nieuw.cookie);
		nieuw.cookie[strcspn(nieuw.cookie, ";")] = '\0';
		api_resp_free(&r);
		api_req("GET", "/api/v1/session", NULL, NULL, &nieuw, 0, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
		api_req("POST", "/api/v1/users/nieuw/disable", NULL, NULL,
			&admin, 1, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
		/* The disabled user's session ends at once. */
		api_req("GET", "/api/v1/session", NULL, NULL, &nieuw, 0, &r);
		api_assert_error(&r, 401, "unauthenticated");
		api_resp_free(&r);
	}
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_req("GET", path, NULL, NULL, &admin, 0, &r);
	api_assert_error(&r, 403, "denied");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "error"), "rule")),
			    "ACC-3");
	api_resp_free(&r);
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_req("GET", "/api/v1/users", NULL, NULL, &anna, 0, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("GET", "/api/v1/roles", NULL, NULL, &anna, 0, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_array_size(json_object_get(r.json, "scheme")) > 0);
	/* The client's tabs order representatives and offer relations by
	 * these (REP-1, REP-2, ACC-5). */
	assert_true(json_array_size(json_object_get(
			json_object_get(r.json, "representation"), "order")) >
		    0);
	assert_non_null(json_object_get(r.json, "care_relations"));
	api_resp_free(&r);
}

/* Whether s's session says a password change is due. */
static int
password_change_due(const struct api_session *s)
{
	struct api_resp r;
	int due;

	api_req("GET", "/api/v1/session", NULL, NULL, s, 0, &r);
	assert_int_equal(r.status, 200);
	due = json_is_true(json_object_get(r.json, "password_change_required"));
	assert_true(due || json_is_false(json_object_get(
			       r.json, "password_change_required")));
	api_resp_free(&r);
	return due;
}

/*
 * SEC-3, ACC-3: a password an administrator chose is replaced by its owner
 * before the account can do anything else; afterwards the administrator
 * cannot log in with it, not even after resetting the second factor.
 */
static void
test_api_password_change(void **state)
{
	static const char good[] = "{\"current\":\"wachtwoord-123\","
				   "\"new\":\"jan-kiest-zelf-een-wachtwoord\"}";
	struct api_session admin, jan, anna;
	struct api_resp r;
	char path[128];
	int before;

	(void)state;
	ZK_RULE("SEC-3");
	ZK_RULE("ACC-3");
	api_login_full(env.tenant_a, "a", "admin", &admin);
	/*
	 * An administrator no longer chooses passwords (ACC-3, see
	 * test_accounts.c); an account from before, with a password chosen
	 * for it, still owes the change.
	 */
	api_user(env.tenant_a, "jan", "professional", 0);
	api_sql("UPDATE staff_user SET password_change = 1 WHERE username = "
		"'jan'");
	/* Accounts the operator set up on the server owe no change. */
	api_login_full(env.tenant_a, "a", "anna", &anna);
	assert_false(password_change_due(&anna));
	assert_false(password_change_due(&admin));

	api_login("a", "jan", NULL, 0, &jan);
	assert_true(password_change_due(&jan));
	/* Nothing else: not a client, not even the second factor. */
	before = api_count("SELECT count(*) FROM audit_log WHERE event = "
			   "'request.refused' AND reason = "
			   "'password_change_required'");
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_req("GET", path, NULL, NULL, &jan, 0, &r);
	api_assert_error(&r, 403, "password_change_required");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'request.refused' AND reason = "
				   "'password_change_required'"),
			 before + 1);
	api_req("POST", "/api/v1/2fa/enrol", NULL, NULL, &jan, 1, &r);
	api_assert_error(&r, 403, "password_change_required");
	api_resp_free(&r);
	api_req("GET", "/api/v1/clients", NULL, NULL, &jan, 0, &r);
	api_assert_error(&r, 403, "password_change_required");
	api_resp_free(&r);

	/* A cookie session proves the page is ours. */
	api_req("POST", "/api/v1/password", good, NULL, &jan, 0, &r);
	api_assert_error(&r, 403, "csrf");
	api_resp_free(&r);
	/* The current password is checked, and its miss logged. */
	before = api_count("SELECT count(*) FROM audit_log WHERE event = "
			   "'user.password' AND outcome = 'refused'");
	api_req("POST", "/api/v1/password",
		"{\"current\":\"wachtwoord-124\","
		"\"new\":\"jan-kiest-zelf-een-wachtwoord\"}",
		NULL, &jan, 1, &r);
	api_assert_error(&r, 403, "wrong_password");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'user.password' AND outcome = "
				   "'refused'"),
			 before + 1);
	/*
	 * The new one follows the rules and is new. A new password that
	 * could never do is not a failed attempt: five of them do not hold
	 * up the change below (SEC-3 counts from the fifth failure).
	 */
	for (int i = 0; i < 5; i++) {
		api_req("POST", "/api/v1/password",
			"{\"current\":\"wachtwoord-123\",\"new\":\"kort\"}",
			NULL, &jan, 1, &r);
		assert_int_equal(r.status, 400);
		api_resp_free(&r);
	}
	api_req("POST", "/api/v1/password",
		"{\"current\":\"wachtwoord-123\","
		"\"new\":\"wachtwoord-123\"}",
		NULL, &jan, 1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	api_req("POST", "/api/v1/password",
		"{\"current\":\"wachtwoord-123\",\"new\":7}", NULL, &jan, 1,
		&r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	assert_true(password_change_due(&jan));

	api_req("POST", "/api/v1/password", good, NULL, &jan, 1, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")),
	    "password_changed");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'user.password' AND outcome = "
				   "'success'"),
			 1);
	/* Every session of the account ended with the old password. */
	api_req("GET", "/api/v1/session", NULL, NULL, &jan, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);
	api_login_refused("{\"tenant\":\"a\",\"username\":\"jan\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
	api_req("POST", "/api/v1/login",
		"{\"tenant\":\"a\",\"username\":\"jan\",\"password\":"
		"\"jan-kiest-zelf-een-wachtwoord\",\"token\":true}",
		NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_false(
	    json_is_true(json_object_get(r.json, "password_change_required")));
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "two_factor")),
	    "enrolment_required");
	memset(&jan, 0, sizeof jan);
	zk_strlcpy(jan.bearer,
		   json_string_value(json_object_get(r.json, "token")),
		   sizeof jan.bearer);
	api_resp_free(&r);
	api_req("POST", "/api/v1/2fa/enrol", NULL, NULL, &jan, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	/* The administrator's way in is gone, second factor reset or not. */
	api_req("POST", "/api/v1/users/jan/totp-reset", NULL, NULL, &admin, 1,
		&r);
	api_resp_free(&r);
	api_login_refused("{\"tenant\":\"a\",\"username\":\"jan\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
}

/* Sessions expire when idle. */
static void
test_api_idle_timeout(void **state)
{
	struct api_session s;
	struct api_resp r;

	(void)state;
	api_stop();
	api_start(0, 1);
	seed();
	api_login("a", "office", NULL, 0, &s);
	sleep(3);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 401, "session_expired");
	api_resp_free(&r);
}

/* A second server on the same database, as behind a load balancer. */
static struct http_server *
second_server(char base[96])
{
	struct http_options o;
	struct http_server *h = NULL;
	char *cause = NULL;

	http_options_init(&o);
	o.db = env.db;
	o.listen = "127.0.0.1:0";
	o.threads = 2;
	if (http_server_start(&o, &h, &cause) != 0)
		fail_msg("second server: %s", cause);
	snprintf(base, 96, "http://127.0.0.1:%u", http_server_port(h));
	return h;
}

/* Points the requests at one server or the other. */
static void
at(const char *base)
{
	zk_strlcpy(env.base, base, sizeof env.base);
}

/*
 * SEC-3: sessions and failed logins live in the store, so the servers on
 * one database act as one: a session started at one works at the other,
 * with its CSRF token; a second factor, a logout or a disabled account at
 * one counts at the other within the two seconds a server trusts its
 * copy; failed logins add up across servers. No token is stored.
 */
static void
test_api_sessions_shared(void **state)
{
	struct api_session s, b, o;
	struct http_server *two;
	char one[96], other[96], sql[512], code[8];
	struct api_resp r;

	(void)state;
	ZK_RULE("SEC-3");
	zk_strlcpy(one, env.base, sizeof one);
	two = second_server(other);

	/* Cookie session from one, used at the other, CSRF included. */
	api_login_full(env.tenant_a, "a", "anna", &s);
	at(other);
	post_entry(&s, client_a, 201, NULL);
	post_entry_csrf(&s, client_a, 0, 403, NULL);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "csrf_token")), s.csrf);
	api_resp_free(&r);

	/* Only a hash of the token is kept. */
	snprintf(
	    sql, sizeof sql,
	    test_engine_pg()
		? "SELECT count(*) FROM session WHERE token_hash ="
		  " convert_to('%s', 'UTF8') OR position(convert_to('%s',"
		  " 'UTF8') in token_hash) > 0"
		: "SELECT count(*) FROM session WHERE token_hash = CAST('%s'"
		  " AS BLOB) OR instr(hex(token_hash), hex('%s')) > 0",
	    s.cookie, s.cookie);
	assert_int_equal(api_count(sql), 0);
	assert_true(api_count("SELECT count(*) FROM session"
			      " WHERE length(token_hash) = 32") >= 1);

	/* Logged out at the other: refused there at once, here soon. */
	at(one);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	at(other);
	api_req("POST", "/api/v1/logout", NULL, NULL, &s, 1, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);
	sleep(HTTP_SESSION_TTL + 1);
	at(one);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);

	/* The second factor given at one counts at the other. */
	api_login("a", "newbie", NULL, 1, &b);
	at(other);
	api_req("GET", "/api/v1/clients", NULL, NULL, &b, 0, &r);
	api_assert_error(&r, 403, "two_factor_required");
	api_resp_free(&r);
	at(one);
	api_req("POST", "/api/v1/2fa/enrol", NULL, NULL, &b, 1, &r);
	assert_int_equal(r.status, 200);
	{
		const char *secret =
		    json_string_value(json_object_get(r.json, "secret"));
		char *raw = NULL;
		size_t rawlen = 0;

		assert_int_equal(
		    oath_base32_decode(secret, strlen(secret), &raw, &rawlen),
		    OATH_OK);
		assert_int_equal(
		    oath_totp_generate(raw, rawlen, time(NULL), 30, 0, 6, code),
		    OATH_OK);
		free(raw);
	}
	api_resp_free(&r);
	snprintf(sql, sizeof sql, "{\"code\":\"%s\"}", code);
	api_req("POST", "/api/v1/2fa/verify", sql, NULL, &b, 1, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	sleep(HTTP_SESSION_TTL + 1);
	at(other);
	api_req("GET", "/api/v1/clients", NULL, NULL, &b, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);

	/* A disabled account ends its sessions at every server. */
	api_login("a", "office", NULL, 1, &o);
	api_req("GET", "/api/v1/session", NULL, NULL, &o, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	at(one);
	{
		struct api_session admin;

		api_login_full(env.tenant_a, "a", "admin", &admin);
		api_req("POST", "/api/v1/users/office/disable", NULL, NULL,
			&admin, 1, &r);
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
	}
	assert_int_equal(api_count("SELECT count(*) FROM session s"
				   " WHERE s.username = 'office'"),
			 0);
	sleep(HTTP_SESSION_TTL + 1);
	at(other);
	api_req("GET", "/api/v1/session", NULL, NULL, &o, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);

	/* Failed logins add up across servers. */
	for (int i = 0; i < 5; i++) {
		at(i % 2 ? one : other);
		api_login_refused("{\"tenant\":\"a\",\"username\":\"bram\","
				  "\"password\":\"geraden\"}",
				  401, "invalid_credentials");
	}
	at(one);
	api_login_refused(
	    "{\"tenant\":\"a\",\"username\":\"bram\",\"password\":"
	    "\"wachtwoord-123\"}",
	    429, "too_many_attempts");
	http_server_stop(two);
}

/* SEC-3: a session outlives a restart of the server. */
static void
test_api_sessions_restart(void **state)
{
	struct api_session s;
	struct http_server *two;
	char other[96];
	struct api_resp r;

	(void)state;
	ZK_RULE("SEC-3");
	api_login_full(env.tenant_a, "a", "anna", &s);
	http_server_stop(env.srv);
	env.srv = NULL;
	two = second_server(other);
	at(other);
	post_entry(&s, client_a, 201, NULL);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	http_server_stop(two);
}

/* TLS works given a certificate and key; the cookie is then Secure. */
static void
test_api_tls(void **state)
{
	struct api_resp r;

	(void)state;
	api_stop();
	api_start(1, 0);
	seed();
	api_req("GET", "/api/v1/health", NULL, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_req("POST", "/api/v1/login",
		"{\"tenant\":\"a\",\"username\":\"office\",\"password\":"
		"\"wachtwoord-123\"}",
		NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.set_cookie, "; Secure"));
	api_resp_free(&r);
}

/* GET path as s; asserts the status; returns the body (the caller's). */
static json_t *
get_json(const char *path, const struct api_session *s, long want)
{
	struct api_resp r;
	json_t *body;

	api_req("GET", path, NULL, NULL, s, 0, &r);
	if (r.status != want)
		fail_msg("GET %s: %ld %s", path, r.status, r.raw);
	if (want == 403)
		api_assert_error(&r, 403, "denied");
	body = json_incref(r.json);
	api_resp_free(&r);
	return body;
}

/*
 * REP-6, REP-4, OBJ-1, INF-1, LOG-1: the registers that could be written
 * but not read (405) are read back, each decided and logged like a read
 * of the client; the administrator is refused (ACC-3), and the office
 * may not read a care judgement (ACC-2).
 */
static void
test_api_registers(void **state)
{
	struct api_session anna, office, admin;
	struct api_resp r;
	char path[160], rep[ZK_UUID_LEN];
	json_t *b;
	int before;

	(void)state;
	ZK_RULE("REP-6");
	ZK_RULE("REP-4");
	ZK_RULE("LOG-1");
	ZK_RULE("ACC-3");
	ZK_RULE("INF-1");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login("a", "office", NULL, 0, &office);
	api_login_full(env.tenant_a, "a", "admin", &admin);
	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 client_a);
	api_req("POST", path, "{\"kind\":\"spouse_partner\",\"name\":\"P.\"}",
		NULL, &office, 1, &r);
	assert_int_equal(r.status, 201);
	zk_strlcpy(rep, json_string_value(json_object_get(r.json, "id")),
		   sizeof rep);
	api_resp_free(&r);
	before = api_count("SELECT count(*) FROM audit_log"
			   " WHERE event = 'representative.list'");
	b = get_json(path, &office, 200);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(b, "representatives"), 0),
		"id")),
	    rep);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(b, "representatives"), 0),
		"name")),
	    "P.");
	json_decref(b);
	json_decref(get_json(path, &admin, 403));
	assert_int_equal(api_count("SELECT count(*) FROM audit_log"
				   " WHERE event = 'representative.list'"),
			 before + 2);
	/* REP-4: a care judgement, read within the care relation. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/capacity", client_a);
	api_req("POST", path,
		"{\"able\":true,\"assessed_on\":\"2026-01-05\",\"matter\":"
		"\"behandeling\"}",
		NULL, &anna, 1, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
	b = get_json(path, &anna, 200);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(b, "assessments"), 0),
		"matter")),
	    "behandeling");
	json_decref(b);
	json_decref(get_json(path, &office, 403));
	snprintf(path, sizeof path, "/api/v1/clients/%s/objections", client_a);
	api_req("POST", path, "{\"purpose\":\"business_operations\"}", NULL,
		&office, 1, &r);
	assert_int_equal(r.status, 201);
	api_resp_free(&r);
	b = get_json(path, &office, 200);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(b, "objections"), 0), "by")),
	    "subject");
	json_decref(b);
	json_decref(get_json(path, &admin, 403));
	snprintf(path, sizeof path, "/api/v1/clients/%s/information", client_a);
	b = get_json(path, &office, 200);
	assert_true(json_is_array(json_object_get(b, "information")));
	json_decref(b);
	/* INF-1: an exemption for data collected from the client is a 400. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/information-exemptions",
		 client_a);
	api_req("POST", path,
		"{\"ground\":\"impossible\",\"reason\":\"x\",\"source\":"
		"\"subject\"}",
		NULL, &office, 1, &r);
	api_assert_error(&r, 400, "invalid");
	assert_non_null(strstr(r.raw, "INF-1"));
	api_resp_free(&r);
	/* Not a client id: 400, as elsewhere. */
	json_decref(get_json("/api/v1/clients/nope/objections", &office, 400));
}

/*
 * COR-2: a correction over the API may carry a reason; the original then
 * names its correction, and the correction shows the reason. SEC-4: a
 * client registered twice is registered with a warning.
 */
static void
test_api_correction_and_duplicate(void **state)
{
	struct api_session anna, office;
	struct api_resp r;
	char path[160], uid[ZK_UUID_LEN], fix[ZK_UUID_LEN];
	const char *client = "{\"identity\":{\"family_name\":\"Dubbel\","
			     "\"given_names\":\"Jan\",\"birth_date\":"
			     "\"1960-05-05\"}}";
	json_t *b;

	(void)state;
	ZK_RULE("COR-2");
	ZK_RULE("SEC-4");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login("a", "office", NULL, 0, &office);
	post_entry(&anna, client_a, 201, uid);
	snprintf(path, sizeof path, "/api/v1/entries/%s/corrections", uid);
	api_req("POST", path,
		"{\"content\":{\"kind\":\"rapportage\",\"text\":\"Onrustig.\"},"
		"\"reason\":7}",
		NULL, &anna, 1, &r);
	api_assert_error(&r, 400, "invalid_type");
	api_resp_free(&r);
	api_req("POST", path,
		"{\"content\":{\"kind\":\"rapportage\",\"text\":\"Onrustig.\"},"
		"\"reason\":\"Verkeerde nacht beschreven\"}",
		NULL, &anna, 1, &r);
	assert_int_equal(r.status, 201);
	zk_strlcpy(fix, json_string_value(json_object_get(r.json, "id")),
		   sizeof fix);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", uid);
	b = get_json(path, &anna, 200);
	assert_string_equal(
	    json_string_value(json_object_get(b, "corrected_by")), fix);
	json_decref(b);
	snprintf(path, sizeof path, "/api/v1/entries/%s", fix);
	b = get_json(path, &anna, 200);
	assert_string_equal(json_string_value(json_object_get(b, "reason")),
			    "Verkeerde nacht beschreven");
	json_decref(b);
	api_req("POST", "/api/v1/clients", client, NULL, &office, 1, &r);
	assert_int_equal(r.status, 201);
	assert_null(json_object_get(r.json, "warnings"));
	zk_strlcpy(uid, json_string_value(json_object_get(r.json, "id")),
		   sizeof uid);
	api_resp_free(&r);
	api_req("POST", "/api/v1/clients", client, NULL, &office, 1, &r);
	assert_int_equal(r.status, 201);
	b = json_array_get(json_object_get(r.json, "warnings"), 0);
	assert_string_equal(json_string_value(json_object_get(b, "code")),
			    "possible_duplicate");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(b, "matches"), 0)),
	    uid);
	api_resp_free(&r);
}

/* POSTs body to path as s; checks the status, keeps the answer in r. */
static void
rel_req(const char *method, const char *path, const char *body,
	const struct api_session *s, long want, struct api_resp *r)
{
	api_req(method, path, body, NULL, s, body != NULL, r);
	if (r->status != want)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, r->status,
			 want, r->raw ? r->raw : "");
}

/* The rule of an error answer. */
static const char *
rel_rule(const struct api_resp *r)
{
	return json_string_value(
	    json_object_get(json_object_get(r->json, "error"), "rule"));
}

/*
 * ACC-2, ACC-3, ACC-5: teams over the API; a care relation is given only
 * by those the profile names (the responsible professional, the team
 * lead of the client's team; not the office, M§13.2), only to accounts
 * whose roles can hold one; the team lead reads the identity of their
 * own team's clients only; a relation ends through PATCH, shortened only.
 */
static void
test_api_relations_given(void **state)
{
	struct api_session admin, anna, lead, zorg, office, bram;
	struct api_resp r;
	char path[160], body[256], sql[400], rel[ZK_UUID_LEN];
	char yesterday[ZK_DATE_LEN];

	(void)state;
	ZK_RULE("ACC-2");
	ZK_RULE("ACC-3");
	ZK_RULE("ACC-5");
	zk_date_fmt(zk_day_nl(zk_now()) - 1, yesterday);
	api_user(env.tenant_a, "admin2", "administrator", 1);
	api_user(env.tenant_a, "lead", "team_lead", 1);
	api_user(env.tenant_a, "zorg", "professional", 1);
	api_login_full(env.tenant_a, "a", "admin2", &admin);
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "lead", &lead);
	api_login_full(env.tenant_a, "a", "zorg", &zorg);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	api_login("a", "office", NULL, 0, &office);

	/* Teams and locations: the administrator adds them (ACC-3). */
	rel_req("POST", "/api/v1/locations",
		"{\"name\":\"De Linde\",\"address\":\"Lindelaan 1\"}", &admin,
		201, &r);
	api_resp_free(&r);
	rel_req("POST", "/api/v1/teams",
		"{\"name\":\"Team Noord\",\"location\":\"De Linde\"}", &admin,
		201, &r);
	api_resp_free(&r);
	rel_req("POST", "/api/v1/teams", "{\"name\":\"Team Noord\"}", &admin,
		409, &r);
	api_resp_free(&r);
	rel_req("POST", "/api/v1/teams",
		"{\"name\":\"Team Zuid\",\"location\":\"Nergens\"}", &admin,
		404, &r);
	api_resp_free(&r);
	rel_req("POST", "/api/v1/teams", "{\"name\":\"Team West\"}", &anna, 403,
		&r);
	assert_string_equal(rel_rule(&r), "ACC-3");
	api_resp_free(&r);
	rel_req("GET", "/api/v1/teams", NULL, &anna, 200, &r);
	assert_non_null(strstr(r.raw, "\"name\":\"Team Noord\""));
	assert_non_null(strstr(r.raw, "\"location\":\"De Linde\""));
	assert_null(strstr(r.raw, "Team West"));
	api_resp_free(&r);
	api_sql("UPDATE staff_user SET team_id = (SELECT id FROM team WHERE"
		" name = 'Team Noord') WHERE username IN ('lead', 'zorg')");
	snprintf(sql, sizeof sql,
		 "UPDATE subject SET team_id = (SELECT id FROM team WHERE "
		 "name = 'Team Noord') WHERE uid = '%s'",
		 client_a);
	api_sql(sql);

	/* ACC-5: the team lead reads their team's client, no other. */
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	rel_req("GET", path, NULL, &lead, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s", other_a);
	rel_req("GET", path, NULL, &lead, 403, &r);
	assert_string_equal(rel_rule(&r), "ACC-2");
	api_resp_free(&r);
	rel_req("GET", "/api/v1/clients", NULL, &lead, 200, &r);
	assert_non_null(strstr(r.raw, client_a));
	assert_null(strstr(r.raw, other_a));
	api_resp_free(&r);

	/* M§13.2: the office does not give care relations. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/relations", client_a);
	snprintf(body, sizeof body,
		 "{\"username\":\"zorg\",\"relation\":\"co_treating\","
		 "\"valid_from\":\"2020-01-01\"}");
	rel_req("POST", path, body, &office, 403, &r);
	assert_string_equal(rel_rule(&r), "ACC-5");
	api_resp_free(&r);
	assert_int_equal(
	    api_count("SELECT count(*) FROM audit_log WHERE event = "
		      "'relation.create' AND outcome = 'refused' AND reason = "
		      "'relation_management_not_allowed' AND rule = 'ACC-5'"),
	    1);
	/* ACC-2, ACC-3: an administrator's account holds none. */
	rel_req("POST", path,
		"{\"username\":\"admin\",\"relation\":\"responsible\","
		"\"valid_from\":\"2020-01-01\"}",
		&lead, 403, &r);
	assert_string_equal(rel_rule(&r), "ACC-2");
	api_resp_free(&r);
	assert_int_equal(
	    api_count("SELECT count(*) FROM audit_log WHERE event = "
		      "'relation.create' AND outcome = 'refused' AND reason = "
		      "'role_cannot_hold_relation' AND rule = 'ACC-2'"),
	    1);
	rel_req("POST", path,
		"{\"username\":\"office\",\"relation\":\"co_treating\","
		"\"valid_from\":\"2020-01-01\"}",
		&anna, 403, &r);
	assert_string_equal(rel_rule(&r), "ACC-2");
	api_resp_free(&r);
	/* ACC-5: the team lead of the client's team gives one. */
	rel_req("POST", path, body, &lead, 201, &r);
	zk_strlcpy(rel, json_string_value(json_object_get(r.json, "id")),
		   sizeof rel);
	api_resp_free(&r);
	assert_int_equal(
	    api_count("SELECT count(*) FROM audit_log WHERE event = "
		      "'relation.create' AND outcome = 'success' AND reason = "
		      "'team_lead' AND rule = 'ACC-5' AND user_role = "
		      "'team_lead'"),
	    1);
	/* ... but not for a client of no team of theirs. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/relations", other_a);
	rel_req("POST", path, body, &lead, 403, &r);
	assert_string_equal(rel_rule(&r), "ACC-5");
	api_resp_free(&r);
	/* The responsible professional gives one as well (ACC-5). */
	snprintf(path, sizeof path, "/api/v1/clients/%s/relations", client_a);
	rel_req("POST", path,
		"{\"username\":\"bram\",\"relation\":\"substitute\","
		"\"valid_from\":\"2020-01-01\",\"valid_until\":\"2099-12-31\"}",
		&anna, 201, &r);
	api_resp_free(&r);

	/* Ending: only by who may give it, or its holder; shortened only. */
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	rel_req("GET", path, NULL, &zorg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/relations/%s", rel);
	snprintf(body, sizeof body, "{\"valid_until\":\"%s\"}", yesterday);
	api_req("PATCH", path, body, NULL, &bram, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	api_req("PATCH", path, "{\"valid_until\":\"2001-01-01\"}", NULL, &lead,
		1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	api_req("PATCH", path, "{\"valid_until\":\"tomorrow\"}", NULL, &lead, 1,
		&r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	api_req("PATCH", path, body, NULL, &lead, 1, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "valid_until")),
	    yesterday);
	api_resp_free(&r);
	assert_int_equal(
	    api_count("SELECT count(*) FROM audit_log WHERE event = "
		      "'relation.end' AND outcome = 'success' AND rule = "
		      "'ACC-5'"),
	    1);
	/* Ended: zorg no longer reads the client. */
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	rel_req("GET", path, NULL, &zorg, 403, &r);
	api_resp_free(&r);
	/* A relation cannot be lengthened by ending it later. */
	snprintf(path, sizeof path, "/api/v1/relations/%s", rel);
	api_req("PATCH", path, "{\"valid_until\":\"2099-12-31\"}", NULL, &lead,
		1, &r);
	assert_int_equal(r.status, 400);
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM care_relation WHERE uid = '%s' AND "
		 "valid_until = '%s'",
		 rel, yesterday);
	assert_int_equal(api_count(sql), 1);
}

/*
 * ACC-6, FG-2, LOG-7: the DPO's review queue of emergency access: who,
 * which client, when, the reason (opened for the DPO only, the read
 * logged), what was done under the grant, a new account flagged; decided
 * once, justified or not with the measure (M§17). Break-the-glass is
 * marked alike in the entry list and the single read.
 */
static void
test_api_break_glass_review(void **state)
{
	struct api_session anna, bram, fg;
	struct api_resp r;
	char path[160], entry[ZK_UUID_LEN], grant[ZK_UUID_LEN], sql[300];
	json_t *item, *done;

	(void)state;
	ZK_RULE("ACC-6");
	ZK_RULE("FG-2");
	ZK_RULE("LOG-7");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	post_entry(&anna, client_a, 201, entry);
	snprintf(path, sizeof path, "/api/v1/clients/%s/break-glass", client_a);
	rel_req("POST", path,
		"{\"reason\":\"Cliënt gevallen, geen eigen begeleider "
		"bereikbaar\"}",
		&bram, 201, &r);
	zk_strlcpy(grant, json_string_value(json_object_get(r.json, "id")),
		   sizeof grant);
	api_resp_free(&r);
	/* ACC-6: marked alike in the list and the single read. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	rel_req("GET", path, NULL, &bram, 200, &r);
	item = json_array_get(json_object_get(r.json, "entries"), 0);
	assert_true(json_is_true(json_object_get(item, "break_glass")));
	api_resp_free(&r);
	rel_req("GET", path, NULL, &anna, 200, &r);
	item = json_array_get(json_object_get(r.json, "entries"), 0);
	assert_true(json_is_false(json_object_get(item, "break_glass")));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", entry);
	rel_req("GET", path, NULL, &bram, 200, &r);
	assert_true(json_is_true(json_object_get(r.json, "break_glass")));
	api_resp_free(&r);
	rel_req("GET", path, NULL, &anna, 200, &r);
	assert_true(json_is_false(json_object_get(r.json, "break_glass")));
	api_resp_free(&r);
	rel_req("GET", "/api/v1/clients", NULL, &bram, 200, &r);
	item = json_array_get(json_object_get(r.json, "clients"), 0);
	assert_true(json_is_true(json_object_get(item, "break_glass")));
	api_resp_free(&r);

	/* FG-2: nobody but the DPO sees the queue; refusals logged. */
	rel_req("GET", "/api/v1/break-glass", NULL, &anna, 403, &r);
	assert_string_equal(rel_rule(&r), "FG-2");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/break-glass/%s", grant);
	rel_req("GET", path, NULL, &bram, 403, &r);
	api_resp_free(&r);
	assert_int_equal(
	    api_count("SELECT count(*) FROM audit_log WHERE event LIKE "
		      "'break_glass.%' AND outcome = 'refused' AND reason = "
		      "'reviewer_only' AND rule = 'FG-2'"),
	    2);
	rel_req("GET", "/api/v1/break-glass?status=maybe", NULL, &fg, 400, &r);
	api_resp_free(&r);

	/* The queue: who, which client, when, why, what was read. */
	rel_req("GET", "/api/v1/break-glass?status=pending", NULL, &fg, 200,
		&r);
	assert_int_equal(
	    json_array_size(json_object_get(r.json, "break_glass")), 1);
	item = json_array_get(json_object_get(r.json, "break_glass"), 0);
	assert_string_equal(json_string_value(json_object_get(item, "id")),
			    grant);
	assert_string_equal(json_string_value(json_object_get(item, "client")),
			    client_a);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(item, "user"), "username")),
			    "bram");
	assert_string_equal(
	    json_string_value(json_object_get(item, "reason")),
	    "Cliënt gevallen, geen eigen begeleider bereikbaar");
	assert_string_equal(json_string_value(json_object_get(item, "status")),
			    "pending");
	assert_non_null(json_string_value(json_object_get(item, "granted_at")));
	/* LOG-7: an account of today is new. */
	assert_true(json_is_true(json_object_get(item, "new_account")));
	done = json_object_get(item, "done_under_grant");
	assert_true(json_array_size(done) >= 3);
	assert_non_null(strstr(r.raw, "\"event\":\"entry.read\""));
	assert_non_null(strstr(r.raw, "\"event\":\"entry.list\""));
	assert_null(strstr(r.raw, "\"event\":\"break_glass.grant\""));
	api_resp_free(&r);
	/* LOG-1: the DPO's read of the reason is logged, on the client. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE event = "
		 "'break_glass.review_read' AND outcome = 'success' AND "
		 "subject_uid = '%s' AND object_uid = '%s' AND user_role = "
		 "'dpo'",
		 client_a, grant);
	assert_int_equal(api_count(sql), 1);
	/* An account older than the profile's days is not flagged. */
	api_sql("UPDATE staff_user SET created_at = '2020-01-01T00:00:00Z'"
		" WHERE username = 'bram'");
	rel_req("GET", path, NULL, &fg, 200, &r);
	assert_true(json_is_false(json_object_get(r.json, "new_account")));
	assert_non_null(json_string_value(json_object_get(r.json, "reason")));
	api_resp_free(&r);
	assert_int_equal(api_count(sql), 2);

	/* The decision: only the DPO, a known verdict, a measure when not
	 * justified (M§17), once. */
	snprintf(path, sizeof path, "/api/v1/break-glass/%s/review", grant);
	rel_req("POST", path, "{\"decision\":\"justified\"}", &anna, 403, &r);
	assert_string_equal(rel_rule(&r), "FG-2");
	api_resp_free(&r);
	rel_req("POST", path, "{\"decision\":\"not_justified\"}", &fg, 400, &r);
	api_resp_free(&r);
	rel_req("POST", path, "{\"decision\":\"misschien\"}", &fg, 400, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM break_glass WHERE "
				   "reviewed_at IS NOT NULL"),
			 0);
	rel_req("POST", path,
		"{\"decision\":\"not_justified\",\"measure\":\"Gesprek met "
		"de leidinggevende, scholing ingepland\"}",
		&fg, 200, &r);
	api_resp_free(&r);
	assert_int_equal(
	    api_count("SELECT count(*) FROM break_glass b JOIN staff_user u"
		      " ON u.id = b.reviewed_by WHERE u.username = 'fg' AND "
		      "b.reviewed_at IS NOT NULL AND b.verdict = "
		      "'not_justified' AND b.measure IS NOT NULL"),
	    1);
	assert_int_equal(
	    api_count("SELECT count(*) FROM audit_log WHERE event = "
		      "'break_glass.review' AND outcome = 'success' AND "
		      "reason = 'not_justified' AND rule = 'ACC-6'"),
	    1);
	rel_req("POST", path, "{\"decision\":\"justified\"}", &fg, 409, &r);
	api_resp_free(&r);
	assert_int_equal(
	    api_count("SELECT count(*) FROM break_glass WHERE verdict = "
		      "'not_justified'"),
	    1);
	rel_req("GET", "/api/v1/break-glass", NULL, &fg, 200, &r);
	assert_int_equal(
	    json_array_size(json_object_get(r.json, "break_glass")), 0);
	api_resp_free(&r);
	rel_req("GET", "/api/v1/break-glass?status=all", NULL, &fg, 200, &r);
	item = json_array_get(json_object_get(r.json, "break_glass"), 0);
	assert_string_equal(json_string_value(json_object_get(item, "status")),
			    "not_justified");
	assert_string_equal(
	    json_string_value(json_object_get(item, "measure")),
	    "Gesprek met de leidinggevende, scholing ingepland");
	assert_string_equal(
	    json_string_value(json_object_get(item, "reviewed_by")), "fg");
	api_resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_api_login_two_factors, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_login_names_organisation,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_api_totp_once, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_enrolment, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_csrf_and_bearer, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_throttle, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_api_door, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_api_entry_tampered, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_consent, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_api_registers, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_correction_and_duplicate,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_api_identity_undeclared, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_scope_kind, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_fail_closed, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_tenant_isolation, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_admin, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_api_password_change, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_idle_timeout, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_tls, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_api_sessions_shared, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_sessions_restart, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_relations_given, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_api_break_glass_review, setup,
					    teardown),
	};

	crypto_init();
	oath_init();
	if (getenv("ZK_TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("ZK_TEST_FILTER"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
