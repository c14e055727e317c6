/*
 * fhir_import.c: POST /fhir, a client received from another controller
 * (POR-2, INF-2; docs/fhir.md).
 *
 * The Bundle is read by fhir_read_transaction() and registered as a new
 * client: identity, entries, representatives and consents in one write
 * transaction with their log entries, so that any failure leaves nothing
 * behind. The public functions each commit on their own, which is why the
 * writes are made here, step by step, on the store. Where the data came
 * from is kept, sealed, for the information-duty report (INF-2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "policy/representation.h"
#include "service/fhir_facade.h"
#include "service/service_int.h"

/* The most entries, representatives and consents of one import. */
#define IMPORT_MAX_THINGS 10000

struct import_run {
	struct service *svc;
	const struct actor *a;
	struct svc_tenant *t;
	struct store_subject x;
	unsigned char key[SEAL_KEY_BYTES];
	int key_loaded;
	const char *purpose, *basis; /* of the entries */
	json_t *made;		     /* fullUrl of an entry -> its uid */
	json_t *reps;		     /* the representatives' uids, in order */
	json_t *locs;		     /* type -> the uids made, in order */
	int64_t now;
	char checks[200];
};

/*
 * PUR-1, PUR-3: what imported entries are recorded for. The Bundle names
 * no purpose, so the profile's first care purpose on the basis of the care
 * agreement (contract) is taken; else its first purpose that allows
 * contract or a legal obligation.
 */
static int
import_purpose(struct import_run *im)
{
	const struct profile *p = im->t->profile;
	static const char *const bases[] = {"contract", "legal_obligation"};

	for (int care = 1; care >= 0; care--)
		for (size_t b = 0; b < ZK_ARRAY_SIZE(bases); b++)
			for (int i = 0; i < p->npurposes; i++) {
				int k = vocab_basis(bases[b]);

				if ((care && !p->purposes[i].care) || k < 0 ||
				    !(p->purposes[i].bases & (1u << k)))
					continue;
				im->purpose = p->purposes[i].id;
				im->basis = bases[b];
				return 0;
			}
	return ZK_EINVAL;
}

/* Remembers what was made, of type, for the transaction-response. */
static int
import_made(struct import_run *im, const char *type, const char *uid)
{
	json_t *list = json_object_get(im->locs, type);

	if (list == NULL &&
	    json_object_set_new(im->locs, type, list = json_array()) != 0)
		return ZK_ENOMEM;
	return json_array_append_new(list, json_string(uid)) != 0 ? ZK_ENOMEM
								  : 0;
}

/*
 * R4 transaction-response: one entry per request entry, in their order,
 * "201 Created" with the location of what it became. A Provenance became
 * the link and reason of its correction (COR-2) and has no location.
 */
static json_t *
import_response(struct import_run *im, const json_t *bundle)
{
	json_t *out = json_array(), *seen = json_object(), *r;
	const json_t *e;
	size_t i;

	if (out == NULL || seen == NULL)
		goto fail;
	json_array_foreach(json_object_get(bundle, "entry"), i, e)
	{
		const char *type = json_string_value(json_object_get(
		    json_object_get(e, "resource"), "resourceType"));
		const char *url =
		    json_string_value(json_object_get(e, "fullUrl"));
		const char *uid = NULL;
		json_int_t k;
		char loc[96];

		if (type == NULL)
			goto fail;
		if (strcmp(type, "DocumentReference") == 0) {
			uid = json_string_value(json_object_get(im->made, url));
		} else if (strcmp(type, "Provenance") != 0) {
			k = json_integer_value(json_object_get(seen, type));
			uid = json_string_value(json_array_get(
			    json_object_get(im->locs, type), (size_t)k));
			json_object_set_new(seen, type, json_integer(k + 1));
		}
		snprintf(loc, sizeof loc, "%s/%s", type, uid ? uid : "");
		r = json_pack("{s:{s:s, s:s*}}", "response", "status",
			      "201 Created", "location", uid ? loc : NULL);
		if (r == NULL || json_array_append_new(out, r) != 0)
			goto fail;
	}
	json_decref(seen);
	return json_pack("{s:s, s:s, s:o}", "resourceType", "Bundle", "type",
			 "transaction-response", "entry", out);
fail:
	json_decref(out);
	json_decref(seen);
	return NULL;
}

