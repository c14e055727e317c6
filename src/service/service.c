/*
 * service.c: opening the service, tenants and their profiles, actors, and
 * the shared steps of the door: decide, log and commit, or refuse, or fail
 * closed. The operations themselves live in users.c, subjects.c and
 * entries.c.
 */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "service/service_int.h"

int
svc_open(const char *db, const char *keys_dir, unsigned flags, unsigned keys,
	 struct service **out, char **cause)
{
	struct service *svc;
	char dir[4096];
	unsigned sflags = 0;
	int rc;

	*out = NULL;
	if (db == NULL || db[0] == '\0')
		return zk_fail(cause, ZK_EINVAL, "no database given (--db)");
	if ((rc = keys_dir_choose(keys_dir, db, dir, sizeof dir)) ==
	    ZK_ENOTFOUND)
		return zk_fail(cause, ZK_EINVAL,
			       "a PostgreSQL database needs its key directory "
			       "named: give --keys DIR or set ZORGKLUIS_KEYS");
	if (rc != 0)
		return zk_fail(cause, ZK_EINVAL, "key directory path too long");
	svc = calloc(1, sizeof *svc);
	if (svc == NULL)
		return ZK_ENOMEM;
	if (flags & SVC_CREATE) {
		if ((rc = keys_create(dir, cause)) != 0)
			goto fail;
		sflags |= STORE_CREATE;
	}
	if (flags & SVC_READONLY)
		sflags |= STORE_READONLY;
	if ((rc = store_open(db, sflags, &svc->store, cause)) != 0)
		goto fail;
	if ((rc = keys_open(dir, keys, &svc->keys, cause)) != 0)
		goto fail;
	/* SEC-1: init records the keys; every other open checks them. */
	if (flags & SVC_CREATE)
		rc = svc_start_record(svc, cause);
	else
		rc = svc_start_check(svc, flags, cause);
	if (rc != 0)
		goto fail;
	*out = svc;
	return 0;
fail:
	svc_close(svc);
	return rc;
}

void
svc_close(struct service *svc)
{
	if (svc == NULL)
		return;
	for (int i = 0; i < svc->ntenants; i++) {
		profile_free(svc->tenants[i].profile);
		profile_free(svc->tenants[i].retired);
	}
	svc_group_discard(svc);
	if (svc->ticket != NULL) {
		svc_ticket_wait(svc->ticket);
		svc_ticket_free(svc->ticket);
	}
	store_close(svc->store);
	keys_free(svc->keys);
	svc_keycache_clear(svc);
	free(svc);
}

struct store *
svc_store(struct service *svc)
{
	return svc->store;
}

const struct keyring *
svc_keys(struct service *svc)
{
	return svc->keys;
}

void
svc_fault_inject(struct service *svc, const char *op, int nth)
{
	store_fault_inject(svc->store, op, nth);
}

void
svc_day_hold(struct service *svc, int32_t day)
{
	svc->day = day;
	svc->day_held = 1;
}

void
svc_day_release(struct service *svc)
{
	svc->day_held = 0;
}

int32_t
svc_today(const struct service *svc)
{
	return svc->day_held ? svc->day : zk_day_nl(zk_now());
}

/*
 * The tenant's context. The profile in force is looked up once a day, so
 * that a new version takes effect on its effective date (REG-1).
 */
int
svc_tenant(struct service *svc, int64_t tenant, struct svc_tenant **out,
	   char **cause)
{
	struct svc_tenant *t = NULL;
	struct profile *p = NULL;
	int32_t today = svc_today(svc);
	char day[ZK_DATE_LEN], *body = NULL, name[64];
	int rc;

	for (int i = 0; i < svc->ntenants; i++) {
		if (svc->tenants[i].id != tenant)
			continue;
		if (svc->tenants[i].day == today) {
			*out = &svc->tenants[i];
			return 0;
		}
		t = &svc->tenants[i];
	}
	if (t == NULL && svc->ntenants == SVC_MAX_TENANTS)
		return zk_fail(cause, ZK_ETOOBIG, "too many tenants open");
	zk_date_fmt(today, day);
	rc = store_profile_current(svc->store, tenant, day, &body);
	if (rc != 0) {
		free(body);
		return zk_fail(cause, rc, "tenant %lld has no profile: %s",
			       (long long)tenant, zk_strerror(rc));
	}
	snprintf(name, sizeof name, "profile of tenant %lld",
		 (long long)tenant);
	rc = profile_load_text(body, strlen(body), name, &p, cause);
	free(body);
	if (rc != 0)
		return rc;
	if (t == NULL) {
		t = &svc->tenants[svc->ntenants++];
		memset(t, 0, sizeof *t);
	} else {
		profile_free(t->retired);
		t->retired = t->profile;
	}
	t->id = tenant;
	t->day = today;
	t->profile = p;
	snprintf(t->protocol, sizeof t->protocol, "%s@%s", p->id, p->version);
	*out = t;
	return 0;
}

int
svc_profile(struct service *svc, int64_t tenant, const struct profile **out,
	    char **cause)
{
	struct svc_tenant *t;
	int rc = svc_tenant(svc, tenant, &t, cause);

	if (rc == 0)
		*out = t->profile;
	return rc;
}

int
svc_tenant_find(struct service *svc, const char *slug, int64_t *tenant,
		char **cause)
{
	struct store_tenant t;
	int rc = store_tenant_get(svc->store, slug, &t);

	if (rc == ZK_ENOTFOUND)
		return zk_fail(cause, rc, "no tenant \"%s\"", slug);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot read tenants: %s",
			       zk_strerror(rc));
	*tenant = t.id;
	return 0;
}

struct svc_tenant_by_id {
	int64_t id;
	struct store_tenant *out;
	int found;
};

static int
svc_tenant_match(void *arg, const struct store_tenant *t)
{
	struct svc_tenant_by_id *b = arg;

	if (t->id != b->id)
		return 0;
	*b->out = *t;
	b->found = 1;
	return 1;
}

int
svc_tenant_name(struct service *svc, int64_t tenant, struct store_tenant *out)
{
	struct svc_tenant_by_id b = {tenant, out, 0};
	int rc = store_tenant_list(svc->store, svc_tenant_match, &b);

	if (rc < 0)
		return rc;
	return b.found ? 0 : ZK_ENOTFOUND;
}

struct svc_count {
	int n;
	int64_t id;
};

static int
svc_count_tenant(void *arg, const struct store_tenant *t)
{
	struct svc_count *c = arg;

	c->n++;
	c->id = t->id;
	return 0;
}

