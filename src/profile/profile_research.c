/*
 * profile_research.c: reads the "research" section of a profile
 * (profile_research.h). profile.c calls it once, after the roles and
 * categories are read, so that roles and fields can be checked by name.
 *
 * The section cannot weaken the law: every RES-1 condition must be named
 * with who confirms it (a profile may not drop one), a quasi-identifier
 * or an exported field may never be a direct identifier (a name, an
 * address, a BSN, a contact detail, a document number) nor free text,
 * which no generalisation makes anonymous, and k is at least 2. Errors
 * name the path of the value (research.quasi_identifiers[1].ladder);
 * jansson keeps no positions of values, and profile.c's locator is its
 * own (decision in docs/decisions.md).
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/zk.h"
#include "profile/profile.h"

static const char *const profile_res_names[PROFILE_RES_COUNT] = {
    "public_interest", "necessary", "consent_impracticable", "safeguards"};

/* Identity fields that name a person directly: never released. */
static const char *const profile_res_direct[] = {
    "family_name",	"given_names",	      "address", "phone", "email",
    "id_document_type", "id_document_number", NULL};

const char *
profile_res_condition_name(enum profile_res_condition c)
{
	if ((int)c < 0 || c >= PROFILE_RES_COUNT)
		return "?";
	return profile_res_names[c];
}

int
profile_res_condition_parse(const char *s)
{
	for (int i = 0; s != NULL && i < PROFILE_RES_COUNT; i++)
		if (strcmp(s, profile_res_names[i]) == 0)
			return i;
	return -1;
}

static int
profile_res_fail(char **cause, const char *name, const char *path,
		 const char *what)
{
	return zk_fail(cause, ZK_EPROFILE, "%s: research%s: %s", name, path,
		       what);
}

/* Only keys (and cite, note, assumption) in obj. */
static int
profile_res_keys(json_t *obj, const char *const *keys, const char *name,
		 const char *path, char **cause)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v)
	{
		int ok = strcmp(k, "cite") == 0 || strcmp(k, "note") == 0 ||
			 strcmp(k, "assumption") == 0;
		char msg[128];

		for (size_t i = 0; !ok && keys[i] != NULL; i++)
			ok = strcmp(k, keys[i]) == 0;
		if (!ok) {
			snprintf(msg, sizeof msg, "unknown setting \"%.60s\"",
				 k);
			return profile_res_fail(cause, name, path, msg);
		}
	}
	return 0;
}

/* A non-empty array of role ids into a mask. */
static int
profile_res_roles(const struct profile *p, json_t *arr, uint32_t *mask,
		  const char *name, const char *path, char **cause)
{
	size_t i;
	json_t *v;
	char msg[128];

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return profile_res_fail(cause, name, path,
					"must be a non-empty list of roles");
	json_array_foreach(arr, i, v)
	{
		int r = json_is_string(v)
			    ? profile_role_index(p, json_string_value(v))
			    : -1;

		if (r < 0) {
			snprintf(msg, sizeof msg, "[%zu] is not a role", i);
			return profile_res_fail(cause, name, path, msg);
		}
		if (profile_role_portal(p, r))
			return profile_res_fail(cause, name, path,
						"a portal role cannot confirm "
						"or export research");
		*mask |= 1u << r;
	}
	return 0;
}

static int
profile_res_conditions(const struct profile *p, json_t *obj,
		       struct profile_research *r, const char *name,
		       char **cause)
{
	static const char *const keys[] = {"confirmed_by", NULL};
	char path[96];

	if (!json_is_object(obj))
		return profile_res_fail(cause, name, ".conditions",
					"must be an object naming every RES-1 "
					"condition");
	if (profile_res_keys(obj, profile_res_names, name, ".conditions",
			     cause) != 0)
		return ZK_EPROFILE;
	for (int c = 0; c < PROFILE_RES_COUNT; c++) {
		json_t *v = json_object_get(obj, profile_res_names[c]);

		snprintf(path, sizeof path, ".conditions.%s",
			 profile_res_names[c]);
		if (!json_is_object(v))
			return profile_res_fail(cause, name, path,
						"missing: RES-1 needs every "
						"condition confirmed");
		if (profile_res_keys(v, keys, name, path, cause) != 0)
			return ZK_EPROFILE;
		snprintf(path, sizeof path, ".conditions.%s.confirmed_by",
			 profile_res_names[c]);
		if (profile_res_roles(p, json_object_get(v, "confirmed_by"),
				      &r->confirm[c], name, path, cause) != 0)
			return ZK_EPROFILE;
	}
	return 0;
}

