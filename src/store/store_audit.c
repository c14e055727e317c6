/*
 * store_audit.c: the audit log and its signed checkpoints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_audit_head(struct store *s, int64_t tenant, int64_t *seq,
		 unsigned char hash[32])
{
	static const char sql[] =
	    "SELECT seq, hash FROM audit_log"
	    " WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	*seq = 0;
	memset(hash, 0, 32);
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*seq = db_column_int64(st, 0);
		if ((int)db_column_bytes(st, 1) == 32)
			memcpy(hash, db_column_blob(st, 1), 32);
		else
			rc = ZK_ECORRUPT;
	}
	store_done(s, st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : store_code(rc);
}

int
store_audit_next_id(struct store *s, int64_t *id)
{
	static const char sql[] =
	    "SELECT coalesce(max(id), 0) + 1 FROM audit_log";
	struct db_stmt *st = store_stmt(s, DB_ALL_TENANTS, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}

int
store_audit_insert(struct store *s, const struct store_audit_row *r)
{
	static const char sql[] =
	    "INSERT INTO audit_log (id, tenant_id, seq, ts, event, action,"
	    " outcome, checks, reason, rule, user_uid, user_role,"
	    " on_behalf_of, access_point, subject_uid, object_type,"
	    " object_uid, category, purpose, protocol, consent_ref,"
	    " break_glass_ref, source, prev_hash, hash, role_code)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc, i = 1;

	if ((rc = store_op(s, r->tenant, "audit_insert", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, i++, r->id);
	db_bind_int64(st, i++, r->tenant);
	db_bind_int64(st, i++, r->seq);
	store_bind_text(st, i++, r->ts);
	store_bind_text(st, i++, r->event);
	store_bind_text(st, i++, r->action);
	store_bind_text(st, i++, r->outcome);
	store_bind_text(st, i++, r->checks);
	store_bind_text(st, i++, r->reason);
	store_bind_text(st, i++, r->rule);
	store_bind_text(st, i++, r->user_uid);
	store_bind_text(st, i++, r->user_role);
	store_bind_text(st, i++, r->on_behalf_of);
	store_bind_text(st, i++, r->access_point);
	store_bind_text(st, i++, r->subject_uid);
	store_bind_text(st, i++, r->object_type);
	store_bind_text(st, i++, r->object_uid);
	store_bind_text(st, i++, r->category);
	store_bind_text(st, i++, r->purpose);
	store_bind_text(st, i++, r->protocol);
	store_bind_text(st, i++, r->consent_ref);
	store_bind_text(st, i++, r->break_glass_ref);
	store_bind_text(st, i++, r->source);
	db_bind_blob(st, i++, r->prev_hash, r->prev_hash_len);
	db_bind_blob(st, i++, r->hash, r->hash_len);
	store_bind_text(st, i++, r->role_code);
	if ((rc = store_exec_stmt(s, st)) != 0)
		return rc;
	/* LOG-3: a trigger that swallowed the row is a failure to log. */
	return db_changes(s->db) == 1 ? 0 : ZK_ECORRUPT;
}

