/*
 * api.c: see api.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <curl/curl.h>

#include "api.h"
#include "profile/profile.h"

struct api_env env;
void (*api_tune)(struct http_options *o);

static void
api_fatal(const char *what, int rc, char *cause)
{
	fail_msg("%s: %s", what, cause ? cause : zk_strerror(rc));
}

void
api_user(int64_t tenant, const char *username, const char *role, int enrol)
{
	const char *roles[1] = {role};
	struct svc_user_input in;
	struct actor sys, a;
	char secret[64], uri[320], *cause = NULL;
	int rc;

	memset(&in, 0, sizeof in);
	in.username = username;
	in.password = "wachtwoord-123";
	in.roles = roles;
	in.nroles = 1;
	in.confidentiality = "profession";
	svc_actor_system(&sys, tenant, "test", "test");
	if ((rc = svc_user_add(env.svc, &sys, &in, NULL, &cause)) != 0)
		api_fatal("user", rc, cause);
	if (!enrol)
		return;
	if ((rc = svc_actor_user(env.svc, tenant, username, "test", &a,
				 &cause)) != 0 ||
	    (rc = svc_totp_enrol_confirmed(env.svc, &a, secret, uri, &cause)) !=
		0)
		api_fatal("enrol", rc, cause);
}

void
api_client(int64_t tenant, const char *name, char uid[ZK_UUID_LEN])
{
	struct actor sys;
	char *cause = NULL;
	json_t *id = json_pack("{s:s, s:s}", "family_name", name, "birth_date",
			       "1960-05-05");
	int rc;

	svc_actor_system(&sys, tenant, "test", "test");
	rc = svc_subject_create(env.svc, &sys, "client", id, NULL, uid, NULL,
				&cause);
	json_decref(id);
	if (rc != 0)
		api_fatal("client", rc, cause);
}

void
api_relation(int64_t tenant, const char *client, const char *user,
	     const char *relation)
{
	struct actor sys;
	char *cause = NULL;
	int rc;

	svc_actor_system(&sys, tenant, "test", "test");
	rc = svc_relation_add(env.svc, &sys, client, user, relation,
			      "2020-01-01", NULL, NULL, &cause);
	if (rc != 0)
		api_fatal("relation", rc, cause);
}

void
api_invitation_accept(const char *tenant, const char *token,
		      const char *password, struct api_resp *out)
{
	char body[512];

	if (tenant == NULL || tenant[0] == '\0')
		snprintf(body, sizeof body,
			 "{\"token\":\"%s\",\"password\":\"%s\"}", token,
			 password);
	else
		snprintf(body, sizeof body,
			 "{\"tenant\":\"%s\",\"token\":\"%s\",\"password\":"
			 "\"%s\"}",
			 tenant, token, password);
	api_req("POST", "/api/v1/invitations/accept", body, NULL, NULL, 0, out);
}

void
api_user_via_api(const struct api_session *admin,
		 const struct api_session *approver, const char *tenant,
		 const char *body)
{
	struct api_resp r;
	char path[128], token[64] = "";
	const char *v;

	api_req("POST", "/api/v1/users", body, NULL, admin, 1, &r);
	if (r.status != 201)
		fail_msg("create %s: %ld %s", body, r.status, r.raw);
	v = json_string_value(json_object_get(r.json, "approval"));
	if ((v != NULL) != (approver != NULL))
		fail_msg("create %s: approval %s", body, v ? v : "none");
	if (v != NULL) {
		snprintf(path, sizeof path, "/api/v1/approvals/%s/approve", v);
		api_resp_free(&r);
		api_req("POST", path, NULL, NULL, approver, 1, &r);
		if (r.status != 200)
			fail_msg("approve: %ld %s", r.status, r.raw);
	}
	v = json_string_value(
	    json_object_get(json_object_get(r.json, "invitation"), "token"));
	if (v == NULL)
		fail_msg("no invitation: %s", r.raw);
	zk_strlcpy(token, v, sizeof token);
	api_resp_free(&r);
	api_invitation_accept(tenant, token, "wachtwoord-123", &r);
	if (r.status != 200)
		fail_msg("accept: %ld %s", r.status, r.raw);
	api_resp_free(&r);
}

void
api_totp(int64_t tenant, const char *username, char code[8])
{
	char *cause = NULL, sql[256];
	struct actor sys;
	int rc;

	svc_actor_system(&sys, tenant, "test", "test");
	rc = svc_totp_code(env.svc, &sys, username, zk_now(), code, &cause);

	if (rc != 0)
		api_fatal("totp", rc, cause);
	/*
	 * A code counts once (SEC-3); the tests log in more often than every
	 * 30 seconds, so each code handed out here is as if the last one was
	 * used long ago. test_api_totp_once tests the rule itself.
	 */
	snprintf(sql, sizeof sql,
		 "UPDATE staff_user SET totp_last_step = 0 WHERE tenant_id = "
		 "%lld AND username = '%s'",
		 (long long)tenant, username);
	api_sql(sql);
}

