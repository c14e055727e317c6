/*
 * store.h: the one interface to persistent storage. Everything above the
 * store (audit, service, CLI, HTTP) goes through these functions and does
 * not know which database is underneath; sqlite.c implements them today,
 * and a PostgreSQL backend implements the same table of operations
 * (store_int.h).
 *
 * Tenancy (SCOPE-3): every function that touches tenant data takes the
 * tenant id as its second argument, and the backend filters every query on
 * it. An id of another tenant is simply not found.
 *
 * Personal data: the functions named store_subject_*, store_entry_*,
 * store_relation_*, store_break_glass_*, store_representative_*,
 * store_capacity_*, store_consent_*, store_objection_* and
 * store_information_* read or write personal data.
 * Only src/service may call them (DESIGN invariant 1); the one-door check
 * in make check enforces that.
 *
 * Memory: output structs are filled in by the store; those holding a
 * struct zk_buf must be released with the matching _release function.
 * Strings in callbacks are valid only during the callback.
 */
#ifndef ZK_STORE_H
#define ZK_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/zk.h"

struct store;

#define STORE_CREATE 0x01u   /* create the database if missing */
#define STORE_READONLY 0x02u /* open for reading only */

/*
 * Opens the store at path (for SQLite a file name). Applies pending
 * migrations unless read-only. A missing file without STORE_CREATE, a file
 * that is not a zorgkluis database, or a database newer than this program
 * are errors with a one-line *cause.
 */
int store_open(const char *path, unsigned flags, struct store **out,
	       char **cause);
void store_close(struct store *s);

/* The schema version of the open database. */
int store_schema_version(struct store *s);

/*
 * Transactions. store_begin() starts a write transaction (the writer lock
 * is taken at once); store_begin_read() a read-only snapshot. Every write
 * happens inside one; store_commit() makes it durable.
 */
int store_begin(struct store *s);
int store_begin_read(struct store *s);
int store_commit(struct store *s);
void store_rollback(struct store *s);

/*
 * Group commit: store_batch_begin() opens one write transaction for many
 * operations. Inside it, store_begin(), store_begin_read(),
 * store_commit() and store_rollback() work on savepoints, so that one
 * operation can fail alone; store_batch_commit() makes the whole batch
 * durable with a single sync.
 */
int store_batch_begin(struct store *s);
int store_batch_commit(struct store *s);
void store_batch_rollback(struct store *s);

/*
 * Fault injection for tests: the nth call (1-based) from now of the named
 * operation fails with ZK_EIO; nth 0 clears it. Operations are named after
 * their function without "store_", e.g. "audit_insert".
 */
void store_fault_inject(struct store *s, const char *op, int nth);

/* --- tenants, profiles, teams ---------------------------------------- */

struct store_tenant {
	int64_t id;
	char slug[64];
	char name[160];
};

int store_tenant_create(struct store *s, const char *slug, const char *name,
			int64_t *id);
int store_tenant_get(struct store *s, const char *slug,
		     struct store_tenant *out);
/* When tenant was created (ISO 8601 UTC); ZK_ENOTFOUND when none. */
int store_tenant_created(struct store *s, int64_t tenant,
			 char created_at[ZK_TIME_LEN]);
int store_tenant_list(struct store *s,
		      int (*cb)(void *arg, const struct store_tenant *t),
		      void *arg);

/* Stores a profile version (REG-1). */
int store_profile_put(struct store *s, int64_t tenant, const char *profile_id,
		      const char *version, const char *published_on,
		      const char *effective_on, const char *body);
/*
 * Gets the profile body in force on day (YYYY-MM-DD): the latest version
 * whose effective date is on or before it. *body is the caller's.
 */
int store_profile_current(struct store *s, int64_t tenant, const char *day,
			  char **body);

/* 0 when tenant has a profile of this version installed, ZK_ENOTFOUND if not.
 */
int store_profile_exists(struct store *s, int64_t tenant, const char *version);

int store_location_create(struct store *s, int64_t tenant, const char *name,
			  const char *address, int64_t *id);
int store_team_create(struct store *s, int64_t tenant, int64_t location,
		      const char *name, int64_t *id);
int store_team_find(struct store *s, int64_t tenant, const char *name,
		    int64_t *id);

/* --- staff users ------------------------------------------------------ */

#define STORE_MAX_ROLES 8

struct store_user {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char username[64];
	char display_name[128];
	char password_hash[160];
	char confidentiality[16];
	int64_t team_id; /* 0: none */
	char team[96];
	char created_at[ZK_TIME_LEN];
	int disabled;
	int nroles;
	char roles[STORE_MAX_ROLES][48];
	unsigned char totp[96]; /* sealed TOTP secret */
	size_t totp_len;	/* 0: none */
	char totp_confirmed_at[ZK_TIME_LEN];
	int password_change;   /* an administrator chose the password */
	int awaiting_approval; /* ACC-3: created, not yet approved */
};

