/*
 * shield.c: shielding (SHD-1; M§10.1, W§11.1) and restriction of
 * processing (RST-1; W§12, GDPR art. 18).
 *
 * A shield hides one entry (with the entries it corrects and those that
 * correct it) or a whole category of one subject from everyone but the
 * professional with final responsibility for the subject today (a
 * "responsible" care relation), who alone lifts it. The entry stays
 * stored. The door asks svc_facts_hidden() on every path that reads or
 * finds entries; to anyone else a shielded entry is not there, and the
 * refusal is logged under SHD-1.
 *
 * A restriction leaves the subject's data only stored: svc_facts_decide()
 * refuses every other act on it (svc_restriction_decide()) unless the
 * actor carries one of the four exceptions of art. 18(2), which the act's
 * log entry then names (reason, rule RST-1). It is lifted only after the
 * subject was told (art. 18(3)); the notice's date and channel are kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/vocab.h"
#include "service/service_int.h"
#include "store/store_rq.h"
#include "store/store_shield.h"

/* RST-1, GDPR art. 18(2): what may still be done with restricted data. */
static const char *const shield_exceptions[] = {
    "consent", "legal_claim", "protection_of_another", "public_interest"};

/* GDPR art. 18(1) a to d: why processing is restricted. */
static const char *const shield_grounds[] = {
    "accuracy_contested", "unlawful", "legal_claim", "objection_pending"};

static const char *const shield_channels[] = {"paper", "email", "portal",
					      "in_person"};

static const char *
shield_in(const char *const *set, size_t n, const char *v)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		if (strcmp(set[i], v) == 0)
			return set[i];
	return NULL;
}

bool
svc_restriction_exception_valid(const char *name)
{
	return shield_in(shield_exceptions, ZK_ARRAY_SIZE(shield_exceptions),
			 name) != NULL;
}

int
svc_restricted(struct service *svc, int64_t tenant, int64_t subject,
	       bool *restricted)
{
	struct store_restriction r;
	int rc = store_restriction_active(svc->store, tenant, subject, &r);

	*restricted = rc == 0;
	return rc == ZK_ENOTFOUND ? 0 : rc;
}

void
svc_restriction_decide(const struct actor *a, enum zk_category c,
		       enum zk_action act, struct authz_decision *d)
{
	const char *e;

	if (!d->permit)
		return; /* refused already, for its own reason */
	/*
	 * The identity is how the subject is found, and its registers
	 * (requests, consents, objections, representatives) are where the
	 * subject exercises their rights, restriction included: reading and
	 * keeping them up to date is not stopped. Their export is.
	 */
	if (c == ZK_CAT_IDENTITY &&
	    (act == ZK_ACT_READ || act == ZK_ACT_CORRECT))
		return;
	if (a->exception[0] == '\0') {
		d->permit = false;
		d->reason = "restricted";
	} else if ((e = shield_in(shield_exceptions,
				  ZK_ARRAY_SIZE(shield_exceptions),
				  a->exception)) != NULL) {
		d->reason = e; /* the log entry records the exception */
	} else {
		d->permit = false;
		d->reason = "unknown_exception";
	}
	d->rule = "RST-1";
}

/* --- what is hidden from whom (SHD-1) ------------------------------------ */

static int
shield_collect(void *arg, int64_t entry, const char *category)
{
	struct svc_shields *sh = arg;
	int c;

	if (category != NULL) {
		if ((c = vocab_category(category)) >= 0)
			sh->cats |= 1u << c;
		return 0;
	}
	return svc_shields_add(sh, entry);
}

int
svc_shields_add(struct svc_shields *sh, int64_t entry)
{
	if (sh->n == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 8;
		int64_t *p = realloc(sh->entries, cap * sizeof *p);

		if (p == NULL)
			return ZK_ENOMEM;
		sh->entries = p;
		sh->cap = cap;
	}
	sh->entries[sh->n++] = entry;
	return 0;
}

