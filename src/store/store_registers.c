/*
 * store_registers.c: the rows of the DPO's registers (FG-1, PRC-1, CMP-1,
 * SEC-2). Every query names its tenant; a row that refers to another
 * (a complaint's subject, a transfer's processor) is written only when
 * that row is of the same tenant, so that ids of another organisation
 * are not found (SCOPE-3).
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "store/store_registers.h"

const char *const store_activity_fields[STORE_ACTIVITY_NTEXTS] = {
    "name",	  "purpose",   "legal_basis", "subjects", "data_categories",
    "recipients", "transfers", "retention",   "security"};

const char *const store_processor_binds[STORE_PROCESSOR_NBINDS] = {
    "instruction", "security", "audit", "secrecy", "subprocessors", "breach"};

/*
 * Each register reads one row by its uid, or all of a tenant for a
 * callback; what is the same for the four is here.
 *
 * store_reg_find() runs sql with tenant (parameter 1) and uid (2) to its
 * row: 0 with *st on it (the caller reads it and calls store_done()),
 * else ZK_ENOTFOUND or the error, with nothing open.
 */
static int
store_reg_find(struct store *s, int64_t tenant, const char *sql,
	       const char *uid, struct db_stmt **st)
{
	int rc;

	if ((*st = store_stmt(s, tenant, sql)) == NULL)
		return ZK_EIO;
	db_bind_int64(*st, 1, tenant);
	store_bind_text(*st, 2, uid);
	if ((rc = db_step(*st)) == DB_ROW)
		return 0;
	store_done(s, *st);
	return rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

/* A fresh statement of sql for a scan, tenant bound at parameter 1. */
static int
store_reg_scan(struct store *s, int64_t tenant, const char *sql,
	       struct db_stmt **st)
{
	int rc;

	if ((rc = store_fresh(s, tenant, sql, st)) == 0)
		db_bind_int64(*st, 1, tenant);
	return rc;
}

/* Ends a scan: the callback's answer cbrc, else the last step's rc. */
static int
store_reg_scan_end(struct store *s, struct db_stmt *st, int rc, int cbrc)
{
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

/* --- processing activities (FG-1) ------------------------------------- */

#define STORE_ACTIVITY_COLS                                                    \
	"id, uid, purpose_id, name, purpose, legal_basis, subjects,"           \
	" data_categories, recipients, transfers, retention, security,"        \
	" created_at, edited_at, edited_by"

static void
store_activity_row(struct db_stmt *st, struct store_activity *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_column_int64(st, 0);
	store_col_text(st, 1, a->uid, sizeof a->uid);
	store_col_text(st, 2, a->purpose_id, sizeof a->purpose_id);
	for (int i = 0; i < STORE_ACTIVITY_NTEXTS; i++)
		store_col_text(st, 3 + i, a->text[i], sizeof a->text[i]);
	store_col_text(st, 12, a->created_at, sizeof a->created_at);
	store_col_text(st, 13, a->edited_at, sizeof a->edited_at);
	store_col_text(st, 14, a->edited_by, sizeof a->edited_by);
}

/* Binds the nine texts at parameters first.. */
static void
store_activity_bind_texts(struct db_stmt *st, int first,
			  const struct store_activity *a)
{
	for (int i = 0; i < STORE_ACTIVITY_NTEXTS; i++)
		db_bind_text(st, first + i, a->text[i]);
}

int
store_activity_create(struct store *s, int64_t tenant,
		      const struct store_activity *a)
{
	static const char sql[] =
	    "INSERT INTO processing_activity (tenant_id, uid, purpose_id,"
	    " name, purpose, legal_basis, subjects, data_categories,"
	    " recipients, transfers, retention, security, created_at,"
	    " edited_at, edited_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "activity_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, a->uid);
	store_bind_text(st, 3, a->purpose_id);
	store_activity_bind_texts(st, 4, a);
	store_bind_text(st, 13, a->created_at);
	store_bind_text(st, 14, a->edited_at);
	store_bind_text(st, 15, a->edited_by);
	return store_insert(s, st, NULL);
}

int
store_activity_seed(struct store *s, int64_t tenant,
		    const struct store_activity *a, int *changed)
{
	static const char find[] =
	    "SELECT edited_by, name, purpose, legal_basis, subjects,"
	    " data_categories, recipients, transfers, retention, security"
	    " FROM processing_activity WHERE tenant_id = ? AND purpose_id = ?";
	static const char refresh[] =
	    "UPDATE processing_activity SET name = ?, purpose = ?,"
	    " legal_basis = ?, subjects = ?, data_categories = ?,"
	    " recipients = ?, transfers = ?, retention = ?, security = ?"
	    " WHERE tenant_id = ? AND purpose_id = ? AND edited_by IS NULL";
	struct db_stmt *st;
	int rc, edited = 0, same = 1;

	*changed = 0;
	if ((st = store_stmt(s, tenant, find)) == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, a->purpose_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		edited = !db_column_null(st, 0);
		for (int i = 0; i < STORE_ACTIVITY_NTEXTS; i++) {
			const char *v = db_column_text(st, 1 + i);

			if (v == NULL || strcmp(v, a->text[i]) != 0)
				same = 0;
		}
	}
	store_done(s, st);
	if (rc == DB_DONE) {
		if ((rc = store_activity_create(s, tenant, a)) == 0)
			*changed = 1;
		return rc;
	}
	if (rc != DB_ROW)
		return store_code(rc);
	/* An edit is the DPO's word; the profile does not overrule it. */
	if (edited || same)
		return 0;
	if ((rc = store_op(s, tenant, "activity_seed", refresh, &st)) != 0)
		return rc;
	store_activity_bind_texts(st, 1, a);
	db_bind_int64(st, 10, tenant);
	store_bind_text(st, 11, a->purpose_id);
	if ((rc = store_exec_stmt(s, st)) == 0)
		*changed = 1;
	return rc;
}

int
store_activity_update(struct store *s, int64_t tenant,
		      const struct store_activity *a)
{
	static const char sql[] =
	    "UPDATE processing_activity SET name = ?, purpose = ?,"
	    " legal_basis = ?, subjects = ?, data_categories = ?,"
	    " recipients = ?, transfers = ?, retention = ?, security = ?,"
	    " edited_at = ?, edited_by = ? WHERE tenant_id = ? AND uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "activity_update", sql, &st)) != 0)
		return rc;
	store_activity_bind_texts(st, 1, a);
	store_bind_text(st, 10, a->edited_at);
	store_bind_text(st, 11, a->edited_by);
	db_bind_int64(st, 12, tenant);
	store_bind_text(st, 13, a->uid);
	return store_exec_some(s, st);
}

int
store_activity_get(struct store *s, int64_t tenant, const char *uid,
		   struct store_activity *out)
{
	static const char sql[] =
	    "SELECT " STORE_ACTIVITY_COLS " FROM processing_activity"
	    " WHERE tenant_id = ? AND uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_reg_find(s, tenant, sql, uid, &st)) != 0)
		return rc;
	store_activity_row(st, out);
	store_done(s, st);
	return 0;
}

int
store_activity_list(struct store *s, int64_t tenant,
		    int (*cb)(void *arg, const struct store_activity *a),
		    void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_ACTIVITY_COLS " FROM processing_activity"
	    " WHERE tenant_id = ? ORDER BY name, id";
	struct store_activity *row; /* 18 kB: not on the stack */
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((row = calloc(1, sizeof *row)) == NULL)
		return ZK_ENOMEM;
	if ((rc = store_reg_scan(s, tenant, sql, &st)) != 0) {
		free(row);
		return rc;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		store_activity_row(st, row);
		if ((cbrc = cb(arg, row)) != 0)
			break;
	}
	free(row);
	return store_reg_scan_end(s, st, rc, cbrc);
}

/* --- processors (PRC-1) ----------------------------------------------- */

#define STORE_PROCESSOR_COLS                                                   \
	"p.id, p.uid, p.name, p.processes, p.country, p.certified,"            \
	" p.signed_on, p.valid_until, p.instruction, p.security, p.audit,"     \
	" p.secrecy, p.subprocessors, p.breach, p.created_at, p.created_by,"   \
	" p.updated_at, p.updated_by,"                                         \
	" (SELECT count(*) FROM transfer t WHERE t.tenant_id = p.tenant_id"    \
	"  AND t.processor_id = p.id)"

static void
store_processor_row(struct db_stmt *st, struct store_processor *p)
{
	memset(p, 0, sizeof *p);
	p->id = db_column_int64(st, 0);
	store_col_text(st, 1, p->uid, sizeof p->uid);
	store_col_text(st, 2, p->name, sizeof p->name);
	store_col_text(st, 3, p->processes, sizeof p->processes);
	store_col_text(st, 4, p->country, sizeof p->country);
	p->certified = db_column_int64(st, 5) != 0;
	store_col_text(st, 6, p->signed_on, sizeof p->signed_on);
	store_col_text(st, 7, p->valid_until, sizeof p->valid_until);
	for (int i = 0; i < STORE_PROCESSOR_NBINDS; i++)
		p->binds[i] = db_column_int64(st, 8 + i) != 0;
	store_col_text(st, 14, p->created_at, sizeof p->created_at);
	store_col_text(st, 15, p->created_by, sizeof p->created_by);
	store_col_text(st, 16, p->updated_at, sizeof p->updated_at);
	store_col_text(st, 17, p->updated_by, sizeof p->updated_by);
	p->transfers = (int)db_column_int64(st, 18);
}

int
store_processor_create(struct store *s, int64_t tenant,
		       const struct store_processor *p, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO processor (tenant_id, uid, name, processes, country,"
	    " certified, signed_on, valid_until, instruction, security, audit,"
	    " secrecy, subprocessors, breach, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "processor_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, p->uid);
	store_bind_text(st, 3, p->name);
	store_bind_text(st, 4, p->processes);
	store_bind_text(st, 5, p->country);
	db_bind_int64(st, 6, p->certified != 0);
	store_bind_text(st, 7, p->signed_on);
	store_bind_text(st, 8, p->valid_until);
	for (int i = 0; i < STORE_PROCESSOR_NBINDS; i++)
		db_bind_int64(st, 9 + i, p->binds[i] != 0);
	store_bind_text(st, 15, p->created_at);
	store_bind_text(st, 16, p->created_by);
	return store_insert(s, st, id);
}

int
store_processor_update(struct store *s, int64_t tenant,
		       const struct store_processor *p)
{
	static const char sql[] =
	    "UPDATE processor SET name = ?, processes = ?, country = ?,"
	    " certified = ?, signed_on = ?, valid_until = ?, instruction = ?,"
	    " security = ?, audit = ?, secrecy = ?, subprocessors = ?,"
	    " breach = ?, updated_at = ?, updated_by = ?"
	    " WHERE tenant_id = ? AND uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "processor_update", sql, &st)) != 0)
		return rc;
	store_bind_text(st, 1, p->name);
	store_bind_text(st, 2, p->processes);
	store_bind_text(st, 3, p->country);
	db_bind_int64(st, 4, p->certified != 0);
	store_bind_text(st, 5, p->signed_on);
	store_bind_text(st, 6, p->valid_until);
	for (int i = 0; i < STORE_PROCESSOR_NBINDS; i++)
		db_bind_int64(st, 7 + i, p->binds[i] != 0);
	store_bind_text(st, 13, p->updated_at);
	store_bind_text(st, 14, p->updated_by);
	db_bind_int64(st, 15, tenant);
	store_bind_text(st, 16, p->uid);
	return store_exec_some(s, st);
}

int
store_processor_get(struct store *s, int64_t tenant, const char *uid,
		    struct store_processor *out)
{
	static const char sql[] =
	    "SELECT " STORE_PROCESSOR_COLS " FROM processor p"
	    " WHERE p.tenant_id = ? AND p.uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_reg_find(s, tenant, sql, uid, &st)) != 0)
		return rc;
	store_processor_row(st, out);
	store_done(s, st);
	return 0;
}

int
store_processor_list(struct store *s, int64_t tenant,
		     int (*cb)(void *arg, const struct store_processor *p),
		     void *arg)
{
	static const char sql[] = "SELECT " STORE_PROCESSOR_COLS
				  " FROM processor p WHERE p.tenant_id = ?"
				  " ORDER BY p.name, p.id";
	struct store_processor p;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_reg_scan(s, tenant, sql, &st)) != 0)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		store_processor_row(st, &p);
		if ((cbrc = cb(arg, &p)) != 0)
			break;
	}
	return store_reg_scan_end(s, st, rc, cbrc);
}

