/*
 * h_breaches.c: the breach register (BRE-1 to BRE-3, FG-1). Each handler
 * checks the request's shape and passes it to the one door
 * (src/service/breaches.c), which decides who may, logs, and answers
 * with the breach's clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"
#include "service/breaches.h"

/*
 * The rule a refusal names: reporting is BRE-1, the rest FG-1; a change
 * of a closed breach (409) BRE-1, the register's memory of it.
 */
static int
h_breach_fail(struct http_resp *rs, int rc, char *cause, const char *rule)
{
	return http_fail(rs, rc, cause,
			 rc == ZK_EDENIED     ? rule
			 : rc == ZK_ECONFLICT ? "BRE-1"
					      : NULL);
}

static const struct http_field h_breach_facts[] = {
    {"aware_at", HTTP_STRING, 1, 40},
    {"categories", HTTP_ARRAY, 1, 0},
    {"people_approx", HTTP_INT, 1, 0},
    {"records_approx", HTTP_INT, 1, 0},
    {"facts", HTTP_STRING, 1, 8000},
    {"cause", HTTP_STRING_OR_NULL, 0, 8000},
    {"consequences", HTTP_STRING_OR_NULL, 0, 8000},
    {"measures", HTTP_STRING_OR_NULL, 0, 8000},
    {NULL, 0, 0, 0}};

/* POST breaches: any member of staff reports a (suspected) breach. */
int
h_breaches_create(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, h_breach_facts) != 0)
		return -1;
	rc = svc_breach_report(rq->svc, &rq->actor, rq->body, &out, &cause);
	if (rc != 0)
		return h_breach_fail(rs, rc, cause, "BRE-1");
	return http_ok(rs, 201, out);
}

/*
 * GET breaches?state=open|closed|all: the register, each with its clock
 * (DPO). Without state the open ones: the dashboard counts its clocks.
 */
int
h_breaches_list(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"state", NULL};
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0)
		return -1;
	if ((rc = svc_breach_list_state(rq->svc, &rq->actor,
					http_query(rq, "state"), &out,
					&cause)) != 0)
		return h_breach_fail(rs, rc, cause, "FG-1");
	return http_ok(rs, 200, out);
}

/* GET breaches/{id}: one breach with its texts, notices and notified. */
int
h_breaches_get(struct http_req *rq, struct http_resp *rs)
{
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	if ((rc = svc_breach_show(rq->svc, &rq->actor, id, &out, &cause)) != 0)
		return h_breach_fail(rs, rc, cause, "FG-1");
	return http_ok(rs, 200, out);
}

/* One act on breach {id}: the body checked against spec, then fn. */
typedef int (*h_breach_fn)(struct service *, const struct actor *, const char *,
			   json_t *, json_t **, char **);

static int
h_breach_act(struct http_req *rq, struct http_resp *rs,
	     const struct http_field *spec, h_breach_fn fn, int status)
{
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	if ((rc = fn(rq->svc, &rq->actor, id, rq->body, &out, &cause)) != 0)
		return h_breach_fail(rs, rc, cause, "FG-1");
	return http_ok(rs, status, out);
}

/* PATCH breaches/{id}: completes or corrects the facts (DPO). */
int
h_breaches_update(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"aware_at", HTTP_STRING, 0, 40},
	    {"categories", HTTP_ARRAY, 0, 0},
	    {"people_approx", HTTP_INT, 0, 0},
	    {"records_approx", HTTP_INT, 0, 0},
	    {"facts", HTTP_STRING, 0, 8000},
	    {"cause", HTTP_STRING, 0, 8000},
	    {"consequences", HTTP_STRING, 0, 8000},
	    {"measures", HTTP_STRING, 0, 8000},
	    {NULL, 0, 0, 0}};
	return h_breach_act(rq, rs, spec, svc_breach_update, 200);
}

