/*
 * server.c: the HTTP server on libmicrohttpd (a thread pool on epoll).
 *
 * Every call goes the same way: the body is collected up to a hard limit,
 * the path is matched against the route table, the session is checked
 * (cookie with CSRF token, or bearer token), the JSON body is parsed, and
 * the handler calls the service layer with a service handle borrowed from
 * the pool (one database connection each). Every answer is JSON; every
 * error has the shape {"error":{"code":…,"message":…,"rule":…}} and a 4xx
 * status, or 503 when the storage or the log fails. Nothing answers 500.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/seal.h"
#include "http/http_int.h"
#include "http/web_assets.h"

struct http_pool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct service **free;
	int nfree;
	int size;
};

/*
 * One open connection, from libmicrohttpd's "started" to its "closed"
 * notice: until when it may take to send what it is sending (its request
 * line, the rest of its header, its body), and what its raw request line
 * held that the unescaped path no longer shows.
 */
struct http_sock {
	struct http_sock *prev, *next;
	int fd;
	int reading;	  /* a deadline runs (not while being answered) */
	int64_t deadline; /* monotonic ms */
	int bad_escape;	  /* a '%' not followed by two hex digits */
	int slash_escape; /* %2F in the path */
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct svc_group *group;
	struct http_pool pool;
	struct http_sessions *sessions;
	bool tls;
	uint16_t port;
	char *cert;
	char *key;
	/* Connections and the orderly stop, under conn_lock. */
	pthread_mutex_t conn_lock;
	pthread_cond_t conn_cond;
	struct http_sock *socks;
	unsigned nconn;	   /* open connections */
	unsigned max_conn; /* beyond it only health is served */
	int64_t header_ms;
	int stopping;	 /* no new connections; new requests get 503 */
	int dispatching; /* requests between the gate and their answer or
			    their ticket */
	int busy;	 /* requests begun and not completed */
	pthread_t reaper;
	pthread_cond_t reaper_cond;
	int reaper_started;
	int reaper_stop;
};

/* Per-connection state across the calls MHD makes for one request. */
struct http_conn {
	struct zk_buf body;
	int too_big;
	size_t dropped; /* bytes of an oversized body read and dropped */
	/*
	 * A response waiting for its log entries to be durable: the
	 * connection is suspended until the writer resumes it.
	 */
	struct group_job *ticket;
	struct http_resp resp;
	int answered; /* refused at once; the rest of it is ignored */
	int deferred; /* refused: resp goes once the body is read */
};

struct http_sessions *
http_server_sessions(struct http_server *h)
{
	return h->sessions;
}

bool
http_server_tls(const struct http_server *h)
{
	return h->tls;
}

/* --- responses ------------------------------------------------------------ */

void
http_resp_release(struct http_resp *rs)
{
	json_decref(rs->body);
	rs->body = NULL;
	seal_wipe(rs->text.data, rs->text.len);
	zk_buf_release(&rs->text);
}

/*
 * Copies s to out (n bytes), each byte that does not begin a valid UTF-8
 * character written as '?': a message may quote what a client sent, cut
 * at a byte limit.
 */
static void
http_utf8_clean(const char *s, char *out, size_t n)
{
	size_t i = 0, o = 0, len = strlen(s);

	while (i < len && o + 5 < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;

		if (k > len - i || !zk_utf8_valid(s + i, k)) {
			out[o++] = '?';
			i++;
			continue;
		}
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
	}
	out[o] = '\0';
}

int
http_error(struct http_resp *rs, unsigned status, const char *code,
	   const char *message, const char *rule)
{
	char clean[512];

	http_resp_release(rs);
	rs->status = status;
	if (!zk_utf8_valid(message, strlen(message))) {
		http_utf8_clean(message, clean, sizeof clean);
		message = clean;
	}
	rs->body = json_pack("{s:{s:s, s:s, s:s?}}", "error", "code", code,
			     "message", message, "rule", rule);
	return -1;
}

int
http_ok(struct http_resp *rs, unsigned status, json_t *body)
{
	http_resp_release(rs);
	rs->status = status;
	rs->body = body;
	if (body == NULL)
		return http_error(rs, 503, "no_memory", "out of memory", NULL);
	return 0;
}

int
http_ok_text(struct http_resp *rs, unsigned status, const char *key,
	     struct zk_buf *json)
{
	struct zk_buf *t = &rs->text;

	http_resp_release(rs);
	rs->status = status;
	zk_buf_init_secret(t, 0);
	if (zk_buf_reserve(t, json->len + strlen(key) + 5) != 0) {
		seal_wipe(json->data, json->len);
		zk_buf_release(json);
		return http_error(rs, 503, "no_memory", "out of memory", NULL);
	}
	zk_buf_append(t, "{\"", 2);
	zk_buf_append(t, key, strlen(key));
	zk_buf_append(t, "\":", 2);
	zk_buf_append(t, json->data, json->len);
	zk_buf_append(t, "}", 1);
	seal_wipe(json->data, json->len);
	zk_buf_release(json);
	return 0;
}

/* The rule id at the end of a refusal's cause: "refused: x (ACC-2)". */
static const char *
http_rule_of(const char *cause, char *buf, size_t n)
{
	const char *open, *close;

	if (cause == NULL || (open = strrchr(cause, '(')) == NULL ||
	    (close = strchr(open, ')')) == NULL || close - open - 1 <= 0 ||
	    (size_t)(close - open - 1) >= n)
		return NULL;
	memcpy(buf, open + 1, (size_t)(close - open - 1));
	buf[close - open - 1] = '\0';
	return strchr(buf, '-') != NULL ? buf : NULL;
}

int
http_fail(struct http_resp *rs, int rc, char *cause, const char *rule)
{
	char buf[32];
	unsigned status = (unsigned)zk_http_status(rc);
	const char *code = zk_errname(rc);

	if (rule == NULL && rc == ZK_EDENIED)
		rule = http_rule_of(cause, buf, sizeof buf);
	/* Storage faults are not the client's business in detail. */
	if (status >= 500)
		http_error(rs, status, code, zk_strerror(rc), rule);
	else
		http_error(rs, status, code, cause ? cause : zk_strerror(rc),
			   rule);
	free(cause);
	return -1;
}

/* libmicrohttpd is done with an answer: nothing of it stays in memory. */
static void
http_text_free(void *text)
{
	seal_wipe(text, strlen(text));
	free(text);
}

