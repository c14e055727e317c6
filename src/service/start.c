/*
 * start.c: what the service trusts when it opens a database (SEC-1,
 * LOG-3). init stores a check value of each key in the database; every
 * later open compares the keys it loaded with them, and checks that the
 * witness of the log (audit.head) is whole, before anything is read or
 * logged. A database from before check values is bound once, by the
 * operator, with `zorgkluis audit bind` (svc_bind): never silently at a
 * start, so that check values removed through SQL cannot make a database
 * look old and have forged entries bound (docs/keys.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/service_int.h"

/* The keys that have a check value, and the names they are stored under. */
static const struct {
	unsigned bits; /* loaded when any of these is */
	const char *name;
} start_keys[] = {
    {KEYS_MASTER, "master.key"},
    {KEYS_AUDIT, "audit.key"},
    {KEYS_SIGN | KEYS_VERIFY, "signing.key"},
};

#define START_NKEYS (sizeof start_keys / sizeof start_keys[0])

/* The event that records, in each tenant's log, that check values exist. */
#define START_EVENT "keys.check"

static int
start_check_value(const struct keyring *k, size_t i, unsigned char *out)
{
	unsigned which = k->have & start_keys[i].bits;

	/* KEYS_SIGN and KEYS_VERIFY give the same public key. */
	if (which & KEYS_SIGN)
		which = KEYS_SIGN;
	return keys_check_value(k, which, out);
}

/* Writes the check value of every loaded key; see svc_open(). */
static int
start_record(struct service *svc, char **cause)
{
	unsigned char v[KEYS_CHECK_BYTES];
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < START_NKEYS; i++) {
		if (!(svc->keys->have & start_keys[i].bits))
			continue;
		if ((rc = start_check_value(svc->keys, i, v)) == 0)
			rc = store_key_check_put(svc->store, start_keys[i].name,
						 v);
		if (rc != 0)
			zk_fail(cause, rc,
				"cannot store the check value of %s: %s",
				start_keys[i].name, zk_strerror(rc));
	}
	sodium_memzero(v, sizeof v);
	return rc;
}

