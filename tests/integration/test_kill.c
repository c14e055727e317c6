/*
 * test_kill.c: crash safety (issue 12 item 7). `zorgkluis serve`, as its
 * own process, takes a load of audited reads and writes and is killed
 * with SIGKILL at a random moment, then started again; ZK_KILL_ROUNDS
 * times (20 unless set; make bench runs 200). After each restart:
 *
 *   - every write that was answered (201, with its id) is there, and
 *     every entry has its log entry and no log entry lacks its entry;
 *   - every read that was answered (200) has its log entry: the log holds
 *     at least the answered reads, and at most those and the ones the
 *     kill cut off without an answer;
 *   - the newest answered write reads back through the new server;
 *   - `zorgkluis audit verify` passes.
 *
 * A kill may land between a checkpoint's commit and the witness's update
 * (audit.c audit_checkpoint), leaving audit.head behind the signed head.
 * docs/security.md: after a crash the window is the last interval's
 * unsigned entries, and nothing answered is lost; a witness behind the
 * log is whole, so serve starts over it and verify passes. After a
 * final orderly stop every organisation's log is signed to its end.
 * The seed is printed; ZK_KILL_SEED repeats a run.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sys/wait.h>

#include <curl/curl.h>

#include "api.h"
#include "support/support.h"

#ifndef ZK_BINARY
#error "ZK_BINARY must name the zorgkluis binary (tests/CMakeLists.txt)"
#endif

#define KILL_LOADS 4	     /* two writers, two readers */
#define KILL_IDS_FIRST 65536 /* answered writes kept, at first */

static char cw[ZK_UUID_LEN], cr[ZK_UUID_LEN]; /* written, read */
static char bearer[64];
static char base[96];
static int kill_pid = -1; /* the server process */

static const char kill_entry[] =
    "{\"category\":\"care\",\"purpose\":\"care_delivery\","
    "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"rapportage\","
    "\"text\":\"Rustige nacht.\"}}";

/* What the load saw, over all rounds. */
static char (*ids)[ZK_UUID_LEN]; /* answered writes */
static int nids, maxids;
static int reads;		  /* answered reads */
static int cut_writes, cut_reads; /* sent, no answer: done or not */
static int odd;			  /* any other answer */
static pthread_mutex_t kill_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t
kill_sink(char *p, size_t size, size_t n, void *arg)
{
	struct zk_buf *b = arg;

	if (zk_buf_append(b, p, size * n) != 0)
		return 0;
	return size * n;
}

/* Keeps an answered write's id, growing the list (200 rounds under a
 * quick server answer far more than a first guess). Locked. */
static int
kill_keep(const char *id)
{
	if (nids == maxids) {
		int more = maxids ? 2 * maxids : KILL_IDS_FIRST;
		char(*grown)[ZK_UUID_LEN] =
		    realloc(ids, (size_t)more * ZK_UUID_LEN);

		if (grown == NULL)
			return ZK_ENOMEM;
		ids = grown;
		maxids = more;
	}
	zk_strlcpy(ids[nids++], id, ZK_UUID_LEN);
	return 0;
}

/*
 * One client: writes (arg non-NULL) or reads, one request after the
 * other, until the first that is not answered: the server is gone.
 */
