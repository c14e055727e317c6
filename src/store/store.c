/*
 * store.c: opening a store, its migrations and transactions, and the
 * plumbing the area files (store_*.c) share through store_int.h.
 *
 * One struct store owns one connection of the SQL driver (db.h), SQLite
 * or PostgreSQL. A committed transaction, and with it the audit row of a
 * read, is durable before the caller answers. Every query on tenant data
 * filters on tenant_id (SCOPE-3); on PostgreSQL row-level security is a
 * second wall behind that filter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/migrations.h"
#include "store/store_int.h"

/* --- plumbing ------------------------------------------------------------ */

int
store_code(int rc)
{
	return rc == DB_ROW || rc == DB_DONE ? 0 : rc;
}

int
store_fault(struct store *s, const char *op)
{
	if (s->fault_nth <= 0 || strcmp(s->fault_op, op) != 0)
		return 0;
	if (--s->fault_nth == 0) {
		s->fault_op[0] = '\0';
		return ZK_EIO;
	}
	return 0;
}

void
store_fault_inject(struct store *s, const char *op, int nth)
{
	zk_strlcpy(s->fault_op, op, sizeof s->fault_op);
	s->fault_nth = nth;
}

struct db_stmt *
store_stmt(struct store *s, int64_t tenant, const char *sql)
{
	struct db_stmt *st;

	if (db_tenant(s->db, tenant) != 0)
		return NULL;
	return db_prepare(s->db, sql, &st) == 0 ? st : NULL;
}

int
store_fresh(struct store *s, int64_t tenant, const char *sql,
	    struct db_stmt **st)
{
	int rc;

	if ((rc = db_tenant(s->db, tenant)) != 0)
		return rc;
	return db_prepare_fresh(s->db, sql, st);
}

void
store_done(struct store *s, struct db_stmt *st)
{
	(void)s;
	if (st != NULL)
		db_finalize(st);
}

void
store_bind_text(struct db_stmt *st, int i, const char *v)
{
	db_bind_text(st, i, v == NULL || v[0] == '\0' ? NULL : v);
}

void
store_bind_id(struct db_stmt *st, int i, int64_t v)
{
	if (v == 0)
		db_bind_null_int(st, i);
	else
		db_bind_int64(st, i, v);
}

void
store_col_text(struct db_stmt *st, int i, char *out, size_t n)
{
	const char *v = db_column_text(st, i);

	zk_strlcpy(out, v ? v : "", n);
}

int
store_col_buf(struct db_stmt *st, int i, struct zk_buf *b)
{
	b->len = 0;
	return zk_buf_append(b, db_column_blob(st, i), db_column_bytes(st, i));
}

int
store_exec_stmt(struct store *s, struct db_stmt *st)
{
	int rc = db_step(st);

	store_done(s, st);
	return store_code(rc);
}

int
store_op(struct store *s, int64_t tenant, const char *op, const char *sql,
	 struct db_stmt **st)
{
	int rc;

	if ((rc = store_fault(s, op)) != 0)
		return rc;
	if ((*st = store_stmt(s, tenant, sql)) == NULL)
		return ZK_EIO;
	return 0;
}

int
store_exec_some(struct store *s, struct db_stmt *st)
{
	int rc = store_exec_stmt(s, st);

	if (rc == 0 && db_changes(s->db) == 0)
		rc = ZK_ENOTFOUND;
	return rc;
}

int
store_insert(struct store *s, struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);

	if (rc == DB_ROW) {
		if (id != NULL)
			*id = db_column_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = id == NULL && db_changes(s->db) > 0 ? 0 : ZK_ENOTFOUND;
	}
	store_done(s, st);
	return rc;
}

/* What a transaction knew of the relation epoch ends with it. */
static int
store_tx_end(struct store *s, int rc)
{
	s->rel_checked = 0;
	if (!db_in_transaction(s->db))
		s->rel_dirty = 0;
	store_relation_tx_end(s);
	return rc;
}

/* --- open, migrate, close -------------------------------------------- */

