/*
 * support.h: helpers shared by the unit tests: loading the shipped
 * profiles, temporary databases, and reading the audit log.
 */
#ifndef ZK_TEST_SUPPORT_H
#define ZK_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "profile/profile.h"
#include "service/service.h"

/*
 * ZK_RULE("ACC-3"); inside a test function says that the function asserts
 * rule ACC-3. scripts/check-trace.sh counts a rule as tested only where
 * such a marker stands in a test function that asserts something; a rule
 * named in a comment does not count.
 */
#define ZK_RULE(id) ((void)sizeof(id))

/* Loads profiles/NAME.json from the source tree; fails the test if bad. */
struct profile *test_profile(const char *name);

/*
 * A fresh temporary directory under $TMPDIR (or /tmp); the path is static
 * until the next call. Every such directory is removed, with what it
 * holds, when the test program exits.
 */
const char *test_tmpdir(void);

/* The same into dir (size n), named PREFIX.XXXXXX. */
void test_tmpdir_make(char *dir, size_t n, const char *prefix);

/* Removes dir and everything under it; 0 or -1. */
int test_rm_tree(const char *dir);

/*
 * A new database in a temporary directory, with one tenant running the
 * profile NAME. Writes the database path into db (size n).
 */
struct service *test_service(const char *profile, char *db, size_t n,
			     int64_t *tenant);

/* Adds a user with one role; returns its uid in a static buffer. */
const char *test_user(struct service *svc, int64_t tenant, const char *username,
		      const char *role);

/* Makes the actor for username. */
void test_actor(struct service *svc, int64_t tenant, const char *username,
		struct actor *a);

/* Creates a client with a family name; writes its uid. */
void test_client(struct service *svc, int64_t tenant, const char *name,
		 char uid[ZK_UUID_LEN]);

/* Number of audit rows of tenant with this event and outcome (NULL: any). */
int test_audit_count(struct service *svc, int64_t tenant, const char *event,
		     const char *outcome);

/* The newest audit row's field, copied into out (size n). */
void test_audit_last(struct service *svc, int64_t tenant, const char *field,
		     char *out, size_t n);

/*
 * The engine under test: PostgreSQL when ZK_TEST_ENGINE is "pgsql" (on
 * the server ZK_TEST_PG names, a conninfo without dbname), else SQLite.
 */
int test_engine_pg(void);

/*
 * A new, empty database for a test whose temporary directory is dir:
 * the file dir/zk.db, or a new database on the server, dropped when the
 * test program exits, with its keys in dir/zk.keys ($ZORGKLUIS_KEYS).
 * Exits 77 (skipped) when PostgreSQL is asked for and no server named.
 */
void test_db_new(const char *dir, char *db, size_t n);

/* Runs SQL directly on a database, past the store (tampering). */
void test_sql(const char *db, const char *sql);
/* The same, returning the driver's error rather than failing. */
int test_sql_try(const char *db, const char *sql);
/* The integer a SQL query on a database answers (counting). */
int64_t test_sql_int(const char *db, const char *sql);

/*
 * svc_entry_list() with its text parsed: *out is the JSON array (NULL on
 * failure). Fails the test when the text is not valid JSON.
 */
int test_entry_list(struct service *svc, const struct actor *a,
		    const char *subject, const char *category, json_t **out,
		    char **cause);

/* Verifies the log; returns 1 when intact. */
int test_verify(struct service *svc);

#endif
