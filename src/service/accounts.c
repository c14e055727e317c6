/*
 * accounts.c: who may give access to health data (ACC-3, ACC-4, SEC-3).
 *
 * An administrator manages accounts but never gives anyone access to
 * health data or logs alone: an account, or roles, that would see them
 * wait for a second person with care authority, named by the profile
 * (account_approval: the team lead of the account's team, or the DPO).
 * The requester and the account itself never approve. No administrator
 * chooses a password: the owner sets one from a one-time invitation,
 * random, kept only as a hash, valid SVC_INVITATION_HOURS. For an account
 * that sees health data the invitation is made when the approval is
 * given, and goes to the approver, so the administrator never holds a
 * usable credential for it. Requests, decisions, invitations and their
 * use are all logged (LOG-1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/service_int.h"

#define ACCOUNTS_TOKEN_BYTES 32

static void
accounts_hash(const char *token, unsigned char out[STORE_HASH_LEN])
{
	crypto_generichash(out, STORE_HASH_LEN, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}

bool
svc_roles_see_health(const struct profile *p, const char (*roles)[48], int n)
{
	for (int i = 0; i < n; i++) {
		int r = profile_role_index(p, roles[i]);

		if (r >= 0 && profile_role_sees_health(p, r))
			return true;
	}
	return false;
}

int
svc_account_request(struct service *svc, const struct actor *a, int64_t user_id,
		    const char *kind, const char *roles, char uid[ZK_UUID_LEN])
{
	struct store_request r;
	int rc;

	memset(&r, 0, sizeof r);
	zk_uuid_new(r.uid);
	r.user_id = user_id;
	zk_strlcpy(r.kind, kind, sizeof r.kind);
	zk_strlcpy(r.roles, roles, sizeof r.roles);
	zk_strlcpy(r.requested_by, a->user_uid, sizeof r.requested_by);
	zk_time_fmt(zk_now(), r.requested_at);
	rc = store_request_create(svc->store, a->tenant, &r, NULL);
	if (rc == 0)
		zk_strlcpy(uid, r.uid, ZK_UUID_LEN);
	return rc;
}

int
svc_account_invite(struct service *svc, const struct actor *a, int64_t user_id,
		   char token[48], char expires[ZK_TIME_LEN])
{
	unsigned char raw[ACCOUNTS_TOKEN_BYTES], hash[STORE_HASH_LEN];
	char now[ZK_TIME_LEN];
	int64_t until = zk_now() + SVC_INVITATION_HOURS * 3600;
	int rc;

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, 48, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	accounts_hash(token, hash);
	zk_time_fmt(zk_now(), now);
	zk_time_fmt(until, expires);
	rc = store_invitation_create(svc->store, a->tenant, user_id, hash,
				     a->user_uid, now, until);
	if (rc != 0) {
		sodium_memzero(token, 48);
		expires[0] = '\0';
	}
	return rc;
}

int
svc_account_commit(struct service *svc, const struct actor *a,
		   struct svc_tenant *t, struct audit_event *ev,
		   const struct svc_account *out, const char *user_uid,
		   char **cause)
{
	struct audit_event req, inv;
	int64_t now = zk_now();
	int rc;

	if ((rc = svc_log_one(svc, a, ev, now, cause)) != 0)
		return rc;
	if (out->approval[0] != '\0') {
		req = *ev;
		req.event = "approval.request";
		req.action = 'C';
		req.object_type = "approval";
		req.object_uid = out->approval;
		req.reason = "health_data_access";
		req.rule = "ACC-3";
		if ((rc = svc_log_one(svc, a, &req, now, cause)) != 0)
			return rc;
	}
	if (out->token[0] != '\0') {
		svc_event_init(&inv, a, t, "invitation.create", 'C');
		inv.user_role = ev->user_role;
		inv.role_code = ev->role_code;
		inv.object_type = "user";
		inv.object_uid = user_uid;
		inv.reason = "invitation";
		inv.rule = "SEC-3";
		inv.checks = ev->checks;
		if ((rc = svc_log_one(svc, a, &inv, now, cause)) != 0)
			return rc;
	}
	return svc_log_finish(svc, cause);
}

/* Splits "a,b,c" into roles; returns how many. */
static int
accounts_split(const char *list, char (*roles)[48])
{
	int n = 0;

	while (list != NULL && *list != '\0' && n < STORE_MAX_ROLES) {
		size_t k = strcspn(list, ",");

		if (k > 0 && k < 48) {
			memcpy(roles[n], list, k);
			roles[n][k] = '\0';
			n++;
		}
		list += k;
		if (*list == ',')
			list++;
	}
	return n;
}

