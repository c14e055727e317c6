/*
 * logview.c: the log as a subject sees it (LOG-2, LOG-8, INZ-3) and the
 * state of the log for the DPO and the administrator (LOG-3). Reading the
 * log is itself logged and needs explicit authorisation (LOG-6): the DPO,
 * or the client's responsible professional (who answers access requests,
 * M§9.1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service_int.h"

/* The Dutch and English words for an event and its action code (LOG-8). */
static void
logview_action(const char *event, const char *code, const char **nl,
	       const char **en)
{
	/* Breaking the glass exports nothing: it asks for access (ACC-6). */
	if (event != NULL && strcmp(event, "break_glass.grant") == 0) {
		*nl = "noodtoegang gevraagd (doorbreken van de toegang)";
		*en = "emergency access requested (break the glass)";
		return;
	}
	switch (code ? code[0] : '?') {
	case 'C':
		*nl = "vastgelegd";
		*en = "recorded";
		return;
	case 'R':
		*nl = "ingezien";
		*en = "viewed";
		return;
	case 'U':
		*nl = "gewijzigd";
		*en = "changed";
		return;
	case 'D':
		*nl = "vernietigd";
		*en = "destroyed";
		return;
	default:
		*nl = "verstrekt of uitgevoerd";
		*en = "exported or disclosed";
		return;
	}
}

struct logview {
	struct service *svc;
	int64_t tenant;
	const struct profile *p;
	const char *org;
	json_t *lines;
	json_t *last; /* the line similar events of one day merge into */
};

/* The display name and role name of a user uid, for the subject. */
static void
logview_who(struct logview *v, const char *uid, const char *role, char *name,
	    size_t nn, char *rname, size_t rn)
{
	struct store_user u;
	int r = profile_role_index(v->p, role);

	zk_strlcpy(rname, r >= 0 ? v->p->roles[r].name_nl : role, rn);
	if (uid != NULL && strncmp(uid, "system:", 7) == 0) {
		zk_strlcpy(name, "zorgkluis (systeem)", nn);
		return;
	}
	if (uid != NULL &&
	    store_user_get_uid(v->svc->store, v->tenant, uid, &u) == 0)
		zk_strlcpy(name, u.display_name, nn);
	else
		zk_strlcpy(name, "onbekend", nn);
}

/* True when a line's "data" is category (both may be absent). */
static int
logview_same_data(json_t *data, const char *category)
{
	if (category == NULL)
		return json_is_null(data) || data == NULL;
	return json_is_string(data) &&
	       strcmp(json_string_value(data), category) == 0;
}

static int
logview_row(void *arg, const struct store_audit_row *r)
{
	struct logview *v = arg;
	const char *nl, *en;
	char name[128], role[96], day[ZK_DATE_LEN];
	int bg = r->break_glass_ref != NULL;
	json_t *o;

	logview_action(r->event, r->action, &nl, &en);
	zk_strlcpy(day, r->ts ? r->ts : "", sizeof day);
	logview_who(v, r->user_uid, r->user_role, name, sizeof name, role,
		    sizeof role);
	/* LOG-8: similar events of one day are one line. */
	if (v->last != NULL) {
		json_t *l = v->last;

		if (strcmp(json_string_value(json_object_get(l, "date")),
			   day) == 0 &&
		    strcmp(json_string_value(json_object_get(l, "who")),
			   name) == 0 &&
		    strcmp(json_string_value(json_object_get(l, "action")),
			   en) == 0 &&
		    logview_same_data(json_object_get(l, "data"),
				      r->category) &&
		    strcmp(json_string_value(json_object_get(l, "outcome")),
			   r->outcome) == 0 &&
		    json_is_true(json_object_get(l, "break_glass")) == bg) {
			json_int_t n =
			    json_integer_value(json_object_get(l, "times"));
			json_object_set_new(l, "times", json_integer(n + 1));
			json_object_set_new(l, "last", json_string(r->ts));
			return 0;
		}
	}
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s, "
		      "s:s, s:b, s:i}",
		      "date", day, "first", r->ts, "last", r->ts,
		      "organisation", v->org, "who", name, "role", role,
		      "action", en, "data", r->category, "action_nl", nl,
		      "outcome", r->outcome, "ground", r->rule, "break_glass",
		      bg, "times", 1);
	if (o == NULL || json_array_append_new(v->lines, o) != 0)
		return ZK_ENOMEM;
	v->last = o;
	return 0;
}

