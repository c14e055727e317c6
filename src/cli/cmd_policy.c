/*
 * cmd_policy.c: zorgkluis policy eval authz, representation, deadline and
 * disclosure, which evaluate one authorisation decision, who acts for a
 * subject, the deadlines of a request, or one disclosure to a third party,
 * from facts given as JSON on stdin, without a database or a server. The
 * vocabulary is in docs/profiles.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "policy/authz.h"
#include "policy/deadline.h"
#include "policy/disclosure.h"
#include "policy/representation.h"
#include "profile/profile.h"

#define POLICY_MAX_INPUT (1024 * 1024)
#define POLICY_MAX_SUSPENSIONS 64

static const char policy_usage[] =
    "usage: zorgkluis policy eval authz --profile FILE < facts.json\n"
    "       zorgkluis policy eval representation --profile FILE < facts.json\n"
    "       zorgkluis policy eval deadline --profile FILE < request.json\n"
    "       zorgkluis policy eval disclosure --profile FILE < facts.json\n"
    "       zorgkluis policy eval retention --profile FILE < entry.json\n"
    "       zorgkluis policy eval breach --profile FILE < breach.json\n"
    "       zorgkluis policy eval research --profile FILE < rows.json\n"
    "\n"
    "Reads one JSON object of facts on stdin and prints the decision:\n"
    "  {\"user\":{\"id\":\"u1\",\"roles\":[\"professional\"]},\n"
    "   \"subject\":{\"id\":\"s1\",\"kind\":\"client\"},\n"
    "   \"relation\":\"responsible\",   (or co_treating, substitute, "
    "null)\n"
    "   \"category\":\"care\", \"action\":\"read\",\n"
    "   \"entry_author\":\"u2\",          (or null)\n"
    "   \"same_team\":false,             (the client is of the user's team)\n"
    "   \"break_glass_reason\":null}    (or a text)\n"
    "prints\n"
    "  {\"decision\":\"permit\",\"reason\":\"care_relation\","
    "\"rule\":\"ACC-2\",\n"
    "   \"break_glass\":false,\"review\":false}\n"
    "\n"
    "A role, category, action, relation, subject kind or basis of\n"
    "confidentiality outside the vocabulary is an error: exit status 2 and\n"
    "  {\"error\":{\"code\":\"unknown_role\",\"message\":\"...\","
    "\"rule\":\"ACC-1\"}}\n"
    "on stdout. Malformed input (not JSON, a missing field, a wrong type)\n"
    "is an error with exit status 2 and one line on stderr.\n"
    "\n"
    "representation: who may act for a subject (REP-1 to REP-4):\n"
    "  {\"on\":\"2026-11-23\",\n"
    "   \"subject\":{\"birth_date\":\"2013-02-10\",\"deceased_on\":null,\n"
    "              \"capacity\":[{\"able\":false,\"assessed_on\":"
    "\"2026-01-05\"}]},\n"
    "   \"representatives\":[{\"id\":\"r1\",\"kind\":"
    "\"parent_with_authority\",\n"
    "                      \"declines\":false,\"absent\":false,\n"
    "                      \"curator_consents\":false}]}\n"
    "prints\n"
    "  {\"acts\":\"representative\",\"who\":[\"r1\"],\"rule\":\"REP-1\"}\n"
    "Kinds: parent_with_authority, guardian, curator, mentor,\n"
    "authorised_in_writing, spouse_partner, child, sibling, parent.\n"
    "\n"
    "deadline: when a request must be answered and carried out (RQ-2,\n"
    "RQ-3):\n"
    "  {\"kind\":\"access\",\"received\":\"2026-03-27\",\n"
    "   \"suspensions\":[[\"2026-03-30\",\"2026-04-02\"]],   (end null: "
    "open)\n"
    "   \"extended_on\":null}            (the day the extension was told)\n"
    "prints\n"
    "  {\"due\":\"2026-04-30\",\"carry_out_by\":null,\"extension\":null,"
    "\"rule\":\"RQ-2\"}\n"
    "or, while a suspension is open,\n"
    "  {\"due\":null,\"suspended\":true,\"carry_out_by\":null,"
    "\"extension\":null,\"rule\":\"RQ-3\"}\n"
    "Kinds: access, copy, portability, rectification, completion, erasure,\n"
    "shielding, restriction, objection, log, scheme. \"extension\" is\n"
    "valid, too_late, not_allowed or null; an unknown kind is the error\n"
    "unknown_kind (RQ-2).\n"
    "\n"
    "disclosure: whether data may go to a third party (DIS-1 to DIS-5,\n"
    "OBJ-1, SEC-2):\n"
    "  {\"recipient_kind\":\"insurer\",\"country\":\"NL\","
    "\"category\":\"medical\",\n"
    "   \"consent\":false,\"objection\":false,\"legal_obligation\":false,\n"
    "   \"identifiable\":true,\"subject_deceased\":false,\n"
    "   \"purpose\":\"risk_assessment\",  (optional)\n"
    "   \"certified\":false}              (optional: DPF, United States)\n"
    "prints\n"
    "  {\"decision\":\"deny\",\"ground\":\"objection\","
    "\"rule\":\"OBJ-1\"}\n"
    "Kinds: specialist, care_provider, insurer, directly_involved,\n"
    "statistics, researcher, public_body, other. Purposes: treatment,\n"
    "risk_assessment, contract_execution, research. The country is an\n"
    "ISO 3166-1 alpha-2 code. An unknown kind, category, purpose or\n"
    "country is an error (exit status 2), not a deny.\n";

/* Reads stdin up to the limit. */
static int
policy_read_stdin(char **out, size_t *len)
{
	struct zk_buf b;
	char chunk[8192];
	size_t n;
	int rc = 0;

	zk_buf_init(&b, POLICY_MAX_INPUT);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		if ((rc = zk_buf_append(&b, chunk, n)) != 0)
			break;
	if (rc == 0 && b.data == NULL)
		rc = zk_buf_append(&b, "", 0);
	if (rc != 0) {
		zk_buf_release(&b);
		return rc;
	}
	*out = (char *)b.data;
	*len = b.len;
	return 0;
}

