/*
 * cmd_team.c: zorgkluis team add|list, location add, relation end and
 * break-glass list|show|review. Like the other commands the operator acts
 * as "system:cli", except for the review of emergency access: that is the
 * DPO's (FG-2), so it is done in the name of the DPO's account (--as),
 * which the door checks and logs like a request over the API.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/service.h"

static const char team_usage[] =
    "usage: zorgkluis team add --db PATH --name TEAM [--location NAME]\n"
    "       zorgkluis team list --db PATH [--json]\n"
    "\n"
    "The organisation's teams, each at a location; a client and an account\n"
    "are registered in a team (ACC-5).\n";

static const char location_usage[] =
    "usage: zorgkluis location add --db PATH --name NAME [--address TEXT]\n"
    "\n"
    "A location of the organisation's teams.\n";

static const char relation_usage[] =
    "usage: zorgkluis relation end --db PATH --id RELATION --until DATE\n"
    "\n"
    "A care relation's last day in force (ACC-2): yesterday or later, never\n"
    "later than an end it already has.\n";

static const char break_glass_usage[] =
    "usage: zorgkluis break-glass list --db PATH --as DPO [--all] [--json]\n"
    "       zorgkluis break-glass show --db PATH --as DPO --id GRANT\n"
    "       zorgkluis break-glass review --db PATH --as DPO --id GRANT\n"
    "                 --decision justified|not_justified [--measure TEXT]\n"
    "\n"
    "The DPO's review of emergency access (ACC-6, FG-2): list the pending\n"
    "ones (--all: every one) with their reasons and what was read, show\n"
    "one, or decide one: justified, or not_justified with the measure taken\n"
    "(M§17). Decided once. --as names the DPO's account, in whose name it\n"
    "is done and logged.\n";

static const char team_common[] =
    "\n"
    "  --tenant SLUG  which organisation (needed when there are several)\n"
    "  --keys DIR     key directory (default: PATH.keys)\n";

/* Prints the usage of cmd (team, location, relation, break-glass) to f. */
static void
team_help(const char *cmd, FILE *f)
{
	const char *u = team_usage;

	if (strcmp(cmd, "location") == 0)
		u = location_usage;
	else if (strcmp(cmd, "relation") == 0)
		u = relation_usage;
	else if (strcmp(cmd, "break-glass") == 0)
		u = break_glass_usage;
	fputs(u, f);
	fputs(team_common, f);
}

struct team_args {
	const char *db, *keys, *tenant, *name, *location, *address, *id;
	const char *until, *as, *decision, *measure;
	int json, all;
};

static int
team_parse(const char *cmd, int argc, char **argv, struct team_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"name", required_argument, NULL, 'n'},
	    {"location", required_argument, NULL, 'l'},
	    {"address", required_argument, NULL, 'a'},
	    {"id", required_argument, NULL, 'i'},
	    {"until", required_argument, NULL, 'u'},
	    {"as", required_argument, NULL, 's'},
	    {"decision", required_argument, NULL, 'D'},
	    {"measure", required_argument, NULL, 'm'},
	    {"json", no_argument, NULL, 'j'},
	    {"all", no_argument, NULL, 'A'},
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
		case 't':
			a->tenant = optarg;
			break;
		case 'n':
			a->name = optarg;
			break;
		case 'l':
			a->location = optarg;
			break;
		case 'a':
			a->address = optarg;
			break;
		case 'i':
			a->id = optarg;
			break;
		case 'u':
			a->until = optarg;
			break;
		case 's':
			a->as = optarg;
			break;
		case 'D':
			a->decision = optarg;
			break;
		case 'm':
			a->measure = optarg;
			break;
		case 'j':
			a->json = 1;
			break;
		case 'A':
			a->all = 1;
			break;
		case 'h':
			team_help(cmd, stdout);
			return -1;
		default:
			cli_error(
			    "%s: unknown or incomplete option \"%s\"; see "
			    "'zorgkluis %s --help'",
			    cmd, argv[optind - 1], cmd);
			return CLI_USAGE;
		}
	}
	return cli_args_done(cmd, argc, argv, a->db);
}

