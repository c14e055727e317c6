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

/*
 * The Dutch and English words for an event and its action code (LOG-8). An
 * attempt that was refused or failed did not happen, and says so.
 */
static void
logview_action(const char *event, const char *code, int done, const char **nl,
	       const char **en)
{
	static const struct {
		char code;
		const char *nl, *en, *tried_nl, *tried_en;
	} words[] = {
	    {'C', "vastgelegd", "recorded", "probeerde vast te leggen",
	     "tried to record"},
	    {'R', "ingezien", "viewed", "probeerde in te zien",
	     "tried to view"},
	    {'U', "gewijzigd", "changed", "probeerde te wijzigen",
	     "tried to change"},
	    {'D', "vernietigd", "destroyed", "probeerde te vernietigen",
	     "tried to destroy"},
	    {'E', "verstrekt of uitgevoerd", "exported or disclosed",
	     "probeerde te verstrekken of uit te voeren",
	     "tried to export or disclose"},
	};
	size_t i = ZK_ARRAY_SIZE(words) - 1;

	/* Breaking the glass exports nothing: it asks for access (ACC-6). */
	if (event != NULL && strcmp(event, "break_glass.grant") == 0) {
		*nl = done ? "noodtoegang gevraagd (doorbreken van de toegang)"
			   : "vroeg noodtoegang, geweigerd";
		*en = done ? "emergency access requested (break the glass)"
			   : "asked for emergency access, refused";
		return;
	}
	for (size_t k = 0; k < ZK_ARRAY_SIZE(words); k++)
		if (code != NULL && code[0] == words[k].code)
			i = k;
	*nl = done ? words[i].nl : words[i].tried_nl;
	*en = done ? words[i].en : words[i].tried_en;
}

