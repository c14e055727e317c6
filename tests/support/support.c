/*
 * support.c: see support.h.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "audit/audit.h"
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

	snprintf(db, n, "%s/zk.db", test_tmpdir());
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

static sqlite3 *
test_open(const char *db)
{
	sqlite3 *h = NULL;

	if (sqlite3_open(db, &h) != SQLITE_OK)
		fail_msg("sqlite3_open %s", db);
	return h;
}

int
test_audit_count(struct service *svc, int64_t tenant, const char *event,
		 const char *outcome)
{
	sqlite3 *h = test_open(test_db_path);
	sqlite3_stmt *st;
	int n = -1;

	(void)svc;
	sqlite3_prepare_v2(h,
			   "SELECT count(*) FROM audit_log WHERE tenant_id = ?"
			   " AND (?2 IS NULL OR event = ?2)"
			   " AND (?3 IS NULL OR outcome = ?3)",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_text(st, 2, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, outcome, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

void
test_audit_last(struct service *svc, int64_t tenant, const char *field,
		char *out, size_t n)
{
	char sql[256];
	sqlite3 *h = test_open(test_db_path);
	sqlite3_stmt *st;

	(void)svc;
	snprintf(sql, sizeof sql,
		 "SELECT coalesce(%s, '') FROM audit_log WHERE tenant_id = ?"
		 " ORDER BY seq DESC LIMIT 1",
		 field);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("bad audit field %s", field);
	sqlite3_bind_int64(st, 1, tenant);
	out[0] = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s",
			 (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
}

void
test_sql(const char *db, const char *sql)
{
	sqlite3 *h = test_open(db);
	char *err = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("sql %s: %s", sql, err ? err : "?");
	sqlite3_close(h);
}

int64_t
test_sql_int(const char *db, const char *sql)
{
	sqlite3 *h = test_open(db);
	sqlite3_stmt *st = NULL;
	int64_t v;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		fail_msg("sql %s: %s", sql, sqlite3_errmsg(h));
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
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
