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

#include <sodium.h>

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
    "  --demo          fill the database with demo staff and clients, and\n"
    "                  add a second organisation, a parent initiative on\n"
    "                  the same profile (SCOPE-3)\n"
    "  --tenant SLUG   short name of the organisation (default: the "
    "profile id)\n"
    "  --name NAME     display name (default: the profile's name)\n"
    "  --keys DIR      key directory (default: PATH.keys)\n";

/* Removes what a failed init created, so nothing half-made remains. */
static void
init_cleanup(const char *db, const char *keys)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal",
					       "-zkepoch"};
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

/* The demo logins of one organisation, as make run shows them. */
struct init_org {
	const char *slug, *name;
	struct svc_demo_login logins[ZK_PROFILE_MAX_ROLES];
	int n;
};

/* Appends org's block: a line naming it, a header, one line per login. */
static int
init_logins_text(struct zk_buf *b, const struct init_org *org)
{
	char line[320];
	int w, rc;

	w = snprintf(line, sizeof line,
		     "%s (log in with \"tenant\":\"%s\"):\n"
		     "  %-21s %-14s %-18s %s\n",
		     org->name, org->slug, "USER", "ROLE", "PASSWORD",
		     "TOTP SECRET");
	rc = zk_buf_append(b, line, (size_t)w);
	for (int i = 0; rc == 0 && i < org->n; i++) {
		const struct svc_demo_login *l = &org->logins[i];

		w = snprintf(line, sizeof line, "  %-21s %-14s %-18s %s\n",
			     l->username, l->role, l->password,
			     l->totp_secret[0] ? l->totp_secret : "-");
		rc = zk_buf_append(b, line, (size_t)w);
	}
	return rc;
}

/* Writes the demo logins of every organisation into b and, mode 0600, keys. */
static int
init_write_logins(const char *keys, const struct init_org *orgs, int n,
		  struct zk_buf *b, char **cause)
{
	char path[4200];
	int rc = 0;

	snprintf(path, sizeof path, "%s/demo-logins.txt", keys);
	for (int i = 0; rc == 0 && i < n; i++)
		rc = init_logins_text(b, &orgs[i]);
	if (rc == 0)
		rc = zk_file_write_atomic(path, b->data, b->len, 0600, cause);
	return rc;
}

/*
 * SCOPE-3: the demo is two organisations: the one init made, and a
 * parent initiative on the same profile with its own clients and staff.
 */
static int
init_demo(struct service *svc, int64_t tenant, const struct profile *p,
	  struct init_org *orgs, char **cause)
{
	int64_t second;
	int rc;

	if ((rc = svc_demo_load(svc, tenant, SVC_DEMO_MAIN, orgs[0].logins,
				ZK_PROFILE_MAX_ROLES, &orgs[0].n, cause)) != 0)
		return rc;
	orgs[1].slug = SVC_DEMO_INITIATIVE_SLUG;
	orgs[1].name = SVC_DEMO_INITIATIVE_NAME;
	if ((rc = svc_tenant_add(svc, orgs[1].slug, orgs[1].name, p, &second,
				 cause)) != 0)
		return rc;
	return svc_demo_load(svc, second, SVC_DEMO_INITIATIVE, orgs[1].logins,
			     ZK_PROFILE_MAX_ROLES, &orgs[1].n, cause);
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
	struct init_org *orgs = NULL;
	struct zk_buf text;
	struct profile *p = NULL;
	struct service *svc = NULL;
	char dir[4096], *cause = NULL;
	struct stat st;
	int64_t tenant;
	int c, demo = 0, rc;

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
	if ((rc = keys_dir_choose(keys, db, dir, sizeof dir)) != 0) {
		profile_free(p);
		cli_error(rc == ZK_ENOTFOUND
			      ? "init: a PostgreSQL database needs its key "
				"directory named: give --keys DIR or set "
				"ZORGKLUIS_KEYS"
			      : "init: the key directory's path is too long");
		return CLI_FAIL;
	}
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
	if (rc == 0 && demo) {
		if ((orgs = calloc(2, sizeof *orgs)) == NULL)
			rc = ZK_ENOMEM;
		else {
			orgs[0].slug = slug ? slug : p->id;
			orgs[0].name = name ? name : p->name;
			rc = init_demo(svc, tenant, p, orgs, &cause);
		}
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	svc_close(svc);
	zk_buf_init_secret(&text, 0);
	if (rc == 0 && demo)
		rc = init_write_logins(dir, orgs, 2, &text, &cause);
	if (orgs != NULL)
		sodium_memzero(orgs, 2 * sizeof *orgs);
	free(orgs);
	if (rc != 0) {
		zk_buf_release(&text);
		init_cleanup(db, dir);
		profile_free(p);
		return cli_fail(rc, cause, "init");
	}
	printf("zorgkluis: created %s for %s (profile %s %s), keys in %s\n", db,
	       name ? name : p->name, p->id, p->version, dir);
	if (demo) {
		printf("demo organisations and logins (also in "
		       "%s/demo-logins.txt):\n",
		       dir);
		fwrite(text.data, 1, text.len, stdout);
		printf("Second factor: 'zorgkluis user totp-code --db %s "
		       "--tenant SLUG --username USER' prints the current "
		       "code.\n",
		       db);
	}
	zk_buf_release(&text);
	profile_free(p);
	return CLI_OK;
}
