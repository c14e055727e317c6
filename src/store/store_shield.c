/*
 * store_shield.c: shields (SHD-1) and restrictions (RST-1) of a
 * subject's data, migration 026.
 */
#include <string.h>

#include "store/store_int.h"
#include "store/store_shield.h"

int
store_shield_add(struct store *s, int64_t tenant, const struct store_shield *sh,
		 int64_t *id)
{
	/* The entry, when one is shielded, is the subject's own. */
	static const char sql[] =
	    "INSERT INTO shield (tenant_id, uid, subject_id, entry_id,"
	    " category, by_user, request_id, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND (?4 IS NULL OR EXISTS (SELECT 1 FROM entry"
	    "               WHERE id = ?4 AND tenant_id = ?1"
	    "                 AND subject_id = ?3))"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "shield_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, sh->uid);
	db_bind_int64(st, 3, sh->subject_id);
	store_bind_id(st, 4, sh->entry_id);
	store_bind_text(st, 5, sh->category);
	store_bind_text(st, 6, sh->by_user);
	store_bind_id(st, 7, sh->request_id);
	store_bind_text(st, 8, sh->created_at);
	return store_insert(s, st, id);
}

#define STORE_SHIELD_COLS                                                      \
	"h.id, h.uid, h.subject_id, x.uid, coalesce(h.entry_id, 0),"           \
	" coalesce(e.uid, ''), coalesce(h.category, ''), h.by_user,"           \
	" coalesce(h.request_id, 0), coalesce(r.uid, ''), h.created_at,"       \
	" coalesce(h.lifted_at, ''), coalesce(h.lifted_by, '')"                \
	" FROM shield h JOIN subject x ON x.id = h.subject_id"                 \
	" LEFT JOIN entry e ON e.id = h.entry_id"                              \
	" LEFT JOIN request r ON r.id = h.request_id"

static void
store_shield_row(struct db_stmt *st, struct store_shield *h)
{
	memset(h, 0, sizeof *h);
	h->id = db_column_int64(st, 0);
	store_col_text(st, 1, h->uid, sizeof h->uid);
	h->subject_id = db_column_int64(st, 2);
	store_col_text(st, 3, h->subject_uid, sizeof h->subject_uid);
	h->entry_id = db_column_int64(st, 4);
	store_col_text(st, 5, h->entry_uid, sizeof h->entry_uid);
	store_col_text(st, 6, h->category, sizeof h->category);
	store_col_text(st, 7, h->by_user, sizeof h->by_user);
	h->request_id = db_column_int64(st, 8);
	store_col_text(st, 9, h->request_uid, sizeof h->request_uid);
	store_col_text(st, 10, h->created_at, sizeof h->created_at);
	store_col_text(st, 11, h->lifted_at, sizeof h->lifted_at);
	store_col_text(st, 12, h->lifted_by, sizeof h->lifted_by);
}

