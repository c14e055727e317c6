/*
 * portal.c: the client portal (INZ-6, LOG-2, LOG-8, RQ-1, REP-6).
 *
 * A client, or a representative of a client, logs in as every account
 * does (password, second factor, sessions, lockout) with an account of
 * role subject or representative, and uses the same API through the same
 * door. What the door needs to know about such an account is here: the
 * link to the client (migration 030), and for a representative whether
 * the representation lets them act today (REP-1 to REP-3, decided by
 * rep_decide() each time, never stored). The profile's scheme grants the
 * portal roles reads of their own record only, on the conditions "self"
 * and "represents" (policy/authz.c). Work notes never reach the portal
 * (CAT-4), nor shielded entries (SHD-1) nor entries a decided request
 * withheld to protect another person (INZ-2). A representative's acts are
 * logged on behalf of the representative (REP-6).
 *
 * Staff invite: POST /clients/{id}/portal-invitations, or `zorgkluis
 * portal invite`. Who may: whoever the door lets correct the client's
 * identity (the scheme has no action of its own for it), and the DPO.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/service_int.h"
#include "store/store_kin.h"
#include "store/store_portal.h"

/* At most so many clients are linked to one portal account. */
#define PORTAL_MAX_LINKS 64

/* "representative:" and a uid. */
#define PORTAL_BY_PREFIX "representative:"

/* --- the door's facts ----------------------------------------------------- */

/* The links of one account to one client (few: one per representative
 * row of the client it acts as). */
struct portal_scan {
	int n;
	struct store_portal_link links[8];
};

static int
portal_collect(void *arg, const struct store_portal_link *l)
{
	struct portal_scan *ps = arg;

	if (ps->n < (int)ZK_ARRAY_SIZE(ps->links))
		ps->links[ps->n++] = *l;
	return 0;
}

int
svc_portal_facts(struct service *svc, const struct actor *a,
		 struct svc_facts *f)
{
	struct portal_scan ps;
	struct svc_tenant *t;
	char basis[64];
	const char *rule;
	int rc;

	f->portal_by[0] = '\0';
	if (!a->portal || a->system || a->user_id == 0)
		return 0;
	if ((rc = svc_tenant(svc, a->tenant, &t, NULL)) != 0)
		return rc;
	memset(&ps, 0, sizeof ps);
	rc = store_portal_links(svc->store, a->tenant, a->user_id, f->x.id,
				portal_collect, &ps);
	for (int i = 0; rc == 0 && i < ps.n; i++) {
		const struct store_portal_link *l = &ps.links[i];

		if (l->representative_id == 0) {
			/* INZ-6: the account is the client's own. */
			if (a->portal == ZK_ROLE_SUBJECT)
				f->relations |= ZK_COND_SELF;
			continue;
		}
		if (a->portal != ZK_ROLE_REPRESENTATIVE ||
		    l->representative_ended_at[0] != '\0' ||
		    (f->relations & ZK_COND_REPRESENTS))
			continue;
		/*
		 * REP-1 to REP-3: whether this representative may act for
		 * the client today (an ended one is not even listed). A
		 * birth date that is not known decides nothing: not today.
		 */
		rc = svc_may_act_for(svc, a, t, f, l->representative_uid, basis,
				     sizeof basis, &rule);
		if (rc == 0) {
			f->relations |= ZK_COND_REPRESENTS;
			snprintf(f->portal_by, sizeof f->portal_by, "%s%s",
				 PORTAL_BY_PREFIX, l->representative_uid);
		} else if (rc == ZK_EDENIED || rc == ZK_ECONFLICT ||
			   rc == ZK_ETOOBIG) {
			rc = 0;
		}
	}
	return rc;
}

static int
portal_withheld_one(void *arg, int64_t entry)
{
	return svc_shields_add(arg, entry);
}

int
svc_portal_withheld(struct service *svc, const struct actor *a, int64_t subject,
		    struct svc_shields *sh)
{
	return store_portal_withheld(svc->store, a->tenant, subject,
				     portal_withheld_one, sh);
}

