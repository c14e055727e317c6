/*
 * requests.c: a data subject's requests to exercise their rights (RQ-1 to
 * RQ-6), from receipt to closing.
 *
 * A request is registered by anyone who may read the subject's identity
 * (a request can be made to any member of staff, on paper, by e-mail, in
 * the portal or in person) and handled by the DPO (M§9.6, W§14.6) or the
 * person it is assigned to. It comes from the subject or from a
 * representative, and representation decides who may make it (REP-1 to
 * REP-3); the log names the representative (REP-6). The deadline is not
 * stored: src/policy/deadline.c computes it from the received date, the
 * suspensions and the extension under the organisation's profile.
 *
 * States: received -> (awaiting_identity <-> in_progress) -> decided ->
 * carried_out -> closed. Each change writes a line of the request's
 * history and a log entry, in the same transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/deadline.h"
#include "service/requests_deceased.h"
#include "service/requests_int.h"
#include "store/store_rq_change.h"
#include "service/service_int.h"
#include "store/store_rq.h"

/* The longest reasons, details or withholding reason, in bytes. */
#define REQUEST_MAX_TEXT 4000
/* At most so many suspensions are weighed per request. */
#define REQUEST_MAX_SUSPENSIONS 32
/* Due within so many days is flagged in the inbox. */
#define REQUEST_DUE_SOON 7

static const char *const request_channels[] = {"paper", "email", "portal",
					       "in_person", NULL};
static const char *const request_documents[] = {"passport",
						"id_card",
						"driving_licence",
						"residence_permit",
						"known_in_person",
						"digid",
						NULL};

static bool
request_in(const char *const *list, const char *s)
{
	for (int i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* RQ-1: an electronic request gets an electronic answer. */
static const char *
request_answer_default(const char *channel)
{
	if (strcmp(channel, "email") == 0 || strcmp(channel, "portal") == 0)
		return channel;
	return "paper";
}

/*
 * SEC-4: the identity check keeps the kind of document and at most the
 * last four characters of its number, never a copy or the whole number.
 */
static int
request_check_identity(const char *document, const char *last, char **cause)
{
	if (document == NULL && last == NULL)
		return 0;
	if (!request_in(request_documents, document))
		return zk_fail(cause, ZK_EINVAL,
			       "the identity document must be passport, "
			       "id_card, driving_licence, residence_permit, "
			       "known_in_person or digid (SEC-4)");
	if (last == NULL || last[0] == '\0') {
		if (strcmp(document, "known_in_person") == 0 ||
		    strcmp(document, "digid") == 0)
			return 0;
		return zk_fail(cause, ZK_EINVAL,
			       "give the last characters of the document's "
			       "number (SEC-4)");
	}
	if (strlen(last) > 4)
		return zk_fail(cause, ZK_EINVAL,
			       "keep at most the last 4 characters of the "
			       "document's number, never the whole number "
			       "(SEC-4)");
	for (const char *p = last; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= 'a' && *p <= 'z')))
			return zk_fail(cause, ZK_EINVAL,
				       "the last characters of a document "
				       "number are letters and digits "
				       "(SEC-4)");
	return 0;
}

int
request_check_text(const char *s, const char *what, bool required, char **cause)
{
	if (s == NULL || s[0] == '\0') {
		if (required)
			return zk_fail(cause, ZK_EINVAL, "%s is required",
				       what);
		return 0;
	}
	if (strlen(s) > REQUEST_MAX_TEXT || !zk_utf8_valid(s, strlen(s)) ||
	    zk_text_check(s, true) != ZK_TEXT_OK)
		return zk_fail(cause, ZK_EINVAL,
			       "%s must be UTF-8 text of at most %d bytes, not "
			       "blank, without control characters or spaces "
			       "at either end",
			       what, REQUEST_MAX_TEXT);
	return 0;
}

/* Whether a may handle requests: the DPO, or the system. */
bool
request_handler(const struct actor *a, const struct svc_tenant *t)
{
	const struct profile *p = t->profile;

	if (a->system)
		return true;
	if (!a->confidentiality)
		return false;
	for (int r = 0; r < p->nroles; r++)
		if ((a->roles & (1u << r)) && p->roles[r].base == ZK_ROLE_DPO)
			return true;
	return false;
}

/* --- deadlines ------------------------------------------------------- */

struct request_susp {
	struct deadline_suspension s[REQUEST_MAX_SUSPENSIONS];
	int n;
	json_t *arr; /* or NULL */
};

static int
request_susp_one(void *arg, const char *from, const char *to)
{
	struct request_susp *rs = arg;
	struct deadline_suspension *d;

	if (rs->arr != NULL &&
	    json_array_append_new(rs->arr,
				  json_pack("{s:s, s:s?}", "from", from, "to",
					    to[0] ? to : NULL)) != 0)
		return ZK_ENOMEM;
	if (rs->n == REQUEST_MAX_SUSPENSIONS)
		return 0;
	d = &rs->s[rs->n];
	memset(d, 0, sizeof *d);
	if (zk_date_parse(from, &d->from) != 0)
		return ZK_ECORRUPT;
	d->open = to[0] == '\0';
	if (!d->open && zk_date_parse(to, &d->to) != 0)
		return ZK_ECORRUPT;
	rs->n++;
	return 0;
}

