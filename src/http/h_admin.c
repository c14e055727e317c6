/*
 * h_admin.c: users and roles for administrators (ACC-3), the
 * authorisation scheme for anyone logged in (ACC-1, LOG-2), and the state
 * of the log for the DPO and administrators (LOG-3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "http/http_int.h"

int
h_users_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *users = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	rc = svc_user_list(rq->svc, &rq->actor, &users, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "ACC-3" : NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "users", users));
}

/*
 * What an act on an account led to: {"id", "status", "approval"?,
 * "invitation"?: {"token", "expires_at"}}, with "username" when given.
 */
static json_t *
h_account_json(const struct svc_account *acc, const char *username)
{
	json_t *o =
	    json_pack("{s:s, s:s}", "id", acc->uid, "status", acc->status);

	if (o == NULL)
		return NULL;
	if (username != NULL)
		json_object_set_new(o, "username", json_string(username));
	if (acc->approval[0] != '\0')
		json_object_set_new(o, "approval", json_string(acc->approval));
	if (acc->token[0] != '\0')
		json_object_set_new(o, "invitation",
				    json_pack("{s:s, s:s}", "token", acc->token,
					      "expires_at", acc->expires_at));
	return o;
}

/* The roles of a request body (1 to 8 strings) into roles; -1 answered. */
static int
h_roles_body(struct http_req *rq, struct http_resp *rs,
	     const char *roles[STORE_MAX_ROLES], int *n)
{
	json_t *arr = json_object_get(rq->body, "roles"), *r;
	size_t i;

	if (json_array_size(arr) < 1 || json_array_size(arr) > STORE_MAX_ROLES)
		return http_error(rs, 400, "invalid",
				  "roles must hold 1 to 8 role ids", NULL);
	json_array_foreach(arr, i, r)
	{
		if (!json_is_string(r))
			return http_error(rs, 400, "invalid_type",
					  "roles must be strings", NULL);
		roles[i] = json_string_value(r);
	}
	*n = (int)json_array_size(arr);
	return 0;
}

int
h_users_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"username", HTTP_STRING, 1, 63},
	    {"display_name", HTTP_STRING, 0, 127},
	    {"roles", HTTP_ARRAY, 1, 0},
	    {"confidentiality", HTTP_STRING, 1, 15},
	    {"team", HTTP_STRING, 0, 95},
	    /* Refused with a reason (ACC-3): owners set their own. */
	    {"password", HTTP_STRING, 0, 4096},
	    {NULL, 0, 0, 0}};
	const char *roles[STORE_MAX_ROLES];
	struct svc_user_input in;
	struct svc_account acc;
	char *cause = NULL;
	json_t *arr, *r;
	size_t i;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	arr = json_object_get(rq->body, "roles");
	if (json_array_size(arr) < 1 || json_array_size(arr) > STORE_MAX_ROLES)
		return http_error(rs, 400, "invalid",
				  "roles must hold 1 to 8 role ids", NULL);
	json_array_foreach(arr, i, r)
	{
		if (!json_is_string(r))
			return http_error(rs, 400, "invalid_type",
					  "roles must be strings", NULL);
		roles[i] = json_string_value(r);
	}
	memset(&in, 0, sizeof in);
	in.username = http_str(rq, "username");
	in.display_name = http_str(rq, "display_name");
	in.password = http_str(rq, "password");
	in.roles = roles;
	in.nroles = (int)json_array_size(arr);
	in.confidentiality = http_str(rq, "confidentiality");
	in.team = http_str(rq, "team");
	rc = svc_user_create(rq->svc, &rq->actor, &in, &acc, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED || rc == ZK_EINVAL ? "ACC-3"
								     : NULL);
	return http_ok(rs, 201, h_account_json(&acc, NULL));
}

/*
 * Runs act, an administrator's act on the user named in the path, which
 * ends the user's sessions; answers {"username", "status": status}.
 */
