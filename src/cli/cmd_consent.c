/*
 * cmd_consent.c: zorgkluis consent, objection and notice: the consent
 * registry, objections and the information duty from the command line.
 * Like the other commands the operator acts as "system:cli", and the door
 * still decides who may act for the subject (REP) and logs everything.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/representation.h"
#include "service/service.h"

static const char consent_usage[] =
    "usage: zorgkluis consent record --db PATH --subject ID --form FORM\n"
    "                 --purpose P --category C [--category C ...]\n"
    "                 --valid-from DATE [--valid-until DATE] [--explicit]\n"
    "                 [--given-by REPRESENTATIVE] [--also-given-by ID]\n"
    "                 --evidence REF\n"
    "                 [--recipient-kind K] [--recipient NAME]\n"
    "       zorgkluis consent withdraw --db PATH --consent ID [--by ID]\n"
    "       zorgkluis consent list --db PATH --subject ID\n"
    "       zorgkluis objection add --db PATH --subject ID\n"
    "                 (--purpose P | --recipient-kind K) [--by ID]\n"
    "       zorgkluis objection list --db PATH --subject ID\n"
    "       zorgkluis notice add --db PATH --version V --published-on DATE\n"
    "                 --summary TEXT\n"
    "       zorgkluis notice inform --db PATH --subject ID --version V\n"
    "                 --informed-on DATE --how HOW [--source subject|"
    "elsewhere]\n"
    "       zorgkluis notice exempt --db PATH --subject ID --ground G\n"
    "                 --reason TEXT [--source elsewhere|subject]\n"
    "       zorgkluis notice list --db PATH [--subject ID]\n"
    "       zorgkluis notice report --db PATH\n"
    "       zorgkluis representative add --db PATH --subject ID --kind K\n"
    "                 --name NAME [--declines] [--absent]\n"
    "                 [--curator-consents]\n"
    "       zorgkluis representative list --db PATH --subject ID\n"
    "       zorgkluis representative change --db PATH --representative ID\n"
    "                 [--kind K] [--declines|--no-declines]\n"
    "                 [--absent|--no-absent]\n"
    "                 [--curator-consents|--no-curator-consents]\n"
    "       zorgkluis representative end --db PATH --representative ID\n"
    "       zorgkluis representative direct-address --db PATH --subject ID\n"
    "                 (--reason TEXT | --lift)\n"
    "       zorgkluis capacity add --db PATH --subject ID --able yes|no\n"
    "                 --assessed-on DATE --matter TEXT --assessor USER\n"
    "                 [--scope general|privacy|treatment] [--lapses-on DATE]\n"
    "       zorgkluis capacity lapse --db PATH --assessment ID [--on DATE]\n"
    "       zorgkluis capacity list --db PATH --subject ID\n"
    "\n"
    "FORM is written, verbal, electronic or conduct (CON-1). Consent to\n"
    "health data must be --explicit (CON-2). Who gives, withdraws or\n"
    "objects must be able to act for the subject today (REP-1 to REP-4).\n"
    "notice exempt records that informing a subject whose data came from\n"
    "elsewhere is exempt; G is impossible, disproportionate or\n"
    "required_by_law (INF-2), for data obtained elsewhere only: data\n"
    "collected from the subject is told at collection (INF-1). notice\n"
    "list names the notice versions or, with --subject, what the subject\n"
    "was told and any exemption. notice report lists the subjects whose\n"
    "informing is missing, outdated or exempt, with the exemptions\n"
    "(INF-3). capacity add records what the staff member USER assessed\n"
    "(REP-4); its --scope is the matter the decisions weigh it for\n"
    "(privacy: consents, objections and requests; treatment: none of\n"
    "them; general: any without its own), and from --lapses-on, or once\n"
    "capacity lapse is run, it counts for nothing. representative end\n"
    "ends a representation from now: it no longer acts (REP-1).\n"
    "representative direct-address records that addressing the\n"
    "representative is incompatible with good care, so that letters go\n"
    "to the subject (REP-5); --lift undoes it.\n"
    "The list commands show a subject's registers, with the\n"
    "ids that consents and objections name representatives by (REP-6);\n"
    "each read is logged (LOG-1).\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

/*
 * Prints the part of consent_usage that is about group: its own usage
 * lines (a usage line and the indented lines that continue it), then the
 * notes. Each of the five commands so shows its own usage.
 */
