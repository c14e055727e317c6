/*
 * relindex.c: the care relations of a tenant in memory (see relindex.h).
 *
 * Per tenant, an open-addressing hash table keyed by (user, subject); each
 * slot holds that pair's relation rows, usually one. Rows are replaced by
 * their id, so loading a changed row twice is harmless. Pairs are never
 * removed: a relation that ends gets its last day, and a deleted one makes
 * the store reload the tenant in full.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/zk.h"
#include "store/relindex.h"

#define RELINDEX_TENANTS 64

struct relindex_pair {
	int64_t user; /* 0: empty slot (row ids start at 1) */
	int64_t subject;
	struct relindex_row *rows;
	uint32_t n, cap;
};

struct relindex_tenant {
	int64_t id;
	int64_t epoch; /* -1: not held */
	struct relindex_pair *slots;
	size_t cap; /* a power of two, or 0 */
	size_t used;
};

struct relindex {
	pthread_mutex_t lock;
	atomic_int refs;
	struct relindex_tenant tenants[RELINDEX_TENANTS];
	int ntenants;
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
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].rows);
	free(t->slots);
	t->slots = NULL;
	t->cap = t->used = 0;
	t->epoch = -1;
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

static size_t
relindex_hash(int64_t user, int64_t subject)
{
	uint64_t h = (uint64_t)user * 0x9E3779B97F4A7C15u ^
		     (uint64_t)subject * 0xC2B2AE3D27D4EB4Fu;

	return (size_t)(h ^ (h >> 29));
}

static struct relindex_pair *
relindex_find(const struct relindex_tenant *t, int64_t user, int64_t subject)
{
	size_t mask = t->cap - 1, i;

	if (t->cap == 0)
		return NULL;
	for (i = relindex_hash(user, subject) & mask;; i = (i + 1) & mask) {
		struct relindex_pair *p = &t->slots[i];

		if (p->user == 0)
			return NULL;
		if (p->user == user && p->subject == subject)
			return p;
	}
}

/* Keeps the table at most 3/4 full. */
static int
relindex_grow(struct relindex_tenant *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	struct relindex_pair *slots;

	if ((t->used + 1) * 4 <= t->cap * 3)
		return 0;
	if ((slots = calloc(cap, sizeof *slots)) == NULL)
		return ZK_ENOMEM;
	for (size_t i = 0; i < t->cap; i++) {
		struct relindex_pair *p = &t->slots[i];
		size_t j;

		if (p->user == 0)
			continue;
		j = relindex_hash(p->user, p->subject) & (cap - 1);
		while (slots[j].user != 0)
			j = (j + 1) & (cap - 1);
		slots[j] = *p;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
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
	struct relindex_pair *p;
	size_t i;

	if (r->user <= 0)
		return ZK_ECORRUPT;
	if ((p = relindex_find(t, r->user, r->subject)) == NULL) {
		if (relindex_grow(t) != 0)
			return ZK_ENOMEM;
		i = relindex_hash(r->user, r->subject) & (t->cap - 1);
		while (t->slots[i].user != 0)
			i = (i + 1) & (t->cap - 1);
		p = &t->slots[i];
		p->user = r->user;
		p->subject = r->subject;
		t->used++;
	}
	for (i = 0; i < p->n; i++) {
		if (p->rows[i].id == r->id) {
			p->rows[i] = *r;
			return 0;
		}
	}
	if (p->n == p->cap) {
		uint32_t cap = p->cap ? p->cap * 2 : 1;
		struct relindex_row *rows =
		    realloc(p->rows, cap * sizeof *rows);

		if (rows == NULL)
			return ZK_ENOMEM;
		p->rows = rows;
		p->cap = cap;
	}
	p->rows[p->n++] = *r;
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
}

void
relindex_active(struct relindex *ix, int64_t tenant, int64_t user,
		int64_t subject, int32_t day, unsigned *mask)
{
	struct relindex_tenant *t = relindex_tenant(ix, tenant);
	struct relindex_pair *p = t ? relindex_find(t, user, subject) : NULL;

	*mask = 0;
	for (uint32_t i = 0; p != NULL && i < p->n; i++) {
		const struct relindex_row *r = &p->rows[i];

		if (r->from <= day && day <= r->until)
			*mask |= 1u << r->kind;
	}
}
