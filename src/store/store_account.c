/*
 * store_account.c: requests for a second person's approval and one-time
 * invitations (ACC-3, SEC-3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_request_create(struct store *s, int64_t tenant,
		     const struct store_request *r, int64_t *id)
{
	static const char sql_old[] =
	    "UPDATE account_request SET status = 'withdrawn', decided_at = ?"
	    " WHERE tenant_id = ? AND user_id = ? AND kind = ?"
	    " AND status = 'pending'";
	static const char sql[] =
	    "INSERT INTO account_request (tenant_id, uid, user_id, kind,"
	    " roles, requested_by, requested_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE EXISTS"
	    " (SELECT 1 FROM staff_user WHERE id = ?3 AND tenant_id = ?1) "
	    "RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_create", sql_old, &st)) != 0)
		return rc;
	store_bind_text(st, 1, r->requested_at);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, r->user_id);
	store_bind_text(st, 4, r->kind);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((st = store_stmt(s, tenant, sql)) == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	db_bind_int64(st, 3, r->user_id);
	store_bind_text(st, 4, r->kind);
	store_bind_text(st, 5, r->roles);
	store_bind_text(st, 6, r->requested_by);
	store_bind_text(st, 7, r->requested_at);
	return store_insert(s, st, id);
}

int
store_request_withdraw(struct store *s, int64_t tenant, int64_t user,
		       const char *kind, const char *when)
{
	static const char sql[] =
	    "UPDATE account_request SET status = 'withdrawn', decided_at = ?1"
	    " WHERE tenant_id = ?2 AND user_id = ?3 AND kind = ?4"
	    " AND status = 'pending'";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_withdraw", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, when);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, user);
	store_bind_text(st, 4, kind);
	return store_exec_stmt(s, st);
}

#define STORE_REQUEST_COLS                                                     \
	"r.id, r.uid, r.user_id, u.username, coalesce(u.team_id, 0), r.kind,"  \
	" r.roles, r.requested_by, r.requested_at, r.status,"                  \
	" coalesce(r.decided_by, ''), coalesce(r.decided_at, '')"              \
	" FROM account_request r JOIN staff_user u ON u.id = r.user_id"        \
	" AND u.tenant_id = r.tenant_id"

static void
store_request_row(struct db_stmt *st, struct store_request *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_column_int64(st, 0);
	store_col_text(st, 1, r->uid, sizeof r->uid);
	r->user_id = db_column_int64(st, 2);
	store_col_text(st, 3, r->username, sizeof r->username);
	r->team_id = db_column_int64(st, 4);
	store_col_text(st, 5, r->kind, sizeof r->kind);
	store_col_text(st, 6, r->roles, sizeof r->roles);
	store_col_text(st, 7, r->requested_by, sizeof r->requested_by);
	store_col_text(st, 8, r->requested_at, sizeof r->requested_at);
	store_col_text(st, 9, r->status, sizeof r->status);
	store_col_text(st, 10, r->decided_by, sizeof r->decided_by);
	store_col_text(st, 11, r->decided_at, sizeof r->decided_at);
}

int
store_request_get(struct store *s, int64_t tenant, const char *uid,
		  struct store_request *out)
{
	static const char sql[] =
	    "SELECT " STORE_REQUEST_COLS " WHERE r.tenant_id = ? AND r.uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_get", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	if ((rc = db_step(st)) == DB_ROW)
		store_request_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_request_list(struct store *s, int64_t tenant, int pending,
		   int (*cb)(void *arg, const struct store_request *r),
		   void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_REQUEST_COLS " WHERE r.tenant_id = ?"
	    " AND (? = 0 OR r.status = 'pending') ORDER BY r.id DESC";
	struct store_request r;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, tenant, "request_list", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, pending != 0);
	while ((rc = db_step(st)) == DB_ROW) {
		store_request_row(st, &r);
		if ((cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_request_decide(struct store *s, int64_t tenant, int64_t id,
		     const char *status, const char *by, const char *when)
{
	static const char sql[] =
	    "UPDATE account_request SET status = ?, decided_by = ?,"
	    " decided_at = ? WHERE tenant_id = ? AND id = ?"
	    " AND status = 'pending'";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_decide", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, status);
	store_bind_text(st, 2, by);
	store_bind_text(st, 3, when);
	db_bind_int64(st, 4, tenant);
	db_bind_int64(st, 5, id);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

int
store_invitation_revoke(struct store *s, int64_t tenant, int64_t user,
			const char *when)
{
	static const char sql[] =
	    "UPDATE invitation SET used_at = ? WHERE tenant_id = ?"
	    " AND user_id = ? AND used_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "invitation_revoke", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, when);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, user);
	return store_exec_stmt(s, st);
}

int
store_invitation_create(struct store *s, int64_t tenant, int64_t user,
			const unsigned char *hash, const char *by,
			const char *created_at, int64_t expires_at)
{
	static const char sql[] =
	    "INSERT INTO invitation (tenant_id, user_id, token_hash,"
	    " created_by, created_at, expires_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE EXISTS"
	    " (SELECT 1 FROM staff_user WHERE id = ?2 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_invitation_revoke(s, tenant, user, created_at)) != 0 ||
	    (rc = store_op(s, tenant, "invitation_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_blob(st, 3, hash, STORE_HASH_LEN);
	store_bind_text(st, 4, by);
	store_bind_text(st, 5, created_at);
	db_bind_int64(st, 6, expires_at);
	return store_insert(s, st, NULL);
}

int
store_invitation_get(struct store *s, int64_t tenant, const unsigned char *hash,
		     struct store_invitation *out)
{
	static const char sql[] =
	    "SELECT i.id, i.user_id, i.expires_at, i.used_at IS NOT NULL,"
	    " u.username FROM invitation i JOIN staff_user u"
	    " ON u.id = i.user_id AND u.tenant_id = i.tenant_id"
	    " WHERE i.tenant_id = ? AND i.token_hash = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "invitation_get", sql, &st)) != 0)
		return rc;
	memset(out, 0, sizeof *out);
	db_bind_int64(st, 1, tenant);
	db_bind_blob(st, 2, hash, STORE_HASH_LEN);
	if ((rc = db_step(st)) == DB_ROW) {
		out->id = db_column_int64(st, 0);
		out->user_id = db_column_int64(st, 1);
		out->expires_at = db_column_int64(st, 2);
		out->used = (int)db_column_int64(st, 3);
		store_col_text(st, 4, out->username, sizeof out->username);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_invitation_use(struct store *s, int64_t tenant, int64_t id,
		     const char *when)
{
	static const char sql[] =
	    "UPDATE invitation SET used_at = ? WHERE tenant_id = ? AND id = ?"
	    " AND used_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "invitation_use", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, when);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, id);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}
