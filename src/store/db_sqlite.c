/*
 * db_sqlite.c: the SQLite driver of db.h.
 *
 * One connection per struct db, used by one thread at a time. The database
 * runs in WAL mode with synchronous=FULL, so a committed transaction is on
 * disk before the caller answers. Statements are prepared once and cached
 * by the address of their SQL text.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/zk.h"
#include "store/db_int.h"

struct sqlite_stmt {
	struct db_stmt base;
	const char *sql; /* static string: the cache key is its address */
	int fresh;	 /* not cached: freed by db_finalize() */
	sqlite3_stmt *st;
};

struct sqlite_db {
	struct db base;
	sqlite3 *h;
	struct sqlite_stmt **stmts;
	int nstmts, cap;
};

#define SQLITE_DB(d) ((struct sqlite_db *)(d))
#define SQLITE_ST(s) (((struct sqlite_stmt *)(s))->st)

static int
sqlite_code(int rc)
{
	switch (rc) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_NOMEM:
		return ZK_ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ZK_EBUSY;
	case SQLITE_CONSTRAINT:
		return ZK_EEXIST;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_SCHEMA:
		return ZK_ECORRUPT;
	case SQLITE_TOOBIG:
		return ZK_ETOOBIG;
	default:
		return ZK_EIO;
	}
}

static void
sqlite_close(struct db *d)
{
	struct sqlite_db *db = SQLITE_DB(d);

	for (int i = 0; i < db->nstmts; i++) {
		sqlite3_finalize(db->stmts[i]->st);
		free(db->stmts[i]);
	}
	free(db->stmts);
	sqlite3_close_v2(db->h);
	free(db);
}

static const char *
sqlite_errmsg(struct db *d)
{
	return sqlite3_errmsg(SQLITE_DB(d)->h);
}

static int
sqlite_exec(struct db *d, const char *sql)
{
	return sqlite_code(
	    sqlite3_exec(SQLITE_DB(d)->h, sql, NULL, NULL, NULL));
}

static int
sqlite_prepare(struct db *d, const char *sql, struct db_stmt **out)
{
	struct sqlite_db *db = SQLITE_DB(d);
	struct sqlite_stmt *s;

	for (int i = 0; i < db->nstmts; i++) {
		if (db->stmts[i]->sql == sql) {
			s = db->stmts[i];
			sqlite3_reset(s->st);
			sqlite3_clear_bindings(s->st);
			*out = &s->base;
			return 0;
		}
	}
	if (db->nstmts == db->cap) {
		int cap = db->cap ? db->cap * 2 : 64;
		struct sqlite_stmt **p =
		    realloc(db->stmts, (size_t)cap * sizeof *p);

		if (p == NULL)
			return ZK_ENOMEM;
		db->stmts = p;
		db->cap = cap;
	}
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ZK_ENOMEM;
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
			       &s->st, NULL) != SQLITE_OK) {
		int rc = sqlite_code(sqlite3_errcode(db->h));

		free(s);
		return rc == DB_DONE || rc == DB_ROW ? ZK_EIO : rc;
	}
	s->base.db = d;
	s->sql = sql;
	db->stmts[db->nstmts++] = s;
	*out = &s->base;
	return 0;
}

static int
sqlite_prepare_fresh(struct db *d, const char *sql, struct db_stmt **out)
{
	struct sqlite_db *db = SQLITE_DB(d);
	struct sqlite_stmt *s;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return ZK_ENOMEM;
	if (sqlite3_prepare_v2(db->h, sql, -1, &s->st, NULL) != SQLITE_OK) {
		int rc = sqlite_code(sqlite3_errcode(db->h));

		free(s);
		return rc == DB_DONE || rc == DB_ROW ? ZK_EIO : rc;
	}
	s->base.db = d;
	s->sql = sql;
	s->fresh = 1;
	*out = &s->base;
	return 0;
}

static void
sqlite_finalize(struct db_stmt *st)
{
	struct sqlite_stmt *s = (struct sqlite_stmt *)st;

	if (s->fresh) {
		sqlite3_finalize(s->st);
		free(s);
	} else {
		sqlite3_reset(s->st);
	}
}

