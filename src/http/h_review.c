/*
 * h_review.c: the DPO's review of emergency access (ACC-6, FG-2), ending a
 * care relation (ACC-2), and the organisation's teams and locations
 * (ACC-5). Each handler checks the request's shape and passes it to the
 * one door (src/service), which decides and logs.
 */
#include <string.h>

#include "http/http_int.h"

/* GET break-glass?status=pending|all: the review queue. */
int
h_break_glass_list(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"status", NULL};
	const char *status;
	char *cause = NULL;
	json_t *list = NULL;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0)
		return -1;
	status = http_query(rq, "status");
	if (status != NULL && strcmp(status, "pending") != 0 &&
	    strcmp(status, "all") != 0)
		return http_error(rs, 400, "bad_parameter",
				  "status must be pending or all", NULL);
	rc = svc_break_glass_queue(
	    rq->svc, &rq->actor,
	    status == NULL || strcmp(status, "pending") == 0, &list, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "FG-2" : NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "break_glass", list));
}

/* GET break-glass/{id}: one emergency access, its reason opened. */
int
h_break_glass_get(struct http_req *rq, struct http_resp *rs)
{
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_break_glass_show(rq->svc, &rq->actor, id, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "FG-2" : NULL);
	return http_ok(rs, 200, out);
}

/* POST break-glass/{id}/review {"decision", "measure"}. */
int
h_break_glass_review(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"decision", HTTP_STRING, 1, 15},
	    {"measure", HTTP_STRING, 0, 2000},
	    {NULL, 0, 0, 0}};
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_break_glass_review(rq->svc, &rq->actor, id,
				    http_str(rq, "decision"),
				    http_str(rq, "measure"), &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED     ? "FG-2"
				 : rc == ZK_ECONFLICT ? "ACC-6"
						      : NULL);
	return http_ok(rs, 200,
		       json_pack("{s:s, s:s, s:s}", "id", id, "status",
				 http_str(rq, "decision"), "rule", "ACC-6"));
}

/* PATCH relations/{id} {"valid_until"}: ends a care relation. */
int
h_relations_end(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"valid_until", HTTP_DATE, 1, 0}, {NULL, 0, 0, 0}};
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_relation_end(rq->svc, &rq->actor, id,
			      http_str(rq, "valid_until"), &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, out);
}

/* GET teams: the teams and locations. */
int
h_teams_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	if ((rc = svc_team_list(rq->svc, &rq->actor, &out, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, out);
}

/*
 * POST of a named thing with one more optional field, other: checks the
 * body against spec, adds it with add (teams and locations, ACC-3), and
 * answers 201 with the name, and other when echo is set.
 */
static int
h_named_create(struct http_req *rq, struct http_resp *rs,
	       const struct http_field *spec, const char *other, int echo,
	       int (*add)(struct service *, const struct actor *, const char *,
			  const char *, char **))
{
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	rc = add(rq->svc, &rq->actor, http_str(rq, "name"), http_str(rq, other),
		 &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "ACC-3" : NULL);
	if (!echo)
		return http_ok(
		    rs, 201, json_pack("{s:s}", "name", http_str(rq, "name")));
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s?}", "name", http_str(rq, "name"),
				 other, http_str(rq, other)));
}

/* POST teams {"name", "location"}. */
int
h_teams_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"name", HTTP_STRING, 1, 95},
	    {"location", HTTP_STRING, 0, 119},
	    {NULL, 0, 0, 0}};

	return h_named_create(rq, rs, spec, "location", 1, svc_team_add);
}

/* POST locations {"name", "address"}. */
int
h_locations_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"name", HTTP_STRING, 1, 119},
	    {"address", HTTP_STRING, 0, 199},
	    {NULL, 0, 0, 0}};

	return h_named_create(rq, rs, spec, "address", 0, svc_location_add);
}
