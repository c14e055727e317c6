/*
 * request_export.c: what a granted request gives the subject (INZ-1 to
 * INZ-6, LOG-2, LOG-8, POR-1) and the letters of every request (RQ-5,
 * RQ-6).
 *
 * The assembly of everything about the subject is made through the same
 * door as every other read: each part (identity, entries, consents,
 * representatives, objections, the information given, the care relations
 * and the log) is read with the actor's own authorisation and logged as
 * its own read, so an export shows in the subject's log as what it is.
 * The exporter therefore needs the scheme's read and export rights for
 * what the copy holds; the DPO, who handles requests but may not read the
 * care record, cannot make one. Work notes are never in it (CAT-4), and
 * the entries withheld to protect others (INZ-2) are left out and named
 * with their reasons. src/export turns the assembly into a PDF or a FHIR
 * Bundle; nothing there reads the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "service/requests_deceased.h"
#include "service/requests_int.h"

static const struct {
	const char *id, *nl, *en;
} export_categories[] = {
    {"identity", "Identiteitsgegevens", "Identity data"},
    {"bsn", "Burgerservicenummer", "Citizen service number (BSN)"},
    {"care", "Zorggegevens", "Care data"},
    {"medical", "Medische gegevens", "Medical data"},
    {"work_note", "Werkaantekeningen", "Work notes"},
    {"special", "Bijzondere persoonsgegevens", "Special categories of data"},
    {"financial", "Financiële gegevens", "Financial data"},
    {"hr", "Personeelsgegevens", "Employment data"},
    {"application", "Sollicitatiegegevens", "Application data"},
};

static json_t *
export_category_json(const char *id)
{
	for (size_t i = 0;
	     i < sizeof export_categories / sizeof export_categories[0]; i++)
		if (strcmp(export_categories[i].id, id) == 0)
			return json_pack("{s:s, s:s, s:s, s:[]}", "category",
					 id, "name_nl", export_categories[i].nl,
					 "name_en", export_categories[i].en,
					 "entries");
	return json_pack("{s:s, s:s, s:s, s:[]}", "category", id, "name_nl", id,
			 "name_en", id, "entries");
}

/* The list of a read's result: the array itself, or obj[key]. */
static json_t *
export_list(json_t *o, const char *key)
{
	return json_is_array(o) ? o : json_object_get(o, key);
}

/* A new reference to export_list(), or an empty array. */
static json_t *
export_take(json_t *o, const char *key)
{
	json_t *v = export_list(o, key);

	return json_is_array(v) ? json_incref(v) : json_array();
}

/*
 * The entries by category, each correction beside its original (COR-2),
 * without work notes (CAT-4) and without what is withheld (INZ-2).
 */
static int
export_entries(json_t *all, json_t *withheld, json_t **out)
{
	json_t *cats = json_array(), *e;
	size_t i, j;

	if (cats == NULL)
		return ZK_ENOMEM;
	json_array_foreach(all, i, e)
	{
		const char *cat =
		    json_string_value(json_object_get(e, "category"));
		const char *id = json_string_value(json_object_get(e, "id"));
		const char *corrects =
		    json_string_value(json_object_get(e, "corrects"));
		json_t *c = NULL, *w, *x, *copy;
		bool held = false;

		if (cat == NULL || id == NULL || strcmp(cat, "work_note") == 0)
			continue;
		json_array_foreach(withheld, j, w)
		{
			const char *wid =
			    json_string_value(json_object_get(w, "entry"));
			held |= wid != NULL && strcmp(wid, id) == 0;
		}
		if (held)
			continue;
		json_array_foreach(cats, j, x)
		{
			if (strcmp(json_string_value(
				       json_object_get(x, "category")),
				   cat) == 0)
				c = x;
		}
		if (c == NULL) {
			if ((c = export_category_json(cat)) == NULL ||
			    json_array_append_new(cats, c) != 0) {
				json_decref(cats);
				return ZK_ENOMEM;
			}
		}
		copy = json_deep_copy(e);
		if (copy == NULL) {
			json_decref(cats);
			return ZK_ENOMEM;
		}
		json_object_set_new(copy, "corrected_by", json_null());
		json_object_set_new(copy, "provided_by_subject",
				    json_boolean(strcmp(cat, "identity") == 0));
		json_array_append_new(json_object_get(c, "entries"), copy);
		/* COR-2: the original names its correction. */
		if (corrects != NULL) {
			json_array_foreach(cats, j, x)
			{
				size_t k;
				json_t *o;

				json_array_foreach(
				    json_object_get(x, "entries"), k, o)
				{
					const char *oid = json_string_value(
					    json_object_get(o, "id"));

					if (oid != NULL &&
					    strcmp(oid, corrects) == 0)
						json_object_set_new(
						    o, "corrected_by",
						    json_string(id));
				}
			}
		}
	}
	*out = cats;
	return 0;
}

