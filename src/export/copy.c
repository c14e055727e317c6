/*
 * copy.c: the human-readable copy of INZ-1 to INZ-6 as a PDF, from the
 * assembly the service puts together (tests/fixtures/assembly.json).
 *
 * The copy says, in Dutch or in English, who the subject is, every entry
 * by category with each correction printed just below the entry it
 * corrects, what was withheld and why (INZ-2), the consents,
 * representatives, objections and information given, the information of
 * GDPR art. 15 (INZ-1), the authorisation scheme and the log (INZ-3), and
 * the offer of an explanation (INZ-4). It is the first copy and free
 * unless the request carries a fee (INZ-6, RQ-4).
 *
 * The service leaves work notes out; this file skips them too, whatever
 * category list they come in (CAT-4), because a copy that showed one
 * would be a leak no later step can take back.
 *
 * Optional fields that are missing or null are left out; a field of the
 * wrong type is an error naming it. Nothing of the content is logged.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "export/pdf.h"

struct copy {
	struct pdf_doc *d;
	const json_t *a;
	bool en;
	int rc;
	char *cause;
};

#define COPY_L(c, nl_, en_) ((c)->en ? (en_) : (nl_))

/* The words of the vocabulary, in both languages. */
static const struct {
	const char *code, *nl, *en;
} copy_words[] = {
    {"contract", "overeenkomst", "contract"},
    {"legal_obligation", "wettelijke verplichting", "legal obligation"},
    {"consent", "toestemming", "consent"},
    {"vital_interest", "vitaal belang", "vital interest"},
    {"public_task", "taak van algemeen belang", "public task"},
    {"legitimate_interest", "gerechtvaardigd belang", "legitimate interest"},
    {"active", "geldig", "valid"},
    {"corrected", "gecorrigeerd", "corrected"},
    {"erased", "verwijderd", "erased"},
    {"shielded", "afgeschermd", "shielded"},
    {"restricted", "beperkt", "restricted"},
    {"client", "cliënt", "client"},
    {"employee", "medewerker", "employee"},
    {"intern", "stagiair", "intern"},
    {"volunteer", "vrijwilliger", "volunteer"},
    {"applicant", "sollicitant", "applicant"},
    {"parent_with_authority", "ouder met gezag", "parent with authority"},
    {"guardian", "voogd", "guardian"},
    {"curator", "curator", "curator"},
    {"mentor", "mentor", "mentor"},
    {"authorised_in_writing", "schriftelijk gemachtigde",
     "person authorised in writing"},
    {"spouse_partner", "echtgenoot of partner", "spouse or partner"},
    {"child", "kind", "child"},
    {"sibling", "broer of zus", "brother or sister"},
    {"parent", "ouder", "parent"},
    {"written", "schriftelijk", "in writing"},
    {"oral", "mondeling", "orally"},
    {"electronic", "elektronisch", "electronically"},
    {"research", "onderzoek", "research"},
    {"care_delivery", "zorgverlening", "care delivery"},
    {"business_operations", "bedrijfsvoering", "business operations"},
    {"quality", "kwaliteitsbewaking", "quality assurance"},
    {"statistics", "statistiek", "statistics"},
    {"professional", "beroepsbeoefenaar", "care professional"},
    {"insurer", "zorgverzekeraar", "health insurer"},
    {"specialist", "medisch specialist", "specialist"},
    {"care_provider", "andere zorgaanbieder", "other care provider"},
    {"directly_involved", "direct betrokkene bij de zorg",
     "person directly involved in the care"},
    {"researcher", "onderzoeker", "researcher"},
    {"public_body", "wettelijk aangewezen instantie", "body designated by law"},
    {"exception", "uitzondering in het reglement",
     "exception in the regulation"},
    {"subject", "u zelf", "you"},
    {"representative", "vertegenwoordiger", "representative"},
    {"informed", "geïnformeerd", "informed"},
    {"care_agreement", "bij de zorgovereenkomst", "with the care agreement"},
    {"access", "inzage", "access"},
    {"copy", "afschrift", "copy"},
    {"portability", "overdracht van gegevens", "data portability"},
    {"rectification", "correctie", "rectification"},
    {"completion", "aanvulling", "completion"},
    {"erasure", "verwijdering", "erasure"},
    {"shielding", "afscherming", "shielding"},
    {"restriction", "beperking van de verwerking", "restriction"},
    {"objection", "bezwaar", "objection"},
    {"log", "inzage in de logging", "the log"},
    {"scheme", "het bevoegdheidsschema", "the authorisation scheme"},
    {"board", "het bestuur", "the board"},
    {"management", "de directie", "the management"},
    {"read", "inzien", "read"},
    {"create", "vastleggen", "record"},
    {"correct", "corrigeren", "correct"},
    {"export", "exporteren", "export"},
    {"disclose", "verstrekken", "disclose"},
    {"destroy", "vernietigen", "destroy"},
    {"responsible", "verantwoordelijk", "responsible"},
    {"co_treating", "medebehandelaar", "co-treating"},
    {"substitute", "waarnemer", "substitute"},
    {"creation", "na het vastleggen", "from recording"},
    {"end_of_care", "na het einde van de zorg", "from the end of care"},
    {"identity", "Identiteitsgegevens", "Identity data"},
    {"bsn", "Burgerservicenummer", "Citizen service number"},
    {"care", "Zorggegevens", "Care data"},
    {"medical", "Medische gegevens", "Medical data"},
    {"special", "Bijzondere gegevens", "Special categories"},
    {"financial", "Financiële gegevens", "Financial data"},
    {"hr", "Personeelsgegevens", "HR data"},
    {"application", "Sollicitatiegegevens", "Application data"},
};

static const char *
copy_word(const struct copy *c, const char *code)
{
	if (code == NULL)
		return NULL;
	for (size_t i = 0; i < ZK_ARRAY_SIZE(copy_words); i++)
		if (strcmp(copy_words[i].code, code) == 0)
			return c->en ? copy_words[i].en : copy_words[i].nl;
	return code;
}

static void
copy_bad(struct copy *c, const char *where, const char *key, const char *what)
{
	if (c->rc == 0)
		c->rc = zk_fail(&c->cause, ZK_EINVAL, "%s%s%s is not %s", where,
				key != NULL ? "." : "", key != NULL ? key : "",
				what);
}