/* A string or null member; anything else is an error. */
static int
policy_opt_string(json_t *obj, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		cli_error("policy eval: \"%s\" must be a string or null", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

static int
policy_req_string(json_t *obj, const char *where, const char *key,
		  const char **out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		cli_error("policy eval: %s\"%s\" is required and must be a "
			  "string",
			  where, key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

static void
policy_print(const struct authz_decision *d)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b}", "decision",
			      d->permit ? "permit" : "deny", "reason",
			      d->reason, "rule", d->rule, "break_glass",
			      d->break_glass, "review", d->review);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

	if (s != NULL)
		puts(s);
	free(s);
	json_decref(o);
}

/*
 * A word outside the vocabulary: the typo is shown, not decided on. Prints
 * {"error":{"code","message","rule"}} on stdout (the shape of the API's
 * errors, for whoever reads the answer) and the message on stderr;
 * returns the exit status of bad input.
 */
static int
policy_unknown(const char *code, const char *rule, const char *what,
	       const char *word, const char *known)
{
	char msg[512];
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
	cli_error("policy eval: %s", msg);
	return CLI_USAGE;
}

/* The names of the profile's roles, for a message ("a, b, c"). */
static void
policy_role_names(const struct profile *p, char *out, size_t n)
{
	out[0] = '\0';
	for (int r = 0; r < p->nroles; r++) {
		if (r > 0)
			strncat(out, ", ", n - strlen(out) - 1);
		strncat(out, p->roles[r].id, n - strlen(out) - 1);
	}
}

static int policy_bool(json_t *obj, const char *where, const char *key,
		       bool *out);

static int
policy_eval_authz(const struct profile *p, json_t *in)
{
	struct authz_request rq;
	struct authz_decision d = {0};
	const char *uid, *kind, *rel, *cat, *act, *author, *reason;
	json_t *user, *subject, *roles, *r, *conf;
	bool team;
	size_t i;
	int k, c, a;

	memset(&rq, 0, sizeof rq);
	user = json_object_get(in, "user");
	subject = json_object_get(in, "subject");
	if (!json_is_object(user) || !json_is_object(subject)) {
		cli_error("policy eval: \"user\" and \"subject\" must be "
			  "objects");
		return CLI_USAGE;
	}
	roles = json_object_get(user, "roles");
	if (!json_is_array(roles)) {
		cli_error("policy eval: \"user.roles\" must be an array of "
			  "role names");
		return CLI_USAGE;
	}
	if (policy_req_string(user, "user.", "id", &uid) != 0 ||
	    policy_req_string(subject, "subject.", "kind", &kind) != 0 ||
	    policy_req_string(in, "", "category", &cat) != 0 ||
	    policy_req_string(in, "", "action", &act) != 0 ||
	    policy_opt_string(in, "relation", &rel) != 0 ||
	    policy_opt_string(in, "entry_author", &author) != 0 ||
	    policy_opt_string(in, "break_glass_reason", &reason) != 0)
		return CLI_USAGE;
	json_array_foreach(roles, i, r)
	{
		int x;

		if (!json_is_string(r)) {
			cli_error("policy eval: \"user.roles\" must hold "
				  "strings");
			return CLI_USAGE;
		}
		if ((x = profile_role_index(p, json_string_value(r))) < 0) {
			char known[ZK_PROFILE_MAX_ROLES * 50];

			policy_role_names(p, known, sizeof known);
			return policy_unknown("unknown_role", "ACC-1", "role",
					      json_string_value(r), known);
		}
		rq.roles |= 1u << x;
	}
	/*
	 * ACC-4: accounts always record the basis of the duty of
	 * confidentiality, so facts without the field assume it; an explicit
	 * null is a deny. A basis is one that user add accepts; any other
	 * word ("none", "") is an error.
	 */
	conf = json_object_get(user, "confidentiality");
	if (conf != NULL && !json_is_string(conf) && !json_is_null(conf)) {
		cli_error("policy eval: \"user.confidentiality\" must be a "
			  "string or null");
		return CLI_USAGE;
	}
	if (json_is_string(conf) &&
	    vocab_confidentiality(json_string_value(conf)) < 0)
		return policy_unknown("unknown_confidentiality", "ACC-4",
				      "basis of confidentiality",
				      json_string_value(conf),
				      "profession, office, law or agreement");
	rq.confidentiality = conf == NULL || json_is_string(conf);
	if ((k = vocab_kind(kind)) < 0)
		return policy_unknown("unknown_subject_kind", "SCOPE-1",
				      "subject kind", kind,
				      "client, employee, intern, volunteer or "
				      "applicant");
	if ((c = vocab_category(cat)) < 0)
		return policy_unknown("unknown_category", "CAT-1", "category",
				      cat,
				      "identity, bsn, care, medical, "
				      "work_note, special, financial, hr or "
				      "application");
	if ((a = vocab_action(act)) < 0)
		return policy_unknown("unknown_action", "ACC-1", "action", act,
				      "read, create, correct, export, "
				      "disclose or destroy");
	if (rel != NULL) {
		int x = vocab_relation(rel);

		if (x < 0)
			return policy_unknown("unknown_relation", "ACC-2",
					      "relation", rel,
					      "responsible, co_treating, "
					      "substitute or null");
		rq.relations = ZK_COND_OF_RELATION(x);
	}
	/* ACC-5: the client is one of the user's team's. */
	if (policy_bool(in, "", "same_team", &team) != 0)
		return CLI_USAGE;
	if (team)
		rq.relations |= ZK_COND_TEAM;
	rq.user_id = uid;
	rq.kind = (enum zk_kind)k;
	rq.category = (enum zk_category)c;
	rq.action = (enum zk_action)a;
	rq.entry_author = author;
	rq.break_glass_reason = reason;
	authz_decide(p, &rq, &d);
	policy_print(&d);
	return CLI_OK;
}

/* A date member: required or null/absent allowed; -1 with an error. */
static int
policy_date(json_t *obj, const char *where, const char *key, int required,
	    int *present, int32_t *out)
{
	json_t *v = json_object_get(obj, key);

	*present = 0;
	if (v == NULL || json_is_null(v)) {
		if (!required)
			return 0;
		cli_error("policy eval: %s\"%s\" is required (YYYY-MM-DD)",
			  where, key);
		return -1;
	}
	if (!json_is_string(v) ||
	    zk_date_parse(json_string_value(v), out) != 0) {
		cli_error("policy eval: %s\"%s\" must be a date (YYYY-MM-DD)",
			  where, key);
		return -1;
	}
	*present = 1;
	return 0;
}

static int
policy_bool(json_t *obj, const char *where, const char *key, bool *out)
{
	json_t *v = json_object_get(obj, key);

	*out = false;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		cli_error("policy eval: %s\"%s\" must be true or false", where,
			  key);
		return -1;
	}
	*out = json_is_true(v);
	return 0;
}