static const struct store_migration *
store_migration_set(struct store *s, size_t *n)
{
	if (db_engine(s->db) == DB_PGSQL) {
		*n = store_migrations_pgsql_count;
		return store_migrations_pgsql;
	}
	*n = store_migrations_count;
	return store_migrations;
}

static int
store_read_version(struct store *s, int *version)
{
	static const char sql[] =
	    "SELECT coalesce(max(version), 0) FROM schema_migration";
	struct db_stmt *st;
	int rc;

	if ((rc = db_prepare_fresh(s->db, sql, &st)) != 0)
		return rc;
	if ((rc = db_step(st)) == DB_ROW)
		*version = (int)db_column_int64(st, 0);
	db_finalize(st);
	return store_code(rc);
}

/*
 * A new installation on PostgreSQL goes into an empty database (a SQLite
 * file is new anyway): one holding other tables is someone else's. An
 * empty zorgkluis schema (a copy that was rolled back) is let through;
 * store_migrate() refuses one that holds an installation.
 */
static int
store_check_empty(struct store *s, char **cause)
{
	static const char sql[] =
	    "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
	    " AND tablename <> 'schema_migration'";
	static const char sql_ours[] = "SELECT count(*) FROM pg_tables"
				       " WHERE schemaname = current_schema()"
				       " AND tablename = 'schema_migration'";
	struct db_stmt *st;
	int64_t tables = 0, ours = 0;
	int rc;

	if (db_engine(s->db) != DB_PGSQL)
		return 0;
	if ((rc = db_prepare_fresh(s->db, sql, &st)) != 0)
		return zk_fail(cause, rc, "%s", db_errmsg(s->db));
	if ((rc = db_step(st)) == DB_ROW)
		tables = db_column_int64(st, 0);
	db_finalize(st);
	if (rc == DB_ROW &&
	    (rc = db_prepare_fresh(s->db, sql_ours, &st)) == 0) {
		if ((rc = db_step(st)) == DB_ROW)
			ours = db_column_int64(st, 0);
		db_finalize(st);
	}
	if (rc != DB_ROW)
		return zk_fail(cause, ZK_EIO,
			       "cannot read the database's "
			       "tables: %s",
			       db_errmsg(s->db));
	if (tables > 0 && ours == 0)
		return zk_fail(cause, ZK_EEXIST,
			       "the database holds %lld tables of something "
			       "else; a new installation needs an empty "
			       "database",
			       (long long)tables);
	return 0;
}

/*
 * Applies the migrations newer than the database, each in its own write
 * transaction; when creating, only to a database without any. The version is
 * read again under the writer lock, so two servers starting at once on one
 * PostgreSQL apply each migration once.
 */
