/*
 * store_session.c: login sessions and login throttling.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_session_create(struct store *s, const struct store_session *x)
{
	/* Only for a user who is active as the session is stored. */
	static const char sql[] =
	    "INSERT INTO session (token_hash, tenant_id, username, bearer,"
	    " two_factor_required, two_factor_ok, created, last_seen, idle,"
	    " expires) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"
	    " WHERE EXISTS (SELECT 1 FROM staff_user WHERE tenant_id = ?2"
	    "               AND username = ?3 AND disabled_at IS NULL)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, x->tenant, "session_create", sql, &st)) != 0)
		return rc;
	db_bind_blob(st, 1, x->hash, STORE_HASH_LEN);
	db_bind_int64(st, 2, x->tenant);
	store_bind_text(st, 3, x->username);
	db_bind_int64(st, 4, x->bearer != 0);
	db_bind_int64(st, 5, x->two_factor_required != 0);
	db_bind_int64(st, 6, x->two_factor_ok != 0);
	db_bind_int64(st, 7, x->created);
	db_bind_int64(st, 8, x->last_seen);
	db_bind_int64(st, 9, x->idle);
	db_bind_int64(st, 10, x->expires);
	return store_exec_some(s, st);
}

int
store_session_get(struct store *s, const unsigned char *hash,
		  struct store_session *out)
{
	static const char sql[] =
	    "SELECT tenant_id, username, bearer, two_factor_required,"
	    " two_factor_ok, created, last_seen, idle, expires"
	    " FROM session WHERE token_hash = ?";
	struct db_stmt *st = store_stmt(s, DB_ALL_TENANTS, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	memset(out, 0, sizeof *out);
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	if ((rc = db_step(st)) == DB_ROW) {
		memcpy(out->hash, hash, STORE_HASH_LEN);
		out->tenant = db_column_int64(st, 0);
		store_col_text(st, 1, out->username, sizeof out->username);
		out->bearer = (int)db_column_int64(st, 2);
		out->two_factor_required = (int)db_column_int64(st, 3);
		out->two_factor_ok = (int)db_column_int64(st, 4);
		out->created = db_column_int64(st, 5);
		out->last_seen = db_column_int64(st, 6);
		out->idle = db_column_int64(st, 7);
		out->expires = db_column_int64(st, 8);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_session_seen(struct store *s, const unsigned char *hash, int64_t now)
{
	static const char sql[] = "UPDATE session SET last_seen = ?2"
				  " WHERE token_hash = ?1 AND last_seen < ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "session_seen", sql, &st)) != 0)
		return rc;
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	db_bind_int64(st, 2, now);
	return store_exec_stmt(s, st);
}

int
store_session_upgrade(struct store *s, const unsigned char *hash)
{
	static const char sql[] =
	    "UPDATE session SET two_factor_ok = 1 WHERE token_hash = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "session_upgrade", sql, &st)) !=
	    0)
		return rc;
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	return store_exec_some(s, st);
}

int
store_session_delete(struct store *s, const unsigned char *hash)
{
	static const char sql[] = "DELETE FROM session WHERE token_hash = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "session_delete", sql, &st)) != 0)
		return rc;
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	return store_exec_stmt(s, st);
}

int
store_session_delete_user(struct store *s, int64_t tenant, const char *username)
{
	static const char sql[] =
	    "DELETE FROM session WHERE tenant_id = ? AND username = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "session_delete", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, username);
	return store_exec_stmt(s, st);
}

int
store_session_purge(struct store *s, int64_t now, int64_t forget)
{
	static const char sessions[] =
	    "DELETE FROM session WHERE expires <= ?1 OR last_seen + idle < ?1";
	static const char throttle[] =
	    "DELETE FROM login_throttle WHERE CASE WHEN until > last THEN "
	    "until ELSE last END < ?2";
	struct db_stmt *st;
	int rc;

	if ((st = store_stmt(s, DB_ALL_TENANTS, sessions)) == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, now);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((st = store_stmt(s, DB_ALL_TENANTS, throttle)) == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, now - forget);
	return store_exec_stmt(s, st);
}

int
store_throttle_get(struct store *s, const unsigned char *hash,
		   struct store_throttle *out)
{
	static const char sql[] = "SELECT failures, last, until"
				  " FROM login_throttle WHERE key_hash = ?";
	struct db_stmt *st = store_stmt(s, DB_ALL_TENANTS, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	memset(out, 0, sizeof *out);
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	if ((rc = db_step(st)) == DB_ROW) {
		memcpy(out->hash, hash, STORE_HASH_LEN);
		out->failures = (int)db_column_int64(st, 0);
		out->last = db_column_int64(st, 1);
		out->until = db_column_int64(st, 2);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_throttle_put(struct store *s, const struct store_throttle *t)
{
	static const char sql[] =
	    "INSERT INTO login_throttle (key_hash, failures, last, until)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key_hash) DO UPDATE"
	    " SET failures = ?2, last = ?3, until = ?4";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "throttle_put", sql, &st)) != 0)
		return rc;
	db_bind_blob(st, 1, t->hash, STORE_HASH_LEN);
	db_bind_int64(st, 2, t->failures);
	db_bind_int64(st, 3, t->last);
	db_bind_int64(st, 4, t->until);
	return store_exec_stmt(s, st);
}

int
store_throttle_delete(struct store *s, const unsigned char *hash)
{
	static const char sql[] =
	    "DELETE FROM login_throttle WHERE key_hash = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "throttle_delete", sql, &st)) !=
	    0)
		return rc;
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	return store_exec_stmt(s, st);
}