int
svc_start_record(struct service *svc, char **cause)
{
	int rc;

	if ((rc = store_begin(svc->store)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if ((rc = start_record(svc, cause)) != 0) {
		store_rollback(svc->store);
		return rc;
	}
	if ((rc = store_commit(svc->store)) != 0)
		return zk_fail(cause, rc,
			       "cannot store the key check values: %s",
			       zk_strerror(rc));
	return 0;
}

/*
 * SEC-1: compares each loaded key with the check value the database holds
 * for it. A missing value in a database that has others was removed.
 */
static int
start_compare(struct service *svc, char **cause)
{
	unsigned char want[KEYS_CHECK_BYTES], have[KEYS_CHECK_BYTES];
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < START_NKEYS; i++) {
		const char *name = start_keys[i].name;

		if (!(svc->keys->have & start_keys[i].bits))
			continue;
		if (strcmp(name, "signing.key") == 0 &&
		    !(svc->keys->have & KEYS_SIGN))
			name = "signing.pub";
		rc = store_key_check_get(svc->store, start_keys[i].name, want);
		if (rc == ZK_ENOTFOUND)
			rc = zk_fail(cause, ZK_ECRYPTO,
				     "the database holds no check value for "
				     "%s (it was removed); refusing to use it",
				     name);
		else if (rc != 0)
			rc = zk_fail(cause, rc,
				     "cannot read the key check "
				     "values: %s",
				     zk_strerror(rc));
		else if ((rc = start_check_value(svc->keys, i, have)) != 0)
			rc = zk_fail(cause, rc,
				     "cannot compute the check "
				     "value of %s",
				     name);
		else if (sodium_memcmp(want, have, sizeof want) != 0)
			rc = zk_fail(cause, ZK_ECRYPTO,
				     "%s in %s does not belong to this "
				     "database; refusing to use it",
				     name, svc->keys->dir);
	}
	return rc;
}

int
svc_start_check(struct service *svc, unsigned flags, char **cause)
{
	int n, rc;

	if ((rc = store_key_check_count(svc->store, &n)) != 0)
		return zk_fail(cause, rc,
			       "cannot read the key check values: %s",
			       zk_strerror(rc));
	if (n == 0) {
		/*
		 * A database from before check values. Verifying it read-only
		 * checks the keys against the log itself; anything else waits
		 * until the operator bound it.
		 */
		if (!(flags & (SVC_READONLY | SVC_BIND)))
			return zk_fail(cause, ZK_ECRYPTO,
				       "the database holds no key check "
				       "values; if it was made before "
				       "zorgkluis kept them, run `zorgkluis "
				       "audit bind` once (docs/keys.md)");
	} else if ((rc = start_compare(svc, cause)) != 0) {
		return rc;
	}
	/* LOG-3: a damaged witness stops the start; it is never rewritten. */
	if (!(flags & SVC_READONLY) && (svc->keys->have & KEYS_SIGN) &&
	    (rc = audit_witness_check(svc->store, svc->keys, cause)) != 0)
		return rc;
	/* ERA-5: the subject keys live in the key store (docs/keys.md). */
	if (!(flags & (SVC_READONLY | SVC_BIND | SVC_RECONCILE_LATER)) && n > 0)
		return svc_keystore_reconcile(svc, NULL, cause);
	return 0;
}

/* --- binding a database from before check values ------------------------ */

struct start_bind {
	struct service *svc;
	int64_t tenant;
	struct svc_bind_result *res;
	char **cause;
};

/* SEC-1: every subject key unwraps with master.key. */
static int
start_bind_subject(void *arg, const struct store_subject *x)
{
	struct start_bind *b = arg;
	unsigned char key[SEAL_KEY_BYTES];
	int rc = svc_subject_key(b->svc, b->tenant, x, key);

	seal_wipe(key, sizeof key);
	if (rc != 0)
		return zk_fail(b->cause, ZK_ECRYPTO,
			       "master.key does not belong to this database: "
			       "the key of subject %s does not unwrap with it",
			       x->uid);
	b->res->subjects++;
	return 0;
}

/*
 * LOG-3: an entry from before migration 019 is bound as it stands, after
 * its content opened with its seal (which names its tenant, subject,
 * entry and category).
 */
static int
start_bind_entry(void *arg, const struct store_entry *e)
{
	struct start_bind *b = arg;
	unsigned char key[SEAL_KEY_BYTES], mac[SEAL_MAC_BYTES];
	struct store_subject x;
	struct zk_buf plain;
	char ad[200];
	int rc;

	memset(&x, 0, sizeof x);
	zk_buf_init_secret(&plain, 0);
	rc = store_subject_get(b->svc->store, b->tenant, e->subject_uid, &x);
	if (rc == 0)
		rc = svc_subject_key(b->svc, b->tenant, &x, key);
	if (rc == 0) {
		svc_seal_ad(ad, sizeof ad, b->tenant, x.uid, e->uid,
			    e->category);
		rc = seal_decrypt(key, ad, e->content.data, e->content.len,
				  &plain);
		if (rc == 0)
			rc = svc_entry_mac(key, b->tenant, e, mac);
		seal_wipe(key, sizeof key);
	}
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
	store_subject_release(&x);
	if (rc != 0)
		return zk_fail(b->cause, ZK_ECORRUPT,
			       "entry %s does not open with its seal; not "
			       "binding it",
			       e->uid);
	if ((rc = store_entry_set_mac(b->svc->store, b->tenant, e->uid, mac)) !=
	    0)
		return zk_fail(b->cause, rc, "cannot bind entry %s: %s", e->uid,
			       zk_strerror(rc));
	b->res->entries++;
	return 0;
}

static int
start_bind_tenant(void *arg, const struct store_tenant *t)
{
	struct start_bind *b = arg;
	struct svc_tenant *st;
	struct audit_event ev;
	struct actor a;
	int rc;

	b->tenant = t->id;
	b->res->tenants++;
	if ((rc = store_subject_list(b->svc->store, t->id, NULL, 0, 0,
				     start_bind_subject, b)) != 0 ||
	    (rc = store_entry_unbound(b->svc->store, t->id, start_bind_entry,
				      b)) != 0)
		return rc;
	if ((rc = svc_tenant(b->svc, t->id, &st, b->cause)) != 0)
		return rc;
	svc_actor_system(&a, t->id, "bind", "cli");
	svc_event_init(&ev, &a, st, START_EVENT, 'E');
	ev.object_type = "database";
	ev.rule = "SEC-1";
	return audit_append(b->svc->store, b->svc->keys, t->id, zk_now(), &ev,
			    b->cause);
}

int
svc_bind(struct service *svc, struct svc_bind_result *res, char **cause)
{
	struct audit_verify_result v;
	struct start_bind b;
	int n, found, rc;

	memset(res, 0, sizeof *res);
	if ((svc->keys->have & KEYS_ALL) != KEYS_ALL)
		return zk_fail(cause, ZK_ECRYPTO, "binding needs every key");
	if ((rc = store_key_check_count(svc->store, &n)) != 0)
		return zk_fail(cause, rc, "cannot read the key check values");
	if (n != 0)
		return zk_fail(cause, ZK_ECONFLICT,
			       "the database holds key check values already; "
			       "it is bound");
	/* The log, witness included, must verify with audit.key. */
	if ((rc = audit_verify(svc->store, svc->keys, &v, cause)) != 0)
		return rc;
	if (!v.intact)
		return zk_fail(cause, ZK_ECRYPTO,
			       "the log does not verify with audit.key "
			       "(tenant %lld, entry %lld: %s); not binding",
			       (long long)v.tenant, (long long)v.seq,
			       v.problem);
	/*
	 * Check values once written are in the log: a database that was
	 * bound (or made with them) and lost them was changed through SQL.
	 */
	if ((rc = store_audit_event_exists(svc->store, START_EVENT, &found)) !=
	    0)
		return zk_fail(cause, rc, "cannot read the log");
	if (found)
		return zk_fail(cause, ZK_ECORRUPT,
			       "the log shows that this database had key "
			       "check values; they were removed outside "
			       "zorgkluis, so it is not bound again");
	if ((rc = store_begin(svc->store)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	memset(&b, 0, sizeof b);
	b.svc = svc;
	b.res = res;
	b.cause = cause;
	rc = store_tenant_list(svc->store, start_bind_tenant, &b);
	if (rc == 0)
		rc = start_record(svc, cause);
	if (rc == 0 && (rc = store_commit(svc->store)) != 0)
		zk_fail(cause, rc, "cannot commit: %s", zk_strerror(rc));
	if (rc != 0) {
		store_rollback(svc->store);
		if (cause != NULL && *cause == NULL)
			zk_fail(cause, rc, "%s", zk_strerror(rc));
		return rc;
	}
	return svc_checkpoint(svc, cause);
}

/*
 * SEC-1: appends to tenant's log, in the transaction the caller holds,
 * that the database keeps key check values. protocol names the profile
 * (id@version); it is passed, not looked up, so that a tenant being
 * created is not cached before its transaction commits.
 */
int
svc_keys_append(struct service *svc, int64_t tenant, const char *protocol,
		char **cause)
{
	struct audit_event ev;
	struct actor a;

	svc_actor_system(&a, tenant, "init", "cli");
	svc_event_init(&ev, &a, NULL, START_EVENT, 'E');
	ev.protocol = protocol;
	ev.object_type = "database";
	ev.rule = "SEC-1";
	return svc_log_one(svc, &a, &ev, zk_now(), cause);
}

int
svc_keys_log(struct service *svc, int64_t tenant, char **cause)
{
	struct svc_tenant *t;
	int rc;

	if ((rc = svc_tenant(svc, tenant, &t, cause)) != 0)
		return rc;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if ((rc = svc_keys_append(svc, tenant, t->protocol, cause)) != 0)
		return rc;
	return svc_log_finish(svc, cause);
}
