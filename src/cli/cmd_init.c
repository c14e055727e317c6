/*
 * cmd_init.c: zorgkluis init, which creates the database, its key
 * directory and the first tenant, optionally with demo data.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "crypto/keys.h"
#include "profile/profile.h"
#include "service/service.h"

static const char init_usage[] =
    "usage: zorgkluis init --db PATH --profile FILE [--demo]\n"
    "                      [--tenant SLUG] [--name NAME] [--keys DIR]\n"
    "\n"
    "Creates a new database at PATH for one organisation (a tenant)\n"
    "running the regulation profile FILE, and a key directory beside it\n"
    "(PATH.keys, or DIR, or $ZORGKLUIS_KEYS) with the master key, the\n"
    "audit key and the signing key. Keep the key directory safe and\n"
    "separate from backups of the database.\n"
    "\n"
    "  --db PATH       the database file to create (must not exist)\n"
    "  --profile FILE  the regulation profile, e.g. "
    "profiles/micare-werkt.json\n"
    "  --demo          fill the database with demo staff and clients\n"
    "  --tenant SLUG   short name of the organisation (default: the "
    "profile id)\n"
    "  --name NAME     display name (default: the profile's name)\n"
    "  --keys DIR      key directory (default: PATH.keys)\n";

/* Removes what a failed init created, so nothing half-made remains. */
static void
init_cleanup(const char *db, const char *keys)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char path[4400];
	DIR *d;

	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
		unlink(path);
	}
	if ((d = opendir(keys)) != NULL) {
		struct dirent *e;

		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			if ((size_t)snprintf(path, sizeof path, "%s/%s", keys,
					     e->d_name) >= sizeof path)
				continue;
			unlink(path);
		}
		closedir(d);
		rmdir(keys);
	}
}

static const char init_logins_header[] =
    "  USER           ROLE           PASSWORD           TOTP SECRET\n";

static int
init_write_logins(const char *keys, const struct svc_demo_login *l, int n,
		  char **cause)
{
	char path[4200], line[256];
	struct zk_buf b;
	int rc = 0;

	zk_buf_init(&b, 0);
	snprintf(path, sizeof path, "%s/demo-logins.txt", keys);
	rc = zk_buf_append(&b, init_logins_header,
			   sizeof init_logins_header - 1);
	for (int i = 0; rc == 0 && i < n; i++) {
		int w = snprintf(line, sizeof line, "  %-14s %-14s %-18s %s\n",
				 l[i].username, l[i].role, l[i].password,
				 l[i].totp_secret[0] ? l[i].totp_secret : "-");
		rc = zk_buf_append(&b, line, (size_t)w);
	}
	if (rc == 0)
		rc = zk_file_write_atomic(path, b.data, b.len, 0600, cause);
	zk_buf_release(&b);
	return rc;
}

int
cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"profile", required_argument, NULL, 'p'},
	    {"demo", no_argument, NULL, 'D'},
	    {"tenant", required_argument, NULL, 't'},
	    {"name", required_argument, NULL, 'n'},
	    {"keys", required_argument, NULL, 'k'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	const char *db = NULL, *pfile = NULL, *slug = NULL, *name = NULL,
		   *keys = NULL;
	struct svc_demo_login logins[ZK_PROFILE_MAX_ROLES];
	struct profile *p = NULL;
	struct service *svc = NULL;
	char dir[4096], *cause = NULL;
	struct stat st;
	int64_t tenant;
	int c, demo = 0, nlogins = 0, rc;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			db = optarg;
			break;
		case 'p':
			pfile = optarg;
			break;
		case 'D':
			demo = 1;
			break;
		case 't':
			slug = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'k':
			keys = optarg;
			break;
		case 'h':
			fputs(init_usage, stdout);
			return CLI_OK;
		default:
			cli_error("init: unknown or incomplete option \"%s\"; "
				  "see 'zorgkluis init --help'",
				  argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("init: unexpected argument \"%s\"", argv[optind]);
		return CLI_USAGE;
	}
	if (db == NULL || pfile == NULL) {
		cli_error("init: --db and --profile are required; see "
			  "'zorgkluis init --help'");
		return CLI_USAGE;
	}
	if ((rc = profile_load_file(pfile, &p, &cause)) != 0)
		return cli_fail(rc, cause, "init: bad profile");
	if (stat(db, &st) == 0) {
		profile_free(p);
		cli_error("init: %s already exists; choose another path or "
			  "remove it first",
			  db);
		return CLI_FAIL;
	}
	keys_dir_choose(keys, db, dir, sizeof dir);
	if (stat(dir, &st) == 0) {
		profile_free(p);
		cli_error("init: key directory %s already exists; a new "
			  "database gets new keys",
			  dir);
		return CLI_FAIL;
	}
	rc = svc_open(db, dir, SVC_CREATE, KEYS_ALL, &svc, &cause);
	/* SEC-1: its log records that the database keeps key check values. */
	if (rc == 0)
		rc = svc_tenant_add(svc, slug ? slug : p->id,
				    name ? name : p->name, p, &tenant, &cause);
	if (rc == 0 && demo)
		rc = svc_demo_load(svc, tenant, logins, ZK_PROFILE_MAX_ROLES,
				   &nlogins, &cause);
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	if (rc == 0 && demo)
		rc = init_write_logins(dir, logins, nlogins, &cause);
	svc_close(svc);
	if (rc != 0) {
		init_cleanup(db, dir);
		profile_free(p);
		return cli_fail(rc, cause, "init");
	}
	printf("zorgkluis: created %s for %s (profile %s %s), keys in %s\n", db,
	       name ? name : p->name, p->id, p->version, dir);
	if (demo) {
		printf("demo logins (also in %s/demo-logins.txt):\n", dir);
		printf("  %-14s %-14s %-18s %s\n", "USER", "ROLE", "PASSWORD",
		       "TOTP SECRET");
		for (int i = 0; i < nlogins; i++)
			printf("  %-14s %-14s %-18s %s\n", logins[i].username,
			       logins[i].role, logins[i].password,
			       logins[i].totp_secret[0] ? logins[i].totp_secret
							: "-");
		printf("Second factor: 'zorgkluis user totp-code --db %s "
		       "--username USER' prints the current code.\n",
		       db);
	}
	profile_free(p);
	return CLI_OK;
}
