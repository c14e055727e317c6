/*
 * h_auth.c: the route table, health, login and logout, the session, and
 * two-factor enrolment (SEC-3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "http/http_int.h"

const struct http_route http_routes[] = {
    {"GET", "health", 0, h_health},
    {"POST", "login", HTTP_BODY, h_login},
    {"POST", "logout", HTTP_AUTH | HTTP_WRITE | HTTP_PWOK, h_logout},
    {"GET", "session", HTTP_AUTH | HTTP_PWOK, h_session},
    {"POST", "password", HTTP_AUTH | HTTP_CSRF | HTTP_BODY | HTTP_PWOK,
     h_password},
    {"POST", "2fa/enrol", HTTP_AUTH | HTTP_WRITE, h_totp_enrol},
    {"POST", "2fa/verify", HTTP_AUTH | HTTP_WRITE | HTTP_BODY, h_totp_verify},
    {"GET", "clients", HTTP_AUTH | HTTP_FULL, h_clients_list},
    {"POST", "clients", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_clients_create},
    {"GET", "clients/:", HTTP_AUTH | HTTP_FULL, h_clients_get},
    {"PATCH", "clients/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_clients_update},
    {"GET", "clients/:/entries", HTTP_AUTH | HTTP_FULL, h_entries_list},
    {"POST", "clients/:/entries",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_entries_create},
    {"GET", "clients/:/relations", HTTP_AUTH | HTTP_FULL, h_relations_list},
    {"POST", "clients/:/relations",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_relations_create},
    {"POST", "clients/:/break-glass",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_break_glass},
    {"GET", "clients/:/log", HTTP_AUTH | HTTP_FULL | HTTP_2FA, h_client_log},
    {"POST", "clients/:/portal-invitations",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_portal_invite},
    {"GET", "clients/:/representatives", HTTP_AUTH | HTTP_FULL,
     h_representatives_list},
    {"POST", "clients/:/representatives",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_representatives_create},
    {"GET", "clients/:/capacity", HTTP_AUTH | HTTP_FULL, h_capacity_list},
    {"POST", "clients/:/capacity",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_capacity_create},
    {"PATCH", "representatives/:",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_representative_change},
    {"DELETE", "representatives/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_representative_end},
    {"POST", "capacity/:/lapse", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_capacity_lapse},
    {"PUT", "clients/:/direct-address",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_direct_address},
    {"DELETE", "clients/:/direct-address", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_direct_address},
    {"POST", "requests/next-of-kin",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_kin_request_create},
    {"POST", "requests/:/kin-decision",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_kin_decide},
    {"GET", "clients/:/consents", HTTP_AUTH | HTTP_FULL, h_consents_list},
    {"POST", "clients/:/consents",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_consents_create},
    {"GET", "clients/:/objections", HTTP_AUTH | HTTP_FULL, h_objections_list},
    {"POST", "clients/:/objections",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_objections_create},
    {"POST", "consents/:/withdraw",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_consents_withdraw},
    {"GET", "entries/:", HTTP_AUTH | HTTP_FULL, h_entries_get},
    {"POST", "entries/:/corrections",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_entries_correct},
    {"GET", "users", HTTP_AUTH | HTTP_FULL, h_users_list},
    {"POST", "users", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_users_create},
    {"POST", "users/:/disable", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_users_disable},
    {"POST", "users/:/totp-reset", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_users_totp_reset},
    {"POST", "users/:/enable", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_users_enable},
    {"POST", "users/:/reset", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_users_reset},
    {"POST", "users/:/roles", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_users_roles},
    {"GET", "approvals", HTTP_AUTH | HTTP_FULL, h_approvals_list},
    {"POST", "approvals/:/approve", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_approvals_approve},
    {"POST", "approvals/:/reject", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_approvals_reject},
    {"POST", "invitations/accept", HTTP_BODY, h_invitation_accept},
    {"GET", "roles", HTTP_AUTH, h_roles},
    {"GET", "audit/verify", HTTP_AUTH | HTTP_FULL | HTTP_2FA, h_audit_verify},
    {"GET", "privacy-notices", HTTP_AUTH, h_notices_list},
    {"POST", "privacy-notices", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_notices_create},
    {"GET", "clients/:/information", HTTP_AUTH | HTTP_FULL, h_information_list},
    {"POST", "clients/:/information",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_information_create},
    {"POST", "clients/:/information-exemptions",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_information_exempt},
    {"GET", "reports/uninformed", HTTP_AUTH | HTTP_FULL, h_report_uninformed},
    {"GET", "breaches", HTTP_AUTH | HTTP_FULL, h_breaches_list},
    {"POST", "breaches", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_breaches_create},
    {"GET", "breaches/:", HTTP_AUTH | HTTP_FULL, h_breaches_get},
    {"PATCH", "breaches/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_breaches_update},
    {"POST", "breaches/:/assessment",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_breaches_assess},
    {"POST", "breaches/:/ap-notices",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_breaches_ap_notice},
    {"POST", "breaches/:/notified",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_breaches_notified},
    {"GET", "breaches/:/texts/:", HTTP_AUTH | HTTP_FULL, h_breaches_text},
    {"POST", "breaches/:/close", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_breaches_close},
    {"GET", "break-glass", HTTP_AUTH | HTTP_FULL | HTTP_2FA,
     h_break_glass_list},
    {"GET", "break-glass/:", HTTP_AUTH | HTTP_FULL | HTTP_2FA,
     h_break_glass_get},
    {"GET", "reports/log", HTTP_AUTH | HTTP_FULL | HTTP_2FA, h_report_log},
    {"GET", "reports/anomalies", HTTP_AUTH | HTTP_FULL | HTTP_2FA,
     h_report_anomalies},
    {"GET", "clients/:/public-figure", HTTP_AUTH | HTTP_FULL, h_public_figure},
    {"PUT", "clients/:/public-figure", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_public_figure},
    {"DELETE", "clients/:/public-figure", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_public_figure},
    {"PUT", "users/:/client", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_user_client},
    {"DELETE", "users/:/client", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_user_client},
    {"POST", "break-glass/:/review",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_break_glass_review},
    {"PATCH", "relations/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_relations_end},
    {"GET", "requests", HTTP_AUTH | HTTP_FULL, h_requests_list},
    {"POST", "requests", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_requests_create},
    {"GET", "requests/:", HTTP_AUTH | HTTP_FULL, h_requests_get},
    {"POST", "requests/:/identity-request",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/identity",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/start", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_requests_act},
    {"POST", "requests/:/assign",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/extend",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/withhold",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/explanation",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/decide",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/changes",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_change},
    {"POST", "requests/:/carry-out",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_requests_act},
    {"POST", "requests/:/close", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_requests_act},
    {"GET", "requests/:/export", HTTP_AUTH | HTTP_FULL, h_requests_export},
    {"POST", "requests/:/transfer",
     HTTP_AUTH | HTTP_FULL | HTTP_CSRF | HTTP_BODY, h_requests_transfer},
    {"GET", "requests/:/letters/acknowledgement", HTTP_AUTH | HTTP_FULL,
     h_requests_letter},
    {"GET", "requests/:/letters/identity", HTTP_AUTH | HTTP_FULL,
     h_requests_letter},
    {"GET", "requests/:/letters/extension", HTTP_AUTH | HTTP_FULL,
     h_requests_letter},
    {"GET", "requests/:/letters/decision", HTTP_AUTH | HTTP_FULL,
     h_requests_letter},
    {"GET", "requests/:/letters/lifting", HTTP_AUTH | HTTP_FULL,
     h_requests_letter},
    {"POST", "subjects/:/shields",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_shields_create},
    {"GET", "subjects/:/shields", HTTP_AUTH | HTTP_FULL, h_shields_list},
    {"DELETE", "shields/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE, h_shields_lift},
    {"POST", "subjects/:/restriction",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_restriction_create},
    {"GET", "restrictions/:", HTTP_AUTH | HTTP_FULL, h_restriction_get},
    {"POST", "restrictions/:/notice",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_restriction_notice},
    {"DELETE", "restrictions/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_restriction_lift},
    {"GET", "registers/processing", HTTP_AUTH | HTTP_FULL, h_processing_list},
    {"GET", "registers/processing.csv", HTTP_AUTH | HTTP_FULL,
     h_processing_list},
    {"GET", "registers/processing.pdf", HTTP_AUTH | HTTP_FULL,
     h_processing_list},
    {"POST", "registers/processing",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_processing_create},
    {"POST", "registers/processing/seed", HTTP_AUTH | HTTP_FULL | HTTP_WRITE,
     h_processing_seed},
    {"PATCH", "registers/processing/:",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_processing_update},
    {"GET", "processors", HTTP_AUTH | HTTP_FULL, h_processors_list},
    {"POST", "processors", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_processors_create},
    {"PATCH", "processors/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_processors_update},
    {"GET", "reports/processors-without-agreement", HTTP_AUTH | HTTP_FULL,
     h_report_processors},
    {"GET", "complaints", HTTP_AUTH | HTTP_FULL, h_complaints_list},
    {"POST", "complaints", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_complaints_create},
    {"GET", "complaints/:", HTTP_AUTH | HTTP_FULL, h_complaints_get},
    {"PATCH", "complaints/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_complaints_update},
    {"POST", "complaints/:/close",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_complaints_close},
    {"GET", "transfers", HTTP_AUTH | HTTP_FULL, h_transfers_list},
    {"POST", "transfers", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_transfers_create},
    {"POST", "clients/:/holds", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_holds_create},
    {"GET", "clients/:/holds", HTTP_AUTH | HTTP_FULL, h_holds_list},
    {"POST", "holds/:/lift", HTTP_AUTH | HTTP_FULL | HTTP_WRITE, h_holds_lift},
    {"GET", "retention/due", HTTP_AUTH | HTTP_FULL, h_retention_due},
    {"POST", "retention/run", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_retention_run},
    {"PUT", "clients/:/relationship-end",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_relationship_end},
    {"GET", "recipients", HTTP_AUTH | HTTP_FULL, h_recipients_list},
    {"POST", "recipients", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_recipients_create},
    {"GET", "subjects/:/disclosures", HTTP_AUTH | HTTP_FULL,
     h_disclosures_list},
    {"POST", "subjects/:/disclosures",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_disclosures_create},
    {"GET", "subjects/:/notices", HTTP_AUTH | HTTP_FULL, h_rnotices_list},
    {"POST", "notices/:", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_rnotices_record},
    {"GET", "studies", HTTP_AUTH | HTTP_FULL, h_studies_list},
    {"POST", "studies", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_studies_create},
    {"GET", "studies/:", HTTP_AUTH | HTTP_FULL, h_studies_get},
    {"POST", "studies/:/confirmations",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_studies_confirm},
    {"POST", "studies/:/exports",
     HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY, h_studies_export},
    {"GET", "subjects/:/study-notes", HTTP_AUTH | HTTP_FULL,
     h_study_notes_list},
    {"GET", "teams", HTTP_AUTH | HTTP_FULL, h_teams_list},
    {"POST", "teams", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_teams_create},
    {"POST", "locations", HTTP_AUTH | HTTP_FULL | HTTP_WRITE | HTTP_BODY,
     h_locations_create},
};
const size_t http_nroutes = sizeof http_routes / sizeof http_routes[0];

int
h_health(struct http_req *rq, struct http_resp *rs)
{
	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	return http_ok(
	    rs, 200,
	    json_pack("{s:s, s:s}", "status", "ok", "version", "0.1.0"));
}

/* The role ids of an actor, as a JSON array. */
static json_t *
h_roles_of(struct http_req *rq)
{
	const struct profile *p;
	json_t *arr = json_array();
	char *cause = NULL;

	if (arr == NULL ||
	    svc_profile(rq->svc, rq->actor.tenant, &p, &cause) != 0) {
		free(cause);
		return arr;
	}
	for (int r = 0; r < p->nroles; r++)
		if (rq->actor.roles & (1u << r))
			json_array_append_new(arr, json_string(p->roles[r].id));
	return arr;
}