/*
 * The identity as this profile keeps it: the fields given, without the
 * BSN (a category of its own, CAT-1) and with deceased_on.
 */
static json_t *
import_identity(const json_t *subject, const char **bsn)
{
	const json_t *id = json_object_get(subject, "identity");
	json_t *out = json_object(), *v;
	const char *k;

	*bsn = NULL;
	if (out == NULL)
		return NULL;
	json_object_foreach((json_t *)id, k, v)
	{
		if (json_is_null(v))
			continue;
		if (strcmp(k, "bsn") == 0)
			*bsn = json_string_value(v);
		else
			json_object_set(out, k, v);
	}
	v = json_object_get(subject, "deceased_on");
	if (json_is_string(v))
		json_object_set(out, "deceased_on", v);
	return out;
}

/* Decides creating category c for the new client (see the header). */
static int
import_decide(struct import_run *im, enum zk_category c,
	      struct authz_decision *d)
{
	/*
	 * The client is new: nobody has a care relation with them yet, and
	 * nobody gives one to themselves (ACC-2). The import is decided as
	 * the act of the one who takes the client into care: each category
	 * as its creation by a responsible professional, who is its author.
	 */
	svc_decide(im->a, im->t, ZK_KIND_CLIENT, c, ZK_ACT_CREATE,
		   ZK_COND_RESPONSIBLE, im->a->user_uid, NULL, d);
	return d->permit ? 0 : ZK_EDENIED;
}

/* Checks what the import holds before anything is written. */
static int
import_check(struct import_run *im, const json_t *as, json_t *identity,
	     const char *bsn, struct authz_decision *d, char **cause)
{
	const json_t *cat, *e, *r, *c, *v;
	size_t i, j, n = 0;
	int k, rc;

	if ((rc = svc_validate_fields(im->t->profile, ZK_CAT_IDENTITY, identity,
				      svc_today(im->svc), cause)))
		return rc;
	if ((rc = import_decide(im, ZK_CAT_IDENTITY, d)) != 0)
		return rc;
	if (bsn != NULL && (rc = import_decide(im, ZK_CAT_BSN, d)) != 0)
		return rc;
	if (import_purpose(im) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "the profile has no purpose that allows a "
			       "contract or a legal obligation (PUR-1)");
	json_array_foreach(json_object_get(as, "categories"), i, cat)
	{
		json_array_foreach(json_object_get(cat, "entries"), j, e)
		{
			if ((k = vocab_category(json_string_value(
				 json_object_get(e, "category")))) < 0)
				return zk_fail(cause, ZK_EINVAL,
					       "unknown category (CAT-1)");
			if ((rc = import_decide(im, (enum zk_category)k, d)))
				return rc;
			if ((rc = svc_validate_fields(
				 im->t->profile, (enum zk_category)k,
				 json_object_get(e, "content"),
				 svc_today(im->svc), cause)) != 0)
				return rc;
			n++;
		}
	}
	json_array_foreach(json_object_get(as, "representatives"), i, r)
	{
		const char *name =
		    json_string_value(json_object_get(r, "name"));

		if (rep_kind_parse(
			json_string_value(json_object_get(r, "kind"))) < 0 ||
		    name == NULL || name[0] == '\0' || strlen(name) > 200)
			return zk_fail(cause, ZK_EINVAL,
				       "representative %zu: a kind and a name "
				       "of at most 200 bytes (REP-1)",
				       i);
		n++;
	}
	json_array_foreach(json_object_get(as, "consents"), i, c)
	{
		const char *purpose =
		    json_string_value(json_object_get(c, "purpose"));
		const char *ev =
		    json_string_value(json_object_get(c, "evidence"));

		if (profile_purpose(im->t->profile, purpose) == NULL)
			return zk_fail(cause, ZK_EINVAL,
				       "consent %zu: purpose \"%.48s\" is not "
				       "one of this organisation's (PUR-1)",
				       i, purpose ? purpose : "");
		json_array_foreach(json_object_get(c, "categories"), j, v)
		{
			k = vocab_category(json_string_value(v));
			if (k < 0 || !im->t->profile->categories[k].used)
				return zk_fail(cause, ZK_EINVAL,
					       "consent %zu: a category this "
					       "organisation does not keep "
					       "(CAT-1)",
					       i);
		}
		const char *form =
		    json_string_value(json_object_get(c, "form"));

		/* CON-1: the forms a consent here can have. */
		if (form != NULL && strcmp(form, "written") != 0 &&
		    strcmp(form, "verbal") != 0 &&
		    strcmp(form, "electronic") != 0 &&
		    strcmp(form, "conduct") != 0)
			return zk_fail(cause, ZK_EINVAL,
				       "consent %zu: form must be written, "
				       "verbal, electronic or conduct (CON-1)",
				       i);
		if (ev != NULL && strlen(ev) >= 200)
			return zk_fail(cause, ZK_ETOOBIG,
				       "consent %zu: evidence too long", i);
		n++;
	}
	if (n > IMPORT_MAX_THINGS)
		return zk_fail(cause, ZK_ETOOBIG, "more than %d things",
			       IMPORT_MAX_THINGS);
	return 0;
}

