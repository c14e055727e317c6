/*
 * support.c: see support.h.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/audit.h"
#include "store/db.h"
#include "support/support.h"

/* The database of the latest test_service(), for direct SQL reads. */
static char test_db_path[512];

struct profile *
test_profile(const char *name)
{
	char path[1024], *cause = NULL;
	struct profile *p = NULL;
	int rc;

	snprintf(path, sizeof path, "%s/profiles/%s.json", ZK_SOURCE_DIR, name);
	rc = profile_load_file(path, &p, &cause);
	if (rc != 0)
		fail_msg("profile %s: %s", name, cause ? cause : "?");
	return p;
}

/* The directories test_tmpdir() made, removed when the test ends. */
static char **test_dirs;
static size_t test_ndirs;

static int
test_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "test: could not remove %s\n", path);
	return 0;
}

int
test_rm_tree(const char *dir)
{
	return nftw(dir, test_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
test_tmpdir_cleanup(void)
{
	for (size_t i = 0; i < test_ndirs; i++) {
		test_rm_tree(test_dirs[i]);
		free(test_dirs[i]);
	}
	free(test_dirs);
	test_dirs = NULL;
	test_ndirs = 0;
}

void
test_tmpdir_make(char *dir, size_t n, const char *prefix)
{
	const char *base = getenv("TMPDIR");
	char **grown;

	if (base == NULL || base[0] == '\0')
		base = "/tmp";
	if ((size_t)snprintf(dir, n, "%s/%s.XXXXXX", base, prefix) >= n)
		fail_msg("TMPDIR too long: %s", base);
	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp %s failed", dir);
	grown = realloc(test_dirs, (test_ndirs + 1) * sizeof *grown);
	if (grown == NULL || (grown[test_ndirs] = strdup(dir)) == NULL)
		fail_msg("out of memory");
	if (test_dirs == NULL)
		atexit(test_tmpdir_cleanup);
	test_dirs = grown;
	test_ndirs++;
}

const char *
test_tmpdir(void)
{
	static char dir[512];

	test_tmpdir_make(dir, sizeof dir, "zktest");
	return dir;
}

struct service *
test_service(const char *profile, char *db, size_t n, int64_t *tenant)
{
	struct profile *p = test_profile(profile);
	struct service *svc = NULL;
	char *cause = NULL;
	int rc;

	test_db_new(test_tmpdir(), db, n);
	snprintf(test_db_path, sizeof test_db_path, "%s", db);
	rc = svc_open(db, NULL, SVC_CREATE, KEYS_ALL, &svc, &cause);
	if (rc != 0)
		fail_msg("svc_open: %s", cause ? cause : zk_strerror(rc));
	rc = svc_tenant_create(svc, "t1", "Test", p, tenant, &cause);
	if (rc != 0)
		fail_msg("tenant: %s", cause ? cause : zk_strerror(rc));
	profile_free(p);
	return svc;
}

const char *
test_user(struct service *svc, int64_t tenant, const char *username,
	  const char *role)
{
	static char uid[ZK_UUID_LEN];
	struct svc_user_input in;
	const char *roles[1] = {role};
	struct actor sys;
	char *cause = NULL;
	int rc;

	memset(&in, 0, sizeof in);
	in.username = username;
	in.roles = roles;
	in.nroles = 1;
	in.confidentiality = "profession";
	svc_actor_system(&sys, tenant, "test", "test");
	rc = svc_user_add(svc, &sys, &in, uid, &cause);
	if (rc != 0)
		fail_msg("user %s: %s", username, cause ? cause : "?");
	return uid;
}

void
test_actor(struct service *svc, int64_t tenant, const char *username,
	   struct actor *a)
{
	char *cause = NULL;

	if (svc_actor_user(svc, tenant, username, "test", a, &cause) != 0)
		fail_msg("actor %s: %s", username, cause ? cause : "?");
}

void
test_client(struct service *svc, int64_t tenant, const char *name,
	    char uid[ZK_UUID_LEN])
{
	struct actor sys;
	char *cause = NULL;
	json_t *id = json_pack("{s:s, s:s}", "family_name", name, "birth_date",
			       "1950-03-01");
	int rc;

	svc_actor_system(&sys, tenant, "test", "test");
	rc = svc_subject_create(svc, &sys, "client", id, NULL, uid, NULL,
				&cause);
	json_decref(id);
	if (rc != 0)
		fail_msg("client: %s", cause ? cause : "?");
}

/* --- the engine under test ---------------------------------------------- */

int
test_engine_pg(void)
{
	const char *e = getenv("ZK_TEST_ENGINE");

	return e != NULL && strcmp(e, "pgsql") == 0;
}

/* The databases test_db_new() made on the server, dropped at exit. */
static char **test_pg_dbs;
static size_t test_pg_ndbs;

/* Runs sql on the server's maintenance database; 0 or an error. */
static int
test_pg_admin(const char *sql, char **cause)
{
	char target[1024];
	struct db *h = NULL;
	int rc;

	snprintf(target, sizeof target, "%s dbname=postgres",
		 getenv("ZK_TEST_PG"));
	if ((rc = db_open(target, 0, &h, cause)) != 0)
		return rc;
	rc = db_exec(h, sql);
	if (rc != 0 && cause != NULL)
		*cause = strdup(db_errmsg(h));
	db_close(h);
	return rc;
}

static void
test_pg_cleanup(void)
{
	for (size_t i = 0; i < test_pg_ndbs; i++) {
		char sql[256];

		snprintf(sql, sizeof sql,
			 "DROP DATABASE IF EXISTS %s WITH (FORCE)",
			 test_pg_dbs[i]);
		if (test_pg_admin(sql, NULL) != 0)
			fprintf(stderr, "test: could not drop database %s\n",
				test_pg_dbs[i]);
		free(test_pg_dbs[i]);
	}
	free(test_pg_dbs);
	test_pg_dbs = NULL;
	test_pg_ndbs = 0;
}

/*
 * SQLite's zeroblob(), randomblob() and hex(), which the tests' own SQL
 * uses to damage rows, in a test database on the server. They are the
 * tests' and never part of the schema.
 */
static void
test_pg_helpers(const char *db)
{
	static const char sql[] =
	    "CREATE FUNCTION zeroblob(n integer) RETURNS bytea"
	    " LANGUAGE sql IMMUTABLE AS"
	    " $$ SELECT decode(repeat('00', n), 'hex') $$;"
	    "CREATE FUNCTION randomblob(n integer) RETURNS bytea"
	    " LANGUAGE sql AS $$ SELECT decode(string_agg(lpad(to_hex("
	    " floor(random() * 256)::integer), 2, '0'), ''), 'hex')"
	    " FROM generate_series(1, n) $$;"
	    "CREATE FUNCTION hex(b bytea) RETURNS text"
	    " LANGUAGE sql IMMUTABLE AS $$ SELECT upper(encode(b, 'hex')) $$;";
	struct db *h = NULL;
	char *cause = NULL;

	if (db_open(db, 0, &h, &cause) != 0 || db_exec(h, sql) != 0)
		fail_msg("test helpers in %s: %s", db,
			 h	 ? db_errmsg(h)
			 : cause ? cause
				 : "?");
	db_close(h);
}

void
test_db_new(const char *dir, char *db, size_t n)
{
	static unsigned seq;
	const char *base = getenv("ZK_TEST_PG");
	char name[64], sql[128], keys[600], *cause = NULL, **grown;

	if (!test_engine_pg()) {
		snprintf(db, n, "%s/zk.db", dir);
		return;
	}
	if (base == NULL || base[0] == '\0') {
		printf("skipped: ZK_TEST_ENGINE=pgsql without ZK_TEST_PG\n");
		exit(77);
	}
	snprintf(name, sizeof name, "zkt_%ld_%u", (long)getpid(), ++seq);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
	if (test_pg_admin(sql, &cause) != 0)
		fail_msg("create database %s: %s", name, cause ? cause : "?");
	grown = realloc(test_pg_dbs, (test_pg_ndbs + 1) * sizeof *grown);
	if (grown == NULL || (grown[test_pg_ndbs] = strdup(name)) == NULL)
		fail_msg("out of memory");
	if (test_pg_dbs == NULL)
		atexit(test_pg_cleanup);
	test_pg_dbs = grown;
	test_pg_ndbs++;
	if ((size_t)snprintf(db, n, "%s dbname=%s", base, name) >= n)
		fail_msg("ZK_TEST_PG too long");
	test_pg_helpers(db);
	/* The keys of a server's database are named, never derived. */
	snprintf(keys, sizeof keys, "%s/zk.keys", dir);
	setenv("ZORGKLUIS_KEYS", keys, 1);
}

/*
 * A connection to db for reading or tampering behind the store's back;
 * on PostgreSQL it sees every organisation, past the row-level wall.
 */
static struct db *
test_open(const char *db)
{
	struct db *h = NULL;
	char *cause = NULL;

	if (db_open(db, 0, &h, &cause) != 0)
		fail_msg("open %s: %s", db, cause ? cause : "?");
	if (db_tenant(h, DB_ALL_TENANTS) != 0)
		fail_msg("open %s: %s", db, db_errmsg(h));
	return h;
}

int
test_audit_count(struct service *svc, int64_t tenant, const char *event,
		 const char *outcome)
{
	static const char sql[] =
	    "SELECT count(*) FROM audit_log WHERE tenant_id = ?"
	    " AND (?2 IS NULL OR event = ?2)"
	    " AND (?3 IS NULL OR outcome = ?3)";
	struct db *h = test_open(test_db_path);
	struct db_stmt *st;
	int n = -1;

	(void)svc;
	if (db_prepare(h, sql, &st) != 0)
		fail_msg("count: %s", db_errmsg(h));
	db_bind_int64(st, 1, tenant);
	db_bind_text(st, 2, event);
	db_bind_text(st, 3, outcome);
	if (db_step(st) == DB_ROW)
		n = (int)db_column_int64(st, 0);
	db_close(h);
	return n;
}

void
test_audit_last(struct service *svc, int64_t tenant, const char *field,
		char *out, size_t n)
{
	char sql[256];
	struct db *h = test_open(test_db_path);
	struct db_stmt *st;

	(void)svc;
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(%s, '') FROM audit_log WHERE tenant_id = ?"
		 " ORDER BY seq DESC LIMIT 1",
		 field);
	if (db_prepare_fresh(h, sql, &st) != 0)
		fail_msg("bad audit field %s", field);
	db_bind_int64(st, 1, tenant);
	out[0] = '\0';
	if (db_step(st) == DB_ROW)
		snprintf(out, n, "%s", db_column_text(st, 0));
	db_finalize(st);
	db_close(h);
}

int
test_sql_try(const char *db, const char *sql)
{
	struct db *h = test_open(db);
	int rc = db_exec(h, sql);

	db_close(h);
	return rc;
}

void
test_sql(const char *db, const char *sql)
{
	struct db *h = test_open(db);

	if (db_exec(h, sql) != 0)
		fail_msg("sql %s: %s", sql, db_errmsg(h));
	db_close(h);
}

int64_t
test_sql_int(const char *db, const char *sql)
{
	struct db *h = test_open(db);
	struct db_stmt *st = NULL;
	int64_t v;

	if (db_prepare_fresh(h, sql, &st) != 0 || db_step(st) != DB_ROW)
		fail_msg("sql %s: %s", sql, db_errmsg(h));
	v = db_column_int64(st, 0);
	db_finalize(st);
	db_close(h);
	return v;
}

int
test_verify(struct service *svc)
{
	struct audit_verify_result res;
	char *cause = NULL;

	if (audit_verify(svc_store(svc), svc_keys(svc), &res, &cause) != 0)
		fail_msg("verify could not run: %s", cause ? cause : "?");
	if (!res.intact)
		print_message("verify: %s\n", res.problem);
	return res.intact;
}

int
test_entry_list(struct service *svc, const struct actor *a, const char *subject,
		const char *category, json_t **out, char **cause)
{
	struct zk_buf text;
	json_error_t err;
	int rc;

	*out = NULL;
	zk_buf_init(&text, 0);
	rc = svc_entry_list(svc, a, subject, category, &text, cause);
	if (rc == 0) {
		*out = json_loadb((const char *)text.data, text.len, 0, &err);
		if (*out == NULL || !json_is_array(*out))
			fail_msg("entry list is no JSON array: %s", err.text);
	} else {
		assert_int_equal(text.len, 0);
	}
	zk_buf_release(&text);
	return rc;
}
