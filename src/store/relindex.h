/*
 * relindex.h: the care relations of a tenant in memory, for the store.
 *
 * ACC-2 asks, on every access, which care relations a user has with a
 * subject today. With a million relations that question costs a SQLite
 * statement of a few microseconds; this index answers it in well under
 * one. It is only a copy: the care_relation table stays the truth, and
 * sqlite.c keeps the copy coherent with it through the tenant's relation
 * epoch (migration 010), which every change to a relation raises in the
 * same transaction. A copy that is older than what a transaction sees is
 * brought up to date before it is asked; one that cannot be is not used.
 *
 * One index serves every connection of a process that shares it
 * (relindex_ref); it is safe to use from several threads.
 *
 * On SQLite a question need not read the epoch from the table: each
 * tenant also records the shared counter (store_epoch.h) under which it
 * was last compared with the table, and when that counter has not moved
 * since, and the comparison is recent enough, the copy is current
 * without a statement (relindex_fresh).
 */
#ifndef ZK_RELINDEX_H
#define ZK_RELINDEX_H

#include <stdint.h>

struct relindex;

/* One care relation as the index keeps it. until is INT32_MAX if open. */
struct relindex_row {
	int64_t id;
	int64_t user;
	int64_t subject;
	int32_t from;  /* first day, days since 1970-01-01 */
	int32_t until; /* last day */
	unsigned kind; /* enum zk_relation */
};

/* A new, empty index with one reference; NULL when out of memory. */
struct relindex *relindex_new(void);
/* Another reference to ix; relindex_free() drops one (NULL: no-op). */
struct relindex *relindex_ref(struct relindex *ix);
void relindex_free(struct relindex *ix);

/*
 * Locks ix for one question or one update. While locked, the caller may
 * call the functions below; relindex_unlock() ends it.
 */
void relindex_lock(struct relindex *ix);
void relindex_unlock(struct relindex *ix);

/*
 * The epoch up to which tenant's relations are held, or -1 when they were
 * never loaded (or dropped after a failed update).
 */
int64_t relindex_epoch(struct relindex *ix, int64_t tenant);

/*
 * Whether tenant's copy may answer without asking the table: it is held,
 * was last compared with the table under the shared counter value
 * counter (relindex_synced), and that at most the bound's milliseconds
 * before now_ms. Any failed or full load forgets the comparison.
 */
int relindex_fresh(struct relindex *ix, int64_t tenant, int64_t counter,
		   int64_t now_ms);
/*
 * Records that tenant's copy holds every change the shared counter value
 * counter accounts for, as of now_ms. Call only after the copy was
 * brought up to a snapshot taken after counter was read.
 */
void relindex_synced(struct relindex *ix, int64_t tenant, int64_t counter,
		     int64_t now_ms);
/*
 * How old, in milliseconds, a comparison with the table may be before a
 * question compares again (default RELINDEX_BOUND_MS; 0: always). This
 * bounds how long a change made behind zorgkluis's back (SQL on the file
 * by another program, which moves the table's epoch but not the shared
 * counter) can go unseen.
 */
#define RELINDEX_BOUND_MS 1000
void relindex_set_bound(struct relindex *ix, int ms);

/*
 * Starts an update of tenant's relations: a full one (all == 1) forgets
 * what is held first. Then relindex_put() each changed row and finish with
 * relindex_done(): with rc 0 the tenant is held up to epoch, otherwise it
 * is dropped and reloaded in full next time. Returns 0, ZK_ENOMEM or
 * ZK_ETOOBIG (too many tenants).
 */
int relindex_begin(struct relindex *ix, int64_t tenant, int all);
int relindex_put(struct relindex *ix, const struct relindex_row *r);
void relindex_done(struct relindex *ix, int rc, int64_t epoch);

/*
 * Sets *mask to the relation kinds (bit 1 << enum zk_relation) that user
 * has with subject on day, from the rows held for tenant. Call only when
 * relindex_epoch() is not -1.
 */
void relindex_active(struct relindex *ix, int64_t tenant, int64_t user,
		     int64_t subject, int32_t day, unsigned *mask);

#endif
