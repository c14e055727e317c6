/*
 * cmd_register.c: the DPO's registers from the command line (FG-1,
 * PRC-1, CMP-1, SEC-2): zorgkluis register, processor, complaint and
 * transfer. The operator acts as "system:cli"; the door checks each
 * field and logs each act and read (LOG-1).
 *
 * The options are the API's fields with dashes (--signed-on for
 * signed_on): an option with a value sets a string field, a flag (the
 * bindings of an agreement, --certified) sets true. One table holds the
 * options of all four commands; the service says which a subcommand
 * takes. --security is the binding of a processor's agreement, and
 * --security-measures the measures of a processing activity. The service
 * checks them as it checks the API's body, so the command line and the
 * API cannot differ.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/registers.h"
#include "service/service.h"

static const char register_usage[] =
    "usage: zorgkluis register processing list|seed --db PATH\n"
    "       zorgkluis register processing export --db PATH --format csv|pdf\n"
    "                 [--lang nl|en] [--out FILE]\n"
    "       zorgkluis register processing edit --db PATH --id ID [--name T]\n"
    "                 [--purpose T] [--legal-basis T] [--subjects T]\n"
    "                 [--data-categories T] [--recipients T]\n"
    "                 [--transfers T] [--retention T]\n"
    "                 [--security-measures T]\n"
    "\n"
    "The art. 30 register is seeded from the profile, one activity per\n"
    "purpose; an activity the DPO edited is never overwritten (FG-1). The\n"
    "export is CSV (RFC 4180, UTF-8) or PDF, on standard output or to FILE.\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

static const char processor_usage[] =
    "usage: zorgkluis processor add --db PATH --name N --processes T\n"
    "                 --country CC [--certified] [--signed-on DATE]\n"
    "                 [--valid-until DATE] [--instruction] [--security]\n"
    "                 [--audit] [--secrecy] [--subprocessors] [--breach]\n"
    "       zorgkluis processor list|report --db PATH\n"
    "\n"
    "A processor's agreement binds it to process on instruction only, to\n"
    "the security duties, to audits, to secrecy, to conditions for\n"
    "sub-processors and to help with breaches (GDPR art. 28(3)); 'report'\n"
    "lists the processors without a valid agreement, with the reasons\n"
    "(PRC-1).\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

static const char complaint_usage[] =
    "usage: zorgkluis complaint add --db PATH --received-on DATE\n"
    "                 --channel CH --complainant subject|representative|other\n"
    "                 [--subject ID] --matter TEXT [--handling TEXT]\n"
    "       zorgkluis complaint list --db PATH\n"
    "       zorgkluis complaint close --db PATH --id ID --outcome O\n"
    "                 --closed-on DATE --answer TEXT\n"
    "\n"
    "CH is email, board, management, dpo, post, phone, in_person, portal\n"
    "or other; O upheld, partly_upheld, not_upheld or withdrawn. What a\n"
    "complaint is about is sealed; every complaint carries the route to\n"
    "the Autoriteit Persoonsgegevens (CMP-1).\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

static const char transfer_usage[] =
    "usage: zorgkluis transfer add --db PATH --recipient NAME --country CC\n"
    "                 --what TEXT --basis B [--basis-ref TEXT]\n"
    "                 [--processor ID] [--certified]\n"
    "       zorgkluis transfer list --db PATH\n"
    "\n"
    "B is adequacy (the country has an adequacy decision) or a safeguard\n"
    "of GDPR art. 46: scc, bcr, code_of_conduct, certification,\n"
    "legal_instrument or authorised_clauses; a transfer without either is\n"
    "refused (SEC-2, W§20).\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

/* Every option of the four commands; the service checks which a
 * subcommand takes. */
