/*
 * h_fhir.c: the FHIR R4 facade under /fhir (docs/fhir.md, "The read
 * facade"): the CapabilityStatement, Patient read and search,
 * $everything, Consent and AuditEvent searches, and the transaction that
 * moves a client in (POR-2). It is a thin way in, like /api/v1: the same
 * sessions (bearer tokens only), the same service functions, so the same
 * decisions and the same log. What differs is the shape: resources and
 * Bundles as application/fhir+json, and every error, of any layer, as an
 * OperationOutcome (h_fhir_finish()).
 *
 * It also holds POST /api/v1/requests/{id}/transfer, the other direction
 * of POR-2, which speaks FHIR to another controller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/http_int.h"
#include "service/fhir_facade.h"

#define H_FHIR_TYPE "application/fhir+json; charset=utf-8"
#define H_FHIR_SYS_RULE "urn:zorgkluis:rule"

bool
h_fhir_url(const char *url)
{
	return url != NULL && strncmp(url, "/fhir", 5) == 0 &&
	       (url[5] == '\0' || url[5] == '/');
}

/* Whether s holds needle, ignoring ASCII case. */
static bool
h_fhir_has(const char *s, const char *needle)
{
	size_t n = strlen(needle);

	for (; s != NULL && *s != '\0'; s++)
		if (strncasecmp(s, needle, n) == 0)
			return true;
	return false;
}

bool
h_fhir_type(const char *ct)
{
	const char *p;

	/* application/fhir+json, with a charset only of utf-8. */
	if (ct == NULL || strncasecmp(ct, "application/fhir+json", 21) != 0)
		return false;
	p = ct + 21;
	p += strspn(p, " \t");
	if (*p == '\0')
		return true;
	return *p == ';' &&
	       (!h_fhir_has(p, "charset") || h_fhir_has(p, "charset=utf-8") ||
		h_fhir_has(p, "charset=\"utf-8\""));
}

/* The FHIR issue type of an HTTP status (R4 valueset issue-type). */
static const char *
h_fhir_issue_code(unsigned status)
{
	switch (status) {
	case 400:
		return "invalid";
	case 401:
		return "login";
	case 403:
		return "forbidden";
	case 404:
		return "not-found";
	case 405:
	case 406:
	case 415:
		return "not-supported";
	case 409:
		return "conflict";
	case 413:
	case 414:
	case 431:
		return "too-costly";
	case 429:
		return "throttled";
	case 503:
		return "transient";
	default:
		return status >= 500 ? "exception" : "processing";
	}
}

void
h_fhir_finish(struct http_resp *rs)
{
	const json_t *err = json_object_get(rs->body, "error");
	json_t *oo = NULL;
	char *text;

	if (rs->content_type != NULL || rs->body == NULL)
		return;
	if (err != NULL && rs->status >= 400) {
		const char *code =
		    json_string_value(json_object_get(err, "code"));
		const char *msg =
		    json_string_value(json_object_get(err, "message"));
		const char *rule =
		    json_string_value(json_object_get(err, "rule"));
		char diag[640];

		/* The rule id is named in the diagnostics as on /api/v1, and
		 * coded, for a program. */
		snprintf(diag, sizeof diag, "%s%s%s%s", msg ? msg : "",
			 rule ? " (" : "", rule ? rule : "", rule ? ")" : "");
		oo =
		    json_pack("{s:s, s:[{s:s, s:s, s:s, s:{s:s*}}]}",
			      "resourceType", "OperationOutcome", "issue",
			      "severity", rs->status >= 500 ? "fatal" : "error",
			      "code", h_fhir_issue_code(rs->status),
			      "diagnostics", diag, "details", "text", code);
		if (oo != NULL && rule != NULL)
			json_object_set_new(
			    json_object_get(
				json_array_get(json_object_get(oo, "issue"), 0),
				"details"),
			    "coding",
			    json_pack("[{s:s, s:s}]", "system", H_FHIR_SYS_RULE,
				      "code", rule));
		if (oo != NULL) {
			json_decref(rs->body);
			rs->body = oo;
		}
	}
	text = json_dumps(rs->body, JSON_COMPACT);
	if (text == NULL)
		return;
	zk_buf_init(&rs->text, 0);
	if (zk_buf_append(&rs->text, text, strlen(text)) == 0)
		rs->content_type = H_FHIR_TYPE;
	free(text);
	json_decref(rs->body);
	rs->body = NULL;
}

/* RFC 9110 12.5.1: an Accept that names no JSON at all is 406. */
static int
h_fhir_accept(struct http_req *rq, struct http_resp *rs)
{
	const char *acc =
	    MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Accept");

	if (acc == NULL || h_fhir_has(acc, "json") ||
	    strstr(acc, "*/*") != NULL || h_fhir_has(acc, "application/*"))
		return 0;
	return http_error(rs, 406, "not_acceptable",
			  "this server answers application/fhir+json", NULL);
}

