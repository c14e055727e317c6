/*
 * profile.c: loads a regulation profile from JSON and validates it.
 *
 * jansson parses the document and reports syntax errors with line and
 * column. jansson keeps no positions for the values it parsed, so when a
 * value is valid JSON but breaks a profile rule (an unknown role, a bad
 * date), profile_locate() walks the already-validated text once more along
 * the path of that value to name its line and column. It only skips over
 * tokens; it is not a second parser.
 *
 * Every object in a profile may carry "cite" (the article it encodes),
 * "note", and "assumption" (what the profile assumes where the regulation
 * is silent); other unknown keys are errors, so a typo in a setting never
 * silently leaves the default in force.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/zk.h"
#include "policy/disclosure.h"
#include "profile/profile.h"
#include "profile/profile_int.h"

/* --- locating a value in the text ------------------------------------ */

static size_t
profile_skip_ws(const char *t, size_t len, size_t i)
{
	while (i < len &&
	       (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i;
}

/* Skips a string starting at the quote; returns the index after it. */
static size_t
profile_skip_string(const char *t, size_t len, size_t i)
{
	for (i++; i < len; i++) {
		if (t[i] == '\\')
			i++;
		else if (t[i] == '"')
			return i + 1;
	}
	return len;
}

/* Skips one JSON value starting at i; returns the index after it. */
static size_t
profile_skip_value(const char *t, size_t len, size_t i)
{
	int depth = 0;

	i = profile_skip_ws(t, len, i);
	if (i >= len)
		return len;
	if (t[i] == '"')
		return profile_skip_string(t, len, i);
	if (t[i] != '{' && t[i] != '[') {
		while (i < len && strchr(",}] \t\r\n", t[i]) == NULL)
			i++;
		return i;
	}
	for (; i < len; i++) {
		if (t[i] == '"') {
			i = profile_skip_string(t, len, i) - 1;
		} else if (t[i] == '{' || t[i] == '[') {
			depth++;
		} else if (t[i] == '}' || t[i] == ']') {
			if (--depth == 0)
				return i + 1;
		}
	}
	return len;
}

/*
 * Finds the start of the value at path (up to depth levels) and returns its
 * offset, or the offset of the deepest enclosing value found.
 */
static size_t
profile_locate(const char *t, size_t len, const struct profile_path *path)
{
	size_t i = profile_skip_ws(t, len, 0);

	for (int d = 0; d < path->depth; d++) {
		size_t found = (size_t)-1;

		if (i >= len)
			break;
		if (path->key[d] != NULL && t[i] == '{') {
			size_t klen = strlen(path->key[d]);

			i++;
			while (i < len) {
				size_t ks, ke;

				i = profile_skip_ws(t, len, i);
				if (i >= len || t[i] != '"')
					break;
				ks = i + 1;
				ke = profile_skip_string(t, len, i);
				i = profile_skip_ws(t, len, ke);
				if (i < len && t[i] == ':')
					i = profile_skip_ws(t, len, i + 1);
				if (ke - 1 - ks == klen &&
				    memcmp(t + ks, path->key[d], klen) == 0) {
					found = i;
					break;
				}
				i = profile_skip_ws(
				    t, len, profile_skip_value(t, len, i));
				if (i < len && t[i] == ',')
					i++;
			}
		} else if (path->key[d] == NULL && t[i] == '[') {
			size_t n = 0;

			i++;
			while (i < len) {
				i = profile_skip_ws(t, len, i);
				if (i >= len || t[i] == ']')
					break;
				if (n == path->index[d]) {
					found = i;
					break;
				}
				i = profile_skip_ws(
				    t, len, profile_skip_value(t, len, i));
				if (i < len && t[i] == ',')
					i++;
				n++;
			}
		}
		if (found == (size_t)-1)
			break;
		i = found;
	}
	return i;
}

int
profile_error(struct profile_ctx *cx, const char *fmt, ...)
{
	size_t off = profile_locate(cx->text, cx->len, &cx->path);
	int line = 1, col = 1;
	char msg[512];
	va_list ap;

	for (size_t i = 0; i < off && i < cx->len; i++) {
		if (cx->text[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)cx->text[i] & 0xc0) != 0x80) {
			col++;
		}
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return zk_fail(cx->cause, ZK_EPROFILE, "%s:%d:%d: %s", cx->name, line,
		       col, msg);
}

void
profile_push_key(struct profile_ctx *cx, const char *key)
{
	if (cx->path.depth < PROFILE_PATH_MAX) {
		cx->path.key[cx->path.depth] = key;
		cx->path.index[cx->path.depth] = 0;
	}
	cx->path.depth++;
}

static void
profile_push_index(struct profile_ctx *cx, size_t index)
{
	if (cx->path.depth < PROFILE_PATH_MAX) {
		cx->path.key[cx->path.depth] = NULL;
		cx->path.index[cx->path.depth] = index;
	}
	cx->path.depth++;
}

void
profile_pop(struct profile_ctx *cx)
{
	cx->path.depth--;
}

/* --- typed getters ----------------------------------------------------- */

static int profile_get_flag(struct profile_ctx *cx, json_t *v, const char *key,
			    int *out);
static int profile_get_int(struct profile_ctx *cx, json_t *obj, const char *key,
			   int lo, int hi, int *out);

/* Whether k is one of the keys that only document: cite, note, assumption. */
static int
profile_doc_key(const char *k)
{
	return strcmp(k, "cite") == 0 || strcmp(k, "note") == 0 ||
	       strcmp(k, "assumption") == 0;
}

/* Checks that obj has only the listed keys (plus the documenting ones). */
int
profile_known_keys(struct profile_ctx *cx, json_t *obj, const char *const *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(obj, k, v)
	{
		int ok = profile_doc_key(k);

		for (size_t i = 0; !ok && keys[i] != NULL; i++)
			ok = strcmp(k, keys[i]) == 0;
		if (!ok) {
			int rc;

			profile_push_key(cx, k);
			rc = profile_error(cx, "unknown setting \"%s\"", k);
			profile_pop(cx);
			return rc;
		}
		if (strcmp(k, "cite") == 0 && !json_is_string(v)) {
			int rc;

			profile_push_key(cx, k);
			rc = profile_error(cx, "\"cite\" must be a string");
			profile_pop(cx);
			return rc;
		}
	}
	return 0;
}

/*
 * Gets obj[key] as a string into out (size n). A missing key is an error
 * when required, else leaves out unchanged.
 */
int
profile_get_string(struct profile_ctx *cx, json_t *obj, const char *key,
		   int required, char *out, size_t n)
{
	json_t *v = json_object_get(obj, key);
	int rc = 0;

	if (v == NULL) {
		if (required)
			return profile_error(cx, "missing \"%s\"", key);
		return 0;
	}
	profile_push_key(cx, key);
	if (!json_is_string(v))
		rc = profile_error(cx, "\"%s\" must be a string", key);
	else if (json_string_length(v) == 0)
		rc = profile_error(cx, "\"%s\" must not be empty", key);
	else if (json_string_length(v) >= n)
		rc = profile_error(cx, "\"%s\" is longer than %zu bytes", key,
				   n - 1);
	else
		zk_strlcpy(out, json_string_value(v), n);
	profile_pop(cx);
	return rc;
}

static int
profile_get_date(struct profile_ctx *cx, json_t *obj, const char *key,
		 int32_t *out)
{
	char buf[32];
	int rc;

	rc = profile_get_string(cx, obj, key, 1, buf, sizeof buf);
	if (rc != 0)
		return rc;
	if (zk_date_parse(buf, out) != 0) {
		profile_push_key(cx, key);
		rc = profile_error(cx, "\"%s\" is not a date (YYYY-MM-DD): %s",
				   key, buf);
		profile_pop(cx);
	}
	return rc;
}

/* A name object {"nl": "...", "en": "..."}. */
static int
profile_get_names(struct profile_ctx *cx, json_t *obj, char *nl, size_t nln,
		  char *en, size_t enn)
{
	static const char *const keys[] = {"nl", "en", NULL};
	json_t *v = json_object_get(obj, "name");
	int rc;

	if (v == NULL)
		return profile_error(cx, "missing \"name\"");
	profile_push_key(cx, "name");
	if (!json_is_object(v))
		rc = profile_error(cx, "\"name\" must be an object with \"nl\" "
				       "and \"en\"");
	else if ((rc = profile_known_keys(cx, v, keys)) == 0 &&
		 (rc = profile_get_string(cx, v, "nl", 1, nl, nln)) == 0)
		rc = profile_get_string(cx, v, "en", 1, en, enn);
	profile_pop(cx);
	return rc;
}

/* Name lookups in the shape profile_get_mask() wants. */
static int
lookup_kind(const struct profile *p, const char *s)
{
	return vocab_kind(s);
}

static int
lookup_category(const struct profile *p, const char *s)
{
	return vocab_category(s);
}

static int
lookup_action(const struct profile *p, const char *s)
{
	return vocab_action(s);
}

static int
lookup_basis(const struct profile *p, const char *s)
{
	return vocab_basis(s);
}

/*
 * Reads obj[key], an array of names, into a bit mask through lookup. A
 * name lookup does not know is an error naming the word.
 */
static int
profile_get_mask(struct profile_ctx *cx, json_t *obj, const char *key,
		 int required, const struct profile *p,
		 int (*lookup)(const struct profile *, const char *),
		 const char *what, unsigned *mask)
{
	json_t *arr = json_object_get(obj, key), *v;
	size_t i;
	int rc = 0;

	*mask = 0;
	if (arr == NULL)
		return required ? profile_error(cx, "missing \"%s\"", key) : 0;
	profile_push_key(cx, key);
	if (!json_is_array(arr)) {
		rc = profile_error(cx, "\"%s\" must be an array of %s names",
				   key, what);
		goto out;
	}
	json_array_foreach(arr, i, v)
	{
		int x;

		profile_push_index(cx, i);
		if (!json_is_string(v)) {
			rc = profile_error(cx, "expected a %s name", what);
		} else if ((x = lookup(p, json_string_value(v))) < 0) {
			rc = profile_error(cx, "unknown %s \"%s\"", what,
					   json_string_value(v));
		} else {
			*mask |= 1u << x;
		}
		profile_pop(cx);
		if (rc != 0)
			goto out;
	}
out:
	profile_pop(cx);
	return rc;
}

/* --- sections ---------------------------------------------------------- */

static int
profile_read_kinds(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"value", NULL};
	json_t *v = json_object_get(root, "subject_kinds");
	int rc;

	if (v == NULL)
		return profile_error(cx, "missing \"subject_kinds\"");
	profile_push_key(cx, "subject_kinds");
	if (!json_is_object(v)) {
		rc = profile_error(cx, "\"subject_kinds\" must be an object "
				       "with \"value\" and \"cite\"");
	} else if ((rc = profile_known_keys(cx, v, keys)) == 0) {
		rc = profile_get_mask(cx, v, "value", 1, p, lookup_kind,
				      "subject kind", &p->kinds);
		if (rc == 0 && p->kinds == 0)
			rc = profile_error(cx, "no subject kinds");
	}
	profile_pop(cx);
	return rc;
}

static int
profile_read_roles(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"id", "base", "name", NULL};
	json_t *arr = json_object_get(root, "roles"), *v;
	size_t i;
	int rc = 0;

	if (arr == NULL)
		return profile_error(cx, "missing \"roles\"");
	profile_push_key(cx, "roles");
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		rc = profile_error(cx, "\"roles\" must be a non-empty array");
		goto out;
	}
	if (json_array_size(arr) > ZK_PROFILE_MAX_ROLES) {
		rc = profile_error(cx, "more than %d roles",
				   ZK_PROFILE_MAX_ROLES);
		goto out;
	}
	json_array_foreach(arr, i, v)
	{
		struct profile_role *r = &p->roles[i];
		char base[32];
		int b;

		profile_push_index(cx, i);
		if (!json_is_object(v))
			rc = profile_error(cx, "a role must be an object");
		else if ((rc = profile_known_keys(cx, v, keys)) == 0 &&
			 (rc = profile_get_string(cx, v, "id", 1, r->id,
						  sizeof r->id)) == 0 &&
			 (rc = profile_get_string(cx, v, "base", 1, base,
						  sizeof base)) == 0 &&
			 (rc = profile_get_names(cx, v, r->name_nl,
						 sizeof r->name_nl, r->name_en,
						 sizeof r->name_en)) == 0) {
			if ((b = vocab_base_role(base)) < 0) {
				profile_push_key(cx, "base");
				rc = profile_error(
				    cx, "unknown base role \"%s\"", base);
				profile_pop(cx);
			} else if (profile_role_index(p, r->id) >= 0) {
				profile_push_key(cx, "id");
				rc = profile_error(cx, "duplicate role \"%s\"",
						   r->id);
				profile_pop(cx);
			} else {
				r->base = (enum zk_base_role)b;
				p->nroles = (int)i + 1;
			}
		}
		profile_pop(cx);
		if (rc != 0)
			goto out;
	}
	/*
	 * Every staff base role must be present under its own name; a
	 * portal role (INZ-6) may be left out, but when it is there it has
	 * its own name too, so that an invitation finds it.
	 */
	for (int b = 0; b < ZK_ROLE_COUNT; b++) {
		int r = profile_role_index(p, vocab_base_role_name(b));

		if (b >= ZK_ROLE_STAFF_COUNT && r < 0) {
			for (int k = 0; k < p->nroles; k++)
				if (p->roles[k].base == (enum zk_base_role)b)
					r = k;
			if (r < 0)
				continue;
		}
		if (r < 0 || p->roles[r].base != (enum zk_base_role)b) {
			rc = profile_error(cx,
					   "base role \"%s\" must be defined "
					   "with \"base\": \"%s\"",
					   vocab_base_role_name(b),
					   vocab_base_role_name(b));
			goto out;
		}
	}