static void
consent_help(const char *group, FILE *f)
{
	const char *s = consent_usage, *nl;
	size_t glen = strlen(group);
	int mine = 0, shown = 0;

	for (; *s != '\0' && *s != '\n'; s = nl + 1) {
		const char *cmd = NULL;

		nl = strchr(s, '\n');
		if (strncmp(s, "usage: zorgkluis ", 17) == 0)
			cmd = s + 17;
		else if (strncmp(s, "       zorgkluis ", 17) == 0)
			cmd = s + 17;
		if (cmd != NULL)
			mine =
			    strncmp(cmd, group, glen) == 0 && cmd[glen] == ' ';
		if (mine) {
			if (cmd != NULL)
				fputs(shown++ ? "       " : "usage: ", f);
			fwrite(cmd != NULL ? s + 7 : s, 1,
			       (size_t)(nl - (cmd != NULL ? s + 7 : s)) + 1, f);
		}
	}
	fputs(s, f);
}

struct consent_args {
	const char *db, *keys, *tenant, *subject, *form, *purpose, *from,
	    *until, *given_by, *also_given_by, *evidence, *consent, *by,
	    *recipient, *version, *published, *summary, *kind, *name, *able,
	    *assessed, *matter, *informed, *how, *source, *ground, *reason,
	    *recipient_name, *assessor, *representative, *scope, *lapses_on,
	    *assessment, *on;
	int declines, absent, curator_consents, lift;
	const char *categories[16];
	int ncategories, explicit_consent;
};

static int
consent_parse(const char *group, int argc, char **argv, struct consent_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"subject", required_argument, NULL, 's'},
	    {"form", required_argument, NULL, 'f'},
	    {"purpose", required_argument, NULL, 'p'},
	    {"category", required_argument, NULL, 'c'},
	    {"valid-from", required_argument, NULL, 'F'},
	    {"valid-until", required_argument, NULL, 'U'},
	    {"explicit", no_argument, NULL, 'x'},
	    {"given-by", required_argument, NULL, 'g'},
	    {"also-given-by", required_argument, NULL, 'j'},
	    {"evidence", required_argument, NULL, 'e'},
	    {"consent", required_argument, NULL, 'C'},
	    {"by", required_argument, NULL, 'b'},
	    {"recipient-kind", required_argument, NULL, 'r'},
	    {"version", required_argument, NULL, 'v'},
	    {"published-on", required_argument, NULL, 'P'},
	    {"summary", required_argument, NULL, 'S'},
	    {"kind", required_argument, NULL, 'K'},
	    {"name", required_argument, NULL, 'N'},
	    {"declines", no_argument, NULL, 'D'},
	    {"absent", no_argument, NULL, 'A'},
	    {"curator-consents", no_argument, NULL, 'Y'},
	    {"able", required_argument, NULL, 'a'},
	    {"assessed-on", required_argument, NULL, 'o'},
	    {"matter", required_argument, NULL, 'm'},
	    {"assessor", required_argument, NULL, 'B'},
	    {"informed-on", required_argument, NULL, 'i'},
	    {"how", required_argument, NULL, 'H'},
	    {"source", required_argument, NULL, 'R'},
	    {"ground", required_argument, NULL, 'G'},
	    {"recipient", required_argument, NULL, 'n'},
	    {"reason", required_argument, NULL, 'W'},
	    {"representative", required_argument, NULL, 1000},
	    {"scope", required_argument, NULL, 1001},
	    {"lapses-on", required_argument, NULL, 1002},
	    {"assessment", required_argument, NULL, 1003},
	    {"on", required_argument, NULL, 1004},
	    {"lift", no_argument, NULL, 1005},
	    {"no-declines", no_argument, NULL, 1006},
	    {"no-absent", no_argument, NULL, 1007},
	    {"no-curator-consents", no_argument, NULL, 1008},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	/* -1: not given, for representative change. */
	a->declines = a->absent = a->curator_consents = -1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'k':
			a->keys = optarg;
			break;
		case 't':
			a->tenant = optarg;
			break;
		case 's':
			a->subject = optarg;
			break;
		case 'f':
			a->form = optarg;
			break;
		case 'p':
			a->purpose = optarg;
			break;
		case 'F':
			a->from = optarg;
			break;
		case 'U':
			a->until = optarg;
			break;
		case 'x':
			a->explicit_consent = 1;
			break;
		case 'g':
			a->given_by = optarg;
			break;
		case 'j':
			a->also_given_by = optarg;
			break;
		case 'e':
			a->evidence = optarg;
			break;
		case 'C':
			a->consent = optarg;
			break;
		case 'b':
			a->by = optarg;
			break;
		case 'r':
			a->recipient = optarg;
			break;
		case 'v':
			a->version = optarg;
			break;
		case 'P':
			a->published = optarg;
			break;
		case 'S':
			a->summary = optarg;
			break;
		case 'K':
			a->kind = optarg;
			break;
		case 'N':
			a->name = optarg;
			break;
		case 'D':
			a->declines = 1;
			break;
		case 'A':
			a->absent = 1;
			break;
		case 'Y':
			a->curator_consents = 1;
			break;
		case 'a':
			a->able = optarg;
			break;
		case 'o':
			a->assessed = optarg;
			break;
		case 'm':
			a->matter = optarg;
			break;
		case 'B':
			a->assessor = optarg;
			break;
		case 'i':
			a->informed = optarg;
			break;
		case 'H':
			a->how = optarg;
			break;
		case 'R':
			a->source = optarg;
			break;
		case 'G':
			a->ground = optarg;
			break;
		case 'n':
			a->recipient_name = optarg;
			break;
		case 'W':
			a->reason = optarg;
			break;
		case 1000:
			a->representative = optarg;
			break;
		case 1001:
			a->scope = optarg;
			break;
		case 1002:
			a->lapses_on = optarg;
			break;
		case 1003:
			a->assessment = optarg;
			break;
		case 1004:
			a->on = optarg;
			break;
		case 1005:
			a->lift = 1;
			break;
		case 1006:
			a->declines = 0;
			break;
		case 1007:
			a->absent = 0;
			break;
		case 1008:
			a->curator_consents = 0;
			break;
		case 'c':
			if (a->ncategories == 16) {
				cli_error("consent: at most 16 categories");
				return CLI_USAGE;
			}
			a->categories[a->ncategories++] = optarg;
			break;
		case 'h':
			consent_help(group, stdout);
			return -1;
		default:
			cli_error("unknown or incomplete option \"%s\"; see "
				  "'zorgkluis %s --help'",
				  argv[optind - 1], group);
			return CLI_USAGE;
		}
	}
	return cli_args_done(NULL, argc, argv, a->db);
}

