/*
 * store_logreview.h: the queries of the DPO's log review (LOG-7, FG-2,
 * migration 034): the log over a period, read by time, and the two marks
 * the reports need: an account that is also a client (a colleague's
 * record) and a client flagged as a public figure.
 */
#ifndef ZK_STORE_LOGREVIEW_H
#define ZK_STORE_LOGREVIEW_H

#include <stdint.h>

#include "store/store.h"

/* One log entry as the review reads it; NULL means absent. */
struct store_lr_row {
	int64_t seq;
	const char *ts, *event, *action, *outcome, *reason, *rule;
	const char *user_uid, *user_role, *subject_uid, *object_type;
	const char *object_uid, *category, *break_glass_ref;
	const char *linked_user; /* STORE_LR_COLLEAGUE: the client's account */
};

/* Which entries store_lr_scan() gives, each by a person, not the system. */
enum store_lr_which {
	STORE_LR_REFUSED,	 /* every refused act */
	STORE_LR_SUBJECT_ACCESS, /* every successful act on a client */
	STORE_LR_COLLEAGUE,	 /* successful reads of a colleague's record
				    by someone else than that colleague */
	STORE_LR_PUBLIC_FIGURE	 /* successful reads of a flagged client */
};

/*
 * Calls cb for each entry of tenant's log with from <= ts < to (UTC
 * times as zk_time_fmt() writes them) of the kind which, in time order.
 * A non-zero return of cb stops the scan and is returned.
 */
int store_lr_scan(struct store *s, int64_t tenant, enum store_lr_which which,
		  const char *from, const char *to,
		  int (*cb)(void *arg, const struct store_lr_row *r),
		  void *arg);

/*
 * Links account user to client subject (a staff member who is a client).
 * ZK_EEXIST when either already has a link.
 */
int store_lr_colleague_set(struct store *s, int64_t tenant, int64_t user,
			   int64_t subject, const char *at, const char *by);
/* Removes the link of account user; ZK_ENOTFOUND when it has none. */
int store_lr_colleague_clear(struct store *s, int64_t tenant, int64_t user);
/* The uid of the client account user is linked to, "" when none. */
int store_lr_colleague_get(struct store *s, int64_t tenant, int64_t user,
			   char subject_uid[ZK_UUID_LEN]);

/* The uid of the account linked to client subject, "" when none. */
int store_lr_colleague_of(struct store *s, int64_t tenant, int64_t subject,
			  char user_uid[ZK_UUID_LEN]);

/* Flags subject as a public figure; ZK_EEXIST when it is flagged. */
int store_lr_public_set(struct store *s, int64_t tenant, int64_t subject,
			const char *at, const char *by);
/* Removes the flag; ZK_ENOTFOUND when there is none. */
int store_lr_public_clear(struct store *s, int64_t tenant, int64_t subject);
/* *flagged is 1 when subject is flagged as a public figure. */
int store_lr_public_get(struct store *s, int64_t tenant, int64_t subject,
			int *flagged);

#endif
