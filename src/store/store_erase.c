/*
 * store_erase.c: the SQL of erasure (ERA-1 to ERA-5): deleting what is
 * sealed with a subject's key, re-sealing what stays under a new key, the
 * content-free destruction record, and the subject's key generation in
 * the key store (migration 025).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"

int
store_subject_clear_wrapped(struct store *s, int64_t tenant, int64_t id)
{
	static const char sql[] = "UPDATE subject SET wrapped_key = NULL"
				  " WHERE tenant_id = ? AND id = ?";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "subject_clear_wrapped", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	return store_exec_some(s, st);
}

int
store_subject_mark_erased(struct store *s, int64_t tenant, int64_t id,
			  const char *when)
{
	static const char sql[] =
	    "UPDATE subject SET key_destroyed_at = ?3, wrapped_key = NULL"
	    " WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "subject_mark_erased", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, when);
	return store_exec_some(s, st);
}

int
store_subject_set_gen(struct store *s, int64_t tenant, int64_t id, int gen)
{
	static const char sql[] = "UPDATE subject SET key_gen = ?3"
				  " WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "subject_set_gen", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	db_bind_int64(st, 3, gen);
	return store_exec_some(s, st);
}

/* Runs sql with ?1 tenant, ?2 subject and ?3 an empty blob. */
static int
erase_run(struct store *s, int64_t tenant, int64_t subject, const char *sql)
{
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "erase_subject", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	if (strstr(sql, "?3") != NULL)
		db_bind_blob(st, 3, "", 0);
	return store_exec_stmt(s, st);
}

int
store_erase_subject(struct store *s, int64_t tenant, int64_t id)
{
	/* Children before parents; the rows of rights stay, emptied. */
	static const char *const sql[] = {
	    "DELETE FROM request_withheld WHERE tenant_id = ?1 AND"
	    " (request_id IN (SELECT id FROM request WHERE tenant_id = ?1"
	    "  AND subject_id = ?2) OR entry_id IN (SELECT id FROM entry"
	    "  WHERE tenant_id = ?1 AND subject_id = ?2))",
	    "DELETE FROM entry_correction WHERE tenant_id = ?1 AND entry_id IN"
	    " (SELECT id FROM entry WHERE tenant_id = ?1 AND subject_id = ?2)",
	    /* SHD-1: a shield on an entry goes with the entry. */
	    "DELETE FROM shield WHERE tenant_id = ?1 AND subject_id = ?2"
	    " AND entry_id IS NOT NULL",
	    "DELETE FROM entry WHERE tenant_id = ?1 AND subject_id = ?2",
	    "DELETE FROM subject_direct_address"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    /* INZ-6: a portal account no longer leads to an erased client. */
	    "DELETE FROM portal_link WHERE tenant_id = ?1 AND subject_id = ?2",
	    /* LOG-7: the log review's marks go with the client. */
	    "DELETE FROM staff_subject WHERE tenant_id = ?1 AND subject_id = "
	    "?2",
	    "DELETE FROM subject_public_figure"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    "UPDATE kin_request SET name = ?3 WHERE tenant_id = ?1"
	    " AND request_id IN (SELECT id FROM request"
	    "  WHERE tenant_id = ?1 AND subject_id = ?2)",
	    "UPDATE request_change SET content = NULL, reason = NULL"
	    " WHERE tenant_id = ?1 AND request_id IN (SELECT id FROM request"
	    "  WHERE tenant_id = ?1 AND subject_id = ?2)",
	    /* recipient_notice.reason stays: sealed with the key that goes,
	     * and COR-3 wants a reason on an impossible notice. */
	    "DELETE FROM subject_identity_version"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    "DELETE FROM subject_origin WHERE tenant_id = ?1 AND subject_id = "
	    "?2",
	    "UPDATE representative SET name = ?3"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    "UPDATE capacity_assessment SET matter = ''"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    "UPDATE information_exemption SET reason = ''"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    /* A refusal keeps a (now empty) reasons value: RQ-5's trigger. */
	    "UPDATE request SET details = NULL, reasons = CASE WHEN reasons"
	    " IS NULL THEN NULL ELSE ?3 END"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    "UPDATE break_glass SET reason = ?3, measure = CASE WHEN measure"
	    " IS NULL THEN NULL ELSE ?3 END"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    /* RET-3: a hold stays as a fact, its reason goes. */
	    "UPDATE retention_hold SET reason = ?3"
	    " WHERE tenant_id = ?1 AND subject_id = ?2",
	    "UPDATE subject SET identity = NULL, wrapped_key = NULL"
	    " WHERE tenant_id = ?1 AND id = ?2",
	};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < ZK_ARRAY_SIZE(sql); i++)
		rc = erase_run(s, tenant, id, sql[i]);
	return rc;
}

