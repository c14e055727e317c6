/*
 * holds.h: legal holds (RET-3; M§12.2, W§15.3) and the end of a subject's
 * relationship, the facts of retention the service sets (holds.c).
 *
 * Who may (deny by default): a hold is set by the professional
 * responsible for the subject today (a "responsible" care relation: good
 * care requires keeping it, M§12.2(ii)) or by a user of base role dpo
 * (the subject's request, another's interest); it is lifted by the DPO
 * alone, who oversees that data is not kept longer than needed (M§16,
 * W§16.4). The list is read by both and by the system. The end of the
 * relationship is set by the DPO or the system. Every act is logged
 * under RET-3 (holds) or RET-2 (the end), with no content: the reason is
 * sealed with the subject's key and never goes into the log.
 */
#ifndef ZK_SERVICE_HOLDS_H
#define ZK_SERVICE_HOLDS_H

#include <jansson.h>

#include "service/service.h"

#define SVC_HOLD_REASON_MAX 2000

/*
 * Sets a hold over subject_uid, over one category (NULL: all of it), for
 * reason (1 to SVC_HOLD_REASON_MAX bytes). The new hold's uid goes to
 * uid. ZK_EINVAL for bad input, ZK_ENOTFOUND for an unknown subject,
 * ZK_EDENIED when a may not.
 */
int svc_hold_add(struct service *svc, const struct actor *a,
		 const char *subject_uid, const char *category,
		 const char *reason, char uid[ZK_UUID_LEN], char **cause);

/* Lifts hold_uid (the DPO). ZK_ECONFLICT when it was lifted already. */
int svc_hold_lift(struct service *svc, const struct actor *a,
		  const char *hold_uid, char **cause);

/*
 * The subject's holds, lifted ones too, with their reasons, as
 * {"holds":[{"id","subject","category","reason","set_by","since",
 * "lifted_at","lifted_by","active"}]}; *out is the caller's.
 */
int svc_hold_list(struct service *svc, const struct actor *a,
		  const char *subject_uid, json_t **out, char **cause);

/*
 * RET-2: sets (day "YYYY-MM-DD") or clears (day NULL) the end of the
 * subject's relationship: end of care, employment or application.
 */
int svc_retention_set_ended(struct service *svc, const struct actor *a,
			    const char *subject_uid, const char *day,
			    char **cause);

#endif