static json_t *
h_session_json(struct http_req *rq, const struct http_session *s,
	       bool with_secret)
{
	struct store_tenant t;
	char expires[ZK_TIME_LEN], name[128];
	const char *tf = !s->two_factor_required ? "not_required"
			 : s->two_factor_ok	 ? "ok"
						 : "enrolment_required";
	json_t *o;

	memset(&t, 0, sizeof t);
	svc_tenant_name(rq->svc, s->tenant, &t);
	zk_time_fmt(s->expires, expires);
	o = json_pack("{s:{s:s, s:s, s:o}, s:s, s:s, s:b, s:s, s:i}", "user",
		      "id", rq->actor.user_uid, "username", s->username,
		      "roles", h_roles_of(rq), "tenant", t.slug, "two_factor",
		      tf, "password_change_required", rq->actor.password_change,
		      "expires_at", expires, "idle_timeout", (int)s->idle);
	/* INZ-6: the front end shows a portal account the portal. */
	if (o != NULL)
		json_object_set_new(o, "portal",
				    json_boolean(rq->actor.portal != 0));
	/* The person and the organisation by name, for the page's header. */
	if (o != NULL &&
	    svc_own_name(rq->svc, &rq->actor, name, sizeof name) == 0 &&
	    name[0] != '\0')
		json_object_set_new(json_object_get(o, "user"), "display_name",
				    json_string(name));
	if (o != NULL && t.name[0] != '\0')
		json_object_set_new(o, "tenant_name", json_string(t.name));
	if (o != NULL && !s->bearer)
		json_object_set_new(o, "csrf_token", json_string(s->csrf));
	if (o != NULL && s->bearer && with_secret)
		json_object_set_new(o, "token", json_string(s->token));
	return o;
}

