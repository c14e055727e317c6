/*
 * cmd_backup.c: zorgkluis backup, restore, and keys backup|restore
 * (ERA-5, LOG-3; docs/keys.md). The database and the key store are backed
 * up apart: a database backup holds no subject key, and a key-store
 * backup carries an expiry date, so that an erasure reaches every backup
 * within the three months of ERA-3. The work is in src/service/backup.c
 * and src/crypto/keystore.c; this file reads the options and reports.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "crypto/keys.h"
#include "crypto/keystore.h"
#include "service/service.h"

/*
 * ERA-3, ERA-5: how long a key-store backup may be kept (docs/keys.md).
 * An erasure is carried out within two months of its request; a key it
 * destroys then lives on in a key-store backup at most this long, which
 * ends within the three months of ERA-3.
 */
#define BACKUP_KEYS_DAYS_MAX 30

static const char backup_usage[] =
    "usage: zorgkluis backup --db DB --out FILE [--keys DIR]\n"
    "\n"
    "Takes a consistent backup of the database DB while it is served: one\n"
    "snapshot of every table, written as a new SQLite file FILE (mode\n"
    "0600; an existing file is never overwritten), whatever DB's engine.\n"
    "The backup holds no subject key: the keys are in the key store in\n"
    "the key directory, backed up apart with 'zorgkluis keys backup'\n"
    "(docs/keys.md). An erased client's content in an older backup can\n"
    "so never be read again (ERA-5).\n";

static const char restore_usage[] =
    "usage: zorgkluis restore --from FILE --db DB [--keys DIR]\n"
    "\n"
    "Brings the backup FILE back as the database DB, a new SQLite file or\n"
    "an empty PostgreSQL database, beside the current key directory DIR.\n"
    "A key directory the backup does not belong to, or a DB that already\n"
    "holds a database, is refused. The log of each organisation gets a\n"
    "signed entry \"audit.restore\" naming the entries of the former log\n"
    "it does not hold, so 'zorgkluis audit verify' tells the restore from\n"
    "a cut (LOG-3). Clients erased since the backup stay erased: their\n"
    "keys are gone from the key store (ERA-5).\n";

static const char keys_usage[] =
    "usage: zorgkluis keys backup --keys DIR --out FILE [--days N]\n"
    "       zorgkluis keys restore --from FILE --keys DIR\n"
    "\n"
    "keys backup writes the subject keys of the key store in DIR (still\n"
    "wrapped by master.key) into the new file FILE (0600), which expires\n"
    "after N days (1 to 30, default 30): delete it by then. keys restore\n"
    "brings the keys of FILE back into DIR: an expired file is refused,\n"
    "and a key that was destroyed (an erased client, ERA-5) is never\n"
    "brought back. master.key, audit.key and the signing keys are backed\n"
    "up as files (docs/keys.md).\n";

struct backup_args {
	const char *db, *keys, *out, *from, *days;
};

static int
backup_parse(const char *cmd, const char *usage, int argc, char **argv,
	     struct backup_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"out", required_argument, NULL, 'o'},
	    {"from", required_argument, NULL, 'f'},
	    {"days", required_argument, NULL, 'n'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'k':
			a->keys = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'f':
			a->from = optarg;
			break;
		case 'n':
			a->days = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			cli_error("%s: unknown or incomplete option \"%s\"",
				  cmd, argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("%s: unexpected argument \"%s\"", cmd, argv[optind]);
		return CLI_USAGE;
	}
	return 0;
}

