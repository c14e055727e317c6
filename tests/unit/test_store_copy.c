/*
 * test_store_copy.c: the copy of an installation (store_copy.c, zorgkluis
 * migrate). Its list of tables and columns matches the schema the
 * migrations build, a table or column it does not know stops it, and a
 * copy into an empty database holds every row and verifies; into one
 * with rows it is refused. Runs on each engine (NAME_pg on PostgreSQL,
 * where the copy goes from PostgreSQL to PostgreSQL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "store/store.h"
#include "support/support.h"

/* Opens db, creating the schema when create, and fails the test else. */
static struct store *
copy_open(const char *db, unsigned flags)
{
	struct store *s = NULL;
	char *cause = NULL;
	int rc = store_open(db, flags, &s, &cause);

	if (rc != 0)
		fail_msg("open %s: %s", db, cause ? cause : zk_strerror(rc));
	return s;
}

/* store_copy_check() on db: its result, with the cause in why. */
static int
copy_check(const char *db, char *why, size_t n)
{
	struct store *s = copy_open(db, 0);
	char *cause = NULL;
	int rc = store_copy_check(s, &cause);

	snprintf(why, n, "%s", cause ? cause : "");
	free(cause);
	store_close(s);
	return rc;
}

static void
test_copy_list_is_the_schema(void **state)
{
	char db[4096], why[512];

	(void)state;
	test_db_new(test_tmpdir(), db, sizeof db);
	store_close(copy_open(db, STORE_CREATE));
	if (copy_check(db, why, sizeof why) != 0)
		fail_msg("the copy's list differs from the schema: %s", why);

	/* A table a later migration adds, and the copy does not list. */
	test_sql(db, "CREATE TABLE copy_unknown (id INTEGER PRIMARY KEY,"
		     " tenant_id INTEGER REFERENCES tenant(id))");
	assert_int_equal(copy_check(db, why, sizeof why), ZK_ECORRUPT);
	assert_non_null(strstr(why, "copy_unknown"));
	test_sql(db, "DROP TABLE copy_unknown");

	/* A column one adds to a listed table. */
	test_sql(db, "ALTER TABLE team ADD COLUMN colour TEXT");
	assert_int_equal(copy_check(db, why, sizeof why), ZK_ECORRUPT);
	assert_non_null(strstr(why, "team.colour"));
}

/* Rows of table in a database, past the row-level wall. */
static int64_t
copy_rows(const char *db, const char *table)
{
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	return test_sql_int(db, sql);
}

static void
test_copy_whole(void **state)
{
	struct audit_verify_result v;
	struct store_copy_result res;
	struct service *svc;
	struct store *to;
	char src[4096], dst[4096], uid[ZK_UUID_LEN], *cause = NULL;
	int64_t tenant;
	int rc;

	(void)state;
	ZK_RULE("LOG-3");
	svc = test_service("micare-werkt", src, sizeof src, &tenant);
	test_user(svc, tenant, "anna", "professional");
	test_client(svc, tenant, "Jansen", uid);
	test_client(svc, tenant, "De Vries", uid);

	test_db_new(test_tmpdir(), dst, sizeof dst);
	to = copy_open(dst, STORE_CREATE);
	assert_int_equal(store_batch_begin(to), 0);
	rc = store_copy(svc_store(svc), to, &res, &cause);
	if (rc != 0)
		fail_msg("copy: %s", cause ? cause : zk_strerror(rc));
	rc = audit_verify(to, svc_keys(svc), &v, &cause);
	assert_int_equal(rc, 0);
	if (!v.intact)
		fail_msg("the copy's log: %s", v.problem);
	assert_int_equal(store_batch_commit(to), 0);
	store_close(to);

	assert_int_equal(res.tenants, 1);
	assert_int_equal(res.log_entries, copy_rows(src, "audit_log"));
	assert_true(res.log_entries > 0);
	assert_true(res.ntables >= 20);
	for (int i = 0; i < res.ntables; i++) {
		const char *t = res.tables[i].table;

		if (copy_rows(src, t) != res.tables[i].rows ||
		    copy_rows(dst, t) != res.tables[i].rows)
			fail_msg("table %s: %lld rows in the source, %lld "
				 "copied, %lld in the copy",
				 t, (long long)copy_rows(src, t),
				 (long long)res.tables[i].rows,
				 (long long)copy_rows(dst, t));
	}
	assert_int_equal(test_sql_int(src, "SELECT max(id) FROM subject"),
			 test_sql_int(dst, "SELECT max(id) FROM subject"));

	/* A second copy into it is refused, and changes nothing. */
	to = copy_open(dst, 0);
	assert_int_equal(store_batch_begin(to), 0);
	free(cause);
	cause = NULL;
	assert_int_equal(store_copy(svc_store(svc), to, &res, &cause),
			 ZK_EEXIST);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "not empty"));
	store_batch_rollback(to);
	store_close(to);
	assert_int_equal(copy_rows(dst, "tenant"), 1);
	free(cause);
	svc_close(svc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_copy_list_is_the_schema),
	    cmocka_unit_test(test_copy_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