/* A file of the web application: compiled in, so sent without a copy. */
static enum MHD_Result
http_send_asset(struct MHD_Connection *c, struct http_resp *rs, bool tls)
{
	const struct web_asset *a = rs->asset;
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(a->len, (void *)a->data,
					    MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", a->type);
	MHD_add_response_header(
	    r, "Cache-Control",
	    a->immutable ? "public, max-age=31536000, immutable" : "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(r, "Content-Security-Policy", h_web_csp());
	if (tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000");
	if (rs->close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
http_send(struct MHD_Connection *c, struct http_resp *rs, bool tls)
{
	char *text = NULL;
	struct MHD_Response *r;
	enum MHD_Result ret;
	char retry[16];
	size_t len = 0;
	bool doc;

	if (rs->asset != NULL)
		return http_send_asset(c, rs, tls);
	if (rs->fhir)
		h_fhir_finish(rs);
	doc = rs->content_type != NULL && rs->text.data != NULL;
	if (doc)
		len = rs->text.len;
	if (rs->text.data != NULL) {
		/* Handed over to libmicrohttpd, which frees it. */
		text = (char *)rs->text.data;
		zk_buf_init(&rs->text, 0);
	} else if (rs->body != NULL) {
		text = json_dumps(rs->body, JSON_COMPACT);
	}
	if (text == NULL)
		text = strdup("{\"error\":{\"code\":\"no_memory\",\"message\":"
			      "\"out of memory\",\"rule\":null}}");
	if (text == NULL)
		return MHD_NO;
	r = MHD_create_response_from_buffer_with_free_callback(
	    doc ? len : strlen(text), text, http_text_free);
	if (r == NULL) {
		http_text_free(text);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type",
				doc ? rs->content_type
				    : "application/json; charset=utf-8");
	if (doc && rs->disposition[0] != '\0')
		MHD_add_response_header(r, "Content-Disposition",
					rs->disposition);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; frame-ancestors 'none'");
	if (tls)
		MHD_add_response_header(r, "Strict-Transport-Security",
					"max-age=31536000");
	if (rs->cookie[0] != '\0')
		MHD_add_response_header(r, "Set-Cookie", rs->cookie);
	if (rs->retry_after > 0) {
		snprintf(retry, sizeof retry, "%d", rs->retry_after);
		MHD_add_response_header(r, "Retry-After", retry);
	}
	if (rs->allow[0] != '\0')
		MHD_add_response_header(r, "Allow", rs->allow);
	if (rs->close)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	ret = MHD_queue_response(c, rs->status ? rs->status : 503, r);
	MHD_destroy_response(r);
	return ret;
}

/* --- the service pool --------------------------------------------------------
 */

static struct service *
http_pool_get(struct http_pool *p)
{
	struct service *svc;

	pthread_mutex_lock(&p->lock);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cond, &p->lock);
	svc = p->free[--p->nfree];
	pthread_mutex_unlock(&p->lock);
	return svc;
}

static void
http_pool_put(struct http_pool *p, struct service *svc)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->nfree++] = svc;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* --- request helpers --------------------------------------------------------
 */

const char *
http_str(struct http_req *rq, const char *name)
{
	return json_string_value(json_object_get(rq->body, name));
}

/* Path segment i as an id, in lower case (zk_hex_lower). */
static const char *
http_seg_id(struct http_req *rq, int i)
{
	zk_hex_lower(rq->seg[i]);
	return rq->seg[i];
}

int
http_path_id(struct http_req *rq, struct http_resp *rs, int i, const char **id)
{
	*id = http_seg_id(rq, i);
	if (!zk_uuid_valid(*id))
		return http_error(rs, 400, "bad_id",
				  "the id in the path is not a valid id", NULL);
	return 0;
}

int
http_begin(struct http_req *rq, struct http_resp *rs,
	   const struct http_field *spec, const char **id)
{
	if (http_check_query(rq, rs, NULL) != 0 ||
	    http_path_id(rq, rs, 1, id) != 0 ||
	    (spec != NULL && http_check_body(rq, rs, spec) != 0))
		return -1;
	return 0;
}

int
http_show_id(struct http_req *rq, struct http_resp *rs, http_show_fn fn,
	     const char *rule)
{
	const char *id;
	char *cause = NULL;
	json_t *out = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	if ((rc = fn(rq->svc, &rq->actor, id, &out, &cause)) != 0)
		return http_fail(rs, rc, cause, rule);
	return http_ok(rs, 200, out);
}

int
http_act_id(struct http_req *rq, struct http_resp *rs, http_act_fn fn,
	    const char *rule, const char *done)
{
	const char *id;
	char *cause = NULL;
	int rc;

	if (http_begin(rq, rs, NULL, &id) != 0)
		return -1;
	if ((rc = fn(rq->svc, &rq->actor, id, &cause)) != 0)
		return http_fail(rs, rc, cause, rule);
	return http_ok(rs, 200, json_pack("{s:s, s:b}", "id", id, done, 1));
}

/*
 * A string field: at most max bytes (413), and text people read: not
 * blank, no control characters, one line without blanks at either end
 * except for free text (reason, summary). Secrets are taken as they are.
 */
static int
http_text_check(struct http_resp *rs, const struct http_field *f, json_t *v,
		size_t max)
{
	static const char *const lines[] = {"reason", "summary", NULL};
	static const char *const secrets[] = {"password", "totp", NULL};
	const char *s = json_string_value(v);
	bool multi = false;
	char msg[160];

	if (json_string_length(v) > max) {
		snprintf(msg, sizeof msg,
			 "field \"%s\" is longer than %zu bytes", f->name, max);
		return http_error(rs, 413, "too_big", msg, NULL);
	}
	if (json_string_length(v) == 0)
		return 0; /* HTTP_STRING refuses it; for _OR_NULL it is "" */
	for (int i = 0; secrets[i] != NULL; i++)
		if (strcmp(f->name, secrets[i]) == 0)
			return 0;
	for (int i = 0; lines[i] != NULL; i++)
		multi |= strcmp(f->name, lines[i]) == 0;
	switch (zk_text_check(s, multi)) {
	case ZK_TEXT_OK:
		return 0;
	case ZK_TEXT_BLANK:
		snprintf(msg, sizeof msg, "field \"%s\" must not be blank",
			 f->name);
		break;
	case ZK_TEXT_CONTROL:
		snprintf(msg, sizeof msg,
			 "field \"%s\" must not contain control characters%s",
			 f->name, multi ? "" : " or line breaks");
		break;
	default:
		snprintf(msg, sizeof msg,
			 "field \"%s\" must not begin or end with a space",
			 f->name);
	}
	return http_error(rs, 400, "invalid", msg, NULL);
}

int
http_check_body(struct http_req *rq, struct http_resp *rs,
		const struct http_field *spec)
{
	char msg[160];
	const char *k;
	json_t *v;

	if (!json_is_object(rq->body))
		return http_error(rs, 400, "bad_json",
				  "the body must be a JSON object", NULL);
	json_object_foreach(rq->body, k, v)
	{
		const struct http_field *f = spec;

		while (f->name != NULL && strcmp(f->name, k) != 0)
			f++;
		if (f->name == NULL) {
			snprintf(msg, sizeof msg, "unknown field \"%.64s\"", k);
			return http_error(rs, 400, "unknown_field", msg, NULL);
		}
	}
	for (const struct http_field *f = spec; f->name != NULL; f++) {
		int32_t day;
		size_t max = f->max ? f->max : 4096;
		int ok;

		v = json_object_get(rq->body, f->name);
		if (v == NULL) {
			if (!f->required)
				continue;
			snprintf(msg, sizeof msg, "field \"%s\" is required",
				 f->name);
			return http_error(rs, 400, "missing_field", msg, NULL);
		}
		if ((f->type == HTTP_STRING ||
		     f->type == HTTP_STRING_OR_NULL) &&
		    json_is_string(v) && http_text_check(rs, f, v, max) != 0)
			return -1;
		switch (f->type) {
		case HTTP_STRING:
			ok = json_is_string(v) && json_string_length(v) > 0;
			break;
		case HTTP_STRING_OR_NULL:
			ok = json_is_null(v) || json_is_string(v);
			break;
		case HTTP_DATE:
			ok = json_is_null(v) && !f->required;
			ok = ok ||
			     (json_is_string(v) &&
			      zk_date_parse(json_string_value(v), &day) == 0);
			break;
		case HTTP_OBJECT:
			ok = json_is_object(v);
			break;
		case HTTP_ARRAY:
			ok = json_is_array(v);
			break;
		case HTTP_BOOL:
			ok = json_is_boolean(v);
			break;
		case HTTP_INT:
			ok = json_is_integer(v);
			break;
		default:
			ok = 0;
		}
		if (!ok) {
			static const char *const want[] = {
			    "a non-empty string", "an object",
			    "an array",		  "true or false",
			    "an integer",	  "a date (YYYY-MM-DD)",
			    "a string or null"};

			snprintf(msg, sizeof msg, "field \"%s\" must be %s",
				 f->name, want[f->type]);
			return http_error(rs, 400,
					  f->type == HTTP_DATE ? "bad_date"
							       : "invalid_type",
					  msg, NULL);
		}
	}
	return 0;
}

struct http_qcheck {
	const char *const *allowed;
	const char *bad;
	const char *bare; /* a known parameter without "=value" */
	const char *seen[16];
	int nseen;
	int dup;
};

static enum MHD_Result
http_query_visit(void *cls, enum MHD_ValueKind kind, const char *key,
		 const char *value)
{
	struct http_qcheck *q = cls;
	int ok = 0;

	(void)kind;
	for (int i = 0; q->allowed != NULL && q->allowed[i] != NULL; i++)
		ok |= strcmp(q->allowed[i], key) == 0;
	if (!ok) {
		q->bad = key;
		return MHD_NO;
	}
	if (value == NULL || value[0] == '\0') {
		q->bare = key;
		return MHD_NO;
	}
	for (int i = 0; i < q->nseen; i++)
		if (strcmp(q->seen[i], key) == 0)
			q->dup = 1;
	if (q->nseen < 16)
		q->seen[q->nseen++] = key;
	return MHD_YES;
}

int
http_check_query(struct http_req *rq, struct http_resp *rs,
		 const char *const *allowed)
{
	struct http_qcheck q;
	char msg[160];

	memset(&q, 0, sizeof q);
	q.allowed = allowed;
	MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND,
				  http_query_visit, &q);
	if (q.bad != NULL) {
		snprintf(msg, sizeof msg, "unknown query parameter \"%.64s\"",
			 q.bad);
		return http_error(rs, 400, "unknown_parameter", msg, NULL);
	}
	if (q.bare != NULL) {
		snprintf(
		    msg, sizeof msg,
		    "query parameter \"%.64s\" needs a value after =", q.bare);
		return http_error(rs, 400, "bad_parameter", msg, NULL);
	}
	if (q.dup)
		return http_error(rs, 400, "duplicate_parameter",
				  "a query parameter appears twice", NULL);
	return 0;
}

const char *
http_query(struct http_req *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND,
					   name);
}

/* --- routing and authentication ----------------------------------------------
 */

/* Splits url (after /api/v1/) into rq->seg; -1 for a malformed path. */
static int
http_split(struct http_req *rq, char *path)
{
	char *p = path, *slash;

	rq->nseg = 0;
	if (*p == '\0')
		return 0;
	for (;;) {
		if (rq->nseg == HTTP_MAX_SEGMENTS)
			return -1;
		slash = strchr(p, '/');
		if (slash != NULL)
			*slash = '\0';
		if (*p == '\0' || strlen(p) > 128)
			return -1;
		rq->seg[rq->nseg++] = p;
		if (slash == NULL)
			return 0;
		p = slash + 1;
	}
}

/* Matches the segments to a pattern like "clients/:/entries". */
static int
http_match(const struct http_req *rq, const char *pattern)
{
	char buf[128], *save = NULL, *tok;
	int i = 0;

	zk_strlcpy(buf, pattern, sizeof buf);
	for (tok = strtok_r(buf, "/", &save); tok != NULL;
	     tok = strtok_r(NULL, "/", &save), i++) {
		if (i >= rq->nseg)
			return 0;
		if (strcmp(tok, ":") != 0 && strcmp(tok, rq->seg[i]) != 0)
			return 0;
	}
	return i == rq->nseg;
}

/* The session token from "Authorization: Bearer" or the cookie. */
static const char *
http_token(struct http_req *rq, bool *bearer)
{
	const char *auth = MHD_lookup_connection_value(
	    rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);

	*bearer = false;
	if (auth != NULL) {
		*bearer = true;
		if (strncasecmp(auth, "Bearer ", 7) == 0)
			return auth + 7;
		return "";
	}
	return MHD_lookup_connection_value(rq->conn, MHD_COOKIE_KIND,
					   "zk_session");
}

int
http_write(struct http_server *h, int (*fn)(struct service *, void *),
	   void *arg)
{
	return svc_group_exec(h->group, fn, arg);
}

static int
http_session_end_fn(struct service *writer, void *arg)
{
	return svc_session_end(writer, arg);
}

/* The NEN 7513 action code a request method asks for. */
static char
http_action_code(const char *method)
{
	if (strcmp(method, "GET") == 0)
		return 'R';
	if (strcmp(method, "POST") == 0)
		return 'C';
	return strcmp(method, "DELETE") == 0 ? 'D' : 'U';
}

/*
 * A request refused because the account must first do something else (a
 * second factor, a new password): 403 code, logged (LOG-1) on the client
 * the path names, if any, with reason.
 */
static int
http_refuse_pending(struct http_req *rq, struct http_resp *rs,
		    const struct http_route *route, const char *reason,
		    const char *code, const char *message)
{
	/* LOG-6: a read of the log names the rule that wants both factors. */
	const char *rule = (route->flags & HTTP_2FA) &&
				   strcmp(reason, "two_factor_required") == 0
			       ? "LOG-6"
			       : "SEC-3";
	char *cause = NULL;
	int rc;

	rc = svc_log_refusal(rq->svc, &rq->actor, "request.refused",
			     http_action_code(rq->method),
			     rq->nseg >= 2 && strcmp(rq->seg[0], "clients") == 0
				 ? http_seg_id(rq, 1)
				 : NULL,
			     route->pattern, reason, rule, &cause);
	free(cause);
	if (rc == ZK_EAUDIT)
		return http_error(rs, 503, "audit", zk_strerror(ZK_EAUDIT),
				  "LOG-1");
	return http_error(rs, 403, code, message, rule);
}

static int
http_authenticate(struct http_req *rq, struct http_resp *rs,
		  const struct http_route *route)
{
	unsigned flags = route->flags;
	struct http_sessions *ss = rq->srv->sessions;
	const char *token, *csrf, *exception;
	char *cause = NULL;
	bool bearer;
	int rc;

	token = http_token(rq, &bearer);
	if (token == NULL)
		return http_error(rs, 401, "unauthenticated",
				  "log in first (POST /api/v1/login)", "SEC-3");
	if ((flags & HTTP_BEARER) && !bearer)
		return http_error(rs, 401, "unauthenticated",
				  "a bearer token is needed here (POST "
				  "/api/v1/login with \"token\": true)",
				  "SEC-3");
	rc = http_session_get(rq->srv, rq->svc, token, zk_now(), &rq->session);
	if (rc == ZK_ECONFLICT)
		return http_error(rs, 401, "session_expired",
				  "the session has expired; log in again",
				  "SEC-3");
	if (rc != 0 && rc != ZK_EAUTH)
		return http_fail(rs, rc, NULL, NULL);
	if (rc != 0 || rq->session.bearer != bearer)
		return http_error(rs, 401, "unauthenticated",
				  "no valid session; log in again", "SEC-3");
	/* CSRF: a cookie session proves the page is ours on every write. */
	if ((flags & (HTTP_WRITE | HTTP_CSRF)) && !bearer) {
		csrf = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
						   "X-CSRF-Token");
		if (csrf == NULL || strlen(csrf) != HTTP_TOKEN_LEN - 1 ||
		    sodium_memcmp(csrf, rq->session.csrf, HTTP_TOKEN_LEN - 1) !=
			0)
			return http_error(
			    rs, 403, "csrf",
			    "missing or wrong X-CSRF-Token header", "SEC-1");
	}
	/*
	 * The user is reloaded at most every HTTP_ACTOR_TTL seconds, so that
	 * a disabled account or changed roles take effect within that time
	 * (at once when done through this server's API). Its role bits index
	 * the profile of the day it was loaded, so a new day reloads it.
	 */
	if (rq->session.actor_at != 0 &&
	    zk_now() - rq->session.actor_at < HTTP_ACTOR_TTL &&
	    zk_day_nl(rq->session.actor_at) == svc_today(rq->svc)) {
		rq->actor = rq->session.actor;
		zk_strlcpy(rq->actor.access_point, rq->ip,
			   sizeof rq->actor.access_point);
	} else {
		rc = svc_actor_user(rq->svc, rq->session.tenant,
				    rq->session.username, rq->ip, &rq->actor,
				    &cause);
		if (rc == ZK_EAUTH || rc == ZK_ENOTFOUND) {
			/* Ended here and, for the other servers, in the store.
			 */
			http_write(rq->srv, http_session_end_fn,
				   rq->session.token);
			http_session_forget(ss, rq->session.token);
			free(cause);
			return http_error(rs, 401, "unauthenticated",
					  "the account is no longer active",
					  "SEC-3");
		}
		if (rc != 0)
			return http_fail(rs, rc, cause, NULL);
		http_session_set_actor(ss, rq->session.token, &rq->actor,
				       zk_now());
	}
	/* SCOPE-1: under /clients/{id}/ only clients are found. */
	rq->actor.subject_kind[0] = '\0';
	if (rq->nseg >= 2 && strcmp(rq->seg[0], "clients") == 0)
		zk_strlcpy(rq->actor.subject_kind, "client",
			   sizeof rq->actor.subject_kind);
	/* RST-1: the exception an act relies on while restricted. */
	rq->actor.exception[0] = '\0';
	exception = MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND,
						"Zorgkluis-Exception");
	if (exception != NULL) {
		if (!svc_restriction_exception_valid(exception))
			return http_error(
			    rs, 400, "bad_exception",
			    "Zorgkluis-Exception must be consent, legal_claim, "
			    "protection_of_another or public_interest",
			    "RST-1");
		zk_strlcpy(rq->actor.exception, exception,
			   sizeof rq->actor.exception);
	}
	/*
	 * SEC-3, ACC-3: a password an administrator chose is replaced
	 * before anything else, the second factor's enrolment too.
	 */
	if (rq->actor.password_change && !(flags & HTTP_PWOK))
		return http_refuse_pending(
		    rq, rs, route, "password_change_required",
		    "password_change_required",
		    "replace the password an administrator chose first "
		    "(POST /api/v1/password)");
	/*
	 * The roles as they are now decide, not as they were at login; a
	 * read of the log needs both factors whatever the roles (LOG-6).
	 */
	if ((flags & (HTTP_FULL | HTTP_2FA)) && !rq->session.two_factor_ok &&
	    ((flags & HTTP_2FA) || rq->session.two_factor_required ||
	     svc_actor_needs_two_factor(rq->svc, &rq->actor))) {
		return http_refuse_pending(
		    rq, rs, route, "two_factor_required", "two_factor_required",
		    "enrol and confirm a second factor first "
		    "(POST /api/v1/2fa/enrol)");
	}
	return 0;
}