/* --- complaints (CMP-1) ----------------------------------------------- */

void
store_complaint_init(struct store_complaint *c)
{
	memset(c, 0, sizeof *c);
	zk_buf_init(&c->content, 0);
	zk_buf_init(&c->wrapped_key, 0);
}

void
store_complaint_release(struct store_complaint *c)
{
	zk_buf_release(&c->content);
	zk_buf_release(&c->wrapped_key);
}

#define STORE_COMPLAINT_COLS                                                   \
	"c.id, c.uid, c.received_on, c.channel, c.complainant, c.subject_id,"  \
	" s.uid, c.content, c.wrapped_key, c.status, c.outcome, c.closed_on,"  \
	" c.created_at, c.created_by, c.updated_at, c.updated_by"

static int
store_complaint_row(struct db_stmt *st, struct store_complaint *c)
{
	int rc;

	c->id = db_column_int64(st, 0);
	store_col_text(st, 1, c->uid, sizeof c->uid);
	store_col_text(st, 2, c->received_on, sizeof c->received_on);
	store_col_text(st, 3, c->channel, sizeof c->channel);
	store_col_text(st, 4, c->complainant, sizeof c->complainant);
	c->subject_id = db_column_int64(st, 5);
	store_col_text(st, 6, c->subject_uid, sizeof c->subject_uid);
	if ((rc = store_col_buf(st, 7, &c->content)) != 0 ||
	    (rc = store_col_buf(st, 8, &c->wrapped_key)) != 0)
		return rc;
	store_col_text(st, 9, c->status, sizeof c->status);
	store_col_text(st, 10, c->outcome, sizeof c->outcome);
	store_col_text(st, 11, c->closed_on, sizeof c->closed_on);
	store_col_text(st, 12, c->created_at, sizeof c->created_at);
	store_col_text(st, 13, c->created_by, sizeof c->created_by);
	store_col_text(st, 14, c->updated_at, sizeof c->updated_at);
	store_col_text(st, 15, c->updated_by, sizeof c->updated_by);
	return 0;
}