/*
 * The entries to delete for uids: the rows themselves and, repeatedly,
 * the entries correcting them, as a temporary list of ids in ids.
 */
static int
erase_collect(struct store *s, int64_t tenant, int64_t subject,
	      const char *const *uids, int n, int64_t **ids, int *nids)
{
	static const char one[] = "SELECT id FROM entry WHERE tenant_id = ?"
				  " AND subject_id = ? AND uid = ?";
	static const char by[] = "SELECT id FROM entry WHERE tenant_id = ?"
				 " AND corrects_id = ?";
	int64_t *v = NULL;
	int cap = 0, len = 0, rc = 0;

	for (int i = 0; rc == 0 && i < n; i++) {
		struct db_stmt *st;
		int r;

		if ((rc = store_fresh(s, tenant, one, &st)) != 0)
			break;
		db_bind_int64(st, 1, tenant);
		db_bind_int64(st, 2, subject);
		store_bind_text(st, 3, uids[i]);
		r = db_step(st);
		if (r == DB_ROW) {
			int64_t id = db_column_int64(st, 0);
			int dup = 0;

			for (int j = 0; j < len; j++)
				dup |= v[j] == id;
			if (!dup && len == cap) {
				int64_t *nv;

				cap = cap ? 2 * cap : 16;
				if ((nv = realloc(v, (size_t)cap *
							 sizeof *v)) == NULL)
					rc = ZK_ENOMEM;
				else
					v = nv;
			}
			if (rc == 0 && !dup)
				v[len++] = id;
		} else {
			rc = r == DB_DONE ? ZK_ENOTFOUND : store_code(r);
		}
		db_finalize(st);
	}
	/* COR-2: a correction of an erased entry goes with it. */
	for (int i = 0; rc == 0 && i < len; i++) {
		struct db_stmt *st;
		int r;

		if ((rc = store_fresh(s, tenant, by, &st)) != 0)
			break;
		db_bind_int64(st, 1, tenant);
		db_bind_int64(st, 2, v[i]);
		while (rc == 0 && (r = db_step(st)) == DB_ROW) {
			int64_t id = db_column_int64(st, 0), *nv;
			int dup = 0;

			for (int j = 0; j < len; j++)
				dup |= v[j] == id;
			if (dup)
				continue;
			if (len == cap) {
				cap = cap ? 2 * cap : 16;
				if ((nv = realloc(v, (size_t)cap *
							 sizeof *v)) == NULL) {
					rc = ZK_ENOMEM;
					break;
				}
				v = nv;
			}
			v[len++] = id;
		}
		db_finalize(st);
	}
	if (rc != 0) {
		free(v);
		v = NULL;
		len = 0;
	}
	*ids = v;
	*nids = len;
	return rc;
}

