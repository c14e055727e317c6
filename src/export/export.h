/*
 * export.h: what zorgkluis hands to a client or to another controller:
 * the human-readable copy and the letters as PDF (cairo and pango), and
 * the portable copy as a FHIR R4 Bundle. Nothing here reads the store or
 * the log: the service assembles the data (the "assembly", whose shape is
 * tests/fixtures/assembly.json) under its own authorisation and passes it
 * in, so these are pure transformations of JSON into bytes.
 */
#ifndef ZK_EXPORT_H
#define ZK_EXPORT_H

#include <jansson.h>

#include "core/zk.h"

/*
 * The copy of INZ-1 to INZ-6 as an A4 PDF in lang ("nl" or "en"):
 * identity, entries by category with corrections beside their originals,
 * consents, representatives, objections, the information given, the
 * art. 15 information, the scheme and the log as a table. Appends the PDF
 * to out.
 */
int export_copy_pdf(const json_t *assembly, const char *lang,
		    struct zk_buf *out, char **cause);

/*
 * A letter of RQ-5 and RQ-6 as an A4 PDF. letter is
 *   {"letter": "acknowledgement" | "identity" | "extension" | "decision",
 *    "lang": "nl" | "en", "date": "YYYY-MM-DD",
 *    "organisation": {as in the assembly},
 *    "addressee": {"kind": "subject" | "representative" | "next_of_kin",
 *                  "name", "basis"},
 *    "subject": {"name", "birth_date"},
 *    "request": {"id", "kind", "received", "due", "extended_due",
 *                "decision": "granted" | "partly" | "refused" | null,
 *                "reasons", "withheld": [{"entry", "reason"}],
 *                "fee": null | "EUR 5,00"}}
 */
int export_letter_pdf(const json_t *letter, struct zk_buf *out, char **cause);

/*
 * POR-1: the assembly as a FHIR R4 Bundle of type "collection" or, for a
 * transfer to another controller (POR-2), "transaction". *out is a new
 * reference.
 */
int fhir_bundle(const json_t *assembly, const char *type, json_t **out,
		char **cause);

/*
 * POR-2, the other way: reads a transaction Bundle made by fhir_bundle()
 * (or by another system in the same shape) back into an assembly with the
 * subject's identity, entries, representatives and consents. Anything it
 * cannot place is an error naming the entry, never silently dropped.
 */
int fhir_read_transaction(const json_t *bundle, json_t **assembly,
			  char **cause);

#endif
