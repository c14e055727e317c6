/*
 * requests_deceased.c: next of kin after death (INZ-5, W§10.4, WGBO
 * 7:458a).
 *
 * Next of kin have no right of their own. Their request for access to or
 * a copy of a deceased's data is registered beside an ordinary request
 * (the deadline, history and letters are the same), with the relative's
 * name sealed with the deceased's key and their relation. It is decided
 * not by the request handler but by the treating professional, on one
 * recorded ground, and only what that ground needs is released: the
 * decision names the categories and entries, and the copy holds those and
 * nothing else (not the registers, not the log).
 *
 * The treating professional is the user with a responsible care relation
 * with the deceased in force on the day of death or today; when there is
 * none (the professional left, or there never was one), the request's
 * assignee, whom the DPO assigns with the ordinary act. A child's
 * objection to release after death (from 12) is an objection with the
 * purpose KIN_OBJECTION; it stops the parents' ground.
 *
 * Under a profile whose order acts for the deceased (M§7.4) a
 * representative's request goes through requests.c as before; under W
 * nobody acts in the deceased's name (policy/representation.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/representation.h"
#include "service/requests_deceased.h"
#include "service/requests_int.h"
#include "service/service_int.h"
#include "store/store_kin.h"

static const char *const kin_relations[] = {
    "spouse_partner", "child", "parent", "sibling",
    "other_relative", "heir",  NULL};
static const char *const kin_grounds[] = {
    "presumed_consent", "weighty_interest",	    "consented_in_life",
    "incident_notice",	"parent_of_child_under_16", NULL};

static bool
kin_in(const char *const *list, const char *s)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* The subject's birth and death days from their identity; -1: unknown. */
static int
kin_dates(struct service *svc, int64_t tenant, const struct store_subject *x,
	  int32_t *born, int32_t *died)
{
	json_t *id = NULL;
	const char *b, *d;
	int rc;

	*born = *died = -1;
	if ((rc = svc_subject_identity(svc, tenant, x, &id)) != 0)
		return rc;
	b = json_string_value(json_object_get(id, "birth_date"));
	d = json_string_value(json_object_get(id, "deceased_on"));
	if (b == NULL || zk_date_parse(b, born) != 0)
		*born = -1;
	if (d == NULL || zk_date_parse(d, died) != 0)
		*died = -1;
	json_decref(id);
	return 0;
}