int
svc_tenant_default(struct service *svc, int64_t *tenant, char **cause)
{
	struct svc_count c = {0, 0};
	int rc = store_tenant_list(svc->store, svc_count_tenant, &c);

	if (rc != 0)
		return zk_fail(cause, rc, "cannot read tenants: %s",
			       zk_strerror(rc));
	if (c.n != 1)
		return zk_fail(cause, ZK_EINVAL,
			       c.n == 0 ? "the database has no tenant"
					: "the database has several tenants; "
					  "name one with --tenant");
	*tenant = c.id;
	return 0;
}

void
svc_actor_system(struct actor *a, int64_t tenant, const char *what,
		 const char *access_point)
{
	memset(a, 0, sizeof *a);
	a->tenant = tenant;
	a->system = true;
	a->confidentiality = true;
	snprintf(a->user_uid, sizeof a->user_uid, "system:%s", what);
	zk_strlcpy(a->username, a->user_uid, sizeof a->username);
	zk_strlcpy(a->role, "system", sizeof a->role);
	if (access_point == NULL || strcmp(access_point, "cli") == 0)
		svc_local_access_point(a->access_point, sizeof a->access_point);
	else
		zk_strlcpy(a->access_point, access_point,
			   sizeof a->access_point);
}

/*
 * LOG-1: where a command on this machine came from: "cli:" with the
 * operating-system account and the host, so the log says who ran it.
 */
void
svc_local_access_point(char *out, size_t n)
{
	struct passwd pw, *res = NULL;
	char buf[1024], host[64] = "localhost";

	if (getpwuid_r(geteuid(), &pw, buf, sizeof buf, &res) != 0 ||
	    res == NULL)
		res = NULL;
	if (gethostname(host, sizeof host) != 0)
		zk_strlcpy(host, "localhost", sizeof host);
	host[sizeof host - 1] = '\0';
	if (res != NULL)
		snprintf(out, n, "cli:%s@%s", res->pw_name, host);
	else
		snprintf(out, n, "cli:uid%lu@%s", (unsigned long)geteuid(),
			 host);
}

int
svc_actor_user(struct service *svc, int64_t tenant, const char *username,
	       const char *access_point, struct actor *out, char **cause)
{
	struct svc_tenant *t;
	struct store_user u;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = svc_tenant(svc, tenant, &t, cause)) != 0)
		return rc;
	rc = store_user_get(svc->store, tenant, username, &u);
	if (rc == ZK_ENOTFOUND ||
	    (rc == 0 && (u.disabled || u.awaiting_approval)))
		return zk_fail(cause, ZK_EAUTH, "no active user \"%s\"",
			       username);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot read users: %s",
			       zk_strerror(rc));
	out->tenant = tenant;
	out->user_id = u.id;
	zk_strlcpy(out->user_uid, u.uid, sizeof out->user_uid);
	zk_strlcpy(out->username, u.username, sizeof out->username);
	for (int i = 0; i < u.nroles; i++) {
		int r = profile_role_index(t->profile, u.roles[i]);

		if (r < 0)
			continue;
		if (out->roles == 0)
			zk_strlcpy(out->role, u.roles[i], sizeof out->role);
		out->roles |= 1u << r;
		/* INZ-6: a portal account holds no staff role (users.c). */
		if (vocab_base_role_portal(t->profile->roles[r].base))
			out->portal = (int)t->profile->roles[r].base;
	}
	out->confidentiality = u.confidentiality[0] != '\0';
	out->password_change = u.password_change != 0;
	zk_strlcpy(out->access_point, access_point ? access_point : "cli",
		   sizeof out->access_point);
	return 0;
}

/* --- the steps of the door ------------------------------------------------ */

/*
 * Without group commit an operation holds the write lock from its start,
 * so that its facts, its act and its log entry are one transaction. With
 * group commit (a reader of the HTTP server) it reads in a snapshot and
 * its log entries go to the writer; operations that change data are run
 * by the writer itself (svc_group_exec).
 */
int
svc_begin_write(struct service *svc)
{
	if (svc->group != NULL)
		return store_begin_read(svc->store);
	return store_begin(svc->store);
}

int
svc_begin_read(struct service *svc)
{
	return svc_begin_write(svc);
}

/*
 * LOG-5: the ISO 21298 role of an actor before any decision: that of the
 * role it acts in, as a professional without a relation. The system's
 * jobs are run by its administrators.
 */
static const char *
svc_role_code(const struct actor *a, const struct svc_tenant *t)
{
	int r;

	if (a->system)
		return "Administrator";
	if (t == NULL || (r = profile_role_index(t->profile, a->role)) < 0)
		return NULL;
	return vocab_iso_role(t->profile->roles[r].base, false, false);
}

void
svc_event_init(struct audit_event *ev, const struct actor *a,
	       const struct svc_tenant *t, const char *event, char action)
{
	memset(ev, 0, sizeof *ev);
	ev->event = event;
	ev->action = action;
	ev->outcome = "success";
	ev->user_uid = a->user_uid;
	ev->user_role = a->role;
	ev->role_code = svc_role_code(a, t);
	ev->on_behalf_of = a->on_behalf_of[0] ? a->on_behalf_of : NULL;
	ev->access_point = a->access_point;
	ev->protocol = t != NULL ? t->protocol : "";
	ev->reason = a->system ? "system" : "";
	ev->rule = a->system ? "LOG-1" : "";
	ev->checks = a->system ? "authz=system" : "";
}

int
svc_event_role(struct audit_event *ev, const struct actor *a,
	       const struct svc_tenant *t, unsigned bases)
{
	const struct profile *p = t->profile;

	for (int r = 0; r < p->nroles; r++) {
		if (!(a->roles & (1u << r)) ||
		    !(bases & (1u << (unsigned)p->roles[r].base)))
			continue;
		ev->user_role = p->roles[r].id;
		ev->role_code = vocab_iso_role(p->roles[r].base, false, false);
		return 1;
	}
	return 0;
}

void
svc_event_decision(struct audit_event *ev, const struct authz_decision *d,
		   unsigned relations, char *checks, size_t n)
{
	const char *consent = "not_required";
	char rel[64] = "";

	for (int r = 0; r < ZK_REL_COUNT; r++) {
		if (!(relations & ZK_COND_OF_RELATION(r)))
			continue;
		if (rel[0] != '\0')
			strncat(rel, "+", sizeof rel - strlen(rel) - 1);
		strncat(rel, vocab_relation_name((enum zk_relation)r),
			sizeof rel - strlen(rel) - 1);
	}
	/* LOG-5: the consent check as made: relied on, missing, objected to. */
	if (ev->consent_ref != NULL)
		consent = ev->consent_ref;
	else if (d->reason != NULL && strcmp(d->reason, "objection") == 0)
		consent = "objection";
	else if (d->reason != NULL &&
		 (strcmp(d->reason, "no_consent_in_force") == 0 ||
		  strcmp(d->reason, "purpose_not_compatible") == 0))
		consent = "missing";
	snprintf(checks, n, "authz=%s;relation=%s;consent=%s;emergency=%s%s",
		 d->permit ? "permit" : "deny", rel[0] ? rel : "none", consent,
		 d->break_glass ? "yes" : "no",
		 d->review ? ";review=pending" : "");
	ev->outcome = d->permit ? "success" : "refused";
	ev->reason = d->reason;
	ev->rule = d->rule;
	ev->checks = checks;
	/* LOG-1: a user with several roles acted in the one that granted. */
	if (d->permit && d->role != NULL)
		ev->user_role = d->role;
	if (d->permit && d->role_code != NULL)
		ev->role_code = d->role_code;
}

