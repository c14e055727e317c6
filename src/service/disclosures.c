/*
 * disclosures.c: the disclosure register (DIS-1 to DIS-5, SEC-2, OBJ-1)
 * and the notices to its recipients (COR-3), through the door.
 *
 * A disclosure is decided twice. The authorisation scheme says whether
 * the actor may disclose each category (ACC-1, action "disclose"); then
 * disclosure_decide() (policy/disclosure.h), a pure function, says
 * whether the data may go to this recipient, from the facts gathered
 * here: the recipient's kind, country and certification (SEC-2), the
 * subject's consent for it (DIS-1), their objections to that kind of
 * recipient (OBJ-1), a legal obligation named by the actor, and whether
 * the subject died (DIS-5). A permitted disclosure is recorded with its
 * ground and what went, and logged, in one transaction; a refused one is
 * logged with the rule that refused it.
 *
 * Recipients are kept by the DPO and by whoever may disclose: the roles
 * with a "disclose" grant in the scheme. A recipient is an organisation
 * or a professional, not a subject, so it is kept in the clear.
 *
 * COR-3: a change to data (rectification, completion, erasure,
 * shielding) opens one pending notice per recipient who received it
 * before (svc_notices_open(), in the carrying out's transaction); the
 * DPO or whoever may disclose the subject's data records each as sent,
 * or as impossible or disproportionate with a reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy/disclosure.h"
#include "service/service_int.h"
#include "store/store_disclosure.h"
#include "store/store_rq.h"

#define DISCLOSURES_MAX_ITEMS 64
#define DISCLOSURES_MAX_RECIPIENTS 1024

static const char *const disclosures_changes[] = {"rectification", "completion",
						  "erasure", "shielding"};
static const char *const disclosures_channels[] = {
    "post", "email", "secure_mail", "phone", "in_person", "portal"};

static bool
disclosures_in(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* A line of text people read, 1 to max-1 bytes of UTF-8. */
static bool
disclosures_text(const char *s, size_t max, bool lines)
{
	return s != NULL && s[0] != '\0' && strlen(s) < max &&
	       zk_utf8_valid(s, strlen(s)) &&
	       zk_text_check(s, lines) == ZK_TEXT_OK;
}

/*
 * Whether a keeps recipients: the system, a DPO, or a role with a
 * "disclose" grant on any category in the scheme. Sets the role logged.
 */
static bool
disclosures_keeper(const struct actor *a, const struct svc_tenant *t,
		   struct audit_event *ev)
{
	const struct profile *p = t->profile;

	if (a->system)
		return true;
	if (svc_event_role(ev, a, t, 1u << ZK_ROLE_DPO))
		return true;
	for (int r = 0; r < p->nroles; r++) {
		if (!(a->roles & (1u << r)))
			continue;
		for (int c = 0; c < ZK_CAT_COUNT; c++)
			for (int k = 0; k < ZK_KIND_COUNT; k++)
				if (p->grants[r][c][ZK_ACT_DISCLOSE][k] != 0) {
					ev->user_role = p->roles[r].id;
					return true;
				}
	}
	return false;
}

/* --- recipients ------------------------------------------------------- */

int
svc_recipient_add(struct service *svc, const struct actor *a,
		  const struct svc_recipient_input *in, char uid[ZK_UUID_LEN],
		  char **cause)
{
	struct store_recipient r;
	struct svc_tenant *t;
	struct audit_event ev;
	bool cert = false;
	int rc;

	memset(&r, 0, sizeof r);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!disclosures_text(in->name, sizeof r.name, false))
		return zk_fail(cause, ZK_EINVAL,
			       "name must be one line of 1 to %zu bytes",
			       sizeof r.name - 1);
	if (profile_recipient_parse(in->kind) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "kind must be specialist, care_provider, "
			       "insurer, directly_involved, statistics, "
			       "researcher, public_body or other");
	if (in->country == NULL || strlen(in->country) != 2 ||
	    in->country[0] < 'A' || in->country[0] > 'Z' ||
	    in->country[1] < 'A' || in->country[1] > 'Z')
		return zk_fail(cause, ZK_EINVAL,
			       "country must be an ISO 3166-1 alpha-2 code "
			       "in capitals, such as NL (SEC-2)");
	if (in->certified &&
	    (disclosure_adequacy(in->country, &cert) != ADEQUACY_DECISION ||
	     !cert))
		return zk_fail(cause, ZK_EINVAL,
			       "certified applies only to a country whose "
			       "adequacy decision covers certified "
			       "recipients, such as US (SEC-2)");
	/* DIS-4: a recipient is bound to confidentiality, on some basis. */
	if (vocab_confidentiality(in->confidentiality) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "confidentiality must be profession, office, "
			       "law or agreement: the basis of the "
			       "recipient's duty of confidentiality (DIS-4)");
	zk_uuid_new(r.uid);
	zk_strlcpy(r.name, in->name, sizeof r.name);
	zk_strlcpy(
	    r.kind,
	    profile_recipient_name(
		(enum profile_recipient)profile_recipient_parse(in->kind)),
	    sizeof r.kind);
	zk_strlcpy(r.country, in->country, sizeof r.country);
	r.certified = in->certified;
	zk_strlcpy(r.confidentiality, in->confidentiality,
		   sizeof r.confidentiality);
	zk_time_fmt(zk_now(), r.created_at);
	zk_strlcpy(r.created_by, a->user_uid, sizeof r.created_by);
	svc_event_init(&ev, a, t, "recipient.create", 'C');
	ev.object_type = "recipient";
	ev.object_uid = r.uid;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if (!disclosures_keeper(a, t, &ev)) {
		struct authz_decision no = {.reason = "not_dpo_or_discloser",
					    .rule = "ACC-1"};

		ev.checks = "authz=deny";
		return svc_refuse(svc, a, &ev, &no, cause);
	}
	if (!a->system) {
		ev.reason = "dpo_or_discloser";
		ev.rule = "DIS-4";
		ev.checks = "authz=permit";
	}
	rc = store_recipient_create(svc->store, a->tenant, &r, NULL);
	return svc_log_created(svc, a, &ev, rc, r.uid, uid, cause);
}

