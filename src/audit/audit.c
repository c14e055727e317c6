/*
 * audit.c: appends to the hash chain, signs checkpoints, keeps the witness
 * file and verifies all three (see audit.h for the design).
 *
 * The MAC of an entry covers a canonical encoding of every column but the
 * hash itself: integers as 8 bytes little-endian, each text field as a
 * presence byte, a 4-byte length and its bytes. Changing, adding,
 * removing or reordering anything changes the MAC.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <sodium.h>

#include "audit/audit.h"
#include "audit/audit_prune.h"
#include "core/zk.h"

#define AUDIT_HASH 32
#define AUDIT_WITNESS "audit.head"
#define AUDIT_WITNESS_MAX 4096 /* tenants in one installation */

static const char audit_cp_domain[] = "zorgkluis-checkpoint-v1";
static const char audit_witness_header[] =
    "# zorgkluis audit witness: tenant seq hash signed_at signature\n";

/* --- the MAC of an entry ------------------------------------------------ */

static void
audit_mac_int(crypto_generichash_state *h, int64_t v)
{
	unsigned char b[8];

	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)((uint64_t)v >> (8 * i));
	crypto_generichash_update(h, b, sizeof b);
}

static void
audit_mac_text(crypto_generichash_state *h, const char *s)
{
	unsigned char hdr[5] = {0};
	size_t n;

	if (s == NULL) {
		crypto_generichash_update(h, hdr, 1);
		return;
	}
	n = strlen(s);
	hdr[0] = 1;
	for (int i = 0; i < 4; i++)
		hdr[1 + i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_update(h, hdr, sizeof hdr);
	crypto_generichash_update(h, (const unsigned char *)s, n);
}

static void
audit_mac(const struct keyring *k, const struct store_audit_row *r,
	  const unsigned char *prev, size_t prev_len,
	  unsigned char out[AUDIT_HASH])
{
	crypto_generichash_state h;

	crypto_generichash_init(&h, k->audit, sizeof k->audit, AUDIT_HASH);
	audit_mac_int(&h, (int64_t)prev_len);
	crypto_generichash_update(&h, prev, prev_len);
	audit_mac_int(&h, r->id);
	audit_mac_int(&h, r->tenant);
	audit_mac_int(&h, r->seq);
	audit_mac_text(&h, r->ts);
	audit_mac_text(&h, r->event);
	audit_mac_text(&h, r->action);
	audit_mac_text(&h, r->outcome);
	audit_mac_text(&h, r->checks);
	audit_mac_text(&h, r->reason);
	audit_mac_text(&h, r->rule);
	audit_mac_text(&h, r->user_uid);
	audit_mac_text(&h, r->user_role);
	audit_mac_text(&h, r->on_behalf_of);
	audit_mac_text(&h, r->access_point);
	audit_mac_text(&h, r->subject_uid);
	audit_mac_text(&h, r->object_type);
	audit_mac_text(&h, r->object_uid);
	audit_mac_text(&h, r->category);
	audit_mac_text(&h, r->purpose);
	audit_mac_text(&h, r->protocol);
	audit_mac_text(&h, r->consent_ref);
	audit_mac_text(&h, r->break_glass_ref);
	audit_mac_text(&h, r->source);
	/* Entries from before the column existed hold NULL and leave it
	 * out; every later entry has a value, so removing it breaks the MAC
	 * like any other change. */
	if (r->role_code != NULL)
		audit_mac_text(&h, r->role_code);
	crypto_generichash_final(&h, out, AUDIT_HASH);
}

/* Empty strings are stored as NULL; hash them the same way. */
static const char *
audit_opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* A column that may not be NULL holds "-" when there is nothing to say. */
static const char *
audit_req(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : "-";
}

void
audit_cache_reset(struct audit_cache *c)
{
	c->n = 0;
}

int
audit_append(struct store *s, const struct keyring *k, int64_t tenant,
	     int64_t now, const struct audit_event *ev, char **cause)
{
	return audit_append_cached(s, k, tenant, now, ev, NULL, cause);
}

int
audit_append_cached(struct store *s, const struct keyring *k, int64_t tenant,
		    int64_t now, const struct audit_event *ev,
		    struct audit_cache *c, char **cause)
{
	int slot = -1;
	unsigned char prev[AUDIT_HASH], hash[AUDIT_HASH];
	struct store_audit_row r;
	char ts[ZK_TIME_LEN], action[2] = {ev->action, '\0'};
	int64_t seq;
	int rc;

	if (!(k->have & KEYS_AUDIT))
		return zk_fail(cause, ZK_EAUDIT, "audit key not loaded");
	if (ev->event == NULL || ev->outcome == NULL || ev->user_uid == NULL ||
	    ev->access_point == NULL || ev->event[0] == '\0' ||
	    ev->user_uid[0] == '\0' || ev->access_point[0] == '\0' ||
	    ev->action == '\0' || strchr("CRUDE", ev->action) == NULL)
		return zk_fail(cause, ZK_EAUDIT, "incomplete audit event");
	memset(&r, 0, sizeof r);
	if (c != NULL) {
		for (int i = 0; i < c->n; i++)
			if (c->head[i].tenant == tenant)
				slot = i;
	}
	if (slot >= 0) {
		seq = c->head[slot].seq;
		memcpy(prev, c->head[slot].hash, sizeof prev);
		r.id = c->next_id;
	} else if ((rc = store_audit_head(s, tenant, &seq, prev)) != 0 ||
		   (rc = store_audit_next_id(s, &r.id)) != 0) {
		if (c != NULL)
			audit_cache_reset(c);
		return zk_fail(cause, ZK_EAUDIT,
			       "cannot read the audit chain head: %s",
			       zk_strerror(rc));
	}
	zk_time_fmt(now, ts);
	r.tenant = tenant;
	r.seq = seq + 1;
	r.ts = ts;
	r.event = ev->event;
	r.action = action;
	r.outcome = ev->outcome;
	r.checks = audit_req(ev->checks);
	r.reason = audit_req(ev->reason);
	r.rule = audit_req(ev->rule);
	r.user_uid = ev->user_uid;
	r.user_role = audit_req(ev->user_role);
	r.role_code = audit_req(ev->role_code);
	r.on_behalf_of = audit_opt(ev->on_behalf_of);
	r.access_point = ev->access_point;
	r.subject_uid = audit_opt(ev->subject_uid);
	r.object_type = audit_opt(ev->object_type);
	r.object_uid = audit_opt(ev->object_uid);
	r.category = audit_opt(ev->category);
	r.purpose = audit_opt(ev->purpose);
	r.protocol = audit_req(ev->protocol);
	r.consent_ref = audit_opt(ev->consent_ref);
	r.break_glass_ref = audit_opt(ev->break_glass_ref);
	r.source = "zorgkluis";
	r.prev_hash = prev;
	r.prev_hash_len = sizeof prev;
	audit_mac(k, &r, prev, sizeof prev, hash);
	r.hash = hash;
	r.hash_len = sizeof hash;
	if ((rc = store_audit_insert(s, &r)) != 0) {
		if (c != NULL)
			audit_cache_reset(c);
		return zk_fail(cause, ZK_EAUDIT,
			       "cannot write the audit log: %s",
			       zk_strerror(rc));
	}
	if (c != NULL) {
		if (slot < 0 && c->n < AUDIT_CACHE_TENANTS)
			slot = c->n++;
		if (slot >= 0) {
			c->head[slot].tenant = tenant;
			c->head[slot].seq = r.seq;
			memcpy(c->head[slot].hash, hash, sizeof hash);
		}
		c->next_id = r.id + 1;
	}
	return 0;
}

/* --- checkpoints and the witness --------------------------------------- */

static void
audit_cp_message(int64_t tenant, int64_t seq, const unsigned char *hash,
		 const char *signed_at, unsigned char *msg, size_t *len)
{
	size_t n = 0;

	memcpy(msg, audit_cp_domain, sizeof audit_cp_domain);
	n += sizeof audit_cp_domain;
	for (int i = 0; i < 8; i++)
		msg[n++] = (unsigned char)((uint64_t)tenant >> (8 * i));
	for (int i = 0; i < 8; i++)
		msg[n++] = (unsigned char)((uint64_t)seq >> (8 * i));
	memcpy(msg + n, hash, AUDIT_HASH);
	n += AUDIT_HASH;
	memcpy(msg + n, signed_at, ZK_TIME_LEN - 1);
	n += ZK_TIME_LEN - 1;
	*len = n;
}

#define AUDIT_CP_MSG (sizeof audit_cp_domain + 16 + AUDIT_HASH + ZK_TIME_LEN)

static int
audit_cp_valid(const struct keyring *k, const struct store_checkpoint *c)
{
	unsigned char msg[AUDIT_CP_MSG];
	size_t len;

	if (c->malformed || strlen(c->signed_at) != ZK_TIME_LEN - 1)
		return 0;
	audit_cp_message(c->tenant, c->seq, c->hash, c->signed_at, msg, &len);
	return crypto_sign_verify_detached(c->signature, msg, len,
					   k->sign_pk) == 0;
}

struct audit_witness {
	int n;
	struct store_checkpoint cp[AUDIT_WITNESS_MAX];
};

/* Parses audit.head; a missing file is an empty witness. */
static int
audit_witness_read(const struct keyring *k, struct audit_witness *w,
		   int *exists, char **cause)
{
	char path[4200], *text = NULL, *line, *save = NULL;
	size_t len;
	int rc;

	w->n = 0;
	*exists = 0;
	keys_path(k, AUDIT_WITNESS, path, sizeof path);
	rc = zk_file_read(path, 1u << 20, &text, &len, NULL);
	if (rc == ZK_ENOTFOUND)
		return 0;
	if (rc != 0)
		return zk_fail(cause, rc, "cannot read %s: %s", path,
			       zk_strerror(rc));
	*exists = 1;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		struct store_checkpoint *c;
		char hash[2 * AUDIT_HASH + 1], sig[2 * 64 + 1];
		long long tenant, seq;

		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (w->n == AUDIT_WITNESS_MAX)
			break;
		c = &w->cp[w->n];
		memset(c, 0, sizeof *c);
		if (sscanf(line, "%lld %lld %64s %20s %128s", &tenant, &seq,
			   hash, c->signed_at, sig) != 5 ||
		    sodium_hex2bin(c->hash, AUDIT_HASH, hash, strlen(hash),
				   NULL, NULL, NULL) != 0 ||
		    sodium_hex2bin(c->signature, 64, sig, strlen(sig), NULL,
				   NULL, NULL) != 0)
			c->malformed = 1;
		c->tenant = tenant;
		c->seq = seq;
		w->n++;
	}
	free(text);
	return 0;
}