static int
policy_eval_representation(const struct profile *p, json_t *in)
{
	struct rep_assessment as[REP_MAX_ASSESSMENTS];
	struct rep_person people[REP_MAX_PEOPLE];
	struct rep_answer ans;
	struct rep_facts f;
	json_t *subject, *cap, *reps, *v, *who, *out;
	static const char *const acts[] = {"subject", "representative", "both"};
	char *text;
	size_t i;
	int present;

	memset(&f, 0, sizeof f);
	memset(as, 0, sizeof as); /* every matter general, none lapsing */
	subject = json_object_get(in, "subject");
	if (!json_is_object(subject)) {
		cli_error("policy eval: \"subject\" must be an object");
		return CLI_USAGE;
	}
	if (policy_date(in, "", "on", 1, &present, &f.on) != 0 ||
	    policy_date(subject, "subject.", "birth_date", 1, &present,
			&f.birth_date) != 0 ||
	    policy_date(subject, "subject.", "deceased_on", 0, &present,
			&f.deceased_on) != 0)
		return CLI_USAGE;
	f.deceased = present && f.deceased_on <= f.on;
	if (f.birth_date > f.on) {
		cli_error(
		    "policy eval: \"subject.birth_date\" is after \"on\"");
		return CLI_USAGE;
	}
	if (present && f.deceased_on < f.birth_date) {
		cli_error("policy eval: \"subject.deceased_on\" is before "
			  "\"subject.birth_date\"");
		return CLI_USAGE;
	}
	cap = json_object_get(subject, "capacity");
	if (cap != NULL && !json_is_null(cap) &&
	    (!json_is_array(cap) ||
	     json_array_size(cap) > REP_MAX_ASSESSMENTS)) {
		cli_error("policy eval: \"subject.capacity\" must be an array "
			  "of at most %d assessments",
			  REP_MAX_ASSESSMENTS);
		return CLI_USAGE;
	}
	json_array_foreach(cap, i, v)
	{
		json_t *able = json_object_get(v, "able");

		if (!json_is_object(v) || !json_is_boolean(able) ||
		    policy_date(v, "capacity.", "assessed_on", 1, &present,
				&as[i].assessed_on) != 0) {
			cli_error(
			    "policy eval: each capacity assessment needs "
			    "\"able\" (true or false) and \"assessed_on\"");
			return CLI_USAGE;
		}
		as[i].able = json_is_true(able);
		f.nassessments = (int)i + 1;
	}
	f.assessments = as;
	reps = json_object_get(in, "representatives");
	if (reps != NULL && !json_is_null(reps) &&
	    (!json_is_array(reps) || json_array_size(reps) > REP_MAX_PEOPLE)) {
		cli_error(
		    "policy eval: \"representatives\" must be an array of "
		    "at most %d people",
		    REP_MAX_PEOPLE);
		return CLI_USAGE;
	}
	json_array_foreach(reps, i, v)
	{
		const char *id, *kind;
		int k;

		if (!json_is_object(v)) {
			cli_error("policy eval: each representative must be "
				  "an object with \"id\" and \"kind\"");
			return CLI_USAGE;
		}
		if (policy_req_string(v, "representatives[].", "id", &id) !=
			0 ||
		    policy_req_string(v, "representatives[].", "kind", &kind) !=
			0)
			return CLI_USAGE;
		if ((k = rep_kind_parse(kind)) < 0) {
			cli_error("policy eval: unknown representative kind "
				  "\"%s\"",
				  kind);
			return CLI_USAGE;
		}
		people[i].id = id;
		people[i].kind = (enum rep_kind)k;
		if (policy_bool(v, "representatives[].", "declines",
				&people[i].declines) != 0 ||
		    policy_bool(v, "representatives[].", "absent",
				&people[i].absent) != 0 ||
		    policy_bool(v, "representatives[].", "curator_consents",
				&people[i].legal_consent) != 0)
			return CLI_USAGE;
		f.npeople = (int)i + 1;
	}
	f.people = people;
	rep_decide(&p->representation, &f, &ans);
	who = json_array();
	for (int w = 0; who != NULL && w < ans.nwho; w++)
		json_array_append_new(who, json_string(ans.who[w]));
	out = json_pack("{s:s, s:o, s:s}", "acts", acts[ans.acts], "who", who,
			"rule", ans.rule);
	text = out ? json_dumps(out, JSON_COMPACT) : NULL;
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(out);
	return text != NULL ? CLI_OK : CLI_FAIL;
}

