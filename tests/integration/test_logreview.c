/*
 * test_logreview.c: the DPO's review of the log over HTTP (LOG-6, LOG-7,
 * FG-2, ACC-2, SCOPE-3), on both engines. Every report is fed by real log
 * entries made through the API (reads, refused reads) and asked for with
 * thresholds just above and just at what was done, so that each case is
 * seen inside and outside its threshold. Organisation "a" runs MiCare
 * Werkt (M), "b" WoondroomZorg (W).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "integration/api.h"
#include "service/logreview.h"

#define NCLIENTS 5

static char client[NCLIENTS][ZK_UUID_LEN], client_b[ZK_UUID_LEN];
static struct api_session anna, bram, carla, eve, fg, fg0, admin, fg_b;

static int
setup(void **state)
{
	char name[32];

	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "carla", "professional", 1);
	api_user(env.tenant_a, "dirk", "professional", 1);
	api_user(env.tenant_a, "eve", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "fg0", "dpo", 0);
	api_user(env.tenant_a, "admin", "administrator", 1);
	api_user(env.tenant_b, "fg", "dpo", 1);
	for (int i = 0; i < NCLIENTS; i++) {
		snprintf(name, sizeof name, "Logboek%d", i);
		api_client(env.tenant_a, name, client[i]);
		api_relation(env.tenant_a, client[i], "anna", "responsible");
		api_relation(env.tenant_a, client[i], "carla", "co_treating");
	}
	api_client(env.tenant_b, "Elders", client_b);
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	api_login_full(env.tenant_a, "a", "carla", &carla);
	api_login_full(env.tenant_a, "a", "eve", &eve);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "admin", &admin);
	api_login_full(env.tenant_b, "b", "fg", &fg_b);
	/* A DPO who never enrolled a second factor logs in with one. */
	api_login("a", "fg0", NULL, 0, &fg0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

static const char *
rule_of(const struct api_resp *r)
{
	return json_string_value(
	    json_object_get(json_object_get(r->json, "error"), "rule"));
}

/* s reads client c (GET /clients/{id}), answered status. */
static void
read_client(const struct api_session *s, const char *c, long status)
{
	struct api_resp r;
	char path[256];

	snprintf(path, sizeof path, "/api/v1/clients/%s", c);
	api_want("GET", path, NULL, s, status, &r);
	api_resp_free(&r);
}

/* The report kind (with extra query text) as s, answered 200. */
static void
report(const struct api_session *s, const char *kind, const char *extra,
       struct api_resp *r)
{
	char path[256];

	snprintf(path, sizeof path, "/api/v1/reports/log?kind=%s%s", kind,
		 extra ? extra : "");
	api_want("GET", path, NULL, s, 200, r);
}

/* The rows of a report by username (and client, unless NULL). */
static int
rows_of(const struct api_resp *r, const char *username, const char *c)
{
	json_t *rows = json_object_get(r->json, "rows"), *o;
	size_t i;
	int n = 0;

	json_array_foreach(rows, i, o)
	{
		const char *u =
		    json_string_value(json_object_get(o, "username"));
		const char *x = json_string_value(json_object_get(o, "client"));

		if (u == NULL || strcmp(u, username) != 0)
			continue;
		if (c != NULL && (x == NULL || strcmp(x, c) != 0))
			continue;
		n++;
	}
	return n;
}

/* The first row of username in a report. */
static json_t *
row_of(const struct api_resp *r, const char *username)
{
	json_t *rows = json_object_get(r->json, "rows"), *o;
	size_t i;

	json_array_foreach(rows, i, o)
	{
		const char *u =
		    json_string_value(json_object_get(o, "username"));

		if (u != NULL && strcmp(u, username) == 0)
			return o;
	}
	return NULL;
}

/* LOG-6: only the DPO reads the log; anyone else is refused, logged. */
static void
test_logreview_log6_dpo_only(void **state)
{
	struct api_resp r;
	int before;

	(void)state;
	ZK_RULE("LOG-6");
	before = api_count("SELECT count(*) FROM audit_log WHERE event ="
			   " 'log.report' AND outcome = 'refused'");
	api_want("GET", "/api/v1/reports/log?kind=bulk", NULL, &anna, 403, &r);
	assert_string_equal(rule_of(&r), "LOG-6");
	api_resp_free(&r);
	api_want("GET", "/api/v1/reports/anomalies", NULL, &admin, 403, &r);
	assert_string_equal(rule_of(&r), "LOG-6");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE event"
				   " = 'log.report' AND outcome = 'refused'"),
			 before + 1);
	/* The DPO may, and the read is logged as a read of the log. */
	before = api_count("SELECT count(*) FROM audit_log WHERE event ="
			   " 'log.report' AND outcome = 'success'");
	report(&fg, "bulk", NULL, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "rule")),
			    "LOG-7");
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE event"
				   " = 'log.report' AND outcome = 'success'"),
			 before + 1);
}

