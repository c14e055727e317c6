/*
 * fhir.c: POR-1, the portable copy as a FHIR R4 Bundle, made from the
 * assembly the service hands in (tests/fixtures/assembly.json). The
 * subject becomes a Patient, each representative a RelatedPerson, each
 * consent a Consent, each entry a DocumentReference (a correction replaces
 * its original and has a Provenance, COR-2) and each line of the log an
 * AuditEvent in the IHE BALP shape (LOG-8). Work notes never leave
 * (CAT-4). docs/fhir.md is the profile: which systems and codes, and why.
 *
 * The scope of POR-1 is marked, not cut: every resource whose data the
 * subject provided carries the tag provided-by-subject of urn:zorgkluis:por,
 * and one processed on consent or on contract the tag consent or contract.
 * Portability is owed for what carries provided-by-subject together with
 * consent or contract; the rest of the copy is given as a courtesy, so that
 * the subject or the next controller has the whole record in one form.
 *
 * A "transaction" Bundle, for the transfer to another controller (POR-2),
 * holds the same resources with a request to POST each, except the log:
 * AuditEvents posted to another server would become that server's own
 * audit trail, which they are not.
 */
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "core/zk.h"
#include "export/export.h"
#include "export/fhir_int.h"
#include "policy/representation.h"
#include "policy/vocab.h"

const struct fhir_rolemap fhir_roles[] = {
    {"parent_with_authority", "PRN", "parent"},
    {"guardian", "GUARD", "guardian"},
    {"curator", "GUARD", "guardian"},
    {"mentor", NULL, NULL},
    {"authorised_in_writing", "HPOWATT", "healthcare power of attorney"},
    {"spouse_partner", "SIGOTHR", "significant other"},
    {"child", "CHILD", "child"},
    {"sibling", "SIB", "sibling"},
    {"parent", "PRN", "parent"},
};
const size_t fhir_nroles = ZK_ARRAY_SIZE(fhir_roles);

/* What the writer carries from one resource to the next. */
struct fhir_out {
	const json_t *assembly;
	json_t *entries; /* Bundle.entry */
	json_t *seen;	 /* fullUrl -> true: each resource once */
	bool transaction;
	bool en;	  /* displays in English, else Dutch */
	char patient[64]; /* the Patient's fullUrl */
	char **cause;
};

char *
fhir_b64_encode(const void *p, size_t n)
{
	size_t len =
	    sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(len);

	if (s != NULL)
		sodium_bin2base64(s, len, p, n, sodium_base64_VARIANT_ORIGINAL);
	return s;
}

int
fhir_b64_decode(const char *s, size_t limit, char **out, size_t *n)
{
	size_t len = strlen(s), cap = len / 4 * 3 + 3;
	const char *end = NULL;
	char *p;

	*out = NULL;
	if (cap > limit + 3)
		return ZK_ETOOBIG;
	if ((p = malloc(cap + 1)) == NULL)
		return ZK_ENOMEM;
	if (sodium_base642bin((unsigned char *)p, cap, s, len, " \t\r\n", n,
			      &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end != s + len) {
		free(p);
		return ZK_EINVAL;
	}
	if (*n > limit) {
		free(p);
		return ZK_ETOOBIG;
	}
	p[*n] = '\0';
	*out = p;
	return 0;
}

bool
fhir_code_ok(const char *s)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) == 0 || n > FHIR_MAX_STRING)
		return false;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    (s[i] == ' ' && s[i + 1] == ' '))
			return false;
	return true;
}

/* A string of the assembly; an empty one is none (FHIR has no ""). */
static const char *
fhir_str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL && s[0] != '\0' ? s : NULL;
}

/* The display of a name in the copy's language. */
static const char *
fhir_lang(const struct fhir_out *w, const json_t *o, const char *nl,
	  const char *en)
{
	const char *s = fhir_str(o, w->en ? en : nl);

	return s != NULL ? s : fhir_str(o, nl);
}

static json_t *
fhir_coding(const char *system, const char *code, const char *display)
{
	return json_pack("{s:s, s:s, s:s*}", "system", system, "code", code,
			 "display", display);
}

static json_t *
fhir_concept(const char *system, const char *code, const char *display)
{
	return json_pack("{s:[o]}", "coding",
			 fhir_coding(system, code, display));
}

