/*
 * test_malformed.c: hundreds of malformed requests across the endpoints.
 * Each gets a 4xx with the error shape {"error":{"code","message","rule"}}
 * — never a 5xx, a crash or a partial write — and the log stays intact
 * (DESIGN invariant 6).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "api.h"
#include "audit/audit.h"
#include "support/support.h"

#include <curl/curl.h>

static char client[ZK_UUID_LEN], entry[ZK_UUID_LEN];
static struct api_session anna, admin, bearer, none, forged;
static int ncases;

/* Sends one request and checks it is refused cleanly, with want if set. */
static void
expect(const char *method, const char *path, const char *body,
       const char *ctype, const struct api_session *s, int csrf, long want)
{
	struct api_resp r;

	api_req(method, path, body, ctype, s, csrf, &r);
	if (r.status < 400 || r.status > 499 || (want && r.status != want))
		fail_msg("%s %s %.80s: got %ld %s, want %ld", method, path,
			 body ? body : "", r.status, r.raw ? r.raw : "", want);
	api_assert_error(&r, r.status, NULL);
	api_resp_free(&r);
	ncases++;
}

struct body_endpoint {
	const char *method;
	const char *path; /* %c: the client, %e: the entry */
	const struct api_session *who;
	const char *valid;     /* a valid body, for mutations */
	const char *fields[8]; /* its fields */
};