int
store_erase_entries(struct store *s, int64_t tenant, int64_t subject,
		    const char *const *uids, int n, int64_t *deleted)
{
	static const char *const sql[] = {
	    "DELETE FROM request_withheld WHERE tenant_id = ?1"
	    " AND entry_id = ?2",
	    "DELETE FROM entry_correction WHERE tenant_id = ?1"
	    " AND entry_id = ?2",
	    "DELETE FROM shield WHERE tenant_id = ?1 AND entry_id = ?2",
	};
	static const char del[] =
	    "DELETE FROM entry WHERE tenant_id = ?1 AND id = ?2";
	int64_t *ids = NULL;
	int nids = 0, rc;

	*deleted = 0;
	if ((rc = erase_collect(s, tenant, subject, uids, n, &ids, &nids)) != 0)
		return rc;
	for (int i = 0; rc == 0 && i < nids; i++)
		for (size_t k = 0; rc == 0 && k < ZK_ARRAY_SIZE(sql); k++)
			rc = erase_run(s, tenant, ids[i], sql[k]);
	/* The newest first: a correction before what it corrects. */
	for (int i = nids - 1; rc == 0 && i >= 0; i--) {
		struct db_stmt *st;

		if ((rc = store_op(s, tenant, "erase_entry", del, &st)) != 0)
			break;
		db_bind_int64(st, 1, tenant);
		db_bind_int64(st, 2, ids[i]);
		if ((rc = store_exec_some(s, st)) == 0)
			(*deleted)++;
	}
	free(ids);
	return rc;
}

int
store_erase_count(struct store *s, int64_t tenant, int64_t subject,
		  const char *const *uids, int n,
		  int (*cb)(void *arg, const char *category, int64_t n),
		  void *arg)
{
	static const char all[] =
	    "SELECT category, count(*) FROM entry WHERE tenant_id = ?"
	    " AND subject_id = ? GROUP BY category ORDER BY category";
	static const char one[] = "SELECT category FROM entry WHERE id = ?";
	int64_t *ids = NULL;
	struct db_stmt *st;
	int nids = 0, rc, cbrc = 0;

	if (uids == NULL) {
		if ((rc = store_fresh(s, tenant, all, &st)) != 0)
			return rc;
		db_bind_int64(st, 1, tenant);
		db_bind_int64(st, 2, subject);
		while ((rc = db_step(st)) == DB_ROW)
			if ((cbrc = cb(arg, db_column_text(st, 0),
				       db_column_int64(st, 1))) != 0)
				break;
		db_finalize(st);
		return cbrc != 0 ? cbrc : rc == DB_DONE ? 0 : store_code(rc);
	}
	if ((rc = erase_collect(s, tenant, subject, uids, n, &ids, &nids)) != 0)
		return rc;
	for (int i = 0; rc == 0 && i < nids; i++) {
		if ((rc = store_fresh(s, tenant, one, &st)) != 0)
			break;
		db_bind_int64(st, 1, ids[i]);
		if ((rc = db_step(st)) == DB_ROW)
			rc = cb(arg, db_column_text(st, 0), 1);
		else
			rc = store_code(rc);
		db_finalize(st);
	}
	free(ids);
	return rc;
}

/*
 * Every sealed column but entry.content: the query gives each value's
 * row (?1 tenant, ?2 subject) as key, object uid and value; the update
 * writes it back (?1 tenant, ?2 key, ?3 value). "what" is the label the
 * value is sealed under (svc_seal_ad).
 */