int
svc_shields_load(struct service *svc, const struct actor *a, int64_t subject,
		 unsigned relations, struct svc_shields *sh)
{
	int rc;

	svc_shields_release(sh);
	sh->loaded = 1;
	/* The system is nobody's responsible professional: it sees no more. */
	if (!a->system &&
	    (relations & ZK_COND_OF_RELATION(ZK_REL_RESPONSIBLE))) {
		sh->responsible = 1;
		return 0;
	}
	rc = store_shield_hidden(svc->store, a->tenant, subject, shield_collect,
				 sh);
	/* INZ-2: what a decision withheld stays out of the portal. */
	if (rc == 0 && a->portal)
		rc = svc_portal_withheld(svc, a, subject, sh);
	return rc;
}

bool
svc_shields_hide(const struct svc_shields *sh, const struct store_entry *e)
{
	int c;

	if (sh->responsible)
		return false;
	if ((c = vocab_category(e->category)) >= 0 && (sh->cats & (1u << c)))
		return true;
	for (size_t i = 0; i < sh->n; i++)
		if (sh->entries[i] == e->id)
			return true;
	return false;
}

size_t
svc_shields_count(const struct svc_shields *sh)
{
	size_t n = sh->n;

	if (sh->responsible)
		return 0;
	for (int c = 0; c < ZK_CAT_COUNT; c++)
		n += (sh->cats >> c) & 1u;
	return n;
}

void
svc_shields_release(struct svc_shields *sh)
{
	if (sh == NULL)
		return;
	free(sh->entries);
	memset(sh, 0, sizeof *sh);
}

int
svc_facts_hidden(struct service *svc, const struct actor *a,
		 struct svc_facts *f, const struct store_entry *e, bool *hidden)
{
	int rc;

	*hidden = false;
	if (!f->shields.loaded &&
	    (rc = svc_shields_load(svc, a, f->x.id, f->relations,
				   &f->shields)) != 0)
		return rc;
	*hidden = svc_shields_hide(&f->shields, e);
	return 0;
}

/* --- who may act ------------------------------------------------------- */

/*
 * Whether a handles the granted request uid of kind about f's subject:
 * its assignee, a DPO or the system (request carry-out). *rid is its row
 * id. ZK_ENOTFOUND when there is no such request of the subject,
 * ZK_ECONFLICT when it is not a granted one of kind, ZK_EDENIED when a
 * is not its handler.
 */
static int
shield_request(struct service *svc, const struct actor *a,
	       const struct svc_tenant *t, const struct svc_facts *f,
	       const char *uid, const char *kind, int64_t *rid,
	       const char **reason)
{
	struct store_rq r;
	int rc;

	store_rq_init(&r);
	rc = store_rq_get(svc->store, a->tenant, uid, &r);
	if (rc == 0 && r.subject_id != f->x.id)
		rc = ZK_ENOTFOUND;
	if (rc == 0 &&
	    (strcmp(r.kind, kind) != 0 || (strcmp(r.decision, "granted") != 0 &&
					   strcmp(r.decision, "partly") != 0)))
		rc = ZK_ECONFLICT;
	if (rc == 0) {
		*rid = r.id;
		if (a->system)
			*reason = "system";
		else if (r.assignee_id != 0 && r.assignee_id == a->user_id)
			*reason = "request_assignee";
		else if (svc_is_dpo(a, t))
			*reason = "dpo";
		else
			rc = ZK_EDENIED;
	}
	store_rq_release(&r);
	return rc;
}

/* --- shields -------------------------------------------------------------- */

struct shield_dup {
	const struct store_shield *want;
	int found;
};

static int
shield_dup_one(void *arg, const struct store_shield *h)
{
	struct shield_dup *d = arg;

	if (h->lifted_at[0] == '\0' &&
	    (d->want->entry_id != 0
		 ? h->entry_id == d->want->entry_id
		 : strcmp(h->category, d->want->category) == 0))
		d->found = 1;
	return 0;
}

