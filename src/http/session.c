/*
 * session.c: login sessions and login throttling, kept in memory.
 *
 * A session has an idle timeout and an absolute timeout. Its token is 32
 * random bytes (base64url); a cookie session also has a CSRF token. Failed
 * logins count per user name and per address: from the fifth failure on,
 * the key must wait, doubling each time, up to an hour.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/http_int.h"

#define SESSION_BUCKETS 1024
#define THROTTLE_SLOTS 4096
#define THROTTLE_FREE 5	    /* failures before waiting starts */
#define THROTTLE_BASE 30    /* seconds after the fifth failure */
#define THROTTLE_MAX 3600   /* the longest wait */
#define THROTTLE_FORGET 900 /* failures older than this are forgotten */

struct session_node {
	struct http_session s;
	struct session_node *next;
};

struct throttle_slot {
	char key[128];
	int failures;
	int64_t last;
	int64_t until;
};

struct http_sessions {
	pthread_mutex_t lock;
	struct session_node *buckets[SESSION_BUCKETS];
	struct throttle_slot throttle[THROTTLE_SLOTS];
	int idle;
	int absolute;
};

struct http_sessions *
http_sessions_new(int idle, int absolute)
{
	struct http_sessions *ss = calloc(1, sizeof *ss);

	if (ss == NULL)
		return NULL;
	pthread_mutex_init(&ss->lock, NULL);
	ss->idle = idle;
	ss->absolute = absolute;
	return ss;
}

void
http_sessions_free(struct http_sessions *ss)
{
	if (ss == NULL)
		return;
	for (int i = 0; i < SESSION_BUCKETS; i++) {
		struct session_node *n = ss->buckets[i], *next;

		for (; n != NULL; n = next) {
			next = n->next;
			sodium_memzero(n, sizeof *n);
			free(n);
		}
	}
	pthread_mutex_destroy(&ss->lock);
	free(ss);
}

int
http_session_idle(const struct http_sessions *ss)
{
	return ss->idle;
}

int
http_session_absolute(const struct http_sessions *ss)
{
	return ss->absolute;
}

static unsigned
session_bucket(const char *token)
{
	unsigned char h[8];
	uint64_t v = 0;

	crypto_shorthash(h, (const unsigned char *)token, strlen(token),
			 (const unsigned char *)"zk-session-hash!");
	for (int i = 0; i < 8; i++)
		v = v << 8 | h[i];
	return (unsigned)(v % SESSION_BUCKETS);
}

static void
session_token(char out[HTTP_TOKEN_LEN])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, HTTP_TOKEN_LEN, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* True when the session has timed out at now. */
static bool
session_expired(const struct http_sessions *ss, const struct http_session *s,
		int64_t now)
{
	return now - s->last_seen > ss->idle || now - s->created > ss->absolute;
}

/*
 * Adds a session. Sessions nobody presents again would stay forever, so
 * the expired ones of the bucket it lands in go first: memory follows the
 * number of live sessions, not of logins.
 */
int
http_session_create(struct http_sessions *ss, struct http_session *s)
{
	struct session_node *n = calloc(1, sizeof *n), **p, *old;
	int64_t now = zk_now();
	unsigned b;

	if (n == NULL)
		return ZK_ENOMEM;
	session_token(s->token);
	session_token(s->csrf);
	n->s = *s;
	b = session_bucket(s->token);
	pthread_mutex_lock(&ss->lock);
	for (p = &ss->buckets[b]; *p != NULL;) {
		old = *p;
		if (session_expired(ss, &old->s, now)) {
			*p = old->next;
			sodium_memzero(old, sizeof *old);
			free(old);
		} else {
			p = &old->next;
		}
	}
	n->next = ss->buckets[b];
	ss->buckets[b] = n;
	pthread_mutex_unlock(&ss->lock);
	return 0;
}

/* Finds the node of token; *prevp points at the link to it. Locked. */
static struct session_node *
session_find(struct http_sessions *ss, const char *token,
	     struct session_node ***prevp)
{
	struct session_node **p = &ss->buckets[session_bucket(token)];

	for (; *p != NULL; p = &(*p)->next) {
		if (sodium_memcmp((*p)->s.token, token, HTTP_TOKEN_LEN) == 0) {
			*prevp = p;
			return *p;
		}
	}
	return NULL;
}

int
http_session_get(struct http_sessions *ss, const char *token, int64_t now,
		 struct http_session *out)
{
	struct session_node *n, **prev;
	char key[HTTP_TOKEN_LEN] = {0};
	int rc = 0;

