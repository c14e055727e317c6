/*
 * cmd_restriction.c: zorgkluis restriction and zorgkluis shield: a
 * client's restriction of processing (RST-1, GDPR art. 18) and the
 * shields on their record (SHD-1) from the command line. The operator
 * acts as "system:cli", which may restrict, tell the client and lift, but
 * is nobody's responsible professional: shields are set by carrying out a
 * request (`request carry-out`) and lifted by the professional over the
 * API. Every act and read is logged (LOG-1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/service.h"

static const char restriction_usage[] =
    "usage: zorgkluis restriction add --db PATH --subject ID --ground G\n"
    "                 [--request ID]\n"
    "       zorgkluis restriction notice --db PATH --restriction ID\n"
    "                 --channel paper|email|portal|in_person\n"
    "       zorgkluis restriction lift --db PATH --restriction ID\n"
    "       zorgkluis restriction show --db PATH --restriction ID\n"
    "\n"
    "While a client's data is restricted it is only stored (RST-1): any\n"
    "other act needs an exception (consent, legal_claim,\n"
    "protection_of_another, public_interest), given with the act and\n"
    "logged. G is accuracy_contested, unlawful, legal_claim or\n"
    "objection_pending (GDPR art. 18(1)). The client is told before the\n"
    "restriction is lifted (GDPR art. 18(3)): lift is refused until notice\n"
    "records how they were told.\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

static const char shield_usage[] =
    "usage: zorgkluis shield list --db PATH --subject ID\n"
    "\n"
    "Lists the shields on a client's record (SHD-1): shielded entries and\n"
    "categories stay stored but are hidden from everyone except the\n"
    "professional with final responsibility, who alone lifts a shield.\n"
    "A shield is set by carrying out a granted shielding request.\n"
    "Takes --tenant SLUG (needed when there are several) and --keys DIR.\n";

struct restriction_args {
	const char *db, *keys, *tenant, *subject, *ground, *request,
	    *restriction, *channel;
};

static int
restriction_parse(const char *cmd, const char *usage, int argc, char **argv,
		  struct restriction_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"subject", required_argument, NULL, 's'},
	    {"ground", required_argument, NULL, 'g'},
	    {"request", required_argument, NULL, 'q'},
	    {"restriction", required_argument, NULL, 'r'},
	    {"channel", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	optind = 1;
	opterr = 0;
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
		case 's':
			a->subject = optarg;
			break;
		case 'g':
			a->ground = optarg;
			break;
		case 'q':
			a->request = optarg;
			break;
		case 'r':
			a->restriction = optarg;
			break;
		case 'c':
			a->channel = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			cli_error(
			    "%s: unknown or incomplete option \"%s\"; see "
			    "'zorgkluis %s --help'",
			    cmd, argv[optind - 1], cmd);
			return CLI_USAGE;
		}
	}
	return cli_args_done(cmd, argc, argv, a->db);
}

/* The option subcommand sub of cmd needs and misses, or NULL. */
static const char *
restriction_missing(const char *sub, const struct restriction_args *a)
{
	if (strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0)
		return a->subject == NULL ? "--subject"
		       : strcmp(sub, "add") == 0 && a->ground == NULL
			   ? "--ground"
			   : NULL;
	if (a->restriction == NULL)
		return "--restriction";
	if (strcmp(sub, "notice") == 0 && a->channel == NULL)
		return "--channel";
	return NULL;
}

static int
restriction_run(const char *cmd, const char *sub, struct restriction_args *a)
{
	struct service *svc = NULL;
	struct actor actor;
	char uid[ZK_UUID_LEN] = "", *cause = NULL, what[64];
	const char *miss;
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	snprintf(what, sizeof what, "%s %s", cmd, sub);
	if ((miss = restriction_missing(sub, a)) != NULL) {
		cli_error("%s: %s is required", what, miss);
		return CLI_USAGE;
	}
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, NULL, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (strcmp(cmd, "shield") == 0)
		rc = svc_shield_list(svc, &actor, a->subject, &out, &cause);
	else if (strcmp(sub, "add") == 0)
		rc = svc_restriction_add(svc, &actor, a->subject, a->ground,
					 a->request, uid, &cause);
	else if (strcmp(sub, "notice") == 0)
		rc = svc_restriction_notice(svc, &actor, a->restriction,
					    a->channel, &cause);
	else if (strcmp(sub, "lift") == 0)
		rc = svc_restriction_lift(svc, &actor, a->restriction, &cause);
	else
		rc = svc_restriction_get(svc, &actor, a->restriction, &out,
					 &cause);
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	return cli_result(rc, cause, what, out, uid);
}

static int
restriction_main(const char *cmd, const char *usage, const char *const *subs,
		 int argc, char **argv)
{
	struct restriction_args a;
	int known = 0, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (; *subs != NULL; subs++)
		known |= strcmp(argv[1], *subs) == 0;
	if (!known) {
		cli_error("%s: unknown subcommand \"%s\"; see 'zorgkluis %s "
			  "--help'",
			  cmd, argv[1], cmd);
		return CLI_USAGE;
	}
	if ((rc = restriction_parse(cmd, usage, argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	return restriction_run(cmd, argv[1], &a);
}

int
cmd_restriction(int argc, char **argv)
{
	static const char *const subs[] = {"add", "notice", "lift", "show",
					   NULL};

	return restriction_main("restriction", restriction_usage, subs, argc,
				argv);
}

int
cmd_shield(int argc, char **argv)
{
	static const char *const subs[] = {"list", NULL};

	return restriction_main("shield", shield_usage, subs, argc, argv);
}
