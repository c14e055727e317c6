/*
 * cmd_migrate.c: zorgkluis migrate, which copies a whole installation
 * from one database to another: from SQLite to PostgreSQL, or between
 * any two of the engines (issue 12).
 *
 * The order is what makes it safe. The source's log must verify before
 * anything is written (LOG-3); the target gets the schema from its own
 * migrations and must then be empty; every row is copied in one write
 * transaction on the target (store_copy()); the target's log is verified
 * with the same keys and witness inside that transaction, which commits
 * only when it is intact. Any failure rolls it back: the target then
 * holds at most an empty schema, which a second run accepts.
 *
 * The key directory belongs to the installation, not to a database: it
 * stays where it is, and the target is used with --keys naming it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"
#include "crypto/keys.h"
#include "service/service.h"
#include "store/store.h"

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

/* Prints the first problem of a log that does not verify. */
static int
migrate_not_intact(const char *side, const struct audit_verify_result *res)
{
	cli_error("migrate: the %s's access log does not verify (tenant %lld, "
		  "entry %lld: %s); %s",
		  side, (long long)res->tenant, (long long)res->seq,
		  res->problem,
		  strcmp(side, "source") == 0 ? "nothing was copied"
					      : "the copy was rolled back");
	return CLI_FAIL;
}

/*
 * Copies svc's store into the database to and verifies the copy with
 * svc's keys before committing it.
 */
static int
migrate_copy(struct service *src, const char *to, struct store_copy_result *res,
	     struct audit_verify_result *vres)
{
	struct store *dst = NULL;
	char *cause = NULL;
	int rc;

	/*
	 * A database without a schema gets it here. One that has one is
	 * taken only when it holds no rows (store_copy() checks that under
	 * the writer lock): an earlier run that failed leaves its schema.
	 */
	rc = store_open(to, STORE_CREATE, &dst, &cause);
	if (rc == ZK_EEXIST) {
		free(cause);
		cause = NULL;
		rc = store_open(to, 0, &dst, &cause);
	}
	if (rc != 0)
		return cli_fail(rc, cause, "migrate: cannot open the target");
	if ((rc = store_batch_begin(dst)) != 0) {
		store_close(dst);
		return cli_fail(rc, NULL, "migrate: cannot lock the target");
	}
	rc = store_copy(svc_store(src), dst, res, &cause);
	/* LOG-3: the copy's chain, with the keys and witness it had. */
	if (rc == 0)
		rc = audit_verify(dst, svc_keys(src), vres, &cause);
	if (rc != 0 || !vres->intact) {
		store_batch_rollback(dst);
		store_close(dst);
		if (rc != 0)
			return cli_fail(rc, cause,
					"migrate: nothing was copied");
		return migrate_not_intact("target", vres);
	}
	if ((rc = store_batch_commit(dst)) != 0) {
		store_close(dst);
		return cli_fail(rc, NULL, "migrate: cannot commit the copy");
	}
	store_close(dst);
	return CLI_OK;
}

int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"keys", required_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct audit_verify_result vsrc, vdst;
	struct store_copy_result res;
	struct service *src = NULL;
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

	rc = svc_open(from, dir, SVC_READONLY, KEYS_AUDIT | KEYS_VERIFY, &src,
		      &cause);
	if (rc != 0)
		return cli_fail(rc, cause, "migrate: cannot open the source");
	/* LOG-3: a log that does not verify is not carried elsewhere. */
	rc = audit_verify(svc_store(src), svc_keys(src), &vsrc, &cause);
	if (rc != 0) {
		svc_close(src);
		return cli_fail(rc, cause, "migrate: cannot verify the source");
	}
	if (!vsrc.intact) {
		svc_close(src);
		return migrate_not_intact("source", &vsrc);
	}
	if ((rc = store_copy_ready(svc_store(src), &cause)) != 0) {
		svc_close(src);
		return cli_fail(rc, cause, "migrate: nothing was copied");
	}
	rc = migrate_copy(src, to, &res, &vdst);
	svc_close(src);
	if (rc != CLI_OK)
		return rc;

	printf("migrate: source log verified: %lld entries in %lld tenants, "
	       "%lld signed checkpoints\n",
	       (long long)vsrc.entries, (long long)vsrc.tenants,
	       (long long)vsrc.checkpoints);
	for (int i = 0; i < res.ntables; i++)
		printf("  %-26s %10lld\n", res.tables[i].table,
		       (long long)res.tables[i].rows);
	printf("migrate: target log verified: %lld entries in %lld tenants, "
	       "%lld signed checkpoints\n",
	       (long long)vdst.entries, (long long)vdst.tenants,
	       (long long)vdst.checkpoints);
	printf("migrate: OK: %lld rows in %d tables, %lld organisations, "
	       "%lld log entries; use the target with --keys %s\n",
	       (long long)res.rows, res.ntables, (long long)res.tenants,
	       (long long)res.log_entries, dir);
	return CLI_OK;
}