/* This server's FHIR base, from the Host the client used. */
static void
h_fhir_base(struct http_req *rq, char *out, size_t n)
{
	const char *host =
	    MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, "Host");

	if (host == NULL || strpbrk(host, "\"<> \\") != NULL ||
	    strlen(host) > 200)
		host = "localhost";
	snprintf(out, n, "%s://%s/fhir",
		 http_server_tls(rq->srv) ? "https" : "http", host);
}

/* A searchset Bundle of the resources (reference stolen). */
static int
h_fhir_searchset(struct http_req *rq, struct http_resp *rs, json_t *res)
{
	char base[256], url[400];
	json_t *entries = json_array(), *r, *e;
	size_t i;

	h_fhir_base(rq, base, sizeof base);
	json_array_foreach(res, i, r)
	{
		snprintf(url, sizeof url, "%s/%s/%s", base,
			 json_string_value(json_object_get(r, "resourceType")),
			 json_string_value(json_object_get(r, "id")));
		e = json_pack("{s:s, s:O, s:{s:s}}", "fullUrl", url, "resource",
			      r, "search", "mode", "match");
		if (entries == NULL || e == NULL)
			break;
		json_array_append_new(entries, e);
	}
	json_decref(res);
	return http_ok(rs, 200,
		       entries == NULL
			   ? NULL
			   : json_pack("{s:s, s:s, s:I, s:o}", "resourceType",
				       "Bundle", "type", "searchset", "total",
				       (json_int_t)json_array_size(entries),
				       "entry", entries));
}

/* The id of "Patient/{id}" or "{id}", lower case; NULL if neither. */
static const char *
h_fhir_patient_ref(const char *v, char out[ZK_UUID_LEN])
{
	if (v == NULL)
		return NULL;
	if (strncmp(v, "Patient/", 8) == 0)
		v += 8;
	if (strlen(v) != ZK_UUID_LEN - 1)
		return NULL;
	zk_strlcpy(out, v, ZK_UUID_LEN);
	zk_hex_lower(out);
	return zk_uuid_valid(out) ? out : NULL;
}

/* The start of each read: no parameters but allowed, a JSON answer. */
static int
h_fhir_begin(struct http_req *rq, struct http_resp *rs,
	     const char *const *allowed)
{
	if (http_check_query(rq, rs, allowed) != 0 ||
	    h_fhir_accept(rq, rs) != 0)
		return -1;
	return 0;
}

/* GET /fhir/metadata: what this server does, without a session. */
static int
h_fhir_metadata(struct http_req *rq, struct http_resp *rs)
{
	char base[256], today[ZK_DATE_LEN];

	if (h_fhir_begin(rq, rs, NULL) != 0)
		return -1;
	h_fhir_base(rq, base, sizeof base);
	zk_date_fmt(zk_day_nl(zk_now()), today);
	return http_ok(
	    rs, 200,
	    json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:{s:s}, s:{s:s, s:s}, s:s,"
		" s:[s, s], s:[{s:s, s:{s:b, s:s}, s:[{s:s, s:[{s:s}, {s:s}],"
		" s:[{s:s, s:s, s:s}], s:[{s:s, s:s}]}, {s:s, s:[{s:s}],"
		" s:[{s:s, s:s}]}, {s:s, s:[{s:s}], s:[{s:s, s:s}]}],"
		" s:[{s:s}]}]}",
		"resourceType", "CapabilityStatement", "status", "active",
		"date", today, "publisher", "zorgkluis", "kind", "instance",
		"software", "name", "zorgkluis", "implementation",
		"description",
		"zorgkluis FHIR R4 facade: reads through the same door and log "
		"as /api/v1; transfer of a client (POR-2)",
		"url", base, "fhirVersion", "4.0.0", "format",
		"application/fhir+json", "json", "rest", "mode", "server",
		"security", "cors", 0, "description",
		"Authorization: Bearer, a token of POST /api/v1/login with "
		"\"token\": true and the second factor",
		"resource", "type", "Patient", "interaction", "code", "read",
		"code", "search-type", "searchParam", "name", "identifier",
		"type", "token", "documentation",
		"http://fhir.nl/fhir/NamingSystem/bsn|BSN or "
		"urn:zorgkluis:subject|id",
		"operation", "name", "everything", "definition",
		"http://hl7.org/fhir/OperationDefinition/Patient-everything",
		"type", "Consent", "interaction", "code", "search-type",
		"searchParam", "name", "patient", "type", "reference", "type",
		"AuditEvent", "interaction", "code", "search-type",
		"searchParam", "name", "entity", "type", "reference",
		"interaction", "code", "transaction"));
}

