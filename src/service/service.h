/*
 * service.h: the one door to personal data (DESIGN invariant 1).
 *
 * Every function here that touches a subject's data runs one transaction:
 * it gathers the facts, asks the policy (authz_decide), acts only on a
 * permit, and appends an audit entry that commits together with the act.
 * A refused attempt is logged as well. When the audit entry cannot be
 * written the whole operation is rolled back and fails with ZK_EAUDIT:
 * nothing happens that is not logged (fail closed).
 *
 * Results that carry personal data are returned as jansson objects owned
 * by the caller (json_decref). Errors come with a one-line *cause; for a
 * refusal the cause names the reason code and rule id.
 */
#ifndef ZK_SERVICE_H
#define ZK_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "audit/audit.h"
#include "core/zk.h"
#include "crypto/keys.h"
#include "policy/authz.h"
#include "profile/profile.h"
#include "store/store.h"

struct service;

/* Who acts: a staff user, or the system itself (init, import, retention). */
struct actor {
	int64_t tenant;
	int64_t user_id; /* 0 for the system */
	char user_uid[48];
	char username[64];
	char role[48];	/* the role acted in, for the log */
	uint32_t roles; /* bit per role index of the tenant's profile */
	bool confidentiality;
	bool system;
	char access_point[64];
	char on_behalf_of[48];
	/*
	 * PUR-2: the purpose the actor uses data for now, when it may differ
	 * from the purpose the data was collected for ("" = the same).
	 */
	char use_purpose[48];
	/*
	 * SCOPE-1: the kind of subject the request is about, when the way in
	 * names one (a path under /clients/ is about clients): any other
	 * subject is not found there ("" = any kind).
	 */
	char subject_kind[16];
	/*
	 * SEC-3, ACC-3: the password was chosen by an administrator and must
	 * be replaced before anything else (svc_password_check).
	 */
	bool password_change;
	/*
	 * COR-2, ERA-3, SHD-1, RST-1: the act carries out a granted request
	 * about the subject with row id carry_subject (0: none), whose
	 * decision is the authority for the actions in carry_acts (a bit per
	 * enum zk_action), logged under carry_rule. Set only by the request
	 * service while carrying out (request_carry.c), never from input.
	 */
	int64_t carry_subject;
	unsigned carry_acts;
	const char *carry_rule;
	/*
	 * RST-1: the exception of GDPR art. 18(2) the act relies on while
	 * the subject's processing is restricted: "consent", "legal_claim",
	 * "protection_of_another" or "public_interest" ("" = none). Set from
	 * the Zorgkluis-Exception header or the CLI's --exception; the log
	 * entry of the act records it (reason, rule RST-1).
	 */
	char exception[24];
	/*
	 * INZ-6: a portal account's base role (ZK_ROLE_SUBJECT or
	 * ZK_ROLE_REPRESENTATIVE), 0 for staff and the system. Set by
	 * svc_actor_user() from the account's roles, never from input.
	 */
	int portal;
};

/* The outcome of the decision an operation made, for callers that show it. */
struct svc_decision {
	struct authz_decision authz;
	char break_glass_uid[ZK_UUID_LEN];
	/* LOG-3: the entry was changed outside zorgkluis (ZK_ECORRUPT). */
	bool tampered;
};

#define SVC_CREATE 0x01u   /* create the database (init) */
#define SVC_READONLY 0x02u /* no writes: verification only */
#define SVC_BIND 0x04u	   /* without key check values yet (audit bind) */
/* The caller runs svc_keystore_reconcile() itself (restore). */
#define SVC_RECONCILE_LATER 0x08u

/*
 * Opens the database at db with the key directory keys_dir (NULL: the
 * default, see keys.h). keys names the KEYS_ bits to load.
 */
int svc_open(const char *db, const char *keys_dir, unsigned flags,
	     unsigned keys, struct service **out, char **cause);
void svc_close(struct service *svc);

/*
 * SEC-1, LOG-3: what svc_open() checks in an existing database (start.c):
 * each loaded key against its check value, and the witness of the log.
 * svc_start_record() stores the check values (init).
 */
int svc_start_check(struct service *svc, unsigned flags, char **cause);
int svc_start_record(struct service *svc, char **cause);
/* Logs in tenant's log that the database has key check values (init). */
int svc_keys_log(struct service *svc, int64_t tenant, char **cause);

/*
 * `zorgkluis audit bind`: for a database from before key check values
 * (opened with SVC_BIND and every key): verifies the log with audit.key,
 * unwraps every subject key with master.key, binds every entry's metadata
 * (LOG-3) after opening its content, stores the check values and logs it.
 * Refused when the database has check values, or had them.
 */
struct svc_bind_result {
	long long tenants, subjects, entries;
};
int svc_bind(struct service *svc, struct svc_bind_result *res, char **cause);

/* The store and keys, for the audit verifier and the CLI. */
struct store *svc_store(struct service *svc);
const struct keyring *svc_keys(struct service *svc);

/*
 * Holds day (a Dutch calendar day, zk_day_nl) as today for the operations
 * that follow, until svc_day_release(): one request is then decided by one
 * version of the profile and one "today", even when it runs across
 * midnight (REG-1). Without a hold the day follows the clock.
 */
void svc_day_hold(struct service *svc, int32_t day);
void svc_day_release(struct service *svc);
/* The held day, or today when none is held. */
int32_t svc_today(const struct service *svc);

/*
 * LOG-1: logs a request refused before it reached the act it asked for
 * (for example for want of a second factor, SEC-3): event with action
 * (C, R, U, D or E), about subject_uid when it names one (a UUID, or
 * NULL), on endpoint (a fixed route pattern, never text from the
 * request). Returns ZK_EDENIED once logged, ZK_EAUDIT when it could not
 * be.
 */
int svc_log_refusal(struct service *svc, const struct actor *a,
		    const char *event, char action, const char *subject_uid,
		    const char *endpoint, const char *reason, const char *rule,
		    char **cause);

/* Returns the profile in force for tenant today, loading it on first use. */
int svc_profile(struct service *svc, int64_t tenant, const struct profile **out,
		char **cause);

/* Finds a tenant by slug; ZK_ENOTFOUND when there is none. */
int svc_tenant_find(struct service *svc, const char *slug, int64_t *tenant,
		    char **cause);
/* The only tenant, when there is exactly one; else ZK_EINVAL. */
int svc_tenant_default(struct service *svc, int64_t *tenant, char **cause);

/*
 * Creates a tenant (a controller, SCOPE-3) running profile, and logs it.
 * The profile document is stored with the tenant (REG-1).
 */
int svc_tenant_create(struct service *svc, const char *slug, const char *name,
		      const struct profile *profile, int64_t *tenant,
		      char **cause);

/*
 * SCOPE-3: adds an organisation to the installation as init adds the
 * first: its row and profile, and its own log chain opened with
 * tenant.create and keys.check (SEC-1), in one transaction, so that a
 * failure leaves no tenant; then signs every chain head and writes the
 * witness (LOG-3). The tenant key needs nothing stored: it is derived
 * from the master key and the tenant id (seal.h).
 */
int svc_tenant_add(struct service *svc, const char *slug, const char *name,
		   const struct profile *profile, int64_t *tenant,
		   char **cause);