/*
 * LOG-6: every endpoint that reads the log refuses a session without its
 * second factor, even the DPO's, and logs the refusal.
 */
static void
test_logreview_log6_two_factors(void **state)
{
	char client_log[128];
	const char *const paths[] = {
	    "/api/v1/reports/log?kind=night", "/api/v1/reports/anomalies",
	    "/api/v1/audit/verify", "/api/v1/break-glass?status=pending",
	    client_log};
	struct api_resp r;
	int before;

	(void)state;
	ZK_RULE("LOG-6");
	snprintf(client_log, sizeof client_log, "/api/v1/clients/%s/log",
		 client[0]);
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		before = api_count("SELECT count(*) FROM audit_log WHERE event"
				   " = 'request.refused' AND rule = 'LOG-6'");
		api_want("GET", paths[i], NULL, &fg0, 403, &r);
		api_assert_error(&r, 403, "two_factor_required");
		assert_string_equal(rule_of(&r), "LOG-6");
		api_resp_free(&r);
		assert_int_equal(
		    api_count("SELECT count(*) FROM audit_log WHERE event"
			      " = 'request.refused' AND rule = 'LOG-6'"),
		    before + 1);
	}
	/* With both factors the same DPO role reads. */
	api_want("GET", "/api/v1/audit/verify", NULL, &fg, 200, &r);
	api_resp_free(&r);
}

/* LOG-7, ACC-2: attempts outside a care relation. */
static void
test_logreview_no_relation(void **state)
{
	struct api_resp r;

	(void)state;
	ZK_RULE("LOG-7");
	read_client(&bram, client[0], 403);
	read_client(&anna, client[0], 200);
	report(&fg, "no_relation", NULL, &r);
	assert_int_equal(rows_of(&r, "bram", client[0]), 1);
	assert_string_equal(
	    json_string_value(json_object_get(row_of(&r, "bram"), "why")),
	    "outside_care_relation");
	/* A permitted read is not an attempt outside a relation. */
	assert_int_equal(rows_of(&r, "anna", NULL), 0);
	api_resp_free(&r);
	/* Outside the period: yesterday holds none of today's. */
	{
		char day[ZK_DATE_LEN], extra[64];

		zk_date_fmt(zk_day_nl(zk_now()) - 1, day);
		snprintf(extra, sizeof extra, "&from=%s&to=%s", day, day);
		report(&fg, "no_relation", extra, &r);
		assert_int_equal(rows_of(&r, "bram", NULL), 0);
		api_resp_free(&r);
	}
}

/* LOG-7: bulk reads, more than N distinct clients within the window. */
static void
test_logreview_bulk(void **state)
{
	struct api_resp r;
	json_t *o;

	(void)state;
	ZK_RULE("LOG-7");
	/* carla reads four distinct clients, one of them twice. */
	for (int i = 0; i < 4; i++)
		read_client(&carla, client[i], 200);
	read_client(&carla, client[0], 200);
	/* Four is not more than four: just outside. */
	report(&fg, "bulk", "&threshold=4&window=60", &r);
	assert_int_equal(rows_of(&r, "carla", NULL), 0);
	api_resp_free(&r);
	/* Four is more than three: just inside, one row for the run. */
	report(&fg, "bulk", "&threshold=3&window=60", &r);
	assert_int_equal(rows_of(&r, "carla", NULL), 1);
	o = row_of(&r, "carla");
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 4);
	assert_int_equal(json_array_size(json_object_get(o, "clients")), 4);
	assert_string_equal(json_string_value(json_object_get(o, "why")),
			    "bulk_reads");
	api_resp_free(&r);
}

