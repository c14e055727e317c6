/*
 * store_rq.c: data subjects' requests, their suspensions, withheld
 * entries and history (RQ-1 to RQ-6, INZ-2).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_rq.h"

void
store_rq_init(struct store_rq *r)
{
	memset(r, 0, sizeof *r);
	zk_buf_init(&r->reasons, 0);
	zk_buf_init(&r->details, 0);
}

void
store_rq_release(struct store_rq *r)
{
	if (r == NULL)
		return;
	zk_buf_release(&r->reasons);
	zk_buf_release(&r->details);
}

static void
store_rq_bind_buf(struct db_stmt *st, int i, const struct zk_buf *b)
{
	/* A NULL blob keeps its type on PostgreSQL. */
	db_bind_blob(st, i, b->len > 0 ? b->data : NULL, b->len);
}

int
store_rq_create(struct store *s, int64_t tenant, const struct store_rq *r,
		int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO request (tenant_id, uid, subject_id, kind,"
	    " received_on, channel, answer_channel, representative_id, basis,"
	    " id_document, id_last, state, excessive, details, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND (?8 IS NULL OR EXISTS (SELECT 1 FROM representative"
	    "               WHERE id = ?8 AND tenant_id = ?1"
	    "                 AND subject_id = ?3))"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	db_bind_int64(st, 3, r->subject_id);
	store_bind_text(st, 4, r->kind);
	store_bind_text(st, 5, r->received_on);
	store_bind_text(st, 6, r->channel);
	store_bind_text(st, 7, r->answer_channel);
	store_bind_id(st, 8, r->representative_id);
	store_bind_text(st, 9, r->basis);
	store_bind_text(st, 10, r->id_document);
	store_bind_text(st, 11, r->id_last);
	store_bind_text(st, 12, r->state);
	db_bind_int64(st, 13, r->excessive != 0);
	store_rq_bind_buf(st, 14, &r->details);
	store_bind_text(st, 15, r->created_at);
	return store_insert(s, st, id);
}

#define STORE_RQ_COLS                                                          \
	"r.id, r.uid, r.subject_id, x.uid, x.kind, r.kind, r.received_on,"     \
	" r.channel, r.answer_channel, coalesce(r.representative_id, 0),"      \
	" coalesce(p.uid, ''), coalesce(r.basis, ''),"                         \
	" coalesce(r.id_document, ''), coalesce(r.id_last, ''), r.state,"      \
	" coalesce(r.decision, ''), r.reasons, r.excessive,"                   \
	" coalesce(r.fee_cents, 0), coalesce(r.extended_on, ''),"              \
	" coalesce(r.explanation, ''), coalesce(r.assignee_id, 0),"            \
	" coalesce(u.username, ''), r.details, r.created_at,"                  \
	" coalesce(r.decided_at, ''), coalesce(r.carried_out_at, ''),"         \
	" coalesce(r.closed_at, '')"                                           \
	" FROM request r JOIN subject x ON x.id = r.subject_id"                \
	" LEFT JOIN representative p ON p.id = r.representative_id"            \
	" LEFT JOIN staff_user u ON u.id = r.assignee_id"

/* Fills r (whose buffers were readied) from a row of the columns above. */
static int
store_rq_row(struct db_stmt *st, struct store_rq *r)
{
	r->id = db_column_int64(st, 0);
	store_col_text(st, 1, r->uid, sizeof r->uid);
	r->subject_id = db_column_int64(st, 2);
	store_col_text(st, 3, r->subject_uid, sizeof r->subject_uid);
	store_col_text(st, 4, r->subject_kind, sizeof r->subject_kind);
	store_col_text(st, 5, r->kind, sizeof r->kind);
	store_col_text(st, 6, r->received_on, sizeof r->received_on);
	store_col_text(st, 7, r->channel, sizeof r->channel);
	store_col_text(st, 8, r->answer_channel, sizeof r->answer_channel);
	r->representative_id = db_column_int64(st, 9);
	store_col_text(st, 10, r->representative_uid,
		       sizeof r->representative_uid);
	store_col_text(st, 11, r->basis, sizeof r->basis);
	store_col_text(st, 12, r->id_document, sizeof r->id_document);
	store_col_text(st, 13, r->id_last, sizeof r->id_last);
	store_col_text(st, 14, r->state, sizeof r->state);
	store_col_text(st, 15, r->decision, sizeof r->decision);
	r->excessive = (int)db_column_int64(st, 17);
	r->fee_cents = db_column_int64(st, 18);
	store_col_text(st, 19, r->extended_on, sizeof r->extended_on);
	store_col_text(st, 20, r->explanation, sizeof r->explanation);
	r->assignee_id = db_column_int64(st, 21);
	store_col_text(st, 22, r->assignee, sizeof r->assignee);
	store_col_text(st, 24, r->created_at, sizeof r->created_at);
	store_col_text(st, 25, r->decided_at, sizeof r->decided_at);
	store_col_text(st, 26, r->carried_out_at, sizeof r->carried_out_at);
	store_col_text(st, 27, r->closed_at, sizeof r->closed_at);
	r->reasons.len = 0;
	r->details.len = 0;
	if (store_col_buf(st, 16, &r->reasons) != 0 ||
	    store_col_buf(st, 23, &r->details) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
store_rq_get(struct store *s, int64_t tenant, const char *uid,
	     struct store_rq *out)
{
	static const char sql[] =
	    "SELECT " STORE_RQ_COLS " WHERE r.tenant_id = ? AND r.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW && store_rq_row(st, out) != 0)
		rc = ZK_ENOMEM;
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_rq_list(struct store *s, int64_t tenant, int open, int64_t subject,
	      int (*cb)(void *arg, const struct store_rq *r), void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_RQ_COLS " WHERE r.tenant_id = ?1"
	    "   AND (?2 = 0 OR r.state <> 'closed')"
	    "   AND (?3 = 0 OR r.subject_id = ?3)"
	    " ORDER BY r.id";
	struct store_rq r;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	store_rq_init(&r);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, open != 0);
	db_bind_int64(st, 3, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_rq_row(st, &r)) != 0 ||
		    (cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	store_rq_release(&r);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_rq_update(struct store *s, int64_t tenant, const struct store_rq *r)
{
	static const char sql[] =
	    "UPDATE request SET state = ?3, decision = ?4, reasons = ?5,"
	    " excessive = ?6, fee_cents = ?7, extended_on = ?8,"
	    " explanation = ?9, assignee_id = ?10, id_document = ?11,"
	    " id_last = ?12, answer_channel = ?13, details = ?14,"
	    " decided_at = ?15, carried_out_at = ?16, closed_at = ?17"
	    " WHERE tenant_id = ?1 AND id = ?2"
	    "   AND (?10 IS NULL OR EXISTS (SELECT 1 FROM staff_user"
	    "               WHERE id = ?10 AND tenant_id = ?1))";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_update", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, r->id);
	store_bind_text(st, 3, r->state);
	store_bind_text(st, 4, r->decision);
	store_rq_bind_buf(st, 5, &r->reasons);
	db_bind_int64(st, 6, r->excessive != 0);
	store_bind_id(st, 7, r->fee_cents);
	store_bind_text(st, 8, r->extended_on);
	store_bind_text(st, 9, r->explanation);
	store_bind_id(st, 10, r->assignee_id);
	store_bind_text(st, 11, r->id_document);
	store_bind_text(st, 12, r->id_last);
	store_bind_text(st, 13, r->answer_channel);
	store_rq_bind_buf(st, 14, &r->details);
	store_bind_text(st, 15, r->decided_at);
	store_bind_text(st, 16, r->carried_out_at);
	store_bind_text(st, 17, r->closed_at);
	return store_exec_some(s, st);
}

int
store_rq_event_add(struct store *s, int64_t tenant, int64_t request,
		   const char *at, const char *by, const char *what,
		   const char *state)
{
	static const char sql[] =
	    "INSERT INTO request_event (tenant_id, request_id, at, by_user,"
	    " what, state) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_event", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, by);
	store_bind_text(st, 5, what);
	store_bind_text(st, 6, state);
	return store_insert(s, st, NULL);
}

int
store_rq_events(struct store *s, int64_t tenant, int64_t request,
		int (*cb)(void *arg, const char *at, const char *by,
			  const char *what, const char *state),
		void *arg)
{
	static const char sql[] =
	    "SELECT at, by_user, what, state FROM request_event"
	    " WHERE tenant_id = ? AND request_id = ? ORDER BY id";
	char at[ZK_TIME_LEN], by[64], what[64], state[20];
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	while ((rc = db_step(st)) == DB_ROW) {
		store_col_text(st, 0, at, sizeof at);
		store_col_text(st, 1, by, sizeof by);
		store_col_text(st, 2, what, sizeof what);
		store_col_text(st, 3, state, sizeof state);
		if ((cbrc = cb(arg, at, by, what, state)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_rq_suspend(struct store *s, int64_t tenant, int64_t request,
		 const char *from)
{
	static const char sql[] =
	    "INSERT INTO request_suspension (tenant_id, request_id, from_on)"
	    " SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1"
	    "   FROM request_suspension WHERE tenant_id = ?1"
	    "    AND request_id = ?2 AND to_on IS NULL)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_suspend", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	store_bind_text(st, 3, from);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

int
store_rq_resume(struct store *s, int64_t tenant, int64_t request,
		const char *to)
{
	static const char sql[] =
	    "UPDATE request_suspension SET to_on = ?3"
	    " WHERE tenant_id = ?1 AND request_id = ?2 AND to_on IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_resume", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	store_bind_text(st, 3, to);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

int
store_rq_suspensions(struct store *s, int64_t tenant, int64_t request,
		     int (*cb)(void *arg, const char *from, const char *to),
		     void *arg)
{
	static const char sql[] =
	    "SELECT from_on, coalesce(to_on, '') FROM request_suspension"
	    " WHERE tenant_id = ? AND request_id = ? ORDER BY id";
	char from[ZK_DATE_LEN], to[ZK_DATE_LEN];
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	while ((rc = db_step(st)) == DB_ROW) {
		store_col_text(st, 0, from, sizeof from);
		store_col_text(st, 1, to, sizeof to);
		if ((cbrc = cb(arg, from, to)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_rq_withhold(struct store *s, int64_t tenant, int64_t request,
		  int64_t entry, const struct zk_buf *reason)
{
	static const char sql[] =
	    "INSERT INTO request_withheld (tenant_id, request_id, entry_id,"
	    " reason) SELECT ?1, ?2, ?3, ?4"
	    " WHERE EXISTS (SELECT 1 FROM request r JOIN entry e"
	    "               ON e.subject_id = r.subject_id"
	    "               WHERE r.id = ?2 AND r.tenant_id = ?1"
	    "                 AND e.id = ?3 AND e.tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "request_withhold", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	db_bind_int64(st, 3, entry);
	db_bind_blob(st, 4, reason->data, reason->len);
	return store_insert(s, st, NULL);
}

int
store_rq_withheld(struct store *s, int64_t tenant, int64_t request,
		  int (*cb)(void *arg, const char *entry_uid,
			    const char *category, const struct zk_buf *reason),
		  void *arg)
{
	static const char sql[] =
	    "SELECT e.uid, e.category, w.reason FROM request_withheld w"
	    " JOIN entry e ON e.id = w.entry_id"
	    " WHERE w.tenant_id = ? AND w.request_id = ? ORDER BY w.id";
	char uid[ZK_UUID_LEN], category[32];
	struct zk_buf reason;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	zk_buf_init(&reason, 0);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	while ((rc = db_step(st)) == DB_ROW) {
		store_col_text(st, 0, uid, sizeof uid);
		store_col_text(st, 1, category, sizeof category);
		reason.len = 0;
		if ((cbrc = store_col_buf(st, 2, &reason)) != 0 ||
		    (cbrc = cb(arg, uid, category, &reason)) != 0)
			break;
	}
	store_done(s, st);
	zk_buf_release(&reason);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