static const struct {
	const char *select, *what, *update;
} erase_sealed[] = {
    {"SELECT id, NULL, identity FROM subject WHERE tenant_id = ?1"
     " AND id = ?2 AND identity IS NOT NULL",
     "identity",
     "UPDATE subject SET identity = ?3 WHERE tenant_id = ?1"
     " AND id = ?2"},
    {"SELECT id, NULL, identity FROM subject_identity_version"
     " WHERE tenant_id = ?1 AND subject_id = ?2",
     "identity",
     "UPDATE subject_identity_version SET identity = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT c.entry_id, e.uid, c.reason FROM entry_correction c"
     " JOIN entry e ON e.id = c.entry_id WHERE c.tenant_id = ?1"
     " AND e.subject_id = ?2",
     "correction_reason",
     "UPDATE entry_correction SET reason = ?3"
     " WHERE tenant_id = ?1 AND entry_id = ?2"},
    {"SELECT id, uid, reason FROM break_glass WHERE tenant_id = ?1"
     " AND subject_id = ?2",
     "break_glass",
     "UPDATE break_glass SET reason = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT id, uid, measure FROM break_glass WHERE tenant_id = ?1"
     " AND subject_id = ?2 AND measure IS NOT NULL",
     "break_glass_measure",
     "UPDATE break_glass SET measure = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT id, uid, name FROM representative WHERE tenant_id = ?1"
     " AND subject_id = ?2",
     "representative",
     "UPDATE representative SET name = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT id, uid, matter FROM capacity_assessment WHERE tenant_id = ?1"
     " AND subject_id = ?2",
     "matter",
     "UPDATE capacity_assessment SET matter = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT id, uid, reason FROM information_exemption"
     " WHERE tenant_id = ?1 AND subject_id = ?2",
     "reason",
     "UPDATE information_exemption SET reason = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    /* RET-3: the reason of a legal hold may name the care. */
    {"SELECT id, uid, reason FROM retention_hold WHERE tenant_id = ?1"
     " AND subject_id = ?2",
     "hold_reason",
     "UPDATE retention_hold SET reason = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT o.subject_id, s.uid, o.source FROM subject_origin o"
     " JOIN subject s ON s.id = o.subject_id WHERE o.tenant_id = ?1"
     " AND o.subject_id = ?2",
     "origin",
     "UPDATE subject_origin SET source = ?3"
     " WHERE tenant_id = ?1 AND subject_id = ?2"},
    {"SELECT id, uid, reasons FROM request WHERE tenant_id = ?1"
     " AND subject_id = ?2 AND reasons IS NOT NULL",
     "request_reasons",
     "UPDATE request SET reasons = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT id, uid, details FROM request WHERE tenant_id = ?1"
     " AND subject_id = ?2 AND details IS NOT NULL",
     "request_details",
     "UPDATE request SET details = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT w.id, r.uid, w.reason FROM request_withheld w"
     " JOIN request r ON r.id = w.request_id WHERE w.tenant_id = ?1"
     " AND r.subject_id = ?2",
     "request_withheld",
     "UPDATE request_withheld SET reason = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT c.id, c.uid, c.content FROM request_change c"
     " JOIN request r ON r.id = c.request_id WHERE c.tenant_id = ?1"
     " AND r.subject_id = ?2 AND c.content IS NOT NULL",
     "request_change",
     "UPDATE request_change SET content = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT c.id, c.uid, c.reason FROM request_change c"
     " JOIN request r ON r.id = c.request_id WHERE c.tenant_id = ?1"
     " AND r.subject_id = ?2 AND c.reason IS NOT NULL",
     "request_change_reason",
     "UPDATE request_change SET reason = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT k.request_id, r.uid, k.name FROM kin_request k"
     " JOIN request r ON r.id = k.request_id WHERE k.tenant_id = ?1"
     " AND r.subject_id = ?2",
     "kin_name",
     "UPDATE kin_request SET name = ?3"
     " WHERE tenant_id = ?1 AND request_id = ?2"},
    {"SELECT d.subject_id, s.uid, d.reason FROM subject_direct_address d"
     " JOIN subject s ON s.id = d.subject_id WHERE d.tenant_id = ?1"
     " AND d.subject_id = ?2",
     "direct_address",
     "UPDATE subject_direct_address SET reason = ?3"
     " WHERE tenant_id = ?1 AND subject_id = ?2"},
    {"SELECT id, uid, content FROM complaint WHERE tenant_id = ?1"
     " AND subject_id = ?2",
     "complaint",
     "UPDATE complaint SET content = ?3 WHERE tenant_id = ?1 AND id = ?2"},
    {"SELECT id, uid, reason FROM recipient_notice WHERE tenant_id = ?1"
     " AND subject_id = ?2 AND reason IS NOT NULL",
     "reason",
     "UPDATE recipient_notice SET reason = ?3"
     " WHERE tenant_id = ?1 AND id = ?2"},
};

struct erase_value {
	int64_t key;
	char object[ZK_UUID_LEN];
	struct zk_buf v;
};

/* Reads one table's values of subject into *vals (the caller frees). */
static int
erase_read(struct store *s, int64_t tenant, int64_t subject, const char *sql,
	   struct erase_value **vals, int *n)
{
	struct erase_value *v = NULL;
	struct db_stmt *st;
	int cap = 0, len = 0, rc;

	*vals = NULL;
	*n = 0;
	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		if (len == cap) {
			struct erase_value *nv;

			cap = cap ? 2 * cap : 8;
			if ((nv = realloc(v, (size_t)cap * sizeof *v)) ==
			    NULL) {
				rc = ZK_ENOMEM;
				break;
			}
			v = nv;
		}
		memset(&v[len], 0, sizeof v[len]);
		zk_buf_init(&v[len].v, 0);
		v[len].key = db_column_int64(st, 0);
		store_col_text(st, 1, v[len].object, sizeof v[len].object);
		if ((rc = store_col_buf(st, 2, &v[len].v)) != 0) {
			zk_buf_release(&v[len].v);
			break;
		}
		len++;
	}
	db_finalize(st);
	*vals = v;
	*n = len;
	return rc == DB_DONE ? 0 : rc < 0 ? rc : store_code(rc);
}

