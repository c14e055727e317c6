/*
 * auth.c: staff login and two-factor enrolment (SEC-3, LOG-6).
 *
 * Passwords are checked against their Argon2id hash. Users whose roles can
 * see health data or logs need a second factor: a TOTP code (RFC 6238,
 * liboath) from a secret that is stored sealed with the tenant key. Every
 * login attempt, successful or not, is logged in the tenant's log.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "service/service_int.h"

#define AUTH_TOTP_BYTES 20
#define AUTH_TOTP_STEP 30
#define AUTH_TOTP_WINDOW 1 /* one step either side, for clock drift */

static pthread_once_t auth_once = PTHREAD_ONCE_INIT;
static char auth_dummy_hash[crypto_pwhash_STRBYTES];

/* A hash to verify against when the user does not exist (even timing). */
static void
auth_make_dummy(void)
{
	oath_init();
	if (crypto_pwhash_str(auth_dummy_hash, "zorgkluis", 9,
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		auth_dummy_hash[0] = '\0';
}

static void
auth_totp_ad(char *out, size_t n, int64_t tenant, const char *user_uid)
{
	snprintf(out, n, "zk1|%lld|%s|totp", (long long)tenant, user_uid);
}

/* Opens a user's sealed TOTP secret into raw (AUTH_TOTP_BYTES). */
static int
auth_totp_open(struct service *svc, int64_t tenant, const struct store_user *u,
	       unsigned char raw[AUTH_TOTP_BYTES])
{
	unsigned char kek[SEAL_KEY_BYTES];
	struct zk_buf plain;
	char ad[128];
	int rc;

	if (u->totp_len == 0)
		return ZK_ENOTFOUND;
	zk_buf_init(&plain, 0);
	if ((rc = seal_tenant_kek(svc->keys, tenant, kek)) != 0)
		return rc;
	auth_totp_ad(ad, sizeof ad, tenant, u->uid);
	rc = seal_decrypt(kek, ad, u->totp, u->totp_len, &plain);
	seal_wipe(kek, sizeof kek);
	if (rc == 0 && plain.len != AUTH_TOTP_BYTES)
		rc = ZK_ECORRUPT;
	if (rc == 0)
		memcpy(raw, plain.data, AUTH_TOTP_BYTES);
	seal_wipe(plain.data, plain.len);
	zk_buf_release(&plain);
	return rc;
}

/*
 * The TOTP time step that code is valid for with secret raw at now, one
 * step either side allowed for clock drift; -1 when it is valid for none.
 */
static int64_t
auth_totp_step(const unsigned char raw[AUTH_TOTP_BYTES], const char *code,
	       int64_t now)
{
	int pos = 0;

	if (code == NULL || strlen(code) != 6 ||
	    strspn(code, "0123456789") != 6 || now < 0)
		return -1;
	if (oath_totp_validate2((const char *)raw, AUTH_TOTP_BYTES, (time_t)now,
				AUTH_TOTP_STEP, 0, AUTH_TOTP_WINDOW, &pos,
				code) < 0)
		return -1;
	return now / AUTH_TOTP_STEP + pos;
}

/* True when any of the user's roles needs two factors (SEC-3). */
static bool
auth_needs_two_factor(const struct profile *p, const struct store_user *u)
{
	for (int i = 0; i < u->nroles; i++) {
		int r = profile_role_index(p, u->roles[i]);

		if (r >= 0 && profile_role_needs_two_factor(p, r))
			return true;
	}
	return false;
}

bool
svc_actor_needs_two_factor(struct service *svc, const struct actor *a)
{
	struct svc_tenant *t;
	char *cause = NULL;

	if (svc_tenant(svc, a->tenant, &t, &cause) != 0) {
		free(cause);
		return true;
	}
	for (int r = 0; r < t->profile->nroles; r++)
		if ((a->roles & (1u << r)) &&
		    profile_role_needs_two_factor(t->profile, r))
			return true;
	return false;
}

/* Logs a login event in its own transaction. */
static int
auth_log(struct service *svc, const struct actor *a, struct svc_tenant *t,
	 const char *event, const char *outcome, const char *reason,
	 const char *rule, char **cause)
{
	struct audit_event ev;
	int rc;

	svc_event_init(&ev, a, t, event, 'E');
	ev.outcome = outcome;
	ev.reason = reason;
	ev.rule = rule;
	ev.checks = "authn=password+totp";
	ev.object_type = "user";
	ev.object_uid = a->user_uid;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, ZK_EAUDIT, "cannot log the login");
	return svc_log_commit(svc, a, &ev, cause);
}

/* A login with both factors, to be logged where its code is marked used. */
struct auth_claim {
	const struct actor *a;
	int64_t user_id, step;
	char *cause;
};

/*
 * Logs a login with both factors, in the transaction that marks the
 * code's time step used: a code that was used before is refused (SEC-3).
 */
static int
auth_claim_step(struct service *svc, void *arg)
{
	struct auth_claim *c = arg;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	if ((rc = svc_tenant(svc, c->a->tenant, &t, &c->cause)) != 0)
		return rc;
	svc_event_init(&ev, c->a, t, "login", 'E');
	ev.outcome = "success";
	ev.reason = "password_and_totp";
	ev.rule = "SEC-3";
	ev.checks = "authn=password+totp";
	ev.object_type = "user";
	ev.object_uid = c->a->user_uid;
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(&c->cause, ZK_EAUDIT, "cannot log the login");
	rc =
	    store_user_totp_step(svc->store, c->a->tenant, c->user_id, c->step);
	if (rc == ZK_ECONFLICT) {
		ev.outcome = "refused";
		ev.reason = "second_factor_reused";
		if ((rc = svc_log_commit(svc, c->a, &ev, &c->cause)) != 0)
			return rc;
		return zk_fail(&c->cause, ZK_EAUTH,
			       "this code of the second factor was already "
			       "used; wait for the next one");
	}
	if (rc != 0)
		return svc_fail_act(svc, c->a, &ev, rc, &c->cause);
	return svc_log_commit(svc, c->a, &ev, &c->cause);
}

/*
 * Runs fn in the log writer of a server, else here, and hands over the
 * cause it left in *fn_cause (or one saying it could not what).
 */
static int
auth_write(struct service *svc, int (*fn)(struct service *, void *), void *arg,
	   char **fn_cause, const char *what, char **cause)
{
	int rc = svc->group != NULL ? svc_group_exec(svc->group, fn, arg)
				    : fn(svc, arg);

	if (rc != 0 && *fn_cause == NULL)
		zk_fail(fn_cause, rc, "cannot %s: %s", what, zk_strerror(rc));
	if (cause != NULL)
		*cause = *fn_cause;
	else
		free(*fn_cause);
	*fn_cause = NULL;
	return rc;
}

/* Marks the step used in the writer of a server, else here. */
static int
auth_login_step(struct service *svc, const struct actor *a, int64_t user_id,
		int64_t step, char **cause)
{
	struct auth_claim c = {a, user_id, step, NULL};

	return auth_write(svc, auth_claim_step, &c, &c.cause, "log the login",
			  cause);
}

/* Drops a cause that is replaced by another answer. */
static void
auth_forget(char **cause)
{
	if (cause != NULL) {
		free(*cause);
		*cause = NULL;
	}
}

int
svc_login_tenant(struct service *svc, const char *tenant_slug,
		 const char *username, int64_t *tenant, char **cause)
{
	int rc;

	if (tenant_slug != NULL && tenant_slug[0] != '\0')
		return svc_tenant_find(svc, tenant_slug, tenant, cause);
	/* SCOPE-3: staff belong to one organisation; find it by the name. */
	rc = svc_tenant_of_user(svc, username, tenant, cause);
	if (rc != ZK_ENOTFOUND)
		return rc;
	auth_forget(cause);
	/* Nobody has the name: with one organisation it is that one's. */
	rc = svc_tenant_default(svc, tenant, cause);
	if (rc == ZK_EINVAL) {
		auth_forget(cause);
		rc = zk_fail(cause, ZK_ENOTFOUND, "no organisation known");
	}
	return rc;
}

int
svc_login(struct service *svc, const char *tenant_slug, const char *username,
	  const char *password, const char *totp, const char *access_point,
	  struct svc_login *out, char **cause)
{
	unsigned char raw[AUTH_TOTP_BYTES];
	struct svc_tenant *t;
	struct store_user u;
	struct actor a;
	int64_t tenant, step = -1;
	int rc, found, pw_ok;

	pthread_once(&auth_once, auth_make_dummy);
	memset(out, 0, sizeof *out);
	rc = svc_login_tenant(svc, tenant_slug, username, &tenant, cause);
	if (rc == ZK_ENOTFOUND) {
		/*
		 * No organisation to log the attempt in. The answer, and the
		 * time it takes, are those of a wrong password.
		 */
		auth_forget(cause);
		if (crypto_pwhash_str_verify(auth_dummy_hash, password,
					     strlen(password)) == 0)
			rc = ZK_EAUTH; /* the dummy opens nothing */
		return zk_fail(cause, ZK_EAUTH,
			       "unknown organisation, user name or password");
	}
	if (rc != 0)
		return rc;
	if ((rc = svc_tenant(svc, tenant, &t, cause)) != 0)
		return rc;
	rc = store_user_get(svc->store, tenant, username, &u);
	if (rc != 0 && rc != ZK_ENOTFOUND)
		return zk_fail(cause, rc, "cannot read users");
	/* ACC-3: an account awaiting approval does not log in at all. */
	found = rc == 0 && !u.disabled && !u.awaiting_approval &&
		u.password_hash[0] != '\0';
	pw_ok =
	    crypto_pwhash_str_verify(found ? u.password_hash : auth_dummy_hash,
				     password, strlen(password)) == 0 &&
	    found;

	memset(&a, 0, sizeof a);
	a.tenant = tenant;
	zk_strlcpy(a.access_point, access_point ? access_point : "api",
		   sizeof a.access_point);
	if (!pw_ok) {
		snprintf(a.user_uid, sizeof a.user_uid, "%s",
			 found ? u.uid : "unknown");
		zk_strlcpy(a.role, "-", sizeof a.role);
		rc = auth_log(svc, &a, t, "login", "refused", "bad_credentials",
			      "SEC-3", cause);
		if (rc != 0)
			return rc;
		return zk_fail(cause, ZK_EAUTH,
			       "unknown organisation, user name or password");
	}
	if ((rc = svc_actor_user(svc, tenant, username, a.access_point,
				 &out->actor, cause)) != 0)
		return rc;
	out->two_factor_required = auth_needs_two_factor(t->profile, &u);
	out->two_factor_enrolled =
	    u.totp_len > 0 && u.totp_confirmed_at[0] != '\0';
	if (out->two_factor_required && out->two_factor_enrolled) {
		rc = auth_totp_open(svc, tenant, &u, raw);
		if (rc == 0 && (step = auth_totp_step(raw, totp, zk_now())) < 0)
			rc = ZK_EAUTH;
		seal_wipe(raw, sizeof raw);
		if (rc != 0) {
			int lrc =
			    auth_log(svc, &out->actor, t, "login", "refused",
				     totp ? "bad_second_factor"
					  : "second_factor_missing",
				     "SEC-3", cause);
			if (lrc != 0)
				return lrc;
			return zk_fail(cause, ZK_EAUTH,
				       totp
					   ? "the code of the second factor is "
					     "wrong or expired"
					   : "second factor required");
		}
		out->two_factor_ok = true;
	}
	if (step < 0)
		return auth_log(svc, &out->actor, t, "login", "success",
				u.password_change ? "password_change_only"
				: out->two_factor_required ? "enrolment_only"
							   : "password",
				"SEC-3", cause);
	return auth_login_step(svc, &out->actor, u.id, step, cause);
}

/* A new password hash, to be stored where the writer is. */
struct auth_password {
	const struct actor *a;
	const char *old_hash, *new_hash;
	char *cause;
};

static int
auth_password_set(struct service *svc, void *arg)
{
	struct auth_password *x = arg;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	if ((rc = svc_tenant(svc, x->a->tenant, &t, &x->cause)) != 0)
		return rc;
	svc_event_init(&ev, x->a, t, "user.password", 'U');
	ev.object_type = "user";
	ev.object_uid = x->a->user_uid;
	ev.rule = "SEC-3";
	ev.reason = "password_changed";
	ev.checks = "authz=own_account,authn=password";
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(&x->cause, rc, "cannot start: %s",
			       zk_strerror(rc));
	rc = store_user_set_password(svc->store, x->a->tenant, x->a->user_id,
				     x->old_hash, x->new_hash);
	if (rc == ZK_ECONFLICT) {
		store_rollback(svc->store);
		return zk_fail(&x->cause, rc,
			       "the password was changed meanwhile; log in "
			       "again");
	}
	/* SEC-3: whoever knew the old password is out, at every server. */
	if (rc == 0)
		rc = store_session_delete_user(svc->store, x->a->tenant,
					       x->a->username);
	if (rc != 0)
		return svc_fail_act(svc, x->a, &ev, rc, &x->cause);
	return svc_log_commit(svc, x->a, &ev, &x->cause);
}

int
svc_password_change(struct service *svc, const struct actor *a,
		    const char *current, const char *next, char **cause)
{
	struct auth_password x = {a, NULL, NULL, NULL};
	char new_hash[crypto_pwhash_STRBYTES];
	struct svc_tenant *t;
	struct store_user u;
	int rc;

	if (a->system || a->user_id == 0)
		return zk_fail(cause, ZK_EINVAL,
			       "only a user changes their own password");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0 ||
	    (rc = svc_password_valid(next, cause)) != 0)
		return rc;
	if (strcmp(current, next) == 0)
		return zk_fail(cause, ZK_EINVAL,
			       "the new password must differ from the "
			       "current one");
	rc = store_user_get(svc->store, a->tenant, a->username, &u);
	if (rc == 0 && (u.disabled || u.id != a->user_id))
		rc = ZK_ENOTFOUND;
	if (rc != 0)
		return zk_fail(cause, rc == ZK_ENOTFOUND ? ZK_EAUTH : rc,
			       "cannot read the account of %s", a->username);
	if (u.password_hash[0] == '\0' ||
	    crypto_pwhash_str_verify(u.password_hash, current,
				     strlen(current)) != 0) {
		rc = auth_log(svc, a, t, "user.password", "refused",
			      "bad_credentials", "SEC-3", cause);
		if (rc != 0)
			return rc;
		return zk_fail(cause, ZK_EAUTH,
			       "the current password is wrong");
	}
	if (crypto_pwhash_str(new_hash, next, strlen(next),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return zk_fail(cause, ZK_ENOMEM, "cannot hash the password");
	x.old_hash = u.password_hash;
	x.new_hash = new_hash;
	rc = auth_write(svc, auth_password_set, &x, &x.cause,
			"store the password", cause);
	sodium_memzero(new_hash, sizeof new_hash);
	sodium_memzero(u.password_hash, sizeof u.password_hash);
	return rc;
}

int
svc_logout(struct service *svc, const struct actor *a, char **cause)
{
	struct svc_tenant *t;
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	return auth_log(svc, a, t, "logout", "success", "logout", "SEC-3",
			cause);
}

/* Seals and stores raw as the user's TOTP secret. */
static int
auth_totp_store(struct service *svc, int64_t tenant, const struct store_user *u,
		const unsigned char raw[AUTH_TOTP_BYTES], const char *confirmed)
{
	unsigned char kek[SEAL_KEY_BYTES];
	struct zk_buf sealed;
	char ad[128];
	int rc;

	zk_buf_init(&sealed, 0);
	if ((rc = seal_tenant_kek(svc->keys, tenant, kek)) != 0)
		return rc;
	auth_totp_ad(ad, sizeof ad, tenant, u->uid);
	rc = seal_encrypt(kek, ad, raw, AUTH_TOTP_BYTES, &sealed);
	seal_wipe(kek, sizeof kek);
	if (rc == 0)
		rc = store_user_set_totp(svc->store, tenant, u->id, sealed.data,
					 sealed.len, confirmed);
	zk_buf_release(&sealed);
	return rc;
}

static int
auth_secret_b32(const unsigned char raw[AUTH_TOTP_BYTES], char *out, size_t n)
{
	char *b32 = NULL;
	size_t len = 0;

	if (oath_base32_encode((const char *)raw, AUTH_TOTP_BYTES, &b32,
			       &len) != OATH_OK)
		return ZK_ENOMEM;
	/* Authenticator apps want the secret without padding. */
	while (len > 0 && b32[len - 1] == '=')
		len--;
	b32[len] = '\0';
	zk_strlcpy(out, b32, n);
	sodium_memzero(b32, len);
	free(b32);
	return len < n ? 0 : ZK_ETOOBIG;
}

/* Enrols (or re-enrols) the user; confirm 1 marks it confirmed at once. */
static int
auth_enrol(struct service *svc, const struct actor *a, int confirm,
	   char secret[64], char uri[320], char **cause)
{
	unsigned char raw[AUTH_TOTP_BYTES];
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	char now[ZK_TIME_LEN];
	int rc;

	pthread_once(&auth_once, auth_make_dummy);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	svc_event_init(&ev, a, t, "totp.enrol", 'U');
	ev.object_type = "user";
	ev.object_uid = a->user_uid;
	ev.reason = "own_account";
	ev.rule = "SEC-3";
	ev.checks = "authz=own_account";
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_user_get(svc->store, a->tenant, a->username, &u);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "no user %s", a->username);
	}
	/*
	 * SEC-3: a confirmed second factor stays until an administrator
	 * resets it. Replacing it here would let whoever holds the session,
	 * or only the password once the new one was left unconfirmed, set
	 * up a second factor of their own.
	 */
	if (!confirm && u.totp_len > 0 && u.totp_confirmed_at[0] != '\0') {
		ev.outcome = "refused";
		ev.reason = "second_factor_exists";
		if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
			return rc;
		return zk_fail(cause, ZK_ECONFLICT,
			       "a second factor is already set up; an "
			       "administrator can reset it (zorgkluis user "
			       "totp-reset)");
	}
	randombytes_buf(raw, sizeof raw);
	zk_time_fmt(zk_now(), now);
	rc = auth_totp_store(svc, a->tenant, &u, raw, confirm ? now : NULL);
	if (rc == 0)
		rc = auth_secret_b32(raw, secret, 64);
	seal_wipe(raw, sizeof raw);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	snprintf(uri, 320,
		 "otpauth://totp/zorgkluis:%s@%s?secret=%s&issuer=zorgkluis&"
		 "algorithm=SHA1&digits=6&period=30",
		 a->username, t->profile->id, secret);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_totp_enrol(struct service *svc, const struct actor *a, char secret[64],
	       char uri[320], char **cause)
{
	return auth_enrol(svc, a, 0, secret, uri, cause);
}

int
svc_totp_enrol_confirmed(struct service *svc, const struct actor *a,
			 char secret[64], char uri[320], char **cause)
{
	return auth_enrol(svc, a, 1, secret, uri, cause);
}

int
svc_totp_confirm(struct service *svc, const struct actor *a, const char *code,
		 char **cause)
{
	unsigned char raw[AUTH_TOTP_BYTES];
	struct svc_tenant *t;
	struct audit_event ev;
	struct store_user u;
	char now[ZK_TIME_LEN];
	int64_t step;
	int rc;

	pthread_once(&auth_once, auth_make_dummy);
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	svc_event_init(&ev, a, t, "totp.confirm", 'U');
	ev.object_type = "user";
	ev.object_uid = a->user_uid;
	ev.rule = "SEC-3";
	ev.checks = "authz=own_account";
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_user_get(svc->store, a->tenant, a->username, &u);
	if (rc == 0)
		rc = auth_totp_open(svc, a->tenant, &u, raw);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc == ZK_ENOTFOUND ? ZK_ECONFLICT : rc,
			       "start the enrolment first");
	}
	step = auth_totp_step(raw, code, zk_now());
	rc = step < 0 ? ZK_EINVAL
		      : store_user_totp_step(svc->store, a->tenant, u.id, step);
	if (rc == ZK_EINVAL || rc == ZK_ECONFLICT) {
		seal_wipe(raw, sizeof raw);
		ev.outcome = "refused";
		ev.reason = rc == ZK_EINVAL ? "bad_second_factor"
					    : "second_factor_reused";
		int lrc = svc_log_commit(svc, a, &ev, cause);

		if (lrc != 0)
			return lrc;
		return zk_fail(cause, ZK_EINVAL,
			       rc == ZK_EINVAL ? "the code is wrong or expired"
					       : "this code was already used; "
						 "wait for the next one");
	}
	zk_time_fmt(zk_now(), now);
	ev.reason = "confirmed";
	if (rc == 0)
		rc = auth_totp_store(svc, a->tenant, &u, raw, now);
	seal_wipe(raw, sizeof raw);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