/*
 * The organisations in id order, as a new JSON array of {slug, name,
 * profile, version, created_at}: the profile version in force today.
 */
int svc_tenant_list(struct service *svc, json_t **out, char **cause);

/* What a login or command that could be meant for several is told. */
#define SVC_NAME_THE_ORGANISATION                                              \
	"this user name exists in several organisations; name the "            \
	"organisation"

/*
 * SCOPE-3: the organisation of the staff account username, for a login
 * or command that names none. ZK_ENOTFOUND when no organisation has it;
 * ZK_ECONFLICT (SVC_NAME_THE_ORGANISATION) when several do.
 */
int svc_tenant_of_user(struct service *svc, const char *username,
		       int64_t *tenant, char **cause);

/*
 * REG-1: installs a new version of the tenant's profile. It is in force
 * from its effective date, which must be at least four weeks after its
 * publication; until then the version before it applies.
 */
int svc_profile_install(struct service *svc, int64_t tenant,
			const struct profile *profile, char **cause);

/* Teams and locations of a tenant, created by the system or an admin. */
int svc_location_create(struct service *svc, const struct actor *a,
			const char *name, const char *address, int64_t *id,
			char **cause);
int svc_team_create(struct service *svc, const struct actor *a,
		    int64_t location, const char *name, int64_t *id,
		    char **cause);
/*
 * By name (teams.c): a location (address may be NULL), and a team at the
 * location with that name (NULL: none). ZK_ECONFLICT when the name is
 * taken, ZK_ENOTFOUND for an unknown location. Administrators only
 * (ACC-3), logged.
 */
int svc_location_add(struct service *svc, const struct actor *a,
		     const char *name, const char *address, char **cause);
int svc_team_add(struct service *svc, const struct actor *a, const char *name,
		 const char *location, char **cause);
/* {"teams": [{"name", "location"}], "locations": [{"name", "address"}]}. */
int svc_team_list(struct service *svc, const struct actor *a, json_t **out,
		  char **cause);

/*
 * The system actor of tenant; what names the job ("init", "demo").
 * access_point "cli" (or NULL) becomes svc_local_access_point().
 */
void svc_actor_system(struct actor *a, int64_t tenant, const char *what,
		      const char *access_point);
/* "cli:<account>@<host>": where a command on this machine came from. */
void svc_local_access_point(char *out, size_t n);

/*
 * The actor for a staff user. A disabled or unknown user is ZK_EAUTH.
 * Roles the tenant's profile does not know are ignored.
 */
int svc_actor_user(struct service *svc, int64_t tenant, const char *username,
		   const char *access_point, struct actor *out, char **cause);

/* --- login and two factors (SEC-3) ---------------------------------------- */

struct svc_login {
	struct actor actor;
	bool two_factor_required; /* a role of the user sees health data */
	bool two_factor_enrolled; /* the user has a confirmed TOTP secret */
	bool two_factor_ok;	  /* and gave a valid code now */
};

/*
 * Checks a password and, where the user's roles need it and the user is
 * enrolled, a TOTP code. Logs the attempt in the organisation's log.
 * tenant_slug NULL or "" means the organisation that has an account of
 * that name (SCOPE-3): when none has, the answer is that of a wrong
 * password; when several have, ZK_ECONFLICT (SVC_NAME_THE_ORGANISATION),
 * not logged, as no organisation is known. A wrong user name, password
 * or code is ZK_EAUTH with the same message for each, except "second
 * factor required". A user who
 * needs two factors but has not enrolled gets a login with two_factor_ok
 * false: the caller lets them enrol and nothing else.
 */
/*
 * SCOPE-3: the organisation a login (or its throttle) is for: the one
 * named, else the one that has an account of username, else the only
 * one. ZK_ENOTFOUND when none is known; ZK_ECONFLICT when several have
 * the name (SVC_NAME_THE_ORGANISATION).
 */
int svc_login_tenant(struct service *svc, const char *tenant_slug,
		     const char *username, int64_t *tenant, char **cause);
int svc_login(struct service *svc, const char *tenant_slug,
	      const char *username, const char *password, const char *totp,
	      const char *access_point, struct svc_login *out, char **cause);
int svc_logout(struct service *svc, const struct actor *a, char **cause);
/*
 * SEC-3, LOG-6: whether the actor's roles, as they are now, need two
 * factors under the profile in force. True when that cannot be told.
 */
bool svc_actor_needs_two_factor(struct service *svc, const struct actor *a);

/*
 * SEC-3, ACC-3: a user replaces their own password, giving the current
 * one. next must follow the rules for passwords and differ from current.
 * Clears password_change and ends every session of the user, at every
 * server (a server forgets its copies too). A wrong current password is
 * ZK_EAUTH, logged as a refusal. The slow Argon2id work is done before
 * the write, which runs in the log writer of a server.
 */
int svc_password_change(struct service *svc, const struct actor *a,
			const char *current, const char *next, char **cause);
/* SEC-3: ZK_EINVAL unless password is 10 to 1024 characters of UTF-8. */
int svc_password_valid(const char *password, char **cause);

/*
 * Starts TOTP enrolment for the actor: a new secret (base32) and its
 * otpauth:// URI. The secret counts once svc_totp_confirm() saw a code.
 */
int svc_totp_enrol(struct service *svc, const struct actor *a, char secret[64],
		   char uri[320], char **cause);
/* Enrols and confirms at once (demo users, set up by the operator). */
int svc_totp_enrol_confirmed(struct service *svc, const struct actor *a,
			     char secret[64], char uri[320], char **cause);
/* Removes username's second factor and ends their sessions; the next
 * login enrols anew (SEC-3). For administrators and the CLI. */
int svc_totp_reset(struct service *svc, const struct actor *a,
		   const char *username, char **cause);
int svc_totp_confirm(struct service *svc, const struct actor *a,
		     const char *code, char **cause);
/*
 * The TOTP code of a user at now (the operator's demo helper), for the
 * system actor a only. Logged before the code is given (LOG-1): whoever
 * logs in with it next is not necessarily that user.
 */
int svc_totp_code(struct service *svc, const struct actor *a,
		  const char *username, int64_t now, char code[8],
		  char **cause);

/* --- staff users (administrators, or the system) ----------------------- */

struct svc_user_input {
	const char *username;
	const char *display_name;
	const char *password; /* NULL: no password yet */
	const char *const *roles;
	int nroles;
	const char
	    *confidentiality; /* ACC-4: profession|office|law|agreement */
	const char *team;     /* team name, or NULL */
};

int svc_user_add(struct service *svc, const struct actor *a,
		 const struct svc_user_input *in, char uid[ZK_UUID_LEN],
		 char **cause);
/* Returns a JSON array of users (no password hashes). */
int svc_user_list(struct service *svc, const struct actor *a, json_t **out,
		  char **cause);
/* Disables a user; their sessions end with it (SEC-3). */
int svc_user_disable(struct service *svc, const struct actor *a,
		     const char *username, char **cause);

/* --- account approvals and invitations (accounts.c; ACC-3, SEC-3) ------- */

/* How long an invitation can be accepted. */
#define SVC_INVITATION_HOURS 72

