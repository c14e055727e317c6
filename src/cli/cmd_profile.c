/*
 * cmd_profile.c: zorgkluis profile check, which validates a regulation
 * profile and warns where it falls below the law.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "profile/profile.h"

static const char profile_usage[] =
    "usage: zorgkluis profile check FILE\n"
    "\n"
    "Validates a regulation profile (docs/profiles.md). An error names the\n"
    "file, line and column, and exits 1. A valid profile exits 0, with a\n"
    "warning for each place where it falls below the law:\n"
    "  RET-1  health data kept shorter than 20 years from the last change\n"
    "         (WGBO 7:454(3))\n"
    "  REP-2  a representation other than WGBO 7:465\n"
    "  RQ-2   a request answered later than GDPR art. 12(3) allows\n"
    "  REG-1  in force sooner than four weeks after publication\n";

static void
profile_print_warning(void *arg, const char *rule, const char *msg)
{
	printf("%s: warning (%s): %s\n", (const char *)arg, rule, msg);
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
	if (strcmp(argv[1], "check") != 0 || argc != 3) {
		cli_error("profile: use 'zorgkluis profile check FILE'");
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
