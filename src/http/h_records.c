/*
 * h_records.c: clients, their care relations, break the glass, entries and
 * the client's log view. Each handler checks the request's shape and
 * passes it to the one door (src/service), which decides and logs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"
#include "service/representation.h"

/* A refusal's rule from the decision the service made. */
static int
h_fail(struct http_resp *rs, int rc, char *cause, const struct svc_decision *d)
{
	const char *rule = NULL;

	if (rc == ZK_EDENIED && d != NULL && d->authz.rule != NULL)
		rule = d->authz.rule;
	/* LOG-3: an entry changed outside zorgkluis is named, not hidden
	 * behind a storage error (docs/api.md). */
	if (rc == ZK_ECORRUPT && d != NULL && d->tampered) {
		http_error(rs, 409, "tampered", cause ? cause : zk_strerror(rc),
			   "LOG-3");
		free(cause);
		return -1;
	}
	return http_fail(rs, rc, cause, rule);
}

/* A list of a subject's things, {"<key>": [...]}, from fn. */
static int
h_list(struct http_req *rq, struct http_resp *rs, const char *key,
       int (*fn)(struct service *, const struct actor *, const char *,
		 json_t **, char **))
{
	const char *id;
	char *cause = NULL;
	json_t *list = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	if ((rc = fn(rq->svc, &rq->actor, id, &list, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, json_pack("{s:o}", key, list));
}

/*
 * PUR-2: ?purpose= names what the data is used for now, when it is not the
 * purpose it was collected for.
 */
static int
h_use_purpose(struct http_req *rq, struct http_resp *rs)
{
	const char *purpose = http_query(rq, "purpose");
	const struct profile *p;
	char *cause = NULL;

	if (purpose == NULL)
		return 0;
	if (svc_profile(rq->svc, rq->actor.tenant, &p, &cause) != 0) {
		free(cause);
		return http_error(rs, 503, "profile", "no profile", NULL);
	}
	if (profile_purpose(p, purpose) == NULL)
		return http_error(rs, 400, "bad_parameter",
				  "purpose is not one of the organisation's",
				  "PUR-1");
	zk_strlcpy(rq->actor.use_purpose, purpose,
		   sizeof rq->actor.use_purpose);
	return 0;
}

static const char *const h_purpose_param[] = {"purpose", NULL};

/* Parses a small positive integer query parameter. */
static int
h_int_param(struct http_req *rq, struct http_resp *rs, const char *name, int lo,
	    int hi, int def, int *out)
{
	const char *v = http_query(rq, name);
	char msg[96];
	long n = 0;

	*out = def;
	if (v == NULL)
		return 0;
	if (*v == '\0' || strlen(v) > 6 || strspn(v, "0123456789") != strlen(v))
		goto bad;
	for (const char *p = v; *p; p++)
		n = n * 10 + (*p - '0');
	if (n < lo || n > hi)
		goto bad;
	*out = (int)n;
	return 0;
bad:
	snprintf(msg, sizeof msg, "%s must be a number from %d to %d", name, lo,
		 hi);
	return http_error(rs, 400, "bad_parameter", msg, NULL);
}

int
h_clients_list(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"q", "limit", "after", NULL};
	char next[ZK_UUID_LEN], after_id[ZK_UUID_LEN], *cause = NULL;
	const char *q, *after;
	json_t *list = NULL;
	int limit, rc;

	/* INZ-6: a portal account lists the clients it acts for today. */
	if (rq->actor.portal)
		return h_portal_clients(rq, rs);
	if (http_check_query(rq, rs, allowed) != 0 ||
	    h_int_param(rq, rs, "limit", 1, 200, 50, &limit) != 0)
		return -1;
	q = http_query(rq, "q");
	after = http_query(rq, "after");
	if (after != NULL && !zk_uuid_valid(after))
		return http_error(rs, 400, "bad_parameter",
				  "after must be a client id", NULL);
	if (after != NULL) {
		zk_strlcpy(after_id, after, sizeof after_id);
		zk_hex_lower(after_id);
		after = after_id;
	}
	rc = svc_subject_list(rq->svc, &rq->actor, "client", q, after, limit,
			      &list, next, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200,
		       json_pack("{s:o, s:s?}", "clients", list, "next",
				 next[0] ? next : NULL));
}

int
h_clients_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"identity", HTTP_OBJECT, 1, 0},
	    {"team", HTTP_STRING, 0, 95},
	    {"kind", HTTP_STRING, 0, 15},
	    {NULL, 0, 0, 0}};
	struct svc_decision d;
	char uid[ZK_UUID_LEN], *cause = NULL;
	json_t *warnings = NULL;
	const char *kind;
	int rc;

	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_check_body(rq, rs, spec) != 0)
		return -1;
	kind = http_str(rq, "kind") ? http_str(rq, "kind") : "client";
	if (strcmp(kind, "client") != 0)
		return http_error(rs, 400, "invalid",
				  "this endpoint registers clients; kind must "
				  "be \"client\"",
				  "SCOPE-1");
	/* SEC-4: registered, with a warning when it may be a duplicate. */
	rc = svc_subject_register(
	    rq->svc, &rq->actor, kind, json_object_get(rq->body, "identity"),
	    http_str(rq, "team"), uid, &d, &warnings, &cause);
	if (rc != 0)
		return h_fail(rs, rc, cause, &d);
	if (json_array_size(warnings) == 0) {
		json_decref(warnings);
		warnings = NULL;
	}
	return http_ok(
	    rs, 201, json_pack("{s:s, s:o*}", "id", uid, "warnings", warnings));
}

