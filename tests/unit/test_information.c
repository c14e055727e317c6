/*
 * test_information.c: the information duty. Notice versions (INF-1), who
 * was informed of which version, when and how, from whom the data came
 * (INF-2) or why informing is exempt (INF-2), and the report of subjects
 * whose informing is missing (INF-3).
 */
#include <string.h>

#include "support/support.h"

static struct service *svc;
static char db[512];
static int64_t tenant;
static char c1[ZK_UUID_LEN], c2[ZK_UUID_LEN];

static int
setup(void **state)
{
	(void)state;
	svc = test_service("woondroomzorg", db, sizeof db, &tenant);
	test_user(svc, tenant, "fg", "dpo");
	test_user(svc, tenant, "office", "office");
	test_user(svc, tenant, "anna", "professional");
	test_client(svc, tenant, "Eerste", c1);
	test_client(svc, tenant, "Tweede", c2);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	svc_close(svc);
	return 0;
}

static const char *
status_of(json_t *report, const char *uid)
{
	json_t *o;
	size_t i;

	json_array_foreach(report, i, o)
	{
		if (strcmp(json_string_value(json_object_get(o, "id")), uid) ==
		    0)
			return json_string_value(
			    json_object_get(o, "informing"));
	}
	return "informed";
}

/* INF-1, INF-2, INF-3. */
static void
test_information_duty(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor fg, office, anna;
	json_t *report = NULL, *notices = NULL;

	(void)state;
	ZK_RULE("INF-1");
	ZK_RULE("INF-2");
	ZK_RULE("INF-3");
	test_actor(svc, tenant, "fg", &fg);
	test_actor(svc, tenant, "office", &office);
	test_actor(svc, tenant, "anna", &anna);
	/* INF-1: only the DPO or an administrator publishes a notice. */
	assert_int_equal(svc_notice_add(svc, &office, "2025.1", "2025-01-01",
					"Privacyverklaring", &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_notice_add(svc, &fg, "2025.1", "2025-01-01",
					"Privacyverklaring bewoners", &cause),
			 0);
	assert_int_equal(
	    svc_notice_add(svc, &fg, "2025.1", "2025-02-01", "x", &cause),
	    ZK_EEXIST);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_notice_list(svc, &office, &notices, &cause), 0);
	assert_int_equal(json_array_size(notices), 1);
	json_decref(notices);
	/* INF-3: nobody was informed yet. */
	assert_int_equal(svc_information_missing(svc, &fg, &report, &cause), 0);
	assert_string_equal(status_of(report, c1), "missing");
	assert_string_equal(status_of(report, c2), "missing");
	json_decref(report);
	/* INF-2: informed at collection, or of data from elsewhere. */
	/* INF-1: not informed of a version before it was published. */
	assert_int_equal(svc_information_record(svc, &office, c1, "2025.1",
						"2024-12-31", "care_agreement",
						"subject", uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_record(svc, &office, c1, "2025.1",
						"2025-03-01", "care_agreement",
						"subject", uid, &cause),
			 0);
	assert_int_equal(svc_information_record(svc, &office, c2, "2025.1",
						"2025-03-01", "pigeon", NULL,
						uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_record(svc, &office, c2, "2025.1",
						"2025-03-01", "letter",
						"neighbour", uid, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "INF-2"));
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_record(svc, &office, c2, "1999.9",
						"2025-03-01", "letter", NULL,
						uid, &cause),
			 ZK_ENOTFOUND);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_missing(svc, &fg, &report, &cause), 0);
	assert_string_equal(status_of(report, c1), "informed");
	assert_string_equal(status_of(report, c2), "missing");
	json_decref(report);
	/* A new version makes earlier informing outdated. */
	assert_int_equal(svc_notice_add(svc, &fg, "2026.1", "2026-06-01",
					"Nieuwe privacyverklaring", &cause),
			 0);
	assert_int_equal(svc_information_missing(svc, &fg, &report, &cause), 0);
	assert_string_equal(status_of(report, c1), "outdated");
	json_decref(report);
	/* INF-2: an exemption, with its ground, by who may correct the
	 * identity; the report shows it as such. */
	assert_int_equal(svc_information_exempt(svc, &office, c2, "convenience",
						"x", uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_exempt(svc, &office, c2, "impossible",
						"", uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_exempt(svc, &anna, c2, "impossible",
						"adres onbekend", uid, &cause),
			 ZK_EDENIED);
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_missing(svc, &fg, &report, &cause), 0);
	assert_string_equal(status_of(report, c2), "missing");
	json_decref(report);
	assert_int_equal(svc_information_exempt(svc, &office, c2, "impossible",
						"adres onbekend", uid, &cause),
			 0);
	assert_int_equal(
	    test_audit_count(svc, tenant, "information.exempt", "success"), 1);
	/* INF-2: the reason may tell of the subject: it is stored sealed. */
	assert_int_equal(
	    test_sql_int(db, "SELECT count(*) FROM information_exemption"
			     " WHERE CAST(reason AS TEXT) LIKE '%onbekend%'"),
	    0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM "
					  "information_exemption WHERE "
					  "typeof(reason) = 'blob'"),
			 1);
	assert_int_equal(svc_information_missing(svc, &fg, &report, &cause), 0);
	assert_string_equal(status_of(report, c2), "exempt");
	assert_string_equal(status_of(report, c1), "outdated");
	json_decref(report);
	/* The report is the DPO's; a professional may not read it. */
	assert_int_equal(svc_information_missing(svc, &anna, &report, &cause),
			 ZK_EDENIED);
	free(cause);
	/* LOG-1: one entry per subject named: 2 + 1 + 2 + 2 + 2 reports. */
	assert_int_equal(
	    test_audit_count(svc, tenant, "information.report", "success"), 9);
	assert_true(test_verify(svc));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_information_duty, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
