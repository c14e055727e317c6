/*
 * test_holds.c: legal holds over the API (RET-3) and the end of a
 * relationship (RET-2): the responsible professional and the DPO set a
 * hold, a co-treating professional may not (403, logged refused under
 * RET-3); only the DPO lifts; bad input is a 400; the reason never
 * reaches the log; the retention facts move.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "integration/api.h"

static char client[ZK_UUID_LEN];
static struct api_session anna, bram, fg;

static int
setup(void **state)
{
	char code[8];

	(void)state;
	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "bram", "professional", 1);
	api_user(env.tenant_a, "fg", "dpo", 1);
	api_client(env.tenant_a, "Hoekstra", client);
	api_relation(env.tenant_a, client, "anna", "responsible");
	api_relation(env.tenant_a, client, "bram", "co_treating");
	api_totp(env.tenant_a, "anna", code);
	api_login("a", "anna", code, 1, &anna);
	api_totp(env.tenant_a, "bram", code);
	api_login("a", "bram", code, 1, &bram);
	api_totp(env.tenant_a, "fg", code);
	api_login("a", "fg", code, 1, &fg);
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
test_holds_permit_deny(void **state)
{
	struct api_resp r;
	char path[160], lift[160], hold[ZK_UUID_LEN];

	(void)state;
	ZK_RULE("RET-3");
	snprintf(path, sizeof path, "/api/v1/clients/%s/holds", client);
	/* The responsible professional sets one: good care requires it. */
	api_want(
	    "POST", path,
	    "{\"reason\":\"HOLD-SECRET risicodossier\",\"category\":\"care\"}",
	    &anna, 201, &r);
	zk_strlcpy(hold, json_string_value(json_object_get(r.json, "id")),
		   sizeof hold);
	api_resp_free(&r);
	/* A co-treating professional may not. */
	api_want("POST", path, "{\"reason\":\"x\"}", &bram, 403, &r);
	api_resp_free(&r);
	api_want("GET", path, NULL, &bram, 403, &r);
	api_resp_free(&r);
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE"
				   " event = 'hold.create' AND outcome <>"
				   " 'success' AND rule = 'RET-3'"),
			 1);
	/* The DPO sets one over the whole subject. */
	api_want("POST", path, "{\"reason\":\"de client vraagt het\"}", &fg,
		 201, &r);
	api_resp_free(&r);
	api_want("GET", path, NULL, &anna, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "holds")), 2);
	assert_non_null(strstr(r.raw, "HOLD-SECRET"));
	api_resp_free(&r);
	/* Only the DPO lifts. */
	snprintf(lift, sizeof lift, "/api/v1/holds/%s/lift", hold);
	api_want("POST", lift, NULL, &anna, 403, &r);
	api_resp_free(&r);
	api_want("POST", lift, NULL, &fg, 200, &r);
	api_resp_free(&r);
	api_want("POST", lift, NULL, &fg, 409, &r);
	api_resp_free(&r);
	/* The reason never reaches the log. */
	assert_int_equal(api_count("SELECT count(*) FROM audit_log WHERE"
				   " reason LIKE '%HOLD-SECRET%' OR checks LIKE"
				   " '%HOLD-SECRET%'"),
			 0);
}

