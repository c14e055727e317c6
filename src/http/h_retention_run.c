/*
 * h_retention_run.c: the DPO starts the retention sweep over HTTP
 * (RET-4): POST /api/v1/retention/run. The handler checks the body's
 * shape; the service decides (the DPO only, the DPO's own organisation,
 * today only, a real run confirmed), runs and logs.
 */
#include <string.h>

#include "http/http_int.h"
#include "service/retention_sweep.h"

/*
 * POST retention/run {"dry_run": bool, "confirm"?: bool, "on"?: DAY}:
 * dry_run is required so that no default destroys; on, when given, must
 * be today; a run with dry_run false needs confirm true.
 */
int
h_retention_run(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {{"dry_run", HTTP_BOOL, 1, 0},
						 {"confirm", HTTP_BOOL, 0, 0},
						 {"on", HTTP_DATE, 0, 10},
						 {NULL, 0, 0, 0}};
	static const char *const none[] = {NULL};
	const char *v;
	char *cause = NULL;
	json_t *out = NULL;
	int32_t on;
	int rc;

	if (http_check_query(rq, rs, none) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	on = svc_today(rq->svc);
	if ((v = http_str(rq, "on")) != NULL && zk_date_parse(v, &on) != 0)
		return http_error(rs, 400, "bad_parameter",
				  "on must be a date YYYY-MM-DD", "RET-4");
	rc = svc_retention_dpo_run(
	    rq->svc, &rq->actor, on,
	    json_is_true(json_object_get(rq->body, "dry_run")),
	    json_is_true(json_object_get(rq->body, "confirm")), &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RET-4");
	return http_ok(rs, 200, out);
}
