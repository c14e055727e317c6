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
#include <strings.h>

#include "service/service_int.h"

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

static int subjects_open_json(struct service *svc, int64_t tenant,
			      const struct store_subject *x, const char *object,
			      const char *what, const struct zk_buf *sealed,
			      json_t **out);

/* SEC-4: the subjects that may be the one being registered. */
struct subjects_dup {
	struct service *svc;
	const struct actor *a;
	struct svc_tenant *t;
	const char *self;
	const char *family, *given, *born;
	json_t *matches;
	struct audit_event ev;
	char checks[200];
	int64_t now;
};

/* Two names are the same when equal ignoring case (ASCII) and the
 * spaces around them; an absent one matches anything. */
static int
subjects_same_name(const char *x, const char *y)
{
	size_t nx, ny;

	if (x == NULL || y == NULL)
		return 1;
	x += strspn(x, " ");
	y += strspn(y, " ");
	for (nx = strlen(x); nx > 0 && x[nx - 1] == ' '; nx--)
		;
	for (ny = strlen(y); ny > 0 && y[ny - 1] == ' '; ny--)
		;
	return nx == ny && strncasecmp(x, y, nx) == 0;
}

static int
subjects_dup_one(void *arg, const struct store_subject *x)
{
	struct subjects_dup *u = arg;
	struct authz_decision d = {0};
	json_t *identity = NULL;
	const char *family, *born;
	unsigned rel = 0;
	int same, k, rc;

	if (strcmp(x->uid, u->self) == 0)
		return 0;
	/* A subject whose identity cannot be opened (its key destroyed, a
	 * damaged row) is no match: a warning must not stop a registration. */
	rc = subjects_open_json(u->svc, u->a->tenant, x, NULL, "identity",
				&x->identity, &identity);
	if (rc == ZK_ECRYPTO || rc == ZK_ECORRUPT)
		return 0;
	if (rc != 0)
		return rc;
	family = json_string_value(json_object_get(identity, "family_name"));
	born = json_string_value(json_object_get(identity, "birth_date"));
	same = family != NULL && born != NULL && strcmp(born, u->born) == 0 &&
	       subjects_same_name(family, u->family) &&
	       subjects_same_name(
		   json_string_value(json_object_get(identity, "given_names")),
		   u->given);
	json_decref(identity);
	if (!same)
		return 0;
	/* Named only to whom may read that subject's identity (ACC-1). */
	if ((k = vocab_kind(x->kind)) < 0)
		return ZK_ECORRUPT;
	if ((rc = svc_relations(u->svc, u->a, x->id, u->now, &rel)) != 0)
		return rc;
	svc_decide(u->a, u->t, (enum zk_kind)k, ZK_CAT_IDENTITY, ZK_ACT_READ,
		   rel, NULL, NULL, &d);
	if (!d.permit)
		return 0;
	if (json_array_append_new(u->matches, json_string(x->uid)) != 0)
		return ZK_ENOMEM;
	/* LOG-1: naming a subject shows that they are one here. */
	u->ev.subject_uid = x->uid;
	u->ev.object_uid = x->uid;
	if (!u->a->system) {
		svc_event_decision(&u->ev, &d, rel, u->checks,
				   sizeof u->checks);
		u->ev.reason = "possible_duplicate";
	}
	return svc_log_one(u->svc, u->a, &u->ev, u->now, NULL) != 0 ? ZK_EAUDIT
								    : 0;
}

/*
 * SEC-4: looks for subjects of kind with the same name and birth date
 * as identity, other than self; fills u->matches and logs each one.
 */
static int
subjects_duplicates(struct service *svc, const struct actor *a,
		    struct svc_tenant *t, const char *kind, const char *self,
		    json_t *identity, json_t *matches)
{
	struct subjects_dup u;

	memset(&u, 0, sizeof u);
	u.svc = svc;
	u.a = a;
	u.t = t;
	u.self = self;
	u.family = json_string_value(json_object_get(identity, "family_name"));
	u.given = json_string_value(json_object_get(identity, "given_names"));
	u.born = json_string_value(json_object_get(identity, "birth_date"));
	u.matches = matches;
	u.now = zk_now();
	if (u.family == NULL || u.born == NULL)
		return 0;
	svc_event_init(&u.ev, a, t, "subject.duplicate_check", 'R');
	u.ev.object_type = "subject";
	u.ev.category = "identity";
	if (a->system)
		u.ev.reason = "possible_duplicate";
	return store_subject_list(svc->store, a->tenant, kind, 0, 0,
				  subjects_dup_one, &u);
}

