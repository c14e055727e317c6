/*
 * h_holds.c: legal holds (RET-3) and the end of a subject's relationship
 * (RET-2) over HTTP. Each handler checks the request's shape and passes
 * it to the one door (src/service/holds.c), which decides and logs.
 */
#include <string.h>

#include "http/http_int.h"
#include "service/holds.h"
#include "service/retention_sweep.h"

/* POST clients/{id}/holds {"reason","category"?}: sets a hold. */
int
h_holds_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"reason", HTTP_STRING, 1, SVC_HOLD_REASON_MAX},
	    {"category", HTTP_STRING_OR_NULL, 0, 16},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_hold_add(rq->svc, &rq->actor, id, http_str(rq, "category"),
			  http_str(rq, "reason"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RET-3");
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* GET clients/{id}/holds: the subject's holds, lifted ones too. */
int
h_holds_list(struct http_req *rq, struct http_resp *rs)
{
	return http_show_id(rq, rs, svc_hold_list, "RET-3");
}

/* POST holds/{id}/lift: lifts a hold (the DPO). */
int
h_holds_lift(struct http_req *rq, struct http_resp *rs)
{
	return http_act_id(rq, rs, svc_hold_lift, "RET-3", "lifted");
}

/* PUT clients/{id}/relationship-end {"relationship_ended"}: RET-2. */
int
h_relationship_end(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"relationship_ended", HTTP_STRING_OR_NULL, 1, 10},
	    {NULL, 0, 0, 0}};
	const char *id, *day;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	day = http_str(rq, "relationship_ended");
	rc = svc_retention_set_ended(rq->svc, &rq->actor, id, day, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RET-2");
	return http_ok(
	    rs, 200,
	    json_pack("{s:s, s:s?}", "id", id, "relationship_ended", day));
}

/* GET retention/due?on=YYYY-MM-DD: what a retention run would do (the
 * DPO; RET-4). Without on: today. */
int
h_retention_due(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"on", NULL};
	const char *v;
	char *cause = NULL;
	json_t *out = NULL;
	int32_t on;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0)
		return -1;
	on = svc_today(rq->svc);
	if ((v = http_query(rq, "on")) != NULL && zk_date_parse(v, &on) != 0)
		return http_error(rs, 400, "bad_parameter",
				  "on must be a date YYYY-MM-DD", NULL);
	rc = svc_retention_due(rq->svc, &rq->actor, on, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RET-4");
	return http_ok(rs, 200, out);
}
