/*
 * consent.c: representatives, capacity assessments and the consent
 * registry, through the door.
 *
 * A consent is demonstrable (CON-1): who gave it — the subject, or which
 * representative on what basis (REP-6) — when, in what form, the evidence
 * and its scope. Who may give or withdraw it for the subject is decided by
 * the representation rules of the profile (REP-1 to REP-4) on the day.
 * Processing that rests on consent checks it at the moment of use (CON-4,
 * entries.c); a withdrawal stops that processing from then on (CON-3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy/representation.h"
#include "service/representation.h"
#include "service/requests_deceased.h"
#include "service/service_int.h"
#include "store/store_kin.h"

#define CONSENT_MAX_PEOPLE REP_MAX_PEOPLE

static const char *const consent_forms[] = {"written", "verbal", "electronic",
					    "conduct"};

/* The facts representation needs, gathered from the store. */
struct consent_rep {
	struct rep_facts f;
	struct rep_assessment as[REP_MAX_ASSESSMENTS];
	struct rep_person people[CONSENT_MAX_PEOPLE];
	char ids[CONSENT_MAX_PEOPLE][ZK_UUID_LEN];
};

static int
consent_collect_person(void *arg, const struct store_representative *r)
{
	struct consent_rep *c = arg;
	int k = rep_kind_parse(r->kind);

	if (k < 0)
		return 0;
	/* Fail closed: no one registered may be left out of the order. */
	if (c->f.npeople == CONSENT_MAX_PEOPLE)
		return ZK_ETOOBIG;
	zk_strlcpy(c->ids[c->f.npeople], r->uid, ZK_UUID_LEN);
	c->people[c->f.npeople].id = c->ids[c->f.npeople];
	c->people[c->f.npeople].kind = (enum rep_kind)k;
	c->people[c->f.npeople].declines = r->declines != 0;
	c->people[c->f.npeople].absent = r->absent != 0;
	c->people[c->f.npeople].legal_consent = r->legal_consent != 0;
	c->f.npeople++;
	return 0;
}

static int
consent_collect_capacity(void *arg, const struct store_capacity *a)
{
	struct consent_rep *c = arg;
	int32_t d, l = 0;
	int m;

	/*
	 * Newest first: the latest assessment on or before the day decides
	 * (REP-4), so the older ones beyond the limit can be left out.
	 */
	if (zk_date_parse(a->assessed_on, &d) != 0 || d > c->f.on)
		return 0;
	if (c->f.nassessments == REP_MAX_ASSESSMENTS)
		return 1;
	c->as[c->f.nassessments].able = a->able != 0;
	c->as[c->f.nassessments].assessed_on = d;
	/* REP-4 (028): the matter, and the day it lapses. */
	m = rep_matter_parse(a->scope);
	c->as[c->f.nassessments].matter =
	    m < 0 ? REP_MATTER_GENERAL : (enum rep_matter)m;
	c->as[c->f.nassessments].lapses =
	    a->lapses_on[0] != '\0' && zk_date_parse(a->lapses_on, &l) == 0;
	c->as[c->f.nassessments].lapses_on = l;
	c->f.nassessments++;
	return 0;
}

/* Back to the order recorded, oldest first, as rep_decide() reads it. */
static void
consent_capacity_order(struct consent_rep *c)
{
	for (int i = 0, j = c->f.nassessments - 1; i < j; i++, j--) {
		struct rep_assessment x = c->as[i];

		c->as[i] = c->as[j];
		c->as[j] = x;
	}
}

/* What someone acting for the subject does. */
enum consent_act {
	CONSENT_GIVE,	/* give a consent */
	CONSENT_REVOKE, /* withdraw a consent, or object (CON-3, OBJ-1) */
};

/* True when id is among the people of ans. */
static bool
consent_in(const struct rep_answer *ans, const char *id)
{
	for (int i = 0; id != NULL && i < ans->nwho; i++)
		if (strcmp(ans->who[i], id) == 0)
			return true;
	return false;
}

/*
 * Whether by ("subject" or a representative's uid), with also when two
 * act together, may do act for the subject now; writes the basis for
 * REP-6.
 *
 * - REP-1: a child of 12 to 15 who is able gives consent together with a
 *   parent with authority or the guardian: by and also, one of them the
 *   child (WGBO 7:450(2)). Either of them can take it back.
 * - CON-3, OBJ-1: an able subject who authorised someone in writing
 *   (REP-3) can still withdraw a consent or object themselves: the
 *   authorisation lets someone act for them, it does not silence them.
 */
