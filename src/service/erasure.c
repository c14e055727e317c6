/*
 * erasure.c: erasure that reaches every backup (ERA-1 to ERA-5).
 *
 * A subject's key lives in the key store (crypto/keystore.h), not in the
 * database. Erasing the whole subject deletes what is sealed with that key
 * in one transaction, marks the subject erased, leaves a content-free
 * destruction record and logs it (LOG-1; the log's entries stay, LOG-6),
 * and after the commit destroys the key: every backup of the database
 * then holds ciphertext without a key. Erasing some entries first writes
 * a new key generation, then in one transaction deletes those entries
 * and seals everything else of the subject again under the new key (the
 * entries' MACs too, LOG-3), and after the commit destroys the old key,
 * which the deleted entries in older backups need.
 *
 * The start reconciles the database with the key store
 * (svc_keystore_reconcile): it moves keys still in the database into the
 * store once, destroys keys the database says are gone (a crash between
 * commit and unlink), and marks erased a subject whose key has a
 * tombstone (a database restored from before its erasure).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/requests_int.h"
#include "service/service_int.h"
#include "store/store_rq.h"

static const char *const erase_grounds[] = {
    "no_longer_needed", "consent_withdrawn", "objection_upheld",
    "unlawful",		"legal_obligation",  "information_society",
};

static int
erase_ground_valid(const char *g)
{
	for (size_t i = 0; g != NULL && i < ZK_ARRAY_SIZE(erase_grounds); i++)
		if (strcmp(g, erase_grounds[i]) == 0)
			return 1;
	return 0;
}

struct erase_run {
	const struct actor *a;
	const struct svc_erase_input *in;
	json_t *counts; /* category -> count */
	json_t *record;
	char *cause;
	/* What to do with the key store after the commit. */
	char subject_uid[ZK_UUID_LEN];
	int old_gen, new_gen; /* new_gen < 0: whole subject */
	int committed;
};

static int
erase_count_cb(void *arg, const char *category, int64_t n)
{
	json_t *counts = arg, *have;

	if (category == NULL)
		return 0;
	have = json_object_get(counts, category);
	return json_object_set_new(
		   counts, category,
		   json_integer(n + (have ? json_integer_value(have) : 0))) == 0
		   ? 0
		   : ZK_ENOMEM;
}

/*
 * Who may: a handler of a granted erasure request for this subject, or
 * an actor the scheme grants destroy on every category erased.
 */
static int
erase_allowed(struct service *svc, struct erase_run *r, struct svc_tenant *t,
	      struct svc_facts *f, struct audit_event *ev, char *checks,
	      size_t nchecks)
{
	struct authz_decision d = {0};
	const char *cat;
	json_t *v;
	int rc;

	/* RET-4: the retention sweep destroys on the law and the profile's
	 * periods, not on a role; only the system runs it. */
	if (r->in->retention_rule != NULL) {
		if (!r->a->system)
			return svc_refuse_input(
			    svc, r->a, ev, ZK_EINVAL, ZK_EDENIED,
			    "retention_is_system", "RET-4", &r->cause,
			    "only the retention sweep destroys on a retention "
			    "period");
		ev->checks = "retention";
		return 0;
	}
	if (r->in->request_uid != NULL) {
		struct store_rq q;

		store_rq_init(&q);
		rc = store_rq_get(svc->store, r->a->tenant, r->in->request_uid,
				  &q);
		/* Removing a wrong entry is erasing it (COR-1): a granted
		 * rectification may erase too. */
		if (rc == 0 && ((strcmp(q.kind, "erasure") != 0 &&
				 strcmp(q.kind, "rectification") != 0) ||
				q.subject_id != f->x.id ||
				strcmp(q.state, "decided") != 0 ||
				(strcmp(q.decision, "granted") != 0 &&
				 strcmp(q.decision, "partly") != 0)))
			rc = ZK_ECONFLICT;
		if (rc == 0 && !request_handler(r->a, t) &&
		    q.assignee_id != r->a->user_id)
			rc = ZK_EDENIED;
		store_rq_release(&q);
		if (rc == ZK_ENOTFOUND || rc == ZK_ECONFLICT)
			return svc_refuse_input(
			    svc, r->a, ev, rc, rc, "request_not_granted",
			    "ERA-3", &r->cause,
			    "request %s is no granted erasure request of "
			    "client %s",
			    r->in->request_uid, r->in->subject_uid);
		if (rc == ZK_EDENIED)
			return svc_refuse_input(
			    svc, r->a, ev, ZK_EINVAL, ZK_EDENIED,
			    "not_request_handler", "ERA-3", &r->cause,
			    "only the handler of request %s carries it out",
			    r->in->request_uid);
		if (rc != 0)
			return svc_fail_act(svc, r->a, ev, rc, &r->cause);
		ev->checks = "request";
		return 0;
	}
	/* The door, for each category erased. */
	json_object_foreach(r->counts, cat, v)
	{
		int c = vocab_category(cat);

		if (c < 0)
			continue;
		svc_facts_decide(svc, r->a, t, f, (enum zk_category)c,
				 ZK_ACT_DESTROY, NULL, &d);
		svc_facts_event(r->a, ev, &d, f, checks, nchecks);
		if (!d.permit)
			return svc_refuse(svc, r->a, ev, &d, &r->cause);
	}
	(void)v;
	return 0;
}

