/*
 * demo.c: demo data that makes a fresh server worth opening. Everything
 * goes through the door like real work: the system registers the
 * organisation and its clients, and then the demo staff write entries as
 * themselves, within their care relations, so every decision and every log
 * entry is a real one. Names and dates come from a fixed seed, so two demo
 * databases look alike; passwords are random and printed once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "service/representation.h"
#include "service/service_int.h"

#define DEMO_CLIENTS 50

static const char *const demo_given[] = {
    "Anna",  "Bram", "Cor",	"Daan",	  "Eva",    "Fleur",   "Gerrit",
    "Hanna", "Ivo",  "Jet",	"Kees",	  "Lotte",  "Maarten", "Noor",
    "Otto",  "Pien", "Quinten", "Roos",	  "Sem",    "Tess",    "Umut",
    "Vera",  "Wim",  "Yara",	"Zeynep", "Fatima", "Mohamed", "Sanne",
};

static const char *const demo_family[] = {
    "de Vries",	    "Jansen",  "de Jong",    "Bakker",	 "Visser",
    "Smit",	    "Meijer",  "de Boer",    "Mulder",	 "de Groot",
    "Bos",	    "Vos",     "Peters",     "Hendriks", "van Dijk",
    "Dekker",	    "Brouwer", "de Wit",     "Dijkstra", "Smits",
    "van den Berg", "Yılmaz",  "El Idrissi", "Kok",	 "Jacobs",
};

static const char *const demo_cities[] = {"Utrecht", "Amersfoort", "Zeist",
					  "Houten", "Nieuwegein"};

static const char *const demo_care[] = {
    "Dagrapportage: cliënt heeft goed geslapen en zelfstandig ontbeten.",
    "Zorgplan geëvalueerd met cliënt; doelen voor mobiliteit bijgesteld.",
    "Cliënt was onrustig in de middag; begeleid bij wandeling.",
    "Wondzorg uitgevoerd volgens protocol; wond geneest goed.",
    "Gesprek met familie over de week; afspraken genoteerd.",
};

static const char *const demo_medical[] = {
    "Medicatieoverzicht bijgewerkt na bezoek huisarts.",
    "Bloeddruk gemeten: binnen normale waarden.",
    "Allergie voor penicilline vastgelegd.",
};

static const char *const demo_special[][2] = {
    {"religion", "Wenst op vrijdag halal maaltijden."},
    {"religion", "Bezoekt graag de zondagsdienst."},
    {"belief", "Humanistische levensovertuiging; geen geestelijke "
	       "verzorging gewenst."},
};

/* A small deterministic generator, so every demo looks the same. */
static uint32_t
demo_next(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 8) & 0xffffffu;
}

/* A BSN that passes the eleven test, which the door checks (SEC-4). */
static void
demo_bsn(uint32_t *seed, char out[10])
{
	for (;;) {
		int sum = 0, d;

		for (int i = 0; i < 8; i++) {
			d = (int)(demo_next(seed) % 10);
			if (i == 0 && d == 0)
				d = 1;
			out[i] = (char)('0' + d);
			sum += (9 - i) * d;
		}
		d = sum % 11;
		if (d == 10)
			continue;
		out[8] = (char)('0' + d);
		out[9] = '\0';
		return;
	}
}

/*
 * What differs between the demo's organisations (SCOPE-3): the first is a
 * care organisation on the given profile, the second a small parent
 * initiative on the same one, with its own people. Its DPO's login has
 * the same name as the first one's, to show that a login names its
 * organisation when user names collide. (Not the professional's: make
 * bench and the README log in as "professional" of the first.)
 */
struct demo_org {
	uint32_t seed;
	int clients;
	const char *location[2][2]; /* name, address */
	const char *teams[3];	    /* the first at location 0, others at 1 */
	const char *prefix;	    /* of each role's login, before the id */
	const char *shared;	    /* the role whose login has no prefix */
	const char *extra[4];	    /* professionals without a login */
	int staff_subjects;	    /* employees, applicants, ... too */
};

