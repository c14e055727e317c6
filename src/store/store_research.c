/*
 * store_research.c: studies, their confirmations, exports and notes
 * (store_research.h). Every query names its tenant; an insert that refers
 * to another row checks that the row is of the same tenant, so that ids
 * of another organisation are not found (SCOPE-3).
 */
#include <string.h>

#include "store/store_int.h"
#include "store/store_research.h"

int
store_study_create(struct store *s, int64_t tenant, const struct store_study *x,
		   int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO study (tenant_id, uid, name, purpose, requester,"
	    " basis, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "study_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, x->uid);
	store_bind_text(st, 3, x->name);
	store_bind_text(st, 4, x->purpose);
	store_bind_text(st, 5, x->requester);
	store_bind_text(st, 6, x->basis);
	store_bind_text(st, 7, x->created_at);
	store_bind_text(st, 8, x->created_by);
	return store_insert(s, st, id);
}

#define STORE_STUDY_COLS                                                       \
	"id, uid, name, purpose, requester, basis, created_at, created_by"

static void
store_study_row(struct db_stmt *st, struct store_study *x)
{
	memset(x, 0, sizeof *x);
	x->id = db_column_int64(st, 0);
	store_col_text(st, 1, x->uid, sizeof x->uid);
	store_col_text(st, 2, x->name, sizeof x->name);
	store_col_text(st, 3, x->purpose, sizeof x->purpose);
	store_col_text(st, 4, x->requester, sizeof x->requester);
	store_col_text(st, 5, x->basis, sizeof x->basis);
	store_col_text(st, 6, x->created_at, sizeof x->created_at);
	store_col_text(st, 7, x->created_by, sizeof x->created_by);
}

