/*
 * cmd_breach.c: zorgkluis breach, the breach register (BRE-1 to BRE-3,
 * FG-1) from the command line. The operator names the user who acts
 * (--as): any member of staff reports, the DPO does the rest, as over the
 * API; the service decides and logs (LOG-1). The facts come as one JSON
 * object on stdin, the shape the API takes (docs/api.md, Breaches).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/breaches.h"
#include "service/service.h"

#define BREACH_CLI_MAX_INPUT (64 * 1024)

static const char breach_usage[] =
    "usage: zorgkluis breach add --db PATH --as USER < facts.json\n"
    "       zorgkluis breach list --db PATH --as USER [--state "
    "open|closed|all]\n"
    "       zorgkluis breach show --db PATH --as USER --id ID\n"
    "       zorgkluis breach update --db PATH --as USER --id ID < facts.json\n"
    "       zorgkluis breach assess --db PATH --as USER --id ID "
    "< assessment.json\n"
    "       zorgkluis breach notice --db PATH --as USER --id ID < notice.json\n"
    "       zorgkluis breach notified --db PATH --as USER --id ID "
    "< notified.json\n"
    "       zorgkluis breach text --db PATH --as USER --id ID --which "
    "ap|subject\n"
    "                 [--lang nl|en] [--format text|pdf] [--out FILE]\n"
    "       zorgkluis breach close --db PATH --as USER --id ID < close.json\n"
    "\n"
    "The breach register (BRE-1 to BRE-3, GDPR art. 33 and 34). add reads\n"
    "  {\"aware_at\":\"2026-12-04T16:30:00Z\",\"categories\":[\"care\"],\n"
    "   \"people_approx\":40,\"records_approx\":120,\"facts\":\"...\",\n"
    "   \"cause\":\"...\",\"consequences\":\"...\",\"measures\":\"...\"}\n"
    "assess "
    "{\"risk\":\"none|risk|high\",\"reasons\":\"...\",\"encrypted\":false,\n"
    "        \"risk_removed\":false,\"disproportionate\":false}\n"
    "notice {\"sent_at\":\"...\",\"reference\":\"...\",\"text\":\"...\"} (the "
    "first\n"
    "        notice to the AP, then additions)\n"
    "notified {\"who\":\"...\",\"people\":40,\"how\":\"letter|email|phone|"
    "public_notice\",\n"
    "          \"notified_at\":\"...\"}\n"
    "close {\"reason\":\"...\"} (a closed breach cannot be changed any "
    "more)\n"
    "list shows the open breaches unless --state says otherwise; text\n"
    "writes a PDF with --format pdf (to --out, or to standard output).\n"
    "Each answer holds the 72-hour clock. Any member of staff adds; only\n"
    "the DPO does the rest. All take --tenant SLUG and --keys DIR.\n";

struct breach_args {
	const char *db, *keys, *tenant, *as, *id, *which, *lang;
	const char *state, *format, *out;
};

static int
breach_parse(int argc, char **argv, struct breach_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"as", required_argument, NULL, 'a'},
	    {"id", required_argument, NULL, 'i'},
	    {"which", required_argument, NULL, 'w'},
	    {"lang", required_argument, NULL, 'l'},
	    {"state", required_argument, NULL, 's'},
	    {"format", required_argument, NULL, 'f'},
	    {"out", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	int c;

	memset(a, 0, sizeof *a);
	optind = 1;
	opterr = 0;
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
		case 'i':
			a->id = optarg;
			break;
		case 'w':
			a->which = optarg;
			break;
		case 'l':
			a->lang = optarg;
			break;
		case 's':
			a->state = optarg;
			break;
		case 'f':
			a->format = optarg;
			break;
		case 'o':
			a->out = optarg;
			break;
		case 'h':
			fputs(breach_usage, stdout);
			return -1;
		default:
			cli_error(
			    "breach: unknown or incomplete option \"%s\"; "
			    "see 'zorgkluis breach --help'",
			    argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	return cli_args_done("breach", argc, argv, a->db);
}

/* One JSON object from stdin; CLI_USAGE with a message otherwise. */
static int
breach_stdin(json_t **out)
{
	struct zk_buf b;
	char chunk[4096];
	json_error_t jerr;
	size_t n;
	int rc = 0;

	*out = NULL;
	zk_buf_init(&b, BREACH_CLI_MAX_INPUT);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		if ((rc = zk_buf_append(&b, chunk, n)) != 0)
			break;
	if (rc != 0) {
		zk_buf_release(&b);
		cli_error("breach: input larger than 64 KiB");
		return CLI_USAGE;
	}
	*out = json_loadb(b.data ? (const char *)b.data : "", b.len,
			  JSON_REJECT_DUPLICATES, &jerr);
	zk_buf_release(&b);
	if (*out == NULL || !json_is_object(*out)) {
		if (*out == NULL)
			cli_error("breach: stdin:%d:%d: %s", jerr.line,
				  jerr.column, jerr.text);
		else
			cli_error("breach: the input must be one JSON object");
		json_decref(*out);
		*out = NULL;
		return CLI_USAGE;
	}
	return 0;
}