int
svc_log_one(struct service *svc, const struct actor *a, struct audit_event *ev,
	    int64_t now, char **cause)
{
	if (svc->group != NULL) {
		if (svc_group_queue(svc, a, ev, now) == 0)
			return 0;
		svc_group_discard(svc);
		store_rollback(svc->store);
		return zk_fail(cause, ZK_EAUDIT, "out of memory for the log");
	}
	if (audit_append(svc->store, svc->keys, a->tenant, now, ev, cause) !=
	    0) {
		store_rollback(svc->store);
		return ZK_EAUDIT;
	}
	return 0;
}

int
svc_log_finish(struct service *svc, char **cause)
{
	int rc;

	if (svc->group != NULL) {
		/* The snapshot read what it needed; the writer logs. */
		store_rollback(svc->store);
		return svc_group_flush(svc, cause);
	}
	rc = store_commit(svc->store);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, ZK_EAUDIT,
			       "cannot commit the operation and its log "
			       "entry: %s",
			       zk_strerror(rc));
	}
	return 0;
}

int
svc_log_read(struct service *svc, const struct actor *a, struct audit_event *ev,
	     int rc, json_t **out, char **cause)
{
	if (rc != 0) {
		json_decref(*out);
		*out = NULL;
		return svc_fail_act(svc, a, ev, rc, cause);
	}
	if ((rc = svc_log_commit(svc, a, ev, cause)) != 0) {
		json_decref(*out);
		*out = NULL; /* no read leaves without its log entry */
	}
	return rc;
}

int
svc_log_created(struct service *svc, const struct actor *a,
		struct audit_event *ev, int rc, const char *made,
		char out[ZK_UUID_LEN], char **cause)
{
	if (rc != 0)
		return svc_fail_act(svc, a, ev, rc, cause);
	if ((rc = svc_log_commit(svc, a, ev, cause)) == 0 && out != NULL)
		zk_strlcpy(out, made, ZK_UUID_LEN);
	return rc;
}

int
svc_log_commit(struct service *svc, const struct actor *a,
	       struct audit_event *ev, char **cause)
{
	int rc = svc_log_one(svc, a, ev, zk_now(), cause);

	return rc != 0 ? rc : svc_log_finish(svc, cause);
}

int
svc_fail_act(struct service *svc, const struct actor *a, struct audit_event *ev,
	     int rc, char **cause)
{
	store_rollback(svc->store);
	svc_group_discard(svc);
	ev->outcome = "error";
	if (svc_begin_read(svc) == 0 &&
	    svc_log_one(svc, a, ev, zk_now(), NULL) == 0)
		svc_log_finish(svc, NULL);
	if (cause != NULL && *cause == NULL)
		zk_fail(cause, rc, "%s", zk_strerror(rc));
	return rc;
}

/* Logs ev as the refusal it is, whoever asked (the system too), and
 * commits. */
static int
svc_log_refused(struct service *svc, const struct actor *a,
		struct audit_event *ev, const char *reason, const char *rule,
		char **cause)
{
	ev->outcome = "refused";
	ev->reason = reason;
	ev->rule = rule;
	return svc_log_commit(svc, a, ev, cause);
}

int
svc_refuse_input(struct service *svc, const struct actor *a,
		 struct audit_event *ev, int rc, int err, const char *reason,
		 const char *rule, char **cause, const char *fmt, ...)
{
	char msg[256], checks[256];
	va_list ap;

	if (rc != ZK_EINVAL && rc != ZK_ENOTFOUND && rc != ZK_ECONFLICT)
		return svc_fail_act(svc, a, ev, rc, cause);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* The scheme may have permitted; the decision as a whole did not. */
	if (ev->checks != NULL &&
	    strncmp(ev->checks, "authz=permit", 12) == 0) {
		snprintf(checks, sizeof checks, "authz=deny%s",
			 ev->checks + 12);
		ev->checks = checks;
	}
	if (svc_log_refused(svc, a, ev, reason, rule, cause) != 0)
		return ZK_EAUDIT;
	return zk_fail(cause, err, "%s", msg);
}

int
svc_refuse(struct service *svc, const struct actor *a, struct audit_event *ev,
	   const struct authz_decision *d, char **cause)
{
	int rc = svc_log_refused(svc, a, ev, d->reason, d->rule, cause);

	if (rc != 0)
		return rc;
	return zk_fail(cause, ZK_EDENIED, "refused: %s (%s)", d->reason,
		       d->rule);
}

int
svc_log_refusal(struct service *svc, const struct actor *a, const char *event,
		char action, const char *subject_uid, const char *endpoint,
		const char *reason, const char *rule, char **cause)
{
	struct authz_decision d = {.reason = reason, .rule = rule};
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc == ZK_EAUDIT ? rc : ZK_EAUDIT;
	svc_event_init(&ev, a, t, event, action);
	ev.object_type = "endpoint";
	ev.object_uid = endpoint;
	if (svc_begin_read(svc) != 0)
		return zk_fail(cause, ZK_EAUDIT, "cannot log the refusal");
	/* On the subject only when there is one, of the kind the path is
	 * about, in this organisation (SCOPE-1, SCOPE-3). */
	if (subject_uid != NULL && zk_uuid_valid(subject_uid)) {
		struct store_subject x;

		memset(&x, 0, sizeof x);
		if (svc_subject_load(svc, a, subject_uid, &x) == 0)
			ev.subject_uid = subject_uid;
		store_subject_release(&x);
	}
	svc_event_decision(&ev, &d, 0, checks, sizeof checks);
	rc = svc_refuse(svc, a, &ev, &d, cause);
	return rc == ZK_EDENIED || rc == ZK_EAUDIT ? rc : ZK_EAUDIT;
}

void
svc_authz_request(const struct actor *a, struct authz_request *rq)
{
	memset(rq, 0, sizeof *rq);
	rq->user_id = a->user_uid;
	rq->roles = a->roles;
	rq->confidentiality = a->confidentiality;
}

void
svc_seal_ad(char *out, size_t n, int64_t tenant, const char *subject,
	    const char *object, const char *what)
{
	snprintf(out, n, "zk1|%lld|%s|%s|%s", (long long)tenant, subject,
		 object ? object : "", what);
}

