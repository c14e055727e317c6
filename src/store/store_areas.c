#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

/* --- tenants, profiles, teams ---------------------------------------- */

int
store_tenant_create(struct store *s, const char *slug, const char *name,
		    int64_t *id)
{
	static const char sql[] = "INSERT INTO tenant (slug, name, created_at) "
				  "VALUES (?, ?, ?) RETURNING id";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "tenant_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	store_bind_text(st, 1, slug);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, now);
	return store_insert(s, st, id);
}

static void
store_tenant_row(struct db_stmt *st, struct store_tenant *t)
{
	t->id = db_column_int64(st, 0);
	store_col_text(st, 1, t->slug, sizeof t->slug);
	store_col_text(st, 2, t->name, sizeof t->name);
}

int
store_tenant_get(struct store *s, const char *slug, struct store_tenant *out)
{
	static const char sql[] =
	    "SELECT id, slug, name FROM tenant WHERE slug = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	store_bind_text(st, 1, slug);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_tenant_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_tenant_list(struct store *s,
		  int (*cb)(void *arg, const struct store_tenant *t), void *arg)
{
	static const char sql[] =
	    "SELECT id, slug, name FROM tenant ORDER BY id";
	struct db_stmt *st = store_stmt(s, sql);
	struct store_tenant t;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	while ((rc = db_step(st)) == DB_ROW) {
		store_tenant_row(st, &t);
		if ((cbrc = cb(arg, &t)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_profile_put(struct store *s, int64_t tenant, const char *profile_id,
		  const char *version, const char *published_on,
		  const char *effective_on, const char *body)
{
	static const char sql[] =
	    "INSERT INTO profile_version (tenant_id, profile_id, version,"
	    " published_on, effective_on, body, installed_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "profile_put", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, profile_id);
	store_bind_text(st, 3, version);
	store_bind_text(st, 4, published_on);
	store_bind_text(st, 5, effective_on);
	db_bind_text(st, 6, body);
	store_bind_text(st, 7, now);
	return store_exec_stmt(s, st);
}

int
store_profile_current(struct store *s, int64_t tenant, const char *day,
		      char **body)
{
	/*
	 * The version in force is the newest effective one; a tenant whose
	 * only version is not yet effective runs it anyway (a new install).
	 */
	static const char sql[] =
	    "SELECT body FROM profile_version WHERE tenant_id = ?"
	    " ORDER BY (effective_on <= ?) DESC, effective_on DESC, id DESC"
	    " LIMIT 1";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	*body = NULL;
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, day);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *b = db_column_text(st, 0);
		*body = strdup(b ? b : "");
		if (*body == NULL)
			rc = ZK_ENOMEM;
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_profile_exists(struct store *s, int64_t tenant, const char *version)
{
	static const char sql[] = "SELECT 1 FROM profile_version"
				  " WHERE tenant_id = ? AND version = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, version);
	rc = db_step(st);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_location_create(struct store *s, int64_t tenant, const char *name,
		      const char *address, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO location (tenant_id, name, address)"
	    " VALUES (?, ?, ?) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "location_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, address);
	return store_insert(s, st, id);
}

int
store_team_create(struct store *s, int64_t tenant, int64_t location,
		  const char *name, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO team (tenant_id, location_id, name)"
	    " SELECT ?1, ?2, ?3 WHERE ?2 IS NULL OR EXISTS"
	    " (SELECT 1 FROM location WHERE id = ?2 AND tenant_id = ?1) "
	    "RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "team_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_id(st, 2, location);
	store_bind_text(st, 3, name);
	rc = store_insert(s, st, id);
	return rc;
}

int
store_team_find(struct store *s, int64_t tenant, const char *name, int64_t *id)
{
	static const char sql[] =
	    "SELECT id FROM team WHERE tenant_id = ? AND name = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, name);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

/* --- staff users ------------------------------------------------------ */

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

	if ((rc = store_op(s, "user_create", sql, &st)) != 0)
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
		if ((st = store_stmt(s, sql_role)) == NULL)
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
	struct db_stmt *st = store_stmt(s, sql);
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
	struct db_stmt *st = store_stmt(s, sql);
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

	if ((rc = store_op(s, "user_disable", sql, &st)) != 0)
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

	if ((rc = store_op(s, "user_set_totp", sql, &st)) != 0)
		return rc;
	if (len > 0)
		db_bind_blob(st, 1, sealed, len);
	else
		db_bind_null(st, 1);
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

	if ((rc = store_op(s, "user_set_password", sql, &st)) != 0)
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

	if ((rc = store_op(s, "user_totp_step", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	db_bind_int64(st, 3, step);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

/* --- account approvals and invitations (ACC-3, SEC-3) ------------------- */

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

	if ((rc = store_op(s, "user_set_roles", sql_del, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		if ((st = store_stmt(s, sql_add)) == NULL)
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

	if ((rc = store_op(s, "user_approve", sql, &st)) != 0)
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

	if ((rc = store_op(s, "user_put_password", sql, &st)) != 0)
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

	if ((rc = store_op(s, "user_enable", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, username);
	return store_exec_some(s, st);
}

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

	if ((rc = store_op(s, "request_create", sql_old, &st)) != 0)
		return rc;
	store_bind_text(st, 1, r->requested_at);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, r->user_id);
	store_bind_text(st, 4, r->kind);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((st = store_stmt(s, sql)) == NULL)
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

	if ((rc = store_op(s, "request_get", sql, &st)) != 0)
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

	if ((rc = store_op(s, "request_list", sql, &st)) != 0)
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

	if ((rc = store_op(s, "request_decide", sql, &st)) != 0)
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

	if ((rc = store_op(s, "invitation_revoke", sql, &st)) != 0)
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
	    (rc = store_op(s, "invitation_create", sql, &st)) != 0)
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

	if ((rc = store_op(s, "invitation_get", sql, &st)) != 0)
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

	if ((rc = store_op(s, "invitation_use", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, when);
	db_bind_int64(st, 2, tenant);
	db_bind_int64(st, 3, id);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

/* --- subjects --------------------------------------------------------- */

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

	if ((rc = store_op(s, "subject_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, x->uid);
	store_bind_text(st, 3, x->kind);
	store_bind_id(st, 4, x->team_id);
	db_bind_blob(st, 5, x->wrapped_key, x->wrapped_len);
	db_bind_blob(st, 6, x->identity.data, x->identity.len);
	store_bind_text(st, 7, x->created_at);
	return store_insert(s, st, id);
}

#define STORE_SUBJECT_COLS                                                     \
	"id, uid, kind, team_id, wrapped_key, identity, created_at, "          \
	"updated_at"

static int
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
	return store_col_buf(st, 5, &x->identity);
}

int
store_subject_get(struct store *s, int64_t tenant, const char *uid,
		  struct store_subject *out)
{
	static const char sql[] = "SELECT " STORE_SUBJECT_COLS " FROM subject"
				  " WHERE tenant_id = ? AND uid = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc, r2 = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW)
		r2 = store_subject_row(st, out);
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
	struct db_stmt *st = store_stmt(s, sql);
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

	if ((rc = store_op(s, "subject_set_identity", keep, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, updated_at);
	store_bind_text(st, 4, by);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((st = store_stmt(s, sql)) == NULL)
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
	    " ORDER BY id LIMIT ?4";
	struct db_stmt *st = store_stmt(s, sql);
	struct store_subject x;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&x, 0, sizeof x);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, kind);
	db_bind_int64(st, 3, after_id);
	db_bind_int64(st, 4, limit > 0 ? limit : -1);
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

/* --- care relations ----------------------------------------------------- */

int
store_relation_create(struct store *s, int64_t tenant,
		      const struct store_relation *r, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO care_relation (tenant_id, uid, user_id, subject_id,"
	    " relation, valid_from, valid_until, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
	    " WHERE EXISTS (SELECT 1 FROM staff_user"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?4 AND tenant_id = ?1) RETURNING id";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "relation_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	db_bind_int64(st, 3, r->user_id);
	db_bind_int64(st, 4, r->subject_id);
	store_bind_text(st, 5, r->relation);
	store_bind_text(st, 6, r->valid_from);
	store_bind_text(st, 7, r->valid_until);
	store_bind_text(st, 8, now);
	/* The index no longer matches this transaction until it ends. */
	if (db_in_transaction(s->db))
		s->rel_dirty = 1;
	return store_insert(s, st, id);
}

/* The enum zk_relation of a relation's name, or -1. */
static int
store_relation_kind(const char *r)
{
	static const char *const names[] = {"responsible", "co_treating",
					    "substitute"};

	for (int i = 0; r != NULL && i < 3; i++)
		if (strcmp(r, names[i]) == 0)
			return i;
	return -1;
}

int
store_relation_index(struct store *s, struct store *with)
{
	struct relindex *ix = with ? relindex_ref(with->rix) : relindex_new();

	if (ix == NULL)
		return ZK_ENOMEM;
	relindex_free(s->rix);
	s->rix = ix;
	s->rel_checked = 0;
	return 0;
}

/*
 * Loads into the index the tenant's relations changed after epoch since,
 * or all of them, as this transaction sees them. A date that does not
 * parse makes its relation never in force: the index denies what it
 * cannot read (ACC-1).
 */
static int
store_relindex_load(struct store *s, int64_t tenant, int all, int64_t since)
{
	static const char sql[] =
	    "SELECT id, user_id, subject_id, relation, valid_from,"
	    " valid_until FROM care_relation"
	    " WHERE tenant_id = ?1 AND epoch > ?2";
	struct db_stmt *st;
	struct relindex_row r;
	int rc, kind, put = 0;

	if ((rc = relindex_begin(s->rix, tenant, all)) != 0)
		return rc;
	if ((rc = store_op(s, "relation_index", sql, &st)) != 0) {
		relindex_done(s->rix, rc, 0);
		return rc;
	}
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, all ? -1 : since);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *from = db_column_text(st, 4);
		const char *until = db_column_text(st, 5);

		kind = store_relation_kind(db_column_text(st, 3));
		r.id = db_column_int64(st, 0);
		r.user = db_column_int64(st, 1);
		r.subject = db_column_int64(st, 2);
		r.kind = kind < 0 ? 0 : (unsigned)kind;
		r.until = INT32_MAX;
		if (kind < 0 || from == NULL || zk_date_parse(from, &r.from) ||
		    (until != NULL && zk_date_parse(until, &r.until)))
			r.from = INT32_MAX, r.until = INT32_MIN;
		if ((put = relindex_put(s->rix, &r)) != 0)
			break;
	}
	store_done(s, st);
	rc = put != 0 ? put : rc == DB_DONE ? 0 : store_code(rc);
	relindex_done(s->rix, rc, s->rel_epoch);
	return rc;
}

/*
 * Locks the index with tenant's relations at least as new as this
 * transaction sees them, loading what changed; returns 0 when it did.
 * The epoch is read once per transaction: within one, it only changes by
 * the transaction's own writes, and those turn the index off (rel_dirty).
 */
static int
store_relindex_ready(struct store *s, int64_t tenant)
{
	static const char sql[] =
	    "SELECT epoch, reset FROM relation_epoch WHERE tenant_id = ?";
	struct db_stmt *st;
	int64_t held;
	int rc;

	if (!s->rel_checked || s->rel_tenant != tenant) {
		if ((st = store_stmt(s, sql)) == NULL)
			return ZK_EIO;
		db_bind_int64(st, 1, tenant);
		s->rel_epoch = s->rel_reset = 0;
		if ((rc = db_step(st)) == DB_ROW) {
			s->rel_epoch = db_column_int64(st, 0);
			s->rel_reset = db_column_int64(st, 1);
		}
		store_done(s, st);
		if (rc != DB_ROW && rc != DB_DONE)
			return store_code(rc);
		s->rel_tenant = tenant;
		s->rel_checked = db_in_transaction(s->db);
	}
	relindex_lock(s->rix);
	held = relindex_epoch(s->rix, tenant);
	/*
	 * Held from before a deletion this transaction sees (perhaps loaded
	 * by an older snapshot since): only a full reload forgets it.
	 */
	if (held >= 0 && held < s->rel_reset)
		held = -1;
	if (held >= s->rel_epoch)
		return 0;
	if ((rc = store_relindex_load(s, tenant, held < 0, held)) != 0)
		relindex_unlock(s->rix);
	return rc;
}

static int
store_relindex_preload_one(void *arg, const struct store_tenant *t)
{
	struct store *s = arg;

	if (store_relindex_ready(s, t->id) == 0)
		relindex_unlock(s->rix);
	return 0; /* the others still load; a failed one loads when asked */
}

int
store_relation_preload(struct store *s)
{
	int rc;

	if (s->rix == NULL)
		return 0;
	if ((rc = store_begin_read(s)) != 0)
		return rc;
	rc = store_tenant_list(s, store_relindex_preload_one, s);
	store_rollback(s);
	return rc;
}

int
store_relation_overlaps(struct store *s, int64_t tenant, int64_t user,
			int64_t subject, const char *relation,
			const char *valid_from, const char *valid_until)
{
	static const char sql[] =
	    "SELECT count(*) FROM care_relation"
	    " WHERE tenant_id = ?1 AND user_id = ?2 AND subject_id = ?3"
	    "   AND relation = ?4"
	    "   AND (valid_until IS NULL OR valid_until >= ?5)"
	    "   AND (?6 IS NULL OR valid_from <= ?6)";
	struct db_stmt *st;
	int rc, n = 0;

	if ((rc = store_op(s, "relation_overlaps", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	store_bind_text(st, 4, relation);
	store_bind_text(st, 5, valid_from);
	store_bind_text(st, 6, valid_until);
	if ((rc = db_step(st)) == DB_ROW)
		n = (int)db_column_int64(st, 0);
	store_done(s, st);
	if (rc != DB_ROW)
		return store_code(rc);
	return n > 0 ? ZK_ECONFLICT : 0;
}

int
store_relation_active(struct store *s, int64_t tenant, int64_t user,
		      int64_t subject, int32_t day, unsigned *mask)
{
	static const char sql[] =
	    "SELECT relation FROM care_relation"
	    " WHERE tenant_id = ?1 AND user_id = ?2 AND subject_id = ?3"
	    "   AND valid_from <= ?4"
	    "   AND (valid_until IS NULL OR valid_until >= ?4)";
	char text[ZK_DATE_LEN];
	struct db_stmt *st;
	int rc, kind;

	*mask = 0;
	if (s->rix != NULL && !s->rel_dirty &&
	    store_relindex_ready(s, tenant) == 0) {
		relindex_active(s->rix, tenant, user, subject, day, mask);
		relindex_unlock(s->rix);
		return 0;
	}
	if ((st = store_stmt(s, sql)) == NULL)
		return ZK_EIO;
	zk_date_fmt(day, text);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	store_bind_text(st, 4, text);
	while ((rc = db_step(st)) == DB_ROW) {
		kind = store_relation_kind(db_column_text(st, 0));
		if (kind >= 0)
			*mask |= 1u << kind;
	}
	store_done(s, st);
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_relation_list(struct store *s, int64_t tenant, int64_t subject,
		    int (*cb)(void *arg, const struct store_relation *r),
		    void *arg)
{
	static const char sql[] =
	    "SELECT r.id, r.uid, r.user_id, r.subject_id, r.relation,"
	    " r.valid_from, coalesce(r.valid_until, ''), u.username"
	    " FROM care_relation r JOIN staff_user u ON u.id = r.user_id"
	    " WHERE r.tenant_id = ? AND r.subject_id = ? ORDER BY r.id";
	struct db_stmt *st = store_stmt(s, sql);
	struct store_relation r;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		r.id = db_column_int64(st, 0);
		store_col_text(st, 1, r.uid, sizeof r.uid);
		r.user_id = db_column_int64(st, 2);
		r.subject_id = db_column_int64(st, 3);
		store_col_text(st, 4, r.relation, sizeof r.relation);
		store_col_text(st, 5, r.valid_from, sizeof r.valid_from);
		store_col_text(st, 6, r.valid_until, sizeof r.valid_until);
		store_col_text(st, 7, r.username, sizeof r.username);
		if ((cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/* --- record entries ----------------------------------------------------- */

void
store_entry_release(struct store_entry *e)
{
	if (e != NULL)
		zk_buf_release(&e->content);
}

int
store_entry_create(struct store *s, int64_t tenant, const struct store_entry *e,
		   int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO entry (tenant_id, uid, subject_id, category,"
	    " author_id, purpose, legal_basis, content, created_at,"
	    " corrects_id)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND (?5 IS NULL OR EXISTS (SELECT 1 FROM staff_user"
	    "               WHERE id = ?5 AND tenant_id = ?1))"
	    "   AND (?10 IS NULL OR EXISTS (SELECT 1 FROM entry"
	    "               WHERE id = ?10 AND tenant_id = ?1)) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "entry_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, e->uid);
	db_bind_int64(st, 3, e->subject_id);
	store_bind_text(st, 4, e->category);
	store_bind_id(st, 5, e->author_id);
	store_bind_text(st, 6, e->purpose);
	store_bind_text(st, 7, e->legal_basis);
	db_bind_blob(st, 8, e->content.data, e->content.len);
	store_bind_text(st, 9, e->created_at);
	store_bind_id(st, 10, e->corrects_id);
	return store_insert(s, st, id);
}

#define STORE_ENTRY_COLS                                                       \
	"e.id, e.uid, e.subject_id, e.category, e.author_id,"                  \
	" coalesce(u.uid, ''), e.purpose, e.legal_basis, e.content,"           \
	" e.created_at, e.corrects_id, coalesce(c.uid, ''), e.status, s.uid,"  \
	" e.meta_mac"
#define STORE_ENTRY_FROM                                                       \
	" FROM entry e JOIN subject s ON s.id = e.subject_id"                  \
	" LEFT JOIN staff_user u ON u.id = e.author_id"                        \
	" LEFT JOIN entry c ON c.id = e.corrects_id"

static int
store_entry_row(struct db_stmt *st, struct store_entry *e)
{
	e->id = db_column_int64(st, 0);
	store_col_text(st, 1, e->uid, sizeof e->uid);
	e->subject_id = db_column_int64(st, 2);
	store_col_text(st, 3, e->category, sizeof e->category);
	e->author_id = db_column_int64(st, 4);
	store_col_text(st, 5, e->author_uid, sizeof e->author_uid);
	store_col_text(st, 6, e->purpose, sizeof e->purpose);
	store_col_text(st, 7, e->legal_basis, sizeof e->legal_basis);
	store_col_text(st, 9, e->created_at, sizeof e->created_at);
	e->corrects_id = db_column_int64(st, 10);
	store_col_text(st, 11, e->corrects_uid, sizeof e->corrects_uid);
	store_col_text(st, 12, e->status, sizeof e->status);
	store_col_text(st, 13, e->subject_uid, sizeof e->subject_uid);
	e->meta_mac_len = (int)db_column_bytes(st, 14);
	memset(e->meta_mac, 0, sizeof e->meta_mac);
	if (e->meta_mac_len == (int)sizeof e->meta_mac)
		memcpy(e->meta_mac, db_column_blob(st, 14), sizeof e->meta_mac);
	return store_col_buf(st, 8, &e->content);
}

int
store_entry_get(struct store *s, int64_t tenant, const char *uid,
		struct store_entry *out)
{
	static const char sql[] = "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
				  " WHERE e.tenant_id = ? AND e.uid = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc, r2 = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW)
		r2 = store_entry_row(st, out);
	store_done(s, st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
	return r2;
}

int
store_entry_list(struct store *s, int64_t tenant, int64_t subject,
		 const char *category,
		 int (*cb)(void *arg, const struct store_entry *e), void *arg)
{
	/* Two statements, so that each uses the index fully. */
	static const char all[] =
	    "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
	    " WHERE e.tenant_id = ?1 AND e.subject_id = ?2"
	    " ORDER BY e.id";
	static const char one[] =
	    "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
	    " WHERE e.tenant_id = ?1 AND e.subject_id = ?2"
	    "   AND e.category = ?3 ORDER BY e.id";
	struct db_stmt *st = store_stmt(s, category ? one : all);
	struct store_entry e;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&e, 0, sizeof e);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	if (category != NULL)
		store_bind_text(st, 3, category);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_entry_row(st, &e)) != 0 ||
		    (cbrc = cb(arg, &e)) != 0)
			break;
	}
	store_done(s, st);
	store_entry_release(&e);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_entry_mark_corrected(struct store *s, int64_t tenant, int64_t id)
{
	static const char sql[] = "UPDATE entry SET status = 'corrected'"
				  " WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "entry_mark_corrected", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	return store_exec_some(s, st);
}

int
store_entry_reason_put(struct store *s, int64_t tenant, int64_t entry,
		       const unsigned char *reason, size_t len)
{
	static const char sql[] =
	    "INSERT INTO entry_correction (entry_id, tenant_id, reason)"
	    " SELECT ?2, ?1, ?3"
	    " WHERE EXISTS (SELECT 1 FROM entry WHERE id = ?2"
	    "               AND tenant_id = ?1 AND corrects_id IS NOT NULL)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "entry_reason_put", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, entry);
	db_bind_blob(st, 3, reason, len);
	return store_insert(s, st, NULL);
}

int
store_entry_reason_get(struct store *s, int64_t tenant, int64_t entry,
		       struct zk_buf *out)
{
	static const char sql[] = "SELECT reason FROM entry_correction"
				  " WHERE tenant_id = ? AND entry_id = ?";
	struct db_stmt *st;
	int rc, r2 = 0;

	if ((rc = store_op(s, "entry_reason_get", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, entry);
	rc = db_step(st);
	if (rc == DB_ROW)
		r2 = store_col_buf(st, 0, out);
	store_done(s, st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
	return r2;
}

int
store_entry_corrected_by(struct store *s, int64_t tenant, int64_t entry,
			 char uid[ZK_UUID_LEN])
{
	static const char sql[] = "SELECT uid FROM entry"
				  " WHERE tenant_id = ? AND corrects_id = ?"
				  " ORDER BY id LIMIT 1";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "entry_corrected_by", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, entry);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_entry_set_mac(struct store *s, int64_t tenant, const char *uid,
		    const unsigned char mac[32])
{
	static const char sql[] = "UPDATE entry SET meta_mac = ?3"
				  " WHERE tenant_id = ?1 AND uid = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "entry_set_mac", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	db_bind_blob(st, 3, mac, 32);
	return store_exec_some(s, st);
}

int
store_entry_unbound(struct store *s, int64_t tenant,
		    int (*cb)(void *arg, const struct store_entry *e),
		    void *arg)
{
	static const char sql[] = "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
				  " WHERE e.tenant_id = ?1"
				  "   AND e.meta_mac IS NULL ORDER BY e.id";
	struct db_stmt *st = store_stmt(s, sql);
	struct store_entry e;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&e, 0, sizeof e);
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_entry_row(st, &e)) != 0 ||
		    (cbrc = cb(arg, &e)) != 0)
			break;
	}
	store_done(s, st);
	store_entry_release(&e);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/* --- key check values (SEC-1) ------------------------------------------ */

int
store_key_check_get(struct store *s, const char *name, unsigned char out[32])
{
	static const char sql[] = "SELECT value FROM key_check WHERE name = ?";
	struct db_stmt *st;
	int rc;

	/* A read-only database from before migration 019 has no table. */
	if (s->version < 19)
		return ZK_ENOTFOUND;
	if ((st = store_stmt(s, sql)) == NULL)
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

	if ((rc = store_op(s, "key_check_put", sql, &st)) != 0)
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
	if ((st = store_stmt(s, sql)) == NULL)
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
	if ((st = store_stmt(s, sql)) == NULL)
		return ZK_EIO;
	rc = db_step(st);
	if (rc == DB_ROW)
		*n = (int)db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}

/* --- sessions and login throttling -------------------------------------- */

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

	if ((rc = store_op(s, "session_create", sql, &st)) != 0)
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
	struct db_stmt *st = store_stmt(s, sql);
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

	if ((rc = store_op(s, "session_seen", sql, &st)) != 0)
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

	if ((rc = store_op(s, "session_upgrade", sql, &st)) != 0)
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

	if ((rc = store_op(s, "session_delete", sql, &st)) != 0)
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

	if ((rc = store_op(s, "session_delete", sql, &st)) != 0)
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
	    "DELETE FROM login_throttle WHERE max(until, last) < ?2";
	struct db_stmt *st;
	int rc;

	if ((st = store_stmt(s, sessions)) == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, now);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((st = store_stmt(s, throttle)) == NULL)
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
	struct db_stmt *st = store_stmt(s, sql);
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

	if ((rc = store_op(s, "throttle_put", sql, &st)) != 0)
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

	if ((rc = store_op(s, "throttle_delete", sql, &st)) != 0)
		return rc;
	db_bind_blob(st, 1, hash, STORE_HASH_LEN);
	return store_exec_stmt(s, st);
}

/* --- break the glass ---------------------------------------------------- */

int
store_break_glass_create(struct store *s, int64_t tenant,
			 const struct store_break_glass *b, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO break_glass (tenant_id, uid, user_id, subject_id,"
	    " reason, granted_at, expires_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
	    " WHERE EXISTS (SELECT 1 FROM staff_user"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?4 AND tenant_id = ?1) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "break_glass_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, b->uid);
	db_bind_int64(st, 3, b->user_id);
	db_bind_int64(st, 4, b->subject_id);
	db_bind_blob(st, 5, b->reason.data, b->reason.len);
	store_bind_text(st, 6, b->granted_at);
	store_bind_text(st, 7, b->expires_at);
	return store_insert(s, st, id);
}

int
store_break_glass_active(struct store *s, int64_t tenant, int64_t user,
			 int64_t subject, const char *now,
			 struct store_break_glass *out)
{
	static const char sql[] =
	    "SELECT uid, reason, granted_at, expires_at FROM break_glass"
	    " WHERE tenant_id = ? AND user_id = ? AND subject_id = ?"
	    "   AND granted_at <= ?4 AND expires_at > ?4"
	    " ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	store_bind_text(st, 4, now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->user_id = user;
		out->subject_id = subject;
		store_col_text(st, 0, out->uid, sizeof out->uid);
		store_col_text(st, 2, out->granted_at, sizeof out->granted_at);
		store_col_text(st, 3, out->expires_at, sizeof out->expires_at);
		if (store_col_buf(st, 1, &out->reason) != 0)
			rc = ZK_ENOMEM;
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

/* --- representatives, capacity, consent ------------------------------- */

void
store_representative_release(struct store_representative *r)
{
	if (r != NULL)
		zk_buf_release(&r->name);
}

int
store_representative_create(struct store *s, int64_t tenant,
			    const struct store_representative *r, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO representative (tenant_id, uid, subject_id, kind,"
	    " name, declines, absent, created_at, legal_consent)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "representative_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	db_bind_int64(st, 3, r->subject_id);
	store_bind_text(st, 4, r->kind);
	db_bind_blob(st, 5, r->name.data, r->name.len);
	db_bind_int64(st, 6, r->declines != 0);
	db_bind_int64(st, 7, r->absent != 0);
	store_bind_text(st, 8, r->created_at);
	db_bind_int64(st, 9, r->legal_consent != 0);
	return store_insert(s, st, id);
}

int
store_representative_list(struct store *s, int64_t tenant, int64_t subject,
			  int (*cb)(void *arg,
				    const struct store_representative *r),
			  void *arg)
{
	static const char sql[] =
	    "SELECT id, uid, subject_id, kind, name, declines, absent,"
	    " created_at, legal_consent FROM representative"
	    " WHERE tenant_id = ? AND subject_id = ? AND ended_at IS NULL"
	    " ORDER BY id";
	struct store_representative r;
	struct db_stmt *st = store_stmt(s, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&r, 0, sizeof r);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		r.id = db_column_int64(st, 0);
		store_col_text(st, 1, r.uid, sizeof r.uid);
		r.subject_id = db_column_int64(st, 2);
		store_col_text(st, 3, r.kind, sizeof r.kind);
		r.declines = (int)db_column_int64(st, 5);
		r.absent = (int)db_column_int64(st, 6);
		store_col_text(st, 7, r.created_at, sizeof r.created_at);
		r.legal_consent = (int)db_column_int64(st, 8);
		if ((cbrc = store_col_buf(st, 4, &r.name)) != 0 ||
		    (cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	store_representative_release(&r);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_capacity_create(struct store *s, int64_t tenant,
		      const struct store_capacity *c)
{
	static const char sql[] =
	    "INSERT INTO capacity_assessment (tenant_id, uid, subject_id, able,"
	    " assessed_on, assessed_by, matter, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "capacity_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, c->uid);
	db_bind_int64(st, 3, c->subject_id);
	db_bind_int64(st, 4, c->able != 0);
	store_bind_text(st, 5, c->assessed_on);
	store_bind_text(st, 6, c->assessed_by);
	db_bind_blob(st, 7, c->matter, c->matter_len);
	store_bind_text(st, 8, now);
	return store_exec_some(s, st);
}

int
store_capacity_list(struct store *s, int64_t tenant, int64_t subject,
		    int (*cb)(void *arg, const struct store_capacity *c),
		    void *arg)
{
	static const char sql[] =
	    "SELECT uid, subject_id, able, assessed_on, assessed_by, matter"
	    " FROM capacity_assessment WHERE tenant_id = ? AND subject_id = ?"
	    " ORDER BY assessed_on DESC, id DESC";
	struct store_capacity c;
	struct db_stmt *st = store_stmt(s, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&c, 0, sizeof c);
		store_col_text(st, 0, c.uid, sizeof c.uid);
		c.subject_id = db_column_int64(st, 1);
		c.able = (int)db_column_int64(st, 2);
		store_col_text(st, 3, c.assessed_on, sizeof c.assessed_on);
		store_col_text(st, 4, c.assessed_by, sizeof c.assessed_by);
		c.matter = db_column_blob(st, 5);
		c.matter_len = db_column_bytes(st, 5);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_consent_create(struct store *s, int64_t tenant,
		     const struct store_consent *c)
{
	static const char sql[] =
	    "INSERT INTO consent (tenant_id, uid, subject_id, "
	    "representative_id,"
	    " representative_basis, form, evidence, explicit, purpose,"
	    " categories, recipient_kind, valid_from, valid_until, given_at,"
	    " recorded_by, recipient)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND (?4 IS NULL OR EXISTS (SELECT 1 FROM representative"
	    "        WHERE id = ?4 AND tenant_id = ?1 AND subject_id = ?3))";
	struct db_stmt *st;
	int rc, i = 1;

	if ((rc = store_op(s, "consent_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, i++, tenant);
	store_bind_text(st, i++, c->uid);
	db_bind_int64(st, i++, c->subject_id);
	store_bind_id(st, i++, c->representative_id);
	store_bind_text(st, i++, c->representative_basis);
	store_bind_text(st, i++, c->form);
	store_bind_text(st, i++, c->evidence);
	db_bind_int64(st, i++, c->explicit_consent != 0);
	store_bind_text(st, i++, c->purpose);
	store_bind_text(st, i++, c->categories);
	store_bind_text(st, i++, c->recipient_kind);
	store_bind_text(st, i++, c->valid_from);
	store_bind_text(st, i++, c->valid_until);
	store_bind_text(st, i++, c->given_at);
	store_bind_text(st, i++, c->recorded_by);
	store_bind_text(st, i++, c->recipient);
	return store_exec_some(s, st);
}

#define STORE_CONSENT_COLS                                                     \
	"c.id, c.uid, c.subject_id, coalesce(c.representative_id, 0),"         \
	" coalesce(r.uid, ''), c.representative_basis, c.form, c.evidence,"    \
	" c.explicit, c.purpose, c.categories, c.recipient_kind,"              \
	" c.valid_from, c.valid_until, c.given_at, c.recorded_by,"             \
	" c.withdrawn_at, c.recipient, coalesce(c.withdrawn_by, ''),"          \
	" coalesce(c.withdrawn_basis, '') FROM consent c"                      \
	" LEFT JOIN representative r ON r.id = c.representative_id"

static void
store_consent_row(struct db_stmt *st, struct store_consent *c)
{
	int i = 0;

	memset(c, 0, sizeof *c);
	c->id = db_column_int64(st, i++);
	store_col_text(st, i++, c->uid, sizeof c->uid);
	c->subject_id = db_column_int64(st, i++);
	c->representative_id = db_column_int64(st, i++);
	store_col_text(st, i++, c->representative_uid,
		       sizeof c->representative_uid);
	store_col_text(st, i++, c->representative_basis,
		       sizeof c->representative_basis);
	store_col_text(st, i++, c->form, sizeof c->form);
	store_col_text(st, i++, c->evidence, sizeof c->evidence);
	c->explicit_consent = (int)db_column_int64(st, i++);
	store_col_text(st, i++, c->purpose, sizeof c->purpose);
	store_col_text(st, i++, c->categories, sizeof c->categories);
	store_col_text(st, i++, c->recipient_kind, sizeof c->recipient_kind);
	store_col_text(st, i++, c->valid_from, sizeof c->valid_from);
	store_col_text(st, i++, c->valid_until, sizeof c->valid_until);
	store_col_text(st, i++, c->given_at, sizeof c->given_at);
	store_col_text(st, i++, c->recorded_by, sizeof c->recorded_by);
	store_col_text(st, i++, c->withdrawn_at, sizeof c->withdrawn_at);
	store_col_text(st, i++, c->recipient, sizeof c->recipient);
	store_col_text(st, i++, c->withdrawn_by, sizeof c->withdrawn_by);
	store_col_text(st, i++, c->withdrawn_basis, sizeof c->withdrawn_basis);
}

int
store_consent_get(struct store *s, int64_t tenant, const char *uid,
		  struct store_consent *out)
{
	static const char sql[] =
	    "SELECT " STORE_CONSENT_COLS " WHERE c.tenant_id = ? AND c.uid = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_consent_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_consent_list(struct store *s, int64_t tenant, int64_t subject,
		   int (*cb)(void *arg, const struct store_consent *c),
		   void *arg)
{
	static const char sql[] = "SELECT " STORE_CONSENT_COLS
				  " WHERE c.tenant_id = ? AND c.subject_id = ?"
				  " ORDER BY c.id";
	struct store_consent c;
	struct db_stmt *st = store_stmt(s, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		store_consent_row(st, &c);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_consent_withdraw(struct store *s, int64_t tenant, const char *uid,
		       const char *when, const char *by, const char *basis)
{
	static const char sql[] =
	    "UPDATE consent SET withdrawn_at = ?, withdrawn_by = ?,"
	    " withdrawn_basis = ?"
	    " WHERE tenant_id = ? AND uid = ? AND withdrawn_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "consent_withdraw", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, when);
	store_bind_text(st, 2, by);
	store_bind_text(st, 3, basis);
	db_bind_int64(st, 4, tenant);
	store_bind_text(st, 5, uid);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return db_changes(s->db) == 1 ? 0 : ZK_ECONFLICT;
}

int
store_consent_active(struct store *s, int64_t tenant, int64_t subject,
		     const char *purpose, const char *category, const char *day,
		     int need_explicit, char uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT uid FROM consent"
	    " WHERE tenant_id = ?1 AND subject_id = ?2 AND purpose = ?3"
	    "   AND withdrawn_at IS NULL AND valid_from <= ?5"
	    "   AND (valid_until IS NULL OR valid_until >= ?5)"
	    "   AND instr(',' || categories || ',', ',' || ?4 || ',') > 0"
	    "   AND (?6 = 0 OR explicit = 1)"
	    " ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, purpose);
	store_bind_text(st, 4, category);
	store_bind_text(st, 5, day);
	db_bind_int64(st, 6, need_explicit != 0);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_objection_create(struct store *s, int64_t tenant,
		       const struct store_objection *o)
{
	static const char sql[] =
	    "INSERT INTO objection (tenant_id, uid, subject_id, purpose,"
	    " recipient_kind, representative_id, registered_at, registered_by,"
	    " representative_basis)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "objection_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, o->uid);
	db_bind_int64(st, 3, o->subject_id);
	store_bind_text(st, 4, o->purpose);
	store_bind_text(st, 5, o->recipient_kind);
	store_bind_id(st, 6, o->representative_id);
	store_bind_text(st, 7, o->registered_at);
	store_bind_text(st, 8, o->registered_by);
	store_bind_text(st, 9, o->representative_basis);
	return store_exec_some(s, st);
}

int
store_objection_active(struct store *s, int64_t tenant, int64_t subject,
		       const char *purpose, const char *recipient_kind,
		       char uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT uid FROM objection WHERE tenant_id = ?1 AND subject_id = ?2"
	    " AND lifted_at IS NULL"
	    " AND ((?3 IS NOT NULL AND purpose = ?3)"
	    "      OR (?3 IS NULL AND recipient_kind = ?4))"
	    " ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, purpose);
	store_bind_text(st, 4, recipient_kind);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_objection_list(struct store *s, int64_t tenant, int64_t subject,
		     int (*cb)(void *arg, const struct store_objection *o),
		     void *arg)
{
	static const char sql[] =
	    "SELECT o.uid, o.subject_id, coalesce(o.purpose, ''),"
	    " coalesce(o.recipient_kind, ''), coalesce(o.representative_id, 0),"
	    " coalesce(o.representative_basis, ''), o.registered_at,"
	    " o.registered_by, coalesce(r.uid, ''), coalesce(o.lifted_at, '')"
	    " FROM objection o"
	    " LEFT JOIN representative r ON r.id = o.representative_id"
	    " WHERE o.tenant_id = ? AND o.subject_id = ? ORDER BY o.id";
	struct store_objection o;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, "objection_list", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&o, 0, sizeof o);
		store_col_text(st, 0, o.uid, sizeof o.uid);
		o.subject_id = db_column_int64(st, 1);
		store_col_text(st, 2, o.purpose, sizeof o.purpose);
		store_col_text(st, 3, o.recipient_kind,
			       sizeof o.recipient_kind);
		o.representative_id = db_column_int64(st, 4);
		store_col_text(st, 5, o.representative_basis,
			       sizeof o.representative_basis);
		store_col_text(st, 6, o.registered_at, sizeof o.registered_at);
		store_col_text(st, 7, o.registered_by, sizeof o.registered_by);
		store_col_text(st, 8, o.representative_uid,
			       sizeof o.representative_uid);
		store_col_text(st, 9, o.lifted_at, sizeof o.lifted_at);
		if ((cbrc = cb(arg, &o)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_notice_create(struct store *s, int64_t tenant,
		    const struct store_notice *n)
{
	static const char sql[] =
	    "INSERT INTO privacy_notice (tenant_id, version, published_on,"
	    " summary, created_at) VALUES (?, ?, ?, ?, ?)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "notice_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, n->version);
	store_bind_text(st, 3, n->published_on);
	store_bind_text(st, 4, n->summary);
	store_bind_text(st, 5, now);
	return store_exec_stmt(s, st);
}

static void
store_notice_row(struct db_stmt *st, struct store_notice *n)
{
	n->id = db_column_int64(st, 0);
	store_col_text(st, 1, n->version, sizeof n->version);
	store_col_text(st, 2, n->published_on, sizeof n->published_on);
	store_col_text(st, 3, n->summary, sizeof n->summary);
}

int
store_notice_list(struct store *s, int64_t tenant,
		  int (*cb)(void *arg, const struct store_notice *n), void *arg)
{
	static const char sql[] =
	    "SELECT id, version, published_on, summary FROM privacy_notice"
	    " WHERE tenant_id = ? ORDER BY published_on, id";
	struct store_notice n;
	struct db_stmt *st = store_stmt(s, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		store_notice_row(st, &n);
		if ((cbrc = cb(arg, &n)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_notice_get(struct store *s, int64_t tenant, const char *version,
		 struct store_notice *out)
{
	static const char sql[] =
	    "SELECT id, version, published_on, summary FROM privacy_notice"
	    " WHERE tenant_id = ? AND version = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, version);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_notice_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_information_create(struct store *s, int64_t tenant,
			 const struct store_information *i)
{
	static const char sql[] =
	    "INSERT INTO information (tenant_id, uid, subject_id, notice_id,"
	    " informed_on, how, source, recorded_by, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
	    " WHERE EXISTS (SELECT 1 FROM subject WHERE id = ?3 AND tenant_id "
	    "= ?1)"
	    "   AND EXISTS (SELECT 1 FROM privacy_notice"
	    "               WHERE id = ?4 AND tenant_id = ?1)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "information_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, i->uid);
	db_bind_int64(st, 3, i->subject_id);
	db_bind_int64(st, 4, i->notice_id);
	store_bind_text(st, 5, i->informed_on);
	store_bind_text(st, 6, i->how);
	store_bind_text(st, 7, i->source);
	store_bind_text(st, 8, i->recorded_by);
	store_bind_text(st, 9, now);
	return store_exec_some(s, st);
}

int
store_information_exemption_create(struct store *s, int64_t tenant,
				   const struct store_information_exemption *e)
{
	static const char sql[] =
	    "INSERT INTO information_exemption (tenant_id, uid, subject_id,"
	    " ground, reason, recorded_by, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
	    " WHERE EXISTS (SELECT 1 FROM subject WHERE id = ?3 AND tenant_id "
	    "= ?1)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "info_exemption_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, e->uid);
	db_bind_int64(st, 3, e->subject_id);
	store_bind_text(st, 4, e->ground);
	db_bind_blob(st, 5, e->reason, e->reason_len);
	store_bind_text(st, 6, e->recorded_by);
	store_bind_text(st, 7, now);
	return store_exec_some(s, st);
}

int
store_information_list(struct store *s, int64_t tenant, int64_t subject,
		       int (*cb)(void *arg, const struct store_information *i),
		       void *arg)
{
	static const char sql[] =
	    "SELECT i.uid, i.subject_id, i.notice_id, i.informed_on, i.how,"
	    " i.source, i.recorded_by, n.version, i.created_at"
	    " FROM information i JOIN privacy_notice n ON n.id = i.notice_id"
	    " WHERE i.tenant_id = ? AND i.subject_id = ? ORDER BY i.id";
	struct store_information i;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, "information_list", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&i, 0, sizeof i);
		store_col_text(st, 0, i.uid, sizeof i.uid);
		i.subject_id = db_column_int64(st, 1);
		i.notice_id = db_column_int64(st, 2);
		store_col_text(st, 3, i.informed_on, sizeof i.informed_on);
		store_col_text(st, 4, i.how, sizeof i.how);
		store_col_text(st, 5, i.source, sizeof i.source);
		store_col_text(st, 6, i.recorded_by, sizeof i.recorded_by);
		store_col_text(st, 7, i.version, sizeof i.version);
		store_col_text(st, 8, i.created_at, sizeof i.created_at);
		if ((cbrc = cb(arg, &i)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_information_exemption_list(
    struct store *s, int64_t tenant, int64_t subject,
    int (*cb)(void *arg, const struct store_information_exemption *e),
    void *arg)
{
	static const char sql[] =
	    "SELECT uid, subject_id, ground, reason, recorded_by, created_at"
	    " FROM information_exemption"
	    " WHERE tenant_id = ? AND subject_id = ? ORDER BY id";
	struct store_information_exemption e;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, "info_exemption_list", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&e, 0, sizeof e);
		store_col_text(st, 0, e.uid, sizeof e.uid);
		e.subject_id = db_column_int64(st, 1);
		store_col_text(st, 2, e.ground, sizeof e.ground);
		e.reason = db_column_blob(st, 3);
		e.reason_len = db_column_bytes(st, 3);
		store_col_text(st, 4, e.recorded_by, sizeof e.recorded_by);
		store_col_text(st, 5, e.created_at, sizeof e.created_at);
		if ((cbrc = cb(arg, &e)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_information_missing(struct store *s, int64_t tenant, const char *kind,
			  int (*cb)(void *arg, const struct store_subject *x,
				    int status),
			  void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_SUBJECT_COLS ","
	    " (SELECT count(*) FROM information i"
	    "   WHERE i.tenant_id = ?1 AND i.subject_id = subject.id),"
	    " (SELECT count(*) FROM information i JOIN privacy_notice n"
	    "   ON n.id = i.notice_id WHERE i.tenant_id = ?1"
	    "   AND i.subject_id = subject.id AND n.published_on ="
	    "   (SELECT max(published_on) FROM privacy_notice"
	    "    WHERE tenant_id = ?1)),"
	    " (SELECT count(*) FROM information_exemption e"
	    "   WHERE e.tenant_id = ?1 AND e.subject_id = subject.id)"
	    " FROM subject WHERE tenant_id = ?1 AND (?2 IS NULL OR kind = ?2)"
	    " ORDER BY id";
	struct store_subject x;
	struct db_stmt *st;
	int rc, cbrc = 0;

	/* Not cached: the callback may run statements of its own. */
	if (db_prepare_fresh(s->db, sql, &st) != 0)
		return ZK_EIO;
	memset(&x, 0, sizeof x);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, kind);
	while ((rc = db_step(st)) == DB_ROW) {
		int any = (int)db_column_int64(st, 8);
		int latest = (int)db_column_int64(st, 9);
		int exempt = (int)db_column_int64(st, 10);

		if (latest > 0)
			continue;
		if ((cbrc = store_subject_row(st, &x)) != 0 ||
		    (cbrc = cb(arg, &x, exempt > 0 ? 2 : any > 0)) != 0)
			break;
	}
	db_finalize(st);
	store_subject_release(&x);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/* --- the audit log ------------------------------------------------------ */

int
store_audit_head(struct store *s, int64_t tenant, int64_t *seq,
		 unsigned char hash[32])
{
	static const char sql[] =
	    "SELECT seq, hash FROM audit_log"
	    " WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	*seq = 0;
	memset(hash, 0, 32);
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*seq = db_column_int64(st, 0);
		if ((int)db_column_bytes(st, 1) == 32)
			memcpy(hash, db_column_blob(st, 1), 32);
		else
			rc = ZK_ECORRUPT;
	}
	store_done(s, st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_code(rc);
}

int
store_audit_next_id(struct store *s, int64_t *id)
{
	static const char sql[] =
	    "SELECT coalesce(max(id), 0) + 1 FROM audit_log";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}

int
store_audit_insert(struct store *s, const struct store_audit_row *r)
{
	static const char sql[] =
	    "INSERT INTO audit_log (id, tenant_id, seq, ts, event, action,"
	    " outcome, checks, reason, rule, user_uid, user_role,"
	    " on_behalf_of, access_point, subject_uid, object_type,"
	    " object_uid, category, purpose, protocol, consent_ref,"
	    " break_glass_ref, source, prev_hash, hash, role_code)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc, i = 1;

	if ((rc = store_op(s, "audit_insert", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, i++, r->id);
	db_bind_int64(st, i++, r->tenant);
	db_bind_int64(st, i++, r->seq);
	store_bind_text(st, i++, r->ts);
	store_bind_text(st, i++, r->event);
	store_bind_text(st, i++, r->action);
	store_bind_text(st, i++, r->outcome);
	store_bind_text(st, i++, r->checks);
	store_bind_text(st, i++, r->reason);
	store_bind_text(st, i++, r->rule);
	store_bind_text(st, i++, r->user_uid);
	store_bind_text(st, i++, r->user_role);
	store_bind_text(st, i++, r->on_behalf_of);
	store_bind_text(st, i++, r->access_point);
	store_bind_text(st, i++, r->subject_uid);
	store_bind_text(st, i++, r->object_type);
	store_bind_text(st, i++, r->object_uid);
	store_bind_text(st, i++, r->category);
	store_bind_text(st, i++, r->purpose);
	store_bind_text(st, i++, r->protocol);
	store_bind_text(st, i++, r->consent_ref);
	store_bind_text(st, i++, r->break_glass_ref);
	store_bind_text(st, i++, r->source);
	db_bind_blob(st, i++, r->prev_hash, r->prev_hash_len);
	db_bind_blob(st, i++, r->hash, r->hash_len);
	store_bind_text(st, i++, r->role_code);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	/* LOG-3: a trigger that swallowed the row is a failure to log. */
	return db_changes(s->db) == 1 ? 0 : ZK_ECORRUPT;
}

int
store_audit_schema_check(struct store *s, int indexes, char *what, size_t n)
{
	/*
	 * The catalogue is the one place the engines differ here: a trigger,
	 * rule or view could change what is logged or read.
	 */
	static const char sql_objects_sqlite[] =
	    "SELECT type, name FROM sqlite_master WHERE (type = 'trigger'"
	    " AND tbl_name IN ('audit_log', 'audit_checkpoint')) OR type ="
	    " 'view'";
	static const char sql_objects_pgsql[] =
	    "SELECT 'trigger', t.tgname FROM pg_trigger t"
	    " JOIN pg_class c ON c.oid = t.tgrelid"
	    " WHERE NOT t.tgisinternal"
	    "   AND c.relname IN ('audit_log', 'audit_checkpoint')"
	    "   AND c.relnamespace = current_schema()::regnamespace"
	    " UNION ALL SELECT 'rule', rulename FROM pg_rules"
	    " WHERE schemaname = current_schema()"
	    "   AND tablename IN ('audit_log', 'audit_checkpoint')"
	    " UNION ALL SELECT 'view', viewname FROM pg_views"
	    " WHERE schemaname = current_schema()";
	static const char *const tables[] = {"audit_log", "audit_checkpoint"};
	static const char *const pragmas[] = {
	    "PRAGMA integrity_check(audit_log)",
	    "PRAGMA integrity_check(audit_checkpoint)"};
	int pg = db_engine(s->db) == DB_PGSQL;
	struct db_stmt *st;
	int rc;

	what[0] = '\0';
	if ((st = store_stmt(s, pg ? sql_objects_pgsql : sql_objects_sqlite)) ==
	    NULL)
		return ZK_EIO;
	rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(what, n,
			 "the database has a %s \"%s\" that can "
			 "change what is logged or read",
			 db_column_text(st, 0), db_column_text(st, 1));
	store_done(s, st);
	if (rc == DB_ROW)
		return ZK_ECORRUPT;
	if (rc != DB_DONE)
		return store_code(rc);
	/*
	 * SQLite: the tables and every index on them hold the same rows.
	 * PostgreSQL checks its pages itself as it reads them.
	 */
	for (size_t i = 0; indexes && !pg && i < ZK_ARRAY_SIZE(tables); i++) {
		const char *res;

		if ((st = store_stmt(s, pragmas[i])) == NULL)
			return ZK_EIO;
		rc = db_step(st);
		res = rc == DB_ROW ? db_column_text(st, 0) : NULL;
		if (res != NULL && strcmp(res, "ok") != 0)
			snprintf(what, n, "%s is damaged: %.160s", tables[i],
				 res);
		store_done(s, st);
		if (what[0] != '\0')
			return ZK_ECORRUPT;
		if (rc != DB_ROW)
			return store_code(rc);
	}
	return 0;
}

int
store_audit_tenants(struct store *s, int (*cb)(void *arg, int64_t tenant),
		    void *arg)
{
	static const char sql[] =
	    "SELECT DISTINCT tenant_id FROM audit_log"
	    " UNION SELECT DISTINCT tenant_id FROM audit_checkpoint"
	    " UNION SELECT id FROM tenant ORDER BY 1";
	struct db_stmt *st = store_stmt(s, sql);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			int64_t *na = realloc(ids, nc * sizeof *ids);
			if (na == NULL) {
				rc = ZK_ENOMEM;
				break;
			}
			ids = na;
			cap = nc;
		}
		ids[n++] = db_column_int64(st, 0);
	}
	store_done(s, st);
	if (rc != DB_DONE) {
		free(ids);
		return store_code(rc);
	}
	for (size_t i = 0; i < n && cbrc == 0; i++)
		cbrc = cb(arg, ids[i]);
	free(ids);
	return cbrc;
}

#define STORE_AUDIT_COLS                                                       \
	"id, tenant_id, seq, ts, event, action, outcome, checks, reason,"      \
	" rule, user_uid, user_role, on_behalf_of, access_point, subject_uid," \
	" object_type, object_uid, category, purpose, protocol, consent_ref,"  \
	" break_glass_ref, source, prev_hash, hash, "
/*
 * The last column, role_code, came with migration 015; a database opened
 * read-only (audit verify) may be older and is read as it is.
 */
#define STORE_ROLE_CODE_VERSION 15

static const char *
store_audit_sql(const struct store *s, const char *with, const char *without)
{
	return s->version >= STORE_ROLE_CODE_VERSION ? with : without;
}

static const char *
store_col_cstr(struct db_stmt *st, int i)
{
	return db_column_text(st, i);
}

/* True when column i holds no more bytes than its C string. */
static int
store_col_whole(struct db_stmt *st, int i)
{
	const char *v = store_col_cstr(st, i);

	return v == NULL || strlen(v) == db_column_bytes(st, i);
}

static void
store_audit_row(struct db_stmt *st, struct store_audit_row *r)
{
	int i = 0;

	r->whole = 1;
	for (int c = 3; c <= 22; c++)
		if (!store_col_whole(st, c))
			r->whole = 0;
	if (!store_col_whole(st, 25))
		r->whole = 0;

	r->id = db_column_int64(st, i++);
	r->tenant = db_column_int64(st, i++);
	r->seq = db_column_int64(st, i++);
	r->ts = store_col_cstr(st, i++);
	r->event = store_col_cstr(st, i++);
	r->action = store_col_cstr(st, i++);
	r->outcome = store_col_cstr(st, i++);
	r->checks = store_col_cstr(st, i++);
	r->reason = store_col_cstr(st, i++);
	r->rule = store_col_cstr(st, i++);
	r->user_uid = store_col_cstr(st, i++);
	r->user_role = store_col_cstr(st, i++);
	r->on_behalf_of = store_col_cstr(st, i++);
	r->access_point = store_col_cstr(st, i++);
	r->subject_uid = store_col_cstr(st, i++);
	r->object_type = store_col_cstr(st, i++);
	r->object_uid = store_col_cstr(st, i++);
	r->category = store_col_cstr(st, i++);
	r->purpose = store_col_cstr(st, i++);
	r->protocol = store_col_cstr(st, i++);
	r->consent_ref = store_col_cstr(st, i++);
	r->break_glass_ref = store_col_cstr(st, i++);
	r->source = store_col_cstr(st, i++);
	r->prev_hash = db_column_blob(st, i);
	r->prev_hash_len = db_column_bytes(st, i++);
	r->hash = db_column_blob(st, i);
	r->hash_len = db_column_bytes(st, i++);
	r->role_code = store_col_cstr(st, i++);
}

static int
store_audit_run(struct store *s, struct db_stmt *st,
		int (*cb)(void *arg, const struct store_audit_row *r),
		void *arg)
{
	struct store_audit_row r;
	int rc, cbrc = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		store_audit_row(st, &r);
		if ((cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_audit_scan(struct store *s, int64_t tenant,
		 int (*cb)(void *arg, const struct store_audit_row *r),
		 void *arg)
{
#define STORE_AUDIT_SCAN(last)                                                 \
	"SELECT " STORE_AUDIT_COLS last " FROM audit_log"                      \
	" WHERE tenant_id = ? ORDER BY seq, id"
	const char *sql = store_audit_sql(s, STORE_AUDIT_SCAN("role_code"),
					  STORE_AUDIT_SCAN("NULL"));
	struct db_stmt *st;

	/* Not cached: a scan may run while other statements are used. */
	if (db_prepare_fresh(s->db, sql, &st) != 0)
		return ZK_ECORRUPT;
	db_bind_int64(st, 1, tenant);
	return store_audit_run(s, st, cb, arg);
}

int
store_audit_subject(struct store *s, int64_t tenant, const char *subject_uid,
		    int (*cb)(void *arg, const struct store_audit_row *r),
		    void *arg)
{
#define STORE_AUDIT_SUBJECT(last)                                              \
	"SELECT " STORE_AUDIT_COLS last " FROM audit_log"                      \
	" WHERE tenant_id = ? AND subject_uid = ? ORDER BY seq"
	const char *sql = store_audit_sql(s, STORE_AUDIT_SUBJECT("role_code"),
					  STORE_AUDIT_SUBJECT("NULL"));
	struct db_stmt *st;

	if (db_prepare_fresh(s->db, sql, &st) != 0)
		return ZK_ECORRUPT;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, subject_uid);
	return store_audit_run(s, st, cb, arg);
}

int
store_audit_hash_at(struct store *s, int64_t tenant, int64_t seq,
		    unsigned char hash[32])
{
	static const char sql[] = "SELECT hash FROM audit_log"
				  " WHERE tenant_id = ? AND seq = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, seq);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if ((int)db_column_bytes(st, 0) == 32)
			memcpy(hash, db_column_blob(st, 0), 32);
		else
			memset(hash, 0, 32);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_checkpoint_insert(struct store *s, const struct store_checkpoint *c)
{
	static const char sql[] =
	    "INSERT INTO audit_checkpoint (tenant_id, seq, hash, signed_at,"
	    " public_key, signature) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "checkpoint_insert", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, c->tenant);
	db_bind_int64(st, 2, c->seq);
	db_bind_blob(st, 3, c->hash, 32);
	store_bind_text(st, 4, c->signed_at);
	db_bind_blob(st, 5, c->public_key, 32);
	db_bind_blob(st, 6, c->signature, 64);
	return store_exec_stmt(s, st);
}

static void
store_checkpoint_row(struct db_stmt *st, struct store_checkpoint *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_column_int64(st, 0);
	c->tenant = db_column_int64(st, 1);
	c->seq = db_column_int64(st, 2);
	store_col_text(st, 4, c->signed_at, sizeof c->signed_at);
	if ((int)db_column_bytes(st, 3) != 32 ||
	    (int)db_column_bytes(st, 5) != 32 ||
	    (int)db_column_bytes(st, 6) != 64) {
		c->malformed = 1;
		return;
	}
	memcpy(c->hash, db_column_blob(st, 3), 32);
	memcpy(c->public_key, db_column_blob(st, 5), 32);
	memcpy(c->signature, db_column_blob(st, 6), 64);
}

int
store_checkpoint_last(struct store *s, int64_t tenant,
		      struct store_checkpoint *out)
{
	static const char sql[] =
	    "SELECT id, tenant_id, seq, hash, signed_at, public_key,"
	    " signature FROM audit_checkpoint WHERE tenant_id = ?"
	    " ORDER BY seq DESC, id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_checkpoint_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_checkpoint_scan(struct store *s, int64_t tenant,
		      int (*cb)(void *arg, const struct store_checkpoint *c),
		      void *arg)
{
	static const char sql[] =
	    "SELECT id, tenant_id, seq, hash, signed_at, public_key,"
	    " signature FROM audit_checkpoint WHERE tenant_id = ?"
	    " ORDER BY seq, id";
	struct store_checkpoint c;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if (db_prepare_fresh(s->db, sql, &st) != 0)
		return ZK_ECORRUPT;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		store_checkpoint_row(st, &c);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	db_finalize(st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/* --- teams, care relations ending, emergency review --------------------- */

int
store_location_find(struct store *s, int64_t tenant, const char *name,
		    int64_t *id)
{
	static const char sql[] =
	    "SELECT id FROM location WHERE tenant_id = ? AND name = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, name);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_team_list(struct store *s, int64_t tenant,
		int (*cb)(void *arg, const struct store_team *t), void *arg)
{
	static const char sql[] =
	    "SELECT t.id, t.name, coalesce(l.name, '') FROM team t"
	    " LEFT JOIN location l ON l.id = t.location_id"
	    "  AND l.tenant_id = t.tenant_id"
	    " WHERE t.tenant_id = ? ORDER BY t.name";
	struct db_stmt *st = store_stmt(s, sql);
	struct store_team t;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		t.id = db_column_int64(st, 0);
		store_col_text(st, 1, t.name, sizeof t.name);
		store_col_text(st, 2, t.location, sizeof t.location);
		if ((cbrc = cb(arg, &t)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_location_list(struct store *s, int64_t tenant,
		    int (*cb)(void *arg, const struct store_location *l),
		    void *arg)
{
	static const char sql[] =
	    "SELECT id, name, coalesce(address, '') FROM location"
	    " WHERE tenant_id = ? ORDER BY name";
	struct db_stmt *st = store_stmt(s, sql);
	struct store_location l;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		l.id = db_column_int64(st, 0);
		store_col_text(st, 1, l.name, sizeof l.name);
		store_col_text(st, 2, l.address, sizeof l.address);
		if ((cbrc = cb(arg, &l)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_same_team(struct store *s, int64_t tenant, int64_t user, int64_t subject,
		int *same)
{
	static const char sql[] =
	    "SELECT EXISTS (SELECT 1 FROM staff_user u JOIN subject x"
	    "  ON x.team_id = u.team_id AND x.tenant_id = u.tenant_id"
	    " WHERE u.tenant_id = ?1 AND u.id = ?2 AND x.id = ?3"
	    "   AND u.team_id IS NOT NULL)";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	*same = 0;
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	rc = db_step(st);
	if (rc == DB_ROW)
		*same = (int)db_column_int64(st, 0) != 0;
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}

int
store_relation_get(struct store *s, int64_t tenant, const char *uid,
		   struct store_relation *out, char subject_uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT r.id, r.uid, r.user_id, r.subject_id, r.relation,"
	    " r.valid_from, coalesce(r.valid_until, ''), u.username, x.uid"
	    " FROM care_relation r JOIN staff_user u ON u.id = r.user_id"
	    " JOIN subject x ON x.id = r.subject_id"
	    " WHERE r.tenant_id = ? AND r.uid = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		store_col_text(st, 1, out->uid, sizeof out->uid);
		out->user_id = db_column_int64(st, 2);
		out->subject_id = db_column_int64(st, 3);
		store_col_text(st, 4, out->relation, sizeof out->relation);
		store_col_text(st, 5, out->valid_from, sizeof out->valid_from);
		store_col_text(st, 6, out->valid_until,
			       sizeof out->valid_until);
		store_col_text(st, 7, out->username, sizeof out->username);
		store_col_text(st, 8, subject_uid, ZK_UUID_LEN);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_relation_end(struct store *s, int64_t tenant, int64_t id,
		   const char *valid_until)
{
	static const char sql[] = "UPDATE care_relation SET valid_until = ?3"
				  " WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "relation_end", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, valid_until);
	/* The index no longer matches this transaction until it ends. */
	if (db_in_transaction(s->db))
		s->rel_dirty = 1;
	return store_exec_some(s, st);
}

void
store_break_glass_review_release(struct store_break_glass_review *r)
{
	if (r == NULL)
		return;
	zk_buf_release(&r->b.reason);
	zk_buf_release(&r->measure);
}

#define STORE_BG_REVIEW_COLS                                                   \
	"b.id, b.uid, b.user_id, b.subject_id, b.reason, b.granted_at,"        \
	" b.expires_at, u.uid, u.username, u.created_at, x.uid,"               \
	" coalesce(b.reviewed_at, ''), coalesce(r.username, ''),"              \
	" coalesce(b.verdict, ''), b.measure"                                  \
	" FROM break_glass b JOIN staff_user u ON u.id = b.user_id"            \
	" JOIN subject x ON x.id = b.subject_id"                               \
	" LEFT JOIN staff_user r ON r.id = b.reviewed_by"

/* Fills r (whose buffers the caller initialised) from a row. */
static int
store_break_glass_review_row(struct db_stmt *st,
			     struct store_break_glass_review *r)
{
	r->b.id = db_column_int64(st, 0);
	store_col_text(st, 1, r->b.uid, sizeof r->b.uid);
	r->b.user_id = db_column_int64(st, 2);
	r->b.subject_id = db_column_int64(st, 3);
	store_col_text(st, 5, r->b.granted_at, sizeof r->b.granted_at);
	store_col_text(st, 6, r->b.expires_at, sizeof r->b.expires_at);
	store_col_text(st, 7, r->user_uid, sizeof r->user_uid);
	store_col_text(st, 8, r->username, sizeof r->username);
	store_col_text(st, 9, r->user_created_at, sizeof r->user_created_at);
	store_col_text(st, 10, r->subject_uid, sizeof r->subject_uid);
	store_col_text(st, 11, r->reviewed_at, sizeof r->reviewed_at);
	store_col_text(st, 12, r->reviewed_by, sizeof r->reviewed_by);
	store_col_text(st, 13, r->verdict, sizeof r->verdict);
	if (store_col_buf(st, 4, &r->b.reason) != 0 ||
	    store_col_buf(st, 14, &r->measure) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
store_break_glass_list(struct store *s, int64_t tenant, int pending,
		       int (*cb)(void *arg,
				 const struct store_break_glass_review *r),
		       void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_BG_REVIEW_COLS
	    " WHERE b.tenant_id = ?1 AND (?2 = 0 OR b.reviewed_at IS NULL)"
	    " ORDER BY b.id";
	struct db_stmt *st = store_stmt(s, sql);
	struct store_break_glass_review r;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&r, 0, sizeof r);
	zk_buf_init(&r.b.reason, 0);
	zk_buf_init(&r.measure, 0);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, pending != 0);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_break_glass_review_row(st, &r)) != 0 ||
		    (cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	store_break_glass_review_release(&r);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_break_glass_get(struct store *s, int64_t tenant, const char *uid,
		      struct store_break_glass_review *out)
{
	static const char sql[] = "SELECT " STORE_BG_REVIEW_COLS
				  " WHERE b.tenant_id = ? AND b.uid = ?";
	struct db_stmt *st = store_stmt(s, sql);
	int rc;

	memset(out, 0, sizeof *out);
	zk_buf_init(&out->b.reason, 0);
	zk_buf_init(&out->measure, 0);
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW && store_break_glass_review_row(st, out) != 0)
		rc = ZK_ENOMEM;
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_break_glass_decide(struct store *s, int64_t tenant, int64_t id,
			 int64_t reviewer, const char *when,
			 const char *verdict, const struct zk_buf *measure)
{
	static const char sql[] =
	    "UPDATE break_glass SET reviewed_at = ?3, reviewed_by = ?4,"
	    " verdict = ?5, measure = ?6"
	    " WHERE tenant_id = ?1 AND id = ?2 AND reviewed_at IS NULL"
	    "   AND EXISTS (SELECT 1 FROM staff_user"
	    "               WHERE id = ?4 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, "break_glass_decide", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, when);
	db_bind_int64(st, 4, reviewer);
	store_bind_text(st, 5, verdict);
	if (measure != NULL && measure->len > 0)
		db_bind_blob(st, 6, measure->data, measure->len);
	else
		db_bind_null(st, 6);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}