int
store_study_get(struct store *s, int64_t tenant, const char *uid,
		struct store_study *out)
{
	static const char sql[] = "SELECT " STORE_STUDY_COLS " FROM study"
				  " WHERE tenant_id = ? AND uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_study_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_study_list(struct store *s, int64_t tenant,
		 int (*cb)(void *arg, const struct store_study *x), void *arg)
{
	static const char sql[] = "SELECT " STORE_STUDY_COLS " FROM study"
				  " WHERE tenant_id = ? ORDER BY id DESC";
	struct store_study x;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		store_study_row(st, &x);
		if ((cbrc = cb(arg, &x)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_study_confirm(struct store *s, int64_t tenant, int64_t study,
		    const struct store_study_condition *c)
{
	static const char sql[] =
	    "INSERT INTO study_condition (tenant_id, study_id, res_condition,"
	    " role, confirmed_by, confirmed_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6"
	    " WHERE EXISTS (SELECT 1 FROM study WHERE id = ?2"
	    "               AND tenant_id = ?1)"
	    "   AND NOT EXISTS (SELECT 1 FROM study_condition"
	    "               WHERE study_id = ?2 AND res_condition = ?3"
	    "                 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "study_confirm", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, study);
	store_bind_text(st, 3, c->condition);
	store_bind_text(st, 4, c->role);
	store_bind_text(st, 5, c->confirmed_by);
	store_bind_text(st, 6, c->confirmed_at);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

int
store_study_conditions(struct store *s, int64_t tenant, int64_t study,
		       int (*cb)(void *arg,
				 const struct store_study_condition *c),
		       void *arg)
{
	static const char sql[] =
	    "SELECT res_condition, role, confirmed_by, confirmed_at"
	    " FROM study_condition WHERE tenant_id = ? AND study_id = ?"
	    " ORDER BY id";
	struct store_study_condition c;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, study);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&c, 0, sizeof c);
		store_col_text(st, 0, c.condition, sizeof c.condition);
		store_col_text(st, 1, c.role, sizeof c.role);
		store_col_text(st, 2, c.confirmed_by, sizeof c.confirmed_by);
		store_col_text(st, 3, c.confirmed_at, sizeof c.confirmed_at);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_study_export_create(struct store *s, int64_t tenant,
			  const struct store_study_export *e, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO study_export (tenant_id, uid, study_id, k,"
	    " generalisation, smallest_class, rows_released, suppressed,"
	    " objected, without_consent, digest, made_at, made_by)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13"
	    " WHERE EXISTS (SELECT 1 FROM study WHERE id = ?3"
	    "               AND tenant_id = ?1)"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "study_export_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, e->uid);
	db_bind_int64(st, 3, e->study_id);
	db_bind_int64(st, 4, e->k);
	db_bind_text(st, 5, e->generalisation);
	db_bind_int64(st, 6, e->smallest_class);
	db_bind_int64(st, 7, e->rows_released);
	db_bind_int64(st, 8, e->suppressed);
	db_bind_int64(st, 9, e->objected);
	db_bind_int64(st, 10, e->without_consent);
	store_bind_text(st, 11, e->digest);
	store_bind_text(st, 12, e->made_at);
	store_bind_text(st, 13, e->made_by);
	return store_insert(s, st, id);
}

int
store_study_exports(struct store *s, int64_t tenant, int64_t study,
		    int (*cb)(void *arg, const struct store_study_export *e),
		    void *arg)
{
	static const char sql[] =
	    "SELECT id, uid, study_id, k, generalisation, smallest_class,"
	    " rows_released, suppressed, objected, without_consent, digest,"
	    " made_at, made_by FROM study_export"
	    " WHERE tenant_id = ? AND study_id = ? ORDER BY id";
	struct store_study_export e;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, study);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&e, 0, sizeof e);
		e.id = db_column_int64(st, 0);
		store_col_text(st, 1, e.uid, sizeof e.uid);
		e.study_id = db_column_int64(st, 2);
		e.k = (int)db_column_int64(st, 3);
		store_col_text(st, 4, e.generalisation,
			       sizeof e.generalisation);
		e.smallest_class = db_column_int64(st, 5);
		e.rows_released = db_column_int64(st, 6);
		e.suppressed = db_column_int64(st, 7);
		e.objected = db_column_int64(st, 8);
		e.without_consent = db_column_int64(st, 9);
		store_col_text(st, 10, e.digest, sizeof e.digest);
		store_col_text(st, 11, e.made_at, sizeof e.made_at);
		store_col_text(st, 12, e.made_by, sizeof e.made_by);
		if ((cbrc = cb(arg, &e)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_study_note_create(struct store *s, int64_t tenant, int64_t subject,
			int64_t study, int64_t export_id, const char *at)
{
	static const char sql[] =
	    "INSERT INTO study_note (tenant_id, subject_id, study_id,"
	    " export_id, noted_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5"
	    " WHERE EXISTS (SELECT 1 FROM subject WHERE id = ?2"
	    "               AND tenant_id = ?1)"
	    "   AND EXISTS (SELECT 1 FROM study_export WHERE id = ?4"
	    "               AND study_id = ?3 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "study_note_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	db_bind_int64(st, 3, study);
	db_bind_int64(st, 4, export_id);
	store_bind_text(st, 5, at);
	return store_exec_some(s, st);
}

int
store_study_notes(struct store *s, int64_t tenant, int64_t subject,
		  int (*cb)(void *arg, const struct store_study_note *n),
		  void *arg)
{
	static const char sql[] =
	    "SELECT s.uid, s.name, e.uid, n.noted_at FROM study_note n"
	    " JOIN study s ON s.id = n.study_id AND s.tenant_id = n.tenant_id"
	    " JOIN study_export e ON e.id = n.export_id"
	    "  AND e.tenant_id = n.tenant_id"
	    " WHERE n.tenant_id = ? AND n.subject_id = ? ORDER BY n.id";
	struct store_study_note n;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&n, 0, sizeof n);
		store_col_text(st, 0, n.study_uid, sizeof n.study_uid);
		store_col_text(st, 1, n.study_name, sizeof n.study_name);
		store_col_text(st, 2, n.export_uid, sizeof n.export_uid);
		store_col_text(st, 3, n.noted_at, sizeof n.noted_at);
		if ((cbrc = cb(arg, &n)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