int
store_audit_schema_check(struct store *s, int indexes, char *what, size_t n)
{
	/*
	 * The catalogue is the one place the engines differ here: a trigger,
	 * rule or view could change what is logged or read.
	 */
	static const char sql_objects_sqlite[] =
	    "SELECT type, name FROM sqlite_master WHERE (type = 'trigger'"
	    " AND tbl_name IN ('audit_log', 'audit_checkpoint',"
	    " 'audit_prune')) OR type ="
	    " 'view'";
	static const char sql_objects_pgsql[] =
	    "SELECT 'trigger', t.tgname FROM pg_trigger t"
	    " JOIN pg_class c ON c.oid = t.tgrelid"
	    " WHERE NOT t.tgisinternal"
	    "   AND c.relname IN ('audit_log', 'audit_checkpoint', "
	    "'audit_prune')"
	    "   AND c.relnamespace = current_schema()::regnamespace"
	    " UNION ALL SELECT 'rule', rulename FROM pg_rules"
	    " WHERE schemaname = current_schema()"
	    "   AND tablename IN ('audit_log', 'audit_checkpoint', "
	    "'audit_prune')"
	    " UNION ALL SELECT 'view', viewname FROM pg_views"
	    " WHERE schemaname = current_schema()";
	static const char *const tables[] = {"audit_log", "audit_checkpoint"};
	static const char *const pragmas[] = {
	    "PRAGMA integrity_check(audit_log)",
	    "PRAGMA integrity_check(audit_checkpoint)"};
	int pg = db_engine(s->db) == DB_PGSQL;
	struct db_stmt *st;
	int rc;

	what[0] = '\0';
	if ((st = store_stmt(s, DB_ALL_TENANTS,
			     pg ? sql_objects_pgsql : sql_objects_sqlite)) ==
	    NULL)
		return ZK_EIO;
	rc = db_step(st);
	if (rc == DB_ROW)
		snprintf(what, n,
			 "the database has a %s \"%s\" that can "
			 "change what is logged or read",
			 db_column_text(st, 0), db_column_text(st, 1));
	store_done(s, st);
	if (rc == DB_ROW)
		return ZK_ECORRUPT;
	if (rc != DB_DONE)
		return store_code(rc);
	/*
	 * SQLite: the tables and every index on them hold the same rows.
	 * PostgreSQL checks its pages itself as it reads them.
	 */
	for (size_t i = 0; indexes && !pg && i < ZK_ARRAY_SIZE(tables); i++) {
		const char *res;

		if ((st = store_stmt(s, DB_ALL_TENANTS, pragmas[i])) == NULL)
			return ZK_EIO;
		rc = db_step(st);
		res = rc == DB_ROW ? db_column_text(st, 0) : NULL;
		if (res != NULL && strcmp(res, "ok") != 0)
			snprintf(what, n, "%s is damaged: %.160s", tables[i],
				 res);
		store_done(s, st);
		if (what[0] != '\0')
			return ZK_ECORRUPT;
		if (rc != DB_ROW)
			return store_code(rc);
	}
	return 0;
}

int
store_audit_tenants(struct store *s, int (*cb)(void *arg, int64_t tenant),
		    void *arg)
{
	/*
	 * The organisations with a log, a checkpoint or a tenant row. The
	 * distinct tenant_ids are found by a seek per organisation in the
	 * (tenant_id, seq) indexes, not by reading the whole log: a store
	 * with millions of log rows answers as fast as an empty one.
	 */
	static const char sql[] =
	    "WITH RECURSIVE"
	    " l(t) AS (SELECT min(tenant_id) FROM audit_log UNION ALL"
	    "  SELECT (SELECT min(tenant_id) FROM audit_log WHERE tenant_id > "
	    "l.t)"
	    "  FROM l WHERE l.t IS NOT NULL),"
	    " c(t) AS (SELECT min(tenant_id) FROM audit_checkpoint UNION ALL"
	    "  SELECT (SELECT min(tenant_id) FROM audit_checkpoint"
	    "          WHERE tenant_id > c.t)"
	    "  FROM c WHERE c.t IS NOT NULL)"
	    " SELECT t FROM l WHERE t IS NOT NULL"
	    " UNION SELECT t FROM c WHERE t IS NOT NULL"
	    " UNION SELECT id FROM tenant ORDER BY 1";
	struct db_stmt *st = store_stmt(s, DB_ALL_TENANTS, sql);
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			int64_t *na = realloc(ids, nc * sizeof *ids);
			if (na == NULL) {
				rc = ZK_ENOMEM;
				break;
			}
			ids = na;
			cap = nc;
		}
		ids[n++] = db_column_int64(st, 0);
	}
	store_done(s, st);
	if (rc != DB_DONE) {
		free(ids);
		return store_code(rc);
	}
	for (size_t i = 0; i < n && cbrc == 0; i++)
		cbrc = cb(arg, ids[i]);
	free(ids);
	return cbrc;
}

