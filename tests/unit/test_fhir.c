/*
 * test_fhir.c: the portable copy as a FHIR R4 Bundle (POR-1) and reading
 * a transaction Bundle back (POR-2), from tests/fixtures/assembly.json.
 * Every Bundle made is checked against the official HL7 R4 JSON schema by
 * tests/fhir/validate.js (node), and the validator itself is shown to
 * refuse an invalid Bundle.
 */
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "export/export.h"
#include "support/support.h"

static json_t *
fixture(void)
{
	json_error_t err;
	json_t *a = json_load_file(
	    ZK_SOURCE_DIR "/tests/fixtures/assembly.json", 0, &err);

	if (a == NULL)
		fail_msg("tests/fixtures/assembly.json: %s", err.text);
	return a;
}

/* Runs validate.js on j written to a file; returns its exit status. */
static int
validate(const json_t *j, const char *name)
{
	static const char mod[] =
	    ZK_SOURCE_DIR "/tests/fhir/node_modules/@asymmetrik/"
			  "fhir-json-schema-validator/fhir.schema.json";
	char path[600];
	struct stat st;
	int status;
	pid_t pid;

	if (stat(mod, &st) != 0)
		fail_msg("tests/fhir/node_modules is missing: run "
			 "scripts/install-deps.sh");
	snprintf(path, sizeof path, "%s/%s", test_tmpdir(), name);
	assert_int_equal(json_dump_file(j, path, JSON_INDENT(1)), 0);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		execlp("node", "node", ZK_SOURCE_DIR "/tests/fhir/validate.js",
		       path, (char *)NULL);
		_exit(127);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		fail_msg("node did not run: run scripts/install-deps.sh");
	return WEXITSTATUS(status);
}

static json_t *
make(const json_t *a, const char *type)
{
	char *cause = NULL;
	json_t *b = NULL;
	int rc = fhir_bundle(a, type, &b, &cause);

	if (rc != 0)
		fail_msg("fhir_bundle: %s", cause ? cause : zk_strerror(rc));
	return b;
}

/* The nth resource of type in bundle, or NULL; *count counts them all. */
static json_t *
res_of(json_t *b, const char *type, size_t nth, size_t *count)
{
	json_t *e, *found = NULL;
	size_t i, n = 0;

	json_array_foreach(json_object_get(b, "entry"), i, e)
	{
		json_t *r = json_object_get(e, "resource");

		if (strcmp(
			json_string_value(json_object_get(r, "resourceType")),
			type) == 0 &&
		    n++ == nth)
			found = r;
	}
	if (count != NULL)
		*count = n;
	return found;
}

static const char *
str_at(const json_t *j, const char *path)
{
	json_t *v = (json_t *)j;
	char key[64];

	/* "a.b.0.c": keys, and array indexes as numbers */
	while (*path != '\0' && v != NULL) {
		size_t n = strcspn(path, ".");

		snprintf(key, sizeof key, "%.*s", (int)n, path);
		v = json_is_array(v) ? json_array_get(v, strtoul(key, NULL, 10))
				     : json_object_get(v, key);
		path += n + (path[n] == '.');
	}
	return json_string_value(v);
}

/* The fullUrl of the entry holding res. */
static const char *
url_of(json_t *b, const json_t *res)
{
	json_t *e;
	size_t i;

	json_array_foreach(json_object_get(b, "entry"), i, e)
	{
		if (json_object_get(e, "resource") == res)
			return json_string_value(json_object_get(e, "fullUrl"));
	}
	return NULL;
}

static bool
has_tag(const json_t *res, const char *code)
{
	json_t *t;
	size_t i;

	json_array_foreach(json_object_get(json_object_get(res, "meta"), "tag"),
			   i, t)
	{
		if (strcmp(json_string_value(json_object_get(t, "system")),
			   "urn:zorgkluis:por") == 0 &&
		    strcmp(json_string_value(json_object_get(t, "code")),
			   code) == 0)
			return true;
	}
	return false;
}

