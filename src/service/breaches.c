/*
 * breaches.c: the breach register (BRE-1 to BRE-3, FG-1; GDPR art. 33
 * and 34; M§15, W§17).
 *
 * Any member of staff reports a suspected breach: the moment the
 * organisation became aware of it starts the 72-hour clock (art. 33(1)).
 * The DPO (base role dpo) reads the register, completes the facts,
 * assesses the risk, records the phases of the notification to the AP
 * (art. 33(4)) and who of the subjects was told, when and how (art. 34),
 * and gets the texts of both notices. Anyone else is refused, and the
 * refusal is logged. Every answer carries the clock, from breach_clock()
 * (policy/breach.c): until the DPO assessed the breach it is taken to be
 * a risk, so the clock runs from the report.
 *
 * The texts (facts, cause, consequences, measures, the reasons of the
 * assessment, the AP notices' additions, who was told) may name clients:
 * they are sealed with the organisation's key, as migration 032 says. The
 * log names the breach, never its content (LOG-1).
 *
 * The DPO closes a breach with a reason (migration 037, sealed as the
 * other texts): from then on its clock no longer runs, it leaves the
 * default list (GET /breaches, which the dashboard reads for the open
 * clocks), and every change is refused with ZK_ECONFLICT (409).
 */
#include <stdlib.h>
#include <string.h>

#include "export/pdf.h"
#include "policy/breach.h"
#include "service/breaches.h"
#include "service/breaches_int.h"
#include "store/store_breach.h"

#define BREACH_MAX_TEXT 8000
/* A report may say it became known a little in the future (clock skew). */
#define BREACH_SKEW 300

static const char *const breach_detail_keys[] = {"facts", "cause",
						 "consequences", "measures"};

/* True when one of a's roles has base role dpo (FG-1). */
static int
breach_is_dpo(const struct actor *a, const struct svc_tenant *t)
{
	const struct profile *p = t->profile;

	for (int r = 0; r < p->nroles; r++)
		if ((a->roles & (1u << r)) && p->roles[r].base == ZK_ROLE_DPO)
			return 1;
	return 0;
}

/* True when a is a member of staff: a person with a role not a portal's. */
static int
breach_is_staff(const struct actor *a, const struct svc_tenant *t)
{
	for (int r = 0; r < t->profile->nroles; r++)
		if ((a->roles & (1u << r)) &&
		    !profile_role_portal(t->profile, r))
			return 1;
	return 0;
}

/*
 * Starts an act on the register: the tenant, the transaction and ev;
 * staff_may: any member of staff may (a report), else only the DPO.
 * Refusals are logged and ZK_EDENIED (BRE-1, FG-1).
 */
static int
breach_begin(struct service *svc, const struct actor *a, const char *event,
	     char action, int staff_may, struct svc_tenant **t,
	     struct audit_event *ev, char *checks, size_t n, char **cause)
{
	struct authz_decision d = {0};
	int rc, write = action != 'R';

	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	svc_event_init(ev, a, *t, event, action);
	ev->object_type = "breach";
	rc = write ? svc_begin_write(svc) : svc_begin_read(svc);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	d.rule = staff_may ? "BRE-1" : "FG-1";
	if (!a->system && breach_is_dpo(a, *t)) {
		d.permit = true;
		d.reason = "dpo";
		svc_event_role(ev, a, *t, 1u << ZK_ROLE_DPO);
	} else if (staff_may && !a->system && breach_is_staff(a, *t)) {
		d.permit = true;
		d.reason = "staff_report";
	} else {
		d.reason = staff_may ? "staff_only" : "dpo_only";
		svc_event_decision(ev, &d, 0, checks, n);
		return svc_refuse(svc, a, ev, &d, cause);
	}
	svc_event_decision(ev, &d, 0, checks, n);
	return 0;
}

static void
breach_ad(char *out, size_t n, int64_t tenant, const char *uid,
	  const char *what)
{
	snprintf(out, n, "zk1|%lld|breach|%s|%s", (long long)tenant, uid, what);
}

/* Seals text with the organisation's key into out (initialised). */
static int
breach_seal(struct service *svc, int64_t tenant, const char *uid,
	    const char *what, const char *text, struct zk_buf *out)
{
	unsigned char kek[SEAL_KEY_BYTES];
	char ad[160];
	int rc;

	if ((rc = seal_tenant_kek(svc->keys, tenant, kek)) != 0)
		return rc;
	breach_ad(ad, sizeof ad, tenant, uid, what);
	out->len = 0;
	rc = seal_encrypt(kek, ad, text, strlen(text), out);
	seal_wipe(kek, sizeof kek);
	return rc;
}

