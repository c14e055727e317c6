/*
 * store_int.h: what the store's area files (store_*.c) share: the store
 * itself and the plumbing over the SQL driver (db.h) that store.c
 * implements. Nothing outside src/store includes it.
 */
#ifndef ZK_STORE_INT_H
#define ZK_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "store/relindex.h"
#include "store/store_epoch.h"
#include "store/store.h"

struct store {
	struct db *db;
	int readonly;
	int version;
	char fault_op[48];
	int fault_nth;
	int batch; /* a group-commit transaction is open */
	int depth; /* savepoints open inside it */
	/* Care relations in memory (relindex.h), and what this transaction
	 * knows of them: the tenant's epoch as it sees it, and whether it
	 * changed relations itself (then the index is not used). */
	struct relindex *rix;
	int64_t rel_tenant, rel_epoch, rel_reset;
	int rel_checked, rel_dirty;
	/* On SQLite, the counter of relation changes shared with the other
	 * processes on the file (store_epoch.h), opened when first needed,
	 * and its settled value as this transaction began (or -1). */
	char *rel_path;
	struct store_epoch *rel_shared;
	int64_t rel_q;
};

/* store_relation.c's part of opening, closing and ending transactions. */
int store_relation_open(struct store *s, const char *path, int created);
void store_relation_close(struct store *s);
void store_relation_tx_end(struct store *s);

/*
 * ACC-2 on PostgreSQL: the tenant's relation epoch rides on a statement
 * the transaction makes anyway before it asks about a care relation (the
 * subject's, store_subject_get), read in the same transaction, so the
 * check makes no round trip of its own. _wanted: whether this
 * transaction still needs it (an index, no relation changed in it, not
 * yet read); _seen: the epoch and reset as that statement read them.
 */
int store_relation_epoch_wanted(struct store *s, int64_t tenant);
void store_relation_epoch_seen(struct store *s, int64_t tenant, int64_t epoch,
			       int64_t reset);

/* A db_step() result as a store result: rows and done are 0. */
int store_code(int rc);

/* ZK_EIO when a test asked this call of op to fail (store_fault_inject). */
int store_fault(struct store *s, const char *op);

/*
 * Statements name the organisation they act for: tenant, or
 * DB_ALL_TENANTS in the few functions that span organisations by design.
 * On PostgreSQL that is the setting its row-level security filters on
 * (db_tenant()), a second wall behind the tenant_id filter of each query.
 */

/* The cached, reset statement for the static text sql, or NULL. */
struct db_stmt *store_stmt(struct store *s, int64_t tenant, const char *sql);

/* A fresh statement (db_prepare_fresh()), for scans with callbacks. */
int store_fresh(struct store *s, int64_t tenant, const char *sql,
		struct db_stmt **st);

/*
 * The cached statement of sql in *st, for an operation the fault hook
 * knows as op. Returns 0, the injected fault, or an error.
 */
int store_op(struct store *s, int64_t tenant, const char *op, const char *sql,
	     struct db_stmt **st);

/* Ends a statement's run (db_finalize). */
void store_done(struct store *s, struct db_stmt *st);

/* Binds NULL for an empty string or a zero id. */
void store_bind_text(struct db_stmt *st, int i, const char *v);
void store_bind_id(struct db_stmt *st, int i, int64_t v);

void store_col_text(struct db_stmt *st, int i, char *out, size_t n);
int store_col_buf(struct db_stmt *st, int i, struct zk_buf *b);

/* Runs a statement that returns no rows, and ends it. */
int store_exec_stmt(struct store *s, struct db_stmt *st);

/* Runs a bound statement that changes rows; ZK_ENOTFOUND when none. */
int store_exec_some(struct store *s, struct db_stmt *st);

/*
 * Runs a bound INSERT, whose text ends in "RETURNING id" when id is not
 * NULL: the new row's id in *id, or ZK_ENOTFOUND when the condition of an
 * INSERT ... SELECT ... WHERE kept the row out.
 */
int store_insert(struct store *s, struct db_stmt *st, int64_t *id);

/* The columns store_subject_row() reads, in its order. */
#define STORE_SUBJECT_COLS                                                     \
	"id, uid, kind, team_id, wrapped_key, identity, created_at, "          \
	"updated_at, key_gen, key_destroyed_at"
#define STORE_SUBJECT_NCOLS 10

/* Fills x from a row of STORE_SUBJECT_COLS (store_subject.c). */
int store_subject_row(struct db_stmt *st, struct store_subject *x);

#endif
