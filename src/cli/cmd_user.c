/*
 * cmd_user.c: zorgkluis user add|list|disable. The command line is the
 * host operator's tool: it acts as the system actor "system:cli", and
 * every change is logged like any other.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "service/service.h"

static const char user_usage[] =
    "usage: zorgkluis user add --db PATH --username NAME --role ROLE\n"
    "                          [--role ROLE ...] --confidentiality BASIS\n"
    "                          [--name \"Display Name\"] [--team TEAM]\n"
    "                          [--password-stdin] [--tenant SLUG]\n"
    "       zorgkluis user list --db PATH [--tenant SLUG] [--json]\n"
    "       zorgkluis user disable --db PATH --username NAME "
    "[--tenant SLUG]\n"
    "       zorgkluis user totp-reset --db PATH --username NAME "
    "[--tenant SLUG]\n"
    "       zorgkluis user totp-code --db PATH --username NAME "
    "[--tenant SLUG]\n"
    "\n"
    "Manages staff accounts. ROLE is a role id of the tenant's profile\n"
    "(professional, administrator, dpo, board, office, hr, or one the\n"
    "profile adds). BASIS is the basis of the user's duty of\n"
    "confidentiality (ACC-4): profession, office, law or agreement.\n"
    "Without --password-stdin a random password is made and shown once.\n"
    "totp-reset removes a user's second factor (a lost phone) and ends\n"
    "their sessions; they set up a new one at their next login.\n"
    "totp-code prints a user's current code (for the demo).\n"
    "\n"
    "  --tenant SLUG  which organisation (needed when there are several)\n"
    "  --keys DIR     key directory (default: PATH.keys)\n";

struct user_args {
	const char *db, *keys, *tenant, *username, *name, *team, *conf;
	const char *roles[8];
	int nroles, password_stdin, json;
};

static int
user_parse(int argc, char **argv, struct user_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"username", required_argument, NULL, 'u'},
	    {"name", required_argument, NULL, 'n'},
	    {"team", required_argument, NULL, 'T'},
	    {"role", required_argument, NULL, 'r'},
	    {"confidentiality", required_argument, NULL, 'c'},
	    {"password-stdin", no_argument, NULL, 'P'},
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
		case 't':
			a->tenant = optarg;
			break;
		case 'u':
			a->username = optarg;
			break;
		case 'n':
			a->name = optarg;
			break;
		case 'T':
			a->team = optarg;
			break;
		case 'c':
			a->conf = optarg;
			break;
		case 'P':
			a->password_stdin = 1;
			break;
		case 'j':
			a->json = 1;
			break;
		case 'r':
			if (a->nroles == 8) {
				cli_error("user: at most 8 roles");
				return CLI_USAGE;
			}
			a->roles[a->nroles++] = optarg;
			break;
		case 'h':
			fputs(user_usage, stdout);
			return -1;
		default:
			cli_error("user: unknown or incomplete option \"%s\"; "
				  "see 'zorgkluis user --help'",
				  argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("user: unexpected argument \"%s\"", argv[optind]);
		return CLI_USAGE;
	}
	if (a->db == NULL) {
		cli_error("user: --db is required");
		return CLI_USAGE;
	}
	return 0;
}

/* Reads one line from stdin as the password. */
static int
user_read_password(char *out, size_t n)
{
	size_t len;

	if (fgets(out, (int)n, stdin) == NULL)
		return -1;
	len = strlen(out);
	while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r'))
		out[--len] = '\0';
	return 0;
}

static int
user_print(json_t *users, int as_json)
{
	size_t i;
	json_t *u;

	if (as_json) {
		char *s = json_dumps(users, JSON_INDENT(2));
		if (s != NULL)
			puts(s);
		free(s);
		return CLI_OK;
	}
	printf("%-20s %-28s %-24s %-10s %s\n", "USERNAME", "NAME", "ROLES",
	       "DUTY", "STATUS");
	json_array_foreach(users, i, u)
	{
		char roles[128] = "";
		json_t *r;
		size_t j;

		json_array_foreach(json_object_get(u, "roles"), j, r)
		{
			if (j > 0)
				strncat(roles, ",",
					sizeof roles - strlen(roles) - 1);
			strncat(roles, json_string_value(r),
				sizeof roles - strlen(roles) - 1);
		}
		printf("%-20s %-28s %-24s %-10s %s\n",
		       json_string_value(json_object_get(u, "username")),
		       json_string_value(json_object_get(u, "display_name")),
		       roles,
		       json_string_value(json_object_get(u, "confidentiality")),
		       json_is_true(json_object_get(u, "disabled")) ? "disabled"
								    : "active");
	}
	return CLI_OK;
}