static const char *
export_from_name(enum profile_from f)
{
	return f == PROFILE_FROM_CREATION      ? "creation"
	       : f == PROFILE_FROM_LAST_CHANGE ? "last_change"
					       : "end_of_relationship";
}

/* GDPR art. 15(1) and INZ-3: what the profile says, for this subject. */
static json_t *
export_art15(const struct profile *p, enum zk_kind kind, json_t *information)
{
	json_t *o = json_object(), *purposes = json_array(),
	       *cats = json_array(), *recipients = json_array(),
	       *retention = json_array(), *complaints = json_array(), *v;
	const char *source = "subject";
	size_t i;

	for (int i2 = 0; i2 < p->npurposes; i2++) {
		json_t *bases = json_array();

		for (int b = 0; b < ZK_BASIS_COUNT; b++)
			if (p->purposes[i2].bases & (1u << b))
				json_array_append_new(
				    bases, json_string(vocab_basis_name(
					       (enum zk_basis)b)));
		json_array_append_new(
		    purposes,
		    json_pack("{s:s, s:s, s:s, s:o}", "id", p->purposes[i2].id,
			      "name_nl", p->purposes[i2].name_nl, "name_en",
			      p->purposes[i2].name_en, "legal_bases", bases));
	}
	for (int c = 0; c < ZK_CAT_COUNT; c++) {
		json_t *cj;

		if (c == ZK_CAT_WORK_NOTE ||
		    !(p->categories[c].kinds & (1u << kind)))
			continue;
		cj = export_category_json(
		    vocab_category_name((enum zk_category)c));
		json_object_del(cj, "entries");
		json_array_append_new(cats, cj);
		if (p->retention[c].set) {
			char per[16];

			snprintf(per, sizeof per, "P%d%c",
				 p->retention[c].period.n,
				 p->retention[c].period.unit);
			json_array_append_new(
			    retention,
			    json_pack("{s:s, s:s, s:s}", "category",
				      vocab_category_name((enum zk_category)c),
				      "period", per, "from",
				      export_from_name(p->retention[c].from)));
		}
	}
	for (int r = 0; r < PROFILE_TO_COUNT; r++)
		if (p->recipients[r].set && p->recipients[r].allowed)
			json_array_append_new(
			    recipients,
			    json_pack("{s:s, s:b, s:b}", "kind",
				      profile_recipient_name(
					  (enum profile_recipient)r),
				      "allowed", 1, "without_consent",
				      p->recipients[r].without_consent != 0));
	for (int c = 0; c < p->ncomplaints; c++)
		json_array_append_new(complaints,
				      json_pack("{s:s, s:s}", "to",
						p->complaints[c].to, "address",
						p->complaints[c].address));
	json_array_foreach(information, i, v)
	{
		const char *s = json_string_value(json_object_get(v, "source"));

		if (s != NULL && strcmp(s, "elsewhere") == 0)
			source = "elsewhere";
	}
	json_object_set_new(o, "purposes", purposes);
	json_object_set_new(o, "categories", cats);
	json_object_set_new(o, "recipients", recipients);
	json_object_set_new(o, "retention", retention);
	json_object_set_new(o, "source", json_string(source));
	json_object_set_new(o, "rights",
			    json_pack("[s, s, s, s, s, s, s, s, s, s, s]",
				      "access", "copy", "portability",
				      "rectification", "completion", "erasure",
				      "shielding", "restriction", "objection",
				      "log", "scheme"));
	json_object_set_new(o, "complaints", complaints);
	return o;
}

