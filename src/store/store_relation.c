/*
 * store_relation.c: care relations, and the in-memory index kept coherent by
 * the relation epoch.
 *
 * Two clocks keep the index honest. The table's relation epoch (migration
 * 010) is the truth, raised by triggers in the transaction that changes a
 * relation; reading it costs a statement in a transaction. On SQLite a
 * counter shared by every process on the file (store_epoch.h) is raised
 * around each such transaction's commit by the process that makes it, so
 * a question can see in one load that nothing changed since the index was
 * last compared with the table, and answer without a statement. When the
 * counter moved, is damaged or missing, a change is in flight, or the
 * last comparison is older than the bound (relindex_set_bound), the
 * question compares with the table as before. PostgreSQL has no counter:
 * servers on other machines share the database, and only a round trip
 * proves that none of them changed a relation, so every transaction
 * reads the table's epoch once (docs/performance.md has both costs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_int.h"

int
store_relation_open(struct store *s, const char *path, int created)
{
	s->rel_q = -1;
	if (db_engine(s->db) != DB_SQLITE)
		return 0;
	if ((s->rel_path = strdup(path)) == NULL)
		return ZK_ENOMEM;
	/* A new database: a counter file left by an older one at this
	 * path is set up anew, and nobody waits for its readers. */
	if (created)
		store_epoch_open(path, 1, &s->rel_shared);
	return 0;
}

void
store_relation_close(struct store *s)
{
	store_epoch_free(s->rel_shared);
	free(s->rel_path);
	s->rel_shared = NULL;
	s->rel_path = NULL;
}

/* The shared counter, opened when first needed; NULL without one. */
static struct store_epoch *
store_relation_shared(struct store *s)
{
	if (s->rel_shared == NULL && s->rel_path != NULL)
		store_epoch_open(s->rel_path, 0, &s->rel_shared);
	return s->rel_shared;
}

void
store_relation_tx_end(struct store *s)
{
	if (s->rel_shared == NULL)
		return;
	/* A change this handle began has now committed or is undone. */
	if (!db_in_transaction(s->db))
		store_epoch_end(s->rel_shared);
	/*
	 * Where a transaction (not a savepoint in one) begins, before its
	 * snapshot is taken: the counter it may vouch for when it compares
	 * the index with the table (store_epoch.c).
	 */
	if (!s->batch)
		s->rel_q = store_epoch_settled(s->rel_shared);
}

/*
 * Before a change to relations: counts it begun in the shared counter,
 * so that no process trusts its copy from now until the change ended
 * (store_relation_tx_end(), or store_relation_changed() outside a
 * transaction). Without a counter file the change is refused: another
 * process could keep answering from a copy that lacks it.
 */
static int
store_relation_changing(struct store *s)
{
	struct store_epoch *e;

	if (s->rel_path == NULL)
		return 0;
	if ((e = store_relation_shared(s)) == NULL)
		return ZK_EIO;
	return store_epoch_begin(e);
}

static int
store_relation_changed(struct store *s, int rc)
{
	if (s->rel_shared != NULL && !db_in_transaction(s->db))
		store_epoch_end(s->rel_shared);
	return rc;
}

static int64_t
store_relation_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
store_relation_create(struct store *s, int64_t tenant,
		      const struct store_relation *r, int64_t *id)
{
	static const char sql[] =
	    "INSERT INTO care_relation (tenant_id, uid, user_id, subject_id,"
	    " relation, valid_from, valid_until, created_at)"
	    " SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
	    " WHERE EXISTS (SELECT 1 FROM staff_user"
	    "               WHERE id = ?3 AND tenant_id = ?1)"
	    "   AND EXISTS (SELECT 1 FROM subject"
	    "               WHERE id = ?4 AND tenant_id = ?1) RETURNING id";
	char now[ZK_TIME_LEN];
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "relation_create", sql, &st)) != 0 ||
	    (rc = store_relation_changing(s)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, r->uid);
	db_bind_int64(st, 3, r->user_id);
	db_bind_int64(st, 4, r->subject_id);
	store_bind_text(st, 5, r->relation);
	store_bind_text(st, 6, r->valid_from);
	store_bind_text(st, 7, r->valid_until);
	store_bind_text(st, 8, now);
	/* The index no longer matches this transaction until it ends. */
	if (db_in_transaction(s->db))
		s->rel_dirty = 1;
	return store_relation_changed(s, store_insert(s, st, id));
}