/* The validator refuses what is not R4: else its "valid" means nothing. */
static void
test_fhir_validator(void **state)
{
	json_t *bad =
	    json_pack("{s:s, s:s, s:[{s:s, s:{s:s, s:i}}]}", "resourceType",
		      "Bundle", "type", "collection", "entry", "fullUrl",
		      "urn:uuid:b2b1d0c4-2f6e-4a55-9e3b-7d8c1f0a9e21",
		      "resource", "resourceType", "Patient", "birthDate", 12);
	json_t *unknown = json_pack("{s:s, s:s}", "resourceType", "Patient",
				    "favouriteColour", "blue");
	json_t *good = json_pack("{s:s, s:s}", "resourceType", "Patient",
				 "birthDate", "2009-04-30");

	(void)state;
	ZK_RULE("POR-1");
	assert_int_equal(validate(bad, "bad.json"), 1);
	assert_int_equal(validate(unknown, "unknown.json"), 1);
	assert_int_equal(validate(good, "good.json"), 0);
	json_decref(bad);
	json_decref(unknown);
	json_decref(good);
}

/* POR-1: the copy as an R4 collection, every resource valid. */
static void
test_fhir_collection(void **state)
{
	json_t *a = fixture(), *b, *note, *p, *rp, *c, *orig, *corr, *prov, *ae;
	size_t n;
	char *dump;

	(void)state;
	ZK_RULE("POR-1");
	ZK_RULE("CAT-4");
	ZK_RULE("COR-2");
	ZK_RULE("LOG-8");
	/* CAT-4: a work note handed in by mistake still stays out. */
	note =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:{s:s, s:s}}", "id",
		      "9b9e0a11-0000-4000-8000-0000000000ee", "category",
		      "work_note", "author_name", "Anna de Vries", "created_at",
		      "2026-11-25T08:00:00Z", "status", "active", "legal_basis",
		      "contract", "provided_by_subject", 0, "content", "kind",
		      "note", "text", "GEHEIME WERKAANTEKENING");
	json_array_append_new(json_object_get(a, "categories"),
			      json_pack("{s:s, s:[o]}", "category", "work_note",
					"entries", note));
	b = make(a, "collection");
	assert_int_equal(validate(b, "collection.json"), 0);
	assert_string_equal(str_at(b, "type"), "collection");
	assert_string_equal(str_at(b, "timestamp"), "2026-12-02T10:15:00Z");
	assert_non_null(str_at(b, "identifier.value"));

	p = res_of(b, "Patient", 0, &n);
	assert_int_equal(n, 1);
	assert_string_equal(str_at(p, "identifier.0.system"),
			    "http://fhir.nl/fhir/NamingSystem/bsn");
	assert_string_equal(str_at(p, "identifier.0.value"), "123456782");
	assert_string_equal(str_at(p, "identifier.1.system"),
			    "urn:zorgkluis:subject");
	assert_string_equal(str_at(p, "name.0.family"), "Çelik");
	assert_string_equal(str_at(p, "name.0.given.0"), "Anaïs");
	assert_string_equal(str_at(p, "birthDate"), "2009-04-30");
	assert_string_equal(str_at(p, "address.0.city"), "Zeist");

	rp = res_of(b, "RelatedPerson", 0, &n);
	assert_int_equal(n, 1);
	assert_string_equal(str_at(rp, "relationship.0.coding.0.code"),
			    "GUARD");
	assert_string_equal(str_at(rp, "relationship.0.coding.1.code"),
			    "curator");
	assert_string_equal(str_at(rp, "patient.reference"), url_of(b, p));

	c = res_of(b, "Consent", 0, &n);
	assert_int_equal(n, 1);
	assert_string_equal(str_at(c, "scope.coding.0.code"),
			    "patient-privacy");
	assert_string_equal(str_at(c, "status"), "active");
	assert_string_equal(str_at(c, "performer.0.reference"), url_of(b, rp));
	assert_string_equal(str_at(c, "provision.type"), "permit");
	assert_string_equal(str_at(c, "provision.purpose.0.code"), "research");
	assert_string_equal(str_at(c, "provision.class.0.code"), "care");

	/* COR-2: the original stays, superseded, the correction replaces it. */
	res_of(b, "DocumentReference", 0, &n);
	assert_int_equal(n, 3);
	orig = res_of(b, "DocumentReference", 0, NULL);
	corr = res_of(b, "DocumentReference", 2, NULL);
	assert_string_equal(str_at(orig, "status"), "superseded");
	assert_string_equal(str_at(corr, "status"), "current");
	assert_string_equal(str_at(corr, "relatesTo.0.code"), "replaces");
	assert_string_equal(str_at(corr, "relatesTo.0.target.reference"),
			    url_of(b, orig));
	prov = res_of(b, "Provenance", 0, &n);
	assert_int_equal(n, 1);
	assert_string_equal(str_at(prov, "target.0.reference"),
			    url_of(b, corr));
	assert_string_equal(str_at(prov, "entity.0.role"), "revision");
	assert_string_equal(str_at(prov, "entity.0.what.reference"),
			    url_of(b, orig));
	assert_string_equal(str_at(prov, "reason.0.text"),
			    "verkeerde dosis genoteerd");
	assert_string_equal(str_at(prov, "recorded"), "2026-11-24T08:00:00Z");

	/* POR-1: the scope is marked. */
	assert_true(has_tag(p, "provided-by-subject"));
	assert_true(has_tag(res_of(b, "DocumentReference", 1, NULL),
			    "provided-by-subject"));
	assert_true(has_tag(orig, "contract"));
	assert_false(has_tag(orig, "provided-by-subject"));

	/* LOG-8: each line of the log, in the BALP shape. */
	ae = res_of(b, "AuditEvent", 0, &n);
	assert_int_equal(n, json_array_size(json_object_get(a, "log")));
	assert_string_equal(str_at(ae, "type.code"), "110110");
	assert_string_equal(str_at(ae, "action"), "R");
	assert_string_equal(str_at(ae, "outcome"), "0");
	assert_string_equal(str_at(ae, "recorded"), "2026-11-23T09:40:00Z");
	assert_string_equal(str_at(ae, "agent.0.who.display"), "Anna de Vries");
	assert_string_equal(str_at(ae, "source.observer.display"),
			    "WoondroomZorg");
	assert_string_equal(str_at(ae, "entity.0.what.reference"),
			    url_of(b, p));
	assert_string_equal(str_at(ae, "entity.0.role.code"), "1");

	/* CAT-4: nothing of the work note anywhere. */
	dump = json_dumps(b, 0);
	assert_null(strstr(dump, "work_note"));
	assert_null(strstr(dump, "9b9e0a11-0000-4000-8000-0000000000ee"));
	free(dump);
	json_decref(b);
	json_decref(a);
}

