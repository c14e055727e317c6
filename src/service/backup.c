/*
 * backup.c: backing up a database while it is served, and restoring one
 * beside the current key directory (ERA-5, LOG-3; docs/keys.md).
 *
 * A backup is always a SQLite file, whatever the engine: every table is
 * read in one snapshot (a read transaction; REPEATABLE READ on
 * PostgreSQL) and copied through the machinery of migrate (store_copy),
 * so that the file is a zorgkluis database of the same version, created
 * 0600, never over an existing file. It holds no subject key: those are
 * in the key store, backed up apart (keystore_export).
 *
 * A restore copies the backup into a new, empty database, after the
 * backup's key check values were compared with the key directory. Its
 * log is behind the witness: for each organisation it appends a signed
 * entry "audit.restore" that names the witness's head it replaces and the
 * backup's head, signs a checkpoint and moves the witness there
 * (audit_checkpoint_restore). `audit verify` then passes and names the
 * restore; a log cut without such an entry still fails. The start that
 * follows (svc_keystore_reconcile) marks erased every subject whose key
 * the key store has destroyed since the backup, so their content stays
 * unreadable and reads say "erased".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "service/service_int.h"
#include "store/db.h"

/*
 * The relation counter a store makes beside a new SQLite file
 * (store_epoch.c). A backup is a file on its own: the counter belongs to
 * a database in use, so it does not stay beside the backup.
 */
static void
backup_unlink_epoch(const char *path)
{
	char p[4200];

	snprintf(p, sizeof p, "%s-zkepoch", path);
	unlink(p);
}

/* Removes a SQLite file and its companions after a failed write. */
static void
backup_unlink(const char *path)
{
	char p[4200];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	backup_unlink_epoch(path);
}

int
svc_backup(const char *db, const char *keys, const char *out,
	   struct svc_backup_result *res, char **cause)
{
	struct service *src = NULL;
	struct store *dst = NULL;
	struct stat st;
	int rc, made = 0;

	memset(res, 0, sizeof *res);
	if (out == NULL || out[0] == '\0')
		return zk_fail(cause, ZK_EINVAL,
			       "no backup file given (--out)");
	if (db_engine_of(out) != DB_SQLITE)
		return zk_fail(cause, ZK_EINVAL,
			       "a backup is a file: --out names a file, not "
			       "a PostgreSQL database");
	if (lstat(out, &st) == 0)
		return zk_fail(cause, ZK_EEXIST,
			       "%s exists; a backup never overwrites a file",
			       out);
	rc = svc_open(db, keys, SVC_READONLY, KEYS_AUDIT | KEYS_VERIFY, &src,
		      cause);
	if (rc != 0)
		return rc;
	if ((rc = store_copy_ready(svc_store(src), cause)) != 0)
		goto out;
	/* SEC-1: created 0600 with O_EXCL (db_sqlite.c). */
	if ((rc = store_open(out, STORE_CREATE, &dst, cause)) != 0)
		goto out;
	made = 1;
	if ((rc = store_batch_begin(dst)) != 0) {
		zk_fail(cause, rc, "cannot write %s", out);
		goto out;
	}
	rc = store_copy(svc_store(src), dst, &res->copy, cause);
	if (rc != 0)
		store_batch_rollback(dst);
	else if ((rc = store_batch_commit(dst)) != 0)
		zk_fail(cause, rc, "cannot commit the backup");
out:
	store_close(dst);
	svc_close(src);
	if (rc != 0 && made)
		backup_unlink(out);
	else if (made)
		backup_unlink_epoch(out);
	return rc;
}

/* SEC-1: the backup's check values against the key directory's keys. */
static int
restore_check_keys(struct store *b, const struct keyring *k, char **cause)
{
	static const struct {
		unsigned bit;
		const char *name;
	} ks[] = {{KEYS_MASTER, "master.key"},
		  {KEYS_AUDIT, "audit.key"},
		  {KEYS_SIGN, "signing.key"}};
	unsigned char want[KEYS_CHECK_BYTES], have[KEYS_CHECK_BYTES];
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < ZK_ARRAY_SIZE(ks); i++) {
		rc = store_key_check_get(b, ks[i].name, want);
		if (rc == 0)
			rc = keys_check_value(k, ks[i].bit, have);
		if (rc == ZK_ENOTFOUND)
			rc = zk_fail(cause, ZK_ECRYPTO,
				     "the backup holds no check value for %s; "
				     "refusing to restore it",
				     ks[i].name);
		else if (rc != 0)
			rc = zk_fail(cause, rc,
				     "cannot read the backup's key check "
				     "values: %s",
				     zk_strerror(rc));
		else if (sodium_memcmp(want, have, sizeof want) != 0)
			rc = zk_fail(cause, ZK_ECRYPTO,
				     "%s in %s does not belong to this backup; "
				     "refusing to restore it",
				     ks[i].name, k->dir);
	}
	return rc;
}

struct restore_tenant {
	struct store *dst;
	const struct keyring *k;
	int64_t now;
	int n;
	char **cause;
};