static int
store_migrate(struct store *s, int create, char **cause)
{
	static const char sql_record[] =
	    "INSERT INTO schema_migration (version, name, applied_at)"
	    " VALUES (?, ?, ?)";
	const struct store_migration *set;
	size_t count;
	int rc, current = 0;

	set = store_migration_set(s, &count);
	if (create && (rc = store_check_empty(s, cause)) != 0)
		return rc;
	rc = db_exec(s->db, "CREATE TABLE IF NOT EXISTS schema_migration ("
			    " version INTEGER PRIMARY KEY,"
			    " name TEXT NOT NULL,"
			    " applied_at TEXT NOT NULL)");
	if (rc != 0)
		return zk_fail(cause, rc, "cannot create schema_migration: %s",
			       db_errmsg(s->db));
	if (store_read_version(s, &current) != 0)
		return zk_fail(cause, ZK_ECORRUPT, "%s", db_errmsg(s->db));
	if (create && current > 0)
		return zk_fail(cause, ZK_EEXIST,
			       "the database already holds a zorgkluis "
			       "installation; a new one needs an empty "
			       "database");
	for (size_t i = 0; i < count; i++) {
		const struct store_migration *m = &set[i];
		char now[ZK_TIME_LEN];
		struct db_stmt *st;

		if (m->version <= current)
			continue;
		if ((rc = db_begin(s->db, 1)) != 0)
			return zk_fail(cause, rc, "cannot lock database: %s",
				       db_errmsg(s->db));
		if ((rc = store_read_version(s, &current)) != 0) {
			zk_fail(cause, ZK_ECORRUPT, "%s", db_errmsg(s->db));
			db_rollback(s->db);
			return ZK_ECORRUPT;
		}
		if (m->version <= current) {
			db_rollback(s->db);
			continue;
		}
		/* A migration that moves data sees every organisation's. */
		if ((rc = db_tenant(s->db, DB_ALL_TENANTS)) != 0 ||
		    (rc = db_exec(s->db, m->sql)) != 0) {
			zk_fail(cause, rc, "migration %03d_%s failed: %s",
				m->version, m->name, db_errmsg(s->db));
			db_rollback(s->db);
			return rc;
		}
		zk_time_fmt(zk_now(), now);
		if ((rc = db_prepare_fresh(s->db, sql_record, &st)) == 0) {
			db_bind_int64(st, 1, m->version);
			db_bind_text(st, 2, m->name);
			db_bind_text(st, 3, now);
			rc = store_code(db_step(st));
			db_finalize(st);
		}
		if (rc != 0 || (rc = db_commit(s->db)) != 0) {
			zk_fail(cause, rc, "cannot record migration: %s",
				db_errmsg(s->db));
			db_rollback(s->db);
			return rc;
		}
		current = m->version;
	}
	s->version = current;
	return 0;
}

static int
store_check_version(struct store *s, char **cause)
{
	const struct store_migration *set;
	size_t count;
	int newest;

	set = store_migration_set(s, &count);
	newest = count ? set[count - 1].version : 0;
	if (store_read_version(s, &s->version) != 0) {
		/* PostgreSQL ends a transaction a failed statement was in. */
		if (db_in_transaction(s->db))
			db_rollback(s->db);
		return zk_fail(cause, ZK_ECORRUPT,
			       "not a zorgkluis database (%s)",
			       db_errmsg(s->db));
	}
	if (s->version > newest)
		return zk_fail(cause, ZK_ECORRUPT,
			       "database schema %d is newer than this "
			       "zorgkluis (%d); upgrade zorgkluis",
			       s->version, newest);
	if (s->version == 0)
		return zk_fail(cause, ZK_ECORRUPT, "not a zorgkluis database");
	return 0;
}

/*
 * SCOPE-3: on PostgreSQL, row-level security keeps organisations apart
 * behind the tenant_id filter of every query. A superuser, or a role
 * that bypasses it, would leave only the first wall; such a connection
 * is refused.
 */
static int
store_check_role(struct store *s, char **cause)
{
	static const char sql[] =
	    "SELECT rolsuper OR rolbypassrls, rolname FROM pg_roles"
	    " WHERE rolname = current_user";
	struct db_stmt *st;
	char role[64] = "";
	int rc, bypass = 1;

	if (db_engine(s->db) != DB_PGSQL)
		return 0;
	if ((rc = db_prepare_fresh(s->db, sql, &st)) != 0)
		return zk_fail(cause, rc, "cannot read the database role: %s",
			       db_errmsg(s->db));
	if ((rc = db_step(st)) == DB_ROW) {
		bypass = db_column_int64(st, 0) != 0;
		store_col_text(st, 1, role, sizeof role);
	}
	db_finalize(st);
	if (rc != DB_ROW)
		return zk_fail(cause, ZK_EIO, "cannot read the database role");
	if (bypass)
		return zk_fail(cause, ZK_EDENIED,
			       "the PostgreSQL role %s is a superuser or "
			       "bypasses row-level security, the wall between "
			       "organisations; connect as a role without "
			       "SUPERUSER and BYPASSRLS (docs/deploy.md)",
			       role);
	return 0;
}