/* The string o.key; NULL when absent or null, an error when not text. */
static const char *
copy_str(struct copy *c, const json_t *o, const char *key, const char *where)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		copy_bad(c, where, key, "text");
		return NULL;
	}
	return json_string_value(v);
}

static const json_t *
copy_arr(struct copy *c, const json_t *o, const char *key, const char *where)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_array(v)) {
		copy_bad(c, where, key, "a list");
		return NULL;
	}
	return v;
}

static const json_t *
copy_obj(struct copy *c, const json_t *o, const char *key, const char *where)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_object(v)) {
		copy_bad(c, where, key, "an object");
		return NULL;
	}
	return v;
}

/* Element i of a list, which must be an object. */
static const json_t *
copy_item(struct copy *c, const json_t *arr, size_t i, const char *where)
{
	const json_t *v = json_array_get(arr, i);

	if (!json_is_object(v)) {
		copy_bad(c, where, NULL, "a list of objects");
		return NULL;
	}
	return v;
}

/* -1 absent, 0 false, 1 true. */
static int
copy_bool(struct copy *c, const json_t *o, const char *key, const char *where)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v))
		return -1;
	if (!json_is_boolean(v)) {
		copy_bad(c, where, key, "true or false");
		return -1;
	}
	return json_is_true(v);
}

static const char *
copy_or(const char *s)
{
	return s != NULL ? s : "";
}

static const char *
copy_yesno(const struct copy *c, int b)
{
	return b < 0 ? NULL
	       : b   ? COPY_L(c, "ja", "yes")
		     : COPY_L(c, "nee", "no");
}

/* A time as "2026-11-23 04:21 UTC", a date as it is, into out. */
static const char *
copy_when(const char *s, char *out, size_t n)
{
	if (s == NULL)
		return NULL;
	if (strlen(s) >= 16 && s[10] == 'T')
		snprintf(out, n, "%.10s %.5s UTC", s, s + 11);
	else
		zk_strlcpy(out, s, n);
	return out;
}

/* The list of strings o.key as words joined by ", " (heap, or NULL). */
static char *
copy_join(struct copy *c, const json_t *o, const char *key, const char *where)
{
	const json_t *arr = copy_arr(c, o, key, where), *v;
	struct zk_buf b;
	size_t i;
	char *s;

	if (arr == NULL || json_array_size(arr) == 0)
		return NULL;
	zk_buf_init(&b, 0);
	json_array_foreach(arr, i, v)
	{
		const char *w;

		if (!json_is_string(v)) {
			copy_bad(c, where, key, "a list of text");
			break;
		}
		w = copy_word(c, json_string_value(v));
		if ((i > 0 && zk_buf_append(&b, ", ", 2) != 0) ||
		    zk_buf_append(&b, w, strlen(w)) != 0) {
			c->rc = zk_fail(&c->cause, ZK_ENOMEM, "out of memory");
			break;
		}
	}
	s = b.data != NULL ? strdup((char *)b.data) : NULL;
	zk_buf_release(&b);
	return s;
}

/* The name of a purpose in the language, from art15.purposes. */
static const char *
copy_purpose(struct copy *c, const char *id)
{
	const json_t *a15 = json_object_get(c->a, "art15");
	const json_t *ps = json_object_get(a15, "purposes"), *p;
	size_t i;

	if (id == NULL)
		return NULL;
	json_array_foreach(ps, i, p)
	{
		const json_t *pid = json_object_get(p, "id");
		const json_t *name =
		    json_object_get(p, c->en ? "name_en" : "name_nl");

		if (json_is_string(pid) &&
		    strcmp(json_string_value(pid), id) == 0 &&
		    json_is_string(name))
			return json_string_value(name);
	}
	return copy_word(c, id);
}

/* A person named by id: "u" for the subject, else a representative. */
static const char *
copy_person(struct copy *c, const char *id)
{
	const json_t *reps = json_object_get(c->a, "representatives"), *r;
	const json_t *subj = json_object_get(c->a, "subject");
	const char *sid = json_string_value(json_object_get(subj, "id"));
	size_t i;

	if (id == NULL)
		return NULL;
	if (sid != NULL && strcmp(sid, id) == 0)
		return COPY_L(c, "u zelf", "you");
	json_array_foreach(reps, i, r)
	{
		const char *rid = json_string_value(json_object_get(r, "id"));
		const char *name =
		    json_string_value(json_object_get(r, "name"));

		if (rid != NULL && name != NULL && strcmp(rid, id) == 0)
			return name;
	}
	return id;
}

static void
copy_intro(struct copy *c, const char *org, const char *name)
{
	const json_t *req = copy_obj(c, c->a, "request", "request");
	const json_t *to = copy_obj(c, c->a, "addressee", "addressee");
	const char *on = copy_str(c, c->a, "generated_on", "assembly");
	const char *fee = copy_str(c, req, "fee", "request");
	char made[48] = "", recv[48] = "", *s;

	if (on != NULL &&
	    pdf_date_words(on, COPY_L(c, "nl", "en"), made, sizeof made) != 0)
		copy_bad(c, "assembly", "generated_on", "a date");
	if (req != NULL && copy_str(c, req, "received", "request") != NULL &&
	    pdf_date_words(copy_str(c, req, "received", "request"),
			   COPY_L(c, "nl", "en"), recv, sizeof recv) != 0)
		copy_bad(c, "request", "received", "a date");
	pdf_heading(
	    c->d, 1,
	    COPY_L(c, "Afschrift van uw gegevens", "Copy of your data"));
	s = zk_asprintf(
	    COPY_L(c,
		   "Dit is een afschrift van de gegevens die %s over "
		   "%s verwerkt%s%s%s%s.",
		   "This is a copy of the data %s processes about "
		   "%s%s%s%s%s."),
	    org, name, made[0] ? COPY_L(c, ", gemaakt op ", ", made on ") : "",
	    made,
	    recv[0] ? COPY_L(c, " op het verzoek van ", " at the request of ")
		    : "",
	    recv);
	pdf_para(c->d, s);
	free(s);
	if (to != NULL) {
		const char *kind = copy_str(c, to, "kind", "addressee");
		const char *tn = copy_str(c, to, "name", "addressee");
		const char *basis = copy_str(c, to, "basis", "addressee");

		/* REP-5: it goes to the representative, for the subject. */
		if (kind != NULL && strcmp(kind, "representative") == 0 &&
		    tn != NULL) {
			s = zk_asprintf(
			    COPY_L(c,
				   "Het is verstrekt aan %s%s%s%s, namens %s.",
				   "It is given to %s%s%s%s, on behalf of %s."),
			    tn, basis ? " (" : "",
			    basis ? copy_word(c, basis) : "", basis ? ")" : "",
			    name);
			pdf_para(c->d, s);
			free(s);
		}
	}
	if (req != NULL)
		pdf_def(c->d, COPY_L(c, "Kenmerk", "Reference"),
			copy_str(c, req, "id", "request"));
	/* INZ-6: the first copy is free; a fee only where RQ-4 allows. */
	if (fee != NULL)
		pdf_def(c->d, COPY_L(c, "Kosten", "Fee"), fee);
	else
		pdf_def(c->d, COPY_L(c, "Kosten", "Fee"),
			COPY_L(c, "geen: het eerste afschrift is kosteloos",
			       "none: the first copy is free of charge"));
}

