/*
 * cmd_request.c: zorgkluis request, the data subjects' requests on the
 * server (RQ-1 to RQ-6, INZ, POR): register one, act on it, see the inbox
 * sorted by due date, and export the copy or a letter. The commands act as
 * the system, logged as such, like the other commands on the server.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "core/zk.h"
#include "service/fhir_facade.h"
#include "service/requests_deceased.h"
#include "service/service.h"

static const char request_usage[] =
    "usage: zorgkluis request add --db DB --subject ID --kind KIND\n"
    "                 --received YYYY-MM-DD [--channel C] [--answer-channel "
    "C]\n"
    "                 [--representative ID] [--id-document D --id-last XXXX]\n"
    "                 [--identity-in-doubt] [--details TEXT]\n"
    "       zorgkluis request show --db DB --request ID\n"
    "       zorgkluis request inbox --db DB [--kind K] [--state S] "
    "[--assignee USER]\n"
    "       zorgkluis request decide --db DB --request ID\n"
    "                 (--grant | --partly | --refuse) [--reason TEXT]\n"
    "                 [--excessive] [--fee-cents N] [--refusal-ground G]\n"
    "       zorgkluis request add-kin --db DB --subject ID --kind access|copy\n"
    "                 --received YYYY-MM-DD --name NAME --relation REL\n"
    "                 [--channel C]\n"
    "       zorgkluis request kin-decide --db DB --request ID --as USER\n"
    "                 (--grant | --partly | --refuse) [--ground G]\n"
    "                 [--category CAT ...] [--entry ID] [--reason TEXT]\n"
    "       zorgkluis request change --db DB --request ID --op OP\n"
    "                 [--entry ID] [--category CAT] [--content JSON]\n"
    "                 [--reason TEXT] [--ground G]\n"
    "       zorgkluis request identity --db DB --request ID\n"
    "                 (--ask | --id-document D [--id-last XXXX])\n"
    "       zorgkluis request extend --db DB --request ID --reason TEXT "
    "[--on DATE]\n"
    "       zorgkluis request withhold --db DB --request ID --entry ID "
    "--reason TEXT\n"
    "       zorgkluis request explanation --db DB --request ID\n"
    "                 --status offered|accepted|declined\n"
    "       zorgkluis request assign --db DB --request ID --assignee USER\n"
    "       zorgkluis request carry-out --db DB --request ID\n"
    "       zorgkluis request close --db DB --request ID\n"
    "       zorgkluis request export --db DB --request ID --format pdf|fhir\n"
    "                 --out FILE [--lang nl|en]\n"
    "       zorgkluis request letter --db DB --request ID\n"
    "                 --letter acknowledgement|identity|extension|decision|\n"
    "                 lifting\n"
    "                 --out FILE [--lang nl|en]\n"
    "       zorgkluis request transfer --db DB --request ID --to URL\n"
    "                 [--token TOKEN]\n"
    "\n"
    "Kinds: access, copy, portability, rectification, completion, erasure,\n"
    "shielding, restriction, objection, log, scheme. Channels: paper,\n"
    "email, portal, in_person; an electronic request is answered\n"
    "electronically unless --answer-channel says otherwise (RQ-1). The\n"
    "identity check keeps the kind of document and at most its last 4\n"
    "characters, never a copy (SEC-4). The deadline follows from the\n"
    "profile and the law (RQ-2, `zorgkluis policy eval deadline`); while\n"
    "proof of identity is awaited the clock stops (RQ-3). A refusal, whole\n"
    "or in part, needs its reasons (RQ-5); the first copy is free (INZ-6).\n"
    "A refused erasure names its ground: legal_retention,\n"
    "interest_of_another or agreement_with_subject (ERA-2).\n"
    "change records, before the decision, what a rectification, completion,\n"
    "erasure, shielding or restriction changes: --op correct or complete\n"
    "with --entry and --content (a new sheet beside the entry, COR-2), erase\n"
    "with --ground (ERA-1) and --entry or nothing for the whole record,\n"
    "shield with --entry or --category (SHD-1), restrict with --ground\n"
    "(RST-1). carry-out does each change of a granted request.\n"
    "add-kin registers a next of kin's request about a deceased client\n"
    "(INZ-5): REL is spouse_partner, child, parent, sibling, other_relative\n"
    "or heir. They have no right of their own: the treating professional\n"
    "decides (kin-decide --as USER) on a ground: presumed_consent,\n"
    "weighty_interest, consented_in_life, incident_notice or\n"
    "parent_of_child_under_16, releasing only the categories and entry named.\n"
    "add prints the request's id. export writes the copy as PDF or the\n"
    "portable copy as a FHIR R4 Bundle (POR-1) for a request that was\n"
    "granted; letter writes the acknowledgement, the request for proof of\n"
    "identity, the extension notice or the decision as PDF (RQ-6).\n"
    "transfer sends a granted portability request's FHIR transaction to\n"
    "another controller's FHIR base URL (POR-2), with --token as a bearer\n"
    "token, and records the outcome in the request's history.\n"
    "While a client's data is restricted (RST-1), an act on it other than\n"
    "storing needs --exception consent, legal_claim, protection_of_another\n"
    "or public_interest, which the log records with the act.\n"
    "All take --tenant SLUG (needed when there are several) and --keys DIR.\n";

struct request_args {
	const char *db, *keys, *tenant, *subject, *kind, *received, *channel,
	    *answer_channel, *representative, *id_document, *id_last, *details,
	    *request, *reason, *on, *entry, *status, *assignee, *format, *out,
	    *lang, *letter, *state, *decision, *to, *token, *op, *category,
	    *content, *ground, *refusal_ground, *exception, *name, *relation,
	    *as;
	const char *categories[ZK_CAT_COUNT];
	int ncategories;
	int doubt, excessive, ask;
	long long fee_cents;
};

static int
request_parse(int argc, char **argv, struct request_args *a)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"keys", required_argument, NULL, 'k'},
	    {"tenant", required_argument, NULL, 't'},
	    {"subject", required_argument, NULL, 's'},
	    {"kind", required_argument, NULL, 'K'},
	    {"received", required_argument, NULL, 'r'},
	    {"channel", required_argument, NULL, 'c'},
	    {"answer-channel", required_argument, NULL, 'C'},
	    {"representative", required_argument, NULL, 'R'},
	    {"id-document", required_argument, NULL, 'D'},
	    {"id-last", required_argument, NULL, 'L'},
	    {"identity-in-doubt", no_argument, NULL, 'u'},
	    {"details", required_argument, NULL, 'x'},
	    {"request", required_argument, NULL, 'q'},
	    {"grant", no_argument, NULL, 'G'},
	    {"partly", no_argument, NULL, 'P'},
	    {"refuse", no_argument, NULL, 'F'},
	    {"reason", required_argument, NULL, 'e'},
	    {"excessive", no_argument, NULL, 'X'},
	    {"fee-cents", required_argument, NULL, 'f'},
	    {"ask", no_argument, NULL, 'A'},
	    {"on", required_argument, NULL, 'o'},
	    {"entry", required_argument, NULL, 'E'},
	    {"status", required_argument, NULL, 'S'},
	    {"assignee", required_argument, NULL, 'a'},
	    {"format", required_argument, NULL, 'm'},
	    {"out", required_argument, NULL, 'O'},
	    {"lang", required_argument, NULL, 'l'},
	    {"letter", required_argument, NULL, 'T'},
	    {"state", required_argument, NULL, 'Z'},
	    {"to", required_argument, NULL, 'U'},
	    {"token", required_argument, NULL, 'B'},
	    {"op", required_argument, NULL, 1000},
	    {"category", required_argument, NULL, 1001},
	    {"content", required_argument, NULL, 1002},
	    {"ground", required_argument, NULL, 1003},
	    {"refusal-ground", required_argument, NULL, 1004},
	    {"exception", required_argument, NULL, 1005},
	    {"name", required_argument, NULL, 1006},
	    {"relation", required_argument, NULL, 1007},
	    {"as", required_argument, NULL, 1008},
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
		case 's':
			a->subject = optarg;
			break;
		case 'K':
			a->kind = optarg;
			break;
		case 'r':
			a->received = optarg;
			break;
		case 'c':
			a->channel = optarg;
			break;
		case 'C':
			a->answer_channel = optarg;
			break;
		case 'R':
			a->representative = optarg;
			break;
		case 'D':
			a->id_document = optarg;
			break;
		case 'L':
			a->id_last = optarg;
			break;
		case 'u':
			a->doubt = 1;
			break;
		case 'x':
			a->details = optarg;
			break;
		case 'q':
			a->request = optarg;
			break;
		case 'G':
		case 'P':
		case 'F':
			if (a->decision != NULL) {
				cli_error("give one of --grant, --partly and "
					  "--refuse");
				return CLI_USAGE;
			}
			a->decision = c == 'G'	 ? "granted"
				      : c == 'P' ? "partly"
						 : "refused";
			break;
		case 'e':
			a->reason = optarg;
			break;
		case 'X':
			a->excessive = 1;
			break;
		case 'f': {
			char *end;

			a->fee_cents = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0') {
				cli_error("--fee-cents must be a number");
				return CLI_USAGE;
			}
			break;
		}
		case 'A':
			a->ask = 1;
			break;
		case 'o':
			a->on = optarg;
			break;
		case 'E':
			a->entry = optarg;
			break;
		case 'S':
			a->status = optarg;
			break;
		case 'a':
			a->assignee = optarg;
			break;
		case 'm':
			a->format = optarg;
			break;
		case 'O':
			a->out = optarg;
			break;
		case 'l':
			a->lang = optarg;
			break;
		case 'T':
			a->letter = optarg;
			break;
		case 'Z':
			a->state = optarg;
			break;
		case 'U':
			a->to = optarg;
			break;
		case 'B':
			a->token = optarg;
			break;
		case 1000:
			a->op = optarg;
			break;
		case 1001:
			a->category = optarg;
			if (a->ncategories == ZK_CAT_COUNT) {
				cli_error("request: too many --category");
				return CLI_USAGE;
			}
			a->categories[a->ncategories++] = optarg;
			break;
		case 1002:
			a->content = optarg;
			break;
		case 1003:
			a->ground = optarg;
			break;
		case 1004:
			a->refusal_ground = optarg;
			break;
		case 1005:
			a->exception = optarg;
			break;
		case 1006:
			a->name = optarg;
			break;
		case 1007:
			a->relation = optarg;
			break;
		case 1008:
			a->as = optarg;
			break;
		case 'h':
			fputs(request_usage, stdout);
			return -1;
		default:
			cli_error("request: unknown or incomplete option "
				  "\"%s\"; see 'zorgkluis request --help'",
				  argv[optind - 1]);
			return CLI_USAGE;
		}
	}
	return cli_args_done("request", argc, argv, a->db);
}

/* Checks that the options a subcommand needs are there. */
static int
request_need(const char *sub, const struct request_args *a)
{
	const char *miss = NULL;

	if (strcmp(sub, "add-kin") == 0)
		miss = a->subject == NULL    ? "--subject"
		       : a->kind == NULL     ? "--kind"
		       : a->received == NULL ? "--received"
		       : a->name == NULL     ? "--name"
		       : a->relation == NULL ? "--relation"
					     : NULL;
	else if (strcmp(sub, "kin-decide") == 0)
		miss = a->request == NULL    ? "--request"
		       : a->as == NULL	     ? "--as"
		       : a->decision == NULL ? "--grant, --partly or --refuse"
					     : NULL;
	else if (strcmp(sub, "add") == 0)
		miss = a->subject == NULL    ? "--subject"
		       : a->kind == NULL     ? "--kind"
		       : a->received == NULL ? "--received"
					     : NULL;
	else if (strcmp(sub, "inbox") != 0 && a->request == NULL)
		miss = "--request";
	else if (strcmp(sub, "decide") == 0 && a->decision == NULL)
		miss = "--grant, --partly or --refuse";
	else if (strcmp(sub, "identity") == 0 && !a->ask &&
		 a->id_document == NULL)
		miss = "--ask or --id-document";
	else if (strcmp(sub, "extend") == 0 && a->reason == NULL)
		miss = "--reason";
	else if (strcmp(sub, "withhold") == 0 &&
		 (a->entry == NULL || a->reason == NULL))
		miss = a->entry == NULL ? "--entry" : "--reason";
	else if (strcmp(sub, "explanation") == 0 && a->status == NULL)
		miss = "--status";
	else if (strcmp(sub, "assign") == 0 && a->assignee == NULL)
		miss = "--assignee";
	else if (strcmp(sub, "change") == 0 && a->op == NULL)
		miss = "--op";
	else if (strcmp(sub, "transfer") == 0 && a->to == NULL)
		miss = "--to";
	else if (strcmp(sub, "export") == 0 &&
		 (a->format == NULL || a->out == NULL))
		miss = a->format == NULL ? "--format" : "--out";
	else if (strcmp(sub, "letter") == 0 &&
		 (a->letter == NULL || a->out == NULL))
		miss = a->letter == NULL ? "--letter" : "--out";
	if (miss != NULL) {
		cli_error("request %s: %s is required", sub, miss);
		return CLI_USAGE;
	}
	return 0;
}

