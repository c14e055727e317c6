/*
 * test_sessions.c: login sessions and login throttling as the store keeps
 * them (service/sessions.c, SEC-3): timeouts to the second, what ends a
 * session, and the doubling wait after failed logins.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "support/support.h"

static struct service *svc;
static char db[4096];
static int64_t tenant;

static int
setup(void **state)
{
	(void)state;
	svc = test_service("micare-werkt", db, sizeof db, &tenant);
	test_user(svc, tenant, "anna", "professional");
	test_user(svc, tenant, "admin", "administrator");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	svc_close(svc);
	return 0;
}

static void
session_new(const char *token, const char *username, int64_t created)
{
	struct svc_session s;

	memset(&s, 0, sizeof s);
	s.tenant = tenant;
	zk_strlcpy(s.username, username, sizeof s.username);
	s.created = s.last_seen = created;
	s.idle = 900;
	s.expires = created + 8 * 3600;
	assert_int_equal(svc_session_create(svc, token, &s, NULL), 0);
}

/* SEC-3: idle and absolute timeouts, each on its boundary. */
static void
test_sessions_timeouts(void **state)
{
	const int64_t t0 = 1800000000;
	struct svc_session s;

	(void)state;
	session_new("token-one", "anna", t0);
	assert_int_equal(svc_session_get(svc, "token-one", t0 + 900, &s), 0);
	assert_string_equal(s.username, "anna");
	assert_int_equal(s.tenant, tenant);
	assert_int_equal(svc_session_get(svc, "token-one", t0 + 901, &s),
			 ZK_ECONFLICT);
	/* Activity moves the idle timeout, never back. */
	assert_int_equal(svc_session_seen(svc, "token-one", t0 + 800), 0);
	assert_int_equal(svc_session_seen(svc, "token-one", t0 + 700), 0);
	assert_int_equal(svc_session_get(svc, "token-one", t0 + 1700, &s), 0);
	assert_int_equal(s.last_seen, t0 + 800);
	assert_int_equal(svc_session_get(svc, "token-one", t0 + 1701, &s),
			 ZK_ECONFLICT);
	/* However active, eight hours is the end. */
	for (int64_t t = t0; t <= t0 + 8 * 3600; t += 600)
		assert_int_equal(svc_session_seen(svc, "token-one", t), 0);
	assert_int_equal(
	    svc_session_get(svc, "token-one", t0 + 8 * 3600 - 1, &s), 0);
	assert_int_equal(svc_session_get(svc, "token-one", t0 + 8 * 3600, &s),
			 ZK_ECONFLICT);
	assert_true(svc_session_expired(&s, t0 + 8 * 3600));
	/* Another token is no session, nor a prefix of this one. */
	assert_int_equal(svc_session_get(svc, "token-on", t0, &s), ZK_EAUTH);
	assert_int_equal(svc_session_get(svc, "token-two", t0, &s), ZK_EAUTH);
}