/* What an act on an account led to, for the one who asked. */
struct svc_account {
	char uid[ZK_UUID_LEN];	      /* the account */
	char status[24];	      /* active, awaiting_approval, ... */
	char approval[ZK_UUID_LEN];   /* the request to approve, or "" */
	char token[48];		      /* a one-time invitation, or "" */
	char expires_at[ZK_TIME_LEN]; /* when the invitation ends */
};

/*
 * Creates an account (ACC-3, ACC-4, SEC-3). An administrator never
 * chooses a password (ZK_EINVAL): when the account's roles see health
 * data or logs it waits for approval (out->approval) and cannot log in;
 * otherwise out->token is a one-time invitation for its owner. The
 * system (the operator on the server) creates accounts active at once,
 * with in->password or else an invitation.
 */
int svc_user_create(struct service *svc, const struct actor *a,
		    const struct svc_user_input *in, struct svc_account *out,
		    char **cause);
/* Enables a disabled user (an administrator or the system). */
int svc_user_enable(struct service *svc, const struct actor *a,
		    const char *username, char **cause);
/*
 * Replaces username's roles by the n roles. Roles that see health data
 * or logs and that the account did not have wait for approval
 * (out->approval): until then only the roles it keeps are in force.
 * An administrator does not change their own roles.
 */
int svc_user_set_roles(struct service *svc, const struct actor *a,
		       const char *username, const char *const *roles, int n,
		       struct svc_account *out, char **cause);
/*
 * A new invitation for username: the password stops working and the
 * sessions end at once. For an account that sees health data the
 * invitation comes with a second person's approval (out->approval),
 * and goes to the approver; otherwise out->token.
 */
int svc_user_reset(struct service *svc, const struct actor *a,
		   const char *username, struct svc_account *out, char **cause);
/*
 * The pending requests (JSON array), for administrators and the roles
 * that approve; logged.
 */
int svc_approval_list(struct service *svc, const struct actor *a, json_t **out,
		      char **cause);
/*
 * Approves (approve true) or rejects the pending request request_uid.
 * The approver is a, or, when a is the system (the operator recording a
 * decision), the user named by. The approver holds a role the profile
 * names for approval (for its own team, or the organisation), is not the
 * one who asked and not the account itself; else ZK_EDENIED, logged. A
 * request no longer pending is ZK_ECONFLICT. An approved account or
 * reset gives out->token, the invitation, to the approver.
 */
int svc_approval_decide(struct service *svc, const struct actor *a,
			const char *request_uid, bool approve, const char *by,
			struct svc_account *out, char **cause);
/*
 * SEC-3: the owner sets their password from a one-time invitation
 * (token). tenant_slug NULL or "" means the organisation the invitation
 * was made in (SCOPE-3). An unknown,
 * used or expired token, or an inactive account, is ZK_EAUTH, logged as
 * a refusal. Ends the account's sessions; writes its user name.
 */
int svc_invitation_accept(struct service *svc, const char *tenant_slug,
			  const char *token, const char *password,
			  const char *access_point, char username[64],
			  char **cause);

/* --- subjects ------------------------------------------------------------ */

/*
 * Creates a subject of kind with identity (a JSON object of the profile's
 * identity fields, PUR-4). Writes the new uid.
 */
int svc_subject_create(struct service *svc, const struct actor *a,
		       const char *kind, json_t *identity, const char *team,
		       char uid[ZK_UUID_LEN], struct svc_decision *d,
		       char **cause);
/*
 * SEC-4: svc_subject_create() that also looks for subjects of the same
 * kind registered before with the same name (family name, and given
 * names where both have them, ignoring case) and birth date. The new
 * subject is registered all the same: two people can share both. When
 * there are such subjects that the actor may see, *warnings (the
 * caller's) is a JSON array holding one warning, {"code":
 * "possible_duplicate", "rule", "message", "matches": [ids]}, and each
 * match named is logged as a read of its identity; otherwise it is an
 * empty array. Subjects the actor may not see are not named.
 */
int svc_subject_register(struct service *svc, const struct actor *a,
			 const char *kind, json_t *identity, const char *team,
			 char uid[ZK_UUID_LEN], struct svc_decision *d,
			 json_t **warnings, char **cause);
/*
 * Reads a subject's identity: {"id", "kind", "identity": {...}, ...}. A
 * subject not of kind (NULL: any) is ZK_ENOTFOUND, decided nor logged.
 */
int svc_subject_get(struct service *svc, const struct actor *a, const char *uid,
		    const char *kind, json_t **out, struct svc_decision *d,
		    char **cause);

/*
 * Lists subjects of kind (NULL: all) the actor may see, whose name contains
 * query (NULL: all), at most limit, after the subject with uid after (NULL:
 * from the start). Writes the uid to continue from into next ("" at the
 * end). Each subject shown is logged (LOG-1).
 */
int svc_subject_list(struct service *svc, const struct actor *a,
		     const char *kind, const char *query, const char *after,
		     int limit, json_t **out, char next[ZK_UUID_LEN],
		     char **cause);
/*
 * Corrects a subject's identity with the fields in patch (null removes a
 * field); the earlier version is kept (DESIGN invariant 5). A subject not
 * of kind (NULL: any) is ZK_ENOTFOUND, decided nor logged (SCOPE-1).
 */
int svc_subject_update(struct service *svc, const struct actor *a,
		       const char *uid, const char *kind, json_t *patch,
		       struct svc_decision *d, char **cause);

/* --- care relations (ACC-2) --------------------------------------------- */

/* The care relations of a subject (who treats them). */
int svc_relation_list(struct service *svc, const struct actor *a,
		      const char *subject_uid, json_t **out, char **cause);

int svc_relation_add(struct service *svc, const struct actor *a,
		     const char *subject_uid, const char *username,
		     const char *relation, const char *valid_from,
		     const char *valid_until, char uid[ZK_UUID_LEN],
		     char **cause);

/*
 * ACC-2, ACC-5: ends care relation uid on valid_until (YYYY-MM-DD), its
 * last day in force: no earlier than yesterday and than the relation's
 * start, and never later than an end it already has (ending shortens; a
 * longer relation is a new one, given by someone else). Decided as giving
 * one (care_relations in the profile); the holder may also end their own.
 * *out, when not NULL, is the relation as it now is (the caller's).
 */
int svc_relation_end(struct service *svc, const struct actor *a,
		     const char *uid, const char *valid_until, json_t **out,
		     char **cause);

/* --- record entries ------------------------------------------------------ */

struct svc_entry_input {
	const char *subject_uid;
	const char *category;
	const char *purpose;	 /* PUR-1 */
	const char *legal_basis; /* PUR-3 */
	json_t *content;	 /* the category's declared fields (PUR-4) */
	/* A correction's reason (COR-2), or NULL; read for corrections
	 * only (svc_entry_correct_why). */
	const char *reason;
};

int svc_entry_create(struct service *svc, const struct actor *a,
		     const struct svc_entry_input *in, char uid[ZK_UUID_LEN],
		     struct svc_decision *d, char **cause);
/* Reads one entry: metadata and "content". */
int svc_entry_read(struct service *svc, const struct actor *a,
		   const char *entry_uid, json_t **out, struct svc_decision *d,
		   char **cause);
