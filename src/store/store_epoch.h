/*
 * store_epoch.h: the relation counter beside a SQLite database, shared by
 * every process of zorgkluis on that file.
 *
 * The relation epoch in the table (migration 010) is the truth, but
 * reading it costs a statement in a transaction. This counter lets a
 * process that holds care relations in memory (relindex.h) ask in a few
 * nanoseconds whether any process may have changed a relation since it
 * last compared its copy with the table. A small file <db>-zkepoch, mapped
 * shared, holds two counters: changes begun and changes ended. A process
 * that changes relations raises "begun" before its transaction commits
 * and "ended" after, holding a shared lock on the file in between; see
 * store_epoch.c for why that order lets a reader neither use a stale copy
 * nor miss a change, and how a writer that died in between is recovered
 * from. A file that is missing, cannot be mapped or does not hold the
 * format makes the reader ask the table, as before.
 */
#ifndef ZK_STORE_EPOCH_H
#define ZK_STORE_EPOCH_H

#include <stdint.h>

struct store_epoch;

/*
 * Opens (creating it when missing, with the database's mode) the counter
 * file beside the SQLite database at db; fresh_db when that database is
 * being created, so no process can hold an older copy of its relations.
 * Returns 0 and *out, or a negative ZK_E... code and *out NULL; the
 * caller then asks the table.
 */
int store_epoch_open(const char *db, int fresh_db, struct store_epoch **out);
/* Closes e, ending a change it still has begun; NULL is a no-op. */
void store_epoch_free(struct store_epoch *e);

/*
 * The counter of changes begun, or -1 when the file no longer holds the
 * format (damaged: ask the table). One load from shared memory.
 */
int64_t store_epoch_now(const struct store_epoch *e);

/*
 * The counter to record with a comparison against the table that starts
 * after this call: the changes begun, when every one of them has ended
 * (recovering from writers that died between the two, see the .c); -1
 * when a change is in flight or the file is damaged, and then the
 * comparison proves nothing for later questions.
 */
int64_t store_epoch_quiet(struct store_epoch *e);

/*
 * As store_epoch_quiet(), in two loads: without looking for a replaced
 * file or mending one (a system call each), for every transaction's start.
 */
int64_t store_epoch_settled(const struct store_epoch *e);

/*
 * A change to relations: store_epoch_begin() before the transaction that
 * makes it commits, store_epoch_end() after it ended (committed or not).
 * begin returns 0 or ZK_EIO, and then the change must not be made. end
 * may wait up to RELINDEX_BOUND_MS when the file was just made anew.
 */
int store_epoch_begin(struct store_epoch *e);
void store_epoch_end(struct store_epoch *e);

#endif