/* GET /fhir/Patient/{id} */
static int
h_fhir_patient(struct http_req *rq, struct http_resp *rs)
{
	char id[ZK_UUID_LEN], *cause = NULL;
	json_t *p = NULL;
	int rc;

	if (h_fhir_begin(rq, rs, NULL) != 0)
		return -1;
	if (h_fhir_patient_ref(rq->seg[1], id) == NULL)
		return http_error(rs, 404, "not_found", "no such Patient",
				  NULL);
	if ((rc = svc_fhir_patient(rq->svc, &rq->actor, id, &p, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return http_ok(rs, 200, p);
}

/* GET /fhir/Patient?identifier=[system|]value */
static int
h_fhir_patient_search(struct http_req *rq, struct http_resp *rs)
{
	static const char *const allowed[] = {"identifier", NULL};
	const char *q, *bar;
	char system[128];
	json_t *all = NULL, *more = NULL;
	char *cause = NULL;
	int rc;

	if (h_fhir_begin(rq, rs, allowed) != 0)
		return -1;
	if ((q = http_query(rq, "identifier")) == NULL)
		return http_error(rs, 400, "bad_parameter",
				  "search Patients by identifier "
				  "(system|value)",
				  NULL);
	if ((bar = strchr(q, '|')) != NULL) {
		if ((size_t)(bar - q) >= sizeof system)
			return http_error(rs, 400, "bad_parameter",
					  "identifier system too long", NULL);
		memcpy(system, q, (size_t)(bar - q));
		system[bar - q] = '\0';
		if (strcmp(system, "urn:zorgkluis:subject") != 0 &&
		    strcmp(system, "http://fhir.nl/fhir/NamingSystem/bsn") != 0)
			return http_error(
			    rs, 400, "bad_parameter",
			    "identifier system must be "
			    "http://fhir.nl/fhir/NamingSystem/bsn or "
			    "urn:zorgkluis:subject",
			    NULL);
		rc = svc_fhir_patient_search(rq->svc, &rq->actor, system,
					     bar + 1, &all, &cause);
	} else {
		/* Any system: the value as an id, then as a BSN. */
		rc = svc_fhir_patient_search(rq->svc, &rq->actor,
					     "urn:zorgkluis:subject", q, &all,
					     &cause);
		if (rc == 0)
			rc = svc_fhir_patient_search(
			    rq->svc, &rq->actor,
			    "http://fhir.nl/fhir/NamingSystem/bsn", q, &more,
			    &cause);
		if (rc == 0)
			json_array_extend(all, more);
		json_decref(more);
	}
	if (rc != 0) {
		json_decref(all);
		return http_fail(rs, rc, cause, NULL);
	}
	return h_fhir_searchset(rq, rs, all);
}

/*
 * GET /fhir/Patient/{id}/$everything: the collection Bundle of POR-1 as
 * the searchset R4 asks of the operation: the Patient a match, the rest
 * included; entries keep their urn:uuid fullUrls, which the references
 * inside the Bundle use.
 */
static int
h_fhir_everything(struct http_req *rq, struct http_resp *rs)
{
	char id[ZK_UUID_LEN], *cause = NULL;
	json_t *b = NULL, *e;
	size_t i;
	int rc;

	if (h_fhir_begin(rq, rs, NULL) != 0)
		return -1;
	if (h_fhir_patient_ref(rq->seg[1], id) == NULL)
		return http_error(rs, 404, "not_found", "no such Patient",
				  NULL);
	if ((rc = svc_fhir_everything(rq->svc, &rq->actor, id, &b, &cause)) !=
	    0)
		return http_fail(rs, rc, cause, NULL);
	json_object_set_new(b, "type", json_string("searchset"));
	json_object_set_new(b, "total",
			    json_integer((json_int_t)json_array_size(
				json_object_get(b, "entry"))));
	json_array_foreach(json_object_get(b, "entry"), i, e)
	{
		const char *t = json_string_value(json_object_get(
		    json_object_get(e, "resource"), "resourceType"));

		json_object_set_new(e, "search",
				    json_pack("{s:s}", "mode",
					      t && strcmp(t, "Patient") == 0
						  ? "match"
						  : "include"));
	}
	return http_ok(rs, 200, b);
}

/* GET /fhir/Consent?patient= and GET /fhir/AuditEvent?entity= */
static int
h_fhir_by_patient(struct http_req *rq, struct http_resp *rs, const char *param,
		  int (*fn)(struct service *, const struct actor *,
			    const char *, json_t **, char **))
{
	const char *const allowed[] = {param, NULL};
	char id[ZK_UUID_LEN], *cause = NULL, msg[96];
	json_t *res = NULL;
	int rc;

	if (h_fhir_begin(rq, rs, allowed) != 0)
		return -1;
	if (http_query(rq, param) == NULL) {
		snprintf(msg, sizeof msg, "search by %s (Patient/{id})", param);
		return http_error(rs, 400, "bad_parameter", msg, NULL);
	}
	/* ACC-1: an id that is none finds nothing, as one not allowed. */
	if (h_fhir_patient_ref(http_query(rq, param), id) == NULL)
		return h_fhir_searchset(rq, rs, json_array());
	if ((rc = fn(rq->svc, &rq->actor, id, &res, &cause)) != 0)
		return http_fail(rs, rc, cause, NULL);
	return h_fhir_searchset(rq, rs, res);
}

static int
h_fhir_consents(struct http_req *rq, struct http_resp *rs)
{
	return h_fhir_by_patient(rq, rs, "patient", svc_fhir_consents);
}

/* LOG-6: reading the log is svc_subject_log()'s to allow. */
static int
h_fhir_audit(struct http_req *rq, struct http_resp *rs)
{
	return h_fhir_by_patient(rq, rs, "entity", svc_fhir_audit);
}

/* POST /fhir: a transaction Bundle moves a client in (POR-2, INF-2). */
static int
h_fhir_transaction(struct http_req *rq, struct http_resp *rs)
{
	json_t *out = NULL;
	char *cause = NULL;
	int rc;

	if (h_fhir_begin(rq, rs, NULL) != 0)
		return -1;
	rc = svc_fhir_import(rq->svc, &rq->actor, rq->body, &out, NULL, &cause);
	if (rc != 0)
		return http_fail(rs, rc, cause,
				 rc == ZK_EINVAL ? "POR-2" : NULL);
	return http_ok(rs, 200, out);
}

#define H_FHIR_READ (HTTP_AUTH | HTTP_FULL | HTTP_BEARER)

const struct http_route h_fhir_routes[] = {
    {"GET", "metadata", 0, h_fhir_metadata},
    {"POST", "", H_FHIR_READ | HTTP_WRITE | HTTP_BODY, h_fhir_transaction},
    {"GET", "Patient", H_FHIR_READ, h_fhir_patient_search},
    {"GET", "Patient/:", H_FHIR_READ, h_fhir_patient},
    {"GET", "Patient/:/$everything", H_FHIR_READ, h_fhir_everything},
    {"GET", "Consent", H_FHIR_READ, h_fhir_consents},
    {"GET", "AuditEvent", H_FHIR_READ, h_fhir_audit},
};
const size_t h_fhir_nroutes = ZK_ARRAY_SIZE(h_fhir_routes);

/* --- POR-2 outwards: POST /api/v1/requests/{id}/transfer ------------------ */

struct h_fhir_record {
	const struct actor *a;
	const char *id, *to;
	const struct svc_transfer *res;
	int rc;
	char *cause;
};

static int
h_fhir_record_fn(struct service *writer, void *arg)
{
	struct h_fhir_record *r = arg;

	r->rc =
	    svc_transfer_record(writer, r->a, r->id, r->to, r->res, &r->cause);
	return 0;
}

int
h_requests_transfer(struct http_req *rq, struct http_resp *rs)
{
	static const struct http_field spec[] = {{"to", HTTP_STRING, 1, 512},
						 {"token", HTTP_STRING, 0, 512},
						 {NULL, 0, 0, 0}};
	struct svc_transfer res;
	struct h_fhir_record r;
	const char *id, *to;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, spec, &id) != 0)
		return -1;
	to = http_str(rq, "to");
	memset(&res, 0, sizeof res);
	/* The sending takes seconds: not in the log writer's batch; only
	 * its record is. */
	rc = svc_transfer_send(rq->svc, &rq->actor, id, to,
			       http_str(rq, "token"), &res, &cause);
	if (rc != 0 && rc != ZK_EIO)
		return http_fail(rs, rc, cause, NULL);
	free(cause);
	memset(&r, 0, sizeof r);
	r.a = &rq->actor;
	r.id = id;
	r.to = to;
	r.res = &res;
	if (http_write(rq->srv, h_fhir_record_fn, &r) != 0 || r.rc != 0) {
		free(r.cause);
		return http_error(rs, 503, "audit", zk_strerror(ZK_EAUDIT),
				  "LOG-1");
	}
	free(r.cause);
	if (rc == ZK_EIO)
		return http_error(rs, 502, "transfer_failed", res.error,
				  "POR-2");
	return http_ok(rs, 200,
		       json_pack("{s:s, s:I, s:s}", "outcome", "transferred",
				 "status", (json_int_t)res.status, "location",
				 res.location));
}
