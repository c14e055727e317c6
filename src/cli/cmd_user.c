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
    "       zorgkluis user enable --db PATH --username NAME "
    "[--tenant SLUG]\n"
    "       zorgkluis user reset --db PATH --username NAME "
    "[--tenant SLUG]\n"
    "       zorgkluis user roles --db PATH --username NAME --role ROLE "
    "[--role ROLE ...]\n"
    "       zorgkluis user approvals --db PATH [--tenant SLUG] [--json]\n"
    "       zorgkluis user approve|reject --db PATH --id REQUEST --by NAME "
    "[--tenant SLUG]\n"
    "\n"
    "Manages staff accounts. ROLE is a role id of the tenant's profile\n"
    "(professional, administrator, dpo, board, office, hr, or one the\n"
    "profile adds). BASIS is the basis of the user's duty of\n"
    "confidentiality (ACC-4): profession, office, law or agreement.\n"
    "add prints a one-time invitation, valid 72 hours, with which the\n"
    "owner sets their password (POST /api/v1/invitations/accept).\n"
    "--password-stdin sets a password instead, only for roles that see\n"
    "no health data or logs (ACC-3, SEC-3).\n"
    "reset ends the password and sessions and prints a new invitation.\n"
    "roles replaces the user's roles. approvals lists the requests an\n"
    "administrator made through the API that wait for approval (ACC-3);\n"
    "approve and reject record the decision of the user named by --by,\n"
    "who must hold a role the profile names for approval; an approved\n"
    "account or reset prints the invitation for its owner.\n"
    "totp-reset removes a user's second factor (a lost phone) and ends\n"
    "their sessions; they set up a new one at their next login.\n"
    "totp-code prints a user's current code (for the demo).\n"
    "\n"
    "  --tenant SLUG  which organisation (needed when there are several)\n"
    "  --id REQUEST   the id of a request, from 'user approvals'\n"
    "  --by NAME      the user who approved or rejected it\n"
    "  --keys DIR     key directory (default: PATH.keys)\n";

