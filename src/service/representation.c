/*
 * representation.c: representation over time, through the door (REP-1 to
 * REP-6).
 *
 * A representation is registered in consent.c; here it is ended or
 * changed. Ending stamps the row, and from that moment the store's list
 * of current representatives, which every decision of who may act reads
 * (svc_may_act_for() and consent.c's acts), no longer has it: it stops
 * acting at once, while what it did before keeps its REP-6 record. A
 * change (kind, declining, absence, the curator's consent) is made in
 * place and logged, so the log tells what the order was on any day.
 *
 * A capacity assessment (REP-4) can be given a day on which it lapses;
 * after it, the assessment counts for nothing (policy/representation.c
 * then falls back to the general assessment or to the presumption of
 * capacity).
 *
 * REP-5: what is owed to the subject is owed to their representative,
 * unless that is incompatible with the care of a good controller. That
 * judgement is recorded per subject with its reason; from then on the
 * letters and copies of the subject's requests go to the subject.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/representation.h"
#include "service/representation.h"
#include "service/service_int.h"
#include "store/store_kin.h"

/* A representative by uid, read before the act on its subject. */
static int
representation_lookup(struct service *svc, const struct actor *a,
		      const char *uid, struct store_rep_row *r, char **cause)
{
	int rc;

	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a representative id");
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	rc = store_rep_get(svc->store, a->tenant, uid, r);
	store_rollback(svc->store);
	if (rc == ZK_ENOTFOUND)
		return zk_fail(cause, rc, "no representative %s", uid);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot read the representative");
	return 0;
}

/*
 * Begins an act on the subject of representative r, logged as event; ev
 * points into checks (n bytes), which must outlive it.
 */
static int
representation_begin(struct service *svc, const struct actor *a,
		     const struct store_rep_row *r, const char *uid,
		     const char *event, struct audit_event *ev, char *checks,
		     size_t n, char **cause)
{
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct svc_facts f;
	int rc;

	/* Like registering one: the register kept beside the identity. */
	if ((rc = svc_subject_begin(svc, a, r->subject_uid,
				    &(struct svc_on_subject){
					event, 'U', ZK_CAT_IDENTITY,
					ZK_ACT_CORRECT, "representative", uid},
				    &t, &f, ev, &d, checks, sizeof checks,
				    cause)) != 0)
		return rc;
	svc_facts_release(&f);
	ev->object_type = "representative";
	ev->object_uid = uid;
	return 0;
}