int
store_shield_get(struct store *s, int64_t tenant, const char *uid,
		 struct store_shield *out)
{
	static const char sql[] =
	    "SELECT " STORE_SHIELD_COLS " WHERE h.tenant_id = ? AND h.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	if ((rc = db_step(st)) == DB_ROW)
		store_shield_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_shield_lift(struct store *s, int64_t tenant, int64_t id, const char *by,
		  const char *at)
{
	static const char sql[] =
	    "UPDATE shield SET lifted_at = ?3, lifted_by = ?4"
	    " WHERE tenant_id = ?1 AND id = ?2 AND lifted_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "shield_lift", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, by);
	return store_exec_some(s, st);
}

int
store_shield_list(struct store *s, int64_t tenant, int64_t subject,
		  int (*cb)(void *arg, const struct store_shield *sh),
		  void *arg)
{
	static const char sql[] = "SELECT " STORE_SHIELD_COLS
				  " WHERE h.tenant_id = ? AND h.subject_id = ?"
				  " ORDER BY h.id";
	struct store_shield h;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		store_shield_row(st, &h);
		if ((cbrc = cb(arg, &h)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_shield_hidden(struct store *s, int64_t tenant, int64_t subject,
		    int (*cb)(void *arg, int64_t entry, const char *category),
		    void *arg)
{
	/*
	 * COR-2 keeps an original beside its corrections: shielding one
	 * version hides the whole chain, or the others would show it.
	 */
	static const char sql[] =
	    "WITH RECURSIVE"
	    " base(id) AS (SELECT entry_id FROM shield"
	    "   WHERE tenant_id = ?1 AND subject_id = ?2"
	    "     AND entry_id IS NOT NULL AND lifted_at IS NULL),"
	    " down(id) AS (SELECT id FROM base UNION"
	    "   SELECT e.id FROM entry e JOIN down d ON e.corrects_id = d.id"
	    "   WHERE e.tenant_id = ?1),"
	    " up(id) AS (SELECT id FROM base UNION"
	    "   SELECT e.corrects_id FROM entry e JOIN up u ON e.id = u.id"
	    "   WHERE e.tenant_id = ?1 AND e.corrects_id IS NOT NULL)"
	    " SELECT id, CAST(NULL AS TEXT) FROM down"
	    " UNION SELECT id, CAST(NULL AS TEXT) FROM up"
	    " UNION SELECT 0, category FROM shield"
	    "   WHERE tenant_id = ?1 AND subject_id = ?2"
	    "     AND category IS NOT NULL AND lifted_at IS NULL";
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		const char *c =
		    db_column_null(st, 1) ? NULL : db_column_text(st, 1);

		if ((cbrc = cb(arg, id, c)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/* --- restrictions (RST-1) ------------------------------------------------ */

int
store_restriction_add(struct store *s, int64_t tenant,
		      const struct store_restriction *r, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO restriction (tenant_id, uid, subject_id, ground,"
	    " request_id, by_user, started_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "restriction_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	db_bind_int64(st, 3, r->subject_id);
	store_bind_text(st, 4, r->ground);
	store_bind_id(st, 5, r->request_id);
	store_bind_text(st, 6, r->by_user);
	store_bind_text(st, 7, r->started_at);
	return store_insert(s, st, id);
}

#define STORE_RESTRICTION_COLS                                                 \
	"h.id, h.uid, h.subject_id, x.uid, h.ground,"                          \
	" coalesce(h.request_id, 0), coalesce(r.uid, ''), h.by_user,"          \
	" h.started_at, coalesce(h.notice_at, ''),"                            \
	" coalesce(h.notice_channel, ''), coalesce(h.notice_by, ''),"          \
	" coalesce(h.lifted_at, ''), coalesce(h.lifted_by, '')"                \
	" FROM restriction h JOIN subject x ON x.id = h.subject_id"            \
	" LEFT JOIN request r ON r.id = h.request_id"

static void
store_restriction_row(struct db_stmt *st, struct store_restriction *h)
{
	memset(h, 0, sizeof *h);
	h->id = db_column_int64(st, 0);
	store_col_text(st, 1, h->uid, sizeof h->uid);
	h->subject_id = db_column_int64(st, 2);
	store_col_text(st, 3, h->subject_uid, sizeof h->subject_uid);
	store_col_text(st, 4, h->ground, sizeof h->ground);
	h->request_id = db_column_int64(st, 5);
	store_col_text(st, 6, h->request_uid, sizeof h->request_uid);
	store_col_text(st, 7, h->by_user, sizeof h->by_user);
	store_col_text(st, 8, h->started_at, sizeof h->started_at);
	store_col_text(st, 9, h->notice_at, sizeof h->notice_at);
	store_col_text(st, 10, h->notice_channel, sizeof h->notice_channel);
	store_col_text(st, 11, h->notice_by, sizeof h->notice_by);
	store_col_text(st, 12, h->lifted_at, sizeof h->lifted_at);
	store_col_text(st, 13, h->lifted_by, sizeof h->lifted_by);
}

/* The one row of sql (bound to tenant and v) into out. */
static int
store_restriction_one(struct store *s, int64_t tenant, const char *sql,
		      const char *uid, int64_t subject,
		      struct store_restriction *out)
{
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	if (uid != NULL)
		store_bind_text(st, 2, uid);
	else
		db_bind_int64(st, 2, subject);
	if ((rc = db_step(st)) == DB_ROW)
		store_restriction_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_restriction_get(struct store *s, int64_t tenant, const char *uid,
		      struct store_restriction *out)
{
	static const char sql[] = "SELECT " STORE_RESTRICTION_COLS
				  " WHERE h.tenant_id = ? AND h.uid = ?";

	return store_restriction_one(s, tenant, sql, uid, 0, out);
}

int
store_restriction_active(struct store *s, int64_t tenant, int64_t subject,
			 struct store_restriction *out)
{
	static const char sql[] = "SELECT " STORE_RESTRICTION_COLS
				  " WHERE h.tenant_id = ? AND h.subject_id = ?"
				  "   AND h.lifted_at IS NULL"
				  " ORDER BY h.id LIMIT 1";

	return store_restriction_one(s, tenant, sql, NULL, subject, out);
}

int
store_restriction_notice(struct store *s, int64_t tenant, int64_t id,
			 const char *channel, const char *by, const char *at)
{
	static const char sql[] =
	    "UPDATE restriction SET notice_at = ?3, notice_channel = ?4,"
	    " notice_by = ?5"
	    " WHERE tenant_id = ?1 AND id = ?2 AND lifted_at IS NULL"
	    "   AND notice_at IS NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "restriction_notice", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, channel);
	store_bind_text(st, 5, by);
	return store_exec_some(s, st);
}

int
store_restriction_lift(struct store *s, int64_t tenant, int64_t id,
		       const char *by, const char *at)
{
	static const char sql[] =
	    "UPDATE restriction SET lifted_at = ?3, lifted_by = ?4"
	    " WHERE tenant_id = ?1 AND id = ?2 AND lifted_at IS NULL"
	    "   AND notice_at IS NOT NULL";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "restriction_lift", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, by);
	return store_exec_some(s, st);
}