static json_t *
fhir_ref(const char *url)
{
	return json_pack("{s:s}", "reference", url);
}

/* A text as an attachment: FHIR has no plain text element for a note. */
static json_t *
fhir_attachment(const char *type, const char *text, const char *title)
{
	char *data = fhir_b64_encode(text, strlen(text));
	json_t *a;

	if (data == NULL)
		return NULL;
	a = json_pack("{s:s, s:s, s:s*}", "contentType", type, "data", data,
		      "title", title);
	free(data);
	return a;
}

/* POR-1: the tags of the scope; NULL for none. */
static json_t *
fhir_meta(bool provided, const char *basis)
{
	json_t *tags = json_array();

	if (tags == NULL)
		return NULL;
	if (provided)
		json_array_append_new(
		    tags, fhir_coding(FHIR_CS_POR, "provided-by-subject",
				      "provided by the subject"));
	if (basis != NULL && strcmp(basis, "consent") == 0)
		json_array_append_new(tags,
				      fhir_coding(FHIR_CS_POR, "consent",
						  "processed on consent"));
	if (basis != NULL && strcmp(basis, "contract") == 0)
		json_array_append_new(tags,
				      fhir_coding(FHIR_CS_POR, "contract",
						  "processed on contract"));
	if (json_array_size(tags) == 0) {
		json_decref(tags);
		return NULL;
	}
	return json_pack("{s:o}", "tag", tags);
}

static int
fhir_url(struct fhir_out *w, const char *id, char url[64], const char *what)
{
	char uuid[ZK_UUID_LEN];

	if (id == NULL) {
		zk_uuid_new(uuid);
		id = uuid;
	} else if (!zk_uuid_valid(id))
		return zk_fail(w->cause, ZK_EINVAL, "%s: id is no UUID", what);
	snprintf(url, 64, "urn:uuid:%s", id);
	zk_hex_lower(url + 9);
	if (json_object_get(w->seen, url) != NULL)
		return zk_fail(w->cause, ZK_EINVAL, "%s: id %s twice", what,
			       id);
	return json_object_set_new(w->seen, url, json_true()) != 0 ? ZK_ENOMEM
								   : 0;
}

/*
 * Adds res (reference stolen) under fullUrl url. A collection keeps the
 * id; a transaction POSTs, and the receiver gives its own id.
 */
