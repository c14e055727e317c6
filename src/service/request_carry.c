/*
 * request_carry.c: the requests that change the record. A request to
 * correct or complete (COR-1), erase (ERA-1), shield (SHD-1) or restrict
 * (RST-1) says what it changes: its handler records each change before
 * the decision, and `carry_out` does them once the request is granted.
 *
 * Each change is an act of its own, decided at the door and logged by the
 * service that does it (entries, erasure, shielding, restriction). The
 * granted decision is the authority: the actor carrying it out acts with
 * the request (struct actor's carry_ fields) for the actions that change
 * needs on that subject only, whatever their own role may do. A change
 * that was done is marked so, so that a carry-out broken off half-way
 * goes on where it stopped; the request is carried out when all are.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "crypto/seal.h"
#include "policy/vocab.h"
#include "service/requests_int.h"
#include "store/store_rq_change.h"

#define CARRY_MAX_CHANGES 64
#define CARRY_MAX_ENTRIES 4096

/* Which changes each kind of request may record. */
static const struct {
	const char *kind;
	const char *ops[3];
} carry_kinds[] = {
    /* Removing a wrong entry is erasing that entry (COR-1). */
    {"rectification", {"correct", "erase", NULL}},
    {"completion", {"complete", NULL, NULL}},
    {"erasure", {"erase", NULL, NULL}},
    {"shielding", {"shield", NULL, NULL}},
    {"restriction", {"restrict", NULL, NULL}},
};

/* ERA-1 (W§11.3, GDPR art. 17(1)): why data is erased. */
static const char *const carry_erase_grounds[] = {"no_longer_needed",
						  "consent_withdrawn",
						  "objection_upheld",
						  "unlawful",
						  "legal_obligation",
						  "information_society",
						  NULL};

/* GDPR art. 18(1), W§12: why processing is restricted. */
static const char *const carry_restrict_grounds[] = {
    "accuracy_contested", "unlawful", "legal_claim", "objection_pending", NULL};

static bool
carry_in(const char *const *set, const char *s)
{
	for (; s != NULL && *set != NULL; set++)
		if (strcmp(*set, s) == 0)
			return true;
	return false;
}

bool
request_changes_record(const char *kind)
{
	for (size_t i = 0; i < sizeof carry_kinds / sizeof carry_kinds[0]; i++)
		if (strcmp(carry_kinds[i].kind, kind) == 0)
			return true;
	return false;
}

static bool
carry_op_allowed(const char *kind, const char *op)
{
	for (size_t i = 0; i < sizeof carry_kinds / sizeof carry_kinds[0]; i++)
		if (strcmp(carry_kinds[i].kind, kind) == 0)
			return carry_in(carry_kinds[i].ops, op);
	return false;
}