static void
http_client_ip(struct http_req *rq)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
	    rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	zk_strlcpy(rq->ip, "unknown", sizeof rq->ip);
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
			  rq->ip, sizeof rq->ip);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6,
			  &((const struct sockaddr_in6 *)sa)->sin6_addr, rq->ip,
			  sizeof rq->ip);
}

/*
 * RFC 8259 §11, RFC 9110 §8.3.1: application/json, in any case, with
 * white space before parameters; the only parameter understood is
 * charset, which must then be utf-8.
 */
static bool
http_json_type(const char *ct)
{
	const char *p;

	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0)
		return false;
	p = ct + 16;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '\0')
		return true;
	if (*p++ != ';')
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "charset=", 8) != 0)
		return false;
	p += 8;
	if (strncasecmp(p, "utf-8", 5) == 0)
		p += 5;
	else if (strncasecmp(p, "\"utf-8\"", 7) == 0)
		p += 7;
	else
		return false;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p == '\0';
}

/* Parses the collected body as a JSON object into rq->body. */
static int
http_parse_body(struct http_req *rq, struct http_resp *rs,
		const struct zk_buf *body, bool fhir)
{
	const char *ct = MHD_lookup_connection_value(
	    rq->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	json_error_t err;
	char msg[200];

	if (!http_json_type(ct) && !(fhir && h_fhir_type(ct)))
		return http_error(rs, 415, "unsupported_media_type",
				  "send the body as application/json "
				  "(charset utf-8, if named)",
				  NULL);
	if (body->len == 0)
		return http_error(rs, 400, "bad_json", "the body is empty",
				  NULL);
	rq->body = json_loadb((const char *)body->data, body->len,
			      JSON_REJECT_DUPLICATES, &err);
	if (rq->body == NULL) {
		snprintf(msg, sizeof msg,
			 "not valid JSON at line %d, column "
			 "%d: %s",
			 err.line, err.column, err.text);
		return http_error(rs, 400, "bad_json", msg, NULL);
	}
	if (!json_is_object(rq->body))
		return http_error(rs, 400, "bad_json",
				  "the body must be a JSON object", NULL);
	return 0;
}

/* A writing handler, run by the log writer inside its batch. */
struct http_exec {
	struct http_req *rq;
	struct http_resp *rs;
	http_handler fn;
};

static int
http_exec_fn(struct service *writer, void *arg)
{
	struct http_exec *x = arg;
	struct service *reader = x->rq->svc;

	x->rq->svc = writer;
	svc_day_hold(writer, svc_today(reader));
	x->fn(x->rq, x->rs);
	svc_day_release(writer);
	x->rq->svc = reader;
	/*
	 * 0 even for a refusal: its log entry is in this batch too, so when
	 * the batch cannot commit the answer must become 503 as well.
	 */
	return 0;
}

/*
 * libmicrohttpd's unescaping, except that %00 becomes the byte 0xff: a NUL
 * would cut a path, parameter or id short without a trace, where 0xff is
 * no UTF-8 and so is refused wherever it appears.
 */
static size_t
http_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	for (char *p = s; (p = strstr(p, "%00")) != NULL; p += 3)
		memcpy(p, "%ff", 3);
	return MHD_http_unescape(s);
}

