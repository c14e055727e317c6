/*
 * cmd_rules.c: zorgkluis rules, the trace from each rule of the
 * regulations to the code that enforces it and the tests that exercise it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/trace.h"

static const char rules_usage[] =
    "usage: zorgkluis rules [--json] [RULE-ID ...]\n"
    "\n"
    "Prints every rule of the regulations (docs/rules.md) with its status,\n"
    "where zorgkluis names it and which tests assert it:\n"
    "  enforced  the code (src/) names it and a test asserts it\n"
    "  partly    only one of the two: the code names it but no test\n"
    "            asserts it, or a test asserts it but the code does not\n"
    "            name it\n"
    "  not yet   neither\n"
    "A test asserts a rule only where its function carries the rule's\n"
    "marker (ZK_RULE(\"X-n\") or \"rule X-n\"); comments do not count.\n"
    "\n"
    "options:\n"
    "  --json     print the trace as a JSON array\n";

static enum trace_status
rules_status(const struct trace_rule *r)
{
	int code = r->where[0] != '\0', tested = r->tests[0] != '\0';

	if (code && tested)
		return TRACE_ENFORCED;
	return code || tested ? TRACE_PARTLY : TRACE_NOT_YET;
}

static const char *
rules_status_name(enum trace_status s)
{
	switch (s) {
	case TRACE_ENFORCED:
		return "enforced";
	case TRACE_PARTLY:
		return "partly";
	case TRACE_NOT_YET:
		break;
	}
	return "not yet";
}

static int
rules_wanted(const char *id, int argc, char **argv, int first)
{
	if (first >= argc)
		return 1;
	for (int i = first; i < argc; i++)
		if (strcmp(argv[i], id) == 0)
			return 1;
	return 0;
}

int
cmd_rules(int argc, char **argv)
{
	int json = 0, first = 1, shown = 0, count[3] = {0, 0, 0};
	json_t *arr = NULL;

	if (cli_wants_help(argc, argv)) {
		fputs(rules_usage, stdout);
		return CLI_OK;
	}
	if (argc > 1 && strcmp(argv[1], "--json") == 0) {
		json = 1;
		first = 2;
		arr = json_array();
	}
	for (int i = first; i < argc; i++) {
		size_t k = 0;

		while (k < trace_nrules && strcmp(trace_rules[k].id, argv[i]))
			k++;
		if (k == trace_nrules) {
			cli_error("rules: no rule \"%s\" (see docs/rules.md)",
				  argv[i]);
			json_decref(arr);
			return CLI_USAGE;
		}
	}
	for (size_t k = 0; k < trace_nrules; k++) {
		const struct trace_rule *r = &trace_rules[k];
		enum trace_status st;

		if (!rules_wanted(r->id, argc, argv, first))
			continue;
		shown++;
		st = rules_status(r);
		count[st]++;
		if (json) {
			json_array_append_new(
			    arr, json_pack(
				     "{s:s, s:s, s:s, s:b, s:s, s:s, s:s}",
				     "rule", r->id, "text", r->text, "status",
				     rules_status_name(st), "enforced",
				     st == TRACE_ENFORCED, "where", r->where,
				     "profile", r->profile, "tests", r->tests));
			continue;
		}
		printf("%-8s %s\n", r->id, r->text);
		printf("         status:   %s\n", rules_status_name(st));
		printf("         code:     %s\n",
		       r->where[0] ? r->where : "(not named in src/)");
		if (r->profile[0])
			printf("         profile:  %s\n", r->profile);
		printf("         tests:    %s\n",
		       r->tests[0] ? r->tests : "(no test asserts it)");
	}
	if (json) {
		char *s = json_dumps(arr, JSON_INDENT(2));

		if (s != NULL)
			puts(s);
		free(s);
		json_decref(arr);
	} else {
		printf("\n%d rules: %d enforced, %d partly, %d not yet\n",
		       shown, count[TRACE_ENFORCED], count[TRACE_PARTLY],
		       count[TRACE_NOT_YET]);
	}
	return CLI_OK;
}