int
svc_subject_create(struct service *svc, const struct actor *a, const char *kind,
		   json_t *identity, const char *team, char uid[ZK_UUID_LEN],
		   struct svc_decision *dout, char **cause)
{
	return svc_subject_register(svc, a, kind, identity, team, uid, dout,
				    NULL, cause);
}

int
svc_subject_register(struct service *svc, const struct actor *a,
		     const char *kind, json_t *identity, const char *team,
		     char uid[ZK_UUID_LEN], struct svc_decision *dout,
		     json_t **warnings, char **cause)
{
	json_t *matches = NULL;
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
	if (warnings != NULL)
		*warnings = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((k = vocab_kind(kind)) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "unknown subject kind \"%s\" (SCOPE-1)",
			       kind ? kind : "");
	if ((rc = svc_validate_fields(t->profile, ZK_CAT_IDENTITY, identity,
				      svc_today(svc), cause)) != 0)
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
	svc_decide(a, t, (enum zk_kind)k, ZK_CAT_IDENTITY, ZK_ACT_CREATE, 0,
		   NULL, NULL, &d->authz);
	if (!a->system)
		svc_event_decision(&ev, &d->authz, 0, checks, sizeof checks);
	if (!d->authz.permit)
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	if (team != NULL && team[0] != '\0' &&
	    (rc = store_team_find(svc->store, a->tenant, team, &x.team_id)) !=
		0)
		return svc_refuse_input(svc, a, &ev, rc, ZK_EINVAL,
					"unknown_team", "ACC-5", cause,
					"no team \"%s\"", team);
	rc = seal_tenant_kek(svc->keys, a->tenant, kek);
	svc_seal_ad(ad, sizeof ad, a->tenant, x.uid, NULL, "key");
	if (rc == 0)
		rc = seal_key_new(kek, ad, key, x.wrapped_key);
	x.wrapped_len = SEAL_WRAPPED_BYTES;
	/* ERA-5: the key goes to the key store, before the row exists. */
	if (rc == 0)
		rc = keystore_put(svc->keys->dir, a->tenant, x.uid, 0,
				  x.wrapped_key, x.wrapped_len, NULL);
	svc_seal_ad(ad, sizeof ad, a->tenant, x.uid, NULL, "identity");
	if (rc == 0)
		rc = subjects_seal_json(key, ad, identity, &x.identity);
	seal_wipe(kek, sizeof kek);
	seal_wipe(key, sizeof key);
	if (rc == 0)
		rc = store_subject_create(svc->store, a->tenant, &x, NULL);
	if (rc == 0 && warnings != NULL && (matches = json_array()) == NULL)
		rc = ZK_ENOMEM;
	if (rc == 0 && warnings != NULL)
		rc = subjects_duplicates(svc, a, t, kind, x.uid, identity,
					 matches);
	if (rc == ZK_EAUDIT) {
		store_subject_release(&x);
		json_decref(matches);
		return zk_fail(cause, rc, "cannot log the duplicate check");
	}
	if (rc != 0) {
		store_subject_release(&x);
		json_decref(matches);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	rc = svc_log_commit(svc, a, &ev, cause);
	store_subject_release(&x);
	if (rc == 0 && uid != NULL)
		zk_strlcpy(uid, x.uid, ZK_UUID_LEN);
	if (rc == 0 && warnings != NULL) {
		*warnings = json_array();
		if (*warnings != NULL && json_array_size(matches) > 0)
			json_array_append_new(
			    *warnings,
			    json_pack("{s:s, s:s, s:s, s:O}", "code",
				      "possible_duplicate", "rule", "SEC-4",
				      "message",
				      "a subject with the same name and birth "
				      "date was registered before: check "
				      "that this is not the same person",
				      "matches", matches));
	}
	json_decref(matches);
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
svc_subject_identity(struct service *svc, int64_t tenant,
		     const struct store_subject *x, json_t **out)
{
	return subjects_open_json(svc, tenant, x, NULL, "identity",
				  &x->identity, out);
}

int
svc_subject_get(struct service *svc, const struct actor *a, const char *uid,
		const char *kind, json_t **out, struct svc_decision *dout,
		char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;
	struct svc_facts f;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	json_t *identity = NULL;
	int rc;

	*out = NULL;
	memset(d, 0, sizeof *d);
	memset(&f, 0, sizeof f);
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
	if ((rc = svc_facts_load(svc, a, uid, zk_now(), &f)) == 0 &&
	    kind != NULL && strcmp(f.x.kind, kind) != 0)
		rc = ZK_ENOTFOUND;
	if (rc != 0) {
		svc_facts_release(&f);
		store_rollback(svc->store);
		svc_erased_cause(svc, a->tenant, uid, cause);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no such %s"
						  : "cannot read subject %s",
			       rc == ZK_ENOTFOUND && kind ? kind : "subject");
	}
	svc_facts_decide(svc, a, t, &f, ZK_CAT_IDENTITY, ZK_ACT_READ, NULL,
			 &d->authz);
	svc_facts_event(a, &ev, &d->authz, &f, checks, sizeof checks);
	if (d->authz.break_glass)
		zk_strlcpy(d->break_glass_uid, f.bg_uid, ZK_UUID_LEN);
	if (!d->authz.permit) {
		svc_facts_release(&f);
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	}
	rc = subjects_open_json(svc, a->tenant, &f.x, NULL, "identity",
				&f.x.identity, &identity);
	/* ACC-6: read through broken glass, marked as in the list. */
	if (rc == 0 &&
	    (*out =
		 json_pack("{s:s, s:s, s:o, s:s, s:s, s:b}", "id", f.x.uid,
			   "kind", f.x.kind, "identity", identity, "created_at",
			   f.x.created_at, "updated_at", f.x.updated_at,
			   "break_glass", d->authz.break_glass)) == NULL)
		rc = ZK_ENOMEM;
	svc_facts_release(&f);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/*
 * ACC-5: who may give actor a care relation with a client, by the profile
 * (care_relations): the client's responsible professional, a team lead of
 * the client's team, or the office, for the professionals registered in
 * the client's team (checked once the account is known, *office_only).
 * rel holds the actor's relations with the client (and ZK_COND_TEAM).
 */
static void
subjects_relation_giver(const struct actor *a, const struct svc_tenant *t,
			unsigned rel, struct authz_decision *d,
			int *office_only)
{
	const struct profile_relations *pr = &t->profile->relations;
	uint32_t by = 0; /* the roles the relation is given in */

	memset(d, 0, sizeof *d);
	*office_only = 0;
	if (a->system) {
		d->permit = true;
		d->reason = "system";
		d->rule = "LOG-1";
		return;
	}
	d->rule = "ACC-5";
	if (!a->confidentiality) {
		d->reason = "no_confidentiality_duty";
		d->rule = "ACC-4";
	} else if (pr->by_responsible && (rel & ZK_COND_RESPONSIBLE)) {
		d->reason = "responsible_professional";
		by = pr->holders;
	} else if ((pr->team_leads & a->roles) && (rel & ZK_COND_TEAM)) {
		d->reason = "team_lead";
		by = pr->team_leads;
	} else if (pr->office & a->roles) {
		d->reason = "office_for_team";
		by = pr->office;
		*office_only = 1;
	} else {
		d->reason = "relation_management_not_allowed";
	}
	/* LOG-1: the role the relation was given in. */
	for (int r = 0; r < t->profile->nroles && !d->permit; r++) {
		if (a->roles & by & (1u << r)) {
			d->permit = true;
			d->role = t->profile->roles[r].id;
		}
	}
	if (!d->permit && by != 0)
		d->reason = "relation_management_not_allowed";
}

/* True when one of the user's roles may hold a care relation (ACC-2). */
static int
subjects_may_hold(const struct svc_tenant *t, const struct store_user *u)
{
	for (int i = 0; i < u->nroles; i++) {
		int r = profile_role_index(t->profile, u->roles[i]);

		if (r >= 0 && (t->profile->relations.holders & (1u << r)))
			return 1;
	}
	return 0;
}

/*
 * Care relations are given by those the profile names (ACC-5), only to
 * accounts whose roles can hold one (ACC-2); see subjects_relation_giver.
 */
int
svc_relation_add(struct service *svc, const struct actor *a,
		 const char *subject_uid, const char *username,
		 const char *relation, const char *valid_from,
		 const char *valid_until, char uid[ZK_UUID_LEN], char **cause)
{
	struct authz_decision d = {0};
	struct store_relation r;
	struct store_subject x;
	struct store_user u;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int32_t from, until;
	unsigned rel = 0;
	int k, rc, office_only;

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
	rc = svc_subject_load(svc, a, subject_uid, &x);
	store_subject_release(&x);
	if (rc == 0 && (k = vocab_kind(x.kind)) < 0)
		rc = ZK_ECORRUPT;
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "no such subject (%s)", subject_uid);
	}
	/* The subject exists: what is refused from here on is logged. */
	if (k != ZK_KIND_CLIENT)
		return svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					"not_a_client", "SCOPE-1", cause,
					"care relations exist only with "
					"clients (%s)",
					subject_uid);
	if ((rc = svc_relations(svc, a, x.id, zk_now(), &rel)) != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	/* Whether the actor may give this client's relations is decided
	 * before the user is looked up: who may not learns nothing of the
	 * organisation's accounts. */
	subjects_relation_giver(a, t, rel, &d, &office_only);
	if (!a->system)
		svc_event_decision(&ev, &d, rel, checks, sizeof checks);
	if (!d.permit)
		return svc_refuse(svc, a, &ev, &d, cause);
	rc = store_user_get(svc->store, a->tenant, username, &u);
	if (rc == 0 && u.disabled)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"user_disabled", "ACC-2", cause,
					"user is disabled");
	if (rc != 0)
		return svc_refuse_input(svc, a, &ev, rc, rc, "unknown_user",
					"ACC-2", cause, "no such user");
	/* ACC-2, ACC-3: only care professionals hold a relation, whoever
	 * gives it (the command line too). */
	if (!subjects_may_hold(t, &u)) {
		d.permit = false;
		d.reason = "role_cannot_hold_relation";
		d.rule = "ACC-2";
		if (!a->system)
			svc_event_decision(&ev, &d, rel, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &d, cause);
	}
	/* ACC-5: the office gives relations to the client's team only. */
	if (office_only && (x.team_id == 0 || u.team_id != x.team_id)) {
		d.permit = false;
		d.reason = "not_of_the_clients_team";
		svc_event_decision(&ev, &d, rel, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &d, cause);
	}
	/*
	 * Nobody gives a care relation to themselves, nor lengthens their
	 * own: access to health data is granted by someone else (ACC-2), or
	 * asked for by breaking the glass (ACC-6).
	 */
	if (!a->system && u.id == a->user_id) {
		d.permit = false;
		d.reason = "relation_for_oneself";
		d.rule = "ACC-2";
		svc_event_decision(&ev, &d, rel, checks, sizeof checks);
	}
	/* One relation of a kind at a time: a second one in force on any
	 * of the same days would add nothing but a second thing to end. */
	if (d.permit) {
		rc = store_relation_overlaps(
		    svc->store, a->tenant, u.id, x.id, relation, valid_from,
		    r.valid_until[0] ? r.valid_until : NULL);
		if (rc == ZK_ECONFLICT)
			return svc_refuse_input(
			    svc, a, &ev, rc, rc, "relation_exists", "ACC-2",
			    cause,
			    "%s already has this relation with the client on "
			    "some of those days; end it first",
			    username);
		if (rc != 0)
			return svc_fail_act(svc, a, &ev, rc, cause);
	}
	r.user_id = u.id;
	r.subject_id = x.id;
	if (!d.permit)
		return svc_refuse(svc, a, &ev, &d, cause);
	rc = store_relation_create(svc->store, a->tenant, &r, NULL);
	return svc_log_created(svc, a, &ev, rc, r.uid, uid, cause);
}

