/*
 * requests_deceased.h: the requests of next of kin about a deceased
 * subject (INZ-5, W§10.4, WGBO 7:458a), and the hooks by which the other
 * request files defer to them.
 */
#ifndef ZK_SERVICE_REQUESTS_DECEASED_H
#define ZK_SERVICE_REQUESTS_DECEASED_H

#include <jansson.h>

#include "service/service.h"
#include "store/store_rq.h"

/* The purpose of a child's objection to release after their death. */
#define KIN_OBJECTION "release_after_death"

/* A next of kin's request for access to or a copy of a deceased's data. */
struct svc_kin_request {
	const char *subject;	    /* the deceased's uid */
	const char *kind;	    /* "access" or "copy" */
	const char *received;	    /* YYYY-MM-DD, not in the future */
	const char *channel;	    /* paper (NULL), email, portal, in_person */
	const char *answer_channel; /* NULL: as RQ-1 */
	const char *name;	    /* the relative's name (sealed) */
	const char *relation;	    /* spouse_partner, child, parent, sibling,
				       other_relative or heir */
};

/*
 * INZ-5: registers a next of kin's request about subject, who must have
 * died: they have no right of their own, so it is not decided by the
 * request handler but by the treating professional (svc_kin_decide()).
 * Registered by whoever may read the subject's identity, as any request.
 * ZK_ECONFLICT when the subject has not died.
 */
int svc_kin_request_add(struct service *svc, const struct actor *a,
			const struct svc_kin_request *in, char uid[ZK_UUID_LEN],
			char **cause);

/* The treating professional's decision on a next of kin's request. */
struct svc_kin_decision {
	const char *decision; /* granted, partly or refused */
	/* presumed_consent, weighty_interest, consented_in_life,
	 * incident_notice or parent_of_child_under_16; NULL when refused */
	const char *ground;
	json_t *categories;  /* the categories released; [] or NULL: none */
	json_t *entries;     /* entry uids released beside them, or NULL */
	const char *reasons; /* needed for partly and refused (RQ-5) */
};

/*
 * INZ-5: decides request uid. Only the treating professional decides:
 * the user with a responsible care relation with the deceased in force
 * on the day of death or today; when there is none, the user the
 * request was assigned to. Anyone else is refused (ZK_EDENIED, logged).
 * A grant names its ground and what it releases; the copy and the access
 * show only that. parent_of_child_under_16 needs a parent of a child who
 * died before 16, and is refused (ZK_EDENIED) when the child objected
 * from 12 (an objection with purpose KIN_OBJECTION).
 */
int svc_kin_decide(struct service *svc, const struct actor *a, const char *uid,
		   const struct svc_kin_decision *in, char **cause);

/* --- hooks for the service's own files -------------------------------- */

/*
 * For requests.c's decide: ZK_ECONFLICT (logged on ev, rule INZ-5) when
 * r is a next of kin's request, which only svc_kin_decide() decides; 0
 * otherwise. In the act's open transaction.
 */
int svc_kin_guard(struct service *svc, const struct actor *a,
		  struct audit_event *ev, const struct store_rq *r,
		  char **cause);

/*
 * For request_export.c: the addressee of r's letters and copy in place of
 * *to. A next of kin's request goes to the relative ("next_of_kin", with
 * the relation as basis); a representative's goes to the subject when
 * the REP-5 exception is recorded. subject_name (may be NULL) names the
 * subject then. Opens its own read transaction.
 */
int svc_kin_addressee(struct service *svc, int64_t tenant,
		      const struct store_rq *r, const char *subject_name,
		      json_t **to);

/*
 * For request_export.c: limits the assembly o of r to what the decision
 * on a next of kin's request released (INZ-5): the entries of the
 * categories and the entries named, and none of the registers or the
 * log; sets its addressee. Nothing changes for other requests.
 */
int svc_kin_limit(struct service *svc, int64_t tenant, const struct store_rq *r,
		  json_t *o);

/* For consent.c: 0 when by may object to release after death (the
 * subject themself, from 12: INZ-5), else ZK_EINVAL. */
int svc_kin_objection_check(struct service *svc, const struct actor *a,
			    const struct store_subject *x, const char *by);

#endif