int store_user_create(struct store *s, int64_t tenant,
		      const struct store_user *u, int64_t *id);
int store_user_get(struct store *s, int64_t tenant, const char *username,
		   struct store_user *out);
int store_user_get_uid(struct store *s, int64_t tenant, const char *uid,
		       struct store_user *out);
int store_user_list(struct store *s, int64_t tenant,
		    int (*cb)(void *arg, const struct store_user *u),
		    void *arg);
int store_user_disable(struct store *s, int64_t tenant, const char *username,
		       const char *when);
/*
 * Replaces an active user's password hash old_hash by new_hash and clears
 * password_change; ZK_ECONFLICT when the hash is no longer old_hash (it
 * changed meanwhile) or the user was disabled.
 */
int store_user_set_password(struct store *s, int64_t tenant, int64_t id,
			    const char *old_hash, const char *new_hash);
/*
 * Sets a user's sealed TOTP secret (len 0 clears it) and the time it was
 * confirmed (NULL or "": not yet).
 */
int store_user_set_totp(struct store *s, int64_t tenant, int64_t id,
			const unsigned char *sealed, size_t len,
			const char *confirmed_at);
/* Marks TOTP time step as used by the user: ZK_ECONFLICT when it, or a
 * later one, already was (SEC-3: a code counts once). */
int store_user_totp_step(struct store *s, int64_t tenant, int64_t id,
			 int64_t step);

/* --- account approvals and invitations (ACC-3, SEC-3) ------------------- */

/* Sets a user's roles to the n in roles, replacing the ones it had. */
int store_user_set_roles(struct store *s, int64_t tenant, int64_t id,
			 const char (*roles)[48], int n);
/*
 * Withdraws the user's pending request of kind (as decided at when), if
 * any: a later decision by an administrator superseded it.
 */
int store_request_withdraw(struct store *s, int64_t tenant, int64_t user,
			   const char *kind, const char *when);
/* Marks a user approved (awaiting_approval 0). */
int store_user_approve(struct store *s, int64_t tenant, int64_t id);
/*
 * Sets (hash) or clears (NULL) a user's password and clears
 * password_change; setting needs an active, approved account
 * (ZK_ECONFLICT otherwise).
 */
int store_user_put_password(struct store *s, int64_t tenant, int64_t id,
			    const char *hash);
/* Enables a disabled user: ZK_ENOTFOUND when none is disabled by that name. */
int store_user_enable(struct store *s, int64_t tenant, const char *username);
/*
 * SCOPE-3: calls cb with the id of each organisation that has an account
 * named username (disabled ones too), in id order; a non-zero return of cb
 * stops and is returned. Spans organisations (DB_ALL_TENANTS).
 */
int store_user_tenants(struct store *s, const char *username,
		       int (*cb)(void *arg, int64_t tenant), void *arg);

/* A request for a second person's approval. */
struct store_request {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t user_id;
	char username[64];     /* filled in when read */
	int64_t team_id;       /* the account's team, when read; 0: none */
	char kind[8];	       /* account, roles, reset */
	char roles[400];       /* the roles asked for, "a,b,c" */
	char requested_by[48]; /* a user uid, or system:... */
	char requested_at[ZK_TIME_LEN];
	char status[12]; /* pending, approved, rejected, withdrawn */
	char decided_by[48];
	char decided_at[ZK_TIME_LEN];
};

/*
 * Stores a pending request; a pending one of the same kind for the same
 * account is withdrawn first (at r->requested_at).
 */
int store_request_create(struct store *s, int64_t tenant,
			 const struct store_request *r, int64_t *id);
int store_request_get(struct store *s, int64_t tenant, const char *uid,
		      struct store_request *out);
/* The requests of tenant, newest first; only the pending ones if pending. */
int store_request_list(struct store *s, int64_t tenant, int pending,
		       int (*cb)(void *arg, const struct store_request *r),
		       void *arg);
/* Decides a pending request: ZK_ECONFLICT when it is no longer pending. */
int store_request_decide(struct store *s, int64_t tenant, int64_t id,
			 const char *status, const char *by, const char *when);

/* A one-time invitation, found by the hash of its token. */
struct store_invitation {
	int64_t id;
	int64_t user_id;
	char username[64];
	int64_t expires_at; /* seconds since 1970 */
	int used;
};

/*
 * Stores an invitation for user; the user's earlier unused ones end
 * (used_at = created_at).
 */
int store_invitation_create(struct store *s, int64_t tenant, int64_t user,
			    const unsigned char *hash, const char *by,
			    const char *created_at, int64_t expires_at);
int store_invitation_get(struct store *s, int64_t tenant,
			 const unsigned char *hash,
			 struct store_invitation *out);