/*
 * Sets the witness line of c's tenant to c when it is newer, or always
 * with force (a restore, audit_checkpoint_restore).
 */
static int
audit_witness_update(const struct keyring *k, const struct store_checkpoint *c,
		     int force, char **cause)
{
	struct audit_witness *w = NULL;
	struct zk_buf out;
	char path[4200], lock[4200];
	int fd = -1, exists, rc, found = 0;

	keys_path(k, AUDIT_WITNESS, path, sizeof path);
	keys_path(k, AUDIT_WITNESS ".lock", lock, sizeof lock);
	zk_buf_init(&out, 0);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		rc = zk_fail(cause, ZK_EIO, "cannot lock %s: %s", lock,
			     strerror(errno));
		goto out;
	}
	w = malloc(sizeof *w);
	if (w == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	if ((rc = audit_witness_read(k, w, &exists, cause)) != 0)
		goto out;
	for (int i = 0; i < w->n; i++) {
		if (w->cp[i].tenant != c->tenant)
			continue;
		found = 1;
		if (w->cp[i].malformed) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "the line of tenant %lld in %s is "
				     "malformed; run `zorgkluis audit verify`",
				     (long long)c->tenant, path);
			goto out;
		}
		if (w->cp[i].seq <= c->seq || force)
			w->cp[i] = *c;
	}
	if (!found && w->n < AUDIT_WITNESS_MAX)
		w->cp[w->n++] = *c;
	rc = zk_buf_append(&out, audit_witness_header,
			   sizeof audit_witness_header - 1);
	for (int i = 0; rc == 0 && i < w->n; i++) {
		char hash[2 * AUDIT_HASH + 1], sig[2 * 64 + 1], line[320];
		int n;

		if (w->cp[i].malformed)
			continue;
		sodium_bin2hex(hash, sizeof hash, w->cp[i].hash, AUDIT_HASH);
		sodium_bin2hex(sig, sizeof sig, w->cp[i].signature, 64);
		n = snprintf(line, sizeof line, "%lld %lld %s %s %s\n",
			     (long long)w->cp[i].tenant,
			     (long long)w->cp[i].seq, hash, w->cp[i].signed_at,
			     sig);
		rc = zk_buf_append(&out, line, (size_t)n);
	}
	if (rc == 0)
		rc = zk_file_write_atomic(path, out.data, out.len, 0600, cause);