/* POR-2: a transaction of POSTs, references between urn:uuid fullUrls. */
static void
test_fhir_transaction(void **state)
{
	json_t *a = fixture(), *b, *e, *urls = json_object();
	size_t i, n;
	char *dump;
	const char *p;

	(void)state;
	ZK_RULE("POR-2");
	b = make(a, "transaction");
	assert_int_equal(validate(b, "transaction.json"), 0);
	assert_string_equal(str_at(b, "type"), "transaction");
	json_array_foreach(json_object_get(b, "entry"), i, e)
	{
		assert_string_equal(str_at(e, "request.method"), "POST");
		assert_string_equal(str_at(e, "request.url"),
				    str_at(e, "resource.resourceType"));
		assert_int_equal(strncmp(str_at(e, "fullUrl"), "urn:uuid:", 9),
				 0);
		assert_null(
		    json_object_get(json_object_get(e, "resource"), "id"));
		json_object_set_new(urls, str_at(e, "fullUrl"), json_true());
	}
	/* The log of this controller is not posted to another. */
	res_of(b, "AuditEvent", 0, &n);
	assert_int_equal(n, 0);
	res_of(b, "Provenance", 0, &n);
	assert_int_equal(n, 1);
	/* Each reference is to an entry of the Bundle. */
	dump = json_dumps(b, JSON_COMPACT);
	for (p = dump; (p = strstr(p, "\"reference\":\"")) != NULL;) {
		char url[128];
		size_t len;

		p += strlen("\"reference\":\"");
		len = strcspn(p, "\"");
		snprintf(url, sizeof url, "%.*s", (int)len, p);
		assert_non_null(json_object_get(urls, url));
	}
	free(dump);
	json_decref(urls);
	json_decref(b);
	json_decref(a);
}

/* The entries of the nth category of an assembly. */
static json_t *
str_entries(json_t *a, size_t nth)
{
	return json_object_get(
	    json_array_get(json_object_get(a, "categories"), nth), "entries");
}