int
svc_seal_text(struct service *svc, int64_t tenant,
	      const struct store_subject *x, const char *object,
	      const char *what, const char *text, struct zk_buf *out)
{
	unsigned char key[SEAL_KEY_BYTES];
	char ad[200];
	int rc;

	if ((rc = svc_subject_key(svc, tenant, x, key)) != 0)
		return rc;
	svc_seal_ad(ad, sizeof ad, tenant, x->uid, object, what);
	rc = seal_encrypt(key, ad, text, strlen(text), out);
	seal_wipe(key, sizeof key);
	return rc;
}

int
svc_open_text(struct service *svc, int64_t tenant,
	      const struct store_subject *x, const char *object,
	      const char *what, const unsigned char *sealed, size_t len,
	      char **out)
{
	unsigned char key[SEAL_KEY_BYTES];
	struct zk_buf plain;
	char ad[200];
	int rc;

	*out = NULL;
	if ((rc = svc_subject_key(svc, tenant, x, key)) != 0)
		return rc;
	zk_buf_init_secret(&plain, 0);
	svc_seal_ad(ad, sizeof ad, tenant, x->uid, object, what);
	rc = seal_decrypt(key, ad, sealed, len, &plain);
	seal_wipe(key, sizeof key);
	if (rc == 0 && !zk_utf8_valid((const char *)plain.data, plain.len))
		rc = ZK_ECORRUPT;
	if (rc == 0 && (*out = malloc(plain.len + 1)) == NULL)
		rc = ZK_ENOMEM;
	if (rc == 0) {
		memcpy(*out, plain.data, plain.len);
		(*out)[plain.len] = '\0';
	}
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
	return rc;
}

int
svc_subject_key(struct service *svc, int64_t tenant,
		const struct store_subject *x,
		unsigned char key[SEAL_KEY_BYTES])
{
	unsigned char kek[SEAL_KEY_BYTES], w[KEYSTORE_MAX_WRAPPED];
	const unsigned char *wrapped = x->wrapped_key;
	size_t len = x->wrapped_len;
	char ad[160];
	int rc;

	/* ERA-5: an erased subject has no key; their data is gone. */
	if (x->key_destroyed_at[0] != '\0') {
		svc_keycache_drop(svc, tenant, x->uid);
		return ZK_ENOTFOUND;
	}
	/* A subject being created, or a database from before 025 opened
	 * read-only, has it in hand; any other is in the key store, read
	 * lately or read now. */
	if (len == 0) {
		rc = svc_keycache_get(svc, tenant, x->uid, x->key_gen, w, &len);
		if (rc != 0) {
			rc = keystore_get(svc->keys->dir, tenant, x->uid,
					  x->key_gen, w, &len, NULL);
			if (rc != 0)
				return rc == ZK_ENOTFOUND ? ZK_ECRYPTO : rc;
			svc_keycache_put(svc, tenant, x->uid, x->key_gen, w,
					 len);
		}
		wrapped = w;
	}
	if ((rc = seal_tenant_kek(svc->keys, tenant, kek)) == 0) {
		svc_seal_ad(ad, sizeof ad, tenant, x->uid, NULL, "key");
		rc = seal_key_unwrap(kek, ad, wrapped, len, key);
	}
	seal_wipe(kek, sizeof kek);
	seal_wipe(w, sizeof w);
	return rc;
}

int
svc_erased_cause(struct service *svc, int64_t tenant, const char *uid,
		 char **cause)
{
	struct store_subject x;
	char day[ZK_DATE_LEN];
	int64_t t;

	memset(&x, 0, sizeof x);
	if (uid == NULL || store_subject_get(svc->store, tenant, uid, &x) != 0)
		return 0;
	store_subject_release(&x);
	if (x.key_destroyed_at[0] == '\0')
		return 0;
	if (zk_time_parse(x.key_destroyed_at, &t) == 0)
		zk_date_fmt(zk_day_nl(t), day);
	else
		zk_strlcpy(day, x.key_destroyed_at, sizeof day);
	zk_fail(cause, ZK_ENOTFOUND,
		"the data of client %s was destroyed on %s (erased; ERA-5)",
		uid, day);
	return 1;
}

int
svc_relations(struct service *svc, const struct actor *a, int64_t subject,
	      int64_t now, unsigned *conds)
{
	unsigned mask = 0;
	int rc;

	*conds = 0;
	if (a->system || a->user_id == 0)
		return 0;
	/* The request's own day, when it holds one (svc_day_hold). */
	rc = store_relation_active(svc->store, a->tenant, a->user_id, subject,
				   svc->day_held ? svc->day : zk_day_nl(now),
				   &mask);
	for (int r = 0; r < ZK_REL_COUNT; r++)
		if (mask & (1u << r))
			*conds |= ZK_COND_OF_RELATION(r);
	/* ACC-5: asked only where a grant of the actor's roles needs it. */
	if (rc == 0) {
		struct svc_tenant *t;
		int same = 0;

		if ((rc = svc_tenant(svc, a->tenant, &t, NULL)) == 0 &&
		    (t->profile->relations.team_grants & a->roles) &&
		    (rc = store_same_team(svc->store, a->tenant, a->user_id,
					  subject, &same)) == 0 &&
		    same)
			*conds |= ZK_COND_TEAM;
	}
	return rc;
}

int
svc_break_glass_active(struct service *svc, const struct actor *a,
		       const struct store_subject *x, int64_t now, char *reason,
		       size_t n, char uid[ZK_UUID_LEN])
{
	struct store_break_glass b;
	unsigned char key[SEAL_KEY_BYTES];
	struct zk_buf plain;
	char ts[ZK_TIME_LEN], ad[160];
	int rc;

	if (a->system || a->user_id == 0)
		return ZK_ENOTFOUND;
	memset(&b, 0, sizeof b);
	zk_time_fmt(now, ts);
	rc = store_break_glass_active(svc->store, a->tenant, a->user_id, x->id,
				      ts, &b);
	if (rc != 0)
		goto out;
	zk_buf_init(&plain, 0);
	if ((rc = svc_subject_key(svc, a->tenant, x, key)) == 0) {
		svc_seal_ad(ad, sizeof ad, a->tenant, x->uid, b.uid,
			    "break_glass");
		rc = seal_decrypt(key, ad, b.reason.data, b.reason.len, &plain);
		seal_wipe(key, sizeof key);
	}
	if (rc == 0) {
		zk_strlcpy(reason, (const char *)plain.data, n);
		zk_strlcpy(uid, b.uid, ZK_UUID_LEN);
	}
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
out:
	zk_buf_release(&b.reason);
	return rc;
}

