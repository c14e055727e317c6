/*
 * test_keycache.c: an erased client's data stays unopenable (ERA-5) while
 * every server connection keeps the wrapped client keys it read lately
 * (src/service/keycache.c).
 *
 * The server has KC_POOL reading connections and one writer; every write,
 * an erasure's carry-out too, runs on the writer. So after an erasure the
 * reading connections still hold the client's key from their earlier
 * reads: what they answer next shows whether the client's row, not the
 * cache, decides. Reads go one after another (always the same connection,
 * the pool hands out the one given back last) and in bursts of
 * simultaneous requests (to reach the others), as often as the pool has
 * connections.
 *
 * Two things sealed with a client's key are read: the entries
 * (GET clients/{id}/entries) and a complaint about the client
 * (GET complaints), whose row stays after an erasure with its content
 * sealed under the destroyed key (CMP-1).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "integration/api.h"

#define KC_POOL 4	       /* the server's reading connections */
#define KC_BURST (2 * KC_POOL) /* simultaneous requests in a burst */

static struct api_session anna, fg;

static void
kc_tune(struct http_options *o)
{
	o->threads = KC_POOL;
}

static int
setup(void **state)
{
	(void)state;
	api_tune = kc_tune;
	api_start(0, 0);
	api_tune = NULL;
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

/* Creates at path as s; the new id in id. */
static void
create(const char *path, const char *body, const struct api_session *s,
       char id[ZK_UUID_LEN])
{
	struct api_resp r;

	api_want("POST", path, body, s, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
}

/* A care entry of client saying text, written by anna; its id in id. */
static void
entry(const char *client, const char *text, char id[ZK_UUID_LEN])
{
	char path[128], body[400];

	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	snprintf(body, sizeof body,
		 "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		 "\"rapportage\",\"text\":\"%s\"}}",
		 text);
	create(path, body, &anna, id);
}

/*
 * ERA-1, ERA-3: the DPO carries out an erasure request for client, of
 * entry (NULL: the whole record), the way it comes over the API:
 * registered, what it erases recorded, granted, carried out.
 */
static void
erase(const char *client, const char *entry_uid)
{
	struct api_resp r;
	char id[ZK_UUID_LEN], path[160], body[256], day[ZK_DATE_LEN];

	zk_date_fmt(zk_day_nl(zk_now()), day);
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"erasure\",\"received\":\"%s\","
		 "\"channel\":\"portal\"}",
		 client, day);
	create("/api/v1/requests", body, &anna, id);
	snprintf(path, sizeof path, "/api/v1/requests/%s/changes", id);
	if (entry_uid != NULL)
		snprintf(body, sizeof body,
			 "{\"op\":\"erase\",\"entry\":\"%s\",\"ground\":"
			 "\"unlawful\"}",
			 entry_uid);
	else
		snprintf(body, sizeof body,
			 "{\"op\":\"erase\",\"ground\":\"no_longer_needed\"}");
	api_want("POST", path, body, &fg, 201, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", id);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/carry-out", id);
	api_want("POST", path, "{}", &fg, 200, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s", id);
	api_want("GET", path, NULL, &fg, 200, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")),
			    "carried_out");
	api_resp_free(&r);
}

/* --- reads, one after another and all at once ----------------------------
 */

/* One read: its status and body (NUL-ended; "" when none came). */
struct kc_read {
	const char *path;
	const struct api_session *s;
	long status;
	struct zk_buf body;
};

static size_t
kc_body(char *p, size_t size, size_t n, void *arg)
{
	return zk_buf_append(arg, p, size * n) == 0 ? size * n : 0;
}

/* GET rd->path as rd->s; thread-safe (it fails no test itself). */
static void
kc_get(struct kc_read *rd)
{
	char url[512], cookie[200];
	CURL *c = curl_easy_init();

	zk_buf_init(&rd->body, 0);
	rd->status = 0;
	if (c == NULL)
		return;
	snprintf(url, sizeof url, "%s%s", env.base, rd->path);
	snprintf(cookie, sizeof cookie, "zk_session=%s", rd->s->cookie);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_COOKIE, cookie);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, kc_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &rd->body);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rd->status);
	curl_easy_cleanup(c);
	zk_buf_append(&rd->body, "", 1);
}