static const struct demo_org demo_orgs[] = {
    {7513,
     DEMO_CLIENTS,
     {{"De Linde", "Lindelaan 1, Utrecht"},
      {"Het Baken", "Bakenweg 12, Zeist"}},
     {"Team Noord", "Team Zuid", "Team Wonen"},
     "",
     NULL,
     {"anna.devries", "bram.jansen", "cor.bakker", "eva.visser"},
     1},
    {2018,
     8,
     {{"Huis Klaverblad", "Klaverweg 3, Houten"},
      {"Huis Klaverblad", "Klaverweg 3, Houten"}},
     {"Bewoners Klaverblad", "Bewoners Klaverblad", "Bewoners Klaverblad"},
     "klaver.",
     "dpo",
     {"sanne.kok", "umut.yilmaz", "noor.dekker", "wim.smit"},
     0},
};

struct demo {
	const struct demo_org *org;
	struct service *svc;
	const struct profile *p;
	int64_t tenant;
	struct actor sys;
	char **cause;
	uint32_t seed;
	const char *care_purpose, *care_basis;
	const char *business_purpose, *business_basis;
	/* Staff usernames by base role; professionals are many. */
	char professionals[8][64];
	int nprof;
	char office[64], hr[64];
};

/* The purpose whose id contains hint, else the first one. */
static void
demo_purpose(const struct profile *p, const char *hint, const char **purpose,
	     const char **basis)
{
	static const enum zk_basis prefer[] = {
	    ZK_BASIS_CONTRACT, ZK_BASIS_LEGAL_OBLIGATION,
	    ZK_BASIS_LEGITIMATE_INTEREST, ZK_BASIS_CONSENT};
	const struct profile_purpose *u = &p->purposes[0];

	for (int i = 0; i < p->npurposes; i++)
		if (strstr(p->purposes[i].id, hint) != NULL)
			u = &p->purposes[i];
	*purpose = u->id;
	*basis = vocab_basis_name(ZK_BASIS_CONTRACT);
	for (size_t i = 0; i < ZK_ARRAY_SIZE(prefer); i++) {
		if (u->bases & (1u << prefer[i])) {
			*basis = vocab_basis_name(prefer[i]);
			return;
		}
	}
}

