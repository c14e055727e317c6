/*
 * keycache.c: the wrapped subject keys a connection has read lately.
 *
 * Opening a client's entries needs the client's key, which lives wrapped
 * in a file of the key store (docs/keys.md), not in the database, so that
 * a copy of the database holds no key. Reading that file costs ten system
 * calls, more than the whole decision; an audited read of one client
 * would pay them on every request. Each connection (struct service) keeps
 * the last wrapped keys it read, still wrapped under the tenant's key
 * (the same bytes as on disk), and unwraps them on each use.
 *
 * What it may not change (ERA-5): an erased client's key is never used.
 * The caller checks the client's row, read in its own transaction, before
 * it asks here, and a row that says destroyed drops the key from this
 * cache (svc_keycache_drop). An erasure carried out in this process makes
 * every connection of it forget all it keeps at its next look-up
 * (svc_keycache_forget_all), so the destroyed key's bytes do not stay in
 * memory after the file is gone. A key is kept at most
 * SVC_KEYCACHE_TTL_MS, so a key destroyed by another process or replaced
 * on disk is read again within that time at the latest.
 */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "service/service_int.h"

#define SVC_KEYCACHE_TTL_MS 60000

/* Raised by every erasure in this process; a connection that sees it
 * moved forgets everything it keeps. */
static atomic_uint_fast64_t keycache_wipes;

/* The one slot (tenant, uid, gen) may occupy. */
static struct svc_keyslot *
keycache_slot(struct service *svc, int64_t tenant, const char *uid, int gen)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (const char *p = uid; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h ^= (uint64_t)tenant * 0x9e3779b97f4a7c15ull ^ (uint64_t)gen;
	return &svc->keycache[h % SVC_KEYCACHE_SLOTS];
}

static int
keycache_match(const struct svc_keyslot *s, int64_t tenant, const char *uid,
	       int gen)
{
	return s->len != 0 && s->tenant == tenant && s->gen == gen &&
	       strcmp(s->uid, uid) == 0;
}

int
svc_keycache_get(struct service *svc, int64_t tenant, const char *uid, int gen,
		 unsigned char *wrapped, size_t *len)
{
	struct svc_keyslot *s = keycache_slot(svc, tenant, uid, gen);
	uint_fast64_t wipes = atomic_load(&keycache_wipes);

	if (wipes != svc->keycache_wipes) {
		svc_keycache_clear(svc);
		svc->keycache_wipes = wipes;
		return ZK_ENOTFOUND;
	}
	if (!keycache_match(s, tenant, uid, gen))
		return ZK_ENOTFOUND;
	if (zk_mono_ms() - s->at_ms >= SVC_KEYCACHE_TTL_MS) {
		sodium_memzero(s, sizeof *s);
		return ZK_ENOTFOUND;
	}
	memcpy(wrapped, s->wrapped, s->len);
	*len = s->len;
	return 0;
}

void
svc_keycache_put(struct service *svc, int64_t tenant, const char *uid, int gen,
		 const unsigned char *wrapped, size_t len)
{
	struct svc_keyslot *s = keycache_slot(svc, tenant, uid, gen);

	/* Read before a wipe this connection has not yet seen: keep none. */
	if (atomic_load(&keycache_wipes) != svc->keycache_wipes)
		return;
	if (len == 0 || len > sizeof s->wrapped || strlen(uid) >= sizeof s->uid)
		return;
	sodium_memzero(s, sizeof *s);
	s->tenant = tenant;
	s->gen = gen;
	memcpy(s->uid, uid, strlen(uid) + 1);
	memcpy(s->wrapped, wrapped, len);
	s->len = len;
	s->at_ms = zk_mono_ms();
}

void
svc_keycache_drop(struct service *svc, int64_t tenant, const char *uid)
{
	/* Every generation: the slot depends on it, so look at them all. */
	for (int i = 0; i < SVC_KEYCACHE_SLOTS; i++) {
		struct svc_keyslot *s = &svc->keycache[i];

		if (s->len != 0 && s->tenant == tenant &&
		    strcmp(s->uid, uid) == 0)
			sodium_memzero(s, sizeof *s);
	}
}

void
svc_keycache_clear(struct service *svc)
{
	sodium_memzero(svc->keycache, sizeof svc->keycache);
}

void
svc_keycache_forget_all(struct service *svc)
{
	svc_keycache_clear(svc);
	atomic_fetch_add(&keycache_wipes, 1);
}
