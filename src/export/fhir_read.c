/*
 * fhir_read.c: POR-2, the other way: a transaction Bundle in the shape
 * fhir.c makes (docs/fhir.md), from zorgkluis or from another controller,
 * read back into an assembly: the subject's identity, the entries by
 * category, the representatives and the consents. The result is only
 * data for the service to check and store; nothing here trusts it.
 *
 * What cannot be placed is refused with the index of its entry, never
 * dropped: a resource type or element the profile has no place for, an
 * identifier of an unknown system, a reference to nothing, a bad date, a
 * text that is no UTF-8 or too long. An AuditEvent is refused too: the log
 * of another controller is no part of this one's record.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/zk.h"
#include "export/export.h"
#include "export/fhir_int.h"
#include "policy/representation.h"
#include "policy/vocab.h"

#define FHIR_MAX_DEPTH 32

struct fhir_in {
	const json_t *entry; /* Bundle.entry */
	json_t *urls;	     /* fullUrl -> entry index */
	json_t *reps;	     /* fullUrl of a RelatedPerson -> its index */
	json_t *docs;	     /* fullUrl of a DocumentReference -> entry */
	json_t *out;	     /* the assembly */
	const char *patient; /* the Patient's fullUrl */
	char **cause;
};

/* The resources read and the elements each may have, besides id, meta
 * and text (the narrative, which is generated from the rest). */
static const struct {
	const char *type;
	const char *keys[14];
} fhir_known[] = {
    {"Patient",
     {"identifier", "name", "birthDate", "address", "deceasedDateTime",
      "active"}},
    {"RelatedPerson",
     {"identifier", "active", "patient", "relationship", "name"}},
    {"DocumentReference",
     {"identifier", "status", "type", "category", "subject", "date", "author",
      "relatesTo", "description", "content"}},
    {"Consent",
     {"extension", "identifier", "status", "scope", "category", "patient",
      "dateTime", "performer", "organization", "sourceAttachment", "policyRule",
      "provision"}},
    {"Provenance",
     {"target", "recorded", "reason", "activity", "agent", "entity"}},
};

/* v3 RoleCode back to a kind, for a Bundle without urn:zorgkluis codes. */
static const struct {
	const char *code, *kind;
} fhir_rolecodes[] = {
    {"PRN", "parent"},
    {"MTH", "parent"},
    {"FTH", "parent"},
    {"GUARD", "guardian"},
    {"HPOWATT", "authorised_in_writing"},
    {"SIGOTHR", "spouse_partner"},
    {"SPS", "spouse_partner"},
    {"HUSB", "spouse_partner"},
    {"WIFE", "spouse_partner"},
    {"DOMPART", "spouse_partner"},
    {"CHILD", "child"},
    {"SON", "child"},
    {"DAU", "child"},
    {"SIB", "sibling"},
    {"BRO", "sibling"},
    {"SIS", "sibling"},
};

