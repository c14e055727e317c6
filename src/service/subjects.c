/*
 * subjects.c: data subjects and their identity data, care relations, and
 * break-the-glass grants, each through the door (decide, act, log).
 *
 * A subject's identity is sealed with the subject's own key; the key is
 * stored wrapped by the tenant key (seal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service_int.h"

/* Decides action on category for a subject of kind, with today's facts. */
static void
subjects_decide(struct service *svc, const struct actor *a,
		const struct svc_tenant *t, enum zk_kind kind,
		enum zk_category cat, enum zk_action act, unsigned relations,
		const char *author, const char *bg_reason,
		struct authz_decision *d)
{
	struct authz_request rq;

	if (a->system) {
		d->permit = true;
		d->reason = "system";
		d->rule = "LOG-1";
		d->break_glass = false;
		d->review = false;
		return;
	}
	svc_authz_request(a, &rq);
	rq.kind = kind;
	rq.category = cat;
	rq.action = act;
	rq.relations = relations;
	rq.entry_author = author;
	rq.break_glass_reason = bg_reason;
	authz_decide(t->profile, &rq, d);
}

static int
subjects_seal_json(const unsigned char key[SEAL_KEY_BYTES], const char *ad,
		   json_t *obj, struct zk_buf *out)
{
	char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	int rc;

	if (text == NULL)
		return ZK_ENOMEM;
	rc = seal_encrypt(key, ad, text, strlen(text), out);
	seal_wipe(text, strlen(text));
	free(text);
	return rc;
}

int
svc_subject_create(struct service *svc, const struct actor *a, const char *kind,
		   json_t *identity, const char *team, char uid[ZK_UUID_LEN],
		   struct svc_decision *dout, char **cause)
{
	unsigned char kek[SEAL_KEY_BYTES], key[SEAL_KEY_BYTES];
	struct svc_decision dd, *d = dout ? dout : &dd;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	char ad[160], checks[160];
	int k, rc;

	memset(d, 0, sizeof *d);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((k = vocab_kind(kind)) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "unknown subject kind \"%s\" (SCOPE-1)",
			       kind ? kind : "");
	if ((rc = svc_validate_fields(t->profile, ZK_CAT_IDENTITY, identity,
				      cause)) != 0)
		return rc;

	zk_uuid_new(x.uid);
	zk_strlcpy(x.kind, kind, sizeof x.kind);
	zk_time_fmt(zk_now(), x.created_at);
	svc_event_init(&ev, a, t, "subject.create", 'C');
	ev.subject_uid = x.uid;
	ev.object_type = "subject";
	ev.object_uid = x.uid;
	ev.category = "identity";

	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	subjects_decide(svc, a, t, (enum zk_kind)k, ZK_CAT_IDENTITY,
			ZK_ACT_CREATE, 0, NULL, NULL, &d->authz);
	if (!a->system)
		svc_event_decision(&ev, &d->authz, 0, checks, sizeof checks);
	if (!d->authz.permit)
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	if (team != NULL && team[0] != '\0' &&
	    (rc = store_team_find(svc->store, a->tenant, team, &x.team_id)) !=
		0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc == ZK_ENOTFOUND ? ZK_EINVAL : rc,
			       "no team \"%s\"", team);
	}
	rc = seal_tenant_kek(svc->keys, a->tenant, kek);
	svc_seal_ad(ad, sizeof ad, a->tenant, x.uid, NULL, "key");
	if (rc == 0)
		rc = seal_key_new(kek, ad, key, x.wrapped_key);
	x.wrapped_len = SEAL_WRAPPED_BYTES;
	svc_seal_ad(ad, sizeof ad, a->tenant, x.uid, NULL, "identity");
	if (rc == 0)
		rc = subjects_seal_json(key, ad, identity, &x.identity);
	seal_wipe(kek, sizeof kek);
	seal_wipe(key, sizeof key);
	if (rc == 0)
		rc = store_subject_create(svc->store, a->tenant, &x, NULL);
	if (rc != 0) {
		store_subject_release(&x);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	rc = svc_log_commit(svc, a, &ev, cause);
	store_subject_release(&x);
	if (rc == 0 && uid != NULL)
		zk_strlcpy(uid, x.uid, ZK_UUID_LEN);
	return rc;
}

/* Opens a sealed JSON object of a subject. */
static int
subjects_open_json(struct service *svc, int64_t tenant,
		   const struct store_subject *x, const char *object,
		   const char *what, const struct zk_buf *sealed, json_t **out)
{
	unsigned char key[SEAL_KEY_BYTES];
	struct zk_buf plain;
	char ad[160];
	int rc;

	*out = NULL;
	zk_buf_init(&plain, 0);
	if ((rc = svc_subject_key(svc, tenant, x, key)) != 0)
		return rc;
	svc_seal_ad(ad, sizeof ad, tenant, x->uid, object, what);
	rc = seal_decrypt(key, ad, sealed->data, sealed->len, &plain);
	seal_wipe(key, sizeof key);
	if (rc == 0) {
		*out = json_loadb((const char *)plain.data, plain.len, 0, NULL);
		if (*out == NULL)
			rc = ZK_ECORRUPT;
	}
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
	return rc;
}

