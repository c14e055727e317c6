/*
 * registers.c: the art. 30 register of processing activities (FG-1) and
 * the register of transfers outside the EEA (SEC-2), through the door,
 * and what the three files of the registers share (registers_int.h).
 *
 * The register of processing activities starts from the profile: one
 * activity per purpose, filled with what the profile says of it (its
 * legal bases, the kinds of subject, the categories, the kinds of
 * recipient it allows and the retention periods) and with the transfers
 * of the transfer register. The profile does not say which categories
 * serve which purpose, so every activity names every category in use;
 * the DPO narrows them. An edit by the DPO is kept with who and when and
 * is never overwritten by seeding again; an activity nobody edited
 * follows the profile when it is seeded after a change.
 *
 * A transfer outside the EEA is registered only with a ground the law
 * accepts: an adequacy decision for the country (policy/adequacy.c, the
 * same list as disclosures), or one of the appropriate safeguards of
 * GDPR art. 46. W§20 allows a transfer only where the country
 * "waarborgt een passend beschermingsniveau"; the derogations of art. 49
 * are not such a guarantee, so they are refused (the stricter reading).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "export/pdf.h"
#include "policy/disclosure.h"
#include "service/registers_int.h"
#include "store/store_registers.h"

/* --- shared ----------------------------------------------------------- */

int
registers_begin(struct service *svc, const struct actor *a,
		struct audit_event *ev, const char *event, char action,
		const char *object_type, const char *object_uid,
		enum registers_need need, const char *rule,
		struct svc_tenant **t, char **cause)
{
	unsigned bases = 1u << ZK_ROLE_DPO;
	int rc;

	if ((rc = svc_tenant(svc, a->tenant, t, cause)) != 0)
		return rc;
	if (need == REGISTERS_READ)
		bases |= 1u << ZK_ROLE_BOARD;
	svc_event_init(ev, a, *t, event, action);
	ev->object_type = object_type;
	ev->object_uid = object_uid;
	rc = action == 'R' ? svc_begin_read(svc) : svc_begin_write(svc);
	if (rc != 0)
		return zk_fail(cause, rc, "cannot start: %s", zk_strerror(rc));
	if (!a->system && !svc_event_role(ev, a, *t, bases)) {
		struct authz_decision no = {.reason = need == REGISTERS_READ
							  ? "not_dpo_or_board"
							  : "not_dpo",
					    .rule = "ACC-1"};

		ev->checks = "authz=deny";
		return svc_refuse(svc, a, ev, &no, cause);
	}
	if (!a->system) {
		ev->reason = need == REGISTERS_READ ? "dpo_or_board" : "dpo";
		ev->rule = rule;
		ev->checks = "authz=permit";
	}
	return 0;
}

bool
registers_content(const struct actor *a, const struct svc_tenant *t)
{
	const struct profile *p = t->profile;

	if (a->system)
		return true;
	for (int r = 0; r < p->nroles; r++)
		if ((a->roles & (1u << r)) && p->roles[r].base == ZK_ROLE_DPO)
			return true;
	return false;
}

int
registers_str(const json_t *in, const char *name, size_t max, bool lines,
	      bool required, const char **out, char **cause)
{
	json_t *v = json_object_get(in, name);
	const char *s;

	*out = NULL;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return zk_fail(cause, ZK_EINVAL, "%s is required",
				       name);
		return 0;
	}
	if (!json_is_string(v))
		return zk_fail(cause, ZK_EINVAL, "%s must be a string", name);
	s = json_string_value(v);
	if (s[0] == '\0' && required)
		return zk_fail(cause, ZK_EINVAL, "%s must not be empty", name);
	if (strlen(s) >= max || !zk_utf8_valid(s, strlen(s)) ||
	    (s[0] != '\0' && zk_text_check(s, lines) != ZK_TEXT_OK))
		return zk_fail(cause, ZK_EINVAL,
			       "%s must be %s of at most %zu bytes of text",
			       name, lines ? "text" : "one line", max - 1);
	*out = s;
	return 0;
}

