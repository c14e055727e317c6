/*
 * audit_prune.h: pruning the front of a tenant's chain (LOG-6) so that the
 * chain still verifies (LOG-3).
 *
 * Entries written before the log's retention ends are deleted from the
 * front of the chain, never from its middle: the chain stays one run of
 * sequence numbers. A signed prune record (table audit_prune) marks the
 * new start: it signs, with the checkpoint key, the tenant, the first
 * entry kept, the hash of the entry before it, the day before which
 * entries were due, how many entries went and when. audit_verify()
 * starts each chain from the newest record; a record that was changed,
 * or a front deleted without one, fails verification.
 */
#ifndef ZK_AUDIT_PRUNE_H
#define ZK_AUDIT_PRUNE_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/keys.h"
#include "store/store.h"

/* LOG-6: the log is kept at least this many years from writing. */
#define AUDIT_KEEP_YEARS 5

struct audit_prune_result {
	int64_t pruned;	   /* entries deleted, 0 when none were due */
	int64_t first_seq; /* the first entry kept */
	char before_day[ZK_DATE_LEN];
};

/*
 * The first day whose entries are kept when the sweep runs on day on:
 * on minus AUDIT_KEEP_YEARS years (29 February gives 28 February).
 */
int32_t audit_keep_from(int32_t on);

/*
 * LOG-6: deletes tenant's entries written before before_day (never the
 * head) and the checkpoints over them, and inserts the signed prune
 * record, all inside the caller's open transaction (the caller logs the
 * pruning in it too and commits). Needs KEYS_SIGN. The witness must name
 * an entry that is kept: sign a checkpoint over the head first
 * (audit_checkpoint). res->pruned is 0 when nothing was due.
 */
int audit_prune(struct store *s, const struct keyring *k, int64_t tenant,
		int32_t before_day, int64_t now, struct audit_prune_result *res,
		char **cause);

/*
 * For audit_verify(): checks every prune record of tenant (a valid
 * signature by the key in signing.pub; each starts after the one before)
 * and gives where the chain starts: *first_seq 1 and a zero prev when it
 * was never pruned. Returns 0, 1 with problem set when a record is bad,
 * or a negative error.
 */
int audit_prune_start(struct store *s, const struct keyring *k, int64_t tenant,
		      int64_t *first_seq, unsigned char prev[32], char *problem,
		      size_t n);

#endif
