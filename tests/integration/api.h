/*
 * api.h: the harness of the integration tests. It builds a database
 * through the service layer, starts the real HTTP server on a free port
 * of 127.0.0.1, and talks to it with libcurl.
 */
#ifndef ZK_TEST_API_H
#define ZK_TEST_API_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "http/server.h"
#include "service/service.h"
#include "support/support.h"

struct api_session {
	char cookie[128]; /* zk_session value, or "" */
	char csrf[64];
	char bearer[64];
};

struct api_resp {
	long status;
	json_t *json; /* parsed body, or NULL */
	char *raw;
	char set_cookie[512];
	char retry_after[16];
	char content_type[128];
	char allow[64];
};

struct api_env {
	char dir[256];
	char db[512];
	struct service *svc; /* for setting up and checking the database */
	struct http_server *srv;
	int64_t tenant_a, tenant_b;
	char base[96]; /* "http://127.0.0.1:PORT" */
	int tls;
};

extern struct api_env env;

/*
 * Creates the database: tenant "a" (MiCare Werkt) and tenant "b"
 * (WoondroomZorg), users in both with password "wachtwoord-123", clients
 * with relations; then starts the server. idle: session idle timeout.
 */
void api_start(int tls, int idle);
/* When set, called by api_start() to change the server's options. */
extern void (*api_tune)(struct http_options *o);
void api_stop(void);

/* Adds a user with password "wachtwoord-123" (and TOTP if needed). */
void api_user(int64_t tenant, const char *username, const char *role,
	      int enrol);
/* A client of tenant with the given family name; uid written. */
void api_client(int64_t tenant, const char *name, char uid[ZK_UUID_LEN]);
void api_relation(int64_t tenant, const char *client, const char *user,
		  const char *relation);

/*
 * ACC-3, SEC-3: the way an account comes to be over the API. admin
 * creates it with body (a POST /api/v1/users body); when it waits for
 * approval, approver (NULL: none expected) approves it; its owner then
 * accepts the invitation with password "wachtwoord-123". Fails the test
 * at any step that does not answer as it should.
 */
void api_user_via_api(const struct api_session *admin,
		      const struct api_session *approver, const char *tenant,
		      const char *body);
/*
 * Accepts an invitation token in tenant (NULL or "": naming none) with
 * password; the response.
 */
void api_invitation_accept(const char *tenant, const char *token,
			   const char *password, struct api_resp *out);

/* The current TOTP code of a user. */
void api_totp(int64_t tenant, const char *username, char code[8]);

/*
 * Sends a request. body is sent as is with content type ctype (NULL:
 * application/json when there is a body). s supplies the cookie and CSRF
 * token or the bearer token; csrf 0 leaves the CSRF header out.
 */
/* As ctype of api_req(): a JSON body sent with chunked encoding, its size
 * not announced. */
/* One more header line every api_req() sends while set ("Name: value"). */
extern const char *api_header;

#define API_CHUNKED "chunked"
void api_req(const char *method, const char *path, const char *body,
	     const char *ctype, const struct api_session *s, int csrf,
	     struct api_resp *out);
void api_resp_free(struct api_resp *r);
/*
 * api_req() as s with the CSRF token, failing the test unless the answer
 * has status; r holds the answer (the caller frees it).
 */
void api_want(const char *method, const char *path, const char *body,
	      const struct api_session *s, long status, struct api_resp *r);

/*
 * Sends n bytes of req as they are over a plain connection and reads the
 * answer until the server closes it (at most 5 s) into out (NUL-ended,
 * cut at size). Returns the bytes read.
 */
size_t api_raw(const char *req, size_t n, char *out, size_t size);

/*
 * Logs in (with TOTP when code is not NULL); fails the test otherwise.
 * tenant NULL or "" names no organisation.
 */
void api_login(const char *tenant, const char *username, const char *code,
	       int bearer, struct api_session *s);
/* Logs in with the second factor computed for the user. */
void api_login_full(int64_t tenant_id, const char *tenant, const char *username,
		    struct api_session *s);

/*
 * Asserts the error shape {"error":{"code","message","rule"}}; a 403 must
 * name its rule.
 */
void api_assert_error(const struct api_resp *r, long status, const char *code);

/* Sends a login with body and asserts the error status and code. */
void api_login_refused(const char *body, long status, const char *code);

/* Rows in a table of the database (for "nothing was written"). */
int api_count(const char *sql);
/* Changes the database behind the server's back, as another process may. */
void api_sql(const char *sql);

/*
 * A server as a separate process: `zk serve --db env.db` on 127.0.0.1:port
 * (0: a port free a moment ago), its output in env.dir/NAME.log, the key
 * directory the harness made (PATH.keys, or $ZORGKLUIS_KEYS, inherited).
 * Writes its base URL into base (96 bytes) and returns its process id
 * once it answers; fails the test, with its output, if it does not.
 */
int api_serve(const char *zk, unsigned port, const char *name, char *base);
/* Sends sig to a server of api_serve() and waits: its wait status. */
int api_serve_end(int pid, int sig);
/* Prints the output of api_serve()'s NAME, for a failure's story. */
void api_serve_log(const char *name);
/* The port of a base URL of api_serve(). */
unsigned api_base_port(const char *base);

#endif