/*
 * SCOPE-3: the organisation of the invitation whose token hashes to hash;
 * ZK_ENOTFOUND when there is none. Spans organisations (DB_ALL_TENANTS).
 */
int store_invitation_tenant(struct store *s, const unsigned char *hash,
			    int64_t *tenant);
/* Marks an invitation used: ZK_ECONFLICT when it already was. */
int store_invitation_use(struct store *s, int64_t tenant, int64_t id,
			 const char *when);
/* Ends every unused invitation of user. */
int store_invitation_revoke(struct store *s, int64_t tenant, int64_t user,
			    const char *when);

/* --- subjects (personal data) ------------------------------------------ */

struct store_subject {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char kind[16];
	int64_t team_id;
	/* Only a database from before 025 holds the wrapped key; the start
	 * moves it into the key store (crypto/keystore.h). */
	unsigned char wrapped_key[96];
	size_t wrapped_len;
	struct zk_buf identity; /* sealed */
	char created_at[ZK_TIME_LEN];
	char updated_at[ZK_TIME_LEN];
	int key_gen;			    /* the key store's generation */
	char key_destroyed_at[ZK_TIME_LEN]; /* "" unless erased (ERA-5) */
};

void store_subject_release(struct store_subject *x);
int store_subject_create(struct store *s, int64_t tenant,
			 const struct store_subject *x, int64_t *id);
int store_subject_get(struct store *s, int64_t tenant, const char *uid,
		      struct store_subject *out);
/* The uid of the subject with row id. */
int store_subject_uid(struct store *s, int64_t tenant, int64_t id,
		      char uid[ZK_UUID_LEN]);
/*
 * Replaces a subject's sealed identity; the version it replaces is kept in
 * subject_identity_version with the time and who replaced it.
 */
int store_subject_set_identity(struct store *s, int64_t tenant, int64_t id,
			       const struct zk_buf *identity,
			       const char *updated_at, const char *by);
/* Lists subjects of kind (NULL: all) in id order, after id after_id;
 * erased subjects are left out (ERA-5). */
int store_subject_list(struct store *s, int64_t tenant, const char *kind,
		       int64_t after_id, int limit,
		       int (*cb)(void *arg, const struct store_subject *x),
		       void *arg);

/* --- sessions and login throttling (SEC-3) ----------------------------- */

#define STORE_HASH_LEN 32

/* A login session, found by the hash of its token. Times in seconds. */
struct store_session {
	unsigned char hash[STORE_HASH_LEN];
	int64_t tenant;
	char username[64];
	int bearer;
	int two_factor_required;
	int two_factor_ok;
	int64_t created;
	int64_t last_seen;
	int64_t idle;
	int64_t expires;
};

/* ZK_ENOTFOUND when the user is not (or no longer) active. */
int store_session_create(struct store *s, const struct store_session *x);
/* ZK_ENOTFOUND when there is no session with that hash. */
int store_session_get(struct store *s, const unsigned char *hash,
		      struct store_session *out);
/* Sets last_seen (never back); marks the second factor done (upgrade). */
int store_session_seen(struct store *s, const unsigned char *hash, int64_t now);
int store_session_upgrade(struct store *s, const unsigned char *hash);
int store_session_delete(struct store *s, const unsigned char *hash);
int store_session_delete_user(struct store *s, int64_t tenant,
			      const char *username);
/*
 * Removes the sessions that timed out by now, and the throttle rows whose
 * last attempt and wait both ended more than forget seconds ago.
 */
int store_session_purge(struct store *s, int64_t now, int64_t forget);

struct store_throttle {
	unsigned char hash[STORE_HASH_LEN];
	int failures;
	int64_t last;
	int64_t until;
};

/* ZK_ENOTFOUND when the key has no failures on record. */
int store_throttle_get(struct store *s, const unsigned char *hash,
		       struct store_throttle *out);
int store_throttle_put(struct store *s, const struct store_throttle *t);
int store_throttle_delete(struct store *s, const unsigned char *hash);

/* --- care relations (personal data) ------------------------------------ */

struct store_relation {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t user_id;
	char username[64]; /* filled in by store_relation_list */
	int64_t subject_id;
	char relation[16];
	char valid_from[ZK_DATE_LEN];
	char valid_until[ZK_DATE_LEN]; /* empty: open-ended */
};

int store_relation_create(struct store *s, int64_t tenant,
			  const struct store_relation *r, int64_t *id);
/*
 * Sets *mask to the relation kinds (bit 1 << enum zk_relation) between
 * user and subject in force on day (days since 1970-01-01).
 */
/*
 * ZK_ECONFLICT when user already has a relation of this kind with subject
 * on some day from valid_from to valid_until (NULL: open-ended), else 0.
 */