int
svc_portal_may(struct service *svc, const struct actor *a,
	       const char *subject_uid, bool *may, char *by, size_t n)
{
	struct authz_decision d = {0};
	struct svc_tenant *t;
	struct svc_facts f;
	int rc;

	*may = false;
	if (n > 0)
		by[0] = '\0';
	if ((rc = svc_tenant(svc, a->tenant, &t, NULL)) != 0)
		return rc;
	rc = svc_facts_load(svc, a, subject_uid, zk_now(), &f);
	if (rc == 0) {
		svc_facts_decide(svc, a, t, &f, ZK_CAT_IDENTITY, ZK_ACT_READ,
				 NULL, &d);
		*may = d.permit;
		if (d.permit && n > 0)
			zk_strlcpy(by, f.portal_by, n);
	}
	svc_facts_release(&f);
	return rc == ZK_ENOTFOUND ? 0 : rc;
}

/* --- the clients of a portal account -------------------------------------- */

struct portal_subjects {
	int n;
	char uid[PORTAL_MAX_LINKS][ZK_UUID_LEN];
};

static int
portal_subject_one(void *arg, const struct store_portal_link *l)
{
	struct portal_subjects *ps = arg;

	for (int i = 0; i < ps->n; i++)
		if (strcmp(ps->uid[i], l->subject_uid) == 0)
			return 0;
	if (ps->n == PORTAL_MAX_LINKS)
		return 0;
	zk_strlcpy(ps->uid[ps->n++], l->subject_uid, ZK_UUID_LEN);
	return 0;
}

int
svc_portal_clients(struct service *svc, const struct actor *a, json_t **out,
		   char **cause)
{
	struct portal_subjects *ps;
	struct svc_tenant *t;
	struct audit_event ev;
	json_t *arr = NULL;
	char checks[200];
	int64_t now = zk_now();
	int rc;

	*out = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if (!a->portal)
		return zk_fail(cause, ZK_EINVAL, "not a portal account");
	if ((ps = calloc(1, sizeof *ps)) == NULL)
		return ZK_ENOMEM;
	if ((rc = svc_begin_read(svc)) != 0) {
		free(ps);
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	}
	rc = store_portal_links(svc->store, a->tenant, a->user_id, 0,
				portal_subject_one, ps);
	if (rc == 0 && (arr = json_array()) == NULL)
		rc = ZK_ENOMEM;
	for (int i = 0; rc == 0 && i < ps->n; i++) {
		struct authz_decision d = {0};
		struct svc_facts f;
		json_t *identity = NULL, *o;

		rc = svc_facts_load(svc, a, ps->uid[i], now, &f);
		if (rc == ZK_ENOTFOUND) { /* erased (ERA-5): gone */
			svc_facts_release(&f);
			rc = 0;
			continue;
		}
		if (rc == 0)
			svc_facts_decide(svc, a, t, &f, ZK_CAT_IDENTITY,
					 ZK_ACT_READ, NULL, &d);
		/* REP-1 to REP-3: not acting today is not being listed. */
		if (rc != 0 || !d.permit) {
			svc_facts_release(&f);
			continue;
		}
		rc = svc_subject_identity(svc, a->tenant, &f.x, &identity);
		if (rc == 0) {
			bool self = (f.relations & ZK_COND_SELF) != 0;

			o = json_pack(
			    "{s:s, s:s, s:o, s:b, s:s, s:s?}", "id", f.x.uid,
			    "kind", f.x.kind, "identity", identity,
			    "break_glass", false, "acting_as",
			    self ? "self" : "representative", "representative",
			    self ? NULL
				 : f.portal_by + strlen(PORTAL_BY_PREFIX));
			if (o == NULL || json_array_append_new(arr, o) != 0)
				rc = ZK_ENOMEM;
		}
		if (rc == 0) {
			/* LOG-1: one entry per client shown (REP-6). */
			svc_event_init(&ev, a, t, "subject.list", 'R');
			ev.object_type = "subject";
			ev.category = "identity";
			ev.subject_uid = f.x.uid;
			ev.object_uid = f.x.uid;
			svc_facts_event(a, &ev, &d, &f, checks, sizeof checks);
			ev.reason = "portal_list";
			rc = svc_log_one(svc, a, &ev, now, cause);
			svc_facts_release(&f);
			if (rc != 0) {
				free(ps);
				json_decref(arr);
				return rc; /* rolled back by svc_log_one */
			}
			continue;
		}
		svc_facts_release(&f);
	}
	free(ps);
	if (rc == 0)
		rc = svc_log_finish(svc, cause);
	else
		store_rollback(svc->store);
	if (rc != 0) {
		json_decref(arr);
		return zk_fail(cause, rc, "cannot list the clients");
	}
	*out = arr;
	return 0;
}

