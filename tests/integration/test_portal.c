/*
 * test_portal.c: the client portal over HTTP (INZ-6, LOG-2, LOG-8, RQ-1,
 * REP-1 to REP-6, SEC-3, CAT-4, SHD-1, INZ-2): staff invite a client and a
 * representative, who accept, log in with two factors, see their own
 * record without work notes, shielded or withheld entries, see who looked
 * in the log, make a copy request and download it; a representative sees
 * a child only while the mandate lasts, and acts on the child's behalf in
 * the log (REP-6); everything staff-only is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <liboath/oath.h>

#include "integration/api.h"

static char client_a[ZK_UUID_LEN], other[ZK_UUID_LEN], child[ZK_UUID_LEN],
    child2[ZK_UUID_LEN], client_b[ZK_UUID_LEN];
static struct api_session anna, fg, admin, fg_b;

/* A client born so many years ago today. */
static void
client_aged(int64_t tenant, const char *name, int years, char uid[ZK_UUID_LEN])
{
	struct actor sys;
	char *cause = NULL, born[32];
	json_t *id;
	int y, m, d, rc;

	zk_date_fmt(zk_day_nl(zk_now()), born);
	sscanf(born, "%d-%d-%d", &y, &m, &d);
	snprintf(born, sizeof born, "%04d-%02d-%02d", y - years, m,
		 d > 28 ? 28 : d);
	id = json_pack("{s:s, s:s}", "family_name", name, "birth_date", born);
	svc_actor_system(&sys, tenant, "test", "test");
	rc = svc_subject_create(env.svc, &sys, "client", id, NULL, uid, NULL,
				&cause);
	json_decref(id);
	if (rc != 0)
		fail_msg("client %s: %s", name, cause ? cause : "");
}

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "admin", "administrator", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	api_client(env.tenant_a, "Portaal", client_a);
	api_client(env.tenant_a, "Ander", other);
	client_aged(env.tenant_a, "Kind", 10, child);
	client_aged(env.tenant_a, "Tweede", 8, child2);
	api_client(env.tenant_b, "Elders", client_b);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_relation(env.tenant_a, other, "anna", "responsible");
	api_relation(env.tenant_a, child, "anna", "responsible");
	api_relation(env.tenant_a, child2, "anna", "responsible");
	api_login_full(env.tenant_a, "a", "anna", &anna);
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

/* POSTs and keeps the new thing's id. */
static void
made(const char *path, const char *body, const struct api_session *s,
     long status, char id[ZK_UUID_LEN])
{
	struct api_resp r;

	api_want("POST", path, body, s, status, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
}

static void
entry(const char *client, const char *category, const char *text,
      char id[ZK_UUID_LEN])
{
	char path[128], body[400];

	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	if (strcmp(category, "work_note") == 0)
		snprintf(body, sizeof body,
			 "{\"category\":\"work_note\",\"purpose\":"
			 "\"care_delivery\",\"legal_basis\":\"contract\","
			 "\"content\":{\"text\":\"%s\"}}",
			 text);
	else
		snprintf(body, sizeof body,
			 "{\"category\":\"%s\",\"purpose\":\"care_delivery\","
			 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
			 "\"rapportage\",\"text\":\"%s\"}}",
			 category, text);
	made(path, body, &anna, 201, id);
}

/*
 * INZ-6, SEC-3: staff invite (POST /clients/{id}/portal-invitations); the
 * owner accepts with a password, logs in, enrols the second factor and
 * confirms it. The session in s.
 */
static void
invite_and_login(const char *client, const char *body, const char *username,
		 struct api_session *s, char user_uid[ZK_UUID_LEN])
{
	struct api_resp r;
	char path[128], token[64], code[8], verify[64];
	const char *secret;
	char *raw = NULL;
	size_t rawlen = 0;

	snprintf(path, sizeof path, "/api/v1/clients/%s/portal-invitations",
		 client);
	api_want("POST", path, body, &anna, 201, &r);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "username")), username);
	assert_non_null(json_string_value(json_object_get(
	    json_object_get(r.json, "invitation"), "expires_at")));
	zk_strlcpy(token,
		   json_string_value(json_object_get(
		       json_object_get(r.json, "invitation"), "token")),
		   sizeof token);
	zk_strlcpy(user_uid, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
	api_invitation_accept("a", token, "wachtwoord-123", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_login("a", username, NULL, 0, s);
	/* SEC-3: nothing of the record before the second factor. */
	api_req("GET", "/api/v1/clients", NULL, NULL, s, 0, &r);
	api_assert_error(&r, 403, "two_factor_required");
	api_resp_free(&r);
	api_want("POST", "/api/v1/2fa/enrol", NULL, s, 200, &r);
	secret = json_string_value(json_object_get(r.json, "secret"));
	assert_int_equal(
	    oath_base32_decode(secret, strlen(secret), &raw, &rawlen), OATH_OK);
	api_resp_free(&r);
	assert_int_equal(
	    oath_totp_generate(raw, rawlen, time(NULL), 30, 0, 6, code),
	    OATH_OK);
	free(raw);
	snprintf(verify, sizeof verify, "{\"code\":\"%s\"}", code);
	api_want("POST", "/api/v1/2fa/verify", verify, s, 200, &r);
	api_resp_free(&r);
}

/* Whether the JSON array arr has an object whose key is val. */
static int
has(json_t *arr, const char *key, const char *val)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		const char *s = json_string_value(json_object_get(v, key));

		if (s != NULL && strcmp(s, val) == 0)
			return 1;
	}
	return 0;
}