/* POST breaches/{id}/assessment {"risk", "reasons", exemptions} (DPO). */
int
h_breaches_assess(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"risk", HTTP_STRING, 1, 8},
	    {"reasons", HTTP_STRING, 1, 8000},
	    {"encrypted", HTTP_BOOL, 0, 0},
	    {"risk_removed", HTTP_BOOL, 0, 0},
	    {"disproportionate", HTTP_BOOL, 0, 0},
	    {NULL, 0, 0, 0}};
	return h_breach_act(rq, rs, spec, svc_breach_assess, 200);
}

/* POST breaches/{id}/ap-notices {"sent_at", "reference", "text"} (DPO). */
int
h_breaches_ap_notice(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"sent_at", HTTP_STRING, 1, 40},
	    {"reference", HTTP_STRING, 1, 127},
	    {"text", HTTP_STRING, 1, 8000},
	    {NULL, 0, 0, 0}};
	return h_breach_act(rq, rs, spec, svc_breach_ap_notice, 201);
}

/* POST breaches/{id}/notified {"who", "people", "how", "notified_at"}. */
int
h_breaches_notified(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"who", HTTP_STRING, 1, 8000},
	    {"people", HTTP_INT, 1, 0},
	    {"how", HTTP_STRING, 1, 16},
	    {"notified_at", HTTP_STRING, 1, 40},
	    {NULL, 0, 0, 0}};
	return h_breach_act(rq, rs, spec, svc_breach_notified, 201);
}

/* POST breaches/{id}/close {"reason"} (DPO): no change afterwards. */
int
h_breaches_close(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"reason", HTTP_STRING, 1, 8000}, {NULL, 0, 0, 0}};
	return h_breach_act(rq, rs, spec, svc_breach_close, 200);
}

/*
 * GET breaches/{id}/texts/{ap|subject}[.pdf]?lang=nl|en&format=json|pdf
 * (DPO): the text in JSON, or as a PDF document with the .pdf path or
 * format=pdf.
 */
int
h_breaches_text(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"lang", "format", NULL};
	const char *id, *format, *lang;
	char *cause = NULL, *text = NULL, which[16];
	struct zk_buf doc;
	size_t n;
	int rc, pdf;

	if (http_check_query(rq, rs, allowed) != 0 ||
	    http_path_id(rq, rs, 1, &id) != 0)
		return -1;
	format = http_query(rq, "format");
	lang = http_query(rq, "lang");
	zk_strlcpy(which, rq->nseg > 3 ? rq->seg[3] : "", sizeof which);
	n = strlen(which);
	pdf = n > 4 && strcmp(which + n - 4, ".pdf") == 0;
	if (pdf)
		which[n - 4] = '\0';
	if (format != NULL && strcmp(format, "pdf") == 0)
		pdf = 1;
	else if (format != NULL && (pdf || strcmp(format, "json") != 0))
		return http_error(rs, 400, "bad_parameter",
				  "format must be json or pdf, and pdf with "
				  "a .pdf path",
				  NULL);
	if (pdf) {
		zk_buf_init(&doc, 16u << 20);
		rc = svc_breach_text_pdf(rq->svc, &rq->actor, id, which, lang,
					 &doc, &cause);
		if (rc != 0) {
			zk_buf_release(&doc);
			return h_breach_fail(rs, rc, cause, "FG-1");
		}
		rs->status = 200;
		rs->text = doc;
		rs->content_type = "application/pdf";
		snprintf(rs->disposition, sizeof rs->disposition,
			 "attachment; filename=\"datalek-%s-%s.pdf\"",
			 strcmp(which, "ap") == 0 ? "ap" : "betrokkenen",
			 lang != NULL ? lang : "nl");
		return 0;
	}
	rc = svc_breach_text(rq->svc, &rq->actor, id, which, lang, &text,
			     &cause);
	if (rc != 0)
		return h_breach_fail(rs, rc, cause, "FG-1");
	rc = http_ok(rs, 200,
		     json_pack("{s:s, s:s, s:s, s:s}", "id", id, "text", which,
			       "lang", lang ? lang : "nl", "body", text));
	free(text);
	return rc;
}
