/*
 * disclosure_stub.c: TEMPORARY, for the branch i14-register only, so that
 * the disclosure register builds and can be tested before the real
 * decision (policy/disclosure.c, policy/adequacy.c) is merged. Delete it
 * with disclosure_stub.h when merging. It gives only what the register's
 * tests assert and the real function must give too:
 *   - SEC-2: outside the EEA only to a country with an adequacy
 *     decision, the United States only for a certified recipient;
 *   - DIS-3: a kind the profile forbids is refused, consent or not;
 *   - DIS-1: a legal obligation or a consent permits;
 *   - DIS-2, OBJ-1: a kind the profile opens without consent is
 *     permitted unless the subject objected; an objection to an insurer
 *     stops the risk assessment only (M§6.2.ii);
 *   - anything else is refused.
 */
#include <string.h>

#include "policy/disclosure.h"
#include "policy/disclosure_stub.h"

static const char *const stub_eea[] = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR",
    "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
    "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"};
static const char *const stub_adequate[] = {"AD", "AR", "CA", "FO", "GG",
					    "IL", "IM", "JP", "JE", "NZ",
					    "KR", "CH", "GB", "UY", "US"};
static const char *const stub_purposes[DISCLOSURE_FOR_COUNT] = {
    "unspecified", "treatment", "risk_assessment", "contract_execution",
    "research"};
static const struct {
	const char *name;
	enum profile_recipient kind;
} stub_kinds[] = {
    {"specialist", PROFILE_TO_SPECIALIST},
    {"care_provider", PROFILE_TO_CARE_PROVIDER},
    {"insurer", PROFILE_TO_INSURER},
    {"directly_involved", PROFILE_TO_DIRECTLY_INVOLVED},
    {"statistics", PROFILE_TO_STATISTICS},
    {"researcher", PROFILE_TO_RESEARCHER},
    {"public_body", PROFILE_TO_PUBLIC_BODY},
    {"other", PROFILE_TO_OTHER},
};

int
profile_recipient_parse(const char *s)
{
	for (size_t i = 0; s != NULL && i < ZK_ARRAY_SIZE(stub_kinds); i++)
		if (strcmp(s, stub_kinds[i].name) == 0)
			return (int)stub_kinds[i].kind;
	/* The names of the profile as it is on this branch. */
	for (int r = 0; s != NULL && r < PROFILE_TO_COUNT; r++)
		if (strcmp(s, profile_recipient_name(
				  (enum profile_recipient)r)) == 0)
			return r;
	return -1;
}

enum adequacy
disclosure_adequacy(const char *country, bool *needs_cert)
{
	if (needs_cert != NULL)
		*needs_cert = false;
	for (size_t i = 0; country != NULL && i < ZK_ARRAY_SIZE(stub_eea); i++)
		if (strcmp(country, stub_eea[i]) == 0)
			return ADEQUACY_EEA;
	for (size_t i = 0; country != NULL && i < ZK_ARRAY_SIZE(stub_adequate);
	     i++)
		if (strcmp(country, stub_adequate[i]) == 0) {
			if (needs_cert != NULL)
				*needs_cert = strcmp(country, "US") == 0;
			return ADEQUACY_DECISION;
		}
	return ADEQUACY_NONE;
}

int
disclosure_purpose_parse(const char *s)
{
	for (int i = 0; s != NULL && i < DISCLOSURE_FOR_COUNT; i++)
		if (strcmp(s, stub_purposes[i]) == 0)
			return i;
	return -1;
}

const char *
disclosure_purpose_name(enum disclosure_purpose p)
{
	return (unsigned)p < DISCLOSURE_FOR_COUNT ? stub_purposes[p] : "?";
}

/* Fills out; returns 1, so that a rule can end the decision. */
static int
stub_answer(struct disclosure_answer *out, bool permit, const char *ground,
	    const char *rule)
{
	out->permit = permit;
	out->ground = ground;
	out->rule = rule;
	return 1;
}

static int
stub_decide(const struct profile *p, const struct disclosure_facts *f,
	    struct disclosure_answer *out)
{
	const struct profile_recipient_rule *r;
	bool cert;

	switch (disclosure_adequacy(f->country, &cert)) {
	case ADEQUACY_EEA:
		break;
	case ADEQUACY_DECISION:
		if (cert && !f->certified)
			return stub_answer(out, false, "not_certified",
					   "SEC-2");
		break;
	default:
		return stub_answer(out, false, "outside_eea", "SEC-2");
	}
	if ((unsigned)f->recipient_kind >= PROFILE_TO_COUNT)
		return stub_answer(out, false, "kind_forbidden", "DIS-3");
	r = &p->recipients[f->recipient_kind];
	if (r->set && !r->allowed && !f->legal_obligation)
		return stub_answer(out, false, "kind_forbidden", "DIS-3");
	if (f->legal_obligation)
		return stub_answer(out, true, "legal_obligation", "DIS-1");
	if (f->consent)
		return stub_answer(out, true, "consent", "DIS-1");
	if (r->set && r->without_consent) {
		bool scoped = f->recipient_kind != PROFILE_TO_INSURER ||
			      f->purpose == DISCLOSURE_FOR_RISK_ASSESSMENT;

		if (r->unless_objected && f->objection && scoped)
			return stub_answer(out, false, "objection", "OBJ-1");
		if (r->identifiable || !f->identifiable)
			return stub_answer(out, true,
					   f->recipient_kind ==
						   PROFILE_TO_INSURER
					       ? "insurer"
					       : "exception",
					   "DIS-2");
	}
	return stub_answer(out, false, "no_consent",
			   f->subject_deceased ? "DIS-5" : "DIS-1");
}

void
disclosure_decide(const struct profile *p, const struct disclosure_facts *f,
		  struct disclosure_answer *out)
{
	(void)stub_decide(p, f, out);
}
