/*
 * disclosure_stub.h: TEMPORARY, for the branch i14-register only, until
 * policy/disclosure.c and the renamed recipient kinds of profile.h are
 * merged. It maps the new names of enum profile_recipient to the old
 * ones and declares profile_recipient_parse(). Delete this file and
 * disclosure_stub.c, and the include of it in service/disclosures.c and
 * tests/integration/test_disclosures.c, when merging.
 */
#ifndef ZK_DISCLOSURE_STUB_H
#define ZK_DISCLOSURE_STUB_H

#include "profile/profile.h"

#define PROFILE_TO_SPECIALIST PROFILE_TO_REFERRING_SPECIALIST
#define PROFILE_TO_CARE_PROVIDER PROFILE_TO_TREATING_PROVIDER
#define PROFILE_TO_RESEARCHER PROFILE_TO_RESEARCH
/* No public_body before the rename: the stub treats it as "other". */
#define PROFILE_TO_PUBLIC_BODY PROFILE_TO_OTHER

/* The kind of recipient named s (the new names), or -1. */
int profile_recipient_parse(const char *s);

#endif
