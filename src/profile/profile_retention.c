/*
 * profile_retention.c: reads the "retention" section of a profile (RET-1,
 * RET-2): per category a period and its start, and per kind of subject a
 * rule of its own, each with the source it rests on:
 *
 *   "identity": {"period": "P20Y", "from": "last_change", "cite": "...",
 *                "kinds": {"applicant": {"period": "P4W",
 *                                        "from": "end_of_relationship",
 *                                        "cite": "..."}}}
 *
 * The category's own period, if any, holds for every kind the "kinds"
 * object does not name; a profile written before kinds had rules of their
 * own therefore reads as before. A kind's rule must name its source
 * ("cite"): a period for employees or applicants comes from a law or a
 * purpose of its own, not from the client's record. The law's floor for
 * the client record (WGBO 7:454(3)) is not a profile setting: the
 * retention decision (policy/retention.c) applies it.
 */
#include <string.h>

#include "core/zk.h"
#include "profile/profile_int.h"

static const char *const profile_from_names[] = {"creation", "last_change",
						 "end_of_relationship"};

static const char *const profile_retention_categories[ZK_CAT_COUNT] = {
    "identity", "bsn",	     "care", "medical",	    "work_note",
    "special",	"financial", "hr",   "application",
};

static const char *const profile_retention_kinds[ZK_KIND_COUNT] = {
    "client", "employee", "intern", "volunteer", "applicant",
};

const char *
profile_from_name(enum profile_from f)
{
	return (unsigned)f < ZK_ARRAY_SIZE(profile_from_names)
		   ? profile_from_names[f]
		   : "?";
}

int
profile_retention_rule(const struct profile *p, enum zk_category c,
		       enum zk_kind k, struct profile_retention_rule *out)
{
	const struct profile_retention *r;

	memset(out, 0, sizeof *out);
	if ((unsigned)c >= ZK_CAT_COUNT || (unsigned)k >= ZK_KIND_COUNT)
		return 0;
	r = &p->retention[c];
	if (r->kinds[k].set) {
		*out = r->kinds[k];
		return 1;
	}
	if (!r->set)
		return 0;
	out->set = 1;
	out->period = r->period;
	out->from = r->from;
	memcpy(out->cite, r->cite, sizeof out->cite);
	return 1;
}

/* "period" and "from" of v; both or neither unless required. */
static int
profile_retention_period(struct profile_ctx *cx, json_t *v, int required,
			 struct profile_period *period, enum profile_from *from,
			 int *set)
{
	char name[32] = "";
	int f, rc;

	*set = 0;
	if (!required && json_object_get(v, "period") == NULL &&
	    json_object_get(v, "from") == NULL)
		return 0;
	if ((rc = profile_get_period(cx, v, "period", 1, period)) != 0 ||
	    (rc = profile_get_string(cx, v, "from", 1, name, sizeof name)) != 0)
		return rc;
	if ((f = profile_find(profile_from_names, 3, name)) < 0) {
		profile_push_key(cx, "from");
		rc = profile_error(cx,
				   "\"from\" must be creation, last_change or "
				   "end_of_relationship");
		profile_pop(cx);
		return rc;
	}
	*from = (enum profile_from)f;
	*set = 1;
	return 0;
}

/* One kind's rule inside "kinds". */
static int
profile_retention_kind(struct profile_ctx *cx, json_t *v, enum zk_category c,
		       enum zk_kind k, struct profile *p)
{
	static const char *const keys[] = {"period", "from", NULL};
	struct profile_retention_rule *r = &p->retention[c].kinds[k];
	int rc;

	if (!json_is_object(v))
		return profile_error(cx, "\"%s\" must be an object",
				     profile_retention_kinds[k]);
	if (!(p->kinds & (1u << k)))
		return profile_error(cx,
				     "kind \"%s\" is not in \"subject_kinds\"",
				     profile_retention_kinds[k]);
	if (!(p->categories[c].kinds & (1u << k)))
		return profile_error(cx,
				     "category \"%s\" does not apply to kind "
				     "\"%s\"",
				     profile_retention_categories[c],
				     profile_retention_kinds[k]);
	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_retention_period(cx, v, 1, &r->period, &r->from,
					   &r->set)) != 0 ||
	    (rc = profile_get_string(cx, v, "cite", 1, r->cite,
				     sizeof r->cite)) != 0)
		return rc;
	return 0;
}

static int
profile_retention_one(struct profile_ctx *cx, json_t *v, int i,
		      struct profile *p)
{
	static const char *const keys[] = {"period", "from", "kinds", NULL};
	struct profile_retention *r = &p->retention[i];
	json_t *kinds = json_object_get(v, "kinds"), *kv;
	const char *name;
	int rc;

	if (!p->categories[i].used)
		return profile_error(cx,
				     "category \"%s\" is not declared in "
				     "\"categories\"",
				     profile_retention_categories[i]);
	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_retention_period(cx, v, kinds == NULL, &r->period,
					   &r->from, &r->set)) != 0)
		return rc;
	/* Shown with the decision; a long one written before it was shown
	   is cut rather than refused. */
	if (json_is_string(json_object_get(v, "cite")))
		zk_strlcpy(r->cite,
			   json_string_value(json_object_get(v, "cite")),
			   sizeof r->cite);
	if (kinds == NULL)
		return 0;
	profile_push_key(cx, "kinds");
	if (!json_is_object(kinds)) {
		rc = profile_error(cx, "\"kinds\" must be an object");
		goto out;
	}
	json_object_foreach(kinds, name, kv)
	{
		int k =
		    profile_find(profile_retention_kinds, ZK_KIND_COUNT, name);

		if (strcmp(name, "cite") == 0 || strcmp(name, "note") == 0 ||
		    strcmp(name, "assumption") == 0)
			continue;
		profile_push_key(cx, name);
		if (k < 0)
			rc = profile_error(cx,
					   "unknown kind \"%s\": client, "
					   "employee, intern, volunteer or "
					   "applicant",
					   name);
		else
			rc = profile_retention_kind(cx, kv, (enum zk_category)i,
						    (enum zk_kind)k, p);
		profile_pop(cx);
		if (rc != 0)
			break;
	}
out:
	profile_pop(cx);
	return rc;
}

int
profile_retention_read(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	return profile_sections(cx, root, "retention",
				profile_retention_categories, ZK_CAT_COUNT, p,
				profile_retention_one);
}