static void
sqlite_bind_null(struct db_stmt *st, int i)
{
	sqlite3_bind_null(SQLITE_ST(st), i);
}

static void
sqlite_bind_int64(struct db_stmt *st, int i, int64_t v)
{
	sqlite3_bind_int64(SQLITE_ST(st), i, v);
}

static void
sqlite_bind_text(struct db_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(SQLITE_ST(st), i);
	else
		sqlite3_bind_text(SQLITE_ST(st), i, v, -1, SQLITE_TRANSIENT);
}

static void
sqlite_bind_blob(struct db_stmt *st, int i, const void *v, size_t n)
{
	if (v == NULL)
		sqlite3_bind_null(SQLITE_ST(st), i);
	else
		sqlite3_bind_blob64(SQLITE_ST(st), i, v, n, SQLITE_TRANSIENT);
}

/*
 * A statement that is done is reset at once, keeping its bindings, so
 * that it can be bound and run again as on PostgreSQL.
 */
static int
sqlite_step(struct db_stmt *st)
{
	int rc = sqlite3_step(SQLITE_ST(st));

	if (rc != SQLITE_ROW)
		sqlite3_reset(SQLITE_ST(st));
	return sqlite_code(rc);
}

static int
sqlite_column_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(SQLITE_ST(st), i) == SQLITE_NULL;
}

static int64_t
sqlite_column_int64(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(SQLITE_ST(st), i);
}

static const char *
sqlite_column_text(struct db_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(SQLITE_ST(st), i);
}

static const void *
sqlite_column_blob(struct db_stmt *st, int i)
{
	return sqlite3_column_blob(SQLITE_ST(st), i);
}

static size_t
sqlite_column_bytes(struct db_stmt *st, int i)
{
	return (size_t)sqlite3_column_bytes(SQLITE_ST(st), i);
}

static void
sqlite_reset(struct db_stmt *st)
{
	sqlite3_reset(SQLITE_ST(st));
}

static int64_t
sqlite_changes(struct db *d)
{
	return sqlite3_changes64(SQLITE_DB(d)->h);
}

/* Runs one of the fixed transaction statements, cached like any other. */
static int
sqlite_tx(struct db *d, const char *sql)
{
	struct db_stmt *st;
	int rc;

	if ((rc = sqlite_prepare(d, sql, &st)) != 0)
		return rc;
	rc = sqlite_step(st);
	sqlite_reset(st);
	return rc == DB_ROW ? 0 : rc;
}

static int
sqlite_begin(struct db *d, int write)
{
	return sqlite_tx(d, write ? "BEGIN IMMEDIATE" : "BEGIN");
}

static int
sqlite_commit(struct db *d)
{
	return sqlite_tx(d, "COMMIT");
}

static int
sqlite_rollback(struct db *d)
{
	return sqlite_tx(d, "ROLLBACK");
}

static int
sqlite_savepoint(struct db *d)
{
	return sqlite_tx(d, "SAVEPOINT op");
}

static int
sqlite_release(struct db *d)
{
	return sqlite_tx(d, "RELEASE op");
}

static int
sqlite_rollback_to(struct db *d)
{
	return sqlite_tx(d, "ROLLBACK TO op");
}

static int
sqlite_in_transaction(struct db *d)
{
	return !sqlite3_get_autocommit(SQLITE_DB(d)->h);
}

static int
sqlite_tenant(struct db *d, int64_t tenant)
{
	(void)d;
	(void)tenant;
	return 0;
}