static const struct option register_opts[] = {
    {"db", required_argument, NULL, 0},
    {"keys", required_argument, NULL, 0},
    {"tenant", required_argument, NULL, 0},
    {"id", required_argument, NULL, 0},
    {"format", required_argument, NULL, 0},
    {"lang", required_argument, NULL, 0},
    {"out", required_argument, NULL, 0},
    {"name", required_argument, NULL, 0},
    {"purpose", required_argument, NULL, 0},
    {"legal-basis", required_argument, NULL, 0},
    {"subjects", required_argument, NULL, 0},
    {"data-categories", required_argument, NULL, 0},
    {"recipients", required_argument, NULL, 0},
    {"transfers", required_argument, NULL, 0},
    {"retention", required_argument, NULL, 0},
    {"processes", required_argument, NULL, 0},
    {"country", required_argument, NULL, 0},
    {"signed-on", required_argument, NULL, 0},
    {"valid-until", required_argument, NULL, 0},
    {"received-on", required_argument, NULL, 0},
    {"channel", required_argument, NULL, 0},
    {"complainant", required_argument, NULL, 0},
    {"subject", required_argument, NULL, 0},
    {"matter", required_argument, NULL, 0},
    {"handling", required_argument, NULL, 0},
    {"outcome", required_argument, NULL, 0},
    {"closed-on", required_argument, NULL, 0},
    {"answer", required_argument, NULL, 0},
    {"recipient", required_argument, NULL, 0},
    {"processor", required_argument, NULL, 0},
    {"what", required_argument, NULL, 0},
    {"basis", required_argument, NULL, 0},
    {"basis-ref", required_argument, NULL, 0},
    {"certified", no_argument, NULL, 0},
    {"instruction", no_argument, NULL, 0},
    {"security", no_argument, NULL, 0},
    {"security-measures", required_argument, NULL, 0},
    {"audit", no_argument, NULL, 0},
    {"secrecy", no_argument, NULL, 0},
    {"subprocessors", no_argument, NULL, 0},
    {"breach", no_argument, NULL, 0},
    {"help", no_argument, NULL, 0},
    {NULL, 0, NULL, 0}};

struct register_args {
	const char *db, *keys, *tenant, *id, *format, *lang, *out;
	json_t *body;
};

/*
 * Reads argv (the subcommand first) into a; CLI_USAGE on a bad one, -1
 * after --help.
 */
static int
register_parse(const char *cmd, const char *usage, int argc, char **argv,
	       struct register_args *a)
{
	const char **named[] = {&a->db,	    &a->keys, &a->tenant, &a->id,
				&a->format, &a->lang, &a->out};
	int idx, c;

	memset(a, 0, sizeof *a);
	if ((a->body = json_object()) == NULL)
		return CLI_FAIL;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", register_opts, &idx)) != -1) {
		const char *name;
		char field[48];

		if (c != 0) {
			cli_error("%s: unknown option \"%s\"; see 'zorgkluis "
				  "%s --help'",
				  cmd, argv[optind - 1], cmd);
			return CLI_USAGE;
		}
		name = register_opts[idx].name;
		if (strcmp(name, "help") == 0) {
			fputs(usage, stdout);
			return -1;
		}
		if (idx < (int)ZK_ARRAY_SIZE(named)) {
			*named[idx] = optarg;
			continue;
		}
		zk_strlcpy(field,
			   strcmp(name, "security-measures") == 0 ? "security"
								  : name,
			   sizeof field);
		for (char *p = field; *p != '\0'; p++)
			if (*p == '-')
				*p = '_';
		json_object_set_new(a->body, field,
				    optarg != NULL ? json_string(optarg)
						   : json_true());
	}
	return cli_args_done(cmd, argc, argv, a->db);
}

/* The export: to --out, or to standard output. */
static int
register_export(struct service *svc, const struct actor *actor,
		struct register_args *a, char **cause)
{
	struct zk_buf doc;
	int rc;

	zk_buf_init(&doc, 64u << 20);
	rc = svc_activity_export(svc, actor, a->format, a->lang, &doc, cause);
	if (rc == 0 && a->out != NULL)
		rc = zk_file_write_atomic(a->out, doc.data, doc.len, 0600,
					  cause);
	else if (rc == 0 && fwrite(doc.data, 1, doc.len, stdout) != doc.len)
		rc = zk_fail(cause, ZK_EIO, "cannot write the export");
	zk_buf_release(&doc);
	return rc;
}

