/*
 * test_accounts.c: who may give access to health data, over the HTTP API
 * (ACC-3, ACC-4, SEC-3, LOG-1). An administrator creates accounts but
 * chooses no password; an account or roles that see health data wait for
 * a second person with care authority (the team lead of the account's
 * team, or the DPO); the owner sets a password from a one-time
 * invitation; administrators log in with two factors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "support/support.h"

static char client[ZK_UUID_LEN];
static struct api_session admin, admin2, lead_n, lead_z, fg, prof_n;

/* A user of tenant a in team (NULL: none), enrolled in a second factor. */
static void
member(const char *username, const char *role, const char *role2,
       const char *team)
{
	const char *roles[2] = {role, role2};
	struct svc_user_input in;
	struct actor sys, a;
	char secret[64], uri[320], *cause = NULL;
	int rc;

	memset(&in, 0, sizeof in);
	in.username = username;
	in.password = "wachtwoord-123";
	in.roles = roles;
	in.nroles = role2 ? 2 : 1;
	in.confidentiality = "profession";
	in.team = team;
	svc_actor_system(&sys, env.tenant_a, "test", "test");
	if ((rc = svc_user_add(env.svc, &sys, &in, NULL, &cause)) != 0 ||
	    (rc = svc_actor_user(env.svc, env.tenant_a, username, "test", &a,
				 &cause)) != 0 ||
	    (rc = svc_totp_enrol_confirmed(env.svc, &a, secret, uri, &cause)) !=
		0)
		fail_msg("user %s: %s", username, cause ? cause : "?");
}

static int
setup(void **state)
{
	struct actor sys;
	char *cause = NULL;
	int64_t loc, id;

	(void)state;
	api_start(0, 0);
	svc_actor_system(&sys, env.tenant_a, "test", "test");
	if (svc_location_create(env.svc, &sys, "Huis", "Weg 1", &loc, &cause) !=
		0 ||
	    svc_team_create(env.svc, &sys, loc, "Noord", &id, &cause) != 0 ||
	    svc_team_create(env.svc, &sys, loc, "Zuid", &id, &cause) != 0)
		fail_msg("teams: %s", cause ? cause : "?");
	member("admin", "administrator", NULL, NULL);
	member("admin2", "administrator", NULL, NULL);
	member("admfg", "administrator", "dpo", NULL);
	member("lead.n", "team_lead", NULL, "Noord");
	member("lead.z", "team_lead", NULL, "Zuid");
	member("fg", "dpo", NULL, NULL);
	member("prof.n", "professional", NULL, "Noord");
	member("anna", "professional", NULL, "Noord");
	api_client(env.tenant_a, "Jansen", client);
	api_relation(env.tenant_a, client, "anna", "responsible");
	api_login_full(env.tenant_a, "a", "admin", &admin);
	api_login_full(env.tenant_a, "a", "admin2", &admin2);
	api_login_full(env.tenant_a, "a", "lead.n", &lead_n);
	api_login_full(env.tenant_a, "a", "lead.z", &lead_z);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "prof.n", &prof_n);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

/* POSTs body to path as s; the response in r, status checked. */
static void
post(const char *path, const char *body, const struct api_session *s, long want,
     struct api_resp *r)
{
	api_req("POST", path, body, NULL, s, 1, r);
	if (r->status != want)
		fail_msg("POST %s: want %ld, got %ld %s", path, want, r->status,
			 r->raw ? r->raw : "");
}

/* The approval id of a response, copied into out. */
static void
approval_of(const struct api_resp *r, char out[ZK_UUID_LEN])
{
	const char *v = json_string_value(json_object_get(r->json, "approval"));

	if (v == NULL)
		fail_msg("no approval in %s", r->raw);
	zk_strlcpy(out, v, ZK_UUID_LEN);
}