/* The ground of an entry in words a client understands (LOG-8). */
static void
logview_ground(const char *reason, const char *outcome, const char **nl,
	       const char **en)
{
	static const struct {
		const char *reason, *nl, *en;
	} grounds[] = {
	    {"care_relation", "zorgrelatie met u", "a care relation with you"},
	    {"entry_author", "eigen vastlegging", "their own record"},
	    {"responsible_professional", "uw verantwoordelijke zorgverlener",
	     "your responsible care professional"},
	    {"break_glass", "noodtoegang", "emergency access"},
	    {"scheme", "taak volgens het autorisatieschema",
	     "their task under the authorisation scheme"},
	    {"dpo", "toezicht door de functionaris gegevensbescherming",
	     "oversight by the data protection officer"},
	    {"administrator", "beheer", "administration"},
	    {"system", "taak van zorgkluis zelf", "a task of zorgkluis itself"},
	    {"list", "overzicht van cliënten", "a list of clients"},
	    {"portal_self", "uzelf, in het cliëntportaal",
	     "yourself, in the client portal"},
	    {"portal_representative", "uw vertegenwoordiger, in het portaal",
	     "your representative, in the portal"},
	    {"portal_list", "overzicht in het cliëntportaal",
	     "a list in the client portal"},
	    {"not_own_record", "niet het eigen dossier in het portaal",
	     "not their own record in the portal"},
	    {"no_care_relation", "geen zorgrelatie met u",
	     "no care relation with you"},
	    {"relation_does_not_cover",
	     "de zorgrelatie geeft hier geen toegang toe",
	     "the care relation does not cover this"},
	    {"no_grant", "niet toegestaan in het autorisatieschema",
	     "not allowed by the authorisation scheme"},
	    {"not_in_scheme", "niet toegestaan in het autorisatieschema",
	     "not allowed by the authorisation scheme"},
	    {"management_role_no_access",
	     "bestuur en beheer zien geen dossiers",
	     "management does not see records"},
	    {"no_confidentiality_duty", "geen geheimhoudingsplicht vastgelegd",
	     "no duty of confidentiality recorded"},
	    {"work_note_author_only", "werkaantekening van een ander",
	     "someone else's work note"},
	    {"objection", "uw bezwaar", "your objection"},
	    {"no_consent_in_force", "geen toestemming van u",
	     "no consent from you"},
	    {"purpose_not_compatible",
	     "ander doel dan waarvoor de gegevens zijn verzameld",
	     "a purpose other than the one the data was collected for"},
	    {"break_glass_not_allowed", "noodtoegang niet toegestaan",
	     "emergency access not allowed"},
	    {"break_glass_reason_missing", "noodtoegang zonder reden",
	     "emergency access without a reason"},
	    {"may_not_act_for_subject", "mag niet namens u optreden",
	     "may not act for you"},
	    {"log_not_authorised", "niet bevoegd het logboek in te zien",
	     "not authorised to read the log"},
	    {"relation_exists", "deze zorgrelatie bestond al",
	     "this care relation already existed"},
	    {"already_corrected", "de gegevens waren al gecorrigeerd",
	     "the data had already been corrected"},
	    {"assessed_before_birth", "onmogelijke datum",
	     "an impossible date"},
	    {"informed_before_published", "onmogelijke datum",
	     "an impossible date"},
	    {"unknown_notice", "onbekende privacyverklaring",
	     "an unknown privacy notice"},
	    {"category_not_for_subject_kind",
	     "gegevens die bij u niet worden vastgelegd",
	     "data not recorded about you"},
	    {"user_disabled", "medewerker niet meer actief",
	     "the staff member is no longer active"},
	    {"unknown_user", "onbekende medewerker", "an unknown staff member"},
	    {"unknown_category", "onvolledige of onjuiste invoer",
	     "incomplete or wrong input"},
	    {"purpose_or_basis_missing", "onvolledige of onjuiste invoer",
	     "incomplete or wrong input"},
	    {"undeclared_or_invalid_field", "onvolledige of onjuiste invoer",
	     "incomplete or wrong input"},
	    {"birth_date_unknown", "uw geboortedatum is niet bekend",
	     "your birth date is not known"},
	    {"unknown_representative", "onbekende vertegenwoordiger",
	     "an unknown representative"},
	    {"already_withdrawn", "toestemming was al ingetrokken",
	     "consent had already been withdrawn"},
	    {"two_factor_required", "tweede inlogstap ontbrak",
	     "the second login step was missing"},
	    {"too_young_to_authorise", "te jong om schriftelijk te machtigen",
	     "too young to authorise someone in writing"},
	    {"too_many_representatives",
	     "te veel vertegenwoordigers vastgelegd",
	     "too many representatives recorded"},
	    {"password_change_required", "eigen wachtwoord nog niet ingesteld",
	     "the staff member had not yet set their own password"},
	    {"possible_duplicate",
	     "controle of u niet dubbel ingeschreven wordt",
	     "a check that you are not registered twice"},
	    {"data_from_subject",
	     "u moet geïnformeerd worden over gegevens die u zelf gaf",
	     "you must be informed of data you gave yourself"},
	};

	for (size_t i = 0; reason != NULL && i < ZK_ARRAY_SIZE(grounds); i++) {
		if (strcmp(reason, grounds[i].reason) == 0) {
			*nl = grounds[i].nl;
			*en = grounds[i].en;
			return;
		}
	}
	if (outcome != NULL && strcmp(outcome, "success") == 0) {
		*nl = "toegestaan volgens het privacyreglement";
		*en = "allowed by the privacy regulation";
	} else if (outcome != NULL && strcmp(outcome, "refused") == 0) {
		*nl = "niet toegestaan volgens het privacyreglement";
		*en = "not allowed by the privacy regulation";
	} else {
		*nl = "mislukt door een storing";
		*en = "failed by a fault";
	}
}

/* A category in words (LOG-8). */
static const char *
logview_data_nl(const char *category)
{
	static const char *const nl[ZK_CAT_COUNT] = {
	    [ZK_CAT_IDENTITY] = "identiteitsgegevens",
	    [ZK_CAT_BSN] = "burgerservicenummer",
	    [ZK_CAT_CARE] = "zorggegevens",
	    [ZK_CAT_MEDICAL] = "medische gegevens",
	    [ZK_CAT_WORK_NOTE] = "werkaantekeningen",
	    [ZK_CAT_SPECIAL] = "bijzondere gegevens",
	    [ZK_CAT_FINANCIAL] = "financiële gegevens",
	    [ZK_CAT_HR] = "personeelsgegevens",
	    [ZK_CAT_APPLICATION] = "sollicitatiegegevens",
	};
	int c = category != NULL ? vocab_category(category) : -1;

	return c >= 0 ? nl[c] : NULL;
}

