/*
 * db_int.h: what a driver of db.h provides. Each driver embeds struct db
 * and struct db_stmt at the start of its own connection and statement, and
 * fills in one table of operations; db.c dispatches to it.
 */
#ifndef ZK_DB_INT_H
#define ZK_DB_INT_H

#include "store/db.h"

struct db_ops {
	void (*close)(struct db *db);
	const char *(*errmsg)(struct db *db);
	int (*exec)(struct db *db, const char *sql);
	int (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
	int (*prepare_fresh)(struct db *db, const char *sql,
			     struct db_stmt **out);
	void (*finalize)(struct db_stmt *st);
	void (*bind_null)(struct db_stmt *st, int i);
	void (*bind_null_int)(struct db_stmt *st, int i);
	void (*bind_int64)(struct db_stmt *st, int i, int64_t v);
	void (*bind_text)(struct db_stmt *st, int i, const char *v);
	void (*bind_blob)(struct db_stmt *st, int i, const void *v, size_t n);
	int (*step)(struct db_stmt *st);
	int (*column_null)(struct db_stmt *st, int i);
	int64_t (*column_int64)(struct db_stmt *st, int i);
	const char *(*column_text)(struct db_stmt *st, int i);
	const void *(*column_blob)(struct db_stmt *st, int i);
	size_t (*column_bytes)(struct db_stmt *st, int i);
	void (*reset)(struct db_stmt *st);
	int64_t (*changes)(struct db *db);
	int (*begin)(struct db *db, int write);
	int (*commit)(struct db *db);
	int (*rollback)(struct db *db);
	int (*savepoint)(struct db *db);
	int (*release)(struct db *db);
	int (*rollback_to)(struct db *db);
	int (*in_transaction)(struct db *db);
	int (*tenant)(struct db *db, int64_t tenant);
};

struct db {
	const struct db_ops *ops;
	enum db_engine engine;
};

struct db_stmt {
	struct db *db;
};

int db_sqlite_open(const char *path, unsigned flags, struct db **out,
		   char **cause);
int db_pgsql_open(const char *conninfo, unsigned flags, struct db **out,
		  char **cause);

#endif