int store_relation_overlaps(struct store *s, int64_t tenant, int64_t user,
			    int64_t subject, const char *relation,
			    const char *valid_from, const char *valid_until);
int store_relation_active(struct store *s, int64_t tenant, int64_t user,
			  int64_t subject, int32_t day, unsigned *mask);
/*
 * Lets store_relation_active() answer from care relations held in memory
 * (relindex.h) instead of a statement: a new index when with is NULL,
 * otherwise the one of with, so that the connections of one server share
 * it. The index stays coherent with the table, also across processes,
 * through the tenant's relation epoch. For long-lived processes only: the
 * first question loads all of a tenant's relations.
 */
int store_relation_index(struct store *s, struct store *with);
/*
 * On SQLite, a question answers from the index without a statement while
 * the counter of relation changes shared by the processes on the file
 * (<db>-zkepoch, store_epoch.h) shows none since the index was last
 * compared with the table, and that comparison is at most ms old
 * (default 1000; 0: compare in every transaction). Changes by zorgkluis
 * in any process are seen by the next question; the bound is how long a
 * change made by another program (SQL on the file) can go unseen. On
 * PostgreSQL every transaction compares (a round trip). No-op without an
 * index.
 */
void store_relation_bound(struct store *s, int ms);
/*
 * Loads every tenant's relations into the index now, so that the first
 * question does not wait for it (a no-op without an index). A tenant that
 * cannot be loaded is loaded when first asked about.
 */
int store_relation_preload(struct store *s);
int store_relation_list(struct store *s, int64_t tenant, int64_t subject,
			int (*cb)(void *arg, const struct store_relation *r),
			void *arg);

/* --- record entries (personal data) ------------------------------------ */

struct store_entry {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char subject_uid[ZK_UUID_LEN];
	char category[16];
	int64_t author_id;
	char author_uid[ZK_UUID_LEN];
	char purpose[48];
	char legal_basis[24];
	struct zk_buf content; /* sealed */
	char created_at[ZK_TIME_LEN];
	int64_t corrects_id;
	char corrects_uid[ZK_UUID_LEN];
	char status[12];
	/* LOG-3: the MAC binding the fields above (migration 019); len 0
	 * when the row has none. */
	unsigned char meta_mac[32];
	int meta_mac_len;
};

void store_entry_release(struct store_entry *e);
int store_entry_create(struct store *s, int64_t tenant,
		       const struct store_entry *e, int64_t *id);
int store_entry_get(struct store *s, int64_t tenant, const char *uid,
		    struct store_entry *out);
/* Lists a subject's entries, of category (NULL: all), oldest first. */
int store_entry_list(struct store *s, int64_t tenant, int64_t subject,
		     const char *category,
		     int (*cb)(void *arg, const struct store_entry *e),
		     void *arg);
int store_entry_mark_corrected(struct store *s, int64_t tenant, int64_t id);
/*
 * COR-2: the sealed reason of the correction entry (row id entry): put
 * stores it, get copies it into out (initialised by the caller);
 * ZK_ENOTFOUND when the correction gave none.
 */
int store_entry_reason_put(struct store *s, int64_t tenant, int64_t entry,
			   const unsigned char *reason, size_t len);
int store_entry_reason_get(struct store *s, int64_t tenant, int64_t entry,
			   struct zk_buf *out);
/* COR-2: the uid of the entry that corrects entry; ZK_ENOTFOUND if none. */
int store_entry_corrected_by(struct store *s, int64_t tenant, int64_t entry,
			     char uid[ZK_UUID_LEN]);
/* LOG-3: writes the MAC that binds entry uid's metadata. */
int store_entry_set_mac(struct store *s, int64_t tenant, const char *uid,
			const unsigned char mac[32]);
/* Calls cb for each entry of tenant that has no MAC yet, oldest first. */
int store_entry_unbound(struct store *s, int64_t tenant,
			int (*cb)(void *arg, const struct store_entry *e),
			void *arg);

/* --- key check values (SEC-1) ------------------------------------------ */

/*
 * The check value stored for the key named name ("master.key", ...) into
 * out. ZK_ENOTFOUND when there is none, also in a database from before
 * migration 019 opened read-only.
 */
int store_key_check_get(struct store *s, const char *name,
			unsigned char out[32]);
/* Stores the check value of name; ZK_EEXIST when it has one. */
int store_key_check_put(struct store *s, const char *name,
			const unsigned char value[32]);
/* The number of check values stored (0 in an older database). */
int store_key_check_count(struct store *s, int *n);
/* Whether any tenant's log holds an entry of event (1) or not (0). */
int store_audit_event_exists(struct store *s, const char *event, int *found);

/* --- break the glass (personal data) ----------------------------------- */

struct store_break_glass {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t user_id;
	int64_t subject_id;
	struct zk_buf reason; /* sealed */
	char granted_at[ZK_TIME_LEN];
	char expires_at[ZK_TIME_LEN];
};

