/*
 * store_rq_change.h: what a request to correct, complete, erase, shield
 * or restrict changes (COR-1, COR-2, ERA-1, SHD-1, RST-1), and an
 * erasure's refusal ground (ERA-2). Content and reasons arrive sealed by
 * the service; the store keeps the bytes.
 */
#ifndef ZK_STORE_RQ_CHANGE_H
#define ZK_STORE_RQ_CHANGE_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

struct store_rq_change {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t request_id;
	char op[12]; /* correct, complete, erase, shield, restrict */
	char entry_uid[ZK_UUID_LEN]; /* "" when none */
	char category[32];	     /* "" when none */
	struct zk_buf content;	     /* sealed JSON, or empty */
	struct zk_buf reason;	     /* sealed text, or empty */
	char ground[40];	     /* "" when none */
	char created_at[ZK_TIME_LEN];
	char created_by[64];
	char done_at[ZK_TIME_LEN]; /* "" until carried out */
	char result_uid[ZK_UUID_LEN];
};

void store_rq_change_init(struct store_rq_change *c);
void store_rq_change_release(struct store_rq_change *c);

int store_rq_change_add(struct store *s, int64_t tenant,
			const struct store_rq_change *c);

/* The changes of a request, in the order they were recorded. */
int store_rq_changes(struct store *s, int64_t tenant, int64_t request,
		     int (*cb)(void *arg, const struct store_rq_change *c),
		     void *arg);

/* Marks a change carried out, with what it made (result, or ""). */
int store_rq_change_done(struct store *s, int64_t tenant, int64_t change,
			 const char *at, const char *result);

/* ERA-2: the ground an erasure was refused on ("" to read none). */
int store_rq_refusal_set(struct store *s, int64_t tenant, int64_t request,
			 const char *ground);
int store_rq_refusal_get(struct store *s, int64_t tenant, int64_t request,
			 char *out, size_t n);

#endif