/* The enum zk_relation of a relation's name, or -1. */
static int
store_relation_kind(const char *r)
{
	static const char *const names[] = {"responsible", "co_treating",
					    "substitute"};

	for (int i = 0; r != NULL && i < 3; i++)
		if (strcmp(r, names[i]) == 0)
			return i;
	return -1;
}

int
store_relation_index(struct store *s, struct store *with)
{
	struct relindex *ix = with ? relindex_ref(with->rix) : relindex_new();

	if (ix == NULL)
		return ZK_ENOMEM;
	relindex_free(s->rix);
	s->rix = ix;
	s->rel_checked = 0;
	store_relation_shared(s);
	return 0;
}

void
store_relation_bound(struct store *s, int ms)
{
	if (s->rix != NULL)
		relindex_set_bound(s->rix, ms);
}

/*
 * Loads into the index the tenant's relations changed after epoch since,
 * or all of them, as this transaction sees them. A date that does not
 * parse makes its relation never in force: the index denies what it
 * cannot read (ACC-1).
 */
static int
store_relindex_load(struct store *s, int64_t tenant, int all, int64_t since)
{
	static const char sql[] =
	    "SELECT id, user_id, subject_id, relation, valid_from,"
	    " valid_until FROM care_relation"
	    " WHERE tenant_id = ?1 AND epoch > ?2";
	struct db_stmt *st;
	struct relindex_row r;
	int rc, kind, put = 0;

	if ((rc = relindex_begin(s->rix, tenant, all)) != 0)
		return rc;
	if ((rc = store_op(s, tenant, "relation_index", sql, &st)) != 0) {
		relindex_done(s->rix, rc, 0);
		return rc;
	}
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, all ? -1 : since);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *from = db_column_text(st, 4);
		const char *until = db_column_text(st, 5);

		kind = store_relation_kind(db_column_text(st, 3));
		r.id = db_column_int64(st, 0);
		r.user = db_column_int64(st, 1);
		r.subject = db_column_int64(st, 2);
		r.kind = kind < 0 ? 0 : (unsigned)kind;
		r.until = INT32_MAX;
		if (kind < 0 || from == NULL || zk_date_parse(from, &r.from) ||
		    (until != NULL && zk_date_parse(until, &r.until)))
			r.from = INT32_MAX, r.until = INT32_MIN;
		if ((put = relindex_put(s->rix, &r)) != 0)
			break;
	}
	store_done(s, st);
	rc = put != 0 ? put : rc == DB_DONE ? 0 : store_code(rc);
	relindex_done(s->rix, rc, s->rel_epoch);
	return rc;
}

int
store_relation_epoch_wanted(struct store *s, int64_t tenant)
{
	return s->rix != NULL && !s->rel_dirty &&
	       db_engine(s->db) == DB_PGSQL && db_in_transaction(s->db) &&
	       !(s->rel_checked && s->rel_tenant == tenant);
}

void
store_relation_epoch_seen(struct store *s, int64_t tenant, int64_t epoch,
			  int64_t reset)
{
	s->rel_epoch = epoch;
	s->rel_reset = reset;
	s->rel_tenant = tenant;
	s->rel_checked = db_in_transaction(s->db);
}

/*
 * Locks the index with tenant's relations at least as new as this
 * transaction sees them, loading what changed; returns 0 when it did.
 * The epoch is read once per transaction: within one, it only changes by
 * the transaction's own writes, and those turn the index off (rel_dirty).
 * On PostgreSQL the statement that loaded the subject has mostly brought
 * it already (store_relation_epoch_seen), so no statement of its own.
 * Where the shared counter had settled before the snapshot was taken,
 * the index is then good for it (relindex_synced).
 */
