/*
 * store_break_glass.c: emergency access (break the glass) and its review by the
 * DPO (ACC-6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

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

	if ((rc = store_op(s, tenant, "break_glass_create", sql, &st)) != 0)
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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
	struct db_stmt *st = store_stmt(s, tenant, sql);
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

	if ((rc = store_op(s, tenant, "break_glass_decide", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, when);
	db_bind_int64(st, 4, reviewer);
	store_bind_text(st, 5, verdict);
	if (measure != NULL && measure->len > 0)
		db_bind_blob(st, 6, measure->data, measure->len);
	else
		db_bind_blob(st, 6, NULL, 0);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}