static int
consent_may_act(struct service *svc, const struct actor *a,
		const struct svc_tenant *t, struct svc_facts *f, const char *by,
		const char *also, enum consent_act act, char *basis, size_t n,
		const char **rule)
{
	struct consent_rep *c;
	struct rep_answer ans;
	json_t *identity = NULL;
	const char *birth, *died;
	int rc, ok = 0;

	*rule = "REP-1";
	if (n > 0)
		basis[0] = '\0';
	if ((c = calloc(1, sizeof *c)) == NULL)
		return ZK_ENOMEM;
	c->f.on = svc_today(svc);
	/* REP-4: every act here exercises the subject's rights over their
	 * data: a treatment assessment does not decide it. */
	c->f.matter = REP_MATTER_PRIVACY;
	rc = svc_subject_identity(svc, a->tenant, &f->x, &identity);
	if (rc == 0) {
		birth =
		    json_string_value(json_object_get(identity, "birth_date"));
		died =
		    json_string_value(json_object_get(identity, "deceased_on"));
		if (birth == NULL ||
		    zk_date_parse(birth, &c->f.birth_date) != 0)
			rc = ZK_ECONFLICT;
		if (rc == 0 && died != NULL &&
		    zk_date_parse(died, &c->f.deceased_on) == 0)
			c->f.deceased = c->f.deceased_on <= c->f.on;
	}
	json_decref(identity);
	if (rc == 0) {
		rc = store_capacity_list(svc->store, a->tenant, f->x.id,
					 consent_collect_capacity, c);
		if (rc == 1)
			rc = 0;
		consent_capacity_order(c);
	}
	if (rc == 0)
		rc = store_representative_list(svc->store, a->tenant, f->x.id,
					       consent_collect_person, c);
	if (rc == 0) {
		c->f.assessments = c->as;
		c->f.people = c->people;
		rep_decide(&t->profile->representation, &c->f, &ans);
		*rule = ans.rule;
		ok = consent_in(&ans, by);
		if (act == CONSENT_GIVE && ans.acts == REP_ACTS_BOTH)
			ok = ok && consent_in(&ans, also) &&
			     strcmp(by, also) != 0 &&
			     (strcmp(by, "subject") == 0) !=
				 (strcmp(also, "subject") == 0);
		else if (also != NULL)
			ok = ok && consent_in(&ans, also);
		if (!ok && act == CONSENT_REVOKE &&
		    strcmp(by, "subject") == 0 &&
		    strcmp(ans.reason, "authorised_in_writing") == 0) {
			ok = 1;
			ans.rule = "CON-3";
			ans.reason = "able_subject_despite_authorisation";
		}
		snprintf(basis, n, "%s %s", ans.rule, ans.reason);
	}
	free(c);
	if (rc != 0)
		return rc;
	return ok ? 0 : ZK_EDENIED;
}

/*
 * REP-6: names in ev the representative by (a uid) who acts, as
 * "representative:UID" in buf; nothing when by is NULL or "subject".
 */
static void
consent_on_behalf(struct audit_event *ev, const char *by, char *buf, size_t n)
{
	if (by == NULL || strcmp(by, "subject") == 0)
		return;
	snprintf(buf, n, "representative:%s", by);
	ev->on_behalf_of = buf;
}

int
svc_may_act_for(struct service *svc, const struct actor *a,
		const struct svc_tenant *t, struct svc_facts *f, const char *by,
		char *basis, size_t n, const char **rule)
{
	return consent_may_act(svc, a, t, f, by, NULL, CONSENT_REVOKE, basis, n,
			       rule);
}

/*
 * Ends a consent act for which consent_may_act() or the representative's
 * lookup failed with rc: a birth date that is needed, a representative not
 * registered for the subject (refused and logged), or a storage error.
 */
static int
consent_refuse_input(struct service *svc, const struct actor *a,
		     struct audit_event *ev, int rc, char **cause)
{
	if (rc == ZK_ECONFLICT)
		return svc_refuse_input(svc, a, ev, rc, ZK_EINVAL,
					"birth_date_unknown", "REP-1", cause,
					"the subject's birth date is needed "
					"to decide who may act for them "
					"(REP-1)");
	if (rc == ZK_ETOOBIG)
		return svc_refuse_input(svc, a, ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"too_many_representatives", "REP-1",
					cause,
					"more than %d representatives are "
					"registered for the subject; who may "
					"act cannot be decided (REP-1)",
					CONSENT_MAX_PEOPLE);
	return svc_refuse_input(svc, a, ev, rc, rc, "unknown_representative",
				"REP-6", cause,
				"no such representative of the subject");
}

static int
consent_count_rep(void *arg, const struct store_representative *r)
{
	(void)r;
	++*(int *)arg;
	return 0;
}

/*
 * Whether a representative may be registered for subject x on the
 * request's day: ZK_ETOOBIG when the order already holds all it can weigh
 * (REP-1); for an authorisation in writing (REP-3), ZK_EDENIED when the
 * subject is younger than the profile's age for authorising (M§7.5: 16)
 * today, so certainly when they signed it, and ZK_ECONFLICT when their
 * birth date is not known. An older subject may have signed before that
 * age; a registration is taken to be made in time.
 */
static int
consent_may_register(struct service *svc, const struct actor *a,
		     const struct svc_tenant *t, const struct store_subject *x,
		     const char *kind)
{
	json_t *identity = NULL;
	const char *birth;
	int32_t born;
	int n = 0, rc;

	rc = store_representative_list(svc->store, a->tenant, x->id,
				       consent_count_rep, &n);
	if (rc != 0)
		return rc;
	if (n >= CONSENT_MAX_PEOPLE)
		return ZK_ETOOBIG;
	if (strcmp(kind, "authorised_in_writing") != 0)
		return 0;
	if ((rc = svc_subject_identity(svc, a->tenant, x, &identity)) != 0)
		return rc;
	birth = json_string_value(json_object_get(identity, "birth_date"));
	if (birth == NULL || zk_date_parse(birth, &born) != 0)
		rc = ZK_ECONFLICT;
	else if (rep_age(born, svc_today(svc)) <
		 t->profile->representation.authorise_from)
		rc = ZK_EDENIED;
	json_decref(identity);
	return rc;
}