static void
http_dispatch(struct http_server *h, struct MHD_Connection *c, const char *url,
	      const char *method, struct http_conn *hc, struct http_resp *rs,
	      struct group_job **ticket)
{
	const struct http_route *route = NULL, *routes = http_routes;
	size_t nroutes = http_nroutes;
	struct http_req rq;
	char path[1100];
	int path_ok = 0;

	memset(&rq, 0, sizeof rq);
	rq.srv = h;
	rq.conn = c;
	rq.method = method;
	rq.url = url;
	http_client_ip(&rq);
	if (hc->too_big) {
		http_error(rs, 413, "too_big",
			   "the request body is larger than 1 MiB", NULL);
		return;
	}
	if (hc->body.len == 0 && h_web_serve(url, method, rs))
		return;
	if (strncmp(url, "/api/v1/", 8) == 0 && strlen(url) < sizeof path &&
	    zk_utf8_valid(url, strlen(url))) {
		zk_strlcpy(path, url + 8, sizeof path);
		path_ok = http_split(&rq, path) == 0;
	} else if (rs->fhir && strlen(url) < sizeof path &&
		   zk_utf8_valid(url, strlen(url))) {
		/* The FHIR facade: its own routes, the same door. */
		zk_strlcpy(path, url[5] == '/' ? url + 6 : "", sizeof path);
		path_ok = http_split(&rq, path) == 0;
		routes = h_fhir_routes;
		nroutes = h_fhir_nroutes;
	}
	if (!path_ok) {
		http_error(rs, 404, "not_found", "no such endpoint", NULL);
		return;
	}
	for (size_t i = 0; i < nroutes; i++) {
		if (!http_match(&rq, routes[i].pattern))
			continue;
		if (strcmp(routes[i].method, method) == 0) {
			route = &routes[i];
			break;
		}
		path_ok = 2; /* the path exists with another method */
	}
	if (route == NULL) {
		if (path_ok == 2) {
			char allow[sizeof rs->allow] = "";

			/* RFC 9110 15.5.6: a 405 says what the path takes. */
			for (size_t i = 0; i < nroutes; i++) {
				size_t n = strlen(allow);

				if (!http_match(&rq, routes[i].pattern) ||
				    strstr(allow, routes[i].method))
					continue;
				snprintf(allow + n, sizeof allow - n, "%s%s",
					 n ? ", " : "", routes[i].method);
			}
			http_error(rs, 405, "method_not_allowed",
				   "this endpoint does not take that method",
				   NULL);
			zk_strlcpy(rs->allow, allow, sizeof rs->allow);
		} else
			http_error(rs, 404, "not_found", "no such endpoint",
				   NULL);
		return;
	}
	if (!(route->flags & HTTP_BODY) && hc->body.len > 0) {
		http_error(rs, 400, "unexpected_body",
			   "this endpoint takes no request body", NULL);
		return;
	}
	if ((route->flags & HTTP_BODY) &&
	    http_parse_body(&rq, rs, &hc->body, rs->fhir) != 0) {
		json_decref(rq.body);
		return;
	}
	rq.svc = http_pool_get(&h->pool);
	/* One request, one day: one version of the profile decides it. */
	svc_day_hold(rq.svc, zk_day_nl(zk_now()));
	if (!(route->flags & HTTP_AUTH) ||
	    http_authenticate(&rq, rs, route) == 0) {
		if (route->flags & HTTP_WRITE) {
			struct http_exec x = {&rq, rs, route->fn};

			/* Writes run in the writer's batch; see group.c. */
			if (svc_group_exec(h->group, http_exec_fn, &x) ==
			    ZK_EAUDIT)
				http_error(rs, 503, "audit",
					   zk_strerror(ZK_EAUDIT), "LOG-1");
			else if (rq.upgrade)
				/* Only once the confirmation is durable. */
				http_session_upgrade(h->sessions,
						     rq.session.token);
			else if (rq.forget)
				http_session_forget(h->sessions,
						    rq.session.token);
			else if (rq.forget_user != NULL)
				http_sessions_forget_user(h->sessions,
							  rq.actor.tenant,
							  rq.forget_user);
		} else {
			route->fn(&rq, rs);
			if (rq.forget_user != NULL)
				http_sessions_forget_user(h->sessions,
							  rq.actor.tenant,
							  rq.forget_user);
		}
	}
	*ticket = svc_take_ticket(rq.svc);
	svc_day_release(rq.svc);
	http_pool_put(&h->pool, rq.svc);
	json_decref(rq.body);
}