/* Runs one subcommand with the service open; prints its result. */
static int
consent_run(const char *group, const char *sub, struct consent_args *a)
{
	struct service *svc = NULL;
	struct actor actor;
	char uid[ZK_UUID_LEN] = "", *cause = NULL, what[64];
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	snprintf(what, sizeof what, "%s %s", group, sub);
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, NULL, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (strcmp(what, "consent record") == 0) {
		struct svc_consent_input in;
		json_t *cats = json_array();

		for (int i = 0; i < a->ncategories; i++)
			json_array_append_new(cats,
					      json_string(a->categories[i]));
		memset(&in, 0, sizeof in);
		in.subject_uid = a->subject;
		in.given_by = a->given_by;
		in.also_given_by = a->also_given_by;
		in.form = a->form;
		in.evidence = a->evidence;
		in.explicit_consent = a->explicit_consent != 0;
		in.purpose = a->purpose;
		in.categories = cats;
		in.recipient_kind = a->recipient;
		in.recipient = a->recipient_name;
		in.valid_from = a->from;
		in.valid_until = a->until;
		rc = svc_consent_record(svc, &actor, &in, uid, &cause);
		json_decref(cats);
	} else if (strcmp(what, "consent withdraw") == 0) {
		rc = svc_consent_withdraw(svc, &actor, a->consent, a->by,
					  &cause);
	} else if (strcmp(what, "consent list") == 0) {
		rc = svc_consent_list(svc, &actor, a->subject, &out, &cause);
	} else if (strcmp(what, "representative list") == 0) {
		rc = svc_representative_list(svc, &actor, a->subject, &out,
					     &cause);
	} else if (strcmp(what, "capacity list") == 0) {
		rc = svc_capacity_list(svc, &actor, a->subject, &out, &cause);
	} else if (strcmp(what, "objection list") == 0) {
		rc = svc_objection_list(svc, &actor, a->subject, &out, &cause);
	} else if (strcmp(what, "notice list") == 0) {
		rc = a->subject != NULL
			 ? svc_information_list(svc, &actor, a->subject, &out,
						&cause)
			 : svc_notice_list(svc, &actor, &out, &cause);
	} else if (strcmp(what, "objection add") == 0) {
		rc = svc_objection_register(svc, &actor, a->subject, a->purpose,
					    a->recipient, a->by, uid, &cause);
	} else if (strcmp(what, "representative add") == 0) {
		rc = svc_representative_add(
		    svc, &actor, a->subject, a->kind, a->name, a->declines > 0,
		    a->absent > 0, a->curator_consents > 0, uid, &cause);
	} else if (strcmp(what, "representative change") == 0) {
		struct svc_rep_change ch = {a->kind, a->declines, a->absent,
					    a->curator_consents};

		rc = svc_representative_change(svc, &actor, a->representative,
					       &ch, &cause);
	} else if (strcmp(what, "representative end") == 0) {
		rc = svc_representative_end(svc, &actor, a->representative,
					    &cause);
	} else if (strcmp(what, "representative direct-address") == 0) {
		if ((a->reason == NULL) == (a->lift == 0))
			rc = zk_fail(&cause, ZK_EINVAL,
				     "give --reason or --lift (REP-5)");
		else
			rc = svc_direct_address(svc, &actor, a->subject,
						a->lift ? NULL : a->reason,
						&cause);
	} else if (strcmp(what, "capacity lapse") == 0) {
		rc = svc_capacity_lapse(svc, &actor, a->assessment, a->on,
					&cause);
	} else if (strcmp(what, "capacity add") == 0) {
		if (a->able == NULL || (strcmp(a->able, "yes") != 0 &&
					strcmp(a->able, "no") != 0)) {
			rc = zk_fail(&cause, ZK_EINVAL,
				     "--able must be yes or no (REP-4)");
		} else {
			rc = svc_capacity_add_terms(
			    svc, &actor, a->assessor, a->subject,
			    strcmp(a->able, "yes") == 0, a->assessed, a->matter,
			    a->scope, a->lapses_on, uid, &cause);
		}
	} else if (strcmp(what, "notice inform") == 0) {
		rc = svc_information_record(svc, &actor, a->subject, a->version,
					    a->informed, a->how, a->source, uid,
					    &cause);
	} else if (strcmp(what, "notice exempt") == 0) {
		rc = svc_information_exempt_from(svc, &actor, a->subject,
						 a->ground, a->reason,
						 a->source, uid, &cause);
	} else if (strcmp(what, "notice add") == 0) {
		rc = svc_notice_add(svc, &actor, a->version, a->published,
				    a->summary, &cause);
	} else {
		rc = svc_information_missing(svc, &actor, &out, &cause);
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	return cli_result(rc, cause, what, out, uid);
}

static int
consent_group(const char *group, const char *const *subs, int argc, char **argv)
{
	struct consent_args a;
	int rc, known = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		consent_help(group, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (int i = 0; subs[i] != NULL; i++)
		known |= strcmp(argv[1], subs[i]) == 0;
	if (!known) {
		cli_error("%s: unknown subcommand \"%s\"; see 'zorgkluis %s "
			  "--help'",
			  group, argv[1], group);
		return CLI_USAGE;
	}
	if ((rc = consent_parse(group, argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	return consent_run(group, argv[1], &a);
}

int
cmd_consent(int argc, char **argv)
{
	static const char *const subs[] = {"record", "withdraw", "list", NULL};

	return consent_group("consent", subs, argc, argv);
}

int
cmd_objection(int argc, char **argv)
{
	static const char *const subs[] = {"add", "list", NULL};

	return consent_group("objection", subs, argc, argv);
}

int
cmd_notice(int argc, char **argv)
{
	static const char *const subs[] = {"add",    "inform", "exempt",
					   "report", "list",   NULL};

	return consent_group("notice", subs, argc, argv);
}

int
cmd_representative(int argc, char **argv)
{
	static const char *const subs[] = {"add", "list",	    "change",
					   "end", "direct-address", NULL};

	return consent_group("representative", subs, argc, argv);
}

int
cmd_capacity(int argc, char **argv)
{
	static const char *const subs[] = {"add", "list", "lapse", NULL};

	return consent_group("capacity", subs, argc, argv);
}
