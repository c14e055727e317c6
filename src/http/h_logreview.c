/*
 * h_logreview.c: the DPO's review of the log (LOG-6, LOG-7, FG-2): the
 * reports over a period, the anomalies per day for the dashboard's chart,
 * and the two marks the reports need (a staff account that is a client,
 * a client who is a public figure). Each handler checks the request's
 * shape and passes it to the one door (service/logreview.h), which
 * decides and logs. The routes that read the log carry HTTP_2FA: a
 * session without its second factor is refused whatever its roles.
 */
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"
#include "service/logreview.h"

/* Query parameter name as a whole number lo..hi into *out (absent: 0). */
static int
h_lr_int(struct http_req *rq, struct http_resp *rs, const char *name, int lo,
	 int hi, int *out)
{
	const char *v = http_query(rq, name);
	char *end = NULL, msg[96];
	long n;

	if (v == NULL)
		return 0;
	n = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' ||
	    strspn(v, "0123456789") != strlen(v) || n < lo || n > hi) {
		snprintf(msg, sizeof msg, "%s must be a whole number %d to %d",
			 name, lo, hi);
		return http_error(rs, 400, "bad_parameter", msg, NULL);
	}
	*out = (int)n;
	return 0;
}

/* Query parameter name as a date into *out (absent: 0). */
static int
h_lr_date(struct http_req *rq, struct http_resp *rs, const char *name,
	  int32_t *out)
{
	const char *v = http_query(rq, name);
	char msg[96];

	if (v == NULL)
		return 0;
	if (zk_date_parse(v, out) != 0) {
		snprintf(msg, sizeof msg, "%s must be a date YYYY-MM-DD", name);
		return http_error(rs, 400, "bad_parameter", msg, NULL);
	}
	return 0;
}

/* GET reports/log?kind=&from=&to=&threshold=&window=&night_from=&night_to= */
int
h_report_log(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {
	    "kind",   "from",	    "to",	"threshold",
	    "window", "night_from", "night_to", NULL};
	struct svc_lr_query q = {NULL, 0, 0, 0, 0, -1, -1};
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0 ||
	    h_lr_date(rq, rs, "from", &q.from) != 0 ||
	    h_lr_date(rq, rs, "to", &q.to) != 0 ||
	    h_lr_int(rq, rs, "threshold", 1, 10000, &q.threshold) != 0 ||
	    h_lr_int(rq, rs, "window", 1, 1440, &q.window) != 0)
		return -1;
	if (http_query(rq, "night_from") != NULL &&
	    h_lr_int(rq, rs, "night_from", 0, 23, &q.night_from) != 0)
		return -1;
	if (http_query(rq, "night_to") != NULL &&
	    h_lr_int(rq, rs, "night_to", 0, 23, &q.night_to) != 0)
		return -1;
	if ((q.kind = http_query(rq, "kind")) == NULL)
		return http_error(rs, 400, "bad_parameter", "kind is required",
				  NULL);
	rc = svc_log_report(rq->svc, &rq->actor, &q, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "LOG-6" : NULL);
	return http_ok(rs, 200, out);
}

/* GET reports/anomalies?days=30: counts per day per kind. */
int
h_report_anomalies(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"days", NULL};
	char *cause = NULL;
	json_t *out = NULL;
	int days = 0, rc;

	if (http_check_query(rq, rs, allowed) != 0 ||
	    h_lr_int(rq, rs, "days", 1, 366, &days) != 0)
		return -1;
	rc = svc_log_anomalies(rq->svc, &rq->actor, days, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "LOG-6" : NULL);
	return http_ok(rs, 200, out);
}

/* PUT clients/{id}/public-figure flags the client; DELETE clears it; GET
 * tells whether it is flagged. */
int
h_public_figure(struct http_req *rq, struct http_resp *rs)
{
	bool clear = strcmp(rq->method, "DELETE") == 0, on;
	struct svc_lr_account who;
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	if (strcmp(rq->method, "GET") == 0) {
		rc = svc_public_figure_get(rq->svc, &rq->actor, id, &on, &who,
					   &cause);
		if (rc != 0)
			return http_fail(rs, rc, cause,
					 rc == ZK_EDENIED ? "FG-2" : NULL);
		return http_ok(
		    rs, 200,
		    json_pack("{s:s, s:b, s:o, s:s}", "id", id, "public_figure",
			      on, "colleague",
			      who.username[0]
				  ? json_pack("{s:s, s:s}", "username",
					      who.username, "display_name",
					      who.display_name)
				  : json_null(),
			      "rule", "FG-2"));
	}
	rc = svc_public_figure_set(rq->svc, &rq->actor, id, !clear, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "FG-2" : NULL);
	return http_ok(rs, 200,
		       json_pack("{s:s, s:b, s:s}", "id", id, "public_figure",
				 !clear, "rule", "FG-2"));
}

/*
 * PUT users/{name}/client {"client"}: the account is a client too (a
 * colleague); DELETE removes the link.
 */
int
h_user_client(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {{"client", HTTP_STRING, 1, 64},
						 {NULL, 0, 0, 0}};
	bool clear = strcmp(rq->method, "DELETE") == 0;
	const char *name = rq->seg[1];
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    (!clear && http_check_body(rq, rs, spec) != 0))
		return -1;
	if (strlen(name) > 63 ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
		strlen(name))
		return http_error(rs, 400, "bad_id", "not a user name", NULL);
	rc = svc_colleague_set(rq->svc, &rq->actor, name,
			       clear ? NULL : http_str(rq, "client"), &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "FG-2" : NULL);
	return http_ok(rs, 200,
		       json_pack("{s:s, s:s?, s:s}", "user", name, "client",
				 clear ? NULL : http_str(rq, "client"), "rule",
				 "FG-2"));
}