int
svc_subject_get(struct service *svc, const struct actor *a, const char *uid,
		json_t **out, struct svc_decision *dout, char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[160], bg[1024];
	unsigned rel = 0;
	json_t *identity = NULL;
	int64_t now = zk_now();
	int k, rc;

	*out = NULL;
	memset(d, 0, sizeof *d);
	memset(&x, 0, sizeof x);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	svc_event_init(&ev, a, t, "subject.read", 'R');
	ev.subject_uid = uid;
	ev.object_type = "subject";
	ev.object_uid = uid;
	ev.category = "identity";
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_subject_get(svc->store, a->tenant, uid, &x);
	if (rc == 0 && (k = vocab_kind(x.kind)) < 0)
		rc = ZK_ECORRUPT;
	if (rc == 0)
		rc = svc_relations(svc, a, x.id, now, &rel);
	if (rc != 0) {
		store_subject_release(&x);
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no subject %s"
						  : "cannot read "
						    "subject %s",
			       uid);
	}
	bg[0] = '\0';
	if (svc_break_glass_active(svc, a, &x, now, bg, sizeof bg,
				   d->break_glass_uid) == 0)
		ev.break_glass_ref = d->break_glass_uid;
	subjects_decide(svc, a, t, (enum zk_kind)k, ZK_CAT_IDENTITY,
			ZK_ACT_READ, rel, NULL, bg[0] ? bg : NULL, &d->authz);
	seal_wipe(bg, sizeof bg);
	if (!d->authz.break_glass)
		ev.break_glass_ref = NULL;
	if (!a->system)
		svc_event_decision(&ev, &d->authz, rel, checks, sizeof checks);
	if (!d->authz.permit) {
		store_subject_release(&x);
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	}
	rc = subjects_open_json(svc, a->tenant, &x, NULL, "identity",
				&x.identity, &identity);
	if (rc != 0) {
		store_subject_release(&x);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	*out = json_pack("{s:s, s:s, s:o, s:s, s:s}", "id", x.uid, "kind",
			 x.kind, "identity", identity, "created_at",
			 x.created_at, "updated_at", x.updated_at);
	store_subject_release(&x);
	if (*out == NULL)
		return svc_fail_act(svc, a, &ev, ZK_ENOMEM, cause);
	if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * Care relations are managed by those who may register a client (the
 * scheme's "create identity" without a relation), and by the client's
 * responsible professional for the team around the client (ACC-5).
 */
int
svc_relation_add(struct service *svc, const struct actor *a,
		 const char *subject_uid, const char *username,
		 const char *relation, const char *valid_from,
		 const char *valid_until, char uid[ZK_UUID_LEN], char **cause)
{
	struct authz_decision d;
	struct store_relation r;
	struct store_subject x;
	struct store_user u;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[160];
	int32_t from, until;
	unsigned rel = 0;
	int k, rc;

	memset(&x, 0, sizeof x);
	memset(&r, 0, sizeof r);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (vocab_relation(relation) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "relation must be responsible, co_treating or "
			       "substitute");
	if (valid_from == NULL || zk_date_parse(valid_from, &from) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "valid_from must be a date (YYYY-MM-DD)");
	if (valid_until != NULL && valid_until[0] != '\0' &&
	    (zk_date_parse(valid_until, &until) != 0 || until < from))
		return zk_fail(cause, ZK_EINVAL,
			       "valid_until must be a date on or after "
			       "valid_from");
	if (!zk_uuid_valid(subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	zk_uuid_new(r.uid);
	zk_strlcpy(r.relation, relation, sizeof r.relation);
	zk_strlcpy(r.valid_from, valid_from, sizeof r.valid_from);
	if (valid_until != NULL)
		zk_strlcpy(r.valid_until, valid_until, sizeof r.valid_until);
	svc_event_init(&ev, a, t, "relation.create", 'C');
	ev.subject_uid = subject_uid;
	ev.object_type = "care_relation";
	ev.object_uid = r.uid;

	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_subject_get(svc->store, a->tenant, subject_uid, &x);
	store_subject_release(&x);
	if (rc == 0 && (k = vocab_kind(x.kind)) < 0)
		rc = ZK_ECORRUPT;
	if (rc == 0 && k != ZK_KIND_CLIENT)
		rc = ZK_EINVAL;
	if (rc == 0)
		rc = store_user_get(svc->store, a->tenant, username, &u);
	if (rc == 0 && u.disabled)
		rc = ZK_ECONFLICT;
	if (rc == 0)
		rc = svc_relations(svc, a, x.id, zk_now(), &rel);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       rc == ZK_EINVAL ? "care relations exist only "
						 "with clients (%s)"
			       : rc == ZK_ECONFLICT
				   ? "user is disabled (%s)"
				   : "no such subject or user (%s)",
			       subject_uid);
	}
	r.user_id = u.id;
	r.subject_id = x.id;
	if (a->system) {
		d.permit = true;
	} else {
		/* Registering clients needs no relation: the scheme (ACC-1). */
		subjects_decide(svc, a, t, ZK_KIND_CLIENT, ZK_CAT_IDENTITY,
				ZK_ACT_CREATE, rel, NULL, NULL, &d);
		if (d.permit && (rel & ZK_COND_RESPONSIBLE)) {
			d.reason = "responsible_professional";
			d.rule = "ACC-5";
		} else if (d.permit && strcmp(d.rule, "ACC-1") != 0) {
			d.permit = false;
			d.reason = "relation_management_not_allowed";
			d.rule = "ACC-2";
		}
		svc_event_decision(&ev, &d, rel, checks, sizeof checks);
	}
	if (!d.permit)
		return svc_refuse(svc, a, &ev, &d, cause);
	if ((rc = store_relation_create(svc->store, a->tenant, &r, NULL)) != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	if ((rc = svc_log_commit(svc, a, &ev, cause)) == 0 && uid != NULL)
		zk_strlcpy(uid, r.uid, ZK_UUID_LEN);
	return rc;
}

int
svc_break_glass(struct service *svc, const struct actor *a,
		const char *subject_uid, const char *reason,
		char uid[ZK_UUID_LEN], char expires[ZK_TIME_LEN],
		struct svc_decision *dout, char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;
	unsigned char key[SEAL_KEY_BYTES];
	struct store_break_glass b;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[160], ad[160];
	int64_t now = zk_now();
	unsigned rel = 0;
	int k, rc;

	memset(d, 0, sizeof *d);
	memset(&x, 0, sizeof x);
	memset(&b, 0, sizeof b);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (a->system)
		return zk_fail(cause, ZK_EINVAL,
			       "only a person can break the glass");
	if (!zk_uuid_valid(subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	if (reason == NULL || strlen(reason) > 1000 ||
	    !zk_utf8_valid(reason, strlen(reason)))
		return zk_fail(cause, ZK_EINVAL,
			       "the reason must be UTF-8 text of at most "
			       "1000 bytes (ACC-6)");
	zk_uuid_new(b.uid);
	svc_event_init(&ev, a, t, "break_glass.grant", 'E');
	ev.subject_uid = subject_uid;
	ev.object_type = "break_glass";
	ev.object_uid = b.uid;
	ev.category = "care";
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_subject_get(svc->store, a->tenant, subject_uid, &x);
	if (rc == 0 && (k = vocab_kind(x.kind)) < 0)
		rc = ZK_ECORRUPT;
	if (rc == 0)
		rc = svc_relations(svc, a, x.id, now, &rel);
	if (rc != 0) {
		store_subject_release(&x);
		store_rollback(svc->store);
		return zk_fail(cause, rc, "no subject %s", subject_uid);
	}
	subjects_decide(svc, a, t, (enum zk_kind)k, ZK_CAT_CARE, ZK_ACT_READ,
			rel, NULL, reason, &d->authz);
	if (d->authz.permit && !d->authz.break_glass) {
		/* A care relation already gives access: nothing to break. */
		store_subject_release(&x);
		store_rollback(svc->store);
		return zk_fail(cause, ZK_ECONFLICT,
			       "you already have access through a care "
			       "relation (%s)",
			       d->authz.rule);
	}
	svc_event_decision(&ev, &d->authz, rel, checks, sizeof checks);
	if (!d->authz.permit) {
		store_subject_release(&x);
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	}
	ev.break_glass_ref = b.uid;
	b.user_id = a->user_id;
	b.subject_id = x.id;
	zk_time_fmt(now, b.granted_at);
	zk_time_fmt(now + (int64_t)t->profile->break_glass.hours * 3600,
		    b.expires_at);
	zk_buf_init(&b.reason, 0);
	if ((rc = svc_subject_key(svc, a->tenant, &x, key)) == 0) {
		svc_seal_ad(ad, sizeof ad, a->tenant, x.uid, b.uid,
			    "break_glass");
		rc = seal_encrypt(key, ad, reason, strlen(reason), &b.reason);
		seal_wipe(key, sizeof key);
	}
	store_subject_release(&x);
	if (rc == 0)
		rc = store_break_glass_create(svc->store, a->tenant, &b, NULL);
	zk_buf_release(&b.reason);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
		return rc;
	zk_strlcpy(d->break_glass_uid, b.uid, ZK_UUID_LEN);
	if (uid != NULL)
		zk_strlcpy(uid, b.uid, ZK_UUID_LEN);
	if (expires != NULL)
		zk_strlcpy(expires, b.expires_at, ZK_TIME_LEN);
	return 0;
}