/*
 * Lists a subject's entries of category (NULL: every category the actor may
 * read). Entries the actor may not read are left out and the refusal is
 * logged. Writes the text of a JSON array into out, which the caller has
 * initialised and releases; on failure out is wiped and empty. The text
 * is ready to send: it is not parsed again.
 */
int svc_entry_list(struct service *svc, const struct actor *a,
		   const char *subject_uid, const char *category,
		   struct zk_buf *out, char **cause);
/*
 * COR-2: records a correction beside the original, which stays, marked
 * corrected. Writes the uid of the correcting entry.
 */
int svc_entry_correct(struct service *svc, const struct actor *a,
		      const char *entry_uid, json_t *content,
		      char uid[ZK_UUID_LEN], struct svc_decision *d,
		      char **cause);
/*
 * The same with the reason for the correction (NULL: none), at most 1000
 * bytes of UTF-8. It may describe the client, so it is sealed with the
 * subject's key. Reading the correction shows it as "reason"; reading the
 * original shows "corrected_by", the correction's id (COR-2).
 */
int svc_entry_correct_why(struct service *svc, const struct actor *a,
			  const char *entry_uid, json_t *content,
			  const char *reason, char uid[ZK_UUID_LEN],
			  struct svc_decision *d, char **cause);

/* --- representation and consent (REP, CON) -------------------------------- */

/* REP-1 to REP-3: registers a person who may act for the subject. */
int svc_representative_add(struct service *svc, const struct actor *a,
			   const char *subject_uid, const char *kind,
			   const char *name, bool declines, bool absent,
			   bool legal_consent, char uid[ZK_UUID_LEN],
			   char **cause);
/* REP-4: records an assessment of the subject's capacity. */
int svc_capacity_add(struct service *svc, const struct actor *a,
		     const char *subject_uid, bool able,
		     const char *assessed_on, const char *matter,
		     char uid[ZK_UUID_LEN], char **cause);
/*
 * The same, assessed by the staff member named assessor (a user name of
 * the tenant) rather than the actor: for the operator on the server, who
 * records what a professional assessed. The system actor must name one.
 */
int svc_capacity_add_by(struct service *svc, const struct actor *a,
			const char *assessor, const char *subject_uid,
			bool able, const char *assessed_on, const char *matter,
			char uid[ZK_UUID_LEN], char **cause);

struct svc_consent_input {
	const char *subject_uid;
	const char *given_by; /* "subject" (NULL) or a representative's uid */
	/* With a child of 12 to 15 who is able, the other of the two who give
	 * it together: "subject" or a parent's uid (REP-1); else NULL. */
	const char *also_given_by;
	const char *form;     /* written, verbal, electronic, conduct */
	const char *evidence; /* a reference to the document, or NULL */
	bool explicit_consent;
	const char *purpose;
	json_t *categories;	    /* array of category names */
	const char *recipient_kind; /* or NULL */
	const char *recipient;	    /* a named recipient, or NULL */
	const char *valid_from;
	const char *valid_until; /* or NULL */
};

/*
 * CON-1, CON-2, REP-6: records a consent; the one giving it must be able to
 * act for the subject today under the profile's representation rules.
 */
int svc_consent_record(struct service *svc, const struct actor *a,
		       const struct svc_consent_input *in,
		       char uid[ZK_UUID_LEN], char **cause);
/* CON-3: withdraws a consent from now on; by "subject" or a representative. */
int svc_consent_withdraw(struct service *svc, const struct actor *a,
			 const char *consent_uid, const char *by, char **cause);
/* The subject's consents, withdrawn ones included. */
int svc_consent_list(struct service *svc, const struct actor *a,
		     const char *subject_uid, json_t **out, char **cause);

/*
 * OBJ-1: registers the subject's objection to processing for purpose, or to
 * disclosure to recipient_kind (exactly one of them), enforced from now on.
 * by: "subject" (NULL) or a representative's uid.
 */
int svc_objection_register(struct service *svc, const struct actor *a,
			   const char *subject_uid, const char *purpose,
			   const char *recipient_kind, const char *by,
			   char uid[ZK_UUID_LEN], char **cause);

/*
 * The registers beside a subject, read back: each a JSON array (*out, the
 * caller's), decided and logged like any read of the subject (LOG-1).
 * Representatives (with their ids, REP-6) and objections (OBJ-1) are read
 * as the identity is; capacity assessments (REP-4), a care judgement that
 * may name a treatment, as care data is (ACC-2). Sealed names, matters
 * and reasons are opened.
 */
int svc_representative_list(struct service *svc, const struct actor *a,
			    const char *subject_uid, json_t **out,
			    char **cause);
int svc_capacity_list(struct service *svc, const struct actor *a,
		      const char *subject_uid, json_t **out, char **cause);
int svc_objection_list(struct service *svc, const struct actor *a,
		       const char *subject_uid, json_t **out, char **cause);

/* --- the information duty (INF) ---------------------------------------------
 */

/* INF-1: a new version of the privacy notice (the DPO or an administrator). */
int svc_notice_add(struct service *svc, const struct actor *a,
		   const char *version, const char *published_on,
		   const char *summary, char **cause);
/* The notice versions, oldest first (public: not logged). */
int svc_notice_list(struct service *svc, const struct actor *a, json_t **out,
		    char **cause);
/*
 * INF-1, INF-2: records that the subject was given notice version, on a
 * day, how, with source "subject" (collected from them) or "elsewhere".
 */
int svc_information_record(struct service *svc, const struct actor *a,
			   const char *subject_uid, const char *version,
			   const char *informed_on, const char *how,
			   const char *source, char uid[ZK_UUID_LEN],
			   char **cause);
/*
 * INF-2: informing the subject is exempt on ground "impossible",
 * "disproportionate" or "required_by_law" (W§8.5-8.6), with a reason.
 */
int svc_information_exempt(struct service *svc, const struct actor *a,
			   const char *subject_uid, const char *ground,
			   const char *reason, char uid[ZK_UUID_LEN],
			   char **cause);
/*
 * The same, naming where the data came from: source "elsewhere" (NULL) or
 * "subject". Data collected from the subject is never exempt: INF-1 has
 * them informed at collection. So "subject" is refused, and so is any
 * exemption for a subject recorded as informed of data collected from
 * them; both refusals are logged.
 */
int svc_information_exempt_from(struct service *svc, const struct actor *a,
				const char *subject_uid, const char *ground,
				const char *reason, const char *source,
				char uid[ZK_UUID_LEN], char **cause);
/*
 * INF-1, INF-2: what the subject was told: a JSON array of the notices
 * they were given ("type": "informed") and the exemptions from informing
 * them ("type": "exemption", with the reason opened), oldest first. Read
 * as the identity is, and logged.
 */
int svc_information_list(struct service *svc, const struct actor *a,
			 const char *subject_uid, json_t **out, char **cause);
/*
 * INF-3: the subjects never informed ("missing"), informed only of an
 * older notice ("outdated"), or exempt from informing ("exempt", INF-2),
 * for the DPO; each one listed is logged.
 */
int svc_information_missing(struct service *svc, const struct actor *a,
			    json_t **out, char **cause);

/* --- break the glass (ACC-6) --------------------------------------------- */

/*
 * Grants the actor time-limited emergency access to a subject outside any
 * care relation, for the written reason, flagged for the DPO's review.
 */