int
request_deadline(struct service *svc, int64_t tenant, const struct profile *p,
		 const struct store_rq *r, json_t *suspensions, json_t **out)
{
	struct request_susp rs = {.n = 0, .arr = suspensions};
	struct deadline_in in;
	struct deadline_out d;
	char due[ZK_DATE_LEN], by[ZK_DATE_LEN];
	int32_t today = svc_today(svc);
	int kind, rc;
	const char *ext = NULL;

	*out = NULL;
	memset(&in, 0, sizeof in);
	if ((kind = rq_kind_parse(r->kind)) < 0 ||
	    zk_date_parse(r->received_on, &in.received) != 0)
		return ZK_ECORRUPT;
	in.kind = (enum rq_kind)kind;
	if ((rc = store_rq_suspensions(svc->store, tenant, r->id,
				       request_susp_one, &rs)) != 0)
		return rc;
	in.susp = rs.s;
	in.nsusp = rs.n;
	if (r->extended_on[0] != '\0') {
		in.extended = true;
		if (zk_date_parse(r->extended_on, &in.extended_on) != 0)
			return ZK_ECORRUPT;
	}
	if ((rc = deadline_eval(p, &in, &d, NULL)) != 0)
		return rc;
	switch (d.extension) {
	case DEADLINE_EXT_VALID:
		ext = "valid";
		break;
	case DEADLINE_EXT_TOO_LATE:
		ext = "too_late";
		break;
	case DEADLINE_EXT_NOT_ALLOWED:
		ext = "not_allowed";
		break;
	default:
		break;
	}
	if (d.suspended) {
		*out = json_pack("{s:n, s:b, s:n, s:s?, s:s, s:n, s:b, s:b}",
				 "due", "suspended", 1, "carry_out_by",
				 "extension", ext, "rule", d.rule, "days_left",
				 "overdue", 0, "due_soon", 0);
		return *out != NULL ? 0 : ZK_ENOMEM;
	}
	zk_date_fmt(d.due, due);
	if (d.has_carry_out)
		zk_date_fmt(d.carry_out_by, by);
	*out = json_pack("{s:s, s:b, s:s?, s:s?, s:s, s:I, s:b, s:b}", "due",
			 due, "suspended", 0, "carry_out_by",
			 d.has_carry_out ? by : NULL, "extension", ext, "rule",
			 d.rule, "days_left", (json_int_t)(d.due - today),
			 "overdue", d.due < today, "due_soon",
			 d.due >= today && d.due - today <= REQUEST_DUE_SOON);
	return *out != NULL ? 0 : ZK_ENOMEM;
}

/* --- the request as JSON --------------------------------------------- */

static int
request_event_one(void *arg, const char *at, const char *by, const char *what,
		  const char *state)
{
	return json_array_append_new(arg, json_pack("{s:s, s:s, s:s, s:s}",
						    "at", at, "by", by, "what",
						    what, "state", state)) != 0
		   ? ZK_ENOMEM
		   : 0;
}

struct request_withheld_ctx {
	struct service *svc;
	int64_t tenant;
	const struct store_subject *x;
	const char *request;
	json_t *arr;
};

static int
request_withheld_one(void *arg, const char *entry, const char *category,
		     const struct zk_buf *reason)
{
	struct request_withheld_ctx *w = arg;
	char *text = NULL;
	int rc;

	if (w->x != NULL) {
		rc = svc_open_text(w->svc, w->tenant, w->x, w->request,
				   "request_withheld", reason->data,
				   reason->len, &text);
		if (rc != 0)
			return rc;
	}
	rc = json_array_append_new(
		 w->arr, json_pack("{s:s, s:s, s:s?}", "entry", entry,
				   "category", category, "reason", text)) != 0
		 ? ZK_ENOMEM
		 : 0;
	if (text != NULL) {
		seal_wipe(text, strlen(text));
		free(text);
	}
	return rc;
}

int
request_json(struct service *svc, int64_t tenant, const struct profile *p,
	     const struct store_rq *r, const struct store_subject *x,
	     json_t **out)
{
	json_t *o = NULL, *deadline = NULL, *susp = NULL, *hist = NULL;
	struct request_withheld_ctx w = {svc, tenant, x, r->uid, NULL};
	char *reasons = NULL;
	int rc = ZK_ENOMEM;

	*out = NULL;
	if ((susp = json_array()) == NULL || (hist = json_array()) == NULL ||
	    (w.arr = json_array()) == NULL)
		goto out;
	if ((rc = request_deadline(svc, tenant, p, r, susp, &deadline)) != 0)
		goto out;
	if (x != NULL && r->reasons.len > 0 &&
	    (rc = svc_open_text(svc, tenant, x, r->uid, "request_reasons",
				r->reasons.data, r->reasons.len, &reasons)) !=
		0)
		goto out;
	if ((rc = store_rq_events(svc->store, tenant, r->id, request_event_one,
				  hist)) != 0 ||
	    (rc = store_rq_withheld(svc->store, tenant, r->id,
				    request_withheld_one, &w)) != 0)
		goto out;
	rc = ZK_ENOMEM;
	o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s?}, s:s, s:s?, s:s?,"
	    " s:s?, s:b, s:I, s:s?, s:s?, s:s?, s:s, s:s?, s:s?, s:s?}",
	    "id", r->uid, "subject", r->subject_uid, "kind", r->kind,
	    "received", r->received_on, "channel", r->channel, "answer_channel",
	    r->answer_channel, "requester", "by",
	    r->representative_id ? r->representative_uid : "subject", "basis",
	    r->basis[0] ? r->basis : NULL, "state", r->state, "decision",
	    r->decision[0] ? r->decision : NULL, "reasons", reasons,
	    "explanation", r->explanation[0] ? r->explanation : NULL,
	    "excessive", r->excessive != 0, "fee_cents",
	    r->fee_cents > 0 ? (json_int_t)r->fee_cents : (json_int_t)0,
	    "extended_on", r->extended_on[0] ? r->extended_on : NULL,
	    "assignee", r->assignee[0] ? r->assignee : NULL, "decided_at",
	    r->decided_at[0] ? r->decided_at : NULL, "created_at",
	    r->created_at, "carried_out_at",
	    r->carried_out_at[0] ? r->carried_out_at : NULL, "closed_at",
	    r->closed_at[0] ? r->closed_at : NULL, "subject_kind",
	    r->subject_kind);
	if (o == NULL)
		goto out;
	if (r->fee_cents <= 0)
		json_object_set_new(o, "fee_cents", json_null());
	if (json_object_set_new(
		o, "identity",
		r->id_document[0] ? json_pack("{s:s, s:s?}", "document",
					      r->id_document, "last_digits",
					      r->id_last[0] ? r->id_last : NULL)
				  : json_null()) != 0 ||
	    json_object_set(o, "deadline", deadline) != 0 ||
	    json_object_set(o, "suspensions", susp) != 0 ||
	    json_object_set(o, "withheld", w.arr) != 0 ||
	    json_object_set(o, "history", hist) != 0)
		goto out;
	if (request_changes_record(r->kind)) {
		json_t *changes = NULL;
		char ground[40];

		if ((rc = request_changes_json(svc, tenant, r, &changes)) !=
			0 ||
		    (rc = store_rq_refusal_get(svc->store, tenant, r->id,
					       ground, sizeof ground)) != 0) {
			json_decref(changes);
			goto out;
		}
		rc = ZK_ENOMEM;
		if (json_object_set_new(o, "changes", changes) != 0 ||
		    json_object_set_new(o, "refusal_ground",
					ground[0] ? json_string(ground)
						  : json_null()) != 0)
			goto out;
	}
	*out = o;
	o = NULL;
	rc = 0;
