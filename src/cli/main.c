/*
 * main.c: the zorgkluis command. It only dispatches to the subcommands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "crypto/keys.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} commands[] = {
    {"init", cmd_init, "create a database for an organisation"},
    {"tenant", cmd_tenant, "add or list the organisations (SCOPE-3)"},
    {"serve", cmd_serve, "serve a database over HTTP"},
    {"user", cmd_user, "add, list or disable staff accounts"},
    {"audit", cmd_audit, "verify the tamper-evident access log"},
    {"policy", cmd_policy, "evaluate a policy decision from facts"},
    {"profile", cmd_profile, "check a regulation profile"},
    {"rules", cmd_rules, "trace the rules to code and tests"},
    {"consent", cmd_consent, "record, withdraw or list consents"},
    {"objection", cmd_objection, "register an objection"},
    {"notice", cmd_notice, "privacy notices and who was not informed"},
    {"representative", cmd_representative,
     "register who may act for a subject"},
    {"capacity", cmd_capacity, "record an assessment of capacity"},
    {"client", cmd_client, "list the clients or show one"},
    {"portal", cmd_portal,
     "invite a client or representative to the portal (INZ-6)"},
    {"team", cmd_team, "add or list teams (ACC-5)"},
    {"location", cmd_location, "add a location of teams"},
    {"relation", cmd_relation, "end a care relation (ACC-2)"},
    {"break-glass", cmd_break_glass,
     "the DPO's review of emergency access (ACC-6, FG-2)"},
    {"request", cmd_request,
     "data subjects' requests, their deadlines and exports (RQ)"},
    {"migrate", cmd_migrate, "copy an installation to another database"},
    {"disclosure", cmd_disclosure,
     "the disclosure register and notices to recipients (DIS, COR-3)"},
    {"register", cmd_register,
     "the art. 30 register of processing activities (FG-1)"},
    {"processor", cmd_processor, "processors and their agreements (PRC-1)"},
    {"complaint", cmd_complaint, "the register of complaints (CMP-1)"},
    {"transfer", cmd_transfer, "transfers outside the EEA (SEC-2)"},
    {"restriction", cmd_restriction,
     "restrict a client's processing, tell them, lift it (RST-1)"},
    {"shield", cmd_shield, "the shields on a client's record (SHD-1)"},
    {"study", cmd_study, "studies and their anonymised exports (RES-1, RES-2)"},
    {"hold", cmd_hold, "legal holds that keep data past retention (RET-3)"},
    {"breach", cmd_breach, "the breach register and its 72-hour clock (BRE)"},
    {"backup", cmd_backup, "back up a database while it is served"},
    {"restore", cmd_restore, "restore a backup as a new database (ERA-5)"},
    {"keys", cmd_keys, "back up or restore the subject key store"},
    {"retention", cmd_retention,
     "destroy what is due and prune the log (RET-4, LOG-6)"},
    {"log", cmd_log, "the DPO's reports over the access log (LOG-7)"},
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: zorgkluis COMMAND [OPTIONS]\n\n"
		   "zorgkluis keeps client records under an organisation's "
		   "privacy regulation.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f, "\nRun 'zorgkluis COMMAND --help' for a command's "
		   "options.\n");
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "help") == 0 && argc > 2) {
		/* "zorgkluis help COMMAND" is "zorgkluis COMMAND --help". */
		char *help[] = {argv[2], (char *)"--help", NULL};

		for (size_t i = 0; i < sizeof commands / sizeof commands[0];
		     i++)
			if (strcmp(argv[2], commands[i].name) == 0)
				return commands[i].fn(2, help);
		cli_error("help: unknown command \"%s\"; see 'zorgkluis "
			  "--help'",
			  argv[2]);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("zorgkluis 0.1.0\n");
		return CLI_OK;
	}
	if (crypto_init() != 0) {
		cli_error("cannot initialise libsodium");
		return CLI_FAIL;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	cli_error("unknown command \"%s\"; see 'zorgkluis --help'", argv[1]);
	return CLI_USAGE;
}
