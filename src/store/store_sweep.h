/*
 * store_sweep.h: what the retention sweep reads and changes in the
 * store (store_sweep.c): the log's pruned start (LOG-6) and, for the
 * sweep, the candidates that are due (RET-1, RET-2, RET-4).
 */
#ifndef ZK_STORE_SWEEP_H
#define ZK_STORE_SWEEP_H

#include <stdint.h>

#include "store/store.h"

/* --- the log's pruned start (LOG-6, audit_prune) ------------------------ */

/* One pruning of the front of a tenant's chain, as signed. */
struct store_prune {
	int64_t id;
	int64_t tenant;
	int64_t first_seq;	      /* the first entry kept */
	unsigned char prev_hash[32];  /* the hash of entry first_seq - 1 */
	char before_day[ZK_DATE_LEN]; /* entries written before it were due */
	int64_t pruned;		      /* entries this pruning deleted */
	char signed_at[ZK_TIME_LEN];
	unsigned char public_key[32];
	unsigned char signature[64];
	int malformed; /* a stored field had the wrong size */
};

int store_prune_insert(struct store *s, const struct store_prune *p);
/* Every pruning of tenant, oldest first (by first_seq, then id). */
int store_prune_scan(struct store *s, int64_t tenant,
		     int (*cb)(void *arg, const struct store_prune *p),
		     void *arg);
/* The newest pruning of tenant; ZK_ENOTFOUND when its log was never
 * pruned. */
int store_prune_last(struct store *s, int64_t tenant, struct store_prune *out);

/*
 * The log's front that is due: from the first entry of tenant's chain
 * on, the entries written before before_ts ("YYYY-MM-DDT00:00:00Z"), up to
 * but never including the head. Stops at the first entry written on or
 * after it, so that its cost follows what is due. *first is the first
 * entry (0: no log), *last the last due one (< *first: none due).
 */
int store_audit_due(struct store *s, int64_t tenant, const char *before_ts,
		    int64_t *first, int64_t *last);

/*
 * Deletes tenant's entries up to and including seq, and the checkpoints
 * over them (they sign entries that are gone). *deleted: entries deleted.
 */
int store_audit_cut(struct store *s, int64_t tenant, int64_t seq,
		    int64_t *deleted);

/* --- the sweep's candidates (RET-4) ------------------------------------- */

/*
 * cb(arg, subject id) for the subjects of tenant with an entry of
 * category made before before_ts (an ISO time), by the index on
 * (tenant, category, created_at): once per such entry, grouped by
 * subject. Subjects whose key was destroyed are left out. A non-zero
 * return of cb stops and is returned.
 */
int store_sweep_created_before(struct store *s, int64_t tenant,
			       const char *category, const char *before_ts,
			       int (*cb)(void *arg, int64_t subject),
			       void *arg);

/*
 * cb(arg, uid, category, created_at) for each entry of subject, in id
 * order: what the sweep decides by, without the content, so that a
 * look at what is due reads no ciphertext.
 */
int store_sweep_entries(struct store *s, int64_t tenant, int64_t subject,
			int (*cb)(void *arg, const char *uid,
				  const char *category, const char *created_at),
			void *arg);

/*
 * cb(arg, category, n) for subject's active legal holds (RET-3), one
 * call per category held (category NULL: a hold on every category).
 */
int store_sweep_holds(struct store *s, int64_t tenant, int64_t subject,
		      int (*cb)(void *arg, const char *category, int n),
		      void *arg);

#endif
