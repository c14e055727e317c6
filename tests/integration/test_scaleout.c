/*
 * test_scaleout.c: two servers on one database act as one (issue 12,
 * item 4). Server 1 is the harness's in-process server; server 2 is a
 * separate `zorgkluis serve` process on the same database and key
 * directory, as behind a load balancer, so the two share nothing but
 * what the store holds. Things cross between them: a session with its
 * CSRF token and its logout (SEC-3), a TOTP code used twice (SEC-3), a
 * break-the-glass grant (ACC-6), a new and an ended care relation that a
 * warm relation index must notice (ACC-2). Then both take logged reads
 * and writes at once, and the log stays one gap-free, verifiable chain
 * per organisation (LOG-1, LOG-3).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <curl/curl.h>

#include "api.h"
#include "support/support.h"

/*
 * docs/api.md "Several servers": a logout at one server counts at the
 * others within 2 seconds. Written out here, not taken from the code,
 * so that a longer trust in a server's copy fails this test.
 */
#define SCALE_SESSION_SECONDS 2

#ifndef ZK_BINARY
#error "ZK_BINARY must name the zorgkluis binary (tests/CMakeLists.txt)"
#endif

/* The base URLs of the two servers, and the second one's process. */
static char one[96], two[96];
static pid_t two_pid = -1;

/* Points the requests at one server or the other. */
static void
at(const char *base)
{
	zk_strlcpy(env.base, base, sizeof env.base);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static size_t
scale_sink(char *p, size_t size, size_t n, void *arg)
{
	struct zk_buf *b = arg;

	if (zk_buf_append(b, p, size * n) != 0)
		return 0;
	return size * n;
}

/* Starts `zorgkluis serve` on env.db as the second server. */
static void
scale_two_start(void)
{
	two_pid = api_serve(ZK_BINARY, 0, "serve2", two);
}

/* Stops the second server in order (SIGTERM); it must exit 0. */
static void
scale_two_stop(void)
{
	int status = api_serve_end(two_pid, SIGTERM);

	two_pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		api_serve_log("serve2");
		fail_msg("the second server did not stop in order: status %d",
			 status);
	}
}

static char client_a[ZK_UUID_LEN], client_bg[ZK_UUID_LEN];

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	zk_strlcpy(one, env.base, sizeof one);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "zorg", "professional", 1);
	api_user(env.tenant_b, "anna", "professional", 1);
	api_client(env.tenant_a, "Jansen", client_a);
	api_client(env.tenant_a, "Bakker", client_bg);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_relation(env.tenant_a, client_bg, "anna", "responsible");
	scale_two_start();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_serve_end(two_pid, SIGTERM);
	two_pid = -1;
	api_stop();
	return 0;
}

/* Sends a request and asserts its status; r holds the answer. */
static void
scale_req(const char *method, const char *path, const char *body,
	  const struct api_session *s, long want, struct api_resp *r)
{
	api_req(method, path, body, NULL, s, body != NULL, r);
	if (r->status != want)
		fail_msg("%s %s at %s: %ld, want %ld: %s", method, path,
			 env.base, r->status, want, r->raw ? r->raw : "");
}

static void
scale_read(const struct api_session *s, const char *client, long want)
{
	struct api_resp r;
	char path[128];

	snprintf(path, sizeof path, "/api/v1/clients/%s", client);
	scale_req("GET", path, NULL, s, want, &r);
	if (want != 200)
		api_assert_error(&r, want, NULL);
	api_resp_free(&r);
}

static const char scale_entry[] =
    "{\"category\":\"care\",\"purpose\":\"care_delivery\","
    "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"rapportage\","
    "\"text\":\"Rustige nacht.\"}}";

/* The same in organisation b, whose profile names its own purposes. */
static const char scale_entry_b[] =
    "{\"category\":\"care\",\"purpose\":\"care_guidance\","
    "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"rapportage\","
    "\"text\":\"Rustige nacht.\"}}";

/*
 * SEC-3: a session started at server 1 reads and writes (CSRF included)
 * at server 2; without the token server 2 refuses the write. A logout
 * at server 2 ends it there at once and at server 1 within the seconds
 * a server trusts its copy (docs/api.md "Several servers").
 */
