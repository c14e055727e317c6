/*
 * users.c: staff accounts. Only administrators (and the system, at init)
 * manage them (ACC-3); every change and every listing is logged. Each
 * account records the basis of its holder's duty of confidentiality
 * (ACC-4) and its password only as an Argon2id hash (SEC-3).
 */
#include <string.h>

#include <sodium.h>

#include "service/service_int.h"
#include "service/logreview.h"

static int
users_check_input(const struct profile *p, const struct svc_user_input *in,
		  char **cause)
{
	if (in->username == NULL || in->username[0] == '\0' ||
	    strlen(in->username) > 63 ||
	    strspn(in->username, "abcdefghijklmnopqrstuvwxyz0123456789._-") !=
		strlen(in->username))
		return zk_fail(cause, ZK_EINVAL,
			       "user name must be 1-63 lowercase letters, "
			       "digits, dots, dashes or underscores");
	if (in->display_name != NULL &&
	    (strlen(in->display_name) > 127 ||
	     !zk_utf8_valid(in->display_name, strlen(in->display_name)) ||
	     zk_text_check(in->display_name, false) != ZK_TEXT_OK))
		return zk_fail(cause, ZK_EINVAL,
			       "display name must be one line of valid UTF-8, "
			       "at most 127 bytes, not blank and without "
			       "spaces at either end");
	if (in->nroles < 1 || in->nroles > STORE_MAX_ROLES)
		return zk_fail(cause, ZK_EINVAL, "give 1 to %d roles",
			       STORE_MAX_ROLES);
	for (int i = 0; i < in->nroles; i++) {
		if (profile_role_index(p, in->roles[i]) < 0)
			return zk_fail(cause, ZK_EINVAL,
				       "role \"%s\" is not defined by profile "
				       "%s",
				       in->roles[i], p->id);
		for (int k = 0; k < i; k++)
			if (strcmp(in->roles[k], in->roles[i]) == 0)
				return zk_fail(cause, ZK_EINVAL,
					       "role \"%s\" is given twice",
					       in->roles[i]);
		/* INZ-6: a portal account comes with its link to a client. */
		if (profile_role_portal(p, profile_role_index(p, in->roles[i])))
			return zk_fail(
			    cause, ZK_EINVAL,
			    "role \"%s\" is a portal role, given "
			    "only by a portal invitation (POST "
			    "/api/v1/clients/{id}/portal-invitations)",
			    in->roles[i]);
	}
	if (vocab_confidentiality(in->confidentiality) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "the basis of the duty of confidentiality must "
			       "be profession, office, law or agreement "
			       "(ACC-4)");
	return in->password != NULL ? svc_password_valid(in->password, cause)
				    : 0;
}

int
svc_password_valid(const char *password, char **cause)
{
	/* Characters, not bytes: "ééééé" is five (SEC-3). */
	if (!zk_utf8_valid(password, strlen(password)) ||
	    zk_utf8_chars(password) < 10 || zk_utf8_chars(password) > 1024)
		return zk_fail(cause, ZK_EINVAL,
			       "a password needs 10 to 1024 characters");
	return 0;
}

/*
 * Creates the account; with invite, an account without a password gets
 * an invitation (or, when it waits for approval, the request).
 */