int
svc_representative_end(struct service *svc, const struct actor *a,
		       const char *uid, char **cause)
{
	struct store_rep_row r;
	struct audit_event ev;
	char now[ZK_TIME_LEN], checks[200];
	int rc;

	if ((rc = representation_lookup(svc, a, uid, &r, cause)) != 0)
		return rc;
	if ((rc = representation_begin(svc, a, &r, uid, "representative.end",
				       &ev, checks, sizeof checks, cause)) != 0)
		return rc;
	zk_time_fmt(zk_now(), now);
	rc = store_rep_end(svc->store, a->tenant, uid, now,
			   a->system ? "system" : a->user_uid);
	if (rc == ZK_ENOTFOUND)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"already_ended", "REP-1", cause,
					"the representation ended already");
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_representative_change(struct service *svc, const struct actor *a,
			  const char *uid, const struct svc_rep_change *in,
			  char **cause)
{
	struct store_rep_row r;
	struct audit_event ev;
	char now[ZK_TIME_LEN], checks[200];
	int rc;

	if (in->kind == NULL && in->declines < 0 && in->absent < 0 &&
	    in->legal_consent < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "name what changes: kind, declines, absent or "
			       "curator_consents");
	if (in->kind != NULL && rep_kind_parse(in->kind) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "unknown representative kind \"%s\"", in->kind);
	/* REP-3: an authorisation is signed by the subject at an age the
	 * registration checks; it is registered, not changed into. */
	if (in->kind != NULL && strcmp(in->kind, "authorised_in_writing") == 0)
		return zk_fail(cause, ZK_EINVAL,
			       "register an authorisation in writing as a new "
			       "representative (REP-3)");
	if ((rc = representation_lookup(svc, a, uid, &r, cause)) != 0)
		return rc;
	if ((rc = representation_begin(svc, a, &r, uid, "representative.update",
				       &ev, checks, sizeof checks, cause)) != 0)
		return rc;
	if (r.ended_at[0] != '\0')
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"already_ended", "REP-1", cause,
					"the representation has ended; "
					"register a new one");
	if (in->kind != NULL)
		zk_strlcpy(r.kind, in->kind, sizeof r.kind);
	if (in->declines >= 0)
		r.declines = in->declines;
	if (in->absent >= 0)
		r.absent = in->absent;
	if (in->legal_consent >= 0)
		r.legal_consent = in->legal_consent;
	zk_time_fmt(zk_now(), now);
	rc = store_rep_change(svc->store, a->tenant, uid, &r, now);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_capacity_lapse(struct service *svc, const struct actor *a, const char *uid,
		   const char *on, char **cause)
{
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct svc_facts f;
	struct audit_event ev;
	char subject[ZK_UUID_LEN], lapses[ZK_DATE_LEN], day[ZK_DATE_LEN],
	    checks[200];
	int64_t sid = 0;
	int32_t when;
	int rc;

	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not an assessment id");
	if (on == NULL)
		zk_date_fmt(svc_today(svc), day);
	else if (zk_date_parse(on, &when) != 0)
		return zk_fail(cause, ZK_EINVAL, "on must be a date (REP-4)");
	else
		zk_strlcpy(day, on, sizeof day);
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	rc = store_capacity_subject(svc->store, a->tenant, uid, &sid, lapses);
	if (rc == 0)
		rc = store_subject_uid(svc->store, a->tenant, sid, subject);
	store_rollback(svc->store);
	if (rc != 0)
		return zk_fail(cause, rc, "no assessment %s", uid);
	/* REP-4: a care judgement, undone within a care relation. */
	if ((rc = svc_subject_begin(
		 svc, a, subject,
		 &(struct svc_on_subject){"capacity.lapse", 'U', ZK_CAT_CARE,
					  ZK_ACT_CREATE, "capacity_assessment",
					  uid},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	svc_facts_release(&f);
	ev.object_type = "capacity_assessment";
	ev.object_uid = uid;
	rc = store_capacity_lapse(svc->store, a->tenant, uid, day);
	if (rc == ZK_ENOTFOUND)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"already_lapsed", "REP-4", cause,
					"the assessment lapses on %s already",
					lapses);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_direct_address(struct service *svc, const struct actor *a,
		   const char *subject_uid, const char *reason, char **cause)
{
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct svc_facts f;
	struct audit_event ev;
	struct zk_buf sealed;
	char checks[200], now[ZK_TIME_LEN];
	int rc;

	if (reason != NULL && (reason[0] == '\0' || strlen(reason) > 2000 ||
			       !zk_utf8_valid(reason, strlen(reason))))
		return zk_fail(cause, ZK_EINVAL,
			       "say why addressing the representative is "
			       "incompatible with good care (REP-5), at most "
			       "2000 bytes");
	if ((rc = svc_subject_begin(
		 svc, a, subject_uid,
		 &(struct svc_on_subject){
		     reason ? "subject.direct_address" : "subject.via_rep", 'U',
		     ZK_CAT_IDENTITY, ZK_ACT_CORRECT, "subject", subject_uid},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	ev.rule = "REP-5";
	zk_time_fmt(zk_now(), now);
	if (reason == NULL) {
		rc = store_direct_clear(svc->store, a->tenant, f.x.id);
		svc_facts_release(&f);
		if (rc == ZK_ENOTFOUND)
			return svc_refuse_input(
			    svc, a, &ev, rc, ZK_ENOTFOUND, "no_exception",
			    "REP-5", cause,
			    "no exception was recorded for the subject");
	} else {
		zk_buf_init(&sealed, 0);
		rc = svc_seal_text(svc, a->tenant, &f.x, subject_uid,
				   "direct_address", reason, &sealed);
		if (rc == 0)
			rc = store_direct_set(
			    svc->store, a->tenant, f.x.id, &sealed,
			    a->system ? "system" : a->user_uid, now);
		zk_buf_release(&sealed);
		svc_facts_release(&f);
	}
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}