int
svc_shield_add(struct service *svc, const struct actor *a,
	       const struct svc_shield_input *in, char uid[ZK_UUID_LEN],
	       char **cause)
{
	struct store_shield sh;
	struct store_entry e;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	struct shield_dup dup = {&sh, 0};
	const char *reason = "responsible";
	int c = -1, rc;

	memset(&sh, 0, sizeof sh);
	memset(&e, 0, sizeof e);
	if (in == NULL || (in->entry_uid == NULL) == (in->category == NULL))
		return zk_fail(cause, ZK_EINVAL,
			       "shield either an entry or a category (SHD-1)");
	if (in->entry_uid != NULL && !zk_uuid_valid(in->entry_uid))
		return zk_fail(cause, ZK_EINVAL, "not an entry id");
	if (in->category != NULL && (c = vocab_category(in->category)) < 0)
		return zk_fail(cause, ZK_EINVAL, "unknown category (CAT-1)");
	if (in->request_uid != NULL && !zk_uuid_valid(in->request_uid))
		return zk_fail(cause, ZK_EINVAL, "not a request id");
	zk_uuid_new(sh.uid);
	if ((rc = svc_facts_begin(svc, a, "shield.create", 'C', in->subject_uid,
				  &t, &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "shield";
	ev.object_uid = sh.uid;
	ev.rule = "SHD-1";
	if (c >= 0)
		ev.category = vocab_category_name((enum zk_category)c);
	if (in->entry_uid != NULL) {
		rc = store_entry_get(svc->store, a->tenant, in->entry_uid, &e);
		if (rc == 0 && e.subject_id != f.x.id)
			rc = ZK_ENOTFOUND;
		if (rc == 0 && (c = vocab_category(e.category)) >= 0)
			ev.category = vocab_category_name((enum zk_category)c);
		sh.entry_id = e.id;
		store_entry_release(&e);
		if (rc != 0) {
			svc_facts_release(&f);
			return svc_refuse_input(
			    svc, a, &ev, rc, rc, "no_entry", "SHD-1", cause,
			    "no entry %s of the subject", in->entry_uid);
		}
	}
	if (in->request_uid != NULL) {
		rc = shield_request(svc, a, t, &f, in->request_uid, "shielding",
				    &sh.request_id, &reason);
		if (rc == ZK_EDENIED)
			return svc_facts_refuse(svc, a, &ev, &f, "not_handler",
						"SHD-1", cause);
		if (rc != 0) {
			svc_facts_release(&f);
			return svc_refuse_input(
			    svc, a, &ev, rc, rc, "no_granted_request", "SHD-1",
			    cause,
			    "no granted shielding request %s of the subject",
			    in->request_uid);
		}
	} else if (!svc_is_responsible(a, &f)) {
		return svc_facts_refuse(svc, a, &ev, &f, "not_responsible",
					"SHD-1", cause);
	}
	if (reason != NULL && strcmp(reason, "dpo") == 0)
		svc_event_role(&ev, a, t, 1u << ZK_ROLE_DPO);
	ev.reason = reason;
	ev.checks = in->entry_uid != NULL ? "shield=entry" : "shield=category";
	sh.subject_id = f.x.id;
	if (in->category != NULL)
		zk_strlcpy(sh.category, in->category, sizeof sh.category);
	zk_strlcpy(sh.by_user, a->user_uid, sizeof sh.by_user);
	zk_time_fmt(zk_now(), sh.created_at);
	svc_facts_release(&f);
	rc = store_shield_list(svc->store, a->tenant, sh.subject_id,
			       shield_dup_one, &dup);
	if (rc == 0 && dup.found)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"shielded_already", "SHD-1", cause,
					"that is shielded already (SHD-1)");
	if (rc == 0)
		rc = store_shield_add(svc->store, a->tenant, &sh, NULL);
	return svc_log_created(svc, a, &ev, rc, sh.uid, uid, cause);
}

int
svc_shield_lift(struct service *svc, const struct actor *a,
		const char *shield_uid, char **cause)
{
	struct store_shield sh;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	int rc;

	memset(&f, 0, sizeof f);
	if (shield_uid == NULL || !zk_uuid_valid(shield_uid))
		return zk_fail(cause, ZK_EINVAL, "not a shield id");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_shield_get(svc->store, a->tenant, shield_uid, &sh);
	store_rollback(svc->store);
	if (rc != 0)
		return zk_fail(cause, rc, "no shield %s", shield_uid);
	if ((rc = svc_facts_begin(svc, a, "shield.lift", 'U', sh.subject_uid,
				  &t, &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "shield";
	ev.object_uid = shield_uid;
	ev.category = sh.category[0] != '\0' ? sh.category : NULL;
	/* SHD-1: the responsible professional alone decides on unshielding. */
	if (!svc_is_responsible(a, &f))
		return svc_facts_refuse(svc, a, &ev, &f, "not_responsible",
					"SHD-1", cause);
	svc_facts_release(&f);
	ev.reason = "responsible";
	ev.rule = "SHD-1";
	{
		char now[ZK_TIME_LEN];

		zk_time_fmt(zk_now(), now);
		rc = store_shield_lift(svc->store, a->tenant, sh.id,
				       a->user_uid, now);
	}
	if (rc == ZK_ENOTFOUND)
		return svc_refuse_input(
		    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT, "lifted_already",
		    "SHD-1", cause, "shield %s was lifted already", shield_uid);
	return svc_log_created(svc, a, &ev, rc, shield_uid, NULL, cause);
}

static int
shield_json(void *arg, const struct store_shield *h)
{
	json_t *arr = arg, *o;

	o = json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:s?, s:s, s:s?, s:s?}",
		      "id", h->uid, "subject", h->subject_uid, "entry",
		      h->entry_uid[0] ? h->entry_uid : NULL, "category",
		      h->category[0] ? h->category : NULL, "by", h->by_user,
		      "request", h->request_uid[0] ? h->request_uid : NULL,
		      "created_at", h->created_at, "lifted_at",
		      h->lifted_at[0] ? h->lifted_at : NULL, "lifted_by",
		      h->lifted_by[0] ? h->lifted_by : NULL);
	return o != NULL && json_array_append_new(arr, o) == 0 ? 0 : ZK_ENOMEM;
}

int
svc_shield_list(struct service *svc, const struct actor *a,
		const char *subject_uid, json_t **out, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	json_t *arr;
	int rc;

	*out = NULL;
	if ((rc = svc_facts_begin(svc, a, "shield.list", 'R', subject_uid, &t,
				  &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "shields";
	ev.rule = "SHD-1";
	if ((rc = svc_facts_who(svc, a, t, &ev, &f, true, "not_responsible",
				"SHD-1", cause)) != 0)
		return rc;
	if ((arr = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_shield_list(svc->store, a->tenant, f.x.id,
				       shield_json, arr);
	svc_facts_release(&f);
	if (rc == 0 && (*out = json_pack("{s:o}", "shields", arr)) == NULL)
		rc = ZK_ENOMEM;
	else if (rc != 0)
		json_decref(arr);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/* --- restrictions ----------------------------------------------------------
 */

int
svc_restriction_add(struct service *svc, const struct actor *a,
		    const char *subject_uid, const char *ground,
		    const char *request_uid, char uid[ZK_UUID_LEN],
		    char **cause)
{
	struct store_restriction r, cur;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	const char *reason = "dpo";
	int rc;

	memset(&r, 0, sizeof r);
	if (shield_in(shield_grounds, ZK_ARRAY_SIZE(shield_grounds), ground) ==
	    NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "ground must be accuracy_contested, unlawful, "
			       "legal_claim or objection_pending (RST-1)");
	if (request_uid != NULL && !zk_uuid_valid(request_uid))
		return zk_fail(cause, ZK_EINVAL, "not a request id");
	zk_uuid_new(r.uid);
	if ((rc = svc_facts_begin(svc, a, "restriction.create", 'C',
				  subject_uid, &t, &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "restriction";
	ev.object_uid = r.uid;
	ev.rule = "RST-1";
	if (request_uid != NULL) {
		rc = shield_request(svc, a, t, &f, request_uid, "restriction",
				    &r.request_id, &reason);
		if (rc == ZK_EDENIED)
			return svc_facts_refuse(svc, a, &ev, &f, "not_handler",
						"RST-1", cause);
		if (rc != 0) {
			svc_facts_release(&f);
			return svc_refuse_input(
			    svc, a, &ev, rc, rc, "no_granted_request", "RST-1",
			    cause,
			    "no granted restriction request %s of the subject",
			    request_uid);
		}
	} else if (a->system) {
		reason = "system";
	} else if (!svc_is_dpo(a, t)) {
		return svc_facts_refuse(svc, a, &ev, &f, "not_dpo_or_handler",
					"RST-1", cause);
	}
	if (strcmp(reason, "dpo") == 0)
		svc_event_role(&ev, a, t, 1u << ZK_ROLE_DPO);
	ev.reason = reason;
	r.subject_id = f.x.id;
	svc_facts_release(&f);
	zk_strlcpy(r.ground, ground, sizeof r.ground);
	zk_strlcpy(r.by_user, a->user_uid, sizeof r.by_user);
	zk_time_fmt(zk_now(), r.started_at);
	rc =
	    store_restriction_active(svc->store, a->tenant, r.subject_id, &cur);
	if (rc == 0)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"restricted_already", "RST-1", cause,
					"the subject is restricted already "
					"(%s)",
					cur.uid);
	if (rc == ZK_ENOTFOUND)
		rc = store_restriction_add(svc->store, a->tenant, &r, NULL);
	return svc_log_created(svc, a, &ev, rc, r.uid, uid, cause);
}

/*
 * Starts an act on restriction uid by its handlers: the assignee of its
 * request, a DPO or the system (also anyone with a care relation when
 * readers_too). On 0 the caller holds the transaction.
 */
static int
restriction_begin(struct service *svc, const struct actor *a, const char *uid,
		  const char *event, char action, bool readers_too,
		  struct store_restriction *r, struct svc_tenant **t,
		  struct audit_event *ev, struct svc_facts *f, char **cause)
{
	const char *reason = NULL;
	struct store_rq q;
	int rc;

	memset(f, 0, sizeof *f);
	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a restriction id");
	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_restriction_get(svc->store, a->tenant, uid, r);
	store_rollback(svc->store);
	if (rc != 0)
		return zk_fail(cause, rc, "no restriction %s", uid);
	if ((rc = svc_facts_begin(svc, a, event, action, r->subject_uid, t, ev,
				  f, cause)) != 0)
		return rc;
	ev->object_type = "restriction";
	ev->object_uid = uid;
	ev->rule = "RST-1";
	if (a->system) {
		reason = "system";
	} else if (svc_is_dpo(a, *t)) {
		reason = "dpo";
		svc_event_role(ev, a, *t, 1u << ZK_ROLE_DPO);
	} else if (r->request_uid[0] != '\0') {
		store_rq_init(&q);
		if (store_rq_get(svc->store, a->tenant, r->request_uid, &q) ==
			0 &&
		    q.assignee_id != 0 && q.assignee_id == a->user_id)
			reason = "request_assignee";
		store_rq_release(&q);
	}
	if (reason == NULL && readers_too && f->relations != 0)
		reason = "care_relation";
	if (reason == NULL)
		return svc_facts_refuse(svc, a, ev, f, "not_dpo_or_handler",
					"RST-1", cause);
	ev->reason = reason;
	return 0;
}

int
svc_restriction_notice(struct service *svc, const struct actor *a,
		       const char *restriction_uid, const char *channel,
		       char **cause)
{
	struct store_restriction r;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char now[ZK_TIME_LEN];
	int rc;

	if (shield_in(shield_channels, ZK_ARRAY_SIZE(shield_channels),
		      channel) == NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "channel must be paper, email, portal or "
			       "in_person");
	if ((rc = restriction_begin(svc, a, restriction_uid,
				    "restriction.notice", 'U', false, &r, &t,
				    &ev, &f, cause)) != 0)
		return rc;
	svc_facts_release(&f);
	ev.checks = "notice=recorded";
	zk_time_fmt(zk_now(), now);
	rc = store_restriction_notice(svc->store, a->tenant, r.id, channel,
				      a->user_uid, now);
	if (rc == ZK_ENOTFOUND)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"notice_recorded_or_lifted", "RST-1",
					cause,
					"the subject was told already, or the "
					"restriction was lifted");
	return svc_log_created(svc, a, &ev, rc, r.uid, NULL, cause);
}

int
svc_restriction_lift(struct service *svc, const struct actor *a,
		     const char *restriction_uid, char **cause)
{
	struct store_restriction r;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char now[ZK_TIME_LEN];
	int rc;

	if ((rc = restriction_begin(svc, a, restriction_uid, "restriction.lift",
				    'U', false, &r, &t, &ev, &f, cause)) != 0)
		return rc;
	svc_facts_release(&f);
	if (r.lifted_at[0] != '\0')
		return svc_refuse_input(
		    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT, "lifted_already",
		    "RST-1", cause, "restriction %s was lifted already", r.uid);
	/* GDPR art. 18(3): the subject is told before it is lifted. */
	if (r.notice_at[0] == '\0')
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"subject_not_told", "RST-1", cause,
					"the subject must be told before the "
					"restriction is lifted; record the "
					"notice first (RST-1, GDPR art. "
					"18(3))");
	zk_time_fmt(zk_now(), now);
	rc = store_restriction_lift(svc->store, a->tenant, r.id, a->user_uid,
				    now);
	return svc_log_created(svc, a, &ev, rc, r.uid, NULL, cause);
}

int
svc_restriction_get(struct service *svc, const struct actor *a,
		    const char *restriction_uid, json_t **out, char **cause)
{
	struct store_restriction r;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	int rc;

	*out = NULL;
	if ((rc = restriction_begin(svc, a, restriction_uid, "restriction.read",
				    'R', true, &r, &t, &ev, &f, cause)) != 0)
		return rc;
	svc_facts_release(&f);
	*out = json_pack(
	    "{s:s, s:s, s:s, s:s?, s:s, s:s, s:o, s:s?, s:s?, s:b, s:s}", "id",
	    r.uid, "subject", r.subject_uid, "ground", r.ground, "request",
	    r.request_uid[0] ? r.request_uid : NULL, "by", r.by_user,
	    "started_at", r.started_at, "notice",
	    r.notice_at[0]
		? json_pack("{s:s, s:s, s:s}", "at", r.notice_at, "channel",
			    r.notice_channel, "by", r.notice_by)
		: json_null(),
	    "lifted_at", r.lifted_at[0] ? r.lifted_at : NULL, "lifted_by",
	    r.lifted_by[0] ? r.lifted_by : NULL, "in_force",
	    r.lifted_at[0] == '\0', "rule", "RST-1");
	return svc_log_read(svc, a, &ev, *out ? 0 : ZK_ENOMEM, out, cause);
}

/* --- the note in a copy ----------------------------------------------------
 */

struct shield_note {
	json_t *who;
	char today[ZK_DATE_LEN];
};

static int
shield_note_one(void *arg, const struct store_relation *r)
{
	struct shield_note *n = arg;

	if (strcmp(r->relation, "responsible") != 0 ||
	    strcmp(r->valid_from, n->today) > 0 ||
	    (r->valid_until[0] != '\0' && strcmp(r->valid_until, n->today) < 0))
		return 0;
	return json_array_append_new(n->who, json_string(r->username)) == 0
		   ? 0
		   : ZK_ENOMEM;
}

json_t *
svc_shield_note(struct service *svc, int64_t tenant, int64_t subject,
		size_t hidden)
{
	struct shield_note n;

	if ((n.who = json_array()) == NULL)
		return NULL;
	zk_date_fmt(svc_today(svc), n.today);
	/* Who can show them is a help, not a condition: a failed look-up
	 * leaves the list empty. */
	(void)store_relation_list(svc->store, tenant, subject, shield_note_one,
				  &n);
	return json_pack("{s:I, s:o, s:s, s:s, s:s}", "entries",
			 (json_int_t)hidden, "shown_by", n.who, "rule", "SHD-1",
			 "nl",
			 "Een deel van het dossier is afgeschermd. Alleen de "
			 "eindverantwoordelijke zorgverlener kan het tonen.",
			 "en",
			 "Part of the record is shielded. Only the "
			 "professional with final responsibility can show it.");
}