struct user_args {
	const char *db, *keys, *tenant, *username, *name, *team, *conf;
	const char *id, *by;
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
	    {"id", required_argument, NULL, 'I'},
	    {"by", required_argument, NULL, 'B'},
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
		case 'I':
			a->id = optarg;
			break;
		case 'B':
			a->by = optarg;
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
	return cli_args_done("user", argc, argv, a->db);
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

/* The approvals waiting, one per line (or as JSON). */
static int
user_print_approvals(json_t *list, int as_json)
{
	size_t i;
	json_t *o;

	if (as_json)
		return user_print(list, 1);
	printf("%-36s %-20s %-8s %-28s %s\n", "ID", "USERNAME", "KIND", "ROLES",
	       "REQUESTED");
	json_array_foreach(list, i, o)
	{
		char roles[128] = "";
		json_t *r;
		size_t j;

		json_array_foreach(json_object_get(o, "roles"), j, r)
		{
			if (j > 0)
				strncat(roles, ",",
					sizeof roles - strlen(roles) - 1);
			strncat(roles, json_string_value(r),
				sizeof roles - strlen(roles) - 1);
		}
		printf("%-36s %-20s %-8s %-28s %s\n",
		       json_string_value(json_object_get(o, "id")),
		       json_string_value(json_object_get(o, "username")),
		       json_string_value(json_object_get(o, "kind")), roles,
		       json_string_value(json_object_get(o, "requested_at")));
	}
	return CLI_OK;
}

/* Prints what an act on an account led to. */
static void
user_print_account(const char *what, const char *username,
		   const struct svc_account *acc)
{
	if (acc->uid[0] != '\0')
		printf("%s %s (%s)\n", what, username, acc->uid);
	else
		printf("%s %s\n", what, username);
	if (acc->approval[0] != '\0')
		printf("awaits approval: request %s (ACC-3)\n", acc->approval);
	if (acc->token[0] != '\0')
		printf("invitation: %s (valid until %s; the owner sets a "
		       "password with it)\n",
		       acc->token, acc->expires_at);
}

/*
 * ACC-3, SEC-3: the operator does not choose a password for an account
 * whose roles see health data or logs.
 */
static int
user_password_allowed(struct service *svc, int64_t tenant,
		      const struct user_args *a, char **cause)
{
	const struct profile *p;
	int rc;

	if ((rc = svc_profile(svc, tenant, &p, cause)) != 0)
		return rc;
	for (int i = 0; i < a->nroles; i++)
		if (profile_role_index(p, a->roles[i]) >= 0 &&
		    profile_role_sees_health(
			p, profile_role_index(p, a->roles[i])))
			return zk_fail(cause, ZK_EINVAL,
				       "no password is chosen for role %s, "
				       "which sees health data or logs; its "
				       "owner sets one from the invitation "
				       "(ACC-3, SEC-3)",
				       a->roles[i]);
	return 0;
}

static const char *const user_subs[] = {
    "add",   "list",  "disable",   "totp-code", "totp-reset", "enable",
    "reset", "roles", "approvals", "approve",	"reject",     NULL};

int
cmd_user(int argc, char **argv)
{
	struct svc_user_input in;
	struct svc_account acc;
	struct user_args a;
	struct service *svc = NULL;
	struct actor actor;
	const char *sub, *done = NULL;
	char pw[4200], *cause = NULL;
	json_t *users = NULL, *approvals = NULL;
	int64_t tenant;
	int rc, known = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(user_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	sub = argv[1];
	for (int i = 0; user_subs[i] != NULL; i++)
		known |= strcmp(sub, user_subs[i]) == 0;
	if (!known) {
		cli_error("user: unknown subcommand \"%s\"; use add, list, "
			  "disable, enable, reset, roles, approvals, approve, "
			  "reject, totp-reset or totp-code",
			  sub);
		return CLI_USAGE;
	}
	if ((rc = user_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if (strcmp(sub, "approve") == 0 || strcmp(sub, "reject") == 0) {
		if (a.id == NULL || a.by == NULL) {
			cli_error("user %s: --id and --by are required", sub);
			return CLI_USAGE;
		}
	} else if (strcmp(sub, "list") != 0 && strcmp(sub, "approvals") != 0 &&
		   a.username == NULL) {
		cli_error("user %s: --username is required", sub);
		return CLI_USAGE;
	}
	if (strcmp(sub, "add") == 0 && (a.nroles == 0 || a.conf == NULL)) {
		cli_error("user add: give at least one --role and "
			  "--confidentiality (ACC-4)");
		return CLI_USAGE;
	}
	if (strcmp(sub, "roles") == 0 && a.nroles == 0) {
		cli_error("user roles: give at least one --role");
		return CLI_USAGE;
	}
	memset(pw, 0, sizeof pw);
	memset(&acc, 0, sizeof acc);
	if (strcmp(sub, "add") == 0 && a.password_stdin &&
	    user_read_password(pw, sizeof pw) != 0) {
		cli_error("user add: no password on stdin");
		return CLI_USAGE;
	}
	rc = svc_open(a.db, a.keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a.tenant,
				strcmp(sub, "add") != 0 ? a.username : NULL,
				&tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (strcmp(sub, "add") == 0) {
		memset(&in, 0, sizeof in);
		in.username = a.username;
		in.display_name = a.name;
		in.password = a.password_stdin ? pw : NULL;
		in.roles = a.roles;
		in.nroles = a.nroles;
		in.confidentiality = a.conf;
		in.team = a.team;
		rc = a.password_stdin
			 ? user_password_allowed(svc, tenant, &a, &cause)
			 : 0;
		if (rc == 0)
			rc = svc_user_create(svc, &actor, &in, &acc, &cause);
		done = "added";
	} else if (strcmp(sub, "list") == 0) {
		rc = svc_user_list(svc, &actor, &users, &cause);
	} else if (strcmp(sub, "approvals") == 0) {
		rc = svc_approval_list(svc, &actor, &approvals, &cause);
	} else if (strcmp(sub, "approve") == 0 || strcmp(sub, "reject") == 0) {
		rc = svc_approval_decide(svc, &actor, a.id,
					 strcmp(sub, "approve") == 0, a.by,
					 &acc, &cause);
		done = strcmp(sub, "approve") == 0 ? "approved request"
						   : "rejected request";
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
	} else if (strcmp(sub, "enable") == 0) {
		rc = svc_user_enable(svc, &actor, a.username, &cause);
	} else if (strcmp(sub, "reset") == 0) {
		rc = svc_user_reset(svc, &actor, a.username, &acc, &cause);
		done = "new invitation for";
	} else if (strcmp(sub, "roles") == 0) {
		rc = svc_user_set_roles(svc, &actor, a.username, a.roles,
					a.nroles, &acc, &cause);
		done = "new roles for";
	} else {
		rc = svc_user_disable(svc, &actor, a.username, &cause);
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0) {
		json_decref(users);
		json_decref(approvals);
		return cli_fail(rc, cause, sub);
	}
	if (users != NULL) {
		rc = user_print(users, a.json);
		json_decref(users);
		return rc;
	}
	if (approvals != NULL) {
		rc = user_print_approvals(approvals, a.json);
		json_decref(approvals);
		return rc;
	}
	if (done != NULL) {
		user_print_account(done, a.username ? a.username : a.id, &acc);
		sodium_memzero(&acc, sizeof acc);
	} else if (strcmp(sub, "totp-reset") == 0) {
		printf("second factor of %s removed; it is set up anew at the "
		       "next login\n",
		       a.username);
	} else if (strcmp(sub, "enable") == 0) {
		printf("enabled %s\n", a.username);
	} else {
		printf("disabled %s\n", a.username);
	}
	return CLI_OK;
}
