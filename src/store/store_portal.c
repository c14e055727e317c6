/*
 * store_portal.c: portal links and the entries withheld from the portal
 * (store_portal.h, migration 030).
 */
#include <string.h>

#include "store/store_int.h"
#include "store/store_portal.h"

int
store_portal_link_add(struct store *s, int64_t tenant, int64_t user,
		      int64_t subject, int64_t representative, const char *at,
		      const char *by)
{
	static const char find[] =
	    "SELECT id FROM portal_link WHERE tenant_id = ? AND user_id = ?"
	    " AND subject_id = ? AND coalesce(representative_id, 0) = ?";
	static const char sql[] =
	    "INSERT INTO portal_link (tenant_id, user_id, subject_id,"
	    " representative_id, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	/* UNIQUE does not hold for a NULL representative: asked first. */
	if ((rc = store_op(s, tenant, "portal_link_find", find, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	db_bind_int64(st, 4, representative);
	rc = db_step(st);
	store_done(s, st);
	if (rc == DB_ROW)
		return ZK_EEXIST;
	if (rc != DB_DONE)
		return store_code(rc);
	if ((rc = store_op(s, tenant, "portal_link_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	store_bind_id(st, 4, representative);
	store_bind_text(st, 5, at);
	store_bind_text(st, 6, by);
	return store_exec_stmt(s, st);
}

int
store_portal_links(struct store *s, int64_t tenant, int64_t user,
		   int64_t subject,
		   int (*cb)(void *arg, const struct store_portal_link *l),
		   void *arg)
{
	static const char sql[] =
	    "SELECT l.subject_id, x.uid, coalesce(l.representative_id, 0),"
	    " r.uid, r.ended_at FROM portal_link l"
	    " JOIN subject x ON x.id = l.subject_id AND x.tenant_id = "
	    "l.tenant_id"
	    " LEFT JOIN representative r ON r.id = l.representative_id"
	    " AND r.tenant_id = l.tenant_id"
	    " WHERE l.tenant_id = ?1 AND l.user_id = ?2"
	    " AND (?3 = 0 OR l.subject_id = ?3) ORDER BY l.id";
	struct store_portal_link l;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&l, 0, sizeof l);
		l.subject_id = db_column_int64(st, 0);
		store_col_text(st, 1, l.subject_uid, sizeof l.subject_uid);
		l.representative_id = db_column_int64(st, 2);
		store_col_text(st, 3, l.representative_uid,
			       sizeof l.representative_uid);
		store_col_text(st, 4, l.representative_ended_at,
			       sizeof l.representative_ended_at);
		if ((cbrc = cb(arg, &l)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_portal_count(struct store *s, int64_t tenant, int64_t user, int *n)
{
	static const char sql[] =
	    "SELECT count(*) FROM portal_link WHERE tenant_id = ? AND "
	    "user_id = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	*n = 0;
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	if ((rc = db_step(st)) == DB_ROW)
		*n = (int)db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}

int
store_portal_withheld(struct store *s, int64_t tenant, int64_t subject,
		      int (*cb)(void *arg, int64_t entry), void *arg)
{
	static const char sql[] =
	    "SELECT e.id FROM entry e WHERE e.tenant_id = ?1"
	    " AND e.subject_id = ?2 AND (e.id IN (SELECT w.entry_id"
	    "  FROM request_withheld w JOIN request q ON q.id = w.request_id"
	    "  AND q.tenant_id = w.tenant_id WHERE w.tenant_id = ?1"
	    "  AND q.subject_id = ?2 AND q.decision IS NOT NULL)"
	    " OR e.corrects_id IN (SELECT w.entry_id FROM request_withheld w"
	    "  JOIN request q ON q.id = w.request_id"
	    "  AND q.tenant_id = w.tenant_id WHERE w.tenant_id = ?1"
	    "  AND q.subject_id = ?2 AND q.decision IS NOT NULL))"
	    " ORDER BY e.id";
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW)
		if ((cbrc = cb(arg, db_column_int64(st, 0))) != 0)
			break;
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