/* Called by the log writer when a suspended response may go. */
static void
http_resume(void *arg, int rc)
{
	(void)rc;
	MHD_resume_connection(arg);
}

/*
 * What a request may bring besides its body: requests with more are
 * refused before anything is done, so that a connection's memory
 * (HTTP_CONN_MEMORY, where libmicrohttpd keeps the request's headers and
 * builds the answer) always has room left for the answer.
 */
#define HTTP_MAX_HEADERS 64
#define HTTP_MAX_HEADER_BYTES (8 * 1024)
#define HTTP_MAX_TARGET (4 * 1024) /* path and query */
#define HTTP_CONN_MEMORY (32 * 1024)

/* Headers that must not be given twice: a second one would be ignored. */
static const char *const http_single[] = {
    MHD_HTTP_HEADER_CONTENT_LENGTH,
    MHD_HTTP_HEADER_TRANSFER_ENCODING,
    MHD_HTTP_HEADER_HOST,
    MHD_HTTP_HEADER_AUTHORIZATION,
    MHD_HTTP_HEADER_CONTENT_TYPE,
    MHD_HTTP_HEADER_COOKIE,
    MHD_HTTP_HEADER_CONTENT_ENCODING,
    MHD_HTTP_HEADER_EXPECT,
    "X-CSRF-Token",
};

struct http_scan {
	unsigned headers;
	size_t header_bytes, target_bytes;
	unsigned seen[ZK_ARRAY_SIZE(http_single)];
	int malformed;	   /* a name that is no token, a value with controls */
	int bad_parameter; /* a query parameter with a NUL, or not UTF-8 */
};

/* RFC 9110 §5.1, §5.5: a field name is a token; a value has no controls
 * but the tab. */
static int
http_field_ok(const char *key, size_t key_size, const char *value,
	      size_t value_size)
{
	static const char tchar[] = "!#$%&'*+-.^_`|~";

	if (key_size == 0)
		return 0;
	for (size_t i = 0; i < key_size; i++) {
		unsigned char ch = (unsigned char)key[i];

		if (!(ch >= '0' && ch <= '9') && !(ch >= 'a' && ch <= 'z') &&
		    !(ch >= 'A' && ch <= 'Z') && strchr(tchar, ch) == NULL)
			return 0;
	}
	for (size_t i = 0; value != NULL && i < value_size; i++) {
		unsigned char ch = (unsigned char)value[i];

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return 0;
	}
	return 1;
}

static enum MHD_Result
http_scan_one(void *cls, enum MHD_ValueKind kind, const char *key,
	      size_t key_size, const char *value, size_t value_size)
{
	struct http_scan *sc = cls;
	size_t n = key_size + (value != NULL ? value_size + 1 : 0) + 1;

	if (kind == MHD_GET_ARGUMENT_KIND) {
		/* %00 arrives as 0xff (http_unescape): no UTF-8 either. */
		if (strlen(key) != key_size || !zk_utf8_valid(key, key_size) ||
		    (value != NULL && (strlen(value) != value_size ||
				       !zk_utf8_valid(value, value_size))))
			sc->bad_parameter = 1;
		sc->target_bytes += n;
		return MHD_YES;
	}
	sc->headers++;
	sc->header_bytes += n + 3;
	if (!http_field_ok(key, key_size, value, value_size))
		sc->malformed = 1;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(http_single); i++)
		if (strcasecmp(key, http_single[i]) == 0)
			sc->seen[i]++;
	return MHD_YES;
}

/*
 * Checks what a request says about itself before its body is read: its
 * size, headers that would be read one way here and another way by a
 * proxy in front (RFC 9112 §6.3), and codings zorgkluis does not speak.
 * Fills rs and returns -1 when the request is refused.
 */
static int
http_check_request(struct MHD_Connection *c, const char *url,
		   const char *version, struct http_resp *rs)
{
	struct http_scan sc;
	const char *te, *ce, *expect;
	char msg[96];

	memset(&sc, 0, sizeof sc);
	MHD_get_connection_values_n(c, MHD_HEADER_KIND | MHD_GET_ARGUMENT_KIND,
				    http_scan_one, &sc);
	if (sc.headers > HTTP_MAX_HEADERS ||
	    sc.header_bytes > HTTP_MAX_HEADER_BYTES)
		return http_error(rs, 431, "headers_too_large",
				  "at most 64 headers and 8 KiB of them", NULL);
	if (strlen(url) + sc.target_bytes > HTTP_MAX_TARGET)
		return http_error(rs, 414, "uri_too_long",
				  "the path and query are longer than 4 KiB",
				  NULL);
	if (sc.bad_parameter)
		return http_error(rs, 400, "bad_parameter",
				  "a query parameter holds a NUL byte or is "
				  "not UTF-8",
				  NULL);
	if (sc.malformed)
		return http_error(rs, 400, "bad_header",
				  "a header name that is not a token, or a "
				  "value with control characters",
				  NULL);
	for (size_t i = 0; i < ZK_ARRAY_SIZE(http_single); i++) {
		if (sc.seen[i] > 1) {
			snprintf(msg, sizeof msg,
				 "the %s header is given twice",
				 http_single[i]);
			return http_error(rs, 400, "bad_header", msg, NULL);
		}
	}
	if (sc.seen[2] == 0 && strcmp(version, MHD_HTTP_VERSION_1_1) == 0)
		return http_error(rs, 400, "bad_header",
				  "HTTP/1.1 needs a Host header", NULL);
	te = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					 MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (te != NULL && sc.seen[0] != 0)
		return http_error(rs, 400, "bad_header",
				  "Content-Length and Transfer-Encoding "
				  "together",
				  NULL);
	if (te != NULL && strcasecmp(te, "chunked") != 0)
		return http_error(rs, 501, "not_implemented",
				  "of the transfer codings only chunked is "
				  "supported",
				  NULL);
	ce = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					 MHD_HTTP_HEADER_CONTENT_ENCODING);
	if (ce != NULL && strcasecmp(ce, "identity") != 0)
		return http_error(rs, 415, "unsupported_media_type",
				  "send the body without a content coding",
				  NULL);
	expect = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					     MHD_HTTP_HEADER_EXPECT);
	if (expect != NULL && strcasecmp(expect, "100-continue") != 0)
		return http_error(rs, 417, "expectation_failed",
				  "only Expect: 100-continue is understood",
				  NULL);
	return 0;
}