static const struct {
	const char *key, *nl, *en;
} copy_idkeys[] = {
    {"family_name", "Achternaam", "Family name"},
    {"given_names", "Voornamen", "Given names"},
    {"birth_date", "Geboortedatum", "Date of birth"},
    {"bsn", "BSN", "Citizen service number (BSN)"},
    {"address", "Adres", "Address"},
    {"postcode", "Postcode", "Postcode"},
    {"city", "Woonplaats", "City"},
    {"phone", "Telefoon", "Telephone"},
    {"email", "E-mail", "E-mail"},
};

static void
copy_identity(struct copy *c, const json_t *subj, const json_t *id)
{
	const char *key;
	const json_t *v;
	char t[40];

	pdf_heading(c->d, 2, COPY_L(c, "Uw identiteit", "Your identity"));
	json_object_foreach((json_t *)id, key, v)
	{
		const char *label = key;

		if (json_is_null(v))
			continue;
		if (!json_is_string(v)) {
			copy_bad(c, "subject.identity", key, "text");
			return;
		}
		for (size_t i = 0; i < ZK_ARRAY_SIZE(copy_idkeys); i++)
			if (strcmp(copy_idkeys[i].key, key) == 0)
				label = COPY_L(c, copy_idkeys[i].nl,
					       copy_idkeys[i].en);
		pdf_def(c->d, label, json_string_value(v));
	}
	pdf_def(c->d, COPY_L(c, "Soort", "Kind"),
		copy_word(c, copy_str(c, subj, "kind", "subject")));
	pdf_def(
	    c->d, COPY_L(c, "Vastgelegd sinds", "Recorded since"),
	    copy_when(copy_str(c, subj, "created_at", "subject"), t, sizeof t));
	pdf_def(c->d, COPY_L(c, "Overleden op", "Died on"),
		copy_str(c, subj, "deceased_on", "subject"));
}

/* CAT-4: a professional's work notes are never part of the copy. */
static bool
copy_is_work_note(const char *category)
{
	return category != NULL && strcmp(category, "work_note") == 0;
}

/* The index in entries of the entry with this id, or -1. */
static long
copy_find(const json_t *entries, const char *id)
{
	const json_t *e;
	size_t i;

	if (id == NULL)
		return -1;
	json_array_foreach(entries, i, e)
	{
		const char *eid = json_string_value(json_object_get(e, "id"));

		if (eid != NULL && strcmp(eid, id) == 0)
			return (long)i;
	}
	return -1;
}

static void
copy_entry(struct copy *c, const json_t *e, const json_t *entries)
{
	const char *w = "entries[]";
	const json_t *content = json_object_get(e, "content");
	const char *corrects = copy_str(c, e, "corrects", w);
	const char *corrected_by = copy_str(c, e, "corrected_by", w);
	const char *kind = NULL, *key;
	const json_t *v;
	char t[40];

	if (content != NULL && json_is_object(content))
		kind = copy_str(c, content, "kind", "content");
	pdf_space(c->d, 4);
	pdf_def(c->d, COPY_L(c, "Vastgelegd op", "Recorded on"),
		copy_when(copy_str(c, e, "created_at", w), t, sizeof t));
	pdf_def(c->d, COPY_L(c, "Soort", "Kind"), kind);
	pdf_def(c->d, COPY_L(c, "Door", "By"),
		copy_str(c, e, "author_name", w));
	pdf_def(c->d, COPY_L(c, "Doel", "Purpose"),
		copy_purpose(c, copy_str(c, e, "purpose", w)));
	pdf_def(c->d, COPY_L(c, "Grondslag", "Legal basis"),
		copy_word(c, copy_str(c, e, "legal_basis", w)));
	if (corrected_by != NULL && copy_find(entries, corrected_by) >= 0)
		pdf_def(c->d, COPY_L(c, "Status", "Status"),
			COPY_L(c, "gecorrigeerd: de correctie staat hieronder",
			       "corrected: the correction follows below"));
	else
		pdf_def(c->d, COPY_L(c, "Status", "Status"),
			copy_word(c, copy_str(c, e, "status", w)));
	if (corrects != NULL)
		pdf_def(c->d, COPY_L(c, "Corrigeert", "Corrects"),
			copy_find(entries, corrects) >= 0
			    ? COPY_L(c, "de aantekening hierboven",
				     "the entry above")
			    : corrects);
	pdf_def(c->d, COPY_L(c, "Reden", "Reason"),
		copy_str(c, e, "reason", w));
	if (copy_bool(c, e, "provided_by_subject", w) == 1)
		pdf_def(c->d, COPY_L(c, "Bron", "Source"),
			COPY_L(c, "door u verstrekt", "provided by you"));
	if (content == NULL || json_is_null(content))
		return;
	if (json_is_string(content)) {
		pdf_para(c->d, json_string_value(content));
		return;
	}
	if (!json_is_object(content)) {
		copy_bad(c, w, "content", "an object");
		return;
	}
	/* The other fields of the content, then its text. */
	json_object_foreach((json_t *)content, key, v)
	{
		char num[32];

		if (strcmp(key, "kind") == 0 || strcmp(key, "text") == 0)
			continue;
		if (json_is_string(v))
			pdf_def(c->d, key, json_string_value(v));
		else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%lld",
				 (long long)json_integer_value(v));
			pdf_def(c->d, key, num);
		} else if (json_is_real(v)) {
			snprintf(num, sizeof num, "%g", json_real_value(v));
			pdf_def(c->d, key, num);
		}
	}
	pdf_para(c->d, copy_str(c, content, "text", "content"));
}

