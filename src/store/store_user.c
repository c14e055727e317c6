/*
 * store_user.c: staff accounts: roles, passwords, second factors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_user_create(struct store *s, int64_t tenant, const struct store_user *u,
		  int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO staff_user (tenant_id, uid, username, display_name,"
	    " password_hash, confidentiality, team_id, created_at,"
	    " password_change, awaiting_approval)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE ?7 IS NULL "
	    "OR"
	    " EXISTS (SELECT 1 FROM team WHERE id = ?7 AND tenant_id = ?1) "
	    "RETURNING id";
	static const char sql_role[] = "INSERT INTO staff_role (user_id, "
				       "tenant_id, role) VALUES (?, ?, ?)";
	struct db_stmt *st;
	int64_t uid;
	int rc;

	if ((rc = store_op(s, tenant, "user_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, u->uid);
	store_bind_text(st, 3, u->username);
	store_bind_text(st, 4, u->display_name);
	store_bind_text(st, 5, u->password_hash);
	store_bind_text(st, 6, u->confidentiality);
	store_bind_id(st, 7, u->team_id);
	store_bind_text(st, 8, u->created_at);
	db_bind_int64(st, 9, u->password_change != 0);
	db_bind_int64(st, 10, u->awaiting_approval != 0);
	if ((rc = store_insert(s, st, &uid)) != 0)
		return rc;
	for (int i = 0; i < u->nroles; i++) {
		if ((st = store_stmt(s, tenant, sql_role)) == NULL)
			return ZK_EIO;
		db_bind_int64(st, 1, uid);
		db_bind_int64(st, 2, tenant);
		store_bind_text(st, 3, u->roles[i]);
		if ((rc = store_exec_stmt(s, st)) != 0)
			return rc;
	}
	if (id != NULL)
		*id = uid;
	return 0;
}

#define STORE_USER_COLS                                                        \
	"u.id, u.uid, u.username, u.display_name, u.password_hash,"            \
	" u.confidentiality, u.team_id, coalesce(t.name, ''), u.created_at,"   \
	" u.disabled_at IS NOT NULL, u.totp_secret, u.totp_confirmed_at,"      \
	" (SELECT group_concat(role, ',') FROM staff_role r"                   \
	"   WHERE r.user_id = u.id AND r.tenant_id = u.tenant_id),"            \
	" u.password_change, u.awaiting_approval"

/* Fills u->roles from "a,b,c". */
static void
store_user_split_roles(struct store_user *u, const char *list)
{
	u->nroles = 0;
	while (list != NULL && *list != '\0' && u->nroles < STORE_MAX_ROLES) {
		size_t n = strcspn(list, ",");

		if (n > 0 && n < sizeof u->roles[0]) {
			memcpy(u->roles[u->nroles], list, n);
			u->roles[u->nroles][n] = '\0';
			u->nroles++;
		}
		list += n;
		if (*list == ',')
			list++;
	}
}

/* ZK_ECORRUPT when the second-factor secret does not fit: not "none". */
static int
store_user_row(struct db_stmt *st, struct store_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_column_int64(st, 0);
	store_col_text(st, 1, u->uid, sizeof u->uid);
	store_col_text(st, 2, u->username, sizeof u->username);
	store_col_text(st, 3, u->display_name, sizeof u->display_name);
	store_col_text(st, 4, u->password_hash, sizeof u->password_hash);
	store_col_text(st, 5, u->confidentiality, sizeof u->confidentiality);
	u->team_id = db_column_int64(st, 6);
	store_col_text(st, 7, u->team, sizeof u->team);
	store_col_text(st, 8, u->created_at, sizeof u->created_at);
	u->disabled = (int)db_column_int64(st, 9);
	if (db_column_bytes(st, 10) > sizeof u->totp)
		return ZK_ECORRUPT;
	if ((int)db_column_bytes(st, 10) > 0) {
		u->totp_len = db_column_bytes(st, 10);
		memcpy(u->totp, db_column_blob(st, 10), u->totp_len);
	}
	store_col_text(st, 11, u->totp_confirmed_at,
		       sizeof u->totp_confirmed_at);
	store_user_split_roles(u, db_column_text(st, 12));
	u->password_change = (int)db_column_int64(st, 13) != 0;
	u->awaiting_approval = (int)db_column_int64(st, 14) != 0;
	return 0;
}

static int
store_user_get_by(struct store *s, const char *sql, int64_t tenant,
		  const char *key, struct store_user *out)
{
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, row = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, key);
	rc = db_step(st);
	if (rc == DB_ROW)
		row = store_user_row(st, out);
	store_done(s, st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
	return row;
}

int
store_user_get(struct store *s, int64_t tenant, const char *username,
	       struct store_user *out)
{
	static const char sql[] = "SELECT " STORE_USER_COLS " FROM staff_user u"
				  " LEFT JOIN team t ON t.id = u.team_id"
				  " WHERE u.tenant_id = ? AND u.username = ?";

	return store_user_get_by(s, sql, tenant, username, out);
}

int
store_user_get_uid(struct store *s, int64_t tenant, const char *uid,
		   struct store_user *out)
{
	static const char sql[] = "SELECT " STORE_USER_COLS " FROM staff_user u"
				  " LEFT JOIN team t ON t.id = u.team_id"
				  " WHERE u.tenant_id = ? AND u.uid = ?";

