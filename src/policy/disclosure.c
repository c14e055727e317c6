/*
 * disclosure.c: whether data of a subject may go to a third party (DIS-1
 * to DIS-5, OBJ-1, SEC-2), decided from the profile's rules for the kind
 * of recipient and the facts of one disclosure. Pure: the disclosure
 * register and `zorgkluis policy eval disclosure` gather the facts and
 * record or print the answer.
 *
 * The rules are tried in one order, and the first that decides names
 * itself in the answer:
 *
 *   SEC-2  the recipient's country: the EEA, or a country with an
 *          adequacy decision (the United States for a certified
 *          recipient only); nothing opens another country, not even a
 *          legal obligation, because a Dutch statute cannot set aside the
 *          GDPR's chapter V;
 *   DIS-3  a kind the profile forbids is refused, even with consent,
 *          unless the law obliges the disclosure: the profile cannot
 *          override a statute (docs/decisions.md);
 *   DIS-1  a legal obligation permits; a kind only the law opens
 *          (public_body) is refused without one;
 *   DIS-2  a kind that receives non-identifiable data only (statistics,
 *          M§13.4.ii, W§9.5) is refused identifiable data, consent or
 *          not;
 *   DIS-1  consent permits;
 *   DIS-2  the profile's exceptions without consent permit, unless one
 *          rests on "unless the subject objected" and the subject did,
 *          for a purpose within the objection's scope (OBJ-1: M§6.2.ii
 *          lets an objection stop the insurer's risk assessment, not the
 *          execution of the insurance contract);
 *   DIS-1  otherwise deny; for a deceased subject the deny names DIS-5:
 *          the duty of confidentiality survives death (M§13.1, W§10.4),
 *          so nothing is relaxed.
 */
#include <string.h>

#include "policy/disclosure.h"

static const char *const disclosure_purposes[DISCLOSURE_FOR_COUNT] = {
    "unspecified",	  "treatment", "risk_assessment",
    "contract_execution", "research",
};

int
disclosure_purpose_parse(const char *s)
{
	if (s == NULL)
		return -1;
	for (int i = 0; i < DISCLOSURE_FOR_COUNT; i++)
		if (strcmp(disclosure_purposes[i], s) == 0)
			return i;
	return -1;
}

const char *
disclosure_purpose_name(enum disclosure_purpose p)
{
	return (unsigned)p < DISCLOSURE_FOR_COUNT ? disclosure_purposes[p]
						  : "?";
}

static void
disclosure_answer(struct disclosure_answer *out, bool permit,
		  const char *ground, const char *rule)
{
	out->permit = permit;
	out->ground = ground;
	out->rule = rule;
}

/*
 * OBJ-1: whether an objection reaches a disclosure for purpose. A scope
 * of 0 is every purpose. A disclosure whose purpose is not given is
 * inside every scope: only one shown to be outside escapes the
 * objection.
 */
static bool
disclosure_objection_reaches(const struct profile_recipient_rule *r,
			     enum disclosure_purpose purpose)
{
	if (r->objection_scope == 0 || purpose == DISCLOSURE_FOR_UNSPECIFIED)
		return true;
	return (r->objection_scope & (1u << purpose)) != 0;
}

/* The ground of a DIS-2 exception, by kind (and purpose for insurers). */
static const char *
disclosure_exception_ground(const struct disclosure_facts *f)
{
	switch (f->recipient_kind) {
	case PROFILE_TO_SPECIALIST:
	case PROFILE_TO_CARE_PROVIDER:
		return "treatment";
	case PROFILE_TO_INSURER:
		if (f->purpose == DISCLOSURE_FOR_RISK_ASSESSMENT)
			return "risk_assessment";
		if (f->purpose == DISCLOSURE_FOR_CONTRACT_EXECUTION)
			return "contract_execution";
		return "insurer";
	case PROFILE_TO_DIRECTLY_INVOLVED:
		return "directly_involved";
	case PROFILE_TO_STATISTICS:
		return "statistics";
	default:
		return "exception";
	}
}

void
disclosure_decide(const struct profile *p, const struct disclosure_facts *f,
		  struct disclosure_answer *out)
{
	const struct profile_recipient_rule *r;
	bool needs_cert;

	/* Deny by default: whatever falls through is refused. */
	if ((unsigned)f->recipient_kind >= PROFILE_TO_COUNT) {
		disclosure_answer(out, false, "unknown_kind", "DIS-1");
		return;
	}
	r = &p->recipients[f->recipient_kind];

	/* SEC-2: the country first; nothing below opens another. */
	switch (disclosure_adequacy(f->country, &needs_cert)) {
	case ADEQUACY_EEA:
		break;
	case ADEQUACY_DECISION:
		if (needs_cert && !f->certified) {
			disclosure_answer(out, false, "not_certified", "SEC-2");
			return;
		}
		break;
	case ADEQUACY_NONE:
		disclosure_answer(out, false, "outside_eea", "SEC-2");
		return;
	default:
		disclosure_answer(out, false, "unknown_country", "SEC-2");
		return;
	}

	/* DIS-3: a forbidden kind stays closed to consent and exceptions;
	 * only a statutory duty reaches past the profile. */
	if (!r->allowed && !f->legal_obligation) {
		disclosure_answer(out, false, "kind_forbidden", "DIS-3");
		return;
	}
	if (f->legal_obligation) {
		disclosure_answer(out, true, "legal_obligation", "DIS-1");
		return;
	}
	if (r->only_by_law) {
		disclosure_answer(out, false, "only_by_law", "DIS-1");
		return;
	}

	/* M§13.4.ii, W§9.5: such a recipient gets data that cannot be
	 * traced to the subject, whatever else allows it. */
	if (f->identifiable && !r->identifiable) {
		disclosure_answer(out, false, "identifiable", "DIS-2");
		return;
	}
	if (f->consent) {
		disclosure_answer(out, true, "consent", "DIS-1");
		return;
	}
	if (r->without_consent) {
		if (r->unless_objected && f->objection &&
		    disclosure_objection_reaches(r, f->purpose)) {
			disclosure_answer(out, false, "objection", "OBJ-1");
			return;
		}
		disclosure_answer(out, true, disclosure_exception_ground(f),
				  "DIS-2");
		return;
	}
	/* DIS-5: death relaxes nothing; the same deny, named for it. */
	disclosure_answer(out, false, "no_consent",
			  f->subject_deceased ? "DIS-5" : "DIS-1");
}
