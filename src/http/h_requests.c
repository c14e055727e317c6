/*
 * h_requests.c: data subjects' requests (RQ-1 to RQ-6), the copy (INZ,
 * POR-1) and the letters. Each handler checks the request's shape and
 * passes it to the one door (src/service), which decides and logs.
 */
#include <stdio.h>
#include <string.h>

#include "http/http_int.h"

/* POST requests: registers a request (RQ-1). */
int
h_requests_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"subject", HTTP_STRING, 1, 64},
	    {"kind", HTTP_STRING, 1, 20},
	    {"received", HTTP_DATE, 1, 0},
	    {"channel", HTTP_STRING, 0, 20},
	    {"answer_channel", HTTP_STRING, 0, 20},
	    {"representative", HTTP_STRING, 0, 64},
	    {"id_document", HTTP_STRING, 0, 32},
	    {"id_last", HTTP_STRING, 0, 16},
	    {"identity_in_doubt", HTTP_BOOL, 0, 0},
	    {"details", HTTP_STRING, 0, 4000},
	    {NULL, 0, 0, 0}};
	struct svc_request_new in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	int rc;

	/* INZ-6: a portal account's request has its own, shorter shape. */
	if (rq->actor.portal)
		return h_portal_request(rq, rs);
	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.subject = http_str(rq, "subject");
	in.kind = http_str(rq, "kind");
	in.received = http_str(rq, "received");
	in.channel = http_str(rq, "channel");
	in.answer_channel = http_str(rq, "answer_channel");
	in.representative = http_str(rq, "representative");
	in.id_document = http_str(rq, "id_document");
	in.id_last = http_str(rq, "id_last");
	in.details = http_str(rq, "details");
	in.identity_in_doubt =
	    json_is_true(json_object_get(rq->body, "identity_in_doubt"));
	if (in.subject != NULL && !zk_uuid_valid(in.subject))
		return http_error(rs, 400, "bad_parameter",
				  "subject is not a client id", NULL);
	rc = svc_request_add(rq->svc, &rq->actor, &in, uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "REP-1" : NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* GET requests?kind=&state=&assignee=: the inbox, by due date. */
int
h_requests_list(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"kind", "state", "assignee",
					      NULL};
	struct svc_request_filter f;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0)
		return -1;
	f.kind = http_query(rq, "kind");
	f.state = http_query(rq, "state");
	f.assignee = http_query(rq, "assignee");
	rc = svc_request_inbox(rq->svc, &rq->actor, &f, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, out);
}

/* GET requests/{id}: one request, its deadline and history. */
int
h_requests_get(struct http_req *rq, struct http_resp *rs)
{
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_request_get(rq->svc, &rq->actor, id, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "RQ-1" : NULL);
	return http_ok(rs, 200, out);
}

/* POST requests/{id}/{act}: an act of the request's handler. */
int
h_requests_act(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"on", HTTP_DATE, 0, 0},
	    {"document", HTTP_STRING, 0, 32},
	    {"last_digits", HTTP_STRING, 0, 16},
	    {"assignee", HTTP_STRING, 0, 64},
	    {"entry", HTTP_STRING, 0, 64},
	    {"reason", HTTP_STRING, 0, 4000},
	    {"status", HTTP_STRING, 0, 16},
	    {"decision", HTTP_STRING, 0, 16},
	    {"reasons", HTTP_STRING, 0, 4000},
	    {"excessive", HTTP_BOOL, 0, 0},
	    {"fee_cents", HTTP_INT, 0, 0},
	    {"refusal_ground", HTTP_STRING, 0, 32},
	    {NULL, 0, 0, 0}};
	static const struct {
		const char *path, *act;
	} acts[] = {
	    {"identity-request", "identity_request"},
	    {"identity", "identity_received"},
	    {"start", "start"},
	    {"assign", "assign"},
	    {"extend", "extend"},
	    {"withhold", "withhold"},
	    {"explanation", "explanation"},
	    {"decide", "decide"},
	    {"carry-out", "carry_out"},
	    {"close", "close"},
	};
	struct svc_request_act in;
	json_t *fee;
	const char *id;
	char *cause = NULL;
	int rc;

	if (rq->body == NULL)
		rq->body = json_object();
	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
		if (strcmp(rq->seg[2], acts[i].path) == 0)
			in.act = acts[i].act;
	in.on = http_str(rq, "on");
	in.document = http_str(rq, "document");
	in.last_digits = http_str(rq, "last_digits");
	in.assignee = http_str(rq, "assignee");
	in.entry = http_str(rq, "entry");
	in.reason = http_str(rq, "reason");
	in.explanation = http_str(rq, "status");
	in.decision = http_str(rq, "decision");
	in.reasons = http_str(rq, "reasons");
	in.refusal_ground = http_str(rq, "refusal_ground");
	in.excessive = json_is_true(json_object_get(rq->body, "excessive"));
	fee = json_object_get(rq->body, "fee_cents");
	in.fee_cents = json_is_integer(fee) ? json_integer_value(fee) : 0;
	rc = svc_request_act(rq->svc, &rq->actor, id, &in, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "RQ-1" : NULL);
	return http_ok(rs, 200,
		       json_pack("{s:s, s:s}", "id", id, "act", in.act));
}