/* The next login after this enrols anew. */
static int
auth_totp_remove(struct store *s, const struct actor *a,
		 const struct store_user *u)
{
	if (u->totp_len == 0)
		return ZK_ECONFLICT;
	return store_user_set_totp(s, a->tenant, u->id, NULL, 0, NULL);
}

int
svc_totp_reset(struct service *svc, const struct actor *a, const char *username,
	       char **cause)
{
	return svc_user_end(svc, a, username, "totp.reset", "SEC-3",
			    "has no second factor", auth_totp_remove, cause);
}

int
svc_totp_code(struct service *svc, const struct actor *a, const char *username,
	      int64_t now, char code[8], char **cause)
{
	unsigned char raw[AUTH_TOTP_BYTES];
	struct store_user u;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	if (!a->system)
		return zk_fail(cause, ZK_EDENIED,
			       "a second factor's code is shown only on the "
			       "server (SEC-3)");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	pthread_once(&auth_once, auth_make_dummy);
	rc = store_user_get(svc->store, a->tenant, username, &u);
	if (rc == ZK_ENOTFOUND)
		return zk_fail(cause, rc, "unknown user %s", username);
	if (rc == 0)
		rc = auth_totp_open(svc, a->tenant, &u, raw);
	if (rc != 0)
		return zk_fail(cause, rc,
			       rc == ZK_ENOTFOUND ? "user %s has no second "
						    "factor"
						  : "cannot read the second "
						    "factor of %s",
			       username);
	rc = oath_totp_generate((const char *)raw, AUTH_TOTP_BYTES, (time_t)now,
				AUTH_TOTP_STEP, 0, 6, code) == OATH_OK
		 ? 0
		 : ZK_ECRYPTO;
	seal_wipe(raw, sizeof raw);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot compute the code");
	/* Fail closed: no code without its log entry. */
	svc_event_init(&ev, a, t, "totp.code", 'E');
	ev.reason = "code_shown";
	ev.rule = "SEC-3";
	ev.object_type = "user";
	ev.object_uid = u.uid;
	if ((rc = svc_begin_write(svc)) != 0 ||
	    (rc = svc_log_commit(svc, a, &ev, cause)) != 0) {
		sodium_memzero(code, 8);
		return rc == ZK_EAUDIT
			   ? rc
			   : zk_fail(cause, ZK_EAUDIT, "cannot log the code");
	}
	return 0;
}
