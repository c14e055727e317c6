/*
 * names.c: people by name in the service's answers. The store keeps who
 * did something as an account id; a person reading a register, a study
 * or a hold expects a name. One lookup serves every answer, so that an
 * account that is gone shows the same way everywhere: by its id.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/seal.h"
#include "service/service_int.h"

int
svc_name_set(struct service *svc, int64_t tenant, json_t *o, const char *key)
{
	const char *uid = json_string_value(json_object_get(o, key));
	struct store_user u;
	char name[80];
	int rc;

	if (uid == NULL || uid[0] == '\0')
		return 0;
	memset(&u, 0, sizeof u);
	snprintf(name, sizeof name, "%s_name", key);
	if (store_user_get_uid(svc->store, tenant, uid, &u) == 0 &&
	    u.display_name[0] != '\0')
		rc = json_object_set_new(o, name, json_string(u.display_name));
	else
		rc = json_object_set_new(o, name, json_string(uid));
	seal_wipe(&u, sizeof u);
	return rc == 0 ? 0 : ZK_ENOMEM;
}

int
svc_own_name(struct service *svc, const struct actor *a, char *out, size_t n)
{
	struct store_user u;
	int rc;

	out[0] = '\0';
	if (a->system || a->user_uid[0] == '\0')
		return ZK_ENOTFOUND;
	memset(&u, 0, sizeof u);
	rc = store_user_get_uid(svc->store, a->tenant, a->user_uid, &u);
	if (rc == 0)
		zk_strlcpy(out, u.display_name, n);
	seal_wipe(&u, sizeof u);
	return rc;
}