static void
copy_entries(struct copy *c)
{
	const json_t *cats = copy_arr(c, c->a, "categories", "assembly");
	size_t ci;

	if (cats == NULL)
		return;
	pdf_heading(c->d, 2, COPY_L(c, "Uw gegevens", "Your data"));
	for (ci = 0; ci < json_array_size(cats) && c->rc == 0; ci++) {
		const json_t *cat = copy_item(c, cats, ci, "categories");
		const char *code = copy_str(c, cat, "category", "categories[]");
		const char *name = copy_str(
		    c, cat, c->en ? "name_en" : "name_nl", "categories[]");
		const json_t *es = copy_arr(c, cat, "entries", "categories[]");
		size_t n = es != NULL ? json_array_size(es) : 0;
		char *done;

		if (cat == NULL || copy_is_work_note(code))
			continue;
		pdf_heading(c->d, 3, name != NULL ? name : copy_word(c, code));
		if (n == 0) {
			pdf_para(c->d, COPY_L(c, "Geen gegevens.", "No data."));
			continue;
		}
		if ((done = calloc(n, 1)) == NULL) {
			c->rc = zk_fail(&c->cause, ZK_ENOMEM, "out of memory");
			return;
		}
		for (size_t i = 0; i < n && c->rc == 0; i++) {
			const json_t *e = copy_item(c, es, i, "entries");
			long k;

			if (e == NULL || done[i])
				continue;
			/* A correction waits for its original. */
			k = copy_find(es,
				      copy_str(c, e, "corrects", "entries[]"));
			if (k >= 0 && !done[k] && k != (long)i)
				continue;
			/* Then each correction of it, below it. */
			for (k = (long)i; k >= 0 && !done[k] && c->rc == 0;) {
				const json_t *ek =
				    json_array_get(es, (size_t)k);

				done[k] = 1;
				if (!copy_is_work_note(copy_str(
					c, ek, "category", "entries[]")))
					copy_entry(c, ek, es);
				k = copy_find(es,
					      copy_str(c, ek, "corrected_by",
						       "entries[]"));
			}
		}
		/* Corrections whose original is not printed (a cycle). */
		for (size_t i = 0; i < n && c->rc == 0; i++) {
			const json_t *e = json_array_get(es, i);

			if (!done[i] && !copy_is_work_note(copy_str(
					    c, e, "category", "entries[]")))
				copy_entry(c, e, es);
		}
		free(done);
	}
}

static void
copy_withheld(struct copy *c)
{
	const json_t *arr = copy_arr(c, c->a, "withheld", "assembly");
	static const double w[3] = {0.4, 0.2, 0.4};
	const char *head[3] = {COPY_L(c, "Gegeven", "Entry"),
			       COPY_L(c, "Categorie", "Category"),
			       COPY_L(c, "Reden", "Reason")};

	if (arr == NULL || json_array_size(arr) == 0)
		return;
	/* INZ-2: withheld entry by entry, each with its reason. */
	pdf_heading(c->d, 2,
		    COPY_L(c, "Niet verstrekte gegevens", "Data withheld"));
	pdf_para(c->d,
		 COPY_L(c,
			"De volgende gegevens zijn niet in dit afschrift "
			"opgenomen om de persoonlijke levenssfeer van anderen "
			"te beschermen. Bij elk gegeven staat de reden.",
			"The following data are not part of this copy, to "
			"protect the privacy of others. Each has its reason."));
	pdf_table(c->d, 3, w, head);
	for (size_t i = 0; i < json_array_size(arr) && c->rc == 0; i++) {
		const json_t *x = copy_item(c, arr, i, "withheld");
		const char *cell[3];

		if (x == NULL ||
		    copy_is_work_note(copy_str(c, x, "category", "withheld[]")))
			continue;
		cell[0] = copy_str(c, x, "entry", "withheld[]");
		cell[1] =
		    copy_word(c, copy_str(c, x, "category", "withheld[]"));
		cell[2] = copy_str(c, x, "reason", "withheld[]");
		pdf_row(c->d, cell);
	}
}

static void
copy_consents(struct copy *c)
{
	const json_t *arr = copy_arr(c, c->a, "consents", "assembly");
	static const double w[6] = {0.16, 0.16, 0.16, 0.22, 0.15, 0.15};
	const char *head[6] = {COPY_L(c, "Doel", "Purpose"),
			       COPY_L(c, "Gegevens", "Data"),
			       COPY_L(c, "Ontvanger", "Recipient"),
			       COPY_L(c, "Gegeven door", "Given by"),
			       COPY_L(c, "Geldig", "Valid"),
			       COPY_L(c, "Ingetrokken", "Withdrawn")};

	if (arr == NULL || json_array_size(arr) == 0)
		return;
	pdf_heading(c->d, 2, COPY_L(c, "Toestemmingen", "Consents"));
	pdf_table(c->d, 6, w, head);
	for (size_t i = 0; i < json_array_size(arr) && c->rc == 0; i++) {
		const json_t *x = copy_item(c, arr, i, "consents");
		const char *wh = "consents[]", *basis, *form, *from, *until;
		char *cats, *by, *valid;
		char t[40];
		const char *cell[6];

		if (x == NULL)
			continue;
		cats = copy_join(c, x, "categories", wh);
		basis = copy_str(c, x, "representative_basis", wh);
		form = copy_str(c, x, "form", wh);
		by = zk_asprintf(
		    "%s%s%s%s%s%s",
		    copy_or(copy_person(c, copy_str(c, x, "given_by", wh))),
		    basis ? " (" : "", basis ? copy_word(c, basis) : "",
		    basis ? ")" : "", form ? ", " : "",
		    form ? copy_word(c, form) : "");
		from = copy_str(c, x, "valid_from", wh);
		until = copy_str(c, x, "valid_until", wh);
		valid = zk_asprintf("%s %s%s%s", COPY_L(c, "vanaf", "from"),
				    from ? from : "?",
				    until ? COPY_L(c, " tot ", " until ") : "",
				    until ? until : "");
		cell[0] = copy_purpose(c, copy_str(c, x, "purpose", wh));
		cell[1] = cats;
		cell[2] = copy_word(c, copy_str(c, x, "recipient_kind", wh));
		cell[3] = by;
		cell[4] = valid;
		cell[5] =
		    copy_when(copy_str(c, x, "withdrawn_at", wh), t, sizeof t);
		pdf_row(c->d, cell);
		free(cats);
		free(by);
		free(valid);
	}
}