out:
	profile_pop(cx);
	return rc;
}

static int
profile_read_purposes(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {
	    "id", "name", "legal_bases", "care", "compatible_with", NULL};
	json_t *arr = json_object_get(root, "purposes"), *v;
	size_t i;
	int rc = 0;

	if (arr == NULL)
		return profile_error(cx, "missing \"purposes\"");
	profile_push_key(cx, "purposes");
	if (!json_is_array(arr) || json_array_size(arr) == 0) {
		rc = profile_error(cx, "\"purposes\" must be a non-empty "
				       "array (PUR-1)");
		goto out;
	}
	if (json_array_size(arr) > ZK_PROFILE_MAX_PURPOSES) {
		rc = profile_error(cx, "more than %d purposes",
				   ZK_PROFILE_MAX_PURPOSES);
		goto out;
	}
	json_array_foreach(arr, i, v)
	{
		struct profile_purpose *u = &p->purposes[i];

		profile_push_index(cx, i);
		if (!json_is_object(v))
			rc = profile_error(cx, "a purpose must be an object");
		else if ((rc = profile_known_keys(cx, v, keys)) == 0 &&
			 (rc = profile_get_string(cx, v, "id", 1, u->id,
						  sizeof u->id)) == 0 &&
			 (rc = profile_get_names(cx, v, u->name_nl,
						 sizeof u->name_nl, u->name_en,
						 sizeof u->name_en)) == 0 &&
			 (rc = profile_get_mask(cx, v, "legal_bases", 1, p,
						lookup_basis, "legal basis",
						&u->bases)) == 0) {
			if (u->bases == 0)
				rc = profile_error(cx,
						   "purpose \"%s\" has no "
						   "legal basis (PUR-3)",
						   u->id);
			else if (profile_purpose(p, u->id) != NULL)
				rc = profile_error(
				    cx, "duplicate purpose \"%s\"", u->id);
			else if ((rc = profile_get_flag(cx, v, "care",
							&u->care)) == 0)
				p->npurposes = (int)i + 1;
		}
		profile_pop(cx);
		if (rc != 0)
			goto out;
	}
	/* PUR-2: the purposes data of each may also serve (a second pass). */
	json_array_foreach(arr, i, v)
	{
		json_t *list = json_object_get(v, "compatible_with"), *x;
		size_t j;

		if (list == NULL)
			continue;
		profile_push_index(cx, i);
		profile_push_key(cx, "compatible_with");
		if (!json_is_array(list))
			rc = profile_error(cx, "\"compatible_with\" must be an "
					       "array of purpose ids");
		json_array_foreach(list, j, x)
		{
			const struct profile_purpose *o;

			if (rc != 0)
				break;
			o = profile_purpose(p, json_string_value(x));
			profile_push_index(cx, j);
			if (o == NULL)
				rc = profile_error(cx, "unknown purpose");
			else
				p->purposes[i].compatible |=
				    1u << (unsigned)(o - p->purposes);
			profile_pop(cx);
		}
		profile_pop(cx);
		profile_pop(cx);
		if (rc != 0)
			goto out;
	}
out:
	profile_pop(cx);
	return rc;
}

