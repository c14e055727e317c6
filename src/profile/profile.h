/*
 * profile.h: a regulation profile, the organisation's privacy regulation
 * as data (DESIGN invariant 3). The loader turns a profiles/NAME.json file into
 * this struct once; the policy functions only read it. The format is described
 * in docs/profiles.md.
 */
#ifndef ZK_PROFILE_H
#define ZK_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "policy/representation.h"
#include "policy/vocab.h"
#include "profile/profile_research.h"

#define ZK_PROFILE_MAX_ROLES 32
#define ZK_PROFILE_MAX_FIELDS 24
#define ZK_PROFILE_MAX_PURPOSES 16
#define ZK_PROFILE_MAX_BYTES (1024 * 1024)

/* Conditions of a grant in the authorisation scheme (ACC-1, ACC-2). */
#define ZK_COND_ANY 0x01u	  /* no care relation needed */
#define ZK_COND_RESPONSIBLE 0x02u /* responsible professional */
#define ZK_COND_CO_TREATING 0x04u /* co-treating professional */
#define ZK_COND_SUBSTITUTE 0x08u  /* substitute or successor */
#define ZK_COND_AUTHOR 0x10u	  /* the professional who wrote the entry */
/* ACC-5: the client belongs to the team the user is registered in. */
#define ZK_COND_TEAM 0x20u
/* INZ-6: a portal account that is the subject's own ("self"). */
#define ZK_COND_SELF 0x40u
/* REP-1 to REP-3, REP-6: a portal account linked to a representative of
 * the subject who may act for them today ("represents"). */
#define ZK_COND_REPRESENTS 0x80u
/* The conditions only the portal's roles hold, and only they. */
#define ZK_COND_PORTAL (ZK_COND_SELF | ZK_COND_REPRESENTS)

/* The condition bit of a care relation kind. */
#define ZK_COND_OF_RELATION(r) (0x02u << (r))

enum profile_field_type {
	PROFILE_FIELD_STRING, /* one line */
	PROFILE_FIELD_TEXT,   /* free text, may span lines */
	PROFILE_FIELD_DATE,   /* YYYY-MM-DD */
	PROFILE_FIELD_INTEGER,
	PROFILE_FIELD_BOOLEAN
};

/* PUR-4: a field declared for a category. */
struct profile_field {
	char name[48];
	enum profile_field_type type;
	int required;
	size_t max_length; /* for strings and text, in bytes */
};

struct profile_category {
	int used;
	unsigned kinds; /* bit per enum zk_kind this category applies to */
	int nfields;
	struct profile_field fields[ZK_PROFILE_MAX_FIELDS];
};

struct profile_role {
	char id[48];
	enum zk_base_role base;
	char name_nl[96];
	char name_en[96];
};

/* PUR-1, PUR-3: a purpose and the legal bases it may rest on. */
struct profile_purpose {
	char id[48];
	char name_nl[160];
	char name_en[160];
	unsigned bases;	     /* bit per enum zk_basis */
	int care;	     /* CAT-3: the purpose is care itself */
	unsigned compatible; /* PUR-2: bit per purpose index data of this
				one may also be used for */
};

/* ACC-6: who may break the glass, for what. */
struct profile_break_glass {
	uint32_t roles;	     /* bit per role index */
	unsigned categories; /* bit per enum zk_category */
	unsigned actions;    /* bit per enum zk_action */
	size_t min_reason;   /* minimum length of the written reason */
	int hours;	     /* how long granted emergency access lasts */
	/* ACC-6, FG-2: the roles that review emergency access (bit per
	 * role index); absent: the roles of base role dpo. */
	uint32_t reviewers;
	/* LOG-7: an emergency access by an account younger than this many
	 * days is flagged for the reviewer; 0: none is. */
	int new_account_days;
};

/*
 * ACC-2, ACC-5: who may hold a care relation, and who gives one. Absent
 * from a profile: nobody but the command line gives one, and only roles
 * of base role professional hold one.
 */
struct profile_relations {
	uint32_t holders;   /* bit per role index: may hold a relation */
	int by_responsible; /* the client's responsible professional */
	/* Roles that give relations with the clients of their own team. */
	uint32_t team_leads;
	/* Roles that give relations with a client of a team, to the
	 * professionals registered in that team. */
	uint32_t office;
	/* The roles with a grant that needs "team" in the scheme. */
	uint32_t team_grants;
};

