/*
 * store_breach.c: the breach register (BRE-1 to BRE-3), migration 032:
 * the breaches, the phases of their notification to the AP, and who was
 * told. Every statement names its organisation (SCOPE-3).
 */
#include <string.h>

#include "store/store_breach.h"
#include "store/store_int.h"

void
store_breach_init(struct store_breach *b)
{
	memset(b, 0, sizeof *b);
	zk_buf_init(&b->details, 0);
	zk_buf_init(&b->reasons, 0);
	zk_buf_init(&b->close_reason, 0);
}

void
store_breach_release(struct store_breach *b)
{
	if (b == NULL)
		return;
	zk_buf_release(&b->details);
	zk_buf_release(&b->reasons);
	zk_buf_release(&b->close_reason);
}

int
store_breach_add(struct store *s, int64_t tenant, const struct store_breach *b,
		 int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO breach (tenant_id, uid, aware_at, categories,"
	    " people_approx, records_approx, details, reported_at,"
	    " reported_by, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?8) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "breach_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_text(st, 2, b->uid);
	db_bind_text(st, 3, b->aware_at);
	db_bind_text(st, 4, b->categories);
	db_bind_int64(st, 5, b->people);
	db_bind_int64(st, 6, b->records);
	db_bind_blob(st, 7, b->details.data, b->details.len);
	db_bind_text(st, 8, b->reported_at);
	db_bind_text(st, 9, b->reported_by);
	return store_insert(s, st, id);
}

int
store_breach_update(struct store *s, int64_t tenant,
		    const struct store_breach *b)
{
	static const char sql[] =
	    "UPDATE breach SET aware_at = ?3, categories = ?4,"
	    " people_approx = ?5, records_approx = ?6, details = ?7,"
	    " updated_at = ?8 WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "breach_update", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, b->id);
	db_bind_text(st, 3, b->aware_at);
	db_bind_text(st, 4, b->categories);
	db_bind_int64(st, 5, b->people);
	db_bind_int64(st, 6, b->records);
	db_bind_blob(st, 7, b->details.data, b->details.len);
	db_bind_text(st, 8, b->updated_at);
	return store_exec_some(s, st);
}

int
store_breach_assess(struct store *s, int64_t tenant,
		    const struct store_breach *b)
{
	static const char sql[] =
	    "UPDATE breach SET risk = ?3, risk_reasons = ?4, encrypted = ?5,"
	    " risk_removed = ?6, disproportionate = ?7, assessed_at = ?8,"
	    " assessed_by = ?9, updated_at = ?8"
	    " WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "breach_assess", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, b->id);
	db_bind_text(st, 3, b->risk);
	db_bind_blob(st, 4, b->reasons.data, b->reasons.len);
	db_bind_int64(st, 5, b->encrypted);
	db_bind_int64(st, 6, b->risk_removed);
	db_bind_int64(st, 7, b->disproportionate);
	db_bind_text(st, 8, b->assessed_at);
	db_bind_text(st, 9, b->assessed_by);
	return store_exec_some(s, st);
}

int
store_breach_close(struct store *s, int64_t tenant,
		   const struct store_breach *b)
{
	/* closed_at IS NULL: a breach is closed once. */
	static const char sql[] =
	    "UPDATE breach SET closed_at = ?3, closed_by = ?4,"
	    " close_reason = ?5, updated_at = ?3"
	    " WHERE tenant_id = ?1 AND id = ?2 AND closed_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "breach_close", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, b->id);
	db_bind_text(st, 3, b->closed_at);
	db_bind_text(st, 4, b->closed_by);
	db_bind_blob(st, 5, b->close_reason.data, b->close_reason.len);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

#define STORE_BREACH_COLS                                                      \
	"b.id, b.uid, b.aware_at, b.categories, b.people_approx,"              \
	" b.records_approx, b.details, b.reported_at, b.reported_by,"          \
	" coalesce(b.risk, ''), b.risk_reasons, b.encrypted, b.risk_removed,"  \
	" b.disproportionate, coalesce(b.assessed_at, ''),"                    \
	" coalesce(b.assessed_by, ''), b.updated_at,"                          \
	" (SELECT count(*) FROM breach_ap_notice n"                            \
	"   WHERE n.tenant_id = b.tenant_id AND n.breach_id = b.id),"          \
	" coalesce((SELECT min(n.sent_at) FROM breach_ap_notice n"             \
	"   WHERE n.tenant_id = b.tenant_id AND n.breach_id = b.id), ''),"     \
	" (SELECT count(*) FROM breach_notified w"                             \
	"   WHERE w.tenant_id = b.tenant_id AND w.breach_id = b.id),"          \
	" coalesce(b.closed_at, ''), coalesce(b.closed_by, ''),"               \
	" b.close_reason"                                                      \
	" FROM breach b"

static int
store_breach_row(struct db_stmt *st, struct store_breach *b)
{
	b->id = db_column_int64(st, 0);
	store_col_text(st, 1, b->uid, sizeof b->uid);
	store_col_text(st, 2, b->aware_at, sizeof b->aware_at);
	store_col_text(st, 3, b->categories, sizeof b->categories);
	b->people = db_column_int64(st, 4);
	b->records = db_column_int64(st, 5);
	if (store_col_buf(st, 6, &b->details) != 0)
		return ZK_ENOMEM;
	store_col_text(st, 7, b->reported_at, sizeof b->reported_at);
	store_col_text(st, 8, b->reported_by, sizeof b->reported_by);
	store_col_text(st, 9, b->risk, sizeof b->risk);
	if (store_col_buf(st, 10, &b->reasons) != 0)
		return ZK_ENOMEM;
	b->encrypted = db_column_int64(st, 11) != 0;
	b->risk_removed = db_column_int64(st, 12) != 0;
	b->disproportionate = db_column_int64(st, 13) != 0;
	store_col_text(st, 14, b->assessed_at, sizeof b->assessed_at);
	store_col_text(st, 15, b->assessed_by, sizeof b->assessed_by);
	store_col_text(st, 16, b->updated_at, sizeof b->updated_at);
	b->phases = (int)db_column_int64(st, 17);
	store_col_text(st, 18, b->first_sent_at, sizeof b->first_sent_at);
	b->notified = (int)db_column_int64(st, 19);
	store_col_text(st, 20, b->closed_at, sizeof b->closed_at);
	store_col_text(st, 21, b->closed_by, sizeof b->closed_by);
	if (store_col_buf(st, 22, &b->close_reason) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
store_breach_get(struct store *s, int64_t tenant, const char *uid,
		 struct store_breach *out)
{
	static const char sql[] =
	    "SELECT " STORE_BREACH_COLS " WHERE b.tenant_id = ? AND b.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_text(st, 2, uid);
	if ((rc = db_step(st)) == DB_ROW)
		rc = store_breach_row(st, out) == 0 ? DB_ROW : ZK_ENOMEM;
	store_done(s, st);
	if (rc == ZK_ENOMEM)
		return rc;
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_breach_list(struct store *s, int64_t tenant,
		  int (*cb)(void *arg, const struct store_breach *b), void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_BREACH_COLS " WHERE b.tenant_id = ?"
	    " ORDER BY b.aware_at DESC, b.id DESC";
	struct store_breach b;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	store_breach_init(&b);
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_breach_row(st, &b)) != 0 ||
		    (cbrc = cb(arg, &b)) != 0)
			break;
	}
	store_done(s, st);
	store_breach_release(&b);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_breach_notice_add(struct store *s, int64_t tenant, int64_t breach,
			const struct store_breach_notice *n, int *phase)
{
	/* The next phase number; UNIQUE (breach_id, phase) guards a race. */
	static const char sql[] =
	    "INSERT INTO breach_ap_notice (tenant_id, breach_id, phase,"
	    " sent_at, reference, addition, recorded_at, recorded_by)"
	    " SELECT ?1, ?2, coalesce(max(phase), 0) + 1, ?3, ?4, ?5, ?6, ?7"
	    " FROM breach_ap_notice WHERE tenant_id = ?1 AND breach_id = ?2"
	    " RETURNING phase";
	struct db_stmt *st;
	int64_t ph = 0;
	int rc;

	if ((rc = store_op(s, tenant, "breach_notice_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, breach);
	db_bind_text(st, 3, n->sent_at);
	db_bind_text(st, 4, n->reference);
	db_bind_blob(st, 5, n->addition.data, n->addition.len);
	db_bind_text(st, 6, n->recorded_at);
	db_bind_text(st, 7, n->recorded_by);
	rc = store_insert(s, st, &ph);
	*phase = (int)ph;
	return rc;
}

int
store_breach_notice_list(struct store *s, int64_t tenant, int64_t breach,
			 int (*cb)(void *arg,
				   const struct store_breach_notice *n),
			 void *arg)
{
	static const char sql[] =
	    "SELECT phase, sent_at, reference, addition, recorded_at,"
	    " recorded_by FROM breach_ap_notice"
	    " WHERE tenant_id = ? AND breach_id = ? ORDER BY phase";
	struct store_breach_notice n;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	memset(&n, 0, sizeof n);
	zk_buf_init(&n.addition, 0);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, breach);
	while ((rc = db_step(st)) == DB_ROW) {
		n.phase = (int)db_column_int64(st, 0);
		store_col_text(st, 1, n.sent_at, sizeof n.sent_at);
		store_col_text(st, 2, n.reference, sizeof n.reference);
		if ((cbrc = store_col_buf(st, 3, &n.addition)) != 0)
			break;
		store_col_text(st, 4, n.recorded_at, sizeof n.recorded_at);
		store_col_text(st, 5, n.recorded_by, sizeof n.recorded_by);
		if ((cbrc = cb(arg, &n)) != 0)
			break;
	}
	store_done(s, st);
	zk_buf_release(&n.addition);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_breach_notified_add(struct store *s, int64_t tenant, int64_t breach,
			  const struct store_breach_notified *n)
{
	static const char sql[] =
	    "INSERT INTO breach_notified (tenant_id, breach_id, who, people,"
	    " how, notified_at, recorded_at, recorded_by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "breach_notified_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, breach);
	db_bind_blob(st, 3, n->who.data, n->who.len);
	db_bind_int64(st, 4, n->people);
	db_bind_text(st, 5, n->how);
	db_bind_text(st, 6, n->notified_at);
	db_bind_text(st, 7, n->recorded_at);
	db_bind_text(st, 8, n->recorded_by);
	return store_insert(s, st, NULL);
}

int
store_breach_notified_list(struct store *s, int64_t tenant, int64_t breach,
			   int (*cb)(void *arg,
				     const struct store_breach_notified *n),
			   void *arg)
{
	static const char sql[] =
	    "SELECT who, people, how, notified_at, recorded_at, recorded_by"
	    " FROM breach_notified WHERE tenant_id = ? AND breach_id = ?"
	    " ORDER BY notified_at, id";
	struct store_breach_notified n;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	memset(&n, 0, sizeof n);
	zk_buf_init(&n.who, 0);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, breach);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_col_buf(st, 0, &n.who)) != 0)
			break;
		n.people = db_column_int64(st, 1);
		store_col_text(st, 2, n.how, sizeof n.how);
		store_col_text(st, 3, n.notified_at, sizeof n.notified_at);
		store_col_text(st, 4, n.recorded_at, sizeof n.recorded_at);
		store_col_text(st, 5, n.recorded_by, sizeof n.recorded_by);
		if ((cbrc = cb(arg, &n)) != 0)
			break;
	}
	store_done(s, st);
	zk_buf_release(&n.who);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