int
store_complaint_create(struct store *s, int64_t tenant,
		       const struct store_complaint *c)
{
	static const char sql[] =
	    "INSERT INTO complaint (tenant_id, uid, received_on, channel,"
	    " complainant, subject_id, content, wrapped_key, status,"
	    " created_at, created_by)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open', ?9, ?10"
	    " WHERE ?6 IS NULL OR EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?6 AND tenant_id = ?1)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "complaint_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, c->uid);
	store_bind_text(st, 3, c->received_on);
	store_bind_text(st, 4, c->channel);
	store_bind_text(st, 5, c->complainant);
	store_bind_id(st, 6, c->subject_id);
	db_bind_blob(st, 7, c->content.data, c->content.len);
	if (c->wrapped_key.len > 0)
		db_bind_blob(st, 8, c->wrapped_key.data, c->wrapped_key.len);
	else
		db_bind_null(st, 8);
	store_bind_text(st, 9, c->created_at);
	store_bind_text(st, 10, c->created_by);
	return store_insert(s, st, NULL);
}

int
store_complaint_update(struct store *s, int64_t tenant,
		       const struct store_complaint *c)
{
	static const char sql[] =
	    "UPDATE complaint SET content = ?, status = ?, outcome = ?,"
	    " closed_on = ?, updated_at = ?, updated_by = ?"
	    " WHERE tenant_id = ? AND uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "complaint_update", sql, &st)) != 0)
		return rc;
	db_bind_blob(st, 1, c->content.data, c->content.len);
	store_bind_text(st, 2, c->status);
	store_bind_text(st, 3, c->outcome);
	store_bind_text(st, 4, c->closed_on);
	store_bind_text(st, 5, c->updated_at);
	store_bind_text(st, 6, c->updated_by);
	db_bind_int64(st, 7, tenant);
	store_bind_text(st, 8, c->uid);
	return store_exec_some(s, st);
}