/* --- connections under stress ------------------------------------------------
 */

/* Open connections beyond max_connections that only health may use. */
#define HTTP_RESERVE 16
/* Seconds a request body may take to arrive in full. */
#define HTTP_BODY_SECONDS 60
/* How long a stop waits for requests under way, in seconds. */
#define HTTP_STOP_WAIT 10

static struct http_sock *
http_sock_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

/* Starts (ms > 0) or ends (0) the deadline of what c is sending. */
static void
http_sock_deadline(struct http_server *h, struct MHD_Connection *c, int64_t ms)
{
	struct http_sock *hs = http_sock_of(c);

	if (hs == NULL)
		return;
	pthread_mutex_lock(&h->conn_lock);
	hs->reading = ms > 0;
	hs->deadline = zk_mono_ms() + ms;
	pthread_mutex_unlock(&h->conn_lock);
}

/*
 * Whether a new connection is taken: not once the server is stopping.
 * This is the stop's "no new connections"; libmicrohttpd's own quiesce
 * races a worker that takes the listening socket out of its epoll set
 * at the connection limit, and then aborts the process.
 */
static enum MHD_Result
http_accept(void *cls, const struct sockaddr *addr, socklen_t addrlen)
{
	struct http_server *h = cls;
	int stopping;

	(void)addr;
	(void)addrlen;
	pthread_mutex_lock(&h->conn_lock);
	stopping = h->stopping;
	pthread_mutex_unlock(&h->conn_lock);
	return stopping ? MHD_NO : MHD_YES;
}

/* libmicrohttpd opened or closed a connection: it is counted, and it has
 * header_ms for its request line (the TLS handshake included). */
static void
http_notify_conn(void *cls, struct MHD_Connection *c, void **ctx,
		 enum MHD_ConnectionNotificationCode code)
{
	struct http_server *h = cls;
	struct http_sock *hs = *ctx;
	const union MHD_ConnectionInfo *ci;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		if ((hs = calloc(1, sizeof *hs)) == NULL)
			return; /* not counted, no deadline but the idle one */
		ci = MHD_get_connection_info(c,
					     MHD_CONNECTION_INFO_CONNECTION_FD);
		hs->fd = ci != NULL ? ci->connect_fd : -1;
		pthread_mutex_lock(&h->conn_lock);
		hs->reading = 1;
		hs->deadline = zk_mono_ms() + h->header_ms;
		hs->next = h->socks;
		if (h->socks != NULL)
			h->socks->prev = hs;
		h->socks = hs;
		h->nconn++;
		pthread_mutex_unlock(&h->conn_lock);
		*ctx = hs;
		return;
	}
	if (hs == NULL)
		return;
	/* Before libmicrohttpd closes the descriptor (the reaper's). */
	pthread_mutex_lock(&h->conn_lock);
	if (hs->prev != NULL)
		hs->prev->next = hs->next;
	else
		h->socks = hs->next;
	if (hs->next != NULL)
		hs->next->prev = hs->prev;
	h->nconn--;
	pthread_mutex_unlock(&h->conn_lock);
	free(hs);
	*ctx = NULL;
}

static int
http_hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') ||
	       (ch >= 'A' && ch <= 'F');
}

/*
 * The request line has arrived, before anything is unescaped: an invalid
 * escape (RFC 3986 §2.1) or an escaped slash in the path is noted for
 * http_handle, which refuses it; an encoded slash would otherwise split a
 * path segment in two once unescaped. The rest of the header now has
 * header_ms. Returns NULL: the request's own state begins in http_handle.
 */
static void *
http_uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct http_server *h = cls;
	struct http_sock *hs = http_sock_of(c);
	int bad = 0, slash = 0, in_path = 1;

	for (const char *p = uri; *p != '\0'; p++) {
		if (*p == '?')
			in_path = 0;
		if (*p != '%')
			continue;
		if (!http_hex(p[1]) || !http_hex(p[2])) {
			bad = 1;
			continue;
		}
		if (in_path && p[1] == '2' && (p[2] == 'f' || p[2] == 'F'))
			slash = 1;
		p += 2;
	}
	if (hs != NULL) {
		pthread_mutex_lock(&h->conn_lock);
		hs->bad_escape = bad;
		hs->slash_escape = slash;
		hs->reading = 1;
		hs->deadline = zk_mono_ms() + h->header_ms;
		pthread_mutex_unlock(&h->conn_lock);
	}
	return NULL;
}

/*
 * The reaper: a connection that is still sending its request line, header
 * or body past its deadline is shut down, which libmicrohttpd sees as the
 * client leaving. The idle timeout alone would let a client that sends one
 * byte every few seconds hold its connection for ever.
 */
static void *
http_reaper(void *arg)
{
	struct http_server *h = arg;
	struct timespec tick;

	pthread_mutex_lock(&h->conn_lock);
	while (!h->reaper_stop) {
		int64_t now = zk_mono_ms();

		for (struct http_sock *hs = h->socks; hs != NULL;
		     hs = hs->next) {
			if (!hs->reading || now < hs->deadline || hs->fd < 0)
				continue;
			shutdown(hs->fd, SHUT_RDWR);
			hs->reading = 0;
		}
		clock_gettime(CLOCK_MONOTONIC, &tick);
		tick.tv_nsec += 250 * 1000000L;
		if (tick.tv_nsec >= 1000000000L) {
			tick.tv_sec++;
			tick.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&h->reaper_cond, &h->conn_lock, &tick);
	}
	pthread_mutex_unlock(&h->conn_lock);
	return NULL;
}

/*
 * What is refused as soon as the header is in, before any body is read:
 * a server that is stopping, a path with a bad escape, and, beyond
 * max_connections, everything but health. Fills rs and returns -1.
 */
static int
http_refuse_early(struct http_server *h, struct MHD_Connection *c,
		  const char *url, struct http_resp *rs)
{
	struct http_sock *hs = http_sock_of(c);
	int stopping, bad = 0, slash = 0, full;

	pthread_mutex_lock(&h->conn_lock);
	stopping = h->stopping;
	full = h->nconn > h->max_conn;
	if (hs != NULL) {
		bad = hs->bad_escape;
		slash = hs->slash_escape;
	}
	pthread_mutex_unlock(&h->conn_lock);
	if (stopping) {
		http_error(rs, 503, "shutting_down",
			   "the server is stopping; try again shortly", NULL);
		rs->retry_after = 5;
		rs->close = true;
		return -1;
	}
	if (bad)
		return http_error(rs, 400, "bad_path",
				  "a '%' in the path or query is not followed "
				  "by two hexadecimal digits",
				  NULL);
	if (slash)
		return http_error(rs, 400, "bad_path",
				  "an encoded slash (%2F) in the path is not "
				  "accepted: path segments hold no '/'",
				  NULL);
	if (full && strcmp(url, "/api/v1/health") != 0) {
		/* SEC-1: the reserve stays for the operator's health check. */
		http_error(rs, 503, "busy",
			   "the server has too many connections open; try "
			   "again shortly",
			   NULL);
		rs->retry_after = 1;
		rs->close = true;
		return -1;
	}
	return 0;
}

/*
 * Whether a body follows a request refused at once: the client sends it
 * unless it asked with Expect: 100-continue. Answering before it is read
 * would close a connection with unread data, which resets it, and the
 * client would lose the answer; so it is read and dropped first, up to
 * HTTP_MAX_DROP.
 */
