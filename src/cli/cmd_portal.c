/*
 * cmd_portal.c: zorgkluis portal invite: invites a client, or one of the
 * client's current representatives, to the client portal (INZ-6, REP-6)
 * from the command line. The operator acts as "system:cli"; the
 * invitation is what POST /api/v1/clients/{id}/portal-invitations makes,
 * and is logged (LOG-1).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "service/service.h"

static const char portal_usage[] =
    "usage: zorgkluis portal invite --db PATH [--tenant SLUG] --client ID\n"
    "                 --username NAME [--representative ID] [--keys DIR]\n"
    "\n"
    "Invites the client ID to the client portal with a new account NAME of\n"
    "role subject, or, with --representative, the client's current\n"
    "representative ID (from 'zorgkluis representative list' or GET\n"
    "/api/v1/clients/{id}/representatives) with an account of role\n"
    "representative. Prints the account and the one-time invitation token,\n"
    "valid 72 hours: its owner sets a password with POST\n"
    "/api/v1/invitations/accept, then enrols a second factor (SEC-3). An\n"
    "existing representative account NAME gets the link only, without a\n"
    "token. A staff account never gets a portal role (INZ-6).\n";

int
cmd_portal(int argc, char **argv)
{
	const char *db = NULL, *keys = NULL, *slug = NULL;
	struct svc_portal_invite in = {0};
	const struct cli_opt opts[] = {
	    {"db", required_argument, &db},
	    {"keys", required_argument, &keys},
	    {"tenant", required_argument, &slug},
	    {"client", required_argument, &in.client},
	    {"username", required_argument, &in.username},
	    {"representative", required_argument, &in.representative},
	    {NULL, 0, NULL}};
	struct svc_portal_invited res;
	struct service *svc = NULL;
	struct actor actor;
	char *cause = NULL;
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(portal_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "invite") != 0) {
		cli_error("portal: unknown subcommand \"%s\"; see 'zorgkluis "
			  "portal --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	rc = cli_options("portal", "portal invite", portal_usage, argc - 1,
			 argv + 1, opts);
	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	if (in.client == NULL || in.username == NULL) {
		cli_error("portal invite: %s is required",
			  in.client == NULL ? "--client" : "--username");
		return CLI_USAGE;
	}
	in.as = in.representative != NULL ? "representative" : "subject";
	rc = svc_open(db, keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, slug, NULL, &tenant, &cause);
	if (rc == 0) {
		svc_actor_system(&actor, tenant, "cli", "cli");
		rc = svc_portal_invite(svc, &actor, &in, &res, &cause);
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	svc_close(svc);
	if (rc == 0 && res.linked)
		out = json_pack("{s:s, s:s, s:b}", "id", res.uid, "username",
				res.username, "linked", 1);
	else if (rc == 0)
		out = json_pack("{s:s, s:s, s:b, s:{s:s, s:s}}", "id", res.uid,
				"username", res.username, "linked", 0,
				"invitation", "token", res.token, "expires_at",
				res.expires_at);
	sodium_memzero(res.token, sizeof res.token);
	return cli_result(rc, cause, "portal invite", out, NULL);
}
