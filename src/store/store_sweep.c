/*
 * store_sweep.c: the store's side of the retention sweep: the log's
 * pruned start (LOG-6, the audit_prune table of migration 036) and the
 * front of a chain that is due.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_sweep.h"

int
store_prune_insert(struct store *s, const struct store_prune *p)
{
	static const char sql[] =
	    "INSERT INTO audit_prune (tenant_id, first_seq, prev_hash,"
	    " before_day, pruned, signed_at, public_key, signature)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, p->tenant, "prune_insert", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, p->tenant);
	db_bind_int64(st, 2, p->first_seq);
	db_bind_blob(st, 3, p->prev_hash, 32);
	store_bind_text(st, 4, p->before_day);
	db_bind_int64(st, 5, p->pruned);
	store_bind_text(st, 6, p->signed_at);
	db_bind_blob(st, 7, p->public_key, 32);
	db_bind_blob(st, 8, p->signature, 64);
	return store_exec_stmt(s, st);
}

#define STORE_PRUNE_COLS                                                       \
	"id, tenant_id, first_seq, prev_hash, before_day, pruned,"             \
	" signed_at, public_key, signature"

static void
store_prune_row(struct db_stmt *st, struct store_prune *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_column_int64(st, 0);
	p->tenant = db_column_int64(st, 1);
	p->first_seq = db_column_int64(st, 2);
	store_col_text(st, 4, p->before_day, sizeof p->before_day);
	p->pruned = db_column_int64(st, 5);
	store_col_text(st, 6, p->signed_at, sizeof p->signed_at);
	if ((int)db_column_bytes(st, 3) != 32 ||
	    (int)db_column_bytes(st, 7) != 32 ||
	    (int)db_column_bytes(st, 8) != 64 ||
	    db_column_bytes(st, 4) != strlen(p->before_day) ||
	    db_column_bytes(st, 6) != strlen(p->signed_at)) {
		p->malformed = 1;
		return;
	}
	memcpy(p->prev_hash, db_column_blob(st, 3), 32);
	memcpy(p->public_key, db_column_blob(st, 7), 32);
	memcpy(p->signature, db_column_blob(st, 8), 64);
}

int
store_prune_scan(struct store *s, int64_t tenant,
		 int (*cb)(void *arg, const struct store_prune *p), void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_PRUNE_COLS " FROM audit_prune WHERE tenant_id = ?"
	    " ORDER BY first_seq, id";
	struct store_prune p;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		store_prune_row(st, &p);
		if ((cbrc = cb(arg, &p)) != 0)
			break;
	}
	db_finalize(st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_prune_last(struct store *s, int64_t tenant, struct store_prune *out)
{
	static const char sql[] =
	    "SELECT " STORE_PRUNE_COLS " FROM audit_prune WHERE tenant_id = ?"
	    " ORDER BY first_seq DESC, id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_prune_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_audit_due(struct store *s, int64_t tenant, const char *before_ts,
		int64_t *first, int64_t *last)
{
	/*
	 * Walks the chain index from its front and stops at the first entry
	 * that is not due: entries are written in time order, and one that
	 * is not (a clock set back) ends the due front early rather than
	 * letting a younger entry go (LOG-6's five years are a floor).
	 */
	static const char sql[] = "SELECT seq, ts FROM audit_log"
				  " WHERE tenant_id = ? ORDER BY seq";
	unsigned char hash[32];
	struct db_stmt *st;
	int64_t head;
	int rc;

	*first = 0;
	*last = -1;
	if ((rc = store_audit_head(s, tenant, &head, hash)) != 0)
		return rc;
	if (head == 0)
		return 0;
	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t seq = db_column_int64(st, 0);
		const char *ts = db_column_text(st, 1);

		if (*first == 0) {
			*first = seq;
			*last = seq - 1;
		}
		if (seq >= head || ts == NULL || strcmp(ts, before_ts) >= 0)
			break;
		*last = seq;
	}
	db_finalize(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_code(rc);
}

int
store_audit_cut(struct store *s, int64_t tenant, int64_t seq, int64_t *deleted)
{
	static const char sql_log[] =
	    "DELETE FROM audit_log WHERE tenant_id = ? AND seq <= ?";
	static const char sql_cp[] =
	    "DELETE FROM audit_checkpoint WHERE tenant_id = ? AND seq <= ?";
	struct db_stmt *st;
	int rc;

	*deleted = 0;
	if ((rc = store_op(s, tenant, "audit_cut", sql_log, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, seq);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	*deleted = db_changes(s->db);
	if ((rc = store_op(s, tenant, "audit_cut", sql_cp, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, seq);
	return store_exec_stmt(s, st);
}

int
store_sweep_created_before(struct store *s, int64_t tenant,
			   const char *category, const char *before_ts,
			   int (*cb)(void *arg, int64_t subject), void *arg)
{
	static const char sql[] =
	    "SELECT e.subject_id FROM entry e"
	    " JOIN subject x ON x.id = e.subject_id"
	    " WHERE e.tenant_id = ? AND e.category = ? AND e.created_at < ?"
	    "   AND x.key_destroyed_at IS NULL";
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, category);
	store_bind_text(st, 3, before_ts);
	while ((rc = db_step(st)) == DB_ROW)
		if ((cbrc = cb(arg, db_column_int64(st, 0))) != 0)
			break;
	db_finalize(st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_sweep_entries(struct store *s, int64_t tenant, int64_t subject,
		    int (*cb)(void *arg, const char *uid, const char *category,
			      const char *created_at),
		    void *arg)
{
	static const char sql[] =
	    "SELECT uid, category, created_at FROM entry"
	    " WHERE tenant_id = ? AND subject_id = ? ORDER BY id";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *u = db_column_text(st, 0);
		const char *c = db_column_text(st, 1);
		const char *t = db_column_text(st, 2);

		if ((cbrc = cb(arg, u ? u : "", c ? c : "", t ? t : "")) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_sweep_holds(struct store *s, int64_t tenant, int64_t subject,
		  int (*cb)(void *arg, const char *category, int n), void *arg)
{
	static const char sql[] =
	    "SELECT category, count(*) FROM retention_hold"
	    " WHERE tenant_id = ? AND subject_id = ? AND lifted_at IS NULL"
	    " GROUP BY category";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW)
		if ((cbrc = cb(arg, db_column_text(st, 0),
			       (int)db_column_int64(st, 1))) != 0)
			break;
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