int svc_break_glass(struct service *svc, const struct actor *a,
		    const char *subject_uid, const char *reason,
		    char uid[ZK_UUID_LEN], char expires[ZK_TIME_LEN],
		    struct svc_decision *d, char **cause);

/*
 * ACC-6, FG-2, LOG-7: the review of emergency access (review.c), by the
 * roles of the profile's break_glass.reviewed_by only; anyone else is
 * refused, and that is logged.
 *
 * svc_break_glass_queue() lists the emergency accesses (pending: those
 * not yet reviewed; else all), oldest first, each as
 *   {"id", "user": {"id", "username", "created_at"}, "client",
 *    "granted_at", "expires_at", "reason", "status", "new_account",
 *    "account_age_days", "done_under_grant": [{"at", "event", "action",
 *    "outcome", "category", "object_type", "object_id"}],
 *    "reviewed_at", "reviewed_by", "measure"}
 * with the reason opened: each one shown is logged as a read of that
 * client's data (break_glass.review_read). svc_break_glass_show() is one
 * of them. *out is the caller's.
 *
 * svc_break_glass_review() decides one: verdict "justified", or
 * "not_justified" with the measure taken (M§17), sealed with the
 * client's key. Decided once: a second decision is ZK_ECONFLICT; nobody
 * reviews their own access.
 */
int svc_break_glass_queue(struct service *svc, const struct actor *a,
			  int pending, json_t **out, char **cause);
int svc_break_glass_show(struct service *svc, const struct actor *a,
			 const char *uid, json_t **out, char **cause);
int svc_break_glass_review(struct service *svc, const struct actor *a,
			   const char *uid, const char *verdict,
			   const char *measure, char **cause);

/* --- the log ---------------------------------------------------------------
 */

/* --- moving an installation (issue 12) ------------------------------------ */

/* What svc_migrate() found and did. */
struct svc_migrate {
	struct audit_verify_result source, target;
	struct store_copy_result copy;
};

/*
 * Copies the installation in from into the empty database to, with the
 * key directory keys: the source's log must verify, the copy is one
 * transaction committed only when its log verifies. A log that does not
 * verify is ZK_ECORRUPT with the first problem in *cause.
 */
int svc_migrate(const char *from, const char *to, const char *keys,
		struct svc_migrate *m, char **cause);

/* --- data subjects' requests (RQ, INZ, POR) ------------------------------ */

/* A request as it is received (RQ-1); NULL fields are not given. */
struct svc_request_new {
	const char *subject;  /* the subject's id */
	const char *kind;     /* access, copy, ..., log, scheme */
	const char *received; /* YYYY-MM-DD */
	const char *channel;  /* paper (default), email, portal, in_person */
	const char *answer_channel; /* default: email or portal when asked so */
	const char *representative; /* the representative's id, or NULL */
	const char *id_document;    /* SEC-4: the kind of document checked */
	const char *id_last;	    /* its last (at most 4) characters */
	const char *details;	    /* what is asked, sealed */
	bool identity_in_doubt;	    /* RQ-3: ask for proof at once */
};

/*
 * INZ-6, RQ-1, REP-6: a request made in the portal by a, about subject:
 * received today, by the portal, answered there; made by the subject or,
 * for a representative's account, by the representative who may act for
 * the subject today. The login with two factors is its identity check
 * (docs/decisions.md). kind as svc_request_add(); details may be NULL.
 */
int svc_portal_request_add(struct service *svc, const struct actor *a,
			   const char *subject, const char *kind,
			   const char *details, char uid[ZK_UUID_LEN],
			   char **cause);

/* Registers a request; its id in uid. */
int svc_request_add(struct service *svc, const struct actor *a,
		    const struct svc_request_new *in, char uid[ZK_UUID_LEN],
		    char **cause);

/*
 * An act on a request by its handler (the DPO) or its assignee: act is
 * identity_request (RQ-3), identity_received, start, assign, extend
 * (W§14.5), withhold (INZ-2), explanation (INZ-4), decide (RQ-4, RQ-5),
 * carry_out or close.
 */
struct svc_request_act {
	const char *act;
	const char *on;			    /* extend: the day told */
	const char *document, *last_digits; /* identity_received */
	const char *assignee;		    /* assign: a username */
	const char *entry, *reason;	    /* withhold; extend's reason */
	const char *explanation;	    /* offered, accepted, declined */
	const char *decision, *reasons;	    /* decide */
	bool excessive;			    /* RQ-4 */
	int64_t fee_cents;		    /* RQ-4, never the first copy */
	const char *refusal_ground;	    /* ERA-2: legal_retention,
					       interest_of_another or
					       agreement_with_subject */
};
int svc_request_act(struct service *svc, const struct actor *a, const char *uid,
		    const struct svc_request_act *in, char **cause);

/*
 * COR-1, COR-2, ERA-1, SHD-1, RST-1: what a request to correct, complete,
 * erase, shield or restrict changes, recorded by its handler before the
 * decision; `carry_out` then does each (request_carry.c). op is correct
 * or complete (entry, content, reason: a new sheet beside the entry,
 * COR-2), erase (entry, or none for the whole subject; ground: ERA-1),
 * shield (entry or category) or restrict (ground).
 */
struct svc_request_change {
	const char *op;
	const char *entry;
	const char *category;
	json_t *content;
	const char *reason;
	const char *ground;
};
int svc_request_change(struct service *svc, const struct actor *a,
		       const char *uid, const struct svc_request_change *in,
		       char change_uid[ZK_UUID_LEN], char **cause);

/*
 * INZ-1 to INZ-6, POR-1: the copy of a granted access, copy, portability,
 * log or scheme request, as a PDF (format "pdf") or a FHIR R4 Bundle
 * ("fhir"), in lang ("nl" default, "en"), appended to out. Every part is
 * read with a's own rights and logged; the export itself too.
 */
int svc_request_export(struct service *svc, const struct actor *a,
		       const char *uid, const char *format, const char *lang,
		       struct zk_buf *out, char **cause);

/*
 * Everything about a subject that a copy holds (the shape of
 * tests/fixtures/assembly.json, without a request), each part read with
 * a's own rights and logged; for the FHIR facade's $everything.
 */
int svc_subject_assemble(struct service *svc, const struct actor *a,
			 const char *subject_uid, const char *lang,
			 json_t **out, char **cause);

/* RQ-5, RQ-6: a letter (acknowledgement, identity, extension, decision)
 * as PDF, addressed to the representative where one acts (REP-5). */
int svc_request_letter(struct service *svc, const struct actor *a,
		       const char *uid, const char *letter, const char *lang,
		       struct zk_buf *out, char **cause);

/* One request with its deadline, history and withheld entries. */
int svc_request_get(struct service *svc, const struct actor *a, const char *uid,
		    json_t **out, char **cause);

/*
 * The inbox: open requests (or those of state), sorted by due date, with
 * days_left and the overdue and due-soon flags; filtered by kind, state
 * and assignee (NULL: any). The DPO sees all, others what is assigned to
 * them.
 */
struct svc_request_filter {
	const char *kind, *state, *assignee;
};
int svc_request_inbox(struct service *svc, const struct actor *a,
		      const struct svc_request_filter *f, json_t **out,
		      char **cause);

