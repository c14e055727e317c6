/*
 * cmd_hold.c: zorgkluis hold add|list|lift, legal holds (RET-3) from the
 * command line. The operator acts as "system:cli"; every act and read is
 * logged (LOG-1), the reason sealed with the subject's key.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/holds.h"
#include "service/service.h"

static const char hold_usage[] =
    "usage: zorgkluis hold add --db PATH --subject ID --reason TEXT\n"
    "                 [--category C]\n"
    "       zorgkluis hold list --db PATH --subject ID\n"
    "       zorgkluis hold lift --db PATH --hold ID\n"
    "\n"
    "A legal hold keeps a subject's data (or one category of it) past its\n"
    "retention period until it is lifted (RET-3, M§12.2, W§15.3): the\n"
    "subject asked, good care requires it, or another has a significant\n"
    "interest (a risk file). Over the API the responsible professional and\n"
    "the DPO set holds and the DPO lifts them.\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

int
cmd_hold(int argc, char **argv)
{
	const char *db = NULL, *keys = NULL, *tslug = NULL, *subject = NULL,
		   *reason = NULL, *category = NULL, *hold = NULL, *sub;
	const struct cli_opt opts[] = {
	    {"db", required_argument, &db},
	    {"keys", required_argument, &keys},
	    {"tenant", required_argument, &tslug},
	    {"subject", required_argument, &subject},
	    {"reason", required_argument, &reason},
	    {"category", required_argument, &category},
	    {"hold", required_argument, &hold},
	    {NULL, 0, NULL}};
	struct service *svc = NULL;
	struct actor actor;
	char uid[ZK_UUID_LEN] = "", *cause = NULL, what[32];
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(hold_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 &&
	    strcmp(sub, "lift") != 0) {
		cli_error("hold: unknown subcommand \"%s\"; see 'zorgkluis "
			  "hold --help'",
			  sub);
		return CLI_USAGE;
	}
	snprintf(what, sizeof what, "hold %s", sub);
	rc = cli_options("hold", what, hold_usage, argc - 1, argv + 1, opts);
	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	if (strcmp(sub, "lift") == 0 ? hold == NULL : subject == NULL) {
		cli_error("%s: %s is required", what,
			  strcmp(sub, "lift") == 0 ? "--hold" : "--subject");
		return CLI_USAGE;
	}
	if (strcmp(sub, "add") == 0 && reason == NULL) {
		cli_error("%s: --reason is required", what);
		return CLI_USAGE;
	}
	rc = svc_open(db, keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, tslug, NULL, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (strcmp(sub, "add") == 0)
		rc = svc_hold_add(svc, &actor, subject, category, reason, uid,
				  &cause);
	else if (strcmp(sub, "list") == 0)
		rc = svc_hold_list(svc, &actor, subject, &out, &cause);
	else
		rc = svc_hold_lift(svc, &actor, hold, &cause);
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	return cli_result(rc, cause, what, out, uid);
}
