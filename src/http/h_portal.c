/*
 * h_portal.c: the client portal's own endpoints over HTTP (INZ-6,
 * REP-6): staff invite a client or a representative, and a portal
 * account lists its clients and makes requests. Everything else a portal
 * account does goes through the staff endpoints and the same door
 * (src/service/portal.c says what the door knows of such an account).
 */
#include <string.h>

#include "http/http_int.h"

/* POST clients/{id}/portal-invitations: invites to the portal. */
int
h_portal_invite(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"username", HTTP_STRING, 1, 63},
	    {"for", HTTP_STRING, 1, 20},
	    {"representative", HTTP_STRING, 0, 64},
	    {NULL, 0, 0, 0}};
	struct svc_portal_invite in;
	struct svc_portal_invited out;
	char *cause = NULL;
	const char *id;
	json_t *o;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.client = id;
	in.username = http_str(rq, "username");
	in.as = http_str(rq, "for");
	in.representative = http_str(rq, "representative");
	rc = svc_portal_invite(rq->svc, &rq->actor, &in, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "INZ-6");
	if (out.linked)
		return http_ok(rs, 200,
			       json_pack("{s:s, s:s, s:b}", "id", out.uid,
					 "username", out.username, "linked",
					 1));
	o = json_pack("{s:s, s:s, s:b, s:{s:s, s:s}}", "id", out.uid,
		      "username", out.username, "linked", 0, "invitation",
		      "token", out.token, "expires_at", out.expires_at);
	memset(out.token, 0, sizeof out.token);
	return http_ok(rs, 201, o);
}

/* GET clients for a portal account: the clients it acts for today. */
int
h_portal_clients(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"q", "limit", "after", NULL};
	char *cause = NULL;
	json_t *list = NULL;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0)
		return -1;
	rc = svc_portal_clients(rq->svc, &rq->actor, &list, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "INZ-6");
	return http_ok(rs, 200,
		       json_pack("{s:o, s:n}", "clients", list, "next"));
}

/* POST requests for a portal account: received today, in the portal. */
int
h_portal_request(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"subject", HTTP_STRING, 1, 64},
	    {"kind", HTTP_STRING, 1, 20},
	    {"details", HTTP_STRING, 0, 4000},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	if (!zk_uuid_valid(http_str(rq, "subject")))
		return http_error(rs, 400, "bad_parameter",
				  "subject is not a client id", NULL);
	rc = svc_portal_request_add(
	    rq->svc, &rq->actor, http_str(rq, "subject"), http_str(rq, "kind"),
	    http_str(rq, "details"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "INZ-6" : NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}