int
svc_representative_add(struct service *svc, const struct actor *a,
		       const char *subject_uid, const char *kind,
		       const char *name, bool declines, bool absent,
		       bool legal_consent, char uid[ZK_UUID_LEN], char **cause)
{
	struct store_representative r;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200];
	int rc;

	if (rep_kind_parse(kind) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "unknown representative kind \"%s\"",
			       kind ? kind : "");
	if (name == NULL || name[0] == '\0' || strlen(name) > 200 ||
	    !zk_utf8_valid(name, strlen(name)))
		return zk_fail(cause, ZK_EINVAL,
			       "a representative needs a name of at most 200 "
			       "bytes");
	memset(&r, 0, sizeof r);
	zk_uuid_new(r.uid);
	if ((rc = svc_subject_begin(
		 svc, a, subject_uid,
		 &(struct svc_on_subject){"representative.create", 'C',
					  ZK_CAT_IDENTITY, ZK_ACT_CORRECT, NULL,
					  NULL},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	ev.object_type = "representative";
	ev.object_uid = r.uid;
	if ((rc = consent_may_register(svc, a, t, &f.x, kind)) != 0) {
		svc_facts_release(&f);
		if (rc == ZK_EDENIED)
			return svc_refuse_input(
			    svc, a, &ev, ZK_EINVAL, ZK_EDENIED,
			    "too_young_to_authorise", "REP-3", cause,
			    "the subject is younger than %d: they cannot have "
			    "authorised anyone in writing (REP-3)",
			    t->profile->representation.authorise_from);
		if (rc == ZK_ECONFLICT)
			return svc_refuse_input(
			    svc, a, &ev, rc, ZK_EINVAL, "birth_date_unknown",
			    "REP-3", cause,
			    "the subject's birth date is needed to register "
			    "an authorisation (REP-3)");
		if (rc == ZK_ETOOBIG)
			return svc_refuse_input(
			    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
			    "too_many_representatives", "REP-1", cause,
			    "the subject has %d representatives registered, "
			    "the most there can be (REP-1)",
			    CONSENT_MAX_PEOPLE);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	r.subject_id = f.x.id;
	zk_strlcpy(r.kind, kind, sizeof r.kind);
	r.declines = declines;
	r.absent = absent;
	r.legal_consent = legal_consent;
	zk_time_fmt(zk_now(), r.created_at);
	zk_buf_init(&r.name, 0);
	rc = svc_seal_text(svc, a->tenant, &f.x, r.uid, "representative", name,
			   &r.name);
	svc_facts_release(&f);
	if (rc == 0)
		rc = store_representative_create(svc->store, a->tenant, &r,
						 NULL);
	store_representative_release(&r);
	return svc_log_created(svc, a, &ev, rc, r.uid, uid, cause);
}

int
svc_capacity_add(struct service *svc, const struct actor *a,
		 const char *subject_uid, bool able, const char *assessed_on,
		 const char *matter, char uid[ZK_UUID_LEN], char **cause)
{
	return svc_capacity_add_by(svc, a, NULL, subject_uid, able, assessed_on,
				   matter, uid, cause);
}

int
svc_capacity_add_by(struct service *svc, const struct actor *a,
		    const char *assessor, const char *subject_uid, bool able,
		    const char *assessed_on, const char *matter,
		    char uid[ZK_UUID_LEN], char **cause)
{
	return svc_capacity_add_terms(svc, a, assessor, subject_uid, able,
				      assessed_on, matter, NULL, NULL, uid,
				      cause);
}

int
svc_capacity_add_terms(struct service *svc, const struct actor *a,
		       const char *assessor, const char *subject_uid, bool able,
		       const char *assessed_on, const char *matter,
		       const char *scope, const char *lapses_on,
		       char uid[ZK_UUID_LEN], char **cause)
{
	struct store_user by;
	int32_t lapse;

	struct store_capacity c;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	struct zk_buf sealed;
	char checks[200];
	int32_t day;
	int rc;

	if (assessed_on == NULL || zk_date_parse(assessed_on, &day) != 0 ||
	    day > svc_today(svc))
		return zk_fail(cause, ZK_EINVAL,
			       "assessed_on must be a date, not in the future");
	if (matter == NULL || matter[0] == '\0' || strlen(matter) > 63)
		return zk_fail(cause, ZK_EINVAL,
			       "name the matter assessed (REP-4), at most 63 "
			       "bytes");
	if (scope != NULL && rep_matter_parse(scope) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "the scope is general, privacy or treatment "
			       "(REP-4)");
	if (lapses_on != NULL &&
	    (zk_date_parse(lapses_on, &lapse) != 0 || lapse <= day))
		return zk_fail(cause, ZK_EINVAL,
			       "lapses_on must be a date after assessed_on "
			       "(REP-4)");
	/* REP-4: by whom; the system assessed nobody. */
	memset(&by, 0, sizeof by);
	if (assessor == NULL && a->system)
		return zk_fail(cause, ZK_EINVAL,
			       "name the staff member who assessed (REP-4)");
	if (assessor != NULL) {
		rc = store_user_get(svc->store, a->tenant, assessor, &by);
		if (rc == ZK_ENOTFOUND || (rc == 0 && by.disabled))
			return zk_fail(cause, ZK_EINVAL,
				       "no active staff member \"%s\" "
				       "(REP-4)",
				       assessor);
		if (rc != 0)
			return zk_fail(cause, rc, "cannot read users: %s",
				       zk_strerror(rc));
	}
	memset(&c, 0, sizeof c);
	zk_uuid_new(c.uid);
	/* REP-4: a care judgement, made within a care relation. */
	if ((rc = svc_subject_begin(
		 svc, a, subject_uid,
		 &(struct svc_on_subject){"capacity.create", 'C', ZK_CAT_CARE,
					  ZK_ACT_CREATE, NULL, NULL},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	ev.object_type = "capacity_assessment";
	ev.object_uid = c.uid;
	/* Nobody is assessed before they were born. */
	{
		json_t *identity = NULL;
		const char *born;
		int32_t b;

		if (svc_subject_identity(svc, a->tenant, &f.x, &identity) ==
			0 &&
		    (born = json_string_value(
			 json_object_get(identity, "birth_date"))) != NULL &&
		    zk_date_parse(born, &b) == 0 && day < b) {
			json_decref(identity);
			svc_facts_release(&f);
			return svc_refuse_input(
			    svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
			    "assessed_before_birth", "REP-4", cause,
			    "assessed_on lies before the client's birth");
		}
		json_decref(identity);
	}
	c.subject_id = f.x.id;
	c.able = able;
	zk_strlcpy(c.assessed_on, assessed_on, sizeof c.assessed_on);
	zk_strlcpy(c.assessed_by, assessor != NULL ? by.uid : a->user_uid,
		   sizeof c.assessed_by);
	/* The matter may name a treatment: sealed like care data. */
	zk_buf_init(&sealed, 0);
	rc = svc_seal_text(svc, a->tenant, &f.x, c.uid, "matter", matter,
			   &sealed);
	svc_facts_release(&f);
	c.matter = sealed.data;
	c.matter_len = sealed.len;
	if (rc == 0)
		rc = store_capacity_create(svc->store, a->tenant, &c);
	if (rc == 0 && (scope != NULL || lapses_on != NULL))
		rc = store_capacity_terms(svc->store, a->tenant, c.uid,
					  scope ? scope : "general", lapses_on);
	zk_buf_release(&sealed);
	return svc_log_created(svc, a, &ev, rc, c.uid, uid, cause);
}

/* Checks the scope: categories the profile uses, as "a,b,c". */
static int
consent_categories(const struct profile *p, json_t *arr, char *out, size_t n,
		   int *health, char **cause)
{
	json_t *v;
	size_t i;

	out[0] = '\0';
	*health = 0;
	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > ZK_CAT_COUNT)
		return zk_fail(cause, ZK_EINVAL,
			       "categories must list 1 to 9 categories");
	json_array_foreach(arr, i, v)
	{
		int c = vocab_category(json_string_value(v));

		if (c < 0 || !p->categories[c].used)
			return zk_fail(
			    cause, ZK_EINVAL,
			    "unknown category in the consent's scope "
			    "(CAT-1)");
		for (size_t k = 0; k < i; k++)
			if (vocab_category(
				json_string_value(json_array_get(arr, k))) == c)
				return zk_fail(
				    cause, ZK_EINVAL,
				    "category \"%s\" is named "
				    "twice",
				    vocab_category_name((enum zk_category)c));
		if (c == ZK_CAT_WORK_NOTE)
			return zk_fail(cause, ZK_EINVAL,
				       "work notes are not shared (CAT-4)");
		*health |= vocab_category_is_health((enum zk_category)c);
		if (i > 0)
			strncat(out, ",", n - strlen(out) - 1);
		strncat(out, vocab_category_name((enum zk_category)c),
			n - strlen(out) - 1);
	}
	return 0;
}

/* ZK_EINVAL when a category of list (comma-separated) does not apply to
 * the subject's kind. */
static int
consent_kind_check(const struct profile *p, const struct svc_facts *f,
		   const char *list)
{
	int k = vocab_kind(f->x.kind);

	while (*list != '\0') {
		char name[32];
		size_t n = strcspn(list, ",");
		int c;

		if (k < 0 || n >= sizeof name)
			return ZK_EINVAL;
		memcpy(name, list, n);
		name[n] = '\0';
		c = vocab_category(name);
		if (c < 0 || !(p->categories[c].kinds & (1u << (unsigned)k)))
			return ZK_EINVAL;
		list += n + (list[n] == ',');
	}
	return 0;
}

int
svc_consent_record(struct service *svc, const struct actor *a,
		   const struct svc_consent_input *in, char uid[ZK_UUID_LEN],
		   char **cause)
{
	struct store_consent c;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200], on_behalf[64];
	const char *rule, *rep;
	int32_t from, until;
	int ok = 0, health, rc;

	memset(&c, 0, sizeof c);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	for (size_t i = 0; in->form && i < ZK_ARRAY_SIZE(consent_forms); i++)
		ok |= strcmp(in->form, consent_forms[i]) == 0;
	if (!ok)
		return zk_fail(cause, ZK_EINVAL,
			       "form must be written, verbal, electronic or "
			       "conduct (CON-1)");
	if (profile_purpose(t->profile, in->purpose) == NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "purpose \"%s\" is not one of the profile's "
			       "(PUR-1)",
			       in->purpose ? in->purpose : "");
	if ((rc = consent_categories(t->profile, in->categories, c.categories,
				     sizeof c.categories, &health, cause)) != 0)
		return rc;
	/* CON-2: consent for health data must be explicit. */
	if (health && !in->explicit_consent)
		return zk_fail(cause, ZK_EINVAL,
			       "consent for health data must be explicit "
			       "(CON-2)");
	if (in->valid_from == NULL ||
	    zk_date_parse(in->valid_from, &from) != 0 ||
	    (in->valid_until != NULL &&
	     (zk_date_parse(in->valid_until, &until) != 0 || until < from)))
		return zk_fail(cause, ZK_EINVAL,
			       "valid_from and valid_until must be dates, in "
			       "order");
	/* CON-1: demonstrable, so where the proof is kept is named. */
	if (in->evidence == NULL ||
	    zk_text_check(in->evidence, false) != ZK_TEXT_OK)
		return zk_fail(cause, ZK_EINVAL,
			       "evidence must name where the proof of the "
			       "consent is kept: a document, a scan, a note "
			       "of the conversation (CON-1)");
	if (strlen(in->evidence) >= sizeof c.evidence)
		return zk_fail(cause, ZK_ETOOBIG,
			       "evidence reference too long");
	if (in->given_by != NULL && in->also_given_by != NULL &&
	    strcmp(in->given_by, in->also_given_by) == 0)
		return zk_fail(cause, ZK_EINVAL,
			       "given_by and also_given_by name the same "
			       "person (REP-1)");
	if (in->recipient != NULL &&
	    (strlen(in->recipient) >= sizeof c.recipient ||
	     !zk_utf8_valid(in->recipient, strlen(in->recipient))))
		return zk_fail(cause, ZK_EINVAL,
			       "recipient must be UTF-8 text of at most %zu "
			       "bytes",
			       sizeof c.recipient - 1);
	if (in->recipient_kind != NULL && in->recipient_kind[0] != '\0') {
		int kind = profile_recipient_parse(in->recipient_kind);

		if (kind < 0)
			return zk_fail(cause, ZK_EINVAL,
				       "unknown recipient kind \"%s\"",
				       in->recipient_kind);
		/* DIS-3: the profile can forbid a whole kind of recipient;
		 * a consent cannot open what the regulation closes. */
		if (t->profile->recipients[kind].set &&
		    !t->profile->recipients[kind].allowed)
			return zk_fail(cause, ZK_EINVAL,
				       "the regulation allows no disclosure to "
				       "a recipient of kind \"%s\" (DIS-3)",
				       in->recipient_kind);
	}
	zk_uuid_new(c.uid);
	if ((rc = svc_subject_begin(svc, a, in->subject_uid,
				    &(struct svc_on_subject){
					"consent.create", 'C', ZK_CAT_IDENTITY,
					ZK_ACT_CORRECT, NULL, NULL},
				    &t, &f, &ev, &d, checks, sizeof checks,
				    cause)) != 0)
		return rc;
	ev.object_type = "consent";
	ev.object_uid = c.uid;
	ev.consent_ref = c.uid;
	ev.purpose = in->purpose;
	/* CAT-1: the scope holds only data this kind of subject has. */
	if ((rc = consent_kind_check(t->profile, &f, c.categories)) != 0) {
		svc_facts_release(&f);
		return svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					"category_not_for_subject_kind",
					"CAT-1", cause,
					"a category of the scope does not "
					"apply to a %s (CAT-1)",
					f.x.kind);
	}
	/* REP-6: the log names the representative who acts, refused too. */
	consent_on_behalf(&ev,
			  in->given_by != NULL &&
				  strcmp(in->given_by, "subject") != 0
			      ? in->given_by
			      : in->also_given_by,
			  on_behalf, sizeof on_behalf);
	/* REP-1 to REP-4, REP-6: the one giving it may act for the subject. */
	rc = consent_may_act(
	    svc, a, t, &f, in->given_by ? in->given_by : "subject",
	    in->also_given_by, CONSENT_GIVE, c.representative_basis,
	    sizeof c.representative_basis, &rule);
	if (rc == ZK_EDENIED) {
		struct authz_decision no = {.reason = "may_not_act_for_subject",
					    .rule = rule};

		svc_facts_release(&f);
		svc_facts_event(a, &ev, &no, &f, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &no, cause);
	}
	/* REP-6: the representative among those who gave it. */
	rep = in->given_by != NULL && strcmp(in->given_by, "subject") != 0
		  ? in->given_by
		  : in->also_given_by;
	if (rc == 0 && rep != NULL && strcmp(rep, "subject") != 0) {
		zk_strlcpy(c.representative_uid, rep,
			   sizeof c.representative_uid);
		rc = svc_representative_id(svc, a->tenant, f.x.id, rep,
					   &c.representative_id);
	}
	c.subject_id = f.x.id;
	svc_facts_release(&f);
	if (rc != 0)
		return consent_refuse_input(svc, a, &ev, rc, cause);
	zk_strlcpy(c.form, in->form, sizeof c.form);
	zk_strlcpy(c.evidence, in->evidence ? in->evidence : "",
		   sizeof c.evidence);
	c.explicit_consent = in->explicit_consent;
	zk_strlcpy(c.purpose, in->purpose, sizeof c.purpose);
	/* An old name (an alias) is stored under the kind's name. */
	if (in->recipient_kind != NULL && in->recipient_kind[0] != '\0')
		zk_strlcpy(c.recipient_kind,
			   profile_recipient_name(
			       (enum profile_recipient)profile_recipient_parse(
				   in->recipient_kind)),
			   sizeof c.recipient_kind);
	zk_strlcpy(c.recipient, in->recipient ? in->recipient : "",
		   sizeof c.recipient);
	zk_strlcpy(c.valid_from, in->valid_from, sizeof c.valid_from);
	zk_strlcpy(c.valid_until, in->valid_until ? in->valid_until : "",
		   sizeof c.valid_until);
	zk_time_fmt(zk_now(), c.given_at);
	zk_strlcpy(c.recorded_by, a->user_uid, sizeof c.recorded_by);
	rc = store_consent_create(svc->store, a->tenant, &c);
	return svc_log_created(svc, a, &ev, rc, c.uid, uid, cause);
}

struct consent_find {
	const char *uid;
	int64_t id;
};

static int
consent_find_rep(void *arg, const struct store_representative *r)
{
	struct consent_find *f = arg;

	if (strcmp(r->uid, f->uid) != 0)
		return 0;
	f->id = r->id;
	return 1;
}

int
svc_representative_id(struct service *svc, int64_t tenant, int64_t subject,
		      const char *uid, int64_t *id)
{
	struct consent_find f = {uid, 0};
	int rc = store_representative_list(svc->store, tenant, subject,
					   consent_find_rep, &f);

	if (rc < 0)
		return rc;
	*id = f.id;
	return f.id != 0 ? 0 : ZK_ENOTFOUND;
}

int
svc_consent_withdraw(struct service *svc, const struct actor *a,
		     const char *consent_uid, const char *by, char **cause)
{
	struct store_consent c;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	struct store_subject x;
	char checks[200], basis[64] = "", now[ZK_TIME_LEN], on_behalf[64],
			  subject[ZK_UUID_LEN];
	const char *rule;
	int rc;

	if (!zk_uuid_valid(consent_uid))
		return zk_fail(cause, ZK_EINVAL, "not a consent id");
	/* The consent names its subject; look it up first, read only. */
	memset(&x, 0, sizeof x);
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	rc = store_consent_get(svc->store, a->tenant, consent_uid, &c);
	if (rc == 0)
		rc = store_subject_uid(svc->store, a->tenant, c.subject_id,
				       subject);
	store_rollback(svc->store);
	if (rc != 0)
		return zk_fail(cause, rc, "no consent %s", consent_uid);
	if ((rc = svc_subject_begin(
		 svc, a, subject,
		 &(struct svc_on_subject){"consent.withdraw", 'U',
					  ZK_CAT_IDENTITY, ZK_ACT_CORRECT, NULL,
					  NULL},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	ev.object_type = "consent";
	ev.object_uid = consent_uid;
	ev.consent_ref = consent_uid;
	consent_on_behalf(&ev, by, on_behalf, sizeof on_behalf);
	/* CON-3: by the subject or a representative who may act now. */
	rc = consent_may_act(svc, a, t, &f, by ? by : "subject", NULL,
			     CONSENT_REVOKE, basis, sizeof basis, &rule);
	svc_facts_release(&f);
	if (rc == ZK_EDENIED) {
		struct authz_decision no = {.reason = "may_not_act_for_subject",
					    .rule = rule};

		svc_facts_event(a, &ev, &no, &f, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &no, cause);
	}
	if (rc != 0)
		return consent_refuse_input(svc, a, &ev, rc, cause);
	zk_time_fmt(zk_now(), now);
	rc = store_consent_withdraw(svc->store, a->tenant, consent_uid, now,
				    by ? by : "subject", basis);
	if (rc == ZK_ECONFLICT)
		return svc_refuse_input(
		    svc, a, &ev, rc, rc, "already_withdrawn", "CON-3", cause,
		    "consent %s was already withdrawn", consent_uid);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

static int
consent_json(void *arg, const struct store_consent *c)
{
	json_t *cats = json_array(), *o;
	const char *p = c->categories;

	while (cats != NULL && *p != '\0') {
		size_t n = strcspn(p, ",");

		json_array_append_new(cats, json_stringn(p, n));
		p += n;
		if (*p == ',')
			p++;
	}
	o = json_pack(
	    "{s:s, s:s, s:s?, s:s, s:s?, s:b, s:s, s:o, s:s?, s:s?, s:s, "
	    "s:s?, s:s, s:s?, s:s?, s:s?}",
	    "id", c->uid, "given_by",
	    c->representative_uid[0] ? c->representative_uid : "subject",
	    "representative_basis",
	    c->representative_basis[0] ? c->representative_basis : NULL, "form",
	    c->form, "evidence", c->evidence[0] ? c->evidence : NULL,
	    "explicit", c->explicit_consent, "purpose", c->purpose,
	    "categories", cats, "recipient_kind",
	    c->recipient_kind[0] ? c->recipient_kind : NULL, "recipient",
	    c->recipient[0] ? c->recipient : NULL, "valid_from", c->valid_from,
	    "valid_until", c->valid_until[0] ? c->valid_until : NULL,
	    "given_at", c->given_at, "withdrawn_at",
	    c->withdrawn_at[0] ? c->withdrawn_at : NULL, "withdrawn_by",
	    c->withdrawn_by[0] ? c->withdrawn_by : NULL, "withdrawn_basis",
	    c->withdrawn_basis[0] ? c->withdrawn_basis : NULL);
	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
consent_fill(struct service *svc, int64_t tenant, int64_t subject, json_t *arr)
{
	return store_consent_list(svc->store, tenant, subject, consent_json,
				  arr);
}

int
svc_consent_list(struct service *svc, const struct actor *a,
		 const char *subject_uid, json_t **out, char **cause)
{
	return svc_subject_things(svc, a, subject_uid, "consent.list",
				  "consent", consent_fill, out, cause);
}

int
svc_objection_register(struct service *svc, const struct actor *a,
		       const char *subject_uid, const char *purpose,
		       const char *recipient_kind, const char *by,
		       char uid[ZK_UUID_LEN], char **cause)
{
	struct store_objection o;
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200], basis[64] = "", on_behalf[64];
	const char *rule;
	bool after_death;
	int kind = -1, rc;

	memset(&o, 0, sizeof o);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((purpose == NULL) == (recipient_kind == NULL))
		return zk_fail(cause, ZK_EINVAL,
			       "an objection is to a purpose or to a kind of "
			       "recipient (OBJ-1)");
	/* INZ-5: a child's objection to release after death is no purpose
	 * of the profile; svc_kin_objection_check() rules on who made it. */
	after_death = purpose != NULL && strcmp(purpose, KIN_OBJECTION) == 0;
	if (purpose != NULL && !after_death &&
	    profile_purpose(t->profile, purpose) == NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "purpose \"%s\" is not one of the profile's",
			       purpose);
	if (recipient_kind != NULL &&
	    (kind = profile_recipient_parse(recipient_kind)) < 0)
		return zk_fail(cause, ZK_EINVAL, "unknown recipient kind");
	/* An old name (an alias) is stored under the kind's name. */
	if (recipient_kind != NULL)
		recipient_kind =
		    profile_recipient_name((enum profile_recipient)kind);
	zk_uuid_new(o.uid);
	if ((rc = svc_subject_begin(
		 svc, a, subject_uid,
		 &(struct svc_on_subject){"objection.create", 'C',
					  ZK_CAT_IDENTITY, ZK_ACT_CORRECT, NULL,
					  NULL},
		 &t, &f, &ev, &d, checks, sizeof checks, cause)) != 0)
		return rc;
	ev.object_type = "objection";
	ev.object_uid = o.uid;
	ev.purpose = purpose;
	consent_on_behalf(&ev, by, on_behalf, sizeof on_behalf);
	/* REP-6: the subject, or who may act for them. */
	rc = consent_may_act(svc, a, t, &f, by ? by : "subject", NULL,
			     CONSENT_REVOKE, basis, sizeof basis, &rule);
	if (rc == ZK_EDENIED) {
		struct authz_decision no = {.reason = "may_not_act_for_subject",
					    .rule = rule};

		svc_facts_event(a, &ev, &no, &f, checks, sizeof checks);
		svc_facts_release(&f);
		return svc_refuse(svc, a, &ev, &no, cause);
	}
	if (rc == 0 && after_death &&
	    (rc = svc_kin_objection_check(svc, a, &f.x, by)) != 0) {
		svc_facts_release(&f);
		return svc_refuse_input(svc, a, &ev, rc, rc,
					"not_the_child_of_12", "INZ-5", cause,
					"only the subject, from 12, objects to "
					"release after their death (INZ-5)");
	}
	zk_strlcpy(o.representative_basis, basis,
		   sizeof o.representative_basis);
	if (rc == 0 && by != NULL && strcmp(by, "subject") != 0)
		rc = svc_representative_id(svc, a->tenant, f.x.id, by,
					   &o.representative_id);
	o.subject_id = f.x.id;
	svc_facts_release(&f);
	if (rc != 0)
		return consent_refuse_input(svc, a, &ev, rc, cause);
	zk_strlcpy(o.purpose, purpose ? purpose : "", sizeof o.purpose);
	zk_strlcpy(o.recipient_kind, recipient_kind ? recipient_kind : "",
		   sizeof o.recipient_kind);
	zk_time_fmt(zk_now(), o.registered_at);
	zk_strlcpy(o.registered_by, a->user_uid, sizeof o.registered_by);
	rc = store_objection_create(svc->store, a->tenant, &o);
	return svc_log_created(svc, a, &ev, rc, o.uid, uid, cause);
}

/* --- the registers read back (LOG-1) ----------------------------------- */

struct consent_fill {
	struct service *svc;
	const struct actor *a;
	const struct store_subject *x;
	json_t *arr;
};

/* Appends o to the array; ZK_ENOMEM when o is NULL or cannot be. */
static int
consent_append(json_t *arr, json_t *o)
{
	if (o == NULL || json_array_append_new(arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
consent_rep_json(void *arg, const struct store_representative *r)
{
	struct consent_fill *c = arg;
	char *name = NULL;
	int rc;

	if ((rc = svc_open_text(c->svc, c->a->tenant, c->x, r->uid,
				"representative", r->name.data, r->name.len,
				&name)) != 0)
		return rc;
	rc = consent_append(
	    c->arr,
	    json_pack("{s:s, s:s, s:s, s:b, s:b, s:b, s:s}", "id", r->uid,
		      "kind", r->kind, "name", name, "declines", r->declines,
		      "absent", r->absent, "curator_consents", r->legal_consent,
		      "created_at", r->created_at));
	seal_wipe(name, strlen(name));
	free(name);
	return rc;
}

static int
consent_rep_fill(struct service *svc, const struct actor *a,
		 const struct store_subject *x, json_t *arr, void *arg)
{
	struct consent_fill c = {svc, a, x, arr};

	(void)arg;
	return store_representative_list(svc->store, a->tenant, x->id,
					 consent_rep_json, &c);
}

/*
 * REP-6: a representative's id is what a consent, its withdrawal and an
 * objection name them by; the list gives it, read like the identity the
 * representatives are registered beside.
 */
int
svc_representative_list(struct service *svc, const struct actor *a,
			const char *subject_uid, json_t **out, char **cause)
{
	const struct svc_things what = {"representative.list", "representative",
					ZK_CAT_IDENTITY, consent_rep_fill,
					NULL};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}

static int
consent_capacity_json(void *arg, const struct store_capacity *k)
{
	struct consent_fill *c = arg;
	struct store_user u;
	char *matter = NULL;
	int rc;

	if ((rc = svc_open_text(c->svc, c->a->tenant, c->x, k->uid, "matter",
				k->matter, k->matter_len, &matter)) != 0)
		return rc;
	memset(&u, 0, sizeof u);
	/* REP-4: by whom, by name where the account is still known. */
	if (store_user_get_uid(c->svc->store, c->a->tenant, k->assessed_by,
			       &u) != 0)
		u.username[0] = '\0';
	rc = consent_append(
	    c->arr,
	    json_pack("{s:s, s:b, s:s, s:s, s:s?, s:s, s:s, s:s?}", "id",
		      k->uid, "able", k->able, "assessed_on", k->assessed_on,
		      "assessed_by", k->assessed_by, "assessor",
		      u.username[0] ? u.username : NULL, "matter", matter,
		      "scope", k->scope[0] ? k->scope : "general", "lapses_on",
		      k->lapses_on[0] ? k->lapses_on : NULL));
	seal_wipe(matter, strlen(matter));
	free(matter);
	return rc;
}

static int
consent_capacity_fill(struct service *svc, const struct actor *a,
		      const struct store_subject *x, json_t *arr, void *arg)
{
	struct consent_fill c = {svc, a, x, arr};

	(void)arg;
	return store_capacity_list(svc->store, a->tenant, x->id,
				   consent_capacity_json, &c);
}

/*
 * REP-4: the assessments, newest first. An assessment is a care judgement
 * made within a care relation, and its matter may name a treatment: it is
 * read as care data is (ACC-2), as it is recorded.
 */
int
svc_capacity_list(struct service *svc, const struct actor *a,
		  const char *subject_uid, json_t **out, char **cause)
{
	const struct svc_things what = {"capacity.list", "capacity_assessment",
					ZK_CAT_CARE, consent_capacity_fill,
					NULL};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}

static int
consent_objection_json(void *arg, const struct store_objection *o)
{
	struct consent_fill *c = arg;

	return consent_append(
	    c->arr,
	    json_pack(
		"{s:s, s:s?, s:s?, s:s, s:s?, s:s, s:s, s:s?}", "id", o->uid,
		"purpose", o->purpose[0] ? o->purpose : NULL, "recipient_kind",
		o->recipient_kind[0] ? o->recipient_kind : NULL, "by",
		o->representative_uid[0] ? o->representative_uid : "subject",
		"representative_basis",
		o->representative_basis[0] ? o->representative_basis : NULL,
		"registered_at", o->registered_at, "registered_by",
		o->registered_by, "lifted_at",
		o->lifted_at[0] ? o->lifted_at : NULL));
}

static int
consent_objection_fill(struct service *svc, const struct actor *a,
		       const struct store_subject *x, json_t *arr, void *arg)
{
	struct consent_fill c = {svc, a, x, arr};

	(void)arg;
	return store_objection_list(svc->store, a->tenant, x->id,
				    consent_objection_json, &c);
}

/* OBJ-1, REP-6: the objections, who made them and on what basis. */
int
svc_objection_list(struct service *svc, const struct actor *a,
		   const char *subject_uid, json_t **out, char **cause)
{
	const struct svc_things what = {"objection.list", "objection",
					ZK_CAT_IDENTITY, consent_objection_fill,
					NULL};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}