int
h_clients_get(struct http_req *rq, struct http_resp *rs)
{
	struct svc_decision d;
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_subject_get(rq->svc, &rq->actor, id, "client", &out, &d,
			     &cause);
	if (rc != 0)
		return h_fail(rs, rc, cause, &d);
	return http_ok(rs, 200, out);
}

int
h_clients_update(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"identity", HTTP_OBJECT, 1, 0}, {NULL, 0, 0, 0}};
	struct svc_decision d;
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_subject_update(rq->svc, &rq->actor, id, "client",
				json_object_get(rq->body, "identity"), &d,
				&cause);
	if (rc != 0)
		return h_fail(rs, rc, cause, &d);
	return http_ok(
	    rs, 200, json_pack("{s:s, s:s}", "id", id, "status", "corrected"));
}

int
h_relations_list(struct http_req *rq, struct http_resp *rs)
{
	return h_list(rq, rs, "relations", svc_relation_list);
}

int
h_relations_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"username", HTTP_STRING, 1, 63},
	    {"relation", HTTP_STRING, 1, 15},
	    {"valid_from", HTTP_DATE, 1, 0},
	    {"valid_until", HTTP_DATE, 0, 0},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_relation_add(rq->svc, &rq->actor, id, http_str(rq, "username"),
			      http_str(rq, "relation"),
			      http_str(rq, "valid_from"),
			      http_str(rq, "valid_until"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

int
h_break_glass(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"reason", HTTP_STRING, 1, 1000}, {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], expires[ZK_TIME_LEN], *cause = NULL;
	struct svc_decision d;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_break_glass(rq->svc, &rq->actor, id, http_str(rq, "reason"),
			     uid, expires, &d, &cause);
	if (rc != 0)
		return h_fail(rs, rc, cause, &d);
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s, s:b, s:s}", "id", uid,
				 "expires_at", expires, "review", 1, "rule",
				 "ACC-6"));
}

int
h_client_log(struct http_req *rq, struct http_resp *rs)
{
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	rc = svc_subject_log(rq->svc, &rq->actor, id, &out, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, out);
}