static int
import_subject(struct import_run *im, json_t *identity)
{
	unsigned char kek[SEAL_KEY_BYTES];
	char ad[160], *text;
	int rc;

	zk_strlcpy(im->x.kind, "client", sizeof im->x.kind);
	zk_time_fmt(im->now, im->x.created_at);
	rc = seal_tenant_kek(im->svc->keys, im->a->tenant, kek);
	svc_seal_ad(ad, sizeof ad, im->a->tenant, im->x.uid, NULL, "key");
	if (rc == 0)
		rc = seal_key_new(kek, ad, im->key, im->x.wrapped_key);
	seal_wipe(kek, sizeof kek);
	/* ERA-5: the key goes to the key store, before the row exists. */
	if (rc == 0)
		rc = keystore_put(im->svc->keys->dir, im->a->tenant, im->x.uid,
				  0, im->x.wrapped_key, SEAL_WRAPPED_BYTES,
				  NULL);
	if (rc != 0)
		return rc;
	im->key_loaded = 1;
	im->x.wrapped_len = SEAL_WRAPPED_BYTES;
	svc_seal_ad(ad, sizeof ad, im->a->tenant, im->x.uid, NULL, "identity");
	if ((text = json_dumps(identity, JSON_COMPACT | JSON_SORT_KEYS)) ==
	    NULL)
		return ZK_ENOMEM;
	rc = seal_encrypt(im->key, ad, text, strlen(text), &im->x.identity);
	seal_wipe(text, strlen(text));
	free(text);
	if (rc == 0)
		rc = store_subject_create(im->svc->store, im->a->tenant, &im->x,
					  &im->x.id);
	return rc;
}

/*
 * INF-2: where the data came from, as the Bundle names its sender, sealed
 * with the new subject's key; the information-duty report shows it until
 * the subject is informed.
 */
static int
import_origin(struct import_run *im, const json_t *as)
{
	const json_t *o = json_object_get(as, "origin");
	const char *name = json_string_value(json_object_get(o, "name"));
	const char *src = json_string_value(json_object_get(o, "source"));
	char text[512], ad[160];
	struct zk_buf sealed;
	int rc;

	if (name != NULL && src != NULL)
		snprintf(text, sizeof text, "%s (%s)", name, src);
	else if (name != NULL || src != NULL)
		snprintf(text, sizeof text, "%s", name ? name : src);
	else
		snprintf(text, sizeof text,
			 "onbekend: de gegevens noemen geen afzender");
	zk_buf_init(&sealed, 0);
	svc_seal_ad(ad, sizeof ad, im->a->tenant, im->x.uid, im->x.uid,
		    "origin");
	rc = seal_encrypt(im->key, ad, text, strlen(text), &sealed);
	if (rc == 0)
		rc = store_information_origin_set(im->svc->store, im->a->tenant,
						  im->x.id, &sealed,
						  im->x.created_at);
	zk_buf_release(&sealed);
	return rc;
}