static void
copy_representatives(struct copy *c)
{
	const json_t *arr = copy_arr(c, c->a, "representatives", "assembly");
	static const double w[4] = {0.3, 0.25, 0.2, 0.25};
	const char *head[4] = {
	    COPY_L(c, "Naam", "Name"), COPY_L(c, "Hoedanigheid", "Capacity"),
	    COPY_L(c, "Sinds", "Since"), COPY_L(c, "Opmerking", "Note")};

	if (arr == NULL || json_array_size(arr) == 0)
		return;
	pdf_heading(c->d, 2,
		    COPY_L(c, "Vertegenwoordigers", "Representatives"));
	pdf_table(c->d, 4, w, head);
	for (size_t i = 0; i < json_array_size(arr) && c->rc == 0; i++) {
		const json_t *x = copy_item(c, arr, i, "representatives");
		const char *wh = "representatives[]", *cell[4];
		char t[40];

		if (x == NULL)
			continue;
		cell[0] = copy_str(c, x, "name", wh);
		cell[1] = copy_word(c, copy_str(c, x, "kind", wh));
		cell[2] =
		    copy_when(copy_str(c, x, "created_at", wh), t, sizeof t);
		cell[3] = NULL;
		if (copy_bool(c, x, "declines", wh) == 1)
			cell[3] =
			    COPY_L(c, "wil niet optreden", "declines to act");
		else if (copy_bool(c, x, "absent", wh) == 1)
			cell[3] = COPY_L(c, "afwezig", "absent");
		pdf_row(c->d, cell);
	}
}

static void
copy_objections(struct copy *c)
{
	const json_t *arr = copy_arr(c, c->a, "objections", "assembly");
	static const double w[5] = {0.28, 0.18, 0.18, 0.18, 0.18};
	const char *head[5] = {
	    COPY_L(c, "Doel", "Purpose"), COPY_L(c, "Ontvanger", "Recipient"),
	    COPY_L(c, "Door", "By"), COPY_L(c, "Vastgelegd", "Registered"),
	    COPY_L(c, "Opgeheven", "Lifted")};

	if (arr == NULL || json_array_size(arr) == 0)
		return;
	pdf_heading(c->d, 2, COPY_L(c, "Bezwaren", "Objections"));
	pdf_table(c->d, 5, w, head);
	for (size_t i = 0; i < json_array_size(arr) && c->rc == 0; i++) {
		const json_t *x = copy_item(c, arr, i, "objections");
		const char *wh = "objections[]", *cell[5];
		char t1[40], t2[40];

		if (x == NULL)
			continue;
		cell[0] = copy_purpose(c, copy_str(c, x, "purpose", wh));
		cell[1] = copy_word(c, copy_str(c, x, "recipient_kind", wh));
		cell[2] = copy_word(c, copy_str(c, x, "by", wh));
		cell[3] = copy_when(copy_str(c, x, "registered_at", wh), t1,
				    sizeof t1);
		cell[4] =
		    copy_when(copy_str(c, x, "lifted_at", wh), t2, sizeof t2);
		pdf_row(c->d, cell);
	}
}

/* DIS-1, GDPR art. 15(1)(c): to whom data went, on what ground, when. */
static void
copy_disclosures(struct copy *c)
{
	const json_t *arr = copy_arr(c, c->a, "disclosures", "assembly");
	static const double w[5] = {0.28, 0.18, 0.2, 0.18, 0.16};
	const char *head[5] = {
	    COPY_L(c, "Ontvanger", "Recipient"), COPY_L(c, "Soort", "Kind"),
	    COPY_L(c, "Grond", "Ground"), COPY_L(c, "Gegevens", "Data"),
	    COPY_L(c, "Datum", "Date")};

	if (arr == NULL || json_array_size(arr) == 0)
		return;
	pdf_heading(c->d, 2,
		    COPY_L(c, "Verstrekt aan derden", "Disclosed to others"));
	pdf_table(c->d, 5, w, head);
	for (size_t i = 0; i < json_array_size(arr) && c->rc == 0; i++) {
		const json_t *x = copy_item(c, arr, i, "disclosures");
		const json_t *to, *items;
		const char *wh = "disclosures[]", *cell[5];
		char what[200] = "";

		if (x == NULL)
			continue;
		to = copy_obj(c, x, "recipient", wh);
		items = copy_arr(c, x, "items", wh);
		for (size_t j = 0; items != NULL && j < json_array_size(items);
		     j++) {
			const json_t *it = copy_item(c, items, j, wh);
			const char *cat =
			    it ? copy_str(c, it, "category", wh) : NULL;

			size_t n = strlen(what);

			if (cat == NULL || strstr(what, cat) != NULL)
				continue;
			snprintf(what + n, sizeof what - n, "%s%s",
				 n > 0 ? ", " : "", cat);
		}
		cell[0] = to ? copy_str(c, to, "name", wh) : NULL;
		cell[1] = to ? copy_word(c, copy_str(c, to, "kind", wh)) : NULL;
		cell[2] = copy_word(c, copy_str(c, x, "ground", wh));
		cell[3] = what;
		cell[4] = copy_str(c, x, "disclosed_on", wh);
		pdf_row(c->d, cell);
	}
}