int
registers_date(const json_t *in, const char *name, bool required,
	       char out[ZK_DATE_LEN], char **cause)
{
	const char *s;
	int32_t d;
	int rc;

	out[0] = '\0';
	if ((rc = registers_str(in, name, ZK_DATE_LEN, false, required, &s,
				cause)) != 0)
		return rc;
	if (s == NULL || s[0] == '\0')
		return 0;
	if (zk_date_parse(s, &d) != 0)
		return zk_fail(cause, ZK_EINVAL,
			       "%s must be a date, YYYY-MM-DD", name);
	zk_date_fmt(d, out);
	return 0;
}

int
registers_bool(const json_t *in, const char *name, int *out, char **cause)
{
	json_t *v = json_object_get(in, name);

	if (v == NULL)
		return 0;
	if (!json_is_boolean(v))
		return zk_fail(cause, ZK_EINVAL, "%s must be true or false",
			       name);
	*out = json_is_true(v);
	return 0;
}

int
registers_only(const json_t *in, const char *const *names, char **cause)
{
	const char *k;
	json_t *v;

	if (!json_is_object(in))
		return zk_fail(cause, ZK_EINVAL, "the input must be an object");
	json_object_foreach((json_t *)in, k, v)
	{
		int known = 0;

		(void)v;
		for (int i = 0; names[i] != NULL && !known; i++)
			known = strcmp(k, names[i]) == 0;
		if (!known)
			return zk_fail(cause, ZK_EINVAL, "unknown field %s", k);
	}
	return 0;
}

/* GDPR art. 46(2) and (3)(a): the appropriate safeguards. */
static const char *const registers_art46[] = {"scc",
					      "bcr",
					      "code_of_conduct",
					      "certification",
					      "legal_instrument",
					      "authorised_clauses",
					      NULL};

const char *
registers_transfer_refusal(const char *country, bool certified,
			   const char *basis)
{
	bool needs_cert = false;
	enum adequacy ad = disclosure_adequacy(country, &needs_cert);

	if (ad == ADEQUACY_INVALID)
		return "the country is no ISO 3166-1 alpha-2 code";
	if (ad == ADEQUACY_EEA)
		return "the country is in the EEA: no transfer outside it";
	if (basis == NULL)
		return "a transfer needs a basis";
	if (strcmp(basis, "adequacy") == 0) {
		if (ad != ADEQUACY_DECISION)
			return "the country has no adequacy decision of the "
			       "European Commission (GDPR art. 45); name a "
			       "safeguard of art. 46";
		if (needs_cert && !certified)
			return "the adequacy decision covers only certified "
			       "recipients (EU-US Data Privacy Framework)";
		return NULL;
	}
	for (int i = 0; registers_art46[i] != NULL; i++)
		if (strcmp(basis, registers_art46[i]) == 0)
			return NULL;
	return "the basis must be adequacy or a safeguard of GDPR art. 46: "
	       "scc, bcr, code_of_conduct, certification, legal_instrument "
	       "or authorised_clauses; the derogations of art. 49 give no "
	       "adequate protection (W§20)";
}

/* --- processing activities (FG-1) ------------------------------------- */

/* A growing text of items "a, b, c". */
static void
registers_item(char *out, size_t n, const char *item)
{
	size_t len = strlen(out);

	snprintf(out + len, n - len, "%s%s", len > 0 ? ", " : "", item);
}

static const char *
registers_unit(char unit)
{
	switch (unit) {
	case 'D':
		return "dagen";
	case 'W':
		return "weken";
	case 'M':
		return "maanden";
	default:
		return "jaar";
	}
}

static const char *const registers_from[] = {
    "na aanmaak", "na de laatste wijziging", "na einde relatie"};

struct registers_seed {
	struct service *svc;
	int64_t tenant;
	char transfers[STORE_ACTIVITY_TEXT_MAX];
};

static int
registers_seed_transfer(void *arg, const struct store_transfer *t)
{
	struct registers_seed *sd = arg;
	char item[400];

	snprintf(item, sizeof item, "%s (%s, %s)", t->recipient, t->country,
		 t->basis);
	registers_item(sd->transfers, sizeof sd->transfers, item);
	return 0;
}

/* Fills the activity of purpose pu from profile p. */
static void
registers_seed_activity(const struct profile *p,
			const struct profile_purpose *pu, const char *transfers,
			struct store_activity *x)
{
	char *tx;

