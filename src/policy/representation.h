/*
 * representation.h: who may act for a data subject (REP-1 to REP-4), as a
 * pure function of the facts, a date and the profile's rules.
 */
#ifndef ZK_REPRESENTATION_H
#define ZK_REPRESENTATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kinds of representative every profile knows. */
enum rep_kind {
	REP_PARENT_WITH_AUTHORITY,
	REP_GUARDIAN,
	REP_CURATOR,
	REP_MENTOR,
	REP_AUTHORISED_IN_WRITING,
	REP_SPOUSE_PARTNER,
	REP_CHILD,
	REP_SIBLING,
	REP_PARENT,
	REP_KIND_COUNT
};

#define REP_MAJORITY 18 /* age of majority (BW 1:233) */
#define REP_MAX_RANKS 8
#define REP_MAX_PEOPLE 32
#define REP_MAX_ASSESSMENTS 32

/* The profile's rules (see docs/profiles.md, "representation"). */
struct rep_rules {
	int act_alone_from; /* age from which an able subject acts (16) */
	int beside_from;    /* age from which an able minor acts beside
			       their parents (12) */
	unsigned minors;    /* bit per rep_kind acting for minors */
	int nranks;	    /* the order for an incapable adult */
	unsigned rank[REP_MAX_RANKS]; /* bits per rep_kind, in order */
	int authorise_from; /* age from which an able subject may authorise
			       someone in writing (REP-3) */
	const char *rule;   /* "REP-1" or "REP-2": the profile's order */
	/* W§4.1: in the order, someone authorised in writing counts only
	 * with the consent of the curator or mentor. */
	bool authorised_needs_consent;
	/* Whether anyone acts for a deceased subject. M's order names the
	 * deceased (M§7.4, REP-1); under W next of kin have no right of
	 * their own after death (W§10.4): the treating physician judges a
	 * request, so nobody acts in the resident's name. */
	bool acts_for_deceased;
};

/*
 * REP-4: what an assessment is about. A decision about one matter uses
 * the latest assessment of that matter and, without one in force, the
 * latest general one: an assessment for medical treatment decides no
 * data-protection act (docs/decisions.md, issue 14).
 */
enum rep_matter {
	REP_MATTER_GENERAL,   /* capacity as such */
	REP_MATTER_PRIVACY,   /* consents, objections, requests (the rights) */
	REP_MATTER_TREATMENT, /* a medical treatment: never decides here */
	REP_MATTER_COUNT
};

/* REP-4: a recorded assessment of capacity, not a permanent flag. */
struct rep_assessment {
	bool able;
	int32_t assessed_on; /* days since the epoch */
	enum rep_matter matter;
	bool lapses;	   /* it stops counting on lapses_on */
	int32_t lapses_on; /* the first day it no longer counts */
};

struct rep_person {
	const char *id;
	enum rep_kind kind;
	bool declines;
	bool absent;
	bool legal_consent; /* an authorisation the curator or mentor
			       consented to (W§4.1) */
};

struct rep_facts {
	int32_t on;	    /* the day of the question */
	int32_t birth_date; /* days since the epoch */
	bool deceased;
	int32_t deceased_on;
	enum rep_matter matter; /* what the question is about */
	int nassessments;
	const struct rep_assessment *assessments;
	int npeople;
	const struct rep_person *people;
};

enum rep_acts { REP_ACTS_SUBJECT, REP_ACTS_REPRESENTATIVE, REP_ACTS_BOTH };

struct rep_answer {
	enum rep_acts acts;
	int nwho;
	const char *who[REP_MAX_PEOPLE + 1]; /* "subject" and person ids */
	const char *rule;
	const char *reason; /* stable code: "minor", "able_adult", ... */
};

/* Returns the matter named s ("general", "privacy", "treatment"), or -1. */
int rep_matter_parse(const char *s);

/* Returns the kind named s, or -1. */
int rep_kind_parse(const char *s);

/*
 * Completed years of age on day `on` for a birth date; someone born on
 * 29 February turns a year older on 1 March in other years.
 */
int rep_age(int32_t birth_date, int32_t on);

/* Decides who acts. Pure: no clock, no I/O. */
void rep_decide(const struct rep_rules *r, const struct rep_facts *f,
		struct rep_answer *out);

/* The WGBO 7:465 rules, which profile M follows (REP-1). */
void rep_rules_wgbo(struct rep_rules *r);

#endif