int
store_complaint_get(struct store *s, int64_t tenant, const char *uid,
		    struct store_complaint *out)
{
	static const char sql[] =
	    "SELECT " STORE_COMPLAINT_COLS " FROM complaint c"
	    " LEFT JOIN subject s ON s.id = c.subject_id"
	    " WHERE c.tenant_id = ? AND c.uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_reg_find(s, tenant, sql, uid, &st)) != 0)
		return rc;
	rc = store_complaint_row(st, out);
	store_done(s, st);
	return rc;
}

int
store_complaint_list(struct store *s, int64_t tenant,
		     int (*cb)(void *arg, const struct store_complaint *c),
		     void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_COMPLAINT_COLS " FROM complaint c"
	    " LEFT JOIN subject s ON s.id = c.subject_id"
	    " WHERE c.tenant_id = ? ORDER BY c.received_on DESC, c.id DESC";
	struct store_complaint c;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_reg_scan(s, tenant, sql, &st)) != 0)
		return rc;
	store_complaint_init(&c);
	while ((rc = db_step(st)) == DB_ROW) {
		if ((cbrc = store_complaint_row(st, &c)) != 0 ||
		    (cbrc = cb(arg, &c)) != 0)
			break;
	}
	store_complaint_release(&c);
	return store_reg_scan_end(s, st, rc, cbrc);
}