/* POR-2: what fhir_bundle() writes, fhir_read_transaction() reads back. */
static void
test_fhir_round_trip(void **state)
{
	json_t *a = fixture(), *b, *back = NULL, *id, *g, *e, *want, *w;
	char *cause = NULL;
	size_t i, j, k = 0;

	(void)state;
	ZK_RULE("POR-2");
	ZK_RULE("COR-2");
	/* Content with more than kind and text travels as JSON beside it. */
	json_object_set_new(
	    json_object_get(json_array_get(str_entries(a, 1), 0), "content"),
	    "phone", json_string("06-12345678"));
	b = make(a, "transaction");
	assert_int_equal(validate(b, "round.json"), 0);
	assert_int_equal(fhir_read_transaction(b, &back, &cause), 0);
	assert_null(cause);
	id = json_object_get(json_object_get(a, "subject"), "identity");
	assert_true(json_equal(
	    json_object_get(json_object_get(back, "subject"), "identity"), id));
	/* The entries, category by category, in order. */
	want = json_array();
	json_array_foreach(json_object_get(a, "categories"), i, g)
	{
		json_array_foreach(json_object_get(g, "entries"), j, e)
		{
			json_array_append(want, e);
		}
	}
	json_array_foreach(json_object_get(back, "categories"), i, g)
	{
		json_array_foreach(json_object_get(g, "entries"), j, e)
		{
			const char *keys[] = {"category", "created_at",
					      "author_name"};

			w = json_array_get(want, k++);
			assert_non_null(w);
			for (size_t x = 0; x < 3; x++)
				assert_string_equal(str_at(e, keys[x]),
						    str_at(w, keys[x]));
			assert_true(json_equal(json_object_get(e, "content"),
					       json_object_get(w, "content")));
			assert_string_equal(str_at(e, "status"),
					    str_at(w, "status"));
		}
	}
	assert_int_equal(k, json_array_size(want));
	/* The correction knows its original and why. */
	e = json_array_get(
	    json_object_get(
		json_array_get(json_object_get(back, "categories"), 0),
		"entries"),
	    1);
	assert_string_equal(str_at(e, "reason"), "verkeerde dosis genoteerd");
	assert_string_equal(str_at(e, "corrects"),
			    "urn:uuid:9b9e0a11-0000-4000-8000-000000000001");
	assert_string_equal(str_at(back, "representatives.0.kind"), "curator");
	assert_string_equal(str_at(back, "representatives.0.name"),
			    "Joost Vrée");
	assert_int_equal(
	    json_array_size(json_object_get(back, "representatives")), 1);
	assert_string_equal(str_at(back, "consents.0.purpose"), "research");
	assert_string_equal(str_at(back, "consents.0.categories.0"), "care");
	assert_string_equal(str_at(back, "consents.0.form"), "written");
	assert_string_equal(str_at(back, "consents.0.evidence"),
			    "toestemmingsformulier 2026-01-05");
	assert_int_equal(
	    json_integer_value(json_object_get(
		json_array_get(json_object_get(back, "consents"), 0),
		"given_by")),
	    0);
	json_decref(want);
	json_decref(back);
	json_decref(b);
	json_decref(a);
}

/* A base64 text of n bytes of c. */
static json_t *
b64_of(const char *s, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc(n / 3 * 4 + 8), *o = out;
	json_t *j;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned char)s[i] << 16;

		v |= i + 1 < n ? (unsigned char)s[i + 1] << 8 : 0;
		v |= i + 2 < n ? (unsigned char)s[i + 2] : 0;
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = i + 1 < n ? tab[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? tab[v & 63] : '=';
	}
	*o = '\0';
	j = json_string(out);
	free(out);
	return j;
}

