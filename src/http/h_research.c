/*
 * h_research.c: the study register and its anonymised exports over HTTP
 * (RES-1, RES-2, OBJ-1, M§6.6(v)). Each handler checks the request's
 * shape and passes it to the one door (service/research.c), which
 * decides and logs; an export goes out as JSON or, with "format":"csv",
 * as a CSV document.
 */
#include <stdio.h>
#include <string.h>

#include "http/http_int.h"
#include "service/research.h"

/* POST studies: a study on consent or on the RES-1 conditions. */
int
h_studies_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"name", HTTP_STRING, 1, 159},
	    {"purpose", HTTP_STRING, 1, 399},
	    {"requester", HTTP_STRING, 1, 159},
	    {"basis", HTTP_STRING, 1, 11},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	rc = svc_study_add(rq->svc, &rq->actor, http_str(rq, "name"),
			   http_str(rq, "purpose"), http_str(rq, "requester"),
			   http_str(rq, "basis"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RES-1");
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* GET studies. */
int
h_studies_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	rc = svc_study_list(rq->svc, &rq->actor, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RES-1");
	return http_ok(rs, 200, json_pack("{s:o}", "studies", out));
}

/* GET studies/{id}: the study, its confirmations, what is missing. */
int
h_studies_get(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_study_show(rq->svc, &rq->actor, id, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RES-1");
	return http_ok(rs, 200, out);
}

/* POST studies/{id}/confirmations: {"condition": "..."} (RES-1). */
int
h_studies_confirm(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"condition", HTTP_STRING, 1, 31}, {NULL, 0, 0, 0}};
	char *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_study_confirm(rq->svc, &rq->actor, id,
			       http_str(rq, "condition"), &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, "RES-1");
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s}", "study", id, "condition",
				 http_str(rq, "condition")));
}

/*
 * POST studies/{id}/exports: {"generalise": bool (default true),
 * "format": "json" | "csv"} (RES-2).
 */
int
h_studies_export(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"generalise", HTTP_BOOL, 0, 0},
	    {"format", HTTP_STRING, 0, 4},
	    {NULL, 0, 0, 0}};
	const char *id, *format;
	char *cause = NULL;
	json_t *out = NULL, *g;
	bool generalise;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	format = http_str(rq, "format");
	if (format != NULL && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0)
		return http_error(rs, 400, "bad_parameter",
				  "format must be json or csv", NULL);
	g = json_object_get(rq->body, "generalise");
	generalise = g == NULL || json_is_true(g);
	rc =
	    svc_study_export(rq->svc, &rq->actor, id, generalise, &out, &cause);
	/*
	 * Refused on RES-1 (a condition, the consent) or on RES-2 (k): the
	 * service's details go into the error object beside code and
	 * message, so that a screen words the refusal itself.
	 */
	if (rc != 0) {
		const char *rule =
		    json_string_value(json_object_get(out, "rule"));

		http_fail(rs, rc, cause,
			  rule != NULL ? rule
			  : cause != NULL && strstr(cause, "RES-1") != NULL
			      ? "RES-1"
			      : "RES-2");
		if (out != NULL && rs->body != NULL)
			json_object_update_missing(
			    json_object_get(rs->body, "error"), out);
		json_decref(out);
		return -1;
	}
	if (format != NULL && strcmp(format, "csv") == 0) {
		struct zk_buf csv;

		zk_buf_init(&csv, 0);
		rc = svc_study_csv(out, &csv);
		if (rc != 0) {
			zk_buf_release(&csv);
			json_decref(out);
			return http_fail(rs, rc, NULL, NULL);
		}
		rs->status = 201;
		rs->text = csv;
		rs->content_type = "text/csv; charset=utf-8";
		snprintf(rs->disposition, sizeof rs->disposition,
			 "attachment; filename=\"export-%.36s.csv\"",
			 json_string_value(json_object_get(out, "export")));
		json_decref(out);
		return 0;
	}
	return http_ok(rs, 201, out);
}

/* GET subjects/{id}/study-notes: the notes of M§6.6(v) in a record. */
int
h_study_notes_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_study_notes(rq->svc, &rq->actor, id, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "notes", out));
}