/* Opens a sealed text into a new string; "" for nothing sealed. */
static int
breach_open(struct service *svc, int64_t tenant, const char *uid,
	    const char *what, const struct zk_buf *in, char **out)
{
	unsigned char kek[SEAL_KEY_BYTES];
	struct zk_buf plain;
	char ad[160];
	int rc;

	*out = NULL;
	if (in->len == 0) {
		*out = strdup("");
		return *out ? 0 : ZK_ENOMEM;
	}
	if ((rc = seal_tenant_kek(svc->keys, tenant, kek)) != 0)
		return rc;
	breach_ad(ad, sizeof ad, tenant, uid, what);
	zk_buf_init(&plain, 0);
	rc = seal_decrypt(kek, ad, in->data, in->len, &plain);
	seal_wipe(kek, sizeof kek);
	if (rc == 0) {
		*out = strndup((const char *)plain.data, plain.len);
		if (*out == NULL)
			rc = ZK_ENOMEM;
	}
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
	return rc;
}

/* A text member: NULL when absent; an error when not good text. */
static int
breach_text(json_t *in, const char *key, int required, const char **out,
	    char **cause)
{
	json_t *v = json_object_get(in, key);
	const char *s;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return zk_fail(cause, ZK_EINVAL, "\"%s\" is required",
				       key);
		return 0;
	}
	s = json_string_value(v);
	if (s == NULL || strlen(s) > BREACH_MAX_TEXT ||
	    !zk_utf8_valid(s, strlen(s)) ||
	    zk_text_check(s, true) != ZK_TEXT_OK)
		return zk_fail(cause, ZK_EINVAL,
			       "\"%s\" must be UTF-8 text of at most %d bytes, "
			       "not blank, without control characters or "
			       "spaces at either end",
			       key, BREACH_MAX_TEXT);
	*out = s;
	return 0;
}

/* An instant (breach_time_parse) into out as UTC; not in the future. */
static int
breach_instant(json_t *in, const char *key, int required, int64_t now,
	       char out[ZK_TIME_LEN], char **cause)
{
	json_t *v = json_object_get(in, key);
	int64_t t;

	out[0] = '\0';
	if (v == NULL || json_is_null(v)) {
		if (required)
			return zk_fail(cause, ZK_EINVAL,
				       "\"%s\" is required (an instant such as "
				       "2026-12-04T16:30:00Z)",
				       key);
		return 0;
	}
	if (!json_is_string(v) || breach_time_parse(json_string_value(v), &t))
		return zk_fail(cause, ZK_EINVAL,
			       "\"%s\" must be an instant with a zone, such "
			       "as 2026-12-04T16:30:00Z or "
			       "2026-12-04T17:30:00+01:00",
			       key);
	if (t > now + BREACH_SKEW)
		return zk_fail(cause, ZK_EINVAL, "\"%s\" is in the future",
			       key);
	zk_time_fmt(t, out);
	return 0;
}

static int
breach_count(json_t *in, const char *key, int required, int64_t *out,
	     char **cause)
{
	json_t *v = json_object_get(in, key);

	if (v == NULL && !required)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 100000000)
		return zk_fail(cause, ZK_EINVAL,
			       "\"%s\" must be a whole number from 0 (an "
			       "estimate will do)",
			       key);
	*out = json_integer_value(v);
	return 0;
}

/* "categories": an array of the profile's categories, as "a,b". */
static int
breach_categories(json_t *in, const struct profile *p, int required, char *out,
		  size_t n, char **cause)
{
	json_t *v = json_object_get(in, "categories"), *c;
	size_t i;

	if (v == NULL && !required)
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > ZK_CAT_COUNT)
		return zk_fail(cause, ZK_EINVAL,
			       "\"categories\" must be a list of the data "
			       "categories concerned (BRE-1)");
	out[0] = '\0';
	json_array_foreach(v, i, c)
	{
		int k = vocab_category(json_string_value(c));

		if (k < 0 || !p->categories[k].used)
			return zk_fail(
			    cause, ZK_EINVAL,
			    "unknown category \"%.60s\" (CAT-1)",
			    json_string_value(c) ? json_string_value(c) : "?");
		size_t len = strlen(out);

		if (len + strlen(json_string_value(c)) + 2 > n)
			return zk_fail(cause, ZK_EINVAL, "too many categories");
		snprintf(out + len, n - len, "%s%s", i > 0 ? "," : "",
			 json_string_value(c));
	}
	return 0;
}

/* Reads the details of in over old (a JSON text or NULL) into *doc. */
static int
breach_details(json_t *in, const char *old, int report, char **doc,
	       char **cause)
{
	json_t *d = old ? json_loads(old, 0, NULL) : json_object();
	int rc = 0;

	*doc = NULL;
	if (d == NULL)
		return ZK_ECORRUPT;
	for (size_t i = 0; rc == 0 && i < ZK_ARRAY_SIZE(breach_detail_keys);
	     i++) {
		const char *k = breach_detail_keys[i], *s;

		rc = breach_text(in, k, report && i == 0, &s, cause);
		if (rc == 0 && s != NULL)
			json_object_set_new(d, k, json_string(s));
	}
	if (rc == 0 && (*doc = json_dumps(d, JSON_COMPACT)) == NULL)
		rc = ZK_ENOMEM;
	json_decref(d);
	return rc;
}