int
svc_kin_request_add(struct service *svc, const struct actor *a,
		    const struct svc_kin_request *in, char uid[ZK_UUID_LEN],
		    char **cause)
{
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct svc_facts f;
	struct audit_event ev;
	struct store_rq r;
	struct store_kin k;
	char checks[200];
	int32_t received, born, died;
	int rc;

	if (in->kind == NULL ||
	    (strcmp(in->kind, "access") != 0 && strcmp(in->kind, "copy") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "a next of kin asks for access or a copy "
			       "(INZ-5)");
	if (!kin_in(kin_relations, in->relation))
		return zk_fail(cause, ZK_EINVAL,
			       "relation must be spouse_partner, child, "
			       "parent, sibling, other_relative or heir "
			       "(INZ-5)");
	if (in->name == NULL || in->name[0] == '\0' || strlen(in->name) > 200 ||
	    !zk_utf8_valid(in->name, strlen(in->name)))
		return zk_fail(cause, ZK_EINVAL,
			       "name the relative, at most 200 bytes");
	if (in->received == NULL || zk_date_parse(in->received, &received) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "received must be a date, YYYY-MM-DD");
	if (received > svc_today(svc))
		return zk_fail(cause, ZK_EINVAL,
			       "a request cannot be received in the future");
	for (int i = 0; i < 2; i++) {
		const char *c = i ? in->answer_channel : in->channel;

		if (c != NULL && strcmp(c, "paper") != 0 &&
		    strcmp(c, "email") != 0 && strcmp(c, "portal") != 0 &&
		    strcmp(c, "in_person") != 0)
			return zk_fail(cause, ZK_EINVAL,
				       "a channel is paper, email, portal or "
				       "in_person (RQ-1)");
	}
	store_rq_init(&r);
	store_kin_init(&k);
	zk_uuid_new(r.uid);
	if ((rc = svc_subject_begin(svc, a, in->subject,
				    &(struct svc_on_subject){
					"request.create", 'C', ZK_CAT_IDENTITY,
					ZK_ACT_READ, "request", r.uid},
				    &t, &f, &ev, &d, checks, sizeof checks,
				    cause)) != 0)
		goto out;
	ev.rule = "INZ-5";
	ev.on_behalf_of = "next_of_kin";
	rc = kin_dates(svc, a->tenant, &f.x, &born, &died);
	if (rc == 0 && (died < 0 || died > svc_today(svc))) {
		svc_facts_release(&f);
		rc = svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
				      "subject_alive", "INZ-5", cause,
				      "the subject has not died: a relative "
				      "asks through them or as their "
				      "representative (INZ-5, REP-1)");
		goto out;
	}
	r.subject_id = f.x.id;
	zk_strlcpy(r.kind, in->kind, sizeof r.kind);
	zk_strlcpy(r.received_on, in->received, sizeof r.received_on);
	zk_strlcpy(r.channel, in->channel ? in->channel : "paper",
		   sizeof r.channel);
	zk_strlcpy(r.answer_channel,
		   in->answer_channel ? in->answer_channel : r.channel,
		   sizeof r.answer_channel);
	if (strcmp(r.answer_channel, "in_person") == 0 && !in->answer_channel)
		zk_strlcpy(r.answer_channel, "paper", sizeof r.answer_channel);
	zk_strlcpy(r.basis, "INZ-5 next_of_kin", sizeof r.basis);
	zk_strlcpy(r.state, "received", sizeof r.state);
	zk_time_fmt(zk_now(), r.created_at);
	zk_strlcpy(k.relation, in->relation, sizeof k.relation);
	if (rc == 0)
		rc = svc_seal_text(svc, a->tenant, &f.x, r.uid, "kin_name",
				   in->name, &k.name);
	svc_facts_release(&f);
	if (rc == 0)
		rc = store_rq_create(svc->store, a->tenant, &r, &r.id);
	k.request_id = r.id;
	if (rc == 0)
		rc = store_kin_create(svc->store, a->tenant, &k);
	if (rc == 0)
		rc = store_rq_event_add(
		    svc->store, a->tenant, r.id, r.created_at,
		    a->system ? "system" : a->username, "received", "received");
	rc = svc_log_created(svc, a, &ev, rc, r.uid, uid, cause);
out:
	store_kin_release(&k);
	store_rq_release(&r);
	return rc;
}

/* Who is the treating professional of the deceased (INZ-5). */
struct kin_treating {
	int64_t user;
	int32_t died, today;
	bool any; /* some responsible relation covers either day */
	bool actor;
};

static bool
kin_covers(const struct store_relation *r, int32_t day)
{
	int32_t from, until;

	if (zk_date_parse(r->valid_from, &from) != 0 || from > day)
		return false;
	return r->valid_until[0] == '\0' ||
	       (zk_date_parse(r->valid_until, &until) == 0 && until >= day);
}

static int
kin_treating_one(void *arg, const struct store_relation *r)
{
	struct kin_treating *k = arg;

	if (strcmp(r->relation, "responsible") != 0)
		return 0;
	if (!kin_covers(r, k->died) && !kin_covers(r, k->today))
		return 0;
	k->any = true;
	k->actor |= r->user_id == k->user;
	return 0;
}