out:
	if (fd >= 0)
		close(fd);
	free(w);
	zk_buf_release(&out);
	return rc;
}

/*
 * LOG-3: before a new head is signed, the witness must be whole and the
 * chain must still hold the entry the witness last saw, unchanged.
 * Otherwise a log cut off (or changed) behind the witness's back, or a
 * witness damaged to hide it, would be signed over and look whole again.
 * A damaged witness is refused, never rewritten: it is restored from a
 * copy (docs/audit.md).
 */
static int
audit_witness_holds(struct store *s, const struct keyring *k, int64_t tenant,
		    int64_t head, char **cause)
{
	struct audit_witness *w = malloc(sizeof *w);
	struct store_checkpoint last;
	unsigned char hash[AUDIT_HASH];
	char path[4200];
	int exists, rc, found = 0;

	if (w == NULL)
		return ZK_ENOMEM;
	keys_path(k, AUDIT_WITNESS, path, sizeof path);
	rc = audit_witness_read(k, w, &exists, cause);
	for (int i = 0; rc == 0 && i < w->n; i++) {
		const struct store_checkpoint *c = &w->cp[i];

		if (c->tenant != tenant)
			continue;
		found = 1;
		if (c->malformed)
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "the line of tenant %lld in %s is "
				     "malformed; not signing the log over it "
				     "(run `zorgkluis audit verify`)",
				     (long long)tenant, path);
		else if (!audit_cp_valid(k, c))
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "the line of tenant %lld in %s has no "
				     "valid signature (the witness is damaged "
				     "or forged); not signing the log over it "
				     "(run `zorgkluis audit verify`)",
				     (long long)tenant, path);
		else if (c->seq > head ||
			 store_audit_hash_at(s, tenant, c->seq, hash) != 0 ||
			 sodium_memcmp(hash, c->hash, AUDIT_HASH) != 0)
			rc =
			    zk_fail(cause, ZK_ECORRUPT,
				    "the log of tenant %lld no longer holds "
				    "entry %lld as the witness saw it (entries "
				    "were deleted or changed); not signing "
				    "it (run `zorgkluis audit verify`)",
				    (long long)tenant, (long long)c->seq);
	}
	/* A signed log whose witness has no line for it: the witness was
	 * removed, emptied or replaced. */
	if (rc == 0 && !found) {
		int r = store_checkpoint_last(s, tenant, &last);

		if (r == 0)
			rc = zk_fail(cause, ZK_ECORRUPT,
				     exists ? "%s has no line for tenant %lld, "
					      "whose log was signed (the "
					      "witness is damaged); not "
					      "signing the log over it"
					    : "%s is missing although the log "
					      "of tenant %lld was signed; not "
					      "signing the log without it",
				     path, (long long)tenant);
		else if (r != ZK_ENOTFOUND)
			rc =
			    zk_fail(cause, r, "cannot read the checkpoints: %s",
				    zk_strerror(r));
	}
	free(w);
	return rc;
}