	zk_strlcpy(x->purpose_id, pu->id, sizeof x->purpose_id);
	zk_strlcpy(x->text[0], pu->name_nl, sizeof x->text[0]);
	snprintf(x->text[1], sizeof x->text[1], "%s (%s)%s", pu->name_nl,
		 pu->name_en, pu->care ? "; zorg zelf (CAT-3)" : "");
	for (int b = 0; b < ZK_BASIS_COUNT; b++)
		if (pu->bases & (1u << b))
			registers_item(x->text[2], sizeof x->text[2],
				       vocab_basis_name((enum zk_basis)b));
	for (int k = 0; k < ZK_KIND_COUNT; k++)
		if (p->kinds & (1u << k))
			registers_item(x->text[3], sizeof x->text[3],
				       vocab_kind_name((enum zk_kind)k));
	for (int c = 0; c < ZK_CAT_COUNT; c++) {
		const struct profile_retention *r = &p->retention[c];
		char item[160];

		if (!p->categories[c].used)
			continue;
		registers_item(x->text[4], sizeof x->text[4],
			       vocab_category_name((enum zk_category)c));
		if (!r->set)
			continue;
		snprintf(item, sizeof item, "%s: %d %s %s",
			 vocab_category_name((enum zk_category)c), r->period.n,
			 registers_unit(r->period.unit),
			 registers_from[r->from]);
		registers_item(x->text[7], sizeof x->text[7], item);
	}
	for (int k = 0; k < PROFILE_TO_COUNT; k++) {
		const struct profile_recipient_rule *rr = &p->recipients[k];

		if (rr->set && !rr->allowed)
			continue;
		registers_item(
		    x->text[5], sizeof x->text[5],
		    profile_recipient_name((enum profile_recipient)k));
	}
	tx = x->text[6];
	if (transfers[0] != '\0')
		zk_strlcpy(tx, transfers, sizeof x->text[6]);
	else
		zk_strlcpy(tx, "geen doorgifte buiten de EER",
			   sizeof x->text[6]);
	if (x->text[7][0] == '\0')
		zk_strlcpy(x->text[7], "niet in het profiel",
			   sizeof x->text[7]);
	zk_strlcpy(x->text[8],
		   "versleuteling per betrokkene (SEC-1), inloggen met twee "
		   "factoren (SEC-3), autorisatieschema (ACC-1), logging "
		   "(LOG-1); NEN 7510",
		   sizeof x->text[8]);
}