/* A date or null as JSON. */
static json_t *
policy_date_json(bool has, int32_t day)
{
	char s[ZK_DATE_LEN];

	if (!has)
		return json_null();
	zk_date_fmt(day, s);
	return json_string(s);
}

/* RQ-3: "suspensions": [[from, to or null], ...]; absent or null: none. */
static int
policy_suspensions(json_t *in, struct deadline_suspension *s, int *n)
{
	json_t *arr = json_object_get(in, "suspensions"), *v;
	size_t i;
	int present;

	*n = 0;
	if (arr == NULL || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) ||
	    json_array_size(arr) > POLICY_MAX_SUSPENSIONS) {
		cli_error("policy eval: \"suspensions\" must be an array of "
			  "at most %d [from, to] pairs",
			  POLICY_MAX_SUSPENSIONS);
		return -1;
	}
	json_array_foreach(arr, i, v)
	{
		json_t *pair;

		if (!json_is_array(v) || json_array_size(v) != 2) {
			cli_error("policy eval: each suspension must be "
				  "[from, to] (dates; to may be null: open)");
			return -1;
		}
		pair = json_pack("{s:O, s:O}", "from", json_array_get(v, 0),
				 "to", json_array_get(v, 1));
		if (pair == NULL ||
		    policy_date(pair, "suspensions[].", "from", 1, &present,
				&s[i].from) != 0 ||
		    policy_date(pair, "suspensions[].", "to", 0, &present,
				&s[i].to) != 0) {
			json_decref(pair);
			return -1;
		}
		json_decref(pair);
		s[i].open = !present;
		*n = (int)i + 1;
	}
	return 0;
}

