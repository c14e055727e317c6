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
    "Prints every rule of the regulations (docs/rules.md) with where\n"
    "zorgkluis enforces it and which tests exercise it. Rules the code does\n"
    "not name yet are listed as \"not yet\".\n";

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
	int json = 0, first = 1, shown = 0, enforced = 0;
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

		if (!rules_wanted(r->id, argc, argv, first))
			continue;
		shown++;
		enforced += r->where[0] != '\0';
		if (json) {
			json_array_append_new(
			    arr, json_pack("{s:s, s:s, s:b, s:s, s:s}", "rule",
					   r->id, "text", r->text, "enforced",
					   r->where[0] != '\0', "where",
					   r->where, "tests", r->tests));
			continue;
		}
		printf("%-8s %s\n", r->id, r->text);
		if (r->where[0] != '\0')
			printf("         enforced: %s\n         tests:    %s\n",
			       r->where, r->tests[0] ? r->tests : "(none)");
		else
			printf("         not yet\n");
	}
	if (json) {
		char *s = json_dumps(arr, JSON_INDENT(2));

		if (s != NULL)
			puts(s);
		free(s);
		json_decref(arr);
	} else {
		printf("\n%d rules, %d named in the code\n", shown, enforced);
	}
	return CLI_OK;
}