static void
test_scaleout_session(void **state)
{
	struct api_session s, nocsrf;
	struct api_resp r;
	char path[128];
	int i;

	(void)state;
	ZK_RULE("SEC-3");
	at(one);
	api_login_full(env.tenant_a, "a", "anna", &s);
	at(two);
	scale_read(&s, client_a, 200);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client_a);
	scale_req("POST", path, scale_entry, &s, 201, &r);
	api_resp_free(&r);
	nocsrf = s;
	nocsrf.csrf[0] = '\0';
	api_req("POST", path, scale_entry, NULL, &nocsrf, 1, &r);
	api_assert_error(&r, 403, "csrf");
	api_resp_free(&r);
	/* Server 1 holds the session in its cache, fresh. */
	at(one);
	scale_req("GET", "/api/v1/session", NULL, &s, 200, &r);
	api_resp_free(&r);
	at(two);
	api_req("POST", "/api/v1/logout", NULL, NULL, &s, 1, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);
	/* At server 1 it ends within the documented seconds. */
	at(one);
	for (i = 0; i < 10 * SCALE_SESSION_SECONDS + 5; i++) {
		api_req("GET", "/api/v1/session", NULL, NULL, &s, 0, &r);
		if (r.status == 401)
			break;
		assert_int_equal(r.status, 200);
		api_resp_free(&r);
		sleep_ms(100);
	}
	api_assert_error(&r, 401, "unauthenticated");
	api_resp_free(&r);
	scale_read(&s, client_a, 401);
}

/* SEC-3: a TOTP code used at server 1 is refused at server 2. */
static void
test_scaleout_totp_once(void **state)
{
	struct api_resp r;
	char code[8], body[256];

	(void)state;
	ZK_RULE("SEC-3");
	api_totp(env.tenant_a, "anna", code);
	snprintf(body, sizeof body,
		 "{\"tenant\":\"a\",\"username\":\"anna\",\"password\":"
		 "\"wachtwoord-123\",\"totp\":\"%s\"}",
		 code);
	at(one);
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	at(two);
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	api_assert_error(&r, 401, "second_factor_invalid");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE "
				   "event = 'login' AND reason = "
				   "'second_factor_reused'"),
			 1);
	/* And back: a code used at server 2 is refused at server 1. */
	api_totp(env.tenant_a, "bram", code);
	snprintf(body, sizeof body,
		 "{\"tenant\":\"a\",\"username\":\"bram\",\"password\":"
		 "\"wachtwoord-123\",\"totp\":\"%s\"}",
		 code);
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	assert_int_equal(r.status, 200);
	api_resp_free(&r);
	at(one);
	api_req("POST", "/api/v1/login", body, NULL, NULL, 0, &r);
	api_assert_error(&r, 401, "second_factor_invalid");
	api_resp_free(&r);
}

/*
 * ACC-6: glass broken at server 1 opens the client's record at server 2,
 * which refused it just before (with its relation index warm).
 */
static void
test_scaleout_break_glass(void **state)
{
	struct api_session bram;
	struct api_resp r;
	char path[128];

	(void)state;
	ZK_RULE("ACC-6");
	at(one);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	at(two);
	scale_read(&bram, client_bg, 403);
	at(one);
	scale_read(&bram, client_bg, 403);
	snprintf(path, sizeof path, "/api/v1/clients/%s/break-glass",
		 client_bg);
	scale_req("POST", path,
		  "{\"reason\":\"Cliënt gevallen, geen eigen begeleider "
		  "bereikbaar\"}",
		  &bram, 201, &r);
	api_resp_free(&r);
	at(two);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_bg);
	scale_req("GET", path, NULL, &bram, 200, &r);
	assert_true(json_is_true(json_object_get(r.json, "break_glass")));
	api_resp_free(&r);
	/* The read at server 2 is logged under the grant, pending review. */
	{
		char sql[300];

		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE event = "
			 "'subject.read' AND outcome = 'success' AND "
			 "subject_uid = '%s' AND break_glass_ref IS NOT NULL",
			 client_bg);
		assert_int_equal(api_count(sql), 1);
	}
}

/*
 * ACC-2: a care relation given at server 1 lets its holder read at
 * server 2, whose relation index had just refused the same read; ended
 * at server 2, it is refused at server 1, whose index held it.
 */
