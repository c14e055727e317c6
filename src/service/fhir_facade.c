/*
 * fhir_facade.c: the FHIR R4 facade of the one door (docs/fhir.md).
 *
 * The reads (Patient, $everything, Consent, AuditEvent) are made by the
 * same service functions as /api/v1 (svc_subject_get, svc_consent_list,
 * svc_subject_log, svc_subject_assemble), so each is decided and logged
 * as what it is (LOG-1, LOG-6); the resources come from fhir_bundle(), the
 * one mapping of zorgkluis data to FHIR, and are taken out of its Bundle.
 *
 * The import (POST /fhir, POR-2) is fhir_import.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
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
	json_t *restricted;    /* RST-1: matched, refused, logged as such */
	struct svc_shields sh; /* SHD-1: of the subject s->x */
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

	/* SHD-1: a shielded BSN is not found by whom it is hidden from. */
	if (s->found || strcmp(e->status, "active") != 0 ||
	    svc_shields_hide(&s->sh, e))
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
	bool restricted = false;
	int rc;

	if ((rc = svc_relations(s->svc, s->a, x->id, s->now, &rel)) != 0)
		return rc;
	svc_decide(s->a, s->t, ZK_KIND_CLIENT, ZK_CAT_BSN, ZK_ACT_READ, rel,
		   NULL, NULL, &d);
	if (!d.permit)
		return 0;
	s->x = x;
	s->found = 0;
	if ((rc = svc_shields_load(s->svc, s->a, x->id, rel, &s->sh)) != 0 ||
	    (rc = store_entry_list(s->svc->store, s->a->tenant, x->id, "bsn",
				   facade_bsn_entry, s)) != 0 ||
	    (rc = svc_restricted(s->svc, s->a->tenant, x->id, &restricted)) !=
		0)
		return rc;
	/* RST-1: a restricted client matched is refused without an
	 * exception, and the refusal logged (facade_bsn_log). */
	if (restricted)
		svc_restriction_decide(s->a, ZK_CAT_BSN, ZK_ACT_READ, &d);
	if (s->found &&
	    json_array_append_new(d.permit ? s->uids : s->restricted,
				  json_string(x->uid)) != 0)
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
	    (s.restricted = json_array()) == NULL ||
	    (rc = svc_tenant(svc, a->tenant, &s.t, cause)) != 0) {
		json_decref(s.uids);
		json_decref(s.restricted);
		json_decref(arr);
		return s.restricted == NULL ? ZK_ENOMEM : rc;
	}
	if ((rc = svc_begin_read(svc)) == 0) {
		rc = store_subject_list(svc->store, a->tenant, "client", 0, 0,
					facade_bsn_subject, &s);
		store_rollback(svc->store);
	}
	svc_shields_release(&s.sh);
	if (rc == 0)
		rc = facade_bsn_log(svc, a, s.t, s.uids, cause);
	if (rc == 0)
		rc = facade_bsn_log(svc, a, s.t, s.restricted, cause);
	json_decref(s.restricted);
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
