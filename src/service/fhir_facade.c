/*
 * fhir_facade.c: the FHIR R4 facade of the one door (docs/fhir.md).
 *
 * The reads (Patient, $everything, Consent, AuditEvent) are made by the
 * same service functions as /api/v1 (svc_subject_get, svc_consent_list,
 * svc_subject_log, svc_subject_assemble), so each is decided and logged
 * as what it is (LOG-1, LOG-6); the resources come from fhir_bundle(), the
 * one mapping of zorgkluis data to FHIR, and are taken out of its Bundle.
 *
 * The import (POST /fhir, POR-2) registers a client received from another
 * controller: identity, entries, representatives and consents in one
 * write transaction with their log entries, so that any failure leaves
 * nothing behind. The public functions each commit on their own, which is
 * why the writes are made here, step by step, on the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "policy/representation.h"
#include "service/fhir_facade.h"
#include "service/service_int.h"

#define FACADE_SYS_SUBJECT "urn:zorgkluis:subject"
#define FACADE_SYS_BSN "http://fhir.nl/fhir/NamingSystem/bsn"

/* The list of a read's result: the array itself, or obj[key]. */
static json_t *
facade_list(json_t *o, const char *key)
{
	return json_is_array(o) ? o : json_object_get(o, key);
}

/*
 * An assembly with only what a search needs: the subject (as read, or
 * only its id), and the given lists (references stolen; NULL: empty).
 */
static json_t *
facade_assembly(const char *uid, json_t *subject, json_t *reps,
		json_t *consents, json_t *log)
{
	char now[ZK_TIME_LEN];
	json_t *o;

	zk_time_fmt(zk_now(), now);
	if (subject == NULL)
		subject = json_pack("{s:s, s:{}}", "id", uid, "identity");
	o = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:[]}", "kind",
		      "access", "lang", "nl", "generated_at", now, "subject",
		      subject, "representatives", reps ? reps : json_array(),
		      "consents", consents ? consents : json_array(), "log",
		      log ? log : json_array(), "categories");
	return o;
}

/* Rewrites each "reference" that names a resource of the Bundle by its
 * fullUrl into Type/id, which a reader of the search can resolve. */
static void
facade_refs(json_t *v, const json_t *map)
{
	const char *k;
	json_t *x;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, x) facade_refs(x, map);
		return;
	}
	if (!json_is_object(v))
		return;
	json_object_foreach(v, k, x)
	{
		const json_t *to;

		if (strcmp(k, "reference") == 0 && json_is_string(x) &&
		    (to = json_object_get(map, json_string_value(x))) != NULL)
			json_string_set(x, json_string_value(to));
		else
			facade_refs(x, map);
	}
}

/*
 * The resources of type in the collection Bundle made of as (reference
 * stolen), as a new array, their references rewritten.
 */
static int
facade_pick(json_t *as, const char *type, json_t **out, char **cause)
{
	json_t *b = NULL, *map = NULL, *arr = NULL, *e;
	size_t i;
	int rc;

	*out = NULL;
	if (as == NULL)
		return zk_fail(cause, ZK_ENOMEM, "out of memory");
	rc = fhir_bundle(as, "collection", &b, cause);
	json_decref(as);
	if (rc != 0)
		return rc;
	map = json_object();
	arr = json_array();
	if (map == NULL || arr == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	json_array_foreach(json_object_get(b, "entry"), i, e)
	{
		json_t *r = json_object_get(e, "resource");
		const char *url =
		    json_string_value(json_object_get(e, "fullUrl"));
		char to[128];

		if (url == NULL)
			continue;
		snprintf(to, sizeof to, "%s/%s",
			 json_string_value(json_object_get(r, "resourceType")),
			 json_string_value(json_object_get(r, "id")));
		json_object_set_new(map, url, json_string(to));
	}
	json_array_foreach(json_object_get(b, "entry"), i, e)
	{
		json_t *r = json_object_get(e, "resource");

		if (strcmp(
			json_string_value(json_object_get(r, "resourceType")),
			type) != 0)
			continue;
		facade_refs(r, map);
		if (json_array_append(arr, r) != 0) {
			rc = ZK_ENOMEM;
			goto out;
		}
	}
	*out = arr;
	arr = NULL;
out:
	json_decref(b);
	json_decref(map);
	json_decref(arr);
	return rc;
}

int
svc_fhir_patient(struct service *svc, const struct actor *a, const char *uid,
		 json_t **out, char **cause)
{
	json_t *subject = NULL, *arr = NULL;
	int rc;

	*out = NULL;
	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_ENOTFOUND, "no such client");
	/* SCOPE-1: only clients are Patients. */
	if ((rc = svc_subject_get(svc, a, uid, "client", &subject, NULL,
				  cause)) != 0)
		return rc;
	if ((rc = facade_pick(facade_assembly(uid, subject, NULL, NULL, NULL),
			      "Patient", &arr, cause)) != 0)
		return rc;
	*out = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	return *out != NULL ? 0 : zk_fail(cause, ZK_ENOMEM, "out of memory");
}

