/*
 * disclosure.h: whether data of a subject may go to a third party
 * (DIS-1 to DIS-5, OBJ-1, SEC-2), as a pure function of the profile and
 * the facts of one disclosure, like authz_decide() and deadline_eval().
 *
 * The disclosure register (service/disclosures.c) gathers the facts (the
 * recipient, the subject's consents and objections, whether they died),
 * asks disclosure_decide() and records the answer with the disclosure.
 * `zorgkluis policy eval disclosure` asks it with facts given as JSON.
 */
#ifndef ZK_DISCLOSURE_H
#define ZK_DISCLOSURE_H

#include <stdbool.h>

#include "core/zk.h"
#include "profile/profile.h"

/*
 * The kinds of recipient, the same in every profile (docs/profiles.md):
 * specialist (referring or treating specialists), care_provider (other
 * care providers and institutions), insurer, directly_involved (people
 * directly involved in current care), statistics (statistics and policy
 * bodies), researcher, public_body (a body the law obliges to receive
 * data) and other. They are enum profile_recipient.
 */

/* What the data is disclosed for, where an objection's scope turns on it
 * (M§6.2.ii: an objection stops the insurer's risk assessment, not the
 * execution of the insurance contract). */
enum disclosure_purpose {
	DISCLOSURE_FOR_UNSPECIFIED,
	DISCLOSURE_FOR_TREATMENT,
	DISCLOSURE_FOR_RISK_ASSESSMENT,
	DISCLOSURE_FOR_CONTRACT_EXECUTION,
	DISCLOSURE_FOR_RESEARCH,
	DISCLOSURE_FOR_COUNT
};

struct disclosure_facts {
	enum profile_recipient recipient_kind;
	char country[3]; /* ISO 3166-1 alpha-2, upper case */
	bool certified;	 /* the recipient holds a certification the
			    adequacy decision requires (the United
			    States' Data Privacy Framework) */
	enum zk_category category;
	enum disclosure_purpose purpose;
	bool consent;	       /* a valid explicit consent covers it */
	bool objection;	       /* the subject objected to this kind */
	bool legal_obligation; /* a statutory provision requires it */
	bool identifiable;     /* the data identifies the subject */
	bool subject_deceased;
};

struct disclosure_answer {
	bool permit;
	/* A stable code, static. Permit: "legal_obligation", "consent",
	 * "treatment", "insurer", "risk_assessment", "contract_execution",
	 * "directly_involved", "statistics", "exception". Deny:
	 * "unknown_kind", "unknown_country", "outside_eea",
	 * "not_certified", "kind_forbidden", "only_by_law", "identifiable",
	 * "objection", "no_consent". */
	const char *ground;
	const char *rule; /* "DIS-1", "DIS-2", "DIS-3", "OBJ-1", "SEC-2",
			     "DIS-5" */
};

/*
 * Decides one disclosure. Pure: no clock, no I/O. The rules, in order:
 * SEC-2 (the country), DIS-3 (a kind the profile forbids, unless a legal
 * obligation), DIS-1 (a legal obligation; a kind only the law opens;
 * non-identifiable-only kinds; consent), DIS-2 with OBJ-1 (the profile's
 * exceptions and the objection's scope), and deny. A deceased subject's
 * data follows the same rules; a deny by default then names DIS-5.
 */
void disclosure_decide(const struct profile *p,
		       const struct disclosure_facts *f,
		       struct disclosure_answer *out);

/*
 * SEC-2: whether country (ISO alpha-2, either case) is in the EEA, or has
 * an adequacy decision of the European Commission; *needs_cert (may be
 * NULL) says the decision covers only certified recipients.
 * ADEQUACY_INVALID: not an assigned ISO 3166-1 alpha-2 code. The list,
 * with its source and date, is data in src/policy/adequacy.c.
 */
enum adequacy {
	ADEQUACY_EEA,
	ADEQUACY_DECISION,
	ADEQUACY_NONE,
	ADEQUACY_INVALID
};
enum adequacy disclosure_adequacy(const char *country, bool *needs_cert);

/* Where the adequacy list comes from, and the day it was checked. */
extern const char disclosure_adequacy_source[];
extern const char disclosure_adequacy_checked_on[]; /* YYYY-MM-DD */

/* The purpose named s ("treatment", ...), or -1. */
int disclosure_purpose_parse(const char *s);
const char *disclosure_purpose_name(enum disclosure_purpose p);

#endif