int
svc_relation_end(struct service *svc, const struct actor *a, const char *uid,
		 const char *valid_until, json_t **out, char **cause)
{
	struct authz_decision d = {0};
	struct store_relation r;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200], subject_uid[ZK_UUID_LEN] = "";
	int32_t until, from, old, today;
	unsigned rel = 0;
	int rc, office_only;

	if (out != NULL)
		*out = NULL;
	memset(&x, 0, sizeof x);
	memset(&r, 0, sizeof r);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a care relation id");
	if (valid_until == NULL || zk_date_parse(valid_until, &until) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "valid_until must be a date (YYYY-MM-DD)");
	svc_event_init(&ev, a, t, "relation.end", 'U');
	ev.object_type = "care_relation";
	ev.object_uid = uid;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_relation_get(svc->store, a->tenant, uid, &r, subject_uid);
	if (rc == 0)
		rc = svc_subject_load(svc, a, subject_uid, &x);
	store_subject_release(&x);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no such care relation"
						  : "cannot read the relation");
	}
	ev.subject_uid = subject_uid;
	if ((rc = svc_relations(svc, a, x.id, zk_now(), &rel)) != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	subjects_relation_giver(a, t, rel, &d, &office_only);
	/* Giving up one's own relation takes nobody else's say. */
	if (!a->system && !d.permit && r.user_id == a->user_id &&
	    a->confidentiality) {
		d.permit = true;
		d.reason = "own_relation";
		d.rule = "ACC-2";
		d.role = a->role;
		office_only = 0;
	}
	if (d.permit && office_only) {
		struct store_user u;

		rc = store_user_get(svc->store, a->tenant, r.username, &u);
		if (rc != 0)
			return svc_fail_act(svc, a, &ev, rc, cause);
		if (x.team_id == 0 || u.team_id != x.team_id) {
			d.permit = false;
			d.reason = "not_of_the_clients_team";
		}
	}
	if (!a->system)
		svc_event_decision(&ev, &d, rel, checks, sizeof checks);
	if (!d.permit)
		return svc_refuse(svc, a, &ev, &d, cause);
	today = svc_today(svc);
	if (zk_date_parse(r.valid_from, &from) != 0)
		return svc_fail_act(svc, a, &ev, ZK_ECORRUPT, cause);
	if (until < today - 1 || until < from)
		return svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					"end_in_the_past", "ACC-2", cause,
					"valid_until must be yesterday or "
					"later, and not before valid_from "
					"(%s): what was decided under the "
					"relation stays as it was",
					r.valid_from);
	if (r.valid_until[0] != '\0' &&
	    (zk_date_parse(r.valid_until, &old) != 0 || until > old))
		return svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					"relation_lengthened", "ACC-2", cause,
					"the relation already ends on %s; "
					"ending shortens it, a longer one "
					"is a new relation",
					r.valid_until);
	rc = store_relation_end(svc->store, a->tenant, r.id, valid_until);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	zk_strlcpy(r.valid_until, valid_until, sizeof r.valid_until);
	if (out != NULL &&
	    (*out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", r.uid,
			      "client", subject_uid, "username", r.username,
			      "relation", r.relation, "valid_from",
			      r.valid_from, "valid_until", r.valid_until)) ==
		NULL)
		return svc_fail_act(svc, a, &ev, ZK_ENOMEM, cause);
	rc = svc_log_commit(svc, a, &ev, cause);
	if (rc != 0 && out != NULL) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int