static void
copy_information(struct copy *c)
{
	const json_t *arr = copy_arr(c, c->a, "information", "assembly");
	static const double w[5] = {0.18, 0.14, 0.18, 0.3, 0.2};
	const char *head[5] = {
	    COPY_L(c, "Wat", "What"), COPY_L(c, "Versie", "Version"),
	    COPY_L(c, "Datum", "Date"), COPY_L(c, "Hoe", "How"),
	    COPY_L(c, "Bron", "Source")};

	if (arr == NULL || json_array_size(arr) == 0)
		return;
	pdf_heading(
	    c->d, 2,
	    COPY_L(c, "Informatie die u kreeg", "Information given to you"));
	pdf_table(c->d, 5, w, head);
	for (size_t i = 0; i < json_array_size(arr) && c->rc == 0; i++) {
		const json_t *x = copy_item(c, arr, i, "information");
		const char *wh = "information[]", *cell[5];

		if (x == NULL)
			continue;
		cell[0] = copy_word(c, copy_str(c, x, "type", wh));
		cell[1] = copy_str(c, x, "version", wh);
		cell[2] = copy_str(c, x, "informed_on", wh);
		cell[3] = copy_word(c, copy_str(c, x, "how", wh));
		cell[4] = copy_word(c, copy_str(c, x, "source", wh));
		pdf_row(c->d, cell);
	}
}

/* "P15Y" as "15 jaar"; anything else as it is. */
static void
copy_period(const struct copy *c, const char *p, char *out, size_t n)
{
	char unit = 0, *end;
	long v;

	if (p != NULL && p[0] == 'P') {
		v = strtol(p + 1, &end, 10);
		if (end != p + 1 && end[0] != '\0' && end[1] == '\0')
			unit = end[0];
		if (unit == 'Y')
			snprintf(out, n, "%ld %s", v,
				 COPY_L(c, "jaar", v == 1 ? "year" : "years"));
		else if (unit == 'M')
			snprintf(out, n, "%ld %s", v,
				 c->en ? (v == 1 ? "month" : "months")
				       : (v == 1 ? "maand" : "maanden"));
		else if (unit == 'D')
			snprintf(out, n, "%ld %s", v,
				 c->en ? (v == 1 ? "day" : "days")
				       : (v == 1 ? "dag" : "dagen"));
		if (unit == 'Y' || unit == 'M' || unit == 'D')
			return;
	}
	zk_strlcpy(out, p != NULL ? p : "", n);
}

/* The complaint routes and always the AP (CMP-1, RQ-5). */
static void
copy_complaints(struct copy *c, const json_t *list, const json_t *org)
{
	const json_t *ap = copy_obj(c, org, "authority", "organisation");
	const char *apn = ap ? copy_str(c, ap, "name", "authority") : NULL;
	const char *apu = ap ? copy_str(c, ap, "url", "authority") : NULL;
	char *s, label[64];

	for (size_t i = 0; list != NULL && i < json_array_size(list); i++) {
		const json_t *x = copy_item(c, list, i, "complaints");

		if (x == NULL)
			return;
		/* "het bestuur" as a label: "Het bestuur". */
		zk_strlcpy(
		    label,
		    copy_or(copy_word(c, copy_str(c, x, "to", "complaints[]"))),
		    sizeof label);
		label[0] = (char)toupper((unsigned char)label[0]);
		pdf_def(c->d, label, copy_str(c, x, "address", "complaints[]"));
	}
	s = zk_asprintf("%s, %s", apn ? apn : "Autoriteit Persoonsgegevens",
			apu ? apu : "https://autoriteitpersoonsgegevens.nl");
	pdf_def(c->d, COPY_L(c, "Toezichthouder", "Supervisory authority"), s);
	free(s);
}

static void
copy_art15(struct copy *c, const json_t *org)
{
	const json_t *a = copy_obj(c, c->a, "art15", "assembly"), *arr;
	const char *w = "art15";
	char *s;

	if (a == NULL)
		return;
	/* INZ-1, GDPR art. 15: what is done with the data and why. */
	pdf_heading(c->d, 2,
		    COPY_L(c, "Over de verwerking (art. 15 AVG)",
			   "About the processing (GDPR art. 15)"));
	if ((arr = copy_arr(c, a, "purposes", w)) != NULL) {
		pdf_heading(c->d, 3,
			    COPY_L(c, "Doelen en grondslagen",
				   "Purposes and legal bases"));
		for (size_t i = 0; i < json_array_size(arr) && c->rc == 0;
		     i++) {
			const json_t *p =
			    copy_item(c, arr, i, "art15.purposes");
			const char *name;

			if (p == NULL)
				break;
			name = copy_str(c, p, c->en ? "name_en" : "name_nl",
					"art15.purposes[]");
			s = copy_join(c, p, "legal_bases", "art15.purposes[]");
			pdf_def(c->d,
				name ? name
				     : copy_str(c, p, "id", "art15.purposes[]"),
				s ? s : "-");
			free(s);
		}
	}
	if ((arr = copy_arr(c, a, "categories", w)) != NULL) {
		struct zk_buf b;

		pdf_heading(
		    c->d, 3,
		    COPY_L(c, "Soorten gegevens", "Categories of data"));
		zk_buf_init(&b, 0);
		for (size_t i = 0; i < json_array_size(arr) && c->rc == 0;
		     i++) {
			const json_t *p =
			    copy_item(c, arr, i, "art15.categories");
			const char *name;

			if (p == NULL)
				break;
			name = copy_str(c, p, c->en ? "name_en" : "name_nl",
					"art15.categories[]");
			if (name == NULL)
				name = copy_word(
				    c, copy_str(c, p, "category",
						"art15.categories[]"));
			if (name == NULL ||
			    copy_is_work_note(copy_str(c, p, "category",
						       "art15.categories[]")))
				continue;
			if ((b.len > 0 && zk_buf_append(&b, ", ", 2) != 0) ||
			    zk_buf_append(&b, name, strlen(name)) != 0)
				c->rc = zk_fail(&c->cause, ZK_ENOMEM, "memory");
		}
		if (b.data != NULL)
			pdf_para(c->d, (char *)b.data);
		zk_buf_release(&b);
	}
	if ((arr = copy_arr(c, a, "recipients", w)) != NULL &&
	    json_array_size(arr) > 0) {
		static const double wd[3] = {0.4, 0.3, 0.3};
		const char *head[3] = {
		    COPY_L(c, "Ontvanger", "Recipient"),
		    COPY_L(c, "Toegestaan", "Allowed"),
		    COPY_L(c, "Zonder toestemming", "Without consent")};

		pdf_heading(c->d, 3, COPY_L(c, "Ontvangers", "Recipients"));
		pdf_table(c->d, 3, wd, head);
		for (size_t i = 0; i < json_array_size(arr) && c->rc == 0;
		     i++) {
			const json_t *p =
			    copy_item(c, arr, i, "art15.recipients");
			const char *cell[3];

			if (p == NULL)
				break;
			cell[0] = copy_word(
			    c, copy_str(c, p, "kind", "art15.recipients[]"));
			cell[1] =
			    copy_yesno(c, copy_bool(c, p, "allowed",
						    "art15.recipients[]"));
			cell[2] =
			    copy_yesno(c, copy_bool(c, p, "without_consent",
						    "art15.recipients[]"));
			pdf_row(c->d, cell);
		}
	}
	if ((arr = copy_arr(c, a, "retention", w)) != NULL &&
	    json_array_size(arr) > 0) {
		pdf_heading(c->d, 3,
			    COPY_L(c, "Bewaartermijnen", "Retention periods"));
		for (size_t i = 0; i < json_array_size(arr) && c->rc == 0;
		     i++) {
			const json_t *p =
			    copy_item(c, arr, i, "art15.retention");
			const char *from;
			char per[48];

			if (p == NULL)
				break;
			copy_period(
			    c, copy_str(c, p, "period", "art15.retention[]"),
			    per, sizeof per);
			from = copy_word(
			    c, copy_str(c, p, "from", "art15.retention[]"));
			s = zk_asprintf("%s%s%s", per, from ? " " : "",
					from ? from : "");
			pdf_def(c->d,
				copy_word(c, copy_str(c, p, "category",
						      "art15.retention[]")),
				s);
			free(s);
		}
	}
	pdf_heading(c->d, 3,
		    COPY_L(c, "Herkomst en rechten", "Source and rights"));
	if (copy_str(c, a, "source", w) != NULL)
		pdf_def(c->d, COPY_L(c, "Herkomst", "Source"),
			strcmp(copy_str(c, a, "source", w), "subject") == 0
			    ? COPY_L(c, "van u zelf", "from you")
			    : copy_str(c, a, "source", w));
	s = copy_join(c, a, "rights", w);
	pdf_def(c->d, COPY_L(c, "Uw rechten", "Your rights"), s);
	free(s);
	pdf_heading(c->d, 3, COPY_L(c, "Klachten", "Complaints"));
	copy_complaints(c, copy_arr(c, a, "complaints", w), org);
}