	return store_user_get_by(s, sql, tenant, uid, out);
}

int
store_user_list(struct store *s, int64_t tenant,
		int (*cb)(void *arg, const struct store_user *u), void *arg)
{
	static const char sql[] = "SELECT " STORE_USER_COLS " FROM staff_user u"
				  " LEFT JOIN team t ON t.id = u.team_id"
				  " WHERE u.tenant_id = ? ORDER BY u.username";
	struct store_user u;
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_user_row(st, &u)) != 0 ||
		    (cbrc = cb(arg, &u)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_user_disable(struct store *s, int64_t tenant, const char *username,
		   const char *when)
{
	static const char sql[] =
	    "UPDATE staff_user SET disabled_at = ?"
	    " WHERE tenant_id = ? AND username = ? AND disabled_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_disable", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, when);
	db_bind_int64(st, 2, tenant);
	store_bind_text(st, 3, username);
	return store_exec_some(s, st);
}

int
store_user_set_totp(struct store *s, int64_t tenant, int64_t id,
		    const unsigned char *sealed, size_t len,
		    const char *confirmed_at)
{
	static const char sql[] =
	    "UPDATE staff_user SET totp_secret = ?, totp_confirmed_at = ?"
	    " WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_set_totp", sql, &st)) != 0)
		return rc;
	if (len > 0)
		db_bind_blob(st, 1, sealed, len);
	else
		db_bind_blob(st, 1, NULL, 0);
	store_bind_text(st, 2, confirmed_at);
	db_bind_int64(st, 3, tenant);
	db_bind_int64(st, 4, id);
	return store_exec_some(s, st);
}

int
store_user_set_password(struct store *s, int64_t tenant, int64_t id,
			const char *old_hash, const char *new_hash)
{
	static const char sql[] =
	    "UPDATE staff_user SET password_hash = ?, password_change = 0"
	    " WHERE tenant_id = ? AND id = ? AND password_hash = ?"
	    " AND disabled_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_set_password", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, new_hash);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, id);
	store_bind_text(st, 4, old_hash);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return db_changes(s->db) == 0 ? ZK_ECONFLICT : 0;
}

int
store_user_totp_step(struct store *s, int64_t tenant, int64_t id, int64_t step)
{
	static const char sql[] =
	    "UPDATE staff_user SET totp_last_step = ?3"
	    " WHERE tenant_id = ?1 AND id = ?2 AND totp_last_step < ?3";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_totp_step", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	db_bind_int64(st, 3, step);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

int
store_user_set_roles(struct store *s, int64_t tenant, int64_t id,
		     const char (*roles)[48], int n)
{
	static const char sql_del[] =
	    "DELETE FROM staff_role WHERE tenant_id = ? AND user_id = ?";
	static const char sql_add[] = "INSERT INTO staff_role (user_id, "
				      "tenant_id, role) VALUES (?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_set_roles", sql_del, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		if ((st = store_stmt(s, tenant, sql_add)) == NULL)
			return ZK_EIO;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, tenant);
		store_bind_text(st, 3, roles[i]);
		if ((rc = store_exec_stmt(s, st)) != 0)
			return rc;
	}
	return 0;
}

int
store_user_approve(struct store *s, int64_t tenant, int64_t id)
{
	static const char sql[] = "UPDATE staff_user SET awaiting_approval = 0"
				  " WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_approve", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	return store_exec_some(s, st);
}

int
store_user_put_password(struct store *s, int64_t tenant, int64_t id,
			const char *hash)
{
	static const char sql[] =
	    "UPDATE staff_user SET password_hash = ?1, password_change = 0"
	    " WHERE tenant_id = ?2 AND id = ?3 AND (?1 IS NULL OR"
	    " (disabled_at IS NULL AND awaiting_approval = 0))";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_put_password", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, hash);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, id);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

int
store_user_enable(struct store *s, int64_t tenant, const char *username)
{
	static const char sql[] =
	    "UPDATE staff_user SET disabled_at = NULL"
	    " WHERE tenant_id = ? AND username = ? AND disabled_at IS NOT NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "user_enable", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, username);
	return store_exec_some(s, st);
}

/*
 * SCOPE-3: a login that names no organisation finds it by the user name.
 * This spans organisations by design: it reads only which organisations
 * have an account of that name, nothing of the accounts themselves.
 */
int
store_user_tenants(struct store *s, const char *username,
		   int (*cb)(void *arg, int64_t tenant), void *arg)
{
	static const char sql[] =
	    "SELECT DISTINCT tenant_id FROM staff_user WHERE username = ?"
	    " ORDER BY tenant_id";
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, DB_ALL_TENANTS, "user_tenants", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, username);
	while ((rc = db_step(st)) == DB_ROW)
		if ((cbrc = cb(arg, db_column_int64(st, 0))) != 0)
			break;
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/*
 * SCOPE-3: the organisation of an invitation, found by its token's hash
 * (unique over the installation), for an acceptance that names none.
 */
int
store_invitation_tenant(struct store *s, const unsigned char *hash,
			int64_t *tenant)
{
	static const char sql[] =
	    "SELECT tenant_id FROM invitation WHERE token_hash = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "invitation_tenant", sql, &st)) !=
	    0)
		return rc;
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	if ((rc = db_step(st)) == DB_ROW)
		*tenant = db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}