static int
policy_eval_deadline(const struct profile *p, json_t *in)
{
	static const char *const keys[] = {"kind", "received", "suspensions",
					   "extended_on"};
	struct deadline_suspension susp[POLICY_MAX_SUSPENSIONS];
	struct deadline_in din;
	struct deadline_out out;
	const char *kind, *key, *ext;
	char *cause = NULL, *text;
	json_t *o, *v;
	int k, present;

	memset(&din, 0, sizeof din);
	/* A misspelt "extended_on" would quietly drop the extension. */
	json_object_foreach(in, key, v)
	{
		size_t i = 0;

		while (i < ZK_ARRAY_SIZE(keys) && strcmp(keys[i], key) != 0)
			i++;
		if (i == ZK_ARRAY_SIZE(keys)) {
			cli_error("policy eval: unknown field \"%.100s\" (the "
				  "fields are kind, received, suspensions and "
				  "extended_on)",
				  key);
			return CLI_USAGE;
		}
	}
	if (policy_req_string(in, "", "kind", &kind) != 0 ||
	    policy_date(in, "", "received", 1, &present, &din.received) != 0 ||
	    policy_date(in, "", "extended_on", 0, &present, &din.extended_on) !=
		0)
		return CLI_USAGE;
	din.extended = present;
	if ((k = rq_kind_parse(kind)) < 0)
		return policy_unknown("unknown_kind", "RQ-2", "kind of request",
				      kind,
				      "access, copy, portability, "
				      "rectification, completion, erasure, "
				      "shielding, restriction, objection, log "
				      "or scheme");
	din.kind = (enum rq_kind)k;
	if (policy_suspensions(in, susp, &din.nsusp) != 0)
		return CLI_USAGE;
	din.susp = susp;
	if (deadline_eval(p, &din, &out, &cause) != 0) {
		cli_error("policy eval: %s", cause ? cause : "bad request");
		free(cause);
		return CLI_USAGE;
	}
	/* The keys in this order; "suspended" only when true. */
	ext = deadline_extension_name(out.extension);
	o = json_object();
	if (o == NULL)
		return CLI_FAIL;
	json_object_set_new(o, "due",
			    policy_date_json(!out.suspended, out.due));
	if (out.suspended)
		json_object_set_new(o, "suspended", json_true());
	json_object_set_new(
	    o, "carry_out_by",
	    policy_date_json(out.has_carry_out, out.carry_out_by));
	json_object_set_new(o, "extension",
			    ext ? json_string(ext) : json_null());
	json_object_set_new(o, "rule", json_string(out.rule));
	text = json_dumps(o, JSON_COMPACT);
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(o);
	return text != NULL ? CLI_OK : CLI_FAIL;
}