int
svc_activity_seed(struct service *svc, const struct actor *a, int *changed,
		  char **cause)
{
	struct registers_seed sd;
	struct store_activity *x = NULL;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	*changed = 0;
	if ((rc = registers_begin(svc, a, &ev, "register.processing.seed", 'C',
				  "processing_activity", NULL, REGISTERS_WRITE,
				  "FG-1", &t, cause)) != 0)
		return rc;
	memset(&sd, 0, sizeof sd);
	rc = store_transfer_list(svc->store, a->tenant, registers_seed_transfer,
				 &sd);
	if (rc == 0 && (x = malloc(sizeof *x)) == NULL)
		rc = ZK_ENOMEM;
	for (int i = 0; rc == 0 && i < t->profile->npurposes; i++) {
		int one = 0;

		memset(x, 0, sizeof *x);
		zk_uuid_new(x->uid);
		zk_time_fmt(zk_now(), x->created_at);
		registers_seed_activity(t->profile, &t->profile->purposes[i],
					sd.transfers, x);
		rc = store_activity_seed(svc->store, a->tenant, x, &one);
		*changed += one;
	}
	free(x);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

static json_t *
registers_activity_json(const struct store_activity *x)
{
	json_t *o = json_pack(
	    "{s:s, s:s?, s:s, s:s?, s:s?}", "id", x->uid, "purpose_id",
	    x->purpose_id[0] ? x->purpose_id : NULL, "created_at",
	    x->created_at, "edited_at", x->edited_at[0] ? x->edited_at : NULL,
	    "edited_by", x->edited_by[0] ? x->edited_by : NULL);

	for (int i = 0; o != NULL && i < STORE_ACTIVITY_NTEXTS; i++)
		if (json_object_set_new(o, store_activity_fields[i],
					json_string(x->text[i])) != 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static int
registers_activity_add(void *arg, const struct store_activity *x)
{
	json_t *o = registers_activity_json(x);

	return o == NULL || json_array_append_new(arg, o) != 0 ? ZK_ENOMEM : 0;
}

/*
 * Adds edited_by_name to each activity that was edited: the display name
 * of the account, or its id when it is gone (svc_name_set).
 */
static int
registers_names(struct service *svc, int64_t tenant, json_t *arr)
{
	size_t i;
	json_t *o;
	int rc = 0;

	json_array_foreach(arr, i, o)
	{
		if ((rc = svc_name_set(svc, tenant, o, "edited_by")) != 0)
			break;
	}
	return rc;
}

int
svc_activity_list(struct service *svc, const struct actor *a, json_t **out,
		  char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	*out = NULL;
	if ((rc = registers_begin(svc, a, &ev, "register.processing.list", 'R',
				  "processing_activity", NULL, REGISTERS_READ,
				  "FG-1", &t, cause)) != 0)
		return rc;
	if ((*out = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_activity_list(svc->store, a->tenant,
					 registers_activity_add, *out);
	if (rc == 0)
		rc = registers_names(svc, a->tenant, *out);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}

/* Reads the texts of in into x; each required when all. */
static int
registers_activity_input(const json_t *in, bool all, struct store_activity *x,
			 int *n, char **cause)
{
	static const char *const names[] = {
	    "name",	 "purpose",	    "legal_basis",
	    "subjects",	 "data_categories", "recipients",
	    "transfers", "retention",	    "security",
	    NULL};
	int rc;

	*n = 0;
	if ((rc = registers_only(in, names, cause)) != 0)
		return rc;
	for (int i = 0; i < STORE_ACTIVITY_NTEXTS; i++) {
		const char *s;

		if ((rc = registers_str(in, store_activity_fields[i],
					i == 0 ? 160 : STORE_ACTIVITY_TEXT_MAX,
					i != 0, all, &s, cause)) != 0)
			return rc;
		if (s == NULL)
			continue;
		if (s[0] == '\0')
			return zk_fail(cause, ZK_EINVAL, "%s must not be empty",
				       store_activity_fields[i]);
		zk_strlcpy(x->text[i], s, sizeof x->text[i]);
		(*n)++;
	}
	return 0;
}

int
svc_activity_add(struct service *svc, const struct actor *a, const json_t *in,
		 char uid[ZK_UUID_LEN], char **cause)
{
	struct store_activity *x;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc, n;

	if ((x = calloc(1, sizeof *x)) == NULL)
		return ZK_ENOMEM;
	zk_uuid_new(x->uid);
	if ((rc = registers_activity_input(in, true, x, &n, cause)) != 0) {
		free(x);
		return rc;
	}
	zk_time_fmt(zk_now(), x->created_at);
	zk_strlcpy(x->edited_at, x->created_at, sizeof x->edited_at);
	zk_strlcpy(x->edited_by, a->user_uid, sizeof x->edited_by);
	rc = registers_begin(svc, a, &ev, "register.processing.create", 'C',
			     "processing_activity", x->uid, REGISTERS_WRITE,
			     "FG-1", &t, cause);
	if (rc == 0) {
		rc = store_activity_create(svc->store, a->tenant, x);
		rc = svc_log_created(svc, a, &ev, rc, x->uid, uid, cause);
	}
	free(x);
	return rc;
}

int
svc_activity_edit(struct service *svc, const struct actor *a, const char *uid,
		  const json_t *in, char **cause)
{
	struct store_activity *x, *patch;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc, n = 0;

	x = calloc(1, sizeof *x);
	patch = calloc(1, sizeof *patch);
	if (x == NULL || patch == NULL) {
		free(x);
		free(patch);
		return ZK_ENOMEM;
	}
	if ((rc = registers_activity_input(in, false, patch, &n, cause)) != 0)
		goto out;
	if (n == 0) {
		rc = zk_fail(cause, ZK_EINVAL, "nothing to change");
		goto out;
	}
	if ((rc = registers_begin(svc, a, &ev, "register.processing.update",
				  'U', "processing_activity", uid,
				  REGISTERS_WRITE, "FG-1", &t, cause)) != 0)
		goto out;
	rc = store_activity_get(svc->store, a->tenant, uid, x);
	if (rc != 0) {
		rc = svc_refuse_input(svc, a, &ev, rc, ZK_ENOTFOUND,
				      "no_such_activity", "FG-1", cause,
				      "no processing activity %s", uid);
		goto out;
	}
	for (int i = 0; i < STORE_ACTIVITY_NTEXTS; i++)
		if (patch->text[i][0] != '\0')
			memcpy(x->text[i], patch->text[i], sizeof x->text[i]);
	zk_time_fmt(zk_now(), x->edited_at);
	zk_strlcpy(x->edited_by, a->user_uid, sizeof x->edited_by);
	rc = store_activity_update(svc->store, a->tenant, x);
	if (rc != 0)
		rc = svc_fail_act(svc, a, &ev, rc, cause);
	else
		rc = svc_log_commit(svc, a, &ev, cause);
out:
	free(x);
	free(patch);
	return rc;
}

/* The labels of the fields in the export, Dutch and English. */
static const char *const registers_labels[2][STORE_ACTIVITY_NTEXTS] = {
    {"Naam", "Doel", "Rechtsgrond", "Categorieën betrokkenen",
     "Categorieën gegevens", "Ontvangers", "Doorgifte buiten de EER",
     "Bewaartermijnen", "Beveiligingsmaatregelen"},
    {"Name", "Purpose", "Legal basis", "Categories of data subjects",
     "Categories of personal data", "Recipients", "Transfers outside the EEA",
     "Retention periods", "Security measures"}};

/* One CSV field (RFC 4180): quoted when it must be, quotes doubled. A
 * leading =, +, - or @ is prefixed with ' so that a spreadsheet does not
 * run it as a formula. */
static int
registers_csv_field(struct zk_buf *b, const char *s, bool last)
{
	int rc = 0;

	if (strpbrk(s, "\",\r\n") != NULL || strchr("=+-@", s[0]) != NULL) {
		rc = zk_buf_append(b, "\"", 1);
		if (rc == 0 && s[0] != '\0' && strchr("=+-@", s[0]) != NULL)
			rc = zk_buf_append(b, "'", 1);
		for (const char *p = s; rc == 0 && *p != '\0'; p++)
			rc = *p == '"' ? zk_buf_append(b, "\"\"", 2)
				       : zk_buf_append(b, p, 1);
		if (rc == 0)
			rc = zk_buf_append(b, "\"", 1);
	} else {
		rc = zk_buf_append(b, s, strlen(s));
	}
	if (rc == 0)
		rc = zk_buf_append(b, last ? "\r\n" : ",", last ? 2 : 1);
	return rc;
}

struct registers_export {
	struct zk_buf *csv;
	struct pdf_doc *pdf;
	int lang; /* 0 nl, 1 en */
	int n;
};

static int
registers_export_row(void *arg, const struct store_activity *x)
{
	struct registers_export *e = arg;
	int rc = 0;

	e->n++;
	if (e->csv != NULL) {
		rc = registers_csv_field(e->csv, x->uid, false);
		rc =
		    rc ? rc : registers_csv_field(e->csv, x->purpose_id, false);
		for (int i = 0; rc == 0 && i < STORE_ACTIVITY_NTEXTS; i++)
			rc = registers_csv_field(e->csv, x->text[i], false);
		rc = rc ? rc : registers_csv_field(e->csv, x->edited_at, false);
		rc = rc ? rc : registers_csv_field(e->csv, x->edited_by, true);
		return rc;
	}
	pdf_heading(e->pdf, 2, x->text[0]);
	for (int i = 1; i < STORE_ACTIVITY_NTEXTS; i++)
		pdf_def(e->pdf, registers_labels[e->lang][i], x->text[i]);
	if (x->edited_at[0] != '\0')
		pdf_def(e->pdf, e->lang ? "Last edited" : "Laatst bewerkt",
			x->edited_at);
	return pdf_space(e->pdf, 6);
}

int
svc_activity_export(struct service *svc, const struct actor *a,
		    const char *format, const char *lang, struct zk_buf *out,
		    char **cause)
{
	struct registers_export e;
	struct svc_tenant *t;
	struct audit_event ev;
	char day[ZK_DATE_LEN];
	int rc;

	memset(&e, 0, sizeof e);
	if (format == NULL ||
	    (strcmp(format, "csv") != 0 && strcmp(format, "pdf") != 0))
		return zk_fail(cause, ZK_EINVAL, "format must be csv or pdf");
	if (lang != NULL && strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		return zk_fail(cause, ZK_EINVAL, "lang must be nl or en");
	e.lang = lang != NULL && strcmp(lang, "en") == 0;
	if ((rc = registers_begin(svc, a, &ev, "register.processing.export",
				  'R', "processing_activity", NULL,
				  REGISTERS_READ, "FG-1", &t, cause)) != 0)
		return rc;
	zk_date_fmt(svc_today(svc), day);
	if (strcmp(format, "csv") == 0) {
		e.csv = out;
		rc = registers_csv_field(out, "id", false);
		rc = rc ? rc : registers_csv_field(out, "purpose_id", false);
		for (int i = 0; rc == 0 && i < STORE_ACTIVITY_NTEXTS; i++)
			rc = registers_csv_field(out, store_activity_fields[i],
						 false);
		rc = rc ? rc : registers_csv_field(out, "edited_at", false);
		rc = rc ? rc : registers_csv_field(out, "edited_by", true);
	} else if ((e.pdf = pdf_doc_new(e.lang ? "en" : "nl")) == NULL) {
		rc = ZK_ENOMEM;
	} else {
		const char *title =
		    e.lang ? "Record of processing activities (GDPR art. 30)"
			   : "Register van verwerkingsactiviteiten "
			     "(AVG art. 30)";

		pdf_doc_meta(e.pdf, title, t->profile->name, day);
		pdf_doc_header(e.pdf, t->profile->name, NULL, day);
		rc = pdf_heading(e.pdf, 1, title);
	}
	if (rc == 0)
		rc = store_activity_list(svc->store, a->tenant,
					 registers_export_row, &e);
	if (rc == 0 && e.pdf != NULL) {
		if (e.n == 0)
			pdf_para(e.pdf, e.lang
					    ? "No processing activities."
					    : "Geen verwerkingsactiviteiten.");
		rc = pdf_doc_render(e.pdf, out, NULL);
	}
	pdf_doc_free(e.pdf);
	if (rc != 0)
		return svc_fail_act(svc, a, &ev, rc, cause);
	return svc_log_commit(svc, a, &ev, cause);
}

/* --- transfers (SEC-2) ------------------------------------------------ */

int
svc_transfer_add(struct service *svc, const struct actor *a, const json_t *in,
		 char uid[ZK_UUID_LEN], char **cause)
{
	static const char *const names[] = {"recipient", "processor", "country",
					    "certified", "what",      "basis",
					    "basis_ref", NULL};
	const char *recipient, *processor, *country, *what, *basis, *ref, *why;
	struct store_processor p;
	struct store_transfer x;
	struct svc_tenant *t;
	struct audit_event ev;
	int rc, certified = 0;

	memset(&x, 0, sizeof x);
	if ((rc = registers_only(in, names, cause)) != 0 ||
	    (rc = registers_str(in, "recipient", sizeof x.recipient, false,
				true, &recipient, cause)) != 0 ||
	    (rc = registers_str(in, "processor", ZK_UUID_LEN, false, false,
				&processor, cause)) != 0 ||
	    (rc = registers_str(in, "country", 3, false, true, &country,
				cause)) != 0 ||
	    (rc = registers_bool(in, "certified", &certified, cause)) != 0 ||
	    (rc = registers_str(in, "what", sizeof x.what, true, true, &what,
				cause)) != 0 ||
	    (rc = registers_str(in, "basis", sizeof x.basis, false, true,
				&basis, cause)) != 0 ||
	    (rc = registers_str(in, "basis_ref", sizeof x.basis_ref, false,
				false, &ref, cause)) != 0)
		return rc;
	if (strlen(country) != 2 || country[0] < 'A' || country[0] > 'Z' ||
	    country[1] < 'A' || country[1] > 'Z' ||
	    disclosure_adequacy(country, NULL) == ADEQUACY_INVALID)
		return zk_fail(cause, ZK_EINVAL,
			       "country must be an ISO 3166-1 alpha-2 code "
			       "in capitals, such as US (SEC-2)");
	if (disclosure_adequacy(country, NULL) == ADEQUACY_EEA)
		return zk_fail(cause, ZK_EINVAL,
			       "%s is in the EEA: this register holds "
			       "transfers outside it (SEC-2)",
			       country);
	if (processor != NULL && !zk_uuid_valid(processor))
		return zk_fail(cause, ZK_EINVAL, "processor must be an id");
	zk_uuid_new(x.uid);
	zk_strlcpy(x.recipient, recipient, sizeof x.recipient);
	zk_strlcpy(x.country, country, sizeof x.country);
	x.certified = certified;
	zk_strlcpy(x.what, what, sizeof x.what);
	zk_strlcpy(x.basis, basis, sizeof x.basis);
	if (ref != NULL)
		zk_strlcpy(x.basis_ref, ref, sizeof x.basis_ref);
	zk_time_fmt(zk_now(), x.created_at);
	zk_strlcpy(x.created_by, a->user_uid, sizeof x.created_by);
	if ((rc = registers_begin(svc, a, &ev, "register.transfer.create", 'C',
				  "transfer", x.uid, REGISTERS_WRITE, "SEC-2",
				  &t, cause)) != 0)
		return rc;
	if (processor != NULL) {
		rc = store_processor_get(svc->store, a->tenant, processor, &p);
		if (rc != 0)
			return svc_refuse_input(
			    svc, a, &ev, rc, ZK_ENOTFOUND, "no_such_processor",
			    "PRC-1", cause, "no processor %s", processor);
		x.processor_id = p.id;
	}
	/* SEC-2, W§20: refused and logged, never kept. */
	if ((why = registers_transfer_refusal(country, certified, basis)) !=
	    NULL) {
		struct authz_decision no = {.reason = "no_adequate_protection",
					    .rule = "SEC-2"};

		ev.checks = "authz=permit,adequacy=none";
		rc = svc_refuse(svc, a, &ev, &no, cause);
		if (cause != NULL) {
			free(*cause);
			*cause = NULL;
		}
		return rc == ZK_EDENIED
			   ? zk_fail(cause, ZK_EDENIED,
				     "refused: %s to %s: %s (SEC-2)",
				     "transfer", country, why)
			   : rc;
	}
	rc = store_transfer_create(svc->store, a->tenant, &x, NULL);
	return svc_log_created(svc, a, &ev, rc, x.uid, uid, cause);
}

static int
registers_transfer_add(void *arg, const struct store_transfer *x)
{
	bool needs_cert = false;
	enum adequacy ad = disclosure_adequacy(x->country, &needs_cert);
	json_t *o = json_pack(
	    "{s:s, s:s, s:s?, s:s, s:b, s:s, s:s, s:s?, s:b, s:s, s:s}", "id",
	    x->uid, "recipient", x->recipient, "processor",
	    x->processor_uid[0] ? x->processor_uid : NULL, "country",
	    x->country, "certified", x->certified, "what", x->what, "basis",
	    x->basis, "basis_ref", x->basis_ref[0] ? x->basis_ref : NULL,
	    "adequacy", ad == ADEQUACY_DECISION, "created_at", x->created_at,
	    "created_by", x->created_by);

	return o == NULL || json_array_append_new(arg, o) != 0 ? ZK_ENOMEM : 0;
}

int
svc_transfer_list(struct service *svc, const struct actor *a, json_t **out,
		  char **cause)
{
	struct svc_tenant *t;
	struct audit_event ev;
	int rc;

	*out = NULL;
	if ((rc = registers_begin(svc, a, &ev, "register.transfer.list", 'R',
				  "transfer", NULL, REGISTERS_READ, "SEC-2", &t,
				  cause)) != 0)
		return rc;
	if ((*out = json_array()) == NULL)
		rc = ZK_ENOMEM;
	else
		rc = store_transfer_list(svc->store, a->tenant,
					 registers_transfer_add, *out);
	return svc_log_read(svc, a, &ev, rc, out, cause);
}