static bool
accounts_has(const char (*roles)[48], int n, const char *role)
{
	for (int i = 0; i < n; i++)
		if (strcmp(roles[i], role) == 0)
			return true;
	return false;
}

/* Logs a refusal of an act on an account for reason under ACC-3. */
static int
accounts_refuse(struct service *svc, const struct actor *a,
		struct audit_event *ev, const char *reason, char **cause,
		const char *msg)
{
	struct authz_decision d = {.reason = reason, .rule = "ACC-3"};
	char checks[200];
	int rc;

	svc_event_decision(ev, &d, 0, checks, sizeof checks);
	rc = svc_refuse(svc, a, ev, &d, cause);
	if (rc == ZK_EDENIED && cause != NULL) {
		free(*cause);
		*cause = NULL;
		zk_fail(cause, rc, "%s (ACC-3)", msg);
	}
	return rc;
}

/*
 * Begins the administrator's act event on the account username: the
 * account into *u and the tenant into *t. An unknown account is refused
 * under rule; so is the actor's own account when own is not NULL (own
 * says what to do instead). 0, or the refusal's code, logged.
 */
static int
accounts_target(struct service *svc, const struct actor *a,
		const char *username, const char *event, const char *rule,
		const char *own, struct audit_event *ev, struct svc_tenant **t,
		struct store_user *u, char **cause)
{
	int rc;

	if ((rc = svc_admin_begin(svc, a, ev, event, 'U', t, cause)) != 0)
		return rc;
	ev->object_type = "user";
	rc = store_user_get(svc->store, a->tenant, username, u);
	if (rc != 0)
		return svc_refuse_input(svc, a, ev, rc, rc, "no_such_user",
					rule, cause, "no user \"%s\"",
					username);
	ev->object_uid = u->uid;
	if (own != NULL && !a->system && u->id == a->user_id)
		return accounts_refuse(svc, a, ev, "own_account", cause, own);
	return 0;
}