static int
profile_res_qi(const struct profile *p, json_t *v, size_t i,
	       struct profile_research_qi *q, const char *name, char **cause)
{
	static const char *const keys[] = {"field", "ladder", NULL};
	const struct profile_field *f;
	json_t *ladder, *s;
	char path[96];
	size_t j;

	snprintf(path, sizeof path, ".quasi_identifiers[%zu]", i);
	if (!json_is_object(v))
		return profile_res_fail(cause, name, path,
					"must be an object with \"field\" and "
					"\"ladder\"");
	if (profile_res_keys(v, keys, name, path, cause) != 0)
		return ZK_EPROFILE;
	s = json_object_get(v, "field");
	if (!json_is_string(s) ||
	    (f = profile_field(p, ZK_CAT_IDENTITY, json_string_value(s))) ==
		NULL)
		return profile_res_fail(cause, name, path,
					"\"field\" must name a field of the "
					"identity category");
	for (j = 0; profile_res_direct[j] != NULL; j++)
		if (strcmp(f->name, profile_res_direct[j]) == 0)
			return profile_res_fail(cause, name, path,
						"a direct identifier is never "
						"released (RES-2)");
	if (f->type == PROFILE_FIELD_TEXT)
		return profile_res_fail(cause, name, path,
					"free text cannot be generalised");
	zk_strlcpy(q->field, f->name, sizeof q->field);
	ladder = json_object_get(v, "ladder");
	snprintf(path, sizeof path, ".quasi_identifiers[%zu].ladder", i);
	if (!json_is_array(ladder) || json_array_size(ladder) == 0 ||
	    json_array_size(ladder) > KANON_MAX_STEPS)
		return profile_res_fail(cause, name, path,
					"must list 1 to 6 steps");
	json_array_foreach(ladder, j, s)
	{
		int st = kanon_step_parse(json_string_value(s));
		int date =
		    st == KANON_YEAR || st == KANON_YEAR5 || st == KANON_YEAR10;

		if (st < 0)
			return profile_res_fail(cause, name, path,
						"a step is keep, year, year5, "
						"year10, digits4, digits2 or "
						"suppress");
		if (date && f->type != PROFILE_FIELD_DATE)
			return profile_res_fail(cause, name, path,
						"a year step needs a date "
						"field");
		if (j > 0 && st <= (int)q->ladder.steps[j - 1])
			return profile_res_fail(cause, name, path,
						"each step must generalise "
						"more than the one before");
		q->ladder.steps[j] = (enum kanon_step)st;
	}
	q->ladder.nsteps = (int)json_array_size(ladder);
	return 0;
}

static int
profile_res_export(const struct profile *p, json_t *obj,
		   struct profile_research *r, const char *name, char **cause)
{
	const char *k;
	json_t *v, *s;
	char path[96];

	if (!json_is_object(obj))
		return profile_res_fail(cause, name, ".export",
					"must map categories to lists of "
					"fields");
	json_object_foreach(obj, k, v)
	{
		int c = vocab_category(k);
		size_t j;

		snprintf(path, sizeof path, ".export.%.40s", k);
		if (strcmp(k, "cite") == 0 || strcmp(k, "note") == 0 ||
		    strcmp(k, "assumption") == 0)
			continue;
		if (c < 0 || !p->categories[c].used)
			return profile_res_fail(cause, name, path,
						"not a category of the "
						"profile");
		if (c == ZK_CAT_IDENTITY || c == ZK_CAT_BSN)
			return profile_res_fail(cause, name, path,
						"identity goes out only as "
						"quasi-identifiers (RES-2)");
		if (!json_is_array(v) || json_array_size(v) == 0)
			return profile_res_fail(cause, name, path,
						"must be a non-empty list of "
						"fields");
		json_array_foreach(v, j, s)
		{
			const struct profile_field *f = profile_field(
			    p, (enum zk_category)c, json_string_value(s));

			if (!json_is_string(s) || f == NULL)
				return profile_res_fail(cause, name, path,
							"names a field the "
							"category does not "
							"have");
			if (f->type == PROFILE_FIELD_TEXT)
				return profile_res_fail(
				    cause, name, path,
				    "free text may name a person and is "
				    "never exported (RES-2)");
			r->fields[c] |= 1u << (f - p->categories[c].fields);
		}
	}
	return 0;
}

