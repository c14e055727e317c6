/*
 * cmd_profile.c: zorgkluis profile check, which validates a regulation
 * profile and warns where it falls below the law.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "profile/profile.h"
#include "service/service.h"

static const char profile_usage[] =
    "usage: zorgkluis profile check FILE\n"
    "       zorgkluis profile install --db PATH [--tenant SLUG] [--keys DIR]\n"
    "                 FILE\n"
    "\n"
    "Validates a regulation profile (docs/profiles.md). An error names the\n"
    "file, line and column, and exits 1. A valid profile exits 0, with a\n"
    "warning for each place where it falls below the law:\n"
    "  RET-1  health data kept shorter than 20 years from the last change\n"
    "         (WGBO 7:454(3))\n"
    "  REP-2  a representation other than WGBO 7:465\n"
    "  RQ-2   a request answered later than GDPR art. 12(3) allows\n"
    "  REG-1  in force sooner than four weeks after publication (W§19.2)\n"
    "\n"
    "install adds a new version of the organisation's profile to the\n"
    "database. It takes effect on its effective date, which must be at\n"
    "least four weeks after its publication (REG-1); until then the\n"
    "version before it stays in force.\n";

static void
profile_print_warning(void *arg, const char *rule, const char *msg)
{
	printf("%s: warning (%s): %s\n", (const char *)arg, rule, msg);
}

static int
profile_install(int argc, char **argv)
{
	const char *db = NULL, *tenant = NULL, *keys = NULL, *file = NULL;
	struct service *svc = NULL;
	struct profile *p = NULL;
	char *cause = NULL, eff[ZK_DATE_LEN];
	int64_t t;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--tenant") == 0 && i + 1 < argc)
			tenant = argv[++i];
		else if (strcmp(argv[i], "--keys") == 0 && i + 1 < argc)
			keys = argv[++i];
		else if (argv[i][0] != '-' && file == NULL)
			file = argv[i];
		else {
			cli_error("profile install: unexpected argument "
				  "\"%s\"",
				  argv[i]);
			return CLI_USAGE;
		}
	}
	if (db == NULL || file == NULL) {
		cli_error("profile install: give --db PATH and a profile FILE");
		return CLI_USAGE;
	}
	if ((rc = profile_load_file(file, &p, &cause)) != 0)
		return cli_fail(rc, cause, "profile install");
	rc = svc_open(db, keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, tenant, NULL, &t, &cause);
	if (rc == 0)
		rc = svc_profile_install(svc, t, p, &cause);
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	svc_close(svc);
	if (rc != 0) {
		profile_free(p);
		return cli_fail(rc, cause, "profile install");
	}
	zk_date_fmt(p->effective_on, eff);
	printf("installed %s version %s, in force from %s\n", p->id, p->version,
	       eff);
	profile_free(p);
	return CLI_OK;
}

int
cmd_profile(int argc, char **argv)
{
	struct profile *p = NULL;
	char *cause = NULL, eff[ZK_DATE_LEN];
	int rc, n;

	if (argc < 2 || cli_wants_help(argc, argv)) {
		fputs(profile_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "install") == 0)
		return profile_install(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") != 0 || argc != 3) {
		cli_error("profile: use 'zorgkluis profile check FILE' or "
			  "'zorgkluis profile install --db PATH FILE'");
		return CLI_USAGE;
	}
	if ((rc = profile_load_file(argv[2], &p, &cause)) != 0)
		return cli_fail(rc, cause, "profile check");
	n = profile_warnings(p, profile_print_warning, argv[2]);
	zk_date_fmt(p->effective_on, eff);
	printf("%s: valid profile %s, version %s, in force from %s; %d "
	       "warning%s\n",
	       argv[2], p->id, p->version, eff, n, n == 1 ? "" : "s");
	profile_free(p);
	return CLI_OK;
}