int store_break_glass_create(struct store *s, int64_t tenant,
			     const struct store_break_glass *b, int64_t *id);
/*
 * Finds the newest grant for user on subject that has not expired at now
 * and fills out (uid, sealed reason, times); ZK_ENOTFOUND when none.
 */
int store_break_glass_active(struct store *s, int64_t tenant, int64_t user,
			     int64_t subject, const char *now,
			     struct store_break_glass *out);

/* --- representatives, capacity, consent (personal data) ------------------ */

struct store_representative {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char kind[32];
	struct zk_buf name; /* sealed */
	int declines;
	int absent;
	int legal_consent; /* the curator or mentor consented (W§4.1) */
	char created_at[ZK_TIME_LEN];
};

void store_representative_release(struct store_representative *r);
int store_representative_create(struct store *s, int64_t tenant,
				const struct store_representative *r,
				int64_t *id);
/* The subject's current representatives, oldest first. */
int store_representative_list(struct store *s, int64_t tenant, int64_t subject,
			      int (*cb)(void *arg,
					const struct store_representative *r),
			      void *arg);

struct store_capacity {
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	int able;
	char assessed_on[ZK_DATE_LEN];
	char assessed_by[48];
	/* The matter assessed, sealed with the subject's key: it may name a
	 * treatment (REP-4). store_capacity_list points it at the stored
	 * value, valid during the callback. */
	const unsigned char *matter;
	size_t matter_len;
	/* REP-4 (028): the matter's scope, "general", "privacy" or
	 * "treatment", and the day it lapses ("": it does not). Read only. */
	char scope[16];
	char lapses_on[ZK_DATE_LEN];
};

int store_capacity_create(struct store *s, int64_t tenant,
			  const struct store_capacity *c);
/* The subject's assessments, the newest (latest day, then last recorded)
 * first. */
int store_capacity_list(struct store *s, int64_t tenant, int64_t subject,
			int (*cb)(void *arg, const struct store_capacity *c),
			void *arg);

struct store_consent {
	int64_t id;
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	int64_t representative_id; /* 0: the subject gave it */
	char representative_uid[ZK_UUID_LEN];
	char representative_basis[64];
	char form[16];
	char evidence[200];
	int explicit_consent;
	char purpose[48];
	char categories[200]; /* comma separated */
	char recipient_kind[32];
	char recipient[120]; /* a named recipient, or "" */
	char valid_from[ZK_DATE_LEN];
	char valid_until[ZK_DATE_LEN];
	char given_at[ZK_TIME_LEN];
	char recorded_by[48];
	char withdrawn_at[ZK_TIME_LEN];
	char withdrawn_by[ZK_UUID_LEN]; /* "subject" or a representative */
	char withdrawn_basis[64];	/* REP-6 */
};

int store_consent_create(struct store *s, int64_t tenant,
			 const struct store_consent *c);
int store_consent_get(struct store *s, int64_t tenant, const char *uid,
		      struct store_consent *out);
int store_consent_list(struct store *s, int64_t tenant, int64_t subject,
		       int (*cb)(void *arg, const struct store_consent *c),
		       void *arg);
int store_consent_withdraw(struct store *s, int64_t tenant, const char *uid,
			   const char *when, const char *by, const char *basis);
/*
 * CON-4: the newest consent of subject for purpose that covers category,
 * is in force on day and not withdrawn, explicit when need_explicit.
 * Writes its uid; ZK_ENOTFOUND when there is none.
 */
int store_consent_active(struct store *s, int64_t tenant, int64_t subject,
			 const char *purpose, const char *category,
			 const char *day, int need_explicit,
			 char uid[ZK_UUID_LEN]);

/* OBJ-1: an objection to a purpose or to a kind of recipient. */
struct store_objection {
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char purpose[48];	 /* "" when it is about a recipient kind */
	char recipient_kind[32]; /* "" when it is about a purpose */
	int64_t representative_id;
	char representative_basis[64]; /* REP-6 */
	char registered_at[ZK_TIME_LEN];
	char registered_by[48];
	/* Filled in by store_objection_list: */
	char representative_uid[ZK_UUID_LEN]; /* "" when the subject */
	char lifted_at[ZK_TIME_LEN];	      /* "" while in force */
};

int store_objection_create(struct store *s, int64_t tenant,
			   const struct store_objection *o);
/*
 * The objection in force of subject to purpose (or, when purpose is NULL,
 * to recipient_kind); writes its uid, ZK_ENOTFOUND when there is none.
 */
int store_objection_active(struct store *s, int64_t tenant, int64_t subject,
			   const char *purpose, const char *recipient_kind,
			   char uid[ZK_UUID_LEN]);