/* ZK_EINVAL, with a cause that names the entry. */
static int fhir_bad(struct fhir_in *r, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fhir_bad(struct fhir_in *r, size_t i, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return zk_fail(r->cause, ZK_EINVAL, "Bundle.entry[%zu]: %s", i, msg);
}

/* What an error message shows for a missing value. */
static const char *
fhir_or(const char *s)
{
	return s != NULL ? s : "(none)";
}

static const char *
fhir_s(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The code of system in a CodeableConcept or a Coding list. */
static const char *
fhir_code_of(const json_t *cc, const char *system)
{
	const json_t *cd,
	    *list = json_is_array(cc) ? cc : json_object_get(cc, "coding");
	size_t i;

	json_array_foreach(list, i, cd)
	{
		const char *s = fhir_s(cd, "system");

		if (s != NULL && strcmp(s, system) == 0)
			return fhir_s(cd, "code");
	}
	return NULL;
}

/* A YYYY-MM-DDThh:mm:ss[.f](Z|+hh:mm) instant in UTC, as zorgkluis
 * writes times. */
static int
fhir_instant(const char *s, char out[ZK_TIME_LEN])
{
	char buf[ZK_TIME_LEN];
	const char *p;
	int64_t t;
	int sign = 0;

	if (s == NULL || strlen(s) < 20)
		return ZK_EINVAL;
	memcpy(buf, s, 19);
	buf[19] = 'Z';
	buf[20] = '\0';
	if (zk_time_parse(buf, &t) != 0)
		return ZK_EINVAL;
	p = s + 19;
	if (*p == '.' && (p += 1 + strspn(p + 1, "0123456789")) == s + 20)
		return ZK_EINVAL;
	if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (strlen(p) != 6 || strspn(p + 1, "0123456789") != 2 ||
		    p[3] != ':' || strspn(p + 4, "0123456789") != 2)
			return ZK_EINVAL;
		int hh = (p[1] - '0') * 10 + p[2] - '0';
		int mm = (p[4] - '0') * 10 + p[5] - '0';
		if (hh > 14 || mm > 59)
			return ZK_EINVAL;
		t -= sign * (hh * 3600 + mm * 60);
	} else if (strcmp(p, "Z") != 0)
		return ZK_EINVAL;
	zk_time_fmt(t, out);
	return 0;
}

/* A calendar date, or the day of an instant (a period may hold either). */
static int
fhir_day(const char *s, char out[ZK_DATE_LEN])
{
	char t[ZK_TIME_LEN];
	int32_t d;

	if (s != NULL && strlen(s) == 10 && zk_date_parse(s, &d) == 0) {
		zk_strlcpy(out, s, ZK_DATE_LEN);
		return 0;
	}
	if (fhir_instant(s, t) != 0)
		return ZK_EINVAL;
	zk_strlcpy(out, t, ZK_DATE_LEN);
	return 0;
}

/*
 * Every string UTF-8 and within bounds, every reference to a fullUrl of
 * the Bundle, nesting bounded.
 */
static int
fhir_walk(struct fhir_in *r, size_t i, const json_t *v, int depth)
{
	const char *k;
	json_t *x;
	size_t j;

	if (depth > FHIR_MAX_DEPTH)
		return fhir_bad(r, i, "nested too deeply");
	if (json_is_string(v)) {
		size_t n = json_string_length(v);

		if (!zk_utf8_valid(json_string_value(v), n))
			return fhir_bad(r, i, "a text is not UTF-8");
		if (n > FHIR_MAX_TEXT / 3 * 4 + 4)
			return zk_fail(r->cause, ZK_ETOOBIG,
				       "Bundle.entry[%zu]: a text is too long",
				       i);
	}
	json_array_foreach(v, j, x)
	{
		int rc = fhir_walk(r, i, x, depth + 1);

		if (rc != 0)
			return rc;
	}
	json_object_foreach((json_t *)v, k, x)
	{
		int rc;

		if (!zk_utf8_valid(k, strlen(k)))
			return fhir_bad(r, i, "a name is not UTF-8");
		if (strcmp(k, "reference") == 0 && json_is_string(x) &&
		    json_object_get(r->urls, json_string_value(x)) == NULL)
			return fhir_bad(r, i,
					"the reference %.80s is to nothing",
					json_string_value(x));
		if ((rc = fhir_walk(r, i, x, depth + 1)) != 0)
			return rc;
	}
	return 0;
}

/* The type of the resource a reference points at, or NULL. */
static const char *
fhir_target(struct fhir_in *r, const json_t *ref)
{
	const char *s = fhir_s(ref, "reference");
	const json_t *n = s ? json_object_get(r->urls, s) : NULL;

	if (n == NULL)
		return NULL;
	return fhir_s(
	    json_object_get(json_array_get(r->entry, json_integer_value(n)),
			    "resource"),
	    "resourceType");
}

static bool
fhir_is_patient(struct fhir_in *r, const json_t *ref)
{
	const char *s = fhir_s(ref, "reference");

	return s != NULL && strcmp(s, r->patient) == 0;
}

/* A text attachment, decoded; *text is new. */
static int
fhir_text(struct fhir_in *r, size_t i, const json_t *a, const char *type,
	  char **text)
{
	const char *ct = fhir_s(a, "contentType"), *data = fhir_s(a, "data");
	size_t n;
	int rc;

	*text = NULL;
	if (ct == NULL || strncmp(ct, type, strlen(type)) != 0)
		return fhir_bad(r, i, "an attachment of type %.60s",
				fhir_or(ct));
	if (data == NULL)
		return fhir_bad(r, i, "an attachment without data");
	if ((rc = fhir_b64_decode(data, FHIR_MAX_TEXT, text, &n)) == ZK_ETOOBIG)
		return zk_fail(r->cause, rc,
			       "Bundle.entry[%zu]: an attachment is too long",
			       i);
	if (rc != 0)
		return fhir_bad(r, i, "an attachment is no base64");
	if (!zk_utf8_valid(*text, n)) {
		free(*text);
		*text = NULL;
		return fhir_bad(r, i, "an attachment is not UTF-8 text");
	}
	return 0;
}

/*
 * The names of a HumanName joined by spaces: its given names, and the
 * family name too when with_family; *out is new.
 */
static int
fhir_name(struct fhir_in *r, size_t i, const json_t *n, bool with_family,
	  char **out)
{
	const char *family = fhir_s(n, "family");
	const json_t *g, *given = json_object_get(n, "given");
	struct zk_buf b;
	size_t j;
	int rc = 0;

	*out = NULL;
	zk_buf_init(&b, FHIR_MAX_STRING);
	if (given != NULL && !json_is_array(given))
		return fhir_bad(r, i, "a name has no list of given names");
	json_array_foreach(given, j, g)
	{
		const char *s = json_string_value(g);

		if (s == NULL || s[0] == '\0' || strchr(s, ' ') != NULL) {
			rc = fhir_bad(r, i, "a given name is no one name");
			goto out;
		}
		if ((b.len && (rc = zk_buf_append(&b, " ", 1))) ||
		    (rc = zk_buf_append(&b, s, strlen(s))))
			goto out;
	}
	if (with_family && family != NULL &&
	    ((b.len && (rc = zk_buf_append(&b, " ", 1))) ||
	     (rc = zk_buf_append(&b, family, strlen(family)))))
		goto out;
	if ((rc = zk_buf_append(&b, "", 1)) == 0) {
		*out = (char *)b.data;
		b.data = NULL;
	}
out:
	zk_buf_release(&b);
	if (rc == ZK_ETOOBIG)
		rc = fhir_bad(r, i, "a name is too long");
	return rc;
}

/* Every element of the resource is one the profile has a place for. */
static int
fhir_keys(struct fhir_in *r, size_t i, const json_t *res, size_t t)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)res, k, v)
	{
		bool ok = strcmp(k, "resourceType") == 0 ||
			  strcmp(k, "id") == 0 || strcmp(k, "meta") == 0 ||
			  strcmp(k, "text") == 0;

		for (size_t j = 0; !ok && fhir_known[t].keys[j] != NULL; j++)
			ok = strcmp(k, fhir_known[t].keys[j]) == 0;
		if (!ok) {
			char what[96];

			snprintf(what, sizeof what, "%s.%.60s",
				 fhir_known[t].type, k);
			return fhir_bad(r, i, "%s has no place in zorgkluis",
					what);
		}
	}
	return 0;
}

