/*
 * cmd_study.c: zorgkluis study: the study register and its anonymised
 * exports from the command line (RES-1, RES-2, OBJ-1, M§6.6(v)). Every
 * act is done in the name of a staff account (--as): the profile names
 * who registers and exports (the DPO) and who confirms each condition
 * (the board, the DPO); the system itself confirms nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/research.h"
#include "service/service.h"

static const char study_usage[] =
    "usage: zorgkluis study add --db PATH --as USER --name NAME\n"
    "                 --purpose TEXT --requester WHO --basis "
    "consent|conditions\n"
    "       zorgkluis study confirm --db PATH --as USER --study ID\n"
    "                 --condition public_interest|necessary|\n"
    "                             consent_impracticable|safeguards\n"
    "       zorgkluis study export --db PATH --as USER --study ID\n"
    "                 [--no-generalise] [--csv]\n"
    "       zorgkluis study list --db PATH --as USER\n"
    "       zorgkluis study show --db PATH --as USER --study ID\n"
    "\n"
    "A study rests on the subjects' consent or on every RES-1 condition\n"
    "(M§6.6, W§9.7), each confirmed by a role the profile names. An export\n"
    "leaves out who objected (OBJ-1), is released only k-anonymous over the\n"
    "profile's quasi-identifiers (RES-2), generalising along their ladders\n"
    "unless --no-generalise, and notes the study in each record it drew on\n"
    "(M§6.6(v)). It prints JSON, or CSV with --csv; a refusal names the\n"
    "condition or the k that fails. Every act is logged (LOG-1).\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

struct study_args {
	const char *db, *keys, *tenant, *as, *name, *purpose, *requester,
	    *basis, *study, *condition;
	int no_generalise, csv;
};

static int
study_parse(int argc, char **argv, struct study_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"as", required_argument, NULL, 'a'},
	    {"name", required_argument, NULL, 'n'},
	    {"purpose", required_argument, NULL, 'p'},
	    {"requester", required_argument, NULL, 'r'},
	    {"basis", required_argument, NULL, 'b'},
	    {"study", required_argument, NULL, 's'},
	    {"condition", required_argument, NULL, 'c'},
	    {"no-generalise", no_argument, NULL, 'G'},
	    {"csv", no_argument, NULL, 'C'},
	    {"help", no_argument, NULL, 'H'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
		case 'a':
			a->as = optarg;
			break;
		case 'n':
			a->name = optarg;
			break;
		case 'p':
			a->purpose = optarg;
			break;
		case 'r':
			a->requester = optarg;
			break;
		case 'b':
			a->basis = optarg;
			break;
		case 's':
			a->study = optarg;
			break;
		case 'c':
			a->condition = optarg;
			break;
		case 'G':
			a->no_generalise = 1;
			break;
		case 'C':
			a->csv = 1;
			break;
		case 'H':
			fputs(study_usage, stdout);
			return -1;
		default:
			fputs(study_usage, stderr);
			return CLI_USAGE;
		}
	}
	return cli_args_done("study", argc, argv, a->db);
}

/* The option sub needs that is missing, or NULL. */
static const char *
study_missing(const char *sub, const struct study_args *a)
{
	if (a->as == NULL)
		return "--as";
	if (strcmp(sub, "add") == 0)
		return a->name == NULL	      ? "--name"
		       : a->purpose == NULL   ? "--purpose"
		       : a->requester == NULL ? "--requester"
		       : a->basis == NULL     ? "--basis"
					      : NULL;
	if (strcmp(sub, "list") != 0 && a->study == NULL)
		return "--study";
	if (strcmp(sub, "confirm") == 0 && a->condition == NULL)
		return "--condition";
	return NULL;
}

static int
study_run(const char *sub, struct study_args *a)
{
	struct service *svc = NULL;
	struct actor actor;
	char uid[ZK_UUID_LEN] = "", *cause = NULL, what[64], where[64];
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	snprintf(what, sizeof what, "study %s", sub);
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, a->as, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_local_access_point(where, sizeof where);
	if ((rc = svc_actor_user(svc, tenant, a->as, where, &actor, &cause)) !=
	    0)
		goto out;
	if (strcmp(sub, "add") == 0) {
		rc = svc_study_add(svc, &actor, a->name, a->purpose,
				   a->requester, a->basis, uid, &cause);
	} else if (strcmp(sub, "confirm") == 0) {
		rc = svc_study_confirm(svc, &actor, a->study, a->condition,
				       &cause);
		if (rc == 0)
			snprintf(uid, sizeof uid, "confirmed");
	} else if (strcmp(sub, "list") == 0) {
		rc = svc_study_list(svc, &actor, &out, &cause);
	} else if (strcmp(sub, "show") == 0) {
		rc = svc_study_show(svc, &actor, a->study, &out, &cause);
	} else {
		rc = svc_study_export(svc, &actor, a->study, !a->no_generalise,
				      &out, &cause);
		if (rc == 0 && a->csv) {
			struct zk_buf csv;

			zk_buf_init(&csv, 0);
			rc = svc_study_csv(out, &csv);
			if (rc == 0)
				fwrite(csv.data, 1, csv.len, stdout);
			zk_buf_release(&csv);
			json_decref(out);
			out = NULL;
			if (rc == 0)
				rc = svc_checkpoint(svc, &cause);
			svc_close(svc);
			if (rc != 0)
				return cli_result(rc, cause, what, NULL, NULL);
			free(cause);
			return CLI_OK;
		}
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	return cli_result(rc, cause, what, out, uid);
}

int
cmd_study(int argc, char **argv)
{
	static const char *const subs[] = {"add", "confirm", "export", "list",
					   "show"};
	struct study_args a;
	const char *miss;
	int known = 0, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(study_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (size_t i = 0; i < ZK_ARRAY_SIZE(subs); i++)
		known |= strcmp(argv[1], subs[i]) == 0;
	if (!known) {
		cli_error("study: unknown subcommand \"%s\"; see "
			  "'zorgkluis study --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	if ((rc = study_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if ((miss = study_missing(argv[1], &a)) != NULL) {
		cli_error(
		    "study %s: %s is needed; see 'zorgkluis study --help'",
		    argv[1], miss);
		return CLI_USAGE;
	}
	return study_run(argv[1], &a);
}