int
cmd_user(int argc, char **argv)
{
	struct svc_user_input in;
	struct user_args a;
	struct service *svc = NULL;
	struct actor actor;
	const char *sub;
	char pw[4200], uid[ZK_UUID_LEN], *cause = NULL;
	json_t *users = NULL;
	int64_t tenant;
	int rc, generated = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	sub = argv[1];
	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 &&
	    strcmp(sub, "disable") != 0 && strcmp(sub, "totp-code") != 0 &&
	    strcmp(sub, "totp-reset") != 0) {
		cli_error("user: unknown subcommand \"%s\"; use add, list, "
			  "disable, totp-reset or totp-code",
			  sub);
		return CLI_USAGE;
	}
	if ((rc = user_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if (strcmp(sub, "list") != 0 && a.username == NULL) {
		cli_error("user %s: --username is required", sub);
		return CLI_USAGE;
	}
	if (strcmp(sub, "add") == 0 && (a.nroles == 0 || a.conf == NULL)) {
		cli_error("user add: give at least one --role and "
			  "--confidentiality (ACC-4)");
		return CLI_USAGE;
	}
	memset(pw, 0, sizeof pw);
	if (strcmp(sub, "add") == 0) {
		if (a.password_stdin) {
			if (user_read_password(pw, sizeof pw) != 0) {
				cli_error("user add: no password on stdin");
				return CLI_USAGE;
			}
		} else {
			unsigned char raw[12];

			randombytes_buf(raw, sizeof raw);
			sodium_bin2base64(
			    pw, sizeof pw, raw, sizeof raw,
			    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
			generated = 1;
		}
	}
	rc = svc_open(a.db, a.keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = a.tenant ? svc_tenant_find(svc, a.tenant, &tenant, &cause)
			      : svc_tenant_default(svc, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (strcmp(sub, "add") == 0) {
		memset(&in, 0, sizeof in);
		in.username = a.username;
		in.display_name = a.name;
		in.password = pw;
		in.roles = a.roles;
		in.nroles = a.nroles;
		in.confidentiality = a.conf;
		in.team = a.team;
		rc = svc_user_add(svc, &actor, &in, uid, &cause);
	} else if (strcmp(sub, "list") == 0) {
		rc = svc_user_list(svc, &actor, &users, &cause);
	} else if (strcmp(sub, "totp-code") == 0) {
		char code[8];

		rc = svc_totp_code(svc, &actor, a.username, zk_now(), code,
				   &cause);
		if (rc == 0)
			rc = svc_checkpoint(svc, &cause);
		svc_close(svc);
		if (rc != 0)
			return cli_fail(rc, cause, sub);
		printf("%s\n", code);
		return CLI_OK;
	} else if (strcmp(sub, "totp-reset") == 0) {
		rc = svc_totp_reset(svc, &actor, a.username, &cause);
	} else {
		rc = svc_user_disable(svc, &actor, a.username, &cause);
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	if (rc != 0) {
		sodium_memzero(pw, sizeof pw);
		json_decref(users);
		return cli_fail(rc, cause, sub);
	}
	if (users != NULL) {
		rc = user_print(users, a.json);
		json_decref(users);
		return rc;
	}
	if (strcmp(sub, "add") == 0) {
		printf("added %s (%s)\n", a.username, uid);
		if (generated)
			printf("password: %s\n", pw);
		sodium_memzero(pw, sizeof pw);
	} else if (strcmp(sub, "totp-reset") == 0) {
		printf("second factor of %s removed; it is set up anew at the "
		       "next login\n",
		       a.username);
	} else {
		printf("disabled %s\n", a.username);
	}
	return CLI_OK;
}
