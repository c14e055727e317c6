/*
 * teams.c: the teams and locations of an organisation, by name. A client
 * and a staff account are registered in a team; a team lead reads the
 * identity of their own team's clients and gives their care relations
 * (ACC-5). Administrators add them (ACC-3); names are no personal data,
 * so anyone with an account lists them.
 */
#include <string.h>

#include "service/service_int.h"

/* A team or location name: one line of UTF-8 text of 1 to max bytes. */
static int
teams_check_name(const char *what, const char *name, size_t max, char **cause)
{
	if (name == NULL || name[0] == '\0' || strlen(name) > max ||
	    !zk_utf8_valid(name, strlen(name)) ||
	    zk_text_check(name, false) != ZK_TEXT_OK)
		return zk_fail(cause, ZK_EINVAL,
			       "the %s name must be one line of UTF-8 text of "
			       "1 to %zu bytes, without spaces at either end",
			       what, max);
	return 0;
}

int
svc_location_add(struct service *svc, const struct actor *a, const char *name,
		 const char *address, char **cause)
{
	int64_t id;
	int rc;

	if ((rc = teams_check_name("location", name, 119, cause)) != 0)
		return rc;
	if (address != NULL && address[0] != '\0' &&
	    (rc = teams_check_name("address", address, 199, cause)) != 0)
		return rc;
	if (store_location_find(svc->store, a->tenant, name, &id) == 0)
		return zk_fail(cause, ZK_ECONFLICT,
			       "location \"%s\" exists already", name);
	return svc_location_create(svc, a, name, address, &id, cause);
}

int
svc_team_add(struct service *svc, const struct actor *a, const char *name,
	     const char *location, char **cause)
{
	int64_t loc = 0, id;
	int rc;

	if ((rc = teams_check_name("team", name, 95, cause)) != 0)
		return rc;
	if (location != NULL && location[0] != '\0' &&
	    store_location_find(svc->store, a->tenant, location, &loc) != 0)
		return zk_fail(cause, ZK_ENOTFOUND,
			       "no location \"%s\" (add it first)", location);
	if (store_team_find(svc->store, a->tenant, name, &id) == 0)
		return zk_fail(cause, ZK_ECONFLICT,
			       "team \"%s\" exists already", name);
	return svc_team_create(svc, a, loc, name, &id, cause);
}

static int
teams_team_json(void *arg, const struct store_team *t)
{
	json_t *o = json_pack("{s:s, s:s?}", "name", t->name, "location",
			      t->location[0] ? t->location : NULL);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
teams_location_json(void *arg, const struct store_location *l)
{
	json_t *o = json_pack("{s:s, s:s?}", "name", l->name, "address",
			      l->address[0] ? l->address : NULL);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
svc_team_list(struct service *svc, const struct actor *a, json_t **out,
	      char **cause)
{
	json_t *teams = json_array(), *locations = json_array();
	int rc;

	*out = NULL;
	if (teams == NULL || locations == NULL) {
		rc = ZK_ENOMEM;
		goto out;
	}
	rc = store_team_list(svc->store, a->tenant, teams_team_json, teams);
	if (rc == 0)
		rc = store_location_list(svc->store, a->tenant,
					 teams_location_json, locations);
	if (rc != 0) {
		zk_fail(cause, rc, "cannot list teams: %s", zk_strerror(rc));
		goto out;
	}
	if ((*out = json_pack("{s:O, s:O}", "teams", teams, "locations",
			      locations)) == NULL)
		rc = ZK_ENOMEM;
out:
	json_decref(teams);
	json_decref(locations);
	return rc;
}