static void *
kill_load(void *arg)
{
	int write = arg != NULL;
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	char url[256], auth[128];
	struct zk_buf b;
	long status;
	CURLcode cc;

	snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
	h = curl_slist_append(h, auth);
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Expect:");
	snprintf(url, sizeof url, "%s/api/v1/clients/%s%s", base,
		 write ? cw : cr, write ? "/entries" : "");
	for (;;) {
		zk_buf_init(&b, 0);
		curl_easy_reset(c);
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, kill_sink);
		curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
		curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
		if (write)
			curl_easy_setopt(c, CURLOPT_POSTFIELDS, kill_entry);
		status = 0;
		cc = curl_easy_perform(c);
		if (cc == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		zk_buf_append(&b, "", 0);
		pthread_mutex_lock(&kill_lock);
		if (cc != CURLE_OK) {
			/* Cut off: it may or may not have been done. */
			if (write)
				cut_writes++;
			else
				cut_reads++;
		} else if (write && status == 201) {
			json_t *j = json_loads((char *)b.data, 0, NULL);
			const char *id =
			    json_string_value(json_object_get(j, "id"));

			if (id == NULL || kill_keep(id) != 0) {
				print_message(
				    "  answer 201 without an id: %s\n",
				    (char *)b.data);
				odd++;
			}
			json_decref(j);
		} else if (!write && status == 200) {
			reads++;
		} else {
			print_message("  answer %ld: %s\n", status,
				      (char *)b.data);
			odd++;
		}
		pthread_mutex_unlock(&kill_lock);
		zk_buf_release(&b);
		if (cc != CURLE_OK)
			break;
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return NULL;
}

/* Entries of the written client, and log entries of an event on one. */
static int64_t
kill_entries(void)
{
	char sql[300];

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM entry e JOIN subject s ON s.id = "
		 "e.subject_id WHERE s.uid = '%s'",
		 cw);
	return test_sql_int(env.db, sql);
}

static int64_t
kill_logged(const char *event, const char *client)
{
	char sql[300];

	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE event = '%s' AND "
		 "outcome = 'success' AND subject_uid = '%s'",
		 event, client);
	return test_sql_int(env.db, sql);
}

/* How many of the answered writes' ids are in the entry table. */
static int64_t
kill_present(void)
{
	static const char head[] = "SELECT count(*) FROM entry WHERE uid IN (";
	struct zk_buf q;
	int64_t n = 0;

	for (int i = 0; i < nids; i += 500) {
		zk_buf_init(&q, 0);
		assert_int_equal(zk_buf_append(&q, head, sizeof head - 1), 0);
		for (int k = i; k < nids && k < i + 500; k++) {
			char one[ZK_UUID_LEN + 4];
			int w = snprintf(one, sizeof one, "%s'%s'",
					 k > i ? "," : "", ids[k]);

			assert_int_equal(zk_buf_append(&q, one, (size_t)w), 0);
		}
		assert_int_equal(zk_buf_append(&q, ")", 2), 0);
		n += test_sql_int(env.db, (char *)q.data);
		zk_buf_release(&q);
	}
	return n;
}

static void
kill_verify(const char *when)
{
	char cmd[1200];
	int rc;

	snprintf(cmd, sizeof cmd,
		 "'%s' audit verify --db '%s' >%s/verify.out 2>&1", ZK_BINARY,
		 env.db, env.dir);
	if ((rc = system(cmd)) != 0) {
		snprintf(cmd, sizeof cmd, "cat %s/verify.out", env.dir);
		if (system(cmd) != 0)
			print_message("  (no verify output)\n");
		fail_msg("audit verify failed %s (status %d)", when, rc);
	}
}