/* Checks what can be checked before the request is read. */
static int
carry_check_input(const struct svc_request_change *in, char **cause)
{
	const char *op = in->op;
	int rc;

	if (op == NULL ||
	    !carry_in((const char *const[]){"correct", "complete", "erase",
					    "shield", "restrict", NULL},
		      op))
		return zk_fail(cause, ZK_EINVAL,
			       "the change is correct, complete, erase, "
			       "shield or restrict");
	if (in->entry != NULL && !zk_uuid_valid(in->entry))
		return zk_fail(cause, ZK_EINVAL, "not an entry id");
	if (strcmp(op, "correct") == 0 || strcmp(op, "complete") == 0) {
		if (in->entry == NULL)
			return zk_fail(cause, ZK_EINVAL,
				       "name the entry the %s is about (COR-2)",
				       strcmp(op, "correct") == 0 ? "correction"
								  : "addition");
		if (!json_is_object(in->content))
			return zk_fail(cause, ZK_EINVAL,
				       "content must be a JSON object with the "
				       "entry's fields (COR-2)");
		if ((rc = request_check_text(in->reason, "the reason", false,
					     cause)) != 0)
			return rc;
		if (in->reason != NULL && strlen(in->reason) > 1000)
			return zk_fail(cause, ZK_EINVAL,
				       "the reason for a correction is at most "
				       "1000 bytes (COR-2)");
	} else if (in->content != NULL || in->reason != NULL) {
		return zk_fail(cause, ZK_EINVAL,
			       "only a correction or an addition has content "
			       "and a reason");
	}
	if (strcmp(op, "erase") == 0 &&
	    !carry_in(carry_erase_grounds, in->ground))
		return zk_fail(cause, ZK_EINVAL,
			       "an erasure names its ground (ERA-1): "
			       "no_longer_needed, consent_withdrawn, "
			       "objection_upheld, unlawful, legal_obligation "
			       "or information_society");
	if (strcmp(op, "restrict") == 0 &&
	    !carry_in(carry_restrict_grounds, in->ground))
		return zk_fail(cause, ZK_EINVAL,
			       "a restriction names its ground (RST-1): "
			       "accuracy_contested, unlawful, legal_claim or "
			       "objection_pending");
	if (strcmp(op, "erase") != 0 && strcmp(op, "restrict") != 0 &&
	    in->ground != NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "only an erasure or a restriction has a ground");
	if (strcmp(op, "shield") == 0) {
		if ((in->entry == NULL) == (in->category == NULL))
			return zk_fail(cause, ZK_EINVAL,
				       "a shielding names an entry or a "
				       "category, not both (SHD-1)");
		if (in->category != NULL && vocab_category(in->category) < 0)
			return zk_fail(cause, ZK_EINVAL,
				       "unknown category \"%s\" (CAT-1)",
				       in->category);
	} else if (in->category != NULL) {
		return zk_fail(cause, ZK_EINVAL,
			       "only a shielding names a category");
	}
	if (strcmp(op, "restrict") == 0 && in->entry != NULL)
		return zk_fail(cause, ZK_EINVAL,
			       "a restriction is of the whole record (RST-1)");
	return 0;
}

