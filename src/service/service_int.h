/*
 * service_int.h: what the files of the service layer share: the service
 * struct, the per-tenant cache and the steps of the door.
 */
#ifndef ZK_SERVICE_INT_H
#define ZK_SERVICE_INT_H

#include "audit/audit.h"
#include "crypto/keys.h"
#include "crypto/keystore.h"
#include "crypto/seal.h"
#include "service/service.h"
#include "store/store.h"

#define SVC_MAX_TENANTS 64

struct svc_tenant {
	int64_t id;
	int32_t day; /* the day the profile was loaded for (REG-1) */
	struct profile *profile;
	/*
	 * The profile of the day before, kept until the next reload: a
	 * request in flight at midnight may still point into it (a role
	 * id in its decision, the profile it decides by).
	 */
	struct profile *retired;
	char protocol[112]; /* "<profile id>@<version>", for the log */
};

struct group_event;

/* A wrapped subject key read lately (keycache.c). */
#define SVC_KEYCACHE_SLOTS 256
struct svc_keyslot {
	int64_t tenant;
	int64_t at_ms; /* when it was read, monotonic */
	int gen;
	size_t len; /* 0: empty */
	char uid[ZK_UUID_LEN];
	unsigned char wrapped[KEYSTORE_MAX_WRAPPED];
};

struct service {
	struct store *store;
	struct keyring *keys;
	struct svc_tenant tenants[SVC_MAX_TENANTS];
	int ntenants;
	struct svc_group *group;     /* log through group commit (group.c) */
	struct group_event *pending; /* events waiting for svc_log_finish */
	struct group_event **pending_tail; /* its last link; NULL: &pending */
	int async;		  /* hand the events over, do not wait */
	struct group_job *ticket; /* the handed-over events, if async */
	int day_held;		  /* svc_day_hold() is in force */
	int32_t day;		  /* the day it holds */
	struct svc_keyslot keycache[SVC_KEYCACHE_SLOTS];
	uint64_t keycache_wipes; /* the erasures it has forgotten for */
};

/*
 * The wrapped key of (tenant, uid, gen) this connection read lately
 * (keycache.c): 0 with it in wrapped, or ZK_ENOTFOUND. The caller has
 * checked in its transaction that the key is not destroyed (ERA-5).
 */
int svc_keycache_get(struct service *svc, int64_t tenant, const char *uid,
		     int gen, unsigned char *wrapped, size_t *len);
void svc_keycache_put(struct service *svc, int64_t tenant, const char *uid,
		      int gen, const unsigned char *wrapped, size_t len);
/* Forgets every generation of uid's key (an erased subject). */
void svc_keycache_drop(struct service *svc, int64_t tenant, const char *uid);
void svc_keycache_clear(struct service *svc);
/*
 * After an erasure: svc and, at their next look-up, all other connections
 * of this process forget every key they keep.
 */
void svc_keycache_forget_all(struct service *svc);

/* Group commit (group.c): queue an event, hand the queue to the writer. */
int svc_group_queue(struct service *svc, const struct actor *a,
		    const struct audit_event *ev, int64_t now);
int svc_group_flush(struct service *svc, char **cause);
void svc_group_discard(struct service *svc);

/* The cached tenant context, loading the profile on first use. */
int svc_tenant(struct service *svc, int64_t tenant, struct svc_tenant **out,
	       char **cause);

/*
 * Starts the transaction of an operation: svc_begin_write() for one that
 * changes data, svc_begin_read() for one that only reads (its log entry is
 * still written, and commits with it).
 */
int svc_begin_write(struct service *svc);

/*
 * LOG-1, LOG-5: logs ev as done in the first of a's roles whose base role
 * is in bases (a bit per enum zk_base_role). Returns 1 when a has one,
 * else 0, leaving ev alone.
 */
int svc_event_role(struct audit_event *ev, const struct actor *a,
		   const struct svc_tenant *t, unsigned bases);
int svc_begin_read(struct service *svc);

/* Starts an audit event from the actor and tenant context. */
void svc_event_init(struct audit_event *ev, const struct actor *a,
		    const struct svc_tenant *t, const char *event, char action);

/* Fills the decision fields of ev: outcome, reason, rule and checks. */
void svc_event_decision(struct audit_event *ev, const struct authz_decision *d,
			unsigned relations, char *checks, size_t n);

/*
 * Logs several events of one operation: svc_log_one() for each (rolls back
 * and returns ZK_EAUDIT on failure), then svc_log_finish() to commit them
 * with the act.
 */