static pthread_barrier_t kc_start;

static void *
kc_thread(void *arg)
{
	pthread_barrier_wait(&kc_start);
	kc_get(arg);
	return NULL;
}

/*
 * What every read must answer: status, and each of must[] (NULL-ended)
 * in the body and none of never[] (NULL-ended).
 */
struct kc_want {
	const char *path;
	const struct api_session *s;
	long status;
	const char *const *must;
	const char *const *never;
};

static void
kc_check(const struct kc_want *w, struct kc_read *rd, const char *how)
{
	const char *body = (const char *)rd->body.data;

	if (rd->status != w->status)
		fail_msg("%s GET %s: want %ld, got %ld %s", how, w->path,
			 w->status, rd->status, body);
	for (int i = 0; w->never != NULL && w->never[i] != NULL; i++)
		if (strstr(body, w->never[i]) != NULL)
			fail_msg("%s GET %s: \"%s\" in %s (ERA-5)", how,
				 w->path, w->never[i], body);
	for (int i = 0; w->must != NULL && w->must[i] != NULL; i++)
		if (strstr(body, w->must[i]) == NULL)
			fail_msg("%s GET %s: \"%s\" missing from %s", how,
				 w->path, w->must[i], body);
}

/*
 * Reads each of the n wants KC_POOL times: 2 * KC_POOL times one after
 * another, then in KC_POOL bursts of KC_BURST simultaneous reads (the
 * wants taken in turn); checks every answer.
 */
static void
kc_reads(const struct kc_want *w, int n)
{
	struct kc_read rd[KC_BURST];
	pthread_t t[KC_BURST];

	for (int i = 0; i < 2 * KC_POOL; i++)
		for (int j = 0; j < n; j++) {
			struct kc_read one = {w[j].path, w[j].s, 0, {0}};

			kc_get(&one);
			kc_check(&w[j], &one, "in turn:");
			zk_buf_release(&one.body);
		}
	for (int round = 0; round < KC_POOL; round++) {
		assert_int_equal(
		    pthread_barrier_init(&kc_start, NULL, KC_BURST), 0);
		for (int i = 0; i < KC_BURST; i++) {
			rd[i].path = w[i % n].path;
			rd[i].s = w[i % n].s;
			assert_int_equal(
			    pthread_create(&t[i], NULL, kc_thread, &rd[i]), 0);
		}
		for (int i = 0; i < KC_BURST; i++)
			pthread_join(t[i], NULL);
		pthread_barrier_destroy(&kc_start);
		for (int i = 0; i < KC_BURST; i++) {
			kc_check(&w[i % n], &rd[i], "at once:");
			zk_buf_release(&rd[i].body);
		}
	}
}

/*
 * ERA-5: a client erased as a whole stays erased on every connection,
 * though each of them read the client's key just before: the entries are
 * refused as destroyed, the complaint about the client keeps its facts
 * without its content, and nothing the client's key sealed appears in any
 * answer.
 */