/* The subject's objections, oldest first, lifted ones included. */
int store_objection_list(struct store *s, int64_t tenant, int64_t subject,
			 int (*cb)(void *arg, const struct store_objection *o),
			 void *arg);

/* INF-1: a version of the privacy notice (not personal data). */
struct store_notice {
	int64_t id;
	char version[32];
	char published_on[ZK_DATE_LEN];
	char summary[400];
};

int store_notice_create(struct store *s, int64_t tenant,
			const struct store_notice *n);
int store_notice_list(struct store *s, int64_t tenant,
		      int (*cb)(void *arg, const struct store_notice *n),
		      void *arg);
int store_notice_get(struct store *s, int64_t tenant, const char *version,
		     struct store_notice *out);

/* INF-1, INF-2: a subject informed of a notice (personal data). */
struct store_information {
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	int64_t notice_id;
	char informed_on[ZK_DATE_LEN];
	char how[16];
	char source[16];
	char recorded_by[48];
	/* Filled in by store_information_list: */
	char version[32];
	char created_at[ZK_TIME_LEN];
};

int store_information_create(struct store *s, int64_t tenant,
			     const struct store_information *i);
/* The subject's information records, oldest first. */
int store_information_list(struct store *s, int64_t tenant, int64_t subject,
			   int (*cb)(void *arg,
				     const struct store_information *i),
			   void *arg);

/* INF-2: informing a subject is exempt (W§8.5-8.6). */
struct store_information_exemption {
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char ground[24];
	/* The reason may describe the subject's condition: sealed with the
	 * subject's key, never read back in the clear by the store. */
	const unsigned char *reason;
	size_t reason_len;
	char recorded_by[48];
	char created_at[ZK_TIME_LEN]; /* filled in by the list */
};

int
store_information_exemption_create(struct store *s, int64_t tenant,
				   const struct store_information_exemption *e);
/*
 * The subject's exemptions from informing (INF-2), oldest first; reason
 * points at the sealed value, valid during the callback.
 */
int store_information_exemption_list(
    struct store *s, int64_t tenant, int64_t subject,
    int (*cb)(void *arg, const struct store_information_exemption *e),
    void *arg);
/*
 * INF-2: where a subject's data was obtained from, when another
 * controller sent it (sealed by the service), and when.
 */
int store_information_origin_set(struct store *s, int64_t tenant,
				 int64_t subject, const struct zk_buf *source,
				 const char *at);
int store_information_origin_get(struct store *s, int64_t tenant,
				 int64_t subject, struct zk_buf *source,
				 char at[ZK_TIME_LEN]);
/*
 * INF-3: subjects of kind never informed (status 0) or informed only of
 * notices older than the newest one (status 1), or exempt from informing
 * (status 2, INF-2), in id order.
 */
int store_information_missing(
    struct store *s, int64_t tenant, const char *kind,
    int (*cb)(void *arg, const struct store_subject *x, int status), void *arg);

/* --- the audit log ------------------------------------------------------ */

/*
 * One audit log row. Text fields that may be absent are NULL. In callbacks
 * all pointers are valid only during the callback.
 */
struct store_audit_row {
	int64_t id;
	int64_t tenant;
	int64_t seq;
	const char *ts;
	const char *event;
	const char *action;
	const char *outcome;
	const char *checks;
	const char *reason;
	const char *rule;
	const char *user_uid;
	const char *user_role;
	const char *role_code; /* NULL in entries from before migration 015 */
	const char *on_behalf_of;
	const char *access_point;
	const char *subject_uid;
	const char *object_type;
	const char *object_uid;
	const char *category;
	const char *purpose;
	const char *protocol;
	const char *consent_ref;
	const char *break_glass_ref;
	const char *source;
	const unsigned char *prev_hash;
	size_t prev_hash_len;
	const unsigned char *hash;
	size_t hash_len;
	/* 0 when a text column holds more than its C string shows (a NUL
	 * byte inside): the MAC covers the string, so such a row was
	 * changed after it was written (LOG-3). */
	int whole;
};

/* The chain head of tenant: *seq 0 and hash all zero for an empty chain. */
int store_audit_head(struct store *s, int64_t tenant, int64_t *seq,
		     unsigned char hash[32]);
/* The id the next audit row will get (ids are global and increasing). */
int store_audit_next_id(struct store *s, int64_t *id);
/* ZK_ECORRUPT when the row was not written (a trigger swallowed it). */
int store_audit_insert(struct store *s, const struct store_audit_row *r);
/*
 * LOG-3: ZK_ECORRUPT, with what (size n) saying why, when a trigger on the
 * log's tables or a view could change what is logged or read, or (with
 * indexes, which reads every tenant's log) when the log's tables and their
 * indexes no longer hold the same rows.
 */
int store_audit_schema_check(struct store *s, int indexes, char *what,
			     size_t n);