svc_break_glass(struct service *svc, const struct actor *a,
		const char *subject_uid, const char *reason,
		char uid[ZK_UUID_LEN], char expires[ZK_TIME_LEN],
		struct svc_decision *dout, char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;
	struct store_break_glass b;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
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
	rc = svc_subject_load(svc, a, subject_uid, &x);
	if (rc == 0 && (k = vocab_kind(x.kind)) < 0)
		rc = ZK_ECORRUPT;
	if (rc == 0)
		rc = svc_relations(svc, a, x.id, now, &rel);
	if (rc != 0) {
		store_subject_release(&x);
		store_rollback(svc->store);
		return zk_fail(cause, rc, "no subject %s", subject_uid);
	}
	svc_decide(a, t, (enum zk_kind)k, ZK_CAT_CARE, ZK_ACT_READ, rel, NULL,
		   reason, &d->authz);
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
		rc = svc_refuse(svc, a, &ev, &d->authz, cause);
		/* ACC-6: a reason too short says how long it must be. */
		if (rc == ZK_EDENIED && cause != NULL &&
		    strcmp(d->authz.reason, "break_glass_reason_missing") ==
			0) {
			free(*cause);
			*cause = NULL;
			rc = zk_fail(cause, ZK_EDENIED,
				     "refused: the reason for breaking the "
				     "glass must be at least %zu characters "
				     "(ACC-6)",
				     t->profile->break_glass.min_reason);
		}
		return rc;
	}
	ev.break_glass_ref = b.uid;
	b.user_id = a->user_id;
	b.subject_id = x.id;
	zk_time_fmt(now, b.granted_at);
	zk_time_fmt(now + (int64_t)t->profile->break_glass.hours * 3600,
		    b.expires_at);
	zk_buf_init(&b.reason, 0);
	rc = svc_seal_text(svc, a->tenant, &x, b.uid, "break_glass", reason,
			   &b.reason);
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