static void
test_keycache_era5_whole_client(void **state)
{
	char x[ZK_UUID_LEN], e[ZK_UUID_LEN], complaint[ZK_UUID_LEN];
	char entries[128], body[400];
	static const char *const sealed[] = {"KC-X-dossier-1", "KC-X-dossier-2",
					     "KC-X-dossier-3", "KC-X-klacht",
					     NULL};
	static const char *const dossier[] = {
	    "KC-X-dossier-1", "KC-X-dossier-2", "KC-X-dossier-3", NULL};
	static const char *const klacht[] = {"KC-X-klacht", NULL};
	static const char *const erased[] = {"\"content_erased\":true", NULL};
	static const char *const destroyed[] = {"destroyed", NULL};

	(void)state;
	ZK_RULE("ERA-5");
	api_client(env.tenant_a, "Kooiman", x);
	api_relation(env.tenant_a, x, "anna", "responsible");
	entry(x, "KC-X-dossier-1", e);
	entry(x, "KC-X-dossier-2", e);
	entry(x, "KC-X-dossier-3", e);
	snprintf(body, sizeof body,
		 "{\"received_on\":\"2026-11-02\",\"channel\":\"post\","
		 "\"complainant\":\"subject\",\"subject\":\"%s\","
		 "\"matter\":\"KC-X-klacht over de nachtdienst\"}",
		 x);
	create("/api/v1/complaints", body, &fg, complaint);
	snprintf(entries, sizeof entries, "/api/v1/clients/%s/entries", x);

	/* Every connection reads the client's key. */
	{
		const struct kc_want before[] = {
		    {entries, &anna, 200, dossier, NULL},
		    {"/api/v1/complaints", &fg, 200, klacht, NULL},
		};

		kc_reads(before, 2);
	}
	erase(x, NULL);
	/* The premise: the client's row says the key is destroyed. */
	snprintf(body, sizeof body,
		 "SELECT count(*) FROM subject WHERE uid = '%s'"
		 " AND key_destroyed_at IS NOT NULL",
		 x);
	assert_int_equal(api_count(body), 1);
	{
		char client[128];
		const struct kc_want after[] = {
		    {entries, &anna, 404, destroyed, sealed},
		    {client, &anna, 404, destroyed, sealed},
		    {"/api/v1/complaints", &fg, 200, erased, sealed},
		};

		snprintf(client, sizeof client, "/api/v1/clients/%s", x);
		kc_reads(after, 3);
	}
}

/*
 * ERA-5, ERA-3: a client with one entry erased moves to a new key
 * generation, the rest sealed again under it. Connections that read the
 * old generation's key before open the rest with the new one, on every
 * connection, and the erased entry is gone.
 */
static void
test_keycache_era5_partial_new_generation(void **state)
{
	char y[ZK_UUID_LEN], gone[ZK_UUID_LEN], kept[ZK_UUID_LEN];
	char entries[128], one[128], sql[200];
	static const char *const all[] = {"KC-Y-blijft-1", "KC-Y-blijft-2",
					  "KC-Y-weg", NULL};
	static const char *const rest[] = {"KC-Y-blijft-1", "KC-Y-blijft-2",
					   NULL};
	static const char *const weg[] = {"KC-Y-weg", NULL};
	int gen;

	(void)state;
	ZK_RULE("ERA-5");
	ZK_RULE("ERA-3");
	api_client(env.tenant_a, "Dijkstra", y);
	api_relation(env.tenant_a, y, "anna", "responsible");
	entry(y, "KC-Y-blijft-1", kept);
	entry(y, "KC-Y-weg", gone);
	entry(y, "KC-Y-blijft-2", kept);
	snprintf(entries, sizeof entries, "/api/v1/clients/%s/entries", y);
	snprintf(sql, sizeof sql,
		 "SELECT key_gen FROM subject WHERE uid = '%s'", y);
	gen = api_count(sql);

	/* Every connection reads the key of the current generation. */
	{
		const struct kc_want before[] = {
		    {entries, &anna, 200, all, NULL},
		};

		kc_reads(before, 1);
	}
	erase(y, gone);
	/* The premise: the client moved to a new generation. */
	assert_int_equal(api_count(sql), gen + 1);
	{
		const struct kc_want after[] = {
		    {entries, &anna, 200, rest, weg},
		    {one, &anna, 200, rest + 1, weg},
		};

		snprintf(one, sizeof one, "/api/v1/entries/%s", kept);
		kc_reads(after, 2);
	}
	snprintf(one, sizeof one, "/api/v1/entries/%s", gone);
	{
		struct api_resp r;

		api_want("GET", one, NULL, &anna, 404, &r);
		api_resp_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keycache_era5_whole_client),
	    cmocka_unit_test(test_keycache_era5_partial_new_generation),
	};

	curl_global_init(CURL_GLOBAL_DEFAULT);
	return cmocka_run_group_tests(tests, setup, teardown);
}
