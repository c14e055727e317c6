/*
 * store_subject.c: clients and other data subjects, with their sealed identity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

void
store_subject_release(struct store_subject *x)
{
	if (x != NULL)
		zk_buf_release(&x->identity);
}

int
store_subject_create(struct store *s, int64_t tenant,
		     const struct store_subject *x, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO subject (tenant_id, uid, kind, team_id, wrapped_key,"
	    " identity, created_at, updated_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7 WHERE ?4 IS NULL OR"
	    " EXISTS (SELECT 1 FROM team WHERE id = ?4 AND tenant_id = ?1) "
	    "RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "subject_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, x->uid);
	store_bind_text(st, 3, x->kind);
	store_bind_id(st, 4, x->team_id);
	/* ERA-5: the key is in the key store, never in the database. */
	db_bind_blob(st, 5, NULL, 0);
	db_bind_blob(st, 6, x->identity.data, x->identity.len);
	store_bind_text(st, 7, x->created_at);
	return store_insert(s, st, id);
}

int
store_subject_row(struct db_stmt *st, struct store_subject *x)
{
	int n = (int)db_column_bytes(st, 4);

	x->id = db_column_int64(st, 0);
	store_col_text(st, 1, x->uid, sizeof x->uid);
	store_col_text(st, 2, x->kind, sizeof x->kind);
	x->team_id = db_column_int64(st, 3);
	x->wrapped_len = 0;
	if (n > 0 && (size_t)n <= sizeof x->wrapped_key) {
		memcpy(x->wrapped_key, db_column_blob(st, 4), (size_t)n);
		x->wrapped_len = (size_t)n;
	}
	store_col_text(st, 6, x->created_at, sizeof x->created_at);
	store_col_text(st, 7, x->updated_at, sizeof x->updated_at);
	x->key_gen = (int)db_column_int64(st, 8);
	store_col_text(st, 9, x->key_destroyed_at, sizeof x->key_destroyed_at);
	return store_col_buf(st, 5, &x->identity);
}

int
store_subject_get(struct store *s, int64_t tenant, const char *uid,
		  struct store_subject *out)
{
	static const char sql[] = "SELECT " STORE_SUBJECT_COLS " FROM subject"
				  " WHERE tenant_id = ? AND uid = ?";
	/* On PostgreSQL, with the relation epoch (store_int.h). */
	static const char with_epoch[] =
	    "SELECT " STORE_SUBJECT_COLS ", e.epoch, e.reset FROM subject"
	    " LEFT JOIN relation_epoch e ON e.tenant_id = subject.tenant_id"
	    " WHERE subject.tenant_id = ? AND subject.uid = ?";
	int epoch = store_relation_epoch_wanted(s, tenant);
	struct db_stmt *st = store_stmt(s, tenant, epoch ? with_epoch : sql);
	int rc, r2 = 0, n = STORE_SUBJECT_NCOLS;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW) {
		r2 = store_subject_row(st, out);
		if (epoch)
			store_relation_epoch_seen(
			    s, tenant,
			    db_column_null(st, n) ? 0 : db_column_int64(st, n),
			    db_column_null(st, n + 1)
				? 0
				: db_column_int64(st, n + 1));
	}
	store_done(s, st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
	return r2;
}

int
store_subject_uid(struct store *s, int64_t tenant, int64_t id,
		  char uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT uid FROM subject WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_subject_set_identity(struct store *s, int64_t tenant, int64_t id,
			   const struct zk_buf *identity,
			   const char *updated_at, const char *by)
{
	static const char keep[] =
	    "INSERT INTO subject_identity_version (tenant_id, subject_id,"
	    " identity, replaced_at, replaced_by)"
	    " SELECT tenant_id, id, identity, ?3, ?4 FROM subject"
	    " WHERE tenant_id = ?1 AND id = ?2 AND identity IS NOT NULL";
	static const char sql[] =
	    "UPDATE subject SET identity = ?, updated_at = ?"
	    " WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "subject_set_identity", keep, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, updated_at);
	store_bind_text(st, 4, by);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((st = store_stmt(s, tenant, sql)) == NULL)
		return ZK_EIO;
	db_bind_blob(st, 1, identity->data, identity->len);
	store_bind_text(st, 2, updated_at);
	db_bind_int64(st, 3, tenant);
	db_bind_int64(st, 4, id);
	return store_exec_some(s, st);
}

int
store_subject_list(struct store *s, int64_t tenant, const char *kind,
		   int64_t after_id, int limit,
		   int (*cb)(void *arg, const struct store_subject *x),
		   void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_SUBJECT_COLS " FROM subject"
	    " WHERE tenant_id = ?1 AND (?2 IS NULL OR kind = ?2) AND id > ?3"
	    " AND key_destroyed_at IS NULL" /* ERA-5: nothing left to list */
	    " ORDER BY id LIMIT ?4";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	struct store_subject x;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&x, 0, sizeof x);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, kind);
	db_bind_int64(st, 3, after_id);
	db_bind_int64(st, 4, limit > 0 ? limit : INT64_MAX); /* no limit */
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_subject_row(st, &x)) != 0 ||
		    (cbrc = cb(arg, &x)) != 0)
			break;
	}
	store_done(s, st);
	store_subject_release(&x);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
