/*
 * store_entry.c: record entries, their corrections and the reasons for them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

void
store_entry_release(struct store_entry *e)
{
	if (e != NULL)
		zk_buf_release(&e->content);
}

int
store_entry_create(struct store *s, int64_t tenant, const struct store_entry *e,
		   int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO entry (tenant_id, uid, subject_id, category,"
	    " author_id, purpose, legal_basis, content, created_at,"
	    " corrects_id)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND (?5 IS NULL OR EXISTS (SELECT 1 FROM staff_user"
	    "               WHERE id = ?5 AND tenant_id = ?1))"
	    "   AND (?10 IS NULL OR EXISTS (SELECT 1 FROM entry"
	    "               WHERE id = ?10 AND tenant_id = ?1)) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "entry_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, e->uid);
	db_bind_int64(st, 3, e->subject_id);
	store_bind_text(st, 4, e->category);
	store_bind_id(st, 5, e->author_id);
	store_bind_text(st, 6, e->purpose);
	store_bind_text(st, 7, e->legal_basis);
	db_bind_blob(st, 8, e->content.data, e->content.len);
	store_bind_text(st, 9, e->created_at);
	store_bind_id(st, 10, e->corrects_id);
	return store_insert(s, st, id);
}

#define STORE_ENTRY_COLS                                                       \
	"e.id, e.uid, e.subject_id, e.category, e.author_id,"                  \
	" coalesce(u.uid, ''), e.purpose, e.legal_basis, e.content,"           \
	" e.created_at, e.corrects_id, coalesce(c.uid, ''), e.status, s.uid,"  \
	" e.meta_mac"
#define STORE_ENTRY_FROM                                                       \
	" FROM entry e JOIN subject s ON s.id = e.subject_id"                  \
	" LEFT JOIN staff_user u ON u.id = e.author_id"                        \
	" LEFT JOIN entry c ON c.id = e.corrects_id"

static int
store_entry_row(struct db_stmt *st, struct store_entry *e)
{
	e->id = db_column_int64(st, 0);
	store_col_text(st, 1, e->uid, sizeof e->uid);
	e->subject_id = db_column_int64(st, 2);
	store_col_text(st, 3, e->category, sizeof e->category);
	e->author_id = db_column_int64(st, 4);
	store_col_text(st, 5, e->author_uid, sizeof e->author_uid);
	store_col_text(st, 6, e->purpose, sizeof e->purpose);
	store_col_text(st, 7, e->legal_basis, sizeof e->legal_basis);
	store_col_text(st, 9, e->created_at, sizeof e->created_at);
	e->corrects_id = db_column_int64(st, 10);
	store_col_text(st, 11, e->corrects_uid, sizeof e->corrects_uid);
	store_col_text(st, 12, e->status, sizeof e->status);
	store_col_text(st, 13, e->subject_uid, sizeof e->subject_uid);
	e->meta_mac_len = (int)db_column_bytes(st, 14);
	memset(e->meta_mac, 0, sizeof e->meta_mac);
	if (e->meta_mac_len == (int)sizeof e->meta_mac)
		memcpy(e->meta_mac, db_column_blob(st, 14), sizeof e->meta_mac);
	return store_col_buf(st, 8, &e->content);
}

int
store_entry_get(struct store *s, int64_t tenant, const char *uid,
		struct store_entry *out)
{
	static const char sql[] = "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
				  " WHERE e.tenant_id = ? AND e.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc, r2 = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW)
		r2 = store_entry_row(st, out);
	store_done(s, st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
	return r2;
}

int
store_entry_list(struct store *s, int64_t tenant, int64_t subject,
		 const char *category,
		 int (*cb)(void *arg, const struct store_entry *e), void *arg)
{
	/* Two statements, so that each uses the index fully. */
	static const char all[] =
	    "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
	    " WHERE e.tenant_id = ?1 AND e.subject_id = ?2"
	    " ORDER BY e.id";
	static const char one[] =
	    "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
	    " WHERE e.tenant_id = ?1 AND e.subject_id = ?2"
	    "   AND e.category = ?3 ORDER BY e.id";
	struct db_stmt *st = store_stmt(s, tenant, category ? one : all);
	struct store_entry e;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&e, 0, sizeof e);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	if (category != NULL)
		store_bind_text(st, 3, category);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_entry_row(st, &e)) != 0 ||
		    (cbrc = cb(arg, &e)) != 0)
			break;
	}
	store_done(s, st);
	store_entry_release(&e);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_entry_mark_corrected(struct store *s, int64_t tenant, int64_t id)
{
	static const char sql[] = "UPDATE entry SET status = 'corrected'"
				  " WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "entry_mark_corrected", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	return store_exec_some(s, st);
}

int
store_entry_reason_put(struct store *s, int64_t tenant, int64_t entry,
		       const unsigned char *reason, size_t len)
{
	static const char sql[] =
	    "INSERT INTO entry_correction (entry_id, tenant_id, reason)"
	    " SELECT ?2, ?1, ?3"
	    " WHERE EXISTS (SELECT 1 FROM entry WHERE id = ?2"
	    "               AND tenant_id = ?1 AND corrects_id IS NOT NULL)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "entry_reason_put", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, entry);
	db_bind_blob(st, 3, reason, len);
	return store_insert(s, st, NULL);
}

int
store_entry_reason_get(struct store *s, int64_t tenant, int64_t entry,
		       struct zk_buf *out)
{
	static const char sql[] = "SELECT reason FROM entry_correction"
				  " WHERE tenant_id = ? AND entry_id = ?";
	struct db_stmt *st;
	int rc, r2 = 0;

	if ((rc = store_op(s, tenant, "entry_reason_get", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, entry);
	rc = db_step(st);
	if (rc == DB_ROW)
		r2 = store_col_buf(st, 0, out);
	store_done(s, st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
	return r2;
}

int
store_entry_corrected_by(struct store *s, int64_t tenant, int64_t entry,
			 char uid[ZK_UUID_LEN])
{
	static const char sql[] = "SELECT uid FROM entry"
				  " WHERE tenant_id = ? AND corrects_id = ?"
				  " ORDER BY id LIMIT 1";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "entry_corrected_by", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, entry);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_entry_set_mac(struct store *s, int64_t tenant, const char *uid,
		    const unsigned char mac[32])
{
	static const char sql[] = "UPDATE entry SET meta_mac = ?3"
				  " WHERE tenant_id = ?1 AND uid = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "entry_set_mac", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	db_bind_blob(st, 3, mac, 32);
	return store_exec_some(s, st);
}

int
store_entry_unbound(struct store *s, int64_t tenant,
		    int (*cb)(void *arg, const struct store_entry *e),
		    void *arg)
{
	static const char sql[] = "SELECT " STORE_ENTRY_COLS STORE_ENTRY_FROM
				  " WHERE e.tenant_id = ?1"
				  "   AND e.meta_mac IS NULL ORDER BY e.id";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	struct store_entry e;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	memset(&e, 0, sizeof e);
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_entry_row(st, &e)) != 0 ||
		    (cbrc = cb(arg, &e)) != 0)
			break;
	}
	store_done(s, st);
	store_entry_release(&e);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