/* Checks categories and entries released; writes them as "a,b". */
static int
kin_scope(struct service *svc, int64_t tenant, int64_t subject,
	  const struct svc_kin_decision *in, struct store_kin *k, char **cause)
{
	struct zk_buf list;
	json_t *v;
	size_t i;
	int rc = 0;

	k->categories[0] = '\0';
	if (in->categories != NULL && !json_is_array(in->categories))
		return zk_fail(cause, ZK_EINVAL, "categories is a list");
	if (in->entries != NULL && !json_is_array(in->entries))
		return zk_fail(cause, ZK_EINVAL, "entries is a list of ids");
	json_array_foreach(in->categories, i, v)
	{
		const char *c = json_string_value(v);

		if (vocab_category(c) < 0 || strcmp(c, "work_note") == 0)
			return zk_fail(cause, ZK_EINVAL,
				       "unknown category \"%s\" (work notes "
				       "are never released, CAT-4)",
				       c ? c : "");
		size_t len = strlen(k->categories);

		if (len + strlen(c) + 2 > sizeof k->categories)
			return zk_fail(cause, ZK_EINVAL, "too many categories");
		snprintf(k->categories + len, sizeof k->categories - len,
			 "%s%s", len ? "," : "", c);
	}
	if (json_array_size(in->entries) > 1000)
		return zk_fail(cause, ZK_ETOOBIG, "at most 1000 entries");
	zk_buf_init(&list, 0);
	json_array_foreach(in->entries, i, v)
	{
		const char *e = json_string_value(v);
		struct store_entry x;

		if (e == NULL || !zk_uuid_valid(e)) {
			rc = zk_fail(cause, ZK_EINVAL, "not an entry id");
			break;
		}
		memset(&x, 0, sizeof x);
		zk_buf_init(&x.content, 0);
		rc = store_entry_get(svc->store, tenant, e, &x);
		if (rc == 0 && x.subject_id != subject)
			rc = ZK_ENOTFOUND;
		zk_buf_release(&x.content);
		if (rc != 0) {
			rc =
			    zk_fail(cause, rc, "no entry %s of the subject", e);
			break;
		}
		if ((rc = zk_buf_append(&list, list.len ? "," : "",
					list.len ? 1 : 0)) != 0 ||
		    (rc = zk_buf_append(&list, e, strlen(e))) != 0 ||
		    (rc = zk_buf_append(&list, "", 1)) != 0)
			break;
		list.len--;
	}
	if (rc == 0 && list.len > 0) {
		k->entries = strdup((const char *)list.data);
		if (k->entries == NULL)
			rc = ZK_ENOMEM;
	}
	zk_buf_release(&list);
	if (rc == 0 && k->categories[0] == '\0' && k->entries == NULL &&
	    strcmp(in->decision, "refused") != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "name what the ground releases: categories "
			       "or entries (INZ-5)");
	return rc;
}