static json_t *
disclosures_recipient_json(const struct store_recipient *r)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "id", r->uid,
			 "name", r->name, "kind", r->kind, "country",
			 r->country, "certified", r->certified,
			 "confidentiality", r->confidentiality, "created_at",
			 r->created_at);
}

static int
disclosures_recipient_add(void *arg, const struct store_recipient *r)
{
	json_t *o = disclosures_recipient_json(r);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
svc_recipient_list(struct service *svc, const struct actor *a, json_t **out,
		   char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	*out = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	svc_event_init(&ev, a, t, "recipient.list", 'R');
	ev.object_type = "recipient";
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if (!disclosures_keeper(a, t, &ev)) {
		struct authz_decision no = {.reason = "not_dpo_or_discloser",
					    .rule = "ACC-1"};

		ev.checks = "authz=deny";
		return svc_refuse(svc, a, &ev, &no, cause);
	}
	if (!a->system) {
		ev.reason = "dpo_or_discloser";
		ev.rule = "DIS-4";
		ev.checks = "authz=permit";
	}
	if ((*out = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_recipient_list(svc->store, a->tenant,
					  disclosures_recipient_add, *out);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/* --- disclosing --------------------------------------------------------- */

/* What one disclosure sends and the facts it is decided on. */
struct disclosures_act {
	unsigned cats;	/* bit per category */
	unsigned whole; /* categories sent whole */
	int nentries;
	struct {
		int64_t id;
		char uid[ZK_UUID_LEN];
		enum zk_category cat;
	} entries[DISCLOSURES_MAX_ITEMS];
	struct store_recipient r;
	int kind;
	int purpose;
	int32_t today;
	struct store_consent consent; /* the one relied on, if found */
	bool has_consent;
	bool objection;
	bool deceased;
	int64_t request_id;
};

/* Whether category list ("a,b,c") names c. */
static bool
disclosures_lists(const char *list, const char *c)
{
	size_t n = strlen(c);

	while (*list != '\0') {
		size_t k = strcspn(list, ",");

		if (k == n && strncmp(list, c, n) == 0)
			return true;
		list += k + (list[k] == ',');
	}
	return false;
}

/*
 * DIS-1, CON-1 to CON-4: whether consent c of the subject covers this
 * disclosure today: not withdrawn, in force, explicit for health data,
 * naming this recipient or its kind, and every category sent. NULL when
 * it does, else why not.
 */
static const char *
disclosures_covers(const struct store_consent *c,
		   const struct disclosures_act *x)
{
	int32_t from, until;
	bool health = false;

	if (c->withdrawn_at[0] != '\0')
		return "it was withdrawn (CON-3)";
	if (zk_date_parse(c->valid_from, &from) != 0 || from > x->today ||
	    (c->valid_until[0] != '\0' &&
	     (zk_date_parse(c->valid_until, &until) != 0 || until < x->today)))
		return "it is not in force today";
	if (c->recipient_kind[0] == '\0' && c->recipient[0] == '\0')
		return "it names no recipient nor kind of recipient";
	if (c->recipient_kind[0] != '\0' &&
	    profile_recipient_parse(c->recipient_kind) != x->kind)
		return "it names another kind of recipient";
	if (c->recipient[0] != '\0' && strcasecmp(c->recipient, x->r.name) != 0)
		return "it names another recipient";
	for (int k = 0; k < ZK_CAT_COUNT; k++) {
		if (!(x->cats & (1u << k)))
			continue;
		health |= vocab_category_is_health((enum zk_category)k);
		if (!disclosures_lists(c->categories, vocab_category_name(
							  (enum zk_category)k)))
			return "it does not cover every category disclosed";
	}
	if (health && !c->explicit_consent)
		return "consent for health data must be explicit (CON-2)";
	return NULL;
}

struct disclosures_find {
	struct disclosures_act *x;
	int64_t subject;
};

static int
disclosures_find_consent(void *arg, const struct store_consent *c)
{
	struct disclosures_find *f = arg;

	if (c->subject_id != f->subject || disclosures_covers(c, f->x) != NULL)
		return 0;
	f->x->consent = *c;
	f->x->has_consent = true;
	return 1;
}

/*
 * OBJ-1: an objection in force to this kind of recipient; its purpose,
 * when it names one of the disclosure purposes, is its scope.
 */
static int
disclosures_find_objection(void *arg, const struct store_objection *o)
{
	struct disclosures_act *x = arg;
	int p;

	if (o->lifted_at[0] != '\0' || o->recipient_kind[0] == '\0' ||
	    profile_recipient_parse(o->recipient_kind) != x->kind)
		return 0;
	p = o->purpose[0] != '\0' ? disclosure_purpose_parse(o->purpose) : -1;
	if (o->purpose[0] != '\0' && p != x->purpose)
		return 0;
	x->objection = true;
	return 1;
}

/* DIS-5: the identity says the subject died on or before today. */
static int
disclosures_deceased(struct service *svc, const struct actor *a,
		     const struct store_subject *s, int32_t today, bool *dead)
{
	json_t *identity = NULL;
	const char *died;
	int32_t d;
	int rc;

	*dead = false;
	if ((rc = svc_subject_identity(svc, a->tenant, s, &identity)) != 0)
		return rc;
	died = json_string_value(json_object_get(identity, "deceased_on"));
	if (died != NULL && zk_date_parse(died, &d) == 0 && d <= today)
		*dead = true;
	json_decref(identity);
	return 0;
}

/* Checks what the caller gives before anything is opened. */
static int
disclosures_check(const struct svc_disclosure_input *in,
		  struct disclosures_act *x, char **cause)
{
	if (!zk_uuid_valid(in->subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	if (!zk_uuid_valid(in->recipient_uid))
		return zk_fail(cause, ZK_EINVAL, "recipient is not an id");
	if (in->ncategories + in->nentries == 0)
		return zk_fail(cause, ZK_EINVAL,
			       "name the categories or entries disclosed");
	if (in->ncategories < 0 || in->nentries < 0 ||
	    in->nentries > DISCLOSURES_MAX_ITEMS ||
	    in->ncategories > ZK_CAT_COUNT)
		return zk_fail(cause, ZK_ETOOBIG,
			       "at most %d entries and %d categories",
			       DISCLOSURES_MAX_ITEMS, ZK_CAT_COUNT);
	for (int i = 0; i < in->ncategories; i++) {
		int c = vocab_category(in->categories[i]);

		if (c < 0)
			return zk_fail(
			    cause, ZK_EINVAL, "unknown category \"%s\" (CAT-1)",
			    in->categories[i] ? in->categories[i] : "");
		x->cats |= 1u << c;
		x->whole |= 1u << c;
	}
	for (int i = 0; i < in->nentries; i++)
		if (!zk_uuid_valid(in->entries[i]))
			return zk_fail(cause, ZK_EINVAL,
				       "entries must be entry ids");
	x->purpose = in->purpose != NULL ? disclosure_purpose_parse(in->purpose)
					 : (int)DISCLOSURE_FOR_UNSPECIFIED;
	if (x->purpose < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "purpose must be treatment, risk_assessment, "
			       "contract_execution, research or unspecified");
	if (in->legal_obligation != NULL &&
	    !disclosures_text(in->legal_obligation, 200, false))
		return zk_fail(cause, ZK_EINVAL,
			       "legal_obligation must name the statute, one "
			       "line of at most 199 bytes (DIS-1)");
	if (in->consent != NULL && !zk_uuid_valid(in->consent))
		return zk_fail(cause, ZK_EINVAL, "consent is not an id");
	if (in->request != NULL && !zk_uuid_valid(in->request))
		return zk_fail(cause, ZK_EINVAL, "request is not an id");
	return 0;
}

/*
 * Reads the facts of the store into x: the entries (of this subject),
 * the recipient, the request, the consent and objections, the death.
 * ZK_ENOTFOUND or ZK_EINVAL with *what (the reason code) and msg for a
 * refusal of what was asked; another code for a storage error.
 */
static int
disclosures_facts(struct service *svc, const struct actor *a,
		  const struct svc_disclosure_input *in,
		  const struct svc_facts *f, struct disclosures_act *x,
		  const char **what, char *msg, size_t n)
{
	struct disclosures_find find = {x, f->x.id};
	int rc;

	for (int i = 0; i < in->nentries; i++) {
		struct store_entry e;
		int c;

		memset(&e, 0, sizeof e);
		rc = store_entry_get(svc->store, a->tenant, in->entries[i], &e);
		c = rc == 0 ? vocab_category(e.category) : -1;
		if (rc == 0 && (e.subject_id != f->x.id || c < 0))
			rc = ZK_ENOTFOUND;
		x->entries[i].id = e.id;
		store_entry_release(&e);
		if (rc != 0) {
			*what = "no_such_entry";
			snprintf(msg, n, "no entry %s of this subject",
				 in->entries[i]);
			return rc;
		}
		zk_strlcpy(x->entries[i].uid, in->entries[i], ZK_UUID_LEN);
		x->entries[i].cat = (enum zk_category)c;
		x->cats |= 1u << c;
		x->nentries++;
	}
	rc = store_recipient_get(svc->store, a->tenant, in->recipient_uid,
				 &x->r);
	if (rc == 0 && (x->kind = profile_recipient_parse(x->r.kind)) < 0)
		rc = ZK_ECORRUPT;
	if (rc != 0) {
		*what = "no_such_recipient";
		snprintf(msg, n, "no recipient %s", in->recipient_uid);
		return rc;
	}
	if (in->request != NULL) {
		struct store_rq q;

		store_rq_init(&q);
		rc = store_rq_get(svc->store, a->tenant, in->request, &q);
		if (rc == 0 && q.subject_id != f->x.id)
			rc = ZK_ENOTFOUND;
		x->request_id = q.id;
		store_rq_release(&q);
		if (rc != 0) {
			*what = "no_such_request";
			snprintf(msg, n, "no request %s of this subject",
				 in->request);
			return rc;
		}
	}
	if (in->consent != NULL) {
		const char *why;

		rc = store_consent_get(svc->store, a->tenant, in->consent,
				       &x->consent);
		if (rc == 0 && x->consent.subject_id != f->x.id)
			rc = ZK_ENOTFOUND;
		if (rc != 0) {
			*what = "no_such_consent";
			snprintf(msg, n, "no consent %s of this subject",
				 in->consent);
			return rc;
		}
		if ((why = disclosures_covers(&x->consent, x)) != NULL) {
			*what = "consent_not_covering";
			snprintf(msg, n,
				 "consent %s does not cover this disclosure: "
				 "%s (DIS-1)",
				 in->consent, why);
			return ZK_EINVAL;
		}
		x->has_consent = true;
	} else {
		/* DIS-1: a consent of the subject that covers it counts. */
		rc = store_consent_list(svc->store, a->tenant, f->x.id,
					disclosures_find_consent, &find);
		if (rc < 0)
			return rc;
	}
	rc = store_objection_list(svc->store, a->tenant, f->x.id,
				  disclosures_find_objection, x);
	if (rc < 0)
		return rc;
	return disclosures_deceased(svc, a, &f->x, x->today, &x->deceased);
}

/* Records the disclosure and what went; its log entries, one a category. */
static int
disclosures_record(struct service *svc, const struct actor *a,
		   const struct svc_disclosure_input *in,
		   const struct disclosures_act *x, const struct svc_facts *f,
		   const struct disclosure_answer *ans, const char *uid,
		   struct audit_event *ev, char **cause)
{
	struct store_disclosure d;
	int64_t id;
	int rc;

	memset(&d, 0, sizeof d);
	zk_strlcpy(d.uid, uid, sizeof d.uid);
	d.subject_id = f->x.id;
	d.recipient_id = x->r.id;
	if (strcmp(ans->ground, "consent") == 0 && x->has_consent) {
		zk_strlcpy(d.ground, "consent", sizeof d.ground);
		d.consent_id = x->consent.id;
		ev->consent_ref = x->consent.uid;
	} else if (strcmp(ans->ground, "legal_obligation") == 0 &&
		   in->legal_obligation != NULL) {
		zk_strlcpy(d.ground, "legal_obligation", sizeof d.ground);
		zk_strlcpy(d.statute, in->legal_obligation, sizeof d.statute);
	} else {
		zk_strlcpy(d.ground, "exception", sizeof d.ground);
		zk_strlcpy(d.exception_code, ans->ground,
			   sizeof d.exception_code);
	}
	zk_strlcpy(d.purpose,
		   disclosure_purpose_name((enum disclosure_purpose)x->purpose),
		   sizeof d.purpose);
	d.identifiable = !in->non_identifiable;
	zk_strlcpy(d.rule, ans->rule, sizeof d.rule);
	zk_date_fmt(x->today, d.disclosed_on);
	zk_time_fmt(zk_now(), d.disclosed_at);
	zk_strlcpy(d.disclosed_by, a->user_uid, sizeof d.disclosed_by);
	d.request_id = x->request_id;
	rc = store_disclosure_create(svc->store, a->tenant, &d, &id);
	for (int k = 0; rc == 0 && k < ZK_CAT_COUNT; k++)
		if (x->whole & (1u << k))
			rc = store_disclosure_item_add(
			    svc->store, a->tenant, id,
			    vocab_category_name((enum zk_category)k), 0, NULL);
	for (int i = 0; rc == 0 && i < x->nentries; i++)
		rc = store_disclosure_item_add(
		    svc->store, a->tenant, id,
		    vocab_category_name(x->entries[i].cat), x->entries[i].id,
		    x->entries[i].uid);
	if (rc != 0)
		return svc_fail_act(svc, a, ev, rc, cause);
	/* LOG-1: one entry per category disclosed, with the ground. */
	ev->reason = ans->ground;
	ev->rule = ans->rule;
	for (int k = 0; k < ZK_CAT_COUNT; k++) {
		if (!(x->cats & (1u << k)))
			continue;
		ev->category = vocab_category_name((enum zk_category)k);
		if ((rc = svc_log_one(svc, a, ev, zk_now(), cause)) != 0)
			return rc;
	}
	return svc_log_finish(svc, cause);
}

int
svc_disclose(struct service *svc, const struct actor *a,
	     const struct svc_disclosure_input *in, char uid[ZK_UUID_LEN],
	     struct disclosure_answer *answer, char **cause)
{
	struct disclosures_act *x;
	struct authz_decision d = {0};
	struct disclosure_answer ans = {false, "no_consent", "DIS-1"};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[256], made[ZK_UUID_LEN], msg[200] = "";
	const char *what = NULL;
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((x = calloc(1, sizeof *x)) == NULL)
		return zk_fail(cause, ZK_ENOMEM, "out of memory");
	if ((rc = disclosures_check(in, x, cause)) != 0)
		goto out;
	x->today = svc_today(svc);
	zk_uuid_new(made);
	svc_event_init(&ev, a, t, "disclosure.create", 'E');
	ev.subject_uid = in->subject_uid;
	ev.object_type = "disclosure";
	ev.object_uid = made;
	ev.purpose =
	    disclosure_purpose_name((enum disclosure_purpose)x->purpose);
	if ((rc = svc_begin_write(svc)) != 0) {
		rc = zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
		goto out;
	}
	if ((rc = svc_facts_load(svc, a, in->subject_uid, zk_now(), &f)) != 0) {
		svc_facts_release(&f);
		store_rollback(svc->store);
		rc = zk_fail(cause, rc, "no subject %s", in->subject_uid);
		goto out;
	}
	rc = disclosures_facts(svc, a, in, &f, x, &what, msg, sizeof msg);
	/* ACC-1: the scheme must let the actor disclose every category. */
	for (int k = 0; k < ZK_CAT_COUNT; k++) {
		if (!(x->cats & (1u << k)))
			continue;
		ev.category = vocab_category_name((enum zk_category)k);
		svc_facts_decide(svc, a, t, &f, (enum zk_category)k,
				 ZK_ACT_DISCLOSE, NULL, &d);
		svc_facts_event(a, &ev, &d, &f, checks, sizeof checks);
		if (!d.permit) {
			svc_facts_release(&f);
			rc = svc_refuse(svc, a, &ev, &d, cause);
			goto out;
		}
	}
	if (rc != 0) {
		svc_facts_release(&f);
		rc =
		    svc_refuse_input(svc, a, &ev, rc, rc, what ? what : "error",
				     "DIS-1", cause, "%s", msg);
		goto out;
	}
	/* DIS-1 to DIS-5, OBJ-1, SEC-2: the decision, category by category. */
	for (int k = 0; k < ZK_CAT_COUNT; k++) {
		struct disclosure_facts df;

		if (!(x->cats & (1u << k)))
			continue;
		memset(&df, 0, sizeof df);
		df.recipient_kind = (enum profile_recipient)x->kind;
		zk_strlcpy(df.country, x->r.country, sizeof df.country);
		df.certified = x->r.certified != 0;
		df.category = (enum zk_category)k;
		df.purpose = (enum disclosure_purpose)x->purpose;
		df.consent = x->has_consent;
		df.objection = x->objection;
		df.legal_obligation = in->legal_obligation != NULL;
		df.identifiable = !in->non_identifiable;
		df.subject_deceased = x->deceased;
		disclosure_decide(t->profile, &df, &ans);
		if (!ans.permit) {
			struct authz_decision no = {.reason = ans.ground,
						    .rule = ans.rule};

			ev.category = vocab_category_name((enum zk_category)k);
			snprintf(checks, sizeof checks,
				 "authz=deny;consent=%s;disclosure=deny",
				 x->has_consent ? x->consent.uid
				 : x->objection ? "objection"
						: "missing");
			ev.checks = checks;
			svc_facts_release(&f);
			if (answer != NULL)
				*answer = ans;
			rc = svc_refuse(svc, a, &ev, &no, cause);
			goto out;
		}
	}
	snprintf(checks, sizeof checks,
		 "authz=permit;consent=%s;disclosure=permit",
		 strcmp(ans.ground, "consent") == 0 ? x->consent.uid
						    : "not_required");
	ev.checks = checks;
	rc = disclosures_record(svc, a, in, x, &f, &ans, made, &ev, cause);
	svc_facts_release(&f);
	if (rc == 0) {
		if (uid != NULL)
			zk_strlcpy(uid, made, ZK_UUID_LEN);
		if (answer != NULL)
			*answer = ans;
	}
out:
	free(x);
	return rc;
}

/* --- the register read back (DIS-1) ------------------------------------ */

struct disclosures_rows {
	struct service *svc;
	int64_t tenant;
	json_t *arr;
	int64_t ids[512];
	size_t n;
};

static int
disclosures_row(void *arg, const struct store_disclosure *d)
{
	struct disclosures_rows *w = arg;
	json_t *o;

	if (w->n == ZK_ARRAY_SIZE(w->ids))
		return ZK_ETOOBIG;
	o = json_pack(
	    "{s:s, s:o, s:s, s:s?, s:s?, s:s?, s:s, s:b, s:s, s:s, s:s, s:s, "
	    "s:s?}",
	    "id", d->uid, "recipient",
	    disclosures_recipient_json(&d->recipient), "ground", d->ground,
	    "consent", d->consent_uid[0] ? d->consent_uid : NULL,
	    "legal_obligation", d->statute[0] ? d->statute : NULL, "exception",
	    d->exception_code[0] ? d->exception_code : NULL, "purpose",
	    d->purpose, "identifiable", d->identifiable, "rule", d->rule,
	    "disclosed_on", d->disclosed_on, "disclosed_at", d->disclosed_at,
	    "disclosed_by", d->disclosed_by, "request",
	    d->request_uid[0] ? d->request_uid : NULL);
	if (o == NULL || json_array_append_new(w->arr, o) != 0)
		return ZK_ENOMEM;
	w->ids[w->n++] = d->id;
	return 0;
}

static int
disclosures_item(void *arg, const char *category, const char *entry_uid)
{
	json_t *o = json_pack("{s:s, s:s?}", "category", category, "entry",
			      entry_uid[0] ? entry_uid : NULL);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
disclosures_fill(struct service *svc, const struct actor *a,
		 const struct store_subject *x, json_t *arr, void *arg)
{
	struct disclosures_rows *w;
	int rc;

	(void)arg;
	if ((w = calloc(1, sizeof *w)) == NULL)
		return ZK_ENOMEM;
	w->svc = svc;
	w->tenant = a->tenant;
	w->arr = arr;
	rc = store_disclosure_list(svc->store, a->tenant, x->id,
				   disclosures_row, w);
	/* The items after the scan: one statement at a time. */
	for (size_t i = 0; rc == 0 && i < w->n; i++) {
		json_t *items = json_array();

		if (items == NULL || json_object_set_new(json_array_get(arr, i),
							 "items", items) != 0)
			rc = ZK_ENOMEM;
		else
			rc = store_disclosure_items(svc->store, a->tenant,
						    w->ids[i], disclosures_item,
						    items);
	}
	free(w);
	return rc;
}

int
svc_disclosure_list(struct service *svc, const struct actor *a,
		    const char *subject_uid, json_t **out, char **cause)
{
	struct svc_things what = {"disclosure.list", "disclosure",
				  ZK_CAT_IDENTITY, disclosures_fill, NULL};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}

/* --- COR-3: notices to recipients -------------------------------------- */

struct disclosures_set {
	int64_t ids[DISCLOSURES_MAX_RECIPIENTS];
	int n;
};

static int
disclosures_set_add(void *arg, int64_t id)
{
	struct disclosures_set *s = arg;

	for (int i = 0; i < s->n; i++)
		if (s->ids[i] == id)
			return 0;
	if (s->n == DISCLOSURES_MAX_RECIPIENTS)
		return ZK_ETOOBIG;
	s->ids[s->n++] = id;
	return 0;
}

/* Opens the notices of one change to every recipient in set. */
static int
disclosures_open_all(struct service *svc, int64_t tenant, int64_t subject,
		     const char *change, int64_t request, int64_t entry,
		     const struct disclosures_set *set, const char *now,
		     int *opened)
{
	struct store_rnotice n;
	int rc = 0;

	store_rnotice_init(&n);
	n.subject_id = subject;
	zk_strlcpy(n.change, change, sizeof n.change);
	n.request_id = request;
	n.entry_id = entry;
	zk_strlcpy(n.opened_at, now, sizeof n.opened_at);
	for (int i = 0; rc == 0 && i < set->n; i++) {
		zk_uuid_new(n.uid);
		n.recipient_id = set->ids[i];
		rc = store_rnotice_open(svc->store, tenant, &n);
		if (rc == 0)
			(*opened)++;
		else if (rc == ZK_ECONFLICT)
			rc = 0; /* this recipient is told of it already */
	}
	store_rnotice_release(&n);
	return rc;
}

int
svc_notices_open(struct service *svc, int64_t tenant, int64_t subject_id,
		 const char *change, int64_t request_id,
		 const int64_t *entry_ids, int n, int *opened)
{
	struct disclosures_set *set;
	char now[ZK_TIME_LEN];
	int rc = 0;

	*opened = 0;
	if (!disclosures_in(change, disclosures_changes,
			    ZK_ARRAY_SIZE(disclosures_changes)) ||
	    n < 0 || (n > 0 && entry_ids == NULL) ||
	    (request_id == 0 && n == 0))
		return ZK_EINVAL;
	if ((set = calloc(1, sizeof *set)) == NULL)
		return ZK_ENOMEM;
	zk_time_fmt(zk_now(), now);
	if (request_id != 0) {
		/* One notice per recipient for the request as a whole. */
		for (int i = 0; rc == 0 && i < (n > 0 ? n : 1); i++)
			rc = store_disclosure_recipients(
			    svc->store, tenant, subject_id,
			    n > 0 ? entry_ids[i] : 0, now, disclosures_set_add,
			    set);
		if (rc == 0)
			rc = disclosures_open_all(
			    svc, tenant, subject_id, change, request_id,
			    n > 0 ? entry_ids[0] : 0, set, now, opened);
	} else {
		/* Without a request, one per recipient per entry. */
		for (int i = 0; rc == 0 && i < n; i++) {
			set->n = 0;
			rc = store_disclosure_recipients(
			    svc->store, tenant, subject_id, entry_ids[i], now,
			    disclosures_set_add, set);
			if (rc == 0)
				rc = disclosures_open_all(
				    svc, tenant, subject_id, change, 0,
				    entry_ids[i], set, now, opened);
		}
	}
	free(set);
	return rc;
}

int
svc_notice_record(struct service *svc, const struct actor *a,
		  const char *notice_uid, const char *outcome,
		  const char *channel, const char *reason, char **cause)
{
	struct store_rnotice n;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200], subject[ZK_UUID_LEN];
	bool sent;
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!zk_uuid_valid(notice_uid))
		return zk_fail(cause, ZK_EINVAL, "not a notice id");
	if (outcome == NULL || (strcmp(outcome, "sent") != 0 &&
				strcmp(outcome, "impossible") != 0 &&
				strcmp(outcome, "disproportionate") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "outcome must be sent, impossible or "
			       "disproportionate (COR-3)");
	sent = strcmp(outcome, "sent") == 0;
	if (sent && !disclosures_in(channel, disclosures_channels,
				    ZK_ARRAY_SIZE(disclosures_channels)))
		return zk_fail(cause, ZK_EINVAL,
			       "a notice sent names its channel: post, email, "
			       "secure_mail, phone, in_person or portal "
			       "(COR-3)");
	if (!sent && channel != NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "a notice not sent has no channel");
	if (!sent && !disclosures_text(reason, 1001, true))
		return zk_fail(cause, ZK_EINVAL,
			       "a notice that is %s needs its reason, at "
			       "most 1000 bytes (COR-3)",
			       outcome);
	if (sent && reason != NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "a notice sent needs no reason");
	/* The notice names its subject; look it up first, read only. */
	store_rnotice_init(&n);
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	rc = store_rnotice_get(svc->store, a->tenant, notice_uid, &n);
	zk_strlcpy(subject, n.subject_uid, sizeof subject);
	store_rollback(svc->store);
	if (rc != 0) {
		store_rnotice_release(&n);
		return zk_fail(cause, rc, "no notice %s", notice_uid);
	}
	svc_event_init(&ev, a, t, "recipient_notice.record", 'U');
	ev.subject_uid = subject;
	ev.object_type = "recipient_notice";
	ev.object_uid = notice_uid;
	ev.category = "identity";
	if ((rc = svc_begin_write(svc)) != 0) {
		store_rnotice_release(&n);
		return zk_fail(cause, rc, "cannot start");
	}
	if ((rc = svc_facts_load(svc, a, subject, zk_now(), &f)) != 0) {
		svc_facts_release(&f);
		store_rollback(svc->store);
		store_rnotice_release(&n);
		return zk_fail(cause, rc, "no notice %s", notice_uid);
	}
	/* COR-3: the DPO, or who may disclose the subject's data. */
	if (!a->system && svc_event_role(&ev, a, t, 1u << ZK_ROLE_DPO)) {
		d.permit = true;
		d.reason = "dpo";
		d.rule = "COR-3";
	} else {
		svc_facts_decide(svc, a, t, &f, ZK_CAT_IDENTITY,
				 ZK_ACT_DISCLOSE, NULL, &d);
	}
	svc_facts_event(a, &ev, &d, &f, checks, sizeof checks);
	if (!d.permit) {
		svc_facts_release(&f);
		store_rnotice_release(&n);
		return svc_refuse(svc, a, &ev, &d, cause);
	}
	zk_strlcpy(n.state, outcome, sizeof n.state);
	zk_strlcpy(n.channel, sent ? channel : "", sizeof n.channel);
	if (sent)
		zk_date_fmt(svc_today(svc), n.sent_on);
	else
		n.sent_on[0] = '\0';
	n.reason.len = 0;
	rc = 0;
	if (!sent)
		rc = svc_seal_text(svc, a->tenant, &f.x, notice_uid, "reason",
				   reason, &n.reason);
	svc_facts_release(&f);
	zk_time_fmt(zk_now(), n.recorded_at);
	zk_strlcpy(n.recorded_by, a->user_uid, sizeof n.recorded_by);
	if (rc == 0)
		rc = store_rnotice_record(svc->store, a->tenant, &n);
	store_rnotice_release(&n);
	if (rc == ZK_ECONFLICT)
		return svc_refuse_input(
		    svc, a, &ev, rc, rc, "already_recorded", "COR-3", cause,
		    "notice %s was recorded already", notice_uid);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

struct disclosures_notices {
	struct service *svc;
	int64_t tenant;
	const struct store_subject *x;
	json_t *arr;
};

static int
disclosures_notice_json(void *arg, const struct store_rnotice *n)
{
	struct disclosures_notices *w = arg;
	char *reason = NULL;
	json_t *o;
	int rc;

	if (n->reason.len > 0 &&
	    (rc = svc_open_text(w->svc, w->tenant, w->x, n->uid, "reason",
				n->reason.data, n->reason.len, &reason)) != 0)
		return rc;
	o = json_pack("{s:s, s:{s:s, s:s}, s:s, s:s?, s:s?, s:s, s:s?, s:s?, "
		      "s:s?, s:s, s:s?}",
		      "id", n->uid, "recipient", "id", n->recipient_uid, "name",
		      n->recipient_name, "change", n->change, "request",
		      n->request_uid[0] ? n->request_uid : NULL, "entry",
		      n->entry_uid[0] ? n->entry_uid : NULL, "state", n->state,
		      "channel", n->channel[0] ? n->channel : NULL, "sent_on",
		      n->sent_on[0] ? n->sent_on : NULL, "reason", reason,
		      "opened_at", n->opened_at, "recorded_at",
		      n->recorded_at[0] ? n->recorded_at : NULL);
	if (reason != NULL) {
		seal_wipe(reason, strlen(reason));
		free(reason);
	}
	if (o == NULL || json_array_append_new(w->arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
disclosures_notices_fill(struct service *svc, const struct actor *a,
			 const struct store_subject *x, json_t *arr, void *arg)
{
	struct disclosures_notices w = {svc, a->tenant, x, arr};

	(void)arg;
	return store_rnotice_list(svc->store, a->tenant, x->id,
				  disclosures_notice_json, &w);
}

int
svc_recipient_notice_list(struct service *svc, const struct actor *a,
			  const char *subject_uid, json_t **out, char **cause)
{
	struct svc_things what = {"recipient_notice.list", "recipient_notice",
				  ZK_CAT_IDENTITY, disclosures_notices_fill,
				  NULL};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}