static int
audit_witness_check_one(void *arg, int64_t tenant)
{
	void **a = arg;
	unsigned char hash[AUDIT_HASH];
	int64_t head;
	int rc = store_audit_head(a[0], tenant, &head, hash);

	if (rc != 0)
		return zk_fail(a[2], rc, "cannot read the log: %s",
			       zk_strerror(rc));
	return audit_witness_holds(a[0], a[1], tenant, head, a[2]);
}

int
audit_witness_check(struct store *s, const struct keyring *k, char **cause)
{
	void *a[3] = {s, (void *)k, cause};
	int rc;

	if (!(k->have & (KEYS_SIGN | KEYS_VERIFY)))
		return zk_fail(cause, ZK_ECRYPTO, "signing key not loaded");
	if ((rc = store_begin_read(s)) != 0)
		return zk_fail(cause, rc, "cannot read the database: %s",
			       zk_strerror(rc));
	rc = store_audit_tenants(s, audit_witness_check_one, a);
	store_rollback(s);
	return rc;
}

int
audit_checkpoint(struct store *s, const struct keyring *k, int64_t tenant,
		 int64_t now, char **cause)
{
	unsigned char msg[AUDIT_CP_MSG];
	struct store_checkpoint c, last;
	size_t len;
	int rc;

	if (!(k->have & KEYS_SIGN))
		return zk_fail(cause, ZK_ECRYPTO, "signing key not loaded");
	memset(&c, 0, sizeof c);
	if ((rc = store_begin(s)) != 0)
		return zk_fail(cause, rc, "cannot start checkpoint: %s",
			       zk_strerror(rc));
	if ((rc = store_audit_head(s, tenant, &c.seq, c.hash)) != 0)
		goto fail;
	if (c.seq == 0) {
		store_rollback(s);
		return 0;
	}
	if ((rc = audit_witness_holds(s, k, tenant, c.seq, cause)) != 0) {
		store_rollback(s);
		return rc;
	}
	rc = store_checkpoint_last(s, tenant, &last);
	if (rc == 0 && last.seq == c.seq && !last.malformed) {
		/* Already signed; make sure the witness has it too. */
		store_rollback(s);
		return audit_witness_update(k, &last, 0, cause);
	}
	c.tenant = tenant;
	zk_time_fmt(now, c.signed_at);
	memcpy(c.public_key, k->sign_pk, 32);
	audit_cp_message(tenant, c.seq, c.hash, c.signed_at, msg, &len);
	crypto_sign_detached(c.signature, NULL, msg, len, k->sign_sk);
	if ((rc = store_checkpoint_insert(s, &c)) != 0 ||
	    (rc = store_commit(s)) != 0)
		goto fail;
	return audit_witness_update(k, &c, 0, cause);
fail:
	store_rollback(s);
	return zk_fail(cause, rc, "cannot write audit checkpoint: %s",
		       zk_strerror(rc));
}

