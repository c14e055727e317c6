/*
 * research.c: studies and their anonymised exports (RES-1, RES-2, OBJ-1;
 * M§6.6, M§13.4(ii), W§9.5, W§9.7).
 *
 * A study is registered by a manager of the profile's research section
 * (the DPO) on a basis: the subjects' consent, or the RES-1 conditions.
 * On the second, each condition (public interest, necessity, consent
 * impracticable, safeguards) is confirmed by a person in a role the
 * profile names for it (the board for the public interest, the DPO for
 * the others), recorded with who and when; the fifth condition, that the
 * subject did not object, is checked per subject at each export.
 *
 * An export reads every client, leaves out those who objected to the
 * recipient kinds the profile names (OBJ-1), who are restricted (RST-1),
 * and on the consent basis those without a consent to the researcher
 * kind in force; takes the declared quasi-identifiers from the identity
 * and the declared coded fields of the entries (shielded ones left out,
 * SHD-1), and asks kanon_solve() whether the table can be made
 * k-anonymous along the profile's ladders. Refused, nothing is written
 * but the log entry that says why. Released, the rows (in sorted order,
 * so that their order tells nothing about who came first) go out without
 * any direct identifier, the export is recorded with its k, the
 * generalisation used and the SHA-256 of what went out, and each record
 * whose row went out gets its note (M§6.6(v)), logged on that subject so
 * that the client's own view of the log shows it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/research.h"
#include "service/service_int.h"
#include "store/store_research.h"

#define RESEARCH_PAGE 500
#define RESEARCH_MAX_COLS (KANON_MAX_QI + 32)

/* The first of a's roles in mask, or NULL (a person with a duty of
 * confidentiality only: the system confirms and exports nothing). */
static const char *
research_role(const struct actor *a, const struct svc_tenant *t, uint32_t mask)
{
	const struct profile *p = t->profile;

	if (a->system || !a->confidentiality)
		return NULL;
	for (int r = 0; r < p->nroles; r++)
		if (a->roles & mask & (1u << r))
			return p->roles[r].id;
	return NULL;
}

/*
 * Starts an act on the study register: the tenant, the transaction and
 * ev in a's role among mask; a refusal is logged and answered ZK_EDENIED.
 * mask 0 stands for the managers.
 */
static int
research_begin(struct service *svc, const struct actor *a, const char *event,
	       char action, int write, uint32_t mask, struct svc_tenant **t,
	       struct audit_event *ev, char *checks, size_t n, char **cause)
{
	struct authz_decision d = {0};
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	svc_event_init(ev, a, *t, event, action);
	ev->object_type = "study";
	ev->purpose = "research";
	rc = write ? svc_begin_write(svc) : svc_begin_read(svc);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	d.rule = "RES-1";
	if (!(*t)->profile->research.set) {
		d.reason = "no_research_section";
		svc_event_decision(ev, &d, 0, checks, n);
		return svc_refuse(svc, a, ev, &d, cause);
	}
	if (mask == 0)
		mask = (*t)->profile->research.managers;
	if ((d.role = research_role(a, *t, mask)) == NULL) {
		d.reason = "research_role_only";
		svc_event_decision(ev, &d, 0, checks, n);
		return svc_refuse(svc, a, ev, &d, cause);
	}
	d.permit = true;
	d.reason = "research_role";
	svc_event_decision(ev, &d, 0, checks, n);
	ev->user_role = d.role;
	return 0;
}

/* A required one-line text of at most max bytes. */
static int
research_text(const char *what, const char *s, size_t max, char **cause)
{
	if (s == NULL || strlen(s) == 0 || strlen(s) > max ||
	    !zk_utf8_valid(s, strlen(s)) ||
	    zk_text_check(s, false) != ZK_TEXT_OK)
		return zk_fail(cause, ZK_EINVAL,
			       "%s must be one line of UTF-8 text of at most "
			       "%zu bytes, without spaces at either end",
			       what, max);
	return 0;
}

int
svc_study_add(struct service *svc, const struct actor *a, const char *name,
	      const char *purpose, const char *requester, const char *basis,
	      char uid[ZK_UUID_LEN], char **cause)
{
	struct store_study x;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int64_t id;
	int rc;

	memset(&x, 0, sizeof x);
	if ((rc = research_text("name", name, sizeof x.name - 1, cause)) != 0 ||
	    (rc = research_text("purpose", purpose, sizeof x.purpose - 1,
				cause)) != 0 ||
	    (rc = research_text("requester", requester, sizeof x.requester - 1,
				cause)) != 0)
		return rc;
	if (basis == NULL ||
	    (strcmp(basis, "consent") != 0 && strcmp(basis, "conditions") != 0))
		return zk_fail(cause, ZK_EINVAL,
			       "the basis is consent or conditions (RES-1)");
	if ((rc = research_begin(svc, a, "study.create", 'C', 1, 0, &t, &ev,
				 checks, sizeof checks, cause)) != 0)
		return rc;
	zk_uuid_new(x.uid);
	ev.object_uid = x.uid;
	ev.reason = basis;
	if (strcmp(basis, "conditions") == 0 &&
	    !t->profile->research.without_consent)
		return svc_refuse_input(svc, a, &ev, ZK_EINVAL, ZK_EINVAL,
					"without_consent_closed", "RES-1",
					cause,
					"the profile allows research only "
					"with consent (RES-1)");
	zk_strlcpy(x.name, name, sizeof x.name);
	zk_strlcpy(x.purpose, purpose, sizeof x.purpose);
	zk_strlcpy(x.requester, requester, sizeof x.requester);
	zk_strlcpy(x.basis, basis, sizeof x.basis);
	zk_time_fmt(zk_now(), x.created_at);
	zk_strlcpy(x.created_by, a->user_uid, sizeof x.created_by);
	rc = store_study_create(svc->store, a->tenant, &x, &id);
	return svc_log_created(svc, a, &ev, rc, x.uid, uid, cause);
}

