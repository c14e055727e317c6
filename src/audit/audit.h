/*
 * audit.h: the tamper-evident access log (LOG-1, LOG-3, LOG-4, LOG-5).
 *
 * Each tenant's log is one hash chain: entry n stores the hash of entry
 * n-1 and its own hash, a BLAKE2b-256 MAC (keyed with audit.key from the
 * key directory) over the previous hash and every field of the entry. The
 * key lives outside the database, so someone with SQL access cannot
 * rewrite an entry and recompute the chain.
 *
 * Periodically, and at the end of every CLI command, the chain head is
 * signed with Ed25519 (a checkpoint). The latest checkpoint of each tenant
 * is also written to audit.head in the key directory, a witness outside the
 * database that reveals a log whose newest entries were cut off.
 *
 * The log holds references (uids, categories, purposes, rule ids), never
 * care content (LOG-4).
 */
#ifndef ZK_AUDIT_H
#define ZK_AUDIT_H

#include <stdint.h>

#include "crypto/keys.h"
#include "store/store.h"

/* What the service layer logs about one processing; NULL means absent. */
struct audit_event {
	const char *event;	     /* e.g. "entry.read" (docs/audit.md) */
	char action;		     /* NEN 7513: C, R, U, D or E */
	const char *outcome;	     /* "success", "refused" or "error" */
	const char *checks;	     /* the checks made, see docs/audit.md */
	const char *reason;	     /* decision reason code */
	const char *rule;	     /* rule id of the decision */
	const char *user_uid;	     /* the user, or "system:..." */
	const char *user_role;	     /* the role acted in */
	const char *role_code;	     /* its ISO 21298 functional role */
	const char *on_behalf_of;    /* responsible user, if another */
	const char *access_point;    /* "cli", or the client address */
	const char *subject_uid;     /* whose data */
	const char *object_type;     /* "subject", "entry", ... */
	const char *object_uid;	     /* which object */
	const char *category;	     /* CAT-1 category */
	const char *purpose;	     /* PUR-1 purpose */
	const char *protocol;	     /* profile id and version applied */
	const char *consent_ref;     /* consent relied on */
	const char *break_glass_ref; /* emergency grant, if any */
};

/*
 * Appends ev to tenant's chain inside the caller's open transaction, so
 * that the entry commits with the act it records. Needs KEYS_AUDIT.
 * Returns ZK_EAUDIT when the entry cannot be written.
 */
int audit_append(struct store *s, const struct keyring *k, int64_t tenant,
		 int64_t now, const struct audit_event *ev, char **cause);

/*
 * The chain heads as one writer last left them, so that a writer that
 * appends many entries in one transaction need not read the head back for
 * each. Valid only while that writer holds the write lock without
 * interruption; reset it whenever anything else may have written.
 */
#define AUDIT_CACHE_TENANTS 16
struct audit_cache {
	int64_t next_id; /* meaningful while n > 0 */
	int n;
	struct {
		int64_t tenant;
		int64_t seq;
		unsigned char hash[32];
	} head[AUDIT_CACHE_TENANTS];
};

void audit_cache_reset(struct audit_cache *c);
/* audit_append() through the cache c. */
int audit_append_cached(struct store *s, const struct keyring *k,
			int64_t tenant, int64_t now,
			const struct audit_event *ev, struct audit_cache *c,
			char **cause);

/*
 * Signs tenant's chain head in its own transaction and updates the witness
 * file. Needs KEYS_SIGN. A tenant whose head is already signed is left
 * alone.
 */
int audit_checkpoint(struct store *s, const struct keyring *k, int64_t tenant,
		     int64_t now, char **cause);

/* Checkpoints every tenant (see audit_checkpoint). */
int audit_checkpoint_all(struct store *s, const struct keyring *k, int64_t now,
			 char **cause);

/*
 * The witness's line for tenant (its signature checked): the sequence
 * number and hash it names. ZK_ENOTFOUND when it has none.
 */
int audit_witness_head(const struct keyring *k, int64_t tenant, int64_t *seq,
		       unsigned char hash[32], char **cause);

/*
 * LOG-3, after a restore only: signs tenant's head and sets the witness
 * line to it although the line named a later entry of the former chain.
 * The caller has appended, in the chain, the signed entry that records
 * the line this replaces (event "audit.restore"), so that a restore is
 * told from a cut. Needs KEYS_SIGN.
 */
int audit_checkpoint_restore(struct store *s, const struct keyring *k,
			     int64_t tenant, int64_t now, char **cause);

/*
 * LOG-3: checks, for every tenant, that the witness (audit.head) is whole
 * and that the chain still holds what it names: what a checkpoint checks
 * before it signs, run at start so that a damaged witness stops the
 * server rather than being overwritten. ZK_ECORRUPT with a *cause that
 * names the file. Needs KEYS_SIGN or KEYS_VERIFY.
 */
int audit_witness_check(struct store *s, const struct keyring *k, char **cause);

struct audit_verify_result {
	int intact;	   /* 1 when every check passed */
	int64_t tenant;	   /* where the first problem is */
	int64_t seq;	   /* the first bad entry's sequence number */
	int64_t id;	   /* its row id, 0 when the row is missing */
	char problem[256]; /* what is wrong, one line */
	int64_t tenants;   /* counted while verifying */
	int64_t entries;
	int64_t checkpoints;
};

/*
 * Verifies every tenant's chain, checkpoints and the witness. Needs
 * KEYS_AUDIT and KEYS_VERIFY. Returns 0 when verification ran (look at
 * res->intact), or an error when it could not run at all.
 */
int audit_verify(struct store *s, const struct keyring *k,
		 struct audit_verify_result *res, char **cause);
/*
 * The same with flags: AUDIT_NO_WITNESS checks a signed log without the
 * witness (an auditor given only audit.key and signing.pub); without it,
 * a signed log whose witness is missing fails.
 */
#define AUDIT_NO_WITNESS 0x01u
int audit_verify_flags(struct store *s, const struct keyring *k, unsigned flags,
		       struct audit_verify_result *res, char **cause);
/* The same for one tenant only (its chain, checkpoints and witness line). */
int audit_verify_tenant(struct store *s, const struct keyring *k,
			int64_t tenant, struct audit_verify_result *res,
			char **cause);

#endif