int svc_log_one(struct service *svc, const struct actor *a,
		struct audit_event *ev, int64_t now, char **cause);
int svc_log_finish(struct service *svc, char **cause);

/*
 * SEC-1: appends to tenant's log, in the open transaction, that the
 * database keeps key check values (start.c); protocol is the profile's
 * "id@version".
 */
int svc_keys_append(struct service *svc, int64_t tenant, const char *protocol,
		    char **cause);

/*
 * Logs ev and commits the open transaction. On failure rolls everything
 * back and returns ZK_EAUDIT (fail closed).
 */
int svc_log_commit(struct service *svc, const struct actor *a,
		   struct audit_event *ev, char **cause);

/*
 * The end of a read that gives *out: when rc (the read's result) is 0,
 * logs ev and commits; on any failure *out is freed and NULL
 * (LOG-1: nothing leaves without its log entry).
 */
int svc_log_read(struct service *svc, const struct actor *a,
		 struct audit_event *ev, int rc, json_t **out, char **cause);

/*
 * The end of an act that made something: when rc (the act's result) is
 * 0, logs ev, commits and copies the new thing's uid made into out (NULL:
 * not wanted); otherwise as svc_fail_act().
 */
int svc_log_created(struct service *svc, const struct actor *a,
		    struct audit_event *ev, int rc, const char *made,
		    char out[ZK_UUID_LEN], char **cause);

/*
 * Rolls back after a failed act, then logs ev with outcome "error" in a
 * transaction of its own (best effort) and returns rc.
 */
int svc_fail_act(struct service *svc, const struct actor *a,
		 struct audit_event *ev, int rc, char **cause);

/*
 * Ends an act refused for what was asked, found out only once its facts
 * were read (no such team, a consent already withdrawn, a birth date that
 * is needed): nothing is written yet, so ev is logged as refused with
 * reason and rule (LOG-1), and err is returned with the message fmt. A
 * storage error rc (anything but ZK_EINVAL, ZK_ENOTFOUND or ZK_ECONFLICT)
 * goes to svc_fail_act() instead.
 */