/*
 * POST requests/{id}/changes: what a request to correct, complete, erase,
 * shield or restrict changes (COR-1), recorded before the decision.
 */
int
h_requests_change(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"op", HTTP_STRING, 1, 16},
	    {"entry", HTTP_STRING, 0, 64},
	    {"category", HTTP_STRING, 0, 32},
	    {"content", HTTP_OBJECT, 0, 0},
	    {"reason", HTTP_STRING, 0, 1000},
	    {"ground", HTTP_STRING, 0, 40},
	    {NULL, 0, 0, 0}};
	struct svc_request_change in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.op = http_str(rq, "op");
	in.entry = http_str(rq, "entry");
	in.category = http_str(rq, "category");
	in.content = json_object_get(rq->body, "content");
	in.reason = http_str(rq, "reason");
	in.ground = http_str(rq, "ground");
	rc = svc_request_change(rq->svc, &rq->actor, id, &in, uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EDENIED ? "RQ-1" : NULL);
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s}", "id", uid, "request", id));
}

/* Sends a document made by the service as the answer. */
static int
h_requests_document(struct http_resp *rs, struct zk_buf *doc, const char *type,
		    const char *name)
{
	rs->status = 200;
	rs->text = *doc;
	zk_buf_init(doc, 0);
	rs->content_type = type;
	snprintf(rs->disposition, sizeof rs->disposition,
		 "attachment; filename=\"%s\"", name);
	return 0;
}

static int
h_requests_lang(struct http_req *rq, struct http_resp *rs, const char **lang)
{
	*lang = http_query(rq, "lang");
	if (*lang != NULL && strcmp(*lang, "nl") != 0 &&
	    strcmp(*lang, "en") != 0)
		return http_error(rs, 400, "bad_parameter",
				  "lang must be nl or en", NULL);
	return 0;
}

/* GET requests/{id}/export?format=pdf|fhir&lang=: the copy (INZ, POR). */
int
h_requests_export(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"format", "lang", NULL};
	const char *id, *format, *lang;
	struct zk_buf doc;
	char *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0 ||
	    http_path_id(rq, rs, 1, &id) != 0 ||
	    h_requests_lang(rq, rs, &lang) != 0)
		return -1;
	format = http_query(rq, "format");
	if (format == NULL)
		format = "pdf";
	zk_buf_init(&doc, 64u << 20);
	rc = svc_request_export(rq->svc, &rq->actor, id, format, lang, &doc,
				&cause);
	if (rc != 0) {
		zk_buf_release(&doc);
		return http_fail(rs, rc, cause, NULL);
	}
	return strcmp(format, "pdf") == 0
		   ? h_requests_document(rs, &doc, "application/pdf",
					 "inzage.pdf")
		   : h_requests_document(rs, &doc, "application/fhir+json",
					 "bundle.json");
}

/* GET requests/{id}/letters/{letter}?lang=: a letter as PDF (RQ-6). */
int
h_requests_letter(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"lang", NULL};
	const char *id, *lang;
	struct zk_buf doc;
	char *cause = NULL, name[64];
	int rc;

	if (http_check_query(rq, rs, allowed) != 0 ||
	    http_path_id(rq, rs, 1, &id) != 0 ||
	    h_requests_lang(rq, rs, &lang) != 0)
		return -1;
	zk_buf_init(&doc, 16u << 20);
	rc = svc_request_letter(rq->svc, &rq->actor, id, rq->seg[3], lang, &doc,
				&cause);
	if (rc != 0) {
		zk_buf_release(&doc);
		return http_fail(rs, rc, cause, NULL);
	}
	snprintf(name, sizeof name, "%s.pdf", rq->seg[3]);
	return h_requests_document(rs, &doc, "application/pdf", name);
}
