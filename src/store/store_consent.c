/*
 * store_consent.c: representatives, capacity, consents and objections.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

void
store_representative_release(struct store_representative *r)
{
	if (r != NULL)
		zk_buf_release(&r->name);
}

int
store_representative_create(struct store *s, int64_t tenant,
			    const struct store_representative *r, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO representative (tenant_id, uid, subject_id, kind,"
	    " name, declines, absent, created_at, legal_consent)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "representative_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	db_bind_int64(st, 3, r->subject_id);
	store_bind_text(st, 4, r->kind);
	db_bind_blob(st, 5, r->name.data, r->name.len);
	db_bind_int64(st, 6, r->declines != 0);
	db_bind_int64(st, 7, r->absent != 0);
	store_bind_text(st, 8, r->created_at);
	db_bind_int64(st, 9, r->legal_consent != 0);
	return store_insert(s, st, id);
}

int
store_representative_list(struct store *s, int64_t tenant, int64_t subject,
			  int (*cb)(void *arg,
				    const struct store_representative *r),
			  void *arg)
{
	static const char sql[] =
	    "SELECT id, uid, subject_id, kind, name, declines, absent,"
	    " created_at, legal_consent FROM representative"
	    " WHERE tenant_id = ? AND subject_id = ? AND ended_at IS NULL"
	    " ORDER BY id";
	struct store_representative r;
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&r, 0, sizeof r);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		r.id = db_column_int64(st, 0);
		store_col_text(st, 1, r.uid, sizeof r.uid);
		r.subject_id = db_column_int64(st, 2);
		store_col_text(st, 3, r.kind, sizeof r.kind);
		r.declines = (int)db_column_int64(st, 5);
		r.absent = (int)db_column_int64(st, 6);
		store_col_text(st, 7, r.created_at, sizeof r.created_at);
		r.legal_consent = (int)db_column_int64(st, 8);
		if ((cbrc = store_col_buf(st, 4, &r.name)) != 0 ||
		    (cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	store_representative_release(&r);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_capacity_create(struct store *s, int64_t tenant,
		      const struct store_capacity *c)
{
	static const char sql[] =
	    "INSERT INTO capacity_assessment (tenant_id, uid, subject_id, able,"
	    " assessed_on, assessed_by, matter, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "capacity_create", sql, &st)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, c->uid);
	db_bind_int64(st, 3, c->subject_id);
	db_bind_int64(st, 4, c->able != 0);
	store_bind_text(st, 5, c->assessed_on);
	store_bind_text(st, 6, c->assessed_by);
	db_bind_blob(st, 7, c->matter, c->matter_len);
	store_bind_text(st, 8, now);
	return store_exec_some(s, st);
}

int
store_capacity_list(struct store *s, int64_t tenant, int64_t subject,
		    int (*cb)(void *arg, const struct store_capacity *c),
		    void *arg)
{
	static const char sql[] =
	    "SELECT uid, subject_id, able, assessed_on, assessed_by, matter,"
	    " scope, lapses_on FROM capacity_assessment WHERE tenant_id = ? "
	    "AND subject_id = ?"
	    " ORDER BY assessed_on DESC, id DESC";
	struct store_capacity c;
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&c, 0, sizeof c);
		store_col_text(st, 0, c.uid, sizeof c.uid);
		c.subject_id = db_column_int64(st, 1);
		c.able = (int)db_column_int64(st, 2);
		store_col_text(st, 3, c.assessed_on, sizeof c.assessed_on);
		store_col_text(st, 4, c.assessed_by, sizeof c.assessed_by);
		c.matter = db_column_blob(st, 5);
		c.matter_len = db_column_bytes(st, 5);
		store_col_text(st, 6, c.scope, sizeof c.scope);
		store_col_text(st, 7, c.lapses_on, sizeof c.lapses_on);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_consent_create(struct store *s, int64_t tenant,
		     const struct store_consent *c)
{
	static const char sql[] =
	    "INSERT INTO consent (tenant_id, uid, subject_id, "
	    "representative_id,"
	    " representative_basis, form, evidence, explicit, purpose,"
	    " categories, recipient_kind, valid_from, valid_until, given_at,"
	    " recorded_by, recipient)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15, ?16"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND (?4 IS NULL OR EXISTS (SELECT 1 FROM representative"
	    "        WHERE id = ?4 AND tenant_id = ?1 AND subject_id = ?3))";
	struct db_stmt *st;
	int rc, i = 1;

	if ((rc = store_op(s, tenant, "consent_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, i++, tenant);
	store_bind_text(st, i++, c->uid);
	db_bind_int64(st, i++, c->subject_id);
	store_bind_id(st, i++, c->representative_id);
	store_bind_text(st, i++, c->representative_basis);
	store_bind_text(st, i++, c->form);
	store_bind_text(st, i++, c->evidence);
	db_bind_int64(st, i++, c->explicit_consent != 0);
	store_bind_text(st, i++, c->purpose);
	store_bind_text(st, i++, c->categories);
	store_bind_text(st, i++, c->recipient_kind);
	store_bind_text(st, i++, c->valid_from);
	store_bind_text(st, i++, c->valid_until);
	store_bind_text(st, i++, c->given_at);
	store_bind_text(st, i++, c->recorded_by);
	store_bind_text(st, i++, c->recipient);
	return store_exec_some(s, st);
}

#define STORE_CONSENT_COLS                                                     \
	"c.id, c.uid, c.subject_id, coalesce(c.representative_id, 0),"         \
	" coalesce(r.uid, ''), c.representative_basis, c.form, c.evidence,"    \
	" c.explicit, c.purpose, c.categories, c.recipient_kind,"              \
	" c.valid_from, c.valid_until, c.given_at, c.recorded_by,"             \
	" c.withdrawn_at, c.recipient, coalesce(c.withdrawn_by, ''),"          \
	" coalesce(c.withdrawn_basis, '') FROM consent c"                      \
	" LEFT JOIN representative r ON r.id = c.representative_id"

static void
store_consent_row(struct db_stmt *st, struct store_consent *c)
{
	int i = 0;

	memset(c, 0, sizeof *c);
	c->id = db_column_int64(st, i++);
	store_col_text(st, i++, c->uid, sizeof c->uid);
	c->subject_id = db_column_int64(st, i++);
	c->representative_id = db_column_int64(st, i++);
	store_col_text(st, i++, c->representative_uid,
		       sizeof c->representative_uid);
	store_col_text(st, i++, c->representative_basis,
		       sizeof c->representative_basis);
	store_col_text(st, i++, c->form, sizeof c->form);
	store_col_text(st, i++, c->evidence, sizeof c->evidence);
	c->explicit_consent = (int)db_column_int64(st, i++);
	store_col_text(st, i++, c->purpose, sizeof c->purpose);
	store_col_text(st, i++, c->categories, sizeof c->categories);
	store_col_text(st, i++, c->recipient_kind, sizeof c->recipient_kind);
	store_col_text(st, i++, c->valid_from, sizeof c->valid_from);
	store_col_text(st, i++, c->valid_until, sizeof c->valid_until);
	store_col_text(st, i++, c->given_at, sizeof c->given_at);
	store_col_text(st, i++, c->recorded_by, sizeof c->recorded_by);
	store_col_text(st, i++, c->withdrawn_at, sizeof c->withdrawn_at);
	store_col_text(st, i++, c->recipient, sizeof c->recipient);
	store_col_text(st, i++, c->withdrawn_by, sizeof c->withdrawn_by);
	store_col_text(st, i++, c->withdrawn_basis, sizeof c->withdrawn_basis);
}

int
store_consent_get(struct store *s, int64_t tenant, const char *uid,
		  struct store_consent *out)
{
	static const char sql[] =
	    "SELECT " STORE_CONSENT_COLS " WHERE c.tenant_id = ? AND c.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_consent_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_consent_list(struct store *s, int64_t tenant, int64_t subject,
		   int (*cb)(void *arg, const struct store_consent *c),
		   void *arg)
{
	static const char sql[] = "SELECT " STORE_CONSENT_COLS
				  " WHERE c.tenant_id = ? AND c.subject_id = ?"
				  " ORDER BY c.id";
	struct store_consent c;
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		store_consent_row(st, &c);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_consent_withdraw(struct store *s, int64_t tenant, const char *uid,
		       const char *when, const char *by, const char *basis)
{
	static const char sql[] =
	    "UPDATE consent SET withdrawn_at = ?, withdrawn_by = ?,"
	    " withdrawn_basis = ?"
	    " WHERE tenant_id = ? AND uid = ? AND withdrawn_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "consent_withdraw", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, when);
	store_bind_text(st, 2, by);
	store_bind_text(st, 3, basis);
	db_bind_int64(st, 4, tenant);
	store_bind_text(st, 5, uid);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	return db_changes(s->db) == 1 ? 0 : ZK_ECONFLICT;
}

int
store_consent_active(struct store *s, int64_t tenant, int64_t subject,
		     const char *purpose, const char *category, const char *day,
		     int need_explicit, char uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT uid FROM consent"
	    " WHERE tenant_id = ?1 AND subject_id = ?2 AND purpose = ?3"
	    "   AND withdrawn_at IS NULL AND valid_from <= ?5"
	    "   AND (valid_until IS NULL OR valid_until >= ?5)"
	    "   AND instr(',' || categories || ',', ',' || ?4 || ',') > 0"
	    "   AND (?6 = 0 OR explicit = 1)"
	    " ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, purpose);
	store_bind_text(st, 4, category);
	store_bind_text(st, 5, day);
	db_bind_int64(st, 6, need_explicit != 0);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_objection_create(struct store *s, int64_t tenant,
		       const struct store_objection *o)
{
	static const char sql[] =
	    "INSERT INTO objection (tenant_id, uid, subject_id, purpose,"
	    " recipient_kind, representative_id, registered_at, registered_by,"
	    " representative_basis)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "objection_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, o->uid);
	db_bind_int64(st, 3, o->subject_id);
	store_bind_text(st, 4, o->purpose);
	store_bind_text(st, 5, o->recipient_kind);
	store_bind_id(st, 6, o->representative_id);
	store_bind_text(st, 7, o->registered_at);
	store_bind_text(st, 8, o->registered_by);
	store_bind_text(st, 9, o->representative_basis);
	return store_exec_some(s, st);
}

int
store_objection_active(struct store *s, int64_t tenant, int64_t subject,
		       const char *purpose, const char *recipient_kind,
		       char uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT uid FROM objection WHERE tenant_id = ?1 AND subject_id = ?2"
	    " AND lifted_at IS NULL"
	    " AND ((?3 IS NOT NULL AND purpose = ?3)"
	    "      OR (?3 IS NULL AND recipient_kind = ?4))"
	    " ORDER BY id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, purpose);
	store_bind_text(st, 4, recipient_kind);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_objection_list(struct store *s, int64_t tenant, int64_t subject,
		     int (*cb)(void *arg, const struct store_objection *o),
		     void *arg)
{
	static const char sql[] =
	    "SELECT o.uid, o.subject_id, coalesce(o.purpose, ''),"
	    " coalesce(o.recipient_kind, ''), coalesce(o.representative_id, 0),"
	    " coalesce(o.representative_basis, ''), o.registered_at,"
	    " o.registered_by, coalesce(r.uid, ''), coalesce(o.lifted_at, '')"
	    " FROM objection o"
	    " LEFT JOIN representative r ON r.id = o.representative_id"
	    " WHERE o.tenant_id = ? AND o.subject_id = ? ORDER BY o.id";
	struct store_objection o;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_op(s, tenant, "objection_list", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&o, 0, sizeof o);
		store_col_text(st, 0, o.uid, sizeof o.uid);
		o.subject_id = db_column_int64(st, 1);
		store_col_text(st, 2, o.purpose, sizeof o.purpose);
		store_col_text(st, 3, o.recipient_kind,
			       sizeof o.recipient_kind);
		o.representative_id = db_column_int64(st, 4);
		store_col_text(st, 5, o.representative_basis,
			       sizeof o.representative_basis);
		store_col_text(st, 6, o.registered_at, sizeof o.registered_at);
		store_col_text(st, 7, o.registered_by, sizeof o.registered_by);
		store_col_text(st, 8, o.representative_uid,
			       sizeof o.representative_uid);
		store_col_text(st, 9, o.lifted_at, sizeof o.lifted_at);
		if ((cbrc = cb(arg, &o)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