/* The outcome in Dutch. */
static const char *
logview_outcome_nl(const char *outcome)
{
	if (strcmp(outcome, "success") == 0)
		return "gelukt";
	return strcmp(outcome, "refused") == 0 ? "geweigerd" : "mislukt";
}

#define LOGVIEW_NAMES 32

struct logview {
	struct service *svc;
	int64_t tenant;
	const struct profile *p;
	const char *org;
	json_t *lines;
	/*
	 * LOG-8: the person of each line of the day being read (the lines
	 * of one day are the last ones: the log is read in order), by
	 * account, not by name: two people may share a name.
	 */
	struct logview_key {
		json_t *line;
		char user[64];
	} * day_lines;
	size_t nday, cap;
	char day[ZK_DATE_LEN];
	/*
	 * The names of the people met so far: a client's log names few
	 * people many times, and each name is one look-up, not one per
	 * event (on PostgreSQL a round trip each).
	 */
	struct logview_name {
		char uid[64];
		char name[128];
	} names[LOGVIEW_NAMES];
	unsigned nnames;
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
	if (uid == NULL) {
		zk_strlcpy(name, "onbekend", nn);
		return;
	}
	for (unsigned i = 0; i < v->nnames && i < LOGVIEW_NAMES; i++) {
		if (strcmp(v->names[i].uid, uid) == 0) {
			zk_strlcpy(name, v->names[i].name, nn);
			return;
		}
	}
	if (store_user_get_uid(v->svc->store, v->tenant, uid, &u) == 0)
		zk_strlcpy(name, u.display_name, nn);
	else
		zk_strlcpy(name, "onbekend", nn);
	/* Beyond LOGVIEW_NAMES people, the oldest make room. */
	{
		struct logview_name *n = &v->names[v->nnames++ % LOGVIEW_NAMES];

		zk_strlcpy(n->uid, uid, sizeof n->uid);
		zk_strlcpy(n->name, name, sizeof n->name);
	}
}

