/*
 * test_relindex.c: the care relations in memory (store/relindex.c) must
 * answer exactly what the care_relation table answers (ACC-2), and stay
 * coherent with it when the relations change: from this connection,
 * from another connection of the same process, from another zorgkluis
 * process (a store handle with an index of its own, and a forked child),
 * and from another program (SQL on the file), which only the table's
 * epoch shows: those tests compare with the table in every transaction
 * (store_relation_bound 0). On SQLite a shared counter file tells the
 * processes of zorgkluis about each other's changes (store_epoch.h);
 * a counter file that is damaged, removed or left by a writer that died
 * must make the index ask the table, never answer stale.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/relindex.h"
#include "store/store.h"
#include "store/store_epoch.h"
#include "support/support.h"

#define RI_USERS 3
#define RI_SUBJECTS 3

struct ri {
	char db[4096];
	struct store *plain; /* no index: the table's answer */
	struct store *s;     /* with an index */
	int64_t tenant;
	int64_t users[RI_USERS], subjects[RI_SUBJECTS];
};

static void
ri_open(struct ri *t)
{
	struct store_subject x;
	struct store_user u;
	char *cause = NULL;

	memset(t, 0, sizeof *t);
	test_db_new(test_tmpdir(), t->db, sizeof t->db);
	assert_int_equal(store_open(t->db, STORE_CREATE, &t->plain, &cause), 0);
	assert_int_equal(store_begin(t->plain), 0);
	assert_int_equal(
	    store_tenant_create(t->plain, "ri", "Relations", &t->tenant), 0);
	memset(&x, 0, sizeof x);
	memset(&u, 0, sizeof u);
	zk_buf_init(&x.identity, 0);
	zk_buf_append(&x.identity, "x", 1);
	zk_strlcpy(x.kind, "client", sizeof x.kind);
	zk_strlcpy(x.created_at, "2026-01-01T00:00:00Z", sizeof x.created_at);
	zk_strlcpy(u.confidentiality, "profession", sizeof u.confidentiality);
	zk_strlcpy(u.created_at, x.created_at, sizeof u.created_at);
	for (int i = 0; i < RI_USERS; i++) {
		zk_uuid_new(u.uid);
		snprintf(u.username, sizeof u.username, "user%d", i);
		zk_strlcpy(u.display_name, u.username, sizeof u.display_name);
		assert_int_equal(
		    store_user_create(t->plain, t->tenant, &u, &t->users[i]),
		    0);
	}
	for (int i = 0; i < RI_SUBJECTS; i++) {
		zk_uuid_new(x.uid);
		assert_int_equal(store_subject_create(t->plain, t->tenant, &x,
						      &t->subjects[i]),
				 0);
	}
	store_subject_release(&x);
	assert_int_equal(store_commit(t->plain), 0);
	assert_int_equal(store_open(t->db, 0, &t->s, &cause), 0);
	assert_int_equal(store_relation_index(t->s, NULL), 0);
}

static void
ri_close(struct ri *t)
{
	store_close(t->s);
	store_close(t->plain);
}

static int64_t
ri_add(struct store *s, struct ri *t, int user, int subject,
       const char *relation, const char *from, const char *until)
{
	struct store_relation r;
	int64_t id = 0;

	memset(&r, 0, sizeof r);
	zk_uuid_new(r.uid);
	r.user_id = t->users[user];
	r.subject_id = t->subjects[subject];
	zk_strlcpy(r.relation, relation, sizeof r.relation);
	zk_strlcpy(r.valid_from, from, sizeof r.valid_from);
	if (until != NULL)
		zk_strlcpy(r.valid_until, until, sizeof r.valid_until);
	assert_int_equal(store_relation_create(s, t->tenant, &r, &id), 0);
	return id;
}

static unsigned
ri_mask(struct store *s, struct ri *t, int user, int subject, const char *day)
{
	unsigned mask = 99;
	int32_t d;

	assert_int_equal(zk_date_parse(day, &d), 0);
	assert_int_equal(store_relation_active(s, t->tenant, t->users[user],
					       t->subjects[subject], d, &mask),
			 0);
	return mask;
}