/*
 * DIS-1 to DIS-5, OBJ-1, SEC-2: one disclosure. Every field is named, so
 * a misspelt one is an error rather than a fact quietly false.
 */
static int
policy_eval_disclosure(const struct profile *p, json_t *in)
{
	static const char *const keys[] = {"recipient_kind", "country",
					   "category",	     "consent",
					   "objection",	     "legal_obligation",
					   "identifiable",   "subject_deceased",
					   "purpose",	     "certified"};
	static const char *const flags[] = {"consent", "objection",
					    "legal_obligation", "identifiable",
					    "subject_deceased"};
	struct disclosure_facts f;
	struct disclosure_answer ans;
	const char *kind, *country, *cat, *purpose, *key;
	bool *flag_out[] = {&f.consent, &f.objection, &f.legal_obligation,
			    &f.identifiable, &f.subject_deceased};
	char *text;
	json_t *o, *v;
	int k, c, pu = DISCLOSURE_FOR_UNSPECIFIED;

	memset(&f, 0, sizeof f);
	json_object_foreach(in, key, v)
	{
		size_t i = 0;

		while (i < ZK_ARRAY_SIZE(keys) && strcmp(keys[i], key) != 0)
			i++;
		if (i == ZK_ARRAY_SIZE(keys)) {
			cli_error("policy eval: unknown field \"%.100s\" (the "
				  "fields are recipient_kind, country, "
				  "category, consent, objection, "
				  "legal_obligation, identifiable, "
				  "subject_deceased, purpose and certified)",
				  key);
			return CLI_USAGE;
		}
	}
	if (policy_req_string(in, "", "recipient_kind", &kind) != 0 ||
	    policy_req_string(in, "", "country", &country) != 0 ||
	    policy_req_string(in, "", "category", &cat) != 0 ||
	    policy_opt_string(in, "purpose", &purpose) != 0)
		return CLI_USAGE;
	/* The facts a decision turns on are stated, never assumed false. */
	for (size_t i = 0; i < ZK_ARRAY_SIZE(flags); i++) {
		if (!json_is_boolean(json_object_get(in, flags[i]))) {
			cli_error("policy eval: \"%s\" is required and must "
				  "be true or false",
				  flags[i]);
			return CLI_USAGE;
		}
		*flag_out[i] = json_is_true(json_object_get(in, flags[i]));
	}
	if (policy_bool(in, "", "certified", &f.certified) != 0)
		return CLI_USAGE;
	if ((k = profile_recipient_parse(kind)) < 0)
		return policy_unknown("unknown_recipient_kind", "DIS-1",
				      "recipient kind", kind,
				      "specialist, care_provider, insurer, "
				      "directly_involved, statistics, "
				      "researcher, public_body or other");
	if ((c = vocab_category(cat)) < 0)
		return policy_unknown("unknown_category", "CAT-1", "category",
				      cat,
				      "identity, bsn, care, medical, "
				      "work_note, special, financial, hr or "
				      "application");
	if (purpose != NULL && ((pu = disclosure_purpose_parse(purpose)) < 0 ||
				pu == DISCLOSURE_FOR_UNSPECIFIED))
		return policy_unknown("unknown_purpose", "OBJ-1", "purpose",
				      purpose,
				      "treatment, risk_assessment, "
				      "contract_execution, research or null");
	if (disclosure_adequacy(country, NULL) == ADEQUACY_INVALID)
		return policy_unknown("unknown_country", "SEC-2", "country",
				      country,
				      "an ISO 3166-1 alpha-2 code such as NL");
	for (int i = 0; i < 2; i++)
		f.country[i] = (char)(country[i] >= 'a' && country[i] <= 'z'
					  ? country[i] - 'a' + 'A'
					  : country[i]);
	f.recipient_kind = (enum profile_recipient)k;
	f.category = (enum zk_category)c;
	f.purpose = (enum disclosure_purpose)pu;
	disclosure_decide(p, &f, &ans);
	o = json_pack("{s:s, s:s, s:s}", "decision",
		      ans.permit ? "permit" : "deny", "ground", ans.ground,
		      "rule", ans.rule);
	text = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	if (text != NULL)
		puts(text);
	free(text);
	json_decref(o);
	return text != NULL ? CLI_OK : CLI_FAIL;
}