static int
users_create(struct service *svc, const struct actor *a,
	     const struct svc_user_input *in, int invite,
	     struct svc_account *out, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	int64_t id;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((rc = users_check_input(t->profile, in, cause)) != 0)
		return rc;
	/*
	 * ACC-3, SEC-3: an administrator never holds a usable password of
	 * another account; its owner sets one from an invitation.
	 */
	if (!a->system && in->password != NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "an administrator does not choose passwords; "
			       "the owner sets one from the invitation "
			       "(ACC-3, SEC-3)");
	memset(&u, 0, sizeof u);
	zk_uuid_new(u.uid);
	zk_strlcpy(u.username, in->username, sizeof u.username);
	zk_strlcpy(u.display_name,
		   in->display_name ? in->display_name : in->username,
		   sizeof u.display_name);
	zk_strlcpy(u.confidentiality, in->confidentiality,
		   sizeof u.confidentiality);
	zk_time_fmt(zk_now(), u.created_at);
	/*
	 * SEC-3, ACC-3: a password an administrator chose is theirs too; its
	 * owner replaces it first (svc_password_check). The operator who
	 * sets up accounts on the server holds the keys anyway.
	 */
	u.password_change = !a->system && in->password != NULL;
	u.nroles = in->nroles;
	for (int i = 0; i < in->nroles; i++)
		zk_strlcpy(u.roles[i], in->roles[i], sizeof u.roles[i]);
	/* ACC-3: health data waits for a second person's approval. */
	u.awaiting_approval =
	    !a->system && svc_roles_see_health(t->profile, u.roles, u.nroles);
	if (in->password != NULL &&
	    crypto_pwhash_str(u.password_hash, in->password,
			      strlen(in->password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return zk_fail(cause, ZK_ENOMEM, "cannot hash the password");

	if ((rc = svc_admin_begin(svc, a, &ev, "user.create", 'C', &t,
				  cause)) != 0)
		return rc;
	ev.object_type = "user";
	ev.object_uid = u.uid;
	if (in->team != NULL && in->team[0] != '\0') {
		rc = store_team_find(svc->store, a->tenant, in->team,
				     &u.team_id);
		if (rc != 0) {
			store_rollback(svc->store);
			return zk_fail(cause,
				       rc == ZK_ENOTFOUND ? ZK_EINVAL : rc,
				       "no team \"%s\"", in->team);
		}
	}
	rc = store_user_create(svc->store, a->tenant, &u, &id);
	if (rc == ZK_EEXIST) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "user \"%s\" exists", in->username);
	}
	zk_strlcpy(out->uid, u.uid, sizeof out->uid);
	zk_strlcpy(out->status,
		   u.awaiting_approval ? "awaiting_approval" : "active",
		   sizeof out->status);
	if (rc == 0 && u.awaiting_approval) {
		char roles[400] = "";

		for (int i = 0; i < u.nroles; i++)
			snprintf(roles + strlen(roles),
				 sizeof roles - strlen(roles), "%s%s",
				 i ? "," : "", u.roles[i]);
		rc = svc_account_request(svc, a, id, "account", roles,
					 out->approval);
	} else if (rc == 0 && invite && in->password == NULL) {
		rc =
		    svc_account_invite(svc, a, id, out->token, out->expires_at);
	}
	if (rc != 0) {
		memset(out, 0, sizeof *out);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	if (u.awaiting_approval)
		ev.reason = "approval_requested";
	if ((rc = svc_account_commit(svc, a, t, &ev, out, u.uid, cause)) != 0)
		memset(out, 0, sizeof *out);
	return rc;
}

int
svc_user_create(struct service *svc, const struct actor *a,
		const struct svc_user_input *in, struct svc_account *out,
		char **cause)
{
	return users_create(svc, a, in, 1, out, cause);
}

int
svc_user_add(struct service *svc, const struct actor *a,
	     const struct svc_user_input *in, char uid[ZK_UUID_LEN],
	     char **cause)
{
	struct svc_account out;
	int rc = users_create(svc, a, in, 0, &out, cause);

	if (rc == 0 && uid != NULL)
		zk_strlcpy(uid, out.uid, ZK_UUID_LEN);
	return rc;
}

static int
users_to_json(void *arg, const struct store_user *u)
{
	json_t *arr = arg, *roles = json_array(), *o;

	for (int i = 0; i < u->nroles; i++)
		json_array_append_new(roles, json_string(u->roles[i]));
	o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s?, s:b, s:s, s:b}", "id",
		      u->uid, "username", u->username, "display_name",
		      u->display_name, "roles", roles, "confidentiality",
		      u->confidentiality, "team", u->team[0] ? u->team : NULL,
		      "disabled", u->disabled, "created_at", u->created_at,
		      "awaiting_approval", u->awaiting_approval);
	if (o == NULL || json_array_append_new(arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
svc_user_list(struct service *svc, const struct actor *a, json_t **out,
	      char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	json_t *arr;
	int rc;

	*out = NULL;
	if ((rc = svc_admin_begin(svc, a, &ev, "user.list", 'R', &t, cause)) !=
	    0)
		return rc;
	ev.object_type = "user";
	if ((arr = json_array()) == NULL) {
		store_rollback(svc->store);
		return ZK_ENOMEM;
	}
	rc = store_user_list(svc->store, a->tenant, users_to_json, arr);
	/* FG-2: which accounts are clients too (the colleague report). */
	if (rc == 0)
		rc = svc_lr_user_clients(svc, a->tenant, arr);
	*out = arr;
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_user_end(struct service *svc, const struct actor *a, const char *username,
	     const char *event, const char *rule, const char *conflict,
	     int (*act)(struct store *s, const struct actor *a,
			const struct store_user *u),
	     char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	int rc;

	if ((rc = svc_admin_begin(svc, a, &ev, event, 'U', &t, cause)) != 0)
		return rc;
	ev.object_type = "user";
	if (rule != NULL)
		ev.rule = rule;
	rc = store_user_get(svc->store, a->tenant, username, &u);
	if (rc == 0) {
		ev.object_uid = u.uid;
		rc = act(svc->store, a, &u);
	}
	if (rc == ZK_EDENIED) {
		struct authz_decision own = {.reason = "own_account",
					     .rule = "ACC-3"};
		char checks[200];

		svc_event_decision(&ev, &own, 0, checks, sizeof checks);
		rc = svc_refuse(svc, a, &ev, &own, cause);
		if (rc == ZK_EDENIED && cause != NULL) {
			free(*cause);
			*cause = NULL;
			zk_fail(cause, rc,
				"you cannot disable your own account; "
				"another administrator can, or "
				"`zorgkluis user disable` on the server "
				"(ACC-3)");
		}
		return rc;
	}
	if (rc == ZK_ENOTFOUND || rc == ZK_ECONFLICT) {
		store_rollback(svc->store);
		if (rc == ZK_ECONFLICT)
			return zk_fail(cause, rc, "user \"%s\" %s", username,
				       conflict);
		return zk_fail(cause, rc, "no user \"%s\"", username);
	}
	/* SEC-3: the account's sessions end with it, at every server. */
	if (rc != 0 || (rc = store_session_delete_user(svc->store, a->tenant,
						       username)) != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

/*
 * An administrator does not disable their own account: the organisation
 * could be left without one, with no way back through the API.
 */
static int
users_disable(struct store *s, const struct actor *a,
	      const struct store_user *u)
{
	char now[ZK_TIME_LEN];

	if (u->disabled)
		return ZK_ECONFLICT;
	if (!a->system && u->id == a->user_id)
		return ZK_EDENIED;
	zk_time_fmt(zk_now(), now);
	return store_user_disable(s, a->tenant, u->username, now);
}

int
svc_user_disable(struct service *svc, const struct actor *a,
		 const char *username, char **cause)
{
	return svc_user_end(svc, a, username, "user.disable", NULL,
			    "is already disabled", users_disable, cause);
}