/* --- search by BSN ---------------------------------------------------------
 */

struct facade_bsn {
	struct service *svc;
	const struct actor *a;
	struct svc_tenant *t;
	const char *bsn;
	const struct store_subject *x;
	int64_t now;
	int found;
	json_t *uids;
};

static int
facade_bsn_entry(void *arg, const struct store_entry *e)
{
	struct facade_bsn *s = arg;
	unsigned char key[SEAL_KEY_BYTES];
	struct zk_buf plain;
	json_t *c;
	char ad[200];
	int rc;

	if (s->found || strcmp(e->status, "active") != 0)
		return 0;
	if ((rc = svc_subject_key(s->svc, s->a->tenant, s->x, key)) != 0)
		return 0; /* a subject whose key is gone matches nothing */
	zk_buf_init_secret(&plain, 0);
	svc_seal_ad(ad, sizeof ad, s->a->tenant, s->x->uid, e->uid,
		    e->category);
	rc = seal_decrypt(key, ad, e->content.data, e->content.len, &plain);
	seal_wipe(key, sizeof key);
	if (rc == 0 && (c = json_loadb((const char *)plain.data, plain.len, 0,
				       NULL)) != NULL) {
		const char *v = json_string_value(json_object_get(c, "bsn"));

		s->found = v != NULL && strcmp(v, s->bsn) == 0;
		json_decref(c);
	}
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
	return 0;
}

/*
 * A client whose BSN the actor may read (decided, not yet logged: only a
 * match is a read of it) and whose active BSN entry is s->bsn.
 */
static int
facade_bsn_subject(void *arg, const struct store_subject *x)
{
	struct facade_bsn *s = arg;
	struct authz_decision d = {0};
	unsigned rel = 0;
	int rc;

	if ((rc = svc_relations(s->svc, s->a, x->id, s->now, &rel)) != 0)
		return rc;
	svc_decide(s->a, s->t, ZK_KIND_CLIENT, ZK_CAT_BSN, ZK_ACT_READ, rel,
		   NULL, NULL, &d);
	if (!d.permit)
		return 0;
	s->x = x;
	s->found = 0;
	if ((rc = store_entry_list(s->svc->store, s->a->tenant, x->id, "bsn",
				   facade_bsn_entry, s)) != 0)
		return rc;
	if (s->found &&
	    json_array_append_new(s->uids, json_string(x->uid)) != 0)
		return ZK_ENOMEM;
	return 0;
}

/* LOG-1: the BSN compared and found is a read of it. */
static int
facade_bsn_log(struct service *svc, const struct actor *a, struct svc_tenant *t,
	       json_t *uids, char **cause)
{
	struct audit_event ev;
	struct svc_facts f;
	struct authz_decision d;
	char checks[200];
	json_t *u;
	size_t i;
	int rc;

	json_array_foreach(uids, i, u)
	{
		memset(&f, 0, sizeof f);
		svc_event_init(&ev, a, t, "subject.search_bsn", 'R');
		ev.subject_uid = json_string_value(u);
		ev.object_type = "subject";
		ev.object_uid = ev.subject_uid;
		ev.category = "bsn";
		if ((rc = svc_begin_read(svc)) != 0)
			return zk_fail(cause, rc, "cannot start");
		if ((rc = svc_facts_load(svc, a, ev.subject_uid, zk_now(),
					 &f)) != 0) {
			svc_facts_release(&f);
			store_rollback(svc->store);
			return zk_fail(cause, rc, "cannot read the client");
		}
		svc_facts_decide(svc, a, t, &f, ZK_CAT_BSN, ZK_ACT_READ, NULL,
				 &d);
		svc_facts_event(a, &ev, &d, &f, checks, sizeof checks);
		svc_facts_release(&f);
		if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
			return rc;
	}
	return 0;
}

