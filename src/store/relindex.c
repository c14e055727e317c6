/*
 * relindex.c: the care relations of a tenant in memory (see relindex.h).
 *
 * Per tenant, the (user, subject) pairs in one array, each holding its
 * first relation row itself and any further ones beside it, and an
 * open-addressing hash table of their positions. A million pairs take
 * about 60 MB and one allocation each for the table and the array. Rows
 * are replaced by their id, so loading a changed row twice is harmless.
 * Pairs are never removed: a relation that ends gets its last day, and a
 * deleted one makes the store reload the tenant in full.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/zk.h"
#include "store/relindex.h"

#define RELINDEX_TENANTS 64

/* A row as kept; its pair says whose it is. */
struct relindex_kept {
	int64_t id;
	int32_t from, until;
	uint32_t kind;
};

struct relindex_pair {
	int64_t user;
	int64_t subject;
	struct relindex_kept first;
	struct relindex_kept *more; /* the rows after the first */
	uint32_t n;		    /* rows in all, at least 1 */
	uint32_t cap;		    /* room in more */
};

struct relindex_tenant {
	int64_t id;
	int64_t epoch;	/* -1: not held */
	int64_t synced; /* shared counter at the last comparison, or -1 */
	int64_t synced_ms;
	uint32_t *slots; /* position in pairs + 1; 0: empty */
	size_t cap;	 /* slots: a power of two, or 0 */
	struct relindex_pair *pairs;
	size_t npairs, room;
};

struct relindex {
	pthread_mutex_t lock;
	atomic_int refs;
	struct relindex_tenant tenants[RELINDEX_TENANTS];
	int ntenants;
	int bound_ms;
	struct relindex_tenant *cur; /* the tenant being updated */
};

struct relindex *
relindex_new(void)
{
	struct relindex *ix = calloc(1, sizeof *ix);

	if (ix == NULL)
		return NULL;
	pthread_mutex_init(&ix->lock, NULL);
	atomic_init(&ix->refs, 1);
	ix->bound_ms = RELINDEX_BOUND_MS;
	return ix;
}

struct relindex *
relindex_ref(struct relindex *ix)
{
	atomic_fetch_add(&ix->refs, 1);
	return ix;
}

static void
relindex_clear(struct relindex_tenant *t)
{
	for (size_t i = 0; i < t->npairs; i++)
		free(t->pairs[i].more);
	free(t->pairs);
	free(t->slots);
	t->pairs = NULL;
	t->slots = NULL;
	t->cap = t->npairs = t->room = 0;
	t->epoch = -1;
	t->synced = -1;
}

void
relindex_free(struct relindex *ix)
{
	if (ix == NULL || atomic_fetch_sub(&ix->refs, 1) != 1)
		return;
	for (int i = 0; i < ix->ntenants; i++)
		relindex_clear(&ix->tenants[i]);
	pthread_mutex_destroy(&ix->lock);
	free(ix);
}

void
relindex_lock(struct relindex *ix)
{
	pthread_mutex_lock(&ix->lock);
}

void
relindex_unlock(struct relindex *ix)
{
	pthread_mutex_unlock(&ix->lock);
}

static struct relindex_tenant *
relindex_tenant(struct relindex *ix, int64_t tenant)
{
	for (int i = 0; i < ix->ntenants; i++)
		if (ix->tenants[i].id == tenant)
			return &ix->tenants[i];
	return NULL;
}

int64_t
relindex_epoch(struct relindex *ix, int64_t tenant)
{
	struct relindex_tenant *t = relindex_tenant(ix, tenant);

	return t ? t->epoch : -1;
}

int
relindex_fresh(struct relindex *ix, int64_t tenant, int64_t counter,
	       int64_t now_ms)
{
	struct relindex_tenant *t = relindex_tenant(ix, tenant);

	return t != NULL && t->epoch >= 0 && t->synced >= 0 &&
	       t->synced == counter && now_ms - t->synced_ms < ix->bound_ms;
}

void
relindex_synced(struct relindex *ix, int64_t tenant, int64_t counter,
		int64_t now_ms)
{
	struct relindex_tenant *t = relindex_tenant(ix, tenant);

	if (t == NULL || t->epoch < 0)
		return;
	t->synced = counter;
	t->synced_ms = now_ms;
}

void
relindex_set_bound(struct relindex *ix, int ms)
{
	relindex_lock(ix);
	/* Never longer: a young counter file waits for this (store_epoch.c). */
	ix->bound_ms = ms < 0			? 0
		       : ms > RELINDEX_BOUND_MS ? RELINDEX_BOUND_MS
						: ms;
	relindex_unlock(ix);
}

static size_t
relindex_hash(int64_t user, int64_t subject)
{
	uint64_t h = (uint64_t)user * 0x9E3779B97F4A7C15u ^
		     (uint64_t)subject * 0xC2B2AE3D27D4EB4Fu;

	return (size_t)(h ^ (h >> 29));
}