/* INZ-3, LOG-2: the roles that may see each category of this subject,
 * and the staff who hold a care relation now. */
static json_t *
export_scheme(const struct profile *p, enum zk_kind kind, json_t *relations)
{
	json_t *cats = json_array(), *rels = json_array(), *v;
	size_t i;

	for (int c = 0; c < ZK_CAT_COUNT; c++) {
		json_t *roles;

		if (c == ZK_CAT_WORK_NOTE)
			continue;
		roles = json_array();
		for (int r = 0; r < p->nroles; r++) {
			json_t *acts = json_array();

			for (int a = 0; a < ZK_ACT_COUNT; a++)
				if (p->grants[r][c][a][kind])
					json_array_append_new(
					    acts, json_string(vocab_action_name(
						      (enum zk_action)a)));
			if (json_array_size(acts) == 0) {
				json_decref(acts);
				continue;
			}
			json_array_append_new(
			    roles,
			    json_pack("{s:s, s:s, s:s, s:o}", "role",
				      p->roles[r].id, "name_nl",
				      p->roles[r].name_nl, "name_en",
				      p->roles[r].name_en, "actions", acts));
		}
		if (json_array_size(roles) == 0) {
			json_decref(roles);
			continue;
		}
		json_array_append_new(
		    cats, json_pack("{s:s, s:o}", "category",
				    vocab_category_name((enum zk_category)c),
				    "roles", roles));
	}
	json_array_foreach(relations, i, v)
	{
		const char *until =
		    json_string_value(json_object_get(v, "valid_until"));
		char today[ZK_DATE_LEN];

		/* Who holds a care relation now, not who held one. */
		zk_date_fmt(zk_day_nl(zk_now()), today);
		if (until != NULL && strcmp(until, today) < 0)
			continue;
		json_array_append_new(
		    rels, json_pack("{s:O?, s:O?, s:O?}", "user",
				    json_object_get(v, "username"), "relation",
				    json_object_get(v, "relation"), "since",
				    json_object_get(v, "valid_from")));
	}
	return json_pack("{s:o, s:o}", "categories", cats, "relations", rels);
}

/* What export_count() counts: the entries and, apart, those shielded. */
struct export_counting {
	struct svc_shields sh;
	size_t n, hidden;
};

static int
export_count_one(void *arg, const struct store_entry *e)
{
	struct export_counting *c = arg;

	/* SHD-1: a shielded entry is not part of this exporter's copy. */
	if (svc_shields_hide(&c->sh, e))
		c->hidden++;
	else if (strcmp(e->category, "work_note") != 0)
		c->n++;
	return 0;
}

/*
 * INZ-1: the copy holds the whole record. The entries of the subject
 * outside work notes, counted apart from any decision, so that an
 * exporter who may read only part of it is refused rather than handing
 * out a copy with parts silently missing.
 */
static int
export_count(struct service *svc, const struct actor *a,
	     const char *subject_uid, size_t *n, json_t **shielded)
{
	struct export_counting c;
	struct store_subject x;
	int64_t tenant = a->tenant;
	unsigned rel = 0;
	int rc;

	*n = 0;
	memset(&c, 0, sizeof c);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = svc_begin_read(svc)) != 0)
		return rc;
	rc = store_subject_get(svc->store, tenant, subject_uid, &x);
	if (rc == 0 && (rc = svc_relations(svc, a, x.id, zk_now(), &rel)) == 0)
		rc = svc_shields_load(svc, a, x.id, rel, &c.sh);
	if (rc == 0)
		rc = store_entry_list(svc->store, tenant, x.id, NULL,
				      export_count_one, &c);
	/* SHD-1: the copy says that shielded parts exist, and who can show
	 * them, without anything of their content. */
	if (rc == 0 && c.hidden > 0 &&
	    (*shielded = svc_shield_note(svc, tenant, x.id, c.hidden)) == NULL)
		rc = ZK_ENOMEM;
	*n = c.n;
	svc_shields_release(&c.sh);
	store_subject_release(&x);
	store_rollback(svc->store);
	return rc;
}

/*
 * The assembly of request r for actor a: each part read through its own
 * door, as a (logged). *out is the caller's.
 */
