/*
 * h_disclosures.c: the disclosure register over HTTP (DIS-1 to DIS-5,
 * OBJ-1, SEC-2) and the notices to its recipients (COR-3). Each handler
 * checks the request's shape and passes it to the one door
 * (service/disclosures.c), which decides and logs.
 */
#include <string.h>

#include "http/http_int.h"
#include "policy/disclosure.h"

/* The strings of the array field name of the body, at most max. */
static int
h_disclosures_strings(struct http_req *rq, struct http_resp *rs,
		      const char *name, const char **out, int max, int *n)
{
	json_t *arr = json_object_get(rq->body, name), *v;
	size_t i;

	*n = 0;
	if (arr == NULL)
		return 0;
	if (json_array_size(arr) > (size_t)max)
		return http_error(rs, 413, "too_big",
				  "too many categories or entries", NULL);
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v))
			return http_error(rs, 400, "bad_parameter",
					  "categories and entries are lists "
					  "of strings",
					  NULL);
		out[(*n)++] = json_string_value(v);
	}
	return 0;
}

/* POST recipients: a recipient (DIS-4, SEC-2). */
int
h_recipients_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"name", HTTP_STRING, 1, 159},
	    {"kind", HTTP_STRING, 1, 31},
	    {"country", HTTP_STRING, 1, 2},
	    {"certified", HTTP_BOOL, 0, 0},
	    {"confidentiality", HTTP_STRING, 1, 15},
	    {NULL, 0, 0, 0}};
	struct svc_recipient_input in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.name = http_str(rq, "name");
	in.kind = http_str(rq, "kind");
	in.country = http_str(rq, "country");
	in.certified = json_is_true(json_object_get(rq->body, "certified"));
	in.confidentiality = http_str(rq, "confidentiality");
	rc = svc_recipient_add(rq->svc, &rq->actor, &in, uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/* GET recipients. */
int
h_recipients_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0)
		return -1;
	rc = svc_recipient_list(rq->svc, &rq->actor, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "recipients", out));
}

/* POST subjects/{id}/disclosures: a disclosure, decided by the door. */
int
h_disclosures_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"recipient", HTTP_STRING, 1, 36},
	    {"categories", HTTP_ARRAY, 0, 0},
	    {"entries", HTTP_ARRAY, 0, 0},
	    {"purpose", HTTP_STRING, 0, 31},
	    {"consent", HTTP_STRING, 0, 36},
	    {"legal_obligation", HTTP_STRING, 0, 199},
	    {"request", HTTP_STRING, 0, 36},
	    {"identifiable", HTTP_BOOL, 0, 0},
	    {NULL, 0, 0, 0}};
	const char *cats[ZK_CAT_COUNT], *entries[64];
	struct svc_disclosure_input in;
	struct disclosure_answer ans = {0};
	char uid[ZK_UUID_LEN], *cause = NULL;
	json_t *ident;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	if (h_disclosures_strings(rq, rs, "categories", cats, ZK_CAT_COUNT,
				  &in.ncategories) != 0 ||
	    h_disclosures_strings(rq, rs, "entries", entries, 64,
				  &in.nentries) != 0)
		return -1;
	in.subject_uid = id;
	in.recipient_uid = http_str(rq, "recipient");
	in.categories = cats;
	in.entries = entries;
	in.purpose = http_str(rq, "purpose");
	in.consent = http_str(rq, "consent");
	in.legal_obligation = http_str(rq, "legal_obligation");
	in.request = http_str(rq, "request");
	ident = json_object_get(rq->body, "identifiable");
	in.non_identifiable = ident != NULL && json_is_false(ident);
	rc = svc_disclose(rq->svc, &rq->actor, &in, uid, &ans, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s, s:s}", "id", uid, "ground",
				 ans.ground, "rule", ans.rule));
}

/* GET subjects/{id}/disclosures: the register of a subject (DIS-1). */
int
h_disclosures_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_disclosure_list(rq->svc, &rq->actor, id, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "disclosures", out));
}

/* GET subjects/{id}/notices: the notices to recipients (COR-3). */
int
h_rnotices_list(struct http_req *rq, struct http_resp *rs)
{
	char *cause = NULL;
	json_t *out = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_recipient_notice_list(rq->svc, &rq->actor, id, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", "notices", out));
}

/* POST notices/{id}: records a notice as sent, impossible or
 * disproportionate (COR-3). */
int
h_rnotices_record(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"outcome", HTTP_STRING, 1, 20},
	    {"channel", HTTP_STRING, 0, 20},
	    {"reason", HTTP_STRING, 0, 1000},
	    {NULL, 0, 0, 0}};
	char *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_notice_record(rq->svc, &rq->actor, id, http_str(rq, "outcome"),
			       http_str(rq, "channel"), http_str(rq, "reason"),
			       &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200,
		       json_pack("{s:s, s:s}", "id", id, "state",
				 http_str(rq, "outcome")));
}
