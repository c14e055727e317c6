/*
 * store_keycheck.c: key check values, which tell a wrong key from damaged data
 * (SEC-1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_key_check_get(struct store *s, const char *name, unsigned char out[32])
{
	static const char sql[] = "SELECT value FROM key_check WHERE name = ?";
	struct db_stmt *st;
	int rc;

	/* A read-only database from before migration 019 has no table. */
	if (s->version < 19)
		return ZK_ENOTFOUND;
	if ((st = store_stmt(s, DB_ALL_TENANTS, sql)) == NULL)
		return ZK_EIO;
	store_bind_text(st, 1, name);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if ((int)db_column_bytes(st, 0) == 32)
			memcpy(out, db_column_blob(st, 0), 32);
		else
			rc = ZK_ECORRUPT;
	}
	store_done(s, st);
	if (rc == DB_ROW)
		return 0;
	return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_key_check_put(struct store *s, const char *name,
		    const unsigned char value[32])
{
	static const char sql[] =
	    "INSERT INTO key_check (name, value) VALUES (?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "key_check_put", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, name);
	db_bind_blob(st, 2, value, 32);
	return store_exec_stmt(s, st);
}

int
store_audit_event_exists(struct store *s, const char *event, int *found)
{
	static const char sql[] =
	    "SELECT EXISTS (SELECT 1 FROM audit_log WHERE event = ?)";
	struct db_stmt *st;
	int rc;

	*found = 0;
	if ((st = store_stmt(s, DB_ALL_TENANTS, sql)) == NULL)
		return ZK_EIO;
	store_bind_text(st, 1, event);
	rc = db_step(st);
	if (rc == DB_ROW)
		*found = (int)db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}

int
store_key_check_count(struct store *s, int *n)
{
	static const char sql[] = "SELECT count(*) FROM key_check";
	struct db_stmt *st;
	int rc;

	*n = 0;
	if (s->version < 19)
		return 0;
	if ((st = store_stmt(s, DB_ALL_TENANTS, sql)) == NULL)
		return ZK_EIO;
	rc = db_step(st);
	if (rc == DB_ROW)
		*n = (int)db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}