static void
copy_scheme(struct copy *c)
{
	const json_t *s = copy_obj(c, c->a, "scheme", "assembly");
	const json_t *cats, *rels;
	static const double w1[3] = {0.25, 0.35, 0.4};
	static const double w2[4] = {0.3, 0.25, 0.25, 0.2};
	const char *h1[3] = {COPY_L(c, "Gegevens", "Data"),
			     COPY_L(c, "Rol", "Role"), COPY_L(c, "Mag", "May")};
	const char *h2[4] = {COPY_L(c, "Medewerker", "Staff member"),
			     COPY_L(c, "Rol", "Role"),
			     COPY_L(c, "Relatie met u", "Relation with you"),
			     COPY_L(c, "Sinds", "Since")};

	if (s == NULL)
		return;
	/* INZ-3: who has access. */
	pdf_heading(c->d, 2,
		    COPY_L(c, "Wie toegang heeft tot uw gegevens",
			   "Who has access to your data"));
	if ((cats = copy_arr(c, s, "categories", "scheme")) != NULL &&
	    json_array_size(cats) > 0) {
		pdf_table(c->d, 3, w1, h1);
		for (size_t i = 0; i < json_array_size(cats) && c->rc == 0;
		     i++) {
			const json_t *x =
			    copy_item(c, cats, i, "scheme.categories");
			const json_t *roles;
			const char *cat;

			if (x == NULL)
				break;
			cat = copy_str(c, x, "category", "scheme.categories[]");
			if (copy_is_work_note(cat))
				continue;
			roles = copy_arr(c, x, "roles", "scheme.categories[]");
			for (size_t j = 0;
			     roles != NULL && j < json_array_size(roles) &&
			     c->rc == 0;
			     j++) {
				const json_t *r =
				    copy_item(c, roles, j, "roles");
				const char *cell[3], *name;
				char *acts;

				if (r == NULL)
					break;
				name = copy_str(c, r,
						c->en ? "name_en" : "name_nl",
						"roles[]");
				acts = copy_join(c, r, "actions", "roles[]");
				cell[0] = copy_word(c, cat);
				cell[1] =
				    name ? name
					 : copy_str(c, r, "role", "roles[]");
				cell[2] = acts;
				pdf_row(c->d, cell);
				free(acts);
			}
		}
	}
	if ((rels = copy_arr(c, s, "relations", "scheme")) != NULL &&
	    json_array_size(rels) > 0) {
		pdf_table(c->d, 4, w2, h2);
		for (size_t i = 0; i < json_array_size(rels) && c->rc == 0;
		     i++) {
			const json_t *x =
			    copy_item(c, rels, i, "scheme.relations");
			const char *cell[4], *wh = "scheme.relations[]";

			if (x == NULL)
				break;
			cell[0] = copy_str(c, x, "user", wh);
			cell[1] = copy_word(c, copy_str(c, x, "role", wh));
			cell[2] = copy_word(c, copy_str(c, x, "relation", wh));
			cell[3] = copy_str(c, x, "since", wh);
			pdf_row(c->d, cell);
		}
	}
}

/* field_nl in Dutch, else field_en, else field. */
static const char *
copy_local(struct copy *c, const json_t *x, const char *field)
{
	char key[64];
	const char *s;

	snprintf(key, sizeof key, "%s_%s", field, c->en ? "en" : "nl");
	if ((s = copy_str(c, x, key, "log[]")) != NULL)
		return s;
	return copy_str(c, x, field, "log[]");
}