/* --- transfers (SEC-2) ------------------------------------------------ */

#define STORE_TRANSFER_COLS                                                    \
	"t.id, t.uid, t.recipient, t.processor_id, p.uid, t.country,"          \
	" t.certified, t.what, t.basis, t.basis_ref, t.created_at,"            \
	" t.created_by"

static void
store_transfer_row(struct db_stmt *st, struct store_transfer *t)
{
	memset(t, 0, sizeof *t);
	t->id = db_column_int64(st, 0);
	store_col_text(st, 1, t->uid, sizeof t->uid);
	store_col_text(st, 2, t->recipient, sizeof t->recipient);
	t->processor_id = db_column_int64(st, 3);
	store_col_text(st, 4, t->processor_uid, sizeof t->processor_uid);
	store_col_text(st, 5, t->country, sizeof t->country);
	t->certified = db_column_int64(st, 6) != 0;
	store_col_text(st, 7, t->what, sizeof t->what);
	store_col_text(st, 8, t->basis, sizeof t->basis);
	store_col_text(st, 9, t->basis_ref, sizeof t->basis_ref);
	store_col_text(st, 10, t->created_at, sizeof t->created_at);
	store_col_text(st, 11, t->created_by, sizeof t->created_by);
}

int
store_transfer_create(struct store *s, int64_t tenant,
		      const struct store_transfer *t, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO transfer (tenant_id, uid, recipient, processor_id,"
	    " country, certified, what, basis, basis_ref, created_at,"
	    " created_by)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11"
	    " WHERE ?4 IS NULL OR EXISTS (SELECT 1 FROM processor"
	    "               WHERE id = ?4 AND tenant_id = ?1)"
	    " RETURNING id";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "transfer_create", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, t->uid);
	store_bind_text(st, 3, t->recipient);
	store_bind_id(st, 4, t->processor_id);
	store_bind_text(st, 5, t->country);
	db_bind_int64(st, 6, t->certified != 0);
	store_bind_text(st, 7, t->what);
	store_bind_text(st, 8, t->basis);
	store_bind_text(st, 9, t->basis_ref);
	store_bind_text(st, 10, t->created_at);
	store_bind_text(st, 11, t->created_by);
	return store_insert(s, st, id);
}

int
store_transfer_get(struct store *s, int64_t tenant, const char *uid,
		   struct store_transfer *out)
{
	static const char sql[] =
	    "SELECT " STORE_TRANSFER_COLS " FROM transfer t"
	    " LEFT JOIN processor p ON p.id = t.processor_id"
	    " WHERE t.tenant_id = ? AND t.uid = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_reg_find(s, tenant, sql, uid, &st)) != 0)
		return rc;
	store_transfer_row(st, out);
	store_done(s, st);
	return 0;
}

int
store_transfer_list(struct store *s, int64_t tenant,
		    int (*cb)(void *arg, const struct store_transfer *t),
		    void *arg)
{
	static const char sql[] =
	    "SELECT " STORE_TRANSFER_COLS " FROM transfer t"
	    " LEFT JOIN processor p ON p.id = t.processor_id"
	    " WHERE t.tenant_id = ? ORDER BY t.id";
	struct store_transfer t;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_reg_scan(s, tenant, sql, &st)) != 0)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		store_transfer_row(st, &t);
		if ((cbrc = cb(arg, &t)) != 0)
			break;
	}
	return store_reg_scan_end(s, st, rc, cbrc);
}
