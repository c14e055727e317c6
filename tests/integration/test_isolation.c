/*
 * test_isolation.c: tenant isolation as a property (SCOPE-3). Organisation
 * B's users make real objects of every kind through the API; then every
 * endpoint that takes an id, in its path or in its body, is called by
 * each of organisation A's users with B's ids, and once more with ghosts:
 * ids and names of the same form that exist nowhere. Every answer must
 * be a 404 or a 403 with the error shape, the same, word for word, as the
 * answer for the ghosts (an error may quote the id sent), with no byte of
 * B's data; and nothing of B may change: not a row, not a log entry.
 * What A tried is A's business and is logged, if at all, in A's own log;
 * B's log gets nothing, for B's log records who processed B's data, and
 * nobody did.
 *
 * The walk is one table, iso_calls[]: an endpoint added to the API is a
 * row added there. test_isolation_coverage reads docs/api.md and fails,
 * naming it, for every endpoint with an id in its path that no row walks
 * with an id of B.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api.h"
#include "crypto/keys.h"
#include "store/db.h"
#include "support/support.h"

/* The users of organisation A who try, each in its own role. */
enum {
	ISO_PRO = 1 << 0,    /* a professional with a care relation */
	ISO_LEAD = 1 << 1,   /* the team lead of the client's team */
	ISO_DPO = 1 << 2,    /* reviews break-glass, approves accounts */
	ISO_ADMIN = 1 << 3,  /* manages accounts, teams and locations */
	ISO_OFFICE = 1 << 4, /* registers clients */
	ISO_BOARD = 1 << 5,
	ISO_HR = 1 << 6, /* reads and corrects the identity of any subject */
	ISO_ALL = (1 << 7) - 1
};

static const struct {
	const char *username;
	const char *role;
} iso_users[] = {
    {"anna", "professional"},
    {"lead", "team_lead"},
    {"fg", "dpo"},
    {"admin", "administrator"},
    {"office", "office"},
    {"board", "board"},
    {"hr", "hr"},
};
#define ISO_NUSERS (sizeof iso_users / sizeof iso_users[0])

/* A row's flags. */
#define ISO_LIST 0x1 /* no id: a list, 200 or refused, never B's data */

/*
 * The walk. In path and body, {name} stands for an object of
 * organisation B (made through the API in iso_seed_b()); {a_name} for
 * one of A's own, so that an id of B in a body is tried beside an id of
 * A in the path. A row counts for test_isolation_coverage only when
 * its path names an object of B.
 */