/* Runs "cmd sub" with the service open. */
static int
register_run(const char *cmd, const char *sub, struct register_args *a)
{
	struct service *svc = NULL;
	struct actor actor;
	char uid[ZK_UUID_LEN] = "", *cause = NULL, what[64], said[64] = "";
	json_t *out = NULL;
	int64_t tenant;
	int rc, n = 0, quiet = 0;

	snprintf(what, sizeof what, "%s %s", cmd, sub);
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, NULL, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	if (strcmp(cmd, "register") == 0) {
		if (strcmp(sub, "list") == 0) {
			rc = svc_activity_list(svc, &actor, &out, &cause);
		} else if (strcmp(sub, "seed") == 0) {
			rc = svc_activity_seed(svc, &actor, &n, &cause);
			snprintf(said, sizeof said, "%d activities changed", n);
		} else if (strcmp(sub, "edit") == 0) {
			rc =
			    a->id == NULL
				? zk_fail(&cause, ZK_EINVAL, "--id is required")
				: svc_activity_edit(svc, &actor, a->id, a->body,
						    &cause);
		} else {
			rc = register_export(svc, &actor, a, &cause);
			quiet = a->out == NULL;
		}
	} else if (strcmp(cmd, "processor") == 0) {
		if (strcmp(sub, "add") == 0)
			rc = svc_processor_add(svc, &actor, a->body, uid,
					       &cause);
		else if (strcmp(sub, "list") == 0)
			rc = svc_processor_list(svc, &actor, &out, &cause);
		else
			rc = svc_processor_report(svc, &actor, &out, &cause);
	} else if (strcmp(cmd, "complaint") == 0) {
		if (strcmp(sub, "add") == 0)
			rc = svc_complaint_add(svc, &actor, a->body, uid,
					       &cause);
		else if (strcmp(sub, "list") == 0)
			rc = svc_complaint_list(svc, &actor, &out, &cause);
		else
			rc =
			    a->id == NULL
				? zk_fail(&cause, ZK_EINVAL, "--id is required")
				: svc_complaint_close(svc, &actor, a->id,
						      a->body, &cause);
	} else {
		if (strcmp(sub, "add") == 0)
			rc =
			    svc_transfer_add(svc, &actor, a->body, uid, &cause);
		else
			rc = svc_transfer_list(svc, &actor, &out, &cause);
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	json_decref(a->body);
	if (rc == 0 && quiet)
		return CLI_OK;
	return cli_result(rc, cause, what, out, uid[0] ? uid : said);
}

/* Dispatches cmd (argv[0]) to one of subs. */
static int
register_cmd(const char *cmd, const char *usage, const char *const *subs,
	     int argc, char **argv)
{
	struct register_args a;
	int known = 0, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (int i = 0; subs[i] != NULL; i++)
		known |= strcmp(argv[1], subs[i]) == 0;
	if (!known) {
		cli_error("%s: unknown subcommand \"%s\"; see 'zorgkluis %s "
			  "--help'",
			  cmd, argv[1], cmd);
		return CLI_USAGE;
	}
	if ((rc = register_parse(cmd, usage, argc - 1, argv + 1, &a)) != 0) {
		json_decref(a.body);
		return rc < 0 ? CLI_OK : rc;
	}
	return register_run(cmd, argv[1], &a);
}

int
cmd_register(int argc, char **argv)
{
	static const char *const subs[] = {"list", "seed", "edit", "export",
					   NULL};

	/* Only the art. 30 register today: "register processing ...". */
	if (argc >= 2 && strcmp(argv[1], "processing") == 0)
		return register_cmd("register", register_usage, subs, argc - 1,
				    argv + 1);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(register_usage, stdout);
		return CLI_OK;
	}
	fputs(register_usage, stderr);
	return CLI_USAGE;
}

int
cmd_processor(int argc, char **argv)
{
	static const char *const subs[] = {"add", "list", "report", NULL};

	return register_cmd("processor", processor_usage, subs, argc, argv);
}

int
cmd_complaint(int argc, char **argv)
{
	static const char *const subs[] = {"add", "list", "close", NULL};

	return register_cmd("complaint", complaint_usage, subs, argc, argv);
}

int
cmd_transfer(int argc, char **argv)
{
	static const char *const subs[] = {"add", "list", NULL};

	return register_cmd("transfer", transfer_usage, subs, argc, argv);
}