static int
profile_field_type(const char *s)
{
	static const char *const names[] = {"string", "text", "date", "integer",
					    "boolean"};

	for (size_t i = 0; i < ZK_ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

static int
profile_read_field(struct profile_ctx *cx, json_t *v, struct profile_field *f)
{
	static const char *const keys[] = {"name", "type", "required",
					   "max_length", NULL};
	char type[16];
	json_t *x;
	int t, rc;

	if (!json_is_object(v))
		return profile_error(cx, "a field must be an object");
	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_get_string(cx, v, "name", 1, f->name,
				     sizeof f->name)) != 0 ||
	    (rc = profile_get_string(cx, v, "type", 1, type, sizeof type)) != 0)
		return rc;
	if ((t = profile_field_type(type)) < 0) {
		profile_push_key(cx, "type");
		rc = profile_error(cx,
				   "unknown field type \"%s\" (string, text, "
				   "date, integer, boolean)",
				   type);
		profile_pop(cx);
		return rc;
	}
	f->type = (enum profile_field_type)t;
	f->max_length = f->type == PROFILE_FIELD_TEXT ? 20000 : 200;
	if ((x = json_object_get(v, "required")) != NULL) {
		if (!json_is_boolean(x)) {
			profile_push_key(cx, "required");
			rc = profile_error(cx, "\"required\" must be true or "
					       "false");
			profile_pop(cx);
			return rc;
		}
		f->required = json_is_true(x);
	}
	if ((x = json_object_get(v, "max_length")) != NULL) {
		if (!json_is_integer(x) || json_integer_value(x) < 1 ||
		    json_integer_value(x) > 1000000) {
			profile_push_key(cx, "max_length");
			rc = profile_error(cx, "\"max_length\" must be an "
					       "integer from 1 to 1000000");
			profile_pop(cx);
			return rc;
		}
		f->max_length = (size_t)json_integer_value(x);
	}
	return 0;
}

static int
profile_read_categories(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"applies_to", "fields", NULL};
	json_t *obj = json_object_get(root, "categories"), *v;
	const char *k;
	int rc = 0;

	if (obj == NULL)
		return profile_error(cx, "missing \"categories\"");
	profile_push_key(cx, "categories");
	if (!json_is_object(obj)) {
		rc = profile_error(cx, "\"categories\" must be an object");
		goto out;
	}
	json_object_foreach(obj, k, v)
	{
		int c = vocab_category(k);
		struct profile_category *cat;
		json_t *fields, *f;
		size_t i;

		profile_push_key(cx, k);
		if (c < 0) {
			rc = profile_error(cx, "unknown category \"%s\"", k);
			goto pop;
		}
		cat = &p->categories[c];
		if (!json_is_object(v)) {
			rc = profile_error(cx, "a category must be an object");
			goto pop;
		}
		if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
		    (rc = profile_get_mask(cx, v, "applies_to", 1, p,
					   lookup_kind, "subject kind",
					   &cat->kinds)) != 0)
			goto pop;
		fields = json_object_get(v, "fields");
		profile_push_key(cx, "fields");
		if (!json_is_array(fields) || json_array_size(fields) == 0) {
			rc = profile_error(cx, "\"fields\" must be a non-empty "
					       "array (PUR-4)");
		} else if (json_array_size(fields) > ZK_PROFILE_MAX_FIELDS) {
			rc = profile_error(cx, "more than %d fields",
					   ZK_PROFILE_MAX_FIELDS);
		} else {
			json_array_foreach(fields, i, f)
			{
				profile_push_index(cx, i);
				rc = profile_read_field(cx, f, &cat->fields[i]);
				if (rc == 0 &&
				    profile_field(p, (enum zk_category)c,
						  cat->fields[i].name) != NULL)
					rc = profile_error(
					    cx, "duplicate field \"%s\"",
					    cat->fields[i].name);
				profile_pop(cx);
				if (rc != 0)
					break;
				cat->nfields = (int)i + 1;
			}
		}
		profile_pop(cx);
		if (rc == 0)
			cat->used = 1;
	pop:
		profile_pop(cx);
		if (rc != 0)
			goto out;
	}
out:
	profile_pop(cx);
	return rc;
}

static int
profile_role_lookup(const struct profile *p, const char *id)
{
	return profile_role_index(p, id);
}

static int
profile_requires_lookup(const struct profile *p, const char *s)
{
	if (strcmp(s, "any") == 0)
		return 0;
	if (strcmp(s, "author") == 0)
		return 4;
	if (strcmp(s, "team") == 0)
		return 5;
	if (strcmp(s, "self") == 0)
		return 6;
	if (strcmp(s, "represents") == 0)
		return 7;
	if (vocab_relation(s) >= 0)
		return 1 + vocab_relation(s);
	return -1;
}

/*
 * INZ-6, CAT-4: a grant to a portal role (subject, representative) reads
 * and does nothing else, never a work note or the BSN's change, and rests
 * on the portal's own condition: "self" for the subject, "represents"
 * for a representative. Those conditions are the portal roles' alone.
 */
static int
profile_check_portal(struct profile_ctx *cx, const struct profile *p,
		     unsigned roles, unsigned cats, unsigned acts, unsigned req)
{
	unsigned portal = 0, staff = 0;

	for (int r = 0; r < p->nroles; r++) {
		if (!(roles & (1u << r)))
			continue;
		if (p->roles[r].base == ZK_ROLE_SUBJECT)
			portal |= ZK_COND_SELF;
		else if (p->roles[r].base == ZK_ROLE_REPRESENTATIVE)
			portal |= ZK_COND_REPRESENTS;
		else
			staff = 1;
	}
	if (portal == 0) {
		if (req & ZK_COND_PORTAL)
			return profile_error(cx,
					     "\"self\" and \"represents\" are "
					     "for the portal roles only "
					     "(INZ-6)");
		return 0;
	}
	if (staff)
		return profile_error(cx, "a grant to a portal role names no "
					 "staff role (INZ-6)");
	if (acts != (1u << ZK_ACT_READ))
		return profile_error(cx, "a portal role may only read "
					 "(INZ-6)");
	if (cats & (1u << ZK_CAT_WORK_NOTE))
		return profile_error(cx, "a portal role never reads work "
					 "notes (CAT-4)");
	if (req != portal)
		return profile_error(cx, "a grant to the subject requires "
					 "\"self\", to a representative "
					 "\"represents\" (INZ-6, REP-6)");
	return 0;
}

