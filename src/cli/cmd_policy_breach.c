/*
 * cmd_policy_breach.c: zorgkluis policy eval breach, the clock of one
 * personal data breach (BRE-1 to BRE-3) from facts given as JSON on
 * stdin, without a database or a server. cmd_policy() hands the command
 * here; the decision is breach_clock() (policy/breach.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "policy/breach.h"
#include "profile/profile.h"

static const char pb_usage[] =
    "usage: zorgkluis policy eval breach --profile FILE < breach.json\n"
    "\n"
    "The clock of a personal data breach (BRE-1 to BRE-3, GDPR art. 33\n"
    "and 34): reads\n"
    "  {\"aware_at\":\"2026-12-04T16:30:00Z\",\"risk\":\"high\",\n"
    "   \"encrypted\":false,\"risk_removed\":false,"
    "\"disproportionate\":false}\n"
    "prints\n"
    "  {\"notify_ap\":true,\"ap_due\":\"2026-12-07T16:30:00Z\","
    "\"notify_subjects\":true,\n"
    "   \"subject_exemption\":null,\"rule\":\"BRE-2\"}\n"
    "aware_at is an instant with a zone (Z or +01:00); ap_due is in UTC,\n"
    "72 hours later, weekends and holidays included. risk is none (only\n"
    "registered, BRE-1), risk (the AP is told, BRE-2) or high (the\n"
    "subjects too, BRE-3, unless encrypted, risk_removed or\n"
    "disproportionate: the last gives \"public_notice\":true, or, where\n"
    "the profile allows no public notice, \"exemption_refused\").\n"
    "With \"now\" (an instant) the answer adds \"hours_left\" and\n"
    "\"overdue\". An unknown risk is an error with exit status 2 and a\n"
    "JSON error on stdout; malformed input is exit status 2 and one line\n"
    "on stderr.\n";

static int
pb_bool(json_t *in, const char *key, bool *out)
{
	json_t *v = json_object_get(in, key);

	*out = false;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		cli_error("policy eval: \"%s\" must be true or false", key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

/* An instant with a zone; required or not. */
static int
pb_time(json_t *in, const char *key, int required, int *present, int64_t *out)
{
	json_t *v = json_object_get(in, key);

	*present = 0;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return 0;
		cli_error("policy eval: \"%s\" is required (an instant such "
			  "as 2026-12-04T16:30:00Z)",
			  key);
		return -1;
	}
	if (!json_is_string(v) ||
	    breach_time_parse(json_string_value(v), out) != 0) {
		cli_error("policy eval: \"%s\" must be an instant with a zone "
			  "between 1970 and 9999, such as "
			  "2026-12-04T16:30:00Z or 2026-12-04T17:30:00+01:00",
			  key);
		return -1;
	}
	*present = 1;
	return 0;
}

/* The risk outside the vocabulary: a JSON error on stdout, as the API. */
static int
pb_unknown_risk(const char *word)
{
	char msg[256];
	json_t *o;
	char *s;

	snprintf(msg, sizeof msg,
		 "unknown risk \"%.100s\" (BRE-2): none, risk or high", word);
	o = json_pack("{s:{s:s, s:s, s:s}}", "error", "code", "unknown_risk",
		      "message", msg, "rule", "BRE-2");
	s = o ? json_dumps(o, JSON_COMPACT) : NULL;
	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
	cli_error("policy eval: %s", msg);
	return CLI_USAGE;
}

static int
pb_eval(const struct profile *p, json_t *in)
{
	static const char *const keys[] = {"aware_at",	       "risk",
					   "encrypted",	       "risk_removed",
					   "disproportionate", "now"};
	struct breach_facts f;
	struct breach_answer a;
	char due[ZK_TIME_LEN], *cause = NULL, *text;
	const char *key, *risk, *ex;
	json_t *v, *out;
	int64_t now = 0;
	int present, has_now, r;

	memset(&f, 0, sizeof f);
	/* A misspelt "encrypted" would quietly tell nobody's subjects. */
	json_object_foreach(in, key, v)
	{
		size_t i = 0;

		while (i < ZK_ARRAY_SIZE(keys) && strcmp(keys[i], key) != 0)
			i++;
		if (i == ZK_ARRAY_SIZE(keys)) {
			cli_error("policy eval: unknown field \"%.100s\" (the "
				  "fields are aware_at, risk, encrypted, "
				  "risk_removed, disproportionate and now)",
				  key);
			return CLI_USAGE;
		}
	}
	v = json_object_get(in, "risk");
	if (!json_is_string(v)) {
		cli_error("policy eval: \"risk\" is required and must be "
			  "none, risk or high");
		return CLI_USAGE;
	}
	risk = json_string_value(v);
	if (pb_time(in, "aware_at", 1, &present, &f.aware_at) != 0 ||
	    pb_time(in, "now", 0, &has_now, &now) != 0 ||
	    pb_bool(in, "encrypted", &f.encrypted) != 0 ||
	    pb_bool(in, "risk_removed", &f.risk_removed) != 0 ||
	    pb_bool(in, "disproportionate", &f.disproportionate) != 0)
		return CLI_USAGE;
	if ((r = breach_risk_parse(risk)) < 0)
		return pb_unknown_risk(risk);
	f.risk = (enum breach_risk)r;
	if (breach_clock(p, &f, &a, &cause) != 0) {
		cli_error("policy eval: %s", cause ? cause : "bad facts");
		free(cause);
		return CLI_USAGE;
	}
	zk_time_fmt(a.ap_due, due);
	ex = breach_exemption_name(a.exemption);
	out = json_object();
	json_object_set_new(out, "notify_ap", json_boolean(a.notify_ap));
	json_object_set_new(out, "ap_due",
			    a.notify_ap ? json_string(due) : json_null());
	json_object_set_new(out, "notify_subjects",
			    json_boolean(a.notify_subjects));
	json_object_set_new(out, "subject_exemption",
			    ex ? json_string(ex) : json_null());
	if (a.public_notice)
		json_object_set_new(out, "public_notice", json_true());
	if (a.refused != BREACH_EXEMPT_NONE)
		json_object_set_new(
		    out, "exemption_refused",
		    json_string(breach_exemption_name(a.refused)));
	if (has_now && a.notify_ap) {
		int64_t h = breach_hours_left(a.ap_due, now);

		json_object_set_new(out, "hours_left", json_integer(h));
		json_object_set_new(out, "overdue",
				    json_boolean(now > a.ap_due));
	}
	json_object_set_new(out, "rule", json_string(a.rule));
	text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(out);
	return text != NULL ? CLI_OK : CLI_FAIL;
}

int
cmd_policy_breach(int argc, char **argv)
{
	return policy_run(argc, argv, pb_usage, pb_eval);
}
