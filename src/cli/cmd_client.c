/*
 * cmd_client.c: zorgkluis client list|show|erase: the clients of an
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
    "       zorgkluis client erase --db PATH --as USER --client ID\n"
    "                 [--entry ID ...] --ground GROUND [--request ID]\n"
    "\n"
    "client list shows the clients (at most N, 1 to 200, default 50) whose\n"
    "family or given names contain TEXT, after the client with id ID;\n"
    "\"next\" names the id to continue from. client show shows one\n"
    "client's identity. Every client shown is logged (LOG-1).\n"
    "client erase erases the client (or only the entries named, and\n"
    "those correcting them) on GROUND (ERA-1: no_longer_needed,\n"
    "consent_withdrawn, objection_upheld, unlawful, legal_obligation,\n"
    "information_society) and destroys the key their content is sealed\n"
    "with in the key store, so that no backup can show it (ERA-5). It\n"
    "prints the destruction record.\n"
    "Both take --tenant SLUG (needed when there are several) and --keys "
    "DIR.\n";

#define CLIENT_MAX_ENTRIES 256

struct client_args {
	const char *db, *keys, *tenant, *query, *after, *id, *limit;
	const char *as, *ground, *request;
	const char *entries[CLIENT_MAX_ENTRIES];
	int nentries;
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
	    {"client", required_argument, NULL, 'i'},
	    {"as", required_argument, NULL, 's'},
	    {"entry", required_argument, NULL, 'e'},
	    {"ground", required_argument, NULL, 'g'},
	    {"request", required_argument, NULL, 'r'},
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
		case 's':
			a->as = optarg;
			break;
		case 'g':
			a->ground = optarg;
			break;
		case 'r':
			a->request = optarg;
			break;
		case 'e':
			if (a->nentries == CLIENT_MAX_ENTRIES) {
				cli_error("at most %d --entry options",
					  CLIENT_MAX_ENTRIES);
				return CLI_USAGE;
			}
			a->entries[a->nentries++] = optarg;
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
	if (strcmp(sub, "erase") == 0 &&
	    (a->id == NULL || a->ground == NULL ||
	     (a->as == NULL && a->request == NULL))) {
		cli_error("client erase: --client, --ground and --as (or "
			  "--request) are required");
		return CLI_USAGE;
	}
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
		rc = cli_tenant(svc, a->tenant, a->as, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (a->as != NULL) {
		char where[64];

		svc_local_access_point(where, sizeof where);
		if ((rc = svc_actor_user(svc, tenant, a->as, where, &actor,
					 &cause)) != 0)
			goto out;
	}
	/* SCOPE-1: this command is about clients, not other subjects. */
	zk_strlcpy(actor.subject_kind, "client", sizeof actor.subject_kind);
	if (strcmp(sub, "erase") == 0) {
		struct svc_erase_input in = {
		    .subject_uid = a->id,
		    .entry_uids = a->nentries ? a->entries : NULL,
		    .nentries = a->nentries,
		    .ground = a->ground,
		    .request_uid = a->request,
		};

		rc = svc_erase(svc, &actor, &in, &out, &cause);
	} else if (strcmp(sub, "show") == 0) {
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
	if (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "show") != 0 &&
	    strcmp(argv[1], "erase") != 0) {
		cli_error("client: unknown subcommand \"%s\"; see 'zorgkluis "
			  "client --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	if ((rc = client_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	return client_run(argv[1], &a);
}