int
profile_research_read(const void *rootv, struct profile *p, const char *name,
		      char **cause)
{
	static const char *const keys[] = {
	    "without_consent",	 "managers", "conditions",
	    "objection_kinds",	 "k",	     "max_suppressed_percent",
	    "quasi_identifiers", "export",   NULL};
	json_t *root = (json_t *)rootv, *obj, *v;
	struct profile_research *r = &p->research;
	size_t i;

	memset(r, 0, sizeof *r);
	if ((obj = json_object_get(root, "research")) == NULL)
		return 0;
	if (!json_is_object(obj))
		return profile_res_fail(cause, name, "", "must be an object");
	if (profile_res_keys(obj, keys, name, "", cause) != 0)
		return ZK_EPROFILE;
	v = json_object_get(obj, "without_consent");
	if (!json_is_boolean(v))
		return profile_res_fail(cause, name, ".without_consent",
					"must be true or false");
	r->without_consent = json_is_true(v);
	if (profile_res_roles(p, json_object_get(obj, "managers"), &r->managers,
			      name, ".managers", cause) != 0 ||
	    profile_res_conditions(p, json_object_get(obj, "conditions"), r,
				   name, cause) != 0)
		return ZK_EPROFILE;
	v = json_object_get(obj, "objection_kinds");
	if (!json_is_array(v) || json_array_size(v) == 0)
		return profile_res_fail(cause, name, ".objection_kinds",
					"must list the recipient kinds whose "
					"objection leaves a subject out "
					"(OBJ-1)");
	{
		json_t *s;

		json_array_foreach(v, i, s)
		{
			int kind =
			    profile_recipient_parse(json_string_value(s));

			if (!json_is_string(s) || kind < 0)
				return profile_res_fail(cause, name,
							".objection_kinds",
							"names no kind of "
							"recipient");
			r->objection_kinds |= 1u << kind;
		}
	}
	v = json_object_get(obj, "k");
	if (!json_is_integer(v) || json_integer_value(v) < 2 ||
	    json_integer_value(v) > 1000)
		return profile_res_fail(cause, name, ".k",
					"must be a whole number from 2 to "
					"1000");
	r->k = (int)json_integer_value(v);
	v = json_object_get(obj, "max_suppressed_percent");
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > 50)
		return profile_res_fail(cause, name, ".max_suppressed_percent",
					"must be a whole number from 0 to 50");
	r->max_suppress_permille = (int)json_integer_value(v) * 10;
	v = json_object_get(obj, "quasi_identifiers");
	if (!json_is_array(v) || json_array_size(v) == 0 ||
	    json_array_size(v) > KANON_MAX_QI)
		return profile_res_fail(cause, name, ".quasi_identifiers",
					"must list 1 to 8 quasi-identifiers");
	{
		json_t *q;

		json_array_foreach(v, i, q)
		{
			if (profile_res_qi(p, q, i, &r->qi[i], name, cause) !=
			    0)
				return ZK_EPROFILE;
			for (size_t j = 0; j < i; j++)
				if (strcmp(r->qi[j].field, r->qi[i].field) == 0)
					return profile_res_fail(
					    cause, name, ".quasi_identifiers",
					    "a field is declared twice");
		}
		r->nqi = (int)json_array_size(v);
	}
	if ((v = json_object_get(obj, "export")) != NULL &&
	    profile_res_export(p, v, r, name, cause) != 0)
		return ZK_EPROFILE;
	r->set = 1;
	return 0;
}