/* Seals again what was sealed with old under new, in place (store_reseal). */
struct erase_reseal {
	struct service *svc;
	int64_t tenant;
	const char *subject_uid;
	const unsigned char *old, *new;
};

static int
erase_reseal_cb(void *arg, const char *object, const char *what,
		const struct zk_buf *in, struct zk_buf *out)
{
	struct erase_reseal *e = arg;
	struct zk_buf plain;
	char ad[200];
	int rc;

	zk_buf_init_secret(&plain, 0);
	svc_seal_ad(ad, sizeof ad, e->tenant, e->subject_uid, object, what);
	rc = seal_decrypt(e->old, ad, in->data, in->len, &plain);
	if (rc == 0)
		rc = seal_encrypt(e->new, ad, plain.data, plain.len, out);
	zk_buf_release(&plain);
	return rc;
}

struct erase_uids {
	int n, cap;
	char (*uid)[ZK_UUID_LEN];
};

static int
erase_uid_cb(void *arg, const struct store_entry *e)
{
	struct erase_uids *u = arg;

	if (u->n == u->cap) {
		void *p;

		u->cap = u->cap ? 2 * u->cap : 32;
		if ((p = realloc(u->uid, (size_t)u->cap * sizeof *u->uid)) ==
		    NULL)
			return ZK_ENOMEM;
		u->uid = p;
	}
	zk_strlcpy(u->uid[u->n++], e->uid, ZK_UUID_LEN);
	return 0;
}

/*
 * Every remaining entry: its MAC checked with the old key (LOG-3: a row
 * changed outside zorgkluis is not bound again), its content sealed again
 * and its MAC made with the new key.
 */