/* LOG-3: the signed entry that tells a restore from a cut. */
static int
restore_append(void *arg, int64_t tenant)
{
	struct restore_tenant *r = arg;
	unsigned char wh[32], bh[32];
	char reason[256], hex[65];
	struct audit_event ev;
	int64_t wseq = 0, bseq = 0;
	int rc;

	rc = audit_witness_head(r->k, tenant, &wseq, wh, r->cause);
	if (rc == ZK_ENOTFOUND) {
		rc = 0;
		wseq = 0;
		memset(wh, 0, sizeof wh);
	}
	if (rc == 0)
		rc = store_audit_head(r->dst, tenant, &bseq, bh);
	if (rc != 0)
		return zk_fail(r->cause, rc, "cannot read the log heads: %s",
			       zk_strerror(rc));
	sodium_bin2hex(hex, sizeof hex, wh, sizeof wh);
	snprintf(reason, sizeof reason, "witness %lld %s; backup %lld",
		 (long long)wseq, hex, (long long)bseq);
	memset(&ev, 0, sizeof ev);
	ev.event = "audit.restore";
	ev.action = 'E';
	ev.outcome = "success";
	ev.reason = reason;
	ev.rule = "LOG-3";
	ev.user_uid = "system:restore";
	ev.user_role = "administrator";
	ev.role_code = "Administrator";
	ev.access_point = "cli";
	ev.object_type = "database";
	r->n++;
	return audit_append(r->dst, r->k, tenant, r->now, &ev, r->cause);
}

static int
restore_sign(void *arg, int64_t tenant)
{
	struct restore_tenant *r = arg;

	return audit_checkpoint_restore(r->dst, r->k, tenant, r->now, r->cause);
}

int
svc_restore(const char *from, const char *db, const char *keys,
	    struct svc_restore_result *res, char **cause)
{
	struct audit_verify_result v;
	struct restore_tenant rt;
	struct keyring *k = NULL;
	struct store *b = NULL, *dst = NULL;
	struct service *svc = NULL;
	char dir[4096];
	int rc, made = 0;

	memset(res, 0, sizeof *res);
	if (from == NULL || db == NULL || db[0] == '\0')
		return zk_fail(cause, ZK_EINVAL,
			       "give the backup (--from) and the new database "
			       "(--db)");
	if (db_engine_of(from) != DB_SQLITE)
		return zk_fail(cause, ZK_EINVAL, "a backup is a file");
	if ((rc = keys_dir_choose(keys, db, dir, sizeof dir)) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "name the key directory: --keys DIR");
	if ((rc = crypto_init()) != 0 ||
	    (rc = keys_open(dir, KEYS_ALL, &k, cause)) != 0)
		return rc;
	if ((rc = store_open(from, STORE_READONLY, &b, cause)) != 0)
		goto out;
	if ((rc = restore_check_keys(b, k, cause)) != 0 ||
	    (rc = store_copy_ready(b, cause)) != 0)
		goto out;
	/* LOG-3: the backup's own chain must hold, its witness aside. */
	if ((rc = audit_verify_flags(b, k, AUDIT_NO_WITNESS, &v, cause)) != 0)
		goto out;
	if (!v.intact) {
		rc = zk_fail(cause, ZK_ECORRUPT,
			     "the backup's log does not verify (tenant %lld, "
			     "entry %lld: %s); not restoring it",
			     (long long)v.tenant, (long long)v.seq, v.problem);
		goto out;
	}
	rc = store_open(db, STORE_CREATE, &dst, cause);
	if (rc == ZK_EEXIST) {
		free(*cause);
		*cause = NULL;
		rc = zk_fail(cause, ZK_EEXIST,
			     "%s already holds a database; a backup is "
			     "restored into a new, empty one",
			     db);
		goto out;
	}
	if (rc != 0)
		goto out;
	made = 1;
	if ((rc = store_batch_begin(dst)) != 0) {
		zk_fail(cause, rc, "cannot write the new database");
		goto out;
	}
	memset(&rt, 0, sizeof rt);
	rt.dst = dst;
	rt.k = k;
	rt.now = zk_now();
	rt.cause = cause;
	rc = store_copy(b, dst, &res->copy, cause);
	if (rc == 0)
		rc = store_audit_tenants(dst, restore_append, &rt);
	if (rc != 0) {
		store_batch_rollback(dst);
		goto out;
	}
	if ((rc = store_batch_commit(dst)) != 0) {
		zk_fail(cause, rc, "cannot commit the restore");
		goto out;
	}
	res->tenants = rt.n;
	if ((rc = store_audit_tenants(dst, restore_sign, &rt)) != 0)
		goto out;
	store_close(dst);
	dst = NULL;
	/* The start: check values, witness, and the key store (ERA-5). */
	if ((rc = svc_open(db, dir, SVC_RECONCILE_LATER, KEYS_ALL, &svc,
			   cause)) == 0)
		rc = svc_keystore_reconcile(svc, &res->keys, cause);
	svc_close(svc);
out:
	store_close(dst);
	store_close(b);
	keys_free(k);
	if (rc != 0 && made && db_engine_of(db) == DB_SQLITE &&
	    res->tenants == 0)
		backup_unlink(db);
	return rc;
}

struct restore_report {
	int (*cb)(void *arg, int64_t tenant, int64_t seq, const char *at,
		  int64_t witness_seq, int64_t backup_seq);
	void *arg;
};

static int
restore_report_one(void *arg, int64_t tenant, int64_t seq, const char *ts,
		   const char *reason)
{
	struct restore_report *r = arg;
	long long w = 0, bk = 0;
	char hex[65];

	if (reason == NULL || sscanf(reason, "witness %lld %64s backup %lld",
				     &w, hex, &bk) != 3) {
		/* "hex;" ends the hash: read it again without the ';'. */
		if (reason == NULL ||
		    sscanf(reason, "witness %lld %64[0-9a-f]; backup %lld", &w,
			   hex, &bk) != 3)
			w = bk = -1;
	}
	return r->cb(r->arg, tenant, seq, ts, w, bk);
}

int
svc_restores(struct service *svc,
	     int (*cb)(void *arg, int64_t tenant, int64_t seq, const char *at,
		       int64_t witness_seq, int64_t backup_seq),
	     void *arg)
{
	struct restore_report r = {cb, arg};

	return store_audit_restores(svc->store, restore_report_one, &r);
}