/* Identifiers of zorgkluis's own system only: the old ids, not kept. */
static int
fhir_ids(struct fhir_in *r, size_t i, const json_t *res, const char *system,
	 const char **bsn)
{
	const json_t *id;
	size_t j;

	json_array_foreach(json_object_get(res, "identifier"), j, id)
	{
		const char *s = fhir_s(id, "system");

		if (bsn != NULL && s != NULL && strcmp(s, FHIR_SYS_BSN) == 0)
			*bsn = fhir_s(id, "value");
		else if (s == NULL || strcmp(s, system) != 0)
			return fhir_bad(r, i, "an identifier of system %.80s",
					fhir_or(s));
	}
	return 0;
}

/* SEC-4: nine digits that pass the eleven test. */
static bool
fhir_bsn_ok(const char *s)
{
	int sum = 0;

	if (s == NULL || strlen(s) != 9 || strspn(s, "0123456789") != 9)
		return false;
	for (int i = 0; i < 8; i++)
		sum += (9 - i) * (s[i] - '0');
	sum -= s[8] - '0';
	return sum % 11 == 0 && strcmp(s, "000000000") != 0;
}

static int
fhir_read_patient(struct fhir_in *r, size_t i, const json_t *p)
{
	const char *bsn = NULL, *born = fhir_s(p, "birthDate");
	const char *died = fhir_s(p, "deceasedDateTime");
	const json_t *addr = json_object_get(p, "address"), *n;
	char *given = NULL, dday[ZK_DATE_LEN] = "";
	json_t *id;
	int32_t d;
	int rc;

	if ((rc = fhir_ids(r, i, p, FHIR_ID_SUBJECT, &bsn)))
		return rc;
	if (bsn != NULL && !fhir_bsn_ok(bsn))
		return fhir_bad(r, i, "the BSN %.20s fails the eleven test",
				bsn);
	if (born != NULL && (strlen(born) != 10 || zk_date_parse(born, &d)))
		return fhir_bad(r, i, "birthDate %.40s is no date", born);
	if (died != NULL && fhir_day(died, dday) != 0)
		return fhir_bad(r, i, "deceasedDateTime %.40s is no date",
				died);
	if (json_array_size(json_object_get(p, "name")) != 1)
		return fhir_bad(r, i, "a Patient has one name");
	n = json_array_get(json_object_get(p, "name"), 0);
	if (fhir_s(n, "family") == NULL && fhir_s(n, "text") != NULL)
		return fhir_bad(r, i, "a name as text only");
	if (addr != NULL &&
	    (json_array_size(addr) > 1 ||
	     json_object_size(json_array_get(addr, 0)) !=
		 (fhir_s(json_array_get(addr, 0), "city") != NULL)))
		return fhir_bad(r, i, "an address other than a city");
	if ((rc = fhir_name(r, i, n, false, &given)))
		return rc;
	id = json_pack("{s:s*, s:s*, s:s*, s:s*, s:s*}", "family_name",
		       fhir_s(n, "family"), "given_names",
		       given[0] ? given : NULL, "birth_date", born, "bsn", bsn,
		       "city", fhir_s(json_array_get(addr, 0), "city"));
	free(given);
	if (id == NULL ||
	    json_object_set_new(r->out, "subject",
				json_pack("{s:o, s:s*}", "identity", id,
					  "deceased_on",
					  dday[0] ? dday : NULL)) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
fhir_read_related(struct fhir_in *r, size_t i, const json_t *p, const char *url)
{
	const json_t *rel =
	    json_array_get(json_object_get(p, "relationship"), 0);
	const json_t *n = json_array_get(json_object_get(p, "name"), 0);
	const char *kind = fhir_code_of(rel, FHIR_CS_REPKIND);
	const char *role = fhir_code_of(rel, FHIR_SYS_ROLECODE);
	json_t *reps = json_object_get(r->out, "representatives");
	char *name = NULL;
	int rc;

	if ((rc = fhir_ids(r, i, p, FHIR_ID_REPRESENTATIVE, NULL)))
		return rc;
	if (!fhir_is_patient(r, json_object_get(p, "patient")))
		return fhir_bad(r, i, "a RelatedPerson not of the Patient");
	for (size_t j = 0;
	     kind == NULL && role != NULL && j < ZK_ARRAY_SIZE(fhir_rolecodes);
	     j++)
		if (strcmp(role, fhir_rolecodes[j].code) == 0)
			kind = fhir_rolecodes[j].kind;
	if (json_array_size(json_object_get(p, "relationship")) != 1 ||
	    rep_kind_parse(kind) < 0)
		return fhir_bad(r, i, "no representative's relationship: %.40s",
				fhir_or(kind ? kind : role));
	if (json_array_size(json_object_get(p, "name")) != 1)
		return fhir_bad(r, i, "a RelatedPerson has one name");
	if (fhir_s(n, "text") != NULL)
		name = strdup(fhir_s(n, "text"));
	else if ((rc = fhir_name(r, i, n, true, &name)))
		return rc;
	if (name == NULL)
		return ZK_ENOMEM;
	if (name[0] == '\0' || strlen(name) > FHIR_MAX_STRING) {
		free(name);
		return fhir_bad(r, i, "a RelatedPerson without a name");
	}
	rc = json_object_set_new(
	    r->reps, url, json_integer((json_int_t)json_array_size(reps)));
	if (rc == 0)
		rc = json_array_append_new(
		    reps, json_pack("{s:s, s:s}", "kind", kind, "name", name));
	free(name);
	return rc != 0 ? ZK_ENOMEM : 0;
}

/* The content: the JSON attachment if there is one, else kind and text. */
static int
fhir_read_content(struct fhir_in *r, size_t i, const json_t *d, json_t **out)
{
	const json_t *c;
	json_t *content = NULL;
	char *text = NULL, *js;
	size_t j;
	int rc;

	*out = NULL;
	json_array_foreach(json_object_get(d, "content"), j, c)
	{
		const json_t *a = json_object_get(c, "attachment");
		const char *ct = fhir_s(a, "contentType");
		bool isjson = ct != NULL && strcmp(ct, FHIR_JSON) == 0;

		if (json_object_size(c) != 1 || (isjson && content) ||
		    (!isjson && text))
			return fhir_bad(r, i, "content zorgkluis cannot place");
		if (isjson) {
			if ((rc = fhir_text(r, i, a, FHIR_JSON, &js)))
				goto out;
			content = json_loads(js, JSON_REJECT_DUPLICATES, NULL);
			free(js);
			if (!json_is_object(content)) {
				rc =
				    fhir_bad(r, i, "JSON content is no object");
				goto out;
			}
		} else if ((rc = fhir_text(r, i, a, "text/plain", &text)))
			goto out;
	}
	if (content == NULL && text == NULL) {
		rc = fhir_bad(r, i, "a DocumentReference without text");
		goto out;
	}
	if (content == NULL)
		content = json_pack(
		    "{s:s*, s:s}", "kind",
		    fhir_code_of(json_object_get(d, "type"), FHIR_CS_KIND),
		    "text", text);
	rc = content == NULL ? ZK_ENOMEM : 0;
	*out = content;
	content = NULL;
out:
	json_decref(content);
	free(text);
	return rc;
}

static int
fhir_read_doc(struct fhir_in *r, size_t i, const json_t *d, const char *url)
{
	const char *status = fhir_s(d, "status");
	const char *cat =
	    fhir_code_of(json_array_get(json_object_get(d, "category"), 0),
			 FHIR_CS_CATEGORY);
	const json_t *rel = json_object_get(d, "relatesTo");
	const json_t *target =
	    json_object_get(json_array_get(rel, 0), "target");
	const json_t *author = json_object_get(d, "author");
	char at[ZK_TIME_LEN];
	const char *corrects = NULL;
	json_t *content = NULL, *e;
	int rc, c = vocab_category(cat);

	if ((rc = fhir_ids(r, i, d, FHIR_ID_ENTRY, NULL)))
		return rc;
	if (status == NULL ||
	    (strcmp(status, "current") && strcmp(status, "superseded")))
		return fhir_bad(r, i, "a DocumentReference of status %.40s",
				fhir_or(status));
	if (c < 0 || json_array_size(json_object_get(d, "category")) != 1)
		return fhir_bad(r, i, "no zorgkluis category: %.40s",
				fhir_or(cat));
	if (c == ZK_CAT_WORK_NOTE) /* CAT-4 */
		return fhir_bad(r, i, "a work note is personal, not moved");
	if (fhir_instant(fhir_s(d, "date"), at) != 0)
		return fhir_bad(r, i, "date %.40s is no instant",
				fhir_or(fhir_s(d, "date")));
	if (!fhir_is_patient(r, json_object_get(d, "subject")))
		return fhir_bad(r, i, "a DocumentReference not of the Patient");
	if (json_array_size(author) > 1)
		return fhir_bad(r, i, "more than one author");
	if (rel != NULL) {
		const char *code = fhir_s(json_array_get(rel, 0), "code");

		if (json_array_size(rel) != 1 || code == NULL ||
		    strcmp(code, "replaces") != 0)
			return fhir_bad(r, i, "relatesTo other than replaces");
		const char *tt = fhir_target(r, target);

		corrects = fhir_s(target, "reference");
		if (corrects != NULL &&
		    (tt == NULL || strcmp(tt, "DocumentReference") != 0))
			return fhir_bad(r, i, "replaces a %.40s", fhir_or(tt));
	}
	if ((rc = fhir_read_content(r, i, d, &content)))
		return rc;
	e = json_pack("{s:s, s:s, s:s*, s:o, s:s, s:s, s:s*, s:s*}", "category",
		      cat, "created_at", at, "author_name",
		      fhir_s(json_array_get(author, 0), "display"), "content",
		      content, "status",
		      strcmp(status, "superseded") ? "active" : "corrected",
		      "ref", url, "corrects", corrects, "reason",
		      rel ? fhir_s(d, "description") : NULL);
	if (e == NULL || json_object_set_new(r->docs, url, e) != 0)
		return ZK_ENOMEM;
	return 0;
}

/* The form of a consent and whether it was explicit, as extensions. */
static int
fhir_read_ext(struct fhir_in *r, size_t i, const json_t *c, json_t *out)
{
	const json_t *x;
	size_t j;

	json_array_foreach(json_object_get(c, "extension"), j, x)
	{
		const char *url = fhir_s(x, "url");

		if (url != NULL && strcmp(url, FHIR_EXT_FORM) == 0 &&
		    fhir_code_ok(fhir_s(x, "valueCode")))
			json_object_set(out, "form",
					json_object_get(x, "valueCode"));
		else if (url != NULL && strcmp(url, FHIR_EXT_EXPLICIT) == 0 &&
			 json_is_boolean(json_object_get(x, "valueBoolean")))
			json_object_set(out, "explicit",
					json_object_get(x, "valueBoolean"));
		else
			return fhir_bad(r, i, "an extension %.80s",
					fhir_or(url));
	}
	return 0;
}

/* The provision: one permit, its purpose, categories, period, recipient. */
static int
fhir_read_provision(struct fhir_in *r, size_t i, const json_t *p, json_t *out)
{
	const json_t *per = json_object_get(p, "period"), *cl, *ac;
	const char *purpose =
	    fhir_code_of(json_object_get(p, "purpose"), FHIR_CS_PURPOSE);
	const char *type = fhir_s(p, "type");
	char from[ZK_DATE_LEN], until[ZK_DATE_LEN];
	json_t *cats = json_array();
	size_t j;

	if (cats == NULL || json_object_set_new(out, "categories", cats) != 0)
		return ZK_ENOMEM;
	if (type == NULL || strcmp(type, "permit") != 0 ||
	    json_object_get(p, "provision") != NULL ||
	    json_object_get(p, "data") != NULL ||
	    json_object_get(p, "action") != NULL)
		return fhir_bad(r, i, "a provision other than one permit");
	if (!fhir_code_ok(purpose) ||
	    json_array_size(json_object_get(p, "purpose")) != 1)
		return fhir_bad(r, i,
				"a Consent without one zorgkluis "
				"purpose");
	json_object_set_new(out, "purpose", json_string(purpose));
	json_array_foreach(json_object_get(p, "class"), j, cl)
	{
		const char *s = fhir_s(cl, "system"),
			   *code = fhir_s(cl, "code");

		if (s == NULL || strcmp(s, FHIR_CS_CATEGORY) != 0 ||
		    vocab_category(code) < 0)
			return fhir_bad(r, i, "a class %.40s", fhir_or(code));
		json_array_append_new(cats, json_string(code));
	}
	if ((fhir_s(per, "start") && fhir_day(fhir_s(per, "start"), from)) ||
	    (fhir_s(per, "end") && fhir_day(fhir_s(per, "end"), until)))
		return fhir_bad(r, i, "a period of no dates");
	json_object_set_new(out, "valid_from",
			    fhir_s(per, "start") ? json_string(from)
						 : json_null());
	json_object_set_new(out, "valid_until",
			    fhir_s(per, "end") ? json_string(until)
					       : json_null());
	json_object_set_new(out, "recipient_kind", json_null());
	json_array_foreach(json_object_get(p, "actor"), j, ac)
	{
		const json_t *id = json_object_get(
		    json_object_get(ac, "reference"), "identifier");
		const char *s = fhir_s(id, "system");

		if (j > 0 ||
		    fhir_code_of(json_object_get(ac, "role"),
				 FHIR_SYS_PARTTYPE) == NULL ||
		    s == NULL || strcmp(s, FHIR_CS_RECIPIENT) != 0 ||
		    !fhir_code_ok(fhir_s(id, "value")))
			return fhir_bad(r, i,
					"an actor other than one "
					"kind of recipient");
		json_object_set(out, "recipient_kind",
				json_object_get(id, "value"));
	}
	return 0;
}

static int
fhir_read_consent(struct fhir_in *r, size_t i, const json_t *c)
{
	const char *scope =
	    fhir_code_of(json_object_get(c, "scope"), FHIR_SYS_SCOPE);
	const char *status = fhir_s(c, "status");
	const json_t *perf = json_array_get(json_object_get(c, "performer"), 0);
	const json_t *src = json_object_get(c, "sourceAttachment");
	char at[ZK_TIME_LEN], *ev = NULL;
	json_t *o, *rep;
	int rc;

	if ((rc = fhir_ids(r, i, c, FHIR_ID_CONSENT, NULL)))
		return rc;
	if (scope == NULL || strcmp(scope, "patient-privacy") != 0)
		return fhir_bad(r, i, "a Consent of scope %.40s",
				fhir_or(scope));
	if (status == NULL ||
	    (strcmp(status, "active") && strcmp(status, "inactive")))
		return fhir_bad(r, i, "a Consent of status %.40s",
				fhir_or(status));
	if (!fhir_is_patient(r, json_object_get(c, "patient")))
		return fhir_bad(r, i, "a Consent not of the Patient");
	if (fhir_s(c, "dateTime") && fhir_instant(fhir_s(c, "dateTime"), at))
		return fhir_bad(r, i, "dateTime %.40s is no instant",
				fhir_s(c, "dateTime"));
	/* Given by the subject or by one of the representatives. */
	rep = json_object_get(r->reps, fhir_s(perf, "reference")
					   ? fhir_s(perf, "reference")
					   : "");
	if (json_array_size(json_object_get(c, "performer")) != 1 ||
	    (rep == NULL && !fhir_is_patient(r, perf)))
		return fhir_bad(r, i,
				"a Consent not given by the Patient or "
				"a RelatedPerson");
	if (src != NULL && (rc = fhir_text(r, i, src, "text/plain", &ev)))
		return rc;
	o = json_pack("{s:o, s:s*, s:n, s:s*, s:b}", "given_by",
		      rep ? json_incref(rep) : json_string("subject"),
		      "evidence", ev, "form", "given_at",
		      fhir_s(c, "dateTime") ? at : NULL, "withdrawn",
		      strcmp(status, "inactive") == 0);
	free(ev);
	if (o == NULL ||
	    json_array_append_new(json_object_get(r->out, "consents"), o))
		return ZK_ENOMEM;
	if ((rc = fhir_read_ext(r, i, c, o)) ||
	    (rc =
		 fhir_read_provision(r, i, json_object_get(c, "provision"), o)))
		return rc;
	return 0;
}

/* COR-2: the reason of a correction, beside the correction. */
static int
fhir_read_provenance(struct fhir_in *r, size_t i, const json_t *p)
{
	const json_t *t = json_array_get(json_object_get(p, "target"), 0);
	const json_t *ent = json_array_get(json_object_get(p, "entity"), 0);
	json_t *doc = json_object_get(
	    r->docs, fhir_s(t, "reference") ? fhir_s(t, "reference") : "");
	const char *orig = fhir_s(json_object_get(ent, "what"), "reference");
	const char *corrects = fhir_s(doc, "corrects");
	const char *role = fhir_s(ent, "role");
	const char *reason =
	    fhir_s(json_array_get(json_object_get(p, "reason"), 0), "text");

	char at[ZK_TIME_LEN];

	if (fhir_s(p, "recorded") != NULL &&
	    fhir_instant(fhir_s(p, "recorded"), at) != 0)
		return fhir_bad(r, i, "recorded %.40s is no instant",
				fhir_s(p, "recorded"));
	if (json_array_size(json_object_get(p, "target")) != 1 || doc == NULL)
		return fhir_bad(r, i, "a Provenance of no DocumentReference");
	if (json_array_size(json_object_get(p, "entity")) != 1 ||
	    role == NULL || strcmp(role, "revision") != 0 ||
	    (orig != NULL && (corrects == NULL || strcmp(orig, corrects))))
		return fhir_bad(r, i,
				"a Provenance other than of the "
				"correction it targets");
	if (reason != NULL && fhir_s(doc, "reason") == NULL)
		json_object_set_new(doc, "reason", json_string(reason));
	return 0;
}

/* The entries by category, in the order the Bundle first names each. */
static int
fhir_group(struct fhir_in *r)
{
	json_t *cats = json_object_get(r->out, "categories");
	json_t *lists = json_object(), *e, *list;
	const char *url;
	int rc = 0;

	if (lists == NULL)
		return ZK_ENOMEM;
	json_object_foreach(r->docs, url, e)
	{
		const char *cat = fhir_s(e, "category");

		if ((list = json_object_get(lists, cat)) == NULL &&
		    ((list = json_array()) == NULL ||
		     json_object_set_new(lists, cat, list) != 0 ||
		     json_array_append_new(
			 cats, json_pack("{s:s, s:O}", "category", cat,
					 "entries", list)) != 0)) {
			rc = ZK_ENOMEM;
			break;
		}
		if (json_array_append(list, e) != 0) {
			rc = ZK_ENOMEM;
			break;
		}
	}
	json_decref(lists);
	return rc;
}

/* The type of each entry (its place in fhir_known), checked once. */
static int
fhir_scan(struct fhir_in *r, size_t *types)
{
	const json_t *e;
	size_t i, patients = 0;

	json_array_foreach(r->entry, i, e)
	{
		const json_t *res = json_object_get(e, "resource");
		const json_t *req = json_object_get(e, "request");
		const char *url = fhir_s(e, "fullUrl");
		const char *type = fhir_s(res, "resourceType");
		const char *method = fhir_s(req, "method");
		size_t t;

		if (!json_is_object(res) || type == NULL)
			return fhir_bad(r, i, "no resource");
		if (url == NULL || url[0] == '\0' ||
		    strlen(url) > FHIR_MAX_STRING)
			return fhir_bad(r, i, "no fullUrl");
		if (json_object_get(r->urls, url) != NULL)
			return fhir_bad(r, i, "fullUrl %.80s twice", url);
		if (method == NULL || strcmp(method, "POST") != 0 ||
		    fhir_s(req, "url") == NULL ||
		    strcmp(fhir_s(req, "url"), type) != 0)
			return fhir_bad(r, i, "a request other than POST %.40s",
					type);
		if (strcmp(type, "AuditEvent") == 0)
			return fhir_bad(r, i,
					"an AuditEvent: the log of "
					"another controller is not "
					"taken over");
		for (t = 0; t < ZK_ARRAY_SIZE(fhir_known); t++)
			if (strcmp(type, fhir_known[t].type) == 0)
				break;
		if (t == ZK_ARRAY_SIZE(fhir_known))
			return fhir_bad(r, i,
					"a %.60s, which zorgkluis does "
					"not read",
					type);
		if (t == 0 && patients++ == 0)
			r->patient = url;
		types[i] = t;
		if (json_object_set_new(r->urls, url,
					json_integer((json_int_t)i)) != 0)
			return ZK_ENOMEM;
	}
	if (patients != 1)
		return zk_fail(r->cause, ZK_EINVAL,
			       "the Bundle holds %zu Patients, not one",
			       patients);
	return 0;
}

/* A short line of text a sender names itself with, or NULL. */
static const char *
fhir_origin_text(const json_t *v)
{
	const char *s = json_string_value(v);

	if (s == NULL || s[0] == '\0' || strlen(s) > 200 ||
	    !zk_utf8_valid(s, strlen(s)) ||
	    zk_text_check(s, false) != ZK_TEXT_OK)
		return NULL;
	return s;
}

/*
 * INF-2: who sent the Bundle: Bundle.meta.source, and the display of a
 * urn:zorgkluis:organisation tag, as "origin" of the assembly. Nothing
 * is required: a Bundle from elsewhere may name no sender.
 */
static int
fhir_read_origin(struct fhir_in *r, const json_t *bundle)
{
	const json_t *meta = json_object_get(bundle, "meta"), *tag;
	const char *source, *name = NULL;
	json_t *o;
	size_t i;

	if (meta == NULL)
		return 0;
	if (!json_is_object(meta))
		return zk_fail(r->cause, ZK_EINVAL,
			       "Bundle.meta: not an object");
	source = fhir_origin_text(json_object_get(meta, "source"));
	json_array_foreach(json_object_get(meta, "tag"), i, tag)
	{
		const char *sys = fhir_s(tag, "system");

		if (sys != NULL && strcmp(sys, FHIR_CS_ORGANISATION) == 0)
			name =
			    fhir_origin_text(json_object_get(tag, "display"));
	}
	if (source == NULL && name == NULL)
		return 0;
	o = json_pack("{s:s?, s:s?}", "source", source, "name", name);
	if (o == NULL || json_object_set_new(r->out, "origin", o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
fhir_read_transaction(const json_t *bundle, json_t **assembly, char **cause)
{
	struct fhir_in r = {.cause = cause};
	const char *type = fhir_s(bundle, "type");
	const json_t *e;
	size_t i, n, *types = NULL;
	int rc;

	*assembly = NULL;
	r.entry = json_object_get(bundle, "entry");
	if (!json_is_object(bundle) || fhir_s(bundle, "resourceType") == NULL ||
	    strcmp(fhir_s(bundle, "resourceType"), "Bundle") != 0)
		return zk_fail(cause, ZK_EINVAL, "not a FHIR Bundle");
	if (type == NULL || strcmp(type, "transaction") != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "a Bundle of type %.40s, not a transaction",
			       type ? type : "(none)");
	if (!json_is_array(r.entry))
		return zk_fail(cause, ZK_EINVAL, "a Bundle without entries");
	if ((n = json_array_size(r.entry)) > FHIR_MAX_ENTRIES)
		return zk_fail(cause, ZK_ETOOBIG,
			       "a Bundle of %zu entries (at most %d)", n,
			       FHIR_MAX_ENTRIES);
	r.urls = json_object();
	r.reps = json_object();
	r.docs = json_object();
	r.out = json_pack("{s:s, s:[], s:[], s:[]}", "kind", "transfer",
			  "categories", "representatives", "consents");
	types = calloc(n + 1, sizeof *types);
	if (r.urls == NULL || r.reps == NULL || r.docs == NULL ||
	    r.out == NULL || types == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	if ((rc = fhir_scan(&r, types)))
		goto out;
	/* Who first, then what refers to them: the order of fhir_known. */
	for (size_t t = 0; t < ZK_ARRAY_SIZE(fhir_known); t++) {
		json_array_foreach(r.entry, i, e)
		{
			const json_t *res = json_object_get(e, "resource");
			const char *url = fhir_s(e, "fullUrl");

			if (types[i] != t)
				continue;
			if ((rc = fhir_walk(&r, i, e, 0)) ||
			    (rc = fhir_keys(&r, i, res, t)))
				goto out;
			switch (t) {
			case 0:
				rc = fhir_read_patient(&r, i, res);
				break;
			case 1:
				rc = fhir_read_related(&r, i, res, url);
				break;
			case 2:
				rc = fhir_read_doc(&r, i, res, url);
				break;
			case 3:
				rc = fhir_read_consent(&r, i, res);
				break;
			default:
				rc = fhir_read_provenance(&r, i, res);
			}
			if (rc != 0)
				goto out;
		}
	}
	rc = fhir_group(&r);
	if (rc == 0)
		rc = fhir_read_origin(&r, bundle);
out:
	free(types);
	json_decref(r.urls);
	json_decref(r.reps);
	json_decref(r.docs);
	if (rc == 0)
		*assembly = r.out;
	else {
		json_decref(r.out);
		if (rc == ZK_ENOMEM)
			zk_fail(cause, rc, "out of memory reading the Bundle");
	}
	return rc;
}
