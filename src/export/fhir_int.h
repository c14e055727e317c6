/*
 * fhir_int.h: what the writer (fhir.c) and the reader (fhir_read.c) of the
 * FHIR R4 Bundle share: the code systems and identifier systems of the
 * profile (docs/fhir.md), the mapping of representative kinds to HL7 v3
 * RoleCode, the limits, and base64 for attachments.
 */
#ifndef ZK_FHIR_INT_H
#define ZK_FHIR_INT_H

#include <stdbool.h>
#include <stddef.h>

/* Systems of HL7, DICOM, LOINC and Nictiz. */
#define FHIR_SYS_BSN "http://fhir.nl/fhir/NamingSystem/bsn"
#define FHIR_SYS_ROLECODE "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
#define FHIR_SYS_ACTCODE "http://terminology.hl7.org/CodeSystem/v3-ActCode"
#define FHIR_SYS_PARTTYPE                                                      \
	"http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
#define FHIR_SYS_DATAOP "http://terminology.hl7.org/CodeSystem/v3-DataOperation"
#define FHIR_SYS_SCOPE "http://terminology.hl7.org/CodeSystem/consentscope"
#define FHIR_SYS_LOINC "http://loinc.org"
#define FHIR_SYS_DCM "http://dicom.nema.org/resources/ontology/DCM"
#define FHIR_SYS_REST "http://hl7.org/fhir/restful-interaction"
#define FHIR_SYS_ENTITY_TYPE                                                   \
	"http://terminology.hl7.org/CodeSystem/audit-entity-type"
#define FHIR_SYS_OBJECT_ROLE "http://terminology.hl7.org/CodeSystem/object-role"
#define FHIR_SYS_SOURCE_TYPE                                                   \
	"http://terminology.hl7.org/CodeSystem/security-source-type"

/* zorgkluis's own identifier systems and code systems (URNs, no OIDs). */
#define FHIR_ID_SUBJECT "urn:zorgkluis:subject"
#define FHIR_ID_REPRESENTATIVE "urn:zorgkluis:representative"
#define FHIR_ID_ENTRY "urn:zorgkluis:entry"
#define FHIR_ID_CONSENT "urn:zorgkluis:consent"
#define FHIR_ID_USER "urn:zorgkluis:user"
#define FHIR_CS_CATEGORY "urn:zorgkluis:category"
#define FHIR_CS_KIND "urn:zorgkluis:entry-kind"
#define FHIR_CS_REPKIND "urn:zorgkluis:representative-kind"
#define FHIR_CS_PURPOSE "urn:zorgkluis:purpose"
#define FHIR_CS_RECIPIENT "urn:zorgkluis:recipient-kind"
/* INF-2: the organisation that sent a Bundle (Bundle.meta.tag). */
#define FHIR_CS_ORGANISATION "urn:zorgkluis:organisation"
#define FHIR_CS_LOG_ACTION "urn:zorgkluis:log-action"
#define FHIR_CS_POR "urn:zorgkluis:por"
#define FHIR_EXT_FORM "urn:zorgkluis:consent-form"
#define FHIR_EXT_EXPLICIT "urn:zorgkluis:consent-explicit"
#define FHIR_EXT_TIMES "urn:zorgkluis:log-times"

#define FHIR_TEXT_PLAIN "text/plain; charset=utf-8"
#define FHIR_JSON "application/json"

/* POR-2: what a Bundle read back may hold. */
#define FHIR_MAX_ENTRIES 10000
#define FHIR_MAX_TEXT (1024 * 1024) /* one attachment, decoded */
#define FHIR_MAX_STRING 4096	    /* a name, a code, a reference */

/*
 * A representative's kind (policy/representation.h) and the HL7 v3
 * RoleCode that says the same, or NULL where none fits (mentor): the
 * kind itself always travels too, in FHIR_CS_REPKIND.
 */
struct fhir_rolemap {
	const char *kind;
	const char *code;
	const char *display;
};
extern const struct fhir_rolemap fhir_roles[];
extern const size_t fhir_nroles;

/*
 * Base64 of n bytes as a new NUL-terminated string, or NULL when out of
 * memory.
 */
char *fhir_b64_encode(const void *p, size_t n);
/*
 * Decodes base64 s (white space allowed) into a new NUL-terminated buffer
 * of *n bytes; ZK_EINVAL when s is no base64, ZK_ETOOBIG beyond limit.
 */
int fhir_b64_decode(const char *s, size_t limit, char **out, size_t *n);

/*
 * True when s may stand as a FHIR code: not empty, no control characters,
 * no white space at either end nor two in a row, at most
 * FHIR_MAX_STRING bytes.
 */
bool fhir_code_ok(const char *s);

#endif