/* Checks that the subcommand is one of subs and that need is given. */
static int
team_check(const char *cmd, const char *sub, const char *subs, const char *what,
	   const char *need)
{
	char list[128], *p;
	size_t n = strlen(sub);

	zk_strlcpy(list, subs, sizeof list);
	for (p = list; *p != '\0';) {
		size_t k = strcspn(p, "|");

		if (k == n && strncmp(p, sub, n) == 0)
			break;
		p += k + (p[k] == '|');
	}
	if (*p == '\0') {
		cli_error("%s: unknown subcommand \"%s\"; use %s", cmd, sub,
			  subs);
		return CLI_USAGE;
	}
	if (what != NULL && need == NULL) {
		cli_error("%s %s: %s is required", cmd, sub, what);
		return CLI_USAGE;
	}
	return 0;
}

/* Prints JSON, indented. */
static int
team_print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2) | JSON_SORT_KEYS);

	if (s == NULL)
		return CLI_FAIL;
	puts(s);
	free(s);
	return CLI_OK;
}

/*
 * Opens the database and the tenant, runs fn, signs a checkpoint when it
 * succeeded, and prints *out (if any).
 */
static int
team_run(const char *what, const struct team_args *a,
	 int (*fn)(struct service *svc, int64_t tenant,
		   const struct team_args *a, json_t **out, char **cause))
{
	struct service *svc = NULL;
	char *cause = NULL;
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, a->as, &tenant, &cause);
	if (rc == 0)
		rc = fn(svc, tenant, a, &out, &cause);
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	svc_close(svc);
	if (rc != 0) {
		json_decref(out);
		return cli_fail(rc, cause, what);
	}
	if (out != NULL) {
		rc = team_print_json(out);
		json_decref(out);
	}
	return rc;
}

static int
team_do_add(struct service *svc, int64_t tenant, const struct team_args *a,
	    json_t **out, char **cause)
{
	struct actor sys;
	int rc;

	svc_actor_system(&sys, tenant, "cli", "cli");
	if ((rc = svc_team_add(svc, &sys, a->name, a->location, cause)) == 0)
		printf("added team %s%s%s\n", a->name,
		       a->location ? " at " : "",
		       a->location ? a->location : "");
	*out = NULL;
	return rc;
}

static int
team_do_location(struct service *svc, int64_t tenant, const struct team_args *a,
		 json_t **out, char **cause)
{
	struct actor sys;
	int rc;

	svc_actor_system(&sys, tenant, "cli", "cli");
	if ((rc = svc_location_add(svc, &sys, a->name, a->address, cause)) == 0)
		printf("added location %s\n", a->name);
	*out = NULL;
	return rc;
}

static int
team_do_list(struct service *svc, int64_t tenant, const struct team_args *a,
	     json_t **out, char **cause)
{
	struct actor sys;
	json_t *list = NULL, *t;
	size_t i;
	int rc;

	svc_actor_system(&sys, tenant, "cli", "cli");
	if ((rc = svc_team_list(svc, &sys, &list, cause)) != 0)
		return rc;
	if (a->json) {
		*out = list;
		return 0;
	}
	printf("%-32s %s\n", "TEAM", "LOCATION");
	json_array_foreach(json_object_get(list, "teams"), i, t)
	{
		const char *loc =
		    json_string_value(json_object_get(t, "location"));

		printf("%-32s %s\n",
		       json_string_value(json_object_get(t, "name")),
		       loc ? loc : "-");
	}
	json_decref(list);
	*out = NULL;
	return 0;
}

static int
team_do_end(struct service *svc, int64_t tenant, const struct team_args *a,
	    json_t **out, char **cause)
{
	struct actor sys;

	svc_actor_system(&sys, tenant, "cli", "cli");
	return svc_relation_end(svc, &sys, a->id, a->until, out, cause);
}