int
svc_study_confirm(struct service *svc, const struct actor *a,
		  const char *study_uid, const char *condition, char **cause)
{
	struct store_study_condition c;
	struct store_study x;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int rc, cond;

	memset(&c, 0, sizeof c);
	if (!zk_uuid_valid(study_uid))
		return zk_fail(cause, ZK_EINVAL, "not a study id");
	if ((cond = profile_res_condition_parse(condition)) < 0)
		return zk_fail(cause, ZK_EINVAL,
			       "the condition is public_interest, necessary, "
			       "consent_impracticable or safeguards (RES-1)");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((rc = research_begin(svc, a, "study.confirm", 'U', 1,
				 t->profile->research.set
				     ? t->profile->research.confirm[cond]
				     : 1u,
				 &t, &ev, checks, sizeof checks, cause)) != 0)
		return rc;
	ev.object_uid = study_uid;
	ev.reason = condition;
	if ((rc = store_study_get(svc->store, a->tenant, study_uid, &x)) != 0)
		return svc_refuse_input(svc, a, &ev, rc, rc, "no_such_study",
					"RES-1", cause, "no such study");
	if (strcmp(x.basis, "conditions") != 0)
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"basis_consent", "RES-1", cause,
					"the study rests on consent: there are "
					"no conditions to confirm");
	zk_strlcpy(c.condition, condition, sizeof c.condition);
	zk_strlcpy(c.role, ev.user_role, sizeof c.role);
	zk_strlcpy(c.confirmed_by, a->user_uid, sizeof c.confirmed_by);
	zk_time_fmt(zk_now(), c.confirmed_at);
	rc = store_study_confirm(svc->store, a->tenant, x.id, &c);
	if (rc == ZK_ECONFLICT)
		return svc_refuse_input(
		    svc, a, &ev, rc, rc, "already_confirmed", "RES-1", cause,
		    "condition %s was confirmed before", condition);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

/* --- reading the register ----------------------------------------------- */

static uint32_t
research_readers(const struct svc_tenant *t)
{
	const struct profile_research *r = &t->profile->research;
	uint32_t m = r->managers;

	for (int c = 0; c < PROFILE_RES_COUNT; c++)
		m |= r->confirm[c];
	return m ? m : 1u;
}

static json_t *
research_study_json(const struct store_study *x)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", x->uid,
			 "name", x->name, "purpose", x->purpose, "requester",
			 x->requester, "basis", x->basis, "created_at",
			 x->created_at, "created_by", x->created_by);
}

/* The names of a study's people (svc_name_set), its parts' too. */
static void
research_names(struct service *svc, int64_t tenant, json_t *study)
{
	json_t *v;
	size_t i;

	(void)svc_name_set(svc, tenant, study, "created_by");
	json_array_foreach(json_object_get(study, "confirmed"), i, v)(void)
	    svc_name_set(svc, tenant, v, "confirmed_by");
	json_array_foreach(json_object_get(study, "exports"), i, v)(void)
	    svc_name_set(svc, tenant, v, "made_by");
}