/* Logs one thing made by the import, as its own act (LOG-1). */
static int
import_log(struct import_run *im, const char *event, const char *type,
	   const char *uid, const char *category, const char *purpose,
	   const struct authz_decision *d)
{
	struct audit_event ev;

	svc_event_init(&ev, im->a, im->t, event, 'C');
	ev.subject_uid = im->x.uid;
	ev.object_type = type;
	ev.object_uid = uid;
	ev.category = category;
	ev.purpose = purpose;
	if (!im->a->system)
		svc_event_decision(&ev, d, ZK_COND_RESPONSIBLE, im->checks,
				   sizeof im->checks);
	return svc_log_one(im->svc, im->a, &ev, im->now, NULL) != 0 ? ZK_EAUDIT
								    : 0;
}

/* One entry, sealed and bound (LOG-3); a correction marks its original. */
static int
import_entry(struct import_run *im, const json_t *in, const char *category,
	     json_t *content)
{
	struct authz_decision d = {0};
	struct store_entry e, o;
	const char *at = json_string_value(json_object_get(in, "created_at"));
	const char *ref = json_string_value(json_object_get(in, "ref"));
	const char *corrects =
	    json_string_value(json_object_get(in, "corrects"));
	const char *reason = json_string_value(json_object_get(in, "reason"));
	const char *orig =
	    corrects ? json_string_value(json_object_get(im->made, corrects))
		     : NULL;
	char ad[200], *text = NULL;
	int rc;

	memset(&e, 0, sizeof e);
	memset(&o, 0, sizeof o);
	zk_buf_init(&e.content, 0);
	zk_uuid_new(e.uid);
	e.subject_id = im->x.id;
	zk_strlcpy(e.subject_uid, im->x.uid, sizeof e.subject_uid);
	zk_strlcpy(e.category, category, sizeof e.category);
	e.author_id = im->a->user_id;
	zk_strlcpy(e.author_uid, im->a->user_id != 0 ? im->a->user_uid : "",
		   sizeof e.author_uid);
	zk_strlcpy(e.purpose, im->purpose, sizeof e.purpose);
	zk_strlcpy(e.legal_basis, im->basis, sizeof e.legal_basis);
	/* The time it was written at the other controller: its age counts
	 * for retention, not the day it moved. */
	if (at != NULL)
		zk_strlcpy(e.created_at, at, sizeof e.created_at);
	else
		zk_time_fmt(im->now, e.created_at);
	zk_strlcpy(e.status, "active", sizeof e.status);
	rc = orig != NULL
		 ? store_entry_get(im->svc->store, im->a->tenant, orig, &o)
		 : 0;
	if (rc == 0 && orig != NULL) {
		e.corrects_id = o.id;
		zk_strlcpy(e.corrects_uid, o.uid, sizeof e.corrects_uid);
	}
	if (rc == 0 &&
	    (text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS)) == NULL)
		rc = ZK_ENOMEM;
	if (rc == 0) {
		svc_seal_ad(ad, sizeof ad, im->a->tenant, im->x.uid, e.uid,
			    e.category);
		rc = seal_encrypt(im->key, ad, text, strlen(text), &e.content);
	}
	if (rc == 0)
		rc = svc_entry_mac(im->key, im->a->tenant, &e, e.meta_mac);
	e.meta_mac_len = SEAL_MAC_BYTES;
	if (rc == 0)
		rc = store_entry_create(im->svc->store, im->a->tenant, &e,
					&e.id);
	if (rc == 0)
		rc = store_entry_set_mac(im->svc->store, im->a->tenant, e.uid,
					 e.meta_mac);
	/* COR-2: the original stays, marked corrected, its MAC renewed. */
	if (rc == 0 && orig != NULL) {
		rc = store_entry_mark_corrected(im->svc->store, im->a->tenant,
						o.id);
		zk_strlcpy(o.status, "corrected", sizeof o.status);
		if (rc == 0)
			rc = svc_entry_mac(im->key, im->a->tenant, &o,
					   o.meta_mac);
		if (rc == 0)
			rc = store_entry_set_mac(im->svc->store, im->a->tenant,
						 o.uid, o.meta_mac);
	}
	if (rc == 0 && orig != NULL && reason != NULL) {
		struct zk_buf sealed;

		zk_buf_init(&sealed, 0);
		rc = svc_seal_text(im->svc, im->a->tenant, &im->x, e.uid,
				   "correction_reason", reason, &sealed);
		if (rc == 0)
			rc = store_entry_reason_put(im->svc->store,
						    im->a->tenant, e.id,
						    sealed.data, sealed.len);
		zk_buf_release(&sealed);
	}
	if (rc == 0 && ref != NULL &&
	    json_object_set_new(im->made, ref, json_string(e.uid)) != 0)
		rc = ZK_ENOMEM;
	if (rc == 0)
		rc = import_made(im, "DocumentReference", e.uid);
	if (rc == 0) {
		import_decide(im, (enum zk_category)vocab_category(category),
			      &d);
		rc = import_log(im, "entry.create", "entry", e.uid, category,
				im->purpose, &d);
	}
	if (text != NULL) {
		seal_wipe(text, strlen(text));
		free(text);
	}
	store_entry_release(&e);
	store_entry_release(&o);
	return rc;
}