int
breach_clock_of(const struct svc_tenant *t, const struct store_breach *b,
		int64_t now, struct breach_answer *ans, json_t **out)
{
	struct breach_facts f = {0};
	char due[ZK_TIME_LEN];
	const char *ex;
	int r, rc, stopped, closed;
	json_t *o;

	*out = NULL;
	if (zk_time_parse(b->aware_at, &f.aware_at) != 0)
		return ZK_ECORRUPT;
	r = breach_risk_parse(b->risk);
	/* Not yet assessed: a risk until the DPO says otherwise. */
	f.risk = r < 0 ? BREACH_RISK_SOME : (enum breach_risk)r;
	f.encrypted = b->encrypted;
	f.risk_removed = b->risk_removed;
	f.disproportionate = b->disproportionate;
	if ((rc = breach_clock(t->profile, &f, ans, NULL)) != 0)
		return rc;
	zk_time_fmt(ans->ap_due, due);
	ex = breach_exemption_name(ans->exemption);
	stopped = b->first_sent_at[0] != '\0';
	closed = b->closed_at[0] != '\0';
	o = json_pack("{s:b, s:b, s:b, s:s?, s:b, s:s?, s:b, s:s?, s:s}",
		      "closed", closed, "assessed", r >= 0, "notify_ap",
		      ans->notify_ap, "ap_due", ans->notify_ap ? due : NULL,
		      "notify_subjects", ans->notify_subjects,
		      "subject_exemption", ex, "public_notice",
		      ans->public_notice, "exemption_refused",
		      breach_exemption_name(ans->refused), "rule", ans->rule);
	if (o == NULL)
		return ZK_ENOMEM;
	if (ans->notify_ap) {
		int64_t h = breach_hours_left(ans->ap_due, now);

		/* The clock stops at the first notice, or when the DPO
		 * closed the breach; late if the notice came after due. */
		json_object_set_new(o, "ap_notified", json_boolean(stopped));
		json_object_set_new(o, "hours_left",
				    stopped || closed ? json_null()
						      : json_integer(h));
		json_object_set_new(
		    o, "overdue",
		    json_boolean(!stopped && !closed && now > ans->ap_due));
		json_object_set_new(
		    o, "late",
		    json_boolean(stopped && strcmp(b->first_sent_at, due) > 0));
	}
	*out = o;
	return 0;
}

#define BREACH_NAMES 16
#define BREACH_CTX(s, a)                                                       \
	{                                                                      \
		.svc = (s), .tenant = (a)->tenant, .now = zk_now()             \
	}

struct breach_ctx {
	struct service *svc;
	int64_t tenant;
	const struct svc_tenant *t;
	int64_t now;
	json_t *arr;
	const char *uid;   /* the breach whose notices are read */
	const char *state; /* the list's: "open", "closed" or "all" */
	/* The display names of the usernames met so far. */
	struct {
		char user[48];
		char name[128];
	} names[BREACH_NAMES];
	int nnames;
};

/*
 * The display name of username as a new JSON string (the screens show
 * people by name); the username itself when the account is gone, null
 * for "". A few names are kept, as a register names few people.
 */
static json_t *
breach_name(struct breach_ctx *c, const char *username)
{
	struct store_user u;
	int i, n = c->nnames < BREACH_NAMES ? c->nnames : BREACH_NAMES;

	if (username == NULL || username[0] == '\0')
		return json_null();
	for (i = 0; i < n; i++)
		if (strcmp(c->names[i].user, username) == 0)
			return json_string(c->names[i].name);
	i = c->nnames++ % BREACH_NAMES;
	zk_strlcpy(c->names[i].user, username, sizeof c->names[i].user);
	memset(&u, 0, sizeof u);
	if (store_user_get(c->svc->store, c->tenant, username, &u) == 0 &&
	    u.display_name[0] != '\0')
		zk_strlcpy(c->names[i].name, u.display_name,
			   sizeof c->names[i].name);
	else
		zk_strlcpy(c->names[i].name, username, sizeof c->names[i].name);
	seal_wipe(&u, sizeof u);
	return json_string(c->names[i].name);
}

