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

static int
auth_totp_valid(const unsigned char raw[AUTH_TOTP_BYTES], const char *code,
		int64_t now)
{
	if (code == NULL || strlen(code) != 6 ||
	    strspn(code, "0123456789") != 6)
		return 0;
	return oath_totp_validate((const char *)raw, AUTH_TOTP_BYTES,
				  (time_t)now, AUTH_TOTP_STEP, 0,
				  AUTH_TOTP_WINDOW, code) >= 0;
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

int
svc_login(struct service *svc, const char *tenant_slug, const char *username,
	  const char *password, const char *totp, const char *access_point,
	  struct svc_login *out, char **cause)
{
	unsigned char raw[AUTH_TOTP_BYTES];
	struct svc_tenant *t;
	struct store_user u;
	struct actor a;
	int64_t tenant;
	int rc, found, pw_ok;

	pthread_once(&auth_once, auth_make_dummy);
	memset(out, 0, sizeof *out);
	if (tenant_slug == NULL || tenant_slug[0] == '\0')
		rc = svc_tenant_default(svc, &tenant, cause);
	else
		rc = svc_tenant_find(svc, tenant_slug, &tenant, cause);
	if (rc != 0) {
		if (rc == ZK_ENOTFOUND || rc == ZK_EINVAL) {
			free(*cause);
			*cause = NULL;
			return zk_fail(cause, ZK_EAUTH,
				       "unknown organisation, user name or "
				       "password");
		}
		return rc;
	}
	if ((rc = svc_tenant(svc, tenant, &t, cause)) != 0)
		return rc;
	rc = store_user_get(svc->store, tenant, username, &u);
	if (rc != 0 && rc != ZK_ENOTFOUND)
		return zk_fail(cause, rc, "cannot read users");
	found = rc == 0 && !u.disabled && u.password_hash[0] != '\0';
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
		if (rc == 0 && !auth_totp_valid(raw, totp, zk_now()))
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
	return auth_log(svc, &out->actor, t, "login", "success",
			out->two_factor_ok	   ? "password_and_totp"
			: out->two_factor_required ? "enrolment_only"
						   : "password",
			"SEC-3", cause);
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
	if (!auth_totp_valid(raw, code, zk_now())) {
		seal_wipe(raw, sizeof raw);
		ev.outcome = "refused";
		ev.reason = "bad_second_factor";
		if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
			return rc;
		return zk_fail(cause, ZK_EINVAL,
			       "the code is wrong or expired");
	}
	zk_time_fmt(zk_now(), now);
	ev.reason = "confirmed";
	rc = auth_totp_store(svc, a->tenant, &u, raw, now);
	seal_wipe(raw, sizeof raw);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

int
svc_totp_code(struct service *svc, int64_t tenant, const char *username,
	      int64_t now, char code[8], char **cause)
{
	unsigned char raw[AUTH_TOTP_BYTES];
	struct store_user u;
	int rc;

	pthread_once(&auth_once, auth_make_dummy);
	rc = store_user_get(svc->store, tenant, username, &u);
	if (rc == 0)
		rc = auth_totp_open(svc, tenant, &u, raw);
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
	return rc;
}
