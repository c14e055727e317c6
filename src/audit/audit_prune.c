/*
 * audit_prune.c: prunes the front of a tenant's chain and signs its new
 * start (LOG-6, LOG-3; see audit_prune.h for the design).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "audit/audit_prune.h"
#include "core/zk.h"
#include "store/store_sweep.h"

static const char prune_domain[] = "zorgkluis-prune-v1";

#define PRUNE_MSG                                                              \
	(sizeof prune_domain + 8 + 8 + 32 + (ZK_DATE_LEN - 1) + 8 +            \
	 (ZK_TIME_LEN - 1))

static void
prune_put_int(unsigned char *msg, size_t *n, int64_t v)
{
	for (int i = 0; i < 8; i++)
		msg[(*n)++] = (unsigned char)((uint64_t)v >> (8 * i));
}

/* What a prune record signs: every field but its id and the key. */
static int
prune_message(const struct store_prune *p, unsigned char msg[PRUNE_MSG],
	      size_t *len)
{
	size_t n = 0;

	if (strlen(p->before_day) != ZK_DATE_LEN - 1 ||
	    strlen(p->signed_at) != ZK_TIME_LEN - 1)
		return -1;
	memcpy(msg, prune_domain, sizeof prune_domain);
	n += sizeof prune_domain;
	prune_put_int(msg, &n, p->tenant);
	prune_put_int(msg, &n, p->first_seq);
	memcpy(msg + n, p->prev_hash, 32);
	n += 32;
	memcpy(msg + n, p->before_day, ZK_DATE_LEN - 1);
	n += ZK_DATE_LEN - 1;
	prune_put_int(msg, &n, p->pruned);
	memcpy(msg + n, p->signed_at, ZK_TIME_LEN - 1);
	n += ZK_TIME_LEN - 1;
	*len = n;
	return 0;
}

int32_t
audit_keep_from(int32_t on)
{
	int y, m, d, last;

	zk_date_to_ymd(on, &y, &m, &d);
	y -= AUDIT_KEEP_YEARS;
	last = zk_date_to_ymd_last(y, m);
	return zk_date_from_ymd(y, m, d > last ? last : d);
}

int
audit_prune(struct store *s, const struct keyring *k, int64_t tenant,
	    int32_t before_day, int64_t now, struct audit_prune_result *res,
	    char **cause)
{
	unsigned char msg[PRUNE_MSG];
	struct store_prune p;
	char before_ts[ZK_TIME_LEN];
	int64_t first, last, deleted;
	size_t len;
	int rc;

	memset(res, 0, sizeof *res);
	zk_date_fmt(before_day, res->before_day);
	if (!(k->have & KEYS_SIGN))
		return zk_fail(cause, ZK_ECRYPTO, "signing key not loaded");
	snprintf(before_ts, sizeof before_ts, "%sT00:00:00Z", res->before_day);
	if ((rc = store_audit_due(s, tenant, before_ts, &first, &last)) != 0)
		return zk_fail(cause, rc, "cannot read the log: %s",
			       zk_strerror(rc));
	res->first_seq = first;
	if (last < first)
		return 0;
	memset(&p, 0, sizeof p);
	p.tenant = tenant;
	p.first_seq = last + 1;
	if ((rc = store_audit_hash_at(s, tenant, last, p.prev_hash)) != 0 ||
	    (rc = store_audit_cut(s, tenant, last, &deleted)) != 0)
		return zk_fail(cause, rc, "cannot prune the log: %s",
			       zk_strerror(rc));
	/* A chain with a gap at its front is not pruned over. */
	if (deleted != last - first + 1)
		return zk_fail(cause, ZK_ECORRUPT,
			       "the log of tenant %lld does not run from "
			       "entry %lld to %lld; not pruning it (run "
			       "`zorgkluis audit verify`)",
			       (long long)tenant, (long long)first,
			       (long long)last);
	memcpy(p.before_day, res->before_day, sizeof p.before_day);
	p.pruned = deleted;
	zk_time_fmt(now, p.signed_at);
	memcpy(p.public_key, k->sign_pk, 32);
	if (prune_message(&p, msg, &len) != 0)
		return zk_fail(cause, ZK_EINVAL, "bad prune date");
	crypto_sign_detached(p.signature, NULL, msg, len, k->sign_sk);
	if ((rc = store_prune_insert(s, &p)) != 0)
		return zk_fail(cause, rc, "cannot record the pruning: %s",
			       zk_strerror(rc));
	res->pruned = deleted;
	res->first_seq = p.first_seq;
	return 0;
}

struct prune_walk {
	const struct keyring *k;
	int64_t first_seq;
	unsigned char prev[32];
	char *problem;
	size_t n;
};

static int
prune_walk_one(void *arg, const struct store_prune *p)
{
	struct prune_walk *w = arg;
	unsigned char msg[PRUNE_MSG];
	size_t len;

	if (p->malformed || prune_message(p, msg, &len) != 0 ||
	    sodium_memcmp(p->public_key, w->k->sign_pk, 32) != 0 ||
	    crypto_sign_verify_detached(p->signature, msg, len,
					w->k->sign_pk) != 0) {
		snprintf(w->problem, w->n,
			 "the prune record that starts the log at entry %lld "
			 "has no valid signature (it was forged or changed)",
			 (long long)p->first_seq);
		return 1;
	}
	if (p->first_seq <= w->first_seq || p->pruned < 1) {
		snprintf(w->problem, w->n,
			 "the prune record that starts the log at entry %lld "
			 "does not follow the one before it",
			 (long long)p->first_seq);
		return 1;
	}
	w->first_seq = p->first_seq;
	memcpy(w->prev, p->prev_hash, 32);
	return 0;
}

int
audit_prune_start(struct store *s, const struct keyring *k, int64_t tenant,
		  int64_t *first_seq, unsigned char prev[32], char *problem,
		  size_t n)
{
	struct prune_walk w;
	int rc;

	memset(&w, 0, sizeof w);
	w.k = k;
	w.first_seq = 1;
	w.problem = problem;
	w.n = n;
	/* A database from before migration 036 was never pruned. */
	if (store_schema_version(s) < 36) {
		*first_seq = 1;
		memset(prev, 0, 32);
		return 0;
	}
	rc = store_prune_scan(s, tenant, prune_walk_one, &w);
	if (rc != 0)
		return rc;
	*first_seq = w.first_seq;
	memcpy(prev, w.prev, 32);
	return 0;
}
