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

/* Checks optional or required text of at most REQUEST_MAX_TEXT bytes. */
int request_check_text(const char *s, const char *what, bool required,
		       char **cause);
/* Whether a may handle requests: the DPO, or the system. */
bool request_handler(const struct actor *a, const struct svc_tenant *t);
/* Whether a request in state may still change before its decision. */
bool request_open_state(const char *state);
/* Refuses an act the request's state does not allow (logged). */
int request_conflict(struct service *svc, const struct actor *a,
		     struct audit_event *ev, const char *rule, char **cause,
		     const char *msg);
/*
 * Starts an act on request uid: the tenant, the transaction (a write one
 * when write), the request and ev; refuses (logged) anyone but a handler
 * or, when assignee_may, the request's assignee.
 */
int request_begin(struct service *svc, const struct actor *a, const char *uid,
		  const char *event, char action, int write, bool assignee_may,
		  struct svc_tenant **t, struct store_rq *r,
		  struct audit_event *ev, char *on_behalf, size_t n,
		  char *checks, size_t nchecks, char **cause);

/*
 * request_carry.c. Whether requests of kind change the record (COR, ERA,
 * SHD, RST): they carry out the changes recorded with them.
 */
bool request_changes_record(const char *kind);
/*
 * Before a carry_out: does each change of granted request uid not done
 * yet, each an act of its own, logged by the service that does it, and
 * marks it done. Returns 0 without doing anything when the request is not
 * one to carry out by a (the act then refuses it, logged).
 */
int request_carry_apply(struct service *svc, const struct actor *a,
			const char *uid, char **cause);
/*
 * In carry_out's transaction: refuses (ZK_ECONFLICT, *msg says why) unless
 * every change of r was done; opens the COR-3 notices to recipients.
 */
int request_carry_check(struct service *svc, const struct actor *a,
			const struct store_rq *r, const char **msg);
/* The changes of r as JSON, content and reasons left sealed. */
int request_changes_json(struct service *svc, int64_t tenant,
			 const struct store_rq *r, json_t **out);

#endif