/* POR-2: a Bundle that cannot be placed is refused, naming the entry. */
static void
test_fhir_hostile(void **state)
{
	enum {
		NOT_OBJECT,
		NOT_BUNDLE,
		COLLECTION,
		NO_PATIENT,
		TWO_PATIENTS,
		UNKNOWN_TYPE,
		AUDIT,
		BAD_BIRTH,
		BAD_DATE,
		NOT_UTF8,
		TOO_LONG,
		NOWHERE,
		EXTRA_ELEMENT,
		WORK_NOTE,
		BAD_BASE64,
		BAD_BSN,
		BAD_METHOD,
		TOO_MANY,
		NCASES
	};
	static const struct {
		int rc;
		const char *cause;
	} want[NCASES] = {
	    [NOT_OBJECT] = {ZK_EINVAL, "not a FHIR Bundle"},
	    [NOT_BUNDLE] = {ZK_EINVAL, "not a FHIR Bundle"},
	    [COLLECTION] = {ZK_EINVAL, "not a transaction"},
	    [NO_PATIENT] = {ZK_EINVAL, "0 Patients"},
	    [TWO_PATIENTS] = {ZK_EINVAL, "2 Patients"},
	    [UNKNOWN_TYPE] = {ZK_EINVAL, "Bundle.entry[1]: a Observation"},
	    [AUDIT] = {ZK_EINVAL, "Bundle.entry[1]: an AuditEvent"},
	    [BAD_BIRTH] = {ZK_EINVAL, "Bundle.entry[0]: birthDate"},
	    [BAD_DATE] = {ZK_EINVAL, "Bundle.entry[3]: date"},
	    [NOT_UTF8] = {ZK_EINVAL, "Bundle.entry[3]: an attachment is not"},
	    [TOO_LONG] = {ZK_ETOOBIG, "Bundle.entry[3]"},
	    [NOWHERE] = {ZK_EINVAL, "Bundle.entry[3]: the reference"},
	    [EXTRA_ELEMENT] = {ZK_EINVAL, "Bundle.entry[0]: Patient.telecom"},
	    [WORK_NOTE] = {ZK_EINVAL, "Bundle.entry[3]: a work note"},
	    [BAD_BASE64] = {ZK_EINVAL, "Bundle.entry[3]: an attachment is no"},
	    [BAD_BSN] = {ZK_EINVAL, "Bundle.entry[0]: the BSN"},
	    [BAD_METHOD] = {ZK_EINVAL, "Bundle.entry[2]: a request"},
	    [TOO_MANY] = {ZK_ETOOBIG, "entries"},
	};
	json_t *a = fixture(), *good = make(a, "transaction");

	(void)state;
	ZK_RULE("POR-2");
	ZK_RULE("CAT-4");
	/* The order is Patient, RelatedPerson, Consent, DocumentReference. */
	assert_string_equal(str_at(good, "entry.3.resource.resourceType"),
			    "DocumentReference");
	for (int t = 0; t < NCASES; t++) {
		json_t *b = json_deep_copy(good), *out = NULL;
		json_t *entry = json_object_get(b, "entry");
		json_t *p =
		    json_object_get(json_array_get(entry, 0), "resource");
		json_t *d =
		    json_object_get(json_array_get(entry, 3), "resource");
		json_t *att = json_object_get(
		    json_array_get(json_object_get(d, "content"), 0),
		    "attachment");
		char *cause = NULL, *big;
		int rc;

		switch (t) {
		case NOT_OBJECT:
			json_decref(b);
			b = json_array();
			break;
		case NOT_BUNDLE:
			json_object_set_new(b, "resourceType",
					    json_string("Patient"));
			break;
		case COLLECTION:
			json_object_set_new(b, "type",
					    json_string("collection"));
			break;
		case NO_PATIENT:
			json_object_set_new(p, "resourceType",
					    json_string("Provenance"));
			json_object_set_new(
			    json_object_get(json_array_get(entry, 0),
					    "request"),
			    "url", json_string("Provenance"));
			break;
		case TWO_PATIENTS:
			json_array_append_new(
			    entry,
			    json_pack("{s:s, s:O, s:{s:s, s:s}}", "fullUrl",
				      "urn:uuid:x", "resource", p, "request",
				      "method", "POST", "url", "Patient"));
			break;
		case UNKNOWN_TYPE:
		case AUDIT: {
			const char *type =
			    t == AUDIT ? "AuditEvent" : "Observation";
			json_t *r = json_object_get(json_array_get(entry, 1),
						    "resource");

			json_object_set_new(r, "resourceType",
					    json_string(type));
			json_object_set_new(
			    json_object_get(json_array_get(entry, 1),
					    "request"),
			    "url", json_string(type));
			break;
		}
		case BAD_BIRTH:
			json_object_set_new(p, "birthDate",
					    json_string("2009-02-30"));
			break;
		case BAD_DATE:
			json_object_set_new(d, "date", json_string("gisteren"));
			break;
		case NOT_UTF8:
			json_object_set_new(att, "data", b64_of("\xff\xfe", 2));
			break;
		case TOO_LONG:
			big = malloc(1100000);
			memset(big, 'a', 1100000);
			json_object_set_new(att, "data", b64_of(big, 1100000));
			free(big);
			break;
		case NOWHERE:
			json_object_set_new(
			    json_object_get(d, "subject"), "reference",
			    json_string("urn:uuid:00000000-0000-4000-8000-"
					"000000000000"));
			break;
		case EXTRA_ELEMENT:
			json_object_set_new(p, "telecom",
					    json_pack("[{s:s, s:s}]", "system",
						      "phone", "value",
						      "06-12345678"));
			break;
		case WORK_NOTE:
			json_object_set_new(
			    json_array_get(
				json_object_get(
				    json_array_get(
					json_object_get(d, "category"), 0),
				    "coding"),
				0),
			    "code", json_string("work_note"));
			break;
		case BAD_BASE64:
			json_object_set_new(att, "data",
					    json_string("!!niet base64!!"));
			break;
		case BAD_BSN:
			json_object_set_new(
			    json_array_get(json_object_get(p, "identifier"), 0),
			    "value", json_string("123456789"));
			break;
		case BAD_METHOD:
			json_object_set_new(
			    json_object_get(json_array_get(entry, 2),
					    "request"),
			    "method", json_string("DELETE"));
			break;
		case TOO_MANY:
			while (json_array_size(entry) <= 10000)
				json_array_append(entry,
						  json_array_get(entry, 3));
			break;
		}
		rc = fhir_read_transaction(b, &out, &cause);
		if (rc != want[t].rc || cause == NULL ||
		    strstr(cause, want[t].cause) == NULL)
			fail_msg("case %d: rc %d, cause \"%s\", want %d \"%s\"",
				 t, rc, cause ? cause : "", want[t].rc,
				 want[t].cause);
		assert_null(out);
		free(cause);
		json_decref(b);
	}
	json_decref(good);
	json_decref(a);
}