out:
	if (reasons != NULL) {
		seal_wipe(reasons, strlen(reasons));
		free(reasons);
	}
	json_decref(o);
	json_decref(deadline);
	json_decref(susp);
	json_decref(hist);
	json_decref(w.arr);
	return rc;
}

/* --- registering ----------------------------------------------------- */

int
svc_request_add(struct service *svc, const struct actor *a,
		const struct svc_request_new *in, char uid[ZK_UUID_LEN],
		char **cause)
{
	struct store_rq r;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200], basis[64] = "", by[80] = "";
	const char *rule;
	int32_t received;
	int rc;

	if (in->kind == NULL || rq_kind_parse(in->kind) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "kind must be access, copy, portability, "
			       "rectification, completion, erasure, shielding, "
			       "restriction, objection, log or scheme (RQ-1)");
	if (in->received == NULL || zk_date_parse(in->received, &received) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "received must be a date, YYYY-MM-DD");
	if (received > svc_today(svc))
		return zk_fail(cause, ZK_EINVAL,
			       "a request cannot be received in the future");
	if (in->channel != NULL && !request_in(request_channels, in->channel))
		return zk_fail(cause, ZK_EINVAL,
			       "channel must be paper, email, portal or "
			       "in_person (RQ-1)");
	if (in->answer_channel != NULL &&
	    !request_in(request_channels, in->answer_channel))
		return zk_fail(cause, ZK_EINVAL,
			       "answer_channel must be paper, email, portal or "
			       "in_person (RQ-1)");
	if ((rc = request_check_identity(in->id_document, in->id_last,
					 cause)) != 0 ||
	    (rc = request_check_text(in->details, "details", false, cause)) !=
		0)
		return rc;
	if (in->id_document != NULL && in->identity_in_doubt)
		return zk_fail(cause, ZK_EINVAL,
			       "an identity checked is not in doubt (RQ-3)");
	store_rq_init(&r);
	zk_uuid_new(r.uid);
	if ((rc = svc_subject_begin(svc, a, in->subject,
				    &(struct svc_on_subject){
					"request.create", 'C', ZK_CAT_IDENTITY,
					ZK_ACT_READ, "request", r.uid},
				    &t, &f, &ev, &d, checks, sizeof checks,
				    cause)) != 0)
		return rc;
	ev.rule = "RQ-1";
	/* REP-1 to REP-3: the subject, or who may act for them now. */
	rc = svc_may_act_for(
	    svc, a, t, &f, in->representative ? in->representative : "subject",
	    basis, sizeof basis, &rule);
	if (rc == ZK_EDENIED) {
		struct authz_decision no = {.reason = "may_not_act_for_subject",
					    .rule = rule};

		svc_facts_event(a, &ev, &no, &f, checks, sizeof checks);
		svc_facts_release(&f);
		return svc_refuse(svc, a, &ev, &no, cause);
	}
	if (rc == 0 && in->representative != NULL)
		rc = svc_representative_id(svc, a->tenant, f.x.id,
					   in->representative,
					   &r.representative_id);
	r.subject_id = f.x.id;
	svc_facts_release(&f);
	if (rc == ZK_ECONFLICT)
		return svc_refuse_input(svc, a, &ev, rc, ZK_EINVAL,
					"birth_date_unknown", "REP-1", cause,
					"the subject's birth date is needed "
					"to decide who may make the request "
					"(REP-1)");
	if (rc != 0)
		return svc_refuse_input(svc, a, &ev, rc, rc,
					"unknown_representative", "REP-6",
					cause,
					"no such representative of the "
					"subject");
	if (in->representative != NULL) {
		/* REP-6: which representative, on what basis. */
		zk_strlcpy(r.basis, basis, sizeof r.basis);
		snprintf(by, sizeof by, "representative:%s",
			 in->representative);
		ev.on_behalf_of = by;
	}
	zk_strlcpy(r.kind, in->kind, sizeof r.kind);
	zk_strlcpy(r.received_on, in->received, sizeof r.received_on);
	zk_strlcpy(r.channel, in->channel ? in->channel : "paper",
		   sizeof r.channel);
	zk_strlcpy(r.answer_channel,
		   in->answer_channel ? in->answer_channel
				      : request_answer_default(r.channel),
		   sizeof r.answer_channel);
	zk_strlcpy(r.id_document, in->id_document ? in->id_document : "",
		   sizeof r.id_document);
	zk_strlcpy(r.id_last, in->id_last ? in->id_last : "", sizeof r.id_last);
	zk_strlcpy(r.state,
		   in->identity_in_doubt ? "awaiting_identity" : "received",
		   sizeof r.state);
	zk_time_fmt(zk_now(), r.created_at);
	rc = 0;
	if (in->details != NULL && in->details[0] != '\0') {
		struct store_subject x;

		memset(&x, 0, sizeof x);
		zk_buf_init(&x.identity, 0);
		rc = store_subject_get(svc->store, a->tenant, in->subject, &x);
		if (rc == 0)
			rc = svc_seal_text(svc, a->tenant, &x, r.uid,
					   "request_details", in->details,
					   &r.details);
		store_subject_release(&x);
	}
	if (rc == 0)
		rc = store_rq_create(svc->store, a->tenant, &r, &r.id);
	if (rc == 0)
		rc = store_rq_event_add(
		    svc->store, a->tenant, r.id, r.created_at,
		    a->system ? "system" : a->username, "received", "received");
	/* RQ-3: identity in doubt from the start stops the clock at once. */
	if (rc == 0 && in->identity_in_doubt) {
		char day[ZK_DATE_LEN];

		zk_date_fmt(received, day);
		rc = store_rq_suspend(svc->store, a->tenant, r.id, day);
		if (rc == 0)
			rc = store_rq_event_add(
			    svc->store, a->tenant, r.id, r.created_at,
			    a->system ? "system" : a->username,
			    "identity_requested", r.state);
	}
	store_rq_release(&r);
	return svc_log_created(svc, a, &ev, rc, r.uid, uid, cause);
}