static void
test_holds_bad_input(void **state)
{
	struct api_resp r;
	char path[160];

	(void)state;
	ZK_RULE("RET-3");
	snprintf(path, sizeof path, "/api/v1/clients/%s/holds", client);
	api_want("POST", path, "{}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"reason\":\"\"}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"reason\":3}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"reason\":\"x\",\"category\":\"dossier\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", path, "{\"reason\":\"x\",\"until\":\"2030-01-01\"}",
		 &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST", "/api/v1/holds/not-an-id/lift", NULL, &fg, 400, &r);
	api_resp_free(&r);
	api_want("POST",
		 "/api/v1/holds/00000000-0000-4000-8000-000000000000/lift",
		 NULL, &fg, 404, &r);
	api_resp_free(&r);
}

static void
test_relationship_end(void **state)
{
	struct api_resp r;
	char path[160], get[160], sql[300];

	(void)state;
	ZK_RULE("RET-2");
	snprintf(path, sizeof path, "/api/v1/clients/%s/relationship-end",
		 client);
	api_want("PUT", path, "{\"relationship_ended\":\"2026-01-31\"}", &anna,
		 403, &r);
	api_resp_free(&r);
	api_want("PUT", path, "{\"relationship_ended\":\"2026-02-30\"}", &fg,
		 400, &r);
	api_resp_free(&r);
	api_want("PUT", path, "{}", &fg, 400, &r);
	api_resp_free(&r);
	api_want("PUT", path, "{\"relationship_ended\":\"2026-01-31\"}", &fg,
		 200, &r);
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM subject_retention r JOIN subject s ON"
		 " s.id = r.subject_id WHERE s.uid = '%s' AND"
		 " r.relationship_ended_on = '2026-01-31'",
		 client);
	assert_int_equal(api_count(sql), 1);
	/* The end is read back with the holds, by the DPO. */
	snprintf(get, sizeof get, "/api/v1/clients/%s/holds", client);
	api_want("GET", get, NULL, &fg, 200, &r);
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "relationship_ended")),
	    "2026-01-31");
	assert_string_equal(
	    json_string_value(json_object_get(r.json, "ended_on")),
	    "2026-01-31");
	api_resp_free(&r);
	api_want("PUT", path, "{\"relationship_ended\":null}", &fg, 200, &r);
	api_resp_free(&r);
	api_want("GET", get, NULL, &fg, 200, &r);
	assert_true(
	    json_is_null(json_object_get(r.json, "relationship_ended")));
	api_resp_free(&r);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM subject_retention r JOIN subject s ON"
		 " s.id = r.subject_id WHERE s.uid = '%s' AND"
		 " r.relationship_ended_on IS NULL",
		 client);
	assert_int_equal(api_count(sql), 1);
}

/*
 * RET-4: the DPO sees what a run would do, as counts; a professional is
 * refused; the look changes nothing and is logged.
 */
static void
test_retention_due(void **state)
{
	struct api_resp r;
	char sql[300];
	json_int_t records, held;

	(void)state;
	ZK_RULE("RET-4");
	api_want("GET", "/api/v1/retention/due", NULL, &anna, 403, &r);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(r.json, "error"), "rule")),
			    "RET-4");
	api_resp_free(&r);
	api_want("GET", "/api/v1/retention/due?on=2026-02-30", NULL, &fg, 400,
		 &r);
	api_resp_free(&r);
	api_want("GET", "/api/v1/retention/due?day=2026-01-01", NULL, &fg, 400,
		 &r);
	api_resp_free(&r);
	/* Today nothing of a client made today is due. */
	api_want("GET", "/api/v1/retention/due", NULL, &fg, 200, &r);
	assert_int_equal(json_integer_value(json_object_get(r.json, "records")),
			 0);
	assert_int_equal(json_integer_value(json_object_get(r.json, "entries")),
			 0);
	assert_string_equal(json_string_value(json_object_get(r.json, "rule")),
			    "RET-4");
	api_resp_free(&r);
	/* In 2100 the client's record is due, or kept by a hold. */
	api_want("GET", "/api/v1/retention/due?on=2100-01-01", NULL, &fg, 200,
		 &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "on")),
			    "2100-01-01");
	records = json_integer_value(json_object_get(r.json, "records"));
	held = json_integer_value(json_object_get(r.json, "held"));
	assert_true(records + held >= 1);
	api_resp_free(&r);
	/* The look destroyed nothing. */
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM subject WHERE uid = '%s' AND"
		 " key_destroyed_at IS NULL",
		 client);
	assert_int_equal(api_count(sql), 1);
	assert_true(api_count("SELECT count(*) FROM audit_log WHERE event ="
			      " 'retention.due' AND outcome = 'refused'") >= 1);
	assert_true(
	    api_count("SELECT count(*) FROM audit_log WHERE event ="
		      " 'retention.due' AND user_uid NOT LIKE 'system:%' AND"
		      " outcome = 'success'") >= 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_holds_permit_deny),
	    cmocka_unit_test(test_holds_bad_input),
	    cmocka_unit_test(test_relationship_end),
	    cmocka_unit_test(test_retention_due),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