static int
store_relindex_ready(struct store *s, int64_t tenant)
{
	static const char sql[] =
	    "SELECT epoch, reset FROM relation_epoch WHERE tenant_id = ?";
	struct store_epoch *e = store_relation_shared(s);
	struct db_stmt *st;
	int64_t held, q = -1;
	int rc;

	if (e != NULL) {
		/* Outside a transaction each statement takes a snapshot
		 * after this; inside one, it was taken after it began. */
		q = store_epoch_quiet(e);
		if (db_in_transaction(s->db))
			q = s->rel_q;
	}
	if (!s->rel_checked || s->rel_tenant != tenant) {
		if ((st = store_stmt(s, tenant, sql)) == NULL)
			return ZK_EIO;
		db_bind_int64(st, 1, tenant);
		store_relation_epoch_seen(s, tenant, 0, 0);
		if ((rc = db_step(st)) == DB_ROW)
			store_relation_epoch_seen(s, tenant,
						  db_column_int64(st, 0),
						  db_column_int64(st, 1));
		store_done(s, st);
		if (rc != DB_ROW && rc != DB_DONE) {
			s->rel_checked = 0;
			return store_code(rc);
		}
	}
	relindex_lock(s->rix);
	held = relindex_epoch(s->rix, tenant);
	/*
	 * Held from before a deletion this transaction sees (perhaps loaded
	 * by an older snapshot since): only a full reload forgets it.
	 */
	if (held >= 0 && held < s->rel_reset)
		held = -1;
	if (held < s->rel_epoch &&
	    (rc = store_relindex_load(s, tenant, held < 0, held)) != 0) {
		relindex_unlock(s->rix);
		return rc;
	}
	if (q >= 0)
		relindex_synced(s->rix, tenant, q, store_relation_ms());
	return 0;
}

/*
 * Locks the index when the shared counter shows that tenant's copy is
 * current without asking the table; returns 0 when it did. One load from
 * shared memory, the lock, and the clock.
 */
static int
store_relindex_fresh(struct store *s, int64_t tenant)
{
	int64_t c;

	if (s->rel_shared == NULL || (c = store_epoch_now(s->rel_shared)) < 0)
		return ZK_ENOTFOUND;
	relindex_lock(s->rix);
	if (relindex_fresh(s->rix, tenant, c, store_relation_ms()))
		return 0;
	relindex_unlock(s->rix);
	return ZK_ENOTFOUND;
}

static int
store_relindex_preload_one(void *arg, const struct store_tenant *t)
{
	struct store *s = arg;

	if (store_relindex_ready(s, t->id) == 0)
		relindex_unlock(s->rix);
	return 0; /* the others still load; a failed one loads when asked */
}

int
store_relation_preload(struct store *s)
{
	int rc;

	if (s->rix == NULL)
		return 0;
	if ((rc = store_begin_read(s)) != 0)
		return rc;
	rc = store_tenant_list(s, store_relindex_preload_one, s);
	store_rollback(s);
	return rc;
}

