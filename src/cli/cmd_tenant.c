/*
 * cmd_tenant.c: zorgkluis tenant add|list. Several organisations, each its
 * own controller, share one installation (SCOPE-3): each has its own
 * profile, its own tenant key (derived from the master key), its own log
 * chain and its own line in the witness. init makes the first; add makes
 * each next one the same way, through svc_tenant_add().
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "profile/profile.h"
#include "service/service.h"

static const char tenant_usage[] =
    "usage: zorgkluis tenant add --db PATH --slug SLUG --name NAME\n"
    "                            --profile FILE [--keys DIR]\n"
    "       zorgkluis tenant list --db PATH [--json] [--keys DIR]\n"
    "\n"
    "The organisations of an installation (SCOPE-3): each is its own\n"
    "controller, with its own regulation profile, tenant key, log chain\n"
    "and witness line, and sees nothing of the others. init creates the\n"
    "first; add creates another one the same way. Staff belong to one\n"
    "organisation: a login names it (\"tenant\") when a user name exists in\n"
    "several, and other commands name it by its slug (their tenant option,\n"
    "or $ZORGKLUIS_TENANT) when there are several.\n"
    "list shows each organisation's slug, name, the profile version in\n"
    "force and when it was added.\n"
    "\n"
    "  --slug SLUG     short name: 1-63 lowercase letters, digits, dashes\n"
    "  --name NAME     display name, e.g. \"Ouderinitiatief De Linde\"\n"
    "  --profile FILE  the organisation's regulation profile\n"
    "  --json          list as JSON\n"
    "  --keys DIR      key directory (default: PATH.keys)\n";

struct tenant_args {
	const char *db, *keys, *slug, *name, *profile;
	int json;
};

static int
tenant_parse(int argc, char **argv, struct tenant_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"slug", required_argument, NULL, 's'},
	    {"name", required_argument, NULL, 'n'},
	    {"profile", required_argument, NULL, 'p'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			a->db = optarg;
			break;
		case 'k':
			a->keys = optarg;
			break;
		case 's':
			a->slug = optarg;
			break;
		case 'n':
			a->name = optarg;
			break;
		case 'p':
			a->profile = optarg;
			break;
		case 'j':
			a->json = 1;
			break;
		case 'h':
			fputs(tenant_usage, stdout);
			return -1;
		default:
			cli_error(
			    "tenant: unknown or incomplete option \"%s\"; "
			    "see 'zorgkluis tenant --help'",
			    argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	return cli_args_done("tenant", argc, argv, a->db);
}

static int
tenant_print(json_t *list, int as_json)
{
	size_t i;
	json_t *t;

	if (as_json) {
		char *s = json_dumps(list, JSON_INDENT(2));

		if (s != NULL)
			puts(s);
		free(s);
		return s != NULL ? CLI_OK : CLI_FAIL;
	}
	printf("%-20s %-36s %-24s %s\n", "SLUG", "NAME", "PROFILE", "CREATED");
	json_array_foreach(list, i, t)
	{
		char profile[128];

		snprintf(profile, sizeof profile, "%s %s",
			 json_string_value(json_object_get(t, "profile")),
			 json_string_value(json_object_get(t, "version")));
		printf("%-20s %-36s %-24s %s\n",
		       json_string_value(json_object_get(t, "slug")),
		       json_string_value(json_object_get(t, "name")), profile,
		       json_string_value(json_object_get(t, "created_at")));
	}
	return CLI_OK;
}

static int
tenant_add(const struct tenant_args *a)
{
	struct service *svc = NULL;
	struct profile *p = NULL;
	char *cause = NULL;
	int64_t tenant;
	int rc;

	if (a->slug == NULL || a->name == NULL || a->profile == NULL) {
		cli_error("tenant add: --slug, --name and --profile are "
			  "required; see 'zorgkluis tenant --help'");
		return CLI_USAGE;
	}
	if ((rc = profile_load_file(a->profile, &p, &cause)) != 0)
		return cli_fail(rc, cause, "tenant add: bad profile");
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = svc_tenant_add(svc, a->slug, a->name, p, &tenant, &cause);
	svc_close(svc);
	if (rc != 0) {
		profile_free(p);
		return cli_fail(rc, cause, "tenant add");
	}
	printf("added %s (%s), profile %s %s\n", a->slug, a->name, p->id,
	       p->version);
	profile_free(p);
	return CLI_OK;
}

static int
tenant_list(const struct tenant_args *a)
{
	struct service *svc = NULL;
	json_t *list = NULL;
	char *cause = NULL;
	int rc;

	rc = svc_open(a->db, a->keys, SVC_READONLY, KEYS_VERIFY, &svc, &cause);
	if (rc == 0)
		rc = svc_tenant_list(svc, &list, &cause);
	svc_close(svc);
	if (rc != 0)
		return cli_fail(rc, cause, "tenant list");
	rc = tenant_print(list, a->json);
	json_decref(list);
	return rc;
}

int
cmd_tenant(int argc, char **argv)
{
	struct tenant_args a;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(tenant_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "list") != 0) {
		cli_error("tenant: unknown subcommand \"%s\"; use add or list",
			  argv[1]);
		return CLI_USAGE;
	}
	if ((rc = tenant_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if (strcmp(argv[1], "add") == 0)
		return tenant_add(&a);
	if (a.slug != NULL || a.name != NULL || a.profile != NULL) {
		cli_error("tenant list: takes no --slug, --name or --profile");
		return CLI_USAGE;
	}
	return tenant_list(&a);
}