/* The entries of the import, the BSN first (CAT-1: a category of its own). */
static int
import_entries(struct import_run *im, const json_t *as, const char *bsn)
{
	const json_t *cat, *e;
	size_t i, j;
	int rc, have_bsn = 0;

	json_array_foreach(json_object_get(as, "categories"), i, cat)
	{
		json_array_foreach(json_object_get(cat, "entries"), j, e)
		{
			const char *c =
			    json_string_value(json_object_get(e, "category"));

			have_bsn |= strcmp(c, "bsn") == 0;
			if ((rc = import_entry(im, e, c,
					       json_object_get(e, "content"))))
				return rc;
		}
	}
	if (bsn != NULL && !have_bsn) {
		json_t *content = json_pack("{s:s}", "bsn", bsn);
		json_t *in = json_object();

		rc = content == NULL || in == NULL
			 ? ZK_ENOMEM
			 : import_entry(im, in, "bsn", content);
		json_decref(content);
		json_decref(in);
		return rc;
	}
	return 0;
}

static int
import_reps(struct import_run *im, const json_t *as)
{
	struct authz_decision d = {0};
	struct store_representative r;
	const json_t *in;
	size_t i;
	int rc = 0;

	import_decide(im, ZK_CAT_IDENTITY, &d);
	json_array_foreach(json_object_get(as, "representatives"), i, in)
	{
		memset(&r, 0, sizeof r);
		zk_buf_init(&r.name, 0);
		zk_uuid_new(r.uid);
		r.subject_id = im->x.id;
		zk_strlcpy(r.kind,
			   json_string_value(json_object_get(in, "kind")),
			   sizeof r.kind);
		zk_time_fmt(im->now, r.created_at);
		rc = svc_seal_text(
		    im->svc, im->a->tenant, &im->x, r.uid, "representative",
		    json_string_value(json_object_get(in, "name")), &r.name);
		if (rc == 0)
			rc = store_representative_create(
			    im->svc->store, im->a->tenant, &r, &r.id);
		if (rc == 0 &&
		    json_array_append_new(
			im->reps,
			json_pack("{s:s, s:I, s:s}", "uid", r.uid, "id",
				  (json_int_t)r.id, "kind", r.kind)) != 0)
			rc = ZK_ENOMEM;
		if (rc == 0)
			rc = import_made(im, "RelatedPerson", r.uid);
		if (rc == 0)
			rc = import_log(im, "representative.create",
					"representative", r.uid, "identity",
					NULL, &d);
		store_representative_release(&r);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
import_consents(struct import_run *im, const json_t *as)
{
	struct authz_decision d = {0};
	struct store_consent c;
	const json_t *in, *v, *by;
	size_t i, j;
	int rc = 0;

	import_decide(im, ZK_CAT_IDENTITY, &d);
	json_array_foreach(json_object_get(as, "consents"), i, in)
	{
		const char *s;
		size_t n = 0;

		memset(&c, 0, sizeof c);
		zk_uuid_new(c.uid);
		c.subject_id = im->x.id;
		by = json_object_get(in, "given_by");
		if (json_is_integer(by)) {
			const json_t *r = json_array_get(
			    im->reps, (size_t)json_integer_value(by));

			if (r == NULL)
				return ZK_EINVAL;
			c.representative_id =
			    json_integer_value(json_object_get(r, "id"));
			zk_strlcpy(c.representative_uid,
				   json_string_value(json_object_get(r, "uid")),
				   sizeof c.representative_uid);
			/* REP-6: judged by the controller it was given to. */
			snprintf(c.representative_basis,
				 sizeof c.representative_basis, "POR-2 %s",
				 json_string_value(json_object_get(r, "kind")));
		}
		zk_strlcpy(c.form,
			   (s = json_string_value(json_object_get(in, "form")))
			       ? s
			       : "written",
			   sizeof c.form);
		zk_strlcpy(
		    c.evidence,
		    (s = json_string_value(json_object_get(in, "evidence")))
			? s
			: "received from the previous controller "
			  "(POR-2)",
		    sizeof c.evidence);
		c.explicit_consent =
		    json_is_true(json_object_get(in, "explicit"));
		zk_strlcpy(c.purpose,
			   json_string_value(json_object_get(in, "purpose")),
			   sizeof c.purpose);
		json_array_foreach(json_object_get(in, "categories"), j, v)
		{
			n += (size_t)snprintf(
			    c.categories + n, sizeof c.categories - n, "%s%s",
			    j ? "," : "", json_string_value(v));
			if (n >= sizeof c.categories)
				return ZK_ETOOBIG;
		}
		if ((s = json_string_value(
			 json_object_get(in, "recipient_kind"))) != NULL) {
			int k = profile_recipient_parse(s);

			/* Another system's old name is kept under today's;
			 * a kind zorgkluis does not know is no consent. */
			if (k < 0)
				return ZK_EINVAL;
			zk_strlcpy(
			    c.recipient_kind,
			    profile_recipient_name((enum profile_recipient)k),
			    sizeof c.recipient_kind);
		}
		if ((s = json_string_value(
			 json_object_get(in, "valid_from"))) != NULL)
			zk_strlcpy(c.valid_from, s, sizeof c.valid_from);
		else
			zk_date_fmt(svc_today(im->svc), c.valid_from);
		if ((s = json_string_value(
			 json_object_get(in, "valid_until"))) != NULL)
			zk_strlcpy(c.valid_until, s, sizeof c.valid_until);
		if ((s = json_string_value(json_object_get(in, "given_at"))) !=
		    NULL)
			zk_strlcpy(c.given_at, s, sizeof c.given_at);
		else
			zk_time_fmt(im->now, c.given_at);
		zk_strlcpy(c.recorded_by, im->a->user_uid,
			   sizeof c.recorded_by);
		rc = store_consent_create(im->svc->store, im->a->tenant, &c);
		/* CON-3: one withdrawn there stays withdrawn here. */
		if (rc == 0 && json_is_true(json_object_get(in, "withdrawn"))) {
			char now[ZK_TIME_LEN];

			zk_time_fmt(im->now, now);
			rc = store_consent_withdraw(
			    im->svc->store, im->a->tenant, c.uid, now,
			    c.representative_uid[0] ? c.representative_uid
						    : "subject",
			    c.representative_basis);
		}
		if (rc == 0)
			rc = import_made(im, "Consent", c.uid);
		if (rc == 0)
			rc = import_log(im, "consent.create", "consent", c.uid,
					"identity", c.purpose, &d);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
svc_fhir_import(struct service *svc, const struct actor *a,
		const json_t *bundle, json_t **out,
		char subject_uid[ZK_UUID_LEN], char **cause)
{
	struct import_run im;
	struct authz_decision d = {0};
	struct audit_event ev;
	json_t *as = NULL, *identity = NULL, *b = NULL;
	const char *bsn = NULL;
	char checks[200];
	int rc;

	*out = NULL;
	memset(&im, 0, sizeof im);
	zk_buf_init(&im.x.identity, 0);
	im.svc = svc;
	im.a = a;
	im.now = zk_now();
	if ((rc = svc_tenant(svc, a->tenant, &im.t, cause)) != 0)
		return rc;
	/* Malformed: refused before anything, about nobody known here. */
	if ((rc = fhir_read_transaction(bundle, &as, cause)) != 0)
		return rc;
	im.made = json_object();
	im.reps = json_array();
	im.locs = json_object();
	identity = import_identity(json_object_get(as, "subject"), &bsn);
	if (im.made == NULL || im.reps == NULL || im.locs == NULL ||
	    identity == NULL) {
		rc = zk_fail(cause, ZK_ENOMEM, "out of memory");
		goto out;
	}
	zk_uuid_new(im.x.uid);
	svc_event_init(&ev, a, im.t, "subject.import", 'C');
	ev.subject_uid = im.x.uid;
	ev.object_type = "subject";
	ev.object_uid = im.x.uid;
	ev.category = "identity";
	if ((rc = svc_begin_write(svc)) != 0) {
		rc = zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
		goto out;
	}
	rc = import_check(&im, as, identity, bsn, &d, cause);
	if (rc == ZK_EDENIED) {
		/* ACC-1: all of it or nothing; the refusal names the rule. */
		svc_event_decision(&ev, &d, ZK_COND_RESPONSIBLE, checks,
				   sizeof checks);
		rc = svc_refuse(svc, a, &ev, &d, cause);
		goto out;
	}
	if (rc != 0) {
		store_rollback(svc->store);
		goto out;
	}
	import_decide(&im, ZK_CAT_IDENTITY, &d);
	if (!a->system)
		svc_event_decision(&ev, &d, ZK_COND_RESPONSIBLE, checks,
				   sizeof checks);
	/* INF-2: obtained elsewhere; not informed by this controller yet. */
	ev.reason = "obtained_elsewhere";
	ev.rule = "INF-2";
	if ((rc = import_subject(&im, identity)) == 0 &&
	    (rc = import_origin(&im, as)) == 0 &&
	    (rc = import_made(&im, "Patient", im.x.uid)) == 0 &&
	    (rc = import_reps(&im, as)) == 0 &&
	    (rc = import_consents(&im, as)) == 0)
		rc = import_entries(&im, as, bsn);
	if (rc == ZK_EAUDIT) {
		rc = zk_fail(cause, rc, "cannot log the import");
		goto out;
	}
	if (rc != 0) {
		rc = svc_fail_act(svc, a, &ev, rc, cause);
		goto out;
	}
	if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
		goto out;
	if ((b = import_response(&im, bundle)) == NULL) {
		rc = zk_fail(cause, ZK_ENOMEM, "out of memory");
		goto out;
	}
	*out = b;
	if (subject_uid != NULL)
		zk_strlcpy(subject_uid, im.x.uid, ZK_UUID_LEN);
out:
	seal_wipe(im.key, sizeof im.key);
	store_subject_release(&im.x);
	json_decref(im.made);
	json_decref(im.reps);
	json_decref(im.locs);
	json_decref(identity);
	json_decref(as);
	return rc;
}
