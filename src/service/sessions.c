/*
 * sessions.c: login sessions and login throttling, kept in the store
 * (SEC-3), so that several servers on one database act as one.
 *
 * A session is found by the BLAKE2b hash of its token; the token itself is
 * never stored. Failed logins count per key (a user name, an address):
 * from the fifth failure on, the key must wait, doubling each time, up to
 * an hour; failures older than a quarter of an hour are forgotten.
 *
 * Each function that changes something runs in a transaction of its own,
 * or in a savepoint of the caller's (the log writer's batch).
 */
#include <string.h>

#include <sodium.h>

#include "service/service_int.h"

#define THROTTLE_FREE 5	    /* failures before waiting starts */
#define THROTTLE_BASE 30    /* seconds after the fifth failure */
#define THROTTLE_MAX 3600   /* the longest wait */
#define THROTTLE_FORGET 900 /* failures older than this are forgotten */

static void
sessions_hash(const char *text, unsigned char out[STORE_HASH_LEN])
{
	crypto_generichash(out, STORE_HASH_LEN, (const unsigned char *)text,
			   strlen(text), NULL, 0);
}

/* Runs op(store, arg) in a transaction (or savepoint) of its own. */
static int
sessions_write(struct service *svc, int (*op)(struct store *, const void *),
	       const void *arg)
{
	int rc = store_begin(svc->store);

	if (rc != 0)
		return rc;
	if ((rc = op(svc->store, arg)) != 0) {
		store_rollback(svc->store);
		return rc;
	}
	return store_commit(svc->store);
}

struct sessions_new {
	const struct store_session *x;
	const unsigned char *clear; /* a throttle key to clear, or NULL */
};

static int
sessions_create(struct store *s, const void *arg)
{
	const struct sessions_new *n = arg;
	int rc = store_session_purge(s, n->x->created, THROTTLE_FORGET);

	if (rc == 0 && n->clear != NULL)
		rc = store_throttle_delete(s, n->clear);
	if (rc == 0)
		rc = store_session_create(s, n->x);
	return rc;
}

int
svc_session_create(struct service *svc, const char *token,
		   const struct svc_session *in, const char *clear_key)
{
	struct store_session x;
	unsigned char clear[STORE_HASH_LEN];
	struct sessions_new n = {&x, clear_key ? clear : NULL};

	memset(&x, 0, sizeof x);
	sessions_hash(token, x.hash);
	if (clear_key != NULL)
		sessions_hash(clear_key, clear);
	x.tenant = in->tenant;
	zk_strlcpy(x.username, in->username, sizeof x.username);
	x.bearer = in->bearer;
	x.two_factor_required = in->two_factor_required;
	x.two_factor_ok = in->two_factor_ok;
	x.created = in->created;
	x.last_seen = in->last_seen;
	x.idle = in->idle;
	x.expires = in->expires;
	return sessions_write(svc, sessions_create, &n);
}

int
svc_session_get(struct service *svc, const char *token, int64_t now,
		struct svc_session *out)
{
	struct store_session x;
	unsigned char hash[STORE_HASH_LEN];
	int rc;

	memset(out, 0, sizeof *out);
	sessions_hash(token, hash);
	if ((rc = store_session_get(svc->store, hash, &x)) != 0)
		return rc == ZK_ENOTFOUND ? ZK_EAUTH : rc;
	out->tenant = x.tenant;
	zk_strlcpy(out->username, x.username, sizeof out->username);
	out->bearer = x.bearer != 0;
	out->two_factor_required = x.two_factor_required != 0;
	out->two_factor_ok = x.two_factor_ok != 0;
	out->created = x.created;
	out->last_seen = x.last_seen;
	out->idle = x.idle;
	out->expires = x.expires;
	return svc_session_expired(out, now) ? ZK_ECONFLICT : 0;
}

bool
svc_session_expired(const struct svc_session *s, int64_t now)
{
	return now >= s->expires || now - s->last_seen > s->idle;
}

struct sessions_op {
	unsigned char hash[STORE_HASH_LEN];
	int64_t now;
};

static int
sessions_seen(struct store *s, const void *arg)
{
	const struct sessions_op *o = arg;

	return store_session_seen(s, o->hash, o->now);
}

int
svc_session_seen(struct service *svc, const char *token, int64_t now)
{
	struct sessions_op o;

	sessions_hash(token, o.hash);
	o.now = now;
	return sessions_write(svc, sessions_seen, &o);
}

static int
sessions_upgrade(struct store *s, const void *arg)
{
	return store_session_upgrade(s,
				     ((const struct sessions_op *)arg)->hash);
}

int
svc_session_upgrade(struct service *svc, const char *token)
{
	struct sessions_op o;

	sessions_hash(token, o.hash);
	o.now = 0;
	return sessions_write(svc, sessions_upgrade, &o);
}

static int
sessions_end(struct store *s, const void *arg)
{
	return store_session_delete(s, ((const struct sessions_op *)arg)->hash);
}

int
svc_session_end(struct service *svc, const char *token)
{
	struct sessions_op o;

	sessions_hash(token, o.hash);
	o.now = 0;
	return sessions_write(svc, sessions_end, &o);
}

int
svc_throttle_wait(struct service *svc, const char *key, int64_t now, int *wait)
{
	struct store_throttle t;
	unsigned char hash[STORE_HASH_LEN];
	int rc;

	*wait = 0;
	sessions_hash(key, hash);
	rc = store_throttle_get(svc->store, hash, &t);
	if (rc == ZK_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (t.until > now)
		*wait = (int)(t.until - now);
	return 0;
}

static int
sessions_fail(struct store *s, const void *arg)
{
	const struct sessions_op *o = arg;
	struct store_throttle t;
	int rc = store_throttle_get(s, o->hash, &t);

	if (rc == ZK_ENOTFOUND ||
	    (rc == 0 && o->now - t.last > THROTTLE_FORGET)) {
		memset(&t, 0, sizeof t);
		memcpy(t.hash, o->hash, sizeof t.hash);
	} else if (rc != 0) {
		return rc;
	}
	t.failures++;
	t.last = o->now;
	if (t.failures >= THROTTLE_FREE) {
		int64_t wait = THROTTLE_BASE;

		for (int i = THROTTLE_FREE;
		     i < t.failures && wait < THROTTLE_MAX; i++)
			wait *= 2;
		t.until = o->now + (wait < THROTTLE_MAX ? wait : THROTTLE_MAX);
	}
	return store_throttle_put(s, &t);
}

int
svc_throttle_fail(struct service *svc, const char *key, int64_t now)
{
	struct sessions_op o;

	sessions_hash(key, o.hash);
	o.now = now;
	return sessions_write(svc, sessions_fail, &o);
}
