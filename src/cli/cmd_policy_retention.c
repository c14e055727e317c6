/*
 * cmd_policy_retention.c: zorgkluis policy eval retention, the retention
 * decision of src/policy/retention.c on facts read from stdin (RET-1 to
 * RET-4). cmd_policy() hands "eval retention" here; the profile is loaded
 * and the facts are checked here, so that a typo is an error (exit 2),
 * never a decision.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "policy/retention.h"
#include "profile/profile.h"

#define RETENTION_MAX_HOLDS 1000

static const char retention_usage[] =
    "usage: zorgkluis policy eval retention --profile FILE < facts.json\n"
    "\n"
    "When one datum may be destroyed and by when it must be (RET-1 to\n"
    "RET-4). Reads\n"
    "  {\"category\":\"care\",\"kind\":\"client\",           (kind optional, "
    "default client)\n"
    "   \"entry_created\":\"2005-01-10\",\n"
    "   \"record_last_change\":\"2012-06-01\",      (the subject's record; "
    "null: entry_created)\n"
    "   \"care_ended\":null,                       (clients)\n"
    "   \"employment_ended\":null,                 (employees, interns, "
    "volunteers)\n"
    "   \"application_ended\":null,                (applicants)\n"
    "   \"relationship_ended\":null,               (any kind)\n"
    "   \"holds\":[{\"reason\":\"risicodossier\",\"since\":\"2020-01-01\",\n"
    "             \"lifted\":null}],\n"
    "   \"on\":\"2026-12-02\"}\n"
    "and prints\n"
    "  {\"destroy_from\":\"2032-06-01\",\"destroy_by\":\"2032-09-01\","
    "\"due\":false,\n"
    "   \"rule\":\"RET-1\",\"kind\":\"client\",\"start\":\"last_change\",\n"
    "   \"start_date\":\"2012-06-01\",\"period\":\"P20Y\",\"floor\":false,\n"
    "   \"cite\":\"...\"}\n"
    "A hold in force on \"on\" (since <= on, not lifted by then) gives null\n"
    "dates and RET-3. A relationship that has not ended (null) gives null\n"
    "dates where the period counts from its end. An unknown category or\n"
    "kind prints {\"error\":{...}} and exits 2; malformed facts exit 2.\n";

static int retention_bad(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Bad facts: one line on stderr; returns the exit status of bad input. */
static int
retention_bad(const char *fmt, ...)
{
	va_list ap;

	fputs("zorgkluis: policy eval retention: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_USAGE;
}

/* An unknown word: the API's error shape on stdout, the message on stderr. */
static int
retention_unknown(const char *code, const char *rule, const char *what,
		  const char *word, const char *known)
{
	char msg[400];
	json_t *o;
	char *s;

	snprintf(msg, sizeof msg, "unknown %s \"%.100s\" (%s): %s", what, word,
		 rule, known);
	o = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", code, "message",
		      msg, "rule", rule);
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
	cli_error("policy eval retention: %s", msg);
	return CLI_USAGE;
}

/*
 * obj[key] as a date into *out: absent is an error when required, null
 * gives RETENTION_NO_DATE when nullable. Returns 0 or CLI_USAGE.
 */
static int
retention_date(json_t *obj, const char *where, const char *key, int required,
	       int nullable, int32_t *out)
{
	json_t *v = json_object_get(obj, key);

	*out = RETENTION_NO_DATE;
	if (v == NULL) {
		if (!required)
			return 0;
		return retention_bad("%s\"%s\" is required", where, key);
	}
	if (json_is_null(v)) {
		if (nullable)
			return 0;
		return retention_bad("%s\"%s\" must be a date (YYYY-MM-DD), "
				     "not null",
				     where, key);
	}
	if (!json_is_string(v) || zk_date_parse(json_string_value(v), out) != 0)
		return retention_bad("%s\"%s\" must be a date (YYYY-MM-DD)",
				     where, key);
	return 0;
}

/* The holds in force on day on, counted into *n. */
static int
retention_holds(json_t *in, int32_t on, int *n)
{
	json_t *arr = json_object_get(in, "holds"), *h;
	size_t i;

	*n = 0;
	if (arr == NULL)
		return retention_bad("\"holds\" is required ([] for none)");
	if (!json_is_array(arr))
		return retention_bad("\"holds\" must be an array");
	if (json_array_size(arr) > RETENTION_MAX_HOLDS)
		return retention_bad("\"holds\" has more than 1000 items");
	json_array_foreach(arr, i, h)
	{
		json_t *reason = json_object_get(h, "reason");
		int32_t since, lifted;
		int rc;

		if (!json_is_object(h))
			return retention_bad("holds[] must be objects");
		if (!json_is_string(reason) || json_string_length(reason) == 0)
			return retention_bad("holds[].\"%s\" is required and "
					     "must be a non-empty string",
					     "reason");
		if ((rc = retention_date(h, "holds[].", "since", 1, 0,
					 &since)) != 0 ||
		    (rc = retention_date(h, "holds[].", "lifted", 0, 1,
					 &lifted)) != 0)
			return rc;
		if (lifted != RETENTION_NO_DATE && lifted < since)
			return retention_bad("holds[].\"%s\" is before "
					     "\"%s\"",
					     "lifted", "since");
		if (since <= on && (lifted == RETENTION_NO_DATE || lifted > on))
			(*n)++;
	}
	return 0;
}

/*
 * The end of the relationship: care_ended for a client,
 * employment_ended for staff, application_ended for an applicant, or
 * relationship_ended for any; a member for another kind is an error, and
 * two members must agree.
 */