/* A period such as "P4W": n units of days, weeks, months or years. */
struct profile_period {
	int n;	   /* 0: not set */
	char unit; /* 'D', 'W', 'M' or 'Y' */
};

/* RQ-2: the kinds of request a subject can make. */
enum profile_request {
	PROFILE_RQ_ACCESS,
	PROFILE_RQ_COPY,
	PROFILE_RQ_PORTABILITY,
	PROFILE_RQ_CORRECTION,
	PROFILE_RQ_ERASURE,
	PROFILE_RQ_RESTRICTION,
	PROFILE_RQ_OBJECTION,
	PROFILE_RQ_COUNT
};

struct profile_deadline {
	int set;
	struct profile_period answer;	 /* inform the requester */
	struct profile_period carry_out; /* do it (may be unset) */
	struct profile_period extension; /* the most it can be extended */
};

/*
 * How long a category is kept, counted from when (RET-1, RET-2). The
 * retention decision (policy/retention.c) reads these; profile_warnings()
 * checks the health categories against the law (RET-1).
 */
enum profile_from {
	PROFILE_FROM_CREATION,		 /* the entry was made */
	PROFILE_FROM_LAST_CHANGE,	 /* the subject's record last changed */
	PROFILE_FROM_END_OF_RELATIONSHIP /* care, employment or the
					    application ended */
};

#define PROFILE_CITE_MAX 240

/* One period, its start, and the source it rests on. */
struct profile_retention_rule {
	int set;
	struct profile_period period;
	enum profile_from from;
	char cite[PROFILE_CITE_MAX];
};

/*
 * The retention of one category: a rule for every kind of subject (set,
 * period, from, cite: the format before issue 16) and a rule of a kind's
 * own (kinds[]), which wins for that kind. Read through
 * profile_retention_rule().
 */
struct profile_retention {
	int set;
	struct profile_period period;
	enum profile_from from;
	char cite[PROFILE_CITE_MAX];
	struct profile_retention_rule kinds[ZK_KIND_COUNT];
};

/*
 * A kind of recipient of disclosures, the same in every profile
 * (docs/profiles.md). The disclosure decision (policy/disclosure.c) reads
 * the rule of each kind; a consent may not name a kind the profile
 * forbids (DIS-3).
 */
enum profile_recipient {
	PROFILE_TO_SPECIALIST,	      /* referring or treating specialists */
	PROFILE_TO_CARE_PROVIDER,     /* other care providers, institutions */
	PROFILE_TO_INSURER,	      /* insurers */
	PROFILE_TO_DIRECTLY_INVOLVED, /* people directly involved in current
					 care */
	PROFILE_TO_STATISTICS,	      /* statistics and policy bodies */
	PROFILE_TO_RESEARCHER,
	PROFILE_TO_PUBLIC_BODY, /* a body the law obliges to receive data */
	PROFILE_TO_OTHER,
	PROFILE_TO_COUNT
};

/*
 * When data may go to one kind of recipient. A kind the profile does not
 * name gets the defaults: allowed, with consent or by law only,
 * identifiable data too; public_body by law only.
 */
struct profile_recipient_rule {
	int set;	     /* named in the profile */
	int allowed;	     /* DIS-3: whole kinds can be forbidden */
	int without_consent; /* DIS-2: health data may go without consent */
	int unless_objected; /* OBJ-1: ... unless the subject objected */
	/* OBJ-1: the purposes an objection stops, bit per enum
	 * disclosure_purpose (policy/disclosure.h); 0: every purpose. */
	unsigned objection_scope;
	int identifiable; /* 0: only non-identifiable data, even with
			     consent */
	int only_by_law;  /* only on a legal obligation, consent or not */
};

/*
 * BRE-2, BRE-3: the breach settings ("breaches", profile_breach.c): who
 * the AP and the subjects contact (art. 33(3)(b)), and whether a public
 * notice may replace telling the subjects (art. 34(3)(c)).
 */
struct profile_breach {
	char dpo_name[120];
	char dpo_email[120];
	char dpo_phone[40];
	char dpo_address[160];
	int public_notice; /* default 1, as the law */
};