/* --- listing, searching and correcting subjects -------------------------- */

struct subjects_list {
	struct service *svc;
	const struct actor *a;
	struct svc_tenant *t;
	const char *query; /* lower-case, or NULL */
	int limit;
	json_t *arr;
	struct subjects_shown {
		char uid[ZK_UUID_LEN];
		struct authz_decision d; /* why it may be shown */
		unsigned rel;
		char grant[ZK_UUID_LEN]; /* the break-the-glass grant, or "" */
	} shown[200];
	int nshown;
	int more;
};

/* Case-insensitive substring match on the name fields (ASCII folding). */
static int
subjects_match(json_t *identity, const char *query)
{
	static const char *const fields[] = {"family_name", "given_names"};

	if (query == NULL)
		return 1;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(fields); i++) {
		const char *v =
		    json_string_value(json_object_get(identity, fields[i]));
		size_t qn = strlen(query);

		for (; v != NULL && *v != '\0'; v++)
			if (strncasecmp(v, query, qn) == 0)
				return 1;
	}
	return 0;
}

static int
subjects_list_one(void *arg, const struct store_subject *x)
{
	struct subjects_list *l = arg;
	struct subjects_shown *sh;
	struct authz_decision d = {0};
	json_t *identity = NULL, *o;
	char bg[1024], bg_uid[ZK_UUID_LEN] = "";
	unsigned rel = 0;
	int k = vocab_kind(x->kind), rc;

	if (l->nshown >= l->limit) {
		l->more = 1;
		return 1; /* stop: the page is full */
	}
	if (k < 0)
		return ZK_ECORRUPT;
	if ((rc = svc_relations(l->svc, l->a, x->id, zk_now(), &rel)) != 0)
		return rc;
	bg[0] = '\0';
	if (svc_break_glass_active(l->svc, l->a, x, zk_now(), bg, sizeof bg,
				   bg_uid) != 0)
		bg[0] = '\0';
	svc_decide(l->a, l->t, (enum zk_kind)k, ZK_CAT_IDENTITY, ZK_ACT_READ,
		   rel, NULL, bg[0] ? bg : NULL, &d);
	seal_wipe(bg, sizeof bg);
	if (!d.permit)
		return 0; /* not the actor's to see: not listed */
	if ((rc = subjects_open_json(l->svc, l->a->tenant, x, NULL, "identity",
				     &x->identity, &identity)) != 0)
		return rc;
	if (!subjects_match(identity, l->query)) {
		json_decref(identity);
		return 0;
	}
	/* ACC-6: shown through broken glass, marked as in a single read. */
	o = json_pack("{s:s, s:s, s:o, s:b}", "id", x->uid, "kind", x->kind,
		      "identity", identity, "break_glass", d.break_glass);
	if (o == NULL || json_array_append_new(l->arr, o) != 0)
		return ZK_ENOMEM;
	sh = &l->shown[l->nshown++];
	zk_strlcpy(sh->uid, x->uid, ZK_UUID_LEN);
	sh->d = d;
	sh->rel = rel;
	zk_strlcpy(sh->grant, d.break_glass ? bg_uid : "", ZK_UUID_LEN);
	return 0;
}

