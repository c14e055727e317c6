/*
 * test_audit.c: the tamper-evident log (LOG-3). Every kind of tampering
 * through SQL on the database file is caught by audit_verify() and names
 * the first bad entry: a changed field (each column in turn), a deleted,
 * inserted, reordered or renumbered entry, a truncated tail, a forged or
 * removed checkpoint, and an entry moved to another tenant.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "support/support.h"

static struct service *svc;
static char db[512];
static int64_t tenant;

/* A database with a tenant, a client and some logged work, signed. */
static int
setup(void **state)
{
	char client[ZK_UUID_LEN], *cause = NULL;
	struct actor a;
	json_t *s = NULL;

	(void)state;
	svc = test_service("micare-werkt", db, sizeof db, &tenant);
	test_user(svc, tenant, "anna", "professional");
	test_user(svc, tenant, "office", "office");
	test_client(svc, tenant, "Jansen", client);
	test_actor(svc, tenant, "office", &a);
	for (int i = 0; i < 5; i++) {
		if (svc_subject_get(svc, &a, client, NULL, &s, NULL, &cause) !=
		    0)
			fail_msg("read: %s", cause);
		json_decref(s);
	}
	test_actor(svc, tenant, "anna", &a);
	if (svc_subject_get(svc, &a, client, NULL, &s, NULL, &cause) !=
	    ZK_EDENIED)
		fail_msg("expected a refusal");
	free(cause);
	cause = NULL;
	if (svc_checkpoint(svc, &cause) != 0)
		fail_msg("checkpoint: %s", cause);
	svc_close(svc);
	svc = NULL;
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

/* Opens the database as the verifier does; seq < 0 in expect_bad: any. */
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
expect_bad(const char *sql, int64_t seq)
{
	struct audit_verify_result res;

	test_sql(db, sql);
	res = verify();
	if (res.intact)
		fail_msg("tampering not detected: %s", sql);
	if (seq >= 0 && res.seq != seq)
		fail_msg("%s: first bad entry %lld, want %lld (%s)", sql,
			 (long long)res.seq, (long long)seq, res.problem);
}

/* LOG-3: an untouched log verifies. */
static void
test_audit_intact(void **state)
{
	struct audit_verify_result res = verify();

	(void)state;
	ZK_RULE("LOG-3");
	assert_true(res.intact);
	assert_true(res.entries >= 10);
	assert_true(res.checkpoints >= 1);
}

/* LOG-3: changing any column of an entry is caught, naming the entry. */
static void
test_audit_each_column_changed(void **state)
{
	static const char *const columns[] = {
	    "ts = '2020-01-01T00:00:00Z'",
	    "event = 'tampered'",
	    "action = 'D'",
	    "outcome = 'tampered'",
	    "checks = 'tampered'",
	    "reason = 'tampered'",
	    "rule = 'tampered'",
	    "user_uid = 'tampered'",
	    "user_role = 'tampered'",
	    "on_behalf_of = 'tampered'",
	    "access_point = 'tampered'",
	    "subject_uid = 'tampered'",
	    "object_type = 'tampered'",
	    "object_uid = 'tampered'",
	    "category = 'tampered'",
	    "purpose = 'tampered'",
	    "protocol = 'tampered'",
	    "consent_ref = 'tampered'",
	    "break_glass_ref = 'tampered'",
	    "source = 'tampered'",
	    "id = id + 1000",
	    "prev_hash = zeroblob(32)",
	    "hash = zeroblob(32)",
	    "ts = ts || ' '",
	};
	char sql[256];

	(void)state;
	ZK_RULE("LOG-3");
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		teardown(NULL);
		setup(NULL);
		snprintf(sql, sizeof sql,
			 "UPDATE audit_log SET %s WHERE seq = 7", columns[i]);
		expect_bad(sql, 7);
	}
}

/*
 * LOG-3: text hidden behind a NUL byte in any text column is a change too,
 * though the column reads the same up to the NUL.
 */
static void
test_audit_nul_appended(void **state)
{
	static const char *const columns[] = {
	    "ts",
	    "event",
	    "action",
	    "outcome",
	    "checks",
	    "reason",
	    "rule",
	    "user_uid",
	    "user_role",
	    "on_behalf_of",
	    "access_point",
	    "subject_uid",
	    "object_type",
	    "object_uid",
	    "category",
	    "purpose",
	    "protocol",
	    "consent_ref",
	    "break_glass_ref",
	    "source",
	};
	char sql[256];

	(void)state;
	ZK_RULE("LOG-3");
	/* PostgreSQL's text cannot hold a NUL at all. */
	if (test_engine_pg())
		skip();
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++) {
		teardown(NULL);
		setup(NULL);
		snprintf(sql, sizeof sql,
			 "UPDATE audit_log SET %s = coalesce(%s, '') || "
			 "char(0) || 'forged' WHERE seq = 7",
			 columns[i], columns[i]);
		expect_bad(sql, 7);
	}
}

/* LOG-3: a deleted entry in the middle. */
static void
test_audit_deleted(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("DELETE FROM audit_log WHERE seq = 4", 4);
}

/* LOG-3: the newest entries and their checkpoints cut off (witness). */
static void
test_audit_truncated(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("DELETE FROM audit_log WHERE seq >= 9;"
		   "DELETE FROM audit_checkpoint",
		   9);
}

/* LOG-3: the last entry only; the last checkpoint still covers it. */
static void
test_audit_last_deleted(void **state)
{
	int n = test_audit_count(NULL, tenant, NULL, NULL);

	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("DELETE FROM audit_log WHERE seq = "
		   "(SELECT max(seq) FROM audit_log)",
		   n);
}

/* LOG-3: an inserted entry, copied from a real one. */
static void
test_audit_inserted(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("UPDATE audit_log SET seq = seq + 1 WHERE seq >= 5;"
		   "INSERT INTO audit_log (id, tenant_id, seq, ts, event, "
		   "action, outcome, checks, reason, rule, user_uid, "
		   "user_role, access_point, protocol, source, prev_hash, hash)"
		   " SELECT 100000, tenant_id, 5, ts, event, action, outcome, "
		   "checks, reason, rule, user_uid, user_role, access_point, "
		   "protocol, source, prev_hash, hash FROM audit_log "
		   "WHERE seq = 4",
		   5);
}

/* LOG-3: two entries swapped. */
static void
test_audit_reordered(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("UPDATE audit_log SET seq = -1 WHERE seq = 3;"
		   "UPDATE audit_log SET seq = 3 WHERE seq = 4;"
		   "UPDATE audit_log SET seq = 4 WHERE seq = -1",
		   3);
}

/* LOG-3: an entry moved to another tenant leaves a gap. */
static void
test_audit_moved_tenant(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("UPDATE audit_log SET tenant_id = 99 WHERE seq = 6", 6);
}

/* LOG-3: a checkpoint with a changed hash or signature. */
static void
test_audit_checkpoint_forged(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("UPDATE audit_checkpoint SET signature = zeroblob(64)", -1);
	teardown(NULL);
	setup(NULL);
	expect_bad("UPDATE audit_checkpoint SET seq = seq - 1", -1);
}

/* LOG-3: the whole log of a tenant deleted. */
static void
test_audit_all_deleted(void **state)
{
	(void)state;
	ZK_RULE("LOG-3");
	expect_bad("DELETE FROM audit_log; DELETE FROM audit_checkpoint", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_audit_intact, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_each_column_changed,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_audit_nul_appended, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_deleted, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_truncated, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_last_deleted, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_inserted, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_reordered, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_moved_tenant, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_checkpoint_forged, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_audit_all_deleted, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
