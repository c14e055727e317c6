/*
 * store_kin.c: representation over time and next of kin's requests
 * (store_kin.h, migration 028).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_kin.h"

int
store_rep_get(struct store *s, int64_t tenant, const char *uid,
	      struct store_rep_row *out)
{
	static const char sql[] =
	    "SELECT r.id, r.subject_id, x.uid, r.kind, r.declines, r.absent,"
	    " r.legal_consent, r.ended_at FROM representative r"
	    " JOIN subject x ON x.id = r.subject_id AND x.tenant_id = "
	    "r.tenant_id"
	    " WHERE r.tenant_id = ? AND r.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	memset(out, 0, sizeof *out);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	if ((rc = db_step(st)) == DB_ROW) {
		out->id = db_column_int64(st, 0);
		out->subject_id = db_column_int64(st, 1);
		store_col_text(st, 2, out->subject_uid,
			       sizeof out->subject_uid);
		store_col_text(st, 3, out->kind, sizeof out->kind);
		out->declines = (int)db_column_int64(st, 4);
		out->absent = (int)db_column_int64(st, 5);
		out->legal_consent = (int)db_column_int64(st, 6);
		store_col_text(st, 7, out->ended_at, sizeof out->ended_at);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_rep_end(struct store *s, int64_t tenant, const char *uid, const char *at,
	      const char *by)
{
	static const char sql[] =
	    "UPDATE representative SET ended_at = ?3, ended_by = ?4"
	    " WHERE tenant_id = ?1 AND uid = ?2 AND ended_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "rep_end", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, by);
	return store_exec_some(s, st);
}

int
store_rep_change(struct store *s, int64_t tenant, const char *uid,
		 const struct store_rep_row *r, const char *at)
{
	static const char sql[] =
	    "UPDATE representative SET kind = ?3, declines = ?4, absent = ?5,"
	    " legal_consent = ?6, changed_at = ?7"
	    " WHERE tenant_id = ?1 AND uid = ?2 AND ended_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "rep_change", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	store_bind_text(st, 3, r->kind);
	db_bind_int64(st, 4, r->declines != 0);
	db_bind_int64(st, 5, r->absent != 0);
	db_bind_int64(st, 6, r->legal_consent != 0);
	store_bind_text(st, 7, at);
	return store_exec_some(s, st);
}

int
store_capacity_terms(struct store *s, int64_t tenant, const char *uid,
		     const char *scope, const char *lapses_on)
{
	static const char sql[] =
	    "UPDATE capacity_assessment SET scope = ?3, lapses_on = ?4"
	    " WHERE tenant_id = ?1 AND uid = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "capacity_terms", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	store_bind_text(st, 3, scope);
	store_bind_text(st, 4, lapses_on);
	return store_exec_some(s, st);
}

int
store_capacity_lapse(struct store *s, int64_t tenant, const char *uid,
		     const char *on)
{
	static const char sql[] =
	    "UPDATE capacity_assessment SET lapses_on = ?3"
	    " WHERE tenant_id = ?1 AND uid = ?2"
	    " AND (lapses_on IS NULL OR lapses_on > ?3)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "capacity_lapse", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	store_bind_text(st, 3, on);
	return store_exec_some(s, st);
}

int
store_capacity_subject(struct store *s, int64_t tenant, const char *uid,
		       int64_t *subject, char lapses_on[ZK_DATE_LEN])
{
	static const char sql[] =
	    "SELECT subject_id, lapses_on FROM capacity_assessment"
	    " WHERE tenant_id = ? AND uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	lapses_on[0] = '\0';
	if ((rc = db_step(st)) == DB_ROW) {
		*subject = db_column_int64(st, 0);
		store_col_text(st, 1, lapses_on, ZK_DATE_LEN);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_direct_set(struct store *s, int64_t tenant, int64_t subject,
		 const struct zk_buf *reason, const char *by, const char *at)
{
	static const char del[] = "DELETE FROM subject_direct_address"
				  " WHERE tenant_id = ? AND subject_id = ?";
	static const char ins[] =
	    "INSERT INTO subject_direct_address (subject_id, tenant_id,"
	    " reason, recorded_by, recorded_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM subject"
	    "   WHERE id = ?1 AND tenant_id = ?2)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "direct_set", del, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	if ((rc = store_op(s, tenant, "direct_set", ins, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, subject);
	db_bind_int64(st, 2, tenant);
	db_bind_blob(st, 3, reason->data, reason->len);
	store_bind_text(st, 4, by);
	store_bind_text(st, 5, at);
	return store_exec_some(s, st);
}

int
store_direct_clear(struct store *s, int64_t tenant, int64_t subject)
{
	static const char sql[] = "DELETE FROM subject_direct_address"
				  " WHERE tenant_id = ? AND subject_id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "direct_clear", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	return store_exec_some(s, st);
}

int
store_direct_get(struct store *s, int64_t tenant, int64_t subject,
		 struct zk_buf *reason)
{
	static const char sql[] = "SELECT reason FROM subject_direct_address"
				  " WHERE tenant_id = ? AND subject_id = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, brc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	if ((rc = db_step(st)) == DB_ROW && reason != NULL)
		brc = store_col_buf(st, 0, reason);
	store_done(s, st);
	if (brc != 0)
		return brc;
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

void
store_kin_init(struct store_kin *k)
{
	memset(k, 0, sizeof *k);
	zk_buf_init(&k->name, 0);
}

void
store_kin_release(struct store_kin *k)
{
	if (k == NULL)
		return;
	zk_buf_release(&k->name);
	free(k->entries);
	k->entries = NULL;
}

int
store_kin_create(struct store *s, int64_t tenant, const struct store_kin *k)
{
	static const char sql[] =
	    "INSERT INTO kin_request (request_id, tenant_id, name, relation)"
	    " SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM request"
	    "   WHERE id = ?1 AND tenant_id = ?2)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "kin_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, k->request_id);
	db_bind_int64(st, 2, tenant);
	db_bind_blob(st, 3, k->name.data, k->name.len);
	store_bind_text(st, 4, k->relation);
	return store_exec_some(s, st);
}

int
store_kin_get(struct store *s, int64_t tenant, int64_t request,
	      struct store_kin *out)
{
	static const char sql[] =
	    "SELECT name, relation, ground, decided_by, decided_at,"
	    " categories, entries FROM kin_request"
	    " WHERE tenant_id = ? AND request_id = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, brc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, request);
	if ((rc = db_step(st)) == DB_ROW) {
		const char *e = db_column_text(st, 6);

		out->request_id = request;
		brc = store_col_buf(st, 0, &out->name);
		store_col_text(st, 1, out->relation, sizeof out->relation);
		store_col_text(st, 2, out->ground, sizeof out->ground);
		store_col_text(st, 3, out->decided_by, sizeof out->decided_by);
		store_col_text(st, 4, out->decided_at, sizeof out->decided_at);
		store_col_text(st, 5, out->categories, sizeof out->categories);
		free(out->entries);
		out->entries = e != NULL ? strdup(e) : NULL;
		if (e != NULL && out->entries == NULL)
			brc = ZK_ENOMEM;
	}
	store_done(s, st);
	if (brc != 0)
		return brc;
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_kin_decide(struct store *s, int64_t tenant, const struct store_kin *k)
{
	static const char sql[] =
	    "UPDATE kin_request SET ground = ?3, decided_by = ?4,"
	    " decided_at = ?5, categories = ?6, entries = ?7"
	    " WHERE tenant_id = ?1 AND request_id = ?2 AND ground IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "kin_decide", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, k->request_id);
	store_bind_text(st, 3, k->ground);
	store_bind_text(st, 4, k->decided_by);
	store_bind_text(st, 5, k->decided_at);
	store_bind_text(st, 6, k->categories);
	store_bind_text(st, 7, k->entries != NULL ? k->entries : "");
	return store_exec_some(s, st);
}
