/*
 * session.c: login sessions, as the store keeps them, with a short cache.
 *
 * The store holds every session (svc_session_*, SEC-3), so a server keeps
 * nothing that another server on the same database would miss. This file
 * keeps a copy of the sessions it has seen, trusted for HTTP_SESSION_TTL
 * seconds: a logout, a disabled account or a second factor given at
 * another server takes effect here within that time, and at once when
 * done here. Activity is written back to the store at most every
 * HTTP_SESSION_TOUCH seconds, so the idle timeout holds across servers to
 * within that.
 *
 * A session token is 32 random bytes (base64url). A cookie session's CSRF
 * token is derived from it, so any server can check it and none stores it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "http/http_int.h"

#define SESSION_BUCKETS 1024

struct session_node {
	struct http_session s;
	struct session_node *next;
};

struct http_sessions {
	pthread_mutex_t lock;
	struct session_node *buckets[SESSION_BUCKETS];
	int idle;
	int absolute;
	/* Raised by every forget: a copy read from the store before it may
	 * be of a session that has just ended, and is not kept. */
	uint64_t gen;
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

static void
session_node_free(struct session_node *n)
{
	sodium_memzero(n, sizeof *n);
	free(n);
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
			session_node_free(n);
		}
	}
	pthread_mutex_destroy(&ss->lock);
	free(ss);
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