/* --- acting on a request ---------------------------------------------- */

/*
 * Starts an act on request uid: the tenant, the write transaction, the
 * request and ev; refuses (logged) anyone but a handler or, when
 * assignee_may, the request's assignee.
 */
int
request_begin(struct service *svc, const struct actor *a, const char *uid,
	      const char *event, char action, int write, bool assignee_may,
	      struct svc_tenant **t, struct store_rq *r, struct audit_event *ev,
	      char *on_behalf, size_t n, char *checks, size_t nchecks,
	      char **cause)
{
	struct authz_decision d = {0};
	int rc;

	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a request id");
	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	svc_event_init(ev, a, *t, event, action);
	ev->object_type = "request";
	ev->object_uid = uid;
	rc = write ? svc_begin_write(svc) : svc_begin_read(svc);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_rq_get(svc->store, a->tenant, uid, r);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "no such request"
						  : "cannot read the request");
	}
	ev->subject_uid = r->subject_uid;
	if (r->representative_id != 0) {
		snprintf(on_behalf, n, "representative:%s",
			 r->representative_uid);
		ev->on_behalf_of = on_behalf;
	}
	d.rule = "RQ-1";
	if (request_handler(a, *t)) {
		d.permit = true;
		d.reason = a->system ? "system" : "request_handler";
		if (!a->system)
			svc_event_role(ev, a, *t, 1u << ZK_ROLE_DPO);
	} else if (assignee_may && r->assignee_id != 0 &&
		   r->assignee_id == a->user_id) {
		d.permit = true;
		d.reason = "request_assignee";
	} else if (a->portal && !write) {
		/* INZ-6, RQ-1: the client follows their own request, as does
		 * a representative who may act for them today (REP-6). */
		bool may = false;
		char by[64];

		rc =
		    svc_portal_may(svc, a, r->subject_uid, &may, by, sizeof by);
		if (rc != 0) {
			store_rollback(svc->store);
			return zk_fail(cause, rc, "cannot read the request");
		}
		d.permit = may;
		d.reason = may ? "portal_own_request" : "not_own_record";
		d.rule = "INZ-6";
		if (by[0] != '\0') {
			zk_strlcpy(on_behalf, by, n);
			ev->on_behalf_of = on_behalf;
		}
	} else {
		d.reason = "request_handler_only";
	}
	if (!a->system)
		svc_event_decision(ev, &d, 0, checks, nchecks);
	if (!d.permit)
		return svc_refuse(svc, a, ev, &d, cause);
	ev->reason = d.reason;
	ev->rule = a->portal ? "INZ-6" : "RQ-1";
	return 0;
}

int
request_conflict(struct service *svc, const struct actor *a,
		 struct audit_event *ev, const char *rule, char **cause,
		 const char *msg)
{
	return svc_refuse_input(svc, a, ev, ZK_ECONFLICT, ZK_ECONFLICT,
				"request_state", rule, cause, "%s", msg);
}

/* INZ-6: whether the subject had a copy or access granted before. */
struct request_prior {
	const char *self;
	int found;
};

static int
request_prior_one(void *arg, const struct store_rq *r)
{
	struct request_prior *p = arg;

	if (strcmp(r->uid, p->self) != 0 &&
	    (strcmp(r->kind, "copy") == 0 || strcmp(r->kind, "access") == 0) &&
	    (strcmp(r->decision, "granted") == 0 ||
	     strcmp(r->decision, "partly") == 0))
		p->found = 1;
	return 0;
}

bool
request_open_state(const char *state)
{
	return strcmp(state, "received") == 0 ||
	       strcmp(state, "awaiting_identity") == 0 ||
	       strcmp(state, "in_progress") == 0;
}

static bool
request_copy_kind(const char *kind)
{
	return strcmp(kind, "access") == 0 || strcmp(kind, "copy") == 0 ||
	       strcmp(kind, "portability") == 0 || strcmp(kind, "log") == 0 ||
	       strcmp(kind, "scheme") == 0;
}

static int
request_count_one(void *arg, const char *entry, const char *category,
		  const struct zk_buf *reason)
{
	(void)entry;
	(void)category;
	(void)reason;
	(*(int *)arg)++;
	return 0;
}

