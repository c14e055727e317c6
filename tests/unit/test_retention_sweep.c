/*
 * test_retention_sweep.c: the retention sweep is the system's job (RET-4):
 * a person, the DPO included, cannot run it nor destroy through erasure
 * on a retention rule; the system can, and a dry run changes nothing.
 * The sweep on the demo, per category and kind, is tests/cli/
 * test_retention.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/retention_sweep.h"
#include "support/support.h"

static struct service *svc;
static char db[512];
static int64_t tenant;
static char client[ZK_UUID_LEN];

static int
setup(void **state)
{
	(void)state;
	svc = test_service("micare-werkt", db, sizeof db, &tenant);
	test_user(svc, tenant, "dpo", "dpo");
	test_client(svc, tenant, "Jansen", client);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	svc_close(svc);
	svc = NULL;
	return 0;
}

static int
run(const struct actor *a, int32_t on, int dry_run)
{
	struct svc_retention_opts o;
	char *cause = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	o.on = on;
	o.dry_run = dry_run;
	rc = svc_retention_run(svc, a, &o, &cause);
	free(cause);
	return rc;
}

/* RET-4: deny a person, permit the system. */
static void
test_sweep_system_only(void **state)
{
	struct actor a;
	int32_t on = svc_today(svc) + 30 * 366;

	(void)state;
	ZK_RULE("RET-4");
	test_actor(svc, tenant, "dpo", &a);
	assert_int_equal(run(&a, on, 1), ZK_EDENIED);
	assert_int_equal(run(&a, on, 0), ZK_EDENIED);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM subject "
					  "WHERE key_destroyed_at IS NOT NULL"),
			 0);
	svc_actor_system(&a, tenant, "test", "test");
	/* A dry run 30 years on changes nothing and is logged. */
	assert_int_equal(run(&a, on, 1), 0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM subject "
					  "WHERE key_destroyed_at IS NOT NULL"),
			 0);
	assert_int_equal(test_audit_count(svc, tenant, "retention.due", NULL),
			 1);
	/* The run destroys the client's record, 30 years on. */
	assert_int_equal(run(&a, on, 0), 0);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM subject "
					  "WHERE key_destroyed_at IS NOT NULL"),
			 1);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM destruction "
					  "WHERE rule IN ('RET-1', 'RET-2')"),
			 1);
	assert_true(test_verify(svc));
}

/* RET-4: erasure on a retention rule is the system's only. */
static void
test_erase_retention_rule_denied(void **state)
{
	struct svc_erase_input in;
	struct actor a;
	json_t *rec = NULL;
	char *cause = NULL;

	(void)state;
	ZK_RULE("RET-4");
	test_actor(svc, tenant, "dpo", &a);
	memset(&in, 0, sizeof in);
	in.subject_uid = client;
	in.ground = "no_longer_needed";
	in.retention_rule = "RET-1";
	assert_int_equal(svc_erase(svc, &a, &in, &rec, &cause), ZK_EDENIED);
	free(cause);
	assert_null(rec);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM subject "
					  "WHERE key_destroyed_at IS NOT NULL"),
			 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sweep_system_only, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_erase_retention_rule_denied,
					    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