static void
test_scaleout_relation(void **state)
{
	struct api_session anna, zorg;
	struct api_resp r;
	char path[128], body[160], rel[ZK_UUID_LEN], yesterday[ZK_DATE_LEN];

	(void)state;
	ZK_RULE("ACC-2");
	zk_date_fmt(zk_day_nl(zk_now()) - 1, yesterday);
	at(one);
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "zorg", &zorg);
	/* Both indexes warm: anna reads at each, zorg is refused at each. */
	at(two);
	scale_read(&anna, client_a, 200);
	scale_read(&zorg, client_a, 403);
	at(one);
	scale_read(&anna, client_a, 200);
	scale_read(&zorg, client_a, 403);

	snprintf(path, sizeof path, "/api/v1/clients/%s/relations", client_a);
	scale_req("POST", path,
		  "{\"username\":\"zorg\",\"relation\":\"co_treating\","
		  "\"valid_from\":\"2020-01-01\"}",
		  &anna, 201, &r);
	zk_strlcpy(rel, json_string_value(json_object_get(r.json, "id")),
		   sizeof rel);
	api_resp_free(&r);
	at(two);
	scale_read(&zorg, client_a, 200);
	at(one);
	scale_read(&zorg, client_a, 200);

	/* Ended at server 2 by its holder; server 1 refuses at once. */
	at(two);
	snprintf(path, sizeof path, "/api/v1/relations/%s", rel);
	snprintf(body, sizeof body, "{\"valid_until\":\"%s\"}", yesterday);
	scale_req("PATCH", path, body, &zorg, 200, &r);
	api_resp_free(&r);
	at(one);
	scale_read(&zorg, client_a, 403);
	at(two);
	scale_read(&zorg, client_a, 403);
	scale_read(&anna, client_a, 200);
}

/* --- both servers under load --------------------------------------------- */

#define SCALE_THREADS 4
#define SCALE_SECONDS 2
#define SCALE_MAX_IDS 4096

struct scale_load {
	pthread_t thread;
	const char *base;
	char bearer[64];
	char client[ZK_UUID_LEN];
	const char *entry; /* the body of a write */
	volatile int *stop;
	int reads;  /* reads answered 200 */
	int nids;   /* writes answered 201, their ids below */
	int failed; /* requests not answered 200 or 201 */
	char (*ids)[ZK_UUID_LEN];
};

/*
 * One client at one server: logged reads of its client's record and
 * writes of entries, until *stop; it counts what was answered.
 */