static int
h_users_act(struct http_req *rq, struct http_resp *rs,
	    int (*act)(struct service *, const struct actor *, const char *,
		       char **),
	    const char *status)
{
	const char *name = rq->seg[1];
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	if (strlen(name) > 63 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
		strlen(name))
		return http_error(rs, 400, "bad_id", "not a user name", NULL);
	rc = act(rq->svc, &rq->actor, name, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "ACC-3" : NULL);
	/* Its sessions ended in the store; here they go once that is
	 * committed (http_dispatch). */
	rq->forget_user = name;
	return http_ok(
	    rs, 200,
	    json_pack("{s:s, s:s}", "username", name, "status", status));
}

int
h_users_disable(struct http_req *rq, struct http_resp *rs)
{
	return h_users_act(rq, rs, svc_user_disable, "disabled");
}

int
h_users_totp_reset(struct http_req *rq, struct http_resp *rs)
{
	return h_users_act(rq, rs, svc_totp_reset, "second_factor_reset");
}

int
h_users_enable(struct http_req *rq, struct http_resp *rs)
{
	return h_users_act(rq, rs, svc_user_enable, "enabled");
}

/* Checks the user name in the path; a 400 otherwise. */
static int
h_user_name(struct http_req *rq, struct http_resp *rs, const char **name)
{
	*name = rq->seg[1];
	if (strlen(*name) > 63 ||
	    strspn(*name, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
		strlen(*name))
		return http_error(rs, 400, "bad_id", "not a user name", NULL);
	return 0;
}

/* ACC-3: new roles; those that see health data wait for approval. */
int
h_users_roles(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {{"roles", HTTP_ARRAY, 1, 0},
						 {NULL, 0, 0, 0}};
	const char *roles[STORE_MAX_ROLES], *name;
	struct svc_account acc;
	char *cause = NULL;
	int n = 0, rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0 ||
	    h_user_name(rq, rs, &name) != 0 ||
	    h_roles_body(rq, rs, roles, &n) != 0)
		return -1;
	rc = svc_user_set_roles(rq->svc, &rq->actor, name, roles, n, &acc,
				&cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "ACC-3" : NULL);
	rq->forget_user = name;
	return http_ok(rs, 200, h_account_json(&acc, name));
}

/* SEC-3: a password reset is a new invitation. */
int
h_users_reset(struct http_req *rq, struct http_resp *rs)
{
	struct svc_account acc;
	const char *name;
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    h_user_name(rq, rs, &name) != 0)
		return -1;
	rc = svc_user_reset(rq->svc, &rq->actor, name, &acc, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "ACC-3" : "SEC-3");
	rq->forget_user = name;
	return http_ok(rs, 200, h_account_json(&acc, name));
}

int
h_approvals_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *list = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	rc = svc_approval_list(rq->svc, &rq->actor, &list, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "ACC-3" : NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "approvals", list));
}

static int
h_approvals_decide(struct http_req *rq, struct http_resp *rs, bool approve)
{
	struct svc_account acc;
	char *cause = NULL;
	const char *id;
	json_t *o;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_approval_decide(rq->svc, &rq->actor, id, approve, NULL, &acc,
				 &cause);
	if (rc != 0)
		return http_fail(
		    rs, rc, cause,
		    rc == ZK_EDENIED || rc == ZK_ECONFLICT ? "ACC-3" : NULL);
	o = h_account_json(&acc, NULL);
	json_object_set_new(o, "approval", json_string(id));
	json_object_set_new(o, "decision",
			    json_string(approve ? "approved" : "rejected"));
	return http_ok(rs, 200, o);
}

int
h_approvals_approve(struct http_req *rq, struct http_resp *rs)
{
	return h_approvals_decide(rq, rs, true);
}

int
h_approvals_reject(struct http_req *rq, struct http_resp *rs)
{
	return h_approvals_decide(rq, rs, false);
}