/* --- requests in the portal ----------------------------------------------- */

int
svc_portal_request_add(struct service *svc, const struct actor *a,
		       const char *subject, const char *kind,
		       const char *details, char uid[ZK_UUID_LEN], char **cause)
{
	struct svc_request_new in;
	char day[ZK_DATE_LEN], by[64] = "";
	bool may = false;
	int rc;

	if (!a->portal)
		return zk_fail(cause, ZK_EINVAL, "not a portal account");
	if (subject == NULL || !zk_uuid_valid(subject))
		return zk_fail(cause, ZK_EINVAL, "subject must be a client id");
	/* REP-6: who makes it, the client or which representative. */
	if ((rc = svc_begin_read(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = svc_portal_may(svc, a, subject, &may, by, sizeof by);
	store_rollback(svc->store);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot read the client");
	memset(&in, 0, sizeof in);
	zk_date_fmt(svc_today(svc), day);
	in.subject = subject;
	in.kind = kind;
	in.received = day;
	/* RQ-1: made electronically, answered electronically. */
	in.channel = "portal";
	in.answer_channel = "portal";
	in.details = details;
	if (may && strncmp(by, PORTAL_BY_PREFIX, strlen(PORTAL_BY_PREFIX)) == 0)
		in.representative = by + strlen(PORTAL_BY_PREFIX);
	/* Refused by the door, and logged, when the account may not. */
	return svc_request_add(svc, a, &in, uid, cause);
}

/* --- invitations ---------------------------------------------------------- */

static int
portal_check(const struct svc_portal_invite *in, char **cause)
{
	const char *u = in->username;

	if (in->client == NULL || !zk_uuid_valid(in->client))
		return zk_fail(cause, ZK_EINVAL, "not a client id");
	if (u == NULL || u[0] == '\0' || strlen(u) > 63 ||
	    strspn(u, "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(u))
		return zk_fail(cause, ZK_EINVAL,
			       "user name must be 1-63 lowercase letters, "
			       "digits, dots, dashes or underscores");
	if (in->as == NULL || (strcmp(in->as, "subject") != 0 &&
			       strcmp(in->as, "representative") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "\"for\" must be subject or representative");
	if (strcmp(in->as, "representative") == 0 &&
	    (in->representative == NULL || !zk_uuid_valid(in->representative)))
		return zk_fail(cause, ZK_EINVAL,
			       "an invitation for a representative names the "
			       "representative (GET "
			       "/api/v1/clients/{id}/representatives)");
	if (strcmp(in->as, "subject") == 0 && in->representative != NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "an invitation for the client names no "
			       "representative");
	return 0;
}

/* Whether a holds a role of base dpo (the DPO may invite, M§9.6, W§16.4). */
static const char *
portal_dpo(const struct actor *a, const struct svc_tenant *t)
{
	const struct profile *p = t->profile;

	for (int r = 0; r < p->nroles; r++)
		if ((a->roles & (1u << r)) && p->roles[r].base == ZK_ROLE_DPO)
			return p->roles[r].id;
	return NULL;
}

/*
 * The account of username: none (ZK_ENOTFOUND), or one that may take the
 * link asked (0, *exists), or one of another kind (ZK_EINVAL, or
 * ZK_ECONFLICT for a subject account that is someone else's).
 */
static int
portal_existing(struct service *svc, const struct actor *a,
		const struct svc_tenant *t, const char *username,
		const char *as, struct store_user *u, const char **why)
{
	int rc = store_user_get(svc->store, a->tenant, username, u);
	int portal = 0;

	if (rc != 0)
		return rc;
	for (int i = 0; i < u->nroles; i++) {
		int r = profile_role_index(t->profile, u->roles[i]);

		if (r >= 0 && profile_role_portal(t->profile, r))
			portal = (int)t->profile->roles[r].base;
		else
			portal = -1;
		if (portal < 0)
			break;
	}
	if (portal <= 0) {
		*why = "is a staff account; staff accounts never get a portal "
		       "role (INZ-6)";
		return ZK_EINVAL;
	}
	if (strcmp(as, "representative") != 0 ||
	    portal != ZK_ROLE_REPRESENTATIVE) {
		*why = portal == ZK_ROLE_SUBJECT
			   ? "is a client's own portal account; it is linked "
			     "to that client only"
			   : "is a representative's portal account; a client "
			     "gets an account of their own";
		return portal == ZK_ROLE_SUBJECT && strcmp(as, "subject") == 0
			   ? ZK_ECONFLICT
			   : ZK_EINVAL;
	}
	if (u->disabled) {
		*why = "is disabled";
		return ZK_ECONFLICT;
	}
	return 0;
}

int
svc_portal_invite(struct service *svc, const struct actor *a,
		  const struct svc_portal_invite *in,
		  struct svc_portal_invited *out, char **cause)
{
	struct authz_decision d = {0};
	struct svc_account acct;
	struct store_rep_row rep;
	struct store_user u;
	struct svc_tenant *t;
	struct audit_event ev;
	struct svc_facts f;
	char checks[200], now[ZK_TIME_LEN], basis[64];
	const char *why = NULL, *rule, *dpo;
	int64_t rep_id = 0, uid_id = 0;
	int r, rc;

	memset(out, 0, sizeof *out);
	memset(&f, 0, sizeof f);
	if ((rc = portal_check(in, cause)) != 0)
		return rc;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	r = profile_role_index(t->profile, in->as);
	if (r < 0 || !profile_role_portal(t->profile, r))
		return zk_fail(cause, ZK_EINVAL,
			       "profile %s has no portal role \"%s\" (INZ-6)",
			       t->profile->id, in->as);
	svc_event_init(&ev, a, t, "portal.invite", 'C');
	ev.subject_uid = in->client;
	ev.object_type = "user";
	ev.category = "identity";
	ev.rule = "INZ-6";
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if ((rc = svc_facts_load(svc, a, in->client, zk_now(), &f)) != 0) {
		svc_facts_release(&f);
		store_rollback(svc->store);
		svc_erased_cause(svc, a->tenant, in->client, cause);
		return zk_fail(cause, rc, "no client %s", in->client);
	}
	/* Who may correct the client's identity, or the DPO, invites. */
	svc_facts_decide(svc, a, t, &f, ZK_CAT_IDENTITY, ZK_ACT_CORRECT, NULL,
			 &d);
	if (!d.permit && !a->system && a->confidentiality &&
	    (dpo = portal_dpo(a, t)) != NULL) {
		memset(&d, 0, sizeof d);
		d.permit = true;
		d.reason = "dpo";
		d.rule = "INZ-6";
		d.role = dpo;
		d.role_code = vocab_iso_role(ZK_ROLE_DPO, false, false);
	}
	svc_facts_event(a, &ev, &d, &f, checks, sizeof checks);
	if (!d.permit) {
		svc_facts_release(&f);
		return svc_refuse(svc, a, &ev, &d, cause);
	}
	rc = 0;
	if (strcmp(in->as, "representative") == 0) {
		/* REP-6: a current representative of this client. */
		rc = store_rep_get(svc->store, a->tenant, in->representative,
				   &rep);
		if (rc == 0 && (rep.subject_id != f.x.id || rep.ended_at[0]))
			rc = ZK_ENOTFOUND;
		rep_id = rep.id;
		if (rc == ZK_ENOTFOUND) {
			svc_facts_release(&f);
			return svc_refuse_input(
			    svc, a, &ev, rc, ZK_EINVAL,
			    "unknown_representative", "REP-6", cause,
			    "no current representative %s of the client",
			    in->representative);
		}
	} else {
		/* REP-1: a client who cannot act for themselves now is
		 * represented; their representative is invited instead. */
		rc = svc_may_act_for(svc, a, t, &f, "subject", basis,
				     sizeof basis, &rule);
		if (rc == ZK_EDENIED) {
			svc_facts_release(&f);
			return svc_refuse_input(
			    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
			    "subject_may_not_act", rule, cause,
			    "the client cannot act for themselves now (%s); "
			    "invite their representative",
			    basis);
		}
		if (rc == ZK_ECONFLICT || rc == ZK_ETOOBIG)
			rc = 0; /* undecided: the client is presumed able */
	}
	svc_facts_release(&f);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	zk_time_fmt(zk_now(), now);
	memset(&u, 0, sizeof u);
	rc = portal_existing(svc, a, t, in->username, in->as, &u, &why);
	if (rc == 0) {
		/* An existing representative account: the link only. */
		ev.object_uid = u.uid;
		rc = store_portal_link_add(svc->store, a->tenant, u.id, f.x.id,
					   rep_id, now, a->user_uid);
		if (rc == ZK_EEXIST)
			return svc_refuse_input(
			    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
			    "portal_link_exists", "INZ-6", cause,
			    "user \"%s\" is linked to this representative "
			    "already",
			    in->username);
		if (rc != 0)
			return svc_fail_act(svc, a, &ev, rc, cause);
		zk_strlcpy(out->uid, u.uid, sizeof out->uid);
		zk_strlcpy(out->username, u.username, sizeof out->username);
		out->linked = true;
		rc = svc_log_commit(svc, a, &ev, cause);
		if (rc != 0)
			memset(out, 0, sizeof *out);
		return rc;
	}
	if (rc != ZK_ENOTFOUND) {
		if (why != NULL)
			return svc_refuse_input(
			    svc, a, &ev, rc, rc, "portal_account_kind", "INZ-6",
			    cause, "user \"%s\" %s", in->username, why);
		return svc_fail_act(svc, a, &ev, rc, cause);
	}
	/*
	 * A new account: the portal role alone. ACC-4's basis is the
	 * agreement the holder accepts with the invitation; ACC-3's
	 * approval does not apply (docs/decisions.md, issue 15).
	 */
	memset(&u, 0, sizeof u);
	zk_uuid_new(u.uid);
	zk_strlcpy(u.username, in->username, sizeof u.username);
	zk_strlcpy(u.display_name, in->username, sizeof u.display_name);
	zk_strlcpy(u.confidentiality, "agreement", sizeof u.confidentiality);
	zk_strlcpy(u.created_at, now, sizeof u.created_at);
	u.nroles = 1;
	zk_strlcpy(u.roles[0], in->as, sizeof u.roles[0]);
	ev.object_uid = u.uid;
	rc = store_user_create(svc->store, a->tenant, &u, &uid_id);
	if (rc == 0)
		rc = store_portal_link_add(svc->store, a->tenant, uid_id,
					   f.x.id, rep_id, now, a->user_uid);
	memset(&acct, 0, sizeof acct);
	if (rc == 0)
		rc = svc_account_invite(svc, a, uid_id, acct.token,
					acct.expires_at);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	zk_strlcpy(acct.uid, u.uid, sizeof acct.uid);
	zk_strlcpy(acct.status, "active", sizeof acct.status);
	if ((rc = svc_account_commit(svc, a, t, &ev, &acct, u.uid, cause)) !=
	    0) {
		memset(&acct, 0, sizeof acct);
		return rc;
	}
	zk_strlcpy(out->uid, u.uid, sizeof out->uid);
	zk_strlcpy(out->username, u.username, sizeof out->username);
	zk_strlcpy(out->token, acct.token, sizeof out->token);
	zk_strlcpy(out->expires_at, acct.expires_at, sizeof out->expires_at);
	memset(&acct, 0, sizeof acct);
	return 0;
}
