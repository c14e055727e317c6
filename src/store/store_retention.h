/*
 * store_retention.h: the facts of retention per subject and the legal
 * holds (RET-1 to RET-4, migration 031). The decision is the pure
 * retention_decide() (src/policy/retention.h); these functions only keep
 * and find its facts. Dates are "YYYY-MM-DD"; "" stands for none.
 *
 * record_changed_on moves by triggers in the database (a new subject, a
 * new entry or correction, a change of identity), so no writer can forget
 * it; store_retention_touch() is there for a change the triggers do not
 * see.
 */
#ifndef ZK_STORE_RETENTION_H
#define ZK_STORE_RETENTION_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

struct store_retention_facts {
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	char kind[16];				 /* client, employee, ... */
	char record_changed_on[ZK_DATE_LEN];	 /* "" if never recorded */
	char relationship_ended_on[ZK_DATE_LEN]; /* set explicitly, or "" */
	/*
	 * The end of the relationship the decision counts from: the
	 * explicit end when set; else, for a client, the day the last care
	 * relation ended when none runs on the given day; else "".
	 */
	char ended_on[ZK_DATE_LEN];
	int holds; /* active holds over the whole subject (no category) */
};

/*
 * The facts of subject on day today ("YYYY-MM-DD"). ZK_ENOTFOUND when
 * tenant has no such subject.
 */
int store_retention_facts(struct store *s, int64_t tenant, int64_t subject,
			  const char *today, struct store_retention_facts *out);

/*
 * Sets (day "YYYY-MM-DD") or clears (day NULL) the end of subject's
 * relationship: end of care, employment or application. by and at say
 * who set it and when. ZK_ENOTFOUND when tenant has no such subject.
 */
int store_retention_set_ended(struct store *s, int64_t tenant, int64_t subject,
			      const char *day, const char *by, const char *at);

/* Moves subject's record_changed_on forward to day (never back). */
int store_retention_touch(struct store *s, int64_t tenant, int64_t subject,
			  const char *day);

/*
 * The sweep's candidates, by index: cb(arg, subject id, day) for each
 * subject of tenant whose record last changed before `before`
 * (store_retention_changed_before, oldest first), or whose relationship
 * ended (explicitly) before `before` (store_retention_ended_before,
 * earliest first). A non-zero return of cb stops and is returned.
 * Subjects whose key was destroyed are left out.
 */
int store_retention_changed_before(
    struct store *s, int64_t tenant, const char *before,
    int (*cb)(void *arg, int64_t subject, const char *day), void *arg);
int store_retention_ended_before(
    struct store *s, int64_t tenant, const char *before,
    int (*cb)(void *arg, int64_t subject, const char *day), void *arg);

/* RET-3: a legal hold. The reason is sealed with the subject's key. */
struct store_hold {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	char category[16];    /* "" when it holds the whole subject */
	struct zk_buf reason; /* sealed; owned, store_hold_release() */
	char set_by[48];
	char since[ZK_TIME_LEN];
	char lifted_at[ZK_TIME_LEN]; /* "" while active */
	char lifted_by[48];
};

void store_hold_release(struct store_hold *h);
/* ZK_ENOTFOUND when tenant has no such subject. */
int store_hold_add(struct store *s, int64_t tenant, const struct store_hold *h,
		   int64_t *id);
/* ZK_ENOTFOUND when tenant has no hold uid. Release out afterwards. */
int store_hold_get(struct store *s, int64_t tenant, const char *uid,
		   struct store_hold *out);
/* Lifts hold id; ZK_ENOTFOUND when it is unknown or lifted already. */
int store_hold_lift(struct store *s, int64_t tenant, int64_t id, const char *by,
		    const char *at);
/*
 * Calls cb for each hold of subject, lifted ones too, oldest first. h is
 * valid during the call only.
 */
int store_hold_list(struct store *s, int64_t tenant, int64_t subject,
		    int (*cb)(void *arg, const struct store_hold *h),
		    void *arg);
/*
 * The number of active holds of subject over category (a hold of the
 * whole subject counts for every category; category NULL counts every
 * active hold) into *n.
 */
int store_hold_count(struct store *s, int64_t tenant, int64_t subject,
		     const char *category, int *n);

#endif
