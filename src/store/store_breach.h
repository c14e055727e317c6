/*
 * store_breach.h: the breach register (BRE-1 to BRE-3), migration 032.
 * The texts are sealed by the service (src/service/breaches.c) with the
 * organisation's key; the store keeps and returns the sealed bytes.
 */
#ifndef ZK_STORE_BREACH_H
#define ZK_STORE_BREACH_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

struct store_breach {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char aware_at[ZK_TIME_LEN];
	char categories[256]; /* "care,identity" */
	int64_t people;	      /* approximate numbers */
	int64_t records;
	struct zk_buf details; /* sealed JSON: facts, cause, ... */
	char reported_at[ZK_TIME_LEN];
	char reported_by[48];
	char risk[8];	       /* "" until assessed */
	struct zk_buf reasons; /* sealed; empty until assessed */
	int encrypted, risk_removed, disproportionate;
	char assessed_at[ZK_TIME_LEN];
	char assessed_by[48];
	char updated_at[ZK_TIME_LEN];
	/* Closed by the DPO (migration 037): "" and empty while open. */
	char closed_at[ZK_TIME_LEN];
	char closed_by[48];
	struct zk_buf close_reason; /* sealed */
	/* Read only: the AP notices and the notified so far. */
	int phases;
	char first_sent_at[ZK_TIME_LEN]; /* "" before the first notice */
	int notified;			 /* rows in breach_notified */
};

struct store_breach_notice {
	int phase;
	char sent_at[ZK_TIME_LEN];
	char reference[128];
	struct zk_buf addition; /* sealed */
	char recorded_at[ZK_TIME_LEN];
	char recorded_by[48];
};

struct store_breach_notified {
	struct zk_buf who; /* sealed */
	int64_t people;
	char how[16];
	char notified_at[ZK_TIME_LEN];
	char recorded_at[ZK_TIME_LEN];
	char recorded_by[48];
};

/* Sets the buffers of b empty (no limit); release with _release. */
void store_breach_init(struct store_breach *b);
void store_breach_release(struct store_breach *b);

/* Adds b (its uid, facts and details), its new row id in *id. */
int store_breach_add(struct store *s, int64_t tenant,
		     const struct store_breach *b, int64_t *id);

/* Replaces the facts and details of breach b->id. */
int store_breach_update(struct store *s, int64_t tenant,
			const struct store_breach *b);

/* Records the assessment of breach b->id (risk, reasons, exemptions). */
int store_breach_assess(struct store *s, int64_t tenant,
			const struct store_breach *b);

/*
 * Closes breach b->id with b->closed_at, closed_by and close_reason;
 * ZK_ECONFLICT when it was closed before (a race the service lost).
 */
int store_breach_close(struct store *s, int64_t tenant,
		       const struct store_breach *b);

/* The breach uid into out (init'ed); ZK_ENOTFOUND when none. */
int store_breach_get(struct store *s, int64_t tenant, const char *uid,
		     struct store_breach *out);

/* Every breach, newest awareness first; cb's non-zero result stops. */
int store_breach_list(struct store *s, int64_t tenant,
		      int (*cb)(void *arg, const struct store_breach *b),
		      void *arg);

/* Adds the next AP notice phase of breach; its number in *phase. */
int store_breach_notice_add(struct store *s, int64_t tenant, int64_t breach,
			    const struct store_breach_notice *n, int *phase);
int store_breach_notice_list(struct store *s, int64_t tenant, int64_t breach,
			     int (*cb)(void *arg,
				       const struct store_breach_notice *n),
			     void *arg);

int store_breach_notified_add(struct store *s, int64_t tenant, int64_t breach,
			      const struct store_breach_notified *n);
int store_breach_notified_list(struct store *s, int64_t tenant, int64_t breach,
			       int (*cb)(void *arg,
					 const struct store_breach_notified *n),
			       void *arg);

#endif