int
svc_kin_decide(struct service *svc, const struct actor *a, const char *uid,
	       const struct svc_kin_decision *in, char **cause)
{
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct svc_facts f;
	struct audit_event ev;
	struct store_rq r;
	struct store_kin k, scope;
	struct kin_treating who;
	char checks[200], now[ZK_TIME_LEN], subject[ZK_UUID_LEN], obj[40];
	int32_t born, died;
	bool refused;
	int rc;

	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a request id");
	if (in->decision == NULL || (strcmp(in->decision, "granted") != 0 &&
				     strcmp(in->decision, "partly") != 0 &&
				     strcmp(in->decision, "refused") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "the decision is granted, partly or refused "
			       "(RQ-5)");
	refused = strcmp(in->decision, "refused") == 0;
	if (!refused && !kin_in(kin_grounds, in->ground))
		return zk_fail(cause, ZK_EINVAL,
			       "the ground is presumed_consent, "
			       "weighty_interest, consented_in_life, "
			       "incident_notice or parent_of_child_under_16 "
			       "(INZ-5)");
	if (strcmp(in->decision, "granted") != 0 &&
	    (in->reasons == NULL || in->reasons[0] == '\0'))
		return zk_fail(cause, ZK_EINVAL,
			       "a refusal, in whole or in part, gives its "
			       "reasons (RQ-5)");
	if (in->reasons != NULL &&
	    (strlen(in->reasons) > 4000 ||
	     !zk_utf8_valid(in->reasons, strlen(in->reasons))))
		return zk_fail(cause, ZK_EINVAL,
			       "the reasons are text of at most 4000 bytes");
	store_rq_init(&r);
	store_kin_init(&k);
	store_kin_init(&scope);
	/* The request names its subject: read it first. */
	if ((rc = svc_begin_read(svc)) != 0) {
		rc = zk_fail(cause, rc, "cannot start");
		goto out;
	}
	rc = store_rq_get(svc->store, a->tenant, uid, &r);
	if (rc == 0)
		rc = store_kin_get(svc->store, a->tenant, r.id, &k);
	store_rollback(svc->store);
	if (rc == ZK_ENOTFOUND) {
		rc = zk_fail(cause, rc, "no next of kin's request %s", uid);
		goto out;
	}
	if (rc != 0) {
		rc = zk_fail(cause, rc, "cannot read the request");
		goto out;
	}
	zk_strlcpy(subject, r.subject_uid, sizeof subject);
	snprintf(obj, sizeof obj, "%s", uid);
	if ((rc = svc_subject_begin(
		 svc, a, subject,
		 &(struct svc_on_subject){"request.kin_decide", 'U',
					  ZK_CAT_IDENTITY, ZK_ACT_READ,
					  "request", obj},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		goto out;
	ev.object_type = "request";
	ev.object_uid = obj;
	ev.on_behalf_of = "next_of_kin";
	rc = kin_dates(svc, a->tenant, &f.x, &born, &died);
	memset(&who, 0, sizeof who);
	who.user = a->system ? -1 : a->user_id;
	who.died = died;
	who.today = svc_today(svc);
	if (rc == 0)
		rc = store_relation_list(svc->store, a->tenant, f.x.id,
					 kin_treating_one, &who);
	if (rc != 0) {
		svc_facts_release(&f);
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	/* INZ-5: the treating professional decides; without one, the user
	 * the request was assigned to. */
	if (a->system || (who.any ? !who.actor : r.assignee_id != a->user_id)) {
		struct authz_decision no = {
		    .reason = who.any ? "not_treating_professional"
				      : "not_assigned_professional",
		    .rule = "INZ-5"};

		svc_facts_event(a, &ev, &no, &f, checks, sizeof checks);
		svc_facts_release(&f);
		rc = svc_refuse(svc, a, &ev, &no, cause);
		goto out;
	}
	if (strcmp(r.state, "received") != 0 &&
	    strcmp(r.state, "in_progress") != 0) {
		svc_facts_release(&f);
		rc = svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
				      "decided_before", "RQ-5", cause,
				      "the request was decided before, or "
				      "awaits the relative's identity");
		goto out;
	}
	ev.rule = "INZ-5";
	ev.reason = refused ? "refused" : in->ground;
	/* WGBO 7:458a(1)(e): the parents of a child who died before 16,
	 * unless the child objected from 12. */
	if (!refused && strcmp(in->ground, "parent_of_child_under_16") == 0) {
		char obj_uid[ZK_UUID_LEN];

		if (strcmp(k.relation, "parent") != 0 || born < 0 || died < 0 ||
		    rep_age(born, died) >= 16) {
			svc_facts_release(&f);
			rc = svc_refuse_input(
			    svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
			    "not_parent_of_child_under_16", "INZ-5", cause,
			    "this ground is for a parent of a child who died "
			    "before the age of 16 (INZ-5)");
			goto out;
		}
		rc = store_objection_active(svc->store, a->tenant, f.x.id,
					    KIN_OBJECTION, NULL, obj_uid);
		if (rc == 0) {
			struct authz_decision no = {.reason = "child_objected",
						    .rule = "INZ-5"};

			svc_facts_event(a, &ev, &no, &f, checks, sizeof checks);
			svc_facts_release(&f);
			rc = svc_refuse(svc, a, &ev, &no, cause);
			goto out;
		}
		if (rc != ZK_ENOTFOUND) {
			svc_facts_release(&f);
			rc = svc_fail_act(svc, a, &ev, rc, cause);
			goto out;
		}
	}
	rc = kin_scope(svc, a->tenant, f.x.id, in, &scope, cause);
	if (rc != 0) {
		svc_facts_release(&f);
		rc = svc_refuse_input(svc, a, &ev, rc, rc, "bad_scope", "INZ-5",
				      NULL, "%s",
				      cause && *cause ? *cause : "bad scope");
		goto out;
	}
	zk_time_fmt(zk_now(), now);
	zk_strlcpy(r.decision, in->decision, sizeof r.decision);
	zk_strlcpy(r.state, "decided", sizeof r.state);
	zk_strlcpy(r.decided_at, now, sizeof r.decided_at);
	r.reasons.len = 0;
	if (in->reasons != NULL && in->reasons[0] != '\0')
		rc = svc_seal_text(svc, a->tenant, &f.x, r.uid,
				   "request_reasons", in->reasons, &r.reasons);
	svc_facts_release(&f);
	scope.request_id = r.id;
	zk_strlcpy(scope.ground, refused ? "" : in->ground,
		   sizeof scope.ground);
	zk_strlcpy(scope.decided_by, a->user_uid, sizeof scope.decided_by);
	zk_strlcpy(scope.decided_at, now, sizeof scope.decided_at);
	if (rc == 0)
		rc = store_rq_update(svc->store, a->tenant, &r);
	if (rc == 0)
		rc = store_rq_event_add(svc->store, a->tenant, r.id, now,
					a->username, "decided", r.state);
	if (rc == 0)
		rc = store_kin_decide(svc->store, a->tenant, &scope);
	if (rc != 0) {
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	rc = svc_log_commit(svc, a, &ev, cause);
out:
	store_kin_release(&scope);
	store_kin_release(&k);
	store_rq_release(&r);
	return rc;
}

int
svc_kin_guard(struct service *svc, const struct actor *a,
	      struct audit_event *ev, const struct store_rq *r, char **cause)
{
	struct store_kin k;
	int rc;

	store_kin_init(&k);
	rc = store_kin_get(svc->store, a->tenant, r->id, &k);
	store_kin_release(&k);
	if (rc == ZK_ENOTFOUND)
		return 0;
	if (rc != 0)
		return svc_fail_act(svc, a, ev, rc, cause);
	return svc_refuse_input(svc, a, ev, ZK_ECONFLICT, ZK_ECONFLICT,
				"next_of_kin_request", "INZ-5", cause,
				"a next of kin's request is decided by the "
				"treating professional on a ground (INZ-5)");
}

/* Reads r's kin row and subject in a read transaction of their own. */
static int
kin_read(struct service *svc, int64_t tenant, const struct store_rq *r,
	 struct store_kin *k, char **name, int *direct)
{
	struct store_subject x;
	int rc;

	*name = NULL;
	*direct = 0;
	if (r->id == 0)
		return ZK_ENOTFOUND;
	if ((rc = svc_begin_read(svc)) != 0)
		return rc;
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	rc = store_kin_get(svc->store, tenant, r->id, k);
	if (rc == 0) {
		rc = store_subject_get(svc->store, tenant, r->subject_uid, &x);
		if (rc == 0)
			rc = svc_open_text(svc, tenant, &x, r->uid, "kin_name",
					   k->name.data, k->name.len, name);
	} else if (rc == ZK_ENOTFOUND && r->representative_id != 0) {
		rc = store_direct_get(svc->store, tenant, r->subject_id, NULL);
		*direct = rc == 0;
		rc = rc == 0 ? ZK_ENOTFOUND : rc;
	}
	store_subject_release(&x);
	store_rollback(svc->store);
	return rc;
}

int
svc_kin_addressee(struct service *svc, int64_t tenant, const struct store_rq *r,
		  const char *subject_name, json_t **to)
{
	struct store_kin k;
	json_t *n = NULL;
	char *name;
	int direct, rc;

	store_kin_init(&k);
	rc = kin_read(svc, tenant, r, &k, &name, &direct);
	if (rc == 0)
		n = json_pack("{s:s, s:n, s:s, s:s}", "kind", "next_of_kin",
			      "id", "name", name, "basis", k.relation);
	else if (rc == ZK_ENOTFOUND && direct)
		/* REP-5: the exception sends it to the subject. */
		n = json_pack("{s:s, s:n, s:s?, s:n, s:b}", "kind", "subject",
			      "id", "name", subject_name, "basis",
			      "good_controller_exception", 1);
	if (name != NULL) {
		seal_wipe(name, strlen(name));
		free(name);
	}
	store_kin_release(&k);
	if (rc != 0 && rc != ZK_ENOTFOUND)
		return rc;
	if (n == NULL && (rc == 0 || direct))
		return ZK_ENOMEM;
	if (n != NULL) {
		json_decref(*to);
		*to = n;
	}
	return 0;
}

/* True when s is one of the comma-separated items of list. */
static bool
kin_listed(const char *list, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	for (const char *p = list; s != NULL && p != NULL && *p != '\0';) {
		size_t m = strcspn(p, ",");

		if (m == n && strncmp(p, s, n) == 0)
			return true;
		p += m;
		if (*p == ',')
			p++;
	}
	return false;
}

int
svc_kin_limit(struct service *svc, int64_t tenant, const struct store_rq *r,
	      json_t *o)
{
	static const char *const none[] = {"consents",	 "representatives",
					   "objections", "information",
					   "log",	 NULL};
	struct store_kin k;
	json_t *cats, *to, *c, *e;
	size_t i, j;
	int rc;

	to = json_incref(json_object_get(o, "addressee"));
	if ((rc = svc_kin_addressee(svc, tenant, r, NULL, &to)) != 0) {
		json_decref(to);
		return rc;
	}
	json_object_set_new(o, "addressee", to);
	if (r->id == 0)
		return 0;
	store_kin_init(&k);
	if ((rc = svc_begin_read(svc)) != 0)
		return rc;
	rc = store_kin_get(svc->store, tenant, r->id, &k);
	store_rollback(svc->store);
	if (rc == ZK_ENOTFOUND) {
		store_kin_release(&k);
		return 0;
	}
	if (rc != 0) {
		store_kin_release(&k);
		return rc;
	}
	/* INZ-5: only what the ground needs. */
	cats = json_object_get(o, "categories");
	for (i = json_array_size(cats); i-- > 0;) {
		const char *cat;

		c = json_array_get(cats, i);
		cat = json_string_value(json_object_get(c, "category"));
		if (kin_listed(k.categories, cat))
			continue;
		e = json_object_get(c, "entries");
		for (j = json_array_size(e); j-- > 0;)
			if (!kin_listed(k.entries,
					json_string_value(json_object_get(
					    json_array_get(e, j), "id"))))
				json_array_remove(e, j);
		if (json_array_size(e) == 0)
			json_array_remove(cats, i);
	}
	for (i = 0; none[i] != NULL; i++)
		json_object_set_new(o, none[i], json_array());
	json_object_set_new(o, "released",
			    json_pack("{s:s, s:s, s:s?}", "ground", k.ground,
				      "categories", k.categories, "entries",
				      k.entries));
	store_kin_release(&k);
	return 0;
}

int
svc_kin_objection_check(struct service *svc, const struct actor *a,
			const struct store_subject *x, const char *by)
{
	int32_t born, died;
	int rc;

	if (by != NULL && strcmp(by, "subject") != 0)
		return ZK_EINVAL;
	if ((rc = kin_dates(svc, a->tenant, x, &born, &died)) != 0)
		return rc;
	if (born < 0 || rep_age(born, svc_today(svc)) < 12)
		return ZK_EINVAL;
	return 0;
}