/* The slot of (user, subject): its pair's, or the empty one to use. */
static uint32_t *
relindex_slot(const struct relindex_tenant *t, int64_t user, int64_t subject)
{
	size_t mask = t->cap - 1, i;

	for (i = relindex_hash(user, subject) & mask;; i = (i + 1) & mask) {
		uint32_t *s = &t->slots[i];
		const struct relindex_pair *p;

		if (*s == 0)
			return s;
		p = &t->pairs[*s - 1];
		if (p->user == user && p->subject == subject)
			return s;
	}
}

static struct relindex_pair *
relindex_find(const struct relindex_tenant *t, int64_t user, int64_t subject)
{
	uint32_t *s;

	if (t->cap == 0)
		return NULL;
	s = relindex_slot(t, user, subject);
	return *s == 0 ? NULL : &t->pairs[*s - 1];
}

/* Makes room for one more pair: the table at most 3/4 full. */
static int
relindex_grow(struct relindex_tenant *t)
{
	if (t->npairs == t->room) {
		size_t room = t->room ? t->room * 2 : 512;
		struct relindex_pair *pairs;

		if (room > UINT32_MAX - 1 ||
		    (pairs = realloc(t->pairs, room * sizeof *pairs)) == NULL)
			return ZK_ENOMEM;
		t->pairs = pairs;
		t->room = room;
	}
	if ((t->npairs + 1) * 4 > t->cap * 3) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		uint32_t *slots = calloc(cap, sizeof *slots), *old = t->slots;

		if (slots == NULL)
			return ZK_ENOMEM;
		t->slots = slots;
		t->cap = cap;
		for (size_t i = 0; i < t->npairs; i++)
			*relindex_slot(t, t->pairs[i].user,
				       t->pairs[i].subject) = (uint32_t)(i + 1);
		free(old);
	}
	return 0;
}

int
relindex_begin(struct relindex *ix, int64_t tenant, int all)
{
	struct relindex_tenant *t = relindex_tenant(ix, tenant);

	if (t == NULL) {
		if (ix->ntenants == RELINDEX_TENANTS)
			return ZK_ETOOBIG;
		t = &ix->tenants[ix->ntenants++];
		memset(t, 0, sizeof *t);
		t->id = tenant;
		t->epoch = -1;
		t->synced = -1;
	}
	if (all)
		relindex_clear(t);
	ix->cur = t;
	return 0;
}

int
relindex_put(struct relindex *ix, const struct relindex_row *r)
{
	struct relindex_tenant *t = ix->cur;
	struct relindex_kept k = {r->id, r->from, r->until, r->kind};
	struct relindex_pair *p;
	uint32_t *slot;

	if (r->user <= 0)
		return ZK_ECORRUPT;
	if ((p = relindex_find(t, r->user, r->subject)) == NULL) {
		if (relindex_grow(t) != 0)
			return ZK_ENOMEM;
		slot = relindex_slot(t, r->user, r->subject);
		p = &t->pairs[t->npairs];
		memset(p, 0, sizeof *p);
		p->user = r->user;
		p->subject = r->subject;
		p->first = k;
		p->n = 1;
		*slot = (uint32_t)++t->npairs;
		return 0;
	}
	if (p->first.id == r->id) {
		p->first = k;
		return 0;
	}
	for (uint32_t i = 0; i + 1 < p->n; i++) {
		if (p->more[i].id == r->id) {
			p->more[i] = k;
			return 0;
		}
	}
	if (p->n - 1 == p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 1;
		struct relindex_kept *more =
		    realloc(p->more, cap * sizeof *more);

		if (more == NULL)
			return ZK_ENOMEM;
		p->more = more;
		p->cap = cap;
	}
	p->more[p->n++ - 1] = k;
	return 0;
}

void
relindex_done(struct relindex *ix, int rc, int64_t epoch)
{
	struct relindex_tenant *t = ix->cur;

	ix->cur = NULL;
	if (rc == 0)
		t->epoch = epoch;
	else
		relindex_clear(t);
	/* Loaded from some snapshot: only the caller knows which. */
	t->synced = -1;
}

void
relindex_active(struct relindex *ix, int64_t tenant, int64_t user,
		int64_t subject, int32_t day, unsigned *mask)
{
	struct relindex_tenant *t = relindex_tenant(ix, tenant);
	struct relindex_pair *p = t ? relindex_find(t, user, subject) : NULL;

	*mask = 0;
	for (uint32_t i = 0; p != NULL && i < p->n; i++) {
		const struct relindex_kept *k =
		    i == 0 ? &p->first : &p->more[i - 1];

		if (k->from <= day && day <= k->until)
			*mask |= 1u << k->kind;
	}
}