int
svc_user_enable(struct service *svc, const struct actor *a,
		const char *username, char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	int rc;

	if ((rc = svc_admin_begin(svc, a, &ev, "user.enable", 'U', &t,
				  cause)) != 0)
		return rc;
	ev.object_type = "user";
	rc = store_user_get(svc->store, a->tenant, username, &u);
	if (rc == 0) {
		ev.object_uid = u.uid;
		rc = u.disabled
			 ? store_user_enable(svc->store, a->tenant, username)
			 : ZK_ECONFLICT;
	}
	if (rc == ZK_ENOTFOUND || rc == ZK_ECONFLICT)
		return svc_refuse_input(
		    svc, a, &ev, rc, rc,
		    rc == ZK_ECONFLICT ? "not_disabled" : "no_such_user",
		    "ACC-3", cause,
		    rc == ZK_ECONFLICT ? "user \"%s\" is not disabled"
				       : "no user \"%s\"",
		    username);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

/* Checks roles against the profile: known, each once, 1 to 8. */
static int
accounts_check_roles(const struct profile *p, const char *const *roles, int n,
		     char **cause)
{
	if (n < 1 || n > STORE_MAX_ROLES)
		return zk_fail(cause, ZK_EINVAL, "give 1 to %d roles",
			       STORE_MAX_ROLES);
	for (int i = 0; i < n; i++) {
		if (profile_role_index(p, roles[i]) < 0)
			return zk_fail(cause, ZK_EINVAL,
				       "role \"%s\" is not defined by profile "
				       "%s",
				       roles[i], p->id);
		for (int k = 0; k < i; k++)
			if (strcmp(roles[k], roles[i]) == 0)
				return zk_fail(cause, ZK_EINVAL,
					       "role \"%s\" is given twice",
					       roles[i]);
		/* INZ-6: portal and staff roles never meet on one account. */
		if (profile_role_portal(p, profile_role_index(p, roles[i])))
			return zk_fail(
			    cause, ZK_EINVAL,
			    "role \"%s\" is a portal role, given "
			    "only by a portal invitation (POST "
			    "/api/v1/clients/{id}/portal-invitations)",
			    roles[i]);
	}
	return 0;
}

int
svc_user_set_roles(struct service *svc, const struct actor *a,
		   const char *username, const char *const *roles, int n,
		   struct svc_account *out, char **cause)
{
	char want[STORE_MAX_ROLES][48], keep[STORE_MAX_ROLES][48];
	char list[400] = "";
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	bool wait = false;
	int nkeep = 0, rc;

	memset(out, 0, sizeof *out);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0 ||
	    (rc = accounts_check_roles(t->profile, roles, n, cause)) != 0)
		return rc;
	for (int i = 0; i < n; i++) {
		zk_strlcpy(want[i], roles[i], sizeof want[i]);
		snprintf(list + strlen(list), sizeof list - strlen(list),
			 "%s%s", i ? "," : "", roles[i]);
	}
	if ((rc = accounts_target(svc, a, username, "user.roles", "ACC-3",
				  "you cannot change your own roles; "
				  "another administrator can",
				  &ev, &t, &u, cause)) != 0)
		return rc;
	if (u.awaiting_approval)
		return svc_refuse_input(
		    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
		    "awaiting_approval", "ACC-3", cause,
		    "user \"%s\" awaits the approval of its account", username);
	/* INZ-6: a portal account never gets a staff role. */
	for (int i = 0; i < u.nroles; i++)
		if (profile_role_portal(
			t->profile, profile_role_index(t->profile, u.roles[i])))
			return svc_refuse_input(
			    svc, a, &ev, ZK_EINVAL, ZK_EINVAL, "portal_account",
			    "INZ-6", cause,
			    "user \"%s\" is a portal account; it holds no "
			    "staff role",
			    username);
	/*
	 * ACC-3: a role that sees health data or logs and that the account
	 * did not have waits; what it keeps, and roles without such access,
	 * are in force at once. The operator on the server needs no approval.
	 */
	for (int i = 0; i < n; i++) {
		bool had = false;

		for (int k = 0; k < u.nroles; k++)
			had |= strcmp(u.roles[k], want[i]) == 0;
		if (had || !svc_roles_see_health(t->profile, &want[i], 1))
			zk_strlcpy(keep[nkeep++], want[i], sizeof keep[0]);
		else
			wait = !a->system;
	}
	zk_strlcpy(out->uid, u.uid, sizeof out->uid);
	if (wait) {
		/* Removals still count at once; additions wait. */
		nkeep = 0;
		for (int k = 0; k < u.nroles; k++)
			if (accounts_has((const char(*)[48])want, n,
					 u.roles[k]))
				zk_strlcpy(keep[nkeep++], u.roles[k],
					   sizeof keep[0]);
		rc = store_user_set_roles(svc->store, a->tenant, u.id,
					  (const char(*)[48])keep, nkeep);
		if (rc == 0)
			rc = svc_account_request(svc, a, u.id, "roles", list,
						 out->approval);
		zk_strlcpy(out->status, "awaiting_approval",
			   sizeof out->status);
		ev.reason = "approval_requested";
	} else {
		char now[ZK_TIME_LEN];

		/*
		 * ACC-3: roles set now supersede a request still waiting for
		 * approval, which must not grant later what was taken away.
		 */
		zk_time_fmt(zk_now(), now);
		rc = store_user_set_roles(svc->store, a->tenant, u.id,
					  (const char(*)[48])want, n);
		if (rc == 0)
			rc = store_request_withdraw(svc->store, a->tenant, u.id,
						    "roles", now);
		zk_strlcpy(out->status, "active", sizeof out->status);
	}
	/* SEC-3: roles taken away end the sessions that had them. */
	if (rc == 0 && (!wait || nkeep < u.nroles))
		rc = store_session_delete_user(svc->store, a->tenant,
					       u.username);
	if (rc != 0) {
		memset(out, 0, sizeof *out);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	return svc_account_commit(svc, a, t, &ev, out, u.uid, cause);
}

int
svc_user_reset(struct service *svc, const struct actor *a, const char *username,
	       struct svc_account *out, char **cause)
{
	char list[400] = "", now[ZK_TIME_LEN];
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	bool wait;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = accounts_target(svc, a, username, "user.reset", "SEC-3",
				  "you cannot reset your own password; "
				  "change it (POST /api/v1/password)",
				  &ev, &t, &u, cause)) != 0)
		return rc;
	if (u.disabled || u.awaiting_approval)
		return svc_refuse_input(
		    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
		    u.disabled ? "user_disabled" : "awaiting_approval", "SEC-3",
		    cause,
		    u.disabled ? "user \"%s\" is disabled; enable it first"
			       : "user \"%s\" awaits approval; its invitation "
				 "comes with it",
		    username);
	for (int i = 0; i < u.nroles; i++)
		snprintf(list + strlen(list), sizeof list - strlen(list),
			 "%s%s", i ? "," : "", u.roles[i]);
	wait = !a->system &&
	       svc_roles_see_health(t->profile, (const char(*)[48])u.roles,
				    u.nroles);
	/* SEC-3: the old password stops working and every session ends. */
	zk_time_fmt(zk_now(), now);
	zk_strlcpy(out->uid, u.uid, sizeof out->uid);
	rc = store_user_put_password(svc->store, a->tenant, u.id, NULL);
	if (rc == 0)
		rc = store_invitation_revoke(svc->store, a->tenant, u.id, now);
	if (rc == 0)
		rc = store_session_delete_user(svc->store, a->tenant,
					       u.username);
	if (rc == 0 && wait) {
		rc = svc_account_request(svc, a, u.id, "reset", list,
					 out->approval);
		zk_strlcpy(out->status, "awaiting_approval",
			   sizeof out->status);
		ev.reason = "approval_requested";
	} else if (rc == 0) {
		rc = svc_account_invite(svc, a, u.id, out->token,
					out->expires_at);
		zk_strlcpy(out->status, "invited", sizeof out->status);
	}
	ev.rule = "SEC-3";
	if (rc != 0) {
		memset(out, 0, sizeof *out);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	return svc_account_commit(svc, a, t, &ev, out, u.uid, cause);
}