#define STORE_AUDIT_COLS                                                       \
	"id, tenant_id, seq, ts, event, action, outcome, checks, reason,"      \
	" rule, user_uid, user_role, on_behalf_of, access_point, subject_uid," \
	" object_type, object_uid, category, purpose, protocol, consent_ref,"  \
	" break_glass_ref, source, prev_hash, hash, "
/*
 * The last column, role_code, came with migration 015; a database opened
 * read-only (audit verify) may be older and is read as it is.
 */
#define STORE_ROLE_CODE_VERSION 15

static const char *
store_audit_sql(const struct store *s, const char *with, const char *without)
{
	return s->version >= STORE_ROLE_CODE_VERSION ? with : without;
}

static const char *
store_col_cstr(struct db_stmt *st, int i)
{
	return db_column_text(st, i);
}

/* True when column i holds no more bytes than its C string. */
static int
store_col_whole(struct db_stmt *st, int i)
{
	const char *v = store_col_cstr(st, i);

	return v == NULL || strlen(v) == db_column_bytes(st, i);
}

static void
store_audit_row(struct db_stmt *st, struct store_audit_row *r)
{
	int i = 0;

	r->whole = 1;
	for (int c = 3; c <= 22; c++)
		if (!store_col_whole(st, c))
			r->whole = 0;
	if (!store_col_whole(st, 25))
		r->whole = 0;

	r->id = db_column_int64(st, i++);
	r->tenant = db_column_int64(st, i++);
	r->seq = db_column_int64(st, i++);
	r->ts = store_col_cstr(st, i++);
	r->event = store_col_cstr(st, i++);
	r->action = store_col_cstr(st, i++);
	r->outcome = store_col_cstr(st, i++);
	r->checks = store_col_cstr(st, i++);
	r->reason = store_col_cstr(st, i++);
	r->rule = store_col_cstr(st, i++);
	r->user_uid = store_col_cstr(st, i++);
	r->user_role = store_col_cstr(st, i++);
	r->on_behalf_of = store_col_cstr(st, i++);
	r->access_point = store_col_cstr(st, i++);
	r->subject_uid = store_col_cstr(st, i++);
	r->object_type = store_col_cstr(st, i++);
	r->object_uid = store_col_cstr(st, i++);
	r->category = store_col_cstr(st, i++);
	r->purpose = store_col_cstr(st, i++);
	r->protocol = store_col_cstr(st, i++);
	r->consent_ref = store_col_cstr(st, i++);
	r->break_glass_ref = store_col_cstr(st, i++);
	r->source = store_col_cstr(st, i++);
	r->prev_hash = db_column_blob(st, i);
	r->prev_hash_len = db_column_bytes(st, i++);
	r->hash = db_column_blob(st, i);
	r->hash_len = db_column_bytes(st, i++);
	r->role_code = store_col_cstr(st, i++);
}