static int
svc_check_string(const struct profile_field *f, json_t *v, char **cause)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);

	if (len > f->max_length)
		return zk_fail(cause, ZK_ETOOBIG,
			       "field \"%s\" is longer than %zu bytes (PUR-4)",
			       f->name, f->max_length);
	if (memchr(s, '\0', len) != NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "field \"%s\" contains a NUL character",
			       f->name);
	/* Text people read: a string is one line, a text may have more. */
	switch (zk_text_check(s, f->type == PROFILE_FIELD_TEXT)) {
	case ZK_TEXT_OK:
		return 0;
	case ZK_TEXT_BLANK:
		return zk_fail(cause, ZK_EINVAL,
			       "field \"%s\" must not be blank (leave it out "
			       "instead)",
			       f->name);
	case ZK_TEXT_CONTROL:
		return zk_fail(cause, ZK_EINVAL,
			       f->type == PROFILE_FIELD_STRING
				   ? "field \"%s\" must be a single line "
				     "without control characters"
				   : "field \"%s\" must not contain control "
				     "characters",
			       f->name);
	default:
		return zk_fail(cause, ZK_EINVAL,
			       "field \"%s\" must not begin or end with a "
			       "space",
			       f->name);
	}
}

/* SEC-4: a BSN has nine digits and passes the eleven test. */
static int
svc_bsn_valid(const char *s)
{
	int sum = 0;

	if (s == NULL || strlen(s) != 9 || strspn(s, "0123456789") != 9)
		return 0;
	for (int i = 0; i < 8; i++)
		sum += (9 - i) * (s[i] - '0');
	sum -= s[8] - '0';
	return sum % 11 == 0 && strcmp(s, "000000000") != 0;
}

/*
 * SEC-4, PUR-4: a person is born before today, and dies after being born
 * and not later than today (Dutch days; the request's day). A date that is no
 * real day was refused before.
 */
static int
svc_identity_dates(json_t *identity, int32_t today, char **cause)
{
	const char *born =
	    json_string_value(json_object_get(identity, "birth_date"));
	const char *died =
	    json_string_value(json_object_get(identity, "deceased_on"));
	int32_t b = 0, d = 0;

	if (born != NULL && zk_date_parse(born, &b) == 0 && b > today)
		return zk_fail(cause, ZK_EINVAL,
			       "birth_date %s lies in the future", born);
	if (died != NULL && zk_date_parse(died, &d) == 0) {
		if (d > today)
			return zk_fail(cause, ZK_EINVAL,
				       "deceased_on %s lies in the future",
				       died);
		if (born != NULL && d < b)
			return zk_fail(cause, ZK_EINVAL,
				       "deceased_on %s lies before birth_date "
				       "%s",
				       died, born);
	}
	return 0;
}

int
svc_validate_fields(const struct profile *p, enum zk_category c,
		    json_t *content, int32_t today, char **cause)
{
	const struct profile_category *cat = &p->categories[c];
	const char *k;
	json_t *v;
	int32_t day;
	int rc;

	if (!json_is_object(content))
		return zk_fail(cause, ZK_EINVAL,
			       "content must be a JSON object of fields");
	if (!cat->used)
		return zk_fail(cause, ZK_EINVAL,
			       "category \"%s\" is not used by this "
			       "organisation (CAT-1)",
			       vocab_category_name(c));
	json_object_foreach(content, k, v)
	{
		const struct profile_field *f = profile_field(p, c, k);

		if (f == NULL)
			return zk_fail(cause, ZK_EINVAL,
				       "field \"%s\" is not declared for "
				       "category \"%s\" (PUR-4)",
				       k, vocab_category_name(c));
		if (json_is_null(v))
			continue;
		switch (f->type) {
		case PROFILE_FIELD_STRING:
		case PROFILE_FIELD_TEXT:
			if (!json_is_string(v))
				return zk_fail(cause, ZK_EINVAL,
					       "field \"%s\" must be a string",
					       k);
			if ((rc = svc_check_string(f, v, cause)) != 0)
				return rc;
			break;
		case PROFILE_FIELD_DATE:
			if (!json_is_string(v) ||
			    zk_date_parse(json_string_value(v), &day) != 0)
				return zk_fail(cause, ZK_EINVAL,
					       "field \"%s\" must be a date "
					       "(YYYY-MM-DD)",
					       k);
			break;
		case PROFILE_FIELD_INTEGER:
			if (!json_is_integer(v))
				return zk_fail(cause, ZK_EINVAL,
					       "field \"%s\" must be an "
					       "integer",
					       k);
			break;
		case PROFILE_FIELD_BOOLEAN:
			if (!json_is_boolean(v))
				return zk_fail(cause, ZK_EINVAL,
					       "field \"%s\" must be true or "
					       "false",
					       k);
			break;
		}
	}
	if (c == ZK_CAT_BSN && json_object_get(content, "bsn") != NULL &&
	    !svc_bsn_valid(json_string_value(json_object_get(content, "bsn"))))
		return zk_fail(cause, ZK_EINVAL,
			       "not a valid BSN: nine digits that pass the "
			       "eleven test (SEC-4)");
	for (int i = 0; i < cat->nfields; i++) {
		json_t *x = json_object_get(content, cat->fields[i].name);

		if (cat->fields[i].required &&
		    (x == NULL || json_is_null(x) ||
		     (json_is_string(x) && json_string_length(x) == 0)))
			return zk_fail(cause, ZK_EINVAL,
				       "field \"%s\" is required for category "
				       "\"%s\" (PUR-4)",
				       cat->fields[i].name,
				       vocab_category_name(c));
	}
	if (c == ZK_CAT_IDENTITY)
		return svc_identity_dates(content, today, cause);
	return 0;
}

/* --- the facts of a decision ------------------------------------------- */

void
svc_facts_release(struct svc_facts *f)
{
	store_subject_release(&f->x);
	seal_wipe(f->bg_reason, sizeof f->bg_reason);
	seal_wipe(f->key, sizeof f->key);
	f->key_loaded = 0;
	svc_shields_release(&f->shields);
}

/* Loads the subject with uid and the facts of today. */
int
svc_subject_load(struct service *svc, const struct actor *a, const char *uid,
		 struct store_subject *x)
{
	int rc = store_subject_get(svc->store, a->tenant, uid, x);

	/* SCOPE-1: asked for as another kind, it is not there. */
	if (rc == 0 && a->subject_kind[0] != '\0' &&
	    strcmp(a->subject_kind, x->kind) != 0) {
		store_subject_release(x);
		memset(x, 0, sizeof *x);
		rc = ZK_ENOTFOUND;
	}
	return rc;
}