static int
research_list_one(void *arg, const struct store_study *x)
{
	json_t *o = research_study_json(x);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

int
svc_study_list(struct service *svc, const struct actor *a, json_t **out,
	       char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	int rc;

	*out = NULL;
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((rc = research_begin(svc, a, "study.list", 'R', 0,
				 research_readers(t), &t, &ev, checks,
				 sizeof checks, cause)) != 0)
		return rc;
	if ((*out = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_study_list(svc->store, a->tenant, research_list_one,
				      *out);
	if (rc == 0) {
		json_t *v;
		size_t i;

		json_array_foreach(*out, i, v)
		    research_names(svc, a->tenant, v);
	}
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

struct research_show {
	json_t *confirmed;
	unsigned done; /* bit per condition */
};

static int
research_show_cond(void *arg, const struct store_study_condition *c)
{
	struct research_show *s = arg;
	int k = profile_res_condition_parse(c->condition);
	json_t *o;

	if (k >= 0)
		s->done |= 1u << k;
	o = json_pack("{s:s, s:s, s:s, s:s}", "condition", c->condition, "role",
		      c->role, "confirmed_by", c->confirmed_by, "confirmed_at",
		      c->confirmed_at);
	if (o == NULL || json_array_append_new(s->confirmed, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
research_show_export(void *arg, const struct store_study_export *e)
{
	json_t *o = json_pack(
	    "{s:s, s:i, s:s, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s}", "id",
	    e->uid, "k", e->k, "generalisation", e->generalisation,
	    "smallest_class", (json_int_t)e->smallest_class, "rows",
	    (json_int_t)e->rows_released, "suppressed",
	    (json_int_t)e->suppressed, "objected", (json_int_t)e->objected,
	    "without_consent", (json_int_t)e->without_consent, "digest",
	    e->digest, "made_at", e->made_at, "made_by", e->made_by);

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

/*
 * The study x as JSON with its confirmations, the conditions still
 * missing (on the conditions basis) and its exports; *done gets the
 * confirmed conditions.
 */
static int
research_study_full(struct service *svc, int64_t tenant,
		    const struct store_study *x, json_t **out, unsigned *done)
{
	struct research_show s = {json_array(), 0};
	json_t *o = research_study_json(x), *missing = json_array(),
	       *exports = json_array();
	int rc = ZK_ENOMEM;

	*out = NULL;
	if (o == NULL || s.confirmed == NULL || missing == NULL ||
	    exports == NULL)
		goto out;
	if ((rc = store_study_conditions(svc->store, tenant, x->id,
					 research_show_cond, &s)) != 0 ||
	    (rc = store_study_exports(svc->store, tenant, x->id,
				      research_show_export, exports)) != 0)
		goto out;
	rc = ZK_ENOMEM;
	for (int c = 0; c < PROFILE_RES_COUNT; c++)
		if (strcmp(x->basis, "conditions") == 0 &&
		    !(s.done & (1u << c)) &&
		    json_array_append_new(
			missing, json_string(profile_res_condition_name(
				     (enum profile_res_condition)c))) != 0)
			goto out;
	if (json_object_set(o, "confirmed", s.confirmed) != 0 ||
	    json_object_set(o, "missing", missing) != 0 ||
	    json_object_set(o, "exports", exports) != 0)
		goto out;
	*done = s.done;
	*out = o;
	o = NULL;
	rc = 0;
out:
	json_decref(o);
	json_decref(s.confirmed);
	json_decref(missing);
	json_decref(exports);
	return rc;
}

int
svc_study_show(struct service *svc, const struct actor *a,
	       const char *study_uid, json_t **out, char **cause)
{
	struct store_study x;
	struct svc_tenant *t;
	struct audit_event ev;
	char checks[200];
	unsigned done;
	int rc;

	*out = NULL;
	if (!zk_uuid_valid(study_uid))
		return zk_fail(cause, ZK_EINVAL, "not a study id");
	if ((rc = svc_tenant(svc, a->tenant, &t, cause)) != 0)
		return rc;
	if ((rc = research_begin(svc, a, "study.read", 'R', 0,
				 research_readers(t), &t, &ev, checks,
				 sizeof checks, cause)) != 0)
		return rc;
	ev.object_uid = study_uid;
	if ((rc = store_study_get(svc->store, a->tenant, study_uid, &x)) != 0)
		return svc_refuse_input(svc, a, &ev, rc, rc, "no_such_study",
					"RES-1", cause, "no such study");
	rc = research_study_full(svc, a->tenant, &x, out, &done);
	if (rc == 0)
		research_names(svc, a->tenant, *out);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/* --- the export ------------------------------------------------------------
 */

struct research_row {
	int64_t id;
	char uid[ZK_UUID_LEN];
	char *cells[RESEARCH_MAX_COLS]; /* quasi-identifiers, then fields */
};

struct research_run {
	struct service *svc;
	const struct actor *a;
	const struct profile *p;
	bool consent; /* the study rests on consent */
	int32_t today;
	int ncols, nfields;
	char cols[RESEARCH_MAX_COLS][64];
	int fcat[RESEARCH_MAX_COLS]; /* per field column: category */
	int ffield[RESEARCH_MAX_COLS];
	struct research_row *rows;
	size_t nrows, cap;
	int64_t *ids; /* the clients, by row id */
	size_t nids, idcap;
	int64_t objected, without_consent, restricted;
};

static int
research_collect_id(void *arg, const struct store_subject *x)
{
	struct research_run *r = arg;

	if (r->nids == r->idcap) {
		size_t cap = r->idcap ? 2 * r->idcap : 64;
		int64_t *n = realloc(r->ids, cap * sizeof *n);

		if (n == NULL)
			return ZK_ENOMEM;
		r->ids = n;
		r->idcap = cap;
	}
	r->ids[r->nids++] = x->id;
	return 0;
}

/* OBJ-1: an objection in force to one of the profile's kinds. */
static int
research_objection(void *arg, const struct store_objection *o)
{
	struct research_run *r = arg;
	int k;

	if (o->lifted_at[0] != '\0' || o->recipient_kind[0] == '\0')
		return 0;
	k = profile_recipient_parse(o->recipient_kind);
	return k >= 0 && (r->p->research.objection_kinds & (1u << k)) ? 1 : 0;
}

/* Whether comma-separated list names c. */
static bool
research_lists(const char *list, const char *c)
{
	size_t n = strlen(c);

	while (*list != '\0') {
		size_t k = strcspn(list, ",");

		if (k == n && strncmp(list, c, n) == 0)
			return true;
		list += k + (list[k] == ',');
	}
	return false;
}

/* CON-1 to CON-4: a consent to the researcher kind in force today that
 * covers every category exported, explicit for health data. */
static int
research_consent(void *arg, const struct store_consent *c)
{
	struct research_run *r = arg;
	int32_t from, until;

	if (c->withdrawn_at[0] != '\0' ||
	    profile_recipient_parse(c->recipient_kind) !=
		PROFILE_TO_RESEARCHER ||
	    zk_date_parse(c->valid_from, &from) != 0 || from > r->today ||
	    (c->valid_until[0] != '\0' &&
	     (zk_date_parse(c->valid_until, &until) != 0 || until < r->today)))
		return 0;
	for (int k = 0; k < ZK_CAT_COUNT; k++) {
		if (!r->p->research.fields[k])
			continue;
		if (!research_lists(c->categories,
				    vocab_category_name((enum zk_category)k)))
			return 0;
		if (vocab_category_is_health((enum zk_category)k) &&
		    !c->explicit_consent)
			return 0;
	}
	return 1;
}

/* The entries of one subject whose fields go out. */
struct research_entries {
	struct research_run *r;
	const struct store_subject *x;
	const unsigned char *key;
	struct svc_shields *sh;
	json_t *values[RESEARCH_MAX_COLS]; /* per field column: a set */
	int rc;
};

static int
research_entry(void *arg, const struct store_entry *e)
{
	struct research_entries *en = arg;
	struct research_run *r = en->r;
	struct zk_buf plain;
	json_t *content;
	char ad[200];
	int c = vocab_category(e->category), rc;

	if (c < 0 || !r->p->research.fields[c] ||
	    strcmp(e->status, "active") != 0 || svc_shields_hide(en->sh, e))
		return 0;
	zk_buf_init_secret(&plain, 0);
	svc_seal_ad(ad, sizeof ad, r->a->tenant, en->x->uid, e->uid,
		    e->category);
	if ((rc = seal_decrypt(en->key, ad, e->content.data, e->content.len,
			       &plain)) != 0) {
		zk_buf_release(&plain);
		return rc;
	}
	content = json_loadb((const char *)plain.data, plain.len, 0, NULL);
	zk_buf_release(&plain);
	if (content == NULL)
		return ZK_ECRYPTO;
	for (int f = 0; f < r->nfields; f++) {
		const char *name;
		json_t *v;

		if (r->fcat[f] != c)
			continue;
		name = r->p->categories[c].fields[r->ffield[f]].name;
		v = json_object_get(content, name);
		if (json_is_string(v))
			json_object_set_new(en->values[f], json_string_value(v),
					    json_true());
	}
	json_decref(content);
	return 0;
}

static int
research_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A set of values as one cell, sorted and joined by "|". */
static char *
research_join(json_t *set)
{
	const char *k, **keys;
	size_t n = json_object_size(set), i = 0, len = 1;
	json_t *v;
	char *out;

	keys = calloc(n ? n : 1, sizeof *keys);
	if (keys == NULL)
		return NULL;
	json_object_foreach(set, k, v)
	{
		keys[i++] = k;
		len += strlen(k) + 1;
	}
	if (n > 1)
		qsort(keys, n, sizeof *keys, research_strcmp);
	if ((out = malloc(len)) != NULL) {
		size_t at = 0;

		for (i = 0; i < n; i++) {
			size_t m = strlen(keys[i]);

			if (i > 0)
				out[at++] = '|';
			memcpy(out + at, keys[i], m);
			at += m;
		}
		out[at] = '\0';
	}
	free(keys);
	return out;
}

static void
research_row_release(struct research_row *w, int ncols)
{
	for (int c = 0; c < ncols; c++)
		free(w->cells[c]);
}

static void
research_run_release(struct research_run *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		research_row_release(&r->rows[i], r->ncols);
	free(r->rows);
	free(r->ids);
}

/*
 * One client: left out when they objected, are restricted or (on the
 * consent basis) gave no consent; else their row is added.
 */
static int
research_subject(struct research_run *r, int64_t id)
{
	const struct profile_research *pr = &r->p->research;
	struct research_entries en;
	struct svc_shields sh;
	struct store_subject x;
	struct research_row w;
	unsigned char key[SEAL_KEY_BYTES];
	json_t *identity = NULL;
	bool restricted = false;
	int rc, nqi = pr->nqi;

	memset(&x, 0, sizeof x);
	memset(&w, 0, sizeof w);
	memset(&en, 0, sizeof en);
	memset(&sh, 0, sizeof sh);
	zk_buf_init(&x.identity, 0);
	if ((rc = store_subject_uid(r->svc->store, r->a->tenant, id, w.uid)) !=
		0 ||
	    (rc = store_subject_get(r->svc->store, r->a->tenant, w.uid, &x)) !=
		0)
		goto out;
	rc = store_objection_list(r->svc->store, r->a->tenant, id,
				  research_objection, r);
	if (rc == 1) {
		r->objected++;
		rc = 0;
		goto out;
	}
	if (rc != 0 ||
	    (rc = svc_restricted(r->svc, r->a->tenant, id, &restricted)) != 0)
		goto out;
	if (restricted) {
		r->restricted++;
		goto out;
	}
	if (r->consent) {
		rc = store_consent_list(r->svc->store, r->a->tenant, id,
					research_consent, r);
		if (rc == 0) {
			r->without_consent++;
			goto out;
		}
		if (rc != 1)
			goto out;
	}
	if ((rc = svc_subject_identity(r->svc, r->a->tenant, &x, &identity)) !=
	    0)
		goto out;
	w.id = id;
	for (int q = 0; q < nqi; q++) {
		json_t *v = json_object_get(identity, pr->qi[q].field);

		w.cells[q] =
		    strdup(json_is_string(v) ? json_string_value(v) : "");
		if (w.cells[q] == NULL) {
			rc = ZK_ENOMEM;
			goto out;
		}
	}
	if (r->nfields > 0) {
		en.r = r;
		en.x = &x;
		en.key = key;
		en.sh = &sh;
		for (int f = 0; f < r->nfields; f++)
			if ((en.values[f] = json_object()) == NULL) {
				rc = ZK_ENOMEM;
				goto out;
			}
		/* SHD-1: a DPO is nobody's responsible professional. */
		if ((rc = svc_shields_load(r->svc, r->a, id, 0, &sh)) != 0 ||
		    (rc = svc_subject_key(r->svc, r->a->tenant, &x, key)) !=
			0 ||
		    (rc = store_entry_list(r->svc->store, r->a->tenant, id,
					   NULL, research_entry, &en)) != 0)
			goto out;
		for (int f = 0; f < r->nfields; f++)
			if ((w.cells[nqi + f] = research_join(en.values[f])) ==
			    NULL) {
				rc = ZK_ENOMEM;
				goto out;
			}
	}
	if (r->nrows == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct research_row *n = realloc(r->rows, cap * sizeof *n);

		if (n == NULL) {
			rc = ZK_ENOMEM;
			goto out;
		}
		r->rows = n;
		r->cap = cap;
	}
	r->rows[r->nrows++] = w;
	memset(&w, 0, sizeof w);
out:
	seal_wipe(key, sizeof key);
	research_row_release(&w, r->ncols);
	for (int f = 0; f < r->nfields; f++)
		json_decref(en.values[f]);
	svc_shields_release(&sh);
	json_decref(identity);
	store_subject_release(&x);
	return rc;
}

/* The columns: the quasi-identifiers, then "category.field". */
static int
research_columns(struct research_run *r)
{
	const struct profile_research *pr = &r->p->research;

	r->ncols = pr->nqi;
	for (int q = 0; q < pr->nqi; q++)
		zk_strlcpy(r->cols[q], pr->qi[q].field, sizeof r->cols[q]);
	for (int c = 0; c < ZK_CAT_COUNT; c++)
		for (int f = 0; f < r->p->categories[c].nfields; f++) {
			if (!(pr->fields[c] & (1u << f)))
				continue;
			if (r->ncols == RESEARCH_MAX_COLS)
				return ZK_ETOOBIG;
			snprintf(r->cols[r->ncols], sizeof r->cols[0], "%s.%s",
				 vocab_category_name((enum zk_category)c),
				 r->p->categories[c].fields[f].name);
			r->fcat[r->nfields] = c;
			r->ffield[r->nfields] = f;
			r->nfields++;
			r->ncols++;
		}
	return 0;
}

struct research_out {
	char *text; /* the row as compact JSON, for sorting and digest */
	size_t row;
};

static int
research_out_cmp(const void *a, const void *b)
{
	return strcmp(((const struct research_out *)a)->text,
		      ((const struct research_out *)b)->text);
}

/*
 * The released rows: the quasi-identifiers generalised at res's levels,
 * the fields as they are, without the suppressed rows, in sorted order;
 * *digest gets the SHA-256 of the compact JSON array.
 */
static int
research_release(struct research_run *r, const struct kanon_ladder *ladders,
		 const struct kanon_result *res, const unsigned char *sup,
		 json_t **rows, char digest[65])
{
	struct research_out *outs = NULL;
	size_t n = 0;
	unsigned char h[crypto_hash_sha256_BYTES];
	char *text = NULL;
	int rc = ZK_ENOMEM;

	*rows = json_array();
	if (*rows == NULL ||
	    (outs = calloc(r->nrows ? r->nrows : 1, sizeof *outs)) == NULL)
		goto out;
	for (size_t i = 0; i < r->nrows; i++) {
		json_t *row;

		if (sup[i])
			continue;
		if ((row = json_array()) == NULL)
			goto out;
		for (int c = 0; c < r->ncols; c++) {
			char v[KANON_VALUE_MAX];
			const char *s = r->rows[i].cells[c];

			if (c < r->p->research.nqi) {
				kanon_generalise(
				    ladders[c].steps[res->level[c]], s, v,
				    sizeof v);
				s = v;
			}
			json_array_append_new(row, json_string(s ? s : ""));
		}
		outs[n].text = json_dumps(row, JSON_COMPACT);
		outs[n].row = i;
		json_decref(row);
		if (outs[n++].text == NULL)
			goto out;
	}
	if (n > 1)
		qsort(outs, n, sizeof *outs, research_out_cmp);
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_loads(outs[i].text, 0, NULL);

		if (row == NULL || json_array_append_new(*rows, row) != 0)
			goto out;
	}
	if ((text = json_dumps(*rows, JSON_COMPACT)) == NULL)
		goto out;
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(digest, 65, h, sizeof h);
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(outs[i].text);
	free(outs);
	free(text);
	if (rc != 0) {
		json_decref(*rows);
		*rows = NULL;
	}
	return rc;
}

/* M§6.6(v): the note in each record a released row came from, logged on
 * that subject. */
static int
research_notes(struct research_run *r, const struct svc_tenant *t,
	       const struct store_study *x, const struct store_study_export *e,
	       const unsigned char *sup, int64_t now, char **cause)
{
	for (size_t i = 0; i < r->nrows; i++) {
		struct audit_event ev;
		char checks[200];
		int rc;

		if (sup[i])
			continue;
		if ((rc = store_study_note_create(r->svc->store, r->a->tenant,
						  r->rows[i].id, x->id, e->id,
						  e->made_at)) != 0)
			return rc;
		svc_event_init(&ev, r->a, t, "study.note", 'E');
		ev.subject_uid = r->rows[i].uid;
		ev.object_type = "study";
		ev.object_uid = x->uid;
		ev.category = "identity";
		ev.purpose = "research";
		ev.reason = r->consent ? "consent" : "res1_conditions";
		ev.rule = "RES-1";
		ev.outcome = "success";
		snprintf(checks, sizeof checks, "export=%s;anonymised=k%d",
			 e->uid, e->k);
		ev.checks = checks;
		ev.user_role =
		    research_role(r->a, t, t->profile->research.managers);
		if (svc_log_one(r->svc, r->a, &ev, now, cause) != 0)
			return ZK_EAUDIT;
	}
	return 0;
}

/*
 * RES-2: the details of a refusal at k, for the caller to show in its
 * own words: k, the smallest class at the most general rung tried (0
 * when there is no one), the rows, the quasi-identifiers, whether the
 * ladders were used, and how many rows may be left out at most.
 */
static json_t *
research_refusal_k(const struct kanon_table *table,
		   const struct kanon_ladder *ladders,
		   const struct profile_research *pr,
		   const struct research_run *r, const struct kanon_result *res,
		   bool generalise)
{
	int top[KANON_MAX_QI];
	size_t smallest = 0;
	json_t *qi = json_array(), *o;

	for (int q = 0; q < pr->nqi; q++) {
		top[q] = ladders[q].nsteps - 1;
		json_array_append_new(qi, json_string(pr->qi[q].field));
	}
	if (r->nrows > 0)
		smallest =
		    kanon_smallest(table, ladders, top, (size_t)pr->k, NULL);
	if (smallest == (size_t)-1)
		smallest = res->smallest_before;
	o = json_pack("{s:s, s:s, s:i, s:I, s:I, s:o, s:b, s:I, s:f}", "reason",
		      "not_k_anonymous", "rule", "RES-2", "k", pr->k,
		      "smallest_class", (json_int_t)smallest, "rows",
		      (json_int_t)r->nrows, "quasi_identifiers", qi,
		      "generalised", generalise, "suppressed",
		      (json_int_t)res->suppressed, "max_suppressed_percent",
		      pr->max_suppress_permille / 10.0);
	return o;
}

int
svc_study_export(struct service *svc, const struct actor *a,
		 const char *study_uid, bool generalise, json_t **out,
		 char **cause)
{
	struct kanon_ladder ladders[KANON_MAX_QI];
	struct store_study_export e;
	struct kanon_result res;
	struct research_run r;
	struct store_study x;
	struct svc_tenant *t;
	struct audit_event ev;
	struct kanon_table table;
	const char **cells = NULL;
	unsigned char *sup = NULL;
	char checks[200], why[300];
	json_t *rows = NULL, *o = NULL, *gen = NULL, *cols = NULL;
	const struct profile_research *pr;
	unsigned done = 0;
	int64_t now = zk_now(), eid;
	int rc;

	*out = NULL;
	memset(&r, 0, sizeof r);
	memset(&e, 0, sizeof e);
	if (!zk_uuid_valid(study_uid))
		return zk_fail(cause, ZK_EINVAL, "not a study id");
	if ((rc = research_begin(svc, a, "study.export", 'E', 1, 0, &t, &ev,
				 checks, sizeof checks, cause)) != 0)
		return rc;
	pr = &t->profile->research;
	ev.object_uid = study_uid;
	ev.rule = "RES-2";
	if ((rc = store_study_get(svc->store, a->tenant, study_uid, &x)) != 0)
		return svc_refuse_input(svc, a, &ev, rc, rc, "no_such_study",
					"RES-1", cause, "no such study");
	/* RES-1: every condition confirmed, before anything is read. */
	if (strcmp(x.basis, "conditions") == 0) {
		json_t *full = NULL;

		if ((rc = research_study_full(svc, a->tenant, &x, &full,
					      &done)) != 0)
			return svc_fail_act(svc, a, &ev, rc, cause);
		json_decref(full);
		for (int c = 0; c < PROFILE_RES_COUNT; c++) {
			const char *name = profile_res_condition_name(
			    (enum profile_res_condition)c);

			if (done & (1u << c))
				continue;
			*out = json_pack("{s:s, s:s, s:s}", "reason",
					 "condition_unconfirmed", "rule",
					 "RES-1", "condition", name);
			return svc_refuse_input(
			    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
			    "condition_unconfirmed", "RES-1", cause,
			    "refused: condition %s is not confirmed "
			    "(RES-1: use without consent needs every "
			    "condition)",
			    name);
		}
		if (!pr->without_consent) {
			*out = json_pack("{s:s, s:s}", "reason",
					 "without_consent_closed", "rule",
					 "RES-1");
			return svc_refuse_input(
			    svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
			    "without_consent_closed", "RES-1", cause,
			    "refused: the profile allows research only with "
			    "consent (RES-1)");
		}
	}
	r.svc = svc;
	r.a = a;
	r.p = t->profile;
	r.consent = strcmp(x.basis, "consent") == 0;
	r.today = svc_today(svc);
	if ((rc = research_columns(&r)) != 0)
		goto fail;
	for (int64_t after = 0;;) {
		size_t before = r.nids;

		if ((rc = store_subject_list(svc->store, a->tenant, "client",
					     after, RESEARCH_PAGE,
					     research_collect_id, &r)) != 0)
			goto fail;
		if (r.nids - before < RESEARCH_PAGE)
			break;
		after = r.ids[r.nids - 1];
	}
	for (size_t i = 0; i < r.nids; i++)
		if ((rc = research_subject(&r, r.ids[i])) != 0)
			goto fail;
	/* RES-2: the proof of non-identifiability. */
	for (int q = 0; q < pr->nqi; q++) {
		ladders[q] = pr->qi[q].ladder;
		if (!generalise)
			ladders[q].nsteps = 1;
	}
	cells = calloc(r.nrows * (size_t)pr->nqi + 1, sizeof *cells);
	sup = calloc(r.nrows + 1, 1);
	if (cells == NULL || sup == NULL) {
		rc = ZK_ENOMEM;
		goto fail;
	}
	for (size_t i = 0; i < r.nrows; i++)
		for (int q = 0; q < pr->nqi; q++)
			cells[i * (size_t)pr->nqi + (size_t)q] =
			    r.rows[i].cells[q];
	table.nrows = r.nrows;
	table.nqi = pr->nqi;
	table.cells = cells;
	if ((rc = kanon_solve(&table, ladders, (size_t)pr->k,
			      pr->max_suppress_permille, sup, &res)) != 0)
		goto fail;
	if (r.nrows == 0 || !res.released) {
		snprintf(why, sizeof why,
			 "refused: the %zu rows are not %d-anonymous%s: %s "
			 "(%zu rows in classes smaller than k, at most %d%% "
			 "may be suppressed) (RES-2)",
			 r.nrows, pr->k,
			 generalise ? " at the top of the ladders"
				    : " without generalisation",
			 r.nrows == 0 ? "there is no one to export"
				      : res.reason,
			 res.suppressed, pr->max_suppress_permille / 10);
		*out = research_refusal_k(&table, ladders, pr, &r, &res,
					  generalise);
		free(cells);
		free(sup);
		research_run_release(&r);
		return svc_refuse_input(svc, a, &ev, ZK_ECONFLICT, ZK_ECONFLICT,
					"not_k_anonymous", "RES-2", cause, "%s",
					why);
	}
	if ((rc = research_release(&r, ladders, &res, sup, &rows, e.digest)) !=
	    0)
		goto fail;
	/* The record of the export and its generalisation. */
	zk_uuid_new(e.uid);
	e.study_id = x.id;
	e.k = pr->k;
	if ((gen = json_object()) == NULL || (cols = json_array()) == NULL) {
		rc = ZK_ENOMEM;
		goto fail;
	}
	for (int q = 0; q < pr->nqi; q++) {
		const char *step =
		    kanon_step_name(ladders[q].steps[res.level[q]]);
		size_t at = strlen(e.generalisation);

		snprintf(e.generalisation + at, sizeof e.generalisation - at,
			 "%s%s:%s", q ? "," : "", pr->qi[q].field, step);
		json_object_set_new(gen, pr->qi[q].field, json_string(step));
	}
	for (int c = 0; c < r.ncols; c++)
		json_array_append_new(cols, json_string(r.cols[c]));
	e.smallest_class = (int64_t)res.smallest;
	e.rows_released = (int64_t)json_array_size(rows);
	e.suppressed = (int64_t)res.suppressed;
	e.objected = r.objected;
	e.without_consent = r.without_consent;
	zk_time_fmt(now, e.made_at);
	zk_strlcpy(e.made_by, a->user_uid, sizeof e.made_by);
	if ((rc = store_study_export_create(svc->store, a->tenant, &e, &eid)) !=
	    0)
		goto fail;
	e.id = eid;
	if ((rc = research_notes(&r, t, &x, &e, sup, now, cause)) != 0) {
		if (rc == ZK_EAUDIT)
			goto audit;
		goto fail;
	}
	o = json_pack("{s:{s:s, s:s, s:s}, s:s, s:i, s:O, s:I, s:I, s:I, "
		      "s:{s:I, s:I, s:I}, s:s, s:O, s:O, s:s}",
		      "study", "id", x.uid, "name", x.name, "basis", x.basis,
		      "export", e.uid, "k", pr->k, "generalisation", gen,
		      "smallest_class", (json_int_t)res.smallest,
		      "smallest_before", (json_int_t)res.smallest_before,
		      "suppressed", (json_int_t)res.suppressed, "left_out",
		      "objected", (json_int_t)r.objected, "without_consent",
		      (json_int_t)r.without_consent, "restricted",
		      (json_int_t)r.restricted, "digest", e.digest, "columns",
		      cols, "rows", rows, "made_at", e.made_at);
	if (o == NULL) {
		rc = ZK_ENOMEM;
		goto fail;
	}
	snprintf(checks, sizeof checks,
		 "authz=permit;role=%s;k=%d;smallest=%zu;rows=%lld;"
		 "suppressed=%zu;objected=%lld",
		 ev.user_role, pr->k, res.smallest, (long long)e.rows_released,
		 res.suppressed, (long long)r.objected);
	ev.checks = checks;
	ev.object_type = "study_export";
	ev.object_uid = e.uid;
	ev.reason = r.consent ? "consent" : "res1_conditions";
	if ((rc = svc_log_commit(svc, a, &ev, cause)) != 0)
		goto audit;
	*out = o;
	o = NULL;
	rc = 0;
	goto done;
fail:
	rc = svc_fail_act(svc, a, &ev, rc, cause);
	goto done;
audit:
	rc = ZK_EAUDIT;
done:
	json_decref(o);
	json_decref(rows);
	json_decref(gen);
	json_decref(cols);
	free(cells);
	free(sup);
	research_run_release(&r);
	return rc;
}

/* --- the notes in a record, and CSV --------------------------------------- */

static int
research_note_json(void *arg, const struct store_study_note *n)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:s, s:s, s:s}", "study", n->study_uid,
		      "study_name", n->study_name, "export", n->export_uid,
		      "noted_at", n->noted_at, "rule", "RES-1");

	if (o == NULL || json_array_append_new(arg, o) != 0)
		return ZK_ENOMEM;
	return 0;
}

static int
research_notes_fill(struct service *svc, const struct actor *a,
		    const struct store_subject *x, json_t *arr, void *arg)
{
	(void)arg;
	return store_study_notes(svc->store, a->tenant, x->id,
				 research_note_json, arr);
}

int
svc_study_notes(struct service *svc, const struct actor *a,
		const char *subject_uid, json_t **out, char **cause)
{
	const struct svc_things what = {"study.note_list", "study_note",
					ZK_CAT_IDENTITY, research_notes_fill,
					NULL};

	return svc_subject_read_things(svc, a, subject_uid, &what, out, cause);
}

/* Appends s as a CSV field (RFC 4180: quoted when it needs to be). */
static int
research_csv_field(struct zk_buf *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL)
		return zk_buf_append(out, s, strlen(s));
	if (zk_buf_append(out, "\"", 1) != 0)
		return ZK_ENOMEM;
	for (; *s != '\0'; s++)
		if ((*s == '"' && zk_buf_append(out, "\"", 1) != 0) ||
		    zk_buf_append(out, s, 1) != 0)
			return ZK_ENOMEM;
	return zk_buf_append(out, "\"", 1);
}

static int
research_csv_line(struct zk_buf *out, const json_t *arr)
{
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v)
	{
		if ((i > 0 && zk_buf_append(out, ",", 1) != 0) ||
		    research_csv_field(out, json_is_string(v)
						? json_string_value(v)
						: "") != 0)
			return ZK_ENOMEM;
	}
	return zk_buf_append(out, "\r\n", 2);
}

int
svc_study_csv(const json_t *export, struct zk_buf *out)
{
	const json_t *cols = json_object_get(export, "columns"),
		     *rows = json_object_get(export, "rows");
	size_t i;
	json_t *row;
	int rc;

	if (!json_is_array(cols) || !json_is_array(rows))
		return ZK_EINVAL;
	if ((rc = research_csv_line(out, cols)) != 0)
		return rc;
	json_array_foreach(rows, i, row)
	{
		if ((rc = research_csv_line(out, row)) != 0)
			return rc;
	}
	return 0;
}