static int
erase_reseal_entries(struct service *svc, int64_t tenant,
		     const struct store_subject *x, const unsigned char *old,
		     const unsigned char *new, char **cause)
{
	struct erase_uids u = {0};
	int rc;

	rc =
	    store_entry_list(svc->store, tenant, x->id, NULL, erase_uid_cb, &u);
	for (int i = 0; rc == 0 && i < u.n; i++) {
		unsigned char mac[SEAL_MAC_BYTES];
		struct store_entry e;
		struct zk_buf plain, sealed;
		char ad[200];

		memset(&e, 0, sizeof e);
		zk_buf_init_secret(&plain, 0);
		zk_buf_init(&sealed, 0);
		rc = store_entry_get(svc->store, tenant, u.uid[i], &e);
		if (rc == 0 &&
		    (rc = svc_entry_mac(old, tenant, &e, mac)) == 0 &&
		    (e.meta_mac_len != SEAL_MAC_BYTES ||
		     sodium_memcmp(mac, e.meta_mac, SEAL_MAC_BYTES) != 0))
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "entry %s was changed outside zorgkluis; "
				     "not sealing it again (LOG-3)",
				     e.uid);
		svc_seal_ad(ad, sizeof ad, tenant, x->uid, e.uid, e.category);
		if (rc == 0)
			rc = seal_decrypt(old, ad, e.content.data,
					  e.content.len, &plain);
		if (rc == 0)
			rc = seal_encrypt(new, ad, plain.data, plain.len,
					  &sealed);
		if (rc == 0) {
			zk_buf_release(&e.content);
			e.content = sealed;
			zk_buf_init(&sealed, 0);
			rc = svc_entry_mac(new, tenant, &e, mac);
		}
		if (rc == 0)
			rc = store_entry_reseal(svc->store, tenant, e.id,
						&e.content, mac);
		zk_buf_release(&plain);
		zk_buf_release(&sealed);
		store_entry_release(&e);
	}
	free(u.uid);
	return rc;
}

/* A new key generation for x, written to the key store. */
static int
erase_new_key(struct service *svc, int64_t tenant,
	      const struct store_subject *x, int *gen,
	      unsigned char key[SEAL_KEY_BYTES], char **cause)
{
	unsigned char kek[SEAL_KEY_BYTES], wrapped[SEAL_WRAPPED_BYTES];
	const char *dir = svc->keys->dir;
	char ad[160];
	int32_t day;
	int g = x->key_gen + 1, rc;

	/* Skip a generation an earlier, failed run used. */
	while (keystore_exists(dir, tenant, x->uid, g) ||
	       keystore_tombstone(dir, tenant, x->uid, g, &day) == 0)
		g++;
	if ((rc = seal_tenant_kek(svc->keys, tenant, kek)) == 0) {
		svc_seal_ad(ad, sizeof ad, tenant, x->uid, NULL, "key");
		rc = seal_key_new(kek, ad, key, wrapped);
	}
	seal_wipe(kek, sizeof kek);
	if (rc == 0)
		rc = keystore_put(dir, tenant, x->uid, g, wrapped,
				  sizeof wrapped, cause);
	*gen = g;
	return rc;
}

/* The database part, in one transaction (run by the log writer when the
 * service logs through one). */
