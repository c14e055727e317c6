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
	/* Stored sealed: a blob (on PostgreSQL the column is bytea). */
	if (!test_engine_pg())
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

/*
 * INF-1, INF-2: data collected from the subject is told at collection, so
 * it is never exempt: an exemption said to be for such data is refused,
 * and so is one for a subject recorded as informed of data collected
 * from them. Each refusal is logged; nothing is written. INF-3: the
 * report shows the exemption with its ground and reason, for the DPO.
 */
static void
test_information_exempt_source(void **state)
{
	char uid[ZK_UUID_LEN], *cause = NULL;
	struct actor fg, office;
	json_t *report = NULL, *o, *ex;
	size_t i;

	(void)state;
	ZK_RULE("INF-1");
	ZK_RULE("INF-2");
	ZK_RULE("INF-3");
	test_actor(svc, tenant, "fg", &fg);
	test_actor(svc, tenant, "office", &office);
	assert_int_equal(svc_notice_add(svc, &fg, "2026.1", "2026-01-01",
					"Privacyverklaring", &cause),
			 0);
	assert_int_equal(svc_information_exempt_from(
			     svc, &office, c1, "impossible", "adres onbekend",
			     "subject", uid, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "INF-1"));
	free(cause);
	cause = NULL;
	assert_int_equal(svc_information_exempt_from(
			     svc, &office, c1, "impossible", "adres onbekend",
			     "neighbour", uid, &cause),
			 ZK_EINVAL);
	free(cause);
	cause = NULL;
	/* c2 was told of data collected from them. */
	assert_int_equal(svc_information_record(svc, &office, c2, "2026.1",
						"2026-02-01", "letter",
						"subject", uid, &cause),
			 0);
	assert_int_equal(svc_information_exempt(svc, &office, c2,
						"disproportionate",
						"veel moeite", uid, &cause),
			 ZK_EINVAL);
	assert_non_null(strstr(cause, "INF-1"));
	free(cause);
	cause = NULL;
	assert_int_equal(
	    test_audit_count(svc, tenant, "information.exempt", "refused"), 2);
	assert_int_equal(
	    test_sql_int(db, "SELECT count(*) FROM information_exemption"), 0);
	/* Data obtained elsewhere may be exempt (INF-2). */
	assert_int_equal(svc_information_exempt_from(
			     svc, &office, c1, "impossible",
			     "gegevens van de gemeente, adres onbekend",
			     "elsewhere", uid, &cause),
			 0);
	assert_int_equal(
	    test_audit_count(svc, tenant, "information.exempt", "success"), 1);
	assert_int_equal(svc_information_missing(svc, &fg, &report, &cause), 0);
	ex = NULL;
	json_array_foreach(report, i, o)
	{
		if (strcmp(json_string_value(json_object_get(o, "id")), c1) ==
		    0)
			ex = json_object_get(o, "exemptions");
	}
	assert_int_equal(json_array_size(ex), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(ex, 0), "ground")),
	    "impossible");
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(ex, 0), "reason")),
	    "gegevens van de gemeente, adres onbekend");
	json_decref(report);
	assert_true(test_verify(svc));
}

/*
 * INF-1, INF-2, LOG-1: what a subject was told, read back: the notice
 * versions given, how and from whom the data came, and the exemptions;
 * read as the identity is, logged, and refused to the administrator
 * (ACC-3).
 */
static void
test_information_list(void **state)
{
	char uid[ZK_UUID_LEN], ex[ZK_UUID_LEN], *cause = NULL;
	struct actor fg, office, admin;
	json_t *list = NULL, *o;

	(void)state;
	ZK_RULE("INF-1");
	ZK_RULE("INF-2");
	ZK_RULE("LOG-1");
	ZK_RULE("ACC-3");
	test_user(svc, tenant, "admin", "administrator");
	test_actor(svc, tenant, "fg", &fg);
	test_actor(svc, tenant, "office", &office);
	test_actor(svc, tenant, "admin", &admin);
	assert_int_equal(svc_notice_add(svc, &fg, "2026.1", "2026-01-01",
					"Privacyverklaring", &cause),
			 0);
	assert_int_equal(svc_information_record(svc, &office, c2, "2026.1",
						"2026-02-01", "letter",
						"elsewhere", uid, &cause),
			 0);
	assert_int_equal(svc_information_exempt(svc, &office, c2, "impossible",
						"adres onbekend", ex, &cause),
			 0);
	assert_int_equal(svc_information_list(svc, &office, c2, &list, &cause),
			 0);
	assert_int_equal(json_array_size(list), 2);
	o = json_array_get(list, 0);
	assert_string_equal(json_string_value(json_object_get(o, "type")),
			    "informed");
	assert_string_equal(json_string_value(json_object_get(o, "id")), uid);
	assert_string_equal(json_string_value(json_object_get(o, "version")),
			    "2026.1");
	assert_string_equal(json_string_value(json_object_get(o, "source")),
			    "elsewhere");
	o = json_array_get(list, 1);
	assert_string_equal(json_string_value(json_object_get(o, "type")),
			    "exemption");
	assert_string_equal(json_string_value(json_object_get(o, "id")), ex);
	assert_string_equal(json_string_value(json_object_get(o, "reason")),
			    "adres onbekend");
	json_decref(list);
	list = NULL;
	assert_int_equal(svc_information_list(svc, &admin, c2, &list, &cause),
			 ZK_EDENIED);
	free(cause);
	assert_null(list);
	assert_int_equal(
	    test_audit_count(svc, tenant, "information.list", "success"), 1);
	assert_int_equal(
	    test_audit_count(svc, tenant, "information.list", "refused"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_information_duty, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_information_exempt_source,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_information_list, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