static void *
scale_load_main(void *arg)
{
	struct scale_load *l = arg;
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char url[256], auth[128];
	struct zk_buf b;
	long status;

	snprintf(auth, sizeof auth, "Authorization: Bearer %s", l->bearer);
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	time_t t0 = time(NULL);

	/*
	 * Until stopped, and past that until this load has one answered read
	 * and write: a slow server (a sanitizer build, a busy machine, SQLite
	 * handing its write lock to the other process first) must still be
	 * seen to answer, within a minute.
	 */
	for (int i = 0;
	     !(*l->stop && l->reads > 0 && l->nids > 0) && time(NULL) - t0 < 60;
	     i++) {
		int write = i % 2 == 0 && l->nids < SCALE_MAX_IDS;

		zk_buf_init(&b, 0);
		curl_easy_reset(c);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, scale_sink);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		snprintf(url, sizeof url, "%s/api/v1/clients/%s%s", l->base,
			 l->client, write ? "/entries" : "");
		curl_easy_setopt(c, CURLOPT_URL, url);
		if (write)
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, l->entry);
		status = 0;
		if (curl_easy_perform(c) == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		zk_buf_append(&b, "", 0);
		if (write && status == 201) {
			json_t *j = json_loads((char *)b.data, 0, NULL);
			const char *id =
			    json_string_value(json_object_get(j, "id"));

			if (id != NULL)
				zk_strlcpy(l->ids[l->nids++], id, ZK_UUID_LEN);
			else
				l->failed++;
			json_decref(j);
		} else if (!write && status == 200) {
			l->reads++;
		} else {
			l->failed++; /* two servers refuse nothing here */
		}
		zk_buf_release(&b);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

/* Asserts that the ids written for l are all in the entry table. */
static void
scale_assert_written(const struct scale_load *l)
{
	struct zk_buf q;
	int64_t n;

	if (l->nids == 0)
		return;
	static const char head[] = "SELECT count(*) FROM entry WHERE uid IN (";

	zk_buf_init(&q, 0);
	assert_int_equal(zk_buf_append(&q, head, sizeof head - 1), 0);
	for (int i = 0; i < l->nids; i++) {
		char one_id[ZK_UUID_LEN + 4];
		int k = snprintf(one_id, sizeof one_id, "%s'%s'", i ? "," : "",
				 l->ids[i]);

		assert_int_equal(zk_buf_append(&q, one_id, (size_t)k), 0);
	}
	assert_int_equal(zk_buf_append(&q, ")", 2), 0);
	n = test_sql_int(env.db, (char *)q.data);
	zk_buf_release(&q);
	assert_int_equal(n, l->nids);
}

/*
 * LOG-1, LOG-3: both servers take logged reads and writes at once. The
 * log stays one chain per organisation: seq runs 1..n without a gap or
 * a double, it verifies (in this process and with `audit verify`), every
 * write that was answered is there, and every read that was answered
 * has its log entry.
 */
static void
test_scaleout_concurrent(void **state)
{
	struct scale_load load[SCALE_THREADS];
	volatile int stop = 0;
	char sql[400], name[32], user[32], code[8], cmd[1200];
	int answered = 0;

	(void)state;
	ZK_RULE("LOG-1");
	ZK_RULE("LOG-3");
	memset(load, 0, sizeof load);
	for (int i = 0; i < SCALE_THREADS; i++) {
		struct api_session s;

		/* The last one is of organisation b: two chains grow. */
		int64_t tenant =
		    i == SCALE_THREADS - 1 ? env.tenant_b : env.tenant_a;

		snprintf(user, sizeof user, "w%d", i);
		snprintf(name, sizeof name, "Last%d", i);
		api_user(tenant, user, "professional", 1);
		api_client(tenant, name, load[i].client);
		api_relation(tenant, load[i].client, user, "responsible");
		at(i % 2 ? two : one);
		api_totp(tenant, user, code);
		api_login(tenant == env.tenant_b ? "b" : "a", user, code, 1,
			  &s);
		zk_strlcpy(load[i].bearer, s.bearer, sizeof load[i].bearer);
		load[i].base = i % 2 ? two : one;
		load[i].entry =
		    tenant == env.tenant_b ? scale_entry_b : scale_entry;
		load[i].stop = &stop;
		load[i].ids = calloc(SCALE_MAX_IDS, ZK_UUID_LEN);
		assert_non_null(load[i].ids);
	}
	for (int i = 0; i < SCALE_THREADS; i++)
		assert_int_equal(pthread_create(&load[i].thread, NULL,
						scale_load_main, &load[i]),
				 0);
	sleep(SCALE_SECONDS);
	stop = 1;
	for (int i = 0; i < SCALE_THREADS; i++)
		pthread_join(load[i].thread, NULL);

	for (int i = 0; i < SCALE_THREADS; i++) {
		print_message("  load %d at %s: %d reads, %d writes, %d "
			      "failed\n",
			      i, load[i].base, load[i].reads, load[i].nids,
			      load[i].failed);
		assert_int_equal(load[i].failed, 0);
		assert_true(load[i].reads > 0 && load[i].nids > 0);
		answered += load[i].reads + load[i].nids;
		scale_assert_written(&load[i]);
		/* Each answered read and write has its log entry. */
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE subject_uid = "
			 "'%s' AND event = 'subject.read' AND outcome = "
			 "'success'",
			 load[i].client);
		assert_int_equal(api_count(sql), load[i].reads);
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM audit_log WHERE subject_uid = "
			 "'%s' AND event = 'entry.create' AND outcome = "
			 "'success'",
			 load[i].client);
		assert_int_equal(api_count(sql), load[i].nids);
		free(load[i].ids);
	}
	print_message("  %d answered requests in %d s on two servers\n",
		      answered, SCALE_SECONDS);

	/* One chain per organisation: seq 1..n, no gap, no double. */
	for (int t = 0; t < 2; t++) {
		int64_t tenant = t ? env.tenant_b : env.tenant_a;

		snprintf(sql, sizeof sql,
			 "SELECT count(*) = max(seq) AND count(DISTINCT seq) ="
			 " count(*) AND min(seq) = 1 FROM audit_log"
			 " WHERE tenant_id = %lld",
			 (long long)tenant);
		if (api_count(sql) != 1)
			fail_msg("the chain of tenant %lld has a gap or a "
				 "double",
				 (long long)tenant);
	}
	assert_true(test_verify(env.svc));
	/* Both stop in order, signing their heads; the CLI agrees. */
	scale_two_stop();
	snprintf(cmd, sizeof cmd, "'%s' audit verify --db '%s' >/dev/null",
		 ZK_BINARY, env.db);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_scaleout_session, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_scaleout_totp_once, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_scaleout_break_glass, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_scaleout_relation, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_scaleout_concurrent, setup,
					    teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
