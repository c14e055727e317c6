/*
 * h_kin.c: representation over time (REP-1 to REP-6) and next of kin's
 * requests after death (INZ-5). Each handler checks the shape of the
 * call and passes it to the one door (service/representation.h,
 * service/requests_deceased.h), which decides and logs.
 */
#include <stdio.h>
#include <string.h>

#include "http/http_int.h"
#include "service/representation.h"
#include "service/requests_deceased.h"

/* -1 when absent, else the boolean field name as 0 or 1. */
static int
h_kin_flag(struct http_req *rq, const char *name)
{
	json_t *v = json_object_get(rq->body, name);

	return v == NULL ? -1 : json_is_true(v);
}

/* PATCH representatives/{id}: changes a current representation. */
int
h_representative_change(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"kind", HTTP_STRING, 0, 31},
	    {"declines", HTTP_BOOL, 0, 0},
	    {"absent", HTTP_BOOL, 0, 0},
	    {"curator_consents", HTTP_BOOL, 0, 0},
	    {NULL, 0, 0, 0}};
	struct svc_rep_change in;
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	in.kind = http_str(rq, "kind");
	in.declines = h_kin_flag(rq, "declines");
	in.absent = h_kin_flag(rq, "absent");
	in.legal_consent = h_kin_flag(rq, "curator_consents");
	rc = svc_representative_change(rq->svc, &rq->actor, id, &in, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:s}", "id", id));
}

/* DELETE representatives/{id}: ends a representation from now. */
int
h_representative_end(struct http_req *rq, struct http_resp *rs)
{
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_representative_end(rq->svc, &rq->actor, id, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:s, s:b}", "id", id, "ended", 1));
}

/* POST capacity/{id}/lapse: the assessment lapses (on a day). */
int
h_capacity_lapse(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {{"on", HTTP_DATE, 0, 0},
						 {NULL, 0, 0, 0}};
	const char *id;
	char *cause = NULL;
	int rc;

	if (rq->body == NULL)
		rq->body = json_object();
	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_capacity_lapse(rq->svc, &rq->actor, id, http_str(rq, "on"),
				&cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:s}", "id", id));
}

/*
 * PUT clients/{id}/direct-address: REP-5's exception, with its reason;
 * DELETE lifts it.
 */
int
h_direct_address(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"reason", HTTP_STRING, 1, 2000}, {NULL, 0, 0, 0}};
	bool lift = strcmp(rq->method, "DELETE") == 0;
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, lift ? NULL : spec, &id) != 0)
		return -1;
	rc = svc_direct_address(rq->svc, &rq->actor, id,
				lift ? NULL : http_str(rq, "reason"), &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200,
		       json_pack("{s:s, s:b}", "id", id, "direct", !lift));
}

/* POST requests/next-of-kin: a relative's request about a deceased. */
int
h_kin_request_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"subject", HTTP_STRING, 1, 64},
	    {"kind", HTTP_STRING, 1, 20},
	    {"received", HTTP_DATE, 1, 0},
	    {"channel", HTTP_STRING, 0, 20},
	    {"answer_channel", HTTP_STRING, 0, 20},
	    {"name", HTTP_STRING, 1, 200},
	    {"relation", HTTP_STRING, 1, 20},
	    {NULL, 0, 0, 0}};
	struct svc_kin_request in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	in.subject = http_str(rq, "subject");
	in.kind = http_str(rq, "kind");
	in.received = http_str(rq, "received");
	in.channel = http_str(rq, "channel");
	in.answer_channel = http_str(rq, "answer_channel");
	in.name = http_str(rq, "name");
	in.relation = http_str(rq, "relation");
	if (!zk_uuid_valid(in.subject))
		return http_error(rs, 400, "bad_parameter",
				  "subject is not a client id", NULL);
	rc = svc_kin_request_add(rq->svc, &rq->actor, &in, uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "INZ-5");
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* POST requests/{id}/kin-decision: the treating professional decides. */
int
h_kin_decide(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"decision", HTTP_STRING, 1, 16},  {"ground", HTTP_STRING, 0, 32},
	    {"categories", HTTP_ARRAY, 0, 0},  {"entries", HTTP_ARRAY, 0, 0},
	    {"reasons", HTTP_STRING, 0, 4000}, {NULL, 0, 0, 0}};
	struct svc_kin_decision in;
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	in.decision = http_str(rq, "decision");
	in.ground = http_str(rq, "ground");
	in.categories = json_object_get(rq->body, "categories");
	in.entries = json_object_get(rq->body, "entries");
	in.reasons = http_str(rq, "reasons");
	rc = svc_kin_decide(rq->svc, &rq->actor, id, &in, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "INZ-5");
	return http_ok(
	    rs, 200,
	    json_pack("{s:s, s:s}", "id", id, "decision", in.decision));
}
