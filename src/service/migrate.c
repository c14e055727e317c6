/*
 * migrate.c: copying a whole installation from one database to another,
 * from SQLite to PostgreSQL or between any two engines (issue 12), through
 * the one door like every other processing of personal data.
 *
 * The order is what makes it safe. The source's log must verify before
 * anything is written (LOG-3); the target gets the schema from its own
 * migrations and must then be empty; every row is copied in one write
 * transaction on the target (store_copy()); the target's log is verified
 * with the same keys and witness inside that transaction, which commits
 * only when it is intact. Any failure rolls it back: the target then
 * holds at most an empty schema, which a second run accepts.
 *
 * The copy writes nothing in either log: the target's chain must stay the
 * source's, byte for byte, so that the witness in the key directory
 * vouches for both until the target is used, and a failed or repeated
 * migration can go to another target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service_int.h"

/* Says where the log of side does not verify, in *cause. */
static int
migrate_not_intact(const char *side, const struct audit_verify_result *r,
		   char **cause)
{
	return zk_fail(
	    cause, ZK_ECORRUPT,
	    "the %s's access log does not verify (tenant %lld, "
	    "entry %lld: %s); %s",
	    side, (long long)r->tenant, (long long)r->seq, r->problem,
	    strcmp(side, "source") == 0 ? "nothing was copied"
					: "the copy was rolled back");
}

/* Copies src's store into to, verified before it commits. */
static int
migrate_copy(struct service *src, const char *to, struct svc_migrate *m,
	     char **cause)
{
	struct store *dst = NULL;
	int rc;

	/*
	 * A database without a schema gets it here. One that has one is
	 * taken only when it holds no rows (store_copy() checks that under
	 * the writer lock): an earlier run that failed leaves its schema.
	 */
	rc = store_open(to, STORE_CREATE, &dst, cause);
	if (rc == ZK_EEXIST) {
		free(*cause);
		*cause = NULL;
		rc = store_open(to, 0, &dst, cause);
	}
	if (rc != 0)
		return rc;
	if ((rc = store_batch_begin(dst)) != 0) {
		store_close(dst);
		return zk_fail(cause, rc, "cannot lock the target");
	}
	rc = store_copy(svc_store(src), dst, &m->copy, cause);
	/* LOG-3: the copy's chain, with the keys and witness it had. */
	if (rc == 0)
		rc = audit_verify(dst, svc_keys(src), &m->target, cause);
	if (rc == 0 && !m->target.intact)
		rc = migrate_not_intact("target", &m->target, cause);
	if (rc != 0) {
		store_batch_rollback(dst);
		store_close(dst);
		return rc;
	}
	rc = store_batch_commit(dst);
	store_close(dst);
	return rc != 0 ? zk_fail(cause, rc, "cannot commit the copy") : 0;
}

int
svc_migrate(const char *from, const char *to, const char *keys,
	    struct svc_migrate *m, char **cause)
{
	struct service *src = NULL;
	int rc;

	memset(m, 0, sizeof *m);
	rc = svc_open(from, keys, SVC_READONLY, KEYS_AUDIT | KEYS_VERIFY, &src,
		      cause);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot open the source");
	/* LOG-3: a log that does not verify is not carried elsewhere. */
	rc = audit_verify(svc_store(src), svc_keys(src), &m->source, cause);
	if (rc == 0 && !m->source.intact)
		rc = migrate_not_intact("source", &m->source, cause);
	if (rc == 0)
		rc = store_copy_ready(svc_store(src), cause);
	if (rc == 0)
		rc = migrate_copy(src, to, m, cause);
	svc_close(src);
	return rc;
}
