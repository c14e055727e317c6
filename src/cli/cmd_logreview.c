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

int
cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"as", required_argument, NULL, 's'},
	    {"kind", required_argument, NULL, 'K'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 'T'},
	    {"threshold", required_argument, NULL, 'n'},
	    {"window", required_argument, NULL, 'w'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *keys = NULL, *slug = NULL, *as = NULL;
	struct svc_lr_query q = {NULL, 0, 0, 0, 0, -1, -1};
	struct service *svc = NULL;
	struct actor dpo;
	char *cause = NULL, *end, where[64];
	json_t *out = NULL;
	int64_t tenant;
	long n;
	int c, rc;

	if (argc < 2 || strcmp(argv[1], "report") != 0) {
		int help = argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
					 strcmp(argv[1], "-h") == 0);

		fputs(log_usage, help ? stdout : stderr);
		return help ? CLI_OK : CLI_USAGE;
	}
	argc--;
	argv++;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'k':
			keys = optarg;
			break;
		case 't':
			slug = optarg;
			break;
		case 's':
			as = optarg;
			break;
		case 'K':
			q.kind = optarg;
			break;
		case 'f':
		case 'T':
			if (zk_date_parse(optarg, c == 'f' ? &q.from : &q.to) !=
			    0) {
				cli_error("log report: --%s must be a date "
					  "YYYY-MM-DD",
					  c == 'f' ? "from" : "to");
				return CLI_USAGE;
			}
			break;
		case 'n':
		case 'w':
			n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 1 ||
			    n > 10000) {
				cli_error("log report: --%s must be a whole "
					  "number",
					  c == 'n' ? "threshold" : "window");
				return CLI_USAGE;
			}
			*(c == 'n' ? &q.threshold : &q.window) = (int)n;
			break;
		case 'h':
			fputs(log_usage, stdout);
			return CLI_OK;
		default:
			cli_error("log report: unknown or incomplete option "
				  "%s",
				  argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if ((rc = cli_args_done("log report", argc, argv, db)) != 0)
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
