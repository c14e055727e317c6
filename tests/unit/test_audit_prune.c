/*
 * test_audit_prune.c: pruning the log's front (LOG-6) keeps the chain
 * verifiable (LOG-3). A pruned log verifies from its signed prune record;
 * a changed or deleted prune record, or a front deleted without one,
 * fails; entries written on or after the day, and the head, are kept.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "audit/audit_prune.h"
#include "support/support.h"

static struct service *svc;
static char db[512];
static int64_t tenant;
static int64_t first_young; /* the first entry written in the future */

#define PRUNE_DAY (24 * 3600)

static void
append(int64_t now, const char *event)
{
	struct audit_event ev;
	char *cause = NULL;

	memset(&ev, 0, sizeof ev);
	ev.event = event;
	ev.action = 'R';
	ev.outcome = "success";
	ev.user_uid = "system:test";
	ev.access_point = "test";
	if (store_begin(svc_store(svc)) != 0 ||
	    audit_append(svc_store(svc), svc_keys(svc), tenant, now, &ev,
			 &cause) != 0 ||
	    store_commit(svc_store(svc)) != 0)
		fail_msg("append: %s", cause);
}

/*
 * The tenant's own entries (written today), then three written 100 days
 * on, signed: a prune before today + 50 days leaves those three.
 */
static int
setup(void **state)
{
	char *cause = NULL;

	(void)state;
	svc = test_service("micare-werkt", db, sizeof db, &tenant);
	test_user(svc, tenant, "anna", "professional");
	first_young = test_audit_count(svc, tenant, NULL, NULL) + 1;
	for (int i = 0; i < 3; i++)
		append(zk_now() + 100 * PRUNE_DAY + i, "test.young");
	if (svc_checkpoint(svc, &cause) != 0)
		fail_msg("checkpoint: %s", cause);
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

/* Prunes what was written before today + days; returns entries pruned. */
static int64_t
prune(int days)
{
	struct audit_prune_result res;
	char *cause = NULL;
	int32_t before = zk_date_of_time(zk_now()) + days;

	if (audit_checkpoint(svc_store(svc), svc_keys(svc), tenant, zk_now(),
			     &cause) != 0 ||
	    store_begin(svc_store(svc)) != 0 ||
	    audit_prune(svc_store(svc), svc_keys(svc), tenant, before, zk_now(),
			&res, &cause) != 0 ||
	    store_commit(svc_store(svc)) != 0 ||
	    audit_checkpoint(svc_store(svc), svc_keys(svc), tenant, zk_now(),
			     &cause) != 0)
		fail_msg("prune: %s", cause);
	return res.pruned;
}

static struct audit_verify_result
verify(void)
{
	struct audit_verify_result res;
	char *cause = NULL;

	svc_close(svc);
	svc = NULL;
	if (svc_open(db, NULL, SVC_READONLY, KEYS_AUDIT | KEYS_VERIFY, &svc,
		     &cause) != 0)
		fail_msg("open: %s", cause);
	if (audit_verify(svc_store(svc), svc_keys(svc), &res, &cause) != 0)
		fail_msg("verify: %s", cause);
	return res;
}

static void
expect_bad(const char *sql, const char *why)
{
	struct audit_verify_result res;

	test_sql(db, sql);
	res = verify();
	if (res.intact)
		fail_msg("not detected: %s", sql);
	if (why != NULL && strstr(res.problem, why) == NULL)
		fail_msg("%s: \"%s\" does not say \"%s\"", sql, res.problem,
			 why);
}

/* LOG-6, LOG-3: the pruned log verifies from its signed start. */
static void
test_prune_verifies(void **state)
{
	struct audit_verify_result res;
	int64_t n;

	(void)state;
	ZK_RULE("LOG-6");
	n = prune(50);
	assert_int_equal(n, first_young - 1);
	assert_int_equal(test_sql_int(db, "SELECT min(seq) FROM audit_log"),
			 first_young);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit_prune"),
			 1);
	/* Checkpoints over pruned entries go with them. */
	assert_int_equal(test_sql_int(db,
				      "SELECT count(*) FROM "
				      "audit_checkpoint WHERE seq < (SELECT "
				      "min(seq) FROM audit_log)"),
			 0);
	res = verify();
	if (!res.intact)
		fail_msg("pruned log: %s", res.problem);
	assert_int_equal(res.entries, 3);
}

/* LOG-6: entries written on or after the day stay, and so does the head
 * even when it is due; a second pruning chains on the first. */
static void
test_prune_keeps_young_and_head(void **state)
{
	struct audit_verify_result res;

	(void)state;
	ZK_RULE("LOG-6");
	assert_int_equal(prune(-1), 0); /* nothing written before yesterday */
	assert_int_equal(prune(50), first_young - 1);
	assert_int_equal(prune(50), 0);
	/* Everything due: the head stays. */
	assert_int_equal(prune(1000), 2);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit_log"), 1);
	assert_int_equal(test_sql_int(db, "SELECT count(*) FROM audit_prune"),
			 2);
	res = verify();
	if (!res.intact)
		fail_msg("pruned twice: %s", res.problem);
}

/* LOG-3: each field of the prune record is signed. */
static void
test_prune_record_changed(void **state)
{
	static const char *const changes[] = {
	    "UPDATE audit_prune SET pruned = pruned + 1",
	    "UPDATE audit_prune SET before_day = '2000-01-01'",
	    "UPDATE audit_prune SET signed_at = '2000-01-01T00:00:00Z'",
	    "UPDATE audit_prune SET prev_hash = (SELECT hash FROM audit_log "
	    "WHERE seq = (SELECT max(seq) FROM audit_log))",
	    "UPDATE audit_prune SET signature = (SELECT signature FROM "
	    "audit_checkpoint LIMIT 1)",
	};

	(void)state;
	ZK_RULE("LOG-3");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(changes); i++) {
		teardown(NULL);
		setup(NULL);
		prune(50);
		expect_bad(changes[i], "prune record");
	}
	/* A record moved to start later: the entries before it are extra. */
	teardown(NULL);
	setup(NULL);
	prune(50);
	expect_bad("UPDATE audit_prune SET first_seq = first_seq + 1", NULL);
}

/* LOG-3: a front deleted without a prune record, or the record deleted
 * after pruning, is a deletion. */
static void
test_prune_without_record(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("DELETE FROM audit_log WHERE seq < 4", "entry 1 is missing");
	teardown(NULL);
	setup(NULL);
	prune(50);
	expect_bad("DELETE FROM audit_prune", "entry 1 is missing");
	/* More of the front deleted than the record says went. */
	teardown(NULL);
	setup(NULL);
	prune(50);
	expect_bad("DELETE FROM audit_log WHERE seq = (SELECT min(seq) FROM "
		   "audit_log)",
		   "missing");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_prune_verifies, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_prune_keeps_young_and_head,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_prune_record_changed, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_prune_without_record, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