static const struct iso_call {
	const char *method;
	const char *path;
	const char *body;
	/*
	 * A's users who try. By default all of them: the walk takes about
	 * a second, and a role that could never reach the endpoint can
	 * still tell an object from none when it is refused after the
	 * lookup (its 403 against the 404 of an id that does not exist).
	 */
	unsigned roles;
	unsigned flags;
	/*
	 * A status beside 404 and 403 that the row may answer, the same as
	 * for a ghost (see iso_vars[]): 400 where a name or a cursor that
	 * is unknown in A is bad input rather than a missing object.
	 */
	long also;
} iso_calls[] = {
    /* Clients. */
    {"GET", "/api/v1/clients/{client}", NULL, ISO_ALL, 0, 0},
    {"PATCH", "/api/v1/clients/{client}",
     "{\"identity\":{\"city\":\"Amersfoort\"}}", ISO_ALL, 0, 0},
    {"PATCH", "/api/v1/clients/{client}", "{\"identity\":{\"city\":null}}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients",
     "{\"identity\":{\"family_name\":\"Isolatie\",\"birth_date\":"
     "\"1970-01-01\"},\"team\":\"{team}\"}",
     ISO_ALL, 0, 400},
    {"GET", "/api/v1/clients?after={client}", NULL, ISO_ALL, ISO_LIST, 400},
    {"GET", "/api/v1/clients?q=Vlietstra", NULL, ISO_ALL, ISO_LIST, 0},
    /* Care relations. */
    {"GET", "/api/v1/clients/{client}/relations", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/relations",
     "{\"username\":\"anna\",\"relation\":\"co_treating\","
     "\"valid_from\":\"2020-01-01\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{a_client}/relations",
     "{\"username\":\"{username}\",\"relation\":\"co_treating\","
     "\"valid_from\":\"2020-01-01\"}",
     ISO_ALL, 0, 0},
    {"PATCH", "/api/v1/relations/{relation}",
     "{\"valid_until\":\"{tomorrow}\"}", ISO_ALL, 0, 0},
    /* Break the glass and its review. */
    {"POST", "/api/v1/clients/{client}/break-glass",
     "{\"reason\":\"Client onwel aangetroffen, niemand bereikbaar\"}", ISO_ALL,
     0, 0},
    /* The breach register (BRE-1 to BRE-3, FG-1). */
    {"GET", "/api/v1/breaches/{breach}", NULL, ISO_ALL, 0, 0},
    {"PATCH", "/api/v1/breaches/{breach}", "{\"cause\":\"Isolatie\"}", ISO_ALL,
     0, 0},
    {"POST", "/api/v1/breaches/{breach}/assessment",
     "{\"risk\":\"none\",\"reasons\":\"Isolatie\"}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/breaches/{breach}/ap-notices",
     "{\"sent_at\":\"2026-01-06T10:00:00Z\",\"reference\":\"AP-1\","
     "\"text\":\"Isolatie\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/breaches/{breach}/notified",
     "{\"who\":\"Isolatie\",\"people\":1,\"how\":\"letter\","
     "\"notified_at\":\"2026-01-06T10:00:00Z\"}",
     ISO_ALL, 0, 0},
    {"GET", "/api/v1/breaches/{breach}/texts/{which}", NULL, ISO_ALL, 0, 0},
    {"GET", "/api/v1/breaches/{breach}/texts/subject?lang=en", NULL, ISO_ALL, 0,
     0},
    {"GET", "/api/v1/breaches/{breach}/texts/ap.pdf", NULL, ISO_ALL, 0, 0},
    {"GET", "/api/v1/breaches/{breach}/texts/subject?format=pdf&lang=en", NULL,
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/breaches/{breach}/close", "{\"reason\":\"Isolatie\"}",
     ISO_ALL, 0, 0},
    {"GET", "/api/v1/breaches", NULL, ISO_ALL, ISO_LIST, 0},
    {"GET", "/api/v1/breaches?state=all", NULL, ISO_ALL, ISO_LIST, 0},
    {"GET", "/api/v1/breaches?state=closed", NULL, ISO_ALL, ISO_LIST, 0},
    {"GET", "/api/v1/break-glass/{break_glass}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/break-glass/{break_glass}/review",
     "{\"decision\":\"justified\"}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/break-glass/{break_glass}/review",
     "{\"decision\":\"not_justified\",\"measure\":\"Gesprek\"}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/break-glass?status=all", NULL, ISO_ALL, ISO_LIST, 0},
    /* Data subjects' requests. */
    {"GET", "/api/v1/requests/{request}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/requests/{request}/{act}", "{}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/requests/{request}/decide", "{\"decision\":\"granted\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/requests/{request}/kin-decision",
     "{\"decision\":\"granted\",\"ground\":\"presumed_consent\","
     "\"categories\":[\"care\"]}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/requests/next-of-kin",
     "{\"subject\":\"{client}\",\"kind\":\"copy\",\"received\":"
     "\"2026-11-20\",\"name\":\"Iso\",\"relation\":\"child\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/requests/{request}/withhold",
     "{\"entry\":\"{entry}\",\"reason\":\"iso\"}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/requests/{request}/export?format=pdf", NULL, ISO_ALL, 0,
     0},
    {"GET", "/api/v1/requests/{request}/export?format=fhir", NULL, ISO_ALL, 0,
     0},
    {"GET", "/api/v1/requests/{request}/letters/{letter}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/requests/{request}/transfer",
     "{\"to\":\"http://127.0.0.1:9/fhir\"}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/requests", NULL, ISO_ALL, ISO_LIST, 0},
    {"POST", "/api/v1/requests/{request}/changes",
     "{\"op\":\"correct\",\"entry\":\"{entry}\",\"content\":{\"kind\":"
     "\"rapportage\",\"text\":\"Iso.\"}}",
     ISO_ALL, 0, 0},
    /* Disclosures and the notices to their recipients (DIS, COR-3). */
    {"GET", "/api/v1/subjects/{client}/disclosures", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/subjects/{client}/disclosures",
     "{\"recipient\":\"{recipient}\",\"categories\":[\"care\"]}", ISO_ALL, 0,
     0},
    {"POST", "/api/v1/subjects/{a_client}/disclosures",
     "{\"recipient\":\"{recipient}\",\"categories\":[\"care\"],"
     "\"legal_obligation\":\"Wet iso\"}",
     ISO_ALL, 0, 0},
    {"GET", "/api/v1/subjects/{client}/notices", NULL, ISO_ALL, 0, 0},
    /* Studies and their exports (RES-1, RES-2, M§6.6(v)). */
    {"GET", "/api/v1/studies/{study}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/studies/{study}/confirmations",
     "{\"condition\":\"safeguards\"}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/studies/{study}/exports", "{}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/subjects/{client}/study-notes", NULL, ISO_ALL, 0, 0},
    /* Shielding and restriction (SHD-1, RST-1). */
    {"GET", "/api/v1/subjects/{client}/shields", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/subjects/{client}/shields", "{\"category\":\"care\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/subjects/{a_client}/shields", "{\"entry\":\"{entry}\"}",
     ISO_ALL, 0, 0},
    {"DELETE", "/api/v1/shields/{shield}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/subjects/{client}/restriction",
     "{\"ground\":\"accuracy_contested\"}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/restrictions/{restriction}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/restrictions/{restriction}/notice",
     "{\"channel\":\"email\"}", ISO_ALL, 0, 0},
    {"DELETE", "/api/v1/restrictions/{restriction}", NULL, ISO_ALL, 0, 0},
    /* Legal holds and the end of a relationship (RET-3, RET-2). */
    {"GET", "/api/v1/clients/{client}/holds", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/holds", "{\"reason\":\"iso\"}", ISO_ALL,
     0, 0},
    {"POST", "/api/v1/holds/{hold}/lift", NULL, ISO_ALL, 0, 0},
    {"PUT", "/api/v1/clients/{client}/relationship-end",
     "{\"relationship_ended\":\"2026-01-01\"}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/notices/{notice}",
     "{\"outcome\":\"sent\",\"channel\":\"email\"}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/notices/{notice}",
     "{\"outcome\":\"impossible\",\"reason\":\"iso\"}", ISO_ALL, 0, 0},
    /* The DPO's registers (FG-1, PRC-1, CMP-1, SEC-2). */
    {"PATCH", "/api/v1/registers/processing/{activity}", "{\"name\":\"iso\"}",
     ISO_ALL, 0, 0},
    {"PATCH", "/api/v1/processors/{processor}", "{\"audit\":true}", ISO_ALL, 0,
     0},
    {"GET", "/api/v1/complaints/{complaint}", NULL, ISO_ALL, 0, 0},
    {"PATCH", "/api/v1/complaints/{complaint}", "{\"handling\":\"iso\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/complaints/{complaint}/close",
     "{\"outcome\":\"upheld\",\"closed_on\":\"2026-11-20\","
     "\"answer\":\"iso\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/transfers",
     "{\"recipient\":\"iso\",\"processor\":\"{processor}\","
     "\"country\":\"JP\",\"what\":\"x\",\"basis\":\"adequacy\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/complaints",
     "{\"received_on\":\"2026-11-03\",\"channel\":\"email\","
     "\"complainant\":\"subject\",\"subject\":\"{client}\","
     "\"matter\":\"iso\"}",
     ISO_ALL, 0, 0},
    /* Entries. */
    {"GET", "/api/v1/clients/{client}/entries", NULL, ISO_ALL, 0, 0},
    {"GET", "/api/v1/clients/{client}/entries?category=care", NULL, ISO_ALL, 0,
     0},
    {"GET", "/api/v1/clients/{client}/entries?purpose=care_delivery", NULL,
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/entries",
     "{\"category\":\"care\",\"purpose\":\"care_delivery\",\"legal_basis\":"
     "\"contract\",\"content\":{\"kind\":\"rapportage\",\"text\":\"Iso.\"}}",
     ISO_ALL, 0, 0},
    {"GET", "/api/v1/entries/{entry}", NULL, ISO_ALL, 0, 0},
    {"GET", "/api/v1/entries/{entry}?purpose=care_delivery", NULL, ISO_ALL, 0,
     0},
    {"GET", "/api/v1/entries/{correction}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/entries/{entry}/corrections",
     "{\"content\":{\"kind\":\"rapportage\",\"text\":\"Iso.\"}}", ISO_ALL, 0,
     0},
    {"POST", "/api/v1/entries/{correction}/corrections",
     "{\"content\":{\"kind\":\"rapportage\",\"text\":\"Iso.\"},"
     "\"reason\":\"iso\"}",
     ISO_ALL, 0, 0},
    /* Representation, capacity, consent, objection. */
    {"GET", "/api/v1/clients/{client}/representatives", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/representatives",
     "{\"kind\":\"mentor\",\"name\":\"I. Solatie\"}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/clients/{client}/capacity", NULL, ISO_ALL, 0, 0},
    /* The client portal (INZ-6, REP-6): B's client, or A's client with
     * B's representative (unknown in A: 400). */
    {"POST", "/api/v1/clients/{client}/portal-invitations",
     "{\"username\":\"iso.portaal\",\"for\":\"subject\"}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{a_client}/portal-invitations",
     "{\"username\":\"iso.ouder\",\"for\":\"representative\","
     "\"representative\":\"{representative}\"}",
     ISO_ALL, 0, 400},
    {"POST", "/api/v1/clients/{client}/capacity",
     "{\"able\":false,\"assessed_on\":\"2026-01-05\",\"matter\":\"iso\"}",
     ISO_ALL, 0, 0},
    /* Representation over time (REP-1, REP-4, REP-5). */
    {"PATCH", "/api/v1/representatives/{representative}", "{\"absent\":true}",
     ISO_ALL, 0, 0},
    {"DELETE", "/api/v1/representatives/{representative}", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/capacity/{capacity}/lapse", "{}", ISO_ALL, 0, 0},
    {"PUT", "/api/v1/clients/{client}/direct-address", "{\"reason\":\"iso\"}",
     ISO_ALL, 0, 0},
    {"DELETE", "/api/v1/clients/{client}/direct-address", NULL, ISO_ALL, 0, 0},
    /* The log review's marks (LOG-7, FG-2). */
    {"GET", "/api/v1/clients/{client}/public-figure", NULL, ISO_ALL, 0, 0},
    {"PUT", "/api/v1/clients/{client}/public-figure", NULL, ISO_ALL, 0, 0},
    {"DELETE", "/api/v1/clients/{client}/public-figure", NULL, ISO_ALL, 0, 0},
    {"PUT", "/api/v1/users/{username}/client", "{\"client\":\"{a_client}\"}",
     ISO_ALL, 0, 0},
    {"PUT", "/api/v1/users/anna/client", "{\"client\":\"{client}\"}", ISO_ALL,
     0, 0},
    {"DELETE", "/api/v1/users/{username}/client", NULL, ISO_ALL, 0, 0},
    {"GET", "/api/v1/clients/{client}/consents", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/consents",
     "{\"given_by\":\"subject\",\"form\":\"written\",\"evidence\":\"iso\","
     "\"explicit\":true,\"purpose\":\"care_delivery\",\"categories\":"
     "[\"care\"],\"valid_from\":\"2026-01-01\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{a_client}/consents",
     "{\"given_by\":\"{representative}\",\"form\":\"written\",\"evidence\":"
     "\"iso\",\"explicit\":true,\"purpose\":\"care_delivery\","
     "\"categories\":[\"care\"],\"valid_from\":\"2026-01-01\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/consents/{consent}/withdraw", "{\"by\":\"subject\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/consents/{consent}/withdraw", "{}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/consents/{a_consent}/withdraw",
     "{\"by\":\"{representative}\"}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/clients/{client}/objections", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/objections",
     "{\"purpose\":\"business_operations\"}", ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{a_client}/objections",
     "{\"purpose\":\"business_operations\",\"by\":\"{representative}\"}",
     ISO_ALL, 0, 0},
    /* The information duty. */
    {"GET", "/api/v1/clients/{client}/information", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/information",
     "{\"version\":\"2026.1\",\"informed_on\":\"2026-06-03\",\"how\":"
     "\"letter\",\"source\":\"elsewhere\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{a_client}/information",
     "{\"version\":\"{version}\",\"informed_on\":\"2026-06-03\",\"how\":"
     "\"letter\",\"source\":\"elsewhere\"}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/clients/{client}/information-exemptions",
     "{\"ground\":\"disproportionate\",\"reason\":\"iso\"}", ISO_ALL, 0, 0},
    {"GET", "/api/v1/privacy-notices", NULL, ISO_ALL, ISO_LIST, 0},
    {"GET", "/api/v1/reports/uninformed", NULL, ISO_ALL, ISO_LIST, 0},
    /* The log. */
    {"GET", "/api/v1/clients/{client}/log", NULL, ISO_ALL, 0, 0},
    {"GET", "/api/v1/audit/verify", NULL, ISO_ALL, ISO_LIST, 0},
    /* Users, teams, approvals. */
    {"POST", "/api/v1/users/{username}/disable", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/users/{username}/totp-reset", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/users/{username}/enable", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/users/{disabled}/enable", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/users/{username}/reset", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/users/{username}/roles", "{\"roles\":[\"professional\"]}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/users/{pending}/roles", "{\"roles\":[\"office\"]}",
     ISO_ALL, 0, 0},
    {"POST", "/api/v1/users",
     "{\"username\":\"iso-nieuw\",\"roles\":[\"office\"],"
     "\"confidentiality\":\"agreement\",\"team\":\"{team}\"}",
     ISO_ALL, 0, 400},
    {"GET", "/api/v1/users", NULL, ISO_ALL, ISO_LIST, 0},
    {"POST", "/api/v1/approvals/{approval}/approve", NULL, ISO_ALL, 0, 0},
    {"POST", "/api/v1/approvals/{approval}/reject", NULL, ISO_ALL, 0, 0},
    {"GET", "/api/v1/approvals", NULL, ISO_ALL, ISO_LIST, 0},
    {"POST", "/api/v1/teams",
     "{\"name\":\"Team Iso\",\"location\":"
     "\"{location}\"}",
     ISO_ALL, 0, 0},
    {"GET", "/api/v1/teams", NULL, ISO_ALL, ISO_LIST, 0},
    {"GET", "/api/v1/roles", NULL, ISO_ALL, ISO_LIST, 0},
    {"GET", "/api/v1/session", NULL, ISO_ALL, ISO_LIST, 0},
};
#define ISO_NCALLS (sizeof iso_calls / sizeof iso_calls[0])

/*
 * The values of the placeholders, and for each of B's a ghost: a value
 * of the same form that no organisation has. Every request is sent a
 * second time with the ghosts; the two answers must be the same but for
 * the value sent (an error may quote what was sent). So A cannot tell
 * B's object from one that does not exist (docs/api.md, Ids: "another
 * organisation's data cannot even be confirmed to exist").
 */
static struct {
	const char *name;
	const char *ghost; /* NULL: A's own, or not an object */
	char value[64];
} iso_vars[] = {
    {"client", "0badc0de-0000-4000-8000-000000000001", ""},
    {"entry", "0badc0de-0000-4000-8000-000000000002", ""},
    {"correction", "0badc0de-0000-4000-8000-000000000003", ""},
    {"consent", "0badc0de-0000-4000-8000-000000000004", ""},
    {"relation", "0badc0de-0000-4000-8000-000000000005", ""},
    {"break_glass", "0badc0de-0000-4000-8000-000000000006", ""},
    {"approval", "0badc0de-0000-4000-8000-000000000007", ""},
    {"representative", "0badc0de-0000-4000-8000-000000000008", ""},
    {"request", "0badc0de-0000-4000-8000-000000000009", ""},
    {"capacity", "0badc0de-0000-4000-8000-000000000010", ""},
    {"recipient", "0badc0de-0000-4000-8000-000000000011", ""},
    {"notice", "0badc0de-0000-4000-8000-000000000012", ""},
    {"activity", "0badc0de-0000-4000-8000-000000000031", ""},
    {"processor", "0badc0de-0000-4000-8000-000000000032", ""},
    {"complaint", "0badc0de-0000-4000-8000-000000000033", ""},
    {"shield", "0badc0de-0000-4000-8000-000000000013", ""},
    {"restriction", "0badc0de-0000-4000-8000-000000000014", ""},
    {"study", "0badc0de-0000-4000-8000-000000000035", ""},
    {"hold", "0badc0de-0000-4000-8000-000000000015", ""},
    {"breach", "0badc0de-0000-4000-8000-000000000032", ""},
    {"act", NULL, "start"},
    {"which", NULL, "ap"},
    {"letter", NULL, "acknowledgement"},
    {"username", "iso-ghost-one", ""},
    {"disabled", "iso-ghost-two", ""},
    {"pending", "iso-ghost-three", ""},
    {"version", "G-0000.1", ""},
    {"team", "Team Ghost", ""},
    {"location", "Ghost Location", ""},
    {"tomorrow", NULL, ""},
    {"a_client", NULL, ""},
    {"a_consent", NULL, ""},
};
#define ISO_NVARS (sizeof iso_vars / sizeof iso_vars[0])

/*
 * B's data that may not show in A's answers: the ids and names read
 * from B's rows, and the texts B's users wrote (sealed in the database,
 * so named here).
 */
#define ISO_MAXNEEDLES 256
static char *iso_needles[ISO_MAXNEEDLES];
static size_t iso_nneedles;
static const char *const iso_texts[] = {
    "Vlietstra",
    "Berendina",
    "Bergeijk",
    "sliep onrustig",
    "Curatorsma",
    "Bloemhoflaan",
    "Bewoonster gevallen",
    "typfout",
    "Bosschaert",
    "scan B-77",
    "dagbesteding",
    "Organisatie B",
    "WoondroomZorg",
    "Administratie (PGB)",
    "adres onbekend",
    "Datalek Bloemhof",
};

static const char *
iso_value(const char *name)
{
	for (size_t i = 0; i < ISO_NVARS; i++)
		if (strcmp(iso_vars[i].name, name) == 0)
			return iso_vars[i].value;
	fail_msg("no placeholder {%s}", name);
	return "";
}

static void
iso_set(const char *name, const char *value)
{
	for (size_t i = 0; i < ISO_NVARS; i++)
		if (strcmp(iso_vars[i].name, name) == 0) {
			zk_strlcpy(iso_vars[i].value, value,
				   sizeof iso_vars[i].value);
			return;
		}
	fail_msg("no placeholder {%s}", name);
}

/*
 * Fills the placeholders of tmpl into out, with the ghosts when ghost;
 * fails on an unknown one. Returns how many have a ghost.
 */
static int
iso_fill(const char *tmpl, int ghost, char *out, size_t n)
{
	int ghosts = 0;

	size_t o = 0;

	for (const char *p = tmpl; *p != '\0';) {
		const char *e, *v = NULL;

		if (*p == '{' && (e = strchr(p, '}')) != NULL &&
		    (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			for (size_t i = 0; i < ISO_NVARS; i++)
				if (strlen(iso_vars[i].name) ==
					(size_t)(e - p - 1) &&
				    strncmp(iso_vars[i].name, p + 1,
					    (size_t)(e - p - 1)) == 0) {
					v = iso_vars[i].value;
					if (iso_vars[i].ghost != NULL)
						ghosts++;
					if (ghost && iso_vars[i].ghost != NULL)
						v = iso_vars[i].ghost;
				}
			if (v == NULL)
				fail_msg("%s: unknown placeholder", tmpl);
			if (*v == '\0')
				fail_msg("%s: placeholder without a value",
					 tmpl);
			for (; *v != '\0' && o + 1 < n; v++)
				out[o++] = *v;
			p = e + 1;
			continue;
		}
		if (o + 1 < n)
			out[o++] = *p;
		p++;
	}
	out[o] = '\0';
	return ghosts;
}

/* A request that must succeed; the answer's string field, copied. */
static void
iso_make(const struct api_session *s, const char *method, const char *path,
	 const char *body, long want, const char *field, char *out, size_t n)
{
	struct api_resp r;

	api_req(method, path, body, NULL, s, 1, &r);
	if (r.status != want)
		fail_msg("%s %s: %ld %s", method, path, r.status, r.raw);
	if (field != NULL) {
		const char *v =
		    json_string_value(json_object_get(r.json, field));

		if (v == NULL)
			fail_msg("%s %s: no %s in %s", method, path, field,
				 r.raw);
		zk_strlcpy(out, v, n);
	}
	api_resp_free(&r);
}

/* Opens the database as the test does, for every tenant. */
static struct db *
iso_db(void)
{
	struct db *h = NULL;
	char *cause = NULL;

	if (db_open(env.db, 0, &h, &cause) != 0)
		fail_msg("open %s: %s", env.db, cause ? cause : "?");
	if (db_tenant(h, DB_ALL_TENANTS) != 0)
		fail_msg("open: %s", db_errmsg(h));
	return h;
}

/* The first column of every row of sql, appended to list (strdup'd). */
static size_t
iso_strings(const char *sql, char **list, size_t max)
{
	struct db *h = iso_db();
	struct db_stmt *st = NULL;
	size_t n = 0;
	int rc;

	if (db_prepare_fresh(h, sql, &st) != 0)
		fail_msg("sql %s: %s", sql, db_errmsg(h));
	while ((rc = db_step(st)) == DB_ROW) {
		const char *v = db_column_text(st, 0);

		if (v != NULL && n < max)
			list[n++] = strdup(v);
	}
	if (rc != DB_DONE)
		fail_msg("sql %s: %s", sql, db_errmsg(h));
	db_finalize(st);
	db_close(h);
	return n;
}

/*
 * Organisation B, made by its own users through the API, so that every
 * id is one the server handed out: a location and team, an account that
 * is active, one disabled and one awaiting approval, a client with a care
 * relation, an entry and its correction, a representative, a capacity
 * assessment, a consent, an objection, a privacy notice, an exemption and
 * an informing, and an emergency access waiting for review.
 */
static void
iso_seed_b(void)
{
	struct api_session admin, fg, kantoor, zorg, nood;
	char path[256], body[512], v[64], client[ZK_UUID_LEN];
	char rcp[64], notice[ZK_UUID_LEN], sql[640];
	int64_t b = env.tenant_b;

	api_user(b, "b-beheerder", "administrator", 1);
	api_user(b, "b-functionaris", "dpo", 1);
	api_user(b, "b-kantoor", "office", 1);
	api_user(b, "b-zorgverlener", "professional", 1);
	api_user(b, "b-noodhulp", "professional", 1);
	api_login_full(b, "b", "b-beheerder", &admin);
	api_login_full(b, "b", "b-functionaris", &fg);
	api_login_full(b, "b", "b-kantoor", &kantoor);
	api_login_full(b, "b", "b-zorgverlener", &zorg);
	api_login_full(b, "b", "b-noodhulp", &nood);

	iso_make(&admin, "POST", "/api/v1/locations",
		 "{\"name\":\"Bloemhof\",\"address\":\"Bloemhoflaan 9\"}", 201,
		 NULL, NULL, 0);
	iso_set("location", "Bloemhof");
	iso_make(&admin, "POST", "/api/v1/teams",
		 "{\"name\":\"Team Berkenhof\",\"location\":\"Bloemhof\"}", 201,
		 NULL, NULL, 0);
	iso_set("team", "Team Berkenhof");
	api_user_via_api(&admin, &fg, "b",
			 "{\"username\":\"b-bertha\",\"display_name\":"
			 "\"Bertha Bosschaert\",\"roles\":[\"professional\"],"
			 "\"confidentiality\":\"profession\",\"team\":"
			 "\"Team Berkenhof\"}");
	iso_set("username", "b-bertha");
	api_user_via_api(&admin, NULL, "b",
			 "{\"username\":\"b-uitgeschakeld\",\"roles\":"
			 "[\"office\"],\"confidentiality\":\"agreement\"}");
	iso_make(&admin, "POST", "/api/v1/users/b-uitgeschakeld/disable", NULL,
		 200, NULL, NULL, 0);
	iso_set("disabled", "b-uitgeschakeld");
	iso_make(&admin, "POST", "/api/v1/users",
		 "{\"username\":\"b-wachtend\",\"roles\":[\"professional\"],"
		 "\"confidentiality\":\"profession\"}",
		 201, "approval", v, sizeof v);
	iso_set("approval", v);
	iso_set("pending", "b-wachtend");

	iso_make(&kantoor, "POST", "/api/v1/clients",
		 "{\"identity\":{\"family_name\":\"Vlietstra\",\"given_names\":"
		 "\"Berendina\",\"birth_date\":\"1950-03-01\",\"city\":"
		 "\"Bergeijk\"},\"team\":\"Team Berkenhof\"}",
		 201, "id", client, sizeof client);
	iso_set("client", client);
	/* The first relation is given on the server, as at go-live. */
	api_relation(b, client, "b-zorgverlener", "responsible");
	snprintf(path, sizeof path, "/api/v1/clients/%s/relations", client);
	iso_make(&zorg, "POST", path,
		 "{\"username\":\"b-bertha\",\"relation\":\"substitute\","
		 "\"valid_from\":\"2020-01-01\"}",
		 201, "id", v, sizeof v);
	iso_set("relation", v);

	snprintf(path, sizeof path, "/api/v1/clients/%s/entries", client);
	iso_make(&zorg, "POST", path,
		 "{\"category\":\"care\",\"purpose\":\"care_guidance\","
		 "\"legal_basis\":\"contract\",\"content\":{\"kind\":"
		 "\"rapportage\",\"text\":\"Berendina sliep onrustig.\"}}",
		 201, "id", v, sizeof v);
	iso_set("entry", v);
	snprintf(path, sizeof path, "/api/v1/entries/%s/corrections", v);
	iso_make(&zorg, "POST", path,
		 "{\"content\":{\"kind\":\"rapportage\",\"text\":\"Berendina "
		 "sliep onrustig, na middernacht.\"},\"reason\":\"typfout\"}",
		 201, "id", v, sizeof v);
	iso_set("correction", v);

	snprintf(path, sizeof path, "/api/v1/clients/%s/representatives",
		 client);
	iso_make(&zorg, "POST", path,
		 "{\"kind\":\"curator\",\"name\":\"Cornelis Curatorsma\"}", 201,
		 "id", v, sizeof v);
	iso_set("representative", v);
	snprintf(path, sizeof path, "/api/v1/clients/%s/capacity", client);
	iso_make(&zorg, "POST", path,
		 "{\"able\":true,\"assessed_on\":\"2025-01-05\",\"matter\":"
		 "\"dagbesteding\"}",
		 201, "id", v, sizeof v);
	iso_set("capacity", v);
	snprintf(path, sizeof path, "/api/v1/clients/%s/consents", client);
	iso_make(&zorg, "POST", path,
		 "{\"given_by\":\"subject\",\"form\":\"written\",\"evidence\":"
		 "\"scan B-77\",\"explicit\":true,\"purpose\":"
		 "\"care_guidance\",\"categories\":[\"care\"],\"valid_from\":"
		 "\"2020-01-01\"}",
		 201, "id", v, sizeof v);
	iso_set("consent", v);
	snprintf(path, sizeof path, "/api/v1/clients/%s/objections", client);
	iso_make(&zorg, "POST", path, "{\"recipient_kind\":\"insurer\"}", 201,
		 NULL, NULL, 0);

	iso_make(&fg, "POST", "/api/v1/privacy-notices",
		 "{\"version\":\"B-2026.7\",\"published_on\":\"2026-01-01\","
		 "\"summary\":\"Privacyverklaring Bloemhof\"}",
		 201, NULL, NULL, 0);
	iso_set("version", "B-2026.7");
	snprintf(path, sizeof path, "/api/v1/clients/%s/information-exemptions",
		 client);
	iso_make(&zorg, "POST", path,
		 "{\"ground\":\"disproportionate\",\"reason\":\"adres "
		 "onbekend\"}",
		 201, NULL, NULL, 0);
	snprintf(path, sizeof path, "/api/v1/clients/%s/information", client);
	iso_make(&zorg, "POST", path,
		 "{\"version\":\"B-2026.7\",\"informed_on\":\"2026-01-03\","
		 "\"how\":\"letter\",\"source\":\"elsewhere\"}",
		 201, NULL, NULL, 0);

	snprintf(path, sizeof path, "/api/v1/clients/%s/break-glass", client);
	snprintf(body, sizeof body,
		 "{\"reason\":\"Bewoonster gevallen, begeleider weg\"}");
	iso_make(&nood, "POST", path, body, 201, "id", v, sizeof v);
	iso_set("break_glass", v);
	/* A breach, reported by the DPO (BRE-1). */
	iso_make(&fg, "POST", "/api/v1/breaches",
		 "{\"aware_at\":\"2026-01-05T10:00:00Z\",\"categories\":"
		 "[\"care\"],\"people_approx\":3,\"records_approx\":9,"
		 "\"facts\":\"Datalek Bloemhof\"}",
		 201, "id", v, sizeof v);
	iso_set("breach", v);
	/* A request of the client, with an entry withheld and granted. */
	snprintf(body, sizeof body,
		 "{\"subject\":\"%s\",\"kind\":\"copy\",\"received\":"
		 "\"2026-01-05\",\"channel\":\"email\"}",
		 client);
	iso_make(&fg, "POST", "/api/v1/requests", body, 201, "id", v, sizeof v);
	iso_set("request", v);
	/* A recipient, and a notice to it of a correction (COR-3). */
	iso_make(&fg, "POST", "/api/v1/recipients",
		 "{\"name\":\"Bloemhof Zorgverzekering\",\"kind\":"
		 "\"insurer\",\"country\":\"NL\",\"confidentiality\":"
		 "\"agreement\"}",
		 201, "id", rcp, sizeof rcp);
	iso_set("recipient", rcp);
	zk_uuid_new(notice);
	snprintf(sql, sizeof sql,
		 "INSERT INTO recipient_notice (tenant_id, uid, subject_id,"
		 " recipient_id, change, request_id, state, opened_at)"
		 " SELECT %lld, '%s', s.id, p.id, 'rectification', r.id,"
		 " 'pending', '2026-01-06T10:00:00Z' FROM subject s, recipient"
		 " p, request r WHERE s.uid = '%s' AND p.uid = '%s'"
		 " AND r.uid = '%s'",
		 (long long)env.tenant_b, notice, client, rcp, v);
	api_sql(sql);
	iso_set("notice", notice);
	/* The registers of B's DPO: an activity, a processor, a
	 * complaint about the client. */
	iso_make(&fg, "POST", "/api/v1/registers/processing",
		 "{\"name\":\"B\",\"purpose\":\"b\",\"legal_basis\":"
		 "\"contract\",\"subjects\":\"b\",\"data_categories\":"
		 "\"b\",\"recipients\":\"b\",\"transfers\":\"b\","
		 "\"retention\":\"b\",\"security\":\"b\"}",
		 201, "id", v, sizeof v);
	iso_set("activity", v);
	iso_make(&fg, "POST", "/api/v1/processors",
		 "{\"name\":\"B hosting\",\"processes\":\"b\","
		 "\"country\":\"NL\"}",
		 201, "id", v, sizeof v);
	iso_set("processor", v);
	snprintf(body, sizeof body,
		 "{\"received_on\":\"2026-11-02\",\"channel\":\"board\","
		 "\"complainant\":\"subject\",\"subject\":\"%s\","
		 "\"matter\":\"b\"}",
		 client);
	iso_make(&fg, "POST", "/api/v1/complaints", body, 201, "id", v,
		 sizeof v);
	iso_set("complaint", v);
	/* A study of B's (RES-1). */
	iso_make(&fg, "POST", "/api/v1/studies",
		 "{\"name\":\"Iso\",\"purpose\":\"Iso\",\"requester\":"
		 "\"Iso\",\"basis\":\"conditions\"}",
		 201, "id", v, sizeof v);
	iso_set("study", v);
	/* Reading under the grant gives the review something to show. */
	snprintf(path, sizeof path, "/api/v1/clients/%s", client);
	iso_make(&nood, "GET", path, NULL, 200, NULL, NULL, 0);
	/* Last: a shield on the entry, and the client's data restricted. */
	snprintf(path, sizeof path, "/api/v1/subjects/%s/shields", client);
	snprintf(body, sizeof body, "{\"entry\":\"%s\"}", iso_value("entry"));
	iso_make(&zorg, "POST", path, body, 201, "id", v, sizeof v);
	iso_set("shield", v);
	snprintf(path, sizeof path, "/api/v1/subjects/%s/restriction", client);
	iso_make(&fg, "POST", path, "{\"ground\":\"accuracy_contested\"}", 201,
		 "id", v, sizeof v);
	iso_set("restriction", v);
	/* RET-3: a hold the DPO set. */
	snprintf(path, sizeof path, "/api/v1/clients/%s/holds", client);
	iso_make(&fg, "POST", path, "{\"reason\":\"risicodossier\"}", 201, "id",
		 v, sizeof v);
	iso_set("hold", v);
}

/* A's side: its users, a team, a client with a relation and a consent. */
static void
iso_seed_a(struct api_session s[ISO_NUSERS])
{
	char client[ZK_UUID_LEN], path[256], v[64], sql[256];
	int64_t a = env.tenant_a;

	for (size_t i = 0; i < ISO_NUSERS; i++)
		api_user(a, iso_users[i].username, iso_users[i].role, 1);
	for (size_t i = 0; i < ISO_NUSERS; i++)
		api_login_full(a, "a", iso_users[i].username, &s[i]);
	iso_make(&s[3], "POST", "/api/v1/locations",
		 "{\"name\":\"De Linde\",\"address\":\"Lindelaan 1\"}", 201,
		 NULL, NULL, 0);
	iso_make(&s[3], "POST", "/api/v1/teams",
		 "{\"name\":\"Team Noord\",\"location\":\"De Linde\"}", 201,
		 NULL, NULL, 0);
	iso_make(&s[4], "POST", "/api/v1/clients",
		 "{\"identity\":{\"family_name\":\"Jansen\",\"birth_date\":"
		 "\"1950-03-01\"},\"team\":\"Team Noord\"}",
		 201, "id", client, sizeof client);
	iso_set("a_client", client);
	api_relation(a, client, "anna", "responsible");
	api_sql("UPDATE staff_user SET team_id = (SELECT id FROM team WHERE "
		"name = 'Team Noord') WHERE username = 'lead'");
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM subject WHERE uid = '%s' AND team_id "
		 "IS NOT NULL",
		 client);
	assert_int_equal(api_count(sql), 1);
	snprintf(path, sizeof path, "/api/v1/clients/%s/consents", client);
	iso_make(&s[0], "POST", path,
		 "{\"given_by\":\"subject\",\"form\":\"written\",\"evidence\":"
		 "\"scan A-1\",\"explicit\":true,\"purpose\":"
		 "\"care_delivery\",\"categories\":[\"care\"],\"valid_from\":"
		 "\"2020-01-01\"}",
		 201, "id", v, sizeof v);
	iso_set("a_consent", v);
}

/* Seconds on the monotonic clock, for the runtime printed. */
static double
iso_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* B's ids, names and texts: what A's answers may not hold. */
static void
iso_collect_needles(void)
{
	static const char *const cols[][2] = {
	    {"subject", "uid"},
	    {"entry", "uid"},
	    {"care_relation", "uid"},
	    {"break_glass", "uid"},
	    {"breach", "uid"},
	    {"request", "uid"},
	    {"representative", "uid"},
	    {"capacity_assessment", "uid"},
	    {"consent", "uid"},
	    {"objection", "uid"},
	    {"information", "uid"},
	    {"information_exemption", "uid"},
	    {"account_request", "uid"},
	    {"staff_user", "uid"},
	    {"staff_user", "username"},
	    {"staff_user", "display_name"},
	    {"privacy_notice", "version"},
	    {"team", "name"},
	    {"location", "name"},
	};
	char sql[256];

	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
		snprintf(sql, sizeof sql,
			 "SELECT %s FROM %s WHERE tenant_id = %lld", cols[i][1],
			 cols[i][0], (long long)env.tenant_b);
		iso_nneedles += iso_strings(sql, iso_needles + iso_nneedles,
					    ISO_MAXNEEDLES - iso_nneedles);
	}
	for (size_t i = 0; i < sizeof iso_texts / sizeof iso_texts[0]; i++)
		if (iso_nneedles < ISO_MAXNEEDLES)
			iso_needles[iso_nneedles++] = strdup(iso_texts[i]);
	/* The seed made one of each kind at least. */
	assert_true(iso_nneedles > 30);
}

/*
 * Every table with a tenant_id, read from the schema so that a table a
 * later migration adds is watched too.
 */
static size_t
iso_tenant_tables(char **list, size_t max)
{
	return iso_strings(
	    test_engine_pg()
		? "SELECT table_name FROM information_schema.columns WHERE "
		  "table_schema = current_schema() AND column_name = "
		  "'tenant_id' AND table_name NOT LIKE 'iso\\_snap\\_%' "
		  "ORDER BY 1"
		: "SELECT m.name FROM sqlite_master m, "
		  "pragma_table_info(m.name)"
		  " p WHERE m.type = 'table' AND p.name = 'tenant_id' AND "
		  "m.name NOT LIKE 'iso\\_snap\\_%' ESCAPE '\\' ORDER BY 1",
	    list, max);
}

/* Copies B's rows of every tenant table aside. */
static void
iso_snapshot(char **tables, size_t n)
{
	char sql[512];

	for (size_t i = 0; i < n; i++) {
		snprintf(sql, sizeof sql,
			 "CREATE TABLE iso_snap_%s AS SELECT * FROM %s WHERE "
			 "tenant_id = %lld",
			 tables[i], tables[i], (long long)env.tenant_b);
		api_sql(sql);
	}
}

/* The rows of B that differ from the copy, either way; names the table. */
static int
iso_changed(char **tables, size_t n)
{
	char sql[768];
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		snprintf(
		    sql, sizeof sql,
		    "SELECT count(*) FROM (SELECT * FROM %s WHERE "
		    "tenant_id = %lld EXCEPT SELECT * FROM iso_snap_%s) AS d",
		    tables[i], (long long)env.tenant_b, tables[i]);
		int added = api_count(sql);
		snprintf(sql, sizeof sql,
			 "SELECT count(*) FROM (SELECT * FROM iso_snap_%s "
			 "EXCEPT SELECT * FROM %s WHERE tenant_id = %lld) AS d",
			 tables[i], tables[i], (long long)env.tenant_b);
		int gone = api_count(sql);

		if (added != 0 || gone != 0) {
			print_message("organisation B's %s changed: %d rows "
				      "new or changed, %d gone or changed\n",
				      tables[i], added, gone);
			bad++;
		}
	}
	return bad;
}

/* Whether a row's path names an object of B (not only one of A). */
static int
iso_names_b(const char *path)
{
	for (const char *p = path; (p = strchr(p, '{')) != NULL; p++)
		if (strncmp(p, "{a_", 3) != 0)
			return 1;
	return 0;
}

/*
 * "METHOD /path" with the query cut off and every {…} written {}, into
 * out; 0, or -1 when the path has no placeholder.
 */
static int
iso_key(const char *method, const char *path, size_t len, char *out, size_t n)
{
	size_t o = (size_t)snprintf(out, n, "%s ", method);
	int ph = 0;

	for (size_t i = 0; i < len && path[i] != '?' && o + 3 < n; i++) {
		out[o++] = path[i];
		if (path[i] == '{') {
			while (i < len && path[i] != '}')
				i++;
			out[o++] = '}';
			ph = 1;
		}
	}
	out[o] = '\0';
	return ph ? 0 : -1;
}

#define ISO_MAXDOC 128
#define ISO_KEYLEN 160

static void
iso_doc_add(char keys[][ISO_KEYLEN], size_t *n, const char *method,
	    const char *path, size_t len)
{
	char k[ISO_KEYLEN];

	if (iso_key(method, path, len, k, sizeof k) != 0)
		return;
	for (size_t i = 0; i < *n; i++)
		if (strcmp(keys[i], k) == 0)
			return;
	if (*n < ISO_MAXDOC)
		zk_strlcpy(keys[(*n)++], k, ISO_KEYLEN);
}

/*
 * The endpoints of docs/api.md with an id in their path. The document
 * names them as `METHOD /api/v1/...{id}...`, in headings and in the
 * text; a heading may go on with a shorthand that changes the last
 * segment (`### POST /api/v1/users/{username}/enable — /reset — /roles`).
 */
static size_t
iso_doc_endpoints(char keys[][ISO_KEYLEN])
{
	static const char *const methods[] = {"GET", "POST", "PATCH", "PUT",
					      "DELETE"};
	static const char dash[] = "\xe2\x80\x94 /"; /* "— /" */
	char line[2048], method[8], last[512];
	size_t n = 0;
	FILE *f = fopen(ZK_SOURCE_DIR "/docs/api.md", "r");

	if (f == NULL)
		fail_msg("cannot read %s/docs/api.md", ZK_SOURCE_DIR);
	while (fgets(line, sizeof line, f) != NULL) {
		int heading = strncmp(line, "### ", 4) == 0;
		const char *p = line;

		last[0] = '\0';
		while (*p != '\0') {
			size_t m, len;

			for (m = 0; m < sizeof methods / sizeof methods[0];
			     m++) {
				len = strlen(methods[m]);
				if (strncmp(p, methods[m], len) == 0 &&
				    strncmp(p + len, " /api/v1/", 9) == 0 &&
				    (p == line ||
				     !isalnum((unsigned char)p[-1])))
					break;
			}
			if (m < sizeof methods / sizeof methods[0]) {
				const char *path = p + strlen(methods[m]) + 1;

				len = strcspn(path, " `\n),");
				zk_strlcpy(method, methods[m], sizeof method);
				iso_doc_add(keys, &n, method, path, len);
				snprintf(last, sizeof last, "%.*s", (int)len,
					 path);
				p = path + len;
				continue;
			}
			if (heading && last[0] != '\0' &&
			    strncmp(p, dash, sizeof dash - 1) == 0) {
				const char *seg = p + sizeof dash - 2;
				char *cut = strrchr(last, '/');
				char full[600];

				len = strcspn(seg, " `\n");
				if (cut != NULL)
					*cut = '\0';
				snprintf(full, sizeof full, "%s%.*s", last,
					 (int)len, seg);
				zk_strlcpy(last, full, sizeof last);
				iso_doc_add(keys, &n, method, last,
					    strlen(last));
				p = seg + len;
				continue;
			}
			p++;
		}
	}
	fclose(f);
	return n;
}

/* Whether some row of the table walks the endpoint key with B's ids. */
static int
iso_walked(const char *key)
{
	char k[ISO_KEYLEN];

	for (size_t i = 0; i < ISO_NCALLS; i++)
		if (iso_names_b(iso_calls[i].path) &&
		    iso_key(iso_calls[i].method, iso_calls[i].path,
			    strlen(iso_calls[i].path), k, sizeof k) == 0 &&
		    strcmp(k, key) == 0)
			return 1;
	return 0;
}

/* SCOPE-3: the table walks every endpoint docs/api.md gives an id. */
static void
test_isolation_coverage(void **state)
{
	char keys[ISO_MAXDOC][ISO_KEYLEN];
	size_t n, missing = 0;

	(void)state;
	ZK_RULE("SCOPE-3");
	n = iso_doc_endpoints(keys);
	/* The document names more than twenty such endpoints today. */
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++)
		if (!iso_walked(keys[i])) {
			print_message("docs/api.md documents %s, which "
				      "iso_calls[] does not walk\n",
				      keys[i]);
			missing++;
		}
	print_message("docs/api.md names %zu endpoints with an id, %zu not "
		      "walked\n",
		      n, missing);
	if (missing > 0)
		fail_msg("%zu endpoints with an id are not walked: add a row "
			 "to iso_calls[] in tests/integration/test_isolation.c",
			 missing);
}

/* text with each of B's values in it replaced by its ghost (malloc'd). */
static char *
iso_unghost(const char *text)
{
	struct zk_buf b;

	zk_buf_init(&b, 0);
	for (const char *p = text; *p != '\0';) {
		size_t i;

		for (i = 0; i < ISO_NVARS; i++) {
			size_t len = strlen(iso_vars[i].value);

			if (iso_vars[i].ghost != NULL && len > 0 &&
			    strncmp(p, iso_vars[i].value, len) == 0) {
				zk_buf_append(&b, iso_vars[i].ghost,
					      strlen(iso_vars[i].ghost));
				p += len;
				break;
			}
		}
		if (i == ISO_NVARS)
			zk_buf_append(&b, p++, 1);
	}
	zk_buf_append(&b, "", 1);
	return (char *)b.data;
}

/*
 * One answer to A (r; g the answer to the same request with ghosts, or
 * NULL): refused as not found or denied, in the error shape, the same
 * as for the ghosts, and with nothing of B's.
 */
static int
iso_check(const struct iso_call *c, const char *who, const char *path,
	  const struct api_resp *r, const struct api_resp *g)
{
	json_t *e = json_object_get(r->json, "error");
	const char *code = json_string_value(json_object_get(e, "code"));
	const char *rule = json_string_value(json_object_get(e, "rule"));
	char *seen = iso_unghost(r->raw != NULL ? r->raw : "");
	int bad = 0;

	/*
	 * LOG-6: a read of the log wants both factors of every session,
	 * before any lookup, so a role that logs in with one is refused
	 * alike for any id: that refusal is a denial too.
	 */
	if (r->status == 403 && code != NULL && rule != NULL &&
	    strcmp(code, "two_factor_required") == 0 &&
	    strcmp(rule, "LOG-6") == 0)
		code = "denied";

	if ((c->flags & ISO_LIST) && r->status == 200)
		;
	else if (r->status != 404 && r->status != 403 &&
		 (c->also == 0 || r->status != c->also)) {
		print_message("%s %s as %s: %ld %s\n", c->method, path, who,
			      r->status, seen);
		bad++;
	} else if (code == NULL ||
		   strcmp(code, r->status == 404   ? "not_found"
				: r->status == 403 ? "denied"
						   : "invalid") != 0 ||
		   !json_is_string(json_object_get(e, "message")) ||
		   json_object_get(e, "rule") == NULL ||
		   (r->status == 403 &&
		    !json_is_string(json_object_get(e, "rule"))) ||
		   strncmp(r->content_type, "application/json", 16) != 0) {
		print_message("%s %s as %s: not the error shape: %ld %s\n",
			      c->method, path, who, r->status, seen);
		bad++;
	}
	if (g != NULL && (g->status != r->status ||
			  strcmp(seen, g->raw ? g->raw : "") != 0)) {
		print_message("%s %s as %s: B's object answers otherwise than "
			      "one that does not exist: %ld %s, and %ld %s\n",
			      c->method, path, who, r->status, seen, g->status,
			      g->raw ? g->raw : "");
		bad++;
	}
	for (size_t i = 0; i < iso_nneedles; i++)
		if (strstr(seen, iso_needles[i]) != NULL) {
			print_message("%s %s as %s: the answer holds B's "
				      "\"%s\": %s\n",
				      c->method, path, who, iso_needles[i],
				      r->raw);
			bad++;
		}
	free(seen);
	return bad;
}

/*
 * SCOPE-3: each of A's users, each endpoint, B's ids: 404 or 403, none of
 * B's data, nothing of B written, and what was tried logged in A alone.
 */
static void
test_isolation_walk(void **state)
{
	struct api_session s[ISO_NUSERS];
	struct api_resp r, g;
	char *tables[64], path[1024], body[2048], gpath[1024], gbody[2048];
	char day[ZK_DATE_LEN], sql[128];
	size_t ntables, calls = 0;
	double t0, t1;
	int bad = 0, log_a;

	(void)state;
	ZK_RULE("SCOPE-3");
	zk_date_fmt(zk_day_nl(zk_now()) + 1, day);
	iso_set("tomorrow", day);
	t0 = iso_clock();
	iso_seed_b();
	iso_seed_a(s);
	iso_collect_needles();
	ntables = iso_tenant_tables(tables, 64);
	assert_true(ntables >= 20);
	iso_snapshot(tables, ntables);
	snprintf(sql, sizeof sql,
		 "SELECT count(*) FROM audit_log WHERE tenant_id = %lld",
		 (long long)env.tenant_a);
	log_a = api_count(sql);
	t1 = iso_clock();

	for (size_t i = 0; i < ISO_NCALLS; i++) {
		const struct iso_call *c = &iso_calls[i];

		int ghosts = iso_fill(c->path, 0, path, sizeof path);

		iso_fill(c->path, 1, gpath, sizeof gpath);
		if (c->body != NULL) {
			ghosts += iso_fill(c->body, 0, body, sizeof body);
			iso_fill(c->body, 1, gbody, sizeof gbody);
		}
		for (size_t u = 0; u < ISO_NUSERS; u++) {
			if (!(c->roles & (1u << u)))
				continue;
			api_req(c->method, path, c->body ? body : NULL, NULL,
				&s[u], 1, &r);
			if (ghosts > 0)
				api_req(c->method, gpath,
					c->body ? gbody : NULL, NULL, &s[u], 1,
					&g);
			bad += iso_check(c, iso_users[u].username, path, &r,
					 ghosts > 0 ? &g : NULL);
			api_resp_free(&r);
			if (ghosts > 0)
				api_resp_free(&g);
			calls++;
		}
	}
	print_message("seeded in %.1f s; walked %zu rows, %zu requests (and "
		      "their ghosts) in %.1f s; %zu of B's values looked for\n",
		      t1 - t0, ISO_NCALLS, calls, iso_clock() - t1,
		      iso_nneedles);

	/* Nothing of B changed, its log included. */
	bad += iso_changed(tables, ntables);
	/* The attempts are A's: its log holds the refusals. */
	if (api_count(sql) <= log_a) {
		print_message("A's log holds none of the attempts\n");
		bad++;
	}
	if (!test_verify(env.svc)) {
		print_message("a log chain does not verify\n");
		bad++;
	}
	for (size_t i = 0; i < ntables; i++)
		free(tables[i]);
	for (size_t i = 0; i < iso_nneedles; i++)
		free(iso_needles[i]);
	iso_nneedles = 0;
	if (bad > 0)
		fail_msg("%d isolation failures (listed above)", bad);
}

static int
setup(void **state)
{
	(void)state;
	api_start(0, 0);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	api_stop();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_isolation_coverage),
	    cmocka_unit_test_setup_teardown(test_isolation_walk, setup,
					    teardown),
	};

	crypto_init();
	if (getenv("ZK_TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("ZK_TEST_FILTER"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
