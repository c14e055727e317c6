/*
 * processors.c: the register of processors and their agreements (PRC-1,
 * M§4.3, W§6, W§16), through the door.
 *
 * PRC-1 names four things an agreement binds a processor to: processing
 * only on instruction, the security duties, audits and secrecy. GDPR art.
 * 28(3) asks two more of every such agreement: conditions for engaging
 * sub-processors (28(2), 28(3)(d)) and help with breaches (28(3)(f), arts.
 * 33-34). The stricter of the two is followed: all six are required. A
 * processor is flagged, with each reason, when it has no agreement, when
 * the agreement has expired or is not yet signed, when a binding is
 * missing, or when it sits outside the EEA in a country without an
 * adequacy decision and no transfer of the transfer register names it
 * (SEC-2).
 */
#include <stdio.h>
#include <string.h>

#include "policy/disclosure.h"
#include "service/registers_int.h"
#include "store/store_registers.h"

static const char *const processors_fields[] = {
    "name",	     "processes",   "country",	"certified", "signed_on",
    "valid_until",   "instruction", "security", "audit",     "secrecy",
    "subprocessors", "breach",	    NULL};

/* Reads in into p; every field required when all. */
static int
processors_input(const json_t *in, bool all, struct store_processor *p,
		 char **cause)
{
	const char *name, *processes, *country;
	int rc;

	if ((rc = registers_only(in, processors_fields, cause)) != 0 ||
	    (rc = registers_str(in, "name", sizeof p->name, false, all, &name,
				cause)) != 0 ||
	    (rc = registers_str(in, "processes", sizeof p->processes, true, all,
				&processes, cause)) != 0 ||
	    (rc = registers_str(in, "country", 3, false, all, &country,
				cause)) != 0 ||
	    (rc = registers_bool(in, "certified", &p->certified, cause)) != 0)
		return rc;
	if (name != NULL)
		zk_strlcpy(p->name, name, sizeof p->name);
	if (processes != NULL)
		zk_strlcpy(p->processes, processes, sizeof p->processes);
	if (country != NULL) {
		if (strlen(country) != 2 || country[0] < 'A' ||
		    country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z' ||
		    disclosure_adequacy(country, NULL) == ADEQUACY_INVALID)
			return zk_fail(cause, ZK_EINVAL,
				       "country must be an ISO 3166-1 alpha-2 "
				       "code in capitals, such as NL (SEC-2)");
		zk_strlcpy(p->country, country, sizeof p->country);
	}
	if (json_object_get(in, "signed_on") != NULL &&
	    (rc = registers_date(in, "signed_on", false, p->signed_on,
				 cause)) != 0)
		return rc;
	if (json_object_get(in, "valid_until") != NULL &&
	    (rc = registers_date(in, "valid_until", false, p->valid_until,
				 cause)) != 0)
		return rc;
	for (int i = 0; i < STORE_PROCESSOR_NBINDS; i++)
		if ((rc = registers_bool(in, store_processor_binds[i],
					 &p->binds[i], cause)) != 0)
			return rc;
	if (p->valid_until[0] != '\0' && p->signed_on[0] == '\0')
		return zk_fail(cause, ZK_EINVAL,
			       "valid_until needs signed_on: an agreement "
			       "that was not signed is no agreement");
	if (p->valid_until[0] != '\0' &&
	    strcmp(p->valid_until, p->signed_on) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "valid_until is before signed_on");
	return 0;
}

/* PRC-1: the reasons p has no valid agreement on day, into a new array
 * (empty when it has one). */
static json_t *
processors_reasons(const struct store_processor *p, const char *day)
{
	json_t *r = json_array();
	bool needs_cert = false;
	enum adequacy ad = disclosure_adequacy(p->country, &needs_cert);
	char why[64];

	if (r == NULL)
		return NULL;
	if (p->signed_on[0] == '\0') {
		json_array_append_new(r, json_string("no_agreement"));
		return r;
	}
	if (strcmp(p->signed_on, day) > 0)
		json_array_append_new(r, json_string("not_yet_signed"));
	if (p->valid_until[0] != '\0' && strcmp(p->valid_until, day) < 0)
		json_array_append_new(r, json_string("expired"));
	for (int i = 0; i < STORE_PROCESSOR_NBINDS; i++) {
		if (p->binds[i])
			continue;
		snprintf(why, sizeof why, "missing_%s",
			 store_processor_binds[i]);
		json_array_append_new(r, json_string(why));
	}
	if ((ad == ADEQUACY_NONE ||
	     (ad == ADEQUACY_DECISION && needs_cert && !p->certified)) &&
	    p->transfers == 0)
		json_array_append_new(r, json_string("no_transfer_basis"));
	return r;
}