int
cmd_backup(int argc, char **argv)
{
	struct svc_backup_result res;
	struct backup_args a;
	char *cause = NULL;
	int rc;

	if ((rc = backup_parse("backup", backup_usage, argc, argv, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if (a.db == NULL || a.out == NULL || a.from != NULL || a.days) {
		cli_error("backup: give --db DB and --out FILE");
		return CLI_USAGE;
	}
	if ((rc = svc_backup(a.db, a.keys, a.out, &res, &cause)) != 0)
		return cli_fail(rc, cause, "backup");
	printf("backup: %s: %lld rows of %lld organisations, %lld log "
	       "entries\n",
	       a.out, (long long)res.copy.rows, (long long)res.copy.tenants,
	       (long long)res.copy.log_entries);
	return CLI_OK;
}

int
cmd_restore(int argc, char **argv)
{
	struct svc_restore_result res;
	struct backup_args a;
	char *cause = NULL;
	int rc;

	if ((rc = backup_parse("restore", restore_usage, argc, argv, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if (a.db == NULL || a.from == NULL || a.out != NULL || a.days) {
		cli_error("restore: give --from FILE and --db DB");
		return CLI_USAGE;
	}
	if ((rc = svc_restore(a.from, a.db, a.keys, &res, &cause)) != 0)
		return cli_fail(rc, cause, "restore");
	printf("restore: %lld rows of %d organisations; the restore is in "
	       "each log (audit.restore); %d clients erased since the "
	       "backup stay erased\n",
	       (long long)res.copy.rows, res.tenants, res.keys.marked);
	return CLI_OK;
}

/* --days as 1 to BACKUP_KEYS_DAYS_MAX; -1 when it is not. */
static int
backup_days(const char *s)
{
	int n = 0;

	if (s == NULL)
		return BACKUP_KEYS_DAYS_MAX;
	if (*s == '\0' || strlen(s) > 3 || strspn(s, "0123456789") != strlen(s))
		return -1;
	for (; *s != '\0'; s++)
		n = n * 10 + (*s - '0');
	return n >= 1 && n <= BACKUP_KEYS_DAYS_MAX ? n : -1;
}

int
cmd_keys(int argc, char **argv)
{
	struct backup_args a;
	char dir[4096], *cause = NULL, day[ZK_DATE_LEN];
	int32_t today = zk_day_nl(zk_now());
	int rc, n, skipped, days;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(keys_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "backup") != 0 && strcmp(argv[1], "restore") != 0) {
		cli_error("keys: unknown subcommand \"%s\"; see 'zorgkluis "
			  "keys --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	if ((rc = backup_parse(argv[1], keys_usage, argc - 1, argv + 1, &a)) !=
	    0)
		return rc < 0 ? CLI_OK : rc;
	if (a.keys == NULL)
		a.keys = getenv("ZORGKLUIS_KEYS");
	if (a.db != NULL || a.keys == NULL || a.keys[0] == '\0' ||
	    keys_dir_choose(a.keys, "", dir, sizeof dir) != 0) {
		cli_error("keys %s: give --keys DIR", argv[1]);
		return CLI_USAGE;
	}
	if (strcmp(argv[1], "backup") == 0) {
		if (a.out == NULL || a.from != NULL) {
			cli_error("keys backup: give --out FILE");
			return CLI_USAGE;
		}
		if ((days = backup_days(a.days)) < 0) {
			cli_error("keys backup: --days must be 1 to %d "
				  "(ERA-3, docs/keys.md)",
				  BACKUP_KEYS_DAYS_MAX);
			return CLI_USAGE;
		}
		rc = keystore_export(dir, a.out, today + days, &n, &cause);
		if (rc != 0)
			return cli_fail(rc, cause, "keys backup");
		zk_date_fmt(today + days, day);
		printf("keys backup: %d keys in %s; it expires on %s: delete "
		       "it then (ERA-5)\n",
		       n, a.out, day);
		return CLI_OK;
	}
	if (a.from == NULL || a.out != NULL || a.days != NULL) {
		cli_error("keys restore: give --from FILE");
		return CLI_USAGE;
	}
	rc = keystore_import(dir, a.from, today, &n, &skipped, &cause);
	if (rc != 0)
		return cli_fail(rc, cause, "keys restore");
	printf("keys restore: %d keys restored; %d destroyed since (erased "
	       "clients) not brought back\n",
	       n, skipped);
	return CLI_OK;
}
