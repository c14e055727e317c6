/*
 * requests_int.h: what the request files of the service share
 * (requests.c, request_export.c).
 */
#ifndef ZK_REQUESTS_INT_H
#define ZK_REQUESTS_INT_H

#include <jansson.h>

#include "service/service_int.h"
#include "store/store_rq.h"

/*
 * The request's deadline under profile p as JSON: due (null while
 * suspended), carry_out_by, extension, rule, days_left, overdue and
 * due_soon. The suspensions are appended to suspensions when not NULL.
 */
int request_deadline(struct service *svc, int64_t tenant,
		     const struct profile *p, const struct store_rq *r,
		     json_t *suspensions, json_t **out);

/*
 * The request as its handler sees it, with its deadline, history and
 * withheld entries; reasons are opened with x's key when x is not NULL.
 */
int request_json(struct service *svc, int64_t tenant, const struct profile *p,
		 const struct store_rq *r, const struct store_subject *x,
		 json_t **out);

/* INZ-2: how many entries are withheld from the request. */
int request_count_withheld(struct service *svc, int64_t tenant, int64_t request,
			   int *n);

#endif