/* LOG-7: bursts of denials, more than M refusals within the window. */
static void
test_logreview_denials(void **state)
{
	struct api_resp r;
	json_t *o;

	(void)state;
	ZK_RULE("LOG-7");
	for (int i = 0; i < 3; i++)
		read_client(&eve, client[i], 403);
	report(&fg, "denials", "&threshold=3&window=10", &r);
	assert_int_equal(rows_of(&r, "eve", NULL), 0);
	api_resp_free(&r);
	report(&fg, "denials", "&threshold=2&window=10", &r);
	assert_int_equal(rows_of(&r, "eve", NULL), 1);
	o = row_of(&r, "eve");
	assert_int_equal(json_integer_value(json_object_get(o, "count")), 3);
	assert_string_equal(json_string_value(json_object_get(o, "why")),
			    "denial_burst");
	api_resp_free(&r);
}

/* The client linked to account name on the list of users, or NULL. */
static const char *
user_client(const struct api_session *s, const char *name)
{
	static char out[ZK_UUID_LEN];
	struct api_resp r;
	const char *c = NULL;
	size_t i;
	json_t *o;

	api_want("GET", "/api/v1/users", NULL, s, 200, &r);
	json_array_foreach(json_object_get(r.json, "users"), i, o)
	{
		if (strcmp(json_string_value(json_object_get(o, "username")),
			   name) != 0)
			continue;
		/* Every account says, null when it is no client. */
		assert_non_null(json_object_get(o, "client"));
		c = json_string_value(json_object_get(o, "client"));
	}
	if (c != NULL)
		zk_strlcpy(out, c, sizeof out);
	api_resp_free(&r);
	return c != NULL ? out : NULL;
}

/* FG-2, LOG-7: reads of a colleague's record (a staff member's). */
static void
test_logreview_colleague(void **state)
{
	struct api_resp r;
	char body[128], path[160];
	json_t *o;

	(void)state;
	ZK_RULE("FG-2");
	snprintf(body, sizeof body, "{\"client\":\"%s\"}", client[4]);
	/* Only the administrator or the DPO links an account. */
	api_want("PUT", "/api/v1/users/dirk/client", body, &anna, 403, &r);
	assert_string_equal(rule_of(&r), "FG-2");
	api_resp_free(&r);
	api_want("PUT", "/api/v1/users/dirk/client", body, &admin, 200, &r);
	api_resp_free(&r);
	/* The link shows: on the list of users, and to the DPO on the
	 * client's marks, by the account's names. */
	assert_string_equal(user_client(&admin, "dirk"), client[4]);
	assert_null(user_client(&admin, "carla"));
	snprintf(path, sizeof path, "/api/v1/clients/%s/public-figure",
		 client[4]);
	api_want("GET", path, NULL, &fg, 200, &r);
	o = json_object_get(r.json, "colleague");
	assert_string_equal(json_string_value(json_object_get(o, "username")),
			    "dirk");
	assert_non_null(json_string_value(json_object_get(o, "display_name")));
	api_resp_free(&r);
	api_want("PUT", "/api/v1/users/dirk/client", body, &fg, 409, &r);
	api_resp_free(&r);
	api_want("PUT", "/api/v1/users/nobody/client", body, &fg, 404, &r);
	api_resp_free(&r);
	snprintf(body, sizeof body, "{\"client\":\"%s\"}", client_b);
	api_want("PUT", "/api/v1/users/bram/client", body, &fg, 404, &r);
	api_resp_free(&r);
	api_want("PUT", "/api/v1/users/bram/client", "{\"client\":1}", &fg, 400,
		 &r);
	api_resp_free(&r);
	read_client(&carla, client[4], 200);
	read_client(&carla, client[3], 200);
	read_client(&bram, client[4], 403);
	report(&fg, "colleague", NULL, &r);
	assert_int_equal(rows_of(&r, "carla", client[4]), 1);
	assert_string_equal(json_string_value(json_object_get(
				row_of(&r, "carla"), "colleague")),
			    "dirk");
	assert_non_null(json_string_value(
	    json_object_get(row_of(&r, "carla"), "colleague_name")));
	assert_non_null(json_string_value(
	    json_object_get(row_of(&r, "carla"), "display_name")));
	/* Another client's read, and a refused attempt, are not in it. */
	assert_int_equal(rows_of(&r, "carla", client[3]), 0);
	assert_int_equal(rows_of(&r, "bram", NULL), 0);
	api_resp_free(&r);
	/* Unlinked, the same reads are no colleague's any more. */
	api_want("DELETE", "/api/v1/users/dirk/client", NULL, &fg, 200, &r);
	api_resp_free(&r);
	assert_null(user_client(&admin, "dirk"));
	api_want("GET", path, NULL, &fg, 200, &r);
	assert_true(json_is_null(json_object_get(r.json, "colleague")));
	api_resp_free(&r);
	report(&fg, "colleague", NULL, &r);
	assert_int_equal(rows_of(&r, "carla", NULL), 0);
	api_resp_free(&r);
	api_want("DELETE", "/api/v1/users/dirk/client", NULL, &fg, 404, &r);
	api_resp_free(&r);
}