/* The invitation token of a response ("" when there is none). */
static void
token_of(const struct api_resp *r, char out[64])
{
	const char *v = json_string_value(
	    json_object_get(json_object_get(r->json, "invitation"), "token"));

	zk_strlcpy(out, v ? v : "", 64);
}

static void
decide(const char *id, const char *what, const struct api_session *s, long want,
       struct api_resp *r)
{
	char path[128];

	snprintf(path, sizeof path, "/api/v1/approvals/%s/%s", id, what);
	post(path, NULL, s, want, r);
}

static int
log_count(const char *event, const char *outcome, const char *reason)
{
	char sql[400];

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE event = '%s' AND "
		 "outcome = '%s' AND reason = '%s'",
		 event, outcome, reason);
	return api_count(sql);
}

/*
 * The attack of issue 11: an administrator creates a professional, logs
 * in with a password they chose, enrols a second factor, breaks the
 * glass and reads medical entries. Every way it could start is closed.
 */
static void
test_accounts_takeover_refused(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], tok[64], path[160];
	int before;

	(void)state;
	ZK_RULE("ACC-3");
	ZK_RULE("SEC-3");
	/* 1. No password chosen by an administrator. */
	api_req("POST", "/api/v1/users",
		"{\"username\":\"mallory\",\"roles\":[\"professional\"],"
		"\"confidentiality\":\"profession\",\"team\":\"Noord\","
		"\"password\":\"door-de-beheerder-gekozen\"}",
		NULL, &admin, 1, &r);
	api_assert_error(&r, 400, "invalid");
	api_resp_free(&r);
	api_login_refused("{\"tenant\":\"a\",\"username\":\"mallory\","
			  "\"password\":\"door-de-beheerder-gekozen\"}",
			  401, "invalid_credentials");
	/* 2. Without one the account waits, and no invitation is given. */
	before = log_count("approval.request", "success", "health_data_access");
	post("/api/v1/users",
	     "{\"username\":\"mallory\",\"roles\":[\"professional\"],"
	     "\"confidentiality\":\"profession\",\"team\":\"Noord\"}",
	     &admin, 201, &r);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")),
	    "awaiting_approval");
	token_of(&r, tok);
	assert_string_equal(tok, "");
	approval_of(&r, id);
	api_resp_free(&r);
	assert_int_equal(
	    log_count("approval.request", "success", "health_data_access"),
	    before + 1);
	assert_int_equal(api_count("SELECT count(*) FROM invitation i JOIN "
				   "staff_user u ON u.id = i.user_id WHERE "
				   "u.username = 'mallory'"),
			 0);
	/* 3. The administrator approves it: refused, and logged. */
	before = log_count("approval.approve", "refused", "own_request");
	decide(id, "approve", &admin, 403, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	assert_int_equal(
	    log_count("approval.approve", "refused", "own_request"),
	    before + 1);
	/* 4. A reset, to get an invitation another way: refused. */
	post("/api/v1/users/mallory/reset", NULL, &admin, 409, &r);
	api_resp_free(&r);
	/* 5. No password works, so nothing follows: no login at all. */
	api_login_refused("{\"tenant\":\"a\",\"username\":\"mallory\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
	/* And the administrator's own session reads no medical entry. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/break-glass", client);
	api_req("POST", path, "{\"reason\":\"noodgeval, echt waar\"}", NULL,
		&admin, 1, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "category = 'medical' AND outcome = "
				   "'success' AND action = 'R'"),
			 0);
}

/* ACC-3: who may approve, and who may not. */
static void
test_accounts_approval_permit_deny(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], tok[64];
	struct api_session nieuw;

	(void)state;
	ZK_RULE("ACC-3");
	ZK_RULE("LOG-1");
	post("/api/v1/users",
	     "{\"username\":\"nieuw\",\"roles\":[\"professional\"],"
	     "\"confidentiality\":\"profession\",\"team\":\"Noord\"}",
	     &admin, 201, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	/* The list shows it to those who decide, not to a professional. */
	api_req("GET", "/api/v1/approvals", NULL, NULL, &lead_n, 0, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "approvals")),
			 1);
	api_resp_free(&r);
	api_req("GET", "/api/v1/approvals", NULL, NULL, &prof_n, 0, &r);
	api_assert_error(&r, 403, "denied");
	api_resp_free(&r);
	/* Deny: another administrator, a lead of another team, a
	 * professional of the team. */
	decide(id, "approve", &admin2, 403, &r);
	api_resp_free(&r);
	decide(id, "approve", &lead_z, 403, &r);
	api_resp_free(&r);
	decide(id, "approve", &prof_n, 403, &r);
	api_resp_free(&r);
	assert_int_equal(
	    log_count("approval.approve", "refused", "no_care_authority"), 3);
	api_login_refused("{\"tenant\":\"a\",\"username\":\"nieuw\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
	/* Permit: the team's lead; the invitation goes to them. */
	decide(id, "approve", &lead_n, 200, &r);
	token_of(&r, tok);
	assert_int_equal(strlen(tok), 43);
	api_resp_free(&r);
	assert_int_equal(log_count("approval.approve", "success", "approved"),
			 1);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'approval.approve' AND user_role "
				   "= 'team_lead' AND outcome = 'success'"),
			 1);
	/* Twice: refused. */
	decide(id, "approve", &fg, 409, &r);
	api_resp_free(&r);
	decide(id, "reject", &lead_n, 409, &r);
	api_resp_free(&r);
	/* The owner sets the password; the second factor comes first. */
	api_invitation_accept("a", tok, "wachtwoord-123", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_login("a", "nieuw", NULL, 0, &nieuw);
	api_req("GET", "/api/v1/clients", NULL, NULL, &nieuw, 0, &r);
	api_assert_error(&r, 403, "two_factor_required");
	api_resp_free(&r);

	/* Rejected by the DPO: approving afterwards is refused. */
	post("/api/v1/users",
	     "{\"username\":\"afgewezen\",\"roles\":[\"dpo\"],"
	     "\"confidentiality\":\"agreement\"}",
	     &admin, 201, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	/* A team lead has no authority outside a team. */
	decide(id, "approve", &lead_n, 403, &r);
	api_resp_free(&r);
	decide(id, "reject", &fg, 200, &r);
	token_of(&r, tok);
	assert_string_equal(tok, "");
	api_resp_free(&r);
	assert_int_equal(log_count("approval.reject", "success", "rejected"),
			 1);
	decide(id, "approve", &fg, 409, &r);
	api_resp_free(&r);
	assert_int_equal(
	    log_count("approval.approve", "refused", "not_pending"), 2);
}

/* ACC-3: one who both asks and approves cannot approve their own ask. */
static void
test_accounts_requester_and_own_account(void **state)
{
	struct api_session admfg;
	struct api_resp r;
	char id[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("ACC-3");
	api_login_full(env.tenant_a, "a", "admfg", &admfg);
	post("/api/v1/users",
	     "{\"username\":\"zelf\",\"roles\":[\"professional\"],"
	     "\"confidentiality\":\"profession\"}",
	     &admfg, 201, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	decide(id, "approve", &admfg, 403, &r);
	api_resp_free(&r);
	assert_int_equal(
	    log_count("approval.approve", "refused", "own_request"), 1);
	/* No one approves roles for their own account. */
	post("/api/v1/users/lead.n/roles",
	     "{\"roles\":[\"team_lead\",\"dpo\"]}", &admin, 200, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	decide(id, "approve", &lead_n, 403, &r);
	api_resp_free(&r);
	assert_int_equal(
	    log_count("approval.approve", "refused", "own_account"), 1);
	decide(id, "approve", &fg, 200, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM staff_role r JOIN "
				   "staff_user u ON u.id = r.user_id WHERE "
				   "u.username = 'lead.n'"),
			 2);
}

/*
 * SCOPE-3: an invitation belongs to the organisation it was made in: it is
 * accepted there without naming it, and not through another one.
 */
static void
test_accounts_invitation_organisation(void **state)
{
	struct api_session kantoor;
	struct api_resp r;
	char tok[64];
	int logged;

	(void)state;
	ZK_RULE("SCOPE-3");
	post("/api/v1/users",
	     "{\"username\":\"balie\",\"roles\":[\"office\"],"
	     "\"confidentiality\":\"office\"}",
	     &admin, 201, &r);
	token_of(&r, tok);
	api_resp_free(&r);
	api_invitation_accept("b", tok, "wachtwoord-123", &r);
	api_assert_error(&r, 401, "invitation_invalid");
	api_resp_free(&r);
	/* Unknown, with several organisations: refused, in no log. */
	logged = api_count("SELECT count(*) FROM audit_log");
	api_invitation_accept(NULL, "bestaat-niet", "wachtwoord-123", &r);
	api_assert_error(&r, 401, "invitation_invalid");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log"), logged);
	api_invitation_accept(NULL, tok, "wachtwoord-123", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_login("a", "balie", NULL, 0, &kantoor);
	assert_int_equal(
	    log_count("invitation.accept", "success", "password_set"), 1);
}

/* SEC-3: an invitation counts once, for a while; every refusal logged. */
static void
test_accounts_invitation(void **state)
{
	struct api_session kantoor;
	struct api_resp r;
	char tok[64];

	(void)state;
	ZK_RULE("SEC-3");
	ZK_RULE("LOG-1");
	post("/api/v1/users",
	     "{\"username\":\"kantoor\",\"roles\":[\"office\"],"
	     "\"confidentiality\":\"office\"}",
	     &admin, 201, &r);
	token_of(&r, tok);
	assert_int_equal(strlen(tok), 43);
	api_resp_free(&r);
	/* Only the hash is kept. */
	assert_int_equal(api_count("SELECT count(*) FROM invitation WHERE "
				   "length(token_hash) = 32"),
			 api_count("SELECT count(*) FROM invitation"));
	api_invitation_accept("a", "bestaat-niet", "wachtwoord-123", &r);
	api_assert_error(&r, 401, "invitation_invalid");
	api_resp_free(&r);
	assert_int_equal(
	    log_count("invitation.accept", "refused", "invitation_unknown"), 1);
	api_invitation_accept("a", tok, "kort", &r);
	api_assert_error(&r, 400, "invalid");
	api_resp_free(&r);
	api_invitation_accept("a", tok, "wachtwoord-123", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_invitation_accept("a", tok, "nog-een-wachtwoord", &r);
	api_assert_error(&r, 401, "invitation_invalid");
	api_resp_free(&r);
	assert_int_equal(
	    log_count("invitation.accept", "refused", "invitation_used"), 1);
	api_login("a", "kantoor", NULL, 0, &kantoor);

	/* A reset: the old password stops, the session ends. */
	post("/api/v1/users/kantoor/reset", NULL, &admin, 200, &r);
	token_of(&r, tok);
	assert_int_equal(strlen(tok), 43);
	api_resp_free(&r);
	api_req("GET", "/api/v1/session", NULL, NULL, &kantoor, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);
	api_login_refused("{\"tenant\":\"a\",\"username\":\"kantoor\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
	/* Expired: refused and logged. */
	api_sql("UPDATE invitation SET expires_at = 1 WHERE used_at IS NULL");
	api_invitation_accept("a", tok, "wachtwoord-456", &r);
	api_assert_error(&r, 401, "invitation_invalid");
	api_resp_free(&r);
	assert_int_equal(
	    log_count("invitation.accept", "refused", "invitation_expired"), 1);

	/* Five failures from one address hold up the next: start over. */
	api_sql("DELETE FROM login_throttle");
	/* A reset of a health-data account goes through the approver. */
	post("/api/v1/users/anna/reset", NULL, &admin, 200, &r);
	token_of(&r, tok);
	assert_string_equal(tok, "");
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "status")),
	    "awaiting_approval");
	{
		char id[ZK_UUID_LEN];

		approval_of(&r, id);
		api_resp_free(&r);
		api_login_refused("{\"tenant\":\"a\",\"username\":\"anna\","
				  "\"password\":\"wachtwoord-123\"}",
				  401, "invalid_credentials");
		decide(id, "approve", &lead_n, 200, &r);
		token_of(&r, tok);
		assert_int_equal(strlen(tok), 43);
		api_resp_free(&r);
	}
	api_invitation_accept("a", tok, "anna-kiest-zelf", &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
}

/* ACC-3: roles that see health data wait; the rest is at once. */
static void
test_accounts_roles_and_enable(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], tok[64];

	(void)state;
	ZK_RULE("ACC-3");
	api_user_via_api(&admin, NULL, "a",
			 "{\"username\":\"wissel\",\"roles\":[\"office\"],"
			 "\"confidentiality\":\"office\",\"team\":\"Noord\"}");
	post("/api/v1/users/wissel/roles",
	     "{\"roles\":[\"office\",\"professional\"]}", &admin, 200, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	/* Until approved, only office is in force. */
	assert_int_equal(api_count("SELECT count(*) FROM staff_role r JOIN "
				   "staff_user u ON u.id = r.user_id WHERE "
				   "u.username = 'wissel'"),
			 1);
	decide(id, "approve", &lead_n, 200, &r);
	/* Its password may be the administrator's: a new invitation. */
	token_of(&r, tok);
	assert_int_equal(strlen(tok), 43);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM staff_role r JOIN "
				   "staff_user u ON u.id = r.user_id WHERE "
				   "u.username = 'wissel'"),
			 2);
	api_login_refused("{\"tenant\":\"a\",\"username\":\"wissel\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
	/* Taking a role away needs no one else. */
	post("/api/v1/users/wissel/roles", "{\"roles\":[\"office\"]}", &admin,
	     200, &r);
	assert_null(json_object_get(r.json, "approval"));
	api_resp_free(&r);
	/*
	 * A request still waiting is superseded by roles set since: its
	 * approval cannot grant later what was taken away meanwhile.
	 */
	post("/api/v1/users/wissel/roles",
	     "{\"roles\":[\"office\",\"professional\"]}", &admin, 200, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	post("/api/v1/users/wissel/roles", "{\"roles\":[\"office\"]}", &admin,
	     200, &r);
	api_resp_free(&r);
	decide(id, "approve", &lead_n, 409, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM staff_role r JOIN "
				   "staff_user u ON u.id = r.user_id WHERE "
				   "u.username = 'wissel'"),
			 1);
	/* Not one's own roles; not an unknown role. */
	post("/api/v1/users/admin/roles",
	     "{\"roles\":[\"administrator\",\"dpo\"]}", &admin, 403, &r);
	api_resp_free(&r);
	post("/api/v1/users/wissel/roles", "{\"roles\":[\"verpleger\"]}",
	     &admin, 400, &r);
	api_resp_free(&r);
	/* Enable. */
	post("/api/v1/users/prof.n/disable", NULL, &admin, 200, &r);
	api_resp_free(&r);
	api_login_refused("{\"tenant\":\"a\",\"username\":\"prof.n\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "invalid_credentials");
	post("/api/v1/users/prof.n/enable", NULL, &admin, 200, &r);
	api_resp_free(&r);
	api_login_full(env.tenant_a, "a", "prof.n", &prof_n);
	post("/api/v1/users/prof.n/enable", NULL, &admin, 409, &r);
	api_resp_free(&r);
	post("/api/v1/users/prof.n/enable", NULL, &prof_n, 403, &r);
	api_resp_free(&r);
}

/*
 * ACC-3: the operator records an approver's decision (zorgkluis user
 * approve --by): the approver's authority is checked all the same.
 */
static void
test_accounts_operator_records(void **state)
{
	struct svc_account acc;
	struct api_resp r;
	struct actor sys;
	char id[ZK_UUID_LEN], *cause = NULL;

	(void)state;
	ZK_RULE("ACC-3");
	post("/api/v1/users",
	     "{\"username\":\"via.cli\",\"roles\":[\"professional\"],"
	     "\"confidentiality\":\"profession\",\"team\":\"Noord\"}",
	     &admin, 201, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	svc_actor_system(&sys, env.tenant_a, "cli", "cli");
	assert_int_equal(
	    svc_approval_decide(env.svc, &sys, id, true, NULL, &acc, &cause),
	    ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_approval_decide(env.svc, &sys, id, true, "lead.z",
					     &acc, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(
	    svc_approval_decide(env.svc, &sys, id, true, "admin", &acc, &cause),
	    ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_approval_decide(env.svc, &sys, id, true, "lead.n",
					     &acc, &cause),
			 0);
	assert_int_equal(strlen(acc.token), 43);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'approval.approve' AND outcome = "
				   "'success' AND user_uid = 'system:cli' AND "
				   "on_behalf_of = (SELECT uid FROM staff_user "
				   "WHERE username = 'lead.n')"),
			 1);
}

/* SEC-3: administrators log in with two factors too. */
static void
test_accounts_admin_two_factor(void **state)
{
	struct api_session s;
	struct api_resp r;
	size_t i;
	json_t *role;

	(void)state;
	ZK_RULE("SEC-3");
	api_login_refused("{\"tenant\":\"a\",\"username\":\"admin\","
			  "\"password\":\"wachtwoord-123\"}",
			  401, "second_factor_required");
	api_user(env.tenant_a, "admin3", "administrator", 0);
	api_login("a", "admin3", NULL, 0, &s);
	api_req("GET", "/api/v1/users", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 403, "two_factor_required");
	api_resp_free(&r);
	api_req("GET", "/api/v1/roles", NULL, NULL, &s, 0, &r);
	assert_int_equal(r.status, 200);
	json_array_foreach(json_object_get(r.json, "roles"), i, role)
	{
		if (strcmp(json_string_value(json_object_get(role, "base")),
			   "administrator") == 0)
			assert_true(
			    json_is_true(json_object_get(role, "two_factor")));
	}
	api_resp_free(&r);
}

/*
 * ACC-3: approving the account of someone disabled meanwhile is refused,
 * and the request stays pending, not half-decided: once the account is
 * enabled again, the same request can still be approved.
 */
static void
test_accounts_approve_disabled(void **state)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], sql[200];

	(void)state;
	ZK_RULE("ACC-3");
	post("/api/v1/users",
	     "{\"username\":\"stil\",\"roles\":[\"professional\"],"
	     "\"confidentiality\":\"profession\",\"team\":\"Noord\"}",
	     &admin, 201, &r);
	approval_of(&r, id);
	api_resp_free(&r);
	post("/api/v1/users/stil/disable", NULL, &admin, 200, &r);
	api_resp_free(&r);
	decide(id, "approve", &lead_n, 409, &r);
	api_resp_free(&r);
	assert_int_equal(
	    log_count("approval.approve", "refused", "user_disabled"), 1);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM account_request WHERE uid = '%s'"
		 " AND status = 'pending' AND decided_at IS NULL",
		 id);
	assert_int_equal(api_count(sql), 1);
	post("/api/v1/users/stil/enable", NULL, &admin, 200, &r);
	api_resp_free(&r);
	decide(id, "approve", &lead_n, 200, &r);
	api_resp_free(&r);
	assert_int_equal(api_count(sql), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_accounts_takeover_refused,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_approval_permit_deny,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_accounts_requester_and_own_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(
		test_accounts_invitation_organisation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_invitation, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_roles_and_enable,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_operator_records,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_admin_two_factor,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_accounts_approve_disabled,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
