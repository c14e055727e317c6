/*
 * holds.c: legal holds (RET-3) and the end of a subject's relationship
 * (RET-2); who may is in holds.h. The retention decision itself is the
 * pure retention_decide() (src/policy/retention.c).
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/seal.h"
#include "policy/vocab.h"
#include "service/holds.h"
#include "service/service_int.h"
#include "store/store_retention.h"

int
svc_hold_add(struct service *svc, const struct actor *a,
	     const char *subject_uid, const char *category, const char *reason,
	     char uid[ZK_UUID_LEN], char **cause)
{
	struct store_hold h;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	int c = -1, rc;

	memset(&h, 0, sizeof h);
	if (reason == NULL || reason[0] == '\0')
		return zk_fail(cause, ZK_EINVAL,
			       "a hold needs its reason (RET-3)");
	if (strlen(reason) > SVC_HOLD_REASON_MAX)
		return zk_fail(cause, ZK_ETOOBIG,
			       "the reason is longer than %d bytes",
			       SVC_HOLD_REASON_MAX);
	if (category != NULL && (c = vocab_category(category)) < 0)
		return zk_fail(cause, ZK_EINVAL, "unknown category (CAT-1)");
	zk_uuid_new(h.uid);
	if ((rc = svc_facts_begin(svc, a, "hold.create", 'C', subject_uid, &t,
				  &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "hold";
	ev.object_uid = h.uid;
	ev.rule = "RET-3";
	if (c >= 0)
		ev.category = vocab_category_name((enum zk_category)c);
	if ((rc = svc_facts_who(svc, a, t, &ev, &f, true,
				"not_responsible_or_dpo", "RET-3", cause)) != 0)
		return rc;
	h.subject_id = f.x.id;
	if (c >= 0)
		zk_strlcpy(h.category, category, sizeof h.category);
	zk_strlcpy(h.set_by, a->user_uid, sizeof h.set_by);
	zk_time_fmt(zk_now(), h.since);
	zk_buf_init(&h.reason, 0);
	rc = svc_seal_text(svc, a->tenant, &f.x, h.uid, "hold_reason", reason,
			   &h.reason);
	svc_facts_release(&f);
	if (rc == 0)
		rc = store_hold_add(svc->store, a->tenant, &h, NULL);
	store_hold_release(&h);
	return svc_log_created(svc, a, &ev, rc, h.uid, uid, cause);
}

int
svc_hold_lift(struct service *svc, const struct actor *a, const char *hold_uid,
	      char **cause)
{
	struct store_hold h;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char now[ZK_TIME_LEN];
	int rc;

	if (hold_uid == NULL || !zk_uuid_valid(hold_uid))
		return zk_fail(cause, ZK_EINVAL, "not a hold id");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_hold_get(svc->store, a->tenant, hold_uid, &h);
	store_rollback(svc->store);
	if (rc != 0)
		return zk_fail(cause, rc, "no hold %s", hold_uid);
	store_hold_release(&h);
	if ((rc = svc_facts_begin(svc, a, "hold.lift", 'U', h.subject_uid, &t,
				  &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "hold";
	ev.object_uid = hold_uid;
	ev.rule = "RET-3";
	ev.category = h.category[0] != '\0' ? h.category : NULL;
	if ((rc = svc_facts_who(svc, a, t, &ev, &f, false, "not_dpo", "RET-3",
				cause)) != 0)
		return rc;
	svc_facts_release(&f);
	zk_time_fmt(zk_now(), now);
	rc = store_hold_lift(svc->store, a->tenant, h.id, a->user_uid, now);
	if (rc == ZK_ENOTFOUND)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"lifted_already", "RET-3", cause,
					"hold %s was lifted already", hold_uid);
	return svc_log_created(svc, a, &ev, rc, hold_uid, NULL, cause);
}

struct holds_fill {
	struct service *svc;
	const struct actor *a;
	const struct store_subject *x;
	json_t *arr;
};

static int
holds_json(void *arg, const struct store_hold *h)
{
	struct holds_fill *c = arg;
	char *reason = NULL;
	json_t *o;
	int rc;

	if ((rc = svc_open_text(c->svc, c->a->tenant, c->x, h->uid,
				"hold_reason", h->reason.data, h->reason.len,
				&reason)) != 0)
		return rc;
	o = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:s?, s:s?, s:b}", "id",
		      h->uid, "subject", h->subject_uid, "category",
		      h->category[0] ? h->category : NULL, "reason", reason,
		      "set_by", h->set_by, "since", h->since, "lifted_at",
		      h->lifted_at[0] ? h->lifted_at : NULL, "lifted_by",
		      h->lifted_by[0] ? h->lifted_by : NULL, "active",
		      h->lifted_at[0] == '\0');
	seal_wipe(reason, strlen(reason));
	free(reason);
	if (o == NULL || svc_name_set(c->svc, c->a->tenant, o, "set_by") != 0 ||
	    svc_name_set(c->svc, c->a->tenant, o, "lifted_by") != 0) {
		json_decref(o);
		return ZK_ENOMEM;
	}
	return json_array_append_new(c->arr, o) == 0 ? 0 : ZK_ENOMEM;
}

int
svc_hold_list(struct service *svc, const struct actor *a,
	      const char *subject_uid, json_t **out, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	struct holds_fill fill;
	struct store_retention_facts rf;
	int rc;

	*out = NULL;
	if ((rc = svc_facts_begin(svc, a, "hold.list", 'R', subject_uid, &t,
				  &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "holds";
	ev.rule = "RET-3";
	if ((rc = svc_facts_who(svc, a, t, &ev, &f, true,
				"not_responsible_or_dpo", "RET-3", cause)) != 0)
		return rc;
	fill.svc = svc;
	fill.a = a;
	fill.x = &f.x;
	if ((fill.arr = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_hold_list(svc->store, a->tenant, f.x.id, holds_json,
				     &fill);
	/* RET-2: the end of the relationship, set or derived, read back. */
	if (rc == 0) {
		char today[ZK_DATE_LEN];

		zk_date_fmt(svc_today(svc), today);
		memset(&rf, 0, sizeof rf);
		rc = store_retention_facts(svc->store, a->tenant, f.x.id, today,
					   &rf);
	}
	svc_facts_release(&f);
	if (rc == 0 &&
	    (*out = json_pack(
		 "{s:o, s:s?, s:s?}", "holds", fill.arr, "relationship_ended",
		 rf.relationship_ended_on[0] ? rf.relationship_ended_on : NULL,
		 "ended_on", rf.ended_on[0] ? rf.ended_on : NULL)) == NULL)
		rc = ZK_ENOMEM;
	else if (rc != 0)
		json_decref(fill.arr);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_retention_set_ended(struct service *svc, const struct actor *a,
			const char *subject_uid, const char *day, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char now[ZK_TIME_LEN], created[ZK_DATE_LEN];
	int32_t d;
	int rc;

	if (day != NULL && zk_date_parse(day, &d) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "relationship_ended must be a date "
			       "(YYYY-MM-DD) or null");
	if ((rc = svc_facts_begin(svc, a, "subject.relationship_ended", 'U',
				  subject_uid, &t, &ev, &f, cause)) != 0)
		return rc;
	ev.object_type = "subject";
	ev.object_uid = subject_uid;
	ev.rule = "RET-2";
	if ((rc = svc_facts_who(svc, a, t, &ev, &f, false, "not_dpo", "RET-2",
				cause)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	zk_strlcpy(created, f.x.created_at, sizeof created);
	rc = store_retention_set_ended(svc->store, a->tenant, f.x.id, day,
				       a->user_uid, now);
	if (rc == ZK_ENOTFOUND) /* a subject without its row: make it */
		rc = store_retention_touch(svc->store, a->tenant, f.x.id,
					   created) == 0
			 ? store_retention_set_ended(svc->store, a->tenant,
						     f.x.id, day, a->user_uid,
						     now)
			 : ZK_EIO;
	svc_facts_release(&f);
	return svc_log_created(svc, a, &ev, rc, subject_uid, NULL, cause);
}
