/*
 * store_kin.h: representation over time (REP-1 to REP-5) and the
 * requests of next of kin about a deceased subject (INZ-5): migration
 * 028. Names are sealed by the service with the subject's key; the store
 * keeps the bytes.
 */
#ifndef ZK_STORE_KIN_H
#define ZK_STORE_KIN_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

/* A representative by uid, ended or not: its subject and state. */
struct store_rep_row {
	int64_t id;
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	char kind[32];
	int declines, absent, legal_consent;
	char ended_at[ZK_TIME_LEN]; /* "" while it acts */
};

/* ZK_ENOTFOUND when there is no such representative. */
int store_rep_get(struct store *s, int64_t tenant, const char *uid,
		  struct store_rep_row *out);
/* Ends a representation at at, by by; ZK_ENOTFOUND when ended already. */
int store_rep_end(struct store *s, int64_t tenant, const char *uid,
		  const char *at, const char *by);
/* Writes kind, declines, absent and legal_consent of r back, stamped at. */
int store_rep_change(struct store *s, int64_t tenant, const char *uid,
		     const struct store_rep_row *r, const char *at);

/* REP-4: the scope and lapse of an assessment set after its creation. */
int store_capacity_terms(struct store *s, int64_t tenant, const char *uid,
			 const char *scope, const char *lapses_on);
/* Lets an assessment lapse on day on (kept when it lapses earlier). */
int store_capacity_lapse(struct store *s, int64_t tenant, const char *uid,
			 const char *on);
/* The subject of an assessment, and its lapse day ("" when none). */
int store_capacity_subject(struct store *s, int64_t tenant, const char *uid,
			   int64_t *subject, char lapses_on[ZK_DATE_LEN]);

/* REP-5: the good-controller exception of a subject (reason sealed). */
int store_direct_set(struct store *s, int64_t tenant, int64_t subject,
		     const struct zk_buf *reason, const char *by,
		     const char *at);
/* ZK_ENOTFOUND when none was recorded. */
int store_direct_clear(struct store *s, int64_t tenant, int64_t subject);
/* 0 when recorded (reason filled when not NULL), else ZK_ENOTFOUND. */
int store_direct_get(struct store *s, int64_t tenant, int64_t subject,
		     struct zk_buf *reason);

/* INZ-5: a next of kin's request beside its request row. */
struct store_kin {
	int64_t request_id;
	struct zk_buf name; /* sealed */
	char relation[20];
	char ground[32];     /* "" until decided */
	char decided_by[48]; /* user uid */
	char decided_at[ZK_TIME_LEN];
	char categories[200]; /* "a,b" released */
	char *entries;	      /* "uid,uid" released, or NULL; heap */
};

void store_kin_init(struct store_kin *k);
void store_kin_release(struct store_kin *k);
int store_kin_create(struct store *s, int64_t tenant,
		     const struct store_kin *k);
/* ZK_ENOTFOUND when the request is not a next of kin's. */
int store_kin_get(struct store *s, int64_t tenant, int64_t request,
		  struct store_kin *out);
int store_kin_decide(struct store *s, int64_t tenant,
		     const struct store_kin *k);

#endif
