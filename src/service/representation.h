/*
 * representation.h: representation managed over time, through the door
 * (REP-1 to REP-6): ending and changing a representation, the lapse of a
 * capacity assessment and the good-controller exception of REP-5.
 * representation.c implements it; consent.c keeps registering them.
 */
#ifndef ZK_SERVICE_REPRESENTATION_H
#define ZK_SERVICE_REPRESENTATION_H

#include <stdbool.h>

#include "service/service.h"

/*
 * REP-1, REP-6: ends the representation uid from now: from this moment it
 * no longer acts (svc_may_act_for() and every act that asks it pass it
 * over); what it did before stays as it was. ZK_ECONFLICT when it ended
 * already, ZK_ENOTFOUND when there is no such representative.
 */
int svc_representative_end(struct service *svc, const struct actor *a,
			   const char *uid, char **cause);

/* What a change sets: kind NULL and -1 leave a field as it is. */
struct svc_rep_change {
	const char *kind;
	int declines, absent, legal_consent;
};

/*
 * REP-1, REP-2: changes a current representation in place (its kind,
 * whether they decline or are absent, the curator's consent of W§4.1);
 * the next decision weighs it as changed. ZK_EINVAL for an unknown kind
 * or nothing to change; ZK_ECONFLICT once it has ended.
 */
int svc_representative_change(struct service *svc, const struct actor *a,
			      const char *uid, const struct svc_rep_change *in,
			      char **cause);

/*
 * REP-4: lets assessment uid lapse on day on (YYYY-MM-DD; NULL: today):
 * from that day it counts for nothing. A lapse is never moved later.
 */
int svc_capacity_lapse(struct service *svc, const struct actor *a,
		       const char *uid, const char *on, char **cause);

/*
 * REP-5 (M§7.8, W§4.5): records that addressing the subject's
 * representative is incompatible with the care of a good controller,
 * with the reason (sealed); from then on the letters and copies of the
 * subject's requests are addressed to the subject. With reason NULL the
 * exception is lifted (ZK_ENOTFOUND when none was recorded).
 */
int svc_direct_address(struct service *svc, const struct actor *a,
		       const char *subject_uid, const char *reason,
		       char **cause);

/*
 * REP-4: svc_capacity_add_by() with the matter's scope ("general",
 * "privacy" or "treatment"; NULL: general) and the day it lapses (NULL:
 * it does not; after assessed_on). Implemented in consent.c.
 */
int svc_capacity_add_terms(struct service *svc, const struct actor *a,
			   const char *assessor, const char *subject_uid,
			   bool able, const char *assessed_on,
			   const char *matter, const char *scope,
			   const char *lapses_on, char uid[ZK_UUID_LEN],
			   char **cause);

#endif