/*
 * The subject's view of the log (LOG-2, LOG-8): chronological lines of
 * who (name and role) did what with which data on which ground, similar
 * events of one day merged. For the DPO or the responsible professional
 * (LOG-6); the reading is logged.
 */
int svc_subject_log(struct service *svc, const struct actor *a,
		    const char *subject_uid, json_t **out, char **cause);

struct audit_verify_result;
/* Verifies the log for the DPO or an administrator; logged. */
int svc_audit_status(struct service *svc, const struct actor *a,
		     struct audit_verify_result *res, char **cause);

/* The tenant's name and slug. */
int svc_tenant_name(struct service *svc, int64_t tenant,
		    struct store_tenant *out);
/*
 * The display name of a's own account into out (n bytes; "" when it has
 * none), for the session to greet the person by name (names.c).
 */
int svc_own_name(struct service *svc, const struct actor *a, char *out,
		 size_t n);

/* Signs every tenant's chain head (see audit_checkpoint). */
int svc_checkpoint(struct service *svc, char **cause);

/* --- group commit (group.c) ------------------------------------------------
 */

/* --- sessions and login throttling (sessions.c, SEC-3) ------------------ */

/* A login session as the store keeps it. Times in seconds since 1970. */
struct svc_session {
	int64_t tenant;
	char username[64];
	bool bearer;		  /* a program's token, no cookie, no CSRF */
	bool two_factor_required; /* the user's roles need two factors */
	bool two_factor_ok;	  /* and the user gave both */
	int64_t created;
	int64_t last_seen; /* as stored: kept to about a minute */
	int64_t idle;	   /* seconds it may be idle */
	int64_t expires;   /* its absolute end */
};

/*
 * Stores a session under token (only its hash is kept) and removes the
 * sessions that timed out. Returns 0, ZK_EAUTH when the user is not
 * active (disabled while logging in), or a storage error.
 */
int svc_session_create(struct service *svc, const char *token,
		       const struct svc_session *s);
/*
 * The session of token at now: 0, ZK_EAUTH when there is none (never was,
 * logged out, ended), ZK_ECONFLICT when it timed out (out is still filled
 * in), or a storage error.
 */
int svc_session_get(struct service *svc, const char *token, int64_t now,
		    struct svc_session *out);
/* Whether s has timed out at now (idle or absolute). */
bool svc_session_expired(const struct svc_session *s, int64_t now);
/* Records activity at now; marks the second factor done; ends sessions. */
int svc_session_seen(struct service *svc, const char *token, int64_t now);
int svc_session_upgrade(struct service *svc, const char *token);
int svc_session_end(struct service *svc, const char *token);
/*
 * Login throttling. Before a login is checked, svc_throttle_attempt()
 * counts it for each of the n (1-4) keys (a user name, an address) in one
 * transaction, unless one must still wait: then *wait is the seconds to
 * wait and nothing is counted. After a successful login,
 * svc_throttle_success() clears the user's key and takes the attempt
 * back from the address's.
 */
int svc_throttle_attempt(struct service *svc, const char *const *keys, int n,
			 int64_t now, int *wait);
int svc_throttle_success(struct service *svc, const char *user_key,
			 const char *addr_key);

struct svc_group;

/*
 * Starts the log writer: a thread with its own connection to db that
 * commits the log entries of many requests with one sync.
 */
int svc_group_start(const char *db, const char *keys, struct svc_group **out,
		    char **cause);
/* Stops the writer after the queued work, and signs the chain heads. */
void svc_group_stop(struct svc_group *g);
/*
 * The first half of svc_group_stop(): the writer commits what is queued
 * and ends (later work is refused with ZK_EBUSY or ZK_EAUDIT), then the
 * chain heads are signed. g stays valid, so tickets can still be waited
 * for and freed, until svc_group_stop(). Returns 0 or the checkpoint's
 * error (with cause).
 */
int svc_group_drain(struct svc_group *g, char **cause);
/*
 * The log's open end (LOG-3): entries are signed under a checkpoint at
 * most ms milliseconds after they are written (0: the default, 1000).
 */
void svc_group_set_checkpoint_interval(struct svc_group *g, int ms);
/*
 * Makes svc log through g: its operations read in a snapshot and their log
 * entries are made durable by g before they return. svc also shares the
 * writer's care relations in memory. Returns 0 or ZK_ENOMEM.
 */
int svc_group_attach(struct service *svc, struct svc_group *g);
/*
 * Runs fn with the writer's service inside the writer's next batch; returns
 * what fn returned, or ZK_EAUDIT when the batch did not commit.
 */
int svc_group_exec(struct svc_group *g, int (*fn)(struct service *, void *),
		   void *arg);
/*
 * Asynchronous logging for the HTTP server. With svc_set_async(svc, 1) an
 * operation hands its log entries to the writer and returns at once,
 * leaving a ticket: its result must not be shown to anyone before the
 * ticket's batch has committed with rc 0.
 */
struct group_job;
void svc_set_async(struct service *svc, int on);
/* The ticket of the last operation, or NULL; the caller owns it. */
struct group_job *svc_take_ticket(struct service *svc);
/*
 * Returns 1 (and *rc) when the ticket's batch is already done; else
 * arranges for notify(arg, rc) to be called, from the writer thread, when
 * it is, and returns 0.
 */
int svc_ticket_watch(struct group_job *t, void (*notify)(void *arg, int rc),
		     void *arg, int *rc);
/* Waits for the ticket's batch; returns 0 or ZK_EAUDIT. */
int svc_ticket_wait(struct group_job *t);
void svc_ticket_free(struct group_job *t);

/* Test hook: svc_fault_inject() on the writer's connection. */
void svc_group_fault_inject(struct svc_group *g, const char *op, int nth);

/* Test hook: makes the nth call of a store operation fail (store.h). */
void svc_fault_inject(struct service *svc, const char *op, int nth);

/* --- demo data --------------------------------------------------------------
 */

struct svc_demo_login {
	char username[64];
	char role[48];
	char password[32];
	char totp_secret[64]; /* empty when the role needs no second factor */
};

/* The demo's organisations (SCOPE-3): svc_demo_load()'s which. */
#define SVC_DEMO_MAIN 0	      /* the organisation of the given profile */
#define SVC_DEMO_INITIATIVE 1 /* a parent initiative beside it */
#define SVC_DEMO_INITIATIVE_SLUG "klaverblad"
#define SVC_DEMO_INITIATIVE_NAME "Ouderinitiatief Het Klaverblad"

/*
 * Fills tenant with demo data: teams, staff in every role and care
 * relations. SVC_DEMO_MAIN adds about 50 clients with entries of every
 * category, employees and applicants; SVC_DEMO_INITIATIVE 8 clients of
 * its own, and logins named "klaver.ROLE" except "dpo", which the main
 * one has too. Writes up to max logins (one per role) into
 * logins.
 */
int svc_demo_load(struct service *svc, int64_t tenant, int which,
		  struct svc_demo_login *logins, int max, int *nlogins,
		  char **cause);

/* --- shielding (SHD-1) and restriction (RST-1), shield.c --------------------
 */

/*
 * SHD-1: what to shield, an entry or a whole category of a subject (one
 * of the two, the other NULL), and the granted shielding request it
 * carries out (NULL: the responsible professional's own decision).
 */
