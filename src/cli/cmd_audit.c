/*
 * cmd_audit.c: zorgkluis audit verify, which checks the hash chain, the
 * signed checkpoints and the witness of every tenant (LOG-3), and
 * zorgkluis audit bind, which gives a database from before key check
 * values its check values and binds its entries (SEC-1, LOG-3).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "service/service.h"

static const char audit_usage[] =
    "usage: zorgkluis audit verify --db PATH [--keys DIR] [--no-witness]\n"
    "       zorgkluis audit bind --db PATH [--keys DIR]\n"
    "\n"
    "Verifies the access log of every tenant in the database: each\n"
    "entry's keyed hash and its link to the entry before it, every signed\n"
    "checkpoint, and the witness file in the key directory. Exits 0 when\n"
    "the log is intact, 1 naming the first bad entry when it is not.\n"
    "\n"
    "  --db PATH   the database\n"
    "  --keys DIR  key directory (default: PATH.keys); audit.key,\n"
    "              signing.pub and the witness audit.head are enough\n"
    "  --no-witness  check a signed log without audit.head (an auditor\n"
    "              given only the two keys); entries cut off together\n"
    "              with their checkpoints then cannot be seen\n"
    "\n"
    "bind, once, for a database made before zorgkluis kept key check\n"
    "values: verifies the log with audit.key, unwraps every client's key\n"
    "with master.key, binds each entry's metadata to it after opening\n"
    "its content, and stores the keys' check values (docs/keys.md).\n"
    "Refused for a database that has, or had, check values.\n";

static int
audit_bind(const char *db, const char *keys)
{
	struct svc_bind_result res;
	struct service *svc = NULL;
	char *cause = NULL;
	int rc;

	rc = svc_open(db, keys, SVC_BIND, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = svc_bind(svc, &res, &cause);
	svc_close(svc);
	if (rc != 0)
		return cli_fail(rc, cause, "audit bind");
	printf("audit bind: OK: %lld tenants, %lld clients' keys checked, "
	       "%lld entries bound\n",
	       res.tenants, res.subjects, res.entries);
	return CLI_OK;
}

static int
audit_restore_line(void *arg, int64_t tenant, int64_t seq, const char *at,
		   int64_t witness_seq, int64_t backup_seq)
{
	(void)arg;
	if (witness_seq > backup_seq)
		printf("audit verify: tenant %lld was restored from a backup "
		       "at entry %lld (%s): entries %lld to %lld of the former "
		       "log are not in this database\n",
		       (long long)tenant, (long long)seq, at ? at : "",
		       (long long)backup_seq + 1, (long long)witness_seq);
	else
		printf("audit verify: tenant %lld was restored from a backup "
		       "at entry %lld (%s); the former log held nothing "
		       "more\n",
		       (long long)tenant, (long long)seq, at ? at : "");
	return 0;
}

int
cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"no-witness", no_argument, NULL, 'W'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct audit_verify_result res;
	struct service *svc = NULL;
	const char *db = NULL, *keys = NULL;
	char *cause = NULL;
	unsigned flags = 0;
	int bind, c, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(audit_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "bind") != 0) {
		cli_error("audit: unknown subcommand \"%s\"; see 'zorgkluis "
			  "audit --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	bind = strcmp(argv[1], "bind") == 0;
	argc--;
	argv++;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'k':
			keys = optarg;
			break;
		case 'W':
			if (bind) {
				cli_error("audit bind: --no-witness is for "
					  "verify only");
				return CLI_USAGE;
			}
			flags |= AUDIT_NO_WITNESS;
			break;
		case 'h':
			fputs(audit_usage, stdout);
			return CLI_OK;
		default:
			cli_error("audit verify: unknown or incomplete option "
				  "\"%s\"",
				  argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (db == NULL || optind < argc) {
		cli_error("audit %s: give --db PATH and nothing else",
			  bind ? "bind" : "verify");
		return CLI_USAGE;
	}
	if (bind)
		return audit_bind(db, keys);
	rc = svc_open(db, keys, SVC_READONLY, KEYS_AUDIT | KEYS_VERIFY, &svc,
		      &cause);
	if (rc == 0)
		rc = audit_verify_flags(svc_store(svc), svc_keys(svc), flags,
					&res, &cause);
	/* LOG-3: a restore is told, with what it left out. */
	if (rc == 0 && res.intact)
		rc = svc_restores(svc, audit_restore_line, NULL);
	svc_close(svc);
	if (rc != 0)
		return cli_fail(rc, cause, "audit verify");
	if (!res.intact) {
		if (res.id != 0)
			printf("audit verify: FAILED: tenant %lld, entry %lld "
			       "(row %lld): %s\n",
			       (long long)res.tenant, (long long)res.seq,
			       (long long)res.id, res.problem);
		else
			printf("audit verify: FAILED: tenant %lld, entry "
			       "%lld: %s\n",
			       (long long)res.tenant, (long long)res.seq,
			       res.problem);
		return CLI_FAIL;
	}
	printf("audit verify: OK: %lld entries in %lld tenants, %lld signed "
	       "checkpoints\n",
	       (long long)res.entries, (long long)res.tenants,
	       (long long)res.checkpoints);
	return CLI_OK;
}