int
audit_witness_head(const struct keyring *k, int64_t tenant, int64_t *seq,
		   unsigned char hash[32], char **cause)
{
	struct audit_witness *w = malloc(sizeof *w);
	int exists, rc;

	*seq = 0;
	if (w == NULL)
		return ZK_ENOMEM;
	rc = audit_witness_read(k, w, &exists, cause);
	if (rc == 0)
		rc = ZK_ENOTFOUND;
	for (int i = 0; i < w->n && rc == ZK_ENOTFOUND; i++) {
		if (w->cp[i].tenant != tenant)
			continue;
		if (w->cp[i].malformed || !audit_cp_valid(k, &w->cp[i])) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "the witness line of tenant %lld is "
				     "damaged (run `zorgkluis audit verify`)",
				     (long long)tenant);
			break;
		}
		*seq = w->cp[i].seq;
		memcpy(hash, w->cp[i].hash, AUDIT_HASH);
		rc = 0;
	}
	free(w);
	return rc;
}

int
audit_checkpoint_restore(struct store *s, const struct keyring *k,
			 int64_t tenant, int64_t now, char **cause)
{
	unsigned char msg[AUDIT_CP_MSG];
	struct store_checkpoint c;
	size_t len;
	int rc;

	if (!(k->have & KEYS_SIGN))
		return zk_fail(cause, ZK_ECRYPTO, "signing key not loaded");
	memset(&c, 0, sizeof c);
	if ((rc = store_begin(s)) != 0)
		return zk_fail(cause, rc, "cannot start checkpoint: %s",
			       zk_strerror(rc));
	if ((rc = store_audit_head(s, tenant, &c.seq, c.hash)) != 0 ||
	    c.seq == 0) {
		store_rollback(s);
		return zk_fail(cause, rc ? rc : ZK_ECORRUPT,
			       "tenant %lld has no log to sign",
			       (long long)tenant);
	}
	c.tenant = tenant;
	zk_time_fmt(now, c.signed_at);
	memcpy(c.public_key, k->sign_pk, 32);
	audit_cp_message(tenant, c.seq, c.hash, c.signed_at, msg, &len);
	crypto_sign_detached(c.signature, NULL, msg, len, k->sign_sk);
	if ((rc = store_checkpoint_insert(s, &c)) != 0 ||
	    (rc = store_commit(s)) != 0) {
		store_rollback(s);
		return zk_fail(cause, rc, "cannot write audit checkpoint: %s",
			       zk_strerror(rc));
	}
	return audit_witness_update(k, &c, 1, cause);
}