/* LOG-1, LOG-3: nothing answered is lost to a kill -9; the log verifies. */
static void
test_kill_rounds(void **state)
{
	const char *r = getenv("ZK_KILL_ROUNDS"), *sd = getenv("ZK_KILL_SEED");
	long want = r != NULL ? strtol(r, NULL, 10) : 0;
	int rounds = want > 0 && want <= 100000 ? (int)want : 20;
	unsigned seed = sd != NULL ? (unsigned)strtoul(sd, NULL, 10)
				   : (unsigned)time(NULL) ^ (unsigned)getpid();
	struct api_session s;
	struct api_resp resp;
	pthread_t load[KILL_LOADS];
	int64_t entries0, created0, reads0, n, logged;
	char code[8], path[128], sql[600];
	time_t t0 = time(NULL);
	unsigned port;
	int status;

	(void)state;
	ZK_RULE("LOG-1");
	ZK_RULE("LOG-3");
	print_message("  %d rounds, seed %u (ZK_KILL_SEED repeats it)\n",
		      rounds, seed);
	srand(seed);

	/* The database as the harness builds it; its server gives way to
	 * a `zorgkluis serve` process. The session lives in the store. */
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_client(env.tenant_a, "Jansen", cw);
	api_client(env.tenant_a, "Bakker", cr);
	api_relation(env.tenant_a, cw, "anna", "responsible");
	api_relation(env.tenant_a, cr, "anna", "responsible");
	api_totp(env.tenant_a, "anna", code);
	api_login("a", "anna", code, 1, &s);
	zk_strlcpy(bearer, s.bearer, sizeof bearer);
	http_server_stop(env.srv);
	env.srv = NULL;
	kill_pid = api_serve(ZK_BINARY, 0, "serve", base);
	port = api_base_port(base);
	zk_strlcpy(env.base, base, sizeof env.base);
	entries0 = kill_entries();
	created0 = kill_logged("entry.create", cw);
	reads0 = kill_logged("subject.read", cr);

	for (int round = 1; round <= rounds; round++) {
		struct timespec t = {0, (100 + rand() % 700) * 1000000L};

		for (int i = 0; i < KILL_LOADS; i++)
			assert_int_equal(
			    pthread_create(&load[i], NULL, kill_load,
					   i % 2 ? NULL : (void *)1),
			    0);
		nanosleep(&t, NULL);
		status = api_serve_end(kill_pid, SIGKILL);
		kill_pid = -1;
		assert_true(WIFSIGNALED(status));
		for (int i = 0; i < KILL_LOADS; i++)
			pthread_join(load[i], NULL);
		/* Started again over what the kill left: it must start. */
		kill_pid = api_serve(ZK_BINARY, port, "serve", base);

		if (odd != 0)
			fail_msg("round %d: %d answers neither 200 nor 201",
				 round, odd);
		n = kill_present();
		if (n != nids)
			fail_msg("round %d: %lld of %d answered writes are "
				 "gone",
				 round, (long long)(nids - n), nids);
		n = kill_entries() - entries0;
		if (n < nids || n > nids + cut_writes)
			fail_msg("round %d: %lld entries for %d answered and "
				 "%d cut-off writes",
				 round, (long long)n, nids, cut_writes);
		logged = kill_logged("entry.create", cw) - created0;
		if (logged != n)
			fail_msg("round %d: %lld entries, %lld logged", round,
				 (long long)n, (long long)logged);
		logged = kill_logged("subject.read", cr) - reads0;
		if (logged < reads || logged > reads + cut_reads)
			fail_msg("round %d: %lld reads logged for %d answered "
				 "and %d cut off",
				 round, (long long)logged, reads, cut_reads);
		if (nids > 0) {
			snprintf(path, sizeof path, "/api/v1/entries/%s",
				 ids[nids - 1]);
			api_req("GET", path, NULL, NULL, &s, 0, &resp);
			if (resp.status != 200)
				fail_msg("round %d: entry %s reads back %ld",
					 round, ids[nids - 1], resp.status);
			api_resp_free(&resp);
		}
		snprintf(path, sizeof path, "after kill %d", round);
		kill_verify(path);
	}
	print_message("  %d writes and %d reads answered, %d and %d cut off, "
		      "in %d kills, %ld s\n",
		      nids, reads, cut_writes, cut_reads, rounds,
		      (long)(time(NULL) - t0));
	assert_true(nids > 0 && reads > 0);

	/* An orderly stop after the kills: exit 0, every log signed. */
	status = api_serve_end(kill_pid, SIGTERM);
	kill_pid = -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		api_serve_log("serve");
		fail_msg("serve did not stop in order: status %d", status);
	}
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM (SELECT tenant_id, max(seq) AS m FROM"
		 " audit_log GROUP BY tenant_id) l LEFT JOIN (SELECT"
		 " tenant_id, max(seq) AS m FROM audit_checkpoint GROUP BY"
		 " tenant_id) c ON c.tenant_id = l.tenant_id"
		 " WHERE c.m IS NULL OR c.m <> l.m");
	assert_int_equal(api_count(sql), 0);
	kill_verify("after the orderly stop");
}

/* Also after a failure: no server process is left behind. */
static int
teardown(void **state)
{
	(void)state;
	api_serve_end(kill_pid, SIGKILL);
	kill_pid = -1;
	free(ids);
	ids = NULL;
	api_stop();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_kill_rounds, teardown),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
