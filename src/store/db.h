/*
 * db.h: the small SQL driver under the store.
 *
 * The store's areas (store_*.c) are written once against this interface;
 * a driver implements it for one engine: db_sqlite.c for SQLite and
 * db_pgsql.c for PostgreSQL through libpq. The shape follows Dovecot's
 * lib-sql and SQLite's own API: prepare, bind, step, column.
 *
 * SQL text: statements are written in the dialect both engines share.
 * Parameters are written "?" or "?N" (1-based); the PostgreSQL driver
 * rewrites them to "$N". New rows report their id with "RETURNING id".
 * What the two dialects spell differently is bridged in one of two named
 * places, never in an area: functions the PostgreSQL schema defines with
 * SQLite's names (instr, group_concat; migrations/pgsql/001_init.sql), and
 * the driver itself (transactions, the writer lock, placeholders, bytea).
 *
 * Statements are cached by the address of their SQL text, which must
 * therefore be a static string: one prepared statement per text per
 * connection, for the life of the connection.
 *
 * Errors are the negative ZK_ codes of core/zk.h. Two are classes the
 * store relies on: ZK_EEXIST for an integrity violation (a unique key, a
 * foreign key, a check, or a trigger's refusal) and ZK_EBUSY for a lock
 * that could not be had or a serialization failure, after which the
 * transaction must be rolled back and may be retried.
 *
 * A connection is used by one thread at a time.
 */
#ifndef ZK_DB_H
#define ZK_DB_H

#include <stddef.h>
#include <stdint.h>

enum db_engine {
	DB_SQLITE,
	DB_PGSQL,
};

#define DB_CREATE 0x01u	  /* create the database if missing (SQLite) */
#define DB_READONLY 0x02u /* open for reading only */

/* db_step() results besides errors. */
#define DB_DONE 0
#define DB_ROW 1

/* db_tenant() for the few store functions that span organisations. */
#define DB_ALL_TENANTS (-1)

struct db;
struct db_stmt;

/*
 * Which engine a --db argument names: a PostgreSQL URI
 * (postgresql://... or postgres://...) or conninfo string
 * ("host=... dbname=..."), else a SQLite file name.
 */
enum db_engine db_engine_of(const char *target);

/*
 * Opens a connection. For SQLite target is a file name; flags are DB_*.
 * Errors come with a one-line *cause (caller frees) that never contains
 * a password.
 */
int db_open(const char *target, unsigned flags, struct db **out, char **cause);
void db_close(struct db *db);
enum db_engine db_engine(const struct db *db);

/* The last error the engine reported on this connection, for messages. */
const char *db_errmsg(struct db *db);

/* Runs SQL without parameters or rows; may hold several statements. */
int db_exec(struct db *db, const char *sql);

/*
 * The cached statement for sql, reset and with its parameters cleared.
 * Returns 0 or an error. A statement the engine refuses is ZK_EIO, here
 * or, on PostgreSQL, at its first db_step(): a statement with parameters
 * is prepared there with the types of the first values bound (an integer
 * is int8, text is text, a blob bytea; db_bind_null() leaves the type to
 * the server), as SQLite's dialect lets a parameter stand where
 * PostgreSQL could not infer one.
 */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);

/*
 * A statement of its own, not cached, for a scan whose callback may run
 * other statements, among them the scan's own text. End it with
 * db_finalize().
 */
int db_prepare_fresh(struct db *db, const char *sql, struct db_stmt **out);

/*
 * Ends a statement's run: a cached statement is reset and stays cached,
 * a fresh one is freed.
 */
void db_finalize(struct db_stmt *st);

/* Parameters are 1-based. A NULL text or blob binds SQL NULL. */
void db_bind_null(struct db_stmt *st, int i);
void db_bind_int64(struct db_stmt *st, int i, int64_t v);
/* A NULL where an integer belongs, so that PostgreSQL knows its type. */
void db_bind_null_int(struct db_stmt *st, int i);
void db_bind_text(struct db_stmt *st, int i, const char *v);
void db_bind_blob(struct db_stmt *st, int i, const void *v, size_t n);

/* Runs or advances the statement: DB_ROW, DB_DONE or an error. */
int db_step(struct db_stmt *st);

/*
 * Columns of the current row, 0-based. Pointers stay valid until the
 * next db_step() or db_reset() of the statement. A NULL reads as 0, as
 * NULL text, or as an empty blob; db_column_null() tells them apart.
 */
int db_column_null(struct db_stmt *st, int i);
int64_t db_column_int64(struct db_stmt *st, int i);
const char *db_column_text(struct db_stmt *st, int i);
const void *db_column_blob(struct db_stmt *st, int i);
size_t db_column_bytes(struct db_stmt *st, int i);

/* Ends the statement's current run; it stays cached. */
void db_reset(struct db_stmt *st);

/* Rows changed by the last INSERT, UPDATE or DELETE run. */
int64_t db_changes(struct db *db);

/*
 * Transactions. db_begin(db, 1) starts a write transaction and takes the
 * writer lock at once (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
 * transaction-scoped advisory lock, so that writers from several servers
 * are serialised as on SQLite). db_begin(db, 0) starts a read snapshot.
 * Savepoints nest inside either.
 */
int db_begin(struct db *db, int write);
int db_commit(struct db *db);
int db_rollback(struct db *db);
int db_savepoint(struct db *db);
int db_release(struct db *db);
int db_rollback_to(struct db *db);
int db_in_transaction(struct db *db);

/*
 * Names the organisation the next statements act for (SCOPE-3). The
 * PostgreSQL driver sets it on the connection for its row-level
 * security, a second wall behind the tenant_id filter of every query;
 * SQLite has no such wall and ignores it. DB_ALL_TENANTS is for the few
 * store functions that span organisations by design.
 */
int db_tenant(struct db *db, int64_t tenant);

#endif