/* SEC-3: a logout, a disabled account and time each end sessions. */
static void
test_sessions_end(void **state)
{
	int64_t now = zk_now();
	struct svc_session s;
	struct actor admin;
	char *cause = NULL;

	(void)state;
	session_new("anna-1", "anna", now);
	session_new("anna-2", "anna", now);
	session_new("admin-1", "admin", now);
	assert_int_equal(svc_session_upgrade(svc, "anna-1"), 0);
	assert_int_equal(svc_session_get(svc, "anna-1", now, &s), 0);
	assert_true(s.two_factor_ok);
	assert_int_equal(svc_session_get(svc, "anna-2", now, &s), 0);
	assert_false(s.two_factor_ok);
	assert_int_equal(svc_session_end(svc, "anna-1"), 0);
	assert_int_equal(svc_session_get(svc, "anna-1", now, &s), ZK_EAUTH);
	assert_int_equal(svc_session_get(svc, "anna-2", now, &s), 0);
	/* Disabled, also from the command line: every session ends. */
	test_actor(svc, tenant, "admin", &admin);
	assert_int_equal(svc_user_disable(svc, &admin, "anna", &cause), 0);
	assert_int_equal(svc_session_get(svc, "anna-2", now, &s), ZK_EAUTH);
	assert_int_equal(svc_session_get(svc, "admin-1", now, &s), 0);
	/* A new login clears out the sessions that timed out. */
	session_new("old", "admin", now - 9 * 3600);
	session_new("admin-2", "admin", now);
	assert_int_equal(svc_session_get(svc, "old", now, &s), ZK_EAUTH);
	/* Only hashes are stored. */
	{
		sqlite3_stmt *st;
		sqlite3 *h;

		assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
		assert_int_equal(
		    sqlite3_prepare_v2(h,
				       "SELECT count(*) FROM session WHERE "
				       "instr(token_hash, 'admin') > 0 OR "
				       "length(token_hash) != 32",
				       -1, &st, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
		sqlite3_close(h);
	}
}

/* SEC-3: from the fifth failure on, wait 30 s, doubling, up to an hour. */
static void
test_sessions_throttle(void **state)
{
	const int64_t t0 = 1800000000;
	int wait = -1;

	(void)state;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(svc_throttle_fail(svc, "u:a|bram", t0), 0);
		assert_int_equal(svc_throttle_wait(svc, "u:a|bram", t0, &wait),
				 0);
		assert_int_equal(wait, 0);
	}
	assert_int_equal(svc_throttle_fail(svc, "u:a|bram", t0), 0);
	assert_int_equal(svc_throttle_wait(svc, "u:a|bram", t0, &wait), 0);
	assert_int_equal(wait, 30);
	assert_int_equal(svc_throttle_wait(svc, "u:a|bram", t0 + 29, &wait), 0);
	assert_int_equal(wait, 1);
	assert_int_equal(svc_throttle_wait(svc, "u:a|bram", t0 + 30, &wait), 0);
	assert_int_equal(wait, 0);
	assert_int_equal(svc_throttle_fail(svc, "u:a|bram", t0 + 30), 0);
	assert_int_equal(svc_throttle_wait(svc, "u:a|bram", t0 + 30, &wait), 0);
	assert_int_equal(wait, 60);
	for (int i = 0; i < 10; i++)
		assert_int_equal(svc_throttle_fail(svc, "u:a|bram", t0 + 31),
				 0);
	assert_int_equal(svc_throttle_wait(svc, "u:a|bram", t0 + 31, &wait), 0);
	assert_int_equal(wait, 3600);
	/* Other keys are not affected. */
	assert_int_equal(svc_throttle_wait(svc, "u:a|anna", t0 + 31, &wait), 0);
	assert_int_equal(wait, 0);
	/* Failures a quarter of an hour old are forgotten. */
	assert_int_equal(svc_throttle_fail(svc, "ip:10.0.0.1", t0), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(svc_throttle_fail(svc, "ip:10.0.0.1", t0), 0);
	assert_int_equal(svc_throttle_fail(svc, "ip:10.0.0.1", t0 + 901), 0);
	assert_int_equal(svc_throttle_wait(svc, "ip:10.0.0.1", t0 + 901, &wait),
			 0);
	assert_int_equal(wait, 0);
	/* A login clears its user's failures. */
	{
		struct svc_session s;

		memset(&s, 0, sizeof s);
		s.tenant = tenant;
		zk_strlcpy(s.username, "bram", sizeof s.username);
		s.created = s.last_seen = t0 + 40;
		s.idle = 900;
		s.expires = t0 + 3600;
		assert_int_equal(
		    svc_session_create(svc, "bram-1", &s, "u:a|bram"), 0);
		assert_int_equal(
		    svc_throttle_wait(svc, "u:a|bram", t0 + 40, &wait), 0);
		assert_int_equal(wait, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sessions_timeouts, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_sessions_end, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions_throttle, setup,
					    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
