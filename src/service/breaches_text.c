/*
 * breaches_text.c: the texts of a breach's notifications (BRE-2, BRE-3):
 * to the AP, what art. 33(3) and M§15.3 ask (the nature, the categories
 * and approximate numbers of people and records, the DPO's contact, the
 * likely consequences, the measures taken or proposed) with the later
 * phases as additions (art. 33(4)); to the subjects, in Dutch or English,
 * the nature, where to learn more, and what the person can do themselves
 * (M§15.3, art. 34(2)). Plain text, for the DPO to send through the AP's
 * form or as a letter. The organisation's name is the profile's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/breaches_int.h"

/* A piece of text: the longest a report's text can be, and more. */
#define BREACH_TEXT_LINE 10000

static const char *
bt_str(json_t *o, const char *key, const char *none)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL && s[0] != '\0' ? s : none;
}

static void bt_add(struct zk_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bt_add(struct zk_buf *b, const char *fmt, ...)
{
	char s[BREACH_TEXT_LINE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s, sizeof s, fmt, ap);
	va_end(ap);
	if (n > 0)
		zk_buf_append(b, s,
			      (size_t)n < sizeof s ? (size_t)n : sizeof s - 1);
}

/* The DPO's contact from the profile, in one line. */
static void
bt_contact(struct zk_buf *b, const struct profile *p, int en)
{
	const struct profile_breach *c = &p->breach;

	if (c->dpo_name[0] == '\0') {
		bt_add(b, "%s\n",
		       en ? "(the profile names no DPO contact: add it)"
			  : "(het profiel noemt geen contact van de FG: vul "
			    "het aan)");
		return;
	}
	bt_add(b, "%s", c->dpo_name);
	if (c->dpo_email[0])
		bt_add(b, ", %s", c->dpo_email);
	if (c->dpo_phone[0])
		bt_add(b, ", %s %s", en ? "phone" : "tel.", c->dpo_phone);
	if (c->dpo_address[0])
		bt_add(b, ", %s %s", en ? "through" : "via", c->dpo_address);
	bt_add(b, "\n");
}

int
breach_text_make(const struct profile *p, json_t *full, int ap, int en,
		 char **text)
{
	const char *none = en ? "(not yet known)" : "(nog niet bekend)";
	json_t *clock = json_object_get(full, "clock"), *v, *cats;
	struct zk_buf b;
	size_t i;

	*text = NULL;
	zk_buf_init(&b, 1024 * 1024);
	cats = json_object_get(full, "categories");
	if (ap) {
		bt_add(&b, "%s\n\n",
		       en ? "Notification of a personal data breach to the "
			    "Autoriteit Persoonsgegevens (GDPR art. 33)"
			  : "Melding van een datalek aan de Autoriteit "
			    "Persoonsgegevens (AVG art. 33)");
		bt_add(&b, "%s: %s\n",
		       en ? "Controller"
			  : "Verwerkings"
			    "verantwoordelijke",
		       p->name);
		bt_add(&b, "%s: %s\n", en ? "Breach" : "Datalek",
		       bt_str(full, "id", "?"));
		bt_add(&b, "%s: %s\n", en ? "Aware since" : "Ontdekt op",
		       bt_str(full, "aware_at", none));
		bt_add(&b, "%s: %s\n\n", en ? "Notify by" : "Melden uiterlijk",
		       bt_str(clock, "ap_due", none));
		bt_add(&b, "1. %s\n%s\n\n",
		       en ? "Nature of the breach" : "Aard van de inbreuk",
		       bt_str(full, "facts", none));
		bt_add(&b, "%s: %s\n\n", en ? "Cause" : "Oorzaak",
		       bt_str(full, "cause", none));
		bt_add(&b, "2. %s: ",
		       en ? "Categories of personal data"
			  : "Categorieën persoonsgegevens");
		json_array_foreach(cats, i, v)
		    bt_add(&b, "%s%s", i ? ", " : "", json_string_value(v));
		bt_add(&b, "\n%s: %lld\n%s: %lld\n\n",
		       en ? "Approximate number of people"
			  : "Geschat aantal betrokkenen",
		       (long long)json_integer_value(
			   json_object_get(full, "people_approx")),
		       en ? "Approximate number of records"
			  : "Geschat aantal registraties",
		       (long long)json_integer_value(
			   json_object_get(full, "records_approx")));
		bt_add(&b, "3. %s: ",
		       en ? "Contact (data protection officer)"
			  : "Contactpunt (functionaris gegevensbescherming)");
		bt_contact(&b, p, en);
		bt_add(&b, "\n4. %s\n%s\n\n",
		       en ? "Likely consequences" : "Waarschijnlijke gevolgen",
		       bt_str(full, "consequences", none));
		bt_add(&b, "5. %s\n%s\n\n",
		       en ? "Measures taken or proposed"
			  : "Getroffen of voorgestelde maatregelen",
		       bt_str(full, "measures", none));
		bt_add(&b, "6. %s: %s\n",
		       en ? "Risk assessment" : "Risicobeoordeling",
		       bt_str(full, "risk", none));
		bt_add(&b, "%s\n",
		       json_is_true(json_object_get(clock, "notify_subjects"))
			   ? (en ? "The subjects are told (art. 34)."
				 : "De betrokkenen worden geïnformeerd (art. "
				   "34).")
			   : (en ? "The subjects are not told one by one "
				   "(art. 34(3)) or not at all."
				 : "De betrokkenen worden niet afzonderlijk "
				   "(art. 34 lid 3) of niet geïnformeerd."));
		/* Art. 33(4): the phases sent so far, each an addition. */
		json_array_foreach(json_object_get(full, "ap_notices"), i, v)
		{
			bt_add(&b, "\n%s %lld (%s, %s %s):\n%s\n",
			       i == 0 ? (en ? "First notice" : "Eerste melding")
				      : (en ? "Addition" : "Aanvulling"),
			       (long long)json_integer_value(
				   json_object_get(v, "phase")),
			       bt_str(v, "sent_at", none),
			       en ? "reference" : "kenmerk",
			       bt_str(v, "reference", none),
			       bt_str(v, "text", ""));
		}
	} else {
		bt_add(&b, "%s\n\n",
		       en ? "Notice of a personal data breach"
			  : "Kennisgeving van een datalek");
		bt_add(&b, "%s\n\n",
		       en ? "Dear Sir or Madam," : "Geachte heer, mevrouw,");
		bt_add(&b, "%s %s.\n\n",
		       en ? "We inform you of a breach of the security of "
			    "personal data that concerns you, at"
			  : "Wij informeren u over een inbreuk op de "
			    "beveiliging van persoonsgegevens die u betreft, "
			    "bij",
		       p->name);
		bt_add(&b, "%s\n%s\n\n",
		       en ? "What happened:" : "Wat er is gebeurd:",
		       bt_str(full, "facts", none));
		bt_add(&b, "%s ",
		       en ? "Data concerned:" : "Betrokken gegevens:");
		json_array_foreach(cats, i, v)
		    bt_add(&b, "%s%s", i ? ", " : "", json_string_value(v));
		bt_add(&b, "\n\n%s\n%s\n\n",
		       en ? "Likely consequences:" : "Mogelijke gevolgen:",
		       bt_str(full, "consequences", none));
		bt_add(&b, "%s\n%s\n\n",
		       en ? "What we have done:" : "Wat wij hebben gedaan:",
		       bt_str(full, "measures", none));
		/* M§15.3: the measures recommended to the person. */
		bt_add(&b, "%s\n%s\n\n",
		       en ? "What you can do:" : "Wat u zelf kunt doen:",
		       en ? "- Be wary of e-mails, letters or calls that "
			    "refer to your care or ask for your details; we "
			    "never ask for your password.\n"
			    "- Change passwords you use with us or "
			    "elsewhere with the same password.\n"
			    "- Tell us if you notice anything unusual.\n"
			    "- You may ask to see your data and the log of "
			    "who accessed it."
			  : "- Wees alert op e-mails, brieven of "
			    "telefoontjes die naar uw zorg verwijzen of om "
			    "uw gegevens vragen; wij vragen nooit om uw "
			    "wachtwoord.\n"
			    "- Wijzig wachtwoorden die u bij ons gebruikt, "
			    "of elders met hetzelfde wachtwoord.\n"
			    "- Meld het ons als u iets ongewoons merkt.\n"
			    "- U kunt vragen uw gegevens in te zien en wie "
			    "ze heeft ingezien.");
		bt_add(&b, "%s ",
		       en ? "More information: the data protection officer,"
			  : "Meer informatie: de functionaris "
			    "gegevensbescherming,");
		bt_contact(&b, p, en);
		bt_add(
		    &b, "%s\n",
		    en ? "You may also complain to the Autoriteit "
			 "Persoonsgegevens (autoriteitpersoonsgegevens.nl)."
		       : "U kunt ook een klacht indienen bij de Autoriteit "
			 "Persoonsgegevens (autoriteitpersoonsgegevens.nl).");
	}
	if (zk_buf_append(&b, "", 0) != 0) {
		zk_buf_release(&b);
		return ZK_ETOOBIG;
	}
	*text = (char *)b.data;
	return 0;
}
