/*
 * profile_breach.c: the "breaches" section of a profile (BRE-2, BRE-3):
 *
 *   "breaches": {
 *     "dpo_contact": {"name": "...", "email": "...", "phone": "...",
 *                     "address": "..."},
 *     "public_notice": true,
 *     "cite": "..."}
 *
 * The DPO's contact is the contact point that art. 33(3)(b) puts in the
 * notification to the AP and M§15.3 in the notice to the subjects; every
 * member is optional, but a contact needs a name and one way to reach
 * it. public_notice false refuses the exemption of art. 34(3)(c) (a
 * public notice instead of telling each subject), as M§15.2 names none.
 * An absent section keeps the law's defaults: no contact, public notice
 * allowed.
 */
#include <string.h>

#include <jansson.h>

#include "core/zk.h"
#include "profile/profile.h"

static int
profile_breach_doc(const char *k)
{
	return strcmp(k, "cite") == 0 || strcmp(k, "note") == 0 ||
	       strcmp(k, "assumption") == 0;
}

/* One optional one-line string member into out. */
static int
profile_breach_str(json_t *o, const char *key, char *out, size_t n,
		   const char *name, char **cause)
{
	json_t *v = json_object_get(o, key);
	const char *s;

	if (v == NULL || json_is_null(v))
		return 0;
	s = json_string_value(v);
	if (s == NULL || strlen(s) >= n ||
	    zk_text_check(s, false) != ZK_TEXT_OK)
		return zk_fail(cause, ZK_EPROFILE,
			       "%s: breaches.dpo_contact.%s must be one line "
			       "of at most %zu bytes",
			       name, key, n - 1);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

int
profile_read_breaches(struct json_t *root, const char *name, struct profile *p,
		      char **cause)
{
	static const char *const contact_keys[] = {"name", "email", "phone",
						   "address"};
	struct profile_breach *b = &p->breach;
	json_t *sec, *c, *v;
	const char *k;
	int rc;

	memset(b, 0, sizeof *b);
	b->public_notice = 1;
	sec = json_object_get(root, "breaches");
	if (sec == NULL)
		return 0;
	if (!json_is_object(sec))
		return zk_fail(cause, ZK_EPROFILE,
			       "%s: \"breaches\" must be an object", name);
	json_object_foreach(sec, k, v)
	{
		if (strcmp(k, "dpo_contact") != 0 &&
		    strcmp(k, "public_notice") != 0 && !profile_breach_doc(k))
			return zk_fail(cause, ZK_EPROFILE,
				       "%s: breaches: unknown setting \"%s\"",
				       name, k);
	}
	v = json_object_get(sec, "public_notice");
	if (v != NULL && !json_is_boolean(v))
		return zk_fail(cause, ZK_EPROFILE,
			       "%s: breaches.public_notice must be true or "
			       "false",
			       name);
	if (v != NULL)
		b->public_notice = json_is_true(v);
	c = json_object_get(sec, "dpo_contact");
	if (c == NULL)
		return 0;
	if (!json_is_object(c))
		return zk_fail(cause, ZK_EPROFILE,
			       "%s: breaches.dpo_contact must be an object",
			       name);
	json_object_foreach(c, k, v)
	{
		size_t i = 0;

		while (i < ZK_ARRAY_SIZE(contact_keys) &&
		       strcmp(contact_keys[i], k) != 0)
			i++;
		if (i == ZK_ARRAY_SIZE(contact_keys) && !profile_breach_doc(k))
			return zk_fail(cause, ZK_EPROFILE,
				       "%s: breaches.dpo_contact: unknown "
				       "setting \"%s\"",
				       name, k);
	}
	if ((rc = profile_breach_str(c, "name", b->dpo_name, sizeof b->dpo_name,
				     name, cause)) != 0 ||
	    (rc = profile_breach_str(c, "email", b->dpo_email,
				     sizeof b->dpo_email, name, cause)) != 0 ||
	    (rc = profile_breach_str(c, "phone", b->dpo_phone,
				     sizeof b->dpo_phone, name, cause)) != 0 ||
	    (rc = profile_breach_str(c, "address", b->dpo_address,
				     sizeof b->dpo_address, name, cause)) != 0)
		return rc;
	if (b->dpo_name[0] == '\0' ||
	    (b->dpo_email[0] == '\0' && b->dpo_phone[0] == '\0' &&
	     b->dpo_address[0] == '\0'))
		return zk_fail(cause, ZK_EPROFILE,
			       "%s: breaches.dpo_contact needs a name and an "
			       "e-mail address, phone number or address "
			       "(BRE-2)",
			       name);
	return 0;
}