static bool
http_body_follows(struct MHD_Connection *c)
{
	const char *expect = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
	const char *len = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	unsigned long long n;
	char *end;

	if (expect != NULL && strcasecmp(expect, "100-continue") == 0)
		return false;
	if (te != NULL)
		return strcasecmp(te, "chunked") == 0;
	if (len == NULL)
		return false;
	n = strtoull(len, &end, 10);
	return *end == '\0' && n > 0 && n <= HTTP_MAX_DROP;
}

static enum MHD_Result
http_handle(void *cls, struct MHD_Connection *c, const char *url,
	    const char *method, const char *version, const char *upload,
	    size_t *upload_size, void **state)
{
	struct http_server *h = cls;
	struct http_conn *hc = *state;
	struct group_job *ticket = NULL;
	struct http_resp rs;
	enum MHD_Result ret;
	int trc;

	if (hc != NULL && hc->ticket != NULL) {
		/* Resumed: the log writer is done with this answer. */
		if (svc_ticket_wait(hc->ticket) != 0)
			http_error(&hc->resp, 503, "audit",
				   zk_strerror(ZK_EAUDIT), "LOG-1");
		svc_ticket_free(hc->ticket);
		hc->ticket = NULL;
		ret = http_send(c, &hc->resp, h->tls);
		http_resp_release(&hc->resp);
		return ret;
	}
	if (hc == NULL) {
		const char *len = MHD_lookup_connection_value(
		    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

		hc = calloc(1, sizeof *hc);
		if (hc == NULL)
			return MHD_NO;
		zk_buf_init_secret(&hc->body, HTTP_MAX_BODY);
		*state = hc;
		pthread_mutex_lock(&h->conn_lock);
		h->busy++;
		pthread_mutex_unlock(&h->conn_lock);
		/* The header is in; the body, if any, has its own time. */
		http_sock_deadline(h, c, (int64_t)HTTP_BODY_SECONDS * 1000);
		/* Refused before anything is read or done. */
		memset(&rs, 0, sizeof rs);
		rs.fhir = h_fhir_url(url);
		if (http_check_request(c, url, version, &rs) != 0 ||
		    http_refuse_early(h, c, url, &rs) != 0) {
			/* The answer is all; the connection then closes. */
		} else if (len != NULL &&
			   strtoull(len, NULL, 10) > HTTP_MAX_BODY) {
			/* An announced oversized body is not collected. */
			http_error(&rs, 413, "too_big",
				   "the request body is larger than 1 MiB",
				   NULL);
		} else {
			return MHD_YES;
		}
		if (http_body_follows(c)) {
			hc->deferred = 1;
			hc->resp = rs;
			hc->resp.close = true;
			return MHD_YES;
		}
		hc->answered = 1;
		http_sock_deadline(h, c, 0);
		ret = http_send(c, &rs, h->tls);
		http_resp_release(&rs);
		return ret;
	}
	if (hc->answered) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		/*
		 * An oversized body, or one of a refused request, is read to
		 * its end and dropped, so that the client gets its answer; one
		 * that goes on past HTTP_MAX_DROP loses the connection.
		 */
		if (!hc->too_big && !hc->deferred &&
		    zk_buf_append(&hc->body, upload, *upload_size) != 0) {
			hc->too_big = 1;
			zk_buf_release(&hc->body);
		}
		if ((hc->too_big || hc->deferred) &&
		    (hc->dropped += *upload_size) > HTTP_MAX_DROP)
			return MHD_NO;
		*upload_size = 0;
		return MHD_YES;
	}
	http_sock_deadline(h, c, 0);
	if (hc->deferred) {
		hc->deferred = 0;
		hc->answered = 1;
		ret = http_send(c, &hc->resp, h->tls);
		http_resp_release(&hc->resp);
		return ret;
	}
	memset(&rs, 0, sizeof rs);
	rs.fhir = h_fhir_url(url);
	/* The gate of an orderly stop: no new work once it has begun. */
	pthread_mutex_lock(&h->conn_lock);
	if (h->stopping) {
		pthread_mutex_unlock(&h->conn_lock);
		http_refuse_early(h, c, url, &rs);
		ret = http_send(c, &rs, h->tls);
		http_resp_release(&rs);
		return ret;
	}
	h->dispatching++;
	pthread_mutex_unlock(&h->conn_lock);
	http_dispatch(h, c, url, method, hc, &rs, &ticket);
	if (ticket != NULL) {
		/* Hold the answer until its log entries are durable. */
		hc->ticket = ticket;
		hc->resp = rs;
		MHD_suspend_connection(c);
		if (svc_ticket_watch(ticket, http_resume, c, &trc))
			MHD_resume_connection(c);
		ret = MHD_YES;
	} else {
		ret = http_send(c, &rs, h->tls);
		http_resp_release(&rs);
	}
	pthread_mutex_lock(&h->conn_lock);
	h->dispatching--;
	pthread_cond_broadcast(&h->conn_cond);
	pthread_mutex_unlock(&h->conn_lock);
	return ret;
}

static void
http_completed(void *cls, struct MHD_Connection *c, void **state,
	       enum MHD_RequestTerminationCode toe)
{
	struct http_server *h = cls;
	struct http_conn *hc = *state;

	(void)toe;
	if (hc == NULL)
		return;
	if (hc->ticket != NULL) {
		svc_ticket_wait(hc->ticket);
		svc_ticket_free(hc->ticket);
	}
	http_resp_release(&hc->resp);
	zk_buf_release(&hc->body);
	free(hc);
	*state = NULL;
	/* A connection kept open waits for its next request line. */
	http_sock_deadline(h, c, h->header_ms);
	pthread_mutex_lock(&h->conn_lock);
	h->busy--;
	pthread_cond_broadcast(&h->conn_cond);
	pthread_mutex_unlock(&h->conn_lock);
}

/* --- start and stop
 * ------------------------------------------------------------ */

void
http_options_init(struct http_options *o)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(o, 0, sizeof *o);
	o->listen = "127.0.0.1:8080";
	/*
	 * Readers do not wait for the log (their connection is suspended
	 * instead), so two threads per core keep the cores busy.
	 */
	o->threads = (int)(n > 0 ? n * 2 : 4);
	if (o->threads < 4)
		o->threads = 4;
	if (o->threads > 64)
		o->threads = 64;
	o->idle_timeout = 15 * 60;
	o->absolute_timeout = 8 * 60 * 60;
	o->max_connections = 512;
	o->per_address = 256;
	o->header_timeout = 10;
	o->checkpoint_interval_ms = 1000;
}

/*
 * Makes room for the connections in the descriptor limit: each takes one,
 * and each worker some more (its database files, its epoll and wake-up
 * descriptors). Raises the soft limit up to the hard one if it must.
 */
static int
http_fd_budget(const struct http_options *o, char **cause)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)o->max_connections + HTTP_RESERVE +
		      (rlim_t)o->threads * 12 + 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 ||
	    rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need) {
		rl.rlim_cur = need;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			return 0;
	}
	return zk_fail(cause, ZK_EINVAL,
		       "--max-connections %d needs %llu file descriptors, more "
		       "than the limit of %llu (ulimit -n)",
		       o->max_connections, (unsigned long long)need,
		       (unsigned long long)rl.rlim_max);
}

static int
http_parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	long port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || colon[1] == '\0' || port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (strcmp(host, "localhost") == 0)
		zk_strlcpy(host, "127.0.0.1", sizeof host);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