static int
fhir_add(struct fhir_out *w, const char *url, json_t *res)
{
	const char *type = fhir_str(res, "resourceType");
	json_t *e;

	if (res == NULL)
		return ZK_ENOMEM;
	if (!w->transaction)
		json_object_set_new(res, "id", json_string(url + 9));
	e = json_pack("{s:s, s:o}", "fullUrl", url, "resource", res);
	if (e != NULL && w->transaction)
		json_object_set_new(
		    e, "request",
		    json_pack("{s:s, s:s}", "method", "POST", "url", type));
	if (e == NULL || json_array_append_new(w->entries, e) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
fhir_date(struct fhir_out *w, const char *s, const char *what)
{
	int32_t d;

	if (s == NULL || zk_date_parse(s, &d) != 0)
		return zk_fail(w->cause, ZK_EINVAL, "%s: not a date: %s", what,
			       s ? s : "(none)");
	return 0;
}

static int
fhir_time(struct fhir_out *w, const char *s, const char *what)
{
	int64_t t;

	if (s == NULL || zk_time_parse(s, &t) != 0)
		return zk_fail(w->cause, ZK_EINVAL, "%s: not a time: %s", what,
			       s ? s : "(none)");
	return 0;
}

static int
fhir_code(struct fhir_out *w, const char *s, const char *what)
{
	if (!fhir_code_ok(s))
		return zk_fail(w->cause, ZK_EINVAL, "%s: not a code: %s", what,
			       s ? s : "(none)");
	return 0;
}

/* The Patient: who the copy is about. */
static int
fhir_patient(struct fhir_out *w)
{
	const json_t *subj = json_object_get(w->assembly, "subject");
	const json_t *id = json_object_get(subj, "identity");
	const char *bsn = fhir_str(id, "bsn"),
		   *given = fhir_str(id, "given_names");
	const char *born = fhir_str(id, "birth_date");
	const char *died = fhir_str(subj, "deceased_on");
	json_t *p, *ids, *name, *gv;
	int rc;

	if (!json_is_object(subj) || !json_is_object(id))
		return zk_fail(w->cause, ZK_EINVAL,
			       "the assembly has no subject identity");
	if ((rc = fhir_url(w, fhir_str(subj, "id"), w->patient, "subject")))
		return rc;
	if ((born && (rc = fhir_date(w, born, "subject birth_date"))) ||
	    (died && (rc = fhir_date(w, died, "subject deceased_on"))))
		return rc;
	if (bsn != NULL && (strlen(bsn) != 9 || strspn(bsn, "0123456789") != 9))
		return zk_fail(w->cause, ZK_EINVAL,
			       "subject bsn: not 9 digits");
	ids = json_pack("[{s:s, s:s}]", "system", FHIR_ID_SUBJECT, "value",
			w->patient + 9);
	if (ids != NULL && bsn != NULL)
		json_array_insert_new(ids, 0,
				      json_pack("{s:s, s:s, s:s}", "use",
						"official", "system",
						FHIR_SYS_BSN, "value", bsn));
	/* HumanName.given is one name a member: split on spaces. */
	gv = json_array();
	for (const char *s = given; s != NULL && gv != NULL && *s != '\0';) {
		size_t n = strcspn(s, " ");

		if (n > 0)
			json_array_append_new(gv, json_stringn(s, n));
		s += n + (s[n] == ' ');
	}
	name = json_pack("{s:s, s:s*, s:o*}", "use", "official", "family",
			 fhir_str(id, "family_name"), "given",
			 json_array_size(gv) > 0 ? json_incref(gv) : NULL);
	json_decref(gv);
	p = json_pack("{s:s, s:o*, s:o, s:[o], s:s*, s:s*}", "resourceType",
		      "Patient", "meta", fhir_meta(true, "contract"),
		      "identifier", ids, "name", name, "birthDate", born,
		      "deceasedDateTime", died);
	if (p != NULL && fhir_str(id, "city") != NULL)
		json_object_set_new(
		    p, "address",
		    json_pack("[{s:s}]", "city", fhir_str(id, "city")));
	return fhir_add(w, w->patient, p);
}

/* The RelatedPerson of each representative: the relation as a RoleCode. */
static int
fhir_related(struct fhir_out *w)
{
	const json_t *r;
	size_t i;
	int rc;

	json_array_foreach(json_object_get(w->assembly, "representatives"), i,
			   r)
	{
		const char *kind = fhir_str(r, "kind");
		const char *name = fhir_str(r, "name");
		char url[64], what[48];
		json_t *rel = NULL, *p;
		int k = rep_kind_parse(kind);

		snprintf(what, sizeof what, "representative %zu", i);
		if (k < 0 || (size_t)k >= fhir_nroles)
			return zk_fail(w->cause, ZK_EINVAL,
				       "%s: unknown kind %s", what,
				       kind ? kind : "(none)");
		if (name == NULL || name[0] == '\0')
			return zk_fail(w->cause, ZK_EINVAL, "%s: no name",
				       what);
		if ((rc = fhir_url(w, fhir_str(r, "id"), url, what)))
			return rc;
		rel = fhir_concept(FHIR_CS_REPKIND, kind, NULL);
		if (rel != NULL && fhir_roles[k].code != NULL)
			json_array_insert_new(
			    json_object_get(rel, "coding"), 0,
			    fhir_coding(FHIR_SYS_ROLECODE, fhir_roles[k].code,
					fhir_roles[k].display));
		p = json_pack("{s:s, s:[{s:s, s:s}], s:b, s:{s:s}, s:[o], "
			      "s:[{s:s}]}",
			      "resourceType", "RelatedPerson", "identifier",
			      "system", FHIR_ID_REPRESENTATIVE, "value",
			      url + 9, "active", 1, "patient", "reference",
			      w->patient, "relationship", rel, "name", "text",
			      name);
		if ((rc = fhir_add(w, url, p)))
			return rc;
	}
	return 0;
}

/* Who gave a consent: a representative's RelatedPerson or the Patient. */
static int
fhir_giver(struct fhir_out *w, const char *by, char url[64], const char *what)
{
	const char *subj =
	    fhir_str(json_object_get(w->assembly, "subject"), "id");
	const json_t *r;
	size_t i;

	if (by == NULL || strcmp(by, "subject") == 0 ||
	    (subj && strcmp(by, subj) == 0)) {
		zk_strlcpy(url, w->patient, 64);
		return 0;
	}
	json_array_foreach(json_object_get(w->assembly, "representatives"), i,
			   r)
	{
		const char *id = fhir_str(r, "id");

		if (id != NULL && strcmp(id, by) == 0) {
			snprintf(url, 64, "urn:uuid:%s", id);
			zk_hex_lower(url + 9);
			return 0;
		}
	}
	return zk_fail(w->cause, ZK_EINVAL,
		       "%s: given_by %s is neither the subject nor a "
		       "representative",
		       what, by);
}

static int
fhir_consent(struct fhir_out *w)
{
	const json_t *c, *cat;
	size_t i, j;
	int rc;

	json_array_foreach(json_object_get(w->assembly, "consents"), i, c)
	{
		const char *from = fhir_str(c, "valid_from");
		const char *until = fhir_str(c, "valid_until");
		const char *purpose = fhir_str(c, "purpose");
		const char *form = fhir_str(c, "form");
		const char *rk = fhir_str(c, "recipient_kind");
		const char *ev = fhir_str(c, "evidence");
		const char *at = fhir_str(c, "given_at");
		const char *org = fhir_str(
		    json_object_get(w->assembly, "organisation"), "name");
		char url[64], giver[64], what[48];
		json_t *prov, *classes, *ext, *p;

		snprintf(what, sizeof what, "consent %zu", i);
		if ((rc = fhir_url(w, fhir_str(c, "id"), url, what)) ||
		    (rc =
			 fhir_giver(w, fhir_str(c, "given_by"), giver, what)) ||
		    (rc = fhir_code(w, purpose, what)) ||
		    (rc = fhir_code(w, form, what)) ||
		    (rk && (rc = fhir_code(w, rk, what))) ||
		    (from && (rc = fhir_date(w, from, what))) ||
		    (until && (rc = fhir_date(w, until, what))) ||
		    (at && (rc = fhir_time(w, at, what))))
			return rc;
		json_array_foreach(json_object_get(c, "categories"), j, cat)
		{
			if (vocab_category(json_string_value(cat)) < 0)
				return zk_fail(w->cause, ZK_EINVAL,
					       "%s: unknown category", what);
		}
		classes = json_array();
		json_array_foreach(json_object_get(c, "categories"), j, cat)
		{
			json_array_append_new(
			    classes, fhir_coding(FHIR_CS_CATEGORY,
						 json_string_value(cat), NULL));
		}
		prov = json_pack(
		    "{s:s, s:[o], s:o*}", "type", "permit", "purpose",
		    fhir_coding(FHIR_CS_PURPOSE, purpose, NULL), "class",
		    json_array_size(classes) ? json_incref(classes) : NULL);
		json_decref(classes);
		if (prov != NULL && (from || until))
			json_object_set_new(prov, "period",
					    json_pack("{s:s*, s:s*}", "start",
						      from, "end", until));
		/* The recipient is a kind, not a party: an identifier. */
		if (prov != NULL && rk != NULL)
			json_object_set_new(
			    prov, "actor",
			    json_pack("[{s:o, s:{s:{s:s, s:s}, s:s}}]", "role",
				      fhir_concept(FHIR_SYS_PARTTYPE, "IRCP",
						   "information recipient"),
				      "reference", "identifier", "system",
				      FHIR_CS_RECIPIENT, "value", rk, "display",
				      rk));
		ext = json_pack("[{s:s, s:s}]", "url", FHIR_EXT_FORM,
				"valueCode", form);
		if (ext != NULL &&
		    json_is_boolean(json_object_get(c, "explicit")))
			json_array_append_new(
			    ext, json_pack("{s:s, s:b}", "url",
					   FHIR_EXT_EXPLICIT, "valueBoolean",
					   json_is_true(json_object_get(
					       c, "explicit"))));
		p = json_pack(
		    "{s:s, s:o*, s:o, s:[{s:s, s:s}], s:s, s:o, s:[o], s:{s:s},"
		    " s:s*, s:[{s:s}], s:o, s:o}",
		    "resourceType", "Consent", "meta", fhir_meta(true, NULL),
		    "extension", ext, "identifier", "system", FHIR_ID_CONSENT,
		    "value", url + 9, "status",
		    fhir_str(c, "withdrawn_at") ? "inactive" : "active",
		    "scope",
		    fhir_concept(FHIR_SYS_SCOPE, "patient-privacy",
				 "Privacy Consent"),
		    "category",
		    fhir_concept(FHIR_SYS_LOINC, "59284-0", "Patient Consent"),
		    "patient", "reference", w->patient, "dateTime", at,
		    "performer", "reference", giver, "policyRule",
		    fhir_concept(FHIR_SYS_ACTCODE, "OPTIN", "opt-in"),
		    "provision", prov);
		if (p != NULL && org != NULL)
			json_object_set_new(
			    p, "organization",
			    json_pack("[{s:s}]", "display", org));
		if (p != NULL && ev != NULL)
			json_object_set_new(
			    p, "sourceAttachment",
			    fhir_attachment(FHIR_TEXT_PLAIN, ev,
					    w->en ? "evidence" : "bewijs"));
		if ((rc = fhir_add(w, url, p)))
			return rc;
	}
	return 0;
}

/* The content of an entry: its text, and the whole as JSON if more. */
static json_t *
fhir_content(const json_t *content)
{
	const char *text = fhir_str(content, "text");
	json_t *list = json_array();
	const char *k;
	json_t *v;
	bool more = false;

	json_object_foreach((json_t *)content, k, v)
	{
		if (strcmp(k, "kind") != 0 && strcmp(k, "text") != 0)
			more = true;
	}
	if (text != NULL)
		json_array_append_new(
		    list,
		    json_pack("{s:o}", "attachment",
			      fhir_attachment(FHIR_TEXT_PLAIN, text, NULL)));
	if (more || text == NULL) {
		char *s = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);

		if (s != NULL)
			json_array_append_new(
			    list,
			    json_pack("{s:o}", "attachment",
				      fhir_attachment(FHIR_JSON, s, NULL)));
		free(s);
	}
	return list;
}

/* COR-2: who corrected what and why, beside the correction. */
static int
fhir_provenance(struct fhir_out *w, const json_t *e, const char *url,
		const char *orig)
{
	char purl[64];
	json_t *p, *what;
	int rc;

	if ((rc = fhir_url(w, NULL, purl, "provenance")))
		return rc;
	if (orig != NULL)
		what = fhir_ref(orig);
	else
		what =
		    json_pack("{s:{s:s, s:s}}", "identifier", "system",
			      FHIR_ID_ENTRY, "value", fhir_str(e, "corrects"));
	p = json_pack(
	    "{s:s, s:[{s:s}], s:s, s:o*, s:o, s:[{s:{s:s*, "
	    "s:{s:s, s:s*}}}], s:[{s:s, s:o}]}",
	    "resourceType", "Provenance", "target", "reference", url,
	    "recorded", fhir_str(e, "created_at"), "reason",
	    fhir_str(e, "reason")
		? json_pack("[{s:s}]", "text", fhir_str(e, "reason"))
		: NULL,
	    "activity", fhir_concept(FHIR_SYS_DATAOP, "UPDATE", "revise"),
	    "agent", "who", "display", fhir_str(e, "author_name"), "identifier",
	    "system", FHIR_ID_USER, "value", fhir_str(e, "author"), "entity",
	    "role", "revision", "what", what);
	return fhir_add(w, purl, p);
}

static int
fhir_entry(struct fhir_out *w, const json_t *e, const char *name,
	   const char *what)
{
	const char *cat = fhir_str(e, "category"),
		   *status = fhir_str(e, "status");
	const char *at = fhir_str(e, "created_at");
	const char *corrects = fhir_str(e, "corrects");
	const json_t *content = json_object_get(e, "content");
	const char *kind = fhir_str(content, "kind");
	char url[64], ourl[64];
	const char *orig = NULL;
	json_t *d;
	int rc;

	if ((rc = fhir_url(w, fhir_str(e, "id"), url, what)) ||
	    (rc = fhir_time(w, at, what)) ||
	    (kind && (rc = fhir_code(w, kind, what))))
		return rc;
	if (!json_is_object(content))
		return zk_fail(w->cause, ZK_EINVAL, "%s: no content", what);
	if (status == NULL ||
	    (strcmp(status, "active") && strcmp(status, "corrected")))
		return zk_fail(w->cause, ZK_EINVAL, "%s: unknown status", what);
	d = json_pack(
	    "{s:s, s:o*, s:[{s:s, s:s}], s:s, s:[o], s:{s:s}, s:s, "
	    "s:[{s:s*, s:{s:s, s:s*}}], s:o}",
	    "resourceType", "DocumentReference", "meta",
	    fhir_meta(json_is_true(json_object_get(e, "provided_by_subject")),
		      fhir_str(e, "legal_basis")),
	    "identifier", "system", FHIR_ID_ENTRY, "value", url + 9, "status",
	    strcmp(status, "corrected") == 0 ? "superseded" : "current",
	    "category", fhir_concept(FHIR_CS_CATEGORY, cat, name), "subject",
	    "reference", w->patient, "date", at, "author", "display",
	    fhir_str(e, "author_name"), "identifier", "system", FHIR_ID_USER,
	    "value", fhir_str(e, "author"), "content", fhir_content(content));
	if (d != NULL && kind != NULL)
		json_object_set_new(d, "type",
				    fhir_concept(FHIR_CS_KIND, kind, NULL));
	if (corrects != NULL && !zk_uuid_valid(corrects))
		return zk_fail(w->cause, ZK_EINVAL, "%s: corrects no UUID",
			       what);
	if (corrects != NULL) {
		/* The original is in the copy unless it was withheld. */
		snprintf(ourl, sizeof ourl, "urn:uuid:%s", corrects);
		zk_hex_lower(ourl + 9);
		if (json_object_get(w->seen, ourl) != NULL)
			orig = ourl;
		if (d != NULL)
			json_object_set_new(
			    d, "relatesTo",
			    json_pack(
				"[{s:s, s:o}]", "code", "replaces", "target",
				orig ? fhir_ref(ourl)
				     : json_pack("{s:{s:s, s:s}}", "identifier",
						 "system", FHIR_ID_ENTRY,
						 "value", corrects)));
		if (d != NULL && fhir_str(e, "reason") != NULL)
			json_object_set_new(d, "description",
					    json_string(fhir_str(e, "reason")));
	}
	if ((rc = fhir_add(w, url, d)) == 0 && corrects != NULL)
		rc = fhir_provenance(w, e, url, orig);
	return rc;
}

/*
 * The entries by category, originals before their corrections so that a
 * correction can point at its original. CAT-4: a work note is no part of
 * the copy, even when one was handed in.
 */
static int
fhir_entries(struct fhir_out *w)
{
	const json_t *g, *e;
	size_t i, j;
	int rc;

	for (int pass = 0; pass < 2; pass++) {
		json_array_foreach(json_object_get(w->assembly, "categories"),
				   i, g)
		{
			const char *gcat = fhir_str(g, "category");
			const char *name =
			    fhir_lang(w, g, "name_nl", "name_en");

			json_array_foreach(json_object_get(g, "entries"), j, e)
			{
				const char *cat = fhir_str(e, "category");
				char what[64];
				int c = vocab_category(cat);

				snprintf(what, sizeof what,
					 "categories[%zu].entries[%zu]", i, j);
				if (c < 0 || gcat == NULL ||
				    strcmp(cat, gcat) != 0)
					return zk_fail(w->cause, ZK_EINVAL,
						       "%s: unknown category",
						       what);
				if (c == ZK_CAT_WORK_NOTE)
					continue;
				if ((fhir_str(e, "corrects") != NULL) !=
				    (pass == 1))
					continue;
				if ((rc = fhir_entry(w, e, name, what)))
					return rc;
			}
		}
	}
	return 0;
}

/* NEN 7513 / BALP: the action code of a line of the log (LOG-8). */
static int
fhir_action(const char *action, char *code, const char **rest)
{
	static const struct {
		const char *word;
		char code;
		const char *rest;
	} words[] = {
	    {"recorded", 'C', "create"},
	    {"viewed", 'R', "read"},
	    {"changed", 'U', "update"},
	    {"destroyed", 'D', "delete"},
	    {"exported or disclosed", 'E', NULL},
	    {"tried to record", 'C', "create"},
	    {"tried to view", 'R', "read"},
	    {"tried to change", 'U', "update"},
	    {"tried to destroy", 'D', "delete"},
	    {"tried to export or disclose", 'E', NULL},
	    {"emergency access requested (break the glass)", 'E', NULL},
	    {"asked for emergency access, refused", 'E', NULL},
	};

	for (size_t i = 0; action != NULL && i < ZK_ARRAY_SIZE(words); i++)
		if (strcmp(action, words[i].word) == 0) {
			*code = words[i].code;
			*rest = words[i].rest;
			return 0;
		}
	return ZK_EINVAL;
}

/* An AuditEvent for each line of the subject's view of the log. */
static int
fhir_audit(struct fhir_out *w)
{
	const json_t *l;
	size_t i;
	int rc;

	json_array_foreach(json_object_get(w->assembly, "log"), i, l)
	{
		const char *action = fhir_str(l, "action");
		const char *outcome = fhir_str(l, "outcome");
		const char *first = fhir_str(l, "first");
		const char *last = fhir_str(l, "last");
		const char *rest, *purpose = fhir_str(l, "purpose");
		char code[2] = "", url[64], what[32];
		json_t *a, *sub, *agent, *ent, *detail;

		snprintf(what, sizeof what, "log line %zu", i);
		if (fhir_action(action, code, &rest) != 0)
			return zk_fail(w->cause, ZK_EINVAL,
				       "%s: unknown action %s", what,
				       action ? action : "(none)");
		if ((rc = fhir_time(w, first, what)) ||
		    (rc = fhir_time(w, last, what)) ||
		    (rc = fhir_url(w, NULL, url, what)))
			return rc;
		sub = rest ? fhir_coding(FHIR_SYS_REST, rest, NULL)
			   : fhir_coding(
				 FHIR_CS_LOG_ACTION,
				 json_is_true(json_object_get(l, "break_glass"))
				     ? "break-glass"
				     : "export",
				 action);
		agent =
		    json_pack("{s:[{s:s*}], s:b}", "role", "text",
			      fhir_lang(w, l, "role", "role"), "requestor", 1);
		if (agent != NULL && fhir_str(l, "who") != NULL)
			json_object_set_new(
			    agent, "who",
			    json_pack("{s:s}", "display", fhir_str(l, "who")));
		if (agent != NULL && fhir_code_ok(purpose))
			json_object_set_new(
			    agent, "purposeOfUse",
			    json_pack(
				"[{s:[o], s:s*}]", "coding",
				fhir_coding(FHIR_CS_PURPOSE, purpose, NULL),
				"text",
				fhir_lang(w, l, "purpose_nl", "purpose_en")));
		detail = json_array();
		if (fhir_str(l, "rule") != NULL)
			json_array_append_new(detail,
					      json_pack("{s:s, s:s}", "type",
							"rule", "valueString",
							fhir_str(l, "rule")));
		if (fhir_lang(w, l, "ground_nl", "ground") != NULL)
			json_array_append_new(
			    detail,
			    json_pack("{s:s, s:s}", "type", "ground",
				      "valueString",
				      fhir_lang(w, l, "ground_nl", "ground")));
		/* BALP: the patient is entity type 1 Person, role 1 Patient. */
		ent = json_pack(
		    "[{s:{s:s}, s:o, s:o, s:o*}]", "what", "reference",
		    w->patient, "type",
		    fhir_coding(FHIR_SYS_ENTITY_TYPE, "1", "Person"), "role",
		    fhir_coding(FHIR_SYS_OBJECT_ROLE, "1", "Patient"), "detail",
		    json_array_size(detail) ? json_incref(detail) : NULL);
		json_decref(detail);
		if (ent != NULL && fhir_lang(w, l, "data_nl", "data") != NULL)
			json_array_append_new(
			    ent, json_pack("{s:o, s:o, s:s}", "type",
					   fhir_coding(FHIR_SYS_ENTITY_TYPE,
						       "2", "System Object"),
					   "role",
					   fhir_coding(FHIR_SYS_OBJECT_ROLE,
						       "4", "Domain Resource"),
					   "name",
					   fhir_lang(w, l, "data_nl", "data")));
		a = json_pack(
		    "{s:s, s:o, s:[o], s:s, s:{s:s, s:s}, s:s, s:s, s:s*, "
		    "s:[o], s:{s:{s:s*}, s:[o]}, s:o}",
		    "resourceType", "AuditEvent", "type",
		    fhir_coding(FHIR_SYS_DCM, "110110", "Patient Record"),
		    "subtype", sub, "action", code, "period", "start", first,
		    "end", last, "recorded", last, "outcome",
		    outcome && strcmp(outcome, "success") == 0	 ? "0"
		    : outcome && strcmp(outcome, "refused") == 0 ? "4"
								 : "8",
		    "outcomeDesc", fhir_lang(w, l, "outcome_nl", "outcome"),
		    "agent", agent, "source", "observer", "display",
		    fhir_str(l, "organisation"), "type",
		    fhir_coding(FHIR_SYS_SOURCE_TYPE, "4",
				"Application Server"),
		    "entity", ent);
		if (a != NULL &&
		    json_integer_value(json_object_get(l, "times")) > 1)
			json_object_set_new(
			    a, "extension",
			    json_pack("[{s:s, s:I}]", "url", FHIR_EXT_TIMES,
				      "valueUnsignedInt",
				      json_integer_value(
					  json_object_get(l, "times"))));
		if (a != NULL &&
		    json_is_true(json_object_get(l, "break_glass")))
			json_object_set_new(
			    a, "meta",
			    json_pack("{s:[o]}", "security",
				      fhir_coding(FHIR_SYS_ACTCODE, "BTG",
						  "break the glass")));
		if ((rc = fhir_add(w, url, a)))
			return rc;
	}
	return 0;
}

int
fhir_bundle(const json_t *assembly, const char *type, json_t **out,
	    char **cause)
{
	struct fhir_out w = {.assembly = assembly, .cause = cause};
	const char *at = fhir_str(assembly, "generated_at");
	const char *lang = fhir_str(assembly, "lang");
	char bid[ZK_UUID_LEN + 9], uuid[ZK_UUID_LEN];
	json_t *b = NULL;
	int rc;

	*out = NULL;
	if (!json_is_object(assembly))
		return zk_fail(cause, ZK_EINVAL, "the assembly is no object");
	if (type == NULL ||
	    (strcmp(type, "collection") && strcmp(type, "transaction")))
		return zk_fail(cause, ZK_EINVAL,
			       "a Bundle is a collection or a transaction");
	w.transaction = strcmp(type, "transaction") == 0;
	w.en = lang != NULL && strcmp(lang, "en") == 0;
	if ((rc = fhir_time(&w, at, "generated_at")))
		return rc;
	w.entries = json_array();
	w.seen = json_object();
	if (w.entries == NULL || w.seen == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	if ((rc = fhir_patient(&w)) || (rc = fhir_related(&w)) ||
	    (rc = fhir_consent(&w)) || (rc = fhir_entries(&w)) ||
	    (!w.transaction && (rc = fhir_audit(&w))))
		goto out;
	if (w.transaction && json_array_size(w.entries) > FHIR_MAX_ENTRIES) {
		rc = zk_fail(cause, ZK_ETOOBIG,
			     "%zu resources: more than one transaction "
			     "may hold (%d)",
			     json_array_size(w.entries), FHIR_MAX_ENTRIES);
		goto out;
	}
	zk_uuid_new(uuid);
	snprintf(bid, sizeof bid, "urn:uuid:%s", uuid);
	b = json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:O}", "resourceType",
		      "Bundle", "identifier", "system", "urn:ietf:rfc:3986",
		      "value", bid, "type", type, "timestamp", at, "entry",
		      w.entries);
	rc = b == NULL ? ZK_ENOMEM : 0;
	/*
	 * INF-2: who sent it, so that the receiver can tell the subject
	 * where their data came from.
	 */
	if (rc == 0 && fhir_str(json_object_get(assembly, "organisation"),
				"slug") != NULL) {
		const json_t *org = json_object_get(assembly, "organisation");
		char src[160];
		json_t *meta;

		snprintf(src, sizeof src, "urn:zorgkluis:organisation:%s",
			 fhir_str(org, "slug"));
		meta = json_pack("{s:s, s:[{s:s, s:s, s:s?}]}", "source", src,
				 "tag", "system", FHIR_CS_ORGANISATION, "code",
				 fhir_str(org, "slug"), "display",
				 fhir_str(org, "name"));
		if (meta == NULL || json_object_set_new(b, "meta", meta) != 0)
			rc = ZK_ENOMEM;
	}
out:
	json_decref(w.entries);
	json_decref(w.seen);
	if (rc == 0)
		*out = b;
	else if (rc == ZK_ENOMEM)
		zk_fail(cause, rc, "out of memory making the FHIR Bundle");
	return rc;
}