static json_t *
processors_json(const struct store_processor *p, const char *day)
{
	json_t *reasons = processors_reasons(p, day), *o, *binds;

	if (reasons == NULL)
		return NULL;
	binds = json_object();
	for (int i = 0; binds != NULL && i < STORE_PROCESSOR_NBINDS; i++)
		json_object_set_new(binds, store_processor_binds[i],
				    json_boolean(p->binds[i]));
	o = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s?, s:s?, s:o*, s:b, s:o,"
		      " s:s, s:s, s:s?, s:s?}",
		      "id", p->uid, "name", p->name, "processes", p->processes,
		      "country", p->country, "certified", p->certified,
		      "signed_on", p->signed_on[0] ? p->signed_on : NULL,
		      "valid_until", p->valid_until[0] ? p->valid_until : NULL,
		      "binds", binds, "valid", json_array_size(reasons) == 0,
		      "reasons", reasons, "created_at", p->created_at,
		      "created_by", p->created_by, "updated_at",
		      p->updated_at[0] ? p->updated_at : NULL, "updated_by",
		      p->updated_by[0] ? p->updated_by : NULL);
	return o;
}

int
svc_processor_add(struct service *svc, const struct actor *a, const json_t *in,
		  char uid[ZK_UUID_LEN], char **cause)
{
	struct store_processor p;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	memset(&p, 0, sizeof p);
	if ((rc = processors_input(in, true, &p, cause)) != 0)
		return rc;
	zk_uuid_new(p.uid);
	zk_time_fmt(zk_now(), p.created_at);
	zk_strlcpy(p.created_by, a->user_uid, sizeof p.created_by);
	if ((rc = registers_begin(svc, a, &ev, "register.processor.create", 'C',
				  "processor", p.uid, REGISTERS_WRITE, "PRC-1",
				  &t, cause)) != 0)
		return rc;
	rc = store_processor_create(svc->store, a->tenant, &p, NULL);
	return svc_log_created(svc, a, &ev, rc, p.uid, uid, cause);
}

int
svc_processor_edit(struct service *svc, const struct actor *a, const char *uid,
		   const json_t *in, char **cause)
{
	struct store_processor p;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	if (!json_is_object(in) || json_object_size(in) == 0)
		return zk_fail(cause, ZK_EINVAL, "nothing to change");
	if ((rc = registers_begin(svc, a, &ev, "register.processor.update", 'U',
				  "processor", uid, REGISTERS_WRITE, "PRC-1",
				  &t, cause)) != 0)
		return rc;
	rc = store_processor_get(svc->store, a->tenant, uid, &p);
	if (rc != 0)
		return svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
					"no_such_processor", "PRC-1", cause,
					"no processor %s", uid);
	/* The input is checked against the row it changes: a new
	 * valid_until must still follow the signing. */
	if ((rc = processors_input(in, false, &p, cause)) != 0) {
		char *why = cause != NULL ? *cause : NULL;

		if (cause != NULL)
			*cause = NULL;
		rc = svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
				      "bad_input", "PRC-1", cause, "%s",
				      why != NULL ? why : "bad input");
		free(why);
		return rc;
	}
	zk_time_fmt(zk_now(), p.updated_at);
	zk_strlcpy(p.updated_by, a->user_uid, sizeof p.updated_by);
	rc = store_processor_update(svc->store, a->tenant, &p);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

struct processors_list {
	json_t *out;
	char day[ZK_DATE_LEN];
	bool invalid_only;
};

static int
processors_add(void *arg, const struct store_processor *p)
{
	struct processors_list *l = arg;
	json_t *o = processors_json(p, l->day);

	if (o == NULL)
		return ZK_ENOMEM;
	if (l->invalid_only && json_is_true(json_object_get(o, "valid"))) {
		json_decref(o);
		return 0;
	}
	return json_array_append_new(l->out, o) != 0 ? ZK_ENOMEM : 0;
}

static int
processors_read(struct service *svc, const struct actor *a, bool invalid_only,
		json_t **out, char **cause)
{
	struct processors_list l;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	*out = NULL;
	if ((rc = registers_begin(
		 svc, a, &ev,
		 invalid_only ? "report.processors" : "register.processor.list",
		 'R', "processor", NULL, REGISTERS_READ, "PRC-1", &t, cause)) !=
	    0)
		return rc;
	memset(&l, 0, sizeof l);
	zk_date_fmt(svc_today(svc), l.day);
	l.invalid_only = invalid_only;
	if ((*out = l.out = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_processor_list(svc->store, a->tenant, processors_add,
					  &l);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

int
svc_processor_list(struct service *svc, const struct actor *a, json_t **out,
		   char **cause)
{
	return processors_read(svc, a, false, out, cause);
}

int
svc_processor_report(struct service *svc, const struct actor *a, json_t **out,
		     char **cause)
{
	return processors_read(svc, a, true, out, cause);
}