static int
profile_read_scheme(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"roles",    "categories",
					   "actions",  "subject_kinds",
					   "requires", NULL};
	json_t *arr = json_object_get(root, "scheme"), *g;
	size_t i;
	int rc = 0;

	if (arr == NULL)
		return profile_error(cx, "missing \"scheme\" (ACC-1)");
	profile_push_key(cx, "scheme");
	if (!json_is_array(arr)) {
		rc = profile_error(cx, "\"scheme\" must be an array of grants");
		goto out;
	}
	json_array_foreach(arr, i, g)
	{
		unsigned roles, cats, acts, kinds, req;

		profile_push_index(cx, i);
		if (!json_is_object(g))
			rc = profile_error(cx, "a grant must be an object");
		else if ((rc = profile_known_keys(cx, g, keys)) == 0 &&
			 (rc = profile_get_mask(cx, g, "roles", 1, p,
						profile_role_lookup, "role",
						&roles)) == 0 &&
			 (rc = profile_get_mask(cx, g, "categories", 1, p,
						lookup_category, "category",
						&cats)) == 0 &&
			 (rc = profile_get_mask(cx, g, "actions", 1, p,
						lookup_action, "action",
						&acts)) == 0 &&
			 (rc = profile_get_mask(cx, g, "subject_kinds", 1, p,
						lookup_kind, "subject kind",
						&kinds)) == 0 &&
			 (rc = profile_get_mask(cx, g, "requires", 1, p,
						profile_requires_lookup,
						"condition", &req)) == 0) {
			if (req == 0)
				rc = profile_error(cx, "\"requires\" is empty");
			else if ((req & ZK_COND_ANY) && req != ZK_COND_ANY)
				rc = profile_error(cx,
						   "\"any\" cannot be combined "
						   "with other conditions");
			for (int c = 0; rc == 0 && c < ZK_CAT_COUNT; c++)
				if ((cats & (1u << c)) &&
				    !p->categories[c].used)
					rc = profile_error(
					    cx,
					    "category \"%s\" is not "
					    "declared in \"categories\"",
					    vocab_category_name(c));
			if (rc == 0)
				rc = profile_check_portal(cx, p, roles, cats,
							  acts, req);
			for (int k = 0; rc == 0 && k < ZK_KIND_COUNT; k++)
				if ((kinds & (1u << k)) &&
				    !(p->kinds & (1u << k)))
					rc = profile_error(
					    cx,
					    "subject kind \"%s\" is not in "
					    "\"subject_kinds\" (SCOPE-1)",
					    vocab_kind_name(k));
		}
		profile_pop(cx);
		if (rc != 0)
			goto out;
		for (int r = 0; r < p->nroles; r++) {
			if (!(roles & (1u << r)))
				continue;
			for (int c = 0; c < ZK_CAT_COUNT; c++) {
				if (!(cats & (1u << c)))
					continue;
				for (int a = 0; a < ZK_ACT_COUNT; a++) {
					if (!(acts & (1u << a)))
						continue;
					for (int k = 0; k < ZK_KIND_COUNT; k++)
						if (kinds & (1u << k))
							p->grants[r][c][a][k] |=
							    (uint8_t)req;
				}
			}
		}
	}
out:
	profile_pop(cx);
	return rc;
}

static int
profile_read_break_glass(struct profile_ctx *cx, json_t *root,
			 struct profile *p)
{
	static const char *const keys[] = {
	    "roles", "categories",  "actions",		"min_reason_length",
	    "hours", "reviewed_by", "new_account_days", NULL};
	struct profile_break_glass *bg = &p->break_glass;
	json_t *v = json_object_get(root, "break_glass"), *x;
	unsigned roles;
	int rc;

	if (v == NULL)
		return profile_error(cx, "missing \"break_glass\" (ACC-6)");
	profile_push_key(cx, "break_glass");
	if (!json_is_object(v)) {
		rc = profile_error(cx, "\"break_glass\" must be an object");
		goto out;
	}
	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_get_mask(cx, v, "roles", 1, p, profile_role_lookup,
				   "role", &roles)) != 0 ||
	    (rc = profile_get_mask(cx, v, "categories", 1, p, lookup_category,
				   "category", &bg->categories)) != 0 ||
	    (rc = profile_get_mask(cx, v, "actions", 1, p, lookup_action,
				   "action", &bg->actions)) != 0)
		goto out;
	bg->roles = roles;
	if (bg->categories & (1u << ZK_CAT_WORK_NOTE)) {
		profile_push_key(cx, "categories");
		rc = profile_error(cx, "work notes are readable by their "
				       "author only (CAT-4)");
		profile_pop(cx);
		goto out;
	}
	x = json_object_get(v, "min_reason_length");
	if (!json_is_integer(x) || json_integer_value(x) < 1 ||
	    json_integer_value(x) > 1000) {
		profile_push_key(cx, "min_reason_length");
		rc = profile_error(cx, "\"min_reason_length\" must be an "
				       "integer from 1 to 1000");
		profile_pop(cx);
		goto out;
	}
	bg->min_reason = (size_t)json_integer_value(x);
	x = json_object_get(v, "hours");
	if (!json_is_integer(x) || json_integer_value(x) < 1 ||
	    json_integer_value(x) > 72) {
		profile_push_key(cx, "hours");
		rc = profile_error(cx, "\"hours\" must be an integer from 1 "
				       "to 72");
		profile_pop(cx);
		goto out;
	}
	bg->hours = (int)json_integer_value(x);
	/* ACC-6, FG-2: the DPO reviews, unless the profile names others. */
	if ((rc = profile_get_mask(cx, v, "reviewed_by", 0, p,
				   profile_role_lookup, "role", &roles)) != 0)
		goto out;
	bg->reviewers = roles;
	if (json_object_get(v, "reviewed_by") == NULL)
		for (int r = 0; r < p->nroles; r++)
			if (p->roles[r].base == ZK_ROLE_DPO)
				bg->reviewers |= 1u << r;
	for (int r = 0; r < p->nroles; r++) {
		if ((bg->reviewers & (1u << r)) &&
		    p->roles[r].base != ZK_ROLE_DPO) {
			profile_push_key(cx, "reviewed_by");
			rc =
			    profile_error(cx,
					  "role \"%s\" cannot review emergency "
					  "access: only roles of base role dpo "
					  "can (FG-2)",
					  p->roles[r].id);
			profile_pop(cx);
			goto out;
		}
	}
	if ((rc = profile_get_int(cx, v, "new_account_days", 0, 3650,
				  &bg->new_account_days)) != 0)
		goto out;
out:
	profile_pop(cx);
	return rc;
}

/*
 * ACC-2, ACC-5: "care_relations": who may hold a care relation (roles),
 * and who gives one: the client's responsible professional, the roles
 * that lead the client's team, the roles that register the team's own
 * professionals. Absent: only roles of base role professional hold one,
 * and only the command line gives one (deny by default).
 */
static int
profile_read_relations(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"held_by", "given_by_responsible",
					   "given_by_team_lead",
					   "given_by_office_for_team", NULL};
	struct profile_relations *pr = &p->relations;
	json_t *v = json_object_get(root, "care_relations");
	unsigned mask;
	int rc;

	memset(pr, 0, sizeof *pr);
	for (int r = 0; r < p->nroles; r++)
		for (int c = 0; c < ZK_CAT_COUNT; c++)
			for (int a = 0; a < ZK_ACT_COUNT; a++)
				for (int k = 0; k < ZK_KIND_COUNT; k++)
					if (p->grants[r][c][a][k] &
					    ZK_COND_TEAM)
						pr->team_grants |= 1u << r;
	if (v == NULL) {
		for (int r = 0; r < p->nroles; r++)
			if (p->roles[r].base == ZK_ROLE_PROFESSIONAL)
				pr->holders |= 1u << r;
		return 0;
	}
	profile_push_key(cx, "care_relations");
	if (!json_is_object(v)) {
		rc = profile_error(cx, "\"care_relations\" must be an object");
		goto out;
	}
	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_get_mask(cx, v, "held_by", 1, p, profile_role_lookup,
				   "role", &mask)) != 0)
		goto out;
	pr->holders = mask;
	/* ACC-3: management roles never hold one, whatever a profile says. */
	for (int r = 0; r < p->nroles; r++) {
		if ((mask & (1u << r)) &&
		    p->roles[r].base != ZK_ROLE_PROFESSIONAL) {
			profile_push_key(cx, "held_by");
			rc = profile_error(cx,
					   "role \"%s\" cannot hold a care "
					   "relation: only roles of base role "
					   "professional can (ACC-2, ACC-3)",
					   p->roles[r].id);
			profile_pop(cx);
			goto out;
		}
	}
	if ((rc = profile_get_flag(cx, v, "given_by_responsible",
				   &pr->by_responsible)) != 0 ||
	    (rc = profile_get_mask(cx, v, "given_by_team_lead", 0, p,
				   profile_role_lookup, "role", &mask)) != 0)
		goto out;
	pr->team_leads = mask;
	for (int r = 0; r < p->nroles; r++) {
		if ((mask & (1u << r)) &&
		    p->roles[r].base != ZK_ROLE_PROFESSIONAL) {
			profile_push_key(cx, "given_by_team_lead");
			rc = profile_error(cx,
					   "role \"%s\" does not lead a "
					   "treatment team: only roles of base "
					   "role professional can (ACC-5)",
					   p->roles[r].id);
			profile_pop(cx);
			goto out;
		}
	}
	if ((rc = profile_get_mask(cx, v, "given_by_office_for_team", 0, p,
				   profile_role_lookup, "role", &mask)) != 0)
		goto out;
	pr->office = mask;