int
request_count_withheld(struct service *svc, int64_t tenant, int64_t request,
		       int *n)
{
	*n = 0;
	return store_rq_withheld(svc->store, tenant, request, request_count_one,
				 n);
}

int
svc_request_act(struct service *svc, const struct actor *a, const char *uid,
		const struct svc_request_act *in, char **cause)
{
	struct store_rq r;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	char event[48], on_behalf[80], now[ZK_TIME_LEN], today[ZK_DATE_LEN];
	char checks[200];
	const char *act = in->act, *what = act;
	bool assignee_may;
	int rc = 0;

	if (act == NULL)
		return zk_fail(cause, ZK_EINVAL, "no act named");
	/* Check what was asked before anything is opened. */
	if (strcmp(act, "identity_received") == 0) {
		if (in->document == NULL)
			return zk_fail(cause, ZK_EINVAL,
				       "name the identity document (SEC-4)");
		if ((rc = request_check_identity(in->document, in->last_digits,
						 cause)) != 0)
			return rc;
	} else if (strcmp(act, "decide") == 0) {
		if (in->decision == NULL ||
		    (strcmp(in->decision, "granted") != 0 &&
		     strcmp(in->decision, "partly") != 0 &&
		     strcmp(in->decision, "refused") != 0))
			return zk_fail(cause, ZK_EINVAL,
				       "the decision is granted, partly or "
				       "refused (RQ-5)");
		if ((rc = request_check_text(
			 in->reasons, "reasons",
			 strcmp(in->decision, "granted") != 0, cause)) != 0)
			return rc;
		if (in->fee_cents < 0 || in->fee_cents > 100000)
			return zk_fail(cause, ZK_EINVAL,
				       "a fee is between 0 and 1000 euros, "
				       "in cents (RQ-4)");
		if (in->fee_cents > 0 && !in->excessive)
			return zk_fail(cause, ZK_EINVAL,
				       "requests are free; only a manifestly "
				       "unfounded or excessive request may "
				       "be charged (RQ-4)");
		if (in->excessive &&
		    (in->reasons == NULL || in->reasons[0] == '\0'))
			return zk_fail(cause, ZK_EINVAL,
				       "say why the request is manifestly "
				       "unfounded or excessive (RQ-4)");
	} else if (strcmp(act, "withhold") == 0) {
		if (in->entry == NULL || !zk_uuid_valid(in->entry))
			return zk_fail(cause, ZK_EINVAL, "not an entry id");
		if ((rc = request_check_text(in->reason, "the reason", true,
					     cause)) != 0)
			return rc;
	} else if (strcmp(act, "explanation") == 0) {
		if (in->explanation == NULL ||
		    (strcmp(in->explanation, "offered") != 0 &&
		     strcmp(in->explanation, "accepted") != 0 &&
		     strcmp(in->explanation, "declined") != 0))
			return zk_fail(cause, ZK_EINVAL,
				       "the explanation is offered, accepted "
				       "or declined (INZ-4)");
	} else if (strcmp(act, "assign") == 0) {
		if (in->assignee == NULL || in->assignee[0] == '\0')
			return zk_fail(cause, ZK_EINVAL, "name the assignee");
	} else if (strcmp(act, "extend") == 0) {
		int32_t on;

		if (in->on != NULL && zk_date_parse(in->on, &on) != 0)
			return zk_fail(cause, ZK_EINVAL,
				       "on must be a date, YYYY-MM-DD");
		if (in->on != NULL && on > svc_today(svc))
			return zk_fail(cause, ZK_EINVAL,
				       "the requester is told of an extension "
				       "on a day that has come (W§14.5)");
		if ((rc = request_check_text(in->reason, "the reason", true,
					     cause)) != 0)
			return rc;
	} else if (strcmp(act, "identity_request") != 0 &&
		   strcmp(act, "start") != 0 && strcmp(act, "carry_out") != 0 &&
		   strcmp(act, "close") != 0) {
		return zk_fail(cause, ZK_EINVAL, "unknown act \"%s\"", act);
	}
	if (strcmp(act, "decide") == 0 && in->refusal_ground != NULL &&
	    strcmp(in->refusal_ground, "legal_retention") != 0 &&
	    strcmp(in->refusal_ground, "interest_of_another") != 0 &&
	    strcmp(in->refusal_ground, "agreement_with_subject") != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "an erasure is refused on legal_retention, "
			       "interest_of_another or agreement_with_subject "
			       "(ERA-2)");
	/* COR-2, ERA-3, SHD-1, RST-1: the changes first, each its own act. */
	if (strcmp(act, "carry_out") == 0 &&
	    (rc = request_carry_apply(svc, a, uid, cause)) != 0)
		return rc;
	assignee_may = strcmp(act, "assign") != 0;
	snprintf(event, sizeof event, "request.%s", act);
	store_rq_init(&r);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = request_begin(svc, a, uid, event, 'U', 1, assignee_may, &t,
				&r, &ev, on_behalf, sizeof on_behalf, checks,
				sizeof checks, cause)) != 0)
		goto done;
	zk_time_fmt(zk_now(), now);
	zk_date_fmt(svc_today(svc), today);
	if (strcmp(r.state, "closed") == 0) {
		rc = request_conflict(svc, a, &ev, "RQ-1", cause,
				      "the request is closed");
		goto done;
	}
	if (strcmp(act, "identity_request") == 0) {
		/* RQ-3: proof is asked, and the clock stops until it comes. */
		if (strcmp(r.state, "received") != 0 &&
		    strcmp(r.state, "in_progress") != 0) {
			rc = request_conflict(svc, a, &ev, "RQ-3", cause,
					      "identity can be asked for only "
					      "before the decision, once at a "
					      "time");
			goto done;
		}
		ev.rule = "RQ-3";
		zk_strlcpy(r.state, "awaiting_identity", sizeof r.state);
		rc = store_rq_suspend(svc->store, a->tenant, r.id, today);
	} else if (strcmp(act, "identity_received") == 0) {
		ev.rule = "RQ-3";
		if (strcmp(r.state, "awaiting_identity") == 0) {
			zk_strlcpy(r.state, "in_progress", sizeof r.state);
			rc =
			    store_rq_resume(svc->store, a->tenant, r.id, today);
		} else if (!request_open_state(r.state)) {
			rc = request_conflict(svc, a, &ev, "RQ-3", cause,
					      "the request was decided");
			goto done;
		}
		zk_strlcpy(r.id_document, in->document, sizeof r.id_document);
		zk_strlcpy(r.id_last, in->last_digits ? in->last_digits : "",
			   sizeof r.id_last);
	} else if (strcmp(act, "start") == 0) {
		if (strcmp(r.state, "received") != 0) {
			rc = request_conflict(svc, a, &ev, "RQ-1", cause,
					      "only a request just received "
					      "is started");
			goto done;
		}
		zk_strlcpy(r.state, "in_progress", sizeof r.state);
	} else if (strcmp(act, "assign") == 0) {
		struct store_user u;

		memset(&u, 0, sizeof u);
		rc = store_user_get(svc->store, a->tenant, in->assignee, &u);
		if (rc == ZK_ENOTFOUND) {
			rc = svc_refuse_input(svc, a, &ev, rc, ZK_EINVAL,
					      "unknown_user", "RQ-1", cause,
					      "no such user");
			goto done;
		}
		r.assignee_id = u.id;
		if (strcmp(r.state, "received") == 0)
			zk_strlcpy(r.state, "in_progress", sizeof r.state);
	} else if (strcmp(act, "extend") == 0) {
		/* W§14.5: told within the first month, else too late. */
		if (!request_open_state(r.state) || r.extended_on[0] != '\0') {
			rc = request_conflict(svc, a, &ev, "RQ-2", cause,
					      r.extended_on[0]
						  ? "the request was extended "
						    "before"
						  : "the request was decided");
			goto done;
		}
		ev.rule = "RQ-2";
		zk_strlcpy(r.extended_on, in->on ? in->on : today,
			   sizeof r.extended_on);
		if (strcmp(r.extended_on, r.received_on) < 0) {
			rc = svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					      "bad_date", "RQ-2", cause,
					      "an extension cannot be told "
					      "before the request came");
			goto done;
		}
		what = "extended";
	} else if (strcmp(act, "withhold") == 0) {
		struct store_entry e;
		struct zk_buf sealed;

		ev.rule = "INZ-2";
		if (!request_copy_kind(r.kind) ||
		    !request_open_state(r.state)) {
			rc = request_conflict(
			    svc, a, &ev, "INZ-2", cause,
			    "entries are withheld from an access, copy or "
			    "portability request before its decision");
			goto done;
		}
		memset(&e, 0, sizeof e);
		zk_buf_init(&e.content, 0);
		rc = store_entry_get(svc->store, a->tenant, in->entry, &e);
		if (rc == 0 && e.subject_id != r.subject_id)
			rc = ZK_ENOTFOUND;
		if (rc == ZK_ENOTFOUND) {
			zk_buf_release(&e.content);
			rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
					      "unknown_entry", "INZ-2", cause,
					      "no such entry of the subject");
			goto done;
		}
		zk_buf_init(&sealed, 0);
		if (rc == 0)
			rc = store_subject_get(svc->store, a->tenant,
					       r.subject_uid, &x);
		if (rc == 0)
			rc = svc_seal_text(svc, a->tenant, &x, r.uid,
					   "request_withheld", in->reason,
					   &sealed);
		if (rc == 0) {
			rc = store_rq_withhold(svc->store, a->tenant, r.id,
					       e.id, &sealed);
			if (rc == ZK_EEXIST) {
				zk_buf_release(&sealed);
				zk_buf_release(&e.content);
				rc = request_conflict(svc, a, &ev, "INZ-2",
						      cause,
						      "the entry is withheld "
						      "already");
				goto done;
			}
		}
		zk_buf_release(&sealed);
		zk_buf_release(&e.content);
		if (strcmp(r.state, "received") == 0)
			zk_strlcpy(r.state, "in_progress", sizeof r.state);
	} else if (strcmp(act, "explanation") == 0) {
		ev.rule = "INZ-4";
		if (strcmp(r.kind, "access") != 0 &&
		    strcmp(r.kind, "copy") != 0) {
			rc = request_conflict(svc, a, &ev, "INZ-4", cause,
					      "an explanation is offered with "
					      "an access or a copy");
			goto done;
		}
		zk_strlcpy(r.explanation, in->explanation,
			   sizeof r.explanation);
	} else if (strcmp(act, "decide") == 0) {
		struct request_prior prior = {r.uid, 0};
		int withheld = 0;

		ev.rule = "RQ-5";
		ev.reason = in->decision;
		if (!request_open_state(r.state)) {
			rc = request_conflict(svc, a, &ev, "RQ-5", cause,
					      "the request was decided "
					      "before");
			goto done;
		}
		/* INZ-5: a next of kin's is svc_kin_decide()'s. */
		if ((rc = svc_kin_guard(svc, a, &ev, &r, cause)) != 0)
			goto done;
		if (strcmp(r.state, "awaiting_identity") == 0 &&
		    strcmp(in->decision, "refused") != 0) {
			rc = request_conflict(svc, a, &ev, "RQ-3", cause,
					      "the requester's identity is "
					      "awaited: it can only be "
					      "refused now");
			goto done;
		}
		rc = request_count_withheld(svc, a->tenant, r.id, &withheld);
		if (rc == 0 && withheld > 0 &&
		    strcmp(in->decision, "granted") == 0) {
			rc = request_conflict(svc, a, &ev, "INZ-2", cause,
					      "entries are withheld: the "
					      "request is partly granted, "
					      "with reasons (INZ-2)");
			goto done;
		}
		/* INZ-6: the first copy is always free. */
		if (rc == 0 && in->fee_cents > 0 &&
		    (strcmp(r.kind, "copy") == 0 ||
		     strcmp(r.kind, "access") == 0)) {
			rc = store_rq_list(svc->store, a->tenant, 0,
					   r.subject_id, request_prior_one,
					   &prior);
			if (rc == 0 && !prior.found) {
				rc = request_conflict(
				    svc, a, &ev, "INZ-6", cause,
				    "the first copy is free (INZ-6)");
				goto done;
			}
		}
		if (rc == 0 && in->reasons != NULL && in->reasons[0] != '\0') {
			rc = store_subject_get(svc->store, a->tenant,
					       r.subject_uid, &x);
			r.reasons.len = 0;
			if (rc == 0)
				rc = svc_seal_text(svc, a->tenant, &x, r.uid,
						   "request_reasons",
						   in->reasons, &r.reasons);
		}
		/* ERA-2: an erasure is refused, in whole or in part, only on a
		 * ground the law names; other kinds have no such ground. */
		if (rc == 0 && strcmp(r.kind, "erasure") == 0 &&
		    strcmp(in->decision, "granted") != 0 &&
		    in->refusal_ground == NULL) {
			rc = svc_refuse_input(
			    svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
			    "refusal_ground_missing", "ERA-2", cause,
			    "an erasure is refused only on legal_retention, "
			    "interest_of_another or agreement_with_subject "
			    "(ERA-2)");
			goto done;
		}
		if (rc == 0 && in->refusal_ground != NULL &&
		    (strcmp(r.kind, "erasure") != 0 ||
		     strcmp(in->decision, "granted") == 0)) {
			rc = svc_refuse_input(
			    svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
			    "refusal_ground_unexpected", "ERA-2", cause,
			    "a refusal ground belongs to an erasure that is "
			    "refused in whole or in part (ERA-2)");
			goto done;
		}
		if (rc == 0 && in->refusal_ground != NULL) {
			ev.rule = "ERA-2";
			rc = store_rq_refusal_set(svc->store, a->tenant, r.id,
						  in->refusal_ground);
		}
		zk_strlcpy(r.decision, in->decision, sizeof r.decision);
		zk_strlcpy(r.state, "decided", sizeof r.state);
		zk_strlcpy(r.decided_at, now, sizeof r.decided_at);
		r.excessive = in->excessive;
		r.fee_cents = in->fee_cents;
		what = in->decision;
	} else if (strcmp(act, "carry_out") == 0) {
		if (strcmp(r.state, "decided") != 0 ||
		    strcmp(r.decision, "refused") == 0) {
			rc = request_conflict(svc, a, &ev, "RQ-2", cause,
					      "only a granted request is "
					      "carried out");
			goto done;
		}
		if (request_changes_record(r.kind)) {
			const char *msg = NULL;

			rc = request_carry_check(svc, a, &r, &msg);
			if (rc == ZK_ECONFLICT) {
				rc = request_conflict(svc, a, &ev, "COR-1",
						      cause, msg);
				goto done;
			}
		}
		zk_strlcpy(r.state, "carried_out", sizeof r.state);
		zk_strlcpy(r.carried_out_at, now, sizeof r.carried_out_at);
		what = "carried_out";
	} else if (strcmp(act, "close") == 0) {
		if (strcmp(r.state, "carried_out") != 0 &&
		    !(strcmp(r.state, "decided") == 0 &&
		      strcmp(r.decision, "refused") == 0)) {
			rc = request_conflict(svc, a, &ev, "RQ-1", cause,
					      "a request is closed when it was "
					      "refused or carried out");
			goto done;
		}
		zk_strlcpy(r.state, "closed", sizeof r.state);
		zk_strlcpy(r.closed_at, now, sizeof r.closed_at);
		what = "closed";
	}
	if (rc == 0)
		rc = store_rq_update(svc->store, a->tenant, &r);
	if (rc == 0)
		rc = store_rq_event_add(svc->store, a->tenant, r.id, now,
					a->system ? "system" : a->username,
					what, r.state);
	rc = rc != 0 ? svc_fail_act(svc, a, &ev, rc, cause)
		     : svc_log_commit(svc, a, &ev, cause);