static int
http_pool_open(struct http_server *h, const struct http_options *o,
	       char **cause)
{
	struct http_pool *p = &h->pool;
	int rc;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	p->size = o->threads;
	p->free = calloc((size_t)p->size, sizeof *p->free);
	if (p->free == NULL)
		return ZK_ENOMEM;
	for (int i = 0; i < p->size; i++) {
		rc = svc_open(o->db, o->keys, 0, KEYS_ALL, &p->free[p->nfree],
			      cause);
		if (rc != 0)
			return rc;
		p->nfree++;
		if ((rc = svc_group_attach(p->free[p->nfree - 1], h->group)))
			return zk_fail(cause, rc, "cannot start: %s",
				       zk_strerror(rc));
		svc_set_async(p->free[p->nfree - 1], 1);
	}
	return 0;
}

static void
http_pool_close(struct http_pool *p)
{
	if (p->free == NULL)
		return;
	for (int i = 0; i < p->nfree; i++)
		svc_close(p->free[i]);
	free(p->free);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
}

/*
 * Why the daemon could not listen on sa: a trial bind tells a port in use
 * or an address not of this machine from anything else (with TLS, most
 * likely the certificate or key).
 */
static const char *
http_listen_problem(const struct sockaddr_in *sa, int tls)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0), err = 0, one = 1;

	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, (const struct sockaddr *)sa, sizeof *sa) != 0)
			err = errno;
		close(fd);
	}
	if (err == EADDRINUSE)
		return "the port is in use";
	if (err == EADDRNOTAVAIL)
		return "not an address of this machine";
	if (err == EACCES)
		return "a port below 1024 needs privileges";
	return tls ? "check the TLS certificate and key"
		   : "the address cannot be used";
}

int
http_server_start(const struct http_options *o, struct http_server **out,
		  char **cause)
{
	struct http_server *h;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	struct MHD_OptionItem tls[3];
	pthread_condattr_t ca;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_ALLOW_SUSPEND_RESUME;
	int rc;

	*out = NULL;
	if (o->listen == NULL || http_parse_listen(o->listen, &sa) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "listen address must be IPv4ADDR:PORT, e.g. "
			       "127.0.0.1:8080");
	if (o->threads < 1 || o->threads > 256)
		return zk_fail(cause, ZK_EINVAL, "threads must be 1 to 256");
	if ((o->tls_cert == NULL) != (o->tls_key == NULL))
		return zk_fail(cause, ZK_EINVAL,
			       "TLS needs both a certificate and a key");
	if (o->max_connections < 1 || o->max_connections > 100000 ||
	    o->per_address < 1 || o->per_address > 100000 ||
	    o->header_timeout < 1 || o->header_timeout > 3600 ||
	    o->checkpoint_interval_ms < 1 ||
	    o->checkpoint_interval_ms > 3600 * 1000)
		return zk_fail(cause, ZK_EINVAL,
			       "connection limits, header timeout or "
			       "checkpoint interval out of range");
	if ((rc = http_fd_budget(o, cause)) != 0)
		return rc;
	h = calloc(1, sizeof *h);
	if (h == NULL)
		return ZK_ENOMEM;
	pthread_mutex_init(&h->conn_lock, NULL);
	/* Both wait on the monotonic clock. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->conn_cond, &ca);
	pthread_cond_init(&h->reaper_cond, &ca);
	pthread_condattr_destroy(&ca);
	h->max_conn = (unsigned)o->max_connections;
	h->header_ms = (int64_t)o->header_timeout * 1000;
	if (o->tls_cert != NULL) {
		size_t n;

		if ((rc = zk_file_read(o->tls_cert, 1 << 20, &h->cert, &n,
				       cause)) != 0 ||
		    (rc = zk_file_read(o->tls_key, 1 << 20, &h->key, &n,
				       cause)) != 0)
			goto fail;
		h->tls = true;
		flags |= MHD_USE_TLS;
	}
	h->sessions = http_sessions_new(o->idle_timeout, o->absolute_timeout);
	if (h->sessions == NULL) {
		rc = ZK_ENOMEM;
		goto fail;
	}
	if ((rc = svc_group_start(o->db, o->keys, &h->group, cause)) != 0 ||
	    (rc = http_pool_open(h, o, cause)) != 0)
		goto fail;
	svc_group_set_checkpoint_interval(h->group, o->checkpoint_interval_ms);
	if (pthread_create(&h->reaper, NULL, http_reaper, h) != 0) {
		rc = zk_fail(cause, ZK_ENOMEM, "cannot start the reaper");
		goto fail;
	}
	h->reaper_started = 1;
	/* Without TLS the array starts at its end: no options. */
	tls[0] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, h->key};
	tls[1] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, h->cert};
	tls[2] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	h->daemon = MHD_start_daemon(
	    flags, 0, http_accept, h, http_handle, h, MHD_OPTION_SOCK_ADDR, &sa,
	    MHD_OPTION_UNESCAPE_CALLBACK, http_unescape, NULL,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONN_MEMORY,
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)(o->max_connections + HTTP_RESERVE),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_address,
	    MHD_OPTION_NOTIFY_CONNECTION, http_notify_conn, h,
	    MHD_OPTION_URI_LOG_CALLBACK, http_uri_log, h,
	    MHD_OPTION_NOTIFY_COMPLETED, http_completed, h, MHD_OPTION_ARRAY,
	    h->tls ? tls : tls + 2, MHD_OPTION_END);
	if (h->daemon == NULL) {
		rc = zk_fail(cause, ZK_EIO, "cannot listen on %s: %s",
			     o->listen, http_listen_problem(&sa, h->tls));
		goto fail;
	}
	info = MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : ntohs(sa.sin_port);
	*out = h;
	return 0;
fail:
	http_server_stop(h);
	return rc;
}

void
http_server_fault_inject(struct http_server *h, const char *op, int nth)
{
	svc_group_fault_inject(h->group, op, nth);
}

uint16_t
http_server_port(const struct http_server *h)
{
	return h->port;
}

/* Waits until *count is 0 or seconds have passed. Locked. */
static void
http_wait_zero(struct http_server *h, const int *count, int seconds)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += seconds;
	while (*count > 0 && pthread_cond_timedwait(&h->conn_cond,
						    &h->conn_lock, &until) == 0)
		;
}

void
http_server_stop(struct http_server *h)
{
	char *cause = NULL;

	if (h == NULL)
		return;
	if (h->daemon != NULL) {
		/*
		 * No new connections, and new requests on open ones are
		 * answered 503; the requests past the gate hand their work
		 * to the log writer.
		 */
		pthread_mutex_lock(&h->conn_lock);
		h->stopping = 1;
		http_wait_zero(h, &h->dispatching, HTTP_STOP_WAIT);
		pthread_mutex_unlock(&h->conn_lock);
	}
	/*
	 * The writer commits what is queued, which resumes every suspended
	 * connection with its answer, and the chain heads are signed, so
	 * that libmicrohttpd is never stopped with a suspended connection.
	 */
	if (svc_group_drain(h->group, &cause) != 0) {
		fprintf(stderr, "zorgkluis: final checkpoint: %s\n",
			cause ? cause : "failed");
		free(cause);
	}
	if (h->daemon != NULL) {
		/* The answers go out before the connections close. */
		pthread_mutex_lock(&h->conn_lock);
		http_wait_zero(h, &h->busy, HTTP_STOP_WAIT);
		pthread_mutex_unlock(&h->conn_lock);
	}
	if (h->reaper_started) {
		pthread_mutex_lock(&h->conn_lock);
		h->reaper_stop = 1;
		pthread_cond_signal(&h->reaper_cond);
		pthread_mutex_unlock(&h->conn_lock);
		pthread_join(h->reaper, NULL);
	}
	if (h->daemon != NULL)
		MHD_stop_daemon(h->daemon);
	http_pool_close(&h->pool);
	svc_group_stop(h->group);
	http_sessions_free(h->sessions);
	pthread_mutex_destroy(&h->conn_lock);
	pthread_cond_destroy(&h->conn_cond);
	pthread_cond_destroy(&h->reaper_cond);
	if (h->key != NULL)
		sodium_memzero(h->key, strlen(h->key));
	free(h->key);
	free(h->cert);
	free(h);
}
