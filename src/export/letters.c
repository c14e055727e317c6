/*
 * letters.c: the letters of a subject's request as PDF (RQ-6): the
 * acknowledgement with the due date, the request for proof of identity
 * that suspends the deadline (RQ-3, W§14.6), the notice of an extension
 * by two months (RQ-2, W§14.5) and the decision: granted, partly granted
 * or refused, a refusal always with its reasons and the entries withheld
 * each with its own (RQ-5, INZ-2), and the ways to object further: the
 * organisation's complaint routes (CMP-1, M§18, W§18) and always the
 * Autoriteit Persoonsgegevens.
 *
 * A letter goes to the representative where one acts, on behalf of the
 * subject (REP-5). Requests are free: a fee is mentioned only when the
 * request carries one (RQ-4), and the first copy is free (INZ-6).
 *
 * The input shape is in export.h; tests/fixtures/letter.json is one.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "export/pdf.h"

struct letter {
	struct pdf_doc *d;
	bool en;
	int rc;
	char *cause;
};

#define LET_L(l, nl_, en_) ((l)->en ? (en_) : (nl_))
#define LET_DATE 48

/* What the request asked for, as it reads in a sentence. */
static const struct {
	const char *kind, *nl, *en;
} letter_kinds[] = {
    {"access", "uw verzoek om inzage", "your request for access"},
    {"copy", "uw verzoek om een afschrift", "your request for a copy"},
    {"portability", "uw verzoek om uw gegevens over te dragen",
     "your request to transfer your data"},
    {"rectification", "uw verzoek om correctie",
     "your request for rectification"},
    {"completion", "uw verzoek om aanvulling", "your request for completion"},
    {"erasure", "uw verzoek om verwijdering", "your request for erasure"},
    {"shielding", "uw verzoek om afscherming", "your request for shielding"},
    {"restriction", "uw verzoek om beperking van de verwerking",
     "your request for restriction of processing"},
    {"objection", "uw bezwaar tegen de verwerking",
     "your objection to the processing"},
    {"log", "uw verzoek om inzage in de logging",
     "your request to see the log"},
};

/*
 * REP-5: the capacity in which a representative, or INZ-5 a relative,
 * receives the letter: the kinds of policy/representation.h and the
 * relations of a next of kin's request.
 */
static const struct {
	const char *kind, *nl, *en;
} letter_capacities[] = {
    {"parent_with_authority", "ouder met gezag", "parent with authority"},
    {"guardian", "voogd", "guardian"},
    {"curator", "curator", "curator"},
    {"mentor", "mentor", "mentor"},
    {"authorised_in_writing", "schriftelijk gemachtigde",
     "person authorised in writing"},
    {"spouse_partner", "echtgenoot, geregistreerd partner of levensgezel",
     "spouse, registered partner or life companion"},
    {"child", "kind", "child"},
    {"sibling", "broer of zus", "brother or sister"},
    {"parent", "ouder", "parent"},
    {"other_relative", "familielid", "relative"},
    {"heir", "erfgenaam", "heir"},
};

static const struct {
	const char *to, *nl, *en;
} letter_routes[] = {
    {"board", "Het bestuur", "The board"},
    {"management", "De directie", "The management"},
    {"dpo", "De functionaris gegevensbescherming",
     "The data protection officer"},
    {"email", "Per e-mail", "By e-mail"},
};

static void
letter_bad(struct letter *l, const char *where, const char *what)
{
	if (l->rc == 0)
		l->rc =
		    zk_fail(&l->cause, ZK_EINVAL, "letter: %s %s", where, what);
}

/* o.key as text; NULL when absent or null (an error when required). */
static const char *
letter_str(struct letter *l, const json_t *o, const char *key,
	   const char *where, bool required)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL || json_is_null(v)) {
		if (required)
			letter_bad(l, where, "is missing");
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		letter_bad(l, where, "is not text");
		return NULL;
	}
	return json_string_value(v);
}

static const json_t *
letter_obj(struct letter *l, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_object(v)) {
		letter_bad(l, key,
			   v == NULL ? "is missing" : "is not an object");
		return NULL;
	}
	return v;
}

