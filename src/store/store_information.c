/*
 * store_information.c: privacy notices and the information duty (INF).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_notice_create(struct store *s, int64_t tenant,
		    const struct store_notice *n)
{
	static const char sql[] =
	    "INSERT INTO privacy_notice (tenant_id, version, published_on,"
	    " summary, created_at) VALUES (?, ?, ?, ?, ?)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "notice_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, n->version);
	store_bind_text(st, 3, n->published_on);
	store_bind_text(st, 4, n->summary);
	store_bind_text(st, 5, now);
	return store_exec_stmt(s, st);
}

static void
store_notice_row(struct db_stmt *st, struct store_notice *n)
{
	n->id = db_column_int64(st, 0);
	store_col_text(st, 1, n->version, sizeof n->version);
	store_col_text(st, 2, n->published_on, sizeof n->published_on);
	store_col_text(st, 3, n->summary, sizeof n->summary);
}

int
store_notice_list(struct store *s, int64_t tenant,
		  int (*cb)(void *arg, const struct store_notice *n), void *arg)
{
	static const char sql[] =
	    "SELECT id, version, published_on, summary FROM privacy_notice"
	    " WHERE tenant_id = ? ORDER BY published_on, id";
	struct store_notice n;
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		store_notice_row(st, &n);
		if ((cbrc = cb(arg, &n)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_notice_get(struct store *s, int64_t tenant, const char *version,
		 struct store_notice *out)
{
	static const char sql[] =
	    "SELECT id, version, published_on, summary FROM privacy_notice"
	    " WHERE tenant_id = ? AND version = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, version);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_notice_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_information_create(struct store *s, int64_t tenant,
			 const struct store_information *i)
{
	static const char sql[] =
	    "INSERT INTO information (tenant_id, uid, subject_id, notice_id,"
	    " informed_on, how, source, recorded_by, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
	    " WHERE EXISTS (SELECT 1 FROM subject WHERE id = ?3 AND tenant_id "
	    "= ?1)"
	    "   AND EXISTS (SELECT 1 FROM privacy_notice"
	    "               WHERE id = ?4 AND tenant_id = ?1)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "information_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, i->uid);
	db_bind_int64(st, 3, i->subject_id);
	db_bind_int64(st, 4, i->notice_id);
	store_bind_text(st, 5, i->informed_on);
	store_bind_text(st, 6, i->how);
	store_bind_text(st, 7, i->source);
	store_bind_text(st, 8, i->recorded_by);
	store_bind_text(st, 9, now);
	return store_exec_some(s, st);
}

int
store_information_exemption_create(struct store *s, int64_t tenant,
				   const struct store_information_exemption *e)
{
	static const char sql[] =
	    "INSERT INTO information_exemption (tenant_id, uid, subject_id,"
	    " ground, reason, recorded_by, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
	    " WHERE EXISTS (SELECT 1 FROM subject WHERE id = ?3 AND tenant_id "
	    "= ?1)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "info_exemption_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, e->uid);
	db_bind_int64(st, 3, e->subject_id);
	store_bind_text(st, 4, e->ground);
	db_bind_blob(st, 5, e->reason, e->reason_len);
	store_bind_text(st, 6, e->recorded_by);
	store_bind_text(st, 7, now);
	return store_exec_some(s, st);
}

int
store_information_list(struct store *s, int64_t tenant, int64_t subject,
		       int (*cb)(void *arg, const struct store_information *i),
		       void *arg)
{
	static const char sql[] =
	    "SELECT i.uid, i.subject_id, i.notice_id, i.informed_on, i.how,"
	    " i.source, i.recorded_by, n.version, i.created_at"
	    " FROM information i JOIN privacy_notice n ON n.id = i.notice_id"
	    " WHERE i.tenant_id = ? AND i.subject_id = ? ORDER BY i.id";
	struct store_information i;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, tenant, "information_list", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&i, 0, sizeof i);
		store_col_text(st, 0, i.uid, sizeof i.uid);
		i.subject_id = db_column_int64(st, 1);
		i.notice_id = db_column_int64(st, 2);
		store_col_text(st, 3, i.informed_on, sizeof i.informed_on);
		store_col_text(st, 4, i.how, sizeof i.how);
		store_col_text(st, 5, i.source, sizeof i.source);
		store_col_text(st, 6, i.recorded_by, sizeof i.recorded_by);
		store_col_text(st, 7, i.version, sizeof i.version);
		store_col_text(st, 8, i.created_at, sizeof i.created_at);
		if ((cbrc = cb(arg, &i)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_information_exemption_list(
    struct store *s, int64_t tenant, int64_t subject,
    int (*cb)(void *arg, const struct store_information_exemption *e),
    void *arg)
{
	static const char sql[] =
	    "SELECT uid, subject_id, ground, reason, recorded_by, created_at"
	    " FROM information_exemption"
	    " WHERE tenant_id = ? AND subject_id = ? ORDER BY id";
	struct store_information_exemption e;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, tenant, "info_exemption_list", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&e, 0, sizeof e);
		store_col_text(st, 0, e.uid, sizeof e.uid);
		e.subject_id = db_column_int64(st, 1);
		store_col_text(st, 2, e.ground, sizeof e.ground);
		e.reason = db_column_blob(st, 3);
		e.reason_len = db_column_bytes(st, 3);
		store_col_text(st, 4, e.recorded_by, sizeof e.recorded_by);
		store_col_text(st, 5, e.created_at, sizeof e.created_at);
		if ((cbrc = cb(arg, &e)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_information_missing(struct store *s, int64_t tenant, const char *kind,
			  int (*cb)(void *arg, const struct store_subject *x,
				    int status),
			  void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_SUBJECT_COLS ","
	    " (SELECT count(*) FROM information i"
	    "   WHERE i.tenant_id = ?1 AND i.subject_id = subject.id),"
	    " (SELECT count(*) FROM information i JOIN privacy_notice n"
	    "   ON n.id = i.notice_id WHERE i.tenant_id = ?1"
	    "   AND i.subject_id = subject.id AND n.published_on ="
	    "   (SELECT max(published_on) FROM privacy_notice"
	    "    WHERE tenant_id = ?1)),"
	    " (SELECT count(*) FROM information_exemption e"
	    "   WHERE e.tenant_id = ?1 AND e.subject_id = subject.id)"
	    " FROM subject WHERE tenant_id = ?1 AND (?2 IS NULL OR kind = ?2)"
	    " AND key_destroyed_at IS NULL ORDER BY id";
	struct store_subject x;
	struct db_stmt *st;
	int rc, cbrc = 0;

	/* Not cached: the callback may run statements of its own. */
	if (store_fresh(s, tenant, sql, &st) != 0)
		return ZK_EIO;
	memset(&x, 0, sizeof x);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, kind);
	while ((rc = db_step(st)) == DB_ROW) {
		int any = (int)db_column_int64(st, STORE_SUBJECT_NCOLS);
		int latest = (int)db_column_int64(st, STORE_SUBJECT_NCOLS + 1);
		int exempt = (int)db_column_int64(st, STORE_SUBJECT_NCOLS + 2);

		if (latest > 0)
			continue;
		if ((cbrc = store_subject_row(st, &x)) != 0 ||
		    (cbrc = cb(arg, &x, exempt > 0 ? 2 : any > 0)) != 0)
			break;
	}
	db_finalize(st);
	store_subject_release(&x);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_information_origin_set(struct store *s, int64_t tenant, int64_t subject,
			     const struct zk_buf *source, const char *at)
{
	static const char sql[] =
	    "INSERT INTO subject_origin (subject_id, tenant_id, source,"
	    " obtained_at) SELECT ?2, ?1, ?3, ?4"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?2 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "origin_set", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	db_bind_blob(st, 3, source->data, source->len);
	store_bind_text(st, 4, at);
	return store_exec_some(s, st);
}

int
store_information_origin_get(struct store *s, int64_t tenant, int64_t subject,
			     struct zk_buf *source, char at[ZK_TIME_LEN])
{
	static const char sql[] =
	    "SELECT source, obtained_at FROM subject_origin"
	    " WHERE tenant_id = ? AND subject_id = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	rc = db_step(st);
	if (rc == DB_ROW) {
		store_col_text(st, 1, at, ZK_TIME_LEN);
		if (store_col_buf(st, 0, source) != 0)
			rc = ZK_ENOMEM;
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}
