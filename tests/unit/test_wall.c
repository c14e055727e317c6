/*
 * test_wall.c: PostgreSQL's row-level security, the second wall between
 * organisations (SCOPE-3), tested on its own: queries that leave out the
 * tenant_id filter on purpose, on the connection role zorgkluis uses.
 *
 * It runs when ZK_TEST_PG names a server (make check starts one) and is
 * skipped otherwise; SQLite has no such wall.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/store.h"
#include "support/support.h"

static struct {
	struct service *svc;
	char db[1024];
	int64_t a, b;
	char client_a[ZK_UUID_LEN], client_b[ZK_UUID_LEN];
} fx;

static int
setup(void **state)
{
	struct profile *p;
	char *cause = NULL;

	(void)state;
	fx.svc = test_service("micare-werkt", fx.db, sizeof fx.db, &fx.a);
	p = test_profile("woondroomzorg");
	if (svc_tenant_create(fx.svc, "b", "Organisatie B", p, &fx.b, &cause) !=
	    0)
		fail_msg("tenant b: %s", cause ? cause : "?");
	profile_free(p);
	test_client(fx.svc, fx.a, "Aalders", fx.client_a);
	test_client(fx.svc, fx.b, "Bakker", fx.client_b);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	svc_close(fx.svc);
	fx.svc = NULL;
	return 0;
}

/* A connection as the store makes it, acting for tenant (0: none set). */
static struct db *
wall_open(int64_t tenant)
{
	struct db *h = NULL;
	char *cause = NULL;

	if (db_open(fx.db, 0, &h, &cause) != 0)
		fail_msg("open: %s", cause ? cause : "?");
	if (tenant != 0)
		assert_int_equal(db_tenant(h, tenant), 0);
	return h;
}

/* The uids an unfiltered query on subject answers, "a,b" in id order. */
static void
wall_subjects(struct db *h, char *out, size_t n)
{
	static const char sql[] = "SELECT uid FROM subject ORDER BY id";
	struct db_stmt *st;
	int rc;

	out[0] = '\0';
	assert_int_equal(db_prepare(h, sql, &st), 0);
	while ((rc = db_step(st)) == DB_ROW) {
		size_t len = strlen(out);

		snprintf(out + len, n - len, "%s%s", len ? "," : "",
			 db_column_text(st, 0));
	}
	assert_int_equal(rc, DB_DONE);
}

/* SCOPE-3: a read without the filter sees its own organisation only. */
static void
test_wall_read(void **state)
{
	char seen[512];
	struct db *h;

	(void)state;
	ZK_RULE("SCOPE-3");
	h = wall_open(fx.a);
	wall_subjects(h, seen, sizeof seen);
	assert_string_equal(seen, fx.client_a);
	/* Switching organisation on the same connection switches the view. */
	assert_int_equal(db_tenant(h, fx.b), 0);
	wall_subjects(h, seen, sizeof seen);
	assert_string_equal(seen, fx.client_b);
	/* Every table with a tenant_id: the log too. */
	assert_int_equal(db_tenant(h, fx.a), 0);
	{
		struct db_stmt *st;

		assert_int_equal(db_prepare(h,
					    "SELECT count(*) FROM audit_log"
					    " WHERE tenant_id <> ?",
					    &st),
				 0);
		db_bind_int64(st, 1, fx.a);
		assert_int_equal(db_step(st), DB_ROW);
		assert_int_equal(db_column_int64(st, 0), 0);
		db_reset(st);
	}
	db_close(h);

	/* No organisation named: nothing at all, and no error. */
	h = wall_open(0);
	wall_subjects(h, seen, sizeof seen);
	assert_string_equal(seen, "");
	db_close(h);

	/* The store's own span, for the few functions that need it. */
	h = wall_open(DB_ALL_TENANTS);
	wall_subjects(h, seen, sizeof seen);
	assert_non_null(strstr(seen, fx.client_a));
	assert_non_null(strstr(seen, fx.client_b));
	db_close(h);
}

/* SCOPE-3: a write cannot reach or make another organisation's rows. */
static void
test_wall_write(void **state)
{
	char sql[256];
	struct db *h;

	(void)state;
	ZK_RULE("SCOPE-3");
	h = wall_open(fx.a);
	snprintf(sql, sizeof sql,
		 "UPDATE subject SET updated_at = 'x' WHERE uid = '%s'",
		 fx.client_b);
	assert_int_equal(db_exec(h, sql), 0);
	assert_int_equal(db_changes(h), 0);
	assert_int_equal(db_tenant(h, fx.a), 0);
	snprintf(sql, sizeof sql, "DELETE FROM team WHERE tenant_id = %lld",
		 (long long)fx.b);
	assert_int_equal(db_exec(h, sql), 0);
	assert_int_equal(db_changes(h), 0);
	assert_int_equal(db_tenant(h, fx.a), 0);
	snprintf(sql, sizeof sql,
		 "INSERT INTO team (tenant_id, name) VALUES (%lld, 'inbraak')",
		 (long long)fx.b);
	assert_int_not_equal(db_exec(h, sql), 0);
	db_close(h);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM subject WHERE uid = '%s'"
		 " AND updated_at = 'x'",
		 fx.client_b);
	assert_int_equal(test_sql_int(fx.db, sql), 0);
	assert_int_equal(test_sql_int(fx.db, "SELECT count(*) FROM team"
					     " WHERE name = 'inbraak'"),
			 0);
}

/* SCOPE-3: the store refuses a role the wall does not hold. */
static void
test_wall_role(void **state)
{
	char target[1200], *cause = NULL;
	struct store *s = NULL;
	const char *p;

	(void)state;
	ZK_RULE("SCOPE-3");
	assert_int_equal(test_sql_int(fx.db, "SELECT count(*) FROM pg_roles"
					     " WHERE rolname = current_user"
					     " AND (rolsuper OR rolbypassrls)"),
			 0);
	/* The same database as the cluster's superuser. */
	p = strstr(fx.db, "user=zorgkluis");
	assert_non_null(p);
	snprintf(target, sizeof target, "%.*suser=postgres%s", (int)(p - fx.db),
		 fx.db, p + strlen("user=zorgkluis"));
	assert_int_equal(store_open(target, 0, &s, &cause), ZK_EDENIED);
	assert_null(s);
	assert_non_null(strstr(cause, "row-level security"));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_wall_read, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wall_write, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_wall_role, setup, teardown),
	};
	const char *pg = getenv("ZK_TEST_PG");

	if (pg == NULL || pg[0] == '\0') {
		printf("skipped: ZK_TEST_PG not set\n");
		return 77;
	}
	setenv("ZK_TEST_ENGINE", "pgsql", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
