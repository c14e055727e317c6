/*
 * store_rq_change.c: the changes a request asks for, and an erasure's
 * refusal ground (COR-1, ERA-1, ERA-2, SHD-1, RST-1).
 */
#include <string.h>

#include "store/store_int.h"
#include "store/store_rq_change.h"

void
store_rq_change_init(struct store_rq_change *c)
{
	memset(c, 0, sizeof *c);
	zk_buf_init(&c->content, 0);
	zk_buf_init(&c->reason, 0);
}

void
store_rq_change_release(struct store_rq_change *c)
{
	if (c == NULL)
		return;
	zk_buf_release(&c->content);
	zk_buf_release(&c->reason);
}

static void
rq_change_bind_buf(struct db_stmt *st, int i, const struct zk_buf *b)
{
	/* A NULL blob keeps its type on PostgreSQL. */
	db_bind_blob(st, i, b->len > 0 ? b->data : NULL, b->len);
}

int
store_rq_change_add(struct store *s, int64_t tenant,
		    const struct store_rq_change *c)
{
	static const char sql[] =
	    "INSERT INTO request_change (tenant_id, uid, request_id, op,"
	    " entry_uid, category, content, reason, ground, created_at,"
	    " created_by)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"
	    " WHERE EXISTS (SELECT 1 FROM request"
	    "               WHERE id = ?3 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_change_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, c->uid);
	db_bind_int64(st, 3, c->request_id);
	store_bind_text(st, 4, c->op);
	store_bind_text(st, 5, c->entry_uid);
	store_bind_text(st, 6, c->category);
	rq_change_bind_buf(st, 7, &c->content);
	rq_change_bind_buf(st, 8, &c->reason);
	store_bind_text(st, 9, c->ground);
	store_bind_text(st, 10, c->created_at);
	store_bind_text(st, 11, c->created_by);
	return store_insert(s, st, NULL);
}

int
store_rq_changes(struct store *s, int64_t tenant, int64_t request,
		 int (*cb)(void *arg, const struct store_rq_change *c),
		 void *arg)
{
	static const char sql[] =
	    "SELECT id, uid, request_id, op, coalesce(entry_uid, ''),"
	    " coalesce(category, ''), content, reason, coalesce(ground, ''),"
	    " created_at, created_by, coalesce(done_at, ''),"
	    " coalesce(result_uid, '')"
	    " FROM request_change WHERE tenant_id = ? AND request_id = ?"
	    " ORDER BY id";
	struct store_rq_change c;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	store_rq_change_init(&c);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	while ((rc = db_step(st)) == DB_ROW) {
		c.id = db_column_int64(st, 0);
		store_col_text(st, 1, c.uid, sizeof c.uid);
		c.request_id = db_column_int64(st, 2);
		store_col_text(st, 3, c.op, sizeof c.op);
		store_col_text(st, 4, c.entry_uid, sizeof c.entry_uid);
		store_col_text(st, 5, c.category, sizeof c.category);
		c.content.len = c.reason.len = 0;
		if ((cbrc = store_col_buf(st, 6, &c.content)) != 0 ||
		    (cbrc = store_col_buf(st, 7, &c.reason)) != 0)
			break;
		store_col_text(st, 8, c.ground, sizeof c.ground);
		store_col_text(st, 9, c.created_at, sizeof c.created_at);
		store_col_text(st, 10, c.created_by, sizeof c.created_by);
		store_col_text(st, 11, c.done_at, sizeof c.done_at);
		store_col_text(st, 12, c.result_uid, sizeof c.result_uid);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	store_done(s, st);
	store_rq_change_release(&c);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_rq_change_done(struct store *s, int64_t tenant, int64_t change,
		     const char *at, const char *result)
{
	static const char sql[] =
	    "UPDATE request_change SET done_at = ?3, result_uid = ?4"
	    " WHERE tenant_id = ?1 AND id = ?2 AND done_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_change_done", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, change);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, result);
	return store_exec_some(s, st);
}

int
store_rq_refusal_set(struct store *s, int64_t tenant, int64_t request,
		     const char *ground)
{
	static const char sql[] = "UPDATE request SET refusal_ground = ?3"
				  " WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_refusal", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	store_bind_text(st, 3, ground);
	return store_exec_some(s, st);
}

int
store_rq_refusal_get(struct store *s, int64_t tenant, int64_t request,
		     char *out, size_t n)
{
	static const char sql[] =
	    "SELECT coalesce(refusal_ground, '') FROM request"
	    " WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st;
	int rc;

	out[0] = '\0';
	if ((st = store_stmt(s, tenant, sql)) == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, out, n);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}