/* The CSRF token of a session: a keyed hash of its token. */
static void
session_csrf(const char *token, char out[HTTP_TOKEN_LEN])
{
	static const char what[] = "zorgkluis csrf token";
	unsigned char raw[32];

	crypto_generichash(raw, sizeof raw, (const unsigned char *)what,
			   sizeof what - 1, (const unsigned char *)token,
			   strlen(token));
	sodium_bin2base64(out, HTTP_TOKEN_LEN, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
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

/* Drops the node of token, if any. Locked. */
static void
session_drop(struct http_sessions *ss, const char *token)
{
	struct session_node *n, **prev;

	if ((n = session_find(ss, token, &prev)) != NULL) {
		*prev = n->next;
		session_node_free(n);
	}
}

/* How often activity is written back: a minute, or sooner if idle is short. */
static int64_t
session_touch_every(const struct http_session *s)
{
	return s->idle / 2 < HTTP_SESSION_TOUCH ? s->idle / 2
						: HTTP_SESSION_TOUCH;
}

/*
 * Puts a copy of s in the cache, or refreshes the copy there (keeping the
 * actor it loaded). Sessions nobody presents again would stay forever, so
 * the timed-out ones of the bucket go first. Locked.
 */
static int
session_keep(struct http_sessions *ss, const struct http_session *s,
	     int64_t now)
{
	unsigned b = session_bucket(s->token);
	struct session_node *n, **p, *old, **prev;

	if ((n = session_find(ss, s->token, &prev)) != NULL) {
		struct actor a = n->s.actor;
		int64_t at = n->s.actor_at;

		n->s = *s;
		n->s.actor = a;
		n->s.actor_at = at;
		return 0;
	}
	if ((n = calloc(1, sizeof *n)) == NULL)
		return ZK_ENOMEM;
	n->s = *s;
	for (p = &ss->buckets[b]; *p != NULL;) {
		old = *p;
		if (http_session_expired(&old->s, now)) {
			*p = old->next;
			session_node_free(old);
		} else {
			p = &old->next;
		}
	}
	n->next = ss->buckets[b];
	ss->buckets[b] = n;
	return 0;
}

bool
http_session_expired(const struct http_session *s, int64_t now)
{
	return now >= s->expires || now - s->last_seen > s->idle;
}

static int
session_create_fn(struct service *writer, void *arg)
{
	struct http_session *s = arg;
	struct svc_session x;
	int rc;

	memset(&x, 0, sizeof x);
	x.tenant = s->tenant;
	zk_strlcpy(x.username, s->username, sizeof x.username);
	x.bearer = s->bearer;
	x.two_factor_required = s->two_factor_required;
	x.two_factor_ok = s->two_factor_ok;
	x.created = s->created;
	x.last_seen = s->last_seen;
	x.idle = s->idle;
	x.expires = s->expires;
	if ((rc = svc_session_create(writer, s->token, &x)) != 0)
		return rc;
	if (s->user_key != NULL)
		rc = svc_throttle_success(writer, s->user_key, s->addr_key);
	return rc;
}

int
http_session_create(struct http_server *h, struct http_session *s)
{
	struct http_sessions *ss = http_server_sessions(h);
	int rc;

	session_token(s->token);
	session_csrf(s->token, s->csrf);
	s->idle = ss->idle;
	s->expires = s->created + ss->absolute;
	s->stored_seen = s->last_seen;
	if ((rc = http_write(h, session_create_fn, s)) != 0)
		return rc;
	s->checked = s->created;
	pthread_mutex_lock(&ss->lock);
	rc = session_keep(ss, s, s->created);
	pthread_mutex_unlock(&ss->lock);
	return rc;
}

static int
session_seen_fn(struct service *writer, void *arg)
{
	const struct http_session *s = arg;

	return svc_session_seen(writer, s->token, s->last_seen);
}

/*
 * Fills out with the session of token as the store has it. seen is when
 * this server last saw it (0: never), which may be later than the store
 * says. ZK_EAUTH: no such session; ZK_ECONFLICT: timed out.
 */
static int
session_load(struct service *svc, const char *token, int64_t seen, int64_t now,
	     struct http_session *out)
{
	struct svc_session x;
	int rc = svc_session_get(svc, token, now, &x);

	if (rc != 0 && rc != ZK_ECONFLICT)
		return rc;
	memset(out, 0, sizeof *out);
	zk_strlcpy(out->token, token, sizeof out->token);
	session_csrf(token, out->csrf);
	out->tenant = x.tenant;
	zk_strlcpy(out->username, x.username, sizeof out->username);
	out->created = x.created;
	out->stored_seen = x.last_seen;
	out->last_seen = seen > x.last_seen ? seen : x.last_seen;
	out->idle = x.idle;
	out->expires = x.expires;
	out->bearer = x.bearer;
	out->two_factor_required = x.two_factor_required;
	out->two_factor_ok = x.two_factor_ok;
	out->checked = now;
	return http_session_expired(out, now) ? ZK_ECONFLICT : 0;
}

int
http_session_get(struct http_server *h, struct service *svc, const char *token,
		 int64_t now, struct http_session *out)
{
	struct http_sessions *ss = http_server_sessions(h);
	struct session_node *n, **prev;
	char key[HTTP_TOKEN_LEN] = {0};
	int rc, touch;

	if (token == NULL || strlen(token) != HTTP_TOKEN_LEN - 1)
		return ZK_EAUTH;
	memcpy(key, token, HTTP_TOKEN_LEN - 1);
	pthread_mutex_lock(&ss->lock);
	n = session_find(ss, key, &prev);
	for (int tries = 0; n == NULL || now - n->s.checked >= HTTP_SESSION_TTL;
	     tries++) {
		/* Not known here, or known too long ago: ask the store. */
		int64_t seen = n ? n->s.last_seen : 0;
		uint64_t gen = ss->gen;

		pthread_mutex_unlock(&ss->lock);
		rc = session_load(svc, key, seen, now, out);
		pthread_mutex_lock(&ss->lock);
		if (rc == 0 && ss->gen != gen) {
			/* A session ended meanwhile; read again after it. */
			n = session_find(ss, key, &prev);
			if (tries < 3)
				continue;
			rc = ZK_EBUSY;
		}
		if (rc == 0)
			rc = session_keep(ss, out, now);
		else if (rc == ZK_EAUTH || rc == ZK_ECONFLICT)
			session_drop(ss, key);
		if (rc != 0 || (n = session_find(ss, key, &prev)) == NULL) {
			pthread_mutex_unlock(&ss->lock);
			return rc != 0 ? rc : ZK_EAUTH;
		}
		break;
	}
	if (http_session_expired(&n->s, now)) {
		session_drop(ss, key);
		pthread_mutex_unlock(&ss->lock);
		return ZK_ECONFLICT;
	}
	n->s.last_seen = now;
	touch = now - n->s.stored_seen >= session_touch_every(&n->s);
	if (touch)
		n->s.stored_seen = now; /* one request writes it back */
	*out = n->s;
	pthread_mutex_unlock(&ss->lock);
	/* Activity goes back to the store now and then (best effort). */
	if (touch)
		http_write(h, session_seen_fn, out);
	return 0;
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
http_session_forget(struct http_sessions *ss, const char *token)
{
	pthread_mutex_lock(&ss->lock);
	session_drop(ss, token);
	ss->gen++;
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
http_sessions_forget_user(struct http_sessions *ss, int64_t tenant,
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
				session_node_free(n);
			} else {
				p = &n->next;
			}
		}
	}
	ss->gen++;
	pthread_mutex_unlock(&ss->lock);
}