out:
	profile_pop(cx);
	return rc;
}

static int
lookup_rep_kind(const struct profile *p, const char *s)
{
	return rep_kind_parse(s);
}

/* An integer setting from lo to hi, or the default when absent. */
static int
profile_get_int(struct profile_ctx *cx, json_t *obj, const char *key, int lo,
		int hi, int *out)
{
	json_t *v = json_object_get(obj, key);
	int rc = 0;

	if (v == NULL)
		return 0;
	profile_push_key(cx, key);
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi)
		rc = profile_error(
		    cx, "\"%s\" must be an integer from %d to %d", key, lo, hi);
	else
		*out = (int)json_integer_value(v);
	profile_pop(cx);
	return rc;
}

static int profile_get_flag(struct profile_ctx *cx, json_t *v, const char *key,
			    int *out);

/*
 * REP-1, REP-2: who represents a subject. Absent: the rules of WGBO 7:465,
 * which the law sets when a regulation is silent.
 */
static int
profile_read_representation(struct profile_ctx *cx, json_t *root,
			    struct profile *p)
{
	static const char *const keys[] = {"beside_parents_from",
					   "act_alone_from",
					   "authorise_in_writing_from",
					   "for_minors",
					   "order",
					   "rule",
					   "authorised_needs_consent",
					   "acts_for_deceased",
					   NULL};
	struct rep_rules *r = &p->representation;
	json_t *v = json_object_get(root, "representation"), *order, *rank;
	char rule[8] = "REP-1";
	size_t i;
	int rc;

	rep_rules_wgbo(r); /* a profile silent on it follows the WGBO */
	if (v == NULL)
		return 0;
	profile_push_key(cx, "representation");
	if (!json_is_object(v)) {
		rc = profile_error(cx, "\"representation\" must be an object");
		goto out;
	}
	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_get_int(cx, v, "beside_parents_from", 0, 18,
				  &r->beside_from)) != 0 ||
	    (rc = profile_get_int(cx, v, "act_alone_from", 0, 18,
				  &r->act_alone_from)) != 0 ||
	    (rc = profile_get_int(cx, v, "authorise_in_writing_from", 0, 18,
				  &r->authorise_from)) != 0)
		goto out;
	{
		int needs = 0;

		if ((rc = profile_get_flag(cx, v, "authorised_needs_consent",
					   &needs)) != 0)
			goto out;
		r->authorised_needs_consent = needs != 0;
		needs = r->acts_for_deceased;
		if ((rc = profile_get_flag(cx, v, "acts_for_deceased",
					   &needs)) != 0)
			goto out;
		r->acts_for_deceased = needs != 0;
	}
	if (r->beside_from > r->act_alone_from) {
		rc = profile_error(cx, "\"beside_parents_from\" is after "
				       "\"act_alone_from\"");
		goto out;
	}
	if (json_object_get(v, "for_minors") != NULL &&
	    (rc = profile_get_mask(cx, v, "for_minors", 1, p, lookup_rep_kind,
				   "representative kind", &r->minors)) != 0)
		goto out;
	if (json_object_get(v, "rule") != NULL &&
	    (rc = profile_get_string(cx, v, "rule", 1, rule, sizeof rule)) != 0)
		goto out;
	if (strcmp(rule, "REP-1") == 0) {
		r->rule = "REP-1";
	} else if (strcmp(rule, "REP-2") == 0) {
		r->rule = "REP-2";
	} else {
		profile_push_key(cx, "rule");
		rc = profile_error(cx, "\"rule\" must be REP-1 or REP-2");
		profile_pop(cx);
		goto out;
	}
	if ((order = json_object_get(v, "order")) != NULL) {
		profile_push_key(cx, "order");
		if (!json_is_array(order) || json_array_size(order) == 0 ||
		    json_array_size(order) > REP_MAX_RANKS) {
			rc = profile_error(cx,
					   "\"order\" must be an array of "
					   "1 to %d ranks",
					   REP_MAX_RANKS);
			profile_pop(cx);
			goto out;
		}
		r->nranks = 0;
		json_array_foreach(order, i, rank)
		{
			json_t *k;
			size_t j;

			profile_push_index(cx, i);
			r->rank[i] = 0;
			if (!json_is_array(rank) || json_array_size(rank) == 0)
				rc = profile_error(cx, "a rank must be a "
						       "non-empty array of "
						       "representative kinds");
			json_array_foreach(rank, j, k)
			{
				int kind = rep_kind_parse(json_string_value(k));

				if (rc != 0)
					break;
				profile_push_index(cx, j);
				if (kind < 0)
					rc = profile_error(
					    cx, "unknown representative kind");
				else
					r->rank[i] |= 1u << kind;
				profile_pop(cx);
			}
			profile_pop(cx);
			if (rc != 0)
				break;
			r->nranks = (int)i + 1;
		}
		profile_pop(cx);
	}
out:
	profile_pop(cx);
	return rc;
}

static const char *const profile_requests[PROFILE_RQ_COUNT] = {
    "access",  "copy",	      "portability", "correction",
    "erasure", "restriction", "objection",
};

static const char *const profile_recipients[PROFILE_TO_COUNT] = {
    "specialist", "care_provider", "insurer",	  "directly_involved",
    "statistics", "researcher",	   "public_body", "other",
};

/* The names of before issue 14, still read (profile_recipient_parse). */
static const struct {
	const char *name;
	enum profile_recipient kind;
} profile_recipient_aliases[] = {
    {"treating_provider", PROFILE_TO_CARE_PROVIDER},
    {"referring_specialist", PROFILE_TO_SPECIALIST},
    {"research", PROFILE_TO_RESEARCHER},
};

const char *
profile_recipient_name(enum profile_recipient r)
{
	return (unsigned)r < PROFILE_TO_COUNT ? profile_recipients[r] : "?";
}

int
profile_recipient_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < PROFILE_TO_COUNT; i++)
		if (strcmp(profile_recipients[i], s) == 0)
			return i;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(profile_recipient_aliases); i++)
		if (strcmp(profile_recipient_aliases[i].name, s) == 0)
			return (int)profile_recipient_aliases[i].kind;
	return -1;
}