struct svc_shield_input {
	const char *subject_uid;
	const char *entry_uid;
	const char *category;
	const char *request_uid;
};

/*
 * SHD-1: shields an entry (with its corrections) or a category. Only the
 * professional responsible for the subject today, or, for a granted
 * shielding request of the subject, its assignee, a DPO or the system,
 * may. The new shield's uid goes to uid. ZK_EDENIED when a may not,
 * ZK_ENOTFOUND for an unknown subject, entry or request, ZK_EINVAL for
 * bad input, ZK_ECONFLICT when it is shielded already.
 */
int svc_shield_add(struct service *svc, const struct actor *a,
		   const struct svc_shield_input *in, char uid[ZK_UUID_LEN],
		   char **cause);
/* SHD-1: lifts a shield; only the responsible professional decides. */
int svc_shield_lift(struct service *svc, const struct actor *a,
		    const char *shield_uid, char **cause);
/*
 * The subject's shields, lifted ones too, as {"shields":[...]}, for the
 * responsible professional, a DPO or the system; *out is the caller's.
 */
int svc_shield_list(struct service *svc, const struct actor *a,
		    const char *subject_uid, json_t **out, char **cause);

/*
 * RST-1: restricts the processing of a subject's data on ground
 * ("accuracy_contested", "unlawful", "legal_claim" or
 * "objection_pending", GDPR art. 18(1)), for the granted restriction
 * request request_uid (its assignee, a DPO or the system) or by a DPO
 * (request_uid NULL). ZK_ECONFLICT when the subject is restricted
 * already.
 */
int svc_restriction_add(struct service *svc, const struct actor *a,
			const char *subject_uid, const char *ground,
			const char *request_uid, char uid[ZK_UUID_LEN],
			char **cause);
/*
 * GDPR art. 18(3): records that the subject was told, by channel
 * ("paper", "email", "portal" or "in_person"), that the restriction will
 * be lifted; ZK_ECONFLICT when told already or lifted.
 */
int svc_restriction_notice(struct service *svc, const struct actor *a,
			   const char *restriction_uid, const char *channel,
			   char **cause);
/* Lifts a restriction; ZK_ECONFLICT until the notice is recorded. */
int svc_restriction_lift(struct service *svc, const struct actor *a,
			 const char *restriction_uid, char **cause);
/*
 * The restriction restriction_uid as JSON (*out, the caller's), for its
 * handlers (as svc_restriction_add) and anyone with a care relation with
 * the subject today, who needs to know why they are refused.
 */
int svc_restriction_get(struct service *svc, const struct actor *a,
			const char *restriction_uid, json_t **out,
			char **cause);
/* Whether name is one of the four exceptions of RST-1. */
bool svc_restriction_exception_valid(const char *name);
/* --- the disclosure register (disclosures.c; DIS, OBJ-1, SEC-2, COR-3) --- */

struct disclosure_answer;

/* A third party data may be disclosed to (DIS-4, SEC-2). */
struct svc_recipient_input {
	const char *name;	     /* one line */
	const char *kind;	     /* specialist, care_provider, ... */
	const char *country;	     /* ISO 3166-1 alpha-2, capitals */
	bool certified;		     /* SEC-2: e.g. the US Data Privacy
					Framework; only where it counts */
	const char *confidentiality; /* DIS-4: profession, office, law,
					agreement */
};

/*
 * Adds a recipient, or lists them ({id, name, kind, country, certified,
 * confidentiality, created_at}). For the DPO and the roles with a
 * "disclose" grant in the scheme (and the system); anyone else is
 * refused (ZK_EDENIED), logged.
 */
int svc_recipient_add(struct service *svc, const struct actor *a,
		      const struct svc_recipient_input *in,
		      char uid[ZK_UUID_LEN], char **cause);
int svc_recipient_list(struct service *svc, const struct actor *a, json_t **out,
		       char **cause);

/* One disclosure of a subject's data to a recipient. */
struct svc_disclosure_input {
	const char *subject_uid;
	const char *recipient_uid;
	const char *const *categories; /* sent whole */
	int ncategories;
	const char *const *entries; /* entry ids of the subject */
	int nentries;
	const char *purpose; /* treatment, risk_assessment,
				contract_execution, research; NULL:
				unspecified */
	const char *consent; /* a consent id relied on, or NULL: any of the
				subject's that covers it */
	const char *legal_obligation; /* the statute, or NULL */
	const char *request;	      /* the request it answers, or NULL */
	bool non_identifiable;	      /* the data identifies no one */
};

/*
 * DIS-1 to DIS-5, OBJ-1, SEC-2: decides a disclosure by the scheme (the
 * "disclose" action on every category, ACC-1) and disclosure_decide(),
 * records it with its ground and what went, and logs it (one entry per
 * category, action E), in one transaction. Refused: ZK_EDENIED, logged
 * with the rule; *answer (may be NULL) is the decision. A consent named
 * that does not cover it is ZK_EINVAL; an unknown recipient, entry,
 * consent or request ZK_ENOTFOUND, both logged as refused.
 */
int svc_disclose(struct service *svc, const struct actor *a,
		 const struct svc_disclosure_input *in, char uid[ZK_UUID_LEN],
		 struct disclosure_answer *answer, char **cause);
/*
 * DIS-1: the register of a subject, oldest first: {id, recipient,
 * ground, consent, legal_obligation, exception, purpose, identifiable,
 * rule, disclosed_on, disclosed_at, disclosed_by, request, items:
 * [{category, entry}]}. Read as the identity is, and logged.
 */
int svc_disclosure_list(struct service *svc, const struct actor *a,
			const char *subject_uid, json_t **out, char **cause);

/*
 * COR-3, in the caller's open write transaction: opens one pending
 * notice per recipient who received, before now, any of the entries
 * (entry row ids; n == 0: any data of the subject), or their categories
 * as a whole; *opened says how many. change is rectification,
 * completion, erasure or shielding. With a request, one notice per
 * recipient for it; without (request_id 0, n > 0), one per recipient
 * per entry. A recipient told of the same change already is not told
 * twice. Logs nothing: the caller's act is logged. ZK_EINVAL for a bad
 * change, or neither a request nor entries.
 */
int svc_notices_open(struct service *svc, int64_t tenant, int64_t subject_id,
		     const char *change, int64_t request_id,
		     const int64_t *entry_ids, int n, int *opened);
/*
 * COR-3: records a pending notice's outcome: "sent" with its channel
 * (post, email, secure_mail, phone, in_person, portal; the day is
 * today), or "impossible" or "disproportionate" with a reason (required;
 * sealed with the subject's key). For the DPO or who may disclose the
 * subject's identity; logged. A notice recorded already is
 * ZK_ECONFLICT.
 */
int svc_notice_record(struct service *svc, const struct actor *a,
		      const char *notice_uid, const char *outcome,
		      const char *channel, const char *reason, char **cause);
/* COR-3: a subject's notices, oldest first, read as the identity is. */
int svc_recipient_notice_list(struct service *svc, const struct actor *a,
			      const char *subject_uid, json_t **out,
			      char **cause);
/* --- erasure (ERA-1 to ERA-5, erasure.c) -------------------------------- */