/* Tenants that have audit rows, in id order. */
int store_audit_tenants(struct store *s, int (*cb)(void *arg, int64_t tenant),
			void *arg);
/* The rows of a tenant's chain in seq order, then id order. */
int store_audit_scan(struct store *s, int64_t tenant,
		     int (*cb)(void *arg, const struct store_audit_row *r),
		     void *arg);
/* The rows about one subject, in seq order (LOG-2). */
int store_audit_subject(struct store *s, int64_t tenant,
			const char *subject_uid,
			int (*cb)(void *arg, const struct store_audit_row *r),
			void *arg);
/* Audit row at (tenant, seq): ZK_ENOTFOUND when absent. */
int store_audit_hash_at(struct store *s, int64_t tenant, int64_t seq,
			unsigned char hash[32]);

struct store_checkpoint {
	int64_t id;
	int64_t tenant;
	int64_t seq;
	unsigned char hash[32];
	char signed_at[ZK_TIME_LEN];
	unsigned char public_key[32];
	unsigned char signature[64];
	int malformed; /* a stored field had the wrong size */
};

int store_checkpoint_insert(struct store *s, const struct store_checkpoint *c);
/* The latest checkpoint of tenant; ZK_ENOTFOUND when none. */
int store_checkpoint_last(struct store *s, int64_t tenant,
			  struct store_checkpoint *out);
int store_checkpoint_scan(struct store *s, int64_t tenant,
			  int (*cb)(void *arg,
				    const struct store_checkpoint *c),
			  void *arg);

/* --- teams, care relations ending, emergency review (issue 11) ---------- */

struct store_team {
	int64_t id;
	char name[96];
	char location[120]; /* "" when the team has no location */
};

struct store_location {
	int64_t id;
	char name[120];
	char address[200]; /* "" when none */
};

int store_location_find(struct store *s, int64_t tenant, const char *name,
			int64_t *id);
/* The teams (and locations) of tenant, by name. */
int store_team_list(struct store *s, int64_t tenant,
		    int (*cb)(void *arg, const struct store_team *t),
		    void *arg);
int store_location_list(struct store *s, int64_t tenant,
			int (*cb)(void *arg, const struct store_location *l),
			void *arg);

/*
 * ACC-5: sets *same to 1 when subject is a client of the team user is
 * registered in (both registered in one, the same), else 0.
 */
int store_same_team(struct store *s, int64_t tenant, int64_t user,
		    int64_t subject, int *same);

/*
 * The care relation uid, with its user's name, and the uid of its subject
 * in subject_uid; ZK_ENOTFOUND when none.
 */
int store_relation_get(struct store *s, int64_t tenant, const char *uid,
		       struct store_relation *out,
		       char subject_uid[ZK_UUID_LEN]);
/*
 * Ends relation id on valid_until (YYYY-MM-DD), its last day in force;
 * ZK_ENOTFOUND when there is no such relation.
 */
int store_relation_end(struct store *s, int64_t tenant, int64_t id,
		       const char *valid_until);

/* ACC-6, FG-2: an emergency access with what its review needs. */
struct store_break_glass_review {
	struct store_break_glass b; /* its sealed reason in b.reason */
	char user_uid[ZK_UUID_LEN];
	char username[64];
	char user_created_at[ZK_TIME_LEN];
	char subject_uid[ZK_UUID_LEN];
	char reviewed_at[ZK_TIME_LEN]; /* "" while pending */
	char reviewed_by[64];	       /* the reviewer's user name, or "" */
	char verdict[16];	       /* justified, not_justified, or "" */
	struct zk_buf measure;	       /* sealed; empty when none */
};

void store_break_glass_review_release(struct store_break_glass_review *r);
/*
 * The tenant's emergency accesses, oldest first: only those not yet
 * reviewed when pending, else all. The pointers in r are valid during the
 * callback only.
 */
int store_break_glass_list(struct store *s, int64_t tenant, int pending,
			   int (*cb)(void *arg,
				     const struct store_break_glass_review *r),
			   void *arg);
/* The emergency access uid; release out. ZK_ENOTFOUND when none. */
int store_break_glass_get(struct store *s, int64_t tenant, const char *uid,
			  struct store_break_glass_review *out);
/*
 * Records the review of emergency access id: by reviewer at when, verdict
 * justified or not_justified, with the sealed measure (NULL: none).
 * ZK_ECONFLICT when it was reviewed already (decided once).
 */
int store_break_glass_decide(struct store *s, int64_t tenant, int64_t id,
			     int64_t reviewer, const char *when,
			     const char *verdict, const struct zk_buf *measure);

/* --- copying an installation (zorgkluis migrate) ---------------------- */

#define STORE_COPY_MAX_TABLES 96

struct store_copy_count {
	const char *table; /* static */
	int64_t rows;
};

