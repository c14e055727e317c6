/*
 * registers_int.h: what the files of the registers share (registers.c,
 * processors.c, complaints.c): who may do what, and the checks of their
 * JSON input.
 */
#ifndef ZK_SERVICE_REGISTERS_INT_H
#define ZK_SERVICE_REGISTERS_INT_H

#include "service/registers.h"
#include "service/service_int.h"

enum registers_need {
	REGISTERS_READ,	   /* the DPO and the board */
	REGISTERS_WRITE,   /* the DPO */
	REGISTERS_CONTENT, /* a complaint's content: the DPO */
};

/*
 * Starts an operation on a register: the tenant, the event (event,
 * action, object_type, object_uid) and the transaction (a write one when
 * need is REGISTERS_WRITE or write is set). When a may not, logs the
 * refusal (rule ACC-1) and returns ZK_EDENIED; else sets the event's
 * role, reason and rule and returns 0.
 */
int registers_begin(struct service *svc, const struct actor *a,
		    struct audit_event *ev, const char *event, char action,
		    const char *object_type, const char *object_uid,
		    enum registers_need need, const char *rule,
		    struct svc_tenant **t, char **cause);

/* Whether a may read a complaint's content (the DPO, or the system). */
bool registers_content(const struct actor *a, const struct svc_tenant *t);

/*
 * The string member name of in, checked: at most max-1 bytes of UTF-8
 * text (several lines when lines). Absent or null: *out NULL, and
 * ZK_EINVAL when required. Returns 0 or ZK_EINVAL with a cause.
 */
int registers_str(const json_t *in, const char *name, size_t max, bool lines,
		  bool required, const char **out, char **cause);
/* A date member "YYYY-MM-DD" into out ("" when absent or null). */
int registers_date(const json_t *in, const char *name, bool required,
		   char out[ZK_DATE_LEN], char **cause);
/* A boolean member: 0 or 1 into *out; left alone when absent. */
int registers_bool(const json_t *in, const char *name, int *out, char **cause);
/* ZK_EINVAL when in has a member not in names (NULL-terminated). */
int registers_only(const json_t *in, const char *const *names, char **cause);

/*
 * SEC-2: whether data may go to country: NULL when it may on basis (an
 * adequacy decision, or an art. 46 safeguard), else the reason. certified
 * is whether the recipient is certified where the decision needs it.
 */
const char *registers_transfer_refusal(const char *country, bool certified,
				       const char *basis);

#endif