int
svc_request_change(struct service *svc, const struct actor *a, const char *uid,
		   const struct svc_request_change *in,
		   char change_uid[ZK_UUID_LEN], char **cause)
{
	struct store_rq_change c;
	struct store_subject x;
	struct store_rq r;
	struct svc_tenant *t;
	struct audit_event ev;
	char on_behalf[80], checks[200];
	char *text = NULL;
	int rc;

	if ((rc = carry_check_input(in, cause)) != 0)
		return rc;
	store_rq_init(&r);
	store_rq_change_init(&c);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = request_begin(svc, a, uid, "request.change", 'U', 1, true, &t,
				&r, &ev, on_behalf, sizeof on_behalf, checks,
				sizeof checks, cause)) != 0)
		goto done;
	ev.rule = "COR-1";
	if (!request_changes_record(r.kind) ||
	    !carry_op_allowed(r.kind, in->op)) {
		rc = svc_refuse_input(
		    svc, a, &ev, ZK_EINVAL, ZK_EINVAL, "change_kind", "COR-1",
		    cause, "a request of kind %s does not %s", r.kind, in->op);
		goto done;
	}
	if (!request_open_state(r.state)) {
		rc = request_conflict(svc, a, &ev, "RQ-5", cause,
				      "what a request changes is recorded "
				      "before its decision");
		goto done;
	}
	if (in->entry != NULL) {
		struct store_entry e;

		memset(&e, 0, sizeof e);
		zk_buf_init(&e.content, 0);
		rc = store_entry_get(svc->store, a->tenant, in->entry, &e);
		if (rc == 0 && e.subject_id != r.subject_id)
			rc = ZK_ENOTFOUND;
		zk_buf_release(&e.content);
		if (rc == ZK_ENOTFOUND) {
			rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
					      "unknown_entry", "COR-1", cause,
					      "no such entry of the subject");
			goto done;
		}
		if (rc != 0)
			goto fail;
		zk_strlcpy(c.entry_uid, in->entry, sizeof c.entry_uid);
	}
	zk_uuid_new(c.uid);
	c.request_id = r.id;
	zk_strlcpy(c.op, in->op, sizeof c.op);
	if (in->category != NULL)
		zk_strlcpy(c.category, in->category, sizeof c.category);
	if (in->ground != NULL)
		zk_strlcpy(c.ground, in->ground, sizeof c.ground);
	zk_time_fmt(zk_now(), c.created_at);
	zk_strlcpy(c.created_by, a->system ? "system" : a->username,
		   sizeof c.created_by);
	rc = store_subject_get(svc->store, a->tenant, r.subject_uid, &x);
	if (rc == 0 && in->content != NULL) {
		text = json_dumps(in->content, JSON_COMPACT | JSON_SORT_KEYS);
		rc = text == NULL
			 ? ZK_ENOMEM
			 : svc_seal_text(svc, a->tenant, &x, c.uid,
					 "request_change", text, &c.content);
	}
	if (rc == 0 && in->reason != NULL && in->reason[0] != '\0')
		rc = svc_seal_text(svc, a->tenant, &x, c.uid,
				   "request_change_reason", in->reason,
				   &c.reason);
	if (rc == 0)
		rc = store_rq_change_add(svc->store, a->tenant, &c);
	if (rc == 0 && strcmp(r.state, "received") == 0) {
		zk_strlcpy(r.state, "in_progress", sizeof r.state);
		rc = store_rq_update(svc->store, a->tenant, &r);
	}
	if (rc == 0)
		rc = store_rq_event_add(svc->store, a->tenant, r.id,
					c.created_at, c.created_by,
					"change_recorded", r.state);
	ev.object_type = "request_change";
	ev.object_uid = c.uid;
fail:
	rc = svc_log_created(svc, a, &ev, rc, c.uid, change_uid, cause);
done:
	if (text != NULL) {
		seal_wipe(text, strlen(text));
		free(text);
	}
	store_subject_release(&x);
	store_rq_change_release(&c);
	store_rq_release(&r);
	return rc;
}

/* --- carrying out ------------------------------------------------------ */

struct carry_list {
	int n;
	struct store_rq_change c[CARRY_MAX_CHANGES];
	int too_many;
};

static int
carry_collect(void *arg, const struct store_rq_change *c)
{
	struct carry_list *l = arg;
	struct store_rq_change *d;

	if (l->n == CARRY_MAX_CHANGES) {
		l->too_many = 1;
		return 0;
	}
	d = &l->c[l->n++];
	*d = *c; /* then buffers of its own */
	zk_buf_init(&d->content, 0);
	zk_buf_init(&d->reason, 0);
	if (zk_buf_append(&d->content, c->content.data, c->content.len) != 0 ||
	    zk_buf_append(&d->reason, c->reason.data, c->reason.len) != 0)
		return ZK_ENOMEM;
	return 0;
}

static void
carry_list_release(struct carry_list *l)
{
	for (int i = 0; i < l->n; i++) {
		seal_wipe(l->c[i].content.data, l->c[i].content.len);
		store_rq_change_release(&l->c[i]);
	}
	l->n = 0;
}