struct store_copy_result {
	int ntables; /* tables copied, in the order copied */
	struct store_copy_count tables[STORE_COPY_MAX_TABLES];
	int64_t rows, tenants, log_entries;
};

/*
 * Whether from can be copied by this zorgkluis: its schema is at this
 * program's newest version and holds exactly the tables and columns the
 * copy knows (store_copy.c), its foreign keys in the copy's order.
 * Writes nothing; 0, or an error with a one-line *cause.
 */
int store_copy_ready(struct store *from, char **cause);

/* The same check of the tables, columns and order alone, for tests. */
int store_copy_check(struct store *s, char **cause);

/*
 * Copies every row of every table of from into to, on any pair of
 * engines, ids, blobs and NULLs exactly, acting for every organisation
 * on both. to must be inside store_batch_begin() with no savepoint open,
 * at the schema version of from, and empty (else ZK_EEXIST); the caller
 * verifies the copy and then commits or rolls back the batch, so that a
 * failed copy leaves nothing. schema_migration is not copied. Moves
 * sealed content as it is: nothing is opened.
 */
int store_copy(struct store *from, struct store *to,
	       struct store_copy_result *res, char **cause);

/* --- erasure and the key store (ERA-5, store_erase.c) ------------------- */

/* Clears a subject's wrapped key once the key store holds it. */
int store_subject_clear_wrapped(struct store *s, int64_t tenant, int64_t id);
/* Marks a subject erased at when (a time); its key is destroyed. */
int store_subject_mark_erased(struct store *s, int64_t tenant, int64_t id,
			      const char *when);
/* Sets the generation of a subject's key in the key store. */
int store_subject_set_gen(struct store *s, int64_t tenant, int64_t id, int gen);
/*
 * ERA-5: deletes what is sealed with the key of subject id: its entries
 * and their correction reasons, its identity and identity history, its
 * origin, requests' reasons, details and withheld reasons; the names of
 * its representatives, the matters of its capacity assessments and the
 * reasons of its information exemptions are emptied. The rows that give
 * rights and duties their history stay, with nothing sealed in them.
 */
int store_erase_subject(struct store *s, int64_t tenant, int64_t id);
/*
 * Deletes the n entries of subject named by uids, every entry that
 * corrects one of them (COR-2), and their correction reasons and
 * withheld reasons. ZK_ENOTFOUND when a uid is not an entry of subject.
 * *deleted counts the entries deleted.
 */
int store_erase_entries(struct store *s, int64_t tenant, int64_t subject,
			const char *const *uids, int n, int64_t *deleted);
/*
 * Counts entries by category, of the whole subject (uids NULL) or of the
 * n named and those correcting them; cb gets each category and count.
 */
int store_erase_count(struct store *s, int64_t tenant, int64_t subject,
		      const char *const *uids, int n,
		      int (*cb)(void *arg, const char *category, int64_t n),
		      void *arg);
/*
 * ERA-5: every value sealed with subject's key, but the entries' content:
 * cb gets its place (object uid, what; see svc_seal_ad) and the sealed
 * value and puts the value sealed again into out, which is written back.
 */
int store_reseal(struct store *s, int64_t tenant, int64_t subject,
		 int (*cb)(void *arg, const char *object, const char *what,
			   const struct zk_buf *in, struct zk_buf *out),
		 void *arg);
/* Writes an entry's content sealed again and its new MAC. */
int store_entry_reseal(struct store *s, int64_t tenant, int64_t id,
		       const struct zk_buf *content,
		       const unsigned char mac[32]);

/* ERA-1, ERA-3: the content-free record of an erasure (025). */
struct store_destruction {
	char uid[ZK_UUID_LEN];
	int64_t subject_id;
	char scope[12];	 /* "subject" or "entries" */
	char ground[24]; /* ERA-1 */
	char rule[16];
	int64_t request_id;   /* 0: none */
	char categories[512]; /* JSON object: category -> count */
	int64_t entries;
	int key_gen; /* the generation destroyed */
	char destroyed_at[ZK_TIME_LEN];
	char destroyed_by[64];
};
int store_destruction_add(struct store *s, int64_t tenant,
			  const struct store_destruction *d);
/* The latest record of subject; ZK_ENOTFOUND when none. */
int store_destruction_last(struct store *s, int64_t tenant, int64_t subject,
			   struct store_destruction *out);
/*
 * Each subject of tenant with its key generation and whether erased, for
 * the start's sweep and the restore.
 */
int store_subject_keys(struct store *s, int64_t tenant,
		       int (*cb)(void *arg, const struct store_subject *x),
		       void *arg);

/* LOG-3: every "audit.restore" entry of every tenant, oldest first. */
int store_audit_restores(struct store *s,
			 int (*cb)(void *arg, int64_t tenant, int64_t seq,
				   const char *ts, const char *reason),
			 void *arg);

#endif