struct svc_erase_input {
	const char *subject_uid;
	const char *const *entry_uids; /* NULL with nentries 0: the whole
					  subject */
	int nentries;
	/* ERA-1: no_longer_needed, consent_withdrawn, objection_upheld,
	 * unlawful, legal_obligation, information_society */
	const char *ground;
	const char *request_uid; /* the request carried out, or NULL */
	/* RET-4: the rule of the retention sweep's destruction ("RET-1",
	 * "RET-2"), for the system actor only; NULL for an erasure. */
	const char *retention_rule;
};

/*
 * ERA-5: erases a whole subject (nentries 0) or some of their entries (and
 * the entries correcting them). Allowed to an actor the scheme grants
 * destroy on every category erased, or, with request_uid, to the handler
 * (assignee) of that erasure request, decided granted or partly, or the
 * system. The database part is one transaction with its log entry; then
 * the subject's key (whole) or its former generation (some entries,
 * after everything else was sealed again under a new key) is destroyed
 * in the key store. *record is the content-free destruction record
 * (the caller's): {"id","client","scope","categories","entries",
 * "ground","rule","request","destroyed_at","destroyed_by",
 * "key_generation"}. ZK_ENOTFOUND for an unknown or already erased
 * client or entry, ZK_EDENIED when refused (logged).
 */
int svc_erase(struct service *svc, const struct actor *a,
	      const struct svc_erase_input *in, json_t **record, char **cause);

struct svc_reconcile {
	int moved;     /* keys moved from the database into the key store */
	int destroyed; /* keys destroyed that the database says are gone */
	int marked;    /* subjects marked erased after a tombstone */
};
/*
 * ERA-5: makes the database and the key store agree; run at every start
 * that may write (svc_open) and by restore. Moves keys still in the
 * database (before 025) into the key store, then clears them; destroys
 * keys of erased subjects and former generations still there; marks
 * erased (and empties) a subject whose key has a tombstone. A subject
 * that is not erased and has no key is an error naming them. res may be
 * NULL.
 */
int svc_keystore_reconcile(struct service *svc, struct svc_reconcile *res,
			   char **cause);

/* --- backup and restore (ERA-5, LOG-3, backup.c) ----------------------- */

struct svc_backup_result {
	struct store_copy_result copy;
};
/*
 * Backs db up into the new SQLite file out (0600; an existing file is
 * refused) in one snapshot, while it is served. The file holds no subject
 * key (docs/keys.md).
 */
int svc_backup(const char *db, const char *keys, const char *out,
	       struct svc_backup_result *res, char **cause);

struct svc_restore_result {
	struct store_copy_result copy;
	int tenants;		   /* each got an "audit.restore" entry */
	struct svc_reconcile keys; /* keys.marked: erased since the backup */
};
/*
 * Restores the backup file from as the new database db (a SQLite path or
 * a PostgreSQL conninfo naming an empty database) beside the key
 * directory keys (NULL: the default of db). Refused when the keys are not
 * the backup's (check values) or db already holds a database. Records the
 * restore in each organisation's log and moves the witness (LOG-3);
 * subjects erased since are marked erased (ERA-5).
 */
int svc_restore(const char *from, const char *db, const char *keys,
		struct svc_restore_result *res, char **cause);

/*
 * LOG-3: each restore the log records: the organisation, the entry, its
 * time, and the entries of the former chain it names (witness_seq, the
 * head the witness had, and backup_seq, the backup's head: the entries
 * after backup_seq up to witness_seq are not in this database).
 */
int svc_restores(struct service *svc,
		 int (*cb)(void *arg, int64_t tenant, int64_t seq,
			   const char *at, int64_t witness_seq,
			   int64_t backup_seq),
		 void *arg);

/* --- the client portal (portal.c) ---------------------------------------- */

/* What a portal invitation asks (POST /clients/{id}/portal-invitations). */
struct svc_portal_invite {
	const char *client;	    /* the client's id */
	const char *username;	    /* the portal account's user name */
	const char *as;		    /* "subject" or "representative" */
	const char *representative; /* for "representative": its row's id */
};

struct svc_portal_invited {
	char uid[ZK_UUID_LEN]; /* the account */
	char username[64];
	bool linked;		      /* an existing account got the link */
	char token[48];		      /* the invitation, or "" when linked */
	char expires_at[ZK_TIME_LEN]; /* when the invitation ends */
};

/*
 * INZ-6, REP-6, SEC-3: invites the client, or one of the client's current
 * representatives, to the portal: a new account of role subject or
 * representative, linked to the client (and representative), with an
 * invitation (SVC_INVITATION_HOURS) and no approval step (ACC-3 does not
 * apply: the account sees only its own client's record). An existing
 * representative account gets the link only (out->linked). Who may invite:
 * whoever the door lets correct the client's identity, and the DPO.
 * ZK_EINVAL for bad input or an account of another kind (a staff account
 * never gets a portal role), ZK_ECONFLICT for a link that exists or a
 * client who cannot act for themselves (REP-1), ZK_EDENIED (logged).
 */
int svc_portal_invite(struct service *svc, const struct actor *a,
		      const struct svc_portal_invite *in,
		      struct svc_portal_invited *out, char **cause);

/*
 * INZ-6, REP-6: the clients portal account a may act for today, as a new
 * JSON array of {id, kind, identity, acting_as ("self" or
 * "representative"), representative (its id, or null)}; each shown is
 * logged. An ended representation, or one REP-1 to REP-3 do not let act
 * today, is not listed.
 */
int svc_portal_clients(struct service *svc, const struct actor *a, json_t **out,
		       char **cause);

/*
 * BRE-1 to BRE-3, FG-1: the breach register (breaches.c). Any member of
 * staff reports ({"aware_at", "categories", "people_approx",
 * "records_approx", "facts", "cause", "consequences", "measures"}); the
 * DPO lists, reads, changes, assesses ({"risk", "reasons", "encrypted",
 * "risk_removed", "disproportionate"}), records AP notices ({"sent_at",
 * "reference", "text"}) and the subjects told ({"who", "people", "how",
 * "notified_at"}), and gets the texts (which "ap" or "subject", lang
 * "nl" or "en"; *text is the caller's). Each answer holds the clock.
 */
int svc_breach_report(struct service *svc, const struct actor *a, json_t *in,
		      json_t **out, char **cause);
int svc_breach_list(struct service *svc, const struct actor *a, json_t **out,
		    char **cause);
int svc_breach_show(struct service *svc, const struct actor *a, const char *uid,
		    json_t **out, char **cause);
int svc_breach_update(struct service *svc, const struct actor *a,
		      const char *uid, json_t *in, json_t **out, char **cause);
int svc_breach_assess(struct service *svc, const struct actor *a,
		      const char *uid, json_t *in, json_t **out, char **cause);
int svc_breach_ap_notice(struct service *svc, const struct actor *a,
			 const char *uid, json_t *in, json_t **out,
			 char **cause);
int svc_breach_notified(struct service *svc, const struct actor *a,
			const char *uid, json_t *in, json_t **out,
			char **cause);
int svc_breach_text(struct service *svc, const struct actor *a, const char *uid,
		    const char *which, const char *lang, char **text,
		    char **cause);

#endif