/* One breach as JSON; full: with its texts opened (the DPO's view). */
static int
breach_json(struct breach_ctx *c, const struct store_breach *b, int full,
	    json_t **out)
{
	struct breach_answer ans;
	json_t *o, *clock = NULL, *cats;
	char *doc = NULL, *reasons = NULL, *save = NULL, *tok;
	char buf[sizeof b->categories];
	int rc;

	*out = NULL;
	if ((rc = breach_clock_of(c->t, b, c->now, &ans, &clock)) != 0)
		return rc;
	cats = json_array();
	zk_strlcpy(buf, b->categories, sizeof buf);
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save))
		json_array_append_new(cats, json_string(tok));
	o = json_pack("{s:s, s:s, s:o, s:I, s:I, s:s, s:s, s:s?, s:s?, s:s?, "
		      "s:b, s:b, s:b, s:i, s:i, s:o}",
		      "id", b->uid, "aware_at", b->aware_at, "categories", cats,
		      "people_approx", (json_int_t)b->people, "records_approx",
		      (json_int_t)b->records, "reported_at", b->reported_at,
		      "reported_by", b->reported_by, "risk",
		      b->risk[0] ? b->risk : NULL, "assessed_at",
		      b->assessed_at[0] ? b->assessed_at : NULL, "assessed_by",
		      b->assessed_by[0] ? b->assessed_by : NULL, "encrypted",
		      b->encrypted, "risk_removed", b->risk_removed,
		      "disproportionate", b->disproportionate, "ap_notices",
		      b->phases, "notified", b->notified, "clock", clock);
	if (o == NULL)
		return ZK_ENOMEM;
	json_object_set_new(o, "reported_by_name",
			    breach_name(c, b->reported_by));
	json_object_set_new(o, "assessed_by_name",
			    breach_name(c, b->assessed_by));
	json_object_set_new(o, "closed_at",
			    b->closed_at[0] ? json_string(b->closed_at)
					    : json_null());
	json_object_set_new(o, "closed_by",
			    b->closed_at[0] ? json_string(b->closed_by)
					    : json_null());
	json_object_set_new(
	    o, "closed_by_name",
	    breach_name(c, b->closed_at[0] ? b->closed_by : ""));
	if (full) {
		json_t *d;
		char *why = NULL;

		rc = breach_open(c->svc, c->tenant, b->uid, "details",
				 &b->details, &doc);
		if (rc == 0)
			rc = breach_open(c->svc, c->tenant, b->uid,
					 "risk_reasons", &b->reasons, &reasons);
		d = rc == 0 ? json_loads(doc, 0, NULL) : NULL;
		if (rc == 0 && d == NULL)
			rc = ZK_ECORRUPT;
		if (rc == 0)
			rc = breach_open(c->svc, c->tenant, b->uid, "close",
					 &b->close_reason, &why);
		if (rc == 0) {
			json_object_update(o, d);
			json_object_set_new(o, "risk_reasons",
					    reasons[0] ? json_string(reasons)
						       : json_null());
			json_object_set_new(o, "close_reason",
					    why[0] ? json_string(why)
						   : json_null());
		}
		free(why);
		json_decref(d);
	}
	free(doc);
	free(reasons);
	if (rc != 0) {
		json_decref(o);
		return rc;
	}
	*out = o;
	return 0;
}

static int
breach_list_one(void *arg, const struct store_breach *b)
{
	struct breach_ctx *c = arg;
	int closed = b->closed_at[0] != '\0';
	json_t *o;
	int rc;

	if ((strcmp(c->state, "open") == 0 && closed) ||
	    (strcmp(c->state, "closed") == 0 && !closed))
		return 0;
	if ((rc = breach_json(c, b, 0, &o)) != 0)
		return rc;
	return json_array_append_new(c->arr, o) == 0 ? 0 : ZK_ENOMEM;
}

int
svc_breach_report(struct service *svc, const struct actor *a, json_t *in,
		  json_t **out, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach b;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200], *doc = NULL;
	int64_t id;
	int rc;

	*out = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	store_breach_init(&b);
	zk_uuid_new(b.uid);
	/* The facts first: bad input is no act to log. */
	if ((rc = breach_instant(in, "aware_at", 1, c.now, b.aware_at,
				 cause)) != 0 ||
	    (rc = breach_categories(in, t->profile, 1, b.categories,
				    sizeof b.categories, cause)) != 0 ||
	    (rc = breach_count(in, "people_approx", 1, &b.people, cause)) !=
		0 ||
	    (rc = breach_count(in, "records_approx", 1, &b.records, cause)) !=
		0 ||
	    (rc = breach_details(in, NULL, 1, &doc, cause)) != 0)
		goto out;
	if ((rc = breach_begin(svc, a, "breach.report", 'C', 1, &t, &ev, checks,
			       sizeof checks, cause)) != 0)
		goto out;
	c.t = t;
	ev.object_uid = b.uid;
	ev.rule = "BRE-1";
	zk_time_fmt(c.now, b.reported_at);
	zk_strlcpy(b.reported_by, a->username, sizeof b.reported_by);
	rc = breach_seal(svc, a->tenant, b.uid, "details", doc, &b.details);
	if (rc == 0)
		rc = store_breach_add(svc->store, a->tenant, &b, &id);
	if (rc == 0)
		rc = store_breach_get(svc->store, a->tenant, b.uid, &b);
	/* A reporter sees what they reported: the same view as the DPO's. */
	if (rc == 0)
		rc = breach_json(&c, &b, 1, out);
	if (rc != 0) {
		json_decref(*out);
		*out = NULL;
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
out:
	if (doc != NULL)
		seal_wipe(doc, strlen(doc));
	free(doc);
	store_breach_release(&b);
	return rc;
}

int
svc_breach_list(struct service *svc, const struct actor *a, json_t **out,
		char **cause)
{
	return svc_breach_list_state(svc, a, "all", out, cause);
}