static int
retention_ended(json_t *in, enum zk_kind kind, int32_t *out)
{
	static const struct {
		const char *key;
		unsigned kinds;
	} ends[] = {
	    {"care_ended", 1u << ZK_KIND_CLIENT},
	    {"employment_ended", (1u << ZK_KIND_EMPLOYEE) |
				     (1u << ZK_KIND_INTERN) |
				     (1u << ZK_KIND_VOLUNTEER)},
	    {"application_ended", 1u << ZK_KIND_APPLICANT},
	    {"relationship_ended", (1u << ZK_KIND_COUNT) - 1},
	};
	int32_t d;
	int rc;

	*out = RETENTION_NO_DATE;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(ends); i++) {
		if ((rc = retention_date(in, "", ends[i].key, 0, 1, &d)) != 0)
			return rc;
		if (d == RETENTION_NO_DATE)
			continue;
		if (!(ends[i].kinds & (1u << kind)))
			return retention_bad("\"%s\" does not apply to kind "
					     "\"%s\"",
					     ends[i].key,
					     vocab_kind_name(kind));
		if (*out != RETENTION_NO_DATE && *out != d)
			return retention_bad("\"%s\" disagrees with another "
					     "end of the relationship",
					     ends[i].key);
		*out = d;
	}
	return 0;
}

static json_t *
retention_json_date(int32_t d)
{
	char buf[ZK_DATE_LEN];

	if (d == RETENTION_NO_DATE)
		return json_null();
	zk_date_fmt(d, buf);
	return json_string(buf);
}

static int
retention_print(const struct retention_answer *a, enum zk_kind kind)
{
	char period[16] = "";
	json_t *o = json_object();
	char *s;

	if (a->period.n > 0)
		snprintf(period, sizeof period, "P%d%c", a->period.n,
			 a->period.unit);
	json_object_set_new(o, "destroy_from",
			    retention_json_date(a->destroy_from));
	json_object_set_new(o, "destroy_by",
			    retention_json_date(a->destroy_by));
	json_object_set_new(o, "due", json_boolean(a->due));
	json_object_set_new(o, "rule", json_string(a->rule));
	json_object_set_new(o, "kind", json_string(vocab_kind_name(kind)));
	json_object_set_new(o, "start",
			    json_string(retention_start_name(a->start)));
	json_object_set_new(o, "start_date",
			    retention_json_date(a->start_date));
	json_object_set_new(o, "period",
			    period[0] ? json_string(period) : json_null());
	json_object_set_new(o, "floor", json_boolean(a->floor));
	json_object_set_new(o, "cite", json_string(a->cite));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (s == NULL)
		return CLI_FAIL;
	puts(s);
	free(s);
	return CLI_OK;
}

static int
retention_eval(const struct profile *p, json_t *in)
{
	static const char *const keys[] = {"category",
					   "kind",
					   "entry_created",
					   "record_last_change",
					   "care_ended",
					   "employment_ended",
					   "application_ended",
					   "relationship_ended",
					   "holds",
					   "on",
					   NULL};
	struct retention_facts f;
	struct retention_answer a;
	json_t *cat, *kind, *v;
	const char *k;
	int c, kd = ZK_KIND_CLIENT, rc;

	json_object_foreach(in, k, v)
	{
		size_t i = 0;

		while (keys[i] != NULL && strcmp(keys[i], k) != 0)
			i++;
		if (keys[i] == NULL)
			return retention_bad("unknown member \"%s\"", k);
	}
	cat = json_object_get(in, "category");
	kind = json_object_get(in, "kind");
	if (!json_is_string(cat))
		return retention_bad("\"%s\" is required and must be a "
				     "string",
				     "category");
	if (kind != NULL && !json_is_null(kind) && !json_is_string(kind))
		return retention_bad("\"kind\" must be a string");
	if ((c = vocab_category(json_string_value(cat))) < 0)
		return retention_unknown("unknown_category", "CAT-1",
					 "category", json_string_value(cat),
					 "identity, bsn, care, medical, "
					 "work_note, special, financial, hr or "
					 "application");
	if (json_is_string(kind) &&
	    (kd = vocab_kind(json_string_value(kind))) < 0)
		return retention_unknown("unknown_subject_kind", "SCOPE-1",
					 "subject kind",
					 json_string_value(kind),
					 "client, employee, intern, volunteer "
					 "or applicant");
	if (!(p->kinds & (1u << kd)))
		return retention_bad("kind \"%s\" is not among the profile's "
				     "subject_kinds (SCOPE-1)",
				     vocab_kind_name((enum zk_kind)kd));
	memset(&f, 0, sizeof f);
	f.category = (enum zk_category)c;
	f.kind = (enum zk_kind)kd;
	if ((rc = retention_date(in, "", "entry_created", 1, 0,
				 &f.entry_created)) != 0 ||
	    (rc = retention_date(in, "", "record_last_change", 1, 1,
				 &f.record_last_change)) != 0 ||
	    (rc = retention_date(in, "", "on", 1, 0, &f.on)) != 0 ||
	    (rc = retention_ended(in, f.kind, &f.relationship_ended)) != 0 ||
	    (rc = retention_holds(in, f.on, &f.holds)) != 0)
		return rc;
	if (f.record_last_change != RETENTION_NO_DATE &&
	    f.record_last_change < f.entry_created)
		return retention_bad("\"%s\" is before \"%s\": the record "
				     "changed when the entry was made",
				     "record_last_change", "entry_created");
	retention_decide(p, &f, &a);
	/* Dates print as four-digit years. */
	if (a.destroy_by != RETENTION_NO_DATE &&
	    a.destroy_by > zk_date_from_ymd(9999, 12, 31))
		return retention_bad("the period ends after the year 9999");
	return retention_print(&a, f.kind);
}

int
cmd_policy_retention(int argc, char **argv)
{
	return policy_run(argc, argv, retention_usage, retention_eval);
}