/* The index and the table agree on every pair, on every boundary day. */
static void
ri_agree(struct ri *t)
{
	static const char *const days[] = {
	    "2025-12-31", "2026-01-01", "2026-01-02", "2026-02-28",
	    "2026-03-01", "2026-06-30", "2026-07-01", "2030-01-01"};

	for (int u = 0; u < RI_USERS; u++)
		for (int x = 0; x < RI_SUBJECTS; x++)
			for (size_t d = 0; d < sizeof days / sizeof days[0];
			     d++)
				assert_int_equal(
				    ri_mask(t->s, t, u, x, days[d]),
				    ri_mask(t->plain, t, u, x, days[d]));
}

/* ACC-2: the index answers what the table answers, periods included. */
static void
test_relindex_agrees(void **state)
{
	struct ri t;

	(void)state;
	ZK_RULE("ACC-2");
	ri_open(&t);
	ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	ri_add(t.plain, &t, 0, 1, "co_treating", "2026-01-01", "2026-02-28");
	ri_add(t.plain, &t, 0, 1, "substitute", "2026-03-01", "2026-06-30");
	ri_add(t.plain, &t, 1, 0, "substitute", "2026-07-01", NULL);
	ri_add(t.plain, &t, 2, 2, "responsible", "2026-01-02", "2026-01-02");
	ri_agree(&t);
	/* Permit side and deny side, spelled out. */
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-01-01"), 1u << 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2025-12-31"), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-02-28"), 1u << 1);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-03-01"), 1u << 2);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-07-01"), 0);
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-07-01"), 0);
	assert_int_equal(ri_mask(t.s, &t, 2, 2, "2026-01-03"), 0);
	ri_close(&t);
}

/*
 * ACC-2: a relation added, ended or deleted elsewhere, by another
 * connection or another program, counts from the next transaction on.
 */
static void
test_relindex_follows_changes(void **state)
{
	struct ri t;

	(void)state;
	ZK_RULE("ACC-2");
	ri_open(&t);
	/* SQL on the file moves only the table's epoch. */
	store_relation_bound(t.s, 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 0);

	/* Ended by another program: refused from then on. */
	test_sql(t.db, "UPDATE care_relation SET valid_until = '2026-11-22'");
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-22"), 1u << 0);
	test_sql(t.db, "UPDATE care_relation SET relation = 'substitute',"
		       " valid_until = NULL");
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 2);

	/* Deleted: the index reloads in full and forgets it. */
	ri_add(t.plain, &t, 1, 1, "co_treating", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 1u << 1);
	test_sql(t.db,
		 "DELETE FROM care_relation WHERE relation = 'substitute'");
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 1u << 1);

	/* Replaced by another program: the row it replaced is gone. */
	test_sql(
	    t.db,
	    test_engine_pg()
		? "WITH old AS (DELETE FROM care_relation"
		  " WHERE relation = 'co_treating' RETURNING *)"
		  " INSERT INTO care_relation (id, tenant_id, uid, user_id,"
		  " subject_id, relation, valid_from, created_at)"
		  " SELECT id, tenant_id, uid, user_id + 1, subject_id,"
		  " relation, valid_from, created_at FROM old"
		: "INSERT OR REPLACE INTO care_relation (id, tenant_id,"
		  " uid, user_id, subject_id, relation, valid_from,"
		  " created_at) SELECT id, tenant_id, uid, user_id + 1,"
		  " subject_id, relation, valid_from, created_at"
		  " FROM care_relation WHERE relation = 'co_treating'");
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 0);
	assert_int_equal(ri_mask(t.s, &t, 2, 1, "2026-11-23"), 1u << 1);
	ri_agree(&t);
	ri_close(&t);
}

/*
 * Within one transaction the answer follows its snapshot; the next one
 * sees what was committed meanwhile.
 */