int
svc_fhir_patient_search(struct service *svc, const struct actor *a,
			const char *system, const char *value, json_t **out,
			char **cause)
{
	struct facade_bsn s;
	json_t *arr, *p, *u;
	size_t i;
	int rc = 0;

	*out = NULL;
	if ((arr = json_array()) == NULL)
		return ZK_ENOMEM;
	if (system == NULL || value == NULL)
		goto done;
	if (strcmp(system, FACADE_SYS_SUBJECT) == 0) {
		if (!zk_uuid_valid(value))
			goto done;
		rc = svc_fhir_patient(svc, a, value, &p, cause);
		/* ACC-1: one not found and one not allowed look the same;
		 * the refusal is in the log all the same. */
		if (rc == ZK_ENOTFOUND || rc == ZK_EDENIED) {
			if (cause != NULL) {
				free(*cause);
				*cause = NULL;
			}
			goto done;
		}
		if (rc != 0) {
			json_decref(arr);
			return rc;
		}
		json_array_append_new(arr, p);
		goto done;
	}
	if (strcmp(system, FACADE_SYS_BSN) != 0)
		goto done;
	if (strlen(value) != 9 || strspn(value, "0123456789") != 9)
		goto done;
	memset(&s, 0, sizeof s);
	s.svc = svc;
	s.a = a;
	s.bsn = value;
	s.now = zk_now();
	if ((s.uids = json_array()) == NULL ||
	    (rc = svc_tenant(svc, a->tenant, &s.t, cause)) != 0) {
		json_decref(s.uids);
		json_decref(arr);
		return s.uids == NULL ? ZK_ENOMEM : rc;
	}
	if ((rc = svc_begin_read(svc)) == 0) {
		rc = store_subject_list(svc->store, a->tenant, "client", 0, 0,
					facade_bsn_subject, &s);
		store_rollback(svc->store);
	}
	if (rc == 0)
		rc = facade_bsn_log(svc, a, s.t, s.uids, cause);
	json_array_foreach(s.uids, i, u)
	{
		if (rc != 0)
			break;
		rc = svc_fhir_patient(svc, a, json_string_value(u), &p, cause);
		if (rc == 0)
			json_array_append_new(arr, p);
	}
	json_decref(s.uids);
	if (rc != 0) {
		json_decref(arr);
		return rc;
	}
done:
	*out = arr;
	return 0;
}

int
svc_fhir_everything(struct service *svc, const struct actor *a, const char *uid,
		    json_t **out, char **cause)
{
	json_t *subject = NULL, *as = NULL;
	int rc;

	*out = NULL;
	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_ENOTFOUND, "no such client");
	/* SCOPE-1: a Patient is a client; asked first, so that another
	 * kind of subject is not found rather than assembled. */
	if ((rc = svc_subject_get(svc, a, uid, "client", &subject, NULL,
				  cause)) != 0)
		return rc;
	json_decref(subject);
	if ((rc = svc_subject_assemble(svc, a, uid, "nl", &as, cause)) != 0)
		return rc;
	rc = fhir_bundle(as, "collection", out, cause);
	json_decref(as);
	return rc;
}

int
svc_fhir_consents(struct service *svc, const struct actor *a, const char *uid,
		  json_t **out, char **cause)
{
	json_t *consents = NULL, *reps = NULL, *c;
	size_t i;
	int rc, by_rep = 0;

	*out = NULL;
	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_ENOTFOUND, "no such client");
	if ((rc = svc_consent_list(svc, a, uid, &consents, cause)) != 0)
		return rc;
	json_array_foreach(facade_list(consents, "consents"), i, c)
	{
		const char *by =
		    json_string_value(json_object_get(c, "given_by"));

		by_rep |= by != NULL && strcmp(by, "subject") != 0;
	}
	/* The performer of a consent a representative gave (REP-6). */
	if (by_rep &&
	    (rc = svc_representative_list(svc, a, uid, &reps, cause)) != 0) {
		json_decref(consents);
		return rc;
	}
	c = json_incref(facade_list(consents, "consents"));
	rc = facade_pick(
	    facade_assembly(
		uid, NULL,
		reps ? json_incref(facade_list(reps, "representatives")) : NULL,
		c ? c : json_array(), NULL),
	    "Consent", out, cause);
	json_decref(consents);
	json_decref(reps);
	return rc;
}

int
svc_fhir_audit(struct service *svc, const struct actor *a, const char *uid,
	       json_t **out, char **cause)
{
	json_t *log = NULL, *lines;
	int rc;

	*out = NULL;
	if (uid == NULL || !zk_uuid_valid(uid))
		return zk_fail(cause, ZK_ENOTFOUND, "no such client");
	/* LOG-6: who may read the log is svc_subject_log's to decide. */
	if ((rc = svc_subject_log(svc, a, uid, &log, cause)) != 0)
		return rc;
	lines = json_incref(facade_list(log, "lines"));
	json_decref(log);
	return facade_pick(facade_assembly(uid, NULL, NULL, NULL,
					   lines ? lines : json_array()),
			   "AuditEvent", out, cause);
}