	if (token == NULL || strlen(token) != HTTP_TOKEN_LEN - 1)
		return ZK_EAUTH;
	memcpy(key, token, HTTP_TOKEN_LEN - 1);
	pthread_mutex_lock(&ss->lock);
	n = session_find(ss, key, &prev);
	if (n == NULL) {
		rc = ZK_EAUTH;
	} else if (session_expired(ss, &n->s, now)) {
		*prev = n->next;
		sodium_memzero(n, sizeof *n);
		free(n);
		rc = ZK_ECONFLICT;
	} else {
		n->s.last_seen = now;
		*out = n->s;
	}
	pthread_mutex_unlock(&ss->lock);
	return rc;
}

void
http_session_upgrade(struct http_sessions *ss, const char *token)
{
	struct session_node *n, **prev;

	pthread_mutex_lock(&ss->lock);
	if ((n = session_find(ss, token, &prev)) != NULL)
		n->s.two_factor_ok = true;
	pthread_mutex_unlock(&ss->lock);
}

void
http_session_delete(struct http_sessions *ss, const char *token)
{
	struct session_node *n, **prev;

	pthread_mutex_lock(&ss->lock);
	if ((n = session_find(ss, token, &prev)) != NULL) {
		*prev = n->next;
		sodium_memzero(n, sizeof *n);
		free(n);
	}
	pthread_mutex_unlock(&ss->lock);
}

void
http_session_set_actor(struct http_sessions *ss, const char *token,
		       const struct actor *a, int64_t now)
{
	struct session_node *n, **prev;

	pthread_mutex_lock(&ss->lock);
	if ((n = session_find(ss, token, &prev)) != NULL) {
		n->s.actor = *a;
		n->s.actor_at = now;
	}
	pthread_mutex_unlock(&ss->lock);
}

void
http_sessions_drop_user(struct http_sessions *ss, int64_t tenant,
			const char *username)
{
	pthread_mutex_lock(&ss->lock);
	for (int i = 0; i < SESSION_BUCKETS; i++) {
		struct session_node **p = &ss->buckets[i];

		while (*p != NULL) {
			struct session_node *n = *p;

			if (n->s.tenant == tenant &&
			    strcmp(n->s.username, username) == 0) {
				*p = n->next;
				sodium_memzero(n, sizeof *n);
				free(n);
			} else {
				p = &n->next;
			}
		}
	}
	pthread_mutex_unlock(&ss->lock);
}

/* The slot of key, a free one, or the oldest. Locked. */
static struct throttle_slot *
throttle_slot(struct http_sessions *ss, const char *key, int create)
{
	struct throttle_slot *oldest = &ss->throttle[0];
	unsigned h = session_bucket(key) * 4;

	for (unsigned i = 0; i < THROTTLE_SLOTS; i++) {
		struct throttle_slot *t =
		    &ss->throttle[(h + i) % THROTTLE_SLOTS];

		if (strcmp(t->key, key) == 0)
			return t;
		if (t->key[0] == '\0')
			return create ? t : NULL;
		if (t->last < oldest->last)
			oldest = t;
		if (i > 64)
			break;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	return oldest;
}

int
http_throttle_wait(struct http_sessions *ss, const char *key, int64_t now)
{
	struct throttle_slot *t;
	int wait = 0;

	pthread_mutex_lock(&ss->lock);
	t = throttle_slot(ss, key, 0);
	if (t != NULL && t->until > now)
		wait = (int)(t->until - now);
	pthread_mutex_unlock(&ss->lock);
	return wait;
}

void
http_throttle_fail(struct http_sessions *ss, const char *key, int64_t now)
{
	struct throttle_slot *t;

	pthread_mutex_lock(&ss->lock);
	t = throttle_slot(ss, key, 1);
	if (t->key[0] == '\0' || now - t->last > THROTTLE_FORGET) {
		zk_strlcpy(t->key, key, sizeof t->key);
		t->failures = 0;
	}
	t->failures++;
	t->last = now;
	if (t->failures >= THROTTLE_FREE) {
		int64_t wait = THROTTLE_BASE;

		for (int i = THROTTLE_FREE;
		     i < t->failures && wait < THROTTLE_MAX; i++)
			wait *= 2;
		t->until = now + (wait < THROTTLE_MAX ? wait : THROTTLE_MAX);
	}
	pthread_mutex_unlock(&ss->lock);
}

void
http_throttle_clear(struct http_sessions *ss, const char *key)
{
	struct throttle_slot *t;

	pthread_mutex_lock(&ss->lock);
	if ((t = throttle_slot(ss, key, 0)) != NULL) {
		t->failures = 0;
		t->until = 0;
	}
	pthread_mutex_unlock(&ss->lock);
}