/* A login attempt to count before it is checked (SEC-3). */
struct h_attempt {
	const char *keys[2];
	int64_t now;
	int wait;
};

static int
h_attempt_fn(struct service *writer, void *arg)
{
	struct h_attempt *x = arg;

	return svc_throttle_attempt(writer, x->keys, 2, x->now, &x->wait);
}

/*
 * SEC-3: counts an attempt for the user name key ukey and the address of
 * rq before it is checked, so that attempts at the same time all count.
 * -1, answered 429 (or the store's error), when one must still wait.
 */
static int
h_count_attempt(struct http_req *rq, struct http_resp *rs, const char *ukey,
		int64_t now, const char *what)
{
	struct h_attempt attempt;
	char ikey[96], msg[96];
	int rc;

	snprintf(ikey, sizeof ikey, "ip:%s", rq->ip);
	attempt.keys[0] = ukey;
	attempt.keys[1] = ikey;
	attempt.now = now;
	attempt.wait = 0;
	if ((rc = http_write(rq->srv, h_attempt_fn, &attempt)) != 0)
		return http_fail(rs, rc, NULL, "SEC-3");
	if (attempt.wait > 0) {
		rs->retry_after = attempt.wait;
		snprintf(msg, sizeof msg, "too many failed %s; try again later",
			 what);
		return http_error(rs, 429, "too_many_attempts", msg, "SEC-3");
	}
	return 0;
}