struct profile {
	char id[64];
	char name[160];
	char version[32];
	int32_t published_on; /* days since the epoch (REG-1) */
	int32_t effective_on;
	unsigned kinds; /* SCOPE-1: bit per enum zk_kind */
	int nroles;
	struct profile_role roles[ZK_PROFILE_MAX_ROLES];
	int npurposes;
	struct profile_purpose purposes[ZK_PROFILE_MAX_PURPOSES];
	struct profile_category categories[ZK_CAT_COUNT];
	/* ACC-1: grants[role][category][action][kind] is a ZK_COND_ mask. */
	uint8_t grants[ZK_PROFILE_MAX_ROLES][ZK_CAT_COUNT][ZK_ACT_COUNT]
		      [ZK_KIND_COUNT];
	struct profile_break_glass break_glass;
	struct profile_relations relations; /* ACC-2, ACC-5 */
	struct rep_rules representation;    /* REP-1, REP-2, REP-3 */
	struct profile_deadline deadlines[PROFILE_RQ_COUNT];
	struct profile_retention retention[ZK_CAT_COUNT];
	struct profile_recipient_rule recipients[PROFILE_TO_COUNT];
	/* Where a subject complains (read; no complaint register yet). */
	int ncomplaints;
	struct {
		char to[32];	   /* email, dpo, board, management */
		char address[120]; /* an address, or "" */
	} complaints[4];
	/*
	 * ACC-3: who approves an account or roles that see health data or
	 * logs: roles that approve for their own team, and roles that
	 * approve for the whole organisation (bits per role index).
	 */
	struct {
		uint32_t team;
		uint32_t organisation;
	} approval;
	struct profile_research research; /* RES-1, RES-2 */
	struct profile_breach breach;	  /* BRE-2, BRE-3 */
	char *text;			  /* the profile document as loaded */
	size_t text_len;
};

/*
 * Loads and validates a profile. On error *cause reads
 * "FILE:LINE:COLUMN: what is wrong". *out is owned by the caller and
 * released with profile_free().
 */
int profile_load_file(const char *path, struct profile **out, char **cause);
int profile_load_text(const char *text, size_t len, const char *name,
		      struct profile **out, char **cause);
void profile_free(struct profile *p);

/*
 * Reads the "breaches" section of root (a json_t object) into p->breach;
 * absent: the law's defaults. Called by profile_load_text(); on error
 * *cause names the file (name) and the setting.
 */
struct json_t;
int profile_read_breaches(struct json_t *root, const char *name,
			  struct profile *p, char **cause);

/* Returns the index of role id, or -1. */
int profile_role_index(const struct profile *p, const char *id);

/* Returns the purpose with this id, or NULL. */
const struct profile_purpose *profile_purpose(const struct profile *p,
					      const char *id);

/* Returns the field of category c with this name, or NULL. */
const struct profile_field *profile_field(const struct profile *p,
					  enum zk_category c, const char *name);

/* The name of a kind of recipient ("specialist", ...), or "?". */
const char *profile_recipient_name(enum profile_recipient r);

/*
 * The kind of recipient named s, or -1. The names used before issue 14
 * are accepted as aliases: treating_provider (care_provider),
 * referring_specialist (specialist) and research (researcher), so that
 * profiles stored in a database and old requests keep working.
 */
int profile_recipient_parse(const char *s);

/* Adds a period to a date (a month ends on the same day number of the
   next month, or its last day). */
int32_t profile_period_add(int32_t day, const struct profile_period *p);

/*
 * The retention rule of category c for subjects of kind k: the kind's own
 * rule, else the category's rule for every kind. Copies it into *out and
 * returns 1; returns 0 (and clears *out) when the profile sets none.
 */
int profile_retention_rule(const struct profile *p, enum zk_category c,
			   enum zk_kind k, struct profile_retention_rule *out);

/* "creation", "last_change", "end_of_relationship"; "?" outside. */
const char *profile_from_name(enum profile_from f);

/*
 * Checks a valid profile against the law and writes one line per warning
 * through warn (RET-1 shorter than 20 years, REP order other than WGBO
 * 7:465, deadlines longer than GDPR art. 12(3), REG-1 four weeks).
 * Returns the number of warnings.
 */
int profile_warnings(const struct profile *p,
		     void (*warn)(void *arg, const char *rule, const char *msg),
		     void *arg);

/*
 * SEC-3: true when role index r can see health data, so its users must log
 * in with two factors. The DPO reads logs and always needs them (LOG-6).
 */
int profile_role_needs_two_factor(const struct profile *p, int r);

/*
 * ACC-3, SEC-3: true when role index r can see health data or logs, so
 * that an account or a role change giving it waits for approval.
 */
int profile_role_sees_health(const struct profile *p, int r);

/* INZ-6: true when role index r is a portal role (subject, representative). */
int profile_role_portal(const struct profile *p, int r);

#endif