/* The text as a PDF: to --out, or to standard output. */
static int
breach_pdf(struct service *svc, const struct actor *actor,
	   const struct breach_args *a, char **cause)
{
	struct zk_buf doc;
	int rc;

	zk_buf_init(&doc, 16u << 20);
	rc = svc_breach_text_pdf(svc, actor, a->id, a->which, a->lang, &doc,
				 cause);
	if (rc == 0 && a->out != NULL)
		rc = zk_file_write_atomic(a->out, doc.data, doc.len, 0600,
					  cause);
	else if (rc == 0 && fwrite(doc.data, 1, doc.len, stdout) != doc.len)
		rc = zk_fail(cause, ZK_EIO, "cannot write the PDF");
	zk_buf_release(&doc);
	return rc;
}

int
cmd_breach(int argc, char **argv)
{
	static const char *const subs[] = {
	    "add",    "list",	  "show", "update", "assess",
	    "notice", "notified", "text", "close",  NULL};
	struct breach_args a;
	struct service *svc = NULL;
	struct actor actor;
	char *cause = NULL, *text = NULL, what[32], where[64];
	const char *sub;
	json_t *in = NULL, *out = NULL;
	int64_t tenant;
	int known = 0, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(breach_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	sub = argv[1];
	for (int i = 0; subs[i] != NULL; i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known) {
		cli_error("breach: unknown subcommand \"%s\"; see 'zorgkluis "
			  "breach --help'",
			  sub);
		return CLI_USAGE;
	}
	if ((rc = breach_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	snprintf(what, sizeof what, "breach %s", sub);
	if (a.as == NULL) {
		cli_error("%s: --as USER is required", what);
		return CLI_USAGE;
	}
	if (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 &&
	    a.id == NULL) {
		cli_error("%s: --id is required", what);
		return CLI_USAGE;
	}
	if (strcmp(sub, "text") == 0 && a.which == NULL) {
		cli_error("%s: --which ap|subject is required", what);
		return CLI_USAGE;
	}
	if (a.format != NULL && strcmp(a.format, "text") != 0 &&
	    strcmp(a.format, "pdf") != 0) {
		cli_error("%s: --format is text or pdf", what);
		return CLI_USAGE;
	}
	if (strcmp(sub, "add") == 0 || strcmp(sub, "update") == 0 ||
	    strcmp(sub, "assess") == 0 || strcmp(sub, "notice") == 0 ||
	    strcmp(sub, "notified") == 0 || strcmp(sub, "close") == 0)
		if ((rc = breach_stdin(&in)) != 0)
			return rc;
	rc = svc_open(a.db, a.keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a.tenant, a.as, &tenant, &cause);
	if (rc == 0) {
		svc_local_access_point(where, sizeof where);
		rc = svc_actor_user(svc, tenant, a.as, where, &actor, &cause);
	}
	if (rc != 0)
		goto out;
	if (strcmp(sub, "add") == 0)
		rc = svc_breach_report(svc, &actor, in, &out, &cause);
	else if (strcmp(sub, "list") == 0)
		rc = svc_breach_list_state(svc, &actor, a.state, &out, &cause);
	else if (strcmp(sub, "show") == 0)
		rc = svc_breach_show(svc, &actor, a.id, &out, &cause);
	else if (strcmp(sub, "update") == 0)
		rc = svc_breach_update(svc, &actor, a.id, in, &out, &cause);
	else if (strcmp(sub, "assess") == 0)
		rc = svc_breach_assess(svc, &actor, a.id, in, &out, &cause);
	else if (strcmp(sub, "notice") == 0)
		rc = svc_breach_ap_notice(svc, &actor, a.id, in, &out, &cause);
	else if (strcmp(sub, "notified") == 0)
		rc = svc_breach_notified(svc, &actor, a.id, in, &out, &cause);
	else if (strcmp(sub, "close") == 0)
		rc = svc_breach_close(svc, &actor, a.id, in, &out, &cause);
	else if (a.format != NULL && strcmp(a.format, "pdf") == 0)
		rc = breach_pdf(svc, &actor, &a, &cause);
	else
		rc = svc_breach_text(svc, &actor, a.id, a.which, a.lang, &text,
				     &cause);
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
	/* The PDF went to --out or to standard output: nothing more. */
	if (rc == 0 && strcmp(sub, "text") == 0 && text == NULL) {
		json_decref(in);
		svc_close(svc);
		return CLI_OK;
	}
	if (rc == 0 && text != NULL) {
		fputs(text, stdout);
		free(text);
		text = NULL;
		json_decref(in);
		svc_close(svc);
		return CLI_OK;
	}
out:
	free(text);
	json_decref(in);
	svc_close(svc);
	if (rc == ZK_EINVAL && cause != NULL) {
		cli_error("%s: %s", what, cause);
		free(cause);
		json_decref(out);
		return CLI_USAGE;
	}
	return cli_result(rc, cause, what, out, NULL);
}