done:
	store_subject_release(&x);
	store_rq_release(&r);
	return rc;
}

/* --- reading --------------------------------------------------------- */

int
svc_request_get(struct service *svc, const struct actor *a, const char *uid,
		json_t **out, char **cause)
{
	struct store_rq r;
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	char on_behalf[80], checks[200];
	int rc;

	*out = NULL;
	store_rq_init(&r);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = request_begin(svc, a, uid, "request.read", 'R', 0, true, &t,
				&r, &ev, on_behalf, sizeof on_behalf, checks,
				sizeof checks, cause)) != 0)
		goto done;
	rc = store_subject_get(svc->store, a->tenant, r.subject_uid, &x);
	if (rc == 0)
		rc = request_json(svc, a->tenant, t->profile, &r, &x, out);
	rc = svc_log_read(svc, a, &ev, rc, out, cause);
done:
	store_subject_release(&x);
	store_rq_release(&r);
	return rc;
}

struct request_inbox {
	struct service *svc;
	const struct actor *a;
	const struct profile *p;
	const struct svc_request_filter *f;
	bool all;
	json_t *arr;
};

static int
request_inbox_one(void *arg, const struct store_rq *r)
{
	struct request_inbox *ib = arg;
	json_t *dl = NULL, *o;
	char by[64];
	int rc;

	if (ib->f->kind != NULL && strcmp(ib->f->kind, r->kind) != 0)
		return 0;
	if (ib->f->state != NULL && strcmp(ib->f->state, r->state) != 0)
		return 0;
	if (ib->f->assignee != NULL &&
	    strcmp(ib->f->assignee, r->assignee) != 0)
		return 0;
	by[0] = '\0';
	if (ib->a->portal) {
		/* INZ-6: a portal account follows its clients' requests. */
		bool may = false;

		if ((rc = svc_portal_may(ib->svc, ib->a, r->subject_uid, &may,
					 by, sizeof by)) != 0)
			return rc;
		if (!may)
			return 0;
	} else if (!ib->all && r->assignee_id != ib->a->user_id) {
		return 0;
	}
	if ((rc = request_deadline(ib->svc, ib->a->tenant, ib->p, r, NULL,
				   &dl)) != 0)
		return rc;
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:O?, s:o}", "id",
		      r->uid, "subject", r->subject_uid, "kind", r->kind,
		      "received", r->received_on, "state", r->state, "decision",
		      r->decision[0] ? r->decision : NULL, "assignee",
		      r->assignee[0] ? r->assignee : NULL, "due",
		      json_object_get(dl, "due"), "deadline", dl);
	if (o == NULL)
		return ZK_ENOMEM;
	/* REP-6: logged as the representative's, taken out before it goes. */
	if (by[0] != '\0')
		json_object_set_new(o, "on_behalf_of", json_string(by));
	json_object_set(o, "days_left", json_object_get(dl, "days_left"));
	json_object_set(o, "overdue", json_object_get(dl, "overdue"));
	json_object_set(o, "due_soon", json_object_get(dl, "due_soon"));
	return json_array_append_new(ib->arr, o) != 0 ? ZK_ENOMEM : 0;
}