/*
 * INZ-6, CAT-4, SHD-1, INZ-2, LOG-2, LOG-8, RQ-1: the client's own portal
 * account, from invitation to the downloaded copy.
 */
static void
test_portal_subject(void **state)
{
	struct api_resp r;
	struct api_session me;
	char uid[ZK_UUID_LEN], care[ZK_UUID_LEN], note[ZK_UUID_LEN],
	    shielded[ZK_UUID_LEN], withheld[ZK_UUID_LEN], rq[ZK_UUID_LEN],
	    other_rq[ZK_UUID_LEN], copy[ZK_UUID_LEN], path[200], body[300],
	    day[ZK_DATE_LEN], sql[300];
	json_t *list;

	(void)state;
	entry(client_a, "care", "Rustige nacht.", care);
	entry(client_a, "work_note", "Eigen notitie van anna.", note);
	entry(client_a, "medical", "Afgeschermd.", shielded);
	entry(client_a, "care", "Over een ander.", withheld);
	/* SHD-1: shielded at the client's request. */
	snprintf(path, sizeof path, "/api/v1/subjects/%s/shields", client_a);
	snprintf(body, sizeof body, "{\"entry\":\"%s\"}", shielded);
	made(path, body, &anna, 201, uid);
	/* INZ-2: withheld in a decided access request. */
	zk_date_fmt(zk_day_nl(zk_now()), day);
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"access\",\"received\":\"%s\"}",
		 client_a, day);
	made("/api/v1/requests", body, &anna, 201, rq);
	snprintf(path, sizeof path, "/api/v1/requests/%s/withhold", rq);
	snprintf(body, sizeof body,
		 "{\"entry\":\"%s\",\"reason\":\"bescherming van een ander\"}",
		 withheld);
	api_want("POST", path, body, &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", rq);
	api_want(
	    "POST", path,
	    "{\"decision\":\"partly\",\"reasons\":\"een ander beschermd\"}",
	    &fg, 200, &r);
	api_resp_free(&r);
	/* Another client's request, which the portal never lists. */
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"access\",\"received\":\"%s\"}",
		 other, day);
	made("/api/v1/requests", body, &anna, 201, other_rq);

	/* The invitation; a staff account never gets a portal role. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/portal-invitations",
		 client_a);
	api_want("POST", path, "{\"username\":\"anna\",\"for\":\"subject\"}",
		 &anna, 400, &r);
	api_resp_free(&r);
	api_want("POST", path,
		 "{\"username\":\"Foute Naam\",\"for\":\"subject\"}", &anna,
		 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"username\":\"x.y\",\"for\":\"kind\"}", &anna,
		 400, &r);
	api_resp_free(&r);
	/* The administrator may not correct the identity: refused (ACC-3). */
	api_want("POST", path, "{\"username\":\"x.y\",\"for\":\"subject\"}",
		 &admin, 403, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	invite_and_login(client_a,
			 "{\"username\":\"client.portaal\",\"for\":"
			 "\"subject\"}",
			 "client.portaal", &me, uid);
	/* A second subject account of the same name: 409. */
	api_want("POST", path,
		 "{\"username\":\"client.portaal\",\"for\":\"subject\"}", &anna,
		 409, &r);
	api_resp_free(&r);
	/* INZ-6: no ACC-3 approval step, and logged (LOG-1). */
	assert_int_equal(api_count("SELECT count(*) FROM account_request"), 0);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'portal.invite' AND outcome = 'success'") >= 1);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event = "
			      "'portal.invite' AND outcome = 'refused'") >= 1);

	api_want("GET", "/api/v1/session", NULL, &me, 200, &r);
	assert_string_equal(
	    json_string_value(json_array_get(
		json_object_get(json_object_get(r.json, "user"), "roles"), 0)),
	    "subject");
	assert_true(json_is_true(json_object_get(r.json, "portal")));
	api_resp_free(&r);

	/* Only the client's own record is listed (INZ-6). */
	api_want("GET", "/api/v1/clients", NULL, &me, 200, &r);
	list = json_object_get(r.json, "clients");
	assert_int_equal(json_array_size(list), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(list, 0), "id")),
	    client_a);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(list, 0), "acting_as")),
			    "self");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	api_want("GET", path, NULL, &me, 200, &r);
	api_resp_free(&r);
	/* Another client is not theirs: 403 (INZ-6), another
	 * organisation's is not there: 404 (SCOPE-3). */
	snprintf(path, sizeof path, "/api/v1/clients/%s", child);
	api_want("GET", path, NULL, &me, 403, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_b);
	api_want("GET", path, NULL, &me, 404, &r);
	api_resp_free(&r);

	/* CAT-4, SHD-1, INZ-2: the entries without work notes, shielded
	 * or withheld entries. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_want("GET", path, NULL, &me, 200, &r);
	list = json_object_get(r.json, "entries");
	assert_true(has(list, "id", care));
	assert_false(has(list, "id", note));
	assert_false(has(list, "id", shielded));
	assert_false(has(list, "id", withheld));
	api_resp_free(&r);
	snprintf(path, sizeof path,
		 "/api/v1/clients/%s/entries?category=work_note", client_a);
	api_want("GET", path, NULL, &me, 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", note);
	api_want("GET", path, NULL, &me, 403, &r);
	api_resp_free(&r);
	/* SHD-1, INZ-2: one by one neither, as if they were not there. */
	snprintf(path, sizeof path, "/api/v1/entries/%s", shielded);
	api_req("GET", path, NULL, NULL, &me, 0, &r);
	assert_true(r.status == 404 || r.status == 403);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", withheld);
	api_req("GET", path, NULL, NULL, &me, 0, &r);
	assert_true(r.status == 404 || r.status == 403);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s", care);
	api_want("GET", path, NULL, &me, 200, &r);
	api_resp_free(&r);
	/* The client's own registers are theirs to read (GDPR art. 15). */
	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 client_a);
	api_want("GET", path, NULL, &me, 200, &r);
	api_resp_free(&r);

	/* LOG-2, LOG-8: who looked, the professional among them. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/log", client_a);
	api_want("GET", path, NULL, &me, 200, &r);
	assert_true(has(json_object_get(r.json, "lines"), "who", "anna"));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/log", child);
	api_want("GET", path, NULL, &me, 403, &r);
	api_resp_free(&r);

	/* RQ-1: a copy request, received today in the portal. */
	snprintf(body, sizeof body, "{\"subject\":\"%s\",\"kind\":\"copy\"}",
		 client_a);
	made("/api/v1/requests", body, &me, 201, copy);
	snprintf(body, sizeof body, "{\"subject\":\"%s\",\"kind\":\"copy\"}",
		 child);
	api_want("POST", "/api/v1/requests", body, &me, 403, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/requests",
		 "{\"subject\":\"x\",\"kind\":\"copy\"}", &me, 400, &r);
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM request WHERE uid = '%s' AND channel = "
		 "'portal' AND answer_channel = 'portal' AND received_on = "
		 "'%s'",
		 copy, day);
	assert_int_equal(api_count(sql), 1);
	api_want("GET", "/api/v1/requests", NULL, &me, 200, &r);
	list = json_object_get(r.json, "requests");
	assert_true(has(list, "id", copy));
	assert_true(has(list, "id", rq));
	assert_false(has(list, "id", other_rq));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s", copy);
	api_want("GET", path, NULL, &me, 200, &r);
	assert_non_null(json_object_get(r.json, "history"));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s", other_rq);
	api_want("GET", path, NULL, &me, 403, &r);
	api_resp_free(&r);
	/* Not decided yet: no copy. */
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=pdf",
		 copy);
	api_want("GET", path, NULL, &me, 409, &r);
	api_resp_free(&r);
	/* RQ-1: the portal account decides nothing. */
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", copy);
	api_want("POST", path, "{\"decision\":\"granted\"}", &me, 403, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	/* INZ-6: the copy, a PDF, in the portal. */
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=pdf",
		 copy);
	api_want("GET", path, NULL, &me, 200, &r);
	assert_memory_equal(r.raw, "%PDF-", 5);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=fhir",
		 copy);
	api_want("GET", path, NULL, &me, 200, &r);
	/* CAT-4, INZ-2: neither the work note nor the withheld entry. */
	assert_non_null(strstr(r.raw, care));
	assert_null(strstr(r.raw, note));
	assert_null(strstr(r.raw, withheld));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/letters/decision",
		 copy);
	api_want("GET", path, NULL, &me, 200, &r);
	assert_memory_equal(r.raw, "%PDF-", 5);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/export?format=pdf",
		 other_rq);
	api_want("GET", path, NULL, &me, 403, &r);
	api_resp_free(&r);
	/* LOG-1: the export is the portal account's. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE event = "
		 "'request.export_pdf' AND user_uid = '%s' AND outcome = "
		 "'success'",
		 uid);
	assert_int_equal(api_count(sql), 1);

	/* Staff-only endpoints: refused (ACC-1, ACC-3, ACC-6). */
	api_want("GET", "/api/v1/users", NULL, &me, 403, &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/approvals", NULL, &me, 403, &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/break-glass", NULL, &me, 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/break-glass", child);
	api_want("POST", path,
		 "{\"reason\":\"ik wil het dossier van een ander zien\"}", &me,
		 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	api_want("POST", path,
		 "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"x\","
		 "\"text\":\"zelf geschreven\"}}",
		 &me, 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/entries/%s/corrections", care);
	api_want("POST", path,
		 "{\"content\":{\"kind\":\"x\",\"text\":\"anders\"},\"reason\":"
		 "\"onjuist\"}",
		 &me, 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	api_want("PATCH", path, "{\"identity\":{\"city\":\"Utrecht\"}}", &me,
		 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/portal-invitations",
		 client_a);
	api_want("POST", path, "{\"username\":\"nog.een\",\"for\":\"subject\"}",
		 &me, 403, &r);
	api_resp_free(&r);
	/* INZ-6: portal and staff roles never meet (400). */
	api_want("POST", "/api/v1/users",
		 "{\"username\":\"gemengd\",\"roles\":[\"professional\","
		 "\"subject\"],\"confidentiality\":\"profession\"}",
		 &admin, 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/users/anna/roles",
		 "{\"roles\":[\"professional\",\"representative\"]}", &admin,
		 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/users/client.portaal/roles",
		 "{\"roles\":[\"office\"]}", &admin, 400, &r);
	api_resp_free(&r);
}

/*
 * REP-1, REP-6: a parent with authority of a 10-year-old sees the child
 * and acts on the child's behalf in the log; after the mandate ends for a
 * second child, that child is gone from the list and refused.
 */
static void
test_portal_representative(void **state)
{
	struct api_resp r;
	struct api_session ouder;
	char rep[ZK_UUID_LEN], rep2[ZK_UUID_LEN], uid[ZK_UUID_LEN],
	    copy[ZK_UUID_LEN], path[200], body[300], sql[400];
	json_t *list;

	(void)state;
	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 child);
	made(path, "{\"kind\":\"parent_with_authority\",\"name\":\"P. Ouder\"}",
	     &anna, 201, rep);
	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 child2);
	made(path, "{\"kind\":\"parent_with_authority\",\"name\":\"P. Ouder\"}",
	     &anna, 201, rep2);
	/* A representative invitation names a current representative. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/portal-invitations",
		 child);
	api_want("POST", path,
		 "{\"username\":\"ouder.kind\",\"for\":\"representative\"}",
		 &anna, 400, &r);
	api_resp_free(&r);
	snprintf(body, sizeof body,
		 "{\"username\":\"ouder.kind\",\"for\":\"representative\","
		 "\"representative\":\"%s\"}",
		 rep2);
	api_want("POST", path, body, &anna, 400, &r);
	api_resp_free(&r);
	/* REP-1: a 10-year-old does not act for themselves. */
	api_want("POST", path,
		 "{\"username\":\"kind.zelf\",\"for\":\"subject\"}", &anna, 409,
		 &r);
	api_resp_free(&r);
	snprintf(body, sizeof body,
		 "{\"username\":\"ouder.kind\",\"for\":\"representative\","
		 "\"representative\":\"%s\"}",
		 rep);
	invite_and_login(child, body, "ouder.kind", &ouder, uid);
	/* The same account, linked to the second child too (the DPO may). */
	snprintf(path, sizeof path, "/api/v1/clients/%s/portal-invitations",
		 child2);
	snprintf(body, sizeof body,
		 "{\"username\":\"ouder.kind\",\"for\":\"representative\","
		 "\"representative\":\"%s\"}",
		 rep2);
	api_want("POST", path, body, &fg, 200, &r);
	assert_true(json_is_true(json_object_get(r.json, "linked")));
	assert_null(json_object_get(r.json, "invitation"));
	api_resp_free(&r);
	api_want("POST", path, body, &fg, 409, &r);
	api_resp_free(&r);

	api_want("GET", "/api/v1/session", NULL, &ouder, 200, &r);
	assert_string_equal(
	    json_string_value(json_array_get(
		json_object_get(json_object_get(r.json, "user"), "roles"), 0)),
	    "representative");
	api_resp_free(&r);
	api_want("GET", "/api/v1/clients", NULL, &ouder, 200, &r);
	list = json_object_get(r.json, "clients");
	assert_int_equal(json_array_size(list), 2);
	assert_true(has(list, "id", child));
	assert_true(has(list, "id", child2));
	assert_true(has(list, "acting_as", "representative"));
	assert_false(has(list, "acting_as", "self"));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", child);
	api_want("GET", path, NULL, &ouder, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/log", child);
	api_want("GET", path, NULL, &ouder, 200, &r);
	api_resp_free(&r);
	snprintf(body, sizeof body, "{\"subject\":\"%s\",\"kind\":\"access\"}",
		 child);
	made("/api/v1/requests", body, &ouder, 201, copy);
	api_want("GET", "/api/v1/requests", NULL, &ouder, 200, &r);
	assert_true(has(json_object_get(r.json, "requests"), "id", copy));
	assert_null(json_object_get(
	    json_array_get(json_object_get(r.json, "requests"), 0),
	    "on_behalf_of"));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s", copy);
	api_want("GET", path, NULL, &ouder, 200, &r);
	api_resp_free(&r);
	/* REP-6: each act names the representative it was made as. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE user_uid = '%s' AND "
		 "subject_uid = '%s' AND on_behalf_of = 'representative:%s'",
		 uid, child, rep);
	assert_true(api_count(sql) >= 6);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE user_uid = '%s' AND "
		 "subject_uid = '%s' AND outcome = 'success' AND "
		 "(on_behalf_of IS NULL OR on_behalf_of <> "
		 "'representative:%s')",
		 uid, child, rep);
	assert_int_equal(api_count(sql), 0);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM request WHERE uid = '%s' AND "
		 "representative_id IS NOT NULL",
		 copy);
	assert_int_equal(api_count(sql), 1);

	/* REP-1: the mandate for the second child ends. */
	snprintf(path, sizeof path, "/api/v1/representatives/%s", rep2);
	api_want("DELETE", path, NULL, &anna, 200, &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/clients", NULL, &ouder, 200, &r);
	list = json_object_get(r.json, "clients");
	assert_int_equal(json_array_size(list), 1);
	assert_true(has(list, "id", child));
	assert_false(has(list, "id", child2));
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s", child2);
	api_want("GET", path, NULL, &ouder, 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", child2);
	api_want("GET", path, NULL, &ouder, 403, &r);
	api_resp_free(&r);
	snprintf(body, sizeof body, "{\"subject\":\"%s\",\"kind\":\"copy\"}",
		 child2);
	api_want("POST", "/api/v1/requests", body, &ouder, 403, &r);
	api_resp_free(&r);
	/* The representative has no record of their own here. */
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	api_want("GET", path, NULL, &ouder, 403, &r);
	api_resp_free(&r);
}

/* SCOPE-3: an organisation invites to its own clients only. */
static void
test_portal_isolation(void **state)
{
	struct api_resp r;
	char path[200];

	(void)state;
	snprintf(path, sizeof path, "/api/v1/clients/%s/portal-invitations",
		 client_a);
	api_want("POST", path, "{\"username\":\"iso.b\",\"for\":\"subject\"}",
		 &fg_b, 404, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM staff_user WHERE "
				   "username = 'iso.b'"),
			 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_portal_subject),
	    cmocka_unit_test(test_portal_representative),
	    cmocka_unit_test(test_portal_isolation),
	};

	oath_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
