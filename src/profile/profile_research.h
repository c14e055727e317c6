/*
 * profile_research.h: the "research" section of a profile (RES-1, RES-2,
 * OBJ-1; M§6.6, M§13.4(ii), W§9.5, W§9.7): whether a study may use data
 * without consent when every condition holds, who confirms each
 * condition, which objections exclude a subject, and how an export is
 * made non-identifiable (k, the quasi-identifiers and their
 * generalisation ladders, the fields that may go out). docs/profiles.md
 * describes the format; profile_research.c reads it.
 */
#ifndef ZK_PROFILE_RESEARCH_H
#define ZK_PROFILE_RESEARCH_H

#include <stdint.h>

#include "policy/kanon.h"
#include "policy/vocab.h"

/*
 * RES-1: the conditions a person confirms for a study without consent.
 * The fifth, that the subject did not object, is no confirmation: the
 * export checks it per subject (OBJ-1).
 */
enum profile_res_condition {
	PROFILE_RES_PUBLIC_INTEREST,	   /* M§6.6(i), W§9.7(a) */
	PROFILE_RES_NECESSARY,		   /* M§6.6(ii), W§9.7(b) */
	PROFILE_RES_CONSENT_IMPRACTICABLE, /* M§6.6(iii), W§9.7(c) */
	PROFILE_RES_SAFEGUARDS,		   /* M§6.6(iv), W§9.7(d) */
	PROFILE_RES_COUNT
};

/* "public_interest", ...; "?" outside the enum. Static. */
const char *profile_res_condition_name(enum profile_res_condition c);
/* The condition named s, or -1. */
int profile_res_condition_parse(const char *s);

/* RES-2: a quasi-identifier, a field of the identity category. */
struct profile_research_qi {
	char field[48];
	struct kanon_ladder ladder;
};

struct profile_research {
	int set;	     /* the profile has the section */
	int without_consent; /* RES-1 may be the basis of a study */
	/* Who registers studies and makes exports (bit per role index). */
	uint32_t managers;
	/* RES-1: who may confirm each condition (bit per role index). */
	uint32_t confirm[PROFILE_RES_COUNT];
	/* OBJ-1: an objection to one of these recipient kinds (bit per
	 * enum profile_recipient) leaves the subject out of every study. */
	unsigned objection_kinds;
	int k;			   /* RES-2: the smallest class released */
	int max_suppress_permille; /* rows that may be left out */
	int nqi;
	struct profile_research_qi qi[KANON_MAX_QI];
	/* The fields that may go into an export: bit per field index of
	 * each category (never identity, bsn, or free text). */
	uint32_t fields[ZK_CAT_COUNT];
};

struct profile;
/*
 * Reads root's "research" object (a jansson json_t *, passed as void *
 * so that this header does not need jansson) into p->research; absent,
 * p->research.set stays 0 and no study can be made. Needs p's roles and
 * categories read. On error *cause reads "NAME: research...: what".
 */
int profile_research_read(const void *root, struct profile *p, const char *name,
			  char **cause);

#endif
