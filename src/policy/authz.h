/*
 * authz.h: the authorisation decision (ACC-1 to ACC-7, CAT-4, SCOPE-1).
 *
 * authz_decide() is a pure function: it reads the profile and the facts in
 * the request and nothing else. The service layer gathers the facts (the
 * user's roles, the care relations in force now, the entry's author) and
 * logs every decision, permit and deny (ACC-7).
 */
#ifndef ZK_AUTHZ_H
#define ZK_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "policy/vocab.h"
#include "profile/profile.h"

struct authz_request {
	const char *user_id;
	uint32_t roles;	      /* bit per profile role index */
	bool confidentiality; /* ACC-4: the account records a duty basis */
	enum zk_kind kind;    /* the subject's kind */
	/* ZK_COND_OF_RELATION bits in force now, and ZK_COND_TEAM when the
	 * subject is a client of the team the user is registered in. */
	unsigned relations;
	enum zk_category category;
	enum zk_action action;
	const char *entry_author;	/* user id, or NULL (no entry yet) */
	const char *break_glass_reason; /* NULL when not breaking the glass */
};

struct authz_decision {
	bool permit;
	const char *reason; /* stable code, static string */
	const char *rule;   /* RULES.md id, static string */
	bool break_glass;   /* permitted only by breaking the glass */
	bool review;	    /* the DPO must review this access (ACC-6) */
	/* The id of the user's role whose grant permitted, for the log
	 * (LOG-1: who, in which role); NULL when refused or not known. */
	const char *role;
	/* LOG-5: its ISO 21298 functional role (vocab_iso_role); NULL when
	 * refused. */
	const char *role_code;
};

/* Decides rq under profile p. Never fails: anything unclear is a deny. */
void authz_decide(const struct profile *p, const struct authz_request *rq,
		  struct authz_decision *out);

#endif
