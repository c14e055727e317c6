/*
 * breaches.h: what the breach register (breaches.c) offers beyond
 * service.h's svc_breach_*: the list by state, the close, and the texts
 * as PDF (BRE-1 to BRE-3, FG-1). Only the DPO (base role dpo) may.
 */
#ifndef ZK_BREACHES_H
#define ZK_BREACHES_H

#include <jansson.h>

#include "core/zk.h"
#include "service/service.h"

/*
 * The register, state "open" (NULL: the same), "closed" or "all"; *out
 * is {"breaches": [...]} as svc_breach_list() answers. ZK_EINVAL for any
 * other state.
 */
int svc_breach_list_state(struct service *svc, const struct actor *a,
			  const char *state, json_t **out, char **cause);

/*
 * BRE-1: the DPO closes breach uid with {"reason": text}: the reason is
 * sealed, the time and the DPO recorded, and the act logged
 * (breach.close). A closed breach's clock no longer runs and every later
 * change is ZK_ECONFLICT. *out is the breach as svc_breach_show() gives.
 */
int svc_breach_close(struct service *svc, const struct actor *a,
		     const char *uid, json_t *in, json_t **out, char **cause);

/*
 * BRE-2, BRE-3: the text of svc_breach_text() rendered as an A4 PDF,
 * appended to out (initialised by the caller, with its limit). Logged as
 * breach.text_pdf.
 */
int svc_breach_text_pdf(struct service *svc, const struct actor *a,
			const char *uid, const char *which, const char *lang,
			struct zk_buf *out, char **cause);

#endif