int
profile_find(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* Parses "P4W": a number and one of D, W, M, Y. */
static int
profile_period_parse(const char *s, struct profile_period *out)
{
	size_t len = s ? strlen(s) : 0;
	int n = 0;

	if (len < 3 || len > 6 || s[0] != 'P' ||
	    strchr("DWMY", s[len - 1]) == NULL)
		return -1;
	for (size_t i = 1; i + 1 < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	if (n < 1)
		return -1;
	out->n = n;
	out->unit = s[len - 1];
	return 0;
}

/* A period setting; absent leaves out unset. */
int
profile_get_period(struct profile_ctx *cx, json_t *obj, const char *key,
		   int required, struct profile_period *out)
{
	json_t *v = json_object_get(obj, key);
	int rc = 0;

	memset(out, 0, sizeof *out);
	if (v == NULL || json_is_null(v))
		return required ? profile_error(cx, "missing \"%s\"", key) : 0;
	profile_push_key(cx, key);
	if (!json_is_string(v) ||
	    profile_period_parse(json_string_value(v), out) != 0)
		rc = profile_error(cx,
				   "\"%s\" must be a period such as \"P4W\", "
				   "\"P1M\" or \"P20Y\"",
				   key);
	profile_pop(cx);
	return rc;
}

int32_t
profile_period_add(int32_t day, const struct profile_period *p)
{
	int y, m, d, months = 0, last;

	switch (p->unit) {
	case 'D':
		return day + p->n;
	case 'W':
		return day + 7 * p->n;
	case 'M':
		months = p->n;
		break;
	case 'Y':
		months = 12 * p->n;
		break;
	default:
		return day;
	}
	zk_date_to_ymd(day, &y, &m, &d);
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	/* The same day number, or the last day of a shorter month. */
	last = zk_date_to_ymd_last(y, m);
	return zk_date_from_ymd(y, m, d > last ? last : d);
}

/* An object of named sections: calls fn for each, with the index. */
int
profile_sections(struct profile_ctx *cx, json_t *root, const char *key,
		 const char *const *names, int n, struct profile *p,
		 int (*fn)(struct profile_ctx *, json_t *, int,
			   struct profile *))
{
	json_t *obj = json_object_get(root, key), *v;
	const char *k;
	int rc = 0;

	if (obj == NULL)
		return 0;
	profile_push_key(cx, key);
	if (!json_is_object(obj)) {
		rc = profile_error(cx, "\"%s\" must be an object", key);
		goto out;
	}
	json_object_foreach(obj, k, v)
	{
		int i;

		if (profile_doc_key(k))
			continue;
		profile_push_key(cx, k);
		if ((i = profile_find(names, n, k)) < 0)
			rc = profile_error(cx, "unknown entry \"%s\" in \"%s\"",
					   k, key);
		else if (!json_is_object(v))
			rc = profile_error(cx, "\"%s\" must be an object", k);
		else
			rc = fn(cx, v, i, p);
		profile_pop(cx);
		if (rc != 0)
			break;
	}
out:
	profile_pop(cx);
	return rc;
}

static int
profile_read_request(struct profile_ctx *cx, json_t *v, int i,
		     struct profile *p)
{
	static const char *const keys[] = {"answer", "carry_out", "extension",
					   NULL};
	struct profile_deadline *d = &p->deadlines[i];
	int rc;

	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_get_period(cx, v, "answer", 1, &d->answer)) != 0 ||
	    (rc = profile_get_period(cx, v, "carry_out", 0, &d->carry_out)) !=
		0 ||
	    (rc = profile_get_period(cx, v, "extension", 0, &d->extension)) !=
		0)
		return rc;
	d->set = 1;
	return 0;
}

/* RQ-2: the deadlines of requests. */
static int
profile_read_requests(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	return profile_sections(cx, root, "requests", profile_requests,
				PROFILE_RQ_COUNT, p, profile_read_request);
}

static int
profile_get_flag(struct profile_ctx *cx, json_t *v, const char *key, int *out)
{
	json_t *x = json_object_get(v, key);
	int rc = 0;

	if (x == NULL)
		return 0;
	profile_push_key(cx, key);
	if (!json_is_boolean(x))
		rc = profile_error(cx, "\"%s\" must be true or false", key);
	else
		*out = json_is_true(x);
	profile_pop(cx);
	return rc;
}

/* An objection's scope names purposes of a disclosure, never "unspecified". */
static int
lookup_disclosure_purpose(const struct profile *p, const char *s)
{
	int x = disclosure_purpose_parse(s);

	return x == DISCLOSURE_FOR_UNSPECIFIED ? -1 : x;
}

static int
profile_read_recipient(struct profile_ctx *cx, json_t *v, int i,
		       struct profile *p)
{
	static const char *const keys[] = {"allowed",
					   "without_consent",
					   "unless_objected",
					   "identifiable",
					   "objection_scope",
					   "only_by_law",
					   NULL};
	struct profile_recipient_rule *r = &p->recipients[i];
	int rc;

	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_get_flag(cx, v, "allowed", &r->allowed)) != 0 ||
	    (rc = profile_get_flag(cx, v, "without_consent",
				   &r->without_consent)) != 0 ||
	    (rc = profile_get_flag(cx, v, "unless_objected",
				   &r->unless_objected)) != 0 ||
	    (rc = profile_get_flag(cx, v, "identifiable", &r->identifiable)) !=
		0 ||
	    (rc = profile_get_flag(cx, v, "only_by_law", &r->only_by_law)) !=
		0 ||
	    (rc = profile_get_mask(
		 cx, v, "objection_scope", 0, p, lookup_disclosure_purpose,
		 "disclosure purpose", &r->objection_scope)) != 0)
		return rc;
	/* Settings that contradict each other would be read one way by
	 * the decision and another by whoever wrote them. */
	if (r->objection_scope != 0 && !r->unless_objected)
		return profile_error(cx, "\"objection_scope\" needs "
					 "\"unless_objected\": true (OBJ-1)");
	if (r->unless_objected && !r->without_consent)
		return profile_error(cx, "\"unless_objected\" needs "
					 "\"without_consent\": true (DIS-2)");
	if (r->only_by_law && r->without_consent)
		return profile_error(cx, "\"only_by_law\" and "
					 "\"without_consent\" exclude each "
					 "other");
	r->set = 1;
	return 0;
}

/*
 * The kinds of recipient and when they may receive data (DIS-2, DIS-3,
 * OBJ-1). The names of before issue 14 are read as aliases; naming one
 * kind twice (as "research" and "researcher") is an error.
 */
static int
profile_read_recipients(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	json_t *obj = json_object_get(root, "recipients"), *v;
	const char *k;
	int rc = 0;

	for (int i = 0; i < PROFILE_TO_COUNT; i++) {
		struct profile_recipient_rule *r = &p->recipients[i];

		memset(r, 0, sizeof *r);
		r->allowed = 1;
		r->identifiable = 1;
		/* The kind means a body the law obliges to receive data. */
		r->only_by_law = i == PROFILE_TO_PUBLIC_BODY;
	}
	if (obj == NULL)
		return 0;
	profile_push_key(cx, "recipients");
	if (!json_is_object(obj)) {
		rc = profile_error(cx, "\"recipients\" must be an object");
		goto out;
	}
	json_object_foreach(obj, k, v)
	{
		int i;

		if (profile_doc_key(k))
			continue;
		profile_push_key(cx, k);
		if ((i = profile_recipient_parse(k)) < 0)
			rc = profile_error(
			    cx,
			    "unknown recipient kind \"%s\" (specialist, "
			    "care_provider, insurer, directly_involved, "
			    "statistics, researcher, public_body or other)",
			    k);
		else if (p->recipients[i].set)
			rc = profile_error(
			    cx,
			    "recipient kind \"%s\" is named "
			    "twice",
			    profile_recipient_name((enum profile_recipient)i));
		else if (!json_is_object(v))
			rc = profile_error(cx, "\"%s\" must be an object", k);
		else
			rc = profile_read_recipient(cx, v, i, p);
		profile_pop(cx);
		if (rc != 0)
			break;
	}
out:
	profile_pop(cx);
	return rc;
}