/* FG-2, LOG-7: reads of clients flagged as public figures. */
static void
test_logreview_public_figure(void **state)
{
	struct api_resp r;
	char path[160];

	(void)state;
	ZK_RULE("FG-2");
	snprintf(path, sizeof path, "/api/v1/clients/%s/public-figure",
		 client[2]);
	api_want("PUT", path, NULL, &anna, 403, &r);
	assert_string_equal(rule_of(&r), "FG-2");
	api_resp_free(&r);
	api_want("PUT", path, NULL, &admin, 403, &r);
	api_resp_free(&r);
	api_want("GET", path, NULL, &fg, 200, &r);
	assert_false(json_is_true(json_object_get(r.json, "public_figure")));
	api_resp_free(&r);
	api_want("PUT", path, NULL, &fg, 200, &r);
	api_resp_free(&r);
	api_want("PUT", path, NULL, &fg, 409, &r);
	api_resp_free(&r);
	/* The flag reads back, for the DPO only. */
	api_want("GET", path, NULL, &fg, 200, &r);
	assert_true(json_is_true(json_object_get(r.json, "public_figure")));
	api_resp_free(&r);
	api_want("GET", path, NULL, &anna, 403, &r);
	assert_string_equal(rule_of(&r), "FG-2");
	api_resp_free(&r);
	/* SCOPE-3: the DPO of b does not find a's client. */
	api_want("PUT", path, NULL, &fg_b, 404, &r);
	api_resp_free(&r);
	api_want("GET", path, NULL, &fg_b, 404, &r);
	api_resp_free(&r);
	read_client(&anna, client[2], 200);
	read_client(&anna, client[1], 200);
	report(&fg, "public_figure", NULL, &r);
	assert_true(rows_of(&r, "anna", client[2]) >= 1);
	assert_int_equal(rows_of(&r, "anna", client[1]), 0);
	assert_string_equal(
	    json_string_value(json_object_get(row_of(&r, "anna"), "why")),
	    "public_figure");
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &fg, 200, &r);
	api_resp_free(&r);
	report(&fg, "public_figure", NULL, &r);
	assert_int_equal(rows_of(&r, "anna", NULL), 0);
	api_resp_free(&r);
}

/* LOG-7: access at unusual hours, Europe/Amsterdam. */
static void
test_logreview_night(void **state)
{
	struct api_resp r;
	char extra[64];
	int h, h2;

	(void)state;
	ZK_RULE("LOG-7");
	/* The hours around now, so that the read falls just inside. */
	do {
		h = svc_lr_local_hour(zk_now(), NULL);
		read_client(&carla, client[1], 200);
		h2 = svc_lr_local_hour(zk_now(), NULL);
	} while (h != h2);
	snprintf(extra, sizeof extra, "&night_from=%d&night_to=%d", h,
		 (h + 1) % 24);
	report(&fg, "night", extra, &r);
	assert_true(rows_of(&r, "carla", client[1]) >= 1);
	assert_string_equal(
	    json_string_value(json_object_get(row_of(&r, "carla"), "why")),
	    "unusual_hour");
	api_resp_free(&r);
	/* An hour later begins just after it: outside. */
	snprintf(extra, sizeof extra, "&night_from=%d&night_to=%d",
		 (h + 1) % 24, (h + 2) % 24);
	report(&fg, "night", extra, &r);
	assert_int_equal(rows_of(&r, "carla", NULL), 0);
	api_resp_free(&r);
	/* Summer time by the EU rule: 2026-03-29 and 2026-10-25 at 01:00Z. */
	{
		int64_t t;
		int m;

		assert_int_equal(zk_time_parse("2026-03-29T00:59:59Z", &t), 0);
		assert_int_equal(svc_lr_local_hour(t, &m), 1);
		assert_int_equal(m, 59);
		assert_int_equal(svc_lr_local_hour(t + 1, NULL), 3);
		assert_int_equal(zk_time_parse("2026-10-25T00:59:59Z", &t), 0);
		assert_int_equal(svc_lr_local_hour(t, NULL), 2);
		assert_int_equal(svc_lr_local_hour(t + 1, NULL), 2);
		assert_int_equal(zk_time_parse("2026-12-02T22:30:00Z", &t), 0);
		assert_int_equal(svc_lr_local_hour(t, NULL), 23);
		assert_int_equal(zk_time_parse("2026-07-02T21:30:00Z", &t), 0);
		assert_int_equal(svc_lr_local_hour(t, NULL), 23);
	}
}