/* LOG-6: the DPO, or the client's responsible professional. */
static void
logview_decide(const struct profile *p, const struct actor *a, unsigned rel,
	       struct authz_decision *d)
{
	d->break_glass = d->review = false;
	d->permit = false;
	d->reason = "log_not_authorised";
	d->rule = "LOG-6";
	if (a->system) {
		d->permit = true;
		d->reason = "system";
		return;
	}
	if (!a->confidentiality) {
		d->reason = "no_confidentiality_duty";
		d->rule = "ACC-4";
		return;
	}
	for (int r = 0; r < p->nroles; r++) {
		if ((a->roles & (1u << r)) && p->roles[r].base == ZK_ROLE_DPO) {
			d->permit = true;
			d->reason = "dpo";
			d->role = p->roles[r].id;
			d->role_code =
			    vocab_iso_role(ZK_ROLE_DPO, false, false);
			return;
		}
	}
	/*
	 * The responsible professional: a care professional by role (a role
	 * that needs two factors, SEC-3), holding that relation. A relation
	 * given to the office or the board makes them no professional.
	 */
	if (!(rel & ZK_COND_RESPONSIBLE))
		return;
	for (int r = 0; r < p->nroles; r++) {
		if ((a->roles & (1u << r)) &&
		    p->roles[r].base == ZK_ROLE_PROFESSIONAL &&
		    profile_role_needs_two_factor(p, r)) {
			d->permit = true;
			d->reason = "responsible_professional";
			d->role = p->roles[r].id;
			d->role_code =
			    vocab_iso_role(ZK_ROLE_PROFESSIONAL, true, false);
			return;
		}
	}
}

int
svc_subject_log(struct service *svc, const struct actor *a,
		const char *subject_uid, json_t **out, char **cause)
{
	struct authz_decision d = {0};
	struct store_subject x;
	struct svc_tenant *t;
	struct audit_event ev;
	struct logview v;
	struct store_tenant st;
	char checks[200];
	unsigned rel = 0;
	int rc;

	*out = NULL;
	memset(&x, 0, sizeof x);
	memset(&v, 0, sizeof v);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!zk_uuid_valid(subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	svc_event_init(&ev, a, t, "log.read", 'R');
	ev.subject_uid = subject_uid;
	ev.object_type = "audit_log";
	ev.object_uid = subject_uid;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = svc_subject_load(svc, a, subject_uid, &x);
	store_subject_release(&x);
	if (rc == 0)
		rc = svc_relations(svc, a, x.id, zk_now(), &rel);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "no subject %s", subject_uid);
	}
	logview_decide(t->profile, a, rel, &d);
	if (!a->system)
		svc_event_decision(&ev, &d, rel, checks, sizeof checks);
	if (!d.permit)
		return svc_refuse(svc, a, &ev, &d, cause);
	v.svc = svc;
	v.tenant = a->tenant;
	v.p = t->profile;
	v.org = t->profile->name;
	if (svc_tenant_name(svc, a->tenant, &st) == 0)
		v.org = st.name;
	if ((v.lines = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_audit_subject(svc->store, a->tenant, subject_uid,
					 logview_row, &v);
	if (rc == 0)
		*out = json_pack("{s:s, s:s, s:o}", "subject", subject_uid,
				 "organisation", v.org, "lines", v.lines);
	else
		json_decref(v.lines);
	if (rc == 0 && *out == NULL)
		rc = ZK_ENOMEM;
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_audit_status(struct service *svc, const struct actor *a,
		 struct audit_verify_result *res, char **cause)
{
	static const struct authz_decision deny = {
	    .reason = "dpo_or_administrator_only", .rule = "LOG-6"};
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int allowed, rc;

	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	svc_event_init(&ev, a, t, "audit.verify", 'E');
	allowed = a->system || svc_event_role(&ev, a, t,
					      1u << ZK_ROLE_DPO |
						  1u << ZK_ROLE_ADMINISTRATOR);
	ev.object_type = "audit_log";
	if (!allowed) {
		if ((rc = svc_begin_read(svc)) != 0)
			return zk_fail(cause, rc, "cannot start");
		svc_event_decision(&ev, &deny, 0, checks, sizeof checks);
		return svc_refuse(svc, a, &ev, &deny, cause);
	}
	if ((rc = audit_verify_tenant(svc->store, svc->keys, a->tenant, res,
				      cause)) != 0)
		return rc;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start");
	ev.reason = res->intact ? "intact" : "not_intact";
	ev.rule = "LOG-3";
	ev.checks = "authz=permit";
	return svc_log_commit(svc, a, &ev, cause);
}
