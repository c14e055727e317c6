/*
 * review.c: the DPO's review of emergency access (ACC-6, FG-2, LOG-7).
 *
 * Every break-the-glass grant waits in a queue until a reviewer (the
 * roles the profile names in break_glass.reviewed_by, the DPO) decides it:
 * justified, or not justified with the measure taken (M§17). The queue
 * shows who broke the glass, for which client, when, the written reason
 * (sealed with the client's key, opened here for the reviewer only) and
 * what was done under the grant, from the log. Every look at a reason is
 * a read of the client's data and logged as such; anyone else who asks is
 * refused, and that is logged too. A review is decided once.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/service_int.h"

/* The longest measure a reviewer records, in bytes. */
#define REVIEW_MAX_MEASURE 2000

/* The role of a's the review is done in; NULL when a is no reviewer. */
static const char *
review_role(const struct actor *a, const struct svc_tenant *t)
{
	const struct profile *p = t->profile;

	if (a->system)
		return NULL;
	for (int r = 0; r < p->nroles; r++)
		if ((a->roles & p->break_glass.reviewers & (1u << r)) &&
		    a->confidentiality)
			return p->roles[r].id;
	return NULL;
}

/*
 * Starts a reviewer's act: the tenant, the transaction (a write when
 * write), and ev in the reviewer's role; a refusal for anyone else is
 * logged and answered ZK_EDENIED (ACC-6, FG-2).
 */
static int
review_begin(struct service *svc, const struct actor *a, const char *event,
	     char action, int write, struct svc_tenant **t,
	     struct audit_event *ev, char *checks, size_t n, char **cause)
{
	struct authz_decision d = {0};
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	svc_event_init(ev, a, *t, event, action);
	ev->object_type = "break_glass";
	rc = write ? svc_begin_write(svc) : svc_begin_read(svc);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	d.rule = "FG-2";
	if ((d.role = review_role(a, *t)) == NULL) {
		d.reason = a->system ? "reviewer_is_a_person" : "reviewer_only";
		if (!a->system)
			svc_event_decision(ev, &d, 0, checks, n);
		return svc_refuse(svc, a, ev, &d, cause);
	}
	d.permit = true;
	d.reason = "dpo_review";
	svc_event_decision(ev, &d, 0, checks, n);
	svc_event_role(ev, a, *t, 1u << ZK_ROLE_DPO);
	ev->user_role = d.role;
	return 0;
}

struct review_reads {
	const char *grant;
	json_t *arr;
};

