/*
 * store_disclosure.c: recipients, disclosures and their items, and the
 * notices to recipients of a later change (DIS-1, DIS-4, COR-3). Every
 * query names its tenant; an insert that refers to another row checks
 * that the row is of the same tenant, so that ids of another
 * organisation are not found (SCOPE-3).
 */
#include <string.h>

#include "store/store_disclosure.h"
#include "store/store_int.h"

int
store_recipient_create(struct store *s, int64_t tenant,
		       const struct store_recipient *r, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO recipient (tenant_id, uid, name, kind, country,"
	    " certified, confidentiality, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "recipient_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	store_bind_text(st, 3, r->name);
	store_bind_text(st, 4, r->kind);
	store_bind_text(st, 5, r->country);
	db_bind_int64(st, 6, r->certified != 0);
	store_bind_text(st, 7, r->confidentiality);
	store_bind_text(st, 8, r->created_at);
	store_bind_text(st, 9, r->created_by);
	return store_insert(s, st, id);
}

#define STORE_RECIPIENT_COLS                                                   \
	"r.id, r.uid, r.name, r.kind, r.country, r.certified,"                 \
	" r.confidentiality, r.created_at, r.created_by"

/* Fills r from STORE_RECIPIENT_COLS starting at column i. */
static void
store_recipient_row(struct db_stmt *st, int i, struct store_recipient *r)
{
	r->id = db_column_int64(st, i);
	store_col_text(st, i + 1, r->uid, sizeof r->uid);
	store_col_text(st, i + 2, r->name, sizeof r->name);
	store_col_text(st, i + 3, r->kind, sizeof r->kind);
	store_col_text(st, i + 4, r->country, sizeof r->country);
	r->certified = db_column_int64(st, i + 5) != 0;
	store_col_text(st, i + 6, r->confidentiality,
		       sizeof r->confidentiality);
	store_col_text(st, i + 7, r->created_at, sizeof r->created_at);
	store_col_text(st, i + 8, r->created_by, sizeof r->created_by);
}

int
store_recipient_get(struct store *s, int64_t tenant, const char *uid,
		    struct store_recipient *out)
{
	static const char sql[] =
	    "SELECT " STORE_RECIPIENT_COLS " FROM recipient r"
	    " WHERE r.tenant_id = ? AND r.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_recipient_row(st, 0, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_recipient_list(struct store *s, int64_t tenant,
		     int (*cb)(void *arg, const struct store_recipient *r),
		     void *arg)
{
	static const char sql[] = "SELECT " STORE_RECIPIENT_COLS
				  " FROM recipient r WHERE r.tenant_id = ?"
				  " ORDER BY r.name, r.id";
	struct store_recipient r;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&r, 0, sizeof r);
		store_recipient_row(st, 0, &r);
		if ((cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_disclosure_create(struct store *s, int64_t tenant,
			const struct store_disclosure *d, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO disclosure (tenant_id, uid, subject_id, recipient_id,"
	    " ground, consent_id, statute, exception_code, purpose,"
	    " identifiable, rule, disclosed_on, disclosed_at, disclosed_by,"
	    " request_id)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	    " ?14, ?15"
	    " WHERE EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND EXISTS (SELECT 1 FROM recipient"
	    "               WHERE id = ?4 AND tenant_id = ?1)"
	    "   AND (?6 IS NULL OR EXISTS (SELECT 1 FROM consent"
	    "               WHERE id = ?6 AND tenant_id = ?1"
	    "                 AND subject_id = ?3))"
	    "   AND (?15 IS NULL OR EXISTS (SELECT 1 FROM request"
	    "               WHERE id = ?15 AND tenant_id = ?1"
	    "                 AND subject_id = ?3))"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "disclosure_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, d->uid);
	db_bind_int64(st, 3, d->subject_id);
	db_bind_int64(st, 4, d->recipient_id);
	store_bind_text(st, 5, d->ground);
	store_bind_id(st, 6, d->consent_id);
	store_bind_text(st, 7, d->statute);
	store_bind_text(st, 8, d->exception_code);
	store_bind_text(st, 9, d->purpose);
	db_bind_int64(st, 10, d->identifiable != 0);
	store_bind_text(st, 11, d->rule);
	store_bind_text(st, 12, d->disclosed_on);
	store_bind_text(st, 13, d->disclosed_at);
	store_bind_text(st, 14, d->disclosed_by);
	store_bind_id(st, 15, d->request_id);
	return store_insert(s, st, id);
}

int
store_disclosure_item_add(struct store *s, int64_t tenant, int64_t disclosure,
			  const char *category, int64_t entry_id,
			  const char *entry_uid)
{
	static const char sql[] =
	    "INSERT INTO disclosure_item (tenant_id, disclosure_id, category,"
	    " entry_id, entry_uid) VALUES (?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "disclosure_item", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, disclosure);
	store_bind_text(st, 3, category);
	store_bind_id(st, 4, entry_id);
	store_bind_text(st, 5, entry_uid);
	return store_insert(s, st, NULL);
}

int
store_disclosure_list(struct store *s, int64_t tenant, int64_t subject,
		      int (*cb)(void *arg, const struct store_disclosure *d),
		      void *arg)
{
	static const char sql[] =
	    "SELECT d.id, d.uid, d.subject_id, d.recipient_id, d.ground,"
	    " coalesce(d.consent_id, 0), coalesce(c.uid, ''),"
	    " coalesce(d.statute, ''), coalesce(d.exception_code, ''),"
	    " d.purpose, d.identifiable, d.rule, d.disclosed_on,"
	    " d.disclosed_at, d.disclosed_by, coalesce(d.request_id, 0),"
	    " coalesce(q.uid, ''), " STORE_RECIPIENT_COLS
	    " FROM disclosure d JOIN recipient r ON r.id = d.recipient_id"
	    " LEFT JOIN consent c ON c.id = d.consent_id"
	    " LEFT JOIN request q ON q.id = d.request_id"
	    " WHERE d.tenant_id = ? AND d.subject_id = ? ORDER BY d.id";
	struct store_disclosure d;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		memset(&d, 0, sizeof d);
		d.id = db_column_int64(st, 0);
		store_col_text(st, 1, d.uid, sizeof d.uid);
		d.subject_id = db_column_int64(st, 2);
		d.recipient_id = db_column_int64(st, 3);
		store_col_text(st, 4, d.ground, sizeof d.ground);
		d.consent_id = db_column_int64(st, 5);
		store_col_text(st, 6, d.consent_uid, sizeof d.consent_uid);
		store_col_text(st, 7, d.statute, sizeof d.statute);
		store_col_text(st, 8, d.exception_code,
			       sizeof d.exception_code);
		store_col_text(st, 9, d.purpose, sizeof d.purpose);
		d.identifiable = db_column_int64(st, 10) != 0;
		store_col_text(st, 11, d.rule, sizeof d.rule);
		store_col_text(st, 12, d.disclosed_on, sizeof d.disclosed_on);
		store_col_text(st, 13, d.disclosed_at, sizeof d.disclosed_at);
		store_col_text(st, 14, d.disclosed_by, sizeof d.disclosed_by);
		d.request_id = db_column_int64(st, 15);
		store_col_text(st, 16, d.request_uid, sizeof d.request_uid);
		store_recipient_row(st, 17, &d.recipient);
		if ((cbrc = cb(arg, &d)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_disclosure_items(struct store *s, int64_t tenant, int64_t d,
		       int (*cb)(void *arg, const char *category,
				 const char *entry_uid),
		       void *arg)
{
	static const char sql[] =
	    "SELECT category, coalesce(entry_uid, '') FROM disclosure_item"
	    " WHERE tenant_id = ? AND disclosure_id = ? ORDER BY id";
	char category[32], uid[ZK_UUID_LEN];
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, d);
	while ((rc = db_step(st)) == DB_ROW) {
		store_col_text(st, 0, category, sizeof category);
		store_col_text(st, 1, uid, sizeof uid);
		if ((cbrc = cb(arg, category, uid)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_disclosure_recipients(struct store *s, int64_t tenant, int64_t subject,
			    int64_t entry, const char *before,
			    int (*cb)(void *arg, int64_t recipient), void *arg)
{
	static const char sql[] =
	    "SELECT DISTINCT d.recipient_id FROM disclosure d"
	    " JOIN disclosure_item i ON i.disclosure_id = d.id"
	    "  AND i.tenant_id = d.tenant_id"
	    " WHERE d.tenant_id = ?1 AND d.subject_id = ?2"
	    "   AND d.disclosed_at <= ?4"
	    "   AND (?3 = 0 OR i.entry_id = ?3"
	    "        OR (i.entry_id IS NULL AND EXISTS (SELECT 1 FROM entry e"
	    "            WHERE e.id = ?3 AND e.tenant_id = ?1"
	    "              AND e.subject_id = ?2"
	    "              AND e.category = i.category"
	    "              AND e.created_at <= d.disclosed_at)))"
	    " ORDER BY d.recipient_id";
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	db_bind_int64(st, 3, entry);
	store_bind_text(st, 4, before);
	while ((rc = db_step(st)) == DB_ROW)
		if ((cbrc = cb(arg, db_column_int64(st, 0))) != 0)
			break;
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

void
store_rnotice_init(struct store_rnotice *n)
{
	memset(n, 0, sizeof *n);
	zk_buf_init(&n->reason, 0);
}

void
store_rnotice_release(struct store_rnotice *n)
{
	if (n != NULL)
		zk_buf_release(&n->reason);
}

int
store_rnotice_open(struct store *s, int64_t tenant,
		   const struct store_rnotice *n)
{
	static const char sql[] =
	    "INSERT INTO recipient_notice (tenant_id, uid, subject_id,"
	    " recipient_id, change, request_id, entry_id, state, opened_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8"
	    " WHERE EXISTS (SELECT 1 FROM recipient"
	    "               WHERE id = ?4 AND tenant_id = ?1)"
	    "   AND EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND NOT EXISTS (SELECT 1 FROM recipient_notice o"
	    "       WHERE o.tenant_id = ?1 AND o.recipient_id = ?4"
	    "         AND o.change = ?5"
	    "         AND ((?6 IS NOT NULL AND o.request_id = ?6)"
	    "              OR (?6 IS NULL AND o.request_id IS NULL"
	    "                  AND o.entry_id = ?7)))";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "rnotice_open", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, n->uid);
	db_bind_int64(st, 3, n->subject_id);
	db_bind_int64(st, 4, n->recipient_id);
	store_bind_text(st, 5, n->change);
	store_bind_id(st, 6, n->request_id);
	store_bind_id(st, 7, n->entry_id);
	store_bind_text(st, 8, n->opened_at);
	rc = store_insert(s, st, NULL);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

#define STORE_RNOTICE_COLS                                                     \
	"n.id, n.uid, n.subject_id, n.recipient_id, n.change,"                 \
	" coalesce(n.request_id, 0), coalesce(n.entry_id, 0), n.state,"        \
	" coalesce(n.channel, ''), coalesce(n.sent_on, ''), n.reason,"         \
	" n.opened_at, coalesce(n.recorded_at, ''),"                           \
	" coalesce(n.recorded_by, ''), x.uid, r.uid, r.name,"                  \
	" coalesce(q.uid, ''), coalesce(e.uid, '')"                            \
	" FROM recipient_notice n JOIN subject x ON x.id = n.subject_id"       \
	" JOIN recipient r ON r.id = n.recipient_id"                           \
	" LEFT JOIN request q ON q.id = n.request_id"                          \
	" LEFT JOIN entry e ON e.id = n.entry_id AND e.tenant_id = "           \
	"n.tenant_id"

static int
store_rnotice_row(struct db_stmt *st, struct store_rnotice *n)
{
	n->id = db_column_int64(st, 0);
	store_col_text(st, 1, n->uid, sizeof n->uid);
	n->subject_id = db_column_int64(st, 2);
	n->recipient_id = db_column_int64(st, 3);
	store_col_text(st, 4, n->change, sizeof n->change);
	n->request_id = db_column_int64(st, 5);
	n->entry_id = db_column_int64(st, 6);
	store_col_text(st, 7, n->state, sizeof n->state);
	store_col_text(st, 8, n->channel, sizeof n->channel);
	store_col_text(st, 9, n->sent_on, sizeof n->sent_on);
	store_col_text(st, 11, n->opened_at, sizeof n->opened_at);
	store_col_text(st, 12, n->recorded_at, sizeof n->recorded_at);
	store_col_text(st, 13, n->recorded_by, sizeof n->recorded_by);
	store_col_text(st, 14, n->subject_uid, sizeof n->subject_uid);
	store_col_text(st, 15, n->recipient_uid, sizeof n->recipient_uid);
	store_col_text(st, 16, n->recipient_name, sizeof n->recipient_name);
	store_col_text(st, 17, n->request_uid, sizeof n->request_uid);
	store_col_text(st, 18, n->entry_uid, sizeof n->entry_uid);
	n->reason.len = 0;
	return store_col_buf(st, 10, &n->reason) != 0 ? ZK_ENOMEM : 0;
}

int
store_rnotice_get(struct store *s, int64_t tenant, const char *uid,
		  struct store_rnotice *out)
{
	static const char sql[] =
	    "SELECT " STORE_RNOTICE_COLS " WHERE n.tenant_id = ? AND n.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW && store_rnotice_row(st, out) != 0)
		rc = ZK_ENOMEM;
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_rnotice_record(struct store *s, int64_t tenant,
		     const struct store_rnotice *n)
{
	static const char sql[] =
	    "UPDATE recipient_notice SET state = ?3, channel = ?4,"
	    " sent_on = ?5, reason = ?6, recorded_at = ?7, recorded_by = ?8"
	    " WHERE tenant_id = ?1 AND id = ?2 AND state = 'pending'";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "rnotice_record", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, n->id);
	store_bind_text(st, 3, n->state);
	store_bind_text(st, 4, n->channel);
	store_bind_text(st, 5, n->sent_on);
	/* A NULL blob keeps its type on PostgreSQL. */
	db_bind_blob(st, 6, n->reason.len > 0 ? n->reason.data : NULL,
		     n->reason.len);
	store_bind_text(st, 7, n->recorded_at);
	store_bind_text(st, 8, n->recorded_by);
	rc = store_exec_some(s, st);
	return rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc;
}

int
store_rnotice_list(struct store *s, int64_t tenant, int64_t subject,
		   int (*cb)(void *arg, const struct store_rnotice *n),
		   void *arg)
{
	static const char sql[] = "SELECT " STORE_RNOTICE_COLS
				  " WHERE n.tenant_id = ? AND n.subject_id = ?"
				  " ORDER BY n.id";
	struct store_rnotice n;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	store_rnotice_init(&n);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_rnotice_row(st, &n)) != 0 ||
		    (cbrc = cb(arg, &n)) != 0)
			break;
	}
	store_done(s, st);
	store_rnotice_release(&n);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
