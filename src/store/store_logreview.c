/*
 * store_logreview.c: the log review's queries and marks
 * (store_logreview.h, migration 034). The scans read audit_log through
 * its (tenant_id, ts) index, so a report's cost follows the period asked
 * for, not the size of the log.
 */
#include <string.h>

#include "store/store_int.h"
#include "store/store_logreview.h"

#define STORE_LR_COLS                                                          \
	"a.seq, a.ts, a.event, a.action, a.outcome, a.reason, a.rule,"         \
	" a.user_uid, a.user_role, a.subject_uid, a.object_type,"              \
	" a.object_uid, a.category, a.break_glass_ref"

/* A person's act: the system's own tasks are not reviewed. */
#define STORE_LR_PERSON " AND a.user_uid NOT LIKE 'system:%'"

int
store_lr_scan(struct store *s, int64_t tenant, enum store_lr_which which,
	      const char *from, const char *to,
	      int (*cb)(void *arg, const struct store_lr_row *r), void *arg)
{
	static const char refused[] =
	    "SELECT " STORE_LR_COLS ", NULL FROM audit_log a"
	    " WHERE a.tenant_id = ? AND a.ts >= ? AND a.ts < ?"
	    " AND a.outcome = 'refused'" STORE_LR_PERSON
	    " ORDER BY a.ts, a.seq";
	static const char access[] =
	    "SELECT " STORE_LR_COLS ", NULL FROM audit_log a"
	    " WHERE a.tenant_id = ? AND a.ts >= ? AND a.ts < ?"
	    " AND a.outcome = 'success' AND a.subject_uid IS NOT "
	    "NULL" STORE_LR_PERSON " ORDER BY a.ts, a.seq";
	static const char colleague[] =
	    "SELECT " STORE_LR_COLS ", u.uid FROM audit_log a"
	    " JOIN subject x ON x.tenant_id = a.tenant_id"
	    "  AND x.uid = a.subject_uid"
	    " JOIN staff_subject l ON l.tenant_id = x.tenant_id"
	    "  AND l.subject_id = x.id"
	    " JOIN staff_user u ON u.id = l.user_id"
	    " WHERE a.tenant_id = ? AND a.ts >= ? AND a.ts < ?"
	    " AND a.outcome = 'success' AND a.action = 'R'"
	    " AND a.user_uid <> u.uid" STORE_LR_PERSON " ORDER BY a.ts, a.seq";
	static const char public_figure[] =
	    "SELECT " STORE_LR_COLS ", NULL FROM audit_log a"
	    " JOIN subject x ON x.tenant_id = a.tenant_id"
	    "  AND x.uid = a.subject_uid"
	    " JOIN subject_public_figure f ON f.tenant_id = x.tenant_id"
	    "  AND f.subject_id = x.id"
	    " WHERE a.tenant_id = ? AND a.ts >= ? AND a.ts < ?"
	    " AND a.outcome = 'success' AND a.action = 'R'" STORE_LR_PERSON
	    " ORDER BY a.ts, a.seq";
	const char *sql = which == STORE_LR_REFUSED	     ? refused
			  : which == STORE_LR_SUBJECT_ACCESS ? access
			  : which == STORE_LR_COLLEAGUE	     ? colleague
							     : public_figure;
	struct store_lr_row r;
	struct db_stmt *st;
	int rc, cbrc = 0;

	/* Not cached: the callback may use other statements. */
	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return store_code(rc);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, from);
	store_bind_text(st, 3, to);
	while ((rc = db_step(st)) == DB_ROW) {
		int i = 0;

		memset(&r, 0, sizeof r);
		r.seq = db_column_int64(st, i++);
		r.ts = db_column_text(st, i++);
		r.event = db_column_text(st, i++);
		r.action = db_column_text(st, i++);
		r.outcome = db_column_text(st, i++);
		r.reason = db_column_text(st, i++);
		r.rule = db_column_text(st, i++);
		r.user_uid = db_column_text(st, i++);
		r.user_role = db_column_text(st, i++);
		r.subject_uid = db_column_text(st, i++);
		r.object_type = db_column_text(st, i++);
		r.object_uid = db_column_text(st, i++);
		r.category = db_column_text(st, i++);
		r.break_glass_ref = db_column_text(st, i++);
		r.linked_user = db_column_text(st, i++);
		if ((cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/* 1 when sql (binding ?1 tenant, ?2 id) finds a row, 0 when not. */
static int
store_lr_exists(struct store *s, int64_t tenant, const char *op,
		const char *sql, int64_t id, int *found)
{
	struct db_stmt *st;
	int rc;

	*found = 0;
	if ((rc = store_op(s, tenant, op, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	rc = db_step(st);
	store_done(s, st);
	if (rc == DB_ROW)
		*found = 1;
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_code(rc);
}

int
store_lr_colleague_set(struct store *s, int64_t tenant, int64_t user,
		       int64_t subject, const char *at, const char *by)
{
	static const char by_user[] = "SELECT 1 FROM staff_subject"
				      " WHERE tenant_id = ? AND user_id = ?";
	static const char by_subject[] = "SELECT 1 FROM staff_subject WHERE "
					 "tenant_id = ? AND subject_id = ?";
	static const char sql[] =
	    "INSERT INTO staff_subject (tenant_id, user_id, subject_id,"
	    " created_at, created_by) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc, found;

	/* Asked first: on PostgreSQL a failed INSERT ends the transaction,
	 * and the refusal must still be logged in it. */
	if ((rc = store_lr_exists(s, tenant, "staff_subject_find", by_user,
				  user, &found)) != 0)
		return rc;
	if (found)
		return ZK_EEXIST;
	if ((rc = store_lr_exists(s, tenant, "staff_subject_find", by_subject,
				  subject, &found)) != 0)
		return rc;
	if (found)
		return ZK_EEXIST;
	if ((rc = store_op(s, tenant, "staff_subject_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	store_bind_text(st, 4, at);
	store_bind_text(st, 5, by);
	return store_exec_stmt(s, st);
}

int
store_lr_colleague_clear(struct store *s, int64_t tenant, int64_t user)
{
	static const char sql[] =
	    "DELETE FROM staff_subject WHERE tenant_id = ? AND user_id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "staff_subject_clear", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	return store_exec_some(s, st);
}

int
store_lr_colleague_get(struct store *s, int64_t tenant, int64_t user,
		       char subject_uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT x.uid FROM staff_subject l"
	    " JOIN subject x ON x.id = l.subject_id AND x.tenant_id ="
	    " l.tenant_id WHERE l.tenant_id = ? AND l.user_id = ?";
	struct db_stmt *st;
	int rc;

	subject_uid[0] = '\0';
	if ((rc = store_op(s, tenant, "staff_subject_get", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, subject_uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_code(rc);
}

int
store_lr_colleague_of(struct store *s, int64_t tenant, int64_t subject,
		      char user_uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT u.uid FROM staff_subject l"
	    " JOIN staff_user u ON u.id = l.user_id AND u.tenant_id ="
	    " l.tenant_id WHERE l.tenant_id = ? AND l.subject_id = ?";
	struct db_stmt *st;
	int rc;

	user_uid[0] = '\0';
	if ((rc = store_op(s, tenant, "staff_subject_of", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_col_text(st, 0, user_uid, ZK_UUID_LEN);
	store_done(s, st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_code(rc);
}

int
store_lr_public_set(struct store *s, int64_t tenant, int64_t subject,
		    const char *at, const char *by)
{
	static const char find[] = "SELECT 1 FROM subject_public_figure"
				   " WHERE tenant_id = ? AND subject_id = ?";
	static const char sql[] =
	    "INSERT INTO subject_public_figure (tenant_id, subject_id,"
	    " set_at, set_by) VALUES (?, ?, ?, ?)";
	struct db_stmt *st;
	int rc, found;

	if ((rc = store_lr_exists(s, tenant, "public_figure_find", find,
				  subject, &found)) != 0)
		return rc;
	if (found)
		return ZK_EEXIST;
	if ((rc = store_op(s, tenant, "public_figure_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	store_bind_text(st, 3, at);
	store_bind_text(st, 4, by);
	return store_exec_stmt(s, st);
}

int
store_lr_public_clear(struct store *s, int64_t tenant, int64_t subject)
{
	static const char sql[] = "DELETE FROM subject_public_figure"
				  " WHERE tenant_id = ? AND subject_id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "public_figure_clear", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	return store_exec_some(s, st);
}

int
store_lr_public_get(struct store *s, int64_t tenant, int64_t subject,
		    int *flagged)
{
	static const char find[] = "SELECT 1 FROM subject_public_figure"
				   " WHERE tenant_id = ? AND subject_id = ?";

	return store_lr_exists(s, tenant, "public_figure_find", find, subject,
			       flagged);
}
