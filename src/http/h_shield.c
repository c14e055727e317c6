/*
 * h_shield.c: shielding (SHD-1) and restriction (RST-1) over HTTP. Each
 * handler checks the request's shape and passes it to the one door
 * (src/service/shield.c), which decides and logs.
 */
#include <string.h>

#include "http/http_int.h"

/* POST subjects/{id}/shields: shields an entry or a category. */
int
h_shields_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"entry", HTTP_STRING, 0, 64},
	    {"category", HTTP_STRING, 0, 16},
	    {"request", HTTP_STRING, 0, 64},
	    {NULL, 0, 0, 0}};
	struct svc_shield_input in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.subject_uid = id;
	in.entry_uid = http_str(rq, "entry");
	in.category = http_str(rq, "category");
	in.request_uid = http_str(rq, "request");
	rc = svc_shield_add(rq->svc, &rq->actor, &in, uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "SHD-1");
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* GET subjects/{id}/shields: the subject's shields, lifted ones too. */
int
h_shields_list(struct http_req *rq, struct http_resp *rs)
{
	return http_show_id(rq, rs, svc_shield_list, "SHD-1");
}

/* DELETE shields/{id}: lifts a shield (the responsible professional). */
int
h_shields_lift(struct http_req *rq, struct http_resp *rs)
{
	return http_act_id(rq, rs, svc_shield_lift, "SHD-1", "lifted");
}

/* POST subjects/{id}/restriction: restricts the subject's processing. */
int
h_restriction_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"ground", HTTP_STRING, 1, 24},
	    {"request", HTTP_STRING, 0, 64},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc =
	    svc_restriction_add(rq->svc, &rq->actor, id, http_str(rq, "ground"),
				http_str(rq, "request"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RST-1");
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* GET restrictions/{id}. */
int
h_restriction_get(struct http_req *rq, struct http_resp *rs)
{
	return http_show_id(rq, rs, svc_restriction_get, "RST-1");
}

/* POST restrictions/{id}/notice: the subject was told (art. 18(3)). */
int
h_restriction_notice(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"channel", HTTP_STRING, 1, 16}, {NULL, 0, 0, 0}};
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_restriction_notice(rq->svc, &rq->actor, id,
				    http_str(rq, "channel"), &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RST-1");
	return http_ok(rs, 200, json_pack("{s:s, s:b}", "id", id, "told", 1));
}

/* DELETE restrictions/{id}: lifts it, once the subject was told. */
int
h_restriction_lift(struct http_req *rq, struct http_resp *rs)
{
	return http_act_id(rq, rs, svc_restriction_lift, "RST-1", "lifted");
}