static int
demo_users(struct demo *d, struct svc_demo_login *logins, int max, int *nlogins)
{
	const struct demo_org *o = d->org;
	const char *const *teams = o->teams;
	int64_t loc[2], id;
	int rc;

	for (int i = 0; i < 2; i++) {
		if (i > 0 &&
		    strcmp(o->location[1][0], o->location[0][0]) == 0) {
			loc[1] = loc[0];
			continue;
		}
		if ((rc = svc_location_create(
			 d->svc, &d->sys, o->location[i][0], o->location[i][1],
			 &loc[i], d->cause)) != 0)
			return rc;
	}
	for (size_t i = 0; i < ZK_ARRAY_SIZE(o->teams); i++) {
		if (i > 0 && strcmp(teams[i], teams[i - 1]) == 0)
			continue;
		if ((rc = svc_team_create(d->svc, &d->sys, loc[i ? 1 : 0],
					  teams[i], &id, d->cause)) != 0)
			return rc;
	}

	*nlogins = 0;
	/* One login per role of the profile, named after the role. */
	for (int r = 0; r < d->p->nroles; r++) {
		const struct profile_role *role = &d->p->roles[r];
		struct svc_user_input in;
		const char *roles[1] = {role->id};
		char pw[24], name[64];
		unsigned char raw[12];

		/* The portal's accounts come with a client (demo_portal). */
		if (profile_role_portal(d->p, r))
			continue;
		randombytes_buf(raw, sizeof raw);
		sodium_bin2base64(pw, sizeof pw, raw, sizeof raw,
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		snprintf(name, sizeof name, "%s%s",
			 o->shared != NULL && strcmp(o->shared, role->id) == 0
			     ? ""
			     : o->prefix,
			 role->id);
		memset(&in, 0, sizeof in);
		in.username = name;
		in.display_name = role->name_nl;
		in.password = pw;
		in.roles = roles;
		in.nroles = 1;
		in.confidentiality = role->base == ZK_ROLE_PROFESSIONAL
					 ? "profession"
					 : "agreement";
		in.team = role->base == ZK_ROLE_PROFESSIONAL ? teams[0] : NULL;
		if ((rc = svc_user_add(d->svc, &d->sys, &in, NULL, d->cause)) !=
		    0)
			return rc;
		if (*nlogins < max) {
			struct svc_demo_login *l = &logins[(*nlogins)++];

			zk_strlcpy(l->username, name, sizeof l->username);
			zk_strlcpy(l->role, role->id, sizeof l->role);
			zk_strlcpy(l->password, pw, sizeof l->password);
			l->totp_secret[0] = '\0';
			/* SEC-3: enrolled, so the demo login works at once. */
			if (profile_role_needs_two_factor(d->p, r)) {
				struct actor a;
				char uri[320];

				if ((rc = svc_actor_user(d->svc, d->tenant,
							 name, "demo", &a,
							 d->cause)) != 0 ||
				    (rc = svc_totp_enrol_confirmed(
					 d->svc, &a, l->totp_secret, uri,
					 d->cause)) != 0)
					return rc;
			}
		}
		if (role->base == ZK_ROLE_PROFESSIONAL && d->nprof < 8)
			zk_strlcpy(d->professionals[d->nprof++], name, 64);
		if (role->base == ZK_ROLE_OFFICE)
			zk_strlcpy(d->office, name, sizeof d->office);
		if (role->base == ZK_ROLE_HR)
			zk_strlcpy(d->hr, name, sizeof d->hr);
		sodium_memzero(pw, sizeof pw);
	}
	/* More professionals, without a password: they work in the demo. */
	for (size_t i = 0; i < ZK_ARRAY_SIZE(o->extra); i++) {
		struct svc_user_input in;
		const char *roles[1] = {"professional"};

		memset(&in, 0, sizeof in);
		in.username = o->extra[i];
		in.display_name = o->extra[i];
		in.roles = roles;
		in.nroles = 1;
		in.confidentiality = "profession";
		in.team = teams[1 + i % 2];
		if ((rc = svc_user_add(d->svc, &d->sys, &in, NULL, d->cause)) !=
		    0)
			return rc;
		if (d->nprof < 8)
			zk_strlcpy(d->professionals[d->nprof++], o->extra[i],
				   64);
	}
	return 0;
}

static int
demo_entry(struct demo *d, const char *as, const char *subject,
	   const char *category, const char *purpose, const char *basis,
	   json_t *content)
{
	struct svc_entry_input in;
	struct actor a;
	int rc;

	if (content == NULL)
		return ZK_ENOMEM;
	if ((rc = svc_actor_user(d->svc, d->tenant, as, "demo", &a,
				 d->cause)) == 0) {
		in.subject_uid = subject;
		in.category = category;
		in.purpose = purpose;
		in.legal_basis = basis;
		in.content = content;
		rc = svc_entry_create(d->svc, &a, &in, NULL, NULL, d->cause);
	}
	json_decref(content);
	return rc;
}

static int
demo_subject(struct demo *d, const char *kind, int age, const char *team,
	     char uid[ZK_UUID_LEN])
{
	char birth[ZK_DATE_LEN], postal[8], phone[16];
	int32_t today = zk_day_nl(zk_now());
	const char *given =
	    demo_given[demo_next(&d->seed) % ZK_ARRAY_SIZE(demo_given)];
	const char *family =
	    demo_family[demo_next(&d->seed) % ZK_ARRAY_SIZE(demo_family)];
	json_t *id;
	int rc;

	zk_date_fmt(today - age * 365 - (int32_t)(demo_next(&d->seed) % 360),
		    birth);
	snprintf(postal, sizeof postal, "35%02u AB",
		 (unsigned)(demo_next(&d->seed) % 100));
	snprintf(phone, sizeof phone, "06-%08u",
		 (unsigned)(demo_next(&d->seed) % 100000000));
	id = json_pack(
	    "{s:s, s:s, s:s, s:s, s:s, s:s}", "family_name", family,
	    "given_names", given, "birth_date", birth, "postal_code", postal,
	    "city",
	    demo_cities[demo_next(&d->seed) % ZK_ARRAY_SIZE(demo_cities)],
	    "phone", phone);
	if (id == NULL)
		return ZK_ENOMEM;
	rc = svc_subject_create(d->svc, &d->sys, kind, id, team, uid, NULL,
				d->cause);
	json_decref(id);
	return rc;
}

static int
demo_client(struct demo *d, int i)
{
	const char *const *teams = d->org->teams;
	char uid[ZK_UUID_LEN], bsn[10], start[ZK_DATE_LEN], end[ZK_DATE_LEN];
	int32_t today = zk_day_nl(zk_now());
	const char *resp = d->professionals[i % d->nprof];
	const char *co = d->professionals[(i + 1) % d->nprof];
	const char *sub = d->professionals[(i + 2) % d->nprof];
	/* Ages from 9 to 94: minors too, for the representation rules. */
	int age = 9 + (i * 17) % 86;
	int rc;

	if ((rc = demo_subject(d, "client", age, teams[i % 3], uid)) != 0)
		return rc;
	zk_date_fmt(today - 400 + i, start);
	zk_date_fmt(today - 30, end);
	if ((rc = svc_relation_add(d->svc, &d->sys, uid, resp, "responsible",
				   start, NULL, NULL, d->cause)) != 0 ||
	    (rc = svc_relation_add(d->svc, &d->sys, uid, co, "co_treating",
				   start, NULL, NULL, d->cause)) != 0)
		return rc;
	/* Some substitutes' periods have ended: their access has too. */
	if ((rc = svc_relation_add(d->svc, &d->sys, uid, sub, "substitute",
				   start, i % 4 == 0 ? end : NULL, NULL,
				   d->cause)) != 0)
		return rc;

	demo_bsn(&d->seed, bsn);
	if ((rc = demo_entry(d, d->office, uid, "bsn", d->business_purpose,
			     d->business_basis,
			     json_pack("{s:s, s:s, s:s}", "bsn", bsn,
				       "verified_on", start, "verification",
				       "paspoort, gecontroleerd in BRP"))) != 0)
		return rc;
	for (int k = 0; k < 2; k++) {
		const char *text =
		    demo_care[(size_t)(i + k) % ZK_ARRAY_SIZE(demo_care)];
		if ((rc = demo_entry(d, resp, uid, "care", d->care_purpose,
				     d->care_basis,
				     json_pack("{s:s, s:s}", "kind",
					       k ? "zorgplan" : "rapportage",
					       "text", text))) != 0)
			return rc;
	}
	if ((rc = demo_entry(
		 d, resp, uid, "medical", d->care_purpose, d->care_basis,
		 json_pack(
		     "{s:s, s:s}", "kind", "medicatie", "text",
		     demo_medical[(size_t)i % ZK_ARRAY_SIZE(demo_medical)]))) !=
	    0)
		return rc;
	if ((rc = demo_entry(d, resp, uid, "work_note", d->care_purpose,
			     d->care_basis,
			     json_pack("{s:s}", "text",
				       "Eigen aantekening: volgende week "
				       "navragen hoe het gaat."))) != 0)
		return rc;
	if (i % 5 == 0 &&
	    (rc = demo_entry(
		 d, resp, uid, "special", d->care_purpose, d->care_basis,
		 json_pack("{s:s, s:s}", "kind", demo_special[i % 3][0], "text",
			   demo_special[i % 3][1]))) != 0)
		return rc;
	return demo_entry(
	    d, d->office, uid, "financial", d->business_purpose,
	    d->business_basis,
	    json_pack("{s:s, s:s, s:i, s:s}", "kind", "declaratie",
		      "description", "Maandelijkse declaratie zorg",
		      "amount_cents", 12000 + i * 150, "period", "2026-10"));
}

static int
demo_staff_subjects(struct demo *d)
{
	static const struct {
		const char *kind;
		int age;
	} people[] = {
	    {"employee", 34},  {"employee", 51},  {"employee", 27},
	    {"intern", 20},    {"volunteer", 67}, {"applicant", 29},
	    {"applicant", 41}, {"applicant", 23},
	};
	char uid[ZK_UUID_LEN];
	int rc;

	for (size_t i = 0; i < ZK_ARRAY_SIZE(people); i++) {
		int k = vocab_kind(people[i].kind);

		if (!(d->p->kinds & (1u << k)))
			continue;
		if ((rc = demo_subject(d, people[i].kind, people[i].age, NULL,
				       uid)) != 0)
			return rc;
		if (k == ZK_KIND_APPLICANT &&
		    d->p->categories[ZK_CAT_APPLICATION].used)
			rc = demo_entry(d, d->hr, uid, "application",
					d->business_purpose, d->business_basis,
					json_pack("{s:s, s:s}", "position",
						  "Verzorgende IG", "text",
						  "Sollicitatiebrief en cv "
						  "ontvangen."));
		else if (k != ZK_KIND_APPLICANT &&
			 d->p->categories[ZK_CAT_HR].used)
			rc = demo_entry(d, d->hr, uid, "hr",
					d->business_purpose, d->business_basis,
					json_pack("{s:s, s:s}", "kind",
						  "arbeidsovereenkomst", "text",
						  "Contract voor 32 uur per "
						  "week."));
		if (rc != 0)
			return rc;
	}
	return 0;
}

/*
 * INZ-6, REP-1, REP-6: the portal's demo. A client with an account of
 * their own; a parent with authority of a 10-year-old, whose account also
 * names the representation of an 8-year-old that has ended, so that the
 * second child is not shown. Each gets a password and an enrolled second
 * factor, like the staff logins, and the accounts come to be as in real
 * work: invited (svc_portal_invite), the invitation accepted.
 */
struct demo_portal_client {
	const char *given, *family;
	int years;
	const char *login; /* the portal account, or NULL */
	const char *as;	   /* subject or representative */
	int ended;	   /* the representation has ended */
};

static const struct demo_portal_client demo_portal_clients[] = {
    {"Petra", "Jansen", 42, "client.jansen", "subject", 0},
    {"Sem", "de Boer", 10, "ouder.deboer", "representative", 0},
    {"Lotte", "de Boer", 8, "ouder.deboer", "representative", 1},
};

/* Sets a portal account's password from token and enrols its TOTP. */
static int
demo_portal_login(struct demo *d, const char *slug, const char *username,
		  const char *role, const char *token, struct svc_demo_login *l)
{
	char pw[24], name[64], uri[320];
	unsigned char raw[12];
	struct actor a;
	int rc;

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(pw, sizeof pw, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	rc = svc_invitation_accept(d->svc, slug, token, pw, "demo", name,
				   d->cause);
	if (rc == 0)
		rc = svc_actor_user(d->svc, d->tenant, username, "demo", &a,
				    d->cause);
	if (rc == 0)
		rc = svc_totp_enrol_confirmed(d->svc, &a, l->totp_secret, uri,
					      d->cause);
	if (rc == 0) {
		zk_strlcpy(l->username, username, sizeof l->username);
		zk_strlcpy(l->role, role, sizeof l->role);
		zk_strlcpy(l->password, pw, sizeof l->password);
	}
	sodium_memzero(pw, sizeof pw);
	return rc;
}

static int
demo_portal(struct demo *d, struct svc_demo_login *logins, int max,
	    int *nlogins)
{
	const struct demo_portal_client *c;
	struct store_tenant st;
	int32_t today = zk_day_nl(zk_now());
	char uid[ZK_UUID_LEN], rep[ZK_UUID_LEN], birth[ZK_DATE_LEN], login[64],
	    parent[64];
	int rc;

	if (profile_role_index(d->p, "subject") < 0 ||
	    profile_role_index(d->p, "representative") < 0)
		return 0; /* a profile without a portal */
	memset(&st, 0, sizeof st);
	if ((rc = svc_tenant_name(d->svc, d->tenant, &st)) != 0)
		return zk_fail(d->cause, rc, "cannot read the organisation");
	for (size_t i = 0; i < ZK_ARRAY_SIZE(demo_portal_clients); i++) {
		struct svc_portal_invite in;
		struct svc_portal_invited out;
		json_t *id;

		c = &demo_portal_clients[i];
		/* Some months past the birthday: the age is certain. */
		zk_date_fmt(today - c->years * 365 - c->years / 4 - 100, birth);
		id = json_pack("{s:s, s:s, s:s, s:s}", "family_name", c->family,
			       "given_names", c->given, "birth_date", birth,
			       "city", "Utrecht");
		if (id == NULL)
			return ZK_ENOMEM;
		rc = svc_subject_create(d->svc, &d->sys, "client", id,
					d->org->teams[0], uid, NULL, d->cause);
		json_decref(id);
		if (rc == 0)
			rc = svc_relation_add(
			    d->svc, &d->sys, uid, d->professionals[0],
			    "responsible", birth, NULL, NULL, d->cause);
		if (rc == 0)
			rc = demo_entry(d, d->professionals[0], uid, "care",
					d->care_purpose, d->care_basis,
					json_pack("{s:s, s:s}", "kind",
						  "rapportage", "text",
						  demo_care[i]));
		if (rc == 0)
			rc =
			    demo_entry(d, d->professionals[0], uid, "work_note",
				       d->care_purpose, d->care_basis,
				       json_pack("{s:s}", "text",
						 "Eigen aantekening, niet "
						 "in het portaal."));
		if (rc != 0)
			return rc;
		snprintf(login, sizeof login, "%s%s", d->org->prefix, c->login);
		memset(&in, 0, sizeof in);
		in.client = uid;
		in.username = login;
		in.as = c->as;
		if (strcmp(c->as, "representative") == 0) {
			snprintf(parent, sizeof parent, "M. %s", c->family);
			if ((rc = svc_representative_add(
				 d->svc, &d->sys, uid, "parent_with_authority",
				 parent, false, false, false, rep, d->cause)) !=
			    0)
				return rc;
			in.representative = rep;
		}
		if ((rc = svc_portal_invite(d->svc, &d->sys, &in, &out,
					    d->cause)) != 0)
			return rc;
		if (c->ended && (rc = svc_representative_end(
				     d->svc, &d->sys, rep, d->cause)) != 0)
			return rc;
		if (out.linked || *nlogins >= max)
			continue;
		rc = demo_portal_login(d, st.slug, login, c->as, out.token,
				       &logins[*nlogins]);
		sodium_memzero(out.token, sizeof out.token);
		if (rc != 0)
			return rc;
		(*nlogins)++;
	}
	return 0;
}

int
svc_demo_load(struct service *svc, int64_t tenant, int which,
	      struct svc_demo_login *logins, int max, int *nlogins,
	      char **cause)
{
	struct demo d;
	int rc;

	if (which < 0 || which >= (int)ZK_ARRAY_SIZE(demo_orgs))
		return zk_fail(cause, ZK_EINVAL, "no demo organisation %d",
			       which);
	memset(&d, 0, sizeof d);
	d.org = &demo_orgs[which];
	d.svc = svc;
	d.tenant = tenant;
	d.cause = cause;
	d.seed = d.org->seed;
	if ((rc = svc_profile(svc, tenant, &d.p, cause)) != 0)
		return rc;
	svc_actor_system(&d.sys, tenant, "demo", "cli");
	demo_purpose(d.p, "care", &d.care_purpose, &d.care_basis);
	demo_purpose(d.p, d.p->npurposes > 1 ? "pgb" : "care",
		     &d.business_purpose, &d.business_basis);
	if (strcmp(d.business_purpose, d.care_purpose) == 0)
		demo_purpose(d.p, "business", &d.business_purpose,
			     &d.business_basis);
	if ((rc = demo_users(&d, logins, max, nlogins)) != 0)
		return rc;
	if (d.nprof == 0 || d.office[0] == '\0' || d.hr[0] == '\0')
		return zk_fail(cause, ZK_EPROFILE,
			       "the profile lacks a professional, office or "
			       "hr role for the demo");
	for (int i = 0; i < d.org->clients; i++)
		if ((rc = demo_client(&d, i)) != 0)
			return rc;
	if ((rc = demo_portal(&d, logins, max, nlogins)) != 0)
		return rc;
	return d.org->staff_subjects ? demo_staff_subjects(&d) : 0;
}