static void
expand(const char *pattern, char *out, size_t n)
{
	const char *p = pattern;
	size_t o = 0;

	for (; *p != '\0' && o + 40 < n; p++) {
		if (p[0] == '%' && (p[1] == 'c' || p[1] == 'e')) {
			const char *id = p[1] == 'c' ? client : entry;
			memcpy(out + o, id, strlen(id));
			o += strlen(id);
			p++;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

/* The valid body with one field replaced by value (NULL: removed). */
static char *
mutate(const char *valid, const char *field, const char *value)
{
	json_t *o = json_loads(valid, 0, NULL), *v;
	char *out;

	if (value == NULL) {
		json_object_del(o, field);
	} else {
		v = json_loads(value, JSON_DECODE_ANY, NULL);
		json_object_set_new(o, field, v);
	}
	out = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return out;
}

static void
setup_all(void)
{
	char code[8];

	api_start(0, 0);
	api_user(env.tenant_a, "anna", "professional", 1);
	api_user(env.tenant_a, "admin", "administrator", 1);
	api_client(env.tenant_a, "Jansen", client);
	api_relation(env.tenant_a, client, "anna", "responsible");
	api_login_full(env.tenant_a, "a", "anna", &anna);
	api_totp(env.tenant_a, "anna", code);
	api_login("a", "anna", code, 1, &bearer);
	api_login_full(env.tenant_a, "a", "admin", &admin);
	memset(&none, 0, sizeof none);
	forged = anna;
	memset(forged.cookie, 'x', 43);
	{
		struct api_resp r;
		char path[128];

		snprintf(path, sizeof path, "/api/v1/clients/%s/entries",
			 client);
		api_req("POST", path,
			"{\"category\":\"care\",\"purpose\":\"care_delivery\","
			"\"legal_basis\":\"contract\",\"content\":{\"kind\":"
			"\"x\",\"text\":\"y\"}}",
			NULL, &anna, 1, &r);
		assert_int_equal(r.status, 201);
		zk_strlcpy(entry,
			   json_string_value(json_object_get(r.json, "id")),
			   sizeof entry);
		api_resp_free(&r);
	}
}

static void
test_malformed_bodies(void **state)
{
	static const char *const garbage[] = {
	    "",
	    "{",
	    "}",
	    "[]",
	    "[1,2,3]",
	    "\"text\"",
	    "null",
	    "123",
	    "true",
	    "{\"a\":1,\"a\":2}",
	    "{\"a\":}",
	    "{'a':1}",
	    "{\"a\":1} trailing",
	    "{\"a\":\"\\u0000\"}",
	    "{\"a\":\"\xff\xfe\"}",
	    "{\"a\":\"\xc0\xaf\"}",
	    "{\"a\":\"\\ud800\"}",
	    "{\"a\":1e999999}",
	    "\xef\xbb\xbf{}",
	};
	const struct body_endpoint eps[] = {
	    {"POST",
	     "/api/v1/login",
	     &none,
	     "{\"tenant\":\"a\",\"username\":\"anna\",\"password\":\"x\"}",
	     {"username", "password", NULL}},
	    {"POST",
	     "/api/v1/2fa/verify",
	     &anna,
	     "{\"code\":\"123456\"}",
	     {"code", NULL}},
	    {"POST",
	     "/api/v1/password",
	     &anna,
	     "{\"current\":\"niet-het-wachtwoord\","
	     "\"new\":\"een-ander-wachtwoord\"}",
	     {"current", "new", NULL}},
	    {"POST",
	     "/api/v1/clients",
	     &anna,
	     "{\"identity\":{\"family_name\":\"X\"}}",
	     {"identity", NULL}},
	    {"PATCH",
	     "/api/v1/clients/%c",
	     &anna,
	     "{\"identity\":{\"city\":\"Y\"}}",
	     {"identity", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/entries",
	     &anna,
	     "{\"category\":\"care\",\"purpose\":\"care_delivery\","
	     "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"x\","
	     "\"text\":\"y\"}}",
	     {"category", "purpose", "legal_basis", "content", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/relations",
	     &anna,
	     "{\"username\":\"admin\",\"relation\":\"co_treating\","
	     "\"valid_from\":\"2026-01-01\"}",
	     {"username", "relation", "valid_from", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/break-glass",
	     &anna,
	     "{\"reason\":\"een reden van genoeg tekens\"}",
	     {"reason", NULL}},
	    {"POST",
	     "/api/v1/entries/%e/corrections",
	     &anna,
	     "{\"content\":{\"kind\":\"x\",\"text\":\"z\"}}",
	     {"content", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/consents",
	     &anna,
	     "{\"form\":\"written\",\"evidence\":\"scan "
	     "9\",\"explicit\":true,\"purpose\":"
	     "\"care_delivery\",\"categories\":[\"care\"],"
	     "\"valid_from\":\"2026-01-01\"}",
	     {"form", "evidence", "explicit", "purpose", "categories",
	      "valid_from", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/representatives",
	     &anna,
	     "{\"kind\":\"child\",\"name\":\"K.\"}",
	     {"kind", "name", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/capacity",
	     &anna,
	     "{\"able\":false,\"assessed_on\":\"2026-01-01\",\"matter\":"
	     "\"alles\"}",
	     {"able", "assessed_on", "matter", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/objections",
	     &anna,
	     "{\"purpose\":\"business_operations\"}",
	     {"purpose", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/information",
	     &anna,
	     "{\"version\":\"2018.1\",\"informed_on\":\"2026-06-03\","
	     "\"how\":\"letter\"}",
	     {"version", "informed_on", "how", NULL}},
	    {"POST",
	     "/api/v1/clients/%c/information-exemptions",
	     &anna,
	     "{\"ground\":\"impossible\",\"reason\":\"adres onbekend\"}",
	     {"ground", "reason", NULL}},
	    {"POST",
	     "/api/v1/privacy-notices",
	     &admin,
	     "{\"version\":\"2027.1\",\"published_on\":\"2027-01-01\","
	     "\"summary\":\"Nieuwe versie\"}",
	     {"version", "published_on", "summary", NULL}},
	    {"POST",
	     "/api/v1/users",
	     &admin,
	     /* No password: owners set theirs (ACC-3, test_accounts.c). */
	     "{\"username\":\"nieuw\",\"roles\":[\"office\"],"
	     "\"confidentiality\":\"law\"}",
	     {"username", "roles", "confidentiality", NULL}},
	};
	static const char *const wrong[] = {"5",  "true", "null",
					    "[]", "{}",	  "\"\""};
	char path[256], *b;
	int entries = api_count("SELECT count(*) FROM entry");
	int users = api_count("SELECT count(*) FROM staff_user");
	int relations = api_count("SELECT count(*) FROM care_relation");
	int consents = api_count("SELECT count(*) FROM consent");
	int reps = api_count("SELECT count(*) FROM representative");
	int objections = api_count("SELECT count(*) FROM objection");
	int informed = api_count("SELECT count(*) FROM information") +
		       api_count("SELECT count(*) FROM information_exemption");
	int notices = api_count("SELECT count(*) FROM privacy_notice");

	(void)state;
	for (size_t e = 0; e < sizeof eps / sizeof eps[0]; e++) {
		const struct body_endpoint *ep = &eps[e];

		expand(ep->path, path, sizeof path);
		for (size_t g = 0; g < sizeof garbage / sizeof garbage[0]; g++)
			expect(ep->method, path, garbage[g], NULL, ep->who, 1,
			       0);
		/* Wrong media type, unknown field, oversized field. */
		expect(ep->method, path, ep->valid, "text/plain", ep->who, 1,
		       415);
		expect(ep->method, path, ep->valid,
		       "application/x-www-form-urlencoded", ep->who, 1, 415);
		expect(ep->method, path, ep->valid, "application/json garbage",
		       ep->who, 1, 415);
		expect(ep->method, path, ep->valid,
		       "application/json; charset=latin1", ep->who, 1, 415);
		expect(ep->method, path, ep->valid, "application/jsonx",
		       ep->who, 1, 415);
		b = mutate(ep->valid, "extra", "1");
		expect(ep->method, path, b, NULL, ep->who, 1, 400);
		free(b);
		for (int f = 0; ep->fields[f] != NULL; f++) {
			b = mutate(ep->valid, ep->fields[f], NULL);
			expect(ep->method, path, b, NULL, ep->who, 1, 400);
			free(b);
			for (size_t w = 0; w < sizeof wrong / sizeof wrong[0];
			     w++) {
				/* {} is right for object fields. */
				if (strcmp(wrong[w], "{}") == 0 &&
				    (strcmp(ep->fields[f], "identity") == 0 ||
				     strcmp(ep->fields[f], "content") == 0))
					continue;
				if (strcmp(wrong[w], "[]") == 0 &&
				    strcmp(ep->fields[f], "roles") == 0)
					continue;
				/* true is right for the flags. */
				if (strcmp(wrong[w], "true") == 0 &&
				    (strcmp(ep->fields[f], "explicit") == 0 ||
				     strcmp(ep->fields[f], "able") == 0))
					continue;
				b = mutate(ep->valid, ep->fields[f], wrong[w]);
				expect(ep->method, path, b, NULL, ep->who, 1,
				       0);
				free(b);
			}
		}
	}
	/* Nothing was written by any of it. */
	assert_int_equal(api_count("SELECT count(*) FROM entry"), entries);
	assert_int_equal(api_count("SELECT count(*) FROM staff_user"), users);
	assert_int_equal(api_count("SELECT count(*) FROM care_relation"),
			 relations);
	assert_int_equal(api_count("SELECT count(*) FROM consent"), consents);
	assert_int_equal(api_count("SELECT count(*) FROM representative"),
			 reps);
	assert_int_equal(api_count("SELECT count(*) FROM objection"),
			 objections);
	assert_int_equal(
	    api_count("SELECT count(*) FROM information") +
		api_count("SELECT count(*) FROM information_exemption"),
	    informed);
	assert_int_equal(api_count("SELECT count(*) FROM privacy_notice"),
			 notices);
}

static void
test_malformed_values(void **state)
{
	char path[256], body[512], big[5000];
	char *huge;

	(void)state;
	ZK_RULE("REP-6");
	ZK_RULE("PUR-4");
	/* Text people read: not blank, no control characters, one line
	 * without spaces at either end where it is one line. */
	{
		static const char *const identities[] = {
		    "{\"identity\":{\"family_name\":\"   \"}}",
		    "{\"identity\":{\"family_name\":\"\\u00a0\\u200b\"}}",
		    "{\"identity\":{\"family_name\":\"Jansen \"}}",
		    "{\"identity\":{\"family_name\":\"Jan\\nsen\"}}",
		    "{\"identity\":{\"family_name\":\"Jan\\u0001sen\"}}",
		    "{\"identity\":{\"family_name\":\"X\",\"city\":\"\"}}",
		    "{\"identity\":{\"family_name\":\"\\u00ad\\u00ad\"}}",
		    "{\"identity\":{\"family_name\":\"Jan\\u2028sen\"}}",
		    /* No one is born in the future, or dies before birth. */
		    "{\"identity\":{\"family_name\":\"X\",\"birth_date\":"
		    "\"9999-12-31\"}}",
		    "{\"identity\":{\"family_name\":\"X\",\"birth_date\":"
		    "\"2000-01-01\",\"deceased_on\":\"1900-01-01\"}}",
		    "{\"identity\":{\"family_name\":\"X\",\"birth_date\":"
		    "\"2000-01-01\",\"deceased_on\":\"9999-12-31\"}}",
		};
		static const char *const users[] = {
		    "{\"username\":\"u1\",\"roles\":[\"office\",\"office\"],"
		    "\"confidentiality\":\"office\",\"password\":"
		    "\"abcdefghijkl\"}",
		    "{\"username\":\"u2\",\"roles\":[\"office\"],"
		    "\"confidentiality\":\"office\",\"password\":"
		    "\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}",
		    "{\"username\":\"u3\",\"roles\":[\"office\"],"
		    "\"confidentiality\":\"office\",\"password\":"
		    "\"abcdefghijkl\",\"display_name\":\" \"}",
		    "{\"username\":\"u4\",\"roles\":[\"office\"],"
		    "\"confidentiality\":\"office\",\"password\":"
		    "\"abcdefghijkl\",\"display_name\":\"a\\nb\"}",
		};
		int users_before = api_count("SELECT count(*) FROM staff_user");
		int subjects_before = api_count("SELECT count(*) FROM subject");

		for (size_t i = 0; i < sizeof identities / sizeof identities[0];
		     i++)
			expect("POST", "/api/v1/clients", identities[i], NULL,
			       &anna, 1, 400);
		for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
			expect("POST", "/api/v1/users", users[i], NULL, &admin,
			       1, 400);
		assert_int_equal(api_count("SELECT count(*) FROM staff_user"),
				 users_before);
		assert_int_equal(api_count("SELECT count(*) FROM subject"),
				 subjects_before);
		snprintf(path, sizeof path, "/api/v1/clients/%s/entries",
			 client);
		expect("POST", path,
		       "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		       "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		       "\" \",\"text\":\"y\"}}",
		       NULL, &anna, 1, 400);
		snprintf(path, sizeof path,
			 "/api/v1/clients/%s/representatives", client);
		expect("POST", path,
		       "{\"kind\":\"spouse_partner\",\"name\":"
		       "\"a\\u0001b\\nc\"}",
		       NULL, &anna, 1, 400);
		/* Who acts for a client is "subject" or an id (REP-6). */
		snprintf(path, sizeof path, "/api/v1/clients/%s/objections",
			 client);
		expect("POST", path,
		       "{\"purpose\":\"business_operations\",\"by\":"
		       "\"nobody\"}",
		       NULL, &anna, 1, 400);
		snprintf(path, sizeof path, "/api/v1/clients/%s/consents",
			 client);
		expect("POST", path,
		       "{\"given_by\":\"not-a-uuid\",\"form\":\"written\","
		       "\"evidence\":\"scan "
		       "9\",\"explicit\":true,\"purpose\":\"care_delivery\","
		       "\"categories\":[\"care\"],\"valid_from\":"
		       "\"2026-01-01\"}",
		       NULL, &anna, 1, 400);
		/* A field over its maximum is 413, as documented. */
		memset(big, 'a', 1001);
		big[1001] = '\0';
		snprintf(path, sizeof path, "/api/v1/clients/%s/break-glass",
			 client);
		huge = malloc(1100);
		snprintf(huge, 1100, "{\"reason\":\"%.1001s\"}", big);
		expect("POST", path, huge, NULL, &anna, 1, 413);
		free(huge);
	}
	/* Bad dates. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/relations", client);
	{
		static const char *const dates[] = {
		    "2026-02-30", "2026-13-01", "yesterday", "2026-1-1",
		    "01-01-2026", "2026-00-10", "",	     "2026-01-01T00"};

		for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
			snprintf(body, sizeof body,
				 "{\"username\":\"admin\",\"relation\":"
				 "\"co_treating\",\"valid_from\":\"%s\"}",
				 dates[i]);
			expect("POST", path, body, NULL, &anna, 1, 400);
		}
		expect("POST", path,
		       "{\"username\":\"admin\",\"relation\":\"co_treating\","
		       "\"valid_from\":\"2026-05-01\",\"valid_until\":"
		       "\"2026-04-01\"}",
		       NULL, &anna, 1, 400);
		expect("POST", path,
		       "{\"username\":\"admin\",\"relation\":\"friend\","
		       "\"valid_from\":\"2026-05-01\"}",
		       NULL, &anna, 1, 400);
		expect("POST", path,
		       "{\"username\":\"nobody\",\"relation\":\"co_treating\","
		       "\"valid_from\":\"2026-05-01\"}",
		       NULL, &anna, 1, 404);
	}
	/* Entry content the category does not declare (PUR-4). */
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	{
		static const char *const contents[] = {
		    "{\"kind\":\"x\",\"text\":\"y\",\"religie\":\"z\"}",
		    "{\"kind\":\"x\"}",
		    "{\"kind\":\"x\",\"text\":5}",
		    "{\"kind\":\"x\\ny\",\"text\":\"y\"}",
		    "{\"kind\":[],\"text\":\"y\"}",
		};
		for (size_t i = 0; i < sizeof contents / sizeof contents[0];
		     i++) {
			snprintf(body, sizeof body,
				 "{\"category\":\"care\",\"purpose\":"
				 "\"care_delivery\",\"legal_basis\":"
				 "\"contract\",\"content\":%s}",
				 contents[i]);
			expect("POST", path, body, NULL, &anna, 1, 400);
		}
		expect("POST", path,
		       "{\"category\":\"diary\",\"purpose\":\"care_delivery\","
		       "\"legal_basis\":\"contract\",\"content\":{}}",
		       NULL, &anna, 1, 400);
		expect("POST", path,
		       "{\"category\":\"care\",\"purpose\":\"marketing\","
		       "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		       "\"x\",\"text\":\"y\"}}",
		       NULL, &anna, 1, 403);
		expect("POST", path,
		       "{\"category\":\"care\",\"purpose\":\"care_delivery\","
		       "\"legal_basis\":\"public_task\",\"content\":{\"kind\":"
		       "\"x\",\"text\":\"y\"}}",
		       NULL, &anna, 1, 403);
		/* A field longer than its maximum. */
		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		huge = malloc(sizeof big + 200);
		snprintf(huge, sizeof big + 200,
			 "{\"category\":\"care\",\"purpose\":\"care_delivery\","
			 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
			 "\"%s\",\"text\":\"y\"}}",
			 big);
		expect("POST", path, huge, NULL, &anna, 1, 413);
		free(huge);
	}
	/* Identity fields (PUR-4) and a bad birth date. */
	expect("POST", "/api/v1/clients",
	       "{\"identity\":{\"family_name\":\"X\",\"hobby\":\"y\"}}", NULL,
	       &anna, 1, 400);
	expect("POST", "/api/v1/clients",
	       "{\"identity\":{\"family_name\":\"X\",\"birth_date\":"
	       "\"2001-02-29\"}}",
	       NULL, &anna, 1, 400);
	expect("POST", "/api/v1/clients", "{\"identity\":{}}", NULL, &anna, 1,
	       400);
	expect("POST", "/api/v1/clients",
	       "{\"identity\":{\"family_name\":\"X\"},\"kind\":\"employee\"}",
	       NULL, &anna, 1, 400);
	/* A body over the limit is refused before it is read. */
	huge = malloc(1100 * 1024);
	memset(huge, ' ', 1100 * 1024 - 1);
	huge[0] = '{';
	huge[1100 * 1024 - 2] = '}';
	huge[1100 * 1024 - 1] = '\0';
	expect("POST", "/api/v1/clients", huge, NULL, &anna, 1, 413);
	expect("POST", "/api/v1/login", huge, NULL, &none, 0, 413);
	/* Or read to its end and dropped, when its size was not announced. */
	expect("POST", "/api/v1/clients", huge, API_CHUNKED, &anna, 1, 413);
	expect("POST", "/api/v1/login", huge, API_CHUNKED, &none, 0, 413);
	free(huge);
	/* A chunked body within the limit is read as any other. */
	expect("POST", "/api/v1/clients",
	       "{\"identity\":{\"family_name\":\"X\",\"hobby\":\"y\"}}",
	       API_CHUNKED, &anna, 1, 400);
	/* JSON nested deeper than the parser allows. */
	huge = malloc(40001);
	for (int i = 0; i < 20000; i++) {
		huge[i] = '[';
		huge[20000 + i] = ']';
	}
	huge[40000] = '\0';
	expect("POST", "/api/v1/clients", huge, NULL, &anna, 1, 400);
	free(huge);
}

static void
test_malformed_paths_and_queries(void **state)
{
	static const char *const bad_ids[] = {
	    "not-a-uuid",
	    "12345",
	    "00000000-0000-0000-0000-00000000000g",
	    "%00",
	    "..",
	    "';DROP TABLE entry;--",
	    "0000000000000000000000000000000000000",
	};
	static const char *const id_paths[][2] = {
	    {"clients/", ""},		{"clients/", "/entries"},
	    {"clients/", "/relations"}, {"clients/", "/log"},
	    {"entries/", ""},
	};
	static const char *const queries[] = {
	    "/api/v1/clients?limit=abc",
	    "/api/v1/clients?limit=0",
	    "/api/v1/clients?limit=201",
	    "/api/v1/clients?limit=-1",
	    "/api/v1/clients?limit=",
	    "/api/v1/clients?q=",
	    "/api/v1/clients?after=",
	    "/api/v1/clients?limit",
	    "/api/v1/clients?after",
	    "/api/v1/clients?q",
	    "/api/v1/clients?limit=1&limit=2",
	    "/api/v1/clients?sort=name",
	    "/api/v1/clients?after=zzz",
	    "/api/v1/clients?after=00000000-0000-4000-8000-000000000000",
	    "/api/v1/health?x=1",
	    "/api/v1/session?debug=1",
	};
	char path[600], long_seg[400];

	(void)state;
	for (size_t p = 0; p < sizeof id_paths / sizeof id_paths[0]; p++) {
		for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0];
		     i++) {
			char escaped[128];
			CURL *c = curl_easy_init();
			char *e = curl_easy_escape(c, bad_ids[i], 0);

			zk_strlcpy(escaped,
				   strcmp(bad_ids[i], "%00") == 0 ? "%00" : e,
				   sizeof escaped);
			curl_free(e);
			curl_easy_cleanup(c);
			snprintf(path, sizeof path, "/api/v1/%s%s%s",
				 id_paths[p][0], escaped, id_paths[p][1]);
			expect("GET", path, NULL, NULL, &anna, 0, 0);
		}
		/* A well-formed id nobody has. */
		snprintf(path, sizeof path, "/api/v1/%s%s%s", id_paths[p][0],
			 "3f1c2b9e-2a55-4f7e-9d4b-0c8a7e6f5d41",
			 id_paths[p][1]);
		expect("GET", path, NULL, NULL, &anna, 0, 404);
	}
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		expect("GET", queries[q], NULL, NULL, &anna, 0, 400);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries?category=x",
		 client);
	expect("GET", path, NULL, NULL, &anna, 0, 400);
	/* A NUL byte cuts nothing short: not an id, a purpose or a search. */
	snprintf(path, sizeof path, "/api/v1/clients/%s%%00/entries", client);
	expect("GET", path, NULL, NULL, &anna, 0, 0);
	snprintf(path, sizeof path,
		 "/api/v1/clients/%s/entries?purpose=care_delivery%%00x",
		 client);
	expect("GET", path, NULL, NULL, &anna, 0, 400);
	expect("GET", "/api/v1/clients?q=a%00b", NULL, NULL, &anna, 0, 400);
	expect("GET", "/api/v1/clients?q=a%ffb", NULL, NULL, &anna, 0, 400);
	/* An error that quotes bad UTF-8 still names the error. */
	{
		struct api_resp r;

		api_req("GET", "/api/v1/clients?%FF=1", NULL, NULL, &anna, 0,
			&r);
		api_assert_error(&r, 400, NULL);
		assert_string_not_equal(
		    json_string_value(json_object_get(
			json_object_get(r.json, "error"), "code")),
		    "no_memory");
		api_resp_free(&r);
		ncases++;
		/* The unknown field's name is cut inside its last letter. */
		api_req("POST", "/api/v1/clients",
			"{\"identity\":{\"family_name\":\"A\"},\"aaaaaaaaaa"
			"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
			"\u00e9\":1}",
			NULL, &anna, 1, &r);
		api_assert_error(&r, 400, "unknown_field");
		api_resp_free(&r);
		ncases++;
	}
	snprintf(path, sizeof path,
		 "/api/v1/clients/%s/entries?category=care&category=bsn",
		 client);
	expect("GET", path, NULL, NULL, &anna, 0, 400);
	memset(long_seg, 'a', 300);
	long_seg[300] = '\0';
	snprintf(path, sizeof path, "/api/v1/clients/%s", long_seg);
	expect("GET", path, NULL, NULL, &anna, 0, 404);
	expect("GET", "/api/v1/clients//entries", NULL, NULL, &anna, 0, 404);
	expect("GET", "/api/v1/", NULL, NULL, &anna, 0, 404);
	expect("GET", "/api/v2/clients", NULL, NULL, &anna, 0, 404);
	/* Outside /api/ only the web application's own files exist. */
	expect("GET", "/index.htm", NULL, NULL, &anna, 0, 404);
	expect("GET", "/app.js", NULL, NULL, &anna, 0, 404);
	expect("POST", "/", "{}", NULL, &anna, 1, 404);
	expect("GET", "/api/v1/a/b/c/d/e/f/g/h/i/j", NULL, NULL, &anna, 0, 404);
	/* A 405 says which methods the path takes (RFC 9110). */
	{
		struct api_resp r;

		api_req("DELETE", "/api/v1/clients", NULL, NULL, &anna, 1, &r);
		api_assert_error(&r, 405, "method_not_allowed");
		assert_string_equal(r.allow, "GET, POST");
		api_resp_free(&r);
		ncases++;
	}
	/* Methods an endpoint does not take. */
	expect("DELETE", "/api/v1/clients", NULL, NULL, &anna, 1, 405);
	expect("PUT", "/api/v1/login", "{}", NULL, &none, 0, 405);
	expect("GET", "/api/v1/login", NULL, NULL, &none, 0, 405);
	expect("POST", "/api/v1/health", "{}", NULL, &none, 0, 405);
	snprintf(path, sizeof path, "/api/v1/entries/%s", entry);
	expect("DELETE", path, NULL, NULL, &anna, 1, 405);
	/* A body where none is taken. */
	expect("GET", "/api/v1/session", "{\"x\":1}", NULL, &anna, 0, 400);
}

static void
test_malformed_auth(void **state)
{
	static const char *const gets[] = {
	    "/api/v1/clients", "/api/v1/session",      "/api/v1/users",
	    "/api/v1/roles",   "/api/v1/audit/verify",
	};
	struct api_session junk, wrongcsrf, basic, odd, csrf_as_token, longer;
	char path[200];

	(void)state;
	ZK_RULE("SEC-3");
	memset(&junk, 0, sizeof junk);
	zk_strlcpy(junk.bearer, "garbage", sizeof junk.bearer);
	wrongcsrf = anna;
	memset(wrongcsrf.csrf, 'B', 43);
	memset(&basic, 0, sizeof basic);
	zk_strlcpy(basic.cookie, "a b c", sizeof basic.cookie);
	/* A token of the right length that no session has, in odd bytes. */
	memset(&odd, 0, sizeof odd);
	memset(odd.bearer, '%', 43);
	/* SEC-3: the CSRF token, derived from a session's token, opens
	 * nothing itself; nor does the token with a byte more. */
	memset(&csrf_as_token, 0, sizeof csrf_as_token);
	zk_strlcpy(csrf_as_token.cookie, anna.csrf,
		   sizeof csrf_as_token.cookie);
	memset(&longer, 0, sizeof longer);
	zk_strlcpy(longer.bearer, bearer.bearer, sizeof longer.bearer);
	longer.bearer[43] = 'A';
	longer.bearer[44] = '\0';
	for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++) {
		expect("GET", gets[i], NULL, NULL, &none, 0, 401);
		expect("GET", gets[i], NULL, NULL, &forged, 0, 401);
		expect("GET", gets[i], NULL, NULL, &junk, 0, 401);
		expect("GET", gets[i], NULL, NULL, &basic, 0, 401);
		expect("GET", gets[i], NULL, NULL, &odd, 0, 401);
		expect("GET", gets[i], NULL, NULL, &csrf_as_token, 0, 401);
		expect("GET", gets[i], NULL, NULL, &longer, 0, 401);
	}
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	/* Missing or forged CSRF on every kind of write. */
	expect("POST", path,
	       "{\"category\":\"care\",\"purpose\":\"care_delivery\","
	       "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"x\","
	       "\"text\":\"y\"}}",
	       NULL, &anna, 0, 403);
	expect("POST", path,
	       "{\"category\":\"care\",\"purpose\":\"care_delivery\","
	       "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"x\","
	       "\"text\":\"y\"}}",
	       NULL, &wrongcsrf, 1, 403);
	expect("POST", "/api/v1/logout", NULL, NULL, &anna, 0, 403);
	expect("POST", "/api/v1/2fa/enrol", NULL, NULL, &wrongcsrf, 1, 403);
	expect("POST", "/api/v1/clients", "{\"identity\":{}}", NULL, &anna, 0,
	       403);
	expect("POST", "/api/v1/users", "{}", NULL, &admin, 0, 403);
	/* Refused by policy: a 403 with the rule. */
	expect("GET", "/api/v1/users", NULL, NULL, &anna, 0, 403);
	expect("GET", "/api/v1/audit/verify", NULL, NULL, &anna, 0, 403);
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	expect("GET", path, NULL, NULL, &admin, 0, 403);
}

/* A raw request's answer has this status and error code, in JSON. */
static void
expect_raw(const char *what, const char *req, size_t n, int status,
	   const char *code)
{
	char out[8192], line[32], want[64];
	const char *body;

	api_raw(req, n, out, sizeof out);
	snprintf(line, sizeof line, "HTTP/1.1 %d ", status);
	snprintf(want, sizeof want, "{\"error\":{\"code\":\"%s\"", code);
	body = strstr(out, "\r\n\r\n");
	if (strncmp(out, line, strlen(line)) != 0 || body == NULL ||
	    strncmp(body + 4, want, strlen(want)) != 0)
		fail_msg("%s: want %d %s, got: %.200s", what, status, code,
			 out);
	ncases++;
}

/*
 * Framing: what a request says about itself is refused, in JSON, before
 * anything is read or done, where a proxy in front could read it another
 * way (RFC 9112 §6.3, §11.2) or the answer would find no room: too many
 * or too large headers, a path too long, a header twice, Content-Length
 * with Transfer-Encoding, codings and expectations zorgkluis does not
 * know, a field name that is no token, a value with a control character.
 */
static void
test_malformed_framing(void **state)
{
	static const char entry_body[] =
	    "{\"category\":\"care\",\"purpose\":\"care_delivery\","
	    "\"legal_basis\":\"contract\",\"content\":{\"kind\":\"x\","
	    "\"text\":\"y\"}}";
	static const struct {
		const char *what, *req;
		int status;
		const char *code;
	} cases[] = {
	    {"Content-Length twice",
	     "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
	     "application/json\r\nContent-Length: 2\r\nContent-Length: "
	     "60\r\n\r\n{}",
	     400, "bad_header"},
	    {"Content-Length and chunked",
	     "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
	     "application/json\r\nContent-Length: 5\r\nTransfer-Encoding: "
	     "chunked\r\n\r\n0\r\n\r\n",
	     400, "bad_header"},
	    {"gzip transfer coding",
	     "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
	     "gzip\r\n\r\n",
	     501, "not_implemented"},
	    {"gzip content coding",
	     "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
	     "application/json\r\nContent-Encoding: gzip\r\n"
	     "Content-Length: 2\r\n\r\n{}",
	     415, "unsupported_media_type"},
	    {"unknown expectation",
	     "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n"
	     "\r\n",
	     417, "expectation_failed"},
	    {"no Host", "GET /api/v1/health HTTP/1.1\r\n\r\n", 400,
	     "bad_header"},
	    {"Host twice",
	     "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", 400,
	     "bad_header"},
	    {"Authorization twice",
	     "GET /api/v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: "
	     "Bearer a\r\nAuthorization: Bearer b\r\n\r\n",
	     400, "bad_header"},
	    {"space before the colon",
	     "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nFoo : bar\r\n\r\n", 400,
	     "bad_header"},
	    {"bare CR in a value",
	     "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nFoo: b\rar\r\n\r\n",
	     400, "bad_header"},
	};
	char req[20000], path[128], out[4096];
	size_t n;
	int entries;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_raw(cases[i].what, cases[i].req, strlen(cases[i].req),
			   cases[i].status, cases[i].code);
	/* A path and query over 4 KiB. */
	n = (size_t)snprintf(req, sizeof req, "GET /api/v1/");
	memset(req + n, 'a', 5000);
	n += 5000;
	n += (size_t)snprintf(req + n, sizeof req - n,
			      " HTTP/1.1\r\nHost: x\r\n\r\n");
	expect_raw("long path", req, n, 414, "uri_too_long");
	/* One header of 10 KiB. */
	n = (size_t)snprintf(req, sizeof req,
			     "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX: ");
	memset(req + n, 'a', 10000);
	n += 10000;
	n += (size_t)snprintf(req + n, sizeof req - n, "\r\n\r\n");
	expect_raw("large header", req, n, 431, "headers_too_large");
	/*
	 * A write with 220 small headers is refused before it is done:
	 * nothing is stored, and the refusal arrives (it once was stored
	 * and never answered).
	 */
	entries = api_count("SELECT count(*) FROM entry");
	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	n = (size_t)snprintf(req, sizeof req,
			     "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: "
			     "Bearer %s\r\nContent-Type: application/json\r\n"
			     "Content-Length: %zu\r\n",
			     path, bearer.bearer, strlen(entry_body));
	for (int i = 0; i < 220; i++)
		n += (size_t)snprintf(req + n, sizeof req - n, "X%d: a\r\n", i);
	n += (size_t)snprintf(req + n, sizeof req - n, "\r\n%s", entry_body);
	expect_raw("220 headers on a write", req, n, 431, "headers_too_large");
	assert_int_equal(api_count("SELECT count(*) FROM entry"), entries);
	/* The same write with its few headers works. */
	n = (size_t)snprintf(
	    req, sizeof req,
	    "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: "
	    "Bearer %s\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
	    path, bearer.bearer, strlen(entry_body), entry_body);
	api_raw(req, n, out, sizeof out);
	assert_true(strncmp(out, "HTTP/1.1 201 ", 13) == 0);
	assert_int_equal(api_count("SELECT count(*) FROM entry"), entries + 1);
	/* JSON named in any case, with its charset, is JSON. */
	{
		struct api_resp r;

		api_req("POST", "/api/v1/login",
			"{\"tenant\":\"a\",\"username\":\"niemand\","
			"\"password\":\"wachtwoord-123\"}",
			"Application/JSON ; charset=\"UTF-8\"", NULL, 0, &r);
		assert_int_equal(r.status, 401);
		api_resp_free(&r);
	}
}

/* After everything: the chain is intact and at least 200 were sent. */
static void
test_malformed_log_intact(void **state)
{
	struct audit_verify_result res;
	char *cause = NULL;

	(void)state;
	assert_int_equal(
	    audit_verify(svc_store(env.svc), svc_keys(env.svc), &res, &cause),
	    0);
	assert_true(res.intact);
	print_message("%d malformed requests, each refused cleanly\n", ncases);
	assert_true(ncases >= 200);
}

/*
 * Sends a request whose head is given and whose body is n bytes of 'a',
 * the way a client does that does not wait for 100 Continue, then reads
 * the answer until the server closes (at most 5 s). Returns the bytes of
 * the body sent: like curl, the client gives up when sending fails.
 */
static size_t
raw_with_body(const char *head, size_t n, char *out, size_t size)
{
	struct sockaddr_in sa;
	struct timeval tv = {5, 0};
	char chunk[16384];
	size_t sent = 0, got = 0;
	ssize_t k;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons(http_server_port(env.srv));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(send(fd, head, strlen(head), MSG_NOSIGNAL),
			 (ssize_t)strlen(head));
	memset(chunk, 'a', sizeof chunk);
	while (sent < n) {
		size_t m = n - sent < sizeof chunk ? n - sent : sizeof chunk;

		if ((k = send(fd, chunk, m, MSG_NOSIGNAL)) <= 0) {
			close(fd); /* the server hung up: a reset */
			out[0] = '\0';
			return sent;
		}
		sent += (size_t)k;
	}
	while (got + 1 < size &&
	       (k = recv(fd, out + got, size - 1 - got, 0)) > 0)
		got += (size_t)k;
	out[got] = '\0';
	close(fd);
	return sent;
}

/*
 * SEC-1: URLs are read strictly. A '%' that does not begin an escape is a
 * 400, and %2F in the path is no slash: unescaped, it would split a
 * segment in two and reach another handler than the path names.
 */
static void
test_malformed_escapes(void **state)
{
	static const char *const bad[] = {
	    "/api/v1/health%zz",    "/api/v1/clients/%4",
	    "/api/v1/health?x=%g1", "/api/v1/clients/abc%",
	    "/api/v1/%%68ealth",
	};
	char req[1024], out[8192];
	size_t n;

	(void)state;
	ZK_RULE("SEC-1");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		n = (size_t)snprintf(req, sizeof req,
				     "GET %s HTTP/1.1\r\nHost: x\r\n"
				     "Connection: close\r\n\r\n",
				     bad[i]);
		expect_raw(bad[i], req, n, 400, "bad_path");
	}
	/* The entries of a client, asked for with an encoded slash. */
	n = (size_t)snprintf(req, sizeof req,
			     "GET /api/v1/clients%%2F%s/entries HTTP/1.1\r\n"
			     "Host: x\r\nAuthorization: Bearer %s\r\n"
			     "Connection: close\r\n\r\n",
			     client, bearer.bearer);
	expect_raw("%2F in the path", req, n, 400, "bad_path");
	n = (size_t)snprintf(req, sizeof req,
			     "GET /api/v1/clients%%2f%s/entries HTTP/1.1\r\n"
			     "Host: x\r\nAuthorization: Bearer %s\r\n"
			     "Connection: close\r\n\r\n",
			     client, bearer.bearer);
	expect_raw("%2f in the path", req, n, 400, "bad_path");
	/* Permit: the same path with real slashes, and a valid escape. */
	n = (size_t)snprintf(req, sizeof req,
			     "GET /api/v1/clients/%s/entries HTTP/1.1\r\n"
			     "Host: x\r\nAuthorization: Bearer %s\r\n"
			     "Connection: close\r\n\r\n",
			     client, bearer.bearer);
	api_raw(req, n, out, sizeof out);
	assert_true(strncmp(out, "HTTP/1.1 200 ", 13) == 0);
	n = (size_t)snprintf(req, sizeof req,
			     "GET /api/v1/%%68ealth HTTP/1.1\r\nHost: x\r\n"
			     "Connection: close\r\n\r\n");
	api_raw(req, n, out, sizeof out);
	assert_true(strncmp(out, "HTTP/1.1 200 ", 13) == 0);
}

/*
 * SEC-1: a body over 1 MiB sent without waiting for 100 Continue is read
 * and dropped before the 413 is sent, so that the client reads the answer
 * instead of a reset; with Expect: 100-continue it is refused before the
 * client sends it.
 */
static void
test_malformed_big_body(void **state)
{
	char head[512], out[8192], *body;
	size_t n = 3 * 1024 * 1024;

	(void)state;
	ZK_RULE("SEC-1");
	snprintf(head, sizeof head,
		 "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
		 "application/json\r\nContent-Length: %zu\r\n"
		 "Connection: close\r\n\r\n",
		 n);
	for (int i = 0; i < 3; i++) {
		/* The whole body goes, and the answer comes back. */
		assert_int_equal(raw_with_body(head, n, out, sizeof out), n);
		body = strstr(out, "\r\n\r\n");
		if (strncmp(out, "HTTP/1.1 413 ", 13) != 0 || body == NULL ||
		    strstr(body, "\"code\":\"too_big\"") == NULL)
			fail_msg("3 MiB without Expect: got %.200s", out);
	}
	/* With Expect: 100-continue, at once and without the body. */
	snprintf(head, sizeof head,
		 "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
		 "application/json\r\nContent-Length: %zu\r\n"
		 "Expect: 100-continue\r\n\r\n",
		 n);
	expect_raw("3 MiB with Expect", head, strlen(head), 413, "too_big");
	/* A body under the limit is still taken. */
	snprintf(head, sizeof head,
		 "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: "
		 "application/json\r\nContent-Length: 1000\r\n"
		 "Connection: close\r\n\r\n");
	assert_int_equal(raw_with_body(head, 1000, out, sizeof out), 1000);
	assert_true(strncmp(out, "HTTP/1.1 400 ", 13) == 0);
}

static int
group_setup(void **state)
{
	(void)state;
	setup_all();
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_malformed_bodies),
	    cmocka_unit_test(test_malformed_values),
	    cmocka_unit_test(test_malformed_paths_and_queries),
	    cmocka_unit_test(test_malformed_auth),
	    cmocka_unit_test(test_malformed_framing),
	    cmocka_unit_test(test_malformed_escapes),
	    cmocka_unit_test(test_malformed_big_body),
	    cmocka_unit_test(test_malformed_log_intact),
	};

	crypto_init();
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