/* A correction or an addition: a new sheet beside the entry (COR-2). */
static int
carry_correct(struct service *svc, const struct actor *a,
	      const struct store_subject *x, const struct store_rq_change *c,
	      char made[ZK_UUID_LEN], char **cause)
{
	json_t *content = NULL;
	json_error_t jerr;
	char *text = NULL, *reason = NULL;
	int rc;

	rc = svc_open_text(svc, a->tenant, x, c->uid, "request_change",
			   c->content.data, c->content.len, &text);
	if (rc == 0 && c->reason.len > 0)
		rc = svc_open_text(svc, a->tenant, x, c->uid,
				   "request_change_reason", c->reason.data,
				   c->reason.len, &reason);
	if (rc == 0 && (content = json_loads(text, 0, &jerr)) == NULL)
		rc = ZK_ECORRUPT;
	if (rc != 0) {
		rc = zk_fail(cause, rc, "cannot open the change %s", c->uid);
	} else {
		rc = svc_entry_correct_why(svc, a, c->entry_uid, content,
					   reason, made, NULL, cause);
	}
	json_decref(content);
	if (text != NULL) {
		seal_wipe(text, strlen(text));
		free(text);
	}
	if (reason != NULL) {
		seal_wipe(reason, strlen(reason));
		free(reason);
	}
	return rc;
}

/* Marks change c done, with what it made, in a transaction of its own. */
static int
carry_mark(struct service *svc, const struct actor *a,
	   const struct store_rq_change *c, const char *made, char **cause)
{
	char now[ZK_TIME_LEN];
	int rc;

	zk_time_fmt(zk_now(), now);
	if ((rc = svc_begin_write(svc)) != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	rc = store_rq_change_done(svc->store, a->tenant, c->id, now, made);
	if (rc == 0)
		rc = store_rq_event_add(svc->store, a->tenant, c->request_id,
					now, a->system ? "system" : a->username,
					"change_done", "decided");
	if (rc == 0)
		rc = store_commit(svc->store);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc, "cannot record change %s as done",
			       c->uid);
	}
	return 0;
}

static unsigned
carry_acts(const char *op)
{
	if (strcmp(op, "correct") == 0 || strcmp(op, "complete") == 0)
		return 1u << ZK_ACT_CORRECT | 1u << ZK_ACT_READ;
	if (strcmp(op, "erase") == 0)
		return 1u << ZK_ACT_DESTROY;
	return 0; /* shielding and restriction are no act on the data */
}

static const char *
carry_rule(const char *op)
{
	if (strcmp(op, "erase") == 0)
		return "ERA-3";
	if (strcmp(op, "shield") == 0)
		return "SHD-1";
	if (strcmp(op, "restrict") == 0)
		return "RST-1";
	return "COR-2";
}

static int
carry_one(struct service *svc, const struct actor *a, const struct store_rq *r,
	  const struct store_subject *x, const struct store_rq_change *c,
	  char made[ZK_UUID_LEN], char **cause)
{
	made[0] = '\0';
	if (strcmp(c->op, "correct") == 0 || strcmp(c->op, "complete") == 0)
		return carry_correct(svc, a, x, c, made, cause);
	if (strcmp(c->op, "shield") == 0) {
		struct svc_shield_input in = {
		    .subject_uid = r->subject_uid,
		    .entry_uid = c->entry_uid[0] ? c->entry_uid : NULL,
		    .category = c->category[0] ? c->category : NULL,
		    .request_uid = r->uid,
		};

		return svc_shield_add(svc, a, &in, made, cause);
	}
	if (strcmp(c->op, "restrict") == 0)
		return svc_restriction_add(svc, a, r->subject_uid, c->ground,
					   r->uid, made, cause);
	if (strcmp(c->op, "erase") == 0) {
		const char *entry = c->entry_uid;
		struct svc_erase_input in = {
		    .subject_uid = r->subject_uid,
		    .entry_uids = c->entry_uid[0] ? &entry : NULL,
		    .nentries = c->entry_uid[0] ? 1 : 0,
		    .ground = c->ground,
		    .request_uid = r->uid,
		};
		json_t *record = NULL;
		int rc = svc_erase(svc, a, &in, &record, cause);

		if (rc == ZK_ENOTFOUND) {
			/* Checked when it was recorded, gone now: erased by
			 * a carry-out broken off before it was marked done. */
			free(*cause);
			*cause = NULL;
			rc = 0;
		}

		if (rc == 0)
			zk_strlcpy(
			    made,
			    json_string_value(json_object_get(record, "id"))
				? json_string_value(
				      json_object_get(record, "id"))
				: "",
			    ZK_UUID_LEN);
		json_decref(record);
		return rc;
	}
	return zk_fail(cause, ZK_EINVAL, "cannot carry out a change to %s yet",
		       c->op);
}