static int
store_audit_run(struct store *s, struct db_stmt *st,
		int (*cb)(void *arg, const struct store_audit_row *r),
		void *arg)
{
	struct store_audit_row r;
	int rc, cbrc = 0;

	while ((rc = db_step(st)) == DB_ROW) {
		store_audit_row(st, &r);
		if ((cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_audit_scan(struct store *s, int64_t tenant,
		 int (*cb)(void *arg, const struct store_audit_row *r),
		 void *arg)
{
#define STORE_AUDIT_SCAN(last)                                                 \
	"SELECT " STORE_AUDIT_COLS last " FROM audit_log"                      \
	" WHERE tenant_id = ? ORDER BY seq, id"
	const char *sql = store_audit_sql(s, STORE_AUDIT_SCAN("role_code"),
					  STORE_AUDIT_SCAN("NULL"));
	struct db_stmt *st;

	/* Not cached: a scan may run while other statements are used. */
	if (store_fresh(s, tenant, sql, &st) != 0)
		return ZK_ECORRUPT;
	db_bind_int64(st, 1, tenant);
	return store_audit_run(s, st, cb, arg);
}

int
store_audit_subject(struct store *s, int64_t tenant, const char *subject_uid,
		    int (*cb)(void *arg, const struct store_audit_row *r),
		    void *arg)
{
#define STORE_AUDIT_SUBJECT(last)                                              \
	"SELECT " STORE_AUDIT_COLS last " FROM audit_log"                      \
	" WHERE tenant_id = ? AND subject_uid = ? ORDER BY seq"
	const char *sql = store_audit_sql(s, STORE_AUDIT_SUBJECT("role_code"),
					  STORE_AUDIT_SUBJECT("NULL"));
	struct db_stmt *st;

	if (store_fresh(s, tenant, sql, &st) != 0)
		return ZK_ECORRUPT;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, subject_uid);
	return store_audit_run(s, st, cb, arg);
}

int
store_audit_hash_at(struct store *s, int64_t tenant, int64_t seq,
		    unsigned char hash[32])
{
	static const char sql[] = "SELECT hash FROM audit_log"
				  " WHERE tenant_id = ? AND seq = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, seq);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if ((int)db_column_bytes(st, 0) == 32)
			memcpy(hash, db_column_blob(st, 0), 32);
		else
			memset(hash, 0, 32);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_checkpoint_insert(struct store *s, const struct store_checkpoint *c)
{
	static const char sql[] =
	    "INSERT INTO audit_checkpoint (tenant_id, seq, hash, signed_at,"
	    " public_key, signature) VALUES (?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, c->tenant, "checkpoint_insert", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, c->tenant);
	db_bind_int64(st, 2, c->seq);
	db_bind_blob(st, 3, c->hash, 32);
	store_bind_text(st, 4, c->signed_at);
	db_bind_blob(st, 5, c->public_key, 32);
	db_bind_blob(st, 6, c->signature, 64);
	return store_exec_stmt(s, st);
}

static void
store_checkpoint_row(struct db_stmt *st, struct store_checkpoint *c)
{
	memset(c, 0, sizeof *c);
	c->id = db_column_int64(st, 0);
	c->tenant = db_column_int64(st, 1);
	c->seq = db_column_int64(st, 2);
	store_col_text(st, 4, c->signed_at, sizeof c->signed_at);
	if ((int)db_column_bytes(st, 3) != 32 ||
	    (int)db_column_bytes(st, 5) != 32 ||
	    (int)db_column_bytes(st, 6) != 64) {
		c->malformed = 1;
		return;
	}
	memcpy(c->hash, db_column_blob(st, 3), 32);
	memcpy(c->public_key, db_column_blob(st, 5), 32);
	memcpy(c->signature, db_column_blob(st, 6), 64);
}

int
store_checkpoint_last(struct store *s, int64_t tenant,
		      struct store_checkpoint *out)
{
	static const char sql[] =
	    "SELECT id, tenant_id, seq, hash, signed_at, public_key,"
	    " signature FROM audit_checkpoint WHERE tenant_id = ?"
	    " ORDER BY seq DESC, id DESC LIMIT 1";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	rc = db_step(st);
	if (rc == DB_ROW)
		store_checkpoint_row(st, out);
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_checkpoint_scan(struct store *s, int64_t tenant,
		      int (*cb)(void *arg, const struct store_checkpoint *c),
		      void *arg)
{
	static const char sql[] =
	    "SELECT id, tenant_id, seq, hash, signed_at, public_key,"
	    " signature FROM audit_checkpoint WHERE tenant_id = ?"
	    " ORDER BY seq, id";
	struct store_checkpoint c;
	struct db_stmt *st;
	int rc, cbrc = 0;

	if (store_fresh(s, tenant, sql, &st) != 0)
		return ZK_ECORRUPT;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		store_checkpoint_row(st, &c);
		if ((cbrc = cb(arg, &c)) != 0)
			break;
	}
	db_finalize(st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}