int
svc_facts_load(struct service *svc, const struct actor *a,
	       const char *subject_uid, int64_t now, struct svc_facts *f)
{
	int k, rc;

	memset(f, 0, sizeof *f);
	rc = svc_subject_load(svc, a, subject_uid, &f->x);
	if (rc != 0)
		return rc;
	/* ERA-5: see svc_erased_cause() for what the caller says. */
	if (f->x.key_destroyed_at[0] != '\0')
		return ZK_ENOTFOUND;
	if ((k = vocab_kind(f->x.kind)) < 0)
		return ZK_ECORRUPT;
	f->kind = (enum zk_kind)k;
	/* RST-1: every decision on the facts asks whether it is restricted. */
	if ((rc = svc_restricted(svc, a->tenant, f->x.id, &f->restricted)) != 0)
		return rc;
	if ((rc = svc_relations(svc, a, f->x.id, now, &f->relations)) != 0)
		return rc;
	/* INZ-6, REP-6: a portal account's own conditions. */
	return a->portal ? svc_portal_facts(svc, a, f) : 0;
}

/* Decides with the facts as given; see service_int.h. */
void
svc_decide(const struct actor *a, const struct svc_tenant *t, enum zk_kind kind,
	   enum zk_category c, enum zk_action act, unsigned relations,
	   const char *author, const char *bg_reason, struct authz_decision *d)
{
	struct authz_request rq;

	if (a->system) {
		d->permit = true;
		d->reason = "system";
		d->rule = "LOG-1";
		d->break_glass = d->review = false;
		d->role = d->role_code = NULL;
		return;
	}
	svc_authz_request(a, &rq);
	rq.kind = kind;
	rq.category = c;
	rq.action = act;
	rq.relations = relations;
	rq.entry_author = author;
	rq.break_glass_reason = bg_reason;
	authz_decide(t->profile, &rq, d);
}

/*
 * Decides with the facts; only when that is a refusal that breaking the
 * glass could change is the actor's emergency grant looked up (ACC-6).
 */
void
svc_facts_decide(struct service *svc, const struct actor *a,
		 const struct svc_tenant *t, struct svc_facts *f,
		 enum zk_category c, enum zk_action act, const char *author,
		 struct authz_decision *d)
{
	if (a->carry_subject != 0 && a->carry_subject == f->x.id &&
	    act < ZK_ACT_COUNT && (a->carry_acts & (1u << act))) {
		/* The granted request's decision is the authority. */
		memset(d, 0, sizeof *d);
		d->permit = true;
		d->reason = "request_granted";
		d->rule = a->carry_rule ? a->carry_rule : "RQ-5";
		return;
	}
	svc_decide(a, t, f->kind, c, act, f->relations, author, NULL, d);
	if (a->system || d->permit ||
	    !(t->profile->break_glass.roles & a->roles))
		goto restricted;
	if (!f->bg_loaded) {
		if (svc_break_glass_active(svc, a, &f->x, zk_now(),
					   f->bg_reason, sizeof f->bg_reason,
					   f->bg_uid) != 0)
			f->bg_reason[0] = '\0';
		f->bg_loaded = 1;
	}
	if (f->bg_reason[0] != '\0')
		svc_decide(a, t, f->kind, c, act, f->relations, author,
			   f->bg_reason, d);
restricted:
	/* RST-1: the door's one place where a restriction refuses. */
	if (f->restricted)
		svc_restriction_decide(a, c, act, d);
}

/* Fills the decision into ev, with the break-glass reference if used. */
void
svc_facts_event(const struct actor *a, struct audit_event *ev,
		const struct authz_decision *d, const struct svc_facts *f,
		char *checks, size_t n)
{
	if (a->system && a->carry_subject == 0 && !f->restricted)
		return;
	if (a->system && !f->restricted) {
		/* The system carrying out a granted request: say so. */
		ev->reason = d->reason;
		ev->rule = d->rule;
		return;
	}
	svc_event_decision(ev, d, f->relations, checks, n);
	ev->break_glass_ref = d->break_glass ? f->bg_uid : NULL;
	/* REP-6: a representative acting in the portal is named. */
	if (f->portal_by[0] != '\0')
		ev->on_behalf_of = f->portal_by;
	/* RST-1: the restriction as checked, with the exception relied on. */
	if (f->restricted) {
		size_t len = strlen(checks);

		snprintf(checks + len, n - len, ";restriction=%s",
			 a->exception[0] == '\0' ? "none"
			 : svc_restriction_exception_valid(a->exception)
			     ? a->exception
			     : "unknown");
	}
}

int
svc_subject_begin(struct service *svc, const struct actor *a, const char *uid,
		  const struct svc_on_subject *on, struct svc_tenant **t,
		  struct svc_facts *f, struct audit_event *ev,
		  struct authz_decision *d, char *checks, size_t n,
		  char **cause)
{
	int rc;

	if ((rc = svc_facts_begin(svc, a, on->event, on->action, uid, t, ev, f,
				  cause)) != 0)
		return rc;
	ev->category = vocab_category_name(on->cat);
	ev->object_type = on->object_type;
	ev->object_uid = on->object_uid;
	svc_facts_decide(svc, a, *t, f, on->cat, on->act, NULL, d);
	svc_facts_event(a, ev, d, f, checks, n);
	if (!d->permit) {
		svc_facts_release(f);
		return svc_refuse(svc, a, ev, d, cause);
	}
	return 0;
}

