/*
 * store_shield.h: shields (SHD-1) and restrictions (RST-1) of a subject's
 * data (migration 026). The rows hold references and dates only; what a
 * shield or a restriction means for a read is decided in the service
 * (src/service/shield.c).
 */
#ifndef ZK_STORE_SHIELD_H
#define ZK_STORE_SHIELD_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

struct store_shield {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	int64_t entry_id; /* 0: a category is shielded */
	char entry_uid[ZK_UUID_LEN];
	char category[16]; /* "" when an entry is */
	char by_user[48];
	int64_t request_id; /* 0: not for a request */
	char request_uid[ZK_UUID_LEN];
	char created_at[ZK_TIME_LEN];
	char lifted_at[ZK_TIME_LEN]; /* "" while in force */
	char lifted_by[48];
};

int store_shield_add(struct store *s, int64_t tenant,
		     const struct store_shield *sh, int64_t *id);
/* ZK_ENOTFOUND when tenant has no shield uid. */
int store_shield_get(struct store *s, int64_t tenant, const char *uid,
		     struct store_shield *out);
/* Lifts shield id; ZK_ENOTFOUND when it was lifted already. */
int store_shield_lift(struct store *s, int64_t tenant, int64_t id,
		      const char *by, const char *at);
/* Calls cb for each shield of subject, lifted ones too, oldest first. */
int store_shield_list(struct store *s, int64_t tenant, int64_t subject,
		      int (*cb)(void *arg, const struct store_shield *sh),
		      void *arg);
/*
 * What of subject is shielded now: cb(arg, id, NULL) for each entry id
 * hidden (a shielded entry, the entries it corrects and the entries that
 * correct it, to any depth), cb(arg, 0, category) for each category
 * shielded as a whole.
 */
int store_shield_hidden(struct store *s, int64_t tenant, int64_t subject,
			int (*cb)(void *arg, int64_t entry,
				  const char *category),
			void *arg);

struct store_restriction {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	char ground[24];
	int64_t request_id;
	char request_uid[ZK_UUID_LEN];
	char by_user[48];
	char started_at[ZK_TIME_LEN];
	char notice_at[ZK_TIME_LEN]; /* "" until the subject was told */
	char notice_channel[12];
	char notice_by[48];
	char lifted_at[ZK_TIME_LEN];
	char lifted_by[48];
};

int store_restriction_add(struct store *s, int64_t tenant,
			  const struct store_restriction *r, int64_t *id);
int store_restriction_get(struct store *s, int64_t tenant, const char *uid,
			  struct store_restriction *out);
/* The restriction of subject in force, if any (ZK_ENOTFOUND: none). */
int store_restriction_active(struct store *s, int64_t tenant, int64_t subject,
			     struct store_restriction *out);
/* Records the notice; ZK_ENOTFOUND when lifted or told already. */
int store_restriction_notice(struct store *s, int64_t tenant, int64_t id,
			     const char *channel, const char *by,
			     const char *at);
/* Lifts it; ZK_ENOTFOUND when lifted already or never told (art. 18(3)). */
int store_restriction_lift(struct store *s, int64_t tenant, int64_t id,
			   const char *by, const char *at);

#endif