static int
erase_fn(struct service *svc, void *arg)
{
	struct erase_run *r = arg;
	const struct svc_erase_input *in = r->in;
	const struct actor *a = r->a;
	unsigned char old[SEAL_KEY_BYTES], new[SEAL_KEY_BYTES];
	struct store_destruction d;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	int64_t deleted = 0, now = zk_now();
	char checks[200], *cats = NULL;
	int whole = in->nentries == 0, rc;

	memset(&f, 0, sizeof f);
	memset(&d, 0, sizeof d);
	r->new_gen = -1;
	if ((rc = svc_tenant(svc, a->tenant, &t, &r->cause)) != 0)
		return rc;
	zk_uuid_new(d.uid);
	svc_event_init(&ev, a, t, whole ? "subject.erase" : "entry.erase", 'D');
	ev.subject_uid = in->subject_uid;
	ev.object_type = "destruction";
	ev.object_uid = d.uid;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(&r->cause, rc, "cannot start: %s",
			       zk_strerror(rc));
	if ((rc = svc_facts_load(svc, a, in->subject_uid, now, &f)) != 0) {
		svc_facts_release(&f);
		store_rollback(svc->store);
		svc_erased_cause(svc, a->tenant, in->subject_uid, &r->cause);
		return zk_fail(&r->cause, rc, "no client %s", in->subject_uid);
	}
	if (whole &&
	    json_object_set_new(r->counts, "identity", json_integer(1)) != 0)
		rc = ZK_ENOMEM;
	if (rc == 0)
		rc = store_erase_count(svc->store, a->tenant, f.x.id,
				       whole ? NULL : in->entry_uids,
				       in->nentries, erase_count_cb, r->counts);
	if (rc != 0) {
		svc_facts_release(&f);
		return svc_refuse_input(svc, a, &ev, rc, rc, "no_such_entry",
					"ERA-3", &r->cause,
					"an entry named is no entry of client "
					"%s",
					in->subject_uid);
	}
	if ((rc = erase_allowed(svc, r, t, &f, &ev, checks, sizeof checks)) !=
	    0) {
		svc_facts_release(&f);
		return rc;
	}
	ev.outcome = "success";
	ev.reason = in->ground;
	ev.rule = "ERA-5";
	/* The record. */
	zk_strlcpy(d.scope, whole ? "subject" : "entries", sizeof d.scope);
	zk_strlcpy(d.ground, in->ground, sizeof d.ground);
	zk_strlcpy(d.rule,
		   in->retention_rule != NULL ? in->retention_rule : "ERA-1",
		   sizeof d.rule);
	d.subject_id = f.x.id;
	d.key_gen = f.x.key_gen;
	zk_time_fmt(now, d.destroyed_at);
	zk_strlcpy(d.destroyed_by, a->user_uid[0] ? a->user_uid : a->username,
		   sizeof d.destroyed_by);
	if (in->request_uid != NULL) {
		struct store_rq q;

		store_rq_init(&q);
		if (store_rq_get(svc->store, a->tenant, in->request_uid, &q) ==
		    0)
			d.request_id = q.id;
		store_rq_release(&q);
	}
	r->old_gen = f.x.key_gen;
	zk_strlcpy(r->subject_uid, f.x.uid, sizeof r->subject_uid);
	if (whole) {
		const char *k;
		json_t *v;

		json_object_foreach(r->counts, k, v)
		{
			if (strcmp(k, "identity") != 0)
				deleted += json_integer_value(v);
		}
		if (rc == 0)
			rc = store_erase_subject(svc->store, a->tenant, f.x.id);
		if (rc == 0)
			rc = store_subject_mark_erased(svc->store, a->tenant,
						       f.x.id, d.destroyed_at);
	} else {
		rc = svc_subject_key(svc, a->tenant, &f.x, old);
		if (rc == 0)
			rc = erase_new_key(svc, a->tenant, &f.x, &r->new_gen,
					   new, &r->cause);
		if (rc == 0)
			rc = store_erase_entries(svc->store, a->tenant, f.x.id,
						 in->entry_uids, in->nentries,
						 &deleted);
		if (rc == 0)
			rc = erase_reseal_entries(svc, a->tenant, &f.x, old,
						  new, &r->cause);
		if (rc == 0) {
			struct erase_reseal e = {svc, a->tenant, f.x.uid, old,
						 new};

			rc = store_reseal(svc->store, a->tenant, f.x.id,
					  erase_reseal_cb, &e);
		}
		if (rc == 0)
			rc = store_subject_set_gen(svc->store, a->tenant,
						   f.x.id, r->new_gen);
		seal_wipe(old, sizeof old);
		seal_wipe(new, sizeof new);
	}
	d.entries = deleted;
	if (rc == 0 && (cats = json_dumps(
			    r->counts, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		rc = ZK_ENOMEM;
	if (rc == 0 && strlen(cats) >= sizeof d.categories)
		rc = ZK_ETOOBIG;
	if (rc == 0) {
		zk_strlcpy(d.categories, cats, sizeof d.categories);
		rc = store_destruction_add(svc->store, a->tenant, &d);
	}
	free(cats);
	svc_facts_release(&f);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, &r->cause);
	if ((rc = svc_log_commit(svc, a, &ev, &r->cause)) != 0)
		return rc;
	r->committed = 1;
	r->record = json_pack(
	    "{s:s, s:s, s:s, s:O, s:I, s:s, s:s, s:s?, s:s, s:s, s:i}", "id",
	    d.uid, "client", in->subject_uid, "scope", d.scope, "categories",
	    r->counts, "entries", (json_int_t)d.entries, "ground", d.ground,
	    "rule", d.rule, "request", in->request_uid, "destroyed_at",
	    d.destroyed_at, "destroyed_by", d.destroyed_by, "key_generation",
	    d.key_gen);
	return r->record != NULL ? 0 : ZK_ENOMEM;
}

int
svc_erase(struct service *svc, const struct actor *a,
	  const struct svc_erase_input *in, json_t **record, char **cause)
{
	struct erase_run r;
	int rc;

	*record = NULL;
	if (in == NULL || in->subject_uid == NULL ||
	    !zk_uuid_valid(in->subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a client id");
	if (!erase_ground_valid(in->ground))
		return zk_fail(cause, ZK_EINVAL,
			       "the ground of an erasure is one of "
			       "no_longer_needed, consent_withdrawn, "
			       "objection_upheld, unlawful, legal_obligation, "
			       "information_society (ERA-1)");
	if (in->nentries < 0 || (in->nentries > 0 && in->entry_uids == NULL))
		return zk_fail(cause, ZK_EINVAL, "bad list of entries");
	for (int i = 0; i < in->nentries; i++)
		if (in->entry_uids[i] == NULL ||
		    !zk_uuid_valid(in->entry_uids[i]))
			return zk_fail(cause, ZK_EINVAL, "not an entry id: %s",
				       in->entry_uids[i] ? in->entry_uids[i]
							 : "(null)");
	if (in->request_uid != NULL && !zk_uuid_valid(in->request_uid))
		return zk_fail(cause, ZK_EINVAL, "not a request id");
	memset(&r, 0, sizeof r);
	r.a = a;
	r.in = in;
	r.new_gen = -1;
	if ((r.counts = json_object()) == NULL)
		return ZK_ENOMEM;
	rc = svc->group != NULL ? svc_group_exec(svc->group, erase_fn, &r)
				: erase_fn(svc, &r);
	/* A new key the transaction did not keep is destroyed unused. */
	if (!r.committed || rc != 0) {
		if (r.new_gen >= 0)
			keystore_destroy(svc->keys->dir, a->tenant,
					 r.subject_uid, r.new_gen,
					 svc_today(svc), NULL);
		json_decref(r.record);
		r.record = NULL;
		if (rc == 0)
			rc = ZK_EAUDIT;
	} else {
		/* ERA-5: after the commit, the key every copy needs goes. */
		svc_keycache_forget_all(svc);
		rc = keystore_destroy(svc->keys->dir, a->tenant, r.subject_uid,
				      r.old_gen, svc_today(svc), &r.cause);
		if (rc != 0)
			zk_fail(&r.cause, rc,
				"erased in the database, but the key could not "
				"be destroyed; the next start destroys it");
	}
	json_decref(r.counts);
	if (cause != NULL)
		*cause = r.cause;
	else
		free(r.cause);
	if (rc == 0)
		*record = r.record;
	else
		json_decref(r.record);
	return rc;
}

/* --- the start: the key store and the database agree ------------------ */

struct reconcile {
	struct service *svc;
	int64_t tenant;
	int write;  /* 0: look, count the rows to change; 1: change them */
	int needed; /* rows to change */
	int moved, destroyed, marked;
	char **cause;
};

/* A subject whose key has a tombstone: erased, on the tombstone's date. */
static int
reconcile_mark(struct reconcile *c, const struct store_subject *x, int32_t day)
{
	char ts[ZK_TIME_LEN];
	int rc;

	if (!c->write) {
		c->needed++;
		return 0;
	}
	zk_time_fmt((int64_t)day * 86400, ts);
	if ((rc = store_erase_subject(c->svc->store, c->tenant, x->id)) == 0)
		rc = store_subject_mark_erased(c->svc->store, c->tenant, x->id,
					       ts);
	if (rc != 0)
		return zk_fail(c->cause, rc, "cannot mark client %s erased: %s",
			       x->uid, zk_strerror(rc));
	c->marked++;
	return 0;
}

static int
reconcile_subject(void *arg, const struct store_subject *x)
{
	struct reconcile *c = arg;
	const char *dir = c->svc->keys->dir;
	int32_t day;
	int rc;

	if (x->key_destroyed_at[0] != '\0') {
		/* A crash between the commit and the unlink. */
		if (keystore_exists(dir, c->tenant, x->uid, x->key_gen)) {
			if ((rc = keystore_destroy(
				 dir, c->tenant, x->uid, x->key_gen,
				 svc_today(c->svc), c->cause)) != 0)
				return rc;
			c->destroyed++;
		}
		if (x->wrapped_len > 0 && !c->write)
			c->needed++;
		else if (x->wrapped_len > 0)
			return store_subject_clear_wrapped(c->svc->store,
							   c->tenant, x->id);
		return 0;
	}
	/* The older generations of a partial erasure. */
	for (int g = 0; g < x->key_gen; g++) {
		if (!keystore_exists(dir, c->tenant, x->uid, g))
			continue;
		if ((rc = keystore_destroy(dir, c->tenant, x->uid, g,
					   svc_today(c->svc), c->cause)) != 0)
			return rc;
		c->destroyed++;
	}
	if (keystore_tombstone(dir, c->tenant, x->uid, x->key_gen, &day) == 0)
		return reconcile_mark(c, x, day);
	if (x->wrapped_len > 0) {
		/* Before 025: the file first, then the column. */
		if (!c->write) {
			c->needed++;
			return 0;
		}
		if ((rc = keystore_put(dir, c->tenant, x->uid, x->key_gen,
				       x->wrapped_key, x->wrapped_len,
				       c->cause)) != 0 ||
		    (rc = store_subject_clear_wrapped(c->svc->store, c->tenant,
						      x->id)) != 0)
			return zk_fail(c->cause, rc,
				       "cannot move the key of client %s into "
				       "the key store: %s",
				       x->uid, zk_strerror(rc));
		c->moved++;
		return 0;
	}
	if (!keystore_exists(dir, c->tenant, x->uid, x->key_gen))
		return zk_fail(c->cause, ZK_ECRYPTO,
			       "the key of client %s (generation %d) is "
			       "missing from the key store %s/subjects; "
			       "restore it with `zorgkluis keys restore` "
			       "(docs/keys.md)",
			       x->uid, x->key_gen, dir);
	return 0;
}

static int
reconcile_tenant(void *arg, const struct store_tenant *t)
{
	struct reconcile *c = arg;

	c->tenant = t->id;
	return store_subject_keys(c->svc->store, t->id, reconcile_subject, c);
}

int
svc_keystore_reconcile(struct service *svc, struct svc_reconcile *res,
		       char **cause)
{
	struct reconcile c;
	int rc;

	memset(&c, 0, sizeof c);
	c.svc = svc;
	c.cause = cause;
	/* Look first, in a read: most starts change nothing. */
	if ((rc = store_begin_read(svc->store)) != 0)
		return zk_fail(cause, rc, "cannot read the database: %s",
			       zk_strerror(rc));
	rc = store_tenant_list(svc->store, reconcile_tenant, &c);
	store_rollback(svc->store);
	if (rc == 0 && c.needed > 0) {
		c.write = 1;
		if ((rc = store_begin(svc->store)) != 0)
			return zk_fail(cause, rc, "cannot start: %s",
				       zk_strerror(rc));
		rc = store_tenant_list(svc->store, reconcile_tenant, &c);
		if (rc == 0 && (rc = store_commit(svc->store)) != 0)
			zk_fail(cause, rc, "cannot commit: %s",
				zk_strerror(rc));
		if (rc != 0)
			store_rollback(svc->store);
	}
	if (rc != 0 && cause != NULL && *cause == NULL)
		zk_fail(cause, rc, "the key store: %s", zk_strerror(rc));
	if (res != NULL) {
		res->moved = c.moved;
		res->destroyed = c.destroyed;
		res->marked = c.marked;
	}
	return rc;
}
