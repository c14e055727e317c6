/*
 * breaches_int.h: what the breach register's files share (breaches.c,
 * breaches_text.c).
 */
#ifndef ZK_BREACHES_INT_H
#define ZK_BREACHES_INT_H

#include "policy/breach.h"
#include "service/service_int.h"
#include "store/store_breach.h"

/*
 * The clock of breach b at now, as the API shows it: breach_clock()'s
 * answer in *ans, and as JSON in *out (assessed, notify_ap, ap_due,
 * hours_left, overdue, late, ap_notified, notify_subjects,
 * subject_exemption, public_notice, exemption_refused, rule).
 */
int breach_clock_of(const struct svc_tenant *t, const struct store_breach *b,
		    int64_t now, struct breach_answer *ans, json_t **out);

/*
 * The text of the notification to the AP (ap) or to the subjects, in
 * Dutch or English (en), from the DPO's view of a breach (full, as
 * GET /breaches/{id} answers) and the profile's DPO contact. *text is
 * the caller's to free.
 */
int breach_text_make(const struct profile *p, json_t *full, int ap, int en,
		     char **text);

#endif