/* LOG-7: the anomalies per day for the dashboard's chart. */
static void
test_logreview_anomalies(void **state)
{
	struct api_resp r;
	json_t *counts, *arr;

	(void)state;
	ZK_RULE("LOG-7");
	api_want("GET", "/api/v1/reports/anomalies?days=30", NULL, &fg, 200,
		 &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "dates")), 30);
	counts = json_object_get(r.json, "counts");
	arr = json_object_get(counts, "no_relation");
	assert_int_equal(json_array_size(arr), 30);
	/* Today's refusals of bram and eve are on the last day. */
	assert_true(json_integer_value(json_array_get(arr, 29)) >= 1);
	assert_non_null(json_object_get(counts, "night"));
	api_resp_free(&r);
	/* SCOPE-3: b's DPO sees nothing of a. */
	api_want("GET", "/api/v1/reports/anomalies?days=1", NULL, &fg_b, 200,
		 &r);
	arr = json_object_get(json_object_get(r.json, "counts"), "no_relation");
	assert_int_equal(json_integer_value(json_array_get(arr, 0)), 0);
	api_resp_free(&r);
	report(&fg_b, "no_relation", NULL, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "rows")), 0);
	api_resp_free(&r);
}

/* Bad input is a clear 400, never a 500. */
static void
test_logreview_bad_input(void **state)
{
	static const char *const bad[] = {
	    "/api/v1/reports/log",
	    "/api/v1/reports/log?kind=everything",
	    "/api/v1/reports/log?kind=bulk&from=2026-13-01",
	    "/api/v1/reports/log?kind=bulk&from=2026-12-02&to=2026-12-01",
	    "/api/v1/reports/log?kind=bulk&from=2024-01-01&to=2026-01-01",
	    "/api/v1/reports/log?kind=bulk&threshold=0",
	    "/api/v1/reports/log?kind=bulk&threshold=x",
	    "/api/v1/reports/log?kind=bulk&window=1441",
	    "/api/v1/reports/log?kind=night&night_from=24",
	    "/api/v1/reports/log?kind=night&night_from=3&night_to=3",
	    "/api/v1/reports/log?kind=bulk&colour=red",
	    "/api/v1/reports/anomalies?days=0",
	    "/api/v1/reports/anomalies?days=367",
	    "/api/v1/reports/anomalies?days=-1",
	};
	struct api_resp r;

	(void)state;
	ZK_RULE("LOG-7");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		api_want("GET", bad[i], NULL, &fg, 400, &r);
		api_assert_error(&r, 400, NULL);
		api_resp_free(&r);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_logreview_log6_dpo_only),
	    cmocka_unit_test(test_logreview_log6_two_factors),
	    cmocka_unit_test(test_logreview_no_relation),
	    cmocka_unit_test(test_logreview_bulk),
	    cmocka_unit_test(test_logreview_denials),
	    cmocka_unit_test(test_logreview_colleague),
	    cmocka_unit_test(test_logreview_public_figure),
	    cmocka_unit_test(test_logreview_night),
	    cmocka_unit_test(test_logreview_anomalies),
	    cmocka_unit_test(test_logreview_bad_input),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