int
store_open(const char *path, unsigned flags, struct store **out, char **cause)
{
	struct store *s;
	unsigned dflags = 0;
	int rc = 0;

	*out = NULL;
	if (path == NULL || path[0] == '\0')
		return zk_fail(cause, ZK_EINVAL, "no database path given");
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ZK_ENOMEM;
	s->readonly = (flags & STORE_READONLY) != 0;
	if (flags & STORE_CREATE)
		dflags |= DB_CREATE;
	if (s->readonly)
		dflags |= DB_READONLY;
	if ((rc = db_open(path, dflags, &s->db, cause)) != 0) {
		free(s);
		return rc;
	}
	if ((rc = store_check_role(s, cause)) != 0) {
		store_close(s);
		return rc;
	}
	/*
	 * SEC-1: only an initialised zorgkluis database is opened and
	 * migrated. An empty file or another database is refused before
	 * anything is written to it: only init creates a schema.
	 */
	if (s->readonly || !(flags & STORE_CREATE))
		rc = store_check_version(s, cause);
	if (rc == 0 && !s->readonly)
		rc = store_migrate(s, (flags & STORE_CREATE) != 0, cause);
	if (rc == 0 && !s->readonly && !(flags & STORE_CREATE))
		rc = store_check_version(s, cause);
	if (rc == 0)
		rc = store_relation_open(s, path, (flags & STORE_CREATE) != 0);
	if (rc != 0) {
		if (cause != NULL && *cause != NULL &&
		    db_engine(s->db) == DB_SQLITE) {
			char *c = zk_asprintf("%s: %s", path, *cause);
			if (c != NULL) {
				free(*cause);
				*cause = c;
			}
		}
		store_close(s);
		return rc;
	}
	*out = s;
	return 0;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	db_close(s->db);
	store_relation_close(s);
	relindex_free(s->rix);
	free(s);
}

int
store_schema_version(struct store *s)
{
	return s->version;
}

int
store_begin(struct store *s)
{
	int rc;

	if ((rc = store_fault(s, "begin")) != 0)
		return rc;
	if (s->batch) {
		if ((rc = db_savepoint(s->db)) == 0)
			s->depth++;
		return store_tx_end(s, rc);
	}
	return store_tx_end(s, db_begin(s->db, 1));
}

int
store_begin_read(struct store *s)
{
	int rc;

	if (s->batch) {
		if ((rc = db_savepoint(s->db)) == 0)
			s->depth++;
		return store_tx_end(s, rc);
	}
	return store_tx_end(s, db_begin(s->db, 0));
}

int
store_commit(struct store *s)
{
	int rc;

	if ((rc = store_fault(s, "commit")) != 0)
		return rc;
	if (s->batch) {
		if (s->depth == 0)
			return ZK_EIO;
		if ((rc = db_release(s->db)) == 0)
			s->depth--;
		return store_tx_end(s, rc);
	}
	return store_tx_end(s, db_commit(s->db));
}

void
store_rollback(struct store *s)
{
	if (s->batch) {
		if (s->depth > 0) {
			db_rollback_to(s->db);
			db_release(s->db);
			s->depth--;
		}
		store_tx_end(s, 0);
		return;
	}
	if (db_in_transaction(s->db))
		db_rollback(s->db);
	store_tx_end(s, 0);
}

int
store_batch_begin(struct store *s)
{
	int rc = store_tx_end(s, db_begin(s->db, 1));

	if (rc == 0) {
		s->batch = 1;
		s->depth = 0;
	}
	return rc;
}

int
store_batch_commit(struct store *s)
{
	int rc;

	s->batch = 0;
	s->depth = 0;
	if ((rc = store_fault(s, "batch_commit")) != 0 ||
	    (rc = db_commit(s->db)) != 0) {
		if (db_in_transaction(s->db))
			db_rollback(s->db);
	}
	return store_tx_end(s, rc);
}

void
store_batch_rollback(struct store *s)
{
	s->batch = 0;
	s->depth = 0;
	if (db_in_transaction(s->db))
		db_rollback(s->db);
	store_tx_end(s, 0);
}