/* A date field in words into out; "" when absent and not required. */
static void
letter_date(struct letter *l, const json_t *o, const char *key,
	    const char *where, bool required, char out[LET_DATE])
{
	const char *s = letter_str(l, o, key, where, required);

	out[0] = '\0';
	if (s != NULL &&
	    pdf_date_words(s, LET_L(l, "nl", "en"), out, LET_DATE) != 0)
		letter_bad(l, where, "is not a date (YYYY-MM-DD)");
}

/* Appends a formatted paragraph. */
static void letter_para(struct letter *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
letter_para(struct letter *l, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0 && (s = malloc((size_t)n + 1)) != NULL) {
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	if (s == NULL) {
		if (l->rc == 0)
			l->rc = zk_fail(&l->cause, ZK_ENOMEM, "out of memory");
		return;
	}
	pdf_para(l->d, s);
	free(s);
}

/* RQ-5, CMP-1: where to turn, the organisation's routes and the AP. */
static void
letter_routes_write(struct letter *l, const json_t *org)
{
	const json_t *list = json_object_get(org, "complaints"), *x;
	const json_t *ap = json_object_get(org, "authority");
	const char *apn = NULL, *apu = NULL;
	size_t i;

	pdf_heading(
	    l->d, 2,
	    LET_L(l, "Bent u het niet met ons eens?", "If you disagree"));
	if (list != NULL && !json_is_null(list) && !json_is_array(list)) {
		letter_bad(l, "organisation.complaints", "is not a list");
		return;
	}
	if (json_array_size(list) > 0)
		letter_para(l, "%s",
			    LET_L(l, "U kunt een klacht indienen bij:",
				  "You can complain to:"));
	json_array_foreach(list, i, x)
	{
		const char *to, *addr, *label;

		if (!json_is_object(x)) {
			letter_bad(l, "organisation.complaints",
				   "is not a list "
				   "of objects");
			return;
		}
		to = letter_str(l, x, "to", "organisation.complaints[].to",
				true);
		addr = letter_str(l, x, "address",
				  "organisation.complaints[].address", true);
		if (to == NULL || addr == NULL)
			return;
		label = to;
		for (size_t k = 0; k < ZK_ARRAY_SIZE(letter_routes); k++)
			if (strcmp(letter_routes[k].to, to) == 0)
				label = LET_L(l, letter_routes[k].nl,
					      letter_routes[k].en);
		pdf_def(l->d, label, addr);
	}
	if (json_is_object(ap)) {
		apn = letter_str(l, ap, "name", "organisation.authority.name",
				 false);
		apu = letter_str(l, ap, "url", "organisation.authority.url",
				 false);
	}
	/* Always, whatever the organisation's own routes (RQ-5). */
	letter_para(
	    l,
	    LET_L(l,
		  "U kunt ook een klacht indienen bij de toezichthouder, de "
		  "%s (%s). Daarnaast kunt u zich tot de rechter wenden.",
		  "You can also complain to the supervisory authority, the %s "
		  "(%s). You can also go to court."),
	    apn != NULL ? apn : "Autoriteit Persoonsgegevens",
	    apu != NULL ? apu : "https://autoriteitpersoonsgegevens.nl");
}

/* RQ-4, INZ-6: what it costs. */
static void
letter_fee(struct letter *l, const char *kind, const char *fee)
{
	if (fee != NULL)
		letter_para(
		    l,
		    LET_L(l,
			  "Omdat uw verzoek kennelijk ongegrond of "
			  "buitensporig is, brengen wij daarvoor %s in "
			  "rekening.",
			  "Because your request is manifestly unfounded "
			  "or excessive, we charge %s for it."),
		    fee);
	else if (kind != NULL &&
		 (strcmp(kind, "copy") == 0 || strcmp(kind, "access") == 0))
		letter_para(l, "%s",
			    LET_L(l,
				  "Aan uw verzoek zijn geen kosten verbonden: "
				  "het eerste afschrift is kosteloos.",
				  "Your request is free of charge: the first "
				  "copy is free."));
	else
		letter_para(l, "%s",
			    LET_L(l,
				  "Aan uw verzoek zijn geen kosten verbonden.",
				  "Your request is free of charge."));
}

static void
letter_withheld(struct letter *l, const json_t *req)
{
	const json_t *arr = json_object_get(req, "withheld"), *x;
	static const double w[2] = {0.4, 0.6};
	const char *head[2] = {LET_L(l, "Gegeven", "Entry"),
			       LET_L(l, "Reden", "Reason")};
	size_t i;

	if (arr == NULL || json_is_null(arr))
		return;
	if (!json_is_array(arr)) {
		letter_bad(l, "request.withheld", "is not a list");
		return;
	}
	if (json_array_size(arr) == 0)
		return;
	/* INZ-2: entry by entry, each with its reason. */
	pdf_heading(l->d, 2,
		    LET_L(l, "Niet verstrekte gegevens", "Data withheld"));
	pdf_table(l->d, 2, w, head);
	json_array_foreach(arr, i, x)
	{
		const char *cell[2];

		if (!json_is_object(x)) {
			letter_bad(l, "request.withheld",
				   "is not a list of "
				   "objects");
			return;
		}
		cell[0] =
		    letter_str(l, x, "entry", "request.withheld[].entry", true);
		cell[1] = letter_str(l, x, "reason",
				     "request.withheld[].reason", true);
		if (cell[0] == NULL || cell[1] == NULL)
			return;
		pdf_row(l->d, cell);
	}
}

/* ERA-2: the ground the law gives for keeping what was asked to go. */
static void
letter_refusal_ground(struct letter *l, const json_t *req)
{
	static const struct {
		const char *code, *nl, *en;
	} grounds[] = {
	    {"legal_retention",
	     "De wet verplicht ons deze gegevens te bewaren.",
	     "The law obliges us to keep this data."},
	    {"interest_of_another",
	     "Het bewaren is van aanmerkelijk belang voor een ander dan u.",
	     "Keeping it is of significant interest to someone other than "
	     "you."},
	    {"agreement_with_subject",
	     "Wij hebben met u afgesproken de gegevens te bewaren.",
	     "We agreed with you to keep the data."},
	};
	const char *g = letter_str(l, req, "refusal_ground",
				   "request.refusal_ground", false);

	for (size_t i = 0; g != NULL && i < ZK_ARRAY_SIZE(grounds); i++)
		if (strcmp(grounds[i].code, g) == 0)
			letter_para(l, "%s",
				    LET_L(l, grounds[i].nl, grounds[i].en));
}

static void
letter_body(struct letter *l, const char *kind, const json_t *org,
	    const json_t *req, const char *what)
{
	const char *rkind = letter_str(l, req, "kind", "request.kind", false);
	const char *fee = letter_str(l, req, "fee", "request.fee", false);
	const char *reasons, *decision;
	char recv[LET_DATE], due[LET_DATE], ext[LET_DATE];

	letter_date(l, req, "received", "request.received", true, recv);
	if (strcmp(kind, "acknowledgement") == 0) {
		letter_date(l, req, "due", "request.due", true, due);
		letter_para(
		    l,
		    LET_L(l,
			  "Op %s hebben wij %s ontvangen. Wij laten u "
			  "uiterlijk op %s weten wat wij met uw verzoek "
			  "hebben gedaan.",
			  "On %s we received %s. We will tell you what "
			  "we did with it no later than %s."),
		    recv, what, due);
		letter_fee(l, rkind, fee);
	} else if (strcmp(kind, "identity") == 0) {
		/* RQ-3, W§14.6: the deadline waits for the proof. */
		letter_para(l,
			    LET_L(l,
				  "Op %s hebben wij %s ontvangen. Voordat wij "
				  "uw verzoek kunnen behandelen, moeten wij "
				  "zeker weten wie het doet.",
				  "On %s we received %s. Before we can handle "
				  "it, we must be sure who made it."),
			    recv, what);
		letter_para(l, "%s",
			    LET_L(l,
				  "Wilt u zich legitimeren met een geldig "
				  "paspoort, identiteitskaart of rijbewijs? "
				  "Stuurt u een kopie, maak dan uw foto en "
				  "burgerservicenummer onleesbaar.",
				  "Please show a valid passport, identity card "
				  "or driving licence. If you send a copy, "
				  "make your photo and citizen service number "
				  "unreadable."));
		letter_para(
		    l, "%s",
		    LET_L(l,
			  "De termijn waarbinnen wij op uw verzoek "
			  "moeten beslissen, staat stil totdat wij het "
			  "bewijs van uw identiteit hebben ontvangen.",
			  "The time limit for our decision is suspended "
			  "until we have received the proof of your "
			  "identity."));
	} else if (strcmp(kind, "lifting") == 0) {
		/* GDPR art. 18(3), RST-1: told before it is lifted. */
		letter_para(
		    l,
		    LET_L(l,
			  "Op %s hebben wij %s ontvangen. Sindsdien "
			  "bewaren wij uw gegevens alleen, en gebruiken wij "
			  "ze niet zonder een van de uitzonderingen die de "
			  "wet noemt.",
			  "On %s we received %s. Since then we have only "
			  "stored your data, and have not used it without "
			  "one of the exceptions the law names."),
		    recv, what);
		letter_para(l, "%s",
			    LET_L(l,
				  "Met deze brief laten wij u weten dat wij de "
				  "beperking gaan opheffen. Daarna gebruiken "
				  "wij uw gegevens weer zoals vóór uw verzoek. "
				  "Wij laten u dit vooraf weten, zoals artikel "
				  "18, derde lid, van de AVG vraagt.",
				  "With this letter we tell you that we are "
				  "going to lift the restriction. After that "
				  "we use your data again as before your "
				  "request. We tell you in advance, as article "
				  "18(3) of the GDPR asks."));
		letter_routes_write(l, org);
	} else if (strcmp(kind, "extension") == 0) {
		/* RQ-2, W§14.5: two more months, told within the first. */
		letter_date(l, req, "due", "request.due", true, due);
		letter_date(l, req, "extended_due", "request.extended_due",
			    true, ext);
		reasons =
		    letter_str(l, req, "reasons", "request.reasons", false);
		letter_para(l,
			    LET_L(l,
				  "Op %s hebben wij %s ontvangen. Wij zouden u "
				  "uiterlijk op %s antwoorden, maar wij hebben "
				  "meer tijd nodig vanwege de complexiteit of "
				  "het aantal verzoeken. Wij verlengen de "
				  "termijn daarom met twee maanden. U hoort "
				  "uiterlijk op %s van ons.",
				  "On %s we received %s. We were to answer by "
				  "%s, but need more time because of the "
				  "complexity or number of requests. We "
				  "therefore extend the time limit by two "
				  "months. You will hear from us no later than "
				  "%s."),
			    recv, what, due, ext);
		pdf_para(l->d, reasons);
	} else {
		decision =
		    letter_str(l, req, "decision", "request.decision", true);
		reasons =
		    letter_str(l, req, "reasons", "request.reasons", false);
		if (decision == NULL)
			return;
		if (strcmp(decision, "granted") == 0) {
			letter_para(l,
				    LET_L(l,
					  "Op %s hebben wij %s ontvangen. Wij "
					  "hebben uw verzoek ingewilligd.",
					  "On %s we received %s. We have "
					  "granted it."),
				    recv, what);
		} else if (strcmp(decision, "partly") == 0 ||
			   strcmp(decision, "refused") == 0) {
			bool partly = decision[0] == 'p';

			/* RQ-5: no refusal, whole or part, without reasons. */
			if (reasons == NULL) {
				letter_bad(l, "request.reasons",
					   "is missing: a refusal needs "
					   "reasons (RQ-5)");
				return;
			}
			letter_para(
			    l,
			    partly ? LET_L(l,
					   "Op %s hebben wij %s ontvangen. Wij "
					   "hebben uw verzoek gedeeltelijk "
					   "ingewilligd.",
					   "On %s we received %s. We have "
					   "granted it in part.")
				   : LET_L(l,
					   "Op %s hebben wij %s ontvangen. Wij "
					   "hebben uw verzoek afgewezen.",
					   "On %s we received %s. We have "
					   "refused it."),
			    recv, what);
			pdf_heading(l->d, 2,
				    LET_L(l, "Onze redenen", "Our reasons"));
			pdf_para(l->d, reasons);
			letter_refusal_ground(l, req);
		} else {
			letter_bad(l, "request.decision",
				   "is not granted, partly or refused");
			return;
		}
		letter_withheld(l, req);
		if (strcmp(decision, "refused") != 0)
			letter_fee(l, rkind, fee);
		letter_routes_write(l, org);
	}
}

static const struct {
	const char *kind, *nl, *en;
} letter_titles[] = {
    {"acknowledgement", "Ontvangstbevestiging van uw verzoek",
     "Acknowledgement of your request"},
    {"identity", "Verzoek om bewijs van uw identiteit",
     "Request for proof of your identity"},
    {"extension", "Verlenging van de termijn", "Extension of the time limit"},
    {"decision", "Besluit op uw verzoek", "Decision on your request"},
    {"lifting", "Opheffing van de beperking van de verwerking",
     "Lifting of the restriction of processing"},
};

int
export_letter_pdf(const json_t *letter, struct zk_buf *out, char **cause)
{
	struct letter l;
	const json_t *org, *to, *subj, *req;
	const char *kind, *lang, *oname, *toname, *tokind, *basis, *sname,
	    *rkind, *title = NULL, *what, *capacity = NULL;
	char date[LET_DATE], born[LET_DATE], about[80];
	int rc;

	memset(&l, 0, sizeof l);
	if (!json_is_object(letter))
		return zk_fail(cause, ZK_EINVAL, "the letter is not an object");
	kind = letter_str(&l, letter, "letter", "letter.letter", true);
	lang = letter_str(&l, letter, "lang", "letter.lang", false);
	if (lang == NULL)
		lang = "nl";
	if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0)
		letter_bad(&l, "letter.lang", "is not nl or en");
	l.en = strcmp(lang, "en") == 0;
	for (size_t i = 0; kind != NULL && i < ZK_ARRAY_SIZE(letter_titles);
	     i++)
		if (strcmp(letter_titles[i].kind, kind) == 0)
			title =
			    LET_L(&l, letter_titles[i].nl, letter_titles[i].en);
	if (kind != NULL && title == NULL)
		letter_bad(&l, "letter.letter",
			   "is not acknowledgement, identity, extension, "
			   "decision or lifting");
	letter_date(&l, letter, "date", "letter.date", true, date);
	org = letter_obj(&l, letter, "organisation");
	to = letter_obj(&l, letter, "addressee");
	subj = letter_obj(&l, letter, "subject");
	req = letter_obj(&l, letter, "request");
	if (l.rc != 0)
		goto fail;
	oname = letter_str(&l, org, "name", "organisation.name", true);
	toname = letter_str(&l, to, "name", "addressee.name", true);
	tokind = letter_str(&l, to, "kind", "addressee.kind", true);
	basis = letter_str(&l, to, "basis", "addressee.basis", false);
	sname = letter_str(&l, subj, "name", "subject.name", true);
	letter_date(&l, subj, "birth_date", "subject.birth_date", false, born);
	if (tokind != NULL && strcmp(tokind, "subject") != 0 &&
	    strcmp(tokind, "representative") != 0 &&
	    strcmp(tokind, "next_of_kin") != 0)
		letter_bad(&l, "addressee.kind",
			   "is not subject, representative or next_of_kin");
	for (size_t i = 0;
	     basis != NULL && i < ZK_ARRAY_SIZE(letter_capacities); i++)
		if (strcmp(letter_capacities[i].kind, basis) == 0)
			capacity = LET_L(&l, letter_capacities[i].nl,
					 letter_capacities[i].en);
	rkind = letter_str(&l, req, "kind", "request.kind", false);
	if (l.rc != 0)
		goto fail;
	what = LET_L(&l, "uw verzoek", "your request");
	for (size_t i = 0; rkind != NULL && i < ZK_ARRAY_SIZE(letter_kinds);
	     i++)
		if (strcmp(letter_kinds[i].kind, rkind) == 0)
			what =
			    LET_L(&l, letter_kinds[i].nl, letter_kinds[i].en);
	if ((l.d = pdf_doc_new(lang)) == NULL) {
		rc = zk_fail(cause, ZK_ENOMEM, "out of memory");
		goto out;
	}
	pdf_doc_meta(l.d, title, oname,
		     letter_str(&l, letter, "date", "letter.date", true));
	pdf_doc_header(l.d, oname, sname, date);
	/* REP-5: to the representative, on behalf of the subject; INZ-5:
	 * to the relative, about the deceased. */
	if (strcmp(tokind, "representative") == 0 ||
	    strcmp(tokind, "next_of_kin") == 0)
		letter_para(
		    &l, "%s\n%s %s%s%s%s", toname,
		    strcmp(tokind, "next_of_kin") == 0
			? LET_L(&l, "inzake wijlen", "concerning the late")
			: LET_L(&l, "namens", "on behalf of"),
		    sname, born[0] ? LET_L(&l, ", geboren ", ", born ") : "",
		    born, "");
	else
		letter_para(&l, "%s", toname);
	pdf_space(l.d, 12);
	pdf_def(l.d, LET_L(&l, "Datum", "Date"), date);
	pdf_def(l.d, LET_L(&l, "Kenmerk", "Reference"),
		letter_str(&l, req, "id", "request.id", false));
	/* The phrases begin with an ASCII letter: "Uw verzoek ...". */
	zk_strlcpy(about, what, sizeof about);
	about[0] = (char)toupper((unsigned char)about[0]);
	pdf_def(l.d, LET_L(&l, "Betreft", "Subject"), about);
	pdf_space(l.d, 12);
	pdf_heading(l.d, 1, title);
	letter_para(&l, LET_L(&l, "Geachte %s,", "Dear %s,"), toname);
	/* REP-5: in what capacity they receive it, and that what is owed to
	 * the subject is owed to them. */
	if (strcmp(tokind, "representative") == 0)
		letter_para(
		    &l,
		    LET_L(&l,
			  "U ontvangt deze brief als %s van %s. U oefent "
			  "de rechten van %s over de persoonsgegevens uit, "
			  "en wat wij als verwerkingsverantwoordelijke "
			  "aan %s verschuldigd zijn, zijn wij aan u "
			  "verschuldigd.",
			  "You receive this letter as the %s of %s. You "
			  "exercise the rights of %s over the personal "
			  "data, and what we as controller owe to %s, we "
			  "owe to you."),
		    capacity ? capacity
			     : LET_L(&l, "vertegenwoordiger", "representative"),
		    sname, sname, sname);
	/* INZ-5: a relative has no right of their own. */
	if (strcmp(tokind, "next_of_kin") == 0)
		letter_para(
		    &l,
		    LET_L(&l,
			  "U ontvangt deze brief als %s van %s, die is "
			  "overleden. Nabestaanden hebben geen eigen recht "
			  "op inzage of een afschrift; de behandelaar "
			  "beoordeelt uw verzoek en legt de grond en wat "
			  "wordt verstrekt vast (artikel 7:458a BW).",
			  "You receive this letter as the %s of %s, who has "
			  "died. Next of kin have no right of their own to "
			  "access or a copy; the treating professional "
			  "judges your request and records the ground and "
			  "what is released (Dutch Civil Code 7:458a)."),
		    capacity ? capacity : LET_L(&l, "nabestaande", "relative"),
		    sname);
	letter_body(&l, kind, org, req, what);
	letter_para(
	    &l,
	    LET_L(&l, "Met vriendelijke groet,\n\n%s", "Kind regards,\n\n%s"),
	    oname);
	if (l.rc != 0)
		goto fail;
	rc = pdf_doc_render(l.d, out, cause);
	goto out;
fail:
	rc = l.rc;
	if (cause != NULL && *cause == NULL) {
		*cause = l.cause;
		l.cause = NULL;
	}
out:
	pdf_doc_free(l.d);
	free(l.cause);
	return rc;
}