/* The roles mask (profile indexes) of a stored user. */
static uint32_t
accounts_mask(const struct profile *p, const struct store_user *u)
{
	uint32_t m = 0;

	for (int i = 0; i < u->nroles; i++) {
		int r = profile_role_index(p, u->roles[i]);

		if (r >= 0)
			m |= 1u << r;
	}
	return m;
}

static int
accounts_request_json(void *arg, const struct store_request *r)
{
	char roles[STORE_MAX_ROLES][48];
	json_t *arr = arg, *list = json_array(), *o;
	int n = accounts_split(r->roles, roles);

	for (int i = 0; list != NULL && i < n; i++)
		json_array_append_new(list, json_string(roles[i]));
	o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:s}", "id", r->uid,
		      "username", r->username, "kind", r->kind, "roles", list,
		      "requested_by", r->requested_by, "requested_at",
		      r->requested_at, "status", r->status);
	if (o == NULL || json_array_append_new(arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
svc_approval_list(struct service *svc, const struct actor *a, json_t **out,
		  char **cause)
{
	const struct profile *p;
	struct svc_tenant *t;
	struct audit_event ev;
	json_t *arr;
	uint32_t approvers, admins = 0;
	int rc;

	*out = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	p = t->profile;
	approvers = p->approval.team | p->approval.organisation;
	for (int r = 0; r < p->nroles; r++)
		if (p->roles[r].base == ZK_ROLE_ADMINISTRATOR)
			admins |= 1u << r;
	svc_event_init(&ev, a, t, "approval.list", 'R');
	ev.object_type = "approval";
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if (!a->system && !(a->roles & (approvers | admins)))
		return accounts_refuse(svc, a, &ev, "no_care_authority", cause,
				       "only administrators and those who "
				       "approve accounts see the requests");
	if (!a->system) {
		for (int r = 0; r < p->nroles; r++)
			if (a->roles & (approvers | admins) & (1u << r)) {
				ev.user_role = p->roles[r].id;
				break;
			}
		ev.reason = "account_management";
		ev.rule = "ACC-3";
		ev.checks = "authz=permit";
	}
	if ((arr = json_array()) == NULL) {
		store_rollback(svc->store);
		return ZK_ENOMEM;
	}
	rc = store_request_list(svc->store, a->tenant, 1, accounts_request_json,
				arr);
	*out = arr;
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/*
 * ACC-3: whether approver may decide r: not the one who asked, not the
 * account itself, and with a role the profile names, for the whole
 * organisation or for the account's own team. The reason when not.
 */
static const char *
accounts_authority(const struct profile *p, const struct store_user *approver,
		   const struct store_request *r)
{
	uint32_t m = accounts_mask(p, approver);

	if (strcmp(approver->uid, r->requested_by) == 0)
		return "own_request";
	if (approver->id == r->user_id)
		return "own_account";
	if (approver->disabled || approver->awaiting_approval)
		return "user_inactive";
	if (m & p->approval.organisation)
		return NULL;
	if ((m & p->approval.team) && approver->team_id != 0 &&
	    approver->team_id == r->team_id)
		return NULL;
	return "no_care_authority";
}

/* Carries out an approved request: roles, approval, invitation. */
static int
accounts_carry_out(struct service *svc, const struct actor *a,
		   const struct svc_tenant *t, const struct store_request *r,
		   struct svc_account *out)
{
	char roles[STORE_MAX_ROLES][48];
	struct store_user u;
	int n = accounts_split(r->roles, roles), rc;
	bool fresh;

	rc = store_user_get(svc->store, a->tenant, r->username, &u);
	if (rc != 0)
		return rc;
	if (u.disabled)
		return ZK_ECONFLICT;
	zk_strlcpy(out->uid, u.uid, sizeof out->uid);
	zk_strlcpy(out->status, "active", sizeof out->status);
	if (strcmp(r->kind, "account") == 0) {
		if ((rc = store_user_approve(svc->store, a->tenant, u.id)) != 0)
			return rc;
		return svc_account_invite(svc, a, u.id, out->token,
					  out->expires_at);
	}
	if (strcmp(r->kind, "reset") == 0)
		return svc_account_invite(svc, a, u.id, out->token,
					  out->expires_at);
	/*
	 * roles: an account that saw no health data before gets a new
	 * invitation through the approver as well; the administrator may
	 * hold its password.
	 */
	fresh = !svc_roles_see_health(t->profile, (const char(*)[48])u.roles,
				      u.nroles);
	rc = store_user_set_roles(svc->store, a->tenant, u.id,
				  (const char(*)[48])roles, n);
	if (rc == 0)
		rc = store_session_delete_user(svc->store, a->tenant,
					       u.username);
	if (rc != 0 || !fresh)
		return rc;
	if ((rc = store_user_put_password(svc->store, a->tenant, u.id, NULL)) !=
	    0)
		return rc;
	return svc_account_invite(svc, a, u.id, out->token, out->expires_at);
}

int
svc_approval_decide(struct service *svc, const struct actor *a,
		    const char *request_uid, bool approve, const char *by,
		    struct svc_account *out, char **cause)
{
	struct store_user approver;
	struct store_request r;
	struct svc_tenant *t;
	struct audit_event ev;
	struct actor as;
	char now[ZK_TIME_LEN];
	const char *deny;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (a->system && (by == NULL || by[0] == '\0'))
		return zk_fail(cause, ZK_EINVAL,
			       "name the approver who decided (--by)");
	as = *a;
	svc_event_init(&ev, a, t,
		       approve ? "approval.approve" : "approval.reject", 'U');
	ev.object_type = "approval";
	ev.object_uid = request_uid;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = a->system ? store_user_get(svc->store, a->tenant, by, &approver)
		       : store_user_get_uid(svc->store, a->tenant, a->user_uid,
					    &approver);
	if (rc != 0)
		return svc_refuse_input(
		    svc, a, &ev, rc, rc == ZK_ENOTFOUND ? ZK_EINVAL : rc,
		    "no_such_user", "ACC-3", cause, "no user \"%s\"",
		    a->system ? by : a->username);
	if (a->system) {
		/* LOG-1: the operator records what the approver decided. */
		zk_strlcpy(as.on_behalf_of, approver.uid,
			   sizeof as.on_behalf_of);
		ev.on_behalf_of = as.on_behalf_of;
	}
	rc = store_request_get(svc->store, a->tenant, request_uid, &r);
	if (rc != 0)
		return svc_refuse_input(svc, &as, &ev, rc, rc,
					"no_such_request", "ACC-3", cause,
					"no request %s", request_uid);
	if ((deny = accounts_authority(t->profile, &approver, &r)) != NULL)
		return accounts_refuse(
		    svc, &as, &ev, deny, cause,
		    strcmp(deny, "own_request") == 0
			? "the one who asked cannot approve or reject it"
		    : strcmp(deny, "own_account") == 0
			? "no one decides on their own account"
		    : strcmp(deny, "user_inactive") == 0
			? "the approver's account is not active"
			: "approval needs a role with care authority for the "
			  "account's team, or for the organisation");
	if (strcmp(r.status, "pending") != 0)
		return svc_refuse_input(svc, &as, &ev, ZK_ECONFLICT,
					ZK_ECONFLICT, "not_pending", "ACC-3",
					cause, "request %s is %s already",
					request_uid, r.status);
	/* LOG-1: in the role that gave the authority. */
	for (int i = 0; i < t->profile->nroles; i++)
		if ((accounts_mask(t->profile, &approver) &
		     (t->profile->approval.team |
		      t->profile->approval.organisation) &
		     (1u << i))) {
			ev.user_role = t->profile->roles[i].id;
			ev.role_code = vocab_iso_role(t->profile->roles[i].base,
						      false, false);
			break;
		}
	ev.reason = approve ? "approved" : "rejected";
	ev.rule = "ACC-3";
	ev.checks = "authz=permit;role=approver";
	if (approve) {
		/* Decided only for an account that can take it: a refusal
		 * must leave the request pending, not half-decided. */
		struct store_user u;

		rc = store_user_get(svc->store, a->tenant, r.username, &u);
		if (rc == 0 && u.disabled)
			return svc_refuse_input(
			    svc, &as, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
			    "user_disabled", "ACC-3", cause,
			    "user \"%s\" is disabled; enable it first",
			    r.username);
		if (rc != 0)
			return svc_fail_act(svc, &as, &ev, rc, cause);
	}
	zk_time_fmt(zk_now(), now);
	rc = store_request_decide(svc->store, a->tenant, r.id,
				  approve ? "approved" : "rejected",
				  approver.uid, now);
	if (rc == ZK_ECONFLICT)
		return svc_refuse_input(
		    svc, &as, &ev, rc, rc, "not_pending", "ACC-3", cause,
		    "request %s was decided meanwhile", request_uid);
	if (rc == 0 && approve)
		rc = accounts_carry_out(svc, &as, t, &r, out);
	if (rc != 0) {
		memset(out, 0, sizeof *out);
		return svc_fail_act(svc, &as, &ev, rc, cause);
	}
	if (!approve)
		zk_strlcpy(out->status, "rejected", sizeof out->status);
	if ((rc = svc_account_commit(svc, &as, t, &ev, out, out->uid, cause)) !=
	    0)
		memset(out, 0, sizeof *out);
	return rc;
}

/* An invitation to accept, where the log writer is. */
struct accounts_accept {
	int64_t tenant;
	const char *access_point;
	unsigned char hash[STORE_HASH_LEN];
	const char *pw_hash;
	char username[64];
	char *cause;
};

static int
accounts_accept_fn(struct service *svc, void *arg)
{
	struct accounts_accept *x = arg;
	struct store_invitation inv;
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	struct actor a;
	char now[ZK_TIME_LEN];
	const char *reason = NULL;
	int rc;

	if ((rc = svc_tenant(svc, x->tenant, &t, &x->cause)) != 0)
		return rc;
	memset(&a, 0, sizeof a);
	a.tenant = x->tenant;
	zk_strlcpy(a.user_uid, "unknown", sizeof a.user_uid);
	zk_strlcpy(a.role, "-", sizeof a.role);
	zk_strlcpy(a.access_point, x->access_point, sizeof a.access_point);
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(&x->cause, rc, "cannot start: %s",
			       zk_strerror(rc));
	rc = store_invitation_get(svc->store, x->tenant, x->hash, &inv);
	if (rc == 0)
		rc = store_user_get(svc->store, x->tenant, inv.username, &u);
	if (rc != 0 && rc != ZK_ENOTFOUND) {
		store_rollback(svc->store);
		return zk_fail(&x->cause, rc, "cannot read the invitation");
	}
	if (rc == 0)
		zk_strlcpy(a.user_uid, u.uid, sizeof a.user_uid);
	svc_event_init(&ev, &a, t, "invitation.accept", 'U');
	ev.object_type = "user";
	ev.object_uid = a.user_uid;
	ev.rule = "SEC-3";
	ev.checks = "authn=invitation";
	if (rc == ZK_ENOTFOUND)
		reason = "invitation_unknown";
	else if (inv.used)
		reason = "invitation_used";
	else if (inv.expires_at <= zk_now())
		reason = "invitation_expired";
	else if (u.disabled || u.awaiting_approval)
		reason = "user_inactive";
	if (reason != NULL) {
		ev.outcome = "refused";
		ev.reason = reason;
		if ((rc = svc_log_commit(svc, &a, &ev, &x->cause)) != 0)
			return rc;
		return zk_fail(&x->cause, ZK_EAUTH,
			       "this invitation is unknown, used or expired; "
			       "ask for a new one");
	}
	zk_strlcpy(x->username, u.username, sizeof x->username);
	zk_time_fmt(zk_now(), now);
	ev.reason = "password_set";
	rc = store_invitation_use(svc->store, x->tenant, inv.id, now);
	if (rc == 0)
		rc = store_user_put_password(svc->store, x->tenant, u.id,
					     x->pw_hash);
	/* SEC-3: whoever held the account before is out. */
	if (rc == 0)
		rc = store_session_delete_user(svc->store, x->tenant,
					       u.username);
	if (rc != 0)
		return svc_fail_act(svc, &a, &ev, rc, &x->cause);
	return svc_log_commit(svc, &a, &ev, &x->cause);
}

int
svc_invitation_accept(struct service *svc, const char *tenant_slug,
		      const char *token, const char *password,
		      const char *access_point, char username[64], char **cause)
{
	char pw_hash[crypto_pwhash_STRBYTES];
	struct accounts_accept x;
	int rc;

	memset(&x, 0, sizeof x);
	username[0] = '\0';
	if ((rc = svc_password_valid(password, cause)) != 0)
		return rc;
	accounts_hash(token, x.hash);
	if (tenant_slug != NULL && tenant_slug[0] != '\0') {
		rc = svc_tenant_find(svc, tenant_slug, &x.tenant, cause);
	} else {
		/* SCOPE-3: the organisation the invitation was made in. */
		rc = store_invitation_tenant(svc->store, x.hash, &x.tenant);
		/* An unknown one is refused in the only organisation's log. */
		if (rc == ZK_ENOTFOUND)
			rc = svc_tenant_default(svc, &x.tenant, cause);
	}
	if (rc == ZK_ENOTFOUND || rc == ZK_EINVAL) {
		if (cause != NULL) {
			free(*cause);
			*cause = NULL;
		}
		return zk_fail(cause, ZK_EAUTH,
			       "this invitation is unknown, used or expired; "
			       "ask for a new one");
	}
	if (rc != 0)
		return rc;
	/* The slow hash before the write, outside the log writer. */
	if (crypto_pwhash_str(pw_hash, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return zk_fail(cause, ZK_ENOMEM, "cannot hash the password");
	x.pw_hash = pw_hash;
	x.access_point = access_point ? access_point : "api";
	rc = svc->group != NULL
		 ? svc_group_exec(svc->group, accounts_accept_fn, &x)
		 : accounts_accept_fn(svc, &x);
	sodium_memzero(pw_hash, sizeof pw_hash);
	if (rc != 0 && x.cause == NULL)
		zk_fail(&x.cause, rc, "cannot accept the invitation: %s",
			zk_strerror(rc));
	if (cause != NULL)
		*cause = x.cause;
	else
		free(x.cause);
	if (rc == 0)
		zk_strlcpy(username, x.username, 64);
	return rc;
}