static void
api_tls_files(void)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd,
		 "openssl req -x509 -newkey ec -pkeyopt "
		 "ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost "
		 "-keyout %s/key.pem -out %s/cert.pem >/dev/null 2>&1",
		 env.dir, env.dir);
	if (system(cmd) != 0)
		fail_msg("openssl could not make a test certificate");
}

void
api_start(int tls, int idle)
{
	struct profile *pa = NULL, *pb = NULL;
	struct http_options o;
	char path[600], cert[600], key[600], *cause = NULL;
	int rc;

	memset(&env, 0, sizeof env);
	test_tmpdir_make(env.dir, sizeof env.dir, "zkapi");
	test_db_new(env.dir, env.db, sizeof env.db);
	if ((rc = svc_open(env.db, NULL, SVC_CREATE, KEYS_ALL, &env.svc,
			   &cause)) != 0)
		api_fatal("open", rc, cause);
	snprintf(path, sizeof path, "%s/profiles/micare-werkt.json",
		 ZK_SOURCE_DIR);
	if ((rc = profile_load_file(path, &pa, &cause)) != 0)
		api_fatal("profile", rc, cause);
	snprintf(path, sizeof path, "%s/profiles/woondroomzorg.json",
		 ZK_SOURCE_DIR);
	if ((rc = profile_load_file(path, &pb, &cause)) != 0)
		api_fatal("profile", rc, cause);
	if ((rc = svc_tenant_create(env.svc, "a", "Organisatie A", pa,
				    &env.tenant_a, &cause)) != 0 ||
	    (rc = svc_tenant_create(env.svc, "b", "Organisatie B", pb,
				    &env.tenant_b, &cause)) != 0)
		api_fatal("tenant", rc, cause);
	profile_free(pa);
	profile_free(pb);

	http_options_init(&o);
	o.db = env.db;
	o.listen = "127.0.0.1:0";
	o.threads = 4;
	if (idle > 0)
		o.idle_timeout = idle;
	env.tls = tls;
	if (tls) {
		api_tls_files();
		snprintf(cert, sizeof cert, "%s/cert.pem", env.dir);
		snprintf(key, sizeof key, "%s/key.pem", env.dir);
		o.tls_cert = cert;
		o.tls_key = key;
	}
	if (api_tune != NULL)
		api_tune(&o);
	if ((rc = http_server_start(&o, &env.srv, &cause)) != 0)
		api_fatal("server", rc, cause);
	snprintf(env.base, sizeof env.base, "%s://127.0.0.1:%u",
		 tls ? "https" : "http", http_server_port(env.srv));
}

void
api_stop(void)
{
	http_server_stop(env.srv);
	svc_close(env.svc);
	if (test_rm_tree(env.dir) != 0)
		print_message("could not remove %s\n", env.dir);
	memset(&env, 0, sizeof env);
}

static size_t
api_body_cb(char *p, size_t size, size_t n, void *arg)
{
	struct zk_buf *b = arg;

	if (zk_buf_append(b, p, size * n) != 0)
		return 0;
	return size * n;
}

static size_t
api_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct api_resp *r = arg;
	size_t len = size * n;
	char line[600];

	if (len >= sizeof line)
		return len;
	memcpy(line, p, len);
	line[len] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	if (strncasecmp(line, "Set-Cookie: ", 12) == 0)
		zk_strlcpy(r->set_cookie, line + 12, sizeof r->set_cookie);
	else if (strncasecmp(line, "Retry-After: ", 13) == 0)
		zk_strlcpy(r->retry_after, line + 13, sizeof r->retry_after);
	else if (strncasecmp(line, "Content-Type: ", 14) == 0)
		zk_strlcpy(r->content_type, line + 14, sizeof r->content_type);
	else if (strncasecmp(line, "Allow: ", 7) == 0)
		zk_strlcpy(r->allow, line + 7, sizeof r->allow);
	return len;
}