/* The throttle key of a user name in organisation tenant. */
static void
h_user_key_of(int64_t tenant, const char *username, char *out, size_t n)
{
	snprintf(out, n, "u:%lld|%s", (long long)tenant, username);
}

/*
 * The throttle key of a user name: by the organisation it resolves to, so
 * that leaving the organisation out counts the same as naming it. An
 * organisation that does not exist, or a name several organisations have
 * (SCOPE-3), is counted by the names given.
 */
static int
h_user_key(struct http_req *rq, const char *tenant, const char *username,
	   char *out, size_t n)
{
	char *cause = NULL;
	int64_t id = 0;
	int rc = svc_login_tenant(rq->svc, tenant, username, &id, &cause);

	free(cause);
	if (rc == 0)
		h_user_key_of(id, username, out, n);
	else if (rc == ZK_ENOTFOUND || rc == ZK_ECONFLICT)
		snprintf(out, n, "u:?%s|%s", tenant ? tenant : "", username);
	else
		return rc;
	return 0;
}

int
h_login(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"username", HTTP_STRING, 1, 64},
	    {"password", HTTP_STRING, 1, 4096},
	    {"tenant", HTTP_STRING, 0, 63},
	    {"totp", HTTP_STRING, 0, 16},
	    {"token", HTTP_BOOL, 0, 0},
	    {NULL, 0, 0, 0}};
	const char *username, *tenant;
	struct http_session s;
	struct svc_login login;
	char ukey[160], ikey[96], *cause = NULL;
	int64_t now = zk_now();
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	username = http_str(rq, "username");
	tenant = http_str(rq, "tenant");
	if ((rc = h_user_key(rq, tenant, username, ukey, sizeof ukey)) != 0)
		return http_fail(rs, rc, NULL, "SEC-3");
	if (h_count_attempt(rq, rs, ukey, now, "logins") != 0)
		return -1;
	snprintf(ikey, sizeof ikey, "ip:%s", rq->ip);
	rc = svc_login(rq->svc, tenant, username, http_str(rq, "password"),
		       http_str(rq, "totp"), rq->ip, &login, &cause);
	if (rc == ZK_EAUTH) {
		int second = cause != NULL && strstr(cause, "second") != NULL;

		http_error(rs, 401,
			   !second ? "invalid_credentials"
			   : http_str(rq, "totp") == NULL
			       ? "second_factor_required"
			       : "second_factor_invalid",
			   cause ? cause : "login failed", "SEC-3");
		free(cause);
		return -1;
	}
	if (rc == ZK_ECONFLICT) {
		/* SCOPE-3: which organisations have the name is not said. */
		http_error(rs, 409, "organisation_required",
			   cause ? cause : SVC_NAME_THE_ORGANISATION,
			   "SCOPE-3");
		free(cause);
		return -1;
	}
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	memset(&s, 0, sizeof s);
	s.tenant = login.actor.tenant;
	zk_strlcpy(s.username, login.actor.username, sizeof s.username);
	s.created = s.last_seen = now;
	s.bearer = json_is_true(json_object_get(rq->body, "token"));
	s.two_factor_required = login.two_factor_required;
	s.two_factor_ok = login.two_factor_ok;
	/* The user was just loaded: the first request need not again. */
	s.actor = login.actor;
	s.actor_at = now;
	s.user_key = ukey;
	s.addr_key = ikey;
	if ((rc = http_session_create(rq->srv, &s)) != 0)
		return http_fail(rs, rc, NULL, "SEC-3");
	rq->actor = login.actor;
	if (!s.bearer)
		snprintf(rs->cookie, sizeof rs->cookie,
			 "zk_session=%s; Path=/; HttpOnly; SameSite=Strict; "
			 "Max-Age=%lld%s",
			 s.token, (long long)(s.expires - s.created),
			 http_server_tls(rq->srv) ? "; Secure" : "");
	return http_ok(rs, 200, h_session_json(rq, &s, true));
}