int
svc_subject_read_things(struct service *svc, const struct actor *a,
			const char *subject_uid, const struct svc_things *what,
			json_t **out, char **cause)
{
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200];
	json_t *arr;
	int rc;

	*out = NULL;
	if ((rc = svc_facts_begin(svc, a, what->event, 'R', subject_uid, &t,
				  &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = what->object_type;
	ev.category = vocab_category_name(what->cat);
	svc_facts_decide(svc, a, t, &f, what->cat, ZK_ACT_READ, NULL, &d);
	svc_facts_event(a, &ev, &d, &f, checks, sizeof checks);
	if (!d.permit) {
		svc_facts_release(&f);
		return svc_refuse(svc, a, &ev, &d, cause);
	}
	if ((arr = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = what->fill(svc, a, &f.x, arr, what->arg);
	svc_facts_release(&f);
	*out = arr;
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/* svc_subject_things() by way of svc_subject_read_things(). */
struct svc_things_by_id {
	int (*fill)(struct service *, int64_t, int64_t, json_t *);
};

static int
svc_things_by_id(struct service *svc, const struct actor *a,
		 const struct store_subject *x, json_t *arr, void *arg)
{
	const struct svc_things_by_id *b = arg;

	return b->fill(svc, a->tenant, x->id, arr);
}

int
svc_subject_things(struct service *svc, const struct actor *a,
		   const char *subject_uid, const char *event,
		   const char *object_type,
		   int (*fill)(struct service *, int64_t, int64_t, json_t *),
		   json_t **out, char **cause)
{
	struct svc_things_by_id b = {fill};
	struct svc_things what = {event, object_type, ZK_CAT_IDENTITY,
				  svc_things_by_id, &b};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}

/* --- tenants, teams, checkpoints ----------------------------------------- */

/*
 * SCOPE-3: writes a new tenant, its profile (REG-1) and its first log
 * entry, tenant.create, which starts its own chain; with keys, also the
 * keys.check entry that init writes (SEC-1). One transaction: on any
 * failure nothing of the tenant remains.
 */
static int
svc_tenant_insert(struct service *svc, const char *slug, const char *name,
		  const struct profile *profile, int keys, int64_t *tenant,
		  char **cause)
{
	struct audit_event ev;
	struct actor a;
	char pub[ZK_DATE_LEN], eff[ZK_DATE_LEN], protocol[112];
	int rc;

	if (slug == NULL || slug[0] == '\0' || strlen(slug) > 63 ||
	    strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
		strlen(slug))
		return zk_fail(
		    cause, ZK_EINVAL,
		    "organisation slug \"%s\" must be 1-63 lowercase "
		    "letters, digits or dashes",
		    slug ? slug : "");
	if (name == NULL || name[0] == '\0' || strlen(name) > 159)
		return zk_fail(cause, ZK_EINVAL,
			       "the organisation needs a name of 1-159 bytes");
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_tenant_create(svc->store, slug, name, tenant);
	if (rc == ZK_EEXIST) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "tenant \"%s\" exists", slug);
	}
	zk_date_fmt(profile->published_on, pub);
	zk_date_fmt(profile->effective_on, eff);
	if (rc == 0)
		rc = store_profile_put(svc->store, *tenant, profile->id,
				       profile->version, pub, eff,
				       profile->text);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "cannot create tenant: %s",
			       zk_strerror(rc));
	}
	svc_actor_system(&a, *tenant, "init", "cli");
	snprintf(protocol, sizeof protocol, "%s@%s", profile->id,
		 profile->version);
	svc_event_init(&ev, &a, NULL, "tenant.create", 'C');
	ev.protocol = protocol;
	ev.object_type = "tenant";
	ev.object_uid = slug;
	if ((rc = svc_log_one(svc, &a, &ev, zk_now(), cause)) != 0)
		return rc;
	if (keys && (rc = svc_keys_append(svc, *tenant, protocol, cause)) != 0)
		return rc;
	return svc_log_finish(svc, cause);
}

int
svc_tenant_create(struct service *svc, const char *slug, const char *name,
		  const struct profile *profile, int64_t *tenant, char **cause)
{
	return svc_tenant_insert(svc, slug, name, profile, 0, tenant, cause);
}

int
svc_tenant_add(struct service *svc, const char *slug, const char *name,
	       const struct profile *profile, int64_t *tenant, char **cause)
{
	int rc = svc_tenant_insert(svc, slug, name, profile, 1, tenant, cause);

	/* LOG-3: the new chain's first head goes to the witness. */
	return rc != 0 ? rc : svc_checkpoint(svc, cause);
}

struct svc_tenant_rows {
	int n;
	struct store_tenant t[SVC_MAX_TENANTS];
};

static int
svc_tenant_row(void *arg, const struct store_tenant *t)
{
	struct svc_tenant_rows *r = arg;

	if (r->n == SVC_MAX_TENANTS)
		return ZK_ETOOBIG;
	r->t[r->n++] = *t;
	return 0;
}

int
svc_tenant_list(struct service *svc, json_t **out, char **cause)
{
	struct svc_tenant_rows *r = calloc(1, sizeof *r);
	const struct profile *p;
	char created[ZK_TIME_LEN];
	json_t *list = NULL, *o;
	int rc;

	*out = NULL;
	if (r == NULL || (list = json_array()) == NULL) {
		rc = zk_fail(cause, ZK_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = store_tenant_list(svc->store, svc_tenant_row, r)) != 0) {
		zk_fail(cause, rc, "cannot read tenants: %s", zk_strerror(rc));
		goto out;
	}
	/* Listed first, looked up after: no statement inside another. */
	for (int i = 0; i < r->n; i++) {
		if ((rc = svc_profile(svc, r->t[i].id, &p, cause)) != 0)
			goto out;
		if ((rc = store_tenant_created(svc->store, r->t[i].id,
					       created)) != 0) {
			zk_fail(cause, rc, "cannot read tenant %s: %s",
				r->t[i].slug, zk_strerror(rc));
			goto out;
		}
		o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "slug", r->t[i].slug,
			      "name", r->t[i].name, "profile", p->id, "version",
			      p->version, "created_at", created);
		if (o == NULL || json_array_append_new(list, o) != 0) {
			rc = zk_fail(cause, ZK_ENOMEM, "out of memory");
			goto out;
		}
	}
	*out = list;
	list = NULL;
out:
	json_decref(list);
	free(r);
	return rc;
}

struct svc_user_orgs {
	int n;
	int64_t first;
};

static int
svc_user_org(void *arg, int64_t tenant)
{
	struct svc_user_orgs *o = arg;

	if (o->n++ == 0)
		o->first = tenant;
	return 0;
}

int
svc_tenant_of_user(struct service *svc, const char *username, int64_t *tenant,
		   char **cause)
{
	struct svc_user_orgs o = {0, 0};
	int rc = store_user_tenants(svc->store, username, svc_user_org, &o);

	if (rc != 0)
		return zk_fail(cause, rc, "cannot read users: %s",
			       zk_strerror(rc));
	if (o.n == 0)
		return zk_fail(cause, ZK_ENOTFOUND, "no user \"%s\"", username);
	if (o.n > 1)
		return zk_fail(cause, ZK_ECONFLICT, SVC_NAME_THE_ORGANISATION);
	*tenant = o.first;
	return 0;
}

int
svc_profile_install(struct service *svc, int64_t tenant,
		    const struct profile *profile, char **cause)
{
	const struct profile *current;
	struct audit_event ev;
	struct actor a;
	char pub[ZK_DATE_LEN], eff[ZK_DATE_LEN], protocol[112];
	int rc;

	if ((rc = svc_profile(svc, tenant, &current, cause)) != 0)
		return rc;
	if (strcmp(current->id, profile->id) != 0)
		return zk_fail(cause, ZK_ECONFLICT,
			       "the organisation runs profile %s, not %s",
			       current->id, profile->id);
	/* REG-1: a change takes effect four weeks after it was made known. */
	if (profile->effective_on - profile->published_on < 28)
		return zk_fail(cause, ZK_EINVAL,
			       "version %s takes effect less than four weeks "
			       "after publication (REG-1)",
			       profile->version);
	zk_date_fmt(profile->published_on, pub);
	zk_date_fmt(profile->effective_on, eff);
	svc_actor_system(&a, tenant, "cli", "cli");
	snprintf(protocol, sizeof protocol, "%s@%s", profile->id,
		 profile->version);
	svc_event_init(&ev, &a, NULL, "profile.install", 'U');
	ev.protocol = protocol;
	ev.object_type = "profile";
	ev.object_uid = protocol;
	ev.rule = "REG-1";
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	/* Checked inside the transaction; a read error is no "not there". */
	rc = store_profile_exists(svc->store, tenant, profile->version);
	if (rc != ZK_ENOTFOUND) {
		store_rollback(svc->store);
		if (rc == 0)
			return zk_fail(cause, ZK_EEXIST,
				       "version %s is installed",
				       profile->version);
		return zk_fail(cause, rc, "cannot read the installed profiles");
	}
	rc = store_profile_put(svc->store, tenant, profile->id,
			       profile->version, pub, eff, profile->text);
	if (rc != 0)
		return svc_fail_act(svc, &a, &ev, rc, cause);
	return svc_log_commit(svc, &a, &ev, cause);
}

