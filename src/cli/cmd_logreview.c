/*
 * cmd_logreview.c: zorgkluis log report, the DPO's reports over the log
 * (LOG-7, FG-2). Reading the log is the DPO's (LOG-6), so the command is
 * done in the name of the DPO's account (--as), which the door checks and
 * logs like a request over the API. The second factor of LOG-6 is the
 * login to this machine, where the key directory is: see
 * docs/decisions.md ("The log review").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/logreview.h"

static const char log_usage[] =
    "usage: zorgkluis log report --db PATH --as DPO --kind KIND\n"
    "                 [--from DATE] [--to DATE] [--threshold N]\n"
    "                 [--window MINUTES] [--tenant SLUG] [--keys DIR]\n"
    "\n"
    "The DPO's reports over the access log (LOG-7, FG-2), for the Dutch\n"
    "calendar days --from to --to (both included; default the last 30\n"
    "days), as JSON. KIND is one of:\n"
    "  no_relation    attempts refused for want of a care relation (ACC-2)\n"
    "  bulk           more than N (20) distinct clients read by one user\n"
    "                 within MINUTES (60)\n"
    "  colleague      reads of the record of a staff member who is a client\n"
    "  public_figure  reads of a client flagged as a public figure\n"
    "  denials        more than N (5) refusals of one user within MINUTES\n"
    "                 (10)\n"
    "  night          acts on clients' data from 23:00 to 06:00\n"
    "                 Europe/Amsterdam\n"
    "--as names the DPO's account, in whose name the log is read and the\n"
    "read is logged (LOG-6).\n";

/* --from and --to into *day; CLI_USAGE when v is no date. */
static int
log_date(const char *name, const char *v, int32_t *day)
{
	if (v == NULL || zk_date_parse(v, day) == 0)
		return 0;
	cli_error("log report: --%s must be a date YYYY-MM-DD", name);
	return CLI_USAGE;
}

/* --threshold and --window into *n: a whole number from 1 to 10000. */
static int
log_number(const char *name, const char *v, int *n)
{
	char *end;
	long l;

	if (v == NULL)
		return 0;
	l = strtol(v, &end, 10);
	if (*v == '\0' || *end != '\0' || l < 1 || l > 10000) {
		cli_error("log report: --%s must be a whole number", name);
		return CLI_USAGE;
	}
	*n = (int)l;
	return 0;
}

int
cmd_log(int argc, char **argv)
{
	const char *db = NULL, *keys = NULL, *slug = NULL, *as = NULL;
	const char *from = NULL, *to = NULL, *threshold = NULL, *window = NULL;
	struct svc_lr_query q = {NULL, 0, 0, 0, 0, -1, -1};
	const struct cli_opt opts[] = {
	    {"db", required_argument, &db},
	    {"keys", required_argument, &keys},
	    {"tenant", required_argument, &slug},
	    {"as", required_argument, &as},
	    {"kind", required_argument, &q.kind},
	    {"from", required_argument, &from},
	    {"to", required_argument, &to},
	    {"threshold", required_argument, &threshold},
	    {"window", required_argument, &window},
	    {NULL, 0, NULL}};
	struct service *svc = NULL;
	struct actor dpo;
	char *cause = NULL, where[64];
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	if (argc < 2 || strcmp(argv[1], "report") != 0) {
		int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
					 strcmp(argv[1], "-h") == 0);

		fputs(log_usage, help ? stdout : stderr);
		return help ? CLI_OK : CLI_USAGE;
	}
	rc = cli_options("log", "log report", log_usage, argc - 1, argv + 1,
			 opts);
	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = log_date("from", from, &q.from)) != 0 ||
	    (rc = log_date("to", to, &q.to)) != 0 ||
	    (rc = log_number("threshold", threshold, &q.threshold)) != 0 ||
	    (rc = log_number("window", window, &q.window)) != 0)
		return rc;
	if (as == NULL || q.kind == NULL) {
		cli_error("log report: --as and --kind are needed");
		return CLI_USAGE;
	}
	rc = svc_open(db, keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, slug, as, &tenant, &cause);
	if (rc == 0) {
		svc_local_access_point(where, sizeof where);
		rc = svc_actor_user(svc, tenant, as, where, &dpo, &cause);
	}
	if (rc == 0)
		rc = svc_log_report(svc, &dpo, &q, &out, &cause);
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	svc_close(svc);
	return cli_result(rc, cause, "log report", out, NULL);
}