int
svc_subject_list(struct service *svc, const struct actor *a, const char *kind,
		 const char *query, const char *after, int limit, json_t **out,
		 char next[ZK_UUID_LEN], char **cause)
{
	struct subjects_list *l;
	struct store_subject x;
	struct audit_event ev;
	char checks[200];
	int64_t after_id = 0, now = zk_now();
	int rc;

	*out = NULL;
	next[0] = '\0';
	if (limit < 1 || limit > 200)
		return zk_fail(cause, ZK_EINVAL, "limit must be 1 to 200");
	if (kind != NULL && vocab_kind(kind) < 0)
		return zk_fail(cause, ZK_EINVAL, "unknown subject kind");
	if (query != NULL &&
	    (strlen(query) > 100 || !zk_utf8_valid(query, strlen(query))))
		return zk_fail(cause, ZK_EINVAL,
			       "the search text must be UTF-8 of at most 100 "
			       "bytes");
	if (after != NULL && !zk_uuid_valid(after))
		return zk_fail(cause, ZK_EINVAL, "after must be a client id");
	l = calloc(1, sizeof *l);
	if (l == NULL)
		return ZK_ENOMEM;
	l->svc = svc;
	l->a = a;
	l->query = query != NULL && query[0] != '\0' ? query : NULL;
	l->limit = limit;
	if ((rc = svc_tenant(svc, a->tenant, &l->t, cause)) != 0)
		goto out;
	if ((rc = svc_begin_read(svc)) != 0) {
		zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
		goto out;
	}
	if (after != NULL) {
		memset(&x, 0, sizeof x);
		rc = store_subject_get(svc->store, a->tenant, after, &x);
		after_id = x.id;
		store_subject_release(&x);
		if (rc != 0) {
			store_rollback(svc->store);
			rc = zk_fail(cause, rc == ZK_ENOTFOUND ? ZK_EINVAL : rc,
				     "after: no such client");
			goto out;
		}
	}
	if ((l->arr = json_array()) == NULL) {
		store_rollback(svc->store);
		rc = ZK_ENOMEM;
		goto out;
	}
	rc = store_subject_list(svc->store, a->tenant, kind, after_id, 0,
				subjects_list_one, l);
	if (rc == 1)
		rc = 0;
	if (rc != 0) {
		store_rollback(svc->store);
		zk_fail(cause, rc, "cannot list: %s", zk_strerror(rc));
		goto out;
	}
	/* LOG-1: one entry per subject whose data was shown. */
	svc_event_init(&ev, a, l->t, "subject.list", 'R');
	ev.object_type = "subject";
	ev.category = "identity";
	for (int i = 0; rc == 0 && i < l->nshown; i++) {
		struct subjects_shown *sh = &l->shown[i];

		ev.subject_uid = sh->uid;
		ev.object_uid = sh->uid;
		ev.break_glass_ref = NULL;
		if (!a->system) {
			/* Shown through a break-the-glass grant: logged as
			 * such, for review (ACC-6, LOG-7). */
			svc_event_decision(&ev, &sh->d, sh->rel, checks,
					   sizeof checks);
			if (sh->d.break_glass)
				ev.break_glass_ref = sh->grant;
			else
				ev.reason = "list";
		}
		rc = svc_log_one(svc, a, &ev, now, cause);
	}
	if (rc == 0)
		rc = svc_log_finish(svc, cause);
	else
		store_rollback(svc->store);
	if (rc != 0)
		goto out;
	if (l->more && l->nshown > 0)
		zk_strlcpy(next, l->shown[l->nshown - 1].uid, ZK_UUID_LEN);
	*out = l->arr;
	l->arr = NULL;
out:
	json_decref(l->arr);
	free(l);
	return rc;
}