/* The channels for complaints, in order. */
static int
profile_read_complaints(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"channels", NULL};
	static const char *const ckeys[] = {"to", "address", NULL};
	static const char *const tos[] = {"email", "dpo", "board",
					  "management"};
	json_t *v = json_object_get(root, "complaints"), *list, *c;
	size_t i;
	int rc;

	if (v == NULL)
		return 0;
	profile_push_key(cx, "complaints");
	if (!json_is_object(v)) {
		rc = profile_error(cx, "\"complaints\" must be an object");
		goto out;
	}
	if ((rc = profile_known_keys(cx, v, keys)) != 0)
		goto out;
	list = json_object_get(v, "channels");
	profile_push_key(cx, "channels");
	if (!json_is_array(list) || json_array_size(list) == 0 ||
	    json_array_size(list) > 4)
		rc = profile_error(cx, "\"channels\" must list 1 to 4 "
				       "channels");
	json_array_foreach(list, i, c)
	{
		if (rc != 0)
			break;
		profile_push_index(cx, i);
		if (!json_is_object(c))
			rc = profile_error(cx, "a channel must be an object");
		else if ((rc = profile_known_keys(cx, c, ckeys)) == 0 &&
			 (rc = profile_get_string(
			      cx, c, "to", 1, p->complaints[i].to,
			      sizeof p->complaints[i].to)) == 0 &&
			 (rc = profile_get_string(
			      cx, c, "address", 0, p->complaints[i].address,
			      sizeof p->complaints[i].address)) == 0 &&
			 profile_find(tos, 4, p->complaints[i].to) < 0)
			rc = profile_error(cx, "\"to\" must be email, dpo, "
					       "board or management");
		profile_pop(cx);
		if (rc == 0)
			p->ncomplaints = (int)i + 1;
	}
	profile_pop(cx);
out:
	profile_pop(cx);
	return rc;
}

/* --- warnings: where a profile falls below the law ----------------------- */

/* The length of a period in days, counting a month as 31 (an upper bound). */
static int
profile_period_days_max(const struct profile_period *p)
{
	switch (p->unit) {
	case 'D':
		return p->n;
	case 'W':
		return 7 * p->n;
	case 'M':
		return 31 * p->n;
	case 'Y':
		return 366 * p->n;
	}
	return 0;
}

/* The length of a period in days, counting a month as 28 (a lower bound). */
static int
profile_period_days_min(const struct profile_period *p)
{
	switch (p->unit) {
	case 'D':
		return p->n;
	case 'W':
		return 7 * p->n;
	case 'M':
		return 28 * p->n;
	case 'Y':
		return 365 * p->n;
	}
	return 0;
}

/* True when a is never longer than b, whatever the calendar. */
static int
profile_period_within(const struct profile_period *a,
		      const struct profile_period *b)
{
	if (a->unit == b->unit)
		return a->n <= b->n;
	if (a->unit == 'Y' && b->unit == 'M')
		return 12 * a->n <= b->n;
	if (a->unit == 'M' && b->unit == 'Y')
		return a->n <= 12 * b->n;
	return profile_period_days_max(a) <= profile_period_days_min(b);
}

int
profile_warnings(const struct profile *p,
		 void (*warn)(void *arg, const char *rule, const char *msg),
		 void *arg)
{
	static const struct profile_period month = {1, 'M'};
	static const struct profile_period two_months = {2, 'M'};
	static const struct profile_period law = {20, 'Y'};
	struct rep_rules wgbo;
	char msg[300];
	int n = 0;

	/* REG-1: in force four weeks after publication at the earliest. */
	if (p->effective_on - p->published_on < 28) {
		warn(arg, "REG-1",
		     "the regulation takes effect less than four weeks after "
		     "it was published (W§19.2)");
		n++;
	}
	/* RET-1: health data 20 years from the last change (WGBO 7:454). */
	for (int c = 0; c < ZK_CAT_COUNT; c++) {
		struct profile_retention_rule rr, *r = &rr;

		if (!vocab_category_is_health((enum zk_category)c) ||
		    !p->categories[c].used)
			continue;
		if (!profile_retention_rule(p, (enum zk_category)c,
					    ZK_KIND_CLIENT, r)) {
			snprintf(msg, sizeof msg,
				 "no retention period for \"%s\"; the law "
				 "asks 20 years from the last change (WGBO "
				 "7:454(3))",
				 vocab_category_name((enum zk_category)c));
		} else if (!profile_period_within(&law, &r->period) ||
			   r->from == PROFILE_FROM_CREATION) {
			snprintf(
			    msg, sizeof msg,
			    "retention of \"%s\" (P%d%c from %s) is "
			    "shorter than the law's 20 years from the last "
			    "change (WGBO 7:454(3)); the retention decision "
			    "keeps the data that long",
			    vocab_category_name((enum zk_category)c),
			    r->period.n, r->period.unit,
			    profile_from_name(r->from));
		} else {
			continue;
		}
		warn(arg, "RET-1", msg);
		n++;
	}
	/* REP-1: the order of WGBO 7:465. */
	rep_rules_wgbo(&wgbo);
	if ((p->representation.nranks != wgbo.nranks ||
	     memcmp(p->representation.rank, wgbo.rank, sizeof wgbo.rank) != 0 ||
	     p->representation.beside_from != wgbo.beside_from ||
	     p->representation.act_alone_from != wgbo.act_alone_from ||
	     p->representation.authorise_from != wgbo.authorise_from ||
	     p->representation.authorised_needs_consent ||
	     p->representation.minors != wgbo.minors)) {
		warn(arg, "REP-2",
		     "the representation differs from WGBO 7:465 (curator or "
		     "mentor, person authorised in writing, spouse or partner, "
		     "parent, child, brother or sister)");
		n++;
	}
	/* RQ-2: GDPR art. 12(3): one month, extendable by two. */
	for (int r = 0; r < PROFILE_RQ_COUNT; r++) {
		const struct profile_deadline *d = &p->deadlines[r];
		const char *a =
		    strchr("aeiou", profile_requests[r][0]) ? "an" : "a";

		if (!d->set)
			continue;
		if (!profile_period_within(&d->answer, &month)) {
			snprintf(msg, sizeof msg,
				 "the answer to %s %s request (P%d%c) may come "
				 "later than the one month of GDPR art. 12(3)",
				 a, profile_requests[r], d->answer.n,
				 d->answer.unit);
			warn(arg, "RQ-2", msg);
			n++;
		}
		if (d->extension.n > 0 &&
		    !profile_period_within(&d->extension, &two_months)) {
			snprintf(msg, sizeof msg,
				 "the extension of %s %s request (P%d%c) is "
				 "longer than the two months of GDPR art. "
				 "12(3)",
				 a, profile_requests[r], d->extension.n,
				 d->extension.unit);
			warn(arg, "RQ-2", msg);
			n++;
		}
	}
	return n;
}

static int
profile_read_regulation(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"title", "version", "published_on",
					   "effective_on", NULL};
	json_t *v = json_object_get(root, "regulation");
	char title[160];
	int rc;

	if (v == NULL)
		return profile_error(cx, "missing \"regulation\" (REG-1)");
	profile_push_key(cx, "regulation");
	if (!json_is_object(v))
		rc = profile_error(cx, "\"regulation\" must be an object");
	else if ((rc = profile_known_keys(cx, v, keys)) == 0 &&
		 (rc = profile_get_string(cx, v, "title", 1, title,
					  sizeof title)) == 0 &&
		 (rc = profile_get_string(cx, v, "version", 1, p->version,
					  sizeof p->version)) == 0 &&
		 (rc = profile_get_date(cx, v, "published_on",
					&p->published_on)) == 0 &&
		 (rc = profile_get_date(cx, v, "effective_on",
					&p->effective_on)) == 0) {
		if (p->effective_on < p->published_on)
			rc = profile_error(cx, "\"effective_on\" is before "
					       "\"published_on\" (REG-1)");
	}
	profile_pop(cx);
	return rc;
}

/*
 * ACC-3: "account_approval": {"team": [roles], "organisation": [roles]}.
 * A team role approves for accounts of its own team, an organisation role
 * for any. Absent: the roles of base dpo approve for the organisation.
 * Administrators never approve: they are the ones who ask.
 */
