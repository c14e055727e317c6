/*
 * fhir_facade.h: the FHIR R4 side of the one door (docs/fhir.md, "The
 * read facade" and "Transfer"): what GET /fhir/... reads, what POST /fhir
 * registers, and the transfer of a granted portability request to another
 * controller (POR-2). Every read goes through the same service functions
 * as /api/v1, so it is decided and logged the same way (LOG-1); src/export
 * turns the results into FHIR resources.
 *
 * Results are new JSON references owned by the caller (json_decref).
 */
#ifndef ZK_FHIR_FACADE_H
#define ZK_FHIR_FACADE_H

#include <jansson.h>

#include "service/service.h"

/*
 * The Patient resource of client uid, as the collection Bundle has it,
 * read as svc_subject_get() reads the identity. A subject that is no
 * client, or of another organisation, is ZK_ENOTFOUND (SCOPE-1, SCOPE-3).
 */
int svc_fhir_patient(struct service *svc, const struct actor *a,
		     const char *uid, json_t **out, char **cause);

/*
 * The Patients whose identifier is value in system: zorgkluis's own
 * (urn:zorgkluis:subject, the id) or the BSN
 * (http://fhir.nl/fhir/NamingSystem/bsn). A JSON array, empty when none
 * is found, and also for a client the actor may not see: the search never
 * tells that one exists (ACC-1). Each one found is read and logged as
 * svc_fhir_patient() does; a BSN is compared only for clients whose BSN
 * the actor may read, and a match is logged as a read of the BSN.
 */
int svc_fhir_patient_search(struct service *svc, const struct actor *a,
			    const char *system, const char *value, json_t **out,
			    char **cause);

/*
 * Patient/{uid}/$everything: the collection Bundle of POR-1
 * (svc_subject_assemble() and fhir_bundle()).
 */
int svc_fhir_everything(struct service *svc, const struct actor *a,
			const char *uid, json_t **out, char **cause);

/* The Consent resources of client uid (svc_consent_list()). */
int svc_fhir_consents(struct service *svc, const struct actor *a,
		      const char *uid, json_t **out, char **cause);

/*
 * The AuditEvent resources of client uid: the subject's view of the log
 * in the IHE BALP shape, for whom svc_subject_log() allows (LOG-6).
 */
int svc_fhir_audit(struct service *svc, const struct actor *a, const char *uid,
		   json_t **out, char **cause);

/*
 * POR-2, INF-2: registers the client of a transaction Bundle (read by
 * fhir_read_transaction()) with identity, entries, representatives and
 * consents in one transaction: all of it, or nothing. The actor must be
 * allowed to create each category of it for a client in their care
 * (ACC-1); else the whole import is refused (ZK_EDENIED) and that is
 * logged. The client is recorded as obtained elsewhere (event
 * subject.import, reason obtained_elsewhere, rule INF-2) and is not
 * recorded as informed, so it stays on the information-duty report
 * (INF-3) until someone records the notice given. *out is the
 * transaction-response Bundle: one entry per request entry, "201 Created"
 * with the location of what was made. *subject_uid, when not NULL,
 * receives the new client's id.
 */
int svc_fhir_import(struct service *svc, const struct actor *a,
		    const json_t *bundle, json_t **out,
		    char subject_uid[ZK_UUID_LEN], char **cause);

/* --- transfer to another controller (transfer.c, POR-2) ------------------ */

/* The outcome of a transfer, as the request's history records it. */
struct svc_transfer {
	long status;	    /* the receiver's HTTP status, 0 when none */
	char location[256]; /* the receiver's Patient, or "" */
	char error[256];    /* why it failed, or "" */
};

/*
 * Sends the client of granted (or partly granted) portability request uid
 * to the FHIR base URL to (http or https) as a transaction Bundle, with
 * the bearer token when not NULL, and records the outcome in the request's
 * history ("transferred" or "transfer_failed") and in the log (event
 * request.transfer, action E; never the Bundle). Returns 0 when the
 * receiver took it (2xx); ZK_EINVAL for a bad URL or token; ZK_ECONFLICT
 * for a request that is no granted portability request; ZK_EDENIED when
 * the actor may not read all of the record; ZK_EIO when the receiver
 * refused it or could not be reached (res says how, and that is
 * recorded).
 *
 * svc_transfer_send() and svc_transfer_record() are its two halves, for
 * the HTTP server, where the recording runs in the log writer's batch.
 */
int svc_request_transfer(struct service *svc, const struct actor *a,
			 const char *uid, const char *to, const char *token,
			 struct svc_transfer *res, char **cause);
int svc_transfer_send(struct service *svc, const struct actor *a,
		      const char *uid, const char *to, const char *token,
		      struct svc_transfer *res, char **cause);
int svc_transfer_record(struct service *svc, const struct actor *a,
			const char *uid, const char *to,
			const struct svc_transfer *res, char **cause);

#endif
