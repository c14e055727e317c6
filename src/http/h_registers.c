/*
 * h_registers.c: the DPO's registers over HTTP (FG-1, PRC-1, CMP-1,
 * SEC-2). The handlers check the call's shape (query, path id, a JSON
 * object) and pass the body to the one door (service/registers.h), which
 * checks each field, decides who may, and logs.
 */
#include <stdio.h>
#include <string.h>

#include "http/http_int.h"
#include "service/registers.h"

/* The body as an object; a 400 otherwise. */
static int
h_registers_body(struct http_req *rq, struct http_resp *rs)
{
	if (!json_is_object(rq->body))
		return http_error(rs, 400, "bad_request",
				  "the body must be a JSON object", NULL);
	return 0;
}

/* A list answer {"key": out}, or the error. */
static int
h_registers_list(struct http_req *rq, struct http_resp *rs, const char *key,
		 int (*fn)(struct service *, const struct actor *, json_t **,
			   char **))
{
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	if ((rc = fn(rq->svc, &rq->actor, &out, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", key, out));
}

/* A create answer {"id": uid}, or the error. */
static int
h_registers_create(struct http_req *rq, struct http_resp *rs,
		   int (*fn)(struct service *, const struct actor *,
			     const json_t *, char *, char **))
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    h_registers_body(rq, rs) != 0)
		return -1;
	if ((rc = fn(rq->svc, &rq->actor, rq->body, uid, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* A change of the object in path segment 1 (2 for registers/…). */
static int
h_registers_change(struct http_req *rq, struct http_resp *rs, int seg,
		   int (*fn)(struct service *, const struct actor *,
			     const char *, const json_t *, char **))
{
	char *cause = NULL;
	const char *id;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_path_id(rq, rs, seg, &id) != 0 ||
	    h_registers_body(rq, rs) != 0)
		return -1;
	if ((rc = fn(rq->svc, &rq->actor, id, rq->body, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:s}", "id", id));
}

int
h_processing_list(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"format", "lang", NULL};
	const char *format, *lang;
	char *cause = NULL;
	struct zk_buf doc;
	bool csv;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0)
		return -1;
	format = http_query(rq, "format");
	lang = http_query(rq, "lang");
	/* registers/processing.csv and .pdf name the format in the path. */
	if (strcmp(rq->seg[1], "processing.csv") == 0)
		format = "csv";
	else if (strcmp(rq->seg[1], "processing.pdf") == 0)
		format = "pdf";
	if (format == NULL || strcmp(format, "json") == 0)
		return h_registers_list(rq, rs, "activities",
					svc_activity_list);
	csv = strcmp(format, "csv") == 0;
	if (!csv && strcmp(format, "pdf") != 0)
		return http_error(rs, 400, "bad_parameter",
				  "format must be json, csv or pdf", NULL);
	if (lang != NULL && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		return http_error(rs, 400, "bad_parameter",
				  "lang must be nl or en", NULL);
	zk_buf_init(&doc, 16u << 20);
	rc = svc_activity_export(rq->svc, &rq->actor, format, lang, &doc,
				 &cause);
	if (rc != 0) {
		zk_buf_release(&doc);
		return http_fail(rs, rc, cause, NULL);
	}
	rs->status = 200;
	rs->text = doc;
	rs->content_type = csv ? "text/csv; charset=utf-8" : "application/pdf";
	snprintf(rs->disposition, sizeof rs->disposition,
		 "attachment; filename=\"verwerkingsregister.%s\"",
		 csv ? "csv" : "pdf");
	return 0;
}

int
h_processing_create(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_create(rq, rs, svc_activity_add);
}

int
h_processing_seed(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	int rc, changed = 0;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	if ((rc = svc_activity_seed(rq->svc, &rq->actor, &changed, &cause)) !=
	    0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:i}", "changed", changed));
}

int
h_processing_update(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_change(rq, rs, 2, svc_activity_edit);
}

int
h_processors_list(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_list(rq, rs, "processors", svc_processor_list);
}

int
h_processors_create(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_create(rq, rs, svc_processor_add);
}

int
h_processors_update(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_change(rq, rs, 1, svc_processor_edit);
}

int
h_report_processors(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_list(rq, rs, "processors", svc_processor_report);
}

int
h_complaints_list(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_list(rq, rs, "complaints", svc_complaint_list);
}

int
h_complaints_create(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_create(rq, rs, svc_complaint_add);
}

int
h_complaints_get(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	if ((rc = svc_complaint_get(rq->svc, &rq->actor, id, &out, &cause)) !=
	    0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, out);
}

int
h_complaints_update(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_change(rq, rs, 1, svc_complaint_edit);
}

int
h_complaints_close(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_change(rq, rs, 1, svc_complaint_close);
}

int
h_transfers_list(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_list(rq, rs, "transfers", svc_transfer_list);
}

int
h_transfers_create(struct http_req *rq, struct http_resp *rs)
{
	return h_registers_create(rq, rs, svc_transfer_add);
}