int
h_logout(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	/* In the writer's batch: the session ends with the logout logged. */
	if ((rc = svc_session_end(rq->svc, rq->session.token)) != 0)
		return http_fail(rs, rc, NULL, "SEC-3");
	rq->forget = true;
	if (svc_logout(rq->svc, &rq->actor, &cause) != 0)
		free(cause); /* the session is gone either way */
	if (!rq->session.bearer)
		snprintf(rs->cookie, sizeof rs->cookie,
			 "zk_session=; Path=/; HttpOnly; SameSite=Strict; "
			 "Max-Age=0%s",
			 http_server_tls(rq->srv) ? "; Secure" : "");
	return http_ok(rs, 200, json_pack("{s:s}", "status", "logged_out"));
}

/*
 * SEC-3, ACC-3: the user replaces their own password. Counted like a
 * login (a stolen session does not guess the password freely); every
 * session of the user ends, this one too.
 */
int
h_password(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"current", HTTP_STRING, 1, 4096},
	    {"new", HTTP_STRING, 1, 4096},
	    {NULL, 0, 0, 0}};
	char ukey[160], ikey[96], *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	/* A new password that could never do is not an attempt. */
	if (svc_password_valid(http_str(rq, "new"), &cause) != 0)
		return http_fail(rs, ZK_EINVAL, cause, "SEC-3");
	if (strcmp(http_str(rq, "current"), http_str(rq, "new")) == 0)
		return http_error(rs, 400, "invalid",
				  "the new password must differ from the "
				  "current one",
				  "SEC-3");
	h_user_key_of(rq->actor.tenant, rq->actor.username, ukey, sizeof ukey);
	if (h_count_attempt(rq, rs, ukey, zk_now(), "attempts") != 0)
		return -1;
	snprintf(ikey, sizeof ikey, "ip:%s", rq->ip);
	rc = svc_password_change(rq->svc, &rq->actor, http_str(rq, "current"),
				 http_str(rq, "new"), &cause);
	if (rc == ZK_EAUTH) {
		http_error(rs, 403, "wrong_password",
			   cause ? cause : "the current password is wrong",
			   "SEC-3");
		free(cause);
		return -1;
	}
	if (rc != 0)
		return http_fail(rs, rc, cause, "SEC-3");
	svc_throttle_success(rq->svc, ukey, ikey);
	rq->forget_user = rq->actor.username;
	if (!rq->session.bearer)
		snprintf(rs->cookie, sizeof rs->cookie,
			 "zk_session=; Path=/; HttpOnly; SameSite=Strict; "
			 "Max-Age=0%s",
			 http_server_tls(rq->srv) ? "; Secure" : "");
	return http_ok(rs, 200,
		       json_pack("{s:s}", "status", "password_changed"));
}

/*
 * SEC-3: the owner of an account sets their password from a one-time
 * invitation; no session is needed. Counted like a login, by address.
 * A second factor, where the roles need one, is enrolled at the first
 * login, before anything else.
 */