static void
copy_log(struct copy *c)
{
	const json_t *arr = copy_arr(c, c->a, "log", "assembly");
	static const double w[6] = {0.13, 0.22, 0.2, 0.19, 0.16, 0.1};
	const char *head[6] = {
	    COPY_L(c, "Datum", "Date"),	  COPY_L(c, "Wie", "Who"),
	    COPY_L(c, "Wat", "What"),	  COPY_L(c, "Doel", "Purpose"),
	    COPY_L(c, "Grond", "Ground"), COPY_L(c, "Aantal", "Times")};

	if (arr == NULL)
		return;
	/* INZ-3, INZ-6: who did access, the log as part of the copy. */
	pdf_heading(
	    c->d, 2,
	    COPY_L(c, "Wie uw gegevens heeft gebruikt", "Who used your data"));
	if (json_array_size(arr) == 0) {
		pdf_para(c->d, COPY_L(c, "Niemand.", "Nobody."));
		return;
	}
	pdf_table(c->d, 6, w, head);
	for (size_t i = 0; i < json_array_size(arr) && c->rc == 0; i++) {
		const json_t *x = copy_item(c, arr, i, "log");
		const char *cell[6], *org, *role, *outcome, *purpose, *data;
		const json_t *times;
		char *who, *what, n[24] = "", key[16];
		bool failed;

		if (x == NULL)
			break;
		org = copy_str(c, x, "organisation", "log[]");
		role = copy_str(c, x, "role", "log[]");
		who = zk_asprintf("%s%s%s%s%s",
				  copy_or(copy_str(c, x, "who", "log[]")),
				  role ? "\n" : "", copy_or(role),
				  org ? "\n" : "", copy_or(org));
		outcome = copy_str(c, x, "outcome", "log[]");
		failed = outcome != NULL && strcmp(outcome, "success") != 0;
		data = copy_local(c, x, "data");
		what = zk_asprintf(
		    "%s%s%s%s%s%s%s", copy_or(copy_local(c, x, "action")),
		    data != NULL ? ": " : "", copy_or(data),
		    copy_bool(c, x, "break_glass", "log[]") == 1
			? COPY_L(c, " (noodtoegang)", " (emergency access)")
			: "",
		    failed ? " (" : "",
		    failed ? copy_or(copy_local(c, x, "outcome")) : "",
		    failed ? ")" : "");
		snprintf(key, sizeof key, "purpose_%s", c->en ? "en" : "nl");
		if ((purpose = copy_str(c, x, key, "log[]")) == NULL)
			purpose =
			    copy_purpose(c, copy_str(c, x, "purpose", "log[]"));
		times = json_object_get(x, "times");
		if (json_is_integer(times))
			snprintf(n, sizeof n, "%lld",
				 (long long)json_integer_value(times));
		else if (times != NULL && !json_is_null(times))
			copy_bad(c, "log[]", "times", "a number");
		cell[0] = copy_str(c, x, "date", "log[]");
		cell[1] = who;
		cell[2] = what;
		cell[3] = purpose;
		cell[4] = copy_local(c, x, "ground");
		cell[5] = n;
		pdf_row(c->d, cell);
		free(who);
		free(what);
	}
}

static void
copy_explanation(struct copy *c)
{
	const char *x = copy_str(c, c->a, "explanation", "assembly");

	if (x == NULL)
		return;
	/* INZ-4: an offer, never presented as an obligation. */
	pdf_heading(c->d, 2, COPY_L(c, "Toelichting", "Explanation"));
	if (strcmp(x, "offered") == 0)
		pdf_para(c->d,
			 COPY_L(c,
				"Een zorgverlener biedt aan dit afschrift met "
				"u door te nemen. Dat is een aanbod: u hoeft "
				"er geen gebruik van te maken.",
				"A care professional offers to go through this "
				"copy with you. This is an offer: you need not "
				"take it up."));
	else if (strcmp(x, "declined") == 0)
		pdf_para(c->d, COPY_L(c,
				      "U heeft laten weten geen toelichting te "
				      "willen.",
				      "You let us know you want no "
				      "explanation."));
}

int
export_copy_pdf(const json_t *assembly, const char *lang, struct zk_buf *out,
		char **cause)
{
	struct copy c;
	const json_t *org, *subj, *id;
	const char *oname, *given, *family, *on;
	char *name = NULL, *title = NULL;
	int rc;

	memset(&c, 0, sizeof c);
	if (!json_is_object(assembly))
		return zk_fail(cause, ZK_EINVAL,
			       "the assembly is not an object");
	c.a = assembly;
	if (lang == NULL)
		lang = copy_str(&c, assembly, "lang", "assembly");
	if (lang == NULL)
		lang = "nl";
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0) {
		rc = zk_fail(cause, ZK_EINVAL, "language %s is not nl or en",
			     strlen(lang) < 16 ? lang : "?");
		goto out;
	}
	c.en = strcmp(lang, "en") == 0;
	org = copy_obj(&c, assembly, "organisation", "assembly");
	subj = copy_obj(&c, assembly, "subject", "assembly");
	id = subj != NULL ? copy_obj(&c, subj, "identity", "subject") : NULL;
	oname = org != NULL ? copy_str(&c, org, "name", "organisation") : NULL;
	if (c.rc == 0 && (oname == NULL || id == NULL))
		copy_bad(&c, "assembly",
			 oname == NULL ? "organisation.name"
				       : "subject.identity",
			 "given");
	if (c.rc != 0)
		goto fail;
	given = copy_str(&c, id, "given_names", "subject.identity");
	family = copy_str(&c, id, "family_name", "subject.identity");
	name = zk_asprintf("%s%s%s", given ? given : "",
			   given && family ? " " : "", family ? family : "");
	title = zk_asprintf("%s: %s", COPY_L(&c, "Afschrift", "Copy"), name);
	if (name == NULL || title == NULL ||
	    (c.d = pdf_doc_new(lang)) == NULL) {
		rc = zk_fail(cause, ZK_ENOMEM, "out of memory");
		goto out;
	}
	on = copy_str(&c, assembly, "generated_on", "assembly");
	pdf_doc_meta(c.d, title, oname,
		     copy_str(&c, assembly, "generated_at", "assembly"));
	pdf_doc_header(c.d, oname, name, on);
	copy_intro(&c, oname, name);
	copy_identity(&c, subj, id);
	copy_entries(&c);
	copy_withheld(&c);
	copy_consents(&c);
	copy_representatives(&c);
	copy_objections(&c);
	copy_disclosures(&c);
	copy_information(&c);
	copy_art15(&c, org);
	copy_scheme(&c);
	copy_log(&c);
	copy_explanation(&c);
	if (c.rc != 0)
		goto fail;
	rc = pdf_doc_render(c.d, out, cause);
	goto out;
fail:
	rc = c.rc;
	if (cause != NULL && *cause == NULL) {
		*cause = c.cause;
		c.cause = NULL;
	}
out:
	pdf_doc_free(c.d);
	free(c.cause);
	free(name);
	free(title);
	return rc;
}
