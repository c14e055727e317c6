/*
 * research.h: studies and their anonymised exports (RES-1, RES-2, OBJ-1,
 * M§6.6, W§9.5, W§9.7), through the one door like service.h. The roles
 * come from the profile's "research" section: its managers register
 * studies and make exports; the roles named per condition confirm it.
 * Results are jansson objects owned by the caller.
 */
#ifndef ZK_RESEARCH_H
#define ZK_RESEARCH_H

#include <stdbool.h>

#include <jansson.h>

#include "core/zk.h"
#include "service/service.h"

/*
 * RES-1: registers a study: its name, purpose and requester, and its
 * basis, "consent" (the subjects' consent to the researcher kind) or
 * "conditions" (every RES-1 condition, confirmed one by one). Writes the
 * new study's uid.
 */
int svc_study_add(struct service *svc, const struct actor *a, const char *name,
		  const char *purpose, const char *requester, const char *basis,
		  char uid[ZK_UUID_LEN], char **cause);

/*
 * RES-1: a confirms condition ("public_interest", "necessary",
 * "consent_impracticable", "safeguards") of a study on the conditions
 * basis, in a role the profile names for it; ZK_EDENIED for any other
 * role, ZK_ECONFLICT when it was confirmed before or the study rests on
 * consent.
 */
int svc_study_confirm(struct service *svc, const struct actor *a,
		      const char *study_uid, const char *condition,
		      char **cause);

/* The studies, and one study with its confirmations, what is still
 * missing, and its exports. */
int svc_study_list(struct service *svc, const struct actor *a, json_t **out,
		   char **cause);
int svc_study_show(struct service *svc, const struct actor *a,
		   const char *study_uid, json_t **out, char **cause);

/*
 * RES-1, RES-2, OBJ-1, M§6.6(v): makes an export for the study. Refused
 * (ZK_ECONFLICT, logged, the cause naming what fails) while a condition
 * is unconfirmed, or when the rows cannot be made k-anonymous; without
 * generalise the ladders stop at their first rung. Subjects who objected
 * (and, on the consent basis, subjects without consent) are left out; a
 * note is made in the record of each subject whose row is released. *out
 * holds the columns, the rows (no direct identifier), k, the
 * generalisation used and the export's uid and digest. On a refusal
 * (ZK_ECONFLICT) *out holds its details for the caller to word (the
 * caller's to free): {"reason": "condition_unconfirmed", "rule":
 * "RES-1", "condition"}, {"reason": "without_consent_closed", "rule":
 * "RES-1"}, or {"reason": "not_k_anonymous", "rule": "RES-2", "k",
 * "smallest_class", "rows", "quasi_identifiers", "generalised",
 * "suppressed", "max_suppressed_percent"}; otherwise NULL.
 */
int svc_study_export(struct service *svc, const struct actor *a,
		     const char *study_uid, bool generalise, json_t **out,
		     char **cause);

/* M§6.6(v): the notes in a subject's record, read as their identity. */
int svc_study_notes(struct service *svc, const struct actor *a,
		    const char *subject_uid, json_t **out, char **cause);

/* The export *out of svc_study_export() as CSV (header, then rows) into
 * out (initialised by the caller). */
int svc_study_csv(const json_t *export, struct zk_buf *out);

#endif