const char *api_header;

void
api_req(const char *method, const char *path, const char *body,
	const char *ctype, const struct api_session *s, int csrf,
	struct api_resp *out)
{
	struct curl_slist *h = NULL;
	char url[2048], line[512];
	struct zk_buf b;
	CURL *c = curl_easy_init();
	CURLcode cc;

	memset(out, 0, sizeof *out);
	zk_buf_init(&b, 0);
	snprintf(url, sizeof url, "%s%s", env.base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, api_body_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, api_header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	if (env.tls) {
		snprintf(line, sizeof line, "%s/cert.pem", env.dir);
		curl_easy_setopt(c, CURLOPT_CAINFO, line);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (body != NULL) {
		int chunked = ctype != NULL && strcmp(ctype, API_CHUNKED) == 0;

		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		snprintf(line, sizeof line, "Content-Type: %s",
			 ctype && !chunked ? ctype : "application/json");
		h = curl_slist_append(h, line);
		if (chunked)
			h = curl_slist_append(h, "Transfer-Encoding: chunked");
	}
	h = curl_slist_append(h, "Expect:");
	if (s != NULL && s->cookie[0] != '\0') {
		snprintf(line, sizeof line, "zk_session=%s", s->cookie);
		curl_easy_setopt(c, CURLOPT_COOKIE, line);
	}
	if (s != NULL && csrf && s->csrf[0] != '\0') {
		snprintf(line, sizeof line, "X-CSRF-Token: %s", s->csrf);
		h = curl_slist_append(h, line);
	}
	if (s != NULL && s->bearer[0] != '\0') {
		snprintf(line, sizeof line, "Authorization: Bearer %s",
			 s->bearer);
		h = curl_slist_append(h, line);
	}
	if (api_header != NULL)
		h = curl_slist_append(h, api_header);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	cc = curl_easy_perform(c);
	if (cc != CURLE_OK)
		fail_msg("%s %s: %s", method, path, curl_easy_strerror(cc));
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	zk_buf_append(&b, "", 0);
	out->raw = (char *)b.data;
	out->json = json_loads(out->raw, 0, NULL);
}

void
api_want(const char *method, const char *path, const char *body,
	 const struct api_session *s, long status, struct api_resp *r)
{
	api_req(method, path, body, NULL, s, 1, r);
	if (r->status != status)
		fail_msg("%s %s %s: want %ld, got %ld %s", method, path,
			 body ? body : "", status, r->status,
			 r->raw ? r->raw : "");
}

void
api_resp_free(struct api_resp *r)
{
	json_decref(r->json);
	free(r->raw);
	memset(r, 0, sizeof *r);
}

void
api_login(const char *tenant, const char *username, const char *code,
	  int bearer, struct api_session *s)
{
	struct api_resp r;
	char body[512];
	const char *v;

	/* SCOPE-3: NULL or "" leaves the organisation out. */
	snprintf(body, sizeof body,
		 "{%s%s%s\"username\":\"%s\",\"password\":"
		 "\"wachtwoord-123\"%s%s%s%s}",
		 tenant && *tenant ? "\"tenant\":\"" : "",
		 tenant && *tenant ? tenant : "",
		 tenant && *tenant ? "\"," : "", username,
		 code ? ",\"totp\":\"" : "", code ? code : "", code ? "\"" : "",
		 bearer ? ",\"token\":true" : "");
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	if (r.status != 200)
		fail_msg("login %s/%s: %ld %s", tenant, username, r.status,
			 r.raw);
	memset(s, 0, sizeof *s);
	if ((v = json_string_value(json_object_get(r.json, "csrf_token"))))
		zk_strlcpy(s->csrf, v, sizeof s->csrf);
	if ((v = json_string_value(json_object_get(r.json, "token"))))
		zk_strlcpy(s->bearer, v, sizeof s->bearer);
	if (strncmp(r.set_cookie, "zk_session=", 11) == 0) {
		zk_strlcpy(s->cookie, r.set_cookie + 11, sizeof s->cookie);
		s->cookie[strcspn(s->cookie, ";")] = '\0';
	}
	api_resp_free(&r);
}

void
api_login_full(int64_t tenant_id, const char *tenant, const char *username,
	       struct api_session *s)
{
	char code[8];

	api_totp(tenant_id, username, code);
	api_login(tenant, username, code, 0, s);
}

void
api_assert_error(const struct api_resp *r, long status, const char *code)
{
	json_t *e = json_object_get(r->json, "error");

	if (r->status != status || !json_is_object(e) ||
	    !json_is_string(json_object_get(e, "code")) ||
	    !json_is_string(json_object_get(e, "message")) ||
	    json_object_get(e, "rule") == NULL ||
	    (code != NULL &&
	     strcmp(json_string_value(json_object_get(e, "code")), code) != 0))
		fail_msg("want %ld %s, got %ld %s", status, code ? code : "",
			 r->status, r->raw ? r->raw : "");
	if (strncmp(r->content_type, "application/json", 16) != 0)
		fail_msg("error without a JSON content type: %s",
			 r->content_type);
	/* A refusal always names the rule that refused. */
	if (status == 403 && !json_is_string(json_object_get(e, "rule")))
		fail_msg("a 403 without a rule: %s", r->raw ? r->raw : "");
}

void
api_sql(const char *sql)
{
	test_sql(env.db, sql);
}

int
api_count(const char *sql)
{
	return (int)test_sql_int(env.db, sql);
}

void
api_login_refused(const char *body, long status, const char *code)
{
	struct api_resp r;

	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	if (r.status == 200)
		fail_msg("login accepted: %s", body);
	api_assert_error(&r, status, code);
	api_resp_free(&r);
}

size_t
api_raw(const char *req, size_t n, char *out, size_t size)
{
	struct sockaddr_in sa;
	struct timeval tv = {5, 0};
	size_t got = 0;
	ssize_t k;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)http_server_port(env.srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(send(fd, req, n, MSG_NOSIGNAL), (ssize_t)n);
	while (got + 1 < size &&
	       (k = recv(fd, out + got, size - 1 - got, 0)) > 0)
		got += (size_t)k;
	out[got] = '\0';
	close(fd);
	return got;
}

/* --- a server as its own process ------------------------------------------ */

static unsigned
api_free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	return ntohs(sa.sin_port);
}

unsigned
api_base_port(const char *base)
{
	const char *p = strrchr(base, ':');

	return p != NULL ? (unsigned)strtoul(p + 1, NULL, 10) : 0;
}

void
api_serve_log(const char *name)
{
	char path[600], line[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s.log", env.dir, name);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL)
		print_message("  %s| %s", name, line);
	fclose(f);
}

static size_t
api_sink(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* 1 when base answers its health endpoint with 200. */
static int
api_healthy(const char *base)
{
	CURL *c = curl_easy_init();
	char url[160];
	long code = 0;

	snprintf(url, sizeof url, "%s/api/v1/health", base);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, api_sink);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 2L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_cleanup(c);
	return code == 200;
}

int
api_serve(const char *zk, unsigned port, const char *name, char *base)
{
	char listen[64], path[600];
	struct timespec pause = {0, 20 * 1000000L};
	pid_t pid;
	int fd, status;

	if (port == 0)
		port = api_free_port();
	snprintf(listen, sizeof listen, "127.0.0.1:%u", port);
	snprintf(base, 96, "http://%s", listen);
	snprintf(path, sizeof path, "%s/%s.log", env.dir, name);
	fflush(NULL);
	if ((pid = fork()) < 0)
		fail_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl(zk, "zorgkluis", "serve", "--db", env.db, "--listen",
		      listen, "--threads", "3", (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			api_serve_log(name);
			fail_msg("%s exited at start (status %d)", name,
				 status);
		}
		if (api_healthy(base))
			return pid;
		nanosleep(&pause, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	api_serve_log(name);
	fail_msg("%s did not answer within 10 seconds", name);
	return -1;
}

int
api_serve_end(int pid, int sig)
{
	int status = 0;

	if (pid <= 0)
		return 0;
	kill(pid, sig);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}
