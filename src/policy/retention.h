/*
 * retention.h: when data may be destroyed and by when it must be (RET-1 to
 * RET-4).
 *
 * retention_decide() is a pure function, like authz_decide() and
 * deadline_eval(): it reads the profile and the facts of one datum (its
 * category, the kind of its subject, when it was made, when the subject's
 * record last changed, when the relationship ended, how many legal holds
 * are active, and the day of the decision) and nothing else. The store
 * keeps the facts (store_retention.h); the retention sweep asks this
 * function once per candidate and destroys what is due. Dates are days
 * since 1970-01-01 (core/zk.h); RETENTION_NO_DATE stands for a date that
 * is not known or does not exist.
 *
 * The decision, in order:
 *  1. RET-3 (M§12.2, W§15.3): an active legal hold keeps the datum; no
 *     dates, not due.
 *  2. The profile's rule for the category and the subject's kind
 *     (profile_retention_rule()): its period counted from its start:
 *     creation (entry_created), last_change (record_last_change: the last
 *     change of the subject's record, not of this entry, WGBO 7:454(3)) or
 *     end_of_relationship (relationship_ended: end of care, of employment,
 *     of the application). A start not yet known (the relationship still
 *     runs) gives no dates and not due.
 *  3. RET-1, the law is a floor: for the client record (the health
 *     categories care, medical and special of any subject, and identity
 *     and bsn of a client, which the record cannot do without) the datum
 *     is never destroyed before 20 years from the record's last change
 *     (WGBO 7:454(3)), whatever the profile says (W§15.1a says 15 years
 *     from creation). The later of the two dates wins; floor says whether
 *     the law's date did.
 *  4. RET-4 (W§15.2): destroy_by is destroy_from plus three months.
 *  5. due: the decision's day is on or after destroy_from.
 * A category without a rule in the profile and outside the floor is kept
 * (no dates): the profile must name a period first (RET-2).
 */
#ifndef ZK_RETENTION_H
#define ZK_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "policy/vocab.h"
#include "profile/profile.h"

/* A date that is not known or does not exist. */
#define RETENTION_NO_DATE INT32_MIN

/* The facts of one datum, as the store keeps them. */
struct retention_facts {
	enum zk_category category;
	enum zk_kind kind;	    /* the kind of the datum's subject */
	int32_t entry_created;	    /* the day the datum was made */
	int32_t record_last_change; /* the last change of the subject's
				       record; RETENTION_NO_DATE: take
				       entry_created */
	int32_t relationship_ended; /* end of care, employment or
				       application; RETENTION_NO_DATE while
				       it runs */
	int holds;		    /* active legal holds over this datum */
	int32_t on;		    /* the day of the decision */
};

/* Where the period that decided was counted from. */
enum retention_start {
	RETENTION_START_NONE, /* no period applies (hold, no rule) */
	RETENTION_START_CREATION,
	RETENTION_START_LAST_CHANGE,
	RETENTION_START_END_OF_RELATIONSHIP
};

struct retention_answer {
	int32_t destroy_from;	      /* RETENTION_NO_DATE: not (yet) known */
	int32_t destroy_by;	      /* destroy_from + 3 months (RET-4) */
	bool due;		      /* on >= destroy_from */
	const char *rule;	      /* "RET-1", "RET-2" or "RET-3" (static) */
	enum retention_start start;   /* of the period that decided */
	int32_t start_date;	      /* RETENTION_NO_DATE if unknown */
	struct profile_period period; /* n = 0 when none applies */
	bool floor;	  /* the law's 20 years decided, not the profile */
	bool unknown;	  /* the start of the period is not yet known */
	const char *cite; /* the source of the period (points into the
			     profile or is static); "" if none */
};

/*
 * Decides on the facts f under profile p into *out. Never fails: a
 * category or kind out of range is treated as having no rule (kept).
 * out->cite points into p (or a static string) and lives as long as p.
 */
void retention_decide(const struct profile *p, const struct retention_facts *f,
		      struct retention_answer *out);

/* Whether the law's floor (WGBO 7:454(3)) covers category c of kind k. */
bool retention_floor_applies(enum zk_category c, enum zk_kind k);

/* "creation", "last_change", "end_of_relationship" or "none". Static. */
const char *retention_start_name(enum retention_start s);

#endif