/* --- the import (POR-2, INF-2) ----------------------------------------------
 */

/* The most entries, representatives and consents of one import. */
#define FACADE_MAX_THINGS 10000

struct facade_import {
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
facade_purpose(struct facade_import *im)
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
facade_made(struct facade_import *im, const char *type, const char *uid)
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
facade_response(struct facade_import *im, const json_t *bundle)
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
facade_identity(const json_t *subject, const char **bsn)
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
facade_decide(struct facade_import *im, enum zk_category c,
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
facade_check(struct facade_import *im, const json_t *as, json_t *identity,
	     const char *bsn, struct authz_decision *d, char **cause)
{
	const json_t *cat, *e, *r, *c, *v;
	size_t i, j, n = 0;
	int k, rc;

	if ((rc = svc_validate_fields(im->t->profile, ZK_CAT_IDENTITY, identity,
				      svc_today(im->svc), cause)))
		return rc;
	if ((rc = facade_decide(im, ZK_CAT_IDENTITY, d)) != 0)
		return rc;
	if (bsn != NULL && (rc = facade_decide(im, ZK_CAT_BSN, d)) != 0)
		return rc;
	if (facade_purpose(im) != 0)
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
			if ((rc = facade_decide(im, (enum zk_category)k, d)))
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
	if (n > FACADE_MAX_THINGS)
		return zk_fail(cause, ZK_ETOOBIG, "more than %d things",
			       FACADE_MAX_THINGS);
	return 0;
}

static int
facade_subject(struct facade_import *im, json_t *identity)
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
facade_origin(struct facade_import *im, const json_t *as)
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
facade_log(struct facade_import *im, const char *event, const char *type,
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
facade_entry(struct facade_import *im, const json_t *in, const char *category,
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
		rc = facade_made(im, "DocumentReference", e.uid);
	if (rc == 0) {
		facade_decide(im, (enum zk_category)vocab_category(category),
			      &d);
		rc = facade_log(im, "entry.create", "entry", e.uid, category,
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
facade_entries(struct facade_import *im, const json_t *as, const char *bsn)
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
			if ((rc = facade_entry(im, e, c,
					       json_object_get(e, "content"))))
				return rc;
		}
	}
	if (bsn != NULL && !have_bsn) {
		json_t *content = json_pack("{s:s}", "bsn", bsn);
		json_t *in = json_object();

		rc = content == NULL || in == NULL
			 ? ZK_ENOMEM
			 : facade_entry(im, in, "bsn", content);
		json_decref(content);
		json_decref(in);
		return rc;
	}
	return 0;
}

static int
facade_reps(struct facade_import *im, const json_t *as)
{
	struct authz_decision d = {0};
	struct store_representative r;
	const json_t *in;
	size_t i;
	int rc = 0;

	facade_decide(im, ZK_CAT_IDENTITY, &d);
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
			rc = facade_made(im, "RelatedPerson", r.uid);
		if (rc == 0)
			rc = facade_log(im, "representative.create",
					"representative", r.uid, "identity",
					NULL, &d);
		store_representative_release(&r);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int
facade_consents(struct facade_import *im, const json_t *as)
{
	struct authz_decision d = {0};
	struct store_consent c;
	const json_t *in, *v, *by;
	size_t i, j;
	int rc = 0;

	facade_decide(im, ZK_CAT_IDENTITY, &d);
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
			 json_object_get(in, "recipient_kind"))) != NULL)
			zk_strlcpy(c.recipient_kind, s,
				   sizeof c.recipient_kind);
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
			rc = facade_made(im, "Consent", c.uid);
		if (rc == 0)
			rc = facade_log(im, "consent.create", "consent", c.uid,
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
	struct facade_import im;
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
	identity = facade_identity(json_object_get(as, "subject"), &bsn);
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
	rc = facade_check(&im, as, identity, bsn, &d, cause);
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
	facade_decide(&im, ZK_CAT_IDENTITY, &d);
	if (!a->system)
		svc_event_decision(&ev, &d, ZK_COND_RESPONSIBLE, checks,
				   sizeof checks);
	/* INF-2: obtained elsewhere; not informed by this controller yet. */
	ev.reason = "obtained_elsewhere";
	ev.rule = "INF-2";
	if ((rc = facade_subject(&im, identity)) == 0 &&
	    (rc = facade_origin(&im, as)) == 0 &&
	    (rc = facade_made(&im, "Patient", im.x.uid)) == 0 &&
	    (rc = facade_reps(&im, as)) == 0 &&
	    (rc = facade_consents(&im, as)) == 0)
		rc = facade_entries(&im, as, bsn);
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
	if ((b = facade_response(&im, bundle)) == NULL) {
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