/* Sorts by due date, soonest first; a suspended request has none and
 * comes last. */
static int
request_by_due(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	const char *da = json_string_value(json_object_get(a, "due"));
	const char *db = json_string_value(json_object_get(b, "due"));
	int c;

	if (da == NULL || db == NULL)
		return (da == NULL) - (db == NULL);
	if ((c = strcmp(da, db)) != 0)
		return c;
	return strcmp(json_string_value(json_object_get(a, "received")),
		      json_string_value(json_object_get(b, "received")));
}

int
svc_request_inbox(struct service *svc, const struct actor *a,
		  const struct svc_request_filter *f, json_t **out,
		  char **cause)
{
	struct request_inbox ib = {svc, a, NULL, f, false, NULL};
	struct svc_tenant *t;
	struct audit_event ev;
	json_t **v = NULL;
	size_t n;
	int rc;

	*out = NULL;
	if (f->kind != NULL && rq_kind_parse(f->kind) < 0)
		return zk_fail(cause, ZK_EINVAL, "unknown kind of request");
	if (f->state != NULL &&
	    !request_in((const char *const[]){"received", "awaiting_identity",
					      "in_progress", "decided",
					      "carried_out", "closed", NULL},
			f->state))
		return zk_fail(cause, ZK_EINVAL, "unknown state of a request");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	ib.p = t->profile;
	ib.all = request_handler(a, t);
	svc_event_init(&ev, a, t, "request.list", 'R');
	ev.object_type = "request";
	ev.reason = ib.all	? "request_handler"
		    : a->portal ? "portal_own_request"
				: "request_assignee";
	ev.rule = a->portal ? "INZ-6" : "RQ-2";
	if (ib.all && !a->system)
		svc_event_role(&ev, a, t, 1u << ZK_ROLE_DPO);
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if ((ib.arr = json_array()) == NULL) {
		store_rollback(svc->store);
		return ZK_ENOMEM;
	}
	rc = store_rq_list(svc->store, a->tenant,
			   f->state == NULL || strcmp(f->state, "closed") != 0,
			   0, request_inbox_one, &ib);
	n = json_array_size(ib.arr);
	if (rc == 0 && n > 1) {
		if ((v = malloc(n * sizeof *v)) == NULL) {
			rc = ZK_ENOMEM;
		} else {
			for (size_t i = 0; i < n; i++)
				v[i] = json_incref(json_array_get(ib.arr, i));
			qsort(v, n, sizeof *v, request_by_due);
			json_array_clear(ib.arr);
			for (size_t i = 0; i < n; i++)
				json_array_append_new(ib.arr, v[i]);
			free(v);
		}
	}
	*out = json_pack("{s:s, s:o}", "today", "", "requests", ib.arr);
	if (*out != NULL) {
		char day[ZK_DATE_LEN];

		zk_date_fmt(svc_today(svc), day);
		json_object_set_new(*out, "today", json_string(day));
	} else if (rc == 0) {
		rc = ZK_ENOMEM;
	}
	/* LOG-1: each client the inbox names, as the report of INF-3 does. */
	for (size_t i = 0; rc == 0 && i < json_array_size(ib.arr); i++) {
		json_t *q = json_array_get(ib.arr, i);
		struct audit_event one = ev;

		one.subject_uid =
		    json_string_value(json_object_get(q, "subject"));
		one.object_uid = json_string_value(json_object_get(q, "id"));
		if (json_object_get(q, "on_behalf_of") != NULL)
			one.on_behalf_of = json_string_value(
			    json_object_get(q, "on_behalf_of"));
		if (svc_log_one(svc, a, &one, zk_now(), cause) != 0) {
			json_decref(*out);
			*out = NULL;
			return ZK_EAUDIT; /* rolled back by svc_log_one */
		}
		json_object_del(q, "on_behalf_of");
	}
	return svc_log_read(svc, a, &ev, rc, out, cause);
}