/* COR-3: which change of the notice table an op is, or NULL. */
static const char *
carry_notice_change(const char *op)
{
	if (strcmp(op, "correct") == 0)
		return "rectification";
	if (strcmp(op, "complete") == 0)
		return "completion";
	if (strcmp(op, "erase") == 0)
		return "erasure";
	if (strcmp(op, "shield") == 0)
		return "shielding";
	return NULL; /* a restriction is not told to recipients */
}

struct carry_ids {
	int64_t id[CARRY_MAX_ENTRIES];
	int n;
};

static int
carry_id_one(void *arg, const struct store_entry *e)
{
	struct carry_ids *ids = arg;

	if (ids->n < CARRY_MAX_ENTRIES)
		ids->id[ids->n++] = e->id;
	return 0;
}

/*
 * COR-3: before anything changes, opens a notice for each recipient who
 * received the data a change touches (from the disclosure register), in a
 * transaction of its own. Done first because an erasure takes the entries
 * the register names; a recipient already told of the same change is not
 * told twice, so a carry-out that goes on after a break opens none anew.
 */
static int
carry_notices(struct service *svc, const struct actor *a,
	      const struct store_rq *r, const struct carry_list *l, int *opened,
	      char **cause)
{
	struct carry_ids *ids;
	int rc;

	*opened = 0;
	if ((ids = calloc(1, sizeof *ids)) == NULL)
		return zk_fail(cause, ZK_ENOMEM, "out of memory");
	if ((rc = svc_begin_write(svc)) != 0) {
		free(ids);
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	}
	for (int i = 0; rc == 0 && i < l->n; i++) {
		const struct store_rq_change *c = &l->c[i];
		const char *change = carry_notice_change(c->op);
		int n = 0;

		if (change == NULL || c->done_at[0] != '\0')
			continue;
		ids->n = 0;
		if (c->entry_uid[0] != '\0') {
			struct store_entry e;

			memset(&e, 0, sizeof e);
			zk_buf_init(&e.content, 0);
			rc = store_entry_get(svc->store, a->tenant,
					     c->entry_uid, &e);
			if (rc == 0)
				ids->id[ids->n++] = e.id;
			zk_buf_release(&e.content);
			if (rc == ZK_ENOTFOUND) {
				rc = 0; /* erased already: nothing to tell */
				continue;
			}
		} else if (c->category[0] != '\0') {
			rc = store_entry_list(svc->store, a->tenant,
					      r->subject_id, c->category,
					      carry_id_one, ids);
			if (rc == 0 && ids->n == 0)
				continue;
		}
		if (rc == 0)
			rc = svc_notices_open(svc, a->tenant, r->subject_id,
					      change, r->id, ids->id, ids->n,
					      &n);
		*opened += n;
	}
	if (rc == 0)
		rc = store_commit(svc->store);
	free(ids);
	if (rc != 0) {
		store_rollback(svc->store);
		return zk_fail(cause, rc,
			       "cannot open the notices to recipients (COR-3)");
	}
	return 0;
}