int
svc_breach_list_state(struct service *svc, const struct actor *a,
		      const char *state, json_t **out, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int rc;

	*out = NULL;
	if (state == NULL)
		state = "open";
	if (strcmp(state, "open") != 0 && strcmp(state, "closed") != 0 &&
	    strcmp(state, "all") != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "state must be open, closed or all");
	c.state = state;
	if ((rc = breach_begin(svc, a, "breach.list", 'R', 0, &t, &ev, checks,
			       sizeof checks, cause)) != 0)
		return rc;
	c.t = t;
	ev.rule = "FG-1";
	ev.reason = state;
	c.arr = json_array();
	rc = c.arr
		 ? store_breach_list(svc->store, a->tenant, breach_list_one, &c)
		 : ZK_ENOMEM;
	*out = rc == 0 ? json_pack("{s:o}", "breaches", c.arr) : NULL;
	if (rc != 0)
		json_decref(c.arr);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/* Starts a DPO's act on breach uid, read into b (init'ed). */
static int
breach_begin_one(struct service *svc, const struct actor *a, const char *uid,
		 const char *event, char action, struct breach_ctx *c,
		 struct store_breach *b, struct audit_event *ev, char *checks,
		 size_t n, char **cause)
{
	struct svc_tenant *t;
	int rc;

	if (!zk_uuid_valid(uid))
		return zk_fail(cause, ZK_ENOTFOUND, "no such breach");
	if ((rc = breach_begin(svc, a, event, action, 0, &t, ev, checks, n,
			       cause)) != 0)
		return rc;
	c->t = t;
	ev->object_uid = uid;
	ev->rule = "FG-1";
	rc = store_breach_get(svc->store, a->tenant, uid, b);
	if (rc == ZK_ENOTFOUND)
		return svc_refuse_input(svc, a, ev, rc, ZK_ENOTFOUND,
					"not_found", "FG-1", cause,
					"no such breach");
	if (rc != 0)
		return svc_fail_act(svc, a, ev, rc, cause);
	/* A closed breach is the register's memory: no more changes. */
	if (action != 'R' && b->closed_at[0] != '\0')
		return svc_refuse_input(svc, a, ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"closed", "BRE-1", cause,
					"the breach was closed on %s and "
					"cannot be changed any more",
					b->closed_at);
	return 0;
}

static int
breach_notice_one(void *arg, const struct store_breach_notice *n)
{
	struct breach_ctx *c = arg;
	json_t *o;
	char *text = NULL, what[32];
	int rc;

	snprintf(what, sizeof what, "ap_notice_%d", n->phase);
	if ((rc = breach_open(c->svc, c->tenant, c->uid, what, &n->addition,
			      &text)) != 0)
		return rc;
	o = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:o}", "phase", n->phase,
		      "kind", n->phase == 1 ? "first" : "addition", "sent_at",
		      n->sent_at, "reference", n->reference, "text", text,
		      "recorded_by", n->recorded_by, "recorded_by_name",
		      breach_name(c, n->recorded_by));
	free(text);
	if (o == NULL || json_array_append_new(c->arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
breach_notified_one(void *arg, const struct store_breach_notified *n)
{
	struct breach_ctx *c = arg;
	json_t *o;
	char *who = NULL;
	int rc;

	if ((rc = breach_open(c->svc, c->tenant, c->uid, "notified", &n->who,
			      &who)) != 0)
		return rc;
	o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:o}", "who", who, "people",
		      (json_int_t)n->people, "how", n->how, "notified_at",
		      n->notified_at, "recorded_by", n->recorded_by,
		      "recorded_by_name", breach_name(c, n->recorded_by));
	free(who);
	if (o == NULL || json_array_append_new(c->arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

/* The DPO's whole view of b: texts, AP notices, who was told. */
static int
breach_full(struct breach_ctx *c, const struct store_breach *b, json_t **out)
{
	json_t *notices = json_array(), *told = json_array();
	int rc;

	c->uid = b->uid;
	c->arr = notices;
	rc = store_breach_notice_list(c->svc->store, c->tenant, b->id,
				      breach_notice_one, c);
	c->arr = told;
	if (rc == 0)
		rc = store_breach_notified_list(c->svc->store, c->tenant, b->id,
						breach_notified_one, c);
	if (rc == 0)
		rc = breach_json(c, b, 1, out);
	if (rc == 0) {
		json_object_set_new(*out, "ap_notices", notices);
		json_object_set_new(*out, "subjects_notified", told);
		return 0;
	}
	json_decref(notices);
	json_decref(told);
	return rc;
}

int
svc_breach_show(struct service *svc, const struct actor *a, const char *uid,
		json_t **out, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach b;
	struct audit_event ev;
	char checks[200];
	int rc;

	*out = NULL;
	store_breach_init(&b);
	rc = breach_begin_one(svc, a, uid, "breach.read", 'R', &c, &b, &ev,
			      checks, sizeof checks, cause);
	if (rc == 0) {
		rc = breach_full(&c, &b, out);
		rc = svc_log_read(svc, a, &ev, rc, out, cause);
	}
	store_breach_release(&b);
	return rc;
}

/*
 * Ends a DPO's change of b: logs ev, commits and answers the breach as
 * it is now. rc is the change's result.
 */
static int
breach_finish(struct service *svc, const struct actor *a, struct breach_ctx *c,
	      struct store_breach *b, struct audit_event *ev, int rc,
	      json_t **out, char **cause)
{
	char uid[ZK_UUID_LEN];

	zk_strlcpy(uid, b->uid, sizeof uid);
	if (rc == 0)
		rc = store_breach_get(svc->store, a->tenant, uid, b);
	if (rc == 0)
		rc = breach_full(c, b, out);
	if (rc != 0) {
		json_decref(*out);
		*out = NULL;
		return svc_fail_act(svc, a, ev, rc, cause);
	}
	if ((rc = svc_log_commit(svc, a, ev, cause)) != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int
svc_breach_update(struct service *svc, const struct actor *a, const char *uid,
		  json_t *in, json_t **out, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach b;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200], *old = NULL, *doc = NULL;
	char aware[ZK_TIME_LEN], cats[sizeof b.categories];
	int64_t people = -1, records = -1;
	int rc;

	*out = NULL;
	store_breach_init(&b);
	cats[0] = '\0';
	/* The input first: bad input is no act to log. */
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0 ||
	    (rc = breach_instant(in, "aware_at", 0, c.now, aware, cause)) !=
		0 ||
	    (rc = breach_categories(in, t->profile, 0, cats, sizeof cats,
				    cause)) != 0 ||
	    (rc = breach_count(in, "people_approx", 0, &people, cause)) != 0 ||
	    (rc = breach_count(in, "records_approx", 0, &records, cause)) !=
		0 ||
	    (rc = breach_details(in, NULL, 0, &doc, cause)) != 0)
		goto out;
	free(doc);
	doc = NULL;
	if ((rc = breach_begin_one(svc, a, uid, "breach.update", 'U', &c, &b,
				   &ev, checks, sizeof checks, cause)) != 0)
		goto out;
	ev.rule = "BRE-1";
	if (aware[0] != '\0')
		zk_strlcpy(b.aware_at, aware, sizeof b.aware_at);
	if (cats[0] != '\0')
		zk_strlcpy(b.categories, cats, sizeof b.categories);
	if (people >= 0)
		b.people = people;
	if (records >= 0)
		b.records = records;
	zk_time_fmt(c.now, b.updated_at);
	rc = breach_open(svc, a->tenant, b.uid, "details", &b.details, &old);
	if (rc == 0)
		rc = breach_details(in, old, 0, &doc, NULL);
	if (rc == 0)
		rc = breach_seal(svc, a->tenant, b.uid, "details", doc,
				 &b.details);
	if (rc == 0)
		rc = store_breach_update(svc->store, a->tenant, &b);
	rc = breach_finish(svc, a, &c, &b, &ev, rc, out, cause);
out:
	if (old != NULL)
		seal_wipe(old, strlen(old));
	if (doc != NULL)
		seal_wipe(doc, strlen(doc));
	free(old);
	free(doc);
	store_breach_release(&b);
	return rc;
}

static int
breach_flag(json_t *in, const char *key, int *out, char **cause)
{
	json_t *v = json_object_get(in, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return zk_fail(cause, ZK_EINVAL, "\"%s\" must be true or false",
			       key);
	*out = json_is_true(v);
	return 0;
}

int
svc_breach_assess(struct service *svc, const struct actor *a, const char *uid,
		  json_t *in, json_t **out, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach b;
	struct audit_event ev;
	const char *reasons = NULL, *risk;
	char checks[200];
	int rc;

	*out = NULL;
	risk = json_string_value(json_object_get(in, "risk"));
	if (breach_risk_parse(risk) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "\"risk\" must be none, risk or high (BRE-2)");
	store_breach_init(&b);
	if ((rc = breach_text(in, "reasons", 1, &reasons, cause)) != 0 ||
	    (rc = breach_flag(in, "encrypted", &b.encrypted, cause)) != 0 ||
	    (rc = breach_flag(in, "risk_removed", &b.risk_removed, cause)) !=
		0 ||
	    (rc = breach_flag(in, "disproportionate", &b.disproportionate,
			      cause)) != 0)
		goto out;
	{
		int enc = b.encrypted, rem = b.risk_removed,
		    dis = b.disproportionate;

		if ((rc = breach_begin_one(svc, a, uid, "breach.assess", 'U',
					   &c, &b, &ev, checks, sizeof checks,
					   cause)) != 0)
			goto out;
		b.encrypted = enc;
		b.risk_removed = rem;
		b.disproportionate = dis;
	}
	ev.rule = "BRE-2";
	ev.reason = risk;
	zk_strlcpy(b.risk, risk, sizeof b.risk);
	zk_time_fmt(c.now, b.assessed_at);
	zk_strlcpy(b.assessed_by, a->username, sizeof b.assessed_by);
	rc = breach_seal(svc, a->tenant, b.uid, "risk_reasons", reasons,
			 &b.reasons);
	if (rc == 0)
		rc = store_breach_assess(svc->store, a->tenant, &b);
	rc = breach_finish(svc, a, &c, &b, &ev, rc, out, cause);
out:
	store_breach_release(&b);
	return rc;
}

int
svc_breach_ap_notice(struct service *svc, const struct actor *a,
		     const char *uid, json_t *in, json_t **out, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach_notice n;
	struct store_breach b;
	struct audit_event ev;
	const char *ref = NULL, *text = NULL;
	char checks[200], what[32];
	int rc, phase = 0;

	*out = NULL;
	memset(&n, 0, sizeof n);
	zk_buf_init(&n.addition, 0);
	store_breach_init(&b);
	ref = json_string_value(json_object_get(in, "reference"));
	if (ref == NULL || ref[0] == '\0' ||
	    strlen(ref) >= sizeof n.reference ||
	    zk_text_check(ref, false) != ZK_TEXT_OK) {
		rc = zk_fail(cause, ZK_EINVAL,
			     "\"reference\" (the AP's reference of the "
			     "notification) is required, one line of at most "
			     "%zu bytes",
			     sizeof n.reference - 1);
		goto out;
	}
	if ((rc = breach_text(in, "text", 1, &text, cause)) != 0 ||
	    (rc = breach_instant(in, "sent_at", 1, c.now, n.sent_at, cause)) !=
		0)
		goto out;
	if ((rc = breach_begin_one(svc, a, uid, "breach.ap_notice", 'C', &c, &b,
				   &ev, checks, sizeof checks, cause)) != 0)
		goto out;
	ev.rule = "BRE-2";
	if (strcmp(n.sent_at, b.aware_at) < 0) {
		rc = svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
				      "before_aware", "BRE-2", cause,
				      "\"sent_at\" is before the organisation "
				      "became aware of the breach (%s)",
				      b.aware_at);
		goto out;
	}
	zk_strlcpy(n.reference, ref, sizeof n.reference);
	zk_time_fmt(c.now, n.recorded_at);
	zk_strlcpy(n.recorded_by, a->username, sizeof n.recorded_by);
	/* The phase is the next number; sealed under it. */
	snprintf(what, sizeof what, "ap_notice_%d", b.phases + 1);
	rc = breach_seal(svc, a->tenant, b.uid, what, text, &n.addition);
	if (rc == 0)
		rc = store_breach_notice_add(svc->store, a->tenant, b.id, &n,
					     &phase);
	if (rc == 0 && phase != b.phases + 1)
		rc = ZK_ECONFLICT;
	ev.reason = phase == 1 ? "first" : "addition";
	rc = breach_finish(svc, a, &c, &b, &ev, rc, out, cause);
out:
	zk_buf_release(&n.addition);
	store_breach_release(&b);
	return rc;
}

int
svc_breach_notified(struct service *svc, const struct actor *a, const char *uid,
		    json_t *in, json_t **out, char **cause)
{
	static const char *const hows[] = {"letter", "email", "phone",
					   "public_notice"};
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach_notified n;
	struct store_breach b;
	struct audit_event ev;
	const char *who = NULL, *how;
	char checks[200];
	size_t i = 0;
	int rc;

	*out = NULL;
	memset(&n, 0, sizeof n);
	zk_buf_init(&n.who, 0);
	store_breach_init(&b);
	how = json_string_value(json_object_get(in, "how"));
	while (how != NULL && i < ZK_ARRAY_SIZE(hows) && strcmp(hows[i], how))
		i++;
	if (how == NULL || i == ZK_ARRAY_SIZE(hows)) {
		rc = zk_fail(cause, ZK_EINVAL,
			     "\"how\" must be letter, email, phone or "
			     "public_notice (BRE-3)");
		goto out;
	}
	if ((rc = breach_text(in, "who", 1, &who, cause)) != 0 ||
	    (rc = breach_count(in, "people", 1, &n.people, cause)) != 0 ||
	    (rc = breach_instant(in, "notified_at", 1, c.now, n.notified_at,
				 cause)) != 0)
		goto out;
	if ((rc = breach_begin_one(svc, a, uid, "breach.notified", 'C', &c, &b,
				   &ev, checks, sizeof checks, cause)) != 0)
		goto out;
	ev.rule = "BRE-3";
	ev.reason = how;
	zk_strlcpy(n.how, how, sizeof n.how);
	zk_time_fmt(c.now, n.recorded_at);
	zk_strlcpy(n.recorded_by, a->username, sizeof n.recorded_by);
	rc = breach_seal(svc, a->tenant, b.uid, "notified", who, &n.who);
	if (rc == 0)
		rc = store_breach_notified_add(svc->store, a->tenant, b.id, &n);
	rc = breach_finish(svc, a, &c, &b, &ev, rc, out, cause);
out:
	zk_buf_release(&n.who);
	store_breach_release(&b);
	return rc;
}

int
svc_breach_close(struct service *svc, const struct actor *a, const char *uid,
		 json_t *in, json_t **out, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach b;
	struct audit_event ev;
	const char *reason = NULL;
	char checks[200];
	int rc;

	*out = NULL;
	store_breach_init(&b);
	/* The reason first: bad input is no act to log. */
	if ((rc = breach_text(in, "reason", 1, &reason, cause)) != 0)
		goto out;
	if ((rc = breach_begin_one(svc, a, uid, "breach.close", 'U', &c, &b,
				   &ev, checks, sizeof checks, cause)) != 0)
		goto out;
	ev.rule = "BRE-1";
	zk_time_fmt(c.now, b.closed_at);
	zk_strlcpy(b.closed_by, a->username, sizeof b.closed_by);
	rc = breach_seal(svc, a->tenant, b.uid, "close", reason,
			 &b.close_reason);
	if (rc == 0)
		rc = store_breach_close(svc->store, a->tenant, &b);
	if (rc == ZK_ECONFLICT) {
		/* Closed by someone else since it was read. */
		rc = svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
				      "closed", "BRE-1", cause,
				      "the breach was closed already and "
				      "cannot be changed any more");
		goto out;
	}
	rc = breach_finish(svc, a, &c, &b, &ev, rc, out, cause);
out:
	store_breach_release(&b);
	return rc;
}

/*
 * The plain text of a notice as a PDF, through the renderer of the
 * letters (export/pdf.c): the first line is the title, each block of
 * lines a paragraph, the organisation and the day in the running header.
 */
static int
breach_text_pdf(const struct profile *p, const char *text, int en,
		const char *day, struct zk_buf *out, char **cause)
{
	struct pdf_doc *d = pdf_doc_new(en ? "en" : "nl");
	const char *s = text, *nl;
	char *para, words[48];
	int rc;

	if (d == NULL)
		return ZK_ENOMEM;
	nl = strchr(s, '\n');
	para = strndup(s, nl ? (size_t)(nl - s) : strlen(s));
	if (para == NULL) {
		pdf_doc_free(d);
		return ZK_ENOMEM;
	}
	pdf_doc_meta(d, para, p->name, day);
	/* The header in words, as the letters have it. */
	if (pdf_date_words(day, en ? "en" : "nl", words, sizeof words) != 0)
		zk_strlcpy(words, day, sizeof words);
	pdf_doc_header(d, p->name, NULL, words);
	pdf_heading(d, 1, para);
	free(para);
	s = nl ? nl + 1 : s + strlen(s);
	while (*s == '\n')
		s++;
	while (*s != '\0') {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);

		if ((para = strndup(s, n)) == NULL) {
			pdf_doc_free(d);
			return ZK_ENOMEM;
		}
		/* A trailing newline is no line of its own. */
		if (n > 0 && para[n - 1] == '\n')
			para[n - 1] = '\0';
		if (para[0] != '\0')
			pdf_para(d, para);
		free(para);
		s += n;
		while (*s == '\n')
			s++;
	}
	rc = pdf_doc_render(d, out, cause);
	pdf_doc_free(d);
	return rc;
}

/* The text of a notice, as text (*text) or as a PDF (pdf non-NULL). */
static int
breach_text_act(struct service *svc, const struct actor *a, const char *uid,
		const char *which, const char *lang, char **text,
		struct zk_buf *pdf, char **cause)
{
	struct breach_ctx c = BREACH_CTX(svc, a);
	struct store_breach b;
	struct audit_event ev;
	json_t *full = NULL;
	char checks[200], day[ZK_DATE_LEN];
	int rc, ap;

	*text = NULL;
	if (which == NULL ||
	    (strcmp(which, "ap") != 0 && strcmp(which, "subject") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "the text is \"ap\" or \"subject\"");
	if (lang == NULL)
		lang = "nl";
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		return zk_fail(cause, ZK_EINVAL, "lang must be nl or en");
	ap = strcmp(which, "ap") == 0;
	store_breach_init(&b);
	rc = breach_begin_one(svc, a, uid,
			      pdf != NULL ? "breach.text_pdf" : "breach.text",
			      'R', &c, &b, &ev, checks, sizeof checks, cause);
	if (rc == 0) {
		ev.rule = ap ? "BRE-2" : "BRE-3";
		ev.reason = which;
		rc = breach_full(&c, &b, &full);
		if (rc == 0)
			rc = breach_text_make(c.t->profile, full, ap,
					      strcmp(lang, "en") == 0, text);
		json_decref(full);
		full = NULL;
		if (rc == 0 && pdf != NULL) {
			zk_date_fmt(svc_today(svc), day);
			rc = breach_text_pdf(c.t->profile, *text,
					     strcmp(lang, "en") == 0, day, pdf,
					     NULL);
			seal_wipe(*text, strlen(*text));
			free(*text);
			*text = NULL;
		}
		if (rc != 0) {
			free(*text);
			*text = NULL;
			rc = svc_fail_act(svc, a, &ev, rc, cause);
		} else if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0) {
			free(*text);
			*text = NULL;
		}
	}
	store_breach_release(&b);
	return rc;
}

int
svc_breach_text(struct service *svc, const struct actor *a, const char *uid,
		const char *which, const char *lang, char **text, char **cause)
{
	return breach_text_act(svc, a, uid, which, lang, text, NULL, cause);
}

int
svc_breach_text_pdf(struct service *svc, const struct actor *a, const char *uid,
		    const char *which, const char *lang, struct zk_buf *out,
		    char **cause)
{
	char *text = NULL;

	return breach_text_act(svc, a, uid, which, lang, &text, out, cause);
}
