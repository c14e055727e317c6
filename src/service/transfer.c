/*
 * transfer.c: POR-2 outwards. A granted portability request is carried
 * out by sending the client's data straight to the controller the
 * requester names: the transaction Bundle of POR-1 (svc_subject_assemble
 * and fhir_bundle, every part read with the actor's own rights and
 * logged) is POSTed to that controller's FHIR base URL, and the outcome is
 * recorded in the request's history and the log. The Bundle is never
 * logged, only that it went, where, and how it was answered.
 *
 * The sending is plain libcurl: http or https only, no redirects (a
 * redirect could send health data somewhere the requester did not name),
 * a time limit, and a cap on what the answer may be.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "export/export.h"
#include "service/fhir_facade.h"
#include "service/requests_int.h"

#define TRANSFER_TIMEOUT 60	       /* seconds for the whole exchange */
#define TRANSFER_CONNECT 10	       /* seconds to connect */
#define TRANSFER_MAX_ANSWER (1u << 20) /* bytes of the receiver's answer */
#define TRANSFER_MAX_URL 512

/* Writes the receiver's answer, up to TRANSFER_MAX_ANSWER. */
static size_t
transfer_write(char *p, size_t size, size_t n, void *arg)
{
	struct zk_buf *b = arg;

	if (zk_buf_append(b, p, size * n) != 0)
		return 0; /* too big: curl stops with CURLE_WRITE_ERROR */
	return size * n;
}

/* An http or https URL of printable ASCII, without user info. */
static int
transfer_url_ok(const char *to)
{
	const char *host;

	if (to == NULL || strlen(to) >= TRANSFER_MAX_URL)
		return 0;
	if (strncmp(to, "https://", 8) == 0)
		host = to + 8;
	else if (strncmp(to, "http://", 7) == 0)
		host = to + 7;
	else
		return 0;
	for (const char *p = to; *p != '\0'; p++)
		if (!isgraph((unsigned char)*p))
			return 0;
	/* A password in the URL would land in the request's history. */
	return *host != '\0' && *host != '/' && strchr(host, '@') == NULL;
}

/* Copies text into out (n bytes), each byte no printable ASCII as '?'. */
static void
transfer_clean(char *out, size_t n, const char *text)
{
	size_t i;

	for (i = 0; text != NULL && text[i] != '\0' && i + 1 < n; i++)
		out[i] = isprint((unsigned char)text[i]) ? text[i] : '?';
	if (n > 0)
		out[i] = '\0';
}

/* The receiver's answer: where the Patient went, or what went wrong. */
static void
transfer_answer(const struct zk_buf *ans, const char *to,
		struct svc_transfer *res)
{
	json_t *j = json_loadb((const char *)ans->data, ans->len, 0, NULL), *e;
	const char *loc, *diag;
	char buf[sizeof res->location];
	size_t i;

	if (res->status >= 200 && res->status < 300) {
		json_array_foreach(json_object_get(j, "entry"), i, e)
		{
			loc = json_string_value(json_object_get(
			    json_object_get(e, "response"), "location"));
			if (loc != NULL && strncmp(loc, "Patient/", 8) == 0) {
				snprintf(buf, sizeof buf, "%s%s%s", to,
					 to[strlen(to) - 1] == '/' ? "" : "/",
					 loc);
				transfer_clean(res->location,
					       sizeof res->location, buf);
				break;
			}
		}
	} else {
		diag = json_string_value(json_object_get(
		    json_array_get(json_object_get(j, "issue"), 0),
		    "diagnostics"));
		snprintf(buf, sizeof buf, "the receiver answered %ld%s%.200s",
			 res->status, diag ? ": " : "", diag ? diag : "");
		transfer_clean(res->error, sizeof res->error, buf);
	}
	json_decref(j);
}

/* POSTs bundle to to; fills res. 0 when the receiver took it. */
static int
transfer_post(const char *to, const char *token, const json_t *bundle,
	      struct svc_transfer *res)
{
	struct curl_slist *h = NULL;
	struct zk_buf ans;
	char auth[600], *body;
	CURL *c;
	CURLcode cc;
	int rc = ZK_EIO;

	zk_buf_init(&ans, TRANSFER_MAX_ANSWER);
	if ((body = json_dumps(bundle, JSON_COMPACT)) == NULL)
		return ZK_ENOMEM;
	if ((c = curl_easy_init()) == NULL) {
		free(body);
		return ZK_ENOMEM;
	}
	h = curl_slist_append(h, "Content-Type: application/fhir+json");
	h = curl_slist_append(h, "Accept: application/fhir+json");
	if (token != NULL && token[0] != '\0') {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
		sodium_memzero(auth, sizeof auth);
	}
	curl_easy_setopt(c, CURLOPT_URL, to);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)TRANSFER_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)TRANSFER_CONNECT);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
			 (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, transfer_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &ans);
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
		transfer_answer(&ans, to, res);
		if (res->status >= 200 && res->status < 300)
			rc = 0;
	} else {
		snprintf(res->error, sizeof res->error,
			 "could not send to the receiver: %s",
			 cc == CURLE_WRITE_ERROR ? "the answer was too big"
						 : curl_easy_strerror(cc));
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	/* The Bundle is the client's record: nothing of it stays. */
	sodium_memzero(body, strlen(body));
	free(body);
	zk_buf_release(&ans);
	return rc;
}