int
h_entries_list(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"category", "purpose", NULL};
	const char *id, *cat;
	char *cause = NULL;
	struct zk_buf list;
	int rc;

	if (http_check_query(rq, rs, allowed) != 0 ||
	    http_path_id(rq, rs, 1, &id) != 0 || h_use_purpose(rq, rs) != 0)
		return -1;
	cat = http_query(rq, "category");
	if (cat != NULL && vocab_category(cat) < 0)
		return http_error(rs, 400, "bad_parameter", "unknown category",
				  "CAT-1");
	zk_buf_init_secret(&list, 0);
	rc = svc_entry_list(rq->svc, &rq->actor, id, cat, &list, &cause);
	if (rc != 0) {
		zk_buf_release(&list);
		return http_fail(rs, rc, cause, NULL);
	}
	return http_ok_text(rs, 200, "entries", &list);
}

int
h_entries_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"category", HTTP_STRING, 1, 15},
	    {"purpose", HTTP_STRING, 1, 47},
	    {"legal_basis", HTTP_STRING, 1, 23},
	    {"content", HTTP_OBJECT, 1, 0},
	    {NULL, 0, 0, 0}};
	struct svc_entry_input in;
	struct svc_decision d;
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	in.subject_uid = id;
	in.category = http_str(rq, "category");
	in.purpose = http_str(rq, "purpose");
	in.legal_basis = http_str(rq, "legal_basis");
	in.content = json_object_get(rq->body, "content");
	rc = svc_entry_create(rq->svc, &rq->actor, &in, uid, &d, &cause);
	if (rc != 0)
		return h_fail(rs, rc, cause, &d);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

int
h_entries_get(struct http_req *rq, struct http_resp *rs)
{
	struct svc_decision d;
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_check_query(rq, rs, h_purpose_param) != 0 ||
	    http_path_id(rq, rs, 1, &id) != 0 || h_use_purpose(rq, rs) != 0)
		return -1;
	rc = svc_entry_read(rq->svc, &rq->actor, id, &out, &d, &cause);
	if (rc != 0)
		return h_fail(rs, rc, cause, &d);
	return http_ok(rs, 200, out);
}

int
h_entries_correct(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"content", HTTP_OBJECT, 1, 0},
	    {"reason", HTTP_STRING, 0, 1000},
	    {NULL, 0, 0, 0}};
	struct svc_decision d;
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_entry_correct_why(rq->svc, &rq->actor, id,
				   json_object_get(rq->body, "content"),
				   http_str(rq, "reason"), uid, &d, &cause);
	if (rc != 0)
		return h_fail(rs, rc, cause, &d);
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s}", "id", uid, "corrects", id));
}

/* --- representation and consent (REP, CON) -------------------------------- */

