/*
 * cmd_retention.c: zorgkluis retention run and due, the retention sweep
 * (RET-1 to RET-4, LOG-6). Without --as the operator runs it as
 * "system:cli" for every organisation (or one); on a terminal the run
 * shows a progress bar on stderr, and it always ends with one summary
 * line per organisation on stdout. With --as a DPO runs it, or looks at
 * what is due, for the DPO's own organisation, as over the API.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/retention_sweep.h"
#include "service/service.h"

static const char retention_usage[] =
    "usage: zorgkluis retention run --db PATH [--dry-run] [--on YYYY-MM-DD]\n"
    "                 [--tenant SLUG] [--keys DIR]\n"
    "       zorgkluis retention run --db PATH --as USER (--dry-run | "
    "--confirm)\n"
    "                 [--tenant SLUG] [--keys DIR]\n"
    "       zorgkluis retention due --db PATH --as USER [--on YYYY-MM-DD]\n"
    "                 [--tenant SLUG] [--keys DIR]\n"
    "\n"
    "Destroys what the profile's retention periods say is due (RET-1,\n"
    "RET-2) within the three months of RET-4: a record that is due loses\n"
    "its key, entries that are due go with a new key generation, as in an\n"
    "erasure. A legal hold (RET-3) keeps data, and care data is never\n"
    "destroyed before the WGBO's 20 years from the record's last change.\n"
    "Each destruction leaves a record without content (what, how many,\n"
    "when, which rule) and is logged. Log entries older than five years\n"
    "(LOG-6) are pruned from the front of the log; a signed record marks\n"
    "its new start, so `zorgkluis audit verify` still passes.\n"
    "\n"
    "  --dry-run     change nothing; say what would go\n"
    "  --on DAY      count from DAY instead of today (tests, planning)\n"
    "  --tenant SLUG only this organisation (default: every one)\n"
    "  --as USER     run as this DPO, for the DPO's own organisation and\n"
    "                today only; prints the summary as JSON\n"
    "  --confirm     with --as: really destroy (without it only --dry-run)\n"
    "\n"
    "Prints per organisation: records, entries, held, floor (kept by the\n"
    "WGBO floor), log_pruned and log_before. `due` prints what a run on\n"
    "DAY would do, as JSON (the DPO only). Exits 0 when done, 1 on an\n"
    "error (what was destroyed before it stays destroyed and recorded),\n"
    "2 on bad usage.\n";

struct retention_cli {
	int tty;
	int dry_run;
};

static void
retention_progress(void *arg, const char *slug, int64_t done, int64_t total)
{
	struct retention_cli *c = arg;
	int width = 30, fill;

	if (!c->tty || total <= 0)
		return;
	fill = (int)(done * width / total);
	fprintf(stderr, "\rretention %-20.20s [%.*s%*s] %lld/%lld", slug, fill,
		"##############################", width - fill, "",
		(long long)done, (long long)total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static void
retention_summary(void *arg, const struct svc_retention_summary *s)
{
	struct retention_cli *c = arg;

	printf("retention %s: %s: candidates=%lld records=%lld entries=%lld "
	       "held=%lld floor=%lld log_pruned=%lld log_before=%s\n",
	       c->dry_run ? "due (dry run)" : "run", s->slug,
	       (long long)s->candidates, (long long)s->subjects,
	       (long long)s->entries, (long long)s->held, (long long)s->floor,
	       (long long)s->log_pruned, s->log_before);
	fflush(stdout);
}

int
cmd_retention(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"on", required_argument, NULL, 'o'},
	    {"dry-run", no_argument, NULL, 'n'},
	    {"as", required_argument, NULL, 'a'},
	    {"confirm", no_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *keys = NULL, *slug = NULL, *on = NULL;
	const char *as = NULL, *sub;
	struct svc_retention_opts o;
	struct retention_cli c;
	struct service *svc = NULL;
	struct actor actor;
	char *cause = NULL, what[32], where[64];
	json_t *out = NULL;
	int64_t tenant = 0;
	int ch, rc, confirm = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(retention_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "run") != 0 && strcmp(sub, "due") != 0) {
		cli_error("retention: unknown subcommand \"%s\"; see "
			  "'zorgkluis retention --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	memset(&o, 0, sizeof o);
	memset(&c, 0, sizeof c);
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			db = optarg;
			break;
		case 'k':
			keys = optarg;
			break;
		case 't':
			slug = optarg;
			break;
		case 'o':
			on = optarg;
			break;
		case 'n':
			o.dry_run = 1;
			break;
		case 'a':
			as = optarg;
			break;
		case 'c':
			confirm = 1;
			break;
		case 'h':
			fputs(retention_usage, stdout);
			return CLI_OK;
		default:
			cli_error("retention %s: unknown or incomplete option "
				  "\"%s\"; see 'zorgkluis retention --help'",
				  sub, argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	snprintf(what, sizeof what, "retention %s", sub);
	if ((rc = cli_args_done(what, argc, argv, db)) != 0)
		return rc;
	if (on != NULL && zk_date_parse(on, &o.on) != 0) {
		cli_error("%s: --on \"%s\" is not a date (YYYY-MM-DD)", what,
			  on);
		return CLI_USAGE;
	}
	if (as == NULL && (strcmp(sub, "due") == 0 || confirm)) {
		cli_error("%s: --as USER is required", what);
		return CLI_USAGE;
	}
	if (as != NULL && strcmp(sub, "run") == 0 && !o.dry_run && !confirm) {
		/* A DPO's run destroys: never without saying so. */
		cli_error("%s: --as needs --dry-run or --confirm", what);
		return CLI_USAGE;
	}
	rc = svc_open(db, keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0 && (slug != NULL || as != NULL))
		rc = cli_tenant(svc, slug, as, &tenant, &cause);
	if (rc != 0)
		goto out;
	if (on == NULL)
		o.on = svc_today(svc);
	if (as != NULL) {
		svc_local_access_point(where, sizeof where);
		rc = svc_actor_user(svc, tenant, as, where, &actor, &cause);
		if (rc == 0 && strcmp(sub, "due") == 0)
			rc = svc_retention_due(svc, &actor, o.on, &out, &cause);
		else if (rc == 0)
			rc = svc_retention_dpo_run(svc, &actor, o.on, o.dry_run,
						   confirm, &out, &cause);
		if (rc == 0)
			rc = svc_checkpoint(svc, &cause);
		svc_close(svc);
		if (rc == ZK_EINVAL && cause != NULL) {
			cli_error("%s: %s", what, cause);
			free(cause);
			json_decref(out);
			return CLI_USAGE;
		}
		return cli_result(rc, cause, what, out, NULL);
	}
	o.tenant = tenant;
	c.tty = isatty(STDERR_FILENO);
	c.dry_run = o.dry_run;
	o.progress = retention_progress;
	o.summary = retention_summary;
	o.arg = &c;
	svc_actor_system(&actor, tenant, "cli", "cli");
	rc = svc_retention_run(svc, &actor, &o, &cause);
	/* The log is signed whatever happened: what was done stays logged. */
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	else
		svc_checkpoint(svc, NULL);
out:
	svc_close(svc);
	if (rc != 0)
		return cli_fail(rc, cause, what);
	free(cause);
	return CLI_OK;
}
