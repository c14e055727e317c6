/*
 * cmd_client.c: zorgkluis client list|show: the clients of an
 * organisation from the command line. The operator acts as "system:cli"
 * through the door like every other command: each client shown is
 * logged (LOG-1), so a client's log view tells that the operator looked.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/service.h"

static const char client_usage[] =
    "usage: zorgkluis client list --db PATH [--query TEXT] [--limit N]\n"
    "                 [--after ID]\n"
    "       zorgkluis client show --db PATH --id ID\n"
    "\n"
    "client list shows the clients (at most N, 1 to 200, default 50) whose\n"
    "family or given names contain TEXT, after the client with id ID;\n"
    "\"next\" names the id to continue from. client show shows one\n"
    "client's identity. Every client shown is logged (LOG-1).\n"
    "Both take --tenant SLUG (needed when there are several) and --keys "
    "DIR.\n";

struct client_args {
	const char *db, *keys, *tenant, *query, *after, *id, *limit;
};

static int
client_parse(int argc, char **argv, struct client_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"query", required_argument, NULL, 'q'},
	    {"limit", required_argument, NULL, 'l'},
	    {"after", required_argument, NULL, 'a'},
	    {"id", required_argument, NULL, 'i'},
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
		case 't':
			a->tenant = optarg;
			break;
		case 'q':
			a->query = optarg;
			break;
		case 'l':
			a->limit = optarg;
			break;
		case 'a':
			a->after = optarg;
			break;
		case 'i':
			a->id = optarg;
			break;
		case 'h':
			fputs(client_usage, stdout);
			return -1;
		default:
			cli_error("unknown or incomplete option \"%s\"; see "
				  "'zorgkluis client --help'",
				  argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	return cli_args_done(NULL, argc, argv, a->db);
}

/* --limit as a number of 1 to 200; -1 when it is not. */
static int
client_limit(const char *s)
{
	int n = 0;

	if (s == NULL)
		return 50;
	if (*s == '\0' || strlen(s) > 3 || strspn(s, "0123456789") != strlen(s))
		return -1;
	for (; *s != '\0'; s++)
		n = n * 10 + (*s - '0');
	return n >= 1 && n <= 200 ? n : -1;
}

static int
client_run(const char *sub, const struct client_args *a)
{
	struct service *svc = NULL;
	struct actor actor;
	char next[ZK_UUID_LEN] = "", *cause = NULL, what[32];
	json_t *out = NULL;
	int64_t tenant;
	int limit = client_limit(a->limit), rc;

	snprintf(what, sizeof what, "client %s", sub);
	if (strcmp(sub, "show") == 0 && a->id == NULL) {
		cli_error("client show: --id is required");
		return CLI_USAGE;
	}
	if (limit < 0) {
		cli_error("client list: --limit must be a number from 1 to "
			  "200");
		return CLI_USAGE;
	}
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, NULL, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	/* SCOPE-1: this command is about clients, not other subjects. */
	zk_strlcpy(actor.subject_kind, "client", sizeof actor.subject_kind);
	if (strcmp(sub, "show") == 0) {
		rc = svc_subject_get(svc, &actor, a->id, "client", &out, NULL,
				     &cause);
	} else {
		json_t *list = NULL;

		rc = svc_subject_list(svc, &actor, "client", a->query, a->after,
				      limit, &list, next, &cause);
		if (rc == 0)
			out = json_pack("{s:o, s:s?}", "clients", list, "next",
					next[0] ? next : NULL);
		if (rc == 0 && out == NULL)
			rc = ZK_ENOMEM;
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	if (rc != 0) {
		json_decref(out);
		return cli_fail(rc, cause, what);
	}
	{
		char *s = json_dumps(out, JSON_INDENT(2));

		if (s != NULL)
			puts(s);
		free(s);
	}
	json_decref(out);
	return CLI_OK;
}

int
cmd_client(int argc, char **argv)
{
	struct client_args a;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(client_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	if (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "show") != 0) {
		cli_error("client: unknown subcommand \"%s\"; see 'zorgkluis "
			  "client --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	if ((rc = client_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	return client_run(argv[1], &a);
}