static int
export_assemble(struct service *svc, const struct actor *a,
		const struct svc_tenant *t, const struct store_rq *r,
		json_t *request_json_o, const char *lang, json_t **out,
		char **cause)
{
	struct store_tenant org;
	struct zk_buf ebuf;
	json_t *subject = NULL, *consents = NULL, *reps = NULL,
	       *objections = NULL, *info = NULL, *rels = NULL, *log = NULL,
	       *cats = NULL, *o = NULL, *addressee = NULL, *art15 = NULL, *w,
	       *shielded = NULL, *disclosures = NULL;
	json_error_t jerr;
	char now[ZK_TIME_LEN], today[ZK_DATE_LEN];
	const char *kind = r->kind;
	int rc, k;

	*out = NULL;
	zk_buf_init_secret(&ebuf, 0);
	memset(&org, 0, sizeof org);
	if ((rc = svc_tenant_name(svc, a->tenant, &org)) != 0)
		return zk_fail(cause, rc, "cannot read the organisation");
	if ((rc = svc_subject_get(svc, a, r->subject_uid, NULL, &subject, NULL,
				  cause)) != 0)
		goto out;
	if ((rc = svc_representative_list(svc, a, r->subject_uid, &reps,
					  cause)) != 0 ||
	    (rc = svc_consent_list(svc, a, r->subject_uid, &consents, cause)) !=
		0 ||
	    (rc = svc_objection_list(svc, a, r->subject_uid, &objections,
				     cause)) != 0 ||
	    (rc = svc_disclosure_list(svc, a, r->subject_uid, &disclosures,
				      cause)) != 0 ||
	    (rc = svc_information_list(svc, a, r->subject_uid, &info, cause)) !=
		0 ||
	    (rc = svc_relation_list(svc, a, r->subject_uid, &rels, cause)) !=
		0 ||
	    (rc = svc_subject_log(svc, a, r->subject_uid, &log, cause)) != 0)
		goto out;
	if (strcmp(kind, "scheme") != 0 && strcmp(kind, "log") != 0) {
		json_t *arr;

		size_t total = 0, seen = 0, i;

		if ((rc = export_count(svc, a, r->subject_uid, &total,
				       &shielded)) != 0)
			goto out;
		rc = svc_entry_list(svc, a, r->subject_uid, NULL, &ebuf, cause);
		if (rc == ZK_EDENIED && total == 0)
			rc = 0, ebuf.len = 0; /* an empty record */
		if (rc != 0)
			goto out;
		arr = ebuf.len > 0 ? json_loadb((const char *)ebuf.data,
						ebuf.len, 0, &jerr)
				   : json_array();
		if (arr == NULL) {
			rc = zk_fail(cause, ZK_ECORRUPT,
				     "cannot read the entries back");
			goto out;
		}
		json_array_foreach(arr, i, w)
		{
			const char *c =
			    json_string_value(json_object_get(w, "category"));

			/* LOG-3: no copy with a changed entry left out. */
			if (json_object_get(w, "error") != NULL) {
				json_decref(arr);
				rc = zk_fail(cause, ZK_ECONFLICT,
					     "an entry of the client was "
					     "changed outside zorgkluis; the "
					     "copy is made once that is "
					     "resolved (LOG-3)");
				goto out;
			}
			if (c == NULL || strcmp(c, "work_note") != 0)
				seen++;
		}
		if (seen < total) {
			json_decref(arr);
			rc = zk_fail(cause, ZK_EDENIED,
				     "you may read only part of the client's "
				     "record; the copy is made by someone who "
				     "may read all of it (INZ-1, ACC-1)");
			goto out;
		}
		rc = export_entries(
		    arr, json_object_get(request_json_o, "withheld"), &cats);
		json_decref(arr);
		if (rc != 0)
			goto out;
	} else if ((cats = json_array()) == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	/* REP-5: the letters go to the representative who made it. */
	if (r->representative_id != 0) {
		size_t i;

		json_array_foreach(export_list(reps, "representatives"), i, w)
		{
			const char *id =
			    json_string_value(json_object_get(w, "id"));

			if (id != NULL &&
			    strcmp(id, r->representative_uid) == 0)
				addressee = json_pack(
				    "{s:s, s:s, s:O?, s:O?}", "kind",
				    "representative", "id", id, "name",
				    json_object_get(w, "name"), "basis",
				    json_object_get(w, "kind"));
		}
	}
	if (addressee == NULL)
		addressee = json_pack("{s:s, s:n, s:n, s:n}", "kind", "subject",
				      "id", "name", "basis");
	zk_time_fmt(zk_now(), now);
	zk_date_fmt(svc_today(svc), today);
	k = vocab_kind(json_string_value(json_object_get(subject, "kind")));
	if (k < 0)
		k = ZK_KIND_CLIENT;
	art15 = export_art15(t->profile, (enum zk_kind)k,
			     export_list(info, "information"));
	o = json_pack(
	    "{s:s, s:s, s:s, s:s, s:{s:s, s:O?, s:O?}, s:{s:s, s:s, s:O?,"
	    " s:{s:s, s:s}}}",
	    "kind", kind, "lang", lang, "generated_at", now, "generated_on",
	    today, "request", "id", r->uid, "received",
	    json_object_get(request_json_o, "received"), "due",
	    json_object_get(json_object_get(request_json_o, "deadline"), "due"),
	    "organisation", "name", org.name, "slug", org.slug, "complaints",
	    json_object_get(art15, "complaints"), "authority", "name",
	    "Autoriteit Persoonsgegevens", "url",
	    "https://autoriteitpersoonsgegevens.nl");
	if (o == NULL || art15 == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	json_object_set_new(o, "subject", json_incref(subject));
	json_object_set_new(o, "addressee", addressee);
	addressee = NULL;
	json_object_set_new(o, "categories", cats);
	cats = NULL;
	json_object_set_new(
	    o, "withheld",
	    request_json_o != NULL
		? json_deep_copy(json_object_get(request_json_o, "withheld"))
		: json_array());
	if (r->uid[0] == '\0')
		json_object_del(o, "request");
	json_object_set_new(o, "consents", export_take(consents, "consents"));
	json_object_set_new(o, "representatives",
			    export_take(reps, "representatives"));
	json_object_set_new(o, "objections",
			    export_take(objections, "objections"));
	json_object_set_new(o, "information", export_take(info, "information"));
	/* DIS-1, GDPR art. 15(1)(c): to whom the data went, and on what. */
	json_object_set_new(o, "disclosures",
			    export_take(disclosures, "disclosures"));
	json_object_set_new(o, "art15", art15);
	art15 = NULL;
	json_object_set_new(o, "scheme",
			    export_scheme(t->profile, (enum zk_kind)k,
					  export_list(rels, "relations")));
	json_object_set_new(o, "log", export_take(log, "lines"));
	if (shielded != NULL) {
		json_object_set_new(o, "shielded", shielded);
		shielded = NULL;
	}
	json_object_set(o, "explanation",
			json_object_get(request_json_o, "explanation"));
	/* INZ-5, REP-5: what a next of kin receives, and to whom. */
	if ((rc = svc_kin_limit(svc, a->tenant, r, o)) != 0)
		goto out;
	*out = o;
	o = NULL;
	rc = 0;
out:
	seal_wipe(ebuf.data, ebuf.len);
	zk_buf_release(&ebuf);
	json_decref(subject);
	json_decref(consents);
	json_decref(reps);
	json_decref(disclosures);
	json_decref(objections);
	json_decref(info);
	json_decref(rels);
	json_decref(log);
	json_decref(cats);
	json_decref(addressee);
	json_decref(art15);
	json_decref(shielded);
	json_decref(o);
	return rc;
}

/* Loads request uid for the handler, with its JSON (reasons opened). */
static int
export_load(struct service *svc, const struct actor *a, const char *uid,
	    struct svc_tenant **t, struct store_rq *r, json_t **rj,
	    char **cause)
{
	struct store_subject x;
	int rc;

	*rj = NULL;
	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_EINVAL, "not a request id");
	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	rc = store_rq_get(svc->store, a->tenant, uid, r);
	if (rc == 0)
		rc = store_subject_get(svc->store, a->tenant, r->subject_uid,
				       &x);
	if (rc == 0)
		rc = request_json(svc, a->tenant, (*t)->profile, r, &x, rj);
	store_subject_release(&x);
	store_rollback(svc->store);
	if (rc == ZK_ENOTFOUND)
		return zk_fail(cause, rc, "no such request");
	return rc != 0 ? zk_fail(cause, rc, "cannot read the request") : 0;
}

/* Logs the export itself (LOG-1: action E), on behalf of the requester. */
static int
export_log(struct service *svc, const struct actor *a, struct svc_tenant *t,
	   const struct store_rq *r, const char *event, const char *rule,
	   int rc, char **cause)
{
	struct audit_event ev;
	char by[80];
	int lrc;

	svc_event_init(&ev, a, t, event, 'E');
	ev.subject_uid = r->subject_uid;
	ev.object_type = "request";
	ev.object_uid = r->uid;
	ev.rule = rule;
	ev.reason = "subject_request";
	if (r->representative_id != 0) {
		snprintf(by, sizeof by, "representative:%s",
			 r->representative_uid);
		ev.on_behalf_of = by;
	}
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	if ((lrc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, ZK_EAUDIT, "cannot log the export");
	return svc_log_commit(svc, a, &ev, cause);
}

/*
 * INZ-6, RQ-5: a portal account gets the copy and the letters of its
 * client's own requests once the door lets it read that client today. It
 * may not read every part a copy is assembled from (the care relations,
 * the consents, the disclosures), so the system assembles them on its
 * behalf (as, "on behalf of portal:<user>"), as the organisation answers
 * a request it granted; the parts' reads are logged as the system's and
 * the export itself as the portal account's (docs/decisions.md). A
 * refusal is logged (LOG-1).
 */
static int
export_portal(struct service *svc, const struct actor *a,
	      const struct store_rq *r, const char *endpoint, struct actor *as,
	      char **cause)
{
	bool may = false;
	int rc;

	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = svc_portal_may(svc, a, r->subject_uid, &may, NULL, 0);
	store_rollback(svc->store);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot read the client");
	if (!may)
		return svc_log_refusal(svc, a, "request.export", 'E',
				       r->subject_uid, endpoint,
				       "not_own_record", "INZ-6", cause);
	svc_actor_system(as, a->tenant, "portal", a->access_point);
	/* INZ-2: what a decided request withheld stays out of it too. */
	as->portal = a->portal;
	/* A uid is 36 characters: "portal:" and it fit. */
	zk_strlcpy(as->on_behalf_of, "portal:", sizeof as->on_behalf_of);
	zk_strlcpy(as->on_behalf_of + 7, a->user_uid,
		   sizeof as->on_behalf_of - 7);
	return 0;
}

int
svc_request_export(struct service *svc, const struct actor *a, const char *uid,
		   const char *format, const char *lang, struct zk_buf *out,
		   char **cause)
{
	struct store_rq r;
	struct svc_tenant *t;
	struct actor sys;
	const struct actor *by = a;
	json_t *rj = NULL, *as = NULL, *bundle = NULL;
	int rc;

	if (format == NULL ||
	    (strcmp(format, "pdf") != 0 && strcmp(format, "fhir") != 0))
		return zk_fail(cause, ZK_EINVAL, "format must be pdf or fhir");
	if (lang == NULL)
		lang = "nl";
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		return zk_fail(cause, ZK_EINVAL, "lang must be nl or en");
	store_rq_init(&r);
	if ((rc = export_load(svc, a, uid, &t, &r, &rj, cause)) != 0)
		goto done;
	if (a->portal) {
		if ((rc = export_portal(svc, a, &r, "requests/:/export", &sys,
					cause)) != 0)
			goto done;
		/* INZ-6: the portal gives the copies of the client's rights
		 * of access and portability. */
		if (strcmp(r.kind, "access") != 0 &&
		    strcmp(r.kind, "copy") != 0 &&
		    strcmp(r.kind, "portability") != 0) {
			rc = zk_fail(cause, ZK_ECONFLICT,
				     "a %s request is not answered with a "
				     "copy in the portal",
				     r.kind);
			goto done;
		}
		by = &sys;
	}
	if (!(strcmp(r.kind, "access") == 0 || strcmp(r.kind, "copy") == 0 ||
	      strcmp(r.kind, "portability") == 0 ||
	      strcmp(r.kind, "log") == 0 || strcmp(r.kind, "scheme") == 0)) {
		rc =
		    zk_fail(cause, ZK_ECONFLICT,
			    "a %s request is not answered with a copy", r.kind);
		goto done;
	}
	if (strcmp(r.decision, "granted") != 0 &&
	    strcmp(r.decision, "partly") != 0) {
		rc = zk_fail(cause, ZK_ECONFLICT,
			     "the request must be granted, wholly or in part, "
			     "before its copy is made (RQ-5)");
		goto done;
	}
	if ((rc = export_assemble(svc, by, t, &r, rj, lang, &as, cause)) != 0)
		goto done;
	if (strcmp(format, "pdf") == 0) {
		rc = export_copy_pdf(as, lang, out, cause);
	} else {
		rc = fhir_bundle(as, "collection", &bundle, cause);
		if (rc == 0) {
			char *s = json_dumps(bundle, JSON_INDENT(2));

			rc = s == NULL ? ZK_ENOMEM
				       : zk_buf_append(out, s, strlen(s));
			free(s);
		}
	}
	rc = export_log(svc, a, t, &r,
			strcmp(format, "pdf") == 0 ? "request.export_pdf"
						   : "request.export_fhir",
			strcmp(format, "pdf") == 0 ? "INZ-6" : "POR-1", rc,
			cause);
done:
	json_decref(bundle);
	json_decref(as);
	json_decref(rj);
	store_rq_release(&r);
	return rc;
}

int
svc_request_letter(struct service *svc, const struct actor *a, const char *uid,
		   const char *letter, const char *lang, struct zk_buf *out,
		   char **cause)
{
	struct store_rq r;
	struct svc_tenant *t;
	struct store_tenant org;
	struct actor sys;
	const struct actor *by = a;
	json_t *rj = NULL, *ident = NULL, *reps = NULL, *doc = NULL,
	       *addressee = NULL, *w;
	char today[ZK_DATE_LEN], fee[32], name[200] = "";
	size_t i;
	int rc;

	if (letter == NULL ||
	    (strcmp(letter, "acknowledgement") != 0 &&
	     strcmp(letter, "identity") != 0 &&
	     strcmp(letter, "extension") != 0 &&
	     strcmp(letter, "decision") != 0 && strcmp(letter, "lifting") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "letter must be acknowledgement, identity, "
			       "extension, decision or lifting (RQ-6)");
	if (lang == NULL)
		lang = "nl";
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		return zk_fail(cause, ZK_EINVAL, "lang must be nl or en");
	store_rq_init(&r);
	memset(&org, 0, sizeof org);
	if ((rc = export_load(svc, a, uid, &t, &r, &rj, cause)) != 0)
		goto done;
	if (a->portal) {
		if ((rc = export_portal(svc, a, &r, "requests/:/letters", &sys,
					cause)) != 0)
			goto done;
		by = &sys;
	}
	if (strcmp(letter, "decision") == 0 && r.decision[0] == '\0') {
		rc = zk_fail(cause, ZK_ECONFLICT,
			     "the request is not decided yet");
		goto done;
	}
	/* GDPR art. 18(3): the client is told before a restriction goes. */
	if (strcmp(letter, "lifting") == 0 &&
	    (strcmp(r.kind, "restriction") != 0 ||
	     strcmp(r.state, "carried_out") != 0)) {
		rc = zk_fail(cause, ZK_ECONFLICT,
			     "a lifting letter belongs to a restriction that "
			     "was carried out (RST-1)");
		goto done;
	}
	if (strcmp(letter, "extension") == 0 && r.extended_on[0] == '\0') {
		rc = zk_fail(cause, ZK_ECONFLICT,
			     "the request was not extended");
		goto done;
	}
	/* The addressee's and subject's names, read through the door. */
	if ((rc = svc_tenant_name(svc, a->tenant, &org)) != 0 ||
	    (rc = svc_subject_get(svc, by, r.subject_uid, NULL, &ident, NULL,
				  cause)) != 0)
		goto done;
	if (r.representative_id != 0 &&
	    (rc = svc_representative_list(svc, by, r.subject_uid, &reps,
					  cause)) != 0)
		goto done;
	json_array_foreach(export_list(reps, "representatives"), i, w)
	{
		const char *id = json_string_value(json_object_get(w, "id"));

		if (id != NULL && strcmp(id, r.representative_uid) == 0)
			addressee = json_pack(
			    "{s:s, s:O?, s:O?}", "kind", "representative",
			    "name", json_object_get(w, "name"), "basis",
			    json_object_get(w, "kind"));
	}
	{
		json_t *id = json_object_get(ident, "identity");
		const char *g =
		    json_string_value(json_object_get(id, "given_names"));
		const char *f =
		    json_string_value(json_object_get(id, "family_name"));

		snprintf(name, sizeof name, "%s%s%s", g ? g : "",
			 g && f ? " " : "", f ? f : "");
	}
	if (addressee == NULL)
		addressee = json_pack("{s:s, s:s, s:n}", "kind", "subject",
				      "name", name, "basis");
	if (addressee != NULL &&
	    (rc = svc_kin_addressee(svc, a->tenant, &r, name, &addressee)) != 0)
		goto done;
	zk_date_fmt(svc_today(svc), today);
	snprintf(fee, sizeof fee, "EUR %lld,%02lld",
		 (long long)(r.fee_cents / 100),
		 (long long)(r.fee_cents % 100));
	doc = json_pack(
	    "{s:s, s:s, s:s, s:{s:s, s:s, s:[], s:{s:s, s:s}}, s:o,"
	    " s:{s:s, s:O?}, s:{s:s, s:s, s:s, s:O?, s:O?, s:s?, s:O?,"
	    " s:O, s:s?}}",
	    "letter", letter, "lang", lang, "date", today, "organisation",
	    "name", org.name, "slug", org.slug, "complaints", "authority",
	    "name", "Autoriteit Persoonsgegevens", "url",
	    "https://autoriteitpersoonsgegevens.nl", "addressee", addressee,
	    "subject", "name", name, "birth_date",
	    json_object_get(json_object_get(ident, "identity"), "birth_date"),
	    "request", "id", r.uid, "kind", r.kind, "received", r.received_on,
	    "due", json_object_get(json_object_get(rj, "deadline"), "due"),
	    "extended_due",
	    r.extended_on[0]
		? json_object_get(json_object_get(rj, "deadline"), "due")
		: NULL,
	    "decision", r.decision[0] ? r.decision : NULL, "reasons",
	    json_object_get(rj, "reasons"), "withheld",
	    json_object_get(rj, "withheld"), "fee",
	    r.fee_cents > 0 ? fee : NULL);
	addressee = NULL;
	/* ERA-2: the ground an erasure was refused on. */
	if (doc != NULL &&
	    json_is_string(json_object_get(rj, "refusal_ground")))
		json_object_set(json_object_get(doc, "request"),
				"refusal_ground",
				json_object_get(rj, "refusal_ground"));
	if (doc == NULL) {
		rc = ZK_ENOMEM;
		goto done;
	}
	for (int c = 0; c < t->profile->ncomplaints; c++)
		json_array_append_new(
		    json_object_get(json_object_get(doc, "organisation"),
				    "complaints"),
		    json_pack("{s:s, s:s}", "to", t->profile->complaints[c].to,
			      "address", t->profile->complaints[c].address));
	rc = export_letter_pdf(doc, out, cause);
	rc = export_log(svc, a, t, &r, "request.letter", "RQ-6", rc, cause);
done:
	json_decref(doc);
	json_decref(addressee);
	json_decref(ident);
	json_decref(reps);
	json_decref(rj);
	store_rq_release(&r);
	return rc;
}

int
svc_subject_assemble(struct service *svc, const struct actor *a,
		     const char *subject_uid, const char *lang, json_t **out,
		     char **cause)
{
	struct svc_tenant *t;
	struct store_rq r;
	int rc;

	*out = NULL;
	if (subject_uid == NULL || !zk_uuid_valid(subject_uid))
		return zk_fail(cause, ZK_EINVAL, "not a subject id");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	store_rq_init(&r);
	zk_strlcpy(r.kind, "access", sizeof r.kind);
	zk_strlcpy(r.subject_uid, subject_uid, sizeof r.subject_uid);
	rc = export_assemble(svc, a, t, &r, NULL, lang ? lang : "nl", out,
			     cause);
	store_rq_release(&r);
	return rc;
}