/* The writer refuses what it cannot write, too. */
static void
test_fhir_bad_assembly(void **state)
{
	static const char *const paths[][2] = {
	    {"generated_at", "gisteren"},
	    {"subject.identity.birth_date", "2009-02-30"},
	    {"representatives.0.kind", "buurman"},
	    {"consents.0.given_by", "7c1e2f30-0000-4000-8000-000000000000"},
	    {"categories.0.entries.0.created_at", "2026-11-23"},
	    {"log.0.action", "gegoocheld"},
	};
	json_t *a = fixture(), *out = NULL;
	char *cause = NULL;

	(void)state;
	ZK_RULE("POR-1");
	assert_int_equal(fhir_bundle(a, "batch", &out, &cause), ZK_EINVAL);
	assert_null(out);
	free(cause);
	assert_int_equal(
	    fhir_bundle(json_array_get(json_object_get(a, "log"), 0),
			"collection", &out, NULL),
	    ZK_EINVAL);
	for (size_t i = 0; i < ZK_ARRAY_SIZE(paths); i++) {
		json_t *b = json_deep_copy(a), *v = b, *parent = NULL;
		const char *p = paths[i][0];
		char key[64];

		while (*p != '\0') {
			size_t n = strcspn(p, ".");

			snprintf(key, sizeof key, "%.*s", (int)n, p);
			parent = v;
			v = json_is_array(v)
				? json_array_get(v, strtoul(key, NULL, 10))
				: json_object_get(v, key);
			p += n + (p[n] == '.');
		}
		json_object_set_new(parent, key, json_string(paths[i][1]));
		cause = NULL;
		if (fhir_bundle(b, "collection", &out, &cause) != ZK_EINVAL ||
		    cause == NULL)
			fail_msg("%s = %s was not refused", paths[i][0],
				 paths[i][1]);
		assert_null(out);
		free(cause);
		json_decref(b);
	}
	json_decref(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fhir_validator),
	    cmocka_unit_test(test_fhir_collection),
	    cmocka_unit_test(test_fhir_transaction),
	    cmocka_unit_test(test_fhir_round_trip),
	    cmocka_unit_test(test_fhir_hostile),
	    cmocka_unit_test(test_fhir_bad_assembly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
