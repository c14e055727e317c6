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

int
h_users_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"username", HTTP_STRING, 1, 63},
	    {"display_name", HTTP_STRING, 0, 127},
	    {"roles", HTTP_ARRAY, 1, 0},
	    {"confidentiality", HTTP_STRING, 1, 15},
	    {"team", HTTP_STRING, 0, 95},
	    {"password", HTTP_STRING, 1, 4096},
	    {NULL, 0, 0, 0}};
	const char *roles[STORE_MAX_ROLES];
	struct svc_user_input in;
	char uid[ZK_UUID_LEN], *cause = NULL;
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
	rc = svc_user_add(rq->svc, &rq->actor, &in, uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "ACC-3" : NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
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
	out = json_pack("{s:s, s:s, s:o, s:O?, s:O?}", "profile", p->id,
			"version", version, "roles", roles, "scheme",
			json_object_get(doc, "scheme"), "break_glass",
			json_object_get(doc, "break_glass"));
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
