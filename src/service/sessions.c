/*
 * sessions.c: login sessions and login throttling, kept in the store
 * (SEC-3), so that several servers on one database act as one.
 *
 * A session is found by the BLAKE2b hash of its token; the token itself is
 * never stored. Login attempts count per key (a user name, an address)
 * before the password is checked, so that attempts made at the same time,
 * at one server or several, all count: from the fifth on, the key must
 * wait, doubling each time, up to an hour. A success takes its own
 * attempt back (and clears the user name). Failures are forgotten a
 * quarter of an hour after the last one or the end of its wait.
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

static int
sessions_create(struct store *s, const void *arg)
{
	const struct store_session *x = arg;
	int rc = store_session_purge(s, x->created, THROTTLE_FORGET);

	if (rc == 0 && (rc = store_session_create(s, x)) == ZK_ENOTFOUND)
		rc = ZK_EAUTH; /* disabled while logging in */
	return rc;
}

int
svc_session_create(struct service *svc, const char *token,
		   const struct svc_session *in)
{
	struct store_session x;

	memset(&x, 0, sizeof x);
	sessions_hash(token, x.hash);
	x.tenant = in->tenant;
	zk_strlcpy(x.username, in->username, sizeof x.username);
	x.bearer = in->bearer;
	x.two_factor_required = in->two_factor_required;
	x.two_factor_ok = in->two_factor_ok;
	x.created = in->created;
	x.last_seen = in->last_seen;
	x.idle = in->idle;
	x.expires = in->expires;
	return sessions_write(svc, sessions_create, &x);
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

/* The failures of key as counted at now: forgotten a while after the wait. */
static int
sessions_throttle_get(struct store *s, const unsigned char *hash, int64_t now,
		      struct store_throttle *t)
{
	int rc = store_throttle_get(s, hash, t);
	int64_t end;

	if (rc != 0 && rc != ZK_ENOTFOUND)
		return rc;
	end = t->until > t->last ? t->until : t->last;
	if (rc == ZK_ENOTFOUND || now - end > THROTTLE_FORGET) {
		memset(t, 0, sizeof *t);
		memcpy(t->hash, hash, sizeof t->hash);
	}
	return 0;
}

/* The end of the wait after failures, counted from now. */
static int64_t
sessions_until(int failures, int64_t now)
{
	int64_t wait = THROTTLE_BASE;

	if (failures < THROTTLE_FREE)
		return 0;
	for (int i = THROTTLE_FREE; i < failures && wait < THROTTLE_MAX; i++)
		wait *= 2;
	return now + (wait < THROTTLE_MAX ? wait : THROTTLE_MAX);
}

struct sessions_attempt {
	const char *const *keys;
	int n;
	int64_t now;
	int *wait;
};

static int
sessions_attempt(struct store *s, const void *arg)
{
	const struct sessions_attempt *x = arg;
	struct store_throttle t[4];
	int rc = 0;

	*x->wait = 0;
	for (int i = 0; rc == 0 && i < x->n; i++) {
		unsigned char hash[STORE_HASH_LEN];

		sessions_hash(x->keys[i], hash);
		rc = sessions_throttle_get(s, hash, x->now, &t[i]);
		if (rc == 0 && t[i].until > x->now &&
		    t[i].until - x->now > *x->wait)
			*x->wait = (int)(t[i].until - x->now);
	}
	if (rc != 0 || *x->wait > 0)
		return rc;
	for (int i = 0; rc == 0 && i < x->n; i++) {
		t[i].failures++;
		t[i].last = x->now;
		t[i].until = sessions_until(t[i].failures, x->now);
		rc = store_throttle_put(s, &t[i]);
	}
	return rc;
}

int
svc_throttle_attempt(struct service *svc, const char *const *keys, int n,
		     int64_t now, int *wait)
{
	struct sessions_attempt x = {keys, n, now, wait};

	if (n < 1 || n > 4)
		return ZK_EINVAL;
	return sessions_write(svc, sessions_attempt, &x);
}

struct sessions_success {
	const char *user_key;
	const char *addr_key;
};

static int
sessions_success(struct store *s, const void *arg)
{
	const struct sessions_success *x = arg;
	unsigned char hash[STORE_HASH_LEN];
	struct store_throttle t;
	int rc;

	sessions_hash(x->user_key, hash);
	if ((rc = store_throttle_delete(s, hash)) != 0)
		return rc;
	/* The address's count keeps its failures, not this success. */
	sessions_hash(x->addr_key, hash);
	if ((rc = store_throttle_get(s, hash, &t)) == ZK_ENOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (t.failures > 0)
		t.failures--;
	if (t.failures < THROTTLE_FREE)
		t.until = 0;
	return t.failures > 0 ? store_throttle_put(s, &t)
			      : store_throttle_delete(s, hash);
}

int
svc_throttle_success(struct service *svc, const char *user_key,
		     const char *addr_key)
{
	struct sessions_success x = {user_key, addr_key};

	return sessions_write(svc, sessions_success, &x);
}
