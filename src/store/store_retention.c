/*
 * store_retention.c: the facts of retention per subject and the legal
 * holds, migration 031 (RET-1 to RET-4).
 */
#include <string.h>

#include "store/store_int.h"
#include "store/store_retention.h"

int
store_retention_facts(struct store *s, int64_t tenant, int64_t subject,
		      const char *today, struct store_retention_facts *out)
{
	/*
	 * The end of care of a client without an explicit end: the last
	 * day a care relation ran, once none runs any more (ACC-2 relations
	 * end on valid_until).
	 */
	static const char sql[] =
	    "SELECT x.id, x.uid, x.kind, coalesce(r.record_changed_on, ''),"
	    " coalesce(r.relationship_ended_on, ''),"
	    " CASE WHEN x.kind <> 'client' OR EXISTS (SELECT 1 FROM"
	    "   care_relation c WHERE c.tenant_id = ?1 AND c.subject_id = x.id"
	    "   AND (c.valid_until IS NULL OR c.valid_until > ?3))"
	    " THEN '' ELSE coalesce((SELECT max(c.valid_until) FROM"
	    "   care_relation c WHERE c.tenant_id = ?1"
	    "   AND c.subject_id = x.id), '') END,"
	    " (SELECT count(*) FROM retention_hold h WHERE h.tenant_id = ?1"
	    "   AND h.subject_id = x.id AND h.lifted_at IS NULL"
	    "   AND h.category IS NULL)"
	    " FROM subject x LEFT JOIN subject_retention r"
	    "   ON r.subject_id = x.id AND r.tenant_id = ?1"
	    " WHERE x.tenant_id = ?1 AND x.id = ?2";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, today);
	if ((rc = db_step(st)) == DB_ROW) {
		char care[ZK_DATE_LEN];

		out->subject_id = db_column_int64(st, 0);
		store_col_text(st, 1, out->subject_uid,
			       sizeof out->subject_uid);
		store_col_text(st, 2, out->kind, sizeof out->kind);
		store_col_text(st, 3, out->record_changed_on,
			       sizeof out->record_changed_on);
		store_col_text(st, 4, out->relationship_ended_on,
			       sizeof out->relationship_ended_on);
		store_col_text(st, 5, care, sizeof care);
		out->holds = (int)db_column_int64(st, 6);
		zk_strlcpy(out->ended_on,
			   out->relationship_ended_on[0]
			       ? out->relationship_ended_on
			       : care,
			   sizeof out->ended_on);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_retention_set_ended(struct store *s, int64_t tenant, int64_t subject,
			  const char *day, const char *by, const char *at)
{
	/* The row exists from the subject's creation on (trigger); a
	   subject older than migration 031 got one there too. */
	static const char sql[] =
	    "UPDATE subject_retention SET relationship_ended_on = ?3,"
	    " ended_by = ?4, ended_at = ?5"
	    " WHERE tenant_id = ?1 AND subject_id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "retention_set_ended", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, day);
	store_bind_text(st, 4, by);
	store_bind_text(st, 5, at);
	return store_exec_some(s, st);
}

int
store_retention_touch(struct store *s, int64_t tenant, int64_t subject,
		      const char *day)
{
	static const char sql[] =
	    "INSERT INTO subject_retention (subject_id, tenant_id,"
	    " record_changed_on)"
	    " SELECT ?2, ?1, ?3 WHERE EXISTS (SELECT 1 FROM subject"
	    "   WHERE id = ?2 AND tenant_id = ?1)"
	    " ON CONFLICT (subject_id) DO UPDATE SET record_changed_on ="
	    " CASE WHEN excluded.record_changed_on >"
	    "   subject_retention.record_changed_on"
	    " THEN excluded.record_changed_on"
	    " ELSE subject_retention.record_changed_on END";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "retention_touch", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, day);
	return store_exec_some(s, st);
}

