/*
 * cmd_migrate.c: zorgkluis migrate, which copies a whole installation
 * from one database to another: from SQLite to PostgreSQL, or between
 * any two of the engines (issue 12). The work is svc_migrate()'s
 * (src/service/migrate.c); this file reads the options and reports.
 *
 * The key directory belongs to the installation, not to a database: it
 * stays where it is, and the target is used with --keys naming it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "crypto/keys.h"
#include "service/service.h"

static const char migrate_usage[] =
    "usage: zorgkluis migrate --from SRC --to DST [--keys DIR]\n"
    "\n"
    "Copies a whole installation, every organisation with its log, from\n"
    "the database SRC into the empty database DST: typically from a\n"
    "SQLite file to PostgreSQL (--to postgresql://... or a conninfo such\n"
    "as \"host=/run/postgresql dbname=zorgkluis\"), but any pair of\n"
    "engines works. Stop the servers of SRC first.\n"
    "\n"
    "The source's access log must verify before anything is written; DST\n"
    "gets this zorgkluis's schema and must hold no rows; everything is\n"
    "copied in one transaction, ids, keys' check values and sealed\n"
    "content exactly, and committed only when DST's log verifies with the\n"
    "same keys and witness. On any failure DST is left without data.\n"
    "\n"
    "The key directory is not copied: it belongs to the installation.\n"
    "Use DST afterwards with --keys naming the same directory (or\n"
    "ZORGKLUIS_KEYS). The source is then retired: the witness in that\n"
    "directory follows DST's log, so the source stops verifying once\n"
    "DST is used.\n"
    "\n"
    "  --from SRC  the database to copy (read only)\n"
    "  --to DST    the empty database to copy into\n"
    "  --keys DIR  key directory (default: SRC.keys for a SQLite SRC,\n"
    "              else $ZORGKLUIS_KEYS)\n";

int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"keys", required_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct svc_migrate m;
	const char *from = NULL, *to = NULL, *keys = NULL;
	char dir[4096], *cause = NULL;
	int c, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 'k':
			keys = optarg;
			break;
		case 'h':
			fputs(migrate_usage, stdout);
			return CLI_OK;
		default:
			cli_error(
			    "migrate: unknown or incomplete option \"%s\"",
			    argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (from == NULL || to == NULL || optind < argc) {
		cli_error("migrate: give --from SRC and --to DST and nothing "
			  "else; see 'zorgkluis migrate --help'");
		return CLI_USAGE;
	}
	if (strcmp(from, to) == 0) {
		cli_error("migrate: the source and the target are the same "
			  "database");
		return CLI_USAGE;
	}
	/* The directory the source is used with; the target keeps it. */
	rc = keys_dir_choose(keys, from, dir, sizeof dir);
	if (rc == ZK_ENOTFOUND) {
		cli_error("migrate: a PostgreSQL source needs its key "
			  "directory named: give --keys DIR or set "
			  "ZORGKLUIS_KEYS");
		return CLI_USAGE;
	}
	if (rc != 0) {
		cli_error("migrate: key directory path too long");
		return CLI_USAGE;
	}

	if ((rc = svc_migrate(from, to, dir, &m, &cause)) != 0)
		return cli_fail(rc, cause, "migrate");

	printf("migrate: source log verified: %lld entries in %lld tenants, "
	       "%lld signed checkpoints\n",
	       (long long)m.source.entries, (long long)m.source.tenants,
	       (long long)m.source.checkpoints);
	for (int i = 0; i < m.copy.ntables; i++)
		printf("  %-26s %10lld\n", m.copy.tables[i].table,
		       (long long)m.copy.tables[i].rows);
	printf("migrate: target log verified: %lld entries in %lld tenants, "
	       "%lld signed checkpoints\n",
	       (long long)m.target.entries, (long long)m.target.tenants,
	       (long long)m.target.checkpoints);
	printf("migrate: OK: %lld rows in %d tables, %lld organisations, "
	       "%lld log entries; use the target with --keys %s\n",
	       (long long)m.copy.rows, m.copy.ntables,
	       (long long)m.copy.tenants, (long long)m.copy.log_entries, dir);
	return CLI_OK;
}