static int
profile_read_approval(struct profile_ctx *cx, json_t *root, struct profile *p)
{
	static const char *const keys[] = {"team", "organisation", NULL};
	json_t *v = json_object_get(root, "account_approval");
	unsigned team = 0, org = 0;
	int rc;

	if (v == NULL) {
		for (int r = 0; r < p->nroles; r++)
			if (p->roles[r].base == ZK_ROLE_DPO)
				p->approval.organisation |= 1u << r;
		return 0;
	}
	profile_push_key(cx, "account_approval");
	if (!json_is_object(v)) {
		rc = profile_error(cx, "\"account_approval\" must be an "
				       "object");
		goto out;
	}
	if ((rc = profile_known_keys(cx, v, keys)) != 0 ||
	    (rc = profile_get_mask(cx, v, "team", 0, p, profile_role_lookup,
				   "role", &team)) != 0 ||
	    (rc = profile_get_mask(cx, v, "organisation", 0, p,
				   profile_role_lookup, "role", &org)) != 0)
		goto out;
	if ((team | org) == 0) {
		rc = profile_error(cx, "name at least one role that approves "
				       "accounts (ACC-3)");
		goto out;
	}
	for (int r = 0; r < p->nroles; r++) {
		if (((team | org) & (1u << r)) &&
		    p->roles[r].base == ZK_ROLE_ADMINISTRATOR) {
			rc = profile_error(cx,
					   "role \"%s\" is an administrator's; "
					   "approval needs care authority "
					   "(ACC-3)",
					   p->roles[r].id);
			goto out;
		}
	}
	p->approval.team = team;
	p->approval.organisation = org;
out:
	profile_pop(cx);
	return rc;
}

/* The top-level settings of a profile; anything else is an error. */
static const char *const profile_top_keys[] = {
    "format",	      "id",	     "name",	       "regulation",
    "subject_kinds",  "roles",	     "purposes",       "categories",
    "scheme",	      "break_glass", "representation", "requests",
    "retention",      "recipients",  "complaints",     "account_approval",
    "care_relations", "research",    "breaches",       NULL};

int
profile_load_text(const char *text, size_t len, const char *name,
		  struct profile **out, char **cause)
{
	struct profile_ctx cx = {name, text, len, {0}, cause};
	struct profile *p = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	char format[64];
	int rc;

	*out = NULL;
	if (len > ZK_PROFILE_MAX_BYTES)
		return zk_fail(cause, ZK_EPROFILE, "%s: larger than %d bytes",
			       name, ZK_PROFILE_MAX_BYTES);
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return zk_fail(cause, ZK_EPROFILE, "%s:%d:%d: %s", name,
			       jerr.line, jerr.column, jerr.text);
	if (!json_is_object(root)) {
		rc = profile_error(&cx, "a profile must be a JSON object");
		goto out;
	}
	p = calloc(1, sizeof *p);
	if (p == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	if ((rc = profile_known_keys(&cx, root, profile_top_keys)) != 0 ||
	    (rc = profile_get_string(&cx, root, "format", 1, format,
				     sizeof format)) != 0)
		goto out;
	if (strcmp(format, "zorgkluis-profile/1") != 0) {
		profile_push_key(&cx, "format");
		rc = profile_error(&cx,
				   "unsupported format \"%s\" (expected "
				   "\"zorgkluis-profile/1\")",
				   format);
		goto out;
	}
	if ((rc = profile_get_string(&cx, root, "id", 1, p->id,
				     sizeof p->id)) != 0 ||
	    (rc = profile_get_string(&cx, root, "name", 1, p->name,
				     sizeof p->name)) != 0 ||
	    (rc = profile_read_regulation(&cx, root, p)) != 0 ||
	    (rc = profile_read_kinds(&cx, root, p)) != 0 ||
	    (rc = profile_read_roles(&cx, root, p)) != 0 ||
	    (rc = profile_read_purposes(&cx, root, p)) != 0 ||
	    (rc = profile_read_categories(&cx, root, p)) != 0 ||
	    (rc = profile_read_scheme(&cx, root, p)) != 0 ||
	    (rc = profile_read_break_glass(&cx, root, p)) != 0 ||
	    (rc = profile_read_relations(&cx, root, p)) != 0 ||
	    (rc = profile_read_representation(&cx, root, p)) != 0 ||
	    (rc = profile_read_requests(&cx, root, p)) != 0 ||
	    (rc = profile_retention_read(&cx, root, p)) != 0 ||
	    (rc = profile_read_recipients(&cx, root, p)) != 0 ||
	    (rc = profile_read_complaints(&cx, root, p)) != 0 ||
	    (rc = profile_read_approval(&cx, root, p)) != 0 ||
	    (rc = profile_research_read(root, p, name, cause)) != 0 ||
	    (rc = profile_read_breaches(root, name, p, cause)) != 0)
		goto out;
	if (!p->categories[ZK_CAT_IDENTITY].used) {
		rc = profile_error(&cx, "category \"identity\" must be "
					"declared (CAT-1)");
		goto out;
	}
	/* INZ-6: a portal account is no member of staff. */
	for (int r = 0; r < p->nroles; r++) {
		uint32_t staff = p->break_glass.roles |
				 p->break_glass.reviewers |
				 p->relations.holders |
				 p->relations.team_leads | p->relations.office |
				 p->approval.team | p->approval.organisation;

		if (profile_role_portal(p, r) && (staff & (1u << r))) {
			rc = profile_error(&cx,
					   "portal role \"%s\" cannot break "
					   "the glass, hold or give care "
					   "relations or approve accounts "
					   "(INZ-6)",
					   p->roles[r].id);
			goto out;
		}
	}
	p->text = malloc(len + 1);
	if (p->text == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	memcpy(p->text, text, len);
	p->text[len] = '\0';
	p->text_len = len;
	*out = p;
	p = NULL;
out:
	profile_free(p);
	json_decref(root);
	return rc;
}

int
profile_load_file(const char *path, struct profile **out, char **cause)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = zk_file_read(path, ZK_PROFILE_MAX_BYTES, &text, &len, cause);
	if (rc != 0) {
		free(text);
		return rc == ZK_ENOMEM ? rc : ZK_EPROFILE;
	}
	rc = profile_load_text(text, len, path, out, cause);
	free(text);
	return rc;
}

void
profile_free(struct profile *p)
{
	if (p == NULL)
		return;
	free(p->text);
	free(p);
}

int
profile_role_index(const struct profile *p, const char *id)
{
	if (p == NULL || id == NULL)
		return -1;
	for (int i = 0; i < p->nroles; i++)
		if (strcmp(p->roles[i].id, id) == 0)
			return i;
	return -1;
}

const struct profile_purpose *
profile_purpose(const struct profile *p, const char *id)
{
	if (id == NULL)
		return NULL;
	for (int i = 0; i < p->npurposes; i++)
		if (strcmp(p->purposes[i].id, id) == 0)
			return &p->purposes[i];
	return NULL;
}

const struct profile_field *
profile_field(const struct profile *p, enum zk_category c, const char *name)
{
	const struct profile_category *cat = &p->categories[c];

	if (name == NULL)
		return NULL;
	for (int i = 0; i < cat->nfields; i++)
		if (strcmp(cat->fields[i].name, name) == 0)
			return &cat->fields[i];
	return NULL;
}

int
profile_role_needs_two_factor(const struct profile *p, int r)
{
	/* SEC-3: administrators manage the accounts that see health data. */
	if (r >= 0 && r < p->nroles &&
	    p->roles[r].base == ZK_ROLE_ADMINISTRATOR)
		return 1;
	/* SEC-3: the portal shows health data to who logs in. */
	if (profile_role_portal(p, r))
		return 1;
	return profile_role_sees_health(p, r);
}

int
profile_role_portal(const struct profile *p, int r)
{
	return r >= 0 && r < p->nroles &&
	       vocab_base_role_portal(p->roles[r].base);
}

int
profile_role_sees_health(const struct profile *p, int r)
{
	if (r < 0 || r >= p->nroles)
		return 1;
	if (p->roles[r].base == ZK_ROLE_DPO ||
	    (p->break_glass.roles & (1u << r)))
		return 1;
	for (int c = 0; c < ZK_CAT_COUNT; c++) {
		if (!vocab_category_is_health((enum zk_category)c))
			continue;
		for (int k = 0; k < ZK_KIND_COUNT; k++)
			if (p->grants[r][c][ZK_ACT_READ][k] != 0)
				return 1;
	}
	return 0;
}