/* The DPO's account named by --as, acting from this machine. */
static int
team_reviewer(struct service *svc, int64_t tenant, const struct team_args *a,
	      struct actor *out, char **cause)
{
	char where[64];

	svc_local_access_point(where, sizeof where);
	return svc_actor_user(svc, tenant, a->as, where, out, cause);
}

static int
team_do_bg_list(struct service *svc, int64_t tenant, const struct team_args *a,
		json_t **out, char **cause)
{
	struct actor dpo;
	int rc;

	if ((rc = team_reviewer(svc, tenant, a, &dpo, cause)) != 0)
		return rc;
	return svc_break_glass_queue(svc, &dpo, !a->all, out, cause);
}

static int
team_do_bg_show(struct service *svc, int64_t tenant, const struct team_args *a,
		json_t **out, char **cause)
{
	struct actor dpo;
	int rc;

	if ((rc = team_reviewer(svc, tenant, a, &dpo, cause)) != 0)
		return rc;
	return svc_break_glass_show(svc, &dpo, a->id, out, cause);
}

static int
team_do_bg_review(struct service *svc, int64_t tenant,
		  const struct team_args *a, json_t **out, char **cause)
{
	struct actor dpo;
	int rc;

	*out = NULL;
	if ((rc = team_reviewer(svc, tenant, a, &dpo, cause)) != 0)
		return rc;
	rc = svc_break_glass_review(svc, &dpo, a->id, a->decision, a->measure,
				    cause);
	if (rc == 0)
		printf("reviewed %s: %s\n", a->id, a->decision);
	return rc;
}

/* The subcommand and its arguments, or the exit status of a usage error. */
static int
team_start(const char *cmd, int argc, char **argv, struct team_args *a)
{
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		team_help(cmd, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : -1;
	}
	if ((rc = team_parse(cmd, argc - 1, argv + 1, a)) != 0)
		return rc;
	return 0;
}

int
cmd_team(int argc, char **argv)
{
	struct team_args a;
	int rc = team_start("team", argc, argv, &a);

	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = team_check("team", argv[1], "add|list", NULL, NULL)) != 0)
		return rc;
	if (strcmp(argv[1], "list") == 0)
		return team_run("team list", &a, team_do_list);
	if ((rc = team_check("team", "add", "add", "--name", a.name)) != 0)
		return rc;
	return team_run("team add", &a, team_do_add);
}

int
cmd_location(int argc, char **argv)
{
	struct team_args a;
	int rc = team_start("location", argc, argv, &a);

	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = team_check("location", argv[1], "add", "--name", a.name)) !=
	    0)
		return rc;
	return team_run("location add", &a, team_do_location);
}

int
cmd_relation(int argc, char **argv)
{
	struct team_args a;
	int rc = team_start("relation", argc, argv, &a);

	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = team_check("relation", argv[1], "end", "--id", a.id)) != 0 ||
	    (rc = team_check("relation", argv[1], "end", "--until", a.until)) !=
		0)
		return rc;
	return team_run("relation end", &a, team_do_end);
}

int
cmd_break_glass(int argc, char **argv)
{
	struct team_args a;
	int rc = team_start("break-glass", argc, argv, &a);
	const char *sub;

	if (rc != 0)
		return rc < 0 ? CLI_OK : rc;
	sub = argv[1];
	if ((rc = team_check("break-glass", sub, "list|show|review", "--as",
			     a.as)) != 0)
		return rc;
	if (strcmp(sub, "list") == 0)
		return team_run("break-glass list", &a, team_do_bg_list);
	if ((rc = team_check("break-glass", sub, sub, "--id", a.id)) != 0)
		return rc;
	if (strcmp(sub, "show") == 0)
		return team_run("break-glass show", &a, team_do_bg_show);
	if ((rc = team_check("break-glass", sub, sub, "--decision",
			     a.decision)) != 0)
		return rc;
	return team_run("break-glass review", &a, team_do_bg_review);
}