/* LOG-7: what was done under the grant, from the client's log. */
static int
review_read_one(void *arg, const struct store_audit_row *r)
{
	struct review_reads *rr = arg;
	json_t *o;

	if (r->break_glass_ref == NULL ||
	    strcmp(r->break_glass_ref, rr->grant) != 0 ||
	    strcmp(r->event, "break_glass.grant") == 0)
		return 0;
	o = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s?, s:s?}", "at", r->ts,
		      "event", r->event, "action", r->action, "outcome",
		      r->outcome, "category", r->category, "object_type",
		      r->object_type, "object_id", r->object_uid);
	if (o == NULL || json_array_append_new(rr->arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

/*
 * One emergency access as the reviewer sees it, with its reason and
 * measure opened. The caller logs the read of each (LOG-1).
 */
static int
review_json(struct service *svc, int64_t tenant, const struct svc_tenant *t,
	    const struct store_break_glass_review *r, json_t **out)
{
	struct review_reads rr = {r->b.uid, NULL};
	struct store_subject x;
	struct store_user u;
	char *reason = NULL, *measure = NULL, name[128] = "", rname[128] = "";
	int64_t granted = 0, created = 0;
	long long age = -1;
	int rc, flagged = 0;
	json_t *o = NULL;

	*out = NULL;
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = store_subject_get(svc->store, tenant, r->subject_uid, &x)) !=
	    0)
		goto out;
	/* A client whose key was destroyed (erasure) keeps no reason. */
	rc = svc_open_text(svc, tenant, &x, r->b.uid, "break_glass",
			   r->b.reason.data, r->b.reason.len, &reason);
	if (rc == ZK_ENOTFOUND && x.key_destroyed_at[0] != '\0')
		rc = 0;
	if (rc == 0 && r->measure.len > 0) {
		rc = svc_open_text(svc, tenant, &x, r->b.uid,
				   "break_glass_measure", r->measure.data,
				   r->measure.len, &measure);
		if (rc == ZK_ENOTFOUND && x.key_destroyed_at[0] != '\0')
			rc = 0;
	}
	if (rc != 0)
		goto out;
	/* LOG-7: an account younger than the profile's days is flagged. */
	if (zk_time_parse(r->b.granted_at, &granted) == 0 &&
	    zk_time_parse(r->user_created_at, &created) == 0) {
		age = (long long)((granted - created) / 86400);
		flagged = t->profile->break_glass.new_account_days > 0 &&
			  age < t->profile->break_glass.new_account_days;
	}
	if ((rr.arr = json_array()) == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	if ((rc = store_audit_subject(svc->store, tenant, r->subject_uid,
				      review_read_one, &rr)) != 0)
		goto out;
	/* The names a person reads: the account's and the reviewer's. */
	memset(&u, 0, sizeof u);
	if (store_user_get_uid(svc->store, tenant, r->user_uid, &u) == 0)
		zk_strlcpy(name, u.display_name, sizeof name);
	if (r->reviewed_by[0] != '\0' &&
	    store_user_get(svc->store, tenant, r->reviewed_by, &u) == 0)
		zk_strlcpy(rname, u.display_name, sizeof rname);
	sodium_memzero(&u, sizeof u);
	o = json_pack("{s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:s, s:s, s:s?, s:s, "
		      "s:b, s:I}",
		      "id", r->b.uid, "user", "id", r->user_uid, "username",
		      r->username, "display_name", name, "created_at",
		      r->user_created_at, "client", r->subject_uid,
		      "granted_at", r->b.granted_at, "expires_at",
		      r->b.expires_at, "reason", reason, "status",
		      r->verdict[0] ? r->verdict : "pending", "new_account",
		      flagged, "account_age_days", (json_int_t)age);
	if (o == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	if (json_object_set(o, "done_under_grant", rr.arr) != 0 ||
	    (r->reviewed_at[0] &&
	     (json_object_set_new(o, "reviewed_at",
				  json_string(r->reviewed_at)) != 0 ||
	      json_object_set_new(o, "reviewed_by",
				  json_string(r->reviewed_by)) != 0 ||
	      json_object_set_new(o, "reviewed_by_name", json_string(rname)) !=
		  0))) {
		rc = ZK_ENOMEM;
		goto out;
	}
	if (measure != NULL &&
	    json_object_set_new(o, "measure", json_string(measure)) != 0) {
		rc = ZK_ENOMEM;
		goto out;
	}
	*out = o;
	o = NULL;
out:
	if (reason != NULL)
		seal_wipe(reason, strlen(reason));
	if (measure != NULL)
		seal_wipe(measure, strlen(measure));
	free(reason);
	free(measure);
	json_decref(rr.arr);
	json_decref(o);
	store_subject_release(&x);
	return rc;
}

struct review_list {
	struct service *svc;
	const struct actor *a;
	struct svc_tenant *t;
	json_t *arr;
	int64_t now;
	char **cause;
};

static int
review_list_one(void *arg, const struct store_break_glass_review *r)
{
	struct review_list *l = arg;
	struct audit_event ev;
	char checks[200];
	json_t *o = NULL;
	int rc;

	if ((rc = review_json(l->svc, l->a->tenant, l->t, r, &o)) != 0)
		return rc;
	if (json_array_append_new(l->arr, o) != 0)
		return ZK_ENOMEM;
	/* LOG-1: each reason opened is a read of that client's data. */
	svc_event_init(&ev, l->a, l->t, "break_glass.review_read", 'R');
	ev.object_type = "break_glass";
	ev.object_uid = r->b.uid;
	ev.subject_uid = r->subject_uid;
	ev.break_glass_ref = r->b.uid;
	ev.category = "care";
	ev.reason = "dpo_review";
	ev.rule = "ACC-6";
	snprintf(checks, sizeof checks, "authz=permit;role=%s",
		 review_role(l->a, l->t));
	ev.checks = checks;
	ev.user_role = review_role(l->a, l->t);
	/* The list itself was not a write: a failed log ends it all. */
	return svc_log_one(l->svc, l->a, &ev, l->now, l->cause) != 0 ? ZK_EAUDIT
								     : 0;
}

int
svc_break_glass_queue(struct service *svc, const struct actor *a, int pending,
		      json_t **out, char **cause)
{
	struct review_list l = {svc, a, NULL, NULL, zk_now(), cause};
	struct audit_event ev;
	char checks[200];
	int rc;

	*out = NULL;
	if ((rc = review_begin(svc, a, "break_glass.list", 'R', 0, &l.t, &ev,
			       checks, sizeof checks, cause)) != 0)
		return rc;
	if ((l.arr = json_array()) == NULL) {
		store_rollback(svc->store);
		return ZK_ENOMEM;
	}
	rc = store_break_glass_list(svc->store, a->tenant, pending,
				    review_list_one, &l);
	if (rc == ZK_EAUDIT) {
		json_decref(l.arr);
		return rc; /* rolled back by svc_log_one */
	}
	*out = l.arr;
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_break_glass_show(struct service *svc, const struct actor *a,
		     const char *uid, json_t **out, char **cause)
{
	struct store_break_glass_review r;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int rc;

	*out = NULL;
	if (!zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not an emergency access id");
	if ((rc = review_begin(svc, a, "break_glass.review_read", 'R', 0, &t,
			       &ev, checks, sizeof checks, cause)) != 0)
		return rc;
	ev.object_uid = uid;
	if ((rc = store_break_glass_get(svc->store, a->tenant, uid, &r)) != 0) {
		store_break_glass_review_release(&r);
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND
				   ? "no such emergency access"
				   : "cannot read the emergency access");
	}
	ev.subject_uid = r.subject_uid;
	ev.break_glass_ref = uid;
	ev.category = "care";
	ev.rule = "ACC-6";
	rc = review_json(svc, a->tenant, t, &r, out);
	store_break_glass_review_release(&r);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_break_glass_review(struct service *svc, const struct actor *a,
		       const char *uid, const char *verdict,
		       const char *measure, char **cause)
{
	struct store_break_glass_review r;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	struct zk_buf sealed;
	char checks[200], now[ZK_TIME_LEN];
	int rc, justified;

	if (!zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not an emergency access id");
	if (verdict == NULL || (strcmp(verdict, "justified") != 0 &&
				strcmp(verdict, "not_justified") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "the decision must be justified or "
			       "not_justified (ACC-6)");
	justified = strcmp(verdict, "justified") == 0;
	if (measure != NULL && measure[0] == '\0')
		measure = NULL;
	if (!justified && measure == NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "an access that was not justified needs the "
			       "measure taken (M§17)");
	if (measure != NULL && (strlen(measure) > REVIEW_MAX_MEASURE ||
				!zk_utf8_valid(measure, strlen(measure)) ||
				zk_text_check(measure, true) != ZK_TEXT_OK))
		return zk_fail(cause, ZK_EINVAL,
			       "the measure must be UTF-8 text of at most %d "
			       "bytes, not blank, without control characters "
			       "or spaces at either end",
			       REVIEW_MAX_MEASURE);
	if ((rc = review_begin(svc, a, "break_glass.review", 'U', 1, &t, &ev,
			       checks, sizeof checks, cause)) != 0)
		return rc;
	ev.object_uid = uid;
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	zk_buf_init(&sealed, 0);
	if ((rc = store_break_glass_get(svc->store, a->tenant, uid, &r)) != 0) {
		store_break_glass_review_release(&r);
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND
				   ? "no such emergency access"
				   : "cannot read the emergency access");
	}
	ev.subject_uid = r.subject_uid;
	ev.break_glass_ref = uid;
	ev.category = "care";
	ev.reason = verdict;
	ev.rule = "ACC-6";
	/* FG-2: nobody reviews their own emergency access. */
	if (r.b.user_id == a->user_id) {
		static const struct authz_decision own = {
		    .reason = "own_access", .rule = "FG-2"};

		store_break_glass_review_release(&r);
		svc_event_decision(&ev, &own, 0, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &own, cause);
	}
	if (r.reviewed_at[0] != '\0') {
		char when[ZK_TIME_LEN], who[64];

		zk_strlcpy(when, r.reviewed_at, sizeof when);
		zk_strlcpy(who, r.reviewed_by, sizeof who);
		store_break_glass_review_release(&r);
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"already_reviewed", "ACC-6", cause,
					"already reviewed on %s by %s: a "
					"review is decided once",
					when, who);
	}
	rc = store_subject_get(svc->store, a->tenant, r.subject_uid, &x);
	if (rc == 0 && measure != NULL)
		rc = svc_seal_text(svc, a->tenant, &x, uid,
				   "break_glass_measure", measure, &sealed);
	zk_time_fmt(zk_now(), now);
	if (rc == 0)
		rc =
		    store_break_glass_decide(svc->store, a->tenant, r.b.id,
					     a->user_id, now, verdict, &sealed);
	store_subject_release(&x);
	zk_buf_release(&sealed);
	store_break_glass_review_release(&r);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}