int
store_relation_overlaps(struct store *s, int64_t tenant, int64_t user,
			int64_t subject, const char *relation,
			const char *valid_from, const char *valid_until)
{
	static const char sql[] =
	    "SELECT count(*) FROM care_relation"
	    " WHERE tenant_id = ?1 AND user_id = ?2 AND subject_id = ?3"
	    "   AND relation = ?4"
	    "   AND (valid_until IS NULL OR valid_until >= ?5)"
	    "   AND (?6 IS NULL OR valid_from <= ?6)";
	struct db_stmt *st;
	int rc, n = 0;

	if ((rc = store_op(s, tenant, "relation_overlaps", sql, &st)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	store_bind_text(st, 4, relation);
	store_bind_text(st, 5, valid_from);
	store_bind_text(st, 6, valid_until);
	if ((rc = db_step(st)) == DB_ROW)
		n = (int)db_column_int64(st, 0);
	store_done(s, st);
	if (rc != DB_ROW)
		return store_code(rc);
	return n > 0 ? ZK_ECONFLICT : 0;
}

int
store_relation_active(struct store *s, int64_t tenant, int64_t user,
		      int64_t subject, int32_t day, unsigned *mask)
{
	static const char sql[] =
	    "SELECT relation FROM care_relation"
	    " WHERE tenant_id = ?1 AND user_id = ?2 AND subject_id = ?3"
	    "   AND valid_from <= ?4"
	    "   AND (valid_until IS NULL OR valid_until >= ?4)";
	char text[ZK_DATE_LEN];
	struct db_stmt *st;
	int rc, kind;

	*mask = 0;
	if (s->rix != NULL && !s->rel_dirty &&
	    (store_relindex_fresh(s, tenant) == 0 ||
	     store_relindex_ready(s, tenant) == 0)) {
		relindex_active(s->rix, tenant, user, subject, day, mask);
		relindex_unlock(s->rix);
		return 0;
	}
	if ((st = store_stmt(s, tenant, sql)) == NULL)
		return ZK_EIO;
	zk_date_fmt(day, text);
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	store_bind_text(st, 4, text);
	while ((rc = db_step(st)) == DB_ROW) {
		kind = store_relation_kind(db_column_text(st, 0));
		if (kind >= 0)
			*mask |= 1u << kind;
	}
	store_done(s, st);
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_relation_list(struct store *s, int64_t tenant, int64_t subject,
		    int (*cb)(void *arg, const struct store_relation *r),
		    void *arg)
{
	static const char sql[] =
	    "SELECT r.id, r.uid, r.user_id, r.subject_id, r.relation,"
	    " r.valid_from, coalesce(r.valid_until, ''), u.username"
	    " FROM care_relation r JOIN staff_user u ON u.id = r.user_id"
	    " WHERE r.tenant_id = ? AND r.subject_id = ? ORDER BY r.id";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	struct store_relation r;
	int rc, cbrc = 0;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, subject);
	while ((rc = db_step(st)) == DB_ROW) {
		r.id = db_column_int64(st, 0);
		store_col_text(st, 1, r.uid, sizeof r.uid);
		r.user_id = db_column_int64(st, 2);
		r.subject_id = db_column_int64(st, 3);
		store_col_text(st, 4, r.relation, sizeof r.relation);
		store_col_text(st, 5, r.valid_from, sizeof r.valid_from);
		store_col_text(st, 6, r.valid_until, sizeof r.valid_until);
		store_col_text(st, 7, r.username, sizeof r.username);
		if ((cbrc = cb(arg, &r)) != 0)
			break;
	}
	store_done(s, st);
	if (cbrc != 0)
		return cbrc;
	return rc == DB_DONE ? 0 : store_code(rc);
}

int
store_same_team(struct store *s, int64_t tenant, int64_t user, int64_t subject,
		int *same)
{
	static const char sql[] =
	    "SELECT EXISTS (SELECT 1 FROM staff_user u JOIN subject x"
	    "  ON x.team_id = u.team_id AND x.tenant_id = u.tenant_id"
	    " WHERE u.tenant_id = ?1 AND u.id = ?2 AND x.id = ?3"
	    "   AND u.team_id IS NOT NULL)";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	*same = 0;
	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, user);
	db_bind_int64(st, 3, subject);
	rc = db_step(st);
	if (rc == DB_ROW)
		*same = (int)db_column_int64(st, 0) != 0;
	store_done(s, st);
	return rc == DB_ROW ? 0 : store_code(rc);
}

int
store_relation_get(struct store *s, int64_t tenant, const char *uid,
		   struct store_relation *out, char subject_uid[ZK_UUID_LEN])
{
	static const char sql[] =
	    "SELECT r.id, r.uid, r.user_id, r.subject_id, r.relation,"
	    " r.valid_from, coalesce(r.valid_until, ''), u.username, x.uid"
	    " FROM care_relation r JOIN staff_user u ON u.id = r.user_id"
	    " JOIN subject x ON x.id = r.subject_id"
	    " WHERE r.tenant_id = ? AND r.uid = ?";
	struct db_stmt *st = store_stmt(s, tenant, sql);
	int rc;

	if (st == NULL)
		return ZK_EIO;
	db_bind_int64(st, 1, tenant);
	store_bind_text(st, 2, uid);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->id = db_column_int64(st, 0);
		store_col_text(st, 1, out->uid, sizeof out->uid);
		out->user_id = db_column_int64(st, 2);
		out->subject_id = db_column_int64(st, 3);
		store_col_text(st, 4, out->relation, sizeof out->relation);
		store_col_text(st, 5, out->valid_from, sizeof out->valid_from);
		store_col_text(st, 6, out->valid_until,
			       sizeof out->valid_until);
		store_col_text(st, 7, out->username, sizeof out->username);
		store_col_text(st, 8, subject_uid, ZK_UUID_LEN);
	}
	store_done(s, st);
	return rc == DB_ROW ? 0 : rc == DB_DONE ? ZK_ENOTFOUND : store_code(rc);
}

int
store_relation_end(struct store *s, int64_t tenant, int64_t id,
		   const char *valid_until)
{
	static const char sql[] = "UPDATE care_relation SET valid_until = ?3"
				  " WHERE tenant_id = ?1 AND id = ?2";
	struct db_stmt *st;
	int rc;

	if ((rc = store_op(s, tenant, "relation_end", sql, &st)) != 0 ||
	    (rc = store_relation_changing(s)) != 0)
		return rc;
	db_bind_int64(st, 1, tenant);
	db_bind_int64(st, 2, id);
	store_bind_text(st, 3, valid_until);
	/* The index no longer matches this transaction until it ends. */
	if (db_in_transaction(s->db))
		s->rel_dirty = 1;
	return store_relation_changed(s, store_exec_some(s, st));
}
