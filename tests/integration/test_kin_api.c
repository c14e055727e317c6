/*
 * test_kin_api.c: representation over time (REP-1, REP-4, REP-5) and a
 * next of kin's request after death (INZ-5) over HTTP: the endpoints of
 * src/http/h_kin.c, permit and deny, each logged by the door.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "integration/api.h"

static char client_a[ZK_UUID_LEN];
static struct api_session anna, bram, fg, office;

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_user(env.tenant_a, "office", "office", 1);
	api_client(env.tenant_a, "Naaste", client_a);
	api_relation(env.tenant_a, client_a, "anna", "responsible");
	api_relation(env.tenant_a, client_a, "bram", "co_treating");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_login_full(env.tenant_a, "a", "bram", &bram);
	api_login_full(env.tenant_a, "a", "fg", &fg);
	api_login_full(env.tenant_a, "a", "office", &office);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

static void
want_id(const char *method, const char *path, const char *body,
	const struct api_session *s, char id[ZK_UUID_LEN])
{
	struct api_resp r;

	api_want(method, path, body, s, 201, &r);
	zk_strlcpy(id, json_string_value(json_object_get(r.json, "id")),
		   ZK_UUID_LEN);
	api_resp_free(&r);
}

/* REP-1, REP-4, REP-5: change, end, lapse and the exception. */
static void
test_kin_api_representation(void **state)
{
	struct api_resp r;
	char path[160], rep[ZK_UUID_LEN], cap[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("REP-1");
	ZK_RULE("REP-4");
	ZK_RULE("REP-5");
	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 client_a);
	want_id("POST", path, "{\"kind\":\"curator\",\"name\":\"C. Urator\"}",
		&office, rep);
	snprintf(path, sizeof path, "/api/v1/representatives/%s", rep);
	api_want("PATCH", path, "{\"declines\":true}", &office, 200, &r);
	api_resp_free(&r);
	api_want("PATCH", path, "{\"kind\":\"neighbour\"}", &office, 400, &r);
	api_resp_free(&r);
	api_want("PATCH", path, "{}", &office, 400, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &office, 200, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &office, 409, &r);
	api_resp_free(&r);
	api_want("PATCH", path, "{\"absent\":true}", &office, 409, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE"
				   " event = 'representative.end'"
				   " AND outcome = 'success'"),
			 1);
	snprintf(path, sizeof path, "/api/v1/clients/%s/capacity", client_a);
	want_id("POST", path,
		"{\"able\":false,\"assessed_on\":\"2026-01-05\","
		"\"matter\":\"privacy\",\"scope\":\"privacy\"}",
		&anna, cap);
	api_want("POST", path,
		 "{\"able\":false,\"assessed_on\":\"2026-01-05\","
		 "\"matter\":\"x\",\"scope\":\"astrology\"}",
		 &anna, 400, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/capacity/%s/lapse", cap);
	api_want("POST", path, "{}", &anna, 200, &r);
	api_resp_free(&r);
	api_want("POST", path, "{}", &anna, 409, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s/direct-address",
		 client_a);
	api_want("PUT", path, "{\"reason\":\"de curator is onbereikbaar\"}",
		 &anna, 200, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &anna, 200, &r);
	api_resp_free(&r);
	api_want("DELETE", path, NULL, &anna, 404, &r);
	api_resp_free(&r);
}

/* INZ-5: a relative's request, decided by the treating professional. */
static void
test_kin_api_next_of_kin(void **state)
{
	struct api_resp r;
	char path[160], body[300], rq[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("INZ-5");
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"copy\","
		 "\"received\":\"2026-11-20\",\"name\":\"N. Naaste\","
		 "\"relation\":\"child\"}",
		 client_a);
	api_want("POST", "/api/v1/requests/next-of-kin", body, &office, 409,
		 &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/clients/%s", client_a);
	api_want("PATCH", path,
		 "{\"identity\":{\"deceased_on\":\"2026-11-01\"}}", &anna, 200,
		 &r);
	api_resp_free(&r);
	want_id("POST", "/api/v1/requests/next-of-kin", body, &office, rq);
	snprintf(path, sizeof path, "/api/v1/requests/%s/kin-decision", rq);
	api_want("POST", path,
		 "{\"decision\":\"granted\",\"ground\":\"weighty_interest\","
		 "\"categories\":[\"care\"]}",
		 &bram, 403, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/decide", rq);
	api_want("POST", path, "{\"decision\":\"granted\"}", &fg, 409, &r);
	api_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/requests/%s/kin-decision", rq);
	api_want("POST", path,
		 "{\"decision\":\"granted\",\"ground\":\"weighty_interest\","
		 "\"categories\":[\"care\"]}",
		 &anna, 200, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE"
				   " event = 'request.kin_decide'"
				   " AND outcome = 'success'"
				   " AND reason = 'weighty_interest'"),
			 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kin_api_representation),
	    cmocka_unit_test(test_kin_api_next_of_kin),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
