/*
 * store_portal.h: the links of portal accounts to the clients they see
 * (INZ-6, REP-6; migration 030) and the entries a portal never shows
 * because a decided request withheld them (INZ-2).
 */
#ifndef ZK_STORE_PORTAL_H
#define ZK_STORE_PORTAL_H

#include <stdint.h>

#include "core/zk.h"
#include "store/store.h"

/* A portal account's link: the client, and the representative row it
 * acts as (representative_id 0: the account is the client's own). */
struct store_portal_link {
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	int64_t representative_id;
	char representative_uid[ZK_UUID_LEN];
	char representative_ended_at[ZK_TIME_LEN]; /* "" while it acts */
};

/*
 * Links user to subject, as representative (0: as the subject). ZK_EEXIST
 * when that link is there already.
 */
int store_portal_link_add(struct store *s, int64_t tenant, int64_t user,
			  int64_t subject, int64_t representative,
			  const char *at, const char *by);

/*
 * Calls cb for each link of user, in the order made; with subject not 0
 * only those to that client. cb returning non-zero stops the scan and is
 * returned.
 */
int store_portal_links(struct store *s, int64_t tenant, int64_t user,
		       int64_t subject,
		       int (*cb)(void *arg, const struct store_portal_link *l),
		       void *arg);

/* The number of links of user (0 for a staff account). */
int store_portal_count(struct store *s, int64_t tenant, int64_t user, int *n);

/*
 * INZ-2: calls cb with the row id of each entry of subject withheld in a
 * decided request, and of each entry correcting one (COR-2).
 */
int store_portal_withheld(struct store *s, int64_t tenant, int64_t subject,
			  int (*cb)(void *arg, int64_t entry), void *arg);

#endif
