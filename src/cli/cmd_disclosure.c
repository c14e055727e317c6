/*
 * cmd_disclosure.c: zorgkluis disclosure: the disclosure register (DIS-1
 * to DIS-5, OBJ-1, SEC-2) and the notices to its recipients (COR-3) from
 * the command line. The operator acts as "system:cli"; the door still
 * decides each disclosure by the profile (disclosure_decide) and logs it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "policy/disclosure.h"
#include "service/service.h"

static const char disclosure_usage[] =
    "usage: zorgkluis disclosure recipient-add --db PATH --name NAME\n"
    "                 --kind KIND --country CC --confidentiality BASIS\n"
    "                 [--certified]\n"
    "       zorgkluis disclosure recipients --db PATH\n"
    "       zorgkluis disclosure add --db PATH --subject ID --recipient ID\n"
    "                 (--category C | --entry ID) ... [--purpose P]\n"
    "                 [--consent ID] [--legal-obligation STATUTE]\n"
    "                 [--request ID] [--non-identifiable]\n"
    "       zorgkluis disclosure list --db PATH --subject ID\n"
    "       zorgkluis disclosure notices --db PATH --subject ID\n"
    "       zorgkluis disclosure notice --db PATH --notice ID\n"
    "                 --outcome sent|impossible|disproportionate\n"
    "                 [--channel CH] [--reason TEXT]\n"
    "\n"
    "KIND is specialist, care_provider, insurer, directly_involved,\n"
    "statistics, researcher, public_body or other; CC an ISO 3166-1\n"
    "alpha-2 code (SEC-2: outside the EEA only with an adequacy decision;\n"
    "--certified for a recipient certified where the decision asks it, as\n"
    "in the United States); BASIS the ground of the recipient's duty of\n"
    "confidentiality: profession, office, law or agreement (DIS-4).\n"
    "disclosure add is decided by the profile (DIS-1 to DIS-5, OBJ-1): P\n"
    "is treatment, risk_assessment, contract_execution, research or\n"
    "unspecified; without --consent a consent of the subject that covers\n"
    "it is looked for. It prints the disclosure's id, ground and rule; a\n"
    "refusal names its rule. A notice tells a recipient of a later change\n"
    "(COR-3): sent with its CH (post, email, secure_mail, phone,\n"
    "in_person, portal), or impossible or disproportionate with a reason.\n"
    "Every act and read is logged (LOG-1).\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

#define DISCLOSURE_MAX 64

struct disclosure_args {
	const char *db, *keys, *tenant, *name, *kind, *country, *conf, *subject,
	    *recipient, *purpose, *consent, *law, *request, *notice, *outcome,
	    *channel, *reason;
	int certified, non_identifiable;
	const char *categories[ZK_CAT_COUNT];
	const char *entries[DISCLOSURE_MAX];
	int ncategories, nentries;
};

static int
disclosure_parse(int argc, char **argv, struct disclosure_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"name", required_argument, NULL, 'n'},
	    {"kind", required_argument, NULL, 'K'},
	    {"country", required_argument, NULL, 'C'},
	    {"confidentiality", required_argument, NULL, 'f'},
	    {"certified", no_argument, NULL, 'z'},
	    {"subject", required_argument, NULL, 's'},
	    {"recipient", required_argument, NULL, 'r'},
	    {"category", required_argument, NULL, 'c'},
	    {"entry", required_argument, NULL, 'e'},
	    {"purpose", required_argument, NULL, 'p'},
	    {"consent", required_argument, NULL, 'o'},
	    {"legal-obligation", required_argument, NULL, 'l'},
	    {"request", required_argument, NULL, 'q'},
	    {"non-identifiable", no_argument, NULL, 'i'},
	    {"notice", required_argument, NULL, 'N'},
	    {"outcome", required_argument, NULL, 'O'},
	    {"channel", required_argument, NULL, 'h'},
	    {"reason", required_argument, NULL, 'R'},
	    {"help", no_argument, NULL, 'H'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
		case 'n':
			a->name = optarg;
			break;
		case 'K':
			a->kind = optarg;
			break;
		case 'C':
			a->country = optarg;
			break;
		case 'f':
			a->conf = optarg;
			break;
		case 'z':
			a->certified = 1;
			break;
		case 's':
			a->subject = optarg;
			break;
		case 'r':
			a->recipient = optarg;
			break;
		case 'p':
			a->purpose = optarg;
			break;
		case 'o':
			a->consent = optarg;
			break;
		case 'l':
			a->law = optarg;
			break;
		case 'q':
			a->request = optarg;
			break;
		case 'i':
			a->non_identifiable = 1;
			break;
		case 'N':
			a->notice = optarg;
			break;
		case 'O':
			a->outcome = optarg;
			break;
		case 'h':
			a->channel = optarg;
			break;
		case 'R':
			a->reason = optarg;
			break;
		case 'c':
			if (a->ncategories == ZK_CAT_COUNT) {
				cli_error("disclosure: too many --category");
				return CLI_USAGE;
			}
			a->categories[a->ncategories++] = optarg;
			break;
		case 'e':
			if (a->nentries == DISCLOSURE_MAX) {
				cli_error("disclosure: at most %d --entry",
					  DISCLOSURE_MAX);
				return CLI_USAGE;
			}
			a->entries[a->nentries++] = optarg;
			break;
		case 'H':
			fputs(disclosure_usage, stdout);
			return -1;
		default:
			fputs(disclosure_usage, stderr);
			return CLI_USAGE;
		}
	}
	return cli_args_done("disclosure", argc, argv, a->db);
}

/* Runs subcommand sub with the service open; prints its result. */
static int
disclosure_run(const char *sub, struct disclosure_args *a)
{
	struct service *svc = NULL;
	struct actor actor;
	struct disclosure_answer ans = {0};
	char uid[ZK_UUID_LEN] = "", *cause = NULL, what[64];
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	snprintf(what, sizeof what, "disclosure %s", sub);
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, NULL, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (strcmp(sub, "recipient-add") == 0) {
		struct svc_recipient_input in = {a->name, a->kind, a->country,
						 a->certified != 0, a->conf};

		rc = svc_recipient_add(svc, &actor, &in, uid, &cause);
	} else if (strcmp(sub, "recipients") == 0) {
		rc = svc_recipient_list(svc, &actor, &out, &cause);
	} else if (strcmp(sub, "add") == 0) {
		struct svc_disclosure_input in;

		memset(&in, 0, sizeof in);
		in.subject_uid = a->subject;
		in.recipient_uid = a->recipient;
		in.categories = a->categories;
		in.ncategories = a->ncategories;
		in.entries = a->entries;
		in.nentries = a->nentries;
		in.purpose = a->purpose;
		in.consent = a->consent;
		in.legal_obligation = a->law;
		in.request = a->request;
		in.non_identifiable = a->non_identifiable != 0;
		rc = svc_disclose(svc, &actor, &in, uid, &ans, &cause);
		if (rc == 0)
			out = json_pack("{s:s, s:s, s:s}", "id", uid, "ground",
					ans.ground, "rule", ans.rule);
	} else if (strcmp(sub, "list") == 0) {
		rc = svc_disclosure_list(svc, &actor, a->subject, &out, &cause);
	} else if (strcmp(sub, "notices") == 0) {
		rc = svc_recipient_notice_list(svc, &actor, a->subject, &out,
					       &cause);
	} else {
		rc = svc_notice_record(svc, &actor, a->notice, a->outcome,
				       a->channel, a->reason, &cause);
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	return cli_result(rc, cause, what, out, uid);
}

int
cmd_disclosure(int argc, char **argv)
{
	static const char *const subs[] = {
	    "recipient-add", "recipients", "add", "list", "notices", "notice"};
	struct disclosure_args a;
	int known = 0, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(disclosure_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (size_t i = 0; i < ZK_ARRAY_SIZE(subs); i++)
		known |= strcmp(argv[1], subs[i]) == 0;
	if (!known) {
		cli_error("disclosure: unknown subcommand \"%s\"; see "
			  "'zorgkluis disclosure --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	if ((rc = disclosure_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	return disclosure_run(argv[1], &a);
}