static void
test_relindex_snapshot(void **state)
{
	struct ri t;

	(void)state;
	ri_open(&t);
	ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	assert_int_equal(store_begin_read(t.s), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 0);
	ri_add(t.plain, &t, 0, 1, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-23"), 0);
	assert_int_equal(store_commit(t.s), 0);
	assert_int_equal(store_begin_read(t.s), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-23"), 1u << 0);
	assert_int_equal(store_commit(t.s), 0);
	ri_close(&t);
}

/*
 * A transaction that adds a relation sees it at once; rolled back, the
 * relation is gone, also for the connections sharing the index.
 */
static void
test_relindex_own_writes(void **state)
{
	struct store *shared = NULL;
	char *cause = NULL;
	struct ri t;

	(void)state;
	ri_open(&t);
	assert_int_equal(store_open(t.db, 0, &shared, &cause), 0);
	assert_int_equal(store_relation_index(shared, t.s), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(store_begin(t.s), 0);
	ri_add(t.s, &t, 0, 0, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 0);
	store_rollback(t.s);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(shared, &t, 0, 0, "2026-11-23"), 0);

	assert_int_equal(store_begin(t.s), 0);
	ri_add(t.s, &t, 0, 0, "co_treating", "2026-01-01", NULL);
	assert_int_equal(store_commit(t.s), 0);
	assert_int_equal(ri_mask(shared, &t, 0, 0, "2026-11-23"), 1u << 1);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 1);
	store_close(shared);
	ri_close(&t);
}

/*
 * ACC-2: after a deletion, a copy loaded from an older snapshot (which
 * still saw the relation) is not brought up to date by adding what
 * changed: it is reloaded in full, so the deleted relation is gone.
 */
static void
test_relindex_old_snapshot(void **state)
{
	struct store *b = NULL;
	char *cause = NULL;
	struct ri t;

	(void)state;
	ZK_RULE("ACC-2");
	ri_open(&t);
	store_relation_bound(t.s, 0); /* SQL on the file, below */
	assert_int_equal(store_open(t.db, 0, &b, &cause), 0);
	assert_int_equal(store_relation_index(b, t.s), 0);
	ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	ri_add(t.plain, &t, 1, 1, "responsible", "2026-01-01", NULL);
	/* A reads in a snapshot that has the relation. */
	assert_int_equal(store_begin_read(t.s), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 0);
	/* Elsewhere it is deleted, and another relation added. */
	test_sql(t.db, "DELETE FROM care_relation WHERE relation ="
		       " 'responsible' AND subject_id = (SELECT min(subject_id)"
		       " FROM care_relation)");
	ri_add(t.plain, &t, 2, 2, "co_treating", "2026-01-01", NULL);
	/* B's first load fails, so the copy is dropped ... */
	assert_int_equal(store_begin_read(b), 0);
	store_fault_inject(b, "relation_index", 1);
	assert_int_equal(ri_mask(b, &t, 1, 1, "2026-11-23"), 1u << 0);
	/* ... and A, in its old snapshot, loads it again with the relation. */
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 0);
	assert_int_equal(store_commit(t.s), 0);
	/* B, who saw the deletion, must not get it back. */
	assert_int_equal(ri_mask(b, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(b, &t, 2, 2, "2026-11-23"), 1u << 1);
	assert_int_equal(store_commit(b), 0);
	assert_int_equal(ri_mask(b, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	ri_agree(&t);
	store_close(b);
	ri_close(&t);
}

/*
 * ACC-1: a relation the index cannot read (a damaged date) grants
 * nothing; and a relation's parties cannot be changed under the index.
 */
static void
test_relindex_damage(void **state)
{
	struct ri t;

	(void)state;
	ZK_RULE("ACC-1");
	ri_open(&t);
	store_relation_bound(t.s, 0); /* SQL on the file, below */
	ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	ri_add(t.plain, &t, 0, 1, "responsible", "2026-01-01", NULL);
	test_sql(t.db, "UPDATE care_relation SET valid_from = 'gisteren'"
		       " WHERE subject_id = (SELECT min(subject_id)"
		       "                     FROM care_relation)");
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-23"), 1u << 0);

	assert_int_equal(
	    test_sql_try(t.db,
			 "UPDATE care_relation SET user_id = user_id + 1"),
	    ZK_EEXIST);
	assert_int_equal(
	    test_sql_try(t.db, "UPDATE care_relation SET id = id + 100"),
	    ZK_EEXIST);
	if (!test_engine_pg())
		assert_int_equal(test_sql_try(t.db,
					      "UPDATE OR REPLACE"
					      " care_relation SET uid = 'x'"),
				 ZK_EEXIST);
	/* Nor can the epoch be turned back or removed. */
	assert_int_equal(
	    test_sql_try(t.db, "UPDATE relation_epoch SET epoch = 0"),
	    ZK_EEXIST);
	assert_int_equal(test_sql_try(t.db, "DELETE FROM relation_epoch"),
			 ZK_EEXIST);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-23"), 1u << 0);
	ri_close(&t);
}

/*
 * A server loads the relations before its first question. (Seen here by
 * deleting a relation behind the triggers' back: the copy loaded before
 * still has it, a copy loaded after would not.)
 */
static void
test_relindex_preload(void **state)
{
	struct store *late = NULL;
	char *cause = NULL;
	struct ri t;

	(void)state;
	ri_open(&t);
	ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	assert_int_equal(store_relation_preload(t.s), 0);
	assert_int_equal(store_open(t.db, 0, &late, &cause), 0);
	assert_int_equal(store_relation_index(late, NULL), 0);
	test_sql(t.db, test_engine_pg()
			   ? "DROP TRIGGER care_relation_epoch_delete"
			     " ON care_relation; DELETE FROM care_relation;"
			   : "DROP TRIGGER care_relation_epoch_delete;"
			     " DELETE FROM care_relation;");
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 0);
	assert_int_equal(ri_mask(late, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(store_relation_preload(t.plain), 0); /* no index */
	store_close(late);
	ri_close(&t);
}

/*
 * ACC-2 across processes: a store with an index of its own (as another
 * process of zorgkluis on the file has) sees at its next decision a
 * relation granted or ended through another handle, with and without a
 * transaction on either side. Nothing here waits out the bound: on
 * SQLite the shared counter must tell.
 */
static void
test_relindex_other_handle(void **state)
{
	struct store *a = NULL;
	char *cause = NULL;
	struct ri t;
	int64_t id;

	(void)state;
	ZK_RULE("ACC-2");
	ri_open(&t);
	assert_int_equal(store_open(t.db, 0, &a, &cause), 0);
	assert_int_equal(store_relation_index(a, NULL), 0);
	/* No care relation: refused, twice (the second from memory). */
	assert_int_equal(ri_mask(a, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(a, &t, 0, 0, "2026-11-23"), 0);

	/* Granted elsewhere without a transaction: permitted next. */
	id = ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(a, &t, 0, 0, "2026-11-23"), 1u << 0);
	assert_int_equal(ri_mask(a, &t, 0, 0, "2026-11-23"), 1u << 0);

	/* Ended elsewhere: refused again, also in a read transaction. */
	assert_int_equal(
	    store_relation_end(t.plain, t.tenant, id, "2026-11-22"), 0);
	assert_int_equal(store_begin_read(a), 0);
	assert_int_equal(ri_mask(a, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(store_commit(a), 0);
	assert_int_equal(ri_mask(a, &t, 0, 0, "2026-11-23"), 0);
	assert_int_equal(ri_mask(a, &t, 0, 0, "2026-11-22"), 1u << 0);

	/* Granted in a transaction: not before it commits, at once after;
	 * rolled back: never. */
	assert_int_equal(store_begin(t.plain), 0);
	id = ri_add(t.plain, &t, 1, 1, "co_treating", "2026-01-01", NULL);
	assert_int_equal(ri_mask(a, &t, 1, 1, "2026-11-23"), 0);
	assert_int_equal(store_commit(t.plain), 0);
	assert_int_equal(ri_mask(a, &t, 1, 1, "2026-11-23"), 1u << 1);
	assert_int_equal(store_begin(t.plain), 0);
	ri_add(t.plain, &t, 2, 2, "co_treating", "2026-01-01", NULL);
	store_rollback(t.plain);
	assert_int_equal(ri_mask(a, &t, 2, 2, "2026-11-23"), 0);

	/* Ended in a transaction the reader began before it committed:
	 * the reader's next transaction refuses. */
	assert_int_equal(store_begin_read(a), 0);
	assert_int_equal(ri_mask(a, &t, 1, 1, "2026-11-23"), 1u << 1);
	assert_int_equal(store_begin(t.plain), 0);
	assert_int_equal(
	    store_relation_end(t.plain, t.tenant, id, "2026-11-22"), 0);
	assert_int_equal(store_commit(t.plain), 0);
	assert_int_equal(store_commit(a), 0);
	assert_int_equal(store_begin_read(a), 0);
	assert_int_equal(ri_mask(a, &t, 1, 1, "2026-11-23"), 0);
	assert_int_equal(store_commit(a), 0);
	ri_agree(&t);
	store_close(a);
	ri_close(&t);
}

/*
 * In a read transaction as a request makes it: the subject first (on
 * PostgreSQL that statement brings the relation epoch too), then the
 * care relation of user with it.
 */
static unsigned
ri_request(struct store *s, struct ri *t, int user, int subject)
{
	struct store_subject x;
	char uid[ZK_UUID_LEN];
	unsigned mask;

	assert_int_equal(
	    store_subject_uid(t->plain, t->tenant, t->subjects[subject], uid),
	    0);
	memset(&x, 0, sizeof x);
	assert_int_equal(store_begin_read(s), 0);
	assert_int_equal(store_subject_get(s, t->tenant, uid, &x), 0);
	assert_int_equal(x.id, t->subjects[subject]);
	mask = ri_mask(s, t, user, subject, "2026-11-23");
	assert_int_equal(store_commit(s), 0);
	store_subject_release(&x);
	return mask;
}

/*
 * ACC-2, the epoch read with the subject: another server (a handle with
 * an index of its own) ends, grants or deletes a relation and commits;
 * this server's next request decides on it, though its index was warm
 * from the request before and its transaction asked the table nothing
 * but the subject and what changed.
 */
static void
test_relindex_acc2_epoch_with_subject(void **state)
{
	struct store *a = NULL, *b = NULL;
	char *cause = NULL;
	struct ri t;
	int64_t id;

	(void)state;
	ZK_RULE("ACC-2");
	ri_open(&t);
	assert_int_equal(store_open(t.db, 0, &a, &cause), 0);
	assert_int_equal(store_relation_index(a, NULL), 0);
	assert_int_equal(store_open(t.db, 0, &b, &cause), 0);
	assert_int_equal(store_relation_index(b, NULL), 0);
	store_relation_bound(a, 0); /* SQL on the file, below */
	id = ri_add(b, &t, 0, 0, "responsible", "2026-01-01", NULL);
	ri_add(b, &t, 1, 1, "responsible", "2026-01-01", NULL);
	/* Warm: permitted, twice. */
	assert_int_equal(ri_request(a, &t, 0, 0), 1u << 0);
	assert_int_equal(ri_request(a, &t, 0, 0), 1u << 0);

	/* Ended on the other server: the next request is refused. */
	assert_int_equal(store_begin(b), 0);
	assert_int_equal(store_relation_end(b, t.tenant, id, "2026-11-22"), 0);
	assert_int_equal(store_commit(b), 0);
	assert_int_equal(ri_request(a, &t, 0, 0), 0);

	/* Granted there: permitted next. */
	assert_int_equal(ri_request(a, &t, 2, 2), 0);
	ri_add(b, &t, 2, 2, "substitute", "2026-01-01", NULL);
	assert_int_equal(ri_request(a, &t, 2, 2), 1u << 2);

	/* Deleted by another program: forgotten at the next request. */
	assert_int_equal(ri_request(a, &t, 1, 1), 1u << 0);
	test_sql(t.db, "DELETE FROM care_relation WHERE relation ="
		       " 'responsible' AND valid_until IS NULL");
	assert_int_equal(ri_request(a, &t, 1, 1), 0);
	ri_agree(&t);
	store_close(b);
	store_close(a);
	ri_close(&t);
}

/* A child process grants (ended 0) or ends (ended 1) relation *id. */
static void
ri_child(struct ri *t, int64_t *id, int end)
{
	struct store *c = NULL;
	char *cause = NULL;
	int fd[2], rc = 1;
	pid_t pid;

	assert_int_equal(pipe(fd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store_relation r;

		close(fd[0]);
		if (store_open(t->db, 0, &c, &cause) == 0) {
			memset(&r, 0, sizeof r);
			zk_uuid_new(r.uid);
			r.user_id = t->users[0];
			r.subject_id = t->subjects[1];
			zk_strlcpy(r.relation, "substitute", sizeof r.relation);
			zk_strlcpy(r.valid_from, "2026-01-01",
				   sizeof r.valid_from);
			rc = end ? store_relation_end(c, t->tenant, *id,
						      "2026-11-22")
				 : store_relation_create(c, t->tenant, &r, id);
			store_close(c);
		}
		if (write(fd[1], id, sizeof *id) != sizeof *id)
			rc = 1;
		_exit(rc == 0 ? 0 : 1);
	}
	close(fd[1]);
	assert_int_equal(read(fd[0], id, sizeof *id), sizeof *id);
	close(fd[0]);
	assert_int_equal(waitpid(pid, &rc, 0), pid);
	assert_true(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
}

/* ACC-2: the same with a real second process. */
static void
test_relindex_other_process(void **state)
{
	struct ri t;
	int64_t id = 0;

	(void)state;
	ZK_RULE("ACC-2");
	ri_open(&t);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-23"), 0);
	ri_child(&t, &id, 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-23"), 1u << 2);
	ri_child(&t, &id, 1);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-23"), 0);
	assert_int_equal(ri_mask(t.s, &t, 0, 1, "2026-11-22"), 1u << 2);
	ri_close(&t);
}

/* Overwrites the counter file beside db with n bytes of c. */
static void
ri_scribble(const char *db, int c, size_t n)
{
	char path[4200], junk[4096];
	int fd;

	snprintf(path, sizeof path, "%s-zkepoch", db);
	memset(junk, c, sizeof junk);
	assert_true((fd = open(path, O_WRONLY)) >= 0);
	assert_int_equal(write(fd, junk, n), (ssize_t)n);
	close(fd);
}

/*
 * ACC-2, SQLite: a counter file that is damaged or removed makes the
 * index ask the table; it never answers from a copy it cannot vouch for.
 * Each step checks with a change the counter cannot show (SQL on the
 * file), so only asking the table gets the answer right.
 */
static void
test_relindex_counter_file(void **state)
{
	struct store *b = NULL, *c = NULL;
	char *cause = NULL, path[4200];
	struct ri t;

	(void)state;
	ZK_RULE("ACC-2");
	if (test_engine_pg())
		skip();
	ri_open(&t);
	snprintf(path, sizeof path, "%s-zkepoch", t.db);
	ri_add(t.plain, &t, 0, 0, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 1u << 0);

	/* Damaged: the next question asks the table. */
	ri_scribble(t.db, 0xab, 64);
	test_sql(t.db, "UPDATE care_relation SET valid_until = '2026-11-22'");
	assert_int_equal(ri_mask(t.s, &t, 0, 0, "2026-11-23"), 0);
	/* A writer sets the file up again, and it counts from then on. */
	ri_add(t.plain, &t, 1, 1, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 1u << 0);
	/* Only its format word damaged: the counters alone prove nothing. */
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 1u << 0);
	ri_scribble(t.db, 0x11, 8);
	test_sql(t.db, "UPDATE care_relation SET relation = 'substitute'"
		       " WHERE valid_until IS NULL");
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 1u << 2);
	ri_add(t.plain, &t, 0, 2, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 1u << 2);
	/* Damaged to zeros (a counter that looks settled, no format). */
	ri_scribble(t.db, 0, 24);
	test_sql(t.db, "UPDATE care_relation SET valid_until = '2026-11-22'"
		       " WHERE valid_until IS NULL");
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-23"), 0);

	/* Removed while mapped: a writer that had it marks the old one
	 * damaged for its readers and uses the new one. */
	assert_int_equal(ri_mask(t.s, &t, 1, 1, "2026-11-22"), 1u << 2);
	assert_int_equal(unlink(path), 0);
	ri_add(t.plain, &t, 2, 2, "responsible", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 2, 2, "2026-11-23"), 1u << 0);
	assert_int_equal(access(path, F_OK), 0);

	/* Removed, and made anew by a process that never saw the old one:
	 * its change returns only when the old readers compare again. */
	assert_int_equal(ri_mask(t.s, &t, 2, 2, "2026-11-23"), 1u << 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(store_open(t.db, 0, &c, &cause), 0);
	ri_add(c, &t, 2, 0, "co_treating", "2026-01-01", NULL);
	assert_int_equal(ri_mask(t.s, &t, 2, 0, "2026-11-23"), 1u << 1);
	store_close(c);

	/* Missing when a reader opens: it makes one, and still agrees. */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(store_open(t.db, 0, &b, &cause), 0);
	assert_int_equal(store_relation_index(b, NULL), 0);
	assert_int_equal(ri_mask(b, &t, 2, 0, "2026-11-23"), 1u << 1);
	test_sql(t.db, "UPDATE care_relation SET valid_until = '2026-11-22'"
		       " WHERE relation = 'co_treating'");
	/* The bound, at least, holds for SQL behind zorgkluis's back. */
	store_relation_bound(b, 0);
	assert_int_equal(ri_mask(b, &t, 2, 0, "2026-11-23"), 0);
	store_close(b);
	ri_close(&t);
}

/*
 * The counter itself: begun and ended apart while a change is in flight;
 * a writer that died in between is mended once nobody holds the lock; a
 * damaged page is set up again from another base.
 */
static void
test_relindex_counter(void **state)
{
	struct store_epoch *e = NULL, *f = NULL;
	char db[600];
	int64_t base, st;
	pid_t pid;

	(void)state;
	snprintf(db, sizeof db, "%s/c.db", test_tmpdir());
	assert_int_equal(store_epoch_open(db, 1, &e), 0);
	assert_int_equal(store_epoch_open(db, 0, &f), 0);
	base = store_epoch_now(e);
	assert_true(base >= 0);
	assert_int_equal(store_epoch_settled(f), base);
	assert_int_equal(store_epoch_quiet(f), base);
	assert_int_equal(store_epoch_begin(e), 0);
	assert_int_equal(store_epoch_now(f), base + 1);
	assert_int_equal(store_epoch_settled(f), -1);
	assert_int_equal(store_epoch_quiet(f), -1); /* e holds the lock */
	store_epoch_end(e);
	assert_int_equal(store_epoch_settled(f), base + 1);

	/* A writer that dies between begin and end. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store_epoch *g = NULL;

		_exit(store_epoch_open(db, 0, &g) == 0 &&
			      store_epoch_begin(g) == 0
			  ? 0
			  : 1);
	}
	assert_int_equal(waitpid(pid, (int *)&st, 0), pid);
	assert_int_equal(store_epoch_now(f), base + 2);
	assert_int_equal(store_epoch_settled(f), -1);
	assert_int_equal(store_epoch_quiet(f), base + 2);
	assert_int_equal(store_epoch_settled(e), base + 2);

	/* Damaged: -1 until mended, then another base. */
	ri_scribble(db, 0x5a, 8);
	assert_int_equal(store_epoch_now(e), -1);
	assert_int_equal(store_epoch_settled(e), -1);
	assert_true(store_epoch_quiet(f) >= 0);
	assert_true(store_epoch_now(e) != base + 2);
	store_epoch_free(e);
	store_epoch_free(f);
	store_epoch_free(NULL);
	assert_int_equal(store_epoch_open(":memory:", 0, &e), ZK_EINVAL);
}

/* The index itself: many pairs, rows replaced by id, unknown pairs. */
static void
test_relindex_table(void **state)
{
	struct relindex *ix = relindex_new(), *again;
	struct relindex_row r;
	unsigned mask;

	(void)state;
	assert_non_null(ix);
	again = relindex_ref(ix);
	relindex_free(again);
	relindex_lock(ix);
	assert_int_equal(relindex_epoch(ix, 1), -1);
	assert_int_equal(relindex_begin(ix, 1, 1), 0);
	memset(&r, 0, sizeof r);
	for (int i = 1; i <= 5000; i++) {
		r.id = i;
		r.user = i % 100 + 1;
		r.subject = i;
		r.from = 10;
		r.until = 20;
		r.kind = (unsigned)(i % 3);
		assert_int_equal(relindex_put(ix, &r), 0);
	}
	r.id = 7;
	r.user = 8;
	r.subject = 7;
	r.kind = 2;
	r.until = 30;
	assert_int_equal(relindex_put(ix, &r), 0); /* replaces row 7 */
	/* A pair with several rows; the last replaced by its id. */
	for (int i = 0; i < 3; i++) {
		r.id = 100000 + i;
		r.user = 7777;
		r.subject = 1;
		r.kind = (unsigned)i;
		r.from = 10 * i;
		r.until = 10 * i + 5;
		assert_int_equal(relindex_put(ix, &r), 0);
	}
	r.id = 100002;
	r.from = 0;
	r.until = 100;
	assert_int_equal(relindex_put(ix, &r), 0);
	r.user = 0;
	assert_int_equal(relindex_put(ix, &r), ZK_ECORRUPT);
	relindex_done(ix, 0, 42);
	assert_int_equal(relindex_epoch(ix, 1), 42);
	for (int i = 1; i <= 5000; i++) {
		relindex_active(ix, 1, i % 100 + 1, i, 15, &mask);
		assert_int_equal(mask, 1u << (i == 7 ? 2 : i % 3));
		relindex_active(ix, 1, i % 100 + 2, i, 15, &mask);
		assert_int_equal(mask, 0);
	}
	relindex_active(ix, 1, 8, 7, 25, &mask);
	assert_int_equal(mask, 1u << 2);
	relindex_active(ix, 1, 7777, 1, 3, &mask);
	assert_int_equal(mask, 1u << 0 | 1u << 2);
	relindex_active(ix, 1, 7777, 1, 12, &mask);
	assert_int_equal(mask, 1u << 1 | 1u << 2);
	relindex_active(ix, 1, 7777, 1, 101, &mask);
	assert_int_equal(mask, 0);
	relindex_active(ix, 1, 9, 8, 25, &mask);
	assert_int_equal(mask, 0);
	relindex_active(ix, 2, 8, 7, 15, &mask);
	assert_int_equal(mask, 0);
	/* A failed update drops the tenant, so it is loaded again in full. */
	assert_int_equal(relindex_begin(ix, 1, 0), 0);
	relindex_done(ix, ZK_ENOMEM, 43);
	assert_int_equal(relindex_epoch(ix, 1), -1);
	relindex_unlock(ix);
	relindex_free(ix);
	relindex_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_relindex_agrees),
	    cmocka_unit_test(test_relindex_follows_changes),
	    cmocka_unit_test(test_relindex_snapshot),
	    cmocka_unit_test(test_relindex_own_writes),
	    cmocka_unit_test(test_relindex_old_snapshot),
	    cmocka_unit_test(test_relindex_preload),
	    cmocka_unit_test(test_relindex_damage),
	    cmocka_unit_test(test_relindex_table),
	    cmocka_unit_test(test_relindex_other_handle),
	    cmocka_unit_test(test_relindex_acc2_epoch_with_subject),
	    cmocka_unit_test(test_relindex_other_process),
	    cmocka_unit_test(test_relindex_counter_file),
	    cmocka_unit_test(test_relindex_counter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
