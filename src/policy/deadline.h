/*
 * deadline.h: when a data subject's request must be answered (RQ-2, RQ-3).
 *
 * deadline_eval() is a pure function, like authz_decide(): it reads the
 * profile and the facts of one request (the kind, the day it came in, the
 * suspensions while proof of identity was asked, whether and when the
 * requester was told of an extension) and nothing else; the request
 * service stores the facts and shows the answer. Dates are days since
 * 1970-01-01 (core/zk.h).
 */
#ifndef ZK_DEADLINE_H
#define ZK_DEADLINE_H

#include <stdbool.h>
#include <stdint.h>

#include "profile/profile.h"

/* The kinds of request, finer than the profile's sections. */
enum rq_kind {
	RQ_ACCESS,
	RQ_COPY,
	RQ_PORTABILITY,
	RQ_RECTIFICATION,
	RQ_COMPLETION,
	RQ_ERASURE,
	RQ_SHIELDING,
	RQ_RESTRICTION,
	RQ_OBJECTION,
	RQ_LOG,
	RQ_SCHEME,
	RQ_KIND_COUNT
};

/* "access", ..., "log", "scheme"; "?" outside the enum. Static. */
const char *rq_kind_name(enum rq_kind k);

/* The kind named s, or -1 (also for NULL). */
int rq_kind_parse(const char *s);

/*
 * The profile section whose periods apply to k. Rectification, completion
 * and shielding are one request to correct (COR-1: correct, complete,
 * delete or shield); the log and the scheme are part of access (M§9.4-9.5,
 * INZ-3). Out of range: PROFILE_RQ_ACCESS.
 */
enum profile_request rq_kind_section(enum rq_kind k);

/*
 * True when day is a public holiday of the Algemene termijnenwet art. 3:
 * New Year's Day, Easter Monday, Ascension Day, Whit Monday, King's Day,
 * 5 May, Christmas and Boxing Day. Weekends are not holidays here.
 */
bool zk_nl_holiday(int32_t day);

/* The first day on or after day that is no Saturday, Sunday or holiday. */
int32_t zk_next_working_day(int32_t day);

/* RQ-3: the request was suspended on [from, to); open: no end yet. */
struct deadline_suspension {
	int32_t from;
	int32_t to; /* ignored when open */
	bool open;
};

struct deadline_in {
	enum rq_kind kind;
	int32_t received; /* the day the request came in */
	const struct deadline_suspension *susp; /* nsusp of them, or NULL */
	int nsusp;
	bool extended;	     /* the requester was told of an extension */
	int32_t extended_on; /* ... on this day (when extended) */
};

enum deadline_extension {
	DEADLINE_EXT_NONE,	 /* not extended */
	DEADLINE_EXT_VALID,	 /* extended in time: due moved */
	DEADLINE_EXT_TOO_LATE,	 /* told after the first due date */
	DEADLINE_EXT_NOT_ALLOWED /* the profile allows no extension */
};

struct deadline_out {
	bool suspended; /* RQ-3: an open suspension; no dates */
	int32_t due;	/* the answer is due on this day at the latest */
	bool has_carry_out;
	int32_t carry_out_by; /* the request is carried out by this day */
	int32_t first_due;    /* due before any extension */
	enum deadline_extension extension;
	const char *rule; /* "RQ-2", or "RQ-3" when suspended; static */
};

/*
 * Computes the deadlines of request in under profile p (RQ-2, RQ-3); the
 * decisions are spelled out in deadline.c. Returns 0, or ZK_EINVAL with
 * *cause (when cause is not NULL; the caller frees it) for impossible
 * facts: a kind outside the enum, a suspension that ends before it
 * starts, starts before the request came in or overlaps another, an
 * extension told before the request came in, a date outside 1800-9999.
 * *out is fully written on success.
 */
int deadline_eval(const struct profile *p, const struct deadline_in *in,
		  struct deadline_out *out, char **cause);

/* "valid", "too_late", "not_allowed", or NULL for DEADLINE_EXT_NONE. */
const char *deadline_extension_name(enum deadline_extension e);

#endif
