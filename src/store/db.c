/*
 * db.c: picks the driver for a --db argument and dispatches db.h to it.
 */
#include <ctype.h>
#include <string.h>

#include "core/zk.h"
#include "store/db_int.h"

/*
 * The libpq keywords a conninfo string starts with. A file name that
 * happens to contain "=" still opens as SQLite unless it starts with one.
 */
static const char *const db_conninfo_keys[] = {"host",
					       "hostaddr",
					       "port",
					       "dbname",
					       "user",
					       "password",
					       "passfile",
					       "service",
					       "sslmode",
					       "application_name",
					       "options",
					       "connect_timeout",
					       "target_session_attrs"};

enum db_engine
db_engine_of(const char *target)
{
	const char *p;
	size_t n;

	if (target == NULL)
		return DB_SQLITE;
	if (strncmp(target, "postgresql://", 13) == 0 ||
	    strncmp(target, "postgres://", 11) == 0)
		return DB_PGSQL;
	p = target;
	while (isspace((unsigned char)*p))
		p++;
	n = strcspn(p, "= \t");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(db_conninfo_keys); i++) {
		const char *k = db_conninfo_keys[i];

		if (strlen(k) == n && strncmp(p, k, n) == 0 &&
		    p[n + strspn(p + n, " \t")] == '=')
			return DB_PGSQL;
	}
	return DB_SQLITE;
}

int
db_open(const char *target, unsigned flags, struct db **out, char **cause)
{
	*out = NULL;
	if (target == NULL || target[0] == '\0')
		return zk_fail(cause, ZK_EINVAL, "no database given");
	if (db_engine_of(target) == DB_PGSQL)
		return db_pgsql_open(target, flags, out, cause);
	return db_sqlite_open(target, flags, out, cause);
}

void
db_close(struct db *db)
{
	if (db != NULL)
		db->ops->close(db);
}

enum db_engine
db_engine(const struct db *db)
{
	return db->engine;
}

const char *
db_errmsg(struct db *db)
{
	return db->ops->errmsg(db);
}

int
db_exec(struct db *db, const char *sql)
{
	return db->ops->exec(db, sql);
}

int
db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	return db->ops->prepare(db, sql, out);
}

int
db_prepare_fresh(struct db *db, const char *sql, struct db_stmt **out)
{
	return db->ops->prepare_fresh(db, sql, out);
}

void
db_finalize(struct db_stmt *st)
{
	st->db->ops->finalize(st);
}

void
db_bind_null(struct db_stmt *st, int i)
{
	st->db->ops->bind_null(st, i);
}

void
db_bind_null_int(struct db_stmt *st, int i)
{
	st->db->ops->bind_null_int(st, i);
}

void
db_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	st->db->ops->bind_int64(st, i, v);
}

void
db_bind_text(struct db_stmt *st, int i, const char *v)
{
	st->db->ops->bind_text(st, i, v);
}

void
db_bind_blob(struct db_stmt *st, int i, const void *v, size_t n)
{
	st->db->ops->bind_blob(st, i, v, n);
}

int
db_step(struct db_stmt *st)
{
	return st->db->ops->step(st);
}

int
db_column_null(struct db_stmt *st, int i)
{
	return st->db->ops->column_null(st, i);
}

int64_t
db_column_int64(struct db_stmt *st, int i)
{
	return st->db->ops->column_int64(st, i);
}

const char *
db_column_text(struct db_stmt *st, int i)
{
	return st->db->ops->column_text(st, i);
}

const void *
db_column_blob(struct db_stmt *st, int i)
{
	return st->db->ops->column_blob(st, i);
}

size_t
db_column_bytes(struct db_stmt *st, int i)
{
	return st->db->ops->column_bytes(st, i);
}

void
db_reset(struct db_stmt *st)
{
	st->db->ops->reset(st);
}

int64_t
db_changes(struct db *db)
{
	return db->ops->changes(db);
}

int
db_begin(struct db *db, int write)
{
	return db->ops->begin(db, write);
}

int
db_commit(struct db *db)
{
	return db->ops->commit(db);
}

int
db_rollback(struct db *db)
{
	return db->ops->rollback(db);
}

int
db_savepoint(struct db *db)
{
	return db->ops->savepoint(db);
}

int
db_release(struct db *db)
{
	return db->ops->release(db);
}

int
db_rollback_to(struct db *db)
{
	return db->ops->rollback_to(db);
}

int
db_in_transaction(struct db *db)
{
	return db->ops->in_transaction(db);
}

int
db_tenant(struct db *db, int64_t tenant)
{
	return db->ops->tenant(db, tenant);
}