/* Administrators and the system manage the organisation (ACC-3). */
static int
svc_require_admin(struct service *svc, const struct actor *a,
		  struct svc_tenant **t, char **cause)
{
	int rc = svc_tenant(svc, a->tenant, t, cause);

	if (rc != 0)
		return rc;
	if (a->system)
		return 0;
	for (int r = 0; r < (*t)->profile->nroles; r++)
		if ((a->roles & (1u << r)) &&
		    (*t)->profile->roles[r].base == ZK_ROLE_ADMINISTRATOR)
			return 0;
	return ZK_EDENIED;
}

int
svc_admin_begin(struct service *svc, const struct actor *a,
		struct audit_event *ev, const char *event, char action,
		struct svc_tenant **t, char **cause)
{
	static const struct authz_decision deny = {
	    .reason = "administrator_only", .rule = "ACC-3"};
	int rc, allowed;

	allowed = svc_require_admin(svc, a, t, cause);
	if (allowed != 0 && allowed != ZK_EDENIED)
		return allowed;
	svc_event_init(ev, a, *t, event, action);
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if (allowed == ZK_EDENIED) {
		char checks[200];

		svc_event_decision(ev, &deny, 0, checks, sizeof checks);
		return svc_refuse(svc, a, ev, &deny, cause);
	}
	if (!a->system) {
		struct store_user me;

		/*
		 * The account may have been disabled since its session loaded
		 * it, by another administrator a moment ago: what the store
		 * says in this transaction decides. Writes are serialised, so
		 * two administrators who disable each other cannot both
		 * succeed.
		 */
		rc =
		    store_user_get_uid(svc->store, a->tenant, a->user_uid, &me);
		if (rc != 0 && rc != ZK_ENOTFOUND) {
			store_rollback(svc->store);
			return zk_fail(cause, rc, "cannot read users: %s",
				       zk_strerror(rc));
		}
		if (rc == ZK_ENOTFOUND || me.disabled) {
			static const struct authz_decision gone = {
			    .reason = "user_disabled", .rule = "SEC-3"};
			char checks[200];

			svc_event_decision(ev, &gone, 0, checks, sizeof checks);
			return svc_refuse(svc, a, ev, &gone, cause);
		}
		svc_event_role(ev, a, *t, 1u << ZK_ROLE_ADMINISTRATOR);
		ev->reason = "administrator";
		ev->rule = "ACC-3";
		ev->checks = "authz=permit;role=administrator";
	}
	return 0;
}

int
svc_location_create(struct service *svc, const struct actor *a,
		    const char *name, const char *address, int64_t *id,
		    char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	if ((rc = svc_admin_begin(svc, a, &ev, "location.create", 'C', &t,
				  cause)) != 0)
		return rc;
	ev.object_type = "location";
	ev.object_uid = name;
	rc = store_location_create(svc->store, a->tenant, name, address, id);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_team_create(struct service *svc, const struct actor *a, int64_t location,
		const char *name, int64_t *id, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	if ((rc = svc_admin_begin(svc, a, &ev, "team.create", 'C', &t,
				  cause)) != 0)
		return rc;
	ev.object_type = "team";
	ev.object_uid = name;
	rc = store_team_create(svc->store, a->tenant, location, name, id);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_checkpoint(struct service *svc, char **cause)
{
	return audit_checkpoint_all(svc->store, svc->keys, zk_now(), cause);
}

/* Ends an act with the refusal reason under rule (LOG-1). */
int
svc_facts_refuse(struct service *svc, const struct actor *a,
		 struct audit_event *ev, struct svc_facts *f,
		 const char *reason, const char *rule, char **cause)
{
	struct authz_decision d = {.reason = reason, .rule = rule};

	svc_facts_release(f);
	return svc_refuse(svc, a, ev, &d, cause);
}

/*
 * Starts an act on subject_uid: tenant, event, transaction and facts.
 * Every act on a subject starts here, svc_subject_begin() too.
 */
int
svc_facts_begin(struct service *svc, const struct actor *a, const char *event,
		char action, const char *subject_uid, struct svc_tenant **t,
		struct audit_event *ev, struct svc_facts *f, char **cause)
{
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	if (subject_uid == NULL || !zk_uuid_valid(subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	svc_event_init(ev, a, *t, event, action);
	ev->subject_uid = subject_uid;
	rc = action == 'R' ? svc_begin_read(svc) : svc_begin_write(svc);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if ((rc = svc_facts_load(svc, a, subject_uid, zk_now(), f)) != 0) {
		svc_facts_release(f);
		store_rollback(svc->store);
		svc_erased_cause(svc, a->tenant, subject_uid, cause);
		return zk_fail(cause, rc, "no subject %s", subject_uid);
	}
	return 0;
}

bool
svc_is_dpo(const struct actor *a, const struct svc_tenant *t)
{
	const struct profile *p = t->profile;

	for (int r = 0; r < p->nroles; r++)
		if ((a->roles & (1u << r)) && p->roles[r].base == ZK_ROLE_DPO)
			return true;
	return false;
}

bool
svc_is_responsible(const struct actor *a, const struct svc_facts *f)
{
	return !a->system &&
	       (f->relations & ZK_COND_OF_RELATION(ZK_REL_RESPONSIBLE));
}

int
svc_facts_who(struct service *svc, const struct actor *a,
	      const struct svc_tenant *t, struct audit_event *ev,
	      struct svc_facts *f, bool responsible, const char *refusal,
	      const char *rule, char **cause)
{
	if (a->system)
		ev->reason = "system";
	else if (responsible && svc_is_responsible(a, f))
		ev->reason = "responsible";
	else if (svc_event_role(ev, a, t, 1u << ZK_ROLE_DPO))
		ev->reason = "dpo";
	else
		return svc_facts_refuse(svc, a, ev, f, refusal, rule, cause);
	return 0;
}