/* Writes the bytes to path, whole or not at all. */
static int
request_write(const char *path, const struct zk_buf *b, char **cause)
{
	char *tmp = zk_asprintf("%s.tmp", path);
	FILE *f;
	int ok;

	if (tmp == NULL)
		return ZK_ENOMEM;
	if ((f = fopen(tmp, "wb")) == NULL) {
		free(tmp);
		return zk_fail(cause, ZK_EIO, "cannot write %s", path);
	}
	ok = fwrite(b->data, 1, b->len, f) == b->len;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		remove(tmp);
		free(tmp);
		return zk_fail(cause, ZK_EIO, "cannot write %s", path);
	}
	free(tmp);
	return 0;
}

static int
request_run(const char *sub, struct request_args *a)
{
	struct service *svc = NULL;
	struct actor actor;
	struct svc_request_act act;
	struct zk_buf file;
	char uid[ZK_UUID_LEN] = "", *cause = NULL, what[48];
	json_t *out = NULL;
	int64_t tenant;
	int rc;

	snprintf(what, sizeof what, "request %s", sub);
	zk_buf_init(&file, 64u << 20);
	memset(&act, 0, sizeof act);
	rc = svc_open(a->db, a->keys, 0, KEYS_ALL, &svc, &cause);
	if (rc == 0)
		rc = cli_tenant(svc, a->tenant, NULL, &tenant, &cause);
	if (rc != 0)
		goto out;
	svc_actor_system(&actor, tenant, "cli", "cli");
	/* RST-1: the exception the act relies on if the client's data is
	 * restricted (consent, legal_claim, protection_of_another,
	 * public_interest), recorded with it. */
	if (a->exception != NULL) {
		if (!svc_restriction_exception_valid(a->exception)) {
			rc = zk_fail(&cause, ZK_EINVAL,
				     "--exception is consent, legal_claim, "
				     "protection_of_another or public_interest "
				     "(RST-1)");
			goto out;
		}
		zk_strlcpy(actor.exception, a->exception,
			   sizeof actor.exception);
	}
	if (strcmp(sub, "add") == 0) {
		struct svc_request_new in = {
		    .subject = a->subject,
		    .kind = a->kind,
		    .received = a->received,
		    .channel = a->channel,
		    .answer_channel = a->answer_channel,
		    .representative = a->representative,
		    .id_document = a->id_document,
		    .id_last = a->id_last,
		    .details = a->details,
		    .identity_in_doubt = a->doubt != 0,
		};
		rc = svc_request_add(svc, &actor, &in, uid, &cause);
	} else if (strcmp(sub, "show") == 0) {
		rc = svc_request_get(svc, &actor, a->request, &out, &cause);
	} else if (strcmp(sub, "inbox") == 0) {
		struct svc_request_filter f = {a->kind, a->state, a->assignee};

		rc = svc_request_inbox(svc, &actor, &f, &out, &cause);
	} else if (strcmp(sub, "export") == 0) {
		rc = svc_request_export(svc, &actor, a->request, a->format,
					a->lang, &file, &cause);
		if (rc == 0)
			rc = request_write(a->out, &file, &cause);
	} else if (strcmp(sub, "transfer") == 0) {
		struct svc_transfer res;

		rc = svc_request_transfer(svc, &actor, a->request, a->to,
					  a->token, &res, &cause);
		if (rc == 0)
			out = json_pack("{s:s, s:I, s:s}", "outcome",
					"transferred", "status",
					(json_int_t)res.status, "location",
					res.location);
	} else if (strcmp(sub, "add-kin") == 0) {
		struct svc_kin_request in = {
		    .subject = a->subject,
		    .kind = a->kind,
		    .received = a->received,
		    .channel = a->channel,
		    .answer_channel = a->answer_channel,
		    .name = a->name,
		    .relation = a->relation,
		};

		rc = svc_kin_request_add(svc, &actor, &in, uid, &cause);
	} else if (strcmp(sub, "kin-decide") == 0) {
		struct svc_kin_decision in = {
		    .decision = a->decision,
		    .ground = a->ground,
		    .reasons = a->reason,
		};
		char where[64];

		/* INZ-5: the treating professional decides, not the system. */
		svc_local_access_point(where, sizeof where);
		rc = svc_actor_user(svc, tenant, a->as, where, &actor, &cause);
		if (rc == 0) {
			in.categories = json_array();
			for (int i = 0; i < a->ncategories; i++)
				json_array_append_new(
				    in.categories,
				    json_string(a->categories[i]));
			if (a->entry != NULL)
				in.entries = json_pack("[s]", a->entry);
			rc = svc_kin_decide(svc, &actor, a->request, &in,
					    &cause);
			json_decref(in.categories);
			json_decref(in.entries);
		}
	} else if (strcmp(sub, "change") == 0) {
		struct svc_request_change in = {
		    .op = a->op,
		    .entry = a->entry,
		    .category = a->category,
		    .reason = a->reason,
		    .ground = a->ground,
		};
		json_error_t jerr;

		if (a->content != NULL &&
		    (in.content = json_loads(a->content, 0, &jerr)) == NULL) {
			rc = zk_fail(&cause, ZK_EINVAL,
				     "--content is not JSON: %s", jerr.text);
			goto out;
		}
		rc = svc_request_change(svc, &actor, a->request, &in, uid,
					&cause);
		json_decref(in.content);
	} else if (strcmp(sub, "letter") == 0) {
		rc = svc_request_letter(svc, &actor, a->request, a->letter,
					a->lang, &file, &cause);
		if (rc == 0)
			rc = request_write(a->out, &file, &cause);
	} else {
		if (strcmp(sub, "decide") == 0) {
			act.act = "decide";
			act.decision = a->decision;
			act.reasons = a->reason;
			act.excessive = a->excessive != 0;
			act.fee_cents = a->fee_cents;
			act.refusal_ground = a->refusal_ground;
		} else if (strcmp(sub, "identity") == 0) {
			act.act =
			    a->ask ? "identity_request" : "identity_received";
			act.document = a->id_document;
			act.last_digits = a->id_last;
		} else if (strcmp(sub, "extend") == 0) {
			act.act = "extend";
			act.reason = a->reason;
			act.on = a->on;
		} else if (strcmp(sub, "withhold") == 0) {
			act.act = "withhold";
			act.entry = a->entry;
			act.reason = a->reason;
		} else if (strcmp(sub, "explanation") == 0) {
			act.act = "explanation";
			act.explanation = a->status;
		} else if (strcmp(sub, "assign") == 0) {
			act.act = "assign";
			act.assignee = a->assignee;
		} else if (strcmp(sub, "carry-out") == 0) {
			act.act = "carry_out";
		} else {
			act.act = "close";
		}
		rc = svc_request_act(svc, &actor, a->request, &act, &cause);
	}
	if (rc == 0)
		rc = svc_checkpoint(svc, &cause);
out:
	svc_close(svc);
	zk_buf_release(&file);
	return cli_result(rc, cause, what, out,
			  uid[0] == '\0' && (strcmp(sub, "export") == 0 ||
					     strcmp(sub, "letter") == 0)
			      ? a->out
			      : uid);
}

int
cmd_request(int argc, char **argv)
{
	static const char *const subs[] = {
	    "add",     "show",	     "inbox",	    "decide",	"identity",
	    "extend",  "withhold",   "explanation", "assign",	"carry-out",
	    "close",   "export",     "letter",	    "transfer", "change",
	    "add-kin", "kin-decide", NULL};
	struct request_args a;
	int rc, known = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(request_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? CLI_USAGE : CLI_OK;
	}
	for (int i = 0; subs[i] != NULL; i++)
		known |= strcmp(argv[1], subs[i]) == 0;
	if (!known) {
		cli_error("request: unknown subcommand \"%s\"; see 'zorgkluis "
			  "request --help'",
			  argv[1]);
		return CLI_USAGE;
	}
	if ((rc = request_parse(argc - 1, argv + 1, &a)) != 0)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = request_need(argv[1], &a)) != 0)
		return rc;
	return request_run(argv[1], &a);
}