static const struct db_ops sqlite_ops = {
    .close = sqlite_close,
    .errmsg = sqlite_errmsg,
    .exec = sqlite_exec,
    .prepare = sqlite_prepare,
    .prepare_fresh = sqlite_prepare_fresh,
    .finalize = sqlite_finalize,
    .bind_null = sqlite_bind_null,
    .bind_null_int = sqlite_bind_null,
    .bind_int64 = sqlite_bind_int64,
    .bind_text = sqlite_bind_text,
    .bind_blob = sqlite_bind_blob,
    .step = sqlite_step,
    .column_null = sqlite_column_null,
    .column_int64 = sqlite_column_int64,
    .column_text = sqlite_column_text,
    .column_blob = sqlite_column_blob,
    .column_bytes = sqlite_column_bytes,
    .reset = sqlite_reset,
    .changes = sqlite_changes,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .savepoint = sqlite_savepoint,
    .release = sqlite_release,
    .rollback_to = sqlite_rollback_to,
    .in_transaction = sqlite_in_transaction,
    .tenant = sqlite_tenant,
};

/*
 * Creates the database file, mode 0600 whatever the umask (SEC-1); SQLite
 * gives its -wal and -shm files the database's mode. An existing file is
 * left as it is.
 */
static int
sqlite_create_file(const char *path, char **cause)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0 && errno == EEXIST)
		return 0;
	if (fd < 0)
		return zk_fail(cause, ZK_EIO, "cannot create database %s: %s",
			       path, strerror(errno));
	if (fchmod(fd, 0600) != 0) {
		int e = errno;

		close(fd);
		unlink(path);
		return zk_fail(cause, ZK_EIO, "cannot set the mode of %s: %s",
			       path, strerror(e));
	}
	close(fd);
	return 0;
}

static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

/*
 * Each connection is used by one thread at a time, so SQLite needs no
 * mutex per connection, and no global memory statistics (whose mutex every
 * allocation would take).
 */
static void
sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite3_initialize();
}

int
db_sqlite_open(const char *path, unsigned flags, struct db **out, char **cause)
{
	struct sqlite_db *db;
	struct stat sb;
	int oflags, rc;

	pthread_once(&sqlite_once, sqlite_configure);
	*out = NULL;
	if (!(flags & DB_CREATE) && stat(path, &sb) != 0)
		return zk_fail(cause, ZK_ENOTFOUND,
			       "database %s does not exist", path);
	if ((flags & DB_CREATE) && (rc = sqlite_create_file(path, cause)) != 0)
		return rc;
	if ((db = calloc(1, sizeof *db)) == NULL)
		return ZK_ENOMEM;
	db->base.ops = &sqlite_ops;
	db->base.engine = DB_SQLITE;
	oflags = SQLITE_OPEN_NOMUTEX |
		 ((flags & DB_READONLY)
		      ? SQLITE_OPEN_READONLY
		      : SQLITE_OPEN_READWRITE |
			    ((flags & DB_CREATE) ? SQLITE_OPEN_CREATE : 0));
	if (sqlite3_open_v2(path, &db->h, oflags, NULL) != SQLITE_OK) {
		rc = zk_fail(cause, ZK_EIO, "cannot open database %s: %s", path,
			     db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 0);
	sqlite3_busy_timeout(db->h, 5000);
	/*
	 * A file that is not a database fails here, on its first read. WAL
	 * mode is set when the database is made and persists in the file, so
	 * opening an existing file writes nothing to it before the store has
	 * checked that it is a zorgkluis database (SEC-1).
	 */
	if ((rc = sqlite_exec(&db->base, "PRAGMA foreign_keys = ON")) != 0 ||
	    ((flags & DB_CREATE) &&
	     (rc = sqlite_exec(&db->base, "PRAGMA journal_mode = WAL")) != 0) ||
	    (rc = sqlite_exec(&db->base, "PRAGMA synchronous = FULL")) != 0 ||
	    /* 64 MiB of page cache per connection: indexes stay in memory. */
	    (rc = sqlite_exec(&db->base, "PRAGMA cache_size = -65536")) != 0) {
		rc = zk_fail(cause, ZK_ECORRUPT,
			     sqlite3_errcode(db->h) == SQLITE_NOTADB
				 ? "%s is not a zorgkluis database: %s"
				 : "%s is not a usable database: %s",
			     path, sqlite3_errmsg(db->h));
		goto fail;
	}
	*out = &db->base;
	return 0;
fail:
	sqlite_close(&db->base);
	return rc;
}