/* ACC-1, M§9.4: the roles and the authorisation scheme, as data. */
int
h_roles(struct http_req *rq, struct http_resp *rs)
{
	const struct profile *p;
	char *cause = NULL, version[64];
	json_t *roles, *doc, *out;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	if ((rc = svc_profile(rq->svc, rq->actor.tenant, &p, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	if ((roles = json_array()) == NULL)
		return http_error(rs, 503, "no_memory", "out of memory", NULL);
	for (int r = 0; r < p->nroles; r++)
		json_array_append_new(
		    roles, json_pack("{s:s, s:s, s:{s:s, s:s}, s:b}", "id",
				     p->roles[r].id, "base",
				     vocab_base_role_name(p->roles[r].base),
				     "name", "nl", p->roles[r].name_nl, "en",
				     p->roles[r].name_en, "two_factor",
				     profile_role_needs_two_factor(p, r)));
	doc = json_loadb(p->text, p->text_len, 0, NULL);
	snprintf(version, sizeof version, "%s", p->version);
	/* The categories' fields and the purposes are what a form for a
	 * new entry needs (PUR-1, PUR-4); the profile holds no personal
	 * data, so anyone logged in may read them. */
	/* The representation order, who gives care relations and the kinds
	 * of recipient are what the client's tabs list and offer (REP-1,
	 * REP-2, ACC-5, DIS-2); the server decides again on each act. */
	out =
	    json_pack("{s:s, s:s, s:o, s:O?, s:O?, s:O?, s:O?, s:O?, s:O?, "
		      "s:O?}",
		      "profile", p->id, "version", version, "roles", roles,
		      "scheme", json_object_get(doc, "scheme"), "break_glass",
		      json_object_get(doc, "break_glass"), "categories",
		      json_object_get(doc, "categories"), "purposes",
		      json_object_get(doc, "purposes"), "representation",
		      json_object_get(doc, "representation"), "care_relations",
		      json_object_get(doc, "care_relations"), "recipients",
		      json_object_get(doc, "recipients"));
	json_decref(doc);
	return http_ok(rs, 200, out);
}

int
h_audit_verify(struct http_req *rq, struct http_resp *rs)
{
	struct audit_verify_result res;
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	rc = svc_audit_status(rq->svc, &rq->actor, &res, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200,
		       json_pack("{s:b, s:I, s:I, s:s?, s:I}", "intact",
				 res.intact, "entries", (json_int_t)res.entries,
				 "checkpoints", (json_int_t)res.checkpoints,
				 "problem", res.intact ? NULL : res.problem,
				 "first_bad_entry",
				 (json_int_t)(res.intact ? 0 : res.seq)));
}

/* --- the information duty (INF) ------------------------------------------- */

int
h_notices_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *list = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	if ((rc = svc_notice_list(rq->svc, &rq->actor, &list, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "notices", list));
}

int
h_notices_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"version", HTTP_STRING, 1, 31},
	    {"published_on", HTTP_DATE, 1, 0},
	    {"summary", HTTP_STRING, 1, 399},
	    {NULL, 0, 0, 0}};
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	rc = svc_notice_add(rq->svc, &rq->actor, http_str(rq, "version"),
			    http_str(rq, "published_on"),
			    http_str(rq, "summary"), &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201,
		       json_pack("{s:s}", "version", http_str(rq, "version")));
}

int
h_information_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"version", HTTP_STRING, 1, 31},
	    {"informed_on", HTTP_DATE, 1, 0},
	    {"how", HTTP_STRING, 1, 15},
	    {"source", HTTP_STRING, 0, 15},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_information_record(
	    rq->svc, &rq->actor, id, http_str(rq, "version"),
	    http_str(rq, "informed_on"), http_str(rq, "how"),
	    http_str(rq, "source"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

int
h_information_exempt(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"ground", HTTP_STRING, 1, 23},
	    {"reason", HTTP_STRING, 1, 399},
	    {"source", HTTP_STRING, 0, 15},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_information_exempt_from(
	    rq->svc, &rq->actor, id, http_str(rq, "ground"),
	    http_str(rq, "reason"), http_str(rq, "source"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s}", "id", uid, "rule", "INF-2"));
}

int
h_report_uninformed(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *list = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	rc = svc_information_missing(rq->svc, &rq->actor, &list, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "subjects", list));
}