int svc_refuse_input(struct service *svc, const struct actor *a,
		     struct audit_event *ev, int rc, int err,
		     const char *reason, const char *rule, char **cause,
		     const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

/* Logs a refusal, commits, and returns ZK_EDENIED with a cause. */
int svc_refuse(struct service *svc, const struct actor *a,
	       struct audit_event *ev, const struct authz_decision *d,
	       char **cause);

/*
 * Begins an administrative operation (ACC-3): opens the transaction and
 * the event; when the actor is no administrator, logs the refusal and
 * returns ZK_EDENIED.
 */
/*
 * An administrator's act on the user username that ends the user's
 * sessions (SEC-3), logged as event: act changes the account, or answers
 * ZK_ECONFLICT with nothing to do, told as "user NAME <conflict>", or
 * ZK_EDENIED when a may not do it to that account (logged as refused,
 * reason "own_account").
 * rule, when not NULL, is the rule the act is logged under.
 */
int svc_user_end(struct service *svc, const struct actor *a,
		 const char *username, const char *event, const char *rule,
		 const char *conflict,
		 int (*act)(struct store *s, const struct actor *a,
			    const struct store_user *u),
		 char **cause);
int svc_admin_begin(struct service *svc, const struct actor *a,
		    struct audit_event *ev, const char *event, char action,
		    struct svc_tenant **t, char **cause);

/* --- account approvals and invitations (accounts.c) ---------------------- */

/* ACC-3: whether any of the n roles (ids) sees health data or logs. */
bool svc_roles_see_health(const struct profile *p, const char (*roles)[48],
			  int n);
/* Stores a pending request of kind for user with roles ("a,b"). */
int svc_account_request(struct service *svc, const struct actor *a,
			int64_t user_id, const char *kind, const char *roles,
			char uid[ZK_UUID_LEN]);
/* Stores a new invitation for user (ending older ones); the token. */
int svc_account_invite(struct service *svc, const struct actor *a,
		       int64_t user_id, char token[48],
		       char expires[ZK_TIME_LEN]);
/*
 * Logs ev and, as out says, the request made (approval.request) and the
 * invitation given (invitation.create) about the account user_uid, and
 * commits them with the act.
 */
int svc_account_commit(struct service *svc, const struct actor *a,
		       struct svc_tenant *t, struct audit_event *ev,
		       const struct svc_account *out, const char *user_uid,
		       char **cause);

/* Builds the authz request facts of an actor. */
void svc_authz_request(const struct actor *a, struct authz_request *rq);

/*
 * ERA-5: when the subject uid was erased, sets *cause to say so, with the
 * date, and returns 1; else 0. For a read that found no subject.
 */
int svc_erased_cause(struct service *svc, int64_t tenant, const char *uid,
		     char **cause);
/*
 * Unwraps a subject's key, read from the key store (crypto/keystore.h);
 * the associated data binds it to the subject. ZK_ENOTFOUND for an erased
 * subject, ZK_ECRYPTO when the key is missing or does not unwrap.
 */
int svc_subject_key(struct service *svc, int64_t tenant,
		    const struct store_subject *x,
		    unsigned char key[SEAL_KEY_BYTES]);

/*
 * Seals text with subject x's key into out (which the caller initialised),
 * its associated data naming the object (uid) and what it is.
 */
int svc_seal_text(struct service *svc, int64_t tenant,
		  const struct store_subject *x, const char *object,
		  const char *what, const char *text, struct zk_buf *out);

/*
 * LOG-3: the MAC over entry e's metadata and sealed content, keyed with its
 * subject's key (entries.c).
 */
int svc_entry_mac(const unsigned char key[SEAL_KEY_BYTES], int64_t tenant,
		  const struct store_entry *e,
		  unsigned char out[SEAL_MAC_BYTES]);

/* The associated data of a sealed value (see seal.h). */
void svc_seal_ad(char *out, size_t n, int64_t tenant, const char *subject,
		 const char *object, const char *what);

/*
 * PUR-4: checks that content holds only the fields declared for category,
 * of the declared types, with the required ones present; identity dates
 * against today (a Dutch day, svc_today()).
 */
int svc_validate_fields(const struct profile *p, enum zk_category c,
			json_t *content, int32_t today, char **cause);

/* The care relations (ZK_COND_ bits) of the actor on subject today. */
int svc_relations(struct service *svc, const struct actor *a, int64_t subject,
		  int64_t now, unsigned *conds);

/*
 * The reason of an active break-the-glass grant of the actor on subject,
 * decrypted into reason (size n), and its uid; ZK_ENOTFOUND when none.
 */
int svc_break_glass_active(struct service *svc, const struct actor *a,
			   const struct store_subject *x, int64_t now,
			   char *reason, size_t n, char uid[ZK_UUID_LEN]);

/*
 * The facts about a subject that a decision on their data needs: the
 * subject, the actor's care relations today, and, looked up only when it
 * could change a refusal, the actor's break-the-glass grant (ACC-6).
 */
/*
 * SHD-1: what of one subject is hidden from one actor: nothing for the
 * professional with final responsibility, else the shielded entries (with
 * their corrections) and categories.
 */
struct svc_shields {
	int loaded;
	int responsible; /* sees everything */
	int64_t *entries;
	size_t n, cap;
	unsigned cats; /* bit per enum zk_category */
};

/*
 * Loads into sh what of subject is hidden from a, whose care relations
 * with the subject today are relations (ZK_COND_ bits).
 */
int svc_shields_load(struct service *svc, const struct actor *a,
		     int64_t subject, unsigned relations,
		     struct svc_shields *sh);
/* Adds a hidden entry to sh; ZK_ENOMEM when it cannot grow. */
int svc_shields_add(struct svc_shields *sh, int64_t entry);
/* Whether sh hides entry e. */
bool svc_shields_hide(const struct svc_shields *sh,
		      const struct store_entry *e);
/* The number of entries and categories hidden: nothing hidden is 0. */
size_t svc_shields_count(const struct svc_shields *sh);
void svc_shields_release(struct svc_shields *sh);

/*
 * SHD-1: the note a copy carries where hidden entries of subject were left
 * out: how many, and who can show them (the responsible professionals of
 * today), without content. A new object, or NULL when out of memory.
 */
json_t *svc_shield_note(struct service *svc, int64_t tenant, int64_t subject,
			size_t hidden);
struct svc_facts;

/*
 * INZ-6, REP-6 (portal.c): sets the portal's conditions in f->relations
 * for portal account a: ZK_COND_SELF when it is the client's own,
 * ZK_COND_REPRESENTS (and f->portal_by) when it is linked to a
 * representative of the client whom REP-1 to REP-3 let act today.
 */
int svc_portal_facts(struct service *svc, const struct actor *a,
		     struct svc_facts *f);
/*
 * INZ-2 (portal.c): adds to sh the entries of subject withheld in a
 * decided request, with their corrections: a portal never shows them.
 */
int svc_portal_withheld(struct service *svc, const struct actor *a,
			int64_t subject, struct svc_shields *sh);
/*
 * INZ-6 (portal.c): whether portal account a may read the identity of
 * subject_uid today through the door (its own, or a representative who
 * may act); with by (size 64) "representative:<id>" or "". Opens and
 * closes no transaction.
 */
int svc_portal_may(struct service *svc, const struct actor *a,
		   const char *subject_uid, bool *may, char *by, size_t n);

/* RST-1: whether subject (row id) is restricted now. */
int svc_restricted(struct service *svc, int64_t tenant, int64_t subject,
		   bool *restricted);
/*
 * RST-1: turns the decision d on an act on category c of a restricted
 * subject into a refusal unless a carries an exception; identity reads
 * and corrections (finding the subject, the rights registers) pass.
 */
void svc_restriction_decide(const struct actor *a, enum zk_category c,
			    enum zk_action act, struct authz_decision *d);

struct svc_facts {
	struct store_subject x;
	enum zk_kind kind;
	unsigned relations;
	char bg_reason[1024];
	char bg_uid[ZK_UUID_LEN];
	int bg_loaded; /* the break-the-glass grant is looked up lazily */
	unsigned char key[SEAL_KEY_BYTES]; /* the subject key, once needed */
	int key_loaded;
	bool restricted;	    /* RST-1: loaded with the facts */
	struct svc_shields shields; /* SHD-1: loaded when first asked */
	/* INZ-6, REP-6: for a representative's portal account, the
	 * representative it acts as today, "representative:<id>", which
	 * every log entry of the act records as on_behalf_of. */
	char portal_by[64];
};

/* SHD-1: whether f's subject's entry e is hidden from a. */
int svc_facts_hidden(struct service *svc, const struct actor *a,
		     struct svc_facts *f, const struct store_entry *e,
		     bool *hidden);

/* Opens a subject's sealed identity (a JSON object, the caller's). */
int svc_subject_identity(struct service *svc, int64_t tenant,
			 const struct store_subject *x, json_t **out);
/*
 * REP-1 to REP-3, REP-6: whether by ("subject" or a representative's uid)
 * may act for the subject of f now, as for withdrawing a consent (an able
 * subject always may, also after authorising someone). Writes the basis
 * ("REP-1 parent_with_authority") and the rule; ZK_EDENIED when not,
 * ZK_ECONFLICT when the birth date needed is unknown.
 */
int svc_may_act_for(struct service *svc, const struct actor *a,
		    const struct svc_tenant *t, struct svc_facts *f,
		    const char *by, char *basis, size_t n, const char **rule);
/* The row id of a current representative of subject, by uid. */
int svc_representative_id(struct service *svc, int64_t tenant, int64_t subject,
			  const char *uid, int64_t *id);

/*
 * The subject uid of a's tenant, as store_subject_get(); ZK_ENOTFOUND
 * when the request is about another kind of subject (SCOPE-1).
 */
int svc_subject_load(struct service *svc, const struct actor *a,
		     const char *uid, struct store_subject *x);
/* Loads the subject with uid and today's facts; release with the below. */
int svc_facts_load(struct service *svc, const struct actor *a,
		   const char *subject_uid, int64_t now, struct svc_facts *f);
void svc_facts_release(struct svc_facts *f);
/*
 * Decides action on category for a subject of kind, with the actor's
 * relations to them and, if breaking the glass, its reason (NULL: not);
 * the system always may.
 */
void svc_decide(const struct actor *a, const struct svc_tenant *t,
		enum zk_kind kind, enum zk_category c, enum zk_action act,
		unsigned relations, const char *author, const char *bg_reason,
		struct authz_decision *d);
/* Decides action on category with the facts (the system always may). */
void svc_facts_decide(struct service *svc, const struct actor *a,
		      const struct svc_tenant *t, struct svc_facts *f,
		      enum zk_category c, enum zk_action act,
		      const char *author, struct authz_decision *d);
/* Fills the decision into ev, with the break-the-glass grant if used. */
void svc_facts_event(const struct actor *a, struct audit_event *ev,
		     const struct authz_decision *d, const struct svc_facts *f,
		     char *checks, size_t n);

/* What an act on a subject is, for svc_subject_begin(). */
struct svc_on_subject {
	const char *event;
	char action; /* C, R, U, D or E */
	enum zk_category cat;
	enum zk_action act;
	const char *object_type; /* for the log, or NULL */
	const char *object_uid;
};

/*
 * Begins an act on a subject: the transaction, the facts (by
 * svc_facts_begin()) and the decision on the category matrix, with ev
 * made ready for the log. A refusal is logged and
 * returned (ZK_EDENIED), with nothing left open; on 0 the caller holds
 * the transaction and releases f.
 */
int svc_subject_begin(struct service *svc, const struct actor *a,
		      const char *uid, const struct svc_on_subject *on,
		      struct svc_tenant **t, struct svc_facts *f,
		      struct audit_event *ev, struct authz_decision *d,
		      char *checks, size_t n, char **cause);

/*
 * Lists things kept about a subject (consents, care relations) as a read
 * of their identity: decided and logged as event on object_type, the
 * array filled by fill(svc, tenant, subject id, array). *out is the
 * caller's.
 */
int svc_subject_things(struct service *svc, const struct actor *a,
		       const char *subject_uid, const char *event,
		       const char *object_type,
		       int (*fill)(struct service *, int64_t, int64_t,
				   json_t *),
		       json_t **out, char **cause);

/*
 * What svc_subject_read_things() lists: logged as event on object_type,
 * decided as a read of category cat (identity for the registers kept
 * beside the identity, care for a care judgement), the array filled by
 * fill(svc, a, subject, array, arg), which may open what is sealed with
 * the subject's key.
 */
struct svc_things {
	const char *event;
	const char *object_type;
	enum zk_category cat;
	int (*fill)(struct service *svc, const struct actor *a,
		    const struct store_subject *x, json_t *arr, void *arg);
	void *arg;
};

/* Lists things kept about a subject, decided and logged (LOG-1). */
int svc_subject_read_things(struct service *svc, const struct actor *a,
			    const char *subject_uid,
			    const struct svc_things *what, json_t **out,
			    char **cause);

/*
 * Opens text of subject x sealed by svc_seal_text() for object and what
 * into a new string (*out, the caller frees it after wiping).
 */
int svc_open_text(struct service *svc, int64_t tenant,
		  const struct store_subject *x, const char *object,
		  const char *what, const unsigned char *sealed, size_t len,
		  char **out);

/*
 * Starts an act on subject_uid: the tenant, ev as event with action, a
 * read transaction for 'R' and a write one otherwise, and the subject's
 * facts (f, to release). An erased subject is said so (ERA-5). This is
 * the first half of svc_subject_begin(), for the acts whose rule names
 * who may (svc_is_dpo(), svc_is_responsible()) instead of the category
 * matrix; they refuse with svc_facts_refuse().
 */
int svc_facts_begin(struct service *svc, const struct actor *a,
		    const char *event, char action, const char *subject_uid,
		    struct svc_tenant **t, struct audit_event *ev,
		    struct svc_facts *f, char **cause);
/* Ends such an act with the refusal reason under rule (LOG-1). */
int svc_facts_refuse(struct service *svc, const struct actor *a,
		     struct audit_event *ev, struct svc_facts *f,
		     const char *reason, const char *rule, char **cause);
/*
 * Sets o's "KEY_name" to the display name of the account whose id is o's
 * string KEY, or to the id itself when the account is gone (names.c).
 * Nothing when KEY is absent or null. 0 or ZK_ENOMEM.
 */
int svc_name_set(struct service *svc, int64_t tenant, json_t *o,
		 const char *key);
/* Whether a holds a role of the DPO's base role (dpo). */
bool svc_is_dpo(const struct actor *a, const struct svc_tenant *t);
/* Whether a (a person) is the subject's responsible professional. */
bool svc_is_responsible(const struct actor *a, const struct svc_facts *f);
/*
 * Who may act on f's subject by role: the system, the responsible
 * professional (when responsible), or a DPO (the role named in ev), said
 * in ev->reason. Anyone else is refused (svc_facts_refuse(), with refusal
 * under rule), which is returned; 0 otherwise.
 */
int svc_facts_who(struct service *svc, const struct actor *a,
		  const struct svc_tenant *t, struct audit_event *ev,
		  struct svc_facts *f, bool responsible, const char *refusal,
		  const char *rule, char **cause);

#endif