int
store_reseal(struct store *s, int64_t tenant, int64_t subject,
	     int (*cb)(void *arg, const char *object, const char *what,
		       const struct zk_buf *in, struct zk_buf *out),
	     void *arg)
{
	int rc = 0;

	for (size_t t = 0; rc == 0 && t < ZK_ARRAY_SIZE(erase_sealed); t++) {
		struct erase_value *v = NULL;
		int n = 0;

		rc = erase_read(s, tenant, subject, erase_sealed[t].select, &v,
				&n);
		for (int i = 0; rc == 0 && i < n; i++) {
			struct zk_buf out;
			struct db_stmt *st;

			if (v[i].v.len == 0)
				continue; /* nothing sealed in it */
			zk_buf_init(&out, 0);
			rc = cb(arg, v[i].object[0] ? v[i].object : NULL,
				erase_sealed[t].what, &v[i].v, &out);
			if (rc == 0)
				rc = store_op(s, tenant, "reseal",
					      erase_sealed[t].update, &st);
			if (rc == 0) {
				db_bind_int64(st, 1, tenant);
				db_bind_int64(st, 2, v[i].key);
				db_bind_blob(st, 3, out.data, out.len);
				rc = store_exec_some(s, st);
			}
			zk_buf_release(&out);
		}
		for (int i = 0; i < n; i++)
			zk_buf_release(&v[i].v);
		free(v);
	}
	return rc;
}

int
store_entry_reseal(struct store *s, int64_t tenant, int64_t id,
		   const struct zk_buf *content, const unsigned char mac[32])
{
	static const char sql[] = "UPDATE entry SET content = ?3, meta_mac = ?4"
				  " WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "entry_reseal", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	db_bind_blob(st, 3, content->data, content->len);
	db_bind_blob(st, 4, mac, 32);
	return store_exec_some(s, st);
}

int
store_destruction_add(struct store *s, int64_t tenant,
		      const struct store_destruction *d)
{
	static const char sql[] =
	    "INSERT INTO destruction (tenant_id, uid, subject_id, scope,"
	    " ground, rule, request_id, categories, entries, key_gen,"
	    " destroyed_at, destroyed_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "destruction_add", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, d->uid);
	db_bind_int64(st, 3, d->subject_id);
	store_bind_text(st, 4, d->scope);
	store_bind_text(st, 5, d->ground);
	store_bind_text(st, 6, d->rule);
	store_bind_id(st, 7, d->request_id);
	db_bind_text(st, 8, d->categories);
	db_bind_int64(st, 9, d->entries);
	db_bind_int64(st, 10, d->key_gen);
	store_bind_text(st, 11, d->destroyed_at);
	store_bind_text(st, 12, d->destroyed_by);
	return store_exec_some(s, st);
}