int
svc_subject_update(struct service *svc, const struct actor *a, const char *uid,
		   const char *kind_name, json_t *patch,
		   struct svc_decision *dout, char **cause)
{
	struct svc_decision dd, *d = dout ? dout : &dd;
	unsigned char key[SEAL_KEY_BYTES];
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	struct zk_buf sealed;
	char checks[200], ad[160], now[ZK_TIME_LEN];
	json_t *identity = NULL, *v;
	const char *k;
	unsigned rel = 0;
	int kind, rc;

	memset(d, 0, sizeof *d);
	memset(&x, 0, sizeof x);
	zk_buf_init(&sealed, 0);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	if (!json_is_object(patch) || json_object_size(patch) == 0)
		return zk_fail(cause, ZK_EINVAL,
			       "give the identity fields to change");
	svc_event_init(&ev, a, t, "subject.correct", 'U');
	ev.subject_uid = uid;
	ev.object_type = "subject";
	ev.object_uid = uid;
	ev.category = "identity";
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = svc_subject_load(svc, a, uid, &x);
	if (rc == 0 && kind_name != NULL && strcmp(x.kind, kind_name) != 0)
		rc = ZK_ENOTFOUND; /* SCOPE-1: neither decided nor logged */
	if (rc == 0 && (kind = vocab_kind(x.kind)) < 0)
		rc = ZK_ECORRUPT;
	if (rc == 0)
		rc = svc_relations(svc, a, x.id, zk_now(), &rel);
	if (rc != 0) {
		store_subject_release(&x);
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no such %s"
						  : "cannot read subject %s",
			       rc == ZK_ENOTFOUND && kind_name ? kind_name
							       : "subject");
	}
	svc_decide(a, t, (enum zk_kind)kind, ZK_CAT_IDENTITY, ZK_ACT_CORRECT,
		   rel, NULL, NULL, &d->authz);
	if (!a->system)
		svc_event_decision(&ev, &d->authz, rel, checks, sizeof checks);
	if (!d->authz.permit) {
		store_subject_release(&x);
		return svc_refuse(svc, a, &ev, &d->authz, cause);
	}
	rc = subjects_open_json(svc, a->tenant, &x, NULL, "identity",
				&x.identity, &identity);
	if (rc == 0) {
		/*
		 * PUR-4: every field named must be declared, also one set to
		 * null; the result must be valid as a whole. A refusal here
		 * is logged like any other (LOG-1, ACC-7).
		 */
		/* A null removes a field; anything else sets it. */
		json_object_foreach(patch, k, v)
		{
			if (profile_field(t->profile, ZK_CAT_IDENTITY, k) ==
			    NULL) {
				rc = zk_fail(cause, ZK_EINVAL,
					     "field \"%.64s\" is not declared "
					     "for category \"identity\" "
					     "(PUR-4)",
					     k);
				break;
			}
			if (json_is_null(v))
				json_object_del(identity, k);
			else
				json_object_set(identity, k, v);
		}
		if (rc == 0)
			rc = svc_validate_fields(t->profile, ZK_CAT_IDENTITY,
						 identity, svc_today(svc),
						 cause);
		if (rc != 0) {
			static const struct authz_decision undeclared = {
			    .reason = "undeclared_or_invalid_field",
			    .rule = "PUR-4"};

			json_decref(identity);
			store_subject_release(&x);
			d->authz = undeclared;
			if (!a->system)
				svc_event_decision(&ev, &d->authz, rel, checks,
						   sizeof checks);
			else
				ev.outcome = "refused";
			if (svc_log_commit(svc, a, &ev, NULL) != 0)
				return ZK_EAUDIT;
			return rc;
		}
	}
	if (rc == 0 && (rc = svc_subject_key(svc, a->tenant, &x, key)) == 0) {
		svc_seal_ad(ad, sizeof ad, a->tenant, x.uid, NULL, "identity");
		rc = subjects_seal_json(key, ad, identity, &sealed);
		seal_wipe(key, sizeof key);
	}
	json_decref(identity);
	zk_time_fmt(zk_now(), now);
	if (rc == 0)
		rc = store_subject_set_identity(svc->store, a->tenant, x.id,
						&sealed, now, a->user_uid);
	store_subject_release(&x);
	zk_buf_release(&sealed);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

static int
subjects_relation_json(void *arg, const struct store_relation *r)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s?}", "id", r->uid,
			      "username", r->username, "relation", r->relation,
			      "valid_from", r->valid_from, "valid_until",
			      r->valid_until[0] ? r->valid_until : NULL);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
subjects_relations_fill(struct service *svc, int64_t tenant, int64_t subject,
			json_t *arr)
{
	return store_relation_list(svc->store, tenant, subject,
				   subjects_relation_json, arr);
}

int
svc_relation_list(struct service *svc, const struct actor *a,
		  const char *subject_uid, json_t **out, char **cause)
{
	return svc_subject_things(svc, a, subject_uid, "relation.list",
				  "care_relation", subjects_relations_fill, out,
				  cause);
}
