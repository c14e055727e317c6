/*
 * breach.h: the clock of a personal data breach (BRE-1 to BRE-3; GDPR
 * art. 33 and 34; M§15, W§17).
 *
 * breach_clock() is a pure function, like deadline_eval(): it reads the
 * profile's breach settings and the facts of one breach (when the
 * organisation became aware of it, the assessed risk and the exemptions
 * from telling the subjects) and answers whether the AP and the subjects
 * must be told, and by when. The breach service stores the facts and
 * shows the answer with every breach; `zorgkluis policy eval breach`
 * prints it. Times are UTC seconds since the epoch (core/zk.h).
 */
#ifndef ZK_BREACH_H
#define ZK_BREACH_H

#include <stdbool.h>
#include <stdint.h>

#include "profile/profile.h"

/* GDPR art. 33(1): 72 hours, by the clock, weekends and holidays too. */
#define BREACH_AP_HOURS 72

/* The risk to the rights and freedoms of people, as the DPO assessed it. */
enum breach_risk {
	BREACH_RISK_NONE, /* unlikely to result in a risk: registered only */
	BREACH_RISK_SOME, /* a risk: the AP is told (BRE-2) */
	BREACH_RISK_HIGH, /* a high risk: the subjects too (BRE-3) */
	BREACH_RISK_COUNT
};

/* BRE-3, art. 34(3): why the subjects need not be told one by one. */
enum breach_exemption {
	BREACH_EXEMPT_NONE,
	BREACH_EXEMPT_ENCRYPTED,    /* encrypted and inaccessible (a) */
	BREACH_EXEMPT_RISK_REMOVED, /* measures took the high risk away (b) */
	BREACH_EXEMPT_DISPROPORTIONATE, /* a public notice instead (c) */
	BREACH_EXEMPT_COUNT
};

/* "none", "risk", "high"; "?" outside the enum. Static. */
const char *breach_risk_name(enum breach_risk r);
/* The risk named s, or -1 (also for NULL). */
int breach_risk_parse(const char *s);
/* "encrypted", "risk_removed", "disproportionate"; NULL for none. */
const char *breach_exemption_name(enum breach_exemption e);

struct breach_facts {
	int64_t aware_at; /* when the organisation became aware (art. 33(1)) */
	enum breach_risk risk;
	bool encrypted;
	bool risk_removed;
	bool disproportionate;
};

struct breach_answer {
	bool notify_ap;
	int64_t ap_due; /* aware_at + 72 hours; meaningful with notify_ap */
	bool notify_subjects;
	enum breach_exemption exemption; /* why the subjects are not told */
	bool public_notice;		 /* the exemption's public notice */
	/* The exemption the profile does not allow (M: no public notice),
	 * so the subjects are told after all; BREACH_EXEMPT_NONE if none. */
	enum breach_exemption refused;
	const char *rule; /* "BRE-1", "BRE-2" or "BRE-3"; static */
};

/*
 * Decides for one breach. p may be NULL (the law's defaults: every
 * exemption of art. 34(3) allowed). Returns 0, or ZK_EINVAL when the facts
 * are out of range (a risk outside the enum, a time before 1970 or after
 * 9999) with *cause set if cause is not NULL.
 */
int breach_clock(const struct profile *p, const struct breach_facts *f,
		 struct breach_answer *a, char **cause);

/*
 * The hours left until due at instant now, rounded down (negative when
 * overdue: -1 means between one second and an hour late).
 */
int64_t breach_hours_left(int64_t due, int64_t now);

/*
 * Parses an ISO 8601 instant with a time zone: 2026-12-04T16:30:00Z or
 * 2026-12-04T17:30:00+01:00 (seconds may be left out). Returns 0 and the
 * UTC seconds, or ZK_EINVAL.
 */
int breach_time_parse(const char *s, int64_t *out);

#endif