/* Leaves out the entries withheld from the request (INZ-2). */
static void
transfer_withhold(json_t *as, const json_t *withheld)
{
	json_t *cat, *w;
	size_t i, j, k;

	json_array_foreach(json_object_get(as, "categories"), i, cat)
	{
		json_t *entries = json_object_get(cat, "entries");

		for (j = 0; j < json_array_size(entries);) {
			const char *id = json_string_value(
			    json_object_get(json_array_get(entries, j), "id"));
			int out = 0;

			json_array_foreach(withheld, k, w)
			{
				const char *x = json_string_value(
				    json_object_get(w, "entry"));

				out |= id != NULL && x != NULL &&
				       strcmp(id, x) == 0;
			}
			if (out)
				json_array_remove(entries, j);
			else
				j++;
		}
	}
}

int
svc_transfer_send(struct service *svc, const struct actor *a, const char *uid,
		  const char *to, const char *token, struct svc_transfer *res,
		  char **cause)
{
	struct store_subject x;
	struct svc_tenant *t;
	struct store_rq r;
	json_t *rj = NULL, *as = NULL, *bundle = NULL;
	int rc;

	memset(res, 0, sizeof *res);
	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a request id");
	if (!transfer_url_ok(to))
		return zk_fail(cause, ZK_EINVAL,
			       "to must be the http or https address of the "
			       "other controller's FHIR server, without a "
			       "password, of at most %d bytes",
			       TRANSFER_MAX_URL - 1);
	if (token != NULL &&
	    (strlen(token) > 512 || strpbrk(token, "\r\n") != NULL))
		return zk_fail(cause, ZK_EINVAL, "token is no bearer token");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	store_rq_init(&r);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_rq_get(svc->store, a->tenant, uid, &r);
	if (rc == 0)
		rc =
		    store_subject_get(svc->store, a->tenant, r.subject_uid, &x);
	if (rc == 0)
		rc = request_json(svc, a->tenant, t->profile, &r, &x, &rj);
	store_subject_release(&x);
	store_rollback(svc->store);
	if (rc != 0) {
		rc = zk_fail(cause, rc,
			     rc == ZK_ENOTFOUND ? "no such request"
						: "cannot read the request");
		goto out;
	}
	/* POR-2: a portability request, granted wholly or in part (RQ-5). */
	if (strcmp(r.kind, "portability") != 0) {
		rc = zk_fail(cause, ZK_ECONFLICT,
			     "only a portability request is transferred "
			     "(POR-2), not a %s request",
			     r.kind);
		goto out;
	}
	if (strcmp(r.decision, "granted") != 0 &&
	    strcmp(r.decision, "partly") != 0) {
		rc = zk_fail(cause, ZK_ECONFLICT,
			     "the request must be granted, wholly or in part, "
			     "before it is carried out (RQ-5)");
		goto out;
	}
	if ((rc = svc_subject_assemble(svc, a, r.subject_uid, "nl", &as,
				       cause)) != 0)
		goto out;
	transfer_withhold(as, json_object_get(rj, "withheld"));
	if ((rc = fhir_bundle(as, "transaction", &bundle, cause)) != 0)
		goto out;
	rc = transfer_post(to, token, bundle, res);
	if (rc == ZK_EIO)
		zk_fail(cause, rc, "%s", res->error);
out:
	json_decref(bundle);
	json_decref(as);
	json_decref(rj);
	store_rq_release(&r);
	return rc;
}

int
svc_transfer_record(struct service *svc, const struct actor *a, const char *uid,
		    const char *to, const struct svc_transfer *res,
		    char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_rq r;
	char now[ZK_TIME_LEN], what[600], by[80];
	bool ok = res->error[0] == '\0';
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	store_rq_init(&r);
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if ((rc = store_rq_get(svc->store, a->tenant, uid, &r)) != 0) {
		store_rollback(svc->store);
		store_rq_release(&r);
		return zk_fail(cause, rc, "no such request");
	}
	svc_event_init(&ev, a, t, "request.transfer", 'E');
	ev.subject_uid = r.subject_uid;
	ev.object_type = "request";
	ev.object_uid = r.uid;
	ev.rule = "POR-2";
	ev.reason = "subject_request";
	ev.outcome = ok ? "success" : "error";
	/* REP-6: carried out for whom asked. */
	if (r.representative_id != 0) {
		snprintf(by, sizeof by, "representative:%s",
			 r.representative_uid);
		ev.on_behalf_of = by;
	}
	/* The history names the receiver and its answer, never the data. */
	if (ok)
		snprintf(what, sizeof what, "transferred to %s: %ld%s%s", to,
			 res->status, res->location[0] ? ", " : "",
			 res->location);
	else
		snprintf(what, sizeof what, "transfer_failed to %s: %s", to,
			 res->error);
	zk_time_fmt(zk_now(), now);
	rc = store_rq_event_add(svc->store, a->tenant, r.id, now,
				a->system ? "system" : a->username, what,
				r.state);
	store_rq_release(&r);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_request_transfer(struct service *svc, const struct actor *a,
		     const char *uid, const char *to, const char *token,
		     struct svc_transfer *res, char **cause)
{
	int rc = svc_transfer_send(svc, a, uid, to, token, res, cause);

	/* Only a send that was tried is recorded: a refusal before it is
	 * logged where it was made. */
	if (rc != 0 && rc != ZK_EIO)
		return rc;
	if (svc_transfer_record(svc, a, uid, to, res, rc == 0 ? cause : NULL) !=
	    0)
		return rc != 0 ? rc : ZK_EAUDIT;
	return rc;
}
