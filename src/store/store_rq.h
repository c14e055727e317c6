/*
 * store_rq.h: data subjects' requests (RQ-1 to RQ-6), their
 * suspensions (RQ-3), the entries withheld from an access (INZ-2) and the
 * history of each. The reasons and details are sealed by the service with
 * the subject's key; the store keeps the bytes.
 */
#ifndef ZK_STORE_RQ_H
#define ZK_STORE_RQ_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

struct store_rq {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	char subject_kind[16];
	char kind[16];
	char received_on[ZK_DATE_LEN];
	char channel[12];
	char answer_channel[12];
	int64_t representative_id; /* 0: the subject made it */
	char representative_uid[ZK_UUID_LEN];
	char basis[32]; /* REP-6: the representative's kind, or "" */
	char id_document[20];
	char id_last[8];
	char state[20];
	char decision[10];
	struct zk_buf reasons; /* sealed, or empty */
	int excessive;
	int64_t fee_cents; /* 0: free */
	char extended_on[ZK_DATE_LEN];
	char explanation[10];
	int64_t assignee_id;
	char assignee[64];     /* the assignee's username, on reads */
	struct zk_buf details; /* sealed JSON, or empty */
	char created_at[ZK_TIME_LEN];
	char decided_at[ZK_TIME_LEN];
	char carried_out_at[ZK_TIME_LEN];
	char closed_at[ZK_TIME_LEN];
};

/* Zeroes r and readies its buffers; release with store_rq_release. */
void store_rq_init(struct store_rq *r);
void store_rq_release(struct store_rq *r);

/* Adds a request in state r->state; its row id in *id. */
int store_rq_create(struct store *s, int64_t tenant, const struct store_rq *r,
		    int64_t *id);

/* One request by its uid, with its subject's uid and kind. */
int store_rq_get(struct store *s, int64_t tenant, const char *uid,
		 struct store_rq *out);

/*
 * The requests, oldest first: all, only those not closed (open), or only
 * those of one subject (subject > 0).
 */
int store_rq_list(struct store *s, int64_t tenant, int open, int64_t subject,
		  int (*cb)(void *arg, const struct store_rq *r), void *arg);

/* Writes back what may change on a request (not its kind, subject,
 * requester or received date). */
int store_rq_update(struct store *s, int64_t tenant, const struct store_rq *r);

/* One line of the request's history. */
int store_rq_event_add(struct store *s, int64_t tenant, int64_t request,
		       const char *at, const char *by, const char *what,
		       const char *state);
int store_rq_events(struct store *s, int64_t tenant, int64_t request,
		    int (*cb)(void *arg, const char *at, const char *by,
			      const char *what, const char *state),
		    void *arg);

/* RQ-3: opens a suspension from a day, or closes the open one on a day. */
int store_rq_suspend(struct store *s, int64_t tenant, int64_t request,
		     const char *from);
int store_rq_resume(struct store *s, int64_t tenant, int64_t request,
		    const char *to);
/* The suspensions, oldest first; to is "" while open. */
int store_rq_suspensions(struct store *s, int64_t tenant, int64_t request,
			 int (*cb)(void *arg, const char *from, const char *to),
			 void *arg);

/* INZ-2: an entry withheld, with its sealed reason. */
int store_rq_withhold(struct store *s, int64_t tenant, int64_t request,
		      int64_t entry, const struct zk_buf *reason);
int store_rq_withheld(struct store *s, int64_t tenant, int64_t request,
		      int (*cb)(void *arg, const char *entry_uid,
				const char *category,
				const struct zk_buf *reason),
		      void *arg);

#endif
