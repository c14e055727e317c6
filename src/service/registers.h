/*
 * registers.h: the DPO's registers through the door (FG-1, PRC-1, CMP-1,
 * SEC-2): the art. 30 register of processing activities (registers.c),
 * the processors and their agreements (processors.c), the complaints
 * (complaints.c) and the transfers outside the EEA (registers.c).
 *
 * Who: the DPO (base role dpo) reads and keeps every register; the board
 * (base role board) reads them, but not what a complaint is about; every
 * other role, the administrator included, is refused (deny by default).
 * Every call is logged, refusals too (LOG-1), without a complaint's
 * content.
 *
 * Inputs are JSON objects as the API takes them; the service checks them
 * and answers ZK_EINVAL with a cause naming the field. Results are new
 * JSON values owned by the caller.
 */
#ifndef ZK_SERVICE_REGISTERS_H
#define ZK_SERVICE_REGISTERS_H

#include <jansson.h>

#include "service/service.h"

/* --- processing activities (FG-1) ----------------------------------- */

/*
 * Seeds the register from the tenant's profile: one activity per
 * purpose, with its legal bases, the kinds of subject, the categories,
 * the kinds of recipient, the transfers registered and the retention.
 * An activity the DPO edited is never overwritten. *changed: how many
 * were added or refreshed.
 */
int svc_activity_seed(struct service *svc, const struct actor *a, int *changed,
		      char **cause);
/* The activities: {"id","purpose_id","name",...,"edited_at","edited_by"}. */
int svc_activity_list(struct service *svc, const struct actor *a, json_t **out,
		      char **cause);
/* An activity by hand: every text of store_activity_fields required. */
int svc_activity_add(struct service *svc, const struct actor *a,
		     const json_t *in, char uid[ZK_UUID_LEN], char **cause);
/* Changes the texts in (any of them); records who and when. */
int svc_activity_edit(struct service *svc, const struct actor *a,
		      const char *uid, const json_t *in, char **cause);
/*
 * The register as a document appended to out: format "csv" (RFC 4180,
 * UTF-8, CRLF) or "pdf" (lang "nl" or "en", NULL: nl).
 */
int svc_activity_export(struct service *svc, const struct actor *a,
			const char *format, const char *lang,
			struct zk_buf *out, char **cause);

/* --- processors (PRC-1) ------------------------------------------------ */

/*
 * in: name, processes, country (ISO 3166-1 alpha-2), certified,
 * signed_on, valid_until (YYYY-MM-DD or null), and the bindings
 * instruction, security, audit, secrecy, subprocessors, breach (bool).
 */
int svc_processor_add(struct service *svc, const struct actor *a,
		      const json_t *in, char uid[ZK_UUID_LEN], char **cause);
/* Changes the fields in (any of those of svc_processor_add). */
int svc_processor_edit(struct service *svc, const struct actor *a,
		       const char *uid, const json_t *in, char **cause);
/* The processors, each with "valid" and, when not, "reasons". */
int svc_processor_list(struct service *svc, const struct actor *a, json_t **out,
		       char **cause);
/* PRC-1: only the processors without a valid agreement, with reasons. */
int svc_processor_report(struct service *svc, const struct actor *a,
			 json_t **out, char **cause);

/* --- complaints (CMP-1) ------------------------------------------------ */

/*
 * The AP route every answer and letter about a complaint names (CMP-1),
 * in lang ("nl" or "en"; anything else: nl). A static string.
 */
const char *svc_complaint_ap_route(const char *lang);

/*
 * in: received_on, channel, complainant (subject, representative,
 * other), subject (a subject's id, optional), matter (text), handling
 * (text, optional).
 */
int svc_complaint_add(struct service *svc, const struct actor *a,
		      const json_t *in, char uid[ZK_UUID_LEN], char **cause);
/* Changes matter or handling of an open complaint. */
int svc_complaint_edit(struct service *svc, const struct actor *a,
		       const char *uid, const json_t *in, char **cause);
/* Closes it: outcome (upheld, partly_upheld, not_upheld, withdrawn),
 * closed_on, and the answer given (text). */
int svc_complaint_close(struct service *svc, const struct actor *a,
			const char *uid, const json_t *in, char **cause);
/* The complaints; the content only for the DPO. */
int svc_complaint_list(struct service *svc, const struct actor *a, json_t **out,
		       char **cause);
int svc_complaint_get(struct service *svc, const struct actor *a,
		      const char *uid, json_t **out, char **cause);

/* --- transfers outside the EEA (SEC-2) --------------------------------- */

/*
 * in: recipient, processor (id, optional), country, certified, what,
 * basis (adequacy, scc, bcr, code_of_conduct, certification,
 * legal_instrument, authorised_clauses), basis_ref. Refused (ZK_EDENIED,
 * rule SEC-2) when the country has no adequacy decision and the basis is
 * none of art. 46; ZK_EINVAL for a country in the EEA.
 */
int svc_transfer_add(struct service *svc, const struct actor *a,
		     const json_t *in, char uid[ZK_UUID_LEN], char **cause);
int svc_transfer_list(struct service *svc, const struct actor *a, json_t **out,
		      char **cause);

#endif