static int
store_retention_scan(struct store *s, int64_t tenant, const char *sql,
		     const char *before,
		     int (*cb)(void *arg, int64_t subject, const char *day),
		     void *arg)
{
	char day[ZK_DATE_LEN];
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, before);
	while ((rc = db_step(st)) == DB_ROW) {
		store_col_text(st, 1, day, sizeof day);
		if ((cbrc = cb(arg, db_column_int64(st, 0), day)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_retention_changed_before(
    struct store *s, int64_t tenant, const char *before,
    int (*cb)(void *arg, int64_t subject, const char *day), void *arg)
{
	static const char sql[] =
	    "SELECT r.subject_id, r.record_changed_on FROM subject_retention r"
	    " JOIN subject x ON x.id = r.subject_id"
	    " WHERE r.tenant_id = ?1 AND r.record_changed_on < ?2"
	    "   AND x.key_destroyed_at IS NULL"
	    " ORDER BY r.record_changed_on, r.subject_id";

	return store_retention_scan(s, tenant, sql, before, cb, arg);
}

int
store_retention_ended_before(
    struct store *s, int64_t tenant, const char *before,
    int (*cb)(void *arg, int64_t subject, const char *day), void *arg)
{
	static const char sql[] =
	    "SELECT r.subject_id, r.relationship_ended_on"
	    " FROM subject_retention r JOIN subject x ON x.id = r.subject_id"
	    " WHERE r.tenant_id = ?1 AND r.relationship_ended_on IS NOT NULL"
	    "   AND r.relationship_ended_on < ?2"
	    "   AND x.key_destroyed_at IS NULL"
	    " ORDER BY r.relationship_ended_on, r.subject_id";

	return store_retention_scan(s, tenant, sql, before, cb, arg);
}

/* --- legal holds (RET-3) ------------------------------------------------ */

void
store_hold_release(struct store_hold *h)
{
	if (h != NULL)
		zk_buf_release(&h->reason);
}

int
store_hold_add(struct store *s, int64_t tenant, const struct store_hold *h,
	       int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO retention_hold (tenant_id, uid, subject_id, category,"
	    " reason, set_by, since)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "hold_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, h->uid);
	db_bind_int64(st, 3, h->subject_id);
	store_bind_text(st, 4, h->category[0] ? h->category : NULL);
	db_bind_blob(st, 5, h->reason.data, h->reason.len);
	store_bind_text(st, 6, h->set_by);
	store_bind_text(st, 7, h->since);
	return store_insert(s, st, id);
}

#define STORE_HOLD_COLS                                                        \
	"h.id, h.uid, h.subject_id, x.uid, coalesce(h.category, ''),"          \
	" h.reason, h.set_by, h.since, coalesce(h.lifted_at, ''),"             \
	" coalesce(h.lifted_by, '')"                                           \
	" FROM retention_hold h JOIN subject x ON x.id = h.subject_id"

static int
store_hold_row(struct db_stmt *st, struct store_hold *h)
{
	memset(h, 0, sizeof *h);
	zk_buf_init(&h->reason, 0);
	h->id = db_column_int64(st, 0);
	store_col_text(st, 1, h->uid, sizeof h->uid);
	h->subject_id = db_column_int64(st, 2);
	store_col_text(st, 3, h->subject_uid, sizeof h->subject_uid);
	store_col_text(st, 4, h->category, sizeof h->category);
	store_col_text(st, 6, h->set_by, sizeof h->set_by);
	store_col_text(st, 7, h->since, sizeof h->since);
	store_col_text(st, 8, h->lifted_at, sizeof h->lifted_at);
	store_col_text(st, 9, h->lifted_by, sizeof h->lifted_by);
	return store_col_buf(st, 5, &h->reason);
}

int
store_hold_get(struct store *s, int64_t tenant, const char *uid,
	       struct store_hold *out)
{
	static const char sql[] =
	    "SELECT " STORE_HOLD_COLS " WHERE h.tenant_id = ? AND h.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, r = 0;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	if ((rc = db_step(st)) == DB_ROW)
		r = store_hold_row(st, out);
	store_done(s, st);
	if (rc == DB_ROW)
		return r;
	return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_hold_lift(struct store *s, int64_t tenant, int64_t id, const char *by,
		const char *at)
{
	static const char sql[] =
	    "UPDATE retention_hold SET lifted_at = ?3, lifted_by = ?4"
	    " WHERE tenant_id = ?1 AND id = ?2 AND lifted_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "hold_lift", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, by);
	return store_exec_some(s, st);
}

int
store_hold_list(struct store *s, int64_t tenant, int64_t subject,
		int (*cb)(void *arg, const struct store_hold *h), void *arg)
{
	static const char sql[] = "SELECT " STORE_HOLD_COLS
				  " WHERE h.tenant_id = ? AND h.subject_id = ?"
				  " ORDER BY h.id";
	struct store_hold h;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		cbrc = store_hold_row(st, &h);
		if (cbrc == 0)
			cbrc = cb(arg, &h);
		store_hold_release(&h);
		if (cbrc != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_hold_count(struct store *s, int64_t tenant, int64_t subject,
		 const char *category, int *n)
{
	static const char sql[] =
	    "SELECT count(*) FROM retention_hold WHERE tenant_id = ?1"
	    " AND subject_id = ?2 AND lifted_at IS NULL"
	    " AND (?3 IS NULL OR category IS NULL OR category = ?3)";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	*n = 0;
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, category);
	if ((rc = db_step(st)) == DB_ROW)
		*n = (int)db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}