static int
audit_checkpoint_one(void *arg, int64_t tenant)
{
	void **a = arg;

	return audit_checkpoint(a[0], a[1], tenant, *(int64_t *)a[2], a[3]);
}

int
audit_checkpoint_all(struct store *s, const struct keyring *k, int64_t now,
		     char **cause)
{
	void *a[4] = {s, (void *)k, &now, cause};

	return store_audit_tenants(s, audit_checkpoint_one, a);
}

/* --- verification ------------------------------------------------------- */

struct audit_walk {
	const struct keyring *k;
	struct audit_verify_result *res;
	int64_t tenant;
	int64_t expect; /* next sequence number */
	int64_t last_id;
	unsigned char prev[AUDIT_HASH];
};

static int audit_bad(struct audit_verify_result *res, int64_t tenant,
		     int64_t seq, int64_t id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
audit_bad(struct audit_verify_result *res, int64_t tenant, int64_t seq,
	  int64_t id, const char *fmt, ...)
{
	va_list ap;

	res->intact = 0;
	res->tenant = tenant;
	res->seq = seq;
	res->id = id;
	va_start(ap, fmt);
	vsnprintf(res->problem, sizeof res->problem, fmt, ap);
	va_end(ap);
	return 1; /* stops the scan */
}

static int
audit_walk_row(void *arg, const struct store_audit_row *r)
{
	struct audit_walk *w = arg;
	unsigned char mac[AUDIT_HASH];

	if (r->seq < w->expect)
		return audit_bad(w->res, w->tenant, r->seq, r->id,
				 "a second entry claims sequence number %lld "
				 "(an entry was inserted)",
				 (long long)r->seq);
	if (r->seq > w->expect)
		return audit_bad(w->res, w->tenant, w->expect, 0,
				 "entry %lld is missing (an entry was deleted "
				 "or renumbered)",
				 (long long)w->expect);
	if (r->id <= w->last_id)
		return audit_bad(w->res, w->tenant, r->seq, r->id,
				 "entry is out of order (entries were "
				 "reordered)");
	if (r->prev_hash_len != AUDIT_HASH ||
	    sodium_memcmp(r->prev_hash, w->prev, AUDIT_HASH) != 0)
		return audit_bad(w->res, w->tenant, r->seq, r->id,
				 "entry does not link to the entry before it "
				 "(entries were inserted, deleted or "
				 "reordered)");
	audit_mac(w->k, r, r->prev_hash, r->prev_hash_len, mac);
	if (r->hash_len != AUDIT_HASH || !r->whole ||
	    sodium_memcmp(r->hash, mac, AUDIT_HASH) != 0)
		return audit_bad(w->res, w->tenant, r->seq, r->id,
				 "entry was changed after it was written");
	memcpy(w->prev, r->hash, AUDIT_HASH);
	w->expect++;
	w->last_id = r->id;
	w->res->entries++;
	return 0;
}

struct audit_cpwalk {
	struct store *s;
	const struct keyring *k;
	struct audit_verify_result *res;
	int64_t head;
	int64_t max_seq;
	const struct store_checkpoint *want; /* the witness's, or NULL */
	int seen;			     /* want is in the table */
};

/* Checks that checkpoint c is genuine and matches the chain. */
static int
audit_check_cp(struct audit_cpwalk *w, const struct store_checkpoint *c,
	       const char *where)
{
	unsigned char hash[AUDIT_HASH];
	int rc;

	if (!audit_cp_valid(w->k, c) ||
	    sodium_memcmp(c->public_key, w->k->sign_pk, 32) != 0)
		return audit_bad(w->res, c->tenant, c->seq, 0,
				 "%s over entry %lld has no valid signature "
				 "(it was forged or changed)",
				 where, (long long)c->seq);
	if (c->seq > w->head)
		return audit_bad(w->res, c->tenant, w->head + 1, 0,
				 "%s covers entry %lld but the log ends at "
				 "entry %lld (entries were deleted)",
				 where, (long long)c->seq, (long long)w->head);
	rc = store_audit_hash_at(w->s, c->tenant, c->seq, hash);
	if (rc != 0 || sodium_memcmp(hash, c->hash, AUDIT_HASH) != 0)
		return audit_bad(w->res, c->tenant, c->seq, 0,
				 "entry %lld does not match the %s signed on "
				 "%s",
				 (long long)c->seq, where, c->signed_at);
	if (c->seq > w->max_seq)
		w->max_seq = c->seq;
	return 0;
}

static int
audit_walk_cp(void *arg, const struct store_checkpoint *c)
{
	struct audit_cpwalk *w = arg;

	if (c->malformed)
		return audit_bad(w->res, c->tenant, c->seq, 0,
				 "checkpoint %lld is malformed",
				 (long long)c->id);
	w->res->checkpoints++;
	if (w->want != NULL && c->seq == w->want->seq &&
	    sodium_memcmp(c->signature, w->want->signature, 64) == 0)
		w->seen = 1;
	return audit_check_cp(w, c, "checkpoint");
}

struct audit_vctx {
	int64_t only; /* 0: every tenant */
	struct store *s;
	const struct keyring *k;
	struct audit_verify_result *res;
	struct audit_witness *witness;
	int witness_exists;
};

static int
audit_verify_one(void *arg, int64_t tenant)
{
	struct audit_vctx *v = arg;
	struct audit_walk w;
	struct audit_cpwalk cw;
	int64_t before, start;
	char problem[200];
	int rc;

	if (v->only != 0 && tenant != v->only)
		return 0;
	memset(&w, 0, sizeof w);
	w.k = v->k;
	w.res = v->res;
	w.tenant = tenant;
	v->res->tenants++;
	/* LOG-6: a pruned chain starts where its newest signed prune record
	 * says, linking to the hash that record signs. */
	rc = audit_prune_start(v->s, v->k, tenant, &start, w.prev, problem,
			       sizeof problem);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return audit_bad(v->res, tenant, 0, 0, "%s", problem);
	w.expect = start;
	rc = store_audit_scan(v->s, tenant, audit_walk_row, &w);
	if (rc < 0)
		return rc;
	if (!v->res->intact)
		return 1;
	if (w.expect == start)
		return audit_bad(v->res, tenant, 1, 0,
				 "the tenant has no log at all (entries were "
				 "deleted)");

	memset(&cw, 0, sizeof cw);
	cw.s = v->s;
	cw.k = v->k;
	cw.res = v->res;
	cw.head = w.expect - 1;
	for (int i = 0; i < v->witness->n; i++) {
		if (v->witness->cp[i].tenant != tenant)
			continue;
		/* The line holds no key: it must be signed by ours. */
		memcpy(v->witness->cp[i].public_key, v->k->sign_pk, 32);
		cw.want = &v->witness->cp[i];
	}
	before = v->res->checkpoints;
	rc = store_checkpoint_scan(v->s, tenant, audit_walk_cp, &cw);
	if (rc < 0)
		return rc;
	if (!v->res->intact)
		return 1;
	if (cw.want == NULL) {
		/* Signed checkpoints and no witness line: it was removed. */
		if (v->witness_exists && v->res->checkpoints > before)
			return audit_bad(v->res, tenant, 0, 0,
					 "the witness (audit.head) has no line "
					 "for this tenant, whose log was "
					 "signed (the line was removed)");
		return 0;
	}
	if (cw.want->malformed)
		return audit_bad(v->res, tenant, 0, 0,
				 "the witness line of this tenant is "
				 "malformed");
	if (audit_check_cp(&cw, cw.want, "witness (audit.head)") != 0)
		return 1;
	if (!cw.seen)
		return audit_bad(v->res, tenant, cw.want->seq, 0,
				 "the signed checkpoint over entry %lld that "
				 "the witness names is gone from the database "
				 "(checkpoints were deleted)",
				 (long long)cw.want->seq);
	return 0;
}

static int
audit_verify_run(struct store *s, const struct keyring *k, int64_t only,
		 unsigned flags, struct audit_verify_result *res, char **cause)
{
	struct audit_vctx v;
	char what[256];
	int rc;

	memset(res, 0, sizeof *res);
	res->intact = 1;
	if ((k->have & (KEYS_AUDIT | KEYS_VERIFY)) !=
	    (KEYS_AUDIT | KEYS_VERIFY))
		return zk_fail(cause, ZK_ECRYPTO,
			       "audit.key and signing.pub are needed");
	memset(&v, 0, sizeof v);
	v.only = only;
	v.s = s;
	v.k = k;
	v.res = res;
	v.witness = malloc(sizeof *v.witness);
	if (v.witness == NULL)
		return ZK_ENOMEM;
	/* Without the witness: also when there is one (a backup's log,
	 * which the witness has passed, is checked so before a restore). */
	v.witness->n = 0;
	v.witness_exists = 0;
	rc = flags & AUDIT_NO_WITNESS
		 ? 0
		 : audit_witness_read(k, v.witness, &v.witness_exists, cause);
	if (rc != 0)
		goto out;
	if ((rc = store_begin_read(s)) != 0) {
		zk_fail(cause, rc, "cannot read the database: %s",
			zk_strerror(rc));
		goto out;
	}
	/* Checking the indexes reads every tenant's log: the full verify. */
	rc = store_audit_schema_check(s, only == 0, what, sizeof what);
	if (rc == ZK_ECORRUPT) {
		store_rollback(s);
		audit_bad(res, 0, 0, 0, "%s", what);
		rc = 0;
		goto out;
	}
	if (rc == 0)
		rc = store_audit_tenants(s, audit_verify_one, &v);
	store_rollback(s);
	if (rc > 0)
		rc = 0;
	if (rc != 0) {
		zk_fail(cause, rc, "cannot read the audit log: %s",
			zk_strerror(rc));
		goto out;
	}
	if (res->intact && only == 0 && res->tenants == 0)
		audit_bad(res, 0, 0, 0,
			  "the database holds no log at all (every entry was "
			  "deleted)");
	/* Signed, but the witness is gone: a cut could not be seen. */
	if (res->intact && !v.witness_exists && res->checkpoints > 0 &&
	    !(flags & AUDIT_NO_WITNESS))
		audit_bad(res, 0, 0, 0,
			  "the witness (audit.head) is missing although the "
			  "log was signed, so entries cut off together with "
			  "their checkpoints would not show (--no-witness "
			  "checks without it)");
	/* A witness line whose tenant vanished from the database. */
	for (int i = 0; res->intact && i < v.witness->n; i++) {
		int64_t seq;
		unsigned char h[AUDIT_HASH];

		if (only != 0 && v.witness->cp[i].tenant != only)
			continue;
		if (store_audit_head(s, v.witness->cp[i].tenant, &seq, h) ==
			0 &&
		    seq == 0)
			audit_bad(res, v.witness->cp[i].tenant, 1, 0,
				  "the witness names this tenant but the "
				  "database has no log for it (entries "
				  "were deleted)");
	}
out:
	free(v.witness);
	return rc;
}

int
audit_verify(struct store *s, const struct keyring *k,
	     struct audit_verify_result *res, char **cause)
{
	return audit_verify_run(s, k, 0, 0, res, cause);
}

int
audit_verify_flags(struct store *s, const struct keyring *k, unsigned flags,
		   struct audit_verify_result *res, char **cause)
{
	return audit_verify_run(s, k, 0, flags, res, cause);
}

int
audit_verify_tenant(struct store *s, const struct keyring *k, int64_t tenant,
		    struct audit_verify_result *res, char **cause)
{
	return audit_verify_run(s, k, tenant, 0, res, cause);
}