int
request_carry_apply(struct service *svc, const struct actor *a, const char *uid,
		    char **cause)
{
	struct carry_list *l;
	struct store_subject x;
	struct store_rq r;
	struct svc_tenant *t;
	int rc, opened = 0;

	if (uid == NULL || !zk_uuid_valid(uid))
		return 0;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((l = calloc(1, sizeof *l)) == NULL)
		return zk_fail(cause, ZK_ENOMEM, "out of memory");
	store_rq_init(&r);
	memset(&x, 0, sizeof x);
	zk_buf_init(&x.identity, 0);
	if ((rc = svc_begin_read(svc)) != 0) {
		rc = zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
		goto done;
	}
	rc = store_rq_get(svc->store, a->tenant, uid, &r);
	if (rc == 0 && request_changes_record(r.kind) &&
	    strcmp(r.state, "decided") == 0 &&
	    strcmp(r.decision, "refused") != 0 &&
	    (request_handler(a, t) ||
	     (r.assignee_id != 0 && r.assignee_id == a->user_id))) {
		rc = store_rq_changes(svc->store, a->tenant, r.id,
				      carry_collect, l);
		if (rc == 0)
			rc = store_subject_get(svc->store, a->tenant,
					       r.subject_uid, &x);
	} else {
		/* Not ours to do here: the act refuses it, logged. */
		store_rollback(svc->store);
		rc = 0;
		goto done;
	}
	store_rollback(svc->store);
	if (rc != 0) {
		rc = zk_fail(cause, rc, "cannot read the request's changes");
		goto done;
	}
	if (rc == 0)
		rc = carry_notices(svc, a, &r, l, &opened, cause);
	for (int i = 0; rc == 0 && i < l->n; i++) {
		struct store_rq_change *c = &l->c[i];
		struct actor ca = *a;
		char made[ZK_UUID_LEN];

		if (c->done_at[0] != '\0')
			continue;
		ca.carry_subject = r.subject_id;
		ca.carry_acts = carry_acts(c->op);
		ca.carry_rule = carry_rule(c->op);
		rc = carry_one(svc, &ca, &r, &x, c, made, cause);
		if (rc == 0)
			rc = carry_mark(svc, a, c, made, cause);
	}
done:
	carry_list_release(l);
	free(l);
	store_subject_release(&x);
	store_rq_release(&r);
	return rc;
}

/* --- in carry_out's transaction ---------------------------------------- */

struct carry_count {
	int all, done;
};

static int
carry_count_one(void *arg, const struct store_rq_change *c)
{
	struct carry_count *n = arg;

	n->all++;
	n->done += c->done_at[0] != '\0';
	return 0;
}

int
request_carry_check(struct service *svc, const struct actor *a,
		    const struct store_rq *r, const char **msg)
{
	struct carry_count n = {0, 0};
	int rc;

	*msg = NULL;
	if ((rc = store_rq_changes(svc->store, a->tenant, r->id,
				   carry_count_one, &n)) != 0)
		return rc;
	if (n.all == 0) {
		*msg = "record what the request changes first (request change)";
		return ZK_ECONFLICT;
	}
	if (n.done < n.all) {
		*msg = "not every change of the request was carried out";
		return ZK_ECONFLICT;
	}
	return 0;
}

static int
carry_json_one(void *arg, const struct store_rq_change *c)
{
	json_t *arr = arg, *o;

	o = json_pack(
	    "{s:s, s:s, s:s?, s:s?, s:s?, s:b, s:s, s:s, s:s?, s:s?}", "id",
	    c->uid, "op", c->op, "entry", c->entry_uid[0] ? c->entry_uid : NULL,
	    "category", c->category[0] ? c->category : NULL, "ground",
	    c->ground[0] ? c->ground : NULL, "has_reason", c->reason.len > 0,
	    "recorded_at", c->created_at, "recorded_by", c->created_by,
	    "done_at", c->done_at[0] ? c->done_at : NULL, "result",
	    c->result_uid[0] ? c->result_uid : NULL);
	if (o == NULL || json_array_append_new(arr, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
request_changes_json(struct service *svc, int64_t tenant,
		     const struct store_rq *r, json_t **out)
{
	int rc;

	if ((*out = json_array()) == NULL)
		return ZK_ENOMEM;
	rc = store_rq_changes(svc->store, tenant, r->id, carry_json_one, *out);
	if (rc != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
