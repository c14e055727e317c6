/*
 * test_sessions.c: login sessions and login throttling as the store keeps
 * them (service/sessions.c, SEC-3): timeouts to the second, what ends a
 * session, and the doubling wait after failed logins.
 */
#include <stdio.h>
#include <string.h>

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
	assert_int_equal(svc_session_create(svc, token, &s), 0);
}

/* SEC-3: idle and absolute timeouts, each on its boundary. */
static void
test_sessions_timeouts(void **state)
{
	const int64_t t0 = 1800000000;
	struct svc_session s;

	(void)state;
	ZK_RULE("SEC-3");
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
	ZK_RULE("SEC-3");
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
	/* A login that was under way when she was disabled gets none. */
	memset(&s, 0, sizeof s);
	s.tenant = tenant;
	zk_strlcpy(s.username, "anna", sizeof s.username);
	s.created = s.last_seen = now;
	s.idle = 900;
	s.expires = now + 3600;
	assert_int_equal(svc_session_create(svc, "anna-3", &s), ZK_EAUTH);
	assert_int_equal(svc_session_get(svc, "anna-3", now, &s), ZK_EAUTH);
	/* A new login clears out the sessions that timed out. */
	session_new("old", "admin", now - 9 * 3600);
	session_new("admin-2", "admin", now);
	assert_int_equal(svc_session_get(svc, "old", now, &s), ZK_EAUTH);
	/* Only hashes are stored. */
	assert_int_equal(
	    test_sql_int(db, test_engine_pg()
				 ? "SELECT count(*) FROM session WHERE"
				   " position('admin'::bytea in token_hash) > 0"
				   " OR length(token_hash) != 32"
				 : "SELECT count(*) FROM session WHERE"
				   " instr(token_hash, 'admin') > 0"
				   " OR length(token_hash) != 32"),
	    0);
}

/* One login attempt with a user name and an address: the wait, or 0. */
static int
attempt(const char *user, const char *addr, int64_t now)
{
	const char *keys[2] = {user, addr};
	int wait = -1;

	assert_int_equal(svc_throttle_attempt(svc, keys, 2, now, &wait), 0);
	assert_true(wait >= 0);
	return wait;
}

/*
 * SEC-3: every attempt counts before it is checked; from the fifth on,
 * wait 30 s, doubling, up to an hour; a wait is not forgotten while it
 * lasts; a success clears the user name and takes its own attempt back
 * from the address.
 */
static void
test_sessions_throttle(void **state)
{
	const int64_t t0 = 1800000000;
	int64_t t;
	int wait = 0;

	(void)state;
	ZK_RULE("SEC-3");
	for (int i = 0; i < 5; i++)
		assert_int_equal(attempt("u:1|bram", "ip:a", t0), 0);
	/* The fifth made the sixth wait, with or without the address. */
	assert_int_equal(attempt("u:1|bram", "ip:b", t0), 30);
	assert_int_equal(attempt("u:1|bram", "ip:b", t0 + 29), 1);
	assert_int_equal(attempt("u:1|anna", "ip:a", t0 + 29), 1);
	assert_int_equal(attempt("u:1|anna", "ip:c", t0 + 29), 0);
	assert_int_equal(attempt("u:1|bram", "ip:b", t0 + 30), 0);
	assert_int_equal(attempt("u:1|bram", "ip:b", t0 + 30), 60);
	/* Doubling up to an hour, each wait sat out to the end. */
	for (t = t0 + 90; wait < 3600; t += wait) {
		assert_int_equal(attempt("u:1|bram", "ip:d", t), 0);
		wait = attempt("u:1|bram", "ip:e", t);
		assert_true(wait == 120 || wait == 240 || wait == 480 ||
			    wait == 960 || wait == 1920 || wait == 3600);
	}
	assert_int_equal(attempt("u:1|bram", "ip:f", t), 0);
	assert_int_equal(attempt("u:1|bram", "ip:f", t), 3600);
	/* Not forgotten a quarter of an hour after the wait ended, not even
	 * when a login somewhere clears out old rows ... */
	session_new("purge", "anna", t + 3601);
	t += 3600 + 900;
	assert_int_equal(attempt("u:1|bram", "ip:g", t), 0);
	assert_int_equal(attempt("u:1|bram", "ip:g", t), 3600);
	/* ... but a second later. */
	t += 3600 + 901;
	assert_int_equal(attempt("u:1|bram", "ip:h", t), 0);
	assert_int_equal(attempt("u:1|bram", "ip:h", t), 0);

	/* A success: the user name cleared, the address keeps the others. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(attempt("u:1|carla", "ip:z", t0), 0);
	assert_int_equal(svc_throttle_success(svc, "u:1|carla", "ip:z"), 0);
	assert_int_equal(attempt("u:1|carla", "ip:y", t0), 0);
	/* The address had 3 left; its fifth attempt makes it wait. */
	assert_int_equal(attempt("u:1|dirk", "ip:z", t0), 0);
	assert_int_equal(attempt("u:1|dirk", "ip:z", t0), 0);
	assert_int_equal(attempt("u:1|dirk", "ip:x", t0), 0);
	assert_int_equal(attempt("u:1|erik", "ip:z", t0), 30);
	/* Only hashes of the keys are stored. */
	assert_int_equal(
	    test_sql_int(db, test_engine_pg()
				 ? "SELECT count(*) FROM login_throttle WHERE"
				   " position('bram'::bytea in key_hash) > 0"
				   " OR length(key_hash) != 32"
				 : "SELECT count(*) FROM login_throttle WHERE"
				   " instr(key_hash, 'bram') > 0"
				   " OR length(key_hash) != 32"),
	    0);
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
