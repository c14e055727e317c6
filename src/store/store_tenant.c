/*
 * store_tenant.c: organisations (tenants), their profile versions, locations
 * and teams.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_tenant_create(struct store *s, const char *slug, const char *name,
		    int64_t *id)
{
	static const char sql[] = "INSERT INTO tenant (slug, name, created_at) "
				  "VALUES (?, ?, ?) RETURNING id";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, DB_ALL_TENANTS, "tenant_create", sql, &st)) != 0)
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
	struct db_stmt *st = store_stmt(s, DB_ALL_TENANTS, sql);
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
	struct db_stmt *st = store_stmt(s, DB_ALL_TENANTS, sql);
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

	if ((rc = store_op(s, tenant, "profile_put", sql, &st)) != 0)
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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

	if ((rc = store_op(s, tenant, "location_create", sql, &st)) != 0)
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

	if ((rc = store_op(s, tenant, "team_create", sql, &st)) != 0)
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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
store_location_find(struct store *s, int64_t tenant, const char *name,
		    int64_t *id)
{
	static const char sql[] =
	    "SELECT id FROM location WHERE tenant_id = ? AND name = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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

/* When tenant was added to the installation (tenant list). */
int
store_tenant_created(struct store *s, int64_t tenant,
		     char created_at[ZK_TIME_LEN])
{
	static const char sql[] = "SELECT created_at FROM tenant WHERE id = ?";
	struct db_stmt *st;
	int rc;

	if ((st = store_stmt(s, tenant, sql)) == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	if ((rc = db_step(st)) == DB_ROW)
		store_col_text(st, 0, created_at, ZK_TIME_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}