int
store_destruction_last(struct store *s, int64_t tenant, int64_t subject,
		       struct store_destruction *out)
{
	static const char sql[] =
	    "SELECT uid, subject_id, scope, ground, rule, request_id,"
	    " categories, entries, key_gen, destroyed_at, destroyed_by"
	    " FROM destruction WHERE tenant_id = ? AND subject_id = ?"
	    " ORDER BY id DESC LIMIT 1";
	struct db_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	if ((rc = db_step(st)) == DB_ROW) {
		store_col_text(st, 0, out->uid, sizeof out->uid);
		out->subject_id = db_column_int64(st, 1);
		store_col_text(st, 2, out->scope, sizeof out->scope);
		store_col_text(st, 3, out->ground, sizeof out->ground);
		store_col_text(st, 4, out->rule, sizeof out->rule);
		out->request_id = db_column_int64(st, 5);
		store_col_text(st, 6, out->categories, sizeof out->categories);
		out->entries = db_column_int64(st, 7);
		out->key_gen = (int)db_column_int64(st, 8);
		store_col_text(st, 9, out->destroyed_at,
			       sizeof out->destroyed_at);
		store_col_text(st, 10, out->destroyed_by,
			       sizeof out->destroyed_by);
	}
	db_finalize(st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_subject_keys(struct store *s, int64_t tenant,
		   int (*cb)(void *arg, const struct store_subject *x),
		   void *arg)
{
	static const char sql[] =
	    "SELECT id, uid, wrapped_key, key_gen, key_destroyed_at"
	    " FROM subject WHERE tenant_id = ? ORDER BY id";
	struct store_subject *v = NULL;
	struct db_stmt *st;
	int cap = 0, len = 0, rc;

	/* Read whole first: the callback writes to the same table. */
	if ((rc = store_fresh(s, tenant, sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	while ((rc = db_step(st)) == DB_ROW) {
		struct store_subject *x;
		size_t n = db_column_bytes(st, 2);

		if (len == cap) {
			cap = cap ? 2 * cap : 64;
			if ((x = realloc(v, (size_t)cap * sizeof *v)) == NULL) {
				rc = ZK_ENOMEM;
				break;
			}
			v = x;
		}
		x = &v[len++];
		memset(x, 0, sizeof *x);
		x->id = db_column_int64(st, 0);
		store_col_text(st, 1, x->uid, sizeof x->uid);
		if (n > 0 && n <= sizeof x->wrapped_key) {
			memcpy(x->wrapped_key, db_column_blob(st, 2), n);
			x->wrapped_len = n;
		}
		x->key_gen = (int)db_column_int64(st, 3);
		store_col_text(st, 4, x->key_destroyed_at,
			       sizeof x->key_destroyed_at);
	}
	db_finalize(st);
	rc = rc == DB_DONE ? 0 : rc < 0 ? rc : store_code(rc);
	for (int i = 0; rc == 0 && i < len; i++)
		rc = cb(arg, &v[i]);
	free(v);
	return rc;
}

int
store_audit_restores(struct store *s,
		     int (*cb)(void *arg, int64_t tenant, int64_t seq,
			       const char *ts, const char *reason),
		     void *arg)
{
	static const char sql[] =
	    "SELECT tenant_id, seq, ts, reason FROM audit_log"
	    " WHERE event = 'audit.restore' ORDER BY tenant_id, seq";
	struct db_stmt *st;
	int rc, cbrc = 0;

	if ((rc = store_fresh(s, DB_ALL_TENANTS, sql, &st)) != 0)
		return rc;
	while ((rc = db_step(st)) == DB_ROW)
		if ((cbrc =
			 cb(arg, db_column_int64(st, 0), db_column_int64(st, 1),
			    db_column_text(st, 2), db_column_text(st, 3))) != 0)
			break;
	db_finalize(st);
	return cbrc != 0 ? cbrc : rc == DB_DONE ? 0 : store_code(rc);
}