/*
 * The common part of every "policy eval": the --profile FILE argument,
 * the profile, and one JSON object of facts on stdin (at most 1 MiB).
 * CLI_OK with *p and *in to free, or the exit status, the error said.
 */
int
policy_facts(int argc, char **argv, struct profile **pp, json_t **inp)
{
	const char *pfile = NULL;
	struct profile *p = NULL;
	char *text = NULL, *cause = NULL;
	json_error_t jerr;
	json_t *in;
	size_t len;
	int rc;

	*pp = NULL;
	*inp = NULL;
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--profile") == 0 && i + 1 < argc) {
			pfile = argv[++i];
		} else if (strncmp(argv[i], "--profile=", 10) == 0) {
			pfile = argv[i] + 10;
		} else {
			cli_error("policy eval: unexpected argument \"%s\"",
				  argv[i]);
			return CLI_USAGE;
		}
	}
	if (pfile == NULL) {
		cli_error("policy eval: --profile FILE is required");
		return CLI_USAGE;
	}
	if ((rc = profile_load_file(pfile, &p, &cause)) != 0)
		return cli_fail(rc, cause, "policy eval: bad profile");
	if ((rc = policy_read_stdin(&text, &len)) != 0) {
		profile_free(p);
		cli_error("policy eval: %s", rc == ZK_ETOOBIG
						 ? "input larger than 1 MiB"
						 : "cannot read stdin");
		return CLI_USAGE;
	}
	in = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (in == NULL || !json_is_object(in)) {
		if (in == NULL)
			cli_error("policy eval: stdin:%d:%d: %s", jerr.line,
				  jerr.column, jerr.text);
		else
			cli_error("policy eval: the facts must be one JSON "
				  "object");
		json_decref(in);
		profile_free(p);
		return CLI_USAGE;
	}
	*pp = p;
	*inp = in;
	return CLI_OK;
}

int
policy_run(int argc, char **argv, const char *usage,
	   int (*eval)(const struct profile *p, json_t *in))
{
	struct profile *p;
	json_t *in;
	int rc;

	if (cli_wants_help(argc, argv)) {
		fputs(usage, stdout);
		return CLI_OK;
	}
	if ((rc = policy_facts(argc, argv, &p, &in)) != CLI_OK)
		return rc;
	rc = eval(p, in);
	json_decref(in);
	profile_free(p);
	return rc;
}

int
cmd_policy(int argc, char **argv)
{
	struct profile *p = NULL;
	json_t *in;
	int rc;

	if (argc >= 3 && strcmp(argv[1], "eval") == 0 &&
	    strcmp(argv[2], "retention") == 0)
		return cmd_policy_retention(argc, argv);
	if (argc >= 3 && strcmp(argv[1], "eval") == 0 &&
	    strcmp(argv[2], "breach") == 0)
		return cmd_policy_breach(argc, argv);
	if (argc >= 3 && strcmp(argv[1], "eval") == 0 &&
	    strcmp(argv[2], "research") == 0)
		return cmd_policy_research(argc, argv);
	if (cmd_policy_batch_wanted(argc, argv))
		return cmd_policy_batch(argc, argv);
	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(policy_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "eval") != 0 || argc < 3 ||
	    (strcmp(argv[2], "authz") != 0 &&
	     strcmp(argv[2], "representation") != 0 &&
	     strcmp(argv[2], "deadline") != 0 &&
	     strcmp(argv[2], "disclosure") != 0)) {
		cli_error("policy: use 'zorgkluis policy eval authz|"
			  "representation|deadline|disclosure|retention|"
			  "breach|research --profile FILE'");
		return CLI_USAGE;
	}
	if ((rc = policy_facts(argc, argv, &p, &in)) != CLI_OK)
		return rc;
	if (strcmp(argv[2], "authz") == 0)
		rc = policy_eval_authz(p, in);
	else if (strcmp(argv[2], "representation") == 0)
		rc = policy_eval_representation(p, in);
	else if (strcmp(argv[2], "deadline") == 0)
		rc = policy_eval_deadline(p, in);
	else
		rc = policy_eval_disclosure(p, in);
	json_decref(in);
	profile_free(p);
	return rc;
}