int
h_invitation_accept(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"token", HTTP_STRING, 1, 64},
	    {"password", HTTP_STRING, 1, 4096},
	    {"tenant", HTTP_STRING, 0, 63},
	    {NULL, 0, 0, 0}};
	char ukey[96], ikey[96], username[64], *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	/* A password that could never do is not an attempt. */
	if (svc_password_valid(http_str(rq, "password"), &cause) != 0)
		return http_fail(rs, ZK_EINVAL, cause, "SEC-3");
	snprintf(ukey, sizeof ukey, "inv:%s", rq->ip);
	snprintf(ikey, sizeof ikey, "ip:%s", rq->ip);
	if (h_count_attempt(rq, rs, ukey, zk_now(), "invitations") != 0)
		return -1;
	rc = svc_invitation_accept(
	    rq->svc, http_str(rq, "tenant"), http_str(rq, "token"),
	    http_str(rq, "password"), rq->ip, username, &cause);
	if (rc == ZK_EAUTH) {
		http_error(rs, 401, "invitation_invalid",
			   cause ? cause : "invitation refused", "SEC-3");
		free(cause);
		return -1;
	}
	if (rc != 0)
		return http_fail(rs, rc, cause, "SEC-3");
	svc_throttle_success(rq->svc, ukey, ikey);
	return http_ok(rs, 200,
		       json_pack("{s:s, s:s}", "username", username, "status",
				 "password_set"));
}

int
h_session(struct http_req *rq, struct http_resp *rs)
{
	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	return http_ok(rs, 200, h_session_json(rq, &rq->session, false));
}

static const char h_qr_head[] = "<rect x=\"-4\" y=\"-4\" width=\"100%\" "
				"height=\"100%\" fill=\"#fff\"/><path d=\"";

/* The enrolment URI as an SVG QR code (libqrencode makes the matrix). */
static char *
h_qr_svg(const char *uri)
{
	QRcode *qr = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	struct zk_buf b;
	char cell[160];
	int w, rc;

	if (qr == NULL)
		return NULL;
	w = qr->width;
	zk_buf_init(&b, 0);
	snprintf(cell, sizeof cell,
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-4 -4 "
		 "%d %d\" shape-rendering=\"crispEdges\">",
		 w + 8, w + 8);
	rc = zk_buf_append(&b, cell, strlen(cell));
	rc = rc ? rc : zk_buf_append(&b, h_qr_head, sizeof h_qr_head - 1);
	for (int y = 0; rc == 0 && y < w; y++) {
		for (int x = 0; rc == 0 && x < w; x++) {
			if (!(qr->data[y * w + x] & 1))
				continue;
			snprintf(cell, sizeof cell, "M%d %dh1v1h-1z", x, y);
			rc = zk_buf_append(&b, cell, strlen(cell));
		}
	}
	if (rc == 0)
		rc = zk_buf_append(&b, "\"/></svg>", strlen("\"/></svg>"));
	QRcode_free(qr);
	if (rc != 0) {
		zk_buf_release(&b);
		return NULL;
	}
	return (char *)b.data;
}

int
h_totp_enrol(struct http_req *rq, struct http_resp *rs)
{
	char secret[64], uri[320], *cause = NULL, *svg;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	rc = svc_totp_enrol(rq->svc, &rq->actor, secret, uri, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "SEC-3");
	svg = h_qr_svg(uri);
	rc = http_ok(rs, 200,
		     json_pack("{s:s, s:s, s:s?}", "secret", secret,
			       "otpauth_uri", uri, "qr_svg", svg));
	free(svg);
	return rc;
}

int
h_totp_verify(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {{"code", HTTP_STRING, 1, 16},
						 {NULL, 0, 0, 0}};
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	rc =
	    svc_totp_confirm(rq->svc, &rq->actor, http_str(rq, "code"), &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "SEC-3");
	/* In the writer's batch: the session counts both factors from the
	 * moment the confirmation is committed, at every server. */
	rc = svc_session_upgrade(rq->svc, rq->session.token);
	if (rc == ZK_ENOTFOUND)
		return http_error(rs, 401, "unauthenticated",
				  "the session has ended; log in again",
				  "SEC-3");
	if (rc != 0)
		return http_fail(rs, rc, NULL, "SEC-3");
	rq->upgrade = true;
	return http_ok(rs, 200, json_pack("{s:s}", "two_factor", "ok"));
}