/* True when a line's string field key is s (both may be absent). */
static int
logview_same(json_t *line, const char *key, const char *s)
{
	json_t *v = json_object_get(line, key);

	if (s == NULL)
		return v == NULL || json_is_null(v);
	return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

/*
 * LOG-8: the line of today that an event merges into: the same action on
 * the same data by the same person in the same role, with the same
 * outcome, ground, purpose and use of emergency access, even when other
 * lines stand between. NULL when there is none.
 */
static json_t *
logview_merge_into(struct logview *v, const char *user, const char *role,
		   const char *action, const char *data, const char *outcome,
		   const char *ground, const char *purpose, int bg)
{
	for (size_t i = 0; i < v->nday; i++) {
		json_t *l = v->day_lines[i].line;

		if (strcmp(v->day_lines[i].user, user ? user : "") == 0 &&
		    logview_same(l, "role", role) &&
		    logview_same(l, "action", action) &&
		    logview_same(l, "data", data) &&
		    logview_same(l, "outcome", outcome) &&
		    logview_same(l, "ground", ground) &&
		    logview_same(l, "purpose", purpose) &&
		    json_is_true(json_object_get(l, "break_glass")) == bg)
			return l;
	}
	return NULL;
}

/* Remembers line as one of the day's, of user. */
static int
logview_remember(struct logview *v, json_t *line, const char *user)
{
	if (v->nday == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 32;
		struct logview_key *k = realloc(v->day_lines, cap * sizeof *k);

		if (k == NULL)
			return ZK_ENOMEM;
		v->day_lines = k;
		v->cap = cap;
	}
	v->day_lines[v->nday].line = line;
	zk_strlcpy(v->day_lines[v->nday].user, user ? user : "",
		   sizeof v->day_lines[v->nday].user);
	v->nday++;
	return 0;
}

static int
logview_row(void *arg, const struct store_audit_row *r)
{
	struct logview *v = arg;
	const struct profile_purpose *pp = NULL;
	const char *nl, *en, *gnl, *gen;
	char name[128], role[96], day[ZK_DATE_LEN];
	int bg = r->break_glass_ref != NULL, done;
	int64_t at = 0;
	json_t *o;

	done = strcmp(r->outcome, "success") == 0;
	logview_action(r->event, r->action, done, &nl, &en);
	logview_ground(r->reason, r->outcome, &gnl, &gen);
	if (r->purpose != NULL)
		pp = profile_purpose(v->p, r->purpose);
	/* The day as the client lives it: the Dutch calendar day. */
	if (r->ts != NULL && zk_time_parse(r->ts, &at) == 0)
		zk_date_fmt(zk_day_nl(at), day);
	else
		zk_strlcpy(day, r->ts ? r->ts : "", sizeof day);
	logview_who(v, r->user_uid, r->user_role, name, sizeof name, role,
		    sizeof role);
	/* LOG-8: similar events of one day are one line. */
	if (strcmp(day, v->day) != 0) {
		zk_strlcpy(v->day, day, sizeof v->day);
		v->nday = 0;
	} else if ((o = logview_merge_into(v, r->user_uid, role, en,
					   r->category, r->outcome, gen,
					   pp ? pp->id : NULL, bg)) != NULL) {
		json_int_t n = json_integer_value(json_object_get(o, "times"));

		json_object_set_new(o, "times", json_integer(n + 1));
		json_object_set_new(o, "last", json_string(r->ts));
		return 0;
	}
	o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, "
	    "s:s?, s:s?, s:s?, s:s, s:s, s:s, s:s, s:s, s:b, s:i}",
	    "date", day, "first", r->ts, "last", r->ts, "organisation", v->org,
	    "who", name, "role", role, "action", en, "action_nl", nl, "data",
	    r->category, "data_nl", logview_data_nl(r->category), "purpose",
	    pp ? pp->id : NULL, "purpose_nl", pp ? pp->name_nl : NULL,
	    "purpose_en", pp ? pp->name_en : NULL, "outcome", r->outcome,
	    "outcome_nl", logview_outcome_nl(r->outcome), "ground", gen,
	    "ground_nl", gnl, "rule", r->rule, "break_glass", bg, "times", 1);
	if (o == NULL || json_array_append_new(v->lines, o) != 0)
		return ZK_ENOMEM;
	return logview_remember(v, o, r->user_uid);
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
	/*
	 * LOG-2, LOG-8: the client sees who looked at their record, and so
	 * does a representative who may act for them today (REP-6).
	 */
	for (int r = 0; r < p->nroles; r++) {
		enum zk_base_role b = p->roles[r].base;

		if (!(a->roles & (1u << r)) || !vocab_base_role_portal(b))
			continue;
		if ((b == ZK_ROLE_SUBJECT && (rel & ZK_COND_SELF)) ||
		    (b == ZK_ROLE_REPRESENTATIVE &&
		     (rel & ZK_COND_REPRESENTS))) {
			d->permit = true;
			d->reason = b == ZK_ROLE_SUBJECT
					? "portal_self"
					: "portal_representative";
			d->rule = "LOG-2";
			d->role = p->roles[r].id;
			d->role_code = vocab_iso_role(b, false, false);
			return;
		}
		d->reason = "not_own_record";
		d->rule = "LOG-2";
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
	char checks[200], by[64] = "";
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
	if (a->portal) {
		/* LOG-2, REP-6: the client, or who acts for them today. */
		struct svc_facts f;

		rc = svc_facts_load(svc, a, subject_uid, zk_now(), &f);
		rel = f.relations;
		zk_strlcpy(by, f.portal_by, sizeof by);
		svc_facts_release(&f);
	} else {
		rc = svc_subject_load(svc, a, subject_uid, &x);
		store_subject_release(&x);
		if (rc == 0)
			rc = svc_relations(svc, a, x.id, zk_now(), &rel);
	}
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "no subject %s", subject_uid);
	}
	logview_decide(t->profile, a, rel, &d);
	if (!a->system)
		svc_event_decision(&ev, &d, rel, checks, sizeof checks);
	if (by[0] != '\0')
		ev.on_behalf_of = by;
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
	free(v.day_lines);
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