int
h_representatives_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"kind", HTTP_STRING, 1, 31},
	    {"name", HTTP_STRING, 1, 200},
	    {"declines", HTTP_BOOL, 0, 0},
	    {"absent", HTTP_BOOL, 0, 0},
	    {"curator_consents", HTTP_BOOL, 0, 0},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	rc = svc_representative_add(
	    rq->svc, &rq->actor, id, http_str(rq, "kind"), http_str(rq, "name"),
	    json_is_true(json_object_get(rq->body, "declines")),
	    json_is_true(json_object_get(rq->body, "absent")),
	    json_is_true(json_object_get(rq->body, "curator_consents")), uid,
	    &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

int
h_capacity_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"able", HTTP_BOOL, 1, 0},	    {"assessed_on", HTTP_DATE, 1, 0},
	    {"matter", HTTP_STRING, 1, 63}, {"scope", HTTP_STRING, 0, 16},
	    {"lapses_on", HTTP_DATE, 0, 0}, {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	/* REP-4: the matter's scope and the lapse (h_kin.c's door). */
	rc = svc_capacity_add_terms(
	    rq->svc, &rq->actor, NULL, id,
	    json_is_true(json_object_get(rq->body, "able")),
	    http_str(rq, "assessed_on"), http_str(rq, "matter"),
	    http_str(rq, "scope"), http_str(rq, "lapses_on"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

/*
 * The body fields naming who acts for a client ("subject" or a
 * representative's id) are "subject" or well-formed ids: 400 bad_id
 * otherwise, before anyone is asked whether they may act.
 */
static int
h_person_ids(struct http_req *rq, struct http_resp *rs)
{
	static const char *const fields[] = {"by", "given_by", "also_given_by",
					     NULL};
	char msg[96];

	for (int i = 0; fields[i] != NULL; i++) {
		const char *v = http_str(rq, fields[i]);

		if (v == NULL || strcmp(v, "subject") == 0 || zk_uuid_valid(v))
			continue;
		snprintf(msg, sizeof msg,
			 "%s must be \"subject\" or a representative's id",
			 fields[i]);
		return http_error(rs, 400, "bad_id", msg, "REP-6");
	}
	return 0;
}

int
h_consents_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"given_by", HTTP_STRING, 0, 36},
	    {"also_given_by", HTTP_STRING, 0, 36},
	    {"form", HTTP_STRING, 1, 15},
	    {"evidence", HTTP_STRING, 0, 199},
	    {"explicit", HTTP_BOOL, 1, 0},
	    {"purpose", HTTP_STRING, 1, 47},
	    {"categories", HTTP_ARRAY, 1, 0},
	    {"recipient_kind", HTTP_STRING, 0, 31},
	    {"recipient", HTTP_STRING, 0, 119},
	    {"valid_from", HTTP_DATE, 1, 0},
	    {"valid_until", HTTP_DATE, 0, 0},
	    {NULL, 0, 0, 0}};
	struct svc_consent_input in;
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0 || h_person_ids(rq, rs) != 0)
		return -1;
	memset(&in, 0, sizeof in);
	in.subject_uid = id;
	in.given_by = http_str(rq, "given_by");
	in.also_given_by = http_str(rq, "also_given_by");
	in.form = http_str(rq, "form");
	in.evidence = http_str(rq, "evidence");
	in.explicit_consent =
	    json_is_true(json_object_get(rq->body, "explicit"));
	in.purpose = http_str(rq, "purpose");
	in.categories = json_object_get(rq->body, "categories");
	in.recipient_kind = http_str(rq, "recipient_kind");
	in.recipient = http_str(rq, "recipient");
	in.valid_from = http_str(rq, "valid_from");
	in.valid_until = http_str(rq, "valid_until");
	rc = svc_consent_record(rq->svc, &rq->actor, &in, uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201, json_pack("{s:s}", "id", uid));
}

int
h_consents_list(struct http_req *rq, struct http_resp *rs)
{
	return h_list(rq, rs, "consents", svc_consent_list);
}

int
h_consents_withdraw(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {{"by", HTTP_STRING, 0, 36},
						 {NULL, 0, 0, 0}};
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0 || h_person_ids(rq, rs) != 0)
		return -1;
	rc = svc_consent_withdraw(rq->svc, &rq->actor, id, http_str(rq, "by"),
				  &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(
	    rs, 200, json_pack("{s:s, s:s}", "id", id, "status", "withdrawn"));
}

int
h_objections_create(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {
	    {"purpose", HTTP_STRING, 0, 47},
	    {"recipient_kind", HTTP_STRING, 0, 31},
	    {"by", HTTP_STRING, 0, 36},
	    {NULL, 0, 0, 0}};
	char uid[ZK_UUID_LEN], *cause = NULL;
	const char *id;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0 || h_person_ids(rq, rs) != 0)
		return -1;
	rc = svc_objection_register(
	    rq->svc, &rq->actor, id, http_str(rq, "purpose"),
	    http_str(rq, "recipient_kind"), http_str(rq, "by"), uid, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 201,
		       json_pack("{s:s, s:s}", "id", uid, "rule", "OBJ-1"));
}

/* --- the registers read back ------------------------------------------- */

int
h_representatives_list(struct http_req *rq, struct http_resp *rs)
{
	return h_list(rq, rs, "representatives", svc_representative_list);
}

int
h_capacity_list(struct http_req *rq, struct http_resp *rs)
{
	return h_list(rq, rs, "assessments", svc_capacity_list);
}

int
h_objections_list(struct http_req *rq, struct http_resp *rs)
{
	return h_list(rq, rs, "objections", svc_objection_list);
}

int
h_information_list(struct http_req *rq, struct http_resp *rs)
{
	return h_list(rq, rs, "information", svc_information_list);
}
